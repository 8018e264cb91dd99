//! `setting-not-null`: ALTER COLUMN ... SET NOT NULL on an existing column (full scan under
//! ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) exists, PostgreSQL 12+).

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "setting-not-null",
    severity: Severity::Warning,
    dialects: PG,
    summary: "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE",
    why: "PostgreSQL checks every row while holding ACCESS EXCLUSIVE: reads and writes wait for the scan. A validated CHECK (col IS NOT NULL) lets it skip the scan (PostgreSQL 12+); PostgreSQL 18 can add NOT NULL as NOT VALID.",
    fix: "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it (SHARE UPDATE EXCLUSIVE), then SET NOT NULL and drop the CHECK; on PostgreSQL 18 add the NOT NULL constraint NOT VALID and validate it.",
    bad: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    for a in actions {
        let Action::SetNotNull { column } = a else { continue };
        if c.is_new_column(table, column) {
            continue;
        }
        if c.opts.pg_version >= 12 && facts::has_validated_not_null_check(c.before, c.state, table, column) {
            continue;
        }
        let (t, cn) = (c.qt(table), c.q(column));
        let alt = format!("{}\n{}", safe::LOCK_TIMEOUT, safe::not_null_steps(c.opts.pg_version, &t, &table.name, &cn, column, 1));
        out.push(finding(&META, format!("SET NOT NULL on {}.{column} scans the table under ACCESS EXCLUSIVE", table.name), Some(alt)));
    }
}
