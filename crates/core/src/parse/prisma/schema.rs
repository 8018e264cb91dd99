//! Prisma blocks → the database objects they stand for: tables (with database names, `@@schema`),
//! columns (scalar, enum, `Unsupported`, composite), keys and indexes. Relations are in
//! `relations.rs`, the DDL in `render.rs`.

use super::ast::*;
use super::types::Scalar;
use super::Config;
use crate::dialect::Dialect;
use crate::parse::input::Diags;
use crate::span::Span;
use std::collections::HashMap;

/// What a field holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Scalar(Scalar),
    /// Index into [`Db::enums`].
    Enum(usize),
    /// A relation to the model at this index of [`Db::models`].
    Relation(usize),
    /// A composite type (MongoDB only; a JSON column elsewhere, as Prisma's schema calculator has it).
    Composite,
    /// `Unsupported("...")`: the database type as written.
    Unsupported(String),
}

#[derive(Clone, Debug)]
pub struct MField<'a> {
    pub ast: &'a Field,
    pub db_name: String,
    pub kind: Kind,
    pub arity: Arity,
}

impl MField<'_> {
    /// Whether the field is a column (relation fields are not).
    pub fn is_column(&self) -> bool {
        !matches!(self.kind, Kind::Relation(_))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Primary,
    Unique,
    Index,
    Fulltext,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyField {
    /// Index into the model's fields.
    pub field: usize,
    pub desc: bool,
    pub length: Option<u32>,
    pub ops: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub kind: KeyKind,
    pub fields: Vec<KeyField>,
    /// The database name given with `map:`.
    pub map: Option<String>,
    /// `type:` of `@@index` (`Gin`, `Hash`, ...), lower case.
    pub method: Option<String>,
    /// The attribute it comes from.
    pub source: Span,
}

pub struct Model<'a> {
    pub ast: &'a Block,
    pub db_name: String,
    pub schema: Option<String>,
    pub view: bool,
    pub fields: Vec<MField<'a>>,
    pub keys: Vec<Key>,
}

impl Model<'_> {
    pub fn primary(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.kind == KeyKind::Primary)
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.ast.name.text == name)
    }
}

pub struct Enum<'a> {
    pub ast: &'a Block,
    pub db_name: String,
    pub schema: Option<String>,
    /// (name in Prisma, database value).
    pub values: Vec<(String, String)>,
}

impl Enum<'_> {
    pub fn db_value(&self, name: &str) -> Option<String> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }
}

/// The resolved schema.
pub struct Db<'a> {
    pub models: Vec<Model<'a>>,
    pub enums: Vec<Enum<'a>>,
}

const FIELD_ATTRS: &[&str] = &["id", "unique", "default", "updatedAt", "map", "relation", "ignore", "shardKey"];
const MODEL_ATTRS: &[&str] = &["id", "unique", "index", "fulltext", "map", "ignore", "schema", "shardKey"];

fn string_arg<'e>(a: &'e Attribute, diags: &mut Diags, what: &str) -> Option<&'e str> {
    match a.first(Some("name")) {
        Some(Expr::Str(s, _)) => Some(s),
        _ => {
            diags.error(a.span, format!("{what} needs a string argument"));
            None
        }
    }
}

/// `@@map` / `@map` value, else the name.
fn db_name(name: &str, map: Option<&Attribute>, diags: &mut Diags) -> String {
    map.and_then(|a| string_arg(a, diags, "@map").map(str::to_string)).unwrap_or_else(|| name.to_string())
}

/// `@@schema("x")`, checked against the datasource's `schemas`.
fn schema_of(b: &Block, cfg: &Config, diags: &mut Diags) -> Option<String> {
    let a = b.attr("schema")?;
    let s = string_arg(a, diags, "@@schema")?;
    if cfg.dialect != Dialect::Postgres {
        diags.warning(a.span, format!("@@schema: multiple schemas are only read for PostgreSQL; {} {} stays in the default schema", b.kind.keyword(), b.name.text));
        return None;
    }
    if !cfg.schemas.iter().any(|x| x == s) {
        diags.warning(a.span, format!("schema \"{s}\" is not listed in the datasource's `schemas`"));
    }
    Some(s.to_string())
}

