//! DBML text → statements and blocks, with recovery.
//!
//! The lexer follows `@dbml/parse` (`core/lexer/lexer.ts`): identifiers, `"quoted"` names,
//! `'strings'` and `'''multi-line strings'''` with backslash escapes, `` `expressions` ``, numbers,
//! `#colors`, operators (`<`, `>`, `-`, `<>`, `~`, `.`), `//` and `/* */` comments. A statement
//! is the tokens of one line (newlines inside `( )` and `[ ]` do not end it); a `[...]` list holds
//! its settings and a `{ ... }` its block of statements.
//!
//! Contract: never panics, always advances; an unclosed `{`, `[` or `(` is an error at the opening
//! token and the text after it is still read.

use crate::parse::input::{comment_end, Diags};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    /// `"name"`.
    Quoted(String),
    /// `'text'` / `'''text'''`.
    Str(String),
    /// `` `expression` ``.
    Expr(String),
    Num(String),
    Color(String),
    /// `<`, `>`, `-`, `<>`, `~`, `.`, `=`, `*`, ...
    Op(String),
    Punct(char),
    Newline,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

impl Token {
    /// The identifier (any case) `w`.
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Ident(x) if x.eq_ignore_ascii_case(w))
    }

    pub fn is_op(&self, o: &str) -> bool {
        matches!(&self.tok, Tok::Op(x) if x == o)
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }

    /// A name: an identifier or a quoted name.
    pub fn name(&self) -> Option<&str> {
        match &self.tok {
            Tok::Ident(s) | Tok::Quoted(s) => Some(s),
            _ => None,
        }
    }
}

/// One `key: value` (or flag) of a `[...]` list; the key's words lower-cased and joined by one space.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub key: String,
    pub value: Vec<Token>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub items: Vec<Setting>,
    pub span: Span,
}

impl Settings {
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.items.iter().find(|s| s.key == key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// A line of tokens, with its settings list and block when it has them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stmt {
    pub toks: Vec<Token>,
    pub settings: Option<Settings>,
    pub block: Option<Vec<Stmt>>,
    /// From the first token to the end of the block (or line).
    pub span: Span,
}

impl Stmt {
    pub fn first_is(&self, w: &str) -> bool {
        self.toks.first().is_some_and(|t| t.is_word(w))
    }
}

fn lex(text: &str, diags: &mut Diags) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let tok = match c {
            b'\n' => {
                i += 1;
                Tok::Newline
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                i = comment_end(text, i, b"\n", diags).unwrap_or(i + 1);
                continue;
            }
            b'\'' if text[i..].starts_with("'''") => {
                let (s, end) = quoted(text, i + 3, "'''", true, diags, "string");
                i = end;
                Tok::Str(dedent(&s))
            }
            b'\'' => {
                let (s, end) = quoted(text, i + 1, "'", false, diags, "string");
                i = end;
                Tok::Str(s)
            }
            b'"' => {
                let (s, end) = quoted(text, i + 1, "\"", false, diags, "quoted name");
                i = end;
                Tok::Quoted(s)
            }
            b'`' => {
                let end = text[i + 1..].find('`').map(|p| i + 1 + p);
                match end {
                    Some(e) => {
                        let s = text[i + 1..e].to_string();
                        i = e + 1;
                        Tok::Expr(s)
                    }
                    None => {
                        diags.error(Span::new(i, i + 1), "unterminated expression: missing closing backtick");
                        let s = text[i + 1..].to_string();
                        i = b.len();
                        Tok::Expr(s)
                    }
                }
            }
            b'#' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                Tok::Color(text[start..i].to_string())
            }
            b'0'..=b'9' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))) {
                    i += 1;
                }
                let s = &text[start..i];
                if s.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
                    Tok::Num(s.to_string())
                } else {
                    Tok::Ident(s.to_string())
                }
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
                    i += 1;
                }
                Tok::Ident(text[start..i].to_string())
            }
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b',' | b':' | b';' => {
                i += 1;
                Tok::Punct(c as char)
            }
            b'<' if b.get(i + 1) == Some(&b'>') => {
                i += 2;
                Tok::Op("<>".into())
            }
            b'<' | b'>' | b'=' | b'!' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Tok::Op(text[start..i].to_string())
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                i += ch.len_utf8().max(1);
                Tok::Op(ch.to_string())
            }
        };
        out.push(Token { tok, span: Span::new(start, i) });
    }
    out
}

