// The diagram readable at any size (issue 19 item 3), on the release build (dist/), with the
// 66-table danbooru pg_dump of the shared corpus opened as a file, as a new user would:
// - at Fit and in Focus mode every table's name is drawn at a readable size on screen (the label
//   scales with the zoom, not the box); between them, key columns are shown without the others;
// - the detail selector (all columns / keys only / names only) changes what the boxes list, and the
//   choice travels in a share link; a link made before the selector existed shows every column;
// - exports are named after the opened file and the view.
// Run: node --test tests/e2e/readable.test.mjs  (about 40 s)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, openApp } from './browser.mjs';

const env = browserForFile();

const DANBOORU = readFileSync(new URL('../../../shared/corpus/postgres/pgdump/danbooru_structure.sql', import.meta.url));
/// A v2 link made before the detail selector existed (crates/core/src/share/fixtures/v2.txt).
const OLD_LINK = readFileSync(new URL('../../crates/core/src/share/fixtures/v2.txt', import.meta.url), 'utf8')
  .split('\n').find((l) => l.startsWith('v2.'));

/// 66 tables and 2 views.
const BOXES = 68;
const zoom = async (page) => Number((await page.locator('.zoom-level').innerText()).replace('%', ''));
const tableCount = (page) => page.locator('.erd-stage g.table').count();

/// Opens danbooru's structure.sql through the Open button, shows the Diagram, waits for 66 boxes.
async function openDanbooru(options = {}) {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, acceptDownloads: true, ...options });
  await page.locator('.open-files-input').setInputFiles([{ name: 'danbooru_structure.sql', mimeType: 'text/plain', buffer: DANBOORU }]);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction((n) => document.querySelector('.diagram-count')?.textContent.startsWith('66 tables')
    && document.querySelectorAll('.erd-stage g.table').length >= n, BOXES, { timeout: 60_000 });
  await page.locator('.zoom-fit').click();
  await page.waitForTimeout(300);
  return page;
}

/// Every drawn table name: its key, the rendered font size on screen (px) and its screen rectangle.
const names = (page) => page.locator('.erd-stage g.table').evaluateAll((els) => els.map((g) => {
  const t = g.querySelector('text.name');
  if (!t) return { key: g.dataset.key, px: 0 };
  const r = t.getBoundingClientRect();
  const k = t.getScreenCTM().a; // layout → screen scale
  return { key: g.dataset.key, px: parseFloat(getComputedStyle(t).fontSize) * k, rect: [r.left, r.top, r.right, r.bottom], text: t.textContent };
}));

function assertReadable(list, where) {
  const small = list.filter((n) => n.px < 9);
  assert.equal(small.length, 0, `${where}: names under 9 px on screen: ${small.slice(0, 5).map((n) => `${n.key} ${n.px.toFixed(1)}px`).join(', ')}`);
}

