//! Lexical scanning that knows what is *not* code: string literals, quoted identifiers and
//! comments, by the dialect's rules. Everything that counts parentheses, looks for `;` or `::`, or
//! cuts an expression apart goes through [`skip`], so a `)` or `;` inside `')'` is never taken for
//! syntax.
//!
//! Contract: byte offsets, never panics, O(n) over the text; an unterminated quote or comment runs
//! to the end of the text.

use crate::dialect::Dialect;

/// If a string literal, quoted identifier or comment starts at byte `i`, the offset just past it
/// (the text's end when it never closes); else `None`.
pub fn skip(d: Dialect, text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let c = *b.get(i)?;
    let n = b.len();
    match c {
        b'-' if b.get(i + 1) == Some(&b'-') => Some(b[i..].iter().position(|&x| x == b'\n').map_or(n, |p| i + p)),
        b'#' if d == Dialect::Mysql => Some(b[i..].iter().position(|&x| x == b'\n').map_or(n, |p| i + p)),
        b'/' if b.get(i + 1) == Some(&b'*') => Some(block_comment_end(d, b, i).0),
        b'\'' => Some(super::literal::read_string(d, text, i).map_or(n, |(_, e)| e)),
        b'"' if d == Dialect::Mysql => Some(super::literal::read_string(d, text, i).map_or(n, |(_, e)| e)),
        b'E' | b'e' | b'N' | b'n' | b'_' | b'$' if starts_literal(d, b, i) => Some(super::literal::read_string(d, text, i).map_or(n, |(_, e)| e)),
        b'"' => Some(quoted_end(b, i, b'"')),
        b'`' if d != Dialect::Postgres => Some(quoted_end(b, i, b'`')),
        b'[' if d == Dialect::Sqlite => Some(b[i..].iter().position(|&x| x == b']').map_or(n, |p| i + p + 1)),
        _ => None,
    }
}

/// End of the `/* */` comment starting at `i` (`i` is at `/*`), and whether it closes: block
/// comments nest in PostgreSQL (`/* a /* b */ c */` is one comment), not in MySQL or SQLite.
pub fn block_comment_end(d: Dialect, b: &[u8], i: usize) -> (usize, bool) {
    let (mut depth, mut j) = (1usize, i + 2);
    while j < b.len() {
        if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return (j, true);
            }
        } else if d == Dialect::Postgres && b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
            depth += 1;
            j += 2;
        } else {
            j += 1;
        }
    }
    (b.len(), false)
}

/// Whether a prefixed literal (`E'…'`, `N'…'`, `_utf8'…'`, `$tag$…`) starts at `i` (and `i` does not
/// continue a word, as in `name'`).
fn starts_literal(d: Dialect, b: &[u8], i: usize) -> bool {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'$') {
        return false;
    }
    match b[i] {
        b'E' | b'e' => d == Dialect::Postgres && b.get(i + 1) == Some(&b'\''),
        b'N' | b'n' => b.get(i + 1) == Some(&b'\''),
        b'_' => d == Dialect::Mysql && {
            let k = i + 1 + b[i + 1..].iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(b.len() - i - 1);
            k > i + 1 && b.get(k) == Some(&b'\'')
        },
        b'$' => {
            d == Dialect::Postgres && !b.get(i + 1).is_some_and(|c| c.is_ascii_digit()) && {
                let k = i + 1 + b[i + 1..].iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'_')).unwrap_or(b.len() - i - 1);
                b.get(k) == Some(&b'$')
            }
        }
        _ => false,
    }
}

/// End of an identifier quoted with `q` (the quote doubled inside), or the text's end.
fn quoted_end(b: &[u8], i: usize, q: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// Calls `f(offset, byte)` for every byte of `text` that is code (outside strings, quoted
/// identifiers and comments); `f` returns false to stop.
pub fn code_bytes(d: Dialect, text: &str, mut f: impl FnMut(usize, u8) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(e) = skip(d, text, i) {
            i = e.max(i + 1);
            continue;
        }
        if !f(i, b[i]) {
            return;
        }
        i += 1;
    }
}

