//! ERD layout: a layered (Sugiyama) layout of tables and foreign keys, and its SVG rendering.
//!
//! [`layout`] runs these phases, in this order (see [`PHASES`]); each phase is a file whose doc
//! comment states its contract, and each takes the previous phase's output as a value rather than
//! sharing one struct of scratch fields:
//!
//! 1. `measure`      — box sizes and row offsets from a fixed character-width table;
//! 2. `components`   — connected components (layout each on its own, pack them at the end);
//! 3. `p1_acyclic`   — reverse edges to break cycles (run … undo after routing);
//! 4. `p2_layering`  — referenced tables left of referencing tables;
//! 5. `p3_crossing`  — dummy nodes for long edges, barycenter sweeps with ports (column rows); a
//!    component of ≤ 50 tables also draws (p4, p5) the best other orders p3's restarts found and
//!    keeps the drawing with clearly fewer crossings ([`p3_crossing::RESTART_GAIN`]);
//! 6. `p4_placement` — y in each layer: compact, varying box heights, straight edges (quadratic
//!    placement, or a Brandes–Köpf alignment `p4_align` when it bends fewer segments);
//! 7. `p5_routing`   — x of each layer from channel widths, orthogonal polylines, self-loops;
//! 8. `pack`         — components and isolated tables on shelves;
//! 9. `pins`         — manual positions (a person dragged a box) override, touched edges rerouted;
//! 10. `verify`      — no two boxes overlap, one polyline per foreign key ([`layout_verified`],
//!     the CLI and the tests; a failure is a returned error, never a panic).
//!
//! After an edit, [`incremental::relayout`] changes the previous layout as little as possible
//! instead (kept boxes stay, new ones go beside their neighbours, untouched edges keep their routes).
//!
//! Deterministic: only `Vec`/`BTreeMap` iteration, no hashing, no clocks, no environment. The same
//! `ErdGraph` and options give the same `Layout` bit for bit, natively and in wasm.
//!
//! ```
//! use schemaplay_core::erd::{self, ErdEdge, ErdGraph, ErdTable, LayoutOptions};
//!
//! let graph = ErdGraph {
//!     tables: vec![
//!         ErdTable::new("users").col("id", "uuid"),
//!         ErdTable::new("posts").col("id", "uuid").col("user_id", "uuid"),
//!     ],
//!     // posts.user_id → users.id
//!     edges: vec![ErdEdge::new("posts", &[1], "users", &[0])],
//! };
//! // From a parsed schema instead: `erd::from_schema(&parsed.schema)`.
//! let mut opts = LayoutOptions::default();
//! opts.positions.insert("posts".into(), [400.0, 40.0]); // a box the person dragged
//! let layout = erd::layout(&graph, &opts);
//! assert_eq!((layout.tables[1].x, layout.tables[1].y), (400.0, 40.0));
//! assert_eq!(layout.edges[0].points.first().map(|p| p[1]), Some(40.0 + 28.0 + 20.0 + 10.0));
//! let svg = erd::render_svg(&graph, &layout, &erd::SvgOptions::default());
//! assert!(svg.starts_with("<svg"));
//! // `schemaplay erd --format json` is `serde_json::to_string(&layout)`.
//! ```

pub mod badges;
pub mod cardinality;
pub mod changes;
pub mod choice;
pub mod components;
pub mod dag;
pub mod decor;
pub mod from_model;
pub mod graph;
pub mod groups;
pub mod highlight;
pub mod incremental;
pub mod inspect;
pub mod measure;
pub mod outline;
pub mod p1_acyclic;
pub mod p2_layering;
pub mod p3_count;
pub mod p3_crossing;
pub mod p4_align;
pub mod p4_placement;
pub mod p5_routing;
pub mod quality;
pub mod raster;
pub mod rows;
pub mod shown;
mod stab_index;
pub mod svg;
pub mod synthetic;
pub mod verify;
pub mod view;

#[cfg(test)]
mod tests;

pub use from_model::from_schema;
pub use graph::{BoxKind, Change, EdgeEnd, ErdColumn, ErdEdge, ErdGraph, ErdTable};
pub use svg::{render_edge, render_shell, render_svg, render_svg_with_notes, render_table, Detail, EdgeDraw, SvgOptions, Theme};

