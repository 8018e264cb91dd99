//! Schema edits from the diagram, tested through the text: for every edit kind on fixture schemas
//! in each dialect and style (`tests/edit/fixtures/`: hand-written and dump-style PostgreSQL, MySQL
//! and SQLite), the planned text edits are applied, the text is imported again, and
//! - the whole model equals the expected one: the original model with exactly the asked change made
//!   on the model itself (`edit::spec::expected`, no text involved), compared in `edit::canon`'s
//!   form;
//! - the asked change is there, checked directly on the re-imported model (so a planner and a
//!   specification that both did nothing would still fail);
//! - every edit lies inside a statement the change is about (text outside those statements —
//!   comments, blank lines, other statements — is byte-identical);
//! - the edited text imports without a warning the original did not have.
//!
//! The edited texts are in `tests/snapshots/edit/<fixture>.txt` (line diffs, for review; rewrite
//! with `UPDATE_SNAPSHOTS=1`). The bad cases (clashing names, reserved words, tables defined by
//! several statements, errors near the target) follow the matrix.

mod common;
mod edit_checks;

use edit_checks::{check_fix, line_diff};

use schemaplay_core::edit::{plan_edit, ColumnFlag, EditError, Fix, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

struct Fixture {
    file: &'static str,
    d: Dialect,
    schema: Option<&'static str>,
    /// A nullable text column of `users`.
    nullable: &'static str,
    text_type: &'static str,
    int_type: &'static str,
    /// A type for `users.email` other than the one it has.
    other_text: &'static str,
    /// A unique column (table, column).
    unique: (&'static str, &'static str),
    /// Edits the fixture refuses on purpose: (case, part of the message).
    refused: &'static [(&'static str, &'static str)],
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        file: "pg_hand.sql",
        d: Dialect::Postgres,
        schema: None,
        nullable: "display_name",
        text_type: "text",
        int_type: "bigint",
        other_text: "varchar(320)",
        unique: ("orgs", "name"),
        refused: &[
            ("add column to the key", "users (id) is referenced by projects (owner_id)"),
            ("primary key extended", "users (id) is referenced by projects (owner_id)"),
            ("primary key off", "users (id) is referenced by projects (owner_id)"),
            ("primary key off (referenced)", "is referenced by users (org_id), projects (org_id)"),
        ],
    },
    Fixture {
        file: "pg_dump.sql",
        d: Dialect::Postgres,
        schema: Some("public"),
        nullable: "nickname",
        text_type: "text",
        int_type: "bigint",
        other_text: "text",
        unique: ("users", "email"),
        refused: &[("primary key off (referenced)", "is referenced by public.users (org_id)")],
    },
    MYSQL_DUMP,
    // The hand-written MySQL file: the dump's schema in other types, and its own unique column.
    Fixture { file: "mysql_hand.sql", int_type: "int", other_text: "varchar(320)", unique: ("users", "email"), ..MYSQL_DUMP },
    SQLITE_SCHEMA,
    // The hand-written SQLite file expects everything `.schema`'s output does.
    Fixture { file: "sqlite_hand.sql", ..SQLITE_SCHEMA },
];

/// `mysqldump`'s output; the hand-written MySQL file differs from it only where it says.
const MYSQL_DUMP: Fixture = Fixture {
    file: "mysql_dump.sql",
    d: Dialect::Mysql,
    schema: None,
    nullable: "nickname",
    text_type: "varchar(80)",
    int_type: "bigint unsigned",
    other_text: "text",
    unique: ("orgs", "name"),
    refused: &[("primary key off", "AUTO_INCREMENT, which must be a key"), ("primary key off (referenced)", "is referenced by users (org_id)")],
};

/// `sqlite3 .schema`'s output.
const SQLITE_SCHEMA: Fixture = Fixture {
    file: "sqlite_schema.sql",
    d: Dialect::Sqlite,
    schema: None,
    nullable: "nickname",
    text_type: "TEXT",
    int_type: "INTEGER",
    other_text: "VARCHAR(320)",
    unique: ("orgs", "name"),
    refused: &[("primary key off (referenced)", "is referenced by users (org_id)")],
};

fn fixture_text(file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/edit/fixtures").join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn q(f: &Fixture, name: &str) -> QualifiedName {
    QualifiedName::new(f.schema.map(String::from), name)
}

