//! Reading a column type: sqlparser's `ast::DataType` → the model's [`TypeKind`] (what the type
//! is, see `model/types.rs`), once, for the dialect the type is written in. The importer calls
//! [`read`] for every column, domain, cast and `ALTER COLUMN ... TYPE` (through
//! `lower::lower_type`); [`crate::parse::parse_type`] does the same for type text.
//!
//! Names sqlparser leaves as `Custom` (PostgreSQL `serial`, `citext`, `inet`, `money`,
//! `tsvector`, a user type; SQLite's free-form names) are looked up in [`builtin`], the one table
//! of type names; a SQLite name it does not know gets the kind of its affinity, a PostgreSQL one is
//! a [`TypeKind::Named`] user type.

use sqlparser::ast::{self, ArrayElemTypeDef, BinaryLength, CharacterLength, ExactNumberInfo, ObjectNamePart, TimezoneInfo};

use crate::dialect::Dialect;
use crate::model::types::{BinaryKind, Network, TextKind, TypeKind};
use crate::model::QualifiedName;
use crate::sqltext::literal::decode_raw;

/// The kind of `dt` (of its element, for an array) and its number of array dimensions.
pub fn read(dt: &ast::DataType, dialect: Dialect) -> (TypeKind, u8) {
    use ast::DataType as D;
    match dt {
        D::Array(ArrayElemTypeDef::SquareBracket(inner, _) | ArrayElemTypeDef::Qualified(inner, _) | ArrayElemTypeDef::AngleBracket(inner) | ArrayElemTypeDef::Parenthesis(inner)) => {
            let (k, dims) = read(inner, dialect);
            (k, dims.saturating_add(1))
        }
        D::Array(ArrayElemTypeDef::None) => (TypeKind::Unspecified, 1),
        D::Nullable(inner) | D::LowCardinality(inner) => read(inner, dialect),
        // A name PostgreSQL does not define is a user type there (a domain or an enum may carry
        // it, as in sakila's `CREATE DOMAIN year AS integer`).
        _ if dialect == Dialect::Postgres && !pg_defines(dt) => {
            let shown = dt.to_string().to_ascii_lowercase();
            let name = shown.split('(').next().unwrap_or("").trim().to_string();
            (TypeKind::Named(QualifiedName::new(None, name)), 0)
        }
        _ => (scalar(dt, dialect), 0),
    }
}

/// Whether PostgreSQL itself has the type sqlparser read (any dialect's grammar is accepted;
/// a display width such as `int(11)` is let through as the integer).
fn pg_defines(dt: &ast::DataType) -> bool {
    use ast::DataType as D;
    matches!(
        dt,
        D::Bool | D::Boolean | D::SmallInt(_) | D::Int2(_) | D::Int(_) | D::Int4(_) | D::Integer(_) | D::Int8(_) | D::BigInt(_)
            | D::Numeric(_) | D::Decimal(_) | D::Dec(_) | D::Float(_) | D::Float4 | D::Float8
            | D::Real | D::DoublePrecision | D::Character(_) | D::Char(_) | D::CharacterVarying(_) | D::CharVarying(_) | D::Varchar(_) | D::Text
            | D::Bytea | D::Bit(_) | D::BitVarying(_) | D::VarBit(_) | D::Uuid | D::Date | D::Time(..) | D::Timestamp(..) | D::Interval { .. }
            | D::JSON | D::JSONB | D::Regclass | D::TsVector | D::TsQuery | D::GeometricType(_) | D::Custom(..) | D::Unspecified
    )
}

fn len(l: &Option<CharacterLength>) -> Option<u32> {
    match l {
        Some(CharacterLength::IntegerLength { length, .. }) => u32::try_from(*length).ok(),
        _ => None,
    }
}

