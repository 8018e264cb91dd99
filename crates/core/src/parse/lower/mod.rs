//! Lowering: sqlparser's AST → the model. The only place that reads sqlparser AST types.
//!
//! Contract: [`Builder`] holds the schema being built and the diagnostics; [`Builder::apply`]
//! applies one parsed statement. It never panics; what it cannot apply becomes a diagnostic at
//! the statement's line/column. Names are folded as the database stores them (see [`Builder::ident`]),
//! and unnamed constraints get the name the database would assign (see `naming.rs`).

use super::naming;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::{self, Check, Column, DataType as MType, ForeignKey, Generated, Identity, Index, IndexPart, QualifiedName, RefAction, Schema, Table, TypeKind};
use crate::span::{LineIndex, Span};
use crate::sqltext;
use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CommentObject, CreatePolicyCommand, CreatePolicyType, CreateTableOptions, Expr,
    GeneratedAs, GeneratedExpressionMode, Ident, IndexColumn, IndexType, KeyOrIndexDisplay, NullsDistinctOption, ObjectName, ObjectNamePart, ObjectType, Owner,
    ReferentialAction, SqlOption, Statement, TableConstraint, UserDefinedTypeRepresentation,
};

mod alter;
mod constraints;
mod fk_index;
mod objects;
mod sql;
mod table;

pub use sql::{parse_sql, parse_type, read_type};

/// Where the current statement sits in the source.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Ctx {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

pub struct Builder<'a> {
    /// While a PostgreSQL CREATE TABLE is read, unnamed CHECKs are named at its end (the
    /// name depends on the columns the expression mentions, which may come later).
    defer_check_names: bool,
    /// MySQL: FKs of the CREATE TABLE being read whose implicit index is decided at its end.
    pending_fk_indexes: Option<Vec<(usize, Option<String>)>>,
    /// SQLite: the CREATE TABLE being read declares a column `PRIMARY KEY DESC`, which (a
    /// documented quirk) does not make an `INTEGER` column the rowid alias.
    sqlite_pk_desc: bool,
    /// The statement being applied (for source-text slices of expressions).
    cur: Option<Ctx>,
    /// Table lookups by name in O(1) ([`Builder::table_index`]); `None` after a table is removed or
    /// renamed (rebuilt on the next lookup), extended as tables are appended.
    lookup: std::cell::RefCell<Option<model::TableLookup>>,
    /// Column positions by name of the table being built ([`Builder::column_position`]).
    columns: std::cell::RefCell<Appended<String>>,
    /// SQLite: the table's UNIQUE column lists, lower-cased ([`Builder::add_unique`]).
    unique_keys: std::cell::RefCell<Appended<Vec<String>>>,
    /// A MySQL identifier of the statement being applied that is too long (see [`Builder::ident`]).
    long_name: std::cell::Cell<Option<String>>,
    /// The names a table's constraints use ([`Builder::taken`]), kept while `keep_taken`.
    taken: std::cell::RefCell<TakenCache>,
    /// A CREATE TABLE's columns and constraints are being read: constraints are only appended.
    keep_taken: bool,
    text: &'a str,
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    pub dialect: Dialect,
    pub lines: LineIndex<'a>,
    /// MySQL: the database of the last `USE db` (to recognise the server's system databases).
    pub use_db: Option<String>,
}

/// The first position of each key in a list of one table (its columns, its unique keys) that only
/// grows while a statement is read: extended by the items appended since it was last asked,
/// built anew for another table or when the list got shorter, dropped at the next statement.
/// Checking each new item against all earlier ones made a 10,000-column (or 10,000-UNIQUE)
/// CREATE TABLE quadratic.
struct Appended<K> {
    ti: Option<usize>,
    seen: usize,
    first: std::collections::HashMap<K, usize>,
}

impl<K> Default for Appended<K> {
    fn default() -> Self {
        Appended { ti: None, seen: 0, first: Default::default() }
    }
}

