//! Identifier folding and the names databases give unnamed constraints and indexes.
//!
//! Contract (what the engines do, checked against their sources/docs):
//! - PostgreSQL folds unquoted identifiers to lower case; names are truncated to 63 bytes the way
//!   `makeObjectName` does (shorten the longer part first). Defaults: `<t>_pkey`, `<t>_<cols>_fkey`,
//!   `<t>_<cols>_key`, `<t>_<col>_check` (a CHECK referencing exactly one column) or `<t>_check`,
//!   `<t>_<cols>_idx` (`expr` for expressions), and a number appended on a clash (`<t>_check1`).
//! - MySQL/InnoDB: primary key `PRIMARY`; FKs `<t>_ibfk_<n>`; CHECKs `<t>_chk_<n>`; keys and unique
//!   keys are named after their first column (`col`, `col_2`, ...).
//! - SQLite: unnamed UNIQUE and (non-rowid) PRIMARY KEY get `sqlite_autoindex_<t>_<n>`; other
//!   constraints have no name in the catalog (`None`).

use crate::dialect::Dialect;
use crate::sqltext::truncate_bytes;
use crate::model::{IndexPart, QualifiedName, Table};

/// PostgreSQL's NAMEDATALEN - 1: the most bytes in a name.
const NAMEDATALEN: usize = crate::sqltext::ident::PG_MAX_NAME;

/// An identifier as the database stores it: PostgreSQL folds unquoted names to lower case and
/// truncates every name to 63 bytes (NAMEDATALEN - 1); MySQL refuses names over 64 characters
/// (the importer reports them and keeps the first 64, [`crate::sqltext::clamp`]).
pub fn fold(dialect: Dialect, value: &str, quoted: bool) -> String {
    let v = crate::sqltext::clamp(dialect, value);
    if dialect == Dialect::Postgres && !quoted {
        v.to_ascii_lowercase()
    } else {
        v.to_string()
    }
}

/// PostgreSQL `makeObjectName(name1, name2, label)`.
pub fn pg_name(name1: &str, name2: &str, label: &str) -> String {
    let overhead = label.len() + 1 + if name2.is_empty() { 0 } else { 1 };
    let avail = NAMEDATALEN.saturating_sub(overhead);
    let (mut l1, mut l2) = (name1.len(), name2.len());
    while l1 + l2 > avail {
        if l1 > l2 {
            l1 -= 1;
        } else {
            l2 -= 1;
        }
    }
    let n1 = truncate_bytes(name1, l1);
    let n2 = truncate_bytes(name2, l2);
    if name2.is_empty() {
        format!("{n1}_{label}")
    } else {
        format!("{n1}_{n2}_{label}")
    }
}

/// The names a table's constraints and indexes use ([`Table::constraint_names`]) as a set, for
/// the PostgreSQL default names below. The importer keeps one per table while a CREATE TABLE is
/// read (building it anew for each unnamed constraint made a 5,000-FK table quadratic).
pub type Taken = std::collections::HashSet<String>;

/// [`Taken`] of `t` as it is now.
pub fn taken(t: &Table) -> Taken {
    t.constraint_names().into_iter().map(str::to_string).collect()
}

/// PostgreSQL `ChooseConstraintName`: append 1, 2, ... to the label until the name is free.
fn pg_choose(t: &Table, taken: &Taken, name2: &str, label: &str) -> String {
    let mut name = pg_name(&t.name, name2, label);
    let mut pass = 0;
    while taken.contains(name.as_str()) && pass < 1000 {
        pass += 1;
        name = pg_name(&t.name, name2, &format!("{label}{pass}"));
    }
    name
}

pub fn default_pk_name(dialect: Dialect, t: &Table, taken: &Taken) -> String {
    match dialect {
        Dialect::Postgres => pg_choose(t, taken, "", "pkey"),
        Dialect::Mysql => "PRIMARY".into(),
        Dialect::Sqlite => sqlite_autoindex(t),
    }
}

fn sqlite_autoindex(t: &Table) -> String {
    let prefix = format!("sqlite_autoindex_{}_", t.name);
    let n = t.constraint_names().iter().filter(|n| n.starts_with(&prefix)).count();
    format!("{prefix}{}", n + 1)
}

fn join_cols(cols: &[String]) -> String {
    // PostgreSQL ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition stop once NAMEDATALEN is reached.
    let mut s = String::new();
    for c in cols {
        if !s.is_empty() {
            s.push('_');
        }
        s.push_str(c);
        if s.len() >= NAMEDATALEN {
            break;
        }
    }
    s
}

/// SQLite names every UNIQUE / non-rowid PRIMARY KEY index itself, whatever the constraint was called.
pub fn sqlite_unique_name(t: &Table) -> String {
    sqlite_autoindex(t)
}

pub fn default_unique_name(dialect: Dialect, t: &Table, cols: &[String], taken: &Taken) -> String {
    match dialect {
        Dialect::Postgres => pg_choose(t, taken, &join_cols(cols), "key"),
        Dialect::Mysql => mysql_key_name(t, cols.first().map(String::as_str).unwrap_or("")),
        Dialect::Sqlite => sqlite_autoindex(t),
    }
}

