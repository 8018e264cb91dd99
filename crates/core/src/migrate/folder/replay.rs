//! Replaying a history and checking its migrations.
//!
//! Contract: the schema after `n` migrations is what [`crate::parse::ParseJob::segmented`] makes
//! of their up parts ([`schema_at`]); each checked migration is [`crate::migrate::check`]ed against
//! the schema just before it, with its tool's transaction behaviour, so its report is exactly
//! today's single-file report given that schema. Every statement is read once: by the replay, or
//! by the checker for a checked migration (which hands the schema back). [`FolderJob`] does the
//! work in slices (the browser), [`check`] at once (the CLI). Never panics.

use super::{History, Problem};
use crate::diagnostic::{Diagnostic, Severity};
use crate::migrate::{CheckOptions, LockMode, MigrationReport};
use crate::model::Schema;
use crate::parse::{Next, ParseJob, Parsed};
use crate::span::{LineIndex, Span};
use std::ops::Range;
use std::sync::Arc;

/// The up parts of the first migrations of a history, one after another, as the text the parser
/// reads. Each migration's segment has its file's length (see [`super::Migration::sql`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub text: String,
    /// Migration `i`'s part of `text` (empty for an unreadable file).
    pub segments: Vec<Range<usize>>,
}

impl Script {
    /// The first `n` migrations of `history`.
    pub fn new(history: &History, n: usize) -> Script {
        let mut s = Script::default();
        for m in history.migrations.iter().take(n) {
            let start = s.text.len();
            if m.unreadable.is_none() {
                s.text.push_str(&m.sql());
            }
            s.segments.push(start..s.text.len());
        }
        s
    }

    /// The migration a byte offset of `text` falls in, and the offset within its file.
    pub fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        let i = self.segments.partition_point(|r| r.end <= offset);
        let r = self.segments.get(i).filter(|r| r.start <= offset)?;
        Some((i, offset - r.start))
    }

    /// The migration, 1-based line and column (in its own file) of a byte offset.
    pub fn line_col(&self, offset: usize) -> Option<(usize, usize, usize)> {
        let (i, off) = self.locate(offset)?;
        let seg = self.text.get(self.segments[i].clone())?;
        let (l, c) = LineIndex::new(seg).line_col(off);
        Some((i, l, c))
    }

    /// A diagnostic of the script made the file's own (line, column, span); with its migration.
    pub fn localize(&self, d: &Diagnostic) -> Option<(usize, Diagnostic)> {
        let (i, line, column) = self.line_col(d.span.start)?;
        let base = self.segments[i].start;
        let span = Span::new(d.span.start - base, d.span.end.saturating_sub(base).max(d.span.start - base));
        Some((i, Diagnostic { line, column, span, ..d.clone() }))
    }
}

/// The schema at a point of a history, with what the replay said on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub script: Script,
    /// The schema after the first `n` migrations; its diagnostics and model spans point into
    /// `script.text` (see [`Script::localize`]).
    pub parsed: Parsed,
}

/// The schema after the first `n` migrations of `history` (after all of them when `n` is past
/// the end), starting from `base` when given.
pub fn schema_at(history: &History, n: usize, base: Option<Schema>) -> Point {
    let script = Script::new(history, n.min(history.migrations.len()));
    let mut job = ParseJob::segmented(&script.text, &script.segments, history.dialect);
    if let Some(b) = base {
        job = job.with_schema(b);
    }
    job.run(&script.text, &mut |_, _| Next::Read);
    Point { parsed: job.finish(), script }
}

/// The schemas just before and just after migration `n` (1-based) of a history, replayed in
/// slices (a point picked in a long history must not block a page): [`PointJob::step`] reads
/// statements while `more()` says so and gives both schemas, references resolved, when done.
pub struct PointJob {
    script: Script,
    job: ParseJob,
    /// Where migration `n` starts in the script.
    start: usize,
    before: Option<Schema>,
}

