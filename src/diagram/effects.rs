//! How the diagram follows the page: the graph after each analysis (then the layout, here or in
//! the engine worker), the drawing (full or focus view), the SVG document, and the view's moves.

use super::cache::{self, full_layout, graph_of, has_layout, layout_in_worker, note_timing, Drawing};
use super::ctx::Ctx;
use super::WORKER_TABLES;
use crate::state::AppState;
use leptos::prelude::*;
use schemaplay_core::erd::view::{self, View};
use schemaplay_core::erd::cardinality::EndStyle;
use schemaplay_core::erd::choice::ViewChoice;
use schemaplay_core::erd::shown::{self, Shown};
use schemaplay_core::erd::{self, ErdGraph, LayoutOptions, SvgOptions};
use std::sync::Arc;
use std::time::Duration;

/// The graph follows the analysis one task later, so a paste's editor update and analysis are
/// not held up by the layout (first mount: at once, usually from the cache). Three tasks, so none
/// is as long as their sum: the graph, then the layout (into the cache the drawing reads), then
/// the drawing's DOM update.
pub(super) fn follow_analysis(state: AppState, full: RwSignal<Arc<ErdGraph>>, failure: RwSignal<Option<String>>, retry: RwSignal<u64>, embed: bool) {
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
                    set_timeout(move || lay_out(state, full, g, embed), Duration::ZERO);
                },
                Duration::ZERO,
            );
        }
    });
}

/// A display option's current choice (the detail level, the end style), read from the view
/// options kept in links.
pub(super) fn choice<T: ViewChoice>(state: AppState) -> T {
    T::parse(state.option(T::KEY).as_deref())
}

/// The graph drawn for the full graph `g`: `g` itself, or fewer columns (`erd::shown`).
fn drawn(g: &Arc<ErdGraph>, choice: Shown) -> Arc<ErdGraph> {
    if choice == Shown::All { g.clone() } else { Arc::new(shown::shown_graph(g, choice)) }
}

