//! Pointer, wheel and keyboard input on the diagram's viewport: pan, pinch-zoom, table dragging
//! (on touch after holding a finger on the table), hover highlighting, tap/click to select and
//! reveal. The maths is `erd::view`'s.

use super::cache::{has_layout, layout_in_worker};
use super::ctx::Ctx;
use super::overlay::Link;
use super::{LIVE_DRAG_TABLES, LONG_PRESS, WORKER_TABLES};
use leptos::prelude::*;
use schemaplay_core::erd::view::{self, View};
use wasm_bindgen::JsCast;
use web_sys::Element;

pub(super) enum Gesture {
    None,
    /// `tap`: a touch that began on this table selects it if the finger does not move.
    Pan { sx: f64, sy: f64, start: View, tap: Option<(String, usize)>, moved: bool },
    /// Two touch pointers: `d0` their distance and `(mx, my)` their midpoint (viewport-relative)
    /// when the pinch began.
    Pinch { d0: f64, mx: f64, my: f64, start: View },
    Table { key: String, index: usize, sx: f64, sy: f64, ox: f64, oy: f64, moved: bool, el: Element },
    /// A relationship dragged from the handle of column `column` of box `key` (`overlay`).
    Link { key: String, column: String },
}

pub(super) fn closest(target: Option<web_sys::EventTarget>, sel: &str) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest(sel).ok()?
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0)
}

fn start_pinch(cx: Ctx) {
    let t = cx.touches.get_value();
    if t.len() < 2 {
        return;
    }
    let (a, b) = (cx.local(t[0].1, t[0].2), cx.local(t[1].1, t[1].2));
    let d0 = distance(a, b);
    cx.gesture.set_value(Gesture::Pinch { d0, mx: (a.0 + b.0) / 2.0, my: (a.1 + b.1) / 2.0, start: cx.view.get_untracked() });
}

/// Touch: one finger pans (a tap on a table selects it), two fingers pinch-zoom; a finger held
/// still on a table lifts it, and from then on it drags the table.
fn touch_down(cx: Ctx, ev: &leptos::ev::PointerEvent, hit: Option<(String, usize, Element)>) {
    let (sx, sy) = (ev.client_x() as f64, ev.client_y() as f64);
    let id = ev.pointer_id();
    cx.touches.update_value(|t| {
        t.retain(|p| p.0 != id);
        t.push((id, sx, sy));
    });
    if cx.touches.with_value(|t| t.len()) >= 2 {
        start_pinch(cx);
        return;
    }
    let tap = hit.as_ref().map(|(k, i, _)| (k.clone(), *i));
    cx.gesture.set_value(Gesture::Pan { sx, sy, start: cx.view.get_untracked(), tap, moved: false });
    let Some((key, index, el)) = hit else { return };
    set_timeout(
        move || {
            let still = cx.touches.try_with_value(|t| t.len() == 1 && t[0].0 == id) == Some(true)
                && cx.gesture.try_with_value(|g| matches!(g, Gesture::Pan { moved: false, tap: Some((k, _)), .. } if *k == key))
                    == Some(true);
            if !still {
                return;
            }
            let Some((ox, oy)) = cx.drawing.try_with_untracked(|d| d.layout.tables.get(index).map(|b| (b.x, b.y))).flatten() else {
                return;
            };
            let _ = el.class_list().add_1("lifted");
            cx.gesture.set_value(Gesture::Table { key, index, sx, sy, ox, oy, moved: false, el });
        },
        LONG_PRESS,
    );
}

/// The layout point under a pointer at client `(x, y)`.
fn layout_point(cx: Ctx, x: f64, y: f64) -> (f64, f64) {
    let (lx, ly) = cx.local(x, y);
    cx.view.get_untracked().to_layout(lx, ly)
}

/// A relationship drag starts on a row's handle.
fn start_link(cx: Ctx, ev: &leptos::ev::PointerEvent, handle: &Element) {
    let (key, column) = (handle.get_attribute("data-key").unwrap_or_default(), handle.get_attribute("data-col").unwrap_or_default());
    let r = handle.get_bounding_client_rect();
    let from = cx.local(r.left() + r.width() / 2.0, r.top() + r.height() / 2.0);
    let to = cx.local(ev.client_x() as f64, ev.client_y() as f64);
    cx.inline.set(None);
    cx.link.set(Some(Link { from, to, target: None }));
    cx.gesture.set_value(Gesture::Link { key, column });
}

