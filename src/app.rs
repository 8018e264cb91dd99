//! The app shell: header, editor pane, draggable divider, output pane. Provides [`AppState`].

use crate::browser;
use crate::dialect_hint::DialectHint;
use crate::divider::{clamp_split, Divider};
use crate::editor::Editor;
use crate::header::Header;
use crate::output::{Output, StatusBar};
use crate::share::SessionBanner;
use crate::state::{AppState, Theme};
use leptos::html::Div;
use leptos::prelude::*;
use schemaplay_core::examples;
use schemaplay_core::lint::LintConfig;

const THEME_KEY: &str = "schemaplay.theme";
const SPLIT_KEY: &str = "schemaplay.split";
/// Lint rule levels, stored as `schemaplay.toml` text.
const LINT_KEY: &str = "schemaplay.lint";

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(examples::DEFAULT.sql.to_string(), examples::DEFAULT.dialect);
    if let Some(t) = browser::storage_get(THEME_KEY).and_then(|s| Theme::parse(&s)) {
        state.theme.set(t);
    }
    if let Some(f) = browser::storage_get(SPLIT_KEY).and_then(|s| s.parse::<f64>().ok()) {
        state.split.set(clamp_split(f));
    }
    if let Some(c) = browser::storage_get(LINT_KEY).and_then(|s| LintConfig::from_toml(&s).ok()) {
        state.set_lint_config(c);
    }
    provide_context(state);
    let session = crate::share::start(state);

    // Effects only touch browser APIs: the theme attribute and the remembered preferences.
    Effect::new(move |_| {
        let theme = state.theme.get();
        browser::set_root_data("theme", theme.id());
        browser::storage_set(THEME_KEY, theme.id());
    });
    Effect::new(move |_| state.lint_config.with(|c| browser::storage_set(LINT_KEY, &c.to_toml())));
    Effect::new(move |_| browser::storage_set(SPLIT_KEY, &format!("{:.3}", state.split.get())));

    let workspace: NodeRef<Div> = NodeRef::new();
    // Phone width: one pane at a time (CSS shows this toggle only there): the editor first, but
    // the output when a link was opened: whoever sends a link means its diagram or findings.
    let phone_output = RwSignal::new(session.links_opened.get_untracked() > 0);
    Effect::new(move |seen: Option<u32>| {
        let opened = session.links_opened.get();
        if seen.is_some_and(|n| opened > n) {
            phone_output.set(true);
        }
        opened
    });
    view! {
        <div class="app">
            <a class="skip-link" href="#output-panel">"Skip to the output"</a>
            <crate::offline::UpdateNotice />
            <Header />
            <SessionBanner session=session />
            <div class="pane-toggle" role="group" aria-label="Show">
                <button class="btn" aria-pressed=move || (!phone_output.get()).to_string() on:click=move |_| phone_output.set(false)>
                    "Editor"
                </button>
                <button class="btn" aria-pressed=move || phone_output.get().to_string() on:click=move |_| phone_output.set(true)>
                    "Output"
                </button>
            </div>
            <div
                class="workspace"
                class:phone-output=move || phone_output.get()
                node_ref=workspace
                style:--split=move || format!("{:.4}", state.split.get())
            >
                <section
                    class="editor-pane"
                    aria-label="Schema editor"
                    on:dragover=move |ev: web_sys::DragEvent| {
                        if crate::input_kind::has_files(&ev) {
                            ev.prevent_default();
                        }
                    }
                    on:drop=move |ev: web_sys::DragEvent| crate::input_kind::on_drop(state, &ev)
                >
                    <DialectHint />
                    <Editor />
                    <StatusBar />
                </section>
                <Divider workspace=workspace />
                <Output />
            </div>
        </div>
    }
}
