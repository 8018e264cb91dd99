//! Syntax highlighting, line by line: SQL in each dialect, every other input language the
//! playground reads (Prisma, DBML, Drizzle's TypeScript, catalog JSON), and Mermaid, for the
//! editor and for the generated code (`codegen::highlight` picks the [`Syntax`] of a target).
//!
//! Contract: [`line_states`] scans the whole text once (O(n), no allocation per token) and returns
//! the lexer state at the start of every line, so the editor can highlight only the lines on
//! screen with [`render_line`]. Highlighting never fails: any byte sequence renders, and the
//! rendered HTML is escaped so hostile text cannot inject markup.
//!
//! One lexer serves every language: a [`Syntax`] (language + SQL dialect) says which comments,
//! quotes and words it has. Functions taking `impl Into<Syntax>` accept a plain [`Dialect`] for
//! SQL.

use crate::dialect::Dialect;
use crate::parse::InputKind;

/// A language the lexer reads: each input language, and Mermaid (generated only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Sql,
    Prisma,
    Dbml,
    /// TypeScript: Drizzle schemas read, and the TypeScript, Zod and Drizzle code generated.
    TypeScript,
    /// JSON: the catalog query's answer.
    Json,
    /// Mermaid's `erDiagram`.
    Mermaid,
}

impl Lang {
    pub const ALL: [Lang; 6] = [Lang::Sql, Lang::Prisma, Lang::Dbml, Lang::TypeScript, Lang::Json, Lang::Mermaid];
}

impl From<InputKind> for Lang {
    fn from(kind: InputKind) -> Lang {
        match kind {
            InputKind::Sql => Lang::Sql,
            InputKind::Prisma => Lang::Prisma,
            InputKind::Dbml => Lang::Dbml,
            InputKind::Drizzle => Lang::TypeScript,
            InputKind::Catalog => Lang::Json,
        }
    }
}

/// What the lexer reads: a language and, for SQL, its dialect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Syntax {
    pub lang: Lang,
    pub dialect: Dialect,
}

impl Syntax {
    /// The syntax of an input in `kind` (`dialect` for SQL).
    pub fn new(kind: InputKind, dialect: Dialect) -> Syntax {
        Syntax { lang: kind.into(), dialect }
    }

    /// The syntax of a language other than SQL.
    pub fn of(lang: Lang) -> Syntax {
        Syntax { lang, dialect: Dialect::default() }
    }

    fn sql(self, dialect: Dialect) -> bool {
        self.lang == Lang::Sql && self.dialect == dialect
    }

    /// Whether a line comment starts at `b[i..]`.
    fn line_comment(self, b: &[u8], i: usize) -> bool {
        let next = b.get(i + 1).copied();
        match self.lang {
            Lang::Sql => (b[i] == b'-' && next == Some(b'-')) || (b[i] == b'#' && self.dialect == Dialect::Mysql),
            Lang::Json => false,
            Lang::Mermaid => b[i] == b'%' && next == Some(b'%'),
            _ => b[i] == b'/' && next == Some(b'/'),
        }
    }

    /// Whether `/* … */` is a comment.
    fn block_comments(self) -> bool {
        !matches!(self.lang, Lang::Prisma | Lang::Json | Lang::Mermaid)
    }

    /// Whether `c` opens a quoted run.
    fn quote(self, c: u8) -> bool {
        match self.lang {
            Lang::Prisma | Lang::Json | Lang::Mermaid => c == b'"',
            _ => c == b'\'' || c == b'"' || c == b'`',
        }
    }

    /// The class of a quoted run: a string, or a quoted name (SQL's `"` and `` ` ``, DBML's `"`).
    fn quoted_class(self, q: u8) -> Class {
        match self.lang {
            Lang::Sql if q != b'\'' => Class::Ident,
            Lang::Dbml if q == b'"' => Class::Ident,
            _ => Class::String,
        }
    }

    /// Whether a backslash escapes the next byte inside `q` quotes.
    fn backslash(self, q: u8) -> bool {
        match self.lang {
            Lang::Sql => q != b'"' && self.dialect == Dialect::Mysql,
            Lang::Mermaid => false,
            _ => true,
        }
    }

