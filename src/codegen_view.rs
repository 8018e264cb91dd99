//! The generated-code tabs (Prisma, Drizzle, SQL, Mermaid, DBML, TypeScript/Zod): the engine's
//! `codegen::generate` of the analysed schema in a `Memo` that exists only while its tab is shown,
//! the generator's warnings above the code, line numbers, highlighting in each target's language (the engine's
//! escaping highlighter), Copy and Download buttons, and the per-target options (SQL database,
//! TypeScript or Zod, Prisma model naming, Drizzle keys) kept in the shared view options
//! (`sql.to`, `typescript.flavor`, `prisma.names`, `drizzle.keys`; a default is stored as absent).

use crate::state::{AppState, Tab};
use leptos::prelude::*;
use crate::engine::{notice, Outcome, Remote, Reply, Request};
use schemaplay_core::codegen::{DrizzleKeys, Generated, Options as CodegenOptions, PrismaNaming, Target};
use schemaplay_core::Dialect;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Longer outputs are shown without highlighting (plain text renders fast at any size).
const HIGHLIGHT_MAX_LINES: usize = 5_000;

/// The target a tab shows, given the view options.
pub fn target_for(tab: Tab, sql_to: Option<&str>, ts_flavor: Option<&str>, input: Dialect) -> Option<Target> {
    let id = match tab {
        Tab::TypeScript if ts_flavor == Some("zod") => "zod",
        Tab::Prisma | Tab::Drizzle | Tab::Sql | Tab::Mermaid | Tab::Dbml | Tab::TypeScript => tab.id(),
        _ => return None,
    };
    Target::from_id(id, sql_to.and_then(Dialect::parse).unwrap_or(input))
}

/// The generator settings the view options ask for (unknown values fall back to the defaults).
pub fn codegen_options(prisma_names: Option<&str>, drizzle_keys: Option<&str>) -> CodegenOptions {
    CodegenOptions {
        prisma_naming: prisma_names.and_then(PrismaNaming::from_id).unwrap_or_default(),
        drizzle_keys: drizzle_keys.and_then(DrizzleKeys::from_id).unwrap_or_default(),
    }
}

/// Copies text through a temporary textarea and the `copy` editing command (no extra browser
/// API needed; works where the async clipboard is unavailable).
pub(crate) fn copy_text(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Some(body) = doc.body() else { return false };
    let Ok(el) = doc.create_element("textarea") else { return false };
    let Ok(ta) = el.dyn_into::<web_sys::HtmlTextAreaElement>() else { return false };
    ta.set_value(text);
    let _ = ta.set_attribute("readonly", "");
    let _ = ta.set_attribute("style", "position:fixed;top:-1000px;opacity:0");
    if body.append_child(&ta).is_err() {
        return false;
    }
    ta.select();
    let ok = doc
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|h| h.exec_command("copy").ok())
        .unwrap_or(false);
    ta.remove();
    ok
}

