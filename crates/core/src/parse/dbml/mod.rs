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
//! - `TableGroup`s are kept in the model as its group list (`Schema::groups`, members by table name,
//!   an alias resolved to its table); a table's `headercolor` is kept as its colour (`Table::color`,
//!   drawn by the diagram); sticky notes (`Note name { '...' }`) are kept as the model's notes
//!   (`Schema::notes`: the diagram draws them, the DBML writer writes them back); `Records` are
//!   not part of the schema.
//!
//! Contract: never panics; every problem is a diagnostic at its line and column and the rest is
//! still read.

mod render;
pub(crate) mod schema;
pub(crate) mod syntax;

use super::Parsed;
use crate::dialect::Dialect;
use crate::parse::input::ddl::Translated;
use crate::parse::input::Diags;

/// Reads a DBML document.
pub fn read(text: &str, hint: Dialect) -> Parsed {
    translate(text, hint).finish(text)
}

/// The reader's half of [`read`]: the DDL the document stands for (see `input::ddl::Translated`).
pub fn translate(text: &str, hint: Dialect) -> Translated {
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
    let mut ddl = render::render(&doc, dialect, &mut diags);
    for t in &doc.tables {
        if let Some(c) = &t.color {
            ddl.color(t.schema.as_deref(), &t.name, c.clone());
        }
    }
    for n in &doc.notes {
        ddl.sticky(n.clone());
    }
    for g in &doc.groups {
        let tables = g.members.iter().map(|(schema, name)| resolve_alias(&doc, schema, name)).collect();
        ddl.group(crate::model::TableGroup { name: g.name.clone(), tables, span: g.span });
    }
    ddl.translated(diags, stmts.len())
}

/// A group member as the model names it: a table's alias (`Table users as U`) is that table.
fn resolve_alias(doc: &schema::Doc, schema: &Option<String>, name: &str) -> crate::model::QualifiedName {
    let by_alias = schema.is_none().then(|| doc.tables.iter().find(|t| t.alias.as_deref() == Some(name))).flatten();
    match by_alias {
        Some(t) => crate::model::QualifiedName { schema: t.schema.clone(), name: t.name.clone() },
        None => crate::model::QualifiedName { schema: schema.clone(), name: name.to_string() },
    }
}

#[cfg(test)]
mod tests;
