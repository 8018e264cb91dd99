//! Finding what an edit changes in a Drizzle module: the table's declaration, a column's member
//! and its builder chain, the extra-config callback, the core module's import — all from the
//! reader's own parse (`parse::drizzle::sites`), never by lexing the TypeScript again.

use super::super::sql::patch::{line_end, line_start, newline, starts_line, Patch};
use super::super::EditError;
use crate::parse::drizzle::sites::{ColSite, Sites, TableSite};
use crate::parse::drizzle::syntax::{Body, Expr, ExprKind, Func, Import, Item, Pattern, Prop, Stmt};
use crate::span::Span;

/// A table written as `[export] const x = pgTable("name", { ... }, (t) => [...]);` at the top
/// level of a file.
pub struct Decl<'s> {
    pub site: &'s TableSite,
    /// The TypeScript name (`x`).
    pub ident: String,
    /// The file's index in `Sites::files`.
    pub file: usize,
    /// The whole statement, from `export` / `const` to its `;` (or the call's end).
    pub start: usize,
    pub end: usize,
    pub args: &'s [Expr],
    /// The columns object and its members.
    pub cols: &'s Expr,
    pub props: &'s [Prop],
    /// `t.` when the columns are a callback given the builders (`(t) => ({ id: t.integer() })`).
    pub builder_prefix: Option<String>,
}

/// One link of a column's modifier chain: `.name(args)`, from the end of what it modifies to
/// the end of its call.
pub struct Link<'s> {
    pub name: &'s str,
    pub args: &'s [Expr],
    pub from: usize,
    pub end: usize,
}

/// A column's value: the builder call (`varchar("email", { length: 255 })`) and its modifiers.
pub struct Chain<'s> {
    pub callee: &'s Expr,
    pub args: &'s [Expr],
    /// The builder call's end.
    pub end: usize,
    pub links: Vec<Link<'s>>,
}

impl Chain<'_> {
    pub fn has(&self, name: &str) -> bool {
        self.links.iter().any(|l| l.name == name)
    }
}

/// Splits a column's value into its builder call and modifier chain.
pub fn chain(e: &Expr) -> Option<Chain<'_>> {
    let mut links = Vec::new();
    let mut cur = e;
    loop {
        let ExprKind::Call(callee, args) = &cur.kind else { return None };
        match &callee.kind {
            ExprKind::Member(inner, name) if matches!(inner.kind, ExprKind::Call(..)) => {
                links.push(Link { name, args, from: inner.end, end: cur.end });
                cur = inner;
            }
            ExprKind::Ident(_) | ExprKind::Member(..) => {
                links.reverse();
                return Some(Chain { callee, args, end: cur.end, links });
            }
            _ => return None,
        }
    }
}

/// The span of an object member (`key: value`; a spread's expression).
pub fn prop_span(p: &Prop) -> Option<Span> {
    match p {
        Prop::Pair { key_start, value, .. } => Some(Span::new(*key_start, value.end)),
        Prop::Spread(x) => Some(Span::new(x.start, x.end)),
        Prop::Other(_) => None,
    }
}

