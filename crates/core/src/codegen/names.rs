//! Name helpers shared by the generators: case conversion, singular/plural, unique and safe
//! identifiers, and escaping of string literals and comments.
//!
//! Every function here is total: any input (empty, unicode, quotes, newlines) gives a usable,
//! ASCII-only identifier or a correctly escaped literal.

use std::collections::HashSet;

/// Splits a name into lower-case ASCII words: separators are anything that is not an ASCII letter
/// or digit, plus lower→upper case changes (`userId` → `user`, `id`; `HTTPServer` → `http`, `server`).
pub fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// `order_items` → `OrderItems`. May be empty or start with a digit; see [`safe_ident`].
pub fn pascal(s: &str) -> String {
    words(s).iter().map(|w| cap(w)).collect()
}

/// `order_items` → `orderItems`.
pub fn camel(s: &str) -> String {
    let ws = words(s);
    let mut out = String::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 {
            out.push_str(w);
        } else {
            out.push_str(&cap(w));
        }
    }
    out
}

/// English singular of one lower-case word (`categories` → `category`, `statuses` → `status`).
pub fn singular_word(w: &str) -> String {
    let lw = w.to_ascii_lowercase();
    const SAME: &[&str] = &["news", "series", "species", "data", "status", "bus", "campus", "alias", "analysis", "axis", "basis", "canvas", "gas", "lens", "sms", "ss"];
    if lw.len() <= 2 || SAME.contains(&lw.as_str()) {
        return w.to_string();
    }
    const IRREGULAR: &[(&str, &str)] = &[("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman"), ("mice", "mouse"), ("geese", "goose"), ("teeth", "tooth"), ("feet", "foot"), ("indices", "index"), ("matrices", "matrix"), ("vertices", "vertex")];
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == lw) {
        return s.to_string();
    }
    let strip = |n: usize| w[..w.len() - n].to_string();
    if lw.ends_with("ies") && lw.len() > 4 {
        return strip(3) + "y";
    }
    if lw.ends_with("sses") || lw.ends_with("xes") || lw.ends_with("ches") || lw.ends_with("shes") || lw.ends_with("zzes") || lw.ends_with("uses") {
        return strip(2);
    }
    if lw.ends_with("ss") || lw.ends_with("us") || lw.ends_with("is") || lw.ends_with("os") && lw.len() <= 3 {
        return w.to_string();
    }
    if lw.ends_with('s') {
        return strip(1);
    }
    w.to_string()
}

/// English plural of one lower-case word (`category` → `categories`).
pub fn plural_word(w: &str) -> String {
    let lw = w.to_ascii_lowercase();
    if lw.is_empty() {
        return "items".into();
    }
    const IRREGULAR: &[(&str, &str)] = &[("person", "people"), ("child", "children"), ("man", "men"), ("woman", "women")];
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, _)| *s == lw) {
        return p.to_string();
    }
    let b = lw.as_bytes();
    if lw.ends_with('y') && b.len() > 1 && !b"aeiou".contains(&b[b.len() - 2]) {
        return w[..w.len() - 1].to_string() + "ies";
    }
    if lw.ends_with('s') || lw.ends_with('x') || lw.ends_with("ch") || lw.ends_with("sh") || lw.ends_with('z') {
        return w.to_string() + "es";
    }
    w.to_string() + "s"
}

/// Applies `f` to the last word of a snake/camel name and re-joins in snake case.
fn on_last(s: &str, f: impl Fn(&str) -> String) -> String {
    let mut ws = words(s);
    if let Some(last) = ws.last_mut() {
        *last = f(last);
    }
    ws.join("_")
}

/// `order_items` → `order_item` (snake case result).
pub fn singular(s: &str) -> String {
    on_last(s, singular_word)
}

/// `order_item` → `order_items` (snake case result).
pub fn plural(s: &str) -> String {
    on_last(s, plural_word)
}

/// The relation name a foreign-key column suggests: `author_id` → `author`, `ownerId` → `owner`;
/// `None` when the column does not look like `<thing>_id`. For a composite key the last column
/// speaks for the key (`(tenant_id, payer_id)` → `payer`).
pub fn fk_stem(columns: &[String]) -> Option<String> {
    let col = columns.last()?;
    let stem = if col.len() > 3 && col.to_ascii_lowercase().ends_with("_id") {
        &col[..col.len() - 3]
    } else if col.len() > 2 && col.ends_with("Id") {
        &col[..col.len() - 2]
    } else {
        return None;
    };
    Some(camel(stem)).filter(|s| !s.is_empty())
}