/// The text from `from` to `close` with backslash escapes (`\'`, `\n`, `\t`, `\r`, `\uXXXX`, `\\`; a backslash
/// before a newline continues the line); (value, end offset after the closing quote).
fn quoted(text: &str, from: usize, close: &str, multiline: bool, diags: &mut Diags, what: &str) -> (String, usize) {
    let mut s = String::new();
    let mut it = text[from..].char_indices().peekable();
    while let Some((p, ch)) = it.next() {
        let at = from + p;
        if text[at..].starts_with(close) {
            return (s, at + close.len());
        }
        match ch {
            '\n' if !multiline => {
                diags.error(Span::new(from.saturating_sub(1), at), format!("unterminated {what}: a newline before the closing quote"));
                return (s, at);
            }
            '\\' => match it.next() {
                Some((_, 'n')) => s.push('\n'),
                Some((_, 't')) => s.push('\t'),
                Some((_, 'r')) => s.push('\r'),
                // `\uXXXX`, as `@dbml/parse` reads it (what `codegen::escape::dbml` writes for
                // control characters)
                Some((q, 'u')) if text.get(from + q + 1..from + q + 5).is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit())) => {
                    let h = &text[from + q + 1..from + q + 5];
                    s.push(u32::from_str_radix(h, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
                    for _ in 0..4 {
                        it.next();
                    }
                }
                Some((_, '\n')) => {}
                Some((_, other)) => s.push(other),
                None => {}
            },
            c => s.push(c),
        }
    }
    diags.error(Span::new(from.saturating_sub(close.len()), text.len()), format!("unterminated {what}: missing the closing `{close}`"));
    (s, text.len())
}

/// A `'''` string loses the indentation its lines share (the first line's too, unless blank), then
/// its leading blank lines; a trailing line break stays. That is what `@dbml/parse` (`dbmlv2`)
/// reads: `'''\n  a\n    b\n  '''` is `a\n  b\n`, `'''a\n  b'''` is kept as it is.
fn dedent(s: &str) -> String {
    let lines: Vec<&str> = s.split('\n').collect();
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let out: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or("")).skip_while(|l| l.trim().is_empty()).collect();
    out.join("\n")
}

/// Deepest nesting of `{ }` blocks (DBML itself needs three: `Table { indexes { } }`); a deeper
/// block is an error and skipped. The parser recurses once per block, and the web app's wasm stack
/// is 1 MiB: 5,000 nested blocks overflowed it and killed the page.
pub const MAX_NESTING: usize = 16;

struct Parser<'t, 'd> {
    toks: Vec<Token>,
    pos: usize,
    len: usize,
    diags: &'t mut Diags<'d>,
}