/// The call at `span` in `e`: `e` itself, or the receiver of a method chain on it.
fn table_call(e: &Expr, span: Span) -> Option<&Expr> {
    let mut cur = e;
    loop {
        if Span::new(cur.start, cur.end) == span {
            return Some(cur);
        }
        match &cur.kind {
            ExprKind::Call(callee, _) => match &callee.kind {
                ExprKind::Member(inner, _) => cur = inner,
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// The object of an object literal, looking through a callback returning one.
fn object_of(e: &Expr) -> Option<(&Expr, &[Prop], Option<String>)> {
    match &e.kind {
        ExprKind::Object(props) => Some((e, props, None)),
        ExprKind::Func(f) => match (&f.body, f.params.first()) {
            (Body::Expr(b), Some(Pattern::Name(p))) if f.params.len() == 1 => object_of(b).map(|(o, props, _)| (o, props, Some(format!("{p}.")))),
            _ => None,
        },
        _ => None,
    }
}

impl Sites {
    /// The declaration of the table at `site`.
    pub fn decl<'s>(&'s self, text: &str, site: &'s TableSite) -> Result<Decl<'s>, EditError> {
        let not_plain = || {
            EditError::Unsupported(format!(
                "table {} is not written as `const x = {}(\"{}\", {{ ... }})` at the top level of a file (a helper function, a table creator or a loop builds it): edit the text",
                site.name,
                table_fn(self.dialect),
                site.name
            ))
        };
        for (file, (_, items)) in self.files.iter().enumerate() {
            for item in items {
                let Item::Var { decls, start, .. } = item else { continue };
                for (pat, outer) in decls {
                    // the table call, or a chain on it (`pgTable(...).enableRLS()`)
                    let Some(e) = table_call(outer, site.span) else { continue };
                    let Pattern::Name(ident) = pat else { return Err(not_plain()) };
                    if decls.len() > 1 {
                        return Err(EditError::Unsupported(format!("table {} is declared with others in one `const`: edit the text", site.name)));
                    }
                    let ExprKind::Call(_, args) = &e.kind else { return Err(not_plain()) };
                    if !matches!(args.first().map(|a| &a.kind), Some(ExprKind::Str(_))) {
                        return Err(EditError::Unsupported(format!("the name of table {} is computed, not written as a string: edit the text", site.name)));
                    }
                    let (cols, props, builder_prefix) = args
                        .get(1)
                        .and_then(object_of)
                        .ok_or_else(|| EditError::Unsupported(format!("the columns of table {} are not written as an object: edit the text", site.name)))?;
                    let end = stmt_end(text, outer.end);
                    return Ok(Decl { site, ident: ident.clone(), file, start: *start, end, args, cols, props, builder_prefix });
                }
            }
        }
        Err(not_plain())
    }

    /// The top-level `const x = <e>;` whose value is the call at `span`: its file, its name, the
    /// statement's start and end, and the call.
    pub fn var_of(&self, text: &str, span: Span) -> Option<(usize, &str, usize, usize, &Expr)> {
        for (file, (_, items)) in self.files.iter().enumerate() {
            for item in items {
                let Item::Var { decls, start, .. } = item else { continue };
                if let [(Pattern::Name(ident), e)] = decls.as_slice() {
                    if e.start == span.start && e.end == span.end {
                        return Some((file, ident, *start, stmt_end(text, e.end), e));
                    }
                }
            }
        }
        None
    }

    /// Whether name `name` of file `file` is used other than by its declaration and outside
    /// `except` (the statements being deleted): named in an expression or an `export { }` of the
    /// file, or imported by another file.
    pub fn used(&self, file: usize, name: &str, except: &[Span]) -> bool {
        let mut at = Vec::new();
        for (f, (_, items)) in self.files.iter().enumerate() {
            for item in items {
                match item {
                    Item::Import(imp) if f != file && imp.named.iter().any(|(n, _)| n == name) => return true,
                    Item::Import(_) if f != file => {}
                    Item::ExportNames { names, start, .. } if f == file && names.iter().any(|(l, _)| l == name) => at.push(*start),
                    _ if f == file => item_uses(item, name, &mut at),
                    _ => {}
                }
            }
        }
        at.iter().any(|p| !except.iter().any(|s| s.start <= *p && *p < s.end))
    }

    /// The imports of `file` from the dialect's core module.
    pub fn core_import(&self, file: usize) -> Option<&Import> {
        let module = core_module(self.dialect);
        self.files.get(file)?.1.iter().find_map(|i| match i {
            Item::Import(imp) if imp.source == module => Some(imp),
            _ => None,
        })
    }

    /// Where a new import goes in `file`: on the line after its last import (or at its start).
    pub fn import_point(&self, text: &str, file: usize) -> usize {
        let Some((start, items)) = self.files.get(file) else { return 0 };
        let last = items.iter().filter_map(|i| if let Item::Import(imp) = i { Some(imp) } else { None }).max_by_key(|imp| imp.start);
        match last {
            Some(imp) => (line_end(text, imp.named_end.unwrap_or(imp.start)) + 1).min(text.len()),
            None => *start,
        }
    }
}

impl<'s> Decl<'s> {
    /// The member of column `c` (a direct `key: value` of the columns object).
    pub fn member(&self, c: &ColSite) -> Result<(usize, &'s Expr), EditError> {
        for (i, p) in self.props.iter().enumerate() {
            if let Prop::Pair { key_start, value, .. } = p {
                if Span::new(*key_start, value.end) == c.span {
                    return Ok((i, value));
                }
            }
        }
        Err(EditError::Unsupported(format!(
            "column {} of {} comes from a spread (a shared object or helper): edit it where that object is written",
            c.name, self.site.name
        )))
    }

    /// The extra-config callback: its parameter, and its array or object of pieces.
    pub fn extra(&self) -> Result<Option<(String, &'s Expr)>, EditError> {
        let Some(e) = self.args.get(2) else { return Ok(None) };
        let unsupported = || EditError::Unsupported(format!("the third argument of table {} is not `(t) => [...]` or `(t) => ({{ ... }})`: edit the text", self.site.name));
        let ExprKind::Func(f) = &e.kind else { return Err(unsupported()) };
        let (Body::Expr(b), [Pattern::Name(p)]) = (&f.body, f.params.as_slice()) else { return Err(unsupported()) };
        match &b.kind {
            ExprKind::Array(_) | ExprKind::Object(_) => Ok(Some((p.clone(), b))),
            _ => Err(unsupported()),
        }
    }
}

/// The end of a statement whose expression ends at `end`: after its `;`, if any.
pub fn stmt_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    if rest.trim_start_matches([' ', '\t']).starts_with(';') {
        end + rest.find(';').unwrap_or(0) + 1
    } else {
        end
    }
}

/// Where `name` is read in an item (conservatively: a shadowing local counts too).
pub fn item_uses(item: &Item, name: &str, at: &mut Vec<usize>) {
    match item {
        Item::Var { decls, .. } => decls.iter().for_each(|(_, e)| expr_uses(e, name, at)),
        Item::Function { func, .. } => func_uses(func, name, at),
        Item::Enum { members, .. } => members.iter().filter_map(|(_, e)| e.as_ref()).for_each(|e| expr_uses(e, name, at)),
        Item::ExportDefault(e) | Item::Expr(e) => expr_uses(e, name, at),
        Item::Type { typeofs, .. } => at.extend(typeofs.iter().filter(|(n, _)| n == name).map(|(_, p)| *p)),
        _ => {}
    }
}

fn func_uses(f: &Func, name: &str, at: &mut Vec<usize>) {
    match &f.body {
        Body::Expr(e) => expr_uses(e, name, at),
        Body::Block(stmts) => stmts.iter().for_each(|s| stmt_uses(s, name, at)),
    }
}

fn stmt_uses(s: &Stmt, name: &str, at: &mut Vec<usize>) {
    match s {
        Stmt::Var(decls) => decls.iter().for_each(|(_, e)| expr_uses(e, name, at)),
        Stmt::Return(Some(e)) | Stmt::Expr(e) => expr_uses(e, name, at),
        Stmt::Func(_, f) => func_uses(f, name, at),
        Stmt::Return(None) | Stmt::Other => {}
    }
}

fn expr_uses(e: &Expr, name: &str, at: &mut Vec<usize>) {
    let each = |xs: &[Expr], at: &mut Vec<usize>| xs.iter().for_each(|x| expr_uses(x, name, at));
    match &e.kind {
        ExprKind::Ident(n) if n == name => at.push(e.start),
        ExprKind::Template { tag, exprs, .. } => {
            each(exprs, at);
            tag.iter().for_each(|t| expr_uses(t, name, at));
        }
        ExprKind::Array(xs) => each(xs, at),
        ExprKind::Object(props) => {
            for p in props {
                match p {
                    Prop::Pair { value, .. } => expr_uses(value, name, at),
                    Prop::Spread(x) => expr_uses(x, name, at),
                    Prop::Other(p) => at.push(*p),
                }
            }
        }
        ExprKind::Member(x, _) | ExprKind::Spread(x) | ExprKind::Unary(_, x) => expr_uses(x, name, at),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            expr_uses(a, name, at);
            expr_uses(b, name, at);
        }
        ExprKind::Call(f, args) | ExprKind::New(f, args) => {
            expr_uses(f, name, at);
            each(args, at);
        }
        ExprKind::Func(f) => func_uses(f, name, at),
        ExprKind::Cond(a, b, c) => {
            expr_uses(a, name, at);
            expr_uses(b, name, at);
            expr_uses(c, name, at);
        }
        ExprKind::Ident(_) | ExprKind::Str(_) | ExprKind::Num(_) | ExprKind::Bool(_) | ExprKind::Null | ExprKind::Regex | ExprKind::Error => {}
    }
}

/// The table function of a dialect.
pub fn table_fn(d: crate::dialect::Dialect) -> &'static str {
    match d {
        crate::dialect::Dialect::Postgres => "pgTable",
        crate::dialect::Dialect::Mysql => "mysqlTable",
        crate::dialect::Dialect::Sqlite => "sqliteTable",
    }
}

pub fn core_module(d: crate::dialect::Dialect) -> &'static str {
    match d {
        crate::dialect::Dialect::Postgres => "drizzle-orm/pg-core",
        crate::dialect::Dialect::Mysql => "drizzle-orm/mysql-core",
        crate::dialect::Dialect::Sqlite => "drizzle-orm/sqlite-core",
    }
}

