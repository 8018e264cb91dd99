//! The diagram view's plain maths, shared by the browser's Diagram tab (`src/diagram/`) and
//! tested here natively: pan and zoom ([`View`]), the detail level a zoom draws at
//! ([`detail_for`]), which boxes and edges are near the viewport ([`cull`]), the focus subgraph
//! ([`focus_graph`]) and where focus-mode positions are kept ([`focus_pos_key`]), table search
//! ([`find_table`]), the minimap's outline ([`minimap_path`]) and when a new drawing is re-fitted
//! ([`is_new_drawing`]).
//!
//! Coordinates: layout space is the engine's [`Layout`] (what `schemaplay erd` prints); screen
//! space is CSS pixels relative to the diagram's viewport; `screen = layout × k + (x, y)`.

use super::svg::Detail;
use super::{ErdGraph, ErdTable, Layout};
use std::collections::{BTreeMap, BTreeSet};

/// The zoom range of the view.
pub const MIN_ZOOM: f64 = 0.02;
pub const MAX_ZOOM: f64 = 4.0;
/// Below this zoom a box is drawn without text ([`Detail::Box`]: even at its largest, a label
/// would be a few pixels tall); below [`KEYS_ZOOM`] with its name only, centred and scaled
/// ([`Detail::Name`]); below [`FULL_ZOOM`] with its name and key columns ([`Detail::Keys`]);
/// below [`FULL_ZOOM`] edges are drawn without their end glyphs.
pub const NAME_ZOOM: f64 = 0.06;
pub const KEYS_ZOOM: f64 = 0.35;
pub const FULL_ZOOM: f64 = 0.5;
/// The on-screen size (CSS px) a scaled table name aims for, and the least it keeps when it
/// would reach past its box (see [`Detail`]).
pub const LABEL_PX: f64 = 12.0;
pub const LABEL_MIN_PX: f64 = 10.0;
/// How far a centred name ([`Detail::Name`]) may grow over its natural size: beyond this a far-out
/// label would cover its neighbours.
pub const MAX_LABEL_SCALE: f64 = 8.0;
/// How far a header name with key columns ([`Detail::Keys`]) may grow (about the header band).
pub const MAX_HEADER_SCALE: f64 = 2.0;
/// The culled region reaches this many viewport sizes beyond the viewport on every side.
pub const CULL_MARGIN: f64 = 0.3;

/// A layout-space rectangle `[x0, y0, x1, y1]`.
pub type Rect = [f64; 4];

/// Pan and zoom: screen = layout × k + (x, y), in CSS pixels relative to the viewport.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub k: f64,
}

impl Default for View {
    fn default() -> Self {
        View { x: 0.0, y: 0.0, k: 1.0 }
    }
}

impl View {
    /// The whole `lw × lh` drawing centred in a `w × h` viewport, never enlarged past 100 %;
    /// None while the viewport has no size.
    pub fn fit(w: f64, h: f64, lw: f64, lh: f64) -> Option<View> {
        if w <= 0.0 || h <= 0.0 {
            return None;
        }
        let (lw, lh) = (lw.max(1.0), lh.max(1.0));
        let k = (w / lw).min(h / lh).clamp(MIN_ZOOM, 1.0);
        Some(View { x: (w - lw * k) / 2.0, y: (h - lh * k) / 2.0, k })
    }

    /// Zoomed by `factor` (clamped to the zoom range) about the screen point `(cx, cy)`, which
    /// stays over the same layout point.
    pub fn zoomed_at(self, factor: f64, cx: f64, cy: f64) -> View {
        let k = (self.k * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let f = k / self.k;
        View { x: cx - (cx - self.x) * f, y: cy - (cy - self.y) * f, k }
    }

    /// The layout point under the screen point `(sx, sy)`.
    pub fn to_layout(self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.k, (sy - self.y) / self.k)
    }

    /// The layout point `(cx, cy)` at the centre of a `w × h` viewport, zoomed in to at least
    /// `min_k`.
    pub fn centred_on(self, cx: f64, cy: f64, w: f64, h: f64, min_k: f64) -> View {
        let k = self.k.max(min_k);
        View { x: w / 2.0 - cx * k, y: h / 2.0 - cy * k, k }
    }