/// What a relationship dragged to client `(x, y)` would reference: the box key and the column.
fn link_target(cx: Ctx, x: f64, y: f64) -> Option<(String, Option<String>)> {
    let (lx, ly) = layout_point(cx, x, y);
    super::overlay::target_at(cx, lx, ly)
}

pub(super) fn on_down(cx: Ctx, ev: leptos::ev::PointerEvent) {
    // the controls over the boxes take their own clicks (no pan, no pointer capture)
    if ev.button() != 0 || closest(ev.target(), ".inline-edit, .finding-badge, .badge-pop").is_some() {
        return;
    }
    let Some(vp) = cx.viewport.try_get_untracked().flatten() else { return };
    let _ = vp.focus();
    let _ = vp.set_pointer_capture(ev.pointer_id());
    let (sx, sy) = (ev.client_x() as f64, ev.client_y() as f64);
    if let Some(h) = closest(ev.target(), ".col-handle") {
        ev.prevent_default();
        start_link(cx, &ev, &h);
        return;
    }
    cx.inline.set(None);
    let hit = if cx.embed() { None } else { closest(ev.target(), "g.table") };
    let hit = hit.and_then(|el| {
        let key = el.get_attribute("data-key").unwrap_or_default();
        cx.table_index(&key).map(|index| (key, index, el))
    });
    ev.prevent_default();
    if ev.pointer_type() == "touch" {
        touch_down(cx, &ev, hit);
        return;
    }
    let g = match hit {
        Some((key, index, el)) => {
            let (ox, oy) = cx.drawing.with_untracked(|d| d.layout.tables.get(index).map(|b| (b.x, b.y)).unwrap_or((0.0, 0.0)));
            Gesture::Table { key, index, sx, sy, ox, oy, moved: false, el }
        }
        None => Gesture::Pan { sx, sy, start: cx.view.get_untracked(), tap: None, moved: false },
    };
    cx.gesture.set_value(g);
}

pub(super) fn on_move(cx: Ctx, ev: leptos::ev::PointerEvent) {
    let (px, py) = (ev.client_x() as f64, ev.client_y() as f64);
    if ev.pointer_type() == "touch" {
        let id = ev.pointer_id();
        cx.touches.update_value(|t| {
            if let Some(p) = t.iter_mut().find(|p| p.0 == id) {
                (p.1, p.2) = (px, py);
            }
        });
    }
    if cx.gesture.with_value(|g| matches!(g, Gesture::Link { .. })) {
        let target = link_target(cx, px, py).map(|(k, c)| c.map_or_else(|| k.clone(), |c| format!("{k}.{c}")));
        let to = cx.local(px, py);
        cx.link.update(|l| {
            if let Some(l) = l {
                l.to = to;
                l.target = target;
            }
        });
        return;
    }
    let mut commit: Option<(String, f64, f64)> = None;
    let live = cx.drawing.with_untracked(|d| d.graph.tables.len() <= LIVE_DRAG_TABLES);
    let pinch = cx.touches.with_value(|t| (t.len() >= 2).then(|| (t[0].1, t[0].2, t[1].1, t[1].2)));
    cx.gesture.update_value(|g| match g {
        Gesture::None => {}
        Gesture::Pan { sx, sy, start, moved, .. } => {
            if !*moved && (px - *sx).abs() + (py - *sy).abs() < 4.0 {
                return;
            }
            *moved = true;
            cx.view.set(View { x: start.x + px - *sx, y: start.y + py - *sy, k: start.k });
        }
        Gesture::Pinch { d0, mx, my, start } => {
            let Some((ax, ay, bx, by)) = pinch else { return };
            let (a, b) = (cx.local(ax, ay), cx.local(bx, by));
            let (nx, ny) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            cx.view.set(start.pinched(*d0, *mx, *my, distance(a, b), nx, ny));
        }
        Gesture::Link { .. } => {}
        Gesture::Table { key, sx, sy, ox, oy, moved, el, .. } => {
            let (dx, dy) = (px - *sx, py - *sy);
            if !*moved && dx.abs() + dy.abs() < 4.0 {
                return;
            }
            *moved = true;
            let (nx, ny) = view::dragged(*ox, *oy, dx, dy, cx.view.get_untracked().k);
            let _ = el.set_attribute("transform", &format!("translate({:.1} {:.1})", nx, ny));
            if live {
                commit = Some((key.clone(), nx, ny));
            }
        }
    });
    if let Some((key, x, y)) = commit {
        let k = cx.pos_key(&key);
        cx.state.positions.update(|p| {
            p.insert(k, view::round_pos(x, y));
        });
    }
}

