//! One column definition inside `CREATE TABLE`: name, type, identity (serial, identity,
//! `AUTO_INCREMENT`, SQLite's rowid alias), generated expression, collation, NOT NULL, default,
//! MySQL's `ON UPDATE` and `COMMENT`, and the CHECK that stands for an enum where there is no enum type.

use super::expressions::translate_expr;
use super::types::native_mysql_timestamp;
use super::{ident, same_ci, string_lit, Gen, TableCx};
use crate::model::{Column, DataType, Identity, TypeKind};
use crate::Dialect;
use std::collections::HashSet;

/// Every column of the table, in order (a second column of the same name in the target is left out).
pub(super) fn columns(g: &mut Gen, cx: &mut TableCx) {
    let to = g.to;
    let mut seen: HashSet<String> = HashSet::new();
    for col in &cx.t.columns {
        let fold = if to == Dialect::Postgres { col.name.clone() } else { col.name.to_ascii_lowercase() };
        if !seen.insert(fold) {
            g.warn(format!("{}.{}: duplicate column name in {}; left out", cx.label, col.name, to.label()));
            continue;
        }
        let line = column(g, cx, col);
        cx.lines.push((line, if to == Dialect::Sqlite { col.comment.clone() } else { None }));
    }
}

/// How a column's identity is written.
#[derive(Default)]
struct IdentityOut {
    /// `GENERATED ... AS IDENTITY`, `AUTO_INCREMENT`, `PRIMARY KEY AUTOINCREMENT`, ...
    clause: Option<String>,
    /// A PostgreSQL serial kept as a serial type (its default is the sequence's).
    serial_kept: bool,
}

fn column(g: &mut Gen, cx: &mut TableCx, col: &Column) -> String {
    let (to, from) = (g.to, g.from);
    let (rt, _) = g.base_type(col);
    let kind = &rt.kind;
    let (mut ty, enum_check) = g.render_type(cx.ti, col);
    let mut parts: Vec<String> = vec![ident(to, &col.name)];
    let id = identity(g, cx, col, &rt, &mut ty);
    parts.push(ty);
    let mut default_ok = true;
    if let Some(gen) = &col.generated {
        match translate_expr(&gen.expression, Some(cx.t), from, to) {
            Some(x) => {
                let stored = gen.stored || to == Dialect::Postgres;
                if !gen.stored && to == Dialect::Postgres {
                    g.warn(format!("{}.{}: virtual generated column generated as STORED (PostgreSQL 15)", cx.label, col.name));
                }
                parts.push(format!("GENERATED ALWAYS AS ({x}) {}", if stored { "STORED" } else { "VIRTUAL" }));
                default_ok = false;
            }
            None => g.warn(format!("{}.{}: generated column expression {} cannot be expressed in {}; generated as a plain column", cx.label, col.name, gen.expression, to.label())),
        }
    }
    if let Some(c) = collation(g, cx, col) {
        parts.push(c);
    }
    let not_null = !col.nullable || (id.clause.is_some() && to == Dialect::Postgres);
    if let Some(ic) = &id.clause {
        if to == Dialect::Sqlite {
            parts.push(ic.clone());
            if not_null {
                parts.push("NOT NULL".into());
            }
        } else {
            if not_null || to == Dialect::Mysql {
                parts.push("NOT NULL".into());
            }
            parts.push(ic.clone());
        }
        default_ok = false;
    } else if (not_null && !id.serial_kept) || (id.serial_kept && !col.nullable) {
        parts.push("NOT NULL".into());
    }
    if default_ok && !id.serial_kept {
        if let Some(d) = g.render_default(cx.ti, col, &rt) {
            parts.push(format!("DEFAULT {d}"));
        }
    } else if col.default.is_some() && id.clause.is_some() && !col.default.as_deref().unwrap_or("").to_ascii_lowercase().starts_with("nextval") {
        g.warn(format!("{}.{}: default {} dropped on an identity column", cx.label, col.name, col.default.as_deref().unwrap_or("")));
    }
    on_update_and_comment(g, cx, col, kind, &mut parts);
    if let Some(vals) = enum_check {
        if !vals.is_empty() {
            let v: Vec<String> = vals.iter().map(|v| string_lit(to, v)).collect();
            parts.push(format!("CHECK ({} IN ({}))", ident(to, &col.name), v.join(", ")));
        }
    }
    parts.join(" ")
}

