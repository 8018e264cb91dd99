//! Migration-safety checker: replays a migration script onto the schema it runs against,
//! statement by statement ([`replay`]), and reports per statement the PostgreSQL lock it takes (and
//! on which table), whether it rewrites or scans the table, the MySQL online-DDL algorithm, and
//! findings of the rules in `rules/`, each with a runnable safe alternative.
//!
//! Contract: [`check`] never panics on any input. The replay knows what this migration created
//! (a table created here is new and empty, so lock/scan rules do not fire on it), the current
//! column types (safe widenings are recognised), the indexes and the transaction each statement
//! runs in. Directives (see [`crate::directives`]): `-- squawk-ignore [rules]`,
//! `-- squawk-ignore-file [rules]`, `-- nolint[:rules]`, `-- squawk-disable-assume-in-transaction`
//! and `-- morph:nontransactional`.
//!
//! Defaults: PostgreSQL 18 (the current release) and one transaction per migration (what most
//! migration tools do; [`tool::wraps_in_transaction`] says which). squawk assumes PostgreSQL 15
//! and no transaction: pass `CheckOptions { pg_version: 15, in_transaction: false, .. }` to check
//! a file the way squawk does.

pub mod diff;
pub mod folder;
mod facts;
mod mysql;
pub mod replay;
mod report;
pub mod rules;
mod safe;
pub mod tool;
pub mod types;
pub mod volatility;

pub use replay::State;
pub use safe::SafeFix;
pub use report::{report_json, report_text};

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema};
use crate::parse::ops::Op;
use crate::ruledoc::RuleDoc;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Settings of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// PostgreSQL major version the migration runs on (default 18, the current release; squawk
    /// assumes 15).
    pub pg_version: u32,
    /// The migration tool runs each migration in one transaction, as most do (default true;
    /// squawk assumes not). See [`tool::wraps_in_transaction`].
    pub in_transaction: bool,
    /// MySQL server version (default 8.4.0).
    pub mysql_version: (u32, u32, u32),
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { pg_version: 18, in_transaction: true, mysql_version: (8, 4, 0) }
    }
}

/// PostgreSQL table-level lock modes, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LockMode {
    AccessExclusive,
    Exclusive,
    ShareRowExclusive,
    Share,
    ShareUpdateExclusive,
    RowExclusive,
    RowShare,
    AccessShare,
}

impl LockMode {
    pub fn name(self) -> &'static str {
        match self {
            LockMode::AccessExclusive => "ACCESS EXCLUSIVE",
            LockMode::Exclusive => "EXCLUSIVE",
            LockMode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockMode::Share => "SHARE",
            LockMode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockMode::RowExclusive => "ROW EXCLUSIVE",
            LockMode::RowShare => "ROW SHARE",
            LockMode::AccessShare => "ACCESS SHARE",
        }
    }

    /// What the lock blocks, in words.
    pub fn blocks(self) -> &'static str {
        match self {
            LockMode::AccessExclusive => "blocks all reads and writes",
            LockMode::Exclusive => "blocks writes and most reads except plain SELECT",
            LockMode::ShareRowExclusive | LockMode::Share => "blocks writes (INSERT/UPDATE/DELETE)",
            LockMode::ShareUpdateExclusive => "blocks other schema changes and VACUUM, not reads or writes",
            LockMode::RowExclusive | LockMode::RowShare | LockMode::AccessShare => "blocks only conflicting schema changes",
        }
    }

    pub fn parse(s: &str) -> Option<LockMode> {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
        [
            LockMode::AccessExclusive,
            LockMode::Exclusive,
            LockMode::ShareRowExclusive,
            LockMode::Share,
            LockMode::ShareUpdateExclusive,
            LockMode::RowExclusive,
            LockMode::RowShare,
            LockMode::AccessShare,
        ]
        .into_iter()
        .find(|m| m.name() == s)
    }
}

/// MySQL online-DDL algorithm (the cheapest one the server can use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Algorithm {
    Instant,
    Inplace,
    Copy,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Instant => "INSTANT",
            Algorithm::Inplace => "INPLACE",
            Algorithm::Copy => "COPY",
        }
    }
}

