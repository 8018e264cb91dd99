//! `money-as-float`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "money-as-float",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "Floating-point type for a money-like column",
    why: "Binary floating point cannot represent most decimal fractions: `0.1 + 0.2` is not `0.3`, sums drift by cents and equality checks fail. Money needs exact arithmetic.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags `float`, `real`, `double precision` (`float4`/`float8`/`double`) columns whose name looks like money. Heuristic: one of the words of the name (split at `_` and camelCase) is `price`, `amount`, `cost`, `total`, `subtotal`, `balance`, `fee`, `tax`, `salary`, `wage`, `revenue`, `payment`, `refund`, `discount`, `budget`, `credit`, `debit`, `money` or `charge`. (`price_ratio`-like false positives are possible; suppress them inline.)",
    fix: "`price numeric(12, 2)` (or integer minor units: `price_cents bigint`).",
    bad: table!("products", "price double precision NOT NULL"),
    good: table!("products", "price numeric(12, 2) NOT NULL"),
    ..META.doc()
};

const MONEY_WORDS: &[&str] = &[
    "price", "prices", "amount", "amounts", "cost", "costs", "total", "subtotal", "balance", "fee", "fees", "tax", "salary", "wage", "wages", "revenue",
    "payment", "refund", "discount", "budget", "credit", "debit", "money", "charge",
];

fn is_float(c: &Column) -> bool {
    matches!(c.data_type.kind, TypeKind::Float { .. })
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, c) in cx.columns().filter(|(_, c)| is_float(c) && sqltext::words(&c.name).iter().any(|w| MONEY_WORDS.contains(&w.as_str()))) {
        let message = format!(
            "{} looks like money but is {}; floating point cannot represent most decimal amounts, so sums drift by cents. Use numeric(12, 2) or integer cents.",
            cx.col(t, c),
            c.data_type.spelling
        );
        out.push(cx.on_column(&META, t, c, message));
    }
}

rule_tests! {
    fn only_money_names() {
        fires(&META, "CREATE TABLE o (id int PRIMARY KEY, totalAmount float, unit_price real, latitude float);", Dialect::Mysql, 2);
        passes(&META, "CREATE TABLE o (id int PRIMARY KEY, score float, amount decimal(10,2));", Dialect::Sqlite);
    }
}