fn col(name: &str, ty: &str) -> NewColumn {
    NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() }
}

/// The edit matrix of one fixture: every edit kind, on the shapes the fixture has.
fn cases(f: &Fixture) -> Vec<(String, SchemaEdit)> {
    let (users, orgs) = (q(f, "users"), q(f, "orgs"));
    let flag = |c: &str, flag: ColumnFlag, on: bool| SchemaEdit::SetColumnFlag { table: users.clone(), column: c.into(), flag, on };
    let id_type = if f.d == Dialect::Sqlite { "INTEGER" } else { "bigint" };
    vec![
        (
            "add table".into(),
            SchemaEdit::AddTable {
                table: q(f, "teams"),
                columns: vec![
                    NewColumn { name: "id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "name".into(), data_type: f.text_type.into(), not_null: true, unique: true, ..Default::default() },
                    col("org_id", f.int_type),
                ],
                after: None,
            },
        ),
        ("add table after orgs".into(), SchemaEdit::AddTable { table: q(f, "labels"), columns: vec![col("code", f.text_type)], after: Some(orgs.clone()) }),
        (
            "add table with a composite key".into(),
            SchemaEdit::AddTable {
                table: q(f, "memberships"),
                columns: vec![
                    NewColumn { name: "user_id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "team_id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                ],
                after: None,
            },
        ),
        ("rename table users".into(), SchemaEdit::RenameTable { table: users.clone(), to: "members".into() }),
        ("rename table orgs (referenced)".into(), SchemaEdit::RenameTable { table: orgs.clone(), to: "organizations".into() }),
        ("rename table to a reserved word".into(), SchemaEdit::RenameTable { table: users.clone(), to: "user".into() }),
        ("drop table users".into(), SchemaEdit::DropTable { table: users.clone() }),
        ("drop table orgs (referenced)".into(), SchemaEdit::DropTable { table: orgs.clone() }),
        ("add column".into(), SchemaEdit::AddColumn { table: users.clone(), column: col("bio", f.text_type) }),
        (
            "add column not null unique".into(),
            SchemaEdit::AddColumn { table: orgs.clone(), column: NewColumn { name: "code".into(), data_type: f.text_type.into(), not_null: true, unique: true, ..Default::default() } },
        ),
        (
            "add column to the key".into(),
            SchemaEdit::AddColumn { table: users.clone(), column: NewColumn { name: "tenant".into(), data_type: f.int_type.into(), primary_key: true, ..Default::default() } },
        ),
        ("rename column email".into(), SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "login".into() }),
        ("rename referenced key column".into(), SchemaEdit::RenameColumn { table: orgs.clone(), column: "id".into(), to: "org_key".into() }),
        ("rename column to a reserved word".into(), SchemaEdit::RenameColumn { table: users.clone(), column: f.nullable.into(), to: "order".into() }),
        ("rename column to a name that needs quotes".into(), SchemaEdit::RenameColumn { table: users.clone(), column: f.nullable.into(), to: "Display Name".into() }),
        ("retype column".into(), SchemaEdit::RetypeColumn { table: users.clone(), column: "email".into(), to: f.other_text.into() }),
        ("retype key column".into(), SchemaEdit::RetypeColumn { table: orgs.clone(), column: "id".into(), to: f.int_type.into() }),
        ("drop nullable column".into(), SchemaEdit::DropColumn { table: users.clone(), column: f.nullable.into() }),
        ("drop column with keys".into(), SchemaEdit::DropColumn { table: users.clone(), column: "email".into() }),
        ("drop referenced key column".into(), SchemaEdit::DropColumn { table: orgs.clone(), column: "id".into() }),
        ("not null on".into(), flag(f.nullable, ColumnFlag::NotNull, true)),
        ("not null off".into(), flag("email", ColumnFlag::NotNull, false)),
        ("unique on".into(), flag(f.nullable, ColumnFlag::Unique, true)),
        ("unique off".into(), SchemaEdit::SetColumnFlag { table: q(f, f.unique.0), column: f.unique.1.into(), flag: ColumnFlag::Unique, on: false }),
        ("primary key extended".into(), flag("email", ColumnFlag::PrimaryKey, true)),
        ("primary key off".into(), flag("id", ColumnFlag::PrimaryKey, false)),
        ("primary key off (referenced)".into(), SchemaEdit::SetColumnFlag { table: orgs.clone(), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false }),
        (
            "add relationship".into(),
            SchemaEdit::AddRelationship(NewRelationship {
                table: users.clone(),
                columns: vec![f.nullable.into()],
                ref_table: orgs.clone(),
                ref_columns: vec!["name".into()],
                on_delete: Some(RefAction::SetNull),
                create_key: true,
                ..Default::default()
            }),
        ),
        (
            "add relationship to the key".into(),
            SchemaEdit::AddRelationship(NewRelationship { table: orgs.clone(), columns: vec!["id".into()], ref_table: users.clone(), ref_columns: vec![], ..Default::default() }),
        ),
        (
            "add relationship creating the key".into(),
            SchemaEdit::AddRelationship(NewRelationship {
                table: orgs.clone(),
                columns: vec!["name".into()],
                ref_table: users.clone(),
                ref_columns: vec!["email".into()],
                create_key: true,
                ..Default::default()
            }),
        ),
        (
            "set relationship actions".into(),
            SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: Some(RefAction::Restrict), on_update: Some(RefAction::Cascade) },
        ),
        ("clear relationship actions".into(), SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: None, on_update: None }),
        ("drop relationship".into(), SchemaEdit::DropRelationship { table: users.clone(), fk: 0 }),
        ("add index".into(), SchemaEdit::AddIndex { table: users.clone(), columns: vec!["email".into()], name: None }),
        ("add named index".into(), SchemaEdit::AddIndex { table: orgs.clone(), columns: vec!["name".into(), "id".into()], name: Some("orgs_name_id".into()) }),
    ]
}

