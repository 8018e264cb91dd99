//! The DDL `prisma migrate diff --from-empty` writes for a resolved schema, per provider, each
//! piece tagged with the Prisma source it comes from (see `input::ddl`).
//!
//! PostgreSQL: `CREATE TYPE` per enum, `CREATE TABLE` per model with `CONSTRAINT .._pkey`, then
//! `CREATE [UNIQUE] INDEX`, then `ALTER TABLE .. ADD CONSTRAINT .. FOREIGN KEY`. MySQL: indexes and
//! the primary key inside `CREATE TABLE`, enums inline as `ENUM(...)`, foreign keys after. SQLite:
//! single-field primary keys inline (`INTEGER PRIMARY KEY AUTOINCREMENT` for an `Int` id), foreign
//! keys inside `CREATE TABLE`, indexes after. Implicit many-to-many join tables follow the model
//! tables, in name order. Views make no DDL (Prisma does not create them).

use super::ast::{Arity, Expr};
use super::names;
use super::relations::Relation;
use super::schema::{Db, Key, KeyKind, Kind, MField, Model};
use super::types::{self, Scalar};
use super::Config;
use crate::codegen::sql::{ident, string_lit};
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;
use crate::span::Span;

const MYSQL_TABLE_OPTIONS: &str = " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

struct R<'a, 'd, 'x> {
    db: &'a Db<'a>,
    cfg: &'a Config,
    d: Dialect,
    ddl: Ddl,
    diags: &'x mut Diags<'d>,
}

/// Writes the DDL for the whole schema.
pub fn render(db: &Db, rels: &[Relation], cfg: &Config, diags: &mut Diags) -> Ddl {
    let d = cfg.dialect;
    let mut r = R { db, cfg, d, ddl: Ddl::new(d), diags };
    if d == Dialect::Postgres {
        for e in &db.enums {
            let values: Vec<String> = e.values.iter().map(|(_, v)| string_lit(d, v)).collect();
            let sql = format!("CREATE TYPE {} AS ENUM ({});\n", r.qualified(e.schema.as_deref(), &e.db_name), values.join(", "));
            r.ddl.piece(&sql, e.ast.span);
        }
    }
    let mut joins: Vec<&Relation> = rels.iter().filter(|x| matches!(x, Relation::ManyToMany { .. })).collect();
    crate::sort::by_key(&mut joins, |x| match x {
        Relation::ManyToMany { name, .. } => format!("_{name}"),
        _ => String::new(),
    });
    // SQLite keeps foreign keys inside CREATE TABLE: each table's relations, found once.
    let mut inline: Vec<Vec<&Relation>> = vec![Vec::new(); db.models.len()];
    for rel in rels {
        if let Relation::Inline { model, .. } = rel {
            inline[*model].push(rel);
        }
    }
    for (mi, m) in db.models.iter().enumerate() {
        if !m.view {
            r.create_table(mi, &inline[mi]);
        }
    }
    for j in &joins {
        r.join_table(j);
    }
    if d != Dialect::Mysql {
        for m in db.models.iter().filter(|m| !m.view) {
            for k in m.keys.iter().filter(|k| matches!(k.kind, KeyKind::Unique | KeyKind::Index)) {
                r.create_index(m, k);
            }
        }
    }
    if d == Dialect::Sqlite {
        for j in &joins {
            r.join_indexes(j);
        }
    }
    if d == Dialect::Postgres {
        for j in &joins {
            r.join_indexes(j);
        }
    }
    if d != Dialect::Sqlite {
        for rel in rels {
            if let Relation::Inline { model, .. } = rel {
                let sql = r.foreign_key(rel);
                let table = r.table_ref(&db.models[*model]);
                if let Some((fk, span)) = sql {
                    r.ddl.piece(&format!("ALTER TABLE {table} ADD {fk};\n"), span);
                }
            }
        }
        for j in &joins {
            r.join_foreign_keys(j);
        }
    }
    r.ddl
}

