//! Drizzle views: `pgView` / `pgMaterializedView` / `mysqlView` / `sqliteView` (`schema.view()` for a
//! PostgreSQL schema of its own) declared with `.existing()` — the view stays the database's, the
//! module types its columns. A column whose type is knowable (a plain column of a table the view
//! reads) gets that column's builder; an expression column is left out with a note; a view with no
//! such column is left out with a warning.

use super::{camel, names, Ctx, Writer};
use crate::codegen::escape::ts as esc;
use crate::codegen::DrizzleKeys;
use crate::Dialect;
use std::collections::HashMap;

pub(super) fn views(
    cx: &mut Ctx,
    enum_vars: &HashMap<usize, String>,
    keys_style: DrizzleKeys,
    body: &mut Writer,
) {
    let schema = cx.schema;
    for v in &schema.views {
        let label = v.qualified_name();
        let Some(cols) = &v.columns else {
            cx.warnings.push(format!("view {label} is left out: its columns are not knowable from its query (a `*` or an unnamed expression)"));
            continue;
        };
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        let mut keys = names::Namer::new();
        for (i, name) in cols.iter().enumerate() {
            let source = v.column_sources.get(i).cloned().flatten().and_then(|(t, c)| schema.table(&t).and_then(|t| t.column(&c)).cloned());
            let Some(mut src) = source else {
                notes.push(format!("column {name} is an expression whose type is not known; left out"));
                continue;
            };
            src.name = name.clone();
            let (b, _) = cx.builder(&src, enum_vars);
            let base = match keys_style {
                DrizzleKeys::Camel => camel(name),
                DrizzleKeys::Column => name.clone(),
            };
            let k = keys.unique(&names::safe_ident(&base, "column", "c", &[]));
            lines.push(format!("{k}: {b},"));
        }
        if lines.is_empty() {
            cx.warnings.push(format!("view {label} is left out: none of its columns has a type knowable from its query"));
            continue;
        }
        let ctor = match (cx.d, v.materialized, cx.schema_var(&v.schema)) {
            (_, true, Some(s)) => format!("{s}.materializedView"),
            (_, false, Some(s)) => format!("{s}.view"),
            (Dialect::Postgres, true, None) => cx.core("pgMaterializedView").to_string(),
            (Dialect::Postgres, false, None) => cx.core("pgView").to_string(),
            (Dialect::Mysql, _, None) => cx.core("mysqlView").to_string(),
            (Dialect::Sqlite, _, None) => cx.core("sqliteView").to_string(),
        };
        let var = cx.vars.unique(&names::safe_ident(&camel(&v.name), "view", "v", &[]));
        for n in &notes {
            body.line(format!("// {}", esc::comment(n)));
            cx.warnings.push(format!("view {label}: {n}"));
        }
        body.line(format!("export const {var} = {ctor}({}, {{", esc::string(&v.name)));
        body.indent();
        for l in lines {
            body.line(l);
        }
        body.dedent();
        body.line("}).existing();");
        body.blank();
    }
}
