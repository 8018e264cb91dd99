// Docs embeds (issue 20) on the release build: auto-resize through postMessage with the listener
// the Embed dialog gives, the <schema-diagram> web component (public/schema-diagram.js), read-only findings,
// the Embed dialog's defaults, and no request leaving the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, openApp } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';

const env = browserForFile({ check: false });

const frameHeight = (page, sel) => page.locator(sel).evaluate((f) => f.clientHeight);

test('a plain iframe with the listener takes the height of its content (findings: read-only)', async () => {
  const page = await env.newPage();
  await page.goto(env.origin + '/embed-demo.html');
  const findings = page.frameLocator('iframe.demo-findings');
  await findings.locator('.embed .finding.lint').first().waitFor({ timeout: 30_000 });
  // The listener answered: the embed lays out at its content's height, and the iframe has it.
  await findings.locator('html[data-autoheight]').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => {
    const f = document.querySelector('iframe.demo-findings');
    const inner = f.contentDocument.documentElement.scrollHeight;
    return Math.abs(f.clientHeight - inner) <= 1 && inner > 400;
  }, null, { timeout: 10_000 });
  // Read-only: no Fix buttons or level selects, the Open in playground link stays.
  assert.equal(await findings.locator('.fix-btn:visible, .level-select:visible').count(), 0);
  assert.ok(await findings.locator('.open-in-playground').isVisible());
  // The diagram embed is as tall as its drawing fitted to the width (not the 360 px of the page's CSS).
  await page.locator('iframe.demo-diagram').scrollIntoViewIfNeeded();
  const diagram = page.frameLocator('iframe.demo-diagram');
  await diagram.locator('.erd-stage g.table').first().waitFor({ timeout: 30_000 });
  await diagram.locator('html[data-autoheight]').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => {
    // Neither the page's CSS 360 px nor the frame's content: the embed's own box, drawing included.
    const f = document.querySelector('iframe.demo-diagram');
    const embed = f.contentDocument.querySelector('.embed').getBoundingClientRect().height;
    return Math.abs(f.clientHeight - 360) > 4 && Math.abs(f.clientHeight - embed) <= 1;
  }, null, { timeout: 10_000 });
  await page.close();
});

test('without the listener the fixed height still works', async () => {
  const page = await env.newPage();
  await page.goto(env.origin + '/embed-demo.html');
  const src = await page.locator('iframe.demo-findings').getAttribute('src');
  // A page of its own with only the iframe (no script).
  await page.setContent(`<iframe id="plain" src="${env.origin}/${src.replace(/^\.\//, '')}" style="width:600px;height:300px"></iframe>`);
  const frame = page.frameLocator('#plain');
  await frame.locator('.embed .finding.lint').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(600);
  assert.equal(Math.round(await frameHeight(page, '#plain')), 300);
  assert.equal(await frame.locator('html[data-autoheight]').count(), 0);
  // The embed scrolls inside its fixed height.
  assert.ok(await frame.locator('.embed-view').evaluate((el) => el.scrollHeight > el.clientHeight));
  await page.close();
});

