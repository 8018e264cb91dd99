//! p4 — node placement (y within a layer).
//!
//! Contract: given the ordered layers of p3 and a height per node (boxes: measured height;
//! dummies: 0), returns the top y of every node such that, within each layer, nodes keep their p3
//! order and are separated by at least their height plus a gap (boxes [`Spacing::node_gap`], a
//! box and a dummy `dummy_gap`, two dummies `edge_gap`). The smallest y is 0. X coordinates are
//! not decided here: the space between layers depends on the channels the router needs (p5).
//!
//! Strategy: compact quadratic placement. Each node wants to sit where its edges run straight
//! (`y[nbr] + port(nbr) - port(self)`, long-edge dummies weighted higher so long edges straighten);
//! per layer, the optimal positions under the ordering/separation constraints are found exactly by
//! isotonic regression (pool-adjacent-violators) in O(layer size). Alternating downward and upward
//! Gauss–Seidel sweeps converge in a handful of iterations: O(iterations · (n + m)).

use super::dag::Port;
use super::p3_crossing::Layered;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    pub node_gap: f64,
    pub dummy_gap: f64,
    pub edge_gap: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { node_gap: 28.0, dummy_gap: 14.0, edge_gap: 8.0 }
    }
}

fn gap(l: &Layered, a: usize, b: usize, s: &Spacing) -> f64 {
    match (l.is_dummy(a), l.is_dummy(b)) {
        (false, false) => s.node_gap,
        (true, true) => s.edge_gap,
        _ => s.dummy_gap,
    }
}

fn weight(l: &Layered, a: usize, b: usize) -> f64 {
    match (l.is_dummy(a), l.is_dummy(b)) {
        (true, true) => 8.0,
        (false, false) => 1.0,
        _ => 2.0,
    }
}

/// Minimises Σ w (y - t)² subject to y[i+1] - y[i] >= d[i] (pool adjacent violators).
pub fn project(t: &[f64], w: &[f64], d: &[f64]) -> Vec<f64> {
    let n = t.len();
    let mut cum = vec![0.0; n];
    for i in 1..n {
        cum[i] = cum[i - 1] + d[i - 1];
    }
    // blocks: (weight sum, weighted target sum, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let wi = w[i].max(1e-9);
        blocks.push((wi, wi * (t[i] - cum[i]), 1));
        while blocks.len() >= 2 {
            let (w2, s2, c2) = blocks[blocks.len() - 1];
            let (w1, s1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 > s2 / w2 {
                blocks.pop();
                *blocks.last_mut().unwrap_or(&mut (0.0, 0.0, 0)) = (w1 + w2, s1 + s2, c1 + c2);
            } else {
                break;
            }
        }
    }
    let mut y = Vec::with_capacity(n);
    for (wsum, ssum, c) in blocks {
        let z = ssum / wsum;
        for _ in 0..c {
            let i = y.len();
            y.push(z + cum[i]);
        }
    }
    y
}

/// Port offset of a segment end on node `v` (dummies have none).
fn off(p: Port) -> f64 {
    p.offset
}

pub fn run(l: &Layered, heights: &[f64], s: &Spacing, iterations: usize) -> Vec<f64> {
    let n = l.node_count();
    let mut y = vec![0.0; n];
    // Initial: stacked.
    for layer in &l.layers {
        let mut cur = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                cur += gap(l, layer[i - 1], v, s);
            }
            y[v] = cur;
            cur += heights[v];
        }
    }
    let nl = l.layers.len();
    let (mut t, mut w, mut d) = (Vec::new(), Vec::new(), Vec::new());
    // Pathological depth (tens of thousands of dummies): fewer sweeps keep the time bounded.
    let iterations = if n > 50_000 { iterations.min(4) } else { iterations };
    for it in 0..iterations {
        let down = it % 2 == 0;
        let use_in = it != 1;
        let use_out = it != 0;
        let order: Vec<usize> = if down { (0..nl).collect() } else { (0..nl).rev().collect() };
        for li in order {
            let layer = &l.layers[li];
            if layer.is_empty() {
                continue;
            }
            t.clear();
            w.clear();
            d.clear();
            for (i, &v) in layer.iter().enumerate() {
                let (mut sw, mut st) = (0.0, 0.0);
                if use_in {
                    for &si in &l.in_segs[v] {
                        let sg = &l.segs[si];
                        let wt = weight(l, sg.a, v);
                        sw += wt;
                        st += wt * (y[sg.a] + off(sg.a_port) - off(sg.b_port));
                    }
                }
                if use_out {
                    for &si in &l.out_segs[v] {
                        let sg = &l.segs[si];
                        let wt = weight(l, v, sg.b);
                        sw += wt;
                        st += wt * (y[sg.b] + off(sg.b_port) - off(sg.a_port));
                    }
                }
                if sw > 0.0 {
                    t.push(st / sw);
                    w.push(sw);
                } else {
                    t.push(y[v]);
                    w.push(1e-3);
                }
                if i + 1 < layer.len() {
                    d.push(heights[v] + gap(l, v, layer[i + 1], s));
                }
            }
            let ny = project(&t, &w, &d);
            for (i, &v) in layer.iter().enumerate() {
                y[v] = ny[i];
            }
        }
    }
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in &mut y {
            // Whole units: port rows are at whole offsets too, so "straight" is exact.
            *v = (*v - min).round();
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::{Dag, DagEdge};
    use crate::erd::p3_crossing;

    #[test]
    fn projection_respects_separation() {
        let y = project(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert_eq!(y, vec![-10.0, 0.0, 10.0]);
        let y = project(&[0.0, 100.0], &[1.0, 1.0], &[10.0]);
        assert_eq!(y, vec![0.0, 100.0]);
    }

    #[test]
    fn keeps_order_and_gaps() {
        let p = |r: u32| Port { offset: 28.0 + 20.0 * r as f64, rank: r };
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 4],
            edges: vec![
                DagEdge { u: 0, v: 1, u_port: p(1), v_port: p(2), id: 0 },
                DagEdge { u: 0, v: 2, u_port: p(1), v_port: p(1), id: 1 },
                DagEdge { u: 0, v: 3, u_port: p(1), v_port: p(1), id: 2 },
            ],
            loops: vec![],
        };
        let mut l = p3_crossing::build(&dag, &[0, 1, 1, 1]);
        p3_crossing::run(&mut l, 4);
        let h = vec![100.0; l.node_count()];
        let y = run(&l, &h, &Spacing::default(), 8);
        let layer = &l.layers[1];
        for k in 1..layer.len() {
            assert!(y[layer[k]] >= y[layer[k - 1]] + 100.0 + 28.0 - 0.2);
        }
        assert_eq!(y.iter().copied().fold(f64::INFINITY, f64::min), 0.0);
    }
}