/// Plans, applies and checks one edit; the edited text.
fn run(f: &Fixture, text: &str, edit: &SchemaEdit) -> Result<(Fix, String, usize), String> {
    let before = parse(text, f.d);
    let fix = plan_edit(text, f.d, &before.schema, &before.diagnostics, edit).map_err(|e| format!("refused: {e}"))?;
    check_fix(f.d, text, &before.schema, edit, &fix)
}

#[test]
fn every_edit_kind_in_every_dialect_changes_exactly_what_was_asked() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let mut snap = String::new();
        for (name, edit) in cases(f) {
            ran += 1;
            if let Some((_, why)) = f.refused.iter().find(|r| r.0 == name) {
                let p = parse(&text, f.d);
                match plan_edit(&text, f.d, &p.schema, &p.diagnostics, &edit) {
                    Err(e) if e.to_string().contains(why) => snap.push_str(&format!("== {name}: refused: {e}\n\n")),
                    other => failures.push(format!("{} / {name}: expected a refusal ({why}), got {other:?}", f.file)),
                }
                continue;
            }
            match run(f, &text, &edit) {
                Ok((fix, new, touched)) => {
                    snap.push_str(&format!("== {name}: {} ({touched} statement(s))\n{}\n", fix.description, line_diff(&text, &new)));
                }
                Err(e) => failures.push(format!("{} / {name}: {e}", f.file)),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &f.file.replace(".sql", ".txt"), &snap);
        }
    }
    assert!(failures.is_empty(), "{} of {ran} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

// ------------------------------------------------------------------ bad cases

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = parse(text, d);
    plan_edit(text, d, &p.schema, &p.diagnostics, edit)
}

