//! `redundant-index`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;
use std::collections::HashMap;

pub const META: RuleMeta = RuleMeta {
    id: "redundant-index",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "A non-unique index whose columns are a leading prefix of another index",
    why: "A B-tree on `(a, b)` serves every lookup a B-tree on `(a)` serves; the shorter index only costs writes, disk and cache.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a non-unique, non-partial index whose key parts are a strict leading prefix of another index, the primary key or a unique constraint of the same table (same method; the longer index must not be partial). Exact duplicates are `duplicate-index`.",
    fix: "Keep only the longer index.",
    bad: concat!(
        users!(),
        "CREATE INDEX idx_users_email ON users (email);\nCREATE INDEX idx_users_email_created_at ON users (email, created_at);\n"
    ),
    good: concat!(users!(), "CREATE INDEX idx_users_email_created_at ON users (email, created_at);\n"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let d = cx.dialect;
    for t in &cx.schema.tables {
        // (method, parts, description) of every candidate longer key
        let mut longer: Vec<(String, Vec<String>, String)> = Vec::new();
        if let Some(pk) = &t.primary_key {
            let (m, p, _) = super::duplicate_index::plain_key(d, &pk.columns);
            longer.push((m, p, "the primary key".into()));
        }
        for u in &t.uniques {
            let (m, p, _) = super::duplicate_index::plain_key(d, &u.columns);
            longer.push((m, p, format!("unique constraint {}", u.name.clone().unwrap_or_default())));
        }
        for i in &t.indexes {
            if i.implicit || i.predicate.is_some() {
                continue;
            }
            let (m, p, _) = super::duplicate_index::key(d, i);
            longer.push((m, p, format!("index {}", i.name.clone().unwrap_or_default())));
        }
        // (method, strict leading prefix) → the first candidate that extends it: one map instead
        // of a scan of all candidates per index (20,000 indexes on one table were quadratic)
        let mut by_prefix: HashMap<(&str, &[String]), &str> = HashMap::new();
        for (lm, lp, by) in &longer {
            for k in 1..lp.len() {
                by_prefix.entry((lm.as_str(), &lp[..k])).or_insert(by.as_str());
            }
        }
        for i in &t.indexes {
            if i.unique || i.implicit || i.predicate.is_some() || i.parts.is_empty() {
                continue;
            }
            let (m, p, _) = super::duplicate_index::key(d, i);
            let Some(by) = by_prefix.get(&(m.as_str(), &p[..])) else { continue };
            let name = i.name.clone().unwrap_or_else(|| "(unnamed)".into());
            let message = format!(
                "Index {name} on {} is a leading prefix of {by}; that index already serves these lookups, so this one only costs writes. Drop {name}.",
                super::duplicate_index::index_label(cx, t, i)
            );
            out.push(Finding::new(&META, i.span, message).table(cx.label(t)));
        }
    }
}

rule_tests! {
    fn prefix_of_primary_key() {
        fires(&META, "CREATE TABLE m (a int, b int, PRIMARY KEY (a, b));\nCREATE INDEX m_a ON m (a);\nCREATE INDEX m_b ON m (b);", Dialect::Postgres, 1);
        passes(&META, "CREATE TABLE m (a int, b int);\nCREATE UNIQUE INDEX m_a ON m (a);\nCREATE INDEX m_ab ON m (a, b);", Dialect::Postgres);
    }
}
