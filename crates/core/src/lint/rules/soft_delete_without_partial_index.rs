//! `soft-delete-without-partial-index`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "soft-delete-without-partial-index",
    severity: Severity::Warning,
    dialects: &[Dialect::Postgres, Dialect::Sqlite],
    summary: "deleted_at column and no index WHERE deleted_at IS NULL",
    why: "With soft deletes almost every query filters `WHERE deleted_at IS NULL`; as deleted rows pile up, indexes without that predicate keep (and scan) all of them. The seeds' pattern is a partial index on the usual lookup column for live rows only.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table with a `deleted_at` (or `deletedAt`) column and no partial index whose predicate is `deleted_at IS NULL`. MySQL has no partial indexes and is exempt.",
    fix: "`CREATE INDEX idx_projects_active ON projects (team_id) WHERE deleted_at IS NULL;` The quick fix indexes the tenant column when there is one, else the first foreign key, else the primary key.",
    bad: BAD,
    good: concat!(
        table!("documents", "title text NOT NULL", "deleted_at timestamptz"),
        "CREATE INDEX idx_documents_active ON documents (id) WHERE deleted_at IS NULL;\n"
    ),
    ..META.doc()
};

const BAD: &str = table!("documents", "title text NOT NULL", "deleted_at timestamptz");

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let Some(col) = t.columns.iter().find(|c| sqltext::snake(&c.name) == "deleted_at") else { continue };
        let want = format!("{} is null", col.name.to_ascii_lowercase());
        let has = t.indexes.iter().any(|i| i.predicate.as_deref().is_some_and(|p| sqltext::norm_expr(cx.dialect, p).contains(&want)));
        if has {
            continue;
        }
        let key: Vec<String> = if let Some(tc) = super::tenant_column(t) {
            vec![tc.name.clone()]
        } else if let Some(fk) = t.foreign_keys.first() {
            fk.columns.clone()
        } else if let Some(pk) = &t.primary_key {
            pk.columns.clone()
        } else {
            t.columns.first().map(|c| vec![c.name.clone()]).unwrap_or_default()
        };
        let name = cx.object_name(&format!("idx_{}_active", t.name.to_lowercase()));
        let stmt = cx.create_index(&name, t, &key, &format!(" WHERE {} IS NULL", cx.ident(&col.name)));
        let at = cx.after_table(t, &[]);
        let c = &col.name;
        let message = format!(
            "{} is soft-deleted via {c} but no index has WHERE {c} IS NULL; queries for live rows scan deleted ones too. Add a partial index, e.g. on ({}) WHERE {c} IS NULL.",
            cx.label(t),
            key.join(", ")
        );
        out.push(cx.on_column(&META, t, col, message).fix(format!("Create partial index {name}"), vec![Edit::insert(at, stmt)]));
    }
}

rule_tests! {
    fn predicate_spellings() {
        passes(&META, "CREATE TABLE p (id int PRIMARY KEY, deleted_at timestamptz);\nCREATE INDEX x ON p (id) WHERE (\"deleted_at\" IS NULL);", Dialect::Postgres);
        passes(&META, "CREATE TABLE p (id int PRIMARY KEY, deleted_at datetime);", Dialect::Mysql);
        let sql = "CREATE TABLE p (id integer PRIMARY KEY, team_id int, deleted_at text);";
        let f = fires(&META, sql, Dialect::Sqlite, 1);
        assert!(f[0].fix.as_ref().unwrap().apply(sql).contains("ON p (team_id) WHERE deleted_at IS NULL"));
        check_fix(sql, Dialect::Sqlite, &f[0]).unwrap();
    }
}
