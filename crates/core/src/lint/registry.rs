//! The list of every schema lint rule, in the order of ../shared/DESIGN.md's table (the order the rule
//! catalogue shows them). Adding a rule: write `rules/<rule_id>.rs` (its `META`, its `check` and a
//! `rule_tests!` block), add it to `rules/mod.rs` and here; the registry tests check ids are unique,
//! kebab-case and match their file.

use super::rule::{Rule, RuleDoc};
use super::rules;

pub static RULES: &[Rule] = &[
    Rule { meta: &rules::missing_primary_key::META, check: rules::missing_primary_key::check },
    Rule { meta: &rules::fk_missing_index::META, check: rules::fk_missing_index::check },
    Rule { meta: &rules::fk_type_mismatch::META, check: rules::fk_type_mismatch::check },
    Rule { meta: &rules::fk_references_non_unique::META, check: rules::fk_references_non_unique::check },
    Rule { meta: &rules::fk_unknown_table::META, check: rules::fk_unknown_table::check },
    Rule { meta: &rules::fk_missing_on_delete::META, check: rules::fk_missing_on_delete::check },
    Rule { meta: &rules::prefer_timestamptz::META, check: rules::prefer_timestamptz::check },
    Rule { meta: &rules::prefer_text_field::META, check: rules::prefer_text_field::check },
    Rule { meta: &rules::ban_char_field::META, check: rules::ban_char_field::check },
    Rule { meta: &rules::prefer_jsonb::META, check: rules::prefer_jsonb::check },
    Rule { meta: &rules::money_as_float::META, check: rules::money_as_float::check },
    Rule { meta: &rules::prefer_bigint_over_int::META, check: rules::prefer_bigint_over_int::check },
    Rule { meta: &rules::prefer_identity::META, check: rules::prefer_identity::check },
    Rule { meta: &rules::uuid_v4_primary_key::META, check: rules::uuid_v4_primary_key::check },
    Rule { meta: &rules::missing_timestamps::META, check: rules::missing_timestamps::check },
    Rule { meta: &rules::updated_at_without_trigger::META, check: rules::updated_at_without_trigger::check },
    Rule { meta: &rules::soft_delete_without_partial_index::META, check: rules::soft_delete_without_partial_index::check },
    Rule { meta: &rules::tenant_table_without_rls::META, check: rules::tenant_table_without_rls::check },
    Rule { meta: &rules::rls_without_policy::META, check: rules::rls_without_policy::check },
    Rule { meta: &rules::rls_not_forced::META, check: rules::rls_not_forced::check },
    Rule { meta: &rules::plaintext_secret::META, check: rules::plaintext_secret::check },
    Rule { meta: &rules::duplicate_index::META, check: rules::duplicate_index::check },
    Rule { meta: &rules::redundant_index::META, check: rules::redundant_index::check },
    Rule { meta: &rules::denormalized_column::META, check: rules::denormalized_column::check },
    Rule { meta: &rules::repeating_column_group::META, check: rules::repeating_column_group::check },
    Rule { meta: &rules::array_as_relation::META, check: rules::array_as_relation::check },
    Rule { meta: &rules::enum_type_migration_risk::META, check: rules::enum_type_migration_risk::check },
    Rule { meta: &rules::naming_snake_case::META, check: rules::naming_snake_case::check },
    Rule { meta: &rules::naming_plural_table::META, check: rules::naming_plural_table::check },
    Rule { meta: &rules::reserved_word_identifier::META, check: rules::reserved_word_identifier::check },
];

/// The metadata of a rule by id.
pub fn by_id(id: &str) -> Option<&'static RuleDoc> {
    RULES.iter().map(|r| r.meta).find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            let m = r.meta;
            assert!(seen.insert(m.id), "duplicate {}", m.id);
            assert!(m.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", m.id);
            assert!(!m.dialects.is_empty() && !m.summary.is_empty() && !m.why.is_empty() && !m.fix.is_empty(), "{}", m.id);
            assert!(!m.bad.is_empty() && !m.good.is_empty() && m.bad != m.good, "{}", m.id);
        }
        assert_eq!(RULES.len(), 30);
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
