//! Guesses the dialect of pasted SQL from telltale syntax, so the UI can offer to switch.
//!
//! Contract: cheap (one pass over the text, no parsing), never panics. Returns `None` when the
//! evidence is weak or mixed. Evidence: MySQL — backtick identifiers, `ENGINE=`, `AUTO_INCREMENT`,
//! `/*!` conditional comments, `UNSIGNED`; PostgreSQL — `$$` bodies, `::` casts, `CREATE TYPE`,
//! `SERIAL`, `pg_catalog`, `OWNER TO`, `TIMESTAMPTZ`, `JSONB`; SQLite — `AUTOINCREMENT`,
//! `WITHOUT ROWID`, `PRAGMA`, `STRICT` tables.

use crate::dialect::Dialect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub dialect: Dialect,
    /// Human-readable evidence, e.g. "backtick identifiers", "ENGINE=".
    pub evidence: Vec<&'static str>,
}

/// The dialect the text is clearly written in, if any.
pub fn detect_dialect(text: &str) -> Option<Dialect> {
    detect(text).map(|d| d.dialect)
}

/// Like [`detect_dialect`] with the evidence found.
pub fn detect(text: &str) -> Option<Detection> {
    // Only look at a bounded prefix: evidence shows up early and this runs on every keystroke.
    let mut end = text.len().min(256 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let upper = text[..end].to_ascii_uppercase();
    let has = |s: &str| upper.contains(s);
    let mut my: Vec<&'static str> = Vec::new();
    let mut pg: Vec<&'static str> = Vec::new();
    let mut lite: Vec<&'static str> = Vec::new();
    if upper.matches('`').count() >= 2 {
        my.push("backtick identifiers");
    }
    if has("ENGINE=") || has("ENGINE =") {
        my.push("ENGINE=");
    }
    if has("AUTO_INCREMENT") {
        my.push("AUTO_INCREMENT");
    }
    if has("/*!") {
        my.push("/*! conditional comments");
    }
    if has(" UNSIGNED") {
        my.push("UNSIGNED");
    }
    if has("$$") || has("$BODY$") || has("$FUNCTION$") {
        pg.push("$$ dollar quotes");
    }
    if has("::") {
        pg.push(":: casts");
    }
    if has("CREATE TYPE") {
        pg.push("CREATE TYPE");
    }
    if has("SERIAL") && !has("AUTO_INCREMENT") {
        pg.push("SERIAL");
    }
    if has("PG_CATALOG") || has("OWNER TO") || has("TIMESTAMPTZ") || has("JSONB") || has("ROW LEVEL SECURITY") || has("USING GIN") {
        pg.push("PostgreSQL-only keywords");
    }
    if has("AUTOINCREMENT") {
        lite.push("AUTOINCREMENT");
    }
    if has("WITHOUT ROWID") {
        lite.push("WITHOUT ROWID");
    }
    if has("PRAGMA ") {
        lite.push("PRAGMA");
    }
    if has(") STRICT") {
        lite.push("STRICT tables");
    }
    let scores = [(Dialect::Mysql, my), (Dialect::Postgres, pg), (Dialect::Sqlite, lite)];
    let best = scores.iter().max_by_key(|(_, e)| e.len())?;
    let best_n = best.1.len();
    if best_n == 0 {
        return None;
    }
    let ties = scores.iter().filter(|(_, e)| e.len() == best_n).count();
    if ties > 1 {
        return None;
    }
    // A lone weak hint (`::` inside a string, a stray backtick pair) is not enough unless nothing else competes.
    let second = scores.iter().filter(|(d, _)| *d != best.0).map(|(_, e)| e.len()).max().unwrap_or(0);
    if best_n == 1 && second > 0 {
        return None;
    }
    Some(Detection { dialect: best.0, evidence: best.1.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_dialect() {
        assert_eq!(detect_dialect("CREATE TABLE `t` (id int) ENGINE=InnoDB;"), Some(Dialect::Mysql));
        assert_eq!(detect_dialect("CREATE TYPE mood AS ENUM ('a'); SELECT 'x'::text;"), Some(Dialect::Postgres));
        assert_eq!(detect_dialect("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID;"), Some(Dialect::Sqlite));
        assert_eq!(detect_dialect("CREATE TABLE t (id int);"), None);
    }
}