use dag::{Dag, DagEdge, LoopEdge, Port};
use p4_placement::Spacing;
use p5_routing::{Point, RouteOptions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The phases [`layout`] runs, in order.
pub const PHASES: [&str; 10] = [
    "measure",
    "components",
    "p1_acyclic",
    "p2_layering",
    "p3_crossing",
    "p4_placement",
    "p5_routing",
    "pack",
    "pins",
    "verify",
];

/// Layout settings. Nothing is read from the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Manual positions: table key → top-left corner. Pinned boxes stay exactly there (negative
    /// coordinates are clamped to 0); edges touching them or crossing them are rerouted.
    pub positions: BTreeMap<String, [f64; 2]>,
    pub spacing: Spacing,
    pub route: RouteOptions,
    /// Space around the whole drawing.
    pub margin: f64,
    /// Space between packed components.
    pub component_gap: f64,
    /// Maximum barycenter sweeps (p3).
    pub crossing_sweeps: usize,
    /// Placement iterations (p4).
    pub placement_iterations: usize,
    /// Most tables per layer (p2); 0 = automatic (≈ 5√n per component), `usize::MAX` = no cap.
    pub max_layer_tables: usize,
    /// p4's candidate: `Auto` (the layout's own choice); the others force one candidate, a
    /// measuring hook of the ELK benchmark.
    pub placement: p4_placement::Placement,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            positions: BTreeMap::new(),
            spacing: Spacing::default(),
            route: RouteOptions::default(),
            margin: 24.0,
            component_gap: 48.0,
            crossing_sweeps: 24,
            placement_iterations: 10,
            max_layer_tables: 0,
            placement: p4_placement::Placement::Auto,
        }
    }
}

/// A positioned table box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableBox {
    pub key: String,
    pub schema: Option<String>,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// `view` / `materialized_view` (absent for a table).
    #[serde(skip_serializing_if = "is_table", default)]
    pub kind: BoxKind,
    /// How many partitions the box stands for (absent when none).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub partitions: usize,
}

fn is_table(k: &BoxKind) -> bool {
    *k == BoxKind::Table
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One end of a routed edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeRef {
    pub schema: Option<String>,
    pub table: String,
    pub columns: Vec<String>,
}

/// A routed foreign key: `points` run from the referencing column to the referenced column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeRoute {
    pub name: Option<String>,
    pub from: EdgeRef,
    pub to: EdgeRef,
    pub points: Vec<Point>,
    /// The referenced table is not in the diagram: `points` is a short stub.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub dangling: bool,
    /// Not a foreign key: the `from` view reads the `to` table or view.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub dependency: bool,
}

/// The laid-out diagram (the `schemaplay erd --format json` shape).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Same order as `ErdGraph::tables`.
    pub tables: Vec<TableBox>,
    /// Same order as `ErdGraph::edges`.
    pub edges: Vec<EdgeRoute>,
    /// What the layout left out to stay within its budgets, for the person to see (e.g.
    /// [`SIMPLIFIED_NOTE`]); absent when nothing was.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// The note of a layout whose densest channels were routed simply (see `p5_routing`).
pub const SIMPLIFIED_NOTE: &str = "large graph: simplified layout (edges in the densest channels are routed without reordering them to avoid crossings)";

/// An edge's two tables (`None`: not in the graph).
type Ends = (Option<usize>, Option<usize>);

/// An edge with both ends resolved to table indices.
#[derive(Clone, Copy, Debug)]
struct Resolved {
    id: usize,
    from: usize,
    to: usize,
    from_port: Port,
    to_port: Port,
}

fn port(t: &ErdTable, cols: &[usize]) -> Port {
    let row = cols.first().copied().filter(|&r| r < t.columns.len());
    Port { offset: measure::port_offset(t, row), rank: row.map(|r| r as u32 + 1).unwrap_or(0) }
}

struct ComponentLayout {
    width: f64,
    height: f64,
    /// (global table index, top-left)
    boxes: Vec<(usize, Point)>,
    /// (edge id, polyline from → to)
    edges: Vec<(usize, Vec<Point>)>,
    simplified: bool,
}

