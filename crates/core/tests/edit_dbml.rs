//! Schema edits written into DBML, tested through the text like the SQL ones (`edit.rs`): for
//! every edit kind on a hand-written DBML document (`tests/edit/fixtures/dbml_hand.dbml`) for
//! PostgreSQL, MySQL and SQLite, the planned edits are applied, the document is read again by the
//! DBML reader, and
//! - the whole model equals `edit::spec::expected` (the asked change made on the model, no text),
//!   compared in `edit::canon`'s form (constraint names are `@dbml/core`'s, so not compared);
//! - the asked change is there, checked directly on the re-read model;
//! - every edit lies inside a top-level DBML element (table, Ref, TableGroup) or appends one, so
//!   comments and the other elements are byte-identical;
//! - the document reads without a warning the original did not have.
//!
//! Edited documents: `tests/snapshots/edit/dbml_<dialect>.txt` (`UPDATE_SNAPSHOTS=1` rewrites).

mod common;
mod edit_checks;

use edit_checks::{check_dbml_fix as check, line_diff};
use schemaplay_core::edit::{plan_edit_in, ColumnFlag, EditError, Fix, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction};
use schemaplay_core::parse::input::{read, InputKind};
use schemaplay_core::parse::Parsed;
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

fn fixture(d: Dialect) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/edit/fixtures/dbml_hand.dbml");
    let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let (db, int, text, ts) = match d {
        Dialect::Postgres => ("PostgreSQL", "bigint", "text", "timestamptz"),
        Dialect::Mysql => ("MySQL", "bigint", "varchar(80)", "datetime"),
        Dialect::Sqlite => ("SQLite", "integer", "text", "datetime"),
    };
    t.replace("$DB", db).replace("$INT", int).replace("$TEXT", text).replace("$TS", ts)
}

fn import(text: &str, d: Dialect) -> Parsed {
    read(text, Some(InputKind::Dbml), d).parsed
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

fn col(name: &str, ty: &str) -> NewColumn {
    NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() }
}

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = import(text, d);
    plan_edit_in(InputKind::Dbml, text, d, &p.schema, &p.diagnostics, edit)
}

