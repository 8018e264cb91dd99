// Table colours and sticky notes on the diagram (issue 19, item 3) on the release build (dist/):
// a table coloured from its editor by keyboard (the header drawn in it, its text contrasting), a
// note added from the toolbar by keyboard, typed in place (hostile text), dragged by its handle and
// moved by arrow keys; both in the exported SVG, in a share link opened afresh and in a diagram
// embed of that link; a note added in Focus mode (there where it was put, in the full view by the
// focused table, in the share link, in the Focus view's export; hidden in a Focus view without its
// table; its place there follows a rename); a DBML input's `Note` blocks as notes (edited into the text) and the app's notes written
// as DBML `Note` blocks (read back by @dbml/core); axe on the diagram in both themes;
// the colour follows a rename from the diagram and goes with a delete; a note is deleted by its ×;
// a phone keeps its toolbar. Run:
// node --test tests/e2e/notes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp, schemaInput } from './browser.mjs';
import { Parser as DbmlParser } from '@dbml/core';
import { seriousViolations } from './axe.mjs';
import { setTheme } from './tabs.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const DESK = { viewport: { width: 1400, height: 900 } };
const BLUE = '#1d4ed8';
const HOSTILE = 'Ask </text></g><script>window.pwned=1</script> & "q" <img src=x onerror=window.pwned=2>';
const box = (page, key) => page.locator(`.erd-stage g.table[data-key="${key}"]`);
const headFill = (page, key) => box(page, key).locator('path.head').evaluate((e) => e.getAttribute('style'));
const note = (page, i = 0) => page.locator(`.sticky-note[data-note="${i}"]`);

/// Selects table `key` by the diagram's search (keyboard) and opens its editor with the Edit button.
async function editTable(page, key) {
  await page.locator('.diagram-search').fill('');
  await page.locator('.diagram-search').focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.locator('.edit-btn').focus();
  await page.keyboard.press('Enter');
  await page.locator('.diagram-edit .edit-color').waitFor();
}

async function shareLink(page) {
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.locator('.close-share').click();
  return link;
}

