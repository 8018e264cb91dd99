//! A live database's catalog as input: [`query`] gives one read-only SQL query per engine
//! (PostgreSQL `pg_catalog`, MySQL 8 / MariaDB `information_schema`, SQLite `sqlite_schema` and the
//! `pragma_*` table-valued functions) whose single result is catalog JSON; [`read`] imports that
//! JSON. Nothing here connects to a database: the person runs the query in their own client.
//!
//! Contract:
//! - The import is exact: the DDL the catalog describes is written from the engine's own texts
//!   (`pg_get_constraintdef`, `pg_get_indexdef`, `format_type`, `pg_get_expr`, MySQL's
//!   `COLUMN_TYPE`, SQLite's stored `sql`) with the real constraint and index names, and read by the
//!   SQL importer (the one place that knows what DDL means), with every span mapped to the JSON
//!   object it came from ([`input::ddl`](crate::parse::input::ddl)). Defaults, comments, enums,
//!   domains, sequences, partitions, RLS, policies and triggers come along.
//! - The dialect is the JSON's `engine`; JSON that is not our format, truncated or hostile gives a
//!   diagnostic at its position and whatever was read before it still imports. Never panics.

mod json;
mod mysql;
mod pg;
mod sqlite;

use super::input::ddl::Ddl;
use super::input::Diags;
use super::Parsed;
use crate::dialect::Dialect;
use crate::span::Span;
use json::{Node, J};

/// The read-only catalog query for an engine.
pub fn query(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => include_str!("postgres.sql"),
        Dialect::Mysql => include_str!("mysql.sql"),
        Dialect::Sqlite => include_str!("sqlite.sql"),
    }
}

/// The `format` member every catalog query writes.
pub const FORMAT: &str = "schemaplay-catalog";

/// Reads catalog JSON (the output of [`query`]) into the model.
pub fn read(text: &str, hint: Dialect) -> Parsed {
    let mut diags = Diags::new(text);
    let (root, err) = json::parse(text);
    if let Some(e) = err {
        diags.error(Span::new(e.at, e.at), format!("catalog JSON: {}", e.message));
    }
    let Some(mut root) = root else {
        return Parsed { statement_count: 0, diagnostics: diags.finish(), schema: crate::model::Schema::new(hint) };
    };
    unnest(&mut root, 0);
    let root = unwrap_row(&root);
    let span = Span::new(root.start, root.end);
    if root.s("format") != Some(FORMAT) {
        diags.warning(span, format!("this JSON is not the output of `schemaplay catalog-query` (no \"format\": \"{FORMAT}\"); read as far as it matches"));
    }
    let dialect = match root.s("engine") {
        Some(e) => match Dialect::parse(e) {
            Some(d) => d,
            None => {
                diags.error(Span::new(root.get("engine").start, root.get("engine").end), format!("catalog of an engine Schema Playground does not read: {e}"));
                hint
            }
        },
        None => {
            diags.warning(span, format!("the catalog JSON does not name its engine; read as {}", hint.label()));
            hint
        }
    };
    let mut ddl = Ddl::new(dialect);
    match dialect {
        Dialect::Postgres => pg::render(root, &mut ddl, &mut diags),
        Dialect::Mysql => mysql::render(root, &mut ddl, &mut diags),
        Dialect::Sqlite => sqlite::render(root, &mut ddl, &mut diags),
    }
    let count = root.items("tables").len();
    let mut parsed = ddl.finish(text, diags);
    parsed.statement_count = count;
    parsed
}

/// A client that exports the result row as JSON wraps the value: `[{"schemaplay_catalog": {...}}]`
/// or `{"schemaplay_catalog": {...}}`.
fn unwrap_row(n: &Node) -> &Node {
    match &n.j {
        J::Arr(a) if a.len() == 1 => unwrap_row(&a[0]),
        J::Obj(m) if m.len() == 1 && !matches!(m[0].1.j, J::Str(_)) && n.get("format").is_null() => unwrap_row(&m[0].1),
        _ => n,
    }
}

/// Nested aggregates some engines or clients return as JSON text (a string holding `[...]` or
/// `{...}`) are read as JSON, for the members the catalog format nests.
fn unnest(n: &mut Node, depth: usize) {
    const NESTED: &[&str] = &[
        "schemaplay_catalog", "schemas", "enums", "values", "domains", "checks", "sequences", "owned_by", "tables", "columns", "constraints", "indexes", "parts", "policies", "roles", "triggers",
        "foreign_keys", "objects", "partition_of",
    ];
    if depth > json::MAX_DEPTH {
        return;
    }
    match &mut n.j {
        J::Obj(m) => {
            for (k, v) in m.iter_mut() {
                if NESTED.contains(&k.as_str()) {
                    if let Some(r) = json::reparse(v) {
                        *v = r;
                    }
                }
                unnest(v, depth + 1);
            }
        }
        J::Arr(a) => {
            for v in a.iter_mut() {
                unnest(v, depth + 1);
            }
        }
        _ => {}
    }
}

/// `text` when it can go into the DDL as it is ([`fragment_ok`](crate::parse::input::ddl::fragment_ok));
/// else a warning at `n` and `None` (a hand-edited or hostile paste cannot change the statements
/// around it).
fn safe<'t>(diags: &mut Diags, n: &Node, what: &str, text: &'t str) -> Option<&'t str> {
    if crate::parse::input::ddl::fragment_ok(text) {
        Some(text)
    } else {
        diags.warning(span(n), format!("{what} left out: its SQL is not one balanced expression"));
        None
    }
}

fn span(n: &Node) -> Span {
    Span::new(n.start, n.end)
}

/// `"schema"."name"` (or the bare name) for DDL.
fn qname(d: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", quote(d, s), quote(d, name)),
        None => quote(d, name),
    }
}

/// Always-quoted identifier (catalog names are exact).
fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

#[cfg(test)]
mod tests;
