//! `CREATE [UNIQUE] INDEX`: key parts (columns or expressions, MySQL prefix lengths, operator
//! classes, order), the partial-index predicate, `INCLUDE`, the access method and a name unique
//! where the target needs it (per schema in PostgreSQL, per database in SQLite, per table in MySQL).

use super::expressions::translate_expr;
use super::{ident, Gen};
use crate::model::{Index, IndexPart, Table};
use crate::sqltext::Namer;
use crate::Dialect;

/// The statement for index `ix` of table `ti`, or None (with a warning) when the target cannot have it.
pub(super) fn index_stmt(g: &mut Gen, ti: usize, ix: &Index) -> Option<String> {
    let t = &g.schema.tables[ti];
    let to = g.to;
    let label = g.label(t);
    let iname = ix.name.clone().unwrap_or_default();
    let method = ix.method.as_deref().unwrap_or("btree").to_ascii_lowercase();
    let what = if iname.is_empty() { format!("an index on {label}") } else { format!("index {iname} on {label}") };
    if ix.parts.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for p in &ix.parts {
        parts.push(key_part(g, ti, t, p, &method, &what)?);
    }
    let pred = predicate(g, t, ix, &what)?;
    let include = if !ix.include.is_empty() && to == Dialect::Postgres && ix.include.iter().all(|c| t.column(c).is_some()) {
        format!(" INCLUDE ({})", g.cols(t, &ix.include))
    } else {
        if !ix.include.is_empty() {
            g.warn(format!("{what}: INCLUDE columns not kept"));
        }
        String::new()
    };
    let (kind, using) = kind_and_method(g, ix, &method, &what)?;
    let name = index_name(g, ti, t, ix);
    Some(format!("CREATE {kind} {} ON {}{using} ({}){include}{pred};", ident(to, &name), g.tname(ti), parts.join(", ")))
}

/// One key part: a column or an expression, MySQL's prefix length, the operator class, the order.
fn key_part(g: &mut Gen, ti: usize, t: &Table, p: &IndexPart, method: &str, what: &str) -> Option<String> {
    let (to, from) = (g.to, g.from);
    let mut s = match &p.column {
        Some(c) if t.column(c).is_some() => ident(to, &t.column(c).map(|c| c.name.clone()).unwrap_or_default()),
        Some(c) => {
            g.warn(format!("{what}: unknown column {c}; index left out"));
            return None;
        }
        None => match translate_expr(&p.expression, Some(t), from, to) {
            Some(x) if to != Dialect::Mysql => format!("({x})"),
            _ => {
                g.warn(format!("{what}: expression key {} cannot be expressed in {}; index left out", p.expression, to.label()));
                return None;
            }
        },
    };
    if from == to && p.column.is_none() {
        s = p.expression.clone();
        if !s.starts_with('(') && to != Dialect::Sqlite {
            s = format!("({s})");
        }
    }
    if let Some(l) = p.length {
        if to == Dialect::Mysql {
            s.push_str(&format!("({l})"));
        }
    } else if to == Dialect::Mysql {
        if let Some(col) = p.column.as_ref().and_then(|c| t.column(c)) {
            let (ty, _) = g.render_type(ti, col);
            let lt = ty.to_ascii_lowercase();
            if lt == "json" || lt.starts_with("geometry") && method != "spatial" {
                g.warn(format!("{what}: {} columns cannot be indexed in MySQL; index left out", lt));
                return None;
            }
            if (lt.ends_with("text") || lt.ends_with("blob")) && method != "fulltext" {
                s.push_str("(255)");
            }
        }
    }
    if let Some(op) = &p.opclass {
        if to == Dialect::Postgres && from == Dialect::Postgres {
            let lop = op.to_ascii_lowercase();
            if lop.contains("trgm") {
                g.extensions.insert("pg_trgm");
            }
            s.push(' ');
            s.push_str(op);
        }
    }
    if p.descending {
        s.push_str(" DESC");
    }
    if to == Dialect::Postgres {
        match p.nulls_first {
            Some(true) => s.push_str(" NULLS FIRST"),
            Some(false) => s.push_str(" NULLS LAST"),
            None => {}
        }
    }
    Some(s)
}

