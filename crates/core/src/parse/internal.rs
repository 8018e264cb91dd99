//! What the engines' dumps write only for themselves: their bookkeeping is a note, never a user
//! object.
//!
//! - SQLite: `sqlite_sequence` (AUTOINCREMENT), `sqlite_stat1`–`sqlite_stat4` (ANALYZE) — any
//!   `sqlite_` name is reserved for the engine —, the shadow tables of virtual tables (`f_data`,
//!   `f_idx`, ... of an FTS5 table `f`), `ANALYZE sqlite_schema` and the rows `.dump` /
//!   `.fullschema` write into those tables. `.dump` writes a virtual table as
//!   `INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql) VALUES(..., 'CREATE VIRTUAL TABLE
//!   ...')`: that SQL is read like the statement it is.
//! - MySQL/MariaDB: the system databases (`mysql`, `sys`, `performance_schema`,
//!   `information_schema`) an `--all-databases` dump recreates, qualified or after `USE mysql`.
//! - PostgreSQL: objects in `pg_catalog` / `information_schema`.
//!
//! Contract: [`internal`] is asked about every statement before it is classified; `Some(note)`
//! means "engine bookkeeping, reported as an info note", `None` means "a statement like any other".

use super::lex::{skip_words, Tok, Token};
use super::lower::{Builder, Ctx};
use super::naming;
use crate::dialect::Dialect;

const MYSQL_SYSTEM_DBS: [&str; 4] = ["mysql", "sys", "performance_schema", "information_schema"];

/// Shadow-table suffixes of SQLite's virtual table modules.
fn shadow_suffixes(module: &str) -> &'static [&'static str] {
    match module {
        "fts5" => &["data", "idx", "content", "docsize", "config"],
        "fts4" => &["content", "segments", "segdir", "docsize", "stat"],
        "fts3" => &["content", "segments", "segdir"],
        "rtree" | "rtree_i32" | "geopoly" => &["node", "rowid", "parent"],
        _ => &[],
    }
}

fn word_or_quoted(d: Dialect, t: &Token) -> Option<String> {
    match &t.tok {
        Tok::Word(w) => Some(naming::fold(d, w, false)),
        Tok::Quoted(q) | Tok::Str(q) => Some(naming::fold(d, q, true)),
        _ => None,
    }
}

/// `[schema.]name` at `i` (SQLite also accepts a string as a name): (schema, name).
fn target(d: Dialect, toks: &[Token], mut i: usize) -> Option<(Option<String>, String)> {
    i = skip_words(toks, i, &["IF", "NOT", "EXISTS", "ONLY"]);
    let first = word_or_quoted(d, toks.get(i)?)?;
    if toks.get(i + 1).is_some_and(|t| t.is_punct('.')) {
        let second = word_or_quoted(d, toks.get(i + 2)?)?;
        return Some((Some(first), second));
    }
    Some((None, first))
}

/// The object a statement creates, changes or fills: its keyword and (schema, name).
fn subject(d: Dialect, toks: &[Token]) -> Option<(&'static str, Option<String>, String)> {
    let at = |i: usize, w: &str| toks.get(i).is_some_and(|t| t.is(w));
    if at(0, "CREATE") {
        let kw = toks.iter().take(24).position(|t| t.is("TABLE") || t.is("VIEW") || t.is("INDEX") || t.is("TRIGGER"))?;
        let what = if toks[kw].is("TABLE") { "table" } else if toks[kw].is("VIEW") { "view" } else { "other" };
        if toks[kw].is("INDEX") {
            let on = toks.iter().position(|t| t.is("ON"))?;
            let (s, n) = target(d, toks, on + 1)?;
            return Some(("index", s, n));
        }
        let (s, n) = target(d, toks, kw + 1)?;
        return Some((what, s, n));
    }
    if at(0, "INSERT") || at(0, "REPLACE") {
        let into = if at(1, "INTO") { 2 } else { 1 };
        let (s, n) = target(d, toks, into)?;
        return Some(("rows", s, n));
    }
    if at(0, "DELETE") && at(1, "FROM") || at(0, "UPDATE") {
        let (s, n) = target(d, toks, if at(0, "UPDATE") { 1 } else { 2 })?;
        return Some(("rows", s, n));
    }
    if (at(0, "ALTER") || at(0, "DROP") || at(0, "LOCK")) && at(1, "TABLE") || at(0, "ANALYZE") {
        let (s, n) = target(d, toks, if at(0, "ANALYZE") { 1 } else { 2 })?;
        return Some(("other", s, n));
    }
    None
}

