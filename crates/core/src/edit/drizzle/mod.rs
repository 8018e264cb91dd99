//! The Drizzle planner: writes an edit into a Drizzle schema module (TypeScript), in Drizzle.
//!
//! The reader's own parse says where everything is (`parse::drizzle::sites`: each table's call,
//! each column's member, each key's span, over the syntax tree the reader evaluated); the text
//! written follows the module's style — its quote character, semicolons, indentation, one member
//! per line or not, trailing commas, the local names of the core module's imports (or its
//! namespace), and the `casing` setting (a column's name is written only when its key would not
//! give it).
//! - a table: `export const <name> = pgTable("<name>", { ... });` after the `after` table (or the
//!   last one), the builders imported; in another schema `x.table("<name>", ...)` on the module's
//!   `const x = pgSchema("x")`; renaming one changes its name string only (the TypeScript name
//!   stays, so nothing that uses it changes); deleting one deletes its statement and the
//!   `.references()` / `foreignKey(...)` of other tables that point at it;
//! - a column: a member `key: builder("name", { config })` (the builder and its config found by
//!   running the reader's type map backwards, `parse::drizzle::types::builder_for`; an enum's
//!   type is its `pgEnum` const); renaming one changes (or adds) the builder's name argument; a
//!   new type replaces the builder call; deleting one deletes the extra-config keys and indexes
//!   that name it;
//! - NOT NULL, UNIQUE, a one-column primary key: `.notNull()`, `.unique()`, `.primaryKey()` in the
//!   chain; a primary key of several columns: `primaryKey({ columns: [...] })` in the extra config
//!   (an existing one gets its columns rewritten);
//! - a relationship: `.references(() => other.key, { onDelete })` for one column, else (and for a
//!   table pointing at itself) `foreignKey({ columns, foreignColumns })` in the extra config;
//! - an index: `index("name").on(t.a, t.b)` in the extra config (added when there is none);
//! - `relations(...)`: what a deletion takes away takes its `one(...)` / `many(...)` entries on
//!   both sides with it (`relations.rs`); a logical relationship is deleted there alone.
//!
//! Refused with the reason: a table built by a helper or a table creator, a computed name, a
//! column from a spread, an enum or schema the module does not declare, an extra config or
//! `relations(...)` written as a function body. Every plan is checked like every language's
//! (`verify.rs`).

mod relations;
mod source;
mod write;

