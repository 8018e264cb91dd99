//! One volatility answer for the checker and the differ (issue 18): for a table of column defaults,
//! the differ adds the column in one step exactly when the checker finds no rewrite
//! (`adding-field-with-default`), and the differ's plan passes the checker under the settings it
//! was written for.

use schemaplay_core::migrate::diff::{diff, DiffOptions};
use schemaplay_core::migrate::{check, CheckOptions};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Severity};

const FUNCTIONS: &str = "CREATE FUNCTION my_fn() RETURNS int LANGUAGE sql AS $$ select 1 $$;\nCREATE FUNCTION fixed_fn() RETURNS int LANGUAGE sql IMMUTABLE AS $$ select 1 $$;\nCREATE SEQUENCE s;\n";

/// (column type, default, volatile?)
const DEFAULTS: &[(&str, &str, bool)] = &[
    ("int", "0", false),
    ("text", "'x'", false),
    ("boolean", "true", false),
    ("int", "-1", false),
    ("int", "2 + 2", false),
    ("timestamptz", "now()", false),
    ("timestamptz", "CURRENT_TIMESTAMP", false),
    ("timestamptz", "now() - interval '100 years'", false),
    ("jsonb", "'{}'::jsonb", false),
    ("bigint[]", "cast(array[] as bigint[])", false),
    ("double precision[]", "array[]::double precision[]", false),
    ("text", "lower('X')", false),
    ("int", "fixed_fn()", false),
    ("uuid", "gen_random_uuid()", true),
    ("double precision", "random()", true),
    ("bigint", "nextval('s')", true),
    ("timestamptz", "clock_timestamp()", true),
    ("int", "my_fn()", true),
    ("text", "uuid()", true),
    ("int", "abs(my_fn())", true),
];

/// Warnings of the checker on `plan`, with the default settings (in a transaction): the plan says
/// itself that it manages its own transactions.
fn serious(old: &str, plan: &str, pg: u32) -> Vec<String> {
    let base = parse(old, Dialect::Postgres).schema;
    check(&base, plan, Dialect::Postgres, &CheckOptions { pg_version: pg, ..Default::default() })
        .findings()
        .filter(|(_, f)| f.severity >= Severity::Warning)
        .map(|(s, f)| format!("[{}] {} — {}", f.rule, f.message, s.sql.lines().next().unwrap_or("")))
        .collect()
}

#[test]
fn checker_and_differ_agree_on_every_default() {
    for pg in [11, 17, 18] {
        for &(ty, default, volatile) in DEFAULTS {
            for not_null in [false, true] {
                let nn = if not_null { " NOT NULL" } else { "" };
                let old = format!("{FUNCTIONS}CREATE TABLE t (id bigint PRIMARY KEY);");
                let new = format!("{FUNCTIONS}CREATE TABLE t (id bigint PRIMARY KEY, c {ty}{nn} DEFAULT {default});");
                let base = parse(&old, Dialect::Postgres).schema;
                // the checker on the direct statement
                let direct = format!("SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c {ty}{nn} DEFAULT {default};");
                let opts = CheckOptions { pg_version: pg, ..Default::default() };
                let flagged = check(&base, &direct, Dialect::Postgres, &opts).findings().any(|(_, f)| f.rule == "adding-field-with-default");
                assert_eq!(flagged, volatile, "checker, PG {pg}: DEFAULT {default}");
                // the differ's plan
                let plan = diff(&base, &parse(&new, Dialect::Postgres).schema, Dialect::Postgres, &DiffOptions { pg_version: pg, ..Default::default() }).up_sql();
                let one_step = !plan.contains("SET DEFAULT");
                assert_eq!(one_step, !flagged, "PG {pg}, DEFAULT {default}{nn}: the differ plans {} but the checker says {}:\n{plan}", if one_step { "one step" } else { "several steps" }, if flagged { "rewrite" } else { "no rewrite" });
                // and the plan passes the checker under the settings it was written for
                let bad = serious(&old, &plan, pg);
                assert!(bad.is_empty(), "PG {pg}, DEFAULT {default}{nn}: the plan does not pass the checker: {bad:?}\n{plan}");
            }
        }
    }
}
