//! Controls drawn over the diagram's boxes (issue 19): on the hovered (else the selected) table a
//! relationship handle at the right edge of every column row (drag it to another table's column
//! or box: `gestures`), the rubber band of such a drag with what it would reference, and the
//! inline editor of one column (a double-click on its name or type): name, type (the dialect's
//! list, free text allowed), NOT NULL / UNIQUE / PK. Enter commits through the engine's edit
//! (`edit::request`), Escape cancels; focus goes back to the diagram.
//!
//! They live in the viewport's coordinates (the layout point through `View`), so they keep their
//! size at every zoom; where a row is, is `erd::rows`.

use super::ctx::Ctx;
use leptos::html::Input;
use leptos::prelude::*;
use schemaplay_core::edit::{canvas, ColumnFlag, SchemaEdit};
use schemaplay_core::erd::{rows, view, BoxKind, Detail};

/// The column whose inline editor is open: its box key, its name, and whether the type (not the
/// name) was double-clicked.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Inline {
    pub key: String,
    pub column: String,
    pub type_first: bool,
}

/// A relationship being dragged: the viewport points it runs between, and the target it would
/// reference there (`table` or `table.column`), if any.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Link {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub target: Option<String>,
}

fn px(v: f64) -> String {
    format!("{v:.1}px")
}

/// The handles of the hovered (else selected) table's rows, at full detail.
fn handles(cx: Ctx) -> impl IntoView {
    move || {
        let key = cx.hover_key.get().or_else(|| cx.selected.get())?;
        let v = cx.view.get();
        if view::detail_for(v.k) != Detail::Full || cx.link.with(Option::is_some) {
            return None;
        }
        cx.drawing.with(|d| {
            let i = d.graph.tables.iter().position(|t| t.key == key)?;
            let (t, b) = (&d.graph.tables[i], d.layout.tables.get(i)?);
            if t.kind != BoxKind::Table {
                return None;
            }
            let hs = t.columns.iter().enumerate().map(|(ri, c)| {
                let (x, y) = rows::handle_point(b, ri);
                view! {
                    <span
                        class="col-handle"
                        aria-hidden="true"
                        data-key=key.clone()
                        data-col=c.name.clone()
                        title=format!("Drag to another table: {}.{} references it", key, c.name)
                        style:left=px(v.x + v.k * x)
                        style:top=px(v.y + v.k * y)
                    ></span>
                }
            });
            Some(hs.collect_view())
        })
    }
}

/// The rubber band of a relationship drag, and what it would reference.
fn rubber(cx: Ctx) -> impl IntoView {
    move || {
        cx.link.get().map(|l| {
            let label = l.target.clone().map_or_else(|| "drop on a table or one of its columns".to_string(), |t| format!("references {t}"));
            view! {
                <svg class="link-line" aria-hidden="true">
                    <line x1=l.from.0 y1=l.from.1 x2=l.to.0 y2=l.to.1></line>
                </svg>
                <span class="link-label" class:none=l.target.is_none() style:left=px(l.to.0 + 12.0) style:top=px(l.to.1 + 12.0)>{label}</span>
            }
        })
    }
}

/// Closes the inline editor and gives the focus back to the diagram.
fn close(cx: Ctx) {
    cx.inline.set(None);
    if let Some(vp) = cx.viewport.get_untracked() {
        let _ = vp.focus();
    }
}

/// Where the row of `column` in box `key` is on screen: left, top, width (viewport pixels).
fn row_on_screen(cx: Ctx, key: &str, column: &str) -> Option<(f64, f64, f64)> {
    let v = cx.view.get();
    let r = cx.drawing.with(|d| {
        let i = d.graph.tables.iter().position(|t| t.key == key)?;
        let ri = d.graph.tables[i].columns.iter().position(|c| c.name == column)?;
        Some(rows::row_rect(d.layout.tables.get(i)?, ri))
    })?;
    Some((v.x + v.k * r[0], v.y + v.k * r[1], v.k * (r[2] - r[0])))
}

