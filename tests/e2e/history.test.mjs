// The History view on the release build in Chromium: a migration folder picked with the folder
// button and one dropped on the view, the timeline with findings and locks, a picked point in the
// editor, diagram and code tabs, the diagram's change colours, a share link carrying the history,
// baseline → current coloured in "Plan from baseline", and a 500-migration folder checked in the engine worker.
// Run: node --test tests/e2e/history.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { browserForFile, openApp, schemaInput } from './browser.mjs';

const env = browserForFile();
let dir;
before(() => {
  // A Prisma history: users, then posts referencing it, then users reshaped, then a NOT NULL
  // column added to users (an error: the table has rows, created three migrations earlier).
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'schemaplay-e2e-')), 'migrations');
  const files = {
    'migration_lock.toml': 'provider = "postgresql"\n',
    '20240101000000_users/migration.sql': 'CREATE TABLE "users" ("id" BIGINT PRIMARY KEY, "email" VARCHAR(50), "legacy" TEXT);\n',
    '20240102000000_posts/migration.sql': 'CREATE TABLE "posts" ("id" BIGINT PRIMARY KEY, "user_id" BIGINT NOT NULL REFERENCES "users" ("id"));\nCREATE INDEX "posts_user_id_idx" ON "posts" ("user_id");\n',
    '20240103000000_reshape_users/migration.sql': 'SET lock_timeout = \'2s\';\nALTER TABLE "users" DROP COLUMN "legacy";\nALTER TABLE "users" ADD COLUMN "nick" TEXT;\n',
    '20240104000000_name/migration.sql': 'SET lock_timeout = \'2s\';\nALTER TABLE "users" ADD COLUMN "name" TEXT NOT NULL;\n',
    'README.md': 'not a migration\n',
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), t);
  }
});
after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

const items = (page) => page.locator('.hist-item');
const schemaText = (page) => schemaInput(page).inputValue();

async function openHistory(page) {
  await page.locator('#tab-history').click();
  await page.locator('.hist-drop').waitFor();
}

async function pick(page, n) {
  await page.locator(`.hist-item[data-index="${n}"] .hist-pick`).click();
  await page.locator(`.hist-item.selected[data-index="${n}"]`).waitFor();
  await page.locator('.hist-legend').waitFor();
}

/// Drops plain files (no folder entries) on the History view: `files` maps names to texts.
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of Object.entries(files)) dt.items.add(new File([text], name));
    document.querySelector('.hist-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('a picked folder becomes a timeline; a point fills the editor, the code tabs and a coloured diagram', async () => {
  const page = await openApp(env);
  const own = await schemaText(page);
  await openHistory(page);
  await page.locator('.hist-folder-input').setInputFiles(dir);
  await page.waitForFunction(() => document.querySelectorAll('.hist-item').length === 4);
  assert.match(await page.locator('.hist-summary').innerText(), /^migrations · Prisma Migrate · 4 migrations · postgres from migration_lock.toml/);
  // The timeline: the last migration has the error; its lock summary names users.
  const last = page.locator('.hist-item[data-index="4"]');
  assert.equal(await last.getAttribute('data-errors'), '1');
  assert.equal(await last.locator('.hist-lock').getAttribute('data-lock'), 'ACCESS EXCLUSIVE');
  assert.match(await last.locator('.hist-lock').innerText(), /ACCESS EXCLUSIVE on users/);
  assert.equal(await page.locator('.hist-item[data-index="1"] .hist-lock').count(), 0, 'creating a table locks nothing in use');
  // Pick the second migration: the schema after it is in the editor.
  await pick(page, 2);
  await page.waitForFunction(() => /CREATE TABLE posts/.test(document.querySelector('.editor-pane .code-input').value));
  const at2 = await schemaText(page);
  assert.match(at2, /CREATE TABLE users/);
  assert.doesNotMatch(at2, /nick/);
  assert.match(await page.locator('.hist-detail-title').innerText(), /^2\. 20240102000000_posts\/migration.sql/);
  // The diagram colours what migration 2 changed: posts and its relation are new.
  await page.locator('#tab-diagram').click();
  await page.locator('.erd-stage g.table[data-key="posts"]').waitFor();
  assert.equal(await page.locator('.erd-stage g.table[data-key="posts"]').getAttribute('data-change'), 'added');
  assert.equal(await page.locator('.erd-stage g.edge.chg-added[data-from="posts"][data-to="users"]').count(), 1);
  assert.equal(await page.locator('.erd-stage g.table[data-key="users"]').getAttribute('data-change'), null);
  // Every code tab follows the point.
  await page.locator('#tab-prisma').click();
  await page.waitForFunction(() => /model Post/.test(document.querySelector('.output .code-view, .output pre')?.innerText ?? ''));
  // Migration 3: users altered, legacy dropped (struck through), nick added; posts unmarked.
  await openHistory(page);
  await pick(page, 3);
  await page.waitForFunction(() => /nick/.test(document.querySelector('.editor-pane .code-input').value));
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => document.querySelector('.erd-stage g.table[data-key="users"]')?.getAttribute('data-change') === 'altered');
  const users = page.locator('.erd-stage g.table[data-key="users"]');
  assert.equal(await users.locator('rect.row.chg-dropped[data-column="legacy"]').count(), 1);
  assert.equal(await users.locator('rect.row.chg-added[data-column="nick"]').count(), 1);
  assert.equal(await users.locator('text.col.gone').textContent(), 'legacy');
  assert.equal(await page.locator('.erd-stage g.table[data-key="posts"]').getAttribute('data-change'), null);
  // Back to your own schema: the text comes back and the colours go.
  await openHistory(page);
  await page.locator('.hist-leave').click();
  await page.waitForFunction((t) => document.querySelector('.editor-pane .code-input').value === t, own);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length > 0);
  assert.equal(await page.locator('.erd-stage [class*="chg-"]').count(), 0);
  await page.close();
});

