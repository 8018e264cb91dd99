//! Thin wrappers over the browser APIs the app touches (storage, editing commands, theme).
//! Every call tolerates a missing API (private mode, old browsers) instead of panicking.

use wasm_bindgen::JsCast;

pub fn storage_get(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// Inserts text at the textarea's selection through the browser's editing command, so the edit
/// joins the native undo stack (Ctrl+Z works) and fires the usual `input` event.
pub fn insert_text(text: &str) -> bool {
    html_document().is_some_and(|html| html.exec_command_with_show_ui_and_value("insertText", false, text).unwrap_or(false))
}

/// Runs the browser's `undo` or `redo` editing command on the focused text field: its native
/// history, where `insert_text`'s edits are (the usual `input` event follows).
pub fn undo_redo(redo: bool) -> bool {
    html_document().is_some_and(|html| html.exec_command(if redo { "redo" } else { "undo" }).unwrap_or(false))
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into::<web_sys::HtmlDocument>().ok()
}

/// What the browser's editing command may cost for one change: its time grows with the line breaks
/// inserted times the size of the text (each break splits the textarea's text anew). Measured in
/// Chromium on the busy 2-core dev machine (`scripts/bench-native-edit.mjs`, results in
/// `scripts/bench_native_edit.md`): into the danbooru dump (200 KB) 18 breaks took 0.9 s and 85
/// breaks 12 s, one 32 KB line without a break 0.1 s; 85 breaks into 20 KB took 1 s. About
/// 0.25–0.75 ms per break per KB of text: this budget is a few tenths of a second.
const NATIVE_EDIT_BUDGET: usize = 512;

/// Whether inserting `inserted` into a textarea holding `text_len` bytes through the editing
/// command ([`insert_text`]) is fast enough (see [`NATIVE_EDIT_BUDGET`]).
pub fn native_edit_affordable(text_len: usize, inserted: &str) -> bool {
    let breaks = inserted.bytes().filter(|&b| b == b'\n').count();
    breaks.saturating_mul(text_len / 1024 + 1) <= NATIVE_EDIT_BUDGET && inserted.len() <= 256 * 1024
}

/// Sets `data-<name>` on the root element (`<html>`), where the CSS reads the theme.
pub fn set_root_data(name: &str, value: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute(&format!("data-{name}"), value);
    }
}
