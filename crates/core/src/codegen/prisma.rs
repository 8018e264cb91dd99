//! Prisma schema (`schema.prisma`) in the shape `prisma db pull` would write, laid out exactly as
//! `prisma format` lays it out (so formatting the output changes nothing).
//!
//! Models are PascalCase singular with `@@map` to the table, fields camelCase with `@map` to the
//! column; native types via `@db.*`; relations on both sides. What Prisma cannot express (check
//! constraints, partial/expression indexes, RLS policies, generated columns, ...) is kept as a
//! `//` comment beside the model and reported as a warning.

use super::PrismaNaming;
use super::escape::prisma as esc;
use super::names::{self, camel, js_int_width, pascal, Namer};
use crate::model::{BinaryKind, Network, TextKind, TypeKind as K};
use super::Generated;
use crate::model::{Column, ForeignKey, RefAction, Schema, Table};
use crate::Dialect;
use std::collections::{HashMap, HashSet};

mod views;

/// Names Prisma (or the generated client) reserves for models and enums.
const RESERVED_TYPES: &[&str] = &[
    "String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes", "Unsupported", "PrismaClient", "Prisma", "Object", "Date", "Promise", "Buffer", "Error", "Map", "Set",
    "Array", "Symbol", "Number", "Function", "JSON", "Model", "Enum",
];

struct Field {
    /// Comment lines written above the field (without the `//`).
    notes: Vec<String>,
    /// `///` documentation (column comment).
    doc: Option<String>,
    name: String,
    ty: String,
    attrs: Vec<String>,
}

struct Model {
    table: usize,
    name: String,
    /// The PascalCase singular noun relation fields are named after (the model name, except for a
    /// table kept under its own name).
    noun: String,
    doc: Option<String>,
    notes: Vec<String>,
    fields: Vec<Field>,
    block: Vec<String>,
    /// column name → field index
    col_field: HashMap<String, usize>,
    /// Prisma base type per column (`String`, `Int`, enum name, `Unsupported`), for relation checks.
    col_type: HashMap<String, String>,
    /// Column sets that are unique criteria (PK and emitted uniques), as written.
    uniques: Vec<Vec<String>>,
    has_id: bool,
    ignored: bool,
    namer: Namer,
    /// A `view` block (the `views` preview feature), not a `model`.
    view: bool,
}

struct PEnum {
    name: String,
    db_name: Option<String>,
    schema: Option<String>,
    values: Vec<(String, Option<String>)>,
}

fn provider(d: Dialect) -> &'static str {
    match d {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
}

/// Whether Prisma accepts `n` in a `map:` argument for the provider: the engine's own name limit
/// ([`crate::sqltext::too_long`]), and 10,000 bytes for SQLite. Longer names are left out (Prisma
/// would reject the schema).
fn map_fits(d: Dialect, n: &str) -> bool {
    match d {
        Dialect::Sqlite => n.len() <= 10_000,
        _ => !crate::sqltext::too_long(d, n),
    }
}

fn enum_value_ident(v: &str) -> String {
    let s: String = v.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let s = s.trim_matches('_').to_string();
    let s = if s.is_empty() { "EMPTY".to_string() } else { s };
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    }
}

fn make_enum(name: String, db_name: Option<String>, schema: Option<String>, values: &[String]) -> PEnum {
    let mut namer = Namer::new();
    let mut vals = Vec::new();
    let mut seen = HashSet::new();
    for v in values {
        if !seen.insert(v.clone()) {
            continue;
        }
        let id = namer.unique(&enum_value_ident(v));
        let map = (id != *v).then(|| v.clone());
        vals.push((id, map));
    }
    PEnum { name, db_name, schema, values: vals }
}

