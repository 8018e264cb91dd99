//! The Findings panel: the analysis's diagnostics (parse problems) first, then the lint findings,
//! filtered and grouped as the person asks (severity and rule chips with their counts, a search,
//! group by table or by rule, "Fix all" on a rule), then the parser's notes collapsed at the
//! bottom. What is shown is computed by the engine's `lint::triage` (plain, natively tested
//! functions); the filter lives in the shared view options, so drafts and share links keep it.
//! Quick fixes go through `toast::replace`: one editing command (one undo step), a scroll to the
//! change, and a toast with Undo. Also: the per-rule level control and the rule catalogue.

use crate::state::AppState;
use leptos::prelude::*;
use schemaplay_core::lint::triage::{self, Counts, Filter, GroupBy, SEVERITIES};
use schemaplay_core::lint::{by_id, Finding, Fix, Level, RuleMeta, RULES};
use crate::engine::{Outcome, Remote, Reply, Request};
use schemaplay_core::remote::RuleHelp;
use schemaplay_core::ruledoc::RuleKind;
use schemaplay_core::{Analysis, Diagnostic, Severity};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Findings rendered per section at first; "Show more" adds as many again (a 1,000-table
/// schema has thousands, and rendering them all at once froze the tab for most of a second).
const MAX_PER_GROUP: usize = 40;
/// Findings rendered per rule when grouped by rule (there are up to 30 rule sections).
const MAX_PER_RULE: usize = 10;
/// The editor label the schema editor is given (the toast highlights changed lines in it).
pub const SCHEMA_EDITOR: &str = "Schema";

fn severity_title(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// The counts of an analysis, in the words every place uses (see `lint::triage::Counts`).
pub fn counts(a: &Analysis) -> Counts {
    Counts::of(a.statement_count, &a.diagnostics, &a.findings)
}

/// Applies a fix to the schema editor as one edit (one undo step) and says so in a toast with
/// Undo. False (and nothing changed) when the editor text is not the analysed text (a debounced
/// analysis is still pending).
pub fn apply_fix(state: AppState, fix: &Fix, what: String) -> bool {
    let Some(el) = state.textarea.get_untracked() else { return false };
    let text = el.value();
    if !state.is_analysed(&text) {
        return false;
    }
    let Some(edit) = triage::as_one_edit(fix, &text) else { return false };
    let set_text: crate::toast::SetText = std::sync::Arc::new(move |t: String| state.edit(t));
    match crate::toast::replace(SCHEMA_EDITOR, state.textarea, set_text, &text, edit.start, edit.end, &edit.replacement) {
        Some(change) => {
            crate::toast::show(what, Some(change));
            true
        }
        None => false,
    }
}

/// The level select of one rule: "default (<severity>)", off, info, warning, error.
#[component]
fn LevelSelect(rule: &'static RuleMeta) -> impl IntoView {
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
                apply_fix(state, &fix, format!("Fixed line {line}: {}", fix.description));
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

/// One parser diagnostic or note (click: reveal in the editor).
fn diagnostic_view(state: AppState, d: Diagnostic) -> impl IntoView {
    let (line, column, sev) = (d.line, d.column, d.severity);
    view! {
        <li class=format!("finding parser sev-{}", sev.id())>
            <button class="finding-btn" on:click=move |_| state.reveal(line, column)>
                <span class="sev">{sev.id()}</span>
                <span class="loc">{format!("line {line}:{column}")}</span>
                <span class="msg">{d.message}</span>
            </button>
        </li>
    }
}

/// The filter chips, the search box, the grouping switch and "Clear filters".
#[component]
fn TriageBar(filter: Memo<Filter>, set_filter: Callback<Filter>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let facets = Memo::new(move |_| {
        let f = filter.get();
        state.analysis.with(|a| triage::facets(&a.findings, &f))
    });
    let sev_chips = move || {
        let (f, fac) = (filter.get(), facets.get());
        fac.severities
            .into_iter()
            .map(|(sev, n)| {
                let on = f.severities.contains(&sev);
                let next = f.toggle_severity(sev);
                view! {
                    <button class=format!("chip sev-chip sev-{}", sev.id()) data-severity=sev.id() aria-pressed=on.to_string()
                        on:click=move |_| set_filter.run(next.clone())>
                        {severity_title(sev)}<span class="chip-count">{n}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let rule_chips = move || {
        let (f, fac) = (filter.get(), facets.get());
        fac.rules
            .into_iter()
            .map(|(rule, sev, n)| {
                let on = f.rules.contains(&rule);
                let next = f.toggle_rule(&rule);
                let label = rule.clone();
                view! {
                    <button class=format!("chip rule-chip sev-{}", sev.id()) data-rule=rule aria-pressed=on.to_string()
                        on:click=move |_| set_filter.run(next.clone())>
                        {label}<span class="chip-count">{n}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let group_btn = move |by: GroupBy, label: &'static str| {
        view! {
            <button class="btn btn-small group-by" data-group=by.id() aria-pressed=move || (filter.get().group == by).to_string()
                on:click=move |_| set_filter.run(Filter { group: by, ..filter.get_untracked() })>{label}</button>
        }
    };
    view! {
        <div class="triage-bar">
            <div class="triage-row">
                <div class="chips sev-chips" role="group" aria-label="Filter by severity">{sev_chips}</div>
                <input
                    type="search"
                    class="findings-search"
                    placeholder="Search table, column, text"
                    aria-label="Search findings"
                    prop:value=move || filter.get().query
                    on:input=move |ev| set_filter.run(Filter { query: event_target_value(&ev), ..filter.get_untracked() })
                />
                <div class="segmented group-switch" role="group" aria-label="Group findings by">
                    {group_btn(GroupBy::Table, "By table")}
                    {group_btn(GroupBy::Rule, "By rule")}
                </div>
                <Show when=move || filter.get().is_active()>
                    <button class="btn btn-small clear-filters"
                        on:click=move |_| set_filter.run(Filter { group: filter.get_untracked().group, ..Filter::default() })>"Clear filters"</button>
                </Show>
            </div>
            <div class="chips rule-chips" role="group" aria-label="Filter by rule">{rule_chips}</div>
        </div>
    }
}

/// "Fix all N" of a rule group: the group's fixes as one edit, one undo step.
fn fix_all_button(state: AppState, rule: String, items: Vec<usize>, fixable: usize) -> impl IntoView {
    let id = rule.clone();
    let run = move |_| {
        let a = state.analysis.get_untracked();
        if let Some((fix, used)) = triage::fix_all(&a.findings, &items) {
            let skipped = fixable - used;
            let mut what = format!("Fixed {} of {rule}", triage::count_of(used, "finding"));
            if skipped > 0 {
                what.push_str(&format!(" ({skipped} overlapping left for another pass)"));
            }
            apply_fix(state, &fix, what);
        }
    };
    view! {
        <button class="btn btn-small fix-all" data-rule=id title="Apply every fix of this group as one edit (one Undo takes it back)" on:click=run>
            {format!("Fix all {fixable}")}
        </button>
    }
}

/// "…and N more not shown" with a button that shows `step` more of section `key`.
fn show_more(shown: RwSignal<BTreeMap<String, usize>>, key: String, hidden: usize, page: usize) -> impl IntoView {
    let more = hidden.min(page);
    view! {
        <p class="more">
            {format!("…and {hidden} more not shown ")}
            <button class="btn btn-small show-more" on:click=move |_| shown.update(|m| *m.entry(key.clone()).or_insert(page) += page)>
                {format!("Show {more} more")}
            </button>
        </p>
    }
}

/// What a grouped findings list is drawn from: the analysis, the findings the filter selected,
/// how many each section shows now ("Show more" grows it) and the callbacks of a finding.
struct Listing<'a> {
    state: AppState,
    a: &'a Analysis,
    sel: &'a [usize],
    limits: &'a BTreeMap<String, usize>,
    shown: RwSignal<BTreeMap<String, usize>>,
    open_rule: Callback<&'static str>,
}

impl Listing<'_> {
    /// How many findings section `key` shows (`page` until "Show more" grew it).
    fn limit(&self, key: &str, page: usize) -> usize {
        self.limits.get(key).copied().unwrap_or(page)
    }

    /// The findings `items` (indexes into the analysis) as a list.
    fn list(&self, items: &[usize]) -> impl IntoView {
        let (state, open_rule) = (self.state, self.open_rule);
        let fs: Vec<Finding> = items.iter().map(|&i| self.a.findings[i].clone()).collect();
        view! { <ul class="finding-list">{fs.into_iter().map(|f| finding_view(state, f, open_rule)).collect_view()}</ul> }
    }

    /// The findings grouped by severity, then by table, each severity cut at its "Show more" limit.
    fn by_table(&self) -> AnyView {
        let groups = triage::group(&self.a.findings, self.sel, GroupBy::Table);
        SEVERITIES
            .into_iter()
            .filter_map(|sev| {
                let mine: Vec<&triage::Group> = groups.iter().filter(|g| g.severity == sev).collect();
                let n: usize = mine.iter().map(|g| g.items.len()).sum();
                if n == 0 {
                    return None;
                }
                let limit = self.limit(sev.id(), MAX_PER_GROUP);
                let mut budget = limit;
                let tables = mine
                    .into_iter()
                    .map_while(|g| {
                        (budget > 0).then(|| {
                            let take = g.items.len().min(budget);
                            budget -= take;
                            view! {
                                <div class="table-group" data-table=g.key.clone()>
                                    <h4 class="table-title">{g.key.clone()}</h4>
                                    {self.list(&g.items[..take])}
                                </div>
                            }
                        })
                    })
                    .collect_view();
                let hidden = n.saturating_sub(limit);
                Some(view! {
                    <section class=format!("sev-group sev-{}", sev.id()) data-severity=sev.id()>
                        <h3 class="group-title">{format!("{} ({n})", severity_title(sev))}</h3>
                        {tables}
                        {(hidden > 0).then(|| show_more(self.shown, sev.id().to_string(), hidden, MAX_PER_GROUP))}
                    </section>
                })
            })
            .collect_view()
            .into_any()
    }

    /// The findings grouped by rule, each rule with its summary, its "Fix all" and its "Show more" limit.
    fn by_rule(&self) -> AnyView {
        triage::group(&self.a.findings, self.sel, GroupBy::Rule)
            .into_iter()
            .map(|g| {
                let limit = self.limit(&g.key, MAX_PER_RULE);
                let n = g.items.len();
                let summary = by_id(&g.key).map(|m| m.summary);
                let fix_all = (g.fixable > 1).then(|| fix_all_button(self.state, g.key.clone(), g.items.clone(), g.fixable));
                view! {
                    <section class=format!("rule-group sev-{}", g.severity.id()) data-rule=g.key.clone() data-severity=g.severity.id()>
                        <header class="rule-group-head">
                            <h3 class="group-title"><code>{g.key.clone()}</code>{format!(" ({n})")}</h3>
                            {fix_all}
                        </header>
                        {summary.map(|s| view! { <p class="rule-summary">{s}</p> })}
                        {self.list(&g.items[..n.min(limit)])}
                        {(n > limit).then(|| show_more(self.shown, g.key.clone(), n - limit, MAX_PER_RULE))}
                    </section>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
pub fn Findings() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The catalogue replaces the list while open; Some(id) scrolls to that rule.
    let catalogue = RwSignal::new(None::<Option<&'static str>>);
    let open_rule = Callback::new(move |id: &'static str| catalogue.set(Some(Some(id))));

    let filter = Memo::new(move |_| {
        let options = state.options.get();
        Filter::from_options(|k| options.get(k).cloned())
    });
    let set_filter = Callback::new(move |f: Filter| {
        for (k, v) in f.to_options() {
            if state.option(k) != v {
                state.set_option(k, v);
            }
        }
    });
    let selected = Memo::new(move |_| {
        let f = filter.get();
        state.analysis.with(|a| Arc::new(triage::select(&a.findings, &f)))
    });
    // How many findings each section shows (grown by "Show more"), by section key.
    let shown: RwSignal<BTreeMap<String, usize>> = RwSignal::new(BTreeMap::new());

    let groups = move || {
        let analysis = state.analysis.get();
        let sel = selected.get();
        let limits = shown.get();
        let f = filter.get();
        if sel.is_empty() && !analysis.findings.is_empty() {
            return view! {
                <p class="empty no-match">{format!("No finding matches the filter ({} hidden).", triage::count_of(analysis.findings.len(), "finding"))}</p>
            }
            .into_any();
        }
        let listing = Listing { state, a: &analysis, sel: &sel, limits: &limits, shown, open_rule };
        match f.group {
            GroupBy::Table => listing.by_table(),
            GroupBy::Rule => listing.by_rule(),
        }
    };

    // Parse problems first: they explain missing tables. Notes ("ignored: …") last, collapsed.
    let diagnostics = move || {
        let analysis = state.analysis.get();
        let mut ds: Vec<Diagnostic> = analysis.diagnostics.iter().filter(|d| !triage::is_note(d)).cloned().collect();
        if ds.is_empty() {
            return None;
        }
        schemaplay_core::sort::by(&mut ds, |a, b| b.severity.cmp(&a.severity).then(a.line.cmp(&b.line)));
        let n = ds.len();
        Some(view! {
            <section class="sev-group parser-group diag-group">
                <h3 class="group-title">{format!("Diagnostics ({n})")}</h3>
                <p class="group-note">"Statements the parser could not read: fix these first, their tables are missing from every view."</p>
                <ul class="finding-list">{ds.into_iter().map(|d| diagnostic_view(state, d)).collect_view()}</ul>
            </section>
        })
    };
    let notes = move || {
        let analysis = state.analysis.get();
        let ns: Vec<Diagnostic> = analysis.diagnostics.iter().filter(|d| triage::is_note(d)).cloned().collect();
        if ns.is_empty() {
            return None;
        }
        let n = ns.len();
        Some(view! {
            <details class="parser-notes">
                <summary>{format!("Parser notes ({n}): statements read but not part of the schema")}</summary>
                <ul class="finding-list">{ns.into_iter().map(|d| diagnostic_view(state, d)).collect_view()}</ul>
            </details>
        })
    };

    let summary = move || {
        state.analysis.with(|a| {
            let c = counts(a);
            let off = state.lint_config.with(|c| c.rules.values().filter(|l| **l == Level::Off).count());
            let mut s = format!("{} from {} rules · {}", c.findings_words(), RULES.len(), c.diagnostics_words());
            if c.notes > 0 {
                s.push_str(&format!(" · {}", triage::count_of(c.notes, "parser note")));
            }
            if off > 0 {
                s.push_str(&format!(" ({off} switched off)"));
            }
            s
        })
    };
    let empty = move || state.analysis.with(|a| a.findings.is_empty() && a.diagnostics.is_empty());
    let has_findings = move || state.analysis.with(|a| !a.findings.is_empty());

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
                        {diagnostics}
                        <Show when=has_findings>
                            <TriageBar filter=filter set_filter=set_filter />
                        </Show>
                        {groups}
                        {notes}
                    </Show>
                }
                .into_any(),
            }}
        </div>
    }
}

/// One rule's documentation as the catalogue shows it (its `RuleDoc`: the same text `schemaplay
/// rules` prints); `class` tells schema rules (`rule`, with a level select: `level`) from
/// migration rules.
fn rule_article(m: RuleHelp, class: &'static str, level: Option<&'static RuleMeta>) -> impl IntoView {
    let dialects = m.dialects.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ");
    let aliases = (!m.aliases.is_empty()).then(|| view! { <span class="rule-aliases">{format!("also: {}", m.aliases.join(", "))}</span> });
    let details = (!m.details.is_empty()).then(|| view! { <p class="rule-details">{m.details}</p> });
    let anchor = format!("rule-{}", m.id);
    view! {
        <article class=class id=anchor>
            <header class="rule-head">
                <code class="rule-id">{m.id}</code>
                <span class=format!("sev-pill sev-{}", m.severity.id())>{m.severity.id()}</span>
                <span class="rule-dialects">{dialects}</span>
                {aliases}
                {level.map(|rule| view! { <LevelSelect rule=rule /> })}
            </header>
            <p class="rule-summary">{m.summary}</p>
            {details}
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
/// migration checker's rules. The engine worker sends both kinds' texts (`Request::Rules`): the
/// page's module holds only what the linter runs on (tests/e2e/first-load-results.md, Sessions 7
/// and 8).
#[component]
fn Catalogue(focus: Option<&'static str>) -> impl IntoView {
    let rules = |kind| {
        Remote::new(
            move || Some(((), Request::Rules(kind))),
            |_, r| match r {
                Reply::Rules(rules) => Some(rules),
                _ => None,
            },
        )
    };
    let (schema, migration) = (rules(RuleKind::Schema), rules(RuleKind::Migration));
    // Scroll the requested rule into view once its texts are there.
    Effect::new(move |_| {
        let Some(id) = focus else { return };
        if !matches!(schema.outcome.get(), Outcome::Ready(_)) {
            return;
        }
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("rule-{id}"))) {
            el.scroll_into_view();
            let _ = el.class_list().add_1("focused");
        }
    });
    let schema_rules = move || match schema.outcome.get() {
        Outcome::Ready(rules) => rules.iter().map(|m| rule_article(m.clone(), "rule", by_id(&m.id))).collect_view().into_any(),
        other => crate::engine::notice(&other, "the rule texts").into_any(),
    };
    let migration_rules = move || match migration.outcome.get() {
        Outcome::Ready(rules) => view! {
            <h3 class="group-title">{format!("Migration rules ({} rules, checked in the Migration tab)", rules.len())}</h3>
            {rules.iter().map(|m| rule_article(m.clone(), "migration-rule", None)).collect_view()}
        }
        .into_any(),
        other => view! {
            <h3 class="group-title">"Migration rules (checked in the Migration tab)"</h3>
            {crate::engine::notice(&other, "the migration rules")}
        }
        .into_any(),
    };
    view! {
        <div class="catalogue" id="rule-catalogue">
            <h3 class="group-title">{format!("Rule catalogue ({} rules)", RULES.len())}</h3>
            {schema_rules}
            {migration_rules}
        </div>
    }
}