impl PointJob {
    /// `n` is clamped to 1..=the number of migrations.
    pub fn new(history: &History, n: usize) -> PointJob {
        let n = n.clamp(1, history.migrations.len().max(1));
        let script = Script::new(history, n);
        let start = script.segments.get(n - 1).map_or(script.text.len(), |r| r.start);
        let job = ParseJob::segmented(&script.text, &script.segments, history.dialect);
        PointJob { script, job, start, before: None }
    }

    /// Works until `more()` returns false; `Some((before, after))` when the replay is done.
    pub fn step(&mut self, more: &mut dyn FnMut() -> bool) -> Option<(Schema, Schema)> {
        let PointJob { script, job, start, before } = self;
        let mut first = true;
        let done = job.run(&script.text, &mut |at, schema| {
            if before.is_none() && at >= *start {
                before.replace(schema.clone());
            }
            if std::mem::take(&mut first) || more() {
                Next::Read
            } else {
                Next::Stop
            }
        });
        if !done {
            return None;
        }
        let mut b = self.before.take().unwrap_or_else(|| self.job.schema().clone());
        crate::parse::resolve_references(&mut b);
        let after = std::mem::replace(&mut self.job, ParseJob::new("", b.dialect)).finish().schema;
        Some((b, after))
    }
}

/// Which migrations are checked (the others are only replayed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    All,
    /// The newest `n` (`--since n`).
    Newest(usize),
    /// These migrations (0-based indices, `--only`).
    Only(Vec<usize>),
}

impl Selection {
    fn flags(&self, n: usize) -> Vec<bool> {
        match self {
            Selection::All => vec![true; n],
            Selection::Newest(k) => (0..n).map(|i| i + k >= n).collect(),
            Selection::Only(v) => (0..n).map(|i| v.contains(&i)).collect(),
        }
    }
}

/// One migration's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// Index into the history's migrations.
    pub migration: usize,
    /// Checked (`false`: only replayed, or unreadable).
    pub checked: bool,
    /// The checker's report (empty when not checked); lines are the file's own.
    pub report: MigrationReport,
    /// What the replay could not use in this file (warnings and errors, lines the file's own).
    pub replay: Vec<Diagnostic>,
}

/// A checked history.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderReport {
    pub history: Arc<History>,
    pub files: Vec<FileReport>,
    /// The schema after the whole history. Its model spans are not positions to show (checked
    /// migrations were applied statement by statement): [`schema_at`] gives the schema at any
    /// point with spans into the files.
    pub schema: Schema,
}

impl FolderReport {
    /// The worst finding of a checked migration.
    pub fn max_severity(&self) -> Option<Severity> {
        self.files.iter().filter(|f| f.checked).filter_map(|f| f.report.max_severity()).max()
    }

    /// The folder's problems (layout, order, unreadable files).
    pub fn problems(&self) -> &[Problem] {
        &self.history.problems
    }

    pub fn checked(&self) -> usize {
        self.files.iter().filter(|f| f.checked).count()
    }
}

/// One migration checked against the schema before it (the schema after it is returned), with its
/// tool's transaction behaviour.
fn check_one(history: &History, k: usize, before: &Schema, opts: &CheckOptions) -> (MigrationReport, Schema) {
    let m = &history.migrations[k];
    let opts = CheckOptions { in_transaction: opts.in_transaction && m.in_transaction, ..opts.clone() };
    crate::migrate::check_replay(before, &m.sql(), history.dialect, &opts)
}

/// Replays and checks a history in slices: [`FolderJob::step`] works while `more()` says so (asked
/// after each statement of the replay and after each checked migration), [`FolderJob::finish`]
/// gives the report, equal to [`check`]'s.
///
/// The replay hands the schema to the checker at the start of each checked migration and takes
/// back the schema the checker's own statement-by-statement replay ends with (the same readers:
/// `tests.rs` holds the two equal on every corpus folder), skipping that migration's statements:
/// no copy of the schema is made and no statement is read twice.
pub struct FolderJob {
    history: Arc<History>,
    script: Script,
    job: ParseJob,
    selected: Vec<bool>,
    /// The next migration whose start the replay has not reached yet.
    boundary: usize,
    /// Statements before this offset were applied by the checker.
    skip_to: usize,
    reports: Vec<Option<MigrationReport>>,
    opts: CheckOptions,
}