/// Plans, checks like the matrix does, and returns the edited text.
fn edited(d: Dialect, text: &str, edit: &SchemaEdit) -> String {
    let p = parse(text, d);
    let fix = plan_edit(text, d, &p.schema, &p.diagnostics, edit).unwrap_or_else(|e| panic!("{d:?} {edit:?}: refused: {e}\n{text}"));
    check_fix(d, text, &p.schema, edit, &fix).unwrap_or_else(|e| panic!("{d:?} {edit:?}: {e}")).1
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

#[test]
fn clashing_names_are_refused() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let taken = |e: &SchemaEdit| matches!(plan(f.d, &text, e), Err(EditError::NameTaken { .. }));
        let users = q(f, "users");
        assert!(taken(&SchemaEdit::RenameTable { table: users.clone(), to: "orgs".into() }), "{}", f.file);
        assert!(taken(&SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "org_id".into() }), "{}", f.file);
        assert!(taken(&SchemaEdit::AddColumn { table: users.clone(), column: col("email", f.text_type) }), "{}", f.file);
        assert!(taken(&SchemaEdit::AddTable { table: q(f, "orgs"), columns: vec![col("x", f.text_type)], after: None }), "{}", f.file);
        let parsed = parse(&text, f.d);
        let fk = &parsed.schema.table(&users).unwrap().foreign_keys[0];
        let again = NewRelationship { table: users.clone(), columns: fk.columns.clone(), ref_table: fk.ref_table.clone(), ref_columns: fk.ref_columns.clone(), ..Default::default() };
        assert!(taken(&SchemaEdit::AddRelationship(again)), "{}", f.file);
        // MySQL and SQLite compare names without case; PostgreSQL keeps "ORGS" apart from orgs
        let upper = SchemaEdit::RenameTable { table: users.clone(), to: "ORGS".into() };
        assert_eq!(taken(&upper), f.d != Dialect::Postgres, "{}", f.file);
        let upper_col = SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "ORG_ID".into() };
        assert_eq!(taken(&upper_col), f.d != Dialect::Postgres, "{}", f.file);
    }
}

#[test]
fn bad_names_and_types_are_refused() {
    let long = "x".repeat(64);
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let users = q(f, "users");
        let err = |e: SchemaEdit| plan(f.d, &text, &e).unwrap_err();
        assert!(matches!(err(SchemaEdit::RenameTable { table: users.clone(), to: " ".into() }), EditError::BadName { .. }));
        assert!(matches!(err(SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "a\0b".into() }), EditError::BadName { .. }));
        for ty in ["int); DROP TABLE users; --", "", "varchar(", "text DEFAULT 1"] {
            assert!(matches!(err(SchemaEdit::RetypeColumn { table: users.clone(), column: "email".into(), to: ty.into() }), EditError::BadType { .. }), "{} {ty:?}", f.file);
            assert!(matches!(err(SchemaEdit::AddColumn { table: users.clone(), column: col("c", ty) }), EditError::BadType { .. }), "{} {ty:?}", f.file);
        }
        assert!(matches!(err(SchemaEdit::RenameColumn { table: users.clone(), column: "nope".into(), to: "x".into() }), EditError::NoColumn { .. }));
        assert!(matches!(err(SchemaEdit::DropTable { table: q(f, "nope") }), EditError::NoTable(_)));
        assert!(matches!(err(SchemaEdit::DropRelationship { table: users.clone(), fk: 9 }), EditError::NoRelationship { .. }));
        let too_long = plan(f.d, &text, &SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: long.clone() });
        assert_eq!(too_long.is_err(), f.d == Dialect::Postgres, "{}: 64 bytes is over PostgreSQL's limit only", f.file);
    }
    let m = fixture_text("mysql_hand.sql");
    assert!(matches!(plan(Dialect::Mysql, &m, &SchemaEdit::RenameTable { table: t("users"), to: "users ".into() }), Err(EditError::BadName { .. })));
}

#[test]
fn names_that_need_quotes_are_quoted_only_there() {
    let hostile = ["order", "select", "Mixed Case", "a\"b", "a`b", "it's", "semi;colon", "-- not a comment", "x*/y", "<script>", "naïve"];
    for f in FIXTURES {
        let text = fixture_text(f.file);
        for name in hostile {
            if f.d == Dialect::Mysql && name.contains('`') && f.file.contains("hand") {
                continue;
            }
            let e = SchemaEdit::RenameColumn { table: q(f, "users"), column: "email".into(), to: name.into() };
            let new = edited(f.d, &text, &e);
            let p = parse(&new, f.d);
            assert!(p.schema.table(&q(f, "users")).unwrap().columns.iter().any(|c| c.name == name), "{} {name}", f.file);
            let e = SchemaEdit::RenameTable { table: q(f, "orgs"), to: name.into() };
            edited(f.d, &text, &e);
        }
        // a plain name stays bare unless the table quotes every name
        let new = edited(f.d, &text, &SchemaEdit::RenameColumn { table: q(f, "users"), column: "email".into(), to: "login".into() });
        let quoted_style = f.file == "mysql_dump.sql";
        assert_eq!(new.contains("`login`") || new.contains("\"login\""), quoted_style, "{}", f.file);
    }
}