/// A list's items laid out in the text (an object's members, an array's elements).
pub struct List<'t> {
    pub text: &'t str,
    /// The list's brackets: `{` .. `}` or `[` .. `]` (the `}`'s index is `close`).
    pub open: usize,
    pub close: usize,
    pub items: Vec<Span>,
}

impl List<'_> {
    fn one_per_line(&self) -> bool {
        self.items.first().is_some_and(|s| starts_line(self.text, s.start)) || (self.items.is_empty() && self.text[self.open..self.close].contains('\n'))
    }

    /// The comma after item `k`, if any.
    fn comma_after(&self, k: usize) -> Option<usize> {
        let e = self.items.get(k)?.end;
        let rest = &self.text[e..self.close];
        let skipped = rest.len() - rest.trim_start().len();
        rest[skipped..].starts_with(',').then_some(e + skipped)
    }

    /// Appends `item` after the last item, as the list is laid out: a line of its own with the
    /// last item's indentation, or `, item` on the same line; a trailing comma is kept.
    pub fn push(&self, patch: &mut Patch, item: &str) {
        let t = self.text;
        let Some(last) = self.items.last().copied() else {
            patch.insert(self.open + 1, format!(" {item} "));
            return;
        };
        let trailing = self.comma_after(self.items.len() - 1);
        if self.one_per_line() {
            let ind = super::super::sql::patch::indent_of(t, last.start);
            let nl = newline(t);
            let after = trailing.map_or(last.end, |c| c + 1);
            // after a comment ending the line, unless the list closes on that line
            let at = if line_end(t, after) < self.close { line_end(t, after) } else { after };
            match trailing {
                Some(_) => patch.insert(at, format!("{nl}{ind}{item},")),
                None => {
                    patch.insert(last.end, ",");
                    patch.insert(at, format!("{nl}{ind}{item}"));
                }
            }
        } else {
            match trailing {
                Some(c) => patch.insert(c + 1, format!(" {item},")),
                None => patch.insert(last.end, format!(", {item}")),
            }
        }
    }

    /// Deletes item `k` with its comma (and its lines when it has them to itself).
    pub fn delete(&self, patch: &mut Patch, k: usize) {
        self.delete_many(patch, &[k]);
    }

    /// Deletes items `ks` (sorted): each run of neighbours with its commas, and its lines when it
    /// has them to itself.
    pub fn delete_many(&self, patch: &mut Patch, ks: &[usize]) {
        let t = self.text;
        let n = self.items.len();
        let mut r = 0;
        while r < ks.len() {
            let (i, mut j) = (ks[r], ks[r]);
            while r + 1 < ks.len() && ks[r + 1] == j + 1 {
                r += 1;
                j += 1;
            }
            r += 1;
            if j >= n {
                continue;
            }
            let s = self.items[i].start;
            let comma = self.comma_after(j);
            let end = comma.map_or(self.items[j].end, |c| c + 1);
            let rest_of_line = t[end..line_end(t, end)].trim();
            if starts_line(t, s) && (rest_of_line.is_empty() || rest_of_line.starts_with("//")) {
                if comma.is_none() && i > 0 {
                    // the comma before goes, unless the list keeps trailing commas
                    if let Some(pc) = self.comma_after(i - 1) {
                        patch.delete(pc, pc + 1);
                    }
                }
                patch.delete(line_start(t, s), (line_end(t, end) + 1).min(t.len()));
            } else if comma.is_some() {
                let rest = &t[end..self.close];
                patch.delete(s, end + (rest.len() - rest.trim_start_matches([' ', '\t']).len()));
            } else if i > 0 {
                patch.delete(self.items[i - 1].end, self.items[j].end);
            } else {
                patch.delete(s, self.items[j].end);
            }
        }
    }
}

/// The items of an object or array expression as a [`List`].
pub fn list<'t>(text: &'t str, e: &Expr) -> Option<List<'t>> {
    let items = match &e.kind {
        ExprKind::Object(props) => props.iter().filter_map(prop_span).collect(),
        ExprKind::Array(xs) => xs.iter().map(|x| Span::new(x.start, x.end)).collect(),
        _ => return None,
    };
    let close = e.end.checked_sub(1)?;
    Some(List { text, open: e.start, close, items })
}
