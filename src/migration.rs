//! The Migration tab: a migration script in its own editor, checked statement by statement
//! against the schema (lock, rewrite/scan, findings with a safe alternative), and the plan from
//! a frozen baseline schema to the current one.
//!
//! - The check runs against the baseline schema when one is set (the migration goes from the
//!   baseline to the current schema), otherwise against the current analysed schema.
//! - Settings live in the shared view options: `migration.pg_version` (11–18, default 18),
//!   `migration.transaction` (`off` when migrations do not run in a transaction),
//!   `migration.view` (`plan` for the plan view), `migration.plan` (`direct` for plain
//!   statements) and `migration.renames` (answers to rename questions, read and written by core's `RenameAnswer::parse_list` / `write_list`, the CLI's `--rename` syntax).

use crate::codegen_view::{copy_text, data_url};
use crate::editor::{CodeEditor, EditorMark};
use crate::state::AppState;
use leptos::html::Textarea;
use leptos::prelude::*;
use crate::engine::{notice, Outcome, Remote, Reply, Request};
use schemaplay_core::migrate::diff::{DiffOptions, Plan, RenameAnswer, RenameKind};
use schemaplay_core::migrate::{self, apply_safe_version, replace_range, CheckOptions, MigrationReport, StatementReport};
use schemaplay_core::remote::{Checked, Source};
use schemaplay_core::{Dialect, LineIndex, Severity, Span};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Scripts up to this size are checked on every keystroke; larger ones after a pause.
const IMMEDIATE_CHECK_BYTES: usize = 64 * 1024;
const CHECK_DEBOUNCE: Duration = Duration::from_millis(200);
const PG_VERSIONS: [u32; 8] = [18, 17, 16, 15, 14, 13, 12, 11];

const OPT_PG: &str = "migration.pg_version";
const OPT_TX: &str = "migration.transaction";
const OPT_VIEW: &str = "migration.view";
const OPT_PLAN: &str = "migration.plan";
const OPT_RENAMES: &str = "migration.renames";

/// Editor marks for the report: each finding on its statement's first line, plus replay
/// diagnostics.
fn report_marks(text: &str, r: &MigrationReport) -> Vec<EditorMark> {
    let idx = LineIndex::new(text);
    let mut out = Vec::new();
    for s in &r.statements {
        let Some((start, _)) = replace_range(text, s, "") else { continue };
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = line_end.min(s.span.end).max(start);
        let (line, column) = idx.line_col(start);
        for f in &s.findings {
            out.push(EditorMark { line, column, span: Span { start, end }, severity: f.severity, message: format!("{} ({})", f.message, f.rule), lint: true });
        }
    }
    for d in &r.diagnostics {
        out.push(EditorMark { line: d.line, column: d.column, span: d.span, severity: d.severity, message: d.message.clone(), lint: false });
    }
    out
}

/// The migration tab's own editor state (lives while the app does, so it survives tab switches).
#[derive(Clone, Copy)]
struct Mig {
    textarea: NodeRef<Textarea>,
    reveal: RwSignal<Option<crate::state::Reveal>>,
    /// The tab's own editor (not the read-only embed): its cards can apply safe versions.
    editable: bool,
}

/// A check from the engine worker, with the script it was made for and its editor marks.
#[derive(Debug, PartialEq)]
struct CheckView {
    /// The script this check is of (a newer one may be in the editor while the worker works).
    text: String,
    report: Arc<MigrationReport>,
    checked: Checked,
    marks: Arc<Vec<EditorMark>>,
}

/// A plan from the engine worker.
#[derive(Debug, PartialEq)]
struct PlanData {
    plan: Plan,
    up: String,
    baseline_errors: usize,
}

/// The view settings and the engine's check of `checked` against the baseline (when set) or the
/// current schema; shared by the app's tab and the read-only embed.
#[derive(Clone, Copy)]
struct Checker {
    pg_version: Memo<u32>,
    in_tx: Memo<bool>,
    plan_view: Memo<bool>,
    has_baseline: Memo<bool>,
    check: Remote<CheckView>,
}

