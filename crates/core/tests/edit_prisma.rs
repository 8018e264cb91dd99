//! Schema edits written into a Prisma schema (every edit kind, `edit::prisma`), tested like the SQL
//! and DBML ones on a hand-written schema (`tests/edit/fixtures/prisma_hand.prisma`; new models of
//! a multi-schema file on `prisma_schemas.prisma`) for each provider: the edited schema is read again by the Prisma reader and must give exactly
//! `spec::expected`'s model (of the edit as Prisma means it, `edit::meant_in`), the asked change
//! must be there, and the edits must stay inside the models concerned. Bad cases are refused with
//! a reason. Edited texts: `tests/snapshots/edit/prisma_<dialect>.txt` (line diffs) and
//! `prisma_outputs_<dialect>.txt` (whole schemas, which `tests/codegen/prisma_edits.test.mjs`
//! validates with Prisma's own `@prisma/prisma-schema-wasm`).

mod common;
mod edit_checks;

use edit_checks::{check_input_fix, line_diff};
use schemaplay_core::edit::{canvas, plan_edit_in, ColumnFlag, EditError, Fix, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction};
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

/// The multi-schema fixture, on `provider` (PostgreSQL's is the only `@@schema` the reader reads).
fn schemas_fixture(provider: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/edit/fixtures/prisma_schemas.prisma");
    let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    t.replace("\"postgresql\"", &format!("{provider:?}"))
}

/// New models of a multi-schema schema: each gets its `@@schema`.
fn schemas_cases(d: Dialect) -> Vec<(&'static str, SchemaEdit)> {
    let col = |name: &str, ty: &str| NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() };
    let id = NewColumn { primary_key: true, not_null: true, ..col("id", "integer") };
    vec![
        ("add table to a multi-schema file (the default schema, public)", SchemaEdit::AddTable { table: t("new_table"), columns: canvas::starter_columns(d), after: None }),
        (
            "add table to a multi-schema file (a schema asked, after a model, with @@map)",
            SchemaEdit::AddTable { table: QualifiedName::new(Some("auth".into()), "sessions list"), columns: vec![id, col("token", "text")], after: Some(QualifiedName::new(Some("auth".into()), "User")) },
        ),
        // the diagram offers an enum by its name alone (`edit::types::type_choices`)
        ("retype column to an enum of another schema (@@map, @@schema)", SchemaEdit::RetypeColumn { table: QualifiedName::new(Some("auth".into()), "User"), column: "role".into(), to: "role".into() }),
    ]
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = read(text, Some(InputKind::Prisma), d).parsed;
    plan_edit_in(InputKind::Prisma, text, d, &p.schema, &p.diagnostics, edit)
}

/// The line before each edited schema in `prisma_outputs_<dialect>.txt`.
const OUTPUT_MARK: &str = "//// edit: ";

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

