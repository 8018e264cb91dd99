//! `relations(...)` written along with the foreign keys: deleting a relationship, a table or a
//! column deletes the `one(...)` entries that declare the same join (so no logical relationship
//! is left behind) and their inverses on the other table (`many(...)`, or `one(...)` of a
//! one-to-one, paired by the target and `relationName` as drizzle-orm pairs them), a
//! `relations(...)` statement left empty, and the `relations` import once no call uses it.

use super::source::list;
use super::{line_end, line_start, next_line, starts_line, Cx, Patch};
use crate::edit::EditError;
use crate::parse::drizzle::sites::RelSite;
use crate::parse::drizzle::syntax::{Body, ExprKind, Import, Item, Prop};
use crate::span::Span;

impl Cx<'_> {
    /// Deletes the relations that `hit` selects and their inverses. `dropped`: the site index of a
    /// table being deleted, whose `relations(...)` must go whole.
    pub(super) fn drop_relations(&self, patch: &mut Patch, dropped: Option<usize>, hit: impl Fn(&RelSite) -> bool) -> Result<Vec<(usize, Span)>, EditError> {
        let rels = &self.sites.relations;
        let mut gone: Vec<bool> = rels.iter().map(&hit).collect();
        // the inverses of each `one(...)` with fields that goes, while no other one declares it
        loop {
            let mut more = false;
            for (i, r) in rels.iter().enumerate() {
                if !gone[i] || !r.one || r.fields.is_empty() {
                    continue;
                }
                let pair = |x: &RelSite| x.table == r.table && x.target == r.target && x.name == r.name && x.one && !x.fields.is_empty();
                for (j, x) in rels.iter().enumerate() {
                    if gone[j] || x.table != r.target || x.target != r.table || x.name != r.name {
                        continue;
                    }
                    // the same join seen from the other side, or a `many` / `one` without fields
                    // while no other `one` declares it
                    let reverse = !x.fields.is_empty() && x.fields == r.references && x.references == r.fields;
                    if reverse || x.fields.is_empty() && !rels.iter().enumerate().any(|(k, y)| !gone[k] && k != j && pair(y)) {
                        gone[j] = true;
                        more = true;
                    }
                }
            }
            if !more {
                break;
            }
        }
        let mut calls: Vec<Span> = rels.iter().zip(&gone).filter(|(_, g)| **g).map(|(r, _)| r.call).collect();
        calls.sort_by_key(|s| (s.start, s.end));
        calls.dedup();
        let mut touched = Vec::new();
        let mut deleted: Vec<(usize, Span)> = Vec::new();
        for call in calls {
            let (file, ident, start, end, e) = self.sites.var_of(self.text, call).ok_or_else(|| not_plain("is not declared as `const x = relations(...)` at the top level of a file"))?;
            let ExprKind::Call(_, args) = &e.kind else { return Err(not_plain("is not a call")) };
            let obj = match args.get(1).map(|a| &a.kind) {
                Some(ExprKind::Func(f)) => match &f.body {
                    Body::Expr(b) if matches!(b.kind, ExprKind::Object(_)) => b,
                    _ => return Err(not_plain(&format!("{ident} does not return an object literal (`({{ one }}) => ({{ ... }})`)"))),
                },
                _ => return Err(not_plain(&format!("{ident} is not given a function"))),
            };
            let ExprKind::Object(props) = &obj.kind else { return Err(not_plain(&format!("{ident} does not return an object literal"))) };
            let items: Vec<&Prop> = props.iter().filter(|p| super::source::prop_span(p).is_some()).collect();
            let mut ks = Vec::new();
            for r in rels.iter().zip(&gone).filter(|(r, g)| **g && r.call == call).map(|(r, _)| r) {
                let k = items
                    .iter()
                    .position(|p| matches!(p, Prop::Pair { value, .. } if value.start == r.span.start && value.end == r.span.end))
                    .ok_or_else(|| not_plain(&format!("{ident} builds a relation other than as `key: one(...)` / `key: many(...)`")))?;
                ks.push(k);
            }
            ks.sort_unstable();
            ks.dedup();
            let whole = Span::new(start, end);
            if ks.len() == items.len() && !self.sites.used(file, ident, &[whole]) {
                super::delete_statement(self.text, patch, start, end);
                deleted.push((file, whole));
            } else if dropped.is_some_and(|t| rels.iter().any(|r| r.call == call && r.table == t)) {
                return Err(EditError::Unsupported(format!("{ident} (the relations of the table) is used elsewhere in the module: delete that use first")));
            } else {
                list(self.text, obj).ok_or_else(|| not_plain("is not an object"))?.delete_many(patch, &ks);
            }
            touched.push((file, whole));
        }
        self.drop_relations_import(patch, &deleted);
        Ok(touched)
    }

    /// Deletes `relations` from the `drizzle-orm` import of each file whose `relations(...)`
    /// statements were all deleted (`deleted`).
    fn drop_relations_import(&self, patch: &mut Patch, deleted: &[(usize, Span)]) {
        let mut files: Vec<usize> = deleted.iter().map(|(f, _)| *f).collect();
        files.dedup();
        for f in files {
            let Some((_, items)) = self.sites.files.get(f) else { continue };
            let gone: Vec<Span> = deleted.iter().filter(|(g, _)| *g == f).map(|(_, s)| *s).collect();
            for imp in items.iter().filter_map(|i| if let Item::Import(imp) = i { Some(imp) } else { None }).filter(|i| i.source == "drizzle-orm") {
                let Some(k) = imp.named.iter().position(|(n, _)| n == "relations") else { continue };
                if !self.sites.used(f, &imp.named[k].1, &gone) {
                    self.delete_import(patch, imp, k);
                }
            }
        }
    }

    /// Deletes the type aliases made from `ident` (a table being deleted from file `file`), and its
    /// imports in the other files of the input once nothing left there uses it; refuses when
    /// something does.
    pub(super) fn drop_imports_of(&self, patch: &mut Patch, file: usize, ident: &str) -> Result<(), EditError> {
        self.drop_type_aliases(patch, file, ident);
        for (f, (_, items)) in self.sites.files.iter().enumerate().filter(|(f, _)| *f != file) {
            for imp in items.iter().filter_map(|i| if let Item::Import(imp) = i { Some(imp) } else { None }).filter(|i| i.source.starts_with('.')) {
                let Some(k) = imp.named.iter().position(|(n, _)| n == ident) else { continue };
                let local = &imp.named[k].1;
                self.drop_type_aliases(patch, f, local);
                let gone: Vec<Span> = patch.ranges().filter(|(s, x)| s < x).map(|(s, x)| Span::new(s, x)).collect();
                let mut at = Vec::new();
                for item in items {
                    super::source::item_uses(item, local, &mut at);
                }
                if at.iter().any(|p| !gone.iter().any(|s| s.start <= *p && *p < s.end)) {
                    return Err(EditError::Unsupported(format!("{ident} is imported by another file of the input and used there: delete that use first")));
                }
                self.delete_import(patch, imp, k);
            }
        }
        Ok(())
    }

    /// Deletes the type aliases of file `file` that name `ident` (`type User = typeof users.$inferSelect`).
    fn drop_type_aliases(&self, patch: &mut Patch, file: usize, ident: &str) {
        let Some((_, items)) = self.sites.files.get(file) else { return };
        for item in items {
            if let Item::Type { typeofs, start, end } = item {
                if typeofs.iter().any(|(n, _)| n == ident) {
                    super::delete_statement(self.text, patch, *start, *end);
                }
            }
        }
    }

    /// Deletes name `k` of a named import, or the whole import when it is its only name.
    fn delete_import(&self, patch: &mut Patch, imp: &Import, k: usize) {
        let text = self.text;
        let (Some(close), None, None) = (imp.named_end, &imp.default, &imp.namespace) else { return };
        if imp.named_at.len() != imp.named.len() {
            return;
        }
        if imp.named.len() == 1 {
            // its lines (the blank line after the imports stays)
            let end = if text[imp.end..line_end(text, imp.end)].trim().is_empty() { next_line(text, imp.end) } else { imp.end };
            patch.delete(if starts_line(text, imp.start) { line_start(text, imp.start) } else { imp.start }, end);
        } else {
            let open = text[imp.start..close].find('{').map_or(imp.start, |p| imp.start + p);
            super::source::List { text, open, close, items: imp.named_at.clone() }.delete(patch, k);
        }
    }
}

fn not_plain(why: &str) -> EditError {
    EditError::Unsupported(format!("relations(...) also declares this relationship, and its relations {why}: edit the text"))
}
