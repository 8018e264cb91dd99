//! Schema edits written into a Prisma schema (the subset `edit::prisma` writes: renames through
//! `@@map` / `@map`, NOT NULL, UNIQUE, deleting a column), tested like the SQL and DBML ones on a
//! hand-written schema (`tests/edit/fixtures/prisma_hand.prisma`) for each provider: the edited
//! schema is read again by the Prisma reader and must give exactly `spec::expected`'s model, the
//! asked change must be there, and the edits must stay inside the model concerned. Edits it does
//! not write are refused with a reason. Edited texts: `tests/snapshots/edit/prisma_<dialect>.txt`.

mod common;
mod edit_checks;

use edit_checks::{check_input_fix, line_diff};
use schemaplay_core::edit::{plan_edit_in, ColumnFlag, EditError, Fix, NewColumn, SchemaEdit};
use schemaplay_core::model::QualifiedName;
use schemaplay_core::parse::input::{read, InputKind};
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

fn fixture(d: Dialect) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/edit/fixtures/prisma_hand.prisma");
    let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let provider = match d {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    };
    t.replace("$DB", provider)
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = read(text, Some(InputKind::Prisma), d).parsed;
    plan_edit_in(InputKind::Prisma, text, d, &p.schema, &p.diagnostics, edit)
}

fn cases() -> Vec<(&'static str, SchemaEdit)> {
    let (users, orgs) = (t("User"), t("orgs"));
    let flag = |c: &str, flag: ColumnFlag, on: bool| SchemaEdit::SetColumnFlag { table: users.clone(), column: c.into(), flag, on };
    vec![
        ("rename table (adds @@map)", SchemaEdit::RenameTable { table: users.clone(), to: "members".into() }),
        ("rename table (changes @@map)", SchemaEdit::RenameTable { table: orgs.clone(), to: "organizations".into() }),
        ("rename column (adds @map)", SchemaEdit::RenameColumn { table: users.clone(), column: "nickname".into(), to: "nick_name".into() }),
        ("rename column (changes @map)", SchemaEdit::RenameColumn { table: orgs.clone(), column: "created_at".into(), to: "created".into() }),
        ("rename a key column used by a relation", SchemaEdit::RenameColumn { table: users.clone(), column: "org_id".into(), to: "organization_id".into() }),
        ("not null on", flag("nickname", ColumnFlag::NotNull, true)),
        ("not null off", flag("bio", ColumnFlag::NotNull, false)),
        ("unique on", flag("nickname", ColumnFlag::Unique, true)),
        ("unique off (@@unique)", flag("email", ColumnFlag::Unique, false)),
        ("unique off (@unique)", SchemaEdit::SetColumnFlag { table: orgs.clone(), column: "name".into(), flag: ColumnFlag::Unique, on: false }),
        ("drop column", SchemaEdit::DropColumn { table: users.clone(), column: "nickname".into() }),
        ("add index (a relation's field)", SchemaEdit::AddIndex { table: users.clone(), columns: vec!["org_id".into()], name: None }),
        ("add named index on two fields", SchemaEdit::AddIndex { table: users.clone(), columns: vec!["nickname".into(), "bio".into()], name: Some("users_nick_bio".into()) }),
        ("add index (model with @@map)", SchemaEdit::AddIndex { table: orgs.clone(), columns: vec!["created_at".into()], name: None }),
    ]
}

#[test]
fn prisma_edits_change_exactly_what_was_asked() {
    let mut failures = Vec::new();
    for d in Dialect::ALL {
        let text = fixture(d);
        let p = read(&text, Some(InputKind::Prisma), d).parsed;
        assert_eq!(p.schema.dialect, d);
        assert!(p.diagnostics.iter().all(|x| x.severity < Severity::Warning), "{d:?}: {:?}", p.diagnostics);
        let mut snap = String::new();
        for (name, edit) in cases() {
            let res = plan(d, &text, &edit).map_err(|e| format!("refused: {e}")).and_then(|fix| check_input_fix(InputKind::Prisma, d, &text, &edit, &fix).map(|r| (fix, r)));
            match res {
                Ok((fix, (new, touched))) => snap.push_str(&format!("== {name}: {} ({touched} element(s))\n{}\n", fix.description, line_diff(&text, &new))),
                Err(e) => failures.push(format!("{d:?} / {name}: {e}")),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &format!("prisma_{}.txt", d.id()), &snap);
        }
    }
    assert!(failures.is_empty(), "{} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn prisma_edits_it_does_not_write_are_refused_with_a_reason() {
    let d = Dialect::Postgres;
    let text = fixture(d);
    let unsupported = |e: SchemaEdit| matches!(plan(d, &text, &e), Err(EditError::Unsupported(_)));
    // a field named by @@index or a relation's fields: stays
    assert!(unsupported(SchemaEdit::DropColumn { table: t("User"), column: "display_name".into() }));
    assert!(unsupported(SchemaEdit::DropColumn { table: t("User"), column: "org_id".into() }));
    assert!(unsupported(SchemaEdit::DropColumn { table: t("orgs"), column: "id".into() }));
    assert!(unsupported(SchemaEdit::AddColumn { table: t("User"), column: NewColumn { name: "x".into(), data_type: "text".into(), ..Default::default() } }));
    assert!(unsupported(SchemaEdit::DropTable { table: t("User") }));
    assert!(matches!(plan(d, &text, &SchemaEdit::RenameTable { table: t("User"), to: "orgs".into() }), Err(EditError::NameTaken { .. })));
}
