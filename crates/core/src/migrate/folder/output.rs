//! A checked folder as text, JSON, GitHub workflow commands and Markdown (SARIF is the CLI's,
//! beside the single-file log).
//!
//! Contract: every format lists only checked migrations' statements (a replayed-only migration
//! is a line in JSON with `"checked": false` and nothing else); paths are the folder's relative
//! paths, joined to `prefix` where a consumer needs them relative to the repository (`github`,
//! `markdown`). The statement objects in JSON are exactly `check-migration --format json`'s.

use super::{lock_summary, FolderReport, Problem};
use crate::diagnostic::{Diagnostic, Severity};
use crate::migrate::{report_json, report_text};
use serde_json::{json, Value};
use std::fmt::Write;

/// `prefix/path` with one `/` between (no prefix: the path).
pub fn joined(prefix: &str, path: &str) -> String {
    let p = prefix.trim_end_matches('/');
    if p.is_empty() || p == "." {
        path.to_string()
    } else {
        format!("{p}/{path}")
    }
}

fn problem_json(p: &Problem) -> Value {
    json!({"path": p.path, "line": p.line, "severity": p.severity, "message": p.message})
}

fn diagnostics_json(ds: &[&Diagnostic]) -> Value {
    Value::Array(ds.iter().map(|d| json!({"severity": d.severity, "line": d.line, "column": d.column, "message": d.message})).collect())
}

/// The file's diagnostics: the checker's when checked, else the replay's.
fn diagnostics(r: &super::FileReport) -> Vec<&Diagnostic> {
    if r.checked {
        r.report.diagnostics.iter().collect()
    } else {
        r.replay.iter().collect()
    }
}

