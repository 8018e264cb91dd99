//! The input's language in the header: what the text is read as (recognised, or chosen with the
//! selector), "Convert to SQL", and opening files (dropped on the editor or picked) whose names
//! say their kind; several files of one schema (a Prisma schema folder) open as one text.
//!
//! Every way the editor text is replaced here goes through [`replace_undoable`], so one Ctrl+Z
//! brings the previous text back.

use crate::editor::byte_to_utf16;
use crate::engine::{Failure, Reply, Request};
use crate::state::AppState;
use leptos::prelude::*;
use schemaplay_core::codegen::{Options, Target};
use schemaplay_core::parse::input::files::{self, SourceFile};
use schemaplay_core::parse::{recognize, InputKind};
use schemaplay_core::{examples, Dialect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Replacements larger than this are not given to the browser's editing command (it takes
/// seconds on megabytes); the previous text is kept for a Restore button instead.
const UNDO_MAX_BYTES: usize = 256 * 1024;

/// Paths worth reading from a drop or a pick: schema files of every kind, outside dependency and
/// hidden folders.
const SCHEMA_FILES: &str = r"^(?!(.*/)?(node_modules|\.[^/]*)/).*\.(sql|ddl|prisma|dbml|ts|mts|cts|js|mjs|cjs|json|txt)$";

/// A text set aside by a replacement too large for the browser's undo (see [`UNDO_MAX_BYTES`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub text: String,
    pub kind: Option<InputKind>,
    pub dialect: Dialect,
    /// What replaced it ("converted to SQL", "opened schema.prisma").
    pub what: String,
}

/// A replacement the browser's undo can revert: the text, language choice and database before
/// and after it. The browser restores only the text; [`UndoStep::settings_for`] says which
/// language and database go with the text an undo or redo brought back.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoStep {
    pub before: (String, Option<InputKind>, Dialect),
    pub after: (String, Option<InputKind>, Dialect),
}

impl UndoStep {
    /// The language choice and database for `text` when it is one side of this step.
    pub fn settings_for(&self, text: &str) -> Option<(Option<InputKind>, Dialect)> {
        [&self.before, &self.after].into_iter().find(|(t, _, _)| t == text).map(|(_, k, d)| (*k, *d))
    }
}

/// The byte range of `old` that differs from `new` and its replacement: the common prefix and
/// suffix stay (on character boundaries), so the editing command touches only what changed.
pub fn changed_range<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix = old.char_indices().zip(new.chars()).take_while(|((_, a), b)| a == b).last().map_or(0, |((i, c), _)| i + c.len_utf8());
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest.chars().rev().zip(new_rest.chars().rev()).take_while(|(a, b)| a == b).map(|(c, _)| c.len_utf8()).sum::<usize>();
    (prefix, old.len() - suffix, &new[prefix..new.len() - suffix])
}

/// Replaces the editor text with `new` as one editing step (the browser's undo reverts it, the
/// path quick fixes take: select, insert). A change over [`UNDO_MAX_BYTES`], or a browser without
/// the editing command, replaces the text directly and keeps the old one for Restore.
pub fn replace_undoable(state: AppState, new: &str, kind: Option<InputKind>, dialect: Dialect, what: String) {
    let old = state.text.get_untracked();
    let before = SetAside { text: old.clone(), kind: state.kind.get_untracked(), dialect: state.dialect.get_untracked(), what };
    state.kind.set(kind);
    state.dialect.set(dialect);
    let (start, end, replacement) = changed_range(&old, new);
    if let Some(el) = state.textarea.get_untracked().filter(|el| el.value() == old) {
        // The editing command's cost grows with line breaks inserted × the text's size (12 s for
        // 85 lines into 200 KB, scripts/bench_native_edit.md): the same budget as the toast's edits.
        if replacement.len() + (end - start) <= UNDO_MAX_BYTES && crate::browser::native_edit_affordable(old.len(), replacement) {
            let _ = el.focus();
            let _ = el.set_selection_range(byte_to_utf16(&old, start), byte_to_utf16(&old, end));
            let step = UndoStep { before: (old.clone(), before.kind, before.dialect), after: (new.to_string(), kind, dialect) };
            state.undo_step.set_value(Some(step));
            if crate::browser::insert_text(replacement) {
                let _ = el.set_selection_range(0, 0);
                el.set_scroll_top(0);
                state.set_aside.set(None);
                return;
            }
        }
    }
    state.set_aside.set(Some(before));
    state.replace_text(new.to_string(), dialect);
}

/// Puts a set-aside text back.
fn restore(state: AppState) {
    if let Some(s) = state.set_aside.get_untracked() {
        state.set_aside.set(None);
        state.kind.set(s.kind);
        state.replace_text(s.text, s.dialect);
    }
}