fn cases(d: Dialect) -> Vec<(&'static str, SchemaEdit)> {
    let (users, orgs, projects) = (t("users"), t("orgs"), t("projects"));
    let (int, text) = match d {
        Dialect::Postgres => ("bigint", "text"),
        Dialect::Mysql => ("bigint", "varchar(80)"),
        Dialect::Sqlite => ("integer", "text"),
    };
    let flag = |c: &str, flag: ColumnFlag, on: bool| SchemaEdit::SetColumnFlag { table: users.clone(), column: c.into(), flag, on };
    vec![
        (
            "add table",
            SchemaEdit::AddTable {
                table: t("teams"),
                columns: vec![
                    NewColumn { name: "id".into(), data_type: int.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "name".into(), data_type: text.into(), not_null: true, unique: true, ..Default::default() },
                    col("org_id", int),
                ],
                after: None,
            },
        ),
        ("add table after orgs", SchemaEdit::AddTable { table: t("labels"), columns: vec![col("code", text)], after: Some(orgs.clone()) }),
        (
            "add table with a composite key",
            SchemaEdit::AddTable {
                table: t("memberships"),
                columns: vec![
                    NewColumn { name: "user_id".into(), data_type: int.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "team_id".into(), data_type: int.into(), primary_key: true, ..Default::default() },
                ],
                after: None,
            },
        ),
        ("rename table users (aliased)", SchemaEdit::RenameTable { table: users.clone(), to: "members".into() }),
        ("rename table orgs (referenced)", SchemaEdit::RenameTable { table: orgs.clone(), to: "organizations".into() }),
        ("rename table to a name that needs quotes", SchemaEdit::RenameTable { table: projects.clone(), to: "Project List".into() }),
        ("drop table users", SchemaEdit::DropTable { table: users.clone() }),
        ("drop table orgs (referenced)", SchemaEdit::DropTable { table: orgs.clone() }),
        ("add column", SchemaEdit::AddColumn { table: users.clone(), column: col("bio", text) }),
        ("add column not null unique", SchemaEdit::AddColumn { table: orgs.clone(), column: NewColumn { name: "code".into(), data_type: text.into(), not_null: true, unique: true, ..Default::default() } }),
        ("add column with a two-word type", SchemaEdit::AddColumn { table: orgs.clone(), column: col("score", if d == Dialect::Postgres { "double precision" } else { "double" }) }),
        ("rename column email (indexed)", SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "login".into() }),
        ("rename referenced key column", SchemaEdit::RenameColumn { table: orgs.clone(), column: "id".into(), to: "org_key".into() }),
        ("rename column to a keyword", SchemaEdit::RenameColumn { table: users.clone(), column: "display_name".into(), to: "note".into() }),
        ("rename column to a name that needs quotes", SchemaEdit::RenameColumn { table: users.clone(), column: "nickname".into(), to: "Nick Name".into() }),
        ("retype column", SchemaEdit::RetypeColumn { table: users.clone(), column: "email".into(), to: "varchar(320)".into() }),
        ("drop column", SchemaEdit::DropColumn { table: users.clone(), column: "nickname".into() }),
        ("drop column with indexes", SchemaEdit::DropColumn { table: users.clone(), column: "display_name".into() }),
        ("drop referenced key column", SchemaEdit::DropColumn { table: orgs.clone(), column: "id".into() }),
        ("not null on (replacing null)", flag("nickname", ColumnFlag::NotNull, true)),
        ("not null on", flag("display_name", ColumnFlag::NotNull, true)),
        ("not null off", flag("email", ColumnFlag::NotNull, false)),
        ("unique on", flag("display_name", ColumnFlag::Unique, true)),
        ("unique off (index)", flag("email", ColumnFlag::Unique, false)),
        ("unique off (setting)", SchemaEdit::SetColumnFlag { table: orgs.clone(), column: "name".into(), flag: ColumnFlag::Unique, on: false }),
        ("primary key on", SchemaEdit::SetColumnFlag { table: projects.clone(), column: "title".into(), flag: ColumnFlag::PrimaryKey, on: true }),
        ("primary key off", SchemaEdit::SetColumnFlag { table: projects.clone(), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false }),
        (
            "add relationship creating the key",
            SchemaEdit::AddRelationship(NewRelationship {
                table: users.clone(),
                columns: vec!["nickname".into()],
                ref_table: orgs.clone(),
                ref_columns: vec!["created_at".into()],
                on_delete: Some(RefAction::SetNull),
                create_key: true,
                ..Default::default()
            }),
        ),
        ("add relationship to the key", SchemaEdit::AddRelationship(NewRelationship { table: projects.clone(), columns: vec!["org_id".into()], ref_table: users.clone(), ..Default::default() })),
        ("set actions of a Ref", SchemaEdit::SetRelationshipActions { table: projects.clone(), fk: 0, on_delete: Some(RefAction::Restrict), on_update: Some(RefAction::Cascade) }),
        ("clear actions of a Ref", SchemaEdit::SetRelationshipActions { table: projects.clone(), fk: 0, on_delete: None, on_update: None }),
        ("set actions of an inline ref", SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: Some(RefAction::Cascade), on_update: None }),
        ("drop inline relationship", SchemaEdit::DropRelationship { table: users.clone(), fk: 0 }),
        ("drop relationship (Ref block)", SchemaEdit::DropRelationship { table: projects.clone(), fk: 1 }),
        ("drop relationship (Ref)", SchemaEdit::DropRelationship { table: projects.clone(), fk: 0 }),
        ("add index (indexes block)", SchemaEdit::AddIndex { table: users.clone(), columns: vec!["org_id".into()], name: None }),
        ("add named index (new indexes block)", SchemaEdit::AddIndex { table: projects.clone(), columns: vec!["owner_id".into(), "org_id".into()], name: Some("projects_owner_org".into()) }),
    ]
}