/// Makes `name` a safe ASCII identifier: a fallback when empty, `prefix` before a leading digit
/// and `_` after a reserved word.
pub fn safe_ident(name: &str, fallback: &str, prefix: &str, reserved: &[&str]) -> String {
    let mut s: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{prefix}{s}");
    }
    if reserved.iter().any(|r| *r == s) {
        s.push('_');
    }
    s
}

/// Hands out names that are unique within one scope (case-insensitively, since several
/// targets also produce file or type names from them), adding `2`, `3`, ... on collision.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    pub fn new() -> Self {
        Namer::default()
    }

    /// Marks a name taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_ascii_lowercase());
    }

    pub fn is_used(&self, name: &str) -> bool {
        self.used.contains(&name.to_ascii_lowercase())
    }

    /// `base`, or `base2`, `base3`, ... whichever is free first.
    pub fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.used.contains(&candidate.to_ascii_lowercase()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(candidate.to_ascii_lowercase());
        candidate
    }
}

/// A double-quoted string literal valid in JavaScript/TypeScript, JSON and Prisma: escapes
/// quotes, backslashes, every control character and the JS line terminators U+2028/U+2029.
pub fn quoted(s: &str) -> String {
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

/// The body of a JS template literal (between backticks): escapes `` ` ``, `\` and `${`.
pub fn template_body(s: &str) -> String {
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

/// Text safe inside a `//` line comment (JS/TS and Prisma) and inside a `/* */` block: line
/// breaks of any kind become spaces, `*/` is broken up, other control characters are dropped.
pub fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let out = out.replace("*/", "* /");
    // collapse runs of spaces and trim (formatters would normalise trailing space anyway)
    let mut collapsed = String::with_capacity(out.len());
    for part in out.split(' ').filter(|p| !p.is_empty()) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(part);
    }
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(pascal("order_items"), "OrderItems");
        assert_eq!(camel("order_items"), "orderItems");
        assert_eq!(camel("userID"), "userId");
        assert_eq!(camel("HTTPServer"), "httpServer");
        assert_eq!(pascal("first name"), "FirstName");
        assert_eq!(camel("Ωmega"), "mega");
        assert_eq!(camel("\"; drop"), "drop");
        assert_eq!(pascal(""), "");
    }

    #[test]
    fn singular_and_plural() {
        for (p, s) in [("users", "user"), ("categories", "category"), ("addresses", "address"), ("boxes", "box"), ("status", "status"), ("people", "person"), ("audit_log", "audit_log"), ("task_labels", "task_label"), ("s", "s")] {
            assert_eq!(singular(p), s, "{p}");
        }
        for (s, p) in [("user", "users"), ("category", "categories"), ("address", "addresses"), ("key", "keys"), ("person", "people")] {
            assert_eq!(plural(s), p, "{s}");
        }
    }

    #[test]
    fn fk_stems() {
        let v = |a: &[&str]| fk_stem(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(v(&["author_id"]), Some("author".into()));
        assert_eq!(v(&["ownerId"]), Some("owner".into()));
        assert_eq!(v(&["tenant_id", "payer_id"]), Some("payer".into()));
        assert_eq!(v(&["uuid"]), None);
        assert_eq!(v(&["id"]), None);
        assert_eq!(v(&["_id"]), None);
        assert_eq!(v(&["ü_id"]), None);
        assert_eq!(v(&[]), None);
    }

    #[test]
    fn safe_and_unique() {
        assert_eq!(safe_ident("1st", "x", "n", &[]), "n1st");
        assert_eq!(safe_ident("", "field", "n", &[]), "field");
        assert_eq!(safe_ident("class", "x", "n", &["class"]), "class_");
        let mut n = Namer::new();
        assert_eq!(n.unique("User"), "User");
        assert_eq!(n.unique("user"), "user2");
        assert_eq!(n.unique("User"), "User3");
    }

    #[test]
    fn escaping() {
        assert_eq!(quoted("a\"b\\c\nd\u{2028}"), "\"a\\\"b\\\\c\\nd\\u2028\"");
        assert_eq!(template_body("`${x}` \\"), "\\`\\${x}\\` \\\\");
        assert_eq!(comment_text("a */ b\nc\r\n  d"), "a * / b c d");
    }
}

