//! The History view: a migration folder — dropped on the view or picked with the folder / files
//! buttons, read in the page and never uploaded — read as its tool reads it, replayed and checked
//! (`schemaplay_core::migrate::folder`), shown as a timeline: per migration its findings and the
//! strongest lock it takes on each existing table. Picking a migration puts the schema after it into
//! the playground: its DDL goes into the editor (your own text is kept, one click brings it back),
//! so the diagram and every code tab show that point, and the diagram colours what the migration
//! changed (`erd::changes`). The history travels in share links.
//!
//! The folder reader, the replay, the checker and the DDL of a point run in the engine worker
//! (`schemaplay_core::remote::history`; `Request::History` / `Request::HistoryPoint`), so none of
//! them is in the page's module and a 500-migration folder never blocks the page; the page shows
//! the [`HistoryView`] that comes back and reads a point's DDL with its own importer.

use crate::engine::{self, Failure, Reply, Request};
use crate::state::{AppState, Tab};
use leptos::prelude::*;
use schemaplay_core::erd::{self, ErdGraph};
use schemaplay_core::migrate::folder::{self, lock_summary};
use schemaplay_core::migrate::CheckOptions;
use schemaplay_core::remote::history::HistoryRow;
use schemaplay_core::remote::HistoryView;
use schemaplay_core::{Dialect, Schema, Severity};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::prelude::*;

/// The view option holding the picked point (the number of migrations applied), so links keep it.
const OPT_AT: &str = "history.at";

/// What a history is made of, as links carry it: the folder's name and its files in order (the
/// engine's request carries the same).
pub type HistoryInput = schemaplay_core::remote::Folder;

/// The History view's state; one per app ([`AppState::history`]), so work and results survive
/// tab switches.
#[derive(Clone, Copy)]
pub struct HistoryState {
    pub input: RwSignal<Arc<HistoryInput>>,
    /// The folder read and checked (when the check is done).
    pub report: RwSignal<Option<Arc<HistoryView>>>,
    /// A check under way: how many files it reads.
    pub progress: RwSignal<Option<usize>>,
    /// The engine could not answer the last check or pick (not loaded, or it panicked).
    pub failed: RwSignal<Option<Failure>>,
    /// The point on screen: how many migrations are applied.
    pub point: RwSignal<Option<usize>>,
    /// The diagram colours what changed since this graph (the point's previous migration).
    pub compare_to: RwSignal<Option<Arc<ErdGraph>>>,
    /// Files being read from the disk.
    pub reading: RwSignal<bool>,
    /// Files the browser could not read (name: why), from the last drop or pick.
    pub unreadable: RwSignal<Vec<String>>,
    /// The editor's own text and dialect from before the first pick.
    saved: RwSignal<Option<(String, Dialect)>>,
    /// Bumped for each new check or pick, so a slice of a superseded one stops.
    seq: StoredValue<u64>,
}

impl HistoryState {
    pub fn new() -> HistoryState {
        HistoryState {
            input: RwSignal::new(Arc::new(HistoryInput::default())),
            report: RwSignal::new(None),
            progress: RwSignal::new(None),
            failed: RwSignal::new(None),
            point: RwSignal::new(None),
            compare_to: RwSignal::new(None),
            reading: RwSignal::new(false),
            unreadable: RwSignal::new(Vec::new()),
            saved: RwSignal::new(None),
            seq: StoredValue::new(0),
        }
    }

    fn next_seq(&self) -> u64 {
        let n = self.seq.get_value() + 1;
        self.seq.set_value(n);
        n
    }

    /// A history from a link or a draft (empty: none). The point it names is picked once checked.
    pub fn open(&self, state: AppState, name: String, files: Vec<(String, String)>) {
        let input = Arc::new(HistoryInput { name, files });
        if self.input.with_untracked(|i| **i == *input) {
            return;
        }
        self.input.set(input);
        self.saved.set(None);
        self.compare_to.set(None);
        self.start_check(state, true);
    }

