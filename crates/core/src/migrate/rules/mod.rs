//! The migration-safety rules, one per file. Each file has its `META` ([`RuleDoc`]: id, severity,
//! dialects, docs, a `bad` migration that fires it exactly once and a `good` one that fires
//! nothing, both against `base`) — the rule's only documentation — a `check` over one statement's
//! [`Ctx`], and its tests in a `rule_tests!` block ([`crate::ruledoc::rule_tests`]: the bad and
//! good examples run by [`testing::examples`] or the variant it names, plus the cases that matter
//! for it).
//!
//! Ids are squawk's where squawk has the rule, with squawk's meaning (squawk's rule tests are run
//! against them: `crates/core/tests/squawk_conformance.rs`).

use super::{CheckFn, Ctx, MigrationFinding, SafeFix};
use crate::dialect::Dialect;
use crate::ruledoc::RuleDoc;

pub const PG: &[Dialect] = &[Dialect::Postgres];
pub const ALL: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

macro_rules! rules {
    ($($m:ident),* $(,)?) => {
        $(pub mod $m;)*
        /// Every rule's documentation, in catalogue order.
        pub static METAS: &[RuleDoc] = &[$($m::META),*];
        /// Every rule with its check.
        pub static RULES: &[(RuleDoc, CheckFn)] = &[$(($m::META, $m::check as CheckFn)),*];
    };
}

rules!(
    adding_required_field,
    adding_field_with_default,
    adding_not_nullable_field,
    adding_foreign_key_constraint,
    constraint_missing_not_valid,
    disallowed_unique_constraint,
    adding_serial_primary_key_field,
    require_concurrent_index_creation,
    require_concurrent_index_deletion,
    require_concurrent_reindex,
    require_concurrent_partition_detach,
    ban_concurrent_index_creation_in_transaction,
    changing_column_type,
    renaming_column,
    renaming_table,
    ban_drop_column,
    ban_drop_table,
    ban_drop_database,
    ban_drop_not_null,
    ban_truncate_cascade,
    ban_alter_domain_with_add_constraint,
    ban_create_domain_with_constraint,
    identifier_too_long,
    require_lock_timeout,
    require_statement_timeout,
    transaction_nesting,
    ban_uncommitted_transaction,
    require_enum_value_ordering,
    // last of the PostgreSQL rules: its fix (IF [NOT] EXISTS) yields to a more specific one,
    // which is written re-runnable itself
    prefer_robust_stmts,
    mysql_table_copy,
    sqlite_alter_table_unsupported,
);

/// A rule's documentation by id or alias.
pub fn doc(id: &str) -> Option<&'static RuleDoc> {
    METAS.iter().find(|m| m.answers_to(id))
}

/// The ALTER TABLE of the statement (a table's: not a view's or a composite type's) and its actions.
pub fn alter<'a>(c: &'a Ctx) -> Option<(&'a crate::model::QualifiedName, &'a [crate::parse::ops::Action])> {
    match c.op {
        crate::parse::ops::Op::AlterTable { table, actions, relation: crate::parse::ops::Relation::Table, .. } => Some((table, actions.as_slice())),
        _ => None,
    }
}

/// The ALTER of a table, foreign table, view or composite type and its actions (for the rules
/// about code that reads the columns).
pub fn alter_any<'a>(c: &'a Ctx) -> Option<(&'a crate::model::QualifiedName, &'a [crate::parse::ops::Action], crate::parse::ops::Relation)> {
    match c.op {
        crate::parse::ops::Op::AlterTable { table, actions, relation, .. } => Some((table, actions.as_slice(), *relation)),
        _ => None,
    }
}

/// [`alter`] of a table that existed before this migration (one created earlier in it has no
/// rows and no code reading it yet).
pub fn alter_existing<'a>(c: &'a Ctx) -> Option<(&'a crate::model::QualifiedName, &'a [crate::parse::ops::Action])> {
    alter(c).filter(|(t, _)| !c.is_new(t))
}

/// Each action of [`alter_existing`]'s ALTER TABLE, with its table and whether it is the
/// statement's only action (only then can a safe version stand in for the whole statement).
pub fn existing_actions<'a>(c: &'a Ctx) -> impl Iterator<Item = (&'a crate::model::QualifiedName, &'a crate::parse::ops::Action, bool)> {
    alter_existing(c).into_iter().flat_map(|(table, actions)| actions.iter().map(move |a| (table, a, actions.len() == 1)))
}

/// [`alter_any`] of a relation that existed before this migration.
pub fn alter_any_existing<'a>(c: &'a Ctx) -> Option<(&'a crate::model::QualifiedName, &'a [crate::parse::ops::Action], crate::parse::ops::Relation)> {
    alter_any(c).filter(|(t, ..)| !c.is_new(t))
}

/// A constraint's name: the one written, else the name PostgreSQL gives it
/// (`<table>_<columns>_<suffix>`).
pub fn constraint_name(table: &crate::model::QualifiedName, name: &Option<String>, columns: &str, suffix: &str) -> String {
    name.clone().unwrap_or_else(|| crate::parse::pg_default_name(&table.name, columns, suffix))
}

/// A finding of `meta`'s rule with its default severity; `fix` is what it proposes instead.
pub fn finding(meta: &RuleDoc, c: &Ctx, message: String, fix: Option<SafeFix>) -> MigrationFinding {
    MigrationFinding { rule: meta.id, severity: meta.severity, message, safe_alternative: fix.as_ref().map(|f| f.render(c.sql)), fix }
}

