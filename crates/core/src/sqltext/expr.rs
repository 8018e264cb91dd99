//! SQL expressions as text: one tokenizer, the comparison form, and the bridge between sqlparser's
//! rendering and the source text.
//!
//! Contract:
//! - [`tokens`] splits an expression into words, quoted identifiers, string values (read by
//!   [`super::literal::read_string`]), numbers, operators and parentheses; comments are dropped.
//!   `None` when a quote never closes.
//! - [`norm_expr`] is the one comparison form: two expressions compare equal when they differ only
//!   in whitespace, comments, letter case of unquoted words (quoted identifiers too outside
//!   PostgreSQL), the spelling of string literals (`E'a'` = `'a'`) and parentheses around the whole
//!   expression. String values keep their case.
//! - [`source_extent`] finds where in the source text an expression that sqlparser rendered as
//!   `rendering` is written, token for token, so the model can keep the text as written.

use super::literal::{read_string, string_lit};
use super::scan;
use crate::dialect::Dialect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A bare word (keyword, name or function), as written.
    Word(String),
    /// A quoted identifier's name.
    Quoted(String),
    /// A string literal's value.
    Str(String),
    Num(String),
    /// An operator: `<=`, `>=`, `<>`, `!=`, `::`, `||`, `->`, `=>`, or one character.
    Op(String),
    Open,
    Close,
    Comma,
}

/// The token starting at or after byte `i` of `s` with its byte range: `Ok(None)` at the end,
/// `Err(start)` when the quote starting at `start` never closes. This is the one SQL lexer: the
/// statement readers' [`crate::parse::lex`] is a view of these tokens.
pub fn next_token(d: Dialect, s: &str, mut i: usize) -> Result<Option<(Tok, usize, usize)>, usize> {
    let b = s.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return Ok(None);
        }
        let c = b[i];
        if let Some(end) = scan::skip(d, s, i) {
            let tok = match c {
                b'-' | b'/' | b'#' => None,
                b'"' if d != Dialect::Mysql => Some(Tok::Quoted(unquote(&s[i..end], '"').ok_or(i)?)),
                b'`' => Some(Tok::Quoted(unquote(&s[i..end], '`').ok_or(i)?)),
                b'[' if s[i..end].ends_with(']') => Some(Tok::Quoted(s[i + 1..end - 1].to_string())),
                b'[' => return Err(i),
                _ => Some(Tok::Str(read_string(d, s, i).ok_or(i)?.0)),
            };
            match tok {
                Some(t) => return Ok(Some((t, i, end))),
                None => {
                    i = end.max(i + 1);
                    continue;
                }
            }
        }
        let start = i;
        let tok = if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(|x| x.is_ascii_digit())) {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || exponent_sign(b, start, i)) {
                i += 1;
            }
            Tok::Num(s[start..i].to_string())
        } else if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80) {
                i += 1;
            }
            // a MySQL charset introducer before a string (`_utf8mb4 'x'`) belongs to the string
            let next = i + s[i..].len() - s[i..].trim_start().len();
            if d == Dialect::Mysql && c == b'_' && b.get(next) == Some(&b'\'') {
                let (v, end) = read_string(d, s, next).ok_or(start)?;
                return Ok(Some((Tok::Str(v), start, end)));
            }
            Tok::Word(s[start..i].to_string())
        } else {
            i += 1;
            match c {
                b'(' => Tok::Open,
                b')' => Tok::Close,
                b',' => Tok::Comma,
                _ => {
                    let two = b.get(start..start + 2).unwrap_or(&[]);
                    if matches!(two, b"<=" | b">=" | b"<>" | b"!=" | b"::" | b"||" | b"->" | b"=>") {
                        i += 1;
                    }
                    Tok::Op(s[start..i].to_string())
                }
            }
        };
        return Ok(Some((tok, start, i)));
    }
}

