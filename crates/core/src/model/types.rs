//! Column types: what a type *is*, read once.
//!
//! Every column and domain type in the model is a [`DataType`]: the spelling it had in the source
//! (for display and for regenerating the same dialect) and a [`TypeKind`], the one structured
//! reading every consumer asks — lint, the migration checker and differ, the code generators, the
//! diagram. Nothing re-reads the spelling.
//!
//! Where a kind comes from:
//! - the SQL importer builds it from sqlparser's typed `ast::DataType` (`parse/types.rs`, called
//!   by `parse/lower.rs` for every column, domain, cast and `ALTER COLUMN ... TYPE`);
//! - inputs that carry a type as text (catalog JSON `character varying(255)`, Prisma
//!   `@db.VarChar(255)`, DBML `varchar(255)`, Drizzle) call [`crate::parse::parse_type`]`(dialect,
//!   text)`, which reads the text with the dialect's own type grammar and lowers it the same way;
//! - a reader that already knows the structure may build `DataType { spelling, kind, array_dims }`
//!   directly, as long as `spelling` is what the dialect would print for it (it is what the same-
//!   dialect generators emit).
//!
//! What a kind says, for the dialect the type was written in:
//! - synonyms are one kind: `int4` = `integer` = `int`, `character varying` = `varchar`,
//!   `float8` = `double precision`, `decimal` = `numeric`, `bool` = `boolean`; MySQL `REAL` is
//!   `DOUBLE` (8 bytes), MySQL `SERIAL` is `BIGINT UNSIGNED`;
//! - distinct types stay distinct: MySQL `DATETIME` (wall-clock, `tz: false`) and `TIMESTAMP`
//!   (an instant shown in the session time zone, `tz: true`, like PostgreSQL `timestamptz`),
//!   `text` / `mediumtext`, `blob` / `longblob`, `inet` / `cidr`, `json` / `jsonb`;
//! - parameters are numbers: lengths, precision and scale, fractional-second precision, MySQL
//!   display width; `None` when the source gave none;
//! - SQLite keeps the conventional meaning of the declared name (`integer` is a 4-byte integer,
//!   `bigint` an 8-byte one, `real` a 4-byte float), and names nobody else knows get the kind of
//!   their SQLite affinity (<https://sqlite.org/datatype3.html#determination_of_column_affinity>);
//!   consumers that care about SQLite's storage (every integer is 8 bytes) apply that themselves;
//! - a name the dialect does not define is [`TypeKind::Named`] (PostgreSQL enums, domains,
//!   composite and extension types; in a PostgreSQL schema also another database's names such as
//!   `tinyint`, `datetime` or `year`, which a domain or enum may carry), resolved against the schema
//!   with [`Schema::enum_of`], [`Schema::domain_of`] and [`Schema::resolve_type`];
//! - arrays: the kind is the element's, [`DataType::array_dims`] counts the dimensions.

use super::{Domain, QualifiedName, Schema};
use crate::dialect::Dialect;

/// A column's data type: the structured reading plus the spelling it had in the source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DataType {
    /// The type as written (normalised whitespace; keyword case as rendered by the parser,
    /// lower-cased for built-in types), e.g. `varchar(255)`, `timestamp with time zone`, `int[]`.
    /// For display and for regenerating the same dialect only: read [`DataType::kind`] instead.
    pub spelling: String,
    /// What the type is (of one element, for an array).
    pub kind: TypeKind,
    /// Number of array dimensions (`int[][]` → 2).
    pub array_dims: u8,
}

