//! Reading folders (layouts, tricky orders, bad input) and replaying them.

use super::*;
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::CheckOptions;
use std::sync::Arc;

fn files(paths: &[&str]) -> Vec<SourceFile> {
    paths.iter().map(|p| SourceFile::new(*p, format!("-- {p}\nSELECT 1;\n"))).collect()
}

fn order(h: &History) -> Vec<&str> {
    h.migrations.iter().map(|m| m.path.as_str()).collect()
}

fn read_paths(paths: &[&str]) -> History {
    // Shuffled input: the order must come from the layout, not from how the files were given.
    let mut f = files(paths);
    f.reverse();
    read(f, &ReadOptions::default())
}

#[test]
fn flyway_orders_versions_by_value_then_repeatables() {
    let h = read_paths(&["V1.9__b.sql", "V1.10__c.sql", "V1__a.sql", "R__views.sql", "V2__d.sql", "R__a_functions.sql", "U1.10__c.sql", "V1.9.1__x.sql"]);
    assert_eq!(h.layout, Layout::Flyway);
    assert_eq!(order(&h), ["V1__a.sql", "V1.9__b.sql", "V1.9.1__x.sql", "V1.10__c.sql", "V2__d.sql", "R__a_functions.sql", "R__views.sql"]);
    assert_eq!(h.migrations[3].down.as_ref().map(|d| d.path.as_str()), Some("U1.10__c.sql"), "the undo file is the down part");
    assert!(h.problems.is_empty(), "{:?}", h.problems);
}

#[test]
fn numbered_files_order_by_value_and_timestamps_of_different_lengths_by_number() {
    let h = read_paths(&["10_j.sql", "9_i.sql", "0100_k.sql", "1_a.sql"]);
    assert_eq!(h.layout, Layout::Numbered);
    assert_eq!(order(&h), ["1_a.sql", "9_i.sql", "10_j.sql", "0100_k.sql"]);
    // Integer versions (Rails, sqlx, golang-migrate) put an 8-digit date before a 12-digit one.
    let h = read_paths(&["202401011200_b.sql", "20240102_a.sql", "20231231235959_c.sql"]);
    assert_eq!(h.layout, Layout::Timestamps);
    assert_eq!(order(&h), ["20240102_a.sql", "202401011200_b.sql", "20231231235959_c.sql"]);
    // Prisma compares folder names as text: the same names sort by date there.
    let h = read_paths(&["202401011200_b/migration.sql", "20240102_a/migration.sql", "20231231235959_c/migration.sql"]);
    assert_eq!(h.layout, Layout::Prisma);
    assert_eq!(order(&h), ["20231231235959_c/migration.sql", "202401011200_b/migration.sql", "20240102_a/migration.sql"]);
}