    /// The view moved (same zoom) just enough that the layout rectangle `r` (`[x, y, w, h]`) is
    /// inside a `w × h` viewport with `margin` screen pixels around it; centred on it when it does
    /// not fit. Unchanged when it is already in view.
    pub fn showing(self, r: [f64; 4], w: f64, h: f64, margin: f64) -> View {
        let axis = |offset: f64, start: f64, len: f64, size: f64| {
            let (a, b) = (offset + start * self.k, offset + (start + len) * self.k);
            if b - a + 2.0 * margin > size {
                size / 2.0 - (start + len / 2.0) * self.k
            } else if a < margin {
                offset + margin - a
            } else if b > size - margin {
                offset - (b - (size - margin))
            } else {
                offset
            }
        };
        View { x: axis(self.x, r[0], r[2], w), y: axis(self.y, r[1], r[3], h), k: self.k }
    }

    /// A pinch that began as `self` with the fingers `d0` apart around the screen point
    /// `(mx, my)`, now `d` apart around `(nx, ny)`: the layout point first under the midpoint
    /// stays under the fingers.
    pub fn pinched(self, d0: f64, mx: f64, my: f64, d: f64, nx: f64, ny: f64) -> View {
        let k = (self.k * d / d0.max(1.0)).clamp(MIN_ZOOM, MAX_ZOOM);
        let (px, py) = self.to_layout(mx, my);
        View { x: nx - px * k, y: ny - py * k, k }
    }

    /// The layout-space rectangle a `w × h` viewport shows; everything while it has no size
    /// (not laid out yet: mount everything rather than guess what is visible).
    pub fn visible(self, w: f64, h: f64) -> Rect {
        if w > 0.0 && h > 0.0 {
            [-self.x / self.k, -self.y / self.k, (w - self.x) / self.k, (h - self.y) / self.k]
        } else {
            [-1.0e9, -1.0e9, 1.0e9, 1.0e9]
        }
    }

    /// The CSS transform that shows the layout this way.
    pub fn css_transform(self) -> String {
        format!("translate({:.2}px, {:.2}px) scale({:.5})", self.x, self.y, self.k)
    }
}

/// What a box shows at zoom `k`: as the view zooms out the other columns go first, then the
/// key columns, then the name.
pub fn detail_for(k: f64) -> Detail {
    if k < NAME_ZOOM {
        Detail::Box
    } else if k < KEYS_ZOOM {
        Detail::Name
    } else if k < FULL_ZOOM {
        Detail::Keys
    } else {
        Detail::Full
    }
}

/// The factors table names are scaled by at zoom `k`, `(least, wanted)`: the CSS variables
/// `--erd-lo` and `--erd-lbl` (see [`Detail`]), enough for [`LABEL_MIN_PX`] and [`LABEL_PX`] on
/// screen, never below natural size, at most [`MAX_LABEL_SCALE`] (centred names) or
/// [`MAX_HEADER_SCALE`] (header names over key columns); 1 where nothing scales.
pub fn label_scales(k: f64) -> (f64, f64) {
    let scale = |px: f64| px / (super::measure::HEADER_FONT_SIZE * k.max(MIN_ZOOM));
    let cap = match detail_for(k) {
        Detail::Name => MAX_LABEL_SCALE,
        Detail::Keys => MAX_HEADER_SCALE,
        Detail::Box | Detail::Full => 1.0,
    };
    (scale(LABEL_MIN_PX).clamp(1.0, cap), scale(LABEL_PX).clamp(1.0, cap))
}

/// The region mounted around the `visible` rectangle: [`CULL_MARGIN`] of its size on every side.
pub fn cull_region(visible: Rect) -> Rect {
    let (mx, my) = ((visible[2] - visible[0]) * CULL_MARGIN, (visible[3] - visible[1]) * CULL_MARGIN);
    [visible[0] - mx, visible[1] - my, visible[2] + mx, visible[3] + my]
}

