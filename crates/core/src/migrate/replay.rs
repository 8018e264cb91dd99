//! The replay: a migration applied statement by statement to the schema it runs against, with what
//! the migration has done so far ([`State`]) and the transaction each statement runs in.
//!
//! # Transactions
//!
//! A file starts inside the migration tool's transaction when the tool wraps migrations in one
//! ([`CheckOptions::in_transaction`], default yes) unless a directive says the file runs outside one
//! (`-- squawk-disable-assume-in-transaction`, `-- morph:nontransactional`). Then `BEGIN` opens a
//! transaction, and `COMMIT` / `ROLLBACK` end the current one — the tool's included: the
//! statements after an explicit `COMMIT` run outside any transaction until the next `BEGIN`. A
//! `ROLLBACK` forgets the tables its transaction created.
//!
//! A file whose only statement cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`, ...)
//! is one written to run on its own, outside a transaction (squawk makes the same exception): every
//! rule sees that statement outside a transaction. Only a statement truly alone counts — a `SET`
//! beside it puts it back in a transaction (PostgreSQL runs a multi-statement script as one
//! implicit transaction, and squawk counts every statement too), so the safe version of such a
//! statement adds no `SET` before it ([`concurrent_capable`]).
//!
//! A file is *atomic* when every statement that changes something runs in one transaction: a
//! failure rolls all of it back and the file can simply be run again. Otherwise part of it can stay
//! applied, which is what `prefer-robust-stmts` is about.

