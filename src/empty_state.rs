//! What an empty view says: why nothing shows and the way forward (the engine's
//! `explain::why_empty`): switch the dialect, go to the first error's line, or paste a schema.

use crate::state::AppState;
use leptos::prelude::*;
use schemaplay_core::explain::{why_empty, Empty};

/// The reason (and its action) for the analysis on screen; nothing when it has tables.
#[component]
pub fn EmptyState() -> impl IntoView {
    let state = expect_context::<AppState>();
    let why = Memo::new(move |_| {
        let source = state.source();
        state.analysis.with(|a| why_empty(&source.text, source.dialect, a))
    });
    move || {
        why.get().map(|e| {
            let selected = state.dialect.get_untracked();
            let action = match &e {
                Empty::WrongDialect { dialect, .. } => {
                    let d = *dialect;
                    Some(view! { <button class="btn btn-small empty-switch" on:click=move |_| state.set_dialect(d)>{format!("Switch to {}", d.label())}</button> }.into_any())
                }
                Empty::Unreadable { line, column, .. } => {
                    let (l, c) = (*line, *column);
                    Some(view! { <button class="btn btn-small empty-goto" on:click=move |_| state.reveal(l, c)>{format!("Show line {l}")}</button> }.into_any())
                }
                _ => None,
            };
            view! {
                // Inside the diagram's viewport: its pointer handlers (pan) must not take the clicks.
                <div class="empty-state" data-why=e.id() role="status" on:pointerdown=|ev| ev.stop_propagation()>
                    <p class="empty-why">{e.message(selected)}</p>
                    {action}
                </div>
            }
        })
    }
}
