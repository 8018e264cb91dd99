//! The safe recipes' building blocks (PostgreSQL): NOT NULL through a validated CHECK, batched
//! backfills, and the trigger that keeps two columns in step while old and new code run side by side.

use super::render::*;
use super::stages::*;
use super::Planner;
use crate::model::Table;
use crate::sqltext::clamp;
use crate::Dialect;

impl Planner<'_> {
    /// CHECK (c IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL → drop the check.
    pub(super) fn not_null_steps(&mut self, t: &Table, col: &str, add_stage: Stage, validate_stage: Stage) {
        let d = self.d;
        let tn = tname(d, t);
        let cname = q(d, clamp(d, &format!("{}_{}_not_null", t.name, col)));
        self.push(add_stage, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {cname} CHECK ({} IS NOT NULL) NOT VALID;", q(d, col)));
        if self.opts.pg_version < 12 {
            // before PostgreSQL 12 SET NOT NULL scans the table even with the CHECK validated: the
            // validated CHECK enforces NOT NULL instead
            self.push(validate_stage, P_SET_NOT_NULL, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {cname};"));
            self.warn(format!("{}.{col} is enforced NOT NULL by the validated CHECK {cname}: before PostgreSQL 12, SET NOT NULL would scan the table under ACCESS EXCLUSIVE", t.name));
            return;
        }
        self.push(
            validate_stage,
            P_SET_NOT_NULL,
            format!(
                "ALTER TABLE {tn} VALIDATE CONSTRAINT {cname};\nALTER TABLE {tn} ALTER COLUMN {c} SET NOT NULL;\nALTER TABLE {tn} DROP CONSTRAINT {cname};",
                c = q(d, col)
            ),
        );
    }
}

/// A batched backfill: a `DO` loop (PostgreSQL, commits every batch when run outside a
/// transaction), or a plain UPDATE elsewhere.
pub(super) fn backfill(d: Dialect, t: &Table, col: &str, value: &str, pending: &str) -> String {
    let tn = tname(d, t);
    match d {
        Dialect::Postgres => format!(
            "-- backfill {t}.{col} in batches of 10000 rows, committing each\nDO $$\nDECLARE n bigint;\nBEGIN\n  LOOP\n    UPDATE {tn} SET {c} = {value} WHERE ctid IN (SELECT ctid FROM {tn} WHERE {pending} LIMIT 10000);\n    GET DIAGNOSTICS n = ROW_COUNT;\n    EXIT WHEN n = 0;\n    COMMIT;\n  END LOOP;\nEND $$;",
            t = t.name,
            c = q(d, col)
        ),
        _ => format!("UPDATE {tn} SET {} = {value} WHERE {pending};", q(d, col)),
    }
}

/// A trigger (function + trigger) that keeps columns `a` and `b` in step while old and new code
/// run side by side; `casts` = (type of a, type of b). Returns (create SQL, drop SQL).
pub(super) fn sync_trigger(d: Dialect, t: &Table, a: &str, b: &str, casts: Option<(String, String)>) -> (String, String) {
    let tn = tname(d, t);
    let fname = clamp(d, &format!("{}_sync_{}_{}", t.name, a, b)).to_string();
    let fq = qname(d, t.schema.as_deref(), &fname);
    let (qa, qb) = (q(d, a), q(d, b));
    let (to_b, to_a) = match &casts {
        Some((ta, tb)) => (format!("NEW.{qa}::{tb}"), format!("NEW.{qb}::{ta}")),
        None => (format!("NEW.{qa}"), format!("NEW.{qb}")),
    };
    let create = format!(
        "-- keep {a} and {b} in step while old and new code run side by side\nCREATE FUNCTION {fq}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    IF NEW.{qb} IS NULL THEN NEW.{qb} := {to_b}; ELSIF NEW.{qa} IS NULL THEN NEW.{qa} := {to_a}; END IF;\n  ELSIF NEW.{qa} IS DISTINCT FROM OLD.{qa} THEN\n    NEW.{qb} := {to_b};\n  ELSIF NEW.{qb} IS DISTINCT FROM OLD.{qb} THEN\n    NEW.{qa} := {to_a};\n  END IF;\n  RETURN NEW;\nEND $$;\nCREATE TRIGGER {tr} BEFORE INSERT OR UPDATE ON {tn} FOR EACH ROW EXECUTE FUNCTION {fq}();",
        tr = q(d, &fname)
    );
    let drop = format!("DROP TRIGGER {} ON {tn};\nDROP FUNCTION {fq}();", q(d, &fname));
    (create, drop)
}