    /// Files the person dropped or picked: they replace the history on screen.
    pub fn load(&self, state: AppState, name: String, files: Vec<(String, String)>) {
        self.input.set(Arc::new(HistoryInput { name, files }));
        state.set_option(OPT_AT, None);
        self.point.set(None);
        self.compare_to.set(None);
        self.start_check(state, false);
    }

    /// Has the engine read and check the history; then, for a link, picks the point it named.
    fn start_check(&self, state: AppState, restore_point: bool) {
        let seq = self.next_seq();
        self.report.set(None);
        self.failed.set(None);
        let input = self.input.get_untracked();
        if input.files.is_empty() {
            self.progress.set(None);
            self.point.set(None);
            return;
        }
        let options = CheckOptions { pg_version: state.option("migration.pg_version").and_then(|v| v.parse().ok()).unwrap_or(18), ..Default::default() };
        self.progress.set(Some(input.files.len()));
        let h = *self;
        engine::call(Request::History { folder: (*input).clone(), options }, move |answer| {
            if h.seq.try_get_value() != Some(seq) {
                return;
            }
            h.progress.set(None);
            match answer {
                Ok(Reply::History(view)) => {
                    h.report.set(Some(Arc::new(view)));
                    let at = restore_point.then(|| state.option(OPT_AT).and_then(|v| v.parse::<usize>().ok())).flatten();
                    if let Some(n) = at {
                        h.pick(state, n);
                    }
                }
                Ok(_) => h.failed.set(Some(Failure::Crash("the engine answered another question".into()))),
                Err(f) => h.failed.set(Some(f)),
            }
        });
    }

    /// Puts the schema after the first `n` migrations into the playground (see the module doc).
    pub fn pick(&self, state: AppState, n: usize) {
        let Some(report) = self.report.get_untracked() else { return };
        if !report.rows.iter().any(|r| r.n == n) {
            return;
        }
        let seq = self.next_seq();
        self.point.set(Some(n));
        self.failed.set(None);
        state.set_option(OPT_AT, Some(n.to_string()));
        let h = *self;
        engine::call(Request::HistoryPoint { folder: (*self.input.get_untracked()).clone(), n }, move |answer| {
            if h.seq.try_get_value() != Some(seq) {
                return;
            }
            match answer {
                // One task each: the previous point's graph (the editor's own reading of its
                // DDL, so only real changes are coloured), the editor taking the new point (its
                // own analysis then runs as for any text).
                Ok(Reply::HistoryPoint(p)) => then(h, seq, move || {
                    let before_graph = graph_of(&p.before, p.dialect);
                    then(h, seq, move || {
                        if h.saved.with_untracked(Option::is_none) {
                            h.saved.set(Some((state.text.get_untracked(), state.dialect.get_untracked())));
                        }
                        h.compare_to.set(Some(Arc::new(before_graph)));
                        mark("schemaplay:history-point");
                        state.replace_text(p.after, p.dialect);
                    });
                }),
                Ok(_) => h.failed.set(Some(Failure::Crash("the engine answered another question".into()))),
                Err(f) => h.failed.set(Some(f)),
            }
        });
    }

    /// After a failure: load the engine again if needed, and check the history again (the
    /// picked point is picked again).
    fn retry(&self, state: AppState) {
        engine::retry();
        self.start_check(state, true);
    }

    /// Back to the person's own schema text; the diagram is no longer coloured.
    pub fn leave(&self, state: AppState) {
        self.next_seq();
        self.point.set(None);
        self.compare_to.set(None);
        state.set_option(OPT_AT, None);
        if let Some((text, dialect)) = self.saved.get_untracked() {
            self.saved.set(None);
            state.replace_text(text, dialect);
        }
    }

