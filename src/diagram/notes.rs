//! Sticky notes on the diagram (issue 19, item 3; `erd::decor::Sticky`): "Add note" in the
//! toolbar puts one in view; each is a box of free text edited in place, moved by its handle
//! (drag, or the arrow keys on it) and deleted by its ×. They live in `AppState::notes` (share
//! links, drafts), in layout units, in a layer that follows the view like the findings badges; the
//! layout never sees them. Exports draw the notes of the view (`erd::render_svg_with_notes`), an
//! embed draws them read-only in its SVG (`draw_embedded`).
//!
//! A note has a place per view (`erd::decor::placed`): the full diagram, and each Focus view it
//! was put or moved in. One added in a Focus view stands there where it was put, and in the full
//! diagram at the same offset from the focused table; a note of the full diagram shows in a Focus
//! view when its nearest table is in it.
//!
//! The notes a DBML input declares (`Note name { '...' }`, `Schema::notes`) show too, in a column
//! right of the diagram (`decor::input_notes`), marked as the DBML's: typing in one rewrites its
//! string in the DBML text (`decor::rewrite_input_note`, one undoable edit); they are moved and
//! deleted in the text (DBML keeps no place for them).
//!
//! Keys and pointers inside a note stay there: typing `0` or an arrow in its text neither fits nor
//! pans the diagram, and a double-click in it adds no table.

use super::ctx::Ctx;
use leptos::prelude::*;
use schemaplay_core::erd::decor::{self, Sticky, MAX_NOTES, NOTE_W};
use schemaplay_core::erd::{view, Layout};
use std::sync::Arc;

/// Layout units an arrow key moves a note (Shift: five times as far).
const KEY_STEP: f64 = 10.0;

/// Which note a box shows: the person's (`AppState::notes[i]`) or the input's (`Schema::notes[i]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum NoteId {
    Mine(usize),
    Input(usize),
}

/// A note the current view shows, at its place there (layout units of the drawing).
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    id: NoteId,
    x: f64,
    y: f64,
}

/// The view's notes (reads the signals it is given, tracked or not as the caller is): every note
/// (the person's, then the input's placed right of the full diagram), the focused table in a
/// Focus view, the full diagram's layout (when known) and the drawing's.
struct ViewNotes {
    all: Vec<Sticky>,
    mine: usize,
    focus: Option<String>,
    full: Option<Arc<Layout>>,
    drawn: Arc<Layout>,
}

impl ViewNotes {
    fn of(cx: Ctx) -> ViewNotes {
        let (focused, drawn) = cx.drawing.with(|d| (d.focused, d.layout.clone()));
        let focus = if focused { cx.focus.get() } else { None };
        let full = if focused { super::cache::last_full_layout() } else { Some(drawn.clone()) };
        let mut all = cx.state.notes.get();
        let mine = all.len();
        if let Some(f) = &full {
            cx.state.analysis.with(|a| all.extend(decor::input_notes(&a.schema.notes, f)));
        }
        ViewNotes { all, mine, focus, full, drawn }
    }

    fn shown(&self) -> Vec<Shown> {
        decor::placed(&self.all, self.focus.as_deref(), self.full.as_deref(), &self.drawn)
            .into_iter()
            .map(|(i, x, y)| Shown { id: if i < self.mine { NoteId::Mine(i) } else { NoteId::Input(i - self.mine) }, x, y })
            .collect()
    }

    /// The view's notes at their places there (what an export or an embed draws).
    fn drawn_notes(&self) -> Vec<Sticky> {
        decor::in_view(&self.all, self.focus.as_deref(), self.full.as_deref(), &self.drawn)
    }
}

/// The notes of the view as an export draws them (the view's own, at their places there).
pub(super) fn for_export(cx: Ctx) -> Vec<Sticky> {
    untrack(|| ViewNotes::of(cx).drawn_notes())
}

