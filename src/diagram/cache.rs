//! What the diagram draws ([`Drawing`]) and the cache that outlives the tab: the graph, the full
//! layout (here or from the engine worker) and the view, so coming back to the tab neither
//! re-lays out nor re-fits.

use schemaplay_core::erd::shown::Shown;
use schemaplay_core::erd::view::View;
use schemaplay_core::erd::{self, ErdGraph, Layout, LayoutOptions};
use schemaplay_core::Analysis;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// What the diagram draws: the graph, its layout, and whether it is a focus view.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Drawing {
    pub graph: Arc<ErdGraph>,
    pub layout: Arc<Layout>,
    pub focused: bool,
    /// The layout panicked (see `guard`): the message the panel shows (the drawing is empty).
    pub failed: Option<String>,
}

impl Drawing {
    pub fn failed(message: String) -> Drawing {
        let graph = Arc::new(ErdGraph::default());
        Drawing { graph, layout: Arc::default(), focused: false, failed: Some(message) }
    }
}

/// A layout's pins (`LayoutOptions::positions`).
type Pins = BTreeMap<String, [f64; 2]>;

/// The full diagram's last layout: for which graph, pins and detail choice.
struct Laid {
    graph: Arc<ErdGraph>,
    pins: Pins,
    shown: Shown,
    layout: Arc<Layout>,
}

impl Laid {
    fn is_for(&self, g: &Arc<ErdGraph>, pins: &Pins, shown: Shown) -> bool {
        (Arc::ptr_eq(&self.graph, g) || *self.graph == **g) && self.pins == *pins && self.shown == shown
    }
}

/// The last drawing and view, kept across tab switches (the Diagram unmounts when another tab
/// shows): coming back neither re-lays out nor re-fits.
#[derive(Default)]
pub(super) struct Cache {
    analysis: Option<Arc<Analysis>>,
    /// The graph the changes were marked against (a history point's previous migration).
    before: Option<Arc<ErdGraph>>,
    graph: Option<Arc<ErdGraph>>,
    layout: Option<Laid>,
    view: Option<(Arc<ErdGraph>, View)>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
    /// Bumped per layout request, so only the newest one's result is shown.
    static LAYOUT_GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Forgets everything cached (Retry after a failure).
pub(super) fn reset() {
    CACHE.with_borrow_mut(|c| *c = Cache::default());
}

/// The view kept for graph `g`, if it is the graph the view was kept for.
pub(super) fn cached_view(g: &Arc<ErdGraph>) -> Option<View> {
    CACHE.with_borrow(|c| c.view.as_ref().filter(|(cg, _)| Arc::ptr_eq(cg, g)).map(|(_, v)| *v))
}

pub(super) fn keep_view(g: Arc<ErdGraph>, v: View) {
    CACHE.with_borrow_mut(|c| c.view = Some((g, v)));
}

/// The analysed schema's graph (cached); with `before`, coloured by what changed since that graph
/// (a migration picked in the History view: `erd::changes`); or why it could not be made (see `guard`).
pub(super) fn graph_of(a: &Arc<Analysis>, before: Option<&Arc<ErdGraph>>) -> Result<Arc<ErdGraph>, String> {
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

/// The full diagram's layout, cached by graph, pins and detail choice. After an edit or a drag
/// (the last layout drew most of these tables at the same detail) it is the last layout changed
/// as little as possible (`erd::incremental::relayout`: kept boxes stay, pins are exact, new
/// boxes go beside their neighbours); else a fresh layered layout.
pub(super) fn full_layout(g: &Arc<ErdGraph>, pins: Pins, shown: Shown) -> Result<Arc<Layout>, String> {
    let cached = CACHE.with_borrow(|c| c.layout.as_ref().filter(|l| l.is_for(g, &pins, shown)).map(|l| l.layout.clone()));
    if let Some(l) = cached {
        return Ok(l);
    }
    let prev = CACHE.with_borrow(|c| c.layout.as_ref().filter(|l| l.shown == shown).map(|l| l.layout.clone()));
    let (g2, opts) = (g.clone(), LayoutOptions { positions: pins.clone(), ..Default::default() });
    let l = Arc::new(crate::guard::run(move || {
        prev.and_then(|p| erd::incremental::relayout(&p, &g2, &opts)).unwrap_or_else(|| erd::layout(&g2, &opts))
    })?);
    CACHE.with_borrow_mut(|c| c.layout = Some(Laid { graph: g.clone(), pins, shown, layout: l.clone() }));
    Ok(l)
}

/// The full diagram's last layout (what a Focus view places the full diagram's notes by:
/// `notes::view_notes`), if one was made.
pub(super) fn last_full_layout() -> Option<Arc<Layout>> {
    CACHE.with_borrow(|c| c.layout.as_ref().map(|l| l.layout.clone()))
}

/// Whether [`full_layout`] answers at once for this graph, pins and choice: cached, or an edit of
/// the last layout (no layered layout to wait for).
pub(super) fn has_layout(g: &Arc<ErdGraph>, pins: &Pins, shown: Shown) -> bool {
    CACHE.with_borrow(|c| {
        c.layout.as_ref().is_some_and(|l| {
            l.is_for(g, pins, shown) || (l.shown == shown && !erd::incremental::is_new(l.layout.tables.iter().map(|b| b.key.as_str()), g))
        })
    })
}

/// Forgets the last layout, so the next one is a fresh layered layout ("Tidy up").
pub(super) fn forget_layout() {
    CACHE.with_borrow_mut(|c| c.layout = None);
}

/// Starts a new layout request: older ones still under way are no longer shown.
pub(super) fn next_layout_generation() -> u64 {
    LAYOUT_GENERATION.with(|n| {
        n.set(n.get() + 1);
        n.get()
    })
}

/// The newest layout request.
pub(super) fn layout_generation() -> u64 {
    LAYOUT_GENERATION.with(|n| n.get())
}

/// Lays out the full diagram in the engine worker (`engine`). When the reply comes, the layout
/// goes into the cache [`full_layout`] reads (if no newer request was made since; if the worker
/// failed, nothing is cached and `full_layout` computes it here), then `then(current)` runs.
/// False, and `then` never runs, in an embed: a docs page lays out on its own thread rather than
/// download the engine.
pub(super) fn layout_in_worker(embed: bool, g: &Arc<ErdGraph>, pins: Pins, shown: Shown, then: impl FnOnce(bool) + 'static) -> bool {
    if embed {
        return false;
    }
    let generation = next_layout_generation();
    let g2 = g.clone();
    let request = crate::engine::Request::Layout { graph: (**g).clone(), positions: pins.clone() };
    crate::engine::call(request, move |reply| {
        let current = layout_generation() == generation;
        if let (Ok(crate::engine::Reply::Layout(l)), true) = (reply, current) {
            CACHE.with_borrow_mut(|c| c.layout = Some(Laid { graph: g2, pins, shown, layout: Arc::new(l) }));
        }
        then(current);
    });
    true
}

/// For tests/e2e/bench-diagram.mjs: where the last redraw's time went, in
/// `window.__diagramTimings` (`graph`: schema → ERD graph; `layout`; `dom`: culling, building and
/// inserting the mounted pieces).
pub(super) fn note_timing(what: &str, ms: f64) {
    let g = js_sys::global();
    let key = JsValue::from_str("__diagramTimings");
    let obj = js_sys::Reflect::get(&g, &key).ok().filter(|o| o.is_object()).unwrap_or_else(|| {
        let o: JsValue = js_sys::Object::new().into();
        let _ = js_sys::Reflect::set(&g, &key, &o);
        o
    });
    let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(what), &JsValue::from_f64(ms));
}
