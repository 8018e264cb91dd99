//! One column of a Drizzle table: its builder call for the dialect's core (or a `customType`),
//! then the modifiers: array, primary key / not null, identity, default, generated, `onUpdateNow`,
//! and `.references()` for a single-column foreign key.

use super::relations::fk_target;
use super::{action, esc, names, sql_lit, Ctx, TableCx, Ts};
use crate::model::{BinaryKind, Column, Identity, Network, RefAction, TextKind, TypeKind as K};
use crate::codegen::names::js_int_width;
use crate::Dialect;
use std::collections::HashMap;

impl Ctx<'_> {
    /// The column builder call (without modifiers) and how its values look in TypeScript.
    pub(super) fn builder(&mut self, c: &Column, enum_vars: &HashMap<usize, String>) -> (String, Ts) {
        let n = esc::string(&c.name);
        let rt = self.schema.resolve_type(&c.data_type);
        let k = &rt.kind;
        let width = js_int_width(k, self.d);
        let base_spelling = c.data_type.spelling.trim_end_matches("[]").trim().to_string();
        let unknown = |s: &mut Self| {
            let v = s.custom(if base_spelling.is_empty() { "text" } else { &base_spelling }, "string");
            (format!("{v}({n})"), Ts::Other)
        };
        match self.d {
            Dialect::Postgres => {
                // `serial` also for a pg_dump-style `integer DEFAULT nextval(...)` owned sequence
                let ser = k.is_serial() || c.identity == Some(crate::model::Identity::Serial);
                match k {
                    K::Bool => (format!("{}({n})", self.core("boolean")), Ts::Bool),
                    _ if width == Some(2) && ser => (format!("{}({n})", self.core("smallserial")), Ts::Num),
                    _ if width == Some(2) => (format!("{}({n})", self.core("smallint")), Ts::Num),
                    _ if width == Some(4) && ser => (format!("{}({n})", self.core("serial")), Ts::Num),
                    _ if width == Some(4) => (format!("{}({n})", self.core("integer")), Ts::Num),
                    _ if width == Some(8) && ser => (format!("{}({n}, {{ mode: \"number\" }})", self.core("bigserial")), Ts::Num),
                    _ if width == Some(8) => (format!("{}({n}, {{ mode: \"number\" }})", self.core("bigint")), Ts::Num),
                    K::Float { bytes: 4, .. } => (format!("{}({n})", self.core("real")), Ts::Num),
                    K::Float { .. } => (format!("{}({n})", self.core("doublePrecision")), Ts::Num),
                    K::Decimal { precision, scale, .. } => match (precision, scale.and_then(|s| u32::try_from(s).ok())) {
                        (Some(p), Some(s)) => (format!("{}({n}, {{ precision: {p}, scale: {s} }})", self.core("numeric")), Ts::Str),
                        (Some(p), None) => (format!("{}({n}, {{ precision: {p} }})", self.core("numeric")), Ts::Str),
                        _ => (format!("{}({n})", self.core("numeric")), Ts::Str),
                    },
                    K::Text(_) => (format!("{}({n})", self.core("text")), Ts::Str),
                    K::VarChar { length: Some(l) } => (format!("{}({n}, {{ length: {l} }})", self.core("varchar")), Ts::Str),
                    K::VarChar { length: None } => (format!("{}({n})", self.core("varchar")), Ts::Str),
                    K::Char { length: Some(l) } => (format!("{}({n}, {{ length: {l} }})", self.core("char")), Ts::Str),
                    K::Char { length: None } => (format!("{}({n})", self.core("char")), Ts::Str),
                    K::Uuid => (format!("{}({n})", self.core("uuid")), Ts::Str),
                    K::Timestamp { precision, tz } => {
                        let mut cfg = vec!["mode: \"date\"".to_string()];
                        if let Some(p) = precision.filter(|p| *p <= 6) {
                            cfg.push(format!("precision: {p}"));
                        }
                        if *tz {
                            cfg.push("withTimezone: true".into());
                        }
                        (format!("{}({n}, {{ {} }})", self.core("timestamp"), cfg.join(", ")), Ts::Date)
                    }
                    K::Date => (format!("{}({n})", self.core("date")), Ts::Str),
                    K::Time { tz: true, .. } => (format!("{}({n}, {{ withTimezone: true }})", self.core("time")), Ts::Str),
                    K::Time { tz: false, .. } => (format!("{}({n})", self.core("time")), Ts::Str),
                    K::Interval { .. } => (format!("{}({n})", self.core("interval")), Ts::Str),
                    K::Json { binary: false } => (format!("{}({n})", self.core("json")), Ts::Json),
                    K::Json { binary: true } => (format!("{}({n})", self.core("jsonb")), Ts::Json),
                    K::Network(Network::Cidr) => (format!("{}({n})", self.core("cidr")), Ts::Str),
                    K::Network(Network::Inet) => (format!("{}({n})", self.core("inet")), Ts::Str),
                    K::Binary(_) => {
                        let v = self.custom("bytea", "Uint8Array");
                        (format!("{v}({n})"), Ts::Other)
                    }
                    K::Named(_) => match self.schema.enum_of(rt).and_then(|i| enum_vars.get(&i).map(|v| (i, v.clone()))) {
                        Some((i, v)) => (format!("{v}({n})"), Ts::Enum(self.schema.enums[i].values.clone())),
                        None => unknown(self),
                    },
                    _ => unknown(self),
                }
            }
            Dialect::Mysql => {
                let u = if k.is_unsigned() { ", { unsigned: true }" } else { "" };
                match k {
                    _ if k.is_boolean(self.d) => (format!("{}({n})", self.core("boolean")), Ts::Bool),
                    K::Int { bytes: 1, .. } => (format!("{}({n}{u})", self.core("tinyint")), Ts::Num),
                    K::Int { bytes: 2, .. } => (format!("{}({n}{u})", self.core("smallint")), Ts::Num),
                    K::Int { bytes: 3, .. } => (format!("{}({n}{u})", self.core("mediumint")), Ts::Num),
                    K::Int { bytes: 4, .. } => (format!("{}({n}{u})", self.core("int")), Ts::Num),
                    K::Int { .. } => (format!("{}({n}, {{ mode: \"number\"{} }})", self.core("bigint"), if k.is_unsigned() { ", unsigned: true" } else { "" }), Ts::Num),
                    K::Year => (format!("{}({n})", self.core("year")), Ts::Num),
                    K::Float { bytes: 4, .. } => (format!("{}({n})", self.core("float")), Ts::Num),
                    K::Float { .. } => (format!("{}({n})", self.core("double")), Ts::Num),
                    K::Decimal { precision, scale, .. } => match (precision, scale.and_then(|s| u32::try_from(s).ok())) {
                        (Some(p), Some(s)) => (format!("{}({n}, {{ precision: {p}, scale: {s} }})", self.core("decimal")), Ts::Str),
                        (Some(p), None) => (format!("{}({n}, {{ precision: {p} }})", self.core("decimal")), Ts::Str),
                        _ => (format!("{}({n})", self.core("decimal")), Ts::Str),
                    },
                    K::Text(size) => {
                        let f = match size {
                            TextKind::Tiny => "tinytext",
                            TextKind::Medium => "mediumtext",
                            TextKind::Long => "longtext",
                            _ => "text",
                        };
                        (format!("{}({n})", self.core(f)), Ts::Str)
                    }
                    K::VarChar { length } => (format!("{}({n}, {{ length: {} }})", self.core("varchar"), length.unwrap_or(255)), Ts::Str),
                    K::Char { length } => (format!("{}({n}, {{ length: {} }})", self.core("char"), length.unwrap_or(1)), Ts::Str),
                    K::Timestamp { precision, tz } => {
                        let f = if *tz { "timestamp" } else { "datetime" };
                        let fsp = precision.filter(|p| *p <= 6).map(|p| format!(", fsp: {p}")).unwrap_or_default();
                        (format!("{}({n}, {{ mode: \"date\"{fsp} }})", self.core(f)), Ts::Date)
                    }
                    K::Date => (format!("{}({n}, {{ mode: \"string\" }})", self.core("date")), Ts::Str),
                    K::Time { .. } => (format!("{}({n})", self.core("time")), Ts::Str),
                    K::Json { .. } => (format!("{}({n})", self.core("json")), Ts::Json),
                    K::Binary(BinaryKind::Binary(l)) => (format!("{}({n}, {{ length: {} }})", self.core("binary"), l.unwrap_or(1)), Ts::Str),
                    K::Binary(BinaryKind::VarBinary(l)) => (format!("{}({n}, {{ length: {} }})", self.core("varbinary"), l.unwrap_or(255)), Ts::Str),
                    K::Binary(b) => {
                        let sql_type = match b {
                            BinaryKind::TinyBlob => "tinyblob",
                            BinaryKind::MediumBlob => "mediumblob",
                            BinaryKind::LongBlob => "longblob",
                            BinaryKind::Bytea => "bytea",
                            _ => "blob",
                        };
                        let v = self.custom(sql_type, "Uint8Array");
                        (format!("{v}({n})"), Ts::Other)
                    }
                    K::Enum(vals) if !vals.is_empty() => {
                        let list: Vec<String> = vals.iter().map(|v| esc::string(v)).collect();
                        (format!("{}({n}, [{}])", self.core("mysqlEnum"), list.join(", ")), Ts::Enum(vals.clone()))
                    }
                    K::Uuid => (format!("{}({n}, {{ length: 36 }})", self.core("varchar")), Ts::Str),
                    _ => unknown(self),
                }
            }
            Dialect::Sqlite => match k {
                _ if width.is_some() || *k == K::Year => (format!("{}({n})", self.core("integer")), Ts::Num),
                K::Bool => (format!("{}({n}, {{ mode: \"boolean\" }})", self.core("integer")), Ts::Bool),
                K::Float { .. } => (format!("{}({n})", self.core("real")), Ts::Num),
                K::Decimal { .. } => (format!("{}({n})", self.core("numeric")), Ts::Str),
                _ if names::is_js_bytes(k, self.d) => (format!("{}({n})", self.core("blob")), Ts::Other),
                K::Json { .. } => (format!("{}({n}, {{ mode: \"json\" }})", self.core("text")), Ts::Json),
                _ => (format!("{}({n})", self.core("text")), Ts::Str),
            },
        }
    }
}

