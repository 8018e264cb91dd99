// The diagram readable at any size (issue 19 item 3), on the release build (dist/), with the
// 66-table danbooru pg_dump of the shared corpus opened as a file, as a new user would:
// - at Fit and in Focus mode every table's name is drawn at a readable size on screen (the label
//   scales with the zoom, not the box); between them, key columns are shown without the others;
// - the detail selector (all columns / keys only / names only) changes what the boxes list, and the
//   choice travels in a share link; a link made before the selector existed shows every column;
// - exports are named after the opened file and the view;
// - hovering one edge lights exactly its whole route (over a shared trunk, checked in the pixels) and
//   its two end columns; Focus exports carry no stubs; danbooru's PNG keeps the drawing's shape and
//   its long types are whole; cardinality as crow's foot or labels (kept in a link); table groups.
// Run: node --test tests/e2e/readable.test.mjs  (about 90 s)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, openApp, schemaInput } from './browser.mjs';

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
    const cols = [...part.matchAll(/<text class="col[^"]*" x="[\d.]+" y="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ name: m[2], key: keyRows.has(m[1]) }));
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

/// Every drawn foreign key: its layout points, its ends, and the screen transform of the drawing.
const edgesOf = (page) => page.locator('.erd-stage svg').evaluate((svg) => {
  const m = svg.getScreenCTM();
  const edges = [...svg.querySelectorAll('g.edges > g.edge:not(.dep)')].map((g, i) => {
    const d = g.querySelector('path').getAttribute('d');
    const pts = [...d.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((x) => [Number(x[1]), Number(x[2])]);
    return { i, from: g.dataset.from, to: g.dataset.to, d, pts };
  });
  const boxes = [...svg.querySelectorAll('g.table')].map((t) => {
    const r = t.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  });
  return { edges, boxes, ctm: [m.a, m.e, m.f] };
});

/// Distance from point p to segment ab.
function segDist(p, a, b) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}
const polyDist = (p, pts) => Math.min(...pts.slice(1).map((b, k) => segDist(p, pts[k], b)));

/// A point on edge `e` (layout space) farther than `gap` from every other edge and off every box.
function ownPoint(e, all, boxes, ctm, gap = 8) {
  for (let k = 1; k < e.pts.length; k++) {
    const [a, b] = [e.pts[k - 1], e.pts[k]];
    for (let t = 0.1; t < 1; t += 0.1) {
      const p = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const s = [p[0] * ctm[0] + ctm[1], p[1] * ctm[0] + ctm[2]];
      if (boxes.some((r) => s[0] > r[0] - 4 && s[0] < r[2] + 4 && s[1] > r[1] - 4 && s[1] < r[3] + 4)) continue;
      if (all.every((o) => o === e || polyDist(p, o.pts) > gap)) return s;
    }
  }
  return null;
}

/// The screen's pixels (RGB) in the 3×3 square around (x, y), decoded by the page from a screenshot.
async function pixels(page, x, y) {
  const png = await page.screenshot({ clip: { x: Math.round(x) - 1, y: Math.round(y) - 1, width: 3, height: 3 } });
  return page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    const out = [];
    for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
    return out;
  }, png.toString('base64'));
}