/// A rule id (spelled through this alias so that serde reads it with `remote::static_str`
/// instead of borrowing it from the input).
pub type RuleId = &'static str;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationFinding {
    #[serde(deserialize_with = "crate::remote::static_str")]
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// Runnable SQL for this migration instead of the statement (later phases as comments),
    /// written for the check's settings.
    pub safe_alternative: Option<String>,
    /// How `safe_alternative` is built (settings before the statement, its replacement), so the
    /// fixes of one statement can merge ([`StatementReport::safe_version`]).
    #[serde(default)]
    pub fix: Option<SafeFix>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementReport {
    pub index: usize,
    pub line: usize,
    /// Byte range in the migration text.
    pub span: Span,
    pub sql: String,
    /// The table the statement works on (the first one, where there are several).
    pub table: Option<String>,
    /// The PostgreSQL lock taken on `table` (None outside PostgreSQL or for lock-free statements).
    pub lock: Option<LockMode>,
    /// Other tables locked, with their mode (e.g. the referenced table of a foreign key).
    pub other_locks: Vec<(String, LockMode)>,
    pub rewrites_table: bool,
    pub scans_table: bool,
    pub mysql_algorithm: Option<Algorithm>,
    /// The table was created earlier in this migration (empty: lock and scan rules do not apply).
    pub new_table: bool,
    /// The statement runs inside a transaction (the tool's or an explicit one).
    pub in_transaction: bool,
    pub findings: Vec<MigrationFinding>,
}

impl StatementReport {
    /// One safe version of the statement from all its findings' fixes (most severe first), or
    /// `None` when none proposes anything. What "Apply safe version" puts in its place.
    pub fn safe_version(&self) -> Option<String> {
        let mut fixes: Vec<(Severity, usize, &SafeFix)> = self.findings.iter().enumerate().filter_map(|(i, f)| f.fix.as_ref().map(|x| (f.severity, i, x))).collect();
        crate::sort::by(&mut fixes, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        safe::merge(&self.sql, fixes.into_iter().map(|(_, _, f)| f))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MigrationReport {
    pub statements: Vec<StatementReport>,
    /// Statements the replay could not understand (warnings with their line).
    pub diagnostics: Vec<Diagnostic>,
}

impl MigrationReport {
    pub fn findings(&self) -> impl Iterator<Item = (&StatementReport, &MigrationFinding)> {
        self.statements.iter().flat_map(|s| s.findings.iter().map(move |f| (s, f)))
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.findings().map(|(_, f)| f.severity).max()
    }
}

/// What a rule sees for one statement.
pub struct Ctx<'a> {
    pub dialect: Dialect,
    pub opts: &'a CheckOptions,
    pub op: &'a Op,
    /// The statement's source text, from its first token (leading comments left out).
    pub sql: &'a str,
    /// The statement's text as split (with its leading comments).
    pub statement_text: &'a str,
    /// The schema before this statement.
    pub before: &'a Schema,
    /// The schema after this statement (replayed; SQLite only — elsewhere the same as `before`).
    pub after: &'a Schema,
    pub state: &'a State,
    pub facts: &'a facts::Facts,
    /// The statement runs inside a transaction (the tool's or an explicit one). A file whose only
    /// statement cannot run in a transaction (`CREATE INDEX CONCURRENTLY`) runs outside one.
    pub in_transaction: bool,
    /// A failure rolls back everything the file did (the whole file runs in one transaction), so
    /// the file can simply be run again.
    pub rerun_safe: bool,
    /// The statement is the file's only one, SET/RESET included (a file written to run on its own).
    pub sole_statement: bool,
    /// A COMMIT or BEGIN that splits a step out of the transaction on purpose (see [`replay`]).
    pub split: bool,
    /// The file's last statement.
    pub last: bool,
}

impl<'a> Ctx<'a> {
    /// The table was created earlier in this migration.
    pub fn is_new(&self, q: &QualifiedName) -> bool {
        self.state.is_new(q)
    }
    /// The statement's table was created earlier in this migration (see [`Ctx::is_new`]).
    pub fn on_new_table(&self) -> bool {
        self.facts.table.as_ref().is_some_and(|t| self.is_new(t))
    }
    /// The statement is alone in a file the tool runs in its transaction and has a CONCURRENTLY
    /// form: it (or its safe version) runs outside a transaction only while nothing shares its
    /// file, so its safe version adds no SET before it (see [`replay`]).
    pub fn alone_outside_tool_tx(&self) -> bool {
        self.sole_statement && self.state.tool_wraps && replay::concurrent_capable(self.op)
    }
    /// The column was added (or its table created) earlier in this migration: code does not use
    /// it yet (for the rules about breaking running code; a new column of an old table still has
    /// every row, so lock and scan rules ask [`Ctx::is_new`]).
    pub fn is_new_column(&self, q: &QualifiedName, col: &str) -> bool {
        self.state.is_new_column(q, col)
    }
    /// The table as it was before this statement.
    pub fn table(&self, q: &QualifiedName) -> Option<&'a crate::model::Table> {
        self.before.table(q).or_else(|| self.before.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&q.name)))
    }
    pub fn q(&self, ident: &str) -> String {
        safe::ident(self.dialect, ident)
    }
    pub fn qt(&self, q: &QualifiedName) -> String {
        safe::qname(self.dialect, q)
    }
    pub fn pg(&self) -> bool {
        self.dialect == Dialect::Postgres
    }
}

