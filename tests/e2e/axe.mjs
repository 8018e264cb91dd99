// axe-core (npm `axe-core`, the version in package.json) injected into a page: WCAG 2.1 A/AA rules,
// and the violations of serious or critical impact, each as one readable line for an assertion message.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/// Runs axe on the page (every frame of it) and returns its serious/critical violations as lines
/// "rule (impact): help — selector [, selector…]".
export async function seriousViolations(page, context = undefined) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(async (ctx) => window.axe.run(ctx ?? document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }), context);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : ''}`);
}
