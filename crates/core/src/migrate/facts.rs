//! Per statement: the PostgreSQL lock (per the ALTER TABLE documentation's table of subcommand
//! locks — the strongest of the subcommands wins — and each statement's reference page), whether
//! the table is rewritten or scanned (by PostgreSQL version), and the MySQL online-DDL algorithm.

use super::replay::State;
use super::types::{self, SchemaType};
use super::{mysql, volatility, Algorithm, CheckOptions, LockMode};
use crate::dialect::Dialect;
use crate::model::{DataType, QualifiedName, Schema};
use crate::parse::ops::{Action, ColumnDef, ConstraintKind, DomainAction, Op, ReindexTarget, Relation};
use crate::parse::read_type;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The table the statement works on (the first one, where there are several).
    pub table: Option<QualifiedName>,
    /// What the lock is on when no table is known (`index i`, `the tables using domain d`).
    pub object: Option<String>,
    pub lock: Option<LockMode>,
    pub other_locks: Vec<(QualifiedName, LockMode)>,
    pub rewrites: bool,
    pub scans: bool,
    pub algorithm: Option<Algorithm>,
}

fn is_serial(type_text: &str) -> bool {
    read_type(Dialect::Postgres, type_text).kind.is_serial()
}

/// Adding this column rewrites the table (PostgreSQL): a STORED generated, identity or serial
/// column, or a default that is volatile (any non-NULL default before PostgreSQL 11).
pub fn add_column_rewrites(c: &ColumnDef, schema: &Schema, pg_version: u32) -> bool {
    if c.generated_stored || c.identity || is_serial(&c.type_text) {
        return true;
    }
    match &c.default {
        Some(d) if d.trim().eq_ignore_ascii_case("null") => false,
        Some(d) => pg_version < 11 || volatility::is_volatile(d, Dialect::Postgres, schema),
        None => false,
    }
}

/// The column of a `col IS NOT NULL` check expression.
pub fn not_null_check_column(expression: &str) -> Option<String> {
    let e: String = expression.to_ascii_lowercase().chars().filter(|ch| !matches!(ch, '"' | '(' | ')')).collect();
    let words: Vec<&str> = e.split_whitespace().collect();
    match words.as_slice() {
        [col, "is", "not", "null"] => Some(col.to_string()),
        _ => None,
    }
}

/// `CHECK (col IS NOT NULL)` validated on the table (lets SET NOT NULL skip its scan, PG 12+):
/// one the schema has (valid, or validated in this migration), or one this migration added and
/// validated.
pub fn has_validated_not_null_check(schema: &Schema, state: &State, table: &QualifiedName, column: &str) -> bool {
    let in_schema = schema.table(table).is_some_and(|t| {
        t.checks.iter().any(|c| {
            (!c.not_valid || c.name.as_ref().is_some_and(|n| state.validated(table, n))) && not_null_check_column(&c.expression).is_some_and(|x| x.eq_ignore_ascii_case(column))
        })
    });
    in_schema || state.validated_not_null_check(table, column)
}

fn max_lock(a: Option<LockMode>, b: LockMode) -> Option<LockMode> {
    Some(match a {
        Some(x) if x <= b => x,
        _ => b,
    })
}

pub(super) fn column_type<'a>(schema: &'a Schema, table: &QualifiedName, column: &str) -> Option<&'a DataType> {
    let t = schema.table(table).or_else(|| schema.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&table.name)))?;
    t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(column)).map(|c| &c.data_type)
}

/// Whether PostgreSQL rewrites `table` to give `column` the type written `type_text` (names
/// resolve in `schema`, the schema before the statement).
pub fn pg_alter_type_rewrites(schema: &Schema, table: &QualifiedName, column: &str, type_text: &str, pg_version: u32) -> bool {
    let new = read_type(Dialect::Postgres, type_text);
    column_type(schema, table, column).is_none_or(|old| types::pg_type_change_rewrites(SchemaType::new(schema, old), SchemaType::new(schema, &new), pg_version))
}

