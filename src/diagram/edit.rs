//! Editing the schema from the diagram (issue 19): "Add table" (toolbar, or a double-click on
//! empty canvas: the box is pinned where it was placed) and, for the selected table, a panel to
//! rename or delete it, add / rename / retype / delete columns, switch NOT NULL, UNIQUE and
//! primary key, and add or delete relationships.
//!
//! Every change is the engine's: the engine worker plans it on the analysed text
//! (`remote::Request::Edit`, `edit::plan_edit_in`, in the input's own language) and the plan is
//! applied to the editor as one undoable change through `findings::apply_fix`, the path quick
//! fixes take. What the panel shows comes from `edit::canvas::table_edit`.

use super::ctx::Ctx;
use leptos::prelude::*;
use schemaplay_core::edit::{canvas, ColumnFlag, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::erd::{decor, view};
use schemaplay_core::lint::Fix;
use schemaplay_core::model::{QualifiedName, RefAction};
use schemaplay_core::remote::{Edited, Reply, Request};

/// What the last edit from the diagram said: done, refused (why), or a relationship that needs
/// a key first (with the plan that also creates it, and the text it was planned on).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Note {
    pub text: String,
    pub error: bool,
    pub with_key: Option<(String, Fix)>,
}

impl Note {
    fn done(text: String) -> Note {
        Note { text, error: false, with_key: None }
    }
    fn refused(text: String) -> Note {
        Note { text, error: true, with_key: None }
    }
}

/// Applies `fix`, planned on `asked`, to the editor (one undoable change); why not, if the text
/// changed meanwhile or is still being analysed.
fn apply(cx: Ctx, asked: &str, fix: &Fix) -> Result<(), String> {
    let now = cx.state.textarea.get_untracked().map(|t| t.value());
    if now.as_deref() != Some(asked) {
        return Err("The text changed while the edit was being planned: try again.".into());
    }
    // apply_fix makes the plan's edits one replacement (one Ctrl+Z), and its toast says what the
    // plan did, with Undo, as for a quick fix
    let back = back_to(cx);
    if !crate::findings::apply_fix(cx.state, fix, fix.description.clone()) {
        return Err("The schema is still being read: try again in a moment.".into());
    }
    // applying it moved the focus to the editor: it comes back to the diagram control that made
    // the edit (else the diagram itself), so the next edit from the diagram needs no click back
    refocus(cx, back);
    Ok(())
}

/// Where the focus goes back after an edit: the focused control of this diagram, else its viewport.
fn back_to(cx: Ctx) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let active = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let inside = |e: &web_sys::HtmlElement| e.closest(".diagram").ok().flatten().is_some();
    active.filter(inside).or_else(|| cx.viewport.get_untracked().map(Into::into))
}

/// Focuses `back` again now, and once more after the edit's analysis re-drew the panel (the
/// control is then a new element with the same accessible name: `keep_focus`).
fn refocus(cx: Ctx, back: Option<web_sys::HtmlElement>) {
    if let Some(e) = back {
        let _ = e.focus();
        cx.refocus.set_value(Some(identity(&e)));
    }
}

/// What a control is, across a re-draw: its accessible name, else its class and text.
fn identity(e: &web_sys::Element) -> String {
    e.get_attribute("aria-label").unwrap_or_else(|| format!("{}\u{1f}{}", e.class_name(), e.text_content().unwrap_or_default()))
}

/// After each analysis: if an edit from the diagram left the focus nowhere (its control was
/// re-drawn), it goes to the control with the same accessible name, else the diagram itself.
pub(super) fn keep_focus(cx: Ctx) {
    use wasm_bindgen::JsCast;
    Effect::new(move |_| {
        cx.state.analysis.track();
        if cx.refocus.try_with_value(Option::is_none).unwrap_or(true) {
            return;
        }
        request_animation_frame(move || {
            let Some(label) = cx.refocus.try_update_value(Option::take).flatten() else { return };
            let body = document().body().map(web_sys::Element::from);
            let lost = document().active_element().is_none_or(|a| Some(&a) == body.as_ref() || !a.is_connected());
            if !lost {
                return;
            }
            let Some(root) = cx.viewport.get_untracked().and_then(|v| v.closest(".diagram").ok().flatten()) else { return };
            let same = root.query_selector_all("button, input, select, [tabindex]").ok().and_then(|list| {
                (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).find(|e| identity(e) == label)
            });
            let to = same.or_else(|| cx.viewport.get_untracked().map(Into::into));
            if let Some(e) = to {
                let _ = e.focus();
            }
        });
    });
}

/// Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) inside the diagram: the editor's undo / redo, so the last
/// edit from the diagram is taken back (or made again) in one step; the focus stays in the
/// diagram. In a text field it is that field's own undo (what was typed there).
pub(super) fn history_key(cx: Ctx, ev: &leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if cx.embed() || !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || ev.default_prevented() {
        return;
    }
    let redo = match ev.key().to_ascii_lowercase().as_str() {
        "z" => ev.shift_key(),
        "y" => true,
        _ => return,
    };
    let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| !matches!(i.type_().as_str(), "checkbox" | "radio" | "button"));
    if typing {
        return;
    }
    ev.prevent_default();
    let Some(editor) = cx.state.textarea.get_untracked() else { return };
    let back = back_to(cx);
    let _ = editor.focus();
    crate::browser::undo_redo(redo);
    refocus(cx, back);
}

/// Asks the engine for `edit` on the analysed text and applies the plan; `then` runs once it
/// was applied.
pub(super) fn request(cx: Ctx, edit: SchemaEdit, then: impl FnOnce() + 'static) {
    let source = cx.state.source();
    let asked = source.text.clone();
    cx.edit_note.set(None);
    crate::engine::call(Request::Edit { source, edit }, move |reply| {
        let note = match reply {
            Ok(Reply::Edited(Edited::Planned(fix))) => match apply(cx, &asked, &fix) {
                Ok(()) => {
                    then();
                    Note::done(fix.description)
                }
                Err(why) => Note::refused(why),
            },
            Ok(Reply::Edited(Edited::NeedsKey { message, with_key })) => Note { text: message, error: true, with_key: Some((asked, with_key)) },
            Ok(Reply::Edited(Edited::Refused(why))) => Note::refused(why),
            Ok(_) => Note::refused("The engine answered something else.".into()),
            Err(f) => Note::refused(crate::engine::failure_text(&f, "The edit")),
        };
        cx.edit_note.try_set(Some(note));
    });
}

/// Adds a table (a free `new_table…` name, an `id` primary key). With `at` (a double-click on
/// empty canvas: the layout point) its box is pinned there; from the toolbar the layout places it.
pub(super) fn add_table(cx: Ctx, at: Option<(f64, f64)>) {
    let schema = cx.state.analysis.with_untracked(|a| a.schema.clone());
    let name = canvas::free_table_name(&schema, "new_table");
    let table = canvas::new_table_name(&name);
    let key = table.to_string();
    let edit = SchemaEdit::AddTable { table, columns: canvas::starter_columns(schema.dialect), after: None };
    request(cx, edit, move || {
        match at {
            Some((x, y)) => cx.state.positions.update(|p| {
                p.insert(key.clone(), view::round_pos(x.max(0.0), y.max(0.0)));
            }),
            // placed by the layout, maybe off screen: the view follows once it is drawn
            None => cx.reveal.set_value(Some(key.clone())),
        }
        cx.selected.set(Some(key));
        cx.editing.set(true);
    });
}

/// A relationship drawn by dragging from column `column` of box `from` to box `to` (onto its
/// column `to_column`, or elsewhere on it: its primary key). A target that is not unique gets
/// the note with "Create the key too".
pub(super) fn add_relationship(cx: Ctx, from: &str, column: &str, to: &str, to_column: Option<&str>) {
    let r = cx.state.analysis.with_untracked(|a| canvas::dragged_relationship(&a.schema, from, column, to, to_column));
    match r {
        Some(r) => request(cx, SchemaEdit::AddRelationship(r), || {}),
        None => cx.edit_note.set(Some(Note::refused("Drop the relationship on another table, or on another column of this one.".into()))),
    }
}

