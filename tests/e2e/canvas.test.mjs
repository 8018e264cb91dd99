// End-to-end test of editing the schema from the diagram (issue 19) on the release build (dist/):
// a five-table schema with its relationships sketched with the diagram's controls only (no DDL
// typed: relationships dragged from a column's handle, columns edited in place in the box, an FK
// action chosen), checked in the text, the diagram and Findings; Ctrl+Z undoes each step; a share
// link reproduces the result; the edit controls pass axe; a drag to a column that is not unique
// offers to create the key; after edits the other boxes stay where they were (incremental layout),
// Ctrl+Z in the diagram undoes the last edit. Run: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, editSteps, undoSteps } from './browser.mjs';
import { seriousViolations } from './axe.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const box = (page, key) => page.locator(`.erd-stage g.table[data-key="${key}"]`);
const panel = (page) => page.locator('.diagram-edit');
const col = (page, name) => panel(page).locator(`.edit-col[data-col="${name}"]`);
const exact = (t) => new RegExp(`^${t}$`);
// The centre of a drawn column's name (`text.col`) or type (`text.type`) in box `key`.
const rowText = async (page, key, column, cls = 'col') => {
  const names = box(page, key).locator('text.col');
  const n = await names.count();
  for (let i = 0; i < n; i++) {
    if ((await names.nth(i).textContent()) === column) {
      const b = await box(page, key).locator(`text.${cls}`).nth(i).boundingBox();
      return [b.x + Math.min(b.width / 2, 12), b.y + b.height / 2];
    }
  }
  throw new Error(`no row ${column} in ${key}`);
};
// Drags the handle of `column` in box `from` to `toColumn`'s row of box `to` (else its header):
// pointer only, as a person draws a relationship.
const drag = async (page, from, column, to, toColumn) => {
  if (await panel(page).count()) await panel(page).locator('.edit-close').click();
  await page.locator('.zoom-fit').click();
  const fb = await box(page, from).locator('.box').boundingBox();
  await page.mouse.move(fb.x + fb.width / 2, fb.y + 6, { steps: 2 });
  const handle = page.locator(`.col-handle[data-key="${from}"][data-col="${column}"]`);
  await handle.waitFor();
  const hb = await handle.boundingBox();
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  const [tx, ty] = toColumn ? await rowText(page, to, toColumn) : await (async () => {
    const b = await box(page, to).locator('.head').boundingBox();
    return [b.x + b.width / 2, b.y + b.height / 2];
  })();
  await page.mouse.move(tx, ty, { steps: 8 });
  assert.equal(await page.locator('.link-label').innerText(), `references ${toColumn ? `${to}.${toColumn}` : to}`);
  await page.mouse.up();
  assert.equal(await page.locator('.link-line').count(), 0, 'the rubber band is gone');
};
// Double-clicks a column's name or type in its box: the inline editor opens over the row.
const inline = async (page, key, column, cls) => {
  await page.locator('.zoom-fit').click();
  const [x, y] = await rowText(page, key, column, cls);
  await page.mouse.dblclick(x, y);
  await page.locator('.inline-edit').waitFor();
  return page.locator('.inline-edit');
};

