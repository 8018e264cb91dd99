// Offline and second visits through the service worker, on the release build.
// Run: node --test tests/e2e/offline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM } from './browser.mjs';
import { startServer } from '../../scripts/serve.mjs';

// A copy of dist/ of our own: the update test writes a "new build" into it.
const dir = mkdtempSync(join(tmpdir(), 'schemaplay-offline-'));
cpSync(resolve(process.env.DIST_DIR ?? 'dist'), dir, { recursive: true });
let server, origin, browser;
const problems = [];
before(async () => {
  server = await startServer(dir, 0);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});
after(async () => {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function context() {
  const ctx = await browser.newContext();
  ctx.on('page', (page) => {
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });
  return ctx;
}

/// First visit: the app opens, its service worker takes control, the engine is fetched through it.
async function firstVisit(ctx) {
  const page = await ctx.newPage();
  await page.goto(origin + '/');
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.locator('#tab-prisma').click();
  await page.waitForSelector('.code-text', { timeout: 60_000 });
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    for (const k of keys) {
      const names = (await (await caches.open(k)).keys()).map((r) => r.url);
      if (names.some((u) => /engine-[0-9a-f]+_bg\.wasm$/.test(u))) return true;
    }
    return false;
  }, null, { timeout: 30_000 });
  return page;
}

test('a second visit with the network cut opens, analyses and shows every tab', async () => {
  const ctx = await context();
  const page = await firstVisit(ctx);
  await page.close();
  // A docs embed of this origin seen once online (the worker caches its module when fetched).
  const online = await ctx.newPage();
  await online.goto(origin + '/?embed=diagram');
  await online.waitForSelector('.embed', { timeout: 60_000 });
  await online.close();
  await ctx.setOffline(true);
  const again = await ctx.newPage();
  await again.goto(origin + '/');
  // The draft brings back the tab open last (Prisma): the diagram is one click away.
  await again.locator('#tab-diagram').click({ timeout: 60_000 });
  await again.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  const input = again.locator('.editor-pane .code-input');
  await input.fill('CREATE TABLE offline_notes (id bigint PRIMARY KEY, body text NOT NULL);');
  await again.waitForFunction(() => document.querySelector('.status-summary').innerText.startsWith('1 statement'));
  await again.waitForSelector('.erd-stage g.table[data-key="offline_notes"]');
  for (const tab of ['prisma', 'drizzle', 'sql', 'mermaid', 'dbml', 'typescript']) {
    await again.locator(`#tab-${tab}`).click();
    await again.waitForFunction((t) => {
      const code = document.querySelector(`.code-view[data-tab="${t}"] .code-text`);
      return code && /offline_?notes|OfflineNote/i.test(code.innerText);
    }, tab, { timeout: 60_000 });
  }
  await again.locator('#tab-findings').click();
  await again.waitForSelector('.finding');
  await again.locator('#tab-migration').click();
  await again.locator('.mig-editor .code-input').fill('ALTER TABLE offline_notes ADD COLUMN title text NOT NULL;');
  await again.waitForSelector('.mig-finding[data-rule="adding-required-field"]', { timeout: 60_000 });
  // The embed is served by the same worker, offline too.
  const embed = await ctx.newPage();
  await embed.goto(origin + '/?embed=diagram');
  await embed.waitForSelector('.embed', { timeout: 60_000 });
  await ctx.close();
});

test('a new build shows "A new version is available", and Reload moves to it', async () => {
  const ctx = await context();
  const page = await firstVisit(ctx);
  const before = await page.evaluate(() => caches.keys());
  // Deploy a "new build": the service worker's version changes.
  const sw = join(dir, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/"version":"([0-9a-f]+)"/, '"version":"$1next"'));
  await page.reload();
  await page.waitForSelector('.update-available', { timeout: 60_000 });
  assert.match(await page.locator('.update-available').innerText(), /new version/i);
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.locator('.update-reload').click()]);
  await page.locator('#tab-diagram').click({ timeout: 60_000 });
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  await page.waitForFunction((old) => caches.keys().then((k) => k.some((x) => x.endsWith('next')) && !k.some((x) => old.includes(x))), before, { timeout: 30_000 });
  assert.equal(await page.locator('.update-available').count(), 0);
  await ctx.close();
});

test('no console errors or page errors', () => {
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
});