/// `data:` URL of the text (percent-encoded UTF-8).
pub(crate) fn data_url(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 32);
    s.push_str("data:text/plain;charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// SQL as highlighted HTML (the engine's highlighter; also the Migration tab's plan).
pub(crate) fn highlighted(code: &str, dialect: Dialect) -> String {
    schemaplay_core::codegen::highlight::to_html(code, Target::Sql(dialect))
}

/// Long lines of generated code wrap when this view option is set, else scroll sideways.
const WRAP_OPTION: &str = "code.wrap";

/// One line of the generator's warnings: a note, or a group of alike notes, collapsed, with its
/// count ("trigger … is not represented in Prisma: 17 tables").
fn note_view(g: schemaplay_core::codegen::notes::NoteGroup) -> impl IntoView {
    if g.items.len() == 1 {
        return view! { <li class="code-warning">{g.label}</li> }.into_any();
    }
    let n = g.items.len();
    let count = if g.subjects == n {
        format!("{n} tables")
    } else {
        format!("{n} notes on {}", schemaplay_core::lint::triage::count_of(g.subjects, "table"))
    };
    view! {
        <li class="code-warning grouped">
            <details>
                <summary>{format!("{}: {count}", g.label)}</summary>
                <ul>{g.items.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </details>
        </li>
    }
    .into_any()
}

/// The work a tab's engine call does, for its loading and failure messages.
fn what(tab: Tab) -> &'static str {
    match tab {
        Tab::Prisma => "the Prisma schema",
        Tab::Drizzle => "the Drizzle schema",
        Tab::Sql => "the SQL",
        Tab::Mermaid => "the Mermaid diagram",
        Tab::Dbml => "the DBML",
        _ => "the TypeScript types",
    }
}

/// The SQL database selector, the TypeScript/Zod switch and the Prisma / Drizzle naming selectors.
#[component]
fn Options(tab: Tab) -> impl IntoView {
    let state = expect_context::<AppState>();
    match tab {
        Tab::Sql => {
            let current = move || state.option("sql.to").and_then(|d| Dialect::parse(&d)).unwrap_or_else(|| state.dialect.get()).id();
            view! {
                <label class="code-option">
                    "Database "
                    <select
                        class="sql-target"
                        aria-label="SQL target database"
                        prop:value=current
                        on:change=move |ev| state.set_option("sql.to", Some(event_target_value(&ev)))
                    >
                        {Dialect::ALL.into_iter().map(|d| view! { <option value=d.id()>{d.label()}</option> }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        Tab::TypeScript => {
            let zod = move || state.option("typescript.flavor").as_deref() == Some("zod");
            view! {
                <div class="code-option segmented" role="group" aria-label="TypeScript flavour">
                    <button class="btn btn-small ts-flavor" data-flavor="typescript" aria-pressed=move || (!zod()).to_string()
                        on:click=move |_| state.set_option("typescript.flavor", None)>"TypeScript"</button>
                    <button class="btn btn-small ts-flavor" data-flavor="zod" aria-pressed=move || zod().to_string()
                        on:click=move |_| state.set_option("typescript.flavor", Some("zod".into()))>"Zod"</button>
                </div>
            }
            .into_any()
        }
        Tab::Prisma => {
            let current = move || codegen_options(state.option("prisma.names").as_deref(), None).prisma_naming.id();
            view! {
                <label class="code-option">
                    "Names "
                    <select
                        class="prisma-names"
                        aria-label="Prisma model and field names"
                        prop:value=current
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let default = PrismaNaming::default().id();
                            state.set_option("prisma.names", (v != default).then_some(v))
                        }
                    >
                        {PrismaNaming::ALL.into_iter().map(|n| view! { <option value=n.id()>{n.label()}</option> }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        Tab::Drizzle => {
            let current = move || codegen_options(None, state.option("drizzle.keys").as_deref()).drizzle_keys.id();
            view! {
                <label class="code-option">
                    "Keys "
                    <select
                        class="drizzle-keys"
                        aria-label="Drizzle column keys"
                        prop:value=current
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let default = DrizzleKeys::default().id();
                            state.set_option("drizzle.keys", (v != default).then_some(v))
                        }
                    >
                        {DrizzleKeys::ALL.into_iter().map(|k| view! { <option value=k.id()>{k.label()}</option> }).collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// One generated-code tab.
#[component]
pub fn CodeView(tab: Tab) -> impl IntoView {
    let state = expect_context::<AppState>();
    let target = Memo::new(move |_| {
        let sql_to = state.option("sql.to");
        let flavor = state.option("typescript.flavor");
        target_for(tab, sql_to.as_deref(), flavor.as_deref(), state.dialect.get()).unwrap_or(Target::Mermaid)
    });
    let options = Memo::new(move |_| codegen_options(state.option("prisma.names").as_deref(), state.option("drizzle.keys").as_deref()));
    // The diagram's sticky notes go into the DBML as `Note` blocks (the other targets have no place for them).
    let notes = Memo::new(move |_| if tab == Tab::Dbml { state.notes.with(|ns| ns.iter().map(|n| n.text.clone()).collect::<Vec<_>>()) } else { Vec::new() });
    // Made by the engine worker when the schema, the target or the options change, and only
    // while this tab is shown (the panel creates this component for the visible tab only).
    let remote = Remote::new(
        move || {
            let (target, options, notes) = (target.get(), options.get(), notes.get());
            Some(((target, options, notes.clone()), Request::Generate { source: state.source(), target, options, notes }))
        },
        |made_for, r| match r {
            Reply::Generated(g) => Some((made_for, Arc::new(g))),
            _ => None,
        },
    );
    // The code on screen is the current target's (not the previous tab option's).
    let empty = Arc::new(Generated::default());
    let generated: Memo<Arc<Generated>> = Memo::new(move |_| match remote.outcome.get() {
        Outcome::Ready(m) if m.0 == (target.get(), options.get(), notes.get()) => m.1.clone(),
        _ => empty.clone(),
    });
    let outcome = Memo::new(move |_| match remote.outcome.get() {
        Outcome::Ready(m) if m.0 != (target.get(), options.get(), notes.get()) => Outcome::Waiting,
        o => o,
    });
    let copied = RwSignal::new(false);
    let wrap = move || state.option(WRAP_OPTION).is_some();
    let code_html = Memo::new(move |_| {
        let (t, g) = (target.get(), generated.get());
        match t {
            // Plain text if the highlighter fails (see `guard`).
            // Every target, in its language (see codegen::highlight).
            t if g.code.lines().count() <= HIGHLIGHT_MAX_LINES => crate::guard::run(move || schemaplay_core::codegen::highlight::to_html(&g.code, t)).ok(),
            _ => None,
        }
    });
    let gutter = Memo::new(move |_| {
        generated.with(|g| {
            let n = g.code.trim_end_matches('\n').split('\n').count();
            (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join("\n")
        })
    });
    let on_copy = move |_| {
        let ok = generated.with_untracked(|g| copy_text(&g.code));
        copied.set(ok);
        if ok {
            set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
        }
    };
    let on_download = move |ev: leptos::ev::MouseEvent| {
        if let Some(a) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let url = generated.with_untracked(|g| data_url(&g.code));
            let _ = a.set_attribute("href", &url);
        }
    };
    view! {
        <div class="code-view" data-tab=tab.id() data-target=move || target.get().id()>
            <div class="code-toolbar">
                <Options tab=tab />
                <span class="code-file">{move || target.get().file_name()}</span>
                <span class="spacer"></span>
                <Show when=move || generated.with(|g| !g.code.is_empty())>
                    <button class="btn btn-small wrap-toggle" aria-pressed=move || wrap().to_string()
                        title="Wrap long lines, or scroll sideways (kept for every code tab)"
                        on:click=move |_| state.set_option(WRAP_OPTION, (!wrap()).then(|| "on".to_string()))>"Wrap lines"</button>
                    <button class="btn btn-small copy-btn" on:click=on_copy>
                        {move || if copied.get() { "Copied" } else { "Copy" }}
                    </button>
                    <a class="btn btn-small download-btn" href="#" download=move || target.get().file_name() on:click=on_download>
                        "Download"
                    </a>
                </Show>
            </div>
            {move || {
                if let Some(n) = outcome.with(|o| notice(o, what(tab))) {
                    return n;
                }
                let (empty, warnings) = generated.with(|g| (g.code.is_empty(), g.warnings.clone()));
                // No schema object at all: say why (and offer the way forward), as the diagram does,
                // even where the target writes a header for nothing (Prisma's datasource block).
                let nothing = state.analysis.with(|a| a.schema.tables.is_empty() && a.schema.views.is_empty() && a.schema.enums.is_empty());
                if nothing && warnings.is_empty() {
                    return view! { <div class="pending" data-tab=tab.id()><crate::empty_state::EmptyState /></div> }.into_any();
                }
                if empty {
                    // A target that is not built yet (or produced nothing): say so plainly.
                    let msg = if warnings.is_empty() { "Nothing to generate.".to_string() } else { warnings.join(" ") };
                    return view! { <p class="pending" data-tab=tab.id()>{msg}</p> }.into_any();
                }
                // Alike notes (one per table) are one collapsed line with their count.
                let list = (!warnings.is_empty())
                    .then(|| {
                        view! {
                            <ul class="code-warnings" aria-label="Generation warnings">
                                {schemaplay_core::codegen::notes::group(&warnings).into_iter().map(note_view).collect_view()}
                            </ul>
                        }
                    });
                view! {
                    {list}
                    // Focusable, so the code scrolls by keyboard too (axe: scrollable-region-focusable).
                    <div class="code-body" class:wrap=wrap tabindex="0" role="region" aria-label=format!("{} code", tab.label())>
                        <pre class="code-gutter" aria-hidden="true">{move || gutter.get()}</pre>
                        {move || match code_html.get() {
                            Some(html) => view! { <pre class="code-text highlighted" inner_html=html></pre> }.into_any(),
                            None => view! { <pre class="code-text">{move || generated.with(|g| g.code.trim_end_matches('\n').to_string())}</pre> }.into_any(),
                        }}
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}