#[test]
fn a_table_defined_by_several_statements_is_edited_where_each_part_is() {
    let d = Dialect::Postgres;
    let text = "CREATE TABLE t (id int);\n\
                ALTER TABLE t ADD COLUMN note text;\n\
                ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int;\n\
                ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n\
                ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n\
                ALTER TABLE t ALTER COLUMN b TYPE bigint;\n";
    let c = |column: &str| (t("t"), column.to_string());
    let (tt, note) = c("note");
    let new = edited(d, text, &SchemaEdit::DropColumn { table: tt.clone(), column: note.clone() });
    assert_eq!(new, text.replace("ALTER TABLE t ADD COLUMN note text;\n", ""), "the ALTER that added it goes");
    let new = edited(d, text, &SchemaEdit::DropColumn { table: tt.clone(), column: "a".into() });
    assert_eq!(new, text.replace("ADD COLUMN a int, ", "").replace("ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n", ""), "one of two actions, and what changes it later");
    let new = edited(d, text, &SchemaEdit::RenameColumn { table: tt.clone(), column: note.clone(), to: "memo".into() });
    assert_eq!(new, text.replace("COLUMN note", "COLUMN memo"));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: note, flag: ColumnFlag::NotNull, on: true });
    assert_eq!(new, text.replace("note text", "note text NOT NULL"));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "a".into(), flag: ColumnFlag::NotNull, on: false });
    assert_eq!(new, text.replace("ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n", ""));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false });
    assert_eq!(new, text.replace("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n", "").replace("(id int)", "(id int NOT NULL)"), "the key goes, NOT NULL stays");
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "a".into(), flag: ColumnFlag::PrimaryKey, on: true });
    assert_eq!(new, text.replace("PRIMARY KEY (id)", "PRIMARY KEY (id, a)"));
    match plan(d, text, &SchemaEdit::RetypeColumn { table: tt.clone(), column: "b".into(), to: "text".into() }) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("line 6"), "{m}"),
        other => panic!("{other:?}"),
    }
    let my = "CREATE TABLE t (id int PRIMARY KEY, x int);\nALTER TABLE t MODIFY x int NOT NULL;\n";
    match plan(Dialect::Mysql, my, &SchemaEdit::SetColumnFlag { table: tt, column: "x".into(), flag: ColumnFlag::NotNull, on: false }) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("line 2"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_a_view_reads_is_not_renamed_or_deleted_under_it() {
    for d in Dialect::ALL {
        let text = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);\nCREATE TABLE u (id integer PRIMARY KEY, c integer);\nCREATE VIEW v AS SELECT id, a FROM t;\n";
        let p = parse(text, d);
        assert_eq!(p.schema.views.len(), 1, "{d:?}: {:?}", p.diagnostics);
        let refused = |e: SchemaEdit| matches!(plan(d, text, &e), Err(EditError::Unsupported(m)) if m.contains("view v reads"));
        assert!(refused(SchemaEdit::RenameTable { table: t("t"), to: "t2".into() }), "{d:?}");
        assert!(refused(SchemaEdit::DropTable { table: t("t") }), "{d:?}");
        assert!(refused(SchemaEdit::RenameColumn { table: t("t"), column: "a".into(), to: "a2".into() }), "{d:?}");
        assert!(refused(SchemaEdit::DropColumn { table: t("t"), column: "a".into() }), "{d:?}");
        // what the view does not read stays editable, and the view is kept as it is
        for e in [SchemaEdit::DropColumn { table: t("t"), column: "b".into() }, SchemaEdit::RenameTable { table: t("u"), to: "u2".into() }, SchemaEdit::DropTable { table: t("u") }] {
            assert!(edited(d, text, &e).contains("CREATE VIEW v AS SELECT id, a FROM t;"), "{d:?} {e:?}");
        }
    }
}

