//! The app's module: install the panic hook and mount the app. The embed and the engine worker
//! are modules of their own (`src/bin/`).

fn main() {
    schema_playground::guard::install_panic_hook();
    leptos::mount::mount_to_body(schema_playground::App);
    schema_playground::engine::preload_when_idle();
    schema_playground::offline::register();
}
