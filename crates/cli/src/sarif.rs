//! SARIF 2.1.0 output for `schemaplay lint --format sarif` (GitHub code scanning and other SARIF
//! consumers): one run, the full rule catalogue in `tool.driver.rules` (with help text and the
//! default level), one result per finding with its region and, where the finding has a quick
//! fix, a SARIF `fix` whose replacements use `byteOffset`/`byteLength` (our edits are byte
//! offsets, so no character re-counting is needed).

use schemaplay_core::lint::{Finding, DOCS, RULES};
use schemaplay_core::ruledoc::RuleDoc;
use schemaplay_core::{LineIndex, Severity};
use serde_json::{json, Value};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A path as a SARIF `uri-reference`: bytes outside RFC 3986's unreserved characters and
/// `/` are percent-encoded (a Diesel folder named `2017-01-01 add things`, non-ASCII names).
pub fn uri_ref(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `fk-missing-index` → `FkMissingIndex` (SARIF's `name` is a readable identifier).
fn pascal(id: &str) -> String {
    id.split('-').map(|w| {
        let mut c = w.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    }).collect()
}

/// One `tool.driver.rules` entry from a rule's documentation: id, readable name, summary, why, help
/// (text and markdown with the fix and the bad/good example), default level, dialects and kind.
fn rule_descriptor(d: &RuleDoc) -> Value {
    let RuleDoc { id, summary, why, fix, bad, good, severity, dialects, .. } = *d;
    let tag = match d.kind {
        schemaplay_core::ruledoc::RuleKind::Schema => "schema",
        schemaplay_core::ruledoc::RuleKind::Migration => "migration",
    };
    json!({
        "id": id,
        "name": pascal(id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why},
        "help": {
            "text": format!("{why}\n\nFix: {fix}\n\nExample:\n{bad}\nUse instead:\n{good}"),
            "markdown": format!("{why}\n\n**Fix:** {fix}\n\n**Example**\n```sql\n{bad}```\n**Use instead**\n```sql\n{good}```"),
        },
        "defaultConfiguration": {"level": level(severity)},
        "properties": {"dialects": dialects.iter().map(|d| d.id()).collect::<Vec<_>>(), "tags": [tag]},
    })
}

/// One SARIF run of `tool` with its rule catalogue, the files it looked at and its results.
fn run_log(tool: &str, rules: Vec<Value>, artifacts: Vec<Value>, results: Vec<Value>) -> Value {
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool,
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/schemaplay/schemaplay",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

/// One lint result: the finding at its region of `uri`, with its quick fix as SARIF `fixes`.
fn lint_result(uri: &str, idx: &LineIndex, f: &Finding) -> Value {
    let (el, ec) = idx.line_col(f.span.end.max(f.span.start));
    let mut r = json!({
        "ruleId": f.rule,
        "ruleIndex": RULES.iter().position(|r| r.meta.id == f.rule).unwrap_or(0),
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri_ref(uri)},
                "region": {"startLine": f.line.max(1), "startColumn": f.column_no.max(1), "endLine": el.max(f.line.max(1)), "endColumn": if el > f.line { ec.max(1) } else { ec.max(f.column_no.max(1)) }},
            },
            "logicalLocations": f.table.as_ref().map(|t| vec![json!({"fullyQualifiedName": match &f.column { Some(c) => format!("{t}.{c}"), None => t.clone() }, "kind": if f.column.is_some() { "member" } else { "type" }})]).unwrap_or_default(),
        }],
    });
    if let Some(fix) = &f.fix {
        r["fixes"] = json!([{
            "description": {"text": fix.description},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri_ref(uri)},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                    "insertedContent": {"text": e.replacement},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    r
}

/// The SARIF log for `findings` on the file `uri` with contents `text`.
pub fn log(uri: &str, text: &str, findings: &[Finding]) -> Value {
    log_files(&[(uri.to_string(), text, findings.to_vec())])
}

/// The lint log over several files: each `(uri, text, findings)` with spans, lines and fixes
/// into its own text (a migration folder's files).
pub fn log_files(files: &[(String, &str, Vec<Finding>)]) -> Value {
    let rules: Vec<Value> = DOCS.iter().map(rule_descriptor).collect();
    let mut results = Vec::new();
    for (uri, text, findings) in files {
        let idx = LineIndex::new(text);
        results.extend(findings.iter().map(|f| lint_result(uri, &idx, f)));
    }
    let artifacts = files.iter().map(|(uri, text, _)| json!({"location": {"uri": uri_ref(uri)}, "length": text.len()})).collect();
    run_log("schemaplay", rules, artifacts, results)
}

/// One check-migration result: a finding at its statement (the safe alternative in the markdown).
fn migration_result(uri: &str, idx: &LineIndex, catalogue: &[schemaplay_core::ruledoc::RuleDoc], s: &schemaplay_core::migrate::StatementReport, f: &schemaplay_core::migrate::MigrationFinding) -> Value {
    let (sl, sc) = idx.line_col(s.span.start + s.span.end.saturating_sub(s.span.start).saturating_sub(s.sql.len()));
    let (el, ec) = idx.line_col(s.span.end);
    let mut md = f.message.clone();
    if let Some(alt) = &f.safe_alternative {
        md.push_str(&format!("\n\n**Safe alternative**\n```sql\n{alt}\n```"));
    }
    json!({
        "ruleId": f.rule,
        "ruleIndex": catalogue.iter().position(|r| r.id == f.rule).unwrap_or(0),
        "level": level(f.severity),
        "message": {"text": f.message, "markdown": md},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri_ref(uri)},
                "region": {"startLine": sl.max(s.line), "startColumn": sc.max(1), "endLine": el.max(sl), "endColumn": ec.max(1)},
            },
            "logicalLocations": s.table.as_ref().map(|t| vec![json!({"fullyQualifiedName": t, "kind": "type"})]).unwrap_or_default(),
        }],
        "properties": {"lock": s.lock.map(|l| l.name()), "rewrites_table": s.rewrites_table, "scans_table": s.scans_table},
    })
}

/// The SARIF log for `schemaplay check-migration --format sarif`: the migration rule catalogue
/// and one result per finding at its statement (the safe alternative in the message's markdown).
pub fn migration_log(uri: &str, text: &str, report: &schemaplay_core::migrate::MigrationReport) -> Value {
    migration_log_files(&[(uri.to_string(), text, report)])
}

/// The check-migration log over several files (a migration folder's checked migrations).
pub fn migration_log_files(files: &[(String, &str, &schemaplay_core::migrate::MigrationReport)]) -> Value {
    let catalogue = schemaplay_core::migrate::rules();
    let rules: Vec<Value> = catalogue
        .iter()
        .map(rule_descriptor)
        .collect();
    let mut results = Vec::new();
    for (uri, text, report) in files {
        let idx = LineIndex::new(text);
        results.extend(report.findings().map(|(s, f)| migration_result(uri, &idx, catalogue, s, f)));
    }
    let artifacts = files.iter().map(|(uri, text, _)| json!({"location": {"uri": uri_ref(uri)}, "length": text.len()})).collect();
    run_log("schemaplay check-migration", rules, artifacts, results)
}
