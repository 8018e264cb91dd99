//! The Findings panel: lint findings grouped by severity, then by table, plus the parser's
//! diagnostics in a group of their own; quick fixes applied through the browser's editing command
//! (so native undo reverts them); a per-rule level control; and the rule catalogue, rendered from
//! the engine's rule registry.

use crate::editor::byte_to_utf16;
use crate::state::AppState;
use leptos::prelude::*;
use schemaplay_core::lint::{by_id, Finding, Fix, Level, RuleDoc, RULES};
use schemaplay_core::{Analysis, Severity};
use std::collections::BTreeMap;

/// At most this many findings of one severity are rendered (a 3,000-table dump stays responsive).
/// Findings rendered per severity at first; "Show more" adds as many again (a 1,000-table
/// schema has thousands, and rendering them all at once froze the tab for most of a second).
const MAX_PER_GROUP: usize = 40;

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// What the Findings tab's badge counts: every lint finding plus parser warnings and errors,
/// and the worst severity among them (None when there is nothing).
pub fn badge(a: &Analysis) -> (usize, Option<Severity>) {
    let parser = a.diagnostics.iter().filter(|d| d.severity != Severity::Info);
    let sevs = parser.map(|d| d.severity).chain(a.findings.iter().map(|f| f.severity));
    sevs.fold((0, None), |(n, worst), s| (n + 1, worst.max(Some(s))))
}

/// Applies a quick fix to the editor: each edit selects its range and inserts the replacement
/// through `execCommand('insertText')`, last edit first so earlier offsets stay valid. The input
/// events re-run the analysis. Returns false (and changes nothing) when the editor text is not
/// the analysed text (a debounced analysis is still pending).
pub fn apply_fix(state: AppState, fix: &Fix) -> bool {
    let Some(el) = state.textarea.get_untracked() else { return false };
    if !state.is_analysed(&el.value()) {
        return false;
    }
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let _ = el.focus();
    for e in edits.iter().rev() {
        let value = el.value();
        let (s, en) = (byte_to_utf16(&value, e.start), byte_to_utf16(&value, e.end));
        let _ = el.set_selection_range(s, en);
        if !crate::browser::insert_text(&e.replacement) {
            // No editing command (very old browser): replace the text without undo.
            let text = fix.apply(&state.text.get_untracked());
            el.set_value(&text);
            state.edit(text);
            return true;
        }
    }
    true
}

/// The level select of one rule: "default (<severity>)", off, info, warning, error.
#[component]
fn LevelSelect(rule: &'static RuleDoc) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || state.lint_config.with(|c| c.level(rule.id).map_or("default", |l| l.id()));
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        state.set_rule_level(rule.id, Level::parse(&v));
    };
    view! {
        <select
            class="level-select"
            aria-label=format!("Level of rule {}", rule.id)
            data-rule=rule.id
            prop:value=current
            on:change=on_change
        >
            <option value="default">{format!("default ({})", rule.severity.id())}</option>
            <option value="off">"off"</option>
            <option value="info">"info"</option>
            <option value="warning">"warning"</option>
            <option value="error">"error"</option>
        </select>
    }
}

/// One lint finding: its location and message (click: reveal in the editor), the rule's why,
/// a Fix button, a link to the rule's catalogue entry and its level select.
fn finding_view(state: AppState, f: Finding, open_rule: Callback<&'static str>) -> impl IntoView {
    let (line, column) = (f.line, f.column_no);
    let meta = by_id(f.rule);
    let rule = f.rule;
    let fix = f.fix.clone().map(|fix| {
        let desc = fix.description.clone();
        view! {
            <button class="btn fix-btn" title=desc.clone() on:click=move |_| {
                apply_fix(state, &fix);
            }>
                "Fix"
            </button>
            <span class="fix-desc">{desc}</span>
        }
    });
    view! {
        <li class=format!("finding lint sev-{}", f.severity.id()) data-rule=rule data-column=f.column.clone()>
            <button class="finding-btn" on:click=move |_| state.reveal(line, column)>
                <span class="sev">{f.severity.id()}</span>
                <span class="loc">{format!("line {line}:{column}")}</span>
                <span class="msg">{f.message.clone()}</span>
            </button>
            {meta.map(|m| view! { <p class="why">{m.why}</p> })}
            <div class="finding-actions">
                {fix}
                <a
                    class="rule-link"
                    href=format!("#rule-{rule}")
                    on:click=move |ev| {
                        ev.prevent_default();
                        open_rule.run(rule);
                    }
                >
                    {rule}
                </a>
                {meta.map(|m| view! { <LevelSelect rule=m /> })}
            </div>
        </li>
    }
}