fn checker(state: AppState, checked: RwSignal<String>) -> Checker {
    let pg_version = Memo::new(move |_| state.option(OPT_PG).and_then(|v| v.parse::<u32>().ok()).filter(|v| PG_VERSIONS.contains(v)).unwrap_or(18));
    let in_tx = Memo::new(move |_| state.option(OPT_TX).as_deref() != Some("off"));
    let plan_view = Memo::new(move |_| state.option(OPT_VIEW).as_deref() == Some("plan"));
    let has_baseline = Memo::new(move |_| state.baseline.with(|b| !b.is_empty()));
    let check = Remote::new(
        move || {
            let options = CheckOptions { pg_version: pg_version.get(), in_transaction: in_tx.get(), ..Default::default() };
            let schema = match has_baseline.get() {
                true => Source::new(state.baseline.get(), state.dialect.get()),
                false => state.source(),
            };
            let migration = checked.get();
            Some((migration.clone(), Request::Check { schema, migration, options }))
        },
        |text, reply| {
            let Reply::Checked(checked) = reply else { return None };
            let report = checked.report();
            let marks = Arc::new(report_marks(&text, &report));
            Some(CheckView { text, report: Arc::new(report), checked, marks })
        },
    );
    Checker { pg_version, in_tx, plan_view, has_baseline, check }
}

#[component]
pub fn Migration() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mig = Mig { textarea: NodeRef::new(), reveal: RwSignal::new(None), editable: true };

    // The text the checker sees: the editor's text, after a pause for large scripts.
    let checked = RwSignal::new(state.migration_text.get_untracked());
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let text = state.migration_text.get();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if text.len() > IMMEDIATE_CHECK_BYTES {
            pending.set_value(set_timeout_with_handle(move || checked.set(state.migration_text.get_untracked()), CHECK_DEBOUNCE).ok());
        } else {
            pending.set_value(None);
            if checked.with_untracked(|c| *c != text) {
                checked.set(text);
            }
        }
    });
    on_cleanup(move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
    });
    let c = checker(state, checked);
    let marks = Memo::new(move |_| c.check.outcome.with(|o| if let Outcome::Ready(v) = o { v.marks.clone() } else { Arc::default() }));
    let on_edit = Callback::new(move |t: String| state.migration_text.set(t));
    view! {
        <div class="migration" data-dialect=move || state.dialect.get().id()>
            <Settings c=c />
            <div class="mig-body">
                <div class="mig-editor">
                    <CodeEditor
                        text=state.migration_text
                        replaced=state.migration_replaced
                        marks=marks
                        on_edit=on_edit
                        textarea=mig.textarea
                        reveal=mig.reveal
                        label=MIGRATION_EDITOR
                        hint_id="mig-editor-hint"
                    />
                </div>
                <Side c=c mig=mig />
            </div>
        </div>
    }
}

/// The migration view of a docs embed: the link's script, read-only, and its check or plan.
#[component]
pub fn MigrationEmbed() -> impl IntoView {
    let state = expect_context::<AppState>();
    let mig = Mig { textarea: NodeRef::new(), reveal: RwSignal::new(None), editable: false };
    let checked = RwSignal::new(state.migration_text.get_untracked());
    Effect::new(move |_| checked.set(state.migration_text.get()));
    let c = checker(state, checked);
    let script = Memo::new(move |_| {
        let (text, dialect) = (state.migration_text.get(), state.dialect.get());
        crate::guard::run(move || crate::codegen_view::highlighted(&text, dialect)).ok()
    });
    view! {
        <div class="migration" data-dialect=move || state.dialect.get().id()>
            <Settings c=c />
            <div class="mig-body">
                <div class="mig-editor mig-readonly">
                    {move || match script.get() {
                        Some(html) => view! { <pre class="code-text highlighted mig-script" inner_html=html></pre> }.into_any(),
                        None => view! { <pre class="code-text mig-script">{move || state.migration_text.get()}</pre> }.into_any(),
                    }}
                </div>
                <Side c=c mig=mig />
            </div>
        </div>
    }
}

