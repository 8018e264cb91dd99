//! `missing-primary-key`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "missing-primary-key",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "A table with no primary key",
    why: "Without a key, duplicate rows cannot be told apart, updates and deletes of one row cannot be targeted, logical replication cannot replicate UPDATE/DELETE, ORMs cannot map the table, and InnoDB falls back to a hidden clustered key.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table without a primary key. Partitions (which inherit the key of their parent) and SQLite virtual tables are exempt.",
    fix: "`id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`. When the table has an `id` column, the quick fix adds `PRIMARY KEY` to it in place.",
    bad: table_with!("notes"; "id bigint NOT NULL", "body text NOT NULL"),
    good: table!("notes", "body text NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.primary_key.is_some() || t.partition_of.is_some() || t.virtual_module.is_some() {
            continue;
        }
        let message = format!(
            "Table {} has no primary key; its rows cannot be addressed one by one and replication and ORMs cannot identify them. Add a primary key{}.",
            cx.label(t),
            if t.column("id").is_some() { " on id" } else { "" }
        );
        let mut f = cx.on_table(&META, t, message);
        if let Some(id) = t.columns.iter().find(|c| c.name.eq_ignore_ascii_case("id")) {
            f = f.edit(SchemaEdit::SetColumnFlag { table: t.qualified_name(), column: id.name.clone(), flag: ColumnFlag::PrimaryKey, on: true });
            if let Some(ts) = cx.type_span(id) {
                f = f.fix(format!("Make {}.{} the primary key", t.name, id.name), vec![Edit::insert(ts.end, " PRIMARY KEY")]);
            }
        }
        out.push(f);
    }
}

rule_tests! {
    fn fix_works_in_every_dialect() {
        for d in Dialect::ALL {
            let sql = "CREATE TABLE notes (\n  id integer NOT NULL,\n  body text\n);";
            let f = fires(&META, sql, d, 1);
            check_fix(sql, d, &f[0]).unwrap();
        }
        let f = fires(&META, "CREATE TABLE kv (k text, v text);", Dialect::Postgres, 1);
        assert!(f[0].fix.is_none());
    }
}
