//! The Diagram tab: the engine's ERD (layout and SVG from `schemaplay_core::erd`, the same picture
//! `schemaplay erd --format svg` prints) with pan, zoom (wheel, buttons, two-finger pinch), table
//! dragging (also in focus mode; on touch after holding a finger on the table), hover
//! highlighting, click to reveal the CREATE TABLE, search, a minimap, focus mode and SVG/PNG export.
//!
//! Rendering: the stage `<div>` holds the engine's SVG document, whose CSS transform
//! (`translate(x, y) scale(k)`) is the pan/zoom, so panning and zooming move one compositor layer.
//! Only the boxes and edges near the viewport are in the DOM ([`Scene`]): the visible rectangle
//! plus 0.3 of a viewport on every side; when the view leaves that region, or the zoom crosses a
//! detail level ([`Detail`]: far out a box is drawn without its text), the scene is re-culled and
//! only the difference is inserted or removed. Each mounted piece remembers its SVG text, so after
//! a drag (positions change → layout) only the moved box and its rerouted edges are replaced.
//! Exports render the whole drawing. The layout is cached across tab switches, with the view.
//! From [`WORKER_TABLES`] tables on, the full diagram's layout after an edit or a drag comes from
//! the layout worker (`worker.rs`), so the page never waits on it; smaller ones and focus views are
//! laid out here (a few milliseconds).
//!
//! Moving a table updates `AppState::positions` (keyed `schema.name` / `name`); the layout pins it
//! there and re-routes its edges. In focus mode a drag is stored under [`focus_pos_key`], so the
//! focus view keeps its own arrangement (persisted and shared the same way) without moving the box
//! in the full diagram.

use crate::state::{AppState, Theme as AppTheme};
use leptos::html::Div;
use leptos::prelude::*;
use schemaplay_core::erd::{self, Detail, ErdGraph, Layout, LayoutOptions, SvgOptions, Theme};
use schemaplay_core::span::LineIndex;
use schemaplay_core::Analysis;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// Above this many tables the layout is recomputed when a drag ends, not on every move.
const LIVE_DRAG_TABLES: usize = 150;
/// A finger held this long on a table (without moving) starts dragging it.
const LONG_PRESS: std::time::Duration = std::time::Duration::from_millis(350);
/// From this many tables on, the full diagram is laid out in the worker (after an edit).
const WORKER_TABLES: usize = 200;
/// The minimap appears from this many tables on.
const MINIMAP_TABLES: usize = 25;
const MIN_ZOOM: f64 = 0.02;
/// Below this zoom a box is drawn without text ([`Detail::Box`]); below [`FULL_ZOOM`] with its
/// name only, and edges without their end glyphs.
const NAME_ZOOM: f64 = 0.18;
const FULL_ZOOM: f64 = 0.5;
/// The culled region reaches this many viewport sizes beyond the viewport on every side.
const CULL_MARGIN: f64 = 0.3;
const MAX_ZOOM: f64 = 4.0;

/// What the diagram draws: the graph, its layout, and for each table its schema index.
#[derive(Clone, Debug, PartialEq)]
struct Drawing {
    graph: Arc<ErdGraph>,
    layout: Arc<Layout>,
    focused: bool,
    /// The layout panicked (see `guard`): the message the panel shows (the drawing is empty).
    failed: Option<String>,
}

impl Drawing {
    fn failed(message: String) -> Drawing {
        let graph = Arc::new(ErdGraph::default());
        Drawing { graph, layout: Arc::default(), focused: false, failed: Some(message) }
    }
}

/// Where a table dragged in focus mode (focused on `focus`) is stored in `AppState::positions`:
/// a key no table has, so the full diagram ignores it.
pub fn focus_pos_key(focus: &str, table: &str) -> String {
    format!("{focus}\u{1f}{table}")
}