#[test]
fn every_edit_kind_in_dbml_changes_exactly_what_was_asked() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for d in Dialect::ALL {
        let text = fixture(d);
        let p = import(&text, d);
        assert_eq!(p.schema.dialect, d);
        assert!(p.diagnostics.iter().all(|x| x.severity < Severity::Warning), "{d:?}: {:?}", p.diagnostics);
        let mut snap = String::new();
        for (name, edit) in cases(d) {
            ran += 1;
            let res = plan_edit_in(InputKind::Dbml, &text, d, &p.schema, &p.diagnostics, &edit).map_err(|e| format!("refused: {e}")).and_then(|fix| check(d, &text, &edit, &fix).map(|r| (fix, r)));
            match res {
                Ok((fix, (new, touched))) => snap.push_str(&format!("== {name}: {} ({touched} element(s))\n{}\n", fix.description, line_diff(&text, &new))),
                Err(e) => failures.push(format!("{d:?} / {name}: {e}")),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &format!("dbml_{}.txt", d.id()), &snap);
        }
    }
    assert!(failures.is_empty(), "{} of {ran} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn dbml_bad_cases_are_refused() {
    let d = Dialect::Postgres;
    let text = fixture(d);
    let err = |e: SchemaEdit| plan(d, &text, &e).unwrap_err();
    assert!(matches!(err(SchemaEdit::RenameTable { table: t("users"), to: "orgs".into() }), EditError::NameTaken { .. }));
    assert!(matches!(err(SchemaEdit::RenameColumn { table: t("users"), column: "email".into(), to: "org_id".into() }), EditError::NameTaken { .. }));
    assert!(matches!(err(SchemaEdit::RenameColumn { table: t("users"), column: "email".into(), to: "a\"b".into() }), EditError::BadName { .. }));
    for ty in ["int] [pk", "", "varchar(", "text\"x"] {
        assert!(matches!(err(SchemaEdit::RetypeColumn { table: t("users"), column: "email".into(), to: ty.into() }), EditError::BadType { .. }), "{ty:?}");
    }
    // the key of a many-to-many reference's junction table is not written anywhere
    let m2m = format!("{text}\nTable tags {{\n  id bigint [pk]\n}}\nRef: projects.id <> tags.id\n");
    let p = import(&m2m, d);
    let junction = p.schema.tables.iter().find(|t| !m2m.contains(&format!("Table {} ", t.name))).map(|t| t.qualified_name()).expect("a junction table");
    assert!(matches!(plan(d, &m2m, &SchemaEdit::RenameTable { table: junction, to: "x".into() }), Err(EditError::Unsupported(_))));
    // a TablePartial's columns are edited in the partial
    let partial = format!("{text}\nTablePartial stamps {{\n  updated_at timestamptz\n}}\nTable notes {{\n  id bigint [pk]\n  ~stamps\n}}\n");
    assert!(matches!(plan(d, &partial, &SchemaEdit::DropColumn { table: t("notes"), column: "updated_at".into() }), Err(EditError::Unsupported(m)) if m.contains("TablePartial")));
    let own = plan(d, &partial, &SchemaEdit::DropColumn { table: t("notes"), column: "id".into() }).expect("the table's own column is editable");
    assert!(own.apply(&partial).contains("Table notes {\n  ~stamps\n}"), "{}", own.apply(&partial));
}

#[test]
fn dbml_errors_near_the_target_refuse_and_elsewhere_do_not() {
    let d = Dialect::Postgres;
    let text = fixture(d).replace("  title text [not null, note: 'shown in lists']", "  title text [not null, bogus]");
    let p = import(&text, d);
    assert!(p.diagnostics.iter().any(|x| x.severity >= Severity::Warning), "{:?}", p.diagnostics);
    assert!(matches!(plan(d, &text, &SchemaEdit::AddColumn { table: t("projects"), column: col("x", "text") }), Err(EditError::SourceError { .. })));
    let fix = plan(d, &text, &SchemaEdit::AddColumn { table: t("orgs"), column: col("x", "text") }).expect("another table stays editable");
    assert!(fix.apply(&text).contains("  x text\n"));
}

/// Keeps the whole-model comparison honest: a plan that changes something else is caught.
#[test]
fn the_check_catches_a_wrong_plan() {
    let d = Dialect::Postgres;
    let text = fixture(d);
    let edit = SchemaEdit::AddColumn { table: t("users"), column: col("bio", "text") };
    let mut fix = plan(d, &text, &edit).unwrap();
    let wrong = text.find("  title text").unwrap();
    fix.edits.push(schemaplay_core::edit::Edit { start: wrong, end: wrong, replacement: "  extra text\n".into() });
    assert!(check(d, &text, &edit, &fix).is_err());
}

