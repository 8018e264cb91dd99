//! A TypeScript tokenizer, just enough to read Drizzle schema modules: identifiers, string,
//! number and template literals (with `${...}` substitutions lexed recursively), regular
//! expression literals (told from division by the previous token), comments and punctuation.
//!
//! Contract: never panics and always terminates; every token carries its byte span in the file;
//! an unterminated string, template or comment becomes an error at its start and the token runs
//! to the end of the text. Nesting of template substitutions is bounded (deeper text is skipped
//! with an error) so hostile input cannot exhaust the stack.

use std::fmt;

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tk {
    Ident(String),
    /// A string literal, its escapes resolved.
    Str(String),
    /// A number literal as written (`1_000` keeps its underscores out: `1000`).
    Num(String),
    /// A template literal: `strings.len() == exprs.len() + 1`.
    Template { strings: Vec<String>, exprs: Vec<Vec<Token>> },
    /// A regular-expression literal (kept only so it is not misread).
    Regex,
    /// Punctuation: `=>`, `...`, `?.`, `??`, or one character.
    Punct(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tk: Tk,
    pub start: usize,
    pub end: usize,
    /// A line break separates this token from the previous one (automatic semicolons).
    pub nl_before: bool,
}

impl Token {
    pub fn is(&self, p: &str) -> bool {
        matches!(&self.tk, Tk::Punct(x) if *x == p)
    }

    pub fn ident(&self) -> Option<&str> {
        match &self.tk {
            Tk::Ident(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_word(&self, w: &str) -> bool {
        self.ident() == Some(w)
    }
}

impl fmt::Display for Tk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tk::Ident(s) => write!(f, "'{s}'"),
            Tk::Str(_) => f.write_str("a string"),
            Tk::Num(n) => write!(f, "'{n}'"),
            Tk::Template { .. } => f.write_str("a template literal"),
            Tk::Regex => f.write_str("a regular expression"),
            Tk::Punct("\u{0}") => f.write_str("an unexpected character"),
            Tk::Punct(p) => write!(f, "'{p}'"),
        }
    }
}

/// A lexing error: a byte offset and a message.
#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub at: usize,
    pub message: String,
}

const PUNCT3: &[&str] = &["...", "===", "!==", "**=", "<<=", "&&=", "||=", "??="];
const PUNCT2: &[&str] = &[
    "=>", "?.", "??", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<",
];
const PUNCT1: &[&str] = &[
    "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
];

/// Template substitutions nest at most this deep.
const MAX_DEPTH: usize = 32;

/// Tokenizes a whole file.
#[cfg(test)]
pub fn lex(text: &str) -> (Vec<Token>, Vec<LexError>) {
    lex_range(text, 0, text.len())
}

/// Tokenizes `text[start..end]` (one file of several joined), offsets into the whole `text`.
pub fn lex_range(text: &str, start: usize, end: usize) -> (Vec<Token>, Vec<LexError>) {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let text = &text[..end];
    let mut lx = Lexer { text, b: text.as_bytes(), i: start, errors: Vec::new() };
    let toks = lx.run(0, false);
    (toks, lx.errors)
}

struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    errors: Vec<LexError>,
}