type CheckFn = fn(&Ctx, &mut Vec<MigrationFinding>);

/// The migration rule catalogue (each rule's documentation).
pub fn rules() -> &'static [RuleDoc] {
    rules::METAS
}

/// Checks `migration` (a script in `dialect`) against `base`. Never panics.
pub fn check(base: &Schema, migration: &str, dialect: Dialect, opts: &CheckOptions) -> MigrationReport {
    check_replay(base, migration, dialect, opts).0
}

/// [`check`], also returning the schema after the whole migration (to check the next one).
pub fn check_replay(base: &Schema, migration: &str, dialect: Dialect, opts: &CheckOptions) -> (MigrationReport, Schema) {
    replay::run(base, migration, dialect, opts)
}

/// The byte range of `text` a statement's replacement goes into: from its first token (its
/// leading comments stay) to its end, with the `;` right after it when the replacement brings its
/// own. `None` when `text` is not the text the report was made from.
pub fn replace_range(text: &str, s: &StatementReport, replacement: &str) -> Option<(usize, usize)> {
    let raw = text.get(s.span.start..s.span.end)?;
    let body = raw.trim_end();
    if !body.ends_with(s.sql.as_str()) {
        return None;
    }
    let start = s.span.start + body.len() - s.sql.len();
    let mut end = s.span.start + body.len();
    if replacement.trim_end().ends_with(';') && text[end..].starts_with(';') {
        end += 1;
    }
    Some((start, end))
}

/// `text` with the statement replaced by its safe version ([`StatementReport::safe_version`]);
/// `None` when it has none (or `text` is not what was checked).
pub fn apply_safe_version(text: &str, s: &StatementReport) -> Option<String> {
    let safe = s.safe_version()?;
    let (a, b) = replace_range(text, s, &safe)?;
    Some(format!("{}{}{}", &text[..a], safe.trim_end(), &text[b..]))
}

/// `text` with every statement that has a safe version replaced by it.
pub fn apply_safe_versions(text: &str, r: &MigrationReport) -> String {
    let mut out = text.to_string();
    for s in r.statements.iter().rev() {
        if let Some(t) = apply_safe_version(&out, s) {
            out = t;
        }
    }
    out
}

/// Byte offset of the first token of a statement's text (after its leading comments).
pub(crate) fn first_token_offset(sql: &str, dialect: Dialect) -> usize {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
        } else if b[i] == b'-' && b.get(i + 1) == Some(&b'-') || (b[i] == b'#' && dialect == Dialect::Mysql) {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') && b.get(i + 2) != Some(&b'!') {
            match sql.get(i + 2..).and_then(|r| r.find("*/")) {
                Some(p) => i = i + 2 + p + 2,
                None => return i,
            }
        } else {
            break;
        }
    }
    i.min(sql.len())
}

#[cfg(test)]
mod tests;
