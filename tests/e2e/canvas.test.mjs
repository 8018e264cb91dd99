// End-to-end test of editing the schema from the diagram (issue 19) on the release build (dist/):
// a five-table schema with its relationships sketched with the diagram's controls only (no DDL
// typed), checked in the text, the diagram and Findings; Ctrl+Z undoes each step; a share link
// reproduces the result; the edit controls pass axe. Run: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp } from './browser.mjs';
import { seriousViolations } from './axe.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const box = (page, key) => page.locator(`.erd-stage g.table[data-key="${key}"]`);
const panel = (page) => page.locator('.diagram-edit');
const col = (page, name) => panel(page).locator(`.edit-col[data-col="${name}"]`);

test('a five-table schema sketched from the diagram: text, diagram, Findings, undo per step, share link', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  const input = page.locator('.code-input');
  // Start from an empty editor (select all, delete: the only keys typed into it).
  await input.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.diagram-empty');

  // Each step is one diagram action; it must change the text (through the engine's plan), and
  // the new text is remembered so Ctrl+Z can be checked step by step at the end.
  const texts = [await input.inputValue()];
  const step = async (what, action) => {
    const was = texts[texts.length - 1];
    await action();
    await page.waitForFunction((w) => document.querySelector('.code-input').value !== w, was, { timeout: 15_000 })
      .catch(async () => { throw new Error(`${what}: the text did not change (${await page.locator('.edit-status').innerText()})`); });
    // the analysis of the new text is on screen before the next action
    // (the analysis starts after a 200 ms debounce)
    await page.waitForTimeout(350);
    await page.waitForFunction(() => !document.querySelector('.status-analysing'));
    texts.push(await input.inputValue());
  };
  const addTable = async (name) => {
    await step(`add ${name}`, () => page.locator('.add-table-btn').click());
    await box(page, 'new_table').waitFor();
    await step(`rename to ${name}`, async () => {
      await panel(page).locator('.edit-table-name').fill(name);
      await panel(page).locator('.edit-table-name').press('Enter');
    });
    await box(page, name).waitFor();
  };
  const addColumn = async (name, type) => {
    await step(`add column ${name}`, async () => {
      await panel(page).locator('.new-col-name').fill(name);
      await panel(page).locator('.new-col-type').fill(type);
      await panel(page).locator('.add-col').click();
    });
    await col(page, name).waitFor();
  };
  const flag = async (column, cls) => {
    await step(`${cls} on ${column}`, () => col(page, column).locator(`.${cls} input`).click());
  };
  const relate = async (column, target) => {
    await step(`${column} → ${target}`, async () => {
      await panel(page).locator('.rel-from').selectOption(column);
      await panel(page).locator('.rel-table').selectOption(target);
      await panel(page).locator('.add-rel').click();
    });
  };
  const select = async (key) => {
    await page.locator('.diagram-search').fill(key);
    await page.locator('.diagram-search').press('Enter');
    if ((await page.locator('.edit-btn').getAttribute('aria-pressed')) !== 'true') await page.locator('.edit-btn').click();
    await page.waitForFunction((k) => document.querySelector('.diagram-edit .edit-table-name')?.value === k, key);
    assert.equal(await panel(page).locator('.edit-table-name').inputValue(), key);
  };

  await addTable('users');
  await addColumn('email', 'text');
  await flag('email', 'col-nn');
  await flag('email', 'col-uq');
  await addTable('posts');
  await addColumn('author_id', 'bigint');
  await flag('author_id', 'col-nn');
  await relate('author_id', 'users');
  await addColumn('title', 'text');
  await addTable('tags');
  await addColumn('label', 'text');
  await addTable('post_tags');
  await addColumn('post_id', 'bigint');
  await relate('post_id', 'posts');
  await addColumn('tag_id', 'bigint');
  await relate('tag_id', 'tags');
  await addTable('comments');
  await addColumn('post_id', 'bigint');
  await relate('post_id', 'posts');
  await addColumn('body', 'text');
  // Retype, rename and delete a column; delete a relationship and add it back.
  await step('retype body', async () => {
    await col(page, 'body').locator('.col-type').fill('varchar(2000)');
    await col(page, 'body').locator('.col-type').press('Enter');
  });
  await step('rename body', async () => {
    await col(page, 'body').locator('.col-name').fill('content');
    await col(page, 'body').locator('.col-name').press('Enter');
  });
  await addColumn('scratch', 'integer');
  await step('delete scratch', () => col(page, 'scratch').locator('.col-del').click());
  await step('delete relationship', () => panel(page).locator('.edit-rel .rel-del').first().click());
  await relate('post_id', 'posts');
  // Switch back to posts through search: the panel follows the selection.
  await select('posts');

  // The text: five CREATE TABLEs, four foreign keys, each change where it belongs.
  const text = await input.inputValue();
  assert.equal((text.match(/CREATE TABLE/g) ?? []).length, 5, text);
  assert.equal((text.match(/REFERENCES/g) ?? []).length, 4, text);
  assert.match(text, /email text NOT NULL/, text);
  assert.match(text, /UNIQUE/, text);
  assert.match(text, /content varchar\(2000\)/, text);
  assert.doesNotMatch(text, /scratch|new_table/, text);
  // The diagram: five boxes, four edges, each edge between the tables the text names.
  const keys = await page.locator('.erd-stage g.table').evaluateAll((els) => els.map((e) => e.dataset.key).sort());
  assert.deepEqual(keys, ['comments', 'post_tags', 'posts', 'tags', 'users']);
  const edges = await page.locator('.erd-stage g.edge').evaluateAll((els) => els.map((e) => `${e.dataset.from}>${e.dataset.to}`).sort());
  assert.deepEqual(edges, ['comments>posts', 'post_tags>posts', 'post_tags>tags', 'posts>users']);
  // Findings: the text reads without a parser diagnostic and without an error-level finding.
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.findings');
  assert.equal(await page.locator('.finding.parser').count(), 0, 'no parser diagnostics');
  assert.equal(await page.locator('.finding.sev-error').count(), 0, 'no errors');

  // A share link reproduces the result in a fresh context: the same text and the same boxes.
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.keyboard.press('Escape');
  const fresh = await openApp(env, link.slice(env.origin.length), { viewport: { width: 1400, height: 900 } });
  assert.equal(await fresh.locator('.code-input').inputValue(), text);
  await fresh.locator('#tab-diagram').click();
  await fresh.waitForSelector('.erd-stage g.table[data-key="comments"]');
  assert.equal(await fresh.locator('.erd-stage g.table').count(), 5);
  await fresh.close();

  // Ctrl+Z in the editor undoes the steps one by one, back to the empty text.
  await input.focus();
  for (let i = texts.length - 1; i > 0; i--) {
    await page.keyboard.press('Control+z');
    assert.equal(await input.inputValue(), texts[i - 1], `undo of step ${i} gives the text before it`);
  }
  await page.close();
});