/// (Prisma type, native attribute) for a column, or `Unsupported("...")`.
fn field_type(schema: &Schema, col: &Column, enum_names: &HashMap<usize, String>, inline_enum: Option<&str>) -> (String, Option<String>) {
    let d = schema.dialect;
    let rt = schema.resolve_type(&col.data_type);
    let k = &rt.kind;
    let width = js_int_width(k, d);
    let boolean = k.is_boolean(d);
    let p1 = k.time_precision();
    let unsupported = || (format!("Unsupported({})", esc::string(&col.data_type.spelling)), None);
    let prec = |name: &str, max: u32, default: u32| -> Option<String> {
        match p1 {
            Some(p) if p <= max => Some(format!("@db.{name}({p})")),
            Some(_) => Some(format!("@db.{name}({default})")),
            None => Some(format!("@db.{name}({default})")),
        }
    };
    // precision and (non-negative) scale of a decimal
    let (dp, ds) = match k {
        K::Decimal { precision, scale, .. } => (*precision, scale.and_then(|s| u32::try_from(s).ok())),
        _ => (None, None),
    };
    let (ty, native): (&str, Option<String>) = match d {
        Dialect::Sqlite => match k {
            _ if width == Some(8) => ("BigInt", None),
            _ if width.is_some() || *k == K::Year => ("Int", None),
            K::Bool => ("Boolean", None),
            K::Date | K::Timestamp { .. } => ("DateTime", None),
            K::Json { .. } => ("Json", None),
            K::Decimal { .. } => ("Decimal", None),
            K::Float { .. } => ("Float", None),
            _ if names::is_js_bytes(k, d) => ("Bytes", None),
            _ => ("String", None),
        },
        Dialect::Mysql => {
            let u = k.is_unsigned();
            match k {
                _ if boolean => ("Boolean", if matches!(k, K::Bit { .. }) { Some("@db.Bit(1)".into()) } else { None }),
                K::Int { bytes: 1, .. } => ("Int", Some(if u { "@db.UnsignedTinyInt" } else { "@db.TinyInt" }.into())),
                K::Int { bytes: 2, .. } => ("Int", Some(if u { "@db.UnsignedSmallInt" } else { "@db.SmallInt" }.into())),
                K::Int { bytes: 3, .. } => ("Int", Some(if u { "@db.UnsignedMediumInt" } else { "@db.MediumInt" }.into())),
                K::Int { bytes: 4, unsigned: true, .. } => ("Int", Some("@db.UnsignedInt".into())),
                K::Int { bytes: 4, .. } => ("Int", None),
                K::Int { .. } => ("BigInt", if u { Some("@db.UnsignedBigInt".into()) } else { None }),
                K::Year => ("Int", Some("@db.Year".into())),
                K::Float { bytes: 4, .. } => ("Float", Some("@db.Float".into())),
                K::Float { .. } => ("Float", None),
                K::Decimal { .. } => ("Decimal", Some(match (dp, ds) {
                    (Some(p), Some(s)) if p <= 65 && s <= p && s <= 30 => format!("@db.Decimal({p}, {s})"),
                    (Some(p), None) if p <= 65 => format!("@db.Decimal({p}, 0)"),
                    _ => "@db.Decimal(10, 0)".into(),
                })),
                K::VarChar { length } => ("String", Some(format!("@db.VarChar({})", length.filter(|n| *n <= 65535).unwrap_or(255)))),
                K::Char { length } => ("String", Some(format!("@db.Char({})", length.filter(|n| *n <= 255).unwrap_or(1)))),
                K::Text(size) => ("String", Some(match size {
                    TextKind::Tiny => "@db.TinyText",
                    TextKind::Medium => "@db.MediumText",
                    TextKind::Long => "@db.LongText",
                    _ => "@db.Text",
                }.into())),
                K::Timestamp { tz: true, .. } => ("DateTime", prec("Timestamp", 6, 0)),
                K::Timestamp { .. } => ("DateTime", prec("DateTime", 6, 0)),
                K::Date => ("DateTime", Some("@db.Date".into())),
                K::Time { .. } => ("DateTime", prec("Time", 6, 0)),
                K::Json { .. } => ("Json", None),
                K::Binary(b) => ("Bytes", Some(match b {
                    BinaryKind::Blob => "@db.Blob".to_string(),
                    BinaryKind::TinyBlob => "@db.TinyBlob".into(),
                    BinaryKind::MediumBlob => "@db.MediumBlob".into(),
                    BinaryKind::Binary(l) => format!("@db.Binary({})", l.filter(|n| *n <= 255).unwrap_or(1)),
                    BinaryKind::VarBinary(l) => format!("@db.VarBinary({})", l.filter(|n| *n <= 65535).unwrap_or(255)),
                    _ => "@db.LongBlob".into(),
                })),
                K::Enum(_) => match inline_enum {
                    Some(e) => return (e.to_string(), None),
                    None => return unsupported(),
                },
                K::Set(_) => ("String", None),
                _ => return unsupported(),
            }
        }
        Dialect::Postgres => match k {
            _ if width == Some(2) => ("Int", Some("@db.SmallInt".into())),
            _ if width == Some(4) => ("Int", None),
            _ if width == Some(8) => ("BigInt", None),
            K::Float { bytes: 4, .. } => ("Float", Some("@db.Real".into())),
            K::Float { .. } => ("Float", None),
            K::Decimal { .. } => ("Decimal", Some(match (dp, ds) {
                (Some(p), Some(s)) if (1..=1000).contains(&p) && s <= p => format!("@db.Decimal({p}, {s})"),
                (Some(p), None) if (1..=1000).contains(&p) => format!("@db.Decimal({p}, 0)"),
                _ => "@db.Decimal".into(),
            })),
            K::Money => ("Decimal", Some("@db.Money".into())),
            K::Text(TextKind::Citext) => ("String", Some("@db.Citext".into())),
            K::Text(TextKind::Name) => return unsupported(),
            K::Text(_) => ("String", None),
            K::VarChar { length } => ("String", Some(match length {
                Some(n) if (1..=10_485_760).contains(n) => format!("@db.VarChar({n})"),
                _ => "@db.VarChar".into(),
            })),
            K::Char { length } => ("String", Some(match length {
                Some(n) if (1..=10_485_760).contains(n) => format!("@db.Char({n})"),
                _ => "@db.Char(1)".into(),
            })),
            K::Uuid => ("String", Some("@db.Uuid".into())),
            K::Bool => ("Boolean", None),
            K::Timestamp { tz: false, .. } => ("DateTime", prec("Timestamp", 6, 6)),
            K::Timestamp { tz: true, .. } => ("DateTime", prec("Timestamptz", 6, 6)),
            K::Date => ("DateTime", Some("@db.Date".into())),
            K::Time { tz: false, .. } => ("DateTime", prec("Time", 6, 6)),
            K::Time { tz: true, .. } => ("DateTime", prec("Timetz", 6, 6)),
            K::Json { binary: false } => ("Json", Some("@db.Json".into())),
            K::Json { binary: true } => ("Json", None),
            K::Binary(_) => ("Bytes", None),
            K::Network(Network::Inet) => ("String", Some("@db.Inet".into())),
            K::Named(_) if schema.enum_of(rt).is_some() => match schema.enum_of(rt).and_then(|i| enum_names.get(&i)) {
                Some(n) => return (n.clone(), None),
                None => return unsupported(),
            },
            K::Other(n) if n == "xml" => ("String", Some("@db.Xml".into())),
            K::Bit { length, varying: false } => ("String", Some(format!("@db.Bit({})", length.filter(|n| *n >= 1).unwrap_or(1)))),
            K::Bit { varying: true, .. } => ("String", Some("@db.VarBit".into())),
            _ => return unsupported(),
        },
    };
    (ty.to_string(), native)
}

fn action(a: RefAction) -> &'static str {
    match a {
        RefAction::NoAction => "NoAction",
        RefAction::Restrict => "Restrict",
        RefAction::Cascade => "Cascade",
        RefAction::SetNull => "SetNull",
        RefAction::SetDefault => "SetDefault",
    }
}

