// Accessibility end-to-end tests (issue 20) on the release build: axe-core finds no serious or
// critical WCAG 2.1 A/AA violation on any output tab, in both themes, on the default example and on
// a 100-table schema; and the keyboard-only flows work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';
import { seriousViolations } from './axe.mjs';
import { eachTab, setTheme } from './tabs.mjs';

const env = browserForFile({ check: false });

/// Every output tab, each checked by axe once its panel has content.
async function axeEveryTab(page, label) {
  const failures = [];
  await eachTab(page, async (id) => {
    for (const v of await seriousViolations(page)) failures.push(`${label} ${id}: ${v}`);
  });
  return failures;
}

// The default example's axe runs on every tab, in both themes, at phone and desktop size, are in
// a11y-audit.test.mjs with the keyboard-only walk.
for (const theme of ['light', 'dark']) {
  test(`axe: no serious or critical violation on any tab, ${theme} theme, 100 tables`, async () => {
    const page = await openApp(env);
    await setTheme(page, theme);
    await page.locator('.code-input').fill(bigSchema(100));
    await page.waitForFunction(() => /^100 statements/.test(document.querySelector('.status-summary')?.innerText ?? ''), null, { timeout: 60_000 });
    const failures = await axeEveryTab(page, `${theme} 100 tables`);
    assert.deepEqual(failures, []);
    await page.close();
  });
}

/// Presses a key and waits two frames (the outline moves focus in the next animation frame).
async function key(page, k) {
  await page.keyboard.press(k);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a?.tagName, cls: a?.className ?? '', role: a?.getAttribute('role'), label: a?.getAttribute('aria-label'), id: a?.id };
});

