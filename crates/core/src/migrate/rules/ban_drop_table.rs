use super::{finding, ALL_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-drop-table",
    severity: Severity::Warning,
    summary: "dropping a table breaks code that still uses it and deletes its data",
    why: "Running application code fails on the missing table, and the data is gone (no undo without a backup).",
    fix: "Remove every use of the table first; keep the data (rename it aside or back it up) before dropping it in a later migration.",
    bad: "DROP TABLE users;\n",
    good: "CREATE TABLE tmp_import (id bigint PRIMARY KEY);\nDROP TABLE tmp_import;\n",
    ..ALL_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::DropTable { names, .. } = c.op else { return };
    // a table rebuilt in this migration (a new shape renamed over it) is not lost
    let old: Vec<_> = names.iter().filter(|n| !c.is_new(n) && !c.state.rebuilt(n)).collect();
    if old.is_empty() {
        return;
    }
    let fix = (old.len() == names.len()).then(|| {
        let drops = old.iter().map(|n| format!("DROP TABLE IF EXISTS {};", c.qt(n))).collect::<Vec<_>>().join("\n");
        SafeFix::plain(safe::later("in a later migration, once no deployed code uses the table and its data is kept elsewhere", &drops))
    });
    let list = old.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(", ");
    out.push(finding(&META, c, format!("dropping table {list} breaks code that still uses it and deletes its data"), fix));
}

rule_tests! {
    fn cases() {
        assert!(fires(&META, "DROP TABLE IF EXISTS users CASCADE;"));
        assert!(!fires(&META, "CREATE TABLE t (a int);\nDROP TABLE t;"));
    }
}
