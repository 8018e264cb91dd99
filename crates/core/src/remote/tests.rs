use super::*;
use crate::codegen::{DrizzleKeys, PrismaNaming};
use crate::erd::synthetic::synthetic;
use crate::examples;
use crate::migrate::diff::{RenameAnswer, RenameKind};
use crate::parse::parse;
use serde::de::DeserializeOwned;

/// Through serde's data model (the app uses serde-wasm-bindgen, which walks the same derives),
/// a value comes back equal.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
    let back: T = serde_json::from_value(serde_json::to_value(v).expect("serialises")).expect("deserialises");
    assert_eq!(&back, v);
}

fn source(text: &str, dialect: Dialect) -> Source {
    Source::new(text, dialect)
}

const HOSTILE: &str = "CREATE TABLE \"wéird \"\"t\"\"\" (id int PRIMARY KEY, note text CHECK (note IN ('a', 'b\\n')), \
                       \"</script>\" text DEFAULT '${x}\u{2028}');\n-- */ \u{202e}";

/// The layout through the messages is exactly the direct one (pins and bit-exact numbers).
#[test]
fn layout_calls_round_trip_and_equal_the_direct_layout() {
    let mut engine = Engine::default();
    for n in [0, 1, 12, 300] {
        let graph = synthetic(n, 7);
        let mut positions = BTreeMap::new();
        if let Some(t) = graph.tables.get(n / 2) {
            positions.insert(t.key.clone(), [123.25, 4567.5 + 1e-9]);
        }
        let call = Call { id: n as u64 + 9, request: Request::Layout { graph: graph.clone(), positions: positions.clone() } };
        round_trip(&call);
        let direct = erd::layout(&graph, &LayoutOptions { positions, ..Default::default() });
        let reply = engine.handle(call.request);
        assert_eq!(reply, Reply::Layout(direct), "{n} tables");
        round_trip(&Answer::Reply { id: call.id, reply });
    }
}

/// Every target and option survives the request, and the reply is what `generate_with` gives on
/// the parsed text (quotes, newlines, non-ASCII and markup in names included).
#[test]
fn generate_calls_equal_the_direct_generators() {
    let targets = [
        Target::Prisma, Target::Drizzle, Target::Sql(Dialect::Postgres), Target::Sql(Dialect::Mysql), Target::Sql(Dialect::Sqlite),
        Target::Mermaid, Target::Dbml, Target::TypeScript, Target::Zod,
    ];
    let options = [
        Options::default(),
        Options { prisma_naming: PrismaNaming::Keep, drizzle_keys: DrizzleKeys::Column },
    ];
    let mut engine = Engine::default();
    for (text, dialect) in [(HOSTILE, Dialect::Postgres), (examples::MYSQL_HELPDESK.sql, Dialect::Mysql), (examples::SQLITE_NOTES.sql, Dialect::Sqlite)] {
        let schema = parse(text, dialect).schema;
        for target in targets {
            for o in options {
                let request = Request::Generate { source: source(text, dialect), target, options: o, notes: vec![] };
                round_trip(&Call { id: 1, request: request.clone() });
                let reply = engine.handle(request);
                assert_eq!(reply, Reply::Generated(generate_with(&schema, target, &o)), "{target:?} {o:?}");
                round_trip(&reply);
            }
        }
    }
}

/// The check answers what `check` gives, with the diagnostics' spans (the editor marks need
/// them) and the documentation of every rule that fired.
#[test]
fn check_calls_carry_the_report_spans_and_rule_help() {
    let ex = examples::MIGRATION;
    let schema = parse(ex.sql, ex.dialect).schema;
    let migration = format!("{}\nALTER TABLE nowhere ADD COLUMN x int;\nthis is not sql;\n", ex.migration);
    let options = CheckOptions { pg_version: 11, in_transaction: false, ..Default::default() };
    let direct = check(&schema, &migration, ex.dialect, &options);
    assert!(direct.findings().count() > 3 && !direct.diagnostics.is_empty(), "the example exercises findings and diagnostics");
    let request = Request::Check { schema: source(ex.sql, ex.dialect), migration: migration.clone(), options };
    round_trip(&request);
    let reply = Engine::default().handle(request);
    round_trip(&reply);
    let back: Reply = serde_json::from_value(serde_json::to_value(&reply).unwrap()).unwrap();
    let Reply::Checked(c) = back else { panic!("not a check reply") };
    assert_eq!(c.report(), direct);
    assert!(c.report().diagnostics.iter().all(|d| d.span.end > d.span.start), "spans survive");
    for (_, f) in direct.findings() {
        let help = c.rule(f.rule).unwrap_or_else(|| panic!("no help for {}", f.rule));
        let meta = migrate::rules().iter().find(|m| m.id == f.rule).unwrap();
        assert_eq!((help.summary.as_str(), help.why.as_str(), help.fix.as_str()), (meta.summary, meta.why, meta.fix));
    }
    let fired: std::collections::BTreeSet<_> = direct.findings().map(|(_, f)| f.rule).collect();
    assert_eq!(c.rules.len(), fired.len(), "each rule once");
}

