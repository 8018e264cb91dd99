//! Expressions (defaults, checks, index keys and predicates, generated columns): kept verbatim for
//! the source dialect, translated token by token for another one, or `None` when not portable.

use super::{ident, string_lit};
use crate::model::Table;
use crate::sqltext::expr::Tok;
use crate::Dialect;

/// The expression's tokens ([`crate::sqltext::expr::tokens`], the source dialect's quoting rules)
/// when every one is something the translation knows: plain decimal numbers, the comparison and
/// arithmetic operators, `::` casts and `.`; strings holding NUL (no target but MySQL can hold one)
/// and JSON operators (which differ between the dialects) are not portable.
pub(super) fn tokenize(expr: &str, from: Dialect) -> Option<Vec<Tok>> {
    let toks = crate::sqltext::expr::tokens(from, expr)?;
    let known = |t: &Tok| match t {
        Tok::Op(o) => matches!(o.as_str(), "<=" | ">=" | "<>" | "!=" | "::" | "=" | "<" | ">" | "+" | "-" | "*" | "/" | "%" | "."),
        Tok::Num(n) => n.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')),
        Tok::Str(v) => !v.contains('\0'),
        _ => true,
    };
    toks.iter().all(known).then_some(toks)
}

const EXPR_KEYWORDS: &[&str] = &["and", "or", "not", "in", "is", "null", "between", "like", "true", "false", "case", "when", "then", "else", "end"];
const EXPR_FUNCS: &[&str] = &["lower", "upper", "length", "char_length", "coalesce", "abs", "trim", "round", "nullif"];

/// Translates `expr` from the schema's dialect to `to`, or `None` when it is not portable.
/// Column names are re-quoted for the target; casts (`::type`) are dropped.
pub(super) fn translate_expr(expr: &str, table: Option<&Table>, from: Dialect, to: Dialect) -> Option<String> {
    let expr = expr.to_string();
    if from == to {
        return Some(expr);
    }
    let toks = tokenize(&expr, from)?;
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut depth = 0i32;
    while i < toks.len() {
        match &toks[i] {
            Tok::Op(o) if o == "::" => {
                // drop a cast: `::type`, `::character varying`, `::numeric(6,2)`, `::text[]`
                i += 1;
                let mut words = 0;
                while let Some(Tok::Word(_)) | Some(Tok::Quoted(_)) = toks.get(i) {
                    i += 1;
                    words += 1;
                    if let Some(Tok::Op(o)) = toks.get(i) {
                        if o == "." {
                            i += 1;
                        }
                    }
                }
                if words == 0 {
                    return None;
                }
                if toks.get(i) == Some(&Tok::Open) {
                    while i < toks.len() && toks[i] != Tok::Close {
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            Tok::Op(o) => {
                if o == "." {
                    return None;
                }
                out.push(o.clone());
            }
            Tok::Open => {
                depth += 1;
                out.push("(".into());
            }
            Tok::Close => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                out.push(")".into());
            }
            Tok::Comma => out.push(",".into()),
            Tok::Num(n) => out.push(n.clone()),
            Tok::Str(s) => out.push(string_lit(to, s)),
            Tok::Quoted(q) => {
                let col = table?.column(q)?;
                out.push(ident(to, &col.name));
            }
            Tok::Word(w) => {
                let lw = w.to_ascii_lowercase();
                let is_call = toks.get(i + 1) == Some(&Tok::Open);
                if EXPR_KEYWORDS.contains(&lw.as_str()) {
                    out.push(lw.to_ascii_uppercase());
                } else if is_call && EXPR_FUNCS.contains(&lw.as_str()) {
                    out.push(if lw == "char_length" && to == Dialect::Sqlite { "length".into() } else { lw });
                } else if !is_call && EXPR_KEYWORDS.contains(&lw.as_str()) {
                    out.push(lw.to_ascii_uppercase());
                } else if let Some(col) = table.and_then(|t| t.column(w)).filter(|_| !is_call) {
                    out.push(ident(to, &col.name));
                } else {
                    return None;
                }
            }
        }
        i += 1;
    }
    if depth != 0 || out.is_empty() {
        return None;
    }
    // join with spaces, tightening parentheses and commas
    let mut s = String::new();
    for (j, t) in out.iter().enumerate() {
        let prev = if j > 0 { out[j - 1].as_str() } else { "" };
        let glue = j > 0 && prev != "(" && t != ")" && t != "," && !(t == "(" && is_callee(prev));
        if glue {
            s.push(' ');
        }
        s.push_str(t);
    }
    Some(s)
}

fn is_callee(prev: &str) -> bool {
    EXPR_FUNCS.contains(&prev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Column;

    #[test]
    fn expressions_translate_or_warn() {
        let t = Table { columns: vec![Column { name: "Price".into(), ..Default::default() }], ..Default::default() };
        assert_eq!(translate_expr("(\"Price\" > 0)", Some(&t), Dialect::Postgres, Dialect::Mysql).as_deref(), Some("(Price > 0)"));
        assert_eq!(translate_expr("`Price` IN ('a', 'b')", Some(&t), Dialect::Mysql, Dialect::Postgres).as_deref(), Some("\"Price\" IN ('a', 'b')"));
        assert_eq!(translate_expr("price ~ '^x'", Some(&t), Dialect::Postgres, Dialect::Mysql), None);
        assert_eq!(translate_expr("length(\"Price\"::text) > 0", Some(&t), Dialect::Postgres, Dialect::Sqlite).as_deref(), Some("length(Price) > 0"));
    }
}
