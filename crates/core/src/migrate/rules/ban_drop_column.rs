use super::{alter_any_existing, finding, ALL_RULE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Action;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-drop-column",
    severity: Severity::Warning,
    summary: "dropping a column (of a table, foreign table or composite type) breaks code that still reads or writes it, and loses its data",
    why: "The running application version (and ORMs that SELECT every column) fail as soon as the column is gone; the data cannot be recovered without a backup.",
    fix: "First deploy code that no longer uses the column (ORMs: mark it ignored), then drop it in a later migration.",
    bad: "ALTER TABLE users DROP COLUMN name;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
    ..ALL_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions, _)) = alter_any_existing(c) else { return };
    let only_drops = actions.iter().all(|a| matches!(a, Action::DropColumn { .. }));
    for a in actions {
        let Action::DropColumn { column, .. } = a else { continue };
        if c.is_new_column(table, column) {
            continue;
        }
        // the safe version: not now — in a later migration, after the code stops using it
        let fix = (only_drops && c.dialect != Dialect::Sqlite).then(|| {
            let drops = actions.iter().filter_map(|a| if let Action::DropColumn { column, .. } = a { Some(format!("ALTER TABLE {} DROP COLUMN IF EXISTS {};", c.qt(table), c.q(column))) } else { None });
            SafeFix::plain(safe::later(&format!("in a later migration, once no deployed code reads or writes {column}"), &drops.collect::<Vec<_>>().join("\n")))
        });
        out.push(finding(&META, c, format!("dropping {}.{column} breaks code that still uses it and deletes its data", table.name), fix));
    }
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN tmp int;\nALTER TABLE users DROP COLUMN tmp;"));
        assert!(fires(&META, "ALTER TABLE users DROP COLUMN IF EXISTS name CASCADE;"));
        for m in ["ALTER TYPE composite DROP ATTRIBUTE a;", "ALTER FOREIGN TABLE ft DROP COLUMN a;"] {
            assert!(fires(&META, m), "{m}");
        }
    }
}
