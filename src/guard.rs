//! A panic in one panel's computation stays in that panel (the page's own thread).
//!
//! The release build aborts on a panic (`panic = "abort"`; unwinding would cost size and is not
//! on stable for wasm32): the panic hook runs, then the module executes `unreachable`, a trap that
//! leaves the wasm frames as a JS `RuntimeError`. [`run`] calls a computation through a JS frame
//! (`Function.prototype.call`, imported with `catch`) that stops that error, so the trap ends only
//! the guarded call. The caller gets `Err` with the panic message and carries on; the module keeps
//! working: each wasm function restores the shadow-stack pointer from its own frame on return,
//! and nothing the trapped frames held is shared with the rest of the page, because:
//!
//! **A guarded computation owns its inputs** (`'static`: text, `Arc`s, clones) and touches no
//! signal, `StoredValue` or `RefCell` of the page. A borrow taken inside would never be released.
//! Read what it needs before [`run`], store its result after.
//!
//! Guarded on the page: the analysis (parse, lint; `state.rs`), the diagram's graph, layout and
//! SVG (`diagram.rs`), the editor's highlighting (`editor.rs`), share-link decoding. The engine
//! worker's work (code, migration, large layouts) is contained by restarting the worker
//! (`engine/worker.rs`). A panic in view code itself (outside these calls) is not contained.

use std::cell::RefCell;

thread_local! {
    /// The message of the last panic, taken by [`run`] when its computation traps.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The panic hook for the page and the worker: keeps the message for [`run`] / the worker's
/// report, then logs it to the console as before.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info.payload_as_str().unwrap_or("panic").to_string();
        let message = match info.location() {
            Some(l) => format!("{what} ({}:{})", l.file(), l.line()),
            None => what,
        };
        LAST_PANIC.with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                *p = Some(message);
            }
        });
        console_error_panic_hook::hook(info);
    }));
}

/// The last panic's message, if one happened since the last call.
pub fn take_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.take()))
}

/// Runs `f`; `Err(message)` if it panicked (see the module doc for what `f` may touch).
#[cfg(target_arch = "wasm32")]
pub fn run<T: 'static>(f: impl FnOnce() -> T + 'static) -> Result<T, String> {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let out: Rc<Cell<Option<T>>> = Rc::new(Cell::new(None));
    let slot = out.clone();
    let call = Closure::once(move || slot.set(Some(f())));
    let ran = call.as_ref().unchecked_ref::<js_sys::Function>().call0(&JsValue::UNDEFINED);
    drop(call);
    match (ran, out.take()) {
        (Ok(_), Some(v)) => Ok(v),
        _ => Err(take_panic().unwrap_or_else(|| "it stopped unexpectedly".to_string())),
    }
}

/// Natively (the app's unit tests) a panic unwinds as usual.
#[cfg(not(target_arch = "wasm32"))]
pub fn run<T: 'static>(f: impl FnOnce() -> T + 'static) -> Result<T, String> {
    Ok(f())
}