/// The `.default(...)` / `.defaultNow()` modifier for a column.
pub(super) fn default_modifier(d: Dialect, c: &Column, kind: &K, ts: &Ts, array: bool) -> Option<String> {
    let expr = c.default.as_deref()?.trim();
    let stripped = names::strip_default(d, expr);
    if stripped.eq_ignore_ascii_case("null") || c.identity.is_some() {
        return None;
    }
    if stripped.to_ascii_lowercase().starts_with("nextval(") && d == Dialect::Postgres {
        return None; // serial
    }
    // SQLite takes an expression default only in parentheses (`DEFAULT (strftime('%s', 'now'))`);
    // drizzle-kit writes the sql`` text as it is.
    let sqlite_expr = d == Dialect::Sqlite && !(expr.starts_with('(') && expr.ends_with(')')) && names::sql_string_literal(d, expr).is_none() && names::sql_number_literal(d, expr).is_none() && !matches!(expr.to_ascii_uppercase().as_str(), "NULL" | "TRUE" | "FALSE" | "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP");
    let raw = || Some(format!(".default({})", sql_lit(&if sqlite_expr { format!("({expr})") } else { expr.to_string() })));
    if array {
        return raw();
    }
    let mysql_timestamp = d == Dialect::Mysql && matches!(c.data_type.kind, K::Timestamp { tz: true, .. });
    if names::is_now(d, expr) && *ts == Ts::Date && (d == Dialect::Postgres || mysql_timestamp) {
        return Some(".defaultNow()".into());
    }
    if d == Dialect::Postgres && *kind == K::Uuid && names::strip_default(d, expr).eq_ignore_ascii_case("gen_random_uuid()") {
        return Some(".defaultRandom()".into());
    }
    match ts {
        Ts::Str => match names::sql_string_literal(d, expr) {
            Some(v) => Some(format!(".default({})", esc::string(&v))),
            None => match names::sql_number_literal(d, expr) {
                Some(n) if !expr.contains('\'') => Some(format!(".default({})", esc::string(&n))),
                _ => raw(),
            },
        },
        Ts::Num => match names::sql_number_literal(d, expr) {
            Some(n) if n.parse::<f64>().is_ok_and(|f| f.abs() < 9.0e15) => Some(format!(".default({n})")),
            _ => raw(),
        },
        Ts::Bool => match names::sql_bool_literal(d, expr) {
            Some(b) => Some(format!(".default({b})")),
            None => raw(),
        },
        Ts::Enum(values) => match names::sql_string_literal(d, expr) {
            Some(v) if values.contains(&v) => Some(format!(".default({})", esc::string(&v))),
            _ => raw(),
        },
        _ => raw(),
    }
}

