use super::*;
use crate::parse::parse;
use std::collections::HashSet;

fn run(base: &str, mig: &str, d: Dialect, opts: &CheckOptions) -> MigrationReport {
    let schema = parse(base, d).schema;
    check(&schema, mig, d, opts)
}

fn ids(r: &MigrationReport) -> Vec<&'static str> {
    r.findings().map(|(_, f)| f.rule).collect()
}

#[test]
fn every_rule_bad_fires_once_and_good_fires_nothing() {
    // (each rule's own tests check its examples under the settings they are about)
    let mut seen = HashSet::new();
    for m in rules() {
        assert!(seen.insert(m.id), "duplicate rule id {}", m.id);
        let d = m.dialects[0];
        let fires = [true, false].map(|tx| {
            let opts = CheckOptions { in_transaction: tx, ..Default::default() };
            let bad = run(m.base, m.bad, d, &opts).findings().filter(|(_, f)| f.rule == m.id).count();
            let good = run(m.base, m.good, d, &opts).findings().filter(|(_, f)| f.rule == m.id).count();
            (bad, good)
        });
        assert!(fires.iter().any(|&(b, _)| b == 1), "{}: bad example fires {fires:?}", m.id);
        assert!(fires.iter().all(|&(_, g)| g == 0), "{}: good example fires {fires:?}", m.id);
    }
    assert!(rules().len() >= 31);
}

#[test]
fn good_examples_are_clean_of_lock_and_scan_rules() {
    // The good examples show the safe way: none of them may trip a warning, under the settings
    // the bad example is about.
    // (require-statement-timeout's example needs a scanning statement, which other rules flag.)
    for m in rules().iter().filter(|m| m.dialects[0] == Dialect::Postgres && m.id != "require-statement-timeout") {
        let opts = [true, false]
            .map(|tx| CheckOptions { in_transaction: tx, ..Default::default() })
            .into_iter()
            .find(|o| run(m.base, m.bad, Dialect::Postgres, o).findings().any(|(_, f)| f.rule == m.id))
            .unwrap_or_default();
        let good = run(m.base, m.good, Dialect::Postgres, &opts);
        let bad: Vec<_> = good.findings().filter(|(_, f)| f.severity >= Severity::Warning).map(|(_, f)| f.rule).collect();
        assert!(bad.is_empty(), "{}: good example has warnings {bad:?}", m.id);
    }
}

#[test]
fn locks_per_statement() {
    let base = "CREATE TABLE orgs (id bigint PRIMARY KEY); CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), org_id bigint);";
    let mig = "SET lock_timeout = '1s';\nCREATE INDEX i ON users (email);\nCREATE INDEX CONCURRENTLY j ON users (email);\nALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT f;\nALTER TABLE users ALTER COLUMN email SET STATISTICS 100;\nALTER TABLE users ADD COLUMN n int;\nUPDATE users SET n = 1;\nALTER TABLE users ALTER COLUMN email TYPE varchar(100);\nALTER TABLE users ALTER COLUMN email TYPE int USING email::int;\n";
    let r = run(base, mig, Dialect::Postgres, &CheckOptions { in_transaction: false, ..Default::default() });
    let locks: Vec<Option<&str>> = r.statements.iter().map(|s| s.lock.map(LockMode::name)).collect();
    assert_eq!(
        locks,
        vec![
            None,
            Some("SHARE"),
            Some("SHARE UPDATE EXCLUSIVE"),
            Some("SHARE ROW EXCLUSIVE"),
            Some("SHARE UPDATE EXCLUSIVE"),
            Some("SHARE UPDATE EXCLUSIVE"),
            Some("ACCESS EXCLUSIVE"),
            Some("ROW EXCLUSIVE"),
            Some("ACCESS EXCLUSIVE"),
            Some("ACCESS EXCLUSIVE"),
        ]
    );
    assert_eq!(r.statements[3].other_locks, vec![("orgs".to_string(), LockMode::ShareRowExclusive)]);
    assert!(!r.statements[8].rewrites_table, "varchar(50) -> varchar(100) is binary compatible");
    assert!(r.statements[9].rewrites_table);
    assert!(r.statements[4].scans_table && !r.statements[6].scans_table);
    assert_eq!(r.statements[1].line, 2);
}