test('a five-table schema sketched from the diagram: text, diagram, Findings, undo per step, share link', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  const input = page.locator('.code-input');
  // Start from an empty editor (select all, delete: the only keys typed into it).
  await input.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.diagram-empty');

  // Each step is one diagram action; it must change the text (through the engine's plan).
  const { texts, step } = await editSteps(page);
  // A free spot of the canvas (no box, edge or control under it), in page coordinates.
  const emptySpot = () => page.evaluate(() => {
    const r = document.querySelector('.diagram-viewport').getBoundingClientRect();
    for (let fy = 0.9; fy > 0.1; fy -= 0.1) {
      for (let fx = 0.9; fx > 0.1; fx -= 0.1) {
        const [x, y] = [r.left + r.width * fx, r.top + r.height * fy];
        const el = document.elementFromPoint(x, y);
        if (el && el.closest('.diagram-viewport') && !el.closest('g.table, g.edge, .erd-overlay, .erd-badges, .erd-minimap')) return [x, y];
      }
    }
    return null;
  });
  // From the toolbar, or (dblclick) by a double-click on empty canvas: the box appears there.
  const addTable = async (name, dblclick = false) => {
    if (dblclick) {
      if (await panel(page).count()) await panel(page).locator('.edit-close').click();
      await page.locator('.zoom-fit').click();
      const at = await emptySpot();
      assert.ok(at, 'an empty spot on the canvas');
      await step(`add ${name} by a double-click`, () => page.mouse.dblclick(at[0], at[1]));
      await box(page, 'new_table').waitFor();
      const b = await box(page, 'new_table').locator('.box').boundingBox();
      assert.ok(Math.abs(b.x - at[0]) < 3 && Math.abs(b.y - at[1]) < 3, `the box is where it was placed: ${b.x},${b.y} vs ${at}`);
    } else {
      await step(`add ${name}`, () => page.locator('.add-table-btn').click());
    }
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
    await step(`${column} → ${target} (the panel's form)`, async () => {
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

  const focusInDiagram = () => page.evaluate(() => !!document.activeElement?.closest('.diagram'));

  await addTable('users');
  await addColumn('email', 'text');
  await flag('email', 'col-nn');
  await addTable('posts');
  await addColumn('author_email', 'text');
  await flag('author_email', 'col-nn');
  await addColumn('title', 'text');
  await addTable('tags', true);
  await addColumn('label', 'text');
  await addTable('post_tags');
  await addColumn('post_id', 'bigint');
  await addColumn('tag_id', 'bigint');
  await addTable('comments');
  await addColumn('post_id', 'bigint');
  await addColumn('body', 'text');
  // Four relationships drawn by dragging: onto a column that is not unique (users.email: the app
  // offers to create the key, accepted), onto a table's box (its key) and onto a key column.
  await step('drag posts.author_email → users.email, and create the key', async () => {
    const was = await input.inputValue();
    await drag(page, 'posts', 'author_email', 'users', 'email');
    await page.locator('.edit-status .create-key').waitFor();
    assert.equal(await input.inputValue(), was, 'nothing is written before the key is accepted');
    await page.locator('.edit-status .create-key').click();
  });
  assert.ok(await focusInDiagram(), 'the focus stays on the diagram after an edit from it');
  await step('drag post_tags.post_id → posts.id', () => drag(page, 'post_tags', 'post_id', 'posts', 'id'));
  await step('drag post_tags.tag_id → tags', () => drag(page, 'post_tags', 'tag_id', 'tags'));
  await step('drag comments.post_id → posts.id', () => drag(page, 'comments', 'post_id', 'posts', 'id'));
  // In place in the box: retype and rename a column, switch NOT NULL on; Escape cancels.
  await step('retype body in the box', async () => {
    const ed = await inline(page, 'comments', 'body', 'type');
    assert.ok(await ed.locator('.inline-type').evaluate((e) => e === document.activeElement), 'the type input has the focus');
    assert.ok(await page.locator('#inline-types option[value="varchar"], #inline-types option[value="bigint"]').count() > 0, 'the dialect\'s types are offered');
    await ed.locator('.inline-type').fill('varchar(2000)');
    await ed.locator('.inline-type').press('Enter');
  });
  await page.locator('.inline-edit').waitFor({ state: 'detached' });
  assert.ok(await focusInDiagram(), 'the focus is back on the diagram after an inline edit');
  await step('rename body in the box', async () => {
    const ed = await inline(page, 'comments', 'body', 'col');
    await ed.locator('.inline-name').fill('content');
    await ed.locator('.inline-name').press('Enter');
  });
  await step('NOT NULL on title from the box', async () => {
    const ed = await inline(page, 'posts', 'title', 'col');
    await ed.getByRole('checkbox', { name: 'NOT NULL on column title' }).click();
  });
  assert.ok(await page.locator('.inline-edit').getByRole('checkbox', { name: 'NOT NULL on column title' }).isChecked(), 'the box editor shows the new state');
  await page.locator('.inline-edit .inline-name').press('Escape');
  await page.locator('.inline-edit').waitFor({ state: 'detached' });
  const beforeEscape = await input.inputValue();
  const ed = await inline(page, 'posts', 'title', 'type');
  await ed.locator('.inline-type').fill('integer');
  await ed.locator('.inline-type').press('Escape');
  await page.locator('.inline-edit').waitFor({ state: 'detached' });
  assert.equal(await input.inputValue(), beforeEscape, 'Escape cancels');
  // The edit panel: add and delete a column; an FK action; delete a relationship and add it back
  // with the panel's form (the keyboard alternative to dragging).
  await select('comments');
  await addColumn('scratch', 'integer');
  await step('delete scratch', () => col(page, 'scratch').locator('.col-del').click());
  await step('ON DELETE CASCADE', () => panel(page).locator('.edit-rel .rel-on-delete').first().selectOption('cascade'));
  assert.equal(await panel(page).locator('.edit-rel .rel-on-delete').first().inputValue(), 'cascade');
  await step('delete relationship', () => panel(page).locator('.edit-rel .rel-del').first().click());
  await relate('post_id', 'posts');
  await step('ON DELETE CASCADE again', () => panel(page).locator('.edit-rel .rel-on-delete').first().selectOption('cascade'));
  // Switch back to posts through search: the panel follows the selection.
  await select('posts');

  // The text: five CREATE TABLEs, four foreign keys, each change where it belongs.
  const text = await input.inputValue();
  assert.equal((text.match(/CREATE TABLE/g) ?? []).length, 5, text);
  assert.equal((text.match(/REFERENCES/g) ?? []).length, 4, text);
  assert.match(text, /email text NOT NULL/, text);
  assert.match(text, /UNIQUE/, text);
  assert.match(text, /REFERENCES users\s*\(email\)/, text);
  assert.match(text, /content varchar\(2000\)/, text);
  assert.match(text, /title text NOT NULL/, text);
  assert.match(text, /REFERENCES posts[^;\n]*ON DELETE CASCADE/, text);
  assert.equal((text.match(/ON DELETE/g) ?? []).length, 1, text);
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
  const findings = await page.locator('.finding.lint').evaluateAll((els) => els.map((e) => `${e.dataset.rule} ${e.innerText.split('\n')[0]}`));
  console.log(`sketch findings (${findings.length}):\n${findings.join('\n')}`);
  // What stays, and why: the sketch adds no index on its FK columns (each finding offers a Fix),
  // no created_at/updated_at columns, keeps the default ON DELETE on three relationships, and
  // asked for varchar(2000).
  const allowed = ['fk-missing-index', 'missing-timestamps', 'fk-missing-on-delete', 'prefer-text-field'];
  const other = findings.filter((f) => !allowed.includes(f.split(' ')[0]));
  assert.deepEqual(other, [], 'no other finding on the sketched schema');

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
  await undoSteps(page, texts);
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

// A fresh page whose editor holds `sql`, on the Diagram tab once box `key` is drawn and analysed.
const diagramOf = async (sql, key) => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await page.locator('.code-input').fill(sql);
  await page.locator('#tab-diagram').click();
  await box(page, key).waitFor();
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  return { page, input: page.locator('.code-input') };
};

test('a relationship dragged onto a column that is not unique offers to create the key; a drop back on its own row asks for nothing', async () => {
  const { page, input } = await diagramOf('CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\nCREATE TABLE invites (id bigint PRIMARY KEY, email text);\n', 'invites');
  const before = await input.inputValue();
  await drag(page, 'invites', 'email', 'users', 'email');
  await page.locator('.edit-status .create-key').waitFor();
  assert.match(await page.locator('.edit-status').innerText(), /not a primary key or unique/);
  assert.equal(await input.inputValue(), before, 'nothing is written before the key is accepted');
  await page.locator('.edit-status .create-key').click();
  await page.waitForFunction((w) => document.querySelector('.code-input').value !== w, before);
  const text = await input.inputValue();
  assert.match(text, /REFERENCES users\s*\(email\)/, text);
  assert.match(text, /UNIQUE/, text);
  // the new edge is drawn
  await page.waitForSelector('.erd-stage g.edge[data-from="invites"][data-to="users"]');
  // dropped back on the row it started from: a note, no edit
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  const now = await input.inputValue();
  await drag(page, 'invites', 'id', 'invites', 'id');
  await page.waitForFunction(() => /another table/.test(document.querySelector('.edit-status')?.innerText ?? ''));
  assert.equal(await input.inputValue(), now);
  assert.deepEqual(env.problems, []);
  await page.close();
});

test('a table with findings shows a badge (count and worst severity in text); it lists them, links to the Findings tab and the line, and a Fix from there works', async () => {
  const { page, input } = await diagramOf('CREATE TABLE users (id int, email varchar(10));\nCREATE TABLE posts (id bigint PRIMARY KEY, author int REFERENCES users (id));\nCREATE TABLE tidy (id bigint PRIMARY KEY);\n', 'posts');
  const badge = (key) => page.locator(`.finding-badge[data-key="${key}"]`);
  await badge('users').waitFor();
  // The badge is on its box's top right corner.
  const bb = await badge('users').boundingBox();
  const ub = await box(page, 'users').locator('.box').boundingBox();
  assert.ok(Math.abs(bb.x + bb.width / 2 - (ub.x + ub.width)) < bb.width && Math.abs(bb.y + bb.height / 2 - ub.y) < bb.height, 'the badge sits on the box corner');
  const severities = ['info', 'warning', 'error'];
  const marks = { error: '✖', warning: '▲', info: '●' };
  const check = async (key) => {
    const label = (await badge(key).innerText()).trim();
    const [count, mark] = label.split(' ');
    await badge(key).click();
    const pop = page.locator('.badge-pop');
    await pop.waitFor();
    assert.match(await pop.getAttribute('aria-label'), new RegExp(`Findings of ${key}`));
    const items = pop.locator('.badge-finding');
    assert.equal(await items.count(), Number(count), `${key}: the badge counts its findings`);
    const sevs = await items.evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('sev-')).slice(4)));
    const worst = sevs.reduce((a, b) => (severities.indexOf(b) > severities.indexOf(a) ? b : a));
    assert.equal(mark, marks[worst], `${key}: the badge shows the worst severity's shape`);
    assert.ok((await badge(key).getAttribute('class')).includes(`sev-${worst}`));
    assert.match(await badge(key).getAttribute('aria-label'), new RegExp(`${count} findings?, the worst`));
    return items;
  };
  await check('posts');
  await page.locator('.badge-pop .badge-close').click();
  const items = await check('users');
  // one badge per box at most, each on a drawn box
  const badgeKeys = await page.locator('.finding-badge').evaluateAll((els) => els.map((e) => e.dataset.key));
  const boxKeys = await page.locator('.erd-stage g.table').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.equal(new Set(badgeKeys).size, badgeKeys.length);
  assert.ok(badgeKeys.every((k) => boxKeys.includes(k)), `${badgeKeys} on ${boxKeys}`);
  // A Fix applied from the list changes the text; the list follows.
  const before = await input.inputValue();
  const n0 = await items.count();
  const fixable = items.filter({ has: page.locator('.badge-fix') });
  assert.ok(await fixable.count() > 0, 'a finding with a fix');
  const msg = await fixable.first().innerText();
  await fixable.first().locator('.badge-fix').click();
  await page.waitForFunction((w) => document.querySelector('.code-input').value !== w, before);
  await page.waitForFunction((n) => document.querySelectorAll('.badge-pop .badge-finding').length !== n || !document.querySelector('.badge-pop'), n0);
  const after = await page.locator('.badge-pop .badge-finding').allInnerTexts();
  assert.ok(!after.includes(msg), 'the fixed finding left the list');
  // The line link: the Findings tab, and the editor's caret on that line.
  const link = page.locator('.badge-pop .badge-show').first();
  const line = Number((await link.innerText()).replace('line ', ''));
  await link.click();
  await page.waitForFunction(() => document.querySelector('#tab-findings')?.getAttribute('aria-selected') === 'true');
  const caretLine = await input.evaluate((e) => e.value.slice(0, e.selectionStart).split('\n').length);
  assert.equal(caretLine, line);
  assert.deepEqual(env.problems, []);
  await page.close();
});

