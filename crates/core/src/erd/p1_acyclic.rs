//! p1 — cycle breaking (a run/undo pair).
//!
//! Contract: [`run`] reverses a set of edges so that the component's edges form a DAG and returns
//! which ones it reversed; [`undo`] puts them back. Self-references never reach this phase (they
//! are `Dag::loops`). The choice is a depth-first search from the sources first (tables that
//! reference nothing), then from any unvisited node in input order; an edge closing a cycle (to a
//! node on the DFS stack) is reversed. Deterministic: it depends only on node and edge order.
//! Multi-edges are kept; parallel edges of a reversed pair are all reversed together, so they stay
//! parallel. O(n + m), iterative (no recursion depth limit).

use super::dag::DagEdge;

/// Which edges [`run`] reversed (indices into the edge slice), for [`undo`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reversed(pub Vec<usize>);

pub fn run(n: usize, edges: &mut [DagEdge]) -> Reversed {
    // CSR adjacency of out-edges.
    let mut start = vec![0usize; n + 1];
    for e in edges.iter() {
        start[e.u + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut out = vec![0usize; edges.len()];
    for (i, e) in edges.iter().enumerate() {
        out[fill[e.u]] = i;
        fill[e.u] += 1;
    }
    let mut indeg = vec![0usize; n];
    for e in edges.iter() {
        indeg[e.v] += 1;
    }

    // 0 = unvisited, 1 = on stack, 2 = done
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    let roots = (0..n).filter(|&i| indeg[i] == 0).chain(0..n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for r in roots {
        if state[r] != 0 {
            continue;
        }
        state[r] = 1;
        stack.push((r, start[r]));
        while let Some(top) = stack.len().checked_sub(1) {
            let (node, next) = stack[top];
            if next < start[node + 1] {
                let ei = out[next];
                stack[top].1 += 1;
                let w = edges[ei].v;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, start[w]));
                    }
                    1 => back[ei] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    let mut reversed = Vec::new();
    for (i, e) in edges.iter_mut().enumerate() {
        if back[i] {
            *e = e.reversed();
            reversed.push(i);
        }
    }
    Reversed(reversed)
}

pub fn undo(edges: &mut [DagEdge], r: &Reversed) {
    for &i in r.0.iter().rev() {
        if let Some(e) = edges.get_mut(i) {
            *e = e.reversed();
        }
    }
}

/// True when the edges form a DAG (used by tests and the verifier).
pub fn is_acyclic(n: usize, edges: &[DagEdge]) -> bool {
    let mut indeg = vec![0usize; n];
    let mut adj = vec![Vec::new(); n];
    for e in edges {
        indeg[e.v] += 1;
        adj[e.u].push(e.v);
    }
    let mut q: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut seen = 0;
    while let Some(x) = q.pop() {
        seen += 1;
        for &y in &adj[x] {
            indeg[y] -= 1;
            if indeg[y] == 0 {
                q.push(y);
            }
        }
    }
    seen == n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::Port;

    fn e(u: usize, v: usize, id: usize) -> DagEdge {
        DagEdge { u, v, u_port: Port::DUMMY, v_port: Port { offset: 1.0, rank: 1 }, id }
    }

    #[test]
    fn breaks_cycles_and_undoes() {
        let orig = vec![e(0, 1, 0), e(1, 2, 1), e(2, 0, 2), e(2, 3, 3), e(3, 1, 4), e(0, 1, 5)];
        let mut edges = orig.clone();
        let r = run(4, &mut edges);
        assert!(is_acyclic(4, &edges));
        assert!(!r.0.is_empty() && r.0.len() <= 2);
        undo(&mut edges, &r);
        assert_eq!(edges, orig);
    }

    #[test]
    fn dag_untouched() {
        let mut edges = vec![e(0, 1, 0), e(1, 2, 1), e(0, 2, 2)];
        assert!(run(3, &mut edges).0.is_empty());
    }

    #[test]
    fn empty() {
        let mut edges = vec![];
        assert!(run(0, &mut edges).0.is_empty());
    }
}
