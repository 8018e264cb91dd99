//! Splits a script into statements without parsing them.
//!
//! Contract: byte-level scanner, never panics, never fails. Knows single/double/backtick quotes,
//! SQLite `[bracket]` identifiers, `--`, MySQL `#` and (PostgreSQL: nested) `/* */` comments,
//! MySQL/MariaDB conditional comments `/*!40101 ... */` / `/*M!100401 ... */` (their markers are
//! blanked so the content reads as SQL), PostgreSQL dollar quotes, MySQL `DELIMITER xx` lines,
//! psql meta-commands (`\connect`, `\restrict`) and `COPY ... FROM stdin` data blocks ending at `\.`.
//! Returns the cleaned text (same length as the input, only ASCII bytes replaced by spaces, so
//! every offset stays valid) and each statement's byte range (without its delimiter).

use crate::dialect::Dialect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// An SQL statement.
    Sql,
    /// A client-side directive: `DELIMITER`, a psql `\command`.
    Meta,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawStmt {
    pub start: usize,
    pub end: usize,
    pub kind: RawKind,
    /// The statement ran to the end of the text inside an unterminated quote or comment.
    pub unterminated: Option<&'static str>,
    /// A `COPY ... FROM stdin` data block followed (skipped).
    pub copy_data: bool,
}

