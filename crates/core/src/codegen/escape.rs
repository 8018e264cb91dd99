//! One escaping module per generated language (SQL's is [`crate::sqltext`]). Every generator writes
//! user text — names, values, comments, expressions — through its target's functions here and
//! nowhere else, so no name or value can end a string, a comment or a statement early.
//!
//! Contract: total functions; the output is valid in its position for the target's own parser
//! (checked by the real tools in `tests/codegen/`), and reads back as the same text wherever the
//! target can hold it — where it cannot (a backtick inside a DBML expression, a line break inside
//! a comment, a quote in a Mermaid label), the function says what it writes instead.

/// `"…"` for JavaScript/TypeScript, JSON and Prisma alike: `"` and `\` escaped, `\n` `\r` `\t`,
/// every other control character, DEL and the JS line terminators U+2028/U+2029 as `\uXXXX`.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a one-line comment: line breaks of any kind and tabs become spaces, other control
/// characters are dropped, runs of spaces collapse, and `*/` is broken up (the text may sit in a
/// `/* */` block too).
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let out = out.replace("*/", "* /");
    out.split(' ').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Prisma schema language.
pub mod prisma {
    /// A string literal (`@map("…")`, `@default("…")`, `dbgenerated("…")`, `Unsupported("…")`):
    /// Prisma reads `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` back exactly (checked with
    /// `@prisma/prisma-schema-wasm`'s DMMF).
    pub fn string(s: &str) -> String {
        super::double_quoted(s)
    }

    /// Text for a `//` or `///` comment line (one line; see the module doc).
    pub fn comment(s: &str) -> String {
        super::one_line(s)
    }
}

/// TypeScript / JavaScript (Drizzle, row types, Zod).
pub mod ts {
    /// A string literal; also valid JSON.
    pub fn string(s: &str) -> String {
        super::double_quoted(s)
    }

    /// The body of a template literal (between backticks): `` ` ``, `\` and `${` escaped, `\r` and
    /// the line terminators written as escapes (a raw CR would be read back as LF).
    pub fn template(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '`' => out.push_str("\\`"),
                '\\' => out.push_str("\\\\"),
                '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
                '\r' => out.push_str("\\r"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        out
    }

    /// Text for a `//` line comment or a `/** */` doc comment (one line; see the module doc).
    pub fn comment(s: &str) -> String {
        super::one_line(s)
    }

    /// Whether `s` is a plain identifier (usable bare as an object key or a name).
    pub fn is_ident(s: &str) -> bool {
        let mut c = s.chars();
        matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_' || f == '$') && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '$')
    }

    /// An object key: bare when it is a plain identifier (and not `__proto__`), a string otherwise.
    pub fn key(s: &str) -> String {
        if is_ident(s) && s != "__proto__" {
            s.to_string()
        } else {
            string(s)
        }
    }
}

/// DBML as read by `@dbml/core`'s current parser (`dbmlv2`).
pub mod dbml {
    /// A quoted name (`"…"`) or string (`'…'`, with `q = '\''`): the parser reads `\\`, `\"`,
    /// `\'`, `\n`, `\r`, `\t` and `\uXXXX` back exactly; no raw line break may appear inside.
    pub fn quoted(s: &str, q: char) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push(q);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == q => {
                    out.push('\\');
                    out.push(c);
                }
                c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push(q);
        out
    }

    /// A name: `"…"`.
    pub fn name(s: &str) -> String {
        quoted(s, '"')
    }

    /// A string (notes, defaults, index names): `'…'`.
    pub fn string(s: &str) -> String {
        quoted(s, '\'')
    }

    /// A backtick expression. DBML reads it raw up to the next backtick, so a backtick inside
    /// cannot be written: it becomes `"` (SQL's other identifier quote). Everything else is kept.
    pub fn expr(s: &str) -> String {
        format!("`{}`", s.trim().replace('`', "\""))
    }

    /// Text for a `//` comment line.
    pub fn comment(s: &str) -> String {
        super::one_line(s)
    }
}

