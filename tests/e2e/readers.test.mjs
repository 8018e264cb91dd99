// Non-SQL inputs in the app (issue 15): the input language in the header (recognised, or chosen),
// highlighting per language, Convert to SQL with one-step undo, files dropped or opened, catalog
// JSON, and share links carrying the chosen language. Release build in Chromium.
// Run: node --test tests/e2e/readers.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp, schemaInput as input } from './browser.mjs';
import { PRISMA } from './inputs.mjs';

const env = browserForFile();

const kindSelect = (page) => page.locator('.kind-select');
/// The language the analysis on screen was read as.
const readAs = (page, kind) => page.waitForFunction((k) => document.querySelector('.kind-select')?.dataset.kind === k, kind, { timeout: 60_000 });
const tableKeys = (page) => page.locator('.erd-stage g.table').evaluateAll((gs) => gs.map((g) => g.dataset.key).sort());
const waitTables = (page, keys) => page.waitForFunction(
  (want) => JSON.stringify([...document.querySelectorAll('.erd-stage g.table')].map((g) => g.dataset.key).sort()) === JSON.stringify(want),
  keys, { timeout: 60_000 });

test('a pasted Prisma schema: recognised in the header, highlighted as Prisma, drawn, and its Drizzle in the Drizzle tab', async () => {
  const page = await openApp(env);
  await input(page).fill(PRISMA);
  await readAs(page, 'prisma');
  assert.equal(await kindSelect(page).inputValue(), 'auto');
  assert.equal(await kindSelect(page).locator('option[value="auto"]').innerText(), 'Auto: Prisma');
  await waitTables(page, ['Author', 'Book']);
  // Prisma's words are highlighted, and a `//` line is a comment (SQL's highlighter has neither).
  const layer = page.locator('.editor-pane .code-layer');
  assert.ok((await layer.locator('.tok-kw').allInnerTexts()).includes('model'));
  assert.ok((await layer.locator('.tok-kw').allInnerTexts()).includes('@relation'));
  assert.ok((await layer.locator('.tok-comment').allInnerTexts()).includes('// Authors write books.'));
  // A click on a table in the diagram puts the caret on its model in the Prisma text.
  await page.locator('.erd-stage g.table[data-key="Book"]').click();
  await page.waitForFunction((at) => document.querySelector('.editor-pane .code-input').selectionStart === at, PRISMA.indexOf('model Book'), { timeout: 10_000 });
  // The Drizzle tab writes this schema in Drizzle.
  await page.locator('#tab-drizzle').click();
  await page.waitForFunction(() => /pgTable\(\s*["']Book["']/.test(document.querySelector('.code-text')?.innerText ?? ''), null, { timeout: 60_000 });
  await page.close();
});

test('the selector overrides the recognition, and a share link keeps the choice', async () => {
  const page = await openApp(env);
  const dbml = 'Table users {\n  id int [pk]\n  name varchar\n}\n';
  await input(page).fill(dbml);
  await readAs(page, 'dbml');
  await waitTables(page, ['users']);
  // Read as SQL instead: DBML is no SQL, so the importer's diagnostic at line 1 and no table.
  await kindSelect(page).selectOption('sql');
  await readAs(page, 'sql');
  await waitTables(page, []);
  await page.waitForSelector('.editor-pane .gutter .gl-warning[title*="could not understand statement"]', { timeout: 30_000 });
  // The link carries the choice: opened elsewhere, the text is read as SQL again.
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.close();
  const opened = await openApp(env, link.slice(env.origin.length));
  assert.equal(await input(opened).inputValue(), dbml);
  assert.equal(await kindSelect(opened).inputValue(), 'sql');
  await readAs(opened, 'sql');
  await waitTables(opened, []);
  // Back to auto: DBML again.
  await kindSelect(opened).selectOption('auto');
  await readAs(opened, 'dbml');
  await waitTables(opened, ['users']);
  await opened.close();
});

test('Convert to SQL replaces the text with the DDL, and one Ctrl+Z restores the Prisma exactly, with the language chosen', async () => {
  const page = await openApp(env);
  await input(page).fill(PRISMA);
  await readAs(page, 'prisma');
  await waitTables(page, ['Author', 'Book']);
  // chosen in the selector rather than recognised: undo must bring the choice back with the text
  await kindSelect(page).selectOption('prisma');
  await page.locator('.convert-sql').click();
  await page.waitForFunction(() => /CREATE TABLE "Book"/.test(document.querySelector('.editor-pane .code-input').value), null, { timeout: 60_000 });
  await readAs(page, 'sql');
  assert.equal(await kindSelect(page).inputValue(), 'auto', 'the SQL is read as recognised');
  assert.equal(await page.locator('.convert-sql').count(), 0, 'SQL needs no converting');
  await waitTables(page, ['Author', 'Book']);
  const sql = await input(page).inputValue();
  assert.match(sql, /CREATE TABLE "Author"/);
  assert.match(sql, /FOREIGN KEY \("authorId"\) REFERENCES "Author"/);
  await input(page).focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((want) => document.querySelector('.editor-pane .code-input').value === want, PRISMA, { timeout: 10_000 });
  await readAs(page, 'prisma');
  assert.equal(await kindSelect(page).inputValue(), 'prisma', 'the selector shows the choice the Prisma text had, not auto');
  // And redo brings the SQL back, read as recognised again.
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((want) => document.querySelector('.editor-pane .code-input').value === want, sql, { timeout: 10_000 });
  await readAs(page, 'sql');
  assert.equal(await kindSelect(page).inputValue(), 'auto');
  await page.close();
});

const USER = 'datasource db {\n  provider = "sqlite"\n  url      = "file:dev.db"\n}\n\nmodel User {\n  id    Int    @id\n  posts Post[]\n}\n';
const POST = 'model Post {\n  id     Int  @id\n  user   User @relation(fields: [userId], references: [id])\n  userId Int\n\n  @@index([userId])\n}\n';

test('two .prisma files dropped on the editor form one schema (a .sql beside them is left out)', async () => {
  const page = await openApp(env);
  await input(page).evaluate((el, files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'text/plain' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [['post.prisma', POST], ['schema.prisma', USER], ['001_init.sql', 'CREATE TABLE nope (id int);']]);
  await readAs(page, 'prisma');
  await waitTables(page, ['Post', 'User']);
  const text = await input(page).inputValue();
  assert.equal(text, `// ==> post.prisma <==\n${POST}\n// ==> schema.prisma <==\n${USER}`);
  assert.match(await page.locator('.input-note').innerText(), /left out: 001_init\.sql/);
  // The provider in one file is the schema's database: the dialect selector follows it.
  await page.waitForFunction(() => document.querySelector('.dialect-select').value === 'sqlite', null, { timeout: 30_000 });
  await page.locator('#tab-sql').click();
  await page.waitForFunction(() => /CREATE INDEX [`"]?Post_userId_idx/.test(document.querySelector('.code-text')?.innerText ?? ''), null, { timeout: 60_000 });
  // Undo brings the text that was there back.
  await input(page).focus();
  await page.keyboard.press('Control+z');
  await readAs(page, 'sql');
  await page.close();
});

test('a file picked with Open… is read as its name says', async () => {
  const page = await openApp(env);
  await page.locator('.open-files-input').setInputFiles([{ name: 'shop.dbml', mimeType: 'text/plain', buffer: Buffer.from('Table orders {\n  id int [pk]\n}\n') }]);
  await readAs(page, 'dbml');
  await waitTables(page, ['orders']);
  await page.close();
});

const CATALOG = `{"format" : "schemaplay-catalog", "version" : 1, "engine" : "postgres", "server_version" : "15.18",
 "schemas" : ["public"], "enums" : [], "domains" : [], "sequences" : [],
 "tables" : [
  {"schema" : "public", "name" : "orgs", "kind" : "r", "unlogged" : false, "comment" : "Tenants", "rls_enabled" : false, "rls_forced" : false, "partition_key" : null, "partition_of" : null, "view_definition" : null,
   "columns" : [{"name" : "id", "type" : "integer", "not_null" : true, "default" : null, "identity" : "a", "generated" : null, "collation" : null, "comment" : null}],
   "constraints" : [{"name" : "orgs_pk", "type" : "p", "definition" : "PRIMARY KEY (id)", "inherited" : false}],
   "indexes" : [], "policies" : [], "triggers" : []},
  {"schema" : "public", "name" : "members", "kind" : "r", "unlogged" : false, "comment" : null, "rls_enabled" : false, "rls_forced" : false, "partition_key" : null, "partition_of" : null, "view_definition" : null,
   "columns" : [{"name" : "id", "type" : "bigint", "not_null" : true, "default" : null, "identity" : "a", "generated" : null, "collation" : null, "comment" : null},
                {"name" : "org_id", "type" : "integer", "not_null" : true, "default" : null, "identity" : "", "generated" : null, "collation" : null, "comment" : null}],
   "constraints" : [{"name" : "members_pkey", "type" : "p", "definition" : "PRIMARY KEY (id)", "inherited" : false},
                    {"name" : "members_org_fk", "type" : "f", "definition" : "FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE", "inherited" : false}],
   "indexes" : [], "policies" : [], "triggers" : []}
 ]}`;

test('pasted catalog JSON is read as the catalog, with its real constraint names', async () => {
  const page = await openApp(env);
  await input(page).evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, CATALOG);
  await readAs(page, 'catalog');
  await waitTables(page, ['public.members', 'public.orgs']);
  assert.equal(await kindSelect(page).locator('option[value="auto"]').innerText(), 'Auto: Catalog JSON');
  await page.locator('#tab-sql').click();
  await page.waitForFunction(() => /CONSTRAINT "?members_org_fk"?/.test(document.querySelector('.code-text')?.innerText ?? ''), null, { timeout: 60_000 });
  // Highlighted as JSON: "…" is a string (SQL would take it for a quoted name).
  const layer = page.locator('.editor-pane .code-layer');
  assert.ok((await layer.locator('.tok-str').allInnerTexts()).includes('"orgs"'));
  assert.equal(await layer.locator('.tok-ident').count(), 0);
  await page.close();
});

test('every example has a Prisma and a Drizzle twin in the Examples menu', async () => {
  const page = await openApp(env);
  const values = await page.locator('.examples-select option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  const ids = values.filter((v) => !v.includes('.'));
  assert.ok(ids.length >= 6, values.join());
  for (const id of ids) {
    assert.ok(values.includes(`${id}.prisma`) && values.includes(`${id}.drizzle`), `${id}: ${values.join()}`);
  }
  await page.locator('.examples-select').selectOption('blog');
  await readAs(page, 'sql');
  const tables = await (async () => { await page.waitForSelector('.erd-stage g.table'); return tableKeys(page); })();
  for (const [value, kind, marker] of [['blog.prisma', 'prisma', /^model /m], ['blog.drizzle', 'drizzle', /pgTable\(/]]) {
    await page.locator('.examples-select').selectOption(value);
    await page.waitForFunction((re) => new RegExp(re, 'm').test(document.querySelector('.editor-pane .code-input').value), marker.source, { timeout: 60_000 });
    await readAs(page, kind);
    // The twin draws the example's tables.
    await waitTables(page, tables);
  }
  await page.close();
});

test('a quick fix on Prisma input is written in Prisma: Fix adds the @@index, the finding goes, Ctrl+Z restores', async () => {
  const page = await openApp(env);
  await input(page).fill(PRISMA);
  await readAs(page, 'prisma');
  await waitTables(page, ['Author', 'Book']);
  await page.locator('#tab-findings').click();
  const fk = page.locator('.finding[data-rule="fk-missing-index"][data-column="authorId"]');
  await fk.waitFor({ timeout: 30_000 });
  // the engine worker writes the fix in Prisma; it arrives after the findings
  await fk.locator('.fix-btn').waitFor({ timeout: 60_000 });
  assert.match(await fk.locator('.fix-desc').innerText(), /@@index\(\[authorId\]\)/);
  // the retype finding's Fix is written in Prisma too (`@db.VarChar(n)` goes), never an SQL edit
  const text = page.locator('.finding[data-rule="prefer-text-field"]');
  await text.waitFor();
  await text.locator('.fix-btn').waitFor({ timeout: 60_000 });
  assert.doesNotMatch(await text.locator(".fix-desc").innerText(), /ALTER TABLE|CREATE TABLE/);
  await fk.locator('.fix-btn').click();
  const want = PRISMA.replace('  authorId Int\n}', '  authorId Int\n\n  @@index([authorId])\n}');
  await page.waitForFunction((w) => document.querySelector('.editor-pane .code-input').value === w, want, { timeout: 10_000 });
  await readAs(page, 'prisma');
  await fk.waitFor({ state: 'detached', timeout: 60_000 });
  await input(page).focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((w) => document.querySelector('.editor-pane .code-input').value === w, PRISMA, { timeout: 10_000 });
  await fk.waitFor({ timeout: 60_000 });
  await page.close();
});
