//! The header: product name, dialect selector, input language (`input_kind`), examples menu,
//! Share, theme toggle.

use crate::state::{AppState, Theme};
use leptos::prelude::*;
use schemaplay_core::parse::InputKind;
use schemaplay_core::{examples, Dialect};

#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share_open = RwSignal::new(false);

    let on_dialect = move |ev: leptos::ev::Event| {
        if let Some(d) = Dialect::parse(&event_target_value(&ev)) {
            state.set_dialect(d);
        }
    };
    let on_example = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some((ex, kind)) = examples::from_menu_value(&value) {
            if kind == InputKind::Sql {
                state.kind.set(None);
                state.replace_text(ex.sql.to_string(), ex.dialect);
            } else {
                crate::input_kind::load_twin(state, ex, kind);
            }
            if !ex.migration.is_empty() {
                state.replace_migration(ex.migration.to_string());
                state.tab.set(crate::state::Tab::Migration);
            }
        }
        // Back to the placeholder so choosing the same example again reloads it.
        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
    };
    let theme_label = move || match state.theme.get() {
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
        Theme::System => "Theme: system",
    };

    view! {
        <header class="app-header">
            <h1 class="brand">
                <span class="brand-mark" aria-hidden="true">"◇"</span>
                "Schema Playground"
            </h1>
            <div class="header-controls">
                <label class="field">
                    <span class="field-label">"Dialect"</span>
                    <select
                        class="dialect-select"
                        aria-label="SQL dialect"
                        on:change=on_dialect
                        prop:value=move || state.dialect.get().id()
                    >
                        {Dialect::ALL
                            .into_iter()
                            .map(|d| view! { <option value=d.id()>{d.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <crate::input_kind::InputControls />
                <select class="examples-select" aria-label="Load an example" on:change=on_example>
                    <option value="" selected>"Examples…"</option>
                    {examples::ALL
                        .iter()
                        .map(|ex| {
                            let twins = examples::TWINS
                                .into_iter()
                                .map(|k| view! { <option value=examples::menu_value(ex, k)>{ex.title}" ("{k.label()}")"</option> })
                                .collect_view();
                            view! {
                                <option value=ex.id>{ex.title}" ("{ex.dialect.label()}")"</option>
                                {twins}
                            }
                        })
                        .collect_view()}
                </select>
                <div class="share-wrap">
                    <button
                        class="btn share-btn"
                        aria-expanded=move || share_open.get().to_string()
                        on:click=move |_| share_open.update(|o| *o = !*o)
                    >
                        "Share"
                    </button>
                    <Show when=move || share_open.get()>
                        <crate::share::ShareDialog on_close=Callback::new(move |_| share_open.set(false)) />
                    </Show>
                </div>
                <button
                    class="btn theme-toggle"
                    title="Switch between light, dark and system theme"
                    aria-label=theme_label
                    on:click=move |_| state.theme.update(|t| *t = t.next())
                >
                    {theme_label}
                </button>
            </div>
        </header>
    }
}
