// Findings a person can triage (issue 22), on the release build (dist/) in Chromium, with a large
// real pg_dump from the shared corpus (danbooru: 7,500 lines, 66 tables, hundreds of findings):
// - the counts agree between the status bar, the tab badges and the Findings tab's headings;
// - parser notes ("ignored: …") sit collapsed at the bottom; diagnostics come first;
// - filter to errors only, then to one rule (chip counts = what is shown), search by table;
// - the filter survives a reload (draft) and travels in a share link;
// - "Fix all" on a rule is one edit: a toast says what changed, the changed lines are highlighted,
//   and the toast's Undo restores the text exactly;
// - empty states say why (garbage, another dialect, another language, blank) and offer the way on;
//   MySQL's /*!40101 … */ version comments are not marked as problems.
// Run: node --test tests/e2e/triage.test.mjs (needs `make build` and ../shared/corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, openApp } from './browser.mjs';

const env = browserForFile();

const DUMP = readFileSync(new URL('../../../shared/corpus/postgres/pgdump/danbooru_structure.sql', import.meta.url), 'utf8');
const input = (page) => page.locator('.code-input');
/// Autosave of the draft is throttled (~0.5 s after the last change).
const settle = (page) => page.waitForTimeout(900);

/// Puts `text` in the editor as one input event (typing 7,500 lines would take minutes) and waits
/// for its analysis.
async function load(page, text, dialect = 'postgres') {
  await page.locator('.dialect-select').selectOption(dialect);
  await input(page).evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, text);
  const lines = text.split('\n').length;
  await page.waitForFunction((n) => document.querySelector('.status-lines').innerText.startsWith(`${n} lines`), lines);
  // The status bar is busy from the input on (the analysis starts after a pause, then runs in
  // slices) until its counts are this text's.
  await page.locator('.status-bar[aria-busy="false"]').waitFor({ timeout: 60_000 });
}

async function openDump() {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await load(page, DUMP);
  await page.locator('#tab-findings').click();
  await page.locator('.triage-bar').waitFor();
  return page;
}

/// "12 statements · 3 diagnostics · 479 findings" → { statements, diagnostics, findings }.
async function statusCounts(page) {
  const s = await page.locator('.status-summary').innerText();
  const m = s.match(/^(\d+) statements? · (\d+) diagnostics? · (\d+) findings?$/);
  assert.ok(m, `status bar says ${s}`);
  return { statements: Number(m[1]), diagnostics: Number(m[2]), findings: Number(m[3]) };
}

const chipCount = async (chip) => Number(await chip.locator('.chip-count').innerText());
const titleCount = async (loc) => Number((await loc.innerText()).match(/\((\d+)\)/)[1]);