/// The `@default(...)` argument for a column, if any.
fn default_arg(d: Dialect, col: &Column, kind: &K, ty: &str, list: bool, penum: Option<&PEnum>) -> Option<String> {
    if col.generated.is_some() {
        return None;
    }
    let int_like = ty == "Int" || ty == "BigInt";
    if col.identity.is_some() && int_like && !list {
        return Some("autoincrement()".into());
    }
    let expr = col.default.as_deref()?.trim();
    let stripped = names::strip_default(d, expr);
    if stripped.eq_ignore_ascii_case("null") {
        return None;
    }
    let lower = stripped.to_ascii_lowercase();
    if int_like && !list && lower.starts_with("nextval(") {
        return Some("autoincrement()".into());
    }
    let db = || Some(format!("dbgenerated({})", esc::string(expr)));
    if list || ty.starts_with("Unsupported") {
        return db();
    }
    if names::is_now(d, expr) {
        return if ty == "DateTime" { Some("now()".into()) } else { db() };
    }
    if let Some(e) = penum {
        if let Some(v) = names::sql_string_literal(d, expr) {
            if let Some((id, _)) = e.values.iter().find(|(id, map)| map.as_deref().unwrap_or(id) == v) {
                return Some(id.clone());
            }
        }
        return db();
    }
    match ty {
        "String" | "Json" => match names::sql_string_literal(d, expr) {
            Some(v) => Some(esc::string(&v)),
            None if kind.is_text() => match names::sql_number_literal(d, expr) {
                Some(n) if !expr.contains('\'') => Some(esc::string(&n)),
                _ => db(),
            },
            None => db(),
        },
        "Boolean" => match names::sql_bool_literal(d, expr) {
            Some(b) => Some(b.to_string()),
            None => db(),
        },
        "Int" | "BigInt" => match names::sql_number_literal(d, expr) {
            Some(n) if (ty == "Int" && n.parse::<i32>().is_ok()) || (ty == "BigInt" && n.parse::<i64>().is_ok()) => Some(n),
            _ => db(),
        },
        "Float" | "Decimal" => match names::sql_number_literal(d, expr) {
            Some(n) if n.len() < 30 => Some(n),
            _ => db(),
        },
        _ => db(),
    }
}

fn is_updated_at(name: &str) -> bool {
    matches!(name.to_ascii_lowercase().as_str(), "updated_at" | "updatedat" | "modified_at" | "modifiedat" | "updated_on")
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x))
}

/// A name Prisma accepts as a model, enum or field name as it is: an ASCII letter, then letters,
/// digits and `_`.
fn is_prisma_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Words Prisma Client does not accept as model names (JavaScript reserved words); only a table
/// kept under its own name can hit them.
const RESERVED_MODEL_WORDS: &[&str] = &[
    "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
    "var", "void", "while", "with", "yield", "model", "type", "view", "generator", "datasource",
];

/// The name a table, enum or column starts from: in `Keep` mode its own name when Prisma accepts
/// it, else the PascalCase (types) / camelCase (fields) rule.
fn base_name(naming: PrismaNaming, own: &str, derived: impl FnOnce() -> String, fallback: &str, prefix: &str) -> String {
    if naming == PrismaNaming::Keep && is_prisma_ident(own) {
        return own.to_string();
    }
    names::safe_ident(&derived(), fallback, prefix, &[])
}

/// Generates `schema.prisma` (PascalCase models).
pub fn generate(schema: &Schema) -> Generated {
    generate_with(schema, PrismaNaming::Pascal)
}

/// Generates `schema.prisma` with the given naming of models and fields.
pub fn generate_with(schema: &Schema, naming: PrismaNaming) -> Generated {
    let d = schema.dialect;
    let mut warnings: Vec<String> = Vec::new();
    let mut top_notes: Vec<String> = Vec::new();
    let mut types = Namer::new();
    for r in RESERVED_TYPES {
        types.reserve(r);
    }
    if naming == PrismaNaming::Keep {
        for r in RESERVED_MODEL_WORDS {
            types.reserve(r);
        }
    }

    // Multi-schema (PostgreSQL only): every model and enum says where it lives.
    let schema_of = |s: &Option<String>| -> String { s.clone().unwrap_or_else(|| "public".into()) };
    let multi = d == Dialect::Postgres && (schema.tables.iter().any(|t| t.schema.as_deref().is_some_and(|s| s != "public")) || schema.enums.iter().any(|e| e.schema.as_deref().is_some_and(|s| s != "public")));
    let mut schemas_used: Vec<String> = Vec::new();

    // Enums.
    let mut enums: Vec<PEnum> = Vec::new();
    let mut enum_names: HashMap<usize, String> = HashMap::new();
    let mut enum_of_name: HashMap<String, usize> = HashMap::new();
    if d == Dialect::Postgres {
        for (i, e) in schema.enums.iter().enumerate() {
            if e.values.is_empty() {
                let note = format!("enum {} has no values; columns of that type are Unsupported", e.name);
                warnings.push(note.clone());
                top_notes.push(note);
                continue;
            }
            let base = base_name(naming, &e.name, || pascal(&e.name), "Enum", "E");
            let name = types.unique(&base);
            enum_names.insert(i, name.clone());
            enum_of_name.insert(name.clone(), enums.len());
            let db_name = (name != e.name).then(|| e.name.clone());
            enums.push(make_enum(name, db_name, multi.then(|| schema_of(&e.schema)), &e.values));
        }
    }

    // Models.
    let mut models: Vec<Model> = Vec::new();
    let mut table_model: HashMap<usize, usize> = HashMap::new();
    let mut mapped: HashSet<(String, String)> = HashSet::new();
    let mut constraint_names: HashSet<(String, String)> = HashSet::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if let Some(m) = &t.virtual_module {
            let note = format!("virtual table {} (using {m}) is not supported by Prisma and was left out", t.name);
            warnings.push(note.clone());
            top_notes.push(note);
            continue;
        }
        if let Some(parent) = t.partition_of.as_ref().filter(|p| schema.table_index(p).is_some()) {
            // partitions are reached through their parent (as `prisma db pull` leaves them out)
            let note = format!("partition {} of {parent} is not a separate model; query {parent}", t.qualified_name());
            warnings.push(note.clone());
            top_notes.push(note);
            continue;
        }
        let sch = if multi { schema_of(&t.schema) } else { String::new() };
        let key = if d == Dialect::Postgres { t.name.clone() } else { t.name.to_ascii_lowercase() };
        if !mapped.insert((sch.clone(), key)) {
            let note = format!("table {} appears twice; the second definition was left out", t.qualified_name());
            warnings.push(note.clone());
            top_notes.push(note);
            continue;
        }
        if multi && !schemas_used.contains(&sch) {
            schemas_used.push(sch.clone());
        }
        let base = base_name(naming, &t.name, || pascal(&names::singular(&t.name)), "Model", "M");
        let name = types.unique(&base);
        let m = build_model(schema, ti, t, name, naming, &enum_names, &mut enums, &mut enum_of_name, &mut types, multi.then_some(sch.as_str()), &mut constraint_names, &mut warnings);
        table_model.insert(ti, models.len());
        models.push(m);
    }
    for e in &enums {
        if let Some(s) = &e.schema {
            if !schemas_used.contains(s) {
                schemas_used.push(s.clone());
            }
        }
    }

    add_relations(schema, &mut models, &table_model, &mut warnings);
    let views = views::views(schema, naming, multi, &mut types, &enum_names, &mut warnings);
    for s in views.schemas {
        if !schemas_used.contains(&s) {
            schemas_used.push(s);
        }
    }

    // Render.
    let mut out = String::new();
    if views.models.is_empty() {
        out.push_str("generator client {\n  provider = \"prisma-client-js\"\n}\n\n");
    } else {
        out.push_str("generator client {\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"views\"]\n}\n\n");
    }
    out.push_str("datasource db {\n");
    let mut props = vec![("provider", format!("\"{}\"", provider(d)))];
    if multi {
        schemas_used.sort();
        let list: Vec<String> = schemas_used.iter().map(|s| esc::string(s)).collect();
        props.push(("schemas", format!("[{}]", list.join(", "))));
    }
    // Relations the database does not hold (read from a relationMode = "prisma" schema).
    let fks = || schema.tables.iter().flat_map(|t| &t.foreign_keys);
    if fks().any(|f| f.logical) {
        props.push(("relationMode", "\"prisma\"".to_string()));
        let real = fks().filter(|f| !f.logical).count();
        if real > 0 {
            warnings.push(format!("relationMode = \"prisma\" (the schema has logical relations): its {real} database foreign key(s) become relations Prisma Client keeps"));
        }
    }
    let width = props.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in props {
        out.push_str(&format!("  {k:width$} = {v}\n"));
    }
    out.push_str("}\n");
    for n in &top_notes {
        out.push_str(&format!("\n// {}\n", esc::comment(n)));
    }
    for m in models.iter().chain(&views.models) {
        out.push('\n');
        render_model(&mut out, m);
    }
    for e in &enums {
        out.push('\n');
        render_enum(&mut out, e);
    }
    Generated { code: out, warnings }
}