impl R<'_, '_, '_> {
    fn q(&self, name: &str) -> String {
        ident(self.d, name)
    }

    fn qualified(&self, schema: Option<&str>, name: &str) -> String {
        match schema {
            Some(s) => format!("{}.{}", self.q(s), self.q(name)),
            None => self.q(name),
        }
    }

    fn table_ref(&self, m: &Model) -> String {
        self.qualified(m.schema.as_deref(), &m.db_name)
    }

    fn col_list(&self, m: &Model, fields: &[usize]) -> String {
        fields.iter().map(|&i| self.q(&m.fields[i].db_name)).collect::<Vec<_>>().join(", ")
    }

    fn create_table(&mut self, mi: usize, rels: &[&Relation]) {
        let m = &self.db.models[mi];
        let d = self.d;
        let pk = m.primary();
        let single_pk = pk.filter(|k| k.fields.len() == 1).map(|k| k.fields[0].field);
        let mut elems: Vec<(String, Span)> = Vec::new();
        for (fi, f) in m.fields.iter().enumerate() {
            if let Some(col) = self.column(m, f, single_pk == Some(fi)) {
                elems.push((col, f.ast.span));
            }
        }
        for k in &m.keys {
            let name = (k.kind != KeyKind::Primary).then(|| self.key_name(m, k));
            self.ddl.object(m.schema.as_deref(), &m.db_name, name.as_deref(), k.source);
        }
        if d == Dialect::Mysql {
            for k in m.keys.iter().filter(|k| k.kind != KeyKind::Primary) {
                let kw = match k.kind {
                    KeyKind::Unique => "UNIQUE INDEX",
                    KeyKind::Fulltext => "FULLTEXT INDEX",
                    _ => "INDEX",
                };
                elems.push((format!("{kw} {}({})", self.q(&self.key_name(m, k)), self.key_parts(m, k, false)), k.source));
            }
        }
        if let Some(k) = pk {
            let cols = self.key_parts(m, k, true);
            match d {
                Dialect::Postgres => elems.push((format!("CONSTRAINT {} PRIMARY KEY ({cols})", self.q(&self.key_name(m, k))), k.source)),
                Dialect::Mysql => elems.push((format!("PRIMARY KEY ({cols})"), k.source)),
                Dialect::Sqlite if k.fields.len() > 1 => elems.push((format!("PRIMARY KEY ({cols})"), k.source)),
                Dialect::Sqlite => {}
            }
            if d != Dialect::Postgres && k.map.is_some() {
                self.diags.warning(k.source, format!("map: a primary key name is not supported on {} (ignored)", d.label()));
            }
        }
        if d == Dialect::Sqlite {
            for rel in rels {
                if let Some(fk) = self.foreign_key(rel) {
                    elems.push(fk);
                }
            }
        }
        self.ddl.open(m.ast.span);
        self.ddl.push(&format!("CREATE TABLE {} (\n", self.table_ref(m)));
        let n = elems.len();
        for (i, (text, span)) in elems.into_iter().enumerate() {
            self.ddl.piece(&format!("    {text}{}\n", if i + 1 < n { "," } else { "" }), span);
        }
        self.ddl.push(")");
        if d == Dialect::Mysql {
            self.ddl.push(MYSQL_TABLE_OPTIONS);
        }
        self.ddl.push(";\n");
        self.ddl.close();
    }

    /// A column definition, or `None` for relation fields (and fields with no column).
    fn column(&mut self, m: &Model, f: &MField, single_pk: bool) -> Option<String> {
        let d = self.d;
        let (mut ty, scalar) = match &f.kind {
            Kind::Relation(_) => return None,
            Kind::Scalar(s) => (self.scalar_type(f, *s), Some(*s)),
            Kind::Enum(e) => (self.enum_type(*e), None),
            Kind::Unsupported(u) => (u.clone(), None),
            Kind::Composite => (types::default_type(d, Scalar::Json).to_string(), Some(Scalar::Json)),
        };
        let list = f.arity == Arity::List;
        if list {
            ty.push_str("[]");
        }
        let (default, autoinc) = self.default_value(m, f, scalar, &ty);
        let mut out = format!("{} ", self.q(&f.db_name));
        if autoinc && d == Dialect::Postgres {
            match types::serial_type(&ty) {
                Some(serial) => ty = serial.to_string(),
                None => self.diags.warning(f.ast.span, format!("autoincrement() needs an integer column; {} is {ty}", f.ast.name.text)),
            }
        }
        out.push_str(&ty);
        if f.arity == Arity::Required {
            out.push_str(" NOT NULL");
        }
        if let Some(dv) = default {
            out.push_str(" DEFAULT ");
            out.push_str(&dv);
        }
        match d {
            Dialect::Mysql if autoinc => out.push_str(" AUTO_INCREMENT"),
            Dialect::Sqlite if single_pk => {
                out.push_str(" PRIMARY KEY");
                if scalar == Some(Scalar::Int) {
                    out.push_str(" AUTOINCREMENT");
                }
            }
            Dialect::Sqlite if autoinc => {
                self.diags.warning(f.ast.span, format!("autoincrement() on {}: SQLite only auto-increments a single-field Int @id", f.ast.name.text));
            }
            _ => {}
        }
        Some(out)
    }

    fn scalar_type(&mut self, f: &MField, s: Scalar) -> String {
        let default = types::default_type(self.d, s);
        let Some(a) = f.ast.attrs.iter().find(|a| a.name.text.starts_with("db.")) else { return default.to_string() };
        let args: Vec<Expr> = a.args.iter().filter_map(|x| x.value.clone()).collect();
        match types::native_type(self.d, s, &a.name.text[3..], &args) {
            Ok(t) => t,
            Err(e) => {
                self.diags.warning(a.span, format!("{e}; the column gets the default type {default}"));
                default.to_string()
            }
        }
    }

    fn enum_type(&self, ei: usize) -> String {
        let e = &self.db.enums[ei];
        match self.d {
            Dialect::Postgres => self.qualified(e.schema.as_deref(), &e.db_name),
            Dialect::Mysql => format!("ENUM({})", e.values.iter().map(|(_, v)| string_lit(self.d, v)).collect::<Vec<_>>().join(", ")),
            Dialect::Sqlite => "TEXT".into(),
        }
    }

    /// (SQL default, autoincrement) of a field.
    fn default_value(&mut self, m: &Model, f: &MField, scalar: Option<Scalar>, ty: &str) -> (Option<String>, bool) {
        let Some(a) = f.ast.attr("default") else { return (None, false) };
        let Some(e) = a.first(Some("value")) else {
            self.diags.error(a.span, "@default needs a value");
            return (None, false);
        };
        let d = self.d;
        let enum_of = match f.kind {
            Kind::Enum(i) => Some(&self.db.enums[i]),
            _ => None,
        };
        let lookup = |v: &str| enum_of.and_then(|en| en.db_value(v));
        if d == Dialect::Mysql && scalar == Some(Scalar::Json) {
            return (None, false);
        }
        let value = match e {
            Expr::Call(name, args, _) => match name.as_str() {
                "autoincrement" => return (None, true),
                "now" if d == Dialect::Mysql => {
                    let p = ty.split_once('(').and_then(|(_, r)| r.trim_end_matches(')').parse::<u32>().ok()).unwrap_or(3);
                    Ok(Some(format!("CURRENT_TIMESTAMP({p})")))
                }
                "now" => Ok(Some("CURRENT_TIMESTAMP".into())),
                "dbgenerated" => Ok(args.first().and_then(|x| x.value.as_ref()).and_then(Expr::as_str).filter(|s| !s.is_empty()).map(str::to_string)),
                "uuid" | "cuid" | "nanoid" | "ulid" | "auto" => Ok(None),
                "sequence" => Err("sequence() is a CockroachDB default; no database default is read".to_string()),
                other => Err(format!("unknown default function {other}()")),
            },
            Expr::Array(items, _) if f.arity == Arity::List && d == Dialect::Postgres => {
                let mut out = Vec::new();
                let mut err = None;
                for it in items {
                    match types::literal_default(d, scalar, it, &lookup) {
                        Ok(Some(v)) => out.push(v),
                        Ok(None) => {}
                        Err(e) => err = Some(e),
                    }
                }
                match err {
                    Some(e) => Err(e),
                    None => Ok(Some(format!("ARRAY[{}]::{ty}", out.join(", ")))),
                }
            }
            e => types::literal_default(d, scalar, e, &lookup),
        };
        match value {
            Ok(v) => (v, false),
            Err(msg) => {
                self.diags.warning(a.span, format!("@default on {}.{}: {msg}", m.ast.name.text, f.ast.name.text));
                (None, false)
            }
        }
    }

    fn key_name(&self, m: &Model, k: &Key) -> String {
        if let Some(n) = &k.map {
            return n.clone();
        }
        let cols: Vec<&str> = k.fields.iter().map(|f| m.fields[f.field].db_name.as_str()).collect();
        match k.kind {
            KeyKind::Primary => names::primary_key(&m.db_name, self.d),
            KeyKind::Unique => names::unique(&m.db_name, &cols, self.d),
            KeyKind::Index | KeyKind::Fulltext => names::index(&m.db_name, &cols, self.d),
        }
    }

    /// `"a" DESC, "b"` (with MySQL prefix lengths and PostgreSQL operator classes).
    fn key_parts(&self, m: &Model, k: &Key, pk: bool) -> String {
        k.fields
            .iter()
            .map(|kf| {
                let mut s = self.q(&m.fields[kf.field].db_name);
                if let (Some(l), Dialect::Mysql) = (kf.length, self.d) {
                    s.push_str(&format!("({l})"));
                }
                if let (Some(ops), Dialect::Postgres) = (&kf.ops, self.d) {
                    s.push(' ');
                    s.push_str(ops);
                }
                if kf.desc && !(pk && self.d == Dialect::Postgres) {
                    s.push_str(" DESC");
                }
                s
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn create_index(&mut self, m: &Model, k: &Key) {
        let unique = if k.kind == KeyKind::Unique { "UNIQUE " } else { "" };
        let using = match (&k.method, self.d) {
            (Some(meth), Dialect::Postgres) if meth != "btree" => format!(" USING {}", meth.to_ascii_uppercase()),
            _ => String::new(),
        };
        let sql = format!("CREATE {unique}INDEX {} ON {}{using}({});\n", self.q(&self.key_name(m, k)), self.table_ref(m), self.key_parts(m, k, false));
        self.ddl.piece(&sql, k.source);
    }

    /// `CONSTRAINT name FOREIGN KEY (...) REFERENCES t(...) ON DELETE .. ON UPDATE ..` with its source.
    fn foreign_key(&mut self, rel: &Relation) -> Option<(String, Span)> {
        let Relation::Inline { model, target, fields, references, on_delete, on_update, map, source } = rel else { return None };
        let (m, t) = (&self.db.models[*model], &self.db.models[*target]);
        let cols: Vec<&str> = fields.iter().map(|&i| m.fields[i].db_name.as_str()).collect();
        let name = map.clone().unwrap_or_else(|| names::foreign_key(&m.db_name, &cols, self.d));
        if self.cfg.logical_relations {
            self.ddl.mark_logical(m.schema.as_deref(), &m.db_name, cols.iter().map(|c| c.to_string()).collect());
        }
        self.ddl.object(m.schema.as_deref(), &m.db_name, Some(&name), *source);
        let sql = format!(
            "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
            self.q(&name),
            self.col_list(m, fields),
            self.table_ref(t),
            self.col_list(t, references),
            on_delete.id().to_ascii_uppercase(),
            on_update.id().to_ascii_uppercase()
        );
        Some((sql, *source))
    }

    /// (A, B) of an implicit many-to-many relation: (model, its id column, the id's SQL type).
    fn join_sides(&mut self, a: usize, b: usize) -> [(usize, String, String); 2] {
        let side = |r: &mut Self, mi: usize| {
            let m = &r.db.models[mi];
            let id = m.primary().map(|k| k.fields[0].field).unwrap_or(0);
            let f = &m.fields[id];
            let ty = match &f.kind {
                Kind::Scalar(s) => r.scalar_type(f, *s),
                Kind::Enum(e) => r.enum_type(*e),
                Kind::Unsupported(u) => u.clone(),
                _ => types::default_type(r.d, Scalar::Int).to_string(),
            };
            (mi, f.db_name.clone(), ty)
        };
        [side(self, a), side(self, b)]
    }

    fn join_table(&mut self, rel: &Relation) {
        let Relation::ManyToMany { name, a, b, source } = rel else { return };
        let n = names::join_table(name, self.d);
        let sides = self.join_sides(*a, *b);
        let schema = self.db.models[*a].schema.clone();
        let mut elems = vec![format!("{} {} NOT NULL", self.q("A"), sides[0].2), format!("{} {} NOT NULL", self.q("B"), sides[1].2)];
        match self.d {
            Dialect::Postgres => elems.push(format!("CONSTRAINT {} PRIMARY KEY ({}, {})", self.q(&n.ab), self.q("A"), self.q("B"))),
            Dialect::Mysql => {
                elems.push(format!("UNIQUE INDEX {}({}, {})", self.q(&n.ab), self.q("A"), self.q("B")));
                elems.push(format!("INDEX {}({})", self.q(&n.b_index), self.q("B")));
            }
            Dialect::Sqlite => {}
        }
        let mut sql = format!("CREATE TABLE {} (\n    {}", self.qualified(schema.as_deref(), &n.table), elems.join(",\n    "));
        if self.d == Dialect::Sqlite {
            for fk in self.join_fk_clauses(rel) {
                sql.push_str(",\n    ");
                sql.push_str(&fk);
            }
        }
        sql.push_str("\n)");
        if self.d == Dialect::Mysql {
            sql.push_str(MYSQL_TABLE_OPTIONS);
        }
        sql.push_str(";\n");
        self.ddl.piece(&sql, *source);
    }

    fn join_indexes(&mut self, rel: &Relation) {
        let Relation::ManyToMany { name, a, source, .. } = rel else { return };
        let n = names::join_table(name, self.d);
        let table = self.qualified(self.db.models[*a].schema.as_deref(), &n.table);
        let (qa, qb) = (self.q("A"), self.q("B"));
        if self.d == Dialect::Sqlite {
            self.ddl.piece(&format!("CREATE UNIQUE INDEX {} ON {table}({qa}, {qb});\n", self.q(&n.ab)), *source);
        }
        self.ddl.piece(&format!("CREATE INDEX {} ON {table}({qb});\n", self.q(&n.b_index)), *source);
    }

    fn join_fk_clauses(&mut self, rel: &Relation) -> Vec<String> {
        let Relation::ManyToMany { name, a, b, .. } = rel else { return Vec::new() };
        let n = names::join_table(name, self.d);
        let sides = self.join_sides(*a, *b);
        let schema = self.db.models[*a].schema.clone();
        let mut out = Vec::new();
        for (col, fk, (mi, id, _)) in [("A", &n.fk_a, &sides[0]), ("B", &n.fk_b, &sides[1])] {
            if self.cfg.logical_relations {
                self.ddl.mark_logical(schema.as_deref(), &n.table, vec![col.to_string()]);
            }
            let target = self.table_ref(&self.db.models[*mi]);
            out.push(format!("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {target}({}) ON DELETE CASCADE ON UPDATE CASCADE", self.q(fk), self.q(col), self.q(id)));
        }
        out
    }

    fn join_foreign_keys(&mut self, rel: &Relation) {
        let Relation::ManyToMany { name, a, source, .. } = rel else { return };
        let table = self.qualified(self.db.models[*a].schema.as_deref(), &names::join_table(name, self.d).table);
        for fk in self.join_fk_clauses(rel) {
            self.ddl.piece(&format!("ALTER TABLE {table} ADD {fk};\n"), *source);
        }
    }
}

