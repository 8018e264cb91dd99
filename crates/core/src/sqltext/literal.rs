//! String literals: writing a value as a literal of the dialect, and reading a literal's value.
//!
//! Contract:
//! - [`string_lit`] writes any value so the engine reads back exactly that value where the engine
//!   can hold it: `'` doubled everywhere; MySQL (whose default `sql_mode` treats `\` as an escape)
//!   also gets `\` doubled and NUL written `\0`; PostgreSQL and SQLite text cannot hold NUL, so it
//!   is left out there (their standard strings have no escapes: `\` is an ordinary character).
//! - [`read_string`] reads the literal starting at a byte offset by the dialect's rules (the
//!   inverse of `string_lit`, plus what people write: PostgreSQL `E'…'` escapes and `$tag$…$tag$`,
//!   MySQL `"…"` strings, `N'…'` and `_charset'…'` prefixes); [`string_value`] reads an expression
//!   that is exactly one literal, optionally in parentheses or with a PostgreSQL cast.

use crate::dialect::Dialect;

/// A string literal for the dialect holding `s` (see the module doc).
pub fn string_lit(d: Dialect, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if d == Dialect::Mysql => out.push_str("\\\\"),
            '\0' if d == Dialect::Mysql => out.push_str("\\0"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The value of a string whose raw body (between its quotes, escapes not applied) is `raw`, when
/// the quote it was written with is not known: sqlparser, run without unescaping so that its
/// rendering of an expression is the source text, hands string bodies over that way. PostgreSQL and
/// SQLite strings are `'…'`; a MySQL body holding a lone `'` came from a `"…"` string. (A MySQL
/// `"…"` body whose only quotes are doubled `""` reads as if it were `'…'`: the one spelling this
/// cannot tell apart.)
pub fn decode_raw(d: Dialect, raw: &str) -> String {
    let mut q = '\'';
    if d == Dialect::Mysql {
        let mut it = raw.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\\' => {
                    it.next();
                }
                '\'' if it.peek() == Some(&'\'') => {
                    it.next();
                }
                '\'' => {
                    q = '"';
                    break;
                }
                _ => {}
            }
        }
    }
    let lit = format!("{q}{raw}{q}");
    read_string(d, &lit, 0).map_or_else(|| raw.to_string(), |(v, _)| v)
}

/// Text that is safe inside a `-- ` comment line: line breaks (and NUL) become spaces.
pub fn comment_text(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\n' | '\r' | '\0') { ' ' } else { c }).collect()
}

/// Whether the dialect can hold `s` in a string value exactly (PostgreSQL and SQLite text cannot
/// hold NUL).
pub fn can_hold(d: Dialect, s: &str) -> bool {
    d == Dialect::Mysql || !s.contains('\0')
}

/// MySQL backslash escapes (`\%` and `\_` keep their backslash: they are LIKE escapes).
fn mysql_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '0' => "\0",
        'b' => "\u{8}",
        'n' => "\n",
        'r' => "\r",
        't' => "\t",
        'Z' => "\u{1a}",
        '%' => "\\%",
        '_' => "\\_",
        _ => return None,
    })
}

/// Reads `E'…'` escapes after the backslash at `it`; pushes the value.
fn pg_escape(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, out: &mut String) {
    let Some((_, c)) = chars.next() else { return };
    let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, max: usize| -> Option<u32> {
        let mut v = 0u32;
        let mut n = 0;
        while n < max {
            match chars.peek().and_then(|(_, h)| h.to_digit(16)) {
                Some(h) => {
                    v = v * 16 + h;
                    chars.next();
                    n += 1;
                }
                None => break,
            }
        }
        (n > 0).then_some(v)
    };
    match c {
        'b' => out.push('\u{8}'),
        'f' => out.push('\u{c}'),
        'n' => out.push('\n'),
        'r' => out.push('\r'),
        't' => out.push('\t'),
        'x' => match hex(chars, 2) {
            Some(v) => out.extend(char::from_u32(v)),
            None => out.push('x'),
        },
        'u' => out.extend(hex(chars, 4).and_then(char::from_u32)),
        'U' => out.extend(hex(chars, 8).and_then(char::from_u32)),
        '0'..='7' => {
            let mut v = c.to_digit(8).unwrap_or(0);
            for _ in 0..2 {
                match chars.peek().and_then(|(_, o)| o.to_digit(8)) {
                    Some(o) => {
                        v = v * 8 + o;
                        chars.next();
                    }
                    None => break,
                }
            }
            out.extend(char::from_u32(v));
        }
        other => out.push(other),
    }
}

/// The quoted body starting just after the opening quote `q` at byte `start` of `text`: the value
/// and the offset just past the closing quote; `None` when it never closes.
fn quoted_body(text: &str, start: usize, q: char, backslash: Backslash) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text[start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == q {
            if chars.peek().is_some_and(|(_, n)| *n == q) {
                chars.next();
                out.push(q);
                continue;
            }
            return Some((out, start + i + c.len_utf8()));
        }
        if c == '\\' {
            match backslash {
                Backslash::Literal => out.push(c),
                Backslash::Mysql => match chars.next() {
                    Some((_, n)) => match mysql_escape(n) {
                        Some(v) => out.push_str(v),
                        None => out.push(n),
                    },
                    None => return None,
                },
                Backslash::Postgres => pg_escape(&mut chars, &mut out),
            }
            continue;
        }
        out.push(c);
    }
    None
}