#[allow(clippy::too_many_arguments)]
fn build_model(
    schema: &Schema,
    _ti: usize,
    t: &Table,
    name: String,
    naming: PrismaNaming,
    enum_names: &HashMap<usize, String>,
    enums: &mut Vec<PEnum>,
    enum_of_name: &mut HashMap<String, usize>,
    types: &mut Namer,
    multi_schema: Option<&str>,
    constraint_names: &mut HashSet<(String, String)>,
    warnings: &mut Vec<String>,
) -> Model {
    let d = schema.dialect;
    let tname = &t.name;
    let noun = if naming == PrismaNaming::Keep { names::safe_ident(&pascal(&names::singular(tname)), "Model", "M", &[]) } else { name.clone() };
    let mut m = Model {
        table: _ti,
        noun,
        name,
        doc: t.comment.as_ref().map(|c| esc::comment(c)).filter(|c| !c.is_empty()),
        notes: Vec::new(),
        fields: Vec::new(),
        block: Vec::new(),
        col_field: HashMap::new(),
        col_type: HashMap::new(),
        uniques: Vec::new(),
        has_id: false,
        ignored: false,
        namer: Namer::new(),
        view: false,
    };
    let mut note = |m: &mut Model, s: String| {
        warnings.push(format!("{tname}: {s}"));
        m.notes.push(esc::comment(&s));
    };
    // Prisma checks constraint names per schema, except MySQL's index names: per table (its
    // `ModelKeyIndex` scope), so `KEY name (name)` in two tables keeps both names.
    let ns = match d {
        Dialect::Mysql => format!("{}\u{0}{tname}", multi_schema.unwrap_or("")),
        _ => multi_schema.unwrap_or("").to_string(),
    };
    let mut claim = |n: &str| constraint_names.insert((ns.clone(), n.to_ascii_lowercase()));
    let pk_cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let mut unsupported_cols: HashSet<String> = HashSet::new();

    for c in &t.columns {
        let rt = schema.resolve_type(&c.data_type);
        let kind = &rt.kind;
        let mut inline: Option<String> = None;
        if let K::Enum(values) = kind {
            if d == Dialect::Mysql && !values.is_empty() {
                let base = names::safe_ident(&format!("{}{}", m.name, pascal(&c.name)), "Enum", "E", &[]);
                let en = types.unique(&base);
                enum_of_name.insert(en.clone(), enums.len());
                enums.push(make_enum(en.clone(), None, None, values));
                inline = Some(en);
            }
        }
        let (mut ty, native) = field_type(schema, c, enum_names, inline.as_deref());
        let dims = rt.array_dims.max(c.data_type.array_dims);
        let mut list = false;
        if dims > 0 {
            if d == Dialect::Postgres && dims == 1 && !ty.starts_with("Unsupported") {
                list = true;
            } else {
                ty = format!("Unsupported({})", esc::string(&c.data_type.spelling));
            }
        }
        let unsupported = ty.starts_with("Unsupported");
        let base_ty = ty.clone();
        let in_pk = pk_cols.iter().any(|p| p == &c.name);
        let optional = c.nullable && !in_pk && !list;
        let base = base_name(naming, &c.name, || camel(&c.name), "field", "f");
        let fname = m.namer.unique(&base);
        let mut attrs = Vec::new();
        let penum = enum_of_name.get(&ty).map(|i| &enums[*i]);
        if let Some(def) = default_arg(d, c, kind, &ty, list, penum) {
            attrs.push(format!("@default({def})"));
        }
        let on_update_now = c.on_update.as_deref().is_some_and(|e| names::is_now(d, e));
        if (is_updated_at(&c.name) || on_update_now) && ty == "DateTime" && !list {
            attrs.push("@updatedAt".into());
        }
        if fname != c.name {
            attrs.push(format!("@map({})", esc::string(&c.name)));
        }
        if let Some(n) = native {
            attrs.push(n);
        }
        let mut notes = Vec::new();
        if let Some(g) = &c.generated {
            notes.push(esc::comment(&format!("{} is a generated column ({}) — Prisma treats it as a plain column", c.name, g.expression)));
        }
        if let K::Set(_) = kind {
            notes.push(esc::comment(&format!("{} is a MySQL SET ({})", c.name, c.data_type.spelling)));
        }
        if unsupported {
            unsupported_cols.insert(c.name.clone());
        }
        m.col_field.insert(c.name.clone(), m.fields.len());
        m.col_type.insert(c.name.clone(), format!("{base_ty}{}", if list { "[]" } else { "" }));
        m.fields.push(Field {
            notes,
            doc: c.comment.as_ref().map(|s| esc::comment(s)).filter(|s| !s.is_empty()),
            name: fname,
            ty: format!("{ty}{}", if list { "[]" } else if optional { "?" } else { "" }),
            attrs,
        });
    }

    let field_of = |m: &Model, col: &str| -> Option<usize> { m.col_field.get(col).copied().or_else(|| t.column(col).and_then(|c| m.col_field.get(&c.name).copied())) };
    let col_name = |col: &str| -> String { t.column(col).map(|c| c.name.clone()).unwrap_or_else(|| col.to_string()) };
    let default_name = |suffix: &str, cols: &[String]| format!("{}_{}_{}", tname, cols.join("_"), suffix);
    let mappable = |n: &str| -> bool { !(d == Dialect::Sqlite && n.starts_with("sqlite_autoindex")) && map_fits(d, n) };

    // Primary key.
    if let Some(pk) = &t.primary_key {
        let cols: Vec<String> = pk.columns.iter().map(|c| col_name(c)).collect();
        let idx: Vec<Option<usize>> = cols.iter().map(|c| field_of(&m, c)).collect();
        if cols.is_empty() || idx.iter().any(|i| i.is_none()) {
            note(&mut m, format!("primary key ({}) names unknown columns", cols.join(", ")));
        } else if cols.iter().any(|c| unsupported_cols.contains(c)) {
            note(&mut m, format!("primary key ({}) is on a column type Prisma does not support", cols.join(", ")));
        } else {
            let map = match (&pk.name, d) {
                (Some(n), Dialect::Postgres) if *n != format!("{tname}_pkey") && claim(n) => Some(n.clone()),
                (Some(n), Dialect::Postgres) => {
                    claim(n);
                    None
                }
                _ => None,
            };
            if cols.len() == 1 {
                let f = &mut m.fields[idx[0].unwrap_or(0)];
                f.attrs.insert(0, match map {
                    Some(n) => format!("@id(map: {})", esc::string(&n)),
                    None => "@id".into(),
                });
            } else {
                let names: Vec<String> = idx.iter().map(|i| m.fields[i.unwrap_or(0)].name.clone()).collect();
                m.block.push(match map {
                    Some(n) => format!("@@id([{}], map: {})", names.join(", "), esc::string(&n)),
                    None => format!("@@id([{}])", names.join(", ")),
                });
            }
            m.has_id = true;
            m.uniques.push(cols);
        }
    }

    // Unique constraints and indexes.
    struct Ix {
        name: Option<String>,
        unique: bool,
        parts: Vec<(String, bool, Option<u32>)>,
        hash: bool,
    }
    let mut ixs: Vec<Ix> = Vec::new();
    for u in &t.uniques {
        let parts: Vec<(String, bool, Option<u32>)> = u.columns.iter().map(|c| (col_name(c), false, None)).collect();
        if u.nulls_not_distinct {
            note(&mut m, format!("unique {} is NULLS NOT DISTINCT, which Prisma cannot express", u.name.clone().unwrap_or_default()));
        }
        ixs.push(Ix { name: u.name.clone(), unique: true, parts, hash: false });
    }
    for ix in t.indexes.iter().filter(|i| !i.implicit) {
        let label = ix.name.clone().unwrap_or_else(|| "(unnamed)".into());
        let display = ix.parts.iter().map(|p| p.display()).collect::<Vec<_>>().join(", ");
        let kind = if ix.unique { "unique index" } else { "index" };
        if let Some(p) = &ix.predicate {
            note(&mut m, format!("partial {kind} {label} on ({display}) WHERE {p} is not supported by Prisma"));
            continue;
        }
        if ix.parts.iter().any(|p| p.column.is_none() || p.opclass.is_some()) {
            note(&mut m, format!("expression {kind} {label} on ({display}) is not supported by Prisma"));
            continue;
        }
        if let Some(meth) = ix.method.as_deref().filter(|m| !matches!(*m, "btree" | "hash")) {
            note(&mut m, format!("{meth} {kind} {label} on ({display}) is not supported by Prisma here"));
            continue;
        }
        if !ix.include.is_empty() {
            note(&mut m, format!("{kind} {label} has INCLUDE ({}), which Prisma cannot express", ix.include.join(", ")));
        }
        let hash = ix.method.as_deref() == Some("hash") && d == Dialect::Postgres && !ix.unique;
        let parts = ix.parts.iter().map(|p| (col_name(p.column.as_deref().unwrap_or_default()), p.descending, p.length)).collect();
        ixs.push(Ix { name: ix.name.clone(), unique: ix.unique, parts, hash });
    }
    let mut seen_sets: Vec<(bool, Vec<(String, bool, Option<u32>)>)> = Vec::new();
    for ix in ixs {
        let cols: Vec<String> = ix.parts.iter().map(|p| p.0.clone()).collect();
        let idx: Vec<Option<usize>> = cols.iter().map(|c| field_of(&m, c)).collect();
        let label = ix.name.clone().unwrap_or_default();
        if cols.is_empty() || idx.iter().any(|i| i.is_none()) {
            note(&mut m, format!("index {label} ({}) names unknown columns", cols.join(", ")));
            continue;
        }
        if cols.iter().any(|c| unsupported_cols.contains(c)) {
            note(&mut m, format!("index {label} ({}) is on a column type Prisma does not support", cols.join(", ")));
            continue;
        }
        if ix.unique && m.uniques.iter().any(|u| same_set(u, &cols)) || seen_sets.iter().any(|(u, p)| *u == ix.unique && *p == ix.parts) {
            note(&mut m, format!("{} {label} ({}) duplicates another key", if ix.unique { "unique" } else { "index" }, cols.join(", ")));
            continue;
        }
        seen_sets.push((ix.unique, ix.parts.clone()));
        let suffix = if ix.unique { "key" } else { "idx" };
        let map = match &ix.name {
            Some(n) if mappable(n) && *n != default_name(suffix, &cols) && claim(n) => Some(n.clone()),
            Some(n) => {
                claim(n);
                None
            }
            None => None,
        };
        let simple = ix.parts.iter().all(|p| !p.1 && p.2.is_none());
        if ix.unique && cols.len() == 1 && simple {
            let f = &mut m.fields[idx[0].unwrap_or(0)];
            f.attrs.push(match map {
                Some(n) => format!("@unique(map: {})", esc::string(&n)),
                None => "@unique".into(),
            });
        } else {
            let list: Vec<String> = ix
                .parts
                .iter()
                .zip(&idx)
                .map(|(p, i)| {
                    let f = m.fields[i.unwrap_or(0)].name.clone();
                    let mut args = Vec::new();
                    if let Some(l) = p.2 {
                        args.push(format!("length: {l}"));
                    }
                    if p.1 {
                        args.push("sort: Desc".to_string());
                    }
                    if args.is_empty() {
                        f
                    } else {
                        format!("{f}({})", args.join(", "))
                    }
                })
                .collect();
            let kw = if ix.unique { "@@unique" } else { "@@index" };
            let mut args = vec![format!("[{}]", list.join(", "))];
            if let Some(n) = map {
                args.push(format!("map: {}", esc::string(&n)));
            }
            if ix.hash {
                args.push("type: Hash".into());
            }
            m.block.push(format!("{kw}({})", args.join(", ")));
        }
        if ix.unique {
            m.uniques.push(cols);
        }
    }

    for c in &t.checks {
        note(&mut m, format!("check constraint {}({}) is not supported by Prisma", c.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(), c.expression));
    }
    if t.rls_enabled || !t.policies.is_empty() {
        note(&mut m, format!("row level security is {}{}; Prisma does not manage RLS", if t.rls_enabled { "enabled" } else { "not enabled" }, if t.rls_forced { " (forced)" } else { "" }));
        for p in &t.policies {
            note(&mut m, format!("policy {} for {}{}{}", p.name, p.command, p.using.as_deref().map(|u| format!(" using ({u})")).unwrap_or_default(), p.with_check.as_deref().map(|u| format!(" with check ({u})")).unwrap_or_default()));
        }
    }
    for tr in &t.triggers {
        note(&mut m, format!("trigger {tr} is not represented in Prisma"));
    }
    if let Some(p) = &t.partition_of {
        note(&mut m, format!("partition of {p}"));
    }
    if let Some(p) = &t.partition_by {
        note(&mut m, format!("partitioned by {p}"));
    }

    // A model needs a unique criterion of required, supported fields; otherwise @@ignore it.
    let usable = m.uniques.iter().any(|u| u.iter().all(|c| t.column(c).is_some_and(|col| !col.nullable || pk_cols.contains(&col.name))));
    if !usable {
        m.ignored = true;
        note(&mut m, "the table has no primary key or unique key Prisma can use, so the model is @@ignore'd".to_string());
    }
    if m.name != *tname {
        m.block.push(format!("@@map({})", esc::string(tname)));
    }
    if let Some(s) = multi_schema {
        m.block.push(format!("@@schema({})", esc::string(s)));
    }
    m
}