    /// Forgets the history (and leaves its point).
    pub fn clear(&self, state: AppState) {
        self.leave(state);
        self.input.set(Arc::new(HistoryInput::default()));
        self.report.set(None);
        self.progress.set(None);
    }
}

impl Default for HistoryState {
    fn default() -> Self {
        Self::new()
    }
}

/// The diagram graph the editor's analysis makes of `code`.
fn graph_of(code: &str, dialect: Dialect) -> ErdGraph {
    erd::from_schema(&schemaplay_core::parse::parse(code, dialect).schema)
}

/// The changed tables of `after` against `before` (and the tables their changed relations
/// reach), coloured, as a self-contained SVG; `None` when nothing a diagram shows changed.
pub(crate) fn changes_svg(before: &Schema, after: &Schema, theme: erd::Theme) -> Option<String> {
    let g = erd::changes::changed_only(&erd::changes::marked(&erd::from_schema(after), &erd::from_schema(before)));
    if g.tables.is_empty() {
        return None;
    }
    let layout = erd::layout(&g, &Default::default());
    Some(erd::render_svg(&g, &layout, &erd::SvgOptions { theme, ..Default::default() }))
}

/// Runs `f` in a task of its own, unless a newer check or pick has started since `seq`.
fn then(h: HistoryState, seq: u64, f: impl FnOnce() + 'static) {
    set_timeout(
        move || {
            if h.seq.try_get_value() == Some(seq) {
                f();
            }
        },
        Duration::ZERO,
    );
}

// ------------------------------------------------------------------------------------ files

#[wasm_bindgen(inline_js = r#"
const MAX_FILES = 5000, MAX_BYTES = 4 << 20;
function collect(pairs, done, pattern, flags) {
  const keep = new RegExp(pattern, flags);
  const paths = pairs.map(([p]) => p.replace(/^\/+/, ''));
  const top = paths.length ? paths[0].split('/')[0] : '';
  const common = paths.length && paths.every((p) => p.includes('/') && p.split('/')[0] === top) ? top : '';
  const wanted = pairs.map(([p, f], i) => [paths[i], f]).filter(([p]) => keep.test(p)).slice(0, MAX_FILES);
  Promise.all(wanted.map(([p, f]) => (f.size > MAX_BYTES ? Promise.resolve(null) : f.text()).then(
    (t) => [common ? p.slice(common.length + 1) : p, t === null ? null : t, t === null ? 'larger than 4 MB' : null],
    (e) => [common ? p.slice(common.length + 1) : p, null, String(e)],
  ))).then((rs) => done(common, rs), (e) => done(common, [['?', null, String(e)]]));
}
async function walk(entry, out) {
  if (entry.isFile) {
    out.push([entry.fullPath, await new Promise((ok, no) => entry.file(ok, no))]);
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}
export function mark(name) {
  if (globalThis.performance && performance.mark) performance.mark(name);
}
export function read_picked(input, done, pattern, flags) {
  collect([...(input.files || [])].map((f) => [f.webkitRelativePath || f.name, f]), done, pattern, flags);
}
export function read_dropped(ev, done, pattern, flags) {
  const dt = ev.dataTransfer;
  if (!dt) return done('', []);
  const entries = [...(dt.items || [])].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null)).filter(Boolean);
  if (!entries.length) return collect([...(dt.files || [])].map((f) => [f.name, f]), done, pattern, flags);
  const out = [];
  Promise.all(entries.map((e) => walk(e, out))).then(() => collect(out, done, pattern, flags), (e) => done('', [['?', null, String(e)]]));
}
"#)]
extern "C" {
    /// Reads the picked files whose paths match `pattern` (a JavaScript regular expression with
    /// `flags`; a migration folder's: [`folder::wanted_pattern`]) and calls
    /// `done(folder name, [[path, text | null, error | null]])`.
    pub(crate) fn read_picked(input: &web_sys::HtmlInputElement, done: &JsValue, pattern: &str, flags: &str);
    /// [`read_picked`] for a drop (folders are walked).
    pub(crate) fn read_dropped(ev: &web_sys::DragEvent, done: &JsValue, pattern: &str, flags: &str);
    /// A user-timing mark (DevTools' timeline; the e2e test tells the history's work from the
    /// editor's by it).
    fn mark(name: &str);
}

