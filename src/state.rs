//! Playground state: signals for what the person controls and the analysis, `Memo`s for the rest.
//!
//! The editor text is a signal; the engine input is the text after a short debounce for large
//! pastes (typing stays smooth on a 30,000-line schema); the analysis is one signal computed from
//! that input and every panel reads from it. A small input is analysed at once; a large one by an
//! [`AnalysisJob`] in slices of at most [`SLICE`] each, one task apiece, so the page never
//! freezes on a 1,000-table paste (the previous analysis stays on screen meanwhile).

use leptos::html::Textarea;
use leptos::prelude::*;
use schemaplay_core::lint::{Level, LintConfig};
use crate::engine::{Failure, Reply, Request};
use schemaplay_core::parse::input::ddl::Translated;
use schemaplay_core::parse::{recognize, InputKind};
use schemaplay_core::remote::Source;
use schemaplay_core::{Analysis, AnalysisJob, Detection, Dialect, Input};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// Texts up to this size are analysed on every keystroke; larger ones after a pause.
const IMMEDIATE_ANALYSIS_BYTES: usize = 64 * 1024;
const ANALYSIS_DEBOUNCE: Duration = Duration::from_millis(200);
/// Longest stretch of analysis work in one task (checked after each statement and lint rule).
const SLICE: f64 = 24.0;

/// The output tabs, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Diagram,
    Findings,
    Migration,
    History,
    Prisma,
    Drizzle,
    Sql,
    Mermaid,
    Dbml,
    TypeScript,
}

impl Tab {
    pub const ALL: [Tab; 10] = [
        Tab::Diagram,
        Tab::Findings,
        Tab::Migration,
        Tab::History,
        Tab::Prisma,
        Tab::Drizzle,
        Tab::Sql,
        Tab::Mermaid,
        Tab::Dbml,
        Tab::TypeScript,
    ];

    /// The tab an arrow key (or Home/End) moves to in the tab bar (roving tabindex), wrapping.
    pub fn roving(self, key: &str) -> Option<Tab> {
        let n = Tab::ALL.len();
        let at = Tab::ALL.iter().position(|t| *t == self)?;
        let to = match key {
            "ArrowRight" | "ArrowDown" => (at + 1) % n,
            "ArrowLeft" | "ArrowUp" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Tab::ALL[to])
    }

    pub fn id(self) -> &'static str {
        match self {
            Tab::Diagram => "diagram",
            Tab::Findings => "findings",
            Tab::Migration => "migration",
            Tab::History => "history",
            Tab::Prisma => "prisma",
            Tab::Drizzle => "drizzle",
            Tab::Sql => "sql",
            Tab::Mermaid => "mermaid",
            Tab::Dbml => "dbml",
            Tab::TypeScript => "typescript",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Diagram => "Diagram",
            Tab::Findings => "Findings",
            Tab::Migration => "Migration",
            Tab::History => "History",
            Tab::Prisma => "Prisma",
            Tab::Drizzle => "Drizzle",
            Tab::Sql => "SQL",
            Tab::Mermaid => "Mermaid",
            Tab::Dbml => "DBML",
            Tab::TypeScript => "TypeScript",
        }
    }
}

/// Colour scheme: explicit light/dark, or follow the operating system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        [Theme::Light, Theme::Dark, Theme::System].into_iter().find(|t| t.id() == s)
    }

    /// The next theme in the toggle's cycle.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

/// The analysis of the current text panicked (see `guard`): the panels that needed the failed
/// stage show `message` with a Retry button; the editor keeps working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalysisFailure {
    /// The parse failed (nothing of this text is shown), or only the lint did (the schema is).
    pub parse: bool,
    pub message: String,
}

/// A request to move the editor caret to a 1-based line and column (and show it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reveal {
    pub line: usize,
    pub column: usize,
    /// Distinguishes two requests for the same place (a second click must still scroll).
    pub seq: u64,
}

