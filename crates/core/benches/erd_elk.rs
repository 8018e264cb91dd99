//! ERD layout vs ELK layered (elkjs) — `harness = false`.
//!
//! `cargo bench -p schemaplay-core --bench erd_elk [-- --quick] [--only NAME] [--out DIR] [--elk-cache DIR] [--candidates] [--elk-on-our-order]`
//!
//! Graphs: every corpus schema with at least two foreign keys (each file of
//! `../shared/corpus/{postgres,mysql,sqlite,prisma,other}` read by the input framework, MusicBrainz
//! as its Tables + PrimaryKeys + FKConstraints files), the built-in examples, and the synthetic
//! schemas of 10 / 100 / 1,000 tables (`erd::synthetic`). Foreign keys to tables outside the file are
//! left out for both sides (ELK has nothing to attach them to).
//!
//! Both sides get the same boxes (our measured sizes) and the same ports (one per used column row
//! and side, fixed at the row's y: referenced tables' right side, referencing tables' left side, as
//! we draw them). ELK runs in node (`benches/erd_elk.mjs`, elkjs from package.json) with layered,
//! direction RIGHT, orthogonal routing and our spacings; its time is the median in-process
//! `elk.layout` after a warm-up run. Ours is the median of in-process `erd::layout` calls. Crossings,
//! area (bounding box), total edge length and bends are computed for both drawings by the same
//! function, `erd::quality::measure`, which also counts overlapping edge pairs (two edges drawn on
//! one line between different ends, which a proper-crossing count does not see: ELK routes edges
//! that share ports, transitively, as one hyperedge on one track). The last column and the
//! "with overlaps" total judge crossings as crossings + overlapping pairs.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{dialect_of, files_below};
use schemaplay_core::erd::{self, quality, synthetic::synthetic, verify, ErdGraph, LayoutOptions};
use schemaplay_core::parse::input;
use schemaplay_core::Dialect;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Only foreign keys whose two tables are in the graph.
fn resolved_only(mut g: ErdGraph) -> ErdGraph {
    let keys: std::collections::BTreeSet<String> = g.tables.iter().map(|t| t.key.clone()).collect();
    g.edges.retain(|e| keys.contains(&e.from.table) && keys.contains(&e.to.table));
    g
}

fn graph_of(name: &str, text: &str, dialect: Dialect) -> ErdGraph {
    let kind = input::recognize_file(name, text);
    let imported = input::read(text, Some(kind), dialect);
    resolved_only(erd::from_schema(&imported.parsed.schema))
}

fn corpus() -> Vec<(String, ErdGraph)> {
    let dir = root().join("../shared/corpus");
    let mut out = Vec::new();
    let mut files = Vec::new();
    for sub in ["postgres", "mysql", "sqlite", "prisma", "other"] {
        files_below(&dir.join(sub), None, &mut files);
    }
    let mb = dir.join("postgres/handwritten/musicbrainz");
    for f in files {
        if f.starts_with(&mb) {
            continue;
        }
        let Ok(bytes) = std::fs::read(&f) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let fname = f.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let g = graph_of(&fname, &text, dialect_of(&f));
        if g.edges.len() >= 2 {
            let rel = f.strip_prefix(&dir).unwrap_or(&f).to_string_lossy().into_owned();
            out.push((rel, g));
        }
    }
    let mut text = String::new();
    for f in ["CreateTables.sql", "CreatePrimaryKeys.sql", "CreateFKConstraints.sql"] {
        text.push_str(&std::fs::read_to_string(mb.join(f)).unwrap_or_default());
        text.push('\n');
    }
    let g = graph_of("musicbrainz.sql", &text, Dialect::Postgres);
    if g.edges.len() >= 2 {
        out.push(("postgres/handwritten/musicbrainz (Tables+PKs+FKs)".into(), g));
    }
    out
}