/// The inline editor of one column, over its row (it follows the row when the view moves; its
/// content is made again only when the column or the schema changes).
fn inline_editor(cx: Ctx) -> impl IntoView {
    move || {
        let Inline { key, column, type_first } = cx.inline.get()?;
        let e = cx.state.analysis.with(|a| canvas::table_edit_in(cx.state.analysed_kind.get(), &a.schema, &key))?;
        let c = e.columns.iter().find(|c| c.name == column)?.clone();
        let table = e.table.clone();
        let (name_ref, type_ref) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
        let first = if type_first { type_ref } else { name_ref };
        request_animation_frame(move || {
            if let Some(el) = first.get_untracked() {
                let _ = el.focus();
                el.select();
            }
        });
        let (t1, t2, n1, n2) = (table.clone(), table.clone(), c.name.clone(), c.name.clone());
        let old_type = c.data_type.clone();
        let commit_name = move |to: String| {
            if to.is_empty() || to == n1 {
                close(cx);
                return;
            }
            super::edit::request(cx, SchemaEdit::RenameColumn { table: t1.clone(), column: n1.clone(), to }, move || close(cx));
        };
        let commit_type = move |to: String| {
            if to.is_empty() || to == old_type {
                close(cx);
                return;
            }
            super::edit::request(cx, SchemaEdit::RetypeColumn { table: t2.clone(), column: n2.clone(), to }, move || close(cx));
        };
        let keys = move |ev: &leptos::ev::KeyboardEvent, commit: &dyn Fn(String), el: NodeRef<Input>| {
            if ev.key() == "Enter" {
                ev.prevent_default();
                if let Some(i) = el.get_untracked() {
                    commit(i.value().trim().to_string());
                }
            }
        };
        let (t3, n3) = (table.clone(), c.name.clone());
        let flag = move |flag: ColumnFlag, label: &'static str, on: bool| {
            let (table, column) = (t3.clone(), n3.clone());
            let title = format!("{label} on column {column}");
            let aria = title.clone();
            view! {
                <label class="inline-flag" title=title>
                    <input type="checkbox" aria-label=aria prop:checked=on on:change=move |ev| {
                        set_flag(cx, table.clone(), column.clone(), flag, event_target_checked(&ev));
                    } />
                    {label}
                </label>
            }
        };
        let (k1, k2, k3, c1, c2, c3) = (key.clone(), key.clone(), key.clone(), column.clone(), column.clone(), column.clone());
        Some(view! {
            <div
                class="inline-edit"
                role="group"
                aria-label=format!("Edit column {column} of {key}")
                style:left=move || row_on_screen(cx, &k1, &c1).map_or_else(String::new, |r| px(r.0))
                style:top=move || row_on_screen(cx, &k2, &c2).map_or_else(String::new, |r| px(r.1 - 3.0))
                style:min-width=move || row_on_screen(cx, &k3, &c3).map_or_else(String::new, |r| px(r.2))
                on:keydown=move |ev| {
                    // the diagram's own keys (arrows pan, 0 fits) stay out of the editor; its
                    // undo (Ctrl+Z) works here too
                    super::edit::history_key(cx, &ev);
                    ev.stop_propagation();
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close(cx);
                    }
                }
            >
                <input class="inline-name" node_ref=name_ref aria-label=format!("Name of column {}", c.name) value=c.name.clone()
                    on:keydown=move |ev| keys(&ev, &commit_name, name_ref) />
                <input class="inline-type" node_ref=type_ref list="inline-types" aria-label=format!("Type of column {}", c.name) value=c.data_type.clone()
                    on:keydown=move |ev| keys(&ev, &commit_type, type_ref) />
                <datalist id="inline-types">
                    {e.types.iter().map(|t| view! { <option value=t.clone()></option> }).collect_view()}
                </datalist>
                {flag(ColumnFlag::NotNull, "NOT NULL", c.not_null)}
                {flag(ColumnFlag::Unique, "UNIQUE", c.unique)}
                {flag(ColumnFlag::PrimaryKey, "PK", c.primary_key)}
            </div>
        })
    }
}

fn set_flag(cx: Ctx, table: schemaplay_core::model::QualifiedName, column: String, flag: ColumnFlag, on: bool) {
    super::edit::request(cx, SchemaEdit::SetColumnFlag { table, column, flag, on }, || {});
}

/// Everything over the boxes (the app's: `Tools::layers`).
pub(super) fn overlay(cx: Ctx) -> impl IntoView {
    view! {
        <div class="erd-overlay">
            {handles(cx)}
            {rubber(cx)}
            {inline_editor(cx)}
        </div>
    }
}

/// Opens the inline editor when the double-click at layout point `(x, y)` is on a table's column
/// name or type; false otherwise.
pub(super) fn open_at(cx: Ctx, x: f64, y: f64) -> bool {
    let hit = cx.drawing.with_untracked(|d| {
        let h = rows::hit(&d.graph, &d.layout, x, y)?;
        let t = d.graph.tables.get(h.table)?;
        match h.row {
            Some((ri, part @ (rows::Part::Name | rows::Part::Type))) if t.kind == BoxKind::Table => {
                Some(Inline { key: t.key.clone(), column: t.columns.get(ri)?.name.clone(), type_first: part == rows::Part::Type })
            }
            _ => None,
        }
    });
    match hit {
        Some(i) => {
            cx.inline.set(Some(i));
            true
        }
        None => false,
    }
}

/// The relationship target at layout point `(x, y)`: the box's key and the column under it.
pub(super) fn target_at(cx: Ctx, x: f64, y: f64) -> Option<(String, Option<String>)> {
    cx.drawing.with_untracked(|d| {
        let h = rows::hit(&d.graph, &d.layout, x, y)?;
        let t = d.graph.tables.get(h.table)?;
        (t.kind == BoxKind::Table).then(|| (t.key.clone(), h.row.and_then(|(ri, _)| t.columns.get(ri).map(|c| c.name.clone()))))
    })
}