/// ` WHERE ...` of a partial index (`Some("")` without one); None when the index is left out.
fn predicate(g: &mut Gen, t: &Table, ix: &Index, what: &str) -> Option<String> {
    let (to, from) = (g.to, g.from);
    let Some(w) = &ix.predicate else {
        return Some(String::new());
    };
    if to == Dialect::Mysql {
        if ix.unique {
            g.warn(format!("{what}: partial unique index (WHERE {w}) cannot be expressed in MySQL; left out"));
            return None;
        }
        g.warn(format!("{what}: partial index predicate WHERE {w} dropped (MySQL has no partial indexes)"));
        return Some(String::new());
    }
    match translate_expr(w, Some(t), from, to) {
        Some(x) => Some(format!(" WHERE {x}")),
        None => {
            g.warn(format!("{what}: predicate WHERE {w} cannot be expressed in {}; index left out", to.label()));
            None
        }
    }
}

/// `UNIQUE INDEX` / `INDEX` / MySQL's `FULLTEXT INDEX`, and ` USING method`; None when the
/// target has no such index.
fn kind_and_method(g: &mut Gen, ix: &Index, method: &str, what: &str) -> Option<(String, String)> {
    let (to, from) = (g.to, g.from);
    let mut kind = if ix.unique { "UNIQUE INDEX" } else { "INDEX" }.to_string();
    let mut using = String::new();
    match to {
        Dialect::Postgres => {
            if method == "fulltext" || method == "spatial" {
                g.warn(format!("{what}: {} index cannot be expressed in PostgreSQL; left out", method.to_uppercase()));
                return None;
            }
            if method != "btree" && from == Dialect::Postgres {
                using = format!(" USING {}", ident(to, method));
            } else if method == "hash" {
                using = " USING hash".into();
            }
        }
        Dialect::Mysql => {
            if method == "fulltext" || method == "spatial" {
                if from == Dialect::Mysql {
                    kind = format!("{} INDEX", method.to_uppercase());
                } else {
                    return None;
                }
            } else if method != "btree" && method != "hash" {
                g.warn(format!("{what}: index method {method} not kept"));
            }
        }
        Dialect::Sqlite => {
            if method != "btree" && (method == "fulltext" || method == "spatial" || from == Dialect::Postgres) {
                g.warn(format!("{what}: {method} index generated as a plain index"));
            }
        }
    }
    Some((kind, using))
}

/// The index's name in the target: its own when there is one worth keeping, else
/// `{table}_{columns}_idx`; made unique in the target's namespace for index names.
fn index_name(g: &mut Gen, ti: usize, t: &Table, ix: &Index) -> String {
    let to = g.to;
    let tschema = g.names[ti].0.clone();
    let generated = || {
        let cols: Vec<String> = ix.parts.iter().map(|p| p.column.clone().unwrap_or_else(|| "expr".into())).collect();
        format!("{}_{}_idx", t.name, cols.join("_"))
    };
    match (&ix.name, to) {
        (Some(n), Dialect::Postgres) if g.keep_name(&Some(n.clone())).is_some() => g.unique_relname(&tschema, n, &t.name),
        (_, Dialect::Postgres) => g.unique_relname(&tschema, &generated(), &t.name),
        (Some(n), _) if g.keep_name(&Some(n.clone())).is_some() => {
            if to == Dialect::Mysql {
                // MySQL index names are per table
                g.table_index_names.entry(ti).or_insert_with(|| Namer::sql(to, true)).unique(n)
            } else if g.index_names.is_used(n) {
                // SQLite index names are database-wide
                g.index_names.unique(&format!("{}_{n}", t.name))
            } else {
                g.index_names.unique(n)
            }
        }
        _ => g.index_names.unique(&generated()),
    }
}