use super::rules;
use super::{facts, CheckOptions, Ctx, MigrationReport, StatementReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::directives::Directives;
use crate::model::{QualifiedName, Schema};
use crate::parse::ops::{recognise, Action, ConstraintKind, Op};
use crate::span::LineIndex;
use std::collections::{HashMap, HashSet};

/// A table's key in the replay's sets: the schema as PostgreSQL resolves it (`public` when not
/// written) and the name; MySQL and SQLite compare names only.
pub fn table_key(dialect: Dialect, q: &QualifiedName) -> String {
    match dialect {
        Dialect::Postgres => format!("{}.{}", q.schema.as_deref().unwrap_or("public"), q.name),
        _ => q.name.to_ascii_lowercase(),
    }
}

/// What the migration has done before the statement being checked.
#[derive(Clone, Debug, Default)]
pub struct State {
    dialect: Dialect,
    /// Tables created in this migration (and not rolled back).
    created_tables: HashSet<String>,
    /// Of those, the ones created in the transaction still open (a ROLLBACK forgets them).
    created_in_tx: Vec<String>,
    /// Indexes created in this migration.
    pub created_indexes: HashSet<String>,
    /// (table, column) added in this migration.
    created_columns: HashSet<(String, String)>,
    /// Constraints added NOT VALID in the transaction still open (table, name).
    not_valid_in_tx: HashSet<(String, String)>,
    /// Constraints validated (VALIDATE CONSTRAINT) in this migration (table, name).
    validated: HashSet<(String, String)>,
    /// Tables with a VALIDATE CONSTRAINT of a constraint the schema does not know (added by an
    /// earlier migration that is not part of the schema given).
    validated_unknown: HashSet<String>,
    /// Constraints added in this migration (table, name).
    added_constraints: HashSet<(String, String)>,
    /// Of those, `CHECK (col IS NOT NULL)`: (table, name) → column.
    not_null_checks: HashMap<(String, String), String>,
    /// Constraints dropped in this migration (table, name) → added again since.
    dropped_constraints: HashMap<(String, String), bool>,
    /// Views the migration creates (anywhere in the file): a view left with a renamed table's old
    /// name keeps the old code working.
    views: HashSet<String>,
    /// Tables another table is renamed to somewhere in the file (a rebuild: create the new shape,
    /// copy, drop the old table, rename the new one over it).
    renamed_to: HashSet<String>,
    /// MySQL `SET foreign_key_checks = 0` in effect.
    pub foreign_key_checks_off: bool,
    pub lock_timeout: bool,
    pub statement_timeout: bool,
    pub lock_timeout_reported: bool,
    pub statement_timeout_reported: bool,
    /// Inside a transaction (the tool's or an explicit one).
    pub in_tx: bool,
    /// Inside an explicit BEGIN.
    pub explicit_tx: bool,
    /// Line of the BEGIN that opened the explicit transaction.
    pub begin_line: usize,
    /// The migration tool's transaction is still open (no COMMIT / ROLLBACK has ended it).
    pub tool_tx: bool,
    /// The migration tool runs the file in a transaction (and commits at its end).
    pub tool_wraps: bool,
}

impl State {
    pub fn key(&self, q: &QualifiedName) -> String {
        table_key(self.dialect, q)
    }
    /// The table was created earlier in this migration.
    pub fn is_new(&self, q: &QualifiedName) -> bool {
        self.created_tables.contains(&self.key(q))
    }
    /// The column was added (or its table created) earlier in this migration.
    pub fn is_new_column(&self, q: &QualifiedName, col: &str) -> bool {
        self.is_new(q) || self.created_columns.contains(&(self.key(q), col.to_ascii_lowercase()))
    }
    /// The constraint was added NOT VALID in the transaction still open.
    pub fn not_valid_in_open_tx(&self, q: &QualifiedName, name: &str) -> bool {
        self.not_valid_in_tx.contains(&(self.key(q), name.to_ascii_lowercase()))
    }
    pub fn validated(&self, q: &QualifiedName, name: &str) -> bool {
        self.validated.contains(&(self.key(q), name.to_ascii_lowercase()))
    }
    /// A constraint the schema does not know was validated on the table in this migration.
    pub fn validated_unknown(&self, q: &QualifiedName) -> bool {
        self.validated_unknown.contains(&self.key(q))
    }
    /// Another table is renamed to `q` later in the file (a table rebuild).
    pub fn rebuilt(&self, q: &QualifiedName) -> bool {
        self.renamed_to.contains(&self.key(q))
    }
    /// A `CHECK (col IS NOT NULL)` added in this migration has been validated since.
    pub fn validated_not_null_check(&self, q: &QualifiedName, col: &str) -> bool {
        let k = self.key(q);
        self.not_null_checks.iter().any(|((t, n), c)| *t == k && c.eq_ignore_ascii_case(col) && self.validated.contains(&(k.clone(), n.clone())))
    }
    /// The migration creates a view named `q` (anywhere in the file).
    pub fn creates_view(&self, q: &QualifiedName) -> bool {
        self.views.contains(&self.key(q))
    }
    /// ADD CONSTRAINT `name` re-adds a constraint this migration dropped (a re-runnable pair).
    pub fn readds_dropped(&self, q: &QualifiedName, name: &str) -> bool {
        self.dropped_constraints.get(&(self.key(q), name.to_ascii_lowercase())) == Some(&false)
    }
}

/// Statements that change nothing a re-run could trip over.
fn substantive(op: &Op) -> bool {
    match op {
        Op::Set { .. } | Op::Reset { .. } | Op::Begin | Op::Commit { .. } | Op::Rollback { .. } => false,
        Op::Other(h) => !(h.is_empty() || h.starts_with("SELECT") || h.starts_with("SHOW") || h.starts_with("EXPLAIN")),
        _ => true,
    }
}

/// Statements PostgreSQL refuses inside a transaction block.
pub fn needs_no_transaction(op: &Op) -> bool {
    match op {
        Op::CreateIndex { concurrently, .. } | Op::DropIndex { concurrently, .. } | Op::Reindex { concurrently, .. } => *concurrently,
        Op::AlterTable { actions, .. } => actions.iter().any(|a| matches!(a, Action::DetachPartition { concurrently: true, .. })),
        _ => false,
    }
}

/// Statements that have a `CONCURRENTLY` form (which cannot run inside a transaction block).
pub fn concurrent_capable(op: &Op) -> bool {
    match op {
        Op::CreateIndex { .. } | Op::DropIndex { .. } | Op::Reindex { .. } => true,
        Op::AlterTable { actions, .. } => actions.iter().any(|a| matches!(a, Action::DetachPartition { .. })),
        _ => false,
    }
}

/// The transaction layout of the whole file, read before the replay.
struct Layout {
    /// Per statement: it runs in a transaction that a failure rolls back as a whole with
    /// everything else the file does, or that records its own completion (it updates alembic's
    /// `alembic_version`, as alembic's offline SQL does per migration): the file can be run again.
    rerun_safe: Vec<bool>,
    /// The file's only substantive statement cannot run in a transaction.
    sole_nontransactional: bool,
    /// The file has one statement (SET and RESET count) and no explicit BEGIN.
    sole: bool,
    /// Indexes of the COMMIT and BEGIN statements that split a step out of the transaction on
    /// purpose: `COMMIT; BEGIN;` (continue in a new transaction) or `COMMIT;` statements that
    /// cannot run in a transaction `BEGIN;`.
    splits: HashSet<usize>,
}

fn records_version(op: &Op) -> bool {
    matches!(op, Op::Dml { verb, table: Some(t) } if (verb == "UPDATE" || verb == "INSERT") && t.name.eq_ignore_ascii_case("alembic_version"))
}

fn layout(ops: &[Op], tool_tx: bool) -> Layout {
    // segments: runs of statements in one transaction; each statement outside one is its own
    let mut in_tx = tool_tx;
    let mut segment = 0usize;
    let mut seg_of = vec![None; ops.len()];
    let mut explicit = false;
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::Begin => {
                explicit = true;
                if !in_tx {
                    segment += 1;
                }
                in_tx = true;
            }
            Op::Commit { chain } | Op::Rollback { chain } => {
                in_tx = *chain;
                segment += 1;
            }
            op if substantive(op) => {
                if !in_tx {
                    segment += 1;
                }
                seg_of[i] = Some((segment, in_tx));
            }
            _ => {}
        }
    }
    let used: HashSet<usize> = seg_of.iter().flatten().map(|s| s.0).collect();
    let atomic = used.len() <= 1 && seg_of.iter().flatten().all(|s| s.1);
    let recording: HashSet<usize> = ops.iter().zip(&seg_of).filter(|(o, _)| records_version(o)).filter_map(|(_, s)| s.filter(|s| s.1).map(|s| s.0)).collect();
    let rerun_safe = seg_of.iter().map(|s| s.map_or(atomic, |(seg, tx)| tx && (atomic || recording.contains(&seg)))).collect();
    let written: Vec<&Op> = ops.iter().filter(|o| !matches!(o, Op::Other(h) if h.is_empty())).collect();
    let sole = !explicit && written.len() == 1;
    let mut splits = HashSet::new();
    for (i, op) in ops.iter().enumerate() {
        if !matches!(op, Op::Commit { chain: false }) {
            continue;
        }
        let between = |o: &Op| needs_no_transaction(o) || matches!(o, Op::Set { .. } | Op::Reset { .. }) || matches!(o, Op::Other(h) if h.is_empty());
        let next = ops[i + 1..].iter().position(|o| !between(o));
        if let Some(j) = next.map(|k| i + 1 + k).filter(|&j| matches!(ops[j], Op::Begin)) {
            splits.insert(i);
            splits.insert(j);
        }
    }
    Layout { rerun_safe, sole_nontransactional: sole && needs_no_transaction(written[0]), sole, splits }
}

