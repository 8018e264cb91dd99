//! Edits on a schema where two tables share a name in different schemas (PostgreSQL `auth.x` and
//! `public.x`, SQLite's attached databases): the edit touches only the table it names. Found by the
//! corpus edit test with other random picks (supabase's `auth.schema_migrations` renamed changed the
//! primary key name of `public.schema_migrations`).

mod common;
mod edit_checks;

use edit_checks::check_fix;
use schemaplay_core::edit::{plan_edit, SchemaEdit};
use schemaplay_core::model::QualifiedName;
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;

fn check(text: &str, d: Dialect, edit: SchemaEdit) {
    let before = parse(text, d);
    let fix = plan_edit(text, d, &before.schema, &before.diagnostics, &edit).unwrap_or_else(|e| panic!("{edit:?} refused: {e}"));
    if let Err(e) = check_fix(d, text, &before.schema, &edit, &fix) {
        panic!("{edit:?}: {e}");
    }
}

const PG: &str = "CREATE SCHEMA auth;\n\
CREATE TABLE auth.schema_migrations (version varchar(255) NOT NULL);\n\
CREATE TABLE public.schema_migrations (version varchar(255) NOT NULL);\n\
ALTER TABLE ONLY auth.schema_migrations ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);\n\
ALTER TABLE ONLY public.schema_migrations ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);\n";

#[test]
fn renaming_a_table_leaves_its_namesake_in_another_schema_alone() {
    check(PG, Dialect::Postgres, SchemaEdit::RenameTable { table: QualifiedName::new(Some("auth".into()), "schema_migrations"), to: "migrations_done".into() });
    check(PG, Dialect::Postgres, SchemaEdit::RenameTable { table: QualifiedName::new(Some("public".into()), "schema_migrations"), to: "migrations_done".into() });
}

#[test]
fn other_edits_of_one_namesake_leave_the_other_alone() {
    let auth = || QualifiedName::new(Some("auth".into()), "schema_migrations");
    check(PG, Dialect::Postgres, SchemaEdit::DropTable { table: auth() });
    check(PG, Dialect::Postgres, SchemaEdit::RenameColumn { table: auth(), column: "version".into(), to: "v".into() });
}

const SQLITE_ATTACHED: &str = "CREATE TABLE notes_db.notes ( id INTEGER PRIMARY KEY AUTOINCREMENT, colname TEXT NOT NULL, item INTEGER NOT NULL);\n\
CREATE INDEX notes_db.notes_colname_idx ON notes (colname);\n";

#[test]
fn sqlite_index_named_in_an_attached_database() {
    let notes = || QualifiedName::new(Some("notes_db".into()), "notes");
    check(SQLITE_ATTACHED, Dialect::Sqlite, SchemaEdit::RenameColumn { table: notes(), column: "colname".into(), to: "c".into() });
    check(SQLITE_ATTACHED, Dialect::Sqlite, SchemaEdit::RenameTable { table: notes(), to: "notes2".into() });
    check(SQLITE_ATTACHED, Dialect::Sqlite, SchemaEdit::DropTable { table: notes() });
}
