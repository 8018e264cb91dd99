// End-to-end test of editing a Prisma schema from the diagram (issue 19: edits are written in the
// input's own language) on the release build (dist/): a table added from the toolbar, a column
// added in the edit panel and a relationship dragged from a column's handle become a `model`
// block, a field line and the two relation fields, in Prisma; the diagram shows them; Ctrl+Z
// undoes each step. Run: node --test tests/e2e/canvas_prisma.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, editSteps, undoSteps } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const PRISMA = `datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}

model Post {
  id       Int    @id @default(autoincrement())
  authorId Int    @map("author_id")
  title    String
}
`;

const box = (page, key) => page.locator(`.erd-stage g.table[data-key="${key}"]`);
const panel = (page) => page.locator('.diagram-edit');

/// The app with `text` in the editor, on the Diagram tab once table `key` is drawn and analysed.
async function openWith(text, key) {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await page.locator('.code-input').fill(text);
  await page.locator('#tab-diagram').click();
  await box(page, key).waitFor();
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  return page;
}

test('a Prisma schema edited from the diagram: add table, add column, drag a relationship; written in Prisma, Ctrl+Z undoes each', async () => {
  const page = await openWith(PRISMA, 'Post');

  const { texts, step } = await editSteps(page);

  // 1. a table from the toolbar: a model block after the last model
  await step('add a table', () => page.locator('.add-table-btn').click());
  await box(page, 'new_table').waitFor();
  assert.match(texts[1], /\n\nmodel new_table \{\n {2}id BigInt @id\n\}\n$/, texts[1]);
  assert.ok(texts[1].startsWith(PRISMA.trimEnd()), 'the text before the new model is untouched');

  // 2. a column from the edit panel (the new table is selected and its panel open)
  await panel(page).locator('.new-col-name').waitFor();
  await step('add a column', async () => {
    await panel(page).locator('.new-col-name').fill('label');
    await panel(page).locator('.new-col-type').fill('varchar(80)');
    await panel(page).locator('.add-col').click();
  });
  await panel(page).locator('.edit-col[data-col="label"]').waitFor();
  assert.match(texts[2], /model new_table \{\n {2}id +BigInt +@id\n {2}label +String\? +@db\.VarChar\(80\)\n\}/, texts[2]);

  // 3. a relationship dragged from Post.author_id's handle onto User's header (its key)
  await step('drag Post.author_id → User', async () => {
    if (await panel(page).count()) await panel(page).locator('.edit-close').click();
    await page.locator('.zoom-fit').click();
    const fb = await box(page, 'Post').locator('.box').boundingBox();
    await page.mouse.move(fb.x + fb.width / 2, fb.y + 6, { steps: 2 });
    const handle = page.locator('.col-handle[data-key="Post"][data-col="author_id"]');
    await handle.waitFor();
    const hb = await handle.boundingBox();
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    const tb = await box(page, 'User').locator('.head').boundingBox();
    await page.mouse.move(tb.x + tb.width / 2, tb.y + tb.height / 2, { steps: 8 });
    assert.equal(await page.locator('.link-label').innerText(), 'references User');
    await page.mouse.up();
  });
  const text = texts[3];
  assert.match(text, /\n {2}author +User +@relation\(fields: \[authorId\], references: \[id\]\)\n/, text);
  assert.match(text, /\n {2}posts +Post\[\]\n/, text);
  assert.doesNotMatch(text, /CREATE|REFERENCES/, 'no SQL is written into the Prisma schema');
  await page.waitForSelector('.erd-stage g.edge[data-from="Post"][data-to="User"]');

  // Findings: the edited schema reads without a reader diagnostic
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.findings');
  assert.equal(await page.locator('.finding.parser').count(), 0, 'no reader diagnostics');

  // Ctrl+Z in the editor undoes the steps one by one, back to the schema as it was
  await undoSteps(page, texts);
  assert.deepEqual(env.problems, []);
  await page.close();
});

// Session 9 (edit-prisma2): a column that a key, an index and a relation name is deleted with them,
// written as a Prisma user would (the @@index line, the relation field and its back relation go;
// the fields left are laid out as `prisma format` has them); a column retyped to an enum block
// offered among the types; the join table of an implicit many-to-many relation deleted (its two
// list fields).
const PRISMA_KEYS = `datasource db {
  provider = "postgresql"
}

model Team {
  id      Int      @id @default(autoincrement())
  code    String   @unique
  members Member[]
  labels  Label[]
}

model Member {
  id       Int    @id @default(autoincrement())
  teamCode String
  level    String
  team     Team   @relation(fields: [teamCode], references: [code])

  @@index([teamCode, level])
}

model Label {
  id    Int    @id
  teams Team[]
}

enum Kind {
  OPEN
  CLOSED
}
`;

test('a Prisma column named by an index and a relation is deleted with them; a column retyped to an enum; a many-to-many join table deleted', async () => {
  const page = await openWith(PRISMA_KEYS, 'Member');
  await page.waitForSelector('.erd-stage g.edge[data-from="Member"][data-to="Team"]');
  const { texts, step } = await editSteps(page);
  const col = (name) => panel(page).locator(`.edit-col[data-col="${name}"]`);
  // a table is selected by a click on its box (typing into the diagram's search box would put
  // that typing between the edits in the page's undo history)
  const select = async (key) => {
    if (await panel(page).count()) await panel(page).locator('.edit-close').click();
    await page.locator('.zoom-fit').click();
    const b = await box(page, key).locator('.head').boundingBox();
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    if ((await page.locator('.edit-btn').getAttribute('aria-pressed')) !== 'true') await page.locator('.edit-btn').click();
    await page.waitForFunction((k) => document.querySelector('.diagram-edit .edit-table-name')?.value === k, key);
  };

  await select('Member');
  await step('delete Member.teamCode', () => col('teamCode').locator('.col-del').click());
  assert.equal(texts[1], PRISMA_KEYS
    .replace('  members Member[]\n', '')
    .replace('  id      Int      @id @default(autoincrement())\n  code    String   @unique\n  labels  Label[]\n', '  id     Int     @id @default(autoincrement())\n  code   String  @unique\n  labels Label[]\n')
    .replace('  id       Int    @id @default(autoincrement())\n  teamCode String\n  level    String\n  team     Team   @relation(fields: [teamCode], references: [code])\n\n  @@index([teamCode, level])\n', '  id    Int    @id @default(autoincrement())\n  level String\n'));
  await page.waitForSelector('.erd-stage g.edge[data-from="Member"][data-to="Team"]', { state: 'detached' });

  // the enum is offered among the types (by its SQL name), and written as the enum
  assert.equal(await page.locator('#edit-types option[value=\'"Kind"\']').count(), 1, 'the enum is a type choice');
  await step('retype Member.level to the enum', async () => {
    await col('level').locator('.col-type').fill('"Kind"');
    await col('level').locator('.col-type').press('Enter');
  });
  assert.match(texts[2], /\n {2}level Kind\n/, texts[2]);

  await step('delete the join table _LabelToTeam', async () => {
    await select('_LabelToTeam');
    await panel(page).locator('.drop-table').click();
  });
  assert.doesNotMatch(texts[3], /Label\[\]|Team\[\]/, texts[3]);
  await box(page, '_LabelToTeam').waitFor({ state: 'detached' });

  await undoSteps(page, texts);
  assert.deepEqual(env.problems, []);
  await page.close();
});
