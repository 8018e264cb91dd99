use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-create-domain-with-constraint",
    severity: Severity::Warning,
    summary: "CREATE DOMAIN with a CHECK or NOT NULL constraint",
    why: "A constrained domain ties one constraint to every column that will use the type: changing it later revalidates (or rewrites) them all at once, so it cannot be changed online. Domains with constraints have poor support for online migrations.",
    fix: "Create the domain without constraints (or use the base type) and put CHECK / NOT NULL constraints on the columns.",
    bad: "CREATE DOMAIN price AS numeric(12, 2) CHECK (VALUE >= 0);\n",
    good: "CREATE DOMAIN price AS numeric(12, 2);\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if let Op::CreateDomain { name, constraints: true } = c.op {
        out.push(finding(&META, c, format!("domain {} has constraints: every column of the type shares them, and they cannot be changed online", name.name), None));
    }
}

rule_tests! {
    examples_without_fix;

    fn cases() {
        // the form sqlparser rejects (a NOT NULL after the CHECK) is read too
        assert!(fires(&META, "create domain d as text check (value <> '') not null;"));
        assert!(!fires(&META, "CREATE DOMAIN d AS CHARACTER VARYING;"));
    }
}