/// The SQL database "Convert to SQL" writes for: the SQL tab's choice, else the database the
/// input names (Prisma's provider, DBML's `database_type`, …).
pub fn convert_dialect(sql_to: Option<&str>, input: Dialect) -> Dialect {
    sql_to.and_then(Dialect::parse).unwrap_or(input)
}

/// Replaces the editor text with the DDL of the analysed schema (the engine worker's SQL
/// generator), read as SQL from then on. Nothing happens when the text changed meanwhile.
fn convert_to_sql(state: AppState, busy: RwSignal<bool>, error: RwSignal<Option<String>>) {
    let source = state.source();
    let input_dialect = state.analysis.with_untracked(|a| a.schema.dialect);
    let dialect = convert_dialect(state.options.with_untracked(|o| o.get("sql.to").cloned()).as_deref(), input_dialect);
    let label = state.analysed_kind.get_untracked().label();
    busy.set(true);
    error.set(None);
    let checked = source.text.clone();
    crate::engine::call(Request::Generate { source, target: Target::Sql(dialect), options: Options::default(), notes: Vec::new() }, move |answer| {
        busy.set(false);
        match answer {
            Ok(Reply::Generated(g)) if state.text.with_untracked(|t| *t == checked) => {
                replace_undoable(state, &g.code, None, dialect, format!("converted from {label} to SQL"));
            }
            Ok(Reply::Generated(_)) => error.set(Some("the text changed while converting: convert again".into())),
            Ok(_) => error.set(Some("the engine answered another question".into())),
            Err(Failure::Load(why)) => error.set(Some(format!("could not load the engine: {why}"))),
            Err(Failure::Crash(why)) => error.set(Some(why)),
        }
    });
}

/// Loads an example's twin in another language (`examples::TWINS`): our generator's output for
/// its schema, written by the engine worker.
pub fn load_twin(state: AppState, ex: &'static examples::Example, kind: InputKind) {
    let Some(target) = examples::twin_target(kind) else { return };
    state.open_note.set(Some(format!("Writing the {} example in {}…", ex.title, kind.label())));
    let source = schemaplay_core::remote::Source::new(ex.sql, ex.dialect);
    crate::engine::call(Request::Generate { source, target, options: Options::default(), notes: Vec::new() }, move |answer| {
        state.open_note.set(None);
        match answer {
            Ok(Reply::Generated(g)) => {
                state.kind.set(None);
                state.replace_text(g.code, ex.dialect);
            }
            Ok(_) => state.open_note.set(Some("the engine answered another question".into())),
            Err(Failure::Load(why)) => state.open_note.set(Some(format!("could not load the engine: {why}"))),
            Err(Failure::Crash(why)) => state.open_note.set(Some(why)),
        }
    });
}

/// Opens files read by the browser: one input of one kind (see `files::open`).
fn open_files(state: AppState, files: Vec<SourceFile>, unreadable: Vec<String>, note: RwSignal<Option<String>>) {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    // A textarea holds `\n` line breaks only: the text is what it will show.
    let files = files.into_iter().map(|f| SourceFile { text: f.text.replace("\r\n", "\n").replace('\r', "\n"), ..f }).collect();
    let Some(opened) = files::open(files) else {
        note.set(Some(if unreadable.is_empty() { "no schema file (.sql, .prisma, .dbml, .ts, .json) to open".into() } else { format!("could not read: {}", unreadable.join("; ")) }));
        return;
    };
    let mut left = opened.skipped.clone();
    left.extend(unreadable);
    note.set((!left.is_empty()).then(|| format!("opened as {}; left out: {}", opened.kind.label(), left.join(", "))));
    // The kind the names said is kept as the choice only when the content alone would not say it.
    let kind = (recognize(&opened.text) != opened.kind).then_some(opened.kind);
    let what = match names.as_slice() {
        [one] => format!("opened {one}"),
        _ => format!("opened {} files", names.len() - opened.skipped.len()),
    };
    let dialect = state.dialect.get_untracked();
    replace_undoable(state, &opened.text, kind, dialect, what);
    state.source_name.set(names.first().cloned());
}

/// The callback the browser's file readers call: `(folder name, [[path, text | null, error | null]])`.
fn on_files(state: AppState, note: RwSignal<Option<String>>) -> JsValue {
    Closure::once_into_js(move |_name: String, rows: js_sys::Array| {
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        for row in rows.iter() {
            let row: js_sys::Array = row.unchecked_into();
            let name = row.get(0).as_string().unwrap_or_default();
            match row.get(1).as_string() {
                Some(text) => files.push(SourceFile { name, text }),
                None => unreadable.push(format!("{name}: {}", row.get(2).as_string().unwrap_or_default())),
            }
        }
        open_files(state, files, unreadable, note);
    })
}

