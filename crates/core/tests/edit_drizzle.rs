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

/// Plans `edit`, checks it like every edit here (re-import, whole-model compare, edits inside the
/// statements concerned) and returns the edited text; with DRIZZLE_EDIT_DUMP=DIR a one-file module
/// is also written to DIR/<dialect>/<dump>.ts for `tests/edit/drizzle_kit_check.py`.
fn checked(d: Dialect, text: &str, edit: &SchemaEdit, dump: &str) -> Result<String, String> {
    let fix = plan(d, text, edit).map_err(|e| format!("{dump}: refused: {e}"))?;
    let (new, _) = check_input_fix(InputKind::Drizzle, d, text, edit, &fix).map_err(|e| format!("{dump}: {e}"))?;
    if let Some(dir) = std::env::var_os("DRIZZLE_EDIT_DUMP").filter(|_| !text.starts_with("// ==> ")) {
        let dir = Path::new(&dir).join(d.id());
        std::fs::create_dir_all(&dir).expect("dump folder");
        std::fs::write(dir.join(format!("{dump}.ts")), &new).expect("dump");
    }
    Ok(new)
}

const ENUMS: &str = r#"import { pgTable, pgEnum, serial, text } from "drizzle-orm/pg-core";

export const moodEnum = pgEnum("mood", ["happy", "sad"]);

export const people = pgTable("people", {
  id: serial("id").primaryKey(),
  feeling: text("feeling"),
  status: text("status").notNull(),
});
"#;

#[test]
fn drizzle_retypes_to_a_pg_enum_of_the_module() {
    let d = Dialect::Postgres;
    let retype = |c: &str, to: &str| SchemaEdit::RetypeColumn { table: t("people"), column: c.into(), to: to.into() };
    let new = checked(d, ENUMS, &retype("feeling", "mood"), "enum_retype").unwrap();
    assert!(new.contains("  feeling: moodEnum(\"feeling\"),\n"), "{new}");
    // NOT NULL stays
    let new = checked(d, ENUMS, &retype("status", "mood"), "enum_retype_not_null").unwrap();
    assert!(new.contains("  status: moodEnum(\"status\").notNull(),\n"), "{new}");
    // an array of it, in a new column
    let add = SchemaEdit::AddColumn { table: t("people"), column: col("moods", "mood[]", false, false, false) };
    let new = checked(d, ENUMS, &add, "enum_array_column").unwrap();
    assert!(new.contains("  moods: moodEnum(\"moods\").array(),\n"), "{new}");
    // a modifier the enum's builder does not have
    let stamped = ENUMS.replace("  status: text(\"status\").notNull(),", "  status: text(\"status\").notNull(),\n  at: timestamp(\"at\").defaultNow(),").replace("serial, text }", "serial, text, timestamp }");
    match plan(d, &stamped, &retype("at", "mood")) {
        Err(EditError::Unsupported(m)) => assert!(m.contains(".defaultNow() of column at"), "{m}"),
        other => panic!("{other:?}"),
    }
    // a number default on a builder of strings
    let counted = ENUMS.replace("  status: text(\"status\").notNull(),", "  status: text(\"status\").notNull(),\n  hits: serial(\"hits\").default(0),");
    match plan(d, &counted, &retype("hits", "text")) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("default of column hits (default(0)) is not a string"), "{m}"),
        other => panic!("{other:?}"),
    }
    // no such enum: the reason, and how to declare one
    match plan(d, ENUMS, &retype("feeling", "colour")) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("colour is not a type of drizzle-orm/pg-core nor an enum declared in this module") && m.contains("pgEnum(\"colour\""), "{m}"),
        other => panic!("{other:?}"),
    }
    // an enum of another file of the input, imported where the table is
    let files = "// ==> enums.ts <==\nimport { pgEnum } from \"drizzle-orm/pg-core\";\nexport const mood = pgEnum(\"mood\", [\"happy\", \"sad\"]);\n\
        // ==> schema.ts <==\nimport { pgTable, serial, text } from \"drizzle-orm/pg-core\";\nimport { mood as feelings } from \"./enums\";\n\
        export const people = pgTable(\"people\", {\n  id: serial(\"id\").primaryKey(),\n  feeling: text(\"feeling\"),\n});\n\
        export const other = pgTable(\"other\", { id: serial(\"id\").primaryKey(), note: text(\"note\") });\n";
    let new = checked(d, files, &retype("feeling", "mood"), "enum_imported").unwrap();
    assert!(new.contains("  feeling: feelings(\"feeling\"),\n"), "{new}");
}

