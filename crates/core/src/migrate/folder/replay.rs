//! Replaying a history and checking its migrations.
//!
//! Contract: the schema after `n` migrations is what [`crate::parse::ParseJob::segmented`] makes
//! of their up parts ([`schema_at`]); each checked migration is [`crate::migrate::check`]ed against
//! the schema just before it, with its tool's transaction behaviour, so its report is exactly
//! today's single-file report given that schema. Migrations that are only replayed (outside
//! `--since` / `--only`) cost one parse of their statements. [`FolderJob`] does the work in
//! slices (the browser); [`check`] spreads the checks over threads while the replay, which is
//! sequential, runs ahead (the CLI). Both give the same [`FolderReport`]. Never panics.

use super::{History, Problem};
use crate::diagnostic::{Diagnostic, Severity};
use crate::migrate::{CheckOptions, LockMode, MigrationReport};
use crate::model::Schema;
use crate::parse::{ParseJob, Parsed};
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
    job.run(&script.text, &mut |_, _| true);
    Point { parsed: job.finish(), script }
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
    /// The schema after the whole history.
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

/// One migration checked against the schema before it (its references resolved as `parse`
/// resolves them), with its tool's transaction behaviour.
fn check_one(history: &History, k: usize, before: &Schema, opts: &CheckOptions) -> MigrationReport {
    let Some(m) = history.migrations.get(k).filter(|m| m.unreadable.is_none()) else { return MigrationReport::default() };
    let mut base = before.clone();
    crate::parse::resolve_references(&mut base);
    let opts = CheckOptions { in_transaction: opts.in_transaction && m.in_transaction, ..opts.clone() };
    crate::migrate::check(&base, &m.sql(), history.dialect, &opts)
}

/// Replays and checks a history in slices: [`FolderJob::step`] works while `more()` says so (asked
/// after each statement of the replay and after each checked migration), [`FolderJob::finish`]
/// gives the report, equal to [`check`]'s.
pub struct FolderJob {
    history: Arc<History>,
    script: Script,
    job: ParseJob,
    selected: Vec<bool>,
    /// The next migration whose start the replay has not reached yet.
    boundary: usize,
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
        FolderJob { selected: selection.flags(n), history, script, job, boundary: 0, reports: vec![None; n], opts: opts.clone() }
    }

    /// How many migrations the replay has passed (for progress).
    pub fn progress(&self) -> (usize, usize) {
        (self.boundary, self.history.migrations.len())
    }

    /// Works until `more()` returns false or all is done; returns whether all is done. Each call
    /// makes progress (reads a statement or checks a migration) before it asks `more()`.
    pub fn step(&mut self, more: &mut dyn FnMut() -> bool) -> bool {
        let FolderJob { history, script, job, selected, boundary, reports, opts } = self;
        let n = history.migrations.len();
        let mut progressed = false;
        // Before each statement: check the migrations that start at or before it (the schema is
        // the one just before them), then go on while `more()` says so.
        let done = job.run(&script.text, &mut |start, schema| {
            while *boundary < n && script.segments[*boundary].start <= start {
                let k = *boundary;
                if selected[k] && reports[k].is_none() {
                    if progressed && !more() {
                        return false;
                    }
                    reports[k] = Some(check_one(history, k, schema, opts));
                    progressed = true;
                }
                *boundary += 1;
            }
            let go = !progressed || more();
            progressed = true;
            go
        });
        if !done {
            return false;
        }
        while *boundary < n {
            let k = *boundary;
            if selected[k] && reports[k].is_none() {
                if progressed && !more() {
                    return false;
                }
                reports[k] = Some(check_one(history, k, job.schema(), opts));
                progressed = true;
            }
            *boundary += 1;
        }
        true
    }

    pub fn finish(self) -> FolderReport {
        let parsed = self.job.finish();
        let reports = self.reports;
        assemble(self.history, &self.script, parsed, reports, &self.selected)
    }
}

fn assemble(history: Arc<History>, script: &Script, parsed: Parsed, reports: Vec<Option<MigrationReport>>, selected: &[bool]) -> FolderReport {
    let mut replay: Vec<Vec<Diagnostic>> = vec![Vec::new(); history.migrations.len()];
    for d in parsed.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
        if let Some((i, d)) = script.localize(d) {
            replay[i].push(d);
        }
    }
    let files = reports
        .into_iter()
        .zip(replay)
        .enumerate()
        .map(|(i, (r, replay))| FileReport {
            migration: i,
            checked: selected.get(i).copied().unwrap_or(false) && history.migrations[i].unreadable.is_none(),
            report: r.unwrap_or_default(),
            replay,
        })
        .collect();
    FolderReport { history, files, schema: parsed.schema }
}

/// Replays `history` and checks the selected migrations, on up to `threads` threads (the replay
/// on this one, checks on the others). The same report as [`FolderJob`].
pub fn check(history: Arc<History>, selection: &Selection, opts: &CheckOptions, base: Option<Schema>, threads: usize) -> FolderReport {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && history.migrations.len() > 1 {
        return parallel::check(history, selection, opts, base, threads);
    }
    let _ = threads;
    let mut job = FolderJob::new(history, selection, opts, base);
    job.step(&mut || true);
    job.finish()
}

#[cfg(not(target_arch = "wasm32"))]
mod parallel {
    use super::*;
    use std::sync::mpsc::{sync_channel, Receiver};
    use std::sync::Mutex;

    type Work = (usize, Schema);

    fn worker(history: &History, rx: &Mutex<Receiver<Work>>, opts: &CheckOptions) -> Vec<(usize, MigrationReport)> {
        let mut out = Vec::new();
        loop {
            let next = rx.lock().ok().and_then(|r| r.recv().ok());
            let Some((k, schema)) = next else { return out };
            out.push((k, check_one(history, k, &schema, opts)));
        }
    }

    pub fn check(history: Arc<History>, selection: &Selection, opts: &CheckOptions, base: Option<Schema>, threads: usize) -> FolderReport {
        let n = history.migrations.len();
        let selected = selection.flags(n);
        let script = Script::new(&history, n);
        let mut job = ParseJob::segmented(&script.text, &script.segments, history.dialect);
        if let Some(b) = base {
            job = job.with_schema(b);
        }
        let mut reports: Vec<Option<MigrationReport>> = vec![None; n];
        let (tx, rx) = sync_channel::<Work>(threads * 2);
        let rx = Mutex::new(rx);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(|| worker(&history, &rx, opts))).collect();
            let mut boundary = 0usize;
            job.run(&script.text, &mut |start, schema| {
                while boundary < n && start >= script.segments[boundary].start {
                    if selected[boundary] {
                        let _ = tx.send((boundary, schema.clone()));
                    }
                    boundary += 1;
                }
                true
            });
            while boundary < n {
                if selected[boundary] {
                    let _ = tx.send((boundary, job.schema().clone()));
                }
                boundary += 1;
            }
            drop(tx);
            for h in handles {
                if let Ok(done) = h.join() {
                    for (k, r) in done {
                        reports[k] = Some(r);
                    }
                }
            }
        });
        assemble(history, &script, job.finish(), reports, &selected)
    }
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
    out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    out
}