/// Whether `outer` contains `inner`.
pub fn covers(outer: Rect, inner: Rect) -> bool {
    inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3]
}

/// Whether `a` and `b` overlap (touching counts).
pub fn intersects(a: Rect, b: Rect) -> bool {
    b[2] >= a[0] && b[0] <= a[2] && b[3] >= a[1] && b[1] <= a[3]
}

/// The tables and edges (indices into the layout) within `region`. An edge counts by its
/// polyline's bounding box, widened by its end glyphs and label; edges without points are never in.
pub fn cull(layout: &Layout, region: Rect) -> (Vec<usize>, Vec<usize>) {
    let tables = layout
        .tables
        .iter()
        .enumerate()
        .filter(|(_, b)| intersects(region, [b.x, b.y, b.x + b.width, b.y + b.height]))
        .map(|(i, _)| i)
        .collect();
    let edges = layout
        .edges
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let Some(first) = r.points.first() else { return false };
            let mut bb = [first[0], first[1], first[0], first[1]];
            for p in &r.points {
                bb = [bb[0].min(p[0]), bb[1].min(p[1]), bb[2].max(p[0]), bb[3].max(p[1])];
            }
            intersects(region, [bb[0] - 40.0, bb[1] - 20.0, bb[2] + 40.0, bb[3] + 20.0])
        })
        .map(|(i, _)| i)
        .collect();
    (tables, edges)
}

/// The focus subgraph: `key`, the tables it references or is referenced by, and the edges
/// among them (in the graph's order). Only edges whose two ends are drawn: a foreign key to a
/// table the schema lacks (a dangling stub in the full diagram) is left out, so the focus view and
/// its exports carry no stub.
pub fn focus_graph(g: &ErdGraph, key: &str) -> ErdGraph {
    let mut keep: BTreeSet<&str> = BTreeSet::new();
    keep.insert(key);
    for e in &g.edges {
        if e.from.table == key {
            keep.insert(&e.to.table);
        }
        if e.to.table == key {
            keep.insert(&e.from.table);
        }
    }
    let tables: Vec<ErdTable> = g.tables.iter().filter(|t| keep.contains(t.key.as_str())).cloned().collect();
    let drawn: BTreeSet<&str> = tables.iter().map(|t| t.key.as_str()).collect();
    let edges = g.edges.iter().filter(|e| drawn.contains(e.from.table.as_str()) && drawn.contains(e.to.table.as_str())).cloned().collect();
    ErdGraph { tables, edges }
}

/// Where a table dragged in focus mode (focused on `focus`) is stored among the playground's
/// positions: a key no table has, so the full diagram ignores it.
pub fn focus_pos_key(focus: &str, table: &str) -> String {
    format!("{focus}\u{1f}{table}")
}

/// The pins of the focus view on `focus`, from the playground's positions (keyed by
/// [`focus_pos_key`]).
pub fn focus_pins(positions: &BTreeMap<String, (f64, f64)>, focus: &str) -> BTreeMap<String, [f64; 2]> {
    let prefix = focus_pos_key(focus, "");
    positions
        .range(prefix.clone()..)
        .map_while(|(k, (x, y))| k.strip_prefix(&prefix).map(|t| (t.to_string(), [*x, *y])))
        .collect()
}

/// The layout's pins (`LayoutOptions::positions`) from the playground's positions.
pub fn pins_of(positions: &BTreeMap<String, (f64, f64)>) -> BTreeMap<String, [f64; 2]> {
    crate::sort::map(positions.iter().map(|(k, (x, y))| (k.clone(), [*x, *y])))
}

/// A position as stored (to a tenth of a pixel, so links stay short).
pub fn round_pos(x: f64, y: f64) -> (f64, f64) {
    ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
}

/// Where a box that was at `(ox, oy)` goes when the pointer moved `(dx, dy)` screen pixels at
/// zoom `k` (never left of or above the drawing's origin).
pub fn dragged(ox: f64, oy: f64, dx: f64, dy: f64, k: f64) -> (f64, f64) {
    ((ox + dx / k).max(0.0), (oy + dy / k).max(0.0))
}

