//! The DDL `@dbml/core`'s exporter writes for a document (`PostgresExporter`, `MysqlExporter`),
//! each piece tagged with the DBML it comes from (see `input::ddl`). `@dbml/core` has no SQLite
//! exporter; for SQLite the same tables are written in SQLite's syntax (foreign keys inside
//! CREATE TABLE, `INTEGER PRIMARY KEY AUTOINCREMENT` for an incrementing integer key).
//!
//! Where the exporter writes SQL its own database rejects (a string default containing `'`, an
//! upper-case type with arguments quoted as a name, MySQL index names with a schema inside), the
//! meaning is written instead; `tests/readers/known_differences.txt` lists those cases.

use super::schema::{Check, DefaultVal, Doc, Endpoint, Field, IndexCol, Ref, RefOp, Table};
use crate::codegen::sql::{ident, string_lit};
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// PostgreSQL type names the exporter never quotes.
const PG_BUILTIN: &[&str] = &[
    "SMALLINT", "INTEGER", "INT", "BIGINT", "DECIMAL", "NUMERIC", "REAL", "DOUBLE PRECISION", "SMALLSERIAL", "SERIAL", "BIGSERIAL", "FLOAT", "MONEY", "CHARACTER", "CHAR",
    "CHARACTER VARYING", "VARCHAR", "TEXT", "NAME", "BPCHAR", "BYTEA", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE", "DATE", "TIME",
    "TIME WITH TIME ZONE", "TIME WITHOUT TIME ZONE", "INTERVAL", "BOOLEAN", "BOOL", "POINT", "LINE", "LSEG", "BOX", "PATH", "POLYGON", "CIRCLE", "CIDR", "INET",
    "MACADDR", "MACADDR8", "BIT", "BIT VARYING", "VARBIT", "UUID", "XML", "JSON", "JSONB", "INT4RANGE", "INT8RANGE", "NUMRANGE", "TSRANGE", "TSTZRANGE", "DATERANGE",
    "OID", "REGCLASS", "REGTYPE", "PG_LSN",
];

/// A resolved reference: the table holding the foreign key and its columns, the referenced ones.
struct Fk<'a> {
    from: usize,
    from_cols: Vec<String>,
    to: usize,
    to_cols: Vec<String>,
    r: &'a Ref,
}

/// A resolved many-to-many reference (the junction table `@dbml/core` creates).
struct Junction {
    schema: Option<String>,
    name: String,
    /// (column, type, referenced table index, referenced column): `a`'s columns, then `b`'s.
    cols: Vec<(String, String, usize, String)>,
    /// How many of `cols` reference `a`.
    a_len: usize,
    span: Span,
}

impl Junction {
    /// The two foreign keys: (columns, referenced table, referenced columns).
    fn sides(&self) -> [(Vec<&str>, usize, Vec<&str>); 2] {
        fn side(cols: &[(String, String, usize, String)]) -> (Vec<&str>, usize, Vec<&str>) {
            (cols.iter().map(|c| c.0.as_str()).collect(), cols.first().map_or(0, |c| c.2), cols.iter().map(|c| c.3.as_str()).collect())
        }
        [side(&self.cols[..self.a_len]), side(&self.cols[self.a_len..])]
    }
}

struct R<'a, 'd, 'x> {
    doc: &'a Doc,
    d: Dialect,
    ddl: Ddl,
    diags: &'x mut Diags<'d>,
}

/// Writes the DDL for the whole document.
pub fn render(doc: &Doc, d: Dialect, diags: &mut Diags) -> Ddl {
    let mut r = R { doc, d, ddl: Ddl::new(d), diags };
    let (fks, junctions) = resolve_refs(doc, r.diags);
    if d == Dialect::Postgres {
        for e in &doc.enums {
            let values: Vec<String> = e.values.iter().map(|v| string_lit(d, v)).collect();
            r.ddl.piece(&format!("CREATE TYPE {} AS ENUM ({});\n", r.qualified(e.schema.as_deref(), &e.name), values.join(", ")), e.span);
        }
    }
    // SQLite keeps foreign keys inside CREATE TABLE: each table's, found once.
    let mut inline: Vec<Vec<&Fk>> = vec![Vec::new(); doc.tables.len()];
    if d == Dialect::Sqlite {
        for f in &fks {
            inline[f.from].push(f);
        }
    }
    for (ti, t) in doc.tables.iter().enumerate() {
        r.create_table(t, &inline[ti]);
    }
    for j in &junctions {
        r.junction_table(j);
    }
    r.indexes();
    if d != Dialect::Sqlite {
        for f in &fks {
            let table = r.table_ref(&doc.tables[f.from]);
            let clause = r.fk_clause(f);
            r.ddl.piece(&format!("ALTER TABLE {table} ADD {clause};\n"), f.r.span);
        }
        for j in &junctions {
            r.junction_fks(j);
        }
    }
    r.comments();
    r.ddl
}

