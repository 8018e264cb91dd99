use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, LockMode, MigrationFinding, SafeFix};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-lock-timeout",
    severity: Severity::Warning,
    summary: "the first statement that takes a lock other sessions wait for, with no lock_timeout set before it",
    why: "A statement waiting for its lock (behind one long query) makes every later query on the table wait behind it: the whole application queues behind the migration. lock_timeout makes it give up and retry instead. Counted: locks on existing tables from SHARE UPDATE EXCLUSIVE up (DDL, CREATE INDEX, REINDEX, CLUSTER, DROP INDEX or TRIGGER, a foreign key's lock on the table it references, the tables using an altered domain); weaker locks (DML, ACCESS SHARE) and objects created in the migration cannot make the application queue.",
    fix: "Start the migration with SET lock_timeout = '5s' (SET LOCAL inside the transaction) and retry on timeout.",
    bad: "ALTER TABLE users ADD COLUMN nickname text;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.state.lock_timeout || c.state.lock_timeout_reported {
        return;
    }
    // the locks on objects that existed before this migration
    let main = c.facts.lock.filter(|_| !c.on_new_table());
    let others = c.facts.other_locks.iter().filter(|(t, _)| !c.is_new(t));
    let strongest = main.into_iter().chain(others.map(|(_, m)| *m)).min();
    let Some(lock) = strongest.filter(|l| *l <= LockMode::ShareUpdateExclusive) else { return };
    let on = match (main.is_some(), &c.facts.table, &c.facts.object) {
        (true, Some(t), _) => t.name.clone(),
        (true, None, Some(o)) => o.clone(),
        _ => c.facts.other_locks.iter().find(|(_, m)| *m == lock).map_or_else(|| "its table".into(), |(t, _)| t.name.clone()),
    };
    let mut message = format!("takes {} on {on} with no lock_timeout: if it waits, every query on the table waits behind it", lock.name());
    // alone in its file it runs outside the tool's transaction; a SET beside it would not
    let fix = if c.alone_outside_tool_tx() {
        message.push_str(" (a SET in this file would put it in the tool's transaction: set lock_timeout for the migration's role, or run the file outside the transaction)");
        None
    } else {
        Some(SafeFix { before: vec![safe::LOCK_TIMEOUT.into()], ..Default::default() })
    };
    out.push(finding(&META, c, message, fix));
}

rule_tests! {
    fn what_takes_a_lock() {
        for m in [
            "DROP INDEX some_index_not_in_the_script;",
            "REINDEX TABLE users;",
            "REINDEX (CONCURRENTLY false) INDEX idx;",
            "CLUSTER users;",
            "CREATE TABLE posts (id bigint, user_id bigint REFERENCES users (id));",
            "ALTER DOMAIN positive_int ADD CONSTRAINT c CHECK (VALUE > 0);",
            "ALTER DOMAIN positive_int SET NOT NULL;",
            "DROP TRIGGER trg ON users;",
            "COMMENT ON COLUMN users.email IS 'x';",
            "VACUUM FULL users;",
            "LOCK TABLE users;",
        ] {
            assert!(fires(&META, m), "{m}");
        }
        for m in [
            "SET foo.lock_timeout = '1s';\nSET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a int;",
            "UPDATE users SET name = 'x';",
            "LOCK TABLE users IN ACCESS SHARE MODE;",
            "CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);",
            "CREATE TYPE m AS ENUM ('a');",
        ] {
            assert!(!fires(&META, m), "{m}");
        }
        // SET foo.lock_timeout is another setting
        assert!(fires(&META, "SET foo.lock_timeout = '1s';\nALTER TABLE users ADD COLUMN c boolean;"));
        // once per migration
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;", &Default::default()), 1);
        // RESET turns it off again
        assert!(fires(&META, "SET lock_timeout = '1s';\nRESET lock_timeout;\nALTER TABLE users ADD COLUMN a int;"));
    }

    use crate::migrate::{check, CheckOptions};
    use crate::{Dialect, Schema};

    fn fired(base: &str, migration: &str) -> Vec<String> {
        let base = if base.is_empty() { Schema::new(Dialect::Postgres) } else { crate::parse::parse(base, Dialect::Postgres).schema };
        check(&base, migration, Dialect::Postgres, &CheckOptions::default()).findings().filter(|(_, f)| f.rule == META.id).map(|(_, f)| f.message.clone()).collect()
    }

    fn a_foreign_key_between_two_new_tables_locks_nothing_in_use() {
        let both_new = "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE posts (id int PRIMARY KEY, user_id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users (id);\n";
        assert!(fired("", both_new).is_empty());
        // The referenced table existed before: its SHARE ROW EXCLUSIVE lock needs the timeout, named so.
        let m = fired("CREATE TABLE users (id int PRIMARY KEY);", "CREATE TABLE posts (id int PRIMARY KEY, user_id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users (id);\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("SHARE ROW EXCLUSIVE on users"), "{}", m[0]);
    }
}