    /// Whether a doubled quote stands for one (SQL's `'it''s'`).
    fn doubled_quotes(self) -> bool {
        self.lang == Lang::Sql
    }
}

impl From<Dialect> for Syntax {
    fn from(dialect: Dialect) -> Syntax {
        Syntax { lang: Lang::Sql, dialect }
    }
}

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

const PRISMA_KEYWORDS: &[&str] = &["model", "enum", "datasource", "generator", "view", "type", "true", "false", "null"];
const PRISMA_TYPES: &[&str] = &["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes", "Unsupported"];
/// DBML's words (it reads them in any case).
const DBML_KEYWORDS: &[&str] = &[
    "TABLE", "REF", "ENUM", "PROJECT", "TABLEGROUP", "TABLEPARTIAL", "NOTE", "INDEXES", "AS", "PK", "INCREMENT", "UNIQUE", "NOT",
    "NULL", "DEFAULT", "PRIMARY", "KEY", "DELETE", "UPDATE", "CASCADE", "RESTRICT", "SET", "NO", "ACTION", "TRUE", "FALSE",
    "DATABASE_TYPE", "HEADERCOLOR", "NAME", "TYPE",
];
const TS_KEYWORDS: &[&str] = &[
    "import", "export", "from", "const", "let", "var", "function", "return", "new", "as", "type", "interface", "default",
    "async", "await", "true", "false", "null", "undefined", "extends", "typeof", "satisfies", "enum",
];
const JSON_KEYWORDS: &[&str] = &["true", "false", "null"];
/// Mermaid's words: the diagram kind and an attribute's key markers.
const MERMAID_KEYWORDS: &[&str] = &["erDiagram", "PK", "FK", "UK", "direction", "title"];

fn word_class(word: &str, syntax: Syntax) -> Class {
    match syntax.lang {
        Lang::Sql => {}
        Lang::Prisma if PRISMA_KEYWORDS.contains(&word) => return Class::Keyword,
        Lang::Prisma if PRISMA_TYPES.contains(&word) => return Class::Type,
        Lang::Prisma | Lang::Json if JSON_KEYWORDS.contains(&word) => return Class::Keyword,
        Lang::Prisma | Lang::Json => return Class::Plain,
        Lang::TypeScript if TS_KEYWORDS.contains(&word) => return Class::Keyword,
        // Drizzle's table and enum builders, then its column builders (`text`, `integer`, …: SQL's type words).
        Lang::TypeScript if word.ends_with("Table") || word.ends_with("Enum") || word == "pgSchema" => return Class::Type,
        Lang::TypeScript => return if sql_word(word) == Class::Type { Class::Type } else { Class::Plain },
        Lang::Dbml if word.len() <= 20 && DBML_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word)) => return Class::Keyword,
        Lang::Dbml => return if sql_word(word) == Class::Type { Class::Type } else { Class::Plain },
        Lang::Mermaid if MERMAID_KEYWORDS.contains(&word) => return Class::Keyword,
        // An attribute's type is a SQL type written as one word (`timestamp_with_time_zone`).
        Lang::Mermaid => {
            let head = word.split('_').next().unwrap_or(word);
            return if sql_word(head) == Class::Type { Class::Type } else { Class::Plain };
        }
    }
    sql_word(word)
}

