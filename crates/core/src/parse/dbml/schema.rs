//! DBML statements → tables, enums and references, as `@dbml/core`'s model has them: aliases,
//! `TablePartial` injection (a table's own field wins, then the later partial; indexes and checks
//! of the partials are added, check names prefixed with the table name), inline `ref:` settings
//! and `Ref` statements and blocks with `<`, `>`, `-`, `<>`.

use super::syntax::{Setting, Settings, Stmt, Tok, Token};
use crate::model::RefAction;
use crate::parse::input::Diags;
use crate::span::Span;

/// A column default as DBML types it.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultVal {
    Str(String),
    /// Numbers and `true` / `false`, written as they are.
    Raw(String),
    /// A backtick expression.
    Expr(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub name: Option<String>,
    pub expr: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    /// The type as `@dbml/parse` gives it (`varchar(255)`, `decimal(10,2)`, `int[]`), without schema.
    pub ty: String,
    pub ty_schema: Option<String>,
    pub pk: bool,
    pub unique: bool,
    pub not_null: bool,
    pub increment: bool,
    pub default: Option<DefaultVal>,
    pub note: Option<String>,
    pub checks: Vec<Check>,
    /// `ref:` settings: (operator, the other endpoint, the setting's span).
    pub inline_refs: Vec<(RefOp, Endpoint, Span)>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IndexCol {
    Col(String),
    Expr(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub cols: Vec<IndexCol>,
    pub unique: bool,
    pub pk: bool,
    pub name: Option<String>,
    pub method: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub schema: Option<String>,
    pub name: String,
    pub alias: Option<String>,
    pub fields: Vec<Field>,
    pub indexes: Vec<Index>,
    pub checks: Vec<Check>,
    pub note: Option<String>,
    /// `[headercolor: #hex]`, as `#rrggbb`.
    pub color: Option<String>,
    /// `~partial` injections: (name, its place among the table's field lines and injections, span).
    pub partials: Vec<(String, usize, Span)>,
    pub span: Span,
    /// A `TablePartial` (injected into tables, no table of its own).
    pub partial: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub schema: Option<String>,
    pub name: String,
    pub values: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub schema: Option<String>,
    pub table: String,
    pub cols: Vec<String>,
    pub span: Span,
    /// The table's token and each column's (empty for a column's own end of an inline ref).
    pub table_span: Span,
    pub col_spans: Vec<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefOp {
    /// `>` many-to-one.
    ManyToOne,
    /// `<` one-to-many.
    OneToMany,
    /// `-` one-to-one.
    OneToOne,
    /// `<>` many-to-many.
    ManyToMany,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ref {
    pub name: Option<String>,
    pub a: Endpoint,
    pub op: RefOp,
    pub b: Endpoint,
    pub on_delete: Option<RefAction>,
    pub on_update: Option<RefAction>,
    pub span: Span,
}

impl Endpoint {
    fn same(&self, o: &Endpoint) -> bool {
        self.table == o.table && self.cols == o.cols && self.schema.as_deref().unwrap_or("public") == o.schema.as_deref().unwrap_or("public")
    }
}

impl Ref {
    /// The same two endpoints, in either order.
    fn same_endpoints(&self, o: &Ref) -> bool {
        (self.a.same(&o.a) && self.b.same(&o.b)) || (self.a.same(&o.b) && self.b.same(&o.a))
    }
}

/// `TableGroup name { members }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: String,
    /// (schema, table name or alias), as written.
    pub members: Vec<(Option<String>, String)>,
    pub span: Span,
}

/// Everything a document declares.
#[derive(Debug, Default)]
pub struct Doc {
    pub database_type: Option<(String, Span)>,
    pub tables: Vec<Table>,
    pub enums: Vec<Enum>,
    pub refs: Vec<Ref>,
    pub groups: Vec<Group>,
    /// Sticky notes, `Note name { '...' }`, in source order.
    pub notes: Vec<crate::model::StickyNote>,
    /// (schema, name) of the tables read so far.
    seen: std::collections::HashSet<(Option<String>, String)>,
}

/// The text of a token list (names unquoted).
fn text_of(toks: &[Token]) -> String {
    toks.iter()
        .map(|t| match &t.tok {
            Tok::Ident(s) | Tok::Quoted(s) | Tok::Str(s) | Tok::Expr(s) | Tok::Num(s) | Tok::Color(s) | Tok::Op(s) => s.clone(),
            Tok::Punct(c) => c.to_string(),
            Tok::Newline => " ".into(),
        })
        .collect()
}

/// A dotted name `a.b.c` at `toks[i..]`: (parts, next index).
fn path(toks: &[Token], i: usize) -> Option<(Vec<String>, usize)> {
    path_spans(toks, i).map(|(p, next)| (p.into_iter().map(|x| x.0).collect(), next))
}

/// [`path`] with each part's token span (for edits of the text, `edit::dbml`).
pub(crate) fn path_spans(toks: &[Token], mut i: usize) -> Option<(Vec<(String, Span)>, usize)> {
    let first = toks.get(i)?;
    let mut parts = vec![(first.name()?.to_string(), first.span)];
    i += 1;
    while toks.get(i).is_some_and(|t| t.is_op(".")) && toks.get(i + 1).and_then(Token::name).is_some() {
        parts.push((toks[i + 1].name().unwrap_or_default().to_string(), toks[i + 1].span));
        i += 2;
    }
    Some((parts, i))
}

fn split_schema(mut parts: Vec<String>) -> (Option<String>, String) {
    let name = parts.pop().unwrap_or_default();
    (parts.pop(), name)
}

fn note_value(toks: &[Token]) -> Option<String> {
    toks.iter().find_map(|t| match &t.tok {
        Tok::Str(s) => Some(s.clone()),
        _ => None,
    })
}

/// `Note: '...'` or `Note { '...' }` in a body.
fn body_note(s: &Stmt) -> Option<String> {
    if !s.first_is("note") {
        return None;
    }
    match &s.block {
        Some(b) => b.iter().find_map(|x| note_value(&x.toks)),
        None => note_value(&s.toks),
    }
}

fn action(set: &Setting, diags: &mut Diags) -> Option<RefAction> {
    let v = text_words(&set.value);
    Some(match v.as_str() {
        "cascade" => RefAction::Cascade,
        "restrict" => RefAction::Restrict,
        "no action" => RefAction::NoAction,
        "set null" => RefAction::SetNull,
        "set default" => RefAction::SetDefault,
        _ => {
            diags.warning(set.span, format!("unknown referential action `{v}` (cascade, restrict, no action, set null, set default)"));
            return None;
        }
    })
}

/// Lower-case words of a value, joined by one space (`set null`).
fn text_words(toks: &[Token]) -> String {
    toks.iter().filter_map(|t| t.name()).map(str::to_ascii_lowercase).collect::<Vec<_>>().join(" ")
}

impl Doc {
    /// Reads the top-level statements.
    pub fn read(stmts: &[Stmt], diags: &mut Diags) -> Doc {
        let mut doc = Doc::default();
        for s in stmts {
            let Some(Tok::Ident(kw)) = s.toks.first().map(|t| &t.tok) else {
                diags.error(s.toks.first().map_or(s.span, |t| t.span), "expected an element (Table, Ref, Enum, Project, TableGroup, TablePartial, Note)");
                continue;
            };
            match kw.to_ascii_lowercase().as_str() {
                "table" => doc.table(s, false, diags),
                "tablepartial" => doc.table(s, true, diags),
                "enum" => doc.enumeration(s, diags),
                "ref" => doc.reference(s, diags),
                "project" => doc.project(s),
                "tablegroup" => doc.group(s, diags),
                "note" => doc.sticky(s, diags),
                "diagramview" => {}
                "records" => diags.info(s.toks[0].span, "Records (sample data) are not part of the schema; ignored"),
                other => diags.warning(s.toks[0].span, format!("unknown element `{other}` (expected Table, Ref, Enum, Project, TableGroup, TablePartial or Note); ignored")),
            }
        }
        doc
    }

    /// Injects `TablePartial`s into the tables using them (as `@dbml/core`'s `processPartials`)
    /// and turns `ref:` settings into references; the partials themselves are dropped.
    pub fn finish(mut self, diags: &mut Diags) -> Doc {
        let (partials, tables): (Vec<Table>, Vec<Table>) = std::mem::take(&mut self.tables).into_iter().partition(|t| t.partial);
        // References in source order (which names MySQL's `<table>_ibfk_<n>`), those that came
        // with a partial's fields after them.
        let mut injected = Vec::new();
        for mut t in tables {
            let own: std::collections::HashSet<String> = t.fields.iter().map(|f| f.name.clone()).collect();
            inject(&mut t, &partials, diags);
            for f in &t.fields {
                for (op, other, span) in &f.inline_refs {
                    let here = Endpoint { schema: t.schema.clone(), table: t.name.clone(), cols: vec![f.name.clone()], span: f.span, table_span: Span::default(), col_spans: Vec::new() };
                    let r = if own.contains(&f.name) {
                        // `@dbml/parse` writes an inline ref as (target, this column) with the
                        // operator turned around, so `-` puts the key on this column.
                        let op = match op {
                            RefOp::ManyToOne => RefOp::OneToMany,
                            RefOp::OneToMany => RefOp::ManyToOne,
                            o => *o,
                        };
                        Ref { name: None, a: other.clone(), op, b: here, on_delete: None, on_update: None, span: *span }
                    } else {
                        // `@dbml/core` keeps (this column, target) for a partial's field.
                        Ref { name: None, a: here, op: *op, b: other.clone(), on_delete: None, on_update: None, span: *span }
                    };
                    if own.contains(&f.name) {
                        self.refs.push(r);
                    } else {
                        injected.push(r);
                    }
                }
            }
            self.tables.push(t);
        }
        crate::sort::by_key(&mut self.refs, |r| r.span.start);
        let mut kept: Vec<Ref> = Vec::new();
        for r in std::mem::take(&mut self.refs) {
            if kept.iter().any(|k| k.same_endpoints(&r)) {
                diags.error(r.span, "a reference with the same endpoints is already defined; this one is ignored");
            } else {
                kept.push(r);
            }
        }
        // A partial's reference that a table already states is not made twice.
        for r in injected {
            if !kept.iter().any(|k| k.same_endpoints(&r)) {
                kept.push(r);
            }
        }
        self.refs = kept;
        self
    }

    fn project(&mut self, s: &Stmt) {
        for x in s.block.iter().flatten() {
            if x.first_is("database_type") {
                if let Some(t) = x.toks.iter().find(|t| matches!(t.tok, Tok::Str(_))) {
                    self.database_type = Some((note_value(std::slice::from_ref(t)).unwrap_or_default(), t.span));
                }
            }
        }
    }

    fn table(&mut self, s: &Stmt, partial: bool, diags: &mut Diags) {
        let Some((parts, next)) = path(&s.toks, 1) else {
            diags.error(s.toks[0].span, format!("{} needs a name", text_of(&s.toks[..1])));
            return;
        };
        let (schema, name) = split_schema(parts);
        let alias = match (s.toks.get(next), s.toks.get(next + 1)) {
            (Some(a), Some(n)) if a.is_word("as") => n.name().map(str::to_string),
            _ => None,
        };
        let Some(body) = &s.block else {
            diags.error(s.span, format!("table {name} needs a body `{{ ... }}`"));
            return;
        };
        let mut t = Table { schema, name, alias, span: s.span, partial, ..Default::default() };
        t.note = s.settings.as_ref().and_then(|x| x.get("note")).and_then(|x| note_value(&x.value));
        if let Some(c) = s.settings.as_ref().and_then(|x| x.get("headercolor")) {
            t.color = crate::erd::decor::color(&text_of(&c.value));
            if t.color.is_none() {
                diags.warning(c.span, format!("headercolor `{}` is not a colour (#rgb or #rrggbb); ignored", text_of(&c.value).trim()));
            }
        }
        for x in body {
            if let Some(n) = body_note(x) {
                t.note = Some(n);
            } else if x.first_is("indexes") && x.block.is_some() {
                for i in x.block.iter().flatten() {
                    if let Some(ix) = index(i, diags) {
                        t.indexes.push(ix);
                    }
                }
            } else if x.first_is("checks") && x.block.is_some() {
                for c in x.block.iter().flatten() {
                    match c.toks.first().map(|t| &t.tok) {
                        Some(Tok::Expr(e)) => t.checks.push(Check { name: name_setting(c.settings.as_ref()), expr: e.clone(), span: c.span }),
                        _ => diags.error(c.span, "a check is a backtick expression: `price > 0`"),
                    }
                }
            } else if x.first_is("records") {
                diags.info(x.span, "records (sample data) are not part of the schema; ignored");
            } else if x.toks.first().is_some_and(|t| t.is_op("~")) {
                match x.toks.get(1).and_then(Token::name) {
                    Some(n) => t.partials.push((n.to_string(), t.fields.len() + t.partials.len(), x.span)),
                    None => diags.error(x.span, "`~` needs the name of a TablePartial"),
                }
            } else if let Some(f) = field(x, &t, diags) {
                if t.fields.iter().any(|o| o.name == f.name) {
                    diags.error(x.span, format!("column {} is already defined in {}", f.name, t.name));
                } else {
                    t.fields.push(f);
                }
            }
        }
        if !partial && !self.seen.insert((t.schema.clone(), t.name.clone())) {
            diags.error(s.toks[1].span, format!("table {} is already defined", t.name));
            return;
        }
        self.tables.push(t);
    }

    /// A sticky note, `Note name [settings] { '...' }` (as `@dbml/core`: a name, one string, no
    /// two of the same name). Anything else is reported and left out.
    fn sticky(&mut self, s: &Stmt, diags: &mut Diags) {
        let name = s.toks.get(1).and_then(Token::name).map(str::to_string);
        let Some(name) = name.filter(|_| s.block.is_some()) else {
            diags.warning(s.toks[0].span, "a sticky note needs a name and a body: Note name { '...' }; ignored");
            return;
        };
        let strings: Vec<(String, Span)> = s.block.iter().flatten().flat_map(|x| &x.toks).filter_map(|t| match &t.tok {
            Tok::Str(v) | Tok::Quoted(v) => Some((v.clone(), t.span)),
            _ => None,
        }).collect();
        if strings.len() != 1 {
            let kept = if strings.is_empty() { "read as empty" } else { "the first is shown" };
            diags.warning(s.span, format!("Note {name} holds {} strings (a Note holds one): {kept}", strings.len()));
        }
        let (text, text_span) = strings.into_iter().next().unwrap_or_default();
        if self.notes.iter().any(|n| n.name == name) {
            diags.error(s.toks[1].span, format!("Note {name} is already defined; this one is ignored"));
            return;
        }
        self.notes.push(crate::model::StickyNote { name, text, span: s.span, text_span });
    }

    /// `TableGroup name [settings] { table \n schema.table \n Note: '...' }`.
    fn group(&mut self, s: &Stmt, diags: &mut Diags) {
        let Some((parts, _)) = path(&s.toks, 1) else {
            diags.error(s.toks[0].span, "TableGroup needs a name");
            return;
        };
        let name = parts.join(".");
        let members = s.block.iter().flatten().filter(|x| !x.first_is("note")).filter_map(|x| path(&x.toks, 0)).map(|(p, _)| split_schema(p)).collect();
        self.groups.push(Group { name, members, span: s.span });
    }

    fn enumeration(&mut self, s: &Stmt, diags: &mut Diags) {
        let Some((parts, _)) = path(&s.toks, 1) else {
            diags.error(s.toks[0].span, "Enum needs a name");
            return;
        };
        let (schema, name) = split_schema(parts);
        let values: Vec<String> = s.block.iter().flatten().filter(|x| !x.first_is("note") || x.toks.len() == 1).filter_map(|x| x.toks.first().and_then(Token::name).map(str::to_string)).collect();
        if values.is_empty() {
            diags.error(s.span, format!("enum {name} has no values"));
        }
        self.enums.push(Enum { schema, name, values, span: s.span });
    }

    /// `Ref [name]: a > b [settings]` or `Ref [name] { a > b [settings] ... }`.
    fn reference(&mut self, s: &Stmt, diags: &mut Diags) {
        let colon = s.toks.iter().position(|t| t.is_punct(':'));
        let name_end = colon.unwrap_or(s.toks.len());
        let name = s.toks.get(1..name_end).and_then(|n| n.first()).and_then(Token::name).map(str::to_string);
        match (&s.block, colon) {
            (Some(body), _) => {
                for x in body {
                    self.ref_line(&x.toks, x.settings.as_ref(), name.clone(), x.span, diags);
                }
            }
            (None, Some(c)) => self.ref_line(&s.toks[c + 1..], s.settings.as_ref(), name, s.span, diags),
            (None, None) => diags.error(s.span, "Ref needs `:` and two endpoints (`Ref: posts.user_id > users.id`)"),
        }
    }

    fn ref_line(&mut self, toks: &[Token], settings: Option<&Settings>, name: Option<String>, span: Span, diags: &mut Diags) {
        let Some(opi) = toks.iter().position(|t| ["<", ">", "-", "<>"].iter().any(|o| t.is_op(o))) else {
            diags.error(span, "a reference needs `<`, `>`, `-` or `<>` between its endpoints");
            return;
        };
        let op = match &toks[opi].tok {
            Tok::Op(o) if o == ">" => RefOp::ManyToOne,
            Tok::Op(o) if o == "<" => RefOp::OneToMany,
            Tok::Op(o) if o == "-" => RefOp::OneToOne,
            _ => RefOp::ManyToMany,
        };
        let (Some(a), Some(b)) = (endpoint(&toks[..opi], diags), endpoint(&toks[opi + 1..], diags)) else { return };
        let mut r = Ref { name, a, op, b, on_delete: None, on_update: None, span };
        for set in settings.map(|s| s.items.as_slice()).unwrap_or_default() {
            match set.key.as_str() {
                "delete" => r.on_delete = action(set, diags),
                "update" => r.on_update = action(set, diags),
                "color" => {}
                other => diags.warning(set.span, format!("unknown Ref setting `{other}`; ignored")),
            }
        }
        if r.a.cols.len() != r.b.cols.len() {
            diags.error(span, format!("the two endpoints have {} and {} column(s)", r.a.cols.len(), r.b.cols.len()));
            return;
        }
        self.refs.push(r);
    }
}

/// A table's own fields win over injected ones, and a later partial over an earlier one; each
/// partial's fields go where its `~name` line is.
fn inject(t: &mut Table, partials: &[Table], diags: &mut Diags) {
    if t.partials.is_empty() {
        return;
    }
    let mut taken: std::collections::HashSet<String> = t.fields.iter().map(|f| f.name.clone()).collect();
    let mut order = t.partials.clone();
    crate::sort::by_key(&mut order, |p| std::cmp::Reverse(p.1));
    let mut slots: Vec<Option<Vec<Field>>> = t.fields.drain(..).map(|f| Some(vec![f])).collect();
    for (_, at, _) in order.iter().rev() {
        slots.insert((*at).min(slots.len()), None);
    }
    for (name, at, span) in &order {
        let Some(p) = partials.iter().find(|p| p.name == *name) else {
            diags.error(*span, format!("TablePartial {name} is not defined"));
            if let Some(slot) = slots.get_mut(*at) {
                *slot = Some(Vec::new());
            }
            continue;
        };
        let fields: Vec<Field> = p.fields.iter().filter(|f| taken.insert(f.name.clone())).cloned().collect();
        if let Some(slot) = slots.get_mut(*at) {
            *slot = Some(fields);
        }
        if t.note.is_none() {
            t.note = p.note.clone();
        }
        t.indexes.extend(p.indexes.iter().cloned());
        t.checks.extend(p.checks.iter().map(|c| Check { name: c.name.as_ref().map(|n| format!("{}.{n}", t.name)), ..c.clone() }));
    }
    t.fields = slots.into_iter().flatten().flatten().collect();
}

/// `[schema.]table.column` or `[schema.]table.(c1, c2)`.
pub(crate) fn endpoint(toks: &[Token], diags: &mut Diags) -> Option<Endpoint> {
    let (first, last) = (toks.first()?, toks.last()?);
    let span = Span::new(first.span.start, last.span.end);
    let mut parts: Vec<(String, Span)> = Vec::new();
    let mut cols: Vec<(String, Span)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if let Some(n) = t.name() {
            parts.push((n.to_string(), t.span));
        } else if t.is_punct('(') {
            let close = toks[i..].iter().position(|x| x.is_punct(')')).map_or(toks.len(), |p| i + p);
            cols = toks[i + 1..close].iter().filter_map(|x| x.name().map(|n| (n.to_string(), x.span))).collect();
            i = close;
        } else if !t.is_op(".") {
            diags.error(t.span, "unexpected token in a reference endpoint");
            return None;
        }
        i += 1;
    }
    if cols.is_empty() {
        if parts.len() < 2 {
            diags.error(span, "an endpoint is table.column (or schema.table.column)");
            return None;
        }
        cols.extend(parts.pop());
    }
    if parts.is_empty() || parts.len() > 2 {
        diags.error(span, "an endpoint is table.column (or schema.table.column)");
        return None;
    }
    let (table, table_span) = parts.pop().unwrap_or_default();
    let (cols, col_spans) = cols.into_iter().unzip();
    Some(Endpoint { schema: parts.pop().map(|p| p.0), table, cols, span, table_span, col_spans })
}

fn name_setting(s: Option<&Settings>) -> Option<String> {
    s.and_then(|s| s.get("name")).and_then(|n| note_value(&n.value).or_else(|| n.value.first().and_then(Token::name).map(str::to_string)))
}

/// An `indexes { }` line: `col`, `(a, b)`, `` `expr` ``, `(a, `expr`)`, with settings.
fn index(s: &Stmt, diags: &mut Diags) -> Option<Index> {
    let mut cols = Vec::new();
    for t in &s.toks {
        match &t.tok {
            Tok::Ident(n) | Tok::Quoted(n) => cols.push(IndexCol::Col(n.clone())),
            Tok::Expr(e) => cols.push(IndexCol::Expr(e.clone())),
            Tok::Punct('(' | ')' | ',') => {}
            _ => {
                diags.error(t.span, "unexpected token in an index: expected columns, `(a, b)` or a backtick expression");
                return None;
            }
        }
    }
    if cols.is_empty() {
        diags.error(s.span, "an index needs at least one column");
        return None;
    }
    let set = s.settings.as_ref();
    let has = |k: &str| set.is_some_and(|x| x.has(k));
    let method = set.and_then(|x| x.get("type")).map(|t| text_words(&t.value)).filter(|m| !m.is_empty());
    Some(Index { cols, unique: has("unique"), pk: has("pk") || has("primary key"), name: name_setting(set), method, span: s.span })
}

/// A column line: `name type [settings]`.
fn field(s: &Stmt, t: &Table, diags: &mut Diags) -> Option<Field> {
    let name = match s.toks.first().and_then(Token::name) {
        Some(n) => n.to_string(),
        None => {
            diags.error(s.span, format!("expected a column (name type [settings]) in {}", t.name));
            return None;
        }
    };
    let (ty_schema, ty) = column_type(&s.toks[1..]);
    if ty.is_empty() {
        diags.error(s.span, format!("column {name} has no type"));
        return None;
    }
    let mut f = Field { name, ty, ty_schema, pk: false, unique: false, not_null: false, increment: false, default: None, note: None, checks: Vec::new(), inline_refs: Vec::new(), span: s.span };
    for set in s.settings.as_ref().map(|x| x.items.as_slice()).unwrap_or_default() {
        match set.key.as_str() {
            "pk" | "primary key" => f.pk = true,
            "unique" => f.unique = true,
            "not null" => f.not_null = true,
            "null" => f.not_null = false,
            "increment" => f.increment = true,
            "note" => f.note = note_value(&set.value),
            "default" => f.default = default_value(set, diags),
            "check" => match set.value.first().map(|v| &v.tok) {
                Some(Tok::Expr(e)) => f.checks.push(Check { name: None, expr: e.clone(), span: set.span }),
                _ => diags.error(set.span, "check: needs a backtick expression"),
            },
            "ref" => {
                if let Some(r) = inline_ref(set, diags) {
                    f.inline_refs.push(r);
                }
            }
            other => diags.warning(set.span, format!("unknown column setting `{other}`; ignored")),
        }
    }
    Some(f)
}

/// `[schema.]name[(args)][[]]` as `@dbml/parse` normalises it (arguments joined by `,`).
fn column_type(toks: &[Token]) -> (Option<String>, String) {
    let Some((parts, mut i)) = path(toks, 0) else { return (None, String::new()) };
    let (schema, mut ty) = split_schema(parts);
    if toks.get(i).is_some_and(|t| t.is_punct('(')) {
        let close = toks[i..].iter().position(|x| x.is_punct(')')).map_or(toks.len(), |p| i + p);
        let mut args = Vec::new();
        let mut cur = String::new();
        for t in &toks[i + 1..close] {
            if t.is_punct(',') {
                args.push(std::mem::take(&mut cur));
            } else {
                cur.push_str(&text_of(std::slice::from_ref(t)));
            }
        }
        args.push(cur);
        ty.push_str(&format!("({})", args.join(",")));
        i = close + 1;
    }
    while toks.get(i).is_some_and(|t| t.is_punct('[')) && toks.get(i + 1).is_some_and(|t| t.is_punct(']')) {
        ty.push_str("[]");
        i += 2;
    }
    (schema, ty)
}

fn default_value(set: &Setting, diags: &mut Diags) -> Option<DefaultVal> {
    let v = &set.value;
    match v.as_slice() {
        [Token { tok: Tok::Str(s), .. }] => Some(DefaultVal::Str(s.clone())),
        [Token { tok: Tok::Expr(e), .. }] => Some(DefaultVal::Expr(e.clone())),
        [Token { tok: Tok::Num(n), .. }] => Some(DefaultVal::Raw(n.clone())),
        [Token { tok: Tok::Op(m), .. }, Token { tok: Tok::Num(n), .. }] if m == "-" || m == "+" => Some(DefaultVal::Raw(format!("{m}{n}"))),
        [t] if t.is_word("true") || t.is_word("false") => Some(DefaultVal::Raw(t.name().unwrap_or_default().to_ascii_lowercase())),
        [t] if t.is_word("null") => None,
        _ => {
            diags.warning(set.span, "default: is a 'string', a number, true/false/null or a `backtick expression`; ignored");
            None
        }
    }
}

/// `ref: > table.col` on a column: (operator, the other endpoint, span).
fn inline_ref(set: &Setting, diags: &mut Diags) -> Option<(RefOp, Endpoint, Span)> {
    let Some(op) = set.value.first() else {
        diags.error(set.span, "ref: needs `<`, `>`, `-` or `<>` and an endpoint");
        return None;
    };
    let op = match &op.tok {
        Tok::Op(o) if o == ">" => RefOp::ManyToOne,
        Tok::Op(o) if o == "<" => RefOp::OneToMany,
        Tok::Op(o) if o == "-" => RefOp::OneToOne,
        Tok::Op(o) if o == "<>" => RefOp::ManyToMany,
        _ => {
            diags.error(op.span, "ref: starts with `<`, `>`, `-` or `<>`");
            return None;
        }
    };
    let other = endpoint(&set.value[1..], diags)?;
    Some((op, other, set.span))
}
