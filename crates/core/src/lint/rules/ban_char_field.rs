//! `ban-char-field`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "ban-char-field",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "char(n) columns",
    why: "`char(n)` pads values with spaces to `n` characters; the padding leaks into comparisons, concatenation and client code (`'ab' = 'ab   '` surprises), and in PostgreSQL it is no faster than `text`. Fixed-length codes are better enforced with a CHECK.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags `char(n)` / `character(n)` columns.",
    fix: "`color text NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$')` in PostgreSQL and SQLite, `varchar(n)` in MySQL (the quick fix replaces the type in place).",
    bad: table!("labels", "color char(7) NOT NULL"),
    good: table!("labels", "color text NOT NULL CHECK (char_length(color) = 7)"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.retype_columns(&META, out, |t, c| {
        let TypeKind::Char { length } = c.data_type.kind else { return None };
        let n = length.unwrap_or(1);
        let new = if cx.dialect == Dialect::Mysql { format!("varchar({n})") } else { "text".to_string() };
        let message = format!(
            "{} is {}; char pads values with spaces, which leaks into comparisons and client code. Use {new} (with a CHECK if the length is fixed).",
            cx.col(t, c),
            c.data_type.spelling
        );
        Some((new, message))
    });
}

rule_tests! {
    fn mysql_fix_keeps_the_length() {
        let sql = "CREATE TABLE c (id int PRIMARY KEY, code char(2) NOT NULL);";
        let f = fires(&META, sql, Dialect::Mysql, 1);
        assert!(f[0].fix.as_ref().unwrap().apply(sql).contains("code varchar(2) NOT NULL"));
        check_fix(sql, Dialect::Mysql, &f[0]).unwrap();
    }
}
