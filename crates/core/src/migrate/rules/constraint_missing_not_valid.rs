//! `constraint-missing-not-valid`: a CHECK added to an existing table without NOT VALID, or a
//! NOT VALID constraint validated in the same transaction that added it.

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{key, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "constraint-missing-not-valid",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ADD CONSTRAINT ... CHECK without NOT VALID (or VALIDATE in the transaction that added it)",
    why: "Adding a CHECK scans every row under ACCESS EXCLUSIVE. Added NOT VALID it only takes a brief lock; VALIDATE then scans under SHARE UPDATE EXCLUSIVE — but only if it runs in its own transaction, otherwise the ACCESS EXCLUSIVE lock of the ADD is still held.",
    fix: "ADD CONSTRAINT ... NOT VALID in one migration, VALIDATE CONSTRAINT in the next.",
    bad: "ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '') NOT VALID;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    let t = c.qt(table);
    for a in actions {
        match a {
            Action::AddConstraint { name, kind: ConstraintKind::Check { expression }, not_valid: false } => {
                let cname = name.clone().unwrap_or_else(|| format!("{}_check", table.name));
                let qn = c.q(&cname);
                let alt = format!(
                    "{}\n-- step 1: add without checking existing rows (brief lock)\nALTER TABLE {t} ADD CONSTRAINT {qn} CHECK ({expression}) NOT VALID;\n-- step 2 (next migration): check existing rows; reads and writes continue\nALTER TABLE {t} VALIDATE CONSTRAINT {qn};",
                    safe::LOCK_TIMEOUT
                );
                out.push(finding(&META, format!("CHECK {cname} scans {} under ACCESS EXCLUSIVE", table.name), Some(alt)));
            }
            Action::ValidateConstraint { name } if c.in_transaction && c.state.not_valid_in_tx.contains(&(key(table), name.to_ascii_lowercase())) => {
                let alt = format!("-- move to its own migration (after the one that adds the constraint):\nALTER TABLE {t} VALIDATE CONSTRAINT {};", c.q(name));
                out.push(finding(&META, format!("{name} is validated in the same transaction that added it NOT VALID: the ADD's ACCESS EXCLUSIVE lock is held during the scan"), Some(alt)));
            }
            _ => {}
        }
    }
}