impl Lexer<'_> {
    fn err(&mut self, at: usize, message: impl Into<String>) {
        self.errors.push(LexError { at, message: message.into() });
    }

    /// Lexes until the end, or (inside a template substitution) until the `}` that closes it,
    /// which is consumed.
    fn run(&mut self, depth: usize, in_subst: bool) -> Vec<Token> {
        let mut out: Vec<Token> = Vec::new();
        let mut braces = 0usize;
        let mut nl = false;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'\n' {
                nl = true;
                self.i += 1;
                continue;
            }
            if c.is_ascii_whitespace() {
                self.i += 1;
                continue;
            }
            if !c.is_ascii() {
                let ch = self.text[self.i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    if matches!(ch, '\u{2028}' | '\u{2029}') {
                        nl = true;
                    }
                    self.i += ch.len_utf8();
                    continue;
                }
            }
            let start = self.i;
            if c == b'/' && self.b.get(self.i + 1) == Some(&b'/') {
                while self.i < self.b.len() && self.b[self.i] != b'\n' {
                    self.i += 1;
                }
                continue;
            }
            if c == b'/' && self.b.get(self.i + 1) == Some(&b'*') {
                match self.text[self.i + 2..].find("*/") {
                    Some(p) => {
                        nl |= self.text[self.i..self.i + 2 + p].contains('\n');
                        self.i += p + 4;
                    }
                    None => {
                        self.err(start, "unterminated comment");
                        self.i = self.b.len();
                    }
                }
                continue;
            }
            let tk = if c == b'"' || c == b'\'' {
                Tk::Str(self.string(c))
            } else if c == b'`' {
                self.i += 1;
                self.template(depth, start)
            } else if c.is_ascii_digit() || (c == b'.' && self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit)) {
                Tk::Num(self.number())
            } else if is_ident_start(self.text, self.i) {
                Tk::Ident(self.ident())
            } else if c == b'/' && regex_allowed(out.last()) {
                self.regex(start);
                Tk::Regex
            } else if c == b'}' && in_subst && braces == 0 {
                self.i += 1;
                return out;
            } else {
                let p = self.punct();
                if p == "{" {
                    braces += 1;
                } else if p == "}" {
                    braces = braces.saturating_sub(1);
                }
                Tk::Punct(p)
            };
            out.push(Token { tk, start, end: self.i, nl_before: std::mem::take(&mut nl) });
        }
        if in_subst {
            self.err(self.b.len(), "unterminated template substitution '${'");
        }
        out
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.i < self.b.len() {
            let Some(ch) = self.text[self.i..].chars().next() else { break };
            if ch == '$' || ch == '_' || ch.is_alphanumeric() || ch == '\u{200c}' || ch == '\u{200d}' {
                self.i += ch.len_utf8();
            } else {
                break;
            }
        }
        self.text[start..self.i].to_string()
    }

    fn number(&mut self) -> String {
        let start = self.i;
        let b = self.b;
        if b[self.i] == b'0' && b.get(self.i + 1).is_some_and(|x| matches!(x, b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) {
            self.i += 2;
            while self.i < b.len() && (b[self.i].is_ascii_alphanumeric() || b[self.i] == b'_') {
                self.i += 1;
            }
        } else {
            while self.i < b.len() && (b[self.i].is_ascii_digit() || b[self.i] == b'_' || b[self.i] == b'.') {
                self.i += 1;
            }
            if self.i < b.len() && matches!(b[self.i], b'e' | b'E') {
                let mut j = self.i + 1;
                if j < b.len() && matches!(b[j], b'+' | b'-') {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    self.i = j;
                    while self.i < b.len() && (b[self.i].is_ascii_digit() || b[self.i] == b'_') {
                        self.i += 1;
                    }
                }
            }
            if self.i < b.len() && b[self.i] == b'n' {
                self.i += 1;
            }
        }
        self.text[start..self.i].replace('_', "")
    }

    /// A quoted string starting at `self.i` (the quote), escapes resolved.
    fn string(&mut self, q: u8) -> String {
        let start = self.i;
        self.i += 1;
        let mut s = String::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                self.err(start, "unterminated string");
                return s;
            };
            if c == q {
                self.i += 1;
                return s;
            }
            if c == b'\n' {
                self.err(start, "unterminated string (line break inside it)");
                return s;
            }
            if c == b'\\' {
                self.escape(&mut s);
                continue;
            }
            let ch = self.text[self.i..].chars().next().unwrap_or('\u{fffd}');
            s.push(ch);
            self.i += ch.len_utf8();
        }
    }

    /// Reads the escape at `self.i` (the backslash) into `s`.
    fn escape(&mut self, s: &mut String) {
        self.i += 1;
        let Some(ch) = self.text.get(self.i..).and_then(|t| t.chars().next()) else { return };
        self.i += ch.len_utf8();
        match ch {
            'n' => s.push('\n'),
            't' => s.push('\t'),
            'r' => s.push('\r'),
            'b' => s.push('\u{8}'),
            'f' => s.push('\u{c}'),
            'v' => s.push('\u{b}'),
            '0' if !self.b.get(self.i).is_some_and(u8::is_ascii_digit) => s.push('\0'),
            '\n' => {}
            '\r' => {
                if self.b.get(self.i) == Some(&b'\n') {
                    self.i += 1;
                }
            }
            'x' => {
                let hex = self.text.get(self.i..self.i + 2).unwrap_or("");
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => {
                        s.push(c);
                        self.i += 2;
                    }
                    None => s.push('x'),
                }
            }
            'u' => {
                let (hex, len) = if self.b.get(self.i) == Some(&b'{') {
                    let end = self.text[self.i..].find('}').filter(|e| *e <= 8).unwrap_or(0);
                    (self.text.get(self.i + 1..self.i + end).unwrap_or(""), end + 1)
                } else {
                    (self.text.get(self.i..self.i + 4).unwrap_or(""), 4)
                };
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => {
                        s.push(c);
                        self.i += len;
                    }
                    None => s.push('u'),
                }
            }
            other => s.push(other),
        }
    }

    /// A template literal after its opening backtick.
    fn template(&mut self, depth: usize, start: usize) -> Tk {
        let mut strings = vec![String::new()];
        let mut exprs = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                self.err(start, "unterminated template literal");
                break;
            };
            match c {
                b'`' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    let last = strings.last_mut().expect("one string at least");
                    self.escape(last);
                }
                b'$' if self.b.get(self.i + 1) == Some(&b'{') => {
                    self.i += 2;
                    if depth >= MAX_DEPTH {
                        self.err(self.i, "template literals nested too deeply");
                        self.i = self.b.len();
                        break;
                    }
                    exprs.push(self.run(depth + 1, true));
                    strings.push(String::new());
                }
                _ => {
                    let ch = self.text[self.i..].chars().next().unwrap_or('\u{fffd}');
                    strings.last_mut().expect("one string at least").push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
        while strings.len() < exprs.len() + 1 {
            strings.push(String::new());
        }
        Tk::Template { strings, exprs }
    }

    fn regex(&mut self, start: usize) {
        self.i += 1;
        let mut class = false;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\\' => self.i += 1,
                b'[' => class = true,
                b']' => class = false,
                b'/' if !class => {
                    self.i += 1;
                    while self.i < self.b.len() && self.b[self.i].is_ascii_alphabetic() {
                        self.i += 1;
                    }
                    return;
                }
                b'\n' => break,
                _ => {}
            }
            self.i += 1;
        }
        self.err(start, "unterminated regular expression");
        self.i = self.i.min(self.b.len());
    }

    fn punct(&mut self) -> &'static str {
        let rest = &self.text[self.i..];
        for set in [PUNCT3, PUNCT2, PUNCT1] {
            if let Some(p) = set.iter().find(|p| rest.starts_with(**p)) {
                // `?.5` is a conditional and a number, not optional chaining.
                if *p == "?." && rest.as_bytes().get(2).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
                self.i += p.len();
                return p;
            }
        }
        // Anything else (a stray character) becomes its own one-byte-or-more punctuation "?".
        let ch = rest.chars().next().map_or(1, char::len_utf8);
        self.i += ch;
        "\u{0}"
    }
}

