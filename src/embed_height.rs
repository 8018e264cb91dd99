//! Auto-resize of a docs embed (issue 20): the embedded page tells its parent how tall it wants to
//! be, and grows to its content once the parent answers.
//!
//! The message shape (documented in README "Embedding"):
//! - embed → parent, on load and whenever the height changes:
//!   `{ "type": "schemaplay:height", "height": <CSS px, integer>, "view": "<view id>" }`;
//! - parent → embed, from the listener script the Embed dialog's snippet carries:
//!   `{ "type": "schemaplay:autoheight" }`. From then on the page lays out at its content's
//!   natural height (`data-autoheight` on `<html>`: no inner scrolling, the diagram at its
//!   fit-to-width height) and reports that. Without the listener nothing changes: the iframe's
//!   fixed height and the page's own scrolling work as before.

use crate::browser;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const HEIGHT_MESSAGE: &str = "schemaplay:height";
pub const AUTOHEIGHT_MESSAGE: &str = "schemaplay:autoheight";
/// The listener lines of the Embed dialog's snippet: size the iframe that sent the message, and
/// answer it so it lays out at its content's height. Kept in step with `public/schema-diagram.js`.
pub const LISTENER: &str = r#"<script>addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="schemaplay:height")return;document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source){f.style.height=Math.max(80,Math.round(d.height))+"px";e.source.postMessage({type:"schemaplay:autoheight"},"*")}})})</script>"#;

/// The message the embed posts: `{type, height, view}`.
fn height_message(height: f64, view: &str) -> js_sys::Object {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.round().into());
    let _ = js_sys::Reflect::set(&msg, &"view".into(), &view.into());
    msg
}

/// The height an embed's message asks for, when `data` is one (`{type: HEIGHT_MESSAGE, height}`).
pub fn requested_height(data: &wasm_bindgen::JsValue) -> Option<f64> {
    let kind = js_sys::Reflect::get(data, &"type".into()).ok()?.as_string()?;
    let h = js_sys::Reflect::get(data, &"height".into()).ok()?.as_f64()?;
    (kind == HEIGHT_MESSAGE && h.is_finite()).then(|| h.round().max(80.0))
}

/// Answers an embed that sent a height message (`source`: the message's `source`).
pub fn answer(source: &js_sys::Object) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &AUTOHEIGHT_MESSAGE.into());
    if let Ok(post) = js_sys::Reflect::get(source, &"postMessage".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = post.call2(source, &msg, &"*".into());
    }
}

fn content_height() -> Option<f64> {
    let doc = document();
    let auto = doc.document_element()?.has_attribute("data-autoheight");
    match doc.query_selector(".embed").ok().flatten() {
        // At its content's height: the embed's own box (the page is at least as tall as the frame).
        Some(embed) if auto => Some(embed.get_bounding_client_rect().height().ceil()),
        // Before the parent answered: as tall as the frame (the page scrolls inside it).
        _ => Some(doc.document_element()?.scroll_height() as f64),
    }
}

/// Starts reporting the height of this embed to its parent (nothing when not in a frame): once
/// the `.embed` element is in the page, and again whenever a `ResizeObserver` sees its box or the
/// frame's change size (a message only when the height changed by a pixel or more).
pub fn start(view: String, embed: NodeRef<leptos::html::Div>) {
    let Some(win) = web_sys::window() else { return };
    let Some(parent) = win.parent().ok().flatten() else { return };
    if parent == win {
        return;
    }
    let on_message = window_event_listener(leptos::ev::message, |ev: web_sys::MessageEvent| {
        let data = ev.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        if kind.as_deref() == Some(AUTOHEIGHT_MESSAGE) {
            browser::set_root_data("autoheight", "1");
        }
    });
    on_cleanup(move || on_message.remove());
    let last = std::cell::Cell::new(0.0f64);
    let post = move || {
        let Some(h) = content_height() else { return };
        if (h - last.get()).abs() < 1.0 {
            return;
        }
        last.set(h);
        let _ = parent.post_message(&height_message(h, &view), "*");
    };
    embed.on_load(move |el| {
        post();
        // The embed page lives as long as its frame: the observer and its callback are never dropped.
        let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post);
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            if let Some(root) = document().document_element() {
                observer.observe(&root);
            }
        }
        on_resize.forget();
    });
}
