//! Per statement: the PostgreSQL lock (per the ALTER TABLE documentation's table of subcommand
//! locks — the strongest of the subcommands wins), whether the table is rewritten or scanned
//! (by PostgreSQL version), and the MySQL online-DDL algorithm (by server version).

use super::{key, types, Algorithm, CheckOptions, LockMode, State};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema};
use crate::parse::ops::{Action, ColumnDef, ConstraintKind, Op};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub table: Option<QualifiedName>,
    pub lock: Option<LockMode>,
    pub other_locks: Vec<(QualifiedName, LockMode)>,
    pub rewrites: bool,
    pub scans: bool,
    pub algorithm: Option<Algorithm>,
}

/// Functions whose value does not change per row (a default calling only these is evaluated
/// once and stored in the catalog since PostgreSQL 11: no rewrite).
const NON_VOLATILE: &[&str] = &[
    "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "transaction_timestamp", "statement_timestamp",
    "current_user", "session_user", "user", "current_schema", "lower", "upper", "array", "jsonb_build_object", "json_build_object", "jsonb_build_array",
    "to_jsonb", "coalesce", "interval", "date", "timestamp", "timestamptz", "text", "int", "integer", "bigint", "numeric", "boolean", "uuid", "true", "false",
    "null", "make_interval", "to_timestamp", "nullif", "concat", "round", "abs",
];

/// Whether a default expression is volatile (evaluated per row, so adding the column rewrites
/// the table): calls of functions not known to be stable/immutable (`gen_random_uuid()`,
/// `nextval(...)`, `random()`, `clock_timestamp()`, user functions).
pub fn volatile_default(expr: &str) -> bool {
    let b = expr.as_bytes();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            in_str = !in_str;
            i += 1;
            continue;
        }
        if in_str {
            i += 1;
            continue;
        }
        if c == b':' && b.get(i + 1) == Some(&b':') {
            // a cast: skip the type name (words, spaces, dots) and its parameters
            i += 2;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b' ' | b'.' | b'"')) {
                i += 1;
            }
            if i < b.len() && b[i] == b'(' {
                while i < b.len() && b[i] != b')' {
                    i += 1;
                }
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            let word = expr[s..i].rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            // `::type(…)` casts and `varchar(10)` are types, not calls.
            let is_cast = s >= 2 && &b[s - 2..s] == b"::";
            if j < b.len() && b[j] == b'(' && !is_cast && !NON_VOLATILE.contains(&word.as_str()) {
                return true;
            }
            continue;
        }
        i += 1;
    }
    false
}

fn is_serial(type_text: &str) -> bool {
    matches!(types::read(type_text).name.as_str(), "serial" | "bigserial" | "smallserial" | "serial4" | "serial8" | "serial2")
}

/// Adding this column rewrites the table (PostgreSQL).
pub fn add_column_rewrites(c: &ColumnDef, pg_version: u32) -> bool {
    if c.generated_stored || c.identity || is_serial(&c.type_text) {
        return true;
    }
    match &c.default {
        Some(d) if d.trim().eq_ignore_ascii_case("null") => false,
        Some(d) => pg_version < 11 || volatile_default(d),
        None => false,
    }
}

/// `CHECK (col IS NOT NULL)` validated on the table (lets SET NOT NULL skip its scan, PG 12+).
pub fn has_validated_not_null_check(schema: &Schema, state: &State, table: &QualifiedName, column: &str) -> bool {
    let Some(t) = schema.table(table) else { return false };
    t.checks.iter().any(|c| {
        (!c.not_valid || c.name.as_ref().is_some_and(|n| state.validated.contains(&(key(table), n.to_ascii_lowercase())))) && {
            let e: String = c.expression.to_ascii_lowercase().chars().filter(|ch| !matches!(ch, '"' | '(' | ')')).collect();
            let e = e.split_whitespace().collect::<Vec<_>>().join(" ");
            e == format!("{} is not null", column.to_ascii_lowercase())
        }
    })
}

fn max_lock(a: Option<LockMode>, b: LockMode) -> Option<LockMode> {
    Some(match a {
        Some(x) if x <= b => x,
        _ => b,
    })
}

fn column_type(schema: &Schema, table: &QualifiedName, column: &str) -> Option<String> {
    let t = schema.table(table).or_else(|| schema.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&table.name)))?;
    t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(column)).map(|c| c.data_type.spelling.clone())
}

fn mysql_ge(v: (u32, u32, u32), want: (u32, u32, u32)) -> bool {
    v >= want
}

