use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-enum-value-ordering",
    severity: Severity::Info,
    summary: "ALTER TYPE ... ADD VALUE without BEFORE/AFTER",
    why: "Enum values sort in declaration order; appending without saying where makes ORDER BY on the column depend on the order migrations happened to add values.",
    fix: "Say where the value goes: ADD VALUE IF NOT EXISTS 'x' AFTER 'y'.",
    bad: "ALTER TYPE mood ADD VALUE 'happy';\n",
    good: "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok';\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::AlterTypeAddValue { type_name, value, positioned: false, .. } = c.op else { return };
    let last = c.before.enums.iter().find(|e| e.name.eq_ignore_ascii_case(&type_name.name)).and_then(|e| e.values.last().cloned());
    let lit = |s: &str| crate::sqltext::string_lit(crate::Dialect::Postgres, s);
    let fix = last.map(|l| SafeFix::plain(format!("ALTER TYPE {} ADD VALUE IF NOT EXISTS {} AFTER {};", c.qt(type_name), lit(value), lit(&l))));
    out.push(finding(&META, c, format!("value '{value}' is added to {} without BEFORE/AFTER", type_name.name), fix));
}

rule_tests! {

}