impl<K: std::hash::Hash + Eq> Appended<K> {
    /// Where the first of `items` (of table `ti`) with key `key` is.
    fn find<T, Q>(&mut self, ti: usize, items: &[T], key_of: impl Fn(&T) -> K, key: &Q) -> Option<usize>
    where
        K: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        if self.ti != Some(ti) || self.seen > items.len() {
            *self = Appended { ti: Some(ti), ..Default::default() };
        }
        for (i, x) in items.iter().enumerate().skip(self.seen) {
            naming::count_op();
            self.first.entry(key_of(x)).or_insert(i);
        }
        self.seen = items.len();
        naming::count_op();
        self.first.get(key).copied()
    }
}

/// [`naming::Taken`] of table `ti` as it was when its foreign keys, uniques, checks and indexes
/// numbered `lens` and its primary key was named `pk`.
#[derive(Default)]
struct TakenCache {
    ti: Option<usize>,
    pk: Option<String>,
    lens: [usize; 4],
    set: naming::Taken,
}

pub enum Outcome {
    Applied,
    /// Understood and not needed by the model (info).
    Ignored(String),
    /// Not understood / not applicable (warning).
    Unsupported(String),
}

/// A column definition as CREATE TABLE and ALTER TABLE ... ADD / CHANGE / MODIFY COLUMN write it,
/// borrowed from sqlparser's nodes: cloning them (to build a `ColumnDef` for CHANGE / MODIFY)
/// linked sqlparser's `Clone` of its whole AST into the page's module.
struct ColumnSrc<'a> {
    name: &'a Ident,
    data_type: &'a ast::DataType,
    /// Each option with its `CONSTRAINT name`.
    options: Vec<(Option<&'a Ident>, &'a ColumnOption)>,
}

impl<'a> ColumnSrc<'a> {
    fn of(cd: &'a ColumnDef) -> Self {
        ColumnSrc { name: &cd.name, data_type: &cd.data_type, options: cd.options.iter().map(|o| (o.name.as_ref(), &o.option)).collect() }
    }

    /// sqlparser's span of the definition (`Spanned` for `ColumnDef`: the name and every option).
    fn span(&self) -> sqlparser::tokenizer::Span {
        let options = self.options.iter().map(|(n, o)| ast::Spanned::span(*o).union_opt(&n.map(|i| i.span)));
        sqlparser::tokenizer::Span::union_iter(std::iter::once(self.name.span).chain(options))
    }
}

fn action(a: &Option<ReferentialAction>) -> RefAction {
    match a {
        None | Some(ReferentialAction::NoAction) => RefAction::NoAction,
        Some(ReferentialAction::Restrict) => RefAction::Restrict,
        Some(ReferentialAction::Cascade) => RefAction::Cascade,
        Some(ReferentialAction::SetNull) => RefAction::SetNull,
        Some(ReferentialAction::SetDefault) => RefAction::SetDefault,
    }
}

/// A column type as the model's [`MType`]: its spelling (sqlparser's rendering, lower-cased
/// unless it holds a quoted name; MySQL's `enum(...)` / `set(...)` rebuilt from their values) and
/// its kind, read once by `types::read` for `dialect`.
pub fn lower_type(dt: &ast::DataType, dialect: Dialect) -> MType {
    let (kind, array_dims) = super::types::read(dt, dialect);
    let spelling = match (&kind, array_dims) {
        (TypeKind::Enum(values), 0) => value_list_spelling(dialect, "enum", values),
        (TypeKind::Set(values), 0) => value_list_spelling(dialect, "set", values),
        _ => {
            let raw = dt.to_string();
            if raw.contains('"') || raw.contains('`') { raw } else { lower_outside_literals(&raw) }
        }
    };
    MType::new(spelling, kind, array_dims)
}

