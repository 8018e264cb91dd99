// End-to-end tests of the release build (dist/) in a real Chromium. Run: node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, CLIPBOARD, openApp, paste } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';
import { readFileSync } from 'node:fs';

const env = browserForFile({ check: false });

const status = (page) => page.locator('.status-summary').innerText();
const statementCount = async (page) => Number((await status(page)).match(/^(\d+) statement/)[1]);

test('opens on the default example with highlighting, tabs and a statement count', async () => {
  const page = await openApp(env);
  const value = await page.locator('.code-input').inputValue();
  assert.match(value, /CREATE TABLE organizations/);
  assert.ok((await statementCount(page)) >= 10, await status(page));
  assert.ok(await page.locator('.code-layer .tok-kw').count() > 10, 'keywords highlighted');
  const tabs = await page.locator('.tab').allInnerTexts();
  for (const name of ['Diagram', 'Findings', 'Migration', 'Prisma', 'Drizzle', 'SQL', 'Mermaid', 'DBML', 'TypeScript']) {
    assert.ok(tabs.some((t) => t.startsWith(name)), `tab ${name} in ${tabs}`);
  }
  assert.match(await page.locator('.brand').innerText(), /Schema Playground/);
  await page.close();
});

test('typing a broken statement updates the status, the gutter, the underline and Findings', async () => {
  const page = await openApp(env);
  const before = await statementCount(page);
  const input = page.locator('.code-input');
  await input.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nCREATE TABLE broken (id int REFERENCES);');
  await page.waitForFunction((n) => document.querySelector('.status-summary').innerText.startsWith(`${n} statements`), before + 1);
  assert.match(await status(page), /· 1 diagnostic ·/);
  // The editor marks the line: gutter dot and a wavy underline in the highlighted layer.
  await page.waitForSelector('.code-layer .diag-warning:not(.diag-lint)');
  await page.locator('.code-input').evaluate((el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); });
  await page.waitForSelector('.gutter .gl-warning[title*="could not parse"]');
  const markedLine = Number(await page.locator('.gutter .gl-warning[title*="could not parse"]').innerText());
  const lines = (await input.inputValue()).split('\n').length;
  assert.equal(markedLine, lines, 'the gutter marks the last line, where the broken statement is');
  // Hovering the underlined text shows the message.
  const box = await page.locator('.code-layer .diag-warning:not(.diag-lint)').first().boundingBox();
  await page.mouse.move(box.x + 3, box.y + box.height / 2);
  await page.waitForSelector('.editor-tooltip');
  assert.match(await page.locator('.editor-tooltip').innerText(), /warning: could not parse/i);
  // Findings tab lists it and clicking moves the caret to that line.
  await page.locator('#tab-findings').click();
  // The broken statement is a diagnostic (a parse problem): the tab's diagnostics badge counts it,
  // as the status bar does.
  assert.equal(await page.locator('#tab-findings .diag-badge').innerText(), '1');
  const item = page.locator('.finding.parser .finding-btn').first();
  assert.match(await item.innerText(), new RegExp(`line ${lines}:`));
  await page.keyboard.press('Control+Home');
  await item.click();
  const caretLine = await input.evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, lines);
  await page.close();
});

test('Tab and Shift+Tab indent, and native undo reverts them', async () => {
  const page = await openApp(env);
  const input = page.locator('.code-input');
  await input.focus();
  await page.keyboard.press('Control+Home');
  const original = await input.inputValue();
  await page.keyboard.press('Tab');
  assert.equal(await input.inputValue(), '    ' + original);
  // Select the first two lines and indent them, then dedent.
  await input.evaluate((el) => el.setSelectionRange(0, el.value.indexOf('\n') + 3));
  await page.keyboard.press('Tab');
  const two = (await input.inputValue()).split('\n');
  assert.ok(two[0].startsWith('        --') && two[1].startsWith('    '), two.slice(0, 2).join('|'));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.ok((await input.inputValue()).startsWith('-- Multi-tenant'), 'dedented');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Control+z');
  assert.equal(await input.inputValue(), original);
  await page.close();
});

