//! Name helpers shared by the generators: case conversion, singular/plural, unique and safe
//! identifiers (escaping is [`super::escape`]'s).
//!
//! Every function here is total: any input (empty, unicode, quotes, newlines) gives a usable,
//! ASCII-only identifier or a correctly escaped literal.


/// The words of a name as code identifiers use them: [`crate::sqltext::words`] over the name's
/// ASCII letters and digits (every other character separates words): `userId` → `user`, `id`;
/// `HTTPServer` → `http`, `server`.
pub fn words(s: &str) -> Vec<String> {
    let ascii: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    crate::sqltext::words(&ascii)
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

pub use crate::sqltext::{plural, singular};

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

/// Names unique within one scope, case-insensitively (several targets also produce file or type
/// names from them), numbered `base2`, `base3`, ... ([`crate::sqltext::Namer::new`]).
pub use crate::sqltext::Namer;

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
    t.checks.iter().filter(|c| c.column.as_deref().is_none_or(|n| n == col.name)).find_map(|c| in_list_of(schema.dialect, &c.expression, &col.name, schema.dialect != Dialect::Postgres))
}

#[derive(Debug, PartialEq)]
enum CTok {
    Word(String, bool),
    Str(String),
    Punct(char),
}

/// Tokens of an expression ([`crate::sqltext::expr::tokens`]) without parentheses, brackets and
/// casts (`::type`, `::type[]`, `::character varying`); charset introducers (`_utf8mb4'x'`, `N'x'`)
/// are part of their string. `None` when a quote never closes.
fn check_tokens(d: Dialect, e: &str) -> Option<Vec<CTok>> {
    use crate::sqltext::expr::Tok;
    let mut out: Vec<CTok> = Vec::new();
    let mut after_cast = false;
    for t in crate::sqltext::expr::tokens(d, e)? {
        match t {
            Tok::Open | Tok::Close => {}
            Tok::Op(o) if o == "[" || o == "]" => {}
            Tok::Op(o) if o == "::" => after_cast = true,
            Tok::Str(v) => {
                after_cast = false;
                out.push(CTok::Str(v));
            }
            Tok::Quoted(q) => {
                if !after_cast {
                    out.push(CTok::Word(q, true));
                }
            }
            Tok::Word(w) | Tok::Num(w) => {
                if after_cast {
                    // a type name: `text`, `character varying`, `varchar(20)` (parentheses and
                    // digits are skipped as they come); a keyword ends it
                    if !matches!(w.to_ascii_lowercase().as_str(), "in" | "any" | "array" | "or" | "and" | "not") {
                        continue;
                    }
                    after_cast = false;
                }
                out.push(CTok::Word(w, false));
            }
            Tok::Comma => {
                after_cast = false;
                out.push(CTok::Punct(','));
            }
            Tok::Op(o) => {
                after_cast = false;
                out.extend(o.chars().map(CTok::Punct));
            }
        }
    }
    Some(out)
}

/// `col IN ('a', ...)` or `col = ANY (ARRAY['a', ...])` for the column `name` → the values.
fn in_list_of(d: Dialect, expr: &str, name: &str, fold: bool) -> Option<Vec<String>> {
    let toks = check_tokens(d, expr)?;
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

/// A default expression with outer parentheses and trailing `::type` casts removed (quotes and
/// parentheses inside strings read by the dialect's rules, [`crate::sqltext::scan`]).
pub fn strip_default(d: Dialect, expr: &str) -> String {
    let mut s = expr.trim();
    loop {
        let before = s;
        s = crate::sqltext::strip_outer_parens(d, s);
        if let Some(pos) = last_cast(d, s) {
            s = s[..pos].trim();
        }
        if s == before {
            return s.to_string();
        }
    }
}

/// Byte position of a top-level trailing `::type` cast.
fn last_cast(d: Dialect, s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut last = None;
    crate::sqltext::scan::code_bytes(d, s, |i, c| {
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b':' if depth == 0 && s.as_bytes().get(i + 1) == Some(&b':') && (i == 0 || s.as_bytes()[i - 1] != b':') => last = Some(i),
            _ => {}
        }
        true
    });
    let pos = last?;
    let rest = &s[pos + 2..];
    rest.chars().all(|c| c.is_alphanumeric() || " _.[]()\",".contains(c)).then_some(pos)
}

