//! Where things are written in a DBML document: tables with their column, index and check lines,
//! relationships (`Ref` statements, `Ref { }` block lines, inline `ref:` settings) with the tokens
//! of their endpoints, and `TableGroup` members. Read with the DBML reader's own syntax
//! (`parse::dbml::syntax`), so the planner and the reader see the same statements.

pub use crate::parse::dbml::schema::Endpoint;
use crate::parse::dbml::schema::{endpoint as read_endpoint, path_spans as path};
use crate::parse::dbml::syntax::{self, Stmt, Tok, Token};
use crate::parse::input::Diags;
use crate::span::Span;

pub struct Doc<'a> {
    pub text: &'a str,
    pub stmts: Vec<Stmt>,
    pub tables: Vec<TableAt>,
    pub refs: Vec<RefAt>,
    /// `TableGroup` member lines: (the line, its table name token, schema, name).
    pub group_members: Vec<(Span, Span, Option<String>, String)>,
}

/// A `Table` block.
pub struct TableAt {
    /// Index in `Doc::stmts`.
    pub stmt: usize,
    pub schema: Option<String>,
    pub name: String,
    pub name_span: Span,
    pub alias: Option<String>,
    pub fields: Vec<FieldAt>,
    pub indexes: Vec<IndexAt>,
    /// The `indexes { }` block statement, when there is one.
    pub indexes_block: Option<Stmt>,
    /// `checks { }` lines: (the line, its expression text and span).
    pub checks: Vec<(Stmt, String, Span)>,
    /// The table uses a `TablePartial` (`~name`).
    pub partials: bool,
}

/// A column line.
pub struct FieldAt {
    pub st: Stmt,
    pub name: String,
    pub name_span: Span,
    /// The type's tokens.
    pub ty_span: Span,
}

/// An `indexes { }` line.
pub struct IndexAt {
    pub st: Stmt,
    /// Plain column names with their token spans (expressions are not columns).
    pub cols: Vec<(String, Span)>,
    /// Backtick expressions (text, span).
    pub exprs: Vec<(String, Span)>,
    pub pk: bool,
    pub unique: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// A one-line `Ref: a > b` statement (index in `Doc::stmts`).
    Stmt(usize),
    /// A line of a `Ref { }` block: (statement, line).
    BlockLine(usize, usize),
    /// A `ref:` setting of a column: (table in `Doc::tables`, field, setting).
    Inline(usize, usize, usize),
}

/// A relationship written in the text: the endpoint that holds the foreign key and the one it
/// references (`None` for `<>`, which makes a junction table).
pub struct RefAt {
    pub at: Where,
    /// The line or the setting.
    pub span: Span,
    pub fk: Option<(Endpoint, Endpoint)>,
    /// The other endpoint's tokens of an inline ref (the column itself is the field).
    pub ends: Vec<Endpoint>,
}

