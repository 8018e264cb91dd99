//! `adding-foreign-key-constraint`: a foreign key added to an existing table without NOT VALID.

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "adding-foreign-key-constraint",
    severity: Severity::Warning,
    dialects: PG,
    summary: "a foreign key added without NOT VALID scans the table while both tables are locked",
    why: "ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and the referenced table (writes to both wait) and checks every row before releasing them.",
    fix: "Add the constraint NOT VALID (brief lock, no scan), then VALIDATE CONSTRAINT in a later step (SHARE UPDATE EXCLUSIVE: reads and writes continue).",
    bad: "ALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\n",
    base: BASE,
};

fn cols(c: &Ctx, v: &[String]) -> String {
    v.iter().map(|x| c.q(x)).collect::<Vec<_>>().join(", ")
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    let t = c.qt(table);
    for a in actions {
        let (name, columns, rt, rc, add_col) = match a {
            Action::AddConstraint { name, kind: ConstraintKind::ForeignKey { columns, ref_table, ref_columns }, not_valid: false } => {
                (name.clone(), columns.clone(), ref_table, ref_columns.clone(), None)
            }
            Action::AddColumn { column, .. } => match &column.references {
                Some((rt, rc)) => (None, vec![column.name.clone()], rt, rc.clone(), Some(column)),
                None => continue,
            },
            _ => continue,
        };
        let cname = name.unwrap_or_else(|| format!("{}_{}_fkey", table.name, columns.join("_")));
        let qn = c.q(&cname);
        let refcols = if rc.is_empty() { String::new() } else { format!(" ({})", cols(c, &rc)) };
        let mut alt = format!("{}\n", safe::LOCK_TIMEOUT);
        if let Some(col) = add_col {
            alt.push_str(&format!("-- step 0: add the column without the inline REFERENCES\nALTER TABLE {t} ADD COLUMN {} {};\n", c.q(&col.name), col.type_text));
        }
        alt.push_str(&format!(
            "-- step 1: add the foreign key without checking existing rows (brief lock)\nALTER TABLE {t} ADD CONSTRAINT {qn} FOREIGN KEY ({}) REFERENCES {}{refcols} NOT VALID;\n-- step 2 (separate transaction/migration): check existing rows; reads and writes continue\nALTER TABLE {t} VALIDATE CONSTRAINT {qn};",
            cols(c, &columns),
            c.qt(rt)
        ));
        out.push(finding(
            &META,
            format!("foreign key {cname} is validated while {} and {} are locked against writes (SHARE ROW EXCLUSIVE)", table.name, rt.name),
            Some(alt),
        ));
    }
}

