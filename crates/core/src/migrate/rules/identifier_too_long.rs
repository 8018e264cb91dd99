use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "identifier-too-long",
    severity: Severity::Warning,
    summary: "an identifier longer than 63 bytes (PostgreSQL truncates it)",
    why: "PostgreSQL keeps at most 63 bytes of a name (NAMEDATALEN - 1) and only says so in a NOTICE: the table, column or index gets a different name than the one written, and two long names can end up the same.",
    fix: "Use a name of at most 63 bytes (multi-byte characters count by their bytes).",
    bad: "CREATE TABLE table_very_long_very_long_very_long_very_long_very_long_very_long (id bigint);\n",
    good: "CREATE TABLE a_shorter_table_name (id bigint);\n",
    ..PG_RULE
};

/// The most PostgreSQL keeps of a name, in bytes.
const MAX: usize = 63;

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let long: Vec<String> = crate::parse::ops::identifiers(c.sql, c.dialect).into_iter().filter(|i| i.len() > MAX).collect();
    for ident in long {
        let kept = crate::parse::clamp_name(&ident);
        out.push(finding(&META, c, format!("`{ident}` is {} bytes: PostgreSQL keeps the first 63, `{kept}`", ident.len()), None));
    }
}

rule_tests! {
    examples_without_fix;

    fn bytes_not_characters() {
        let n63 = "a".repeat(63);
        assert!(!fires(&META, &format!("CREATE TABLE {n63} (id bigint);")));
        assert!(fires(&META, &format!("CREATE TABLE \"{n63}\"\"b\" (id bigint);")), "a quoted name with an escaped quote");
        // 21 three-byte characters = 63 bytes; 22 = 66 bytes
        assert!(!fires(&META, &format!("CREATE TABLE \"{}\" (id bigint);", "é€".repeat(10) + "x")));
        assert!(fires(&META, &format!("CREATE TABLE \"{}\" (id bigint);", "👨‍👩‍👧‍👦".repeat(3))));
        for m in ["DROP TABLE {n};", "CREATE INDEX {n} ON users (email);", "ALTER TABLE users ADD COLUMN {n} bigint;"] {
            assert!(fires(&META, &m.replace("{n}", &"x".repeat(64))), "{m}");
        }
        // string literals are not identifiers
        assert!(!fires(&META, &format!("COMMENT ON TABLE users IS '{}';", "x".repeat(100))));
    }
}