#[test]
fn objects_created_in_the_migration_are_not_flagged() {
    let mig = "CREATE TABLE t (id bigint PRIMARY KEY, a text);\nALTER TABLE t ADD COLUMN b int NOT NULL;\nCREATE INDEX t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t ALTER COLUMN a TYPE int USING 1;\nALTER TABLE t RENAME COLUMN a TO c;\nALTER TABLE t ADD CONSTRAINT ck CHECK (b > 0);\nDROP INDEX t_a;\nALTER TABLE t RENAME TO t2;\nALTER TABLE t2 DROP COLUMN b;\nDROP TABLE t2;\n";
    let r = run("", mig, Dialect::Postgres, &CheckOptions::default());
    assert_eq!(ids(&r), Vec::<&str>::new());
    assert!(r.statements[1].new_table);
    // The same statements on an existing table do fire.
    let r2 = run("CREATE TABLE t (id bigint PRIMARY KEY, a text);", &mig.replacen("CREATE TABLE t (id bigint PRIMARY KEY, a text);\n", "", 1), Dialect::Postgres, &CheckOptions::default());
    let got = ids(&r2);
    for want in ["adding-required-field", "require-concurrent-index-creation", "disallowed-unique-constraint", "changing-column-type", "renaming-column", "constraint-missing-not-valid", "renaming-table", "require-lock-timeout"] {
        assert!(got.contains(&want), "{want} missing from {got:?}");
    }
    // a column added in this migration is new too
    let r3 = run("CREATE TABLE t (id bigint PRIMARY KEY);", "SET lock_timeout='1s';\nALTER TABLE t ADD COLUMN a text;\nALTER TABLE t RENAME COLUMN a TO b;\n", Dialect::Postgres, &CheckOptions::default());
    assert_eq!(ids(&r3), Vec::<&str>::new());
}

