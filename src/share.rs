//! Share links, drafts and embeds: the glue between [`AppState`] and the engine's
//! [`schemaplay_core::share`] codec.
//!
//! # Drafts
//!
//! The working state autosaves (throttled, ~0.5 s after the last change) to `localStorage` as a
//! share fragment under `schemaplay.draft.<id>`, where `<id>` belongs to one browser tab:
//!
//! - The tab's id lives in `sessionStorage` (`schemaplay.tab`), which the browser keeps per tab
//!   and across reloads. Two open tabs therefore write to two different keys and never overwrite
//!   each other's draft; a reload finds its own tab's draft again.
//! - "Duplicate tab" (and opening a link in a new tab in some browsers) copies `sessionStorage`,
//!   id included. So each page load also *claims* its id in `localStorage`
//!   (`schemaplay.claim.<id>` = a token of this page load and a time), renews the claim every
//!   [`CLAIM_RENEW`] and gives it up on `pagehide`. A page that finds its id claimed by another
//!   live page (renewed within [`CLAIM_STALE`]) is a duplicate: it starts from that draft but
//!   saves under a fresh id of its own. A reload gives up the claim first, so it keeps its id.
//! - `schemaplay.draft.latest` points at the draft saved most recently by any tab. A brand-new
//!   tab (no id yet) starts from that draft, under a fresh id of its own.
//! - Opening a share link never writes over a draft: the link's state is worked on under the
//!   tab's own id (fresh for a new tab), and the draft that was there before (this tab's, else the
//!   latest) is offered back with one click ("Restore your draft"). After a link is opened its
//!   fragment is removed from the address bar with `history.replaceState` (no history entry), so
//!   a reload shows the person's edits of it rather than the pristine link.
//! - Only the newest [`KEEP_DRAFTS`] drafts are kept, so storage does not grow forever.

use crate::state::{AppState, Tab};
use leptos::prelude::*;
use schemaplay_core::lint::{self, Level, LintConfig};
use schemaplay_core::share::{self, ShareState};
use std::time::Duration;
use wasm_bindgen::JsCast;

const TAB_KEY: &str = "schemaplay.tab";
const CLAIM_PREFIX: &str = "schemaplay.claim.";
/// How often a page renews the claim on its draft id.
const CLAIM_RENEW: Duration = Duration::from_secs(5);
/// A claim not renewed for this long belongs to a page that is gone (crashed, killed). Long,
/// because browsers slow the timers of background tabs down to once a minute.
const CLAIM_STALE_MS: f64 = 150_000.0;
const DRAFT_PREFIX: &str = "schemaplay.draft.";
const LATEST_KEY: &str = "schemaplay.draft.latest";
const KEEP_DRAFTS: usize = 20;
const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);
/// The iframe height of the Embed dialog's snippet (before the embed reports its own).
const EMBED_HEIGHT: u32 = 480;
/// Links longer than this are cut or refused by many chat tools and mail clients.
pub const LONG_LINK: usize = 8000;

/// The state a link carries, read without tracking.
pub fn snapshot(state: &AppState) -> ShareState {
    ShareState {
        text: state.text.get_untracked(),
        dialect: state.dialect.get_untracked(),
        kind: state.kind.get_untracked(),
        migration: state.migration_text.get_untracked(),
        tab: match state.tab.get_untracked() {
            Tab::Diagram => String::new(),
            t => t.id().to_string(),
        },
        lint: state.lint_config.with_untracked(|c| schemaplay_core::sort::map(c.rules.iter().map(|(k, v)| (k.clone(), v.id().to_string())))),
        positions: state.positions.get_untracked(),
        options: state.options.get_untracked(),
        baseline: state.baseline.get_untracked(),
        history_name: state.history.input.with_untracked(|h| h.name.clone()),
        history: state.history.input.with_untracked(|h| h.files.clone()),
        colors: state.colors.get_untracked(),
        notes: state.notes.get_untracked(),
    }
}

