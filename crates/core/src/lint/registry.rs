//! The list of every schema lint rule, in the order of ../shared/DESIGN.md's table (the order the rule
//! catalogue shows them). Adding a rule: write `rules/<rule_id>.rs` (its `META`, `DOC` and `check`
//! and a `rule_tests!` block), add it to `rules/mod.rs` and here; the registry tests check ids are unique,
//! kebab-case and match their file.

use super::rule::{Rule, RuleDoc, RuleMeta};
use super::rules;

macro_rules! registry {
    ($($m:ident),* $(,)?) => {
        /// Every rule: what the linter runs (its `META` and its check), in catalogue order.
        pub static RULES: &[Rule] = &[$(Rule { meta: &rules::$m::META, check: rules::$m::check }),*];
        /// Every rule's whole documentation (its `DOC`), in the same order: the catalogue. Only the
        /// engine worker, the CLI and the tests reach it, not the page's module (`ruledoc`).
        pub static DOCS: &[RuleDoc] = &[$(rules::$m::DOC),*];
    };
}

registry!(
    missing_primary_key,
    fk_missing_index,
    fk_type_mismatch,
    fk_references_non_unique,
    fk_unknown_table,
    fk_missing_on_delete,
    prefer_timestamptz,
    prefer_text_field,
    ban_char_field,
    prefer_jsonb,
    money_as_float,
    prefer_bigint_over_int,
    prefer_identity,
    uuid_v4_primary_key,
    missing_timestamps,
    updated_at_without_trigger,
    soft_delete_without_partial_index,
    tenant_table_without_rls,
    rls_without_policy,
    rls_not_forced,
    plaintext_secret,
    duplicate_index,
    redundant_index,
    denormalized_column,
    repeating_column_group,
    array_as_relation,
    enum_type_migration_risk,
    naming_snake_case,
    naming_plural_table,
    reserved_word_identifier,
);

/// What runs a rule, by id.
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta).find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for (r, m) in RULES.iter().zip(DOCS) {
            assert_eq!(r.meta.doc(), RuleDoc { details: "", fix: "", bad: "", good: "", ..*m }, "{}: its DOC is written on its META", m.id);
            assert!(seen.insert(m.id), "duplicate {}", m.id);
            assert!(m.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", m.id);
            assert!(!m.dialects.is_empty() && !m.summary.is_empty() && !m.why.is_empty() && !m.fix.is_empty(), "{}", m.id);
            assert!(!m.bad.is_empty() && !m.good.is_empty() && m.bad != m.good, "{}", m.id);
        }
        assert_eq!((RULES.len(), DOCS.len()), (30, 30));
    }

    #[test]
    fn design_table_ids_and_severities() {
        // The fixed ids and default severities of ../shared/DESIGN.md's Rules table.
        let design = include_str!("design_rules.txt");
        let mut n = 0;
        for line in design.lines().filter(|l| !l.trim().is_empty()) {
            let (id, sev) = line.split_once(' ').unwrap();
            let m = by_id(id).unwrap_or_else(|| panic!("missing rule {id}"));
            assert_eq!(m.severity.id(), sev.trim(), "{id}");
            n += 1;
        }
        assert_eq!(n, RULES.len());
    }
}