#[test]
fn version_dependent_defaults_and_not_null() {
    let base = "CREATE TABLE users (id bigint PRIMARY KEY, email text);";
    let mig = "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nALTER TABLE users ADD COLUMN n int DEFAULT 0;\n";
    assert!(ids(&run(base, mig, Dialect::Postgres, &CheckOptions::default())).is_empty());
    for m in ["ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (id * 2) STORED;", "ALTER TABLE users ADD COLUMN s bigserial;", "ALTER TABLE users ADD COLUMN i bigint GENERATED ALWAYS AS IDENTITY;"] {
        let r = run(base, &format!("SET lock_timeout = '1s';\nSET statement_timeout = '1min';\n{m}"), Dialect::Postgres, &CheckOptions::default());
        assert_eq!(ids(&r), vec!["adding-field-with-default"], "{m}");
        assert!(r.statements[2].rewrites_table);
    }
    let old = CheckOptions { pg_version: 10, ..Default::default() };
    assert_eq!(ids(&run(base, mig, Dialect::Postgres, &old)), vec!["adding-field-with-default"]);
    // SET NOT NULL after a validated CHECK: no scan on 12+, still a scan on 11.
    let base2 = "CREATE TABLE users (id bigint PRIMARY KEY, email text, CONSTRAINT e CHECK (email IS NOT NULL));";
    let m2 = "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n";
    assert!(ids(&run(base2, m2, Dialect::Postgres, &CheckOptions::default())).is_empty());
    assert_eq!(ids(&run(base2, m2, Dialect::Postgres, &CheckOptions { pg_version: 11, ..Default::default() })), vec!["adding-not-nullable-field"]);
    // the safe alternative uses NOT NULL NOT VALID on 18, CHECK on 17
    let r = run(base, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", Dialect::Postgres, &CheckOptions::default());
    let alt = r.findings().find(|(_, f)| f.rule == "adding-not-nullable-field").and_then(|(_, f)| f.safe_alternative.clone()).unwrap_or_default();
    assert!(alt.contains("NOT NULL email NOT VALID"), "{alt}");
    let r = run(base, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", Dialect::Postgres, &CheckOptions { pg_version: 17, ..Default::default() });
    let alt = r.findings().find(|(_, f)| f.rule == "adding-not-nullable-field").and_then(|(_, f)| f.safe_alternative.clone()).unwrap_or_default();
    assert!(alt.contains("CHECK (email IS NOT NULL) NOT VALID") && alt.contains("VALIDATE CONSTRAINT users_email_not_null"), "{alt}");
}

#[test]
fn transactions_and_directives() {
    let base = "CREATE TABLE users (id bigint PRIMARY KEY, email text);";
    let m = "CREATE INDEX CONCURRENTLY i ON users (email);";
    // alone in its file: written to run outside a transaction
    assert!(!ids(&run(base, m, Dialect::Postgres, &CheckOptions::default())).contains(&"ban-concurrent-index-creation-in-transaction"));
    // a SET beside it makes one script, one implicit transaction: PostgreSQL 15 refuses
    // `SET lock_timeout = '1s'; CREATE INDEX CONCURRENTLY ...` sent as one script (squawk flags it too)
    assert!(ids(&run(base, &format!("SET lock_timeout = '1s';\n{m}"), Dialect::Postgres, &CheckOptions::default())).contains(&"ban-concurrent-index-creation-in-transaction"));
    // so the safe version of a lone CREATE INDEX adds no SET: it stays alone, and converges
    let lone = run(base, "CREATE INDEX i ON users (email);", Dialect::Postgres, &CheckOptions::default());
    let safe = lone.statements[0].safe_version().unwrap_or_default();
    assert_eq!(safe.trim(), "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);");
    let again = run(base, &safe, Dialect::Postgres, &CheckOptions::default());
    assert_eq!(ids(&again), vec!["require-lock-timeout"], "only the timeout no SET can give");
    assert!(again.statements[0].safe_version().is_none());
    let m_plus = format!("{m}\nALTER TABLE users ADD COLUMN x int;");
    assert!(ids(&run(base, &m_plus, Dialect::Postgres, &CheckOptions::default())).contains(&"ban-concurrent-index-creation-in-transaction"));
    let m2 = format!("-- morph:nontransactional\nSET lock_timeout='1s';\n{m}");
    assert!(!ids(&run(base, &m2, Dialect::Postgres, &CheckOptions::default())).contains(&"ban-concurrent-index-creation-in-transaction"));
    let no_tx = CheckOptions { in_transaction: false, ..Default::default() };
    assert!(ids(&run(base, &format!("BEGIN;\n{m}\nCOMMIT;"), Dialect::Postgres, &no_tx)).contains(&"ban-concurrent-index-creation-in-transaction"));
    // nolint / squawk-ignore
    let m3 = "SET lock_timeout='1s';\nSET statement_timeout='1min';\n-- nolint:concurrentIndex\nCREATE INDEX i ON users (email);\n-- squawk-ignore ban-drop-column\nALTER TABLE users DROP COLUMN email;\nDROP TABLE users;";
    assert_eq!(ids(&run(base, m3, Dialect::Postgres, &CheckOptions::default())), vec!["ban-drop-table"]);
    let m4 = "-- squawk-ignore-file ban-drop-table\nDROP TABLE users;";
    assert!(!ids(&run(base, m4, Dialect::Postgres, &CheckOptions::default())).contains(&"ban-drop-table"));
}

#[test]
fn validate_in_a_later_transaction_is_not_flagged() {
    let base = "CREATE TABLE users (id bigint PRIMARY KEY, age int);";
    let add = "SET lock_timeout='1s';\nALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0) NOT VALID;";
    let validate = "ALTER TABLE users VALIDATE CONSTRAINT age_ok;";
    let no_tx = CheckOptions { in_transaction: false, ..Default::default() };
    let flagged = |m: &str, o: &CheckOptions| ids(&run(base, m, Dialect::Postgres, o)).contains(&"constraint-missing-not-valid");
    // the same explicit transaction, or a file the tool runs as one transaction: flagged
    assert!(flagged(&format!("BEGIN;\n{add}\n{validate}\nCOMMIT;"), &no_tx));
    assert!(flagged(&format!("{add}\n{validate}"), &CheckOptions::default()));
    // committed in between (the differ's phased plans): not flagged
    assert!(!flagged(&format!("BEGIN;\n{add}\nCOMMIT;\nBEGIN;\n{validate}\nCOMMIT;"), &no_tx));
    assert!(!flagged(&format!("{add}\n{validate}"), &no_tx));
}

#[test]
fn mysql_algorithms_by_version() {
    let base = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(20), age int) ENGINE=InnoDB;";
    let alg = |m: &str, v: (u32, u32, u32)| run(base, m, Dialect::Mysql, &CheckOptions { mysql_version: v, ..Default::default() }).statements[0].mysql_algorithm;
    assert_eq!(alg("ALTER TABLE users ADD COLUMN n int", (8, 0, 12)), Some(Algorithm::Instant));
    assert_eq!(alg("ALTER TABLE users ADD COLUMN n int", (8, 0, 11)), Some(Algorithm::Inplace));
    assert_eq!(alg("ALTER TABLE users ADD COLUMN n int AFTER id", (8, 0, 28)), Some(Algorithm::Inplace));
    assert_eq!(alg("ALTER TABLE users ADD COLUMN n int AFTER id", (8, 0, 29)), Some(Algorithm::Instant));
    assert_eq!(alg("ALTER TABLE users DROP COLUMN age", (8, 0, 29)), Some(Algorithm::Instant));
    assert_eq!(alg("ALTER TABLE users DROP COLUMN age", (8, 0, 20)), Some(Algorithm::Inplace));
    assert_eq!(alg("ALTER TABLE users MODIFY age bigint", (8, 4, 0)), Some(Algorithm::Copy));
    assert_eq!(alg("ALTER TABLE users MODIFY email varchar(40)", (8, 4, 0)), Some(Algorithm::Inplace));
    assert_eq!(alg("ALTER TABLE users MODIFY email varchar(200)", (8, 4, 0)), Some(Algorithm::Copy));
    assert_eq!(alg("CREATE INDEX i ON users (email)", (8, 4, 0)), Some(Algorithm::Inplace));
    assert_eq!(alg("ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0)", (8, 4, 0)), Some(Algorithm::Copy));
    let r = run(base, "ALTER TABLE users ADD COLUMN n int FIRST, ALGORITHM=INSTANT", Dialect::Mysql, &CheckOptions { mysql_version: (8, 0, 20), ..Default::default() });
    assert_eq!(ids(&r), vec!["mysql-table-copy"]);
    assert!(r.statements[0].lock.is_none());
}

#[test]
fn sqlite_rebuild_recipe_names_the_table() {
    let base = "CREATE TABLE notes (id integer PRIMARY KEY, body text);\nCREATE INDEX notes_body ON notes (body);";
    let r = run(base, "ALTER TABLE notes ALTER COLUMN body SET NOT NULL;", Dialect::Sqlite, &CheckOptions::default());
    let (_, f) = r.findings().next().expect("finding");
    assert_eq!(f.rule, "sqlite-alter-table-unsupported");
    let alt = f.safe_alternative.as_deref().unwrap_or("");
    assert!(alt.contains("CREATE TABLE notes_new"), "{alt}");
    assert!(alt.contains("INSERT INTO notes_new (id, body) SELECT id, body FROM notes;"), "{alt}");
    assert!(alt.contains("ALTER TABLE notes_new RENAME TO notes;"), "{alt}");
    assert!(alt.contains("CREATE INDEX notes_body ON notes"), "{alt}");
    // supported forms pass
    assert!(ids(&run(base, "ALTER TABLE notes ADD COLUMN t text; ALTER TABLE notes RENAME COLUMN t TO u; ALTER TABLE notes DROP COLUMN u;", Dialect::Sqlite, &CheckOptions::default())).is_empty());
}

#[test]
fn json_shape() {
    let r = run("CREATE TABLE users (id bigint PRIMARY KEY, email text);", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", Dialect::Postgres, &CheckOptions::default());
    let v: serde_json::Value = serde_json::from_str(&report_json(&r)).expect("json");
    let s = &v["statements"][0];
    for k in ["index", "line", "sql", "table", "lock", "rewrites_table", "scans_table", "findings"] {
        assert!(s.get(k).is_some(), "missing {k}");
    }
    assert_eq!(s["lock"], "ACCESS EXCLUSIVE");
    assert_eq!(s["table"], "users");
    assert_eq!(s["scans_table"], true);
    let f = &s["findings"].as_array().expect("findings").iter().find(|f| f["rule"] == "adding-not-nullable-field").cloned().expect("adding-not-nullable-field");
    assert_eq!(f["severity"], "warning");
    assert!(f["safe_alternative"].as_str().is_some_and(|a| a.contains("VALIDATE CONSTRAINT")));
}

#[test]
fn never_panics_on_odd_input() {
    for m in ["ALTER TABLE", "ALTER TABLE x ADD", "'unterminated", "CREATE INDEX ON", "$$ x", "BEGIN; BEGIN; COMMIT; COMMIT; ROLLBACK;", "ALTER TABLE \"\" RENAME TO \"\";", "DROP INDEX;", "TRUNCATE CASCADE;", "ALTER TYPE ADD VALUE;", "ALTER TABLE é ADD COLUMN ü int DEFAULT é(1) NOT NULL;", "ALTER TABLE x ALTER COLUMN a TYPE ü(3) USING é::ü;", "CREATE INDEX CONCURRENTLY ON é (ü); DROP INDEX é;"] {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let r = run("CREATE TABLE x (a int);", m, d, &CheckOptions::default());
            let _ = report_json(&r);
            let _ = report_text(&r);
        }
    }
}

/// The checker agrees with itself (issue 18, item 7): for every rule's bad example and the risky
/// example migration, under each setting, applying every statement's safe version gives a script
/// in which nothing has a safe version any more — so applying again changes nothing — and no
/// warning is left that has a safe version.
#[test]
fn safe_versions_are_fixed_points() {
    let ex = crate::examples::MIGRATION;
    let mut cases: Vec<(&str, &str, Dialect)> = rules().iter().map(|m| (m.base, m.bad, m.dialects[0])).collect();
    cases.push((ex.sql, ex.migration, Dialect::Postgres));
    for (base, mig, d) in cases {
        for (tx, pg) in [(true, 18), (false, 18), (true, 15), (false, 11)] {
            let opts = CheckOptions { in_transaction: tx, pg_version: pg, ..Default::default() };
            let first = run(base, mig, d, &opts);
            let fixed = apply_safe_versions(mig, &first);
            let again = run(base, &fixed, d, &opts);
            let left: Vec<String> = again.statements.iter().filter(|s| s.safe_version().is_some()).map(|s| format!("{}: {:?}", s.sql.lines().next().unwrap_or(""), s.findings.iter().map(|f| f.rule).collect::<Vec<_>>())).collect();
            assert!(left.is_empty(), "tx {tx}, PG {pg}: after applying the safe versions of\n{mig}\nthese still have one: {left:?}\n--- applied:\n{fixed}");
            assert_eq!(apply_safe_versions(&fixed, &again), fixed);
        }
    }
}
