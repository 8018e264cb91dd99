//! Small SQL text helpers for rules and fixes: identifier quoting, finding a column's type in the
//! source, statement ends and name heuristics. No parser: a light scanner that respects strings,
//! quoted identifiers and comments.

use crate::dialect::Dialect;
use crate::span::Span;

/// `name` as an SQL identifier: bare when it is lower-case snake_case and not reserved, quoted
/// otherwise (`"..."` in PostgreSQL/SQLite, backticks in MySQL).
pub fn ident(d: Dialect, name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_reserved(d, name);
    if plain {
        return name.to_string();
    }
    match d {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

pub fn qualified(d: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, name)),
        None => ident(d, name),
    }
}

/// Words reserved in the dialect (cannot be used as a bare identifier, or only in some places).
pub fn is_reserved(d: Dialect, word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let list: &[&str] = match d {
        Dialect::Postgres => PG_RESERVED,
        Dialect::Mysql => MYSQL_RESERVED,
        Dialect::Sqlite => SQLITE_RESERVED,
    };
    list.binary_search(&w.as_str()).is_ok()
}

// Sorted lists (checked by a test).
const PG_RESERVED: &[&str] = &[
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both", "case", "cast", "check",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
    "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not",
    "notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right",
    "select", "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union",
    "unique", "user", "using", "variadic", "verbose", "when", "where", "window", "with",
];
const MYSQL_RESERVED: &[&str] = &[
    "accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "before", "between", "bigint", "binary", "blob", "both", "by", "call",
    "cascade", "case", "change", "char", "character", "check", "collate", "column", "condition", "constraint", "continue", "convert", "create",
    "cross", "cube", "current_date", "current_time", "current_timestamp", "current_user", "cursor", "database", "databases", "default", "delayed",
    "delete", "desc", "describe", "distinct", "div", "double", "drop", "dual", "each", "else", "elseif", "enclosed", "escaped", "except", "exists",
    "exit", "explain", "false", "fetch", "float", "for", "force", "foreign", "from", "fulltext", "function", "generated", "get", "grant", "group",
    "grouping", "groups", "having", "if", "ignore", "in", "index", "infile", "inner", "insert", "int", "integer", "intersect", "interval", "into",
    "is", "iterate", "join", "key", "keys", "kill", "lag", "lead", "leading", "leave", "left", "like", "limit", "lines", "load", "lock", "long",
    "loop", "match", "mod", "natural", "not", "null", "numeric", "of", "on", "optimize", "option", "or", "order", "out", "outer", "over",
    "partition", "precision", "primary", "procedure", "purge", "range", "rank", "read", "real", "recursive", "references", "regexp", "release",
    "rename", "repeat", "replace", "require", "restrict", "return", "revoke", "right", "rlike", "row", "rows", "schema", "schemas", "select",
    "separator", "set", "show", "signal", "smallint", "spatial", "sql", "starting", "stored", "straight_join", "system", "table", "terminated",
    "then", "to", "trailing", "trigger", "true", "undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use", "using", "values",
    "varchar", "varying", "virtual", "when", "where", "while", "window", "with", "write", "xor", "zerofill",
];
const SQLITE_RESERVED: &[&str] = &[
    "add", "all", "alter", "and", "as", "autoincrement", "between", "case", "check", "collate", "commit", "constraint", "create", "default",
    "deferrable", "delete", "distinct", "drop", "else", "escape", "except", "exists", "foreign", "from", "group", "having", "if", "in", "index",
    "insert", "intersect", "into", "is", "isnull", "join", "limit", "not", "notnull", "null", "on", "or", "order", "primary", "references",
    "select", "set", "table", "then", "to", "transaction", "union", "unique", "update", "using", "values", "when", "where",
];

/// Splits a name into lower-case words at `_`, `-`, spaces and camelCase boundaries.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == ' ' || ch == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The name as lower-case snake_case words joined by `_` (`createdAt` → `created_at`);
/// borrowed without allocating when it already is.
pub fn snake(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') && !name.starts_with('_') && !name.ends_with('_') && !name.contains("__") {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(words(name).join("_"))
    }
}

/// Skips whitespace and comments from `i`.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'-') && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b.get(i) == Some(&b'/') && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i = (i + 2).min(b.len());
        } else {
            return i;
        }
    }
}

/// End of a quoted token starting at `i` (which holds the quote).
fn skip_quoted(b: &[u8], i: usize) -> usize {
    let q = match b[i] {
        b'[' => b']',
        c => c,
    };
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) && q != b']' {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
        i += 1;
    }
    i
}

