//! Table constraints: primary keys, uniques, foreign keys (and MySQL's implicit FK indexes), checks.

use super::*;

impl Builder<'_> {
    pub(super) fn set_pk(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, ctx: &Ctx) {
        let name = match given {
            Some(n) if self.dialect == Dialect::Postgres => Some(n),
            _ => Some(naming::default_pk_name(self.dialect, &self.schema.tables[ti], &self.taken(ti))),
        };
        let t = &mut self.schema.tables[ti];
        t.primary_key = Some(model::PrimaryKey { name, columns, span: ctx.span() });
    }

    pub(super) fn add_unique(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, nnd: bool, ctx: &Ctx) {
        let name = if self.dialect == Dialect::Sqlite {
            // SQLite creates no second index for a UNIQUE on the same columns as the primary key
            // (unless that is the rowid) or as an earlier UNIQUE.
            let t = &self.schema.tables[ti];
            let same = |c: &Vec<String>| c.len() == columns.len() && c.iter().zip(&columns).all(|(a, b)| a.eq_ignore_ascii_case(b));
            let dup_pk = t.primary_key.as_ref().is_some_and(|p| same(&p.columns) && !is_rowid_alias(t, &p.columns, self.sqlite_pk_desc));
            if dup_pk || self.has_unique_on(ti, &columns) {
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
    pub(super) fn add_fk(&mut self, ti: usize, given: Option<String>, columns: Vec<String>, fk: &ast::ForeignKeyConstraint, not_valid: bool, ctx: &Ctx) {
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

    pub(super) fn add_check(&mut self, ti: usize, given: Option<String>, expression: String, column: Option<String>, not_valid: bool, ctx: &Ctx) {
        if self.defer_check_names && given.is_none() {
            self.schema.tables[ti].checks.push(Check { name: None, expression, column, not_valid, span: ctx.span() });
            return;
        }
        let name = given.or_else(|| {
            let t = &self.schema.tables[ti];
            naming::default_check_name(self.dialect, t, column.as_deref(), &expression, &self.taken(ti), &naming::CheckColumns::of(self.dialect, t))
        });
        self.schema.tables[ti].checks.push(Check { name, expression, column, not_valid, span: ctx.span() });
    }

    pub(super) fn add_constraint(&mut self, ti: usize, c: &TableConstraint, not_valid: bool, ctx: &Ctx) -> Result<(), String> {
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

    pub(super) fn find_table(&mut self, q: &QualifiedName, ctx: &Ctx) -> Option<usize> {
        let r = self.table_index(q);
        if r.is_none() {
            self.diag(ctx, Severity::Warning, format!("table {q} is not defined (earlier in the script)"));
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use crate::rng::Rng;
    use crate::Dialect;

    /// SQLite's UNIQUE constraints as they were kept before the kept key set: each compared with
    /// the primary key and every earlier UNIQUE, case-insensitively.
    #[test]
    fn sqlite_unique_duplicates_agree_with_comparing_every_earlier_unique() {
        let mut rng = Rng::from_text("sqlite uniques");
        for case in 0..300 {
            let col = |rng: &mut Rng| format!("{}{}", rng.pick(&["c", "C"]), rng.below(4));
            let list = |rng: &mut Rng| -> Vec<String> { (0..1 + rng.below(2)).map(|_| col(rng)).collect() };
            let pk = list(&mut rng);
            let uniques: Vec<Vec<String>> = (0..1 + case % 30).map(|_| list(&mut rng)).collect();
            let items: Vec<String> = uniques.iter().map(|u| format!("UNIQUE ({})", u.join(", "))).collect();
            let text = format!("CREATE TABLE t (c0 int, c1 int, c2 int, c3 int, PRIMARY KEY ({}), {});", pk.join(", "), items.join(", "));
            let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y));
            let mut want: Vec<Vec<String>> = Vec::new();
            for u in &uniques {
                if !same(u, &pk) && !want.iter().any(|w| same(w, u)) {
                    want.push(u.clone());
                }
            }
            let p = crate::parse::parse(&text, Dialect::Sqlite);
            let got: Vec<Vec<String>> = p.schema.tables[0].uniques.iter().map(|u| u.columns.clone()).collect();
            assert_eq!(got, want, "case {case}: {text}");
            let names: Vec<String> = p.schema.tables[0].uniques.iter().map(|u| u.name.clone().unwrap_or_default()).collect();
            let numbered: Vec<String> = (0..want.len()).map(|i| format!("sqlite_autoindex_t_{}", i + 2)).collect();
            assert_eq!(names, numbered, "case {case}: {text}");
        }
    }
}