fn num(n: &Option<u64>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

fn int(bytes: u8, unsigned: bool, width: &Option<u64>) -> TypeKind {
    TypeKind::Int { bytes, unsigned, serial: false, width: num(width) }
}

fn decimal(info: &ExactNumberInfo, unsigned: bool) -> TypeKind {
    let (precision, scale) = match info {
        ExactNumberInfo::None => (None, None),
        ExactNumberInfo::Precision(p) => (u32::try_from(*p).ok(), None),
        ExactNumberInfo::PrecisionAndScale(p, s) => (u32::try_from(*p).ok(), i32::try_from(*s).ok()),
    };
    TypeKind::Decimal { precision, scale, unsigned }
}

/// `float(p)`: 4 bytes up to 24 bits of precision; without `p`, 4 bytes in MySQL and 8 elsewhere.
fn float_p(p: Option<u64>, unsigned: bool, dialect: Dialect) -> TypeKind {
    let bytes = match p {
        Some(p) if p <= 24 => 4,
        Some(_) => 8,
        None if dialect == Dialect::Mysql => 4,
        None => 8,
    };
    TypeKind::Float { bytes, unsigned }
}

fn float_info(info: &ExactNumberInfo, unsigned: bool, dialect: Dialect) -> TypeKind {
    match info {
        ExactNumberInfo::None => float_p(None, unsigned, dialect),
        // MySQL `FLOAT(M,D)`: the deprecated display form of a 4-byte float.
        ExactNumberInfo::PrecisionAndScale(..) => TypeKind::Float { bytes: 4, unsigned },
        ExactNumberInfo::Precision(p) => float_p(Some(*p), unsigned, dialect),
    }
}

/// `REAL`: MySQL's is `DOUBLE` (unless the server runs with `REAL_AS_FLOAT`).
fn real(unsigned: bool, dialect: Dialect) -> TypeKind {
    TypeKind::Float { bytes: if dialect == Dialect::Mysql { 8 } else { 4 }, unsigned }
}

fn timestamp(p: &Option<u64>, tz: &TimezoneInfo, dialect: Dialect) -> TypeKind {
    let tz = match tz {
        TimezoneInfo::WithTimeZone | TimezoneInfo::Tz => true,
        TimezoneInfo::WithoutTimeZone => false,
        // MySQL's TIMESTAMP is an instant shown in the session time zone.
        TimezoneInfo::None => dialect == Dialect::Mysql,
    };
    TypeKind::Timestamp { precision: num(p), tz }
}

fn scalar(dt: &ast::DataType, dialect: Dialect) -> TypeKind {
    use ast::DataType as D;
    use TypeKind as K;
    match dt {
        D::Bool | D::Boolean => K::Bool,
        D::TinyInt(w) => int(1, false, w),
        D::TinyIntUnsigned(w) => int(1, true, w),
        D::UTinyInt | D::UInt8 => int(1, true, &None),
        D::Int2(w) | D::SmallInt(w) => int(2, false, w),
        D::Int2Unsigned(w) | D::SmallIntUnsigned(w) => int(2, true, w),
        D::USmallInt | D::UInt16 => int(2, true, &None),
        D::Int16 => int(2, false, &None),
        D::MediumInt(w) => int(3, false, w),
        D::MediumIntUnsigned(w) => int(3, true, w),
        D::Int(w) | D::Int4(w) | D::Integer(w) => int(4, false, w),
        D::IntUnsigned(w) | D::Int4Unsigned(w) | D::IntegerUnsigned(w) => int(4, true, w),
        D::Int32 => int(4, false, &None),
        D::UInt32 => int(4, true, &None),
        D::Int8(w) | D::BigInt(w) => int(8, false, w),
        D::Int8Unsigned(w) | D::BigIntUnsigned(w) => int(8, true, w),
        D::Int64 | D::Signed | D::SignedInteger => int(8, false, &None),
        D::UBigInt | D::UInt64 | D::Unsigned | D::UnsignedInteger => int(8, true, &None),
        D::Int128 | D::HugeInt => int(16, false, &None),
        D::UInt128 | D::UHugeInt => int(16, true, &None),
        D::Int256 => int(32, false, &None),
        D::UInt256 => int(32, true, &None),
        D::Numeric(i) | D::Decimal(i) | D::Dec(i) | D::BigNumeric(i) | D::BigDecimal(i) => decimal(i, false),
        D::DecimalUnsigned(i) | D::DecUnsigned(i) => decimal(i, true),
        D::Float(i) => float_info(i, false, dialect),
        D::FloatUnsigned(i) => float_info(i, true, dialect),
        D::Float4 | D::Float32 => K::Float { bytes: 4, unsigned: false },
        D::Real => real(false, dialect),
        D::RealUnsigned => real(true, dialect),
        D::Float8 | D::Float64 | D::DoublePrecision | D::Double(_) => K::Float { bytes: 8, unsigned: false },
        D::DoubleUnsigned(_) | D::DoublePrecisionUnsigned => K::Float { bytes: 8, unsigned: true },
        D::Character(l) | D::Char(l) => K::Char { length: len(l) },
        D::CharacterVarying(l) | D::CharVarying(l) | D::Varchar(l) | D::Nvarchar(l) => K::VarChar { length: len(l) },
        D::FixedString(n) => K::Char { length: u32::try_from(*n).ok() },
        D::Text | D::String(_) => K::Text(TextKind::Text),
        D::TinyText => K::Text(TextKind::Tiny),
        D::MediumText => K::Text(TextKind::Medium),
        D::LongText => K::Text(TextKind::Long),
        D::CharacterLargeObject(_) | D::CharLargeObject(_) | D::Clob(_) => K::Text(TextKind::Clob),
        D::Uuid => K::Uuid,
        D::Bytea => K::Binary(BinaryKind::Bytea),
        D::Binary(n) => K::Binary(BinaryKind::Binary(num(n))),
        D::Varbinary(l) => K::Binary(BinaryKind::VarBinary(match l {
            Some(BinaryLength::IntegerLength { length }) => u32::try_from(*length).ok(),
            _ => None,
        })),
        D::Blob(_) | D::Bytes(_) => K::Binary(BinaryKind::Blob),
        D::TinyBlob => K::Binary(BinaryKind::TinyBlob),
        D::MediumBlob => K::Binary(BinaryKind::MediumBlob),
        D::LongBlob => K::Binary(BinaryKind::LongBlob),
        D::Bit(n) => K::Bit { length: num(n), varying: false },
        D::BitVarying(n) | D::VarBit(n) => K::Bit { length: num(n), varying: true },
        D::Date | D::Date32 => K::Date,
        D::Time(p, tz) => K::Time { precision: num(p), tz: matches!(tz, TimezoneInfo::WithTimeZone | TimezoneInfo::Tz) },
        D::Datetime(p) => K::Timestamp { precision: num(p), tz: false },
        D::Datetime64(p, _) => K::Timestamp { precision: u32::try_from(*p).ok(), tz: false },
        D::Timestamp(p, tz) => timestamp(p, tz, dialect),
        D::TimestampNtz(p) => K::Timestamp { precision: num(p), tz: false },
        D::Interval { fields, precision } => K::Interval { fields: fields.as_ref().map(|f| f.to_string().to_ascii_lowercase()), precision: num(precision) },
        D::JSON => K::Json { binary: false },
        D::JSONB => K::Json { binary: true },
        D::Enum(members, _) => K::Enum(
            members
                .iter()
                .map(|m| match m {
                    ast::EnumMember::Name(s) | ast::EnumMember::NamedValue(s, _) => decode_raw(dialect, s),
                })
                .collect(),
        ),
        D::Set(values) => K::Set(values.iter().map(|v| decode_raw(dialect, v)).collect()),
        D::Regclass => K::Other("regclass".into()),
        D::TsVector => K::Other("tsvector".into()),
        D::TsQuery => K::Other("tsquery".into()),
        D::GeometricType(g) => K::Other(g.to_string().to_ascii_lowercase()),
        D::Unspecified => K::Unspecified,
        D::Custom(name, modifiers) => custom(name, modifiers, dialect),
        other => K::Other(other.to_string().to_ascii_lowercase()),
    }
}

/// A type sqlparser reads as a name with modifiers (`serial`, `citext`, `varchar2(10)`,
/// `geometry(Point, 4326)`, `public.mood`, SQLite's `UNSIGNED BIG INT`).
fn custom(name: &ast::ObjectName, modifiers: &[String], dialect: Dialect) -> TypeKind {
    let idents: Vec<&ast::Ident> = name
        .0
        .iter()
        .map(|p| match p {
            ObjectNamePart::Identifier(i) => i,
            ObjectNamePart::Function(f) => &f.name,
        })
        .collect();
    let args: Vec<Option<u32>> = modifiers.iter().map(|m| m.trim().parse().ok()).collect();
    let Some(last) = idents.last() else { return TypeKind::Unspecified };
    let qualified = idents.len() >= 2;
    let in_pg_catalog = qualified && idents[idents.len() - 2].value.eq_ignore_ascii_case("pg_catalog");
    if !qualified || in_pg_catalog {
        // A quoted name is only itself (`"char"` is PostgreSQL's one-byte type, not `char`).
        let key = match (last.quote_style.is_some(), last.value.as_str()) {
            (true, "char") => "\"char\"".to_string(),
            (true, v) => v.to_string(),
            (false, v) => v.to_ascii_lowercase(),
        };
        if let Some(k) = builtin(&key, &args, dialect) {
            return k;
        }
        match dialect {
            Dialect::Sqlite => return sqlite_affinity(&key),
            Dialect::Mysql => return TypeKind::Other(key),
            Dialect::Postgres if in_pg_catalog => return TypeKind::Other(key),
            Dialect::Postgres => {}
        }
    }
    let fold = |i: &ast::Ident| super::naming::fold(dialect, &i.value, i.quote_style.is_some());
    let schema = qualified.then(|| fold(idents[idents.len() - 2]));
    TypeKind::Named(QualifiedName::new(schema, fold(last)))
}

/// PostgreSQL built-in types without a kind of their own (kept by name as [`TypeKind::Other`]).
const PG_OTHER: &[&str] = &[
    "tsvector", "tsquery", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle", "int4range", "int8range", "numrange",
    "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange",
    "datemultirange", "oid", "regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regconfig", "regdictionary",
    "regrole", "regnamespace", "regcollation", "pg_lsn", "txid_snapshot", "pg_snapshot", "\"char\"", "aclitem", "jsonpath", "tid", "xid",
    "xid8", "cid", "record", "void",
];

/// MySQL's spatial types.
const MYSQL_OTHER: &[&str] = &["geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection"];

/// Names in [`builtin`] that PostgreSQL does not define (MySQL's, SQLite's, SQL Server's,
/// Oracle's): in a PostgreSQL schema they are user types.
const NOT_IN_POSTGRES: &[&str] = &[
    "tinyint", "int1", "mediumint", "int3", "middleint", "unsigned big int", "fixed", "number", "double", "string", "ntext", "tinytext",
    "mediumtext", "longtext", "clob", "blob", "image", "tinyblob", "mediumblob", "longblob", "binary", "varbinary", "uniqueidentifier",
    "datetime", "smalldatetime", "datetime2", "datetimeoffset", "year", "smallmoney", "nvarchar", "varchar2", "nvarchar2", "national varchar",
    "varying character", "native character",
];

/// The one table of type names: the kind of a (lower-case, unqualified) type name with its
/// numeric modifiers, for names sqlparser does not read itself. `None`: not a name this dialect
/// defines.
pub fn builtin(name: &str, args: &[Option<u32>], dialect: Dialect) -> Option<TypeKind> {
    use TypeKind as K;
    if dialect == Dialect::Postgres && NOT_IN_POSTGRES.contains(&name) {
        return None;
    }
    let a0 = args.first().copied().flatten();
    let int = |bytes: u8, unsigned: bool, serial: bool| K::Int { bytes, unsigned, serial, width: a0 };
    Some(match name {
        "tinyint" | "int1" => int(1, false, false),
        "smallint" | "int2" => int(2, false, false),
        "mediumint" | "int3" | "middleint" => int(3, false, false),
        "int" | "integer" | "int4" => int(4, false, false),
        "bigint" | "int8" => int(8, false, false),
        "unsigned big int" => int(8, true, false),
        "serial" if dialect == Dialect::Mysql => int(8, true, true),
        "serial" | "serial4" => int(4, false, true),
        "bigserial" | "serial8" => int(8, false, true),
        "smallserial" | "serial2" => int(2, false, true),
        "numeric" | "decimal" | "dec" | "fixed" | "number" => K::Decimal { precision: a0, scale: args.get(1).copied().flatten().and_then(|s| i32::try_from(s).ok()), unsigned: false },
        "real" => real(false, dialect),
        "float4" => K::Float { bytes: 4, unsigned: false },
        "float" => float_p(a0.map(u64::from), false, dialect),
        "double" | "double precision" | "float8" => K::Float { bytes: 8, unsigned: false },
        "boolean" | "bool" => K::Bool,
        "bit" => K::Bit { length: a0, varying: false },
        "bit varying" | "varbit" => K::Bit { length: a0, varying: true },
        "char" | "character" | "nchar" | "national char" | "national character" | "bpchar" => K::Char { length: a0 },
        "varchar" | "character varying" | "nvarchar" | "varchar2" | "nvarchar2" | "national varchar" | "national character varying"
        | "char varying" | "varying character" | "native character" => K::VarChar { length: a0 },
        "text" | "string" | "ntext" => K::Text(TextKind::Text),
        "tinytext" => K::Text(TextKind::Tiny),
        "mediumtext" => K::Text(TextKind::Medium),
        "longtext" => K::Text(TextKind::Long),
        "clob" => K::Text(TextKind::Clob),
        "citext" => K::Text(TextKind::Citext),
        "name" if dialect == Dialect::Postgres => K::Text(TextKind::Name),
        "bytea" => K::Binary(BinaryKind::Bytea),
        "blob" | "image" => K::Binary(BinaryKind::Blob),
        "tinyblob" => K::Binary(BinaryKind::TinyBlob),
        "mediumblob" => K::Binary(BinaryKind::MediumBlob),
        "longblob" => K::Binary(BinaryKind::LongBlob),
        "binary" => K::Binary(BinaryKind::Binary(a0)),
        "varbinary" => K::Binary(BinaryKind::VarBinary(a0)),
        "uuid" | "uniqueidentifier" => K::Uuid,
        "json" => K::Json { binary: false },
        "jsonb" => K::Json { binary: true },
        "date" => K::Date,
        "time" | "time without time zone" => K::Time { precision: a0, tz: false },
        "timetz" | "time with time zone" => K::Time { precision: a0, tz: true },
        "timestamp" | "timestamp without time zone" => K::Timestamp { precision: a0, tz: dialect == Dialect::Mysql && name == "timestamp" },
        "datetime" | "smalldatetime" | "datetime2" => K::Timestamp { precision: a0, tz: false },
        "timestamptz" | "timestamp with time zone" | "datetimeoffset" => K::Timestamp { precision: a0, tz: true },
        "interval" => K::Interval { fields: None, precision: a0 },
        "year" => K::Year,
        "inet" => K::Network(Network::Inet),
        "cidr" => K::Network(Network::Cidr),
        "macaddr" => K::Network(Network::MacAddr),
        "macaddr8" => K::Network(Network::MacAddr8),
        "money" | "smallmoney" => K::Money,
        n if dialect == Dialect::Postgres && PG_OTHER.contains(&n) => K::Other(n.to_string()),
        n if dialect == Dialect::Mysql && MYSQL_OTHER.contains(&n) => K::Other(n.to_string()),
        _ => return None,
    })
}

/// SQLite's column affinity of a declared type name it has no kind for
/// (<https://sqlite.org/datatype3.html#determination_of_column_affinity>), refined as SQL
/// generators read such names: `...DATE...`/`...TIME...` is a timestamp, `...BOOL...` a boolean.
pub fn sqlite_affinity(name: &str) -> TypeKind {
    let u = name.to_ascii_uppercase();
    if u.contains("INT") {
        TypeKind::Int { bytes: 8, unsigned: false, serial: false, width: None }
    } else if u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT") {
        TypeKind::Text(TextKind::Text)
    } else if u.contains("BLOB") {
        TypeKind::Binary(BinaryKind::Blob)
    } else if u.trim().is_empty() {
        TypeKind::Unspecified
    } else if u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB") {
        TypeKind::Float { bytes: 8, unsigned: false }
    } else if u.contains("DATE") || u.contains("TIME") {
        TypeKind::Timestamp { precision: None, tz: false }
    } else if u.contains("BOOL") {
        TypeKind::Bool
    } else {
        TypeKind::Decimal { precision: None, scale: None, unsigned: false }
    }
}