test('keyboard only: skip link, the diagram outline along relationships, columns, tabs and the way out of the editor', async () => {
  const page = await openApp(env);
  // The skip link is the first Tab stop and takes focus to the output.
  await key(page, 'Tab');
  assert.match((await active(page)).cls, /skip-link/);
  assert.ok(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0), 'the focused skip link is on screen');
  await key(page, 'Enter');
  assert.equal((await active(page)).id, 'output-panel');

  // On to the outline: Tab reaches its one stop after the diagram toolbar.
  let a;
  for (let i = 0; i < 30; i++) {
    await key(page, 'Tab');
    a = await active(page);
    if (a.role === 'treeitem') break;
  }
  assert.equal(a.role, 'treeitem', 'Tab reaches the diagram outline');
  await page.waitForFunction(() => document.querySelectorAll('.ol-tree > [role=treeitem]').length > 3);
  a = await active(page);
  assert.match(a.label, /^table \S+, \d+ columns?/);
  assert.equal(await page.locator('.ol-tree [tabindex="0"]').count(), 1, 'one Tab stop (roving tabindex)');
  assert.ok(await page.locator('.erd-outline').isVisible(), 'the outline shows while it has focus');
  const name = (label) => label.match(/^(?:table|view|materialized view) (\S+),/)[1];

  // Down walks the reading order; the diagram marks the focused table and pans to it.
  await key(page, 'ArrowDown');
  a = await active(page);
  const first = name(a.label);
  await page.waitForSelector(`.erd-stage g.table.selected[data-key$="${first}"]`);
  const centred = await page.evaluate((key) => {
    const box = document.querySelector(`.erd-stage g.table.selected[data-key$="${key}"]`).getBoundingClientRect();
    const vp = document.querySelector('.diagram-viewport').getBoundingClientRect();
    return Math.abs(box.x + box.width / 2 - (vp.x + vp.width / 2)) < 40 && Math.abs(box.y + box.height / 2 - (vp.y + vp.height / 2)) < 40;
  }, first);
  assert.ok(centred, 'the view pans to the focused table');

  // Right follows a relationship: the next table names the one we came from, and vice versa.
  const related = a.label.match(/(?:references|referenced by) /);
  assert.ok(related, `the default example's tables are related: ${a.label}`);
  await key(page, 'ArrowRight');
  const b = await active(page);
  assert.notEqual(name(b.label), first);
  assert.ok(b.label.includes(first) || a.label.includes(name(b.label)), `${a.label} → ${b.label}`);
  assert.ok(a.label.includes(name(b.label)), `${first}'s name lists ${name(b.label)}: ${a.label}`);
  // Left walks back.
  await key(page, 'ArrowLeft');
  assert.equal(name((await active(page)).label), first);

  // Enter opens the columns and relationships; Down goes into them.
  await key(page, 'Enter');
  const item = page.locator(`.ol-tree > [role=treeitem][aria-expanded="true"]`);
  assert.equal(await item.count(), 1);
  const rows = await item.locator('[role=group] > [role=treeitem]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const cols = Number(a.label.match(/, (\d+) columns?/)[1]);
  assert.ok(rows.length > cols, `columns then relationships: ${rows}`);
  assert.ok(rows.slice(cols).every((r) => /^(references|referenced by|reads|read by) /.test(r)), rows.join(' | '));
  await key(page, 'ArrowDown');
  assert.equal((await active(page)).label, rows[0]);
  // Enter on a relationship goes to that table.
  for (let i = 0; i < cols; i++) await key(page, 'ArrowDown');
  await key(page, 'Enter');
  const other = rows[cols].replace(/^(references|referenced by|reads|read by) /, '').split(/[ ,(]/)[0];
  assert.equal(name((await active(page)).label), other);
  // A visible focus ring on the focused row.
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.ol-row')).outlineStyle);
  assert.notEqual(ring, 'none');

  // The output tabs: one Tab stop, arrows move between them.
  await page.locator('#tab-diagram').focus();
  await key(page, 'ArrowRight');
  a = await active(page);
  assert.equal(a.id, 'tab-findings');
  assert.equal(await page.locator('#tab-findings').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('.tabs [role=tab][tabindex="0"]').count(), 1);
  await key(page, 'End');
  assert.equal((await active(page)).id, await page.locator('.tab').last().getAttribute('id'));

  // The split divider shows a focus ring.
  await page.locator('.divider').focus();
  assert.notEqual(await page.locator('.divider').evaluate((el) => getComputedStyle(el).outlineStyle), 'none');

  // The editor: a visible hint while focused; Esc then Tab leaves it.
  await page.locator('.code-input').focus();
  assert.ok(await page.locator('.editor-leave-hint').first().isVisible());
  assert.match(await page.locator('.editor-leave-hint').first().innerText(), /Esc then Tab/);
  await key(page, 'Escape');
  await key(page, 'Tab');
  assert.notEqual((await active(page)).cls, 'code-input', 'Esc then Tab left the editor');
  await page.close();
});

test('phone 390×844: editor/output toggle, Share as an on-screen sheet, 44 px tap targets, no axe violations', async () => {
  const page = await openApp(env, '/', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  assert.ok(await page.locator('.code-input').isVisible());
  assert.equal(await page.locator('.output').isVisible(), false, 'one pane at a time');
  await page.locator('.pane-toggle .btn', { hasText: 'Output' }).click();
  assert.equal(await page.locator('.code-input').isVisible(), false);
  await page.locator('.diagram-viewport').waitFor();
  const vp = await page.locator('.diagram-viewport').boundingBox();
  assert.ok(vp.height > 844 * 0.5, `the diagram gets most of the screen: ${vp.height}px`);
  // Tap targets.
  const small = await page.evaluate(() => [...document.querySelectorAll('button, select, [role=tab], input[type=search], a[href]')]
    .filter((e) => e.offsetParent !== null && !e.closest('.sr-only, .erd-outline:not(.open)') && !e.classList.contains('skip-link'))
    .map((e) => ({ e: e.className || e.tagName, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
    .map(({ e, r }) => `${e} ${Math.round(r.width)}×${Math.round(r.height)}`));
  assert.deepEqual(small, [], 'tap targets under 44 px');
  assert.deepEqual(await seriousViolations(page), []);
  // Share opens as a sheet that stays on screen, link and buttons included.
  await page.locator('.share-btn').click();
  for (const sel of ['.share-dialog', '.share-link', '.copy-link', '.close-share']) {
    const r = await page.locator(sel).boundingBox();
    assert.ok(r && r.x >= 0 && r.y >= 0 && r.x + r.width <= 390 + 0.5 && r.y + r.height <= 844 + 0.5, `${sel} on screen: ${JSON.stringify(r)}`);
  }
  await page.close();
});

test('findings count: a polite live region of its own, changed by an edit that changes the count and not by one that does not', async () => {
  const page = await openApp(env);
  const live = page.locator('.findings-live');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal(await live.getAttribute('role'), 'status');
  assert.equal(await page.locator('.status-bar[aria-live], .status-summary[aria-live]').count(), 0, 'the status bar itself is not announced');
  await page.waitForFunction(() => /^\d+ findings?, \d+ diagnostics?$/.test(document.querySelector('.findings-live')?.textContent ?? ''));
  // Every change to the region's text from here on (what a screen reader would announce).
  await page.evaluate(() => {
    window.liveChanges = [];
    const el = document.querySelector('.findings-live');
    new MutationObserver(() => window.liveChanges.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const statements = () => page.locator('.status-summary').innerText().then((t) => Number(t.split(' ')[0]));
  const first = await live.textContent();
  const text = await page.locator('.code-input').inputValue();
  const n = await statements();

  // One more statement that adds no finding: the analysis reran (the statement count moved), the region did not.
  await page.locator('.code-input').fill(`${text}\nCOMMENT ON TABLE organizations IS 'unchanged counts';\n`);
  await page.waitForFunction((k) => Number(document.querySelector('.status-summary').innerText.split(' ')[0]) === k + 1, n);
  await page.waitForTimeout(300);
  assert.equal(await live.textContent(), first);
  assert.deepEqual(await page.evaluate(() => window.liveChanges), [], 'no announcement when the count stays');

  // A table without a primary key: one finding more, announced once.
  await page.locator('.code-input').fill(`${text}\nCREATE TABLE no_key_here (note text);\n`);
  await page.waitForFunction((f) => document.querySelector('.findings-live').textContent !== f, first);
  const after = await live.textContent();
  const count = (s) => Number(s.match(/^(\d+) finding/)[1]);
  assert.ok(count(after) > count(first), `${first} → ${after}`);
  assert.deepEqual(await page.evaluate(() => [...new Set(window.liveChanges)]), [after]);
  await page.close();
});

test('phone 390×844: a share link opens on its output, and the toggle says so', async () => {
  const desk = await openApp(env);
  const shareLink = async () => {
    await desk.locator('.share-btn').click();
    const link = await desk.locator('.share-link').inputValue();
    await desk.locator('.share-dialog .close-share').click();
    return link;
  };
  const link = await shareLink();
  await desk.locator('#tab-findings').click();
  const findingsLink = await shareLink();
  assert.notEqual(findingsLink, link);
  await desk.close();
  const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
  const pressed = (page, label) => page.locator('.pane-toggle .btn', { hasText: label }).getAttribute('aria-pressed');

  // The link's own view (the diagram by default) fills the screen, not the editor.
  const page = await env.newPage(phone);
  await page.goto(link);
  await page.locator('.diagram-viewport').waitFor({ timeout: 30_000 });
  await page.locator('.erd-stage g.table').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.code-input').isVisible(), false);
  assert.equal(await pressed(page, 'Output'), 'true');
  assert.equal(await pressed(page, 'Editor'), 'false');
  // The toggle still goes back to the editor, with the link's text in it.
  await page.locator('.pane-toggle .btn', { hasText: 'Editor' }).click();
  assert.ok(await page.locator('.code-input').isVisible());
  assert.match(await page.locator('.code-input').inputValue(), /CREATE TABLE/);
  await page.close();

  // A link made on the Findings tab opens there.
  const f = await env.newPage(phone);
  await f.goto(findingsLink);
  await f.locator('#tab-findings[aria-selected="true"]').waitFor({ timeout: 30_000 });
  assert.ok(await f.locator('#output-panel').isVisible());
  assert.equal(await f.locator('.code-input').isVisible(), false);
  assert.equal(await pressed(f, 'Output'), 'true');
  await f.close();

  // Without a link the editor comes first; a link pasted into the address bar later shows its output.
  const plain = await openApp(env, '/', phone);
  assert.ok(await plain.locator('.code-input').isVisible());
  assert.equal(await pressed(plain, 'Editor'), 'true');
  await plain.evaluate((h) => { location.hash = h; }, new URL(link).hash);
  await plain.locator('.diagram-viewport').waitFor({ timeout: 30_000 });
  assert.equal(await plain.locator('.code-input').isVisible(), false);
  assert.equal(await pressed(plain, 'Output'), 'true');
  await plain.close();
});
