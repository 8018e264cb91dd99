//! The check's output: `check-migration --format json` (../shared/DESIGN.md's shape) and human text.

use super::{Algorithm, LockMode, MigrationReport};
use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct JFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    safe_alternative: Option<&'a str>,
}

#[derive(Serialize)]
struct JStatement<'a> {
    index: usize,
    line: usize,
    sql: &'a str,
    table: Option<&'a str>,
    lock: Option<&'static str>,
    rewrites_table: bool,
    scans_table: bool,
    mysql_algorithm: Option<&'static str>,
    new_table: bool,
    findings: Vec<JFinding<'a>>,
    /// The statement's one safe version: every finding's alternative merged (what the app's
    /// "Apply safe version" writes).
    safe_version: Option<String>,
}

#[derive(Serialize)]
struct JReport<'a> {
    statements: Vec<JStatement<'a>>,
    diagnostics: &'a [Diagnostic],
}

/// The `check-migration --format json` document (../shared/DESIGN.md's shape, plus `mysql_algorithm`,
/// `new_table`, `safe_version` and `diagnostics`).
pub fn report_json(r: &MigrationReport) -> String {
    let j = JReport {
        statements: r
            .statements
            .iter()
            .map(|s| JStatement {
                index: s.index,
                line: s.line,
                sql: &s.sql,
                table: s.table.as_deref(),
                lock: s.lock.map(LockMode::name),
                rewrites_table: s.rewrites_table,
                scans_table: s.scans_table,
                mysql_algorithm: s.mysql_algorithm.map(Algorithm::name),
                new_table: s.new_table,
                findings: s.findings.iter().map(|f| JFinding { rule: f.rule, severity: f.severity, message: &f.message, safe_alternative: f.safe_alternative.as_deref() }).collect(),
                safe_version: s.safe_version(),
            })
            .collect(),
        diagnostics: &r.diagnostics,
    };
    serde_json::to_string_pretty(&j).unwrap_or_else(|_| "{}".into())
}

/// Human text: per statement `line N: <first line>`, its lock, its findings, then its one safe
/// version (every finding's alternative merged, as the app applies it) indented.
pub fn report_text(r: &MigrationReport) -> String {
    let mut out = String::new();
    for s in &r.statements {
        let first = s.sql.lines().next().unwrap_or("");
        out.push_str(&format!("line {}: {}\n", s.line, first));
        let mut bits: Vec<String> = Vec::new();
        if let Some(l) = s.lock {
            bits.push(format!("lock: {} on {}", l.name(), s.table.as_deref().unwrap_or("?")));
        }
        for (t, m) in &s.other_locks {
            bits.push(format!("{} on {t}", m.name()));
        }
        if let Some(a) = s.mysql_algorithm {
            bits.push(format!("ALGORITHM={}", a.name()));
        }
        if s.rewrites_table {
            bits.push("rewrites table".into());
        } else if s.scans_table {
            bits.push("scans table".into());
        }
        if s.new_table {
            bits.push("table created in this migration".into());
        }
        if !bits.is_empty() {
            out.push_str(&format!("  {}\n", bits.join(" · ")));
        }
        for f in &s.findings {
            out.push_str(&format!("  {} [{}] {}\n", f.severity.id(), f.rule, f.message));
        }
        if let Some(safe) = s.safe_version() {
            out.push_str("  safe version:\n");
            for l in safe.lines() {
                out.push_str(&format!("    {l}\n"));
            }
        }
    }
    for d in &r.diagnostics {
        out.push_str(&format!("line {}: {}: {}\n", d.line, d.severity.id(), d.message));
    }
    let n = r.findings().count();
    out.push_str(&format!("{} statement(s), {} finding(s)\n", r.statements.len(), n));
    out
}