#[component]
pub fn Findings() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The catalogue replaces the list while open; Some(id) scrolls to that rule.
    let catalogue = RwSignal::new(None::<Option<&'static str>>);
    let open_rule = Callback::new(move |id: &'static str| catalogue.set(Some(Some(id))));

    // How many findings each severity shows (grown by "Show more").
    let shown: RwSignal<BTreeMap<&'static str, usize>> = RwSignal::new(BTreeMap::new());
    let groups = move || {
        let analysis = state.analysis.get();
        let limits = shown.get();
        SEVERITIES
            .into_iter()
            .filter_map(|sev| {
                let mut by_table: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
                for f in analysis.findings.iter().filter(|f| f.severity == sev) {
                    by_table.entry(f.table.clone().unwrap_or_else(|| "(schema)".into())).or_default().push(f.clone());
                }
                if by_table.is_empty() {
                    return None;
                }
                let n: usize = by_table.values().map(Vec::len).sum();
                let limit = limits.get(sev.id()).copied().unwrap_or(MAX_PER_GROUP);
                let mut budget = limit;
                for fs in by_table.values_mut() {
                    fs.truncate(budget);
                    budget -= fs.len();
                }
                by_table.retain(|_, fs| !fs.is_empty());
                let hidden = n.saturating_sub(limit);
                Some(view! {
                    <section class=format!("sev-group sev-{}", sev.id()) data-severity=sev.id()>
                        <h3 class="group-title">{format!("{} ({n})", severity_title(sev))}</h3>
                        {by_table
                            .into_iter()
                            .map(|(table, fs)| {
                                let key = table.clone();
                                view! {
                                    <div class="table-group" data-table=key>
                                        <h4 class="table-title">{table}</h4>
                                        <ul class="finding-list">
                                            {fs.into_iter().map(|f| finding_view(state, f, open_rule)).collect_view()}
                                        </ul>
                                    </div>
                                }
                            })
                            .collect_view()}
                        {(hidden > 0)
                            .then(|| {
                                let more = hidden.min(MAX_PER_GROUP);
                                view! {
                                    <p class="more">
                                        {format!("…and {hidden} more not shown ")}
                                        <button
                                            class="btn btn-small show-more"
                                            on:click=move |_| shown.update(|m| *m.entry(sev.id()).or_insert(MAX_PER_GROUP) += MAX_PER_GROUP)
                                        >
                                            {format!("Show {more} more")}
                                        </button>
                                    </p>
                                }
                            })}
                    </section>
                })
            })
            .collect_view()
    };

    let parser = move || {
        let analysis = state.analysis.get();
        let mut ds = analysis.diagnostics.clone();
        if ds.is_empty() {
            return None;
        }
        ds.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.line.cmp(&b.line)));
        Some(view! {
            <section class="sev-group parser-group">
                <h3 class="group-title">{format!("Parser ({})", ds.len())}</h3>
                <ul class="finding-list">
                    {ds
                        .into_iter()
                        .map(|d| {
                            let (line, column) = (d.line, d.column);
                            let sev = d.severity;
                            view! {
                                <li class=format!("finding parser sev-{}", sev.id())>
                                    <button class="finding-btn" on:click=move |_| state.reveal(line, column)>
                                        <span class="sev">{sev.id()}</span>
                                        <span class="loc">{format!("line {line}:{column}")}</span>
                                        <span class="msg">{d.message}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        })
    };

    let summary = move || {
        state.analysis.with(|a| {
            let n = a.findings.len();
            let off = state.lint_config.with(|c| c.rules.values().filter(|l| **l == Level::Off).count());
            let mut s = format!("{n} finding{} from {} rules", if n == 1 { "" } else { "s" }, RULES.len());
            if off > 0 {
                s.push_str(&format!(" ({off} switched off)"));
            }
            s
        })
    };
    let empty = move || state.analysis.with(|a| a.findings.is_empty() && a.diagnostics.is_empty());

    view! {
        <div class="findings">
            <header class="findings-head">
                <p class="findings-note">{summary}</p>
                <button
                    class="btn rules-btn"
                    aria-expanded=move || catalogue.with(Option::is_some).to_string()
                    on:click=move |_| catalogue.update(|c| *c = if c.is_some() { None } else { Some(None) })
                >
                    {move || if catalogue.with(Option::is_some) { "Back to findings" } else { "Rules" }}
                </button>
            </header>
            {move || state.failure.get().map(|f| view! {
                <div class="engine-failed crashed findings-failed" role="alert">
                    <p class="engine-failed-text">{if f.parse {
                        format!("Reading this schema failed ({}). The editor keeps your text; edit it or retry.", f.message)
                    } else {
                        format!("The lint rules failed on this schema ({}); the findings below may be incomplete. The editor and the diagram are not affected.", f.message)
                    }}</p>
                    <button class="btn btn-small retry-btn" on:click=move |_| state.retry_analysis()>"Retry"</button>
                </div>
            })}
            {move || match catalogue.get() {
                Some(focus) => view! { <Catalogue focus=focus /> }.into_any(),
                None => view! {
                    <Show when=move || !empty() fallback=|| view! { <p class="empty">"No findings: every statement parsed and every rule passes."</p> }>
                        {parser}
                        {groups}
                    </Show>
                }
                .into_any(),
            }}
        </div>
    }
}

/// One rule's documentation as the catalogue shows it (its `RuleDoc`: the same text `schemaplay
/// rules` prints); `class` tells schema rules (`rule`, with a level select) from migration rules.
fn rule_article(m: &'static RuleDoc, class: &'static str, level: bool) -> impl IntoView {
    let dialects = m.dialects.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ");
    let aliases = (!m.aliases.is_empty()).then(|| view! { <span class="rule-aliases">{format!("also: {}", m.aliases.join(", "))}</span> });
    view! {
        <article class=class id=format!("rule-{}", m.id)>
            <header class="rule-head">
                <code class="rule-id">{m.id}</code>
                <span class=format!("sev-pill sev-{}", m.severity.id())>{m.severity.id()}</span>
                <span class="rule-dialects">{dialects}</span>
                {aliases}
                {level.then(|| view! { <LevelSelect rule=m /> })}
            </header>
            <p class="rule-summary">{m.summary}</p>
            {(!m.details.is_empty()).then(|| view! { <p class="rule-details">{m.details}</p> })}
            <p><strong>"Why: "</strong>{m.why}</p>
            <p><strong>"Fix: "</strong>{m.fix}</p>
            <div class="rule-examples">
                <figure>
                    <figcaption>"Bad"</figcaption>
                    <pre class="example bad">{m.bad}</pre>
                </figure>
                <figure>
                    <figcaption>"Good"</figcaption>
                    <pre class="example good">{m.good}</pre>
                </figure>
            </div>
        </article>
    }
}

/// Every rule with its documentation and examples: the schema rules of the registry, then the
/// migration checker's rules.
#[component]
fn Catalogue(focus: Option<&'static str>) -> impl IntoView {
    // Scroll the requested rule into view once it is in the DOM.
    Effect::new(move |_| {
        let Some(id) = focus else { return };
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("rule-{id}"))) {
            el.scroll_into_view();
            let _ = el.class_list().add_1("focused");
        }
    });
    let migration = schemaplay_core::migrate::rules();
    view! {
        <div class="catalogue" id="rule-catalogue">
            <h3 class="group-title">{format!("Rule catalogue ({} rules)", RULES.len())}</h3>
            {RULES.iter().map(|r| rule_article(r.meta, "rule", true)).collect_view()}
            <h3 class="group-title">{format!("Migration rules ({} rules, checked in the Migration tab)", migration.len())}</h3>
            {migration.iter().map(|m| rule_article(m, "migration-rule", false)).collect_view()}
        </div>
    }
}