// ---------------------------------------------------------------------------------------------
// Column types as the JavaScript-side targets (Prisma, Drizzle, TypeScript, Zod) read them: the
// model's TypeKind behind the column's domains, plus the two readings those targets share.

use crate::model::{Column, Schema, TypeKind};
use crate::Dialect;

/// The width class of an integer column for a JavaScript client: 2 (`smallint`, `tinyint`), 4
/// (fits a 32-bit integer: `integer`, `mediumint`, an unsigned `smallint`) or 8 (`bigint`, an
/// unsigned `integer`). SQLite keeps every integer in 8 bytes, but only a column declared
/// `bigint`/`int8` is read as 8 there. `None` for anything else, a boolean spelled `tinyint(1)`
/// included.
pub fn js_int_width(k: &TypeKind, d: Dialect) -> Option<u8> {
    let TypeKind::Int { bytes, unsigned, .. } = *k else { return None };
    if k.is_boolean(d) {
        return None;
    }
    Some(match (d, bytes, unsigned) {
        (Dialect::Sqlite, 8, _) => 8,
        (Dialect::Sqlite, ..) => 4,
        (_, 1, _) | (_, 2, false) => 2,
        (_, 2, true) | (_, 3, _) | (_, 4, false) => 4,
        (_, 4, true) | (_, 8, _) => 8,
        _ => return None,
    })
}

/// Binary data for a JavaScript client: a binary type, or a SQLite column without a declared
/// type (BLOB affinity: values are kept as they are given).
pub fn is_js_bytes(k: &TypeKind, d: Dialect) -> bool {
    matches!(k, TypeKind::Binary(_)) || (*k == TypeKind::Unspecified && d == Dialect::Sqlite)
}

/// The values a CHECK constraint limits a text column to, when a CHECK is exactly a list of string
/// literals for that column: `col IN ('a', 'b')`, pg_dump's `(col)::text = ANY ((ARRAY['a'::text,
/// 'b'::text])::text[])`, MySQL's `` `col` in (_utf8mb4'a',_utf8mb4'b') ``, and the same with
/// quoted names or extra parentheses. Any other CHECK (a range, an `AND`, several columns) gives
/// `None`, as does a non-text column.
pub fn check_enum_values(schema: &Schema, t: &crate::model::Table, col: &Column) -> Option<Vec<String>> {
    let rt = schema.resolve_type(&col.data_type);
    if !rt.kind.is_text() || rt.array_dims > 0 || col.data_type.array_dims > 0 {
        return None;
    }
    t.checks.iter().filter(|c| c.column.as_deref().is_none_or(|n| n == col.name)).find_map(|c| in_list_of(&c.expression, &col.name, schema.dialect != crate::Dialect::Postgres))
}

#[derive(Debug, PartialEq)]
enum CTok {
    Word(String, bool),
    Str(String),
    Punct(char),
}

