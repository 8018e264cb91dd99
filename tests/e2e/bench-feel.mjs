// What people feel, on a release build (no assertions: it prints figures; committed results in
// bench-feel-results.md). Run: node tests/e2e/bench-feel.mjs [runs] [DIST ...] (default: DIST_DIR, else
// dist). With several builds, each run measures every build in turn, so a loaded machine's changing
// load falls on all of them alike (compare builds this way, not with figures from another day or
// machine: session 7's "regression" was one).
//
// - keystroke → next frame: a key typed at the end of the editor, from the keydown event's time
//   stamp to the start of the next animation frame after it (the frame that shows the result of
//   the synchronous work the keystroke caused), p50 / p95 over 60 keystrokes, on the default
//   example and on a 375-table schema (`big-schema.mjs`, analysed on every keystroke);
//   with the main thread's CPU time per keystroke (its tasks' own CPU time while the 60 keys are
//   typed, divided by 60): it moves far less with the machine's load than the latency, so it is
//   the figure to compare builds by on a shared machine;
// - first code tab: click on Prisma → its code on screen, right after the first paint (the engine
//   module not loaded yet: it is downloaded, compiled and started on that click; localhost, i.e. a
//   fast connection) and once the engine is loaded (idle preload done).
// The 1,000-table paste → first diagram paint is `bench-diagram.mjs`.
import { launch, openApp } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';

const runs = Number(process.argv[2] ?? 3);
const dists = process.argv.length > 3 ? process.argv.slice(3) : [process.env.DIST_DIR ?? 'dist'];
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function keystrokes(env, text) {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  if (text) {
    // set like a paste (one input event): Playwright's fill() types it through CDP insertText,
    // which took 78 s for these 48 KB and timed out
    await page.locator('.editor-pane .code-input').evaluate((el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.waitForFunction((n) => document.querySelectorAll('.erd-stage g.table').length > 0 && document.querySelector('.diagram-count')?.textContent === `${n} tables`, (text.match(/CREATE TABLE/g) || []).length, { timeout: 120_000 });
  }
  await page.waitForTimeout(500);
  await page.locator('.editor-pane .code-input').focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n-- ');
  const trace = await startTrace(page);
  await page.evaluate(() => {
    window.__keys = [];
    document.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame((ts) => window.__keys.push(ts - t0));
    }, { capture: true });
  });
  for (let i = 0; i < 60; i++) {
    await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
  const cpu = (await trace()) / 60;
  const ms = (await page.evaluate(() => window.__keys)).sort((a, b) => a - b);
  await page.close();
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95), cpu };
}

/// Starts a trace of the page's renderer; the function it returns ends it and gives the CPU time
/// (ms) its main thread spent in tasks meanwhile: the thread's own CPU time of each top-level task
/// (`tdur`), so time the thread waited for a core on a loaded machine is not counted, unlike in
/// the keystroke → frame latency.
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const tasks = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && /RunTask$/.test(e.name));
    return tasks.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  };
}

async function firstCodeTab(env, preloaded) {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  await page.waitForSelector('.erd-stage g.table', { timeout: 60_000 });
  if (preloaded) {
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /engine-[0-9a-f]+_bg\.wasm$/.test(e.name)), null, { timeout: 30_000 }).catch(() => {});
    await page.waitForTimeout(1500);
  }
  const ms = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    document.querySelector('#tab-prisma').click();
    const poll = () => (document.querySelector('.code-text')?.innerText.includes('model ')
      ? requestAnimationFrame(() => resolve(performance.now() - t0)) : setTimeout(poll, 2));
    poll();
  }));
  await page.close();
  return ms;
}

const f = (v) => v.toFixed(1).padStart(7);
console.log(`${runs} run(s) of ${dists.join(', ')}; headless Chromium; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
console.log('run | keystroke→frame default p50  p95  cpu | 375 tables p50   p95    cpu | first Prisma tab: cold  preloaded (ms)' + (dists.length > 1 ? ' | build' : ''));
const big = bigSchema(375);
for (let i = 0; i < runs; i++) {
  for (const dist of dists) {
    process.env.DIST_DIR = dist;
    const env = await launch();
    const d = await keystrokes(env, null);
    const b = await keystrokes(env, big);
    const cold = await firstCodeTab(env, false);
    const warm = await firstCodeTab(env, true);
    await env.close();
    console.log(`${String(i + 1).padStart(3)} | ${f(d.p50)} ${f(d.p95)} ${f(d.cpu)} | ${f(b.p50)} ${f(b.p95)} ${f(b.cpu)} | ${f(cold)} ${f(warm)}` + (dists.length > 1 ? ` | ${dist}` : ''));
  }
}
