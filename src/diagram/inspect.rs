//! The relationship inspector: beside the selected table (when its edit panel is not open), the
//! tables it references and the tables that reference it, each a button that centres the diagram
//! on that table and selects it. The lists are `erd::inspect::relations` of the full graph, so
//! they name every column whatever the detail selector hides.

use super::ctx::Ctx;
use leptos::prelude::*;
use schemaplay_core::erd::inspect::{self, Related};

fn list(cx: Ctx, class: &'static str, title: &'static str, items: Vec<Related>) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <h3 class="edit-sub">{title}</h3>
        <ul class=format!("inspect-list {class}")>
            {empty.then(|| view! { <li class="inspect-none">"none"</li> })}
            {items.into_iter().map(|r| {
                let key = r.table.clone();
                view! {
                    <li>
                        <button
                            class="inspect-jump"
                            data-table=r.table.clone()
                            disabled=r.missing
                            title=if r.missing { format!("{} is not in this schema", r.table) } else { format!("Show {}", r.table) }
                            on:click=move |_| {
                                if cx.centre_on(&key) {
                                    cx.pick(&key);
                                }
                            }
                        >
                            {r.label}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

pub(super) fn inspector(cx: Ctx) -> impl IntoView {
    move || {
        if cx.editing.get() {
            return None;
        }
        let key = cx.selected.get()?;
        let rel = cx.full.with(|g| g.tables.iter().any(|t| t.key == key).then(|| inspect::relations(g, &key)))?;
        Some(view! {
            <section class="diagram-inspect" aria-label=format!("Relationships of {key}")>
                <div class="edit-head">
                    <strong class="inspect-table">{key.clone()}</strong>
                    <button class="btn btn-small inspect-close" aria-label="Close the relationships" on:click=move |_| cx.selected.set(None)>"×"</button>
                </div>
                {list(cx, "inspect-refs", "References", rel.references)}
                {list(cx, "inspect-by", "Referenced by", rel.referenced_by)}
            </section>
        })
    }
}
