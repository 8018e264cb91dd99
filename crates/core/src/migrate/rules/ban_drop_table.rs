//! `ban-drop-table`: DROP TABLE of a table that existed before this migration.

use super::{finding, ALL, BASE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "ban-drop-table",
    severity: Severity::Warning,
    dialects: ALL,
    summary: "dropping a table breaks code that still uses it and deletes its data",
    why: "Running application code fails on the missing table, and the data is gone (no undo without a backup).",
    fix: "Remove every use of the table first; keep the data (rename it aside or back it up) before dropping it in a later migration.",
    bad: "DROP TABLE users;\n",
    good: "CREATE TABLE tmp_import (id bigint PRIMARY KEY);\nDROP TABLE tmp_import;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::DropTable { names, .. } = c.op else { return };
    for n in names {
        if c.is_new(n) {
            continue;
        }
        out.push(finding(&META, format!("dropping table {} breaks code that still uses it and deletes its data", n.name), None));
    }
}
