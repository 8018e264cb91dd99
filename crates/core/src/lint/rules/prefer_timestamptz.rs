//! `prefer-timestamptz`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "prefer-timestamptz",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "timestamp without time zone",
    why: "A `timestamp` stores wall-clock digits without the zone they were meant in; the same instant written from servers or sessions in different zones becomes different values, and DST shifts make comparisons wrong. `timestamptz` stores an instant (UTC) and converts on the way out; it costs the same 8 bytes.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags `timestamp` / `timestamp without time zone` columns.",
    fix: "`due_at timestamptz` (the quick fix replaces the type in place).",
    bad: table!("events", "starts_at timestamp NOT NULL"),
    good: table!("events", "starts_at timestamptz NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.retype_columns(&META, out, |t, c| {
        let TypeKind::Timestamp { precision, tz: false } = c.data_type.kind else { return None };
        let new = match precision {
            Some(p) => format!("timestamptz({p})"),
            None => "timestamptz".to_string(),
        };
        // "timestamp" gets "(without time zone)"; a spelling that says it already does not.
        let spelling = &c.data_type.spelling;
        let said = if spelling.to_ascii_lowercase().contains("without time zone") { "" } else { " (without time zone)" };
        let message = format!("{} is {spelling}{said}; values written from different time zones or across DST become ambiguous. Use {new}.", cx.col(t, c));
        Some((new, message))
    });
}

rule_tests! {
    fn precision_and_arrays_are_kept() {
        let sql = "CREATE TABLE e (id int PRIMARY KEY, a timestamp(3) without time zone, b timestamp[]);";
        let f = fires(&META, sql, Dialect::Postgres, 2);
        let fixed = f[0].fix.as_ref().unwrap().apply(sql);
        assert!(fixed.contains("a timestamptz(3),"), "{fixed}");
        let fixed = f[1].fix.as_ref().unwrap().apply(sql);
        assert!(fixed.contains("b timestamptz[]"), "{fixed}");
        for x in &f {
            check_fix(sql, Dialect::Postgres, x).unwrap();
        }
        passes(&META, "CREATE TABLE e (id int PRIMARY KEY, a timestamp);", Dialect::Mysql);
    }
}