test('hovering one edge highlights exactly that edge end to end, over a trunk it shares, with its two end columns', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 } });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="tasks"]');
  await page.locator('.zoom-fit').click();
  await page.waitForTimeout(300);
  const { edges, boxes, ctm } = await edgesOf(page);
  const vp = await page.locator('.diagram-viewport').boundingBox();
  boxes.push([-1e9, -1e9, 1e9, vp.y + 4], [-1e9, vp.y + vp.height - 140, 1e9, 1e9], [-1e9, -1e9, vp.x + 4, 1e9], [vp.x + vp.width - 4, -1e9, 1e9, 1e9]);
  assert.ok(ctm[0] >= 0.5, `full detail at Fit (${ctm[0]})`);
  // pairs of edges whose routes run along a common stretch (a shared port / trunk)
  // (the middle of the longest common segment, in layout space)
  const shared = (a, b) => {
    let best = null;
    a.pts.slice(1).forEach((q, k) => {
      const mid = [(a.pts[k][0] + q[0]) / 2, (a.pts[k][1] + q[1]) / 2];
      const len = Math.hypot(q[0] - a.pts[k][0], q[1] - a.pts[k][1]);
      if (len > 6 && polyDist(mid, b.pts) < 0.5 && !(best && best.len > len)) best = { mid, len };
    });
    return best?.mid;
  };
  const pairs = [];
  for (const a of edges) for (const b of edges) if (a.i < b.i && shared(a, b)) pairs.push([a, b, shared(a, b)]);
  assert.ok(pairs.length > 0, 'the default example has edges sharing a trunk');
  let checked = 0;
  for (const [a, b, mid] of pairs) {
    const pa = ownPoint(a, edges, boxes, ctm);
    const pb = ownPoint(b, edges, boxes, ctm);
    if (!pa || !pb) continue;
    for (const [e, p] of [[a, pa], [b, pb]]) {
      await page.mouse.move(p[0], p[1]);
      await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.hl-layer .hl-route').length > 0);
      const got = await page.locator('.erd-stage svg').evaluate((svg) => ({
        hl: [...svg.querySelectorAll('g.edges > g.edge.hl')].map((g) => g.querySelector('path').getAttribute('d')),
        routes: [...svg.querySelectorAll('g.hl-layer .hl-route')].map((r) => r.getAttribute('d')),
        rows: [...svg.querySelectorAll('g.hl-layer .hl-row')].map((r) => r.dataset.key).sort(),
        last: svg.lastElementChild.getAttribute('class'),
        tables: [...svg.querySelectorAll('g.table.hl')].map((t) => t.dataset.key).sort(),
      }));
      assert.deepEqual(got.hl, [e.d], `exactly the hovered edge ${e.from}→${e.to}`);
      assert.deepEqual(got.routes, [e.d], 'its whole route is painted above the others, shared stretch included');
      assert.equal(got.last, 'hl-layer', 'the highlight is painted last (over edges that share its trunk)');
      assert.deepEqual(got.rows, [e.from, e.to].sort(), 'its two end columns are marked');
      assert.deepEqual(got.tables, [...new Set([e.from, e.to])].sort());
      // on screen, the shared stretch is in the highlight colour whichever edge is drawn last
      const s = [mid[0] * ctm[0] + ctm[1], mid[1] * ctm[0] + ctm[2]];
      const accent = await page.locator('.erd-stage g.hl-layer .hl-route').evaluate((r) => getComputedStyle(r).stroke.match(/\d+/g).map(Number));
      const px = await pixels(page, s[0], s[1]);
      const near = px.some((c) => Math.hypot(c[0] - accent[0], c[1] - accent[1], c[2] - accent[2]) < 40);
      assert.ok(near, `shared stretch at ${s.map(Math.round)} is highlighted for ${e.from}→${e.to}: ${JSON.stringify(px)} vs ${accent}`);
    }
    checked++;
    if (checked >= 3) break;
  }
  assert.ok(checked > 0, 'found a hover point of its own on both edges of a shared trunk');
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.hl-layer > *').length === 0);
  assert.equal(await page.locator('.erd-stage g.edge.hl').count(), 0);
  await page.close();
});

/// Width and height of a PNG file (its IHDR chunk).
const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

/// The exported SVG's tables and its relationships (both ends).
function drawnIn(svg) {
  const tables = new Set([...svg.matchAll(/<g class="table[^"]*" data-key="([^"]*)"/g)].map((m) => m[1]));
  const edges = [...svg.matchAll(/<g class="(edge[^"]*)" data-from="([^"]*)" data-to="([^"]*)"/g)].map((m) => ({ class: m[1], from: m[2], to: m[3] }));
  return { tables, edges };
}

test('Focus-mode exports (SVG and PNG) carry only relationships whose two ends are drawn', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await schemaInput(page).fill(`CREATE TABLE users (id int PRIMARY KEY, team_id int REFERENCES teams_gone(id));
CREATE TABLE posts (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users(id), cat_id int REFERENCES categories_gone(id));
CREATE TABLE likes (id int PRIMARY KEY, post_id int REFERENCES posts(id));
CREATE TABLE tags (id int PRIMARY KEY);`);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length === 4);
  // the whole diagram shows the two foreign keys to missing tables as stubs
  const whole = drawnIn((await download(page, '.export-svg')).bytes.toString());
  assert.equal(whole.edges.filter((e) => /\bdangling\b/.test(e.class)).length, 2);
  for (const focus of ['users', 'posts']) {
    await page.locator(`.erd-stage g.table[data-key="${focus}"]`).click();
    await page.locator('.focus-btn').click();
    await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length < 4);
    const svgFile = await download(page, '.export-svg');
    const svg = svgFile.bytes.toString();
    const { tables, edges } = drawnIn(svg);
    assert.ok(tables.has(focus) && edges.length > 0, svgFile.name);
    for (const e of edges) assert.ok(tables.has(e.from) && tables.has(e.to) && !/dangling/.test(e.class), `${svgFile.name}: ${JSON.stringify(e)}`);
    assert.doesNotMatch(svg, /class="missing"/);
    // the PNG is drawn from that same SVG: its size is the focus drawing's
    const png = await download(page, '.export-png');
    assert.match(png.name, new RegExp(`-focus-${focus}\\.png$`));
    const [w, h] = svg.match(/<svg[^>]* width="([\d.]+)" height="([\d.]+)"/).slice(1).map(Number);
    const [pw, ph] = pngSize(png.bytes);
    assert.ok(Math.abs(pw / ph - w / h) < 0.02, `PNG ${pw}×${ph} vs SVG ${w}×${h}`);
    await page.locator('.focus-btn', { hasText: 'Show all' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length === 4);
  }
  await page.close();
});

