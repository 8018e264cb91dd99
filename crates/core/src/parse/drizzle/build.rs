//! From the evaluated schema to the model, the way drizzle-kit does it: the tables, enums, keys,
//! indexes and policies are written as the DDL `drizzle-kit generate` would write (Drizzle's own
//! default names: `<t>_<cols>_fk`, `<t>_<cols>_pk`, `<t>_<cols>_unique`, `<t>_<cols>_index`), and
//! that DDL goes through the SQL importer — so everything the database itself decides (PostgreSQL's
//! `<t>_pkey`, serial sequences, name truncation, MySQL's `PRIMARY` and foreign-key indexes,
//! SQLite's autoindexes and rowid aliases) is decided in one place. Every span of the result is
//! then mapped back from the DDL to the TypeScript that wrote it, and `relations(...)` add logical
//! foreign keys.

use super::eval::Reader;
use super::value::{ColRef, ColSpec, Default, IndexKey, Part};
use crate::codegen::sql::{ident, string_lit};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::model::{ForeignKey, QualifiedName, RefAction, Schema};
use crate::span::Span;

/// The DDL written for the schema, and where each piece of it came from.
pub(super) struct Rendered {
    pub sql: String,
    /// One entry per statement, in order: (start, end, origin, finer pieces (start, end, origin)).
    stmts: Vec<(usize, usize, Span, Vec<(usize, usize, Span)>)>,
}

impl Rendered {
    fn new() -> Rendered {
        Rendered { sql: String::new(), stmts: Vec::new() }
    }

    fn begin(&mut self, origin: Span) {
        let at = self.sql.len();
        self.stmts.push((at, at, origin, Vec::new()));
    }

    /// Appends text belonging to `origin` (a piece of the current statement).
    fn piece(&mut self, text: &str, origin: Span) {
        let at = self.sql.len();
        self.sql.push_str(text);
        if let Some(s) = self.stmts.last_mut() {
            s.3.push((at, self.sql.len(), origin));
        }
    }

    fn text(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn end(&mut self) {
        self.sql.push_str(";\n");
        let at = self.sql.len();
        if let Some(s) = self.stmts.last_mut() {
            s.1 = at;
        }
    }

    /// The TypeScript span for a byte range of the DDL.
    pub fn origin(&self, sp: Span) -> Span {
        let i = self.stmts.partition_point(|s| s.0 <= sp.start);
        let Some(s) = i.checked_sub(1).and_then(|i| self.stmts.get(i)) else { return Span::default() };
        s.3.iter().filter(|(a, b, _)| *a <= sp.start && sp.start < *b).min_by_key(|(a, b, _)| b - a).map(|(_, _, o)| *o).unwrap_or(s.2)
    }
}

fn q(d: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, name)),
        None => ident(d, name),
    }
}

