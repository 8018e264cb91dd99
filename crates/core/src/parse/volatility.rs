//! How volatile an expression is (PostgreSQL's IMMUTABLE < STABLE < VOLATILE), read from
//! sqlparser's AST. The functions an expression calls are looked up through the caller's
//! catalogue ([`crate::migrate::volatility`] knows PostgreSQL's built-ins and the schema's own
//! functions); this module only knows the expression grammar:
//!
//! - literals, typed strings (`interval '1 day'`), `array[...]` and `ROW(...)` of constants are immutable;
//! - a cast (`x::t`, `cast(x as t)`) is as volatile as `x` (casts of constants are constants);
//! - operators, `CASE`, `COALESCE` / `NULLIF` / `GREATEST` / `LEAST`, `IS [NOT] NULL`, `IN (...)`,
//!   `BETWEEN`, `LIKE` take the most volatile operand;
//! - `CURRENT_TIMESTAMP`, `CURRENT_DATE`, `LOCALTIME`, `CURRENT_USER`, ... are stable;
//! - a function call is what the catalogue says for its name and argument count, and at least as
//!   volatile as its arguments; a function the catalogue does not know is volatile (a
//!   user-defined function is VOLATILE unless it is declared otherwise);
//! - anything else (a subquery, a column reference, text that does not parse) is volatile, so a
//!   default we cannot read is never taken for a constant.

use crate::dialect::Dialect;
use crate::model::Volatility;
use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments};

/// `lookup(schema, name, argument count)`: the volatility of the function as the database
/// would resolve the call, `None` when no such function is known.
pub type Lookup<'a> = &'a dyn Fn(Option<&str>, &str, usize) -> Option<Volatility>;

/// The volatility of the expression written in `text`.
pub fn expression_volatility(dialect: Dialect, text: &str, lookup: Lookup) -> Volatility {
    match parse_expr(dialect, text) {
        Some(e) => of(&e, lookup, 0),
        None => Volatility::Volatile,
    }
}

fn parse_expr(dialect: Dialect, text: &str) -> Option<Expr> {
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    use sqlparser::parser::Parser;
    fn read(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Option<Expr> {
        let mut p = Parser::new(d).with_recursion_limit(40).try_with_sql(text).ok()?;
        let e = p.parse_expr().ok()?;
        (p.peek_token().token == sqlparser::tokenizer::Token::EOF).then_some(e)
    }
    match dialect {
        Dialect::Postgres => read(&PostgreSqlDialect {}, text),
        Dialect::Mysql => read(&MySqlDialect {}, text),
        Dialect::Sqlite => read(&SQLiteDialect {}, text),
    }
}

/// SQL-standard value functions written without parentheses (stable: fixed within a transaction).
const VALUE_FUNCTIONS: &[&str] = &[
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "current_user",
    "session_user",
    "user",
    "current_role",
    "current_catalog",
    "current_schema",
    "system_user",
];

/// Conditional expressions that look like calls but are not functions in `pg_proc`.
const SPECIAL_FORMS: &[&str] = &["coalesce", "nullif", "greatest", "least"];

fn max(a: Volatility, b: Volatility) -> Volatility {
    a.max(b)
}

fn all<'e>(items: impl IntoIterator<Item = &'e Expr>, lookup: Lookup, depth: usize) -> Volatility {
    items.into_iter().fold(Volatility::Immutable, |v, e| max(v, of(e, lookup, depth + 1)))
}