test('danbooru at Fit and in Focus: every table name is readable; keys appear before the other columns go', async (t) => {
  const page = await openDanbooru();
  const fit = await zoom(page);
  assert.ok(fit < 30, `Fit is a far-out view (${fit}%)`);
  const atFit = await names(page);
  assert.equal(atFit.length, BOXES);
  assertReadable(atFit, `Fit (${fit}%)`);
  // how often two names overlap at Fit (reported, the layout decides it)
  let overlaps = 0;
  for (let i = 0; i < atFit.length; i++) for (let j = i + 1; j < atFit.length; j++) {
    const [a, b] = [atFit[i].rect, atFit[j].rect];
    if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) overlaps++;
  }
  const sizes = atFit.map((n) => n.px).sort((a, b) => a - b);
  const note = `danbooru at Fit ${fit}%: names ${sizes[0].toFixed(1)}–${sizes[sizes.length - 1].toFixed(1)} px on screen, ${overlaps} overlapping pairs of ${BOXES} names`;
  t.diagnostic(note);
  console.log(note);
  // far out no column is drawn; zoomed to 40 %: key columns only (no types), names still readable
  assert.equal(await page.locator('.erd-stage text.col').count(), 0);
  while (await zoom(page) < 40) await page.locator('.zoom-in').click();
  assert.ok(await zoom(page) < 50, `${await zoom(page)}%`);
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage text.krow').length > 0);
  assert.equal(await page.locator('.erd-stage text.type').count(), 0, 'keys level: no types');
  const rows = await page.locator('.erd-stage g.table text.krow').evaluateAll((els) => els.map((e) => e.previousElementSibling?.getAttribute('class')));
  assert.ok(rows.length > 0 && rows.every((c) => /\bmk (pk|fk|uk)\b/.test(c)), 'every row shown is a key, with its marker');
  assertReadable(await names(page), `keys level (${await zoom(page)}%)`);
  // full detail at 100 %: every column and its type
  while (await zoom(page) < 100) await page.locator('.zoom-in').click();
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage text.type').length > 0);
  // Focus on users: the focus view is fitted; its names are readable too
  await page.locator('.diagram-search').fill('users');
  await page.locator('.diagram-search').press('Enter');
  await page.locator('.focus-btn').click();
  await page.waitForFunction((n) => document.querySelectorAll('.erd-stage g.table').length < n, BOXES);
  await page.waitForTimeout(300);
  const focusZoom = await zoom(page);
  const inFocus = await names(page);
  assert.ok(inFocus.some((n) => n.key === 'public.users' || n.key === 'users'), inFocus.map((n) => n.key).join());
  assertReadable(inFocus, `Focus (${focusZoom}%)`);
  console.log(`danbooru Focus on users: ${inFocus.length} tables at ${focusZoom}%, names ≥ ${Math.min(...inFocus.map((n) => n.px)).toFixed(1)} px`);
  // exports are named after the file and the view
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  assert.match(svg.suggestedFilename(), /^danbooru-focus-(public\.)?users\.svg$/);
  await page.locator('.focus-btn', { hasText: 'Show all' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.erd-stage g.table').length >= n, BOXES);
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('.export-png').click()]);
  assert.equal(png.suggestedFilename(), 'danbooru-diagram.png');
  await page.close();
});

/// The exported SVG's tables: key → the column names each box lists, and which of them are keys
/// (a column is a key when a PK/FK/UK marker sits on its row).
function exported(svg) {
  const out = new Map();
  for (const part of svg.split(/<g class="table(?=[ "])/).slice(1)) {
    const key = part.match(/data-key="([^"]*)"/)[1];
    const keyRows = new Set([...part.matchAll(/<text class="mk [a-z]+" x="[\d.]+" y="([\d.]+)"/g)].map((m) => m[1]));
    const cols = [...part.matchAll(/<text class="col[^"]*" x="[\d.]+" y="([\d.]+)">([^<]*)</g)].map((m) => ({ name: m[2], key: keyRows.has(m[1]) }));
    out.set(key, cols);
  }
  return out;
}

async function exportSvg(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('.export-svg').click()]);
  return { name: dl.suggestedFilename(), svg: readFileSync(await dl.path(), 'utf8') };
}