test('the table editor is reachable by keyboard and passes axe; a clash is refused with the reason', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="users"]');
  // Keyboard: search the table, Enter, then the Edit button with Enter.
  await page.locator('.diagram-search').focus();
  await page.keyboard.type('users');
  await page.keyboard.press('Enter');
  await page.locator('.edit-btn').focus();
  await page.keyboard.press('Enter');
  await panel(page).locator('.edit-table-name').waitFor();
  assert.deepEqual(await seriousViolations(page, '.diagram'), []);
  // Renaming users to an existing table's name: the text stays, the reason is shown.
  const before = await page.locator('.code-input').inputValue();
  await panel(page).locator('.edit-table-name').fill('projects');
  await panel(page).locator('.edit-table-name').press('Enter');
  await page.waitForFunction(() => /already exists/.test(document.querySelector('.edit-status')?.innerText ?? ''));
  assert.equal(await page.locator('.code-input').inputValue(), before);
  // Double-click on empty canvas adds a table there.
  await page.locator('.zoom-fit').click();
  const vpBox = await page.locator('.diagram-viewport').boundingBox();
  const svgBox = await page.locator('.erd-stage svg').boundingBox();
  // inside the drawing (a pin is never left of or above its origin)
  const x0 = Math.max(vpBox.x, svgBox.x), y0 = Math.max(vpBox.y, svgBox.y);
  const vp = { x: x0, y: y0, width: Math.min(vpBox.x + vpBox.width, svgBox.x + svgBox.width) - x0, height: Math.min(vpBox.y + vpBox.height, svgBox.y + svgBox.height) - y0 };
  const empty = await page.evaluate(({ x, y, w, h }) => {
    for (let i = 0; i < 400; i++) {
      const px = x + 20 + ((i * 37) % (w - 40)), py = y + 20 + ((i * 53) % (h - 40));
      const el = document.elementFromPoint(px, py);
      if (el && !el.closest('g.table, g.edge, .erd-minimap, .diagram-edit')) return [px, py];
    }
    return null;
  }, { x: vp.x, y: vp.y, w: vp.width, h: vp.height });
  assert.ok(empty, 'an empty spot');
  const b0 = await page.locator('.code-input').inputValue();
  await page.mouse.dblclick(empty[0], empty[1]);
  await page.waitForFunction((w) => document.querySelector('.code-input').value !== w, b0);
  await box(page, 'new_table').waitFor();
  const nb = await box(page, 'new_table').boundingBox();
  assert.ok(Math.abs(nb.x - empty[0]) < 40 && Math.abs(nb.y - empty[1]) < 40, `the box is where the double-click was (${nb.x},${nb.y} vs ${empty})`);
  assert.deepEqual(env.problems, []);
  await page.close();
});
