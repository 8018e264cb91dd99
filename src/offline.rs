//! Offline and instant second visits: the app registers its service worker (`public/sw.js`,
//! made per build by `scripts/post-build.mjs`), which caches the app shell and every module in a
//! cache named after the build. A new build's service worker waits until the person agrees:
//! [`UpdateNotice`] shows "A new version is available — Reload"; Reload tells the waiting worker
//! to take over and reloads once it has.
//!
//! Embeds do not register it (a docs page should not install our cache), but work either way:
//! when a visit to the app installed it, it serves the embed too.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

thread_local! {
    /// A new build's service worker is installed and waiting.
    static WAITING: ArcRwSignal<Option<web_sys::ServiceWorker>> = ArcRwSignal::new(None);
}

fn container() -> Option<ServiceWorkerContainer> {
    let nav = web_sys::window()?.navigator();
    // Not in every context (http: pages other than localhost, some private modes).
    js_sys::Reflect::has(&nav, &"serviceWorker".into()).ok()?.then(|| nav.service_worker())
}

/// Registers `sw.js` next to the page, after the page has loaded (it never competes with the
/// first paint), and watches for a new build.
pub fn register() {
    let Some(sw) = container() else { return };
    let go = Closure::once_into_js(move || {
        let Ok(url) = web_sys::Url::new_with_base("sw.js", &crate::share::base_url()) else { return };
        let promise = sw.register(&url.href());
        js_sys::futures::spawn_local(async move {
            // Not always a registration: a browser that blocks service workers (Playwright's
            // `serviceWorkers: 'block'`, some private modes) resolves with `undefined`.
            if let Ok(Ok(reg)) = js_sys::futures::JsFuture::from(promise).await.map(JsValue::dyn_into::<ServiceWorkerRegistration>) {
                watch(reg);
            }
        });
    });
    let Some(w) = web_sys::window() else { return };
    if w.document().is_some_and(|d| d.ready_state() == "complete") {
        let _ = go.unchecked_ref::<js_sys::Function>().call0(&JsValue::UNDEFINED);
    } else {
        let _ = w.add_event_listener_with_callback("load", go.unchecked_ref());
    }
}

/// Runs `f` once the service worker controls the page (so what `f` fetches is cached), at once
/// when there is none to wait for, and after `LIMIT` at the latest.
pub fn when_controlled(f: impl FnOnce() + 'static) {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(10);
    let Some(c) = container().filter(|c| c.controller().is_none()) else { return f() };
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(Box::new(f) as Box<dyn FnOnce()>)));
    let run = {
        let once = once.clone();
        move || {
            if let Some(f) = once.take() {
                f();
            }
        }
    };
    let run2 = run.clone();
    let on_change = Closure::once_into_js(run2);
    let _ = c.add_event_listener_with_callback("controllerchange", on_change.unchecked_ref());
    set_timeout(run, LIMIT);
}

/// A worker that finished installing while an older one controls the page is an update.
fn watch(reg: ServiceWorkerRegistration) {
    let has_controller = || container().and_then(|c| c.controller()).is_some();
    if let Some(w) = reg.waiting() {
        if has_controller() {
            WAITING.with(|s| s.set(Some(w)));
        }
    }
    let reg2 = reg.clone();
    let on_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = reg2.installing() else { return };
        let w = installing.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if w.state() == ServiceWorkerState::Installed && has_controller() {
                WAITING.with(|s| s.set(Some(w.clone())));
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}

/// Lets the waiting worker take over, then reloads the page on the new build.
fn reload_into_update() {
    let Some(w) = WAITING.with(|s| s.get_untracked()) else { return };
    if let Some(c) = container() {
        let reload = Closure::once_into_js(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        c.set_oncontrollerchange(Some(reload.unchecked_ref()));
    }
    let _ = w.post_message(&JsValue::from_str("skip-waiting"));
}

/// "A new version is available — Reload" (the editor's text is kept: drafts autosave).
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let waiting = WAITING.with(|s| s.clone());
    view! {
        <Show when=move || waiting.with(Option::is_some)>
            <div class="banner update-available" role="status">
                <span class="banner-text">"A new version of Schema Playground is available."</span>
                <button class="btn update-reload" on:click=move |_| reload_into_update()>"Reload"</button>
            </div>
        </Show>
    }
}
