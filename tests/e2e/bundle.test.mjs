// The lazily loaded engine module and the docs embed's own module, on the release build.
// Run: node --test tests/e2e/bundle.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp } from './browser.mjs';
import { PRISMA } from './inputs.mjs';

const env = browserForFile({ check: false });

const ENGINE = /\/engine-[0-9a-f]+(\.js|_bg\.wasm)$/;
const APP = /\/schema-playground-[0-9a-f]+(\.js|_bg\.wasm)$/;
const EMBED = /\/embed-[0-9a-f]+(\.js|_bg\.wasm)$/;

/// Every URL this page asked for (service-worker fetches are not the page's).
function recordRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

/// A fresh page. Service workers are blocked: a request the service worker answers is invisible
/// to page.route (offline.test.mjs covers the service worker).
async function fresh(path = '/', options = {}) {
  const page = await env.newPage({ serviceWorkers: 'block', ...options });
  const urls = recordRequests(page);
  await page.goto(env.origin + path);
  return { page, urls };
}

const CODE_TABS = ['prisma', 'drizzle', 'sql', 'mermaid', 'dbml', 'typescript'];

test('the engine module is not requested before use; a code tab loads it with a visible loading state', async () => {
  const { page, urls } = await fresh();
  // Hold the engine's wasm until the loading state has been seen.
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/engine-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  assert.ok(urls.some((u) => APP.test(u)), 'the app module was loaded');
  assert.deepEqual(urls.filter((u) => ENGINE.test(u) || EMBED.test(u)), [], 'no engine or embed module before the first paint');
  // The idle preload waits 2.5 s after the first paint: a second later still nothing.
  await page.waitForTimeout(1000);
  assert.deepEqual(urls.filter((u) => ENGINE.test(u)), [], 'not requested while nothing needs it');
  await page.locator('#tab-prisma').click();
  await page.waitForSelector('.engine-loading');
  assert.match(await page.locator('.engine-loading').innerText(), /Loading the engine for the Prisma schema/);
  release();
  await page.waitForSelector('.code-text', { timeout: 60_000 });
  assert.match(await page.locator('.code-text').innerText(), /model Organization \{/);
  assert.equal(urls.filter((u) => /engine-[0-9a-f]+_bg\.wasm$/.test(u)).length, 1, 'downloaded once');
  await page.close();
});

test('the page loads the engine by itself once idle after the first paint', async () => {
  const { page, urls } = await fresh();
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /engine-[0-9a-f]+_bg\.wasm$/.test(e.name)), null, { timeout: 30_000 });
  assert.ok(urls.some((u) => ENGINE.test(u)));
  await page.close();
});

test('after the engine loads every tab works: code targets, migration check and plan, findings, diagram', async () => {
  const page = await openApp(env);
  for (const tab of CODE_TABS) {
    await page.locator(`#tab-${tab}`).click();
    await page.waitForSelector(`.code-view[data-tab="${tab}"] .code-text`, { timeout: 60_000 });
    assert.ok((await page.locator('.code-text').innerText()).length > 100, `${tab} has code`);
  }
  // Switching the SQL target asks the engine again and shows that target's code.
  await page.locator('#tab-sql').click();
  await page.locator('.sql-target').selectOption('mysql');
  await page.waitForFunction(() => document.querySelector('.code-text')?.innerText.includes('AUTO_INCREMENT'), null, { timeout: 30_000 });
  await page.locator('#tab-migration').click();
  await page.locator('.mig-editor .code-input').fill('CREATE INDEX tasks_title_idx ON organizations (name);\nALTER TABLE organizations ADD COLUMN plan text NOT NULL;');
  await page.waitForFunction(() => document.querySelectorAll('.mig-card').length === 2, null, { timeout: 30_000 });
  assert.ok(await page.locator('.mig-finding[data-rule="require-concurrent-index-creation"]').count() > 0);
  // The rule's help travels with the report.
  assert.match(await page.locator('.mig-finding[data-rule="require-concurrent-index-creation"] .rule-summary').first().textContent(), /CONCURRENTLY/);
  await page.locator('.view-plan').click();
  await page.locator('.set-baseline').click();
  await page.waitForSelector('.plan-nochange', { timeout: 30_000 });
  const editor = page.locator('.editor-pane .code-input');
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nCREATE TABLE audit_log (id bigint PRIMARY KEY, note text);');
  await page.waitForFunction(() => document.querySelector('.plan-phases')?.innerText.includes('audit_log'), null, { timeout: 30_000 });
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.finding.lint');
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="audit_log"]', { timeout: 30_000 });
  await page.close();
});