fn mysql_key_name(t: &Table, first: &str) -> String {
    let taken = t.constraint_names();
    let clash = |n: &str| taken.iter().any(|x| x.eq_ignore_ascii_case(n)) || n.eq_ignore_ascii_case("PRIMARY");
    if !clash(first) {
        return first.to_string();
    }
    let mut i = 2;
    loop {
        let n = format!("{first}_{i}");
        if !clash(&n) || i > 10_000 {
            return n;
        }
        i += 1;
    }
}

pub fn default_mysql_index_name(t: &Table, parts: &[IndexPart]) -> String {
    let first = parts.first().map(|p| p.column.clone().unwrap_or_else(|| "functional_index".into())).unwrap_or_default();
    mysql_key_name(t, &first)
}

pub fn default_fk_name(dialect: Dialect, t: &Table, cols: &[String], taken: &Taken) -> Option<String> {
    match dialect {
        Dialect::Postgres => Some(pg_choose(t, taken, &join_cols(cols), "fkey")),
        Dialect::Mysql => {
            let prefix = format!("{}_ibfk_", t.name);
            let max = t
                .foreign_keys
                .iter()
                .filter_map(|f| f.name.as_deref()?.strip_prefix(&prefix)?.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            Some(format!("{prefix}{}", max + 1))
        }
        Dialect::Sqlite => None,
    }
}

pub fn default_check_name(dialect: Dialect, t: &Table, column: Option<&str>, expr: &str, taken: &Taken) -> Option<String> {
    match dialect {
        Dialect::Postgres => {
            // PostgreSQL names by the single column the expression references, if exactly one
            // (whether the CHECK was written on a column or on the table).
            let _ = column;
            let refs: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).filter(|c| mentions(expr, c)).collect();
            let col = (refs.len() == 1).then(|| refs[0].to_string());
            Some(pg_choose(t, taken, col.as_deref().unwrap_or(""), "check"))
        }
        Dialect::Mysql => {
            // MariaDB: a column-level CHECK is named after its column, a table-level one
            // `CONSTRAINT_<n>`. (MySQL 8 would say `<t>_chk_<n>`.)
            if let Some(c) = column {
                return Some(c.to_string());
            }
            let n = t.checks.iter().filter(|c| c.name.as_deref().is_some_and(|n| n.starts_with("CONSTRAINT_"))).count();
            Some(format!("CONSTRAINT_{}", n + 1))
        }
        Dialect::Sqlite => None,
    }
}

/// Whether `expr` mentions identifier `name` as a whole word.
fn mentions(expr: &str, name: &str) -> bool {
    let lower = expr.to_ascii_lowercase();
    let name_l = name.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(p) = lower[from..].find(&name_l) {
        let s = from + p;
        let e = s + name_l.len();
        let before = s == 0 || !(b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'\'');
        let after = e >= b.len() || !(b[e].is_ascii_alphanumeric() || b[e] == b'_' || b[e] == b'\'' || b[e] == b'(');
        if before && after {
            return true;
        }
        from = e;
        if from >= lower.len() {
            break;
        }
    }
    false
}

pub fn default_index_name(dialect: Dialect, t: &Table, parts: &[IndexPart], taken: &Taken) -> String {
    match dialect {
        Dialect::Mysql => default_mysql_index_name(t, parts),
        _ => {
            let cols: Vec<String> = parts.iter().map(|p| p.column.clone().unwrap_or_else(|| expr_colname(&p.expression))).collect();
            let mut name = pg_name(&t.name, &join_cols(&cols), "idx");
            let mut pass = 0;
            while taken.contains(name.as_str()) && pass < 1000 {
                pass += 1;
                name = pg_name(&t.name, &join_cols(&cols), &format!("idx{pass}"));
            }
            name
        }
    }
}

/// PostgreSQL `FigureColname` for an index expression: a function call is named after the
/// function (`lower(email)` → `lower`), anything else `expr`.
fn expr_colname(e: &str) -> String {
    let t = e.trim().trim_start_matches('(');
    let name_end = t.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '"')).unwrap_or(t.len());
    if name_end > 0 && t[name_end..].trim_start().starts_with('(') {
        let name = &t[..name_end];
        let last = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
        if !last.is_empty() && !last.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return last.to_ascii_lowercase();
        }
    }
    "expr".into()
}

/// `public.foo_id_seq` / `"Foo"` inside a string (e.g. a regclass literal) → folded name.
pub fn parse_qualified(dialect: Dialect, raw: &str) -> QualifiedName {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                parts.push(fold(dialect, &cur, was_quoted));
                cur.clear();
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    parts.push(fold(dialect, &cur, was_quoted));
    let n = parts.len();
    if n >= 2 {
        QualifiedName::new(Some(parts[n - 2].clone()), parts[n - 1].clone())
    } else {
        QualifiedName::new(None, parts.pop().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_truncation_matches_make_object_name() {
        let long = "a".repeat(40);
        let n = pg_name(&long, &"b".repeat(40), "fkey");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_fkey"));
        assert_eq!(pg_name("users", "", "pkey"), "users_pkey");
        assert_eq!(pg_name("users", "org_id", "fkey"), "users_org_id_fkey");
    }

    #[test]
    fn qualified_in_string() {
        let q = parse_qualified(Dialect::Postgres, "public.\"Foo_id_seq\"");
        assert_eq!(q, QualifiedName::new(Some("public".into()), "Foo_id_seq"));
    }

    #[test]
    fn mentions_whole_words() {
        assert!(mentions("age >= 0", "age"));
        assert!(!mentions("page >= 0", "age"));
        assert!(!mentions("x = 'age'", "age"));
    }
}