use super::canon::Written;
use super::sql::patch::{line_end, line_start, next_line, starts_line, Patch};
use super::{spec, ColumnFlag, EditError, SchemaEdit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::{QualifiedName, Schema};
use crate::parse::drizzle::sites::{ColSite, FkSite, PartKind, RelSite, Sites, TableSite};
use crate::span::Span;
use source::{chain, list, Decl};
use write::Style;

/// Plans `edit` on the Drizzle `text` (validated by `spec::expected` before).
pub fn plan(text: &str, d: Dialect, schema: &Schema, diags: &[Diagnostic], edit: &SchemaEdit) -> Result<(Fix, Written), EditError> {
    let sites = crate::parse::drizzle::sites(text, d);
    let cx = Cx { text, d: sites.dialect, schema, sites: &sites };
    let mut patch = Patch::new(text);
    let mut w = write::Imports::default();
    let (touched, description) = cx.write(&mut patch, &mut w, edit)?;
    w.finish(&cx, &mut patch, touched.first().map_or(0, |t| t.0));
    if let Some(dg) = diags.iter().find(|dg| dg.severity >= Severity::Warning && touched.iter().any(|(_, s)| dg.span.start < s.end && dg.span.end.max(dg.span.start + 1) > s.start)) {
        return Err(EditError::SourceError { line: dg.line, message: dg.message.clone() });
    }
    Ok((Fix { description, edits: patch.finish()? }, Written::new(d, std::iter::empty())))
}

/// The edited type spelled the way Drizzle writes it (`timestamptz` → `timestamp with time
/// zone`), so the expected model is the one the reader will read back; `None` when nothing
/// changes.
pub fn spelled(d: Dialect, edit: &SchemaEdit) -> Option<SchemaEdit> {
    // a type no builder writes: a pgEnum's, as the reader spells it
    let named = |t: &str| match crate::parse::parse_type(d, t).map(|x| (x.kind, x.array_dims)) {
        Some((crate::model::TypeKind::Named(q), dims)) => Some(format!("{}{}", crate::parse::drizzle::types::enum_sql(q.schema.as_deref(), &q.name), "[]".repeat(dims.into()))),
        _ => None,
    };
    let respell = |t: &str| crate::parse::drizzle::types::builder_for(d, t).map(|b| b.sql).or_else(|| named(t)).filter(|s| s != t);
    match edit {
        SchemaEdit::RetypeColumn { table, column, to } => respell(to).map(|to| SchemaEdit::RetypeColumn { table: table.clone(), column: column.clone(), to }),
        SchemaEdit::AddColumn { table, column } => respell(&column.data_type).map(|t| SchemaEdit::AddColumn { table: table.clone(), column: super::NewColumn { data_type: t, ..column.clone() } }),
        SchemaEdit::AddTable { table, columns, after } => {
            let cols: Vec<_> = columns.iter().map(|c| super::NewColumn { data_type: respell(&c.data_type).unwrap_or_else(|| c.data_type.clone()), ..c.clone() }).collect();
            (cols != *columns).then(|| SchemaEdit::AddTable { table: table.clone(), columns: cols, after: after.clone() })
        }
        _ => None,
    }
}

/// What drizzle-kit always writes that the model change alone does not say, made on the expected
/// model: `ON DELETE` on every foreign key, the referenced table's schema on PostgreSQL
/// (`"public"."users"`), and on SQLite a UNIQUE as `CREATE UNIQUE INDEX` (a btree index).
pub fn language_facts(before: &Schema, s: &mut Schema) {
    let pg = s.dialect == Dialect::Postgres;
    for f in s.tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        f.on_delete_explicit |= !f.logical;
        if pg && f.ref_table.schema.is_none() {
            f.ref_table.schema = Some("public".into());
        }
    }
    if s.dialect != Dialect::Sqlite {
        return;
    }
    super::spec::new_uniques_as_indexes(before, s);
}

pub(super) struct Cx<'a> {
    pub text: &'a str,
    pub d: Dialect,
    pub schema: &'a Schema,
    pub sites: &'a Sites,
}

/// What a planned edit touched (file, span), for the import-error check, and its description.
type Planned = (Vec<(usize, Span)>, String);

