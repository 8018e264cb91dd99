//! Schema Playground engine.
//!
//! A pipeline of plain functions over one data model; no web or UI dependency, so it builds
//! natively (the `schemaplay` CLI, the tests, the benchmarks) and for `wasm32` (the browser app).
//!
//! ```text
//! text ──parse──▶ Schema (model, with source spans) ──┬─▶ lint      → Vec<Finding>
//!                                                      ├─▶ migrate   → per-statement locks + findings
//!                                                      ├─▶ codegen   → String per target
//!                                                      └─▶ erd       → Layout → SVG
//! share: State ⇄ URL fragment
//! ```
//!
//! [`analyze`] runs the pipeline once for a given [`Input`]; the app keeps its result in a single
//! `Memo` and every panel derives from it.

pub mod codegen;
pub mod diagnostic;
pub mod directives;
pub mod dialect;
pub mod edit;
pub mod examples;
pub mod explain;
pub mod highlight;
pub mod lint;
pub mod migrate;
pub mod model;
pub mod erd;
pub mod parse;
pub mod remote;
pub mod rng;
pub mod sort;
pub mod ruledoc;
pub mod share;
pub mod span;
pub mod sqltext;

pub use diagnostic::{Diagnostic, Severity};
pub use dialect::Dialect;
pub use model::Schema;
pub use parse::{detect_dialect, Detection};
pub use span::{LineIndex, Span};

/// What the person typed: the schema text and the dialect it is written in.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Input {
    pub text: String,
    pub dialect: Dialect,
    /// Lint rule settings (severity overrides, rules switched off).
    pub lint: lint::LintConfig,
}

/// Everything the panels show, computed from one [`Input`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Analysis {
    /// Statements found in the script (parsed or not).
    pub statement_count: usize,
    /// Parse diagnostics, each pointing at its line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The imported schema (shared: cloning an `Analysis` does not copy it).
    pub schema: std::sync::Arc<Schema>,
    /// Lint findings, sorted by position.
    pub findings: Vec<lint::Finding>,
}

/// Runs the whole engine over the input. Never panics on any text.
pub fn analyze(input: &Input) -> Analysis {
    let parsed = parse::parse(&input.text, input.dialect);
    let findings = lint::lint(&input.text, &parsed.schema, &input.lint);
    Analysis {
        statement_count: parsed.statement_count,
        diagnostics: parsed.diagnostics,
        schema: std::sync::Arc::new(parsed.schema),
        findings,
    }
}

/// [`analyze`] in slices, for the browser's main thread: each [`AnalysisJob::step`] works until
/// `more()` says stop (asked after every statement and every lint rule), so a 1,000-table paste
/// is analysed in many short tasks instead of one long freeze. The finished analysis equals
/// [`analyze`]'s.
pub struct AnalysisJob {
    input: Input,
    stage: Stage,
}

enum Stage {
    Parse(parse::ParseJob),
    Lint { parsed: parse::Parsed, lint: lint::LintJob },
    Done,
}

impl AnalysisJob {
    pub fn new(input: Input) -> AnalysisJob {
        let stage = Stage::Parse(parse::ParseJob::new(&input.text, input.dialect));
        AnalysisJob { input, stage }
    }

    /// The input back (once the analysis is taken).
    pub fn into_input(self) -> Input {
        self.input
    }

    /// Works until `more()` returns false; the analysis once everything has run (then the job
    /// is spent: further steps return `None`).
    pub fn step(&mut self, more: &mut dyn FnMut() -> bool) -> Option<Analysis> {
        loop {
            match std::mem::replace(&mut self.stage, Stage::Done) {
                Stage::Parse(mut job) => {
                    if !job.step(&self.input.text, more) {
                        self.stage = Stage::Parse(job);
                        return None;
                    }
                    self.stage = Stage::Lint { parsed: job.finish(), lint: lint::LintJob::default() };
                    if !more() {
                        return None;
                    }
                }
                Stage::Lint { parsed, mut lint } => {
                    let i = &self.input;
                    if !lint.step(&i.text, &parsed.schema, &i.lint, more) {
                        self.stage = Stage::Lint { parsed, lint };
                        return None;
                    }
                    let findings = lint.finish(&i.text, &parsed.schema);
                    return Some(Analysis {
                        statement_count: parsed.statement_count,
                        diagnostics: parsed.diagnostics,
                        schema: std::sync::Arc::new(parsed.schema),
                        findings,
                    });
                }
                Stage::Done => return None,
            }
        }
    }
}
