//! `tenant-table-without-rls`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "tenant-table-without-rls",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "Tenant-scoped table (org_id, tenant_id, ...) without row level security",
    why: "In a shared-schema multi-tenant design (the seeds' default: \"every table has org_id\") one forgotten `WHERE org_id = ...` leaks another customer's data. Row level security makes the database apply the filter to every query.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table with a tenant column — `org_id`, `organization_id`, `tenant_id`, `team_id`, `workspace_id` or `account_id` (also camelCase) — on which row level security is not enabled.",
    fix: "(the seeds' pattern; the quick fix inserts it, with FORCE so the table owner is filtered too) `ALTER TABLE projects ENABLE ROW LEVEL SECURITY; ALTER TABLE projects FORCE ROW LEVEL SECURITY; CREATE POLICY tenant_isolation ON projects USING (org_id = current_setting('app.current_org_id')::uuid);`",
    bad: concat!(
        table!("projects", "org_id bigint NOT NULL"),
        "CREATE INDEX idx_projects_org_id ON projects (org_id);\n"
    ),
    good: concat!(
        table!("projects", "org_id bigint NOT NULL"),
        "CREATE INDEX idx_projects_org_id ON projects (org_id);\n",
        "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\nALTER TABLE projects FORCE ROW LEVEL SECURITY;\n",
        "CREATE POLICY tenant_isolation ON projects\n    USING (org_id = current_setting('app.current_org_id')::bigint);\n"
    ),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.rls_enabled || t.partition_of.is_some() {
            continue;
        }
        let Some(col) = super::tenant_column(t) else { continue };
        let setting = format!("app.current_{}", sqltext::snake(&col.name));
        let cast = match col.data_type.kind {
            TypeKind::Text(TextKind::Text) | TypeKind::VarChar { .. } | TypeKind::Unspecified => String::new(),
            _ => format!("::{}", col.data_type.spelling),
        };
        let name = cx.sql_name(t);
        let policy = if t.policies.iter().any(|p| p.name == "tenant_isolation") { format!("{}_tenant_isolation", t.name.to_lowercase()) } else { "tenant_isolation".to_string() };
        let text = format!(
            "\nALTER TABLE {name} ENABLE ROW LEVEL SECURITY;\nALTER TABLE {name} FORCE ROW LEVEL SECURITY;\nCREATE POLICY {} ON {name}\n    USING ({} = current_setting({}){cast});",
            cx.ident(&policy),
            cx.ident(&col.name),
            sqltext::string_lit(cx.dialect, &setting)
        );
        let at = cx.after_table(t, &t.policies.iter().map(|p| p.span).collect::<Vec<_>>());
        let message = format!(
            "Table {} is scoped by {} but row level security is not enabled; a query that forgets the tenant filter returns other tenants' rows. Enable RLS with a policy on {}.",
            cx.label(t),
            col.name,
            col.name
        );
        let f = cx.on_table(&META, t, message).column(col.name.clone());
        out.push(f.fix(format!("Enable row level security on {} with policy {policy}", t.name), vec![Edit::insert(at, text)]));
    }
}

rule_tests! {
    fn tenant_columns_and_fix() {
        let sql = "CREATE TABLE docs (id uuid PRIMARY KEY, \"workspaceId\" text NOT NULL);";
        let f = fires(&META, sql, Dialect::Postgres, 1);
        let fixed = f[0].fix.as_ref().unwrap().apply(sql);
        assert!(fixed.contains("USING (\"workspaceId\" = current_setting('app.current_workspace_id'));"), "{fixed}");
        check_fix(sql, Dialect::Postgres, &f[0]).unwrap();
        passes(&META, "CREATE TABLE organizations (id uuid PRIMARY KEY, name text);", Dialect::Postgres);
    }
}
