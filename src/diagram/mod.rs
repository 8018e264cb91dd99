//! The Diagram tab: the engine's ERD (layout and SVG from `schemaplay_core::erd`, the same picture
//! `schemaplay erd --format svg` prints) with pan, zoom (wheel, buttons, two-finger pinch), table
//! dragging (also in focus mode; on touch after holding a finger on the table), hover
//! highlighting, click to reveal the CREATE TABLE, search, a minimap, focus mode and SVG/PNG export.
//!
//! Rendering: the stage `<div>` holds the engine's SVG document, whose CSS transform
//! (`translate(x, y) scale(k)`) is the pan/zoom, so panning and zooming move one compositor layer.
//! Only the boxes and edges near the viewport are in the DOM (`scene`): the visible rectangle
//! plus 0.3 of a viewport on every side; when the view leaves that region, or the zoom crosses a
//! detail level (`erd::Detail`: far out a box is drawn without its text), the scene is re-culled and
//! only the difference is inserted or removed. Each mounted piece remembers its SVG text, so after
//! a drag (positions change → layout) only the moved box and its rerouted edges are replaced.
//! Exports render the whole drawing. The layout is cached across tab switches, with the view.
//! From [`WORKER_TABLES`] tables on, the full diagram's layout after an edit or a drag comes from
//! the layout worker (`worker.rs`), so the page never waits on it; smaller ones and focus views are
//! laid out here (a few milliseconds).
//!
//! Moving a table updates `AppState::positions` (keyed `schema.name` / `name`); the layout pins it
//! there and re-routes its edges. After an edit or a drag the full diagram's new layout is the last
//! one changed as little as possible (`erd::incremental`, in `cache::full_layout`): nothing else
//! moves unless it must; a new schema or another detail level is laid out afresh. In focus mode a drag is stored under `erd::view::focus_pos_key`, so the
//! focus view keeps its own arrangement (persisted and shared the same way) without moving the box
//! in the full diagram.

//!
//! The pieces: `cache` (what is drawn, kept across tab switches), `effects` (following the
//! analysis, the drawing, the SVG document), `ctx` (the view state and its operations), `scene`
//! (the mounted pieces), `gestures`, `toolbar` (with the detail selector: `erd::shown`),
//! `inspect` (the selected table's relationships), `minimap`, `export`, `edit` (changing the
//! schema from the diagram: each change an engine plan applied to the editor text) and `overlay`
//! (the controls over the boxes: relationship handles, the inline column editor) and `badges`
//! (each box's findings) and `notes` (sticky notes). Their maths (zoom, culling,
//! focus, search) is `schemaplay_core::erd::view`, tested natively.

mod badges;
mod cache;
mod ctx;
mod edit;
mod effects;
mod export;
mod gestures;
mod inspect;
mod minimap;
mod notes;
mod overlay;
mod scene;
mod toolbar;

pub(crate) use export::svg_theme;

use crate::state::AppState;
use ctx::Ctx;
use gestures::Gesture;
use leptos::prelude::*;
use schemaplay_core::erd::view;
use schemaplay_core::erd::ErdGraph;
use scene::Scene;
use std::sync::Arc;

/// Above this many tables the layout is recomputed when a drag ends, not on every move.
const LIVE_DRAG_TABLES: usize = 150;
/// A finger held this long on a table (without moving) starts dragging it.
const LONG_PRESS: std::time::Duration = std::time::Duration::from_millis(350);
/// From this many tables on, the full diagram is laid out in the worker (after an edit).
const WORKER_TABLES: usize = 200;
/// The minimap appears from this many tables on.
const MINIMAP_TABLES: usize = 25;

/// What the app's diagram has and a docs embed has not (an embed only pans and zooms): finding,
/// focus, detail, export and editing in the toolbar, the findings badges and the controls over the
/// boxes, the edit panel and the relationships inspector, and the gestures that edit. [`Diagram`]
/// (the app) passes [`APP_TOOLS`]; [`DiagramEmbed`] passes none and never names them, so the
/// embed's wasm module does not link their code (tests/e2e/first-load-results.md, Session 6).
#[derive(Clone, Copy)]
struct Tools {
    /// The toolbar's controls (an embed's: zoom, outline and the count).
    pub toolbar: fn(Ctx) -> AnyView,
    /// Over the boxes: findings badges, relationship handles, the inline column editor.
    pub layers: fn(Ctx) -> AnyView,
    /// Beside the drawing: the edit panel and the relationships inspector.
    pub panels: fn(Ctx) -> AnyView,
    /// A double-click on the canvas (`gestures::on_dblclick`).
    pub dblclick: fn(Ctx, &leptos::ev::MouseEvent),
    /// A relationship dragged from `key.column` and dropped at client point `(x, y)`.
    pub relate: fn(Ctx, String, String, f64, f64),
}

const APP_TOOLS: Tools = Tools {
    toolbar: toolbar::full,
    layers: |cx| view! { {badges::layer(cx)} {notes::layer(cx)} {overlay::overlay(cx)} }.into_any(),
    panels: |cx| view! { {edit::panel(cx)} {inspect::inspector(cx)} }.into_any(),
    dblclick: gestures::edit_on_dblclick,
    relate: gestures::relate,
};

