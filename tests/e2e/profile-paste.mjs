// Profiles the main thread during a 1,000-table paste (CDP Profiler); prints the top self-time
// functions. Build without wasm-opt to keep function names (see the bench notes).
// Run: DIST_DIR=/tmp/dist-prof node tests/e2e/profile-paste.mjs
import { launch, openApp } from './browser.mjs';
import { bigSchema } from './big-schema.mjs';
const n = Number(process.env.TABLES ?? 1000);
const env = await launch();
const page = await openApp(env, '/', { viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
await page.locator(`#tab-${process.env.TAB ?? 'diagram'}`).click();
await page.waitForTimeout(500);
await page.evaluate((text) => navigator.clipboard.writeText(text), bigSchema(n));
await page.locator('.code-input').focus();
await page.keyboard.press('Control+a');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.keyboard.press('Control+v');
await page.waitForTimeout(Number(process.env.WAIT ?? 4000));
if (process.env.TYPE) { await page.keyboard.type('x'); await page.waitForTimeout(3000); }
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const total = {};
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName || n.callFrame.url.split('/').pop() || '(anon)'; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 45));
for (const [k, v] of top) console.log((v / 1000).toFixed(1).padStart(8), 'ms ', k.slice(0, 150));
// Inclusive time of selected frames
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => { const seen = new Set(); let c = id; while (c) { const n = byId.get(c); const k = n.callFrame.functionName; if (k && !seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0)); } c = parent.get(c); } });
console.log('--- inclusive');
const pat = new RegExp(process.env.INCL ?? 'analyze|parse|lint|layout|encode|detect|highlight|render|share|memo|run_effect');
for (const [k, v] of [...incl.entries()].filter(([k]) => pat.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((v / 1000).toFixed(1).padStart(8), 'ms ', k.slice(0, 150));

// Per 100 ms window after the paste: the heaviest inclusive frames (PER=1).
if (process.env.PER) {
  let t = profile.startTime; const win = new Map();
  profile.samples.forEach((id, i) => { t += dt[i] ?? 0; const w = Math.floor((t - profile.startTime) / 100000); const seen = new Set(); let c = id; let m = win.get(w); if (!m) win.set(w, m = new Map());
    while (c) { const n = byId.get(c); const k = n.callFrame.functionName || n.callFrame.url.split('/').pop(); if (k && !seen.has(k)) { seen.add(k); m.set(k, (m.get(k) ?? 0) + (dt[i] ?? 0)); } c = parent.get(c); } });
  for (const [w, m] of [...win.entries()].sort((a, b) => a[0] - b[0])) {
    const busy = [...m.entries()].filter(([k]) => k !== '(idle)' && k !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, 8);
    if (busy.length && busy[0][1] > 20000) console.log(`${w * 100}ms`, busy.map(([k, v]) => `${k.replace(/::h[0-9a-f]{16}/, '').slice(-60)}=${(v / 1000).toFixed(0)}`).join(' | '));
  }
}
await env.close();
