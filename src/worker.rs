//! Large diagrams are laid out in a Web Worker, so the page keeps responding while a
//! 1,000-table layout runs (about 90 ms of wasm here, longer on a slow machine).
//!
//! The worker runs this same wasm module: a blob script imports the app's JS glue (the
//! `modulepreload` link Trunk writes) and initialises it with the module's URL (the wasm
//! `preload` link); `main` finds no `window` there and calls [`serve`] instead of mounting the
//! app. Messages are JSON text (`schemaplay_core::erd::remote`). The worker is started on the
//! first large layout only. Without the links (the wasm DOM tests), or once the worker has
//! failed, [`layout`] returns false and the caller lays out on the main thread.

use schemaplay_core::erd::{remote, ErdGraph, Layout};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

type Done = Box<dyn FnOnce(Option<Layout>)>;

struct Pool {
    worker: Worker,
    next: u64,
    waiting: BTreeMap<u64, Done>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

enum State {
    NotStarted,
    Running(Pool),
    Unavailable,
}

thread_local! {
    static POOL: RefCell<State> = const { RefCell::new(State::NotStarted) };
}

/// The worker's entry (from `main` when there is no window): answer layout requests.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(reply) = e.data().as_string().and_then(|r| remote::answer(&r)) {
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// Lays out `graph` with the manual `positions` in the worker; `done` gets the layout, or `None`
/// if the worker failed on the way (then lay out here). Returns false, and never calls `done`,
/// when no worker can be used.
pub fn layout(graph: &ErdGraph, positions: &BTreeMap<String, [f64; 2]>, done: impl FnOnce(Option<Layout>) + 'static) -> bool {
    POOL.with_borrow_mut(|state| {
        if matches!(state, State::NotStarted) {
            *state = start().map_or(State::Unavailable, State::Running);
        }
        let State::Running(pool) = state else { return false };
        pool.next += 1;
        let id = pool.next;
        if pool.worker.post_message(&JsValue::from_str(&remote::request(id, graph, positions))).is_err() {
            return false;
        }
        pool.waiting.insert(id, Box::new(done));
        true
    })
}

fn start() -> Option<Pool> {
    let doc = web_sys::window()?.document()?;
    let href = |sel: &str| doc.query_selector(sel).ok().flatten()?.dyn_into::<web_sys::HtmlLinkElement>().ok().map(|l| l.href());
    let (js, wasm) = (href("link[rel=modulepreload][href$='.js']")?, href("link[rel=preload][href$='.wasm']")?);
    // Requests that arrive while the module initialises are kept, then handed to `serve`'s
    // handler (a worker drops messages that find no handler).
    let src = format!(
        "import init from {};\nconst early = [];\nself.onmessage = (e) => early.push(e);\nawait init({{ module_or_path: {} }});\nfor (const e of early) self.onmessage(e);\n",
        js_string(&js),
        js_string(&wasm)
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&src));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    let worker = Worker::new_with_options(&url, &opts).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let Some((id, layout)) = e.data().as_string().and_then(|t| remote::reply(&t)) else { return };
        let done = POOL.with_borrow_mut(|s| match s {
            State::Running(p) => p.waiting.remove(&id),
            _ => None,
        });
        if let Some(done) = done {
            done(Some(layout));
        }
    });
    // A failed start (script or wasm not loadable) or a trap in the worker: stop using it and
    // let every waiting caller lay out on the main thread.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_e: web_sys::Event| {
        let old = POOL.with_borrow_mut(|s| std::mem::replace(s, State::Unavailable));
        if let State::Running(p) = old {
            p.worker.terminate();
            for (_, done) in p.waiting {
                done(None);
            }
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Pool { worker, next: 0, waiting: BTreeMap::new(), _on_message: on_message, _on_error: on_error })
}

/// A JS string literal for a URL (JSON escaping is valid JS).
fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
