//! SQL syntax highlighting for the editor, line by line.
//!
//! Contract: [`line_states`] scans the whole text once (O(n), no allocation per token) and returns
//! the lexer state at the start of every line, so the editor can highlight only the lines on
//! screen with [`render_line`]. Highlighting never fails: any byte sequence renders, and the
//! rendered HTML is escaped so hostile text cannot inject markup.

use crate::dialect::Dialect;

/// Lexer state carried from one line to the next (constructs that span lines).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LexState {
    #[default]
    Normal,
    BlockComment,
    Quoted(u8),
    Dollar(String),
}

/// The class of a highlighted run; the CSS class is `tok-<name>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Plain,
    Keyword,
    Type,
    String,
    Ident,
    Number,
    Comment,
    Punct,
}

impl Class {
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Keyword => "tok-kw",
            Class::Type => "tok-type",
            Class::String => "tok-str",
            Class::Ident => "tok-ident",
            Class::Number => "tok-num",
            Class::Comment => "tok-comment",
            Class::Punct => "tok-punct",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "ACTION", "ADD", "ALL", "ALTER", "ALWAYS", "AND", "AS", "ASC", "AUTOINCREMENT", "AUTO_INCREMENT",
    "BEFORE", "AFTER", "BEGIN", "BY", "CASCADE", "CASE", "CHECK", "COLLATE", "COLUMN", "COMMENT",
    "COMMIT", "CONCURRENTLY", "CONSTRAINT", "CREATE", "CURRENT_TIMESTAMP", "DEFAULT", "DEFERRABLE",
    "DELETE", "DESC", "DOMAIN", "DROP", "EACH", "ELSE", "ENABLE", "END", "ENGINE", "ENUM", "EXECUTE",
    "EXISTS", "EXTENSION", "FALSE", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "FUNCTION",
    "GENERATED", "GRANT", "IDENTITY", "IF", "IN", "INCLUDE", "INDEX", "INITIALLY", "INSERT", "INTO",
    "IS", "KEY", "LEVEL", "LIKE", "NO", "NOT", "NULL", "OF", "ON", "ONLY", "OR", "OWNED", "PARTITION",
    "POLICY", "PRIMARY", "PROCEDURE", "REFERENCES", "RENAME", "REPLACE", "RESTRICT", "RETURNS",
    "ROW", "ROWID", "SCHEMA", "SECURITY", "SELECT", "SEQUENCE", "SET", "STORED", "STRICT", "TABLE",
    "THEN", "TO", "TRIGGER", "TRUE", "TYPE", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "VIRTUAL",
    "WHEN", "WHERE", "WITH", "WITHOUT", "ZONE", "TIME", "VALIDATE", "VALID", "TRUNCATE", "TRANSACTION",
    "TEMPORARY", "TEMP", "UNLOGGED", "USE", "DELIMITER", "LOCK", "TABLES", "UNLOCK", "CHARSET",
    "CHARACTER", "MATCH", "FULL", "SIMPLE", "PARTIAL", "LANGUAGE", "DECLARE", "RETURN", "LIMIT",
];

const TYPES: &[&str] = &[
    "BIGINT", "BIGSERIAL", "BINARY", "BIT", "BLOB", "BOOL", "BOOLEAN", "BYTEA", "CHAR", "CITEXT",
    "DATE", "DATETIME", "DECIMAL", "DOUBLE", "FLOAT", "FLOAT4", "FLOAT8", "INET", "INT", "INT2",
    "INT4", "INT8", "INTEGER", "INTERVAL", "JSON", "JSONB", "LONGTEXT", "MEDIUMINT", "MEDIUMTEXT",
    "MONEY", "NUMERIC", "NUMBER", "REAL", "SERIAL", "SMALLINT", "SMALLSERIAL", "TEXT", "TIMESTAMP",
    "TIMESTAMPTZ", "TIMETZ", "TINYINT", "TINYTEXT", "UUID", "VARBINARY", "VARCHAR", "VARYING",
    "PRECISION", "TSVECTOR", "XML", "UNSIGNED", "LONGBLOB", "MEDIUMBLOB", "TINYBLOB", "YEAR", "CIDR",
    "MACADDR", "POINT", "GEOMETRY",
];

fn word_class(word: &str) -> Class {
    if word.len() > 20 {
        return Class::Plain;
    }
    let mut buf = [0u8; 20];
    let upper = &mut buf[..word.len()];
    upper.copy_from_slice(word.as_bytes());
    upper.make_ascii_uppercase();
    let upper = std::str::from_utf8(upper).unwrap_or("");
    if TYPES.contains(&upper) {
        Class::Type
    } else if KEYWORDS.contains(&upper) {
        Class::Keyword
    } else {
        Class::Plain
    }
}