/// The table a search for `query` finds: an exact name or key (any case), else the first name
/// starting with it, else the first key containing it. None for a blank query.
pub fn find_table(g: &ErdGraph, query: &str) -> Option<String> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return None;
    }
    let t = &g.tables;
    t.iter()
        .find(|t| t.name.to_lowercase() == q || t.key.to_lowercase() == q)
        .or_else(|| t.iter().find(|t| t.name.to_lowercase().starts_with(&q)))
        .or_else(|| t.iter().find(|t| t.key.to_lowercase().contains(&q)))
        .map(|t| t.key.clone())
}

/// Whether `new` is a different schema from `old` (pasted, an example loaded: fewer than half
/// its tables were in `old`), so it is fitted afresh; an edit that adds or renames a few tables
/// keeps the view.
pub fn is_new_drawing(old: &ErdGraph, new: &ErdGraph) -> bool {
    super::incremental::is_new(old.tables.iter().map(|t| t.key.as_str()), new)
}

/// Every box of the layout as one SVG path (a thousand `<rect>`s would be a thousand elements).
pub fn minimap_path(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut path = String::with_capacity(layout.tables.len() * 24);
    for b in &layout.tables {
        let (w, h) = (b.width.max(1.0), b.height.max(1.0));
        let _ = write!(path, "M{:.0} {:.0}h{:.0}v{:.0}h{:.0}Z", b.x, b.y, w, h, -w);
    }
    path
}

/// The height an embed asks for: the drawing fitted to the frame's width `vw` (never enlarged),
/// between 160 and 1,600 px.
pub fn natural_height(vw: f64, lw: f64, lh: f64) -> f64 {
    let k = if vw > 0.0 { (vw / lw.max(1.0)).min(1.0) } else { 1.0 };
    (lh.max(1.0) * k).clamp(160.0, 1600.0)
}

/// What an exported diagram is named after: the opened file's name without its extension(s) and
/// a trailing `structure` / `schema` / `dump` word (`danbooru_structure.sql` → `danbooru`), else the
/// one schema the tables are in when it is not a default one (`public`, `main`, `dbo`), else
/// `schema` ([`super::measure::DEFAULT_SCHEMAS`]). Only letters, digits, `_`, `-` and `.` are kept (anything else becomes `-`).
pub fn export_stem<'a>(file_name: Option<&str>, mut table_schemas: impl Iterator<Item = Option<&'a str>>) -> String {
    const WORDS: [&str; 5] = ["structure", "schema", "dump", "ddl", "db"];
    let from_file = file_name.map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f)).map(|f| f.split('.').next().unwrap_or(f)).map(|f| {
        let mut f = f;
        for w in WORDS {
            if let Some(rest) = f.strip_suffix(w).filter(|r| r.ends_with(['_', '-', '.'])) {
                f = rest.trim_end_matches(['_', '-', '.']);
            }
        }
        f
    });
    let one_schema = || {
        let first = table_schemas.next()??;
        (!super::measure::is_default_schema(first) && table_schemas.all(|s| s == Some(first))).then_some(first)
    };
    let stem = from_file.filter(|f| !f.is_empty()).or_else(one_schema).unwrap_or("schema");
    file_safe(stem)
}

fn file_safe(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '-' }).collect();
    let s = s.trim_matches(['-', '.']);
    if s.is_empty() { "schema".into() } else { s.chars().take(80).collect() }
}