test('a wide schema exports a PNG of its own shape at a readable scale, and long types whole', async (t) => {
  const page = await openDanbooru();
  const svgFile = await download(page, '.export-svg');
  const svg = svgFile.bytes.toString();
  const [w, h] = svg.match(/<svg[^>]* width="([\d.]+)" height="([\d.]+)"/).slice(1).map(Number);
  // long types are drawn whole (squeezed into their slot when wider), never cut with an ellipsis
  const types = [...svg.matchAll(/<text class="type[^"]*"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.ok(types.includes('timestamp without time zone'), 'the long type is there in full');
  assert.deepEqual(types.filter((x) => x.endsWith('…')), [], 'no type is cut');
  const png = await download(page, '.export-png');
  assert.equal(png.name, 'danbooru-diagram.png');
  const [pw, ph] = pngSize(png.bytes);
  const note = `danbooru ${w}×${h} layout → PNG ${pw}×${ph} (scale ${(pw / w).toFixed(2)})`;
  t.diagnostic(note);
  console.log(note);
  assert.ok(Math.abs(pw / ph - w / h) / (w / h) < 0.01, `same shape: ${note}`);
  assert.ok(pw / w >= 0.5, `readable scale: ${note}`);
  assert.ok(pw <= 16384 && ph <= 16384 && pw * ph <= 32 * 1024 * 1024, `within the canvas limits: ${note}`);
  // drawn over the whole image: boxes reach its right and bottom tenths (not a half-empty image)
  const filled = await page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const bg = g.getImageData(0, 0, 1, 1).data;
    const inked = (x0, y0, x1, y1) => {
      const d = g.getImageData(x0, y0, x1 - x0, y1 - y0).data;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 60) return true;
      return false;
    };
    const [W, H] = [img.width, img.height];
    return { right: inked(Math.floor(W * 0.9), 0, W, H), bottom: inked(0, Math.floor(H * 0.9), W, H) };
  }, png.bytes.toString('base64'));
  assert.deepEqual(filled, { right: true, bottom: true }, note);
  await page.close();
});

