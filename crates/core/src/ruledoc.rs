//! [`RuleDoc`]: the one documentation type of every rule — the schema linter's and the migration
//! checker's. `schemaplay rules`, the app's rule catalogue, the SARIF rule descriptors and the tests
//! that run every rule's bad and good example all read it.
//!
//! A migration rule's file holds its `META: RuleDoc`. A schema rule's file holds two constants,
//! because the linter runs in the page's own wasm module: its `META: RuleMeta` (what the linter and
//! a finding use: id, aliases, severity, dialects, summary, why) and its `DOC: RuleDoc`, written
//! `RuleDoc { details, fix, bad, good, ..META.doc() }`. The registry's `RULES` holds only the
//! `META`s, so the catalogue texts stay out of the page's module; they reach the page from the
//! engine worker (`remote::Request::Rules`).

use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use serde::{Deserialize, Serialize};

/// Which engine runs the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// `schemaplay lint`: a check of the schema.
    Schema,
    /// `schemaplay check-migration`: a check of a migration script against the schema.
    Migration,
}

/// What runs a rule and what its findings show: the part of a [`RuleDoc`] the linter needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: RuleKind,
    pub severity: Severity,
    pub dialects: &'static [Dialect],
    pub summary: &'static str,
    pub why: &'static str,
}

impl RuleMeta {
    /// The fields every schema rule shares, for `..RuleMeta::SCHEMA` in a rule's `META`.
    pub const SCHEMA: RuleMeta = RuleDoc::SCHEMA.meta();

    /// The rule's documentation with these fields and no catalogue texts yet, for `..META.doc()`
    /// in a rule's `DOC`.
    pub const fn doc(&self) -> RuleDoc {
        let RuleMeta { id, aliases, kind, severity, dialects, summary, why } = *self;
        RuleDoc { id, aliases, kind, severity, dialects, summary, why, ..RuleDoc::SCHEMA }
    }

    pub fn applies_to(&self, d: Dialect) -> bool {
        self.dialects.contains(&d)
    }

    /// `id` names this rule (its id or an alias).
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.aliases.contains(&id)
    }
}

/// Constant documentation and defaults of one rule (the fields of its [`RuleMeta`], then the
/// catalogue texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    /// Fixed kebab-case id (used in config files and directive comments).
    pub id: &'static str,
    /// Other ids that mean this rule in directives: an id it had before, or another tool's
    /// spelling of the same rule.
    pub aliases: &'static [&'static str],
    pub kind: RuleKind,
    pub severity: Severity,
    /// The dialects the rule applies to.
    pub dialects: &'static [Dialect],
    /// One line: what it flags.
    pub summary: &'static str,
    /// What exactly it flags and what it leaves alone (empty when the summary says it all).
    pub details: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// How to fix it (the safe way).
    pub fix: &'static str,
    /// SQL that fires the rule exactly once (in `dialects[0]`; for a migration rule, a migration
    /// run against `base`).
    pub bad: &'static str,
    /// The same done well: fires nothing.
    pub good: &'static str,
    /// Migration rules: the schema `bad` and `good` run against (empty for schema rules).
    pub base: &'static str,
}

impl RuleDoc {
    /// The fields every schema rule shares, for `..RuleDoc::SCHEMA` in a rule's `META`.
    pub const SCHEMA: RuleDoc = RuleDoc {
        id: "",
        aliases: &[],
        kind: RuleKind::Schema,
        severity: Severity::Info,
        dialects: &[],
        summary: "",
        details: "",
        why: "",
        fix: "",
        bad: "",
        good: "",
        base: "",
    };
    /// The same for migration rules (`..RuleDoc::MIGRATION`).
    pub const MIGRATION: RuleDoc = RuleDoc { kind: RuleKind::Migration, ..RuleDoc::SCHEMA };

    /// What runs the rule (see [`RuleMeta`]).
    pub const fn meta(&self) -> RuleMeta {
        let RuleDoc { id, aliases, kind, severity, dialects, summary, why, .. } = *self;
        RuleMeta { id, aliases, kind, severity, dialects, summary, why }
    }

    /// `id` names this rule (its id or an alias).
    pub fn answers_to(&self, id: &str) -> bool {
        self.meta().answers_to(id)
    }
}

/// Every rule: the schema rules in catalogue order, then the migration rules.
pub fn all() -> impl Iterator<Item = &'static RuleDoc> {
    crate::lint::DOCS.iter().chain(crate::migrate::rules())
}

/// The rule an id (or alias) names.
pub fn find(id: &str) -> Option<&'static RuleDoc> {
    all().find(|d| d.answers_to(id))
}

/// A rule file's test module, the same for both kinds of rule:
///
/// ```ignore
/// rule_tests! {
///     examples_without_fix;   // how the examples are checked (optional: `examples` by default)
///     fn cases() { … }        // the rule's own cases: every `fn name()` is a `#[test]`
///     fn helper(x: &str) -> usize { … }   // any other item stays as written
/// }
/// ```
///
/// It expands to `#[cfg(test)] mod tests` with the rule's items (`super::*`) and its kind's test
/// helpers (`super::super::testing::*`, i.e. `lint::rules::testing` or `migrate::rules::testing`) in
/// scope, and a test `examples` that runs `testing::<check>(&META, args…)` over the bad and good
/// examples of the rule's `META`.
macro_rules! rule_tests {
    ($check:ident $(($($arg:expr),* $(,)?))?; $($items:tt)*) => {
        #[cfg(test)]
        mod tests {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use super::super::testing::*;

            /// The bad and good examples of the rule's documentation do what it says.
            #[test]
            fn examples() {
                super::super::testing::$check(&META $($(, $arg)*)?);
            }

            $crate::ruledoc::rule_tests!(@items [] $($items)*);
        }
    };
    (@items [$($done:tt)*]) => { $($done)* };
    (@items [$($done:tt)*] $(#[$attr:meta])* fn $name:ident() $body:block $($rest:tt)*) => {
        $crate::ruledoc::rule_tests!(@items [$($done)* $(#[$attr])* #[test] fn $name() $body] $($rest)*);
    };
    (@items [$($done:tt)*] $item:item $($rest:tt)*) => {
        $crate::ruledoc::rule_tests!(@items [$($done)* $item] $($rest)*);
    };
    ($($items:tt)*) => {
        $crate::ruledoc::rule_tests!(examples; $($items)*);
    };
}
pub(crate) use rule_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_aliases_are_unique_across_both_kinds() {
        let mut seen = std::collections::HashSet::new();
        for d in all() {
            for id in std::iter::once(d.id).chain(d.aliases.iter().copied()) {
                assert!(seen.insert(id), "{id} names two rules");
                assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{id}");
            }
            assert!(!d.dialects.is_empty() && !d.summary.is_empty() && !d.why.is_empty() && !d.fix.is_empty() && !d.bad.is_empty(), "{}", d.id);
            assert_eq!(d.kind == RuleKind::Migration, !d.base.is_empty(), "{}: migration rules name their base schema, schema rules none", d.id);
        }
        assert_eq!(find("setting-not-null").map(|d| d.id), Some("adding-not-nullable-field"));
    }
}