/// `+`/`-` at `i` continues a decimal number's exponent (`1e-5`).
fn exponent_sign(b: &[u8], start: usize, i: usize) -> bool {
    (b[i] == b'+' || b[i] == b'-') && matches!(b[i - 1], b'e' | b'E') && b[start..i - 1].iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

/// Tokens with their byte ranges in `s`; `None` when a quote never closes.
pub fn tokens_at(d: Dialect, s: &str) -> Option<Vec<(Tok, usize, usize)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = next_token(d, s, i).ok()? {
        i = t.2;
        out.push(t);
    }
    Some(out)
}

/// The tokens of `s` (see [`tokens_at`]).
pub fn tokens(d: Dialect, s: &str) -> Option<Vec<Tok>> {
    tokens_at(d, s).map(|v| v.into_iter().map(|(t, _, _)| t).collect())
}

/// The name inside a quoted identifier (the quote doubled inside); `None` when it never closes.
fn unquote(q: &str, quote: char) -> Option<String> {
    let inner = q.strip_prefix(quote)?.strip_suffix(quote)?;
    let doubled: String = [quote, quote].iter().collect();
    Some(inner.replace(&doubled, &quote.to_string()))
}

/// A word as compared: unquoted words fold to lower case; quoted identifiers keep their case in
/// PostgreSQL (where case matters) and fold elsewhere.
fn fold_word(d: Dialect, t: &Tok) -> Option<String> {
    match t {
        Tok::Word(w) => Some(w.to_lowercase()),
        Tok::Quoted(q) if d == Dialect::Postgres => Some(q.clone()),
        Tok::Quoted(q) => Some(q.to_lowercase()),
        _ => None,
    }
}

/// The comparison form of an expression (see the module doc).
pub fn norm_expr(d: Dialect, s: &str) -> String {
    let Some(mut toks) = tokens(d, s) else {
        return s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    };
    // parentheses around the whole expression do not matter
    while toks.len() >= 2 && toks[0] == Tok::Open && toks[toks.len() - 1] == Tok::Close && wraps_all(&toks) {
        toks.pop();
        toks.remove(0);
    }
    let mut out = String::with_capacity(s.len());
    for t in &toks {
        if !out.is_empty() {
            out.push(' ');
        }
        match t {
            Tok::Word(_) | Tok::Quoted(_) => out.push_str(&fold_word(d, t).unwrap_or_default()),
            Tok::Str(v) => out.push_str(&string_lit(Dialect::Sqlite, v)),
            Tok::Num(n) => out.push_str(&n.to_lowercase()),
            Tok::Op(o) => out.push_str(o),
            Tok::Open => out.push('('),
            Tok::Close => out.push(')'),
            Tok::Comma => out.push(','),
        }
    }
    out
}

