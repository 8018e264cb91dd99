//! `duplicate-index`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;
use crate::model::Index;

pub const META: RuleMeta = RuleMeta {
    id: "duplicate-index",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "Two indexes with the same columns, predicate and method",
    why: "Every index is written on every INSERT/UPDATE and takes disk and cache; an exact duplicate gives the planner nothing new.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags an index with the same key parts (columns or expressions, order and direction), the same predicate and the same method (`btree` when not given) as an earlier index, primary key or unique constraint of the same table. Indexes MySQL creates implicitly for foreign keys are ignored.",
    fix: "Keep one (keep the unique one if one of them is unique).",
    bad: concat!(users!(), "CREATE INDEX idx_users_email ON users (email);\nCREATE INDEX users_email_idx ON users (email);\n"),
    good: concat!(users!(), "CREATE INDEX idx_users_email ON users (email);\n"),
    ..META.doc()
};

/// An index's identity for comparison: method, key parts and predicate.
pub fn key(d: Dialect, i: &Index) -> (String, Vec<String>, String) {
    let method = i.method.clone().unwrap_or_else(|| "btree".into()).to_ascii_lowercase();
    let parts = i.parts.iter().map(|p| sqltext::norm_expr(d, &p.display())).collect();
    (method, parts, i.predicate.as_deref().map(|p| sqltext::norm_expr(d, p)).unwrap_or_default())
}

/// `table(part, ...)`: how the index and redundant-index findings name an index's key.
pub fn index_label(cx: &Ctx, t: &Table, i: &Index) -> String {
    format!("{}({})", cx.label(t), i.parts.iter().map(|p| p.display()).collect::<Vec<_>>().join(", "))
}

/// [`key`] of a plain column list (a primary key or unique constraint).
pub fn plain_key(d: Dialect, cols: &[String]) -> (String, Vec<String>, String) {
    ("btree".into(), cols.iter().map(|c| sqltext::norm_expr(d, c)).collect(), String::new())
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    use std::collections::HashMap;
    for t in &cx.schema.tables {
        let mut seen: HashMap<(String, Vec<String>, String), String> = HashMap::new();
        if let Some(pk) = &t.primary_key {
            seen.insert(plain_key(cx.dialect, &pk.columns), format!("the primary key{}", pk.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default()));
        }
        for u in &t.uniques {
            seen.entry(plain_key(cx.dialect, &u.columns)).or_insert_with(|| format!("unique constraint {}", u.name.clone().unwrap_or_default()));
        }
        for i in &t.indexes {
            if i.implicit || i.parts.is_empty() {
                continue;
            }
            let k = key(cx.dialect, i);
            let name = i.name.clone().unwrap_or_else(|| "(unnamed)".into());
            match seen.get(&k) {
                Some(first) => {
                    let message = format!("Index {name} on {} duplicates {first}; every write maintains both for no benefit. Drop {name}.", index_label(cx, t, i));
                    out.push(Finding::new(&META, i.span, message).table(cx.label(t)));
                }
                None => {
                    seen.insert(k, format!("index {name}"));
                }
            }
        }
    }
}

rule_tests! {
    fn differences_matter() {
        passes(&META, "CREATE TABLE a (id int PRIMARY KEY, x int);\nCREATE INDEX i1 ON a (x);\nCREATE INDEX i2 ON a (x) WHERE x > 0;\nCREATE INDEX i3 ON a USING hash (x);\nCREATE INDEX i4 ON a (x DESC);", Dialect::Postgres);
        fires(&META, "CREATE TABLE a (id int PRIMARY KEY, x int);\nCREATE INDEX i1 ON a (id);", Dialect::Postgres, 1);
    }
}
