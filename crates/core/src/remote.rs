//! What the web app asks its engine worker, and what the worker answers.
//!
//! The page's own wasm module holds what the first paint needs (editor, parse, lint, the
//! diagram). Everything else runs in the **engine worker**, a second wasm module the page fetches
//! on first use: code generation, the migration checker and differ, and the layout of large
//! diagrams. The page sends a [`Call`] (an id and a [`Request`]); the worker answers each with an
//! [`Answer`] carrying the same id and a [`Reply`]. Both are plain serde types: the app turns them
//! into JS values with `serde-wasm-bindgen` and `postMessage` clones them (no JSON text).
//!
//! [`Engine::handle`] is the worker's whole job, a plain function tested natively below. To add
//! a request (as the non-SQL input readers and the migration history, [`history`], did): one variant of
//! [`Request`], one of [`Reply`], one arm in [`Engine::handle`]; the app calls it with
//! `engine::call` and shows it with `engine::Remote`.
//!
//! Requests carry the schema as text ([`Source`]): the worker reads it itself (any input kind,
//! recognised from the content as `parse::read` does) and keeps the last few reads, so tab
//! switches and migration keystrokes do not parse the schema again.
//!
//! The input readers (Prisma, DBML, …) live only here: for a non-SQL text the page asks
//! [`Request::Translate`] and reads the DDL that comes back with its own SQL importer.

use crate::codegen::{generate_with, Generated, Options, Target};
use crate::edit::{plan_edit_in, EditError, Fix, SchemaEdit};
use crate::erd::{self, ErdGraph, Layout, LayoutOptions};
use crate::migrate::diff::{diff, DiffOptions, Plan};
use crate::migrate::folder::History;
use crate::migrate::{self, check, CheckOptions, MigrationReport};
use crate::parse::input::ddl::Translated;
use crate::parse::input::{read, translate, InputKind};
use crate::parse::Parsed;
use crate::ruledoc::{self, RuleDoc, RuleKind};
use crate::{Dialect, Severity, Span};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A schema as the person wrote it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub text: String,
    pub dialect: Dialect,
    /// The language of `text` when the person chose it (`None`: recognised from the content).
    #[serde(default)]
    pub kind: Option<InputKind>,
}

impl Source {
    /// A text whose kind is recognised from its content.
    pub fn new(text: impl Into<String>, dialect: Dialect) -> Source {
        Source { text: text.into(), dialect, kind: None }
    }
}

/// What the worker is asked to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Lay out a diagram, with the tables the person moved pinned where they put them.
    Layout { graph: ErdGraph, positions: BTreeMap<String, [f64; 2]> },
    /// Generate `target` from the schema. `notes`: the texts of the sticky notes put on the
    /// diagram (the DBML target writes them as `Note` blocks, `codegen::dbml::with_notes`).
    Generate {
        source: Source,
        target: Target,
        options: Options,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        notes: Vec<String>,
    },
    /// Check a migration script against a schema (the baseline, or the current text).
    Check { schema: Source, migration: String, options: CheckOptions },
    /// The migration plan from the baseline schema to the current one.
    Plan { baseline: Source, current: Source, options: DiffOptions },
    /// Read a non-SQL input (Prisma, DBML, …; `kind: None` recognises it) up to the DDL it
    /// stands for; the page finishes it with its own SQL importer (`Translated::finish`).
    Translate { source: Source, kind: Option<InputKind> },
    /// Read and check a migration folder (the History view).
    History { folder: Folder, options: CheckOptions },
    /// The schema before and after migration `n` (1-based) of a folder, as DDL.
    HistoryPoint { folder: Folder, n: usize },
    /// The text edits that make one change asked from the diagram (`edit::plan_edit_in`, in the
    /// source's own language).
    Edit { source: Source, edit: SchemaEdit },
    /// The quick fixes of a non-SQL input's lint findings, written in its language: one per
    /// schema edit, `None` where it cannot be written there (`edit::fixes`).
    Fixes { source: Source, edits: Vec<SchemaEdit> },
    /// The documentation of every rule of one kind, for the rule catalogue (the page's module holds
    /// no catalogue texts: the migration rules' and the schema rules' details, fixes and examples
    /// live here; see `ruledoc`).
    Rules(RuleKind),
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Layout(Layout),
    Generated(Generated),
    Checked(Checked),
    Planned(Planned),
    /// The kind read, and the DDL (`None`: the input is SQL).
    /// (Boxed: the reply stays small when the DDL grows fields.)
    Translated(InputKind, Option<Box<Translated>>),
    History(HistoryView),
    HistoryPoint(HistoryPoint),
    Edited(Edited),
    Fixes(Vec<Option<Fix>>),
    Rules(Vec<RuleHelp>),
}

