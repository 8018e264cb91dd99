//! Incremental layout benchmark (`harness = false`, in `make bench`; results quoted in
//! `erd_incremental_results.md`).
//!
//! `cargo bench -p schemaplay-core --bench erd_incremental` lays out synthetic schemas of 100 /
//! 1,000 / 3,000 tables (`erd::synthetic`), then times, against the full layered layout of the
//! edited graph, `erd::incremental::relayout` from that layout after one edit of each kind the
//! diagram makes: a new table referencing a hub, three columns added to a table, a new
//! relationship between two tables, a table renamed, and a box dragged (a pin). It prints the
//! median times and how far the boxes not edited moved (largest move, boxes moved) under both.

use schemaplay_core::erd::{self, incremental, synthetic::synthetic, ErdColumn, ErdEdge, ErdGraph, ErdTable, Layout, LayoutOptions};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time<T>(iters: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..iters {
        let t = Instant::now();
        std::hint::black_box(f());
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    median(samples)
}

/// (largest move, boxes moved) of the boxes of `before` other than `edited`, in `after`.
fn moved(before: &Layout, after: &Layout, edited: &str) -> (f64, usize) {
    let mut worst: f64 = 0.0;
    let mut n = 0;
    for b in before.tables.iter().filter(|b| b.key != edited) {
        if let Some(a) = after.tables.iter().find(|a| a.key == b.key) {
            let d = (a.x - b.x).abs().max((a.y - b.y).abs());
            if d > 0.0 {
                n += 1;
                worst = worst.max(d);
            }
        }
    }
    (worst, n)
}

/// The edits: (name, edited graph, pins, the box edited).
fn edits(g: &ErdGraph, l: &Layout) -> Vec<(&'static str, ErdGraph, LayoutOptions, String)> {
    let mut out = Vec::new();
    let hub = g.tables[0].key.clone();
    let mut add = g.clone();
    add.tables.push(ErdTable::new("bench_new").col("id", "bigint").col("hub_id", "bigint"));
    add.edges.push(ErdEdge::new("bench_new", &[1], &hub, &[0]));
    out.push(("add table + FK", add, LayoutOptions::default(), "bench_new".to_string()));
    let mid = g.tables.len() / 2;
    let mut cols = g.clone();
    for k in 0..3 {
        cols.tables[mid].columns.push(ErdColumn { name: format!("added_{k}"), type_label: "text".into(), nullable: true, ..Default::default() });
    }
    out.push(("add 3 columns", cols, LayoutOptions::default(), g.tables[mid].key.clone()));
    let mut fk = g.clone();
    let (a, b) = (g.tables[mid].key.clone(), g.tables[g.tables.len() - 1].key.clone());
    fk.edges.push(ErdEdge::new(&a, &[0], &b, &[0]));
    out.push(("add FK", fk, LayoutOptions::default(), a.clone()));
    let mut ren = g.clone();
    let old = ren.tables[mid].key.clone();
    ren.tables[mid].key = "bench_renamed".into();
    ren.tables[mid].name = "bench_renamed".into();
    for e in &mut ren.edges {
        for end in [&mut e.from, &mut e.to] {
            if end.table == old {
                end.table = "bench_renamed".into();
            }
        }
    }
    out.push(("rename table", ren, LayoutOptions::default(), "bench_renamed".to_string()));
    let mut drag = LayoutOptions::default();
    let t = &l.tables[mid];
    drag.positions.insert(t.key.clone(), [t.x + 120.0, t.y + 80.0]);
    out.push(("drag a box", g.clone(), drag, t.key.clone()));
    out
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    println!("| tables | edit | full layout ms | relayout ms | full: boxes moved, largest move | relayout: boxes moved, largest move |");
    println!("|---|---|---|---|---|---|");
    for n in [100usize, 1000, 3000] {
        let g = synthetic(n, 7);
        let l0 = erd::layout(&g, &LayoutOptions::default());
        let iters = match (quick, n) {
            (true, _) => 3,
            (false, 3000) => 5,
            (false, 1000) => 11,
            _ => 31,
        };
        for (what, g1, opts, edited) in edits(&g, &l0) {
            let full = erd::layout(&g1, &opts);
            let inc = incremental::relayout(&l0, &g1, &opts).expect("an edit");
            let t_full = time(iters, || erd::layout(&g1, &opts));
            let t_inc = time(iters * 3, || incremental::relayout(&l0, &g1, &opts));
            let (fw, fnn) = moved(&l0, &full, &edited);
            let (iw, inn) = moved(&l0, &inc, &edited);
            println!("| {n} | {what} | {t_full:.1} | {t_inc:.2} | {fnn}, {fw:.0} px | {inn}, {iw:.0} px |");
        }
    }
}