// Where each drawn box is, in layout units: key → [x, y, width, height] (the box's translate and
// its rect's size, as the engine's SVG writes them).
const places = (page) => page.locator('.erd-stage g.table').evaluateAll((els) => Object.fromEntries(els.map((e) => {
  const [x, y] = e.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
  const r = e.querySelector('rect.box');
  return [e.dataset.key, [x, y, Number(r.getAttribute('width')), Number(r.getAttribute('height'))]];
})));
const overlap = (a, b) => a[0] + a[2] > b[0] + 0.5 && b[0] + b[2] > a[0] + 0.5 && a[1] + a[3] > b[1] + 0.5 && b[1] + b[3] > a[1] + 0.5;

test('after edits from the diagram the other boxes stay (a dragged one too), a related new table goes beside its reference; Ctrl+Z / Ctrl+Shift+Z in the diagram; Tidy', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  const input = page.locator('.code-input');
  await page.locator('#tab-diagram').click();
  await box(page, 'organizations').waitFor();
  await page.locator('.zoom-fit').click();
  const start = await places(page);
  assert.ok(Object.keys(start).length >= 8, 'the default example is drawn');
  // Drag `users` by its header.
  const hb = await box(page, 'users').locator('.head').boundingBox();
  await page.mouse.move(hb.x + 12, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + 92, hb.y + hb.height / 2 + 70, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction((t) => document.querySelector('.erd-stage g.table[data-key="users"]').getAttribute('transform') !== t, `translate(${start.users[0]} ${start.users[1]})`);
  const dragged = await places(page);
  const wait = async (was) => {
    await page.waitForFunction((w) => document.querySelector('.code-input').value !== w, was, { timeout: 15_000 });
    await page.waitForTimeout(350);
    await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  };
  const same = (now, what) => {
    for (const [k, p] of Object.entries(dragged)) assert.deepEqual(now[k].slice(0, 2), p.slice(0, 2), `${what}: ${k} did not move`);
  };
  // A table from the toolbar: nothing else moves, it overlaps nothing.
  let was = await input.inputValue();
  await page.locator('.add-table-btn').click();
  await wait(was);
  await page.locator('.zoom-fit').click();
  await box(page, 'new_table').waitFor();
  const added = await places(page);
  same(added, 'add table');
  for (const [k, p] of Object.entries(added)) if (k !== 'new_table') assert.ok(!overlap(added.new_table, p), `the new box overlaps ${k}`);
  // A column and a relationship to organizations from the edit panel: still nothing else moves.
  was = await input.inputValue();
  await panel(page).locator('.new-col-name').fill('org_id');
  await panel(page).locator('.new-col-type').fill('uuid');
  await panel(page).locator('.add-col').click();
  await wait(was);
  const withColumn = was = await input.inputValue();
  await panel(page).locator('.rel-from').selectOption('org_id');
  await panel(page).locator('.rel-table').selectOption('organizations');
  await panel(page).locator('.add-rel').click();
  await wait(was);
  assert.match(await input.inputValue(), /REFERENCES organizations/);
  await page.locator('.zoom-fit').click();
  await page.waitForSelector('.erd-stage g.edge[data-from="new_table"][data-to="organizations"]');
  const related = await places(page);
  same(related, 'add relationship');
  // The new table, drawn alone until now, goes beside the table it references (right of it, at
  // the neighbour gap, or below it) and overlaps nothing.
  const [o, n] = [related.organizations, related.new_table];
  assert.ok(n[0] === o[0] + o[2] + 104 || n[0] === o[0], `new_table ${n} beside organizations ${o}`);
  for (const [k, p] of Object.entries(related)) if (k !== 'new_table' && k !== 'users') assert.ok(!overlap(n, p), `the new box overlaps ${k}`);
  assert.deepEqual(related.users.slice(0, 2), dragged.users.slice(0, 2), 'the dragged box did not move');

  // The focus stayed on the panel's button that made the edit (the panel was re-drawn); Ctrl+Z
  // there takes the relationship back through the editor's history, Ctrl+Shift+Z makes it again,
  // and the focus stays in the diagram.
  const focused = () => page.evaluate(() => document.activeElement?.closest('.diagram') ? document.activeElement.className : `outside: ${document.activeElement?.tagName}`);
  await page.waitForFunction(() => !!document.activeElement?.closest('.diagram'), null, { timeout: 5_000 })
    .catch(async () => { throw new Error(`the focus left the diagram after a panel edit: ${await focused()}`); });
  const withRelation = await input.inputValue();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((w) => document.querySelector('.code-input').value === w, withColumn, { timeout: 5_000 });
  await page.waitForTimeout(350);
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  await page.waitForSelector('.erd-stage g.edge[data-from="new_table"]', { state: 'detached' });
  assert.match(await focused(), /add-rel|btn/, 'the focus is still on the panel');
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((w) => document.querySelector('.code-input').value === w, withRelation, { timeout: 5_000 });
  // from the canvas itself
  await page.waitForTimeout(350);
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
  await page.locator('.diagram-viewport').focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((w) => document.querySelector('.code-input').value === w, withColumn, { timeout: 5_000 });
  await page.waitForTimeout(350);
  assert.match(await focused(), /diagram-viewport/, 'the focus stays on the canvas');
  same(await places(page), 'undo');
  // Tidy lays it out afresh: the dragged box stays, nothing overlaps.
  const before = await places(page);
  await page.locator('.tidy-btn').click();
  await page.waitForTimeout(500);
  const tidy = await places(page);
  assert.notDeepEqual(tidy, before, 'Tidy changed the arrangement the edits made');
  assert.deepEqual(tidy.users.slice(0, 2), dragged.users.slice(0, 2), 'Tidy keeps the dragged box');
  const keys = Object.keys(tidy).filter((k) => k !== 'users');
  for (const a of keys) for (const b of keys) if (a < b) assert.ok(!overlap(tidy[a], tidy[b]), `${a} and ${b} overlap after Tidy`);
  assert.deepEqual(env.problems, []);
  await page.close();
});