impl FolderJob {
    pub fn new(history: Arc<History>, selection: &Selection, opts: &CheckOptions, base: Option<Schema>) -> FolderJob {
        let script = Script::new(&history, history.migrations.len());
        let mut job = ParseJob::segmented(&script.text, &script.segments, history.dialect);
        if let Some(b) = base {
            job = job.with_schema(b);
        }
        let n = history.migrations.len();
        let selected = selection.flags(n).into_iter().zip(&history.migrations).map(|(s, m)| s && m.unreadable.is_none()).collect();
        FolderJob { selected, history, script, job, boundary: 0, skip_to: 0, reports: vec![None; n], opts: opts.clone() }
    }

    /// How many migrations the replay has passed, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.boundary, self.history.migrations.len())
    }

    /// Works until `more()` returns false or all is done; returns whether all is done. Each call
    /// makes progress (reads a statement or checks a migration) before it asks `more()`.
    pub fn step(&mut self, more: &mut dyn FnMut() -> bool) -> bool {
        let FolderJob { history, script, job, selected, boundary, skip_to, reports, opts } = self;
        let n = history.migrations.len();
        let mut progressed = false;
        // Before each statement: check the migrations that start at or before it (the schema is
        // the one just before them), skip what the checker applied, else read it.
        let done = job.run(&script.text, &mut |start, schema| {
            while *boundary < n && script.segments[*boundary].start <= start && start >= *skip_to {
                let k = *boundary;
                if selected[k] {
                    if progressed && !more() {
                        return Next::Stop;
                    }
                    let (report, after) = check_one(history, k, schema, opts);
                    *schema = after;
                    reports[k] = Some(report);
                    *skip_to = script.segments[k].end;
                    progressed = true;
                }
                *boundary += 1;
            }
            if start < *skip_to {
                return Next::Skip;
            }
            if progressed && !more() {
                return Next::Stop;
            }
            progressed = true;
            Next::Read
        });
        if !done {
            return false;
        }
        // Migrations after the last statement (empty ones, or the last checked ones).
        while *boundary < n {
            let k = *boundary;
            if selected[k] {
                if progressed && !more() {
                    return false;
                }
                let (report, after) = check_one(history, k, job.schema_mut(), opts);
                *job.schema_mut() = after;
                reports[k] = Some(report);
                progressed = true;
            }
            *boundary += 1;
        }
        true
    }

    pub fn finish(self) -> FolderReport {
        let parsed = self.job.finish();
        let mut replay: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.history.migrations.len()];
        for d in parsed.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
            if let Some((i, d)) = self.script.localize(d) {
                replay[i].push(d);
            }
        }
        let files = self
            .reports
            .into_iter()
            .zip(replay)
            .enumerate()
            .map(|(i, (r, replay))| FileReport { migration: i, checked: self.selected[i], report: r.unwrap_or_default(), replay })
            .collect();
        FolderReport { history: self.history, files, schema: parsed.schema }
    }
}

/// Replays `history` and checks the selected migrations ([`FolderJob`] without pauses).
pub fn check(history: Arc<History>, selection: &Selection, opts: &CheckOptions, base: Option<Schema>) -> FolderReport {
    let mut job = FolderJob::new(history, selection, opts, base);
    job.step(&mut || true);
    job.finish()
}

/// The strongest PostgreSQL lock a checked migration takes on each table that existed before it
/// (tables it creates itself are new and empty), strongest first.
pub fn lock_summary(report: &MigrationReport) -> Vec<(String, LockMode)> {
    let mut out: Vec<(String, LockMode)> = Vec::new();
    for s in report.statements.iter().filter(|s| !s.new_table) {
        let own = s.table.clone().zip(s.lock);
        for (t, m) in own.into_iter().chain(s.other_locks.iter().cloned()) {
            match out.iter_mut().find(|(x, _)| *x == t) {
                Some(e) => e.1 = e.1.min(m),
                None => out.push((t, m)),
            }
        }
    }
    crate::sort::by(&mut out, |a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    out
}