test('colour a table and add, edit, drag and move a note: drawn live, exported, shared, embedded; keyboard and axe', async () => {
  const page = await openApp(env, '/', DESK);
  await page.locator('#tab-diagram').click();
  await box(page, 'users').waitFor();
  assert.equal(await headFill(page, 'users'), null, 'no colour to start with');

  // Colour: the radio group by keyboard (None, then the palette; arrows move and pick).
  await editTable(page, 'users');
  const none = page.locator('.edit-color input[aria-label="No header colour"]');
  assert.ok(await none.isChecked());
  await none.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  assert.ok(await page.locator(`.edit-color input[aria-label="Header colour Blue (${BLUE})"]`).isChecked());
  await page.waitForFunction((c) => document.querySelector('.erd-stage g.table[data-key="users"] path.head')?.getAttribute('style') === `fill:${c}`, BLUE);
  // its name in white (contrast 6.7:1 on this blue), the other boxes as they were
  assert.equal(await box(page, 'users').locator('text.name').getAttribute('style'), 'fill:#ffffff');
  assert.equal(await page.locator('.erd-stage path.head[style]').count(), 1);

  // A note from the toolbar by keyboard: the cursor is in it; typed text is kept when it loses focus.
  await page.locator('.add-note-btn').focus();
  await page.keyboard.press('Enter');
  await note(page).locator('textarea').waitFor();
  // the cursor goes into the note once it is drawn (a frame later on a loaded machine)
  await page.waitForFunction(() => document.activeElement?.closest('.sticky-note[data-note="0"]') && document.activeElement.tagName === 'TEXTAREA', null, { timeout: 5_000 })
    .catch(() => assert.fail('the new note has the focus'));
  await page.keyboard.type(HOSTILE);
  // keys typed in a note stay there: "0" did not fit the view, no table was added
  await page.keyboard.press('Tab');
  assert.equal(await note(page).locator('textarea').inputValue(), HOSTILE);
  // placed in view
  const vp = await page.locator('.diagram-viewport').boundingBox();
  const n0 = await note(page).boundingBox();
  assert.ok(n0.x >= vp.x && n0.y >= vp.y && n0.x + n0.width <= vp.x + vp.width && n0.y + 20 <= vp.y + vp.height, `note in view: ${JSON.stringify(n0)} in ${JSON.stringify(vp)}`);

  // Drag by the handle (the view does not pan: the boxes stay put).
  const usersBefore = await box(page, 'users').boundingBox();
  const h = await note(page).locator('.sticky-move').boundingBox();
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 120, h.y + h.height / 2 + 70, { steps: 6 });
  await page.mouse.up();
  const n1 = await note(page).boundingBox();
  assert.ok(Math.abs(n1.x - n0.x - 120) <= 3 && Math.abs(n1.y - n0.y - 70) <= 3, `dragged by (120, 70): ${JSON.stringify(n0)} → ${JSON.stringify(n1)}`);
  assert.deepEqual(await box(page, 'users').boundingBox(), usersBefore, 'the diagram did not pan');
  // Arrow keys on the handle move it too (10 layout units a press, the focus stays).
  await note(page).locator('.sticky-move').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const n2 = await note(page).boundingBox();
  assert.ok(n2.y > n1.y + 5 && Math.abs(n2.x - n1.x) < 1, `arrow keys moved it down: ${n1.y} → ${n2.y}`);
  assert.ok(await note(page).locator('.sticky-move').evaluate((e) => e === document.activeElement), 'the handle keeps the focus');

  // axe on the diagram with a coloured table, a note and the editor open, in both themes.
  for (const theme of ['light', 'dark']) {
    await setTheme(page, theme);
    assert.deepEqual(await seriousViolations(page, '.diagram'), [], theme);
  }

  // The exported SVG draws both, the note's text escaped.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  const svg = readFileSync(await dl.path(), 'utf8');
  assert.match(svg, new RegExp(`<g class="table" data-key="users"[^>]*>.*?<path class="head" style="fill:${BLUE}"`));
  assert.equal((svg.match(/<g class="sticky"/g) ?? []).length, 1);
  assert.ok(!svg.includes('<script') && !svg.includes('<img'), 'no markup from the note');
  // read as SVG, the note's lines are its text (wrapped: compared without the spaces)
  const exported = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, lines: [...doc.querySelectorAll('g.sticky text')].map((t) => t.textContent) };
  }, svg);
  assert.equal(exported.error, null);
  assert.equal(exported.lines.join('').replace(/\s+/g, ''), HOSTILE.replace(/\s+/g, ''));

  // A share link opened afresh shows both, the text inert.
  const link = await shareLink(page);
  const fresh = await openApp(env, link.slice(env.origin.length), DESK);
  await fresh.locator('#tab-diagram').click();
  await box(fresh, 'users').waitFor();
  assert.equal(await headFill(fresh, 'users'), `fill:${BLUE}`);
  assert.equal(await note(fresh).locator('textarea').inputValue(), HOSTILE);
  assert.equal(await fresh.evaluate(() => window.pwned), undefined);
  await fresh.close();

  // A diagram embed of the link draws them (read-only, in its SVG).
  const embed = await env.newPage(DESK);
  await embed.goto(`${env.origin}/?embed=diagram&theme=light${link.slice(link.indexOf('#'))}`);
  await embed.waitForSelector('.erd-stage g.notes-layer g.sticky', { timeout: 60_000 });
  assert.equal(await embed.locator('.erd-stage g.table[data-key="users"] path.head').getAttribute('style'), `fill:${BLUE}`);
  const lines = await embed.locator('.erd-stage g.sticky text').allTextContents();
  assert.equal(lines.join('').replace(/\s+/g, ''), HOSTILE.replace(/\s+/g, ''));
  assert.equal(await embed.evaluate(() => window.pwned), undefined);
  await embed.close();

  // Focus mode lays out its own few tables; Add note works there too (its own test below), and
  // Show all brings this note back where it was.
  const placed = await note(page).getAttribute('style'); // its layout position (the view may move)
  await page.locator('.diagram-search').fill('');
  await page.locator('.diagram-search').focus();
  await page.keyboard.type('users');
  await page.keyboard.press('Enter');
  await page.locator('.focus-btn').click();
  await page.locator('.focus-btn.active').waitFor();
  assert.ok(!(await page.locator('.add-note-btn').isDisabled()), 'Add note works in focus mode');
  assert.match(await page.locator('.add-note-btn').getAttribute('title'), /full diagram/);
  await page.locator('.focus-btn.active').click();
  await note(page).waitFor();
  assert.equal(await page.locator('.sticky-note').count(), 1);
  assert.equal(await note(page).getAttribute('style'), placed, 'the note is where it was');

  // The note's ×: gone, and the focus is back on the diagram.
  await note(page).locator('.sticky-del').click();
  assert.equal(await page.locator('.sticky-note').count(), 0);
  await page.close();
});

