//! `fk-missing-index`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "fk-missing-index",
    severity: Severity::Warning,
    dialects: &[Dialect::Postgres, Dialect::Sqlite],
    summary: "Foreign-key columns that no index, primary key or unique constraint starts with",
    why: "PostgreSQL and SQLite do not index the referencing side of a foreign key. Every JOIN from the parent, and every DELETE or key UPDATE on the parent (which must find or cascade to the children), scans the whole child table.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a foreign key whose columns are not the leading columns of any index, the primary key or a unique constraint of the referencing table. Partial indexes and indexes that start with an expression do not count. MySQL/InnoDB is exempt: it creates an index for every foreign key itself.",
    fix: "Index the foreign-key columns, named by the seeds' convention `idx_<table>_<columns>`: `CREATE INDEX idx_posts_author_id ON posts (author_id);` The quick fix inserts that statement after the statement that declares the foreign key.",
    bad: posts!("author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE", no_index),
    good: posts!("author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.foreign_keys() {
        if fk.columns.is_empty() || super::leading_covered(t, &fk.columns) {
            continue;
        }
        let cols = fk.columns.join(", ");
        let target = match fk.ref_columns.as_slice() {
            [] => fk.ref_table.to_string(),
            [one] => format!("{}.{one}", fk.ref_table),
            many => format!("{}({})", fk.ref_table, many.join(", ")),
        };
        let name = index_name(cx.dialect, &t.name, &fk.columns);
        let stmt = cx.create_index(&name, t, &fk.columns, "");
        let at = cx.after_table(t, &[fk.span]);
        let message = format!("FK {} → {target} has no index; JOINs and cascading deletes on {} will scan {}. Add an index on ({cols}).", cx.cols(t, &fk.columns), fk.ref_table, cx.label(t));
        let mut f = Finding::new(&META, cx.fk_span(t, fk), message).table(cx.label(t)).fix(format!("Create index {name} on {}({cols})", t.name), vec![Edit::insert(at, stmt)]);
        // other languages name the index by their own convention
        f = f.edit(SchemaEdit::AddIndex { table: t.qualified_name(), columns: fk.columns.clone(), name: None });
        if fk.columns.len() == 1 {
            f = f.column(fk.columns[0].clone());
        }
        out.push(f);
    }
}

/// The name the fix gives an index on `cols` of `table`: `idx_<table>_<columns>` in lower case,
/// every character outside `[a-z0-9_]` made `_`, cut to the engine's limit.
pub fn index_name(d: Dialect, table: &str, cols: &[String]) -> String {
    let raw = format!("idx_{}_{}", table.to_lowercase(), cols.iter().map(|c| c.to_lowercase()).collect::<Vec<_>>().join("_"));
    crate::lint::object_name(d, &raw)
}

rule_tests! {
    fn composite_and_covered_keys() {
        let sql = "CREATE TABLE a (x int, y int, PRIMARY KEY (x, y));\nCREATE TABLE b (id int PRIMARY KEY, x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y));\nCREATE INDEX b_yx ON b (y, x, id);";
        passes(&META, sql, Dialect::Postgres);
        let sql = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nCREATE INDEX b_part ON b (a_id) WHERE a_id > 0;";
        let f = fires(&META, sql, Dialect::Postgres, 1);
        assert!(f[0].message.starts_with("FK b.a_id → a.id has no index"), "{}", f[0].message);
        check_fix(sql, Dialect::Postgres, &f[0]).unwrap();
        passes(&META, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));", Dialect::Mysql);
    }
}