/// Tables by (schema, name) — `public` for none — and by alias (an alias names the table whatever
/// its schema); the first of each wins.
struct Names<'a> {
    by_name: HashMap<(&'a str, &'a str), usize>,
    by_alias: HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    fn new(doc: &'a Doc) -> Names<'a> {
        let mut n = Names { by_name: HashMap::new(), by_alias: HashMap::new() };
        for (i, t) in doc.tables.iter().enumerate() {
            n.by_name.entry((t.schema.as_deref().unwrap_or("public"), t.name.as_str())).or_insert(i);
            if let Some(a) = &t.alias {
                n.by_alias.entry(a.as_str()).or_insert(i);
            }
        }
        n
    }
}

/// The table an endpoint names (by name or alias, in its schema; `public` is the default), its
/// columns checked to exist.
fn endpoint_table(doc: &Doc, names: &Names, e: &Endpoint, diags: &mut Diags) -> Option<usize> {
    let by_name = names.by_name.get(&(e.schema.as_deref().unwrap_or("public"), e.table.as_str())).copied();
    let by_alias = || e.schema.is_none().then(|| names.by_alias.get(e.table.as_str()).copied()).flatten();
    let Some(ti) = by_name.or_else(by_alias) else {
        diags.error(e.span, format!("table {} is not defined", e.table));
        return None;
    };
    let t = &doc.tables[ti];
    for c in &e.cols {
        if !t.fields.iter().any(|f| f.name == *c) {
            diags.error(e.span, format!("table {} has no column {c}", t.name));
            return None;
        }
    }
    Some(ti)
}

fn resolve_refs<'a>(doc: &'a Doc, diags: &mut Diags) -> (Vec<Fk<'a>>, Vec<Junction>) {
    let mut fks = Vec::new();
    let mut junctions = Vec::new();
    let mut used: HashSet<String> = doc.tables.iter().map(|t| t.name.clone()).collect();
    let names = Names::new(doc);
    for r in &doc.refs {
        let (Some(a), Some(b)) = (endpoint_table(doc, &names, &r.a, diags), endpoint_table(doc, &names, &r.b, diags)) else { continue };
        match r.op {
            RefOp::ManyToOne => fks.push(Fk { from: a, from_cols: r.a.cols.clone(), to: b, to_cols: r.b.cols.clone(), r }),
            RefOp::OneToMany | RefOp::OneToOne => fks.push(Fk { from: b, from_cols: r.b.cols.clone(), to: a, to_cols: r.a.cols.clone(), r }),
            RefOp::ManyToMany => junctions.push(junction(doc, a, &r.a.cols, b, &r.b.cols, &mut used, r.span)),
        }
    }
    (fks, junctions)
}