/// What a type is. See the [module documentation](self) for how it is read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// No declared type (a SQLite column without one), or nothing could be read.
    #[default]
    Unspecified,
    Bool,
    /// An integer of `bytes` bytes: 1 `tinyint`, 2 `smallint`, 3 `mediumint`, 4 `integer`,
    /// 8 `bigint`. `serial`: written as a `serial` pseudo-type (PostgreSQL `serial`/`bigserial`/
    /// `smallserial`, MySQL `SERIAL`), which the database stores as this integer plus a sequence
    /// default. `width`: MySQL display width (`int(11)`, `tinyint(1)`).
    Int { bytes: u8, unsigned: bool, serial: bool, width: Option<u32> },
    /// Exact numeric `numeric(precision, scale)` / `decimal`. `scale` is `None` when not written
    /// (`numeric(p)`, whose scale is 0; or unconstrained `numeric`, without a precision either).
    Decimal { precision: Option<u32>, scale: Option<i32>, unsigned: bool },
    /// Binary floating point of 4 (`real`, `float4`, MySQL `FLOAT`) or 8 (`double precision`,
    /// `float8`, PostgreSQL `float`, MySQL `DOUBLE`/`REAL`) bytes.
    Float { bytes: u8, unsigned: bool },
    Money,
    /// Blank-padded `char(n)` / `character` / `bpchar` / `nchar`.
    Char { length: Option<u32> },
    /// `varchar(n)` / `character varying` / `nvarchar`.
    VarChar { length: Option<u32> },
    /// Text without a declared length.
    Text(TextKind),
    /// Binary strings.
    Binary(BinaryKind),
    /// `bit(n)` / `bit varying(n)` (`varbit`).
    Bit { length: Option<u32>, varying: bool },
    Uuid,
    /// `json` (`binary: false`) or `jsonb`.
    Json { binary: bool },
    Date,
    /// `time(p)`; `tz`: `time with time zone` / `timetz`.
    Time { precision: Option<u32>, tz: bool },
    /// `timestamp(p)`; `tz`: the value is an instant shown in the session's time zone
    /// (PostgreSQL `timestamptz`, MySQL `TIMESTAMP`); without, a wall-clock value (PostgreSQL
    /// `timestamp`, MySQL `DATETIME`, SQLite `datetime`).
    Timestamp { precision: Option<u32>, tz: bool },
    /// `interval`, with PostgreSQL's field restriction (`year to month`, lower case) and
    /// fractional-second precision.
    Interval { fields: Option<String>, precision: Option<u32> },
    /// MySQL `YEAR`.
    Year,
    Network(Network),
    /// MySQL inline `ENUM('a', 'b')`: its values.
    Enum(Vec<String>),
    /// MySQL `SET('a', 'b')`: its values.
    Set(Vec<String>),
    /// A built-in type of the dialect without a variant of its own (PostgreSQL `tsvector`,
    /// `point`, `int4range`, `xml`, `oid`, `"char"`; MySQL `geometry`): its lower-case name.
    Other(String),
    /// A type the dialect does not define itself: a PostgreSQL enum, domain or composite type, or
    /// an extension's type (`hstore`, `geometry`), named as the database stores the name.
    Named(QualifiedName),
}

/// Unbounded text types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// `text` (also SQLite's `string`, SQL Server's `ntext`).
    Text,
    /// MySQL `TINYTEXT`.
    Tiny,
    /// MySQL `MEDIUMTEXT`.
    Medium,
    /// MySQL `LONGTEXT`.
    Long,
    /// `clob`.
    Clob,
    /// PostgreSQL `citext` (extension): case-insensitive text.
    Citext,
    /// PostgreSQL `name` (63-byte identifier type).
    Name,
}

/// Binary string types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryKind {
    /// PostgreSQL `bytea`.
    Bytea,
    Blob,
    TinyBlob,
    MediumBlob,
    LongBlob,
    /// Fixed-length `binary(n)`.
    Binary(Option<u32>),
    /// `varbinary(n)`.
    VarBinary(Option<u32>),
}

/// PostgreSQL network address types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Network {
    Inet,
    Cidr,
    MacAddr,
    MacAddr8,
}

impl TypeKind {
    /// Any integer type (not `YEAR`, not a boolean spelled `tinyint(1)`: see [`Self::is_boolean`]).
    pub fn is_integer(&self) -> bool {
        matches!(self, TypeKind::Int { .. })
    }

    /// `char`, `varchar` or unbounded text.
    pub fn is_text(&self) -> bool {
        matches!(self, TypeKind::Char { .. } | TypeKind::VarChar { .. } | TypeKind::Text(_))
    }

    /// A boolean as the dialect stores it: `boolean`, and in MySQL `tinyint(1)` and `bit(1)`
    /// (the conventions of MySQL's own `BOOL` and of its ORMs).
    pub fn is_boolean(&self, dialect: Dialect) -> bool {
        match self {
            TypeKind::Bool => true,
            TypeKind::Int { bytes: 1, width: Some(1), .. } => dialect == Dialect::Mysql,
            TypeKind::Bit { length: None | Some(1), varying: false } => dialect == Dialect::Mysql,
            _ => false,
        }
    }

    /// Written as a `serial` pseudo-type.
    pub fn is_serial(&self) -> bool {
        matches!(self, TypeKind::Int { serial: true, .. })
    }

    /// The integer width in bytes, for integer kinds.
    pub fn int_bytes(&self) -> Option<u8> {
        match self {
            TypeKind::Int { bytes, .. } => Some(*bytes),
            _ => None,
        }
    }

    /// Declared `UNSIGNED` (MySQL).
    pub fn is_unsigned(&self) -> bool {
        matches!(self, TypeKind::Int { unsigned: true, .. } | TypeKind::Decimal { unsigned: true, .. } | TypeKind::Float { unsigned: true, .. })
    }

    /// The declared length of a `char`/`varchar`/`binary`/`varbinary`/`bit`.
    pub fn length(&self) -> Option<u32> {
        match self {
            TypeKind::Char { length } | TypeKind::VarChar { length } | TypeKind::Bit { length, .. } => *length,
            TypeKind::Binary(BinaryKind::Binary(length) | BinaryKind::VarBinary(length)) => *length,
            _ => None,
        }
    }

