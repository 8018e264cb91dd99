//! `fk-type-mismatch`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "fk-type-mismatch",
    severity: Severity::Error,
    dialects: ALL_DIALECTS,
    summary: "Foreign-key column type differs from the referenced column's type",
    why: "The join needs a cast on every row, which can stop index use; the smaller side overflows once the parent's ids outgrow it; MySQL refuses the constraint outright.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a foreign-key column whose type is a different family from the referenced column's type (`integer` → `bigint`, `uuid` → `text`, `int` → `int unsigned`). Spellings of the same type (`int`/`integer`/`int4`/`serial`, `varchar(n)`/`text` in PostgreSQL) and length parameters are treated as equal.",
    fix: "Declare the FK column with exactly the referenced column's type.",
    bad: posts!("author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE"),
    good: posts!("author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.foreign_keys() {
        let Some(target) = cx.resolve(&fk.ref_table) else { continue };
        for (c, rc) in fk.columns.iter().zip(&fk.ref_columns) {
            let (Some(col), Some(rcol)) = (t.column(c), target.column(rc)) else { continue };
            let (a, b) = (super::type_family(col, cx.dialect), super::type_family(rcol, cx.dialect));
            if a == b || col.data_type.kind == TypeKind::Unspecified || rcol.data_type.kind == TypeKind::Unspecified {
                continue;
            }
            let (ty, rty) = (&col.data_type.spelling, &rcol.data_type.spelling);
            let message = format!(
                "FK {} is {ty} but {} is {rty}; joins need a cast on every row and the narrower side can overflow. Declare {}.{} as {rty}.",
                cx.col(t, col),
                cx.col(target, rcol),
                t.name,
                col.name
            );
            out.push(cx.on_column(&META, t, col, message));
        }
    }
}

rule_tests! {
    fn same_family_spellings_pass() {
        passes(&META, "CREATE TABLE a (id serial PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id integer REFERENCES a (id));", Dialect::Postgres);
        passes(&META, "CREATE TABLE a (code varchar(10) PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_code text REFERENCES a (code));", Dialect::Postgres);
        fires(&META, "CREATE TABLE a (id int unsigned PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int, FOREIGN KEY (a_id) REFERENCES a (id));", Dialect::Mysql, 1);
    }
}
