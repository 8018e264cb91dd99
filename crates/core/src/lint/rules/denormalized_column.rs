//! `denormalized-column`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "denormalized-column",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "3NF smell: a column copying a field of the table a foreign key points at",
    why: "The copy goes stale when the source changes (the customer updates their email), and every writer has to keep both in sync.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a third-normal-form smell: a table with a single-column foreign key `<x>_id` → `R` that also has a column `<x>_<c>` where `R` has a column `c` — e.g. `orders.customer_email` beside `orders.customer_id` → `customers.email`. The copied column depends on the key of another table, not on this table's key. (Deliberate snapshots, such as an invoice keeping the address at the time of sale, are legitimate: suppress inline.)",
    fix: "Drop the copy and join: `SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id`.",
    bad: concat!(
        table!("customers", "email text NOT NULL"),
        table!("orders", "customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE RESTRICT", "customer_email text NOT NULL"),
        "CREATE INDEX idx_orders_customer_id ON orders (customer_id);\n"
    ),
    good: concat!(
        table!("customers", "email text NOT NULL"),
        table!("orders", "customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE RESTRICT"),
        "CREATE INDEX idx_orders_customer_id ON orders (customer_id);\n"
    ),
    ..META.doc()
};

const IGNORE: &[&str] = &["id", "created_at", "updated_at", "deleted_at", "type", "status", "version"];

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    use std::collections::HashMap;
    for t in &cx.schema.tables {
        // lower-cased column name → column
        let cols: HashMap<std::borrow::Cow<str>, &Column> = t.columns.iter().map(|c| (sqltext::snake(&c.name), c)).collect();
        for fk in &t.foreign_keys {
            let [fcol] = fk.columns.as_slice() else { continue };
            let w = sqltext::words(fcol);
            if w.len() < 2 || w.last().map(String::as_str) != Some("id") {
                continue;
            }
            let prefix = w[..w.len() - 1].join("_");
            let head = format!("{prefix}_");
            // cheap pre-check: some other column starts with `<prefix>_`
            if !cols.keys().any(|k| k.len() > head.len() && k.starts_with(&head) && k.as_ref() != fcol.as_str()) {
                continue;
            }
            let Some(target) = cx.resolve(&fk.ref_table) else { continue };
            for rc in &target.columns {
                let rname = sqltext::snake(&rc.name);
                if IGNORE.contains(&rname.as_ref()) || fk.ref_columns.iter().any(|r| r.eq_ignore_ascii_case(&rc.name)) {
                    continue;
                }
                let Some(copy) = cols.get(format!("{prefix}_{rname}").as_str()) else { continue };
                let message = format!(
                    "{} looks like a copy of {} (reachable through FK {fcol} → {}); the copy goes stale when the {} row changes. Drop it and join through {fcol}.",
                    cx.col(t, copy),
                    cx.col(target, rc),
                    cx.label(target),
                    target.name
                );
                out.push(cx.on_column(&META, t, copy, message));
            }
        }
    }
}

rule_tests! {}