/// Resolves blocks into models and enums (relations are resolved afterwards).
pub fn resolve<'a>(blocks: &'a [Block], cfg: &Config, diags: &mut Diags) -> Db<'a> {
    let mut names: HashMap<&str, (BlockKind, usize)> = HashMap::new();
    let mut db = Db { models: Vec::new(), enums: Vec::new() };
    let mut composites: Vec<&str> = Vec::new();
    for b in blocks {
        let slot = match b.kind {
            BlockKind::Model | BlockKind::View => db.models.len(),
            BlockKind::Enum => db.enums.len(),
            BlockKind::Type => composites.len(),
            BlockKind::Datasource | BlockKind::Generator => continue,
        };
        if let Some((k, _)) = names.get(b.name.text.as_str()) {
            diags.error(b.name.span, format!("{} {} is already defined (as a {}); this one is ignored", b.kind.keyword(), b.name.text, k.keyword()));
            continue;
        }
        if Scalar::from_name(&b.name.text).is_some() || b.name.text == "Unsupported" {
            diags.error(b.name.span, format!("`{}` is a built-in type name and cannot name a {}", b.name.text, b.kind.keyword()));
            continue;
        }
        names.insert(&b.name.text, (b.kind, slot));
        match b.kind {
            BlockKind::Model | BlockKind::View => {
                let map = b.attr("map");
                db.models.push(Model { ast: b, db_name: db_name(&b.name.text, map, diags), schema: schema_of(b, cfg, diags), view: b.kind == BlockKind::View, fields: Vec::new(), keys: Vec::new() });
            }
            BlockKind::Enum => db.enums.push(enum_of(b, cfg, diags)),
            BlockKind::Type => {
                diags.warning(b.name.span, format!("composite type {}: composite types are a MongoDB feature; fields of this type are read as JSON columns", b.name.text));
                composites.push(&b.name.text);
            }
            _ => {}
        }
    }
    for mi in 0..db.models.len() {
        let fields = fields_of(db.models[mi].ast, &names, cfg, diags);
        db.models[mi].fields = fields;
        let keys = keys_of(&db.models[mi], cfg, diags);
        db.models[mi].keys = keys;
        let m = &db.models[mi];
        for a in &m.ast.attrs {
            if !MODEL_ATTRS.contains(&a.name.text.as_str()) {
                diags.warning(a.span, format!("unknown attribute @@{} (ignored)", a.name.text));
            }
        }
        if !m.view && m.primary().is_none() && !m.keys.iter().any(|k| k.kind == KeyKind::Unique) && m.ast.attr("ignore").is_none() {
            diags.warning(m.ast.name.span, format!("model {} has no @id, @@id or @unique: Prisma requires a unique criteria on every model", m.ast.name.text));
        }
    }
    db
}

fn enum_of<'a>(b: &'a Block, cfg: &Config, diags: &mut Diags) -> Enum<'a> {
    let mut values = Vec::new();
    for f in &b.fields {
        let mut v = f.name.text.clone();
        for a in &f.attrs {
            match a.name.text.as_str() {
                "map" => {
                    if let Some(s) = string_arg(a, diags, "@map") {
                        v = s.to_string();
                    }
                }
                other => diags.warning(a.span, format!("unknown attribute @{other} on an enum value (ignored)")),
            }
        }
        values.push((f.name.text.clone(), v));
    }
    for a in &b.attrs {
        if !matches!(a.name.text.as_str(), "map" | "schema") {
            diags.warning(a.span, format!("unknown attribute @@{} on an enum (ignored)", a.name.text));
        }
    }
    if values.is_empty() {
        diags.error(b.name.span, format!("enum {} has no values", b.name.text));
    }
    Enum { ast: b, db_name: db_name(&b.name.text, b.attr("map"), diags), schema: schema_of(b, cfg, diags), values }
}