/// Checks `migration` against `base` (see [`super::check_replay`]).
pub fn run(base: &Schema, migration: &str, dialect: Dialect, opts: &CheckOptions) -> (MigrationReport, Schema) {
    let lines = LineIndex::new(migration);
    let directives = Directives::scan(migration);
    let mut report = MigrationReport::default();
    let mut schema = base.clone();
    schema.dialect = dialect;
    let tool_tx = opts.in_transaction && !directives.no_transaction();
    let mut state = State { dialect, in_tx: tool_tx, tool_tx, tool_wraps: tool_tx, ..Default::default() };
    let stmts = crate::parse::statements(migration, dialect);
    let ops: Vec<Op> = stmts.iter().map(|s| if s.meta { Op::Other(String::new()) } else { recognise(&s.text, dialect) }).collect();
    let shape = layout(&ops, tool_tx);
    let count = ops.len();
    state.views = ops.iter().filter_map(|o| if let Op::CreateView { name } = o { Some(table_key(dialect, name)) } else { None }).collect();
    state.renamed_to = ops
        .iter()
        .flat_map(|o| match o {
            Op::AlterTable { actions, .. } => actions.iter().filter_map(|a| if let Action::RenameTable { to } = a { Some(table_key(dialect, to)) } else { None }).collect::<Vec<_>>(),
            Op::RenameTables { pairs } => pairs.iter().map(|(_, b)| table_key(dialect, b)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut prev_end = 0usize;
    for (index, (st, op)) in stmts.into_iter().zip(ops).enumerate() {
        let raw_sql = migration.get(st.span.start..st.span.end).unwrap_or("");
        // Leading comments belong to the statement in the split; the SQL shown starts at the first token.
        let first_tok = super::first_token_offset(raw_sql, dialect);
        let sql = raw_sql.get(first_tok..).unwrap_or("").trim().to_string();
        let (comment_line, _) = lines.line_col(prev_end);
        let (line, _) = lines.line_col(st.span.start + first_tok);
        let (last_line, _) = lines.line_col(st.span.end);
        prev_end = st.span.end;
        if st.meta || sql.is_empty() {
            continue;
        }
        if let Some(what) = st.unterminated {
            report.diagnostics.push(Diagnostic { severity: Severity::Error, message: format!("unterminated {what}: the rest of the migration is read as part of it"), span: st.span, line, column: 1 });
        }
        let in_tx = state.in_tx && !(shape.sole_nontransactional && needs_no_transaction(&op));
        // Statements that cannot change the model skip the replay.
        let mutates = match &op {
            Op::Set { name, .. } => name == "search_path",
            Op::Begin | Op::Commit { .. } | Op::Rollback { .. } | Op::Dml { .. } | Op::Rewrite { .. } | Op::Reindex { .. } | Op::RefreshMatView { .. } | Op::LockTable { .. } | Op::Truncate { .. } => false,
            _ => true,
        };
        // Rules see the schema before the statement; only SQLite's rebuild recipe needs the
        // schema after it, so only SQLite pays for a copy.
        let after_copy = (mutates && dialect == Dialect::Sqlite).then(|| {
            let mut a = schema.clone();
            report.diagnostics.extend(crate::parse::apply(&mut a, migration, &lines, &st.text, st.span, dialect));
            a
        });
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
                rerun_safe: in_tx && shape.rerun_safe[index],
                sole_statement: shape.sole,
                split: shape.splits.contains(&index),
                last: index + 1 == count,
                statement_text: st.text.as_str(),
            };
            for (meta, run) in rules::RULES.iter() {
                if meta.dialects.contains(&dialect) {
                    run(&ctx, &mut findings);
                }
            }
        }
        findings.retain(|f| {
            let aliases = rules::doc(f.rule).map_or(&[][..], |d| d.aliases);
            !directives.statement_ignored(f.rule, aliases, comment_line, last_line)
        });
        if let Some(a) = after_copy {
            schema = a;
        } else if mutates {
            report.diagnostics.extend(crate::parse::apply(&mut schema, migration, &lines, &st.text, st.span, dialect));
        }
        state.lock_timeout_reported |= findings.iter().any(|f| f.rule == rules::require_lock_timeout::META.id);
        state.statement_timeout_reported |= findings.iter().any(|f| f.rule == rules::require_statement_timeout::META.id);
        let is_new = facts.table.as_ref().is_some_and(|t| state.is_new(t));
        if matches!(op, Op::Begin) {
            state.begin_line = line;
        }
        update(&mut state, &op, base, &schema);
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
            in_transaction: in_tx,
            findings,
        });
    }
    (report, schema)
}

