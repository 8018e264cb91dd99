use super::{existing_actions, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Action;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "adding-not-nullable-field",
    // this checker's id for the rule before it took squawk's name
    aliases: &["setting-not-null"],
    severity: Severity::Warning,
    summary: "ALTER COLUMN ... SET NOT NULL scans the whole table under ACCESS EXCLUSIVE",
    why: "PostgreSQL checks every row while holding ACCESS EXCLUSIVE: reads and writes wait for the scan. A column added earlier in the same migration is no exception (the table has its rows). From PostgreSQL 12 a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip the scan; PostgreSQL 18 can add the NOT NULL constraint itself NOT VALID.",
    fix: "PostgreSQL 18: ADD CONSTRAINT ... NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a new transaction. Before: ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a new transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue), then SET NOT NULL (no scan from 12) and drop the CHECK.",
    bad: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;\n-- and in the next migration: ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, alone) in existing_actions(c) {
        let Action::SetNotNull { column } = a else { continue };
        // PostgreSQL 12+ skips the scan when a validated CHECK (col IS NOT NULL) proves it; a
        // VALIDATE of a constraint this schema does not know (added by an earlier migration) is
        // taken to be that CHECK, as squawk does.
        if c.opts.pg_version >= 12 && (facts::has_validated_not_null_check(c.before, c.state, table, column) || c.state.validated_unknown(table)) {
            continue;
        }
        let fix = alone.then(|| SafeFix::recipe(c, safe::not_null_steps(c, table, column)));
        out.push(finding(&META, c, format!("SET NOT NULL on {}.{column} scans the table under ACCESS EXCLUSIVE", table.name), fix));
    }
}

rule_tests! {
    fn cases() {
        let v = |pg: u32| CheckOptions { pg_version: pg, ..Default::default() };
        // a column added earlier in this migration: the table has rows, the scan happens
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN bar bigint DEFAULT 0;\nALTER TABLE users ALTER COLUMN bar SET NOT NULL;", &v(18)), 1);
        // a table created in this migration is empty
        assert_eq!(count(&META, "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;", &v(18)), 0);
        // a validated CHECK (in a later transaction) lets 12+ skip the scan; 11 still scans
        let via_check = "BEGIN;\nALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE users VALIDATE CONSTRAINT email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nCOMMIT;";
        let no_tx = |pg: u32| CheckOptions { pg_version: pg, in_transaction: false, ..Default::default() };
        assert_eq!(count(&META, via_check, &no_tx(12)), 0);
        assert_eq!(count(&META, via_check, &no_tx(11)), 1);
        // a CHECK that is not validated, or on another column, proves nothing
        assert_eq!(count(&META, "ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", &no_tx(16)), 1);
        assert_eq!(count(&META, "ALTER TABLE users ADD CONSTRAINT c CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", &no_tx(16)), 1);
        // the cross-migration pattern: VALIDATE of a constraint from an earlier migration, then SET NOT NULL
        assert_eq!(count(&META, "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", &no_tx(16)), 0);
        // domains and foreign tables hold no rows here
        assert_eq!(count(&META, "ALTER DOMAIN positive_int SET NOT NULL;\nALTER FOREIGN TABLE ft ALTER COLUMN c SET NOT NULL;", &v(18)), 0);
        // the old id still works in directives
        assert_eq!(count(&META, "-- squawk-ignore setting-not-null\nALTER TABLE users ALTER COLUMN email SET NOT NULL;", &v(18)), 0);
    }

    fn safe_version_by_version_and_transaction() {
        let alt = |pg: u32, tx: bool| run(BASE, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", &CheckOptions { pg_version: pg, in_transaction: tx, ..Default::default() }).statements[0].safe_version().unwrap_or_default();
        // in a transaction the VALIDATE goes to the next migration; in autocommit it follows at once
        assert!(alt(18, true).contains("NOT NULL email NOT VALID;") && alt(18, true).contains("\n-- ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;"), "{}", alt(18, true));
        assert!(alt(18, false).contains("\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;"), "{}", alt(18, false));
        assert!(alt(17, false).contains("CHECK (email IS NOT NULL) NOT VALID") && alt(17, false).contains("\nALTER TABLE users ALTER COLUMN email SET NOT NULL;"), "{}", alt(17, false));
        // before 12 SET NOT NULL would scan anyway: the validated CHECK enforces it instead
        assert!(!alt(11, false).contains("SET NOT NULL;"), "{}", alt(11, false));
    }
}