/// Writes the DDL for the tables marked in `include`.
pub(super) fn render(r: &mut Reader, include: &[bool]) -> Rendered {
    let d = r.dialect;
    let mut out = Rendered::new();
    if d == Dialect::Postgres {
        for e in r.enums.clone() {
            out.begin(e.span);
            let vals: Vec<String> = e.values.iter().map(|v| string_lit(d, v)).collect();
            out.text(&format!("CREATE TYPE {} AS ENUM ({})", q(d, e.schema.as_deref(), &e.name), vals.join(", ")));
            out.end();
        }
        for (s, n, span) in r.sequences.clone() {
            out.begin(span);
            out.text(&format!("CREATE SEQUENCE {}", q(d, s.as_deref(), &n)));
            out.end();
        }
    }
    let mut later: Vec<(usize, Part)> = Vec::new();
    for t in 0..r.tables.len() {
        if !include[t] {
            continue;
        }
        create_table(r, t, &mut out, &mut later);
    }
    for (t, p) in later {
        after_table(r, t, &p, &mut out);
    }
    for t in 0..r.tables.len() {
        if include[t] && d == Dialect::Postgres {
            let def = &r.tables[t];
            let policies: Vec<Part> = def.parts.iter().filter(|p| matches!(p, Part::Policy { .. })).cloned().collect();
            if def.rls || !policies.is_empty() {
                out.begin(def.span);
                out.text(&format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", q(d, def.schema.as_deref(), &def.name)));
                out.end();
            }
            for p in policies {
                if let Part::Policy { name, permissive, command, roles, using, with_check, span } = p {
                    let policy = crate::model::Policy { name, command, permissive, roles, using, with_check, span };
                    out.begin(span);
                    out.text(&crate::codegen::sql::create_policy(d, &q(d, def.schema.as_deref(), &def.name), &policy));
                    out.end();
                }
            }
        }
    }
    out
}

/// The column's database name.
fn col_name(r: &Reader, c: &ColRef) -> String {
    super::builtins::column_name(r, c.table, &c.key)
}

fn col_list(r: &Reader, d: Dialect, cols: &[ColRef]) -> String {
    cols.iter().map(|c| ident(d, &col_name(r, c))).collect::<Vec<_>>().join(", ")
}

fn names(r: &Reader, cols: &[ColRef]) -> String {
    cols.iter().map(|c| col_name(r, c)).collect::<Vec<_>>().join("_")
}

fn create_table(r: &mut Reader, t: usize, out: &mut Rendered, later: &mut Vec<(usize, Part)>) {
    let d = r.dialect;
    let (tname, tschema, tspan) = (r.tables[t].name.clone(), r.tables[t].schema.clone(), r.tables[t].span);
    let cols: Vec<(String, ColSpec)> = r.tables[t].cols.clone();
    let parts: Vec<Part> = r.tables[t].parts.clone();
    let has_pk_part = parts.iter().any(|p| matches!(p, Part::PrimaryKey { .. }));
    let inline_pk: Vec<&(String, ColSpec)> = cols.iter().filter(|(_, c)| c.primary).collect();
    if inline_pk.len() > 1 && !has_pk_part {
        r.diag(Severity::Warning, inline_pk[1].1.span, format!("table '{tname}': more than one column has .primaryKey(); read as one composite key (use primaryKey({{ columns }}) in the extra config)"));
    }
    out.begin(tspan);
    out.text(&format!("CREATE TABLE {} (\n", q(d, tschema.as_deref(), &tname)));
    let mut first = true;
    let mut sep = |out: &mut Rendered| {
        if !std::mem::take(&mut first) {
            out.text(",\n");
        }
    };
    for (key, c) in &cols {
        sep(out);
        let line = column_line(r, key, c, !has_pk_part && inline_pk.len() == 1);
        out.piece(&format!("  {line}"), c.span);
    }
    if !has_pk_part && inline_pk.len() > 1 {
        sep(out);
        let list: Vec<String> = inline_pk.iter().map(|(k, c)| ident(d, c.name.as_deref().unwrap_or(k))).collect();
        out.piece(&format!("  PRIMARY KEY({})", list.join(", ")), inline_pk[0].1.span);
    }
    // column-level unique and references
    for (key, c) in &cols {
        let cref = ColRef { table: t, key: key.clone(), desc: false, nulls_first: None, opclass: None, span: c.span };
        if let Some((name, nnd)) = &c.unique {
            later_or_inline(r, t, Part::Unique { name: name.clone(), cols: vec![cref.clone()], nulls_not_distinct: *nnd, span: c.span }, out, later, &mut sep);
        }
    }
    for p in parts {
        later_or_inline(r, t, p, out, later, &mut sep);
    }
    out.text("\n)");
    out.end();
}

/// Table constraints go inside CREATE TABLE; foreign keys (PostgreSQL / MySQL), indexes and
/// SQLite's unique indexes come after all tables, as drizzle-kit writes them.
fn later_or_inline(r: &mut Reader, t: usize, p: Part, out: &mut Rendered, later: &mut Vec<(usize, Part)>, sep: &mut impl FnMut(&mut Rendered)) {
    let d = r.dialect;
    let tname = r.tables[t].name.clone();
    match &p {
        Part::PrimaryKey { name, cols, span } => {
            let name = name.clone().unwrap_or_else(|| format!("{tname}_{}_pk", names(r, cols)));
            sep(out);
            out.piece(&format!("  CONSTRAINT {} PRIMARY KEY({})", ident(d, &name), col_list(r, d, cols)), *span);
        }
        Part::Unique { name, cols, nulls_not_distinct, span } if d != Dialect::Sqlite => {
            let name = name.clone().unwrap_or_else(|| format!("{tname}_{}_unique", names(r, cols)));
            let nnd = if *nulls_not_distinct && d == Dialect::Postgres { " NULLS NOT DISTINCT" } else { "" };
            sep(out);
            out.piece(&format!("  CONSTRAINT {} UNIQUE{nnd}({})", ident(d, &name), col_list(r, d, cols)), *span);
        }
        Part::Check { name, expression, span } => {
            sep(out);
            out.piece(&format!("  CONSTRAINT {} CHECK ({expression})", ident(d, name)), *span);
        }
        Part::ForeignKey { .. } if d == Dialect::Sqlite => {
            sep(out);
            let (text, span) = fk_clause(r, t, &p);
            out.piece(&format!("  {text}"), span);
        }
        Part::Policy { .. } => {}
        _ => later.push((t, p)),
    }
}

fn fk_clause(r: &Reader, t: usize, p: &Part) -> (String, Span) {
    let d = r.dialect;
    let Part::ForeignKey { name, cols, foreign, on_delete, on_update, span } = p else { return (String::new(), Span::default()) };
    let target = foreign.first().map(|c| c.table).unwrap_or(t);
    let (rname, rschema) = (r.tables[target].name.clone(), r.tables[target].schema.clone());
    let name = name.clone().unwrap_or_else(|| format!("{}_{}_{rname}_{}_fk", r.tables[t].name, names(r, cols), names(r, foreign)));
    let rs = if d == Dialect::Postgres { rschema.or(Some("public".into())) } else { rschema };
    let text = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
        ident(d, &name),
        col_list(r, d, cols),
        q(d, rs.as_deref(), &rname),
        col_list(r, d, foreign),
        on_delete.id(),
        on_update.id()
    );
    (text, *span)
}