/// The callback the file readers call with (folder name, [[path, text | null, error | null]]).
fn on_files(state: AppState, fallback_name: String) -> JsValue {
    state.history.reading.set(true);
    Closure::once_into_js(move |name: String, rows: js_sys::Array| {
        state.history.reading.set(false);
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        for row in rows.iter() {
            let row: js_sys::Array = row.unchecked_into();
            let path = row.get(0).as_string().unwrap_or_default();
            match row.get(1).as_string() {
                Some(text) => files.push((path, text)),
                None => unreadable.push(format!("{path}: {}", row.get(2).as_string().unwrap_or_default())),
            }
        }
        state.history.unreadable.set(unreadable);
        let name = if name.is_empty() { fallback_name } else { name };
        state.history.load(state, name, files);
    })
}

// ------------------------------------------------------------------------------------ view

#[component]
pub fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let h = state.history;
    let over = RwSignal::new(false);
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        read_dropped(&ev, &on_files(state, "dropped files".into()), &folder::wanted_pattern(), "");
    };
    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            read_picked(&input, &on_files(state, "picked files".into()), &folder::wanted_pattern(), "");
            input.set_value("");
        }
    };
    view! {
        <div class="history">
            <div
                class="hist-drop"
                class:over=move || over.get()
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <p class="hist-drop-text">"Drop a migration folder here, or choose one. The files are read in this page and never uploaded."</p>
                <label class="btn hist-pick-folder">
                    "Choose a folder"
                    <input type="file" class="hist-folder-input" prop:webkitdirectory=true multiple on:change=on_pick />
                </label>
                <label class="btn hist-pick-files">
                    "Choose files"
                    <input type="file" class="hist-files-input" multiple accept=".sql,.toml,.json" on:change=on_pick />
                </label>
                {move || h.reading.get().then(|| view! { <span class="hist-status" role="status">"Reading files…"</span> })}
                {move || h.progress.get().map(|files| view! { <span class="hist-status hist-progress" role="status">{format!("Checking: {files} files read and replayed…")}</span> })}
                {move || h.failed.get().map(|f| view! {
                    <div class="engine-failed hist-failed" role="alert">
                        <p class="engine-failed-text">{engine::failure_text(&f, "the migration history")}</p>
                        <button class="btn btn-small retry-btn" on:click=move |_| h.retry(state)>"Retry"</button>
                    </div>
                })}
                {move || h.unreadable.with(|u| (!u.is_empty()).then(|| view! { <p class="hist-unreadable-files" role="alert">{format!("Could not read: {}", u.join("; "))}</p> }))}
            </div>
            {move || h.report.get().map(|r| view! { <Timeline report=r /> })}
            <Show when=move || h.report.with(Option::is_none) && h.progress.with(Option::is_none) && h.failed.with(Option::is_none) && !h.reading.get()>
                <p class="empty hist-empty">
                    "A migration history (Prisma, drizzle-kit, Diesel, dbmate, Flyway, golang-migrate, sqlx, numbered files, …) is replayed in its tool's order; each migration is checked against the schema the ones before it built. Pick one to see the schema, the diagram and the code at that point."
                </p>
            </Show>
        </div>
    }
}

fn sev_counts(r: &schemaplay_core::migrate::MigrationReport) -> [usize; 3] {
    let mut n = [0; 3];
    for (_, f) in r.findings() {
        n[match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        }] += 1;
    }
    n
}

/// Timeline rows put on the page per task.
const ROW_BATCH: usize = 100;