test('files dropped on the view are read (never uploaded), and a share link carries the history and its point', async () => {
  const page = await openApp(env);
  await openHistory(page);
  // A drop of plain files (no folder entries): numbered files.
  await dropFiles(page, {
    '001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);\n',
    '002_b.sql': 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n',
    '003_c.sql': 'ALTER TABLE b DROP COLUMN a_id;\n',
  });
  await page.waitForFunction(() => document.querySelectorAll('.hist-item').length === 3);
  assert.match(await page.locator('.hist-summary').innerText(), /numbered files · 3 migrations/);
  await pick(page, 3);
  await page.waitForFunction(() => /CREATE TABLE b/.test(document.querySelector('.editor-pane .code-input').value));
  // Share: the link holds the history and the point; a fresh page opens both.
  await page.locator('.share-btn, button:has-text("Share")').first().click();
  const link = await page.locator('#share-link').inputValue();
  assert.ok(env.requests.every((u) => u.startsWith(env.origin) || u.startsWith('data:') || u.startsWith('blob:')), 'nothing was sent anywhere else');
  const other = await env.newPage();
  await other.goto(link);
  await other.waitForSelector('.code-input', { timeout: 30_000 });
  await openHistory(other);
  await other.waitForFunction(() => document.querySelectorAll('.hist-item').length === 3);
  await other.locator('.hist-item.selected[data-index="3"]').waitFor();
  await other.locator('#tab-diagram').click();
  await other.waitForFunction(() => document.querySelector('.erd-stage g.edge.chg-dropped[data-from="b"][data-to="a"]') !== null);
  await other.close();
  await page.close();
});

test("a Flyway script's .sql.conf is read with the folder (the CLI's file kinds): executeInTransaction=false takes CONCURRENTLY out of the transaction", async () => {
  const page = await openApp(env);
  await openHistory(page);
  const flyway = {
    'V1__users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n',
    'V2__email_idx.sql': 'SET lock_timeout = \'2s\';\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n',
  };
  // Without the settings file Flyway runs V2 in a transaction, where CONCURRENTLY fails.
  await dropFiles(page, flyway);
  await page.waitForFunction(() => document.querySelectorAll('.hist-item').length === 2);
  assert.match(await page.locator('.hist-summary').innerText(), /Flyway · 2 migrations/);
  assert.notEqual(await page.locator('.hist-item[data-index="2"]').getAttribute('data-errors'), '0');
  // With it (and a README the picker leaves alone), V2 runs outside one: no error.
  await dropFiles(page, { ...flyway, 'V2__email_idx.sql.conf': 'executeInTransaction=false\n', 'README.md': 'notes\n' });
  await page.waitForFunction(() => document.querySelector('.hist-item[data-index="2"]')?.getAttribute('data-errors') === '0');
  assert.equal(await page.locator('.hist-item').count(), 2);
  await page.close();
});