fn of(e: &Expr, lookup: Lookup, depth: usize) -> Volatility {
    use Volatility::*;
    if depth > 64 {
        return Volatile;
    }
    match e {
        Expr::Value(_) | Expr::TypedString(_) | Expr::Interval(_) => Immutable,
        Expr::Identifier(i) if i.quote_style.is_none() && VALUE_FUNCTIONS.contains(&i.value.to_ascii_lowercase().as_str()) => Stable,
        Expr::Nested(x) | Expr::UnaryOp { expr: x, .. } | Expr::Cast { expr: x, .. } | Expr::Collate { expr: x, .. } => of(x, lookup, depth + 1),
        Expr::IsNull(x) | Expr::IsNotNull(x) | Expr::IsTrue(x) | Expr::IsFalse(x) | Expr::IsNotTrue(x) | Expr::IsNotFalse(x) | Expr::IsUnknown(x) | Expr::IsNotUnknown(x) => {
            of(x, lookup, depth + 1)
        }
        Expr::BinaryOp { left, right, .. } | Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
            max(of(left, lookup, depth + 1), of(right, lookup, depth + 1))
        }
        Expr::AtTimeZone { timestamp, time_zone } => max(of(timestamp, lookup, depth + 1), of(time_zone, lookup, depth + 1)),
        Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } | Expr::SimilarTo { expr, pattern, .. } => {
            max(of(expr, lookup, depth + 1), of(pattern, lookup, depth + 1))
        }
        Expr::Between { expr, low, high, .. } => all([expr.as_ref(), low.as_ref(), high.as_ref()], lookup, depth),
        Expr::InList { expr, list, .. } => max(of(expr, lookup, depth + 1), all(list, lookup, depth)),
        Expr::Array(a) => all(&a.elem, lookup, depth),
        Expr::Tuple(t) => all(t, lookup, depth),
        Expr::Case { operand, conditions, else_result, .. } => {
            let mut v = operand.as_deref().map_or(Immutable, |o| of(o, lookup, depth + 1));
            for c in conditions {
                v = max(v, max(of(&c.condition, lookup, depth + 1), of(&c.result, lookup, depth + 1)));
            }
            max(v, else_result.as_deref().map_or(Immutable, |x| of(x, lookup, depth + 1)))
        }
        Expr::Extract { expr, .. } | Expr::Ceil { expr, .. } | Expr::Floor { expr, .. } => of(expr, lookup, depth + 1),
        Expr::Function(f) => function(f, lookup, depth),
        _ => Volatile,
    }
}

fn function(f: &sqlparser::ast::Function, lookup: Lookup, depth: usize) -> Volatility {
    use Volatility::*;
    let parts: Vec<String> = f.name.0.iter().map(|p| p.to_string().trim_matches('"').to_string()).collect();
    let (schema, name) = match parts.as_slice() {
        [n] => (None, n.clone()),
        [.., s, n] => (Some(s.as_str()), n.clone()),
        [] => return Volatile,
    };
    let lname = name.to_ascii_lowercase();
    let args: Vec<&Expr> = match &f.args {
        FunctionArguments::None => {
            // CURRENT_TIMESTAMP and friends, written without parentheses
            return if VALUE_FUNCTIONS.contains(&lname.as_str()) { Stable } else { Volatile };
        }
        FunctionArguments::Subquery(_) => return Volatile,
        FunctionArguments::List(l) => {
            let mut out = Vec::new();
            for a in &l.args {
                match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) | FunctionArg::Named { arg: FunctionArgExpr::Expr(e), .. } => out.push(e),
                    _ => return Volatile,
                }
            }
            out
        }
    };
    let args_v = all(args.iter().copied(), lookup, depth);
    if schema.is_none() && SPECIAL_FORMS.contains(&lname.as_str()) {
        return args_v;
    }
    let own = lookup(schema, &lname, args.len()).unwrap_or(Volatile);
    max(own, args_v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Volatility::*;

    fn v(text: &str) -> Volatility {
        let lookup = |_: Option<&str>, n: &str, argc: usize| match (n, argc) {
            ("now", 0) => Some(Stable),
            ("lower", 1) | ("abs", 1) => Some(Immutable),
            ("random", 0) => Some(Volatile),
            _ => None,
        };
        expression_volatility(Dialect::Postgres, text, &lookup)
    }

    #[test]
    fn grammar() {
        for (e, want) in [
            ("0", Immutable),
            ("'x(y)'", Immutable),
            ("-1", Immutable),
            ("2 + 2", Immutable),
            ("'{}'::jsonb", Immutable),
            ("cast(array[] as bigint[])", Immutable),
            ("array[]::double precision[]", Immutable),
            ("array['foo', 'bar']::text[]", Immutable),
            ("interval '1 day'", Immutable),
            ("CURRENT_TIMESTAMP", Stable),
            ("current_date", Stable),
            ("now()", Stable),
            ("now() - interval '100 years'", Stable),
            ("coalesce(now(), '2020-01-01')", Stable),
            ("lower('X')", Immutable),
            ("abs(random())", Volatile),
            ("random()", Volatile),
            ("now(123)", Volatile),
            ("uuid()", Volatile),
            ("my_fn()", Volatile),
            ("(SELECT 1)", Volatile),
            ("not valid sql (", Volatile),
            ("CASE WHEN true THEN 1 ELSE 2 END", Immutable),
        ] {
            assert_eq!(v(e), want, "{e}");
        }
    }
}
