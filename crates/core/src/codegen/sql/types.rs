//! Column types in the target, mapped from the model's [`TypeKind`] (behind the column's domains);
//! a schema generated for its own dialect keeps the types as written.

use super::{ident, string_lit, Gen};
use crate::model::{Column, DataType, Network, Schema, TextKind, TypeKind};
use crate::Dialect;

/// Extension types the generator can install (type name → extension).
const PG_EXTENSION_TYPES: &[(&str, &str)] = &[("citext", "citext"), ("hstore", "hstore"), ("ltree", "ltree"), ("cube", "cube")];

/// The extension a PostgreSQL type comes from, when the generator can install it.
fn pg_extension_of(k: &TypeKind) -> Option<(&'static str, &'static str)> {
    let name = match k {
        TypeKind::Text(TextKind::Citext) => "citext",
        TypeKind::Named(q) => q.name.as_str(),
        _ => return None,
    };
    PG_EXTENSION_TYPES.iter().find(|(t, _)| *t == name).copied()
}

/// The name of an unmapped type, for warnings.
fn unmapped_name(k: &TypeKind) -> String {
    match k {
        TypeKind::Other(n) => n.clone(),
        TypeKind::Named(q) => q.to_string(),
        TypeKind::Bit { varying: false, .. } => "bit".into(),
        TypeKind::Bit { varying: true, .. } => "bit varying".into(),
        TypeKind::Text(TextKind::Citext) => "citext".into(),
        TypeKind::Text(TextKind::Name) => "name".into(),
        TypeKind::Network(Network::MacAddr8) => "macaddr8".into(),
        _ => String::new(),
    }
}

/// The values of the enum a (domain-resolved) column type is: a PostgreSQL enum type's, or a
/// MySQL inline `ENUM(...)`'s.
pub(super) fn enum_values<'a>(schema: &'a Schema, rt: &'a DataType) -> Option<&'a [String]> {
    match &rt.kind {
        TypeKind::Enum(v) => Some(v),
        _ => schema.enum_of(rt).map(|i| schema.enums[i].values.as_slice()),
    }
}

/// A MySQL `TIMESTAMP` read from MySQL: stored as UTC, shown in the session zone, 0 fractional
/// digits by default.
pub(super) fn native_mysql_timestamp(from: Dialect, k: &TypeKind) -> bool {
    from == Dialect::Mysql && matches!(k, TypeKind::Timestamp { tz: true, .. })
}

/// Fractional-second digits of a timestamp for MySQL's `CURRENT_TIMESTAMP(p)` (its default
/// precision: 6 for a datetime, 0 for a native MySQL timestamp).
pub(super) fn ts_fsp(from: Dialect, k: &TypeKind) -> u32 {
    match k {
        TypeKind::Timestamp { precision, .. } if native_mysql_timestamp(from, k) => precision.unwrap_or(0).min(6),
        TypeKind::Timestamp { precision, .. } => precision.unwrap_or(6).min(6),
        _ => 0,
    }
}

pub(super) fn is_temporal(k: &TypeKind) -> bool {
    matches!(k, TypeKind::Date | TypeKind::Time { .. } | TypeKind::Timestamp { .. })
}

/// `(p,s)` / `(p)` with the precision clamped to `1..=max_p` and the scale to the precision.
fn num_params(p: Option<u32>, s: Option<i32>, max_p: u32) -> String {
    match (p, s.and_then(|s| u32::try_from(s).ok())) {
        (Some(p), Some(s)) => {
            let p = p.clamp(1, max_p);
            format!("({p},{})", s.min(p).min(30))
        }
        (Some(p), None) => format!("({})", p.clamp(1, max_p)),
        _ => String::new(),
    }
}

/// Fractional-second precision, at most 6.
fn fsp(p: Option<u32>) -> Option<u32> {
    p.map(|n| n.min(6))
}

/// A declared length, when there is one.
fn length(p: Option<u32>) -> Option<u32> {
    p.filter(|n| *n > 0)
}

/// A type in the target: a type name, or `text` with a CHECK on the enum's values.
enum Mapped {
    Type(String),
    TextWithCheck(Vec<String>),
}

/// What the per-dialect mappings know of the column.
struct Cx<'c> {
    ti: usize,
    col: &'c Column,
    /// The type behind the column's domains.
    dt: &'c DataType,
    label: String,
    /// The column takes part in a key (MySQL needs a bounded type there).
    keyed: bool,
    enum_index: Option<usize>,
    boolean: bool,
}