test('a failed download of the engine says so in the tab, the rest keeps working, and Retry loads it', async () => {
  const { page, urls } = await fresh();
  await page.route(/\/engine-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  await page.locator('#tab-drizzle').click();
  await page.waitForSelector('.engine-failed.load-failed', { timeout: 30_000 });
  assert.match(await page.locator('.engine-failed').innerText(), /Could not load the engine for the Drizzle schema/);
  // The editor, the analysis and the other views still work.
  const status = page.locator('.status-summary');
  const before = await status.innerText();
  await page.locator('.editor-pane .code-input').focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nCREATE TABLE after_failure (id int PRIMARY KEY);');
  await page.waitForFunction((b) => document.querySelector('.status-summary').innerText !== b, before);
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="after_failure"]');
  await page.locator('#tab-drizzle').click();
  await page.waitForSelector('.engine-failed.load-failed');
  // The network is back: Retry loads the engine and shows the code (with the new table).
  await page.unroute(/\/engine-[0-9a-f]+_bg\.wasm$/);
  await page.locator('.engine-failed .retry-btn').click();
  await page.waitForSelector('.code-text', { timeout: 60_000 });
  assert.match(await page.locator('.code-text').innerText(), /afterFailure|after_failure/);
  assert.ok(urls.filter((u) => /engine-[0-9a-f]+_bg\.wasm$/.test(u)).length >= 2, 'tried again');
  await page.close();
});

