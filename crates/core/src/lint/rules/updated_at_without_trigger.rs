//! `updated-at-without-trigger`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;
use crate::model::TriggerTiming;

pub const META: RuleMeta = RuleMeta {
    id: "updated-at-without-trigger",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "updated_at column with no BEFORE UPDATE trigger (PostgreSQL)",
    why: "PostgreSQL has no `ON UPDATE CURRENT_TIMESTAMP`: the column keeps its insert-time default forever unless every writer remembers to set it, so \"recently changed\" queries and incremental syncs silently miss rows. (If an ORM sets it, rows written by SQL consoles, migrations and other services still miss it.)",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a PostgreSQL table with an `updated_at` (or `updatedAt`, `modified_at`) column and no `BEFORE UPDATE` trigger on the table.",
    fix: "A trigger function and a BEFORE UPDATE trigger (the quick fix inserts both): `CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END; $$; CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at();`",
    bad: concat!("CREATE TABLE projects (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    name text NOT NULL,\n", ts!(), ");\n"),
    good: table!("projects", "name text NOT NULL"),
    ..META.doc()
};

const NAMES: &[&str] = &["updated_at", "modified_at", "last_modified", "updated_on", "modified_on"];

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let Some(col) = t.columns.iter().find(|c| NAMES.contains(&sqltext::snake(&c.name).as_ref())) else { continue };
        if t.partition_of.is_some() {
            continue;
        }
        if cx.triggers_on(t).any(|tr| tr.timing == TriggerTiming::Before && tr.events.iter().any(|e| e == "update")) {
            continue;
        }
        let func = if col.name == "updated_at" { "set_updated_at".to_string() } else { format!("set_{}_{}", t.name.to_lowercase(), sqltext::snake(&col.name)) };
        let func = cx.object_name(&func);
        let trig_name = cx.object_name(&format!("{}_set_{}", t.name.to_lowercase(), sqltext::snake(&col.name)));
        let text = format!(
            "\nCREATE OR REPLACE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.{} = now();\n    RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER {trig_name} BEFORE UPDATE ON {}\n    FOR EACH ROW EXECUTE FUNCTION {func}();",
            cx.ident(&col.name),
            cx.sql_name(t)
        );
        let at = cx.after_table(t, &[]);
        let message = format!(
            "{} has no BEFORE UPDATE trigger; PostgreSQL does not update it by itself, so it keeps the insert time unless every writer sets it. Add a trigger that sets NEW.{} = now().",
            cx.col(t, col),
            col.name
        );
        out.push(cx.on_column(&META, t, col, message).fix(format!("Add trigger {trig_name} calling {func}()"), vec![Edit::insert(at, text)]));
    }
}

rule_tests! {
    fn after_trigger_does_not_count() {
        let sql = "CREATE TABLE p (id int PRIMARY KEY, updated_at timestamptz);\nCREATE TRIGGER p_audit AFTER UPDATE ON p FOR EACH ROW EXECUTE FUNCTION audit();";
        let f = fires(&META, sql, Dialect::Postgres, 1);
        check_fix(sql, Dialect::Postgres, &f[0]).unwrap();
    }
}