const SCHEMAS: &str = r#"import { pgTable, pgSchema, serial, text, integer } from "drizzle-orm/pg-core";

export const billing = pgSchema("billing");
export const audit = pgSchema("audit");

export const users = pgTable("users", { id: serial("id").primaryKey(), name: text("name") });

export const invoiceState = billing.enum("invoice_state", ["open", "paid"]);

export const invoices = billing.table("invoices", {
  id: serial("id").primaryKey(),
  total: integer("total").notNull(),
  state: text("state"),
});
"#;

#[test]
fn drizzle_writes_new_tables_of_a_pg_schema_on_its_variable() {
    let d = Dialect::Postgres;
    let q = |s: &str, n: &str| QualifiedName::new(Some(s.into()), n);
    let add = |tb: QualifiedName, after: Option<QualifiedName>| SchemaEdit::AddTable { table: tb, columns: vec![col("id", "integer", true, false, true), col("note", "text", false, false, false)], after };
    // after the schema's last table
    let new = checked(d, SCHEMAS, &add(q("billing", "payments"), None), "schema_table").unwrap();
    assert!(new.ends_with("});\n\nexport const payments = billing.table(\"payments\", {\n  id: integer(\"id\").primaryKey(),\n  note: text(\"note\"),\n});\n"), "{new}");
    // where it is asked, in a schema without tables yet
    let new = checked(d, SCHEMAS, &add(q("audit", "events"), Some(t("users"))), "schema_table_after").unwrap();
    assert!(new.contains("name: text(\"name\") });\n\nexport const events = audit.table(\"events\", {\n"), "{new}");
    // no pgSchema for it: the reason, and how to declare one
    match plan(d, SCHEMAS, &add(q("sales", "orders"), None)) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("no pgSchema(\"sales\") is declared") && m.contains("export const sales = pgSchema(\"sales\")"), "{m}"),
        other => panic!("{other:?}"),
    }
    // the schema's own enum
    let retype = SchemaEdit::RetypeColumn { table: q("billing", "invoices"), column: "state".into(), to: "billing.invoice_state".into() };
    let new = checked(d, SCHEMAS, &retype, "schema_enum").unwrap();
    assert!(new.contains("  state: invoiceState(\"state\"),\n"), "{new}");
}

/// Relations paired the ways drizzle-orm pairs them: by target alone, by `relationName` (two
/// relationships between the same tables, one to itself), a one-to-one's `one(...)` without
/// fields, and a relation without a foreign key (a logical relationship).
const RELATIONS: &str = r#"import { relations } from "drizzle-orm";
import { pgTable, serial, integer, text, foreignKey } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  managerId: integer("manager_id"),
}, (t) => [
  foreignKey({ columns: [t.managerId], foreignColumns: [t.id] }),
]);

export const profiles = pgTable("profiles", {
  id: serial("id").primaryKey(),
  userId: integer("user_id").notNull().unique().references(() => users.id),
});

export type Profile = typeof profiles.$inferSelect;

export const messages = pgTable("messages", {
  id: serial("id").primaryKey(),
  fromId: integer("from_id").notNull().references(() => users.id),
  toId: integer("to_id").notNull().references(() => users.id),
  replyToId: integer("reply_to_id"),
  body: text("body"),
});

export const usersRelations = relations(users, ({ one, many }) => ({
  manager: one(users, { fields: [users.managerId], references: [users.id], relationName: "reports" }),
  reports: many(users, { relationName: "reports" }),
  profile: one(profiles),
  sent: many(messages, { relationName: "sent" }),
  received: many(messages, { relationName: "received" }),
}));

