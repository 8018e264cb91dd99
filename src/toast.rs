//! Feedback for actions that change an editor's text (Fix, Fix all, Apply safe version): the
//! change is made as one editing command (one native undo step), the editor scrolls to it and
//! briefly highlights the changed lines, and a short toast says what changed, with Undo.
//!
//! [`replace`] is the one way a panel edits an editor's text from outside; [`Toasts`] renders the
//! toast; [`flash`] is what an editor reads to highlight the changed lines.

use crate::editor::byte_to_utf16;
use leptos::html::Textarea;
use leptos::prelude::*;
use std::time::Duration;

/// How long a toast stays (a new one replaces it at once).
const TOAST_FOR: Duration = Duration::from_secs(10);
/// Must match `--editor-line-height` in style/editor.css.
const LINE_HEIGHT: f64 = 20.0;

/// One change made to an editor's text: where, what was there, what is there now.
#[derive(Clone)]
pub struct Change {
    /// The editor it was made in (its label, as `CodeEditor` is given it).
    pub editor: &'static str,
    pub textarea: NodeRef<Textarea>,
    /// Sets the whole text where the browser's editing command is not used (no native undo).
    /// A plain closure, not a `Callback`: the toast outlives the view that made the change.
    pub set_text: SetText,
    pub start: usize,
    pub old: String,
    pub new: String,
    /// Made with the browser's editing command (Ctrl+Z in the editor also takes it back).
    pub native: bool,
}

/// Sets an editor's whole text (and analyses it).
pub type SetText = std::sync::Arc<dyn Fn(String) + Send + Sync>;

/// Lines `first..=last` (1-based) of the editor labelled `editor` changed; `seq` restarts the
/// highlight for a second change of the same lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flash {
    pub editor: &'static str,
    pub first: usize,
    pub last: usize,
    pub seq: u64,
}

#[derive(Clone)]
struct Toast {
    message: String,
    undo: Option<Change>,
    seq: u64,
}

thread_local! {
    static TOAST: ArcRwSignal<Option<ToastCell>> = ArcRwSignal::new(None);
    static FLASH: ArcRwSignal<Option<Flash>> = ArcRwSignal::new(None);
}

/// The toast, kept behind an `Arc` so the signal's value is `Send + Sync` (`NodeRef` and
/// `Callback` are).
#[derive(Clone)]
struct ToastCell(std::sync::Arc<Toast>);

/// The lines to highlight now (reactive).
pub fn flash() -> Option<Flash> {
    FLASH.with(|f| f.get())
}

fn next_seq() -> u64 {
    TOAST.with(|t| t.with_untracked(|t| t.as_ref().map_or(0, |c| c.0.seq))) + 1
}

/// Shows `message` (with Undo when `undo` is given) until the next toast or a few seconds.
pub fn show(message: impl Into<String>, undo: Option<Change>) {
    let mut message = message.into();
    if undo.as_ref().is_some_and(|c| !c.native) {
        message.push_str(" (too large for the editor's own undo: use Undo here)");
    }
    let seq = next_seq();
    TOAST.with(|t| t.set(Some(ToastCell(std::sync::Arc::new(Toast { message, undo, seq })))));
    set_timeout(
        move || {
            TOAST.with(|t| {
                if t.with_untracked(|c| c.as_ref().is_some_and(|c| c.0.seq == seq)) {
                    t.set(None);
                }
            })
        },
        TOAST_FOR,
    );
}

fn dismiss() {
    TOAST.with(|t| t.set(None));
}

/// Replaces bytes `start..end` of `text` (what the textarea holds) with `new` as one editing
/// command, so Ctrl+Z takes it back in one step; where the browser has none, or the command would
/// take too long, sets the whole text through `set_text` (no native undo). Only the span that
/// really changes is given to the command (the text both keep at its ends stays). Then scrolls
/// to the change and highlights its lines. Returns the change made, for a toast's Undo; `None`
/// when the textarea no longer holds `text`.
pub fn replace(editor: &'static str, textarea: NodeRef<Textarea>, set_text: SetText, text: &str, start: usize, end: usize, new: &str) -> Option<Change> {
    let el = textarea.get_untracked()?;
    if el.value() != text || end < start || !text.is_char_boundary(start) || !text.is_char_boundary(end.min(text.len())) {
        return None;
    }
    let end = end.min(text.len());
    let (s, e, new) = crate::input_kind::changed_range(&text[start..end], new);
    let (start, end) = (start + s, start + e);
    let _ = el.focus();
    let _ = el.set_selection_range(byte_to_utf16(text, start), byte_to_utf16(text, end));
    // The command's time grows with the line breaks inserted times the text's size (seconds for
    // a Fix all over a large dump): such a change is set directly, and the toast's Undo takes it
    // back (the editor's own undo does not).
    let native = crate::browser::native_edit_affordable(text.len() - (end - start) + new.len(), new);
    let done = native && crate::browser::insert_text(new) && el.value() != text;
    if !done {
        let mut whole = text.to_string();
        whole.replace_range(start..end, new);
        el.set_value(&whole);
        set_text(whole);
    }
    let change = Change { editor, textarea, set_text, start, old: text[start..end].to_string(), new: new.to_string(), native: done };
    show_change(&change, text);
    Some(change)
}

/// Scrolls the editor to the change's first line and highlights the lines it now covers.
fn show_change(change: &Change, before: &str) {
    let first = before[..change.start].matches('\n').count() + 1;
    let last = first + change.new.trim_end_matches('\n').matches('\n').count();
    if let Some(el) = change.textarea.get_untracked() {
        let top = (first.saturating_sub(1) as f64) * LINE_HEIGHT - el.client_height() as f64 / 3.0;
        el.set_scroll_top(top.max(0.0) as i32);
    }
    let seq = FLASH.with(|f| f.with_untracked(|f| f.map_or(0, |f| f.seq))) + 1;
    FLASH.with(|f| f.set(Some(Flash { editor: change.editor, first, last, seq })));
}

/// Takes a change back, if the text around it is still as the change left it.
fn undo(change: &Change) -> bool {
    let Some(el) = change.textarea.get_untracked() else { return false };
    let text = el.value();
    let end = change.start + change.new.len();
    if text.get(change.start..end) != Some(change.new.as_str()) {
        return false;
    }
    replace(change.editor, change.textarea, change.set_text.clone(), &text, change.start, end, &change.old).is_some()
}

/// The toast region (one at a time, announced politely).
#[component]
pub fn Toasts() -> impl IntoView {
    let toast = TOAST.with(|t| t.clone());
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || {
                toast.get().map(|cell| {
                    let t = cell.0.clone();
                    let undo_button = t.undo.clone().map(|change| {
                        view! {
                            <button class="btn btn-small toast-undo" on:click=move |_| {
                                if undo(&change) {
                                    show("Undone.", None);
                                } else {
                                    show("Could not undo: the text has changed since. Ctrl+Z in the editor still can.", None);
                                }
                            }>"Undo"</button>
                        }
                    });
                    view! {
                        <div class="toast" data-seq=t.seq>
                            <span class="toast-text">{t.message.clone()}</span>
                            {undo_button}
                            <button class="toast-close" aria-label="Dismiss" on:click=move |_| dismiss()>"×"</button>
                        </div>
                    }
                })
            }}
        </div>
    }
}
