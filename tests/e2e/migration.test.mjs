// The Migration tab on the release build in Chromium: the example, Replace with safe version,
// baseline → plan, reload and share links. Run: node --test tests/e2e/migration.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => {
  const problems = env.problems;
  await env.close();
  assert.deepEqual(problems, [], 'no console errors, page errors or foreign requests');
});

const schemaInput = (page) => page.locator('.editor-pane .code-input');
const migInput = (page) => page.locator('.mig-editor .code-input');
/// Autosave is throttled (~0.5 s after the last change).
const settle = (page) => page.waitForTimeout(900);
const setValue = (loc, v) => loc.evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, v);

async function loadExample(page) {
  await page.locator('.examples-select').selectOption('migration');
  await page.locator('.mig-card').first().waitFor();
}

test('the migration example opens the Migration tab with a card per statement and the checker\'s findings', async () => {
  const page = await openApp(env);
  await loadExample(page);
  assert.equal(await page.locator('#tab-migration').getAttribute('aria-selected'), 'true');
  assert.match(await schemaInput(page).inputValue(), /CREATE TABLE orders/);
  assert.match(await migInput(page).inputValue(), /ADD COLUMN tracking_code text NOT NULL/);
  assert.equal(await page.locator('.mig-card').count(), 5);
  const first = page.locator('.mig-card').first();
  assert.equal(await first.locator('.mig-lock').first().getAttribute('data-lock'), 'ACCESS EXCLUSIVE');
  assert.equal(await first.locator('.mig-finding[data-rule="adding-required-field"]').count(), 1);
  for (const rule of ['require-concurrent-index-creation', 'adding-foreign-key-constraint', 'renaming-column', 'changing-column-type']) {
    assert.equal(await page.locator(`.mig-finding[data-rule="${rule}"]`).count(), 1, rule);
  }
  assert.equal(await page.locator('.mig-card .chip-rewrite').count(), 1, 'the type change rewrites the table');
  // The rule doc opens in place.
  const doc = page.locator('.mig-finding[data-rule="renaming-column"] .mig-rule-doc');
  await doc.locator('summary').click();
  assert.match(await doc.innerText(), /Why:/);
  // The migration editor marks the statement lines in its gutter.
  assert.ok(await page.locator('.mig-editor .gl-error').count() >= 1);
  // Clicking a card's line moves the migration editor's caret there.
  const card = page.locator('.mig-card').nth(1);
  const line = Number(await card.getAttribute('data-line'));
  await card.locator('.mig-goto').click();
  const caretLine = await migInput(page).evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, line);
  // PostgreSQL 10 is not offered; 11 changes nothing visible here but is stored.
  await page.locator('.pg-version').selectOption('11');
  assert.equal(await page.locator('.pg-version').inputValue(), '11');
  await page.close();
});

test('Replace with safe version rewrites that statement only, the finding goes and undo restores it', async () => {
  const page = await openApp(env);
  await loadExample(page);
  const before = await migInput(page).inputValue();
  const sel = '.mig-finding[data-rule="require-concurrent-index-creation"]';
  await page.locator(`${sel} .replace-safe`).click();
  await page.waitForFunction(() => document.querySelector('.mig-editor .code-input').value.includes('CONCURRENTLY'));
  const after = await migInput(page).inputValue();
  assert.match(after, /CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders \(customer_id\);/);
  assert.ok(!after.includes(';;'), after);
  assert.ok(after.startsWith('-- Release 42: order tracking.\n'), 'text before the statement is untouched');
  assert.ok(after.endsWith('ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n'), 'text after it too');
  assert.equal(await page.locator(sel).count(), 0);
  // The edit went through the browser's editing command: Ctrl+Z brings the old statement back.
  await migInput(page).focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((b) => document.querySelector('.mig-editor .code-input').value === b, before);
  assert.equal(await page.locator(sel).count(), 1);
  await page.close();
});

test('set a baseline, edit the schema: the plan shows phases and rollback; reload keeps the baseline', async () => {
  const page = await openApp(env);
  await page.locator('#tab-migration').click();
  await page.locator('.view-plan').click();
  await page.locator('.set-baseline').click();
  await page.locator('.plan-nochange').waitFor();
  const schema = await schemaInput(page).inputValue();
  await setValue(schemaInput(page), schema + '\nCREATE INDEX tasks_title_idx ON tasks (title);\nALTER TABLE tasks ADD COLUMN priority int;\n');
  await page.locator('.plan-phase').first().waitFor();
  const phases = await page.locator('.plan-phases').innerText();
  assert.match(phases, /Phase 1:/);
  assert.match(phases, /CREATE INDEX CONCURRENTLY tasks_title_idx/);
  assert.ok(await page.locator('.plan-phase.nontx .chip-nontx').count() >= 1, 'non-transactional phase flagged');
  assert.match(await page.locator('.plan-down').innerText(), /DROP INDEX/);
  assert.equal(await page.locator('.download-up').getAttribute('download'), 'migration.up.sql');
  assert.equal(await page.locator('.download-down').getAttribute('download'), 'migration.down.sql');
  await settle(page);
  await page.reload();
  await page.waitForSelector('.plan-view');
  assert.match(await page.locator('.plan-phases').innerText(), /CREATE INDEX CONCURRENTLY tasks_title_idx/, 'baseline kept over a reload');
  // Direct statements instead of the phased plan.
  await page.locator('.plan-mode').selectOption('direct');
  await page.waitForFunction(() => !document.querySelector('.plan-phases').innerText.includes('CONCURRENTLY'));
  await page.locator('.plan-mode').selectOption('safe');
  // Check this plan: the plan goes into the migration editor and is checked against the baseline.
  await page.locator('.check-plan').click();
  await page.locator('.mig-card').first().waitFor();
  assert.match(await migInput(page).inputValue(), /CONCURRENTLY/);
  assert.equal(await page.locator('.mig-finding[data-rule="require-concurrent-index-creation"]').count(), 0);
  assert.match(await page.locator('.mig-summary').innerText(), /against the baseline/);
  await page.locator('.view-plan').click();
  await page.locator('.clear-baseline').click();
  await page.locator('.plan-empty').waitFor();
  await page.close();
});

test('a share link carries the migration text and the baseline to a fresh browser', async () => {
  const page = await openApp(env);
  await loadExample(page);
  await page.locator('.view-plan').click();
  await page.locator('.set-baseline').click();
  const schema = await schemaInput(page).inputValue();
  await setValue(schemaInput(page), schema.replace('full_name text NOT NULL', 'display_name text NOT NULL'));
  await page.locator('.rename-q').first().waitFor();
  const mig = await migInput(page).inputValue();
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.close();

  const fresh = await openApp(env, link.slice(env.origin.length));
  await fresh.locator('.plan-view').waitFor();
  assert.equal(await migInput(fresh).inputValue(), mig);
  assert.match(await fresh.locator('.rename-q').first().innerText(), /customers\.full_name → display_name/);
  // Saying "no" to the rename turns it into drop + add.
  await fresh.locator('.rename-toggle').first().uncheck();
  await fresh.waitForFunction(() => /DROP COLUMN full_name/.test(document.querySelector('.plan-phases').innerText));
  await fresh.close();
});