/// The catalogue's requests answer every rule of their kind (migration: every migration rule;
/// schema: every rule of the linter's registry), each with its whole `RuleDoc`.
#[test]
fn rules_calls_answer_every_rule_of_their_kind() {
    use crate::ruledoc::RuleKind;
    for (kind, expected) in [(RuleKind::Migration, migrate::rules()), (RuleKind::Schema, crate::lint::DOCS)] {
        let request = Request::Rules(kind);
        round_trip(&request);
        let reply = Engine::default().handle(request);
        round_trip(&reply);
        let Reply::Rules(rules) = reply else { panic!("not a rules reply") };
        let docs: Vec<&RuleDoc> = crate::ruledoc::all().filter(|r| r.kind == kind).collect();
        assert!(docs.len() >= 30, "{kind:?}");
        assert_eq!(rules.len(), docs.len());
        assert_eq!(docs.iter().map(|d| d.id).collect::<Vec<_>>(), expected.iter().map(|d| d.id).collect::<Vec<_>>());
        for (help, doc) in rules.iter().zip(docs) {
            assert_eq!(help.id, doc.id);
            assert_eq!(help.aliases, doc.aliases);
            assert_eq!((help.severity, help.dialects.as_slice()), (doc.severity, doc.dialects));
            assert_eq!([&help.summary, &help.details, &help.why, &help.fix, &help.bad, &help.good], [doc.summary, doc.details, doc.why, doc.fix, doc.bad, doc.good]);
        }
    }
}

/// The plan answers what `diff` gives, its forward script, and the baseline's error count.
#[test]
fn plan_calls_equal_the_direct_diff() {
    let old = "CREATE TABLE users (id int PRIMARY KEY, name text);\nCREATE TABLE broken (;";
    let new = "CREATE TABLE users (id int PRIMARY KEY, full_name text NOT NULL DEFAULT '', email text);";
    for dialect in Dialect::ALL {
        let options = DiffOptions {
            renames: vec![RenameAnswer { kind: RenameKind::Column, table: "users".into(), from: "name".into(), to: "full_name".into(), is_rename: true }],
            safe: dialect != Dialect::Sqlite,
            pg_version: 12,
        };
        let (po, pn) = (parse(old, dialect), parse(new, dialect));
        let direct = diff(&po.schema, &pn.schema, dialect, &options);
        let request = Request::Plan { baseline: source(old, dialect), current: source(new, dialect), options };
        round_trip(&request);
        let reply = Engine::default().handle(request);
        round_trip(&reply);
        let back: Reply = serde_json::from_value(serde_json::to_value(&reply).unwrap()).unwrap();
        let Reply::Planned(p) = back else { panic!("not a plan") };
        assert_eq!(p.up, direct.up_sql());
        assert_eq!(p.plan(), direct);
        assert_eq!(p.baseline_errors, po.diagnostics.iter().filter(|d| d.severity == Severity::Error).count());
    }
}

/// The parse cache gives the same answers as fresh parses, whatever the order of sources.
#[test]
fn kept_parses_answer_like_fresh_ones() {
    let texts = [examples::DEFAULT.sql, examples::BLOG.sql, examples::SHOP.sql, HOSTILE, examples::BLOG.sql, examples::DEFAULT.sql];
    let mut kept = Engine::default();
    for (i, t) in texts.iter().cycle().take(20).enumerate() {
        let dialect = if i % 7 == 3 { Dialect::Mysql } else { Dialect::Postgres };
        let request = Request::Generate { source: source(t, dialect), target: Target::Dbml, options: Options::default(), notes: vec![] };
        assert_eq!(kept.handle(request.clone()), Engine::default().handle(request), "call {i}");
        assert!(kept.parsed.len() <= KEEP_PARSES);
    }
}

