// Share links, drafts and embeds on the release build in Chromium. Run: node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp } from './browser.mjs';

const env = browserForFile({ check: false });

const SQL = 'CREATE TABLE `notes` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `title` varchar(80) NOT NULL, -- «日本語» </script>\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;';
const input = (page) => page.locator('.code-input');
/// Autosave is throttled (~0.5 s after the last change).
const settle = (page) => page.waitForTimeout(900);

async function shareLink(page) {
  await page.locator('.share-btn').click();
  const link = await page.locator('.share-link').inputValue();
  const shown = Number((await page.locator('.share-length').innerText()).match(/^(\d+) characters/)[1]);
  assert.equal(shown, [...link].length);
  await page.locator('.copy-link').click();
  assert.match(await page.locator('.share-dialog .copied').innerText(), /Copied|copy it/);
  await page.locator('.share-dialog .close-share').click();
  return link;
}

test('a copied link opens in a fresh browser with the same text, dialect and tab', async () => {
  const page = await openApp(env);
  await input(page).fill(SQL);
  await page.locator('.dialect-select').selectOption('mysql');
  await page.locator('#tab-findings').click();
  const link = await shareLink(page);
  assert.ok(link.startsWith(env.origin + '/#v2.'), link);
  assert.equal(await page.locator('.share-warning').count(), 0);
  await page.close();

  const fresh = await openApp(env, link.slice(env.origin.length));
  assert.equal(await input(fresh).inputValue(), SQL);
  assert.equal(await fresh.locator('.dialect-select').inputValue(), 'mysql');
  assert.equal(await fresh.locator('#tab-findings').getAttribute('aria-selected'), 'true');
  // The fragment is taken out of the address bar (no history entry) once it is loaded.
  assert.equal(new URL(fresh.url()).hash, '');
  assert.equal(await fresh.locator('.link-error').count(), 0);
  await fresh.close();
});

