//! The docs embed (`?embed=<view>&theme=light|dark|auto#<link>`): one view of the link's state,
//! no editor, header or drafts, and an "Open in playground" link carrying the same state.
//!
//! It is a wasm module of its own (`src/bin/embed.rs`), so a docs page downloads only what its
//! view needs: the diagram and findings views run in it; a code or migration view asks the
//! engine worker (`engine`) like the app does. The migration view is read-only here.

use crate::browser;
use crate::share::{embed_tab, query_param, SessionBanner};
use crate::state::{AppState, Tab};
use leptos::prelude::*;
use schemaplay_core::Dialect;

#[component]
pub fn Embed() -> impl IntoView {
    // Empty until the link is applied (no analysis of a default example nobody sees).
    let state = AppState::new(String::new(), Dialect::default());
    provide_context(state);
    let session = crate::share::start_embed(state);
    let view = query_param("embed").unwrap_or_default();
    let theme = match query_param("theme").as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ => "system",
    };
    browser::set_root_data("theme", theme);
    browser::set_root_data("embed", "1");
    let embed = NodeRef::<leptos::html::Div>::new();
    crate::embed_height::start(view.clone(), embed);
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
        <div class="embed" data-embed=view.clone() node_ref=embed>
            <SessionBanner session=session />
            <main class="embed-view">
                {match tab {
                    Some(Tab::Findings) => view! { <crate::findings::Findings /> }.into_any(),
                    Some(Tab::Diagram) => view! { <crate::diagram::DiagramEmbed /> }.into_any(),
                    Some(t @ (Tab::Prisma | Tab::Drizzle | Tab::Sql | Tab::Mermaid | Tab::Dbml | Tab::TypeScript)) => {
                        view! { <crate::codegen_view::CodeView tab=t /> }.into_any()
                    }
                    Some(Tab::Migration) => view! { <crate::migration::MigrationEmbed /> }.into_any(),
                    // A migration folder's history is read from files in the playground, not from a link's embed.
                    Some(Tab::History) => view! { <p class="pending">"The history view opens in the playground: use the link below."</p> }.into_any(),
                    None => view! { <p class="pending">{format!("Unknown view {view:?}: use diagram, findings, prisma, drizzle, sql, mermaid, dbml, typescript or migration.")}</p> }.into_any(),
                }}
            </main>
            <footer class="embed-footer">
                <a class="open-in-playground" href=open target="_blank" rel="noopener">"Open in playground ↗"</a>
            </footer>
        </div>
    }
}