/// The column's `key: builder.modifiers(),` line (its comment, if any, goes above it).
pub(super) fn column(cx: &mut Ctx, tx: &mut TableCx, c: &Column) -> String {
    let (d, t) = (cx.d, tx.t);
    let k = tx.keys[&c.name].clone();
    let rt = cx.schema.resolve_type(&c.data_type);
    let kind = &rt.kind;
    let (mut b, ts) = cx.builder(c, tx.enum_vars);
    let dims = rt.array_dims.max(c.data_type.array_dims);
    let array = dims > 0 && d == Dialect::Postgres;
    for _ in 0..dims.min(4) {
        if d == Dialect::Postgres {
            b.push_str(".array()");
        }
    }
    let in_pk = tx.pk_cols.iter().any(|p| t.column(p).is_some_and(|pc| pc.name == c.name));
    if tx.single_pk && in_pk {
        if d == Dialect::Sqlite && matches!(c.identity, Some(Identity::Autoincrement)) {
            b.push_str(".primaryKey({ autoIncrement: true })");
        } else {
            b.push_str(".primaryKey()");
        }
    } else if !c.nullable || in_pk {
        b.push_str(".notNull()");
    }
    match (&c.identity, d) {
        (Some(Identity::Always), Dialect::Postgres) if js_int_width(kind, d).is_some() && !array => b.push_str(".generatedAlwaysAsIdentity()"),
        (Some(Identity::ByDefault), Dialect::Postgres) if js_int_width(kind, d).is_some() && !array => b.push_str(".generatedByDefaultAsIdentity()"),
        (Some(Identity::AutoIncrement), Dialect::Mysql) if matches!(ts, Ts::Num) => b.push_str(".autoincrement()"),
        _ => {}
    }
    if let Some(m) = default_modifier(d, c, kind, &ts, array) {
        cx.uses_sql |= m.contains("sql`");
        b.push_str(&m);
    }
    if let Some(g) = &c.generated {
        cx.uses_sql = true;
        if d == Dialect::Postgres {
            b.push_str(&format!(".generatedAlwaysAs({})", sql_lit(&g.expression)));
        } else {
            b.push_str(&format!(".generatedAlwaysAs({}, {{ mode: \"{}\" }})", sql_lit(&g.expression), if g.stored { "stored" } else { "virtual" }));
        }
    }
    if let Some(ou) = &c.on_update {
        if d == Dialect::Mysql && matches!(kind, K::Timestamp { tz: true, .. }) && names::is_now(d, ou) {
            b.push_str(".onUpdateNow()");
        } else {
            tx.notes.push(format!("{} has ON UPDATE {ou} (not expressed here)", c.name));
        }
    }
    // single-column foreign keys as .references() (a logical relation is only in relations())
    let any_col = cx.core_names.any_col;
    for &fk in tx.inline.get(c.name.as_str()).into_iter().flatten() {
        let Some(target) = fk_target(tx.ix, &tx.tables.var, &tx.tables.col_keys, fk) else { continue };
        let mut opts = Vec::new();
        if fk.on_delete != RefAction::NoAction {
            opts.push(format!("onDelete: \"{}\"", action(fk.on_delete)));
        }
        if fk.on_update != RefAction::NoAction {
            opts.push(format!("onUpdate: \"{}\"", action(fk.on_update)));
        }
        cx.imports.insert(any_col);
        let opts = if opts.is_empty() { String::new() } else { format!(", {{ {} }}", opts.join(", ")) };
        b.push_str(&format!(".references((): {any_col} => {}.{}{opts})", target.0, target.1[0]));
    }
    format!("{k}: {b},")
}