/// Engine bookkeeping (`Some(note)`), or `None`. `toks` are the statement's leading tokens.
pub(super) fn internal(b: &mut Builder, toks: &[Token]) -> Option<String> {
    let d = b.dialect;
    if d == Dialect::Mysql && toks.first().is_some_and(|t| t.is("USE")) {
        b.use_db = toks.get(1).and_then(|t| word_or_quoted(d, t));
        return None;
    }
    let (what, schema, name) = subject(d, toks)?;
    match d {
        Dialect::Sqlite => sqlite(b, what, &name),
        Dialect::Mysql => {
            let db = schema.or_else(|| b.use_db.clone())?;
            MYSQL_SYSTEM_DBS.iter().any(|s| s.eq_ignore_ascii_case(&db)).then(|| {
                format!("{what} {db}.{name} belongs to the server's system database {db} (a dump of all databases recreates it): not a user object")
            })
        }
        Dialect::Postgres => {
            let s = schema?;
            (s == "pg_catalog" || s == "information_schema").then(|| format!("{what} {s}.{name} is in the system schema {s}: not a user object"))
        }
    }
}

fn sqlite(b: &Builder, what: &str, name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if lower == "sqlite_schema" || lower == "sqlite_master" {
        return match what {
            "other" => Some("ANALYZE sqlite_schema: statistics SQLite keeps for itself (.fullschema writes it)".into()),
            // INSERT INTO sqlite_schema: the caller reads the SQL it holds.
            _ => None,
        };
    }
    if lower.starts_with("sqlite_") {
        let role = if lower == "sqlite_sequence" {
            "the counters SQLite keeps for AUTOINCREMENT"
        } else if lower.starts_with("sqlite_stat") {
            "the statistics SQLite's ANALYZE keeps"
        } else {
            "a table SQLite reserves for itself"
        };
        return Some(match what {
            "rows" => format!("rows of {name}, {role}: engine bookkeeping, not data of the schema"),
            _ => format!("{name} is {role}: not a user table"),
        });
    }
    if what != "table" && what != "rows" {
        return None;
    }
    // `<vt>_<suffix>`: a shadow table of a virtual table defined earlier.
    b.schema.tables.iter().filter_map(|t| Some((t, t.virtual_module.as_deref()?))).find_map(|(t, module)| {
        let rest = lower.strip_prefix(&t.name.to_ascii_lowercase())?.strip_prefix('_')?;
        shadow_suffixes(module).contains(&rest).then(|| match what {
            "rows" => format!("rows of {name}, a shadow table of the {module} virtual table {}: engine bookkeeping", t.name),
            _ => format!("{name} is a shadow table SQLite's {module} module keeps for the virtual table {}: not a user table", t.name),
        })
    })
}

/// `INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql) VALUES('table','f','f',0,'CREATE
/// VIRTUAL TABLE f USING fts5(...)')` (how `.dump` writes a virtual table): the SQL it holds.
pub(super) fn sqlite_schema_insert(toks: &[Token]) -> Option<String> {
    if !inserts_into_sqlite_schema(toks) {
        return None;
    }
    let values = toks.iter().position(|t| t.is("VALUES"))?;
    let cols: Vec<String> = toks[3..values].iter().filter_map(|t| if let Tok::Word(w) = &t.tok { Some(w.to_ascii_lowercase()) } else { None }).collect();
    let pos = if cols.is_empty() { 4 } else { cols.iter().position(|c| c == "sql")? };
    let vals: Vec<&Token> = toks[values + 1..].iter().filter(|t| !t.is_punct('(') && !t.is_punct(')') && !t.is_punct(',')).collect();
    match &vals.get(pos)?.tok {
        Tok::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// `INSERT INTO sqlite_schema` / `sqlite_master` (its first tokens).
pub(super) fn inserts_into_sqlite_schema(toks: &[Token]) -> bool {
    let at = |i: usize, w: &str| toks.get(i).is_some_and(|t| t.is(w));
    at(0, "INSERT") && at(1, "INTO") && (at(2, "sqlite_schema") || at(2, "sqlite_master"))
}

/// Reads the statement an `INSERT INTO sqlite_schema` holds, at the INSERT's place.
pub(super) fn apply_sqlite_schema_sql(b: &mut Builder, sql: &str, ctx: &Ctx) {
    super::statement(b, sql, ctx, false, 1);
}