#[derive(Clone, Copy)]
enum Backslash {
    Literal,
    Mysql,
    Postgres,
}

/// The string literal starting at byte `i` of `text` (after optional `N`, `E` or `_charset`
/// prefixes): its value and the offset just past it; `None` when no literal starts there or it
/// never closes.
pub fn read_string(d: Dialect, text: &str, i: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    let mut escapes = if d == Dialect::Mysql { Backslash::Mysql } else { Backslash::Literal };
    match b.get(j)? {
        b'N' | b'n' if b.get(j + 1) == Some(&b'\'') => j += 1,
        b'E' | b'e' if d == Dialect::Postgres && b.get(j + 1) == Some(&b'\'') => {
            escapes = Backslash::Postgres;
            j += 1;
        }
        b'_' if d == Dialect::Mysql => {
            let k = j + 1 + b[j + 1..].iter().position(|c| !c.is_ascii_alphanumeric())?;
            if b.get(k) != Some(&b'\'') || k == j + 1 {
                return None;
            }
            j = k;
        }
        b'$' if d == Dialect::Postgres => {
            let tag_end = j + 1 + b[j + 1..].iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))?;
            if b.get(tag_end) != Some(&b'$') || b.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            let tag = &text[j..=tag_end];
            let body = tag_end + 1;
            let end = body + text[body..].find(tag)?;
            return Some((text[body..end].to_string(), end + tag.len()));
        }
        _ => {}
    }
    let q = match b.get(j)? {
        b'\'' => '\'',
        b'"' if d == Dialect::Mysql => '"',
        _ => return None,
    };
    quoted_body(text, j + 1, q, escapes)
}

/// The value of an expression that is exactly one string literal — optionally in parentheses or
/// followed by PostgreSQL casts (`('member'::member_role)`) — else `None`.
pub fn string_value(d: Dialect, expr: &str) -> Option<String> {
    let mut s = expr.trim();
    while s.starts_with('(') && s.ends_with(')') && super::scan::wraps(d, s) {
        s = s[1..s.len() - 1].trim();
    }
    let (v, end) = read_string(d, s, 0)?;
    let rest = s[end..].trim();
    let cast = |t: &str| !t.trim().is_empty() && t.chars().all(|c| c.is_alphanumeric() || " _.[]\"(),".contains(c));
    let ok = rest.is_empty() || rest.strip_prefix("::").is_some_and(|r| r.split("::").all(cast));
    ok.then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &[&str] = &["", "it's", "a\\", "\\'", "''", "a\\', evil); --", "\n\r\t", "\u{2028}\u{202e}x", "a\u{0}b", "%_\\%\\_", "$$", "😀", "\\\\\\"];

    /// What `string_lit` writes, `read_string` reads back exactly, in every dialect.
    #[test]
    fn write_then_read_is_identity() {
        for d in Dialect::ALL {
            for v in HOSTILE {
                let lit = string_lit(d, v);
                let want: String = if can_hold(d, v) { v.to_string() } else { v.replace('\0', "") };
                assert_eq!(read_string(d, &lit, 0), Some((want.clone(), lit.len())), "{d:?} {v:?} → {lit}");
                assert_eq!(string_value(d, &format!("({lit})")), Some(want), "{d:?} {v:?}");
            }
        }
    }

    #[test]
    fn reads_what_people_write() {
        assert_eq!(read_string(Dialect::Mysql, r#""a""b\"c""#, 0).map(|r| r.0), Some("a\"b\"c".into()));
        assert_eq!(read_string(Dialect::Mysql, r"'\%\n\Z'", 0).map(|r| r.0), Some("\\%\n\u{1a}".into()));
        assert_eq!(read_string(Dialect::Mysql, "_utf8mb4'x'", 0).map(|r| r.0), Some("x".into()));
        assert_eq!(read_string(Dialect::Postgres, r"E'a\nb\x41\u00e9\101\\'", 0).map(|r| r.0), Some("a\nbAéA\\".into()));
        assert_eq!(read_string(Dialect::Postgres, r"'a\n'", 0).map(|r| r.0), Some("a\\n".into()));
        assert_eq!(read_string(Dialect::Postgres, "$x$ it's $x$ ", 0), Some((" it's ".into(), 12)));
        assert_eq!(read_string(Dialect::Sqlite, "\"x\"", 0), None);
        assert_eq!(read_string(Dialect::Postgres, "'open", 0), None);
        assert_eq!(string_value(Dialect::Postgres, "('member'::member_role)"), Some("member".into()));
        assert_eq!(string_value(Dialect::Postgres, "'x'::character varying"), Some("x".into()));
        assert_eq!(string_value(Dialect::Postgres, "'a' || 'b'"), None);
        assert_eq!(string_value(Dialect::Postgres, "('a') || ('b')"), None);
    }
}