/// What a statement changes in the state (after the rules have seen it).
fn update(state: &mut State, op: &Op, base: &Schema, after: &Schema) {
    match op {
        Op::CreateTable { name, .. } => {
            let k = state.key(name);
            if state.in_tx {
                state.created_in_tx.push(k.clone());
            }
            state.created_tables.insert(k);
        }
        Op::CreateIndex { name: Some(n), .. } => {
            state.created_indexes.insert(n.to_ascii_lowercase());
        }
        Op::Set { name, value, .. } => {
            let off = matches!(value.trim().trim_matches('\'').to_ascii_lowercase().as_str(), "0" | "default" | "");
            match name.as_str() {
                "lock_timeout" => state.lock_timeout = !off,
                "statement_timeout" => state.statement_timeout = !off,
                "foreign_key_checks" => state.foreign_key_checks_off = matches!(value.trim().to_ascii_lowercase().as_str(), "0" | "off" | "false"),
                _ => {}
            }
        }
        Op::Reset { name } => match name.as_str() {
            "lock_timeout" => state.lock_timeout = false,
            "statement_timeout" => state.statement_timeout = false,
            "all" => {
                state.lock_timeout = false;
                state.statement_timeout = false;
            }
            _ => {}
        },
        Op::Begin => {
            if !state.in_tx {
                state.not_valid_in_tx.clear();
                state.created_in_tx.clear();
            }
            state.in_tx = true;
            state.explicit_tx = true;
        }
        Op::Commit { chain } | Op::Rollback { chain } => {
            if matches!(op, Op::Rollback { .. }) {
                for k in std::mem::take(&mut state.created_in_tx) {
                    state.created_tables.remove(&k);
                }
            }
            state.created_in_tx.clear();
            state.not_valid_in_tx.clear();
            state.in_tx = *chain;
            state.explicit_tx = *chain;
            state.tool_tx = false;
        }
        Op::AlterTable { table, actions, .. } => alter_table(state, table, actions, base, after),
        Op::RenameTables { pairs } => {
            for (a, b) in pairs {
                let (ka, kb) = (state.key(a), state.key(b));
                if state.created_tables.remove(&ka) {
                    state.created_tables.insert(kb);
                }
            }
        }
        Op::DropTable { names, .. } => {
            for n in names {
                let k = state.key(n);
                state.created_tables.remove(&k);
            }
        }
        _ => {}
    }
}

