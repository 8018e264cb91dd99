//! The migration-safety rules, one per file. Each file has a `META` (id, severity, dialects,
//! docs, a `bad` migration that fires it exactly once and a `good` one that fires nothing, both
//! against `base`) and a `check` over one statement's [`Ctx`](super::Ctx).

use super::{CheckFn, MigrationRuleMeta};
use crate::dialect::Dialect;

pub const PG: &[Dialect] = &[Dialect::Postgres];
pub const ALL: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

macro_rules! rules {
    ($($m:ident),* $(,)?) => {
        $(pub mod $m;)*
        /// Every rule's documentation, in catalogue order.
        pub static METAS: &[MigrationRuleMeta] = &[$($m::META),*];
        /// Every rule with its check.
        pub static RULES: &[(MigrationRuleMeta, CheckFn)] = &[$(($m::META, $m::check as CheckFn)),*];
    };
}

rules!(
    adding_required_field,
    adding_field_with_default,
    adding_not_nullable_field,
    setting_not_null,
    adding_foreign_key_constraint,
    constraint_missing_not_valid,
    disallowed_unique_constraint,
    require_concurrent_index_creation,
    require_concurrent_index_deletion,
    ban_concurrent_index_creation_in_transaction,
    changing_column_type,
    renaming_column,
    renaming_table,
    ban_drop_column,
    ban_drop_table,
    ban_drop_database,
    ban_drop_not_null,
    adding_serial_primary_key_field,
    prefer_robust_stmts,
    require_lock_timeout,
    require_statement_timeout,
    transaction_nesting,
    require_enum_value_ordering,
    ban_truncate_cascade,
    mysql_table_copy,
    sqlite_alter_table_unsupported,
);

/// Iterates the ALTER TABLE actions of the statement (with the table).
pub fn alter<'a>(c: &'a super::Ctx) -> Option<(&'a crate::model::QualifiedName, &'a [crate::parse::ops::Action])> {
    match c.op {
        crate::parse::ops::Op::AlterTable { table, actions, .. } => Some((table, actions.as_slice())),
        _ => None,
    }
}

/// A finding of `meta`'s rule with its default severity.
pub fn finding(meta: &MigrationRuleMeta, message: String, alt: Option<String>) -> super::MigrationFinding {
    super::MigrationFinding { rule: meta.id, severity: meta.severity, message, safe_alternative: alt }
}

/// The schema the PostgreSQL examples run against.
pub const BASE: &str = "CREATE TABLE orgs (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, org_id bigint);\nCREATE INDEX users_email_idx ON users (email);\nCREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE events (id bigint NOT NULL, payload text);\n";
/// The schema the MySQL examples run against.
pub const BASE_MYSQL: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, age int) ENGINE=InnoDB;\n";
/// The schema the SQLite examples run against.
pub const BASE_SQLITE: &str = "CREATE TABLE users (id integer PRIMARY KEY, email text, name text);\nCREATE INDEX users_email_idx ON users (email);\n";

/// Quoted table name and primary-key column (if one is known) of an existing table.
pub fn pk_of(c: &super::Ctx, q: &crate::model::QualifiedName) -> Option<String> {
    let t = c.table(q)?;
    match t.primary_key.as_ref()?.columns.as_slice() {
        [one] => Some(c.q(one)),
        _ => None,
    }
}