/// The cheapest algorithm MySQL can use for one ALTER TABLE action.
fn mysql_action(a: &Action, before: &Schema, table: &QualifiedName, v: (u32, u32, u32)) -> Option<Algorithm> {
    use Algorithm::*;
    Some(match a {
        Action::AddColumn { column, .. } => {
            if column.generated_stored || column.primary_key {
                Copy
            } else if column.identity {
                Inplace
            } else if mysql_ge(v, (8, 0, 29)) || (mysql_ge(v, (8, 0, 12)) && !column.positioned) {
                Instant
            } else {
                Inplace
            }
        }
        Action::DropColumn { .. } => {
            if mysql_ge(v, (8, 0, 29)) {
                Instant
            } else {
                Inplace
            }
        }
        Action::RenameColumn { .. } => {
            if mysql_ge(v, (8, 0, 28)) {
                Instant
            } else {
                Inplace
            }
        }
        Action::SetDefault { .. } | Action::DropDefault { .. } | Action::RenameTable { .. } => Instant,
        Action::Modify { column } | Action::Change { column, .. } => {
            let from = match a {
                Action::Change { from, .. } => from.as_str(),
                _ => column.name.as_str(),
            };
            let old = column_type(before, table, from);
            match old {
                Some(o) if types::read(&o) == types::read(&column.type_text) => {
                    if from != column.name && mysql_ge(v, (8, 0, 28)) {
                        Instant
                    } else {
                        Inplace
                    }
                }
                Some(o) if types::mysql_varchar_inplace(&o, &column.type_text, 4) => Inplace,
                _ => Copy,
            }
        }
        Action::AddConstraint { kind, .. } => match kind {
            ConstraintKind::ForeignKey { .. } => Copy, // INPLACE only with foreign_key_checks=0
            // An enforced CHECK is validated by copying the table (MySQL 8.0/8.4: ALGORITHM=INSTANT
            // and INPLACE are refused for it; MySQL bug #117450).
            ConstraintKind::Check { .. } => Copy,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } | ConstraintKind::Index { .. } => Inplace,
            _ => Inplace,
        },
        Action::DropPrimaryKey => Copy,
        Action::DropIndex { .. } | Action::RenameIndex { .. } | Action::DropForeignKey { .. } | Action::DropConstraint { .. } => Inplace,
        Action::TableOption(o) if o.starts_with("CONVERT") => Copy,
        Action::TableOption(_) => Inplace,
        Action::Algorithm(_) | Action::Lock(_) => return None,
        _ => Inplace,
    })
}