/// Byte span of the data type in a column definition spanning `col` (which starts at the
/// column's name): the first word after the name plus its parameters, array brackets and
/// continuation words (`varying`, `precision`, `with time zone`, `unsigned`).
pub fn type_span(text: &str, col: Span) -> Option<Span> {
    let end = stmt_end(text, col.start).min(text.len());
    let b = &text.as_bytes()[..end];
    let mut i = col.start;
    if i >= b.len() {
        return None;
    }
    i = match b[i] {
        b'"' | b'`' | b'[' => skip_quoted(b, i),
        _ => word_end(b, i),
    };
    // the span must start at the column's name (not at a whole statement)
    if col.end > col.start && i > col.end {
        return None;
    }
    i = skip_ws(b, i);
    let start = i;
    let mut j = word_end(b, i);
    if j == start {
        return None;
    }
    let mut stop = j;
    loop {
        let k = skip_ws(b, j);
        if k >= b.len() {
            break;
        }
        if b[k] == b'(' || b[k] == b'[' {
            let close = if b[k] == b'(' { b')' } else { b']' };
            let mut m = k + 1;
            let mut depth = 1;
            while m < b.len() && depth > 0 {
                if b[m] == b[k] {
                    depth += 1;
                } else if b[m] == close {
                    depth -= 1;
                }
                m += 1;
            }
            if depth != 0 {
                break;
            }
            j = m;
            stop = m;
            continue;
        }
        let we = word_end(b, k);
        if we == k {
            break;
        }
        let w = text[k..we].to_ascii_lowercase();
        if matches!(w.as_str(), "varying" | "precision" | "with" | "without" | "time" | "zone" | "unsigned" | "zerofill" | "varbinary") {
            j = we;
            stop = we;
        } else {
            break;
        }
    }
    Some(Span::new(start, stop))
}

/// Offset just after the `;` ending the statement that contains `pos` (or the text's end).
pub fn stmt_end(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut i = pos.min(b.len());
    while i < b.len() {
        match b[i] {
            b';' => return i + 1,
            b'\'' | b'"' | b'`' => i = skip_quoted(b, i),
            b'-' | b'/' => {
                let k = skip_ws(b, i);
                i = if k > i { k } else { i + 1 };
            }
            b'$' => {
                // dollar quote $tag$ ... $tag$
                let mut te = i + 1;
                while te < b.len() && (b[te].is_ascii_alphanumeric() || b[te] == b'_') {
                    te += 1;
                }
                if b.get(te) == Some(&b'$') {
                    let tag = &text[i..=te];
                    match text[te + 1..].find(tag) {
                        Some(p) => i = te + 1 + p + tag.len(),
                        None => return b.len(),
                    }
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Position of the `)` closing the first `(` at or after `from`, before `limit`.
pub fn closing_paren(text: &str, from: usize, limit: usize) -> Option<usize> {
    let b = &text.as_bytes()[..limit.min(text.len())];
    let mut i = from;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                if depth == 1 {
                    return Some(i);
                }
                depth = depth.saturating_sub(1);
            }
            b'\'' | b'"' | b'`' => {
                i = skip_quoted(b, i);
                continue;
            }
            b'-' | b'/' => {
                let k = skip_ws(b, i);
                if k > i {
                    i = k;
                    continue;
                }
            }
            b';' if depth == 0 => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where to insert `, new_column ...` into a CREATE TABLE spanning from `start`: just after the
/// last item before its closing parenthesis. Returns `(offset, line_has_comment)`.
pub fn column_list_end(text: &str, start: usize) -> Option<usize> {
    let end = stmt_end(text, start);
    let close = closing_paren(text, start, end)?;
    // back over whitespace and comments to the end of the last item
    let before = &text[..close];
    let mut p = before.trim_end().len();
    // if the last line holds a `--` comment, insert before the comment
    let line_start = before[..p].rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..p];
    if let Some(c) = comment_start(line) {
        p = line_start + line[..c].trim_end().len();
    }
    Some(p)
}

/// Start of a `--` comment in one line, outside string literals.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' | b'"' | b'`' => i = skip_quoted(b, i),
            b'-' if b.get(i + 1) == Some(&b'-') => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Lower-cases, removes quotes and collapses whitespace (for comparing SQL expressions).
pub fn norm_expr(s: &str) -> String {
    let s: String = s.chars().filter(|c| *c != '"' && *c != '`').collect::<String>().to_ascii_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_start_matches('(').trim_end_matches(')').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_lists_are_sorted() {
        for l in [PG_RESERVED, MYSQL_RESERVED, SQLITE_RESERVED] {
            let mut s = l.to_vec();
            s.sort();
            assert_eq!(s, l.to_vec());
        }
        assert!(is_reserved(Dialect::Postgres, "User"));
        assert!(!is_reserved(Dialect::Mysql, "user"));
    }

    #[test]
    fn finds_type_spans() {
        let t = "  due_at timestamp(3) without time zone NOT NULL, x";
        let s = type_span(t, Span::new(2, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "timestamp(3) without time zone");
        let t = "\"Name\" character varying(20)[] DEFAULT 'x'";
        let s = type_span(t, Span::new(0, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "character varying(20)[]");
        let t = "color char(7) NOT NULL";
        let s = type_span(t, Span::new(0, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "char(7)");
    }

    #[test]
    fn statement_ends_and_column_lists() {
        let t = "CREATE TABLE a (\n  x int, -- c\n  y text -- d\n);\nSELECT 1;";
        assert_eq!(&t[..stmt_end(t, 0)], "CREATE TABLE a (\n  x int, -- c\n  y text -- d\n);");
        let p = column_list_end(t, 0).unwrap();
        assert_eq!(&t[..p], "CREATE TABLE a (\n  x int, -- c\n  y text");
        let t = "CREATE FUNCTION f() AS $$ a; b; $$; X";
        assert_eq!(stmt_end(t, 0), t.len() - 2);
    }

    #[test]
    fn splits_words() {
        assert_eq!(words("customerEmail"), vec!["customer", "email"]);
        assert_eq!(words("api_key"), vec!["api", "key"]);
        assert_eq!(words("phone2"), vec!["phone2"]);
    }
}
