//! ERD layout benchmark (`harness = false`).
//!
//! `cargo bench -p schemaplay-core --bench erd` measures `erd::layout` on synthetic schemas of
//! 10 / 100 / 1,000 tables (realistic fan-in/fan-out, see `erd::synthetic`) and on the largest
//! corpus schema (MusicBrainz: tables + primary keys + foreign keys), and counts edge crossings of
//! the result (proper crossings between the drawn polylines).
//!
//! With `-- --dot` it also writes each graph as Graphviz DOT (record nodes, one port per column,
//! `rankdir=LR`, edges port to port), times `dot -Tplain` on it, samples dot's spline output into
//! polylines and counts their crossings with the same function, and prints the time and crossing
//! ratios. `benches/erd_vs_dot.sh` wraps this (and installs graphviz when missing).
//! `-- --quick` runs fewer iterations. `-- --no-cap` lays out without the per-layer table cap. `-- --out DIR` keeps the DOT/SVG files.

use schemaplay_core::erd::{self, synthetic::synthetic, verify, ErdGraph, LayoutOptions};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// (median ms, min ms, layout)
fn time_layout(g: &ErdGraph, iters: usize, opts: &LayoutOptions) -> (f64, f64, erd::Layout) {
    let first = erd::layout(g, opts);
    let mut samples = Vec::new();
    for _ in 0..iters {
        let t = Instant::now();
        let l = erd::layout(g, opts);
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(l);
    }
    let min = samples.iter().copied().fold(f64::INFINITY, f64::min);
    (median(samples), min, first)
}

