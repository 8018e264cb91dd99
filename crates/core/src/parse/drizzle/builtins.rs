//! Drizzle's own functions, read statically: table functions (`pgTable`, `pgSchema(...).table`,
//! `pgTableCreator`), enums, column builders and their modifier chains, the pieces of the
//! extra-config callback (`index`, `uniqueIndex`, `primaryKey`, `foreignKey`, `unique`, `check`,
//! `pgPolicy`), `sql` templates, and `relations(...)` with `one` / `many`.
//!
//! Contract: what Drizzle would do with a call is recorded in the reader's tables, enums and
//! values; a call whose arguments cannot be read becomes a warning at the argument, and the rest
//! of the table still imports. App-side defaults (`$defaultFn`, `$onUpdate`) are noted (info):
//! the database never sees them.

use super::eval::{EnumDef, Reader, TableDef};
use super::value::{ref_action, Builtin, ColRef, ColSpec, Default, IndexKey, Part, Relation, Value};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::model::RefAction;
use crate::span::Span;
use std::rc::Rc;

/// Call arguments (with an `undefined` to lend for the ones not given).
struct Args<'a> {
    list: Vec<(Value<'a>, Span)>,
    undefined: Value<'a>,
}

impl<'a> Args<'a> {
    fn new(list: Vec<(Value<'a>, Span)>) -> Args<'a> {
        Args { list, undefined: Value::Undefined }
    }
}

impl<'a> std::ops::Deref for Args<'a> {
    type Target = Vec<(Value<'a>, Span)>;
    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

const OTHER_NAMES: &[&str] = &[
    "defineConfig",
    "pgTable", "mysqlTable", "sqliteTable", "pgTableCreator", "mysqlTableCreator", "sqliteTableCreator", "pgSchema", "mysqlSchema", "pgEnum", "mysqlEnum", "customType", "index",
    "uniqueIndex", "primaryKey", "foreignKey", "unique", "check", "pgPolicy", "sql", "relations", "pgView", "pgMaterializedView", "mysqlView", "sqliteView", "pgSequence", "pgRole",
];

/// Whether `name` is something Drizzle exports that a schema uses (for modules that use it
/// without importing it, such as a pasted fragment).
pub(super) fn is_drizzle_name(name: &str) -> bool {
    OTHER_NAMES.contains(&name) || Dialect::ALL.iter().any(|d| super::types::builders(*d).contains(&name))
}

fn arg<'v, 'a>(args: &'v Args<'a>, i: usize) -> &'v Value<'a> {
    args.list.get(i).map(|(v, _)| v).unwrap_or(&args.undefined)
}

fn arg_span(args: &Args, i: usize, span: Span) -> Span {
    args.get(i).map(|(_, s)| *s).unwrap_or(span)
}

/// The dialect a builtin belongs to: its core module, else the schema's.
fn dialect_of(r: &Reader, b: &Builtin) -> Dialect {
    b.core.unwrap_or(r.dialect)
}

/// Calls a Drizzle export.
pub(super) fn call<'a>(r: &mut Reader<'a>, b: &Builtin, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
    let args = Args::new(args);
    let d = dialect_of(r, b);
    match b.name.as_str() {
        "pgTable" => table(r, Dialect::Postgres, None, args, span, false),
        "pgTable.withRLS" => table(r, Dialect::Postgres, None, args, span, true),
        "mysqlTable" => table(r, Dialect::Mysql, None, args, span, false),
        "sqliteTable" => table(r, Dialect::Sqlite, None, args, span, false),
        "pgTableCreator" | "mysqlTableCreator" | "sqliteTableCreator" => {
            let td = match b.name.as_str() {
                "pgTableCreator" => Dialect::Postgres,
                "mysqlTableCreator" => Dialect::Mysql,
                _ => Dialect::Sqlite,
            };
            match arg(&args, 0) {
                Value::Func(c) => Value::TableCreator(td, c.clone()),
                other => Value::unknown(arg_span(&args, 0, span), format!("{}: expected a function naming the tables, found {}", b.name, other.describe())),
            }
        }
        "pgSchema" | "mysqlSchema" => match arg(&args, 0) {
            Value::Str(s) => {
                r.schemas.push((s.clone(), span));
                Value::Schema(s.clone())
            }
            other => unknown_arg(r, other, arg_span(&args, 0, span), &b.name),
        },
        "pgEnum" => pg_enum(r, None, args, span),
        "mysqlEnum" => mysql_enum(r, args, span),
        "customType" => match arg(&args, 0) {
            Value::Obj(m) => Value::CustomType(m.clone(), d),
            other => Value::unknown(arg_span(&args, 0, span), format!("customType: expected its config object, found {}", other.describe())),
        },
        "index" | "uniqueIndex" => {
            let name = arg(&args, 0).as_str().map(str::to_string);
            Value::Part(Box::new(Part::Index { unique: b.name == "uniqueIndex", name, keys: Vec::new(), method: None, predicate: None, concurrently: false, span }))
        }
        "unique" => Value::Part(Box::new(Part::Unique { name: arg(&args, 0).as_str().map(str::to_string), cols: Vec::new(), nulls_not_distinct: false, span })),
        "primaryKey" => primary_key(r, args, span),
        "foreignKey" => foreign_key(r, args, span),
        "check" => match (arg(&args, 0), arg(&args, 1)) {
            (Value::Str(n), Value::Sql(e)) => Value::Part(Box::new(Part::Check { name: n.clone(), expression: e.clone(), span })),
            (Value::Str(_), other) => unknown_arg(r, other, arg_span(&args, 1, span), "check"),
            (other, _) => unknown_arg(r, other, arg_span(&args, 0, span), "check name"),
        },
        "pgPolicy" => policy(r, args, span),
        "sql.raw" => match arg(&args, 0) {
            Value::Str(s) => Value::Sql(s.clone()),
            other => Value::unknown(arg_span(&args, 0, span), format!("sql.raw of {}", other.describe())),
        },
        "sql" => Value::unknown(span, "sql called as a function"),
        "relations" => match (arg(&args, 0), arg(&args, 1)) {
            (Value::Table(t), Value::Func(c)) => {
                r.relations.push((*t, c.clone(), span));
                Value::Unknown(None)
            }
            (Value::Table(_), other) | (other, _) => {
                let s = arg_span(&args, if matches!(arg(&args, 0), Value::Table(_)) { 1 } else { 0 }, span);
                r.report_unknown(other, s, "relations(...) left out");
                Value::Unknown(None)
            }
        },
        "one" | "many" => relation(r, b.name == "one", args, span),
        "Object.values" | "Object.keys" => match arg(&args, 0) {
            Value::Obj(m) => {
                let keys = b.name == "Object.keys";
                Value::Arr(Rc::new(m.iter().map(|(k, v, _)| if keys { Value::Str(k.clone()) } else { v.clone() }).collect()))
            }
            u @ Value::Unknown(_) => u.clone(),
            other => Value::unknown(span, format!("{} of {}", b.name, other.describe())),
        },
        "pgView" | "pgMaterializedView" | "mysqlView" | "sqliteView" => super::views::view(r, None, b.name == "pgMaterializedView", args.first(), span),
        "unknown" => pulled_unknown_type(r, args, span),
        // drizzle.config.ts: `export default defineConfig({ ... casing })`
        "defineConfig" => arg(&args, 0).clone(),
        "pgSequence" => {
            if let Value::Str(n) = arg(&args, 0) {
                r.sequences.push((None, n.clone(), span));
            }
            Value::Unknown(None)
        }
        name if super::types::builders(d).contains(&name) => column(r, d, name, args, span),
        name if name.ends_with(".withRLS") || name.contains('.') => Value::unknown(span, format!("'{name}' is not a schema construct")),
        name => Value::unknown(span, format!("'{name}(...)' is not a schema construct the reader knows")),
    }
}

fn unknown_arg<'a>(r: &mut Reader<'a>, v: &Value<'a>, at: Span, what: &str) -> Value<'a> {
    match v {
        Value::Unknown(_) => v.clone(),
        other => {
            let _ = r;
            Value::unknown(at, format!("{what}: unexpected {}", other.describe()))
        }
    }
}

/// `pgTable(name, columns, extraConfig?)` (and the other table functions).
fn table<'a>(r: &mut Reader<'a>, d: Dialect, schema: Option<String>, args: Args<'a>, span: Span, rls: bool) -> Value<'a> {
    let name = match arg(&args, 0) {
        Value::Str(s) => s.clone(),
        other => {
            let at = arg_span(&args, 0, span);
            r.report_unknown(other, at, "table left out: its name cannot be read statically");
            return Value::Unknown(None);
        }
    };
    named_table(r, d, schema, name, args, span, rls)
}

fn named_table<'a>(r: &mut Reader<'a>, d: Dialect, schema: Option<String>, name: String, args: Args<'a>, span: Span, rls: bool) -> Value<'a> {
    if d != r.dialect {
        r.diag(Severity::Warning, span, format!("table '{name}' uses the {} table function in a {} schema", d.label(), r.dialect.label()));
    }
    let cols_arg = arg(&args, 1).clone();
    let cols_span = arg_span(&args, 1, span);
    // `pgTable("t", (t) => ({ id: t.integer() }))`: the callback gets the column builders.
    let cols_val = match &cols_arg {
        Value::Func(c) => r.invoke(c, vec![Value::Builtin(Builtin { name: "*".into(), core: Some(d) })], cols_span),
        other => other.clone(),
    };
    let mut cols: Vec<(String, ColSpec<'a>)> = Vec::new();
    match &cols_val {
        Value::Obj(members) => {
            for (key, v, mspan) in members.iter() {
                match v {
                    Value::Column(c) => {
                        let mut c = (**c).clone();
                        c.span = *mspan;
                        cols.retain(|(k, _)| k != key);
                        cols.push((key.clone(), c));
                    }
                    other => {
                        let label = if key.starts_with("...") || key.starts_with('?') { String::new() } else { format!(" '{key}'") };
                        r.report_unknown(other, *mspan, &format!("table '{name}': column{label} left out"));
                    }
                }
            }
        }
        other => r.report_unknown(other, cols_span, &format!("table '{name}': its columns cannot be read statically")),
    }
    let extra = args.get(2).map(|(v, _)| v.clone());
    r.tables.push(TableDef { name, schema, cols, extra, parts: Vec::new(), rls, span });
    Value::Table(r.tables.len() - 1)
}

/// A table made by a `pgTableCreator((name) => ...)` function.
pub(super) fn created_table<'a>(r: &mut Reader<'a>, d: Dialect, namer: &super::value::Closure<'a>, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
    let args = Args::new(args);
    let base = match arg(&args, 0) {
        Value::Str(s) => s.clone(),
        other => {
            r.report_unknown(other, arg_span(&args, 0, span), "table left out: its name cannot be read statically");
            return Value::Unknown(None);
        }
    };
    match r.invoke(namer, vec![Value::Str(base.clone())], span) {
        Value::Str(name) => named_table(r, d, None, name, args, span, false),
        other => {
            r.report_unknown(&other, span, &format!("table '{base}' left out: the table name function cannot be read statically"));
            Value::Unknown(None)
        }
    }
}

/// `pgEnum(name, values)` / `schema.enum(name, values)`.
fn pg_enum<'a>(r: &mut Reader<'a>, schema: Option<String>, args: Args<'a>, span: Span) -> Value<'a> {
    let Value::Str(name) = arg(&args, 0).clone() else {
        let v = arg(&args, 0).clone();
        r.report_unknown(&v, arg_span(&args, 0, span), "enum left out: its name cannot be read statically");
        return Value::Unknown(None);
    };
    let values = match string_list(arg(&args, 1)) {
        Ok(v) => v,
        Err(why) => {
            r.diag(Severity::Warning, arg_span(&args, 1, span), format!("enum '{name}': values cannot be read statically ({why})"));
            Vec::new()
        }
    };
    r.enums.push(EnumDef { schema, name, values, span });
    Value::Enum(r.enums.len() - 1)
}

/// The strings of an array, or of an object's values (a TS enum or `as const` object).
fn string_list(v: &Value) -> Result<Vec<String>, String> {
    let items: Vec<Value> = match v {
        Value::Arr(a) => a.iter().cloned().collect(),
        Value::Obj(m) => m.iter().map(|(_, v, _)| v.clone()).collect(),
        Value::Unknown(Some((_, why))) => return Err(why.clone()),
        other => return Err(format!("found {}", other.describe())),
    };
    items.into_iter().map(|x| x.as_str().map(str::to_string).ok_or_else(|| format!("found {}", x.describe()))).collect()
}

/// The `(name?, config?)` arguments of a column builder.
fn name_and_config<'a>(args: &Args<'a>) -> (Option<String>, Value<'a>) {
    match (arg(args, 0), arg(args, 1)) {
        (Value::Str(n), c) => (Some(n.clone()), c.clone()),
        (c @ Value::Obj(_), _) => (None, c.clone()),
        _ => (None, Value::Undefined),
    }
}

fn column<'a>(r: &mut Reader<'a>, d: Dialect, builder: &str, args: Args<'a>, span: Span) -> Value<'a> {
    let (name, cfg) = name_and_config(&args);
    let Some(sql_type) = super::types::sql_type(d, builder, &cfg) else {
        return Value::unknown(span, format!("'{builder}' is not a {} column type", d.label()));
    };
    let mut c = ColSpec::new(name, sql_type, span);
    c.mode = cfg.get("mode").and_then(Value::as_str).map(str::to_string);
    match (d, builder) {
        (Dialect::Postgres, "serial" | "bigserial" | "smallserial") => c.not_null = true,
        (Dialect::Mysql, "serial") => {
            c.not_null = true;
            c.autoincrement = true;
        }
        _ => {}
    }
    let _ = r;
    Value::Column(Box::new(c))
}

fn mysql_enum<'a>(r: &mut Reader<'a>, args: Args<'a>, span: Span) -> Value<'a> {
    let (name, list_at) = match arg(&args, 0) {
        Value::Str(n) => (Some(n.clone()), 1),
        _ => (None, 0),
    };
    match string_list(arg(&args, list_at)) {
        Ok(values) => {
            let quoted: Vec<String> = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
            let mut c = ColSpec::new(name, format!("enum({})", quoted.join(",")), span);
            c.mode = None;
            Value::Column(Box::new(c))
        }
        Err(why) => {
            let _ = r;
            Value::unknown(arg_span(&args, list_at, span), format!("mysqlEnum values cannot be read statically ({why})"))
        }
    }
}

/// `unknown("col")`, which `drizzle-kit pull` writes after a comment
/// `// TODO: failed to parse database type 'bytea'`: a column of that type.
fn pulled_unknown_type<'a>(r: &mut Reader<'a>, args: Args<'a>, span: Span) -> Value<'a> {
    let before = r.text.get(..span.start).unwrap_or("");
    let prev_line = before.trim_end_matches(|c: char| c != '\n').trim_end_matches('\n');
    let prev_line = prev_line.rsplit('\n').next().unwrap_or("");
    let marker = "failed to parse database type '";
    let ty = prev_line.find(marker).map(|p| &prev_line[p + marker.len()..]).and_then(|rest| rest.rfind('\'').map(|e| &rest[..e]));
    match ty {
        Some(ty) if !ty.is_empty() => {
            let (name, _) = name_and_config(&args);
            Value::Column(Box::new(ColSpec::new(name, ty.to_string(), span)))
        }
        _ => Value::unknown(span, "'unknown' is not defined (drizzle-kit pull writes it for a type it could not map)"),
    }
}

/// A column of a pgEnum: `role()` / `role("name")`.
pub(super) fn enum_column<'a>(r: &mut Reader<'a>, i: usize, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
    let args = Args::new(args);
    let (name, _) = name_and_config(&args);
    let e = &r.enums[i];
    let ty = super::types::enum_sql(e.schema.as_deref(), &e.name);
    let mut c = ColSpec::new(name, ty, span);
    c.enum_idx = Some(i);
    Value::Column(Box::new(c))
}

/// A column of a `customType({ dataType(config) { return "..." } })`.
pub(super) fn custom_column<'a>(r: &mut Reader<'a>, cfg_obj: &Rc<Vec<(String, Value<'a>, Span)>>, _d: Dialect, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
    let args = Args::new(args);
    let (name, cfg) = name_and_config(&args);
    let data_type = cfg_obj.iter().rev().find(|(k, _, _)| k == "dataType").map(|(_, v, _)| v.clone());
    let ty = match data_type {
        Some(Value::Func(f)) => r.invoke(&f, vec![cfg], span),
        Some(other) => other,
        None => Value::unknown(span, "customType without dataType"),
    };
    match ty {
        Value::Str(t) => Value::Column(Box::new(ColSpec::new(name, t, span))),
        other => match other {
            Value::Unknown(Some(_)) => other,
            _ => Value::unknown(span, format!("the custom type's dataType() gives {}", other.describe())),
        },
    }
}

fn primary_key<'a>(r: &mut Reader<'a>, args: Args<'a>, span: Span) -> Value<'a> {
    // `primaryKey({ columns: [...], name })` or the older `primaryKey(t.a, t.b)`.
    let (name, cols_v) = match arg(&args, 0) {
        Value::Obj(_) => (arg(&args, 0).get("name").and_then(Value::as_str).map(str::to_string), arg(&args, 0).get("columns").cloned().unwrap_or(Value::Undefined)),
        _ => (None, Value::Arr(Rc::new(args.iter().map(|(v, _)| v.clone()).collect()))),
    };
    match col_refs(&cols_v) {
        Ok(cols) => Value::Part(Box::new(Part::PrimaryKey { name, cols, span })),
        Err(v) => {
            let _ = r;
            unknown_or(v, span, "primaryKey columns")
        }
    }
}

fn foreign_key<'a>(r: &mut Reader<'a>, args: Args<'a>, span: Span) -> Value<'a> {
    // `foreignKey(() => ({ columns, foreignColumns, name }))` (drizzle-kit pull's self reference)
    let called = match arg(&args, 0) {
        Value::Func(f) => Some(r.invoke(&f.clone(), Vec::new(), span)),
        _ => None,
    };
    let cfg = called.as_ref().unwrap_or(arg(&args, 0));
    let name = cfg.get("name").and_then(Value::as_str).map(str::to_string);
    let cols = col_refs(cfg.get("columns").unwrap_or(&Value::Undefined));
    let foreign = col_refs(cfg.get("foreignColumns").unwrap_or(&Value::Undefined));
    match (cols, foreign) {
        (Ok(cols), Ok(foreign)) if cols.len() == foreign.len() && !cols.is_empty() => {
            Value::Part(Box::new(Part::ForeignKey { name, cols, foreign, on_delete: RefAction::NoAction, on_update: RefAction::NoAction, span }))
        }
        (Ok(_), Ok(_)) => Value::unknown(span, "foreignKey: columns and foreignColumns differ in length"),
        (Err(v), _) | (_, Err(v)) => {
            let _ = r;
            unknown_or(v, span, "foreignKey columns")
        }
    }
}

fn unknown_or<'a>(v: Value<'a>, span: Span, what: &str) -> Value<'a> {
    match v {
        Value::Unknown(Some(_)) => v,
        other => Value::unknown(span, format!("{what}: expected table columns, found {}", other.describe())),
    }
}

