use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-truncate-cascade",
    severity: Severity::Error,
    summary: "TRUNCATE ... CASCADE also empties every table with a foreign key to it",
    why: "CASCADE silently truncates all referencing tables (and theirs, recursively), which can wipe far more data than intended.",
    fix: "List the tables to empty explicitly.",
    bad: "TRUNCATE orgs CASCADE;\n",
    good: "SET lock_timeout = '5s';\nTRUNCATE users, orgs;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::Truncate { tables, cascade: true } = c.op else { return };
    // The tables CASCADE would reach, transitively through foreign keys in the schema.
    let mut all: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    let mut k = 0;
    while k < all.len() && all.len() < 500 {
        let target = all[k].clone();
        for t in &c.before.tables {
            if t.foreign_keys.iter().any(|f| f.ref_table.name.eq_ignore_ascii_case(&target)) && !all.iter().any(|x| x.eq_ignore_ascii_case(&t.name)) {
                all.push(t.name.clone());
            }
        }
        k += 1;
    }
    let extra = &all[tables.len()..];
    let text = format!(
        "-- CASCADE would also empty: {}\nTRUNCATE {};",
        if extra.is_empty() { "(no referencing tables known)".to_string() } else { extra.join(", ") },
        all.iter().map(|t| c.q(t)).collect::<Vec<_>>().join(", ")
    );
    out.push(finding(&META, c, format!("TRUNCATE ... CASCADE also empties {} referencing table(s)", extra.len()), Some(SafeFix::plain(text))));
}

rule_tests! {
    fn names_the_tables_cascade_reaches() {
        let base = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nCREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b (id));";
        let r = run(base, "TRUNCATE a CASCADE;", &Default::default());
        let alt = r.statements[0].safe_version().unwrap_or_default();
        assert!(alt.ends_with("TRUNCATE a, b, c;"), "{alt}");
    }
}
