//! Offers to switch the dialect when the pasted text is clearly written in another one.

use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn DialectHint() -> impl IntoView {
    let state = expect_context::<AppState>();
    let offer = move || {
        state.mismatch.get().filter(|d| state.mismatch_dismissed.get() != Some(d.dialect))
    };
    view! {
        {move || {
            offer()
                .map(|d| {
                    let target = d.dialect;
                    view! {
                        <div class="dialect-hint" role="status">
                            <span>
                                {format!(
                                    "This looks like {} ({}), but the dialect is set to {}.",
                                    target.label(),
                                    d.evidence.join(", "),
                                    state.dialect.get_untracked().label(),
                                )}
                            </span>
                            <button class="btn btn-small" on:click=move |_| state.set_dialect(target)>
                                {format!("Switch to {}", target.label())}
                            </button>
                            <button
                                class="btn btn-small btn-quiet"
                                on:click=move |_| state.mismatch_dismissed.set(Some(target))
                            >
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
        }}
    }
}