/// An export's file name: `<stem>-diagram.<ext>`, or `<stem>-focus-<table>.<ext>` for a focus
/// view (the table's key, made file-safe).
pub fn export_file_name(stem: &str, focus: Option<&str>, ext: &str) -> String {
    match focus {
        Some(t) => format!("{stem}-focus-{}.{ext}", file_safe(t)),
        None => format!("{stem}-diagram.{ext}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{layout, ErdEdge, ErdTable, LayoutOptions};

    fn shop() -> ErdGraph {
        ErdGraph {
            tables: vec![
                ErdTable::new("users").col("id", "int"),
                ErdTable::new("orders").col("id", "int").col("user_id", "int"),
                ErdTable::new("items").col("id", "int").col("order_id", "int"),
                ErdTable::new("audit").col("id", "int"),
            ],
            edges: vec![ErdEdge::new("orders", &[1], "users", &[0]), ErdEdge::new("items", &[1], "orders", &[0])],
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn showing_moves_a_box_into_view_as_little_as_needed() {
        let v = View { x: 0.0, y: 0.0, k: 0.5 };
        // already in view: unchanged
        assert_eq!(v.showing([100.0, 100.0, 200.0, 100.0], 800.0, 600.0, 20.0), v);
        // right of the viewport: moved left until its right side is 20 px inside
        let s = v.showing([2000.0, 100.0, 200.0, 100.0], 800.0, 600.0, 20.0);
        assert_eq!((s.x + 2200.0 * 0.5, s.y, s.k), (780.0, 0.0, 0.5));
        // above and left: moved until its top-left is 20 px inside
        let s = View { x: -500.0, y: -500.0, k: 1.0 }.showing([100.0, 100.0, 50.0, 50.0], 800.0, 600.0, 20.0);
        assert_eq!((s.x + 100.0, s.y + 100.0), (20.0, 20.0));
        // larger than the viewport: centred
        let s = View { x: 0.0, y: 0.0, k: 1.0 }.showing([0.0, 0.0, 100.0, 2000.0], 800.0, 600.0, 20.0);
        assert_eq!(s.y + 1000.0, 300.0);
    }

    #[test]
    fn fit_centres_and_never_enlarges() {
        let v = View::fit(800.0, 600.0, 400.0, 300.0).unwrap();
        assert_eq!(v.k, 1.0);
        assert_eq!((v.x, v.y), (200.0, 150.0));
        let v = View::fit(800.0, 600.0, 1600.0, 600.0).unwrap();
        assert!(close(v.k, 0.5));
        // the drawing's width fills the viewport, its height is centred
        assert!(close(v.x, 0.0) && close(v.y, (600.0 - 300.0) / 2.0));
        assert_eq!(View::fit(0.0, 600.0, 10.0, 10.0), None);
        assert_eq!(View::fit(800.0, 600.0, 1.0e9, 1.0e9).unwrap().k, MIN_ZOOM);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = View { x: 13.0, y: -7.0, k: 0.8 };
        let before = v.to_layout(300.0, 200.0);
        let z = v.zoomed_at(1.25, 300.0, 200.0);
        assert!(close(z.k, 1.0));
        let after = z.to_layout(300.0, 200.0);
        assert!(close(before.0, after.0) && close(before.1, after.1));
        assert_eq!(v.zoomed_at(1000.0, 0.0, 0.0).k, MAX_ZOOM);
        assert_eq!(v.zoomed_at(1.0e-6, 0.0, 0.0).k, MIN_ZOOM);
    }

    #[test]
    fn pinch_keeps_the_layout_point_under_the_fingers() {
        let start = View { x: 40.0, y: 10.0, k: 0.5 };
        let p = start.to_layout(200.0, 100.0);
        // the fingers spread to twice the distance and moved 30 px right
        let v = start.pinched(100.0, 200.0, 100.0, 200.0, 230.0, 100.0);
        assert!(close(v.k, 1.0));
        let q = v.to_layout(230.0, 100.0);
        assert!(close(p.0, q.0) && close(p.1, q.1));
    }

    #[test]
    fn centring_puts_the_point_in_the_middle() {
        let v = View { x: 0.0, y: 0.0, k: 0.3 }.centred_on(500.0, 400.0, 1000.0, 600.0, 0.6);
        assert_eq!(v.k, 0.6);
        assert_eq!(v.to_layout(500.0, 300.0), (500.0, 400.0));
        // already closer than the minimum: the zoom is kept
        assert_eq!(View { x: 0.0, y: 0.0, k: 2.0 }.centred_on(0.0, 0.0, 10.0, 10.0, 0.6).k, 2.0);
    }

    #[test]
    fn visible_region_and_margin() {
        let v = View { x: -100.0, y: -50.0, k: 2.0 };
        let r = v.visible(400.0, 200.0);
        assert_eq!(r, [50.0, 25.0, 250.0, 125.0]);
        let c = cull_region(r);
        assert_eq!(c, [50.0 - 60.0, 25.0 - 30.0, 250.0 + 60.0, 125.0 + 30.0]);
        assert!(covers(c, r) && !covers(r, c));
        assert!(covers(v.visible(0.0, 0.0), c), "unsized: everything");
        assert_eq!(v.css_transform(), "translate(-100.00px, -50.00px) scale(2.00000)");
    }

    #[test]
    fn detail_levels_follow_the_zoom() {
        assert_eq!(detail_for(MIN_ZOOM), Detail::Box);
        assert_eq!(detail_for(NAME_ZOOM - 0.01), Detail::Box);
        assert_eq!(detail_for(NAME_ZOOM), Detail::Name);
        assert_eq!(detail_for(KEYS_ZOOM - 0.01), Detail::Name);
        assert_eq!(detail_for(KEYS_ZOOM), Detail::Keys);
        assert_eq!(detail_for(FULL_ZOOM - 0.01), Detail::Keys);
        assert_eq!(detail_for(FULL_ZOOM), Detail::Full);
        assert_eq!(detail_for(MAX_ZOOM), Detail::Full);
        // the two views of a 66-table dump: Fit (13 %) and Focus (30 %) show names
        assert_eq!(detail_for(0.13), Detail::Name);
        assert_eq!(detail_for(0.30), Detail::Name);
    }

    /// On-screen sizes of a scaled name at zoom `k`: (where it would reach past its box, where not).
    fn name_px(k: f64) -> (f64, f64) {
        let (lo, hi) = label_scales(k);
        let f = crate::erd::measure::HEADER_FONT_SIZE * k;
        (f * lo, f * hi)
    }

    #[test]
    fn names_keep_a_readable_size_while_the_boxes_shrink() {
        // Every zoom where names are drawn, sampled finely: at least 9 px on screen down to the
        // zoom where the scale reaches its cap, never smaller than the unscaled name.
        let f = crate::erd::measure::HEADER_FONT_SIZE * MAX_LABEL_SCALE;
        let (full_hi, full_lo) = ((LABEL_PX / f)..KEYS_ZOOM, (LABEL_MIN_PX / f)..KEYS_ZOOM);
        let mut k = NAME_ZOOM;
        while k < 2.0 {
            let (lo, hi) = name_px(k);
            let natural = crate::erd::measure::HEADER_FONT_SIZE * k;
            assert!(lo >= natural - 1e-9 && lo <= hi, "k={k}: {lo} {hi} {natural}");
            if full_hi.contains(&k) {
                assert!((hi - LABEL_PX).abs() < 1e-6, "k={k}: {hi} px");
            }
            if full_lo.contains(&k) {
                assert!((lo - LABEL_MIN_PX).abs() < 1e-6, "k={k}: {lo} px");
            }
            assert!(lo >= 6.0, "k={k}: {lo} px is not legible");
            k += 0.005;
        }
        for k in [0.13, 0.30] {
            assert!(name_px(k).0 >= LABEL_MIN_PX - 1e-9 && name_px(k).1 >= LABEL_PX - 1e-9, "Fit and Focus of the issue: {k}");
        }
        assert!(name_px(KEYS_ZOOM).0 >= 9.0, "{:?}", name_px(KEYS_ZOOM));
        // the cap: far out a label stops growing; in full detail nothing scales
        assert_eq!(label_scales(NAME_ZOOM), (MAX_LABEL_SCALE, MAX_LABEL_SCALE));
        assert_eq!(label_scales(0.36), (MAX_HEADER_SCALE, MAX_HEADER_SCALE));
        assert_eq!(label_scales(FULL_ZOOM), (1.0, 1.0));
        assert_eq!(label_scales(MIN_ZOOM), (1.0, 1.0));
    }

    #[test]
    fn cull_keeps_what_is_near_the_region() {
        let g = shop();
        let l = layout(&g, &LayoutOptions::default());
        let everything = [-1.0e9, -1.0e9, 1.0e9, 1.0e9];
        let (t, e) = cull(&l, everything);
        assert_eq!(t, (0..g.tables.len()).collect::<Vec<_>>());
        assert_eq!(e, (0..g.edges.len()).collect::<Vec<_>>());
        // a region around one box holds that box only
        let b = &l.tables[3];
        let (t, _) = cull(&l, [b.x + 1.0, b.y + 1.0, b.x + 2.0, b.y + 2.0]);
        let expected: Vec<usize> = l
            .tables
            .iter()
            .enumerate()
            .filter(|(_, o)| intersects([b.x + 1.0, b.y + 1.0, b.x + 2.0, b.y + 2.0], [o.x, o.y, o.x + o.width, o.y + o.height]))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(t, expected);
        assert!(t.contains(&3));
        // far away: nothing
        assert_eq!(cull(&l, [1.0e6, 1.0e6, 1.0e6 + 1.0, 1.0e6 + 1.0]), (vec![], vec![]));
    }

    #[test]
    fn focus_keeps_neighbours_and_their_edges() {
        let g = shop();
        let f = focus_graph(&g, "orders");
        let keys: Vec<&str> = f.tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["users", "orders", "items"]);
        assert_eq!(f.edges, g.edges);
        let f = focus_graph(&g, "users");
        let keys: Vec<&str> = f.tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["users", "orders"]);
        assert_eq!(f.edges, vec![g.edges[0].clone()]);
        let f = focus_graph(&g, "audit");
        assert_eq!(f.tables.len(), 1);
        assert!(f.edges.is_empty());
    }

    /// Focus exports carry no dangling stub: the focused table's and its neighbours' foreign keys
    /// to tables the schema lacks are left out; what is laid out has only edges between two boxes.
    #[test]
    fn focus_has_no_dangling_edges() {
        let mut g = shop();
        g.edges.push(ErdEdge::new("orders", &[1], "ghost", &[0]));
        g.edges.push(ErdEdge::new("items", &[1], "phantom", &[0]));
        g.edges.push(ErdEdge::new("orders", &[0], "orders", &[0]));
        // the full diagram draws both stubs
        assert_eq!(layout(&g, &LayoutOptions::default()).edges.iter().filter(|r| r.dangling).count(), 2);
        for t in &g.tables {
            let f = focus_graph(&g, &t.key);
            let keys: BTreeSet<&str> = f.tables.iter().map(|t| t.key.as_str()).collect();
            assert!(f.edges.iter().all(|e| keys.contains(e.from.table.as_str()) && keys.contains(e.to.table.as_str())), "{}", t.key);
            let l = layout(&f, &LayoutOptions::default());
            assert!(l.edges.iter().all(|r| !r.dangling), "{}", t.key);
            let svg = crate::erd::render_svg(&f, &l, &Default::default());
            assert!(!svg.contains("class=\"edge dangling") && !svg.contains("class=\"missing\""), "{}", t.key);
        }
        // the self-reference stays (both its ends are drawn)
        assert!(focus_graph(&g, "orders").edges.iter().any(|e| e.from.table == "orders" && e.to.table == "orders"));
    }

    #[test]
    fn focus_positions_are_kept_apart() {
        let mut p = BTreeMap::new();
        p.insert("orders".to_string(), (1.0, 2.0));
        p.insert(focus_pos_key("orders", "users"), (3.0, 4.0));
        p.insert(focus_pos_key("orders", "items"), (5.0, 6.0));
        p.insert(focus_pos_key("ordersx", "users"), (7.0, 8.0));
        p.insert("zzz".to_string(), (9.0, 9.0));
        let pins = focus_pins(&p, "orders");
        assert_eq!(pins.len(), 2);
        assert_eq!(pins["users"], [3.0, 4.0]);
        assert_eq!(pins["items"], [5.0, 6.0]);
        assert_eq!(pins_of(&p).len(), p.len());
        assert_eq!(pins_of(&p)["orders"], [1.0, 2.0]);
        // the full diagram ignores focus keys: no table is named like one
        assert!(!shop().tables.iter().any(|t| t.key == focus_pos_key("orders", "users")));
    }

    #[test]
    fn drag_and_rounding() {
        assert_eq!(dragged(100.0, 50.0, 40.0, -20.0, 2.0), (120.0, 40.0));
        assert_eq!(dragged(10.0, 10.0, -400.0, -400.0, 1.0), (0.0, 0.0));
        assert_eq!(round_pos(1.234, 5.678), (1.2, 5.7));
    }

    #[test]
    fn search_prefers_exact_then_prefix_then_substring() {
        let mut g = shop();
        g.tables.push(ErdTable::new("user_roles"));
        assert_eq!(find_table(&g, " USERS ").as_deref(), Some("users"));
        assert_eq!(find_table(&g, "ord").as_deref(), Some("orders"));
        assert_eq!(find_table(&g, "roles").as_deref(), Some("user_roles"));
        assert_eq!(find_table(&g, "nothing"), None);
        assert_eq!(find_table(&g, "  "), None);
    }

    #[test]
    fn a_few_new_tables_keep_the_view() {
        let g = shop();
        let mut edited = g.clone();
        edited.tables.push(ErdTable::new("payments"));
        assert!(!is_new_drawing(&g, &edited));
        let other = ErdGraph { tables: vec![ErdTable::new("a"), ErdTable::new("b"), ErdTable::new("users")], edges: vec![] };
        assert!(is_new_drawing(&g, &other));
    }

    #[test]
    fn minimap_draws_every_box() {
        let l = layout(&shop(), &LayoutOptions::default());
        let p = minimap_path(&l);
        assert_eq!(p.matches('M').count(), l.tables.len());
        let b = &l.tables[0];
        assert!(p.starts_with(&format!("M{:.0} {:.0}h{:.0}", b.x, b.y, b.width)));
    }

    #[test]
    fn exports_are_named_after_the_schema_and_the_view() {
        let none = || std::iter::empty::<Option<&str>>();
        assert_eq!(export_stem(Some("danbooru_structure.sql"), none()), "danbooru");
        assert_eq!(export_stem(Some("dumps/shop-schema.dump.sql"), none()), "shop");
        assert_eq!(export_stem(Some("C:\\x\\mattermost-postgresql-5.0.sql"), none()), "mattermost-postgresql-5");
        assert_eq!(export_stem(Some("structure.sql"), none()), "structure", "a name that is only the word stays");
        assert_eq!(export_stem(Some("my app.prisma"), none()), "my-app");
        // no file: the one non-default schema, else "schema"
        assert_eq!(export_stem(None, [Some("billing"), Some("billing")].into_iter()), "billing");
        assert_eq!(export_stem(None, [Some("billing"), Some("auth")].into_iter()), "schema");
        assert_eq!(export_stem(None, [Some("public"), Some("public")].into_iter()), "schema");
        assert_eq!(export_stem(None, [None, None].into_iter()), "schema");
        assert_eq!(export_stem(None, none()), "schema");
        assert_eq!(export_stem(Some("<script>.sql"), none()), "script");
        assert_eq!(export_file_name("danbooru", None, "png"), "danbooru-diagram.png");
        assert_eq!(export_file_name("danbooru", Some("users"), "svg"), "danbooru-focus-users.svg");
        assert_eq!(export_file_name("x", Some("auth.\"User\""), "svg"), "x-focus-auth.-User.svg");
    }

    #[test]
    fn embed_height_is_bounded() {
        assert_eq!(natural_height(500.0, 1000.0, 800.0), 400.0);
        assert_eq!(natural_height(500.0, 100.0, 100.0), 160.0);
        assert_eq!(natural_height(0.0, 100.0, 5000.0), 1600.0);
    }
}
