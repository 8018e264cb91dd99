//! SQL DDL for PostgreSQL, MySQL and SQLite, from a schema imported from any of them.
//!
//! - Types are mapped from the model's [`TypeKind`] (through domains); a schema generated for its
//!   own dialect keeps the types as written.
//! - Identifiers are quoted only where the target needs it (reserved word, case, odd characters).
//! - Tables come in dependency order; a foreign key to a table not created yet (a cycle) is added
//!   afterwards with `ALTER TABLE` (SQLite resolves references lazily, so there it stays inline).
//! - Expressions (defaults, checks, predicates, generated columns) are kept verbatim for the source
//!   dialect and translated token by token for another one; what cannot be translated is left out
//!   and reported — as a comment at the top of the output and in [`Generated::warnings`].

use super::writer::Writer;
use super::{sqlobjects, Generated};
use crate::sqltext::expr::Tok;
use crate::sqltext::Namer;
use crate::model::{Column, DataType, ForeignKey, Identity, Network, QualifiedName, RefAction, Schema, Table, TextKind, TriggerTiming, TypeKind};
use crate::Dialect;
use std::collections::{BTreeSet, HashMap, HashSet};

// ------------------------------------------------------------------------------------------------
// identifiers and literals
// ------------------------------------------------------------------------------------------------

pub use crate::sqltext::{ident, string_lit};
use crate::sqltext::comment_text;


/// A name cut to what the target stores (PostgreSQL truncates to 63 bytes itself; doing it here
/// lets uniqueness checks see the real name; MySQL rejects names over 64 characters).
fn clamp_name(to: Dialect, name: &str) -> String {
    crate::sqltext::clamp(to, name).to_string()
}

// ------------------------------------------------------------------------------------------------
// types
// ------------------------------------------------------------------------------------------------

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
fn enum_values<'a>(schema: &'a Schema, rt: &'a DataType) -> Option<&'a [String]> {
    match &rt.kind {
        TypeKind::Enum(v) => Some(v),
        _ => schema.enum_of(rt).map(|i| schema.enums[i].values.as_slice()),
    }
}

/// A MySQL `TIMESTAMP` read from MySQL: stored as UTC, shown in the session zone, 0 fractional
/// digits by default.
fn native_mysql_timestamp(from: Dialect, k: &TypeKind) -> bool {
    from == Dialect::Mysql && matches!(k, TypeKind::Timestamp { tz: true, .. })
}

/// Fractional-second digits of a timestamp for MySQL's `CURRENT_TIMESTAMP(p)` (its default
/// precision: 6 for a datetime, 0 for a native MySQL timestamp).
fn ts_fsp(from: Dialect, k: &TypeKind) -> u32 {
    match k {
        TypeKind::Timestamp { precision, .. } if native_mysql_timestamp(from, k) => precision.unwrap_or(0).min(6),
        TypeKind::Timestamp { precision, .. } => precision.unwrap_or(6).min(6),
        _ => 0,
    }
}

fn is_temporal(k: &TypeKind) -> bool {
    matches!(k, TypeKind::Date | TypeKind::Time { .. } | TypeKind::Timestamp { .. })
}

/// `2000-01-01 00:00:00+00:00` → `2000-01-01 00:00:00` (a literal every engine reads), or None.
fn plain_datetime(s: &str) -> Option<String> {
    let t = s.trim();
    let mut v = t.trim_end_matches(" UTC").trim_end_matches('Z').to_string();
    // strip a trailing numeric offset (+00, +00:00, -0530)
    if let Some(pos) = v.rfind(['+', '-']) {
        if pos > 10 && v[pos + 1..].chars().all(|c| c.is_ascii_digit() || c == ':') {
            v.truncate(pos);
        }
    }
    let v = v.replace('T', " ");
    let ok = v.chars().all(|c| c.is_ascii_digit() || " -:.".contains(c)) && !v.is_empty() && (v.len() >= 8);
    if ok {
        Some(v.trim().to_string())
    } else {
        None
    }
}

// ------------------------------------------------------------------------------------------------
// expressions: verbatim for the source dialect, token-translated for another
// ------------------------------------------------------------------------------------------------

/// The expression's tokens ([`crate::sqltext::expr::tokens`], the source dialect's quoting rules)
/// when every one is something the translation knows: plain decimal numbers, the comparison and
/// arithmetic operators, `::` casts and `.`; strings holding NUL (no target but MySQL can hold one)
/// and JSON operators (which differ between the dialects) are not portable.
fn tokenize(expr: &str, from: Dialect) -> Option<Vec<Tok>> {
    let toks = crate::sqltext::expr::tokens(from, expr)?;
    let known = |t: &Tok| match t {
        Tok::Op(o) => matches!(o.as_str(), "<=" | ">=" | "<>" | "!=" | "::" | "=" | "<" | ">" | "+" | "-" | "*" | "/" | "%" | "."),
        Tok::Num(n) => n.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')),
        Tok::Str(v) => !v.contains('\0'),
        _ => true,
    };
    toks.iter().all(known).then_some(toks)
}

const EXPR_KEYWORDS: &[&str] = &["and", "or", "not", "in", "is", "null", "between", "like", "true", "false", "case", "when", "then", "else", "end"];
const EXPR_FUNCS: &[&str] = &["lower", "upper", "length", "char_length", "coalesce", "abs", "trim", "round", "nullif"];