fn is_ident_start(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(|c| c == '$' || c == '_' || c.is_alphabetic())
}

/// Whether a `/` here starts a regular expression rather than a division.
fn regex_allowed(prev: Option<&Token>) -> bool {
    match prev.map(|t| &t.tk) {
        None => true,
        Some(Tk::Ident(w)) => matches!(w.as_str(), "return" | "typeof" | "case" | "do" | "else" | "in" | "of" | "new" | "delete" | "void" | "throw" | "yield" | "await"),
        Some(Tk::Num(_) | Tk::Str(_) | Tk::Template { .. } | Tk::Regex) => false,
        Some(Tk::Punct(p)) => !matches!(*p, ")" | "]" | "}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tk> {
        lex(s).0.into_iter().map(|t| t.tk).collect()
    }

    #[test]
    fn words_strings_numbers_and_punctuation() {
        let (t, e) = lex("export const a = pgTable('x\\'y', { n: 1_000, f: .5e3 }) => ... ?. ?? // c\n/* d */ b");
        assert!(e.is_empty(), "{e:?}");
        let k: Vec<Tk> = t.iter().map(|t| t.tk.clone()).collect();
        assert_eq!(k[0], Tk::Ident("export".into()));
        assert_eq!(k[6], Tk::Str("x'y".into()));
        assert!(k.contains(&Tk::Num("1000".into())));
        assert!(k.contains(&Tk::Num(".5e3".into())));
        for p in ["=>", "...", "?.", "??"] {
            assert!(k.contains(&Tk::Punct(p)), "{p}");
        }
        let b = t.last().unwrap();
        assert_eq!(b.tk, Tk::Ident("b".into()));
        assert!(b.nl_before);
    }

    #[test]
    fn templates_nest_and_keep_their_substitutions() {
        let k = kinds("sql`now() + ${x} ${`in ${y}`}`");
        let Tk::Template { strings, exprs } = &k[1] else { panic!("{k:?}") };
        assert_eq!(strings, &vec!["now() + ".to_string(), " ".into(), "".into()]);
        assert_eq!(exprs[0][0].tk, Tk::Ident("x".into()));
        assert!(matches!(&exprs[1][0].tk, Tk::Template { exprs, .. } if exprs.len() == 1));
        // a `}` of an object literal inside a substitution does not end it
        let k = kinds("`a${ {b: 1}.b }c`");
        let Tk::Template { strings, exprs } = &k[0] else { panic!() };
        assert_eq!(strings, &vec!["a".to_string(), "c".into()]);
        assert_eq!(exprs[0].len(), 7);
    }

    #[test]
    fn regex_versus_division() {
        assert_eq!(kinds("a / b / c").iter().filter(|t| **t == Tk::Punct("/")).count(), 2);
        assert!(kinds("x = /a[/]b/gi.test(s)").contains(&Tk::Regex));
        assert!(kinds("f(1) / 2").contains(&Tk::Punct("/")));
    }

    #[test]
    fn unterminated_input_is_an_error_not_a_hang() {
        for s in ["'abc", "`abc${x", "/* x", "`a${`b${`c", "\"a\nb\"", "/[/", "\\u{110000}"] {
            let (_, e) = lex(s);
            assert!(!e.is_empty() || s.starts_with('\\'), "{s}");
        }
        let deep = "`${".repeat(10_000);
        let (_, e) = lex(&deep);
        assert!(!e.is_empty());
        let (_, e) = lex("'\\u{1F600}\\x41\\u0042'");
        assert!(e.is_empty());
        assert_eq!(kinds("'\\u{1F600}\\x41\\u0042'"), vec![Tk::Str("😀AB".into())]);
    }
}
