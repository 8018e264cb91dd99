//! Schema edits written into a Drizzle schema module (`edit::drizzle`), tested like the SQL, DBML
//! and Prisma ones on hand-written modules (`tests/edit/fixtures/drizzle_<dialect>.ts`, each in
//! another style: double quotes with semicolons and trailing commas and named imports; single
//! quotes without either and an object extra config; a namespace import, tabs, unnamed columns
//! and a table on one line): the edited module is read again by the Drizzle reader and must give
//! exactly `spec::expected`'s model, the asked change must be there, and the edits must stay inside
//! the statements concerned (and the imports). Edited texts: `tests/snapshots/edit/drizzle_<dialect>.txt`.

mod common;
mod edit_checks;

use edit_checks::{check_input_fix, line_diff};
use schemaplay_core::edit::{plan_edit_in, ColumnFlag, EditError, Fix, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction};
use schemaplay_core::parse::input::{read, InputKind};
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

fn fixture(d: Dialect) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../tests/edit/fixtures/drizzle_{}.ts", d.id()));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = read(text, Some(InputKind::Drizzle), d).parsed;
    plan_edit_in(InputKind::Drizzle, text, d, &p.schema, &p.diagnostics, edit)
}

fn col(name: &str, ty: &str, not_null: bool, unique: bool, pk: bool) -> NewColumn {
    NewColumn { name: name.into(), data_type: ty.into(), not_null, unique, primary_key: pk }
}

fn cases(d: Dialect) -> Vec<(&'static str, SchemaEdit)> {
    let (orgs, users, posts) = (t("orgs"), t("users"), t("posts"));
    let flag = |tb: &QualifiedName, c: &str, flag: ColumnFlag, on: bool| SchemaEdit::SetColumnFlag { table: tb.clone(), column: c.into(), flag, on };
    let short = match d {
        Dialect::Postgres => "varchar(80)",
        Dialect::Mysql => "varchar(80)",
        Dialect::Sqlite => "text",
    };
    vec![
        ("add table", SchemaEdit::AddTable { table: t("tags"), columns: vec![col("id", "integer", true, false, true), col("label", short, true, true, false)], after: Some(users.clone()) }),
        ("add table at the end, two-column key", SchemaEdit::AddTable { table: t("post_tags"), columns: vec![col("post_id", "integer", true, false, true), col("tag_id", "integer", true, false, true)], after: None }),
        ("rename table", SchemaEdit::RenameTable { table: users.clone(), to: "members".into() }),
        ("drop table", SchemaEdit::DropTable { table: posts.clone() }),
        ("drop a table others point at", SchemaEdit::DropTable { table: orgs.clone() }),
        ("add column", SchemaEdit::AddColumn { table: users.clone(), column: col("age", "integer", false, false, false) }),
        ("add column not null unique", SchemaEdit::AddColumn { table: users.clone(), column: col("slug", short, true, true, false) }),
        ("add column to a one-line table", SchemaEdit::AddColumn { table: posts.clone(), column: col("score", "real", false, false, false) }),
        ("rename column", SchemaEdit::RenameColumn { table: users.clone(), column: "nickname".into(), to: "nick_name".into() }),
        ("rename a referenced column", SchemaEdit::RenameColumn { table: orgs.clone(), column: "id".into(), to: "org_id".into() }),
        ("retype column", SchemaEdit::RetypeColumn { table: users.clone(), column: "bio".into(), to: if d == Dialect::Sqlite { "integer".into() } else { "varchar(500)".into() } }),
        ("drop column", SchemaEdit::DropColumn { table: users.clone(), column: "bio".into() }),
        ("drop a column with a reference", SchemaEdit::DropColumn { table: users.clone(), column: "org_id".into() }),
        ("not null on", flag(&users, "nickname", ColumnFlag::NotNull, true)),
        ("not null off", flag(&users, "email", ColumnFlag::NotNull, false)),
        ("unique on", flag(&users, "nickname", ColumnFlag::Unique, true)),
        ("unique off", flag(&orgs, "name", ColumnFlag::Unique, false)),
        ("primary key of two columns", flag(&posts, "author_id", ColumnFlag::PrimaryKey, true)),
        ("add relationship (references)", SchemaEdit::AddRelationship(NewRelationship { table: posts.clone(), columns: vec!["parent_id".into()], ref_table: orgs.clone(), on_delete: Some(RefAction::SetNull), ..Default::default() })),
        ("add relationship to itself (foreignKey)", SchemaEdit::AddRelationship(NewRelationship { table: posts.clone(), columns: vec!["parent_id".into()], ref_table: posts.clone(), ..Default::default() })),
        ("set relationship actions", SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: Some(RefAction::SetNull), on_update: Some(RefAction::Cascade) }),
        ("remove relationship actions", SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: None, on_update: None }),
        ("drop relationship", SchemaEdit::DropRelationship { table: users.clone(), fk: 0 }),
        ("add index", SchemaEdit::AddIndex { table: users.clone(), columns: vec!["nickname".into(), "bio".into()], name: None }),
        ("add index to a table without extra config", SchemaEdit::AddIndex { table: orgs.clone(), columns: vec!["name".into()], name: Some("orgs_name_idx".into()) }),
    ]
}

