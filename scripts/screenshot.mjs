// Takes the README screenshot from the real release build: node scripts/screenshot.mjs [OUT.png] [light|dark]
// Shows the default example with the Findings panel open and the editor scrolled to a finding.
import { launch, openApp } from '../tests/e2e/browser.mjs';
const env = await launch();
const colorScheme = process.argv[3] ?? 'light';
const page = await openApp(env, '/', { viewport: { width: 1280, height: 760 }, colorScheme });
await page.locator('#tab-findings').click();
await page.locator('.finding.lint .finding-btn').first().click();
await page.waitForTimeout(200);
await page.screenshot({ path: process.argv[2] ?? 'docs/screenshot.png' });
await env.close();