/// Whether the first token (an opening parenthesis) closes at the last token.
fn wraps_all(toks: &[Tok]) -> bool {
    let mut depth = 0i64;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth -= 1;
                if depth == 0 && i + 1 < toks.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Where `rendering` (sqlparser's text of an expression, valid SQL of the dialect) is written in
/// `text`, starting at or just before byte `start` and ending before `limit` (never before
/// `floor`): the first balanced slice with the same tokens apart from parentheses (words compared
/// case-insensitively, strings by value) and as many empty `()` pairs. Spans from sqlparser often
/// start inside opening parentheses or stop before closing ones; both are recovered here, and a
/// `)` inside a string is never counted. `None` when the source says something else.
pub fn source_extent(d: Dialect, text: &str, start: usize, limit: usize, floor: usize, rendering: &str) -> Option<(usize, usize)> {
    let want: Vec<Tok> = tokens(d, rendering)?;
    let want_core: Vec<&Tok> = want.iter().filter(|t| !matches!(t, Tok::Open | Tok::Close)).collect();
    let want_empty = want.windows(2).filter(|w| w[0] == Tok::Open && w[1] == Tok::Close).count();
    let limit = limit.min(text.len());
    if start >= limit || !text.is_char_boundary(start) || !text.is_char_boundary(limit) {
        return None;
    }
    let src = &text[..limit];
    let same = |a: &Tok, b: &Tok| match (a, b) {
        (Tok::Word(x), Tok::Word(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    };
    // walk the source tokens, matching the rendering's non-parenthesis tokens in order
    let (mut k, mut depth, mut low, mut empty, mut prev_open) = (0usize, 0i64, 0i64, 0usize, false);
    let mut at = start;
    while let Ok(Some((tok, _, end))) = next_token(d, src, at) {
        at = end;
        let open = tok == Tok::Open;
        match tok {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth -= 1;
                low = low.min(depth);
                empty += usize::from(prev_open);
            }
            t => {
                if k >= want_core.len() || !same(&t, want_core[k]) {
                    return None;
                }
                k += 1;
            }
        }
        prev_open = open;
        // every token is in: balanced once the `-low` opening parentheses written before `start`
        // are taken in too
        if k == want_core.len() && depth == low && empty == want_empty {
            let from = back_over_opens(text, start, floor, (-low) as usize)?;
            return Some((from, end));
        }
    }
    None
}

/// The offset of the `n`-th `(` before `start` when only `(` and whitespace lie between (not
/// before `floor`).
fn back_over_opens(text: &str, start: usize, floor: usize, n: usize) -> Option<usize> {
    let b = text.as_bytes();
    let (mut i, mut left) = (start, n);
    while left > 0 {
        if i <= floor {
            return None;
        }
        i -= 1;
        match b[i] {
            b'(' => left -= 1,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => return None,
        }
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_form() {
        let p = Dialect::Postgres;
        assert_eq!(norm_expr(p, "((a  >  0))"), norm_expr(p, "A>0"));
        assert_eq!(norm_expr(p, "deleted_at IS NULL"), "deleted_at is null");
        assert_ne!(norm_expr(p, "'A'"), norm_expr(p, "'a'"));
        assert_eq!(norm_expr(p, "E'it\\'s'"), norm_expr(p, "'it''s'"));
        assert_ne!(norm_expr(p, "\"A\" > 0"), norm_expr(p, "a > 0"));
        assert_eq!(norm_expr(Dialect::Mysql, "`A` > 0"), norm_expr(Dialect::Mysql, "a > 0"));
        assert_eq!(norm_expr(p, "(a) + (b)"), "( a ) + ( b )");
        assert_eq!(norm_expr(p, "(a <> ')')"), "a <> ')'");
        assert_eq!(norm_expr(p, "now() -- c\n"), "now ( )");
    }

    #[test]
    fn finds_the_source_of_a_rendering() {
        let d = Dialect::Postgres;
        // a span that starts inside the parentheses and stops before the string's `)`
        let text = "CHECK ((a <> ')'))";
        let s = text.find('a').unwrap();
        let (a, b) = source_extent(d, text, s, text.len(), 6, "(a <> ')')").unwrap();
        assert_eq!(&text[a..b], "a <> ')'");
        let text = "CHECK ((n)::numeric >= 0)";
        let (a, b) = source_extent(d, text, text.find('n').unwrap(), text.len(), 6, "(n)::numeric >= 0").unwrap();
        assert_eq!(&text[a..b], "(n)::numeric >= 0");
        let text = "DEFAULT NOW ( ) ,";
        let (a, b) = source_extent(d, text, 8, text.len(), 0, "now()").unwrap();
        assert_eq!(&text[a..b], "NOW ( )");
        let m = Dialect::Mysql;
        let text = r"DEFAULT 'x\\' ,";
        let (a, b) = source_extent(m, text, 8, text.len(), 0, r"'x\\'").unwrap();
        assert_eq!(&text[a..b], r"'x\\'");
        assert_eq!(source_extent(d, "a + b", 0, 5, 0, "a - b"), None);
        let text = "CHECK (`s` in (_utf8mb4'x',_utf8mb4'y'))";
        let (a, b) = source_extent(m, text, 7, text.len(), 0, "`s` IN (_utf8mb4 'x', _utf8mb4 'y')").unwrap();
        assert_eq!(&text[a..b], "`s` in (_utf8mb4'x',_utf8mb4'y')");
    }
}