fn layout_component(
    nodes: &[usize],
    local: &[usize],
    sizes: &[(f64, f64)],
    inner: &[&Resolved],
    opts: &LayoutOptions,
) -> ComponentLayout {
    let mut dag = Dag { sizes: nodes.iter().map(|&g| sizes[g]).collect(), ..Default::default() };
    for r in inner {
        let (u, v) = (local[r.to], local[r.from]);
        if u == v {
            dag.loops.push(LoopEdge { node: u, from: r.from_port, to: r.to_port, id: r.id });
        } else {
            dag.edges.push(DagEdge { u, v, u_port: r.to_port, v_port: r.from_port, id: r.id });
        }
    }
    let n = nodes.len();
    // p1
    let reversed = p1_acyclic::run(n, &mut dag.edges);
    // p2
    let cap = if opts.max_layer_tables == 0 { p2_layering::auto_cap(n) } else { opts.max_layer_tables };
    let layers = p2_layering::run(n, &dag.edges, cap);
    // p3
    let mut layered = p3_crossing::build(&dag, &layers);
    let keep = if n <= p3_crossing::RESTART_MAX_TABLES { DRAWN_ALTERNATIVES } else { 0 };
    let (_, alternatives) = p3_crossing::run_with_alternatives(&mut layered, opts.crossing_sweeps, keep);
    // p4, p5 (for the kept order and, in a small component, the best other orders p3 found)
    let routed = draw_best(&mut layered, alternatives, &dag, opts);
    // p1 undo: edges back to referenced → referencing; polylines oriented from → to.
    p1_acyclic::undo(&mut dag.edges, &reversed);
    let mut was_reversed = vec![false; dag.edges.len()];
    for &i in &reversed.0 {
        was_reversed[i] = true;
    }
    let mut edges = Vec::with_capacity(dag.edges.len() + dag.loops.len());
    for (k, mut pts) in routed.edges.into_iter().enumerate() {
        // Routed left → right; left is the referenced table unless the edge was reversed.
        if !was_reversed[k] {
            pts.reverse();
        }
        edges.push((dag.edges[k].id, pts));
    }
    for (k, pts) in routed.loops.into_iter().enumerate() {
        edges.push((dag.loops[k].id, pts));
    }
    ComponentLayout {
        width: routed.width,
        height: routed.height,
        boxes: nodes.iter().enumerate().map(|(i, &g)| (g, routed.node_xy[i])).collect(),
        edges,
        simplified: routed.simplified,
    }
}

/// Other p3 orders a small component also draws ([`draw_best`]).
const DRAWN_ALTERNATIVES: usize = 2;

/// p4 and p5 for one order.
fn draw(layered: &p3_crossing::Layered, dag: &Dag, opts: &LayoutOptions) -> p5_routing::Routed {
    let n = dag.sizes.len();
    let heights: Vec<f64> =
        (0..layered.node_count()).map(|v| if v < n { dag.sizes[v].1 } else { 0.0 }).collect();
    let y = p4_placement::run_with(layered, &heights, &opts.spacing, opts.placement_iterations, opts.placement);
    p5_routing::run(layered, &y, &dag.sizes, &dag.loops, &opts.route)
}

/// Draws the kept order and each alternative; p3 counts crossings between straight segments,
/// but the routed drawing's orthogonal runs cross differently (a long run crosses every
/// horizontal in its span), so an alternative replaces the kept order when its drawing has
/// clearly fewer crossings ([`p3_crossing::RESTART_GAIN`], for stability under small edits).
/// Leaves the chosen order in `layered`.
fn draw_best(layered: &mut p3_crossing::Layered, alternatives: p3_crossing::Alternatives, dag: &Dag, opts: &LayoutOptions) -> p5_routing::Routed {
    let mut best = draw(layered, dag, opts);
    if alternatives.is_empty() {
        return best;
    }
    let crossings = |r: &p5_routing::Routed| verify::count_crossings(&r.edges);
    let mut best_c = crossings(&best);
    let mut kept = layered.layers.clone();
    for (_, order) in alternatives {
        if best_c == 0 {
            break;
        }
        layered.layers = order;
        let r = draw(layered, dag, opts);
        let c = crossings(&r);
        if (c as f64) < best_c as f64 * p3_crossing::RESTART_GAIN {
            best = r;
            best_c = c;
            kept = layered.layers.clone();
        }
    }
    layered.layers = kept;
    best
}

fn end_ref(graph: &ErdGraph, idx: Option<usize>, end: &EdgeEnd) -> EdgeRef {
    match idx {
        Some(i) => {
            let t = &graph.tables[i];
            EdgeRef {
                schema: t.schema.clone(),
                table: t.name.clone(),
                columns: end.columns.iter().filter_map(|&c| t.columns.get(c).map(|c| c.name.clone())).collect(),
            }
        }
        None => EdgeRef { schema: None, table: end.table.clone(), columns: Vec::new() },
    }
}

fn translate(pts: &mut [Point], dx: f64, dy: f64) {
    for p in pts {
        p[0] += dx;
        p[1] += dy;
    }
}

