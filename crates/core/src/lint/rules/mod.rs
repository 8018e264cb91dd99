//! One file per rule. Each file holds the rule's only documentation in two constants — its
//! [`RuleMeta`](super::RuleMeta) `META` (id, severity, dialects, summary, why: what the linter and a
//! finding use) and its [`RuleDoc`](super::RuleDoc) `DOC` (what it flags in detail, the fix, a bad
//! and a good example; see `crate::ruledoc` for why they are two) — the check and its tests: `rule_tests! { fn case() { … } }` at the end of the file (see
//! [`crate::ruledoc::rule_tests`]), which also runs the rule's bad and good examples.
//! This module holds the heuristics several rules share (tenant columns, junction tables,
//! index coverage, type families) and the macros the examples are written with.

// Example building blocks (macros so the examples stay `const` string literals).
/// The two timestamp columns every PostgreSQL example table carries.
macro_rules! ts {
    () => {
        "    created_at timestamptz NOT NULL DEFAULT now(),\n    updated_at timestamptz NOT NULL DEFAULT now()\n"
    };
}
/// The BEFORE UPDATE trigger that keeps `updated_at` current.
macro_rules! trig {
    ($t:literal) => {
        concat!("CREATE TRIGGER ", $t, "_set_updated_at BEFORE UPDATE ON ", $t, "\n    FOR EACH ROW EXECUTE FUNCTION set_updated_at();\n")
    };
}
/// An example table `$t` with the given column lines (written without indentation or comma), the
/// two timestamps and their trigger.
macro_rules! table_with {
    ($t:literal; $($col:literal),* $(,)?) => {
        concat!("CREATE TABLE ", $t, " (\n", $("    ", $col, ",\n",)* ts!(), ");\n", trig!($t))
    };
}
/// The same with the usual identity primary key `id` first.
macro_rules! table {
    ($t:literal $(, $col:literal)* $(,)?) => {
        table_with!($t; "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY" $(, $col)*)
    };
}
/// The `notes` table of the row-level-security examples, its RLS enabled (and forced unless told
/// `not_forced`), with its policy unless told `no_policy`.
macro_rules! notes {
    () => {
        concat!(notes!(no_policy), "CREATE POLICY own_notes ON notes\n    USING (author = current_user);\n")
    };
    (no_policy) => {
        concat!(table!("notes", "author text NOT NULL"), "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n", "ALTER TABLE notes FORCE ROW LEVEL SECURITY;\n")
    };
    (not_forced) => {
        concat!(table!("notes", "author text NOT NULL"), "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n", "CREATE POLICY own_notes ON notes\n    USING (author = current_user);\n")
    };
}
/// A clean `users` table.
macro_rules! users {
    () => {
        table!("users", "email text NOT NULL")
    };
}
/// A clean `users` table, then a `posts` table with the given foreign-key column line and an
/// index on it unless told `no_index`.
macro_rules! posts {
    ($fk:literal) => {
        concat!(users!(), table!("posts", $fk), "CREATE INDEX idx_posts_author_id ON posts (author_id);\n")
    };
    ($fk:literal, no_index) => {
        concat!(users!(), table!("posts", $fk))
    };
}


pub mod array_as_relation;
pub mod ban_char_field;
pub mod denormalized_column;
pub mod duplicate_index;
pub mod enum_type_migration_risk;
pub mod fk_missing_index;
pub mod fk_missing_on_delete;
pub mod fk_references_non_unique;
pub mod fk_type_mismatch;
pub mod fk_unknown_table;
pub mod missing_primary_key;
pub mod missing_timestamps;
pub mod money_as_float;
pub mod naming_plural_table;
pub mod naming_snake_case;
pub mod plaintext_secret;
pub mod prefer_bigint_over_int;
pub mod prefer_identity;
pub mod prefer_jsonb;
pub mod prefer_text_field;
pub mod prefer_timestamptz;
pub mod redundant_index;
pub mod repeating_column_group;
pub mod reserved_word_identifier;
pub mod rls_not_forced;
pub mod rls_without_policy;
pub mod soft_delete_without_partial_index;
pub mod tenant_table_without_rls;
pub mod updated_at_without_trigger;
pub mod uuid_v4_primary_key;

/// What every rule file imports.
pub(crate) mod prelude {
    pub use super::super::rule::{Edit, Finding, RuleDoc, RuleMeta, ALL_DIALECTS, POSTGRES};
    pub use super::super::sql;
    pub use crate::sqltext;
    pub use super::super::Ctx;
    pub use crate::diagnostic::Severity;
    pub use crate::dialect::Dialect;
    pub use crate::model::{Column, Table, TextKind, TypeKind};
    pub use crate::edit::{ColumnFlag, SchemaEdit};
    pub(crate) use crate::ruledoc::rule_tests;
}

use crate::dialect::Dialect;
use crate::model::{Column, Table, TextKind, TypeKind};

/// Column names that mark a table as tenant-scoped (multi-tenant SaaS, seeds: "every table has org_id").
pub const TENANT_COLUMNS: &[&str] = &["org_id", "organization_id", "tenant_id", "team_id", "workspace_id", "account_id"];

/// The table's tenant column, if it has one (also the camelCase spellings `orgId`, `tenantId`, ...).
pub fn tenant_column(t: &Table) -> Option<&Column> {
    t.columns.iter().find(|c| {
        let w = crate::sqltext::snake(&c.name);
        TENANT_COLUMNS.contains(&w.as_ref())
    })
}

