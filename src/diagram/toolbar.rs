//! The diagram's toolbar (search, zoom, outline, focus, count, export) and its failure banner.

use super::cache;
use super::ctx::Ctx;
use super::export::{export_png_click, export_svg};
use leptos::prelude::*;
use schemaplay_core::erd::cardinality::EndStyle;
use schemaplay_core::erd::choice::ViewChoice;
use schemaplay_core::erd::shown::Shown;
use schemaplay_core::erd::BoxKind;

/// "12 tables, 2 views".
fn count_label(tables: usize, views: usize) -> String {
    let views = if views == 0 { String::new() } else { format!(", {views} view{}", if views == 1 { "" } else { "s" }) };
    format!("{tables} table{}{views}", if tables == 1 { "" } else { "s" })
}

fn focus_button(cx: Ctx) -> impl IntoView {
    move || {
        if cx.focus.get().is_some() {
            view! {
                <button class="btn focus-btn active" title="Show every table (Esc)" on:click=move |_| cx.focus.set(None)>
                    "Show all"
                </button>
            }
            .into_any()
        } else {
            view! {
                <button
                    class="btn focus-btn"
                    title="Show the selected table and its neighbours"
                    disabled=move || cx.selected.get().is_none()
                    on:click=move |_| { cx.focus.try_set(cx.selected.try_get_untracked().flatten()); }
                >
                    "Focus"
                </button>
            }
            .into_any()
        }
    }
}

/// A selector for one display option (`T::KEY`, kept in links; the default is not stored).
fn choice_select<T: ViewChoice>(cx: Ctx, class: &'static str, aria: &'static str, title: &'static str) -> impl IntoView {
    let state = cx.state;
    let current = move || super::effects::choice::<T>(state).id();
    view! {
        <select
            class=class
            aria-label=aria
            title=title
            prop:value=current
            on:change=move |ev| state.set_option(T::KEY, T::parse(Some(&event_target_value(&ev))).stored())
        >
            {T::ALL.iter().map(|&s| (s.id(), s.label())).map(|(id, label)| view! { <option value=id selected=move || current() == id>{label}</option> }).collect_view()}
        </select>
    }
}

/// What each box lists: every column, keys only, names only (`diagram.detail`).
fn detail_select(cx: Ctx) -> impl IntoView {
    choice_select::<Shown>(cx, "diagram-detail", "What each table shows", "What each table shows: every column, its keys, or its name only")
}

/// How relationship ends are drawn: crow's foot or cardinality labels (`diagram.ends`).
fn ends_select(cx: Ctx) -> impl IntoView {
    choice_select::<EndStyle>(
        cx,
        "diagram-ends",
        "How relationship ends are drawn",
        "Cardinality at each end of a relationship: crow's foot, or labels (1, 0..1, 0..*)",
    )
}

/// Whether the focus view is drawn (tracked): notes are the full diagram's, not shown there.
fn focused(cx: Ctx) -> bool {
    cx.drawing.with(|d| d.focused)
}

/// "Add table", "Add note" (not in the focus view), "Edit" (the selected table's editor) and "Tidy".
fn edit_buttons(cx: Ctx) -> impl IntoView {
    view! {
        <button class="btn add-table-btn" title="Add a table (or double-click on empty canvas)" on:click=move |_| super::edit::add_table(cx, None)>
            "Add table"
        </button>
        <button
            class="btn add-note-btn"
            title=move || if focused(cx) {
                "Add a sticky note here (it also shows in the full diagram, by this table; drawn in exports; not part of the schema)"
            } else {
                "Add a sticky note in view (drawn in exports; not part of the schema)"
            }
            disabled=move || cx.state.notes.with(|n| n.len() >= schemaplay_core::erd::decor::MAX_NOTES)
            on:click=move |_| super::notes::add_note(cx)
        >
            "Add note"
        </button>
        <button
            class="btn edit-btn"
            title="Edit the selected table: columns, keys, relationships"
            aria-pressed=move || (cx.editing.get() && cx.selected.get().is_some()).to_string()
            disabled=move || cx.selected.get().is_none()
            on:click=move |_| cx.editing.update(|e| *e = !*e)
        >
            "Edit"
        </button>
        <button
            class="btn tidy-btn"
            title="Lay the diagram out afresh (edits change it as little as possible; boxes you dragged stay)"
            on:click=move |_| {
                super::cache::forget_layout();
                cx.retry.update(|n| *n += 1);
                request_animation_frame(move || cx.fit());
            }
        >
            "Tidy"
        </button>
    }
}

