//! `renaming-table`: RENAME TO on an existing table breaks running application code.

use super::{alter, finding, BASE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::model::QualifiedName;
use crate::parse::ops::{Action, Op};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "renaming-table",
    severity: Severity::Warning,
    dialects: &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite],
    summary: "renaming a table breaks the application version that is still running",
    why: "Queries of the running application use the old name and fail until every instance is redeployed.",
    fix: "Rename and leave an updatable view with the old name until no code uses it.",
    bad: "ALTER TABLE users RENAME TO accounts;\n",
    good: "SET lock_timeout = '5s';\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n",
    base: BASE,
};

fn alt(c: &Ctx, from: &QualifiedName, to: &QualifiedName) -> Option<String> {
    let (f, t) = (c.qt(from), c.qt(to));
    match c.dialect {
        Dialect::Sqlite => None,
        Dialect::Mysql => Some(format!("RENAME TABLE {f} TO {t};\n-- a simple view is updatable: old code keeps working\nCREATE VIEW {f} AS SELECT * FROM {t};\n-- later, when nothing uses the old name:\nDROP VIEW {f};")),
        Dialect::Postgres => Some(format!(
            "{}\nBEGIN;\nALTER TABLE {f} RENAME TO {};\n-- a simple view is updatable: old code keeps working\nCREATE VIEW {f} AS SELECT * FROM {t};\nCOMMIT;\n-- later (next deploy), when nothing uses the old name:\nDROP VIEW {f};",
            safe::LOCK_TIMEOUT,
            c.q(&to.name)
        )),
    }
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let pairs: Vec<(&QualifiedName, &QualifiedName)> = match c.op {
        Op::AlterTable { table, actions, .. } => actions.iter().filter_map(|a| if let Action::RenameTable { to } = a { Some((table, to)) } else { None }).collect(),
        Op::RenameTables { pairs } => pairs.iter().map(|(a, b)| (a, b)).collect(),
        _ => return,
    };
    let _ = alter;
    for (from, to) in pairs {
        if c.is_new(from) {
            continue;
        }
        out.push(finding(&META, format!("renaming table {} to {} breaks code that still uses {}", from.name, to.name, from.name), alt(c, from, to)));
    }
}
