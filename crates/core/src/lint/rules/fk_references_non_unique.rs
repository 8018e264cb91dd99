//! `fk-references-non-unique`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "fk-references-non-unique",
    severity: Severity::Error,
    dialects: ALL_DIALECTS,
    summary: "Foreign key whose target columns are not a primary key or unique key",
    why: "PostgreSQL and SQLite reject such a constraint (\"there is no unique constraint matching given keys\"); MySQL accepts it but then a child row can match several parents, so the relation is not what it claims to be.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a foreign key whose referenced columns are neither the referenced table's primary key nor a unique constraint / non-partial unique index (compared as a set).",
    fix: "Reference the primary key, or make the referenced columns unique.",
    bad: concat!(
        users!(),
        table!("posts", "author_email text NOT NULL REFERENCES users (email) ON DELETE CASCADE"),
        "CREATE INDEX idx_posts_author_email ON posts (author_email);\n"
    ),
    good: concat!(
        users!(),
        "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
        table!("posts", "author_email text NOT NULL REFERENCES users (email) ON DELETE CASCADE"),
        "CREATE INDEX idx_posts_author_email ON posts (author_email);\n"
    ),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.foreign_keys() {
        let Some(target) = cx.resolve(&fk.ref_table) else { continue };
        if fk.ref_columns.is_empty() || super::is_unique_key(target, &fk.ref_columns) {
            continue;
        }
        let cols = fk.ref_columns.join(", ");
        let message = format!(
            "FK {} references {}({cols}), which is not a primary key or unique key; the database rejects it or a row can match several parents. Reference the primary key or make ({cols}) unique.",
            cx.cols(t, &fk.columns),
            cx.label(target)
        );
        out.push(cx.on_fk(&META, t, fk, message));
    }
}

rule_tests! {
    fn composite_unique_in_any_order() {
        passes(&META, "CREATE TABLE a (x int, y int, UNIQUE (y, x));\nCREATE TABLE b (id int PRIMARY KEY, x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y));", Dialect::Postgres);
        passes(&META, "CREATE TABLE a (x int UNIQUE);\nCREATE TABLE b (id int PRIMARY KEY, x int REFERENCES a (x));", Dialect::Sqlite);
        fires(&META, "CREATE TABLE a (x int, y int, UNIQUE (x));\nCREATE TABLE b (id int PRIMARY KEY, x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y));", Dialect::Postgres, 1);
    }
}