/// Zoom and the outline (in the app and in an embed).
fn zoom(cx: Ctx) -> impl IntoView {
    view! {
        <button class="btn zoom-out" title="Zoom out (−)" aria-label="Zoom out" on:click=move |_| cx.zoom_center(0.8)>"−"</button>
        <span class="zoom-level" aria-live="polite">{move || format!("{:.0}%", cx.view.get().k * 100.0)}</span>
        <button class="btn zoom-in" title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| cx.zoom_center(1.25)>"+"</button>
        <button class="btn zoom-fit" title="Fit to screen (0)" on:click=move |_| cx.fit()>"Fit"</button>
        <button
            class="btn outline-btn"
            title="The tables, their columns and relationships as a list"
            aria-pressed=move || cx.outline_open.get().to_string()
            on:click=move |_| cx.outline_open.update(|o| *o = !*o)
        >
            "Outline"
        </button>
    }
}

/// "12 tables, 2 views" at the right (in the app and in an embed).
fn count(cx: Ctx) -> impl IntoView {
    view! {
        <span class="diagram-spacer"></span>
        <span class="diagram-count">{move || {
            let (n, v) = cx.drawing.with(|d| {
                let v = d.graph.tables.iter().filter(|t| t.kind != BoxKind::Table).count();
                (d.graph.tables.len() - v, v)
            });
            count_label(n, v)
        }}</span>
    }
}

/// The app's toolbar controls (`Tools::toolbar`): search, zoom, outline, focus, detail, editing,
/// the count and export.
pub(super) fn full(cx: Ctx) -> AnyView {
    view! {
        <input
            class="diagram-search"
            type="search"
            placeholder="Find table…"
            aria-label="Find a table"
            class:miss=move || cx.search_miss.get()
            prop:value=move || cx.search.get()
            on:input=move |ev| {
                cx.search.set(event_target_value(&ev));
                cx.search_miss.set(false);
            }
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    cx.run_search();
                }
            }
        />
        {zoom(cx)}
        {focus_button(cx)}
        {detail_select(cx)}
        {ends_select(cx)}
        {edit_buttons(cx)}
        {count(cx)}
        <button class="btn export-svg" on:click=move |_| export_svg(cx)>"Export SVG"</button>
        <button class="btn export-png" on:click=move |_| export_png_click(cx)>"Export PNG"</button>
    }
    .into_any()
}

/// The toolbar: the app's controls (`Tools::toolbar`), or an embed's zoom, outline and count.
pub(super) fn toolbar(cx: Ctx) -> impl IntoView {
    let controls = match cx.tools {
        Some(t) => (t.toolbar)(cx),
        None => view! { {zoom(cx)} {count(cx)} }.into_any(),
    };
    view! { <div class="diagram-toolbar" role="toolbar" aria-label="Diagram">{controls}</div> }
}

pub(super) fn failure_banner(cx: Ctx) -> impl IntoView {
    move || cx.failed().map(|(message, analysis)| view! {
        <div class="engine-failed crashed diagram-failed" role="alert">
            <p class="engine-failed-text">{if analysis {
                format!("Reading this schema failed ({message}). The editor keeps your text; edit it or retry.")
            } else {
                format!("Drawing the diagram failed on this schema ({message}). The editor and the other views are not affected.")
            }}</p>
            <button class="btn btn-small retry-btn" on:click=move |_| {
                if analysis {
                    cx.state.retry_analysis();
                } else {
                    cache::reset();
                    cx.failure.set(None);
                    cx.retry.update(|n| *n += 1);
                }
            }>"Retry"</button>
        </div>
    })
}

#[cfg(test)]
mod tests {
    use super::count_label;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_label(1, 0), "1 table");
        assert_eq!(count_label(0, 0), "0 tables");
        assert_eq!(count_label(3, 1), "3 tables, 1 view");
        assert_eq!(count_label(2, 2), "2 tables, 2 views");
    }
}