#[test]
fn drizzle_edits_change_exactly_what_was_asked() {
    let mut failures = Vec::new();
    for d in Dialect::ALL {
        let text = fixture(d);
        let p = read(&text, Some(InputKind::Drizzle), d).parsed;
        assert_eq!(p.schema.dialect, d);
        assert!(p.diagnostics.iter().all(|x| x.severity < Severity::Warning), "{d:?}: {:?}", p.diagnostics);
        let mut snap = String::new();
        for (name, edit) in cases(d) {
            let res = plan(d, &text, &edit).map_err(|e| format!("refused: {e}")).and_then(|fix| check_input_fix(InputKind::Drizzle, d, &text, &edit, &fix).map(|r| (fix, r)));
            match res {
                Ok((fix, (new, touched))) => snap.push_str(&format!("== {name}: {} ({touched} statement(s))\n{}\n", fix.description, line_diff(&text, &new))),
                Err(e) => failures.push(format!("{d:?} / {name}: {e}")),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &format!("drizzle_{}.txt", d.id()), &snap);
        }
        // DRIZZLE_EDIT_DUMP=DIR writes each edited module to DIR/<dialect>/<n>.ts, for a check with
        // real drizzle-kit (`node tests/readers/drizzle_kit.mjs generate <dialect> FILE`)
        if let Some(dir) = std::env::var_os("DRIZZLE_EDIT_DUMP") {
            let dir = Path::new(&dir).join(d.id());
            std::fs::create_dir_all(&dir).expect("dump folder");
            for (i, (_, edit)) in cases(d).iter().enumerate() {
                if let Ok(fix) = plan(d, &text, edit) {
                    std::fs::write(dir.join(format!("{i:02}.ts")), fix.apply(&text)).expect("dump");
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn drizzle_edits_it_cannot_write_are_refused_with_a_reason() {
    let d = Dialect::Postgres;
    let text = "import { pgTable, integer, text } from 'drizzle-orm/pg-core';\n\
        const stamps = { createdAt: integer('created_at') };\n\
        function audited(name: string) { return pgTable(name, { id: integer('id'), ...stamps }); }\n\
        export const logs = audited('logs');\n\
        export const notes = pgTable('notes', { id: integer('id').primaryKey(), body: text('body'), ...stamps });\n";
    let p = read(text, Some(InputKind::Drizzle), d).parsed;
    assert!(p.schema.tables.len() == 2, "{:?}", p.diagnostics);
    let unsupported = |e: SchemaEdit| match plan(d, text, &e) {
        Err(EditError::Unsupported(m)) => m,
        other => panic!("{e:?}: {other:?}"),
    };
    // a table built by a helper function
    assert!(unsupported(SchemaEdit::RenameTable { table: t("logs"), to: "log".into() }).contains("helper function"));
    // a column from a spread
    assert!(unsupported(SchemaEdit::DropColumn { table: t("notes"), column: "created_at".into() }).contains("spread"));
    // a name clash
    assert!(matches!(plan(d, text, &SchemaEdit::RenameTable { table: t("notes"), to: "logs".into() }), Err(EditError::NameTaken { .. })));
    assert!(matches!(plan(d, text, &SchemaEdit::AddColumn { table: t("notes"), column: col("body", "text", false, false, false) }), Err(EditError::NameTaken { .. })));
    // a type no builder writes
    assert!(matches!(plan(Dialect::Sqlite, "import { sqliteTable, integer } from 'drizzle-orm/sqlite-core';\nexport const t = sqliteTable('t', { id: integer('id') });\n", &SchemaEdit::AddColumn { table: t("t"), column: col("at", "datetime", false, false, false) }), Err(EditError::BadType { .. })));
}

#[test]
fn drizzle_edits_near_an_import_error_are_refused() {
    let d = Dialect::Postgres;
    let text = "import { pgTable, integer, text } from 'drizzle-orm/pg-core';\nexport const notes = pgTable('notes', {\n  id: integer('id').primaryKey(),\n  body: text('body').frobnicate(),\n});\n";
    let e = plan(d, text, &SchemaEdit::AddColumn { table: t("notes"), column: col("title", "text", false, false, false) });
    assert!(matches!(e, Err(EditError::SourceError { line: 4, .. })), "{e:?}");
}

#[test]
fn new_builders_are_imported_the_way_the_module_imports() {
    let d = Dialect::Postgres;
    let multi = "import {\n  pgTable,\n  integer\n} from 'drizzle-orm/pg-core';\n\nexport const t = pgTable('t', {\n  id: integer('id'),\n});\n";
    let fix = plan(d, multi, &SchemaEdit::AddColumn { table: t("t"), column: col("note", "text", false, false, false) }).unwrap();
    let new = fix.apply(multi);
    assert!(new.starts_with("import {\n  pgTable,\n  integer,\n  text,\n} from 'drizzle-orm/pg-core';"), "{new}");
    assert!(new.contains("  id: integer('id'),\n  note: text('note'),\n});"), "{new}");
    let none = "export const t = pgTable('t', {\n  id: integer('id'),\n});\n";
    let p = read(none, Some(InputKind::Drizzle), d).parsed;
    if let Ok(fix) = plan_edit_in(InputKind::Drizzle, none, d, &p.schema, &p.diagnostics, &SchemaEdit::AddColumn { table: t("t"), column: col("note", "text", false, false, false) }) {
        assert!(fix.apply(none).contains("note: text('note')"));
    }
}