/// A dragged table was dropped at `at` (layout space, rounded).
fn drop_table(cx: Ctx, key: String, at: (f64, f64)) {
    let pk = cx.pos_key(&key);
    let state = cx.state;
    let commit = move || {
        state.positions.update(|p| {
            p.insert(pk, at);
        })
    };
    // A large full diagram that needs a layered layout (not a change of the last one): the new
    // layout comes from the worker first (the box stays where it was dropped meanwhile), so the
    // page does not stall on release.
    let large = cx.drawing.with_untracked(|d| (!d.focused && d.graph.tables.len() >= WORKER_TABLES).then(|| d.graph.clone()));
    let later = commit.clone();
    let shown = super::effects::choice::<schemaplay_core::erd::shown::Shown>(cx.state);
    let sent = large.is_some_and(|g| {
        let mut pins = cx.state.positions.with_untracked(view::pins_of);
        pins.insert(key.clone(), [at.0, at.1]);
        !has_layout(&g, &pins, shown) && layout_in_worker(cx.embed(), &g, pins, shown, move |_| later())
    });
    if !sent {
        commit();
    }
}

pub(super) fn on_up(cx: Ctx, ev: leptos::ev::PointerEvent) {
    if ev.pointer_type() == "touch" {
        let id = ev.pointer_id();
        cx.touches.update_value(|t| t.retain(|p| p.0 != id));
        let rest = cx.touches.get_value();
        if cx.gesture.with_value(|g| matches!(g, Gesture::Pinch { .. })) {
            // One finger left after a pinch: it pans on from here, without a jump.
            cx.gesture.set_value(match rest.first() {
                Some(&(_, x, y)) => Gesture::Pan { sx: x, sy: y, start: cx.view.get_untracked(), tap: None, moved: true },
                None => Gesture::None,
            });
            return;
        }
        if !rest.is_empty() {
            return;
        }
    }
    let g = std::mem::replace(&mut *cx.gesture.write_value(), Gesture::None);
    match g {
        Gesture::Table { key, index, sx, sy, ox, oy, moved, el } => {
            let _ = el.class_list().remove_1("lifted");
            if moved {
                let (dx, dy) = (ev.client_x() as f64 - sx, ev.client_y() as f64 - sy);
                let (nx, ny) = view::dragged(ox, oy, dx, dy, cx.view.get_untracked().k);
                drop_table(cx, key, view::round_pos(nx, ny));
            } else {
                cx.selected.set(Some(key));
                cx.reveal_table(index);
            }
        }
        Gesture::Pan { tap: Some((key, index)), moved: false, .. } => {
            cx.selected.set(Some(key));
            cx.reveal_table(index);
        }
        Gesture::Link { key, column } => {
            cx.link.set(None);
            if let Some(t) = cx.tools {
                (t.relate)(cx, key, column, ev.client_x() as f64, ev.client_y() as f64);
            }
        }
        _ => {}
    }
}

pub(super) fn on_cancel(cx: Ctx, ev: leptos::ev::PointerEvent) {
    let id = ev.pointer_id();
    cx.touches.update_value(|t| t.retain(|p| p.0 != id));
    match std::mem::replace(&mut *cx.gesture.write_value(), Gesture::None) {
        Gesture::Table { el, .. } => {
            let _ = el.class_list().remove_1("lifted");
        }
        Gesture::Link { .. } => cx.link.set(None),
        _ => {}
    }
}

pub(super) fn on_wheel(cx: Ctx, ev: leptos::ev::WheelEvent) {
    ev.prevent_default();
    let scale = match ev.delta_mode() {
        1 => 16.0,
        2 => 400.0,
        _ => 1.0,
    };
    let (dx, dy) = (ev.delta_x() * scale, ev.delta_y() * scale);
    if ev.ctrl_key() || ev.meta_key() {
        let (x, y) = cx.local(ev.client_x() as f64, ev.client_y() as f64);
        cx.zoom_at((-dy * 0.002).exp(), x, y);
    } else {
        cx.view.update(|v| {
            v.x -= dx;
            v.y -= dy;
        });
    }
}