    /// Fractional-second precision of a time, timestamp or interval.
    pub fn time_precision(&self) -> Option<u32> {
        match self {
            TypeKind::Time { precision, .. } | TypeKind::Timestamp { precision, .. } | TypeKind::Interval { precision, .. } => *precision,
            _ => None,
        }
    }

    /// The same kind without what is only a way of writing it: a `serial` is its integer.
    pub fn stored(&self) -> TypeKind {
        match self {
            TypeKind::Int { bytes, unsigned, width, .. } => TypeKind::Int { bytes: *bytes, unsigned: *unsigned, serial: false, width: *width },
            k => k.clone(),
        }
    }

    /// The kind with every length, precision, scale and width removed (`varchar(20)` and
    /// `varchar`, `numeric(10,2)` and `numeric`, `serial` and `integer` become one), for
    /// comparing type families.
    pub fn without_params(&self) -> TypeKind {
        use TypeKind as K;
        match self {
            K::Int { bytes, unsigned, .. } => K::Int { bytes: *bytes, unsigned: *unsigned, serial: false, width: None },
            K::Decimal { unsigned, .. } => K::Decimal { precision: None, scale: None, unsigned: *unsigned },
            K::Char { .. } => K::Char { length: None },
            K::VarChar { .. } => K::VarChar { length: None },
            K::Binary(BinaryKind::Binary(_)) => K::Binary(BinaryKind::Binary(None)),
            K::Binary(BinaryKind::VarBinary(_)) => K::Binary(BinaryKind::VarBinary(None)),
            K::Bit { varying, .. } => K::Bit { length: None, varying: *varying },
            K::Time { tz, .. } => K::Time { precision: None, tz: *tz },
            K::Timestamp { tz, .. } => K::Timestamp { precision: None, tz: *tz },
            K::Interval { .. } => K::Interval { fields: None, precision: None },
            k => k.clone(),
        }
    }
}

impl DataType {
    /// A type with its kind; `spelling` is what the dialect would print for it.
    pub fn new(spelling: impl Into<String>, kind: TypeKind, array_dims: u8) -> DataType {
        DataType { spelling: spelling.into(), kind, array_dims }
    }

    /// The same type for the database (`int4` = `integer`, `serial` = `integer`,
    /// `timestamp(3) with time zone` = `timestamptz(3)`): whether changing one into the other
    /// changes anything.
    pub fn same_type(&self, other: &DataType) -> bool {
        self.array_dims == other.array_dims && self.kind.stored() == other.kind.stored()
    }

    /// SQLite: declared exactly `INTEGER` (any case). SQLite decides by this spelling, not by the
    /// affinity, whether a single-column primary key is the rowid
    /// (<https://sqlite.org/lang_createtable.html#rowid>).
    pub fn is_sqlite_integer_keyword(&self) -> bool {
        self.spelling.eq_ignore_ascii_case("integer")
    }

    /// The user type this type names, if any (of one element, for an array).
    pub fn named(&self) -> Option<&QualifiedName> {
        match &self.kind {
            TypeKind::Named(q) => Some(q),
            _ => None,
        }
    }
}

impl Schema {
    /// The enum type (index into [`Schema::enums`]) a type names, through the search path;
    /// case-insensitively when nothing matches exactly.
    pub fn enum_of(&self, dt: &DataType) -> Option<usize> {
        let q = dt.named()?;
        self.enums
            .iter()
            .position(|e| e.name == q.name && self.schema_matches(e.schema.as_deref(), q.schema.as_deref()))
            .or_else(|| self.enums.iter().position(|e| e.name.eq_ignore_ascii_case(&q.name) && (q.schema.is_none() || self.schema_matches(e.schema.as_deref(), q.schema.as_deref()))))
    }

    /// The domain a type names, through the search path; case-insensitively when nothing
    /// matches exactly.
    pub fn domain_of(&self, dt: &DataType) -> Option<&Domain> {
        let q = dt.named()?;
        let ok = |d: &&Domain| self.schema_matches(d.schema.as_deref(), q.schema.as_deref());
        self.domains.iter().filter(ok).find(|d| d.name == q.name).or_else(|| self.domains.iter().filter(ok).find(|d| d.name.eq_ignore_ascii_case(&q.name)))
    }

    /// The type behind a column type, following domains (at most 8 levels) to their base type.
    /// An array of a domain is returned as it is.
    pub fn resolve_type<'a>(&'a self, dt: &'a DataType) -> &'a DataType {
        let mut cur = dt;
        for _ in 0..8 {
            match self.domain_of(cur) {
                Some(d) if cur.array_dims == 0 => cur = &d.data_type,
                _ => break,
            }
        }
        cur
    }
}