test('a table colour follows a rename from the diagram and goes with a delete', async () => {
  const page = await openApp(env, '/', DESK);
  await page.locator('#tab-diagram').click();
  await box(page, 'users').waitFor();
  await editTable(page, 'users');
  await page.locator('.edit-color input[aria-label^="Header colour Green"]').check();
  await page.waitForFunction(() => document.querySelector('.erd-stage g.table[data-key="users"] path.head')?.hasAttribute('style'));
  const green = await headFill(page, 'users');
  await page.locator('.edit-table-name').fill('members');
  await page.locator('.edit-table-name').press('Enter');
  await box(page, 'members').waitFor({ timeout: 15_000 });
  assert.equal(await headFill(page, 'members'), green, 'the colour followed the rename');
  assert.ok(await page.locator('.edit-color input[aria-label^="Header colour Green"]').isChecked());
  // Delete the table, then bring it back with the editor's undo: it comes back without a colour.
  await page.locator('.drop-table').click();
  await page.waitForFunction(() => !document.querySelector('.erd-stage g.table[data-key="members"]'), null, { timeout: 15_000 });
  await page.locator('.diagram-viewport').focus();
  await page.keyboard.press('Control+z');
  await box(page, 'members').waitFor({ timeout: 15_000 });
  assert.equal(await headFill(page, 'members'), null, 'the colour went with the delete');
  await page.close();
});

test('phone 390×844: a link with a colour and a note keeps the diagram toolbar and passes axe', async () => {
  const desk = await openApp(env, '/', DESK);
  await desk.locator('#tab-diagram').click();
  await box(desk, 'users').waitFor();
  const plainLink = await shareLink(desk);
  await editTable(desk, 'users');
  await desk.locator('.edit-color input[aria-label^="Header colour Yellow"]').check();
  await desk.locator('.add-note-btn').click();
  // the cursor goes into the new note on the next frame: type once it is there (a loaded machine
  // lost the first key)
  await desk.waitForFunction(() => document.activeElement?.classList.contains('sticky-text'));
  await desk.keyboard.type('phone note');
  await desk.keyboard.press('Tab');
  const link = await shareLink(desk);
  await desk.close();
  const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
  // a link opens on its view (the diagram) on a phone
  const toolbarHeight = async (l) => {
    const p = await env.newPage(phone);
    await p.goto(l);
    await p.locator('.erd-stage g.table[data-key="users"]').waitFor({ timeout: 30_000 });
    const hgt = (await p.locator('.diagram-toolbar').boundingBox()).height;
    return [p, hgt];
  };
  const [plain, plainHeight] = await toolbarHeight(plainLink);
  await plain.close();
  const [page, height] = await toolbarHeight(link);
  assert.equal(height, plainHeight, 'the toolbar keeps its rows');
  await page.locator('.sticky-note textarea').waitFor();
  assert.equal(await page.locator('.sticky-note textarea').inputValue(), 'phone note');
  // yellow: black text
  assert.equal(await box(page, 'users').locator('path.head').getAttribute('style'), 'fill:#facc15');
  assert.deepEqual(await seriousViolations(page), []);
  await page.close();
});

