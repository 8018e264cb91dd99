//! The output side: a tab bar and one panel per view. Every panel reads the one analysis signal.

use crate::findings::{badge, Findings};
use crate::state::{AppState, Tab};
use leptos::prelude::*;
use schemaplay_core::Severity;

#[component]
pub fn Output() -> impl IntoView {
    let state = expect_context::<AppState>();
    let badge = Memo::new(move |_| state.analysis.with(|a| badge(a)));
    let count = move || badge.get().0;

    view! {
        <section class="output" aria-label="Output">
            <nav class="tabs" role="tablist" aria-label="Views" on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // One Tab stop: arrow keys (and Home/End) choose the view and move focus with it.
                if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.shift_key() {
                    return;
                }
                let Some(to) = Tab::roving(state.tab.get_untracked(), &ev.key()) else { return };
                ev.prevent_default();
                state.tab.set(to);
                if let Some(el) = document().get_element_by_id(&format!("tab-{}", to.id())) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }>
                {Tab::ALL
                    .into_iter()
                    .map(|tab| {
                        view! {
                            <button
                                class="tab"
                                role="tab"
                                id=format!("tab-{}", tab.id())
                                aria-controls="output-panel"
                                aria-selected=move || (state.tab.get() == tab).to_string()
                                tabindex=move || if state.tab.get() == tab { "0" } else { "-1" }
                                class:active=move || state.tab.get() == tab
                                on:click=move |_| state.tab.set(tab)
                            >
                                {tab.label()}
                                {(tab == Tab::Findings)
                                    .then(|| {
                                        view! {
                                            <span
                                                class=move || format!("badge sev-{}", badge.get().1.map_or("none", |s| s.id()))
                                                class:zero=move || count() == 0
                                            >
                                                {count}
                                            </span>
                                        }
                                    })}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            <div
                class="panel"
                id="output-panel"
                role="tabpanel"
                tabindex="-1"
                aria-labelledby=move || format!("tab-{}", state.tab.get().id())
            >
                {move || match state.tab.get() {
                    Tab::Findings => view! { <Findings /> }.into_any(),
                    Tab::Diagram => view! { <crate::diagram::Diagram /> }.into_any(),
                    Tab::Migration => view! { <crate::migration::Migration /> }.into_any(),
                    Tab::History => view! { <crate::history::History /> }.into_any(),
                    tab @ (Tab::Prisma | Tab::Drizzle | Tab::Sql | Tab::Mermaid | Tab::Dbml | Tab::TypeScript) => view! { <crate::codegen_view::CodeView tab=tab /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// Short status line under the editor: statement, parser diagnostic and lint finding counts.
#[component]
pub fn StatusBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = move || {
        state.analysis.with(|a| {
            let errors = a.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = a.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
            let findings = a.findings.len();
            format!(
                "{} statement{} · {} error{} · {} warning{} · {} finding{}",
                a.statement_count,
                if a.statement_count == 1 { "" } else { "s" },
                errors,
                if errors == 1 { "" } else { "s" },
                warnings,
                if warnings == 1 { "" } else { "s" },
                findings,
                if findings == 1 { "" } else { "s" },
            )
        })
    };
    let lines = move || state.text.with(|t| t.matches('\n').count() + 1);
    view! {
        <footer class="status-bar">
            <span class="status-summary">{summary}</span>
            <FindingsLive />
            <Show when=move || state.analysing.get()>
                <span class="status-analysing">"analysing…"</span>
            </Show>
            <span class="status-lines">{move || format!("{} lines · {}", lines(), state.dialect.get().label())}</span>
        </footer>
    }
}

/// The counts a screen reader hears, politely, when they change: a live region of its own with
/// only the count sentence (the status bar itself is not live: its statement and line counts
/// change on every keystroke). The memo keeps the text node untouched while the counts stay.
#[component]
fn FindingsLive() -> impl IntoView {
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        state.analysis.with(|a| (a.findings.len(), a.diagnostics.iter().filter(|d| d.severity != Severity::Info).count()))
    });
    view! {
        <span class="sr-only findings-live" role="status" aria-live="polite" aria-atomic="true">
            {move || {
                let (findings, diagnostics) = counts.get();
                count_sentence(findings, diagnostics)
            }}
        </span>
    }
}

/// "3 findings, 1 diagnostic": lint findings and the parser's errors and warnings.
fn count_sentence(findings: usize, diagnostics: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!("{findings} finding{}, {diagnostics} diagnostic{}", s(findings), s(diagnostics))
}
