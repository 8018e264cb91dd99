//! SQLite's table rebuild: what its `ALTER TABLE` cannot do (changed column definitions, keys,
//! checks, foreign keys, most added or dropped columns) goes through the documented 12-step
//! recipe: create the new table, copy, drop, rename, recreate the indexes, check foreign keys.

use super::render::*;
use super::stages::Stage;
use super::{eq_name, same_column_def, Planner};
use crate::model::{ColumnLookup, ForeignKey};
use crate::sqltext::norm_expr;

impl Planner<'_> {
    pub(super) fn sqlite_needs_rebuild(&self, k: usize) -> bool {
        let d = self.d;
        let p = &self.pairs[k];
        let (ot, nt) = (&self.old.tables[p.oi], &self.new.tables[p.ni]);
        let (ocols, ncols) = (ColumnLookup::new(ot), ColumnLookup::new(nt));
        // column definitions
        for (n, o) in &p.col_map {
            match (ocols.get(o), ncols.get(n)) {
                (Some(a), Some(b)) if same_column_def(d, a, b) => {}
                _ => return true,
            }
        }
        // added columns: nullable or constant default, not generated stored, not in a key
        for c in &p.added {
            let Some(col) = ncols.get(c) else { return true };
            let in_key = nt.primary_key.as_ref().is_some_and(|k| k.columns.iter().any(|x| eq_name(d, x, c))) || nt.uniques.iter().any(|u| u.columns.iter().any(|x| eq_name(d, x, c)));
            let const_default = col.default.as_deref().is_some_and(|d| !d.contains('('));
            if in_key || col.generated.as_ref().is_some_and(|g| g.stored) || (!col.nullable && !const_default) || col.default.as_deref().is_some_and(|d| d.contains('(')) {
                return true;
            }
        }
        // dropped columns that take part in anything
        for c in &p.dropped {
            let used = ot.primary_key.as_ref().is_some_and(|k| k.columns.iter().any(|x| eq_name(d, x, c)))
                || ot.uniques.iter().any(|u| u.columns.iter().any(|x| eq_name(d, x, c)))
                || ot.foreign_keys.iter().any(|f| f.columns.iter().any(|x| eq_name(d, x, c)))
                || ot.indexes.iter().any(|i| i.parts.iter().any(|pp| pp.column.as_deref().is_some_and(|x| eq_name(d, x, c))))
                || ot.checks.iter().any(|ch| ch.expression.to_ascii_lowercase().contains(&c.to_ascii_lowercase()));
            if used {
                return true;
            }
        }
        // table-level constraints (SQLite cannot add or drop them)
        let opk = ot.primary_key.as_ref().map(|pk| self.lcv(&self.map_old_cols(k, &pk.columns)));
        let npk = nt.primary_key.as_ref().map(|pk| self.lcv(&pk.columns));
        if opk != npk {
            return true;
        }
        let mut ou: Vec<Vec<String>> = ot.uniques.iter().map(|u| self.lcv(&self.map_old_cols(k, &u.columns))).collect();
        let mut nu: Vec<Vec<String>> = nt.uniques.iter().map(|u| self.lcv(&u.columns)).collect();
        crate::sort::ord(&mut ou);
        crate::sort::ord(&mut nu);
        if ou != nu {
            return true;
        }
        let mut oc: Vec<String> = ot.checks.iter().map(|c| norm_expr(d, &c.expression)).collect();
        let mut nc: Vec<String> = nt.checks.iter().map(|c| norm_expr(d, &c.expression)).collect();
        crate::sort::ord(&mut oc);
        crate::sort::ord(&mut nc);
        if oc != nc {
            return true;
        }
        let fk_key = |f: &ForeignKey, old: bool| {
            let cols = if old { self.lcv(&self.map_old_cols(k, &f.columns)) } else { self.lcv(&f.columns) };
            let rt = if old { self.map_ref_table(&f.ref_table) } else { self.new_ref_table(&f.ref_table) };
            let rc = if old { self.lcv(&self.map_ref_cols(f)) } else { self.lcv(&f.ref_columns) };
            format!("{cols:?}{rt}{rc:?}{:?}{:?}{}", f.on_delete, f.on_update, f.deferrable)
        };
        let mut of: Vec<String> = ot.foreign_keys.iter().map(|f| fk_key(f, true)).collect();
        let mut nf: Vec<String> = nt.foreign_keys.iter().map(|f| fk_key(f, false)).collect();
        crate::sort::ord(&mut of);
        crate::sort::ord(&mut nf);
        of != nf || ot.without_rowid != nt.without_rowid || ot.strict != nt.strict
    }

    pub(super) fn sqlite_rebuild(&mut self, k: usize) {
        let d = self.d;
        let (oi, ni) = (self.pairs[k].oi, self.pairs[k].ni);
        let ot = self.old.tables[oi].clone();
        let nt = self.new.tables[ni].clone();
        let tn = tname(d, &nt);
        let tmp = format!("{}__new", nt.name);
        let col_map = self.pairs[k].col_map.clone();
        let mut s = vec![
            format!("-- rebuild {} (SQLite cannot make this change with ALTER TABLE)", nt.name),
            "PRAGMA foreign_keys = OFF;".to_string(),
            "BEGIN;".to_string(),
            create_table(d, &nt, Some(&tmp), &|_| true),
        ];
        let (mut into, mut from) = (Vec::new(), Vec::new());
        let (ocols, ncols) = (ColumnLookup::new(&ot), ColumnLookup::new(&nt));
        for (n, o) in &col_map {
            if ncols.get(n).is_some_and(|c| c.generated.is_none()) {
                into.push(q(d, n));
                let oc = ocols.get(o);
                let nc = ncols.get(n);
                // a column that became NOT NULL takes its default (or stays as is) for NULLs
                let expr = match (oc, nc) {
                    (Some(a), Some(b)) if a.nullable && !b.nullable && b.default.is_some() => format!("coalesce({}, {})", q(d, o), default_sql(d, b.default.as_deref().unwrap_or("NULL"))),
                    _ => q(d, o),
                };
                from.push(expr);
            }
        }
        // the table in the old schema had the old name if it was renamed: by now it carries the new one
        s.push(format!("INSERT INTO {} ({}) SELECT {} FROM {tn};", q(d, &tmp), into.join(", "), from.join(", ")));
        s.push(format!("DROP TABLE {tn};"));
        s.push(format!("ALTER TABLE {} RENAME TO {};", q(d, &tmp), q(d, &nt.name)));
        for ix in nt.indexes.iter().filter(|i| !i.implicit) {
            s.push(index_sql(d, &nt, ix, false));
        }
        s.push("PRAGMA foreign_key_check;".into());
        s.push("COMMIT;".into());
        s.push("PRAGMA foreign_keys = ON;".into());
        self.push(Stage::Rebuild, 0, s.join("\n"));
        self.change(format!("rebuild table {} (create new, copy, drop, rename, recreate indexes)", nt.name), true);
        for c in &self.pairs[k].dropped.clone() {
            self.change(format!("drop column {}.{c}", nt.name), false);
        }
        for c in &self.pairs[k].added.clone() {
            self.change(format!("add column {}.{c}", nt.name), false);
        }
        for (n, o) in &col_map {
            if n != o {
                self.change(format!("rename column {}.{o} → {n}", nt.name), false);
            }
        }
        if nt.columns.iter().any(|c| !c.nullable && c.default.is_none() && self.pairs[k].added.contains(&c.name)) {
            self.warn(format!("table {}: a new NOT NULL column without a default makes the copy fail while the table has rows", nt.name));
        }
    }
}