fn rec_escape(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if "{}|<>\"\\ ".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// The graph as DOT: record nodes with one port per column, referenced → referencing.
fn to_dot(g: &ErdGraph) -> String {
    let mut s = String::from(
        "digraph erd {\nrankdir=LR;\nnode [shape=record, fontname=\"Helvetica\", fontsize=12];\n",
    );
    let index = g.key_index();
    for (i, t) in g.tables.iter().enumerate() {
        let mut label = format!("<h> {}", rec_escape(&t.name));
        for (k, c) in t.columns.iter().enumerate() {
            label.push_str(&format!("|<p{k}> {} {}", rec_escape(&c.name), rec_escape(&c.type_label)));
        }
        s.push_str(&format!("t{i} [label=\"{label}\"];\n"));
    }
    for e in &g.edges {
        let (Some(&f), Some(&t)) = (index.get(e.from.table.as_str()), index.get(e.to.table.as_str())) else { continue };
        let port = |tbl: usize, cols: &[usize]| match cols.first() {
            Some(&c) if c < g.tables[tbl].columns.len() => format!("p{c}"),
            _ => "h".to_string(),
        };
        if f == t {
            s.push_str(&format!("t{t}:{}:e -> t{f}:{}:e;\n", port(t, &e.to.columns), port(f, &e.from.columns)));
        } else {
            s.push_str(&format!("t{t}:{}:e -> t{f}:{}:w;\n", port(t, &e.to.columns), port(f, &e.from.columns)));
        }
    }
    s.push_str("}\n");
    s
}

type Dotted = (f64, Vec<Vec<[f64; 2]>>, Vec<(usize, usize)>);

/// Runs `dot -Tplain`; returns (seconds, edge polylines, edge end tables) or None on failure/timeout.
fn run_dot(dot: &str, timeout: Duration) -> Option<Dotted> {
    let t = Instant::now();
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    {
        let mut stdin = child.stdin.take()?;
        stdin.write_all(dot.as_bytes()).ok()?;
    }
    let out = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let mut out = out;
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if t.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let secs = t.elapsed().as_secs_f64();
    let plain = reader.join().ok()?;
    let mut lines = Vec::new();
    let mut ends = Vec::new();
    let node = |s: &str| s.trim_start_matches('t').parse::<usize>().unwrap_or(usize::MAX);
    for line in plain.lines() {
        let tok: Vec<&str> = line.split_whitespace().collect();
        if tok.first() != Some(&"edge") || tok.len() < 4 {
            continue;
        }
        let n: usize = tok[3].parse().ok()?;
        let pts: Vec<[f64; 2]> = (0..n)
            .filter_map(|i| Some([tok.get(4 + 2 * i)?.parse().ok()?, tok.get(5 + 2 * i)?.parse().ok()?]))
            .collect();
        // B-spline control points: cubic Bézier pieces p[3k..3k+3]; sample each.
        let mut poly = vec![pts[0]];
        let mut k = 0;
        while k + 3 < pts.len() {
            let (a, b, c, d) = (pts[k], pts[k + 1], pts[k + 2], pts[k + 3]);
            for step in 1..=12 {
                let t = step as f64 / 12.0;
                let u = 1.0 - t;
                let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
                poly.push([
                    w[0] * a[0] + w[1] * b[0] + w[2] * c[0] + w[3] * d[0],
                    w[0] * a[1] + w[1] * b[1] + w[2] * c[1] + w[3] * d[1],
                ]);
            }
            k += 3;
        }
        lines.push(poly);
        ends.push((node(tok[1]), node(tok[2])));
    }
    Some((secs, lines, ends))
}

fn musicbrainz() -> Option<ErdGraph> {
    let dir = "/work/shared/corpus/postgres/handwritten/musicbrainz";
    let mut text = String::new();
    for f in ["CreateTables.sql", "CreatePrimaryKeys.sql", "CreateFKConstraints.sql"] {
        text.push_str(&std::fs::read_to_string(format!("{dir}/{f}")).ok()?);
        text.push('\n');
    }
    let parsed = schemaplay_core::parse::parse(&text, schemaplay_core::Dialect::Postgres);
    Some(erd::from_schema(&parsed.schema))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let with_dot = args.iter().any(|a| a == "--dot");
    let quick = args.iter().any(|a| a == "--quick");
    let mut opts = LayoutOptions::default();
    if args.iter().any(|a| a == "--no-cap") {
        opts.max_layer_tables = usize::MAX;
    }
    let out_dir = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).cloned();
    let mut cases: Vec<(String, ErdGraph)> =
        [10usize, 100, 1000].iter().map(|&n| (format!("synthetic-{n}"), synthetic(n, 2024))).collect();
    // Pathological depth: a 500-table chain where every table also references the first one
    // (≈125k dummy nodes). Not realistic; checks there is no blow-up.
    let mut chain = ErdGraph::default();
    for i in 0..500usize {
        let mut t = erd::ErdTable::new(format!("c{i}")).col("id", "bigint").col("prev_id", "bigint").col("root_id", "bigint");
        t.columns[0].is_pk = true;
        chain.tables.push(t);
        if i > 0 {
            chain.edges.push(erd::ErdEdge::new(&format!("c{i}"), &[1], &format!("c{}", i - 1), &[0]));
            chain.edges.push(erd::ErdEdge::new(&format!("c{i}"), &[2], "c0", &[0]));
        }
    }
    cases.push(("deep-chain-500".into(), chain));
    if let Some(g) = musicbrainz() {
        cases.push(("musicbrainz".into(), g));
    }
    println!(
        "| graph | tables | FKs | layout ms median (min) | size | crossings (all / non-adjacent) |{}",
        if with_dot { " dot -Tplain ms | dot crossings (all / non-adj.) | time ratio (dot/ours) | crossing ratio ours/dot (all / non-adj.) |" } else { "" }
    );
    println!("|---|---:|---:|---:|---:|---:|{}", if with_dot { "---:|---:|---:|---:|" } else { "" });
    for (name, g) in &cases {
        let n = g.tables.len();
        let iters = match (quick, n) {
            (true, _) => 3,
            (_, 0..=50) => 200,
            (_, 51..=500) => 40,
            _ => 15,
        };
        let (ms, min_ms, layout) = time_layout(g, iters, &opts);
        if let Err(e) = verify::verify(g, &layout, &Default::default()) {
            eprintln!("{name}: verifier: {e}");
        }
        let polys: Vec<Vec<[f64; 2]>> = layout.edges.iter().map(|e| e.points.clone()).collect();
        let ours = verify::count_crossings(&polys);
        let index = g.key_index();
        let ends: Vec<(usize, usize)> = g
            .edges
            .iter()
            .map(|e| {
                let f = index.get(e.from.table.as_str()).copied().unwrap_or(usize::MAX - 1);
                let t = index.get(e.to.table.as_str()).copied().unwrap_or(usize::MAX - 1);
                (f, t)
            })
            .collect();
        let ours_na = verify::count_crossings_between(&polys, Some(&ends));
        if let Some(dir) = &out_dir {
            let _ = std::fs::create_dir_all(dir);
            let svg = erd::render_svg(g, &layout, &Default::default());
            let _ = std::fs::write(format!("{dir}/{name}.svg"), svg);
            let _ = std::fs::write(format!("{dir}/{name}.dot"), to_dot(g));
        }
        let mut row = format!(
            "| {name} | {n} | {} | {ms:.2} ({min_ms:.2}) | {}x{} | {ours} / {ours_na} |",
            g.edges.len(),
            layout.width,
            layout.height
        );
        if with_dot {
            let dot = to_dot(g);
            let runs = if n >= 500 || quick { 1 } else { 3 };
            let mut times = Vec::new();
            let mut dot_cross = None;
            for _ in 0..runs {
                match run_dot(&dot, Duration::from_secs(if name.starts_with("deep") { 60 } else { 300 })) {
                    Some((secs, lines, dends)) => {
                        times.push(secs * 1000.0);
                        dot_cross = Some((verify::count_crossings(&lines), verify::count_crossings_between(&lines, Some(&dends))));
                    }
                    None => break,
                }
            }
            match (times.is_empty(), dot_cross) {
                (false, Some((dc, dna))) => {
                    let dms = median(times);
                    let ratio = |a: usize, b: usize| -> String {
                        if b == 0 { if a == 0 { "1.00".into() } else { "inf".into() } } else { format!("{:.2}", a as f64 / b as f64) }
                    };
                    row.push_str(&format!(
                        " {dms:.1} | {dc} / {dna} | {:.0}x | {} / {} |",
                        dms / ms,
                        ratio(ours, dc),
                        ratio(ours_na, dna)
                    ));
                }
                _ => row.push_str(" failed/timeout | - | - | - |"),
            }
        }
        println!("{row}");
    }
}
