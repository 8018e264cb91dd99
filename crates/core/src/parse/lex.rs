//! A small lexer over one statement's text, for classifying statements by their leading keywords
//! and for the hand-written readers of statements sqlparser does not cover (triggers,
//! `ALTER SEQUENCE ... OWNED BY`, `ATTACH PARTITION`, the CREATE TABLE salvage).
//!
//! Contract: never panics; offsets are byte offsets into the statement text; comments skipped.

use crate::dialect::Dialect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A bare word (keyword or identifier), as written.
    Word(String),
    /// A quoted identifier, unescaped.
    Quoted(String),
    /// A string literal, unescaped.
    Str(String),
    Num(String),
    Punct(char),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// Whether this is the bare word `kw` (case-insensitive).
    pub fn is(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// Lexes up to `limit` tokens.
pub fn lex(text: &str, dialect: Dialect, limit: usize) -> Vec<Token> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n && out.len() < limit {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') || (c == b'#' && dialect == Dialect::Mysql) {
            while i < n && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut j = i + 2;
            while j < n && !(b[j] == b'*' && b.get(j + 1) == Some(&b'/')) {
                j += 1;
            }
            i = (j + 2).min(n);
            continue;
        }
        let start = i;
        let tok = match c {
            b'\'' => {
                let (s, e) = quoted(text, i, '\'', dialect == Dialect::Mysql);
                i = e;
                Tok::Str(s)
            }
            b'"' => {
                let (s, e) = quoted(text, i, '"', false);
                i = e;
                Tok::Quoted(s)
            }
            b'`' => {
                let (s, e) = quoted(text, i, '`', false);
                i = e;
                Tok::Quoted(s)
            }
            b'[' if dialect == Dialect::Sqlite => {
                let e = b[i + 1..].iter().position(|&x| x == b']').map_or(n, |p| i + 1 + p);
                let s = text.get(i + 1..e).unwrap_or("").to_string();
                i = (e + 1).min(n);
                Tok::Quoted(s)
            }
            b'$' if dialect == Dialect::Postgres => {
                // dollar-quoted body: skip it whole.
                let mut j = i + 1;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if j < n && b[j] == b'$' && !b.get(i + 1).is_some_and(|x| x.is_ascii_digit()) {
                    let tag = &text[i..=j];
                    let body = j + 1;
                    let end = text.get(body..).and_then(|r| r.find(tag)).map_or(n, |p| body + p + tag.len());
                    let s = text.get(body..end.saturating_sub(tag.len()).max(body)).unwrap_or("").to_string();
                    i = end;
                    Tok::Str(s)
                } else {
                    i = j.max(i + 1);
                    Tok::Punct('$')
                }
            }
            c if c.is_ascii_digit() => {
                let mut j = i;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                    j += 1;
                }
                let s = text[i..j].to_string();
                i = j;
                Tok::Num(s)
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let mut j = i;
                while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'$' || b[j] >= 0x80) {
                    j += 1;
                }
                let s = text[i..j].to_string();
                i = j;
                Tok::Word(s)
            }
            _ => {
                // a single ASCII byte (multi-byte chars are handled above)
                i += 1;
                Tok::Punct(c as char)
            }
        };
        out.push(Token { tok, start, end: i });
    }
    out
}

fn quoted(text: &str, i: usize, q: char, backslash: bool) -> (String, usize) {
    let mut s = String::new();
    let mut it = text[i + 1..].char_indices().peekable();
    while let Some((p, ch)) = it.next() {
        if backslash && ch == '\\' {
            if let Some((_, nx)) = it.next() {
                s.push(match nx {
                    'n' => '\n',
                    't' => '\t',
                    '0' => '\0',
                    other => other,
                });
            }
            continue;
        }
        if ch == q {
            if matches!(it.peek(), Some((_, c2)) if *c2 == q) {
                it.next();
                s.push(q);
                continue;
            }
            return (s, i + 1 + p + 1);
        }
        s.push(ch);
    }
    (s, text.len())
}

/// The upper-cased bare words at the start of a token list (stops at the first non-word).
pub fn leading_words(toks: &[Token], n: usize) -> Vec<String> {
    toks.iter()
        .take(n)
        .map_while(|t| match &t.tok {
            Tok::Word(w) => Some(w.to_ascii_uppercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_quotes_and_words() {
        let t = lex("CREATE TABLE `a``b` ('x''y', \"q\") -- c\n/* d */ 12.5", Dialect::Mysql, 100);
        assert_eq!(t[2].tok, Tok::Quoted("a`b".into()));
        assert_eq!(t[4].tok, Tok::Str("x'y".into()));
        assert_eq!(t[6].tok, Tok::Quoted("q".into()));
        assert_eq!(t.last().unwrap().tok, Tok::Num("12.5".into()));
        assert_eq!(leading_words(&t, 5), vec!["CREATE", "TABLE"]);
    }
}