const FOCUS_SQL = 'CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));\nCREATE TABLE audit (id int PRIMARY KEY, at text);\n';
/// A note's layout position, from its style (`calc(var(--vx) + 30.0px * var(--vk))`).
const layoutPos = async (loc) => {
  const style = await loc.getAttribute('style');
  const [x, y] = [...style.matchAll(/\+ (-?[\d.]+)px \* var\(--vk\)/g)].map((m) => Number(m[1]));
  return { x, y };
};
/// A table box's layout position, from its SVG transform.
const boxPos = async (page, key) => {
  const t = await box(page, key).getAttribute('transform');
  const m = t.match(/translate\((-?[\d.]+)[ ,](-?[\d.]+)\)/);
  return { x: Number(m[1]), y: Number(m[2]) };
};
async function focusOn(page, key) {
  await page.locator('.diagram-search').fill('');
  await page.locator('.diagram-search').focus();
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.locator('.focus-btn').click();
  await page.locator('.focus-btn.active').waitFor();
}
async function showAll(page) {
  await page.locator('.focus-btn.active').click();
  await page.locator('.focus-btn:not(.active)').waitFor();
}
async function setSchema(page, text) {
  await schemaInput(page).fill(text);
  await page.waitForTimeout(350);
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));
}

test('a note added in Focus mode: there where it was put, in the full view by the focused table, in the share link and the Focus export', async () => {
  const page = await openApp(env, '/', DESK);
  await setSchema(page, FOCUS_SQL);
  await page.locator('#tab-diagram').click();
  await box(page, 'audit').waitFor();
  await focusOn(page, 'users');
  await page.locator('.add-note-btn').click();
  await page.waitForFunction(() => document.activeElement?.classList.contains('sticky-text'));
  await page.keyboard.type('made in focus');
  await page.keyboard.press('Tab');
  const inFocus = await layoutPos(note(page));
  const usersInFocus = await boxPos(page, 'users');
  // seen where it was put
  const vp = await page.locator('.diagram-viewport').boundingBox();
  const nb = await note(page).boundingBox();
  assert.ok(nb.x >= vp.x && nb.y >= vp.y && nb.x + nb.width <= vp.x + vp.width, `in view: ${JSON.stringify(nb)}`);

  // The Focus view's export carries it, at its place there.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  assert.match(dl.suggestedFilename(), /-focus-users\.svg$/);
  const svg = readFileSync(await dl.path(), 'utf8');
  const stickies = [...svg.matchAll(/<g class="sticky" data-note="\d+" transform="translate\(([\d.-]+) ([\d.-]+)\)">/g)];
  assert.equal(stickies.length, 1, 'one note in the focus export');
  assert.deepEqual([Number(stickies[0][1]), Number(stickies[0][2])], [inFocus.x, inFocus.y]);
  assert.match(svg, /made in focus/);

  // The full view: the note stands at the same offset from users as in the focus view.
  await showAll(page);
  await note(page).waitFor();
  const inFull = await layoutPos(note(page));
  const usersInFull = await boxPos(page, 'users');
  assert.ok(Math.abs((inFull.x - usersInFull.x) - (inFocus.x - usersInFocus.x)) <= 1 && Math.abs((inFull.y - usersInFull.y) - (inFocus.y - usersInFocus.y)) <= 1,
    `by users: full ${JSON.stringify(inFull)} users ${JSON.stringify(usersInFull)}; focus ${JSON.stringify(inFocus)} users ${JSON.stringify(usersInFocus)}`);
  // A Focus view without users (audit has no relationship) does not show it.
  await focusOn(page, 'audit');
  assert.equal(await page.locator('.sticky-note').count(), 0, 'not by audit');
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  assert.ok(!readFileSync(await dl2.path(), 'utf8').includes('class="sticky"'), 'nor in its export');
  await showAll(page);

  // A share link opened afresh reproduces both places.
  const link = await shareLink(page);
  const fresh = await openApp(env, link.slice(env.origin.length), DESK);
  await fresh.locator('#tab-diagram').click();
  await note(fresh).waitFor();
  assert.deepEqual(await layoutPos(note(fresh)), inFull, 'full view place');
  await focusOn(fresh, 'users');
  await fresh.waitForFunction(() => document.querySelectorAll('.sticky-note').length === 1);
  assert.deepEqual(await layoutPos(note(fresh)), inFocus, 'focus view place');
  assert.equal(await note(fresh).locator('textarea').inputValue(), 'made in focus');
  // moved in the focus view: only its place there changes
  await note(fresh).locator('.sticky-move').focus();
  await fresh.keyboard.press('ArrowRight');
  assert.deepEqual(await layoutPos(note(fresh)), { x: inFocus.x + 10, y: inFocus.y });
  await showAll(fresh);
  await note(fresh).waitFor();
  assert.deepEqual(await layoutPos(note(fresh)), inFull, 'the full view place did not move');
  // Renamed from the diagram, users' Focus view keeps the note's place there.
  await editTable(fresh, 'users');
  await fresh.locator('.edit-table-name').fill('members');
  await fresh.locator('.edit-table-name').press('Enter');
  await box(fresh, 'members').waitFor({ timeout: 15_000 });
  await focusOn(fresh, 'members');
  await fresh.waitForFunction(() => document.querySelectorAll('.sticky-note').length === 1);
  assert.deepEqual(await layoutPos(note(fresh)), { x: inFocus.x + 10, y: inFocus.y }, 'its place followed the rename');
  await fresh.close();
  await page.close();
});

