//! The app shell: header, editor pane, draggable divider, output pane. Provides [`AppState`].

use crate::browser;
use crate::dialect_hint::DialectHint;
use crate::divider::{clamp_split, Divider};
use crate::editor::Editor;
use crate::header::Header;
use crate::output::{Output, StatusBar};
use crate::share::{embed_tab, query_param, Session, SessionBanner};
use crate::state::{AppState, Tab, Theme};
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
    if let Some(view) = query_param("embed") {
        return view! { <Embed session=session view=view /> }.into_any();
    }

    // Effects only touch browser APIs: the theme attribute and the remembered preferences.
    Effect::new(move |_| {
        let theme = state.theme.get();
        browser::set_root_data("theme", theme.id());
        browser::storage_set(THEME_KEY, theme.id());
    });
    Effect::new(move |_| state.lint_config.with(|c| browser::storage_set(LINT_KEY, &c.to_toml())));
    Effect::new(move |_| browser::storage_set(SPLIT_KEY, &format!("{:.3}", state.split.get())));

    let workspace: NodeRef<Div> = NodeRef::new();
    view! {
        <div class="app">
            <Header />
            <SessionBanner session=session />
            <div
                class="workspace"
                node_ref=workspace
                style:--split=move || format!("{:.4}", state.split.get())
            >
                <section class="editor-pane" aria-label="Schema editor">
                    <DialectHint />
                    <Editor />
                    <StatusBar />
                </section>
                <Divider workspace=workspace />
                <Output />
            </div>
        </div>
    }
    .into_any()
}

/// Embed mode (`?embed=<view>&theme=light|dark|auto#<link>`): one view, no editor chrome, and
/// an "Open in playground" link carrying the same state.
#[component]
fn Embed(session: Session, view: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = match query_param("theme").as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "system",
    };
    browser::set_root_data("theme", theme);
    browser::set_root_data("embed", "1");
    let tab = embed_tab(&view);
    if let Some(t) = tab {
        state.tab.set(t);
    }
    let open = {
        let b = crate::share::base_url();
        let b = b.split('?').next().unwrap_or_default().to_string();
        format!("{b}#{}", crate::share::location_fragment())
    };
    view! {
        <div class="embed" data-embed=view.clone()>
            <SessionBanner session=session />
            <main class="embed-view">
                {match tab {
                    Some(Tab::Findings) => view! { <crate::findings::Findings /> }.into_any(),
                    Some(Tab::Diagram) => view! { <crate::diagram::Diagram embed=true /> }.into_any(),
                    Some(t @ (Tab::Prisma | Tab::Drizzle | Tab::Sql | Tab::Mermaid | Tab::Dbml | Tab::TypeScript)) => {
                        view! { <crate::codegen_view::CodeView tab=t /> }.into_any()
                    }
                    Some(Tab::Migration) => view! { <crate::migration::Migration /> }.into_any(),
                    Some(Tab::History) => view! { <crate::history::History /> }.into_any(),
                    None => view! { <p class="pending">{format!("Unknown view {view:?}: use diagram, findings, prisma, drizzle, sql, mermaid, dbml, typescript or migration.")}</p> }.into_any(),
                }}
            </main>
            <footer class="embed-footer">
                <a class="open-in-playground" href=open target="_blank" rel="noopener">"Open in playground ↗"</a>
            </footer>
        </div>
    }
}