/// Mermaid `erDiagram`.
pub mod mermaid {
    /// Words Mermaid's erDiagram lexer reads as keywords before it reads a name.
    const KEYWORDS: &[&str] = &[
        "erdiagram", "one", "many", "to", "only", "optionally", "zero", "end", "subgraph", "class", "classdef", "style", "direction",
        "u", "pk", "fk", "uk", "acctitle", "accdescr", "title",
    ];

    /// An entity or attribute name: only `[A-Za-z0-9_]` (everything else becomes `_`), `prefix`
    /// before a leading digit or an empty name, `_` after a keyword. The real name goes into a
    /// label ([`text`]).
    pub fn word(s: &str, prefix: &str) -> String {
        let mut out: String = s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
        if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
            out = format!("{prefix}{out}");
        }
        if KEYWORDS.contains(&out.to_ascii_lowercase().as_str()) {
            out.push('_');
        }
        out
    }

    /// An attribute type: `[A-Za-z0-9_(),[]]` (everything else `_`), never starting like a key
    /// marker (`PK`, `FK`, `UK`) or with a digit.
    pub fn type_name(s: &str) -> String {
        let mut out: String = s.chars().map(|c| if c.is_ascii_alphanumeric() || "_(),[]".contains(c) { c } else { '_' }).collect();
        if out.is_empty() {
            return "any".into();
        }
        if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            out = format!("t_{out}");
        }
        let l = out.to_ascii_lowercase();
        if ["pk", "fk", "uk"].iter().any(|k| l.starts_with(k) && !l[2..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')) {
            out = format!("t_{out}");
        }
        out
    }

    /// Text inside `"…"` (labels, attribute comments). Mermaid has no escape inside these
    /// strings: `"` becomes `'`, `%` and `\` (comment and escape syntax) and vertical tab and
    /// backspace become `_`, other control characters and the line separators become spaces.
    pub fn text(s: &str) -> String {
        let t: String = s
            .chars()
            .map(|c| match c {
                '"' => '\'',
                '%' | '\\' | '\u{b}' | '\u{8}' => '_',
                c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => ' ',
                c => c,
            })
            .collect();
        t.trim().to_string()
    }

    /// Mermaid treats any line containing `direction TB` (BT, RL, LR) as a direction statement;
    /// the space after the word becomes `_` (`direction_TB`).
    pub fn defuse_direction(line: &str) -> String {
        let lower = line.to_ascii_lowercase();
        let bytes = line.as_bytes();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        while i < line.len() {
            if lower[i..].starts_with("direction") {
                let mut j = i + "direction".len();
                let ws_start = j;
                while j < line.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                    j += 1;
                }
                let dir = lower.get(j..j + 2).unwrap_or("");
                if j > ws_start && ["tb", "bt", "rl", "lr"].contains(&dir) {
                    out.push_str(&line[i..ws_start]);
                    out.push('_');
                    i = j;
                    continue;
                }
            }
            let ch = line[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_comments() {
        assert_eq!(ts::string("a\"b\\c\nd\u{2028}"), "\"a\\\"b\\\\c\\nd\\u2028\"");
        assert_eq!(prisma::string("a\u{0}"), "\"a\\u0000\"");
        assert_eq!(ts::template("`${x}` \\\r"), "\\`\\${x}\\` \\\\\\r");
        assert_eq!(ts::comment("a */ b\nc\r\n  d"), "a * / b c d");
        assert_eq!(ts::key("a b"), "\"a b\"");
        assert_eq!(ts::key("__proto__"), "\"__proto__\"");
        assert_eq!(dbml::name("a\"b\\\n"), "\"a\\\"b\\\\\\n\"");
        assert_eq!(dbml::string("it's"), "'it\\'s'");
        assert_eq!(dbml::expr("a `b`"), "`a \"b\"`");
        assert_eq!(mermaid::word("1 x", "t_"), "t_1_x");
        assert_eq!(mermaid::word("one", "t_"), "one_");
        assert_eq!(mermaid::text("a \"b\" %% c"), "a 'b' __ c");
        assert_eq!(mermaid::defuse_direction("x direction TB y"), "x direction_TB y");
    }
}