/// After table `from` was renamed `to` (diagram keys): its pinned position, its colour, the notes'
/// places in its Focus view and the selection follow.
fn follow_rename(cx: Ctx, from: &str, to: String) {
    cx.state.positions.update(|p| decor::follow_rename(p, from, &to));
    cx.state.colors.update(|c| decor::follow_rename(c, from, &to));
    if cx.state.notes.with_untracked(|ns| ns.iter().any(|n| n.focus.contains_key(from))) {
        cx.state.notes.update(|ns| ns.iter_mut().for_each(|n| decor::follow_rename(&mut n.focus, from, &to)));
    }
    cx.selected.set(Some(to));
}

/// After table `key` was deleted: its colour goes, and so does the selection.
fn follow_drop(cx: Ctx, key: &str) {
    cx.state.colors.update(|c| decor::follow_drop(c, key));
    cx.selected.set(None);
}

/// The header colour choices of table `key`: none, or one of the palette (radio buttons, so the
/// arrow keys move between them). A colour the input gives (DBML `headercolor`) shows when "None"
/// is picked here.
fn color_choices(cx: Ctx, key: String) -> impl IntoView {
    let k0 = key.clone();
    let current = move || cx.state.colors.with(|c| c.get(&k0).cloned());
    let choice = move |name: &'static str, value: Option<&'static str>| {
        let (key, current) = (key.clone(), current.clone());
        let title = match value {
            Some(v) => format!("Header colour {name} ({v})"),
            None => "No header colour".to_string(),
        };
        view! {
            <label class="color-choice" title=title.clone()>
                <input
                    type="radio"
                    name="edit-table-color"
                    aria-label=title.clone()
                    prop:checked=move || current().as_deref() == value
                    on:change=move |_| {
                        let key = key.clone();
                        cx.state.colors.update(|c| match value {
                            Some(v) => {
                                c.insert(key, v.to_string());
                            }
                            None => {
                                c.remove(&key);
                            }
                        });
                    }
                />
                <span class="swatch" class:none=value.is_none() style:background=value.unwrap_or("transparent")></span>
            </label>
        }
    };
    view! {
        <fieldset class="edit-color">
            <legend class="edit-sub">"Header colour"</legend>
            {choice("None", None)}
            {decor::PALETTE.iter().map(|(name, hex)| choice(name, Some(hex))).collect_view()}
        </fieldset>
    }
}

fn column_row(cx: Ctx, table: QualifiedName, c: canvas::ColumnRow) -> impl IntoView {
    let (name, t0) = (c.name.clone(), table.clone());
    let flag = move |flag: ColumnFlag, label: &'static str, class: &'static str, on: bool| {
        let (table, column) = (t0.clone(), name.clone());
        let long = match flag {
            ColumnFlag::NotNull => "NOT NULL",
            ColumnFlag::Unique => "UNIQUE",
            ColumnFlag::PrimaryKey => "primary key",
        };
        let title = format!("{long} on column {column}");
        view! {
            <label class=format!("col-flag {class}") title=title>
                <input
                    type="checkbox"
                    aria-label=title.clone()
                    prop:checked=on
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        request(cx, SchemaEdit::SetColumnFlag { table: table.clone(), column: column.clone(), flag, on }, || {});
                    }
                />
                {label}
            </label>
        }
    };
    let (t1, t2, t3) = (table.clone(), table.clone(), table.clone());
    let (n1, n2, n3) = (c.name.clone(), c.name.clone(), c.name.clone());
    view! {
        <li class="edit-col" data-col=c.name.clone()>
            <input
                class="col-name"
                aria-label=format!("Name of column {}", c.name)
                prop:value=c.name.clone()
                on:change=move |ev| {
                    let to = event_target_value(&ev).trim().to_string();
                    request(cx, SchemaEdit::RenameColumn { table: t1.clone(), column: n1.clone(), to }, || {});
                }
            />
            <input
                class="col-type"
                list="edit-types"
                aria-label=format!("Type of column {}", c.name)
                prop:value=c.data_type.clone()
                on:change=move |ev| {
                    let to = event_target_value(&ev).trim().to_string();
                    request(cx, SchemaEdit::RetypeColumn { table: t2.clone(), column: n2.clone(), to }, || {});
                }
            />
            {flag(ColumnFlag::NotNull, "NN", "col-nn", c.not_null)}
            {flag(ColumnFlag::Unique, "UQ", "col-uq", c.unique)}
            {flag(ColumnFlag::PrimaryKey, "PK", "col-pk", c.primary_key)}
            <button
                class="btn btn-small col-del"
                aria-label=format!("Delete column {}", c.name)
                title="Delete this column"
                on:click=move |_| request(cx, SchemaEdit::DropColumn { table: t3.clone(), column: n3.clone() }, || {})
            >
                "×"
            </button>
        </li>
    }
}