/// The edits that add, delete and retype tables, columns, keys and relations; `d` picks types the
/// provider has.
fn structure_cases(d: Dialect) -> Vec<(&'static str, SchemaEdit)> {
    let (users, orgs, posts) = (t("User"), t("orgs"), t("Post"));
    let col = |name: &str, ty: &str| NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() };
    let short = if d == Dialect::Sqlite { "text" } else { "varchar(40)" };
    let ts = match d {
        Dialect::Postgres => "timestamptz",
        Dialect::Mysql => "datetime(3)",
        Dialect::Sqlite => "datetime",
    };
    let rel = |table: &QualifiedName, c: &str, to: &QualifiedName| NewRelationship { table: table.clone(), columns: vec![c.into()], ref_table: to.clone(), ..Default::default() };
    vec![
        ("add table (the diagram's new table)", SchemaEdit::AddTable { table: t("new_table"), columns: canvas::starter_columns(d), after: None }),
        (
            "add table after a model, with a name Prisma cannot use and a two-column key",
            SchemaEdit::AddTable {
                table: t("order items"),
                columns: vec![
                    NewColumn { primary_key: true, not_null: true, ..col("order_id", "integer") },
                    NewColumn { primary_key: true, not_null: true, ..col("line", "integer") },
                    NewColumn { unique: true, ..col("sku", short) },
                ],
                after: Some(orgs.clone()),
            },
        ),
        ("add table named like a reserved word", SchemaEdit::AddTable { table: t("model"), columns: canvas::starter_columns(d), after: None }),
        ("drop table (and the relation fields to it)", SchemaEdit::DropTable { table: orgs.clone() }),
        ("drop table (holding a relation)", SchemaEdit::DropTable { table: users.clone() }),
        ("add column", SchemaEdit::AddColumn { table: users.clone(), column: col("website", "text") }),
        ("add column with a native type, unique, not null", SchemaEdit::AddColumn { table: orgs.clone(), column: NewColumn { unique: true, not_null: true, ..col("slug", short) } }),
        ("add column with a name Prisma cannot use", SchemaEdit::AddColumn { table: posts.clone(), column: col("first name", "bigint") }),
        ("retype column (to a native type)", SchemaEdit::RetypeColumn { table: users.clone(), column: "nickname".into(), to: short.into() }),
        ("retype column (to a scalar)", SchemaEdit::RetypeColumn { table: posts.clone(), column: "title".into(), to: "bigint".into() }),
        ("retype column (a wider type: the model's columns move)", SchemaEdit::RetypeColumn { table: posts.clone(), column: "title".into(), to: ts.into() }),
        ("not null off (a wider type: the model's columns move)", SchemaEdit::SetColumnFlag { table: t("Tag"), column: "label".into(), flag: ColumnFlag::NotNull, on: false }),
        ("primary key on (a two-field @@id)", SchemaEdit::SetColumnFlag { table: t("Tag"), column: "label".into(), flag: ColumnFlag::PrimaryKey, on: true }),
        ("primary key off (a unique field is left)", SchemaEdit::SetColumnFlag { table: t("Tag"), column: "name".into(), flag: ColumnFlag::PrimaryKey, on: false }),
        ("primary key on (a model without one)", SchemaEdit::SetColumnFlag { table: t("Setting"), column: "name".into(), flag: ColumnFlag::PrimaryKey, on: true }),
        ("add relationship", SchemaEdit::AddRelationship(rel(&posts, "author_id", &users))),
        ("add relationship with actions", SchemaEdit::AddRelationship(NewRelationship { on_delete: Some(RefAction::Cascade), on_update: Some(RefAction::NoAction), ..rel(&posts, "author_id", &users) })),
        ("add a second relationship between two models (named)", SchemaEdit::AddRelationship(rel(&orgs, "owner_id", &users))),
        ("add a relationship of a model with itself (named)", SchemaEdit::AddRelationship(rel(&posts, "parentId", &posts))),
        ("set relationship actions (to Prisma's defaults and NoAction)", SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: None, on_update: Some(RefAction::NoAction) }),
        ("set relationship actions", SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: Some(RefAction::Restrict), on_update: Some(RefAction::Cascade) }),
        ("drop relationship (both relation fields)", SchemaEdit::DropRelationship { table: users.clone(), fk: 0 }),
        // deleting a column deletes what spec's DROP COLUMN deletes: the keys and indexes naming
        // it whole, the relationships holding or referencing it (both relation fields)
        ("drop column named by @@unique", SchemaEdit::DropColumn { table: users.clone(), column: "email".into() }),
        ("drop column named by the model's only @@index (its blank line goes)", SchemaEdit::DropColumn { table: t("Label"), column: "name".into() }),
        ("drop column in @@id and @@index (both go whole; a @unique is left)", SchemaEdit::DropColumn { table: t("Member"), column: "seat".into() }),
        ("drop column holding a relation (the relation fields go; the columns move)", SchemaEdit::DropColumn { table: t("Member"), column: "teamCode".into() }),
        ("drop column holding a relation (a commented field)", SchemaEdit::DropColumn { table: users.clone(), column: "org_id".into() }),
        ("drop column a relation references (the key; both relation fields go)", SchemaEdit::DropColumn { table: orgs.clone(), column: "id".into() }),
        ("drop column a relation references (a @unique)", SchemaEdit::DropColumn { table: t("Team"), column: "code".into() }),
        ("drop column a self-relation references (both relation fields, in its own model)", SchemaEdit::DropColumn { table: t("Node"), column: "id".into() }),
        // enums and relation fields retyped
        ("retype column from an enum", SchemaEdit::RetypeColumn { table: t("Team"), column: "status".into(), to: short.into() }),
        ("retype a relation's field (the same scalar as the key it references)", SchemaEdit::RetypeColumn { table: t("Member"), column: "teamCode".into(), to: short.into() }),
        ("retype a key a relation references (the same scalar)", SchemaEdit::RetypeColumn { table: t("Team"), column: "code".into(), to: short.into() }),
        // the join table of an implicit many-to-many relation: its two list fields
        ("drop an implicit many-to-many join table (both list fields)", SchemaEdit::DropTable { table: t("_LabelToTeam") }),
    ]
    .into_iter()
    .chain(enum_type(d).map(|e| ("retype column to an enum", SchemaEdit::RetypeColumn { table: t("Member"), column: "level".into(), to: e.into() })))
    .collect()
}