/// Shows another batch of rows in each task until all `n` are shown (stops if the view is gone).
fn grow_rows(shown: RwSignal<usize>, n: usize) {
    set_timeout(
        move || {
            if let Some(v) = shown.try_get_untracked().filter(|v| *v < n) {
                shown.set((v + ROW_BATCH).min(n));
                grow_rows(shown, n);
            }
        },
        Duration::ZERO,
    );
}

/// One migration of the timeline: its number and name (picking it), findings and locks.
fn row(state: AppState, m: &HistoryRow) -> impl IntoView {
    let h = state.history;
    let n = m.n;
    let [e, w, info] = sev_counts(&m.report);
    let locks = lock_summary(&m.report);
    let lock_text = locks.iter().take(3).map(|(t, l)| format!("{} on {t}", l.name())).collect::<Vec<_>>().join(", ") + if locks.len() > 3 { ", …" } else { "" };
    let strongest = locks.first().map(|(_, l)| *l);
    let name = m.name.clone();
    let unreadable = m.unreadable;
    let tx = m.in_transaction;
    view! {
        <li class="hist-item" class:selected=move || h.point.get() == Some(n) data-index=n data-errors=e data-warnings=w>
            <button class="hist-pick" on:click=move |_| h.pick(state, n) title="Show the schema after this migration">
                <span class="hist-n">{n}</span>
                <span class="hist-name">{name}</span>
            </button>
            <span class="hist-chips">
                {(e > 0).then(|| view! { <span class="sev-pill sev-error">{e}</span> })}
                {(w > 0).then(|| view! { <span class="sev-pill sev-warning">{w}</span> })}
                {(info > 0).then(|| view! { <span class="sev-pill sev-info">{info}</span> })}
                {strongest.map(|l| view! { <span class=format!("chip mig-lock hist-lock {}", crate::migration::lock_class(l)) data-lock=l.name()>{lock_text.clone()}</span> })}
                {(!tx).then(|| view! { <span class="chip chip-nontx">"not in a transaction"</span> })}
                {unreadable.then(|| view! { <span class="chip hist-unreadable">"unreadable"</span> })}
            </span>
        </li>
    }
}