test('theme toggle cycles system → light → dark and is remembered', async () => {
  const page = await openApp(env);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(await theme(), 'system');
  await page.locator('.theme-toggle').click();
  assert.equal(await theme(), 'light');
  await page.locator('.theme-toggle').click();
  assert.equal(await theme(), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(21, 24, 30)');
  await page.reload();
  await page.waitForSelector('.code-input');
  assert.equal(await theme(), 'dark');
  await page.close();
});

test('the divider resizes the editor pane by dragging and by keyboard', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1200, height: 800 } });
  const width = () => page.locator('.editor-pane').evaluate((el) => el.getBoundingClientRect().width);
  const start = await width();
  const d = await page.locator('.divider').boundingBox();
  await page.mouse.move(d.x + 3, d.y + 200);
  await page.mouse.down();
  await page.mouse.move(400, d.y + 200, { steps: 5 });
  await page.mouse.up();
  const dragged = await width();
  assert.ok(Math.abs(dragged - 400) < 20 && dragged < start - 100, `${start} → ${dragged}`);
  await page.locator('.divider').focus();
  await page.keyboard.press('ArrowRight');
  assert.ok((await width()) > dragged + 30);
  await page.close();
});

test('at phone width the editor and the output take turns (a toggle) and nothing overflows sideways', async () => {
  const page = await openApp(env, '/', { viewport: { width: 390, height: 844 } });
  // One pane at a time (issue 20: stacked, the diagram got 40 % of the screen).
  assert.ok(await page.locator('.editor-pane').isVisible());
  assert.ok(!(await page.locator('.output').isVisible()));
  assert.ok(!(await page.locator('.divider').isVisible()));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.locator('.pane-toggle .btn', { hasText: 'Output' }).click();
  assert.ok(!(await page.locator('.editor-pane').isVisible()));
  // The Findings panel and the rule catalogue fit too.
  await page.locator('#tab-findings').click();
  await page.locator('.rules-btn').click();
  await page.waitForSelector('.catalogue .rule');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `with the catalogue open the page is ${wide}px wider than the screen`);
  await page.close();
});