/// SQL's keywords and type names, in any case.
fn sql_word(word: &str) -> Class {
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
pub fn lex_line(line: &str, mut state: LexState, syntax: impl Into<Syntax>, emit: &mut impl FnMut(Class, usize, usize)) -> LexState {
    let syntax = syntax.into();
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
                    if c == b'\\' && syntax.backslash(q) {
                        i = (i + 2).min(n);
                        continue;
                    }
                    i += 1;
                    if c == q {
                        if i < n && b[i] == q && syntax.doubled_quotes() {
                            i += 1; // doubled quote escapes itself
                            continue;
                        }
                        closed = true;
                        break;
                    }
                }
                emit(syntax.quoted_class(q), start, i);
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
                if syntax.line_comment(b, i) {
                    emit(Class::Comment, start, n);
                    i = n;
                } else if c == b'/' && b.get(i + 1) == Some(&b'*') && syntax.block_comments() {
                    i += 2;
                    state = LexState::BlockComment;
                    emit(Class::Comment, start, i);
                } else if syntax.quote(c) {
                    i += 1;
                    state = LexState::Quoted(c);
                    emit(syntax.quoted_class(c), start, i);
                } else if c == b'@' && syntax.lang == Lang::Prisma {
                    // An attribute: `@id`, `@@index`, `@db.VarChar`.
                    while i < n && (b[i] == b'@' || b[i] == b'.' || b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                        i += 1;
                    }
                    emit(Class::Keyword, start, i);
                } else if c == b'[' && syntax.sql(Dialect::Sqlite) {
                    match line[i..].find(']') {
                        Some(p) => i += p + 1,
                        None => i = n,
                    }
                    emit(Class::Ident, start, i);
                } else if c == b'$' && syntax.sql(Dialect::Postgres) {
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
                    emit(word_class(&line[start..i], syntax), start, i);
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
pub fn line_states(text: &str, syntax: impl Into<Syntax>) -> Vec<LexState> {
    let syntax = syntax.into();
    let mut states = Vec::with_capacity(text.len() / 32 + 1);
    let mut state = LexState::Normal;
    for line in text.split('\n') {
        states.push(state.clone());
        state = lex_line(line, state, syntax, &mut |_, _, _| {});
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
pub fn render_line(line: &str, state: LexState, syntax: impl Into<Syntax>, marks: &[Mark], out: &mut String) -> LexState {
    let mut runs: Vec<(Class, usize, usize)> = Vec::new();
    let next = lex_line(line, state, syntax, &mut |c, s, e| match runs.last_mut() {
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
    if class == Class::Plain {
        escape_html(text, out);
    } else {
        out.push_str("<span class=\"");
        out.push_str(class.css());
        out.push_str("\">");
        escape_html(text, out);
        out.push_str("</span>");
    }
    for _ in &covering {
        out.push_str("</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, syntax: impl Into<Syntax>) -> Vec<String> {
        let syntax = syntax.into();
        let states = line_states(text, syntax);
        text.split('\n')
            .zip(states)
            .map(|(l, s)| {
                let mut out = String::new();
                render_line(l, s, syntax, &[], &mut out);
                out
            })
            .collect()
    }

    /// The runs of one class in a rendered line, in order.
    fn runs(html: &str, class: &str) -> Vec<String> {
        let open = format!("<span class=\"{class}\">");
        html.match_indices(&open).map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let run = &rest[..rest.find("</span>").unwrap_or(rest.len())];
            run.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        }).collect()
    }

    fn lang(kind: InputKind) -> Syntax {
        Syntax::new(kind, Dialect::Postgres)
    }

    #[test]
    fn mermaid_keywords_types_labels_and_comments() {
        let text = "erDiagram\n    users ||--o{ orders : \"places\"\n    users {\n        timestamp_with_time_zone created_at PK, FK \"not -- null\" %% note\n    }";
        let html = render(text, Syntax::of(Lang::Mermaid));
        assert_eq!(runs(&html[0], "tok-kw"), ["erDiagram"]);
        assert_eq!(runs(&html[1], "tok-str"), ["\"places\""]);
        assert_eq!(runs(&html[1], "tok-punct").concat(), "||--{:", "the arrow but its `o` (a word)");
        assert_eq!(runs(&html[3], "tok-type"), ["timestamp_with_time_zone"]);
        assert_eq!(runs(&html[3], "tok-kw"), ["PK", "FK"]);
        assert_eq!(runs(&html[3], "tok-str"), ["\"not -- null\""], "SQL's comment means nothing in a label");
        assert_eq!(runs(&html[3], "tok-comment"), ["%% note"]);
        assert!(runs(&html[3], "tok-type").iter().all(|t| t != "created_at"), "a name is not a type");
    }

    #[test]
    fn prisma_blocks_types_attributes_and_comments() {
        let text = "model User {\n  id   Int    @id // the key\n  name String @db.VarChar(10) @default(\"a // b\")\n  @@index([name])\n}";
        let html = render(text, lang(InputKind::Prisma));
        assert_eq!(runs(&html[0], "tok-kw"), ["model"]);
        assert_eq!(runs(&html[1], "tok-type"), ["Int"]);
        assert_eq!(runs(&html[1], "tok-kw"), ["@id"]);
        assert_eq!(runs(&html[1], "tok-comment"), ["// the key"]);
        // `//` inside a string is not a comment; SQL's `--` and `'` mean nothing in Prisma.
        assert_eq!(runs(&html[2], "tok-str"), ["\"a // b\""]);
        assert_eq!(runs(&html[2], "tok-kw"), ["@db.VarChar", "@default"]);
        assert!(runs(&html[2], "tok-comment").is_empty());
        assert_eq!(runs(&html[3], "tok-kw"), ["@@index"]);
        let html = render("  x Int // it's -- fine\n  y String", lang(InputKind::Prisma));
        assert_eq!(runs(&html[1], "tok-type"), ["String"], "an apostrophe in a comment opens nothing");
    }

    #[test]
    fn dbml_keywords_in_any_case_quoted_names_and_multi_line_notes() {
        let text = "table \"my users\" {\n  id int [pk, note: 'the key'] // c\n}\nRef: a.id > b.id\nNote: '''\nmany\nlines'''\nTable t {}";
        let html = render(text, lang(InputKind::Dbml));
        assert_eq!(runs(&html[0], "tok-kw"), ["table"]);
        assert_eq!(runs(&html[0], "tok-ident"), ["\"my users\""]);
        assert_eq!(runs(&html[1], "tok-kw"), ["pk", "note"]);
        assert_eq!(runs(&html[1], "tok-type"), ["int"]);
        assert_eq!(runs(&html[1], "tok-str"), ["'the key'"]);
        assert_eq!(runs(&html[1], "tok-comment"), ["// c"]);
        assert_eq!(runs(&html[3], "tok-kw"), ["Ref"]);
        assert_eq!(runs(&html[5], "tok-str"), ["many"], "inside the ''' note");
        assert_eq!(runs(&html[7], "tok-kw"), ["Table"], "the note ended");
    }

    #[test]
    fn drizzle_typescript_strings_templates_and_comments() {
        let text = "import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { // cols\n  name: text(`a\nb`).notNull(), n: x--,\n});";
        let html = render(text, lang(InputKind::Drizzle));
        assert_eq!(runs(&html[0], "tok-kw"), ["import", "from"]);
        assert_eq!(runs(&html[0], "tok-type"), ["pgTable", "text"]);
        assert_eq!(runs(&html[0], "tok-str"), ["'drizzle-orm/pg-core'"]);
        assert_eq!(runs(&html[1], "tok-kw"), ["export", "const"]);
        assert_eq!(runs(&html[1], "tok-comment"), ["// cols"]);
        // A template literal spans lines; `--` is an operator, not a comment.
        assert_eq!(line_states(text, lang(InputKind::Drizzle))[3], LexState::Quoted(b'`'));
        assert_eq!(runs(&html[3], "tok-str"), ["b`"]);
        assert!(runs(&html[3], "tok-comment").is_empty());
        // Backslash escapes in TS strings (not in PostgreSQL's).
        let html = render("const a = 'it\\'s'; // c", lang(InputKind::Drizzle));
        assert_eq!(runs(&html[0], "tok-comment"), ["// c"]);
    }

    #[test]
    fn catalog_json_has_strings_and_literals_but_no_comments() {
        let html = render("{\"default\": \"'a' -- b\", \"q\": \"\\\"\", \"null\": true, \"n\": 12}", lang(InputKind::Catalog));
        assert_eq!(runs(&html[0], "tok-str"), ["\"default\"", "\"'a' -- b\"", "\"q\"", "\"\\\"\"", "\"null\"", "\"n\""]);
        assert_eq!(runs(&html[0], "tok-kw"), ["true"]);
        assert_eq!(runs(&html[0], "tok-num"), ["12"]);
        assert!(runs(&html[0], "tok-comment").is_empty());
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
        for text in ["\u{0}'$", "$$", "$a", "[x", "`", "é$é$ 'ü", "\\'", "@", "@@é", "/", "'''", "\"\\"] {
            for d in Dialect::ALL {
                render(text, d);
                for lang in Lang::ALL {
                    render(text, Syntax { lang, dialect: d });
                }
            }
        }
    }
}
