//! The working graph of one connected component, shared by the phases.
//!
//! Contract: nodes are the component's tables renumbered `0..n` (in input order); `sizes[i]` is the
//! measured box. Every foreign key between two *different* tables of the component becomes one
//! [`DagEdge`] oriented from the referenced table `u` to the referencing table `v` (so referenced
//! tables end up left of the ones that point at them); self-references are kept apart in `loops`
//! and never enter p1–p4. A [`Port`] is where the edge touches a box: the y offset of the column
//! row from the box top and the row rank (used to order edges leaving one box).

/// Where an edge attaches to a box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Port {
    /// Y offset from the box top (0 for dummy nodes).
    pub offset: f64,
    /// 0 for the header, `row + 1` for a column row.
    pub rank: u32,
}

impl Port {
    pub const DUMMY: Port = Port { offset: 0.0, rank: 0 };

    /// A key in `[0, 1)` ordering the ports of one box top to bottom. It only depends on the row
    /// (not on how many rows the box has), so appending a column leaves existing keys unchanged.
    pub fn key(self) -> f64 {
        (self.rank.min(127) as f64 + 0.5) / 128.0
    }
}

/// A foreign key between two different tables, oriented referenced → referencing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DagEdge {
    pub u: usize,
    pub v: usize,
    pub u_port: Port,
    pub v_port: Port,
    /// Index of the edge in `ErdGraph::edges`.
    pub id: usize,
}

impl DagEdge {
    /// The same edge pointing the other way.
    pub fn reversed(self) -> DagEdge {
        DagEdge { u: self.v, v: self.u, u_port: self.v_port, v_port: self.u_port, id: self.id }
    }
}

/// A self-reference: both ends on node `node`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoopEdge {
    pub node: usize,
    pub from: Port,
    pub to: Port,
    pub id: usize,
}

/// One component, ready for the phases.
#[derive(Clone, Debug, Default)]
pub struct Dag {
    /// (width, height) per node.
    pub sizes: Vec<(f64, f64)>,
    pub edges: Vec<DagEdge>,
    pub loops: Vec<LoopEdge>,
}
