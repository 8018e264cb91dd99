// Benchmark of the Diagram tab on a 1,000-table schema, on the release build in dist/ (no
// assertions: it prints figures). Run: node tests/e2e/bench-diagram.mjs [runs]
//
// Prints, per run: paste → first diagram paint (the diagram tab open while pasting), the longest
// long task (PerformanceObserver 'longtask') during that, tab switch → diagram painted, and the
// frame intervals while panning/zooming with one wheel event per frame (p50/p95/max), plus the
// longest long task during the pan/zoom and how many table boxes are in the DOM.
import { launch, openApp } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';

const runs = Number(process.argv[2] ?? 3);
// TRACE=1: also record a Chromium trace of the paste and sum the main thread's time by kind.
const trace = !!process.env.TRACE;
function timeline(t) {
  const events = t.traceEvents ?? t;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const kinds = {
    script: ['FunctionCall', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'RunMicrotasks', 'V8.Execute'],
    'html parse': ['ParseHTML', 'ParseAuthorStyleSheet'],
    style: ['UpdateLayoutTree', 'RecalculateStyles'],
    layout: ['Layout'],
    paint: ['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'CompositeLayers'],
    gc: ['MinorGC', 'MajorGC', 'BlinkGC.AtomicPhase'],
  };
  const out = {};
  for (const [k, names] of Object.entries(kinds)) {
    out[k] = Math.round(events.filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && names.includes(e.name))
      .reduce((a, e) => a + (e.dur ?? 0), 0) / 1000);
  }
  return out;
}
const n = Number(process.env.TABLES ?? 1000);
const env = await launch();
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function once() {
  const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: false });
  });
  await page.evaluate((text) => navigator.clipboard.writeText(text), bigSchema(n));
  await page.locator('.code-input').focus();
  await page.keyboard.press('Control+a');
  const browser = page.context().browser();
  if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Control+v');
  const painted = await page.waitForFunction((want) => {
    const c = document.querySelector('.diagram-count');
    if (!c || c.textContent !== `${want} tables` || !document.querySelector('.erd-stage g.table')) return false;
    return performance.now();
  }, n, { timeout: 120_000, polling: 'raf' });
  // The paint after the frame in which the boxes appeared.
  const paintAt = await page.evaluate((t) => new Promise((r) => requestAnimationFrame(() => r(Math.max(t, 0)))), await painted.jsonValue());
  const pasteMs = paintAt - t0;
  // Every box drawn (fitted, all are on screen; they arrive a chunk per frame).
  const allAt = await (await page.waitForFunction((want) => document.querySelectorAll('.erd-stage g.table').length === want
    && performance.now(), n, { timeout: 120_000, polling: 'raf' })).jsonValue();
  const allMs = allAt - t0;
  await page.waitForTimeout(300);
  const pasteTasks = await page.evaluate((t) => window.__long.filter(([s]) => s >= t).map(([s, d]) => [Math.round(s - t), Math.round(d)]), t0);
  const longPaste = Math.max(0, ...pasteTasks.map(([, d]) => d));
  const boxesAfterPaste = await page.locator('.erd-stage g.table').count();
  const pasteSplit = await page.evaluate(() => window.__diagramTimings ?? null);
  let split = null;
  if (trace) split = timeline(JSON.parse((await browser.stopTracing()).toString()));

  await page.locator('#tab-prisma').click();
  await page.waitForFunction(() => !document.querySelector('.erd-stage'));
  await page.waitForTimeout(300);
  const tab = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    window.__long = [];
    document.querySelector('#tab-diagram').click();
    const poll = () => (document.querySelector('.erd-stage g.table')
      ? requestAnimationFrame(() => resolve([performance.now() - t0, t0])) : setTimeout(poll, 2));
    poll();
  }));
  await page.waitForTimeout(300);
  const longTab = await page.evaluate(() => Math.max(0, ...window.__long.map(([, d]) => d)));
  const tabSplit = await page.evaluate(() => window.__diagramTimings ?? null);

  const frames = await page.evaluate(() => new Promise((resolve) => {
    window.__long = [];
    const vp = document.querySelector('.diagram-viewport');
    const r = vp.getBoundingClientRect();
    const times = [];
    let i = 0;
    // Zoom in towards readable size first, then alternate panning and zooming.
    function step(ts) {
      times.push(ts);
      const phase = i < 40 ? 'in' : (i % 40 < 20 ? 'pan' : 'zoom');
      vp.dispatchEvent(new WheelEvent('wheel', {
        deltaX: phase === 'pan' ? (Math.floor(i / 40) % 2 ? -40 : 40) : 0,
        deltaY: phase === 'in' ? -35 : phase === 'pan' ? (Math.floor(i / 80) % 2 ? -25 : 25) : (i % 80 < 60 ? -30 : 30),
        ctrlKey: phase !== 'pan',
        clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true,
      }));
      if (++i < 200) requestAnimationFrame(step); else resolve(times);
    }
    requestAnimationFrame(step);
  }));
  await page.waitForTimeout(400);
  const longPan = await page.evaluate(() => Math.max(0, ...window.__long.map(([, d]) => d)));
  const gaps = frames.slice(1).map((v, k) => v - frames[k]).sort((a, b) => a - b);
  const boxesAfterPan = await page.locator('.erd-stage g.table').count();
  // Cross-check the culling: boxes of the minimap (every table) inside the minimap's view frame.
  const boxesInView = await page.evaluate(() => {
    const f = document.querySelector('.erd-minimap .mini-view');
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(f.getAttribute(a)));
    const d = document.querySelector('.erd-minimap .mini-boxes').getAttribute('d');
    // One path (M x y h w v h …) since the culling change; one <rect> per box before it.
    const boxes = d ? [...d.matchAll(/M([-\d.]+) ([-\d.]+)h([-\d.]+)v([-\d.]+)/g)].map((m) => m.slice(1).map(Number))
      : [...document.querySelectorAll('.erd-minimap .mini-boxes rect')].map((r) => ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))));
    let n = 0;
    for (const [bx, by, bw, bh] of boxes) {
      if (bx < x + w && bx + bw > x && by < y + h && by + bh > y) n++;
    }
    return n;
  });
  const zoom = await page.locator('.zoom-level').innerText();
  await page.close();
  return { allMs, pasteSplit, tabSplit, split, pasteTasks, pasteMs, longPaste, boxesAfterPaste, tabMs: tab[0], longTab, p50: pct(gaps, 0.5), p95: pct(gaps, 0.95), max: gaps[gaps.length - 1], longPan, boxesAfterPan, boxesInView, zoom };
}