pub(super) fn on_key(cx: Ctx, ev: leptos::ev::KeyboardEvent) {
    let step = 60.0;
    match ev.key().as_str() {
        "ArrowLeft" => cx.view.update(|v| v.x += step),
        "ArrowRight" => cx.view.update(|v| v.x -= step),
        "ArrowUp" => cx.view.update(|v| v.y += step),
        "ArrowDown" => cx.view.update(|v| v.y -= step),
        "+" | "=" => cx.zoom_center(1.25),
        "-" | "_" => cx.zoom_center(0.8),
        "0" => cx.fit(),
        "Escape" => cx.focus.set(None),
        _ => return,
    }
    ev.prevent_default();
}

pub(super) fn on_over(cx: Ctx, ev: leptos::ev::PointerEvent) {
    if !cx.gesture.with_value(|g| matches!(g, Gesture::None)) {
        return;
    }
    if closest(ev.target(), ".erd-overlay").is_some() {
        // the handles of the hovered table: it stays hovered
        return;
    }
    if let Some(t) = closest(ev.target(), "g.table") {
        let key = t.get_attribute("data-key").unwrap_or_default();
        if cx.hover_key.get_untracked().as_deref() != Some(key.as_str()) {
            cx.hover_key.set(Some(key.clone()));
        }
        if cx.hovered.get_value().as_deref() != Some(key.as_str()) {
            cx.hovered.set_value(Some(key.clone()));
            cx.highlight_table(&key);
        }
    } else if let Some(e) = closest(ev.target(), "g.edge") {
        cx.hovered.set_value(None);
        cx.hover_key.set(None);
        cx.highlight_edge(&e);
    } else if cx.hovered.get_value().is_some() || cx.stage.try_get_untracked().flatten().is_some_and(|s| s.class_list().contains("hovering")) {
        cx.hovered.set_value(None);
        cx.hover_key.set(None);
        cx.clear_highlight();
    }
}

pub(super) fn on_leave(cx: Ctx) {
    cx.hovered.set_value(None);
    cx.hover_key.set(None);
    cx.clear_highlight();
}

/// A relationship dragged from `key.column` and dropped at client `(x, y)` (`Tools::relate`):
/// the engine adds it when it is over a table.
pub(super) fn relate(cx: Ctx, key: String, column: String, x: f64, y: f64) {
    if let Some((to, to_column)) = link_target(cx, x, y) {
        super::edit::add_relationship(cx, &key, &column, &to, to_column.as_deref());
    }
}

pub(super) fn on_dblclick(cx: Ctx, ev: leptos::ev::MouseEvent) {
    if let Some(t) = cx.tools {
        (t.dblclick)(cx, &ev);
    }
}

/// A double-click on a column's name or type edits it in place; elsewhere on a table it focuses
/// the table; on empty canvas it adds a table there (`Tools::dblclick`). What is under the
/// pointer is asked of the document: the viewport captured the pointer, so the event's own
/// target is the viewport.
pub(super) fn edit_on_dblclick(cx: Ctx, ev: &leptos::ev::MouseEvent) {
    let (x, y) = (ev.client_x(), ev.client_y());
    let under = document().element_from_point(x as f32, y as f32);
    let on = |sel: &str| under.as_ref().and_then(|e| e.closest(sel).ok().flatten()).is_some();
    if on(".erd-overlay, .erd-badges, .badge-pop, .erd-minimap, g.edge") {
        return;
    }
    if let Some(t) = under.as_ref().and_then(|e| e.closest("g.table").ok().flatten()) {
        let (lx, ly) = layout_point(cx, x as f64, y as f64);
        if !super::overlay::open_at(cx, lx, ly) {
            cx.focus.set(t.get_attribute("data-key"));
        }
    } else if !cx.drawing.with_untracked(|d| d.focused) {
        let (lx, ly) = cx.local(x as f64, y as f64);
        super::edit::add_table(cx, Some(cx.view.get_untracked().to_layout(lx, ly)));
    }
}