impl<'a> Cx<'a> {
    /// The site of a model table.
    fn site(&self, q: &QualifiedName) -> Result<&'a TableSite, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let norm = |s: Option<&str>| s.filter(|s| *s != "public").map(str::to_string);
        self.sites
            .tables
            .iter()
            .find(|s| s.included && s.name == t.name && norm(s.schema.as_deref()) == norm(t.schema.as_deref()))
            .ok_or_else(|| EditError::Unsupported(format!("table {} is not written as a Drizzle table of this text", t.qualified_name())))
    }

    fn decl(&self, q: &QualifiedName) -> Result<Decl<'a>, EditError> {
        self.sites.decl(self.text, self.site(q)?)
    }

    /// The site of a model column.
    fn col(&self, q: &QualifiedName, site: &'a TableSite, col: &str) -> Result<&'a ColSite, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let c = &t.columns[spec::col_idx(t, self.d, q, col)?];
        site.cols.iter().find(|s| s.name == c.name).ok_or_else(|| EditError::Unsupported(format!("column {} of {} is not written in the table", c.name, t.qualified_name())))
    }

    /// The site of foreign key `fk` of a model table.
    fn fk(&self, q: &QualifiedName, site: &'a TableSite, fk: usize) -> Result<&'a FkSite, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let f = t.foreign_keys.get(fk).ok_or_else(|| EditError::NoRelationship { table: q.clone(), fk })?;
        site.fks
            .iter()
            .find(|s| s.cols == f.columns && self.sites.tables.get(s.ref_table).is_some_and(|r| r.name == f.ref_table.name) && (f.ref_columns.is_empty() || s.ref_cols == f.ref_columns))
            .ok_or_else(|| EditError::Unsupported(format!("the relationship {}({}) comes from relations(...), not from the database: edit the text", t.qualified_name(), f.columns.join(", "))))
    }

    fn style(&self, dec: &Decl) -> Style {
        Style::of(self.text, dec)
    }

    fn write(&self, patch: &mut Patch, w: &mut write::Imports, edit: &SchemaEdit) -> Result<Planned, EditError> {
        let text = self.text;
        match edit {
            SchemaEdit::RenameTable { table, to } => {
                let dec = self.decl(table)?;
                let st = self.style(&dec);
                patch.replace(dec.args[0].start, dec.args[0].end, st.string(to));
                Ok((vec![(dec.file, dec.site.span)], format!("rename table {table} to {to} (its name string; the TypeScript name {} stays)", dec.ident)))
            }
            SchemaEdit::RenameColumn { table, column, to } => {
                let dec = self.decl(table)?;
                let c = self.col(table, dec.site, column)?;
                let (_, value) = dec.member(c)?;
                let ch = chain(value).ok_or_else(|| not_builder(column))?;
                self.no_sql_names(table, &c.name)?;
                let st = self.style(&dec);
                match ch.args.first() {
                    Some(a) if matches!(a.kind, crate::parse::drizzle::syntax::ExprKind::Str(_)) => patch.replace(a.start, a.end, st.string(to)),
                    first => {
                        let open = text[ch.callee.end..ch.end].find('(').map(|p| ch.callee.end + p).ok_or_else(|| not_builder(column))?;
                        let sep = if first.is_some() { ", " } else { "" };
                        patch.insert(open + 1, format!("{}{sep}", st.string(to)));
                    }
                }
                Ok((vec![(dec.file, c.span)], format!("rename column {table}.{column} to {to} (the builder's name; the key {} stays)", c.key)))
            }
            SchemaEdit::SetColumnFlag { .. } => self.set_flag(patch, w, edit),
            SchemaEdit::DropColumn { table, column } => {
                let dec = self.decl(table)?;
                let c = self.col(table, dec.site, column)?;
                let (k, _) = dec.member(c)?;
                self.no_sql_names(table, &c.name)?;
                let mut touched = vec![(dec.file, c.span)];
                // the keys and indexes of the extra config that name it go with it (as the
                // database drops them); the rest of a primary key stays NOT NULL
                let mut pieces: Vec<Span> = dec.site.fks.iter().filter(|f| !f.inline && f.cols.contains(&c.name)).map(|f| f.span).collect();
                for p in dec.site.parts.iter().filter(|p| p.cols.contains(&c.name)) {
                    if p.kind == PartKind::Other {
                        return Err(EditError::Unsupported(format!("column {column} is named by {} in the table's extra config: delete that first", part_label(p.kind))));
                    }
                    pieces.push(p.span);
                    if p.kind == PartKind::PrimaryKey {
                        self.keep_not_null(patch, &dec, p.cols.iter().filter(|x| **x != c.name))?;
                    }
                }
                write::delete_extras(self, patch, &dec, &pieces)?;
                touched.extend(pieces.iter().map(|s| (dec.file, *s)));
                touched.extend(self.drop_refs_to(patch, |f| self.points_at(f, dec.site) && f.ref_cols.contains(&c.name))?);
                let i = self.index_of(dec.site);
                touched.extend(self.drop_relations(patch, None, |r| (r.table == i && r.fields.contains(&c.name)) || (r.target == i && r.references.contains(&c.name)))?);
                list(text, dec.cols).ok_or_else(|| not_builder(column))?.delete(patch, k);
                Ok((touched, format!("delete column {table}.{column}")))
            }
            SchemaEdit::DropTable { table } => {
                let dec = self.decl(table)?;
                let mut touched = vec![(dec.file, Span::new(dec.start, dec.end))];
                touched.extend(self.drop_refs_to(patch, |f| self.points_at(f, dec.site))?);
                let i = self.index_of(dec.site);
                touched.extend(self.drop_relations(patch, Some(i), |r| r.table == i || r.target == i)?);
                delete_statement(text, patch, dec.start, dec.end);
                self.drop_imports_of(patch, dec.file, &dec.ident)?;
                Ok((touched, format!("delete table {table} and the relationships to it")))
            }
            SchemaEdit::DropRelationship { table, fk } => {
                let dec = self.decl(table)?;
                let i = self.index_of(dec.site);
                let t = &self.schema.tables[spec::table_idx(self.schema, table)?];
                let mf = t.foreign_keys.get(*fk).ok_or_else(|| EditError::NoRelationship { table: table.clone(), fk: *fk })?;
                if mf.logical {
                    // declared by relations(...) only
                    let hit = |r: &RelSite| r.one && r.table == i && r.fields == mf.columns && self.sites.tables.get(r.target).is_some_and(|x| x.name == mf.ref_table.name);
                    if !self.sites.relations.iter().any(hit) {
                        return Err(EditError::Unsupported(format!("the relationship {}({}) is not a one(...) of relations(...) of this text: edit the text", t.qualified_name(), mf.columns.join(", "))));
                    }
                    let touched = self.drop_relations(patch, None, hit)?;
                    return Ok((touched, format!("delete relationship {fk} of {table} (its relations(...) entries)")));
                }
                let f = self.fk(table, dec.site, *fk)?;
                self.drop_fk(patch, &dec, f)?;
                let mut touched = vec![(dec.file, f.span)];
                let same_join = |r: &RelSite| {
                    r.one
                        && ((r.table == i && r.target == f.ref_table && r.fields == f.cols && (r.references.is_empty() || r.references == f.ref_cols))
                            || (r.table == f.ref_table && r.target == i && r.fields == f.ref_cols && r.references == f.cols))
                };
                touched.extend(self.drop_relations(patch, None, same_join)?);
                Ok((touched, format!("delete relationship {fk} of {table}")))
            }
            SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } => {
                let dec = self.decl(table)?;
                let f = self.fk(table, dec.site, *fk)?;
                write::set_actions(self, patch, &dec, f, *on_delete, *on_update)?;
                Ok((vec![(dec.file, f.span)], format!("set the actions of relationship {fk} of {table}")))
            }
            SchemaEdit::AddIndex { table, columns, name } => {
                let dec = self.decl(table)?;
                let t = &self.schema.tables[spec::table_idx(self.schema, table)?];
                let name = name.clone().unwrap_or_else(|| crate::lint::rules::fk_missing_index::index_name(self.d, &t.name, columns));
                let keys = columns.iter().map(|c| self.col(table, dec.site, c).map(|s| s.key.clone())).collect::<Result<Vec<_>, _>>()?;
                let st = self.style(&dec);
                let idx = w.core(self, dec.file, "index");
                write::add_extra(self, patch, &dec, &format!("{}Idx", write::camel(&name)), &|p| format!("{idx}({}).on({})", st.string(&name), keys.iter().map(|k| write::member(p, k)).collect::<Vec<_>>().join(", ")))?;
                Ok((vec![(dec.file, dec.site.span)], format!("add index {name} on {table} ({})", columns.join(", "))))
            }
            SchemaEdit::AddColumn { table, column } => {
                let dec = self.decl(table)?;
                let member = write::column_member(self, w, &dec, column, self.style(&dec))?;
                list(text, dec.cols).ok_or_else(|| not_builder(&column.name))?.push(patch, &member);
                Ok((vec![(dec.file, dec.site.span)], format!("add column {table}.{}", column.name)))
            }
            SchemaEdit::RetypeColumn { table, column, to } => {
                let dec = self.decl(table)?;
                let c = self.col(table, dec.site, column)?;
                let (_, value) = dec.member(c)?;
                let ch = chain(value).ok_or_else(|| not_builder(column))?;
                write::retype(self, patch, w, &dec, c, &ch, to)?;
                Ok((vec![(dec.file, c.span)], format!("change the type of {table}.{column} to {to}")))
            }
            SchemaEdit::AddRelationship(r) => write::add_relationship(self, patch, w, r),
            SchemaEdit::AddTable { table, columns, after } => write::add_table(self, patch, w, table, columns, after.as_ref()),
        }
    }

    /// Deletes the foreign keys of every table that `hit` selects (the relationships to a table or
    /// column being deleted).
    fn drop_refs_to(&self, patch: &mut Patch, hit: impl Fn(&FkSite) -> bool) -> Result<Vec<(usize, Span)>, EditError> {
        let mut touched = Vec::new();
        for site in self.sites.tables.iter().filter(|s| s.included) {
            let fks: Vec<&FkSite> = site.fks.iter().filter(|f| hit(f)).collect();
            if fks.is_empty() {
                continue;
            }
            let dec = self.sites.decl(self.text, site)?;
            for f in fks {
                self.drop_fk(patch, &dec, f)?;
                touched.push((dec.file, f.span));
            }
        }
        Ok(touched)
    }

    /// The index of a table's site.
    fn index_of(&self, site: &TableSite) -> usize {
        self.sites.tables.iter().position(|t| std::ptr::eq(t, site)).unwrap_or(usize::MAX)
    }

    /// Refuses when SQL written in the module (a check, an index expression or condition, a
    /// generated column) names column `col`: that text is not rewritten.
    fn no_sql_names(&self, q: &QualifiedName, col: &str) -> Result<(), EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let has = |s: &str| s.contains(col);
        let named = t.checks.iter().any(|c| has(&c.expression))
            || t.indexes.iter().any(|i| i.parts.iter().any(|p| p.column.is_none() && has(&p.expression)) || i.predicate.as_deref().is_some_and(has))
            || t.columns.iter().any(|c| c.generated.as_ref().is_some_and(|g| has(&g.expression)));
        if named {
            return Err(EditError::Unsupported(format!("an sql`...` expression of {} (a check, an index or a generated column) names {col}: change it there first", t.qualified_name())));
        }
        Ok(())
    }

    /// Deletes one foreign key: its `.references(...)` link, or its extra-config piece (the
    /// entries of `relations(...)` for the same join are the caller's, `drop_relations`).
    fn drop_fk(&self, patch: &mut Patch, dec: &Decl, f: &FkSite) -> Result<(), EditError> {
        if f.inline {
            let c = dec.site.cols.iter().find(|c| c.span.start <= f.span.start && f.span.end <= c.span.end).ok_or_else(|| EditError::Unsupported("the relationship is not in its column's chain".into()))?;
            let (_, value) = dec.member(c)?;
            let ch = chain(value).ok_or_else(|| not_builder(&c.name))?;
            let l = ch.links.iter().find(|l| l.end == f.span.end && l.name == "references").ok_or_else(|| EditError::Unsupported(format!("the relationship of {} is not a `.references(...)` of its chain", c.name)))?;
            patch.delete(l.from, l.end);
            return Ok(());
        }
        write::delete_extra(self, patch, dec, f.span)
    }

    /// Writes `.notNull()` on the columns `cols` of a key being deleted whose chain does not say it.
    fn keep_not_null<'s>(&self, patch: &mut Patch, dec: &Decl, cols: impl Iterator<Item = &'s String>) -> Result<(), EditError> {
        for n in cols {
            let c = dec.site.cols.iter().find(|c| c.name == *n).ok_or_else(|| not_builder(n))?;
            let (_, v) = dec.member(c)?;
            let ch = chain(v).ok_or_else(|| not_builder(n))?;
            if !["notNull", "primaryKey", "generatedAlwaysAsIdentity", "generatedByDefaultAsIdentity"].iter().any(|l| ch.has(l)) {
                patch.insert(ch.links.last().map_or(ch.end, |l| l.end), ".notNull()");
            }
        }
        Ok(())
    }

    /// Whether foreign key `f` references the table at `site`.
    fn points_at(&self, f: &FkSite, site: &TableSite) -> bool {
        self.sites.tables.get(f.ref_table).is_some_and(|t| std::ptr::eq(t, site))
    }

    fn set_flag(&self, patch: &mut Patch, w: &mut write::Imports, edit: &SchemaEdit) -> Result<Planned, EditError> {
        let SchemaEdit::SetColumnFlag { table, column, flag, on } = edit else { return Err(EditError::Invalid("not a flag".into())) };
        let (flag, on) = (*flag, *on);
        let dec = self.decl(table)?;
        let c = self.col(table, dec.site, column)?;
        let (_, value) = dec.member(c)?;
        let ch = chain(value).ok_or_else(|| not_builder(column))?;
        let after = spec::expected(self.schema, edit)?;
        let ti = spec::table_idx(self.schema, table)?;
        let t = &after.tables[ti];
        let what = match flag {
            ColumnFlag::NotNull => "NOT NULL",
            ColumnFlag::Unique => "UNIQUE",
            ColumnFlag::PrimaryKey => "PRIMARY KEY",
        };
        let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        let pk_part = dec.site.parts.iter().find(|p| p.kind == PartKind::PrimaryKey);
        let mut touched = vec![(dec.file, c.span)];
        let written = patch.ranges().count();
        let before = &self.schema.tables[ti];
        match flag {
            ColumnFlag::NotNull | ColumnFlag::Unique => {
                let link = if flag == ColumnFlag::NotNull { "notNull" } else { "unique" };
                let already = on && flag == ColumnFlag::Unique && spec::is_unique_column(self.d, before, &c.name);
                if on && !ch.has(link) && !already {
                    if flag == ColumnFlag::Unique && dec.site.parts.iter().any(|p| p.kind == PartKind::Unique && p.cols == [c.name.clone()]) {
                        return Ok((touched, format!("{table}.{column} is already UNIQUE")));
                    }
                    patch.insert(ch.links.last().map_or(ch.end, |l| l.end), format!(".{link}()"));
                } else if !on {
                    for l in ch.links.iter().filter(|l| l.name == link) {
                        patch.delete(l.from, l.end);
                    }
                    if flag == ColumnFlag::Unique {
                        for p in dec.site.parts.iter().filter(|p| p.kind == PartKind::Unique && p.cols == [c.name.clone()]) {
                            write::delete_extra(self, patch, &dec, p.span)?;
                            touched.push((dec.file, p.span));
                        }
                    } else if ch.links.iter().any(|l| l.name.starts_with("generated") && l.name.ends_with("Identity")) {
                        return Err(EditError::Unsupported(format!("{table}.{column} is an identity column, which is always NOT NULL")));
                    }
                }
            }
            ColumnFlag::PrimaryKey if pk_part.is_some() => {
                // the key's `primaryKey({ columns })` of the extra config: its columns rewritten,
                // or the piece deleted with the last one; a column leaving it keeps its NOT NULL
                let part = pk_part.ok_or_else(|| not_builder(column))?;
                touched.push((dec.file, part.span));
                let nn = |n: &&String| !pk.contains(n) && after.tables[ti].columns.iter().any(|x| x.name == **n && !x.nullable);
                self.keep_not_null(patch, &dec, part.cols.iter().filter(nn))?;
                if pk.is_empty() {
                    write::delete_extra(self, patch, &dec, part.span)?;
                } else {
                    let keys: Vec<String> = pk.iter().map(|n| dec.site.cols.iter().find(|c| c.name == *n).map(|c| c.key.clone()).ok_or_else(|| not_builder(n))).collect::<Result<_, _>>()?;
                    write::set_key_columns(self, patch, &dec, part.span, &keys)?;
                }
            }
            ColumnFlag::PrimaryKey => {
                // what Drizzle cannot write: SQLite lets a key column other than an INTEGER one
                // be NULL, `.primaryKey()` makes it NOT NULL; an AUTOINCREMENT is its whole key's
                if self.d == Dialect::Sqlite && pk.len() == 1 && t.columns.iter().any(|x| x.name == pk[0] && x.nullable) {
                    return Err(EditError::Unsupported(format!("Drizzle writes a SQLite primary key column NOT NULL, and {table}.{} may be NULL: set NOT NULL on it first", pk[0])));
                }
                if let Some(x) = before.columns.iter().find(|x| x.identity == Some(crate::model::Identity::Autoincrement) && after.tables[ti].columns.iter().any(|y| y.name == x.name && y.identity.is_some()) && pk != [x.name.clone()]) {
                    return Err(EditError::Unsupported(format!("{table}.{} is AUTOINCREMENT, which needs it to be the whole primary key: remove that first", x.name)));
                }
                // the inline `.primaryKey()` of the old key's columns go; a key of one column is
                // written inline, of several in the extra config
                for oc in dec.site.cols.iter() {
                    let Ok((_, v)) = dec.member(oc) else { continue };
                    let Some(och) = chain(v) else { continue };
                    let keep_inline = pk.len() == 1 && pk[0] == oc.name;
                    let want_nn = after.tables[ti].columns.iter().find(|x| x.name == oc.name).is_some_and(|x| !x.nullable);
                    for l in och.links.iter().filter(|l| l.name == "primaryKey" && !keep_inline) {
                        patch.delete(l.from, l.end);
                        touched.push((dec.file, oc.span));
                        if want_nn && !och.has("notNull") {
                            patch.insert(och.links.last().map_or(och.end, |l| l.end), ".notNull()");
                        }
                    }
                    if keep_inline && !och.has("primaryKey") {
                        patch.insert(och.links.last().map_or(och.end, |l| l.end), ".primaryKey()");
                        touched.push((dec.file, oc.span));
                    }
                }
                if pk.len() > 1 {
                    let keys: Vec<String> = pk.iter().map(|n| dec.site.cols.iter().find(|c| c.name == *n).map(|c| c.key.clone()).ok_or_else(|| not_builder(n))).collect::<Result<_, _>>()?;
                    let f = w.core(self, dec.file, "primaryKey");
                    write::add_extra(self, patch, &dec, "pk", &|p| format!("{f}({{ columns: [{}] }})", keys.iter().map(|k| write::member(p, k)).collect::<Vec<_>>().join(", ")))?;
                }
            }
        }
        if patch.ranges().count() == written && *before != after.tables[ti] {
            return Err(EditError::Unsupported(format!("{what} of {table}.{column} does not come from its builder chain (a key, an index or an identity gives it): edit the text")));
        }
        Ok((touched, format!("{} {what} on {table}.{column}", if on { "set" } else { "remove" })))
    }
}

