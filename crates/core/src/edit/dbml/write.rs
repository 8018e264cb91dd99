//! Each edit kind written in DBML (see the module doc of `edit::dbml`).

use super::doc::{Doc, RefAt, Where};
use super::{name, type_text};
use crate::dialect::Dialect;
use crate::edit::expr;
use crate::edit::sql::patch::{indent_of, line_end, line_start, newline, next_line, Patch};
use crate::edit::{spec, ColumnFlag, EditError, NewColumn, NewRelationship, SchemaEdit};
use crate::model::{QualifiedName, RefAction, Schema};
use crate::parse::dbml::syntax::{Setting, Stmt};
use crate::span::Span;
use std::collections::BTreeMap;

pub struct Cx<'a> {
    pub doc: &'a Doc<'a>,
    pub d: Dialect,
    pub schema: &'a Schema,
    pub patch: Patch<'a>,
    /// The statements edited (for the source-error check).
    pub touched: Vec<Span>,
}

/// Changes to one settings list: items removed (by index), items added (text).
#[derive(Default)]
struct SetChange {
    remove: Vec<usize>,
    add: Vec<String>,
}

impl<'a> Cx<'a> {
    pub fn plan(&mut self, edit: &SchemaEdit) -> Result<String, EditError> {
        let mut sets: BTreeMap<usize, (Stmt, SetChange)> = BTreeMap::new();
        let desc = match edit {
            SchemaEdit::AddTable { table, columns, after } => self.add_table(table, columns, after.as_ref())?,
            SchemaEdit::RenameTable { table, to } => self.rename_table(table, to)?,
            SchemaEdit::DropTable { table } => self.drop_table(table, &mut sets)?,
            SchemaEdit::AddColumn { table, column } => self.add_column(table, column)?,
            SchemaEdit::RenameColumn { table, column, to } => self.rename_column(table, column, to)?,
            SchemaEdit::RetypeColumn { table, column, to } => {
                let (ti, fi) = self.field(table, column)?;
                let f = &self.doc.tables[ti].fields[fi];
                if has_setting(&f.st, &["increment"]) && !matches!(spec::read_type(self.d, to)?.kind, crate::model::TypeKind::Int { .. }) {
                    return Err(EditError::Unsupported(format!("{table}.{column} is `increment`, which DBML writes as an auto-incrementing integer: remove `increment` in the text first")));
                }
                self.patch.replace(f.ty_span.start, f.ty_span.end, type_text(to)?);
                self.touched.push(f.st.span);
                format!("change the type of {table}.{column} to {to}")
            }
            SchemaEdit::DropColumn { table, column } => self.drop_column(table, column, &mut sets)?,
            SchemaEdit::SetColumnFlag { table, column, flag, on } => self.set_flag(table, column, *flag, *on, &mut sets)?,
            SchemaEdit::AddRelationship(r) => self.add_relationship(r, &mut sets)?,
            SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } => {
                let r = self.written_fk(table, *fk)?;
                self.set_actions(r, *on_delete, *on_update, &mut sets)?;
                format!("change the actions of a relationship of {table}")
            }
            SchemaEdit::DropRelationship { table, fk } => {
                let r = self.written_fk(table, *fk)?;
                self.delete_ref(r, &mut sets);
                format!("delete a relationship of {table}")
            }
            SchemaEdit::AddIndex { table, columns, name: ix_name } => self.add_index(table, columns, ix_name.as_deref())?,
        };
        for (st, ch) in sets.into_values() {
            self.rewrite_settings(&st, &ch);
        }
        Ok(desc)
    }

    fn text(&self) -> &'a str {
        self.doc.text
    }

    fn nl(&self) -> &'static str {
        newline(self.text())
    }

    /// The `Table` block of a model table.
    fn table(&self, q: &QualifiedName) -> Result<usize, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let norm = |s: Option<&str>| s.filter(|s| *s != "public").map(str::to_string);
        self.doc
            .tables
            .iter()
            .position(|x| x.name == t.name && norm(x.schema.as_deref()) == norm(t.schema.as_deref()))
            .ok_or_else(|| EditError::Unsupported(format!("{} is not written as a Table in this document (the junction table of a `<>` reference is edited through that reference)", t.qualified_name())))
    }

    /// The line of a model column in its `Table` block.
    fn field(&self, q: &QualifiedName, col: &str) -> Result<(usize, usize), EditError> {
        let ti = self.table(q)?;
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let c = &t.columns[spec::col_idx(t, self.d, q, col)?];
        let fi = self.doc.tables[ti].fields.iter().position(|f| f.name == c.name).ok_or_else(|| {
            EditError::Unsupported(format!("column {} of {} comes from a TablePartial: edit it in the TablePartial", c.name, t.qualified_name()))
        })?;
        Ok((ti, fi))
    }

    /// The table as the document writes it in a reference: `schema.name` or `name`.
    fn ref_table_text(&self, ti: usize) -> Result<String, EditError> {
        let t = &self.doc.tables[ti];
        Ok(match &t.schema {
            Some(s) => format!("{}.{}", name(s)?, name(&t.name)?),
            None => name(&t.name)?,
        })
    }

    fn indent(&self) -> String {
        self.doc.tables.iter().flat_map(|t| t.fields.first()).next().map_or_else(|| "  ".to_string(), |f| indent_of(self.text(), f.st.span.start).to_string())
    }

    fn table_indent(&self, ti: usize) -> String {
        self.doc.tables[ti].fields.first().map_or_else(|| self.indent(), |f| indent_of(self.text(), f.st.span.start).to_string())
    }

    /// Deletes a statement: its whole lines when it has them to itself.
    fn delete_lines(&mut self, span: Span) {
        let text = self.text();
        let (ls, le) = (line_start(text, span.start), line_end(text, span.end));
        let before = &text[ls..span.start];
        let after = text[span.end..le].trim();
        if before.trim().is_empty() && (after.is_empty() || after.starts_with("//")) {
            self.patch.delete(ls, next_line(text, span.end));
        } else {
            self.patch.delete(span.start, span.end);
        }
    }

    fn column_line(&self, c: &NewColumn, pk_setting: bool) -> Result<String, EditError> {
        let mut set = Vec::new();
        if pk_setting {
            set.push("pk");
        }
        if c.not_null && !pk_setting {
            set.push("not null");
        }
        if c.unique && !pk_setting {
            set.push("unique");
        }
        let set = if set.is_empty() { String::new() } else { format!(" [{}]", set.join(", ")) };
        Ok(format!("{} {}{set}", name(&c.name)?, type_text(&c.data_type)?))
    }

    fn add_table(&mut self, q: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<String, EditError> {
        let (nl, ind) = (self.nl(), self.indent());
        let head = match &q.schema {
            Some(s) => format!("{}.{}", name(s)?, name(&q.name)?),
            None => name(&q.name)?,
        };
        let pk: Vec<&NewColumn> = columns.iter().filter(|c| c.primary_key).collect();
        let mut body = format!("Table {head} {{{nl}");
        for c in columns {
            body.push_str(&format!("{ind}{}{nl}", self.column_line(c, c.primary_key && pk.len() == 1)?));
        }
        if pk.len() > 1 {
            let cols: Result<Vec<String>, EditError> = pk.iter().map(|c| name(&c.name)).collect();
            body.push_str(&format!("{nl}{ind}indexes {{{nl}{ind}{ind}({}) [pk]{nl}{ind}}}{nl}", cols?.join(", ")));
        }
        body.push('}');
        let at = match after {
            Some(a) => Some(self.doc.stmts[self.doc.tables[self.table(a)?].stmt].span.end),
            None => self.doc.tables.last().map(|t| self.doc.stmts[t.stmt].span.end),
        };
        match at {
            Some(at) => self.patch.insert(line_end(self.text(), at), format!("{nl}{nl}{body}")),
            None => {
                let t = self.text();
                let sep = if t.trim().is_empty() { "" } else if t.ends_with('\n') { nl } else { "\n\n" };
                self.patch.insert(t.len(), format!("{sep}{body}{nl}"));
            }
        }
        Ok(format!("add table {q}"))
    }

    fn rename_table(&mut self, q: &QualifiedName, to: &str) -> Result<String, EditError> {
        let ti = self.table(q)?;
        let t = &self.doc.tables[ti];
        let new = name(to)?;
        self.patch.replace(t.name_span.start, t.name_span.end, new.clone());
        self.touched.push(self.doc.stmts[t.stmt].span);
        for r in &self.doc.refs {
            for e in &r.ends {
                // an alias stays what it is
                if e.table == t.name && self.doc.names_table(e, ti) {
                    self.patch.replace(e.table_span.start, e.table_span.end, new.clone());
                }
            }
        }
        for (_, span, schema, n) in &self.doc.group_members {
            if *n == t.name && schema.as_deref().unwrap_or("public") == t.schema.as_deref().unwrap_or("public") {
                self.patch.replace(span.start, span.end, new.clone());
            }
        }
        Ok(format!("rename table {q} to {to}"))
    }

    fn drop_table(&mut self, q: &QualifiedName, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) -> Result<String, EditError> {
        let ti = self.table(q)?;
        let t = &self.doc.tables[ti];
        self.delete_lines(self.doc.stmts[t.stmt].span);
        let refs: Vec<&RefAt> = self.doc.refs.iter().filter(|r| r.fk.iter().flat_map(|(a, b)| [a, b]).chain(&r.ends).any(|e| self.doc.names_table(e, ti))).collect();
        let n = refs.iter().filter(|r| !matches!(r.at, Where::Inline(x, ..) if x == ti)).count();
        for r in refs {
            self.delete_ref(r, sets);
        }
        let members: Vec<Span> = self.doc.group_members.iter().filter(|m| m.3 == t.name && m.2.as_deref().unwrap_or("public") == t.schema.as_deref().unwrap_or("public")).map(|m| m.0).collect();
        for m in members {
            self.delete_lines(m);
        }
        let also = if n > 0 { format!(" (and {n} relationship(s) to it)") } else { String::new() };
        Ok(format!("delete table {q}{also}"))
    }

    fn add_column(&mut self, q: &QualifiedName, c: &NewColumn) -> Result<String, EditError> {
        let ti = self.table(q)?;
        let t = &self.doc.tables[ti];
        let has_pk = t.fields.iter().any(|f| has_setting(&f.st, &["pk", "primary key"])) || t.indexes.iter().any(|i| i.pk);
        if c.primary_key && has_pk {
            return Err(EditError::Unsupported(format!("{q} already has a primary key: add the column, then add it to the key")));
        }
        let last = t.fields.last().ok_or_else(|| EditError::Unsupported(format!("{q} has no column line to follow")))?;
        let line = self.column_line(c, c.primary_key)?;
        let ind = self.table_indent(ti);
        self.patch.insert(line_end(self.text(), last.st.span.end), format!("{}{ind}{line}", self.nl()));
        self.touched.push(self.doc.stmts[t.stmt].span);
        Ok(format!("add column {} to {q}", c.name))
    }

    fn rename_column(&mut self, q: &QualifiedName, col: &str, to: &str) -> Result<String, EditError> {
        let (ti, fi) = self.field(q, col)?;
        let t = &self.doc.tables[ti];
        let old = t.fields[fi].name.clone();
        let new = name(to)?;
        let span = t.fields[fi].name_span;
        self.patch.replace(span.start, span.end, new.clone());
        self.touched.push(self.doc.stmts[t.stmt].span);
        for ix in &t.indexes {
            for (c, s) in &ix.cols {
                if *c == old {
                    self.patch.replace(s.start, s.end, new.clone());
                }
            }
        }
        let sql_name = crate::codegen::sql::ident(self.d, to);
        let exprs = t.indexes.iter().flat_map(|i| i.exprs.iter().map(|(e, s)| (e.clone(), *s))).chain(t.checks.iter().map(|c| (c.1.clone(), c.2)));
        let field_checks = t.fields.iter().flat_map(|f| f.st.settings.iter().flat_map(|x| x.items.iter())).filter(|s| s.key == "check").filter_map(|s| s.value.first()).filter_map(|v| match &v.tok {
            crate::parse::dbml::syntax::Tok::Expr(e) => Some((e.clone(), v.span)),
            _ => None,
        });
        for (e, s) in exprs.chain(field_checks).collect::<Vec<_>>() {
            if !expr::mentions(self.d, &e, &t.name, &old).is_empty() {
                if self.text()[s.start..s.end].trim_matches('`') != e {
                    return Err(EditError::Unsupported(format!("an expression naming {old} is written with escapes; rename it there by hand")));
                }
                self.patch.replace(s.start, s.end, format!("`{}`", expr::rename(self.d, &e, &t.name, &old, &sql_name)));
            }
        }
        for r in &self.doc.refs {
            for e in r.ends.iter().filter(|e| self.doc.names_table(e, ti)) {
                for (c, s) in e.cols.iter().zip(&e.col_spans) {
                    if *c == old {
                        self.patch.replace(s.start, s.end, new.clone());
                    }
                }
            }
        }
        Ok(format!("rename column {q}.{col} to {to}"))
    }

    fn drop_column(&mut self, q: &QualifiedName, col: &str, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) -> Result<String, EditError> {
        let (ti, fi) = self.field(q, col)?;
        let t = &self.doc.tables[ti];
        let old = t.fields[fi].name.clone();
        self.touched.push(self.doc.stmts[t.stmt].span);
        self.delete_lines(t.fields[fi].st.span);
        let d = self.d;
        let uses = |e: &str| !expr::mentions(d, e, &t.name, &old).is_empty();
        let gone: Vec<Span> = t.indexes.iter().filter(|i| i.cols.iter().any(|c| c.0 == old) || i.exprs.iter().any(|e| uses(&e.0))).map(|i| i.st.span).collect();
        if gone.len() == t.indexes.len() && !gone.is_empty() {
            if let Some(b) = &t.indexes_block {
                self.delete_lines(b.span);
            }
        } else {
            for s in gone {
                self.delete_lines(s);
            }
        }
        let checks: Vec<Span> = t.checks.iter().filter(|c| uses(&c.1)).map(|c| c.0.span).collect();
        for s in checks {
            self.delete_lines(s);
        }
        let refs: Vec<&RefAt> = self
            .doc
            .refs
            .iter()
            .filter(|r| !matches!(r.at, Where::Inline(x, y, _) if x == ti && y == fi))
            .filter(|r| r.fk.iter().flat_map(|(a, b)| [a, b]).chain(&r.ends).any(|e| self.doc.names_table(e, ti) && e.cols.contains(&old)))
            .collect();
        for r in refs {
            self.delete_ref(r, sets);
        }
        Ok(format!("delete column {q}.{col}"))
    }

    fn set_flag(&mut self, q: &QualifiedName, col: &str, flag: ColumnFlag, on: bool, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) -> Result<String, EditError> {
        let (ti, fi) = self.field(q, col)?;
        let t = &self.doc.tables[ti];
        let f = &t.fields[fi];
        self.touched.push(self.doc.stmts[t.stmt].span);
        let what = match flag {
            ColumnFlag::NotNull => "NOT NULL",
            ColumnFlag::Unique => "UNIQUE",
            ColumnFlag::PrimaryKey => "PRIMARY KEY",
        };
        let desc = format!("{} {what} on {q}.{col}", if on { "set" } else { "remove" });
        match (flag, on) {
            (ColumnFlag::NotNull, true) => change(sets, &f.st, &["null"], "not null"),
            (ColumnFlag::NotNull, false) => change(sets, &f.st, &["not null"], ""),
            // the whole primary key is unique already (a UNIQUE on it would be a second constraint)
            (ColumnFlag::Unique, true) if has_setting(&f.st, &["pk", "primary key"]) || t.indexes.iter().any(|i| i.pk && i.exprs.is_empty() && i.cols.len() == 1 && i.cols[0].0 == f.name) => {}
            (ColumnFlag::Unique, true) => change(sets, &f.st, &[], "unique"),
            (ColumnFlag::Unique, false) => {
                change(sets, &f.st, &["unique"], "");
                for ix in t.indexes.iter().filter(|i| i.unique && !i.pk && i.exprs.is_empty() && i.cols.len() == 1 && i.cols[0].0 == f.name) {
                    self.delete_lines(ix.st.span);
                }
            }
            (ColumnFlag::PrimaryKey, true) => {
                let key_field = t.fields.iter().find(|x| has_setting(&x.st, &["pk", "primary key"]));
                let key_index = t.indexes.iter().find(|i| i.pk);
                match (key_field, key_index) {
                    (None, None) => change(sets, &f.st, &[], "pk"),
                    (Some(k), _) => {
                        // SQLite: the rowid alias was NOT NULL by being the key alone; it keeps it
                        let keep_nn = if self.d == Dialect::Sqlite && !has_setting(&k.st, &["not null"]) { "not null" } else { "" };
                        change(sets, &k.st, &["pk", "primary key"], keep_nn);
                        let line = format!("({}, {}) [pk]", name(&k.name)?, name(&f.name)?);
                        self.add_index_line(ti, &line);
                    }
                    (None, Some(ix)) => {
                        let (Some(first), Some(last)) = (ix.cols.first(), ix.cols.last()) else {
                            return Err(EditError::Unsupported(format!("the primary key of {q} is an expression")));
                        };
                        let mut cols: Vec<String> = ix.cols.iter().map(|c| self.text()[c.1.start..c.1.end].to_string()).collect();
                        cols.push(name(&f.name)?);
                        let (a, b) = (first.1.start, last.1.end);
                        let (a, b) = (self.text()[..a].rfind('(').filter(|p| self.text()[*p..a].trim() == "(").unwrap_or(a), b);
                        let b = self.text()[b..].find(')').filter(|p| self.text()[b..b + p].trim().is_empty()).map_or(b, |p| b + p + 1);
                        self.patch.replace(a, b, format!("({})", cols.join(", ")));
                    }
                }
            }
            (ColumnFlag::PrimaryKey, false) => {
                // a column leaving a key keeps its NOT NULL
                let keep_nn = if has_setting(&f.st, &["not null"]) { "" } else { "not null" };
                if has_setting(&f.st, &["pk", "primary key"]) {
                    change(sets, &f.st, &["pk", "primary key"], keep_nn);
                } else if let Some(ix) = t.indexes.iter().find(|i| i.pk && i.cols.iter().any(|c| c.0 == f.name)) {
                    change(sets, &f.st, &[], keep_nn);
                    let rest: Vec<String> = ix.cols.iter().filter(|c| c.0 != f.name).map(|c| self.text()[c.1.start..c.1.end].to_string()).collect();
                    if rest.is_empty() {
                        self.delete_lines(ix.st.span);
                    } else {
                        let toks = &ix.st.toks;
                        let (a, b) = (toks[0].span.start, toks[toks.len() - 1].span.end);
                        self.patch.replace(a, b, format!("({})", rest.join(", ")));
                    }
                }
            }
        }
        Ok(desc)
    }

    /// An `indexes { }` line for a plain index: `col` or `(a, b)`, `[name: '...']` when named.
    fn add_index(&mut self, table: &QualifiedName, columns: &[String], ix_name: Option<&str>) -> Result<String, EditError> {
        let ti = self.table(table)?;
        let cols = columns.iter().map(|c| self.field(table, c).map(|(_, fi)| self.doc.tables[ti].fields[fi].name.clone())).collect::<Result<Vec<_>, _>>()?;
        let names = cols.iter().map(|c| name(c)).collect::<Result<Vec<_>, _>>()?;
        let mut line = if names.len() == 1 { names[0].clone() } else { format!("({})", names.join(", ")) };
        if let Some(n) = ix_name {
            if n.contains(['\'', '\\', '\n', '\r']) {
                return Err(EditError::BadName { name: n.to_string(), why: "this DBML index name would need escapes".into() });
            }
            line.push_str(&format!(" [name: '{n}']"));
        }
        self.add_index_line(ti, &line);
        self.touched.push(self.doc.stmts[self.doc.tables[ti].stmt].span);
        Ok(format!("Add an index on {table}({})", cols.join(", ")))
    }

    /// Adds a line to the table's `indexes { }` block (made when there is none).
    fn add_index_line(&mut self, ti: usize, line: &str) {
        let (nl, ind) = (self.nl(), self.table_indent(ti));
        let t = &self.doc.tables[ti];
        match &t.indexes_block {
            Some(b) => {
                let inner = b.block.as_ref().and_then(|x| x.first()).map_or_else(|| format!("{ind}{ind}"), |x| indent_of(self.text(), x.span.start).to_string());
                let at = match b.block.as_ref().and_then(|x| x.last()) {
                    Some(x) => line_end(self.text(), x.span.end),
                    None => line_end(self.text(), b.toks.last().map_or(b.span.start, |x| x.span.end)),
                };
                self.patch.insert(at, format!("{nl}{inner}{line}"));
            }
            None => {
                let last = t.fields.last().map_or(self.doc.stmts[t.stmt].span.start, |f| f.st.span.end);
                self.patch.insert(line_end(self.text(), last), format!("{nl}{nl}{ind}indexes {{{nl}{ind}{ind}{line}{nl}{ind}}}"));
            }
        }
    }

    fn end_text(&self, ti: usize, cols: &[String]) -> Result<String, EditError> {
        let names: Result<Vec<String>, EditError> = cols.iter().map(|c| name(c)).collect();
        let names = names?;
        Ok(if names.len() == 1 { format!("{}.{}", self.ref_table_text(ti)?, names[0]) } else { format!("{}.({})", self.ref_table_text(ti)?, names.join(", ")) })
    }

    fn ref_text(&self, ti: usize, cols: &[String], tj: usize, rcols: &[String], on_delete: Option<RefAction>, on_update: Option<RefAction>) -> Result<String, EditError> {
        let mut set = Vec::new();
        if let Some(a) = on_delete {
            set.push(format!("delete: {}", a.id()));
        }
        if let Some(a) = on_update {
            set.push(format!("update: {}", a.id()));
        }
        let set = if set.is_empty() { String::new() } else { format!(" [{}]", set.join(", ")) };
        Ok(format!("Ref: {} > {}{set}", self.end_text(ti, cols)?, self.end_text(tj, rcols)?))
    }

    /// Appends a `Ref:` statement after the last one (or after the last table).
    fn append_ref(&mut self, line: String) {
        let nl = self.nl();
        let last_ref = self.doc.stmts.iter().filter(|s| s.first_is("ref")).map(|s| s.span.end).max();
        let last_table = self.doc.tables.iter().map(|t| self.doc.stmts[t.stmt].span.end).max();
        match (last_ref, last_table) {
            (Some(r), _) => self.patch.insert(line_end(self.text(), r), format!("{nl}{line}")),
            (None, Some(t)) => self.patch.insert(line_end(self.text(), t), format!("{nl}{nl}{line}")),
            (None, None) => self.patch.insert(self.text().len(), format!("{nl}{line}{nl}")),
        }
    }

    fn add_relationship(&mut self, r: &NewRelationship, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) -> Result<String, EditError> {
        let (ti, tj) = (self.table(&r.table)?, self.table(&r.ref_table)?);
        let rcols = spec::ref_columns(self.schema, r)?;
        let src = &self.schema.tables[spec::table_idx(self.schema, &r.table)?];
        let cols: Result<Vec<String>, EditError> = r.columns.iter().map(|c| Ok(src.columns[spec::col_idx(src, self.d, &r.table, c)?].name.clone())).collect();
        let cols = cols?;
        if r.create_key && !spec::target_is_unique(self.schema, r)? {
            let tgt = &self.doc.tables[tj];
            if let [c] = rcols.as_slice() {
                let (_, fi) = self.field(&r.ref_table, c)?;
                change(sets, &tgt.fields[fi].st, &[], "unique");
            } else {
                let names: Result<Vec<String>, EditError> = rcols.iter().map(|c| name(c)).collect();
                self.add_index_line(tj, &format!("({}) [unique]", names?.join(", ")));
            }
            self.touched.push(self.doc.stmts[tgt.stmt].span);
        }
        let line = self.ref_text(ti, &cols, tj, &rcols, r.on_delete, r.on_update)?;
        self.append_ref(line);
        Ok(format!("add a relationship from {} ({}) to {} ({})", r.table, cols.join(", "), r.ref_table, rcols.join(", ")))
    }

    /// The written relationship that is foreign key `fk` of the model table.
    fn written_fk(&self, q: &QualifiedName, fk: usize) -> Result<&'a RefAt, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let f = t.foreign_keys.get(fk).ok_or_else(|| EditError::NoRelationship { table: q.clone(), fk })?;
        let ti = self.table(q)?;
        let tj = self.table(&f.ref_table)?;
        let doc = self.doc;
        doc.refs
            .iter()
            .find(|r| r.fk.as_ref().is_some_and(|(a, b)| doc.names_table(a, ti) && doc.names_table(b, tj) && a.cols == f.columns && b.cols == f.ref_columns))
            .ok_or_else(|| EditError::Unsupported(format!("the relationship {q} ({}) is not written as a Ref here", f.columns.join(", "))))
    }

    fn set_actions(&mut self, r: &RefAt, on_delete: Option<RefAction>, on_update: Option<RefAction>, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) -> Result<(), EditError> {
        let mut add: Vec<String> = Vec::new();
        if let Some(a) = on_delete {
            add.push(format!("delete: {}", a.id()));
        }
        if let Some(a) = on_update {
            add.push(format!("update: {}", a.id()));
        }
        match self.doc.ref_stmt_of(r) {
            Some(st) => {
                self.touched.push(r.span);
                let e = sets.entry(st.span.start).or_insert_with(|| (st.clone(), SetChange::default()));
                for (k, it) in st.settings.iter().flat_map(|s| s.items.iter()).enumerate() {
                    if it.key == "delete" || it.key == "update" {
                        e.1.remove.push(k);
                    }
                }
                e.1.add.extend(add);
            }
            None if add.is_empty() => {}
            None => {
                // an inline ref has no actions: it becomes a Ref statement
                let Some((src, dst)) = &r.fk else { return Err(EditError::Unsupported("a many-to-many reference has no actions".into())) };
                let ti = (0..self.doc.tables.len()).find(|&i| self.doc.names_table(src, i)).ok_or_else(|| EditError::Unsupported("the reference names an unknown table".into()))?;
                let tj = (0..self.doc.tables.len()).find(|&i| self.doc.names_table(dst, i)).ok_or_else(|| EditError::Unsupported("the reference names an unknown table".into()))?;
                let line = self.ref_text(ti, &src.cols, tj, &dst.cols, on_delete, on_update)?;
                self.delete_ref(r, sets);
                self.append_ref(line);
            }
        }
        Ok(())
    }

    fn delete_ref(&mut self, r: &RefAt, sets: &mut BTreeMap<usize, (Stmt, SetChange)>) {
        self.touched.push(r.span);
        match r.at {
            Where::Stmt(i) => self.delete_lines(self.doc.stmts[i].span),
            Where::BlockLine(i, l) => {
                let st = &self.doc.stmts[i];
                let lines = st.block.as_ref().map_or(0, Vec::len);
                let gone = self.doc.refs.iter().filter(|x| matches!(x.at, Where::BlockLine(j, _) if j == i)).count();
                if lines <= 1 || (gone == lines && lines == 1) {
                    self.delete_lines(st.span);
                } else if let Some(x) = st.block.as_ref().and_then(|b| b.get(l)) {
                    self.delete_lines(x.span);
                }
            }
            Where::Inline(ti, fi, si) => {
                let st = &self.doc.tables[ti].fields[fi].st;
                sets.entry(st.span.start).or_insert_with(|| (st.clone(), SetChange::default())).1.remove.push(si);
            }
        }
    }

    /// Writes a settings list with the changes: kept items as written, new ones after them; no
    /// list when nothing is left.
    fn rewrite_settings(&mut self, st: &Stmt, ch: &SetChange) {
        let text = self.text();
        let items: Vec<&Setting> = st.settings.iter().flat_map(|s| s.items.iter()).collect();
        let mut out: Vec<String> = items.iter().enumerate().filter(|(k, _)| !ch.remove.contains(k)).map(|(_, it)| text[it.span.start..it.span.end].to_string()).collect();
        for a in &ch.add {
            if !a.is_empty() && !items.iter().enumerate().any(|(k, it)| !ch.remove.contains(&k) && it.key == *a) && !out.contains(a) {
                out.push(a.clone());
            }
        }
        match &st.settings {
            Some(s) if out.is_empty() => {
                let from = text[..s.span.start].trim_end_matches([' ', '\t']).len();
                self.patch.delete(from, s.span.end);
            }
            Some(s) => {
                let now: Vec<&str> = items.iter().map(|it| &text[it.span.start..it.span.end]).collect();
                if now != out.iter().map(String::as_str).collect::<Vec<_>>() {
                    self.patch.replace(s.span.start, s.span.end, format!("[{}]", out.join(", ")));
                }
            }
            None if out.is_empty() => {}
            None => {
                let end = st.toks.last().map_or(st.span.end, |t| t.span.end);
                self.patch.insert(end, format!(" [{}]", out.join(", ")));
            }
        }
    }
}

fn has_setting(st: &Stmt, keys: &[&str]) -> bool {
    st.settings.as_ref().is_some_and(|s| s.items.iter().any(|i| keys.contains(&i.key.as_str())))
}

/// Queues removing the settings `remove` (by key) and adding `add` (when not empty) on `st`.
fn change(sets: &mut BTreeMap<usize, (Stmt, SetChange)>, st: &Stmt, remove: &[&str], add: &str) {
    let e = sets.entry(st.span.start).or_insert_with(|| (st.clone(), SetChange::default()));
    for (k, it) in st.settings.iter().flat_map(|s| s.items.iter()).enumerate() {
        if remove.contains(&it.key.as_str()) {
            e.1.remove.push(k);
        }
    }
    if !add.is_empty() {
        e.1.add.push(add.to_string());
    }
}
