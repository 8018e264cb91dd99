//! The engine worker's life on the page: download, compile, start, pass calls, restart.
//!
//! The page downloads both files of the engine module itself — its JS glue (made into a blob
//! URL) and its wasm (compiled with `WebAssembly.compileStreaming`) — so a download failure is
//! seen here, the service worker caches them like any page request, and the worker makes no
//! request of its own. The worker is a blob module script ([`BOOT`]) that receives the glue's URL
//! and the compiled module, instantiates it (its `main` is `host::serve`), then answers calls.
//! Calls made before the worker is ready wait in `waiting` and are sent when it is.
//!
//! A panic in the worker: its hook sends `Answer::Panicked` with the request's id, then the
//! module traps. The page fails that request with [`Failure::Crash`], terminates the worker, starts
//! a fresh one from the compiled module (no download) and sends it the other requests.

use super::{set_status, Done, Failure, Reply, Request, Status};
use js_sys::futures::{spawn_local, JsFuture};
use schemaplay_core::remote::{Answer, Call};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

/// The worker script: the first message brings the glue's URL and the compiled module; messages
/// that arrive while the module starts are kept, then handed to the handler `serve` installs.
const BOOT: &str = r#"self.onmessage = async ({ data }) => {
  const early = [];
  self.onmessage = (e) => early.push(e);
  try {
    const { default: init } = await import(data.glue);
    await init({ module_or_path: data.module });
  } catch (e) {
    self.postMessage({ failed: String((e && e.message) || e) });
    return;
  }
  for (const e of early) self.onmessage(e);
};
"#;

/// The downloaded module, kept for restarts.
#[derive(Clone)]
struct Loaded {
    boot: String,
    glue: String,
    module: JsValue,
}

struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Running {
    /// Ends the worker. Its handlers are cleared first (an error event queued before the end
    /// finds none) and dropped a moment later (one of them may be running now).
    fn stop(self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        leptos::prelude::set_timeout(move || drop(self), std::time::Duration::from_millis(100));
    }
}

enum Phase {
    Idle,
    Loading,
    Running(Running),
    Failed(String),
}

struct Pending {
    request: Request,
    done: Done,
    /// Posted to the current worker (vs waiting for it to start).
    sent: bool,
}

struct Client {
    phase: Phase,
    loaded: Option<Loaded>,
    next: u64,
    waiting: BTreeMap<u64, Pending>,
}

thread_local! {
    static CLIENT: RefCell<Client> = const { RefCell::new(Client { phase: Phase::Idle, loaded: None, next: 0, waiting: BTreeMap::new() }) };
}

pub fn call(request: Request, done: Done) {
    let failed = CLIENT.with_borrow_mut(|c| {
        c.next += 1;
        let id = c.next;
        if let Phase::Failed(why) = &c.phase {
            return Some((done, why.clone()));
        }
        c.waiting.insert(id, Pending { request, done, sent: false });
        if matches!(c.phase, Phase::Running(_)) {
            c.post_unsent();
        }
        None
    });
    match failed {
        Some((done, why)) => done(Err(Failure::Load(why))),
        None => preload(),
    }
}

pub fn preload() {
    let start = CLIENT.with_borrow_mut(|c| {
        let idle = matches!(c.phase, Phase::Idle);
        if idle {
            c.phase = Phase::Loading;
        }
        idle
    });
    if !start {
        return;
    }
    set_status(Status::Loading);
    spawn_local(async {
        let loaded = download().await;
        let outcome = loaded.and_then(|l| {
            let running = spawn(&l)?;
            CLIENT.with_borrow_mut(|c| {
                c.loaded = Some(l);
                c.phase = Phase::Running(running);
                c.post_unsent();
            });
            Ok(())
        });
        match outcome {
            Ok(()) => set_status(Status::Ready),
            Err(why) => load_failed(why),
        }
    });
}

/// After a failed download: back to idle, so the next call (or [`preload`]) tries again.
pub fn reset_failed_load() {
    CLIENT.with_borrow_mut(|c| {
        if matches!(c.phase, Phase::Failed(_)) {
            c.phase = Phase::Idle;
        }
    });
    if !matches!(super::status(), Status::Loading | Status::Ready) {
        set_status(Status::Idle);
    }
}

fn load_failed(why: String) {
    let waiting = CLIENT.with_borrow_mut(|c| {
        c.phase = Phase::Failed(why.clone());
        std::mem::take(&mut c.waiting)
    });
    set_status(Status::Failed(why.clone()));
    for (_, p) in waiting {
        (p.done)(Err(Failure::Load(why.clone())));
    }
}

impl Client {
    /// Posts every request not yet posted to the running worker.
    fn post_unsent(&mut self) {
        let Phase::Running(r) = &self.phase else { return };
        for (id, p) in self.waiting.iter_mut().filter(|(_, p)| !p.sent) {
            let call = Call { id: *id, request: p.request.clone() };
            if let Ok(v) = serde_wasm_bindgen::to_value(&call) {
                p.sent = r.worker.post_message(&v).is_ok();
            }
        }
    }
}