/// Whether a drag carries files (not text dragged inside the editor).
pub fn has_files(ev: &web_sys::DragEvent) -> bool {
    // Read through JS: no web-sys DataTransfer binding in the page for one property.
    let types = js_sys::Reflect::get(ev, &"dataTransfer".into()).and_then(|dt| js_sys::Reflect::get(&dt, &"types".into()));
    types.is_ok_and(|t| !t.is_undefined() && !t.is_null() && js_sys::Array::from(&t).includes(&"Files".into(), 0))
}

/// A drop of files or folders on the editor: opened as one schema (see [`open_files`]).
pub fn on_drop(state: AppState, ev: &web_sys::DragEvent) {
    if !has_files(ev) {
        return;
    }
    ev.prevent_default();
    crate::history::read_dropped(ev, &on_files(state, state.open_note), SCHEMA_FILES, "i");
}

/// The header's input controls: the language selector (auto shows what it recognises), Convert
/// to SQL for another language, Open files, and the notes of the last open or convert.
#[component]
pub fn InputControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_kind = move |ev: leptos::ev::Event| {
        state.set_kind(InputKind::parse(&event_target_value(&ev)));
    };
    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            crate::history::read_picked(&input, &on_files(state, state.open_note), SCHEMA_FILES, "i");
            input.set_value("");
        }
    };
    let convertible = move || state.analysed_kind.get() != InputKind::Sql;
    view! {
        <label class="field">
            <span class="field-label">"Input"</span>
            <select
                class="kind-select"
                aria-label="Input language"
                data-kind=move || state.analysed_kind.get().id()
                on:change=on_kind
                prop:value=move || state.kind.get().map_or("auto", InputKind::id)
            >
                <option value="auto">{move || format!("Auto: {}", state.recognized.get().label())}</option>
                {InputKind::ALL.into_iter().map(|k| view! { <option value=k.id()>{k.label()}</option> }).collect_view()}
            </select>
        </label>
        <Show when=convertible>
            <button
                class="btn convert-sql"
                title="Replace the editor text with the SQL of this schema (Ctrl+Z undoes it)"
                disabled=move || busy.get() || state.analysing.get()
                on:click=move |_| convert_to_sql(state, busy, error)
            >
                {move || if busy.get() { "Converting…" } else { "Convert to SQL" }}
            </button>
        </Show>
        <label class="btn open-files" title="Open schema files: .sql, .prisma (several form one schema), .dbml, .ts, .json">
            "Open…"
            <input type="file" class="open-files-input" multiple accept=".sql,.ddl,.prisma,.dbml,.ts,.mts,.js,.mjs,.json,.txt" on:change=on_pick />
        </label>
        {move || error.get().map(|e| view! { <span class="input-note input-error" role="alert">{format!("Convert to SQL: {e}")}</span> })}
        {move || state.open_note.get().map(|n| view! { <span class="input-note" role="status">{n}</span> })}
        {move || {
            state.set_aside.get().map(|s| {
                view! {
                    <span class="input-note set-aside" role="status">
                        {format!("Text {} (too large for Undo). ", s.what)}
                        <button class="btn restore-text" on:click=move |_| restore(state)>"Restore"</button>
                    </span>
                }
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_range_keeps_common_ends_on_char_boundaries() {
        let cases = [("abcdef", "abXYef"), ("", "new"), ("old", ""), ("same", "same"), ("é日x", "é本x"), ("aaa", "aaaa"), ("🦀a", "🦀b🦀a")];
        for (old, new) in cases {
            let (s, e, r) = changed_range(old, new);
            // Applying the replacement gives the new text back, whatever was kept.
            assert_eq!(format!("{}{r}{}", &old[..s], &old[e..]), new, "{old:?} → {new:?}");
        }
        assert_eq!(changed_range("abcdef", "abXYef"), (2, 4, "XY"));
        assert_eq!(changed_range("é日x", "é本x"), (2, 5, "本"));
        assert_eq!(changed_range("same", "same"), (4, 4, ""));
    }

    #[test]
    fn undo_and_redo_bring_back_the_language_of_their_text() {
        let step = UndoStep { before: ("model A {}".into(), Some(InputKind::Prisma), Dialect::Postgres), after: ("CREATE TABLE a ();".into(), None, Dialect::Mysql) };
        assert_eq!(step.settings_for("model A {}"), Some((Some(InputKind::Prisma), Dialect::Postgres)));
        assert_eq!(step.settings_for("CREATE TABLE a ();"), Some((None, Dialect::Mysql)));
        assert_eq!(step.settings_for("CREATE TABLE a (x int);"), None, "a text typed since: the choice stays");
    }

    #[test]
    fn convert_writes_for_the_sql_tabs_database_else_the_inputs() {
        assert_eq!(convert_dialect(None, Dialect::Mysql), Dialect::Mysql);
        assert_eq!(convert_dialect(Some("sqlite"), Dialect::Mysql), Dialect::Sqlite);
        assert_eq!(convert_dialect(Some("nonsense"), Dialect::Postgres), Dialect::Postgres);
    }
}