test('the counts agree: status bar, badges and the Findings tab; notes collapsed at the bottom', async () => {
  const page = await openDump();
  const c = await statusCounts(page);
  assert.ok(c.findings > 100, `${c.findings} findings on danbooru`);
  assert.equal(Number(await page.locator('#tab-findings .findings-badge').innerText()), c.findings);
  assert.equal(await page.locator('#tab-findings .findings-badge').getAttribute('title'), `${c.findings} findings`);
  if (c.diagnostics > 0) {
    assert.equal(Number(await page.locator('#tab-findings .diag-badge').innerText()), c.diagnostics);
    assert.equal(await titleCount(page.locator('.diag-group > .group-title')), c.diagnostics);
  } else {
    assert.equal(await page.locator('#tab-findings .diag-badge').count(), 0);
    assert.equal(await page.locator('.diag-group').count(), 0);
  }
  const note = await page.locator('.findings-note').innerText();
  assert.match(note, new RegExp(`^${c.findings} findings from \\d+ rules · ${c.diagnostics} diagnostics?`));
  // The severity chips split the same findings; the sections say the same numbers.
  let sum = 0;
  for (const chip of await page.locator('.sev-chip').all()) {
    const n = await chipCount(chip);
    sum += n;
    const sev = await chip.getAttribute('data-severity');
    const section = page.locator(`.sev-group[data-severity="${sev}"] > .group-title`);
    if (n > 0) assert.equal(await titleCount(section), n, sev);
    else assert.equal(await section.count(), 0, sev);
  }
  assert.equal(sum, c.findings);
  // Parser notes: one collapsed section, the last thing in the list, holding every note.
  const notes = page.locator('details.parser-notes');
  assert.equal(await notes.count(), 1, 'a pg_dump has SET / SELECT pg_catalog… notes');
  assert.equal(await notes.evaluate((d) => d.open), false, 'collapsed');
  assert.equal(await notes.evaluate((d) => d.nextElementSibling === null), true, 'at the bottom');
  const noted = await titleCount(notes.locator('summary'));
  assert.equal(await page.locator('.finding.parser.sev-info').count(), noted);
  assert.equal(await page.locator('.finding.parser.sev-info').filter({ visible: true }).count(), 0);
  assert.ok(!(await page.locator('.findings').innerText()).startsWith('ignored'), 'no note before the findings');
  // The editor does not mark notes as problems.
  await notes.locator('summary').click();
  const firstNote = Number((await page.locator('.parser-notes .finding.parser .loc').first().innerText()).match(/line (\d+)/)[1]);
  await page.locator('.parser-notes .finding.parser .finding-btn').first().click();
  await page.waitForFunction((l) => [...document.querySelectorAll('.gutter .gl')].some((g) => g.innerText.trim() === String(l)), firstNote);
  const gl = page.locator('.gutter .gl', { hasText: new RegExp(`^${firstNote}$`) });
  assert.doesNotMatch(await gl.getAttribute('class'), /gl-info/);
  await page.close();
});