/// Tokens of an expression without parentheses, brackets, casts (`::type`, `::type[]`,
/// `::character varying`) and charset introducers (`_utf8mb4'x'`, `N'x'`); `None` on anything
/// unexpected.
fn check_tokens(e: &str) -> Option<Vec<CTok>> {
    let b: Vec<char> = e.chars().collect();
    let mut out: Vec<CTok> = Vec::new();
    let mut i = 0;
    let mut after_cast = false;
    while i < b.len() {
        let c = b[i];
        if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']') {
            i += 1;
            continue;
        }
        if c == ':' && b.get(i + 1) == Some(&':') {
            after_cast = true;
            i += 2;
            continue;
        }
        if c == '\'' {
            let mut v = String::new();
            i += 1;
            loop {
                let ch = *b.get(i)?;
                if ch == '\'' {
                    if b.get(i + 1) == Some(&'\'') {
                        v.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                v.push(ch);
                i += 1;
            }
            after_cast = false;
            out.push(CTok::Str(v));
            continue;
        }
        if c == '"' || c == '`' {
            let mut v = String::new();
            i += 1;
            loop {
                let ch = *b.get(i)?;
                if ch == c {
                    if b.get(i + 1) == Some(&c) {
                        v.push(c);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                v.push(ch);
                i += 1;
            }
            if !after_cast {
                out.push(CTok::Word(v, true));
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '$' {
            let st = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '$') {
                i += 1;
            }
            let w: String = b[st..i].iter().collect();
            if b.get(i) == Some(&'\'') && (w.starts_with('_') || w.eq_ignore_ascii_case("n")) {
                continue; // charset introducer
            }
            if after_cast {
                // a type name: `text`, `character varying`, `varchar(20)` (parentheses and digits
                // are skipped as they come); a keyword ends it
                if !matches!(w.to_ascii_lowercase().as_str(), "in" | "any" | "array" | "or" | "and" | "not") {
                    continue;
                }
                after_cast = false;
            }
            out.push(CTok::Word(w, false));
            continue;
        }
        after_cast = false;
        out.push(CTok::Punct(c));
        i += 1;
    }
    Some(out)
}

/// `col IN ('a', ...)` or `col = ANY (ARRAY['a', ...])` for the column `name` → the values.
fn in_list_of(expr: &str, name: &str, fold: bool) -> Option<Vec<String>> {
    let toks = check_tokens(expr)?;
    let kw = |t: &CTok, k: &str| matches!(t, CTok::Word(w, false) if w.eq_ignore_ascii_case(k));
    let is_col = match toks.first()? {
        CTok::Word(w, true) => w == name || fold && w.eq_ignore_ascii_case(name),
        CTok::Word(w, false) => w.eq_ignore_ascii_case(name),
        _ => false,
    };
    if !is_col {
        return None;
    }
    let rest = if toks.len() > 1 && kw(&toks[1], "in") {
        &toks[2..]
    } else if toks.len() > 3 && toks[1] == CTok::Punct('=') && kw(&toks[2], "any") && kw(&toks[3], "array") {
        &toks[4..]
    } else {
        return None;
    };
    let mut values = Vec::new();
    for (k, t) in rest.iter().enumerate() {
        match (k % 2, t) {
            (0, CTok::Str(v)) => {
                if !values.contains(v) {
                    values.push(v.clone());
                }
            }
            (1, CTok::Punct(',')) => {}
            _ => return None,
        }
    }
    (!values.is_empty() && rest.len() % 2 == 1).then_some(values)
}

/// Whether the column gets its value from the database without being given one.
pub fn has_db_default(c: &Column) -> bool {
    c.default.is_some() || c.identity.is_some() || c.generated.is_some()
}

/// A default expression with outer parentheses and a trailing `::type` cast removed.
pub fn strip_default(expr: &str) -> String {
    let mut s = expr.trim().to_string();
    loop {
        let before = s.clone();
        while s.starts_with('(') && s.ends_with(')') && balanced_outer(&s) {
            s = s[1..s.len() - 1].trim().to_string();
        }
        if let Some(pos) = last_cast(&s) {
            s = s[..pos].trim().to_string();
        }
        if s == before {
            return s;
        }
    }
}

fn balanced_outer(s: &str) -> bool {
    let mut depth = 0i32;
    let mut in_str = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 && i != s.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Byte position of a top-level trailing `::type` cast.
fn last_cast(s: &str) -> Option<usize> {
    let mut in_str = false;
    let mut depth = 0i32;
    let mut last = None;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' => in_str = !in_str,
            b'(' if !in_str => depth += 1,
            b')' if !in_str => depth -= 1,
            b':' if !in_str && depth == 0 && b.get(i + 1) == Some(&b':') => {
                last = Some(i);
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    let pos = last?;
    let rest = &s[pos + 2..];
    rest.chars().all(|c| c.is_alphanumeric() || " _.[]()\",".contains(c)).then_some(pos)
}

/// A simple SQL string literal's value (`'it''s'` → `it's`), if `expr` is exactly one.
pub fn sql_string_literal(expr: &str) -> Option<String> {
    let s = strip_default(expr);
    let s = s.strip_prefix('N').or_else(|| s.strip_prefix('E').filter(|r| !r.contains('\\'))).unwrap_or(&s);
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.next() != Some('\'') {
                return None;
            }
        }
        out.push(c);
    }
    Some(out)
}

/// A plain numeric literal (`0`, `-1.5`, `'3'`).
pub fn sql_number_literal(expr: &str) -> Option<String> {
    let s = strip_default(expr);
    let s = sql_string_literal(&s).unwrap_or(s);
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let ok = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.') && body.chars().filter(|c| *c == '.').count() <= 1 && !body.starts_with('.') && !body.ends_with('.');
    ok.then(|| t.to_string())
}

/// `true`/`false` for boolean literals (`true`, `'t'`, `1`, `b'1'`).
pub fn sql_bool_literal(expr: &str) -> Option<bool> {
    let s = strip_default(expr).to_ascii_lowercase();
    match s.as_str() {
        "true" | "'t'" | "'true'" | "1" | "'1'" | "b'1'" | "'y'" | "'yes'" | "'on'" => Some(true),
        "false" | "'f'" | "'false'" | "0" | "'0'" | "b'0'" | "'n'" | "'no'" | "'off'" => Some(false),
        _ => None,
    }
}

/// `now()`, `CURRENT_TIMESTAMP`, `datetime('now')` and friends.
pub fn is_now(expr: &str) -> bool {
    let s = strip_default(expr).to_ascii_lowercase().replace(' ', "");
    let s = s.trim_end_matches("()");
    matches!(s, "now" | "current_timestamp" | "localtimestamp" | "statement_timestamp" | "transaction_timestamp" | "datetime('now')" | "datetime('now','localtime')" | "sysdate")
        || s.starts_with("current_timestamp(") && s.len() <= 20
        || s.starts_with("now(") && s.len() <= 6
}

/// `gen_random_uuid()`, `uuid_generate_v4()`, `uuid()`.
pub fn is_uuid_fn(expr: &str) -> bool {
    let s = strip_default(expr).to_ascii_lowercase().replace(' ', "");
    let s = s.rsplit_once('.').map(|(_, b)| b.to_string()).unwrap_or(s);
    matches!(s.as_str(), "gen_random_uuid()" | "uuid_generate_v4()" | "uuid()" | "uuid_generate_v1()" | "uuidv7()" | "uuid_generate_v7()")
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn defaults_are_read() {
        assert_eq!(strip_default("('member'::member_role)"), "'member'");
        assert_eq!(sql_string_literal("'it''s'::text"), Some("it's".into()));
        assert_eq!(sql_string_literal("'a' || 'b'"), None);
        assert_eq!(sql_number_literal("(-1.5)"), Some("-1.5".into()));
        assert_eq!(sql_number_literal("'3'"), Some("3".into()));
        assert_eq!(sql_number_literal("1e"), None);
        assert_eq!(sql_bool_literal("false"), Some(false));
        assert!(is_now("CURRENT_TIMESTAMP"));
        assert!(is_now("now()"));
        assert!(is_now("datetime('now')"));
        assert!(!is_now("now() + interval '1 day'"));
        assert!(is_uuid_fn("public.uuid_generate_v4()"));
    }

    #[test]
    fn kinds_by_dialect() {
        use crate::model::{TextKind, TypeKind as K};
        let s = crate::parse::parse("CREATE TYPE m AS ENUM ('a'); CREATE TABLE t (a int4, b varchar(10), c timestamptz, d m, e \"text\", f numeric(6,2));", Dialect::Postgres).schema;
        let k: Vec<&K> = s.tables[0].columns.iter().map(|c| &s.resolve_type(&c.data_type).kind).collect();
        assert_eq!(js_int_width(k[0], Dialect::Postgres), Some(4));
        assert_eq!(k[1], &K::VarChar { length: Some(10) });
        assert_eq!(k[2], &K::Timestamp { precision: None, tz: true });
        assert_eq!(s.enum_of(&s.tables[0].columns[3].data_type), Some(0));
        assert_eq!(k[4], &K::Text(TextKind::Text));
        assert!(matches!(k[5], K::Decimal { .. }));
        let s = crate::parse::parse("CREATE TABLE t (a tinyint(1), b enum('x','y'), c int unsigned);", Dialect::Mysql).schema;
        let k: Vec<&K> = s.tables[0].columns.iter().map(|c| &s.resolve_type(&c.data_type).kind).collect();
        assert!(k[0].is_boolean(Dialect::Mysql) && js_int_width(k[0], Dialect::Mysql).is_none());
        assert_eq!(k[1], &K::Enum(vec!["x".into(), "y".into()]));
        assert_eq!(js_int_width(k[2], Dialect::Mysql), Some(8));
    }
}
