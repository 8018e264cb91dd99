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
    columns: std::cell::RefCell<Option<ColumnPositions>>,
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

/// (table index, columns mapped so far, name → position) of the table being built.
type ColumnPositions = (usize, usize, std::collections::HashMap<String, usize>);

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
        Builder { defer_check_names: false, pending_fk_indexes: None, sqlite_pk_desc: false, cur: None, lookup: Default::default(), columns: Default::default(), long_name: Default::default(), taken: Default::default(), keep_taken: false, text, schema: Schema::new(dialect), diagnostics: Vec::new(), dialect, lines: LineIndex::new(text), use_db: None }
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
        let mut cache = self.columns.borrow_mut();
        let fresh = matches!(&*cache, Some((t, n, _)) if *t == ti && *n <= cols.len());
        if !fresh {
            *cache = Some((ti, 0, std::collections::HashMap::new()));
        }
        let (_, n, map) = cache.as_mut().expect("set above");
        for (i, c) in cols.iter().enumerate().skip(*n) {
            map.entry(c.name.clone()).or_insert(i);
        }
        *n = cols.len();
        map.get(name).copied().filter(|&i| cols.get(i).is_some_and(|c| c.name == name))
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
        *self.columns.get_mut() = None;
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

    fn create_table(&mut self, ct: &ast::CreateTable, ctx: &Ctx) -> Outcome {
        let q = self.creation_schema(self.qname(&ct.name));
        if let (Some(query), true) = (&ct.query, ct.columns.is_empty()) {
            if self.table_index(&q).is_some() {
                if ct.if_not_exists {
                    return Outcome::Ignored(format!("CREATE TABLE IF NOT EXISTS {q} AS SELECT: the table already exists"));
                }
                return Outcome::Unsupported(format!("CREATE TABLE {q} AS SELECT: a table of that name already exists"));
            }
            let cols = self.ctas_columns(query);
            let known = cols.is_some();
            let columns = cols.unwrap_or_default().into_iter().map(|(name, data_type)| Column { name, data_type, nullable: true, span: ctx.span(), ..Default::default() }).collect();
            self.schema.tables.push(Table { schema: q.schema.clone(), name: q.name.clone(), temporary: ct.temporary, columns, span: ctx.span(), ..Default::default() });
            return if known {
                self.diag(ctx, Severity::Info, format!("CREATE TABLE {q} AS SELECT: columns named after the query's select list; their types are not known"));
                Outcome::Applied
            } else {
                Outcome::Unsupported(format!("CREATE TABLE {q} AS SELECT: the table is kept, but its columns come from a query and are not known"))
            };
        }
        if ct.like.is_some() || ct.clone.is_some() {
            return Outcome::Unsupported(format!("CREATE TABLE {q} LIKE/CLONE: columns of another table are not copied"));
        }
        if self.table_index(&q).is_some() {
            if ct.if_not_exists {
                return Outcome::Ignored(format!("CREATE TABLE IF NOT EXISTS {q}: the table already exists"));
            }
            self.diag(ctx, Severity::Warning, format!("table {q} is defined twice; the later definition replaces the earlier"));
            if let Some(i) = self.table_index(&q) {
                self.schema.tables.remove(i);
                self.tables_changed();
            }
        }
        let sqlite_temp_schema = self.dialect == Dialect::Sqlite && q.schema.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("temp") || s.eq_ignore_ascii_case("temporary"));
        self.sqlite_pk_desc = false;
        let mut t = Table {
            schema: q.schema.clone(),
            name: q.name.clone(),
            temporary: ct.temporary || sqlite_temp_schema,
            unlogged: ct.unlogged,
            without_rowid: ct.without_rowid,
            strict: ct.strict,
            span: ctx.span(),
            ..Default::default()
        };
        if let Some(p) = &ct.partition_of {
            t.partition_of = Some(self.qname(p));
        }
        if let Some(c) = &ct.comment {
            t.comment = self.comment_value(comment_text(c));
        }
        let opts: &[SqlOption] = match &ct.table_options {
            CreateTableOptions::Plain(v) | CreateTableOptions::Options(v) | CreateTableOptions::With(v) | CreateTableOptions::TableProperties(v) => v,
            CreateTableOptions::None => &[],
        };
        for o in opts {
            match o {
                SqlOption::Comment(c) => t.comment = self.comment_value(comment_text(c)),
                SqlOption::KeyValue { key, value } if key.value.eq_ignore_ascii_case("ENGINE") => t.engine = Some(value.to_string()),
                SqlOption::KeyValue { key, value } if key.value.eq_ignore_ascii_case("COMMENT") => {
                    t.comment = Some(self.unquote_expr(value)).filter(|c| !c.is_empty());
                }
                _ => {}
            }
        }
        // Partitions declared with PARTITION OF inherit the parent's columns.
        if let Some(parent) = t.partition_of.clone() {
            if let Some(p) = self.table(&parent) {
                t.columns = p.columns.iter().map(|c| Column { span: ctx.span(), ..c.clone() }).collect();
                if let Some(pk) = &p.primary_key {
                    t.primary_key = Some(model::PrimaryKey { name: Some(naming::pg_name(&t.name, "", "pkey")), columns: pk.columns.clone(), span: ctx.span() });
                }
            }
        }
        // INHERITS (parent, ...): the parents' columns come first, with their NOT NULL and
        // defaults, and their CHECK constraints (keys and indexes are not inherited).
        if let Some(parents) = &ct.inherits {
            for pn in parents {
                let pq = self.qname(pn);
                match self.table(&pq) {
                    Some(p) => {
                        for c in &p.columns {
                            if !t.columns.iter().any(|x| x.name == c.name) {
                                t.columns.push(Column { span: ctx.span(), ..c.clone() });
                            }
                        }
                        t.checks.extend(p.checks.iter().cloned());
                    }
                    None => self.diag(ctx, Severity::Warning, format!("CREATE TABLE {q} INHERITS {pq}: the parent is not defined (earlier in the script)")),
                }
            }
        }
        // Index slot in the schema before constraints so default names can look at siblings.
        self.schema.tables.push(t);
        let ti = self.schema.tables.len() - 1;
        self.defer_check_names = self.dialect == Dialect::Postgres;
        self.pending_fk_indexes = Some(Vec::new());
        self.keep_taken = true;
        for cd in &ct.columns {
            self.add_column(ti, &ColumnSrc::of(cd), ctx, None);
        }
        for c in &ct.constraints {
            if let Err(e) = self.add_constraint(ti, c, false, ctx) {
                self.diag(ctx, Severity::Warning, format!("CREATE TABLE {q}: {e}"));
            }
        }
        self.defer_check_names = false;
        if self.dialect == Dialect::Postgres {
            dedupe_pg_unique(&mut self.schema.tables[ti]);
        }
        for (fi, name) in self.pending_fk_indexes.take().unwrap_or_default() {
            self.mysql_fk_index(ti, fi, name, ctx);
        }
        let unnamed: Vec<usize> = (0..self.schema.tables[ti].checks.len()).filter(|&i| self.schema.tables[ti].checks[i].name.is_none()).collect();
        let dialect = self.dialect;
        for i in unnamed {
            let t = &self.schema.tables[ti];
            let name = naming::default_check_name(dialect, t, t.checks[i].column.as_deref(), &t.checks[i].expression, &self.taken(ti));
            if let (Some(n), Some(_)) = (&name, self.taken.get_mut().ti) {
                self.taken.get_mut().set.add(naming::NameOf::Check, n);
            }
            self.schema.tables[ti].checks[i].name = name;
        }
        self.keep_taken = false;
        self.taken.get_mut().ti = None;
        self.finish_table(ti);
        Outcome::Applied
    }

    /// Columns of `CREATE TABLE ... AS SELECT` (PostgreSQL, SQLite): named after the select list
    /// as the engine names them, all nullable (neither engine copies NOT NULL), type from a
    /// top-level cast, else unknown. `None` when a name cannot be told (`*`, an unnamed
    /// expression SQLite would name by its text, a set operation, MySQL which copies NOT NULL).
    fn ctas_columns(&self, query: &ast::Query) -> Option<Vec<(String, MType)>> {
        if self.dialect == Dialect::Mysql {
            return None;
        }
        let ast::SetExpr::Select(sel) = query.body.as_ref() else { return None };
        let mut out: Vec<(String, MType)> = Vec::new();
        for item in &sel.projection {
            let (name, expr) = match item {
                ast::SelectItem::ExprWithAlias { expr, alias } => (Some(self.ident(alias)), expr),
                ast::SelectItem::UnnamedExpr(expr) => (self.ctas_expr_name(expr), expr),
                _ => return None,
            };
            let data_type = match expr {
                Expr::Cast { data_type, .. } => lower_type(data_type, self.dialect),
                _ => MType::default(),
            };
            out.push((name?, data_type));
        }
        Some(out)
    }

    fn ctas_expr_name(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Identifier(i) => Some(self.ident(i)),
            Expr::CompoundIdentifier(v) => v.last().map(|i| self.ident(i)),
            Expr::Cast { expr, .. } if self.dialect == Dialect::Postgres => self.ctas_expr_name(expr).or_else(|| Some("?column?".into())),
            Expr::Function(f) if self.dialect == Dialect::Postgres => f.name.0.last().map(|p| match p {
                ObjectNamePart::Identifier(i) => self.ident(i),
                ObjectNamePart::Function(f) => self.ident(&f.name),
            }),
            _ if self.dialect == Dialect::Postgres => Some("?column?".into()),
            _ => None,
        }
    }

    /// Post-processing once a table's definition is complete: SQLite rowid/PK nullability.
    fn finish_table(&mut self, ti: usize) {
        let dialect = self.dialect;
        let t = &mut self.schema.tables[ti];
        if let Some(pk) = t.primary_key.clone() {
            let sqlite_rowid = dialect == Dialect::Sqlite && is_rowid_alias(t, &pk.columns, self.sqlite_pk_desc);
            // SQLite: PK columns of WITHOUT ROWID and STRICT tables are NOT NULL; in other
            // rowid tables only the rowid alias is (a PK column may hold NULL there).
            if dialect != Dialect::Sqlite || t.without_rowid || t.strict || sqlite_rowid {
                for c in &pk.columns {
                    if let Some(col) = t.column_mut(c) {
                        col.nullable = false;
                    }
                }
            }
            if sqlite_rowid {
                if let Some(pkm) = &mut t.primary_key {
                    if pkm.name.as_deref().is_some_and(|n| n.starts_with("sqlite_autoindex_")) {
                        pkm.name = None;
                    }
                }
                // the autoindex counter did not advance for a rowid alias: renumber the uniques
                renumber_sqlite_autoindexes(t);
            }
        }
    }

    /// Adds (or with `replace`, replaces) a column on table `ti` from its definition.
    fn add_column(&mut self, ti: usize, cd: &ColumnSrc, ctx: &Ctx, replace: Option<&str>) {
        let name = self.ident(cd.name);
        let span = {
            let s = self.abs_span(ctx, cd.name.span);
            let whole = self.abs_span(ctx, cd.span());
            Span::new(s.start, whole.end.max(s.end))
        };
        let mut col = Column { name: name.clone(), data_type: lower_type(cd.data_type, self.dialect), nullable: true, span, ..Default::default() };
        if self.dialect == Dialect::Postgres && col.data_type.kind.is_serial() && col.data_type.array_dims == 0 {
            let t = &self.schema.tables[ti];
            let seq = naming::pg_name(&t.name, &name, "seq");
            let seq_q = QualifiedName::new(t.schema.clone(), seq.clone());
            col.nullable = false;
            col.identity = Some(Identity::Serial);
            let qual = sqltext::qualified(Dialect::Postgres, t.schema.as_deref(), &seq);
            col.default = Some(format!("nextval({}::regclass)", sqltext::string_lit(Dialect::Postgres, &qual)));
            col.sequence = Some(seq_q.clone());
            let owner = (t.qualified_name(), name.clone());
            self.add_sequence(seq_q, Some(owner), ctx);
        }
        let mut pending: Vec<(Option<&Ident>, &ColumnOption)> = Vec::new();
        for (oi, &(od_name, option)) in cd.options.iter().enumerate() {
            match option {
                ColumnOption::Null => col.nullable = true,
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Default(e) => {
                    let d = self.ex(e);
                    self.note_nextval(&mut col, &d);
                    col.default = Some(d);
                }
                ColumnOption::Comment(c) => col.comment = self.comment_value(c),
                ColumnOption::OnUpdate(e) => col.on_update = Some(self.ex(e)),
                ColumnOption::Collation(c) => col.collation = Some(c.to_string()),
                ColumnOption::Generated { generated_as, generation_expr, generation_expr_mode, .. } => match generation_expr {
                    Some(e) => {
                        col.generated = Some(Generated {
                            expression: self.ex(e),
                            stored: matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored)) || matches!(generated_as, GeneratedAs::ExpStored),
                        })
                    }
                    None => {
                        col.identity = Some(if matches!(generated_as, GeneratedAs::ByDefault) { Identity::ByDefault } else { Identity::Always });
                        col.nullable = false;
                    }
                },
                ColumnOption::Identity(k) => {
                    col.identity = Some(match k {
                        ast::IdentityPropertyKind::Autoincrement(_) => {
                            if self.dialect == Dialect::Sqlite {
                                Identity::Autoincrement
                            } else {
                                Identity::AutoIncrement
                            }
                        }
                        ast::IdentityPropertyKind::Identity(_) => Identity::Always,
                    })
                }
                ColumnOption::DialectSpecific(toks) => {
                    let s: String = toks.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" ").to_ascii_uppercase();
                    if s == "DESC" && oi > 0 && matches!(cd.options[oi - 1].1, ColumnOption::PrimaryKey(_)) {
                        self.sqlite_pk_desc = true;
                    } else if s.contains("AUTO_INCREMENT") {
                        col.identity = Some(Identity::AutoIncrement);
                    } else if s.contains("AUTOINCREMENT") {
                        col.identity = Some(Identity::Autoincrement);
                    }
                }
                ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_) | ColumnOption::ForeignKey(_) | ColumnOption::Check(_) => {
                    pending.push((od_name, option));
                }
                _ => {}
            }
        }
        if self.dialect == Dialect::Mysql && col.data_type.kind.is_serial() {
            // MySQL SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
            col.nullable = false;
            col.identity = Some(Identity::AutoIncrement);
        }
        {
            let replaced = replace.and_then(|r| self.schema.tables[ti].columns.iter().position(|c| c.name == r || c.name.eq_ignore_ascii_case(r)));
            match replaced.or_else(|| self.column_position(ti, &name)) {
                Some(i) => {
                    self.schema.tables[ti].columns[i] = col;
                    *self.columns.get_mut() = None;
                }
                None => self.schema.tables[ti].columns.push(col),
            }
        }
        for (cname, opt) in pending {
            let cname_s = cname.map(|n| self.ident(n));
            match opt {
                ColumnOption::PrimaryKey(pk) => {
                    let given = pk.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.set_pk(ti, given, vec![name.clone()], ctx);
                }
                ColumnOption::Unique(u) => {
                    let given = u.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.add_unique(ti, given, vec![name.clone()], u.nulls_distinct == NullsDistinctOption::NotDistinct, ctx);
                }
                ColumnOption::ForeignKey(fk) => {
                    let given = fk.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.add_fk(ti, given.clone(), vec![name.clone()], fk, false, ctx);
                    if self.dialect == Dialect::Mysql {
                        self.note_fk_index(ti, given, ctx);
                    }
                }
                ColumnOption::Check(c) => {
                    let given = c.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    let expr = self.ex(&c.expr);
                    self.add_check(ti, given, expr, Some(name.clone()), false, ctx);
                }
                _ => {}
            }
        }
    }

    fn note_nextval(&mut self, col: &mut Column, default: &str) {
        let l = default.to_ascii_lowercase();
        if self.dialect == Dialect::Postgres && l.starts_with("nextval(") {
            col.identity = Some(Identity::Serial);
            if let Some((raw, _)) = default.find('\'').and_then(|a| sqltext::read_string(self.dialect, default, a)) {
                col.sequence = Some(naming::parse_qualified(self.dialect, &raw));
            }
        }
    }

    fn set_pk(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, ctx: &Ctx) {
        let name = match given {
            Some(n) if self.dialect == Dialect::Postgres => Some(n),
            _ => Some(naming::default_pk_name(self.dialect, &self.schema.tables[ti], &self.taken(ti))),
        };
        let t = &mut self.schema.tables[ti];
        t.primary_key = Some(model::PrimaryKey { name, columns, span: ctx.span() });
    }

    fn add_unique(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, nnd: bool, ctx: &Ctx) {
        let name = if self.dialect == Dialect::Sqlite {
            // SQLite creates no second index for a UNIQUE on the same columns as the primary key
            // (unless that is the rowid) or as an earlier UNIQUE.
            let t = &self.schema.tables[ti];
            let same = |c: &Vec<String>| c.len() == columns.len() && c.iter().zip(&columns).all(|(a, b)| a.eq_ignore_ascii_case(b));
            let dup_pk = t.primary_key.as_ref().is_some_and(|p| same(&p.columns) && !is_rowid_alias(t, &p.columns, self.sqlite_pk_desc));
            if dup_pk || t.uniques.iter().any(|u| same(&u.columns)) {
                return;
            }
            Some(naming::sqlite_unique_name(&self.taken(ti)))
        } else {
            given.or_else(|| Some(naming::default_unique_name(self.dialect, &self.schema.tables[ti], &columns, &self.taken(ti))))
        };
        self.schema.tables[ti].uniques.push(model::UniqueConstraint { name, columns, nulls_not_distinct: nnd, span: ctx.span() });
    }

    /// A foreign key on table `ti`: its name is `given` (the constraint's or the column option's
    /// name), else the dialect's default.
    fn add_fk(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, fk: &ast::ForeignKeyConstraint, not_valid: bool, ctx: &Ctx) {
        let name = given.or_else(|| naming::default_fk_name(self.dialect, &self.schema.tables[ti], &columns, &self.taken(ti)));
        // Resolve the target through the search path in effect now (it may change later in the script).
        let mut ref_table = self.qname(&fk.foreign_table);
        if ref_table.schema.is_none() {
            if let Some(target) = self.table(&ref_table) {
                ref_table = target.qualified_name();
            } else if let Some(first) = self.schema.search_path.first().filter(|s| *s != "public" && self.dialect == Dialect::Postgres) {
                ref_table.schema = Some(first.clone());
            }
        }
        let f = ForeignKey {
            name,
            columns,
            ref_table,
            ref_columns: self.cols(&fk.referred_columns),
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
            on_delete_explicit: fk.on_delete.is_some(),
            deferrable: fk.characteristics.as_ref().and_then(|c| c.deferrable).unwrap_or(false),
            not_valid,
            logical: false,
            span: ctx.span(),
        };
        self.schema.tables[ti].foreign_keys.push(f);
    }

    fn add_check(&mut self, ti: usize, given: Option<String>, expression: String, column: Option<String>, not_valid: bool, ctx: &Ctx) {
        if self.defer_check_names && given.is_none() {
            self.schema.tables[ti].checks.push(Check { name: None, expression, column, not_valid, span: ctx.span() });
            return;
        }
        let name = given.or_else(|| naming::default_check_name(self.dialect, &self.schema.tables[ti], column.as_deref(), &expression, &self.taken(ti)));
        self.schema.tables[ti].checks.push(Check { name, expression, column, not_valid, span: ctx.span() });
    }

    fn add_constraint(&mut self, ti: usize, c: &TableConstraint, not_valid: bool, ctx: &Ctx) -> Result<(), String> {
        match c {
            TableConstraint::PrimaryKey(pk) => {
                let cols = self.index_parts(&pk.columns).into_iter().map(|p| p.column.unwrap_or(p.expression)).collect();
                let given = pk.name.as_ref().or(pk.index_name.as_ref()).map(|n| self.ident(n));
                self.set_pk(ti, given, cols, ctx);
            }
            TableConstraint::Unique(u) => {
                let cols: Vec<String> = self.index_parts(&u.columns).into_iter().map(|p| p.column.unwrap_or(p.expression)).collect();
                let given = u.name.as_ref().or(u.index_name.as_ref()).map(|n| self.ident(n));
                let t = &self.schema.tables[ti];
                if let Some(n) = given.as_ref().filter(|n| t.uniques.iter().filter_map(|u| u.name.as_ref()).chain(t.indexes.iter().filter_map(|i| i.name.as_ref())).any(|x| x == *n)) {
                    return Err(format!("{n} already exists on {}: the database refuses a second key of that name", t.name));
                }
                self.add_unique(ti, given, cols, u.nulls_distinct == NullsDistinctOption::NotDistinct, ctx);
            }
            TableConstraint::ForeignKey(fk) => {
                let cols = self.cols(&fk.columns);
                // MariaDB: `CONSTRAINT c FOREIGN KEY i (...)` names the key `c`, else `i`, else
                // `<t>_ibfk_<n>`; the index it may create takes the same written name.
                let mut given = fk.name.as_ref().map(|n| self.ident(n));
                if self.dialect == Dialect::Mysql {
                    given = given.or_else(|| fk.index_name.as_ref().map(|n| self.ident(n)));
                }
                self.add_fk(ti, given.clone(), cols, fk, not_valid, ctx);
                if self.dialect == Dialect::Mysql {
                    self.note_fk_index(ti, given, ctx);
                }
            }
            TableConstraint::Check(ch) => {
                let given = ch.name.as_ref().map(|n| self.ident(n));
                let expr = self.ex(&ch.expr);
                self.add_check(ti, given, expr, None, not_valid, ctx);
            }
            TableConstraint::Index(ix) => {
                let parts = self.index_parts(&ix.columns);
                let name = ix.name.as_ref().map(|n| self.ident(n)).or_else(|| Some(naming::default_mysql_index_name(&self.taken(ti), &parts)));
                self.schema.tables[ti].indexes.push(Index {
                    name,
                    unique: false,
                    parts,
                    method: Self::method(&ix.index_type).or(Some("btree".into())),
                    span: ctx.span(),
                    ..Default::default()
                });
            }
            TableConstraint::FulltextOrSpatial(fs) => {
                let parts = self.index_parts(&fs.columns);
                let name = fs.opt_index_name.as_ref().map(|n| self.ident(n)).or_else(|| Some(naming::default_mysql_index_name(&self.taken(ti), &parts)));
                let _ = KeyOrIndexDisplay::None;
                self.schema.tables[ti].indexes.push(Index {
                    name,
                    unique: false,
                    parts,
                    method: Some(if fs.fulltext { "fulltext" } else { "spatial" }.into()),
                    span: ctx.span(),
                    ..Default::default()
                });
            }
            TableConstraint::PrimaryKeyUsingIndex(u) | TableConstraint::UniqueUsingIndex(u) => {
                let is_pk = matches!(c, TableConstraint::PrimaryKeyUsingIndex(_));
                let idx = self.ident(&u.index_name);
                let cname = u.name.as_ref().map(|n| self.ident(n)).unwrap_or_else(|| idx.clone());
                let t = &mut self.schema.tables[ti];
                let Some(pos) = t.indexes.iter().position(|i| i.name.as_deref() == Some(idx.as_str())) else {
                    return Err(format!("index {idx} used by the constraint is not defined"));
                };
                let ix = t.indexes.remove(pos);
                let cols = ix.parts.iter().map(|p| p.column.clone().unwrap_or_else(|| p.expression.clone())).collect();
                if is_pk {
                    t.primary_key = Some(model::PrimaryKey { name: Some(cname), columns: cols, span: ctx.span() });
                    self.finish_table(ti);
                } else {
                    t.uniques.push(model::UniqueConstraint { name: Some(cname), columns: cols, nulls_not_distinct: false, span: ctx.span() });
                }
            }
            TableConstraint::Exclude(e) => {
                let name = e.name.as_ref().map(|n| self.ident(n));
                let parts = e.elements.iter().map(|el| self.index_part(&el.column)).collect();
                let predicate = e.where_clause.as_ref().map(|w| self.ex(w));
                self.schema.tables[ti].indexes.push(Index {
                    name,
                    unique: false,
                    parts,
                    method: e.index_method.as_ref().map(|m| m.value.to_lowercase()).or(Some("gist".into())),
                    predicate,
                    span: ctx.span(),
                    ..Default::default()
                });
            }
        }
        Ok(())
    }

    /// MySQL/InnoDB: an FK needs an index; when none leads with its columns one is created. Inside
    /// CREATE TABLE this is decided once the whole table is read (a later KEY may cover it).
    /// `written`: the FK's name as the source wrote it (`CONSTRAINT c`, else `FOREIGN KEY i`), not
    /// the `<t>_ibfk_<n>` default the importer gives an unnamed one.
    fn note_fk_index(&mut self, ti: usize, written: Option<String>, ctx: &Ctx) {
        let fi = self.schema.tables[ti].foreign_keys.len().saturating_sub(1);
        match &mut self.pending_fk_indexes {
            Some(v) => v.push((fi, written)),
            None => self.mysql_fk_index(ti, fi, written, ctx),
        }
    }

    /// The index InnoDB creates for a foreign key, as MariaDB 10.11 does (checked on the server):
    /// - none when a primary key, unique key or (non-FULLTEXT) index leads with the FK's columns;
    /// - an index made earlier for another FK that leads with them and is longer serves too; one on
    ///   the same or fewer leading columns is replaced by the new one;
    /// - its name is the FK's written name, else the first column's (`col`, `col_2`, ... when taken).
    fn mysql_fk_index(&mut self, ti: usize, fi: usize, written: Option<String>, ctx: &Ctx) {
        let t = &self.schema.tables[ti];
        let Some(fk) = t.foreign_keys.get(fi) else { return };
        let cols = fk.columns.clone();
        let leads = |c: &[String]| c.len() >= cols.len() && c.iter().zip(&cols).all(|(a, b)| a.eq_ignore_ascii_case(b));
        let index_cols = |i: &Index| -> Vec<String> { i.parts.iter().map(|p| p.column.clone().unwrap_or_default()).collect() };
        let covered = t.primary_key.as_ref().is_some_and(|p| leads(&p.columns))
            || t.uniques.iter().any(|u| leads(&u.columns))
            || t.indexes.iter().any(|i| i.method.as_deref() != Some("fulltext") && leads(&index_cols(i)) && (!i.implicit || i.parts.len() > cols.len()));
        if covered {
            return;
        }
        // an earlier implicit index on a prefix of (or the same) columns gives way to this one
        let prefix_of_mine = |i: &Index| i.implicit && i.parts.len() <= cols.len() && index_cols(i).iter().zip(&cols).all(|(a, b)| a.eq_ignore_ascii_case(b));
        let before = self.schema.tables[ti].indexes.len();
        self.schema.tables[ti].indexes.retain(|i| !prefix_of_mine(i));
        if self.schema.tables[ti].indexes.len() != before {
            // a name went: the kept name set would still hold it
            self.taken.get_mut().ti = None;
        }
        let parts: Vec<IndexPart> = cols.iter().map(|c| IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
        let name = written.unwrap_or_else(|| naming::default_mysql_index_name(&self.taken(ti), &parts));
        self.schema.tables[ti].indexes.push(Index { name: Some(name), unique: false, parts, method: Some("btree".into()), implicit: true, span: ctx.span(), ..Default::default() });
    }

    fn find_table(&mut self, q: &QualifiedName, ctx: &Ctx) -> Option<usize> {
        let r = self.table_index(q);
        if r.is_none() {
            self.diag(ctx, Severity::Warning, format!("table {q} is not defined (earlier in the script)"));
        }
        r
    }

    fn create_index(&mut self, ci: &ast::CreateIndex, ctx: &Ctx) -> Outcome {
        let mut tq = self.qname(&ci.table_name);
        // SQLite: `CREATE INDEX aux.idx ON t (...)` indexes aux.t (the table name cannot be qualified).
        if self.dialect == Dialect::Sqlite && tq.schema.is_none() {
            if let Some(sch) = ci.name.as_ref().and_then(|n| self.qname(n).schema).filter(|s| !s.eq_ignore_ascii_case("main")) {
                tq.schema = Some(sch);
            }
        }
        let Some(ti) = self.table_index(&tq) else {
            return Outcome::Unsupported(format!("CREATE INDEX on table {tq}, which is not defined (earlier in the script)"));
        };
        let parts = self.index_parts(&ci.columns);
        let name = match &ci.name {
            Some(n) => Some(self.qname(n).name),
            None => Some(naming::default_index_name(self.dialect, &self.schema.tables[ti], &parts, &self.taken(ti))),
        };
        // Index names are unique per schema in PostgreSQL and SQLite, per table in MySQL (asked
        // only for IF NOT EXISTS: the scan of every table's indexes is not free).
        let exists = ci.if_not_exists && if self.dialect == Dialect::Mysql {
            self.schema.tables[ti].indexes.iter().any(|i| i.name == name)
        } else {
            let sch = self.schema.tables[ti].schema.clone();
            self.schema.tables.iter().filter(|t| t.schema == sch).any(|t| {
                // Index names share a namespace with the indexes behind PRIMARY KEY / UNIQUE, not with FK or CHECK names.
                t.indexes.iter().any(|i| i.name == name)
                    || t.uniques.iter().any(|u| u.name == name)
                    || t.primary_key.as_ref().is_some_and(|p| p.name == name)
            })
        };
        if ci.if_not_exists && exists {
            return Outcome::Ignored(format!("CREATE INDEX IF NOT EXISTS {}: exists", name.unwrap_or_default()));
        }
        let method = Self::method(&ci.using).or_else(|| {
            // MySQL CREATE FULLTEXT/SPATIAL INDEX parses as an index type in some versions.
            Some("btree".into())
        });
        let include = self.cols(&ci.include);
        let predicate = ci.predicate.as_ref().map(|p| self.ex(p));
        self.schema.tables[ti].indexes.push(Index {
            name,
            unique: ci.unique,
            parts,
            method,
            predicate,
            include,
            concurrently: ci.concurrently,
            implicit: false,
            span: ctx.span(),
        });
        if self.dialect == Dialect::Mysql {
            drop_covered_implicit_indexes(&mut self.schema.tables[ti]);
        }
        Outcome::Applied
    }

    fn comment(&mut self, ot: CommentObject, name: &ObjectName, comment: &Option<String>, ctx: &Ctx) -> Outcome {
        match ot {
            CommentObject::Table => {
                let q = self.qname(name);
                let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
                self.schema.tables[ti].comment = comment.as_deref().and_then(|c| self.comment_value(c));
                Outcome::Applied
            }
            CommentObject::Column => {
                let parts: Vec<String> = name.0.iter().map(|p| match p {
                    ObjectNamePart::Identifier(i) => self.ident(i),
                    ObjectNamePart::Function(f) => self.ident(&f.name),
                }).collect();
                if parts.len() < 2 {
                    return Outcome::Unsupported("COMMENT ON COLUMN needs table.column".into());
                }
                let n = parts.len();
                let q = QualifiedName::new(if n >= 3 { Some(parts[n - 3].clone()) } else { None }, parts[n - 2].clone());
                let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
                match self.schema.tables[ti].column_mut(&parts[n - 1]) {
                    Some(c) => c.comment = comment.as_deref().map(|x| sqltext::literal::decode_raw(self.dialect, x)).filter(|x| !x.is_empty()),
                    None => return Outcome::Unsupported(format!("COMMENT ON COLUMN: {q} has no column {}", parts[n - 1])),
                }
                Outcome::Applied
            }
            other => Outcome::Ignored(format!("COMMENT ON {other:?}").to_uppercase()),
        }
    }

    fn create_policy(&mut self, p: &ast::CreatePolicy, ctx: &Ctx) -> Outcome {
        let q = self.qname(&p.table_name);
        let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
        let command = match p.command {
            None | Some(CreatePolicyCommand::All) => "all",
            Some(CreatePolicyCommand::Select) => "select",
            Some(CreatePolicyCommand::Insert) => "insert",
            Some(CreatePolicyCommand::Update) => "update",
            Some(CreatePolicyCommand::Delete) => "delete",
        };
        let roles = p
            .to
            .as_ref()
            .map(|v| {
                v.iter()
                    .map(|o| match o {
                        Owner::Ident(i) => self.ident(i),
                        other => other.to_string().to_lowercase(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let pol = model::Policy {
            name: self.ident(&p.name),
            command: command.into(),
            permissive: !matches!(p.policy_type, Some(CreatePolicyType::Restrictive)),
            roles,
            using: p.using.as_ref().map(|e| self.ex(e)),
            with_check: p.with_check.as_ref().map(|e| self.ex(e)),
            span: ctx.span(),
        };
        self.schema.tables[ti].policies.push(pol);
        Outcome::Applied
    }

    fn drop(&mut self, ot: ObjectType, names: &[ObjectName], ctx: &Ctx) -> Outcome {
        for n in names {
            let q = self.qname(n);
            match ot {
                ObjectType::Table => {
                    if let Some(i) = self.table_index(&q) {
                        self.schema.tables.remove(i);
                        self.tables_changed();
                        let dialect = self.dialect;
                        self.schema.triggers.retain(|t| !(t.table.name == q.name && Schema { dialect, ..Default::default() }.schema_matches(t.table.schema.as_deref(), q.schema.as_deref())));
                    }
                }
                ObjectType::Index => {
                    let mut found = false;
                    for t in &mut self.schema.tables {
                        let before = t.indexes.len();
                        t.indexes.retain(|i| i.name.as_deref() != Some(q.name.as_str()));
                        found |= t.indexes.len() != before;
                    }
                    if !found {
                        let _ = ctx;
                    }
                }
                ObjectType::Type => self.schema.enums.retain(|e| e.name != q.name),
                ObjectType::Sequence => self.schema.sequences.retain(|s| s.name != q.name),
                ObjectType::View | ObjectType::MaterializedView => return Outcome::Ignored("DROP VIEW".into()),
                other => return Outcome::Ignored(format!("DROP {other}")),
            }
        }
        Outcome::Applied
    }

    pub fn rename_table(&mut self, old: &QualifiedName, new: QualifiedName, ctx: &Ctx) {
        let Some(ti) = self.find_table(old, ctx) else { return };
        self.tables_changed();
        let t = &mut self.schema.tables[ti];
        let old_name = t.name.clone();
        t.name = new.name.clone();
        if new.schema.is_some() {
            t.schema = new.schema.clone();
        }
        let newq = t.qualified_name();
        for t in &mut self.schema.tables {
            for f in &mut t.foreign_keys {
                if f.ref_table.name == old_name {
                    f.ref_table.name = newq.name.clone();
                }
            }
        }
        for tr in &mut self.schema.triggers {
            if tr.table.name == old_name {
                tr.table = newq.clone();
            }
        }
    }

    fn alter_table(&mut self, at: &ast::AlterTable, ctx: &Ctx) -> Outcome {
        let q = self.qname(&at.name);
        let only_ignorable = at.operations.iter().all(|op| {
            matches!(
                op,
                AlterTableOperation::OwnerTo { .. }
                    | AlterTableOperation::ReplicaIdentity { .. }
                    | AlterTableOperation::Algorithm { .. }
                    | AlterTableOperation::Lock { .. }
                    | AlterTableOperation::AutoIncrement { .. }
                    | AlterTableOperation::EnableTrigger { .. }
                    | AlterTableOperation::DisableTrigger { .. }
                    | AlterTableOperation::EnableAlwaysTrigger { .. }
                    | AlterTableOperation::EnableReplicaTrigger { .. }
                    | AlterTableOperation::EnableRule { .. }
                    | AlterTableOperation::DisableRule { .. }
                    | AlterTableOperation::SetLogged
                    | AlterTableOperation::SetUnlogged
                    | AlterTableOperation::SetOptionsParens { .. }
                    | AlterTableOperation::SetTblProperties { .. }
                    | AlterTableOperation::ClusterBy { .. }
            )
        });
        if only_ignorable {
            let what = match at.operations.first() {
                Some(AlterTableOperation::OwnerTo { .. }) => "OWNER TO",
                Some(AlterTableOperation::ReplicaIdentity { .. }) => "REPLICA IDENTITY",
                _ => "storage/trigger option",
            };
            return Outcome::Ignored(format!("ALTER TABLE ... {what}"));
        }
        let Some(mut ti) = self.table_index(&q) else {
            if at.if_exists {
                return Outcome::Ignored(format!("ALTER TABLE IF EXISTS {q}: not defined"));
            }
            return Outcome::Unsupported(format!("ALTER TABLE {q}: the table is not defined (earlier in the script)"));
        };
        let mut problems: Vec<String> = Vec::new();
        for op in &at.operations {
            match op {
                AlterTableOperation::AddConstraint { constraint, not_valid } => {
                    if let Err(e) = self.add_constraint(ti, constraint, *not_valid, ctx) {
                        problems.push(e);
                    }
                    if self.dialect == Dialect::Mysql && matches!(constraint, TableConstraint::Index(_) | TableConstraint::Unique(_) | TableConstraint::PrimaryKey(_)) {
                        drop_covered_implicit_indexes(&mut self.schema.tables[ti]);
                    }
                    if matches!(constraint, TableConstraint::PrimaryKey(_)) {
                        self.finish_table(ti);
                    }
                }
                AlterTableOperation::AddColumn { column_def, if_not_exists, .. } => {
                    let n = self.ident(&column_def.name);
                    if *if_not_exists && self.schema.tables[ti].column(&n).is_some() {
                        continue;
                    }
                    self.add_column(ti, &ColumnSrc::of(column_def), ctx, None);
                    self.finish_table(ti);
                    // Partitions get the parent's new column too.
                    let parent = self.schema.tables[ti].qualified_name();
                    let col = self.schema.tables[ti].column(&n).cloned();
                    if let Some(col) = col {
                        for t in self.schema.tables.iter_mut() {
                            if t.partition_of.as_ref().is_some_and(|p| p.name == parent.name && p.schema == parent.schema) && t.column(&n).is_none() {
                                t.columns.push(Column { span: ctx.span(), ..col.clone() });
                            }
                        }
                    }
                }
                AlterTableOperation::DropColumn { column_names, .. } => {
                    for c in column_names {
                        let n = self.ident(c);
                        drop_column(&mut self.schema.tables[ti], &n);
                        *self.columns.get_mut() = None;
                    }
                }
                AlterTableOperation::DropConstraint { name, .. } => {
                    let n = self.ident(name);
                    if !drop_constraint(&mut self.schema.tables[ti], &n) {
                        problems.push(format!("constraint {n} is not defined"));
                    }
                }
                AlterTableOperation::DropPrimaryKey { .. } => self.schema.tables[ti].primary_key = None,
                AlterTableOperation::DropForeignKey { name, .. } => {
                    let n = self.ident(name);
                    self.schema.tables[ti].foreign_keys.retain(|f| f.name.as_deref() != Some(n.as_str()));
                }
                AlterTableOperation::DropIndex { name } => {
                    let n = self.ident(name);
                    let t = &mut self.schema.tables[ti];
                    t.indexes.retain(|i| i.name.as_deref() != Some(n.as_str()));
                    t.uniques.retain(|i| i.name.as_deref() != Some(n.as_str()));
                }
                AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
                    let (o, n) = (self.ident(old_column_name), self.ident(new_column_name));
                    rename_column(&mut self.schema, ti, &o, &n);
                    *self.columns.get_mut() = None;
                }
                AlterTableOperation::RenameTable { table_name } => {
                    let new = match table_name {
                        ast::RenameTableNameKind::As(n) | ast::RenameTableNameKind::To(n) => self.qname(n),
                    };
                    let old = self.schema.tables[ti].qualified_name();
                    self.rename_table(&old, new.clone(), ctx);
                    match self.table_index(&QualifiedName::new(new.schema.or(old.schema), new.name)) {
                        Some(i) => ti = i,
                        None => break,
                    }
                }
                AlterTableOperation::RenameConstraint { old_name, new_name } => {
                    let (o, n) = (self.ident(old_name), self.ident(new_name));
                    rename_constraint(&mut self.schema.tables[ti], &o, &n);
                }
                AlterTableOperation::AlterColumn { column_name, op } => {
                    let cn = self.ident(column_name);
                    let dialect = self.dialect;
                    let mut nextval: Option<String> = None;
                    let set_default = match op {
                        AlterColumnOperation::SetDefault { value } => Some(self.ex(value)),
                        _ => None,
                    };
                    {
                        let Some(col) = self.schema.tables[ti].column_mut(&cn) else {
                            problems.push(format!("column {cn} is not defined"));
                            continue;
                        };
                        match op {
                            AlterColumnOperation::SetNotNull => col.nullable = false,
                            AlterColumnOperation::DropNotNull => col.nullable = true,
                            AlterColumnOperation::SetDefault { .. } => {
                                let d = set_default.clone().unwrap_or_default();
                                nextval = Some(d.clone());
                                col.default = Some(d);
                            }
                            AlterColumnOperation::DropDefault => {
                                col.default = None;
                                if col.identity == Some(Identity::Serial) {
                                    col.identity = None;
                                }
                            }
                            AlterColumnOperation::SetDataType { data_type, .. } => col.data_type = lower_type(data_type, dialect),
                            AlterColumnOperation::AddGenerated { generated_as, .. } => {
                                col.identity = Some(if matches!(generated_as, Some(GeneratedAs::ByDefault)) { Identity::ByDefault } else { Identity::Always });
                                col.nullable = false;
                            }
                        }
                    }
                    if let Some(d) = nextval {
                        let mut col = self.schema.tables[ti].column(&cn).cloned().unwrap_or_default();
                        self.note_nextval(&mut col, &d);
                        if let Some(c) = self.schema.tables[ti].column_mut(&cn) {
                            c.identity = col.identity.or(c.identity.clone());
                            c.sequence = col.sequence;
                        }
                    }
                    let _ = dialect;
                }
                AlterTableOperation::ChangeColumn { old_name, new_name, data_type, options, .. } => {
                    let o = self.ident(old_name);
                    let cd = ColumnSrc { name: new_name, data_type, options: options.iter().map(|o| (None, o)).collect() };
                    let n = self.ident(new_name);
                    if o != n {
                        rename_column(&mut self.schema, ti, &o, &n);
                        *self.columns.get_mut() = None;
                    }
                    self.add_column(ti, &cd, ctx, Some(&n));
                    // A primary-key column stays NOT NULL whatever the new definition says.
                    self.finish_table(ti);
                }
                AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } => {
                    let n = self.ident(col_name);
                    let cd = ColumnSrc { name: col_name, data_type, options: options.iter().map(|o| (None, o)).collect() };
                    self.add_column(ti, &cd, ctx, Some(&n));
                    self.finish_table(ti);
                }
                AlterTableOperation::EnableRowLevelSecurity => self.schema.tables[ti].rls_enabled = true,
                AlterTableOperation::DisableRowLevelSecurity => self.schema.tables[ti].rls_enabled = false,
                AlterTableOperation::ForceRowLevelSecurity => self.schema.tables[ti].rls_forced = true,
                AlterTableOperation::NoForceRowLevelSecurity => self.schema.tables[ti].rls_forced = false,
                AlterTableOperation::ValidateConstraint { name } => {
                    let n = self.ident(name);
                    let t = &mut self.schema.tables[ti];
                    for f in &mut t.foreign_keys {
                        if f.name.as_deref() == Some(n.as_str()) {
                            f.not_valid = false;
                        }
                    }
                    for c in &mut t.checks {
                        if c.name.as_deref() == Some(n.as_str()) {
                            c.not_valid = false;
                        }
                    }
                }
                AlterTableOperation::OwnerTo { .. }
                | AlterTableOperation::ReplicaIdentity { .. }
                | AlterTableOperation::Algorithm { .. }
                | AlterTableOperation::Lock { .. }
                | AlterTableOperation::AutoIncrement { .. }
                | AlterTableOperation::EnableTrigger { .. }
                | AlterTableOperation::DisableTrigger { .. }
                | AlterTableOperation::SetLogged
                | AlterTableOperation::SetUnlogged => {}
                other => {
                    let s = other.to_string();
                    let head: String = s.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                    problems.push(format!("operation not applied: {head}"));
                }
            }
        }
        if problems.is_empty() {
            Outcome::Applied
        } else {
            Outcome::Unsupported(format!("ALTER TABLE {q}: {}", problems.join("; ")))
        }
    }
}

/// InnoDB drops an index it created for a foreign key once another index leads with the same columns.
/// PostgreSQL, within one CREATE TABLE: a UNIQUE constraint on the same key as the primary key
/// or as an earlier UNIQUE is dropped (parse_utilcmd.c, transformIndexConstraints: "UNIQUE
/// PRIMARY KEY" makes one index, the primary key).
fn dedupe_pg_unique(t: &mut Table) {
    let pk = t.primary_key.as_ref().map(|p| p.columns.clone());
    let mut seen: Vec<(Vec<String>, bool)> = Vec::new();
    t.uniques.retain(|u| {
        if !u.nulls_not_distinct && pk.as_ref() == Some(&u.columns) {
            return false;
        }
        let key = (u.columns.clone(), u.nulls_not_distinct);
        if seen.contains(&key) {
            return false;
        }
        seen.push(key);
        true
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

pub fn drop_column(t: &mut Table, n: &str) {
    t.columns.retain(|c| c.name != n);
    let has = |cols: &Vec<String>| cols.iter().any(|c| c == n);
    if t.primary_key.as_ref().is_some_and(|p| has(&p.columns)) {
        t.primary_key = None;
    }
    t.foreign_keys.retain(|f| !has(&f.columns));
    t.uniques.retain(|u| !has(&u.columns));
    t.indexes.retain(|i| !i.parts.iter().any(|p| p.column.as_deref() == Some(n)));
    t.checks.retain(|c| c.column.as_deref() != Some(n));
}

pub fn drop_constraint(t: &mut Table, n: &str) -> bool {
    let before = (t.foreign_keys.len(), t.uniques.len(), t.checks.len(), t.indexes.len());
    let had_pk = t.primary_key.as_ref().is_some_and(|p| p.name.as_deref() == Some(n));
    if had_pk {
        t.primary_key = None;
    }
    let m = |x: &Option<String>| x.as_deref() == Some(n);
    t.foreign_keys.retain(|f| !m(&f.name));
    t.uniques.retain(|f| !m(&f.name));
    t.checks.retain(|f| !m(&f.name));
    had_pk || before != (t.foreign_keys.len(), t.uniques.len(), t.checks.len(), t.indexes.len())
}

fn rename_constraint(t: &mut Table, o: &str, n: &str) {
    let r = |x: &mut Option<String>| {
        if x.as_deref() == Some(o) {
            *x = Some(n.to_string());
        }
    };
    if let Some(p) = &mut t.primary_key {
        r(&mut p.name);
    }
    t.foreign_keys.iter_mut().for_each(|f| r(&mut f.name));
    t.uniques.iter_mut().for_each(|f| r(&mut f.name));
    t.checks.iter_mut().for_each(|f| r(&mut f.name));
    t.indexes.iter_mut().for_each(|f| r(&mut f.name));
}

pub fn rename_column(s: &mut Schema, ti: usize, o: &str, n: &str) {
    let tq = s.tables[ti].qualified_name();
    let t = &mut s.tables[ti];
    let r = |c: &mut String| {
        if c == o {
            *c = n.to_string();
        }
    };
    if let Some(col) = t.column_mut(o) {
        col.name = n.to_string();
    }
    if let Some(p) = &mut t.primary_key {
        p.columns.iter_mut().for_each(r);
    }
    for f in &mut t.foreign_keys {
        f.columns.iter_mut().for_each(r);
    }
    for u in &mut t.uniques {
        u.columns.iter_mut().for_each(r);
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if p.column.as_deref() == Some(o) {
                p.column = Some(n.to_string());
                p.expression = n.to_string();
            }
        }
    }
    for c in &mut t.checks {
        if c.column.as_deref() == Some(o) {
            c.column = Some(n.to_string());
        }
    }
    // references from other tables
    let tables: Vec<usize> = (0..s.tables.len()).collect();
    for j in tables {
        let refs: Vec<usize> = s.tables[j]
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(_, f)| f.ref_table.name == tq.name)
            .map(|(k, _)| k)
            .collect();
        for k in refs {
            s.tables[j].foreign_keys[k].ref_columns.iter_mut().for_each(|c| {
                if c == o {
                    *c = n.to_string();
                }
            });
        }
    }
}

/// sqlparser's settings: a recursion limit, and no unescaping of strings and quoted identifiers —
/// sqlparser's rendering of a string it has decoded is a guess that can be wrong (a value holding
/// `''` or a backslash before a quote comes out as different SQL), while the raw body renders
/// exactly as written. Values are decoded here instead ([`Builder::string`], [`ident_value`]).
fn parser(d: &dyn sqlparser::dialect::Dialect) -> sqlparser::parser::Parser<'_> {
    use sqlparser::parser::{Parser, ParserOptions};
    Parser::new(d).with_options(ParserOptions::new().with_unescape(false)).with_recursion_limit(40)
}

/// Parses one statement text with the dialect's sqlparser dialect.
pub fn parse_sql(dialect: Dialect, text: &str) -> Result<Vec<Statement>, String> {
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    fn run(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Vec<Statement>, String> {
        parser(d).with_tokens_with_locations(tokens(d, text)?).parse_statements().map_err(|e| e.to_string())
    }
    match dialect {
        Dialect::Postgres => run(&PostgreSqlDialect {}, text),
        Dialect::Mysql => run(&MySqlDialect {}, text),
        Dialect::Sqlite => run(&SQLiteDialect {}, text),
    }
}

/// sqlparser's tokens of `text` (strings not unescaped, see [`parser`]), or an error when an
/// operator chain is longer than [`MAX_OPERATOR_CHAIN`].
fn tokens(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Vec<sqlparser::tokenizer::TokenWithSpan>, String> {
    let tokens = sqlparser::tokenizer::Tokenizer::new(d, text).with_unescape(false).tokenize_with_location().map_err(|e| e.to_string())?;
    match longest_operator_chain(&tokens) {
        Some(n) if n > MAX_OPERATOR_CHAIN => Err(format!("an expression chains {n} operators without parentheses or commas (more than {MAX_OPERATOR_CHAIN}); the statement is skipped")),
        _ => Ok(tokens),
    }
}

/// Most operators one expression may chain at one level (`a + b + ...`, `x::t::t ...`, `int[][]...`,
/// `... OR ... OR ...`). sqlparser's recursion limit bounds nesting, but it reads such chains in a
/// loop into a tree as deep as the chain, and everything that walks the tree — rendering it, our
/// lowering, dropping it — recurses once per level: 5,000 `[]` overflowed the web app's 1 MiB wasm
/// stack. 1,000 keeps a `CHECK (x = 'a' OR x = 'b' OR ...)` of 500 values.
pub const MAX_OPERATOR_CHAIN: usize = 1000;

/// The longest run of operator tokens (symbols, and AND / OR / NOT / IS / LIKE / IN / COLLATE)
/// between two commas or parentheses at one nesting level; `None` for no operator at all.
fn longest_operator_chain(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<usize> {
    use sqlparser::keywords::Keyword as K;
    use sqlparser::tokenizer::Token as T;
    // One counter per open parenthesis level (a `(` starts a fresh segment; `)` returns to the
    // enclosing one, whose chain the parenthesised group continues).
    let mut runs: Vec<usize> = vec![0];
    let mut longest = None;
    for t in tokens {
        let op = match &t.token {
            T::LParen => {
                runs.push(0);
                continue;
            }
            T::RParen => {
                if runs.len() > 1 {
                    runs.pop();
                }
                continue;
            }
            T::Comma | T::SemiColon => {
                if let Some(r) = runs.last_mut() {
                    *r = 0;
                }
                continue;
            }
            T::Whitespace(_) | T::EOF => continue,
            T::Word(w) => matches!(w.keyword, K::AND | K::OR | K::NOT | K::IS | K::LIKE | K::ILIKE | K::IN | K::COLLATE | K::BETWEEN),
            T::Number(..) | T::SingleQuotedString(_) | T::DoubleQuotedString(_) | T::NationalStringLiteral(_) | T::EscapedStringLiteral(_) | T::HexStringLiteral(_) | T::DollarQuotedString(_) | T::Placeholder(_) => false,
            _ => true,
        };
        if op {
            if let Some(r) = runs.last_mut() {
                *r += 1;
                longest = longest.max(Some(*r));
            }
        }
    }
    longest
}

/// Reads a column type written as text (`varchar(255)`, `character varying(255)`, `numeric(10,2)`,
/// `timestamp(3) with time zone`, `int[]`) with the dialect's own type grammar and lowers it exactly
/// as a type inside `CREATE TABLE` is lowered ([`lower_type`]). This is the one entry point for
/// inputs that carry types as text (catalog JSON, Prisma `@db.*`, DBML, Drizzle): they build the same
/// model type the SQL importer builds. `None` when the text is not a type in that dialect.
///
/// For reader authors: the result's [`crate::model::TypeKind`] is what every consumer reads
/// (`kind`, `array_dims`); `spelling` is what the same-dialect SQL generator emits, so pass the
/// text the database itself would print (`character varying(255)` from a catalog, or the SQL a
/// Prisma `@db.VarChar(255)` stands for, `varchar(255)`). A name the dialect does not define comes
/// back as `TypeKind::Named` (a PostgreSQL enum or domain, resolved against the schema), so an enum
/// type's name is a valid input too. On `None`, keep the text as the spelling with
/// `TypeKind::Other` (MySQL/SQLite) or `TypeKind::Named` (PostgreSQL) rather than dropping the column.
pub fn parse_type(dialect: Dialect, text: &str) -> Option<MType> {
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    fn read(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Option<ast::DataType> {
        let mut p = parser(d).with_tokens_with_locations(tokens(d, text).ok()?);
        let dt = p.parse_data_type().ok()?;
        // The whole text must be the type (no trailing tokens).
        (p.peek_token().token == sqlparser::tokenizer::Token::EOF).then_some(dt)
    }
    let dt = match dialect {
        Dialect::Postgres => read(&PostgreSqlDialect {}, text),
        Dialect::Mysql => read(&MySqlDialect {}, text),
        Dialect::Sqlite => read(&SQLiteDialect {}, text),
    }?;
    Some(lower_type(&dt, dialect))
}

/// A type written as text that must become a type whatever it holds (an `ALTER TABLE` operand
/// read by hand): [`parse_type`], or when the dialect's grammar rejects the text, its words as a
/// type name (`types::read_name`), keeping the text as the spelling.
pub fn read_type(dialect: Dialect, text: &str) -> MType {
    parse_type(dialect, text).unwrap_or_else(|| MType::new(text.trim(), super::types::read_name(text, dialect), 0))
}

#[cfg(test)]
mod parse_type_tests {
    use super::*;

    #[test]
    fn text_types_lower_like_create_table_types() {
        for (d, ty) in [
            (Dialect::Postgres, "character varying(255)"),
            (Dialect::Postgres, "numeric(10,2)"),
            (Dialect::Postgres, "timestamp(3) with time zone"),
            (Dialect::Postgres, "int[]"),
            (Dialect::Mysql, "int unsigned"),
            (Dialect::Mysql, "enum('a','b')"),
            (Dialect::Sqlite, "INTEGER"),
        ] {
            let sql = format!("CREATE TABLE t (c {ty})");
            let stmts = parse_sql(d, &sql).unwrap();
            let Statement::CreateTable(ct) = &stmts[0] else { panic!("not a create table") };
            assert_eq!(parse_type(d, ty), Some(lower_type(&ct.columns[0].data_type, d)), "{d:?} {ty}");
        }
        assert_eq!(parse_type(Dialect::Postgres, "int) ; drop table x"), None);
    }

    #[test]
    fn a_spelling_keeps_the_case_of_its_literals() {
        let t = parse_type(Dialect::Mysql, "SET('Trailers','Deleted Scenes')").unwrap();
        assert_eq!(t.spelling.replace(' ', ""), "set('Trailers','DeletedScenes')");
        assert_eq!(parse_type(Dialect::Mysql, "ENUM('It''S','b')").unwrap().spelling.replace(' ', ""), "enum('It''S','b')");
        assert_eq!(parse_type(Dialect::Postgres, "VARCHAR(10)").unwrap().spelling, "varchar(10)");
    }
}
