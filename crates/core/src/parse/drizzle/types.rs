//! The SQL type each Drizzle column builder writes, from its config object: the text of
//! Drizzle's own `getSQLType()` (drizzle-orm 0.45, `pg-core` / `mysql-core` / `sqlite-core`
//! `columns/*.ts`). The text then goes through [`crate::parse::parse_type`], the one type reader.

use super::value::Value;
use crate::dialect::Dialect;

/// The column builders of each core module (`customType` and the enums are handled apart).
pub(super) const PG_BUILDERS: &[&str] = &[
    "bigint", "bigserial", "boolean", "char", "cidr", "date", "doublePrecision", "inet", "integer", "interval", "json", "jsonb", "line", "macaddr", "macaddr8", "numeric",
    "decimal", "point", "geometry", "real", "serial", "smallint", "smallserial", "text", "time", "timestamp", "uuid", "varchar", "bit", "halfvec", "sparsevec", "vector",
];
pub(super) const MYSQL_BUILDERS: &[&str] = &[
    "bigint", "binary", "boolean", "char", "date", "datetime", "decimal", "double", "float", "int", "json", "mediumint", "real", "serial", "smallint", "text", "time",
    "timestamp", "tinyint", "varbinary", "varchar", "year", "longtext", "mediumtext", "tinytext",
];
pub(super) const SQLITE_BUILDERS: &[&str] = &["blob", "integer", "int", "numeric", "real", "text"];

pub(super) fn builders(d: Dialect) -> &'static [&'static str] {
    match d {
        Dialect::Postgres => PG_BUILDERS,
        Dialect::Mysql => MYSQL_BUILDERS,
        Dialect::Sqlite => SQLITE_BUILDERS,
    }
}

/// `(n)` when the config gives `key`.
fn paren(cfg: &Value, key: &str) -> String {
    cfg.get(key).and_then(Value::as_u32).map(|n| format!("({n})")).unwrap_or_default()
}

fn precision_scale(cfg: &Value, sep: &str) -> String {
    match (cfg.get("precision").and_then(Value::as_u32), cfg.get("scale").and_then(Value::as_u32)) {
        (Some(p), Some(s)) => format!("({p}{sep}{s})"),
        (Some(p), None) => format!("({p})"),
        _ => String::new(),
    }
}

fn flag(cfg: &Value, key: &str) -> bool {
    matches!(cfg.get(key), Some(Value::Bool(true)))
}

/// The SQL type text of `builder` under `d` with config `cfg` (an object, or undefined), or `None`
/// when the builder is not one of the dialect's.
pub(super) fn sql_type(d: Dialect, builder: &str, cfg: &Value) -> Option<String> {
    if !builders(d).contains(&builder) {
        return None;
    }
    let unsigned = if flag(cfg, "unsigned") { " unsigned" } else { "" };
    let tz = if flag(cfg, "withTimezone") { " with time zone" } else { "" };
    Some(match (d, builder) {
        (Dialect::Postgres, "doublePrecision") => "double precision".into(),
        (Dialect::Postgres, "numeric" | "decimal") => match (cfg.get("precision").and_then(Value::as_u32), cfg.get("scale").and_then(Value::as_u32)) {
            (Some(p), Some(s)) => format!("numeric({p}, {s})"),
            (Some(p), None) => format!("numeric({p})"),
            _ => "numeric".into(),
        },
        (Dialect::Postgres, "char" | "varchar") => format!("{builder}{}", paren(cfg, "length")),
        (Dialect::Postgres, "timestamp") => format!("timestamp{}{tz}", cfg.get("precision").and_then(Value::as_u32).map(|p| format!(" ({p})")).unwrap_or_default()),
        (Dialect::Postgres, "time") => format!("time{}{tz}", paren(cfg, "precision")),
        (Dialect::Postgres, "interval") => {
            let fields = cfg.get("fields").and_then(Value::as_str).map(|f| format!(" {f}")).unwrap_or_default();
            format!("interval{fields}{}", paren(cfg, "precision"))
        }
        (Dialect::Postgres, "geometry") => {
            let ty = cfg.get("type").and_then(Value::as_str).unwrap_or("point");
            match cfg.get("srid").and_then(Value::as_u32) {
                Some(srid) => format!("geometry({ty},{srid})"),
                None => format!("geometry({ty})"),
            }
        }
        (Dialect::Postgres, "bit" | "halfvec" | "sparsevec" | "vector") => format!("{builder}{}", paren(cfg, "dimensions")),
        (Dialect::Mysql, "bigint" | "int" | "mediumint" | "smallint" | "tinyint") => format!("{builder}{unsigned}"),
        (Dialect::Mysql, "binary" | "char" | "varbinary" | "varchar") => format!("{builder}{}", paren(cfg, "length")),
        (Dialect::Mysql, "datetime" | "time" | "timestamp") => format!("{builder}{}", paren(cfg, "fsp")),
        (Dialect::Mysql, "decimal") => format!("decimal{}{unsigned}", precision_scale(cfg, ",")),
        (Dialect::Mysql, "double" | "float") => format!("{builder}{}{unsigned}", precision_scale(cfg, ",")),
        (Dialect::Mysql, "real") => format!("real{}", precision_scale(cfg, ", ")),
        (Dialect::Sqlite, "int") => "integer".into(),
        (Dialect::Sqlite, "text") if cfg.get("mode").and_then(Value::as_str) == Some("json") => "text".into(),
        (Dialect::Sqlite, "text") => format!("text{}", paren(cfg, "length")),
        (_, b) => b.to_string(),
    })
}

/// The SQL type of a column of a pgEnum (`"mood"`, `"app"."mood"`).
pub(crate) fn enum_sql(schema: Option<&str>, name: &str) -> String {
    let ident = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    match schema {
        Some(s) if s != "public" => format!("{}.{}", ident(s), ident(name)),
        _ => ident(name),
    }
}

