// Tab order and role audit (issue 20) on the release build: every output tab at phone (390×844) and
// desktop (1280×800) size, in the light and dark themes, gets an axe-core run (no serious or
// critical WCAG 2.1 A/AA violation) and a keyboard-only walk: Tab from the top of the page to its
// end. The walk fails on a focused control that is off screen or has no visible focus indicator,
// on a keyboard trap (the editor is left the documented way, Esc then Tab), and on a visible control
// the walk never reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp } from './browser.mjs';
import { seriousViolations } from './axe.mjs';
import { eachTab, setTheme } from './tabs.mjs';

const env = browserForFile({ check: false });

/// What the focused element is, and whether it can be seen: on screen, and with a focus indicator
/// (an outline or box shadow on it, or on the row a tree item draws).
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const id = el.id ? `#${el.id}` : '';
  const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
  const label = el.getAttribute('aria-label') || el.innerText?.trim().split('\n')[0].slice(0, 30) || '';
  const r = el.getBoundingClientRect();
  const ringOn = (e) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  const ring = [el, el.querySelector(':scope > .ol-row')].some((e) => e && ringOn(e))
    // The editor's ring is its frame's ::after (:focus-within), around the text and its gutter.
    || (el.classList.contains('code-input') && el.closest('.editor') && parseFloat(getComputedStyle(el.closest('.editor'), '::after').borderTopWidth) > 0);
  return {
    key: `${el.tagName.toLowerCase()}${id}${cls} "${label}"`,
    ring,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    editor: el.classList.contains('code-input'),
    mark: (el.dataset.walk = el.dataset.walk ?? String(Math.random())),
  };
});

/// Tabs from the top of the page (its first stop, the skip link) to its end; returns the problems found.
async function walk(page, label, max = 400) {
  await page.evaluate(() => document.querySelectorAll('[data-walk]').forEach((e) => delete e.dataset.walk));
  await page.locator('.skip-link').focus();
  const problems = [];
  const seen = new Set();
  let first = null;
  for (let i = 0; i < max; i++) {
    if (i > 0) {
      await page.keyboard.press('Tab');
      // Two frames, as a person's next key press comes later (the outline moves focus into its
      // redrawn list in the next frame).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    const a = await focused(page);
    if (!a) break; // past the last control: the browser's own UI
    if (a.mark === first) break; // wrapped around
    first ??= a.mark;
    if (seen.has(a.mark)) {
      problems.push(`${label}: focus came back to ${a.key} (a trap)`);
      break;
    }
    seen.add(a.mark);
    if (!a.onScreen) problems.push(`${label}: ${a.key} has focus off screen`);
    // The skip link, focused here by script (no :focus-visible), shows itself by moving on screen.
    if (!a.ring && i > 0) problems.push(`${label}: ${a.key} shows no focus indicator`);
    if (a.editor) await page.keyboard.press('Escape'); // the documented way out: Esc then Tab
    if (i === max - 1) problems.push(`${label}: more than ${max} Tab stops (a trap?)`);
  }
  // Every visible control the walk should have reached (roving groups have one stop: tabindex -1
  // members are reached with arrow keys).
  const missed = await page.evaluate(() => [...document.querySelectorAll('a[href], button, select, input, textarea, [tabindex]')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && e.getAttribute('tabindex') !== '-1' && !e.dataset.walk)
    .filter((e) => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert], .erd-outline:not(.open)'))
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; })
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${String(e.className).trim().split(/\s+/).join('.')}`));
  for (const m of missed) problems.push(`${label}: ${m} is never reached by Tab`);
  return problems;
}

const SIZES = [
  { name: 'phone 390×844', options: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }, phone: true },
  { name: 'desktop 1280×800', options: { viewport: { width: 1280, height: 800 } }, phone: false },
];

for (const size of SIZES) {
  for (const theme of ['light', 'dark']) {
    test(`audit ${size.name}, ${theme}: axe and a keyboard-only walk on every tab`, async () => {
      const page = await openApp(env, '/', size.options);
      await setTheme(page, theme);
      const problems = [];
      if (size.phone) {
        // The editor pane first (the page as it opens), then the output with each tab.
        problems.push(...await walk(page, `${size.name} ${theme} editor pane`));
        await page.locator('.pane-toggle .btn', { hasText: 'Output' }).click();
      }
      await eachTab(page, async (id) => {
        const label = `${size.name} ${theme} ${id}`;
        for (const v of await seriousViolations(page)) problems.push(`${label}: ${v}`);
        problems.push(...await walk(page, label));
      });
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
}
