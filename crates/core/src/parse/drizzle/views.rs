//! Drizzle views: `pgView` / `pgMaterializedView` / `mysqlView` / `sqliteView` and `schema.view(...)`.
//! A view declared with `.as(sql`...`)` (what `drizzle-kit pull` writes) is imported as
//! `CREATE VIEW name AS <query>`; a view declared `.existing()` or with the query builder
//! (`.as((qb) => qb.select()...)`) has no query the reader can know without running code: a note,
//! and the view is not imported.

use super::eval::Reader;
use super::value::{Value, ViewSpec};
use crate::diagnostic::Severity;
use crate::span::Span;

/// The view function called with its arguments (the name first; a columns object is not needed).
pub(super) fn view<'a>(r: &mut Reader<'a>, schema: Option<String>, materialized: bool, first: Option<&(Value<'a>, Span)>, span: Span) -> Value<'a> {
    match first {
        Some((Value::Str(n), _)) => Value::View(Box::new(ViewSpec { schema, name: n.clone(), materialized, span })),
        Some((other, at)) => {
            r.report_unknown(other, *at, "view left out: its name cannot be read statically");
            Value::Unknown(None)
        }
        None => Value::unknown(span, "a view without a name"),
    }
}

/// A method on a view being declared.
pub(super) fn method<'a>(r: &mut Reader<'a>, v: ViewSpec, name: &str, first: Option<&(Value<'a>, Span)>, span: Span) -> Value<'a> {
    match (name, first) {
        ("as", Some((Value::Sql(query), _))) => {
            r.views.push((v, query.clone()));
            Value::Unknown(None)
        }
        ("as", Some((Value::Func(_), _))) => {
            r.diag(Severity::Info, span, format!("view '{}': a query written with the query builder is not read (that would mean running it); the view is not imported", v.name));
            Value::Unknown(None)
        }
        ("as", Some((other, at))) => {
            r.report_unknown(other, *at, &format!("view '{}' left out: its query cannot be read statically", v.name));
            Value::Unknown(None)
        }
        ("existing", _) => {
            r.diag(Severity::Info, span, format!("view '{}' is declared .existing(): its query is not in the schema, so it is not imported", v.name));
            Value::Unknown(None)
        }
        // options that leave the query as it is
        ("with" | "withNoData" | "using" | "tablespace" | "algorithm" | "sqlSecurity" | "withCheckOption", _) => Value::View(Box::new(v)),
        _ => Value::unknown(span, format!("'.{name}()' on a view")),
    }
}
