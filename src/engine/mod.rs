//! The engine worker, from the page's side: one way for any panel to run engine work that is not
//! in the page's own wasm module.
//!
//! The page's module (`src/main.rs`) holds what the first paint needs: the editor, parse, lint,
//! the diagram. Code generation, the migration checker and differ, and the layout of large
//! diagrams live in a second module, `engine` (`src/bin/engine.rs`), which runs in a Web Worker
//! and is fetched on first use — a code tab or the Migration tab opens, a large diagram needs a
//! layout — or once the page has been idle for a while after its first paint ([`preload_when_idle`]).
//! The messages are `schemaplay_core::remote`'s [`Request`] / [`Reply`].
//!
//! - [`call`] sends one request; the answer, or a [`Failure`], comes back to a callback.
//! - [`Remote`] follows a request computed from signals (a panel's inputs) and holds the newest
//!   answer as an [`Outcome`]; [`notice`] renders its loading state or failure with Retry.
//! - [`status`] says whether the module is loaded; [`retry`] tries again after a failure and
//!   makes every [`Remote`] send its request again.
//!
//! A failed download leaves the rest of the page working: each panel that needs the engine says
//! so and offers Retry. A panic in the worker ends that request only: the worker is restarted
//! from the already compiled module and the other requests are sent to the new one.
//!
//! Without a worker (the DOM tests, feature `inline-engine`) the engine runs in the page
//! ([`inline`]), so every panel behaves the same way, only synchronously under the hood.

#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(feature = "inline-engine")]
mod inline;
#[cfg(not(feature = "inline-engine"))]
mod worker;

use leptos::prelude::*;
pub use schemaplay_core::remote::{Reply, Request};
use std::sync::Arc;

/// Why a request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The engine module could not be downloaded or started (offline, server error).
    Load(String),
    /// The engine panicked on this request (the worker is restarted for the next one).
    Crash(String),
}

/// Where the engine module is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Not requested yet.
    #[default]
    Idle,
    /// Downloading and compiling.
    Loading,
    Ready,
    /// The download or start failed (the message says why); [`retry`] tries again.
    Failed(String),
}

type Done = Box<dyn FnOnce(Result<Reply, Failure>)>;

thread_local! {
    static STATUS: ArcRwSignal<Status> = ArcRwSignal::new(Status::default());
    /// Bumped by [`retry`]: every [`Remote`] tracks it and sends its request again.
    static EPOCH: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Whether the engine module is loaded (reactive).
pub fn status() -> Status {
    STATUS.with(|s| s.get())
}

fn set_status(new: Status) {
    STATUS.with(|s| {
        if s.with_untracked(|old| *old != new) {
            s.set(new);
        }
    });
}

/// Sends `request` to the engine (loading it first if needed); `done` gets the reply.
pub fn call(request: Request, done: impl FnOnce(Result<Reply, Failure>) + 'static) {
    #[cfg(feature = "inline-engine")]
    inline::call(request, Box::new(done));
    #[cfg(not(feature = "inline-engine"))]
    worker::call(request, Box::new(done));
}

/// Starts loading the engine module without a request (no effect once loading or loaded).
pub fn preload() {
    #[cfg(not(feature = "inline-engine"))]
    worker::preload();
}

/// Loads the engine once the page has been idle for a while after its first paint, so the first
/// code tab opens at once, and through the service worker once it controls the page, so the
/// module is cached for offline use. Not on a connection that asks to save data.
pub fn preload_when_idle() {
    const AFTER_FIRST_PAINT: std::time::Duration = std::time::Duration::from_millis(2500);
    let save_data = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"connection".into()))
        .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()))
        .is_ok_and(|v| v.is_truthy());
    if !save_data {
        set_timeout(|| request_idle_callback(|| crate::offline::when_controlled(preload)), AFTER_FIRST_PAINT);
    }
}

/// After a failure: load the module again if its download failed, and send every panel's
/// request again.
pub fn retry() {
    #[cfg(not(feature = "inline-engine"))]
    worker::reset_failed_load();
    EPOCH.with(|e| e.update(|n| *n += 1));
}

/// The newest answer to a panel's request.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// Nothing asked yet, or the first answer is not there.
    Waiting,
    Ready(Arc<T>),
    Failed(Failure),
}