/// PostgreSQL version, the transaction toggle, and the Check / Plan switch.
#[component]
fn Settings(c: Checker) -> impl IntoView {
    let state = expect_context::<AppState>();
    let set_view = move |plan: bool| state.set_option(OPT_VIEW, plan.then(|| "plan".to_string()));
    view! {
        <div class="mig-settings">
            <Show when=move || state.dialect.get() == Dialect::Postgres>
                <label class="field">
                    <span class="field-label">"PostgreSQL"</span>
                    <select
                        class="pg-version"
                        aria-label="PostgreSQL version"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.set_option(OPT_PG, (v != "18").then_some(v));
                        }
                        prop:value=move || c.pg_version.get().to_string()
                    >
                        {PG_VERSIONS.iter().map(|v| view! { <option value=v.to_string()>{if *v == 18 { format!("{v} (current stable)") } else { v.to_string() }}</option> }).collect_view()}
                    </select>
                </label>
            </Show>
            <label class="field mig-tx" title="Migration tools (Rails, Django, Flyway, Prisma, ...) wrap each migration in one transaction">
                <input
                    type="checkbox"
                    class="tx-toggle"
                    prop:checked=move || c.in_tx.get()
                    on:change=move |ev| state.set_option(OPT_TX, (!event_target_checked(&ev)).then(|| "off".to_string()))
                />
                <span>"Each migration runs in a transaction"</span>
            </label>
            <Show when=move || state.dialect.get() == Dialect::Postgres>
                <p class="mig-defaults">
                    "Defaults: PostgreSQL 18 (the current release) and one transaction per migration, as Prisma, Rails, Flyway, dbmate, sqlx, diesel and golang-migrate run them. squawk assumes PostgreSQL 15 and no transaction. Safe versions are written for these settings."
                </p>
            </Show>
            <span class="spacer"></span>
            <div class="mig-switch" role="group" aria-label="Migration view">
                <button class="btn btn-small view-check" class:active=move || !c.plan_view.get() on:click=move |_| set_view(false)>"Check script"</button>
                <button class="btn btn-small view-plan" class:active=move || c.plan_view.get() on:click=move |_| set_view(true)>"Plan from baseline"</button>
            </div>
        </div>
    }
}

/// The cards of the check, or the plan.
#[component]
fn Side(c: Checker, mig: Mig) -> impl IntoView {
    let ready = Memo::new(move |_| c.check.outcome.with(|o| matches!(o, Outcome::Ready(_))));
    view! {
        <div class="mig-side">
            {move || {
                if c.plan_view.get() {
                    view! { <PlanView has_baseline=c.has_baseline pg_version=c.pg_version /> }.into_any()
                } else if !ready.get() {
                    c.check.outcome.with(|o| notice(o, "the migration check")).unwrap_or_else(|| ().into_any())
                } else {
                    view! { <Cards check=c.check mig=mig has_baseline=c.has_baseline /> }.into_any()
                }
            }}
        </div>
    }
}

pub(crate) fn lock_class(m: migrate::LockMode) -> &'static str {
    use migrate::LockMode::*;
    match m {
        AccessExclusive | Exclusive => "lock-strong",
        ShareRowExclusive | Share => "lock-writes",
        _ => "lock-weak",
    }
}

fn first_line(sql: &str) -> String {
    let l = sql.lines().next().unwrap_or("");
    if sql.lines().nth(1).is_some() {
        format!("{l} …")
    } else {
        l.to_string()
    }
}

/// Replaces `range` of the checked script with `replacement` through the migration textarea (see
/// `toast::replace`: one undo step, the changed lines shown, a toast saying `what` with Undo); when
/// the textarea is not there, sets `fallback` (the whole new text) without undo. False when the check is stale (the editor holds newer text than the
/// script the engine checked).
fn edit_migration(state: AppState, mig: Mig, checked: &str, what: String, edit: impl FnOnce(&str) -> Option<((usize, usize), String, String)>) -> bool {
    let text = state.migration_text.get_untracked();
    if text != checked {
        return false;
    }
    let Some((range, replacement, fallback)) = edit(&text) else { return false };
    let set_text: crate::toast::SetText = std::sync::Arc::new(move |t: String| state.migration_text.set(t));
    match crate::toast::replace(MIGRATION_EDITOR, mig.textarea, set_text, &text, range.0, range.1, &replacement) {
        Some(change) => crate::toast::show(what, Some(change)),
        None => {
            state.replace_migration(fallback);
            crate::toast::show(what, None);
        }
    }
    true
}

