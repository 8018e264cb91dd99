//! `disallowed-unique-constraint`: ADD UNIQUE on an existing table builds the index under
//! ACCESS EXCLUSIVE.

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "disallowed-unique-constraint",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ADD CONSTRAINT ... UNIQUE builds its index while the table is locked",
    why: "The unique index is built under ACCESS EXCLUSIVE: no reads or writes until the whole table is indexed.",
    fix: "CREATE UNIQUE INDEX CONCURRENTLY first (outside a transaction), then ADD CONSTRAINT ... UNIQUE USING INDEX (instant).",
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let Action::AddConstraint { name, kind: ConstraintKind::Unique { columns, using_index: None }, .. } = a else { continue };
        let cname = name.clone().unwrap_or_else(|| format!("{}_{}_key", table.name, columns.join("_")));
        let (t, qn) = (c.qt(table), c.q(&cname));
        let cols = columns.iter().map(|x| c.q(x)).collect::<Vec<_>>().join(", ");
        let alt = format!(
            "-- step 1 (outside a transaction): build the index without blocking writes\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {qn} ON {t} ({cols});\n-- step 2: attach it as the constraint (brief lock, no scan)\n{}\nALTER TABLE {t} ADD CONSTRAINT {qn} UNIQUE USING INDEX {qn};",
            safe::LOCK_TIMEOUT
        );
        out.push(finding(&META, format!("UNIQUE {cname} builds its index on {} under ACCESS EXCLUSIVE", table.name), Some(alt)));
    }
}