/// Puts a decoded state into the app. Rule ids this build does not know are skipped.
pub fn apply(state: &AppState, s: ShareState) {
    let mut config = LintConfig::default();
    for (rule, level) in &s.lint {
        if let (Some(_), Some(l)) = (lint::by_id(rule), Level::parse(level)) {
            config.set(rule, l);
        }
    }
    state.replace_migration(s.migration);
    state.baseline.set(s.baseline);
    state.positions.set(s.positions);
    state.colors.set(s.colors);
    state.notes.set(s.notes);
    state.options.set(s.options);
    state.tab.set(Tab::ALL.into_iter().find(|t| t.id() == s.tab).unwrap_or(Tab::Diagram));
    state.set_lint_config(config);
    state.kind.set(s.kind);
    state.replace_text(s.text, s.dialect);
    state.history.open(*state, s.history_name, s.history);
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn local() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    window()?.session_storage().ok()?
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The page address without its fragment (what a link is built on).
pub fn base_url() -> String {
    let href = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    match href.find('#') {
        Some(i) => href[..i].to_string(),
        None => href,
    }
}

/// `?name=value` from the page address.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| v.to_string())
    })
}

/// The current fragment without `#` (empty when none).
pub fn location_fragment() -> String {
    window().and_then(|w| w.location().hash().ok()).map(|h| h.trim_start_matches('#').to_string()).unwrap_or_default()
}

/// Removes the fragment from the address bar without adding a history entry.
pub fn clear_fragment() {
    if let Some(w) = window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&base_url()));
        }
    }
}

/// A draft read from storage: its fragment.
fn read_draft(id: &str) -> Option<String> {
    let v = local()?.get_item(&format!("{DRAFT_PREFIX}{id}")).ok()??;
    v.split_once('\n').map(|(_, frag)| frag.to_string())
}

fn random_id() -> String {
    format!("{:x}{:06x}", now_ms() as u64, (js_sys::Math::random() * 16_777_216.0) as u64)
}

/// A fresh draft id for this tab, remembered in sessionStorage.
fn new_tab_id() -> String {
    let id = random_id();
    if let Some(s) = session() {
        let _ = s.set_item(TAB_KEY, &id);
    }
    id
}

/// This tab's draft id, created (and remembered in sessionStorage) when missing. The flag says
/// whether the id already existed (a reload or a duplicated tab) or is new (a fresh tab).
fn tab_id() -> (String, bool) {
    match session().and_then(|s| s.get_item(TAB_KEY).ok().flatten()).filter(|s| !s.is_empty()) {
        Some(id) => (id, true),
        None => (new_tab_id(), false),
    }
}

/// The page load holding a claim on `id` and when it last renewed it.
fn claim_of(id: &str) -> Option<(String, f64)> {
    let v = local()?.get_item(&format!("{CLAIM_PREFIX}{id}")).ok()??;
    let (token, at) = v.split_once(' ')?;
    Some((token.to_string(), at.parse().ok()?))
}

/// Whether another live page (not the one with `token`) holds `id`.
fn claimed_by_other(id: &str, token: &str) -> bool {
    claim_of(id).is_some_and(|(t, at)| t != token && now_ms() - at < CLAIM_STALE_MS)
}

fn claim(id: &str, token: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&format!("{CLAIM_PREFIX}{id}"), &format!("{token} {}", now_ms()));
    }
}

fn release(id: &str, token: &str) {
    if claim_of(id).is_some_and(|(t, _)| t == token) {
        if let Some(s) = local() {
            let _ = s.remove_item(&format!("{CLAIM_PREFIX}{id}"));
        }
    }
}

fn prune_drafts(storage: &web_sys::Storage) {
    let n = storage.length().unwrap_or(0);
    let mut drafts: Vec<(f64, String)> = (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_PREFIX) && k != LATEST_KEY)
        .filter_map(|k| {
            let saved = storage.get_item(&k).ok()??.split_once('\n')?.0.parse::<f64>().ok()?;
            Some((saved, k))
        })
        .collect();
    if drafts.len() <= KEEP_DRAFTS {
        return;
    }
    schemaplay_core::sort::by(&mut drafts, |a, b| b.0.total_cmp(&a.0));
    for (_, k) in drafts.into_iter().skip(KEEP_DRAFTS) {
        let _ = storage.remove_item(&k);
    }
}

fn save_draft(id: &str, fragment: &str) {
    let Some(storage) = local() else { return };
    let _ = storage.set_item(&format!("{DRAFT_PREFIX}{id}"), &format!("{}\n{fragment}", now_ms()));
    let _ = storage.set_item(LATEST_KEY, id);
    prune_drafts(&storage);
}

