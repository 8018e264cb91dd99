//! One model from one table: a field per column (type, optionality, `@default`, `@updatedAt`,
//! `@map`, native type), the primary key (`@id` / `@@id`), unique constraints and indexes
//! (`@unique` / `@@unique` / `@@index`), and a `//` note for what Prisma cannot express; a model
//! with no unique criterion Prisma can use is `@@ignore`d.

use super::{base_name, default_arg, esc, field_type, is_updated_at, make_enum, map_fits, same_set, Field, Model, PEnum};
use crate::codegen::names::{self, camel, pascal, Namer};
use crate::codegen::PrismaNaming;
use crate::model::{Column, Schema, Table, TypeKind as K};
use crate::Dialect;
use std::collections::{HashMap, HashSet};

/// The schema-wide state a model adds to: enums (MySQL inline enums become enums of their own),
/// type names, constraint names and warnings.
pub(super) struct Models<'a> {
    pub(super) naming: PrismaNaming,
    pub(super) enum_names: &'a HashMap<usize, String>,
    pub(super) enums: &'a mut Vec<PEnum>,
    pub(super) enum_of_name: &'a mut HashMap<String, usize>,
    pub(super) types: &'a mut Namer,
    pub(super) constraint_names: &'a mut HashSet<(String, String)>,
    pub(super) warnings: &'a mut Vec<String>,
}

/// What the parts of one model share while it is built.
struct ModelCx<'t> {
    schema: &'t Schema,
    t: &'t Table,
    d: Dialect,
    /// The namespace Prisma checks constraint names in.
    ns: String,
    pk_cols: Vec<String>,
    /// Columns whose type Prisma does not support (no key or index on them).
    unsupported_cols: HashSet<String>,
}

/// An index's parts as Prisma sees them: (column, descending, length).
type IxParts = Vec<(String, bool, Option<u32>)>;

/// An index or unique constraint as Prisma sees it.
struct Ix {
    name: Option<String>,
    unique: bool,
    parts: IxParts,
    hash: bool,
}

impl ModelCx<'_> {
    /// A note beside the model, and a warning.
    fn note(&self, ms: &mut Models, m: &mut Model, s: String) {
        ms.warnings.push(format!("{}: {s}", self.t.name));
        m.notes.push(esc::comment(&s));
    }

    /// Takes a constraint name in its namespace; false when another object has it.
    fn claim(&self, ms: &mut Models, n: &str) -> bool {
        ms.constraint_names.insert((self.ns.clone(), n.to_ascii_lowercase()))
    }

    fn col_name(&self, col: &str) -> String {
        self.t.column(col).map(|c| c.name.clone()).unwrap_or_else(|| col.to_string())
    }

    fn field_of(&self, m: &Model, col: &str) -> Option<usize> {
        m.col_field.get(col).copied().or_else(|| self.t.column(col).and_then(|c| m.col_field.get(&c.name).copied()))
    }

    /// The name Prisma gives a constraint by default (`{table}_{columns}_{suffix}`).
    fn default_name(&self, suffix: &str, cols: &[String]) -> String {
        format!("{}_{}_{}", self.t.name, cols.join("_"), suffix)
    }
}

