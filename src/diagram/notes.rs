//! Sticky notes on the diagram (issue 19, item 3; `erd::decor::Sticky`): "Add note" in the
//! toolbar puts one in view; each is a box of free text edited in place, moved by its handle
//! (drag, or the arrow keys on it) and deleted by its ×. They live in `AppState::notes` (share
//! links, drafts), in layout units, in a layer that follows the view like the findings badges; the
//! layout never sees them. Exports draw them (`erd::render_svg_with_notes`), an embed draws them
//! read-only in its SVG (`draw_embedded`).
//!
//! Keys and pointers inside a note stay there: typing `0` or an arrow in its text neither fits nor
//! pans the diagram, and a double-click in it adds no table.

use super::ctx::Ctx;
use leptos::prelude::*;
use schemaplay_core::erd::decor::{self, Sticky, MAX_NOTES, NOTE_W};
use schemaplay_core::erd::view;

/// Layout units an arrow key moves a note (Shift: five times as far).
const KEY_STEP: f64 = 10.0;

/// Adds an empty note near the top of what is on screen, and puts the cursor in it. Not in the
/// focus view: its coordinates are not the full diagram's, where notes stand (and where the note
/// would have been put, unseen until Show all).
pub(super) fn add_note(cx: Ctx) {
    if cx.drawing.with_untracked(|d| d.focused) {
        return;
    }
    let (w, h) = cx.measure();
    let r = cx.view.get_untracked().visible(w, h);
    let x = ((r[0] + r[2]) / 2.0 - NOTE_W / 2.0).max(r[0] + 8.0).max(0.0);
    let y = (r[1] + (r[3] - r[1]) * 0.15).max(0.0);
    let (x, y) = view::round_pos(x, y);
    let mut added = None;
    cx.state.notes.update(|ns| {
        if ns.len() < MAX_NOTES {
            ns.push(Sticky { x, y, text: String::new() });
            added = Some(ns.len() - 1);
        }
    });
    if let Some(i) = added {
        request_animation_frame(move || {
            let sel = format!(".sticky-note[data-note=\"{i}\"] textarea");
            if let Some(el) = cx.viewport.get_untracked().and_then(|v| v.query_selector(&sel).ok().flatten()) {
                use wasm_bindgen::JsCast;
                if let Ok(t) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = t.focus();
                }
            }
        });
    }
}

/// A note being dragged by its handle: its index, the pointer's start and the note's start.
#[derive(Clone, Copy)]
struct Drag {
    index: usize,
    sx: f64,
    sy: f64,
    ox: f64,
    oy: f64,
}

fn move_to(cx: Ctx, index: usize, x: f64, y: f64) {
    let (x, y) = view::round_pos(x.max(0.0), y.max(0.0));
    cx.state.notes.update(|ns| {
        if let Some(n) = ns.get_mut(index) {
            n.x = x;
            n.y = y;
        }
    });
}

/// Note `index`'s position and text, tracked.
fn at(cx: Ctx, index: usize) -> Option<(f64, f64)> {
    cx.state.notes.with(|ns| ns.get(index).map(|n| (n.x, n.y)))
}