const f = (v) => v.toFixed(0).padStart(6);
console.log(`${n} tables, ${runs} run(s), dist/ release build, headless Chromium`);
console.log('run  paste→paint (all boxes)  longtask  boxes | tab→paint  longtask | frame p50   p95   max  longtask  boxes zoom');
for (let i = 0; i < runs; i++) {
  const r = await once();
  if (r.split) console.log(`    main thread after the paste, ms (trace; nested events counted in their own row too): ${JSON.stringify(r.split)}`);
  if (r.pasteSplit) console.log(`    diagram redraw in the app (ms): after the paste ${JSON.stringify(r.pasteSplit)}, after the tab switch ${JSON.stringify(r.tabSplit)}`);
  console.log(`    long tasks after the paste [start ms, duration ms]: ${JSON.stringify(r.pasteTasks)}`);
  console.log(`${String(i + 1).padStart(3)} ${f(r.pasteMs)} ms (${f(r.allMs)} ms) ${f(r.longPaste)} ms ${String(r.boxesAfterPaste).padStart(5)} | ${f(r.tabMs)} ms ${f(r.longTab)} ms | ${r.p50.toFixed(1).padStart(6)} ${r.p95.toFixed(1).padStart(5)} ${r.max.toFixed(0).padStart(5)} ${f(r.longPan)} ms ${String(r.boxesAfterPan).padStart(5)} (${r.boxesInView} on screen) ${r.zoom}`);
}
await env.close();