/// The engine files' URLs, from the page's bootstrap (`window.__schemaplay.engine`).
fn urls() -> Result<(String, String), String> {
    let build = js_sys::Reflect::get(&js_sys::global(), &"__schemaplay".into()).map_err(|_| "no build information".to_string())?;
    let files = js_sys::Reflect::get(&build, &"engine".into()).ok().map(|v| js_sys::Array::from(&v)).filter(|a| a.length() == 2);
    let files = files.ok_or("this build has no engine module")?;
    let url = |i: u32| -> Result<String, String> {
        let f = files.get(i).as_string().ok_or("bad engine file name")?;
        web_sys::Url::new_with_base(&f, &crate::share::base_url()).map(|u| u.href()).map_err(|_| "bad engine URL".to_string())
    };
    Ok((url(0)?, url(1)?))
}

async fn fetch_ok(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let res = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| "the download failed (offline?)".to_string())?;
    let res: web_sys::Response = res.unchecked_into();
    if !res.ok() {
        return Err(format!("the server answered {} for {}", res.status(), url.rsplit('/').next().unwrap_or(url)));
    }
    Ok(res)
}

async fn download() -> Result<Loaded, String> {
    let (js, wasm) = urls()?;
    let wasm_res = fetch_ok(&wasm).await?;
    let response: js_sys::Promise = js_sys::Promise::resolve(&JsValue::from(wasm_res)).unchecked_into();
    let module = JsFuture::from(js_sys::WebAssembly::compile_streaming(&response))
        .await
        .map_err(|e| format!("the engine did not compile ({})", js_error(&e)))?;
    let glue_res = fetch_ok(&js).await?;
    let glue = JsFuture::from(glue_res.text().map_err(|_| "unreadable engine script")?).await.map_err(|_| "the download failed (offline?)")?;
    let glue = blob_url(&glue.as_string().unwrap_or_default())?;
    Ok(Loaded { boot: blob_url(BOOT)?, glue, module })
}

fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "unknown error".into())
}

fn blob_url(js: &str) -> Result<String, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(js));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).map_err(|_| "no Blob")?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "no blob URL".to_string())
}

/// Starts a worker on the loaded module.
fn spawn(l: &Loaded) -> Result<Running, String> {
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    opts.set_name("schemaplay-engine");
    let worker = Worker::new_with_options(&l.boot, &opts).map_err(|e| format!("no worker ({})", js_error(&e)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(e.data()));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        let what = e.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty());
        crashed(None, what.unwrap_or_else(|| "the engine stopped".into()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let start = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&start, &"glue".into(), &l.glue.as_str().into());
    let _ = js_sys::Reflect::set(&start, &"module".into(), &l.module);
    worker.post_message(&start).map_err(|e| format!("the engine did not start ({})", js_error(&e)))?;
    Ok(Running { worker, _on_message: on_message, _on_error: on_error })
}

fn on_message(data: JsValue) {
    if let Ok(failed) = js_sys::Reflect::get(&data, &"failed".into()) {
        if let Some(why) = failed.as_string() {
            stop_worker();
            load_failed(format!("the engine did not start ({why})"));
            return;
        }
    }
    match serde_wasm_bindgen::from_value::<Answer>(data) {
        Ok(Answer::Reply { id, reply }) => answer(id, Ok(reply)),
        Ok(Answer::Panicked { id, message }) => crashed(id, message),
        Err(_) => {}
    }
}

fn answer(id: u64, result: Result<Reply, Failure>) {
    let pending = CLIENT.with_borrow_mut(|c| c.waiting.remove(&id));
    if let Some(p) = pending {
        (p.done)(result);
    }
}

fn stop_worker() {
    let old = CLIENT.with_borrow_mut(|c| std::mem::replace(&mut c.phase, Phase::Idle));
    if let Phase::Running(r) = old {
        r.stop();
    }
}

/// The worker trapped while answering `id` (or, from an error event, the oldest request it was
/// given): fail that request, start a fresh worker, send it the others.
fn crashed(id: Option<u64>, message: String) {
    stop_worker();
    let (victim, loaded) = CLIENT.with_borrow_mut(|c| {
        let victim = id.or_else(|| c.waiting.iter().find(|(_, p)| p.sent).map(|(id, _)| *id));
        let victim = victim.and_then(|id| c.waiting.remove(&id));
        for p in c.waiting.values_mut() {
            p.sent = false;
        }
        (victim, c.loaded.clone())
    });
    let restarted = loaded.ok_or_else(|| "no engine module".to_string()).and_then(|l| spawn(&l));
    match restarted {
        Ok(r) => CLIENT.with_borrow_mut(|c| {
            c.phase = Phase::Running(r);
            c.post_unsent();
        }),
        Err(why) => load_failed(why),
    }
    if let Some(p) = victim {
        (p.done)(Err(Failure::Crash(message)));
    }
}