test('Plan from baseline draws baseline → current in the same colours', async () => {
  const page = await openApp(env);
  await page.locator('#tab-migration').click();
  await page.locator('.view-plan').click();
  await page.locator('.set-baseline').click();
  const input = page.locator('.editor-pane .code-input');
  await input.evaluate((el) => {
    el.value = el.value + '\nCREATE TABLE audit_events (id bigint PRIMARY KEY, note text);\n';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.locator('.plan-diagram svg g.table.chg-added[data-key="audit_events"]').waitFor();
  assert.equal(await page.locator('.plan-diagram svg g.table').count(), 1, 'only what changed');
  await page.close();
});

test('a 500-migration folder is checked in the engine worker: the page keeps answering', async () => {
  const page = await openApp(env);
  await openHistory(page);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ entryTypes: ['longtask'] });
    const dt = new DataTransfer();
    for (let i = 1; i <= 500; i++) {
      const n = String(i).padStart(4, '0');
      const sql = i % 5 === 1
        ? `CREATE TABLE t${i} (id bigint PRIMARY KEY, org_id bigint, name text, created_at timestamptz);\nCREATE INDEX t${i}_org ON t${i} (org_id);\n`
        : `ALTER TABLE t${i - (i - 1) % 5} ADD COLUMN c${i} text;\nCREATE INDEX t${i}_c ON t${i - (i - 1) % 5} (c${i});\n`;
      dt.items.add(new File([sql], `${n}_m${i}.sql`));
    }
    window.__files = dt;
  });
  // The drop in a task of its own (making 500 File objects above is the test's work).
  const dropped = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector('.hist-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: window.__files, bubbles: true, cancelable: true }));
    return t;
  });
  // The check shows its progress while it runs (it is sliced), then the whole timeline.
  await page.locator('.hist-progress').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('.hist-item').length === 500, null, { timeout: 120_000 });
  const listed = await page.evaluate(() => performance.now());
  // Pick a late point: the 100 tables' schema comes into the editor.
  const clicked = await page.evaluate(() => performance.now());
  await pick(page, 496);
  await page.waitForFunction(() => /CREATE TABLE t496/.test(document.querySelector('.editor-pane .code-input').value), null, { timeout: 60_000 });
  await page.waitForTimeout(300); // let the observer deliver the last entries
  const { tasks, handoff } = await page.evaluate(() => ({
    tasks: window.__longTasks,
    handoff: performance.getEntriesByName('schemaplay:history-point').pop()?.startTime,
  }));
  assert.ok(handoff > clicked, 'the history handed the point to the editor after the click');
  const worst = (list) => Math.max(0, ...list.map(([, d]) => d));
  // Reading, replaying and checking, and the timeline: from the drop until all 500 rows are listed.
  const check = worst(tasks.filter(([s]) => s >= dropped && s < listed));
  // The point's replay and DDL, up to the task that hands the text to the editor; that task then
  // runs the editor's own analysis of a 100-table schema, as for any text of that size (logged).
  const point = worst(tasks.filter(([s, d]) => s >= clicked && s + d <= handoff));
  const editor = worst(tasks.filter(([s, d]) => s <= handoff && s + d > handoff));
  console.log(`500 migrations: longest task while checking ${check.toFixed(0)} ms, while replaying the point ${point.toFixed(0)} ms; the editor taking the 100-table schema ${editor.toFixed(0)} ms`);
  assert.ok(check < 400, `no task of the check blocks the page for long (longest ${check} ms)`);
  assert.ok(point < 400, `no task of the point's replay blocks the page for long (longest ${point} ms)`);
  await page.close();
});