/// A panic report and a rule id read back from a message.
#[test]
fn answers_and_rule_ids_read_back() {
    round_trip(&Answer::Panicked { id: Some(3), message: "index out of bounds \"x\"".into() });
    round_trip(&Answer::Panicked { id: None, message: String::new() });
    let a: &'static str = static_str(serde_json::json!("require-lock-timeout")).unwrap();
    let b: &'static str = static_str(serde_json::json!("require-lock-timeout")).unwrap();
    assert!(std::ptr::eq(a, b), "one copy per distinct id");
}

/// Every Prisma and DBML file of the readers' fixtures and the corpus: the reader's half in the
/// worker survives the messages whole (every field: DDL, span pieces, logical keys, objects, the
/// reader's diagnostics), and finished in the page it equals `parse::read` on the text. (That the
/// finishing itself is right is the readers' own tests' job: they check spans and lines.) A SQL
/// text is not translated.
#[test]
fn translate_calls_finished_in_the_page_equal_the_direct_read() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("tests/readers/fixtures"), root.join("../shared/corpus/prisma")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "prisma" || x == "dbml") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 20, "fixtures found: {}", files.len());
    let mut engine = Engine::default();
    let mut kinds = std::collections::BTreeSet::new();
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("fixture");
        let request = Request::Translate { source: source(&text, Dialect::Mysql), kind: None };
        round_trip(&Call { id: i as u64, request: request.clone() });
        let reply = engine.handle(request);
        round_trip(&reply);
        let Reply::Translated(kind, Some(t)) = reply else { panic!("{}: not translated", path.display()) };
        assert_ne!(kind, InputKind::Sql, "{}", path.display());
        kinds.insert(kind.id());
        let direct = read(&text, None, Dialect::Mysql);
        assert_eq!(kind, direct.kind, "{}", path.display());
        assert_eq!((*t).finish(&text), direct.parsed, "{}", path.display());
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["dbml", "prisma"]);
    let sql = Request::Translate { source: source(examples::MYSQL_HELPDESK.sql, Dialect::Mysql), kind: None };
    assert_eq!(engine.handle(sql), Reply::Translated(InputKind::Sql, None));
}

/// The worker reads a non-SQL schema before generating from it (the code tabs of a Prisma text
/// show that schema, not SQL parse errors).
#[test]
fn generate_reads_non_sql_inputs() {
    let text = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DB\")\n}\nmodel User {\n  id Int @id\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n";
    let schema = read(text, None, Dialect::Sqlite).parsed.schema;
    assert_eq!(schema.tables.len(), 2);
    let mut engine = Engine::default();
    let reply = engine.handle(Request::Generate { source: source(text, Dialect::Sqlite), target: Target::Sql(Dialect::Postgres), options: Options::default(), notes: vec![] });
    assert_eq!(reply, Reply::Generated(generate_with(&schema, Target::Sql(Dialect::Postgres), &Options::default())));
}

/// Both answers survive the messages whole (the worker's `postMessage` clones the same serde
/// form), for a folder with findings, a down part, a problem and hostile text.
#[test]
fn history_answers_read_back() {
    let folder = |files: &[(&str, &str)]| Folder { name: "t".into(), files: files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect() };
    let f = folder(&[
        ("1_init.up.sql", "CREATE TABLE \"wéird \"\"t\"\"\" (id int PRIMARY KEY, note text DEFAULT '</script>\u{2028}');"),
        ("1_init.down.sql", "DROP TABLE \"wéird \"\"t\"\"\";"),
        ("2_more.up.sql", "ALTER TABLE \"wéird \"\"t\"\"\" ADD COLUMN n int NOT NULL;\nCREATE INDEX i ON \"wéird \"\"t\"\"\" (n);"),
        ("notes.txt", "not a migration"),
    ]);
    let mut engine = Engine::default();
    let Reply::History(v) = engine.handle(Request::History { folder: f.clone(), options: crate::migrate::CheckOptions::default() }) else { panic!("not a history") };
    assert!(v.rows[1].report.findings().count() >= 2, "{:?}", v.rows[1].report);
    round_trip(&v);
    let Reply::HistoryPoint(p) = engine.handle(Request::HistoryPoint { folder: f, n: 2 }) else { panic!("not a point") };
    assert!(p.before.contains("wéird") && p.after.contains(" n "), "{p:?}");
    round_trip(&p);
}

