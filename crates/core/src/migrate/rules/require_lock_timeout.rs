//! `require-lock-timeout`: the first statement that locks an existing table runs without
//! `SET lock_timeout` before it.

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, LockMode, MigrationFinding, MigrationRuleMeta};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "require-lock-timeout",
    severity: Severity::Warning,
    dialects: PG,
    summary: "a lock-taking statement with no lock_timeout set before it",
    why: "A statement waiting for its lock (behind one long query) blocks every later query on the table: the whole application queues behind the migration. lock_timeout makes it give up and retry instead.",
    fix: "Start the migration with SET lock_timeout = '5s' (or SET LOCAL inside the transaction) and retry on timeout.",
    bad: "ALTER TABLE users ADD COLUMN nickname text;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.state.lock_timeout || c.state.lock_timeout_reported {
        return;
    }
    let Some(lock) = c.facts.lock else { return };
    if lock > LockMode::ShareUpdateExclusive {
        return; // ROW EXCLUSIVE and weaker: DML
    }
    let Some(t) = &c.facts.table else { return };
    // The first lock on a table that existed before the migration (a new table is unused: no
    // query can hold a lock on it, e.g. the referenced table of a foreign key created here too).
    let existing = std::iter::once((t, lock)).chain(c.facts.other_locks.iter().map(|(o, m)| (o, *m))).find(|(o, m)| !c.is_new(o) && *m <= LockMode::ShareUpdateExclusive);
    let Some((t, lock)) = existing else { return };
    let alt = format!("{}\n{}", safe::LOCK_TIMEOUT, safe::stmt(c.sql));
    out.push(finding(&META, format!("takes {} on {} with no lock_timeout: if it waits, every query on the table waits behind it", lock.name(), t.name), Some(alt)));
}

#[cfg(test)]
mod tests {
    use crate::migrate::{check, CheckOptions};
    use crate::{Dialect, Schema};

    fn fired(base: &str, migration: &str) -> Vec<String> {
        let base = if base.is_empty() { Schema::new(Dialect::Postgres) } else { crate::parse::parse(base, Dialect::Postgres).schema };
        check(&base, migration, Dialect::Postgres, &CheckOptions::default()).findings().filter(|(_, f)| f.rule == super::META.id).map(|(_, f)| f.message.clone()).collect()
    }

    #[test]
    fn a_foreign_key_between_two_new_tables_locks_nothing_in_use() {
        let both_new = "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE posts (id int PRIMARY KEY, user_id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users (id);\n";
        assert!(fired("", both_new).is_empty());
        // The referenced table existed before: its SHARE ROW EXCLUSIVE lock needs the timeout, named so.
        let m = fired("CREATE TABLE users (id int PRIMARY KEY);", "CREATE TABLE posts (id int PRIMARY KEY, user_id int);\nALTER TABLE posts ADD FOREIGN KEY (user_id) REFERENCES users (id);\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("SHARE ROW EXCLUSIVE on users"), "{}", m[0]);
    }
}