/// What the app shows about links and drafts.
#[derive(Clone, Copy)]
pub struct Session {
    /// A link could not be opened: the message to show (dismissible).
    pub link_error: RwSignal<Option<String>>,
    /// The person's draft from before a link was opened, offered back.
    pub offered_draft: RwSignal<Option<String>>,
    /// How many links this page has opened (at load or pasted into the address bar later).
    pub links_opened: RwSignal<u32>,
}

impl Session {
    fn new() -> Session {
        Session { link_error: RwSignal::new(None), offered_draft: RwSignal::new(None), links_opened: RwSignal::new(0) }
    }
}

/// The link header's JSON by the browser's `JSON` (serde-wasm-bindgen), so the page's module
/// carries no JSON library (see `share::JsonText`).
struct BrowserJson;

impl share::JsonText for BrowserJson {
    fn to_text<T: serde::Serialize>(value: &T) -> Option<String> {
        let v = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
        js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string())
    }
    fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        let v = js_sys::JSON::parse(text).map_err(|_| "the header is not JSON".to_string())?;
        serde_wasm_bindgen::from_value(v).map_err(|e| e.to_string())
    }
}

/// The fragment of a state.
pub fn encode(state: &ShareState) -> String {
    share::encode_with::<BrowserJson>(state)
}

/// The fragment of a state for a draft (compressed in one quick pass; `share::encode_draft`).
pub fn encode_draft(state: &ShareState) -> String {
    share::encode_draft_with::<BrowserJson>(state)
}

/// Decodes a fragment; a panic in the decoder (see `guard`) is one more way a link is bad.
pub fn decode(fragment: &str) -> Result<ShareState, String> {
    let f = fragment.to_string();
    crate::guard::run(move || share::decode_with::<BrowserJson>(&f).map_err(|e| e.to_string())).unwrap_or_else(|p| Err(format!("the link could not be read ({p})")))
}

/// An embed shows the link's state only: it neither reads nor writes the drafts (a same-origin
/// iframe shares the page's sessionStorage and would write into its draft).
pub fn start_embed(state: AppState) -> Session {
    let session = Session::new();
    let open = move || match decode(&location_fragment()) {
        Ok(st) => {
            session.link_error.set(None);
            apply(&state, st);
        }
        Err(e) => session.link_error.set(Some(format!("This embed's link could not be opened: {e}."))),
    };
    open();
    // A `<schema-diagram>` whose text changed points its iframe at a new fragment (no reload).
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| open());
    on_cleanup(move || on_hash.remove());
    session
}

/// Opens the link in the address bar, or restores the draft; then autosaves as the person works.
pub fn start(state: AppState) -> Session {
    let session = Session::new();
    let (mut id, existing) = tab_id();
    let own = existing.then(|| read_draft(&id)).flatten();
    // A duplicated tab carries the original's id: keep its draft as the start, but save apart.
    let token = random_id();
    if existing && claimed_by_other(&id, &token) {
        id = new_tab_id();
    }
    claim(&id, &token);
    let renew = {
        let (id, token) = (id.clone(), token.clone());
        set_interval_with_handle(move || claim(&id, &token), CLAIM_RENEW).ok()
    };
    on_cleanup(move || {
        if let Some(h) = renew {
            h.clear();
        }
    });
    // Back from the back/forward cache: the claim was given up on pagehide.
    let on_show = {
        let (id, token) = (id.clone(), token.clone());
        window_event_listener(leptos::ev::pageshow, move |ev| {
            if ev.persisted() {
                claim(&id, &token);
            }
        })
    };
    on_cleanup(move || on_show.remove());
    let latest = local().and_then(|s| s.get_item(LATEST_KEY).ok().flatten()).and_then(|l| read_draft(&l));
    let draft = own.or(latest);
    if !open_fragment(&state, session, draft.clone()) {
        if let Some(st) = draft.and_then(|d| decode(&d).ok()) {
            apply(&state, st);
        }
    }
    // A link pasted into the address bar of an open tab.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let before = encode_draft(&snapshot(&state));
        open_fragment(&state, session, Some(before));
    });
    on_cleanup(move || on_hash.remove());

    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    // A reload or close inside the throttle window still saves the last edits.
    let flush_id = id.clone();
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
        if let Some(h) = pending.get_value() {
            h.clear();
            pending.set_value(None);
            save_draft(&flush_id, &encode_draft(&snapshot(&state)));
        }
        release(&flush_id, &token);
    });
    on_cleanup(move || on_hide.remove());
    Effect::new(move |first: Option<()>| {
        // Track everything a link carries.
        state.text.track();
        state.dialect.track();
        state.kind.track();
        state.migration_text.track();
        state.tab.track();
        state.lint_config.track();
        state.positions.track();
        state.colors.track();
        state.notes.track();
        state.options.track();
        state.baseline.track();
        state.history.input.track();
        if first.is_none() {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let id = id.clone();
        let save = move || {
            pending.set_value(None);
            save_draft(&id, &encode_draft(&snapshot(&state)));
        };
        pending.set_value(set_timeout_with_handle(save, AUTOSAVE_DELAY).ok());
    });
    session
}

