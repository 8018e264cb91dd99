//! Large diagrams are laid out, and code for large schemas is generated, in a Web Worker, so the
//! page keeps responding while a 1,000-table layout (about 90 ms of wasm here) or a Prisma file
//! for it (about 200 ms) is made.
//!
//! The worker runs this same wasm module: a blob script imports the app's JS glue (the
//! `modulepreload` link Trunk writes) and initialises it with the module's URL (the wasm
//! `preload` link); `main` finds no `window` there and calls [`serve`] instead of mounting the
//! app. Messages are JSON text (`schemaplay_core::remote`). The worker is started on the first
//! large job only. Without the links (the wasm DOM tests), or once the worker has failed,
//! [`layout`] and [`generate`] return false and the caller does the work on the main thread.

use schemaplay_core::codegen::{Generated, Options, Target};
use schemaplay_core::erd::{ErdGraph, Layout};
use schemaplay_core::remote::{self, Reply, Request};
use schemaplay_core::{Dialect, Schema};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

type Done = Box<dyn FnOnce(Option<Reply>)>;

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
    /// The worker's parse of the last text it generated code for (tab switches reuse it).
    static PARSED: RefCell<Option<(String, Dialect, Schema)>> = const { RefCell::new(None) };
}

/// The worker's entry (from `main` when there is no window): answer requests.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let reply = match e.data().as_string().and_then(|r| remote::read_request(&r)) {
            Some(Request::Layout { id, graph, positions }) => remote::lay_out(id, &graph, positions),
            Some(Request::Generate { id, text, dialect, target, options }) => PARSED.with_borrow_mut(|p| {
                let kept = p.take().filter(|(t, d, _)| *t == text && *d == dialect);
                let (_, _, schema) = p.insert(kept.unwrap_or_else(|| {
                    let schema = schemaplay_core::parse::parse(&text, dialect).schema;
                    (text, dialect, schema)
                }));
                remote::generated_reply(id, schema, target, &options)
            }),
            None => return,
        };
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// Lays out `graph` with the manual `positions` in the worker; `done` gets the layout, or `None`
/// if the worker failed on the way (then lay out here). Returns false, and never calls `done`,
/// when no worker can be used.
pub fn layout(graph: &ErdGraph, positions: &BTreeMap<String, [f64; 2]>, done: impl FnOnce(Option<Layout>) + 'static) -> bool {
    send(
        |id| remote::layout_request(id, graph, positions),
        Box::new(move |r| {
            done(match r {
                Some(Reply::Layout(_, l)) => Some(l),
                _ => None,
            })
        }),
    )
}

/// Generates `target` from `text` (read as `dialect`) in the worker; like [`layout`].
pub fn generate(text: &str, dialect: Dialect, target: Target, options: &Options, done: impl FnOnce(Option<Generated>) + 'static) -> bool {
    send(
        |id| remote::generate_request(id, text, dialect, target, options),
        Box::new(move |r| {
            done(match r {
                Some(Reply::Generated(_, g)) => Some(g),
                _ => None,
            })
        }),
    )
}

fn send(request: impl FnOnce(u64) -> String, done: Done) -> bool {
    POOL.with_borrow_mut(|state| {
        if matches!(state, State::NotStarted) {
            *state = start().map_or(State::Unavailable, State::Running);
        }
        let State::Running(pool) = state else { return false };
        pool.next += 1;
        let id = pool.next;
        if pool.worker.post_message(&JsValue::from_str(&request(id))).is_err() {
            return false;
        }
        pool.waiting.insert(id, done);
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
        let Some(reply) = e.data().as_string().and_then(|t| remote::read_reply(&t)) else { return };
        let id = match &reply {
            Reply::Layout(id, _) | Reply::Generated(id, _) => *id,
        };
        let done = POOL.with_borrow_mut(|s| match s {
            State::Running(p) => p.waiting.remove(&id),
            _ => None,
        });
        if let Some(done) = done {
            done(Some(reply));
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
