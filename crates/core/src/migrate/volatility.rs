//! The one answer to "is this default volatile?" for the checker and the differ.
//!
//! A default is evaluated once and stored in the catalog when it is not VOLATILE (PostgreSQL 11+:
//! adding the column does not rewrite the table); a VOLATILE default is computed per row, so
//! adding a column with it rewrites the table. The expression is read by
//! [`crate::parse::expression_volatility`]; the functions it calls are looked up here:
//!
//! 1. functions the schema declares (`CREATE FUNCTION ... IMMUTABLE | STABLE`, VOLATILE when not
//!    said), matched by name and argument count;
//! 2. PostgreSQL's own functions: `pg_nonvolatile.txt`, generated from a real PostgreSQL 15
//!    catalog by `scripts/pg_nonvolatile_functions.sh` (every function with a non-VOLATILE
//!    overload, per argument count);
//! 3. anything else — a user-defined function the schema does not declare, an extension's
//!    function — is VOLATILE, as PostgreSQL assumes for a function declared without a volatility.

use crate::dialect::Dialect;
use crate::model::{Schema, Volatility};
use std::sync::OnceLock;

const PG_NONVOLATILE: &str = include_str!("pg_nonvolatile.txt");

/// `name class-ranges...` lines, sorted by name (binary search).
fn builtins() -> &'static [(&'static str, &'static str)] {
    static LIST: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<(&str, &str)> = PG_NONVOLATILE.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split_once(' ').unwrap_or((l, ""))).collect();
        crate::sort::by(&mut v, |a, b| a.0.cmp(b.0));
        v
    })
}

/// A built-in's volatility for a call with `argc` arguments (None: no such overload).
fn builtin(name: &str, argc: usize) -> Option<Volatility> {
    let list = builtins();
    let i = list.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
    let mut found: Option<Volatility> = None;
    for seg in list[i].1.split_whitespace() {
        let (class, range) = seg.split_at(1);
        let fits = match range.strip_suffix('+') {
            Some(lo) => lo.parse::<usize>().is_ok_and(|lo| argc >= lo),
            None => match range.split_once('-') {
                Some((lo, hi)) => lo.parse::<usize>().is_ok_and(|lo| argc >= lo) && hi.parse::<usize>().is_ok_and(|hi| argc <= hi),
                None => range.parse::<usize>().is_ok_and(|n| n == argc),
            },
        };
        if fits {
            let v = match class {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            };
            found = Some(found.map_or(v, |f| f.max(v)));
        }
    }
    found
}

/// How volatile the default expression `expr` is, in `schema` (PostgreSQL semantics; other
/// dialects: MySQL and SQLite have no volatility classes, and only PostgreSQL rewrites for it).
pub fn default_volatility(expr: &str, dialect: Dialect, schema: &Schema) -> Volatility {
    let lookup = |ns: Option<&str>, name: &str, argc: usize| -> Option<Volatility> {
        let own = schema.functions.iter().filter(|f| {
            f.name.eq_ignore_ascii_case(name) && schema.schema_matches(f.schema.as_deref(), ns) && argc + f.arg_defaults >= f.args && argc <= f.args
        });
        if let Some(v) = own.map(|f| f.volatility).max() {
            return Some(v);
        }
        match ns {
            None | Some("pg_catalog") => builtin(name, argc),
            Some(_) => None,
        }
    };
    crate::parse::expression_volatility(dialect, expr, &lookup)
}

/// `DEFAULT expr` is computed per row (adding a column with it rewrites the table).
pub fn is_volatile(expr: &str, dialect: Dialect, schema: &Schema) -> bool {
    default_volatility(expr, dialect, schema) == Volatility::Volatile
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_by_arity() {
        assert_eq!(builtin("now", 0), Some(Volatility::Stable));
        assert_eq!(builtin("now", 1), None);
        assert_eq!(builtin("lower", 1), Some(Volatility::Immutable));
        assert_eq!(builtin("to_timestamp", 1), Some(Volatility::Immutable));
        assert_eq!(builtin("to_timestamp", 2), Some(Volatility::Stable));
        assert_eq!(builtin("make_interval", 3), Some(Volatility::Immutable));
        assert_eq!(builtin("random", 0), None, "VOLATILE in every overload: not listed");
        assert_eq!(builtin("gen_random_uuid", 0), None);
        assert_eq!(builtin("uuid", 0), None, "not a PostgreSQL function");
    }

    #[test]
    fn schema_functions_are_honoured() {
        let s = crate::parse::parse("CREATE FUNCTION stable_fn() RETURNS int LANGUAGE sql STABLE AS $$ select 1 $$;\nCREATE FUNCTION plain_fn() RETURNS int LANGUAGE sql AS $$ select 1 $$;", Dialect::Postgres).schema;
        let v = |e: &str| default_volatility(e, Dialect::Postgres, &s);
        assert_eq!(v("stable_fn()"), Volatility::Stable);
        assert_eq!(v("plain_fn()"), Volatility::Volatile);
        assert_eq!(v("other_fn()"), Volatility::Volatile);
        assert_eq!(v("public.stable_fn()"), Volatility::Stable);
        assert_eq!(v("pg_catalog.now()"), Volatility::Stable);
    }
}
