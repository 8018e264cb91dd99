//! What is in the DOM: only the boxes and edges near the viewport (which ones:
//! `erd::view::cull`), each remembering the SVG text it was made from, so a redraw inserts or
//! removes only the difference, a few frames' worth at a time.

use leptos::prelude::*;
use schemaplay_core::erd::view::{self, Rect};
use schemaplay_core::erd::cardinality::EndStyle;
use schemaplay_core::erd::{self, Detail, EdgeDraw, ErdGraph, Layout};
use std::collections::BTreeMap;
use web_sys::Element;

/// The SVG's two groups and, per table / edge index of the current drawing, the mounted element
/// with the text it was made from.
#[derive(Default)]
pub(super) struct Scene {
    pub svg: Option<Element>,
    pub edges_g: Option<Element>,
    pub tables_g: Option<Element>,
    /// Above the boxes: the highlighted relationships' routes and end rows (`erd::highlight`).
    pub hl_g: Option<Element>,
    pub tables: BTreeMap<usize, Mounted>,
    pub edges: BTreeMap<usize, Mounted>,
    /// Layout-space `[x0, y0, x1, y1]` the mounted set covers.
    pub region: Rect,
    pub detail: Option<Detail>,
    /// Wanted but not inserted yet (see [`flush_pending`]).
    pub pending_tables: Vec<(usize, String)>,
    pub pending_edges: Vec<(usize, String)>,
    pub flushing: bool,
}

pub(super) struct Mounted {
    pub el: Element,
    pub html: String,
}

/// Tables (and twice as many edges) inserted per frame.
pub(super) const CHUNK: usize = 80;

/// The SVG text of the boxes and edges within `region` at `detail` (relationship ends drawn as
/// `ends`), by index. Each edge carries its own hit path.
pub(super) fn pieces(graph: &ErdGraph, layout: &Layout, region: Rect, detail: Detail, ends: EndStyle) -> (BTreeMap<usize, String>, BTreeMap<usize, String>) {
    let (ti, ei) = view::cull(layout, region);
    let mut tables = BTreeMap::new();
    for i in ti {
        let (Some(t), Some(b)) = (graph.tables.get(i), layout.tables.get(i)) else { continue };
        let mut html = String::new();
        erd::render_table(&mut html, t, b, detail);
        tables.insert(i, html);
    }
    let mut edges = BTreeMap::new();
    for i in ei {
        let (Some(e), Some(r)) = (graph.edges.get(i), layout.edges.get(i)) else { continue };
        let mut html = String::new();
        erd::render_edge(&mut html, e, r, EdgeDraw { lite: detail != Detail::Full, ends, hit: true });
        edges.insert(i, html);
    }
    (tables, edges)
}

/// Inserts `htmls` (one element each) at the end of `parent`; returns the new elements in order.
fn append_all(parent: &Element, htmls: &[&str]) -> Vec<Element> {
    if htmls.is_empty() {
        return Vec::new();
    }
    let _ = parent.insert_adjacent_html("beforeend", &htmls.concat());
    let mut out = Vec::with_capacity(htmls.len());
    let mut cur = parent.last_element_child();
    while let Some(e) = cur {
        if out.len() == htmls.len() {
            break;
        }
        cur = e.previous_element_sibling();
        out.push(e);
    }
    out.reverse();
    out
}

/// Brings `mounted` towards exactly `want` (index → SVG text): unchanged pieces stay, changed
/// ones are replaced, the rest removed; at most `chunk` new pieces are inserted now, the others
/// are returned (inserted on the next frames, so a thousand boxes are not one long task).
pub(super) fn reconcile(
    parent: &Element,
    mounted: &mut BTreeMap<usize, Mounted>,
    want: BTreeMap<usize, String>,
    chunk: usize,
) -> Vec<(usize, String)> {
    mounted.retain(|i, m| {
        let keep = want.get(i).is_some_and(|h| *h == m.html);
        if !keep {
            m.el.remove();
        }
        keep
    });
    let mut new: Vec<(usize, String)> = want.into_iter().filter(|(i, _)| !mounted.contains_key(i)).collect();
    let rest = if new.len() > chunk { new.split_off(chunk) } else { Vec::new() };
    insert_all(parent, mounted, new);
    rest
}

fn insert_all(parent: &Element, mounted: &mut BTreeMap<usize, Mounted>, new: Vec<(usize, String)>) {
    let htmls: Vec<&str> = new.iter().map(|(_, h)| h.as_str()).collect();
    let els = append_all(parent, &htmls);
    for ((i, html), el) in new.into_iter().zip(els) {
        mounted.insert(i, Mounted { el, html });
    }
}

/// Inserts the next chunk of the scene's pending pieces, then `after` (re-apply selection and
/// highlight); repeats on the next frame until nothing is pending.
pub(super) fn flush_pending(scene: StoredValue<Scene, LocalStorage>, after: impl Fn() + Copy + 'static) {
    let more = scene.try_update_value(|s| {
        let mut t = std::mem::take(&mut s.pending_tables);
        let mut e = std::mem::take(&mut s.pending_edges);
        s.pending_tables = if t.len() > CHUNK { t.split_off(CHUNK) } else { Vec::new() };
        s.pending_edges = if e.len() > 2 * CHUNK { e.split_off(2 * CHUNK) } else { Vec::new() };
        if let Some(g) = s.tables_g.clone() {
            insert_all(&g, &mut s.tables, t);
        }
        if let Some(g) = s.edges_g.clone() {
            insert_all(&g, &mut s.edges, e);
        }
        let more = !s.pending_tables.is_empty() || !s.pending_edges.is_empty();
        s.flushing = more;
        more
    });
    after();
    if more == Some(true) {
        request_animation_frame(move || flush_pending(scene, after));
    }
}
