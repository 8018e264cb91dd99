//! The Diagram tab: the engine's ERD (layout and SVG from `schemaplay_core::erd`, the same picture
//! `schemaplay erd --format svg` prints) with pan, zoom, table dragging, hover highlighting, click
//! to reveal the CREATE TABLE, search, a minimap, focus mode and SVG/PNG export.
//!
//! Rendering: the engine's SVG string goes into a stage `<div>` whose CSS transform
//! (`translate(x, y) scale(k)`) is the pan/zoom, so panning and zooming never re-layout or
//! re-render — the compositor moves one layer, which keeps 1,000-table schemas fluid. Moving a
//! table updates `AppState::positions` (keyed `schema.name` / `name`); the layout `Memo` pins it
//! there and re-routes its edges. While a drag is in progress on a large schema only the box's
//! `transform` attribute moves; the re-layout happens on release.

use crate::state::{AppState, Theme as AppTheme};
use leptos::html::Div;
use leptos::prelude::*;
use schemaplay_core::erd::{self, ErdGraph, Layout, LayoutOptions, SvgOptions, Theme};
use schemaplay_core::span::LineIndex;
use std::collections::BTreeSet;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// Above this many tables the layout is recomputed when a drag ends, not on every move.
const LIVE_DRAG_TABLES: usize = 150;
/// The minimap appears from this many tables on.
const MINIMAP_TABLES: usize = 25;
const MIN_ZOOM: f64 = 0.02;
const MAX_ZOOM: f64 = 4.0;

/// What the diagram draws: the graph, its layout, and for each table its schema index.
#[derive(Clone, Debug, PartialEq)]
struct Drawing {
    graph: Arc<ErdGraph>,
    layout: Arc<Layout>,
    /// `graph.tables[i]` is `schema.tables[source[i]]`.
    source: Vec<usize>,
    focused: bool,
}

/// The focus subgraph: `key`, the tables it references or is referenced by, and the edges
/// among them.
fn focus_graph(g: &ErdGraph, key: &str) -> (ErdGraph, Vec<usize>) {
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
    let mut source = Vec::new();
    let mut sub = ErdGraph::default();
    for (i, t) in g.tables.iter().enumerate() {
        if keep.contains(t.key.as_str()) {
            sub.tables.push(t.clone());
            source.push(i);
        }
    }
    sub.edges = g
        .edges
        .iter()
        .filter(|e| keep.contains(e.from.table.as_str()) && keep.contains(e.to.table.as_str()))
        .cloned()
        .collect();
    (sub, source)
}

