//! Column names inside SQL expressions (CHECKs, index keys and predicates, generated columns,
//! policies): where a column is mentioned, and the expression with it renamed. Used both on the
//! source text (to write a rename) and on the model's expression text (to say what the rename must
//! give), so a column is "mentioned" in exactly the same places on both sides.
//!
//! A mention is a word or quoted identifier naming the column that is not a function name
//! (`lower(`), not a cast's type (`::text`), not a typed literal's type (`date '...'`) and not
//! qualified by another table (`other.col`). Never panics.

use crate::dialect::Dialect;
use crate::parse::lex::{lex, Tok, Token};
use crate::parse::naming::fold;

/// Whether two stored names are the same name in the dialect (PostgreSQL: exactly; MySQL and
/// SQLite compare table and column names without case).
pub fn names_eq(d: Dialect, a: &str, b: &str) -> bool {
    a == b || (d != Dialect::Postgres && a.eq_ignore_ascii_case(b))
}

fn tok_name(d: Dialect, t: &Token) -> Option<String> {
    match &t.tok {
        Tok::Word(w) => Some(fold(d, w, false)),
        Tok::Quoted(q) => Some(fold(d, q, true)),
        _ => None,
    }
}

/// Byte ranges (into `expr`) of the tokens that mention column `col` of `table`.
pub fn mentions(d: Dialect, expr: &str, table: &str, col: &str) -> Vec<(usize, usize)> {
    let toks = lex(expr, d, usize::MAX);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !tok_name(d, t).is_some_and(|n| names_eq(d, &n, col)) {
            continue;
        }
        let next = toks.get(i + 1);
        if next.is_some_and(|n| n.is_punct('(') || matches!(n.tok, Tok::Str(_))) && matches!(t.tok, Tok::Word(_)) {
            continue;
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        if prev.is_some_and(|p| p.is_punct(':')) {
            continue;
        }
        if prev.is_some_and(|p| p.is_punct('.')) {
            let qual = i.checked_sub(2).and_then(|q| tok_name(d, &toks[q]));
            if !qual.is_some_and(|q| names_eq(d, &q, table)) {
                continue;
            }
        }
        out.push((t.start, t.end));
    }
    out
}

/// `expr` with every mention of `col` replaced by `new_text` (an identifier as it must be written).
pub fn rename(d: Dialect, expr: &str, table: &str, col: &str, new_text: &str) -> String {
    let mut out = expr.to_string();
    for (s, e) in mentions(d, expr, table, col).into_iter().rev() {
        out.replace_range(s..e, new_text);
    }
    out
}

/// The comparison form of an expression: its tokens, words lower-cased, one space apart.
pub fn norm(d: Dialect, expr: &str) -> String {
    lex(expr, d, usize::MAX)
        .iter()
        .map(|t| match &t.tok {
            Tok::Word(w) => w.to_ascii_lowercase(),
            Tok::Quoted(q) if d == Dialect::Postgres => format!("\"{q}\""),
            Tok::Quoted(q) => q.to_ascii_lowercase(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Num(n) => n.clone(),
            Tok::Punct(c) => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_mentions_and_skips_functions_casts_and_other_tables() {
        let d = Dialect::Postgres;
        let e = "price > 0 AND price::text <> 'price' AND lower(price) = t.price AND other.price = 1 AND date '2020-01-01' < \"price\"";
        let m: Vec<&str> = mentions(d, e, "t", "price").into_iter().map(|(s, x)| &e[s..x]).collect();
        assert_eq!(m, vec!["price", "price", "price", "price", "\"price\""]);
        assert_eq!(rename(d, "(a > 0) AND (b < a)", "t", "a", "z"), "(z > 0) AND (b < z)");
        assert!(mentions(d, "\"Price\" > 0", "t", "price").is_empty(), "quoted names keep their case in PostgreSQL");
        assert_eq!(mentions(Dialect::Mysql, "`Price` > 0", "t", "price").len(), 1);
        assert_eq!(norm(d, "(A  >  0)"), norm(d, "( a > 0 )"));
    }
}