/// The SQL type of the fixture's `enum Kind` (SQLite stores an enum as TEXT: no type names it).
fn enum_type(d: Dialect) -> Option<&'static str> {
    match d {
        Dialect::Postgres => Some("\"Kind\""),
        Dialect::Mysql => Some("enum('OPEN','CLOSED')"),
        Dialect::Sqlite => None,
    }
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
        let mut outputs = String::new();
        let multi = schemas_fixture("postgresql");
        let runs = cases().into_iter().chain(structure_cases(d)).map(|c| (&text, c));
        let runs = runs.chain(schemas_cases(d).into_iter().filter(|_| d == Dialect::Postgres).map(|c| (&multi, c)));
        for (text, (name, edit)) in runs {
            let text = text.as_str();
            let res = plan(d, text, &edit).map_err(|e| format!("refused: {e}")).and_then(|fix| check_input_fix(InputKind::Prisma, d, text, &edit, &fix).map(|r| (fix, r)));
            match res {
                Ok((fix, (new, touched))) => {
                    snap.push_str(&format!("== {name}: {} ({touched} element(s))\n{}\n", fix.description, line_diff(text, &new)));
                    outputs.push_str(&format!("{OUTPUT_MARK}{name}\n{new}"));
                }
                Err(e) => failures.push(format!("{d:?} / {name}: {e}")),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &format!("prisma_{}.txt", d.id()), &snap);
            common::snapshot("edit", &format!("prisma_outputs_{}.txt", d.id()), &outputs);
        }
    }
    assert!(failures.is_empty(), "{} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn prisma_edits_it_cannot_write_are_refused_with_a_reason() {
    let d = Dialect::Postgres;
    let text = fixture(d);
    let refused = |e: SchemaEdit| plan(d, &text, &e).err();
    let unsupported = |e: SchemaEdit| matches!(refused(e), Some(EditError::Unsupported(_)));
    let col = |name: &str, ty: &str| NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() };
    // a model left with no unique criterion; the key of an implicit many-to-many relation
    assert!(matches!(refused(SchemaEdit::DropColumn { table: t("Setting"), column: "name".into() }), Some(EditError::Invalid(_))));
    assert!(unsupported(SchemaEdit::DropColumn { table: t("Team"), column: "id".into() }));
    // a type no Prisma scalar or native type makes, on each provider
    assert!(unsupported(SchemaEdit::AddColumn { table: t("User"), column: col("x", "tsvector") }));
    let my = fixture(Dialect::Mysql);
    let p = read(&my, Some(InputKind::Prisma), Dialect::Mysql).parsed;
    let e = plan_edit_in(InputKind::Prisma, &my, Dialect::Mysql, &p.schema, &p.diagnostics, &SchemaEdit::AddColumn { table: t("User"), column: col("x", "int(11)") });
    assert!(matches!(e, Err(EditError::Unsupported(_))), "{e:?}");
    assert!(matches!(refused(SchemaEdit::AddColumn { table: t("User"), column: col("x", "no such(type") }), Some(EditError::BadType { .. })));
    // name clashes
    assert!(matches!(refused(SchemaEdit::RenameTable { table: t("User"), to: "orgs".into() }), Some(EditError::NameTaken { .. })));
    assert!(matches!(refused(SchemaEdit::AddTable { table: t("orgs"), columns: canvas::starter_columns(d), after: None }), Some(EditError::NameTaken { .. })));
    assert!(matches!(refused(SchemaEdit::AddColumn { table: t("User"), column: col("email", "text") }), Some(EditError::NameTaken { .. })));
    // Prisma's own rules: a unique criterion on every model, same types on both sides of a relation,
    // no SetNull on a required relation, @id fields never optional
    assert!(matches!(refused(SchemaEdit::AddTable { table: t("keyless"), columns: vec![col("a", "text")], after: None }), Some(EditError::Invalid(_))));
    assert!(matches!(refused(SchemaEdit::SetColumnFlag { table: t("Post"), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false }), Some(EditError::Invalid(_))));
    // (a unique criterion counts only with required fields)
    let optional_unique = text.replace("  title    String\n", "  title    String? @unique\n");
    let p = read(&optional_unique, Some(InputKind::Prisma), d).parsed;
    let e = plan_edit_in(InputKind::Prisma, &optional_unique, d, &p.schema, &p.diagnostics, &SchemaEdit::SetColumnFlag { table: t("Post"), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false });
    assert!(matches!(e, Err(EditError::Invalid(_))), "{e:?}");
    let rel = |c: &str, to: &str| NewRelationship { table: t("Post"), columns: vec![c.into()], ref_table: t(to), ..Default::default() };
    assert!(unsupported(SchemaEdit::AddRelationship(NewRelationship { ref_columns: vec!["email".into()], ..rel("author_id", "User") })));
    assert!(matches!(refused(SchemaEdit::SetRelationshipActions { table: t("User"), fk: 0, on_delete: Some(RefAction::SetNull), on_update: None }), Some(EditError::Invalid(_))));
    assert!(matches!(refused(SchemaEdit::DropRelationship { table: t("User"), fk: 3 }), Some(EditError::NoRelationship { .. })));
    // a related field keeps its scalar (Prisma relates fields of the same type), on either side;
    // an enum field's @default is the enum's
    assert!(unsupported(SchemaEdit::RetypeColumn { table: t("User"), column: "org_id".into(), to: "bigint".into() }));
    assert!(unsupported(SchemaEdit::RetypeColumn { table: t("Team"), column: "code".into(), to: "integer".into() }));
    assert!(unsupported(SchemaEdit::RetypeColumn { table: t("Team"), column: "kind".into(), to: "text".into() }));
    assert!(unsupported(SchemaEdit::RetypeColumn { table: t("Member"), column: "level".into(), to: "\"NoSuchEnum\"".into() }));
    // a target that is not unique: the plan that also makes it unique comes with the refusal
    match refused(SchemaEdit::AddRelationship(NewRelationship { ref_columns: vec!["nickname".into()], ..rel("title", "User") })) {
        Some(EditError::TargetNotUnique { with_key, .. }) => {
            let new = with_key.apply(&text);
            assert!(new.contains("nickname    String? @unique") && new.contains("@relation(fields: [title], references: [nickname])"), "{new}");
        }
        other => panic!("{other:?}"),
    }
    // a new model of a multi-schema file: in a listed schema; only PostgreSQL's schemas are read
    let multi = schemas_fixture("postgresql");
    let p = read(&multi, Some(InputKind::Prisma), d).parsed;
    let e = plan_edit_in(InputKind::Prisma, &multi, d, &p.schema, &p.diagnostics, &SchemaEdit::AddTable { table: QualifiedName::new(Some("billing".into()), "x"), columns: canvas::starter_columns(d), after: None });
    assert!(matches!(e, Err(EditError::Invalid(_))), "{e:?}");
    for (provider, d) in [("mysql", Dialect::Mysql), ("sqlite", Dialect::Sqlite)] {
        let multi = schemas_fixture(provider);
        let p = read(&multi, Some(InputKind::Prisma), d).parsed;
        let e = plan_edit_in(InputKind::Prisma, &multi, d, &p.schema, &p.diagnostics, &SchemaEdit::AddTable { table: t("x"), columns: canvas::starter_columns(d), after: None });
        assert!(matches!(e, Err(EditError::Unsupported(_))), "{provider}: {e:?}");
    }
    // a model with errors is not edited
    let broken = text.replace("  bio         String\n", "  bio         String @default(\"x\", 4, )\n  bio2 Nope\n");
    let p = read(&broken, Some(InputKind::Prisma), d).parsed;
    let e = plan_edit_in(InputKind::Prisma, &broken, d, &p.schema, &p.diagnostics, &SchemaEdit::AddColumn { table: t("User"), column: col("x", "text") });
    assert!(matches!(e, Err(EditError::SourceError { .. })), "{e:?}");
}

#[test]
fn prisma_edits_keep_a_crlf_schema_crlf() {
    let d = Dialect::Postgres;
    let text = fixture(d).replace('\n', "\r\n");
    let mut failures = Vec::new();
    for (name, edit) in cases().into_iter().chain(structure_cases(d)) {
        let res = plan(d, &text, &edit).map_err(|e| format!("refused: {e}")).and_then(|fix| check_input_fix(InputKind::Prisma, d, &text, &edit, &fix));
        match res {
            Ok((new, _)) if new.replace("\r\n", "").contains(['\r', '\n']) => failures.push(format!("{name}: a line break that is not CRLF:\n{new}")),
            Ok(_) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