/// How an edit asked from the diagram turned out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edited {
    /// The text edits that make the change.
    Planned(Fix),
    /// A relationship to columns that are not a key: why, and the plan that also creates the key.
    NeedsKey { message: String, with_key: Fix },
    /// Why the edit cannot be made (shown to the person).
    Refused(String),
}

impl Edited {
    /// Plans `edit` on `source` (see `edit::plan_edit_in`).
    pub fn plan(source: &Source, edit: &SchemaEdit) -> Edited {
        let imported = read(&source.text, source.kind, source.dialect);
        let p = &imported.parsed;
        let e = match plan_edit_in(imported.kind, &source.text, source.dialect, &p.schema, &p.diagnostics, edit) {
            Ok(fix) => return Edited::Planned(fix),
            Err(e) => e,
        };
        let message = e.to_string();
        match e {
            EditError::TargetNotUnique { with_key, .. } => Edited::NeedsKey { message, with_key: *with_key },
            _ => Edited::Refused(message),
        }
    }
}

/// A migration check, with the documentation of each rule that fired (the page does not hold
/// the rule catalogue).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    report: MigrationReport,
    /// `report.diagnostics[i].span` (a diagnostic's span is not part of its serialised form).
    spans: Vec<Span>,
    pub rules: Vec<RuleHelp>,
}

impl Checked {
    pub fn new(report: MigrationReport) -> Checked {
        let mut rules: Vec<RuleHelp> = Vec::new();
        for (_, f) in report.findings() {
            if rules.iter().any(|r| r.id == f.rule) {
                continue;
            }
            if let Some(m) = migrate::rules().iter().find(|m| m.id == f.rule) {
                rules.push(RuleHelp::from(m));
            }
        }
        let mut report = report;
        let spans = report.diagnostics.iter_mut().map(|d| std::mem::take(&mut d.span)).collect();
        Checked { report, spans, rules }
    }

    /// The report as the checker made it.
    pub fn report(&self) -> MigrationReport {
        let mut r = self.report.clone();
        for (d, s) in r.diagnostics.iter_mut().zip(&self.spans) {
            d.span = *s;
        }
        r
    }

    pub fn rule(&self, id: &str) -> Option<&RuleHelp> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// A rule's documentation as the page shows it (the Migration tab's findings, the rule
/// catalogue): its [`RuleDoc`], owned, to send from the worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleHelp {
    pub id: String,
    pub aliases: Vec<String>,
    pub severity: Severity,
    pub dialects: Vec<Dialect>,
    pub summary: String,
    pub details: String,
    pub why: String,
    pub fix: String,
    pub bad: String,
    pub good: String,
}

impl From<&RuleDoc> for RuleHelp {
    fn from(m: &RuleDoc) -> RuleHelp {
        RuleHelp {
            id: m.id.into(),
            aliases: m.aliases.iter().map(|a| a.to_string()).collect(),
            severity: m.severity,
            dialects: m.dialects.to_vec(),
            summary: m.summary.into(),
            details: m.details.into(),
            why: m.why.into(),
            fix: m.fix.into(),
            bad: m.bad.into(),
            good: m.good.into(),
        }
    }
}

/// A plan, its forward script as one text, and how many errors the baseline has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Planned {
    plan: Plan,
    /// `plan.dialect` (not part of a plan's serialised form).
    dialect: Dialect,
    /// `plan.up_sql()`.
    pub up: String,
    pub baseline_errors: usize,
}

impl Planned {
    pub fn new(plan: Plan, baseline_errors: usize) -> Planned {
        let up = plan.up_sql();
        let mut plan = plan;
        let dialect = std::mem::take(&mut plan.dialect);
        Planned { plan, dialect, up, baseline_errors }
    }

    /// The plan as the differ made it.
    pub fn plan(&self) -> Plan {
        Plan { dialect: self.dialect, ..self.plan.clone() }
    }
}