/// Applies the fragment in the address bar, if any. Returns whether it held a state. On success
/// the draft that was there before is offered back; on failure the message is shown and the
/// editor keeps what it had.
fn open_fragment(state: &AppState, session: Session, previous: Option<String>) -> bool {
    let frag = location_fragment();
    if frag.is_empty() {
        return false;
    }
    match decode(&frag) {
        Ok(st) => {
            let same = previous.as_deref().and_then(|p| decode(p).ok()).is_some_and(|p| p == st);
            session.offered_draft.set(previous.filter(|_| !same));
            session.link_error.set(None);
            apply(state, st);
            clear_fragment();
            session.links_opened.update(|n| *n += 1);
            true
        }
        Err(e) => {
            session.link_error.set(Some(format!("This share link could not be opened: {e}. Your editor still has your own work.")));
            clear_fragment();
            false
        }
    }
}

/// The banner for a bad link and the "Restore your draft" offer.
#[component]
pub fn SessionBanner(session: Session) -> impl IntoView {
    let state = expect_context::<AppState>();
    let restore = move |_| {
        if let Some(st) = session.offered_draft.get_untracked().and_then(|d| decode(&d).ok()) {
            apply(&state, st);
        }
        session.offered_draft.set(None);
    };
    view! {
        <Show when=move || session.link_error.with(Option::is_some)>
            <div class="banner link-error" role="alert">
                <span class="banner-text">{move || session.link_error.get().unwrap_or_default()}</span>
                <button class="btn" on:click=move |_| session.link_error.set(None)>"Dismiss"</button>
            </div>
        </Show>
        <Show when=move || session.offered_draft.with(Option::is_some)>
            <div class="banner draft-offer" role="status">
                <span class="banner-text">"You opened a shared link. Your own draft is kept."</span>
                <button class="btn restore-draft" on:click=restore>"Restore your draft"</button>
                <button class="btn" on:click=move |_| session.offered_draft.set(None)>"Dismiss"</button>
            </div>
        </Show>
    }
}

/// Selects the input's text and copies it (execCommand works without clipboard permissions).
fn copy_from(id: &str) -> bool {
    let Some(doc) = window().and_then(|w| w.document()) else { return false };
    let Some(input) = doc.get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return false;
    };
    input.select();
    doc.dyn_into::<web_sys::HtmlDocument>().ok().and_then(|h| h.exec_command("copy").ok()).unwrap_or(false)
}

/// The embeddable views (query `?embed=<id>`).
pub fn embed_tab(id: &str) -> Option<Tab> {
    Tab::ALL.into_iter().find(|t| t.id() == id)
}

