// Table colours and sticky notes on the diagram (issue 19, item 3) on the release build (dist/):
// a table coloured from its editor by keyboard (the header drawn in it, its text contrasting), a
// note added from the toolbar by keyboard, typed in place (hostile text), dragged by its handle and
// moved by arrow keys; both in the exported SVG, in a share link opened afresh and in a diagram
// embed of that link; not in focus mode (hidden, Add note off); axe on the diagram in both themes;
// the colour follows a rename from the diagram and goes with a delete; a note is deleted by its ×;
// a phone keeps its toolbar. Run:
// node --test tests/e2e/notes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp } from './browser.mjs';
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

  // Focus mode draws its own small layout: the full diagram's notes are not shown there, and no
  // note can be added (it would stand, unseen, at the focus view's coordinates); Show all brings
  // the note back where it was.
  const placed = await note(page).getAttribute('style'); // its layout position (the view may move)
  await page.locator('.diagram-search').fill('');
  await page.locator('.diagram-search').focus();
  await page.keyboard.type('users');
  await page.keyboard.press('Enter');
  await page.locator('.focus-btn').click();
  await page.locator('.focus-btn.active').waitFor();
  assert.equal(await page.locator('.sticky-note').count(), 0, 'no note in focus mode');
  assert.ok(await page.locator('.add-note-btn').isDisabled(), 'Add note is off in focus mode');
  assert.match(await page.locator('.add-note-btn').getAttribute('title'), /Show all/);
  await page.locator('.focus-btn.active').click();
  await note(page).waitFor();
  assert.ok(!(await page.locator('.add-note-btn').isDisabled()), 'Add note is back');
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