/// Replaces one statement with its safe version (Ctrl+Z undoes it).
fn apply_statement(state: AppState, mig: Mig, checked: &str, s: &StatementReport) -> bool {
    let what = format!("Replaced line {} with its safe version", s.line);
    edit_migration(state, mig, checked, what, |text| {
        let safe = s.safe_version()?;
        let range = replace_range(text, s, &safe)?;
        Some((range, safe.trim_end().to_string(), apply_safe_version(text, s)?))
    })
}

/// Replaces every statement that has a safe version with it, as one edit (Ctrl+Z undoes it).
fn apply_all_statements(state: AppState, mig: Mig, checked: &str, report: &MigrationReport) -> bool {
    let n = report.statements.iter().filter(|s| s.safe_version().is_some()).count();
    let what = format!("Replaced {} with {}", schemaplay_core::lint::triage::count_of(n, "statement"), if n == 1 { "its safe version" } else { "their safe versions" });
    edit_migration(state, mig, checked, what, |text| {
        let new_text = migrate::apply_safe_versions(text, report);
        Some(((0, text.len()), new_text.clone(), new_text))
    })
}

/// The migration editor's label (the toast highlights changed lines in it).
const MIGRATION_EDITOR: &str = "Migration SQL";

const STALE: &str = "The script changed since it was checked; try again in a moment.";

#[component]
fn Cards(check: Remote<CheckView>, mig: Mig, has_baseline: Memo<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = Memo::new(move |_| check.outcome.with(|o| if let Outcome::Ready(v) = o { Some(v.clone()) } else { None }));
    let report = Memo::new(move |_| view.with(|v| v.as_ref().map(|v| v.report.clone()).unwrap_or_default()));
    let summary = move || {
        report.with(|r| {
            let n = r.statements.len();
            let f = r.findings().count();
            format!(
                "{n} statement{} · {f} finding{} · checked against {}",
                if n == 1 { "" } else { "s" },
                if f == 1 { "" } else { "s" },
                if has_baseline.get() { "the baseline schema" } else { "the current schema" }
            )
        })
    };
    let dialect_note = move || match state.dialect.get() {
        Dialect::Postgres => None,
        Dialect::Mysql => Some("MySQL: each card shows the cheapest online-DDL algorithm the server can use (INSTANT, INPLACE or COPY). DDL commits implicitly, so a migration is never one transaction."),
        Dialect::Sqlite => Some("SQLite: a schema change locks the whole database file for writes while it runs; changes ALTER TABLE cannot make need a table rebuild (create, copy, drop, rename)."),
    };
    let restore = move |_| {
        if let Some(text) = state.migration_set_aside.get_untracked() {
            state.replace_migration(text);
            state.migration_set_aside.set(None);
        }
    };
    let safe_count = move || report.with(|r| r.statements.iter().filter(|s| s.safe_version().is_some()).count());
    let all_failed = RwSignal::new(false);
    let apply_all = move |_| {
        let ok = view.with_untracked(|v| v.as_ref().is_some_and(|v| apply_all_statements(state, mig, &v.text, &v.report)));
        all_failed.set(!ok);
    };
    view! {
        <div class="mig-cards-wrap">
            <Show when=move || mig.editable && state.migration_set_aside.with(Option::is_some)>
                <p class="mig-note mig-set-aside" role="status">
                    "The plan replaced your script in the editor. "
                    <button class="btn btn-small restore-script" on:click=restore>"Restore your script"</button>
                </p>
            </Show>
            <p class="mig-summary">{summary}</p>
            <Show when=move || { mig.editable && safe_count() > 1 }>
                <button class="btn btn-small apply-all-safe" on:click=apply_all title="Replace every statement that has a safe version with it (Ctrl+Z undoes it)">
                    {move || format!("Apply all {} safe versions", safe_count())}
                </button>
                {move || all_failed.get().then(|| view! { <p class="mig-stale" role="status">{STALE}</p> })}
            </Show>
            {move || dialect_note().map(|n| view! { <p class="mig-note">{n}</p> })}
            {move || {
                report.with(|r| {
                    (!r.diagnostics.is_empty()).then(|| {
                        view! {
                            <ul class="mig-diagnostics">
                                {r.diagnostics.iter().map(|d| view! { <li class=format!("sev-{}", d.severity.id())>{format!("Line {}: {}", d.line, d.message)}</li> }).collect_view()}
                            </ul>
                        }
                    })
                })
            }}
            <Show when=move || report.with(|r| r.statements.is_empty())>
                <p class="empty mig-empty">"Type or paste a migration (ALTER TABLE, CREATE INDEX, …) in the editor above: each statement gets a card with the lock it takes and what could go wrong."</p>
            </Show>
            <ol class="mig-cards">
                {move || {
                    let Some(v) = view.get() else { return Vec::new() };
                    v.report.statements.iter().cloned().map(|s| view! { <Card s=s help=v.clone() mig=mig /> }).collect::<Vec<_>>()
                }}
            </ol>
        </div>
    }
}