/// Scans one line starting in `state`, calling `emit(class, start, end)` for each run (byte
/// offsets into `line`); returns the state at the end of the line.
pub fn lex_line(line: &str, mut state: LexState, dialect: Dialect, emit: &mut impl FnMut(Class, usize, usize)) -> LexState {
    let b = line.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        match state {
            LexState::BlockComment => {
                let start = i;
                match line[i..].find("*/") {
                    Some(p) => {
                        i += p + 2;
                        state = LexState::Normal;
                    }
                    None => i = n,
                }
                emit(Class::Comment, start, i);
            }
            LexState::Quoted(q) => {
                let start = i;
                let mut closed = false;
                while i < n {
                    let c = b[i];
                    if c == b'\\' && q != b'"' && dialect == Dialect::Mysql {
                        i = (i + 2).min(n);
                        continue;
                    }
                    i += 1;
                    if c == q {
                        if i < n && b[i] == q {
                            i += 1; // doubled quote escapes itself
                            continue;
                        }
                        closed = true;
                        break;
                    }
                }
                emit(if q == b'\'' { Class::String } else { Class::Ident }, start, i);
                if closed {
                    state = LexState::Normal;
                }
            }
            LexState::Dollar(ref tag) => {
                let start = i;
                match line[i..].find(tag.as_str()) {
                    Some(p) => {
                        i += p + tag.len();
                        state = LexState::Normal;
                    }
                    None => i = n,
                }
                emit(Class::String, start, i);
            }
            LexState::Normal => {
                let c = b[i];
                let start = i;
                if c == b'-' && b.get(i + 1) == Some(&b'-') || (c == b'#' && dialect == Dialect::Mysql) {
                    emit(Class::Comment, start, n);
                    i = n;
                } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
                    i += 2;
                    state = LexState::BlockComment;
                    emit(Class::Comment, start, i);
                } else if c == b'\'' || c == b'"' || c == b'`' {
                    i += 1;
                    state = LexState::Quoted(c);
                    emit(if c == b'\'' { Class::String } else { Class::Ident }, start, i);
                } else if c == b'[' && dialect == Dialect::Sqlite {
                    match line[i..].find(']') {
                        Some(p) => i += p + 1,
                        None => i = n,
                    }
                    emit(Class::Ident, start, i);
                } else if c == b'$' && dialect == Dialect::Postgres {
                    // $tag$ or $$ opens a dollar quote; $1 is a parameter.
                    let mut j = i + 1;
                    while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_') && !(j == i + 1 && b[j].is_ascii_digit()) {
                        j += 1;
                    }
                    if j < n && b[j] == b'$' {
                        let tag = line[i..=j].to_string();
                        i = j + 1;
                        state = LexState::Dollar(tag);
                        emit(Class::String, start, i);
                    } else {
                        i += 1;
                        while i < n && b[i].is_ascii_digit() {
                            i += 1;
                        }
                        emit(Class::Plain, start, i);
                    }
                } else if c.is_ascii_digit() {
                    while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
                        i += 1;
                    }
                    emit(Class::Number, start, i);
                } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
                    while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
                        i += 1;
                    }
                    emit(word_class(&line[start..i]), start, i);
                } else if c.is_ascii_whitespace() {
                    while i < n && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    emit(Class::Plain, start, i);
                } else {
                    i += 1;
                    emit(Class::Punct, start, i);
                }
            }
        }
    }
    state
}

/// The lexer state at the start of every line of `text` (`text.split('\n')` lines).
pub fn line_states(text: &str, dialect: Dialect) -> Vec<LexState> {
    let mut states = Vec::with_capacity(text.len() / 32 + 1);
    let mut state = LexState::Normal;
    for line in text.split('\n') {
        states.push(state.clone());
        state = lex_line(line, state, dialect, &mut |_, _, _| {});
    }
    states
}

