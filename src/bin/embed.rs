//! The docs embed's module (`?embed=<view>`): one view without the editor (see `src/embed.rs`).

fn main() {
    schema_playground::guard::install_panic_hook();
    leptos::mount::mount_to_body(schema_playground::Embed);
}
