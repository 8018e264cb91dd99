// Shared end-to-end harness: serves dist/ on 127.0.0.1, launches Debian's Chromium through
// playwright-core, and records every console error, page error and request to another host.
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch() {
  const dist = resolve(process.env.DIST_DIR ?? 'dist');
  const server = await startServer(dist, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  // launch() gives every run a fresh, empty profile directory of its own (its --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic',
    ],
  });
  const problems = [];
  const requests = []; // every URL any page asked for
  async function newPage(options = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}${/\bengine-[0-9a-f]+(_bg)?\.(js|wasm)/.test(err.stack ?? '') ? ' (in the engine worker)' : ''}`));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      problems.push(`request to another host: ${url}`);
      return route.abort();
    });
    return page;
  }
  async function close() {
    await browser.close();
    server.close();
  }
  return { origin, newPage, problems, requests, close };
}

/// Opens the app and waits until the wasm module has mounted it.
export async function openApp(env, path = '/', options = {}) {
  const page = await env.newPage(options);
  await page.goto(env.origin + path);
  await page.waitForSelector('.code-input', { timeout: 30_000 });
  return page;
}