impl R<'_, '_, '_> {
    fn q(&self, name: &str) -> String {
        ident(self.d, name)
    }

    fn qualified(&self, schema: Option<&str>, name: &str) -> String {
        match schema.filter(|s| !(self.d == Dialect::Postgres && *s == "public")) {
            Some(s) => format!("{}.{}", self.q(s), self.q(name)),
            None => self.q(name),
        }
    }

    fn table_ref(&self, t: &Table) -> String {
        self.qualified(t.schema.as_deref(), &t.name)
    }

    fn fk_clause(&self, f: &Fk) -> String {
        let cols = |c: &[String]| c.iter().map(|x| self.q(x)).collect::<Vec<_>>().join(", ");
        let mut s = String::new();
        if let Some(n) = &f.r.name {
            s.push_str(&format!("CONSTRAINT {} ", self.q(n)));
        }
        s.push_str(&format!("FOREIGN KEY ({}) REFERENCES {} ({})", cols(&f.from_cols), self.table_ref(&self.doc.tables[f.to]), cols(&f.to_cols)));
        if let Some(a) = f.r.on_delete {
            s.push_str(&format!(" ON DELETE {}", a.id().to_ascii_uppercase()));
        }
        if let Some(a) = f.r.on_update {
            s.push_str(&format!(" ON UPDATE {}", a.id().to_ascii_uppercase()));
        }
        if self.d == Dialect::Postgres {
            s.push_str(" DEFERRABLE INITIALLY IMMEDIATE");
        }
        s
    }

    /// `FOREIGN KEY (cols) REFERENCES table (cols)` of one side of a junction table.
    fn junction_fk(&self, (cols, ti, refs): &(Vec<&str>, usize, Vec<&str>)) -> String {
        let list = |v: &[&str]| v.iter().map(|c| self.q(c)).collect::<Vec<_>>().join(", ");
        format!("FOREIGN KEY ({}) REFERENCES {} ({})", list(cols), self.table_ref(&self.doc.tables[*ti]), list(refs))
    }

    /// A column's type as the exporter writes it.
    fn column_type(&self, f: &Field) -> String {
        if let Some(e) = self.enum_of(f) {
            return match self.d {
                Dialect::Mysql => format!("ENUM ({})", e.values.iter().map(|v| string_lit(self.d, v)).collect::<Vec<_>>().join(", ")),
                Dialect::Postgres => self.qualified(e.schema.as_deref(), &e.name),
                Dialect::Sqlite => self.q(&e.name),
            };
        }
        let ty = f.ty.as_str();
        match self.d {
            Dialect::Mysql if ty == "varchar" => "varchar(255)".into(),
            Dialect::Postgres => {
                let base = ty.split('(').next().unwrap_or(ty).trim_end_matches("[]");
                let custom = !PG_BUILTIN.contains(&base.to_ascii_uppercase().as_str());
                let quote = custom && (ty.chars().any(|c| c.is_ascii_uppercase() || c.is_whitespace()) || base.eq_ignore_ascii_case("user"));
                let name = if quote { self.q(ty) } else { ty.to_string() };
                match &f.ty_schema {
                    Some(s) => format!("{}.{name}", self.q(s)),
                    None => name,
                }
            }
            _ => match &f.ty_schema {
                Some(s) => format!("{}.{ty}", self.q(s)),
                None => ty.to_string(),
            },
        }
    }

    fn enum_of(&self, f: &Field) -> Option<&super::schema::Enum> {
        let schema = f.ty_schema.as_deref().unwrap_or("public");
        self.doc.enums.iter().find(|e| e.name == f.ty && e.schema.as_deref().unwrap_or("public") == schema)
    }

    fn check_sql(&self, checks: &[Check]) -> Option<String> {
        match checks {
            [] => None,
            [c] => Some(match &c.name {
                Some(n) => format!("CONSTRAINT {} CHECK ({})", self.q(n), c.expr),
                None => format!("CHECK ({})", c.expr),
            }),
            many => Some(format!("CHECK ({})", many.iter().map(|c| format!("({})", c.expr)).collect::<Vec<_>>().join(" AND "))),
        }
    }

    fn column(&self, f: &Field) -> String {
        let d = self.d;
        let mut ty = self.column_type(f);
        let mut tail = String::new();
        if f.increment {
            match d {
                Dialect::Postgres => {
                    let up = f.ty.to_ascii_uppercase();
                    ty = if ["BIGINT", "INT", "INTEGER", "SMALLINT"].contains(&up.as_str()) {
                        format!("{up} GENERATED BY DEFAULT AS IDENTITY")
                    } else if ["SMALLSERIAL", "SERIAL", "BIGSERIAL"].contains(&up.as_str()) {
                        up
                    } else {
                        "SERIAL".into()
                    };
                }
                Dialect::Mysql => tail.push_str(" AUTO_INCREMENT"),
                Dialect::Sqlite => {}
            }
        }
        let mut s = format!("{} {ty}", self.q(&f.name));
        if f.unique {
            s.push_str(" UNIQUE");
        }
        if f.pk {
            s.push_str(" PRIMARY KEY");
            if d == Dialect::Sqlite && f.increment && f.ty.eq_ignore_ascii_case("integer") {
                s.push_str(" AUTOINCREMENT");
            }
        }
        if f.not_null {
            s.push_str(" NOT NULL");
        }
        s.push_str(&tail);
        if let Some(c) = self.check_sql(&f.checks) {
            s.push(' ');
            s.push_str(&c);
        }
        match &f.default {
            Some(DefaultVal::Expr(e)) => s.push_str(&format!(" DEFAULT ({e})")),
            Some(DefaultVal::Str(v)) => s.push_str(&format!(" DEFAULT {}", string_lit(d, v))),
            Some(DefaultVal::Raw(v)) => s.push_str(&format!(" DEFAULT {v}")),
            None => {}
        }
        if let (Dialect::Mysql, Some(n)) = (d, &f.note) {
            s.push_str(&format!(" COMMENT {}", string_lit(d, n)));
        }
        s
    }

    fn index_cols(&self, cols: &[IndexCol]) -> String {
        cols.iter()
            .map(|c| match c {
                IndexCol::Col(n) => self.q(n),
                IndexCol::Expr(e) => index_expr(e),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn create_table(&mut self, t: &Table, fks: &[&Fk]) {
        let mut elems: Vec<(String, Span)> = t.fields.iter().map(|f| (self.column(f), f.span)).collect();
        for c in &t.checks {
            if let Some(sql) = self.check_sql(std::slice::from_ref(c)) {
                elems.push((sql, c.span));
            }
        }
        for ix in t.indexes.iter().filter(|i| i.pk) {
            elems.push((format!("PRIMARY KEY ({})", self.index_cols(&ix.cols)), ix.span));
            self.ddl.object(t.schema.as_deref(), &t.name, None, ix.span);
        }
        if let Some(f) = t.fields.iter().find(|f| f.pk) {
            self.ddl.object(t.schema.as_deref(), &t.name, None, f.span);
        }
        for f in fks {
            elems.push((self.fk_clause(f), f.r.span));
        }
        self.ddl.open(t.span);
        self.ddl.push(&format!("CREATE TABLE {} (\n", self.table_ref(t)));
        let n = elems.len();
        for (i, (text, span)) in elems.into_iter().enumerate() {
            self.ddl.piece(&format!("  {text}{}\n", if i + 1 < n { "," } else { "" }), span);
        }
        self.ddl.push(");\n");
        self.ddl.close();
    }

    fn indexes(&mut self) {
        // MySQL: an unnamed index is `<table>_index_<n>`, n counting the non-primary indexes of
        // the tables of one schema in order.
        let mut counters: Vec<(Option<String>, usize)> = Vec::new();
        for t in &self.doc.tables {
            let k = match counters.iter().position(|(s, _)| *s == t.schema) {
                Some(k) => k,
                None => {
                    counters.push((t.schema.clone(), 0));
                    counters.len() - 1
                }
            };
            for ix in t.indexes.iter().filter(|i| !i.pk) {
                let n = counters[k].1;
                counters[k].1 += 1;
                let unique = if ix.unique { "UNIQUE " } else { "" };
                let name = match (&ix.name, self.d) {
                    (Some(nm), _) => format!("{} ", self.q(nm)),
                    (None, Dialect::Mysql) => format!("{} ", self.q(&format!("{}_index_{n}", t.name))),
                    (None, _) => String::new(),
                };
                let method = ix.method.as_ref().map(|m| m.to_ascii_uppercase());
                let sql = match (self.d, method) {
                    (Dialect::Postgres, Some(m)) => format!("CREATE {unique}INDEX {name}ON {} USING {m} ({});\n", self.table_ref(t), self.index_cols(&ix.cols)),
                    (Dialect::Mysql, Some(m)) => format!("CREATE {unique}INDEX {name}ON {} ({}) USING {m};\n", self.table_ref(t), self.index_cols(&ix.cols)),
                    _ => format!("CREATE {unique}INDEX {name}ON {} ({});\n", self.table_ref(t), self.index_cols(&ix.cols)),
                };
                self.ddl.piece(&sql, ix.span);
            }
        }
    }

    fn comments(&mut self) {
        for t in &self.doc.tables {
            let table = self.table_ref(t);
            match self.d {
                Dialect::Postgres => {
                    if let Some(n) = &t.note {
                        self.ddl.piece(&format!("COMMENT ON TABLE {table} IS {};\n", string_lit(self.d, n)), t.span);
                    }
                    for f in t.fields.iter().filter(|f| f.note.is_some()) {
                        let note = string_lit(self.d, f.note.as_deref().unwrap_or_default());
                        self.ddl.piece(&format!("COMMENT ON COLUMN {table}.{} IS {note};\n", self.q(&f.name)), f.span);
                    }
                }
                Dialect::Mysql => {
                    if let Some(n) = &t.note {
                        self.ddl.piece(&format!("ALTER TABLE {table} COMMENT = {};\n", string_lit(self.d, n)), t.span);
                    }
                }
                Dialect::Sqlite => {}
            }
        }
    }

    fn junction_table(&mut self, j: &Junction) {
        let mut lines: Vec<String> = j.cols.iter().map(|(c, ty, _, _)| format!("{} {ty}", self.q(c))).collect();
        lines.push(format!("PRIMARY KEY ({})", j.cols.iter().map(|c| self.q(&c.0)).collect::<Vec<_>>().join(", ")));
        if self.d == Dialect::Sqlite {
            for side in j.sides() {
                lines.push(self.junction_fk(&side));
            }
        }
        let sql = format!("CREATE TABLE {} (\n  {}\n);\n", self.qualified(j.schema.as_deref(), &j.name), lines.join(",\n  "));
        self.ddl.piece(&sql, j.span);
    }

    fn junction_fks(&mut self, j: &Junction) {
        let table = self.qualified(j.schema.as_deref(), &j.name);
        let deferrable = if self.d == Dialect::Postgres { " DEFERRABLE INITIALLY IMMEDIATE" } else { "" };
        for side in j.sides() {
            let sql = format!("ALTER TABLE {table} ADD {}{deferrable};\n", self.junction_fk(&side));
            self.ddl.piece(&sql, j.span);
        }
    }
}

/// An index key written as a backtick expression, as SQL: an expression in parentheses, but a
/// column with an operator class or a sort order (`` `created_at DESC` ``, `` `data jsonb_path_ops` ``,
/// which DBML has no other way to say) as it is — the exporter wraps those in parentheses too,
/// which no database accepts.
fn index_expr(e: &str) -> String {
    let mut base = e.trim();
    let mut tail: Vec<&str> = Vec::new();
    loop {
        let up = base.to_ascii_uppercase();
        let cut = ["NULLS FIRST", "NULLS LAST", "DESC", "ASC"].iter().find(|m| up.ends_with(&format!(" {m}")) ).map(|m| m.len() + 1);
        match cut {
            Some(n) => {
                tail.insert(0, base[base.len() - n + 1..].trim());
                base = base[..base.len() - n].trim_end();
            }
            None => break,
        }
    }
    let is_ident = |w: &str| {
        (w.len() > 1 && w.starts_with('"') && w.ends_with('"')) || (!w.is_empty() && w.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && w.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'))
    };
    let is_path = |w: &str| !w.is_empty() && w.split('.').all(is_ident);
    // A trailing operator class: after a plain column, or any `..._ops` name after an expression.
    let (key, opclass) = match base.rsplit_once(char::is_whitespace) {
        Some((rest, last)) if is_path(last) && (is_ident(rest.trim()) || last.ends_with("_ops")) => (rest.trim(), Some(last)),
        _ => (base, None),
    };
    let key = if is_ident(key) { key.to_string() } else { format!("({key})") };
    std::iter::once(key).chain(opclass.map(str::to_string)).chain(tail.iter().map(|t| t.to_string())).collect::<Vec<_>>().join(" ")
}

/// The junction table of `a <> b`: `<a>_<b>` (made unique among the table names), columns
/// `<table>_<column>` (the second side's made unique against the first's with `(n)`), typed as the
/// referenced columns; in `a`'s schema.
fn junction(doc: &Doc, a: usize, a_cols: &[String], b: usize, b_cols: &[String], used: &mut HashSet<String>, span: Span) -> Junction {
    let (ta, tb) = (&doc.tables[a], &doc.tables[b]);
    let mut name = format!("{}_{}", ta.name, tb.name);
    let mut n = 1;
    while used.contains(&name) {
        name = format!("{}_{}({n})", ta.name, tb.name);
        n += 1;
    }
    used.insert(name.clone());
    let ty = |t: &Table, c: &str| t.fields.iter().find(|f| f.name == c).map(|f| f.ty.clone()).unwrap_or_default();
    let mut cols: Vec<(String, String, usize, String)> = a_cols.iter().map(|c| (format!("{}_{c}", ta.name), ty(ta, c), a, c.clone())).collect();
    for c in b_cols {
        let base = format!("{}_{c}", tb.name);
        let mut col = base.clone();
        let mut k = 1;
        while cols.iter().take(a_cols.len()).any(|x| x.0 == col) {
            col = format!("{base}({k})");
            k += 1;
        }
        cols.push((col, ty(tb, c), b, c.clone()));
    }
    Junction { schema: ta.schema.clone(), name, cols, a_len: a_cols.len(), span }
}

#[cfg(test)]
mod tests {
    use super::index_expr;

    #[test]
    fn index_expressions_keep_columns_with_sort_and_operator_class() {
        assert_eq!(index_expr("lower(title)"), "(lower(title))");
        assert_eq!(index_expr("created_at DESC"), "created_at DESC");
        assert_eq!(index_expr("data jsonb_path_ops"), "data jsonb_path_ops");
        assert_eq!(index_expr("\"Name\" text_pattern_ops ASC NULLS LAST"), "\"Name\" text_pattern_ops ASC NULLS LAST");
        assert_eq!(index_expr("lower(title) desc"), "(lower(title)) desc");
        assert_eq!(index_expr("a + b"), "(a + b)");
        assert_eq!(index_expr("url public.gin_trgm_ops"), "url public.gin_trgm_ops");
        assert_eq!(index_expr("lower(url) || '/'::text text_pattern_ops"), "(lower(url) || '/'::text) text_pattern_ops");
    }
}