/// Parses a whole document into its top-level statements.
pub fn parse(text: &str, diags: &mut Diags) -> Vec<Stmt> {
    let toks = lex(text, diags);
    let mut p = Parser { toks, pos: 0, len: text.len(), diags };
    let mut out = Vec::new();
    while p.pos < p.toks.len() {
        if p.toks[p.pos].is_punct('}') {
            let span = p.toks[p.pos].span;
            p.diags.error(span, "unexpected `}`: no block is open here");
            p.pos += 1;
            continue;
        }
        if let Some(s) = p.stmt(0) {
            out.push(s);
        }
    }
    out
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn here(&self) -> Span {
        self.peek().map(|t| t.span).unwrap_or(Span::new(self.len, self.len))
    }

    /// One statement (`None` for an empty line); stops before a `}` that closes the enclosing block.
    fn stmt(&mut self, depth: usize) -> Option<Stmt> {
        while self.peek().is_some_and(|t| t.tok == Tok::Newline || t.is_punct(';')) {
            self.pos += 1;
        }
        let first = self.peek()?;
        if first.is_punct('}') {
            return None;
        }
        let start = first.span.start;
        let mut s = Stmt { span: Span::new(start, start), ..Default::default() };
        let mut parens = 0usize;
        let mut open_paren = Span::default();
        while let Some(t) = self.peek().cloned() {
            match &t.tok {
                // At the top level a newline always ends the statement (an unclosed `(` there
                // must not swallow the rest of the document); inside a block `(a,\n b)` may span lines.
                Tok::Newline if parens == 0 || depth == 0 => {
                    if parens > 0 {
                        self.diags.error(open_paren, "`(` is not closed");
                    }
                    break;
                }
                Tok::Newline => {
                    self.pos += 1;
                }
                Tok::Punct('}') if parens == 0 || depth > 0 => {
                    if parens > 0 {
                        self.diags.error(open_paren, "`(` is not closed");
                    }
                    break;
                }
                Tok::Punct('(') => {
                    if parens == 0 {
                        open_paren = t.span;
                    }
                    parens += 1;
                    s.toks.push(t);
                    self.pos += 1;
                }
                Tok::Punct(')') => {
                    parens = parens.saturating_sub(1);
                    s.toks.push(t);
                    self.pos += 1;
                }
                Tok::Punct('[') if self.toks.get(self.pos + 1).is_some_and(|n| n.is_punct(']')) => {
                    // `int[]`: array brackets of a type, not a settings list.
                    s.toks.push(t);
                    s.toks.push(self.toks[self.pos + 1].clone());
                    self.pos += 2;
                }
                Tok::Punct('[') => {
                    let set = self.settings();
                    match &mut s.settings {
                        Some(existing) => {
                            existing.span.end = set.span.end;
                            existing.items.extend(set.items);
                        }
                        None => s.settings = Some(set),
                    }
                }
                Tok::Punct('{') if parens == 0 && depth >= MAX_NESTING => {
                    self.diags.error(t.span, format!("blocks nested more than {MAX_NESTING} levels deep; this one is ignored"));
                    self.skip_block();
                    return None;
                }
                Tok::Punct('{') if parens == 0 => {
                    let open = t.span;
                    self.pos += 1;
                    let mut body = Vec::new();
                    loop {
                        match self.peek() {
                            None => {
                                self.diags.error(open, "block is not closed: missing `}`");
                                break;
                            }
                            Some(t) if t.is_punct('}') => {
                                self.pos += 1;
                                break;
                            }
                            _ => {
                                if let Some(inner) = self.stmt(depth + 1) {
                                    body.push(inner);
                                }
                            }
                        }
                    }
                    s.block = Some(body);
                    s.span.end = self.toks.get(self.pos.saturating_sub(1)).map_or(self.len, |t| t.span.end);
                    return Some(s);
                }
                _ => {
                    s.toks.push(t);
                    self.pos += 1;
                }
            }
            s.span.end = self.toks.get(self.pos.saturating_sub(1)).map_or(self.len, |t| t.span.end);
        }
        if parens > 0 && self.peek().is_none() {
            self.diags.error(open_paren, "`(` is not closed");
        }
        (!s.toks.is_empty() || s.settings.is_some()).then_some(s)
    }

    /// Skips the block whose `{` is the current token, to its matching `}` (or the end).
    fn skip_block(&mut self) {
        let mut open = 0usize;
        while let Some(t) = self.peek() {
            if t.is_punct('{') {
                open += 1;
            } else if t.is_punct('}') {
                open -= 1;
                if open == 0 {
                    self.pos += 1;
                    return;
                }
            }
            self.pos += 1;
        }
    }

    /// `[ item, item: value, ... ]`; the current token is the `[`.
    fn settings(&mut self) -> Settings {
        let open = self.here();
        self.pos += 1;
        let mut set = Settings { items: Vec::new(), span: open };
        let mut cur: Vec<Token> = Vec::new();
        let mut depth = 0usize;
        loop {
            let Some(t) = self.peek().cloned() else {
                self.diags.error(open, "settings list is not closed: missing `]`");
                break;
            };
            self.pos += 1;
            set.span.end = t.span.end;
            match &t.tok {
                Tok::Punct(']') if depth == 0 => break,
                Tok::Punct('{') | Tok::Punct('}') if depth == 0 => {
                    // A brace cannot be in a settings list: the `]` is missing.
                    self.diags.error(open, "settings list is not closed: missing `]`");
                    self.pos -= 1;
                    break;
                }
                Tok::Punct(',') if depth == 0 => self.push_setting(&mut set, std::mem::take(&mut cur)),
                Tok::Newline => {}
                Tok::Punct('(') | Tok::Punct('[') => {
                    depth += 1;
                    cur.push(t);
                }
                Tok::Punct(')') | Tok::Punct(']') => {
                    depth = depth.saturating_sub(1);
                    cur.push(t);
                }
                _ => cur.push(t),
            }
        }
        self.push_setting(&mut set, cur);
        set
    }

    fn push_setting(&mut self, set: &mut Settings, toks: Vec<Token>) {
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return };
        let span = Span::new(first.span.start, last.span.end);
        let colon = toks.iter().position(|t| t.is_punct(':'));
        let key_toks = &toks[..colon.unwrap_or(toks.len())];
        let mut words = Vec::new();
        for t in key_toks {
            match &t.tok {
                Tok::Ident(w) => words.push(w.to_ascii_lowercase()),
                _ => {
                    self.diags.error(t.span, "expected a setting name");
                    return;
                }
            }
        }
        let value = colon.map(|c| toks[c + 1..].to_vec()).unwrap_or_default();
        set.items.push(Setting { key: words.join(" "), value, span });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Vec<Stmt> {
        let mut d = Diags::new(text);
        let s = parse(text, &mut d);
        let errs = d.finish();
        assert!(errs.is_empty(), "{errs:?}");
        s
    }

    #[test]
    fn statements_settings_and_blocks() {
        let s = parse_ok("Table users as U [note: 'x'] {\n  id int [pk, not null]\n  tags int[]\n  indexes {\n    (a,\n     b) [unique]\n  }\n}\nRef: a.b > c.d");
        assert_eq!(s.len(), 2);
        let t = &s[0];
        assert!(t.first_is("table"));
        assert_eq!(t.settings.as_ref().unwrap().get("note").unwrap().value[0].tok, Tok::Str("x".into()));
        let body = t.block.as_ref().unwrap();
        assert_eq!(body.len(), 3);
        assert!(body[0].settings.as_ref().unwrap().has("not null"));
        assert_eq!(body[1].toks.len(), 4, "int [ ] kept as type tokens");
        let idx = body[2].block.as_ref().unwrap();
        assert_eq!(idx.len(), 1, "a newline inside ( ) does not end the statement");
        assert!(s[1].toks.iter().any(|t| t.is_op(">")));
    }

    #[test]
    fn strings_and_expressions() {
        let s = parse_ok("Note: '''\n    line one\n      two\n  '''\nx `now() + interval '1 day'` 'it\\'s' \"q\"");
        assert_eq!(s[0].toks[2].tok, Tok::Str("line one\n  two\n".into()));
        // what @dbml/core 10.2 reads for these (tests/codegen/text.test.mjs checks notes against it)
        for (src, want) in [
            ("'''\n  first\n    second\n  '''", "first\n  second\n"),
            ("'''first\n  second'''", "first\n  second"),
            ("'''\n  x\n\n  '''", "x\n\n"),
            ("'''   \n  x\n'''", "x\n"),
            ("'''\n\n  a\n  '''", "a\n"),
            ("'''a\n    b\n  c'''", "a\n    b\n  c"),
            ("'''\ttab\n\t\tb\n'''", "tab\n\tb\n"),
        ] {
            assert_eq!(parse_ok(src)[0].toks[0].tok, Tok::Str(want.into()), "{src:?}");
        }
        assert_eq!(s[1].toks[1].tok, Tok::Expr("now() + interval '1 day'".into()));
        assert_eq!(s[1].toks[2].tok, Tok::Str("it's".into()));
        assert_eq!(s[1].toks[3].tok, Tok::Quoted("q".into()));
    }

    #[test]
    fn unclosed_things_are_reported_and_never_loop() {
        for text in ["Table a {", "Table a [note: 'x' {\n}", "x (", "'abc", "`abc", "/* x", "}}}", "Table a {\n  b int [\n}\nTable c {}", "[[[[", "((((", "Ref: a.(b, c"] {
            let mut d = Diags::new(text);
            let _ = parse(text, &mut d);
            assert!(!d.finish().is_empty(), "{text}");
        }
    }
}