/// `text` in lower case except inside '...' literals (`SET('Trailers')`, `ENUM('A')` keep their values).
fn lower_outside_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_lit = false;
    for ch in text.chars() {
        if ch == '\'' {
            in_lit = !in_lit; // a doubled '' closes and reopens: the same result
        }
        if in_lit {
            out.push(ch);
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// `enum('a', 'b')` / `set(...)` (MySQL's types): the values kept exactly, each written as a
/// literal of the dialect (in MySQL a value ending in a backslash must not end the list).
fn value_list_spelling(dialect: Dialect, kw: &str, values: &[String]) -> String {
    let vals: Vec<String> = values.iter().map(|v| sqltext::string_lit(dialect, v)).collect();
    format!("{kw}({})", vals.join(", "))
}

impl<'a> Builder<'a> {
    pub fn new(text: &'a str, dialect: Dialect) -> Self {
        Builder { defer_check_names: false, pending_fk_indexes: None, sqlite_pk_desc: false, cur: None, lookup: Default::default(), columns: Default::default(), unique_keys: Default::default(), long_name: Default::default(), taken: Default::default(), keep_taken: false, text, schema: Schema::new(dialect), diagnostics: Vec::new(), dialect, lines: LineIndex::new(text), use_db: None }
    }

    pub fn diag(&mut self, ctx: &Ctx, severity: Severity, message: String) {
        self.diagnostics.push(Diagnostic { severity, message, span: ctx.span(), line: ctx.line, column: ctx.column });
    }

    /// [`Schema::table_index`] without scanning every table: the schema is read statement by
    /// statement, and a linear search per reference made a 50,000-table dump quadratic.
    pub fn table_index(&self, q: &QualifiedName) -> Option<usize> {
        let mut cache = self.lookup.borrow_mut();
        let l = cache.get_or_insert_with(Default::default);
        l.sync(&self.schema);
        l.index(&self.schema, q)
    }

    /// [`naming::Taken`] of table `ti`. While a CREATE TABLE's columns and constraints are read
    /// (`keep_taken`) its constraints are only appended, so the set is kept and extended by the
    /// ones added since it was last asked for (building it anew for each unnamed constraint made a
    /// 5,000-FK table quadratic); otherwise, or when the table shrank or its primary key changed,
    /// it is built anew. Same answers as `naming::taken(&self.schema.tables[ti])`.
    fn taken(&self, ti: usize) -> std::cell::Ref<'_, naming::Taken> {
        {
            let t = &self.schema.tables[ti];
            let lens = [t.foreign_keys.len(), t.uniques.len(), t.checks.len(), t.indexes.len()];
            let pk = t.primary_key.as_ref().and_then(|p| p.name.clone());
            let mut c = self.taken.borrow_mut();
            if self.keep_taken && c.ti == Some(ti) && c.pk == pk && c.lens.iter().zip(&lens).all(|(a, b)| a <= b) {
                let [f, u, k, i] = c.lens;
                use naming::NameOf::{Check, ForeignKey, Other};
                let added = (t.foreign_keys[f..].iter().map(|x| (ForeignKey, &x.name)))
                    .chain(t.uniques[u..].iter().map(|x| (Other, &x.name)))
                    .chain(t.checks[k..].iter().map(|x| (Check, &x.name)))
                    .chain(t.indexes[i..].iter().map(|x| (Other, &x.name)));
                for (kind, n) in added {
                    if let Some(n) = n {
                        c.set.add(kind, n);
                    }
                }
                c.lens = lens;
            } else {
                *c = TakenCache { ti: Some(ti), pk, lens, set: naming::taken(t) };
            }
        }
        std::cell::Ref::map(self.taken.borrow(), |c| &c.set)
    }

    /// Where a column named exactly `name` is in table `ti`: a map kept for the table being built,
    /// since checking every new column against all earlier ones made a 10,000-column CREATE TABLE
    /// quadratic. Rebuilt when another table is asked about or the columns changed otherwise.
    fn column_position(&self, ti: usize, name: &str) -> Option<usize> {
        let cols = &self.schema.tables[ti].columns;
        let i = self.columns.borrow_mut().find(ti, cols, |c| c.name.clone(), name);
        i.filter(|&i| cols.get(i).is_some_and(|c| c.name == name))
    }

    /// SQLite: whether table `ti` has a UNIQUE on `columns` (compared case-insensitively), from a
    /// set kept for the table being built like [`Builder::column_position`].
    fn has_unique_on(&self, ti: usize, columns: &[String]) -> bool {
        let lower = |c: &[String]| -> Vec<String> { c.iter().map(|x| x.to_ascii_lowercase()).collect() };
        let uniques = &self.schema.tables[ti].uniques;
        let key = lower(columns);
        let i = self.unique_keys.borrow_mut().find(ti, uniques, |u| lower(&u.columns), &key);
        i.is_some_and(|i| uniques.get(i).is_some_and(|u| lower(&u.columns) == key))
    }

    /// Call after removing or renaming a table (the lookup is rebuilt on its next use).
    pub fn tables_changed(&mut self) {
        *self.lookup.get_mut() = None;
    }

    pub fn table(&self, q: &QualifiedName) -> Option<&Table> {
        self.table_index(q).map(|i| &self.schema.tables[i])
    }

    pub fn table_mut(&mut self, q: &QualifiedName) -> Option<&mut Table> {
        self.table_index(q).map(move |i| &mut self.schema.tables[i])
    }

    /// An identifier as the database stores it (a MySQL name over 64 characters is noted for a
    /// diagnostic: MySQL rejects it).
    pub fn ident(&self, id: &Ident) -> String {
        let value = ident_value(id);
        if self.dialect == Dialect::Mysql && sqltext::too_long(self.dialect, &value) {
            self.long_name.set(Some(value.clone()));
        }
        naming::fold(self.dialect, &value, id.quote_style.is_some())
    }

    /// The value of an option written as a string (`COMMENT = '…'`), else its text.
    fn unquote_expr(&self, e: &Expr) -> String {
        let s = e.to_string();
        sqltext::string_value(self.dialect, &s).unwrap_or(s)
    }

    /// A comment's text; an empty comment is no comment (PostgreSQL's `COMMENT ... IS ''` drops it,
    /// MySQL's catalog shows none as '').
    fn comment_value(&self, raw: &str) -> Option<String> {
        Some(self.string(raw)).filter(|c| !c.is_empty())
    }

    /// A string sqlparser handed over undecoded (see [`parse_sql`]): its value.
    fn string(&self, raw: &str) -> String {
        sqltext::literal::decode_raw(self.dialect, raw)
    }

    pub fn qname(&self, name: &ObjectName) -> QualifiedName {
        let parts: Vec<String> = name
            .0
            .iter()
            .map(|p| match p {
                ObjectNamePart::Identifier(i) => self.ident(i),
                ObjectNamePart::Function(f) => self.ident(&f.name),
            })
            .collect();
        match parts.len() {
            0 => QualifiedName::default(),
            1 => QualifiedName::new(None, parts[0].clone()),
            n => QualifiedName::new(Some(parts[n - 2].clone()), parts[n - 1].clone()),
        }
    }

    /// Absolute byte span of an sqlparser span inside the current statement (falls back to the statement).
    fn abs_span(&self, ctx: &Ctx, sp: sqlparser::tokenizer::Span) -> Span {
        let conv = |l: u64, c: u64| -> Option<usize> {
            if l == 0 {
                return None;
            }
            let (l, c) = (l as usize, c as usize);
            let (al, ac) = if l == 1 { (ctx.line, ctx.column + c - 1) } else { (ctx.line + l - 1, c) };
            Some(self.lines.offset(al, ac))
        };
        match (conv(sp.start.line, sp.start.column), conv(sp.end.line, sp.end.column)) {
            (Some(s), Some(e)) if s <= e && s >= ctx.start && e <= ctx.end.max(s) => Span::new(s, e),
            (Some(s), _) if s >= ctx.start && s <= ctx.end => Span::new(s, ctx.end),
            _ => ctx.span(),
        }
    }

    fn cols(&self, ids: &[Ident]) -> Vec<String> {
        ids.iter().map(|i| self.ident(i)).collect()
    }

    fn index_parts(&self, cols: &[IndexColumn]) -> Vec<IndexPart> {
        cols.iter().map(|c| self.index_part(c)).collect()
    }

    fn index_part(&self, c: &IndexColumn) -> IndexPart {
        let mut p = IndexPart {
            descending: matches!(c.column.options.sort, Some(ast::OrderBySort::Desc)),
            nulls_first: c.column.options.nulls_first,
            opclass: c.operator_class.as_ref().map(|o| o.to_string()),
            ..Default::default()
        };
        match &c.column.expr {
            Expr::Identifier(i) => {
                let n = self.ident(i);
                p.column = Some(n.clone());
                p.expression = n;
            }
            Expr::CompoundIdentifier(ids) if !ids.is_empty() => {
                let n = self.ident(&ids[ids.len() - 1]);
                p.column = Some(n.clone());
                p.expression = n;
            }
            Expr::Function(f) if self.dialect == Dialect::Mysql => {
                // MySQL prefix index `name(10)`.
                let s = f.to_string();
                let name = f.name.to_string();
                let len = s.get(name.len()..).map(|r| r.trim_matches(|c| c == '(' || c == ')' || c == ' ')).and_then(|r| r.parse::<u32>().ok());
                if let (Some(len), 1) = (len, f.name.0.len()) {
                    let n = match &f.name.0[0] {
                        ObjectNamePart::Identifier(i) => self.ident(i),
                        ObjectNamePart::Function(f) => self.ident(&f.name),
                    };
                    p.column = Some(n.clone());
                    p.expression = n;
                    p.length = Some(len);
                } else {
                    p.expression = s;
                }
            }
            e => p.expression = self.ex(e),
        }
        p
    }

    fn method(t: &Option<IndexType>) -> Option<String> {
        t.as_ref().map(|t| match t {
            IndexType::BTree => "btree".to_string(),
            IndexType::Hash => "hash".to_string(),
            IndexType::GIN => "gin".to_string(),
            IndexType::GiST => "gist".to_string(),
            IndexType::SPGiST => "spgist".to_string(),
            IndexType::BRIN => "brin".to_string(),
            IndexType::Bloom => "bloom".to_string(),
            IndexType::Custom(i) => i.value.to_lowercase(),
        })
    }

    // ---------------------------------------------------------------- statements

    /// An expression as written in the source when the source says the same, token for token
    /// (parentheses included, strings by value, see [`sqltext::expr::source_extent`]), else
    /// sqlparser's rendering made valid for the dialect ([`sqltext::expr::from_standard_strings`]:
    /// MySQL needs its backslashes escaped).
    fn ex(&self, e: &Expr) -> String {
        let disp = e.to_string();
        let Some(ctx) = self.cur else { return disp };
        let sp = ast::Spanned::span(e);
        if sp.start.line == 0 {
            return disp;
        }
        let span = self.abs_span(&ctx, sp);
        if span.start >= span.end || span.end > self.text.len() {
            return disp;
        }
        // spans often stop early (before closing parentheses, casts): look a little further
        let limit = span.end.saturating_add(4000).min(ctx.end).min(self.text.len());
        match sqltext::expr::source_extent(self.dialect, self.text, span.start, limit, ctx.start, &disp) {
            Some((a, b)) => self.text[a..b].to_string(),
            None => disp,
        }
    }

    pub fn apply(&mut self, stmt: &Statement, ctx: &Ctx) -> Outcome {
        self.long_name.set(None);
        *self.columns.get_mut() = Default::default();
        *self.unique_keys.get_mut() = Default::default();
        self.taken.get_mut().ti = None;
        let out = self.apply_stmt(stmt, ctx);
        if let Some(n) = self.long_name.take() {
            let max = sqltext::ident::max_name_len(self.dialect);
            let msg = format!("identifier {}… is longer than {max} characters, which MySQL rejects; read as its first {max} characters", sqltext::clamp(self.dialect, &n).chars().take(40).collect::<String>());
            self.diag(ctx, Severity::Warning, msg);
        }
        out
    }

    fn apply_stmt(&mut self, stmt: &Statement, ctx: &Ctx) -> Outcome {
        self.cur = Some(*ctx);
        match stmt {
            Statement::CreateTable(ct) => self.create_table(ct, ctx),
            Statement::CreateIndex(ci) => self.create_index(ci, ctx),
            Statement::AlterTable(at) => self.alter_table(at, ctx),
            Statement::Comment { object_type, object_name, comment, .. } => self.comment(*object_type, object_name, comment, ctx),
            Statement::CreateType { name, representation } => match representation {
                Some(UserDefinedTypeRepresentation::Enum { labels }) => {
                    let q = self.creation_schema(self.qname(name));
                    let values = labels.iter().map(|l| self.string(&l.value)).collect();
                    self.schema.enums.retain(|e| !(e.name == q.name && e.schema == q.schema));
                    self.schema.enums.push(model::EnumType { schema: q.schema, name: q.name, values, span: ctx.span() });
                    Outcome::Applied
                }
                _ => Outcome::Ignored("CREATE TYPE (not an enum)".into()),
            },
            Statement::CreateDomain(d) => {
                let q = self.creation_schema(self.qname(&d.name));
                let mut checks = Vec::new();
                for c in &d.constraints {
                    if let TableConstraint::Check(ch) = c {
                        checks.push(Check {
                            name: ch.name.as_ref().map(|n| self.ident(n)).or_else(|| Some(format!("{}_check", q.name))),
                            expression: self.ex(&ch.expr),
                            column: None,
                            not_valid: false,
                            span: ctx.span(),
                        });
                    }
                }
                self.schema.domains.push(model::Domain {
                    schema: q.schema,
                    name: q.name,
                    data_type: lower_type(&d.data_type, self.dialect),
                    default: d.default.as_ref().map(|e| self.ex(e)),
                    not_null: false,
                    checks,
                    span: ctx.span(),
                });
                Outcome::Applied
            }
            Statement::CreateSequence { name, owned_by, .. } => {
                let q = self.qname(name);
                let owned = owned_by.as_ref().and_then(|o| self.owned_by(o));
                self.add_sequence(q, owned, ctx);
                Outcome::Applied
            }
            Statement::CreatePolicy(p) => self.create_policy(p, ctx),
            Statement::Drop { object_type, names, .. } => self.drop(*object_type, names, ctx),
            Statement::RenameTable(list) => {
                for r in list {
                    let old = self.qname(&r.old_name);
                    let new = self.qname(&r.new_name);
                    self.rename_table(&old, new, ctx);
                }
                Outcome::Applied
            }
            Statement::CreateVirtualTable { module_name, .. } => Outcome::Ignored(format!("CREATE VIRTUAL TABLE ... USING {}", module_name.value)),
            other => {
                let s = other.to_string();
                let head: String = s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                Outcome::Ignored(head)
            }
        }
    }

    fn owned_by(&self, o: &ObjectName) -> Option<(QualifiedName, String)> {
        let parts: Vec<String> = o.0.iter().map(|p| match p {
            ObjectNamePart::Identifier(i) => self.ident(i),
            ObjectNamePart::Function(f) => self.ident(&f.name),
        }).collect();
        match parts.len() {
            2 => Some((QualifiedName::new(None, parts[0].clone()), parts[1].clone())),
            n if n >= 3 => Some((QualifiedName::new(Some(parts[n - 3].clone()), parts[n - 2].clone()), parts[n - 1].clone())),
            _ => None,
        }
    }

    pub fn add_sequence(&mut self, q: QualifiedName, owned: Option<(QualifiedName, String)>, ctx: &Ctx) {
        if let Some(s) = self.schema.sequences.iter_mut().find(|s| s.name == q.name && s.schema == q.schema) {
            if owned.is_some() {
                s.owned_by = owned;
            }
            return;
        }
        self.schema.sequences.push(model::Sequence { schema: q.schema, name: q.name, owned_by: owned, span: ctx.span() });
    }

    /// The schema an unqualified new object lands in: the first `search_path` entry (PostgreSQL),
    /// left `None` for `public` so unqualified sources stay unqualified.
    pub fn creation_schema(&self, mut q: QualifiedName) -> QualifiedName {
        if q.schema.is_none() && self.dialect == Dialect::Postgres {
            if let Some(first) = self.schema.search_path.first() {
                if first != "public" {
                    q.schema = Some(first.clone());
                }
            }
        }
        q
    }
}

/// InnoDB drops an index it created for a foreign key once another index leads with the same columns.
/// PostgreSQL, within one CREATE TABLE: a UNIQUE constraint on the same key as the primary key
/// or as an earlier UNIQUE is dropped (parse_utilcmd.c, transformIndexConstraints: "UNIQUE
/// PRIMARY KEY" makes one index, the primary key).
fn dedupe_pg_unique(t: &mut Table) {
    let pk = t.primary_key.as_ref().map(|p| p.columns.clone());
    let mut seen: std::collections::HashSet<(Vec<String>, bool)> = Default::default();
    t.uniques.retain(|u| {
        if !u.nulls_not_distinct && pk.as_ref() == Some(&u.columns) {
            return false;
        }
        seen.insert((u.columns.clone(), u.nulls_not_distinct))
    });
}

/// MySQL: an index InnoDB made for a foreign key goes when a key, unique key or primary key added
/// later leads with its columns (MariaDB drops it; the FK uses the new one).
fn drop_covered_implicit_indexes(t: &mut Table) {
    let cols = |i: &Index| -> Vec<String> { i.parts.iter().map(|p| p.column.clone().unwrap_or_default().to_ascii_lowercase()).collect() };
    let lower = |c: &Vec<String>| -> Vec<String> { c.iter().map(|x| x.to_ascii_lowercase()).collect() };
    let explicit: Vec<Vec<String>> = t
        .indexes
        .iter()
        .filter(|i| !i.implicit && i.method.as_deref() != Some("fulltext"))
        .map(cols)
        .chain(t.uniques.iter().map(|u| lower(&u.columns)))
        .chain(t.primary_key.iter().map(|p| lower(&p.columns)))
        .collect();
    t.indexes.retain(|i| {
        if !i.implicit {
            return true;
        }
        let mine = cols(i);
        !explicit.iter().any(|e| e.len() >= mine.len() && e[..mine.len()] == mine[..])
    });
}

fn comment_text(c: &ast::CommentDef) -> &str {
    match c {
        ast::CommentDef::WithEq(s) | ast::CommentDef::WithoutEq(s) => s,
    }
}

/// An identifier's name: sqlparser runs without unescaping (see [`parse_sql`]), so a doubled
/// quote inside a quoted identifier is still doubled.
fn ident_value(id: &Ident) -> String {
    match id.quote_style {
        Some(q @ ('"' | '`')) => {
            let doubled: String = [q, q].iter().collect();
            id.value.replace(&doubled, &q.to_string())
        }
        _ => id.value.clone(),
    }
}

/// SQLite: a single-column PRIMARY KEY on a column declared exactly `INTEGER` is the rowid.
/// `pk_desc`: the PK was declared as a column constraint `PRIMARY KEY DESC`, which SQLite does
/// not treat as a rowid alias (a table constraint `PRIMARY KEY (x DESC)` is one).
fn is_rowid_alias(t: &Table, pk: &[String], pk_desc: bool) -> bool {
    !pk_desc && !t.without_rowid && pk.len() == 1 && t.column(&pk[0]).is_some_and(|c| c.data_type.is_sqlite_integer_keyword())
}

fn renumber_sqlite_autoindexes(t: &mut Table) {
    let prefix = format!("sqlite_autoindex_{}_", t.name);
    let mut n = 0;
    for u in &mut t.uniques {
        if u.name.as_deref().is_some_and(|x| x.starts_with(&prefix)) {
            n += 1;
            u.name = Some(format!("{prefix}{n}"));
        }
    }
}