/// The chips of a statement: its locks, rewrite/scan, MySQL algorithm, new table.
fn chips(s: &StatementReport, dialect: Dialect) -> Vec<AnyView> {
    let table = s.table.clone().unwrap_or_default();
    let mut chips = Vec::new();
    if let Some(l) = s.lock {
        let on = if table.is_empty() { String::new() } else { format!(" on {table}") };
        chips.push(view! { <span class=format!("chip mig-lock {}", lock_class(l)) title=l.blocks() data-lock=l.name()>{format!("{}{on}", l.name())}</span> }.into_any());
    }
    for (t, l) in &s.other_locks {
        chips.push(view! { <span class=format!("chip mig-lock {}", lock_class(*l)) title=l.blocks() data-lock=l.name()>{format!("{} on {t}", l.name())}</span> }.into_any());
    }
    if s.rewrites_table {
        chips.push(view! { <span class="chip chip-rewrite">"rewrites table"</span> }.into_any());
    } else if s.scans_table {
        chips.push(view! { <span class="chip chip-scan">"scans table"</span> }.into_any());
    }
    if let Some(a) = s.mysql_algorithm {
        chips.push(view! { <span class=format!("chip chip-algo algo-{}", a.name().to_ascii_lowercase())>{format!("ALGORITHM={}", a.name())}</span> }.into_any());
    }
    if s.new_table {
        chips.push(view! { <span class="chip chip-new">"new table (empty)"</span> }.into_any());
    }
    if chips.is_empty() && dialect == Dialect::Postgres {
        chips.push(view! { <span class="chip chip-nolock">"no table lock"</span> }.into_any());
    }
    chips
}

/// One finding: severity, message, and the rule's documentation (its `RuleDoc`, as the engine
/// worker sends it with the check: the same text the rule catalogue and `schemaplay rules` show).
fn finding_item(f: &migrate::MigrationFinding, help: &CheckView) -> impl IntoView {
    let meta = help.checked.rule(f.rule).cloned();
    view! {
        <li class=format!("mig-finding sev-{}", f.severity.id()) data-rule=f.rule>
            <div class="mig-finding-head">
                <span class=format!("sev-pill sev-{}", f.severity.id())>{f.severity.id()}</span>
                <span class="msg">{f.message.clone()}</span>
            </div>
            <details class="mig-rule-doc">
                <summary class="rule-link">{f.rule}</summary>
                {meta.map(|m| view! {
                    <p class="rule-summary">{m.summary}</p>
                    <p><strong>"Why: "</strong>{m.why}</p>
                    <p><strong>"Fix: "</strong>{m.fix}</p>
                })}
            </details>
        </li>
    }
}

