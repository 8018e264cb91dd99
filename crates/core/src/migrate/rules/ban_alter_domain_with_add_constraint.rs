use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding};
use crate::parse::ops::{DomainAction, Op};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-alter-domain-with-add-constraint",
    severity: Severity::Warning,
    summary: "ALTER DOMAIN ... ADD CONSTRAINT revalidates every column that uses the domain",
    why: "A domain's constraint applies to every column of that type in every table: adding one checks all of them, holding a lock on each of those tables, and PostgreSQL treats a change of a constrained domain as needing a rewrite. Domains with constraints have poor support for online migrations.",
    fix: "Put the constraint on the columns that need it (CHECK ... NOT VALID, then VALIDATE CONSTRAINT in a later transaction), or avoid constrained domains.",
    bad: "ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 0);\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::AlterDomain { name, action: DomainAction::AddConstraint { .. } } = c.op else { return };
    let users: Vec<String> = crate::migrate::facts::domain_tables(c.before, name).into_iter().map(|t| t.name).collect();
    let on = if users.is_empty() { String::new() } else { format!(" ({})", users.join(", ")) };
    out.push(finding(&META, c, format!("adding a constraint to domain {} checks every column that uses it{on} under a lock on each table", name.name), None));
}

rule_tests! {
    examples_without_fix;

    fn only_add_constraint() {
        for m in ["ALTER DOMAIN positive_int SET NOT NULL;", "ALTER DOMAIN positive_int DROP CONSTRAINT c;", "ALTER DOMAIN positive_int RENAME CONSTRAINT a TO b;", "ALTER DOMAIN positive_int RENAME TO p;", "ALTER DOMAIN positive_int VALIDATE CONSTRAINT c;", "ALTER DOMAIN positive_int OWNER TO me;", "ALTER DOMAIN positive_int SET SCHEMA s;"] {
            assert!(!fires(&META, m), "{m}");
        }
        assert!(fires(&META, "ALTER DOMAIN positive_int ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID;"));
        // the lock facts: SHARE on the tables using the domain, a scan
        let r = run(BASE, META.bad, &Default::default());
        assert_eq!((r.statements[0].table.as_deref(), r.statements[0].lock, r.statements[0].scans_table), (Some("payments"), Some(crate::migrate::LockMode::Share), true));
    }
}
