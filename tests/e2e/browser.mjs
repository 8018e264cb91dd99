// Shared end-to-end harness: serves dist/ on 127.0.0.1, launches Debian's Chromium through
// playwright-core, and records every console error, page error and request to another host.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
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

/// The browser of a test file: launched before its first test, closed after its last. With `check`
/// (the default) the file fails when any page had a console error, a page error or a request to
/// another host; files that filter expected problems or list requests check them in a test of
/// their own (`check: false`). Returns the `launch()` env, filled in once `before` has run.
export function browserForFile({ check = true } = {}) {
  const env = {};
  before(async () => { Object.assign(env, await launch()); });
  after(async () => {
    const problems = [...(env.problems ?? [])];
    await env.close?.();
    if (check) assert.deepEqual(problems, [], 'no console errors, page errors or requests to other hosts');
  });
  return env;
}

/// Opens the app and waits until the wasm module has mounted it.
export async function openApp(env, path = '/', options = {}) {
  const page = await env.newPage(options);
  await page.goto(env.origin + path);
  await page.waitForSelector('.code-input', { timeout: 30_000 });
  return page;
}

/// The schema editor's text area.
export const schemaInput = (page) => page.locator('.editor-pane .code-input');

/// Steps of edits made from the diagram: `texts` starts with the editor's text now, and
/// `step(what, action)` runs the action, waits until it changed the editor's text (else fails with
/// the diagram's edit status), lets the analysis of the new text finish (it starts after a 200 ms
/// debounce), runs `settled` (a further wait of the caller's) and records the new text, so Ctrl+Z
/// can be checked step by step at the end.
export async function editSteps(page, settled = async () => {}) {
  const texts = [await schemaInput(page).inputValue()];
  const step = async (what, action) => {
    const was = texts[texts.length - 1];
    await action();
    await page.waitForFunction((w) => document.querySelector('.editor-pane .code-input').value !== w, was, { timeout: 15_000 })
      .catch(async () => { throw new Error(`${what}: the text did not change (${await page.locator('.edit-status').innerText()})`); });
    await page.waitForTimeout(350);
    await page.waitForFunction(() => !document.querySelector('.status-analysing'));
    await settled();
    texts.push(await schemaInput(page).inputValue());
  };
  return { texts, step };
}

/// Ctrl+Z in the editor, step by step back through `texts` (from [`editSteps`]): each undo must
/// give exactly the text before that step. `presses`: how many Ctrl+Z one step may take (1: each
/// is exactly one; more where text typed into another field of the page shares Chromium's one
/// undo history, see edit-drizzle.test.mjs).
export async function undoSteps(page, texts, presses = 1) {
  await schemaInput(page).focus();
  for (let i = texts.length - 1; i > 0; i--) {
    let now = texts[i];
    for (let press = 0; press < presses && now === texts[i]; press++) {
      await page.keyboard.press('Control+z');
      now = await schemaInput(page).inputValue();
    }
    assert.equal(now, texts[i - 1], `undo of step ${i} gives the text before it`);
  }
}

/// Page options for [`paste`]: the page may read and write the clipboard.
export const CLIPBOARD = { permissions: ['clipboard-read', 'clipboard-write'] };

/// Replaces the schema editor's text with `text` as a person does: through the clipboard and
/// Ctrl+A, Ctrl+V (the page opened with [`CLIPBOARD`]). Large texts must come this way: headless
/// Chromium crashes its renderer on a 10,000-line execCommand('insertText'), even in a bare textarea.
export async function paste(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await schemaInput(page).focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');
}