/// The statement's one safe version (every finding's proposal merged), with Copy and, in the
/// tab's own editor, Apply.
#[component]
fn SafeVersion(s: Arc<StatementReport>, text: String, help: Arc<CheckView>, mig: Mig) -> impl IntoView {
    let state = expect_context::<AppState>();
    let copied = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let text = StoredValue::new(text);
    let apply = move |_| failed.set(!apply_statement(state, mig, &help.text, &s));
    view! {
        <div class="mig-safe">
            <div class="mig-safe-head">
                <span class="mig-safe-title">"Safe version"</span>
                <button class="btn btn-small copy-safe" on:click=move |_| {
                    let ok = text.with_value(|a| copy_text(a));
                    copied.set(ok);
                    if ok {
                        set_timeout(move || copied.set(false), Duration::from_millis(1500));
                    }
                }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                {mig.editable.then(move || view! {
                    <button class="btn btn-small apply-safe" title="Replace the statement with this (Ctrl+Z undoes it)" on:click=apply>
                        "Apply safe version"
                    </button>
                })}
            </div>
            {move || failed.get().then(|| view! { <p class="mig-stale" role="status">{STALE}</p> })}
            <pre class="mig-safe-sql"><code>{text.get_value()}</code></pre>
        </div>
    }
}

#[component]
fn Card(s: StatementReport, help: Arc<CheckView>, mig: Mig) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worst = s.findings.iter().map(|f| f.severity).max();
    let line = s.line;
    let reveal = move |_| {
        let seq = mig.reveal.get_untracked().map_or(0, |r| r.seq + 1);
        mig.reveal.set(Some(crate::state::Reveal { line, column: 1, seq }));
    };
    let chips = chips(&s, state.dialect.get_untracked());
    let findings = s.findings.iter().map(|f| finding_item(f, &help)).collect_view();
    let safe = s.safe_version();
    let s = Arc::new(s);
    view! {
        <li class=format!("mig-card sev-{}", worst.map_or("none", Severity::id)) data-line=line>
            <div class="mig-card-head">
                <button class="mig-goto loc" on:click=reveal title="Show in the migration editor">{format!("line {line}")}</button>
                <code class="mig-first-line">{first_line(&s.sql)}</code>
            </div>
            <div class="mig-chips">{chips}</div>
            {(!s.findings.is_empty()).then(|| view! { <ul class="mig-findings">{findings}</ul> })}
            {safe.map(|text| view! { <SafeVersion s=s.clone() text=text help=help.clone() mig=mig /> })}
        </li>
    }
}

/// A text block with Copy and Download.
#[component]
fn SqlBlock(class: &'static str, file: &'static str, text: Signal<String>) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_download = move |ev: leptos::ev::MouseEvent| {
        if let Some(a) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = a.set_attribute("href", &text.with_untracked(|t| data_url(t)));
        }
    };
    view! {
        <div class=format!("plan-actions {class}-actions")>
            <button class=format!("btn btn-small copy-{class}") on:click=move |_| {
                let ok = text.with_untracked(|t| copy_text(t));
                copied.set(ok);
                if ok {
                    set_timeout(move || copied.set(false), Duration::from_millis(1500));
                }
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
            <a class=format!("btn btn-small download-{class}") href="#" download=file on:click=on_download>{format!("Download {file}")}</a>
        </div>
    }
}