/// Whether some index, the primary key or a unique constraint starts with exactly `cols` (in any
/// order among the first `cols.len()` key parts). Partial and expression-led indexes do not count.
pub fn leading_covered(t: &Table, cols: &[String]) -> bool {
    let n = cols.len();
    if n == 0 {
        return true;
    }
    let covers = |keys: &[&str]| keys.len() >= n && cols.iter().all(|c| keys[..n].iter().any(|k| k.eq_ignore_ascii_case(c)));
    if let Some(pk) = &t.primary_key {
        if covers(&pk.columns.iter().map(String::as_str).collect::<Vec<_>>()) {
            return true;
        }
    }
    if t.uniques.iter().any(|u| covers(&u.columns.iter().map(String::as_str).collect::<Vec<_>>())) {
        return true;
    }
    t.indexes.iter().filter(|i| i.predicate.is_none()).any(|i| {
        let keys: Vec<&str> = i.parts.iter().map_while(|p| p.column.as_deref()).collect();
        covers(&keys)
    })
}

/// Whether `cols` (as a set) is the primary key, a unique constraint or a non-partial unique index.
pub fn is_unique_key(t: &Table, cols: &[String]) -> bool {
    let same = |keys: Vec<&str>| keys.len() == cols.len() && cols.iter().all(|c| keys.iter().any(|k| k.eq_ignore_ascii_case(c)));
    t.primary_key.as_ref().is_some_and(|pk| same(pk.columns.iter().map(String::as_str).collect()))
        || t.uniques.iter().any(|u| same(u.columns.iter().map(String::as_str).collect()))
        || t.indexes.iter().filter(|i| i.unique && i.predicate.is_none()).any(|i| {
            let keys: Vec<&str> = i.parts.iter().filter_map(|p| p.column.as_deref()).collect();
            keys.len() == i.parts.len() && same(keys)
        })
        // a single column declared UNIQUE inline
        || (cols.len() == 1 && t.indexes.iter().any(|i| i.unique && i.predicate.is_none() && i.parts.len() == 1 && i.parts[0].column.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&cols[0]))))
}

/// A junction (link) table: its primary key or a unique key is made of foreign-key columns of at
/// least two foreign keys, and it has at most two other columns (a role, a position, a timestamp).
pub fn is_junction(t: &Table) -> bool {
    if t.foreign_keys.len() < 2 {
        return false;
    }
    let fk_cols: Vec<&str> = t.foreign_keys.iter().flat_map(|f| f.columns.iter().map(String::as_str)).collect();
    let is_fk = |c: &str| fk_cols.iter().any(|f| f.eq_ignore_ascii_case(c));
    let key_ok = |cols: &[String]| cols.len() >= 2 && cols.iter().all(|c| is_fk(c));
    let keyed = t.primary_key.as_ref().is_some_and(|pk| key_ok(&pk.columns)) || t.uniques.iter().any(|u| key_ok(&u.columns));
    let pk_cols: Vec<&str> = t.primary_key.iter().flat_map(|p| p.columns.iter().map(String::as_str)).collect();
    let others = t.columns.iter().filter(|c| !is_fk(&c.name) && !pk_cols.contains(&c.name.as_str())).count();
    keyed && others <= 2
}

/// What must match for a foreign key's columns to join without a cast: the type without its
/// lengths and precision (`int` = `integer` = `serial`, `varchar(n)` = `character varying`),
/// `mediumint` with `integer`, varchar with text outside MySQL, every integer in SQLite (all are
/// 8-byte there), and the array dimensions.
pub fn type_family(c: &Column, d: Dialect) -> (TypeKind, u8) {
    let kind = match c.data_type.kind.without_params() {
        TypeKind::Int { bytes, unsigned, .. } => {
            let bytes = match (d, bytes) {
                (Dialect::Sqlite, _) => 8,
                (_, 3) => 4,
                (_, b) => b,
            };
            TypeKind::Int { bytes, unsigned, serial: false, width: None }
        }
        TypeKind::VarChar { .. } | TypeKind::Text(TextKind::Text) if d != Dialect::Mysql => TypeKind::Text(TextKind::Text),
        k => k,
    };
    (kind, c.data_type.array_dims)
}

/// Text-like column types (where a secret could be stored readable).
pub fn is_textual(c: &Column) -> bool {
    c.data_type.kind.is_text() && c.data_type.kind != TypeKind::Text(TextKind::Name)
}

/// The test helpers, where the rule files' `rule_tests!` look for them.
#[cfg(test)]
pub(crate) use super::testing;

#[cfg(test)]
mod tests {
    use super::super::DOCS;
    use super::testing::{example_failures, fix_failures};

    /// Every registered rule's examples (each rule file's `examples` test checks its own; this
    /// one also catches a rule whose file lacks it).
    #[test]
    fn every_rule_example_fires_exactly_as_documented() {
        let failures: Vec<String> = DOCS.iter().flat_map(example_failures).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    /// Applying every fix the rules offer on their own bad examples re-parses cleanly and makes
    /// that finding disappear.
    #[test]
    fn every_fix_reparses_and_resolves_its_finding() {
        let mut failures = Vec::new();
        let mut fixed = 0;
        for d in DOCS {
            let (f, n) = fix_failures(d);
            failures.extend(f);
            fixed += n;
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(fixed >= 11, "only {fixed} fixes exercised");
    }
}