/// The graph as ELK JSON with our box sizes and one fixed port per used (row, side). `on_ours`:
/// also our drawing (box positions, edge polylines as sections) with ELK's interactive layering
/// and crossing minimisation, which take layers from x and orders from y: ELK's own placement
/// and routing on (an approximation of) our layering and order.
fn to_elk(g: &ErdGraph, l: &erd::Layout, on_ours: bool) -> Value {
    let index = g.key_index();
    let mut ports: Vec<BTreeMap<(bool, usize), f64>> = vec![BTreeMap::new(); g.tables.len()];
    let mut edges = Vec::new();
    let port_y = |t: usize, cols: &[usize]| -> (usize, f64) {
        let row = cols.first().copied().filter(|&r| r < g.tables[t].columns.len());
        (row.map(|r| r + 1).unwrap_or(0), erd::measure::port_offset(&g.tables[t], row))
    };
    for (id, e) in g.edges.iter().enumerate() {
        let (Some(&f), Some(&t)) = (index.get(e.from.table.as_str()), index.get(e.to.table.as_str())) else { continue };
        let (tr, ty) = port_y(t, &e.to.columns);
        let (fr, fy) = port_y(f, &e.from.columns);
        // Referenced table's right side → referencing table's left side (a self-reference: right → right).
        let east_f = f == t;
        ports[t].insert((true, tr), ty);
        ports[f].insert((east_f, fr), fy);
        let pid = |n: usize, east: bool, r: usize| format!("n{n}_{}{r}", if east { "e" } else { "w" });
        let mut edge = json!({"id": format!("e{id}"), "sources": [pid(t, true, tr)], "targets": [pid(f, east_f, fr)]});
        if let Some(r) = l.edges.get(id).filter(|r| on_ours && r.points.len() >= 2) {
            // Our polylines run from the referencing table; ELK's edge starts at the referenced one.
            let pts: Vec<Value> = r.points.iter().rev().map(|p| json!({"x": p[0], "y": p[1]})).collect();
            edge["sections"] = json!([{"id": format!("s{id}"), "startPoint": pts[0], "endPoint": pts[pts.len() - 1],
                "bendPoints": pts[1..pts.len() - 1]}]);
        }
        edges.push(edge);
    }
    let children: Vec<Value> = g
        .tables
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let (w, h) = (l.tables[i].width, l.tables[i].height);
            let ps: Vec<Value> = ports[i]
                .iter()
                .map(|(&(east, r), &y)| {
                    json!({"id": format!("n{i}_{}{r}", if east { "e" } else { "w" }), "x": if east { w } else { 0.0 }, "y": y,
                        "width": 0, "height": 0, "layoutOptions": {"elk.port.side": if east { "EAST" } else { "WEST" }}})
                })
                .collect();
            let mut node = json!({"id": format!("n{i}"), "width": w, "height": h, "ports": ps,
                "layoutOptions": {"elk.portConstraints": "FIXED_POS"}});
            if on_ours {
                node["x"] = json!(l.tables[i].x);
                node["y"] = json!(l.tables[i].y);
            }
            node
        })
        .collect();
    let s = LayoutOptions::default();
    let mut graph = json!({
        "id": "root",
        "layoutOptions": {
            "elk.algorithm": "layered",
            "elk.direction": "RIGHT",
            "elk.edgeRouting": "ORTHOGONAL",
            "elk.spacing.nodeNode": s.spacing.node_gap,
            "elk.layered.spacing.nodeNodeBetweenLayers": s.route.min_channel,
            "elk.spacing.edgeNode": s.spacing.dummy_gap,
            "elk.spacing.edgeEdge": s.spacing.edge_gap,
            "elk.layered.spacing.edgeNodeBetweenLayers": s.route.end_margin,
            "elk.layered.spacing.edgeEdgeBetweenLayers": s.route.track_spacing,
            "elk.spacing.componentComponent": s.component_gap,
        },
        "children": children,
        "edges": edges,
    });
    if on_ours {
        graph["layoutOptions"]["elk.layered.layering.strategy"] = json!("INTERACTIVE");
        graph["layoutOptions"]["elk.layered.crossingMinimization.strategy"] = json!("INTERACTIVE");
    }
    graph
}

struct Ours {
    ms: f64,
    q: quality::Quality,
    layout: erd::Layout,
}

