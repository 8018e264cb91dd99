//! The minimap: every box as one path, and the visible area; a press or drag on it moves the view.

use super::ctx::Ctx;
use super::MINIMAP_TABLES;
use leptos::prelude::*;
use schemaplay_core::erd::view;
use wasm_bindgen::JsCast;
use web_sys::Element;

pub(super) fn minimap(cx: Ctx) -> impl IntoView {
    move || {
        let show = cx.drawing.with(|d| d.graph.tables.len() >= MINIMAP_TABLES && !d.focused);
        if !show {
            return None;
        }
        let (w, h, boxes) = cx.drawing.with(|d| (d.layout.width.max(1.0), d.layout.height.max(1.0), view::minimap_path(&d.layout)));
        let frame = move || {
            let v = cx.view.get();
            let (vw, vh) = cx.vp_size.get();
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
            let (vw, vh) = cx.measure();
            cx.view.update(|v| *v = v.centred_on(fx, fy, vw, vh, 0.0));
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
    }
}