fn fk_label(fk: &ForeignKey) -> String {
    format!("{}({}) → {}({})", fk.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(), fk.columns.join(", "), fk.ref_table, fk.ref_columns.join(", "))
}

fn add_relations(schema: &Schema, models: &mut [Model], table_model: &HashMap<usize, usize>, warnings: &mut Vec<String>) {
    struct Rel {
        child: usize,
        parent: usize,
        fields: Vec<String>,
        refs: Vec<String>,
        fk: ForeignKey,
    }
    let mut rels: Vec<Rel> = Vec::new();
    let mut seen_rels: HashSet<(usize, usize, Vec<String>, Vec<String>)> = HashSet::new();
    let lookup = crate::model::TableLookup::new(schema);
    let columns = crate::model::ColumnLookups::new(schema);
    for (ti, t) in schema.tables.iter().enumerate() {
        let Some(&ci) = table_model.get(&ti) else { continue };
        for fk in &t.foreign_keys {
            let reject = |models: &mut [Model], warnings: &mut Vec<String>, why: &str| {
                let s = format!("foreign key {} is not a Prisma relation: {why}", fk_label(fk));
                warnings.push(format!("{}: {s}", t.name));
                models[ci].notes.push(esc::comment(&s));
            };
            let Some(pti) = lookup.index(schema, &fk.ref_table) else {
                reject(models, warnings, "the referenced table is not in the schema");
                continue;
            };
            let Some(&pi) = table_model.get(&pti) else {
                reject(models, warnings, "the referenced table has no model");
                continue;
            };
            let pt = &schema.tables[pti];
            let refs: Vec<String> = if fk.ref_columns.is_empty() { pt.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { fk.ref_columns.clone() };
            let fields: Vec<String> = fk.columns.iter().map(|c| columns.of(ti).get(c).map(|x| x.name.clone()).unwrap_or_else(|| c.clone())).collect();
            let refs: Vec<String> = refs.iter().map(|c| columns.of(pti).get(c).map(|x| x.name.clone()).unwrap_or_else(|| c.clone())).collect();
            if fields.is_empty() || fields.len() != refs.len() || fields.iter().any(|f| !models[ci].col_field.contains_key(f)) || refs.iter().any(|r| !models[pi].col_field.contains_key(r)) {
                reject(models, warnings, "its columns do not match");
                continue;
            }
            let ty = |m: &Model, c: &String| m.col_type.get(c).cloned().unwrap_or_default();
            if fields.iter().zip(&refs).any(|(f, r)| ty(&models[ci], f) != ty(&models[pi], r) || ty(&models[ci], f).starts_with("Unsupported") || ty(&models[ci], f).ends_with("[]")) {
                reject(models, warnings, "the column types differ or are not supported");
                continue;
            }
            // references must be exactly a unique criterion of the parent; order as declared there
            let Some(u) = models[pi].uniques.iter().find(|u| same_set(u, &refs)).cloned() else {
                reject(models, warnings, "the referenced columns are not a primary or unique key");
                continue;
            };
            let mut pairs: Vec<(String, String)> = Vec::new();
            for r in &u {
                if let Some(i) = refs.iter().position(|x| x == r) {
                    pairs.push((fields[i].clone(), r.clone()));
                }
            }
            let (fields, refs): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
            if !seen_rels.insert((ci, pi, fields.clone(), refs.clone())) {
                reject(models, warnings, "it duplicates another foreign key");
                continue;
            }
            rels.push(Rel { child: ci, parent: pi, fields, refs, fk: fk.clone() });
        }
    }
    // pairs that need relation names
    let pair = |r: &Rel| if r.child <= r.parent { (r.child, r.parent) } else { (r.parent, r.child) };
    let mut pair_count: HashMap<(usize, usize), usize> = HashMap::new();
    for r in &rels {
        *pair_count.entry(pair(r)).or_default() += 1;
    }
    let mut rel_names: HashMap<(usize, usize), Namer> = HashMap::new();
    for r in &rels {
        let (ci, pi) = (r.child, r.parent);
        let table = &schema.tables[models[ci].table];
        let named = ci == pi || pair_count.get(&pair(r)).copied().unwrap_or(0) > 1;
        let rel_name = named.then(|| {
            let base = names::safe_ident(&format!("{}_{}", models[ci].name, r.fields.iter().map(|f| camel(f)).collect::<Vec<_>>().join("_")), "rel", "r", &[]);
            rel_names.entry(pair(r)).or_default().unique(&base)
        });
        let optional = r.fields.iter().any(|f| columns.of(models[ci].table).get(f).is_some_and(|c| c.nullable) && !table.primary_key.as_ref().is_some_and(|p| p.columns.contains(f)));
        let one_to_one = models[ci].uniques.iter().any(|u| same_set(u, &r.fields));
        // child side
        let child_base = match names::fk_stem(&r.fk.columns) {
            Some(stem) if !models[ci].namer.is_used(&stem) => stem,
            _ => camel(&models[pi].noun),
        };
        let child_base = names::safe_ident(&child_base, "parent", "r", &[]);
        let child_field = models[ci].namer.unique(&child_base);
        let field_names: Vec<String> = r.fields.iter().map(|f| models[ci].fields[models[ci].col_field[f]].name.clone()).collect();
        let ref_names: Vec<String> = r.refs.iter().map(|f| models[pi].fields[models[pi].col_field[f]].name.clone()).collect();
        let mut args = Vec::new();
        if let Some(n) = &rel_name {
            args.push(esc::string(n));
        }
        args.push(format!("fields: [{}]", field_names.join(", ")));
        args.push(format!("references: [{}]", ref_names.join(", ")));
        let default_delete = if optional { RefAction::SetNull } else { RefAction::Restrict };
        let mut on_delete = r.fk.on_delete;
        if on_delete == RefAction::SetNull && !optional {
            let s = format!("foreign key {} is ON DELETE SET NULL on required columns; written as NoAction", fk_label(&r.fk));
            warnings.push(format!("{}: {s}", table.name));
            models[ci].notes.push(esc::comment(&s));
            on_delete = RefAction::NoAction;
        }
        if on_delete != default_delete {
            args.push(format!("onDelete: {}", action(on_delete)));
        }
        let mut on_update = r.fk.on_update;
        if on_update == RefAction::SetNull && !optional {
            on_update = RefAction::NoAction;
        }
        if on_update != RefAction::Cascade {
            args.push(format!("onUpdate: {}", action(on_update)));
        }
        if let Some(n) = &r.fk.name {
            let default = format!("{}_{}_fkey", table.name, r.fields.join("_"));
            if schema.dialect != Dialect::Sqlite && *n != default && map_fits(schema.dialect, n) {
                args.push(format!("map: {}", esc::string(n)));
            }
        }
        let parent_name = models[pi].name.clone();
        let child_name = models[ci].name.clone();
        let parent_ignored = models[pi].ignored;
        let child_ignored = models[ci].ignored;
        let mut attrs = vec![format!("@relation({})", args.join(", "))];
        if parent_ignored && !child_ignored {
            attrs.push("@ignore".into());
        }
        models[ci].fields.push(Field { notes: Vec::new(), doc: None, name: child_field.clone(), ty: format!("{parent_name}{}", if optional { "?" } else { "" }), attrs });
        // parent side
        let child_noun = models[ci].noun.clone();
        let back_base = if one_to_one { camel(&child_noun) } else { camel(&names::plural(&child_noun)) };
        let back_base = if named { format!("{back_base}{}", pascal(&child_field)) } else { back_base };
        let back_base = names::safe_ident(&back_base, "children", "r", &[]);
        let back = models[pi].namer.unique(&back_base);
        let mut attrs = Vec::new();
        if let Some(n) = &rel_name {
            attrs.push(format!("@relation({})", esc::string(n)));
        }
        if child_ignored && !parent_ignored {
            attrs.push("@ignore".into());
        }
        models[pi].fields.push(Field { notes: Vec::new(), doc: None, name: back, ty: format!("{child_name}{}", if one_to_one { "?" } else { "[]" }), attrs });
    }
}

/// Writes rows as `prisma format` aligns them: name, type and attribute columns.
fn render_rows(out: &mut String, rows: &[(&[String], Option<&String>, &str, &str, String)]) {
    let w1 = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
    let w2 = rows.iter().map(|r| r.3.len()).max().unwrap_or(0);
    for (notes, doc, name, ty, attrs) in rows {
        for n in notes.iter() {
            out.push_str(&format!("  // {n}\n"));
        }
        if let Some(d) = doc {
            out.push_str(&format!("  /// {d}\n"));
        }
        // padded by hand: `format!`'s width is limited to 65,535 and a name or type can be longer
        let mut line = String::with_capacity(w1 + w2 + attrs.len() + 2);
        let pad = |line: &mut String, s: &str, w: usize| {
            line.push_str(s);
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(s.chars().count())));
        };
        if attrs.is_empty() {
            pad(&mut line, name, if ty.is_empty() { 0 } else { w1 });
            if !ty.is_empty() {
                line.push(' ');
                line.push_str(ty);
            }
        } else {
            pad(&mut line, name, w1);
            line.push(' ');
            if w2 > 0 {
                pad(&mut line, ty, w2);
                line.push(' ');
            }
            line.push_str(attrs);
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `prisma format` orders field attributes canonically.
fn attr_rank(a: &str) -> u8 {
    const ORDER: &[&str] = &["@id", "@unique", "@default", "@updatedAt", "@map", "@relation", "@db.", "@ignore"];
    ORDER.iter().position(|p| a.starts_with(p)).unwrap_or(ORDER.len()) as u8
}

/// ... and block attributes too.
fn block_rank(a: &str) -> u8 {
    const ORDER: &[&str] = &["@@id", "@@unique", "@@index", "@@fulltext", "@@map", "@@ignore", "@@schema"];
    ORDER.iter().position(|p| a.starts_with(p)).unwrap_or(ORDER.len()) as u8
}

fn render_model(out: &mut String, m: &Model) {
    for n in &m.notes {
        out.push_str(&format!("// {n}\n"));
    }
    if let Some(d) = &m.doc {
        out.push_str(&format!("/// {d}\n"));
    }
    out.push_str(&format!("{} {} {{\n", if m.view { "view" } else { "model" }, m.name));
    let sorted = |f: &Field| {
        let mut a = f.attrs.clone();
        a.sort_by_key(|x| attr_rank(x));
        a.join(" ")
    };
    let rows: Vec<(&[String], Option<&String>, &str, &str, String)> = m.fields.iter().map(|f| (f.notes.as_slice(), f.doc.as_ref(), f.name.as_str(), f.ty.as_str(), sorted(f))).collect();
    render_rows(out, &rows);
    let mut block = m.block.clone();
    if m.ignored {
        block.push("@@ignore".into());
    }
    block.sort_by_key(|b| block_rank(b));
    if !block.is_empty() {
        out.push('\n');
        for b in &block {
            out.push_str(&format!("  {b}\n"));
        }
    }
    out.push_str("}\n");
}

fn render_enum(out: &mut String, e: &PEnum) {
    out.push_str(&format!("enum {} {{\n", e.name));
    let attrs: Vec<String> = e.values.iter().map(|(_, m)| m.as_ref().map(|m| format!("@map({})", esc::string(m))).unwrap_or_default()).collect();
    let rows: Vec<(&[String], Option<&String>, &str, &str, String)> = e.values.iter().zip(attrs).map(|((id, _), a)| (&[][..], None, id.as_str(), "", a)).collect();
    render_rows(out, &rows);
    let mut block = Vec::new();
    if let Some(n) = &e.db_name {
        block.push(format!("@@map({})", esc::string(n)));
    }
    if let Some(s) = &e.schema {
        block.push(format!("@@schema({})", esc::string(s)));
    }
    if !block.is_empty() {
        out.push('\n');
        for b in &block {
            out.push_str(&format!("  {b}\n"));
        }
    }
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(sql: &str, d: Dialect) -> Generated {
        generate(&crate::parse::parse(sql, d).schema)
    }

    #[test]
    fn models_fields_and_relations() {
        let g = gen(
            "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE, updated_at timestamptz NOT NULL DEFAULT now());
             CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id uuid REFERENCES users(id) ON DELETE CASCADE, title varchar(200) NOT NULL);",
            Dialect::Postgres,
        );
        let c = &g.code;
        assert!(c.contains("provider = \"postgresql\""), "{c}");
        assert!(c.contains("model User {"), "{c}");
        assert!(c.contains("@@map(\"users\")"), "{c}");
        assert!(c.contains("@id @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid"), "{c}");
        assert!(c.contains("updatedAt DateTime @default(now()) @updatedAt @map(\"updated_at\") @db.Timestamptz(6)"), "{c}");
        assert!(c.contains("author   User?   @relation(fields: [authorId], references: [id], onDelete: Cascade, onUpdate: NoAction)"), "{c}");
        assert!(c.contains("posts     Post[]"), "{c}");
        assert!(c.contains("@id @default(autoincrement())"), "{c}");
        assert!(c.contains("@db.VarChar(200)"), "{c}");
    }

    #[test]
    fn mysql_types_and_on_update() {
        let g = gen("CREATE TABLE t (id smallint unsigned AUTO_INCREMENT PRIMARY KEY, ok tinyint(1) NOT NULL DEFAULT 1, s enum('a b','c') NOT NULL, changed timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);", Dialect::Mysql);
        let c = &g.code;
        assert!(c.contains("provider = \"mysql\""), "{c}");
        assert!(c.contains("id      Int      @id @default(autoincrement()) @db.UnsignedSmallInt"), "{c}");
        assert!(c.contains("ok      Boolean  @default(true)"), "{c}");
        assert!(c.contains("s       TS"), "{c}");
        assert!(c.contains("changed DateTime @default(now()) @updatedAt @db.Timestamp(0)"), "{c}");
        assert!(c.contains("enum TS {\n  a_b @map(\"a b\")\n  c\n}"), "{c}");
    }

    #[test]
    fn partitions_are_reached_through_their_parent() {
        let g = gen("CREATE TABLE m (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at); CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');", Dialect::Postgres);
        assert!(g.code.contains("model M {"), "{}", g.code);
        assert!(!g.code.contains("model M2024"), "{}", g.code);
        assert!(g.code.contains("// partition m_2024 of m is not a separate model; query m"), "{}", g.code);
    }

    #[test]
    fn self_and_parallel_relations_are_named() {
        let g = gen(
            "CREATE TABLE people (id int PRIMARY KEY, manager_id int REFERENCES people(id));
             CREATE TABLE msgs (id int PRIMARY KEY, from_id int NOT NULL REFERENCES people(id), to_id int NOT NULL REFERENCES people(id));",
            Dialect::Postgres,
        );
        let c = &g.code;
        assert!(c.contains("@relation(\"Person_managerId\", fields: [managerId]"), "{c}");
        assert!(c.contains("@relation(\"Msg_fromId\""), "{c}");
        assert!(c.contains("@relation(\"Msg_toId\""), "{c}");
    }

    #[test]
    fn unsupported_things_are_comments() {
        let g = gen("CREATE TABLE t (a int, b tsvector CHECK (a > 0)); CREATE INDEX i ON t (a) WHERE a > 1; CREATE INDEX h ON t USING hash (a);", Dialect::Postgres);
        assert!(g.code.contains("@@index([a], map: \"h\", type: Hash)"), "{}", g.code);
        assert!(g.code.contains("Unsupported(\"tsvector\")?"), "{}", g.code);
        assert!(g.code.contains("// partial index i"), "{}", g.code);
        assert!(g.code.contains("@@ignore"), "{}", g.code);
        assert!(!g.warnings.is_empty());
    }

    #[test]
    fn hostile_names_stay_in_strings_and_comments() {
        let g = gen("CREATE TABLE \"1 <script>*/\n\" (\"\"\"q\" int PRIMARY KEY, \"class\" text, \"Class\" text); COMMENT ON TABLE \"1 <script>*/\n\" IS 'x\ny */';", Dialect::Postgres);
        assert!(g.code.contains("model M1Script {"), "{}", g.code);
        assert!(g.code.contains("@@map(\"1 <script>*/\\n\")"), "{}", g.code);
        assert!(g.code.contains("class2 "), "{}", g.code);
        for line in g.code.lines() {
            assert!(!line.starts_with("y"), "comment newline leaked: {}", g.code);
        }
    }
}