fn alter_table(state: &mut State, table: &QualifiedName, actions: &[Action], base: &Schema, after: &Schema) {
    let mut tname = table.clone();
    for a in actions {
        let k = state.key(&tname);
        match a {
            Action::AddColumn { column, .. } => {
                state.created_columns.insert((k, column.name.to_ascii_lowercase()));
            }
            Action::AddConstraint { name: Some(n), not_valid, kind } if !matches!(kind, ConstraintKind::Index { .. }) => {
                let n = n.to_ascii_lowercase();
                state.added_constraints.insert((k.clone(), n.clone()));
                if let ConstraintKind::Check { expression } = kind {
                    if let Some(col) = super::facts::not_null_check_column(expression) {
                        state.not_null_checks.insert((k.clone(), n.clone()), col);
                    }
                }
                if *not_valid && state.in_tx {
                    state.not_valid_in_tx.insert((k.clone(), n.clone()));
                }
                if let Some(readded) = state.dropped_constraints.get_mut(&(k, n)) {
                    *readded = true;
                }
            }
            Action::DropConstraint { name, .. } => {
                state.dropped_constraints.insert((k, name.to_ascii_lowercase()), false);
            }
            Action::ValidateConstraint { name } => {
                let known = state.added_constraints.contains(&(k.clone(), name.to_ascii_lowercase()))
                    || [base, after].iter().any(|s| s.table(&tname).is_some_and(|t| t.checks.iter().any(|c| c.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(name)))));
                if !known {
                    state.validated_unknown.insert(k.clone());
                }
                state.validated.insert((k, name.to_ascii_lowercase()));
            }
            Action::RenameColumn { from, to } if state.created_columns.remove(&(k.clone(), from.to_ascii_lowercase())) => {
                state.created_columns.insert((k, to.to_ascii_lowercase()));
            }
            Action::RenameTable { to } => {
                let kt = state.key(to);
                if state.created_tables.remove(&k) {
                    state.created_tables.insert(kt);
                }
                tname = to.clone();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (every substantive statement can be re-run, the sole statement needs no transaction)
    fn shape(sql: &str, tool_tx: bool) -> (bool, bool) {
        let ops: Vec<Op> = crate::parse::statements(sql, Dialect::Postgres).iter().map(|s| recognise(&s.text, Dialect::Postgres)).collect();
        let l = layout(&ops, tool_tx);
        (ops.iter().zip(&l.rerun_safe).filter(|(o, _)| substantive(o)).all(|(_, r)| *r), l.sole_nontransactional)
    }

    #[test]
    fn file_layouts() {
        assert_eq!(shape("ALTER TABLE t ADD COLUMN a int; CREATE INDEX i ON t (a);", true), (true, false));
        assert_eq!(shape("ALTER TABLE t ADD COLUMN a int; CREATE INDEX i ON t (a);", false), (false, false));
        assert_eq!(shape("BEGIN; ALTER TABLE t ADD COLUMN a int; COMMIT;", false), (true, false));
        // two transactions: the first can stay applied when the second fails
        assert_eq!(shape("BEGIN; ALTER TABLE t ADD COLUMN a int; COMMIT; BEGIN; UPDATE v SET x = 1; COMMIT;", false), (false, false));
        assert_eq!(shape("CREATE INDEX CONCURRENTLY i ON t (a);", true), (true, true));
        // a SET beside it: one script, one implicit transaction (PostgreSQL 15 refuses it)
        assert_eq!(shape("SET lock_timeout = '1s'; CREATE INDEX CONCURRENTLY i ON t (a);", true), (true, false));
        assert_eq!(shape("BEGIN; CREATE INDEX CONCURRENTLY i ON t (a); COMMIT;", false), (true, false));
        assert_eq!(shape("SELECT 1; DROP TABLE t;", true), (true, false));
        // alembic's offline SQL: each migration's transaction records its own version
        assert_eq!(shape("BEGIN; ALTER TABLE t ADD COLUMN a text; UPDATE alembic_version SET version_num = 'v2'; COMMIT; BEGIN; ALTER TABLE t ADD COLUMN b text; UPDATE alembic_version SET version_num = 'v3'; COMMIT;", false), (true, false));
        assert_eq!(shape("BEGIN; ALTER TABLE t ADD COLUMN a text; COMMIT; BEGIN; UPDATE alembic_version SET version_num = 'v2'; COMMIT;", false), (false, false));
    }
}