test('a long schema gets the long-link warning', async () => {
  const page = await openApp(env);
  const big = Array.from({ length: 1500 }, (_, i) => `CREATE TABLE t${i} (id bigint PRIMARY KEY, v${i * 7919 % 1000} text, w${i * 104729 % 997} int, note_${(i * 31337) % 9973} varchar(${i % 200 + 1}));`).join('\n');
  // Set the value directly (Playwright's fill types it through insertText, far too slowly here).
  await input(page).evaluate((el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, big);
  await page.waitForFunction(() => document.querySelector('.status-lines').innerText.startsWith('1500 lines'));
  await page.locator('.share-btn').click();
  assert.ok((await page.locator('.share-link').inputValue()).length > 8000);
  assert.match(await page.locator('.share-warning').innerText(), /longer than 8000 characters/);
  await page.close();
});

test('reload keeps the draft', async () => {
  const page = await openApp(env);
  await input(page).fill('CREATE TABLE draft_kept (id int);');
  await settle(page);
  await page.reload();
  await page.waitForSelector('.code-input');
  assert.equal(await input(page).inputValue(), 'CREATE TABLE draft_kept (id int);');
  await page.close();
});

test('a reload right after typing (inside the autosave delay) still keeps the edit', async () => {
  const page = await openApp(env);
  await input(page).fill('CREATE TABLE saved_on_pagehide (id int);');
  await page.reload();
  await page.waitForSelector('.code-input');
  assert.equal(await input(page).inputValue(), 'CREATE TABLE saved_on_pagehide (id int);');
  await page.close();
});

test('opening a link keeps the previous draft restorable with one click', async () => {
  const page = await openApp(env);
  await input(page).fill(SQL);
  const link = await shareLink(page);
  await input(page).fill('CREATE TABLE my_own_draft (id int);');
  await settle(page);
  // The same browser opens the link in a new tab.
  const tab = await page.context().newPage();
  await tab.goto(link);
  await tab.waitForSelector('.code-input');
  assert.equal(await input(tab).inputValue(), SQL);
  await tab.locator('.restore-draft').click();
  assert.equal(await input(tab).inputValue(), 'CREATE TABLE my_own_draft (id int);');
  assert.equal(await tab.locator('.draft-offer').count(), 0);
  // The first tab's draft was never overwritten by the second tab.
  await input(tab).fill('CREATE TABLE second_tab (id int);');
  await settle(tab);
  await page.reload();
  await page.waitForSelector('.code-input');
  assert.equal(await input(page).inputValue(), 'CREATE TABLE my_own_draft (id int);');
  await tab.reload();
  await tab.waitForSelector('.code-input');
  assert.equal(await input(tab).inputValue(), 'CREATE TABLE second_tab (id int);');
  await page.close();
});

test('two tabs editing at once keep their own drafts', async () => {
  const a = await openApp(env);
  const b = await a.context().newPage();
  await b.goto(env.origin + '/');
  await b.waitForSelector('.code-input');
  // Interleaved edits inside each other's autosave windows.
  for (let i = 0; i < 3; i++) {
    await input(a).fill(`CREATE TABLE tab_a_${i} (id int);`);
    await input(b).fill(`CREATE TABLE tab_b_${i} (id int);`);
    await a.waitForTimeout(300);
  }
  await settle(a);
  await a.reload();
  await a.waitForSelector('.code-input');
  await b.reload();
  await b.waitForSelector('.code-input');
  assert.equal(await input(a).inputValue(), 'CREATE TABLE tab_a_2 (id int);');
  assert.equal(await input(b).inputValue(), 'CREATE TABLE tab_b_2 (id int);');
  await a.close();
});

test('a duplicated tab (same sessionStorage) starts from the draft but saves apart', async () => {
  const a = await openApp(env);
  await input(a).fill('CREATE TABLE original (id int);');
  await settle(a);
  const copied = await a.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  const b = await a.context().newPage();
  // What "Duplicate tab" does: the new page starts with a copy of the tab's sessionStorage (once:
  // not again on the duplicate's own reloads).
  await b.addInitScript((entries) => {
    if (sessionStorage.getItem('e2e.duplicated')) return;
    for (const [k, v] of JSON.parse(entries)) sessionStorage.setItem(k, v);
    sessionStorage.setItem('e2e.duplicated', '1');
  }, copied);
  await b.goto(env.origin + '/');
  await b.waitForSelector('.code-input');
  assert.equal(await input(b).inputValue(), 'CREATE TABLE original (id int);');
  const ids = async (p) => p.evaluate(() => sessionStorage.getItem('schemaplay.tab'));
  assert.notEqual(await ids(b), await ids(a), 'the duplicate took an id of its own');
  await input(b).fill('CREATE TABLE duplicate (id int);');
  await settle(b);
  await input(a).fill('CREATE TABLE original_edited (id int);');
  await settle(a);
  await b.reload();
  await b.waitForSelector('.code-input');
  assert.equal(await input(b).inputValue(), 'CREATE TABLE duplicate (id int);');
  await a.reload();
  await a.waitForSelector('.code-input');
  assert.equal(await input(a).inputValue(), 'CREATE TABLE original_edited (id int);');
  await a.close();
});

test('a tampered link shows a clear message and the editor keeps the draft', async () => {
  const page = await openApp(env);
  await input(page).fill(SQL);
  const link = await shareLink(page);
  await input(page).fill('CREATE TABLE kept (id int);');
  await settle(page);
  const i = link.length - 10;
  const tampered = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
  for (const bad of [tampered, link.slice(0, link.length - 25), env.origin + '/#v1.not*base64']) {
    const tab = await page.context().newPage();
    const t0 = Date.now();
    await tab.goto(bad);
    await tab.waitForSelector('.link-error');
    assert.ok(Date.now() - t0 < 15_000);
    assert.match(await tab.locator('.link-error').innerText(), /could not be opened: the link is damaged/);
    assert.equal(await input(tab).inputValue(), 'CREATE TABLE kept (id int);');
    await tab.locator('.link-error .btn').click();
    assert.equal(await tab.locator('.link-error').count(), 0);
    await tab.close();
  }
  await page.close();
});

test('embed views render inside iframes on the demo page, with an Open in playground link', async () => {
  const page = await env.newPage();
  await page.goto(env.origin + '/embed-demo.html');
  // Three plain iframes, and the <schema-diagram> component's (in its shadow root, which locators pierce).
  assert.equal(await page.locator('iframe').count(), 4);
  const findings = page.frameLocator('iframe.demo-findings');
  await findings.locator('.embed .finding.lint').first().waitFor({ timeout: 30_000 });
  assert.ok(await findings.locator('.finding[data-rule="fk-missing-index"]').count() > 0);
  assert.equal(await findings.locator('.code-input').count(), 0, 'no editor in an embed');
  assert.equal(await findings.locator('.app-header').count(), 0, 'no header in an embed');
  const open = await findings.locator('.open-in-playground').getAttribute('href');
  assert.match(open, /#v\d+\.[A-Za-z0-9_-]+$/);
  assert.doesNotMatch(open, /embed=/);
  const prisma = page.frameLocator('iframe.demo-prisma');
  await prisma.locator('.embed[data-embed="prisma"]').waitFor({ timeout: 30_000 });
  assert.equal(await prisma.locator('html').getAttribute('data-theme'), 'dark');
  await prisma.locator('.code-text').waitFor({ timeout: 30_000 });
  assert.match(await prisma.locator('.code-text').innerText(), /model Comment \{/);
  const diagram = page.frameLocator('iframe.demo-diagram');
  await diagram.locator('.embed[data-embed="diagram"] .erd-stage g.table').first().waitFor({ timeout: 30_000 });
  assert.ok(await diagram.locator('.erd-stage g.table').count() >= 3);
  // Pan/zoom only: no export, search or focus controls in a docs embed.
  for (const sel of ['.export-svg', '.export-png', '.diagram-search', '.focus-btn']) {
    assert.equal(await diagram.locator(sel).isVisible(), false, `${sel} hidden in the embed`);
  }
  assert.equal(await diagram.locator('.zoom-in').isVisible(), true);
  // The Open in playground link opens the full app with the same schema.
  const app = await openApp(env, open.replace(/^.*?\/(#|\?)/, '/$1').replace(/^\/\.\//, '/'));
  assert.match(await input(app).inputValue(), /CREATE TABLE comments/);
  await app.close();
  await page.close();
});

test('the Share dialog has a copy-ready iframe snippet', async () => {
  const page = await openApp(env);
  await page.locator('.share-btn').click();
  await page.locator('.share-tab-embed').click();
  await page.locator('.embed-view').selectOption('findings');
  await page.locator('.embed-theme').selectOption('dark');
  const snippet = await page.locator('.embed-snippet').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=findings&amp;theme=dark#v2\.[A-Za-z0-9_-]+"/);
  await page.frameLocator('.embed-preview').locator('.embed .finding').first().waitFor({ timeout: 30_000 });
  await page.close();
});

test('no console errors, page errors or requests to other hosts', () => {
  // browser.mjs routes every request of every page (iframes included) and records any that does
  // not go to the local origin (or data:/blob:); the tests above opened links, embeds and drafts.
  assert.ok(env.requests.length > 0, 'requests were seen');
  assert.deepEqual(env.requests.filter((u) => !u.startsWith(env.origin) && !/^(data|blob):/.test(u)), []);
  assert.deepEqual(env.problems, []);
});
