use super::{existing_actions, constraint_name, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, ConstraintKind};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "disallowed-unique-constraint",
    severity: Severity::Warning,
    summary: "ADD CONSTRAINT ... UNIQUE (or ADD COLUMN ... UNIQUE) builds its index while the table is locked",
    why: "The unique index is built under ACCESS EXCLUSIVE: no reads or writes until the whole table is indexed.",
    fix: "CREATE UNIQUE INDEX CONCURRENTLY first (outside a transaction), then ADD CONSTRAINT ... UNIQUE USING INDEX (instant). For a new column: add it without UNIQUE first.",
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, one) in existing_actions(c) {
        let (cname, fix) = match a {
            Action::AddConstraint { name, kind: ConstraintKind::Unique { columns, using_index: None }, .. } => {
                let n = constraint_name(table, name, &columns.join("_"), "key");
                let fix = one.then(|| safe::constraint_using_index(c, table, &n, "UNIQUE", columns));
                (n, fix)
            }
            Action::AddColumn { column, .. } if column.unique && !column.primary_key => {
                let n = crate::parse::pg_default_name(&table.name, &column.name, "key");
                let fix = one.then(|| {
                    let index = safe::constraint_using_index(c, table, &n, "UNIQUE", std::slice::from_ref(&column.name));
                    format!("{}\n{index}", safe::column_first(c, table, column, "UNIQUE"))
                });
                (n, fix)
            }
            _ => continue,
        };
        out.push(finding(&META, c, format!("UNIQUE {cname} builds its index on {} under ACCESS EXCLUSIVE", table.name), fix.map(|f| SafeFix::recipe(c, f))));
    }
}

rule_tests! {
    fn cases() {
        assert!(fires(&META, "ALTER TABLE users ADD COLUMN bar text UNIQUE;"));
        assert!(fires(&META, "ALTER TABLE users ADD COLUMN bar text CONSTRAINT users_bar_unique UNIQUE;"));
        assert!(fires(&META, "ALTER TABLE users ADD UNIQUE (email);"));
        assert!(!fires(&META, "ALTER TABLE users ADD CONSTRAINT k UNIQUE USING INDEX users_email_idx;"));
        assert!(!fires(&META, "CREATE TABLE t (a int);\nALTER TABLE t ADD UNIQUE (a);"));
        assert!(fires(&META, "SELECT 1 AS id INTO other.users;\nALTER TABLE users ADD UNIQUE (email);"));
    }
}
