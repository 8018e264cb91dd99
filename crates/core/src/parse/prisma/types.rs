//! Prisma scalar types, `@db.*` native types and `@default` values as the SQL Prisma writes for
//! each provider (prisma-engines: the connectors' `SCALAR_TYPE_DEFAULTS` and native type lists,
//! the PostgreSQL / MySQL / SQLite renderers).

use super::ast::Expr;
use crate::codegen::sql::string_lit;
use crate::dialect::Dialect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    String,
    Boolean,
    Int,
    BigInt,
    Float,
    Decimal,
    DateTime,
    Json,
    Bytes,
}

impl Scalar {
    pub const ALL: [Scalar; 9] = [Scalar::String, Scalar::Boolean, Scalar::Int, Scalar::BigInt, Scalar::Float, Scalar::Decimal, Scalar::DateTime, Scalar::Json, Scalar::Bytes];

    /// The name a schema writes (`String`, `DateTime`).
    pub fn name(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Boolean => "Boolean",
            Scalar::Int => "Int",
            Scalar::BigInt => "BigInt",
            Scalar::Float => "Float",
            Scalar::Decimal => "Decimal",
            Scalar::DateTime => "DateTime",
            Scalar::Json => "Json",
            Scalar::Bytes => "Bytes",
        }
    }

    pub fn from_name(n: &str) -> Option<Scalar> {
        Some(match n {
            "String" => Scalar::String,
            "Boolean" => Scalar::Boolean,
            "Int" => Scalar::Int,
            "BigInt" => Scalar::BigInt,
            "Float" => Scalar::Float,
            "Decimal" => Scalar::Decimal,
            "DateTime" => Scalar::DateTime,
            "Json" => Scalar::Json,
            "Bytes" => Scalar::Bytes,
            _ => return None,
        })
    }
}

/// The SQL type of a scalar without `@db.*`.
pub fn default_type(d: Dialect, s: Scalar) -> &'static str {
    use Scalar::*;
    match d {
        Dialect::Postgres => match s {
            String => "TEXT",
            Boolean => "BOOLEAN",
            Int => "INTEGER",
            BigInt => "BIGINT",
            Float => "DOUBLE PRECISION",
            Decimal => "DECIMAL(65,30)",
            DateTime => "TIMESTAMP(3)",
            Json => "JSONB",
            Bytes => "BYTEA",
        },
        Dialect::Mysql => match s {
            String => "VARCHAR(191)",
            Boolean => "BOOLEAN",
            Int => "INTEGER",
            BigInt => "BIGINT",
            Float => "DOUBLE",
            Decimal => "DECIMAL(65, 30)",
            DateTime => "DATETIME(3)",
            Json => "JSON",
            Bytes => "LONGBLOB",
        },
        Dialect::Sqlite => match s {
            String => "TEXT",
            Boolean => "BOOLEAN",
            Int => "INTEGER",
            BigInt => "BIGINT",
            Float => "REAL",
            Decimal => "DECIMAL",
            DateTime => "DATETIME",
            Json => "JSONB",
            Bytes => "BLOB",
        },
    }
}

/// Argument shape of a native type.
#[derive(Clone, Copy)]
enum Args {
    None,
    /// Zero or one number: `VarChar` / `VarChar(n)`.
    Opt,
    /// Exactly one number.
    One,
    /// Zero or two numbers: `Decimal` / `Decimal(p, s)`.
    OptPair,
}

