//! The engine worker's side (the `engine` module's `main`): answer each [`Call`] with
//! [`Engine::handle`], and report a panic with the id of the request that caused it before the
//! module traps (the page then restarts the worker; see `worker.rs`).

use schemaplay_core::remote::{Answer, Call, Engine, Request};
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
    /// The request being answered (for the panic report).
    static CURRENT: Cell<Option<u64>> = const { Cell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(answer: &Answer) {
    if let Ok(v) = serde_wasm_bindgen::to_value(answer) {
        let _ = scope().post_message(&v);
    }
}

/// Installs the message handler (called once, when the module starts in the worker).
pub fn serve() {
    std::panic::set_hook(Box::new(|info| {
        let what = info.payload_as_str().unwrap_or("panic");
        let message = match info.location() {
            Some(l) => format!("{what} ({}:{})", l.file(), l.line()),
            None => what.to_string(),
        };
        post(&Answer::Panicked { id: CURRENT.get(), message });
        console_error_panic_hook::hook(info);
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let Ok(call) = serde_wasm_bindgen::from_value::<Call>(e.data()) else { return };
        CURRENT.set(Some(call.id));
        probe(&call.request);
        let reply = ENGINE.with_borrow_mut(|engine| engine.handle(call.request));
        CURRENT.set(None);
        post(&Answer::Reply { id: call.id, reply });
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// Test builds only (see `crash_probe.rs`): the worker's panels can be made to panic.
fn probe(request: &Request) {
    match request {
        Request::Generate { source, .. } => crate::crash_probe::check("code", &source.text),
        Request::Check { migration, .. } => crate::crash_probe::check("migration", migration),
        _ => {}
    }
}
