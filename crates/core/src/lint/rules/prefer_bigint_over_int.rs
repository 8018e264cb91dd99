//! `prefer-bigint-over-int`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;
use std::collections::HashSet;

pub const META: RuleMeta = RuleMeta {
    id: "prefer-bigint-over-int",
    severity: Severity::Info,
    dialects: &[Dialect::Postgres, Dialect::Mysql],
    summary: "32-bit integer primary keys and foreign-key targets",
    why: "A 32-bit key runs out at about 2.1 billion (4.3 billion unsigned); busy tables (events, messages, logs) get there, and widening a primary key — and every foreign key pointing at it — later rewrites all those tables under an exclusive lock. `bigint` costs 4 more bytes per row.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a 32-bit (or smaller) integer column that is a table's single-column primary key or the target of a foreign key. SQLite is exempt (its INTEGER is 64-bit).",
    fix: "`id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.",
    bad: table_with!("events"; "id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "kind text NOT NULL"),
    good: table!("events", "kind text NOT NULL"),
    ..META.doc()
};

fn is_small_int(c: &Column) -> bool {
    c.data_type.kind.int_bytes().is_some_and(|b| b <= 4)
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    // (table index, column name) of every FK target column
    let mut targets: HashSet<(usize, String)> = HashSet::new();
    for (_, fk) in cx.foreign_keys() {
        if let Some(i) = cx.resolve_index(&fk.ref_table) {
            targets.extend(fk.ref_columns.iter().map(|c| (i, c.to_ascii_lowercase())));
        }
    }
    for (i, t) in cx.schema.tables.iter().enumerate() {
        let pk_single = t.primary_key.as_ref().filter(|p| p.columns.len() == 1).map(|p| p.columns[0].to_ascii_lowercase());
        for c in t.columns.iter().filter(|c| is_small_int(c) && c.data_type.array_dims == 0) {
            let lc = c.name.to_ascii_lowercase();
            let is_pk = pk_single.as_deref() == Some(lc.as_str());
            if !is_pk && !targets.contains(&(i, lc)) {
                continue;
            }
            let role = if is_pk { "primary key" } else { "foreign-key target" };
            let message = format!(
                "{} is a 32-bit {role} ({}); it runs out at about 2.1 billion rows and widening it later rewrites {} and every table referencing it. Use bigint.",
                cx.col(t, c),
                c.data_type.spelling,
                t.name
            );
            out.push(cx.on_column(&META, t, c, message));
        }
    }
}

rule_tests! {
    fn pk_and_targets() {
        fires(&META, "CREATE TABLE a (id serial PRIMARY KEY, code int UNIQUE);\nCREATE TABLE b (id bigint PRIMARY KEY, a_code int REFERENCES a (code));", Dialect::Postgres, 2);
        passes(&META, "CREATE TABLE a (id integer PRIMARY KEY);", Dialect::Sqlite);
        passes(&META, "CREATE TABLE a (x int, y int, PRIMARY KEY (x, y));", Dialect::Postgres);
    }
}
