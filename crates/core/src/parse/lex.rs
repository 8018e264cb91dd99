//! One statement's tokens, for classifying statements by their leading keywords and for the
//! hand-written readers of statements sqlparser does not cover (triggers, `ALTER SEQUENCE ...
//! OWNED BY`, `ATTACH PARTITION`, the CREATE TABLE salvage). The lexing itself is
//! [`crate::sqltext::expr::next_token`], the one SQL lexer; this is its token shape for readers
//! that walk punctuation character by character.
//!
//! Contract: never panics; offsets are byte offsets into the statement text; comments skipped.

use crate::dialect::Dialect;
use crate::sqltext::expr;

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

/// The index of the first token from `i` that is none of the bare `words` (the optional keywords of
/// a statement head: `IF NOT EXISTS`, `IF EXISTS`, `ONLY`, `CONCURRENTLY`).
pub fn skip_words(toks: &[Token], mut i: usize, words: &[&str]) -> usize {
    while toks.get(i).is_some_and(|t| words.iter().any(|w| t.is(w))) {
        i += 1;
    }
    i
}

/// Lexes up to `limit` tokens: the tokens of the one SQL lexer, [`sqltext::expr::next_token`]
/// (the dialect's strings with their prefixes, `E'..'`, `$tag$..$tag$`, quoted names, backticks,
/// `[brackets]` in SQLite, nested comments in PostgreSQL), with operators and parentheses as
/// single-character [`Tok::Punct`]s and MySQL's `"..."` as a name. A quote that never closes
/// takes the rest of the text.
pub fn lex(text: &str, dialect: Dialect, limit: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < limit {
        let (tok, start, end) = match expr::next_token(dialect, text, i) {
            Ok(Some(t)) => t,
            Ok(None) => break,
            Err(start) => {
                out.push(unclosed(text, start));
                break;
            }
        };
        i = end;
        match tok {
            expr::Tok::Word(w) => out.push(Token { tok: Tok::Word(w), start, end }),
            expr::Tok::Quoted(q) => out.push(Token { tok: Tok::Quoted(q), start, end }),
            // MySQL's `"..."` is a string to the engine (and to expression comparison); where a
            // reader expects a name it stands for one (ANSI_QUOTES), so it is read as a name here.
            expr::Tok::Str(v) if dialect == Dialect::Mysql && text.as_bytes()[start] == b'"' => out.push(Token { tok: Tok::Quoted(v), start, end }),
            expr::Tok::Str(v) => out.push(Token { tok: Tok::Str(v), start, end }),
            expr::Tok::Num(n) => out.push(Token { tok: Tok::Num(n), start, end }),
            expr::Tok::Open => out.push(Token { tok: Tok::Punct('('), start, end }),
            expr::Tok::Close => out.push(Token { tok: Tok::Punct(')'), start, end }),
            expr::Tok::Comma => out.push(Token { tok: Tok::Punct(','), start, end }),
            // operators are ASCII: one token per character
            expr::Tok::Op(o) => out.extend(o.chars().enumerate().map(|(k, c)| Token { tok: Tok::Punct(c), start: start + k, end: start + k + 1 })),
        }
    }
    out.truncate(limit);
    out
}

/// The token of a quote that never closes: everything after its opening character.
fn unclosed(text: &str, start: usize) -> Token {
    let rest = text.get(start..).unwrap_or("");
    let body_at = rest.find(['\'', '"', '`', '[', '$']).map_or(rest.len(), |p| p + 1);
    let body = rest.get(body_at..).unwrap_or("").to_string();
    let tok = if rest.starts_with(['"', '`', '[']) { Tok::Quoted(body) } else { Tok::Str(body) };
    Token { tok, start, end: text.len() }
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

    fn toks(text: &str, d: Dialect) -> Vec<Tok> {
        lex(text, d, 100).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn dialect_quoting_rules() {
        let p = Dialect::Postgres;
        // E'' strings with backslash escapes, dollar quotes, nested comments
        assert_eq!(toks("E'it\\'s' $f$ a ')' $f$ /* x /* y */ z */ w", p), [Tok::Str("it's".into()), Tok::Str(" a ')' ".into()), Tok::Word("w".into())]);
        assert_eq!(toks("/* x /* y */ z */ w", Dialect::Mysql), [Tok::Word("z".into()), Tok::Punct('*'), Tok::Punct('/'), Tok::Word("w".into())]);
        assert_eq!(toks("[a b] `c`", Dialect::Sqlite), [Tok::Quoted("a b".into()), Tok::Quoted("c".into())]);
        assert_eq!(toks("'a\\' b'", Dialect::Mysql), [Tok::Str("a' b".into())]);
        assert_eq!(toks("'a\\' b'", p), [Tok::Str("a\\".into()), Tok::Word("b".into()), Tok::Str(String::new())]);
        // operators become one punctuation token per character, with their own offsets
        let t = lex("a::int <= 2", p, 100);
        assert_eq!((t[1].tok.clone(), t[1].start, t[2].tok.clone(), t[2].start), (Tok::Punct(':'), 1, Tok::Punct(':'), 2));
        assert_eq!(t[4].tok, Tok::Punct('<'));
        assert_eq!(lex("a b c", p, 2).len(), 2);
    }

    #[test]
    fn unclosed_quotes_take_the_rest() {
        assert_eq!(toks("a 'bc", Dialect::Postgres), [Tok::Word("a".into()), Tok::Str("bc".into())]);
        assert_eq!(toks("a \"bc", Dialect::Postgres), [Tok::Word("a".into()), Tok::Quoted("bc".into())]);
        assert_eq!(toks("[bc", Dialect::Sqlite), [Tok::Quoted("bc".into())]);
        for s in ["'", "\"", "`", "$a$", "E'", "/*", "é'"] {
            let _ = lex(s, Dialect::Postgres, 10);
            let _ = lex(s, Dialect::Mysql, 10);
        }
    }
}