#[test]
fn errors_near_the_target_refuse_and_elsewhere_do_not() {
    for d in Dialect::ALL {
        let text = "CREATE TABLE good (id int PRIMARY KEY);\nCREATE TABLE bad (id int, x int DEFAULT, y text);\nCREATE TABLE other (id int PRIMARY KEY);\n";
        let p = parse(text, d);
        assert!(p.diagnostics.iter().any(|x| x.severity >= Severity::Warning && x.line == 2), "{d:?}: the fixture has an error on line 2: {:?}", p.diagnostics);
        match plan(d, text, &SchemaEdit::AddColumn { table: t("bad"), column: col("z", "int") }) {
            Err(EditError::SourceError { line: 2, .. }) => {}
            other => panic!("{d:?}: {other:?}"),
        }
        edited(d, text, &SchemaEdit::AddColumn { table: t("good"), column: col("z", "int") });
        edited(d, text, &SchemaEdit::RenameTable { table: t("other"), to: "others".into() });
        // a relationship from the broken table to `good` makes renaming `good` touch line 2
        let linked = "CREATE TABLE good (id int PRIMARY KEY);\nCREATE TABLE bad (id int, g int REFERENCES good (id), x int DEFAULT, y text);\n";
        if parse(linked, d).schema.table(&t("bad")).is_some_and(|b| !b.foreign_keys.is_empty()) {
            assert!(matches!(plan(d, linked, &SchemaEdit::RenameTable { table: t("good"), to: "fine".into() }), Err(EditError::SourceError { line: 2, .. })), "{d:?}");
        }
    }
}

#[test]
fn a_target_that_is_not_unique_offers_the_key() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let p = parse(&text, f.d);
        let r = NewRelationship { table: q(f, "orgs"), columns: vec!["name".into()], ref_table: q(f, "users"), ref_columns: vec![f.nullable.into()], ..Default::default() };
        let edit = SchemaEdit::AddRelationship(r.clone());
        match plan_edit(&text, f.d, &p.schema, &p.diagnostics, &edit) {
            Err(EditError::TargetNotUnique { columns, with_key, .. }) => {
                assert_eq!(columns, vec![f.nullable.to_string()]);
                assert!(with_key.description.contains("unique key"), "{}", with_key.description);
                let with = SchemaEdit::AddRelationship(NewRelationship { create_key: true, ..r });
                check_fix(f.d, &text, &p.schema, &with, &with_key).unwrap_or_else(|e| panic!("{}: {e}", f.file));
            }
            other => panic!("{}: {other:?}", f.file),
        }
    }
}

#[test]
fn edits_that_are_already_true_change_nothing() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let users = q(f, "users");
        for (column, flag, on) in [("email", ColumnFlag::NotNull, true), (f.nullable, ColumnFlag::NotNull, false), ("id", ColumnFlag::PrimaryKey, true), (f.nullable, ColumnFlag::Unique, false)] {
            let fix = plan(f.d, &text, &SchemaEdit::SetColumnFlag { table: users.clone(), column: column.into(), flag, on }).unwrap();
            assert!(fix.edits.is_empty(), "{} {column} {flag:?} {on}: {:?}", f.file, fix.edits);
        }
    }
}

// ------------------------------------------------------------------ a schema sketched without DDL

