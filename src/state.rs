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
use schemaplay_core::{analyze, Analysis, AnalysisJob, Detection, Dialect, Input};
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
    Prisma,
    Drizzle,
    Sql,
    Mermaid,
    Dbml,
    TypeScript,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Diagram,
        Tab::Findings,
        Tab::Migration,
        Tab::Prisma,
        Tab::Drizzle,
        Tab::Sql,
        Tab::Mermaid,
        Tab::Dbml,
        Tab::TypeScript,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Diagram => "diagram",
            Tab::Findings => "findings",
            Tab::Migration => "migration",
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
    /// Per-rule lint levels (severity overrides, rules switched off); persisted by the app.
    pub lint_config: RwSignal<LintConfig>,
    /// The editor's textarea (quick fixes edit it through the browser so undo keeps working).
    pub textarea: NodeRef<Textarea>,
    /// What the engine analyses: the text after the debounce, plus the dialect.
    input: RwSignal<Input>,
    /// The analysis on screen, and the input it was computed from.
    pub analysis: RwSignal<Arc<Analysis>>,
    analysed: StoredValue<Input>,
    /// A large input's analysis is under way (in slices); the panels still show the previous one.
    pub analysing: RwSignal<bool>,
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
    /// View options as `<view>.<option>` → value (e.g. `sql.to` = `mysql`,
    /// `migration.pg_version` = `17`). Part of the shared state.
    pub options: RwSignal<BTreeMap<String, String>>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl AppState {
    pub fn new(text: String, dialect: Dialect) -> Self {
        let first = Input { text: text.clone(), dialect, ..Default::default() };
        let analysis = RwSignal::new(Arc::new(analyze(&first)));
        let input = RwSignal::new(first.clone());
        let mismatch = Memo::new(move |_| {
            input.with(|i| schemaplay_core::parse::detect(&i.text).filter(|d| d.dialect != i.dialect))
        });
        AppState {
            text: RwSignal::new(text),
            text_replaced: RwSignal::new(0),
            dialect: RwSignal::new(dialect),
            lint_config: RwSignal::new(LintConfig::default()),
            textarea: NodeRef::new(),
            input,
            analysis,
            analysed: StoredValue::new(first),
            analysing: RwSignal::new(false),
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
            options: RwSignal::new(BTreeMap::new()),
            pending: StoredValue::new(None),
        }
    }

    /// The editor calls this on every edit.
    pub fn edit(&self, text: String) {
        let large = text.len() > IMMEDIATE_ANALYSIS_BYTES;
        self.text.set(text);
        self.schedule_analysis(large);
    }

    /// Replaces the whole text from outside the editor (examples menu, share link).
    pub fn replace_text(&self, text: String, dialect: Dialect) {
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

    /// Whether the analysis on screen comes from a large text (then views with heavy work of
    /// their own, like code generation, do it in the worker).
    pub fn source_is_large(&self) -> bool {
        self.analysed.with_value(|i| i.text.len() > IMMEDIATE_ANALYSIS_BYTES)
    }

    /// The text and dialect the analysis on screen was computed from, if that text is large.
    pub fn large_source(&self) -> Option<(String, Dialect)> {
        self.source_is_large().then(|| self.analysed.with_value(|i| (i.text.clone(), i.dialect)))
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
            if input.with_untracked(|i| *i != next) {
                input.set(next.clone());
                state.start_analysis(next);
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
    fn start_analysis(&self, input: Input) {
        let seq = self.job_seq.get_value() + 1;
        self.job_seq.set_value(seq);
        if input.text.len() <= IMMEDIATE_ANALYSIS_BYTES {
            self.analysing.set(false);
            self.show(Arc::new(analyze(&input)), input);
            return;
        }
        self.analysing.set(true);
        self.slice(seq, AnalysisJob::new(input));
    }

    fn slice(&self, seq: u64, mut job: AnalysisJob) {
        let state = *self;
        set_timeout(
            move || {
                if state.job_seq.try_get_value() != Some(seq) {
                    return;
                }
                let start = js_sys::Date::now();
                match job.step(&mut || js_sys::Date::now() - start < SLICE) {
                    Some(a) => {
                        state.analysing.set(false);
                        state.show(Arc::new(a), job.into_input());
                    }
                    None => state.slice(seq, job),
                }
            },
            Duration::ZERO,
        );
    }

    fn show(&self, analysis: Arc<Analysis>, input: Input) {
        self.analysed.set_value(input);
        self.analysis.set(analysis);
    }
}
