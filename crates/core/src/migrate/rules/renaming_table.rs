use super::{finding, ALL_RULE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::model::QualifiedName;
use crate::parse::ops::{Action, Op, Relation};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "renaming-table",
    severity: Severity::Warning,
    summary: "renaming a table breaks the application version that is still running",
    why: "Queries of the running application use the old name and fail until every instance is redeployed — unless the migration leaves a view with the old name (a simple view is updatable: old code keeps reading and writing through it).",
    fix: "Rename and create a view with the old name in the same migration; drop the view once no code uses the old name.",
    bad: "ALTER TABLE users RENAME TO accounts;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users RENAME TO accounts;\nCREATE VIEW users AS SELECT * FROM accounts;\n",
    ..ALL_RULE
};

fn fix(c: &Ctx, from: &QualifiedName, to: &QualifiedName) -> Option<SafeFix> {
    let (f, t) = (c.qt(from), c.qt(to));
    let view = format!("-- a simple view is updatable: old code keeps working through it\nCREATE VIEW {f} AS SELECT * FROM {t};");
    let drop = safe::later("later, when no code uses the old name", &format!("DROP VIEW IF EXISTS {f};"));
    let text = match c.dialect {
        Dialect::Sqlite => return None,
        Dialect::Mysql => format!("RENAME TABLE {f} TO {t};\n{view}\n{drop}"),
        // the rename and the view in one transaction (the migration's, or their own)
        Dialect::Postgres if c.in_transaction => format!("ALTER TABLE {f} RENAME TO {};\n{view}\n{drop}", c.q(&to.name)),
        Dialect::Postgres => format!("BEGIN;\nALTER TABLE {f} RENAME TO {};\n{view}\nCOMMIT;\n{drop}", c.q(&to.name)),
    };
    Some(SafeFix::recipe(c, text))
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let pairs: Vec<(&QualifiedName, &QualifiedName)> = match c.op {
        Op::AlterTable { table, actions, relation: Relation::Table, .. } => actions.iter().filter_map(|a| if let Action::RenameTable { to } = a { Some((table, to)) } else { None }).collect(),
        Op::RenameTables { pairs } => pairs.iter().map(|(a, b)| (a, b)).collect(),
        _ => return,
    };
    let single = pairs.len() == 1 && matches!(c.op, Op::AlterTable { actions, .. } if actions.len() == 1) || matches!(c.op, Op::RenameTables { pairs } if pairs.len() == 1);
    for (from, to) in pairs {
        if c.is_new(from) || c.state.creates_view(from) {
            continue;
        }
        let fix = if single { fix(c, from, to) } else { None };
        out.push(finding(&META, c, format!("renaming table {} to {} breaks code that still uses {}", from.name, to.name, from.name), fix));
    }
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "CREATE TABLE t (a int);\nALTER TABLE t RENAME TO u;"));
        // a view with the old name in the same migration keeps old code working
        assert!(!fires(&META, "ALTER TABLE users RENAME TO accounts;\nCREATE OR REPLACE VIEW users AS SELECT * FROM accounts;"));
        assert_eq!(run_in(Dialect::Mysql, super::super::BASE_MYSQL, "RENAME TABLE users TO accounts;", &CheckOptions::default()).findings().filter(|(_, f)| f.rule == META.id).count(), 1);
    }
}