/// What the "done when" asks: a person sketches a five-table schema with relationships
/// in the diagram, without typing DDL. Starting from an empty text in each dialect, every step is
/// planned on the text the steps before produced, checked like the matrix, and applied; the final
/// text imports without a diagnostic, has every table, column and relationship asked for, and no
/// lint finding at error level. The texts are in `tests/snapshots/edit/sketch_<dialect>.txt` with
/// their lint findings.
#[test]
fn a_five_table_schema_sketched_from_an_empty_text() {
    for d in Dialect::ALL {
        let (id, text_t, flag_t) = match d {
            Dialect::Postgres => ("bigint", "text", "boolean"),
            Dialect::Mysql => ("bigint", "varchar(200)", "boolean"),
            Dialect::Sqlite => ("INTEGER", "TEXT", "INTEGER"),
        };
        let key = |n: &str| NewColumn { name: n.into(), data_type: id.into(), primary_key: true, ..Default::default() };
        let req = |n: &str, ty: &str| NewColumn { name: n.into(), data_type: ty.into(), not_null: true, ..Default::default() };
        let fk = |t: &str, c: &str, r: &str, on_delete: Option<RefAction>| {
            SchemaEdit::AddRelationship(NewRelationship { table: t_(t), columns: vec![c.into()], ref_table: t_(r), on_delete, ..Default::default() })
        };
        fn t_(n: &str) -> QualifiedName {
            QualifiedName::new(None, n)
        }
        let steps = vec![
            SchemaEdit::AddTable { table: t_("orgs"), columns: vec![key("id"), NewColumn { unique: true, ..req("name", text_t) }], after: None },
            SchemaEdit::AddTable { table: t_("users"), columns: vec![key("id"), req("org_id", id), NewColumn { unique: true, ..req("email", text_t) }], after: None },
            SchemaEdit::AddTable { table: t_("projects"), columns: vec![key("id"), req("org_id", id), col("owner_id", id), req("title", text_t)], after: None },
            SchemaEdit::AddTable { table: t_("tasks"), columns: vec![key("id"), req("project_id", id), req("title", text_t)], after: None },
            SchemaEdit::AddColumn { table: t_("tasks"), column: col("assignee_id", id) },
            SchemaEdit::AddColumn { table: t_("tasks"), column: req("done", flag_t) },
            SchemaEdit::AddTable { table: t_("comment"), columns: vec![key("id"), req("task_id", id), col("author_id", id), col("body", text_t)], after: None },
            SchemaEdit::RenameTable { table: t_("comment"), to: "comments".into() },
            SchemaEdit::SetColumnFlag { table: t_("comments"), column: "body".into(), flag: ColumnFlag::NotNull, on: true },
            fk("users", "org_id", "orgs", Some(RefAction::Cascade)),
            fk("projects", "org_id", "orgs", Some(RefAction::Cascade)),
            fk("projects", "owner_id", "users", Some(RefAction::SetNull)),
            fk("tasks", "project_id", "projects", Some(RefAction::Cascade)),
            fk("tasks", "assignee_id", "users", None),
            fk("comments", "task_id", "tasks", Some(RefAction::Cascade)),
            fk("comments", "author_id", "users", None),
            SchemaEdit::SetRelationshipActions { table: t_("tasks"), fk: 1, on_delete: Some(RefAction::SetNull), on_update: None },
        ];
        let mut text = String::new();
        for step in &steps {
            text = edited(d, &text, step);
        }
        let p = parse(&text, d);
        assert!(p.diagnostics.iter().all(|x| x.severity == Severity::Info), "{d:?}: {:?}\n{text}", p.diagnostics);
        let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["orgs", "users", "projects", "tasks", "comments"], "{d:?}");
        let fks: usize = p.schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
        assert_eq!(fks, 7, "{d:?}\n{text}");
        let tasks = p.schema.table(&t_("tasks")).unwrap();
        assert_eq!(tasks.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "project_id", "title", "assignee_id", "done"]);
        assert_eq!(tasks.foreign_keys[1].on_delete, RefAction::SetNull);
        let findings = schemaplay_core::lint::lint(&text, &p.schema, &Default::default());
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{d:?}: {errors:?}\n{text}");
        let mut snap = text.clone();
        snap.push_str("\n-- lint findings:\n");
        for f in &findings {
            snap.push_str(&format!("-- {}:{} {} [{}] {}\n", f.line, f.column_no, f.severity.id(), f.rule, f.message.lines().next().unwrap_or("")));
        }
        common::snapshot("edit", &format!("sketch_{}.txt", d.id()), &snap);
    }
}

/// A text with Windows line breaks keeps them: every edit of the matrix on the CRLF version of a
/// fixture passes the same checks and writes no bare `\n`.
#[test]
fn windows_line_breaks_are_kept() {
    let mut failures = Vec::new();
    for f in FIXTURES {
        let text = fixture_text(f.file).replace('\n', "\r\n");
        for (name, edit) in cases(f) {
            if f.refused.iter().any(|r| r.0 == name) {
                continue;
            }
            match run(f, &text, &edit) {
                Ok((_, new, _)) => {
                    let bare = new.match_indices('\n').filter(|(i, _)| *i == 0 || new.as_bytes()[i - 1] != b'\r').count();
                    if bare > 0 {
                        failures.push(format!("{} / {name}: {bare} bare line break(s)", f.file));
                    }
                }
                Err(e) => failures.push(format!("{} / {name}: {e}", f.file)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
