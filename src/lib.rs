//! Schema Playground web app (Leptos 0.8, client-side rendered).
//!
//! The only code that imports leptos / web-sys. It holds the playground state in signals, derives
//! everything from one analysis signal (the engine's [`schemaplay_core::analyze`], sliced for large
//! texts), and renders it; it contains no analysis logic of its own.
//!
//! Three wasm modules are built from this crate: the app ([`App`], `src/main.rs`), the docs
//! embed ([`Embed`], `src/bin/embed.rs`: one view, no editor) and the engine worker
//! (`src/bin/engine.rs`: code generation, the migration checker and differ, large layouts),
//! which the other two fetch on first use through [`engine`].

mod app;
mod browser;
mod codegen_view;
pub mod crash_probe;
mod diagram;
mod dialect_hint;
mod divider;
mod editor;
mod embed;
mod empty_state;
mod embed_height;
pub mod engine;
mod findings;
pub mod guard;
mod header;
mod history;
mod input_kind;
mod migration;
pub mod offline;
mod outline;
mod output;
mod share;
mod state;
mod toast;

pub use app::App;
/// The app's own share-link encoding (the browser's JSON; see `share::JsonText`), for the DOM tests.
pub mod links {
    pub use crate::share::{decode, encode};
}
pub use embed::Embed;
pub use state::{AppState, Tab, Theme};