/// Adds an empty note near the top of what is on screen, and puts the cursor in it. In a Focus
/// view it stands there, and in the full diagram at the same offset from the focused table.
pub(super) fn add_note(cx: Ctx) {
    let (w, h) = cx.measure();
    let r = cx.view.get_untracked().visible(w, h);
    let x = ((r[0] + r[2]) / 2.0 - NOTE_W / 2.0).max(r[0] + 8.0).max(0.0);
    let y = (r[1] + (r[3] - r[1]) * 0.15).max(0.0);
    let (x, y) = view::round_pos(x, y);
    let vn = untrack(|| ViewNotes::of(cx));
    let mut note = Sticky { x, y, ..Default::default() };
    if let Some(f) = &vn.focus {
        let (fx, fy) = vn.full.as_deref().and_then(|full| decor::carried(f, (x, y), &vn.drawn, full)).unwrap_or((x, y));
        let (fx, fy) = view::round_pos(fx, fy);
        note.set_pos(None, fx, fy);
        note.set_pos(Some(f), x, y);
    }
    let mut added = None;
    cx.state.notes.update(|ns| {
        if ns.len() < MAX_NOTES {
            ns.push(note);
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

/// Puts the person's note `index` at `(x, y)` in the current view.
fn move_to(cx: Ctx, index: usize, x: f64, y: f64) {
    let (x, y) = view::round_pos(x.max(0.0), y.max(0.0));
    let focus = cx.focus.get_untracked().filter(|_| cx.drawing.with_untracked(|d| d.focused));
    cx.state.notes.update(|ns| {
        if let Some(n) = ns.get_mut(index) {
            n.set_pos(focus.as_deref(), x, y);
        }
    });
}

/// Where note `id` stands in the view, tracked.
fn at(shown: Memo<Vec<Shown>>, id: NoteId) -> Option<(f64, f64)> {
    shown.with(|s| s.iter().find(|n| n.id == id).map(|n| (n.x, n.y)))
}

/// The bar of a person's note: its move handle and its ×.
fn own_bar(cx: Ctx, index: usize, shown: Memo<Vec<Shown>>, drag: StoredValue<Option<Drag>>, label: String) -> impl IntoView {
    let id = NoteId::Mine(index);
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
        if let Some((x, y)) = untrack(|| at(shown, id)) {
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
        let Some((ox, oy)) = untrack(|| at(shown, id)) else { return };
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
    view! {
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
    }
}

/// The bar of an input's note: whose it is, and why it is not moved or deleted here.
fn input_bar(name: String) -> impl IntoView {
    view! {
        <div class="sticky-bar">
            <span
                class="sticky-src"
                title=format!("Note {name} of the DBML text: what you type here is written there; move or delete it in the text (DBML keeps no place for notes)")
            >
                {format!("DBML: {name}")}
            </span>
        </div>
    }
}

/// The text of note `id`, tracked.
fn text_of(cx: Ctx, id: NoteId) -> String {
    match id {
        NoteId::Mine(i) => cx.state.notes.with(|ns| ns.get(i).map(|n| n.text.clone())),
        NoteId::Input(i) => cx.state.analysis.with(|a| a.schema.notes.get(i).map(|n| n.text.clone())),
    }
    .unwrap_or_default()
}

/// A note's new text: the person's note keeps it; an input's note writes it into the text.
fn set_text(cx: Ctx, id: NoteId, text: String) {
    let text: String = text.chars().take(decor::NOTE_MAX_CHARS).collect();
    match id {
        NoteId::Mine(i) => cx.state.notes.update(|ns| {
            if let Some(n) = ns.get_mut(i) {
                n.text = text;
            }
        }),
        NoteId::Input(i) => {
            let fix = cx.state.analysis.with_untracked(|a| a.schema.notes.get(i).and_then(|n| decor::rewrite_input_note(n, &text)));
            if let Some(fix) = fix {
                if !crate::findings::apply_fix(cx.state, &fix, fix.description.clone()) {
                    crate::toast::show("The schema is still being read: type the note again in a moment.", None);
                }
            }
        }
    }
}

/// One note's box. Rows are keyed by note and read their place and text reactively, so a move or
/// an edit updates the same elements (a drag keeps its pointer capture, a key move its focus).
fn note_view(cx: Ctx, id: NoteId, shown: Memo<Vec<Shown>>, drag: StoredValue<Option<Drag>>) -> impl IntoView {
    let (data, label, bar) = match id {
        NoteId::Mine(i) => (i.to_string(), format!("Note {}", i + 1), own_bar(cx, i, shown, drag, format!("Note {}", i + 1)).into_any()),
        NoteId::Input(i) => {
            let name = untrack(|| cx.state.analysis.with(|a| a.schema.notes.get(i).map(|n| n.name.clone()))).unwrap_or_default();
            (format!("dbml-{i}"), format!("DBML note {name}"), input_bar(name).into_any())
        }
    };
    let left = move || at(shown, id).map_or_else(String::new, |(x, _)| format!("calc(var(--vx) + {x:.1}px * var(--vk))"));
    let top = move || at(shown, id).map_or_else(String::new, |(_, y)| format!("calc(var(--vy) + {y:.1}px * var(--vk))"));
    view! {
        <div
            class="sticky-note"
            class:sticky-input=matches!(id, NoteId::Input(_))
            data-note=data
            style:left=left
            style:top=top
            on:pointerdown=|ev| ev.stop_propagation()
            on:dblclick=|ev| ev.stop_propagation()
        >
            {bar}
            <textarea
                class="sticky-text"
                aria-label=label
                placeholder="Note…"
                maxlength=decor::NOTE_MAX_CHARS.to_string()
                prop:value=move || text_of(cx, id)
                on:keydown=|ev| ev.stop_propagation()
                on:change=move |ev| set_text(cx, id, event_target_value(&ev))
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

/// The notes layer (the app's: `Tools::layers`): the view's notes at their places there.
pub(super) fn layer(cx: Ctx) -> impl IntoView {
    let drag: StoredValue<Option<Drag>> = StoredValue::new(None);
    let vars = move || {
        let v = cx.view.get();
        format!("--vx:{:.2}px;--vy:{:.2}px;--vk:{:.5}", v.x, v.y, v.k)
    };
    let shown = Memo::new(move |_| ViewNotes::of(cx).shown());
    let ids = move || shown.with(|s| s.iter().map(|n| n.id).collect::<Vec<_>>());
    view! {
        <div class="erd-notes" style=vars>
            <For each=ids key=|id| *id children=move |id| note_view(cx, id, shown, drag) />
        </div>
    }
}

/// An embed's notes, read-only, drawn into its SVG's `g.notes-layer` (`erd::decor::render_notes`):
/// the view's notes at their places there. Called by the SVG document's effect, so it runs once
/// the document exists (and tracks the notes).
pub(super) fn draw_embedded(cx: Ctx) {
    let notes = ViewNotes::of(cx).drawn_notes();
    let mut html = String::new();
    decor::render_notes(&mut html, &notes);
    let layer = cx.scene.try_with_value(|s| s.svg.as_ref().and_then(|svg| svg.query_selector("svg > g.notes-layer").ok().flatten())).flatten();
    if let Some(layer) = layer {
        layer.set_inner_html(&html);
    }
}