/// One ALTER TABLE action's lock, and what it scans or rewrites.
fn action(f: &mut Facts, a: &Action, table: &QualifiedName, before: &Schema, state: &State, pg: u32) -> Option<LockMode> {
    Some(match a {
        Action::AddConstraint { kind: ConstraintKind::ForeignKey { ref_table, .. }, not_valid, .. } => {
            f.other_locks.push((ref_table.clone(), LockMode::ShareRowExclusive));
            f.scans |= !not_valid;
            LockMode::ShareRowExclusive
        }
        Action::AddConstraint { kind, not_valid, .. } => {
            match kind {
                ConstraintKind::Check { .. } | ConstraintKind::NotNull { .. } if !not_valid => f.scans = true,
                ConstraintKind::PrimaryKey { using_index: None, .. } | ConstraintKind::Unique { using_index: None, .. } | ConstraintKind::Exclude | ConstraintKind::Index { .. } => f.scans = true,
                _ => {}
            }
            LockMode::AccessExclusive
        }
        Action::AddColumn { column, .. } => {
            f.rewrites |= add_column_rewrites(column, before, pg);
            if let Some(r) = &column.references {
                // the foreign key is validated: every row is checked
                f.other_locks.push((r.table.clone(), LockMode::ShareRowExclusive));
                f.scans = true;
            }
            if column.primary_key || column.unique || column.check.is_some() || (column.not_null && column.default.is_none()) {
                f.scans = true;
            }
            LockMode::AccessExclusive
        }
        Action::AlterColumnType { column, type_text, .. } => {
            f.rewrites |= pg_alter_type_rewrites(before, table, column, type_text, pg);
            LockMode::AccessExclusive
        }
        Action::SetNotNull { column } => {
            f.scans |= !(pg >= 12 && has_validated_not_null_check(before, state, table, column));
            LockMode::AccessExclusive
        }
        Action::ValidateConstraint { .. } => {
            f.scans = true;
            LockMode::ShareUpdateExclusive
        }
        Action::SetStatistics => LockMode::ShareUpdateExclusive,
        Action::AttachPartition { partition } => {
            // the partition is scanned for rows outside its bounds (unless a CHECK proves them)
            f.other_locks.push((partition.clone(), LockMode::AccessExclusive));
            f.scans = true;
            LockMode::ShareUpdateExclusive
        }
        Action::DetachPartition { partition, concurrently, finalize } => {
            let m = if *concurrently || *finalize { LockMode::ShareUpdateExclusive } else { LockMode::AccessExclusive };
            f.other_locks.push((partition.clone(), m));
            m
        }
        Action::Toggle { trigger: true, .. } => LockMode::ShareRowExclusive,
        Action::SetRewrite(_) | Action::Modify { .. } | Action::Change { .. } => {
            f.rewrites = true;
            LockMode::AccessExclusive
        }
        Action::Algorithm(_) | Action::Lock(_) => return None,
        _ => LockMode::AccessExclusive,
    })
}

/// What the facts of one statement are computed from.
struct Env<'a> {
    before: &'a Schema,
    state: &'a State,
    opts: &'a CheckOptions,
    dialect: Dialect,
}

fn alter_table(f: &mut Facts, table: &QualifiedName, actions: &[Action], relation: Relation, env: &Env) {
    let Env { before, state, opts, dialect } = *env;
    f.table = Some(table.clone());
    if relation != Relation::Table {
        // foreign tables, views and composite types hold no rows here: nothing to scan or rewrite
        f.lock = Some(LockMode::AccessExclusive);
        return;
    }
    for a in actions {
        if let Some(l) = action(f, a, table, before, state, opts.pg_version) {
            f.lock = max_lock(f.lock, l);
        }
    }
    if dialect == Dialect::Mysql {
        f.algorithm = mysql::alter_table(actions, before, table, opts.mysql_version, state.foreign_key_checks_off);
        f.rewrites = f.algorithm == Some(Algorithm::Copy);
    }
    if state.is_new(table) {
        // Empty table: nothing to scan or rewrite.
        f.rewrites = false;
        f.scans = false;
    }
}

/// The table an index belongs to, when the schema knows the index.
fn index_table(before: &Schema, index: &QualifiedName) -> Option<QualifiedName> {
    before.tables.iter().find(|t| t.indexes.iter().any(|i| i.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&index.name)))).map(|t| t.qualified_name())
}

/// The tables with a column of domain `d`.
pub(super) fn domain_tables(before: &Schema, d: &QualifiedName) -> Vec<QualifiedName> {
    before.tables.iter().filter(|t| t.columns.iter().any(|c| c.data_type.named().is_some_and(|n| n.name.eq_ignore_ascii_case(&d.name)))).map(|t| t.qualified_name()).collect()
}

