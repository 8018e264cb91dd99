//! Prisma schema language → [`Schema`](crate::model::Schema).
//!
//! A Prisma schema means the tables `prisma migrate` creates for it, so the reader builds exactly
//! that: the text is parsed (`syntax.rs`, grammar of prisma-engines' `schema-ast`), models, enums
//! and keys are resolved (`schema.rs`), relations paired into foreign keys and implicit
//! many-to-many join tables (`relations.rs`), and the DDL Prisma's schema engine writes for the
//! datasource's provider is produced (`render.rs`, `types.rs`, `names.rs`) and read by the SQL
//! importer with every span mapped back to the Prisma text (`input::ddl`).
//!
//! - `datasource.provider` picks the dialect: `postgresql`, `mysql`, `sqlite`; `cockroachdb` is
//!   read as PostgreSQL; `sqlserver` is not supported yet (read as the dialect hint, with an
//!   error); `mongodb` is not supported (nothing is read).
//! - `relationMode = "prisma"`: relations are foreign keys flagged `logical` (the database has none).
//! - Views make no table: a `view` block is a view of the model with its columns and no query
//!   (Prisma does not create views; the query lives in the database); composite types are MongoDB-only and
//!   their fields become JSON columns, as Prisma's schema calculator has it.
//! - Several files (a `prismaSchemaFolder`) are one text joined by `input::files`; the marker lines
//!   are comments here.
//!
//! Contract: never panics; every problem is a diagnostic at its line and column and the rest is
//! still read.

pub(crate) mod ast;
mod names;
mod relations;
mod render;
mod schema;
pub(crate) mod syntax;
pub(crate) mod types;

use super::Parsed;
use crate::dialect::Dialect;
use crate::parse::input::ddl::{Ddl, Translated};
use crate::parse::input::Diags;
use ast::{Block, BlockKind, Expr};

/// What the datasource says.
pub struct Config {
    pub dialect: Dialect,
    /// `relationMode = "prisma"`: no foreign keys in the database.
    pub logical_relations: bool,
    /// `schemas = [...]` (multiSchema).
    pub schemas: Vec<String>,
}

/// Reads a Prisma schema (one file, or several joined by `input::files`).
pub fn read(text: &str, hint: Dialect) -> Parsed {
    translate(text, hint).finish(text)
}

/// The reader's half of [`read`]: the DDL the schema stands for (see `input::ddl::Translated`).
pub fn translate(text: &str, hint: Dialect) -> Translated {
    let mut diags = Diags::new(text);
    let blocks = syntax::parse(text, &mut diags);
    let Some(cfg) = config(&blocks, hint, &mut diags) else {
        return Ddl::new(hint).translated(diags, blocks.len());
    };
    let db = schema::resolve(&blocks, &cfg, &mut diags);
    let rels = relations::resolve(&db, &mut diags);
    let mut ddl = render::render(&db, &rels, &cfg, &mut diags);
    for m in db.models.iter().filter(|m| m.view) {
        diags.info(m.ast.name.span, format!("view {}: a view of the database with its columns; its query is not in the Prisma schema, so no SQL creates it", m.ast.name.text));
        let columns = m.fields.iter().filter(|f| f.is_column()).map(|f| f.db_name.clone()).collect();
        ddl.view(m.schema.as_deref(), &m.db_name, columns, m.ast.span);
    }
    ddl.translated(diags, blocks.len())
}

/// The datasource's `relationMode` (or its old name `referentialIntegrity`).
pub(crate) fn relation_mode(ds: &Block) -> Option<&Expr> {
    ds.prop("relationMode").or_else(|| ds.prop("referentialIntegrity"))
}

/// Whether the datasource among `blocks` says `relationMode = "prisma"` (relations are no
/// foreign keys of the database).
pub(crate) fn logical_relations(blocks: &[Block]) -> bool {
    blocks.iter().find(|b| b.kind == BlockKind::Datasource).and_then(relation_mode).and_then(Expr::as_str) == Some("prisma")
}

/// The datasource's provider, relation mode and schemas; `None` for MongoDB (nothing to read).
fn config(blocks: &[Block], hint: Dialect, diags: &mut Diags) -> Option<Config> {
    let mut sources = blocks.iter().filter(|b| b.kind == BlockKind::Datasource);
    let Some(ds) = sources.next() else {
        return Some(Config { dialect: hint, logical_relations: false, schemas: Vec::new() });
    };
    for extra in sources {
        diags.error(extra.name.span, "only one datasource block is allowed; this one is ignored");
    }
    let dialect = match ds.prop("provider") {
        Some(Expr::Str(p, span)) => match p.as_str() {
            "postgresql" | "postgres" => Dialect::Postgres,
            "mysql" => Dialect::Mysql,
            "sqlite" => Dialect::Sqlite,
            "cockroachdb" => {
                diags.info(*span, "CockroachDB is read as PostgreSQL");
                Dialect::Postgres
            }
            "sqlserver" => {
                diags.error(*span, format!("SQL Server is not supported yet: the models are read as {}", hint.label()));
                hint
            }
            "mongodb" => {
                diags.error(*span, "MongoDB is not supported: the playground reads SQL databases (PostgreSQL, MySQL, SQLite)");
                return None;
            }
            other => {
                diags.error(*span, format!("unknown provider \"{other}\" (expected postgresql, mysql, sqlite or cockroachdb): read as {}", hint.label()));
                hint
            }
        },
        Some(e) => {
            diags.error(e.span(), format!("provider must be a string literal: read as {}", hint.label()));
            hint
        }
        None => {
            diags.error(ds.name.span, format!("datasource {} has no provider: read as {}", ds.name.text, hint.label()));
            hint
        }
    };
    let logical_relations = match relation_mode(ds) {
        Some(Expr::Str(m, _)) if m == "prisma" => true,
        Some(Expr::Str(m, _)) if m == "foreignKeys" => false,
        Some(e) => {
            diags.warning(e.span(), "relationMode is \"foreignKeys\" or \"prisma\"");
            false
        }
        None => false,
    };
    let schemas = match ds.prop("schemas") {
        Some(e) => e.items().into_iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        None => Vec::new(),
    };
    Some(Config { dialect, logical_relations, schemas })
}

#[cfg(test)]
mod tests;