/// The last drawing and view, kept across tab switches (the Diagram unmounts when another tab
/// shows): coming back neither re-lays out nor re-fits.
#[derive(Default)]
struct Cache {
    analysis: Option<Arc<Analysis>>,
    /// The graph the changes were marked against (a history point's previous migration).
    before: Option<Arc<ErdGraph>>,
    graph: Option<Arc<ErdGraph>>,
    layout: Option<(Arc<ErdGraph>, BTreeMap<String, [f64; 2]>, Arc<Layout>)>,
    view: Option<(Arc<ErdGraph>, View)>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    /// Bumped per layout request, so only the newest one's result is shown.
    static LAYOUT_GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The analysed schema's graph (cached); with `before`, coloured by what changed since that graph
/// (a migration picked in the History view: `erd::changes`); or why it could not be made (see `guard`).
fn graph_of(a: &Arc<Analysis>, before: Option<&Arc<ErdGraph>>) -> Result<Arc<ErdGraph>, String> {
    let cached = CACHE.with_borrow(|c| match (&c.analysis, &c.graph) {
        (Some(ca), Some(g)) if Arc::ptr_eq(ca, a) && c.before.as_ref().map(Arc::as_ptr) == before.map(Arc::as_ptr) => Some(g.clone()),
        _ => None,
    });
    if let Some(g) = cached {
        return Ok(g);
    }
    let schema = a.schema.clone();
    let marked_against = before.cloned();
    let g = Arc::new(crate::guard::run(move || {
        crate::crash_probe::check_tables("diagram", schema.tables.iter().map(|t| t.name.as_str()));
        let mut g = erd::from_schema(&schema);
        if let Some(b) = &marked_against {
            erd::changes::mark(&mut g, b);
        }
        g
    })?);
    Ok(CACHE.with_borrow_mut(|c| {
        // Same tables as before (an edit elsewhere): keep the old Arc so nothing downstream reruns.
        let g = match &c.graph {
            Some(old) if **old == *g => old.clone(),
            _ => g,
        };
        c.analysis = Some(a.clone());
        c.before = before.cloned();
        c.graph = Some(g.clone());
        g
    }))
}

/// The full diagram's layout, cached by graph and pins.
fn full_layout(g: &Arc<ErdGraph>, pins: BTreeMap<String, [f64; 2]>) -> Result<Arc<Layout>, String> {
    let cached = CACHE.with_borrow(|c| match &c.layout {
        Some((cg, cp, l)) if (Arc::ptr_eq(cg, g) || **cg == **g) && *cp == pins => Some(l.clone()),
        _ => None,
    });
    if let Some(l) = cached {
        return Ok(l);
    }
    let (g2, opts) = (g.clone(), LayoutOptions { positions: pins.clone(), ..Default::default() });
    let l = Arc::new(crate::guard::run(move || erd::layout(&g2, &opts))?);
    CACHE.with_borrow_mut(|c| c.layout = Some((g.clone(), pins, l.clone())));
    Ok(l)
}

/// The layout's pins (`LayoutOptions::positions`) from the playground's stored positions.
fn pins_of(positions: &BTreeMap<String, (f64, f64)>) -> BTreeMap<String, [f64; 2]> {
    positions.iter().map(|(k, (x, y))| (k.clone(), [*x, *y])).collect()
}

/// Whether the full diagram's layout for this graph and these pins is cached.
fn has_layout(g: &Arc<ErdGraph>, pins: &BTreeMap<String, [f64; 2]>) -> bool {
    CACHE.with_borrow(|c| c.layout.as_ref().is_some_and(|(cg, cp, _)| (Arc::ptr_eq(cg, g) || **cg == **g) && cp == pins))
}

/// Starts a new layout request: older ones still under way are no longer shown.
fn next_layout_generation() -> u64 {
    LAYOUT_GENERATION.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

/// Lays out the full diagram in the engine worker (`engine`). When the reply comes, the layout
/// goes into the cache [`full_layout`] reads (if no newer request was made since; if the worker
/// failed, nothing is cached and `full_layout` computes it here), then `then(current)` runs.
/// False, and `then` never runs, in an embed: a docs page lays out on its own thread rather than
/// download the engine.
fn layout_in_worker(embed: bool, g: &Arc<ErdGraph>, pins: BTreeMap<String, [f64; 2]>, then: impl FnOnce(bool) + 'static) -> bool {
    if embed {
        return false;
    }
    let generation = next_layout_generation();
    let g2 = g.clone();
    let request = crate::engine::Request::Layout { graph: (**g).clone(), positions: pins.clone() };
    crate::engine::call(request, move |reply| {
        let current = LAYOUT_GENERATION.with(|n| n.get()) == generation;
        if let (Ok(crate::engine::Reply::Layout(l)), true) = (reply, current) {
            CACHE.with_borrow_mut(|c| c.layout = Some((g2, pins, Arc::new(l))));
        }
        then(current);
    });
    true
}

/// For tests/e2e/bench-diagram.mjs: where the last redraw's time went, in
/// `window.__diagramTimings` (`graph`: schema → ERD graph; `layout`; `dom`: culling, building and
/// inserting the mounted pieces).
fn note_timing(what: &str, ms: f64) {
    let g = js_sys::global();
    let key = JsValue::from_str("__diagramTimings");
    let obj = js_sys::Reflect::get(&g, &key).ok().filter(|o| o.is_object()).unwrap_or_else(|| {
        let o: JsValue = js_sys::Object::new().into();
        let _ = js_sys::Reflect::set(&g, &key, &o);
        o
    });
    let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(what), &JsValue::from_f64(ms));
}

/// What is in the DOM: the SVG's two groups and, per table / edge index of the current drawing,
/// the mounted element with the text it was made from.
#[derive(Default)]
struct Scene {
    svg: Option<Element>,
    edges_g: Option<Element>,
    tables_g: Option<Element>,
    tables: BTreeMap<usize, Mounted>,
    edges: BTreeMap<usize, Mounted>,
    /// Layout-space `[x0, y0, x1, y1]` the mounted set covers.
    region: [f64; 4],
    detail: Option<Detail>,
    /// Wanted but not inserted yet (see [`flush_pending`]).
    pending_tables: Vec<(usize, String)>,
    pending_edges: Vec<(usize, String)>,
    flushing: bool,
}

struct Mounted {
    el: Element,
    html: String,
}

fn detail_for(k: f64) -> Detail {
    if k < NAME_ZOOM {
        Detail::Box
    } else if k < FULL_ZOOM {
        Detail::Name
    } else {
        Detail::Full
    }
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
fn reconcile(
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

/// Tables (and twice as many edges) inserted per frame.
const CHUNK: usize = 80;

/// Inserts the next chunk of the scene's pending pieces, then `after` (re-apply selection and
/// highlight); repeats on the next frame until nothing is pending.
fn flush_pending(scene: StoredValue<Scene, LocalStorage>, after: impl Fn() + Copy + 'static) {
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

fn intersects(a: [f64; 4], x0: f64, y0: f64, x1: f64, y1: f64) -> bool {
    x1 >= a[0] && x0 <= a[2] && y1 >= a[1] && y0 <= a[3]
}

/// The focus subgraph: `key`, the tables it references or is referenced by, and the edges
/// among them.
fn focus_graph(g: &ErdGraph, key: &str) -> ErdGraph {
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
    let mut sub = ErdGraph::default();
    for t in &g.tables {
        if keep.contains(t.key.as_str()) {
            sub.tables.push(t.clone());
        }
    }
    sub.edges = g
        .edges
        .iter()
        .filter(|e| keep.contains(e.from.table.as_str()) && keep.contains(e.to.table.as_str()))
        .cloned()
        .collect();
    sub
}

pub(crate) fn svg_theme(t: AppTheme) -> Theme {
    match t {
        AppTheme::Light => Theme::Light,
        AppTheme::Dark => Theme::Dark,
        AppTheme::System => Theme::Auto,
    }
}

/// The theme an exported file gets: the one on screen, with "system" resolved.
fn export_theme(t: AppTheme) -> Theme {
    match t {
        AppTheme::System => {
            let dark = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark { Theme::Dark } else { Theme::Light }
        }
        t => svg_theme(t),
    }
}

/// Pan and zoom: screen = layout × k + (x, y), in CSS pixels relative to the viewport.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    x: f64,
    y: f64,
    k: f64,
}

enum Gesture {
    None,
    /// `tap`: a touch that began on this table selects it if the finger does not move.
    Pan { sx: f64, sy: f64, start: View, tap: Option<(String, usize)>, moved: bool },
    /// Two touch pointers: `d0` their distance and `(mx, my)` their midpoint (viewport-relative)
    /// when the pinch began.
    Pinch { d0: f64, mx: f64, my: f64, start: View },
    Table { key: String, index: usize, sx: f64, sy: f64, ox: f64, oy: f64, moved: bool, el: Element },
}

fn closest(target: Option<web_sys::EventTarget>, sel: &str) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest(sel).ok()?
}

fn download(bytes_or_text: &JsValue, mime: &str, name: &str) {
    let parts = js_sys::Array::of1(bytes_or_text);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    download_blob(&blob, name);
}

fn download_blob(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    set_timeout(move || { let _ = web_sys::Url::revoke_object_url(&url); }, std::time::Duration::from_secs(30));
}

/// Draws `svg` on a canvas through an `<img>` and downloads it as PNG (no network involved).
fn export_png(svg: String, width: f64, height: f64) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(img) = web_sys::HtmlImageElement::new() else { return };
    // Canvas limits: at most 8192 px a side, and 2× for small diagrams.
    let scale = (8192.0 / width.max(1.0)).min(8192.0 / height.max(1.0)).min(2.0);
    let (cw, ch) = ((width * scale).ceil().max(1.0) as u32, (height * scale).ceil().max(1.0) as u32);
    let parts = js_sys::Array::of1(&JsValue::from_str(&svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let img2 = img.clone();
    let url2 = url.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url2);
        let Ok(canvas) = doc.create_element("canvas") else { return };
        let canvas: web_sys::HtmlCanvasElement = canvas.unchecked_into();
        canvas.set_width(cw);
        canvas.set_height(ch);
        let Some(ctx) = canvas.get_context("2d").ok().flatten() else { return };
        let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(&img2, 0.0, 0.0, cw as f64, ch as f64);
        let cb = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            if let Some(b) = blob {
                download_blob(&b, "schema.png");
            }
        });
        let _ = canvas.to_blob(cb.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
}

/// `embed`: a docs-page embed, where the diagram only pans and zooms (no table dragging, no
/// focus, search or export).
#[component]
pub fn Diagram(#[prop(optional)] embed: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let focus: RwSignal<Option<String>> = RwSignal::new(None);
    let selected: RwSignal<Option<String>> = RwSignal::new(None);
    let search = RwSignal::new(String::new());
    let search_miss = RwSignal::new(false);
    let outline_open = RwSignal::new(false);
    let viewport: NodeRef<Div> = NodeRef::new();
    let stage: NodeRef<Div> = NodeRef::new();

    // The graph follows the analysis one task later, so a paste's editor update and analysis are
    // not held up by the layout (first mount: at once, usually from the cache).
    // A failure of this panel's own work (the graph, drawing it, an export); Retry clears it and
    // bumps `retry`, which makes the graph and the layout be made again.
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let retry = RwSignal::new(0u64);
    let first = state.analysis.with_untracked(|a| graph_of(a, state.history.compare_to.get_untracked().as_ref())).unwrap_or_else(|e| {
        failure.set(Some(e));
        Arc::default()
    });
    let full: RwSignal<Arc<ErdGraph>> = RwSignal::new(first);
    // Three tasks, so none is as long as their sum: the graph, then the layout (into the cache the
    // drawing reads), then the drawing's DOM update.
    Effect::new(move |prev: Option<()>| {
        let a = state.analysis.get();
        let before = state.history.compare_to.get();
        if prev.is_some() || retry.get() > 0 {
            set_timeout(
                move || {
                    let t0 = js_sys::Date::now();
                    let g = match graph_of(&a, before.as_ref()) {
                        Ok(g) => g,
                        Err(e) => {
                            failure.try_set(Some(e));
                            full.try_set(Arc::default());
                            return;
                        }
                    };
                    if full.try_with_untracked(|f| Arc::ptr_eq(f, &g)) != Some(false) {
                        return;
                    }
                    note_timing("graph", js_sys::Date::now() - t0);
                    set_timeout(
                        move || {
                            let t0 = js_sys::Date::now();
                            let Some(pins) = state.positions.try_with_untracked(pins_of) else {
                                return;
                            };
                            // A large graph not laid out yet: in the engine worker.
                            if g.tables.len() >= WORKER_TABLES && !has_layout(&g, &pins) {
                                let g2 = g.clone();
                                let sent = layout_in_worker(embed, &g, pins.clone(), move |current| {
                                    if current {
                                        note_timing("layout", js_sys::Date::now() - t0);
                                        note_timing("layout_in_worker", 1.0);
                                        full.try_set(g2);
                                    }
                                });
                                if sent {
                                    return;
                                }
                            }
                            let generation = next_layout_generation();
                            let _ = full_layout(&g, pins);
                            note_timing("layout", js_sys::Date::now() - t0);
                            note_timing("layout_in_worker", 0.0);
                            set_timeout(
                                move || {
                                    if LAYOUT_GENERATION.with(|n| n.get()) == generation {
                                        full.try_set(g);
                                    }
                                },
                                std::time::Duration::ZERO,
                            );
                        },
                        std::time::Duration::ZERO,
                    );
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let drawing = Memo::new(move |_| {
        retry.track();
        let g = full.get();
        match focus.get() {
            Some(key) if g.tables.iter().any(|t| t.key == key) => {
                let sub = focus_graph(&g, &key);
                let mut opts = LayoutOptions::default();
                let prefix = focus_pos_key(&key, "");
                state.positions.with(|p| {
                    for (k, (x, y)) in p.range(prefix.clone()..) {
                        let Some(t) = k.strip_prefix(&prefix) else { break };
                        opts.positions.insert(t.to_string(), [*x, *y]);
                    }
                });
                let sub = Arc::new(sub);
                let s2 = sub.clone();
                match crate::guard::run(move || erd::layout(&s2, &opts)) {
                    Ok(layout) => Drawing { graph: sub, layout: Arc::new(layout), focused: true, failed: None },
                    Err(e) => Drawing::failed(e),
                }
            }
            _ => {
                let pins = state.positions.with(pins_of);
                match full_layout(&g, pins) {
                    Ok(layout) => Drawing { graph: g, layout, focused: false, failed: None },
                    Err(e) => Drawing::failed(e),
                }
            }
        }
    });

    // Start where the person left this diagram (same graph), else fit once drawn.
    let cached_view = CACHE.with_borrow(|c| {
        c.view.as_ref().filter(|(g, _)| full.with_untracked(|f| Arc::ptr_eq(g, f))).map(|(_, v)| *v)
    });
    let view_rw = RwSignal::new(cached_view.unwrap_or(View { x: 0.0, y: 0.0, k: 1.0 }));
    let vp_size = RwSignal::new((0.0f64, 0.0f64));

    let scene: StoredValue<Scene, LocalStorage> = StoredValue::new_local(Scene::default());
    let gesture: StoredValue<Gesture, LocalStorage> = StoredValue::new_local(Gesture::None);
    // Touch pointers down on the viewport: id → position.
    let touches: StoredValue<Vec<(i32, f64, f64)>> = StoredValue::new(Vec::new());
    let hovered: StoredValue<Option<String>> = StoredValue::new(None);

    let measure = move || {
        if let Some(v) = viewport.try_get_untracked().flatten() {
            let r = v.get_bounding_client_rect();
            vp_size.try_set((r.width(), r.height()));
            return (r.width(), r.height());
        }
        vp_size.try_get_untracked().unwrap_or_default()
    };
    let fit = move || {
        let (w, h) = measure();
        let Some((lw, lh)) = drawing.try_with_untracked(|d| (d.layout.width.max(1.0), d.layout.height.max(1.0))) else {
            return;
        };
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let k = (w / lw).min(h / lh).clamp(MIN_ZOOM, 1.0);
        view_rw.try_set(View { x: (w - lw * k) / 2.0, y: (h - lh * k) / 2.0, k });
    };
    let zoom_at = move |factor: f64, cx: f64, cy: f64| {
        view_rw.update(|v| {
            let k = (v.k * factor).clamp(MIN_ZOOM, MAX_ZOOM);
            let f = k / v.k;
            v.x = cx - (cx - v.x) * f;
            v.y = cy - (cy - v.y) * f;
            v.k = k;
        });
    };
    let zoom_center = move |factor: f64| {
        let (w, h) = measure();
        zoom_at(factor, w / 2.0, h / 2.0);
    };

    // Highlight: a table, its edges and neighbours; or an edge and its two tables.
    let clear_highlight = move || {
        if let Some(s) = stage.try_get_untracked().flatten() {
            if let Ok(list) = s.query_selector_all(".hl, .hl-n") {
                for i in 0..list.length() {
                    if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        let _ = e.class_list().remove_2("hl", "hl-n");
                    }
                }
            }
            let _ = s.class_list().remove_1("hovering");
        }
    };
    let highlight_tables = move |keys: &BTreeSet<String>, main: &BTreeSet<String>| {
        drawing.with_untracked(|d| {
            scene.with_value(|s| {
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
    };
    let highlight_table = move |key: &str| {
        clear_highlight();
        let mut keys = BTreeSet::new();
        drawing.with_untracked(|d| {
            scene.with_value(|s| {
                for (i, e) in d.graph.edges.iter().enumerate() {
                    if e.from.table == key || e.to.table == key {
                        if let Some(m) = s.edges.get(&i) {
                            let _ = m.el.class_list().add_1("hl");
                        }
                        keys.insert(e.from.table.clone());
                        keys.insert(e.to.table.clone());
                    }
                }
            })
        });
        let main: BTreeSet<String> = [key.to_string()].into();
        highlight_tables(&keys, &main);
        if let Some(s) = stage.try_get_untracked().flatten() {
            let _ = s.class_list().add_1("hovering");
        }
    };
    let highlight_edge = move |edge: &Element| {
        clear_highlight();
        let _ = edge.class_list().add_1("hl");
        let keys: BTreeSet<String> =
            [edge.get_attribute("data-from").unwrap_or_default(), edge.get_attribute("data-to").unwrap_or_default()].into();
        highlight_tables(&BTreeSet::new(), &keys);
        if let Some(s) = stage.try_get_untracked().flatten() {
            let _ = s.class_list().add_1("hovering");
        }
    };
    let mark_selected = move || {
        let sel = selected.try_get_untracked().flatten();
        let _ = drawing.try_with_untracked(|d| {
            scene.try_with_value(|s| {
                for (i, m) in &s.tables {
                    let on = sel.as_deref().is_some_and(|k| d.graph.tables.get(*i).is_some_and(|t| t.key == k));
                    let _ = m.el.class_list().toggle_with_force("selected", on);
                }
            })
        });
    };

    // Culling: mount the boxes and edges within the viewport plus a margin, at the zoom's detail.
    // `force`: the drawing changed (re-check every mounted piece's text).
    let sync = move |force: bool| {
        let Some(v) = view_rw.try_get_untracked() else { return };
        let (w, h) = measure();
        // No size yet (not laid out): mount everything rather than guess what is visible.
        let (x0, y0, x1, y1) = if w > 0.0 && h > 0.0 {
            (-v.x / v.k, -v.y / v.k, (w - v.x) / v.k, (h - v.y) / v.k)
        } else {
            (-1.0e9, -1.0e9, 1.0e9, 1.0e9)
        };
        let detail = detail_for(v.k);
        let covered = scene.try_with_value(|s| {
            s.detail == Some(detail)
                && x0 >= s.region[0]
                && y0 >= s.region[1]
                && x1 <= s.region[2]
                && y1 <= s.region[3]
        });
        if covered.unwrap_or(true) && !force {
            return;
        }
        let (mx, my) = ((x1 - x0) * CULL_MARGIN, (y1 - y0) * CULL_MARGIN);
        let region = [x0 - mx, y0 - my, x1 + mx, y1 + my];
        let Some((graph, layout)) = drawing.try_with_untracked(|d| (d.graph.clone(), d.layout.clone())) else { return };
        let pieces = crate::guard::run(move || {
            let d = Drawing { graph, layout, focused: false, failed: None };
            let mut tables = BTreeMap::new();
            for (i, (t, b)) in d.graph.tables.iter().zip(&d.layout.tables).enumerate() {
                if intersects(region, b.x, b.y, b.x + b.width, b.y + b.height) {
                    let mut html = String::new();
                    erd::render_table(&mut html, t, b, detail);
                    tables.insert(i, html);
                }
            }
            let mut edges = BTreeMap::new();
            for (i, (e, r)) in d.graph.edges.iter().zip(&d.layout.edges).enumerate() {
                let Some(first) = r.points.first() else { continue };
                let mut bb = [first[0], first[1], first[0], first[1]];
                for p in &r.points {
                    bb = [bb[0].min(p[0]), bb[1].min(p[1]), bb[2].max(p[0]), bb[3].max(p[1])];
                }
                if intersects(region, bb[0] - 40.0, bb[1] - 20.0, bb[2] + 40.0, bb[3] + 20.0) {
                    let mut html = String::new();
                    erd::render_edge(&mut html, e, r, detail != Detail::Full);
                    edges.insert(i, html);
                }
            }
            (tables, edges)
        });
        let (tables, edges) = match pieces {
            Ok(p) => p,
            Err(e) => {
                failure.try_set(Some(e));
                return;
            }
        };
        let start_flush = scene.try_update_value(|s| {
            if let Some(g) = s.tables_g.clone() {
                s.pending_tables = reconcile(&g, &mut s.tables, tables, CHUNK);
            }
            if let Some(g) = s.edges_g.clone() {
                s.pending_edges = reconcile(&g, &mut s.edges, edges, 2 * CHUNK);
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
            mark_selected();
            if let Some(Some(k)) = hovered.try_get_value() {
                highlight_table(&k);
            }
        };
        after();
        if start_flush == Some(true) {
            request_animation_frame(move || flush_pending(scene, after));
        }
    };

    // The SVG document (size, theme) for the current drawing; the pieces come from `sync`.
    let fitted = StoredValue::new(cached_view.is_some());
    let shown: StoredValue<Option<Arc<ErdGraph>>> = StoredValue::new(None);
    Effect::new(move |_| {
        let theme = svg_theme(state.theme.get());
        let (w, h) = drawing.with(|d| (d.layout.width.max(1.0), d.layout.height.max(1.0)));
        let t1 = js_sys::Date::now();
        let Some(st) = stage.get() else { return };
        let has_svg = scene.with_value(|s| s.svg.is_some());
        if !has_svg {
            let layout = drawing.with_untracked(|d| d.layout.clone());
            let shell = crate::guard::run(move || {
                let mut shell = String::new();
                erd::render_shell(&mut shell, &layout, &SvgOptions { theme }, "", "");
                shell
            });
            let Ok(shell) = shell.map_err(|e| failure.set(Some(e))) else { return };
            st.set_inner_html(&shell);
            let svg = st.query_selector("svg").ok().flatten();
            let edges_g = st.query_selector("svg > g.edges").ok().flatten();
            let tables_g = st.query_selector("svg > g.tables").ok().flatten();
            scene.update_value(|s| {
                s.svg = svg;
                s.edges_g = edges_g;
                s.tables_g = tables_g;
            });
        } else {
            scene.with_value(|s| {
                if let Some(svg) = &s.svg {
                    // As the engine prints them (a whole number prints without ".0").
                    let (ws, hs) = (w.to_string(), h.to_string());
                    let _ = svg.set_attribute("width", &ws);
                    let _ = svg.set_attribute("height", &hs);
                    let _ = svg.set_attribute("viewBox", &format!("0 0 {ws} {hs}"));
                    let _ = svg.set_attribute("class", &format!("erd {}", erd::svg::theme_class(theme)));
                    if let Some(bg) = svg.query_selector("rect.bg").ok().flatten() {
                        let _ = bg.set_attribute("width", &ws);
                        let _ = bg.set_attribute("height", &hs);
                    }
                }
            });
        }
        // A different schema (pasted, or an example loaded: most tables are new) is fitted
        // afresh; an edit that adds or renames a few tables keeps the view.
        let g = drawing.with_untracked(|d| (!d.focused).then(|| d.graph.clone()));
        if let Some(g) = g {
            let prev = shown.get_value();
            if let Some(p) = prev.filter(|p| !Arc::ptr_eq(p, &g)) {
                let old: BTreeSet<&str> = p.tables.iter().map(|t| t.key.as_str()).collect();
                let kept = g.tables.iter().filter(|t| old.contains(t.key.as_str())).count();
                if kept * 2 < g.tables.len() {
                    fitted.set_value(false);
                }
            }
            shown.set_value(Some(g));
        }
        if !fitted.get_value() {
            fitted.set_value(true);
            if measure().0 > 0.0 {
                fit();
            } else {
                request_animation_frame(fit);
            }
        }
        sync(true);
        note_timing("dom", js_sys::Date::now() - t1);
    });
    // An embed: its natural height (the drawing fitted to the width; the page grows to it when
    // the parent applies `embed_height`'s messages), and a re-fit whenever the frame is resized.
    let natural_height = move || {
        let (vw, _) = vp_size.get();
        let (lw, lh) = drawing.with(|d| (d.layout.width.max(1.0), d.layout.height.max(1.0)));
        let k = if vw > 0.0 { (vw / lw).min(1.0) } else { 1.0 };
        format!("{:.0}px", (lh * k).clamp(160.0, 1600.0))
    };
    if embed {
        let on_resize = window_event_listener(leptos::ev::resize, move |_| request_animation_frame(fit));
        on_cleanup(move || on_resize.remove());
    }
    // Entering or leaving focus mode re-fits.
    Effect::new(move |prev: Option<Option<String>>| {
        let f = focus.get();
        if prev.is_some_and(|p| p != f) {
            request_animation_frame(fit);
        }
        f
    });
    Effect::new(move |_| {
        selected.track();
        mark_selected();
    });
    // While the view moves the stage is its own compositor layer (`will-change: transform`, so
    // pan/zoom frames only re-composite); once it rests the hint goes, so Chromium re-rasters the
    // text crisply at the new scale. Each move re-culls if the view left the mounted region.
    let settle: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let v = view_rw.get();
        if let Some(g) = full.try_get_untracked() {
            CACHE.with_borrow_mut(|c| c.view = Some((g, v)));
        }
        sync(false);
        let Some(st) = stage.try_get_untracked().flatten() else { return };
        let _ = st.class_list().add_1("moving");
        if let Some(h) = settle.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if let Some(st) = stage.try_get_untracked().flatten() {
                    let _ = st.class_list().remove_1("moving");
                }
            },
            std::time::Duration::from_millis(200),
        );
        settle.set_value(handle.ok());
    });

    let table_index = move |key: &str| drawing.with_untracked(|d| d.graph.tables.iter().position(|t| t.key == key));
    let centre_on = move |key: &str| {
        let Some(i) = table_index(key) else { return false };
        let (w, h) = measure();
        let b = drawing.with_untracked(|d| d.layout.tables.get(i).map(|b| (b.x + b.width / 2.0, b.y + b.height / 2.0)));
        let Some((cx, cy)) = b else { return false };
        view_rw.update(|v| {
            v.k = v.k.max(0.6);
            v.x = w / 2.0 - cx * v.k;
            v.y = h / 2.0 - cy * v.k;
        });
        // Mount it now (the view effect would do it a tick later), so it can be highlighted.
        sync(false);
        true
    };
    let reveal_table = move |index: usize| {
        // the box's own statement (a table, a view; partitions are drawn in their parent's box)
        let start = drawing.with_untracked(|d| d.graph.tables.get(index).and_then(|t| t.source_offset));
        let Some(start) = start else { return };
        let (line, col) = state.text.with_untracked(|t| LineIndex::new(t).line_col(start));
        state.reveal(line, col);
    };
    // Viewport-relative position of a pointer.
    let local = move |x: f64, y: f64| {
        let Some(vp) = viewport.try_get_untracked().flatten() else { return (x, y) };
        let r = vp.get_bounding_client_rect();
        (x - r.left(), y - r.top())
    };
    let start_pinch = move || {
        let t = touches.get_value();
        if t.len() < 2 {
            return;
        }
        let (a, b) = (local(t[0].1, t[0].2), local(t[1].1, t[1].2));
        let d0 = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
        gesture.set_value(Gesture::Pinch { d0, mx: (a.0 + b.0) / 2.0, my: (a.1 + b.1) / 2.0, start: view_rw.get_untracked() });
    };

    let on_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let Some(vp) = viewport.try_get_untracked().flatten() else { return };
        let _ = vp.focus();
        let _ = vp.set_pointer_capture(ev.pointer_id());
        let (sx, sy) = (ev.client_x() as f64, ev.client_y() as f64);
        let hit = if embed { None } else { closest(ev.target(), "g.table") };
        let hit = hit.and_then(|el| {
            let key = el.get_attribute("data-key").unwrap_or_default();
            table_index(&key).map(|index| (key, index, el))
        });
        ev.prevent_default();
        if ev.pointer_type() == "touch" {
            // Touch: one finger pans (a tap on a table selects it), two fingers pinch-zoom.
            let id = ev.pointer_id();
            touches.update_value(|t| {
                t.retain(|p| p.0 != id);
                t.push((id, sx, sy));
            });
            if touches.with_value(|t| t.len()) >= 2 {
                start_pinch();
            } else {
                let tap = hit.as_ref().map(|(k, i, _)| (k.clone(), *i));
                gesture.set_value(Gesture::Pan { sx, sy, start: view_rw.get_untracked(), tap, moved: false });
                // A finger held still on a table lifts it: from then on it drags the table.
                if let Some((key, index, el)) = hit {
                    set_timeout(
                        move || {
                            let still = touches.try_with_value(|t| t.len() == 1 && t[0].0 == id) == Some(true)
                                && gesture.try_with_value(|g| matches!(g, Gesture::Pan { moved: false, tap: Some((k, _)), .. } if *k == key))
                                    == Some(true);
                            if !still {
                                return;
                            }
                            let Some((ox, oy)) = drawing.try_with_untracked(|d| d.layout.tables.get(index).map(|b| (b.x, b.y))).flatten() else {
                                return;
                            };
                            let _ = el.class_list().add_1("lifted");
                            gesture.set_value(Gesture::Table { key, index, sx, sy, ox, oy, moved: false, el });
                        },
                        LONG_PRESS,
                    );
                }
            }
            return;
        }
        let g = match hit {
            Some((key, index, el)) => {
                let (ox, oy) = drawing.with_untracked(|d| d.layout.tables.get(index).map(|b| (b.x, b.y)).unwrap_or((0.0, 0.0)));
                Gesture::Table { key, index, sx, sy, ox, oy, moved: false, el }
            }
            None => Gesture::Pan { sx, sy, start: view_rw.get_untracked(), tap: None, moved: false },
        };
        gesture.set_value(g);
    };
    // The key a dragged table's position is stored under (focus mode keeps its own arrangement).
    let pos_key = move |key: &str| match focus.get_untracked() {
        Some(f) if drawing.with_untracked(|d| d.focused) => focus_pos_key(&f, key),
        _ => key.to_string(),
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (cx, cy) = (ev.client_x() as f64, ev.client_y() as f64);
        if ev.pointer_type() == "touch" {
            let id = ev.pointer_id();
            touches.update_value(|t| {
                if let Some(p) = t.iter_mut().find(|p| p.0 == id) {
                    (p.1, p.2) = (cx, cy);
                }
            });
        }
        let mut commit: Option<(String, f64, f64)> = None;
        let live = drawing.with_untracked(|d| d.graph.tables.len() <= LIVE_DRAG_TABLES);
        let pinch = touches.with_value(|t| (t.len() >= 2).then(|| (t[0].1, t[0].2, t[1].1, t[1].2)));
        gesture.update_value(|g| match g {
            Gesture::None => {}
            Gesture::Pan { sx, sy, start, moved, .. } => {
                if !*moved && (cx - *sx).abs() + (cy - *sy).abs() < 4.0 {
                    return;
                }
                *moved = true;
                view_rw.set(View { x: start.x + cx - *sx, y: start.y + cy - *sy, k: start.k });
            }
            Gesture::Pinch { d0, mx, my, start } => {
                let Some((ax, ay, bx, by)) = pinch else { return };
                let (a, b) = (local(ax, ay), local(bx, by));
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
                let (nx, ny) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                let k = (start.k * d / *d0).clamp(MIN_ZOOM, MAX_ZOOM);
                // The layout point under the first midpoint stays under the fingers.
                let (px, py) = ((*mx - start.x) / start.k, (*my - start.y) / start.k);
                view_rw.set(View { x: nx - px * k, y: ny - py * k, k });
            }
            Gesture::Table { key, sx, sy, ox, oy, moved, el, .. } => {
                let (dx, dy) = (cx - *sx, cy - *sy);
                if !*moved && dx.abs() + dy.abs() < 4.0 {
                    return;
                }
                *moved = true;
                let k = view_rw.get_untracked().k;
                let (nx, ny) = ((*ox + dx / k).max(0.0), (*oy + dy / k).max(0.0));
                let _ = el.set_attribute("transform", &format!("translate({:.1} {:.1})", nx, ny));
                if live {
                    commit = Some((key.clone(), nx, ny));
                }
            }
        });
        if let Some((key, x, y)) = commit {
            let k = pos_key(&key);
            state.positions.update(|p| {
                p.insert(k, ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0));
            });
        }
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        if ev.pointer_type() == "touch" {
            let id = ev.pointer_id();
            touches.update_value(|t| t.retain(|p| p.0 != id));
            let rest = touches.get_value();
            if gesture.with_value(|g| matches!(g, Gesture::Pinch { .. })) {
                // One finger left after a pinch: it pans on from here, without a jump.
                gesture.set_value(match rest.first() {
                    Some(&(_, x, y)) => Gesture::Pan { sx: x, sy: y, start: view_rw.get_untracked(), tap: None, moved: true },
                    None => Gesture::None,
                });
                return;
            }
            if !rest.is_empty() {
                return;
            }
        }
        let g = std::mem::replace(&mut *gesture.write_value(), Gesture::None);
        match g {
            Gesture::Table { key, index, sx, sy, ox, oy, moved, el } => {
                let _ = el.class_list().remove_1("lifted");
                if moved {
                    let k = view_rw.get_untracked().k;
                    let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
                    let (nx, ny) = ((ox + dx / k).max(0.0), (oy + dy / k).max(0.0));
                    let pk = pos_key(&key);
                    let at = ((nx * 10.0).round() / 10.0, (ny * 10.0).round() / 10.0);
                    let commit = move || state.positions.update(|p| {
                        p.insert(pk, at);
                    });
                    // A large full diagram: the new layout comes from the worker first (the box
                    // stays where it was dropped meanwhile), so the page does not stall on release.
                    let large = drawing.with_untracked(|d| (!d.focused && d.graph.tables.len() >= WORKER_TABLES).then(|| d.graph.clone()));
                    let later = commit.clone();
                    let sent = large.is_some_and(|g| {
                        let mut pins = state.positions.with_untracked(pins_of);
                        pins.insert(key.clone(), [at.0, at.1]);
                        layout_in_worker(embed, &g, pins, move |_| later())
                    });
                    if !sent {
                        commit();
                    }
                } else {
                    selected.set(Some(key));
                    reveal_table(index);
                }
            }
            Gesture::Pan { tap: Some((key, index)), moved: false, .. } => {
                selected.set(Some(key));
                reveal_table(index);
            }
            _ => {}
        }
    };
    let on_cancel = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        touches.update_value(|t| t.retain(|p| p.0 != id));
        if let Gesture::Table { el, .. } = std::mem::replace(&mut *gesture.write_value(), Gesture::None) {
            let _ = el.class_list().remove_1("lifted");
        }
    };

    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let scale = match ev.delta_mode() {
            1 => 16.0,
            2 => 400.0,
            _ => 1.0,
        };
        let (dx, dy) = (ev.delta_x() * scale, ev.delta_y() * scale);
        if ev.ctrl_key() || ev.meta_key() {
            let Some(vp) = viewport.try_get_untracked().flatten() else { return };
            let r = vp.get_bounding_client_rect();
            let factor = (-dy * 0.002).exp();
            zoom_at(factor, ev.client_x() as f64 - r.left(), ev.client_y() as f64 - r.top());
        } else {
            view_rw.update(|v| {
                v.x -= dx;
                v.y -= dy;
            });
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = 60.0;
        match ev.key().as_str() {
            "ArrowLeft" => view_rw.update(|v| v.x += step),
            "ArrowRight" => view_rw.update(|v| v.x -= step),
            "ArrowUp" => view_rw.update(|v| v.y += step),
            "ArrowDown" => view_rw.update(|v| v.y -= step),
            "+" | "=" => zoom_center(1.25),
            "-" | "_" => zoom_center(0.8),
            "0" => fit(),
            "Escape" => focus.set(None),
            _ => return,
        }
        ev.prevent_default();
    };
    let on_over = move |ev: leptos::ev::PointerEvent| {
        if !matches!(gesture.with_value(|g| matches!(g, Gesture::None)), true) {
            return;
        }
        if let Some(t) = closest(ev.target(), "g.table") {
            let key = t.get_attribute("data-key").unwrap_or_default();
            if hovered.get_value().as_deref() != Some(key.as_str()) {
                hovered.set_value(Some(key.clone()));
                highlight_table(&key);
            }
        } else if let Some(e) = closest(ev.target(), "g.edge") {
            hovered.set_value(None);
            highlight_edge(&e);
        } else if hovered.get_value().is_some() || stage.try_get_untracked().flatten().is_some_and(|s| s.class_list().contains("hovering")) {
            hovered.set_value(None);
            clear_highlight();
        }
    };
    let on_leave = move |_| {
        hovered.set_value(None);
        clear_highlight();
    };

    let run_search = move || {
        let q = search.get_untracked().trim().to_lowercase();
        if q.is_empty() {
            search_miss.set(false);
            return;
        }
        let key = drawing.with_untracked(|d| {
            let t = &d.graph.tables;
            t.iter()
                .find(|t| t.name.to_lowercase() == q || t.key.to_lowercase() == q)
                .or_else(|| t.iter().find(|t| t.name.to_lowercase().starts_with(&q)))
                .or_else(|| t.iter().find(|t| t.key.to_lowercase().contains(&q)))
                .map(|t| t.key.clone())
        });
        match key {
            Some(k) => {
                search_miss.set(false);
                centre_on(&k);
                selected.set(Some(k.clone()));
                hovered.set_value(Some(k.clone()));
                highlight_table(&k);
            }
            None => search_miss.set(true),
        }
    };

    // The whole drawing as an SVG file (guarded like the rest of the panel's work).
    let whole_svg = move || {
        let theme = export_theme(state.theme.get_untracked());
        let (graph, layout) = drawing.with_untracked(|d| (d.graph.clone(), d.layout.clone()));
        let (w, h) = (layout.width, layout.height);
        crate::guard::run(move || erd::render_svg(&graph, &layout, &SvgOptions { theme })).map(|s| (s, w, h)).map_err(|e| failure.set(Some(e))).ok()
    };
    let export_svg = move |_| {
        if let Some((s, _, _)) = whole_svg() {
            download(&JsValue::from_str(&s), "image/svg+xml", "schema.svg");
        }
    };
    let export_png_click = move |_| {
        if let Some((s, w, h)) = whole_svg() {
            export_png(s, w, h);
        }
    };

    let table_count = move || drawing.with(|d| d.graph.tables.len());
    // What failed, if anything: the schema's parse (`true`: the analysis) or this panel's work.
    let failed = move || {
        if let Some(f) = state.failure.get().filter(|f| f.parse) {
            return Some((f.message, true));
        }
        failure.get().or_else(|| drawing.with(|d| d.failed.clone())).map(|m| (m, false))
    };
    let transform = move || {
        let v = view_rw.get();
        format!("translate({:.2}px, {:.2}px) scale({:.5})", v.x, v.y, v.k)
    };

    // Minimap: every box as a rect, and the visible area.
    let minimap = move || {
        let show = drawing.with(|d| d.graph.tables.len() >= MINIMAP_TABLES && !d.focused);
        if !show {
            return None;
        }
        // Every box as one path (a thousand <rect>s would be a thousand elements).
        let (w, h, boxes) = drawing.with(|d| {
            let mut path = String::with_capacity(d.layout.tables.len() * 24);
            for b in &d.layout.tables {
                use std::fmt::Write;
                let _ = write!(path, "M{:.0} {:.0}h{:.0}v{:.0}h{:.0}Z", b.x, b.y, b.width.max(1.0), b.height.max(1.0), -b.width.max(1.0));
            }
            (d.layout.width.max(1.0), d.layout.height.max(1.0), path)
        });
        let frame = move || {
            let v = view_rw.get();
            let (vw, vh) = vp_size.get();
            (-v.x / v.k, -v.y / v.k, vw / v.k, vh / v.k)
        };
        let jump = move |ev: leptos::ev::PointerEvent| {
            if ev.buttons() & 1 == 0 {
                return;
            }
            let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            let r = el.get_bounding_client_rect();
            if r.width() <= 0.0 || r.height() <= 0.0 {
                return;
            }
            let fx = (ev.client_x() as f64 - r.left()) / r.width() * w;
            let fy = (ev.client_y() as f64 - r.top()) / r.height() * h;
            let (vw, vh) = measure();
            view_rw.update(|v| {
                v.x = vw / 2.0 - fx * v.k;
                v.y = vh / 2.0 - fy * v.k;
            });
        };
        Some(view! {
            <svg
                class="erd-minimap"
                viewBox=format!("0 0 {w:.0} {h:.0}")
                preserveAspectRatio="none"
                aria-label="Minimap"
                on:pointerdown=move |ev| {
                    ev.stop_propagation();
                    if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                    jump(ev);
                }
                on:pointermove=jump
            >
                <path class="mini-boxes" d=boxes />
                <rect
                    class="mini-view"
                    x=move || format!("{:.0}", frame().0)
                    y=move || format!("{:.0}", frame().1)
                    width=move || format!("{:.0}", frame().2.max(0.0))
                    height=move || format!("{:.0}", frame().3.max(0.0))
                />
            </svg>
        })
    };

    view! {
        <div class="diagram" class:embed=embed style:--natural-height=move || if embed { natural_height() } else { String::new() }>
            <div class="diagram-toolbar" role="toolbar" aria-label="Diagram">
                <input
                    class="diagram-search"
                    type="search"
                    placeholder="Find table…"
                    aria-label="Find a table"
                    class:miss=move || search_miss.get()
                    prop:value=move || search.get()
                    on:input=move |ev| {
                        search.set(event_target_value(&ev));
                        search_miss.set(false);
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            run_search();
                        }
                    }
                />
                <button class="btn zoom-out" title="Zoom out (−)" aria-label="Zoom out" on:click=move |_| zoom_center(0.8)>"−"</button>
                <span class="zoom-level" aria-live="polite">{move || format!("{:.0}%", view_rw.get().k * 100.0)}</span>
                <button class="btn zoom-in" title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| zoom_center(1.25)>"+"</button>
                <button class="btn zoom-fit" title="Fit to screen (0)" on:click=move |_| fit()>"Fit"</button>
                <button
                    class="btn outline-btn"
                    title="The tables, their columns and relationships as a list"
                    aria-pressed=move || outline_open.get().to_string()
                    on:click=move |_| outline_open.update(|o| *o = !*o)
                >
                    "Outline"
                </button>
                {move || {
                    if focus.get().is_some() {
                        view! {
                            <button class="btn focus-btn active" title="Show every table (Esc)" on:click=move |_| focus.set(None)>
                                "Show all"
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button
                                class="btn focus-btn"
                                title="Show the selected table and its neighbours"
                                disabled=move || selected.get().is_none()
                                on:click=move |_| { focus.try_set(selected.try_get_untracked().flatten()); }
                            >
                                "Focus"
                            </button>
                        }
                            .into_any()
                    }
                }}
                <span class="diagram-spacer"></span>
                <span class="diagram-count">{move || {
                    let (n, v) = drawing.with(|d| {
                        let v = d.graph.tables.iter().filter(|t| t.kind != schemaplay_core::erd::BoxKind::Table).count();
                        (d.graph.tables.len() - v, v)
                    });
                    let views = if v == 0 { String::new() } else { format!(", {v} view{}", if v == 1 { "" } else { "s" }) };
                    format!("{n} table{}{views}", if n == 1 { "" } else { "s" })
                }}</span>
                <button class="btn export-svg" on:click=export_svg>"Export SVG"</button>
                <button class="btn export-png" on:click=export_png_click>"Export PNG"</button>
            </div>
            {move || failed().map(|(message, analysis)| view! {
                <div class="engine-failed crashed diagram-failed" role="alert">
                    <p class="engine-failed-text">{if analysis {
                        format!("Reading this schema failed ({message}). The editor keeps your text; edit it or retry.")
                    } else {
                        format!("Drawing the diagram failed on this schema ({message}). The editor and the other views are not affected.")
                    }}</p>
                    <button class="btn btn-small retry-btn" on:click=move |_| {
                        if analysis {
                            state.retry_analysis();
                        } else {
                            CACHE.with_borrow_mut(|c| *c = Cache::default());
                            failure.set(None);
                            retry.update(|n| *n += 1);
                        }
                    }>"Retry"</button>
                </div>
            })}
            <div class="diagram-body">
            {crate::outline::outline_view(
                Signal::derive(move || drawing.with(|d| (d.graph.clone(), d.layout.clone()))),
                outline_open,
                move |key: &str| {
                    if centre_on(key) {
                        selected.set(Some(key.to_string()));
                        hovered.set_value(Some(key.to_string()));
                        highlight_table(key);
                    }
                },
            )}
            <div
                class="diagram-viewport"
                node_ref=viewport
                tabindex="0"
                aria-label="Entity-relationship diagram: drag to pan, wheel or arrow keys to move, Ctrl+wheel or +/− to zoom, 0 to fit"
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_cancel
                on:pointerover=on_over
                on:pointerleave=on_leave
                on:wheel=on_wheel
                on:keydown=on_key
                on:dblclick=move |ev| {
                    if embed {
                        return;
                    }
                    if let Some(t) = closest(ev.target(), "g.table") {
                        focus.set(t.get_attribute("data-key"));
                    }
                }
            >
                <div class="erd-stage" node_ref=stage style:transform=transform></div>

                {move || (table_count() == 0 && failed().is_none()).then(|| view! {
                    <div class="diagram-empty"><crate::empty_state::EmptyState /></div>
                })}
                {minimap}
            </div>
            </div>
        </div>
    }
}