pub struct Split {
    pub text: String,
    pub stmts: Vec<RawStmt>,
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// End (exclusive) of the line containing `i` (the index of the `\n` or the text length).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

pub fn split(src: &str, dialect: Dialect) -> Split {
    let b = src.as_bytes();
    let n = b.len();
    let mut clean = b.to_vec();
    let mut stmts = Vec::new();
    let mut start: Option<usize> = None;
    let mut unterminated: Option<&'static str> = None;
    let mut delim: Vec<u8> = b";".to_vec();
    let mut cond_depth = 0usize;
    let mysql = dialect == Dialect::Mysql;
    let pg = dialect == Dialect::Postgres;
    let sqlite = dialect == Dialect::Sqlite;
    let mut i = 0usize;

    while i < n {
        let c = b[i];
        if start.is_none() {
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            // DELIMITER directive (mysql client), only at statement start.
            if mysql && n - i >= 10 && b[i..i + 9].eq_ignore_ascii_case(b"DELIMITER") && b[i + 9].is_ascii_whitespace() {
                let e = line_end(b, i);
                let arg = src.get(i + 9..e).unwrap_or("").trim();
                if !arg.is_empty() {
                    delim = arg.as_bytes().to_vec();
                }
                stmts.push(RawStmt { start: i, end: e, kind: RawKind::Meta, unterminated: None, copy_data: false });
                i = e;
                continue;
            }
            // psql meta-command: a backslash at the start of a statement runs to the end of the line.
            if c == b'\\' {
                let e = line_end(b, i);
                stmts.push(RawStmt { start: i, end: e, kind: RawKind::Meta, unterminated: None, copy_data: false });
                i = e;
                continue;
            }
        }
        // Comments.
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            i = line_end(b, i);
            continue;
        }
        if c == b'#' && mysql {
            i = line_end(b, i);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // MySQL / MariaDB conditional comment: the content is SQL.
            let cond = if b.get(i + 2) == Some(&b'!') {
                Some(i + 3)
            } else if b.get(i + 2) == Some(&b'M') && b.get(i + 3) == Some(&b'!') {
                Some(i + 4)
            } else {
                None
            };
            if let (Some(mut j), true) = (cond, mysql) {
                while j < n && b[j].is_ascii_digit() {
                    j += 1;
                }
                for x in &mut clean[i..j] {
                    *x = b' ';
                }
                cond_depth += 1;
                i = j;
                continue;
            }
            // Ordinary comment (nests in PostgreSQL).
            let mut depth = 1usize;
            let mut j = i + 2;
            while j < n && depth > 0 {
                if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else if pg && b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            if depth > 0 && start.is_some() {
                unterminated = Some("comment");
            }
            i = j.min(n);
            continue;
        }
        if cond_depth > 0 && c == b'*' && b.get(i + 1) == Some(&b'/') {
            clean[i] = b' ';
            clean[i + 1] = b' ';
            cond_depth -= 1;
            i += 2;
            continue;
        }
        // Statement delimiter.
        if c == delim[0] && b[i..].starts_with(&delim) {
            // A trigger body `BEGIN ... END` (SQLite, MySQL without DELIMITER) holds `;`s: the
            // statement ends only at the `;` after `END`.
            if let Some(s) = start {
                if delim == b";" && !pg && in_trigger_body(&clean[s..i]) {
                    i += 1;
                    continue;
                }
            }
            if let Some(s) = start.take() {
                let end = trim_end(b, s, i);
                let mut st = RawStmt { start: s, end, kind: RawKind::Sql, unterminated: unterminated.take(), copy_data: false };
                i += delim.len();
                if delim != b";" && !is_routine(&clean[s..end]) {
                    // With a custom DELIMITER the client sends the chunk as one multi-statement
                    // batch: split it again at `;`.
                    resplit(src, s, end, dialect, &mut clean, &mut stmts);
                    continue;
                }
                if pg && is_copy_from_stdin(&clean[s..end]) {
                    st.copy_data = true;
                    i = skip_copy_data(b, i);
                }
                stmts.push(st);
            } else {
                i += delim.len();
            }
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        match c {
            b'\'' => {
                let backslash = mysql || (pg && i > 0 && (b[i - 1] == b'E' || b[i - 1] == b'e') && (i < 2 || !is_ident_byte(b[i - 2])));
                i = skip_quoted(b, i, b'\'', backslash, &mut unterminated, "string");
            }
            b'"' => i = skip_quoted(b, i, b'"', mysql, &mut unterminated, "quoted identifier"),
            b'`' if !pg => i = skip_quoted(b, i, b'`', false, &mut unterminated, "backtick identifier"),
            b'[' if sqlite => {
                let e = b[i + 1..].iter().position(|&x| x == b']').map_or(n, |p| i + 1 + p + 1);
                if e == n && b.last() != Some(&b']') {
                    unterminated = Some("bracket identifier");
                }
                i = e;
            }
            b'$' if pg && (i == 0 || !is_ident_byte(b[i - 1])) => {
                if let Some(tag_end) = dollar_tag(b, i) {
                    let tag = &b[i..tag_end];
                    let body = tag_end;
                    match find(&b[body..], tag) {
                        Some(p) => i = body + p + tag.len(),
                        None => {
                            unterminated = Some("dollar-quoted string");
                            i = n;
                        }
                    }
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    if let Some(s) = start {
        let end = trim_end(b, s, n);
        if end > s && delim != b";" && unterminated.is_none() && !is_routine(&clean[s..end]) {
            resplit(src, s, end, dialect, &mut clean, &mut stmts);
        } else if end > s {
            stmts.push(RawStmt { start: s, end, kind: RawKind::Sql, unterminated, copy_data: false });
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so this is still UTF-8.
    let text = String::from_utf8(clean).unwrap_or_else(|_| src.to_string());
    Split { text, stmts }
}

/// A stored program (its body holds `;`s): CREATE [DEFINER=..] PROCEDURE/FUNCTION/TRIGGER/EVENT, or a bare BEGIN block.
fn is_routine(stmt: &[u8]) -> bool {
    let head = stmt[..stmt.len().min(400)].to_ascii_uppercase();
    let words: Vec<&[u8]> = head.split(|c| !is_ident_byte(*c)).filter(|w| !w.is_empty()).take(12).collect();
    match words.first() {
        Some(w) if *w == b"CREATE" => words.iter().any(|w| matches!(*w, b"PROCEDURE" | b"FUNCTION" | b"TRIGGER" | b"EVENT")),
        Some(w) => matches!(*w, b"BEGIN" | b"IF" | b"WHILE" | b"REPEAT" | b"LOOP" | b"DECLARE"),
        None => false,
    }
}

/// Splits `src[s..e]` again with the `;` delimiter and appends its statements.
fn resplit(src: &str, s: usize, e: usize, dialect: Dialect, clean: &mut [u8], stmts: &mut Vec<RawStmt>) {
    let Some(sub) = src.get(s..e) else { return };
    let inner = split(sub, dialect);
    clean[s..e].copy_from_slice(inner.text.as_bytes());
    for mut st in inner.stmts {
        st.start += s;
        st.end += s;
        stmts.push(st);
    }
}

/// Whether `stmt` (text so far, before a `;`) is a stored program (trigger, procedure, ...) whose
/// `BEGIN ... END` body is still open. Counts BEGIN and CASE against END (`END IF/LOOP/WHILE/REPEAT`
/// close other blocks; `END CASE` closes a CASE).
fn in_trigger_body(stmt: &[u8]) -> bool {
    if !is_routine(stmt) {
        return false;
    }
    let upper = stmt.to_ascii_uppercase();
    let words: Vec<&[u8]> = upper.split(|c| !is_ident_byte(*c)).filter(|w| !w.is_empty()).collect();
    let mut depth = 0i32;
    let mut seen_begin = false;
    let mut k = 0;
    while k < words.len() {
        match words[k] {
            b"BEGIN" => {
                depth += 1;
                seen_begin = true;
            }
            b"CASE" if seen_begin => depth += 1,
            b"END" => {
                let next = words.get(k + 1).copied().unwrap_or(b"");
                if matches!(next, b"IF" | b"LOOP" | b"WHILE" | b"REPEAT") {
                    k += 1;
                } else {
                    if next == b"CASE" {
                        k += 1;
                    }
                    depth -= 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    seen_begin && depth > 0
}

fn trim_end(b: &[u8], s: usize, mut e: usize) -> usize {
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    e
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `$$` or `$tag$` starting at `i`: returns the index after the opening tag.
fn dollar_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if j < b.len() && (b[j].is_ascii_digit()) {
        return None;
    }
    while j < b.len() && is_ident_byte(b[j]) {
        j += 1;
    }
    (j < b.len() && b[j] == b'$').then_some(j + 1)
}

fn skip_quoted(b: &[u8], i: usize, q: u8, backslash: bool, unterminated: &mut Option<&'static str>, what: &'static str) -> usize {
    let n = b.len();
    let mut j = i + 1;
    while j < n {
        let c = b[j];
        if backslash && c == b'\\' {
            j += 2;
            continue;
        }
        if c == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    *unterminated = Some(what);
    n
}

fn is_copy_from_stdin(stmt: &[u8]) -> bool {
    if stmt.len() < 4 || !stmt[..4].eq_ignore_ascii_case(b"COPY") {
        return false;
    }
    let lower = stmt.to_ascii_lowercase();
    find(&lower, b"stdin").is_some()
}

/// Skips a COPY data block: from the next line up to and including the line `\.`.
fn skip_copy_data(b: &[u8], i: usize) -> usize {
    let mut j = line_end(b, i);
    while j < b.len() {
        let s = j + 1;
        let e = line_end(b, s);
        let line = &b[s.min(b.len())..e];
        let line = if line.last() == Some(&b'\r') { &line[..line.len() - 1] } else { line };
        if line == b"\\." {
            return e;
        }
        j = e;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, d: Dialect) -> Vec<String> {
        let s = split(src, d);
        s.stmts.iter().map(|r| s.text[r.start..r.end].to_string()).collect()
    }

    #[test]
    fn quotes_and_comments() {
        let t = texts("-- x;\nCREATE TABLE \"a;\" (x text DEFAULT 'a;''b'); /* ; */ SELECT 1;", Dialect::Postgres);
        assert_eq!(t, vec!["CREATE TABLE \"a;\" (x text DEFAULT 'a;''b')", "SELECT 1"]);
    }

    #[test]
    fn dollar_quotes() {
        let t = texts("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT $$;$$;", Dialect::Postgres);
        assert_eq!(t.len(), 2);
        assert!(t[0].ends_with("LANGUAGE sql"));
    }

    #[test]
    fn nested_pg_comment() {
        let t = texts("/* a /* b; */ c; */ SELECT 1;", Dialect::Postgres);
        assert_eq!(t, vec!["SELECT 1"]);
    }

    #[test]
    fn mysql_conditional_comments_and_delimiter() {
        let src = "/*!40101 SET NAMES utf8 */;\n# hash comment;\nCREATE TABLE `t;` (a int) /*!50100 PARTITION BY HASH(a) */;\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END ;;\nDELIMITER ;\nSELECT 'it\\'s;';";
        let s = split(src, Dialect::Mysql);
        let t: Vec<&str> = s.stmts.iter().map(|r| s.text[r.start..r.end].trim()).collect();
        assert_eq!(t[0], "SET NAMES utf8");
        assert_eq!(t[1].split_whitespace().collect::<Vec<_>>().join(" "), "CREATE TABLE `t;` (a int) PARTITION BY HASH(a)");
        assert_eq!(s.stmts[2].kind, RawKind::Meta);
        assert!(t[3].starts_with("CREATE TRIGGER") && t[3].ends_with("END"));
        assert_eq!(t[5], "SELECT 'it\\'s;'");
        assert_eq!(s.text.len(), src.len());
    }

    #[test]
    fn trigger_bodies_keep_their_semicolons() {
        let src = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END;\nCREATE TABLE d (x int);";
        let t = texts(src, Dialect::Sqlite);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("END"));
    }

    #[test]
    fn custom_delimiter_batches_split_again() {
        let src = "DELIMITER //\nSET a = 1;\nCREATE TABLE t (x int);\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\n";
        let s = split(src, Dialect::Mysql);
        let t: Vec<&str> = s.stmts.iter().map(|r| s.text[r.start..r.end].trim()).collect();
        assert_eq!(t[1..4], ["SET a = 1", "CREATE TABLE t (x int)", "CREATE PROCEDURE p() BEGIN SELECT 1; END"]);
    }

    #[test]
    fn copy_data_and_meta() {
        let src = "\\restrict abc\nCOPY public.t (a, b) FROM stdin;\n1\tx;y\n2\t'\n\\.\n\nCREATE TABLE t (a int);";
        let t = texts(src, Dialect::Postgres);
        assert_eq!(t, vec!["\\restrict abc", "COPY public.t (a, b) FROM stdin", "CREATE TABLE t (a int)"]);
    }

    #[test]
    fn sqlite_brackets_and_unterminated() {
        let t = texts("CREATE TABLE [a;b] ([c;] int);", Dialect::Sqlite);
        assert_eq!(t.len(), 1);
        let s = split("SELECT 'oops; CREATE TABLE x (a int);", Dialect::Sqlite);
        assert_eq!(s.stmts.len(), 1);
        assert_eq!(s.stmts[0].unterminated, Some("string"));
    }
}