/// Deletes a top-level statement (`start..end`), with its lines when it has them to itself, the
/// comment lines right above it and one blank line beside it.
fn delete_statement(text: &str, patch: &mut Patch, start: usize, end: usize) {
    let (mut a, mut e) = (start, end);
    if starts_line(text, a) && text[e..line_end(text, e)].trim().is_empty() {
        a = line_start(text, a);
        // its documentation: the comment lines right above it
        while a > 0 && text[line_start(text, a - 1)..a].trim_start().starts_with("//") {
            a = line_start(text, a - 1);
        }
        e = next_line(text, e);
        // one blank line around it goes too
        if text[e..].starts_with('\n') || text[e..].starts_with("\r\n") {
            e = next_line(text, e);
        } else if a >= 2 && text[..a].ends_with("\n\n") {
            a -= 1;
        }
    }
    // a neighbour deleted too may have taken the blank line between them
    for (s, x) in patch.ranges().filter(|(s, x)| s < x).collect::<Vec<_>>() {
        if s <= a && a < x && x <= start {
            a = x;
        }
        if end <= s && s < e && e <= x {
            e = s;
        }
    }
    patch.delete(a, e);
}

fn not_builder(column: &str) -> EditError {
    EditError::Unsupported(format!("column {column} is not written as a column builder call: edit the text"))
}

fn part_label(k: PartKind) -> &'static str {
    match k {
        PartKind::PrimaryKey => "a primaryKey(...)",
        PartKind::Unique => "a unique(...)",
        PartKind::Index => "an index",
        PartKind::Other => "a check or policy",
    }
}
