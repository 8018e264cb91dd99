//! `enum-type-migration-risk`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "enum-type-migration-risk",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "PostgreSQL enum types are hard to change",
    why: "Enum values can be added but not removed or renamed without recreating the type and rewriting every column that uses it; `ALTER TYPE ... ADD VALUE` cannot run inside a transaction block before PostgreSQL 12 and the new value cannot be used in the same transaction. A `text` column with a `CHECK (col IN (...))` (or a lookup table) changes with one quick constraint swap.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags every `CREATE TYPE ... AS ENUM`.",
    fix: "`role text NOT NULL CHECK (role IN ('owner', 'admin', 'member'))`.",
    bad: concat!(
        "CREATE TYPE member_role AS ENUM ('owner', 'admin', 'member');\n",
        table!("members", "role member_role NOT NULL")
    ),
    good: table!("members", "role text NOT NULL CHECK (role IN ('owner', 'admin', 'member'))"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for e in &cx.schema.enums {
        let name = match &e.schema {
            Some(s) => format!("{s}.{}", e.name),
            None => e.name.clone(),
        };
        let values = e.values.iter().map(|v| sqltext::string_lit(cx.dialect, v)).collect::<Vec<_>>().join(", ");
        out.push(Finding::new(
            &META,
            e.span,
            format!(
                "Enum type {name} ({values}) cannot drop or rename values without recreating the type and rewriting its columns. Consider text with CHECK (col IN ({values})) or a lookup table."
            ),
        ));
    }
}

rule_tests! {}