/// The page's message to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: u64,
    pub request: Request,
}

/// The worker's message to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Reply { id: u64, reply: Reply },
    /// The worker panicked while answering `id` (its panic hook sends this just before the
    /// module traps; the page then restarts the worker).
    Panicked { id: Option<u64>, message: String },
}

/// How many parses the worker keeps (the current text, a baseline, one more).
const KEEP_PARSES: usize = 3;

/// The worker's state: the last few parses, and the last migration folder read (a point picked
/// in it does not read it again).
#[derive(Default)]
pub struct Engine {
    parsed: Vec<(Source, Arc<Parsed>)>,
    folder: Option<(Folder, Arc<History>)>,
}

impl Engine {
    /// Answers one request. Never panics on any input (the engine's own guarantee).
    pub fn handle(&mut self, request: Request) -> Reply {
        match request {
            Request::Layout { graph, positions } => Reply::Layout(erd::layout(&graph, &LayoutOptions { positions, ..Default::default() })),
            Request::Generate { source, target, options, notes } => {
                let parsed = self.parse(source);
                if target == Target::Dbml && !notes.is_empty() {
                    return Reply::Generated(generate_with(&crate::codegen::dbml::with_notes(&parsed.schema, &notes), target, &options));
                }
                Reply::Generated(generate_with(&parsed.schema, target, &options))
            }
            Request::Check { schema, migration, options } => {
                let dialect = schema.dialect;
                Reply::Checked(Checked::new(check(&self.parse(schema).schema, &migration, dialect, &options)))
            }
            Request::Plan { baseline, current, options } => {
                let dialect = current.dialect;
                let (old, new) = (self.parse(baseline), self.parse(current));
                let plan = diff(&old.schema, &new.schema, dialect, &options);
                let baseline_errors = old.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
                Reply::Planned(Planned::new(plan, baseline_errors))
            }
            Request::Translate { source, kind } => {
                let (kind, translated) = translate(&source.text, kind.or(source.kind), source.dialect);
                Reply::Translated(kind, translated.map(Box::new))
            }
            Request::History { folder, options } => Reply::History(history::check(self.folder(folder), &options)),
            Request::HistoryPoint { folder, n } => Reply::HistoryPoint(history::point(&self.folder(folder), n)),
            Request::Edit { source, edit } => Reply::Edited(Edited::plan(&source, &edit)),
            Request::Fixes { source, edits } => {
                let imported = read(&source.text, source.kind, source.dialect);
                let p = &imported.parsed;
                Reply::Fixes(crate::edit::fixes::plan_all(imported.kind, &source.text, source.dialect, &p.schema, &p.diagnostics, &edits))
            }
            Request::Rules(kind) => Reply::Rules(ruledoc::all().filter(|d| d.kind == kind).map(RuleHelp::from).collect()),
        }
    }

    fn folder(&mut self, folder: Folder) -> Arc<History> {
        match &self.folder {
            Some((f, h)) if *f == folder => h.clone(),
            _ => {
                let h = Arc::new(folder.read());
                self.folder = Some((folder, h.clone()));
                h
            }
        }
    }

    fn parse(&mut self, source: Source) -> Arc<Parsed> {
        if let Some(i) = self.parsed.iter().position(|(s, _)| *s == source) {
            let hit = self.parsed.remove(i);
            let p = hit.1.clone();
            self.parsed.push(hit);
            return p;
        }
        let p = Arc::new(read(&source.text, source.kind, source.dialect).parsed);
        if self.parsed.len() == KEEP_PARSES {
            self.parsed.remove(0);
        }
        self.parsed.push((source, p.clone()));
        p
    }
}

/// Deserialises a `&'static str` field (a rule id): each distinct text is kept once for the rest
/// of the program, so a page that reads many reports does not grow.
pub(crate) fn static_str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    use std::cell::RefCell;
    use std::collections::BTreeSet;
    thread_local! {
        static KEPT: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
    }
    let s = String::deserialize(d)?;
    Ok(KEPT.with_borrow_mut(|kept| match kept.get(s.as_str()) {
        Some(k) => *k,
        None => {
            let k: &'static str = Box::leak(s.into_boxed_str());
            kept.insert(k);
            k
        }
    }))
}

pub mod history;
pub use history::{Folder, HistoryPoint, HistoryView};

#[cfg(test)]
mod tests;