fn run_ours(g: &ErdGraph, quick: bool) -> Ours {
    let opts = LayoutOptions::default();
    let layout = erd::layout(g, &opts);
    if let Err(e) = verify::verify(g, &layout, &Default::default()) {
        eprintln!("verifier: {e}");
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 3 || (!quick && samples.len() < 200 && start.elapsed().as_secs_f64() < 0.5) {
        let t = Instant::now();
        std::hint::black_box(erd::layout(g, &opts));
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ours { ms: median(samples), q: quality::of_layout(&layout), layout }
}

/// The criteria of the goal where `q` is worse than ELK's `e` (speed aside).
fn worse_on(q: &quality::Quality, e: &quality::Quality) -> Vec<&'static str> {
    let mut miss = Vec::new();
    if q.crossings > e.crossings {
        miss.push("crossings");
    }
    if q.area() > e.area() * 1.0001 {
        miss.push("area");
    }
    if q.length > e.length * 1.0001 {
        miss.push("length");
    }
    if q.bends > e.bends {
        miss.push("bends");
    }
    miss
}

/// `--candidates`: the graph drawn with each placement candidate forced (the straightened quadratic
/// placement, each Brandes–Köpf direction whatever its height), as one table row: per candidate
/// crossings, area and length ratios, bends, and "✓" when it meets all four criteria.
fn candidates_row(name: &str, g: &ErdGraph, auto: &quality::Quality, e: &quality::Quality) -> String {
    use erd::p4_placement::Placement;
    let cell = |q: &quality::Quality| {
        let m = worse_on(q, e);
        format!(
            "{} {} {} {} {}",
            q.crossings,
            ratio(q.area(), e.area()),
            ratio(q.length, e.length),
            q.bends,
            if m.is_empty() { "✓".to_string() } else { m.iter().map(|s| &s[..1]).collect::<String>() }
        )
    };
    let mut row = format!("| {name} | {} / {} | {}", e.crossings, e.bends, cell(auto));
    let mut any = worse_on(auto, e).is_empty();
    for p in [Placement::Quadratic, Placement::Aligned(0), Placement::Aligned(1), Placement::Aligned(2), Placement::Aligned(3)] {
        let opts = LayoutOptions { placement: p, ..Default::default() };
        let q = quality::of_layout(&erd::layout(g, &opts));
        any |= worse_on(&q, e).is_empty();
        row.push_str(&format!(" | {}", cell(&q)));
    }
    row.push_str(&format!(" | {} |", if any { "yes" } else { "no" }));
    row
}

/// The figures of one of ELK's drawings as `erd_elk.mjs` prints it.
fn elk_quality(v: &Value) -> quality::Quality {
    let pt = |p: &Value| [p[0].as_f64().unwrap_or(0.0), p[1].as_f64().unwrap_or(0.0)];
    let boxes: Vec<verify::Rect> = v["boxes"]
        .as_array()
        .map(|a| a.iter().map(|b| [b[0].as_f64().unwrap_or(0.0), b[1].as_f64().unwrap_or(0.0), b[2].as_f64().unwrap_or(0.0), b[3].as_f64().unwrap_or(0.0)]).collect())
        .unwrap_or_default();
    let polys: Vec<Vec<[f64; 2]>> =
        v["edges"].as_array().map(|a| a.iter().map(|e| e.as_array().map(|p| p.iter().map(pt).collect()).unwrap_or_default()).collect()).unwrap_or_default();
    quality::measure(&boxes, &polys)
}

fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 {
        if a == 0.0 { "1.00".into() } else { "inf".into() }
    } else {
        format!("{:.2}", a / b)
    }
}