/// Lays out the full graph `g` (a large one not laid out yet: in the engine worker), then shows it.
fn lay_out(state: AppState, full: RwSignal<Arc<ErdGraph>>, g: Arc<ErdGraph>, embed: bool) {
    let t0 = js_sys::Date::now();
    let Some(pins) = state.positions.try_with_untracked(view::pins_of) else {
        return;
    };
    let Some(choice) = state.options.try_with_untracked(|_| choice::<Shown>(state)) else { return };
    let d = drawn(&g, choice);
    if g.tables.len() >= WORKER_TABLES && !has_layout(&d, &pins, choice) {
        let g2 = g.clone();
        let sent = layout_in_worker(embed, &d, pins.clone(), choice, move |current| {
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
    let generation = cache::next_layout_generation();
    let _ = full_layout(&d, pins, choice);
    note_timing("layout", js_sys::Date::now() - t0);
    note_timing("layout_in_worker", 0.0);
    set_timeout(
        move || {
            if cache::layout_generation() == generation {
                full.try_set(g);
            }
        },
        Duration::ZERO,
    );
}

/// The drawing: the full graph with its cached layout, or the focus view on `focus` (its own
/// small layout, with its own kept positions).
pub(super) fn drawing(state: AppState, full: RwSignal<Arc<ErdGraph>>, focus: RwSignal<Option<String>>, retry: RwSignal<u64>) -> Memo<Drawing> {
    let choice = Memo::new(move |_| choice::<Shown>(state));
    Memo::new(move |_| {
        retry.track();
        let shown = choice.get();
        let g = drawn(&full.get(), shown);
        let d = match focus.get() {
            Some(key) if g.tables.iter().any(|t| t.key == key) => {
                let sub = Arc::new(view::focus_graph(&g, &key));
                let positions = state.positions.with(|p| view::focus_pins(p, &key));
                let opts = LayoutOptions { positions, ..Default::default() };
                let s2 = sub.clone();
                match crate::guard::run(move || erd::layout(&s2, &opts)) {
                    Ok(layout) => Drawing { graph: sub, layout: Arc::new(layout), focused: true, failed: None },
                    Err(e) => Drawing::failed(e),
                }
            }
            _ => {
                let pins = state.positions.with(view::pins_of);
                match full_layout(&g, pins, shown) {
                    Ok(layout) => Drawing { graph: g, layout, focused: false, failed: None },
                    Err(e) => Drawing::failed(e),
                }
            }
        };
        state.colors.with(|c| coloured(d, c))
    })
}

/// The drawing with the header colours picked in the diagram (after the layout: a colour moves
/// nothing, so it never asks for a new layout).
fn coloured(mut d: Drawing, colors: &std::collections::BTreeMap<String, String>) -> Drawing {
    if !colors.is_empty() {
        let mut g = (*d.graph).clone();
        erd::decor::apply_colors(&mut g, colors);
        d.graph = Arc::new(g);
    }
    d
}

/// Creates the SVG document on first draw, else updates its size and theme.
fn draw_shell(cx: Ctx, st: &web_sys::HtmlDivElement, theme: erd::Theme, w: f64, h: f64) -> bool {
    let has_svg = cx.scene.with_value(|s| s.svg.is_some());
    if !has_svg {
        let layout = cx.drawing.with_untracked(|d| d.layout.clone());
        let shell = crate::guard::run(move || {
            let mut shell = String::new();
            erd::render_shell(&mut shell, &layout, &SvgOptions { theme, ..Default::default() }, "", "", "");
            shell
        });
        let Ok(shell) = shell.map_err(|e| cx.failure.set(Some(e))) else { return false };
        st.set_inner_html(&shell);
        let svg = st.query_selector("svg").ok().flatten();
        let edges_g = st.query_selector("svg > g.edges").ok().flatten();
        let tables_g = st.query_selector("svg > g.tables").ok().flatten();
        if let Some(svg) = &svg {
            let _ = svg.insert_adjacent_html("beforeend", "<g class=\"notes-layer\"></g><g class=\"hl-layer\"></g>");
        }
        if let Some(e) = &edges_g {
            let _ = e.insert_adjacent_html("beforebegin", "<g class=\"groups\"></g>");
        }
        let hl_g = st.query_selector("svg > g.hl-layer").ok().flatten();
        cx.scene.update_value(|s| {
            s.svg = svg;
            s.edges_g = edges_g;
            s.tables_g = tables_g;
            s.hl_g = hl_g;
        });
        return true;
    }
    cx.scene.with_value(|s| {
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
    true
}

/// The drawing's table groups (`erd::groups`), behind its edges and boxes: a few elements, drawn whole.
fn draw_groups(cx: Ctx) {
    let Some(layer) = cx.scene.with_value(|s| s.svg.as_ref().and_then(|svg| svg.query_selector("svg > g.groups").ok().flatten())) else { return };
    let (graph, layout) = cx.drawing.with_untracked(|d| (d.graph.clone(), d.layout.clone()));
    match crate::guard::run(move || {
        let mut out = String::new();
        erd::groups::render_groups(&mut out, &graph, &layout);
        out
    }) {
        Ok(html) => layer.set_inner_html(&html),
        Err(e) => cx.failure.set(Some(e)),
    }
}

/// The SVG document (size, theme) for the current drawing; the pieces come from `Ctx::sync`.
/// `fitted`: the view was restored from the cache (no fit on first draw).
fn shell_effect(cx: Ctx, fitted: bool) {
    let fitted = StoredValue::new(fitted);
    let shown: StoredValue<Option<Arc<ErdGraph>>> = StoredValue::new(None);
    let ends = Memo::new(move |_| choice::<EndStyle>(cx.state));
    Effect::new(move |_| {
        let theme = super::export::svg_theme(cx.state.theme.get());
        // another end style re-draws the mounted edges (`sync(true)` below)
        ends.track();
        let (w, h) = cx.drawing.with(|d| (d.layout.width.max(1.0), d.layout.height.max(1.0)));
        let t1 = js_sys::Date::now();
        let Some(st) = cx.stage.get() else { return };
        if !draw_shell(cx, &st, theme, w, h) {
            return;
        }
        // A different schema is fitted afresh; an edit that adds or renames a few tables keeps the view.
        let g = cx.drawing.with_untracked(|d| (!d.focused).then(|| d.graph.clone()));
        if let Some(g) = g {
            if shown.get_value().is_some_and(|p| !Arc::ptr_eq(&p, &g) && view::is_new_drawing(&p, &g)) {
                fitted.set_value(false);
            }
            shown.set_value(Some(g));
        }
        if !fitted.get_value() {
            fitted.set_value(true);
            if cx.measure().0 > 0.0 {
                cx.fit();
            } else {
                request_animation_frame(move || cx.fit());
            }
        }
        cx.reveal_pending();
        draw_groups(cx);
        if cx.embed() {
            super::notes::draw_embedded(cx);
        }
        cx.sync(true);
        note_timing("dom", js_sys::Date::now() - t1);
    });
}

/// While the view moves the stage is its own compositor layer (`will-change: transform`, so
/// pan/zoom frames only re-composite); once it rests the hint goes, so Chromium re-rasters the
/// text crisply at the new scale. Each move re-culls if the view left the mounted region.
fn view_effect(cx: Ctx) {
    let settle: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let v: View = cx.view.get();
        if let Some(g) = cx.full.try_get_untracked() {
            cache::keep_view(g, v);
        }
        cx.sync(false);
        let Some(st) = cx.stage.try_get_untracked().flatten() else { return };
        let _ = st.class_list().add_1("moving");
        if let Some(h) = settle.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if let Some(st) = cx.stage.try_get_untracked().flatten() {
                    let _ = st.class_list().remove_1("moving");
                }
            },
            Duration::from_millis(200),
        );
        settle.set_value(handle.ok());
    });
}

/// Every effect of a mounted diagram. `restored`: the view came from the cache.
pub(super) fn install(cx: Ctx, restored: bool) {
    shell_effect(cx, restored);
    if cx.embed() {
        // An embed re-fits whenever the frame is resized.
        let on_resize = window_event_listener(leptos::ev::resize, move |_| request_animation_frame(move || cx.fit()));
        on_cleanup(move || on_resize.remove());
    }
    // Entering or leaving focus mode re-fits, and so does another choice of detail.
    Effect::new(move |prev: Option<(Option<String>, Shown)>| {
        let now = (cx.focus.get(), choice::<Shown>(cx.state));
        if prev.is_some_and(|p| p != now) {
            request_animation_frame(move || cx.fit());
        }
        now
    });
    Effect::new(move |_| {
        cx.selected.track();
        cx.mark_selected();
    });
    view_effect(cx);
    super::edit::keep_focus(cx);
}