fn after_table(r: &Reader, t: usize, p: &Part, out: &mut Rendered) {
    let d = r.dialect;
    let def = &r.tables[t];
    let table = q(d, def.schema.as_deref(), &def.name);
    match p {
        Part::ForeignKey { span, .. } => {
            out.begin(*span);
            let (text, _) = fk_clause(r, t, p);
            out.text(&format!("ALTER TABLE {table} ADD {text}"));
            out.end();
        }
        Part::Unique { name, cols, span, .. } => {
            let name = name.clone().unwrap_or_else(|| format!("{}_{}_unique", def.name, names(r, cols)));
            out.begin(*span);
            out.text(&format!("CREATE UNIQUE INDEX {} ON {table} ({})", ident(d, &name), col_list(r, d, cols)));
            out.end();
        }
        Part::Index { unique, name, keys, method, predicate, concurrently, span } => {
            let key_names: Vec<String> = keys.iter().filter_map(|k| if let IndexKey::Col(c) = k { Some(col_name(r, c)) } else { None }).collect();
            let name = name.clone().unwrap_or_else(|| format!("{}_{}_index", def.name, key_names.join("_")));
            let parts: Vec<String> = keys
                .iter()
                .map(|k| match k {
                    IndexKey::Col(c) => {
                        let mut s = ident(d, &col_name(r, c));
                        if let (Some(op), Dialect::Postgres) = (&c.opclass, d) {
                            s.push(' ');
                            s.push_str(op);
                        }
                        if c.desc {
                            s.push_str(" DESC");
                        }
                        match (c.nulls_first, d) {
                            (Some(true), Dialect::Postgres) => s.push_str(" NULLS FIRST"),
                            (Some(false), Dialect::Postgres) => s.push_str(" NULLS LAST"),
                            _ => {}
                        }
                        s
                    }
                    IndexKey::Expr(e) => e.clone(),
                })
                .collect();
            let u = if *unique { "UNIQUE " } else { "" };
            let conc = if *concurrently && d == Dialect::Postgres { "CONCURRENTLY " } else { "" };
            let using = match (d, method.as_deref()) {
                (Dialect::Postgres, m) => format!(" USING {}", m.unwrap_or("btree")),
                (Dialect::Mysql, Some(m @ ("btree" | "hash"))) => format!(" USING {m}"),
                _ => String::new(),
            };
            let mut s = format!("CREATE {u}INDEX {conc}{} ON {table}{using} ({})", ident(d, &name), parts.join(", "));
            if let (Some(p), false) = (predicate, d == Dialect::Mysql) {
                s.push_str(&format!(" WHERE {p}"));
            }
            out.begin(*span);
            out.text(&s);
            out.end();
        }
        _ => {}
    }
}

/// One column definition, as drizzle-kit writes it.
fn column_line(r: &mut Reader, key: &str, c: &ColSpec, inline_pk: bool) -> String {
    let d = r.dialect;
    let name = c.name.clone().unwrap_or_else(|| key.to_string());
    let mut ty = c.sql_type.clone();
    if crate::parse::parse_type(d, &ty).is_none() {
        r.diag(Severity::Warning, c.span, format!("column '{name}': the type '{ty}' is not a {} type the reader knows; read as text", d.label()));
        ty = "text".into();
    }
    if d == Dialect::Postgres {
        for _ in 0..c.dims.min(6) {
            ty.push_str("[]");
        }
    }
    let mut s = format!("{} {ty}", ident(d, &name));
    if c.primary && inline_pk {
        s.push_str(" PRIMARY KEY");
        if d == Dialect::Sqlite && c.autoincrement {
            s.push_str(" AUTOINCREMENT");
        }
    }
    if d == Dialect::Mysql && c.autoincrement {
        s.push_str(" AUTO_INCREMENT");
    }
    if let Some(def) = &c.default {
        s.push_str(&format!(" DEFAULT {}", default_sql(d, c, def)));
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if d == Dialect::Mysql && c.on_update_now {
        s.push_str(" ON UPDATE CURRENT_TIMESTAMP");
    }
    match (c.identity, d) {
        (Some(true), Dialect::Postgres) => s.push_str(" GENERATED ALWAYS AS IDENTITY"),
        (Some(false), Dialect::Postgres) => s.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
        _ => {}
    }
    if let Some((e, stored)) = &c.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({e}) {}", if *stored { "STORED" } else { "VIRTUAL" }));
    }
    s
}

