//! Small SQL text helpers for rules and fixes: finding a column's type in the source, statement
//! ends and column lists. No parser: a light scanner that respects strings, quoted identifiers and
//! comments. Quoting, literals, keywords and name words are [`crate::sqltext`]'s.

use crate::dialect::Dialect;
use crate::span::Span;
use crate::sqltext::scan;

/// Skips whitespace and comments from `i`.
fn skip_ws(d: Dialect, text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            Some(b'-' | b'/' | b'#') => match scan::skip(d, text, i) {
                Some(e) => i = e,
                None => return i,
            },
            _ => return i,
        }
    }
}

fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
        i += 1;
    }
    i
}

/// How far after a column's start its type is looked for: a type is short, and scanning each
/// column to its statement's end would make a 10,000-column table quadratic.
const TYPE_WINDOW: usize = 512;

/// Byte span of the data type in a column definition spanning `col` (which starts at the
/// column's name): the first word after the name plus its parameters, array brackets and
/// continuation words (`varying`, `precision`, `with time zone`, `unsigned`).
pub fn type_span(d: Dialect, text: &str, col: Span) -> Option<Span> {
    let b = text.as_bytes();
    let mut i = col.start;
    if i >= b.len() {
        return None;
    }
    i = match b[i] {
        b'"' | b'`' | b'[' => scan::skip(d, text, i).unwrap_or(b.len()),
        _ => word_end(b, i),
    };
    let mut window = i.saturating_add(TYPE_WINDOW).min(text.len());
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let text = &text[..stmt_end_before(d, text, col.start, window)];
    let b = text.as_bytes();
    // the span must start at the column's name (not at a whole statement)
    if col.end > col.start && i > col.end {
        return None;
    }
    i = skip_ws(d, text, i);
    let start = i;
    let mut j = word_end(b, i);
    if j == start {
        return None;
    }
    let mut stop = j;
    loop {
        let k = skip_ws(d, text, j);
        if k >= b.len() {
            break;
        }
        if b[k] == b'(' || b[k] == b'[' {
            let close = if b[k] == b'(' { b')' } else { b']' };
            let Some(m) = matching(d, text, k, b[k], close) else { break };
            j = m + 1;
            stop = j;
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

/// The `close` byte matching the `open` byte at `at`, outside quotes and comments.
fn matching(d: Dialect, text: &str, at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0i64;
    let mut found = None;
    scan::code_bytes(d, &text[at..], |i, c| {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                found = Some(at + i);
                return false;
            }
        }
        true
    });
    found
}

/// Offset just after the `;` ending the statement that contains `pos` (or the text's end).
pub fn stmt_end(d: Dialect, text: &str, pos: usize) -> usize {
    stmt_end_before(d, text, pos, text.len())
}

/// [`stmt_end`], looking no further than `limit`.
fn stmt_end_before(d: Dialect, text: &str, pos: usize, limit: usize) -> usize {
    let limit = limit.min(text.len());
    let pos = pos.min(limit);
    let mut end = limit;
    scan::code_bytes(d, &text[pos..limit], |i, c| {
        if c == b';' {
            end = pos + i + 1;
            return false;
        }
        true
    });
    end
}

/// Position of the `)` closing the first `(` at or after `from`, before `limit` (none when a `;`
/// ends the statement first).
pub fn closing_paren(d: Dialect, text: &str, from: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(text.len());
    let mut depth = 0usize;
    let mut found = None;
    scan::code_bytes(d, text.get(from..limit)?, |i, c| {
        match c {
            b'(' => depth += 1,
            b')' => {
                if depth == 1 {
                    found = Some(from + i);
                    return false;
                }
                depth = depth.saturating_sub(1);
            }
            b';' if depth == 0 => return false,
            _ => {}
        }
        true
    });
    found
}

/// Where to insert `, new_column ...` into a CREATE TABLE spanning from `start`: just after the
/// last item before its closing parenthesis (before a `--` comment ending that line).
pub fn column_list_end(d: Dialect, text: &str, start: usize) -> Option<usize> {
    let end = stmt_end(d, text, start);
    let close = closing_paren(d, text, start, end)?;
    // back over whitespace and comments to the end of the last item
    let before = &text[..close];
    let mut p = before.trim_end().len();
    // if the last line holds a `--` comment, insert before the comment (the line is searched for
    // from the statement's start at the earliest: in a schema written on one line, searching back
    // from each table to the text's start was quadratic, 25 % of lint's time at 1 MB)
    let from = start.min(p);
    let line_start = before[from..p].rfind('\n').map_or(from, |i| from + i + 1);
    let line = &before[line_start..p];
    if let Some(c) = comment_start(d, line) {
        p = line_start + line[..c].trim_end().len();
    }
    Some(p)
}

/// Start of a `--` comment in one line, outside string literals.
fn comment_start(d: Dialect, line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'-' && b.get(i + 1) == Some(&b'-') {
            return Some(i);
        }
        i = match scan::skip(d, line, i) {
            Some(e) => e.max(i + 1),
            None => i + 1,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_type_spans() {
        let t = "  due_at timestamp(3) without time zone NOT NULL, x";
        let s = type_span(Dialect::Postgres, t, Span::new(2, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "timestamp(3) without time zone");
        let t = "\"Name\" character varying(20)[] DEFAULT 'x'";
        let s = type_span(Dialect::Postgres, t, Span::new(0, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "character varying(20)[]");
        let t = "color char(7) NOT NULL";
        let s = type_span(Dialect::Postgres, t, Span::new(0, t.len())).unwrap();
        assert_eq!(&t[s.start..s.end], "char(7)");
    }

    #[test]
    fn statement_ends_and_column_lists() {
        let t = "CREATE TABLE a (\n  x int, -- c\n  y text -- d\n);\nSELECT 1;";
        assert_eq!(&t[..stmt_end(Dialect::Postgres, t, 0)], "CREATE TABLE a (\n  x int, -- c\n  y text -- d\n);");
        let p = column_list_end(Dialect::Postgres, t, 0).unwrap();
        assert_eq!(&t[..p], "CREATE TABLE a (\n  x int, -- c\n  y text");
        let t = "CREATE FUNCTION f() AS $$ a; b; $$; X";
        assert_eq!(stmt_end(Dialect::Postgres, t, 0), t.len() - 2);
        // a backslash-escaped quote and a `)` inside a string (MySQL)
        let t = "CREATE TABLE a (\n  x varchar(9) DEFAULT 'it\\'s;)' -- e\n);\nSELECT 1;";
        assert_eq!(&t[..stmt_end(Dialect::Mysql, t, 0)], "CREATE TABLE a (\n  x varchar(9) DEFAULT 'it\\'s;)' -- e\n);");
        let p = column_list_end(Dialect::Mysql, t, 0).unwrap();
        assert_eq!(&t[..p], "CREATE TABLE a (\n  x varchar(9) DEFAULT 'it\\'s;)'");
        let s = type_span(Dialect::Mysql, t, Span::new(19, 60)).unwrap();
        assert_eq!(&t[s.start..s.end], "varchar(9)");
    }

    /// Statements on one line: the insertion point of each is found from its own start (a `--`
    /// or a string of an earlier statement on the line changes nothing; issue 21: the line was
    /// rescanned from its start per table, quadratic for a schema written on one line).
    #[test]
    fn column_list_end_on_a_shared_line() {
        let t = "SELECT '--'; /* -- */ CREATE TABLE a (x int); CREATE TABLE b (y int, z text) -- c\n;";
        let p = column_list_end(Dialect::Postgres, t, t.find("CREATE TABLE a").unwrap()).unwrap();
        assert_eq!(&t[..p], "SELECT '--'; /* -- */ CREATE TABLE a (x int");
        let p = column_list_end(Dialect::Postgres, t, t.find("CREATE TABLE b").unwrap()).unwrap();
        assert!(t[..p].ends_with("CREATE TABLE b (y int, z text"), "{}", &t[..p]);
    }
}