/// A column builder and its config, as [`builder_for`] finds it.
pub(crate) struct BuilderFor {
    pub builder: &'static str,
    /// Config members as TypeScript values (`("length", "255")`).
    pub config: Vec<(&'static str, String)>,
    /// How many `.array()` calls follow.
    pub dims: u8,
    /// The SQL type it writes (Drizzle's spelling).
    pub sql: String,
}

/// The column builder that writes `sql` (a type in `d`'s spelling): the builder, its config
/// members, the `.array()` calls and Drizzle's spelling of the type — found by running
/// [`sql_type`] backwards over the config members the type's numbers and words can fill, and
/// comparing what [`crate::parse::parse_type`] reads. `None`: no builder of the core module
/// writes that type.
pub(crate) fn builder_for(d: Dialect, sql: &str) -> Option<BuilderFor> {
    let want = crate::parse::parse_type(d, sql)?;
    let base = sql.trim().trim_end_matches("[]").trim();
    let nums: Vec<u32> = base.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    let lower = base.to_ascii_lowercase();
    let mut flags: Vec<Vec<(&'static str, Value<'static>)>> = vec![Vec::new()];
    if lower.contains("time zone") || lower.contains("tz") {
        flags.push(vec![("withTimezone", Value::Bool(true))]);
    }
    if lower.contains("unsigned") {
        flags.push(vec![("unsigned", Value::Bool(true))]);
    }
    let n = |i: usize| nums.get(i).map(|x| Value::Num(x.to_string()));
    let mut sized: Vec<Vec<(&'static str, Value<'static>)>> = vec![Vec::new()];
    for key in ["length", "precision", "fsp", "dimensions"] {
        sized.extend(n(0).map(|v| vec![(key, v)]));
    }
    if let (Some(p), Some(s)) = (n(0), n(1)) {
        sized.push(vec![("precision", p), ("scale", s)]);
    }
    // a builder that writes the type as asked first (MySQL's `real`, not `double`), then one
    // that writes the same type
    let exact = |t: &crate::model::DataType| t.kind == want.kind && t.spelling == want.spelling.trim_end_matches("[]");
    let same = |t: &crate::model::DataType| t.kind == want.kind;
    let tests: [&dyn Fn(&crate::model::DataType) -> bool; 2] = [&exact, &same];
    for test in tests {
    for b in builders(d) {
        for f in &flags {
            for z in &sized {
                let members: Vec<(String, Value<'static>, crate::span::Span)> = z.iter().chain(f.iter()).map(|(k, v)| (k.to_string(), v.clone(), crate::span::Span::default())).collect();
                let Some(text) = sql_type(d, b, &Value::obj(members)) else { continue };
                if crate::parse::parse_type(d, &text).is_some_and(|t| test(&t)) {
                    let cfg = z.iter().chain(f.iter()).map(|(k, v)| (*k, match v { Value::Num(x) => x.clone(), _ => "true".to_string() })).collect();
                    return Some(BuilderFor { builder: b, config: cfg, dims: want.array_dims, sql: format!("{text}{}", "[]".repeat(want.array_dims.into())) });
                }
            }
        }
    }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn cfg(pairs: &[(&str, Value<'static>)]) -> Value<'static> {
        Value::obj(pairs.iter().map(|(k, v)| (k.to_string(), v.clone(), Span::default())).collect())
    }

    fn n(x: u32) -> Value<'static> {
        Value::Num(x.to_string())
    }

    #[test]
    fn types_as_drizzle_writes_them() {
        let none = Value::Undefined;
        assert_eq!(sql_type(Dialect::Postgres, "doublePrecision", &none).unwrap(), "double precision");
        assert_eq!(sql_type(Dialect::Postgres, "varchar", &cfg(&[("length", n(255))])).unwrap(), "varchar(255)");
        assert_eq!(sql_type(Dialect::Postgres, "numeric", &cfg(&[("precision", n(10)), ("scale", n(2))])).unwrap(), "numeric(10, 2)");
        assert_eq!(sql_type(Dialect::Postgres, "timestamp", &cfg(&[("precision", n(3)), ("withTimezone", Value::Bool(true))])).unwrap(), "timestamp (3) with time zone");
        assert_eq!(sql_type(Dialect::Postgres, "vector", &cfg(&[("dimensions", n(1536))])).unwrap(), "vector(1536)");
        assert_eq!(sql_type(Dialect::Mysql, "int", &cfg(&[("unsigned", Value::Bool(true))])).unwrap(), "int unsigned");
        assert_eq!(sql_type(Dialect::Mysql, "decimal", &cfg(&[("precision", n(10)), ("scale", n(2))])).unwrap(), "decimal(10,2)");
        assert_eq!(sql_type(Dialect::Mysql, "datetime", &cfg(&[("fsp", n(3))])).unwrap(), "datetime(3)");
        assert_eq!(sql_type(Dialect::Sqlite, "int", &none).unwrap(), "integer");
        assert_eq!(sql_type(Dialect::Sqlite, "text", &cfg(&[("length", n(12))])).unwrap(), "text(12)");
        assert_eq!(sql_type(Dialect::Sqlite, "uuid", &none), None);
        assert_eq!(sql_type(Dialect::Mysql, "jsonb", &none), None);
    }

    #[test]
    fn every_builder_type_is_read_by_the_type_reader() {
        for d in Dialect::ALL {
            for b in builders(d) {
                let t = sql_type(d, b, &Value::Undefined).unwrap();
                assert!(crate::parse::parse_type(d, &t).is_some(), "{d:?} {b}: {t}");
            }
        }
    }
}
