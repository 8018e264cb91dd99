use super::{existing_actions, constraint_name, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, ConstraintKind};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "constraint-missing-not-valid",
    severity: Severity::Warning,
    summary: "ADD CONSTRAINT on an existing table without NOT VALID (CHECK, FOREIGN KEY, NOT NULL, UNIQUE, PRIMARY KEY), or VALIDATE in the transaction that added it NOT VALID",
    why: "A new constraint is checked against every row while the table is locked (ACCESS EXCLUSIVE for CHECK, UNIQUE and PRIMARY KEY; SHARE ROW EXCLUSIVE on both tables for a foreign key). Added NOT VALID it only takes a brief lock; VALIDATE then scans under SHARE UPDATE EXCLUSIVE — but only in its own transaction: in the one that added the constraint the ADD's lock is still held. UNIQUE and PRIMARY KEY cannot be NOT VALID: they are built from an index made CONCURRENTLY.",
    fix: "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later transaction. UNIQUE / PRIMARY KEY: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.",
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '') NOT VALID;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, one) in existing_actions(c) {
        match a {
            Action::AddConstraint { name, kind, not_valid: false } => {
                let (what, fix) = match kind {
                    ConstraintKind::Check { .. } => {
                        let n = constraint_name(table, name, "", "check");
                        ("CHECK", if one { safe::add_not_valid(c, table, name.as_deref(), &n) } else { None })
                    }
                    ConstraintKind::ForeignKey { columns, .. } => {
                        let n = constraint_name(table, name, &columns.join("_"), "fkey");
                        ("FOREIGN KEY", if one { safe::add_not_valid(c, table, name.as_deref(), &n) } else { None })
                    }
                    ConstraintKind::NotNull { column } => ("NOT NULL", one.then(|| safe::not_null_steps(c, table, column))),
                    ConstraintKind::Unique { columns, using_index: None } => {
                        let n = constraint_name(table, name, &columns.join("_"), "key");
                        ("UNIQUE", one.then(|| safe::constraint_using_index(c, table, &n, "UNIQUE", columns)))
                    }
                    ConstraintKind::PrimaryKey { columns, using_index: None } => {
                        let n = constraint_name(table, name, "", "pkey");
                        ("PRIMARY KEY", one.then(|| safe::constraint_using_index(c, table, &n, "PRIMARY KEY", columns)))
                    }
                    ConstraintKind::Exclude => ("EXCLUDE", None),
                    // USING INDEX: no scan; MySQL index clauses are not constraints
                    _ => continue,
                };
                let label = name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
                out.push(finding(&META, c, format!("{what} constraint{label} is checked against every row of {} while it is locked (no NOT VALID)", table.name), fix.map(|f| SafeFix::recipe(c, f))));
            }
            Action::ValidateConstraint { name } if c.in_transaction && c.state.not_valid_in_open_tx(table, name) => {
                let fix = safe::validate_later(c, &format!("ALTER TABLE {} VALIDATE CONSTRAINT {};", c.qt(table), c.q(name)));
                out.push(finding(&META, c, format!("{name} is validated in the transaction that added it NOT VALID: the ADD's lock is still held during the scan"), Some(SafeFix::plain(fix))));
            }
            _ => {}
        }
    }
}

rule_tests! {
    fn every_constraint_kind_as_squawk_reports_them() {
        for m in [
            "ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id);",
            "ALTER TABLE users ADD CONSTRAINT k UNIQUE (email);",
            "ALTER TABLE events ADD PRIMARY KEY (id);",
            "ALTER TABLE users ADD CONSTRAINT n NOT NULL email;",
            "ALTER TABLE users ADD CHECK (org_id > 0);",
        ] {
            assert!(fires(&META, m), "{m}");
        }
        for m in ["ALTER TABLE users ADD CONSTRAINT k UNIQUE USING INDEX users_email_idx;", "ALTER TABLE users ADD CONSTRAINT c CHECK (org_id > 0) NOT VALID;", "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);"] {
            assert!(!fires(&META, m), "{m}");
        }
    }

    fn validate_in_the_adding_transaction() {
        let add = "ALTER TABLE users ADD CONSTRAINT age_ok CHECK (org_id >= 0) NOT VALID;";
        let validate = "ALTER TABLE users VALIDATE CONSTRAINT age_ok;";
        let no_tx = no_tx();
        let tx = CheckOptions::default();
        // the same explicit transaction, or a file the tool runs as one: flagged
        assert_eq!(count(&META, &format!("BEGIN;\n{add}\n{validate}\nCOMMIT;"), &no_tx), 1);
        assert_eq!(count(&META, &format!("{add}\n{validate}"), &tx), 1);
        // an explicit COMMIT ends the tool's transaction too: not flagged after it
        assert_eq!(count(&META, &format!("{add}\nCOMMIT;\n{validate}"), &tx), 0);
        assert_eq!(count(&META, &format!("BEGIN;\n{add}\nCOMMIT;\nBEGIN;\n{validate}\nCOMMIT;"), &no_tx), 0);
        assert_eq!(count(&META, &format!("{add}\n{validate}"), &no_tx), 0);
        // the safe version moves VALIDATE to a new transaction, and then passes
        let r = run(BASE, &format!("{add}\n{validate}"), &tx);
        let fixed = crate::migrate::apply_safe_versions(&format!("{add}\n{validate}"), &r);
        assert_eq!(count(&META, &fixed, &tx), 0, "{fixed}");
    }
}
