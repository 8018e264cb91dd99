//! Drizzle ORM schema (`schema.ts`) for `drizzle-orm/pg-core`, `mysql-core` or `sqlite-core`.
//!
//! One exported table per table (keys camelCase, the column name always passed explicitly),
//! enums, keys, indexes and checks in the third-argument array form, `relations()` for both sides
//! of every foreign key and the `$inferSelect` / `$inferInsert` types. SQL fragments go through
//! `sql` template literals with backticks, `\` and `${` escaped.

use super::escape::ts as esc;
use super::names::{self, camel, js_int_width, pascal, Namer};
use crate::model::{BinaryKind, Network, TextKind, TypeKind as K};
use super::writer::Writer;
use super::Generated;
use crate::model::{Column, RefAction, Schema, SchemaIndex};
use crate::Dialect;
use std::collections::{BTreeSet, HashMap};

mod views;

/// Words a generated `const` must not be named (JS reserved words and globals we rely on).
pub(crate) const JS_RESERVED: &[&str] = &[
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
    "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "implements", "interface", "package",
    "private", "protected", "public", "await", "async", "arguments", "eval", "undefined", "NaN", "Infinity", "of", "type", "as", "any", "unknown", "never", "object", "string", "number", "boolean",
    "bigint", "symbol", "declare", "namespace", "module", "require", "Date", "Object", "Array", "String", "Number", "Boolean", "Symbol", "Promise", "Map", "Set", "Error", "JSON", "Math",
    "Uint8Array", "BigInt", "Record", "Partial", "z", "globalThis", "constructor", "prototype",
];

/// Everything the three cores might be asked to import (reserved so names never depend on use).
const CORE_NAMES: &[&str] = &[
    "pgTable", "pgEnum", "pgSchema", "pgPolicy", "mysqlTable", "mysqlEnum", "mysqlSchema", "sqliteTable", "smallint", "integer", "int", "bigint", "serial", "bigserial", "smallserial", "real",
    "doublePrecision", "double", "float", "numeric", "decimal", "text", "tinytext", "mediumtext", "longtext", "varchar", "char", "uuid", "boolean", "tinyint", "mediumint", "timestamp", "datetime",
    "date", "time", "interval", "year", "json", "jsonb", "inet", "cidr", "binary", "varbinary", "blob", "customType", "index", "uniqueIndex", "primaryKey", "foreignKey", "unique", "check",
    "AnyPgColumn", "AnyMySqlColumn", "AnySQLiteColumn", "PgTableExtraConfigValue", "MySqlTableExtraConfigValue", "SQLiteTableExtraConfigValue", "relations", "sql", "one", "many", "t", "table",
    "pgView", "pgMaterializedView", "mysqlView", "sqliteView",
];

struct Ctx<'a> {
    schema: &'a Schema,
    d: Dialect,
    imports: BTreeSet<&'static str>,
    customs: Vec<(String, String, &'static str)>,
    custom_by_type: HashMap<String, String>,
    vars: Namer,
    warnings: Vec<String>,
}

/// How a column's TypeScript value looks, for `.default(...)`.
#[derive(PartialEq)]
enum Ts {
    Str,
    Num,
    Bool,
    Date,
    Json,
    Enum(Vec<String>),
    Other,
}

fn action(a: RefAction) -> &'static str {
    match a {
        RefAction::NoAction => "no action",
        RefAction::Restrict => "restrict",
        RefAction::Cascade => "cascade",
        RefAction::SetNull => "set null",
        RefAction::SetDefault => "set default",
    }
}

fn sql_lit(s: &str) -> String {
    format!("sql`{}`", esc::template(s))
}