test('the detail selector: keys only, names only, all columns; kept in a share link; old links show every column', async () => {
  const page = await openDanbooru({ permissions: ['clipboard-read', 'clipboard-write'] });
  assert.equal(await page.locator('.diagram-detail').inputValue(), 'all');
  const all = exported((await exportSvg(page)).svg);
  const allH = await page.locator('.erd-stage svg').evaluate((s) => Number(s.getAttribute('height')));
  assert.equal(all.size, BOXES);
  await page.locator('.diagram-detail').selectOption('keys');
  await page.waitForFunction((h) => Number(document.querySelector('.erd-stage svg').getAttribute('height')) !== h, allH);
  const keys = exported((await exportSvg(page)).svg);
  let dropped = 0;
  for (const [key, cols] of all) {
    const want = cols.filter((c) => c.key).map((c) => c.name);
    assert.deepEqual(keys.get(key).map((c) => c.name), want, key);
    dropped += cols.length - want.length;
  }
  assert.ok(dropped > 100, `${dropped} non-key columns left out`);
  // kept in a share link: a fresh browser opens with keys only
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.locator('.share-dialog .close-share').click();
  await page.locator('.diagram-detail').selectOption('names');
  await page.waitForTimeout(300);
  const names = exported((await exportSvg(page)).svg);
  assert.equal(names.size, BOXES);
  assert.ok([...names.values()].every((cols) => cols.length === 0), 'names only: no column rows');
  await page.close();
  const shared = await openApp(env, '/' + link.slice(link.indexOf('#')), { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await shared.locator('#tab-diagram').click();
  await shared.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length >= 68, null, { timeout: 60_000 });
  assert.equal(await shared.locator('.diagram-detail').inputValue(), 'keys');
  const again = exported((await exportSvg(shared)).svg);
  assert.deepEqual([...again.entries()], [...keys.entries()]);
  await shared.close();
  // a link made before the selector existed: every column
  const old = await openApp(env, '/#' + OLD_LINK, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await old.locator('#tab-diagram').click();
  await old.waitForSelector('.erd-stage g.table');
  assert.equal(await old.locator('.diagram-detail').inputValue(), 'all');
  const oldSvg = exported((await exportSvg(old)).svg);
  assert.ok([...oldSvg.values()].some((cols) => cols.some((c) => !c.key)), 'non-key columns shown');
  await old.close();
});

test('the relationship inspector lists what the selected table references and what references it; a click jumps there', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="tasks"]');
  // what the drawing's edges say (foreign keys, not a view's dependencies)
  const edges = await page.locator('.erd-stage g.edge:not(.dep)').evaluateAll((els) => els.map((e) => [e.dataset.from, e.dataset.to]));
  const want = (key) => ({
    refs: edges.filter(([f]) => f === key).map(([, t]) => t),
    by: edges.filter(([, t]) => t === key).map(([f]) => f),
  });
  const shown = async () => ({
    refs: await page.locator('.inspect-refs .inspect-jump').evaluateAll((els) => els.map((e) => e.dataset.table)),
    by: await page.locator('.inspect-by .inspect-jump').evaluateAll((els) => els.map((e) => e.dataset.table)),
  });
  await page.locator('.erd-stage g.table[data-key="tasks"]').click();
  await page.waitForSelector('.diagram-inspect');
  const expected = want('tasks');
  assert.ok(expected.refs.length > 0 && expected.by.length > 0, JSON.stringify(expected));
  const got = await shown();
  assert.deepEqual([...got.refs].sort(), [...expected.refs].sort());
  assert.deepEqual([...got.by].sort(), [...expected.by].sort());
  assert.match(await page.locator('.inspect-by .inspect-jump').first().innerText(), /\S+\.\S+ → \S+/, 'labels name the columns');
  // click-to-jump: the referencing table is selected, centred, and inspected in turn
  const target = expected.by[0];
  await page.locator(`.inspect-by .inspect-jump[data-table="${target}"]`).click();
  await page.waitForFunction((k) => /\bselected\b/.test(document.querySelector(`.erd-stage g.table[data-key="${k}"]`)?.getAttribute('class') ?? ''), target);
  const vp = await page.locator('.diagram-viewport').boundingBox();
  const b = await page.locator(`.erd-stage g.table[data-key="${target}"]`).boundingBox();
  assert.ok(Math.abs(b.x + b.width / 2 - (vp.x + vp.width / 2)) < 3 && Math.abs(b.y + b.height / 2 - (vp.y + vp.height / 2)) < 3, `${target} centred`);
  assert.equal(await page.locator('.inspect-table').innerText(), target);
  assert.deepEqual((await shown()).refs.sort(), want(target).refs.sort());
  await page.locator('.inspect-close').click();
  assert.equal(await page.locator('.diagram-inspect').count(), 0);
  await page.close();
});
