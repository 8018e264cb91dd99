//! SARIF 2.1.0 output for `schemaplay lint --format sarif` (GitHub code scanning and other SARIF
//! consumers): one run, the full rule catalogue in `tool.driver.rules` (with help text and the
//! default level), one result per finding with its region and, where the finding has a quick
//! fix, a SARIF `fix` whose replacements use `byteOffset`/`byteLength` (our edits are byte
//! offsets, so no character re-counting is needed).

use schemaplay_core::lint::{Finding, RULES};
use schemaplay_core::ruledoc::RuleDoc;
use schemaplay_core::{LineIndex, Severity};
use serde_json::{json, Value};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

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

/// The SARIF log for `findings` on the file `uri` with contents `text`.
pub fn log(uri: &str, text: &str, findings: &[Finding]) -> Value {
    let idx = LineIndex::new(text);
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| rule_descriptor(r.meta))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let (el, ec) = idx.line_col(f.span.end.max(f.span.start));
            let mut r = json!({
                "ruleId": f.rule,
                "ruleIndex": RULES.iter().position(|r| r.meta.id == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": f.line.max(1), "startColumn": f.column_no.max(1), "endLine": el.max(f.line.max(1)), "endColumn": if el > f.line { ec.max(1) } else { ec.max(f.column_no.max(1)) }},
                    },
                    "logicalLocations": f.table.as_ref().map(|t| vec![json!({"fullyQualifiedName": match &f.column { Some(c) => format!("{t}.{c}"), None => t.clone() }, "kind": if f.column.is_some() { "member" } else { "type" }})]).unwrap_or_default(),
                }],
            });
            if let Some(fix) = &f.fix {
                r["fixes"] = json!([{
                    "description": {"text": fix.description},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                            "insertedContent": {"text": e.replacement},
                        })).collect::<Vec<_>>(),
                    }],
                }]);
            }
            r
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemaplay",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/schemaplay/schemaplay",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": uri}, "length": text.len()}],
            "results": results,
        }],
    })
}

/// The SARIF log for `schemaplay check-migration --format sarif`: the migration rule catalogue
/// and one result per finding at its statement (the safe alternative in the message's markdown).
pub fn migration_log(uri: &str, text: &str, report: &schemaplay_core::migrate::MigrationReport) -> Value {
    use schemaplay_core::migrate::rules;
    let idx = LineIndex::new(text);
    let catalogue = rules();
    let rules: Vec<Value> = catalogue
        .iter()
        .map(rule_descriptor)
        .collect();
    let results: Vec<Value> = report
        .findings()
        .map(|(s, f)| {
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
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": sl.max(s.line), "startColumn": sc.max(1), "endLine": el.max(sl), "endColumn": ec.max(1)},
                    },
                    "logicalLocations": s.table.as_ref().map(|t| vec![json!({"fullyQualifiedName": t, "kind": "type"})]).unwrap_or_default(),
                }],
                "properties": {"lock": s.lock.map(|l| l.name()), "rewrites_table": s.rewrites_table, "scans_table": s.scans_table},
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "schemaplay check-migration",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/schemaplay/schemaplay",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": uri}, "length": text.len()}],
            "results": results,
        }],
    })
}