test('<schema-diagram>: text content → fragment, auto-sized, follows edits, matches the page theme', async () => {
  const page = await env.newPage();
  await page.goto(env.origin + '/embed-demo.html');
  const host = page.locator('schema-diagram.demo-component');
  const iframe = host.locator('iframe');
  await host.scrollIntoViewIfNeeded();
  const src = await iframe.getAttribute('src');
  assert.match(src, /\?embed=diagram&theme=light#v2\.[A-Za-z0-9_-]+$/, 'light page → light theme; the schema only in the fragment');
  const frame = page.frameLocator('schema-diagram.demo-component iframe');
  await frame.locator('.erd-stage g.table').first().waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('.erd-stage g.table').count(), 3);
  // The text itself is not shown on the page (only in the iframe).
  assert.equal(await host.evaluate((el) => el.shadowRoot.querySelector('slot')), null);
  // A code view grows with the schema.
  await host.evaluate((el, sql) => { el.setAttribute('view', 'sql'); el.textContent = sql; }, bigSchema(3));
  await frame.locator('.code-text').waitFor({ timeout: 30_000 });
  await frame.locator('html[data-autoheight]').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(600);
  const small = await iframe.evaluate((f) => f.getBoundingClientRect().height);
  await host.evaluate((el, sql) => { el.textContent = sql; }, bigSchema(12));
  await frame.locator('.code-text', { hasText: 'CREATE TABLE t11' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction((h) => document.querySelector('schema-diagram.demo-component').shadowRoot.querySelector('iframe').getBoundingClientRect().height > h + 100, small, { timeout: 10_000 });
  // theme="auto" on a dark page → the dark embed.
  await page.evaluate(() => { document.body.style.background = '#111'; });
  await host.evaluate((el) => el.setAttribute('theme', 'auto'));
  await page.waitForFunction(() => /theme=dark/.test(document.querySelector('schema-diagram.demo-component').shadowRoot.querySelector('iframe').src));
  await page.close();
});

test('the Embed dialog starts on the current view, light, with the listener lines and a true-size preview', async () => {
  const page = await openApp(env);
  await page.locator('#tab-diagram').click();
  await page.locator('.share-btn').click();
  await page.locator('.share-tab-embed').click();
  assert.equal(await page.locator('.embed-view').inputValue(), 'diagram');
  assert.equal(await page.locator('.embed-theme').inputValue(), 'light');
  const snippet = await page.locator('.embed-snippet').inputValue();
  assert.match(snippet, /^<iframe src="[^"]+\?embed=diagram&amp;theme=light#v2\.[A-Za-z0-9_-]+"[^>]* height="480"/);
  assert.match(snippet, /<script>addEventListener\("message".*schemaplay:height.*schemaplay:autoheight.*<\/script>$/);
  const preview = page.frameLocator('.embed-preview');
  await preview.locator('.erd-stage g.table').first().waitFor({ timeout: 30_000 });
  await preview.locator('html[data-autoheight]').waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => Math.abs(document.querySelector('.embed-preview').getBoundingClientRect().height - 480) > 4);
  await page.close();
});

test('auto-height: the embed reports a content size change through a ResizeObserver, with no polling timer', async () => {
  const page = await env.newPage();
  // Every setInterval any frame starts (the embed used to measure itself every 250 ms).
  await page.context().addInitScript(() => {
    const start = window.setInterval;
    window.intervals = [];
    window.setInterval = function (f, ms, ...rest) { window.intervals.push(ms); return start.call(this, f, ms, ...rest); };
  });
  await page.goto(env.origin + '/embed-demo.html');
  const findings = page.frameLocator('iframe.demo-findings');
  await findings.locator('.embed .finding.lint').first().waitFor({ timeout: 30_000 });
  await findings.locator('html[data-autoheight]').waitFor({ timeout: 10_000 });
  const settled = () => page.waitForFunction(() => {
    const f = document.querySelector('iframe.demo-findings');
    return Math.abs(f.clientHeight - f.contentDocument.querySelector('.embed').getBoundingClientRect().height) <= 1;
  }, null, { timeout: 10_000 });
  await settled();
  const h0 = await frameHeight(page, 'iframe.demo-findings');
  const frame = page.frames().find((f) => /embed=findings/.test(f.url()));
  assert.deepEqual(await frame.evaluate(() => window.intervals), [], 'no interval timer in the embed');
  // The content grows by 300 px, then shrinks back: the iframe follows both ways.
  await frame.evaluate(() => {
    const block = document.createElement('div');
    block.id = 'grown';
    block.style.height = '300px';
    document.querySelector('.embed-view').append(block);
  });
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe.demo-findings').clientHeight - (h + 300)) <= 1, h0, { timeout: 5_000 });
  await frame.evaluate(() => document.getElementById('grown').remove());
  await page.waitForFunction((h) => Math.abs(document.querySelector('iframe.demo-findings').clientHeight - h) <= 1, h0, { timeout: 5_000 });
  assert.deepEqual(await frame.evaluate(() => window.intervals), []);
  await page.close();
});

/// Every custom property the stylesheets declare on :root (in any theme or media block), with its
/// value on the root element now: a colour token (`light-dark(…)`) as the colour it gives there.
const rootTokens = (page) => page.evaluate(() => {
  const names = new Set();
  const walk = (rules) => {
    for (const r of rules) {
      if (r.cssRules) walk(r.cssRules);
      if (r.selectorText?.startsWith(':root')) for (const p of r.style) if (p.startsWith('--')) names.add(p);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  const cs = getComputedStyle(document.documentElement);
  const probe = document.documentElement.appendChild(document.createElement('i'));
  const value = (n) => {
    const raw = cs.getPropertyValue(n).trim();
    if (!CSS.supports('color', raw)) return raw;
    probe.style.color = `var(${n})`;
    return getComputedStyle(probe).color;
  };
  const tokens = Object.fromEntries([...names].sort().map((n) => [n, value(n)]));
  probe.remove();
  return tokens;
});

test('theme auto follows prefers-color-scheme live: the app, the embed and <schema-diagram>', async () => {
  // The app on its default "system" theme: a dark OS gives exactly the dark theme's tokens, live.
  const app = await openApp(env);
  assert.equal(await app.evaluate(() => document.documentElement.dataset.theme), 'system');
  await app.emulateMedia({ colorScheme: 'light' });
  const light = await rootTokens(app);
  assert.ok(Object.keys(light).length >= 15, Object.keys(light).join(' '));
  await app.locator('.erd-stage svg').first().waitFor({ timeout: 30_000 });
  const canvas = () => app.locator('.erd-stage svg .bg').first().evaluate((el) => getComputedStyle(el).fill);
  const lightCanvas = await canvas();
  await app.emulateMedia({ colorScheme: 'dark' });
  const systemDark = await rootTokens(app);
  assert.notDeepEqual(systemDark, light);
  assert.notEqual(await canvas(), lightCanvas, 'the diagram follows too');
  for (let i = 0; i < 3 && (await app.evaluate(() => document.documentElement.dataset.theme)) !== 'dark'; i++) await app.locator('.theme-toggle').click();
  assert.deepEqual(systemDark, await rootTokens(app), 'system on a dark OS = the dark theme, every token');
  await app.close();

  // The embed with theme=auto, and the web component on a page whose background follows the OS.
  const page = await env.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(env.origin + '/embed-demo.html');
  await page.addStyleTag({ content: '@media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }' });
  await page.locator('iframe.demo-diagram').scrollIntoViewIfNeeded();
  const diagram = page.frameLocator('iframe.demo-diagram');
  await diagram.locator('.erd-stage g.table').first().waitFor({ timeout: 30_000 });
  const embedBg = () => diagram.locator('.embed[data-embed]').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await embedBg(), 'rgb(255, 255, 255)');
  const host = page.locator('schema-diagram.demo-component');
  await host.scrollIntoViewIfNeeded();
  const src = () => host.locator('iframe').getAttribute('src');
  await page.waitForFunction(() => /theme=light/.test(document.querySelector('schema-diagram.demo-component').shadowRoot.querySelector('iframe')?.src ?? ''));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('iframe.demo-diagram').contentDocument.querySelector('.embed')).backgroundColor === 'rgb(21, 24, 30)', null, { timeout: 5_000 });
  await page.waitForFunction(() => /theme=dark/.test(document.querySelector('schema-diagram.demo-component').shadowRoot.querySelector('iframe').src), null, { timeout: 5_000 });
  const component = page.frameLocator('schema-diagram.demo-component iframe');
  await component.locator('html[data-theme="dark"] .erd-stage g.table').first().waitFor({ timeout: 30_000 });
  assert.match(await src(), /#v2\./, 'the schema still only in the fragment');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => /theme=light/.test(document.querySelector('schema-diagram.demo-component').shadowRoot.querySelector('iframe').src), null, { timeout: 5_000 });
  assert.equal(await embedBg(), 'rgb(255, 255, 255)');
  await page.close();
});

test('no console errors, page errors or requests to other hosts', () => {
  assert.ok(env.requests.length > 0);
  assert.deepEqual(env.requests.filter((u) => !u.startsWith(env.origin) && !/^(data|blob):/.test(u)), []);
  assert.deepEqual(env.problems, []);
});