/// Shared state, provided as context to every component.
#[derive(Clone, Copy)]
pub struct AppState {
    /// What is in the editor, updated on every keystroke.
    pub text: RwSignal<String>,
    /// Bumped when the text is replaced from outside the editor (example loaded), so the
    /// textarea knows to take the new value.
    pub text_replaced: RwSignal<u64>,
    pub dialect: RwSignal<Dialect>,
    /// The input language the person chose in the header (`None`: recognised from the text).
    /// Part of the shared state.
    pub kind: RwSignal<Option<InputKind>>,
    /// The language the text is recognised as (what "auto" means right now).
    pub recognized: Memo<InputKind>,
    /// The language the analysis on screen was read as.
    pub analysed_kind: RwSignal<InputKind>,
    /// Per-rule lint levels (severity overrides, rules switched off); persisted by the app.
    pub lint_config: RwSignal<LintConfig>,
    /// The editor's textarea (quick fixes edit it through the browser so undo keeps working).
    pub textarea: NodeRef<Textarea>,
    /// What the engine analyses: the text after the debounce, plus the dialect.
    input: RwSignal<Input>,
    /// The kind override that goes with `input`.
    input_kind: StoredValue<Option<InputKind>>,
    /// The analysis on screen, and the input it was computed from.
    pub analysis: RwSignal<Arc<Analysis>>,
    analysed: StoredValue<Input>,
    /// A large input's analysis is under way (in slices); the panels still show the previous one.
    pub analysing: RwSignal<bool>,
    /// The last analysis panicked (cleared by the next one that works).
    pub failure: RwSignal<Option<AnalysisFailure>>,
    /// Bumped for every new input, so a slice of a superseded job stops.
    job_seq: StoredValue<u64>,
    /// Another dialect the analysed text is clearly written in (the UI offers to switch).
    pub mismatch: Memo<Option<Detection>>,
    /// The dialect whose switch offer the person dismissed (offer again for a different one).
    pub mismatch_dismissed: RwSignal<Option<Dialect>>,
    pub tab: RwSignal<Tab>,
    pub theme: RwSignal<Theme>,
    /// Width of the editor pane as a fraction of the workspace (0.2..=0.8).
    pub split: RwSignal<f64>,
    pub reveal: RwSignal<Option<Reveal>>,
    /// The migration script the Migration tab checks against the schema.
    pub migration_text: RwSignal<String>,
    /// Bumped when the migration text is replaced from outside its editor (example, link, plan).
    pub migration_replaced: RwSignal<u64>,
    /// The person's own migration script, set aside when "Check this plan" put the plan in the
    /// editor (one click restores it). Not part of the shared state.
    pub migration_set_aside: RwSignal<Option<String>>,
    /// The schema text frozen with "Set as baseline" (empty: none); the Migration tab plans the
    /// migration from it to the current text. Part of the shared state.
    pub baseline: RwSignal<String>,
    /// Tables the person moved in the diagram: table key (`schema.name` or `name`) → top-left
    /// position in layout units. Part of the shared state, so a link reproduces the picture.
    pub positions: RwSignal<BTreeMap<String, (f64, f64)>>,
    /// Table header colours picked in the diagram: table key → `#rrggbb`; and the diagram's
    /// sticky notes (`erd::decor`). Part of the shared state.
    pub colors: RwSignal<BTreeMap<String, String>>,
    pub notes: RwSignal<Vec<schemaplay_core::erd::decor::Sticky>>,
    /// View options as `<view>.<option>` → value (e.g. `sql.to` = `mysql`,
    /// `migration.pg_version` = `17`). Part of the shared state.
    pub options: RwSignal<BTreeMap<String, String>>,
    /// The editor text a replacement too large for the browser's undo set aside (Restore).
    pub set_aside: RwSignal<Option<crate::input_kind::SetAside>>,
    /// The last replacement made through the browser's undo (Convert to SQL, files opened): the
    /// language and database on each side, put back when undo or redo brings that text back.
    pub undo_step: StoredValue<Option<crate::input_kind::UndoStep>>,
    /// What the last file open left out or could not read.
    pub open_note: RwSignal<Option<String>>,
    /// The name of the file the text was opened from (cleared when the text is replaced from
    /// elsewhere); exports are named after it (`erd::view::export_stem`).
    pub source_name: RwSignal<Option<String>>,
    /// A migration history (the History view): its files, its check, the point on screen.
    pub history: crate::history::HistoryState,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl AppState {
    pub fn new(text: String, dialect: Dialect) -> Self {
        let first = Input { text: text.clone(), dialect, ..Default::default() };
        // A text in another language is read by the engine worker (see `start_analysis`).
        let sql = recognize(&text) == InputKind::Sql;
        let (analysis, failure) = if sql { guarded_analysis(first.clone(), None) } else { (Analysis::default(), None) };
        let analysis = RwSignal::new(Arc::new(analysis));
        let input = RwSignal::new(first.clone());
        let mismatch = Memo::new(move |_| {
            let (text, dialect) = input.with(|i| (i.text.clone(), i.dialect));
            crate::guard::run(move || schemaplay_core::parse::detect(&text).filter(|d| d.dialect != dialect)).ok().flatten()
        });
        let text = RwSignal::new(text);
        // Bounded (the first 64 KiB) and never panics: cheap enough for every keystroke.
        let recognized = Memo::new(move |_| text.with(|t| recognize(t)));
        let state = AppState {
            text,
            text_replaced: RwSignal::new(0),
            dialect: RwSignal::new(dialect),
            kind: RwSignal::new(None),
            recognized,
            analysed_kind: RwSignal::new(if sql { InputKind::Sql } else { recognize(&first.text) }),
            lint_config: RwSignal::new(LintConfig::default()),
            textarea: NodeRef::new(),
            input,
            input_kind: StoredValue::new(None),
            analysis,
            analysed: StoredValue::new(first.clone()),
            analysing: RwSignal::new(false),
            failure: RwSignal::new(failure),
            job_seq: StoredValue::new(0),
            mismatch,
            mismatch_dismissed: RwSignal::new(None),
            tab: RwSignal::new(Tab::Diagram),
            theme: RwSignal::new(Theme::System),
            split: RwSignal::new(0.5),
            reveal: RwSignal::new(None),
            migration_text: RwSignal::new(String::new()),
            migration_replaced: RwSignal::new(0),
            migration_set_aside: RwSignal::new(None),
            baseline: RwSignal::new(String::new()),
            positions: RwSignal::new(BTreeMap::new()),
            colors: RwSignal::new(BTreeMap::new()),
            notes: RwSignal::new(Vec::new()),
            options: RwSignal::new(BTreeMap::new()),
            set_aside: RwSignal::new(None),
            undo_step: StoredValue::new(None),
            open_note: RwSignal::new(None),
            source_name: RwSignal::new(None),
            history: crate::history::HistoryState::new(),
            pending: StoredValue::new(None),
        };
        if !sql {
            state.start_analysis(first, None);
        }
        state
    }

    /// The editor calls this on every edit.
    pub fn edit(&self, text: String) {
        let large = text.len() > IMMEDIATE_ANALYSIS_BYTES;
        if let Some((kind, dialect)) = self.undo_step.with_value(|u| u.as_ref().and_then(|u| u.settings_for(&text))) {
            self.kind.set(kind);
            self.dialect.set(dialect);
        }
        self.text.set(text);
        self.schedule_analysis(large);
    }

    /// Replaces the whole text from outside the editor (examples menu, share link).
    pub fn replace_text(&self, text: String, dialect: Dialect) {
        // setting the editor's value ends the browser's undo history: no step to follow any more
        self.undo_step.set_value(None);
        self.source_name.set(None);
        self.dialect.set(dialect);
        self.text.set(text);
        self.text_replaced.update(|n| *n += 1);
        self.schedule_analysis(false);
    }

    /// Replaces the migration script from outside its editor.
    pub fn replace_migration(&self, text: String) {
        self.migration_text.set(text);
        self.migration_replaced.update(|n| *n += 1);
    }

    pub fn set_dialect(&self, dialect: Dialect) {
        self.dialect.set(dialect);
        self.schedule_analysis(false);
    }

    /// Reads the text as `kind` from now on (`None`: as recognised from the content).
    pub fn set_kind(&self, kind: Option<InputKind>) {
        self.kind.set(kind);
        self.schedule_analysis(false);
    }

    /// The language the text is read as: the person's choice, else the recognised one.
    pub fn input_kind(&self) -> InputKind {
        self.kind.get().unwrap_or_else(|| self.recognized.get())
    }

    /// Sets a rule's level (`None`: back to its default severity) and re-analyses.
    pub fn set_rule_level(&self, rule: &str, level: Option<Level>) {
        self.lint_config.update(|c| match level {
            Some(l) => c.set(rule, l),
            None => {
                c.rules.remove(rule);
            }
        });
        self.schedule_analysis(false);
    }

    /// Replaces the whole lint configuration (restored from storage) and re-analyses.
    pub fn set_lint_config(&self, config: LintConfig) {
        self.lint_config.set(config);
        self.schedule_analysis(false);
    }

    /// Whether `text` is exactly what the current analysis was computed from (fix offsets apply).
    pub fn is_analysed(&self, text: &str) -> bool {
        self.analysed.with_value(|i| i.text == text) && !self.analysing.get_untracked()
    }

    /// Whether the analysis on screen is of the text and dialect in the editor, nothing pending or
    /// running (reactive: the status bar's `aria-busy`).
    pub fn is_current(&self) -> bool {
        self.analysis.track();
        let (dialect, analysing) = (self.dialect.get(), self.analysing.get());
        !analysing && self.text.with(|t| self.analysed.with_value(|i| i.text == *t && i.dialect == dialect))
    }

    /// The text and dialect the analysis on screen was computed from (what the engine worker is
    /// given for the views it makes: code, migration check and plan). Tracks the analysis.
    pub fn source(&self) -> Source {
        self.analysis.track();
        let kind = Some(self.analysed_kind.get_untracked());
        self.analysed.with_value(|i| Source { text: i.text.clone(), dialect: i.dialect, kind })
    }

    pub fn reveal(&self, line: usize, column: usize) {
        let seq = self.reveal.get_untracked().map_or(0, |r| r.seq + 1);
        self.reveal.set(Some(Reveal { line, column, seq }));
    }

    /// A view option (`None` when unset: the view uses its default).
    pub fn option(&self, key: &str) -> Option<String> {
        self.options.with(|o| o.get(key).cloned())
    }

    pub fn set_option(&self, key: &str, value: Option<String>) {
        self.options.update(|o| match value {
            Some(v) => {
                o.insert(key.to_string(), v);
            }
            None => {
                o.remove(key);
            }
        });
    }

    fn schedule_analysis(&self, debounce: bool) {
        if let Some(h) = self.pending.get_value() {
            h.clear();
        }
        let (text, dialect, lint, input) = (self.text, self.dialect, self.lint_config, self.input);
        let state = *self;
        let run = move || {
            let next = Input { text: text.get_untracked(), dialect: dialect.get_untracked(), lint: lint.get_untracked() };
            let kind = state.kind.get_untracked();
            if input.with_untracked(|i| *i != next) || state.input_kind.get_value() != kind {
                input.set(next.clone());
                state.input_kind.set_value(kind);
                state.start_analysis(next, kind);
            }
        };
        if debounce {
            self.pending.set_value(set_timeout_with_handle(run, ANALYSIS_DEBOUNCE).ok());
        } else {
            self.pending.set_value(None);
            run();
        }
    }

    /// Analyses `input`: at once when small, else in slices (see the module doc). A newer input
    /// supersedes a job still running.
    ///
    /// A text in another language (Prisma, DBML, …: the person's choice `chosen`, else
    /// [`recognize`]) is read by the engine worker, which holds the readers, up to the DDL it
    /// stands for; the page finishes it (the previous analysis stays on screen meanwhile, and a
    /// failed engine download is this analysis's failure, with Retry).
    fn start_analysis(&self, input: Input, chosen: Option<InputKind>) {
        let seq = self.job_seq.get_value() + 1;
        self.job_seq.set_value(seq);
        let kind = chosen.unwrap_or_else(|| recognize(&input.text));
        if kind != InputKind::Sql {
            self.analysing.set(true);
            let state = *self;
            let source = Source { text: input.text.clone(), dialect: input.dialect, kind: Some(kind) };
            crate::engine::call(Request::Translate { source, kind: Some(kind) }, move |answer| {
                if state.job_seq.try_get_value() != Some(seq) {
                    return;
                }
                state.analysing.set(false);
                let (analysis, failure) = match answer {
                    Ok(Reply::Translated(kind, Some(t))) => guarded_analysis(input.clone(), Some((kind, *t))),
                    Ok(Reply::Translated(_, None)) => guarded_analysis(input.clone(), None),
                    Ok(_) => (Analysis::default(), Some(AnalysisFailure { parse: true, message: "the engine answered another question".into() })),
                    Err(Failure::Load(why)) => {
                        let message = format!("could not load the engine that reads {}: {why}", kind.label());
                        (Analysis::default(), Some(AnalysisFailure { parse: true, message }))
                    }
                    Err(Failure::Crash(message)) => (Analysis::default(), Some(AnalysisFailure { parse: true, message })),
                };
                state.show(Arc::new(analysis), input.clone(), kind, failure);
                state.request_input_fixes(seq, &input, kind);
            });
            return;
        }
        if input.text.len() <= IMMEDIATE_ANALYSIS_BYTES {
            self.analysing.set(false);
            let (analysis, failure) = guarded_analysis(input.clone(), None);
            self.show(Arc::new(analysis), input, InputKind::Sql, failure);
            return;
        }
        self.analysing.set(true);
        self.slice(seq, AnalysisJob::new(input.clone()), input);
    }

    /// Asks the engine worker for the quick fixes of a non-SQL input's findings, written in its
    /// language (`edit::fixes`; the readers that check them live in the worker), and gives them to
    /// the findings while the same analysis is still shown. Until then, and where a fix cannot be
    /// written in that language, a finding has no Fix button.
    fn request_input_fixes(&self, seq: u64, input: &Input, kind: InputKind) {
        let shown = self.analysis.get_untracked();
        let (at, edits) = schemaplay_core::edit::fixes::wanted(kind, &shown.findings);
        if edits.is_empty() {
            return;
        }
        let state = *self;
        let source = Source { text: input.text.clone(), dialect: input.dialect, kind: Some(kind) };
        crate::engine::call(Request::Fixes { source, edits }, move |answer| {
            let Ok(Reply::Fixes(fixes)) = answer else { return };
            let now = state.analysis.try_get_untracked();
            if state.job_seq.try_get_value() != Some(seq) || !now.is_some_and(|a| Arc::ptr_eq(&a, &shown)) {
                return;
            }
            let mut a = (*shown).clone();
            for (i, fix) in at.into_iter().zip(fixes) {
                if let Some(f) = a.findings.get_mut(i) {
                    f.fix = fix;
                }
            }
            state.analysis.set(Arc::new(a));
        });
    }

    /// Analyses the current input again (the Retry of a failed analysis).
    pub fn retry_analysis(&self) {
        crate::engine::retry();
        let input = self.input.get_untracked();
        self.start_analysis(input, self.input_kind.get_value());
    }

    fn slice(&self, seq: u64, job: AnalysisJob, input: Input) {
        let state = *self;
        set_timeout(
            move || {
                if state.job_seq.try_get_value() != Some(seq) {
                    return;
                }
                let step = crate::guard::run(move || {
                    let mut job = job;
                    let start = js_sys::Date::now();
                    let done = job.step(&mut || js_sys::Date::now() - start < SLICE);
                    (job, done)
                });
                match step {
                    Ok((job, Some(a))) => {
                        state.analysing.set(false);
                        state.show(Arc::new(a), job.into_input(), InputKind::Sql, None);
                    }
                    Ok((job, None)) => state.slice(seq, job, input),
                    Err(_) => {
                        // The job is gone with the panic: analyse the whole text at once (a long
                        // task, only on this failure path) to learn which stage fails and keep
                        // what works.
                        state.analysing.set(false);
                        let (analysis, failure) = guarded_analysis(input.clone(), None);
                        state.show(Arc::new(analysis), input, InputKind::Sql, failure);
                    }
                }
            },
            Duration::ZERO,
        );
    }

    fn show(&self, analysis: Arc<Analysis>, input: Input, kind: InputKind, failure: Option<AnalysisFailure>) {
        // A non-SQL input names its database (Prisma's provider, DBML's database_type, Drizzle's
        // table functions, the catalog's engine): the dialect selector follows it, so the SQL tab,
        // Convert to SQL and the migration views use it. (The text is read again with it as the
        // hint, which gives the same schema: no loop.)
        let named = analysis.schema.dialect;
        let follow = kind != InputKind::Sql && failure.is_none() && named != input.dialect;
        self.analysed.set_value(input);
        if self.analysed_kind.get_untracked() != kind {
            self.analysed_kind.set(kind);
        }
        self.analysis.set(analysis);
        if self.failure.with_untracked(|f| *f != failure) {
            self.failure.set(failure);
        }
        if follow {
            self.set_dialect(named);
        }
    }
}

/// [`schemaplay_core::analyze`], guarded (see `guard`): the parse and the lint run apart, so a
/// panic in the lint still leaves the parsed schema to show (the diagram keeps working).
///
/// `translated`: a non-SQL input as the engine worker's readers left it (the DDL it stands for,
/// see [`start_analysis`](AppState::start_analysis)); it is finished here with the page's own SQL
/// importer, spans pointing into the original text.
fn guarded_analysis(input: Input, translated: Option<(InputKind, Translated)>) -> (Analysis, Option<AnalysisFailure>) {
    let kind = translated.as_ref().map_or(InputKind::Sql, |t| t.0);
    let parsed = crate::guard::run({
        let input = input.clone();
        move || {
            crate::crash_probe::check("parse", &input.text);
            match translated {
                None => schemaplay_core::parse::parse(&input.text, input.dialect),
                Some((_, t)) => t.finish(&input.text),
            }
        }
    });
    let parsed = match parsed {
        Ok(p) => p,
        Err(message) => return (Analysis::default(), Some(AnalysisFailure { parse: true, message })),
    };
    let schema = Arc::new(parsed.schema);
    let findings = crate::guard::run({
        let schema = schema.clone();
        move || {
            crate::crash_probe::check("lint", &input.text);
            schemaplay_core::parse::input::lint_schema(&input.text, kind, &schema, &input.lint)
        }
    });
    let (findings, failure) = match findings {
        Ok(f) => (f, None),
        Err(message) => (Vec::new(), Some(AnalysisFailure { parse: false, message })),
    };
    (Analysis { statement_count: parsed.statement_count, diagnostics: parsed.diagnostics, schema, findings }, failure)
}
