//! DBML (dbdiagram.io) → [`Schema`](crate::model::Schema).
//!
//! A DBML document means the tables `@dbml/core`'s exporter writes for it, so the reader builds
//! that: the text is parsed into statements (`syntax.rs`, the lexer of `@dbml/parse`), tables,
//! `TablePartial` injections, enums and references are resolved (`schema.rs`), the exporter's DDL
//! is produced for the database (`render.rs`) and read by the SQL importer with every span mapped
//! back to the DBML text (`input::ddl`).
//!
//! - `Project { database_type: '...' }` picks the dialect (PostgreSQL, MySQL, SQLite); without it,
//!   the dialect hint.
//! - Refs: `>` many-to-one and `<` one-to-many put the foreign key on the "many" side, `-` on the
//!   second endpoint; `<>` is the junction table `@dbml/core` creates (`a_b`, columns
//!   `a_col` / `b_col`, primary key over both, one foreign key to each side).
//! - `TableGroup`, sticky `Note`s, colours and `Records` are not part of the schema.
//!
//! Contract: never panics; every problem is a diagnostic at its line and column and the rest is
//! still read.

mod render;
mod schema;
mod syntax;

use super::Parsed;
use crate::dialect::Dialect;
use crate::parse::input::Diags;

/// Reads a DBML document.
pub fn read(text: &str, hint: Dialect) -> Parsed {
    let mut diags = Diags::new(text);
    let stmts = syntax::parse(text, &mut diags);
    let doc = schema::Doc::read(&stmts, &mut diags).finish(&mut diags);
    let dialect = match &doc.database_type {
        Some((t, span)) => match t.to_ascii_lowercase().replace(' ', "").as_str() {
            "postgresql" | "postgres" | "pg" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            "sqlite" => Dialect::Sqlite,
            other => {
                diags.warning(*span, format!("database_type '{other}' is not supported (PostgreSQL, MySQL, SQLite): read as {}", hint.label()));
                hint
            }
        },
        None => hint,
    };
    let ddl = render::render(&doc, dialect, &mut diags);
    let mut parsed = ddl.finish(text, diags);
    parsed.statement_count = stmts.len();
    parsed
}

#[cfg(test)]
mod tests;