#[component]
fn Timeline(report: Arc<HistoryView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let h = state.history;
    let hist = report.clone();
    let total: [usize; 3] = report.rows.iter().map(|f| sev_counts(&f.report)).fold([0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
    let head = format!(
        "{} · {} · {} migrations · {} from {} · {} errors, {} warnings, {} notes",
        h.input.with_untracked(|i| i.name.clone()),
        hist.layout,
        hist.rows.len(),
        hist.dialect.id(),
        hist.dialect_from,
        total[0],
        total[1],
        total[2]
    );
    let problems = hist.problems.clone();
    // A long history is put on the page a batch of rows per task, so no task builds them all.
    let n = report.rows.len();
    let shown = RwSignal::new(ROW_BATCH.min(n));
    grow_rows(shown, n);
    let batch_report = report.clone();
    let rows = view! {
        <For
            each=move || (0..shown.get()).step_by(ROW_BATCH)
            key=|b| *b
            children=move |b| (b..(b + ROW_BATCH).min(n)).map(|i| row(state, &batch_report.rows[i])).collect_view()
        />
    };
    let detail_report = report.clone();
    view! {
        <div class="hist-report">
            <div class="hist-head">
                <p class="hist-summary">{head}</p>
                <Show when=move || h.point.with(Option::is_some)>
                    <button class="btn btn-small hist-leave" on:click=move |_| h.leave(state)>"Back to your schema"</button>
                </Show>
                <button class="btn btn-small hist-clear" on:click=move |_| h.clear(state)>"Close history"</button>
            </div>
            {(!problems.is_empty()).then(|| view! {
                <ul class="hist-problems">
                    {problems.iter().map(|p| view! { <li class=format!("sev-{}", p.severity.id())>{format!("{}{}", p.path.as_ref().map(|x| format!("{x}: ")).unwrap_or_default(), p.message)}</li> }).collect_view()}
                </ul>
            })}
            <div class="hist-body">
                <ol class="hist-timeline">{rows}</ol>
                {move || h.point.get().map(|n| view! { <Detail report=detail_report.clone() n=n /> })}
            </div>
        </div>
    }
}

/// The picked migration: where the schema is now, its statements with their locks and findings,
/// its down part.
#[component]
fn Detail(report: Arc<HistoryView>, n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(m) = report.rows.iter().find(|r| r.n == n) else { return ().into_any() };
    let statements = m
        .report
        .statements
        .iter()
        .map(|s| {
            let first = s.sql.lines().next().unwrap_or("").to_string();
            let lock = s.lock.map(|l| format!("{} on {}", l.name(), s.table.as_deref().unwrap_or("?")));
            let findings = s
                .findings
                .iter()
                .map(|fi| {
                    view! {
                        <li class=format!("hist-finding sev-{}", fi.severity.id()) data-rule=fi.rule>
                            <span class=format!("sev-pill sev-{}", fi.severity.id())>{fi.severity.id()}</span>
                            <span class="msg">{format!("{} ({})", fi.message, fi.rule)}</span>
                            {fi.safe_alternative.clone().map(|alt| view! { <details class="hist-safe"><summary>"Safe alternative"</summary><pre><code>{alt}</code></pre></details> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="hist-stmt">
                    <code class="hist-line">{format!("line {}: {first}", s.line)}</code>
                    {lock.map(|l| view! { <span class="chip mig-lock">{l}</span> })}
                    {s.new_table.then(|| view! { <span class="chip chip-new">"new table (empty)"</span> })}
                    <ul class="hist-findings">{findings}</ul>
                </li>
            }
        })
        .collect_view();
    let down = m.down.clone();
    let legend = move || {
        state.history.compare_to.get().map(|_| {
            view! {
                <p class="hist-legend">
                    <span class="lg lg-added">"added"</span>
                    <span class="lg lg-altered">"altered"</span>
                    <span class="lg lg-dropped">"dropped"</span>
                    " in the diagram, compared with the schema before this migration. "
                    <button class="btn btn-small hist-show-diagram" on:click=move |_| state.tab.set(Tab::Diagram)>"Show the diagram"</button>
                </p>
            }
        })
    };
    view! {
        <section class="hist-detail" aria-label="Migration">
            <h3 class="hist-detail-title">{format!("{n}. {}", m.path)}</h3>
            <p class="hist-note">"The editor shows the schema after this migration; the diagram and every code tab follow it."</p>
            {legend}
            {(!m.in_transaction).then(|| view! { <p class="mig-note">"Its tool runs it outside a transaction."</p> })}
            {m.report.diagnostics.iter().map(|d| view! { <p class=format!("hist-diag sev-{}", d.severity.id())>{format!("line {}: {}", d.line, d.message)}</p> }).collect_view()}
            <ol class="hist-stmts">{statements}</ol>
            {down.map(|d| view! { <details class="hist-down"><summary>"Down migration"</summary><pre><code>{d}</code></pre></details> })}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_views_diagram_shows_only_what_changed() {
        let p = |s: &str| schemaplay_core::parse::parse(s, Dialect::Postgres).schema;
        let before = p("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);");
        assert_eq!(changes_svg(&before, &before, erd::Theme::Light), None);
        let svg = changes_svg(&before, &p("CREATE TABLE a (id int PRIMARY KEY, n text); CREATE TABLE b (id int PRIMARY KEY);"), erd::Theme::Light).unwrap();
        assert!(svg.contains("data-key=\"a\"") && !svg.contains("data-key=\"b\""), "{svg}");
        assert!(svg.contains("class=\"row chg-added\" data-column=\"n\""));
    }
}