/// A list of `table.column` references.
fn col_refs<'a>(v: &Value<'a>) -> Result<Vec<ColRef>, Value<'a>> {
    match v {
        Value::Arr(items) => items.iter().map(|x| if let Value::ColRef(c) = x { Ok((**c).clone()) } else { Err(x.clone()) }).collect(),
        Value::ColRef(c) => Ok(vec![(**c).clone()]),
        other => Err(other.clone()),
    }
}

fn policy<'a>(r: &mut Reader<'a>, args: Args<'a>, span: Span) -> Value<'a> {
    let Value::Str(name) = arg(&args, 0).clone() else {
        return unknown_arg(r, &arg(&args, 0).clone(), arg_span(&args, 0, span), "pgPolicy name");
    };
    let cfg = arg(&args, 1);
    let permissive = cfg.get("as").and_then(Value::as_str) != Some("restrictive");
    let command = cfg.get("for").and_then(Value::as_str).unwrap_or("all").to_ascii_lowercase();
    let roles = match cfg.get("to") {
        Some(Value::Str(s)) => vec![s.clone()],
        Some(Value::Arr(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    let sql = |k: &str| match cfg.get(k) {
        Some(Value::Sql(s)) => Some(s.clone()),
        _ => None,
    };
    Value::Part(Box::new(Part::Policy { name, permissive, command, roles, using: sql("using"), with_check: sql("withCheck"), span }))
}

fn relation<'a>(r: &mut Reader<'a>, one: bool, args: Args<'a>, span: Span) -> Value<'a> {
    let Value::Table(target) = arg(&args, 0) else {
        return unknown_or(arg(&args, 0).clone(), span, "relation target");
    };
    let cfg = arg(&args, 1);
    let (fields, references) = if one {
        match (cfg.get("fields").map(col_refs), cfg.get("references").map(col_refs)) {
            (Some(Ok(f)), Some(Ok(rf))) => (f, rf),
            (Some(Err(v)), _) | (_, Some(Err(v))) => {
                r.report_unknown(&v, span, "relation left out");
                (Vec::new(), Vec::new())
            }
            _ => (Vec::new(), Vec::new()),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let name = cfg.get("relationName").and_then(Value::as_str).map(str::to_string);
    Value::Relation(Box::new(Relation { target: *target, fields, references, one, name, span, call: Span::default() }))
}

/// `sql\`...\``: the SQL text, column references quoted, strings inlined as literals.
pub(super) fn sql_template<'a>(r: &mut Reader<'a>, strings: &[String], vals: &[Value<'a>], span: Span) -> Value<'a> {
    let mut s = String::new();
    for (i, part) in strings.iter().enumerate() {
        s.push_str(part);
        let Some(v) = vals.get(i) else { continue };
        match v {
            Value::Sql(x) => s.push_str(x),
            Value::Str(x) => s.push_str(&format!("'{}'", x.replace('\'', "''"))),
            Value::Num(x) => s.push_str(x),
            Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
            Value::Null => s.push_str("null"),
            Value::ColRef(c) => {
                let name = column_name(r, c.table, &c.key);
                s.push_str(&quote(r.dialect, &name));
            }
            Value::Table(t) => {
                let name = r.tables[*t].name.clone();
                s.push_str(&quote(r.dialect, &name));
            }
            Value::Unknown(_) => return v.clone(),
            other => return Value::unknown(span, format!("sql`` holding {}", other.describe())),
        }
    }
    Value::Sql(s)
}

/// The database name of a table's column (its builder's name, else its key).
pub(super) fn column_name(r: &Reader, table: usize, key: &str) -> String {
    let given = r.tables.get(table).and_then(|t| t.cols.iter().find(|(k, _)| k == key)).and_then(|(_, c)| c.name.clone());
    given.unwrap_or_else(|| r.cased(key))
}

fn quote(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A method call on a Drizzle value (`col.notNull()`, `index().on(...)`, `t.col.desc()`,
/// `schema.table(...)`, ...).
pub(super) fn method<'a>(r: &mut Reader<'a>, recv: Value<'a>, name: &str, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
    let args = Args::new(args);
    match recv {
        Value::Column(c) => column_method(r, *c, name, args, span),
        Value::Part(p) => part_method(r, *p, name, args, span),
        Value::ColRef(mut c) => {
            match name {
                "asc" => c.desc = false,
                "desc" => c.desc = true,
                "nullsFirst" => c.nulls_first = Some(true),
                "nullsLast" => c.nulls_first = Some(false),
                "op" => c.opclass = arg(&args, 0).as_str().map(str::to_string),
                _ => return Value::unknown(span, format!("'.{name}()' on a column reference")),
            }
            Value::ColRef(c)
        }
        Value::Table(t) => match name {
            "enableRLS" => {
                r.tables[t].rls = true;
                Value::Table(t)
            }
            _ => Value::unknown(span, format!("'.{name}()' on a table")),
        },
        Value::Schema(s) => {
            let schema = Some(s.clone()).filter(|s| !(r.dialect == Dialect::Postgres && s == "public"));
            match name {
                "table" => match arg(&args, 0).clone() {
                    Value::Str(n) => named_table(r, r.dialect, schema, n, args, span, false),
                    other => {
                        r.report_unknown(&other, span, "table left out: its name cannot be read statically");
                        Value::Unknown(None)
                    }
                },
                "enum" => pg_enum(r, schema, args, span),
                "sequence" => {
                    if let Value::Str(n) = arg(&args, 0) {
                        r.sequences.push((schema, n.clone(), span));
                    }
                    Value::Unknown(None)
                }
                "view" | "materializedView" => super::views::view(r, schema, name == "materializedView", args.first(), span),
                _ => Value::unknown(span, format!("'.{name}()' on a schema")),
            }
        }
        Value::View(v) => super::views::method(r, *v, name, args.first(), span),
        Value::Sql(s) => match name {
            "inlineParams" | "mapWith" | "as" | "append" => Value::Sql(s),
            _ => Value::unknown(span, format!("'.{name}()' on sql``")),
        },
        Value::Str(s) => match name {
            "toLowerCase" => Value::Str(s.to_lowercase()),
            "toUpperCase" => Value::Str(s.to_uppercase()),
            "trim" => Value::Str(s.trim().to_string()),
            _ => Value::unknown(span, format!("'.{name}()' on a string")),
        },
        Value::Func(f) if name == "call" || name == "apply" => {
            let rest = args.list.into_iter().skip(1).map(|(v, _)| v).collect();
            r.invoke(&f, rest, span)
        }
        u @ Value::Unknown(_) => u,
        other => Value::unknown(span, format!("'.{name}()' on {}", other.describe())),
    }
}

fn column_method<'a>(r: &mut Reader<'a>, mut c: ColSpec<'a>, name: &str, args: Args<'a>, span: Span) -> Value<'a> {
    let d = r.dialect;
    match name {
        "notNull" => c.not_null = true,
        "primaryKey" => {
            c.primary = true;
            c.not_null = true;
            if matches!(arg(&args, 0).get("autoIncrement"), Some(Value::Bool(true))) {
                c.autoincrement = true;
            }
        }
        "default" => match default_of(arg(&args, 0)) {
            Ok(v) => c.default = Some(v),
            Err(why) => r.diag(Severity::Warning, arg_span(&args, 0, span), format!("default left out: {why}")),
        },
        "defaultNow" => {
            c.default = Some(Default::Sql(match d {
                Dialect::Mysql => "(now())".into(),
                _ => "now()".into(),
            }))
        }
        "defaultRandom" => c.default = Some(Default::Sql("gen_random_uuid()".into())),
        "$defaultFn" | "$default" | "$onUpdateFn" | "$onUpdate" => {
            let what = if name.contains("Update") { "on update" } else { "default" };
            r.diag(Severity::Info, span, format!("{name}: an app-side {what} computed by Drizzle, not by the database (the column has no database {what})"));
        }
        "unique" => {
            let uname = arg(&args, 0).as_str().map(str::to_string);
            let nnd = arg(&args, 1).get("nulls").and_then(Value::as_str) == Some("not distinct");
            c.unique = Some((uname, nnd));
        }
        "references" => match arg(&args, 0) {
            Value::Func(f) => {
                let opts = arg(&args, 1);
                let act = |k: &str| opts.get(k).and_then(Value::as_str).and_then(ref_action).unwrap_or(RefAction::NoAction);
                c.refs.push((f.clone(), act("onDelete"), act("onUpdate"), span));
            }
            other => {
                let other = other.clone();
                r.report_unknown(&other, arg_span(&args, 0, span), "references(...) left out: expected a function returning a column");
            }
        },
        "array" => c.dims = c.dims.saturating_add(1),
        "generatedAlwaysAsIdentity" | "generatedByDefaultAsIdentity" => {
            c.identity = Some(name == "generatedAlwaysAsIdentity");
            c.not_null = true;
        }
        "generatedAlwaysAs" => {
            let expr = match arg(&args, 0) {
                Value::Sql(s) => Some(s.clone()),
                Value::Func(f) => match r.invoke(&f.clone(), Vec::new(), span) {
                    Value::Sql(s) => Some(s),
                    _ => None,
                },
                Value::Str(s) | Value::Num(s) => Some(s.clone()),
                _ => None,
            };
            let stored = d == Dialect::Postgres || arg(&args, 1).get("mode").and_then(Value::as_str) == Some("stored");
            match expr {
                Some(e) => c.generated = Some((e, stored)),
                None => r.diag(Severity::Warning, arg_span(&args, 0, span), "generatedAlwaysAs: the expression cannot be read statically; left out"),
            }
        }
        "autoincrement" => c.autoincrement = true,
        "onUpdateNow" => c.on_update_now = true,
        "$type" | "$onUpdateFn_" | "setName" | "$comment" => {}
        _ => {
            r.diag(Severity::Warning, span, format!("'.{name}()' is not a column modifier the reader knows; ignored"));
        }
    }
    Value::Column(Box::new(c))
}

/// A `.default(value)` argument.
fn default_of(v: &Value) -> Result<Default, String> {
    Ok(match v {
        Value::Sql(s) => Default::Sql(s.clone()),
        Value::Str(s) => Default::Str(s.clone()),
        Value::Num(n) => Default::Num(n.clone()),
        Value::Bool(b) => Default::Bool(*b),
        Value::Null => Default::Sql("null".into()),
        Value::Obj(_) | Value::Arr(_) => Default::Json { json: to_json(v).ok_or("the value is not plain JSON")?, pg_array: pg_array(v) },
        Value::Unknown(Some((_, why))) => return Err(why.clone()),
        other => return Err(format!("{} cannot be a default", other.describe())),
    })
}

/// A JS array as a PostgreSQL array literal (drizzle-kit's `buildArrayString`): `{1,"a",{2}}`.
fn pg_array(v: &Value) -> Option<String> {
    let Value::Arr(items) = v else { return None };
    let parts: Option<Vec<String>> = items
        .iter()
        .map(|x| match x {
            Value::Num(n) => Some(n.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Str(s) => Some(format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))),
            Value::Arr(_) => pg_array(x),
            Value::Obj(_) => to_json(x).map(|j| format!("\"{}\"", j.replace('"', "\\\""))),
            _ => None,
        })
        .collect();
    Some(format!("{{{}}}", parts?.join(",")))
}

/// `JSON.stringify` of a plain value.
fn to_json(v: &Value) -> Option<String> {
    Some(match v {
        Value::Str(s) => serde_json::to_string(s).ok()?,
        Value::Num(n) => n.parse::<f64>().ok().map(|_| n.clone())?,
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Arr(a) => format!("[{}]", a.iter().map(to_json).collect::<Option<Vec<_>>>()?.join(",")),
        Value::Obj(m) => {
            let parts: Option<Vec<String>> = m.iter().filter(|(_, v, _)| !matches!(v, Value::Undefined)).map(|(k, v, _)| Some(format!("{}:{}", serde_json::to_string(k).ok()?, to_json(v)?))).collect();
            format!("{{{}}}", parts?.join(","))
        }
        _ => return None,
    })
}

fn part_method<'a>(r: &mut Reader<'a>, mut p: Part, name: &str, args: Args<'a>, span: Span) -> Value<'a> {
    let keys = |args: &Args<'a>| -> Result<Vec<IndexKey>, Value<'a>> {
        args.iter()
            .map(|(v, s)| match v {
                Value::ColRef(c) => Ok(IndexKey::Col((**c).clone())),
                Value::Sql(e) => Ok(IndexKey::Expr(e.clone())),
                Value::Unknown(Some(_)) => Err(v.clone()),
                other => Err(Value::unknown(*s, format!("an index key must be a column or sql``, found {}", other.describe()))),
            })
            .collect()
    };
    match (&mut p, name) {
        (Part::Index { keys: k, .. }, "on" | "onOnly") => match keys(&args) {
            Ok(v) => *k = v,
            Err(v) => return v,
        },
        (Part::Index { keys: k, method, .. }, "using") => {
            *method = arg(&args, 0).as_str().map(|m| m.to_ascii_lowercase());
            // pg-core: `.using("gin", t.col)` names the keys; mysql-core: `.on(...).using("btree")`.
            if args.len() > 1 {
                match keys(&Args::new(args.iter().skip(1).cloned().collect())) {
                    Ok(v) => *k = v,
                    Err(v) => return v,
                }
            }
        }
        (Part::Index { predicate, .. }, "where") => match arg(&args, 0) {
            Value::Sql(s) => *predicate = Some(s.clone()),
            other => return unknown_or(other.clone(), span, "index where"),
        },
        (Part::Index { concurrently, .. }, "concurrently") => *concurrently = true,
        (Part::Index { .. }, "with" | "tablespace" | "lock" | "algorithm") => {}
        (Part::Unique { cols, .. }, "on") => match col_refs(&Value::Arr(Rc::new(args.iter().map(|(v, _)| v.clone()).collect()))) {
            Ok(v) => *cols = v,
            Err(v) => return unknown_or(v, span, "unique columns"),
        },
        (Part::Unique { nulls_not_distinct, .. }, "nullsNotDistinct") => *nulls_not_distinct = true,
        (Part::ForeignKey { on_delete, .. }, "onDelete") => *on_delete = arg(&args, 0).as_str().and_then(ref_action).unwrap_or(RefAction::NoAction),
        (Part::ForeignKey { on_update, .. }, "onUpdate") => *on_update = arg(&args, 0).as_str().and_then(ref_action).unwrap_or(RefAction::NoAction),
        (Part::Policy { .. }, "link") => {
            if let Value::Table(t) = arg(&args, 0) {
                let t = *t;
                r.tables[t].parts.push(p);
                return Value::Unknown(None);
            }
        }
        _ => return Value::unknown(span, format!("'.{name}()' is not known here")),
    }
    Value::Part(Box::new(p))
}