/// A decoration over a byte range of one line (a diagnostic underline), with a CSS class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub class: &'static str,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Renders one line as HTML: token runs as `<span class="tok-…">`, wrapped in `<span class="…">`
/// where marks cover them. Returns the state for the next line.
pub fn render_line(line: &str, state: LexState, dialect: Dialect, marks: &[Mark], out: &mut String) -> LexState {
    let mut runs: Vec<(Class, usize, usize)> = Vec::new();
    let next = lex_line(line, state, dialect, &mut |c, s, e| match runs.last_mut() {
        Some(last) if last.0 == c && last.2 == s => last.2 = e,
        _ => runs.push((c, s, e)),
    });
    // Cut runs at mark boundaries so marks nest cleanly around whole spans.
    let mut cuts: Vec<usize> = marks.iter().flat_map(|m| [m.start.min(line.len()), m.end.min(line.len())]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    for (class, s, e) in runs {
        let mut pos = s;
        for &c in cuts.iter().filter(|&&c| c > s && c < e) {
            push_run(line, class, pos, c, marks, out);
            pos = c;
        }
        push_run(line, class, pos, e, marks, out);
    }
    // A mark past the end of the line (e.g. an error at end of input) still shows.
    for m in marks.iter().filter(|m| m.start >= line.len()) {
        out.push_str("<span class=\"");
        out.push_str(m.class);
        out.push_str(" mark-eol\"> </span>");
    }
    next
}

/// One token as HTML: escaped, in a `tok-*` span unless plain. (Also the code tabs' other
/// languages' lexers, see `codegen::highlight`.)
pub fn push_token(out: &mut String, class: Class, text: &str) {
    if class == Class::Plain {
        escape_html(text, out);
    } else {
        out.push_str("<span class=\"");
        out.push_str(class.css());
        out.push_str("\">");
        escape_html(text, out);
        out.push_str("</span>");
    }
}

fn push_run(line: &str, class: Class, s: usize, e: usize, marks: &[Mark], out: &mut String) {
    let Some(text) = line.get(s..e) else { return };
    if text.is_empty() {
        return;
    }
    let covering: Vec<&Mark> = marks.iter().filter(|m| m.start <= s && m.end >= e && m.start < m.end).collect();
    for m in &covering {
        out.push_str("<span class=\"");
        out.push_str(m.class);
        out.push_str("\">");
    }
    push_token(out, class, text);
    for _ in &covering {
        out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, dialect: Dialect) -> Vec<String> {
        let states = line_states(text, dialect);
        text.split('\n')
            .zip(states)
            .map(|(l, s)| {
                let mut out = String::new();
                render_line(l, s, dialect, &[], &mut out);
                out
            })
            .collect()
    }

    #[test]
    fn keywords_types_strings_comments() {
        let html = render("CREATE TABLE t (x int DEFAULT 'a--b'); -- done", Dialect::Postgres);
        assert_eq!(
            html[0],
            "<span class=\"tok-kw\">CREATE</span> <span class=\"tok-kw\">TABLE</span> t <span class=\"tok-punct\">(</span>x <span class=\"tok-type\">int</span> <span class=\"tok-kw\">DEFAULT</span> <span class=\"tok-str\">'a--b'</span><span class=\"tok-punct\">);</span> <span class=\"tok-comment\">-- done</span>"
        );
    }

    #[test]
    fn multi_line_constructs_carry_state() {
        let text = "/* a\nb */ x\n$body$\nSELECT 1;\n$body$ y\n'it''s\nstill'";
        let states = line_states(text, Dialect::Postgres);
        assert_eq!(states[1], LexState::BlockComment);
        assert_eq!(states[2], LexState::Normal);
        assert_eq!(states[3], LexState::Dollar("$body$".into()));
        assert_eq!(states[4], LexState::Dollar("$body$".into()));
        assert_eq!(states[5], LexState::Normal);
        assert_eq!(states[6], LexState::Quoted(b'\''));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let html = render("<script>alert(\"x\")</script> & '<b>'", Dialect::Mysql);
        assert!(!html[0].contains("<script>"));
        assert!(!html[0].contains("<b>"));
        assert!(html[0].contains("&lt;</span>script"));
        assert!(html[0].contains("'&lt;b&gt;'"));
    }

    #[test]
    fn marks_wrap_the_covered_text() {
        let mut out = String::new();
        let marks = [Mark { start: 7, end: 12, class: "diag-error" }];
        render_line("CREATE TABEL t", LexState::Normal, Dialect::Postgres, &marks, &mut out);
        assert!(out.contains("<span class=\"diag-error\">TABEL</span>"), "{out}");
        let mut eol = String::new();
        render_line("x", LexState::Normal, Dialect::Postgres, &[Mark { start: 5, end: 5, class: "d" }], &mut eol);
        assert!(eol.ends_with("<span class=\"d mark-eol\"> </span>"), "{eol}");
    }

    #[test]
    fn every_byte_sequence_renders() {
        for text in ["\u{0}'$", "$$", "$a", "[x", "`", "é$é$ 'ü", "\\'"] {
            for d in Dialect::ALL {
                render(text, d);
            }
        }
    }
}
