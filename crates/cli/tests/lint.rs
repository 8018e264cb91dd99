//! `schemaplay lint` and `schemaplay rules` from the outside: the JSON shape of ../shared/DESIGN.md, exit
//! codes and `--fail-on`, config files, and SARIF 2.1.0 checked structurally against the
//! schema's required properties and enums (the schema file itself cannot be fetched offline).

mod common;
use common::run;

use serde_json::Value;


const SQL: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz, updated_at timestamptz);\nCREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  author_id bigint REFERENCES users (id),\n  body json\n);\n";

#[test]
fn lint_json_shape_and_exit_codes() {
    let (code, out, err) = run(&["lint", "--format", "json", "-"], SQL);
    assert_eq!(code, 0, "no error-level findings: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 8, "{keys:?}");
        for k in ["rule", "severity", "table", "column", "line", "column_no", "message", "fix"] {
            assert!(f.get(k).is_some(), "missing {k}");
        }
    }
    let fk = findings.iter().find(|f| f["rule"] == "fk-missing-index").unwrap();
    assert_eq!(fk["severity"], "warning");
    assert_eq!(fk["table"], "posts");
    assert_eq!(fk["column"], "author_id");
    assert_eq!(fk["line"], 4);
    assert_eq!(fk["column_no"], 3);
    let edit = &fk["fix"]["edits"][0];
    assert!(edit["start"].is_u64() && edit["end"].is_u64());
    assert_eq!(edit["replacement"], "\nCREATE INDEX idx_posts_author_id ON posts (author_id);");
    let pk = findings.iter().find(|f| f["rule"] == "missing-timestamps").unwrap();
    assert_eq!(pk["column"], Value::Null);

    let (code, _, _) = run(&["lint", "--fail-on", "warning", "-"], SQL);
    assert_eq!(code, 1);
    let (code, _, _) = run(&["lint", "--fail-on", "fatal", "-"], SQL);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["lint", "/no/such/file.sql"], "");
    assert_eq!(code, 2);
}

#[test]
fn config_file_and_suppressions() {
    let dir = std::env::temp_dir().join(format!("schemaplay-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("schemaplay.toml");
    std::fs::write(&cfg, "[rules]\nfk-missing-index = \"error\"\nprefer-jsonb = \"off\"\n").unwrap();
    let (code, out, err) = run(&["lint", "--format", "json", "--config", cfg.to_str().unwrap(), "-"], SQL);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert!(f.iter().all(|f| f["rule"] != "prefer-jsonb"));
    assert!(f.iter().any(|f| f["rule"] == "fk-missing-index" && f["severity"] == "error"));
    std::fs::write(&cfg, "[rules]\nno-such-rule = \"off\"\n").unwrap();
    let (code, _, err) = run(&["lint", "--config", cfg.to_str().unwrap(), "-"], SQL);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);

    let suppressed = SQL.replace("REFERENCES users (id),", "REFERENCES users (id), -- schemaplay-ignore fk-missing-index");
    let (_, out, _) = run(&["lint", "--format", "json", "-"], &suppressed);
    assert!(!out.contains("\"fk-missing-index\""), "{out}");
}

#[test]
fn lint_text_format() {
    let (_, out, _) = run(&["lint", "-"], SQL);
    assert!(out.contains("<stdin>:4:3: warning[fk-missing-index] FK posts.author_id → users.id has no index"), "{out}");
    assert!(out.contains("fix available: Create index idx_posts_author_id"), "{out}");
    assert!(out.lines().last().unwrap().contains("finding(s)"));
}

#[test]
fn rules_catalogue() {
    let (code, out, _) = run(&["rules", "--format", "json"], "");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["rules"].as_array().unwrap();
    // the 30 schema rules, then the migration rules (issue 18: one catalogue)
    assert_eq!(rules.iter().filter(|r| r["kind"] == "schema").count(), 30);
    assert!(rules.iter().filter(|r| r["kind"] == "migration").count() >= 31);
    assert!(rules.iter().any(|r| r["id"] == "require-concurrent-reindex" && r["base"].as_str().is_some_and(|b| !b.is_empty())));
    for r in rules {
        for k in ["id", "severity", "dialects", "summary", "why", "fix", "bad", "good"] {
            assert!(r.get(k).is_some_and(|x| !x.is_null()), "{k} in {r}");
        }
    }
    assert_eq!(rules[0]["id"], "missing-primary-key");
    let (code, out, _) = run(&["rules"], "");
    assert_eq!(code, 0);
    assert!(out.contains("rls-without-policy [error] (postgres)"));
    assert!(out.contains("adding-not-nullable-field (also: setting-not-null) [warning] (postgres)"), "{out}");
}

// ---- SARIF 2.1.0 structural validation ----------------------------------------------------

fn obj<'a>(v: &'a Value, path: &str) -> &'a serde_json::Map<String, Value> {
    v.as_object().unwrap_or_else(|| panic!("{path} must be an object: {v}"))
}