/// An engine computation that follows the page: `request` is evaluated reactively (re-sent when
/// what it reads changes; `None` asks nothing) and gives a key (what the answer is for, e.g. the
/// target) with the request; `pick` makes the panel's value from the key and the reply. The
/// newest request's answer is kept, and while a newer one is under way the previous answer stays
/// on screen. At most one request per `Remote` is in flight; a change meanwhile replaces the one
/// waiting to be sent.
pub struct Remote<T: Send + Sync + 'static> {
    pub outcome: RwSignal<Outcome<T>>,
    /// A request is in flight or waiting.
    pub busy: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Remote<T> {}

struct Sender<K, T: Send + Sync + 'static> {
    remote: Remote<T>,
    latest: StoredValue<u64>,
    queued: StoredValue<Option<(u64, K, Request)>>,
    pick: fn(K, Reply) -> Option<T>,
}

impl<K, T: Send + Sync + 'static> Clone for Sender<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K, T: Send + Sync + 'static> Copy for Sender<K, T> {}

impl<T: Send + Sync + 'static> Remote<T> {
    pub fn new<K: Send + Sync + 'static>(request: impl Fn() -> Option<(K, Request)> + 'static, pick: fn(K, Reply) -> Option<T>) -> Remote<T> {
        let remote = Remote { outcome: RwSignal::new(Outcome::Waiting), busy: RwSignal::new(false) };
        let sender = Sender { remote, latest: StoredValue::new(0), queued: StoredValue::new(None), pick };
        let epoch = EPOCH.with(|e| e.clone());
        Effect::new(move |_| {
            epoch.track();
            let Some((key, req)) = request() else {
                remote.outcome.set(Outcome::Waiting);
                return;
            };
            let seq = sender.latest.get_value() + 1;
            sender.latest.set_value(seq);
            if remote.busy.get_untracked() {
                sender.queued.set_value(Some((seq, key, req)));
            } else {
                sender.send(seq, key, req);
            }
        });
        remote
    }
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Sender<K, T> {
    fn send(self, seq: u64, key: K, req: Request) {
        self.remote.busy.set(true);
        call(req, move |answer| {
            if self.latest.try_get_value() == Some(seq) {
                let outcome = match answer {
                    Ok(reply) => (self.pick)(key, reply).map_or(Outcome::Failed(Failure::Crash("the engine answered another question".into())), |v| Outcome::Ready(Arc::new(v))),
                    Err(f) => Outcome::Failed(f),
                };
                self.remote.outcome.try_set(outcome);
            }
            match self.queued.try_update_value(Option::take).flatten() {
                Some((next, key, req)) => self.send(next, key, req),
                None => {
                    self.remote.busy.try_set(false);
                }
            }
        });
    }
}

/// What a panel says about a request the engine could not answer. `what` names the work.
pub fn failure_text(f: &Failure, what: &str) -> String {
    match f {
        Failure::Load(why) => format!("Could not load the engine for {what}: {why}. The editor and the other views still work."),
        Failure::Crash(why) => format!("Making {what} failed on this input ({why}). The editor and the other views are not affected."),
    }
}

/// What a panel shows instead of its content while `outcome` is not ready: a loading line, or
/// the failure with a Retry button. `what` names the work ("the Prisma schema").
pub fn notice<T>(outcome: &Outcome<T>, what: &'static str) -> Option<AnyView> {
    match outcome {
        Outcome::Ready(_) => None,
        Outcome::Waiting => {
            let text = match status() {
                Status::Ready => format!("Making {what}…"),
                _ => format!("Loading the engine for {what}…"),
            };
            Some(view! { <p class="engine-loading pending" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{text}</p> }.into_any())
        }
        Outcome::Failed(f) => {
            let text = failure_text(f, what);
            let class = match f {
                Failure::Load(_) => "engine-failed load-failed",
                Failure::Crash(_) => "engine-failed crashed",
            };
            Some(
                view! {
                    <div class=class role="alert">
                        <p class="engine-failed-text">{text}</p>
                        <button class="btn btn-small retry-btn" on:click=move |_| retry()>"Retry"</button>
                    </div>
                }
                .into_any(),
            )
        }
    }
}