/// A kind the person chose travels with the source: the worker reads the text as that kind, not
/// as what recognition would say (a DBML text read as SQL gives SQL's parse errors, and the
/// other way round).
#[test]
fn the_sources_kind_overrides_recognition() {
    let text = "Table users {\n  id int [pk]\n}\n";
    assert_eq!(crate::parse::recognize(text), InputKind::Dbml);
    let mut engine = Engine::default();
    let generate = |engine: &mut Engine, kind| {
        let source = Source { kind, ..source(text, Dialect::Postgres) };
        engine.handle(Request::Generate { source, target: Target::Sql(Dialect::Postgres), options: Options::default(), notes: vec![] })
    };
    let as_sql = read(text, Some(InputKind::Sql), Dialect::Postgres).parsed.schema;
    let as_dbml = read(text, Some(InputKind::Dbml), Dialect::Postgres).parsed.schema;
    assert_eq!((as_sql.tables.len(), as_dbml.tables.len()), (0, 1));
    // Asked with the kind: the same text read two ways (the kept parse of one is not the other's).
    assert_eq!(generate(&mut engine, Some(InputKind::Sql)), Reply::Generated(generate_with(&as_sql, Target::Sql(Dialect::Postgres), &Options::default())));
    assert_eq!(generate(&mut engine, None), Reply::Generated(generate_with(&as_dbml, Target::Sql(Dialect::Postgres), &Options::default())));
    assert_eq!(generate(&mut engine, Some(InputKind::Dbml)), Reply::Generated(generate_with(&as_dbml, Target::Sql(Dialect::Postgres), &Options::default())));
    let translate = Request::Translate { source: Source { kind: Some(InputKind::Sql), ..source(text, Dialect::Postgres) }, kind: None };
    assert_eq!(engine.handle(translate), Reply::Translated(InputKind::Sql, None));
}

/// An edit from the diagram through the messages: the same plan as `plan_edit_in` directly, in
/// the source's own language; a relationship to a non-key offers the plan with the key; a clash
/// is refused with the planner's reason.
#[test]
fn edit_calls_round_trip_and_equal_the_direct_plan() {
    use crate::edit::{plan_edit_in, ColumnFlag, NewColumn, NewRelationship, SchemaEdit};
    use crate::model::QualifiedName;
    let mut engine = Engine::default();
    let q = |n: &str| QualifiedName::new(None, n);
    let sql = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE TABLE posts (id bigint PRIMARY KEY, author text);\n";
    let dbml = "Table users {\n  id bigint [pk]\n  email text\n}\n";
    let edits = [
        SchemaEdit::AddColumn { table: q("users"), column: NewColumn { name: "name".into(), data_type: "text".into(), ..Default::default() } },
        SchemaEdit::SetColumnFlag { table: q("users"), column: "email".into(), flag: ColumnFlag::Unique, on: true },
        SchemaEdit::RenameTable { table: q("users"), to: "people".into() },
    ];
    for (text, kind) in [(sql, InputKind::Sql), (dbml, InputKind::Dbml)] {
        for edit in &edits {
            let src = Source { text: text.into(), dialect: Dialect::Postgres, kind: Some(kind) };
            let call = Call { id: 1, request: Request::Edit { source: src.clone(), edit: edit.clone() } };
            round_trip(&call);
            let imported = read(text, Some(kind), Dialect::Postgres);
            let direct = plan_edit_in(kind, text, Dialect::Postgres, &imported.parsed.schema, &imported.parsed.diagnostics, edit).expect("plans");
            let reply = engine.handle(call.request);
            assert_eq!(reply, Reply::Edited(Edited::Planned(direct)), "{kind:?} {edit:?}");
            round_trip(&reply);
        }
    }
    let src = Source::new(sql, Dialect::Postgres);
    let rel = NewRelationship { table: q("posts"), columns: vec!["author".into()], ref_table: q("users"), ref_columns: vec!["email".into()], ..Default::default() };
    let Reply::Edited(Edited::NeedsKey { message, with_key }) = engine.handle(Request::Edit { source: src.clone(), edit: SchemaEdit::AddRelationship(rel) }) else {
        panic!("a non-key target asks first");
    };
    assert!(message.contains("not a primary key or unique"), "{message}");
    let after = parse(&with_key.apply(sql), Dialect::Postgres).schema;
    assert_eq!(after.table(&q("posts")).map(|t| t.foreign_keys.len()), Some(1));
    let clash = SchemaEdit::RenameTable { table: q("users"), to: "posts".into() };
    let Reply::Edited(Edited::Refused(why)) = engine.handle(Request::Edit { source: src, edit: clash }) else { panic!("a clash is refused") };
    assert!(why.contains("already exists"), "{why}");
}
