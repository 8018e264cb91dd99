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
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    match doc.dyn_into::<web_sys::HtmlDocument>() {
        Ok(html) => html.exec_command_with_show_ui_and_value("insertText", false, text).unwrap_or(false),
        Err(_) => false,
    }
}

/// Sets `data-<name>` on the root element (`<html>`), where the CSS reads the theme.
pub fn set_root_data(name: &str, value: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute(&format!("data-{name}"), value);
    }
}