impl<'a> Doc<'a> {
    pub fn read(text: &'a str) -> Doc<'a> {
        let mut diags = Diags::new(text);
        let stmts = syntax::parse(text, &mut diags);
        let mut doc = Doc { text, stmts: Vec::new(), tables: Vec::new(), refs: Vec::new(), group_members: Vec::new() };
        for (i, s) in stmts.iter().enumerate() {
            if s.first_is("table") {
                if let Some(t) = table(i, s) {
                    doc.tables.push(t);
                }
            } else if s.first_is("ref") {
                doc.ref_stmt(i, s);
            } else if s.first_is("tablegroup") {
                for m in s.block.iter().flatten() {
                    if let Some((parts, _)) = path(&m.toks, 0) {
                        let (schema, (name, span)) = split(parts);
                        doc.group_members.push((m.span, span, schema, name));
                    }
                }
            }
        }
        for (ti, t) in doc.tables.iter().enumerate() {
            for (fi, f) in t.fields.iter().enumerate() {
                for (si, set) in f.st.settings.iter().flat_map(|x| x.items.iter()).enumerate() {
                    if set.key != "ref" {
                        continue;
                    }
                    let Some(op) = set.value.first().and_then(op_of) else { continue };
                    let Some(other) = endpoint(&set.value[1..]) else { continue };
                    let here = Endpoint { schema: t.schema.clone(), table: t.name.clone(), cols: vec![f.name.clone()], span: f.name_span, table_span: Span::default(), col_spans: vec![f.name_span] };
                    let fk = match op {
                        '>' | '-' => Some((here, other.clone())),
                        '<' => Some((other.clone(), here)),
                        _ => None,
                    };
                    doc.refs.push(RefAt { at: Where::Inline(ti, fi, si), span: set.span, fk, ends: vec![other] });
                }
            }
        }
        doc.stmts = stmts;
        doc
    }

    fn ref_stmt(&mut self, i: usize, s: &Stmt) {
        match &s.block {
            Some(body) => {
                for (li, x) in body.iter().enumerate() {
                    if let Some(r) = ref_line(&x.toks, Where::BlockLine(i, li), x.span) {
                        self.refs.push(r);
                    }
                }
            }
            None => {
                if let Some(c) = s.toks.iter().position(|t| t.is_punct(':')) {
                    if let Some(r) = ref_line(&s.toks[c + 1..], Where::Stmt(i), s.span) {
                        self.refs.push(r);
                    }
                }
            }
        }
    }

    /// The statement (or block line) of a written relationship.
    pub fn ref_stmt_of(&self, r: &RefAt) -> Option<&Stmt> {
        match r.at {
            Where::Stmt(i) => self.stmts.get(i),
            Where::BlockLine(i, l) => self.stmts[i].block.as_ref()?.get(l),
            Where::Inline(..) => None,
        }
    }

    /// Whether endpoint `e` names table `ti` (by its name or alias).
    pub fn names_table(&self, e: &Endpoint, ti: usize) -> bool {
        let t = &self.tables[ti];
        let schema_ok = e.schema.as_deref().unwrap_or("public") == t.schema.as_deref().unwrap_or("public");
        schema_ok && (e.table == t.name || t.alias.as_deref() == Some(e.table.as_str()))
    }
}

fn op_of(t: &Token) -> Option<char> {
    match &t.tok {
        Tok::Op(o) if o == ">" => Some('>'),
        Tok::Op(o) if o == "<" => Some('<'),
        Tok::Op(o) if o == "-" => Some('-'),
        Tok::Op(o) if o == "<>" => Some('*'),
        _ => None,
    }
}

fn ref_line(toks: &[Token], at: Where, span: Span) -> Option<RefAt> {
    let opi = toks.iter().position(|t| op_of(t).is_some())?;
    let op = op_of(&toks[opi])?;
    let (a, b) = (endpoint(&toks[..opi])?, endpoint(&toks[opi + 1..])?);
    let fk = match op {
        '>' => Some((a.clone(), b.clone())),
        '<' | '-' => Some((b.clone(), a.clone())),
        _ => None,
    };
    Some(RefAt { at, span, fk, ends: vec![a, b] })
}

fn split(mut parts: Vec<(String, Span)>) -> (Option<String>, (String, Span)) {
    let last = parts.pop().unwrap_or_default();
    (parts.pop().map(|p| p.0), last)
}

/// An endpoint with its tokens' spans (the reader's own, its diagnostics dropped: the import
/// has them).
fn endpoint(toks: &[Token]) -> Option<Endpoint> {
    read_endpoint(toks, &mut Diags::new(""))
}

fn table(i: usize, s: &Stmt) -> Option<TableAt> {
    let (parts, next) = path(&s.toks, 1)?;
    let (schema, (name, name_span)) = split(parts);
    let alias = match (s.toks.get(next), s.toks.get(next + 1)) {
        (Some(a), Some(n)) if a.is_word("as") => n.name().map(str::to_string),
        _ => None,
    };
    let body = s.block.as_ref()?;
    let mut t = TableAt { stmt: i, schema, name, name_span, alias, fields: Vec::new(), indexes: Vec::new(), indexes_block: None, checks: Vec::new(), partials: false };
    for x in body {
        if x.first_is("note") {
            continue;
        } else if x.first_is("indexes") && x.block.is_some() {
            t.indexes_block = Some(x.clone());
            t.indexes.extend(x.block.iter().flatten().map(index));
        } else if x.first_is("checks") && x.block.is_some() {
            for c in x.block.iter().flatten() {
                if let Some(Token { tok: Tok::Expr(e), span }) = c.toks.first() {
                    t.checks.push((c.clone(), e.clone(), *span));
                }
            }
        } else if x.first_is("records") {
        } else if x.toks.first().is_some_and(|t| t.is_op("~")) {
            t.partials = true;
        } else if let Some(first) = x.toks.first().filter(|f| f.name().is_some()) {
            let ty_span = match (x.toks.get(1), x.toks.last()) {
                (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
                _ => Span::new(first.span.end, first.span.end),
            };
            t.fields.push(FieldAt { st: x.clone(), name: first.name().unwrap_or_default().to_string(), name_span: first.span, ty_span });
        }
    }
    Some(t)
}

fn index(s: &Stmt) -> IndexAt {
    let mut ix = IndexAt { st: s.clone(), cols: Vec::new(), exprs: Vec::new(), pk: false, unique: false };
    for t in &s.toks {
        match &t.tok {
            Tok::Ident(n) | Tok::Quoted(n) => ix.cols.push((n.clone(), t.span)),
            Tok::Expr(e) => ix.exprs.push((e.clone(), t.span)),
            _ => {}
        }
    }
    if let Some(set) = &s.settings {
        ix.pk = set.has("pk") || set.has("primary key");
        ix.unique = set.has("unique");
    }
    ix
}