fn add_column_form(cx: Ctx, table: QualifiedName, suggested: String, default_type: String) -> impl IntoView {
    let name = RwSignal::new(suggested);
    let ty = RwSignal::new(default_type);
    let add = move || {
        let column = NewColumn { name: name.get_untracked().trim().to_string(), data_type: ty.get_untracked().trim().to_string(), ..Default::default() };
        request(cx, SchemaEdit::AddColumn { table: table.clone(), column }, || {});
    };
    let add2 = add.clone();
    view! {
        <div class="edit-add-col">
            <input class="new-col-name" aria-label="New column name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { add2() } />
            <input class="new-col-type" list="edit-types" aria-label="New column type" prop:value=move || ty.get() on:input=move |ev| ty.set(event_target_value(&ev)) />
            <button class="btn btn-small add-col" on:click=move |_| add()>"Add column"</button>
        </div>
    }
}

fn add_relationship_form(cx: Ctx, table: QualifiedName, columns: Vec<String>, targets: Vec<String>) -> impl IntoView {
    let from = RwSignal::new(columns.first().cloned().unwrap_or_default());
    let to_table = RwSignal::new(targets.first().cloned().unwrap_or_default());
    // Empty: the referenced table's primary key.
    let to_column = RwSignal::new(String::new());
    let to_columns = move || {
        let key = to_table.get();
        cx.state.analysis.with(|a| canvas::column_names(&a.schema, &key))
    };
    let add = move |_| {
        let schema = cx.state.analysis.with_untracked(|a| a.schema.clone());
        let Some(target) = canvas::table_of_key(&schema, &to_table.get_untracked()).map(|t| t.qualified_name()) else { return };
        let col = to_column.get_untracked();
        let rel = NewRelationship {
            table: table.clone(),
            columns: vec![from.get_untracked()],
            ref_table: target,
            ref_columns: if col.is_empty() { Vec::new() } else { vec![col] },
            ..Default::default()
        };
        request(cx, SchemaEdit::AddRelationship(rel), || {});
    };
    view! {
        <div class="edit-add-rel">
            <select class="rel-from" aria-label="Column that references" on:change=move |ev| from.set(event_target_value(&ev))>
                {columns.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
            </select>
            " → "
            <select class="rel-table" aria-label="Referenced table" on:change=move |ev| { to_table.set(event_target_value(&ev)); to_column.set(String::new()); }>
                {targets.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
            </select>
            <select class="rel-column" aria-label="Referenced column" prop:value=move || to_column.get() on:change=move |ev| to_column.set(event_target_value(&ev))>
                <option value="">"(primary key)"</option>
                {move || to_columns().into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
            </select>
            <button class="btn btn-small add-rel" on:click=add>"Add relationship"</button>
        </div>
    }
}

/// An ON DELETE / ON UPDATE select: "(none)" (no clause) and the actions.
fn action_select(label: String, class: &'static str, current: Option<RefAction>, set: impl Fn(Option<RefAction>) + 'static) -> impl IntoView {
    let id = current.map_or("", RefAction::id);
    view! {
        <select class=class aria-label=label.clone() title=label on:change=move |ev| set(canvas::action_of_id(&event_target_value(&ev)))>
            <option value="" selected=id.is_empty()>"(none)"</option>
            {canvas::ACTIONS.into_iter().map(|a| view! { <option value=a.id() selected=a.id() == id>{a.id().to_uppercase()}</option> }).collect_view()}
        </select>
    }
}

/// One relationship of the table: how it reads, its ON DELETE / ON UPDATE, delete.
fn relation_row(cx: Ctx, table: QualifiedName, r: canvas::RelationRow) -> impl IntoView {
    let (t1, t2, t3) = (table.clone(), table.clone(), table);
    let (fk, del, upd) = (r.fk, r.on_delete, r.on_update);
    view! {
        <li class="edit-rel" data-fk=fk>
            <span>{r.label.clone()}</span>
            {action_select(format!("ON DELETE of {}", r.label), "rel-on-delete", del, move |a| {
                request(cx, SchemaEdit::SetRelationshipActions { table: t1.clone(), fk, on_delete: a, on_update: upd }, || {});
            })}
            {action_select(format!("ON UPDATE of {}", r.label), "rel-on-update", upd, move |a| {
                request(cx, SchemaEdit::SetRelationshipActions { table: t2.clone(), fk, on_delete: del, on_update: a }, || {});
            })}
            <button class="btn btn-small rel-del" aria-label=format!("Delete relationship {}", r.label)
                on:click=move |_| request(cx, SchemaEdit::DropRelationship { table: t3.clone(), fk }, || {})>"×"</button>
        </li>
    }
}

fn note_view(cx: Ctx) -> impl IntoView {
    move || {
        cx.edit_note.get().map(|n| {
            let with_key = n.with_key.clone().map(|(asked, fix)| {
                view! {
                    <button class="btn btn-small create-key" on:click=move |_| {
                        let note = match apply(cx, &asked, &fix) {
                            Ok(()) => Note::done(fix.description.clone()),
                            Err(why) => Note::refused(why),
                        };
                        cx.edit_note.set(Some(note));
                    }>"Create the key too"</button>
                }
            });
            view! {
                <p class="edit-note" class:error=n.error>{n.text}" "{with_key}</p>
            }
        })
    }
}

/// The selected table's edit panel (the app's: `Tools::panels`; nothing for a view's box).
pub(super) fn panel(cx: Ctx) -> impl IntoView {
    let body = move || {
        if !cx.editing.get() {
            return None;
        }
        let key = cx.selected.get()?;
        let e = cx.state.analysis.with(|a| canvas::table_edit_in(cx.state.analysed_kind.get(), &a.schema, &key))?;
        let table = e.table.clone();
        let (t_rename, t_drop, t_add, t_rel) = (table.clone(), table.clone(), table.clone(), table.clone());
        let dropped = key.clone();
        let column_names: Vec<String> = e.columns.iter().map(|c| c.name.clone()).collect();
        let default_type = e.types.iter().find(|t| *t == "text").or(e.types.first()).cloned().unwrap_or_default();
        Some(view! {
            <section class="diagram-edit" aria-label=format!("Edit table {key}")>
                <div class="edit-head">
                    <input
                        class="edit-table-name"
                        aria-label="Table name"
                        prop:value=table.name.clone()
                        on:change=move |ev| {
                            let to = event_target_value(&ev).trim().to_string();
                            let (old_key, new_key) = (t_rename.to_string(), canvas::renamed_key(&t_rename, &to));
                            request(cx, SchemaEdit::RenameTable { table: t_rename.clone(), to }, move || follow_rename(cx, &old_key, new_key));
                        }
                    />
                    <button class="btn btn-small drop-table" title="Delete this table and the relationships to it"
                        on:click=move |_| {
                            let dropped = dropped.clone();
                            request(cx, SchemaEdit::DropTable { table: t_drop.clone() }, move || follow_drop(cx, &dropped))
                        }>
                        "Delete table"
                    </button>
                    <button class="btn btn-small edit-close" aria-label="Close the table editor" on:click=move |_| cx.editing.set(false)>"×"</button>
                </div>
                {color_choices(cx, key.clone())}
                <datalist id="edit-types">
                    {e.types.iter().map(|t| view! { <option value=t.clone()></option> }).collect_view()}
                </datalist>
                <ul class="edit-cols">
                    {e.columns.into_iter().map(|c| column_row(cx, table.clone(), c)).collect_view()}
                </ul>
                {add_column_form(cx, t_add, e.new_column, default_type)}
                <h3 class="edit-sub">"Relationships"</h3>
                <ul class="edit-rels">
                    {e.relations.into_iter().map(|r| relation_row(cx, table.clone(), r)).collect_view()}
                </ul>
                {add_relationship_form(cx, t_rel, column_names, e.targets)}
            </section>
        })
    };
    view! {
        {body}
        <div class="edit-status" role="status">{note_view(cx)}</div>
    }
}
