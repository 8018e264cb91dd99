//! The schema editor: a native `<textarea>` (typing, selection, undo, find, IME, accessibility all
//! stay the browser's) over a highlighted layer that renders only the lines on screen.
//!
//! - Highlighting: the engine's `highlight` module, in the input's language (SQL in the chosen
//!   dialect, Prisma, DBML, Drizzle's TypeScript, catalog JSON); line-start lexer states are a `Memo` of the
//!   text, so a 30,000-line paste costs one linear scan and the DOM only ever holds the visible
//!   window (plus overscan).
//! - Diagnostics: underlined at their line and column, marked in the gutter (hover for the
//!   message), and shown in a tooltip when the pointer rests on the underlined text.
//! - Tab / Shift+Tab indent and dedent the selected lines through the browser's editing command
//!   so native undo keeps working; Esc then Tab leaves the editor for keyboard users.

use crate::state::AppState;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use schemaplay_core::highlight::{line_states, render_line, LexState, Mark, Syntax};
use schemaplay_core::parse::InputKind;
use schemaplay_core::Severity;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Must match `--editor-line-height` in style/editor.css.
const LINE_HEIGHT: f64 = 20.0;
/// Must match the textarea's padding in style/editor.css.
const PAD_TOP: f64 = 8.0;
const PAD_LEFT: f64 = 10.0;
const OVERSCAN: usize = 20;
const INDENT: &str = "    ";
const TAB_WIDTH: usize = 4;

/// Line starts and lexer states of the whole text, recomputed once per edit. No states when
/// the highlighter failed (see `guard`): the text is then shown plain.
#[derive(PartialEq)]
struct Lines {
    starts: Vec<usize>,
    states: Option<Vec<LexState>>,
}

/// A diagnostic or lint finding as the editor draws it on one line.
#[derive(Clone, PartialEq)]
struct LineMark {
    /// Byte range within the line.
    start: usize,
    end: usize,
    severity: Severity,
    message: String,
    /// A lint finding (vs a parser diagnostic): drawn with an extra class.
    lint: bool,
}

/// Where something the editor marks is: 1-based line/column and its byte span.
struct At {
    line: usize,
    column: usize,
    span: schemaplay_core::Span,
}

impl Lines {
    /// The line starts of `t` and, highlighter permitting (it runs guarded), the lexer state at
    /// each line's start.
    fn read(t: String, syntax: Syntax) -> Lines {
        let mut starts = vec![0];
        starts.extend(t.match_indices('\n').map(|(i, _)| i + 1));
        let states = crate::guard::run(move || line_states(&t, syntax)).ok();
        Lines { starts, states }
    }
}

fn severity_class(s: Severity, lint: bool) -> &'static str {
    match (s, lint) {
        (Severity::Error, false) => "diag-error",
        (Severity::Warning, false) => "diag-warning",
        (Severity::Info, false) => "diag-info",
        (Severity::Error, true) => "diag-error diag-lint",
        (Severity::Warning, true) => "diag-warning diag-lint",
        (Severity::Info, true) => "diag-info diag-lint",
    }
}

fn line_text<'a>(text: &'a str, lines: &Lines, i: usize) -> &'a str {
    let start = lines.starts[i];
    let end = lines.starts.get(i + 1).map_or(text.len(), |&s| s - 1);
    text.get(start..end).unwrap_or("")
}