impl<'a> Ctx<'a> {
    fn core(&mut self, name: &'static str) -> &'static str {
        self.imports.insert(name);
        name
    }

    fn custom(&mut self, sql_type: &str, data: &'static str) -> String {
        if let Some(v) = self.custom_by_type.get(sql_type) {
            return v.clone();
        }
        let base = names::safe_ident(&format!("{}Type", camel(sql_type)), "customType", "t", &[]);
        let var = self.vars.unique(&base);
        self.imports.insert("customType");
        self.customs.push((var.clone(), sql_type.to_string(), data));
        self.custom_by_type.insert(sql_type.to_string(), var.clone());
        var
    }

    /// The column builder call (without modifiers) and how its values look in TypeScript.
    fn builder(&mut self, c: &Column, enum_vars: &HashMap<usize, String>) -> (String, Ts) {
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
fn default_modifier(d: Dialect, c: &Column, kind: &K, ts: &Ts, array: bool) -> Option<String> {
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

/// Generates the Drizzle schema module (camelCase keys).
pub fn generate(schema: &Schema) -> Generated {
    generate_with(schema, super::DrizzleKeys::Camel)
}

/// Generates the Drizzle schema module with the given kind of column keys.
pub fn generate_with(schema: &Schema, keys_style: super::DrizzleKeys) -> Generated {
    let d = schema.dialect;
    let ix = SchemaIndex::new(schema);
    let (core_mod, table_fn, any_col, extra_ty) = match d {
        Dialect::Postgres => ("drizzle-orm/pg-core", "pgTable", "AnyPgColumn", "PgTableExtraConfigValue"),
        Dialect::Mysql => ("drizzle-orm/mysql-core", "mysqlTable", "AnyMySqlColumn", "MySqlTableExtraConfigValue"),
        Dialect::Sqlite => ("drizzle-orm/sqlite-core", "sqliteTable", "AnySQLiteColumn", "SQLiteTableExtraConfigValue"),
    };
    let mut cx = Ctx { schema, d, imports: BTreeSet::new(), customs: Vec::new(), custom_by_type: HashMap::new(), vars: Namer::new(), warnings: Vec::new() };
    for r in JS_RESERVED.iter().chain(CORE_NAMES) {
        cx.vars.reserve(r);
    }
    let mut uses_sql = false;

    // PostgreSQL schemas other than public.
    let mut schema_vars: HashMap<String, String> = HashMap::new();
    let mut schema_decls: Vec<String> = Vec::new();
    let mut schema_var = |cx: &mut Ctx, s: &Option<String>| -> Option<String> {
        let s = s.as_deref().filter(|s| d == Dialect::Postgres && *s != "public")?;
        if let Some(v) = schema_vars.get(s) {
            return Some(v.clone());
        }
        let v = cx.vars.unique(&names::safe_ident(&format!("{}Schema", camel(s)), "schema", "s", &[]));
        cx.imports.insert("pgSchema");
        schema_decls.push(format!("export const {v} = pgSchema({});", esc::string(s)));
        schema_vars.insert(s.to_string(), v.clone());
        Some(v)
    };

    // Enums.
    let mut enum_vars: HashMap<usize, String> = HashMap::new();
    let mut enum_decls: Vec<String> = Vec::new();
    if d == Dialect::Postgres {
        for (i, e) in schema.enums.iter().enumerate() {
            if e.values.is_empty() {
                cx.warnings.push(format!("enum {} has no values; its columns use a custom type", e.name));
                continue;
            }
            let v = cx.vars.unique(&names::safe_ident(&camel(&e.name), "enumType", "e", &[]));
            let list: Vec<String> = e.values.iter().map(|v| esc::string(v)).collect();
            let ctor = match schema_var(&mut cx, &e.schema) {
                Some(s) => format!("{s}.enum"),
                None => cx.core("pgEnum").to_string(),
            };
            enum_decls.push(format!("export const {v} = {ctor}({}, [{}]);", esc::string(&e.name), list.join(", ")));
            enum_vars.insert(i, v);
        }
    }

    // Table variables first, so references can name any table.
    let mut table_var: HashMap<usize, String> = HashMap::new();
    let mut col_keys: HashMap<usize, HashMap<String, String>> = HashMap::new();
    let mut key_namers: HashMap<usize, Namer> = HashMap::new();
    let mut partitions: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if t.virtual_module.is_some() {
            cx.warnings.push(format!("virtual table {} is not supported by Drizzle and was left out", t.name));
            continue;
        }
        if let Some(parent) = t.partition_of.as_ref().filter(|p| schema.table_index(p).is_some()) {
            // the parent holds the rows (drizzle-kit pull leaves partitions out too)
            partitions.entry(parent.to_string()).or_default().push(t.qualified_name().to_string());
            continue;
        }
        let v = cx.vars.unique(&names::safe_ident(&camel(&t.name), "table", "t", &[]));
        table_var.insert(ti, v);
        let mut kn = Namer::new();
        for r in ["_", "getSQL", "enableRLS", "$inferSelect", "$inferInsert", "$columns", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"] {
            kn.reserve(r);
        }
        let mut keys = HashMap::new();
        for c in &t.columns {
            let base = match keys_style {
                super::DrizzleKeys::Camel => camel(&c.name),
                super::DrizzleKeys::Column => c.name.clone(),
            };
            let k = kn.unique(&names::safe_ident(&base, "column", "c", &[]));
            keys.insert(c.name.clone(), k);
        }
        col_keys.insert(ti, keys);
        key_namers.insert(ti, kn);
    }

    for (parent, parts) in partitions {
        cx.warnings.push(format!("the partitions of {parent} ({}) are not separate tables; query {parent}", parts.join(", ")));
    }
    let mut body = Writer::new("  ");
    for (ti, t) in schema.tables.iter().enumerate() {
        let Some(var) = table_var.get(&ti).cloned() else { continue };
        let keys = &col_keys[&ti];
        let key = |c: &str| -> Option<String> { keys.get(c).cloned().or_else(|| ix.column(ti, c).and_then(|col| keys.get(&col.name).cloned())) };
        // the foreign keys written inline with `.references()`, by their column
        let mut inline: HashMap<&str, Vec<&crate::model::ForeignKey>> = HashMap::new();
        for f in t.foreign_keys.iter().filter(|f| inline_fk(&ix, t, f)) {
            if let Some(c) = ix.column(ti, &f.columns[0]) {
                inline.entry(c.name.as_str()).or_default().push(f);
            }
        }
        let mut notes: Vec<String> = Vec::new();
        let pk_cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        let single_pk = pk_cols.len() == 1 && key(&pk_cols[0]).is_some();
        let ctor = match schema_var(&mut cx, &t.schema) {
            Some(s) => format!("{s}.table"),
            None => cx.core(table_fn).to_string(),
        };
        if let Some(cm) = &t.comment {
            body.line(format!("// {}", esc::comment(cm)));
        }
        body.line(format!("export const {var} = {ctor}({}, {{", esc::string(&t.name)));
        body.indent();
        for c in &t.columns {
            let k = keys[&c.name].clone();
            let rt = schema.resolve_type(&c.data_type);
            let kind = &rt.kind;
            let (mut b, ts) = cx.builder(c, &enum_vars);
            let dims = rt.array_dims.max(c.data_type.array_dims);
            let array = dims > 0 && d == Dialect::Postgres;
            for _ in 0..dims.min(4) {
                if d == Dialect::Postgres {
                    b.push_str(".array()");
                }
            }
            let in_pk = pk_cols.iter().any(|p| t.column(p).is_some_and(|pc| pc.name == c.name));
            if single_pk && in_pk {
                if d == Dialect::Sqlite && matches!(c.identity, Some(crate::model::Identity::Autoincrement)) {
                    b.push_str(".primaryKey({ autoIncrement: true })");
                } else {
                    b.push_str(".primaryKey()");
                }
            } else if !c.nullable || in_pk {
                b.push_str(".notNull()");
            }
            match (&c.identity, d) {
                (Some(crate::model::Identity::Always), Dialect::Postgres) if js_int_width(kind, d).is_some() && !array => b.push_str(".generatedAlwaysAsIdentity()"),
                (Some(crate::model::Identity::ByDefault), Dialect::Postgres) if js_int_width(kind, d).is_some() && !array => b.push_str(".generatedByDefaultAsIdentity()"),
                (Some(crate::model::Identity::AutoIncrement), Dialect::Mysql) if matches!(ts, Ts::Num) => b.push_str(".autoincrement()"),
                _ => {}
            }
            if let Some(m) = default_modifier(d, c, kind, &ts, array) {
                uses_sql |= m.contains("sql`");
                b.push_str(&m);
            }
            if let Some(g) = &c.generated {
                uses_sql = true;
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
                    notes.push(format!("{} has ON UPDATE {ou} (not expressed here)", c.name));
                }
            }
            // single-column foreign keys as .references() (a logical relation is only in relations())
            for &fk in inline.get(c.name.as_str()).into_iter().flatten() {
                let Some(target) = fk_target(&ix, &table_var, &col_keys, fk) else { continue };
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
            if let Some(cm) = &c.comment {
                body.line(format!("// {}", esc::comment(cm)));
            }
            body.line(format!("{k}: {b},"));
        }
        body.dedent();

        // third argument
        let mut extra: Vec<String> = Vec::new();
        let mut annotate = false;
        let tk = |cols: &[String]| -> Option<Vec<String>> { cols.iter().map(|c| key(c).map(|k| format!("t.{k}"))).collect() };
        if pk_cols.len() > 1 {
            if let Some(cols) = tk(&pk_cols) {
                let name = t.primary_key.as_ref().and_then(|p| p.name.clone()).filter(|_| d == Dialect::Postgres).map(|n| format!(", name: {}", esc::string(&n))).unwrap_or_default();
                extra.push(format!("{}({{ columns: [{}]{name} }})", cx.core("primaryKey"), cols.join(", ")));
            }
        }
        for u in &t.uniques {
            if let Some(cols) = tk(&u.columns) {
                let name = u.name.as_deref().filter(|n| !n.starts_with("sqlite_autoindex")).map(esc::string).unwrap_or_default();
                let nnd = if u.nulls_not_distinct && d == Dialect::Postgres { ".nullsNotDistinct()" } else { "" };
                extra.push(format!("{}({name}).on({}){nnd}", cx.core("unique"), cols.join(", ")));
            }
        }
        for fk in t.foreign_keys.iter().filter(|f| !f.logical && !inline_fk(&ix, t, f)) {
            let (Some(cols), Some(target)) = (tk(&fk.columns), fk_target(&ix, &table_var, &col_keys, fk)) else {
                notes.push(format!("foreign key ({}) → {} left out: unknown columns or table", fk.columns.join(", "), fk.ref_table));
                continue;
            };
            // a table's own columns come from the callback parameter (naming the table there is circular)
            let self_ref = ix.table_index(&fk.ref_table) == Some(ti);
            if !self_ref {
                annotate = true;
            }
            let refs: Vec<String> = target.1.iter().map(|k| if self_ref { format!("t.{k}") } else { format!("{}.{k}", target.0) }).collect();
            let name = fk.name.as_deref().map(|n| format!(", name: {}", esc::string(n))).unwrap_or_default();
            let mut s = format!("{}({{ columns: [{}], foreignColumns: [{}]{name} }})", cx.core("foreignKey"), cols.join(", "), refs.join(", "));
            if fk.on_delete != RefAction::NoAction {
                s.push_str(&format!(".onDelete(\"{}\")", action(fk.on_delete)));
            }
            if fk.on_update != RefAction::NoAction {
                s.push_str(&format!(".onUpdate(\"{}\")", action(fk.on_update)));
            }
            extra.push(s);
        }
        for fk in t.foreign_keys.iter().filter(|f| f.columns.len() == 1) {
            if key(&fk.columns[0]).is_none() || fk_target(&ix, &table_var, &col_keys, fk).is_none() {
                notes.push(format!("foreign key ({}) → {} left out: the referenced table or column is not in the schema", fk.columns.join(", "), fk.ref_table));
            }
        }
        let mut ix_names = Namer::new();
        // MySQL: an index a foreign key makes under its own name is left to the FK (drizzle-kit
        // refuses an index named like a foreign key); one InnoDB made under another name is written
        let written = |i: &&crate::model::Index| if d == Dialect::Mysql { super::mysql_keys::writes_index(t, i) } else { !i.implicit };
        for ix in t.indexes.iter().filter(written) {
            let display = ix.parts.iter().map(|p| p.display()).collect::<Vec<_>>().join(", ");
            let mut parts = Vec::new();
            let mut ok = true;
            for p in &ix.parts {
                match p.column.as_deref().and_then(|c| key(c)) {
                    Some(k) if d == Dialect::Postgres => {
                        let mut s = format!("t.{k}");
                        if p.descending {
                            s.push_str(".desc()");
                        }
                        match p.nulls_first {
                            Some(true) => s.push_str(".nullsFirst()"),
                            Some(false) => s.push_str(".nullsLast()"),
                            None => {}
                        }
                        if let Some(op) = &p.opclass {
                            s.push_str(&format!(".op({})", esc::string(op)));
                        }
                        parts.push(s);
                    }
                    Some(k) if p.length.is_none() => parts.push(format!("t.{k}")),
                    _ if d == Dialect::Mysql => ok = false,
                    _ => {
                        uses_sql = true;
                        parts.push(sql_lit(&p.display()));
                    }
                }
            }
            if !ok || parts.is_empty() {
                notes.push(format!("index {} on ({display}) cannot be expressed in Drizzle", ix.name.clone().unwrap_or_default()));
                continue;
            }
            let fname = if ix.unique { "uniqueIndex" } else { "index" };
            let name = ix.name.clone().unwrap_or_else(|| format!("{}_{}_idx", t.name, ix.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>().join("_")));
            let name = ix_names.unique(&name);
            let f = cx.core(fname);
            let mut s = match (d, ix.method.as_deref()) {
                (Dialect::Postgres, Some(m)) if m != "btree" => format!("{f}({}).using({}, {})", esc::string(&name), esc::string(m), parts.join(", ")),
                _ => format!("{f}({}).on({})", esc::string(&name), parts.join(", ")),
            };
            if d == Dialect::Mysql {
                if let Some(m @ ("btree" | "hash")) = ix.method.as_deref() {
                    s.push_str(&format!(".using(\"{m}\")"));
                } else if let Some(m) = ix.method.as_deref() {
                    notes.push(format!("index {name} is {m}; written as a plain index"));
                }
            }
            if let Some(p) = &ix.predicate {
                if d == Dialect::Mysql {
                    notes.push(format!("index {name} WHERE {p}: MySQL has no partial indexes"));
                } else {
                    uses_sql = true;
                    s.push_str(&format!(".where({})", sql_lit(p)));
                }
            }
            if !ix.include.is_empty() {
                notes.push(format!("index {name} INCLUDE ({}) is not expressed", ix.include.join(", ")));
            }
            extra.push(s);
        }
        let mut check_names = Namer::new();
        for (i, ch) in t.checks.iter().enumerate() {
            uses_sql = true;
            let name = check_names.unique(&ch.name.clone().unwrap_or_else(|| format!("{}_check{}", t.name, i + 1)));
            extra.push(format!("{}({}, {})", cx.core("check"), esc::string(&name), sql_lit(&ch.expression)));
        }
        if d == Dialect::Postgres {
            for p in &t.policies {
                let mut cfg = vec![format!("as: \"{}\"", if p.permissive { "permissive" } else { "restrictive" })];
                if ["all", "select", "insert", "update", "delete"].contains(&p.command.as_str()) {
                    cfg.push(format!("for: \"{}\"", p.command));
                }
                if !p.roles.is_empty() {
                    let roles: Vec<String> = p.roles.iter().map(|r| esc::string(r)).collect();
                    cfg.push(format!("to: [{}]", roles.join(", ")));
                }
                if let Some(u) = &p.using {
                    uses_sql = true;
                    cfg.push(format!("using: {}", sql_lit(u)));
                }
                if let Some(w) = &p.with_check {
                    uses_sql = true;
                    cfg.push(format!("withCheck: {}", sql_lit(w)));
                }
                extra.push(format!("{}({}, {{ {} }})", cx.core("pgPolicy"), esc::string(&p.name), cfg.join(", ")));
            }
        }
        let rls = if d == Dialect::Postgres && t.rls_enabled && t.policies.is_empty() { ".enableRLS()" } else { "" };
        if t.rls_forced {
            notes.push("FORCE ROW LEVEL SECURITY is not expressed".into());
        }
        if extra.is_empty() {
            body.line(format!("}}){rls};"));
        } else {
            if annotate {
                // composite keys to other tables: a declared return type keeps tsc from chasing the
                // other table's type through this callback (circular when the tables refer to each other)
                let ty = cx.core(extra_ty);
                body.line(format!("}}, (t): {ty}[] => ["));
            } else {
                body.line("}, (t) => [");
            }
            body.indent();
            for e in &extra {
                body.line(format!("{e},"));
            }
            body.dedent();
            body.line(format!("]){rls};"));
        }
        for n in &notes {
            body.line(format!("// {}", esc::comment(n)));
            cx.warnings.push(format!("{}: {n}", t.name));
        }
        body.blank();
    }

    views::views(&mut cx, &enum_vars, keys_style, &mut schema_var, &mut body);

    // relations()
    let rel_code = relations(&ix, &table_var, &col_keys, &mut key_namers);
    if !rel_code.is_empty() {
        body.blank();
        for l in rel_code.lines() {
            body.line(l);
        }
    }

    // types
    let mut types = Namer::new();
    for r in JS_RESERVED {
        types.reserve(r);
    }
    body.blank();
    for (ti, t) in schema.tables.iter().enumerate() {
        let Some(var) = table_var.get(&ti) else { continue };
        let base = names::safe_ident(&pascal(&names::singular(&t.name)), "Row", "T", &[]);
        let sel = types.unique(&base);
        let ins = types.unique(&format!("New{sel}"));
        body.line(format!("export type {sel} = typeof {var}.$inferSelect;"));
        body.line(format!("export type {ins} = typeof {var}.$inferInsert;"));
    }

    let mut out = String::new();
    out.push_str("// Generated by Schema Playground.\n");
    let imports: Vec<String> = cx.imports.iter().map(|i| if i.starts_with("Any") || i.ends_with("ConfigValue") { format!("type {i}") } else { i.to_string() }).collect();
    if !imports.is_empty() {
        out.push_str(&format!("import {{ {} }} from \"{core_mod}\";\n", imports.join(", ")));
    }
    let mut orm = Vec::new();
    if !rel_code.is_empty() {
        orm.push("relations");
    }
    if uses_sql {
        orm.push("sql");
    }
    if !orm.is_empty() {
        out.push_str(&format!("import {{ {} }} from \"drizzle-orm\";\n", orm.join(", ")));
    }
    out.push('\n');
    for s in &schema_decls {
        out.push_str(s);
        out.push('\n');
    }
    for (v, ty, data) in &cx.customs {
        out.push_str(&format!("const {v} = customType<{{ data: {data} }}>({{ dataType: () => {} }});\n", esc::string(ty)));
    }
    for e in &enum_decls {
        out.push_str(e);
        out.push('\n');
    }
    if !(schema_decls.is_empty() && cx.customs.is_empty() && enum_decls.is_empty()) {
        out.push('\n');
    }
    out.push_str(body.finish().trim_end());
    out.push('\n');
    Generated { code: out, warnings: cx.warnings }
}

/// Whether a foreign key is written inline with `.references()`: one column and no name other than
/// the one drizzle-orm gives it (`{table}_{columns}_{ref table}_{ref columns}_fk`); any other name
/// needs `foreignKey({ ..., name })`, or drizzle-kit would rename the constraint.
fn inline_fk(ix: &SchemaIndex, t: &crate::model::Table, fk: &crate::model::ForeignKey) -> bool {
    if fk.logical || fk.columns.len() != 1 {
        return false;
    }
    let Some(name) = &fk.name else { return true };
    let refs = match ix.table(&fk.ref_table) {
        Some(pt) if fk.ref_columns.is_empty() => pt.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
        _ => fk.ref_columns.clone(),
    };
    *name == format!("{}_{}_{}_{}_fk", t.name, fk.columns.join("_"), fk.ref_table.name, refs.join("_"))
}

/// The referenced table's variable and column keys, if the target is in the schema.
fn fk_target(ix: &SchemaIndex, table_var: &HashMap<usize, String>, col_keys: &HashMap<usize, HashMap<String, String>>, fk: &crate::model::ForeignKey) -> Option<(String, Vec<String>)> {
    let schema = ix.schema;
    let pti = ix.table_index(&fk.ref_table)?;
    let var = table_var.get(&pti)?;
    let pt = &schema.tables[pti];
    let refs: Vec<String> = if fk.ref_columns.is_empty() { pt.primary_key.as_ref()?.columns.clone() } else { fk.ref_columns.clone() };
    if refs.len() != fk.columns.len() {
        return None;
    }
    let keys = col_keys.get(&pti)?;
    let ks: Option<Vec<String>> = refs.iter().map(|r| keys.get(r).cloned().or_else(|| ix.column(pti, r).and_then(|c| keys.get(&c.name).cloned()))).collect();
    Some((var.clone(), ks?))
}

fn relations(ix: &SchemaIndex, table_var: &HashMap<usize, String>, col_keys: &HashMap<usize, HashMap<String, String>>, key_namers: &mut HashMap<usize, Namer>) -> String {
    let schema = ix.schema;
    struct Rel {
        child: usize,
        parent: usize,
        fields: Vec<String>,
        refs: Vec<String>,
        one_to_one: bool,
        label: String,
    }
    let mut rels = Vec::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if !table_var.contains_key(&ti) {
            continue;
        }
        for fk in &t.foreign_keys {
            let Some(pti) = ix.table_index(&fk.ref_table) else { continue };
            let Some((_, refs)) = fk_target(ix, table_var, col_keys, fk) else { continue };
            let keys = &col_keys[&ti];
            let Some(fields) = fk.columns.iter().map(|c| keys.get(c).cloned().or_else(|| ix.column(ti, c).and_then(|x| keys.get(&x.name).cloned()))).collect::<Option<Vec<String>>>() else { continue };
            let cols: Vec<String> = fk.columns.iter().map(|c| ix.column(ti, c).map(|x| x.name.clone()).unwrap_or_default()).collect();
            let same = |a: &[String]| a.len() == cols.len() && a.iter().all(|x| cols.contains(x));
            let one_to_one = t.primary_key.as_ref().is_some_and(|p| same(&p.columns)) || t.uniques.iter().any(|u| same(&u.columns)) || t.indexes.iter().any(|i| i.unique && i.predicate.is_none() && same(&i.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>()));
            let label = format!("{}_{}", t.name, cols.join("_"));
            rels.push(Rel { child: ti, parent: pti, fields, refs, one_to_one, label });
        }
    }
    if rels.is_empty() {
        return String::new();
    }
    let pair = |r: &Rel| (r.child.min(r.parent), r.child.max(r.parent));
    let mut count: HashMap<(usize, usize), usize> = HashMap::new();
    for r in &rels {
        *count.entry(pair(r)).or_default() += 1;
    }
    let mut per_table: HashMap<usize, Vec<String>> = HashMap::new();
    let mut rel_names = Namer::new();
    // per table: column key → column name (the inverse of `col_keys`)
    let mut key_cols: HashMap<usize, HashMap<&str, &str>> = HashMap::new();
    for r in &rels {
        let named = r.child == r.parent || count[&pair(r)] > 1;
        let rel_name = named.then(|| rel_names.unique(&r.label));
        let cvar = &table_var[&r.child];
        let pvar = &table_var[&r.parent];
        let ct = &schema.tables[r.child];
        let inverse = key_cols.entry(r.child).or_insert_with(|| col_keys[&r.child].iter().map(|(c, k)| (k.as_str(), c.as_str())).collect());
        let cols: Vec<String> = r.fields.iter().map(|f| inverse.get(f.as_str()).map(|c| c.to_string()).unwrap_or_default()).collect();
        let child_base = names::fk_stem(&cols).unwrap_or_else(|| camel(&names::singular(&schema.tables[r.parent].name)));
        let kn = key_namers.entry(r.child).or_default();
        let child_key = kn.unique(&names::safe_ident(&child_base, "parent", "r", &[]));
        let fields: Vec<String> = r.fields.iter().map(|f| format!("{cvar}.{f}")).collect();
        let refs: Vec<String> = r.refs.iter().map(|f| format!("{pvar}.{f}")).collect();
        let rn = rel_name.as_ref().map(|n| format!(", relationName: {}", esc::string(n))).unwrap_or_default();
        per_table.entry(r.child).or_default().push(format!("{child_key}: one({pvar}, {{ fields: [{}], references: [{}]{rn} }}),", fields.join(", "), refs.join(", ")));
        let back_base = if r.one_to_one { camel(&names::singular(&ct.name)) } else { camel(&names::plural(&names::singular(&ct.name))) };
        let back_base = if named { format!("{back_base}{}", pascal(&child_key)) } else { back_base };
        let kn = key_namers.entry(r.parent).or_default();
        let back = kn.unique(&names::safe_ident(&back_base, "children", "r", &[]));
        let line = match (&rel_name, r.one_to_one) {
            // a named inverse `one` must carry fields/references too: the same join seen from the parent
            (Some(n), true) => format!("{back}: one({cvar}, {{ fields: [{}], references: [{}], relationName: {} }}),", refs.join(", "), fields.join(", "), esc::string(n)),
            (Some(n), false) => format!("{back}: many({cvar}, {{ relationName: {} }}),", esc::string(n)),
            (None, true) => format!("{back}: one({cvar}),"),
            (None, false) => format!("{back}: many({cvar}),"),
        };
        per_table.entry(r.parent).or_default().push(line);
    }
    let mut w = Writer::new("  ");
    let mut vars = Namer::new();
    for (ti, _) in schema.tables.iter().enumerate() {
        let Some(lines) = per_table.get(&ti) else { continue };
        let tv = &table_var[&ti];
        let name = vars.unique(&format!("{tv}Relations"));
        let uses_one = lines.iter().any(|l| l.contains(": one("));
        let uses_many = lines.iter().any(|l| l.contains(": many("));
        let destructure = match (uses_one, uses_many) {
            (true, true) => "{ one, many }",
            (true, false) => "{ one }",
            _ => "{ many }",
        };
        w.line(format!("export const {name} = relations({tv}, ({destructure}) => ({{"));
        w.indent();
        for l in lines {
            w.line(l);
        }
        w.dedent();
        w.line("}));");
        w.blank();
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(sql: &str, d: Dialect) -> String {
        generate(&crate::parse::parse(sql, d).schema).code
    }

    #[test]
    fn pg_tables_columns_and_relations() {
        let c = gen(
            "CREATE TYPE role AS ENUM ('a', 'b');
             CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE, r role NOT NULL DEFAULT 'a', created_at timestamptz NOT NULL DEFAULT now());
             CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id uuid REFERENCES users(id) ON DELETE CASCADE, tags text[]);
             CREATE INDEX posts_live ON posts (author_id) WHERE tags IS NOT NULL;",
            Dialect::Postgres,
        );
        assert!(c.contains("export const role = pgEnum(\"role\", [\"a\", \"b\"]);"), "{c}");
        assert!(c.contains("id: uuid(\"id\").primaryKey().defaultRandom(),"), "{c}");
        assert!(c.contains("r: role(\"r\").notNull().default(\"a\"),"), "{c}");
        assert!(c.contains("createdAt: timestamp(\"created_at\", { mode: \"date\", withTimezone: true }).notNull().defaultNow(),"), "{c}");
        // the constraint keeps its name (drizzle-kit would otherwise rename it)
        assert!(c.contains("foreignKey({ columns: [t.authorId], foreignColumns: [users.id], name: \"posts_author_id_fkey\" }).onDelete(\"cascade\")"), "{c}");
        let c2 = gen("CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE p (id int PRIMARY KEY, u_id int CONSTRAINT p_u_id_u_id_fk REFERENCES u(id) ON DELETE CASCADE);", Dialect::Postgres);
        assert!(c2.contains(".references((): AnyPgColumn => u.id, { onDelete: \"cascade\" })"), "{c2}");
        assert!(c.contains("index(\"posts_live\").on(t.authorId).where(sql`tags IS NOT NULL`)"), "{c}");
        assert!(c.contains("tags: text(\"tags\").array(),"), "{c}");
        assert!(c.contains("author: one(users, { fields: [posts.authorId], references: [users.id] }),"), "{c}");
        assert!(c.contains("posts: many(posts),"), "{c}");
        assert!(c.contains("export type NewPost = typeof posts.$inferInsert;"), "{c}");
    }

    #[test]
    fn composite_keys_and_other_dialects() {
        let c = gen("CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y) ON DELETE CASCADE);", Dialect::Sqlite);
        assert!(c.contains("from \"drizzle-orm/sqlite-core\""), "{c}");
        assert!(c.contains("primaryKey({ columns: [t.x, t.y] })"), "{c}");
        assert!(c.contains("foreignKey({ columns: [t.x, t.y], foreignColumns: [a.x, a.y] }).onDelete(\"cascade\")"), "{c}");
        let c = gen("CREATE TABLE t (id int unsigned AUTO_INCREMENT PRIMARY KEY, s enum('x','y') NOT NULL DEFAULT 'x');", Dialect::Mysql);
        assert!(c.contains("id: int(\"id\", { unsigned: true }).primaryKey().autoincrement(),"), "{c}");
        assert!(c.contains("s: mysqlEnum(\"s\", [\"x\", \"y\"]).notNull().default(\"x\"),"), "{c}");
        let c = gen("CREATE TABLE t (id int PRIMARY KEY, changed timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);", Dialect::Mysql);
        assert!(c.contains("changed: timestamp(\"changed\", { mode: \"date\" }).notNull().defaultNow().onUpdateNow(),"), "{c}");
    }

    #[test]
    fn composite_self_and_cyclic_keys_avoid_circular_types() {
        let c = gen(
            "CREATE TABLE a (t int, id int, up int, b_id int, PRIMARY KEY (t, id), FOREIGN KEY (t, up) REFERENCES a (t, id));
             CREATE TABLE b (t int, id int, a_id int, PRIMARY KEY (t, id), FOREIGN KEY (t, a_id) REFERENCES a (t, id));
             ALTER TABLE a ADD FOREIGN KEY (t, b_id) REFERENCES b (t, id);",
            Dialect::Postgres,
        );
        assert!(c.contains("foreignKey({ columns: [t.t, t.up], foreignColumns: [t.t, t.id], name: \"a_t_up_fkey\" })"), "{c}");
        assert!(c.contains("}, (t): PgTableExtraConfigValue[] => [\n  primaryKey({ columns: [t.t, t.id], name: \"a_pkey\" }),"), "{c}");
        let c = gen("CREATE TABLE m (id int PRIMARY KEY, at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3));", Dialect::Mysql);
        assert!(c.contains("at: datetime(\"at\", { mode: \"date\", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),"), "{c}");
    }

    #[test]
    fn hostile_sql_stays_inside_template_literals() {
        let c = gen("CREATE TABLE \"x`${y}\" (\"a\"\"b\" text DEFAULT ('`' || '${z}' || '\\'), CHECK (\"a\"\"b\" <> '*/'));", Dialect::Postgres);
        assert!(c.contains("sql`'\\`' || '\\${z}' || '\\\\'`"), "{c}");
        assert!(c.contains("check(\"x`${y}_check\", sql`\"a\"\"b\" <> '*/'`)"), "{c}");
        assert!(c.contains("pgTable(\"x`${y}\""), "{c}");
    }
}