fn require(v: &Value, path: &str, keys: &[&str]) {
    let o = obj(v, path);
    for k in keys {
        assert!(o.contains_key(*k), "{path}: required property {k} missing");
    }
}

fn message(v: &Value, path: &str) {
    let o = obj(v, path);
    assert!(o.get("text").is_some_and(Value::is_string) || o.get("id").is_some_and(Value::is_string), "{path}: message needs text or id");
}

fn uint(v: &Value, path: &str, min: u64) {
    let n = v.as_u64().unwrap_or_else(|| panic!("{path} must be a non-negative integer: {v}"));
    assert!(n >= min, "{path} must be >= {min}");
}

/// Checks the parts of the SARIF 2.1.0 schema that our output uses: required properties,
/// types, enum values and minimums (sarifLog, run, tool, toolComponent, reportingDescriptor,
/// reportingConfiguration, result, location, physicalLocation, artifactLocation, region, fix,
/// artifactChange, replacement, artifactContent, multiformatMessageString, logicalLocation).
fn validate_sarif(log: &Value) {
    require(log, "sarifLog", &["version", "runs"]);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.starts_with("https://")));
    for (ri, run) in log["runs"].as_array().expect("runs array").iter().enumerate() {
        let p = format!("runs[{ri}]");
        require(run, &p, &["tool"]);
        require(&run["tool"], &format!("{p}.tool"), &["driver"]);
        let driver = &run["tool"]["driver"];
        require(driver, "driver", &["name"]);
        assert!(driver["name"].is_string());
        if let Some(ck) = run.get("columnKind") {
            assert!(ck == "utf16CodeUnits" || ck == "unicodeCodePoints");
        }
        let rules = driver["rules"].as_array().expect("driver.rules array");
        let mut ids = std::collections::HashSet::new();
        for (i, r) in rules.iter().enumerate() {
            let rp = format!("rules[{i}]");
            require(r, &rp, &["id"]);
            assert!(ids.insert(r["id"].as_str().unwrap().to_string()), "duplicate rule id");
            for k in ["shortDescription", "fullDescription", "help"] {
                if let Some(m) = r.get(k) {
                    require(m, &format!("{rp}.{k}"), &["text"]);
                }
            }
            if let Some(dc) = r.get("defaultConfiguration") {
                let l = dc["level"].as_str().unwrap();
                assert!(["none", "note", "warning", "error"].contains(&l), "{rp}: bad level {l}");
            }
        }
        for (i, res) in run["results"].as_array().expect("results array").iter().enumerate() {
            let rp = format!("results[{i}]");
            require(res, &rp, &["message"]);
            message(&res["message"], &rp);
            let id = res["ruleId"].as_str().unwrap();
            let idx = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], id, "{rp}: ruleIndex points at another rule");
            let l = res["level"].as_str().unwrap();
            assert!(["none", "note", "warning", "error"].contains(&l));
            for loc in res["locations"].as_array().unwrap() {
                let pl = &loc["physicalLocation"];
                require(&pl["artifactLocation"], "artifactLocation", &["uri"]);
                let region = &pl["region"];
                uint(&region["startLine"], "startLine", 1);
                uint(&region["startColumn"], "startColumn", 1);
                uint(&region["endLine"], "endLine", 1);
                uint(&region["endColumn"], "endColumn", 1);
                assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
                for ll in loc["logicalLocations"].as_array().into_iter().flatten() {
                    assert!(ll["fullyQualifiedName"].is_string());
                }
            }
            for fix in res["fixes"].as_array().into_iter().flatten() {
                require(fix, "fix", &["artifactChanges"]);
                for ch in fix["artifactChanges"].as_array().unwrap() {
                    require(ch, "artifactChange", &["artifactLocation", "replacements"]);
                    for rep in ch["replacements"].as_array().unwrap() {
                        require(rep, "replacement", &["deletedRegion"]);
                        uint(&rep["deletedRegion"]["byteOffset"], "byteOffset", 0);
                        uint(&rep["deletedRegion"]["byteLength"], "byteLength", 0);
                        require(&rep["insertedContent"], "insertedContent", &["text"]);
                    }
                }
            }
        }
    }
}

#[test]
fn sarif_is_valid_2_1_0() {
    let sql = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/src/examples/saas.sql")).unwrap();
    let (code, out, err) = run(&["lint", "--format", "sarif", "-"], &sql);
    assert_eq!(code, 0, "{err}");
    let log: Value = serde_json::from_str(&out).unwrap();
    validate_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["fixes"].is_array()));
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), 30);
    // byte offsets of a fix replace exactly the text they say
    let r = results.iter().find(|r| r["ruleId"] == "prefer-jsonb").unwrap();
    let rep = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
    let (o, l) = (rep["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize, rep["deletedRegion"]["byteLength"].as_u64().unwrap() as usize);
    assert_eq!(&sql[o..o + l], "json");
}