impl Gen<'_> {
    pub(super) fn enum_type_name(&self, ei: usize) -> String {
        let e = &self.schema.enums[ei];
        match self.out_schema(&e.schema) {
            Some(s) => format!("{}.{}", ident(self.to, &s), ident(self.to, &e.name)),
            None => ident(self.to, &e.name),
        }
    }

    /// The column's type behind its domains (the spelling kept for the source dialect, with the
    /// column's array dimensions), and how many domains were followed.
    pub(super) fn base_type(&self, col: &Column) -> (DataType, usize) {
        let mut dt = col.data_type.clone();
        let mut hops = 0;
        while let Some(d) = self.schema.domain_of(&dt).filter(|_| hops < 8) {
            let dims = dt.array_dims;
            dt = d.data_type.clone();
            if dims > 0 && dt.array_dims == 0 {
                dt.array_dims = dims;
                dt.spelling.push_str(&"[]".repeat(dims as usize));
            }
            hops += 1;
        }
        (dt, hops)
    }

    /// The column's type in the target (without NOT NULL etc.), plus whether an enum CHECK is needed (SQLite).
    pub(super) fn render_type(&mut self, ti: usize, col: &Column) -> (String, Option<Vec<String>>) {
        let t = &self.schema.tables[ti];
        let dims = col.data_type.array_dims;
        let to = self.to;
        let label = format!("{}.{}", self.label(t), col.name);
        // A domain is generated as its base type (followed through nested domains).
        let (dt, hops) = self.base_type(col);
        if hops > 0 {
            self.warn(format!("{label}: domain {} generated as its base type {}", col.data_type.spelling.trim_end_matches("[]"), dt.spelling));
        }
        let cx = Cx { ti, col, dt: &dt, label, keyed: self.is_keyed(ti, &col.name), enum_index: self.schema.enum_of(&dt), boolean: dt.kind.is_boolean(self.from) };
        // Same dialect: keep the spelling for known types.
        if self.from == to {
            return (self.same_dialect_type(&cx, dims), None);
        }
        if dims > 0 && to != Dialect::Postgres {
            self.warn(format!("{}: arrays are not supported by {}; generated as {}", cx.label, to.label(), if to == Dialect::Mysql { "json" } else { "text (JSON)" }));
            return (if to == Dialect::Mysql { "json".into() } else { "text".into() }, None);
        }
        let mapped = match to {
            Dialect::Postgres => self.postgres_type(&cx),
            Dialect::Mysql => self.mysql_type(&cx),
            Dialect::Sqlite => self.sqlite_type(&cx),
        };
        match mapped {
            Mapped::Type(s) => (format!("{s}{}", "[]".repeat(dims as usize)), None),
            Mapped::TextWithCheck(vals) => ("text".into(), Some(vals)),
        }
    }

    /// The type as written, for a schema generated for its own dialect (types PostgreSQL would not
    /// know without this schema's extensions or definitions become `text`).
    fn same_dialect_type(&mut self, cx: &Cx, dims: u8) -> String {
        let (to, dt) = (self.to, cx.dt);
        let k = &dt.kind;
        match k {
            TypeKind::Named(_) if cx.enum_index.is_some() && to == Dialect::Postgres => format!("{}{}", self.enum_type_name(cx.enum_index.unwrap_or(0)), "[]".repeat(dims as usize)),
            TypeKind::Named(_) | TypeKind::Unspecified | TypeKind::Text(TextKind::Citext) if to == Dialect::Postgres => {
                if let Some((name, ext)) = pg_extension_of(k) {
                    self.extensions.insert(ext);
                    return format!("{name}{}", "[]".repeat(dims as usize));
                }
                self.warn(format!("{}: type {} is not defined in this schema; generated as text", cx.label, dt.spelling));
                format!("text{}", "[]".repeat(dims as usize))
            }
            _ if to == Dialect::Sqlite => {
                let sp = &dt.spelling;
                if sp.chars().all(|c| c.is_ascii_alphanumeric() || " (),_".contains(c)) {
                    sp.clone()
                } else {
                    "text".into()
                }
            }
            _ => dt.spelling.clone(),
        }
    }

    fn postgres_type(&mut self, cx: &Cx) -> Mapped {
        let (k, label) = (&cx.dt.kind, &cx.label);
        Mapped::Type(match k {
            _ if cx.boolean => "boolean".into(),
            TypeKind::Int { bytes, unsigned, .. } => match (bytes, unsigned) {
                (1 | 2, false) | (1, true) => "smallint".into(),
                (2..=4, _) if !(*bytes == 4 && *unsigned) => "integer".into(),
                (4, true) | (8, false) => "bigint".into(),
                _ => "numeric(20)".into(),
            },
            TypeKind::Decimal { precision, scale, .. } => format!("numeric{}", num_params(*precision, *scale, 1000)),
            TypeKind::Float { bytes: 4, .. } => "real".into(),
            TypeKind::Float { .. } => "double precision".into(),
            TypeKind::Char { length: l } => match length(*l) {
                Some(n) => format!("char({})", n.min(10_485_760)),
                None => "char(1)".into(),
            },
            TypeKind::VarChar { length: l } => match length(*l) {
                Some(n) => format!("varchar({})", n.min(10_485_760)),
                None => "varchar".into(),
            },
            TypeKind::Text(TextKind::Text | TextKind::Tiny | TextKind::Medium | TextKind::Long | TextKind::Clob) => "text".into(),
            TypeKind::Binary(_) => "bytea".into(),
            TypeKind::Uuid => "uuid".into(),
            TypeKind::Json { binary: false } => "json".into(),
            TypeKind::Json { binary: true } => "jsonb".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { tz: false, .. } => "time".into(),
            TypeKind::Time { tz: true, .. } => "timetz".into(),
            TypeKind::Timestamp { precision, tz: false } => fsp(*precision).map_or("timestamp".into(), |p| format!("timestamp({p})")),
            TypeKind::Timestamp { precision, tz: true } => fsp(*precision).map_or("timestamptz".into(), |p| format!("timestamptz({p})")),
            TypeKind::Interval { .. } => "interval".into(),
            TypeKind::Year => "smallint".into(),
            TypeKind::Named(_) if cx.enum_index.is_some() => self.enum_type_name(cx.enum_index.unwrap_or(0)),
            TypeKind::Enum(vals) => match self.inline_enum_types.get(&(cx.ti, cx.col.name.clone())) {
                Some(n) => ident(self.to, n),
                None => return Mapped::TextWithCheck(vals.clone()),
            },
            TypeKind::Set(_) => {
                self.warn(format!("{label}: SET type generated as text (PostgreSQL has no SET type)"));
                "text".into()
            }
            TypeKind::Network(Network::Inet | Network::Cidr | Network::MacAddr) => "inet".into(),
            TypeKind::Money => "numeric(19,4)".into(),
            _ if *k == TypeKind::Unspecified && self.from == Dialect::Sqlite => "text".into(),
            k => {
                self.warn(format!("{label}: type {} has no PostgreSQL equivalent here; generated as text", unmapped_name(k)));
                "text".into()
            }
        })
    }

    fn mysql_type(&mut self, cx: &Cx) -> Mapped {
        let (to, from) = (self.to, self.from);
        let (k, label, keyed) = (&cx.dt.kind, &cx.label, cx.keyed);
        let or_text = |keyed: bool| -> String { if keyed { "varchar(255)".into() } else { "text".into() } };
        Mapped::Type(match k {
            _ if cx.boolean => "tinyint(1)".into(),
            TypeKind::Int { bytes, unsigned, .. } => {
                let base = match bytes {
                    1 => "tinyint",
                    2 => "smallint",
                    3 => "mediumint",
                    4 => "int",
                    _ => "bigint",
                };
                if *unsigned {
                    format!("{base} unsigned")
                } else {
                    base.into()
                }
            }
            TypeKind::Decimal { precision, scale, .. } => {
                let n = num_params(*precision, *scale, 65);
                if n.is_empty() {
                    "decimal(65,30)".into()
                } else {
                    format!("decimal{n}")
                }
            }
            TypeKind::Float { bytes: 4, .. } => "float".into(),
            TypeKind::Float { .. } => "double".into(),
            TypeKind::Char { length: l } => match length(*l) {
                Some(n) if n <= 255 => format!("char({n})"),
                Some(n) if keyed => format!("varchar({})", n.min(768)),
                Some(_) => "text".into(),
                None => "char(1)".into(),
            },
            TypeKind::VarChar { length: l } => match length(*l) {
                Some(n) if n <= 255 => format!("varchar({n})"),
                Some(n) if keyed => {
                    if n > 768 {
                        self.warn(format!("{label}: varchar({n}) in a key generated as varchar(768) (InnoDB key length limit)"));
                    }
                    format!("varchar({})", n.min(768))
                }
                Some(_) => "text".into(),
                None => or_text(keyed),
            },
            TypeKind::Text(TextKind::Text | TextKind::Tiny | TextKind::Medium | TextKind::Long | TextKind::Clob) => or_text(keyed),
            TypeKind::Binary(_) if keyed => "varbinary(255)".into(),
            TypeKind::Binary(_) => "longblob".into(),
            TypeKind::Uuid => "char(36)".into(),
            TypeKind::Json { .. } => "json".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { .. } => "time(6)".into(),
            TypeKind::Timestamp { precision, .. } if native_mysql_timestamp(from, k) => fsp(*precision).map_or("timestamp".into(), |p| format!("timestamp({p})")),
            TypeKind::Timestamp { precision, .. } => format!("datetime({})", fsp(*precision).unwrap_or(6)),
            TypeKind::Interval { .. } => {
                self.warn(format!("{label}: interval has no MySQL type; generated as varchar(64)"));
                "varchar(64)".into()
            }
            TypeKind::Year => "year".into(),
            TypeKind::Named(_) | TypeKind::Enum(_) if enum_values(self.schema, cx.dt).is_some_and(|v| !v.is_empty()) => {
                let v: Vec<String> = enum_values(self.schema, cx.dt).unwrap_or_default().iter().map(|v| string_lit(to, v)).collect();
                format!("enum({})", v.join(", "))
            }
            TypeKind::Enum(_) => "varchar(255)".into(),
            TypeKind::Named(_) if cx.enum_index.is_some() => "varchar(255)".into(),
            TypeKind::Set(vals) if !vals.is_empty() => {
                let v: Vec<String> = vals.iter().map(|v| string_lit(to, v)).collect();
                format!("set({})", v.join(", "))
            }
            TypeKind::Set(_) => "varchar(255)".into(),
            TypeKind::Network(Network::Inet | Network::Cidr | Network::MacAddr) => "varchar(45)".into(),
            TypeKind::Money => "decimal(19,4)".into(),
            _ if *k == TypeKind::Unspecified && from == Dialect::Sqlite => or_text(keyed),
            k => {
                self.warn(format!("{label}: type {} has no MySQL equivalent here; generated as {}", unmapped_name(k), or_text(keyed)));
                or_text(keyed)
            }
        })
    }

    fn sqlite_type(&mut self, cx: &Cx) -> Mapped {
        let (k, label) = (&cx.dt.kind, &cx.label);
        Mapped::Type(match k {
            _ if cx.boolean => "boolean".into(),
            TypeKind::Int { bytes, .. } => match bytes {
                1 | 2 => "smallint".into(),
                3 | 4 => "integer".into(),
                _ => "bigint".into(),
            },
            TypeKind::Decimal { precision, scale, .. } => format!("numeric{}", num_params(*precision, *scale, 1000)),
            TypeKind::Float { .. } => "real".into(),
            TypeKind::Char { length: l } => length(*l).map_or("text".into(), |n| format!("char({n})")),
            TypeKind::VarChar { length: l } => length(*l).map_or("text".into(), |n| format!("varchar({n})")),
            TypeKind::Text(TextKind::Text | TextKind::Tiny | TextKind::Medium | TextKind::Long | TextKind::Clob)
            | TypeKind::Uuid
            | TypeKind::Json { .. }
            | TypeKind::Interval { .. }
            | TypeKind::Network(Network::Inet | Network::Cidr | Network::MacAddr) => "text".into(),
            TypeKind::Binary(_) => "blob".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { .. } => "time".into(),
            TypeKind::Timestamp { .. } => "datetime".into(),
            TypeKind::Year => "integer".into(),
            TypeKind::Named(_) | TypeKind::Enum(_) if enum_values(self.schema, cx.dt).is_some() => {
                return Mapped::TextWithCheck(enum_values(self.schema, cx.dt).map(|v| v.to_vec()).unwrap_or_default());
            }
            TypeKind::Set(_) => {
                self.warn(format!("{label}: SET type generated as text (SQLite has no SET type)"));
                "text".into()
            }
            TypeKind::Money => "numeric(19,4)".into(),
            k => {
                self.warn(format!("{label}: type {} has no SQLite equivalent here; generated as text", unmapped_name(k)));
                "text".into()
            }
        })
    }

    /// A canonical type family for FK compatibility checks.
    pub(super) fn family(&mut self, ti: usize, col: &Column) -> String {
        let (ty, _) = self.render_type(ti, col);
        let ty = ty.to_ascii_lowercase();
        let base = ty.split('(').next().unwrap_or("").trim().to_string();
        match self.to {
            Dialect::Postgres => {
                if ty.ends_with("[]") {
                    return ty;
                }
                match base.as_str() {
                    "smallint" | "integer" | "int" | "int2" | "int4" | "int8" | "bigint" | "numeric" | "decimal" | "serial" | "bigserial" | "smallserial" | "real" | "double precision" => "num".into(),
                    "text" | "varchar" | "character varying" | "char" | "character" | "bpchar" | "citext" => "str".into(),
                    "timestamp" | "timestamp without time zone" | "timestamptz" | "timestamp with time zone" | "date" => "time".into(),
                    _ => base,
                }
            }
            Dialect::Mysql => {
                let unsigned = ty.contains("unsigned");
                match base.as_str() {
                    "varchar" | "char" => "str".into(),
                    "int" | "integer" => format!("int{unsigned}"),
                    _ => format!("{}{unsigned}", base.split_whitespace().next().unwrap_or("")),
                }
            }
            Dialect::Sqlite => "any".into(),
        }
    }
}