/// Translates `expr` from the schema's dialect to `to`, or `None` when it is not portable.
/// Column names are re-quoted for the target; casts (`::type`) are dropped.
fn translate_expr(expr: &str, table: Option<&Table>, from: Dialect, to: Dialect) -> Option<String> {
    let expr = expr.to_string();
    if from == to {
        return Some(expr);
    }
    let toks = tokenize(&expr, from)?;
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut depth = 0i32;
    while i < toks.len() {
        match &toks[i] {
            Tok::Op(o) if o == "::" => {
                // drop a cast: `::type`, `::character varying`, `::numeric(6,2)`, `::text[]`
                i += 1;
                let mut words = 0;
                while let Some(Tok::Word(_)) | Some(Tok::Quoted(_)) = toks.get(i) {
                    i += 1;
                    words += 1;
                    if let Some(Tok::Op(o)) = toks.get(i) {
                        if o == "." {
                            i += 1;
                        }
                    }
                }
                if words == 0 {
                    return None;
                }
                if toks.get(i) == Some(&Tok::Open) {
                    while i < toks.len() && toks[i] != Tok::Close {
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            Tok::Op(o) => {
                if o == "." {
                    return None;
                }
                out.push(o.clone());
            }
            Tok::Open => {
                depth += 1;
                out.push("(".into());
            }
            Tok::Close => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                out.push(")".into());
            }
            Tok::Comma => out.push(",".into()),
            Tok::Num(n) => out.push(n.clone()),
            Tok::Str(s) => out.push(string_lit(to, s)),
            Tok::Quoted(q) => {
                let col = table?.column(q)?;
                out.push(ident(to, &col.name));
            }
            Tok::Word(w) => {
                let lw = w.to_ascii_lowercase();
                let is_call = toks.get(i + 1) == Some(&Tok::Open);
                if EXPR_KEYWORDS.contains(&lw.as_str()) {
                    out.push(lw.to_ascii_uppercase());
                } else if is_call && EXPR_FUNCS.contains(&lw.as_str()) {
                    out.push(if lw == "char_length" && to == Dialect::Sqlite { "length".into() } else { lw });
                } else if !is_call && EXPR_KEYWORDS.contains(&lw.as_str()) {
                    out.push(lw.to_ascii_uppercase());
                } else if let Some(col) = table.and_then(|t| t.column(w)).filter(|_| !is_call) {
                    out.push(ident(to, &col.name));
                } else {
                    return None;
                }
            }
        }
        i += 1;
    }
    if depth != 0 || out.is_empty() {
        return None;
    }
    // join with spaces, tightening parentheses and commas
    let mut s = String::new();
    for (j, t) in out.iter().enumerate() {
        let prev = if j > 0 { out[j - 1].as_str() } else { "" };
        let glue = j > 0 && prev != "(" && t != ")" && t != "," && !(t == "(" && is_callee(prev));
        if glue {
            s.push(' ');
        }
        s.push_str(t);
    }
    Some(s)
}

fn is_callee(prev: &str) -> bool {
    EXPR_FUNCS.contains(&prev)
}

// ------------------------------------------------------------------------------------------------
// the generator
// ------------------------------------------------------------------------------------------------

struct Gen<'a> {
    schema: &'a Schema,
    /// Table and column lookups built once (references are resolved through it).
    ix: crate::model::SchemaIndex<'a>,
    from: Dialect,
    to: Dialect,
    warnings: Vec<String>,
    /// Per table: the name used in the output (schema, name).
    names: Vec<(Option<String>, String)>,
    /// Per table: the indexes of columns that take part in a key (MySQL needs bounded types there).
    keyed: Vec<HashSet<String>>,
    /// PostgreSQL: names of relations (tables, indexes, constraint indexes, types) per schema.
    relnames: HashMap<Option<String>, Namer>,
    /// MySQL: FK names in use in the database (one namespace per database).
    fk_names: Namer,
    /// MySQL: CHECK names in use in the database (a namespace of their own).
    check_names: Namer,
    /// SQLite (database-wide) and generated MySQL index names handed out.
    index_names: Namer,
    /// MySQL: index names per table.
    table_index_names: HashMap<usize, Namer>,
    /// PostgreSQL enum types made from inline MySQL enums: (table, column) → type name.
    inline_enum_types: HashMap<(usize, String), String>,
    extensions: BTreeSet<&'static str>,
}

fn same_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl<'a> Gen<'a> {
    fn warn(&mut self, msg: String) {
        let msg = comment_text(&msg);
        if !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }

    fn tname(&self, ti: usize) -> String {
        let (s, n) = &self.names[ti];
        match s {
            Some(s) => format!("{}.{}", ident(self.to, s), ident(self.to, n)),
            None => ident(self.to, n),
        }
    }

    fn label(&self, t: &Table) -> String {
        t.qualified_name().to_string()
    }

    /// The schema an object of the source lives in, in the output (PostgreSQL to PostgreSQL only).
    fn out_schema(&self, s: &Option<String>) -> Option<String> {
        if self.from == Dialect::Postgres && self.to == Dialect::Postgres {
            s.clone()
        } else {
            None
        }
    }

    fn plan_names(&mut self) {
        let tables = &self.schema.tables;
        let keep_schema = self.from == Dialect::Postgres && self.to == Dialect::Postgres;
        let mut used: HashMap<Option<String>, Namer> = HashMap::new();
        let mut names = Vec::new();
        for t in tables {
            let schema = if keep_schema { t.schema.clone() } else { None };
            let namer = used.entry(schema.clone()).or_insert_with(|| Namer::sql(self.to, self.to != Dialect::Postgres));
            let name = if namer.is_used(&t.name) {
                let base = match &t.schema {
                    Some(s) => format!("{s}_{}", t.name),
                    None => t.name.clone(),
                };
                let name = namer.unique(&base);
                self.warnings.push(comment_text(&format!("table {} is named {} here (another table has its name in the target)", t.qualified_name(), name)));
                name
            } else {
                if !keep_schema && t.schema.as_deref().is_some_and(|s| !matches!(s, "public" | "main")) && self.from != Dialect::Mysql {
                    self.warnings.push(comment_text(&format!("table {} is created without its schema {:?}", t.qualified_name(), t.schema.as_deref().unwrap_or(""))));
                }
                namer.unique(&t.name)
            };
            if self.to == Dialect::Postgres {
                self.relname_namer(&schema).reserve(&name);
            }
            names.push((schema, name));
        }
        self.names = names;
    }

    fn resolve(&self, q: &QualifiedName) -> Option<usize> {
        self.ix.table_index(q)
    }

    /// The relation names of one PostgreSQL schema.
    fn relname_namer(&mut self, schema: &Option<String>) -> &mut Namer {
        self.relnames.entry(schema.clone()).or_insert_with(|| Namer::sql(Dialect::Postgres, false))
    }

    /// A relation name unique within its schema (PostgreSQL): `want`, else `{table}_{want}`,
    /// numbered when that is taken too.
    fn unique_relname(&mut self, schema: &Option<String>, want: &str, table: &str) -> String {
        let set = self.relname_namer(schema);
        if set.is_used(want) {
            set.unique(&format!("{table}_{want}"))
        } else {
            set.unique(want)
        }
    }

    /// A source constraint name worth keeping in the output.
    fn keep_name(&self, n: &Option<String>) -> Option<String> {
        let n = n.as_ref()?;
        if n.is_empty() || n.to_ascii_lowercase().starts_with("sqlite_") || n == "PRIMARY" {
            return None;
        }
        Some(n.clone())
    }

    fn compute_keyed(&mut self) {
        let mut keyed = Vec::new();
        for t in &self.schema.tables {
            let mut k: HashSet<String> = HashSet::new();
            let mut add = |c: &str| {
                k.insert(c.to_ascii_lowercase());
            };
            if let Some(pk) = &t.primary_key {
                pk.columns.iter().for_each(|c| add(c));
            }
            t.uniques.iter().flat_map(|u| &u.columns).for_each(|c| add(c));
            t.foreign_keys.iter().flat_map(|f| &f.columns).for_each(|c| add(c));
            t.indexes.iter().filter(|i| !i.implicit).flat_map(|i| &i.parts).filter_map(|p| p.column.as_ref()).for_each(|c| add(c));
            keyed.push(k);
        }
        // referenced columns of every FK are keys of their table
        for t in &self.schema.tables {
            for fk in &t.foreign_keys {
                if let Some(ri) = self.resolve(&fk.ref_table) {
                    for c in &fk.ref_columns {
                        keyed[ri].insert(c.to_ascii_lowercase());
                    }
                }
            }
        }
        self.keyed = keyed;
    }

    fn is_keyed(&self, ti: usize, col: &str) -> bool {
        self.keyed.get(ti).is_some_and(|k| k.contains(&col.to_ascii_lowercase()))
    }

    fn enum_type_name(&self, ei: usize) -> String {
        let e = &self.schema.enums[ei];
        match self.out_schema(&e.schema) {
            Some(s) => format!("{}.{}", ident(self.to, &s), ident(self.to, &e.name)),
            None => ident(self.to, &e.name),
        }
    }

    /// The column's type behind its domains (the spelling kept for the source dialect, with the
    /// column's array dimensions), and how many domains were followed.
    fn base_type(&self, col: &Column) -> (DataType, usize) {
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
    fn render_type(&mut self, ti: usize, col: &Column) -> (String, Option<Vec<String>>) {
        let t = &self.schema.tables[ti];
        let dims = col.data_type.array_dims;
        let keyed = self.is_keyed(ti, &col.name);
        let to = self.to;
        let from = self.from;
        let label = format!("{}.{}", self.label(t), col.name);
        // A domain is generated as its base type (followed through nested domains).
        let (dt, hops) = self.base_type(col);
        if hops > 0 {
            self.warn(format!("{label}: domain {} generated as its base type {}", col.data_type.spelling.trim_end_matches("[]"), dt.spelling));
        }
        let k = &dt.kind;
        let enum_index = self.schema.enum_of(&dt);
        let boolean = k.is_boolean(from);
        // Same dialect: keep the spelling for known types.
        if from == to {
            match k {
                TypeKind::Named(_) if enum_index.is_some() && to == Dialect::Postgres => {
                    return (format!("{}{}", self.enum_type_name(enum_index.unwrap_or(0)), "[]".repeat(dims as usize)), None);
                }
                TypeKind::Named(_) | TypeKind::Unspecified | TypeKind::Text(TextKind::Citext) if to == Dialect::Postgres => {
                    if let Some((name, ext)) = pg_extension_of(k) {
                        self.extensions.insert(ext);
                        return (format!("{name}{}", "[]".repeat(dims as usize)), None);
                    }
                    self.warn(format!("{label}: type {} is not defined in this schema; generated as text", dt.spelling));
                    return (format!("text{}", "[]".repeat(dims as usize)), None);
                }
                _ if to == Dialect::Sqlite => {
                    let sp = &dt.spelling;
                    if sp.chars().all(|c| c.is_ascii_alphanumeric() || " (),_".contains(c)) {
                        return (sp.clone(), None);
                    }
                    return ("text".into(), None);
                }
                _ => return (dt.spelling.clone(), None),
            }
        }
        if dims > 0 && to != Dialect::Postgres {
            self.warn(format!("{label}: arrays are not supported by {}; generated as {}", to.label(), if to == Dialect::Mysql { "json" } else { "text (JSON)" }));
            return (if to == Dialect::Mysql { "json".into() } else { "text".into() }, None);
        }
        let arr = "[]".repeat(dims as usize);
        let num = |p: Option<u32>, s: Option<i32>, max_p: u32| -> String {
            match (p, s.and_then(|s| u32::try_from(s).ok())) {
                (Some(p), Some(s)) => {
                    let p = p.clamp(1, max_p);
                    format!("({p},{})", s.min(p).min(30))
                }
                (Some(p), None) => format!("({})", p.clamp(1, max_p)),
                _ => String::new(),
            }
        };
        let prec = |p: Option<u32>| -> Option<u32> { p.map(|n| n.min(6)) };
        let len = |p: Option<u32>| -> Option<u32> { p.filter(|n| *n > 0) };
        let s = match to {
            Dialect::Postgres => match k {
                _ if boolean => "boolean".into(),
                TypeKind::Int { bytes, unsigned, .. } => match (bytes, unsigned) {
                    (1 | 2, false) | (1, true) => "smallint".into(),
                    (2..=4, _) if !(*bytes == 4 && *unsigned) => "integer".into(),
                    (4, true) | (8, false) => "bigint".into(),
                    _ => "numeric(20)".into(),
                },
                TypeKind::Decimal { precision, scale, .. } => format!("numeric{}", num(*precision, *scale, 1000)),
                TypeKind::Float { bytes: 4, .. } => "real".into(),
                TypeKind::Float { .. } => "double precision".into(),
                TypeKind::Char { length } => match len(*length) {
                    Some(n) => format!("char({})", n.min(10_485_760)),
                    None => "char(1)".into(),
                },
                TypeKind::VarChar { length } => match len(*length) {
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
                TypeKind::Timestamp { precision, tz: false } => prec(*precision).map_or("timestamp".into(), |p| format!("timestamp({p})")),
                TypeKind::Timestamp { precision, tz: true } => prec(*precision).map_or("timestamptz".into(), |p| format!("timestamptz({p})")),
                TypeKind::Interval { .. } => "interval".into(),
                TypeKind::Year => "smallint".into(),
                TypeKind::Named(_) if enum_index.is_some() => self.enum_type_name(enum_index.unwrap_or(0)),
                TypeKind::Enum(vals) => {
                    let key = (ti, col.name.clone());
                    match self.inline_enum_types.get(&key) {
                        Some(n) => ident(to, n),
                        None => return ("text".into(), Some(vals.clone())),
                    }
                }
                TypeKind::Set(_) => {
                    self.warn(format!("{label}: SET type generated as text (PostgreSQL has no SET type)"));
                    "text".into()
                }
                TypeKind::Network(Network::Inet | Network::Cidr | Network::MacAddr) => "inet".into(),
                TypeKind::Money => "numeric(19,4)".into(),
                _ if *k == TypeKind::Unspecified && from == Dialect::Sqlite => "text".into(),
                k => {
                    self.warn(format!("{label}: type {} has no PostgreSQL equivalent here; generated as text", unmapped_name(k)));
                    "text".into()
                }
            },
            Dialect::Mysql => match k {
                _ if boolean => "tinyint(1)".into(),
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
                    let n = num(*precision, *scale, 65);
                    if n.is_empty() {
                        "decimal(65,30)".into()
                    } else {
                        format!("decimal{n}")
                    }
                }
                TypeKind::Float { bytes: 4, .. } => "float".into(),
                TypeKind::Float { .. } => "double".into(),
                TypeKind::Char { length } => match len(*length) {
                    Some(n) if n <= 255 => format!("char({n})"),
                    Some(n) if keyed => format!("varchar({})", n.min(768)),
                    Some(_) => "text".into(),
                    None => "char(1)".into(),
                },
                TypeKind::VarChar { length } => match len(*length) {
                    Some(n) if n <= 255 => format!("varchar({n})"),
                    Some(n) if keyed => {
                        if n > 768 {
                            self.warn(format!("{label}: varchar({n}) in a key generated as varchar(768) (InnoDB key length limit)"));
                        }
                        format!("varchar({})", n.min(768))
                    }
                    Some(_) => "text".into(),
                    None if keyed => "varchar(255)".into(),
                    None => "text".into(),
                },
                TypeKind::Text(TextKind::Text | TextKind::Tiny | TextKind::Medium | TextKind::Long | TextKind::Clob) if keyed => "varchar(255)".into(),
                TypeKind::Text(TextKind::Text | TextKind::Tiny | TextKind::Medium | TextKind::Long | TextKind::Clob) => "text".into(),
                TypeKind::Binary(_) if keyed => "varbinary(255)".into(),
                TypeKind::Binary(_) => "longblob".into(),
                TypeKind::Uuid => "char(36)".into(),
                TypeKind::Json { .. } => "json".into(),
                TypeKind::Date => "date".into(),
                TypeKind::Time { .. } => "time(6)".into(),
                TypeKind::Timestamp { precision, .. } if native_mysql_timestamp(from, k) => prec(*precision).map_or("timestamp".into(), |p| format!("timestamp({p})")),
                TypeKind::Timestamp { precision, .. } => format!("datetime({})", prec(*precision).unwrap_or(6)),
                TypeKind::Interval { .. } => {
                    self.warn(format!("{label}: interval has no MySQL type; generated as varchar(64)"));
                    "varchar(64)".into()
                }
                TypeKind::Year => "year".into(),
                TypeKind::Named(_) | TypeKind::Enum(_) if enum_values(self.schema, &dt).is_some_and(|v| !v.is_empty()) => {
                    let v: Vec<String> = enum_values(self.schema, &dt).unwrap_or_default().iter().map(|v| string_lit(to, v)).collect();
                    format!("enum({})", v.join(", "))
                }
                TypeKind::Enum(_) => "varchar(255)".into(),
                TypeKind::Named(_) if enum_index.is_some() => "varchar(255)".into(),
                TypeKind::Set(vals) if !vals.is_empty() => {
                    let v: Vec<String> = vals.iter().map(|v| string_lit(to, v)).collect();
                    format!("set({})", v.join(", "))
                }
                TypeKind::Set(_) => "varchar(255)".into(),
                TypeKind::Network(Network::Inet | Network::Cidr | Network::MacAddr) => "varchar(45)".into(),
                TypeKind::Money => "decimal(19,4)".into(),
                _ if *k == TypeKind::Unspecified && from == Dialect::Sqlite => {
                    if keyed {
                        "varchar(255)".into()
                    } else {
                        "text".into()
                    }
                }
                k => {
                    self.warn(format!("{label}: type {} has no MySQL equivalent here; generated as {}", unmapped_name(k), if keyed { "varchar(255)" } else { "text" }));
                    if keyed { "varchar(255)".into() } else { "text".into() }
                }
            },
            Dialect::Sqlite => match k {
                _ if boolean => "boolean".into(),
                TypeKind::Int { bytes, .. } => match bytes {
                    1 | 2 => "smallint".into(),
                    3 | 4 => "integer".into(),
                    _ => "bigint".into(),
                },
                TypeKind::Decimal { precision, scale, .. } => format!("numeric{}", num(*precision, *scale, 1000)),
                TypeKind::Float { .. } => "real".into(),
                TypeKind::Char { length } => len(*length).map_or("text".into(), |n| format!("char({n})")),
                TypeKind::VarChar { length } => len(*length).map_or("text".into(), |n| format!("varchar({n})")),
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
                TypeKind::Named(_) | TypeKind::Enum(_) if enum_values(self.schema, &dt).is_some() => {
                    return ("text".into(), enum_values(self.schema, &dt).map(|v| v.to_vec()));
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
            },
        };
        (format!("{s}{arr}"), None)
    }

    /// A column default for the target, or None (with a warning) when it cannot be expressed.
    /// `rt` is the column's type behind its domains ([`Self::base_type`]).
    fn render_default(&mut self, ti: usize, col: &Column, rt: &DataType) -> Option<String> {
        let d = col.default.as_deref()?.trim();
        let t = &self.schema.tables[ti];
        let label = format!("{}.{}", self.label(t), col.name);
        let lower = d.to_ascii_lowercase();
        let to = self.to;
        if lower.starts_with("nextval(") {
            if self.from == Dialect::Postgres && to == Dialect::Postgres {
                return Some(d.to_string());
            }
            self.warn(format!("{label}: default {d} (a sequence) is not generated for {}", to.label()));
            return None;
        }
        if self.from == to {
            if to == Dialect::Sqlite && !d.starts_with('(') {
                let simple = tokenize(d, to).is_some_and(|t| {
                    t.len() == 1
                        || (t.len() == 2 && matches!(&t[0], Tok::Op(o) if o == "-" || o == "+"))
                        || (t.len() == 1 && matches!(&t[0], Tok::Word(_)))
                });
                if !simple {
                    return Some(format!("({d})"));
                }
            }
            return Some(d.to_string());
        }
        let stripped = crate::sqltext::strip_outer_parens(self.from, &lower).to_string();
        let kind = &rt.kind;
        let boolean = kind.is_boolean(self.from);
        let enum_vals = enum_values(self.schema, rt);
        let numeric = !boolean && matches!(kind, TypeKind::Int { .. } | TypeKind::Decimal { .. } | TypeKind::Float { .. });
        let now_like = matches!(
            stripped.as_str(),
            "now()" | "current_timestamp" | "current_timestamp()" | "localtimestamp" | "transaction_timestamp()" | "statement_timestamp()" | "clock_timestamp()" | "datetime('now')" | "datetime('now','localtime')" | "sysdate()" | "utc_timestamp()" | "utc_timestamp"
        ) || stripped.starts_with("current_timestamp(") || stripped.starts_with("now(") || stripped.starts_with("localtimestamp(");
        if now_like {
            return match to {
                Dialect::Postgres => Some("CURRENT_TIMESTAMP".into()),
                Dialect::Mysql => match kind {
                    TypeKind::Timestamp { .. } => {
                        let p = ts_fsp(self.from, kind);
                        Some(if p == 0 { "CURRENT_TIMESTAMP".into() } else { format!("CURRENT_TIMESTAMP({p})") })
                    }
                    _ => {
                        self.warn(format!("{label}: default {d} is not generated for a non-timestamp column in MySQL"));
                        None
                    }
                },
                Dialect::Sqlite => Some("CURRENT_TIMESTAMP".into()),
            };
        }
        if matches!(stripped.as_str(), "current_date" | "curdate()" | "current_date()" | "date('now')") {
            return match to {
                Dialect::Mysql => Some("(CURRENT_DATE)".into()),
                _ => Some("CURRENT_DATE".into()),
            };
        }
        if matches!(stripped.as_str(), "gen_random_uuid()" | "uuid_generate_v4()" | "uuid()" | "uuid_generate_v1()" | "uuidv4()" | "uuidv7()") {
            return match to {
                Dialect::Postgres => Some("gen_random_uuid()".into()),
                Dialect::Mysql => Some("(uuid())".into()),
                Dialect::Sqlite => Some("(lower(hex(randomblob(16))))".into()),
            };
        }
        // literals, possibly with casts, possibly in parentheses
        let toks = tokenize(d, self.from);
        let lit = toks.as_ref().and_then(|toks| {
            let toks: Vec<&Tok> = toks.iter().filter(|t| **t != Tok::Open && **t != Tok::Close).collect();
            let mut it = toks.iter().peekable();
            let mut neg = false;
            if let Some(Tok::Op(o)) = it.peek() {
                if o == "-" || o == "+" {
                    neg = o == "-";
                    it.next();
                }
            }
            let first = (*it.next()?).clone();
            // rest must be a cast or nothing
            if let Some(Tok::Op(o)) = it.peek() {
                if o != "::" {
                    return None;
                }
                it.next();
                if !it.all(|t| matches!(t, Tok::Word(_) | Tok::Quoted(_) | Tok::Num(_) | Tok::Comma) || matches!(t, Tok::Op(o) if o == "::" || o == ".")) {
                    return None;
                }
            } else if it.next().is_some() {
                return None;
            }
            Some((neg, first))
        });
        let Some((neg, first)) = lit else {
            if let Some(x) = translate_expr(d, Some(t), self.from, to) {
                return Some(match to {
                    Dialect::Postgres => x,
                    _ => format!("({x})"),
                });
            }
            self.warn(format!("{label}: default {d} cannot be expressed in {}; left out", to.label()));
            return None;
        };
        let sign = if neg { "-" } else { "" };
        match (first, kind) {
            (Tok::Num(n), _) if boolean && !neg && (n == "0" || n == "1") => Some(match to {
                Dialect::Postgres | Dialect::Sqlite => if n == "1" { "true".into() } else { "false".into() },
                Dialect::Mysql => n,
            }),
            (Tok::Str(s), _) if boolean && !neg && matches!(s.to_ascii_lowercase().as_str(), "0" | "1" | "t" | "f" | "true" | "false") => {
                let v = matches!(s.to_ascii_lowercase().as_str(), "1" | "t" | "true");
                Some(match to {
                    Dialect::Mysql => if v { "1".into() } else { "0".into() },
                    _ => if v { "true".into() } else { "false".into() },
                })
            }
            (Tok::Num(n), k) if !(boolean || enum_vals.is_some() || is_temporal(k) || matches!(k, TypeKind::Uuid | TypeKind::Json { .. })) => Some(format!("{sign}{n}")),
            (Tok::Str(s), k) if !neg => {
                if s.starts_with("0000-00-00") {
                    self.warn(format!("{label}: zero-date default {d} left out"));
                    return None;
                }
                let mut s = s;
                if is_temporal(k) {
                    let l = s.trim().to_ascii_lowercase();
                    if l == "now" || l == "today" || l == "current_timestamp" {
                        return match (to, k) {
                            (_, TypeKind::Date) => Some(if to == Dialect::Mysql { "(CURRENT_DATE)".into() } else { "CURRENT_DATE".into() }),
                            (Dialect::Mysql, _) => {
                                let p = ts_fsp(self.from, k);
                                Some(if p == 0 { "CURRENT_TIMESTAMP".into() } else { format!("CURRENT_TIMESTAMP({p})") })
                            }
                            _ => Some("CURRENT_TIMESTAMP".into()),
                        };
                    }
                    match plain_datetime(&s) {
                        Some(v) => s = v,
                        None => {
                            self.warn(format!("{label}: default {d} is not a plain date/time literal; left out"));
                            return None;
                        }
                    }
                }
                if let Some(vals) = enum_vals {
                    if !vals.contains(&s) {
                        self.warn(format!("{label}: default {d} is not one of the enum's values; left out"));
                        return None;
                    }
                }
                if numeric && s.trim().parse::<f64>().is_err() {
                    self.warn(format!("{label}: default {d} is not a number; left out"));
                    return None;
                }
                if matches!(k, TypeKind::Uuid) && to == Dialect::Postgres && s.len() != 36 {
                    self.warn(format!("{label}: default {d} is not a uuid; left out"));
                    return None;
                }
                if boolean {
                    self.warn(format!("{label}: default {d} is not a boolean; left out"));
                    return None;
                }
                if to == Dialect::Mysql && matches!(k, TypeKind::Json { .. }) && !(s.starts_with('{') || s.starts_with('[') || s.starts_with('"') || s == "null") {
                    self.warn(format!("{label}: default {d} is not JSON; left out"));
                    return None;
                }
                if to == Dialect::Mysql && matches!(k, TypeKind::Binary(_)) {
                    return Some(format!("({})", string_lit(to, &s)));
                }
                let dims = col.data_type.array_dims;
                if dims > 0 && to != Dialect::Postgres {
                    self.warn(format!("{label}: array default {d} left out"));
                    return None;
                }
                Some(string_lit(to, &s))
            }
            (Tok::Word(w), k) if w.eq_ignore_ascii_case("null") => {
                let _ = k;
                Some("NULL".into())
            }
            (Tok::Word(w), k) if (w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false")) && !neg => {
                let v = w.eq_ignore_ascii_case("true");
                match (to, k) {
                    (Dialect::Mysql, _) => Some(if v { "1".into() } else { "0".into() }),
                    _ if boolean => Some(if v { "true".into() } else { "false".into() }),
                    (_, TypeKind::Int { .. }) => Some(if v { "1".into() } else { "0".into() }),
                    _ => {
                        self.warn(format!("{label}: default {d} does not fit the column type; left out"));
                        None
                    }
                }
            }
            _ => {
                self.warn(format!("{label}: default {d} cannot be expressed in {}; left out", to.label()));
                None
            }
        }
    }

    fn order_tables(&self) -> Vec<usize> {
        // Depth-first topological order over foreign keys (self references ignored); a reference
        // back into the current path is a cycle, added later with ALTER TABLE.
        let deps: Vec<Vec<usize>> = self
            .schema
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d: Vec<usize> = t.foreign_keys.iter().filter(|f| !f.logical).filter_map(|f| self.resolve(&f.ref_table)).filter(|&r| r != i).collect();
                if let Some(p) = t.partition_of.as_ref().and_then(|p| self.resolve(p)) {
                    d.push(p);
                }
                d
            })
            .collect();
        sqlobjects::dependency_order(&deps)
    }

    fn column_exists(t: &Table, c: &str) -> bool {
        t.column(c).is_some()
    }

    fn cols(&self, t: &Table, cols: &[String]) -> String {
        cols.iter().map(|c| ident(self.to, t.column(c).map_or(c.as_str(), |col| col.name.as_str()))).collect::<Vec<_>>().join(", ")
    }

    fn action(a: RefAction) -> Option<&'static str> {
        match a {
            RefAction::NoAction => None,
            RefAction::Restrict => Some("RESTRICT"),
            RefAction::Cascade => Some("CASCADE"),
            RefAction::SetNull => Some("SET NULL"),
            RefAction::SetDefault => Some("SET DEFAULT"),
        }
    }

    /// A canonical type family for FK compatibility checks.
    fn family(&mut self, ti: usize, col: &Column) -> String {
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

/// The emitted unique keys of a table (column lists), for FK target checks.
struct Keys {
    pk: Option<Vec<String>>,
    uniques: Vec<Vec<String>>,
    /// Every index's plain leading columns (MySQL accepts any index for an FK target).
    indexes: Vec<Vec<String>>,
}

pub fn generate(schema: &Schema, to: Dialect) -> Generated {
    let mut g = Gen {
        schema,
        ix: crate::model::SchemaIndex::new(schema),
        from: schema.dialect,
        to,
        warnings: Vec::new(),
        names: Vec::new(),
        keyed: Vec::new(),
        relnames: HashMap::new(),
        fk_names: Namer::sql(to, true),
        check_names: Namer::sql(to, true),
        index_names: Namer::sql(to, true),
        table_index_names: HashMap::new(),
        inline_enum_types: HashMap::new(),
        extensions: BTreeSet::new(),
    };
    g.plan_names();
    g.compute_keyed();
    let from = g.from;
    let mut body = Writer::new("    ");
    let mut prelude = Writer::new("    ");

    // ---- schemas, enums, sequences (PostgreSQL) ----
    if to == Dialect::Postgres {
        let mut schemas: BTreeSet<String> = BTreeSet::new();
        for (s, _) in &g.names {
            if let Some(s) = s {
                schemas.insert(s.clone());
            }
        }
        for e in &schema.enums {
            if let Some(s) = g.out_schema(&e.schema) {
                schemas.insert(s);
            }
        }
        for s in &schemas {
            if s != "public" {
                prelude.line(format!("CREATE SCHEMA IF NOT EXISTS {};", ident(to, s)));
            }
        }
        if !schemas.iter().all(|s| s == "public") {
            prelude.blank();
        }
        let mut seen_types: HashSet<(Option<String>, String)> = HashSet::new();
        for (ei, e) in schema.enums.iter().enumerate() {
            let key = (g.out_schema(&e.schema), e.name.clone());
            if !seen_types.insert(key.clone()) {
                g.warn(format!("enum {} is defined twice; generated once", e.name));
                continue;
            }
            g.relname_namer(&key.0).reserve(&e.name);
            let vals: Vec<String> = e.values.iter().map(|v| string_lit(to, v)).collect();
            prelude.line(format!("CREATE TYPE {} AS ENUM ({});", g.enum_type_name(ei), vals.join(", ")));
        }
        // inline MySQL enums become types named after table and column
        if from != Dialect::Postgres {
            for (ti, t) in schema.tables.iter().enumerate() {
                for c in &t.columns {
                    if let TypeKind::Enum(vals) = g.base_type(c).0.kind {
                        if vals.iter().any(|v| v.len() > crate::sqltext::ident::PG_MAX_NAME) {
                            g.warn(format!("{}.{}: an enum value is longer than PostgreSQL's 63-byte label limit; generated as text with a CHECK", t.qualified_name(), c.name));
                            continue;
                        }
                        let want = format!("{}_{}", g.names[ti].1, c.name);
                        let tname = g.names[ti].1.clone();
                        let name = g.unique_relname(&None, &want, &tname);
                        let v: Vec<String> = vals.iter().map(|v| string_lit(to, v)).collect();
                        prelude.line(format!("CREATE TYPE {} AS ENUM ({});", ident(to, &name), v.join(", ")));
                        g.inline_enum_types.insert((ti, c.name.clone()), name);
                    }
                }
            }
        }
        prelude.blank();
        if from == Dialect::Postgres {
            // sequences that a serial column does not create itself
            for s in &schema.sequences {
                let serial_col = |col: &Column| col.identity == Some(Identity::Serial) && (col.default.is_none() || col.data_type.kind.is_serial());
                let owned_by_serial = s.owned_by.as_ref().is_some_and(|(tq, c)| schema.table(tq).and_then(|t| t.column(c)).is_some_and(serial_col))
                    || schema.tables.iter().flat_map(|t| &t.columns).any(|c| {
                        serial_col(c) && c.sequence.as_ref().is_some_and(|q| q.name == s.name && (q.schema == s.schema || q.schema.is_none() || s.schema.is_none()))
                    });
                if owned_by_serial {
                    continue;
                }
                let q = match &s.schema {
                    Some(sc) => format!("{}.{}", ident(to, sc), ident(to, &s.name)),
                    None => ident(to, &s.name),
                };
                if let Some(sc) = &s.schema {
                    if sc != "public" && !schemas.contains(sc) {
                        prelude.line(format!("CREATE SCHEMA IF NOT EXISTS {};", ident(to, sc)));
                    }
                }
                prelude.line(format!("CREATE SEQUENCE IF NOT EXISTS {q};"));
                g.relname_namer(&s.schema).reserve(&s.name);
            }
            prelude.blank();
        }
    } else if !schema.sequences.is_empty() && from == Dialect::Postgres {
        let names: Vec<String> = schema.sequences.iter().map(|s| s.name.clone()).collect();
        g.warn(format!("sequences are not generated for {}: {}", to.label(), names.join(", ")));
    }
    if to != Dialect::Postgres && !schema.enums.is_empty() && from == Dialect::Postgres {
        // enum types are inlined per column; nothing to say unless one is unused
    }

    // ---- per table: the key sets emitted (for FK checks) ----
    let order = g.order_tables();
    let mut created: HashSet<usize> = HashSet::new();
    let mut deferred: Vec<String> = Vec::new();
    let mut after: Vec<String> = Vec::new(); // indexes, comments, RLS, triggers
    let mut keys: Vec<Keys> = Vec::new();
    for t in &schema.tables {
        let ok = |cols: &[String]| !cols.is_empty() && cols.iter().all(|c| Gen::column_exists(t, c));
        let pk = t.primary_key.as_ref().map(|p| p.columns.clone()).filter(|c| ok(c));
        let mut uniques: Vec<Vec<String>> = t.uniques.iter().map(|u| u.columns.clone()).filter(|c| ok(c)).collect();
        let mut indexes = Vec::new();
        for ix in &t.indexes {
            let plain: Vec<String> = ix.parts.iter().map_while(|p| p.column.clone()).collect();
            if ix.unique && ix.predicate.is_none() && plain.len() == ix.parts.len() && ok(&plain) {
                uniques.push(plain.clone());
            }
            if !plain.is_empty() {
                indexes.push(plain);
            }
        }
        keys.push(Keys { pk, uniques, indexes });
    }

    let mut updated_at_fn = false;
    let mut sqlite_triggers: Vec<String> = Vec::new();
    // PostgreSQL partitions are tables of their own only in PostgreSQL; elsewhere the parent holds the rows.
    let pg_partitions = from == Dialect::Postgres && to == Dialect::Postgres;
    for &ti in &order {
        let t = &schema.tables[ti];
        let label = g.label(t);
        let tname = g.tname(ti);
        let tschema = g.names[ti].0.clone();
        let parent = t.partition_of.as_ref().and_then(|p| g.resolve(p));
        if let (Some(pi), false) = (parent, pg_partitions) {
            g.warn(format!("partition {label} is not generated for {} (its rows live in {}, generated unpartitioned)", to.label(), g.label(&schema.tables[pi])));
            continue;
        }
        if t.columns.is_empty() && to != Dialect::Postgres {
            g.warn(format!("table {label} has no columns; not generated for {}", to.label()));
            continue;
        }
        if t.virtual_module.is_some() && !(from == Dialect::Sqlite && to == Dialect::Sqlite) {
            g.warn(format!("virtual table {label} ({}) generated as a plain table", t.virtual_module.as_deref().unwrap_or("")));
        }
        // SQLite keeps a temporary table temporary (in the `temp` schema, for the session);
        // elsewhere it becomes a regular table
        let temp = t.temporary && to == Dialect::Sqlite;
        if t.temporary && !temp {
            g.warn(format!("temporary table {label} generated as a regular table"));
        }
        if let Some(e) = &t.engine {
            if !e.eq_ignore_ascii_case("innodb") {
                g.warn(format!("table {label}: ENGINE={e} not kept (InnoDB is used)"));
            }
        }
        let mut lines: Vec<String> = Vec::new();
        let mut trailing_comments: Vec<Option<String>> = Vec::new(); // SQLite column comments
        // identity handling
        let pk_cols = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        let single_pk = if pk_cols.len() == 1 { Some(pk_cols[0].clone()) } else { None };
        let mut sqlite_inline_pk = false;
        let mut mysql_auto_done = false;
        let mut need_key_for: Vec<String> = Vec::new();
        let mut checks_extra: Vec<String> = Vec::new();
        let updated_at_trigger = schema.triggers.iter().any(|tr| {
            schema.table_index(&tr.table) == Some(ti) && tr.timing == TriggerTiming::Before && tr.events.iter().any(|e| e == "update") && tr.for_each_row
        });
        let has_updated_at = t.columns.iter().any(|c| c.name.eq_ignore_ascii_case("updated_at"));
        let wants_touch = has_updated_at && (updated_at_trigger || t.columns.iter().any(|c| c.name.eq_ignore_ascii_case("updated_at") && c.on_update.is_some()));
        for tr in schema.triggers.iter().filter(|tr| schema.table_index(&tr.table) == Some(ti)) {
            let is_touch = has_updated_at && tr.timing == TriggerTiming::Before && tr.events.iter().any(|e| e == "update") && tr.for_each_row;
            if !is_touch {
                g.warn(format!("trigger {} on {label} is not generated (its function body is not part of the model)", tr.name));
            }
        }
        let colnames_seen: &mut HashSet<String> = &mut HashSet::new();
        for col in &t.columns {
            let fold = if to == Dialect::Postgres { col.name.clone() } else { col.name.to_ascii_lowercase() };
            if !colnames_seen.insert(fold) {
                g.warn(format!("{label}.{}: duplicate column name in {}; left out", col.name, to.label()));
                continue;
            }
            let (rt, _) = g.base_type(col);
            let kind = &rt.kind;
            let (mut ty, enum_check) = g.render_type(ti, col);
            let mut parts: Vec<String> = vec![ident(to, &col.name)];
            let mut identity_clause: Option<String> = None;
            let mut is_serial_kept = false;
            if let Some(id) = &col.identity {
                let int_ok = kind.is_integer() && !kind.is_boolean(from);
                match to {
                    Dialect::Postgres if int_ok => match id {
                        Identity::Serial if from == Dialect::Postgres => {
                            if col.default.is_none() || col.data_type.kind.is_serial() {
                                if !kind.is_serial() {
                                    ty = match kind {
                                        TypeKind::Int { bytes: 8, .. } => "bigserial".into(),
                                        TypeKind::Int { bytes: 1 | 2, .. } => "smallserial".into(),
                                        _ => "serial".into(),
                                    };
                                }
                                is_serial_kept = true;
                            }
                        }
                        Identity::Always | Identity::ByDefault | Identity::AutoIncrement | Identity::Autoincrement | Identity::Serial => {
                            if ty.starts_with("numeric") {
                                ty = "bigint".into();
                            }
                            identity_clause = Some(if *id == Identity::Always { "GENERATED ALWAYS AS IDENTITY".into() } else { "GENERATED BY DEFAULT AS IDENTITY".into() });
                        }
                    },
                    Dialect::Mysql if int_ok && !mysql_auto_done => {
                        // MySQL's SERIAL kept as written: the AUTO_INCREMENT comes from here
                        if from == to && kind.is_serial() {
                            ty = match kind {
                                TypeKind::Int { bytes: 8, .. } => "bigint".into(),
                                TypeKind::Int { bytes: 1 | 2, .. } => "smallint".into(),
                                _ => "int".into(),
                            };
                        }
                        identity_clause = Some("AUTO_INCREMENT".into());
                        mysql_auto_done = true;
                        let leads = pk_cols.first().is_some_and(|c| same_ci(c, &col.name))
                            || t.uniques.iter().any(|u| u.columns.first().is_some_and(|c| same_ci(c, &col.name)));
                        if !leads {
                            need_key_for.push(col.name.clone());
                        }
                    }
                    Dialect::Sqlite if int_ok && single_pk.as_deref().is_some_and(|c| same_ci(c, &col.name)) && !t.without_rowid => {
                        ty = "integer".into();
                        sqlite_inline_pk = true;
                        identity_clause = Some(if *id == Identity::Autoincrement || from != Dialect::Sqlite { "PRIMARY KEY AUTOINCREMENT".into() } else { "PRIMARY KEY".into() });
                    }
                    Dialect::Sqlite if from == Dialect::Sqlite => {}
                    _ => g.warn(format!("{label}.{}: {} cannot be expressed in {} for this column; left out", col.name, id.id(), to.label())),
                }
            } else if to == Dialect::Sqlite && from == Dialect::Sqlite && single_pk.as_deref().is_some_and(|c| same_ci(c, &col.name)) && rt.is_sqlite_integer_keyword() {
                // keep a rowid alias a rowid alias (and its NOT NULL-ness); a nullable INTEGER
                // PRIMARY KEY of a rowid table is SQLite's documented `INTEGER PRIMARY KEY DESC`
                // quirk (not an alias, may hold NULL), which only that spelling reproduces
                if col.nullable && !t.without_rowid && !t.strict {
                    sqlite_inline_pk = true;
                    identity_clause = Some("PRIMARY KEY DESC".into());
                }
            }
            if to == Dialect::Postgres && from != Dialect::Postgres && ty.to_ascii_lowercase().contains("serial") {
                // a source without serial semantics: plain integer
            }
            parts.push(ty.clone());
            // generated column
            let mut default_ok = true;
            if let Some(gen) = &col.generated {
                match translate_expr(&gen.expression, Some(t), from, to) {
                    Some(x) => {
                        let stored = gen.stored || to == Dialect::Postgres;
                        if !gen.stored && to == Dialect::Postgres {
                            g.warn(format!("{label}.{}: virtual generated column generated as STORED (PostgreSQL 15)", col.name));
                        }
                        parts.push(format!("GENERATED ALWAYS AS ({x}) {}", if stored { "STORED" } else { "VIRTUAL" }));
                        default_ok = false;
                    }
                    None => g.warn(format!("{label}.{}: generated column expression {} cannot be expressed in {}; generated as a plain column", col.name, gen.expression, to.label())),
                }
            }
            if let Some(c) = &col.collation {
                let keep = match (from, to) {
                    (Dialect::Postgres, Dialect::Postgres) => matches!(c.trim_matches('"').to_ascii_lowercase().as_str(), "c" | "posix" | "default" | "ucs_basic"),
                    (Dialect::Sqlite, Dialect::Sqlite) => matches!(c.to_ascii_lowercase().as_str(), "binary" | "nocase" | "rtrim"),
                    (Dialect::Mysql, Dialect::Mysql) => c.to_ascii_lowercase().starts_with("utf8mb4_"),
                    _ => false,
                };
                if keep {
                    let cn = c.trim_matches('"');
                    parts.push(format!("COLLATE {}", if to == Dialect::Postgres { format!("\"{}\"", cn.replace('"', "\"\"")) } else { ident(to, cn) }));
                } else {
                    g.warn(format!("{label}.{}: collation {c} not kept", col.name));
                }
            }
            let not_null = !col.nullable || (identity_clause.is_some() && to == Dialect::Postgres);
            if let Some(ic) = &identity_clause {
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
            } else if not_null && !(is_serial_kept) {
                parts.push("NOT NULL".into());
            } else if is_serial_kept && !col.nullable {
                parts.push("NOT NULL".into());
            }
            if default_ok && !is_serial_kept {
                if let Some(d) = g.render_default(ti, col, &rt) {
                    parts.push(format!("DEFAULT {d}"));
                }
            } else if col.default.is_some() && identity_clause.is_some() && !col.default.as_deref().unwrap_or("").to_ascii_lowercase().starts_with("nextval") {
                g.warn(format!("{label}.{}: default {} dropped on an identity column", col.name, col.default.as_deref().unwrap_or("")));
            }
            if to == Dialect::Mysql {
                let is_ts = matches!(kind, TypeKind::Timestamp { .. });
                if col.on_update.is_some() && from == Dialect::Mysql {
                    parts.push(format!("ON UPDATE {}", col.on_update.as_deref().unwrap_or("CURRENT_TIMESTAMP")));
                } else if is_ts && col.name.eq_ignore_ascii_case("updated_at") && updated_at_trigger {
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
                g.warn(format!("{label}.{}: ON UPDATE {} cannot be expressed in {}", col.name, col.on_update.as_deref().unwrap_or(""), to.label()));
            }
            if let Some(vals) = enum_check {
                if !vals.is_empty() {
                    let v: Vec<String> = vals.iter().map(|v| string_lit(to, v)).collect();
                    parts.push(format!("CHECK ({} IN ({}))", ident(to, &col.name), v.join(", ")));
                }
            }
            lines.push(parts.join(" "));
            trailing_comments.push(if to == Dialect::Sqlite { col.comment.clone() } else { None });
        }
        if lines.is_empty() && to != Dialect::Postgres {
            g.warn(format!("table {label} has no columns; not generated for {}", to.label()));
            continue;
        }
        // primary key
        if let Some(pk) = &t.primary_key {
            if !sqlite_inline_pk {
                if pk.columns.iter().all(|c| Gen::column_exists(t, c)) && !pk.columns.is_empty() {
                    let name = if to == Dialect::Postgres && from == Dialect::Postgres {
                        g.keep_name(&pk.name).map(|n| g.unique_relname(&tschema, &n, &t.name))
                    } else {
                        None
                    };
                    let c = match &name {
                        Some(n) => format!("CONSTRAINT {} ", ident(to, n)),
                        None => String::new(),
                    };
                    lines.push(format!("{c}PRIMARY KEY ({})", g.cols(t, &pk.columns)));
                    trailing_comments.push(None);
                } else {
                    g.warn(format!("table {label}: primary key on unknown columns left out"));
                }
            }
        }
        for c in &need_key_for {
            lines.push(format!("KEY {} ({})", ident(to, &clamp_name(to, &format!("{c}_auto_increment_key"))), ident(to, c)));
            trailing_comments.push(None);
        }
        // unique constraints
        for u in &t.uniques {
            if u.columns.is_empty() || !u.columns.iter().all(|c| Gen::column_exists(t, c)) {
                g.warn(format!("table {label}: unique constraint on unknown columns left out"));
                continue;
            }
            let name = match to {
                Dialect::Postgres => g.keep_name(&u.name).map(|n| g.unique_relname(&tschema, &n, &t.name)),
                Dialect::Mysql => g.keep_name(&u.name).map(|n| clamp_name(to, &n)),
                Dialect::Sqlite => None,
            };
            let c = name.map(|n| format!("CONSTRAINT {} ", ident(to, &n))).unwrap_or_default();
            let nnd = if u.nulls_not_distinct && to == Dialect::Postgres { " NULLS NOT DISTINCT" } else { "" };
            if u.nulls_not_distinct && to != Dialect::Postgres {
                g.warn(format!("table {label}: UNIQUE NULLS NOT DISTINCT generated as plain UNIQUE"));
            }
            let clause = format!("{c}UNIQUE{nnd} ({})", g.cols(t, &u.columns));
            if to == Dialect::Postgres && !c.is_empty() && pk_cols.len() == u.columns.len() && pk_cols.iter().zip(&u.columns).all(|(a, b)| a == b) {
                // inside CREATE TABLE, PostgreSQL silently drops a UNIQUE identical to the primary
                // key; ALTER TABLE ... ADD keeps it (as the source did)
                deferred.push(format!("ALTER TABLE {tname} ADD {clause};"));
                continue;
            }
            lines.push(clause);
            trailing_comments.push(None);
        }
        // checks
        for ch in &t.checks {
            match translate_expr(&ch.expression, Some(t), from, to) {
                Some(x) => {
                    let name = match to {
                        Dialect::Mysql => g.keep_name(&ch.name).map(|n| g.check_names.unique(&n)),
                        _ => g.keep_name(&ch.name).map(|n| clamp_name(to, &n)),
                    };
                    let c = name.map(|n| format!("CONSTRAINT {} ", ident(to, &n))).unwrap_or_default();
                    let nv = if ch.not_valid && to == Dialect::Postgres { "" } else { "" };
                    checks_extra.push(format!("{c}CHECK ({x}){nv}"));
                }
                None => g.warn(format!("table {label}: check ({}) cannot be expressed in {}; left out", ch.expression, to.label())),
            }
        }
        for c in checks_extra {
            lines.push(c);
            trailing_comments.push(None);
        }
        // foreign keys
        let mut fk_lines: Vec<String> = Vec::new();
        // Logical relations (Prisma relationMode = "prisma") are kept by the application: no FOREIGN KEY.
        for fk in t.foreign_keys.iter().filter(|f| !f.logical) {
            match fk_clause(&mut g, ti, fk, &keys) {
                Some((ri, clause)) => {
                    let inline = to == Dialect::Sqlite || ri == ti || created.contains(&ri);
                    if inline {
                        fk_lines.push(clause);
                    } else {
                        deferred.push(format!("ALTER TABLE {} ADD {clause};", tname));
                    }
                }
                None => {}
            }
        }
        for f in fk_lines {
            lines.push(f);
            trailing_comments.push(None);
        }
        // CREATE TABLE
        let unlogged = if t.unlogged && to == Dialect::Postgres { "UNLOGGED " } else { "" };
        let mut suffix = String::new();
        let mut partition_clause = None;
        if let Some(pb) = &t.partition_by {
            partition_clause = sqlobjects::partition_by_clause(from, to, pb);
            if partition_clause.is_none() {
                g.warn(sqlobjects::partition_warning(&label, pb, from, to));
            }
        }
        if let (Some(p), None) = (&t.partition_of, parent) {
            g.warn(format!("partition {label} of {p}: the parent is not defined, so {label} is a plain table"));
        }
        if to == Dialect::Sqlite {
            let mut opts = Vec::new();
            if t.without_rowid && from == Dialect::Sqlite && t.primary_key.is_some() {
                opts.push("WITHOUT ROWID");
            }
            if t.strict && from == Dialect::Sqlite {
                opts.push("STRICT");
            }
            if !opts.is_empty() {
                suffix.push(' ');
                suffix.push_str(&opts.join(", "));
            }
        }
        if to == Dialect::Mysql {
            if let Some(c) = &t.comment {
                let c: String = c.chars().take(2048).collect();
                suffix.push_str(&format!(" COMMENT={}", string_lit(to, &c)));
            }
        }
        // after the table options (MySQL), after INHERITS-like clauses (PostgreSQL)
        if let Some(c) = partition_clause {
            suffix.push(' ');
            suffix.push_str(&c);
        }
        if to == Dialect::Sqlite && from == Dialect::Sqlite && t.virtual_module.is_some() {
            let module = t.virtual_module.clone().unwrap_or_default();
            let args: Vec<String> = t.columns.iter().map(|c| ident(to, &c.name)).collect();
            body.line(format!("CREATE VIRTUAL TABLE {tname} USING {}({});", ident(to, &module), args.join(", ")));
            body.blank();
            created.insert(ti);
            continue;
        }
        if let Some(c) = &t.comment {
            if to == Dialect::Sqlite {
                body.line(format!("-- {}", comment_text(c)));
            }
        }
        let temp_kw = if temp { "TEMP " } else { "" };
        body.line(format!("CREATE {temp_kw}{unlogged}TABLE {tname} ("));
        body.indent();
        let n = lines.len();
        for (i, (l, cm)) in lines.iter().zip(trailing_comments.iter()).enumerate() {
            let comma = if i + 1 < n { "," } else { "" };
            match cm {
                Some(c) => body.line(format!("{l}{comma} -- {}", comment_text(c))),
                None => body.line(format!("{l}{comma}")),
            };
        }
        body.dedent();
        body.line(format!("){suffix};"));
        created.insert(ti);

        // indexes
        for ix in &t.indexes {
            // InnoDB's own FK index: written when the FK would name it otherwise (MySQL to MySQL)
            if ix.implicit && (to != Dialect::Mysql || !super::mysql_keys::writes_index(t, ix)) {
                continue;
            }
            if let Some(s) = index_stmt(&mut g, ti, ix) {
                body.line(s);
            }
        }
        // a PostgreSQL partition: attached once its own keys and indexes exist (they are then
        // attached to the parent's, not duplicated), as pg_dump does
        if let Some(pi) = parent {
            match &t.partition_bound {
                Some(bound) => {
                    body.line(sqlobjects::attach_partition(&g.tname(pi), &tname, bound));
                }
                None => g.warn(format!("partition {label}: its bound is not known, so it is not attached to {}", g.label(&schema.tables[pi]))),
            }
        }
        // comments (PostgreSQL)
        if to == Dialect::Postgres {
            if let Some(c) = &t.comment {
                after.push(format!("COMMENT ON TABLE {tname} IS {};", string_lit(to, c)));
            }
            for c in &t.columns {
                if let Some(cm) = &c.comment {
                    after.push(format!("COMMENT ON COLUMN {tname}.{} IS {};", ident(to, &c.name), string_lit(to, cm)));
                }
            }
        }
        // RLS and policies
        if t.rls_enabled || !t.policies.is_empty() {
            if to == Dialect::Postgres {
                if t.rls_enabled {
                    after.push(format!("ALTER TABLE {tname} ENABLE ROW LEVEL SECURITY;"));
                }
                if t.rls_forced {
                    after.push(format!("ALTER TABLE {tname} FORCE ROW LEVEL SECURITY;"));
                }
                for p in &t.policies {
                    match policy_stmt(&g, &tname, p) {
                        Some(s) => after.push(s),
                        None => g.warn(format!("policy {} on {label} cannot be expressed from {}; left out", p.name, from.label())),
                    }
                }
            } else {
                g.warn(format!("table {label}: row level security{} cannot be expressed in {}", if t.policies.is_empty() { String::new() } else { format!(" and {} policies", t.policies.len()) }, to.label()));
            }
        }
        // updated_at maintenance
        if wants_touch {
            let col = t.columns.iter().find(|c| c.name.eq_ignore_ascii_case("updated_at")).map(|c| c.name.clone()).unwrap_or_default();
            match to {
                Dialect::Postgres => {
                    updated_at_fn = true;
                    let trig = clamp_name(to, &format!("{}_set_updated_at", t.name));
                    after.push(format!(
                        "CREATE TRIGGER {} BEFORE UPDATE ON {tname} FOR EACH ROW EXECUTE FUNCTION {}();",
                        ident(to, &trig),
                        if col == "updated_at" { "set_updated_at".to_string() } else { "set_updated_at".to_string() }
                    ));
                    if col != "updated_at" {
                        g.warn(format!("table {label}: the updated_at trigger function sets a column named updated_at; the column is {col}"));
                    }
                }
                Dialect::Sqlite => {
                    if t.without_rowid {
                        g.warn(format!("table {label}: updated_at trigger not generated for a WITHOUT ROWID table"));
                    } else {
                        let trig = format!("{}_set_updated_at", t.name);
                        sqlite_triggers.push(format!(
                            "CREATE TRIGGER {} AFTER UPDATE ON {tname} FOR EACH ROW WHEN NEW.{c} IS OLD.{c} BEGIN\n    UPDATE {tname} SET {c} = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid;\nEND;",
                            ident(to, &trig),
                            c = ident(to, &col)
                        ));
                    }
                }
                Dialect::Mysql => {}
            }
        }
        body.blank();
    }

    if !deferred.is_empty() {
        body.line("-- Foreign keys that close a cycle (or point at a table created later)");
        for d in &deferred {
            body.line(d);
        }
        body.blank();
    }
    if updated_at_fn {
        prelude.line("CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$");
        prelude.line("BEGIN");
        prelude.line("    NEW.updated_at := now();");
        prelude.line("    RETURN NEW;");
        prelude.line("END;");
        prelude.line("$$;");
        prelude.blank();
    }
    for a in &after {
        body.line(a);
    }
    if !after.is_empty() {
        body.blank();
    }
    let (views, view_warnings) = sqlobjects::views(schema, to);
    for w in view_warnings {
        g.warn(w);
    }
    for v in &views {
        for l in v.lines() {
            body.line(l);
        }
        body.blank();
    }
    for s in &sqlite_triggers {
        for l in s.lines() {
            body.line(l);
        }
    }

    // ---- assemble ----
    let mut out = Writer::new("    ");
    out.line(format!("-- {} schema generated by Schema Playground from {}.", to.label(), from.label()));
    if !g.warnings.is_empty() {
        out.line("-- Warnings (what this target cannot express):");
        for w in &g.warnings {
            out.line(format!("--   * {w}"));
        }
    }
    out.blank();
    let mut code = out.finish();
    let prelude = prelude.finish();
    let body = body.finish();
    if to == Dialect::Postgres && from == Dialect::Postgres {
        // functions, operator classes and types that come from contrib extensions
        let text = format!("{prelude}{body}").to_ascii_lowercase();
        for (needle, ext) in [
            ("uuid_generate_v", "uuid-ossp"),
            ("_trgm_ops", "pg_trgm"),
            ("similarity(", "pg_trgm"),
            ("gen_salt(", "pgcrypto"),
            ("crypt(", "pgcrypto"),
            ("digest(", "pgcrypto"),
            ("unaccent(", "unaccent"),
            (" using gist ", "btree_gist"),
            (" using gin ", "btree_gin"),
        ] {
            if text.contains(needle) {
                g.extensions.insert(ext);
            }
        }
    }
    if to == Dialect::Postgres && !g.extensions.is_empty() {
        for e in &g.extensions {
            code.push_str(&format!("CREATE EXTENSION IF NOT EXISTS {};\n", ident(to, e)));
        }
        code.push('\n');
    }
    code.push_str(&prelude);
    code.push_str(&body);
    while code.ends_with("\n\n") {
        code.pop();
    }
    if !code.ends_with('\n') {
        code.push('\n');
    }
    Generated { code, warnings: g.warnings }
}

fn fk_clause(g: &mut Gen, ti: usize, fk: &ForeignKey, keys: &[Keys]) -> Option<(usize, String)> {
    let schema = g.schema;
    let t = &schema.tables[ti];
    let to = g.to;
    let label = g.label(t);
    let cols_s = fk.columns.join(", ");
    let Some(ri) = g.resolve(&fk.ref_table) else {
        if to == Dialect::Sqlite {
            // SQLite resolves references lazily: keep it.
            let refs = if fk.ref_columns.is_empty() { String::new() } else { format!(" ({})", fk.ref_columns.iter().map(|c| ident(to, c)).collect::<Vec<_>>().join(", ")) };
            if !fk.columns.iter().all(|c| g.ix.column(ti, c).is_some()) {
                return None;
            }
            let mut s = format!("FOREIGN KEY ({}) REFERENCES {}{refs}", g.cols(t, &fk.columns), ident(to, &fk.ref_table.name));
            if let Some(a) = Gen::action(fk.on_delete) {
                s.push_str(&format!(" ON DELETE {a}"));
            }
            if let Some(a) = Gen::action(fk.on_update) {
                s.push_str(&format!(" ON UPDATE {a}"));
            }
            if fk.deferrable {
                s.push_str(" DEFERRABLE");
            }
            return Some((ti, s));
        }
        g.warn(format!("table {label}: foreign key ({cols_s}) references {} which is not in the schema; left out", fk.ref_table));
        return None;
    };
    let r = &schema.tables[ri];
    if g.names.get(ri).is_none() || (r.columns.is_empty() && to != Dialect::Postgres) {
        return None;
    }
    let ref_cols: Vec<String> = if fk.ref_columns.is_empty() { r.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { fk.ref_columns.clone() };
    if ref_cols.len() != fk.columns.len() || fk.columns.is_empty() || !fk.columns.iter().all(|c| g.ix.column(ti, c).is_some()) || !ref_cols.iter().all(|c| g.ix.column(ri, c).is_some()) {
        g.warn(format!("table {label}: foreign key ({cols_s}) → {} has columns that do not line up; left out", fk.ref_table));
        return None;
    }
    if to != Dialect::Sqlite {
        let k = &keys[ri];
        let set = |v: &[String]| -> BTreeSet<String> { v.iter().map(|c| c.to_ascii_lowercase()).collect() };
        let want = set(&ref_cols);
        let unique_ok = k.pk.as_ref().is_some_and(|p| set(p) == want) || k.uniques.iter().any(|u| set(u) == want);
        let ok = match to {
            Dialect::Postgres => unique_ok,
            _ => {
                let lead = |v: &Vec<String>| v.len() >= ref_cols.len() && v.iter().zip(&ref_cols).all(|(a, b)| same_ci(a, b));
                k.pk.as_ref().is_some_and(lead) || k.uniques.iter().any(lead) || k.indexes.iter().any(lead)
            }
        };
        if !ok {
            g.warn(format!("table {label}: foreign key ({cols_s}) → {} does not reference a key {} accepts; left out", fk.ref_table, to.label()));
            return None;
        }
        for (c, rc) in fk.columns.iter().zip(&ref_cols) {
            let a = g.ix.column(ti, c).cloned().unwrap_or_default();
            let b = r.column(rc).cloned().unwrap_or_default();
            let fa = g.family(ti, &a);
            let fb = g.family(ri, &b);
            if fa != fb {
                g.warn(format!("table {label}: foreign key ({cols_s}) → {}: column types differ in {}; left out", fk.ref_table, to.label()));
                return None;
            }
        }
    }
    let name = match to {
        Dialect::Mysql => g.keep_name(&fk.name).map(|n| g.fk_names.unique(&n)),
        _ => g.keep_name(&fk.name).map(|n| clamp_name(to, &n)),
    };
    let mut s = String::new();
    if let Some(n) = name {
        s.push_str(&format!("CONSTRAINT {} ", ident(to, &n)));
    }
    let rname = if to == Dialect::Sqlite { ident(to, &g.names[ri].1) } else { g.tname(ri) };
    s.push_str(&format!("FOREIGN KEY ({}) REFERENCES {} ({})", g.cols(t, &fk.columns), rname, g.cols(r, &ref_cols)));
    let mut on_delete = fk.on_delete;
    let mut on_update = fk.on_update;
    if to == Dialect::Mysql {
        // InnoDB rejects SET DEFAULT; SET NULL needs nullable columns
        for a in [&mut on_delete, &mut on_update] {
            if *a == RefAction::SetDefault {
                g.warn(format!("table {label}: foreign key ({cols_s}) ON ... SET DEFAULT is not supported by InnoDB; generated as NO ACTION"));
                *a = RefAction::NoAction;
            }
        }
    }
    let nullable = fk.columns.iter().all(|c| g.ix.column(ti, c).is_some_and(|c| c.nullable));
    for a in [&mut on_delete, &mut on_update] {
        if *a == RefAction::SetNull && !nullable && to == Dialect::Mysql {
            g.warn(format!("table {label}: foreign key ({cols_s}) SET NULL on NOT NULL columns generated as NO ACTION"));
            *a = RefAction::NoAction;
        }
    }
    if let Some(a) = Gen::action(on_delete) {
        s.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = Gen::action(on_update) {
        s.push_str(&format!(" ON UPDATE {a}"));
    }
    if fk.deferrable && to != Dialect::Mysql {
        s.push_str(" DEFERRABLE");
    }
    Some((ri, s))
}

fn index_stmt(g: &mut Gen, ti: usize, ix: &crate::model::Index) -> Option<String> {
    let schema = g.schema;
    let t = &schema.tables[ti];
    let to = g.to;
    let from = g.from;
    let label = g.label(t);
    let iname = ix.name.clone().unwrap_or_default();
    let method = ix.method.as_deref().unwrap_or("btree").to_ascii_lowercase();
    let what = if iname.is_empty() { format!("an index on {label}") } else { format!("index {iname} on {label}") };
    if ix.parts.is_empty() {
        return None;
    }
    // key parts
    let mut parts = Vec::new();
    for p in &ix.parts {
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
        parts.push(s);
    }
    // predicate
    let mut pred = String::new();
    if let Some(w) = &ix.predicate {
        if to == Dialect::Mysql {
            if ix.unique {
                g.warn(format!("{what}: partial unique index (WHERE {w}) cannot be expressed in MySQL; left out"));
                return None;
            }
            g.warn(format!("{what}: partial index predicate WHERE {w} dropped (MySQL has no partial indexes)"));
        } else {
            match translate_expr(w, Some(t), from, to) {
                Some(x) => pred = format!(" WHERE {x}"),
                None => {
                    g.warn(format!("{what}: predicate WHERE {w} cannot be expressed in {}; index left out", to.label()));
                    return None;
                }
            }
        }
    }
    let include = if !ix.include.is_empty() && to == Dialect::Postgres && ix.include.iter().all(|c| t.column(c).is_some()) {
        format!(" INCLUDE ({})", g.cols(t, &ix.include))
    } else {
        if !ix.include.is_empty() {
            g.warn(format!("{what}: INCLUDE columns not kept"));
        }
        String::new()
    };
    let mut kind = if ix.unique { "UNIQUE INDEX" } else { "INDEX" }.to_string();
    let mut using = String::new();
    match to {
        Dialect::Postgres => {
            if method == "fulltext" || method == "spatial" {
                g.warn(format!("{what}: {} index cannot be expressed in PostgreSQL; left out", method.to_uppercase()));
                return None;
            }
            if method != "btree" && from == Dialect::Postgres {
                using = format!(" USING {}", ident(to, &method));
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
            if method != "btree" {
                if method == "fulltext" || method == "spatial" || from == Dialect::Postgres {
                    g.warn(format!("{what}: {method} index generated as a plain index"));
                }
            }
        }
    }
    let tschema = g.names[ti].0.clone();
    let name = match (&ix.name, to) {
        (Some(n), Dialect::Postgres) if g.keep_name(&Some(n.clone())).is_some() => g.unique_relname(&tschema, n, &t.name),
        (_, Dialect::Postgres) => {
            let cols: Vec<String> = ix.parts.iter().map(|p| p.column.clone().unwrap_or_else(|| "expr".into())).collect();
            g.unique_relname(&tschema, &format!("{}_{}_idx", t.name, cols.join("_")), &t.name)
        }
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
        _ => {
            let cols: Vec<String> = ix.parts.iter().map(|p| p.column.clone().unwrap_or_else(|| "expr".into())).collect();
            g.index_names.unique(&format!("{}_{}_idx", t.name, cols.join("_")))
        }
    };
    let qname = match (&tschema, to) {
        (Some(s), Dialect::Postgres) => format!("{}.{}", ident(to, s), ident(to, &name)),
        _ => ident(to, &name),
    };
    let _ = qname;
    Some(format!("CREATE {kind} {} ON {}{using} ({}){include}{pred};", ident(to, &name), g.tname(ti), parts.join(", ")))
}

fn policy_stmt(g: &Gen, tname: &str, p: &crate::model::Policy) -> Option<String> {
    if g.from != Dialect::Postgres {
        return None;
    }
    Some(create_policy(g.to, tname, p))
}

/// `CREATE POLICY ... ;` for a PostgreSQL row-level-security policy on the (already quoted) table
/// `tname` (also used by the schema differ).
pub(crate) fn create_policy(to: Dialect, tname: &str, p: &crate::model::Policy) -> String {
    let mut s = format!("CREATE POLICY {} ON {tname}", ident(to, &p.name));
    if !p.permissive {
        s.push_str(" AS RESTRICTIVE");
    }
    let cmd = p.command.to_ascii_uppercase();
    if !cmd.is_empty() && cmd != "ALL" {
        s.push_str(&format!(" FOR {cmd}"));
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|r| {
                let l = r.to_ascii_lowercase();
                if matches!(l.as_str(), "public" | "current_user" | "session_user" | "current_role") {
                    l.to_uppercase()
                } else {
                    ident(to, r)
                }
            })
            .collect();
        s.push_str(&format!(" TO {}", roles.join(", ")));
    }
    if let Some(u) = &p.using {
        s.push_str(&format!(" USING ({u})"));
    }
    if let Some(w) = &p.with_check {
        s.push_str(&format!(" WITH CHECK ({w})"));
    }
    s.push(';');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn gen(text: &str, from: Dialect, to: Dialect) -> Generated {
        generate(&parse(text, from).schema, to)
    }

    #[test]
    fn quoting_only_where_needed() {
        assert_eq!(ident(Dialect::Postgres, "users"), "users");
        assert_eq!(ident(Dialect::Postgres, "user"), "\"user\"");
        assert_eq!(ident(Dialect::Postgres, "Users"), "\"Users\"");
        assert_eq!(ident(Dialect::Mysql, "Users"), "Users");
        assert_eq!(ident(Dialect::Mysql, "order"), "`order`");
        assert_eq!(ident(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(ident(Dialect::Sqlite, "a\"b"), "\"a\"\"b\"");
        assert_eq!(string_lit(Dialect::Mysql, "it's \\"), "'it''s \\\\'");
    }

    #[test]
    fn cycles_are_closed_with_alter_table() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));";
        let out = gen(sql, Dialect::Postgres, Dialect::Postgres);
        assert!(out.code.contains("ALTER TABLE"), "{}", out.code);
        let out = gen(sql, Dialect::Postgres, Dialect::Sqlite);
        assert!(!out.code.contains("ALTER TABLE"), "{}", out.code);
    }

    #[test]
    fn references_come_first() {
        let sql = "CREATE TABLE child (id int PRIMARY KEY, p int REFERENCES parent(id));\nCREATE TABLE parent (id int PRIMARY KEY);";
        let out = gen(sql, Dialect::Postgres, Dialect::Mysql);
        let p = out.code.find("CREATE TABLE parent").unwrap();
        let c = out.code.find("CREATE TABLE child").unwrap();
        assert!(p < c, "{}", out.code);
        assert!(!out.code.contains("ALTER TABLE"));
    }

    #[test]
    fn types_map_across_dialects() {
        let sql = "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), m mood, tags text[], j jsonb, at timestamptz DEFAULT now(), ok boolean DEFAULT true, n bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE);";
        let my = gen(sql, Dialect::Postgres, Dialect::Mysql);
        assert!(my.code.contains("enum('a', 'b')"), "{}", my.code);
        assert!(my.code.contains("char(36)"), "{}", my.code);
        assert!(my.code.contains("AUTO_INCREMENT"), "{}", my.code);
        assert!(my.code.contains("tags json"), "{}", my.code);
        assert!(my.warnings.iter().any(|w| w.contains("arrays")), "{:?}", my.warnings);
        assert!(my.code.contains("-- Warnings"), "{}", my.code);
        let lite = gen(sql, Dialect::Postgres, Dialect::Sqlite);
        assert!(lite.code.contains("CHECK (m IN ('a', 'b'))"), "{}", lite.code);
        let back = gen("CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, s enum('x','y') DEFAULT 'x', f tinyint(1) DEFAULT 0);", Dialect::Mysql, Dialect::Postgres);
        assert!(back.code.contains("GENERATED BY DEFAULT AS IDENTITY"), "{}", back.code);
        assert!(back.code.contains("CREATE TYPE t_s AS ENUM ('x', 'y')"), "{}", back.code);
        assert!(back.code.contains("f boolean DEFAULT false"), "{}", back.code);
    }

    #[test]
    fn hostile_names_stay_quoted() {
        let sql = "CREATE TABLE \"a\"\"b*/\n<script>\" (\"select\" int PRIMARY KEY, \"x`y\" text);\nCOMMENT ON TABLE \"a\"\"b*/\n<script>\" IS 'it''s */ -- \n x';";
        for to in Dialect::ALL {
            let out = gen(sql, Dialect::Postgres, to);
            // the output reads back as the same table and columns
            let back = parse(&out.code, to);
            assert_eq!(back.schema.tables.len(), 1, "{to:?}: {}", out.code);
            let t = &back.schema.tables[0];
            assert_eq!(t.name, "a\"b*/\n<script>", "{to:?}: {}", out.code);
            let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(cols, ["select", "x`y"], "{to:?}: {}", out.code);
        }
    }

    #[test]
    fn expressions_translate_or_warn() {
        let t = Table { columns: vec![Column { name: "Price".into(), ..Default::default() }], ..Default::default() };
        assert_eq!(translate_expr("(\"Price\" > 0)", Some(&t), Dialect::Postgres, Dialect::Mysql).as_deref(), Some("(Price > 0)"));
        assert_eq!(translate_expr("`Price` IN ('a', 'b')", Some(&t), Dialect::Mysql, Dialect::Postgres).as_deref(), Some("\"Price\" IN ('a', 'b')"));
        assert_eq!(translate_expr("price ~ '^x'", Some(&t), Dialect::Postgres, Dialect::Mysql), None);
        assert_eq!(translate_expr("length(\"Price\"::text) > 0", Some(&t), Dialect::Postgres, Dialect::Sqlite).as_deref(), Some("length(Price) > 0"));
    }
}