pub fn facts(op: &Op, before: &Schema, state: &State, opts: &CheckOptions, dialect: Dialect) -> Facts {
    let mut f = Facts::default();
    let pg = opts.pg_version;
    match op {
        Op::AlterTable { table, actions, .. } => {
            f.table = Some(table.clone());
            let mut lock = None;
            let mut alg: Option<Algorithm> = None;
            let mut forced: Option<Algorithm> = None;
            for a in actions {
                let l = match a {
                    Action::AddConstraint { kind: ConstraintKind::ForeignKey { ref_table, .. }, not_valid, .. } => {
                        f.other_locks.push((ref_table.clone(), LockMode::ShareRowExclusive));
                        if !not_valid {
                            f.scans = true;
                        }
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
                        if add_column_rewrites(column, pg) {
                            f.rewrites = true;
                        }
                        if let Some((rt, _)) = &column.references {
                            f.other_locks.push((rt.clone(), LockMode::ShareRowExclusive));
                        }
                        if column.primary_key || column.unique || column.check.is_some() || (column.not_null && column.default.is_none()) {
                            f.scans = true;
                        }
                        LockMode::AccessExclusive
                    }
                    Action::AlterColumnType { column, type_text, .. } => {
                        let safe = column_type(before, table, column).is_some_and(|o| types::pg_change_is_safe(&o, type_text));
                        if !safe {
                            f.rewrites = true;
                        }
                        LockMode::AccessExclusive
                    }
                    Action::SetNotNull { column } => {
                        if !(pg >= 12 && has_validated_not_null_check(before, state, table, column)) {
                            f.scans = true;
                        }
                        LockMode::AccessExclusive
                    }
                    Action::ValidateConstraint { .. } => {
                        f.scans = true;
                        LockMode::ShareUpdateExclusive
                    }
                    Action::SetStatistics => LockMode::ShareUpdateExclusive,
                    Action::AttachPartition { .. } => {
                        f.scans = true;
                        LockMode::ShareUpdateExclusive
                    }
                    Action::DetachPartition { concurrently: true, .. } => LockMode::ShareUpdateExclusive,
                    Action::Toggle { trigger: true, .. } => LockMode::ShareRowExclusive,
                    Action::SetRewrite(_) => {
                        f.rewrites = true;
                        LockMode::AccessExclusive
                    }
                    Action::Modify { .. } | Action::Change { .. } => {
                        f.rewrites = true;
                        LockMode::AccessExclusive
                    }
                    Action::Algorithm(x) => {
                        forced = match x.as_str() {
                            "COPY" => Some(Algorithm::Copy),
                            "INPLACE" => Some(Algorithm::Inplace),
                            "INSTANT" => Some(Algorithm::Instant),
                            _ => None,
                        };
                        continue;
                    }
                    Action::Lock(_) => continue,
                    _ => LockMode::AccessExclusive,
                };
                lock = max_lock(lock, l);
                if dialect == Dialect::Mysql {
                    if let Some(x) = mysql_action(a, before, table, opts.mysql_version) {
                        alg = Some(alg.map_or(x, |y| y.max(x)));
                    }
                }
            }
            f.lock = lock;
            if dialect == Dialect::Mysql {
                f.algorithm = match (alg, forced) {
                    (Some(a), Some(fo)) => Some(a.max(fo)),
                    (a, fo) => a.or(fo),
                };
                f.rewrites = f.algorithm == Some(Algorithm::Copy);
            }
            if state.created_tables.contains(&key(table)) {
                // Empty table: nothing to scan or rewrite.
                f.rewrites = false;
                f.scans = false;
            }
        }
        Op::CreateIndex { table, concurrently, algorithm, .. } => {
            f.table = Some(table.clone());
            f.lock = Some(if *concurrently { LockMode::ShareUpdateExclusive } else { LockMode::Share });
            f.scans = !state.created_tables.contains(&key(table));
            if dialect == Dialect::Mysql {
                f.algorithm = Some(match algorithm.as_deref() {
                    Some("COPY") => Algorithm::Copy,
                    _ => Algorithm::Inplace,
                });
            }
        }
        Op::DropIndex { names, concurrently, table, .. } => {
            let t = table.clone().or_else(|| {
                let n = names.first()?;
                before.tables.iter().find(|t| t.indexes.iter().any(|i| i.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&n.name)))).map(|t| t.qualified_name())
            });
            f.table = t;
            f.lock = Some(if *concurrently { LockMode::ShareUpdateExclusive } else { LockMode::AccessExclusive });
            if dialect == Dialect::Mysql {
                f.algorithm = Some(Algorithm::Inplace);
            }
        }
        Op::CreateTable { name, references, .. } => {
            f.table = Some(name.clone());
            for r in references {
                if r != name {
                    f.other_locks.push((r.clone(), LockMode::ShareRowExclusive));
                }
            }
        }
        Op::DropTable { names, .. } => {
            f.table = names.first().cloned();
            f.lock = Some(LockMode::AccessExclusive);
        }
        Op::Truncate { tables, .. } => {
            f.table = tables.first().cloned();
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
        Op::Rewrite { table, .. } => {
            f.table = table.clone();
            f.lock = Some(LockMode::AccessExclusive);
            f.rewrites = true;
        }
        Op::Reindex { name, concurrently, target } => {
            f.table = if *target == crate::parse::ops::ReindexTarget::Table { name.clone() } else { None };
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
        Op::LockTable { tables, mode } => {
            f.table = tables.first().cloned();
            f.lock = LockMode::parse(mode).or(Some(LockMode::AccessExclusive));
        }
        Op::AlterIndexRename { .. } => {
            f.lock = Some(LockMode::ShareUpdateExclusive);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volatility() {
        assert!(volatile_default("gen_random_uuid()"));
        assert!(volatile_default("nextval('s'::regclass)"));
        assert!(volatile_default("random() * 10"));
        assert!(!volatile_default("now()"));
        assert!(!volatile_default("'x(y)'"));
        assert!(!volatile_default("0"));
        assert!(!volatile_default("'{}'::jsonb"));
        assert!(!volatile_default("CURRENT_TIMESTAMP"));
        assert!(!volatile_default("'a'::character varying(10)"));
        assert!(volatile_default("é f(1)"));
        assert!(!volatile_default("éé"));
    }
}