/// (lowest, final) parenthesis depth over the code of `s`: `(0, 0)` means balanced; a negative
/// lowest depth means a `)` closes something opened before `s`.
pub fn paren_depth(d: Dialect, s: &str) -> (i64, i64) {
    let (mut depth, mut low) = (0i64, 0i64);
    code_bytes(d, s, |_, c| {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                low = low.min(depth);
            }
            _ => {}
        }
        true
    });
    (low, depth)
}

/// Whether the `(` at the start of `s` is closed by the `)` at its very end.
pub fn wraps(d: Dialect, s: &str) -> bool {
    if !(s.starts_with('(') && s.ends_with(')')) || s.len() < 2 {
        return false;
    }
    let mut depth = 0i64;
    let mut closes_early = false;
    let last = s.len() - 1;
    code_bytes(d, s, |i, c| {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 && i < last {
                    closes_early = true;
                    return false;
                }
            }
            _ => {}
        }
        true
    });
    !closes_early && depth == 0
}

/// `s` without the parentheses that wrap all of it: `((now()))` → `now()`, `(a) + (b)` unchanged.
pub fn strip_outer_parens(d: Dialect, s: &str) -> &str {
    let mut s = s.trim();
    while wraps(d, s) {
        s = s[1..s.len() - 1].trim();
    }
    s
}

/// Byte offset of the first `needle` in the code of `text` at parenthesis depth 0, if any.
pub fn find_top_level(d: Dialect, text: &str, needle: &str) -> Option<usize> {
    let first = *needle.as_bytes().first()?;
    let mut depth = 0i64;
    let mut found = None;
    code_bytes(d, text, |i, c| {
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ if c == first && depth == 0 && text.as_bytes()[i..].starts_with(needle.as_bytes()) => {
                found = Some(i);
                return false;
            }
            _ => {}
        }
        true
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parentheses_inside_strings_do_not_count() {
        let d = Dialect::Postgres;
        assert_eq!(paren_depth(d, "a <> ')'"), (0, 0));
        assert_eq!(paren_depth(d, "(a <> ')'"), (0, 1));
        assert_eq!(paren_depth(d, "a) AND (b"), (-1, 0));
        assert_eq!(paren_depth(d, "\"(\" = '('"), (0, 0));
        assert_eq!(paren_depth(d, "x -- )\n"), (0, 0));
        assert_eq!(paren_depth(Dialect::Mysql, r"a <> '\')'"), (0, 0));
        assert_eq!(paren_depth(Dialect::Postgres, r"a <> E'\')'"), (0, 0));
        assert_eq!(paren_depth(Dialect::Postgres, "$q$ ) $q$"), (0, 0));
        assert!(wraps(d, "(a <> ')')"));
        assert!(!wraps(d, "(a) + (b)"));
        assert!(!wraps(d, "(a <> ')'"));
        assert_eq!(strip_outer_parens(d, " ((now())) "), "now()");
        assert_eq!(strip_outer_parens(d, "(')')"), "')'");
        assert_eq!(find_top_level(d, "f('::', x::int)::text", "::"), Some(15));
        assert_eq!(find_top_level(d, "'::'", "::"), None);
    }

    #[test]
    fn prefixes_need_a_word_boundary() {
        assert_eq!(skip(Dialect::Postgres, "name'", 3), None);
        assert_eq!(skip(Dialect::Postgres, "E'a'", 0), Some(4));
        assert_eq!(skip(Dialect::Mysql, "_utf8mb4'a'", 0), Some(11));
        assert_eq!(skip(Dialect::Mysql, "_x", 0), None);
        assert_eq!(skip(Dialect::Postgres, "$1", 0), None);
        assert_eq!(skip(Dialect::Sqlite, "[a b]c", 0), Some(5));
        assert_eq!(skip(Dialect::Postgres, "'open", 0), Some(5));
    }

    #[test]
    fn block_comments_nest_in_postgres_only() {
        let t = "/* a /* b */ c */ x";
        assert_eq!(skip(Dialect::Postgres, t, 0), Some(17));
        assert_eq!(skip(Dialect::Mysql, t, 0), Some(12));
        assert_eq!(skip(Dialect::Sqlite, t, 0), Some(12));
        assert_eq!(block_comment_end(Dialect::Postgres, b"/* /* */", 0), (8, false));
        assert_eq!(block_comment_end(Dialect::Mysql, b"/*/", 0), (3, false));
    }
}