/// The Share dialog: link, its length, a warning for long links, Copy; and the Embed snippet.
#[component]
pub fn ShareDialog(on_close: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fragment = encode(&snapshot(&state));
    let link = format!("{}#{fragment}", base_url());
    let len = link.chars().count();
    let link = StoredValue::new(link);
    // What the person is looking at; light, as most docs pages are (the web component can match
    // the page instead).
    let embed_view = RwSignal::new(state.tab.get_untracked());
    let embed_theme = RwSignal::new("light".to_string());
    let base = {
        let b = base_url();
        match b.find('?') {
            Some(i) => b[..i].to_string(),
            None => b,
        }
    };
    let (base, fragment) = (StoredValue::new(base), StoredValue::new(fragment));
    let embed_url = move || format!("{}?embed={}&theme={}#{}", base.get_value(), embed_view.get().id(), embed_theme.get(), fragment.get_value());
    let snippet = move || {
        format!(
            "<iframe src=\"{}\" title=\"Schema Playground: {}\" width=\"100%\" height=\"{EMBED_HEIGHT}\" style=\"border:1px solid #ddd;border-radius:6px\" loading=\"lazy\"></iframe>{}",
            embed_url().replace('&', "&amp;").replace('"', "&quot;"),
            embed_view.get().label(),
            crate::embed_height::LISTENER,
        )
    };
    // The preview as the snippet shows it: the same width, and the height the embed asks for.
    let preview: NodeRef<leptos::html::Iframe> = NodeRef::new();
    let preview_height = RwSignal::new(EMBED_HEIGHT as f64);
    let on_message = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Some(h) = crate::embed_height::requested_height(&ev.data()) else { return };
        let Some(source) = ev.source() else { return };
        let Some(frame) = preview.get_untracked() else { return };
        let own = js_sys::Reflect::get(&frame, &"contentWindow".into()).is_ok_and(|w| js_sys::Object::is(&w, &source));
        if own {
            preview_height.set(h);
            crate::embed_height::answer(&source);
        }
    });
    on_cleanup(move || on_message.remove());
    let copied = RwSignal::new("");
    let pane = RwSignal::new("link");
    view! {
        <div class="popover share-dialog" role="dialog" aria-label="Share">
            <div class="share-tabs">
                <button class="btn share-tab-link" class:active=move || pane.get() == "link" on:click=move |_| pane.set("link")>"Link"</button>
                <button class="btn share-tab-embed" class:active=move || pane.get() == "embed" on:click=move |_| pane.set("embed")>"Embed"</button>
            </div>
            <Show when=move || pane.get() == "link">
                <p class="share-note">"The whole playground is in the link itself (after the #), so nothing is sent to a server."</p>
                <input id="share-link" class="share-link" readonly prop:value=move || link.get_value() aria-label="Share link" />
                <p class="share-length">{format!("{len} characters")}</p>
                {(len > share::MAX_FRAGMENT).then(|| view! {
                    <p class="share-warning share-too-long" role="alert">
                        {format!("This link is longer than {} characters: the playground cannot open it. Share a smaller schema or history.", share::MAX_FRAGMENT)}
                    </p>
                })}
                {(len > LONG_LINK).then(|| view! {
                    <p class="share-warning" role="alert">
                        {format!("This link is longer than {LONG_LINK} characters: many chat tools and mail clients cut or refuse links that long. Consider sharing a smaller schema.")}
                    </p>
                })}
                <button class="btn copy-link" on:click=move |_| copied.set(if copy_from("share-link") { "Copied" } else { "Select the link and copy it" })>"Copy link"</button>
            </Show>
            <Show when=move || pane.get() == "embed">
                <label class="field">
                    <span class="field-label">"View"</span>
                    <select class="embed-view" on:change=move |ev| if let Some(t) = embed_tab(&event_target_value(&ev)) { embed_view.set(t) } prop:value=move || embed_view.get().id()>
                        {Tab::ALL.into_iter().map(|t| view! { <option value=t.id()>{t.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Theme"</span>
                    <select class="embed-theme" on:change=move |ev| embed_theme.set(event_target_value(&ev)) prop:value=move || embed_theme.get()>
                        <option value="light">"Light"</option>
                        <option value="dark">"Dark"</option>
                        <option value="auto">"Reader's system setting"</option>
                    </select>
                </label>
                <input id="embed-snippet" class="embed-snippet" readonly prop:value=snippet aria-label="Embed code" />
                <button class="btn copy-embed" on:click=move |_| copied.set(if copy_from("embed-snippet") { "Copied" } else { "Select the code and copy it" })>"Copy embed code"</button>
                <iframe class="embed-preview" title="Embed preview" node_ref=preview src=embed_url style:height=move || format!("{}px", preview_height.get())></iframe>
            </Show>
            <p class="copied" aria-live="polite">{move || copied.get()}</p>
            <button class="btn close-share" on:click=move |_| on_close.run(())>"Close"</button>
        </div>
    }
}