fn fields_of<'a>(b: &'a Block, names: &HashMap<&str, (BlockKind, usize)>, cfg: &Config, diags: &mut Diags) -> Vec<MField<'a>> {
    let mut out: Vec<MField<'a>> = Vec::new();
    for f in &b.fields {
        let Some(ty) = &f.ty else { continue };
        if out.iter().any(|o| o.ast.name.text == f.name.text) {
            diags.error(f.name.span, format!("field {} is already defined in {} {}", f.name.text, b.kind.keyword(), b.name.text));
            continue;
        }
        let kind = if let Some(u) = &ty.unsupported {
            if u.trim().is_empty() {
                diags.warning(ty.name.span, format!("field {}: Unsupported(\"\") names no database type, so the field has no column", f.name.text));
                continue;
            }
            Kind::Unsupported(u.clone())
        } else if let Some(s) = Scalar::from_name(&ty.name.text) {
            Kind::Scalar(s)
        } else {
            match names.get(ty.name.text.as_str()) {
                Some((BlockKind::Enum, i)) => Kind::Enum(*i),
                Some((BlockKind::Model | BlockKind::View, i)) => Kind::Relation(*i),
                Some((BlockKind::Type, _)) => Kind::Composite,
                _ => {
                    diags.error(ty.name.span, format!("type {} is not defined (a scalar type, model, view, enum or composite type)", ty.name.text));
                    continue;
                }
            }
        };
        if ty.arity == Arity::List && !matches!(kind, Kind::Relation(_)) && cfg.dialect != Dialect::Postgres {
            diags.error(ty.name.span, format!("field {}: scalar lists are only supported on PostgreSQL; the field is not a column on {}", f.name.text, cfg.dialect.label()));
            continue;
        }
        for a in &f.attrs {
            let n = a.name.text.as_str();
            if !FIELD_ATTRS.contains(&n) && !n.starts_with("db.") {
                diags.warning(a.span, format!("unknown attribute @{n} (ignored)"));
            }
        }
        let db_name = db_name(&f.name.text, f.attr("map"), diags);
        out.push(MField { ast: f, db_name, kind, arity: ty.arity });
    }
    out
}

/// Keys from `@id`, `@unique`, `@@id`, `@@unique`, `@@index`, `@@fulltext`.
fn keys_of(m: &Model, cfg: &Config, diags: &mut Diags) -> Vec<Key> {
    let mut keys = Vec::new();
    for (fi, f) in m.fields.iter().enumerate() {
        for (attr, kind) in [("id", KeyKind::Primary), ("unique", KeyKind::Unique)] {
            let Some(a) = f.ast.attr(attr) else { continue };
            if !f.is_column() {
                diags.error(a.span, format!("@{attr} on relation field {}: put it on the relation's scalar fields", f.ast.name.text));
                continue;
            }
            let kf = KeyField { field: fi, desc: sort_desc(a.arg("sort"), diags), length: length(a.arg("length"), diags), ops: None };
            keys.push(Key { kind, fields: vec![kf], map: map_arg(a, diags), method: None, source: a.span });
        }
    }
    for a in &m.ast.attrs {
        let kind = match a.name.text.as_str() {
            "id" => KeyKind::Primary,
            "unique" => KeyKind::Unique,
            "index" => KeyKind::Index,
            "fulltext" => KeyKind::Fulltext,
            _ => continue,
        };
        if kind == KeyKind::Fulltext && cfg.dialect != Dialect::Mysql {
            diags.warning(a.span, format!("@@fulltext is a MySQL (and MongoDB) feature; not an index on {}", cfg.dialect.label()));
            continue;
        }
        let Some(list) = a.first(Some("fields")) else {
            diags.error(a.span, format!("@@{} needs a list of fields", a.name.text));
            continue;
        };
        let Some(fields) = key_fields(m, list, diags) else { continue };
        let method = match a.arg("type") {
            Some(Expr::Const(t, _)) if kind == KeyKind::Index => Some(t.to_ascii_lowercase()),
            Some(e) => {
                diags.warning(e.span(), "`type:` is only read on @@index (Gin, Gist, Hash, SpGist, Brin, BTree)");
                None
            }
            None => None,
        };
        let map = map_arg(a, diags).or_else(|| {
            // `name:` names the database index on @@index (Prisma 2); on @@id / @@unique it is the client's name.
            (kind == KeyKind::Index).then(|| a.arg("name").and_then(Expr::as_str).map(str::to_string)).flatten()
        });
        keys.push(Key { kind, fields, map, method, source: a.span });
    }
    if keys.iter().filter(|k| k.kind == KeyKind::Primary).count() > 1 {
        if let Some(k) = keys.iter().filter(|k| k.kind == KeyKind::Primary).nth(1) {
            diags.error(k.source, format!("model {} has more than one primary key; the first is used", m.ast.name.text));
        }
        let mut seen = false;
        keys.retain(|k| k.kind != KeyKind::Primary || !std::mem::replace(&mut seen, true));
    }
    keys
}