/// The kind of a type known only by its words (a SQLite virtual table's column arguments).
pub fn read_name(text: &str, dialect: Dialect) -> TypeKind {
    let key = text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    builtin(&key, &[], dialect).unwrap_or_else(|| match dialect {
        Dialect::Sqlite => sqlite_affinity(&key),
        _ if key.is_empty() => TypeKind::Unspecified,
        _ => TypeKind::Other(key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_type;

    fn kind(d: Dialect, text: &str) -> (TypeKind, u8) {
        let t = parse_type(d, text).unwrap_or_else(|| panic!("{d:?}: {text} is not a type"));
        (t.kind, t.array_dims)
    }

    fn int(bytes: u8) -> TypeKind {
        TypeKind::Int { bytes, unsigned: false, serial: false, width: None }
    }

    /// Synonyms are one kind; parameters are numbers.
    #[test]
    fn synonyms_read_as_one_kind() {
        use Dialect::*;
        for (d, a, b) in [
            (Postgres, "int4", "INTEGER"),
            (Postgres, "int", "pg_catalog.int4"),
            (Postgres, "character varying(20)", "varchar(20)"),
            (Postgres, "timestamp(3) with time zone", "timestamptz(3)"),
            (Postgres, "timestamp without time zone", "timestamp"),
            (Postgres, "time with time zone", "timetz"),
            (Postgres, "float8", "double precision"),
            (Postgres, "float", "double precision"),
            (Postgres, "float(10)", "real"),
            (Postgres, "decimal(10,2)", "numeric(10, 2)"),
            (Postgres, "bool", "boolean"),
            (Postgres, "bit varying(5)", "varbit(5)"),
            (Postgres, "\"text\"", "text"),
            (Mysql, "real", "double"),
            (Mysql, "float", "float4"),
            (Mysql, "integer", "int"),
            (Sqlite, "INTEGER", "int"),
        ] {
            assert_eq!(kind(d, a), kind(d, b), "{d:?}: {a} vs {b}");
        }
    }

    #[test]
    fn kinds_carry_their_parameters() {
        use Dialect::*;
        use TypeKind as K;
        assert_eq!(kind(Postgres, "varchar(255)"), (K::VarChar { length: Some(255) }, 0));
        assert_eq!(kind(Postgres, "numeric(12,2)[]"), (K::Decimal { precision: Some(12), scale: Some(2), unsigned: false }, 1));
        assert_eq!(kind(Postgres, "numeric(12)"), (K::Decimal { precision: Some(12), scale: None, unsigned: false }, 0));
        assert_eq!(kind(Postgres, "int[][]"), (int(4), 2));
        assert_eq!(kind(Postgres, "int ARRAY"), (int(4), 1));
        assert_eq!(kind(Postgres, "timestamp(6)"), (K::Timestamp { precision: Some(6), tz: false }, 0));
        assert_eq!(kind(Postgres, "interval(3)"), (K::Interval { fields: None, precision: Some(3) }, 0));
        assert_eq!(kind(Postgres, "bigserial"), (K::Int { bytes: 8, unsigned: false, serial: true, width: None }, 0));
        assert_eq!(kind(Postgres, "cidr"), (K::Network(Network::Cidr), 0));
        assert_eq!(kind(Postgres, "citext"), (K::Text(TextKind::Citext), 0));
        assert_eq!(kind(Postgres, "\"char\""), (K::Other("\"char\"".into()), 0));
        assert_eq!(kind(Postgres, "tsvector"), (K::Other("tsvector".into()), 0));
        assert_eq!(kind(Postgres, "public.mood[]"), (K::Named(QualifiedName::new(Some("public".into()), "mood")), 1));
        assert_eq!(kind(Postgres, "\"Mood\""), (K::Named(QualifiedName::new(None, "Mood")), 0));
        assert_eq!(kind(Mysql, "int(11) unsigned"), (K::Int { bytes: 4, unsigned: true, serial: false, width: Some(11) }, 0));
        assert_eq!(kind(Mysql, "tinyint(1)"), (K::Int { bytes: 1, unsigned: false, serial: false, width: Some(1) }, 0));
        assert_eq!(kind(Mysql, "timestamp(6)"), (K::Timestamp { precision: Some(6), tz: true }, 0));
        assert_eq!(kind(Mysql, "datetime(3)"), (K::Timestamp { precision: Some(3), tz: false }, 0));
        assert_eq!(kind(Mysql, "enum('a','b')"), (K::Enum(vec!["a".into(), "b".into()]), 0));
        assert_eq!(kind(Mysql, "set('x')"), (K::Set(vec!["x".into()]), 0));
        assert_eq!(kind(Mysql, "mediumtext"), (K::Text(TextKind::Medium), 0));
        assert_eq!(kind(Mysql, "varbinary(16)"), (K::Binary(BinaryKind::VarBinary(Some(16))), 0));
        assert_eq!(kind(Mysql, "float(30)"), (K::Float { bytes: 8, unsigned: false }, 0));
        assert_eq!(kind(Sqlite, "real"), (K::Float { bytes: 4, unsigned: false }, 0));
        assert_eq!(kind(Sqlite, "datetime"), (K::Timestamp { precision: None, tz: false }, 0));
        // names PostgreSQL does not define are user types there (a domain `year`, an enum `bit` elsewhere)
        for (text, name) in [("year", "year"), ("datetime", "datetime"), ("tinyint", "tinyint"), ("datetime64(6)", "datetime64"), ("blob", "blob")] {
            assert_eq!(kind(Postgres, text), (K::Named(QualifiedName::new(None, name)), 0), "{text}");
        }
        assert_eq!(kind(Mysql, "year"), (K::Year, 0));
    }

    #[test]
    fn sqlite_names_get_their_affinity() {
        assert_eq!(read_name("UNSIGNED BIG INT", Dialect::Sqlite), TypeKind::Int { bytes: 8, unsigned: true, serial: false, width: None });
        assert_eq!(read_name("VARYING CHARACTER", Dialect::Sqlite), TypeKind::VarChar { length: None });
        assert_eq!(read_name("STRINGISH", Dialect::Sqlite), TypeKind::Decimal { precision: None, scale: None, unsigned: false });
        assert_eq!(read_name("my_blob", Dialect::Sqlite), TypeKind::Binary(BinaryKind::Blob));
        assert_eq!(read_name("BIGINTEGER", Dialect::Sqlite), int(8));
        assert_eq!(read_name("", Dialect::Sqlite), TypeKind::Unspecified);
        assert_eq!(read_name("fts_thing", Dialect::Postgres), TypeKind::Other("fts_thing".into()));
    }

}