#[component]
fn PlanView(has_baseline: Memo<bool>, pg_version: Memo<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let safe = Memo::new(move |_| state.option(OPT_PLAN).as_deref() != Some("direct"));
    let answers = Memo::new(move |_| state.option(OPT_RENAMES).map(|s| RenameAnswer::parse_list(&s)).unwrap_or_default());
    let plan = Remote::new(
        move || {
            if !has_baseline.get() {
                return None;
            }
            let baseline = Source::new(state.baseline.get(), state.dialect.get());
            let options = DiffOptions { renames: answers.get(), safe: safe.get(), pg_version: pg_version.get() };
            Some(((), Request::Plan { baseline, current: state.source(), options }))
        },
        |(), reply| match reply {
            Reply::Planned(p) => Some(PlanData { plan: p.plan(), up: p.up.clone(), baseline_errors: p.baseline_errors }),
            _ => None,
        },
    );
    // Baseline → current in the colours of the History view's diagram (changed tables only). The
    // baseline is read here, by the page's SQL importer (the plan itself comes from the worker).
    // The baseline is read once per baseline text, not on every edit of the current schema.
    let base = Memo::new(move |_| {
        let dialect = state.dialect.get();
        state.baseline.with(|b| (!b.is_empty()).then(|| Arc::new(schemaplay_core::parse::parse(b, dialect).schema)))
    });
    let changes = Memo::new(move |_| {
        if !has_baseline.get() {
            return None;
        }
        let base = base.get()?;
        let theme = crate::diagram::svg_theme(state.theme.get());
        state.analysis.with(|a| crate::history::changes_svg(&base, &a.schema, theme))
    });
    let set_baseline = move |_| state.baseline.set(state.text.get_untracked());
    let answer = move |q: &schemaplay_core::migrate::diff::RenameQuestion, yes: bool| {
        let mut all = answers.get_untracked();
        all.retain(|a| !(a.kind == q.kind && a.table == q.table && a.from == q.from && a.to == q.to));
        all.push(RenameAnswer { kind: q.kind, table: q.table.clone(), from: q.from.clone(), to: q.to.clone(), is_rename: yes });
        state.set_option(OPT_RENAMES, Some(RenameAnswer::write_list(&all)));
    };
    let ready = move || plan.outcome.with(|o| if let Outcome::Ready(p) = o { Some(p.clone()) } else { None });
    let up = Signal::derive(move || ready().map(|p| p.up.clone()).unwrap_or_default());
    let down = Signal::derive(move || ready().map(|p| p.plan.down.clone()).unwrap_or_default());
    // The plan goes into the migration editor; the person's own script is set aside, one click
    // from coming back (not overwritten: a second plan check keeps the first script).
    let check_plan = move |_| {
        let plan = up.get_untracked();
        let mine = state.migration_text.get_untracked();
        if !mine.trim().is_empty() && mine != plan && state.migration_set_aside.with_untracked(Option::is_none) {
            state.migration_set_aside.set(Some(mine));
        }
        state.replace_migration(plan);
        state.set_option(OPT_VIEW, None);
    };
    view! {
        <div class="plan-view">
            <div class="plan-toolbar">
                <button class="btn btn-small set-baseline" on:click=set_baseline title="Freeze the current schema; edits then show the migration from it">
                    {move || if has_baseline.get() { "Move baseline to current schema" } else { "Set as baseline" }}
                </button>
                <Show when=move || has_baseline.get()>
                    <button class="btn btn-small clear-baseline" on:click=move |_| state.baseline.set(String::new())>"Clear baseline"</button>
                    <label class="field">
                        <span class="field-label">"Plan"</span>
                        <select class="plan-mode" aria-label="Plan style" prop:value=move || if safe.get() { "safe" } else { "direct" }
                            on:change=move |ev| state.set_option(OPT_PLAN, (event_target_value(&ev) == "direct").then(|| "direct".to_string()))>
                            <option value="safe">"Safe phased plan"</option>
                            <option value="direct">"Direct statements"</option>
                        </select>
                    </label>
                </Show>
            </div>
            {move || {
                if !has_baseline.get() {
                    return view! {
                        <p class="empty plan-empty">"\"Set as baseline\" freezes the current schema (say, what is in production). Then edit the schema: this view shows the migration from the baseline to your edits, forward and rollback, with unsafe steps replaced by phased safe plans."</p>
                    }.into_any();
                }
                match ready() {
                    Some(p) => render_plan(&p.plan, p.baseline_errors, answer, up, down, check_plan).into_any(),
                    None => plan.outcome.with(|o| notice(o, "the migration plan")).unwrap_or_else(|| ().into_any()),
                }
            }}
            {move || changes.get().map(|svg| view! {
                <section class="plan-changes-diagram">
                    <h3 class="plan-h">"Diagram of the changes"</h3>
                    <div class="plan-diagram" inner_html=svg></div>
                </section>
            })}
        </div>
    }
}