test('the History view checks in the engine worker: a failed download says so in the view, Retry checks the folder', async () => {
  const { page, urls } = await fresh();
  await page.route(/\/engine-[0-9a-f]+_bg\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  await page.locator('#tab-history').click();
  await page.locator('.hist-files-input').setInputFiles([
    { name: '001_users.sql', mimeType: 'text/plain', buffer: Buffer.from('CREATE TABLE users (id bigint PRIMARY KEY, email text);\n') },
    { name: '002_posts.sql', mimeType: 'text/plain', buffer: Buffer.from('CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\nCREATE INDEX posts_user ON posts (user_id);\n') },
  ]);
  await page.waitForSelector('.hist-failed', { timeout: 30_000 });
  assert.match(await page.locator('.hist-failed').innerText(), /Could not load the engine for the migration history/);
  assert.equal(await page.locator('.hist-item').count(), 0);
  // The network is back: Retry loads the engine, the timeline comes, a point fills the editor.
  await page.unroute(/\/engine-[0-9a-f]+_bg\.wasm$/);
  await page.locator('.hist-failed .retry-btn').click();
  await page.waitForFunction(() => document.querySelectorAll('.hist-item').length === 2, null, { timeout: 60_000 });
  assert.equal(await page.locator('.hist-failed').count(), 0);
  assert.match(await page.locator('.hist-summary').innerText(), /· 2 migrations ·/);
  await page.locator('.hist-item[data-index="1"] .hist-pick').click();
  await page.waitForFunction(() => /CREATE TABLE users/.test(document.querySelector('.editor-pane .code-input').value), null, { timeout: 30_000 });
  assert.doesNotMatch(await page.locator('.editor-pane .code-input').inputValue(), /posts/);
  assert.ok(urls.filter((u) => /engine-[0-9a-f]+_bg\.wasm$/.test(u)).length >= 2, 'tried again');
  await page.close();
});

test('a pasted Prisma schema is read by the engine module (the readers are not in the first load) and drawn', async () => {
  const { page, urls } = await fresh();
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  assert.deepEqual(urls.filter((u) => ENGINE.test(u)), [], 'no engine before the Prisma text');
  await page.locator('.editor-pane .code-input').fill(PRISMA);
  await page.waitForSelector('.erd-stage g.table[data-key="Book"]', { timeout: 60_000 });
  assert.ok(urls.some((u) => ENGINE.test(u)), 'the engine module read it');
  assert.equal(await page.locator('.erd-stage g.table').count(), 2);
  // Findings point into the Prisma text (lines of the original, no SQL fix offered).
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.finding.lint', { timeout: 30_000 });
  // The code tabs generate from the Prisma schema too.
  await page.locator('#tab-sql').click();
  await page.waitForFunction(() => /CREATE TABLE [`"]?Book[`"]?/i.test(document.querySelector('.code-text')?.innerText ?? ''), null, { timeout: 30_000 });
  await page.close();
});

test('a diagram embed loads only the embed module: not the app, not the engine', async () => {
  const link = await (async () => {
    const page = await openApp(env);
    await page.locator('.share-btn').click();
    const l = await page.locator('.share-link').inputValue();
    await page.close();
    return l;
  })();
  const fragment = link.slice(link.indexOf('#'));
  const { page, urls } = await fresh(`/?embed=diagram&theme=light${fragment}`);
  await page.waitForSelector('.embed[data-embed="diagram"] .erd-stage g.table', { timeout: 60_000 });
  await page.waitForTimeout(3500);
  assert.ok(urls.some((u) => EMBED.test(u)), 'the embed module');
  assert.deepEqual(urls.filter((u) => APP.test(u) || ENGINE.test(u)), [], 'neither the app module nor the engine');
  assert.equal(await page.locator('.code-input').count(), 0, 'no editor');
  await page.close();
  // A code embed: the embed module plus the engine for its code, still no app module.
  const code = await fresh(`/?embed=prisma&theme=dark${fragment}`);
  await code.page.waitForSelector('.embed .code-text', { timeout: 60_000 });
  assert.match(await code.page.locator('.code-text').innerText(), /model /);
  assert.ok(code.urls.some((u) => ENGINE.test(u)));
  assert.deepEqual(code.urls.filter((u) => APP.test(u)), []);
  await code.page.close();
});

test('a migration embed shows the script read-only with its check', async () => {
  const page = await openApp(env);
  await page.locator('#tab-migration').click();
  await page.locator('.mig-editor .code-input').fill('ALTER TABLE organizations ADD COLUMN plan text NOT NULL;');
  await page.waitForSelector('.mig-card');
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  await page.close();
  const { page: embed } = await fresh(`/?embed=migration${link.slice(link.indexOf('#'))}`);
  await embed.waitForSelector('.embed .mig-card', { timeout: 60_000 });
  assert.match(await embed.locator('.mig-script').innerText(), /ADD COLUMN plan text NOT NULL/);
  assert.equal(await embed.locator('.code-input').count(), 0, 'no editor in an embed');
  assert.ok(await embed.locator('.mig-finding[data-rule="adding-required-field"]').count() > 0);
  // the safe version is shown and can be copied, but a read-only embed applies nothing
  assert.ok(await embed.locator('.embed .mig-safe .copy-safe').count() > 0);
  assert.equal(await embed.locator('.apply-safe, .apply-all-safe, .restore-script').count(), 0);
  await embed.close();
});

test('the rule catalogue\'s texts come from the engine: the migration rules\' and the schema rules\' details, fixes and examples are in its module, not in the app or embed module', async () => {
  const page = await openApp(env);
  await page.locator('#tab-findings').click();
  await page.locator('.rules-btn').click();
  await page.waitForSelector('.catalogue .migration-rule .rule-summary', { timeout: 60_000 });
  await page.waitForSelector('.catalogue .rule .example.bad', { timeout: 60_000 });
  const summaries = await page.locator('.catalogue .migration-rule .rule-summary').evaluateAll((els) => els.map((e) => e.textContent));
  // A schema rule's summary and why stay in the page (the linter and its findings show them);
  // its details, fix and examples do not.
  const schemaTexts = await page.locator('.catalogue .rule').evaluateAll((els) => els.flatMap((e) => {
    const fix = [...e.querySelectorAll('p')].find((p) => p.querySelector('strong')?.textContent === 'Fix: ');
    const details = e.querySelector('.rule-details');
    return [e.querySelector('.example.bad').textContent, e.querySelector('.example.good').textContent, fix.textContent.slice('Fix: '.length), ...(details ? [details.textContent] : [])];
  }));
  const build = await page.evaluate(() => window.__schemaplay);
  await page.close();
  const wasm = async (files) => Buffer.from(await (await fetch(`${env.origin}/${files[1]}`)).arrayBuffer());
  const [app, embed, engine] = [await wasm(build.app), await wasm(build.embed), await wasm(build.engine)];
  assert.ok(summaries.length > 20, `${summaries.length} migration rules`);
  assert.ok(schemaTexts.length >= 3 * 30, `${schemaTexts.length} schema rule texts`);
  for (const text of [...summaries, ...schemaTexts]) {
    assert.ok(engine.includes(text), `the engine module holds ${JSON.stringify(text)}`);
    assert.ok(!app.includes(text), `the app module holds ${JSON.stringify(text)}`);
    assert.ok(!embed.includes(text), `the embed module holds ${JSON.stringify(text)}`);
  }
});

test('no console errors, page errors or requests to other hosts', () => {
  assert.deepEqual(env.problems.filter((p) => !/internetdisconnected|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
});