export const profilesRelations = relations(profiles, ({ one }) => ({
  user: one(users, { fields: [profiles.userId], references: [users.id] }),
}));

export const messagesRelations = relations(messages, ({ one, many }) => ({
  from: one(users, { fields: [messages.fromId], references: [users.id], relationName: "sent" }),
  to: one(users, { fields: [messages.toId], references: [users.id], relationName: "received" }),
  replyTo: one(messages, { fields: [messages.replyToId], references: [messages.id], relationName: "replies" }),
  replies: many(messages, { relationName: "replies" }),
}));
"#;

#[test]
fn drizzle_drops_take_their_relations_along() {
    let d = Dialect::Postgres;
    let p = read(RELATIONS, Some(InputKind::Drizzle), d).parsed;
    assert!(p.diagnostics.iter().all(|x| x.severity < Severity::Warning), "{:?}", p.diagnostics);
    let fk_of = |tb: &str, col: &str| {
        let t = p.schema.tables.iter().find(|x| x.name == tb).unwrap();
        t.foreign_keys.iter().position(|f| f.columns == [col.to_string()]).unwrap_or_else(|| panic!("{tb}.{col}"))
    };
    let drop_fk = |tb: &str, col: &str| SchemaEdit::DropRelationship { table: t(tb), fk: fk_of(tb, col) };
    let lines = |s: &str| s.lines().map(str::trim).map(str::to_string).collect::<Vec<_>>();
    let gone = |new: &str| lines(RELATIONS).into_iter().filter(|l| !lines(new).contains(l)).collect::<Vec<_>>();
    // one of two relationships between the same tables: its pair by relationName only
    let new = checked(d, RELATIONS, &drop_fk("messages", "from_id"), "rel_named").unwrap();
    assert_eq!(gone(&new), ["fromId: integer(\"from_id\").notNull().references(() => users.id),", "sent: many(messages, { relationName: \"sent\" }),", "from: one(users, { fields: [messages.fromId], references: [users.id], relationName: \"sent\" }),"]);
    assert!(new.contains("  fromId: integer(\"from_id\").notNull(),\n"), "{new}");
    // to itself, from the extra config
    let new = checked(d, RELATIONS, &drop_fk("users", "manager_id"), "rel_self").unwrap();
    assert_eq!(gone(&new), ["}, (t) => [", "foreignKey({ columns: [t.managerId], foreignColumns: [t.id] }),", "]);", "manager: one(users, { fields: [users.managerId], references: [users.id], relationName: \"reports\" }),", "reports: many(users, { relationName: \"reports\" }),"]);
    // a one-to-one: the other side's one(...) goes, and the relations(...) left empty
    let new = checked(d, RELATIONS, &drop_fk("profiles", "user_id"), "rel_one_to_one").unwrap();
    assert!(!new.contains("profilesRelations") && !new.contains("profile: one(profiles)") && new.contains("import { relations }"), "{new}");
    // a logical relationship: relations(...) only
    let new = checked(d, RELATIONS, &drop_fk("messages", "reply_to_id"), "rel_logical").unwrap();
    assert_eq!(gone(&new), ["replyTo: one(messages, { fields: [messages.replyToId], references: [messages.id], relationName: \"replies\" }),", "replies: many(messages, { relationName: \"replies\" }),"]);
    // every relationship, column and table deleted: checked, and through drizzle-kit and tsc
    for tb in &p.schema.tables {
        for (i, f) in tb.foreign_keys.iter().enumerate() {
            checked(d, RELATIONS, &SchemaEdit::DropRelationship { table: t(&tb.name), fk: i }, &format!("rel_{}_{i}", tb.name)).unwrap();
            for c in &f.columns {
                checked(d, RELATIONS, &SchemaEdit::DropColumn { table: t(&tb.name), column: c.clone() }, &format!("rel_{}_{c}", tb.name)).unwrap();
            }
        }
        checked(d, RELATIONS, &SchemaEdit::DropTable { table: t(&tb.name) }, &format!("rel_drop_{}", tb.name)).unwrap();
    }
    // its type aliases go with a table
    let new = checked(d, RELATIONS, &SchemaEdit::DropTable { table: t("profiles") }, "rel_drop_profiles").unwrap();
    assert!(!new.contains("Profile"), "{new}");
    // the table of the relations: its relations(...) go, and the other side's entries
    let new = checked(d, RELATIONS, &SchemaEdit::DropTable { table: t("users") }, "rel_drop_users").unwrap();
    assert!(!new.contains("usersRelations") && !new.contains("profilesRelations") && !new.contains("relationName: \"sent\"") && new.contains("replies: many(messages"), "{new}");
    // the last relations(...): its import too
    let new = checked(d, &new, &SchemaEdit::DropTable { table: t("messages") }, "rel_drop_all").unwrap();
    assert!(!new.contains("relations"), "{new}");
    // relations in a file of their own: the deleted table's import there goes too
    let files = "// ==> schema.ts <==\nimport { pgTable, serial, integer } from \"drizzle-orm/pg-core\";\n\n\
        export const users = pgTable(\"users\", { id: serial(\"id\").primaryKey() });\n\n\
        export const posts = pgTable(\"posts\", { id: serial(\"id\").primaryKey(), authorId: integer(\"author_id\").references(() => users.id) });\n\
        // ==> relations.ts <==\nimport { relations } from \"drizzle-orm\";\nimport { users, posts } from \"./schema\";\n\n\
        export type User = typeof users.$inferSelect;\n\
        export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));\n\
        export const postsRelations = relations(posts, ({ one }) => ({ author: one(users, { fields: [posts.authorId], references: [users.id] }) }));\n";
    let new = checked(d, files, &SchemaEdit::DropTable { table: t("users") }, "rel_files").unwrap();
    assert!(new.ends_with("// ==> relations.ts <==\nimport { posts } from \"./schema\";\n"), "{new}");
}