/// ELK's answers (one JSON line per graph) for the graphs in `input`, from `cache` when it holds
/// them.
fn run_elk(input: &str, quick: bool, cache: Option<String>) -> String {
    // `--elk-cache DIR`: reuse ELK's answer for the same input (ELK's side does not change while
    // our layout is tuned; boxes and ports come from measure, not from the layout).
    let cached = cache.map(|d| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&input, quick).hash(&mut h);
        Path::new(&d).join(format!("elk-{:016x}.jsonl", h.finish()))
    });
    match cached.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(s) => s,
        None => {
            let tmp = std::env::temp_dir().join(format!("erd_elk_{}.json", std::process::id()));
            std::fs::write(&tmp, input).expect("write graphs");
            let script = root().join("crates/core/benches/erd_elk.mjs");
            let mut cmd = Command::new("node");
            cmd.arg(&script).arg(&tmp).current_dir(root());
            if quick {
                cmd.arg("--quick");
            }
            let out = cmd.output().expect("node (run `npm ci` for elkjs)");
            let _ = std::fs::remove_file(&tmp);
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            }
            let s = String::from_utf8_lossy(&out.stdout).into_owned();
            if let Some(p) = &cached {
                let _ = std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")));
                let _ = std::fs::write(p, &s);
            }
            s
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let arg = |k: &str| args.iter().position(|a| a == k).and_then(|i| args.get(i + 1)).cloned();
    let only = arg("--only");
    let with_candidates = args.iter().any(|a| a == "--candidates");
    let mut candidate_rows = Vec::new();
    let out_dir = arg("--out");
    let mut cases: Vec<(String, ErdGraph)> = Vec::new();
    for ex in schemaplay_core::examples::ALL {
        let g = graph_of("example.sql", ex.sql, ex.dialect);
        if g.edges.len() >= 2 {
            cases.push((format!("example: {}", ex.id), g));
        }
    }
    cases.extend(corpus());
    for n in [10usize, 100, 1000] {
        cases.push((format!("synthetic-{n}"), synthetic(n, 2024)));
    }
    if let Some(o) = &only {
        cases.retain(|(n, _)| n.contains(o.as_str()));
    }
    let ours: Vec<Ours> = cases.iter().map(|(_, g)| run_ours(g, quick)).collect();
    let input: Vec<Value> =
        cases.iter().zip(&ours).map(|((name, g), o)| json!({"name": name, "graph": to_elk(g, &o.layout, false)})).collect();
    let input = serde_json::to_string(&input).unwrap_or_default();
    let stdout = run_elk(&input, quick, arg("--elk-cache"));
    let mut elk: BTreeMap<String, Value> = BTreeMap::new();
    for line in stdout.lines() {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            elk.insert(v["name"].as_str().unwrap_or_default().to_string(), v);
        }
    }
    let mut elk_on_ours: BTreeMap<String, Value> = BTreeMap::new();
    if args.iter().any(|a| a == "--elk-on-our-order") {
        let input: Vec<Value> =
            cases.iter().zip(&ours).map(|((name, g), o)| json!({"name": name, "graph": to_elk(g, &o.layout, true)})).collect();
        let input = serde_json::to_string(&input).unwrap_or_default();
        for line in run_elk(&input, true, arg("--elk-cache")).lines() {
            if let Ok(v) = serde_json::from_str::<Value>(line) {
                elk_on_ours.insert(v["name"].as_str().unwrap_or_default().to_string(), v);
            }
        }
    }
    let mut on_ours_rows = Vec::new();
    println!("| graph | tables | FKs | ms ours | ms ELK | speed | crossings ours / ELK | area ours/ELK | length ours/ELK | bends ours / ELK | goal | overlaps ours / ELK | goal, overlaps as crossings |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|");
    let mut met = 0;
    let mut met_with_overlaps = 0;
    let mut misses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sums = [0.0f64; 9];
    for ((name, g), o) in cases.iter().zip(&ours) {
        let Some(v) = elk.get(name).filter(|v| v.get("error").is_none()) else {
            let why = elk.get(name).and_then(|v| v["error"].as_str()).unwrap_or("no result");
            println!("| {name} | {} | {} | {:.2} | ELK failed: {why} | | | | | | |", g.tables.len(), g.edges.len(), o.ms);
            continue;
        };
        let e = elk_quality(v);
        if let Some(w) = elk_on_ours.get(name).filter(|w| w.get("error").is_none()) {
            let eo = elk_quality(w);
            let cell = |q: &quality::Quality| format!("{} | {} | {} | {}", q.crossings, ratio(q.area(), e.area()), ratio(q.length, e.length), q.bends);
            on_ours_rows.push(format!("| {name} | {} / {} | {} | {} |", e.crossings, e.bends, cell(&eo), cell(&o.q)));
        }
        let ems = v["ms"].as_f64().unwrap_or(0.0);
        let q = &o.q;
        let speed = ems / o.ms.max(1e-6);
        let mut miss = worse_on(q, &e);
        if speed < 20.0 {
            miss.push("speed");
        }
        for m in &miss {
            *misses.entry(m).or_default() += 1;
        }
        if miss.is_empty() {
            met += 1;
        }
        let mut miss2: Vec<&str> = miss.iter().copied().filter(|m| *m != "crossings").collect();
        if q.crossings + q.overlaps > e.crossings + e.overlaps {
            miss2.insert(0, "crossings");
        }
        if miss2.is_empty() {
            met_with_overlaps += 1;
        }
        sums[0] += q.crossings as f64;
        sums[1] += e.crossings as f64;
        sums[2] += q.area() / e.area().max(1.0);
        sums[3] += 1.0;
        sums[4] += q.bends as f64;
        sums[5] += e.bends as f64;
        sums[6] += q.length / e.length.max(1.0);
        sums[7] += q.overlaps as f64;
        sums[8] += e.overlaps as f64;
        println!(
            "| {name} | {} | {} | {:.2} | {:.1} | {:.0}× | {} / {} | {} | {} | {} / {} | {} | {} / {} | {} |",
            g.tables.len(),
            g.edges.len(),
            o.ms,
            ems,
            speed,
            q.crossings,
            e.crossings,
            ratio(q.area(), e.area()),
            ratio(q.length, e.length),
            q.bends,
            e.bends,
            if miss.is_empty() { "met".to_string() } else { format!("worse: {}", miss.join(", ")) },
            q.overlaps,
            e.overlaps,
            if miss2.is_empty() { "met".to_string() } else { format!("worse: {}", miss2.join(", ")) }
        );
        if with_candidates {
            candidate_rows.push(candidates_row(name, g, q, &e));
        }
        if let Some(dir) = &out_dir {
            let _ = std::fs::create_dir_all(dir);
            let file = name.replace(['/', ' ', ':', '(', ')', '+'], "_");
            let _ = std::fs::write(format!("{dir}/{file}.ours.svg"), erd::render_svg(g, &o.layout, &Default::default()));
            let _ = std::fs::write(format!("{dir}/{file}.elk.json"), v.to_string());
            let _ = std::fs::write(format!("{dir}/{file}.ours.json"), serde_json::to_string(&o.layout).unwrap_or_default());
        }
    }
    println!();
    println!(
        "goal met on {met} of {} graphs; worse on: {misses:?}; crossings in total: ours {} vs ELK {}; bends in total: ours {} vs ELK {}; mean area ratio {:.2}; mean length ratio {:.2}",
        cases.len(),
        sums[0],
        sums[1],
        sums[4],
        sums[5],
        sums[2] / sums[3].max(1.0),
        sums[6] / sums[3].max(1.0)
    );
    println!("with overlapping edge pairs counted as crossings: goal met on {met_with_overlaps} of {} graphs; overlapping pairs in total: ours {} vs ELK {}", cases.len(), sums[7], sums[8]);
    if !on_ours_rows.is_empty() {
        println!();
        println!("ELK on our layering and order (`--elk-on-our-order`: interactive layering and crossing minimisation from our drawing, then ELK's own placement and routing), ratios to ELK's own drawing:");
        println!();
        println!("| graph | ELK crossings / bends | ELK on ours: crossings | area | length | bends | ours: crossings | area | length | bends |");
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for r in on_ours_rows {
            println!("{r}");
        }
    }
    if with_candidates {
        println!();
        println!("Placement candidates (each cell: crossings, area ratio, length ratio, bends, then ✓ or the first letters of the criteria missed: c a l b):");
        println!();
        println!("| graph | ELK crossings / bends | layout (auto) | quadratic | BK ltr-ttb | BK ltr-btt | BK rtl-ttb | BK rtl-btt | any meets all |");
        println!("|---|---:|---|---|---|---|---|---|---|");
        for r in candidate_rows {
            println!("{r}");
        }
    }
}
