//! Migration-safety checker: replays a migration script onto the schema it runs against,
//! statement by statement, and reports per statement the PostgreSQL lock it takes (and on which
//! table), whether it rewrites or scans the table, the MySQL online-DDL algorithm, and findings
//! of the rules in `rules/`, each with a runnable safe alternative.
//!
//! Contract: [`check`] never panics on any input. The replay knows what this migration created
//! (a table created here is new and empty, so lock/scan rules do not fire on it), the current
//! column types (safe widenings are recognised) and the indexes. Directives: `-- morph:nontransactional`
//! (the file runs outside a transaction), `-- nolint` / `-- nolint:rule` and `-- squawk-ignore rule`
//! before a statement, `-- squawk-ignore-file [rules]` anywhere.

pub mod diff;
mod facts;
pub mod rules;
mod safe;
pub mod types;

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema};
use crate::parse::ops::{recognise, Op};
use crate::span::{LineIndex, Span};
use serde::Serialize;
use std::collections::HashSet;

/// Settings of a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOptions {
    /// PostgreSQL major version the migration runs on (default 18, the current stable).
    pub pg_version: u32,
    /// Each migration runs in one transaction, as migration tools do (default true).
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// One rule's documentation (like lint's `RuleMeta`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationRuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub dialects: &'static [Dialect],
    pub summary: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
    /// A migration (against the rule's `base` schema) that fires the rule exactly once.
    pub bad: &'static str,
    /// The safe way: fires nothing.
    pub good: &'static str,
    /// The schema `bad` and `good` run against.
    pub base: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationFinding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Runnable SQL (multi-step where needed) for this statement's tables and columns.
    pub safe_alternative: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub findings: Vec<MigrationFinding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
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

/// What the migration has done so far (before the statement being checked).
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Tables created in this migration (lower-cased names).
    pub created_tables: HashSet<String>,
    /// Indexes created in this migration.
    pub created_indexes: HashSet<String>,
    /// (table, column) added in this migration.
    pub created_columns: HashSet<(String, String)>,
    /// Constraints added NOT VALID in this migration (table, name).
    pub not_valid_constraints: HashSet<(String, String)>,
    /// Of those, the ones added in the transaction still open (cleared by an explicit COMMIT or
    /// ROLLBACK when the tool does not wrap the whole file in one transaction).
    pub not_valid_in_tx: HashSet<(String, String)>,
    /// Constraints validated (VALIDATE CONSTRAINT) in this migration (table, name).
    pub validated: HashSet<(String, String)>,
    pub lock_timeout: bool,
    pub statement_timeout: bool,
    /// Inside an explicit BEGIN ... COMMIT.
    pub explicit_tx: bool,
    pub lock_timeout_reported: bool,
    pub statement_timeout_reported: bool,
    /// Index of the statement that opened the current implicit/explicit transaction, if any.
    pub statements_in_tx: usize,
}

/// What a rule sees for one statement.
pub struct Ctx<'a> {
    pub dialect: Dialect,
    pub opts: &'a CheckOptions,
    pub op: &'a Op,
    /// The statement's source text.
    pub sql: &'a str,
    /// The schema before this statement.
    pub before: &'a Schema,
    /// The schema after this statement (replayed; SQLite only — elsewhere the same as `before`).
    pub after: &'a Schema,
    pub state: &'a State,
    pub facts: &'a facts::Facts,
    /// Whether the statement runs inside a transaction (tool-wrapped or explicit).
    pub in_transaction: bool,
    /// The statement is the only one in the migration apart from SET/RESET: a file written to
    /// run on its own (e.g. a lone CREATE INDEX CONCURRENTLY), which tools run without a transaction.
    pub sole_statement: bool,
}

/// Lower-cased key of a table name.
pub fn key(q: &QualifiedName) -> String {
    q.name.to_ascii_lowercase()
}