/// The model `name` for table `ti`; `multi_schema`: the schema it lives in, when the datasource has several.
pub(super) fn build_model(schema: &Schema, ti: usize, name: String, ms: &mut Models, multi_schema: Option<&str>) -> Model {
    let d = schema.dialect;
    let t = &schema.tables[ti];
    let tname = &t.name;
    let noun = if ms.naming == PrismaNaming::Keep { names::safe_ident(&pascal(&names::singular(tname)), "Model", "M", &[]) } else { name.clone() };
    let mut m = Model {
        table: ti,
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
    // Prisma checks constraint names per schema, except MySQL's index names: per table (its
    // `ModelKeyIndex` scope), so `KEY name (name)` in two tables keeps both names.
    let ns = match d {
        Dialect::Mysql => format!("{}\u{0}{tname}", multi_schema.unwrap_or("")),
        _ => multi_schema.unwrap_or("").to_string(),
    };
    let pk_cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let mut cx = ModelCx { schema, t, d, ns, pk_cols, unsupported_cols: HashSet::new() };
    for c in &t.columns {
        field(&mut cx, ms, &mut m, c);
    }
    primary_key(&cx, ms, &mut m);
    let ixs = indexes_of(&cx, ms, &mut m);
    let mut seen_sets = Vec::new();
    for ix in ixs {
        index(&cx, ms, &mut m, ix, &mut seen_sets);
    }
    unsupported_notes(&cx, ms, &mut m);
    // A model needs a unique criterion of required, supported fields; otherwise @@ignore it.
    let usable = m.uniques.iter().any(|u| u.iter().all(|c| t.column(c).is_some_and(|col| !col.nullable || cx.pk_cols.contains(&col.name))));
    if !usable {
        m.ignored = true;
        cx.note(ms, &mut m, "the table has no primary key or unique key Prisma can use, so the model is @@ignore'd".to_string());
    }
    if m.name != *tname {
        m.block.push(format!("@@map({})", esc::string(tname)));
    }
    if let Some(s) = multi_schema {
        m.block.push(format!("@@schema({})", esc::string(s)));
    }
    m
}

/// The field for column `c`.
fn field(cx: &mut ModelCx, ms: &mut Models, m: &mut Model, c: &Column) {
    let d = cx.d;
    let rt = cx.schema.resolve_type(&c.data_type);
    let kind = &rt.kind;
    let mut inline: Option<String> = None;
    if let K::Enum(values) = kind {
        if d == Dialect::Mysql && !values.is_empty() {
            let base = names::safe_ident(&format!("{}{}", m.name, pascal(&c.name)), "Enum", "E", &[]);
            let en = ms.types.unique(&base);
            ms.enum_of_name.insert(en.clone(), ms.enums.len());
            ms.enums.push(make_enum(en.clone(), None, None, values));
            inline = Some(en);
        }
    }
    let (mut ty, native) = field_type(cx.schema, c, ms.enum_names, inline.as_deref());
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
    let in_pk = cx.pk_cols.iter().any(|p| p == &c.name);
    let optional = c.nullable && !in_pk && !list;
    let base = base_name(ms.naming, &c.name, || camel(&c.name), "field", "f");
    let fname = m.namer.unique(&base);
    let mut attrs = Vec::new();
    let penum = ms.enum_of_name.get(&ty).map(|i| &ms.enums[*i]);
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
        cx.unsupported_cols.insert(c.name.clone());
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

/// `@id` on the field of a one-column key, else `@@id([...])`.
fn primary_key(cx: &ModelCx, ms: &mut Models, m: &mut Model) {
    let (t, d) = (cx.t, cx.d);
    let Some(pk) = &t.primary_key else { return };
    let cols: Vec<String> = pk.columns.iter().map(|c| cx.col_name(c)).collect();
    let idx: Vec<Option<usize>> = cols.iter().map(|c| cx.field_of(m, c)).collect();
    if cols.is_empty() || idx.iter().any(|i| i.is_none()) {
        cx.note(ms, m, format!("primary key ({}) names unknown columns", cols.join(", ")));
        return;
    }
    if cols.iter().any(|c| cx.unsupported_cols.contains(c)) {
        cx.note(ms, m, format!("primary key ({}) is on a column type Prisma does not support", cols.join(", ")));
        return;
    }
    let map = match (&pk.name, d) {
        (Some(n), Dialect::Postgres) if *n != format!("{}_pkey", t.name) && cx.claim(ms, n) => Some(n.clone()),
        (Some(n), Dialect::Postgres) => {
            cx.claim(ms, n);
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

/// The unique constraints and the indexes Prisma can express (notes for the others).
fn indexes_of(cx: &ModelCx, ms: &mut Models, m: &mut Model) -> Vec<Ix> {
    let (t, d) = (cx.t, cx.d);
    let mut ixs: Vec<Ix> = Vec::new();
    for u in &t.uniques {
        let parts: IxParts = u.columns.iter().map(|c| (cx.col_name(c), false, None)).collect();
        if u.nulls_not_distinct {
            cx.note(ms, m, format!("unique {} is NULLS NOT DISTINCT, which Prisma cannot express", u.name.clone().unwrap_or_default()));
        }
        ixs.push(Ix { name: u.name.clone(), unique: true, parts, hash: false });
    }
    for ix in t.indexes.iter().filter(|i| !i.implicit) {
        let label = ix.name.clone().unwrap_or_else(|| "(unnamed)".into());
        let display = ix.parts.iter().map(|p| p.display()).collect::<Vec<_>>().join(", ");
        let kind = if ix.unique { "unique index" } else { "index" };
        if let Some(p) = &ix.predicate {
            cx.note(ms, m, format!("partial {kind} {label} on ({display}) WHERE {p} is not supported by Prisma"));
            continue;
        }
        if ix.parts.iter().any(|p| p.column.is_none() || p.opclass.is_some()) {
            cx.note(ms, m, format!("expression {kind} {label} on ({display}) is not supported by Prisma"));
            continue;
        }
        if let Some(meth) = ix.method.as_deref().filter(|m| !matches!(*m, "btree" | "hash")) {
            cx.note(ms, m, format!("{meth} {kind} {label} on ({display}) is not supported by Prisma here"));
            continue;
        }
        if !ix.include.is_empty() {
            cx.note(ms, m, format!("{kind} {label} has INCLUDE ({}), which Prisma cannot express", ix.include.join(", ")));
        }
        let hash = ix.method.as_deref() == Some("hash") && d == Dialect::Postgres && !ix.unique;
        let parts = ix.parts.iter().map(|p| (cx.col_name(p.column.as_deref().unwrap_or_default()), p.descending, p.length)).collect();
        ixs.push(Ix { name: ix.name.clone(), unique: ix.unique, parts, hash });
    }
    ixs
}

/// One unique constraint or index: `@unique` on a one-column unique, else `@@unique` / `@@index`;
/// `seen_sets`: the (unique, parts) written so far (a duplicate is noted, not written).
fn index(cx: &ModelCx, ms: &mut Models, m: &mut Model, ix: Ix, seen_sets: &mut Vec<(bool, IxParts)>) {
    let d = cx.d;
    let cols: Vec<String> = ix.parts.iter().map(|p| p.0.clone()).collect();
    let idx: Vec<Option<usize>> = cols.iter().map(|c| cx.field_of(m, c)).collect();
    let label = ix.name.clone().unwrap_or_default();
    if cols.is_empty() || idx.iter().any(|i| i.is_none()) {
        cx.note(ms, m, format!("index {label} ({}) names unknown columns", cols.join(", ")));
        return;
    }
    if cols.iter().any(|c| cx.unsupported_cols.contains(c)) {
        cx.note(ms, m, format!("index {label} ({}) is on a column type Prisma does not support", cols.join(", ")));
        return;
    }
    if ix.unique && m.uniques.iter().any(|u| same_set(u, &cols)) || seen_sets.iter().any(|(u, p)| *u == ix.unique && *p == ix.parts) {
        cx.note(ms, m, format!("{} {label} ({}) duplicates another key", if ix.unique { "unique" } else { "index" }, cols.join(", ")));
        return;
    }
    seen_sets.push((ix.unique, ix.parts.clone()));
    let suffix = if ix.unique { "key" } else { "idx" };
    let mappable = |n: &str| -> bool { !(d == Dialect::Sqlite && n.starts_with("sqlite_autoindex")) && map_fits(d, n) };
    let map = match &ix.name {
        Some(n) if mappable(n) && *n != cx.default_name(suffix, &cols) && cx.claim(ms, n) => Some(n.clone()),
        Some(n) => {
            cx.claim(ms, n);
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

/// Notes for checks, row level security, policies, triggers and partitioning.
fn unsupported_notes(cx: &ModelCx, ms: &mut Models, m: &mut Model) {
    let t = cx.t;
    for c in &t.checks {
        cx.note(ms, m, format!("check constraint {}({}) is not supported by Prisma", c.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(), c.expression));
    }
    if t.rls_enabled || !t.policies.is_empty() {
        cx.note(ms, m, format!("row level security is {}{}; Prisma does not manage RLS", if t.rls_enabled { "enabled" } else { "not enabled" }, if t.rls_forced { " (forced)" } else { "" }));
        for p in &t.policies {
            cx.note(ms, m, format!("policy {} for {}{}{}", p.name, p.command, p.using.as_deref().map(|u| format!(" using ({u})")).unwrap_or_default(), p.with_check.as_deref().map(|u| format!(" with check ({u})")).unwrap_or_default()));
        }
    }
    for tr in &t.triggers {
        cx.note(ms, m, format!("trigger {tr} is not represented in Prisma"));
    }
    if let Some(p) = &t.partition_of {
        cx.note(ms, m, format!("partition of {p}"));
    }
    if let Some(p) = &t.partition_by {
        cx.note(ms, m, format!("partitioned by {p}"));
    }
}