/// The playground's Diagram tab.
#[component]
pub fn Diagram() -> impl IntoView {
    diagram(Some(APP_TOOLS))
}

/// A docs-page embed's diagram: it only pans and zooms.
#[component]
pub fn DiagramEmbed() -> impl IntoView {
    diagram(None)
}

fn diagram(tools: Option<Tools>) -> impl IntoView {
    let embed = tools.is_none();
    let state = expect_context::<AppState>();
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let retry = RwSignal::new(0u64);
    let first = state.analysis.with_untracked(|a| cache::graph_of(a, state.history.compare_to.get_untracked().as_ref())).unwrap_or_else(|e| {
        failure.set(Some(e));
        Arc::default()
    });
    let full: RwSignal<Arc<ErdGraph>> = RwSignal::new(first);
    effects::follow_analysis(state, full, failure, retry, embed);
    let focus: RwSignal<Option<String>> = RwSignal::new(None);
    let drawing = effects::drawing(state, full, focus, retry);
    // Start where the person left this diagram (same graph), else fit once drawn.
    let cached_view = full.with_untracked(cache::cached_view);
    let cx = Ctx {
        state,
        tools,
        focus,
        selected: RwSignal::new(None),
        search: RwSignal::new(String::new()),
        search_miss: RwSignal::new(false),
        outline_open: RwSignal::new(false),
        viewport: NodeRef::new(),
        stage: NodeRef::new(),
        failure,
        retry,
        full,
        drawing,
        view: RwSignal::new(cached_view.unwrap_or_default()),
        vp_size: RwSignal::new((0.0, 0.0)),
        scene: StoredValue::new_local(Scene::default()),
        gesture: StoredValue::new_local(Gesture::None),
        touches: StoredValue::new(Vec::new()),
        hovered: StoredValue::new(None),
        editing: RwSignal::new(false),
        edit_note: RwSignal::new(None),
        hover_key: RwSignal::new(None),
        link: RwSignal::new(None),
        inline: RwSignal::new(None),
        badge_open: RwSignal::new(None),
        refocus: StoredValue::new(None),
        reveal: StoredValue::new(None),
    };
    effects::install(cx, cached_view.is_some());
    diagram_view(cx)
}

fn diagram_view(cx: Ctx) -> impl IntoView {
    let embed = cx.embed();
    // An embed: its natural height (the drawing fitted to the width; the page grows to it when
    // the parent applies `embed_height`'s messages).
    let natural_height = move || {
        let (vw, _) = cx.vp_size.get();
        let (lw, lh) = cx.drawing.with(|d| (d.layout.width, d.layout.height));
        format!("{:.0}px", view::natural_height(vw, lw, lh))
    };
    let transform = move || cx.view.get().css_transform();
    // Names below full detail are drawn to be scaled by this (the label scales, not the box).
    let label_scales = Memo::new(move |_| view::label_scales(cx.view.get().k));
    let table_count = move || cx.drawing.with(|d| d.graph.tables.len());
    view! {
        <div class="diagram" class:embed=embed style:--natural-height=move || if embed { natural_height() } else { String::new() }
            on:keydown=move |ev| edit::history_key(cx, &ev)>
            {toolbar::toolbar(cx)}
            {toolbar::failure_banner(cx)}
            <div class="diagram-body">
            {crate::outline::outline_view(
                Signal::derive(move || cx.drawing.with(|d| (d.graph.clone(), d.layout.clone()))),
                cx.outline_open,
                move |key: &str| {
                    if cx.centre_on(key) {
                        cx.pick(key);
                    }
                },
            )}
            <div
                class="diagram-viewport"
                node_ref=cx.viewport
                tabindex="0"
                aria-label="Entity-relationship diagram: drag to pan, wheel or arrow keys to move, Ctrl+wheel or +/− to zoom, 0 to fit"
                on:pointerdown=move |ev| gestures::on_down(cx, ev)
                on:pointermove=move |ev| gestures::on_move(cx, ev)
                on:pointerup=move |ev| gestures::on_up(cx, ev)
                on:pointercancel=move |ev| gestures::on_cancel(cx, ev)
                on:pointerover=move |ev| gestures::on_over(cx, ev)
                on:pointerleave=move |_| gestures::on_leave(cx)
                on:wheel=move |ev| gestures::on_wheel(cx, ev)
                on:keydown=move |ev| gestures::on_key(cx, ev)
                on:dblclick=move |ev| gestures::on_dblclick(cx, ev)
            >
                <div class="erd-stage" node_ref=cx.stage style:transform=transform style:--erd-lbl=move || format!("{:.3}", label_scales.get().1) style:--erd-lo=move || format!("{:.3}", label_scales.get().0)></div>
                {cx.tools.map(|t| (t.layers)(cx))}

                {move || (table_count() == 0 && cx.failed().is_none()).then(|| view! {
                    <div class="diagram-empty"><crate::empty_state::EmptyState /></div>
                })}
                {minimap::minimap(cx)}
            </div>
            {cx.tools.map(|t| (t.panels)(cx))}
            </div>
        </div>
    }
}