test('cardinality: crow\'s foot in the live diagram and exports, or labels (1, 0..1, 0..*) kept in a share link', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="tasks"]');
  await page.locator('.zoom-fit').click();
  await page.waitForTimeout(300);
  const fks = '.erd-stage g.edges > g.edge:not(.dep):not(.dangling)';
  const n = await page.locator(fks).count();
  assert.ok(n >= 10);
  // crow's foot: every relationship has its end glyphs in the live drawing and in the export
  assert.equal(await page.locator(`${fks} > path.end`).count(), n);
  assert.equal(await page.locator(`${fks} text.card`).count(), 0);
  const crow = drawnIn((await download(page, '.export-svg')).bytes.toString());
  assert.equal(crow.edges.filter((e) => !/dep/.test(e.class)).length, n);
  // labels: two per relationship, from the FK columns' nullability and uniqueness
  await page.locator('.diagram-ends').selectOption('labels');
  await page.waitForFunction((sel) => document.querySelectorAll(`${sel} text.card`).length > 0, fks);
  const labels = await page.locator(fks).evaluateAll((els) => els.map((g) => ({
    from: g.dataset.from, to: g.dataset.to, cards: [...g.querySelectorAll('text.card')].map((t) => t.textContent), glyphs: g.querySelectorAll('path.end').length,
  })));
  for (const l of labels) {
    assert.equal(l.glyphs, 0, `${l.from}→${l.to}: no crow's foot`);
    assert.equal(l.cards.length, 2, `${l.from}→${l.to}`);
    assert.ok(['0..*', '0..1'].includes(l.cards[0]) && ['1', '0..1'].includes(l.cards[1]), `${l.from}→${l.to}: ${l.cards}`);
  }
  // tasks.project_id is NOT NULL and not unique: many tasks, exactly one project
  const tp = labels.find((l) => l.from === 'tasks' && l.to === 'projects');
  assert.deepEqual(tp?.cards, ['0..*', '1']);
  const exported = (await download(page, '.export-svg')).bytes.toString();
  assert.equal((exported.match(/<text class="card"/g) ?? []).length, 2 * n);
  // kept in a share link
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.close();
  const shared = await openApp(env, '/' + link.slice(link.indexOf('#')), { viewport: { width: 1400, height: 900 } });
  await shared.locator('#tab-diagram').click();
  await shared.waitForSelector('.erd-stage g.edge text.card');
  assert.equal(await shared.locator('.diagram-ends').inputValue(), 'labels');
  await shared.close();
});

test('groups: DBML TableGroups, else schemas, are labelled backgrounds behind their tables, in the live diagram and exports', async () => {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const dbml = `Table users as U {\n  id int [pk]\n}\nTable posts {\n  id int [pk]\n  user_id int [ref: > U.id]\n}\nTable tags {\n  id int [pk]\n  post_id int [ref: > posts.id]\n}\nTable audit {\n  id int [pk]\n}\n\nTableGroup people {\n  U\n}\nTableGroup content {\n  posts\n  tags\n}\n`;
  await schemaInput(page).fill(dbml);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.table').length === 4);
  await page.waitForSelector('.erd-stage g.groups > g.group');
  const live = await page.locator('.erd-stage svg').evaluate((svg) => {
    const rect = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const order = [...svg.children].map((c) => c.getAttribute('class'));
    const groups = [...svg.querySelectorAll('g.groups > g.group')].map((g) => ({ name: g.dataset.group, label: g.querySelector('text').textContent, hull: rect(g.querySelector('rect')) }));
    const tables = Object.fromEntries([...svg.querySelectorAll('g.table')].map((t) => [t.dataset.key, rect(t.querySelector('rect.box'))]));
    return { order, groups, tables };
  });
  assert.deepEqual(live.groups.map((g) => [g.name, g.label]), [['people', 'people'], ['content', 'content']]);
  assert.ok(live.order.indexOf('groups') < live.order.indexOf('edges') && live.order.indexOf('edges') < live.order.indexOf('tables'), live.order.join());
  const inside = (a, b) => a[0] >= b[0] - 0.5 && a[1] >= b[1] - 0.5 && a[2] <= b[2] + 0.5 && a[3] <= b[3] + 0.5;
  const members = { people: ['users'], content: ['posts', 'tags'] };
  for (const g of live.groups) for (const k of members[g.name]) assert.ok(inside(live.tables[k], g.hull), `${k} inside ${g.name}`);
  const svg = (await download(page, '.export-svg')).bytes.toString();
  assert.deepEqual([...svg.matchAll(/<g class="group" data-group="([^"]*)"/g)].map((m) => m[1]), ['people', 'content']);
  // SQL in two schemas: one group per schema
  await schemaInput(page).fill('CREATE SCHEMA billing;\nCREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE billing.invoices (id int PRIMARY KEY, user_id int REFERENCES users(id));\nCREATE TABLE billing.payments (id int PRIMARY KEY, invoice_id int REFERENCES billing.invoices(id));');
  await page.waitForFunction(() => document.querySelector('.erd-stage g.table[data-key="billing.payments"]'));
  await page.waitForFunction(() => document.querySelectorAll('.erd-stage g.groups > g.group').length === 2);
  const names = await page.locator('.erd-stage g.groups > g.group').evaluateAll((els) => els.map((g) => g.dataset.group).sort());
  assert.deepEqual(names, ['(default schema)', 'billing']);
  await page.close();
});