const KEYS: &str = r#"import { pgTable, integer, text, primaryKey } from "drizzle-orm/pg-core";

export const members = pgTable("members", {
  orgId: integer("org_id").notNull(),
  userId: integer("user_id").notNull(),
  teamId: integer("team_id"),
  role: text("role"),
}, (t) => [
  primaryKey({ columns: [t.orgId, t.userId] }),
]);

export const tags = pgTable("tags", {
  postId: integer("post_id"),
  tag: text("tag"),
}, (t) => ({
  pk: primaryKey({ name: "tags_key", columns: [t.postId, t.tag] }),
}));

export const codes = pgTable("codes", {
  code: text("code"),
  label: text("label"),
}, (t) => [primaryKey({ columns: [t.code] })]);
"#;

#[test]
fn drizzle_primary_key_flags_edit_the_primary_key_of_the_extra_config() {
    let d = Dialect::Postgres;
    let pk = |tb: &str, c: &str, on: bool| SchemaEdit::SetColumnFlag { table: t(tb), column: c.into(), flag: ColumnFlag::PrimaryKey, on };
    // a column joins the key
    let new = checked(d, KEYS, &pk("members", "team_id", true), "pk_join").unwrap();
    assert!(new.contains("  primaryKey({ columns: [t.orgId, t.userId, t.teamId] }),\n"), "{new}");
    // a column leaves it, NOT NULL stays
    let new = checked(d, KEYS, &pk("members", "user_id", false), "pk_leave").unwrap();
    assert!(new.contains("  primaryKey({ columns: [t.orgId] }),\n") && new.contains("  userId: integer(\"user_id\").notNull(),\n"), "{new}");
    // its name kept; the column leaving it written NOT NULL (the key made it so)
    let new = checked(d, KEYS, &pk("tags", "tag", false), "pk_named").unwrap();
    assert!(new.contains("  pk: primaryKey({ name: \"tags_key\", columns: [t.postId] }),\n") && new.contains("  tag: text(\"tag\").notNull(),\n"), "{new}");
    // the last column: the piece goes, and the extra config it was alone in
    let new = checked(d, KEYS, &pk("codes", "code", false), "pk_last").unwrap();
    assert!(new.ends_with("  code: text(\"code\").notNull(),\n  label: text(\"label\"),\n});\n"), "{new}");
}
