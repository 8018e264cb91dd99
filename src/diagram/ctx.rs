//! The diagram's view state: every signal and handle the panel's pieces share, in one `Copy`
//! struct, with the operations on it (fit, zoom, highlight, selection, culling).

use super::cache::Drawing;
use super::gestures::Gesture;
use super::scene::{self, Scene, CHUNK};
use crate::state::AppState;
use leptos::html::Div;
use leptos::prelude::*;
use schemaplay_core::erd::view::{self, View};
use schemaplay_core::erd::{highlight, Detail, ErdGraph};
use schemaplay_core::span::LineIndex;
use std::collections::BTreeSet;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::Element;

#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub state: AppState,
    /// The app's tools; none in a docs-page embed (the diagram only pans and zooms).
    pub tools: Option<super::Tools>,
    pub focus: RwSignal<Option<String>>,
    pub selected: RwSignal<Option<String>>,
    pub search: RwSignal<String>,
    pub search_miss: RwSignal<bool>,
    pub outline_open: RwSignal<bool>,
    pub viewport: NodeRef<Div>,
    pub stage: NodeRef<Div>,
    /// A failure of this panel's own work (the graph, drawing it, an export); Retry clears it and
    /// bumps `retry`, which makes the graph and the layout be made again.
    pub failure: RwSignal<Option<String>>,
    pub retry: RwSignal<u64>,
    /// The full diagram's graph (follows the analysis one task later).
    pub full: RwSignal<Arc<ErdGraph>>,
    pub drawing: Memo<Drawing>,
    pub view: RwSignal<View>,
    pub vp_size: RwSignal<(f64, f64)>,
    pub scene: StoredValue<Scene, LocalStorage>,
    pub gesture: StoredValue<Gesture, LocalStorage>,
    /// Touch pointers down on the viewport: id → position.
    pub touches: StoredValue<Vec<(i32, f64, f64)>>,
    pub hovered: StoredValue<Option<String>>,
    /// The selected table's edit panel is open (`edit`).
    pub editing: RwSignal<bool>,
    /// What the last edit from the diagram said.
    pub edit_note: RwSignal<Option<super::edit::Note>>,
    /// The table under the pointer (its rows' relationship handles show, `overlay`).
    pub hover_key: RwSignal<Option<String>>,
    /// A relationship being dragged from a handle.
    pub link: RwSignal<Option<super::overlay::Link>>,
    /// The column whose inline editor is open.
    pub inline: RwSignal<Option<super::overlay::Inline>>,
    /// The box whose findings badge is open (its list shows).
    pub badge_open: RwSignal<Option<String>>,
    /// The accessible name of the diagram control that made the last edit: it gets the focus
    /// back once the edit's analysis has re-drawn the panel (`edit::keep_focus`).
    pub refocus: StoredValue<Option<String>>,
    /// A table just added from the toolbar: once drawn, the view moves to show it (`reveal`).
    pub reveal: StoredValue<Option<String>>,
}

impl Ctx {
    /// A docs-page embed: the diagram only pans and zooms.
    pub fn embed(self) -> bool {
        self.tools.is_none()
    }

    /// The viewport's size (remembered in `vp_size`).
    pub fn measure(self) -> (f64, f64) {
        if let Some(v) = self.viewport.try_get_untracked().flatten() {
            let r = v.get_bounding_client_rect();
            self.vp_size.try_set((r.width(), r.height()));
            return (r.width(), r.height());
        }
        self.vp_size.try_get_untracked().unwrap_or_default()
    }

    pub fn fit(self) {
        let (w, h) = self.measure();
        let Some((lw, lh)) = self.drawing.try_with_untracked(|d| (d.layout.width, d.layout.height)) else {
            return;
        };
        // the view's sticky notes are in what is fitted (a DBML input's stand right of the boxes)
        let (lw, lh) = schemaplay_core::erd::decor::bounds_with_notes(lw, lh, &super::notes::for_export(self));
        if let Some(v) = View::fit(w, h, lw, lh) {
            self.view.try_set(v);
        }
    }

    pub fn zoom_at(self, factor: f64, cx: f64, cy: f64) {
        self.view.update(|v| *v = v.zoomed_at(factor, cx, cy));
    }

    pub fn zoom_center(self, factor: f64) {
        let (w, h) = self.measure();
        self.zoom_at(factor, w / 2.0, h / 2.0);
    }

    /// Viewport-relative position of a pointer.
    pub fn local(self, x: f64, y: f64) -> (f64, f64) {
        let Some(vp) = self.viewport.try_get_untracked().flatten() else { return (x, y) };
        let r = vp.get_bounding_client_rect();
        (x - r.left(), y - r.top())
    }

