//! Constraints and indexes of a table in both schemas: matched old ↔ new (through the column
//! renames), renamed, dropped (early when the new one reuses the name, else in the contract stage)
//! and added (PostgreSQL safe: `NOT VALID` + `VALIDATE`, unique indexes built concurrently then
//! `USING INDEX`).

use super::render::*;
use super::stages::*;
use super::{eq_name, lc, looked, table_key, Planner};
use crate::model::{Check, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint};
use crate::sqltext::norm_expr;
use crate::Dialect;
use std::collections::{HashMap, HashSet, VecDeque};

impl Planner<'_> {
    pub(super) fn map_old_cols(&self, k: usize, cols: &[String]) -> Vec<String> {
        let p = &self.pairs[k];
        looked(cols.len());
        cols.iter()
            .map(|c| p.col_of_old.get(&lc(self.d, c)).map(|&i| p.col_map[i].0.clone()).unwrap_or_else(|| format!("\u{0}{c}")))
            .collect()
    }

    pub(super) fn map_ref_table(&self, q: &crate::model::QualifiedName) -> String {
        match self.old_index(q) {
            Some(oi) => match self.tmap.get(&oi) {
                Some(&ni) => format!("{:?}", table_key(self.d, &self.new.tables[ni])),
                None => format!("dropped:{oi}"),
            },
            None => format!("{:?}", (q.schema.clone().unwrap_or_default(), lc(self.d, &q.name))),
        }
    }

    pub(super) fn new_ref_table(&self, q: &crate::model::QualifiedName) -> String {
        match self.new_index(q) {
            Some(ni) => format!("{:?}", table_key(self.d, &self.new.tables[ni])),
            None => format!("{:?}", (q.schema.clone().unwrap_or_default(), lc(self.d, &q.name))),
        }
    }

    /// Referenced columns of an FK in the old schema, mapped to the new names of their table.
    pub(super) fn map_ref_cols(&self, fk: &ForeignKey) -> Vec<String> {
        let Some(oi) = self.old_index(&fk.ref_table) else { return fk.ref_columns.clone() };
        looked(1);
        match self.pair_of_old.get(&oi) {
            Some(&k) => self.map_old_cols(k, &fk.ref_columns),
            None => fk.ref_columns.clone(),
        }
    }

    pub(super) fn lcv(&self, v: &[String]) -> Vec<String> {
        v.iter().map(|c| lc(self.d, c)).collect()
    }

    /// A table's constraints and indexes, old → new; the matched ones under another name are
    /// renamed together at the end ([`Self::rename_names`]). A dropped constraint whose name the
    /// new table uses for any of its constraints or indexes (`taken`: a constraint may be renamed to
    /// it) is dropped first, not after the deploy.
    pub(super) fn constraints(&mut self, k: usize, ot: &Table, nt: &Table) {
        let mut renamed = Vec::new();
        let taken: HashSet<String> = nt.constraint_names().into_iter().map(|n| lc(self.d, n)).collect();
        self.primary_key_changes(k, ot, nt, &mut renamed);
        self.unique_changes(k, ot, nt, &taken, &mut renamed);
        self.check_changes(ot, nt, &taken, &mut renamed);
        self.foreign_key_changes(k, ot, nt, &taken, &mut renamed);
        self.index_changes(k, ot, nt, &mut renamed);
        self.rename_names(ot, nt, &renamed);
    }

    /// The primary key: dropped and added when its columns change, else renamed.
    fn primary_key_changes<'t>(&mut self, k: usize, ot: &Table, nt: &'t Table, renamed: &mut Vec<Renamed<'t>>) {
        let d = self.d;
        let tn = tname(d, nt);
        let opk = ot.primary_key.as_ref().map(|p| self.lcv(&self.map_old_cols(k, &p.columns)));
        let npk = nt.primary_key.as_ref().map(|p| self.lcv(&p.columns));
        if opk != npk {
            if let Some(p) = &ot.primary_key {
                let sql = match d {
                    Dialect::Mysql => format!("ALTER TABLE {tn} DROP PRIMARY KEY;"),
                    _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, p.name.as_deref().unwrap_or(&format!("{}_pkey", ot.name)))),
                };
                // the new key may reuse the name: drop first
                self.push(Stage::Expand, P_DROP_EARLY, sql);
                self.change(format!("drop primary key of {}", nt.name), false);
            }
            if let Some(p) = &nt.primary_key {
                self.add_pk(nt, p);
            }
        } else if let (Some(a), Some(b)) = (&ot.primary_key, &nt.primary_key) {
            self.rename_constraint(renamed, a.name.as_deref(), b.name.as_deref(), false);
        }
    }

    /// Unique constraints: matched by columns, else dropped and added.
    fn unique_changes<'t>(&mut self, k: usize, ot: &Table, nt: &'t Table, taken: &HashSet<String>, renamed: &mut Vec<Renamed<'t>>) {
        let d = self.d;
        let tn = tname(d, nt);
        let mut matched_new: HashSet<usize> = HashSet::new();
        let mut unmatched = Unmatched::new(nt.uniques.iter().map(|nu| (self.lcv(&nu.columns), nu.nulls_not_distinct)));
        for ou in &ot.uniques {
            let key = (self.lcv(&self.map_old_cols(k, &ou.columns)), ou.nulls_not_distinct);
            match unmatched.take(&key).map(|i| (i, &nt.uniques[i])) {
                Some((i, nu)) => {
                    matched_new.insert(i);
                    self.rename_constraint(renamed, ou.name.as_deref(), nu.name.as_deref(), d == Dialect::Mysql);
                }
                None => {
                    let name = ou.name.clone().unwrap_or_default();
                    let reused = taken.contains(&lc(d, &name));
                    let sql = match d {
                        Dialect::Mysql => format!("ALTER TABLE {tn} DROP INDEX {};", q(d, &name)),
                        _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name)),
                    };
                    if reused || !self.safe {
                        self.push(Stage::Expand, P_DROP_EARLY, sql);
                    } else {
                        self.push(Stage::Contract, C_CONSTRAINT, sql);
                    }
                    self.change(format!("drop unique constraint {name} on {}", nt.name), false);
                }
            }
        }
        for (i, nu) in nt.uniques.iter().enumerate() {
            if matched_new.contains(&i) {
                continue;
            }
            self.add_unique(nt, nu);
        }
    }

    /// Checks: matched by expression, else dropped and added.
    fn check_changes<'t>(&mut self, ot: &Table, nt: &'t Table, taken: &HashSet<String>, renamed: &mut Vec<Renamed<'t>>) {
        let d = self.d;
        let tn = tname(d, nt);
        let mut matched_new: HashSet<usize> = HashSet::new();
        let mut unmatched = Unmatched::new(nt.checks.iter().map(|nc| norm_expr(d, &nc.expression)));
        for oc in &ot.checks {
            match unmatched.take(&norm_expr(d, &oc.expression)).map(|i| (i, &nt.checks[i])) {
                Some((i, nc)) => {
                    matched_new.insert(i);
                    if d != Dialect::Mysql {
                        self.rename_constraint(renamed, oc.name.as_deref(), nc.name.as_deref(), false);
                    }
                }
                None => {
                    let Some(name) = oc.name.clone() else { continue };
                    let reused = taken.contains(&lc(d, &name));
                    let sql = format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name));
                    if reused || !self.safe {
                        self.push(Stage::Expand, P_DROP_EARLY, sql);
                    } else {
                        self.push(Stage::Contract, C_CONSTRAINT, sql);
                    }
                    self.change(format!("drop check {name} on {}", nt.name), false);
                }
            }
        }
        for (i, nc) in nt.checks.iter().enumerate() {
            if matched_new.contains(&i) {
                continue;
            }
            self.add_check(nt, nc);
        }
    }

    /// Foreign keys: matched by columns, target and actions, else dropped and added (PostgreSQL safe: `NOT VALID`, then `VALIDATE`).
    fn foreign_key_changes<'t>(&mut self, k: usize, ot: &Table, nt: &'t Table, taken: &HashSet<String>, renamed: &mut Vec<Renamed<'t>>) {
        let d = self.d;
        let tn = tname(d, nt);
        let safe = self.pg_safe();
        let mut matched_new: HashSet<usize> = HashSet::new();
        let mut unmatched = Unmatched::new(nt.foreign_keys.iter().map(|nf| (self.lcv(&nf.columns), self.new_ref_table(&nf.ref_table), self.lcv(&nf.ref_columns), nf.on_delete.id(), nf.on_update.id(), nf.deferrable)));
        for of in &ot.foreign_keys {
            let key = (self.lcv(&self.map_old_cols(k, &of.columns)), self.map_ref_table(&of.ref_table), self.lcv(&self.map_ref_cols(of)), of.on_delete.id(), of.on_update.id(), of.deferrable);
            let found = unmatched.take(&key).map(|i| (i, &nt.foreign_keys[i]));
            match found {
                Some((i, nf)) => {
                    matched_new.insert(i);
                    if d == Dialect::Postgres {
                        self.rename_constraint(renamed, of.name.as_deref(), nf.name.as_deref(), false);
                    }
                }
                None => {
                    let Some(name) = of.name.clone() else { continue };
                    let sql = match d {
                        Dialect::Mysql => format!("ALTER TABLE {tn} DROP FOREIGN KEY {};", q(d, &name)),
                        _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name)),
                    };
                    let reused = taken.contains(&lc(d, &name));
                    if reused || !self.safe {
                        self.push(Stage::Expand, P_DROP_EARLY, sql);
                    } else {
                        self.push(Stage::Contract, C_FK, sql);
                    }
                    self.change(format!("drop foreign key {name} on {}", nt.name), false);
                }
            }
        }
        for (i, nf) in nt.foreign_keys.iter().enumerate() {
            if matched_new.contains(&i) {
                continue;
            }
            let clause = fk_clause(d, nf);
            if safe {
                self.push(Stage::Expand, P_FK, format!("ALTER TABLE {tn} ADD {clause} NOT VALID;"));
                if let Some(n) = &nf.name {
                    self.push(Stage::Validate, P_CONSTRAINT, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {};", q(d, n)));
                }
                self.change(format!("add foreign key {} on {} (NOT VALID, then VALIDATE)", nf.name.as_deref().unwrap_or(""), nt.name), true);
            } else {
                self.push(Stage::Expand, P_FK, format!("ALTER TABLE {tn} ADD {clause};"));
                self.change(format!("add foreign key {} on {}", nf.name.as_deref().unwrap_or(""), nt.name), false);
            }
        }
    }

    /// Indexes: matched by their parts, method, predicate and INCLUDE, then renamed; else dropped (concurrently after the deploy) and created (concurrently before it).
    fn index_changes<'t>(&mut self, k: usize, ot: &Table, nt: &'t Table, renamed: &mut Vec<Renamed<'t>>) {
        let d = self.d;
        let tn = tname(d, nt);
        let ix_key = |s: &Self, ix: &Index, old: bool| {
            let parts: Vec<String> = ix
                .parts
                .iter()
                .map(|p| {
                    let mut p = p.clone();
                    if let (Some(c), true) = (&p.column, old) {
                        let m = s.map_old_cols(k, std::slice::from_ref(c));
                        p.column = Some(m[0].clone());
                        p.expression = m[0].clone();
                    }
                    if let Some(c) = &p.column {
                        p.expression = lc(s.d, c);
                        p.column = Some(lc(s.d, c));
                    } else {
                        p.expression = norm_expr(s.d, &p.expression);
                    }
                    p.display()
                })
                .collect();
            (ix.unique, parts, ix.method.clone().unwrap_or_else(|| "btree".into()).to_ascii_lowercase(), ix.predicate.as_deref().map(|e| norm_expr(s.d, e)), s.lcv(&ix.include))
        };
        let mut matched_new: HashSet<usize> = HashSet::new();
        let onew: Vec<&Index> = nt.indexes.iter().filter(|i| !i.implicit).collect();
        let mut unmatched = Unmatched::new(onew.iter().map(|nix| ix_key(self, nix, false)));
        for oix in ot.indexes.iter().filter(|i| !i.implicit) {
            let key = ix_key(self, oix, true);
            match unmatched.take(&key).map(|i| (i, onew[i])) {
                Some((i, nix)) => {
                    matched_new.insert(i);
                    let (a, b) = (index_name(d, ot, oix), index_name(d, nt, nix));
                    if !eq_name(d, &a, &b) || (d == Dialect::Postgres && a != b) {
                        self.change(format!("rename index {a} → {b}"), false);
                        renamed.push((a, b, NameKind::Index(nix)));
                    }
                }
                None => {
                    let name = index_name(d, ot, oix);
                    let reused = onew.iter().any(|n| eq_name(d, &index_name(d, nt, n), &name)) || nt.constraint_names().iter().any(|n| eq_name(d, n, &name));
                    let dropped_col = oix.parts.iter().any(|p| p.column.as_ref().is_some_and(|c| self.pairs[k].dropped.iter().any(|x| eq_name(d, x, c)) || self.pairs[k].expand_renames.iter().any(|(f, _)| eq_name(d, f, c))));
                    match d {
                        Dialect::Postgres => {
                            let iq = qname(d, ot.schema.as_deref(), &name);
                            if reused || !self.safe {
                                self.push(Stage::Expand, P_DROP_EARLY, format!("DROP INDEX {iq};"));
                            } else if dropped_col {
                                // DROP COLUMN drops the index with its column (in the contract
                                // phase, under the lock DROP COLUMN takes anyway): no statement of
                                // its own, which would hold ACCESS EXCLUSIVE a second time.
                            } else {
                                self.push(Stage::DropIndex, 0, format!("DROP INDEX CONCURRENTLY {iq};"));
                            }
                        }
                        Dialect::Mysql => {
                            let stage = if reused || !self.safe { Stage::Expand } else { Stage::Contract };
                            let prio = if stage == Stage::Expand { P_DROP_EARLY } else { C_INDEX };
                            self.push(stage, prio, format!("ALTER TABLE {tn} DROP INDEX {}, ALGORITHM=INPLACE, LOCK=NONE;", q(d, &name)));
                        }
                        Dialect::Sqlite => self.push(Stage::Expand, P_DROP_EARLY, format!("DROP INDEX {};", q(d, &name))),
                    }
                    self.change(format!("drop index {name}"), false);
                }
            }
        }
        for (i, nix) in onew.iter().enumerate() {
            if matched_new.contains(&i) {
                continue;
            }
            let name = index_name(d, nt, nix);
            match d {
                Dialect::Postgres if self.safe => {
                    self.push(Stage::Index, 0, index_sql(d, nt, nix, true));
                    self.change(format!("create index {name} (CONCURRENTLY)"), true);
                }
                Dialect::Mysql => {
                    let mut s = index_sql(d, nt, nix, false);
                    s.pop();
                    let method = nix.method.as_deref().unwrap_or("").to_ascii_lowercase();
                    if method != "fulltext" && method != "spatial" {
                        s.push_str(" ALGORITHM=INPLACE LOCK=NONE");
                    }
                    s.push(';');
                    self.push(Stage::Expand, P_INDEX, s);
                    self.change(format!("create index {name}"), false);
                }
                _ => {
                    self.push(Stage::Expand, P_INDEX, index_sql(d, nt, nix, false));
                    self.change(format!("create index {name}"), false);
                }
            }
        }
    }

    /// The renames of one table's matched keys, constraints and indexes, `(old name, new name,
    /// what)`, which share names (PostgreSQL: a table's constraints, and its keys' indexes with its
    /// other indexes; MySQL: unique keys are indexes): all in one
    /// [`super::renames::rename_order`], so none takes a name still in use (two names swapped go
    /// through a free temporary name, a chain a → b → c runs from its end). SQLite, which cannot
    /// rename an index (nor renames constraints), drops every old name before creating the new ones.
    fn rename_names(&mut self, ot: &Table, nt: &Table, renamed: &[Renamed]) {
        let d = self.d;
        if renamed.is_empty() {
            return;
        }
        if d == Dialect::Sqlite {
            let indexes: Vec<(&String, &Index)> = renamed.iter().filter_map(|(a, _, what)| if let NameKind::Index(nix) = what { Some((a, *nix)) } else { None }).collect();
            let drops = indexes.iter().map(|(a, _)| format!("DROP INDEX {};", q(d, a)));
            let creates = indexes.iter().map(|(_, nix)| index_sql(d, nt, nix, false));
            self.push(Stage::Expand, P_RENAME, drops.chain(creates).collect::<Vec<_>>().join("\n"));
            return;
        }
        let pairs: Vec<(String, String)> = renamed.iter().map(|(a, b, _)| (a.clone(), b.clone())).collect();
        let in_use = |n: &str| {
            [ot, nt].iter().any(|t| t.indexes.iter().any(|ix| eq_name(d, &index_name(d, t, ix), n)) || t.constraint_names().iter().any(|c| eq_name(d, c, n)))
        };
        let tn = tname(d, nt);
        for (i, a, b) in super::renames::rename_order(d, &pairs, in_use) {
            let sql = match (&renamed[i].2, d) {
                (NameKind::Constraint, _) => format!("ALTER TABLE {tn} RENAME CONSTRAINT {} TO {};", q(d, &a), q(d, &b)),
                (_, Dialect::Mysql) => format!("ALTER TABLE {tn} RENAME INDEX {} TO {};", q(d, &a), q(d, &b)),
                _ => format!("ALTER INDEX {} RENAME TO {};", qname(d, nt.schema.as_deref(), &a), q(d, &b)),
            };
            // after the table's own rename (P_RENAME): a constraint is renamed through the new name
            self.push(Stage::Expand, P_RENAME + 1, sql);
        }
    }

    /// A matched key or constraint `a` → `b` under another name, noted as a change and added to
    /// `renamed` when the dialect renames it: PostgreSQL every kind, MySQL unique keys
    /// (`mysql_index`: they are indexes), SQLite none.
    fn rename_constraint(&mut self, renamed: &mut Vec<Renamed>, a: Option<&str>, b: Option<&str>, mysql_index: bool) {
        let d = self.d;
        let (Some(a), Some(b)) = (a, b) else { return };
        if a == b || d == Dialect::Sqlite || (d == Dialect::Mysql && (!mysql_index || a.eq_ignore_ascii_case(b) || a == "PRIMARY")) {
            return;
        }
        self.change(format!("rename constraint {a} → {b}"), false);
        renamed.push((a.to_string(), b.to_string(), if d == Dialect::Mysql { NameKind::UniqueIndex } else { NameKind::Constraint }));
    }

    pub(super) fn add_pk(&mut self, nt: &Table, p: &PrimaryKey) {
        let d = self.d;
        let tn = tname(d, nt);
        if self.pg_safe() {
            let name = p.name.clone().unwrap_or_else(|| format!("{}_pkey", nt.name));
            self.push(Stage::Index, 0, format!("CREATE UNIQUE INDEX CONCURRENTLY {} ON {tn} ({});", q(d, &name), cols(d, &p.columns)));
            self.push(Stage::Validate, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {};", q(d, &name), q(d, &name)));
            self.change(format!("add primary key on {} (unique index built concurrently, then USING INDEX)", nt.name), true);
        } else {
            self.push(Stage::Expand, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", pk_clause(d, p)));
            self.change(format!("add primary key on {}", nt.name), false);
        }
    }

    pub(super) fn add_unique(&mut self, nt: &Table, u: &UniqueConstraint) {
        let d = self.d;
        let tn = tname(d, nt);
        let name = u.name.clone().unwrap_or_else(|| format!("{}_{}_key", nt.name, u.columns.join("_")));
        if self.pg_safe() {
            let nnd = if u.nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" };
            self.push(Stage::Index, 0, format!("CREATE UNIQUE INDEX CONCURRENTLY {} ON {tn} ({}){nnd};", q(d, &name), cols(d, &u.columns)));
            self.push(Stage::Validate, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {} UNIQUE USING INDEX {};", q(d, &name), q(d, &name)));
            self.change(format!("add unique constraint {name} (unique index built concurrently, then USING INDEX)"), true);
        } else if d == Dialect::Mysql {
            self.push(Stage::Expand, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {}, ALGORITHM=INPLACE, LOCK=NONE;", unique_clause(d, u)));
            self.change(format!("add unique constraint {name}"), false);
        } else {
            self.push(Stage::Expand, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", unique_clause(d, u)));
            self.change(format!("add unique constraint {name}"), false);
        }
    }

    pub(super) fn add_check(&mut self, nt: &Table, c: &Check) {
        let d = self.d;
        let tn = tname(d, nt);
        let name = c.name.clone().unwrap_or_default();
        if self.pg_safe() && c.name.is_some() {
            self.push(Stage::Expand, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {} NOT VALID;", check_clause(d, c)));
            self.push(Stage::Validate, P_CONSTRAINT, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {};", q(d, &name)));
            self.change(format!("add check {name} on {} (NOT VALID, then VALIDATE)", nt.name), true);
        } else {
            self.push(Stage::Expand, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", check_clause(d, c)));
            self.change(format!("add check {name} on {}", nt.name), false);
        }
    }
}

/// A matched key, constraint or index of one table under another name: `(old name, new name,
/// what)`, renamed by [`Planner::rename_names`].
type Renamed<'t> = (String, String, NameKind<'t>);

/// What a [`Renamed`] name belongs to, which says how it is renamed.
enum NameKind<'t> {
    /// A PostgreSQL key or constraint: `ALTER TABLE … RENAME CONSTRAINT`.
    Constraint,
    /// A MySQL unique key: `ALTER TABLE … RENAME INDEX`.
    UniqueIndex,
    /// An index (of the new table): `ALTER INDEX … RENAME` (MySQL: `RENAME INDEX`; SQLite: dropped
    /// and created).
    Index(&'t Index),
}

/// The new items of a table not matched yet, by their key: [`Unmatched::take`] gives the first
/// one (in the table's order) with a key, as a search of the new items skipping matched ones
/// would, without comparing every old item with every new one (quadratic for a table with
/// thousands of foreign keys, checks or indexes).
struct Unmatched<K> {
    by_key: HashMap<K, VecDeque<usize>>,
}

impl<K: std::hash::Hash + Eq> Unmatched<K> {
    fn new(keys: impl Iterator<Item = K>) -> Self {
        let mut by_key: HashMap<K, VecDeque<usize>> = HashMap::new();
        for (i, key) in keys.enumerate() {
            looked(1);
            by_key.entry(key).or_default().push_back(i);
        }
        Unmatched { by_key }
    }

    /// The first unmatched item with `key`, now matched.
    fn take(&mut self, key: &K) -> Option<usize> {
        looked(1);
        self.by_key.get_mut(key)?.pop_front()
    }
}