/// (Prisma name, SQL name, arguments, scalars it may be used with).
type Native = (&'static str, &'static str, Args, &'static [Scalar]);

const STR: &[Scalar] = &[Scalar::String];
const INT: &[Scalar] = &[Scalar::Int];
const BIG: &[Scalar] = &[Scalar::BigInt];
const FLT: &[Scalar] = &[Scalar::Float];
const DEC: &[Scalar] = &[Scalar::Decimal];
const DT: &[Scalar] = &[Scalar::DateTime];
const JSN: &[Scalar] = &[Scalar::Json];
const BYT: &[Scalar] = &[Scalar::Bytes];
const BOOL: &[Scalar] = &[Scalar::Boolean];

const PG: &[Native] = &[
    ("SmallInt", "SMALLINT", Args::None, INT),
    ("Integer", "INTEGER", Args::None, INT),
    ("BigInt", "BIGINT", Args::None, BIG),
    ("Decimal", "DECIMAL", Args::OptPair, DEC),
    ("Money", "MONEY", Args::None, DEC),
    ("Inet", "INET", Args::None, STR),
    ("Oid", "OID", Args::None, INT),
    ("Citext", "CITEXT", Args::None, STR),
    ("Real", "REAL", Args::None, FLT),
    ("DoublePrecision", "DOUBLE PRECISION", Args::None, FLT),
    ("VarChar", "VARCHAR", Args::Opt, STR),
    ("Char", "CHAR", Args::Opt, STR),
    ("Text", "TEXT", Args::None, STR),
    ("ByteA", "BYTEA", Args::None, BYT),
    ("Timestamp", "TIMESTAMP", Args::Opt, DT),
    ("Timestamptz", "TIMESTAMPTZ", Args::Opt, DT),
    ("Date", "DATE", Args::None, DT),
    ("Time", "TIME", Args::Opt, DT),
    ("Timetz", "TIMETZ", Args::Opt, DT),
    ("Boolean", "BOOLEAN", Args::None, BOOL),
    ("Bit", "BIT", Args::Opt, STR),
    ("VarBit", "VARBIT", Args::Opt, STR),
    ("Uuid", "UUID", Args::None, STR),
    ("Xml", "XML", Args::None, STR),
    ("Json", "JSON", Args::None, JSN),
    ("JsonB", "JSONB", Args::None, JSN),
];

const MY: &[Native] = &[
    ("Int", "INTEGER", Args::None, INT),
    ("UnsignedInt", "INTEGER UNSIGNED", Args::None, INT),
    ("SmallInt", "SMALLINT", Args::None, INT),
    ("UnsignedSmallInt", "SMALLINT UNSIGNED", Args::None, INT),
    ("TinyInt", "TINYINT", Args::None, &[Scalar::Int, Scalar::Boolean]),
    ("UnsignedTinyInt", "TINYINT UNSIGNED", Args::None, &[Scalar::Int, Scalar::Boolean]),
    ("MediumInt", "MEDIUMINT", Args::None, INT),
    ("UnsignedMediumInt", "MEDIUMINT UNSIGNED", Args::None, INT),
    ("BigInt", "BIGINT", Args::None, BIG),
    ("UnsignedBigInt", "BIGINT UNSIGNED", Args::None, BIG),
    ("Decimal", "DECIMAL", Args::OptPair, DEC),
    ("Float", "FLOAT", Args::None, FLT),
    ("Double", "DOUBLE", Args::None, FLT),
    ("Bit", "BIT", Args::One, &[Scalar::Boolean, Scalar::Bytes]),
    ("Char", "CHAR", Args::One, STR),
    ("VarChar", "VARCHAR", Args::One, STR),
    ("Binary", "BINARY", Args::One, BYT),
    ("VarBinary", "VARBINARY", Args::One, BYT),
    ("TinyBlob", "TINYBLOB", Args::None, BYT),
    ("Blob", "BLOB", Args::None, BYT),
    ("MediumBlob", "MEDIUMBLOB", Args::None, BYT),
    ("LongBlob", "LONGBLOB", Args::None, BYT),
    ("TinyText", "TINYTEXT", Args::None, STR),
    ("Text", "TEXT", Args::None, STR),
    ("MediumText", "MEDIUMTEXT", Args::None, STR),
    ("LongText", "LONGTEXT", Args::None, STR),
    ("Date", "DATE", Args::None, DT),
    ("Time", "TIME", Args::Opt, DT),
    ("DateTime", "DATETIME", Args::Opt, DT),
    ("Timestamp", "TIMESTAMP", Args::Opt, DT),
    ("Year", "YEAR", Args::None, INT),
    ("Json", "JSON", Args::None, JSN),
];

/// The SQL type for `@db.<name>(<args>)` on a field of scalar `s`, or why it cannot be used.
pub fn native_type(d: Dialect, s: Scalar, name: &str, args: &[Expr]) -> Result<String, String> {
    let list = match d {
        Dialect::Postgres => PG,
        Dialect::Mysql => MY,
        Dialect::Sqlite => return Err(format!("native type @db.{name} is not supported for SQLite")),
    };
    let Some(&(_, sql, shape, scalars)) = list.iter().find(|n| n.0 == name) else {
        return Err(format!("unknown native type @db.{name} for {}", d.label()));
    };
    if !scalars.contains(&s) {
        return Err(format!("native type @db.{name} cannot be used on a {s:?} field"));
    }
    let nums: Vec<&str> = args
        .iter()
        .filter_map(|a| match a {
            Expr::Num(n, _) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    if nums.len() != args.len() || nums.iter().any(|n| n.starts_with('-') || n.contains('.')) {
        return Err(format!("@db.{name} takes whole numbers as arguments"));
    }
    // TinyInt used as a Boolean is rendered BOOLEAN (MySQL `tinyint(1)`).
    if d == Dialect::Mysql && s == Scalar::Boolean && name == "TinyInt" {
        return Ok("BOOLEAN".into());
    }
    let join = if d == Dialect::Mysql { ", " } else { "," };
    match (shape, nums.as_slice()) {
        (Args::None, []) | (Args::Opt, []) | (Args::OptPair, []) => Ok(sql.to_string()),
        (Args::Opt, [n]) | (Args::One, [n]) => Ok(format!("{sql}({n})")),
        (Args::OptPair, [p, sc]) => Ok(format!("{sql}({p}{join}{sc})")),
        _ => Err(format!("wrong number of arguments for @db.{name}")),
    }
}

/// How a Prisma schema writes an SQL type: the scalar, the `@db.*` attribute when the scalar's
/// default type is not it, and the SQL the reader makes of the pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub scalar: Scalar,
    /// `@db.VarChar(80)`, without the `@`: `db.VarChar(80)`.
    pub native: Option<String>,
    pub sql: String,
}

/// The scalar (and native type) whose SQL is the type `sql` of dialect `d` (the same kind and
/// array dimensions, read by `parse::parse_type`): the reverse of [`default_type`] and
/// [`native_type`], searched over the same tables (a scalar's default type first). `None` when no
/// Prisma type makes it (`int(11)`, `tsvector`, any SQLite type that is not a default).
pub fn written_for(d: Dialect, sql: &str) -> Option<Written> {
    let want = crate::parse::parse_type(d, sql)?;
    if want.array_dims > 0 {
        return None;
    }
    let same = |t: &str| crate::parse::parse_type(d, t).is_some_and(|x| x.kind == want.kind && x.array_dims == 0);
    if let Some(&s) = Scalar::ALL.iter().find(|&&s| same(default_type(d, s))) {
        return Some(Written { scalar: s, native: None, sql: default_type(d, s).to_string() });
    }
    // the numbers written in the type's parentheses, as a native type's arguments
    let inner = sql.split_once('(').and_then(|(_, r)| r.split_once(')')).map(|(a, _)| a);
    let nums: Vec<String> = inner.map(|a| a.split(',').map(|x| x.trim().to_string()).collect()).unwrap_or_default();
    if !nums.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let args: Vec<Expr> = nums.iter().map(|n| Expr::Num(n.clone(), crate::span::Span::default())).collect();
    let list = match d {
        Dialect::Postgres => PG,
        Dialect::Mysql => MY,
        Dialect::Sqlite => return None,
    };
    for &(name, _, _, scalars) in list {
        for &s in scalars {
            for a in [&args[..], &[]] {
                let Ok(t) = native_type(d, s, name, a) else { continue };
                if same(&t) {
                    let native = if a.is_empty() { format!("db.{name}") } else { format!("db.{name}({})", nums.join(", ")) };
                    return Some(Written { scalar: s, native: Some(native), sql: t });
                }
            }
        }
    }
    None
}

/// PostgreSQL `autoincrement()`: the serial type for an integer type.
pub fn serial_type(sql_type: &str) -> Option<&'static str> {
    match sql_type {
        "INTEGER" => Some("SERIAL"),
        "BIGINT" => Some("BIGSERIAL"),
        "SMALLINT" => Some("SMALLSERIAL"),
        _ => None,
    }
}

/// A constant `@default(...)` value as SQL, or `None` when the database gets no default for it.
/// `enum_db_value` maps an enum value name to its database value.
pub fn literal_default(d: Dialect, s: Option<Scalar>, e: &Expr, enum_db_value: &dyn Fn(&str) -> Option<String>) -> Result<Option<String>, String> {
    match (e, s) {
        (Expr::Num(n, _), Some(Scalar::Int | Scalar::BigInt | Scalar::Float | Scalar::Decimal)) => Ok(Some(n.clone())),
        (Expr::Const(c, _), Some(Scalar::Boolean)) if c == "true" || c == "false" => Ok(Some(c.clone())),
        (Expr::Const(c, _), None) => match enum_db_value(c) {
            Some(v) => Ok(Some(string_lit(d, &v))),
            None => Err(format!("`{c}` is not a value of the field's enum")),
        },
        (Expr::Str(v, _), Some(Scalar::String)) => Ok(Some(string_lit(d, v))),
        (Expr::Str(v, _), Some(Scalar::Decimal)) => Ok(Some(v.clone())),
        (Expr::Str(v, _), Some(Scalar::Json)) if d != Dialect::Mysql => Ok(Some(string_lit(d, v))),
        (Expr::Str(_, _), Some(Scalar::Json | Scalar::Bytes)) if d == Dialect::Mysql => Ok(None),
        (Expr::Str(v, _), Some(Scalar::Bytes)) => {
            let bytes = base64(v).ok_or_else(|| format!("\"{v}\" is not base64"))?;
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            Ok(Some(if d == Dialect::Postgres { format!("'\\x{hex}'") } else { format!("'{hex}'") }))
        }
        (Expr::Str(v, _), Some(Scalar::DateTime)) => {
            let t = DateTime::parse(v).ok_or_else(|| format!("\"{v}\" is not an RFC 3339 date-time"))?;
            Ok(Some(string_lit(d, &if d == Dialect::Mysql { t.rfc3339() } else { t.display() })))
        }
        _ => Err("the default value does not match the field's type".into()),
    }
}

fn base64(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let clean: Vec<u8> = s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= val(c)? << (18 - 6 * i);
        }
        let n = chunk.len() * 6 / 8;
        out.extend((0..n).map(|i| (acc >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

/// An RFC 3339 date-time, kept as written parts (no time zone arithmetic is needed).
struct DateTime {
    date: String,
    time: String,
    frac: String,
    offset: String,
}

impl DateTime {
    fn parse(s: &str) -> Option<DateTime> {
        let (date, rest) = s.split_once(['T', 't', ' '])?;
        let ok_date = date.len() == 10 && date.bytes().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == b'-' } else { c.is_ascii_digit() });
        if !ok_date || rest.len() < 8 {
            return None;
        }
        let time = rest.get(..8)?;
        if !time.bytes().enumerate().all(|(i, c)| if i == 2 || i == 5 { c == b':' } else { c.is_ascii_digit() }) {
            return None;
        }
        let mut tail = &rest[8..];
        let mut frac = String::new();
        if let Some(f) = tail.strip_prefix('.') {
            let n = f.bytes().take_while(u8::is_ascii_digit).count();
            frac = f[..n].trim_end_matches('0').to_string();
            tail = &f[n..];
        }
        let offset = match tail {
            "Z" | "z" => "+00:00".to_string(),
            o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && o.as_bytes()[3] == b':' => o.to_string(),
            _ => return None,
        };
        Some(DateTime { date: date.into(), time: time.into(), frac, offset })
    }

    /// PostgreSQL / SQLite rendering (chrono's `%.f`: 3, 6 or 9 fraction digits):
    /// `2020-01-02 03:04:05.500 +02:00`.
    fn display(&self) -> String {
        let frac = if self.frac.is_empty() { String::new() } else { format!(".{}", pad_frac(&self.frac)) };
        format!("{} {}{frac} {}", self.date, self.time, self.offset)
    }

    /// MySQL rendering (`to_rfc3339`): `2020-01-02T03:04:05.123+02:00`.
    fn rfc3339(&self) -> String {
        let frac = if self.frac.is_empty() { String::new() } else { format!(".{}", pad_frac(&self.frac)) };
        format!("{}T{}{frac}{}", self.date, self.time, self.offset)
    }
}

/// chrono's `to_rfc3339` prints 3, 6 or 9 fraction digits.
fn pad_frac(f: &str) -> String {
    let n = if f.len() <= 3 { 3 } else if f.len() <= 6 { 6 } else { 9 };
    format!("{f:0<n$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn num(n: &str) -> Expr {
        Expr::Num(n.into(), Span::default())
    }

    #[test]
    fn native_types_render_like_prisma() {
        assert_eq!(native_type(Dialect::Postgres, Scalar::String, "VarChar", &[num("10")]).unwrap(), "VARCHAR(10)");
        assert_eq!(native_type(Dialect::Postgres, Scalar::Decimal, "Decimal", &[num("10"), num("2")]).unwrap(), "DECIMAL(10,2)");
        assert_eq!(native_type(Dialect::Mysql, Scalar::Decimal, "Decimal", &[num("10"), num("2")]).unwrap(), "DECIMAL(10, 2)");
        assert_eq!(native_type(Dialect::Mysql, Scalar::Boolean, "TinyInt", &[]).unwrap(), "BOOLEAN");
        assert_eq!(native_type(Dialect::Mysql, Scalar::Int, "UnsignedInt", &[]).unwrap(), "INTEGER UNSIGNED");
        assert!(native_type(Dialect::Postgres, Scalar::Int, "VarChar", &[num("3")]).is_err());
        assert!(native_type(Dialect::Sqlite, Scalar::String, "Text", &[]).is_err());
        assert!(native_type(Dialect::Mysql, Scalar::String, "VarChar", &[]).is_err());
    }

    #[test]
    fn sql_types_are_written_as_the_prisma_type_that_renders_them() {
        let w = |d: Dialect, sql: &str| written_for(d, sql).map(|w| (w.scalar.name(), w.native, w.sql));
        assert_eq!(w(Dialect::Postgres, "text"), Some(("String", None, "TEXT".into())));
        assert_eq!(w(Dialect::Postgres, "character varying(80)"), Some(("String", Some("db.VarChar(80)".into()), "VARCHAR(80)".into())));
        assert_eq!(w(Dialect::Postgres, "int8"), Some(("BigInt", None, "BIGINT".into())));
        assert_eq!(w(Dialect::Postgres, "timestamptz(3)"), Some(("DateTime", Some("db.Timestamptz(3)".into()), "TIMESTAMPTZ(3)".into())));
        assert_eq!(w(Dialect::Postgres, "timestamp(3)"), Some(("DateTime", None, "TIMESTAMP(3)".into())));
        assert_eq!(w(Dialect::Postgres, "numeric(10,2)"), Some(("Decimal", Some("db.Decimal(10, 2)".into()), "DECIMAL(10,2)".into())));
        assert_eq!(w(Dialect::Mysql, "varchar(40)"), Some(("String", Some("db.VarChar(40)".into()), "VARCHAR(40)".into())));
        assert_eq!(w(Dialect::Mysql, "int unsigned"), Some(("Int", Some("db.UnsignedInt".into()), "INTEGER UNSIGNED".into())));
        assert_eq!(w(Dialect::Sqlite, "integer"), Some(("Int", None, "INTEGER".into())));
        // no Prisma type renders these
        assert_eq!(w(Dialect::Mysql, "int(11)"), None);
        assert_eq!(w(Dialect::Postgres, "tsvector"), None);
        assert_eq!(w(Dialect::Postgres, "text[]"), None);
        assert_eq!(w(Dialect::Sqlite, "varchar(40)"), None);
        assert_eq!(w(Dialect::Postgres, "varchar(x)"), None);
    }

    #[test]
    fn date_times_and_bytes_render_like_prisma() {
        let s = |v: &str| Expr::Str(v.into(), Span::default());
        let none = |_: &str| None;
        assert_eq!(literal_default(Dialect::Postgres, Some(Scalar::DateTime), &s("2020-01-02T03:04:05Z"), &none).unwrap().unwrap(), "'2020-01-02 03:04:05 +00:00'");
        assert_eq!(
            literal_default(Dialect::Postgres, Some(Scalar::DateTime), &s("2020-01-02T03:04:05.1230+02:00"), &none).unwrap().unwrap(),
            "'2020-01-02 03:04:05.123 +02:00'"
        );
        assert_eq!(literal_default(Dialect::Mysql, Some(Scalar::DateTime), &s("2020-01-02T03:04:05.1Z"), &none).unwrap().unwrap(), "'2020-01-02T03:04:05.100+00:00'");
        assert_eq!(literal_default(Dialect::Sqlite, Some(Scalar::DateTime), &s("2020-01-02T03:04:05.5+01:00"), &none).unwrap().unwrap(), "'2020-01-02 03:04:05.500 +01:00'");
        assert_eq!(literal_default(Dialect::Postgres, Some(Scalar::DateTime), &s("2020-01-02T03:04:05.1234Z"), &none).unwrap().unwrap(), "'2020-01-02 03:04:05.123400 +00:00'");
        assert_eq!(literal_default(Dialect::Postgres, Some(Scalar::Bytes), &s("AQID"), &none).unwrap().unwrap(), "'\\x010203'");
        assert!(literal_default(Dialect::Postgres, Some(Scalar::DateTime), &s("yesterday"), &none).is_err());
        assert_eq!(literal_default(Dialect::Postgres, Some(Scalar::String), &s("it's"), &none).unwrap().unwrap(), "'it''s'");
    }
}