const DBML = "Table users {\n  id int [pk]\n}\n\nTable posts {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n\nNote todo {\n  'Check the \\'status\\' column'\n}\n";

test('DBML: the input\'s Note blocks are sticky notes, edited into the text; the app\'s notes are written as Note blocks', async () => {
  const page = await openApp(env, '/', DESK);
  await setSchema(page, DBML);
  await page.locator('#tab-diagram').click();
  await box(page, 'posts').waitFor();
  const input = page.locator('.sticky-note[data-note="dbml-0"]');
  await input.waitFor();
  assert.equal(await input.locator('textarea').inputValue(), "Check the 'status' column");
  assert.equal(await input.locator('.sticky-src').innerText(), 'DBML: todo');
  assert.match(await input.locator('.sticky-src').getAttribute('title'), /written there/);
  // shown after a fit (right of the boxes)
  const vp = await page.locator('.diagram-viewport').boundingBox();
  const ib = await input.boundingBox();
  assert.ok(ib.x + ib.width <= vp.x + vp.width + 1 && ib.x >= vp.x, `in view: ${JSON.stringify(ib)} in ${JSON.stringify(vp)}`);

  // Typing in it writes the DBML text (one edit of its string); the note follows the new text.
  await input.locator('textarea').fill('Done: "status" is an enum\nnow');
  await input.locator('textarea').press('Tab');
  await page.waitForFunction(() => document.querySelector('.editor-pane .code-input').value.includes('Done:'), null, { timeout: 15_000 });
  assert.equal(await schemaInput(page).inputValue(), DBML.replace("'Check the \\'status\\' column'", "'Done: \"status\" is an enum\\nnow'"));
  await page.waitForFunction(() => !document.querySelector('.status-analysing'));

  // One note of the app's own, then the DBML tab: both notes, read back by @dbml/core.
  await page.locator('.add-note-btn').click();
  await page.waitForFunction(() => document.activeElement?.classList.contains('sticky-text'));
  await page.keyboard.type('mine');
  await page.keyboard.press('Tab');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  assert.equal((readFileSync(await dl.path(), 'utf8').match(/<g class="sticky"/g) ?? []).length, 2, 'the export draws both');
  await page.locator('#tab-dbml').click();
  await page.waitForFunction(() => /Note "note_1"/.test(document.querySelector('.code-view[data-tab="dbml"] .code-text')?.textContent ?? ''), null, { timeout: 30_000 });
  const code = await page.locator('.code-view[data-tab="dbml"] .code-text').textContent();
  const db = new DbmlParser().parse(code, 'dbmlv2');
  assert.deepEqual(db.notes.map((n) => [n.name, n.content]), [['todo', 'Done: "status" is an enum\nnow'], ['note_1', 'mine']]);
  await page.close();
});
