// ELK layered (elkjs, the layout Liam ERD and Mermaid use) on the graphs benches/erd_elk.rs writes.
//
// Usage: node crates/core/benches/erd_elk.mjs GRAPHS.json [--quick]
// GRAPHS.json: [{ name, graph }] where `graph` is an ELK JSON graph (boxes with our measured sizes,
// one fixed port per used column row and side). Prints one JSON line per graph:
// { name, ms, runs, boxes: [[x, y, w, h]], edges: [[[x, y], ...]] } (edges in the order given), or
// { name, error }. `ms` is the median in-process time of `elk.layout` after one warm-up run, so
// node's start-up and JIT warm-up are not counted against ELK.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const ELK = require('elkjs/lib/elk.bundled.js');
const elk = new ELK();

const [file, ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
const cases = JSON.parse(readFileSync(file, 'utf8'));

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const { name, graph } of cases) {
  try {
    // ELK writes positions into the graph it is given: lay out a fresh copy every run.
    const text = JSON.stringify(graph);
    let out = await elk.layout(JSON.parse(text)); // warm-up (and the drawing we measure)
    const times = [];
    const budget = quick ? 0 : 2000;
    const maxRuns = quick ? 1 : 15;
    let spent = 0;
    while (times.length < maxRuns && (times.length < 1 || spent < budget)) {
      const g = JSON.parse(text);
      const t = performance.now();
      out = await elk.layout(g);
      const dt = performance.now() - t;
      times.push(dt);
      spent += dt;
    }
    const boxes = out.children.map((c) => [c.x, c.y, c.width, c.height]);
    const byId = new Map(out.edges.map((e) => [e.id, e]));
    const edges = graph.edges.map((e0) => {
      const e = byId.get(e0.id);
      const pts = [];
      for (const s of e?.sections ?? []) {
        pts.push([s.startPoint.x, s.startPoint.y]);
        for (const b of s.bendPoints ?? []) pts.push([b.x, b.y]);
        pts.push([s.endPoint.x, s.endPoint.y]);
      }
      // Coordinates are relative to the edge's container; every edge here lives in the root.
      return pts;
    });
    console.log(JSON.stringify({ name, ms: median(times), runs: times.length, boxes, edges }));
  } catch (err) {
    console.log(JSON.stringify({ name, error: String(err?.message ?? err) }));
  }
}
