// Editing a Drizzle schema from the diagram (issue 19): the engine writes each change in Drizzle
// (a new pgTable statement, a column member, a `.references()`), the text stays Drizzle, and
// Ctrl+Z undoes every step. Release build in Chromium. Run: node --test tests/e2e/edit-drizzle.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, editSteps, undoSteps, schemaInput as input } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const DRIZZLE = `import { pgTable, serial, text, integer } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull(),
});

export const posts = pgTable("posts", {
  id: serial("id").primaryKey(),
  title: text("title"),
});
`;

const panel = (page) => page.locator('.diagram-edit');
const col = (page, name) => panel(page).locator(`.edit-col[data-col="${name}"]`);
const readAs = (page, kind) => page.waitForFunction((k) => document.querySelector('.kind-select')?.dataset.kind === k, kind, { timeout: 60_000 });

test('a Drizzle schema edited from the diagram: a table, a column and a relationship written in Drizzle; Ctrl+Z undoes them', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  // typed in (not set by script), as a person pastes it: the editor's undo history starts here
  await input(page).focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(DRIZZLE);
  await readAs(page, 'drizzle');
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="posts"]');

  const { texts, step } = await editSteps(page, () => readAs(page, 'drizzle'));
  // a click on the box, not the diagram's search field: Chromium keeps one undo history for the
  // whole page, so text typed into the search field would be what the editor's Ctrl+Z takes back first
  const select = async (key) => {
    await page.locator(`.erd-stage g.table[data-key="${key}"] .box`).click();
    if ((await page.locator('.edit-btn').getAttribute('aria-pressed')) !== 'true') await page.locator('.edit-btn').click();
    await page.waitForFunction((k) => document.querySelector('.diagram-edit .edit-table-name')?.value === k, key);
  };

  await step('add a table', () => page.locator('.add-table-btn').click());
  await page.locator('.erd-stage g.table[data-key="new_table"]').waitFor();
  assert.match(texts.at(-1), /export const newTable = pgTable\("new_table", \{\n  id: bigint\("id", \{ mode: "number" \}\)\.primaryKey\(\),\n\}\);\n/);
  assert.match(texts.at(-1), /import \{ pgTable, serial, text, integer, bigint \} from "drizzle-orm\/pg-core";/);

  await select('posts');
  await step('add column author_id', async () => {
    await panel(page).locator('.new-col-name').fill('author_id');
    await panel(page).locator('.new-col-type').fill('integer');
    await panel(page).locator('.add-col').click();
  });
  await col(page, 'author_id').waitFor();
  assert.match(texts.at(-1), /  title: text\("title"\),\n  author_id: integer\("author_id"\),\n\}\);/);

  await step('posts.author_id → users (the panel\'s form)', async () => {
    await panel(page).locator('.rel-from').selectOption('author_id');
    await panel(page).locator('.rel-table').selectOption('users');
    await panel(page).locator('.add-rel').click();
  });
  assert.match(texts.at(-1), /author_id: integer\("author_id"\)\.references\(\(\) => users\.id\),/);
  await page.waitForSelector('.erd-stage g.edge[data-from="posts"][data-to="users"]');
  // the text is still a Drizzle module: no SQL was written into it
  assert.doesNotMatch(texts.at(-1), /CREATE TABLE|ALTER TABLE/);

  // Ctrl+Z in the editor undoes the steps one by one, the first one too. Chromium keeps one undo
  // history for the whole page, so what was typed into the diagram's fields (search, the panel's
  // new column) is in it as well: a Ctrl+Z may take back such a field's text and leave the editor
  // as it is (what session 8 first took for a lost first step). So a step may take a few presses,
  // but every change of the editor's text must be exactly one step back.
  await undoSteps(page, texts, 4);
  await page.close();
});
