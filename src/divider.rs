//! The draggable divider between the editor and the output panels (pointer and keyboard).

use crate::state::AppState;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const MIN_SPLIT: f64 = 0.2;
pub const MAX_SPLIT: f64 = 0.8;

pub fn clamp_split(f: f64) -> f64 {
    if f.is_nan() {
        0.5
    } else {
        f.clamp(MIN_SPLIT, MAX_SPLIT)
    }
}

#[component]
pub fn Divider(workspace: NodeRef<Div>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);

    let move_to = move |client_x: f64| {
        if let Some(ws) = workspace.get_untracked() {
            let r = ws.get_bounding_client_rect();
            if r.width() > 0.0 {
                state.split.set(clamp_split((client_x - r.left()) / r.width()));
            }
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(ev.pointer_id());
        }
        dragging.set(true);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if dragging.get_untracked() {
            move_to(ev.client_x() as f64);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => -0.05,
            "ArrowRight" => 0.05,
            _ => return,
        };
        ev.prevent_default();
        state.split.update(|s| *s = clamp_split(*s + step));
    };

    view! {
        <div
            class="divider"
            class:dragging=move || dragging.get()
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize editor and output"
            aria-valuemin=(MIN_SPLIT * 100.0).to_string()
            aria-valuemax=(MAX_SPLIT * 100.0).to_string()
            aria-valuenow=move || format!("{:.0}", state.split.get() * 100.0)
            tabindex="0"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=move |_| dragging.set(false)
            on:pointercancel=move |_| dragging.set(false)
            on:keydown=on_key
        ></div>
    }
}