fn map_arg(a: &Attribute, diags: &mut Diags) -> Option<String> {
    match a.arg("map") {
        Some(Expr::Str(s, _)) => Some(s.clone()),
        Some(e) => {
            diags.error(e.span(), "map: needs a string");
            None
        }
        None => None,
    }
}

fn sort_desc(e: Option<&Expr>, diags: &mut Diags) -> bool {
    match e {
        Some(Expr::Const(s, _)) if s == "Desc" => true,
        Some(Expr::Const(s, _)) if s == "Asc" => false,
        Some(e) => {
            diags.warning(e.span(), "sort: is Asc or Desc");
            false
        }
        None => false,
    }
}

fn length(e: Option<&Expr>, diags: &mut Diags) -> Option<u32> {
    let e = e?;
    match e {
        Expr::Num(n, _) => n.parse().ok(),
        _ => {
            diags.warning(e.span(), "length: needs a number");
            None
        }
    }
}

/// `[a, b(sort: Desc, length: 10, ops: JsonbPathOps)]` → key fields (scalar fields only).
fn key_fields(m: &Model, list: &Expr, diags: &mut Diags) -> Option<Vec<KeyField>> {
    let mut out = Vec::new();
    for item in list.items() {
        let (name, args, span) = match item {
            Expr::Const(n, s) => (n.as_str(), &[][..], *s),
            Expr::Call(n, args, s) => (n.as_str(), args.as_slice(), *s),
            other => {
                diags.error(other.span(), "expected a field name");
                return None;
            }
        };
        let Some(fi) = m.field_index(name) else {
            diags.error(span, format!("{} {} has no field {name}", m.ast.kind.keyword(), m.ast.name.text));
            return None;
        };
        if !m.fields[fi].is_column() {
            diags.error(span, format!("{name} is a relation field: list its scalar fields instead"));
            return None;
        }
        let arg = |n: &str| args.iter().find(|a| a.name.as_ref().is_some_and(|x| x.text == n)).and_then(|a| a.value.as_ref());
        let ops = match arg("ops") {
            Some(Expr::Const(c, _)) => Some(ops_name(c)),
            Some(Expr::Call(f, a, _)) if f == "raw" => a.first().and_then(|a| a.value.as_ref()).and_then(Expr::as_str).map(str::to_string),
            Some(e) => {
                diags.warning(e.span(), "ops: is an operator class name or raw(\"...\")");
                None
            }
            None => None,
        };
        out.push(KeyField { field: fi, desc: sort_desc(arg("sort"), diags), length: length(arg("length"), diags), ops });
    }
    if out.is_empty() {
        diags.error(list.span(), "the list of fields is empty");
        return None;
    }
    Some(out)
}

/// Prisma's operator class names (`JsonbPathOps`) → PostgreSQL's (`jsonb_path_ops`).
fn ops_name(c: &str) -> String {
    let mut s = String::new();
    for (i, ch) in c.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            s.push('_');
        }
        s.push(ch.to_ascii_lowercase());
    }
    // PostgreSQL writes `minmax`, `varbit`, `timestamptz`, `timetz` as one word.
    s.replace("min_max", "minmax").replace("var_bit", "varbit").replace("_tz_", "tz_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_classes_follow_postgres_spelling() {
        assert_eq!(ops_name("JsonbPathOps"), "jsonb_path_ops");
        assert_eq!(ops_name("Int4MinMaxOps"), "int4_minmax_ops");
        assert_eq!(ops_name("InetOps"), "inet_ops");
        assert_eq!(ops_name("TextBloomOps"), "text_bloom_ops");
        assert_eq!(ops_name("VarBitMinMaxOps"), "varbit_minmax_ops");
        assert_eq!(ops_name("TimestampTzMinMaxMultiOps"), "timestamptz_minmax_multi_ops");
    }
}
