//! `missing-timestamps`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "missing-timestamps",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Table without created_at / updated_at (junction and append-only tables exempt)",
    why: "\"When was this created / last changed?\" comes up in every support ticket, sync job and incremental export; it cannot be answered after the fact.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table without both a creation and an update timestamp. Recognised names: `created_at`/`createdAt`/`inserted_at`/`created_on`/`created` and `updated_at`/`updatedAt`/`modified_at`/`updated_on`/`modified`/`last_update`, and the Unix-time spellings `created_ts`/`updated_ts`. Exempt:\n- junction tables — the primary key (or a unique key) is made of the columns of at least two foreign keys and there are at most two other columns (`memberships(org_id, user_id, role)`);\n- append-only tables — a name containing `log`, `logs`, `event`, `events`, `audit`, `history` or `ledger` needs only the creation timestamp;\n- partitions and virtual tables.",
    fix: "Add `created_at timestamptz NOT NULL DEFAULT now()` and `updated_at` (kept current by a trigger in PostgreSQL, `ON UPDATE CURRENT_TIMESTAMP` in MySQL). The quick fix adds the missing columns to the CREATE TABLE.",
    bad: "CREATE TABLE projects (\n    id bigint NOT NULL PRIMARY KEY,\n    name text NOT NULL\n);\n",
    good: concat!(
        table_with!("projects"; "id bigint NOT NULL PRIMARY KEY", "name text NOT NULL"),
        "CREATE TABLE project_members (\n    project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,\n    user_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,\n    PRIMARY KEY (project_id, user_id)\n);\n",
        "CREATE INDEX idx_project_members_user_id ON project_members (user_id);\n"
    ),
    ..META.doc()
};

const CREATED: &[&str] = &["created_ts", "create_ts", "created_at", "createdat", "inserted_at", "created_on", "created", "create_time", "created_time", "creation_date", "date_created"];
const UPDATED: &[&str] = &["updated_ts", "update_ts", "last_update", "last_updated", "last_updated_at", "updated_at", "updatedat", "modified_at", "updated_on", "modified", "updated", "update_time", "updated_time", "last_modified", "modified_on", "date_modified"];
const APPEND_ONLY: &[&str] = &["log", "logs", "event", "events", "audit", "audits", "history", "histories", "ledger", "ledgers"];

pub fn has(t: &Table, names: &[&str]) -> bool {
    t.columns.iter().any(|c| {
        let n = c.name.to_ascii_lowercase();
        names.contains(&n.as_str()) || names.contains(&sqltext::snake(&c.name).as_ref())
    })
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.partition_of.is_some() || t.virtual_module.is_some() || t.temporary || super::is_junction(t) {
            continue;
        }
        let append_only = sqltext::words(&t.name).iter().any(|w| APPEND_ONLY.contains(&w.as_str()));
        let mut missing = Vec::new();
        if !has(t, CREATED) {
            missing.push("created_at");
        }
        if !append_only && !has(t, UPDATED) {
            missing.push("updated_at");
        }
        if missing.is_empty() {
            continue;
        }
        let (now_ty, now_default, upd_extra) = match cx.dialect {
            Dialect::Postgres => ("timestamptz", "now()", ""),
            Dialect::Mysql => ("timestamp", "CURRENT_TIMESTAMP", " ON UPDATE CURRENT_TIMESTAMP"),
            Dialect::Sqlite => ("text", "CURRENT_TIMESTAMP", ""),
        };
        let mut add = String::new();
        for m in &missing {
            add.push_str(&format!(",\n    {m} {now_ty} NOT NULL DEFAULT {now_default}{}", if *m == "updated_at" { upd_extra } else { "" }));
        }
        let message = format!(
            "Table {} has no {}; when a row was created or changed cannot be reconstructed later. Add {} {now_ty} NOT NULL DEFAULT {now_default}.",
            cx.label(t),
            missing.join(" or "),
            missing.join(" and ")
        );
        let mut f = cx.on_table(&META, t, message);
        if let Some(at) = sql::column_list_end(cx.dialect, cx.text, t.span.start) {
            f = f.fix(format!("Add {} to {}", missing.join(" and "), t.name), vec![Edit::insert(at, add)]);
        }
        out.push(f);
    }
}

rule_tests! {
    fn exemptions_and_fix() {
        passes(&META, "CREATE TABLE audit_log (id int PRIMARY KEY, created_at timestamptz);", Dialect::Postgres);
        let sql = "CREATE TABLE things (\n  id int PRIMARY KEY, -- the id\n  created_at datetime\n) ENGINE=InnoDB;";
        let f = fires(&META, sql, Dialect::Mysql, 1);
        let fixed = f[0].fix.as_ref().unwrap().apply(sql);
        assert!(fixed.contains("created_at datetime,\n    updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP\n)"), "{fixed}");
        check_fix(sql, Dialect::Mysql, &f[0]).unwrap();
        let sql = "CREATE TABLE t (\n  id integer PRIMARY KEY -- x\n);";
        let f = fires(&META, sql, Dialect::Sqlite, 1);
        check_fix(sql, Dialect::Sqlite, &f[0]).unwrap();
    }
}