pub fn facts(op: &Op, before: &Schema, state: &State, opts: &CheckOptions, dialect: Dialect) -> Facts {
    let mut f = Facts::default();
    match op {
        Op::AlterTable { table, actions, relation, .. } => alter_table(&mut f, table, actions, *relation, &Env { before, state, opts, dialect }),
        Op::CreateIndex { table, concurrently, algorithm, .. } => {
            f.table = Some(table.clone());
            f.lock = Some(if *concurrently { LockMode::ShareUpdateExclusive } else { LockMode::Share });
            f.scans = !state.is_new(table);
            if dialect == Dialect::Mysql {
                f.algorithm = Some(if algorithm.as_deref() == Some("COPY") { Algorithm::Copy } else { Algorithm::Inplace });
            }
        }
        Op::DropIndex { names, concurrently, table, .. } => {
            f.table = table.clone().or_else(|| names.first().and_then(|n| index_table(before, n)));
            f.object = names.first().map(|n| format!("index {}", n.name));
            f.lock = Some(if *concurrently { LockMode::ShareUpdateExclusive } else { LockMode::AccessExclusive });
            if dialect == Dialect::Mysql {
                f.algorithm = Some(Algorithm::Inplace);
            }
        }
        Op::CreateTable { name, references, .. } => {
            f.table = Some(name.clone());
            for r in references.iter().filter(|r| *r != name) {
                f.other_locks.push((r.clone(), LockMode::ShareRowExclusive));
            }
        }
        Op::DropTable { names, .. } | Op::Truncate { tables: names, .. } => {
            f.table = names.first().cloned();
            f.lock = Some(LockMode::AccessExclusive);
        }
        Op::RenameTables { pairs } => {
            f.table = pairs.first().map(|p| p.0.clone());
            f.lock = Some(LockMode::AccessExclusive);
            if dialect == Dialect::Mysql {
                f.algorithm = Some(Algorithm::Instant);
            }
        }
        Op::Dml { table, .. } => {
            f.table = table.clone();
            f.lock = Some(LockMode::RowExclusive);
        }
        Op::Rewrite { table, verb } => {
            f.table = table.clone();
            f.object = Some(format!("the tables {verb} processes"));
            f.lock = Some(LockMode::AccessExclusive);
            f.rewrites = true;
        }
        Op::Reindex { name, concurrently, target } => {
            // SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index rebuilt (reads
            // using it wait); CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
            f.table = match target {
                ReindexTarget::Table => name.clone(),
                ReindexTarget::Index => name.as_ref().and_then(|n| index_table(before, n)),
                _ => None,
            };
            f.object = name.as_ref().map(|n| format!("{} {}", format!("{target:?}").to_ascii_lowercase(), n.name));
            f.lock = Some(if *concurrently { LockMode::ShareUpdateExclusive } else { LockMode::Share });
            f.scans = true;
        }
        Op::RefreshMatView { concurrently } => {
            f.lock = Some(if *concurrently { LockMode::Exclusive } else { LockMode::AccessExclusive });
        }
        Op::CreateTrigger { table } => {
            f.table = table.clone();
            f.lock = Some(LockMode::ShareRowExclusive);
        }
        Op::DropTrigger { table, .. } => {
            f.table = table.clone();
            f.lock = Some(LockMode::AccessExclusive);
        }
        Op::LockTable { tables, mode } => {
            f.table = tables.first().cloned();
            f.lock = LockMode::parse(mode).or(Some(LockMode::AccessExclusive));
        }
        Op::AlterIndexRename { .. } => {
            f.lock = Some(LockMode::ShareUpdateExclusive);
        }
        Op::Comment { table: Some(t) } => {
            f.table = Some(t.clone());
            f.lock = Some(LockMode::ShareUpdateExclusive);
        }
        Op::AlterDomain { name, action: DomainAction::AddConstraint { not_valid: false } | DomainAction::SetNotNull } => {
            // every column of the domain is checked: SHARE on each table using it
            let tables = domain_tables(before, name);
            f.table = tables.first().cloned();
            f.other_locks = tables.into_iter().skip(1).map(|t| (t, LockMode::Share)).collect();
            f.object = Some(format!("the tables using domain {}", name.name));
            f.lock = Some(LockMode::Share);
            f.scans = true;
        }
        _ => {}
    }
    if dialect != Dialect::Postgres {
        f.lock = None;
        f.other_locks.clear();
        if dialect == Dialect::Sqlite {
            f.rewrites = false;
            f.scans = false;
        }
    }
    f
}