/// A `.default(...)` as drizzle-kit's serializer writes it.
fn default_sql(d: Dialect, c: &ColSpec, v: &Default) -> String {
    let base = c.sql_type.to_ascii_lowercase();
    let mysql_wrap = d == Dialect::Mysql && matches!(base.as_str(), "blob" | "text" | "json" | "tinytext" | "mediumtext" | "longtext");
    let wrap = |s: String| if mysql_wrap { format!("({s})") } else { s };
    match v {
        Default::Sql(s) => s.clone(),
        Default::Str(s) => wrap(string_lit(d, s)),
        Default::Num(n) => wrap(n.clone()),
        Default::Bool(b) => wrap(b.to_string()),
        Default::Json { json, pg_array } => match d {
            Dialect::Postgres if c.dims > 0 => string_lit(d, pg_array.as_deref().unwrap_or("{}")),
            Dialect::Postgres if base == "json" || base == "jsonb" => format!("{}::{base}", string_lit(d, json)),
            _ => wrap(string_lit(d, json)),
        },
    }
}

/// Reads the DDL with the SQL importer and maps every span back to the TypeScript.
pub(super) fn import(r: &mut Reader, rendered: &Rendered) -> (Schema, usize) {
    let d = r.dialect;
    let parsed = crate::parse::parse(&rendered.sql, d);
    let mut schema = parsed.schema;
    remap(&mut schema, &|s| rendered.origin(s));
    for diag in parsed.diagnostics {
        if diag.severity >= Severity::Warning {
            r.diag(diag.severity, rendered.origin(diag.span), diag.message);
        }
    }
    (schema, parsed.statement_count)
}

/// Maps every span in the model through `f`.
fn remap(s: &mut Schema, f: &dyn Fn(Span) -> Span) {
    for t in &mut s.tables {
        t.span = f(t.span);
        for c in &mut t.columns {
            c.span = f(c.span);
        }
        if let Some(pk) = &mut t.primary_key {
            pk.span = f(pk.span);
        }
        for x in &mut t.foreign_keys {
            x.span = f(x.span);
        }
        for x in &mut t.uniques {
            x.span = f(x.span);
        }
        for x in &mut t.indexes {
            x.span = f(x.span);
        }
        for x in &mut t.checks {
            x.span = f(x.span);
        }
        for x in &mut t.policies {
            x.span = f(x.span);
        }
    }
    for e in &mut s.enums {
        e.span = f(e.span);
    }
    for x in &mut s.domains {
        x.span = f(x.span);
    }
    for x in &mut s.sequences {
        x.span = f(x.span);
    }
    for x in &mut s.triggers {
        x.span = f(x.span);
    }
}

/// `relations(...)`: a `one(...)` with `fields` / `references` is a relation the application keeps;
/// where the database has no foreign key on those columns it becomes a logical one.
pub(super) fn logical_relations(r: &Reader, schema: &mut Schema, rels: &[(usize, super::value::Relation)]) {
    for (t, rel) in rels {
        if rel.fields.is_empty() || rel.fields.len() != rel.references.len() {
            continue;
        }
        let def = &r.tables[*t];
        let Some(ti) = schema.table_index(&QualifiedName::new(def.schema.clone(), def.name.clone())) else { continue };
        let target = &r.tables[rel.target];
        let columns: Vec<String> = rel.fields.iter().map(|c| col_name(r, c)).collect();
        let ref_columns: Vec<String> = rel.references.iter().map(|c| col_name(r, c)).collect();
        let ref_table = schema.table(&QualifiedName::new(target.schema.clone(), target.name.clone())).map(|t| t.qualified_name()).unwrap_or(QualifiedName::new(target.schema.clone(), target.name.clone()));
        let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y);
        // The inverse side of a one-to-one (`one(parent, { fields: [t.id], references: [parent.childId] })`)
        // names a key the other table holds: not a relation of its own.
        let this = schema.tables[ti].qualified_name();
        let inverse = schema.table(&ref_table).is_some_and(|p| p.foreign_keys.iter().any(|f| same(&f.columns, &ref_columns) && same(&f.ref_columns, &columns) && f.ref_table.name == this.name));
        let table = &mut schema.tables[ti];
        if inverse || table.foreign_keys.iter().any(|f| same(&f.columns, &columns) && f.ref_table.name == ref_table.name) {
            continue;
        }
        table.foreign_keys.push(ForeignKey { name: None, columns, ref_table, ref_columns, on_delete: RefAction::NoAction, on_update: RefAction::NoAction, logical: true, span: rel.span, ..ForeignKey::default() });
    }
}