    pub fn table_index(self, key: &str) -> Option<usize> {
        self.drawing.with_untracked(|d| d.graph.tables.iter().position(|t| t.key == key))
    }

    /// The key a dragged table's position is stored under (focus mode keeps its own arrangement).
    pub fn pos_key(self, key: &str) -> String {
        match self.focus.get_untracked() {
            Some(f) if self.drawing.with_untracked(|d| d.focused) => view::focus_pos_key(&f, key),
            _ => key.to_string(),
        }
    }

    /// What failed, if anything: the schema's parse (`true`: the analysis) or this panel's work.
    pub fn failed(self) -> Option<(String, bool)> {
        if let Some(f) = self.state.failure.get().filter(|f| f.parse) {
            return Some((f.message, true));
        }
        self.failure.get().or_else(|| self.drawing.with(|d| d.failed.clone())).map(|m| (m, false))
    }

    // Highlight: a table, its edges and neighbours; or an edge and its two tables.
    pub fn clear_highlight(self) {
        if let Some(s) = self.stage.try_get_untracked().flatten() {
            if let Ok(list) = s.query_selector_all(".hl, .hl-n") {
                for i in 0..list.length() {
                    if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        let _ = e.class_list().remove_2("hl", "hl-n");
                    }
                }
            }
            let _ = s.class_list().remove_1("hovering");
        }
        self.paint_highlight(&[], false);
    }

    /// Draws the routes of `edges` (and, with `rows`, their end columns' rows) above the boxes:
    /// each highlighted edge end to end, even along a trunk it shares (`erd::highlight`).
    fn paint_highlight(self, edges: &[usize], rows: bool) {
        let _ = self.scene.try_with_value(|s| {
            let Some(layer) = &s.hl_g else { return };
            let html = if edges.is_empty() {
                String::new()
            } else {
                let rows = rows && s.detail.is_some_and(|d| d >= Detail::Keys);
                self.drawing.with_untracked(|d| highlight::highlight(&d.graph, &d.layout, edges, rows))
            };
            layer.set_inner_html(&html);
        });
    }

    fn highlight_tables(self, keys: &BTreeSet<String>, main: &BTreeSet<String>) {
        self.drawing.with_untracked(|d| {
            self.scene.with_value(|s| {
                for (i, m) in &s.tables {
                    let Some(t) = d.graph.tables.get(*i) else { continue };
                    if main.contains(&t.key) {
                        let _ = m.el.class_list().add_1("hl");
                    } else if keys.contains(&t.key) {
                        let _ = m.el.class_list().add_1("hl-n");
                    }
                }
            })
        });
    }

    fn set_hovering(self) {
        if let Some(s) = self.stage.try_get_untracked().flatten() {
            let _ = s.class_list().add_1("hovering");
        }
    }

    pub fn highlight_table(self, key: &str) {
        self.clear_highlight();
        let mut keys = BTreeSet::new();
        let mut routes = Vec::new();
        self.drawing.with_untracked(|d| {
            self.scene.with_value(|s| {
                for (i, e) in d.graph.edges.iter().enumerate() {
                    if e.from.table == key || e.to.table == key {
                        if let Some(m) = s.edges.get(&i) {
                            let _ = m.el.class_list().add_1("hl");
                            routes.push(i);
                        }
                        keys.insert(e.from.table.clone());
                        keys.insert(e.to.table.clone());
                    }
                }
            })
        });
        let main: BTreeSet<String> = [key.to_string()].into();
        self.highlight_tables(&keys, &main);
        self.paint_highlight(&routes, false);
        self.set_hovering();
    }

    /// The hovered edge (its own hit path is under the pointer), its two tables, and its whole
    /// route with its two end columns above everything.
    pub fn highlight_edge(self, edge: &Element) {
        self.clear_highlight();
        let _ = edge.class_list().add_1("hl");
        let index = self.scene.with_value(|s| s.edges.iter().find(|(_, m)| m.el.is_same_node(Some(edge))).map(|(i, _)| *i));
        self.paint_highlight(&index.into_iter().collect::<Vec<_>>(), true);
        let keys: BTreeSet<String> =
            [edge.get_attribute("data-from").unwrap_or_default(), edge.get_attribute("data-to").unwrap_or_default()].into();
        self.highlight_tables(&BTreeSet::new(), &keys);
        self.set_hovering();
    }

    /// Selects, hovers and highlights `key` (a search hit, an outline entry).
    pub fn pick(self, key: &str) {
        self.selected.set(Some(key.to_string()));
        self.hovered.set_value(Some(key.to_string()));
        self.highlight_table(key);
    }

    pub fn mark_selected(self) {
        let sel = self.selected.try_get_untracked().flatten();
        let _ = self.drawing.try_with_untracked(|d| {
            self.scene.try_with_value(|s| {
                for (i, m) in &s.tables {
                    let on = sel.as_deref().is_some_and(|k| d.graph.tables.get(*i).is_some_and(|t| t.key == k));
                    let _ = m.el.class_list().toggle_with_force("selected", on);
                }
            })
        });
    }

    /// Culling: mount the boxes and edges within the viewport plus a margin, at the zoom's
    /// detail. `force`: the drawing changed (re-check every mounted piece's text).
    pub fn sync(self, force: bool) {
        let Some(v) = self.view.try_get_untracked() else { return };
        let (w, h) = self.measure();
        let visible = v.visible(w, h);
        let detail = view::detail_for(v.k);
        let covered = self.scene.try_with_value(|s| s.detail == Some(detail) && view::covers(s.region, visible));
        if covered.unwrap_or(true) && !force {
            return;
        }
        let region = view::cull_region(visible);
        let Some((graph, layout)) = self.drawing.try_with_untracked(|d| (d.graph.clone(), d.layout.clone())) else { return };
        let ends = untrack(|| super::effects::choice::<schemaplay_core::erd::cardinality::EndStyle>(self.state));
        let (tables, edges) = match crate::guard::run(move || scene::pieces(&graph, &layout, region, detail, ends)) {
            Ok(p) => p,
            Err(e) => {
                self.failure.try_set(Some(e));
                return;
            }
        };
        let start_flush = self.scene.try_update_value(|s| {
            if let Some(g) = s.tables_g.clone() {
                s.pending_tables = scene::reconcile(&g, &mut s.tables, tables, CHUNK);
            }
            if let Some(g) = s.edges_g.clone() {
                s.pending_edges = scene::reconcile(&g, &mut s.edges, edges, 2 * CHUNK);
            }
            // Unsized: remember an empty region, so the first view change culls properly.
            s.region = if w > 0.0 && h > 0.0 { region } else { [0.0; 4] };
            s.detail = Some(detail);
            let pending = !s.pending_tables.is_empty() || !s.pending_edges.is_empty();
            let start = pending && !s.flushing;
            s.flushing |= pending;
            start
        });
        let after = move || {
            self.mark_selected();
            if let Some(Some(k)) = self.hovered.try_get_value() {
                self.highlight_table(&k);
            }
        };
        after();
        if start_flush == Some(true) {
            let scene = self.scene;
            request_animation_frame(move || scene::flush_pending(scene, after));
        }
    }

    /// Centres the view on table `key` (zooming in to 60 % if further out); false if it is not drawn.
    pub fn centre_on(self, key: &str) -> bool {
        let Some(i) = self.table_index(key) else { return false };
        let (w, h) = self.measure();
        let b = self.drawing.with_untracked(|d| d.layout.tables.get(i).map(|b| (b.x + b.width / 2.0, b.y + b.height / 2.0)));
        let Some((cx, cy)) = b else { return false };
        self.view.update(|v| *v = v.centred_on(cx, cy, w, h, 0.6));
        // Mount it now (the view effect would do it a tick later), so it can be highlighted.
        self.sync(false);
        true
    }

    /// If the table waiting to be shown (`reveal`) is drawn, moves the view (same zoom) just
    /// enough that its box is on screen.
    pub fn reveal_pending(self) {
        let Some(Some(key)) = self.reveal.try_get_value() else { return };
        let Some(i) = self.table_index(&key) else { return };
        self.reveal.set_value(None);
        let (w, h) = self.measure();
        let Some(b) = self.drawing.with_untracked(|d| d.layout.tables.get(i).map(|b| [b.x, b.y, b.width, b.height])) else { return };
        if w > 0.0 && h > 0.0 {
            self.view.update(|v| *v = v.showing(b, w, h, 24.0));
        }
    }

    /// Shows the statement box `index` comes from in the editor.
    pub fn reveal_table(self, index: usize) {
        // the box's own statement (a table, a view; partitions are drawn in their parent's box)
        let start = self.drawing.with_untracked(|d| d.graph.tables.get(index).and_then(|t| t.source_offset));
        let Some(start) = start else { return };
        let (line, col) = self.state.text.with_untracked(|t| LineIndex::new(t).line_col(start));
        self.state.reveal(line, col);
    }

    /// Finds the table the search box names, centres on it and highlights it.
    pub fn run_search(self) {
        let q = self.search.get_untracked();
        if q.trim().is_empty() {
            self.search_miss.set(false);
            return;
        }
        match self.drawing.with_untracked(|d| view::find_table(&d.graph, &q)) {
            Some(k) => {
                self.search_miss.set(false);
                self.centre_on(&k);
                self.pick(&k);
            }
            None => self.search_miss.set(true),
        }
    }
}
