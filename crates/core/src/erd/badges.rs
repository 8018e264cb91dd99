//! Findings on the diagram (issue 19, item 2): per box, how many lint findings name its table and
//! the worst severity, as a short label that does not rely on colour (a count and a shape per
//! severity) and a sentence for assistive technology. The app draws one badge per box from these
//! and lists the findings behind it.

use crate::diagnostic::Severity;
use crate::lint::Finding;
use std::collections::BTreeMap;

/// The findings of one table (indices into the analysis' findings, in their order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub worst: Severity,
    pub findings: Vec<usize>,
}

impl Badge {
    /// What the badge shows: the count and the worst severity's shape (✖ error, ▲ warning, ● info).
    pub fn label(&self) -> String {
        format!("{} {}", self.findings.len(), mark(self.worst))
    }

    /// What it says: "3 findings, the worst an error".
    pub fn sentence(&self) -> String {
        let n = self.findings.len();
        let worst = match self.worst {
            Severity::Error => "an error",
            Severity::Warning => "a warning",
            Severity::Info => "information",
        };
        format!("{} {}, the worst {worst}", n, crate::lint::triage::plural(n, "finding", "findings"))
    }
}

/// The shape that stands for a severity (badges and their lists).
pub fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "●",
    }
}

/// The badges of the findings that name a table, by the table's diagram key (`schema.table` or
/// `table`, as findings and boxes both name it).
pub fn by_table(findings: &[Finding]) -> BTreeMap<String, Badge> {
    let mut out: BTreeMap<String, Badge> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(t) = &f.table else { continue };
        let b = out.entry(t.clone()).or_insert(Badge { worst: f.severity, findings: Vec::new() });
        b.worst = b.worst.max(f.severity);
        b.findings.push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::lint::{lint, LintConfig};
    use crate::parse::parse;

    /// Every finding that names a table is on that table's box (a box of the drawn graph), once;
    /// the worst severity is the maximum of the table's findings.
    #[test]
    fn findings_land_on_their_boxes() {
        let sql = "CREATE TABLE users (id int, email varchar(10));\n\
                   CREATE TABLE app.posts (id bigint PRIMARY KEY, author int REFERENCES users (id));\n\
                   CREATE TABLE ok (id bigint PRIMARY KEY);\n";
        let s = parse(sql, Dialect::Postgres).schema;
        let findings = lint(sql, &s, &LintConfig::default());
        let badges = by_table(&findings);
        let keys: Vec<String> = crate::erd::from_schema(&s).tables.iter().map(|t| t.key.clone()).collect();
        assert!(!badges.is_empty(), "this schema has findings");
        for (k, b) in &badges {
            assert!(keys.contains(k), "{k} is a box");
            let own: Vec<usize> = findings.iter().enumerate().filter(|(_, f)| f.table.as_deref() == Some(k)).map(|(i, _)| i).collect();
            assert_eq!(b.findings, own);
            assert_eq!(Some(b.worst), own.iter().map(|&i| findings[i].severity).max());
            assert!(b.label().starts_with(&format!("{} ", own.len())));
            assert!(b.sentence().starts_with(&format!("{} finding", own.len())));
        }
        assert!(badges.contains_key("users"), "a table without a primary key has a finding");
        let total: usize = badges.values().map(|b| b.findings.len()).sum();
        assert_eq!(total, findings.iter().filter(|f| f.table.is_some()).count());
    }

    #[test]
    fn words_and_shapes() {
        let b = Badge { worst: Severity::Error, findings: vec![0, 3] };
        assert_eq!(b.label(), "2 ✖");
        assert_eq!(b.sentence(), "2 findings, the worst an error");
        let one = Badge { worst: Severity::Info, findings: vec![1] };
        assert_eq!(one.sentence(), "1 finding, the worst information");
        assert_ne!(mark(Severity::Warning), mark(Severity::Info));
    }
}