/// `check-migration DIR --format json`: `{"layout", "dialect", "files": [{"path", "checked",
/// "statements": [...]}], "problems": [...]}` (../shared/DESIGN.md's shape plus the dialect, the order's
/// source, each file's name, down file, transaction and diagnostics, and the folder's problems).
pub fn json(r: &FolderReport) -> String {
    let h = &r.history;
    let files: Vec<Value> = r
        .files
        .iter()
        .map(|f| {
            let m = &h.migrations[f.migration];
            let statements = if f.checked {
                serde_json::from_str::<Value>(&report_json(&f.report)).ok().and_then(|v| v.get("statements").cloned()).unwrap_or(Value::Array(Vec::new()))
            } else {
                Value::Array(Vec::new())
            };
            json!({
                "path": m.path,
                "name": m.name,
                "checked": f.checked,
                "in_transaction": m.in_transaction,
                // The byte range of the file the tool applies (dbmate: the `-- migrate:up` section).
                "up": [m.up.start, m.up.end],
                "down": m.down.as_ref().map(|d| d.path.as_str()),
                "statements": statements,
                "diagnostics": diagnostics_json(&diagnostics(f)),
            })
        })
        .collect();
    let v = json!({
        "layout": h.layout.id(),
        "dialect": h.dialect.id(),
        "dialect_from": h.dialect_from,
        "order": if h.order_given { "given" } else { "layout" },
        "files": files,
        "problems": h.problems.iter().map(problem_json).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
}

/// One line naming the folder's layout, dialect and how many migrations are checked.
pub fn headline(r: &FolderReport) -> String {
    let h = &r.history;
    format!(
        "{} ({}, {} from {}): {} migration(s), {} checked",
        h.layout.label(),
        if h.order_given { "order given" } else { "the tool's order" },
        h.dialect.id(),
        h.dialect_from,
        h.migrations.len(),
        r.checked()
    )
}

/// Human text: the headline, each checked migration's report under its path, the folder's problems.
pub fn text(r: &FolderReport) -> String {
    let mut out = format!("{}\n", headline(r));
    let mut statements = 0;
    let mut findings = 0;
    for f in r.files.iter().filter(|f| f.checked) {
        let m = &r.history.migrations[f.migration];
        let _ = writeln!(out, "\n{}{}", m.path, if m.in_transaction { "" } else { " (not in a transaction)" });
        let body = report_text(&f.report);
        // The per-file summary line is replaced by the folder's.
        for l in body.lines().filter(|l| !l.ends_with(" finding(s)") || !l.contains(" statement(s), ")) {
            let _ = writeln!(out, "  {l}");
        }
        statements += f.report.statements.len();
        findings += f.report.findings().count();
    }
    if !r.history.problems.is_empty() {
        out.push('\n');
    }
    for p in &r.history.problems {
        let at = match (&p.path, p.line) {
            (Some(path), 0) => format!("{path}: "),
            (Some(path), l) => format!("{path}:{l}: "),
            (None, _) => String::new(),
        };
        let _ = writeln!(out, "{at}{}: {}", p.severity.id(), p.message);
    }
    let _ = writeln!(out, "\n{} migration(s) checked, {statements} statement(s), {findings} finding(s)", r.checked());
    out
}

/// GitHub's escaping of a workflow command's message (`data`) or property value.
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// GitHub Actions workflow commands: one `::error file=…,line=…,title=…::message` annotation per
/// finding of a checked migration (the safe alternative in the message), per diagnostic of a
/// checked migration, and per folder problem. `prefix` is the folder's path in the repository.
pub fn github(r: &FolderReport, prefix: &str) -> String {
    let mut out = String::new();
    for f in r.files.iter().filter(|f| f.checked) {
        let path = joined(prefix, &r.history.migrations[f.migration].path);
        for s in &f.report.statements {
            let end = s.line + s.sql.lines().count().saturating_sub(1);
            for fi in &s.findings {
                let mut msg = fi.message.clone();
                if let Some(alt) = &fi.safe_alternative {
                    let _ = write!(msg, "\n\nSafe alternative:\n{alt}");
                }
                let _ = writeln!(out, "::{} file={},line={},endLine={},title={}::{}", level(fi.severity), escape(&path, true), s.line, end, escape(fi.rule, true), escape(&msg, false));
            }
        }
        for d in &f.report.diagnostics {
            let _ = writeln!(out, "::{} file={},line={},col={},title=schemaplay::{}", level(d.severity), escape(&path, true), d.line, d.column, escape(&d.message, false));
        }
    }
    for p in &r.history.problems {
        let mut props = Vec::new();
        if let Some(x) = &p.path {
            props.push(format!("file={}", escape(&joined(prefix, x), true)));
            if p.line > 0 {
                props.push(format!("line={}", p.line));
            }
        }
        props.push("title=schemaplay".to_string());
        let _ = writeln!(out, "::{} {}::{}", level(p.severity), props.join(","), escape(&p.message, false));
    }
    out
}

/// A Markdown report (a pull request's job summary): per checked migration its lock summary,
/// its findings with their safe alternatives; the folder's problems.
pub fn markdown(r: &FolderReport, prefix: &str) -> String {
    let mut out = String::from("## schemaplay check-migration\n\n");
    let _ = writeln!(out, "{}\n", headline(r));
    let mut total = 0;
    for f in r.files.iter().filter(|f| f.checked) {
        let path = joined(prefix, &r.history.migrations[f.migration].path);
        let n = f.report.findings().count();
        total += n;
        let locks = lock_summary(&f.report);
        let _ = writeln!(out, "### `{path}`\n");
        let lock_text = if locks.is_empty() { "no lock on an existing table".to_string() } else { locks.iter().map(|(t, m)| format!("{} on `{t}`", m.name())).collect::<Vec<_>>().join(", ") };
        let _ = writeln!(out, "{} statement(s), {n} finding(s); locks: {lock_text}\n", f.report.statements.len());
        for (s, fi) in f.report.findings() {
            let _ = writeln!(out, "- **{}** `{}` (line {}): {}", fi.severity.id(), fi.rule, s.line, fi.message);
            if let Some(alt) = &fi.safe_alternative {
                let _ = writeln!(out, "\n  <details><summary>Safe alternative</summary>\n\n  ```sql\n{}\n  ```\n  </details>\n", alt.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"));
            }
        }
        out.push('\n');
    }
    if !r.history.problems.is_empty() {
        out.push_str("### Problems reading the folder\n\n");
        for p in &r.history.problems {
            let _ = writeln!(out, "- {} {}: {}", p.severity.id(), p.path.as_deref().map(|x| format!("`{}`", joined(prefix, x))).unwrap_or_default(), p.message);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "**{} migration(s) checked, {total} finding(s).**", r.checked());
    out
}
