// What a first visit downloads, measured in a real Chromium load of dist/ (not a list of files):
// every request the page makes before its first contentful paint, with the bytes of each
// response raw, gzip -9 and brotli -q 11 (the server of a real deployment compresses; ours does
// not, so the compressed sizes are computed here from the bodies Chromium received).
//
//   node scripts/first-load.mjs [DIST]     (default dist/; run by `make bench`)
//
// Scenarios: the app (`/`), a diagram embed and a Prisma-code embed (the links of
// public/embed-demo.html), each in a fresh browser context (empty cache, no service worker).
// For each: the requests before the first paint, then what the page fetched later (the lazy
// engine module) after the view that needs it opened. Exit status 1 when the app's first load is
// over the 450 KB brotli budget or a diagram embed's is not smaller than the app's.
import { chromium } from 'playwright-core';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from './serve.mjs';

const BUDGET = 450 * 1024;
const dist = resolve(process.argv[2] ?? 'dist');
const server = await startServer(dist, 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
});

const demo = readFileSync(resolve(dist, 'embed-demo.html'), 'utf8');
const demoSrc = (cls) => {
  const m = demo.match(new RegExp(`class="${cls}"[^>]*\\ssrc="([^"]+)"`));
  if (!m) throw new Error(`no iframe .${cls} in embed-demo.html`);
  return m[1].replace(/&amp;/g, '&').replace(/^\.\//, '/');
};

/// Loads `path` in a fresh context; `after(page)` opens what needs the lazy module. Returns the
/// responses before the first contentful paint and those after it.
async function load(path, ready, after) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const seen = [];
  page.on('response', async (res) => {
    const req = res.request();
    if (!res.url().startsWith(origin)) return;
    const body = await res.body().catch(() => null);
    if (body) seen.push({ url: res.url(), start: req.timing().startTime, body });
  });
  const t0 = Date.now();
  await page.goto(origin + path);
  await page.waitForSelector(ready, { timeout: 60_000 });
  const fcp = await page.evaluate(() => new Promise((ok) => {
    const done = (e) => ok(performance.timeOrigin + e.startTime);
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    if (e) done(e);
    else new PerformanceObserver((l) => done(l.getEntries()[0])).observe({ type: 'paint', buffered: true });
  }));
  const firstAt = Date.now();
  await page.waitForTimeout(300);
  const before = seen.filter((s) => s.start <= fcp);
  const n = seen.length;
  if (after) await after(page);
  await page.waitForTimeout(300);
  const later = seen.slice(n).concat(seen.slice(0, n).filter((s) => s.start > fcp));
  await context.close();
  return { before, later, ms: firstAt - t0 };
}

function table(title, list) {
  console.log(`\n${title}`);
  console.log(`${'request'.padEnd(52)} ${'raw'.padStart(10)} ${'gzip-9'.padStart(10)} ${'brotli-11'.padStart(10)}`);
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const { url, body } of list) {
    const s = sizes(body);
    for (const k in total) total[k] += s[k];
    const name = url.slice(origin.length).split('#')[0] || '/';
    console.log(`${name.slice(0, 52).padEnd(52)} ${String(s.raw).padStart(10)} ${String(s.gzip).padStart(10)} ${String(s.brotli).padStart(10)}`);
  }
  console.log(`${'TOTAL'.padEnd(52)} ${String(total.raw).padStart(10)} ${String(total.gzip).padStart(10)} ${String(total.brotli).padStart(10)}`);
  return total;
}

const openTab = (sel, ready) => async (page) => {
  await page.locator(sel).click();
  await page.waitForSelector(ready, { timeout: 60_000 });
};

const app = await load('/', '.erd-stage g.table', openTab('#tab-prisma', '.code-text'));
const appTotal = table('== App (/): requests before the first contentful paint ==', app.before);
table('== App: fetched after the first paint (a code tab opened, idle prefetch) ==', app.later);
const diagram = await load(demoSrc('demo-diagram'), '.erd-stage g.table');
const diagramTotal = table('== Diagram embed: requests before the first contentful paint ==', diagram.before);
table('== Diagram embed: fetched after the first paint ==', diagram.later);
const prisma = await load(demoSrc('demo-prisma'), '.embed', async (page) => page.waitForSelector('.code-text', { timeout: 60_000 }));
table('== Prisma embed: requests before the first contentful paint ==', prisma.before);
table('== Prisma embed: fetched after the first paint (its code) ==', prisma.later);

await browser.close();
server.close();

const kb = (b) => (b / 1024).toFixed(1);
console.log(`\nfirst load, brotli: app ${kb(appTotal.brotli)} KB (budget ${BUDGET / 1024} KB), diagram embed ${kb(diagramTotal.brotli)} KB`);
let ok = true;
if (appTotal.brotli > BUDGET) { console.log('app first load: OVER the budget'); ok = false; }
if (diagramTotal.brotli >= appTotal.brotli) { console.log('diagram embed: NOT smaller than the app'); ok = false; }
process.exit(ok ? 0 : 1);