/// Where a diagnostic is underlined: from its column to the end of the word there (or its span's
/// end when the span stays on that line).
fn line_mark(text: &str, lines: &Lines, d: &At) -> Option<(usize, LineMark)> {
    let idx = d.line.checked_sub(1)?;
    let line_start = *lines.starts.get(idx)?;
    let line = line_text(text, lines, idx);
    let start = line.char_indices().nth(d.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let span_end = d.span.end.saturating_sub(line_start);
    let end = if d.span.start == line_start + start && d.span.end > d.span.start && span_end <= line.len() {
        span_end
    } else {
        let word = line[start..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(line.len() - start, |(i, _)| i);
        start + word.max(line[start..].chars().next().map_or(0, char::len_utf8))
    };
    Some((idx, LineMark { start, end, severity: Severity::Info, message: String::new(), lint: false }))
}

pub(crate) fn byte_to_utf16(s: &str, byte: usize) -> u32 {
    s.get(..byte.min(s.len())).map_or(0, |p| p.encode_utf16().count() as u32)
}

fn utf16_to_byte(s: &str, pos: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in s.char_indices() {
        if units >= pos {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    s.len()
}

/// Indents (or dedents) every line touched by the byte range `start..end`.
/// Returns the replaced block's byte range and its new text, or None when nothing changes.
pub fn reindent(text: &str, start: usize, end: usize, dedent: bool) -> Option<(usize, usize, String)> {
    let block_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending at the very start of a line does not include that line.
    let end = if end > start && text[..end].ends_with('\n') { end - 1 } else { end };
    let block_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let block = &text[block_start..block_end];
    let new: Vec<String> = block
        .split('\n')
        .map(|l| {
            if dedent {
                let strip = if l.starts_with('\t') { 1 } else { l.len() - l.trim_start_matches(' ').len() };
                l[strip.min(TAB_WIDTH)..].to_string()
            } else {
                format!("{INDENT}{l}")
            }
        })
        .collect();
    let new = new.join("\n");
    (new != block).then_some((block_start, block_end, new))
}

/// The indentation Enter keeps at byte `at`: the blanks that open the caret's line, up to the
/// caret (Enter inside the indentation keeps only what is before it).
pub fn indent_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    &before[..before.len() - before.trim_start_matches([' ', '\t']).len()]
}

/// Visual column (tabs expanded) → byte offset in the line.
fn visual_to_byte(line: &str, col: usize) -> usize {
    let mut v = 0;
    for (i, c) in line.char_indices() {
        let w = if c == '\t' { TAB_WIDTH - v % TAB_WIDTH } else { 1 };
        if v + w > col {
            return i;
        }
        v += w;
    }
    line.len()
}

/// Something the editor marks: a parser diagnostic, a lint finding, a migration finding.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorMark {
    /// 1-based line and column.
    pub line: usize,
    pub column: usize,
    pub span: schemaplay_core::Span,
    pub severity: Severity,
    pub message: String,
    /// A finding (vs a parser diagnostic): drawn with an extra class.
    pub lint: bool,
}

/// The schema editor: the playground's main text, its parser diagnostics and lint findings.
#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let marks = Memo::new(move |_| {
        let analysis = state.analysis.get();
        let mut out = Vec::with_capacity(analysis.diagnostics.len() + analysis.findings.len());
        // Parser notes ("ignored: SET …", MySQL's `/*!40101 … */`) are not problems: unmarked.
        for d in analysis.diagnostics.iter().filter(|d| !schemaplay_core::lint::triage::is_note(d)) {
            out.push(EditorMark { line: d.line, column: d.column, span: d.span, severity: d.severity, message: d.message.clone(), lint: false });
        }
        for f in &analysis.findings {
            let message = format!("{} ({})", f.message, f.rule);
            out.push(EditorMark { line: f.line, column: f.column_no, span: f.span, severity: f.severity, message, lint: true });
        }
        Arc::new(out)
    });
    view! {
        <CodeEditor
            text=state.text
            replaced=state.text_replaced
            marks=marks
            on_edit=Callback::new(move |t: String| state.edit(t))
            textarea=state.textarea
            reveal=state.reveal
            label=crate::findings::SCHEMA_EDITOR
            hint_id="editor-hint"
            kind=Signal::derive(move || state.input_kind())
        />
    }
}

