//! Tables: extensions the new schema needs, tables created (in dependency order) and dropped
//! (referencing tables first), and the changes to a table in both schemas, in plan order: rename,
//! columns, constraints and indexes, dropped columns, comments, row level security.

use super::render::*;
use super::stages::*;
use super::{looked, Planner};
use crate::model::{ColumnLookup, ForeignKey, Schema, Table};
use crate::sqltext::norm_expr;
use crate::Dialect;
use std::collections::{BTreeSet, HashMap, HashSet};

impl Planner<'_> {
    /// Extensions a new index operator class or default needs (PostgreSQL).
    pub(super) fn extensions(&mut self) {
        if self.d != Dialect::Postgres {
            return;
        }
        let uses = |s: &Schema, needle: &str| {
            s.tables.iter().any(|t| {
                t.indexes.iter().flat_map(|i| &i.parts).any(|p| p.opclass.as_deref().is_some_and(|o| o.to_ascii_lowercase().contains(needle)) || p.expression.to_ascii_lowercase().contains(needle))
                    || t.columns.iter().any(|c| c.default.as_deref().is_some_and(|d| d.to_ascii_lowercase().contains(needle)))
            })
        };
        for (needle, ext) in [("_trgm_ops", "pg_trgm"), ("uuid_generate_v", "uuid-ossp"), ("gen_salt(", "pgcrypto"), ("crypt(", "pgcrypto"), ("unaccent(", "unaccent")] {
            if uses(self.new, needle) && !uses(self.old, needle) {
                let sql = format!("CREATE EXTENSION IF NOT EXISTS {};", q(self.d, ext));
                if !self.staged(Stage::Expand).iter().any(|(_, s)| *s == sql) {
                    self.push(Stage::Expand, P_TYPE - 1, sql);
                    self.change(format!("create extension {ext} (used by the new schema)"), false);
                }
            }
        }
    }

    pub(super) fn create_tables(&mut self) {
        let d = self.d;
        // topological order over foreign keys between the added tables
        let added = self.added_tables.clone();
        let set: HashSet<usize> = added.iter().copied().collect();
        let deps = |i: usize| -> Vec<usize> {
            self.new.tables[i].foreign_keys.iter().filter_map(|f| self.new_index(&f.ref_table)).filter(|r| *r != i && set.contains(r)).collect()
        };
        let mut order = Vec::new();
        let mut state: HashMap<usize, u8> = HashMap::new();
        for &s in &added {
            if state.contains_key(&s) {
                continue;
            }
            // each table's dependencies resolved once, when it is reached (not again per step)
            let mut stack = vec![(s, deps(s), 0usize)];
            state.insert(s, 1);
            while let Some((v, dv, k)) = stack.last_mut() {
                let v = *v;
                if *k < dv.len() {
                    let w = dv[*k];
                    *k += 1;
                    if let std::collections::hash_map::Entry::Vacant(e) = state.entry(w) {
                        e.insert(1);
                        stack.push((w, deps(w), 0));
                    }
                } else {
                    state.insert(v, 2);
                    order.push(v);
                    stack.pop();
                }
            }
        }
        let mut created: HashSet<usize> = HashSet::new();
        let mut schemas_made: HashSet<String> = HashSet::new();
        // the schemas of the old tables and enums, once (not a scan of them per created table)
        let old_schemas: HashSet<&str> = if d == Dialect::Postgres && !order.is_empty() {
            self.old.tables.iter().filter_map(|o| o.schema.as_deref()).chain(self.old.enums.iter().filter_map(|o| o.schema.as_deref())).collect()
        } else {
            HashSet::new()
        };
        looked(old_schemas.len());
        for ni in order {
            let t = self.new.tables[ni].clone();
            if d == Dialect::Postgres {
                if let Some(s) = t.schema.as_deref().filter(|s| !default_schema(d, Some(s))) {
                    looked(1);
                    let exists = old_schemas.contains(s);
                    if !exists && schemas_made.insert(s.to_string()) {
                        self.push(Stage::Expand, P_TYPE, format!("CREATE SCHEMA IF NOT EXISTS {};", q(d, s)));
                    }
                }
            }
            let (new, lookup) = (self.new, &self.new_tables);
            let inline = |fk: &ForeignKey| -> bool {
                if d == Dialect::Sqlite {
                    return true;
                }
                match lookup.index(new, &fk.ref_table) {
                    Some(r) => r == ni || created.contains(&r) || !set.contains(&r),
                    None => true,
                }
            };
            let sql = if t.virtual_module.is_some() && d == Dialect::Sqlite {
                let args: Vec<String> = t.columns.iter().map(|c| q(d, &c.name)).collect();
                format!("CREATE VIRTUAL TABLE {} USING {}({});", tname(d, &t), t.virtual_module.clone().unwrap_or_default(), args.join(", "))
            } else {
                create_table(d, &t, None, &inline)
            };
            let deferred: Vec<ForeignKey> = t.foreign_keys.iter().filter(|f| !inline(f)).cloned().collect();
            self.push(Stage::Expand, P_TABLE, sql);
            created.insert(ni);
            for fk in deferred {
                self.push(Stage::Expand, P_FK, format!("ALTER TABLE {} ADD {};", tname(d, &t), fk_clause(d, &fk)));
            }
            for ix in t.indexes.iter().filter(|i| !i.implicit) {
                // a new table is empty: no need for CONCURRENTLY
                self.push(Stage::Expand, P_INDEX, index_sql(d, &t, ix, false));
            }
            self.comments_for_new_table(&t);
            if d == Dialect::Postgres {
                for p in &t.policies {
                    self.push(Stage::Expand, P_POLICY, policy_sql(d, &t, p));
                }
                if t.rls_enabled {
                    self.push(Stage::Expand, P_POLICY + 1, format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", tname(d, &t)));
                }
                if t.rls_forced {
                    self.push(Stage::Expand, P_POLICY + 1, format!("ALTER TABLE {} FORCE ROW LEVEL SECURITY;", tname(d, &t)));
                }
            }
            self.change(format!("create table {}", t.qualified_name()), false);
        }
    }

    pub(super) fn comments_for_new_table(&mut self, t: &Table) {
        let d = self.d;
        if d != Dialect::Postgres {
            return;
        }
        if let Some(c) = &t.comment {
            self.push(Stage::Expand, P_COMMENT, format!("COMMENT ON TABLE {} IS {};", tname(d, t), lit(d, c)));
        }
        for c in &t.columns {
            if let Some(cm) = &c.comment {
                self.push(Stage::Expand, P_COMMENT, format!("COMMENT ON COLUMN {}.{} IS {};", tname(d, t), q(d, &c.name), lit(d, cm)));
            }
        }
    }

    /// Drops the dropped tables, referencing tables first: each round drops the first table (in
    /// the old schema's order) that no other table left references; when every table left is
    /// referenced (a cycle), the foreign keys pointing at the first one are dropped before it.
    ///
    /// The references among the dropped tables are resolved once into counts and reverse lists,
    /// and the tables nobody references wait in an ordered set: each round is a lookup, not a scan
    /// of every remaining table's foreign keys (which made dropping many tables about cubic).
    pub(super) fn drop_tables(&mut self) {
        let d = self.d;
        let dropped = &self.dropped_tables;
        let set: HashSet<usize> = dropped.iter().copied().collect();
        // per dropped table: the dropped tables its FKs point at (other than itself), and the
        // (referencing table, FK) pairs pointing at it, in the old schema's order
        let mut targets: HashMap<usize, Vec<usize>> = HashMap::with_capacity(dropped.len());
        let mut referencing: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        let mut refs_left: HashMap<usize, usize> = dropped.iter().map(|&i| (i, 0)).collect();
        for &j in dropped {
            for (fi, f) in self.old.tables[j].foreign_keys.iter().enumerate() {
                looked(1);
                let Some(i) = self.old_index(&f.ref_table).filter(|i| *i != j && set.contains(i)) else { continue };
                targets.entry(j).or_default().push(i);
                referencing.entry(i).or_default().push((j, fi));
                *refs_left.entry(i).or_default() += 1;
            }
        }
        let mut left: BTreeSet<usize> = dropped.iter().copied().collect();
        let mut free: BTreeSet<usize> = dropped.iter().copied().filter(|i| refs_left[i] == 0).collect();
        let mut order: Vec<usize> = Vec::with_capacity(left.len());
        let mut cycle_fks: Vec<String> = Vec::new();
        while let Some(&first) = left.first() {
            looked(1);
            let i = match free.first() {
                Some(&i) => i,
                None => {
                    // a cycle: drop the foreign keys that point at the first table
                    let mut from: Vec<(usize, usize)> = referencing.get(&first).map(|v| v.iter().copied().filter(|(j, _)| left.contains(j)).collect()).unwrap_or_default();
                    looked(from.len());
                    from.sort_unstable();
                    for (j, fi) in from {
                        let t = &self.old.tables[j];
                        if let (Some(n), true) = (&t.foreign_keys[fi].name, d != Dialect::Sqlite) {
                            let kw = if d == Dialect::Mysql { "FOREIGN KEY" } else { "CONSTRAINT" };
                            cycle_fks.push(format!("ALTER TABLE {} DROP {kw} {};", tname(d, t), q(d, n)));
                        }
                    }
                    first
                }
            };
            left.remove(&i);
            free.remove(&i);
            order.push(i);
            // its references no longer hold the tables it pointed at
            for r in targets.get(&i).into_iter().flatten() {
                let n = refs_left.get_mut(r).expect("a dropped table");
                *n -= 1;
                if *n == 0 && left.contains(r) {
                    free.insert(*r);
                }
            }
        }
        for f in cycle_fks {
            self.push(Stage::Contract, C_TABLE - 1, f);
        }
        for oi in order {
            let t = &self.old.tables[oi];
            let sql = format!("DROP TABLE {};", tname(d, t));
            let name = t.qualified_name().to_string();
            self.push(Stage::Contract, C_TABLE, sql);
            self.change(format!("drop table {name}"), false);
        }
    }

    pub(super) fn table_changes(&mut self, k: usize) {
        let d = self.d;
        let (oi, ni, renamed) = (self.pairs[k].oi, self.pairs[k].ni, self.pairs[k].renamed);
        let ot = self.old.tables[oi].clone();
        let nt = self.new.tables[ni].clone();
        let tn = tname(d, &nt);
        if renamed {
            let from = tname(d, &ot);
            let to_bare = q(d, &nt.name);
            let sql = match d {
                Dialect::Mysql => format!("RENAME TABLE {from} TO {};", tn),
                _ => format!("ALTER TABLE {from} RENAME TO {to_bare};"),
            };
            if self.pg_safe() {
                self.push(Stage::Expand, P_RENAME, sql);
                self.push(Stage::Expand, P_VIEW, format!("-- the old name keeps working for the running code until the deploy\nCREATE VIEW {from} AS SELECT * FROM {tn};"));
                self.push(Stage::Contract, C_SHIMS, format!("DROP VIEW {from};"));
                self.change(format!("rename table {} → {} (a view keeps the old name until after the deploy)", ot.name, nt.name), true);
            } else {
                self.push(Stage::Expand, P_RENAME, sql);
                self.change(format!("rename table {} → {}", ot.name, nt.name), false);
                if self.safe {
                    self.warn(format!("renaming table {} breaks code that still uses the old name; deploy the new code right after", ot.name));
                }
            }
        }
        if d == Dialect::Sqlite && self.sqlite_needs_rebuild(k) {
            self.sqlite_rebuild(k);
            return;
        }
        let pair_renames = self.pairs[k].expand_renames.clone();
        let col_map = self.pairs[k].col_map.clone();
        // ---- columns: direct renames ----
        for (newc, oldc) in &col_map {
            if newc != oldc {
                let sql = match d {
                    Dialect::Mysql => format!("ALTER TABLE {tn} RENAME COLUMN {} TO {}, ALGORITHM=INSTANT;", q(d, oldc), q(d, newc)),
                    _ => format!("ALTER TABLE {tn} RENAME COLUMN {} TO {};", q(d, oldc), q(d, newc)),
                };
                self.push(Stage::Expand, P_RENAME, sql);
                self.change(format!("rename column {}.{oldc} → {newc}", nt.name), false);
                if self.safe {
                    if d == Dialect::Postgres {
                        self.warn(format!("column {}.{oldc} is renamed in place (it is a key, identity or generated column): code using the old name breaks until the deploy", nt.name));
                    } else {
                        self.warn(format!("renaming {}.{oldc} breaks code that still uses the old name; deploy the new code right after", nt.name));
                    }
                }
            }
        }
        // ---- columns: expand/contract renames (PostgreSQL safe) ----
        let (ocols, ncols) = (ColumnLookup::new(&ot), ColumnLookup::new(&nt));
        for (from, to) in &pair_renames {
            if let (Some(_), Some(nc)) = (ocols.get(from), ncols.get(to)) {
                self.expand_rename(&nt, from, to, nc);
            }
        }
        // ---- columns: added ----
        let added = self.pairs[k].added.clone();
        for c in &added {
            if let Some(col) = ncols.get(c).cloned() {
                self.add_column(&nt, &col);
            }
        }
        // ---- columns: changed ----
        for (newc, oldc) in &col_map {
            let (Some(a), Some(b)) = (ocols.get(oldc).cloned(), ncols.get(newc).cloned()) else { continue };
            self.alter_column(&ot, &nt, &a, &b);
        }
        // ---- constraints ----
        self.constraints(k, &ot, &nt);
        // ---- columns: dropped ----
        let dropped = self.pairs[k].dropped.clone();
        for c in &dropped {
            let sql = format!("ALTER TABLE {tn} DROP COLUMN {};", q(d, c));
            self.push(Stage::Contract, C_COLUMN, sql);
            self.change(format!("drop column {}.{c}", nt.name), false);
        }
        // ---- comments ----
        self.comments(k, &ot, &nt);
        // ---- RLS ----
        if d == Dialect::Postgres {
            self.rls(&ot, &nt);
        }
    }

    pub(super) fn comments(&mut self, k: usize, ot: &Table, nt: &Table) {
        let d = self.d;
        let tn = tname(d, nt);
        let cm = |c: &Option<String>| c.as_ref().map(|s| lit(d, s)).unwrap_or_else(|| "NULL".into());
        match d {
            Dialect::Postgres => {
                if ot.comment != nt.comment {
                    self.push(Stage::Expand, P_COMMENT, format!("COMMENT ON TABLE {tn} IS {};", cm(&nt.comment)));
                    self.change(format!("change comment of {}", nt.name), false);
                }
                // new column → old column, and the old columns by name: maps, not scans per column
                let mut old_of: HashMap<&str, &str> = HashMap::with_capacity(self.pairs[k].col_map.len());
                for (n, o) in &self.pairs[k].col_map {
                    old_of.entry(n.as_str()).or_insert(o.as_str());
                }
                let ocols = ColumnLookup::new(ot);
                let mut comments = Vec::new();
                for c in &nt.columns {
                    let before = match old_of.get(c.name.as_str()).and_then(|o| ocols.get(o)) {
                        Some(o) => o.comment.clone(),
                        None => None,
                    };
                    if before != c.comment {
                        comments.push((format!("COMMENT ON COLUMN {tn}.{} IS {};", q(d, &c.name), cm(&c.comment)), format!("change comment of {}.{}", nt.name, c.name)));
                    }
                }
                for (sql, change) in comments {
                    self.push(Stage::Expand, P_COMMENT, sql);
                    self.change(change, false);
                }
            }
            Dialect::Mysql => {
                if ot.comment != nt.comment {
                    self.push(Stage::Expand, P_COMMENT, format!("ALTER TABLE {tn} COMMENT = {};", nt.comment.as_ref().map(|s| lit(d, s)).unwrap_or_else(|| "''".into())));
                    self.change(format!("change comment of {}", nt.name), false);
                }
            }
            Dialect::Sqlite => {}
        }
    }

    pub(super) fn rls(&mut self, ot: &Table, nt: &Table) {
        let d = self.d;
        let tn = tname(d, nt);
        for op in &ot.policies {
            match nt.policies.iter().find(|np| np.name == op.name) {
                Some(np) if np.command == op.command && np.permissive == op.permissive && np.roles == op.roles && np.using.as_deref().map(|e| norm_expr(d, e)) == op.using.as_deref().map(|e| norm_expr(d, e)) && np.with_check.as_deref().map(|e| norm_expr(d, e)) == op.with_check.as_deref().map(|e| norm_expr(d, e)) => {}
                Some(np) => {
                    self.push(Stage::Expand, P_POLICY, format!("DROP POLICY {} ON {tn};\n{}", q(d, &op.name), policy_sql(d, nt, np)));
                    self.change(format!("change policy {} on {}", op.name, nt.name), false);
                }
                None => {
                    self.push(Stage::Contract, C_POLICY, format!("DROP POLICY {} ON {tn};", q(d, &op.name)));
                    self.change(format!("drop policy {} on {}", op.name, nt.name), false);
                }
            }
        }
        for np in &nt.policies {
            if !ot.policies.iter().any(|op| op.name == np.name) {
                self.push(Stage::Expand, P_POLICY, policy_sql(d, nt, np));
                self.change(format!("create policy {} on {}", np.name, nt.name), false);
            }
        }
        if ot.rls_enabled != nt.rls_enabled {
            if nt.rls_enabled {
                self.push(Stage::Expand, P_POLICY + 1, format!("ALTER TABLE {tn} ENABLE ROW LEVEL SECURITY;"));
                self.change(format!("enable row level security on {}", nt.name), false);
                if nt.policies.is_empty() {
                    self.warn(format!("row level security on {} without any policy denies every row to roles other than the owner", nt.name));
                }
            } else {
                self.push(Stage::Contract, C_POLICY, format!("ALTER TABLE {tn} DISABLE ROW LEVEL SECURITY;"));
                self.change(format!("disable row level security on {}", nt.name), false);
            }
        }
        if ot.rls_forced != nt.rls_forced {
            let s = if nt.rls_forced { "FORCE" } else { "NO FORCE" };
            self.push(Stage::Expand, P_POLICY + 1, format!("ALTER TABLE {tn} {s} ROW LEVEL SECURITY;"));
            self.change(format!("{} row level security on {}", s.to_ascii_lowercase(), nt.name), false);
        }
    }
}
