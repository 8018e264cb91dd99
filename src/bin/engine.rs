//! The engine worker's module: code generation, the migration checker and differ, and large
//! diagram layouts, fetched by the page on first use (see `src/engine/mod.rs`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    schema_playground::engine::host::serve();
}
