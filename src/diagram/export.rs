//! SVG and PNG export of the whole drawing (not only the mounted pieces), and the theme the
//! engine's SVG is drawn in.

use super::ctx::Ctx;
use crate::state::Theme as AppTheme;
use leptos::prelude::*;
use schemaplay_core::erd::raster::{self, Raster};
use schemaplay_core::erd::{self, view, SvgOptions, Theme};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

pub(crate) fn svg_theme(t: AppTheme) -> Theme {
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

/// The export's file name (`danbooru-diagram.png`, `shop-focus-users.svg`): `erd::view`.
fn file_name(cx: Ctx, ext: &str) -> String {
    let file = cx.state.source_name.get_untracked();
    let stem = cx.full.with_untracked(|g| view::export_stem(file.as_deref(), g.tables.iter().map(|t| t.schema.as_deref())));
    let focus = cx.focus.get_untracked().filter(|_| cx.drawing.with_untracked(|d| d.focused));
    view::export_file_name(&stem, focus.as_deref(), ext)
}

/// Draws `svg` on a `cw × ch` canvas through an `<img>` and downloads it as PNG (no network
/// involved); the size comes from `erd::raster::plan`.
fn export_png(svg: String, cw: u32, ch: u32, name: String) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(img) = web_sys::HtmlImageElement::new() else { return };
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
        let cb = Closure::once_into_js(move |blob: Option<web_sys::Blob>| match blob {
            Some(b) => download_blob(&b, &name),
            None => crate::toast::show(format!("The browser could not make a {cw} × {ch} px PNG; export the SVG instead."), None),
        });
        let _ = canvas.to_blob(cb.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
}

/// The whole drawing as an SVG file (guarded like the rest of the panel's work), with its size.
fn whole_svg(cx: Ctx) -> Option<(String, f64, f64)> {
    let theme = export_theme(cx.state.theme.get_untracked());
    let ends = untrack(|| super::effects::choice::<erd::cardinality::EndStyle>(cx.state));
    let (graph, layout) = cx.drawing.with_untracked(|d| (d.graph.clone(), d.layout.clone()));
    // the view's notes at their places there (a Focus view's own: `notes::for_export`)
    let notes = super::notes::for_export(cx);
    let (w, h) = erd::decor::bounds_with_notes(layout.width, layout.height, &notes);
    crate::guard::run(move || erd::render_svg_with_notes(&graph, &layout, &SvgOptions { theme, ends }, &notes))
        .map(|s| (s, w, h))
        .map_err(|e| cx.failure.set(Some(e)))
        .ok()
}

pub(super) fn export_svg(cx: Ctx) {
    if let Some((s, _, _)) = whole_svg(cx) {
        download(&JsValue::from_str(&s), "image/svg+xml", &file_name(cx, "svg"));
    }
}

/// A PNG at the size `erd::raster::plan` chooses from both sides; a drawing too large for a
/// readable PNG is exported as SVG, with a toast saying why.
pub(super) fn export_png_click(cx: Ctx) {
    let Some((s, w, h)) = whole_svg(cx) else { return };
    match raster::plan(w, h) {
        Raster::Png { width, height, .. } => export_png(s, width, height, file_name(cx, "png")),
        Raster::TooLarge { scale } => {
            download(&JsValue::from_str(&s), "image/svg+xml", &file_name(cx, "svg"));
            crate::toast::show(raster::too_large_message(w, h, scale), None);
        }
    }
}