/// A PostgreSQL migration rule's defaults, for `..PG_RULE` in its `META`: it runs on PostgreSQL
/// and its examples against [`BASE`].
pub const PG_RULE: RuleDoc = RuleDoc { dialects: PG, base: BASE, ..RuleDoc::MIGRATION };
/// The same for a rule of every dialect (its examples are PostgreSQL's, against [`BASE`]).
pub const ALL_RULE: RuleDoc = RuleDoc { dialects: ALL, base: BASE, ..RuleDoc::MIGRATION };

/// The schema the PostgreSQL examples run against.
pub const BASE: &str = "CREATE TABLE orgs (id bigint PRIMARY KEY);\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, org_id bigint);\nCREATE INDEX users_email_idx ON users (email);\nCREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE events (id bigint NOT NULL, payload text);\nCREATE DOMAIN positive_int AS integer;\nCREATE TABLE payments (id bigint PRIMARY KEY, amount positive_int);\nCREATE TABLE measurements (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n";
/// The schema the MySQL examples run against.
pub const BASE_MYSQL: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, age int) ENGINE=InnoDB;\n";
/// The schema the SQLite examples run against.
pub const BASE_SQLITE: &str = "CREATE TABLE users (id integer PRIMARY KEY, email text, name text);\nCREATE INDEX users_email_idx ON users (email);\n";

/// Quoted primary-key column (if the table has a one-column primary key).
pub fn pk_of(c: &Ctx, q: &crate::model::QualifiedName) -> Option<String> {
    let t = c.table(q)?;
    match t.primary_key.as_ref()?.columns.as_slice() {
        [one] => Some(c.q(one)),
        _ => None,
    }
}

#[cfg(test)]
pub mod testing {
    //! Helpers for the rules' own tests (`rule_tests!`).
    use crate::migrate::{check, MigrationReport};
    use crate::ruledoc::RuleDoc;
    pub use super::BASE;
    pub use crate::migrate::CheckOptions;

    /// Checks the PostgreSQL migration `mig` against `base` with `opts`.
    pub fn run(base: &str, mig: &str, opts: &CheckOptions) -> MigrationReport {
        run_in(crate::Dialect::Postgres, base, mig, opts)
    }

    /// The rule ids `mig` fires against `base` (PostgreSQL).
    pub fn ids(base: &str, mig: &str, opts: &CheckOptions) -> Vec<&'static str> {
        run(base, mig, opts).findings().map(|(_, f)| f.rule).collect()
    }

    pub fn run_in(d: crate::Dialect, base: &str, mig: &str, opts: &CheckOptions) -> MigrationReport {
        let schema = crate::parse::parse(base, d).schema;
        check(&schema, mig, d, opts)
    }

    /// How many findings of `meta`'s rule `mig` gets (PostgreSQL, against `meta.base`).
    pub fn count(meta: &RuleDoc, mig: &str, opts: &CheckOptions) -> usize {
        run_in(meta.dialects[0], meta.base, mig, opts).findings().filter(|(_, f)| f.rule == meta.id).count()
    }

    /// The rule fires on `mig` (default settings).
    pub fn fires(meta: &RuleDoc, mig: &str) -> bool {
        count(meta, mig, &CheckOptions::default()) > 0
    }

    /// The bad example fires the rule exactly once, the good one not at all, and applying the bad
    /// example's safe version leaves nothing for the rule to flag (with default settings, and
    /// outside a transaction).
    pub fn examples(meta: &RuleDoc) {
        examples_in(meta, &[CheckOptions::default(), no_tx()]);
    }

    /// [`examples`] under the given settings only (for rules whose bad example is bad only in some).
    pub fn examples_in(meta: &RuleDoc, settings: &[CheckOptions]) {
        for opts in settings {
            assert_eq!(count(meta, meta.bad, opts), 1, "{}: bad example ({opts:?})", meta.id);
            assert_eq!(count(meta, meta.good, opts), 0, "{}: good example ({opts:?})", meta.id);
            let fixed = apply_safe_versions(meta, meta.bad, opts);
            assert_eq!(count(meta, &fixed, opts), 0, "{}: its safe version still fires ({opts:?}):\n{fixed}", meta.id);
        }
    }

    /// [`examples`] for a rule whose bad example is bad only inside the migration tool's
    /// transaction (the default settings).
    pub fn examples_in_tool_transaction(meta: &RuleDoc) {
        examples_in(meta, &[CheckOptions::default()]);
    }

    /// For a rule with no safe version: the bad example fires it exactly once and the good one
    /// not at all (default settings).
    pub fn examples_without_fix(meta: &RuleDoc) {
        let opts = CheckOptions::default();
        assert_eq!(count(meta, meta.bad, &opts), 1, "{}: bad example", meta.id);
        assert_eq!(count(meta, meta.good, &opts), 0, "{}: good example", meta.id);
    }

    /// How many findings of `meta`'s rule `mig` gets when run outside a transaction.
    pub fn count_no_tx(meta: &RuleDoc, mig: &str) -> usize {
        count(meta, mig, &no_tx())
    }

    /// The settings of a migration its tool runs outside a transaction.
    pub fn no_tx() -> CheckOptions {
        CheckOptions { in_transaction: false, ..Default::default() }
    }

    /// `mig` with every statement that has a safe version replaced by it.
    pub fn apply_safe_versions(meta: &RuleDoc, mig: &str, opts: &CheckOptions) -> String {
        let r = run_in(meta.dialects[0], meta.base, mig, opts);
        crate::migrate::apply_safe_versions(mig, &r)
    }
}
