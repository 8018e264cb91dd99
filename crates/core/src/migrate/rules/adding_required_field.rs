use super::{existing_actions, finding, pk_of, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Action;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "adding-required-field",
    severity: Severity::Error,
    summary: "ADD COLUMN ... NOT NULL without a DEFAULT on an existing table",
    why: "Existing rows have no value for the column, so the statement fails as soon as the table has a row (and in production it has).",
    fix: "Add the column with a constant DEFAULT (stored in the catalog since PostgreSQL 11: no rewrite), or add it nullable, backfill in batches and then enforce NOT NULL with a NOT VALID constraint validated in a later transaction.",
    bad: "ALTER TABLE users ADD COLUMN age integer NOT NULL;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, _) in existing_actions(c) {
        let Action::AddColumn { column: col, .. } = a else { continue };
        // identity, generated and rewriting columns are adding-field-with-default's
        if !col.not_null || col.default.is_some() || col.identity || col.generated_stored || col.primary_key || facts::add_column_rewrites(col, c.before, c.opts.pg_version) {
            continue;
        }
        let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
        let fix = match safe::zero_value(&crate::parse::read_type(c.dialect, ty)).filter(|_| c.opts.pg_version >= 11) {
            Some(z) => format!(
                "-- a constant default is stored in the catalog: no rewrite, brief lock (PostgreSQL 11+)\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {cn} {ty} NOT NULL DEFAULT {z};\n{}",
                safe::later("optional, once the application always writes the column", &format!("ALTER TABLE {t} ALTER COLUMN {cn} DROP DEFAULT;"))
            ),
            None => format!(
                "-- add the column nullable (no rewrite)\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {cn} {ty};\n{}",
                safe::later(
                    "then, outside this migration: fill in the value existing rows should get, backfill in batches until it updates 0 rows, and enforce NOT NULL",
                    &format!("{}\n{}", safe::backfill(&t, &cn, "<value>", pk_of(c, table).as_deref()), safe::not_null_steps(c, table, &col.name))
                )
            ),
        };
        out.push(finding(&META, c, format!("adding NOT NULL column {} without a default fails on a table with rows", col.name), Some(SafeFix::recipe(c, fix))));
    }
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN public boolean;"));
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN public boolean NOT NULL DEFAULT true;"));
        // a generated column has its value: not a required field (squawk agrees)
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN g numeric GENERATED ALWAYS AS (id * 2) STORED NOT NULL;"));
        // a table created in this migration is empty
        assert!(!fires(&META, "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN a int NOT NULL;"));
        // a type without a known zero value: add nullable, the rest as later steps
        let r = run(BASE, "ALTER TABLE users ADD COLUMN place point NOT NULL;", &CheckOptions::default());
        let v = r.statements[0].safe_version().unwrap_or_default();
        assert!(v.contains("ADD COLUMN IF NOT EXISTS place point;") && v.contains("-- UPDATE users SET place = <value>"), "{v}");
        // before PostgreSQL 11 a default rewrites: the nullable path
        let old = CheckOptions { pg_version: 10, ..Default::default() };
        let v = run(BASE, "ALTER TABLE users ADD COLUMN age int NOT NULL;", &old).statements[0].safe_version().unwrap_or_default();
        assert!(!v.contains("DEFAULT 0"), "{v}");
    }
}