/// A string literal's value (`'it''s'` → `it's`, MySQL `'a\\b'` → `a\b`), if the default is
/// exactly one (casts and parentheses around it allowed).
pub fn sql_string_literal(d: Dialect, expr: &str) -> Option<String> {
    crate::sqltext::string_value(d, &strip_default(d, expr))
}

/// A plain numeric literal (`0`, `-1.5`, `'3'`).
pub fn sql_number_literal(d: Dialect, expr: &str) -> Option<String> {
    let s = strip_default(d, expr);
    let s = sql_string_literal(d, &s).unwrap_or(s);
    let t = s.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let ok = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.') && body.chars().filter(|c| *c == '.').count() <= 1 && !body.starts_with('.') && !body.ends_with('.');
    ok.then(|| t.to_string())
}

/// `true`/`false` for boolean literals (`true`, `'t'`, `1`, `b'1'`).
pub fn sql_bool_literal(d: Dialect, expr: &str) -> Option<bool> {
    let s = strip_default(d, expr).to_ascii_lowercase();
    match s.as_str() {
        "true" | "'t'" | "'true'" | "1" | "'1'" | "b'1'" | "'y'" | "'yes'" | "'on'" => Some(true),
        "false" | "'f'" | "'false'" | "0" | "'0'" | "b'0'" | "'n'" | "'no'" | "'off'" => Some(false),
        _ => None,
    }
}

/// `now()`, `CURRENT_TIMESTAMP`, `datetime('now')` and friends.
pub fn is_now(d: Dialect, expr: &str) -> bool {
    let s = strip_default(d, expr).to_ascii_lowercase().replace(' ', "");
    let s = s.trim_end_matches("()");
    matches!(s, "now" | "current_timestamp" | "localtimestamp" | "statement_timestamp" | "transaction_timestamp" | "datetime('now')" | "datetime('now','localtime')" | "sysdate")
        || s.starts_with("current_timestamp(") && s.len() <= 20
        || s.starts_with("now(") && s.len() <= 6
}

/// `gen_random_uuid()`, `uuid_generate_v4()`, `uuid()`.
pub fn is_uuid_fn(d: Dialect, expr: &str) -> bool {
    let s = strip_default(d, expr).to_ascii_lowercase().replace(' ', "");
    let s = s.rsplit_once('.').map(|(_, b)| b.to_string()).unwrap_or(s);
    matches!(s.as_str(), "gen_random_uuid()" | "uuid_generate_v4()" | "uuid()" | "uuid_generate_v1()" | "uuidv7()" | "uuid_generate_v7()")
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn defaults_are_read() {
        let p = Dialect::Postgres;
        assert_eq!(strip_default(p, "('member'::member_role)"), "'member'");
        assert_eq!(strip_default(p, "(')')::text"), "')'");
        assert_eq!(sql_string_literal(p, "'it''s'::text"), Some("it's".into()));
        assert_eq!(sql_string_literal(p, "'a' || 'b'"), None);
        assert_eq!(sql_string_literal(p, "'a\\'"), Some("a\\".into()));
        assert_eq!(sql_string_literal(Dialect::Mysql, "'a\\\\'"), Some("a\\".into()));
        assert_eq!(sql_string_literal(Dialect::Mysql, "'::'"), Some("::".into()));
        assert_eq!(sql_number_literal(p, "(-1.5)"), Some("-1.5".into()));
        assert_eq!(sql_number_literal(p, "'3'"), Some("3".into()));
        assert_eq!(sql_number_literal(p, "1e"), None);
        assert_eq!(sql_bool_literal(p, "false"), Some(false));
        assert!(is_now(p, "CURRENT_TIMESTAMP"));
        assert!(is_now(p, "now()"));
        assert!(is_now(Dialect::Sqlite, "datetime('now')"));
        assert!(!is_now(p, "now() + interval '1 day'"));
        assert!(is_uuid_fn(p, "public.uuid_generate_v4()"));
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