test('a 30,000-line paste renders only the visible window and stays editable', async () => {
  // A real clipboard paste (Ctrl+V), as a person does (see `paste`).
  const page = await openApp(env, '/', CLIPBOARD);
  const input = page.locator('.code-input');
  const parts = [];
  for (let i = 0; i < 3000; i++) {
    parts.push(`CREATE TABLE t${i} (\n  id bigint PRIMARY KEY,\n  name text NOT NULL,\n  note varchar(20),\n  created_at timestamptz DEFAULT now(),\n  parent_id bigint REFERENCES t${Math.max(0, i - 1)} (id),\n  flag boolean,\n  amount numeric(10, 2),\n  body text\n);`);
  }
  await paste(page, parts.join('\n'));
  await page.waitForFunction(() => document.querySelector('.status-lines').innerText.startsWith('30000 lines'));
  await page.waitForFunction(() => document.querySelector('.status-summary').innerText.startsWith('3000 statements'), null, { timeout: 60_000 });
  const rendered = await page.locator('.code-layer').evaluate((el) => el.textContent.split('\n').length);
  assert.ok(rendered < 200, `only the visible window is in the DOM (${rendered} lines)`);
  // Scroll to the end: the last lines are drawn there, and typing still works.
  await input.evaluate((el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => [...document.querySelectorAll('.gutter .gl')].some((g) => g.innerText === '30000'));
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n-- end');
  await page.waitForFunction(() => document.querySelector('.status-lines').innerText.startsWith('30001 lines'));
  assert.match(await page.locator('.code-layer').innerText(), /-- end/);
  // The Findings panel renders a bounded number of the thousands of findings.
  assert.match(await status(page), /· [1-9]\d{3,} findings/);
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.sev-group .more');
  assert.match(await page.locator('.sev-group .more').first().innerText(), /and \d+ more not shown/);
  const shown = await page.locator('.finding.lint').count();
  assert.ok(shown <= 300, `${shown} findings rendered`);
  // "Show more" renders the next page of that severity.
  const group = page.locator('.sev-group').filter({ has: page.locator('.show-more') }).first();
  const before = await group.locator('.finding.lint').count();
  const hiddenBefore = Number((await group.locator('.more').innerText()).match(/and (\d+) more/)[1]);
  await group.locator('.show-more').click();
  await page.waitForFunction((n) => document.querySelectorAll('.finding.lint').length > n, shown);
  assert.equal(await group.locator('.finding.lint').count(), before + Math.min(40, hiddenBefore));
  await page.close();
});

test('a 1,000-table schema: code tabs come from the engine worker and hold every table', async () => {
  const page = await openApp(env, '/', CLIPBOARD);
  await page.locator('#tab-prisma').click();
  await page.waitForFunction(() => /^model /m.test(document.querySelector('.code-text')?.textContent ?? ''));
  assert.equal(page.workers().length, 1, 'the engine worker makes every code tab (the engine module is not in the page)');
  // The large text is analysed in slices, with "analysing…" in the status bar meanwhile.
  await page.evaluate(() => {
    window.__analysingSeen = false;
    new MutationObserver(() => { if (document.querySelector('.status-analysing')) window.__analysingSeen = true; })
      .observe(document.body, { childList: true, subtree: true });
  });
  await paste(page, bigSchema(1000));
  const models = () => page.evaluate(() => (document.querySelector('.code-text')?.textContent ?? '').match(/^model /gm)?.length ?? 0);
  await page.waitForFunction(() => ((document.querySelector('.code-text')?.textContent ?? '').match(/^model /gm)?.length ?? 0) === 1000, null, { timeout: 60_000 });
  assert.equal(await models(), 1000);
  assert.equal(page.workers().length, 1, 'the same worker, which also laid out the diagram');
  assert.ok(await page.evaluate(() => window.__analysingSeen), '"analysing…" shown while the slices ran');
  assert.equal(await page.locator('.status-analysing').count(), 0, 'and gone when done');
  assert.match(await page.locator('.status-summary').innerText(), /^1000 statements/);
  // Another target and an option change are generated too (the worker keeps its parse).
  await page.locator('#tab-sql').click();
  await page.waitForFunction(() => ((document.querySelector('.code-text')?.textContent ?? '').match(/^CREATE TABLE /gm)?.length ?? 0) === 1000, null, { timeout: 60_000 });
  await page.locator('#tab-drizzle').click();
  await page.waitForFunction(() => ((document.querySelector('.code-text')?.textContent ?? '').match(/= pgTable\(/g)?.length ?? 0) === 1000, null, { timeout: 60_000 });
  const camel = await page.locator('.code-text').textContent();
  assert.match(camel, /createdAt: timestamp\("created_at"/);
  await page.locator('.code-toolbar select').first().selectOption('column');
  await page.waitForFunction(() => /created_at: timestamp\("created_at"/.test(document.querySelector('.code-text')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.close();
});

test('the examples menu and dialect selector drive the analysis', async () => {
  const page = await openApp(env);
  const input = page.locator('.code-input');
  await input.fill('CREATE TABLE x (id int);');
  await page.waitForFunction(() => document.querySelector('.status-summary').innerText.startsWith('1 statement '));
  await page.locator('.examples-select').selectOption('saas');
  assert.match(await input.inputValue(), /CREATE TABLE organizations/);
  await page.waitForFunction(() => Number(document.querySelector('.status-summary').innerText.split(' ')[0]) >= 10);
  await page.locator('.dialect-select').selectOption('mysql');
  assert.match(await page.locator('.status-lines').innerText(), /MySQL$/);
  await page.close();
});

test('pasting another dialect offers to switch, and switching re-analyses', async () => {
  const page = await openApp(env);
  await page.locator('.code-input').fill('CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;');
  await page.waitForSelector('.dialect-hint');
  assert.match(await page.locator('.dialect-hint').innerText(), /looks like MySQL.*backtick/s);
  await page.locator('.dialect-hint .btn', { hasText: 'Switch to MySQL' }).click();
  assert.equal(await page.locator('.dialect-select').inputValue(), 'mysql');
  assert.equal(await page.locator('.dialect-hint').count(), 0);
  assert.match(await page.locator('.status-lines').innerText(), /MySQL$/);
  // Dismissing keeps the chosen dialect and hides the offer.
  await page.locator('.dialect-select').selectOption('sqlite');
  await page.waitForSelector('.dialect-hint');
  await page.locator('.dialect-hint .btn', { hasText: 'Dismiss' }).click();
  assert.equal(await page.locator('.dialect-hint').count(), 0);
  assert.equal(await page.locator('.dialect-select').inputValue(), 'sqlite');
  await page.close();
});

test('Share opens a dialog with the link; the Migration tab has its own editor', async () => {
  const page = await openApp(env);
  await page.locator('.share-btn').click();
  assert.match(await page.locator('.share-link').inputValue(), /#v2\.[A-Za-z0-9_-]+$/);
  await page.locator('.share-dialog .close-share').click();
  assert.equal(await page.locator('.share-dialog').count(), 0);
  await page.locator('#tab-migration').click();
  assert.equal(await page.locator('.panel .migration .mig-editor .code-input').count(), 1);
  assert.doesNotMatch(await page.locator('.panel').innerText(), /not built yet/);
  await page.close();
});

// The rule ids of ../shared/DESIGN.md's table, which the engine's registry test checks against RULES.
const RULE_IDS = readFileSync(new URL('../../crates/core/src/lint/design_rules.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => l.split(' ')[0]);
const fkFinding = (page) => page.locator('.table-group[data-table="tasks"] .finding[data-rule="fk-missing-index"][data-column="assignee_id"]');

test('the default example shows lint findings grouped by severity and table, counted in the tab badge', async () => {
  const page = await openApp(env);
  await page.locator('#tab-findings').click();
  const groups = await page.locator('.sev-group[data-severity]').evaluateAll((els) => els.map((e) => e.dataset.severity));
  assert.ok(groups.includes('warning'), groups.join());
  const order = ['error', 'warning', 'info'];
  assert.deepEqual(groups, [...groups].sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'most severe group first');
  await fkFinding(page).waitFor();
  const fk = fkFinding(page);
  assert.match(await fk.locator('.msg').innerText(), /FK tasks\.assignee_id → users\.id has no index/);
  assert.match(await fk.locator('.why').innerText(), /\S/, 'the rule\'s why is shown');
  assert.equal(await fk.locator('.fix-btn').count(), 1);
  const lint = await page.locator('.finding.lint').count();
  const parser = await page.locator('.finding.parser:not(.sev-info)').count();
  assert.ok(lint > 5, `${lint} findings`);
  // The badge counts findings; diagnostics (parse problems) get a badge of their own when there are any.
  assert.equal(Number(await page.locator('#tab-findings .findings-badge').innerText()), lint);
  assert.equal(await page.locator('#tab-findings .diag-badge').count(), parser > 0 ? 1 : 0);
  assert.match(await page.locator('#tab-findings .findings-badge').getAttribute('class'), /sev-(warning|error)/);
  // Clicking a finding moves the caret to its line.
  const line = Number((await fk.locator('.loc').innerText()).match(/line (\d+)/)[1]);
  await fk.locator('.finding-btn').click();
  const input = page.locator('.code-input');
  const caretLine = await input.evaluate((el) => el.value.slice(0, el.selectionStart).split('\n').length);
  assert.equal(caretLine, line);
  // The gutter marks that line as a finding, with the rule in its title.
  const mark = page.locator('.gutter .gl-finding', { hasText: new RegExp(`^${line}$`) });
  await mark.waitFor();
  assert.match(await mark.getAttribute('title'), /fk-missing-index/);
  assert.ok(await page.locator('.code-layer .diag-lint').count() > 0, 'findings are underlined');
  await page.close();
});

test('Fix inserts the CREATE INDEX, the finding disappears, and Ctrl+Z restores the text', async () => {
  const page = await openApp(env);
  const input = page.locator('.code-input');
  const original = await input.inputValue();
  await page.locator('#tab-findings').click();
  const badge = Number(await page.locator('#tab-findings .findings-badge').innerText());
  await fkFinding(page).locator('.fix-btn').click();
  const fixed = await input.inputValue();
  assert.match(fixed, /CREATE INDEX idx_tasks_assignee_id ON tasks \(assignee_id\);/);
  await fkFinding(page).waitFor({ state: 'detached' });
  assert.equal(Number(await page.locator('#tab-findings .findings-badge').innerText()), badge - 1);
  await input.focus();
  await page.keyboard.press('Control+z');
  assert.equal(await input.inputValue(), original);
  await fkFinding(page).waitFor();
  await page.close();
});

test('turning a rule off removes its findings and is remembered', async () => {
  const page = await openApp(env);
  await page.locator('#tab-findings').click();
  assert.ok(await page.locator('.finding[data-rule="fk-missing-index"]').count() > 0);
  await fkFinding(page).locator('.level-select').selectOption('off');
  await page.waitForFunction(() => !document.querySelector('.finding[data-rule="fk-missing-index"]'));
  assert.match(await page.locator('.findings-note').innerText(), /1 switched off/);
  await page.reload();
  await page.waitForSelector('.code-input');
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.finding.lint');
  assert.equal(await page.locator('.finding[data-rule="fk-missing-index"]').count(), 0);
  // Back on from the catalogue; raising it to error moves it to the Errors group.
  await page.locator('.rules-btn').click();
  await page.locator('#rule-fk-missing-index .level-select').selectOption('error');
  await page.locator('.rules-btn').click();
  await fkFinding(page).waitFor();
  assert.equal(await page.locator('.sev-group[data-severity="error"] .finding[data-rule="fk-missing-index"]').count() > 0, true);
  await page.close();
});

test('the rule catalogue lists every rule with its docs and examples; finding links open it at the rule', async () => {
  const page = await openApp(env);
  await page.locator('#tab-findings').click();
  await page.locator('.rules-btn').click();
  // The rules' texts come from the engine worker (the page's module holds what the linter runs on).
  await page.waitForSelector('.catalogue .rule', { timeout: 60_000 });
  const ids = await page.locator('.catalogue .rule').evaluateAll((els) => els.map((e) => e.id));
  assert.equal(ids.length, RULE_IDS.length);
  assert.deepEqual([...ids].sort(), RULE_IDS.map((id) => `rule-${id}`).sort());
  const fk = page.locator('#rule-fk-missing-index');
  assert.match(await fk.locator('.rule-summary').innerText(), /\S/);
  assert.match(await fk.locator('.example.bad').innerText(), /REFERENCES/);
  assert.match(await fk.locator('.example.good').innerText(), /CREATE INDEX/i);
  // The migration checker's rules follow, their texts sent by the engine worker (the page's own
  // module does not hold them): every one of them, with its docs and examples.
  await page.waitForSelector('.catalogue .migration-rule');
  const heading = await page.locator('.catalogue .group-title', { hasText: 'Migration rules' }).textContent();
  const migrationIds = await page.locator('.catalogue .migration-rule').evaluateAll((els) => els.map((e) => e.id));
  assert.equal(migrationIds.length, Number(heading.match(/\((\d+) rules/)[1]));
  assert.ok(migrationIds.length > 20, `${migrationIds.length} migration rules`);
  assert.equal(new Set([...ids, ...migrationIds]).size, ids.length + migrationIds.length, 'no rule listed twice');
  const concurrent = page.locator('#rule-require-concurrent-index-creation');
  assert.match(await concurrent.locator('.rule-summary').innerText(), /\S/);
  assert.match(await concurrent.locator('.example.bad').innerText(), /CREATE INDEX (?!CONCURRENTLY)/);
  assert.match(await concurrent.locator('.example.good').innerText(), /CREATE INDEX CONCURRENTLY/);
  await page.locator('.rules-btn').click();
  await fkFinding(page).locator('.rule-link').click();
  await page.waitForSelector('#rule-fk-missing-index.focused');
  const visible = await page.locator('#rule-fk-missing-index').evaluate((el) => {
    const r = el.getBoundingClientRect(), p = el.closest('.panel').getBoundingClientRect();
    return r.top >= p.top - 1 && r.top < p.bottom;
  });
  assert.ok(visible, 'the catalogue is scrolled to the rule');
  await page.close();
});

test('code tabs: SQL for MySQL with copy/download, Mermaid erDiagram, warnings above the code', async () => {
  const page = await openApp(env);
  await page.locator('#tab-sql').click();
  await page.waitForSelector('.code-view[data-tab="sql"] .code-text');
  assert.match(await page.locator('.code-text').innerText(), /CREATE POLICY tenant_isolation/);
  await page.locator('.sql-target').selectOption('mysql');
  await page.waitForFunction(() => document.querySelector('.code-text')?.innerText.includes('AUTO_INCREMENT'));
  const sql = await page.locator('.code-text').innerText();
  assert.match(sql, /CREATE TABLE (`organizations`|organizations) \(/);
  assert.doesNotMatch(sql, /GENERATED ALWAYS AS IDENTITY/);
  assert.match(await page.locator('.code-warnings').innerText(), /row level security/);
  assert.equal(await page.locator('.download-btn').getAttribute('download'), 'schema.sql');
  const gutter = (await page.locator('.code-gutter').innerText()).trim().split('\n');
  assert.equal(gutter.length, sql.trim().split('\n').length);
  await page.locator('#tab-mermaid').click();
  await page.waitForSelector('.code-view[data-tab="mermaid"] .code-text');
  assert.match(await page.locator('.code-text').innerText(), /^erDiagram\n/);
  // the SQL target choice survives switching tabs
  await page.locator('#tab-sql').click();
  assert.equal(await page.locator('.sql-target').inputValue(), 'mysql');
  await page.close();
});

test('no console errors, page errors or requests to other hosts', () => {
  assert.deepEqual(env.problems, []);
});
