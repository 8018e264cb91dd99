// End-to-end tests of real dumps pasted into the app (issue 14), on the release build (dist/):
// a real `sqlite3 .dump` with data, a trigger, a view and an FTS5 table shows all its tables (and no
// engine internals); a real `pg_dump` of partitioned tables and views draws each partitioned table
// once with its partition count, views as dashed boxes with their dependency edges, and a click on a
// view moves the caret to its CREATE VIEW. The dumps are the ones the splitter's unit tests read
// (crates/core/tests/dumps/, written by tests/realdb/run.sh --redump --write-fixtures).
// Run: node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, CLIPBOARD, openApp, paste } from './browser.mjs';

const env = browserForFile();

const dump = (dialect, style) => readFileSync(new URL(`../../crates/core/tests/dumps/${dialect}/${style}.sql`, import.meta.url), 'utf8');
const boxes = (page) => page.locator('.erd-stage g.table').evaluateAll((els) => els.map((e) => ({ key: e.dataset.key, cls: e.getAttribute('class'), text: e.textContent })));

/// Pastes `text` as a person does (clipboard, Ctrl+V) with `dialect` selected, and opens the Diagram.
async function pasteDump(text, dialect) {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, ...CLIPBOARD });
  await page.locator('.dialect-select').selectOption(dialect);
  await paste(page, text);
  const lines = text.split('\n').length;
  await page.waitForFunction((n) => document.querySelector('.status-lines').innerText.startsWith(`${n} lines`), lines);
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table');
  return page;
}

test('a real sqlite3 .dump (data, trigger, view, FTS5, AUTOINCREMENT) shows all its tables and no engine internals', async () => {
  const text = dump('sqlite', 'sqlite3-dump');
  assert.match(text, /^BEGIN TRANSACTION;$/m, 'a .dump wraps everything in a transaction');
  const page = await pasteDump(text, 'sqlite');
  const got = await boxes(page);
  assert.deepEqual(got.map((b) => b.key).sort(), ['author', 'book', 'book_search', 'book_titles', 'schemaplay_awkward']);
  assert.match(got.find((b) => b.key === 'book_titles').cls, /\bview\b/);
  assert.match(await page.locator('.diagram-count').innerText(), /^4 tables, 1 view$/);
  // No warning or error: everything in the dump was understood (data rows and internals are notes).
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  assert.match(await page.locator('.status-summary').innerText(), /· 0 diagnostics ·/);
  await page.close();
});

test('a real pg_dump: partitioned tables once with their partition count, views dashed with dependency edges', async () => {
  const text = dump('postgres', 'pg_dump-copy-data');
  const page = await pasteDump(text, 'postgres');
  const got = await boxes(page);
  const keys = got.map((b) => b.key).sort();
  assert.deepEqual(keys, ['public.bucket', 'public.city', 'public.city_visits', 'public.measurement', 'public.peak_per_day', 'public.recent_peaks', 'public.schemaplay_awkward', 'public.visit']);
  const box = (k) => got.find((b) => b.key === `public.${k}`);
  assert.match(box('measurement').text, /3 partitions/);
  assert.match(box('city').text, /2 partitions/);
  assert.match(box('recent_peaks').cls, /\bview\b/);
  assert.match(box('peak_per_day').cls, /\bmview\b/);
  assert.match(box('peak_per_day').text, /materialized view/);
  // dashed: the stroke pattern the engine's stylesheet gives views
  const dash = await page.locator('.erd-stage g.table.view[data-key="public.recent_peaks"] rect.box').evaluate((el) => getComputedStyle(el).strokeDasharray);
  assert.notEqual(dash, 'none');
  const deps = await page.locator('.erd-stage g.edge.dep').evaluateAll((els) => els.map((e) => `${e.dataset.from} -> ${e.dataset.to}`).sort());
  assert.deepEqual(deps, ['public.city_visits -> public.city', 'public.city_visits -> public.visit', 'public.peak_per_day -> public.recent_peaks', 'public.recent_peaks -> public.measurement']);
  assert.match(await page.locator('.diagram-count').innerText(), /^5 tables, 3 views$/);
  assert.match(await page.locator('.status-summary').innerText(), /· 0 diagnostics ·/);
  // A click on a view moves the caret to its CREATE VIEW.
  const expected = text.slice(0, text.indexOf('CREATE VIEW public.city_visits')).split('\n').length;
  await page.locator('.erd-stage g.table[data-key="public.city_visits"]').click();
  const caretLine = await page.locator('.code-input').evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, expected);
  await page.close();
});
