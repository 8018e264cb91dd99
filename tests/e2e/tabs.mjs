// Helpers of the accessibility tests: the theme toggle, and a visit to every output tab.
import assert from 'node:assert/strict';

/// Clicks the theme toggle until the root says `theme` (light → dark → system).
export async function setTheme(page, theme) {
  for (let i = 0; i < 3 && (await page.evaluate(() => document.documentElement.dataset.theme)) !== theme; i++) {
    await page.locator('.theme-toggle').click();
  }
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
}

/// Selects every output tab in turn and, once its panel has content, calls `visit(id)`.
export async function eachTab(page, visit) {
  const ids = await page.locator('.tab').evaluateAll((tabs) => tabs.map((t) => t.id));
  assert.ok(ids.length >= 10, `tabs: ${ids}`);
  for (const id of ids) {
    await page.locator(`#${id}`).click();
    await page.waitForFunction((tid) => {
      const panel = document.querySelector('[role=tabpanel]');
      return document.getElementById(tid)?.getAttribute('aria-selected') === 'true' && panel && !panel.querySelector('.pending, .loading');
    }, id, { timeout: 30_000 }).catch(() => {});
    await page.waitForTimeout(150);
    await visit(id);
  }
}
