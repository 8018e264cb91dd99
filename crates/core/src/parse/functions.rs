//! `CREATE [OR REPLACE] FUNCTION name (args) ... [IMMUTABLE | STABLE | VOLATILE] ...`: the model
//! keeps a function's name, how many arguments a call may pass and its declared volatility (what
//! the migration checker and the differ need to tell a constant default from a per-row one).
//! Bodies are not read: a dollar-quoted or quoted body is one string token to the lexer.

use super::lex::{Tok, Token};
use super::lower::{Builder, Ctx};
use crate::model::{Function, Volatility};

/// Records the function `toks` (a whole CREATE FUNCTION statement) declares.
pub(super) fn create_function(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().take(8).position(|t| t.is("FUNCTION")) else { return };
    let Some((name, after)) = super::read_name(b, toks, kw + 1) else { return };
    let Some(open) = toks.get(after).filter(|t| t.is_punct('(')).map(|_| after) else { return };
    let Some(close) = super::matching_paren(toks, open) else { return };
    let (mut args, mut defaults) = (0, 0);
    let mut depth = 0usize;
    let mut start = open + 1;
    for k in open + 1..=close {
        let t = &toks[k];
        if t.is_punct('(') {
            depth += 1;
        } else if (t.is_punct(',') && depth == 0) || k == close {
            let arg = &toks[start..k];
            // OUT parameters are not passed by the caller.
            if !arg.is_empty() && !arg[0].is("OUT") {
                args += 1;
                if arg.iter().any(|a| a.is("DEFAULT") || a.is_punct('=')) {
                    defaults += 1;
                }
            }
            start = k + 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        }
    }
    let volatility = toks[close..]
        .iter()
        .find_map(|t| match &t.tok {
            Tok::Word(w) if w.eq_ignore_ascii_case("IMMUTABLE") => Some(Volatility::Immutable),
            Tok::Word(w) if w.eq_ignore_ascii_case("STABLE") => Some(Volatility::Stable),
            Tok::Word(w) if w.eq_ignore_ascii_case("VOLATILE") => Some(Volatility::Volatile),
            _ => None,
        })
        .unwrap_or_default();
    let f = Function { schema: name.schema, name: name.name, volatility, args, arg_defaults: defaults, span: ctx.span() };
    let fs = &mut b.schema.functions;
    match fs.iter_mut().find(|g| g.name == f.name && g.schema == f.schema && g.args == f.args) {
        Some(g) => *g = f,
        None => fs.push(f),
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::model::Volatility;

    #[test]
    fn keeps_name_arity_and_volatility() {
        let p = crate::parse::parse(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE AS $$ select 1 $$;\nCREATE OR REPLACE FUNCTION s.g(a int, b text DEFAULT 'x', OUT c int) RETURNS int LANGUAGE plpgsql STABLE AS 'begin select 1; end';\nCREATE FUNCTION h(x int) RETURNS int AS $$ SELECT x -- STABLE in a comment\n $$ LANGUAGE sql;",
            Dialect::Postgres,
        );
        let fs: Vec<_> = p.schema.functions.iter().map(|f| (f.schema.as_deref(), f.name.as_str(), f.args, f.arg_defaults, f.volatility)).collect();
        assert_eq!(fs, vec![(None, "f", 0, 0, Volatility::Immutable), (Some("s"), "g", 2, 1, Volatility::Stable), (None, "h", 1, 0, Volatility::Volatile)]);
    }
}