/// The column's identity in the target; may change its type `ty` (serial types, `integer` for a
/// SQLite rowid alias, `bigint` for a PostgreSQL identity from a wider type).
fn identity(g: &mut Gen, cx: &mut TableCx, col: &Column, rt: &DataType, ty: &mut String) -> IdentityOut {
    let (to, from, t) = (g.to, g.from, cx.t);
    let kind = &rt.kind;
    let is_single_pk = cx.single_pk.as_deref().is_some_and(|c| same_ci(c, &col.name));
    let mut out = IdentityOut::default();
    let Some(id) = &col.identity else {
        if to == Dialect::Sqlite && from == Dialect::Sqlite && is_single_pk && rt.is_sqlite_integer_keyword() {
            // keep a rowid alias a rowid alias (and its NOT NULL-ness); a nullable INTEGER
            // PRIMARY KEY of a rowid table is SQLite's documented `INTEGER PRIMARY KEY DESC`
            // quirk (not an alias, may hold NULL), which only that spelling reproduces
            if col.nullable && !t.without_rowid && !t.strict {
                cx.sqlite_inline_pk = true;
                out.clause = Some("PRIMARY KEY DESC".into());
            }
        }
        return out;
    };
    let int_ok = kind.is_integer() && !kind.is_boolean(from);
    match to {
        Dialect::Postgres if int_ok => match id {
            Identity::Serial if from == Dialect::Postgres => {
                if col.default.is_none() || col.data_type.kind.is_serial() {
                    if !kind.is_serial() {
                        *ty = match kind {
                            TypeKind::Int { bytes: 8, .. } => "bigserial".into(),
                            TypeKind::Int { bytes: 1 | 2, .. } => "smallserial".into(),
                            _ => "serial".into(),
                        };
                    }
                    out.serial_kept = true;
                }
            }
            Identity::Always | Identity::ByDefault | Identity::AutoIncrement | Identity::Autoincrement | Identity::Serial => {
                if ty.starts_with("numeric") {
                    *ty = "bigint".into();
                }
                out.clause = Some(if *id == Identity::Always { "GENERATED ALWAYS AS IDENTITY".into() } else { "GENERATED BY DEFAULT AS IDENTITY".into() });
            }
        },
        Dialect::Mysql if int_ok && !cx.mysql_auto_done => {
            // MySQL's SERIAL kept as written: the AUTO_INCREMENT comes from here
            if from == to && kind.is_serial() {
                *ty = match kind {
                    TypeKind::Int { bytes: 8, .. } => "bigint".into(),
                    TypeKind::Int { bytes: 1 | 2, .. } => "smallint".into(),
                    _ => "int".into(),
                };
            }
            out.clause = Some("AUTO_INCREMENT".into());
            cx.mysql_auto_done = true;
            let leads = cx.pk_cols.first().is_some_and(|c| same_ci(c, &col.name)) || t.uniques.iter().any(|u| u.columns.first().is_some_and(|c| same_ci(c, &col.name)));
            if !leads {
                cx.need_key_for.push(col.name.clone());
            }
        }
        Dialect::Sqlite if int_ok && is_single_pk && !t.without_rowid => {
            *ty = "integer".into();
            cx.sqlite_inline_pk = true;
            out.clause = Some(if *id == Identity::Autoincrement || from != Dialect::Sqlite { "PRIMARY KEY AUTOINCREMENT".into() } else { "PRIMARY KEY".into() });
        }
        Dialect::Sqlite if from == Dialect::Sqlite => {}
        _ => g.warn(format!("{}.{}: {} cannot be expressed in {} for this column; left out", cx.label, col.name, id.id(), to.label())),
    }
    out
}

/// `COLLATE ...` when the collation means the same in the target (only within one dialect).
fn collation(g: &mut Gen, cx: &TableCx, col: &Column) -> Option<String> {
    let (to, from) = (g.to, g.from);
    let c = col.collation.as_ref()?;
    let keep = match (from, to) {
        (Dialect::Postgres, Dialect::Postgres) => matches!(c.trim_matches('"').to_ascii_lowercase().as_str(), "c" | "posix" | "default" | "ucs_basic"),
        (Dialect::Sqlite, Dialect::Sqlite) => matches!(c.to_ascii_lowercase().as_str(), "binary" | "nocase" | "rtrim"),
        (Dialect::Mysql, Dialect::Mysql) => c.to_ascii_lowercase().starts_with("utf8mb4_"),
        _ => false,
    };
    if keep {
        let cn = c.trim_matches('"');
        Some(format!("COLLATE {}", if to == Dialect::Postgres { format!("\"{}\"", cn.replace('"', "\"\"")) } else { ident(to, cn) }))
    } else {
        g.warn(format!("{}.{}: collation {c} not kept", cx.label, col.name));
        None
    }
}

/// MySQL's `ON UPDATE CURRENT_TIMESTAMP` (kept, or standing for an `updated_at` trigger) and
/// column `COMMENT`; elsewhere a warning for an `ON UPDATE` nothing stands for.
fn on_update_and_comment(g: &mut Gen, cx: &TableCx, col: &Column, kind: &TypeKind, parts: &mut Vec<String>) {
    let (to, from) = (g.to, g.from);
    if to == Dialect::Mysql {
        let is_ts = matches!(kind, TypeKind::Timestamp { .. });
        if col.on_update.is_some() && from == Dialect::Mysql {
            parts.push(format!("ON UPDATE {}", col.on_update.as_deref().unwrap_or("CURRENT_TIMESTAMP")));
        } else if is_ts && col.name.eq_ignore_ascii_case("updated_at") && cx.updated_at_trigger {
            let p = match kind {
                TypeKind::Timestamp { .. } if native_mysql_timestamp(from, kind) => 0,
                TypeKind::Timestamp { precision, .. } => precision.unwrap_or(6).min(6),
                _ => 0,
            };
            parts.push(if p == 0 { "ON UPDATE CURRENT_TIMESTAMP".into() } else { format!("ON UPDATE CURRENT_TIMESTAMP({p})") });
        }
        if let Some(c) = &col.comment {
            let c: String = c.chars().take(1024).collect();
            parts.push(format!("COMMENT {}", string_lit(to, &c)));
        }
    } else if col.on_update.is_some() && !(to == Dialect::Postgres && col.name.eq_ignore_ascii_case("updated_at")) && !(to == Dialect::Sqlite && col.name.eq_ignore_ascii_case("updated_at")) {
        g.warn(format!("{}.{}: ON UPDATE {} cannot be expressed in {}", cx.label, col.name, col.on_update.as_deref().unwrap_or(""), to.label()));
    }
}