#[test]
fn drizzle_follows_its_journal_not_the_names() {
    let journal = r#"{"version":"7","dialect":"sqlite","entries":[
        {"idx":0,"tag":"0000_init","breakpoints":true},
        {"idx":1,"tag":"0002_second","breakpoints":true},
        {"idx":2,"tag":"0001_third","breakpoints":true}]}"#;
    let mut f = files(&["0000_init.sql", "0001_third.sql", "0002_second.sql", "0003_orphan.sql"]);
    f.push(SourceFile::new("meta/_journal.json", journal));
    let h = read(f, &ReadOptions::default());
    assert_eq!((h.layout, h.dialect, h.dialect_from), (Layout::Drizzle, Dialect::Sqlite, "meta/_journal.json"));
    assert_eq!(order(&h), ["0000_init.sql", "0002_second.sql", "0001_third.sql"]);
    let p = h.problems.iter().find(|p| p.path.as_deref() == Some("0003_orphan.sql")).expect("the orphan is reported");
    assert!(p.message.contains("not in meta/_journal.json"), "{}", p.message);
    // A journal naming a missing file is an error at the journal.
    let mut f = files(&["0000_init.sql"]);
    f.push(SourceFile::new("meta/_journal.json", r#"{"entries":[{"idx":0,"tag":"0000_init"},{"idx":1,"tag":"0001_gone"}]}"#));
    let h = read(f, &ReadOptions::default());
    assert!(h.problems.iter().any(|p| p.severity == Severity::Error && p.message.contains("0001_gone")), "{:?}", h.problems);
}

#[test]
fn drizzle_without_journal_is_recognised_by_its_breakpoints() {
    let f = vec![
        SourceFile::new("0001_b.sql", "ALTER TABLE t ADD COLUMN b int;"),
        SourceFile::new("0000_a.sql", "CREATE TABLE t (a int);\n--> statement-breakpoint\nCREATE INDEX i ON t (a);"),
    ];
    let h = read(f, &ReadOptions::default());
    assert_eq!(h.layout, Layout::Drizzle);
    assert_eq!(order(&h), ["0000_a.sql", "0001_b.sql"]);
}

#[test]
fn golang_migrate_pairs_up_and_down_and_refuses_duplicate_versions() {
    let h = read_paths(&["2_b.up.sql", "2_b.down.sql", "10_c.up.sql", "1_a.up.sql", "1_a.down.sql"]);
    assert_eq!(h.layout, Layout::GolangMigrate);
    assert_eq!(order(&h), ["1_a.up.sql", "2_b.up.sql", "10_c.up.sql"]);
    assert_eq!(h.migrations[0].down.as_ref().map(|d| d.path.as_str()), Some("1_a.down.sql"));
    assert!(h.migrations[2].down.is_none());
    let h = read_paths(&["1_a.up.sql", "001_b.up.sql", "2_c.up.sql"]);
    assert!(h.problems.iter().any(|p| p.severity == Severity::Error && p.message.contains("same migration")), "{:?}", h.problems);
    assert_eq!(h.migrations.len(), 2);
}

#[test]
fn pop_takes_the_dialects_own_file_in_place_of_the_generic_one() {
    let paths = [
        "20240214113828000000_idx.up.sql",
        "20240214113828000000_idx.mysql.up.sql",
        "20240214113828000000_idx.down.sql",
        "20240119094628000000_sessions.up.sql",
        "20240221000000000000_codes.sqlite3.up.sql",
        "20240221000000000000_codes.up.sql",
        "20240221000000000001_only_cockroach.cockroach.up.sql",
    ];
    let h = read(files(&paths), &ReadOptions { dialect: Some(Dialect::Mysql), ..Default::default() });
    assert_eq!(h.layout, Layout::Pop);
    assert_eq!(order(&h), ["20240119094628000000_sessions.up.sql", "20240214113828000000_idx.mysql.up.sql", "20240221000000000000_codes.up.sql"]);
    let h = read(files(&paths), &ReadOptions { dialect: Some(Dialect::Sqlite), ..Default::default() });
    assert_eq!(order(&h), ["20240119094628000000_sessions.up.sql", "20240214113828000000_idx.up.sql", "20240221000000000000_codes.sqlite3.up.sql"]);
}

#[test]
fn version_folders_order_by_version_then_file_and_pick_dialect_variants() {
    let paths = ["0.9/01__a.sql", "0.10/00__b.sql", "0.10/01__c.sql", "0.2/00__z.sql", "0.10/02_d.sql.postgres", "0.10/02_d.sql.sqlite"];
    let h = read(files(&paths), &ReadOptions { dialect: Some(Dialect::Sqlite), ..Default::default() });
    assert_eq!(h.layout, Layout::VersionedDirs);
    assert_eq!(order(&h), ["0.2/00__z.sql", "0.9/01__a.sql", "0.10/00__b.sql", "0.10/01__c.sql", "0.10/02_d.sql.sqlite"]);
    let h = read_paths(&["v1.10/schema.sql", "v1.9/x.sql", "v1.0/schema.sql"]);
    assert_eq!(order(&h), ["v1.0/schema.sql", "v1.9/x.sql", "v1.10/schema.sql"]);
}

#[test]
fn diesel_orders_by_version_text_with_dashes_removed() {
    let h = read_paths(&[
        "2022-08-14-090630_checksum/up.sql",
        "2022-08-14-090630_checksum/down.sql",
        "20140924113530_dumped/up.sql",
        "00000000000000_diesel_initial_setup/up.sql",
        "2017-01-02-000000_b/up.sql",
    ]);
    assert_eq!(h.layout, Layout::Diesel);
    assert_eq!(
        order(&h),
        ["00000000000000_diesel_initial_setup/up.sql", "20140924113530_dumped/up.sql", "2017-01-02-000000_b/up.sql", "2022-08-14-090630_checksum/up.sql"]
    );
    assert_eq!(h.migrations[3].down_sql(), Some("-- 2022-08-14-090630_checksum/down.sql\nSELECT 1;\n"));
}

#[test]
fn diesel_metadata_can_turn_the_transaction_off() {
    let f = vec![
        SourceFile::new("1_a/up.sql", "CREATE INDEX CONCURRENTLY i ON t (a);"),
        SourceFile::new("1_a/metadata.toml", "run_in_transaction = false\n"),
        SourceFile::new("2_b/up.sql", "SELECT 1;"),
    ];
    let h = read(f, &ReadOptions::default());
    assert_eq!((h.migrations[0].in_transaction, h.migrations[1].in_transaction), (false, true));
}

#[test]
fn dbmate_orders_by_file_name_and_replays_only_the_up_section() {
    let text = "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n";
    let f = vec![
        SourceFile::new("20220101000000_b.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (id);\n-- migrate:down\nDROP INDEX i;\n"),
        SourceFile::new("20211231000000_a.sql", text),
    ];
    let h = read(f, &ReadOptions::default());
    assert_eq!(h.layout, Layout::Dbmate);
    assert_eq!(order(&h), ["20211231000000_a.sql", "20220101000000_b.sql"]);
    let sql = h.migrations[0].sql();
    assert_eq!(sql.len(), text.len(), "offsets are the file's own");
    assert!(sql.contains("CREATE TABLE a") && !sql.contains("DROP TABLE"), "{sql}");
    assert_eq!(sql.lines().nth(1), Some("CREATE TABLE a (id int);"), "lines are the file's own");
    assert_eq!(h.migrations[0].down_sql(), Some("DROP TABLE a;\n"));
    assert!(!h.migrations[1].in_transaction && h.migrations[0].in_transaction);
}

#[test]
fn prisma_reads_its_lock_file_for_the_dialect() {
    let mut f = files(&["20230101000000_init/migration.sql", "20230202000000_b/migration.sql"]);
    f.push(SourceFile::new("migration_lock.toml", "# Please do not edit\nprovider = \"mysql\"\n"));
    let h = read(f, &ReadOptions::default());
    assert_eq!((h.layout, h.dialect, h.dialect_from), (Layout::Prisma, Dialect::Mysql, "migration_lock.toml"));
    // A dialect given by the person wins, with a warning.
    let mut f = files(&["20230101000000_init/migration.sql"]);
    f.push(SourceFile::new("migration_lock.toml", "provider = \"mysql\"\n"));
    let h = read(f, &ReadOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    assert_eq!(h.dialect, Dialect::Postgres);
    assert!(h.problems.iter().any(|p| p.message.contains("migration_lock.toml says mysql")), "{:?}", h.problems);
}

#[test]
fn two_layouts_in_one_folder_are_named() {
    let h = read_paths(&["20230101000000_init/migration.sql", "20230202000000_b/migration.sql", "V1__stray.sql"]);
    assert_eq!(h.layout, Layout::Prisma);
    assert_eq!(h.migrations.len(), 2);
    let p = h.problems.iter().find(|p| p.message.contains("two layouts")).expect("two layouts reported");
    assert_eq!(p.path.as_deref(), Some("V1__stray.sql"));
    assert!(p.message.contains("Flyway") && p.message.contains("--order"), "{}", p.message);
}

#[test]
fn unknown_names_are_replayed_in_name_order_with_a_warning_asking_for_an_order() {
    let h = read_paths(&["create_users.sql", "add_email.sql"]);
    assert_eq!(h.layout, Layout::Unknown);
    assert_eq!(order(&h), ["add_email.sql", "create_users.sql"]);
    assert!(h.problems.iter().any(|p| p.severity == Severity::Warning && p.message.contains("--order")), "{:?}", h.problems);
    // --order fixes it; a name it does not know is an error, a migration it leaves out a warning.
    let h = read(files(&["create_users.sql", "add_email.sql", "extra.sql"]), &ReadOptions { order: Some(vec!["create_users.sql".into(), "# comment".into(), "add_email".into(), "nope.sql".into()]), ..Default::default() });
    assert_eq!(order(&h), ["create_users.sql", "add_email.sql"]);
    assert!(h.order_given);
    assert!(h.problems.iter().any(|p| p.severity == Severity::Error && p.message.contains("nope.sql")));
    assert!(h.problems.iter().any(|p| p.path.as_deref() == Some("extra.sql") && p.message.contains("left out")));
    assert!(!h.problems.iter().any(|p| p.message.contains("no known tool")));
}

#[test]
fn an_empty_folder_and_unreadable_files_are_reported() {
    let h = read(vec![SourceFile::new("README.md", "hello")], &ReadOptions::default());
    assert!(h.migrations.is_empty());
    assert!(h.problems.iter().any(|p| p.severity == Severity::Error && p.message.contains("no migration files")), "{:?}", h.problems);
    let h = read(vec![], &ReadOptions::default());
    assert!(h.problems.iter().any(|p| p.message.contains("no migration files")));
    let f = vec![SourceFile::new("1_a.sql", "CREATE TABLE a (id int);"), SourceFile { path: "2_b.sql".into(), text: Err("permission denied".into()) }, SourceFile::new("3_c.sql", "ALTER TABLE a ADD COLUMN b int;")];
    let h = read(f, &ReadOptions::default());
    assert_eq!(h.migrations.len(), 3);
    assert_eq!(h.migrations[1].unreadable.as_deref(), Some("permission denied"));
    let p = h.problems.iter().find(|p| p.path.as_deref() == Some("2_b.sql")).expect("reported");
    assert!(p.severity == Severity::Error && p.message.contains("permission denied"));
}

#[test]
fn points_are_numbers_names_paths_or_unique_prefixes() {
    let h = read_paths(&["20230101000000_init/migration.sql", "20230202000000_users/migration.sql", "20230202000001_posts/migration.sql"]);
    assert_eq!(h.point("0"), Ok(0));
    assert_eq!(h.point("2"), Ok(2));
    assert!(h.point("4").is_err());
    assert_eq!(h.point("20230202000000_users"), Ok(2));
    assert_eq!(h.point("20230202000001_posts/migration.sql"), Ok(3));
    assert_eq!(h.point("20230101"), Ok(1));
    assert!(h.point("2023020200000").unwrap_err().contains("matches 2"));
    assert!(h.point("nothing").is_err());
}

// ------------------------------------------------------------------------------------ replay

fn history(files: &[(&str, &str)]) -> Arc<History> {
    Arc::new(read(files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect(), &ReadOptions { dialect: Some(Dialect::Postgres), ..Default::default() }))
}

fn rules_of(r: &FolderReport, file: usize) -> Vec<&'static str> {
    r.files[file].report.findings().map(|(_, f)| f.rule).collect()
}

const SHOP: [(&str, &str); 5] = [
    ("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);"),
    ("002_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));"),
    ("003_index.sql", "CREATE INDEX CONCURRENTLY orders_user ON orders (user_id);"),
    ("004_noop.sql", "SELECT 1;"),
    ("005_required.sql", "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN name text NOT NULL;\nCREATE TABLE tags (id bigint PRIMARY KEY);\nALTER TABLE tags ADD COLUMN label text NOT NULL;\nCREATE INDEX tags_label ON tags (label);"),
];

#[test]
fn each_migration_is_checked_against_the_schema_before_it() {
    let h = history(&SHOP);
    let r = check(h.clone(), &Selection::All, &CheckOptions::default(), None);
    assert_eq!(r.files.len(), 5);
    // users was created three migrations earlier: adding a NOT NULL column without a default fails on its rows.
    let last = rules_of(&r, 4);
    assert!(last.contains(&"adding-required-field"), "{last:?}");
    // tags is created in the same migration: no lock or scan rule fires on it.
    let on_tags: Vec<_> = r.files[4].report.statements.iter().filter(|s| s.table.as_deref() == Some("tags") && !s.sql.starts_with("CREATE TABLE")).collect();
    assert_eq!(on_tags.len(), 2);
    for s in on_tags {
        assert!(s.new_table, "{}", s.sql);
        assert!(s.findings.is_empty(), "{}: {:?}", s.sql, s.findings);
    }
    assert_eq!(r.schema.tables.len(), 3);
    assert!(r.schema.tables[0].column("name").is_some());
}

#[test]
fn the_earlier_schema_decides_what_a_type_change_costs() {
    // email was created as varchar(50) two migrations earlier: widening it is a catalog-only change.
    let h = history(&[
        ("1_users.sql", "CREATE TABLE users (id int PRIMARY KEY, email varchar(50));"),
        ("2_noop.sql", "SELECT 1;"),
        ("3_widen.sql", "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(100);\nALTER TABLE users ALTER COLUMN id TYPE bigint;"),
    ]);
    let r = check(h.clone(), &Selection::All, &CheckOptions::default(), None);
    let stmts = &r.files[2].report.statements[1..];
    assert!(stmts[0].findings.is_empty() && !stmts[0].rewrites_table, "{:?}", stmts[0]);
    assert!(stmts[1].rewrites_table && stmts[1].findings.iter().any(|f| f.rule == "changing-column-type"), "int → bigint rewrites: {:?}", stmts[1]);
    assert!(stmts[1].findings[0].message.contains("from integer") || stmts[1].findings[0].message.contains("from int"), "{}", stmts[1].findings[0].message);
    // Alone, the checker cannot know the old type and reports the widening too.
    let alone = crate::migrate::check(&crate::model::Schema::new(Dialect::Postgres), &h.migrations[2].text, Dialect::Postgres, &CheckOptions::default());
    assert!(alone.statements[1].findings.iter().any(|f| f.rule == "changing-column-type"));
}

#[test]
fn the_sliced_check_equals_the_whole_one() {
    let h = history(&SHOP);
    for sel in [Selection::All, Selection::Newest(2), Selection::Only(vec![1, 4])] {
        let one = check(h.clone(), &sel, &CheckOptions::default(), None);
        let mut job = FolderJob::new(h.clone(), &sel, &CheckOptions::default(), None);
        let mut calls = 0;
        // One statement or check per slice.
        while !job.step(&mut || false) {
            calls += 1;
            assert!(calls < 1000);
        }
        assert_eq!(job.finish(), one, "{sel:?} in slices");
    }
}

#[test]
fn only_selected_migrations_are_checked_and_all_are_replayed() {
    let h = history(&SHOP);
    let r = check(h.clone(), &Selection::Newest(1), &CheckOptions::default(), None);
    assert_eq!(r.files.iter().map(|f| f.checked).collect::<Vec<_>>(), [false, false, false, false, true]);
    assert!(r.files[0].report.statements.is_empty());
    assert!(rules_of(&r, 4).contains(&"adding-required-field"), "the replay still saw users");
    let r = check(h, &Selection::Only(vec![2]), &CheckOptions::default(), None);
    assert_eq!(r.checked(), 1);
    // A lone CREATE INDEX CONCURRENTLY in a Prisma-like file is not flagged; orders existed before.
    assert_eq!(r.files[2].report.statements[0].table.as_deref(), Some("orders"));
    assert!(!r.files[2].report.statements[0].new_table);
}

#[test]
fn a_broken_or_unreadable_migration_does_not_stop_the_later_ones() {
    let mut files: Vec<SourceFile> = SHOP.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    files[1].text = Ok("CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\nALTER TABLE orders ADD COLUMN oops int NOT NULL DEFAULT ('unclosed;\n".into());
    files[3].text = Err("permission denied".into());
    let h = Arc::new(read(files, &ReadOptions::default()));
    let r = check(h, &Selection::All, &CheckOptions::default(), None);
    let d = r.files[1].report.diagnostics.iter().chain(&r.files[1].replay).next().expect("the broken statement is reported");
    assert_eq!(d.line, 2, "{d:?}");
    assert!(!r.files[3].checked);
    assert!(rules_of(&r, 4).contains(&"adding-required-field"));
}

#[test]
fn reports_and_schemas_point_into_each_file() {
    let text = "-- migrate:up\n\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n";
    let f = vec![
        SourceFile::new("20220101000000_a.sql", text),
        SourceFile::new("20220102000000_b.sql", "-- migrate:up\nALTER TABLE a ADD COLUMN b int NOT NULL;\n-- migrate:down\n"),
    ];
    let h = Arc::new(read(f, &ReadOptions::default()));
    let r = check(h.clone(), &Selection::All, &CheckOptions::default(), None);
    assert_eq!(r.files[0].report.statements.len(), 1, "the down section is not checked");
    assert_eq!(r.files[0].report.statements[0].line, 3);
    assert_eq!(r.files[1].report.statements[0].line, 2);
    let p = schema_at(&h, 2, None);
    let col = &p.parsed.schema.tables[0].columns[1];
    assert_eq!(p.script.line_col(col.span.start).map(|(i, l, _)| (i, l)), Some((1, 2)), "the column comes from the second file's line 2");
    assert_eq!(schema_at(&h, 1, None).parsed.schema.tables[0].columns.len(), 1);
    assert!(schema_at(&h, 0, None).parsed.schema.tables.is_empty());
}

#[test]
fn a_quote_left_open_ends_with_its_file() {
    let h = history(&[("1_a.sql", "CREATE TABLE a (id int);\nSELECT 'unclosed;\n"), ("2_b.sql", "CREATE TABLE b (id int);")]);
    let p = schema_at(&h, 2, None);
    assert_eq!(p.parsed.schema.tables.len(), 2, "the second file is still read");
}

#[test]
fn lock_summary_keeps_the_strongest_lock_per_existing_table() {
    let h = history(&[
        ("1_a.sql", "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int);"),
        ("2_b.sql", "CREATE INDEX b_a ON b (a_id);\nALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id);\nCREATE TABLE c (id int);\nALTER TABLE c ADD COLUMN x int;"),
    ]);
    let r = check(h, &Selection::All, &CheckOptions::default(), None);
    let s = lock_summary(&r.files[1].report);
    use crate::migrate::LockMode;
    // b: SHARE (index) and SHARE ROW EXCLUSIVE (foreign key) → the stronger; a: the referenced table.
    assert_eq!(s, [("a".to_string(), LockMode::ShareRowExclusive), ("b".to_string(), LockMode::ShareRowExclusive)], "c is new: not listed");
}

#[test]
fn a_point_job_gives_the_schemas_around_a_migration_in_slices() {
    let h = history(&SHOP);
    for n in 1..=h.migrations.len() {
        let mut job = PointJob::new(&h, n);
        let mut slices = 0;
        let (before, after) = loop {
            if let Some(r) = job.step(&mut || false) {
                break r;
            }
            slices += 1;
            assert!(slices < 100);
        };
        assert_eq!(before, schema_at(&h, n - 1, None).parsed.schema, "before migration {n}");
        assert_eq!(after, schema_at(&h, n, None).parsed.schema, "after migration {n}");
    }
}

/// Every tool × every way a file says how it runs: the `--tool` answer
/// (`migrate::tool::wraps_in_transaction`) is what the folder reader gives the migration under
/// each layout that reads that tool's files.
#[test]
fn folder_reader_and_tool_option_agree_on_transactions() {
    use crate::migrate::tool::{wraps_in_transaction, Tool};
    let idx = "CREATE INDEX CONCURRENTLY i ON t (a);\n";
    let dbmate = |first: &str| format!("{first}\n{idx}-- migrate:down\nDROP INDEX i;\n");
    // (tool, file path, text, config text beside it, runs in a transaction)
    let cases: Vec<(Tool, &str, String, Option<&str>, bool)> = vec![
        (Tool::Plain, "001_a.sql", idx.into(), None, false),
        (Tool::Prisma, "20240101000000_a/migration.sql", idx.into(), None, true),
        (Tool::DrizzleKit, "0001_a.sql", idx.into(), None, true),
        (Tool::GolangMigrate, "000001_a.up.sql", idx.into(), None, true),
        (Tool::Dbmate, "20240101000000_a.sql", dbmate("-- migrate:up"), None, true),
        (Tool::Dbmate, "20240101000000_a.sql", dbmate("-- migrate:up transaction:false"), None, false),
        (Tool::Dbmate, "20240101000000_a.sql", dbmate("--migrate:up transaction:false"), None, false),
        (Tool::Dbmate, "20240101000000_a.sql", dbmate("-- migrate:up transaction:true"), None, true),
        // dbmate's marker starts the line; an indented one is no marker (and no option).
        (Tool::Dbmate, "20240101000000_a.sql", format!("-- migrate:up\n  -- migrate:up transaction:false\n{idx}"), None, true),
        (Tool::Flyway, "V1__a.sql", idx.into(), None, true),
        (Tool::Flyway, "V1__a.sql", idx.into(), Some("executeInTransaction=false\n"), false),
        (Tool::Flyway, "V1__a.sql", idx.into(), Some("# script config\nexecuteInTransaction = true\n"), true),
        (Tool::Sqlx, "20240101000000_a.sql", format!("-- no-transaction\n{idx}"), None, false),
        // sqlx reads the first bytes only: `starts_with("-- no-transaction")`.
        (Tool::Sqlx, "20240101000000_a.sql", format!("-- no-transaction: concurrent index\n{idx}"), None, false),
        (Tool::Sqlx, "20240101000000_a.sql", format!(" -- no-transaction\n{idx}"), None, true),
        (Tool::Sqlx, "20240101000000_a.sql", format!("SELECT 1;\n-- no-transaction\n{idx}"), None, true),
        (Tool::Diesel, "2024-01-01-000000_a/up.sql", idx.into(), None, true),
        (Tool::Diesel, "2024-01-01-000000_a/up.sql", idx.into(), Some("run_in_transaction = false # no tx\n"), false),
        (Tool::Diesel, "2024-01-01-000000_a/up.sql", idx.into(), Some("run_in_transaction = true\n"), true),
        (Tool::Pop, "20240101000000_a.up.sql", idx.into(), None, true),
        (Tool::Pop, "20240101000000_a.autocommit.up.sql", idx.into(), None, false),
        (Tool::Pop, "20240101000000_a.postgres.autocommit.up.sql", idx.into(), None, false),
        (Tool::Rails, "20240101000000_a.sql", idx.into(), None, true),
        (Tool::Morph, "000001_a.up.sql", format!("-- morph:nontransactional\n{idx}"), None, false),
        (Tool::Morph, "000001_a.up.sql", idx.into(), None, true),
    ];
    let mut layouts_seen = std::collections::BTreeSet::new();
    for (tool, path, text, config, expected) in &cases {
        assert_eq!(wraps_in_transaction(*tool, path, text, *config), *expected, "--tool {}: {path} {text:?} {config:?}", tool.id());
        for layout in Layout::ALL.into_iter().filter(|l| l.tool() == Some(*tool) && *l != Layout::Listed) {
            let mut f = vec![SourceFile::new(*path, text.clone())];
            if let Some(c) = config {
                f.push(SourceFile::new(tool.config_path(path).unwrap(), *c));
            }
            let h = read(f, &ReadOptions { layout: Some(layout), ..Default::default() });
            assert_eq!(h.migrations.len(), 1, "{layout:?} {path}: {:?}", h.problems);
            assert_eq!(h.migrations[0].in_transaction, *expected, "folder as {layout:?}: {path} {text:?} {config:?}");
            layouts_seen.insert(layout.id());
        }
    }
    // Every layout that names a tool was exercised (listed files through History::listed).
    let named: Vec<&str> = Layout::ALL.into_iter().filter(|l| l.tool().is_some() && *l != Layout::Listed).map(|l| l.id()).collect();
    assert_eq!(layouts_seen.into_iter().collect::<Vec<_>>().len(), named.len());
    // Layouts that name no tool keep the checker's default.
    for layout in [Layout::Numbered, Layout::VersionedDirs, Layout::Unknown] {
        assert!(layout.wraps_in_transaction("1_a.sql", "-- no-transaction\n", None));
    }
}