/// A highlighted editor over any text signal, with its own marks. `replaced` is bumped when
/// the text is replaced from outside (the textarea then takes the new value); `reveal` moves the
/// caret to a line; `kind` is the text's language (SQL when not given).
#[component]
pub fn CodeEditor(
    text: RwSignal<String>,
    replaced: RwSignal<u64>,
    #[prop(into)] marks: Signal<Arc<Vec<EditorMark>>>,
    on_edit: Callback<String>,
    textarea: NodeRef<Textarea>,
    reveal: RwSignal<Option<crate::state::Reveal>>,
    label: &'static str,
    hint_id: &'static str,
    #[prop(optional, into)] kind: Option<Signal<InputKind>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let syntax = move || Syntax::new(kind.map_or(InputKind::Sql, |k| k.get()), state.dialect.get());
    let source = marks;
    let measure: NodeRef<Div> = NodeRef::new();
    let scroll = RwSignal::new((0.0f64, 0.0f64));
    let viewport = RwSignal::new(900.0f64);
    let char_width = StoredValue::new(8.0f64);
    let tooltip = RwSignal::new(None::<(f64, f64, String)>);
    let tab_leaves = StoredValue::new(false);

    let lines = Memo::new(move |_| Arc::new(Lines::read(text.get(), syntax())));

    // Marks grouped by 0-based line.
    let marks = Memo::new(move |_| {
        let (source, lines) = (source.get(), lines.get());
        text.with(|t| Arc::new(marks_by_line(t, &lines, &source)))
    });
    let window = Memo::new(move |_| visible_window(scroll.get().0, viewport.get()));
    let code_html = Memo::new(move |_| {
        let ((first, count), lines, marks, syntax) = (window.get(), lines.get(), marks.get(), syntax());
        text.with(|t| window_html(t, &lines, &marks, syntax, first, count))
    });
    let gutter_html = Memo::new(move |_| {
        let (first, count) = window.get();
        let total = lines.with(|l| l.starts.len());
        marks.with(|m| gutter_html(total, m, first, count))
    });

    let gutter_chars = move || lines.with(|l| l.starts.len().to_string().len().max(2)) + 2;

    let measure_viewport = move || {
        if let Some(el) = textarea.get_untracked() {
            viewport.set(el.client_height() as f64);
        }
        if let Some(w) = measure.get_untracked().map(|m| m.get_bounding_client_rect().width() / 20.0).filter(|w| *w > 0.0) {
            char_width.set_value(w);
        }
    };
    Effect::new(move |_| {
        if textarea.get().is_some() {
            measure_viewport();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure_viewport());
    on_cleanup(move || resize.remove());

    // Text replaced from outside (example menu, share link): give the textarea the new value.
    Effect::new(move |_| {
        replaced.track();
        if let Some(el) = textarea.get() {
            let text = text.get_untracked();
            if el.value() != text {
                el.set_value(&text);
            }
            el.set_scroll_top(0);
            scroll.set((0.0, 0.0));
        }
    });

    // Move the caret to a requested line and bring it into view.
    Effect::new(move |_| {
        let Some(r) = reveal.get() else { return };
        if let Some(el) = textarea.get_untracked() {
            text.with_untracked(|t| reveal_line(&el, t, r.line, r.column, viewport.get_untracked()));
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        tooltip.set(None);
        on_edit.run(event_target_value(&ev));
    };
    let on_scroll = move |_| {
        if let Some(el) = textarea.get_untracked() {
            scroll.set((el.scroll_top() as f64, el.scroll_left() as f64));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| keydown(&ev, textarea.get_untracked(), tab_leaves);
    let on_mousemove = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = textarea.get_untracked() else { return };
        let message = |line: usize, col: usize| marks.with_untracked(|m| lines.with_untracked(|l| text.with_untracked(|t| hover_message(t, l, m, line, col))));
        match pointer_tooltip(&ev, &el, scroll.get_untracked(), char_width.get_value(), message) {
            Some(tip) => tooltip.set(Some(tip)),
            None => {
                if tooltip.with_untracked(Option::is_some) {
                    tooltip.set(None);
                }
            }
        }
    };

    view! {
        <div class="editor" style:--gutter-chars=move || gutter_chars().to_string()>
            {gutter(window, scroll, gutter_html)}
            <div class="code">
                <pre
                    class="code-layer"
                    aria-hidden="true"
                    style:transform=move || {
                        let (first, _) = window.get();
                        let (top, left) = scroll.get();
                        format!("translate({}px, {}px)", PAD_LEFT - left, first as f64 * LINE_HEIGHT + PAD_TOP - top)
                    }
                    inner_html=move || code_html.get()
                ></pre>
                <textarea
                    node_ref=textarea
                    class="code-input"
                    aria-label=label
                    aria-describedby=hint_id
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    prop:value=move || text.get_untracked()
                    on:input=on_input
                    on:scroll=on_scroll
                    on:keydown=on_keydown
                    on:mousemove=on_mousemove
                    on:mouseleave=move |_| tooltip.set(None)
                ></textarea>
                <div class="measure" node_ref=measure aria-hidden="true">"00000000000000000000"</div>
                // Lines a Fix or Apply just changed, highlighted for a moment (see `toast`).
                {move || changed_lines(label, scroll)}
                {move || tooltip.get().map(|(x, y, msg)| view! {
                    <div class="editor-tooltip" role="tooltip" style:left=format!("{}px", x + 12.0) style:top=format!("{}px", y + 16.0)>{msg}</div>
                })}
            </div>
            <p id=hint_id class="sr-only">"Tab indents. Press Escape, then Tab, to move focus out of the editor."</p>
            // The same hint, seen while the editor has focus (CSS `.editor:focus-within`).
            <p class="editor-leave-hint" aria-hidden="true">"Esc then Tab to leave"</p>
        </div>
    }
}

/// The gutter: the line numbers and marks of the drawn window, moved with the scroll.
fn gutter(window: Memo<(usize, usize)>, scroll: RwSignal<(f64, f64)>, html: Memo<String>) -> impl IntoView {
    view! {
        <div class="gutter" aria-hidden="true">
            <div
                class="gutter-lines"
                style:transform=move || {
                    let (first, _) = window.get();
                    format!("translateY({}px)", first as f64 * LINE_HEIGHT + PAD_TOP - scroll.get().0)
                }
                inner_html=move || html.get()
            ></div>
        </div>
    }
}

/// Puts the caret at 1-based `line` / `column` of `t` and scrolls it a third down the viewport.
fn reveal_line(el: &web_sys::HtmlTextAreaElement, t: &str, line: usize, column: usize, viewport: f64) {
    let pos = byte_to_utf16(t, schemaplay_core::LineIndex::new(t).offset(line, column));
    let _ = el.focus();
    let _ = el.set_selection_range(pos, pos);
    let target = (line.saturating_sub(1) as f64) * LINE_HEIGHT - viewport / 3.0;
    el.set_scroll_top(target.max(0.0) as i32);
}

/// The tooltip under the pointer: its position in the editor and `message(line, column)` of the
/// text position there (0-based line, visual column), if that has one.
fn pointer_tooltip(
    ev: &leptos::ev::MouseEvent,
    el: &web_sys::HtmlTextAreaElement,
    (top, left): (f64, f64),
    char_width: f64,
    message: impl Fn(usize, usize) -> Option<String>,
) -> Option<(f64, f64, String)> {
    let rect = el.get_bounding_client_rect();
    let (px, py) = (ev.client_x() as f64 - rect.left(), ev.client_y() as f64 - rect.top());
    let (y, x) = (py + top - PAD_TOP, px + left - PAD_LEFT);
    if y < 0.0 || x < 0.0 {
        return None;
    }
    message((y / LINE_HEIGHT) as usize, (x / char_width) as usize).map(|m| (px, py, m))
}

/// The band over the lines a Fix or Apply just changed in the editor `label` (see `toast`).
fn changed_lines(label: &'static str, scroll: RwSignal<(f64, f64)>) -> Option<impl IntoView> {
    crate::toast::flash().filter(|f| f.editor == label).map(|f| {
        let top = move || (f.first - 1) as f64 * LINE_HEIGHT + PAD_TOP - scroll.get().0;
        view! {
            <div class="changed-lines" aria-hidden="true" data-first=f.first data-last=f.last data-seq=f.seq
                style:top=move || format!("{}px", top())
                style:height=format!("{}px", (f.last + 1 - f.first) as f64 * LINE_HEIGHT)
            ></div>
        }
    })
}

/// The marks of `source` by 0-based line, each cut to its line (see [`line_mark`]).
fn marks_by_line(t: &str, lines: &Lines, source: &[EditorMark]) -> BTreeMap<usize, Vec<LineMark>> {
    let mut by_line: BTreeMap<usize, Vec<LineMark>> = BTreeMap::new();
    for d in source {
        let at = At { line: d.line, column: d.column, span: d.span };
        if let Some((i, m)) = line_mark(t, lines, &at) {
            let m = LineMark { severity: d.severity, message: d.message.clone(), lint: d.lint, ..m };
            by_line.entry(i).or_default().push(m);
        }
    }
    by_line
}

/// The lines drawn for a scroll position and viewport height: (first line, count), with overscan.
fn visible_window(top: f64, viewport: f64) -> (usize, usize) {
    let first = ((top - PAD_TOP).max(0.0) / LINE_HEIGHT) as usize;
    (first.saturating_sub(OVERSCAN), (viewport / LINE_HEIGHT).ceil() as usize + 2 * OVERSCAN)
}

/// The highlighted HTML of lines `first..first + count`, with their marks; the plain escaped
/// text when the highlighter fails (it runs guarded, see `guard`).
fn window_html(t: &str, lines: &Lines, marks: &BTreeMap<usize, Vec<LineMark>>, syntax: Syntax, first: usize, count: usize) -> String {
    let last = (first + count).min(lines.starts.len());
    // The window's lines, owned: the highlighter runs guarded.
    let window: Vec<(String, Vec<Mark>)> = (first.min(last)..last)
        .map(|i| {
            let line_marks: Vec<Mark> = marks.get(&i).map_or(Vec::new(), |ms| ms.iter().map(|m| Mark { start: m.start, end: m.end, class: severity_class(m.severity, m.lint) }).collect());
            (line_text(t, lines, i).to_string(), line_marks)
        })
        .collect();
    let plain: String = window.iter().fold(String::new(), |mut out, (l, _)| {
        schemaplay_core::highlight::escape_html(l, &mut out);
        out.push('\n');
        out
    });
    let Some(states) = lines.states.as_ref().map(|s| s[first.min(s.len())..(first + count).min(s.len())].to_vec()) else { return plain };
    crate::guard::run(move || {
        let mut out = String::new();
        for ((line, line_marks), st) in window.iter().zip(states) {
            render_line(line, st, syntax, line_marks, &mut out);
            out.push('\n');
        }
        out
    })
    .unwrap_or(plain)
}

/// The gutter's HTML for lines `first..first + count` of `total`: line numbers, and the worst
/// mark of a line with every message in its title.
fn gutter_html(total: usize, marks: &BTreeMap<usize, Vec<LineMark>>, first: usize, count: usize) -> String {
    let mut out = String::new();
    for i in first.min(total)..(first + count).min(total) {
        match marks.get(&i) {
            Some(ms) => {
                let worst = ms.iter().map(|m| m.severity).max().unwrap_or(Severity::Info);
                let mut title = String::new();
                for (k, m) in ms.iter().enumerate() {
                    if k > 0 {
                        title.push('\n');
                    }
                    schemaplay_core::highlight::escape_html(&format!("{}: {}", m.severity.id(), m.message), &mut title);
                }
                let lint = if ms.iter().any(|m| m.lint) { " gl-finding" } else { "" };
                out.push_str(&format!("<div class=\"gl gl-{}{lint}\" title=\"{}\"><span class=\"gm\" aria-label=\"{}\"></span>{}</div>", worst.id(), title, worst.id(), i + 1));
            }
            None => out.push_str(&format!("<div class=\"gl\">{}</div>", i + 1)),
        }
    }
    out
}

/// The messages of the marks under visual column `col` of 0-based `line`, one per line.
fn hover_message(t: &str, lines: &Lines, marks: &BTreeMap<usize, Vec<LineMark>>, line: usize, col: usize) -> Option<String> {
    let ms = marks.get(&line)?;
    let byte = (line < lines.starts.len()).then(|| visual_to_byte(line_text(t, lines, line), col))?;
    let found: Vec<String> = ms.iter().filter(|m| byte >= m.start && byte < m.end.max(m.start + 1)).map(|m| format!("{}: {}", m.severity.id(), m.message)).collect();
    (!found.is_empty()).then(|| found.join("\n"))
}

/// The editor's keys: Enter keeps the line's indentation, Tab / Shift+Tab indent and dedent the
/// selected lines (through the browser's editing command, so undo keeps working), Esc then Tab
/// lets the browser move focus on.
fn keydown(ev: &leptos::ev::KeyboardEvent, el: Option<web_sys::HtmlTextAreaElement>, tab_leaves: StoredValue<bool>) {
    if ev.key() == "Escape" {
        tab_leaves.set_value(true);
        return;
    }
    // Enter keeps the line's indentation (one editing command: Ctrl+Z takes it back).
    if ev.key() == "Enter" && !(ev.shift_key() || ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.is_composing()) {
        tab_leaves.set_value(false);
        let Some(el) = el else { return };
        let value = el.value();
        let at = utf16_to_byte(&value, el.selection_start().ok().flatten().unwrap_or(0));
        let indent = indent_at(&value, at);
        if !indent.is_empty() && crate::browser::insert_text(&format!("\n{indent}")) {
            ev.prevent_default();
        }
        return;
    }
    if ev.key() != "Tab" || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
        tab_leaves.set_value(false);
        return;
    }
    if tab_leaves.get_value() {
        tab_leaves.set_value(false);
        return; // let the browser move focus
    }
    let Some(el) = el else { return };
    ev.prevent_default();
    let value = el.value();
    let s = el.selection_start().ok().flatten().unwrap_or(0);
    let e = el.selection_end().ok().flatten().unwrap_or(s);
    let (bs, be) = (utf16_to_byte(&value, s), utf16_to_byte(&value, e));
    if bs == be && !ev.shift_key() {
        crate::browser::insert_text(INDENT);
        return;
    }
    if let Some((start, end, block)) = reindent(&value, bs, be, ev.shift_key()) {
        let (us, ue) = (byte_to_utf16(&value, start), byte_to_utf16(&value, end));
        let _ = el.set_selection_range(us, ue);
        crate::browser::insert_text(&block);
        let _ = el.set_selection_range(us, us + block.encode_utf16().count() as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_keeps_the_indentation_before_the_caret() {
        let t = "CREATE TABLE t (\n    id int,\n\tname text\n);";
        let line2 = t.find("    id").unwrap();
        assert_eq!(indent_at(t, line2 + 11), "    ", "end of an indented line");
        assert_eq!(indent_at(t, line2 + 2), "  ", "inside the indentation: only what is before the caret");
        assert_eq!(indent_at(t, t.find("\tname").unwrap() + 5), "\t");
        assert_eq!(indent_at(t, 5), "", "an unindented line");
        assert_eq!(indent_at(t, t.len() + 10), "", "past the end");
    }

    #[test]
    fn reindent_indents_and_dedents_whole_lines() {
        let text = "a\n  b\nc\n";
        // Selection from inside line 1 to inside line 2.
        assert_eq!(reindent(text, 1, 4, false), Some((0, 5, "    a\n      b".to_string())));
        assert_eq!(reindent(text, 2, 5, true), Some((2, 5, "b".to_string())));
        // Nothing to dedent.
        assert_eq!(reindent(text, 0, 0, true), None);
        // A selection ending at the start of line 3 leaves line 3 alone.
        assert_eq!(reindent(text, 0, 6, false), Some((0, 5, "    a\n      b".to_string())));
    }

    #[test]
    fn utf16_positions_round_trip() {
        let s = "é😀x";
        assert_eq!(byte_to_utf16(s, 2), 1);
        assert_eq!(byte_to_utf16(s, 6), 3);
        assert_eq!(utf16_to_byte(s, 3), 6);
        assert_eq!(utf16_to_byte(s, 99), s.len());
    }

    fn mark(line: usize, column: usize, start: usize, end: usize, severity: Severity, lint: bool) -> EditorMark {
        EditorMark { line, column, span: schemaplay_core::Span::new(start, end), severity, message: format!("m{line}.{column}"), lint }
    }

    #[test]
    fn marks_group_by_line_and_show_in_the_gutter_and_on_hover() {
        let t = "CREATE TABLE t (\n\tid intx,\n  name text\n);";
        let mut starts = vec![0];
        starts.extend(t.match_indices('\n').map(|(i, _)| i + 1));
        let lines = Lines { starts, states: None };
        let (intx, name) = (t.find("intx").unwrap(), t.find("name").unwrap());
        // `intx` on line 2 (after a tab), a lint finding on `name` of line 3, a line past the end.
        let source = [mark(2, 5, intx, intx + 4, Severity::Error, false), mark(3, 3, name, name + 4, Severity::Warning, true), mark(9, 1, 0, 0, Severity::Info, false)];
        let by_line = marks_by_line(t, &lines, &source);
        assert_eq!(by_line.keys().copied().collect::<Vec<_>>(), [1, 2], "0-based lines; a line past the end is dropped");
        assert_eq!((by_line[&1][0].start, by_line[&1][0].end), (4, 8));
        let html = gutter_html(lines.starts.len(), &by_line, 0, 10);
        assert_eq!(html.matches("<div class=\"gl").count(), 4, "{html}");
        assert!(html.contains("gl gl-error\" title=\"error: m2.5\""), "{html}");
        assert!(html.contains("gl gl-warning gl-finding"), "{html}");
        assert_eq!(gutter_html(4, &by_line, 3, 10), "<div class=\"gl\">4</div>");
        // The tab before `id intx` is 4 visual columns wide: `intx` starts at visual column 7.
        assert_eq!(hover_message(t, &lines, &by_line, 1, 7).as_deref(), Some("error: m2.5"));
        assert_eq!(hover_message(t, &lines, &by_line, 1, 5), None);
        assert_eq!(hover_message(t, &lines, &by_line, 2, 3).as_deref(), Some("warning: m3.3"));
        assert_eq!(hover_message(t, &lines, &by_line, 7, 0), None);
    }

    #[test]
    fn the_window_covers_the_viewport_with_overscan() {
        assert_eq!(visible_window(0.0, 400.0), (0, 20 + 2 * OVERSCAN));
        let (first, count) = visible_window(PAD_TOP + 100.0 * LINE_HEIGHT, 400.0);
        assert_eq!(first, 100 - OVERSCAN);
        assert!(first + count >= 100 + 20, "the lines on screen are inside the window");
    }

    #[test]
    fn visual_columns_expand_tabs() {
        assert_eq!(visual_to_byte("\tab", 0), 0);
        assert_eq!(visual_to_byte("\tab", 3), 0);
        assert_eq!(visual_to_byte("\tab", 4), 1);
        assert_eq!(visual_to_byte("ab", 9), 2);
    }
}