/// One note's box. Rows are keyed by index and read their note reactively, so a move or an edit
/// updates the same elements (a drag keeps its pointer capture, a key move its focus).
fn note_view(cx: Ctx, index: usize, drag: StoredValue<Option<Drag>>) -> impl IntoView {
    let label = format!("Note {}", index + 1);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        ev.stop_propagation();
        let step = if ev.shift_key() { 5.0 * KEY_STEP } else { KEY_STEP };
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, -step),
            "ArrowDown" => (0.0, step),
            _ => return,
        };
        ev.prevent_default();
        if let Some((x, y)) = untrack(|| at(cx, index)) {
            move_to(cx, index, x + dx, y + dy);
        }
    };
    let down = move |ev: leptos::ev::PointerEvent| {
        ev.stop_propagation();
        ev.prevent_default();
        use wasm_bindgen::JsCast;
        if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(ev.pointer_id());
        }
        let Some((ox, oy)) = untrack(|| at(cx, index)) else { return };
        drag.set_value(Some(Drag { index, sx: ev.client_x() as f64, sy: ev.client_y() as f64, ox, oy }));
    };
    let moving = move |ev: leptos::ev::PointerEvent| {
        ev.stop_propagation();
        let Some(d) = drag.get_value().filter(|d| d.index == index) else { return };
        let k = cx.view.get_untracked().k;
        let (nx, ny) = view::dragged(d.ox, d.oy, ev.client_x() as f64 - d.sx, ev.client_y() as f64 - d.sy, k);
        move_to(cx, index, nx, ny);
    };
    let up = move |ev: leptos::ev::PointerEvent| {
        ev.stop_propagation();
        drag.set_value(None);
    };
    let left = move || at(cx, index).map_or_else(String::new, |(x, _)| format!("calc(var(--vx) + {x:.1}px * var(--vk))"));
    let top = move || at(cx, index).map_or_else(String::new, |(_, y)| format!("calc(var(--vy) + {y:.1}px * var(--vk))"));
    let text = move || cx.state.notes.with(|ns| ns.get(index).map(|n| n.text.clone()).unwrap_or_default());
    view! {
        <div
            class="sticky-note"
            data-note=index.to_string()
            style:left=left
            style:top=top
            on:pointerdown=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
        >
            <div class="sticky-bar">
                <button
                    class="sticky-move"
                    aria-label=format!("Move {label} (drag, or arrow keys)")
                    title="Drag to move (arrow keys too)"
                    on:pointerdown=down
                    on:pointermove=moving
                    on:pointerup=up
                    on:pointercancel=up
                    on:keydown=on_key
                >
                    "⠿"
                </button>
                <button class="sticky-del" aria-label=format!("Delete {label}") title="Delete this note" on:click=move |_| remove(cx, index)>
                    "×"
                </button>
            </div>
            <textarea
                class="sticky-text"
                aria-label=label.clone()
                placeholder="Note…"
                maxlength=decor::NOTE_MAX_CHARS.to_string()
                prop:value=text
                on:keydown=|ev| ev.stop_propagation()
                on:change=move |ev| {
                    let t = event_target_value(&ev);
                    cx.state.notes.update(|ns| {
                        if let Some(n) = ns.get_mut(index) {
                            n.text = t.chars().take(decor::NOTE_MAX_CHARS).collect();
                        }
                    });
                }
            ></textarea>
        </div>
    }
}

fn remove(cx: Ctx, index: usize) {
    cx.state.notes.update(|ns| {
        if index < ns.len() {
            ns.remove(index);
        }
    });
    if let Some(v) = cx.viewport.get_untracked() {
        let _ = v.focus();
    }
}

/// The notes layer (the app's: `Tools::layers`). Not in focus mode: notes stand in the full
/// diagram's space.
pub(super) fn layer(cx: Ctx) -> impl IntoView {
    let drag: StoredValue<Option<Drag>> = StoredValue::new(None);
    let vars = move || {
        let v = cx.view.get();
        format!("--vx:{:.2}px;--vy:{:.2}px;--vk:{:.5}", v.x, v.y, v.k)
    };
    let count = move || if cx.drawing.with(|d| d.focused) { 0 } else { cx.state.notes.with(Vec::len) };
    view! {
        <div class="erd-notes" style=vars>
            <For each=move || 0..count() key=|i| *i children=move |i| note_view(cx, i, drag) />
        </div>
    }
}

/// An embed's notes, read-only, drawn into its SVG's `g.notes-layer` (`erd::decor::render_notes`).
/// Called by the SVG document's effect, so it runs once the document exists (and tracks the notes).
pub(super) fn draw_embedded(cx: Ctx, focused: bool) {
    let html = cx.state.notes.with(|ns| {
        let mut out = String::new();
        if !focused {
            decor::render_notes(&mut out, ns);
        }
        out
    });
    let layer = cx.scene.try_with_value(|s| s.svg.as_ref().and_then(|svg| svg.query_selector("svg > g.notes-layer").ok().flatten())).flatten();
    if let Some(layer) = layer {
        layer.set_inner_html(&html);
    }
}
