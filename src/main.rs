//! Entry point: install the panic hook and mount the app (or, in the layout worker, serve it).

fn main() {
    console_error_panic_hook::set_once();
    // The same module also runs as the diagram's layout worker (see `worker.rs`).
    if web_sys::window().is_none() {
        schema_playground::worker::serve();
        return;
    }
    leptos::mount::mount_to_body(schema_playground::App);
}