test('filter to errors only, then to one rule, then search: the chips count what is shown', async () => {
  const page = await openDump();
  const total = (await statusCounts(page)).findings;
  // Errors only (the most severe level there is on this dump).
  const sevChip = page.locator('.sev-chip', { has: page.locator('.chip-count') }).filter({ hasNotText: /\b0$/ }).first();
  const sev = await sevChip.getAttribute('data-severity');
  const nSev = await chipCount(sevChip);
  await sevChip.click();
  assert.equal(await sevChip.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction((s) => [...document.querySelectorAll('.finding.lint')].every((f) => f.classList.contains(`sev-${s}`)), sev);
  assert.equal(await page.locator('.sev-group[data-severity]').count(), 1);
  assert.equal(await titleCount(page.locator(`.sev-group[data-severity="${sev}"] > .group-title`)), nSev);
  assert.equal(await page.locator('.finding.lint').count(), Math.min(nSev, 40), 'paged as before');
  // Each rule chip now counts that rule's findings of this severity; pick the biggest.
  const ruleChip = page.locator('.rule-chip').first();
  const rule = await ruleChip.getAttribute('data-rule');
  const nRule = await chipCount(ruleChip);
  assert.ok(nRule > 0 && nRule <= nSev);
  await ruleChip.click();
  await page.waitForFunction((r) => [...document.querySelectorAll('.finding.lint')].every((f) => f.dataset.rule === r), rule);
  assert.equal(await titleCount(page.locator('.sev-group[data-severity] > .group-title')), nRule);
  assert.equal(await chipCount(page.locator(`.sev-chip[data-severity="${sev}"]`)), nRule, 'the severity chip counts under the rule filter');
  // Group by rule: one section, its count the chip's.
  await page.locator('.group-by[data-group="rule"]').click();
  await page.locator(`.rule-group[data-rule="${rule}"]`).waitFor();
  assert.equal(await page.locator('.rule-group').count(), 1);
  assert.equal(await titleCount(page.locator('.rule-group .group-title')), nRule);
  // Clear, then search for one table: every finding shown names it.
  await page.locator('.clear-filters').click();
  await page.waitForFunction((n) => [...document.querySelectorAll('.sev-chip .chip-count')].reduce((s, e) => s + Number(e.innerText), 0) === n, total);
  await page.locator('.group-by[data-group="table"]').click();
  const table = (await page.locator('.table-group').nth(1).getAttribute('data-table')).split('.').pop();
  await page.locator('.findings-search').fill(table.toUpperCase());
  await page.waitForFunction(() => document.querySelectorAll('.finding.lint').length > 0);
  const shown = await page.locator('.finding.lint').evaluateAll((els) => els.map((e) => e.innerText.toLowerCase()));
  for (const s of shown) assert.ok(s.includes(table), `${table} in ${s}`);
  const searched = await page.locator('.sev-chip .chip-count').evaluateAll((els) => els.reduce((s, e) => s + Number(e.innerText), 0));
  assert.ok(searched < total, `${searched} of ${total}`);
  await page.close();
});

test('the filter is kept in the draft and travels in a share link', async () => {
  const page = await openDump();
  await page.locator('.sev-chip[data-severity="warning"]').click();
  await page.locator('.group-by[data-group="rule"]').click();
  await page.locator('.findings-search').fill('created_at');
  await settle(page);
  await page.reload();
  await page.waitForSelector('.code-input');
  await page.waitForFunction((n) => document.querySelector('.status-lines').innerText.startsWith(`${n} lines`), DUMP.split('\n').length);
  await page.locator('#tab-findings').click();
  await page.locator('.triage-bar').waitFor();
  assert.equal(await page.locator('.sev-chip[data-severity="warning"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.group-by[data-group="rule"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.findings-search').inputValue(), 'created_at');
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.locator('.share-dialog .close-share').click();
  await page.close();

  const fresh = await openApp(env, link.slice(env.origin.length));
  await fresh.locator('#tab-findings').click();
  await fresh.locator('.triage-bar').waitFor();
  assert.equal(await fresh.locator('.sev-chip[data-severity="warning"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await fresh.locator('.findings-search').inputValue(), 'created_at');
  assert.ok(await fresh.locator('.rule-group').count() > 0);
  await fresh.close();
});

test('Fix all on a rule is one edit with a toast; its Undo restores the text exactly', async () => {
  const page = await openDump();
  await page.locator('.group-by[data-group="rule"]').click();
  const button = page.locator('.rule-group .fix-all').first();
  await button.waitFor();
  const rule = await button.getAttribute('data-rule');
  const n = Number((await button.innerText()).match(/Fix all (\d+)/)[1]);
  const before = await input(page).inputValue();
  const findingsBefore = (await statusCounts(page)).findings;
  const ruleBefore = await chipCount(page.locator(`.rule-chip[data-rule="${rule}"]`));
  await button.click();
  const toast = page.locator('.toast');
  await toast.waitFor();
  assert.match(await toast.locator('.toast-text').innerText(), new RegExp(`^Fixed \\d+ findings? of ${rule}`));
  const after = await input(page).inputValue();
  assert.notEqual(after, before);
  // The changed lines are shown: highlighted in the editor, scrolled into view.
  const flash = page.locator('.editor .changed-lines');
  await flash.waitFor();
  const first = Number(await flash.getAttribute('data-first'));
  const firstChanged = before.split('\n').findIndex((l, i) => l !== after.split('\n')[i]) + 1;
  assert.equal(first, firstChanged);
  const top = await input(page).evaluate((el) => el.scrollTop);
  assert.ok(Math.abs(top - (first - 1) * 20) < 900, `scrolled near line ${first}`);
  await page.waitForFunction((b) => Number(document.querySelector('#tab-findings .findings-badge').innerText) < b, findingsBefore);
  // The rule's findings went down by the fixes made (its chip is gone when none is left).
  const chip = page.locator(`.rule-chip[data-rule="${rule}"]`);
  const left = (await chip.count()) ? await chipCount(chip) : 0;
  assert.ok(left < ruleBefore && left >= ruleBefore - n, `${rule}: ${ruleBefore} → ${left} after Fix all ${n}`);
  // Undo in the toast: the text is exactly what it was.
  await toast.locator('.toast-undo').click();
  assert.equal(await input(page).inputValue(), before);
  await page.waitForFunction((b) => Number(document.querySelector('#tab-findings .findings-badge').innerText) === b, findingsBefore);
  assert.match(await page.locator('.toast .toast-text').innerText(), /Undone/);
  await page.close();
});

test('a small Fix all is one native edit: Ctrl+Z in the editor takes the whole group back', async () => {
  const page = await openApp(env);
  const sql = Array.from({ length: 6 }, (_, i) => `CREATE TABLE t${i} (id bigint PRIMARY KEY, at timestamp);`).join('\n');
  await load(page, sql);
  await page.locator('#tab-findings').click();
  await page.locator('.group-by[data-group="rule"]').click();
  const button = page.locator('.rule-group[data-rule="prefer-timestamptz"] .fix-all');
  assert.equal(await button.innerText(), 'Fix all 6');
  await button.click();
  await page.waitForFunction(() => !document.querySelector('.code-input').value.includes('at timestamp)'));
  assert.equal((await input(page).inputValue()).match(/timestamptz/g).length, 6);
  await page.locator('.toast').waitFor();
  await input(page).focus();
  await page.keyboard.press('Control+z');
  assert.equal(await input(page).inputValue(), sql, 'one undo step');
  await page.close();
});

test('empty states say why and offer the way forward', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  const why = () => page.locator('.diagram-empty .empty-state');
  await page.locator('#tab-diagram').click();
  // Nothing parseable: the first error, with its line.
  await load(page, '\n\nthis is not sql at all;\nnor is this;\n');
  await why().waitFor();
  const kind = await why().getAttribute('data-why');
  assert.ok(['unreadable', 'no-tables'].includes(kind), kind);
  if (kind === 'unreadable') {
    assert.match(await why().innerText(), /line 3:/);
    await page.locator('.empty-goto').click();
    const caret = await input(page).evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
    assert.equal(caret, 3);
  }
  // A MySQL dump under PostgreSQL: say so, switch, tables appear.
  const mysql = readFileSync(new URL('../../crates/core/tests/dumps/mysql/mariadb-dump-no-data.sql', import.meta.url), 'utf8');
  await load(page, mysql, 'postgres');
  const wrong = page.locator('.diagram-empty .empty-state[data-why="wrong-dialect"]');
  const drawn = page.locator('.erd-stage g.table');
  await Promise.race([wrong.waitFor(), drawn.first().waitFor()]);
  if (await wrong.count()) {
    assert.match(await wrong.innerText(), /looks like MySQL.*set to PostgreSQL/);
    await wrong.locator('.empty-switch').click();
    assert.equal(await page.locator('.dialect-select').inputValue(), 'mysql');
    await drawn.first().waitFor();
  }
  // In MySQL, the /*!40101 … */ version comments are not marked as problems.
  await page.locator('.dialect-select').selectOption('mysql');
  await page.locator('.status-bar[aria-busy="false"]').waitFor();
  await input(page).evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  const versionLines = mysql.split('\n').map((l, i) => [l, i + 1]).filter(([l]) => l.startsWith('/*!')).map(([, i]) => i).filter((i) => i < 40);
  assert.ok(versionLines.length > 0, 'the dump has version comments near its top');
  for (const l of versionLines) {
    const g = page.locator('.gutter .gl', { hasText: new RegExp(`^${l}$`) });
    assert.doesNotMatch(await g.getAttribute('class'), /gl-(info|warning|error)/, `line ${l}: ${mysql.split('\n')[l - 1]}`);
  }
  // Another language without tables; then a blank editor.
  await load(page, 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n', 'postgres');
  await page.locator('.diagram-empty .empty-state[data-why="no-tables-in"]').waitFor();
  assert.match(await why().innerText(), /reads as Prisma/);
  await load(page, '');
  await page.locator('.diagram-empty .empty-state[data-why="blank"]').waitFor();
  // A code tab says the same.
  await page.locator('#tab-prisma').click();
  await page.locator('.code-view .empty-state[data-why="blank"]').waitFor();
  await page.close();
});

test('generated code is highlighted in every target tab, and long lines scroll sideways or wrap by choice', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  const long = 'x'.repeat(400);
  await load(page, `CREATE TABLE notes (\n  id bigint PRIMARY KEY,\n  body text NOT NULL DEFAULT '${long}',\n  at timestamptz\n);\nCREATE TYPE mood AS ENUM ('sad', 'ok');\n`);
  // Each target in its language: a word that language marks as a keyword, and the text itself intact.
  const tabs = [
    ['prisma', null, 'model', 'String'],
    ['drizzle', null, 'export', 'pgTable'],
    ['sql', null, 'CREATE', 'bigint'],
    ['mermaid', null, 'erDiagram', 'bigint'],
    ['dbml', null, 'Table', 'bigint'],
    ['typescript', 'typescript', 'export', null],
    ['typescript', 'zod', 'import', null],
  ];
  for (const [tab, flavor, keyword, type] of tabs) {
    await page.locator(`#tab-${tab}`).click();
    if (flavor) await page.locator(`.ts-flavor[data-flavor="${flavor}"]`).click();
    const code = page.locator('.code-text.highlighted');
    await page.waitForFunction((f) => !f || document.querySelector('.code-view')?.dataset.target === f, flavor);
    await code.waitFor();
    const label = `${tab}${flavor ? `/${flavor}` : ''}`;
    assert.ok((await code.locator('.tok-kw').allInnerTexts()).includes(keyword), `${label}: ${keyword} is a keyword`);
    if (type) assert.ok((await code.locator('.tok-type').allInnerTexts()).includes(type), `${label}: ${type} is a type`);
    assert.ok(await code.locator('.tok-str, .tok-comment').count() > 0, `${label}: strings or comments marked`);
    // Highlighting keeps the text: as many lines as the gutter numbers, and the long default whole.
    const text = await code.textContent();
    assert.equal(text.split('\n').length, (await page.locator('.code-gutter').textContent()).split('\n').length, label);
    if (['prisma', 'drizzle', 'sql', 'dbml'].includes(tab)) assert.ok(text.includes(long), `${label}: the long default is all there`);
  }
  // Long lines: the code scrolls sideways by default, and wraps (no sideways scroll) by choice.
  await page.locator('#tab-sql').click();
  const body = page.locator('.code-body');
  await page.locator('.code-text.highlighted').waitFor();
  const overflow = () => body.evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(await overflow() > 100, 'scrolls sideways');
  const wrap = page.locator('.wrap-toggle');
  assert.equal(await wrap.getAttribute('aria-pressed'), 'false');
  await wrap.click();
  await page.waitForFunction(() => document.querySelector('.code-body').classList.contains('wrap'));
  assert.ok(await overflow() <= 1, 'wrapped: nothing to scroll sideways');
  const lineBox = await page.locator('.code-text.highlighted').evaluate((el) => el.getBoundingClientRect().height);
  const lines = (await page.locator('.code-text.highlighted').textContent()).split('\n').length;
  assert.ok(lineBox > lines * 20 + 20, 'the long line takes several rows');
  // The choice holds for every code tab.
  await page.locator('#tab-prisma').click();
  await page.locator('.code-text.highlighted').waitFor();
  assert.equal(await page.locator('.wrap-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator('.code-body.wrap').count() === 1);
  await page.close();
});

test('a doubled comma in CREATE TABLE is marked at its own line, and the rest of the schema still reads', async () => {
  const page = await openApp(env);
  const sql = 'CREATE TABLE a (id int);\nCREATE TABLE broken (\n  id int,,\n  x int\n);\nCREATE TABLE c (id int);\n';
  await load(page, sql);
  assert.equal((await statusCounts(page)).diagnostics, 1);
  // (The tables without a primary key have lint findings on their lines: not this diagnostic.)
  const marked = page.locator('.gutter .gl-warning[title*="empty table element"]');
  await marked.first().waitFor();
  assert.deepEqual(await marked.allInnerTexts(), ['3'], 'the gutter marks the comma\'s line only');
  // The underline starts at the second comma.
  const underline = page.locator('.code-layer .diag-warning:not(.diag-lint)').first();
  assert.match(await underline.innerText(), /^,/);
  // Findings lists it at that line; the three tables are drawn.
  await page.locator('#tab-findings').click();
  assert.match(await page.locator('.finding.parser .finding-btn').first().innerText(), /line 3:/);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length === 3);
  await page.close();
});