impl<'a> Ctx<'a> {
    /// The table was created earlier in this migration.
    pub fn is_new(&self, q: &QualifiedName) -> bool {
        self.state.created_tables.contains(&key(q))
    }
    pub fn is_new_column(&self, q: &QualifiedName, col: &str) -> bool {
        self.is_new(q) || self.state.created_columns.contains(&(key(q), col.to_ascii_lowercase()))
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

/// The rule catalogue (documentation of each rule).
pub fn rules() -> &'static [MigrationRuleMeta] {
    rules::METAS
}

/// Whether a directive comment in `comments` switches off `rule`.
fn suppressed(comments: &str, rule: &str) -> bool {
    for line in comments.lines() {
        let l = line.trim_start();
        let Some(c) = l.strip_prefix("--").or_else(|| l.strip_prefix("/*")) else { continue };
        let c = c.trim().trim_end_matches("*/").trim();
        if let Some(rest) = c.strip_prefix("nolint") {
            let rest = rest.trim_start_matches(':').trim();
            if rest.is_empty() {
                return true;
            }
            for r in rest.split([',', ' ']).filter(|x| !x.is_empty()) {
                if r == rule || (r.eq_ignore_ascii_case("concurrentIndex") && rule.contains("concurrent-index")) {
                    return true;
                }
            }
        } else if let Some(rest) = c.strip_prefix("squawk-ignore") {
            let rest = rest.strip_prefix("-file").unwrap_or(rest).trim();
            if rest.is_empty() || rest.split([',', ' ']).any(|r| r.trim() == rule) {
                return true;
            }
        }
    }
    false
}

/// Checks `migration` (a script in `dialect`) against `base`. Never panics.
pub fn check(base: &Schema, migration: &str, dialect: Dialect, opts: &CheckOptions) -> MigrationReport {
    check_replay(base, migration, dialect, opts).0
}

/// [`check`], also returning the schema after the whole migration (to check the next one).
pub fn check_replay(base: &Schema, migration: &str, dialect: Dialect, opts: &CheckOptions) -> (MigrationReport, Schema) {
    let lines = LineIndex::new(migration);
    let mut report = MigrationReport::default();
    let mut schema = base.clone();
    schema.dialect = dialect;
    let mut state = State::default();
    let nontransactional = migration.lines().any(|l| l.trim().eq_ignore_ascii_case("-- morph:nontransactional"));
    let file_ignores: Vec<&str> = migration.lines().filter(|l| l.contains("squawk-ignore-file")).collect();
    let file_ignores = file_ignores.join("\n");
    let tool_tx = opts.in_transaction && !nontransactional;
    let mut prev_end = 0usize;
    let stmts = crate::parse::statements(migration, dialect);
    let ops: Vec<Op> = stmts.iter().map(|s| if s.meta { Op::Other(String::new()) } else { recognise(&s.text, dialect) }).collect();
    let substantive = ops
        .iter()
        .filter(|op| match op {
            Op::Set { .. } => false,
            Op::Other(h) => !(h.is_empty() || h.starts_with("RESET")),
            _ => true,
        })
        .count();
    for (index, (st, op)) in stmts.into_iter().zip(ops).enumerate() {
        let (line, _) = lines.line_col(st.span.start);
        let raw_sql = migration.get(st.span.start..st.span.end).unwrap_or("");
        // Leading comments belong to the statement in the split; the SQL shown starts at the first token.
        let first_tok = first_token_offset(raw_sql, dialect);
        let comments = format!("{}\n{}", migration.get(prev_end..st.span.start).unwrap_or(""), raw_sql.get(..first_tok).unwrap_or(""));
        prev_end = st.span.end;
        let sql = raw_sql.get(first_tok..).unwrap_or("").trim().to_string();
        let (line, _) = if first_tok > 0 { lines.line_col(st.span.start + first_tok) } else { (line, 0) };
        if st.meta || sql.is_empty() {
            continue;
        }
        if let Some(what) = st.unterminated {
            report.diagnostics.push(Diagnostic { severity: Severity::Error, message: format!("unterminated {what}: the rest of the migration is read as part of it"), span: st.span, line, column: 1 });
        }
        let in_tx = tool_tx || state.explicit_tx;
        // Statements that cannot change the model skip the replay.
        let mutates = match &op {
            Op::Set { name, .. } => name == "search_path",
            Op::Begin | Op::Commit | Op::Rollback | Op::Dml { .. } | Op::Rewrite { .. } | Op::Reindex { .. } | Op::RefreshMatView { .. } | Op::LockTable { .. } | Op::Truncate { .. } => false,
            _ => true,
        };
        // Rules see the schema before the statement; only SQLite's rebuild recipe needs the
        // schema after it, so only SQLite pays for a copy.
        let after_copy = if mutates && dialect == Dialect::Sqlite {
            let mut a = schema.clone();
            report.diagnostics.extend(crate::parse::apply(&mut a, migration, &st.text, st.span, dialect));
            Some(a)
        } else {
            None
        };
        let facts = facts::facts(&op, &schema, &state, opts, dialect);
        let mut findings = Vec::new();
        {
            let ctx = Ctx {
                dialect,
                opts,
                op: &op,
                sql: &sql,
                before: &schema,
                after: after_copy.as_ref().unwrap_or(&schema),
                state: &state,
                facts: &facts,
                in_transaction: in_tx,
                sole_statement: substantive == 1 && !state.explicit_tx,
            };
            for (meta, run) in rules::RULES.iter() {
                if meta.dialects.contains(&dialect) {
                    run(&ctx, &mut findings);
                }
            }
        }
        if let Some(a) = after_copy {
            schema = a;
        } else if mutates {
            report.diagnostics.extend(crate::parse::apply(&mut schema, migration, &st.text, st.span, dialect));
        }
        findings.retain(|f| !suppressed(&comments, f.rule) && !suppressed(&file_ignores, f.rule));
        if findings.iter().any(|f| f.rule == rules::require_lock_timeout::META.id) {
            state.lock_timeout_reported = true;
        }
        if findings.iter().any(|f| f.rule == rules::require_statement_timeout::META.id) {
            state.statement_timeout_reported = true;
        }
        let is_new = facts.table.as_ref().is_some_and(|t| state.created_tables.contains(&key(t)));
        update_state(&mut state, &op, tool_tx);
        report.statements.push(StatementReport {
            index,
            line,
            span: st.span,
            sql,
            table: facts.table.as_ref().map(|t| t.name.clone()),
            lock: if dialect == Dialect::Postgres { facts.lock } else { None },
            other_locks: facts.other_locks.iter().map(|(t, m)| (t.name.clone(), *m)).collect(),
            rewrites_table: facts.rewrites,
            scans_table: facts.scans,
            mysql_algorithm: facts.algorithm,
            new_table: is_new,
            findings,
        });
    }
    (report, schema)
}

fn first_token_offset(sql: &str, dialect: Dialect) -> usize {
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

/// `tool_tx`: the migration tool runs the whole file in one transaction.
fn update_state(state: &mut State, op: &Op, tool_tx: bool) {
    use crate::parse::ops::{Action, ConstraintKind};
    match op {
        Op::CreateTable { name, .. } => {
            state.created_tables.insert(key(name));
        }
        Op::CreateIndex { name: Some(n), .. } => {
            state.created_indexes.insert(n.to_ascii_lowercase());
        }
        Op::Set { name, value, .. } => {
            let off = matches!(value.trim().trim_matches('\'').to_ascii_lowercase().as_str(), "0" | "default" | "");
            if name == "lock_timeout" {
                state.lock_timeout = !off;
            } else if name == "statement_timeout" {
                state.statement_timeout = !off;
            }
        }
        Op::Begin => state.explicit_tx = true,
        Op::Commit | Op::Rollback => {
            state.explicit_tx = false;
            if !tool_tx {
                state.not_valid_in_tx.clear();
            }
        }
        Op::AlterTable { table, actions, .. } => {
            let mut tname = table.clone();
            for a in actions {
                match a {
                    Action::AddColumn { column, .. } => {
                        state.created_columns.insert((key(&tname), column.name.to_ascii_lowercase()));
                    }
                    Action::AddConstraint { name: Some(n), not_valid: true, kind } if !matches!(kind, ConstraintKind::Index { .. }) => {
                        state.not_valid_constraints.insert((key(&tname), n.to_ascii_lowercase()));
                        state.not_valid_in_tx.insert((key(&tname), n.to_ascii_lowercase()));
                    }
                    Action::ValidateConstraint { name } => {
                        state.validated.insert((key(&tname), name.to_ascii_lowercase()));
                    }
                    Action::RenameColumn { from, to } => {
                        if state.created_columns.remove(&(key(&tname), from.to_ascii_lowercase())) {
                            state.created_columns.insert((key(&tname), to.to_ascii_lowercase()));
                        }
                    }
                    Action::RenameTable { to } => {
                        if state.created_tables.remove(&key(&tname)) {
                            state.created_tables.insert(key(to));
                        }
                        tname = to.clone();
                    }
                    _ => {}
                }
            }
        }
        Op::RenameTables { pairs } => {
            for (a, b) in pairs {
                if state.created_tables.remove(&key(a)) {
                    state.created_tables.insert(key(b));
                }
            }
        }
        Op::DropTable { names, .. } => {
            for n in names {
                state.created_tables.remove(&key(n));
            }
        }
        _ => {}
    }
}

#[derive(Serialize)]
struct JFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    safe_alternative: Option<&'a str>,
}

#[derive(Serialize)]
struct JStatement<'a> {
    index: usize,
    line: usize,
    sql: &'a str,
    table: Option<&'a str>,
    lock: Option<&'static str>,
    rewrites_table: bool,
    scans_table: bool,
    mysql_algorithm: Option<&'static str>,
    new_table: bool,
    findings: Vec<JFinding<'a>>,
}

