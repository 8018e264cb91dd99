//! Schema Playground web app (Leptos 0.8, client-side rendered).
//!
//! The only code that imports leptos / web-sys. It holds the playground state in signals, derives
//! everything from one analysis signal (the engine's [`schemaplay_core::analyze`], sliced for large
//! texts), and renders it; it contains no analysis logic of its own.

mod app;
mod browser;
mod diagram;
mod codegen_view;
mod dialect_hint;
mod divider;
mod editor;
mod findings;
mod header;
mod history;
mod migration;
mod output;
mod share;
mod state;
pub mod worker;

pub use app::App;
pub use state::{AppState, Tab, Theme};