fn svg_theme(t: AppTheme) -> Theme {
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
    Pan { sx: f64, sy: f64, start: View },
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
    let view_rw = RwSignal::new(View { x: 0.0, y: 0.0, k: 1.0 });
    let vp_size = RwSignal::new((0.0f64, 0.0f64));
    let search = RwSignal::new(String::new());
    let search_miss = RwSignal::new(false);
    let viewport: NodeRef<Div> = NodeRef::new();
    let stage: NodeRef<Div> = NodeRef::new();

    let full = Memo::new(move |_| state.analysis.with(|a| Arc::new(erd::from_schema(&a.schema))));
    let drawing = Memo::new(move |_| {
        let g = full.get();
        match focus.get() {
            Some(key) if g.tables.iter().any(|t| t.key == key) => {
                let (sub, source) = focus_graph(&g, &key);
                let layout = erd::layout(&sub, &LayoutOptions::default());
                Drawing { graph: Arc::new(sub), layout: Arc::new(layout), source, focused: true }
            }
            _ => {
                let mut opts = LayoutOptions::default();
                state.positions.with(|p| {
                    for (k, (x, y)) in p {
                        opts.positions.insert(k.clone(), [*x, *y]);
                    }
                });
                let layout = erd::layout(&g, &opts);
                let source = (0..g.tables.len()).collect();
                Drawing { graph: g, layout: Arc::new(layout), source, focused: false }
            }
        }
    });
    let svg = Memo::new(move |_| {
        let theme = svg_theme(state.theme.get());
        drawing.with(|d| erd::render_svg(&d.graph, &d.layout, &SvgOptions { theme }))
    });

    // Elements of the current SVG, refreshed after each render (hover and search use them).
    let tables_el: StoredValue<Vec<Element>, LocalStorage> = StoredValue::new_local(Vec::new());
    let edges_el: StoredValue<Vec<(Element, String, String)>, LocalStorage> = StoredValue::new_local(Vec::new());
    let gesture: StoredValue<Gesture, LocalStorage> = StoredValue::new_local(Gesture::None);
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
        tables_el.with_value(|els| {
            for e in els {
                let k = e.get_attribute("data-key").unwrap_or_default();
                if main.contains(&k) {
                    let _ = e.class_list().add_1("hl");
                } else if keys.contains(&k) {
                    let _ = e.class_list().add_1("hl-n");
                }
            }
        });
    };
    let highlight_table = move |key: &str| {
        clear_highlight();
        let mut keys = BTreeSet::new();
        edges_el.with_value(|edges| {
            for (e, from, to) in edges {
                if from == key || to == key {
                    let _ = e.class_list().add_1("hl");
                    keys.insert(from.clone());
                    keys.insert(to.clone());
                }
            }
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
        tables_el.with_value(|els| {
            for e in els {
                let on = sel.is_some() && e.get_attribute("data-key") == sel;
                let _ = e.class_list().toggle_with_force("selected", on);
            }
        });
    };

    // Put the SVG in the stage; collect its elements; re-apply highlight and selection.
    let fitted = StoredValue::new(false);
    Effect::new(move |_| {
        let s = svg.get();
        let Some(st) = stage.get() else { return };
        st.set_inner_html(&s);
        let mut tables = Vec::new();
        if let Ok(list) = st.query_selector_all("g.table") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    tables.push(e);
                }
            }
        }
        let mut edges = Vec::new();
        if let Ok(list) = st.query_selector_all("g.edge") {
            for i in 0..list.length() {
                if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let from = e.get_attribute("data-from").unwrap_or_default();
                    let to = e.get_attribute("data-to").unwrap_or_default();
                    edges.push((e, from, to));
                }
            }
        }
        tables_el.set_value(tables);
        edges_el.set_value(edges);
        mark_selected();
        if let Some(k) = hovered.get_value() {
            highlight_table(&k);
        }
        if !fitted.get_value() {
            fitted.set_value(true);
            request_animation_frame(fit);
        }
    });
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
    // text crisply at the new scale.
    let settle: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        view_rw.track();
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
        true
    };
    let reveal_table = move |index: usize| {
        let src = drawing.with_untracked(|d| d.source.get(index).copied());
        let Some(si) = src else { return };
        let start = state.analysis.with_untracked(|a| a.schema.tables.get(si).map(|t| t.span.start));
        let Some(start) = start else { return };
        let (line, col) = state.text.with_untracked(|t| LineIndex::new(t).line_col(start));
        state.reveal(line, col);
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
        let g = match hit {
            Some(el) => {
                let key = el.get_attribute("data-key").unwrap_or_default();
                match table_index(&key) {
                    Some(index) => {
                        let (ox, oy) = drawing.with_untracked(|d| {
                            d.layout.tables.get(index).map(|b| (b.x, b.y)).unwrap_or((0.0, 0.0))
                        });
                        Gesture::Table { key, index, sx, sy, ox, oy, moved: false, el }
                    }
                    None => Gesture::Pan { sx, sy, start: view_rw.get_untracked() },
                }
            }
            None => Gesture::Pan { sx, sy, start: view_rw.get_untracked() },
        };
        ev.prevent_default();
        gesture.set_value(g);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (cx, cy) = (ev.client_x() as f64, ev.client_y() as f64);
        let mut commit: Option<(String, f64, f64)> = None;
        let live = drawing.with_untracked(|d| d.graph.tables.len() <= LIVE_DRAG_TABLES && !d.focused);
        let focused = drawing.with_untracked(|d| d.focused);
        gesture.update_value(|g| match g {
            Gesture::None => {}
            Gesture::Pan { sx, sy, start } => {
                view_rw.set(View { x: start.x + cx - *sx, y: start.y + cy - *sy, k: start.k });
            }
            Gesture::Table { key, sx, sy, ox, oy, moved, el, .. } => {
                let (dx, dy) = (cx - *sx, cy - *sy);
                if !*moved && dx.abs() + dy.abs() < 4.0 {
                    return;
                }
                *moved = true;
                if focused {
                    return;
                }
                let k = view_rw.get_untracked().k;
                let (nx, ny) = ((*ox + dx / k).max(0.0), (*oy + dy / k).max(0.0));
                let _ = el.set_attribute("transform", &format!("translate({:.1} {:.1})", nx, ny));
                if live {
                    commit = Some((key.clone(), nx, ny));
                }
            }
        });
        if let Some((key, x, y)) = commit {
            state.positions.update(|p| {
                p.insert(key, ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0));
            });
        }
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        let g = std::mem::replace(&mut *gesture.write_value(), Gesture::None);
        if let Gesture::Table { key, index, sx, sy, ox, oy, moved, .. } = g {
            if moved {
                if !drawing.with_untracked(|d| d.focused) {
                    let k = view_rw.get_untracked().k;
                    let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
                    let (nx, ny) = ((ox + dx / k).max(0.0), (oy + dy / k).max(0.0));
                    state.positions.update(|p| {
                        p.insert(key, ((nx * 10.0).round() / 10.0, (ny * 10.0).round() / 10.0));
                    });
                }
            } else {
                selected.set(Some(key));
                reveal_table(index);
            }
        }
    };
    let on_cancel = move |_| gesture.set_value(Gesture::None);
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

    let export_svg = move |_| {
        let theme = export_theme(state.theme.get_untracked());
        let s = drawing.with_untracked(|d| erd::render_svg(&d.graph, &d.layout, &SvgOptions { theme }));
        download(&JsValue::from_str(&s), "image/svg+xml", "schema.svg");
    };
    let export_png_click = move |_| {
        let theme = export_theme(state.theme.get_untracked());
        let (s, w, h) = drawing.with_untracked(|d| {
            (erd::render_svg(&d.graph, &d.layout, &SvgOptions { theme }), d.layout.width, d.layout.height)
        });
        export_png(s, w, h);
    };

    let table_count = move || drawing.with(|d| d.graph.tables.len());
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
        let (w, h, rects) = drawing.with(|d| {
            let rects = d
                .layout
                .tables
                .iter()
                .map(|b| view! { <rect x=format!("{:.0}", b.x) y=format!("{:.0}", b.y) width=format!("{:.0}", b.width) height=format!("{:.0}", b.height) /> })
                .collect_view();
            (d.layout.width.max(1.0), d.layout.height.max(1.0), rects)
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
                <g class="mini-boxes">{rects}</g>
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
        <div class="diagram" class:embed=embed>
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
                    let n = table_count();
                    format!("{n} table{}", if n == 1 { "" } else { "s" })
                }}</span>
                <button class="btn export-svg" on:click=export_svg>"Export SVG"</button>
                <button class="btn export-png" on:click=export_png_click>"Export PNG"</button>
            </div>
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
                {move || (table_count() == 0).then(|| view! {
                    <p class="diagram-empty">"No tables yet: the diagram shows every CREATE TABLE in the editor."</p>
                })}
                {minimap}
            </div>
        </div>
    }
}