/// Lays out the diagram. Never panics; deterministic.
pub fn layout(graph: &ErdGraph, opts: &LayoutOptions) -> Layout {
    // measure
    let sizes = sizes_of(graph);
    let index = graph.key_index();
    let (resolved, ends) = resolve(graph, &index);
    // components
    let n = graph.tables.len();
    let comps = components::components(n, resolved.iter().map(|r| (r.from, r.to)));
    let mut comp_of = vec![0usize; n];
    let mut local = vec![0usize; n];
    for (ci, c) in comps.iter().enumerate() {
        for (li, &g) in c.iter().enumerate() {
            comp_of[g] = ci;
            local[g] = li;
        }
    }
    let mut inner: Vec<Vec<&Resolved>> = vec![Vec::new(); comps.len()];
    for r in &resolved {
        inner[comp_of[r.from]].push(r);
    }
    // p1..p5 per component
    let laid: Vec<ComponentLayout> =
        comps.iter().zip(&inner).map(|(c, e)| layout_component(c, &local, &sizes, e, opts)).collect();
    // pack
    let rects: Vec<(f64, f64)> = laid.iter().map(|c| (c.width, c.height)).collect();
    let notes: Vec<String> = if laid.iter().any(|c| c.simplified) { vec![SIMPLIFIED_NOTE.to_string()] } else { Vec::new() };
    let offsets = components::pack(&rects, opts.component_gap);
    let m = opts.margin;
    let mut tables = table_boxes(graph, &sizes);
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); graph.edges.len()];
    for (c, off) in laid.into_iter().zip(&offsets) {
        let (dx, dy) = (off[0] + m, off[1] + m);
        for (g, p) in c.boxes {
            tables[g].x = p[0] + dx;
            tables[g].y = p[1] + dy;
        }
        for (id, mut pts) in c.edges {
            translate(&mut pts, dx, dy);
            points[id] = pts;
        }
    }
    // pins
    let pinned = apply_pins(&index, &mut tables, opts);
    // dangling stubs (after pins so they follow a moved box)
    stubs(graph, &ends, &tables, &mut points);
    if !pinned.is_empty() {
        reroute_pinned(&resolved, &tables, &pinned, &mut points, opts);
    }
    finish(graph, &ends, tables, points, notes, m)
}

/// Each table's box size (`measure`).
fn sizes_of(graph: &ErdGraph) -> Vec<(f64, f64)> {
    graph
        .tables
        .iter()
        .map(|t| {
            let m = measure::measure_table(t);
            (m.width, m.height)
        })
        .collect()
}

/// The edges whose two tables are both in the graph (with their ports), and every edge's two
/// table indices (`None`: not in the graph).
fn resolve(graph: &ErdGraph, index: &BTreeMap<&str, usize>) -> (Vec<Resolved>, Vec<Ends>) {
    let mut resolved = Vec::new();
    let mut ends: Vec<Ends> = Vec::with_capacity(graph.edges.len());
    for (id, e) in graph.edges.iter().enumerate() {
        let f = index.get(e.from.table.as_str()).copied();
        let t = index.get(e.to.table.as_str()).copied();
        ends.push((f, t));
        if let (Some(from), Some(to)) = (f, t) {
            resolved.push(Resolved {
                id,
                from,
                to,
                from_port: port(&graph.tables[from], &e.from.columns),
                to_port: port(&graph.tables[to], &e.to.columns),
            });
        }
    }
    (resolved, ends)
}

/// The graph's boxes at (0, 0), in graph order.
fn table_boxes(graph: &ErdGraph, sizes: &[(f64, f64)]) -> Vec<TableBox> {
    graph
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| TableBox {
            key: t.key.clone(),
            schema: t.schema.clone(),
            name: t.name.clone(),
            x: 0.0,
            y: 0.0,
            width: sizes[i].0,
            height: sizes[i].1,
            kind: t.kind,
            partitions: t.partitions,
        })
        .collect()
}

/// A short stub out of the known end of every edge with one table missing.
fn stubs(graph: &ErdGraph, ends: &[Ends], tables: &[TableBox], points: &mut [Vec<Point>]) {
    for (id, &(f, t)) in ends.iter().enumerate() {
        let stub = match (f, t) {
            (Some(f), None) => Some((f, &graph.edges[id].from.columns)),
            (None, Some(t)) => Some((t, &graph.edges[id].to.columns)),
            _ => None,
        };
        if let Some((ti, cols)) = stub {
            let b = &tables[ti];
            let y = b.y + port(&graph.tables[ti], cols).offset;
            let x = b.x + b.width;
            points[id] = vec![[x, y], [x + 36.0, y]];
        }
    }
}

