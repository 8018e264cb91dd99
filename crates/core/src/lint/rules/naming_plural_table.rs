//! `naming-plural-table`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "naming-plural-table",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Singular table names (convention: plural)",
    why: "Convention (the seeds: \"tables plural, snake_case\"): `users`, `orders`, `order_items`. A consistent rule lets people and code generators guess names.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags table names whose last word (after `_` / camelCase splitting) looks singular. Heuristic: a word counts as plural when it ends in `s` but not in `ss`, `us` or `is` (`users`, `categories`, `addresses`), is an irregular plural (`people`, `children`, `men`, `women`, `data`, `media`, `criteria`) or is uncountable (`metadata`, `information`, `staff`, `equipment`, `feedback`, `software`, `news`, `series`, `settings`). Single-word tables named `schema_migrations`-style bookkeeping are plural already.",
    fix: "`CREATE TABLE invoices (...);`",
    bad: table!("invoice", "number text NOT NULL"),
    good: table!("invoices", "number text NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.partition_of.is_some() || t.virtual_module.is_some() {
            continue;
        }
        let Some(last) = sqltext::words(&t.name).pop() else { continue };
        if sqltext::is_plural_word(&last) {
            continue;
        }
        // pluralise the last word in place when the name ends with it as spelled (ASCII), else the whole name
        let cut = t.name.len().saturating_sub(last.len());
        let suggestion = match (t.name.get(..cut), t.name.get(cut..)) {
            (Some(head), Some(tail)) if tail.eq_ignore_ascii_case(&last) => format!("{head}{}", sqltext::plural_word(tail)),
            _ => sqltext::plural_word(&t.name),
        };
        let message = format!("Table {} has a singular name; the convention is plural table names so people and generators can guess them. Consider {suggestion}.", cx.label(t));
        out.push(cx.on_table(&META, t, message));
    }
}

rule_tests! {}