fn render_plan(
    p: &Plan,
    base_errors: usize,
    answer: impl Fn(&schemaplay_core::migrate::diff::RenameQuestion, bool) + Copy + Send + Sync + 'static,
    up: Signal<String>,
    down: Signal<String>,
    check_plan: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    if p.is_empty() {
        return view! {
            <div class="plan">
                {(base_errors > 0).then(|| view! { <p class="mig-note plan-base-errors">{format!("The baseline has {base_errors} parse error(s); the plan only sees what parsed.")}</p> })}
                <p class="empty plan-nochange">"No changes since the baseline: edit the schema to see the migration."</p>
            </div>
        }
        .into_any();
    }
    let questions = p
        .questions
        .iter()
        .map(|q| {
            let what = match q.kind {
                RenameKind::Table => format!("table {} → {}", q.from, q.to),
                RenameKind::Column => format!("column {}.{} → {}", q.table, q.from, q.to),
            };
            let q2 = q.clone();
            view! {
                <li class="rename-q">
                    <label>
                        <input type="checkbox" class="rename-toggle" prop:checked=q.assumed on:change=move |ev| answer(&q2, event_target_checked(&ev)) />
                        {format!("Rename {what}? (unchecked: drop and add)")}
                    </label>
                </li>
            }
        })
        .collect_view();
    let phases = p
        .phases
        .iter()
        .map(|ph| {
            view! {
                <section class="plan-phase" class:nontx=!ph.transactional data-transactional=ph.transactional.to_string()>
                    <h4 class="phase-title">
                        // The engine's title is numbered already ("Phase 1 — …").
                        {ph.title.clone()}
                        {(!ph.transactional).then(|| view! { <span class="chip chip-nontx">"not in a transaction"</span> })}
                    </h4>
                    <pre class="phase-sql"><code>{ph.sql.clone()}</code></pre>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="plan">
            {(base_errors > 0).then(|| view! { <p class="mig-note plan-base-errors">{format!("The baseline has {base_errors} parse error(s); the plan only sees what parsed.")}</p> })}
            <h3 class="plan-h">"Changes"</h3>
            <ul class="plan-changes">
                {p.changes.iter().map(|c| view! { <li class:phased=c.phased>{c.text.clone()}{c.phased.then(|| view! { <span class="chip chip-phased">"phased"</span> })}</li> }).collect_view()}
            </ul>
            {(!p.questions.is_empty()).then(|| view! { <h3 class="plan-h">"Renames?"</h3><ul class="rename-questions">{questions}</ul> })}
            {(!p.warnings.is_empty()).then(|| view! { <ul class="plan-warnings">{p.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul> })}
            <h3 class="plan-h">"Forward (up)"</h3>
            <SqlBlock class="up" file="migration.up.sql" text=up />
            <button class="btn btn-small check-plan" on:click=check_plan>"Check this plan"</button>
            <div class="plan-phases">{phases}</div>
            <h3 class="plan-h">"Rollback (down)"</h3>
            <SqlBlock class="down" file="migration.down.sql" text=down />
            <pre class="plan-down"><code>{p.down.clone()}</code></pre>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_round_trip_through_the_option_text() {
        let a = vec![
            RenameAnswer { kind: RenameKind::Column, table: "users".into(), from: "name".into(), to: "full_name".into(), is_rename: true },
            RenameAnswer { kind: RenameKind::Table, table: String::new(), from: "a".into(), to: "b".into(), is_rename: false },
        ];
        assert_eq!(RenameAnswer::parse_list(&RenameAnswer::write_list(&a)), a);
        // identifiers may hold the separators (and the escape character)
        let odd = vec![RenameAnswer { kind: RenameKind::Column, table: "a:b;c".into(), from: "x=1%3A".into(), to: "y;=:%".into(), is_rename: true }];
        assert_eq!(RenameAnswer::parse_list(&RenameAnswer::write_list(&odd)), odd);
        assert!(RenameAnswer::parse_list("garbage;;x=y").is_empty());
    }
}