/// The layout of placed boxes and routed edges: the drawing's size and the edges' ends.
fn finish(
    graph: &ErdGraph,
    ends: &[Ends],
    tables: Vec<TableBox>,
    mut points: Vec<Vec<Point>>,
    notes: Vec<String>,
    m: f64,
) -> Layout {
    let mut width: f64 = 0.0;
    let mut height: f64 = 0.0;
    for t in &tables {
        width = width.max(t.x + t.width);
        height = height.max(t.y + t.height);
    }
    for p in points.iter().flatten() {
        width = width.max(p[0]);
        height = height.max(p[1]);
    }
    let edges = graph
        .edges
        .iter()
        .enumerate()
        .map(|(id, e)| EdgeRoute {
            name: e.name.clone(),
            from: end_ref(graph, ends[id].0, &e.from),
            to: end_ref(graph, ends[id].1, &e.to),
            points: std::mem::take(&mut points[id]),
            dangling: ends[id].0.is_none() || ends[id].1.is_none(),
            dependency: e.dependency,
        })
        .collect();
    Layout { width: (width + m).ceil(), height: (height + m).ceil(), tables, edges, notes }
}

/// [`layout`] followed by [`verify::verify`]: the layout, and the verifier's complaint if it has
/// one. A failed check is reported, never a panic (in any build): the drawing is still usable,
/// only less tidy (`schemaplay erd` prints the complaint as a warning on stderr).
pub fn layout_verified(graph: &ErdGraph, opts: &LayoutOptions) -> (Layout, Result<(), String>) {
    let out = layout(graph, opts);
    let check = verify::verify(graph, &out, &opts.positions);
    (out, check)
}

/// Moves pinned boxes; returns the indices of the tables that moved.
fn apply_pins(
    index: &BTreeMap<&str, usize>,
    tables: &mut [TableBox],
    opts: &LayoutOptions,
) -> Vec<usize> {
    let mut moved = Vec::new();
    for (key, p) in &opts.positions {
        if let Some(&i) = index.get(key.as_str()) {
            let (x, y) = (clean(p[0]), clean(p[1]));
            if tables[i].x != x || tables[i].y != y {
                tables[i].x = x;
                tables[i].y = y;
                moved.push(i);
            }
        }
    }
    moved.sort_unstable();
    moved
}

fn clean(v: f64) -> f64 {
    if v.is_finite() { v.clamp(0.0, 1.0e7) } else { 0.0 }
}

fn reroute_pinned(
    resolved: &[Resolved],
    tables: &[TableBox],
    pinned: &[usize],
    points: &mut [Vec<Point>],
    opts: &LayoutOptions,
) {
    let mut is_pinned = vec![false; tables.len()];
    for &p in pinned {
        is_pinned[p] = true;
    }
    let rects: Vec<verify::Rect> = tables.iter().map(|t| [t.x, t.y, t.width, t.height]).collect();
    let pinned_rects: Vec<verify::Rect> = pinned.iter().map(|&p| rects[p]).collect();
    for r in resolved {
        let touches = is_pinned[r.from] || is_pinned[r.to];
        let crosses = !touches
            && points[r.id].windows(2).any(|s| pinned_rects.iter().any(|b| verify::segment_hits_rect(s[0], s[1], *b, 0.5)));
        if !(touches || crosses) {
            continue;
        }
        points[r.id] = route_alone(r, &rects, &opts.route);
    }
}

/// Edge `r` routed on its own among the boxes `rects` (a loop beside its box, else
/// `p5_routing::route_free`): for boxes the layered layout did not place.
fn route_alone(r: &Resolved, rects: &[verify::Rect], route: &RouteOptions) -> Vec<Point> {
    let fy = rects[r.from][1] + r.from_port.offset;
    let ty = rects[r.to][1] + r.to_port.offset;
    if r.from == r.to {
        let x = rects[r.from][0] + rects[r.from][2];
        let ty = if (fy - ty).abs() < 0.5 { fy + 6.0 } else { ty };
        vec![[x, fy], [x + route.end_margin, fy], [x + route.end_margin, ty], [x, ty]]
    } else {
        p5_routing::route_free(rects[r.from], fy, rects[r.to], ty, rects, route.end_margin * 2.0)
    }
}