#[derive(Serialize)]
struct JReport<'a> {
    statements: Vec<JStatement<'a>>,
    diagnostics: &'a [Diagnostic],
}

/// The `check-migration --format json` document (DESIGN.md's shape, plus `mysql_algorithm`,
/// `new_table` and `diagnostics`).
pub fn report_json(r: &MigrationReport) -> String {
    let j = JReport {
        statements: r
            .statements
            .iter()
            .map(|s| JStatement {
                index: s.index,
                line: s.line,
                sql: &s.sql,
                table: s.table.as_deref(),
                lock: s.lock.map(LockMode::name),
                rewrites_table: s.rewrites_table,
                scans_table: s.scans_table,
                mysql_algorithm: s.mysql_algorithm.map(Algorithm::name),
                new_table: s.new_table,
                findings: s.findings.iter().map(|f| JFinding { rule: f.rule, severity: f.severity, message: &f.message, safe_alternative: f.safe_alternative.as_deref() }).collect(),
            })
            .collect(),
        diagnostics: &r.diagnostics,
    };
    serde_json::to_string_pretty(&j).unwrap_or_else(|_| "{}".into())
}

/// Human text: per statement `line N: <first line>`, its lock, then findings with the safe
/// alternative indented.
pub fn report_text(r: &MigrationReport) -> String {
    let mut out = String::new();
    for s in &r.statements {
        let first = s.sql.lines().next().unwrap_or("");
        out.push_str(&format!("line {}: {}\n", s.line, first));
        let mut bits: Vec<String> = Vec::new();
        if let Some(l) = s.lock {
            bits.push(format!("lock: {} on {}", l.name(), s.table.as_deref().unwrap_or("?")));
        }
        for (t, m) in &s.other_locks {
            bits.push(format!("{} on {t}", m.name()));
        }
        if let Some(a) = s.mysql_algorithm {
            bits.push(format!("ALGORITHM={}", a.name()));
        }
        if s.rewrites_table {
            bits.push("rewrites table".into());
        } else if s.scans_table {
            bits.push("scans table".into());
        }
        if s.new_table {
            bits.push("table created in this migration".into());
        }
        if !bits.is_empty() {
            out.push_str(&format!("  {}\n", bits.join(" · ")));
        }
        for f in &s.findings {
            out.push_str(&format!("  {} [{}] {}\n", f.severity.id(), f.rule, f.message));
            if let Some(alt) = &f.safe_alternative {
                out.push_str("    safe alternative:\n");
                for l in alt.lines() {
                    out.push_str(&format!("      {l}\n"));
                }
            }
        }
    }
    for d in &r.diagnostics {
        out.push_str(&format!("line {}: {}: {}\n", d.line, d.severity.id(), d.message));
    }
    let n = r.findings().count();
    out.push_str(&format!("{} statement(s), {} finding(s)\n", r.statements.len(), n));
    out
}

#[cfg(test)]
mod tests;
