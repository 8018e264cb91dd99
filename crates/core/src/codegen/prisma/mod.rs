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
use crate::model::{Column, RefAction, Schema};
use crate::Dialect;
use std::collections::{HashMap, HashSet};

mod model;
mod relations;
mod render;
mod views;

use model::{build_model, Models};
use relations::add_relations;
use render::{render_enum, render_model};

/// Names Prisma (or the generated client) reserves for models and enums.
pub(crate) const RESERVED_TYPES: &[&str] = &[
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

pub(crate) fn action(a: RefAction) -> &'static str {
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
pub(crate) fn is_prisma_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Words Prisma Client does not accept as model names (JavaScript reserved words); only a table
/// kept under its own name can hit them.
pub(crate) const RESERVED_MODEL_WORDS: &[&str] = &[
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
        let mut ms = Models { naming, enum_names: &enum_names, enums: &mut enums, enum_of_name: &mut enum_of_name, types: &mut types, constraint_names: &mut constraint_names, warnings: &mut warnings };
        let m = build_model(schema, ti, name, &mut ms, multi.then_some(sch.as_str()));
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
        crate::sort::ord(&mut schemas_used);
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
