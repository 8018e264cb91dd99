//! Rename detection: a dropped and an added table (same columns) or column (same type,
//! nullability, default) form a candidate; the person's answers ([`DiffOptions::renames`]) decide
//! first, then a candidate that pairs the two one-to-one is taken as a rename. Every candidate
//! becomes a [`RenameQuestion`] with what the plan assumed.

use super::{col_shape, eq_name, lc, table_key, Pair, Planner};
#[cfg(doc)]
use super::DiffOptions;
use crate::model::{Column, ColumnLookup, Table};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};


#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RenameKind {
    Table,
    Column,
}

/// A possible rename the person should confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameQuestion {
    pub kind: RenameKind,
    /// For a column: the table (its name in the new schema). Empty for a table.
    pub table: String,
    pub from: String,
    pub to: String,
    /// What the plan currently does: true = treated as a rename.
    pub assumed: bool,
}

/// The person's answer to a [`RenameQuestion`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameAnswer {
    pub kind: RenameKind,
    pub table: String,
    pub from: String,
    pub to: String,
    pub is_rename: bool,
}

impl RenameAnswer {
    /// Reads one answer in the rename syntax shared by the CLI's `--rename` and the app's
    /// `migration.renames` option: `table::FROM:TO=yes|no` or `column:TABLE:FROM:TO=yes|no`. Inside the
    /// names, `%`, `:`, `;` and `=` are percent-escaped (identifiers may hold them; see [`Self::write`]).
    pub fn parse(s: &str) -> Option<RenameAnswer> {
        let (spec, yes) = s.rsplit_once('=')?;
        let is_rename = match yes {
            "yes" | "y" | "true" => true,
            "no" | "n" | "false" => false,
            _ => return None,
        };
        let parts: Vec<&str> = spec.split(':').collect();
        let [kind, table, from, to] = parts.as_slice() else { return None };
        let kind = match *kind {
            "table" => RenameKind::Table,
            "column" => RenameKind::Column,
            _ => return None,
        };
        let unescape = |n: &str| n.replace("%3A", ":").replace("%3B", ";").replace("%3D", "=").replace("%25", "%");
        Some(RenameAnswer { kind, table: unescape(table), from: unescape(from), to: unescape(to), is_rename })
    }

    /// Writes the answer in the syntax [`Self::parse`] reads.
    pub fn write(&self) -> String {
        let escape = |n: &str| n.replace('%', "%25").replace(':', "%3A").replace(';', "%3B").replace('=', "%3D");
        let kind = if self.kind == RenameKind::Table { "table" } else { "column" };
        format!("{kind}:{}:{}:{}={}", escape(&self.table), escape(&self.from), escape(&self.to), if self.is_rename { "yes" } else { "no" })
    }

    /// Reads a `;`-separated list of answers, skipping malformed entries.
    pub fn parse_list(s: &str) -> Vec<RenameAnswer> {
        s.split(';').filter_map(RenameAnswer::parse).collect()
    }

    /// Writes answers as a `;`-separated list ([`Self::parse_list`] reads it back).
    pub fn write_list(answers: &[RenameAnswer]) -> String {
        answers.iter().map(RenameAnswer::write).collect::<Vec<_>>().join(";")
    }
}


impl Planner<'_> {
    /// Tables matched by name, then renames; then the columns of every matched pair.
    pub(super) fn match_tables(&mut self) {
        let d = self.d;
        // ---- tables: match by name, then renames ----
        let mut new_matched = vec![false; self.new.tables.len()];
        let mut pairs_idx: Vec<(usize, usize, bool)> = Vec::new();
        let mut dropped = Vec::new();
        // the new tables of each key in order: an old table matches the first one not matched yet
        // (a scan of the new tables per old table made a 50,000-table diff quadratic)
        let mut by_key: HashMap<(String, String), std::collections::VecDeque<usize>> = HashMap::with_capacity(self.new.tables.len());
        for (ni, nt) in self.new.tables.iter().enumerate() {
            by_key.entry(table_key(d, nt)).or_default().push_back(ni);
        }
        for (oi, ot) in self.old.tables.iter().enumerate() {
            match by_key.get_mut(&table_key(d, ot)).and_then(|q| q.pop_front()) {
                Some(ni) => {
                    new_matched[ni] = true;
                    pairs_idx.push((oi, ni, false));
                }
                None => dropped.push(oi),
            }
        }
        let added: Vec<usize> = (0..self.new.tables.len()).filter(|&i| !new_matched[i]).collect();
        let shape = |t: &Table| {
            let mut v: Vec<String> = t.columns.iter().map(|c| format!("{}:{:?}", lc(d, &c.name), col_shape(d, c))).collect();
            crate::sort::ord(&mut v);
            v.join("|")
        };
        let olds: Vec<(String, String)> = dropped.iter().map(|&i| (self.old.tables[i].name.clone(), shape(&self.old.tables[i]))).collect();
        let news: Vec<(String, String)> = added.iter().map(|&i| (self.new.tables[i].name.clone(), shape(&self.new.tables[i]))).collect();
        let renames = self.resolve_renames(RenameKind::Table, "", &olds, &news);
        let mut added_left = added.clone();
        let mut dropped_left = dropped.clone();
        for (from, to) in renames {
            let oi = dropped.iter().copied().find(|&i| self.old.tables[i].name == from).unwrap_or(usize::MAX);
            let ni = added.iter().copied().find(|&i| self.new.tables[i].name == to).unwrap_or(usize::MAX);
            if oi == usize::MAX || ni == usize::MAX {
                continue;
            }
            pairs_idx.push((oi, ni, true));
            added_left.retain(|&i| i != ni);
            dropped_left.retain(|&i| i != oi);
        }
        self.added_tables = added_left;
        self.dropped_tables = dropped_left;
        for &(oi, ni, _) in &pairs_idx {
            self.tmap.insert(oi, ni);
        }
        // ---- columns per pair ----
        for (oi, ni, renamed) in pairs_idx {
            let pair = self.match_columns(oi, ni, renamed);
            self.pairs.push(pair);
        }
    }

    pub(super) fn answer(&self, kind: RenameKind, table: &str, from: &str, to: &str) -> Option<bool> {
        self.opts
            .renames
            .iter()
            .find(|a| a.kind == kind && (kind == RenameKind::Table || eq_name(self.d, &a.table, table)) && eq_name(self.d, &a.from, from) && eq_name(self.d, &a.to, to))
            .map(|a| a.is_rename)
    }

    /// Pairs dropped (`olds`) and added (`news`) items with equal shapes into renames.
    pub(super) fn resolve_renames(&mut self, kind: RenameKind, table: &str, olds: &[(String, String)], news: &[(String, String)]) -> Vec<(String, String)> {
        // (name, shape key)
        let cands: Vec<(usize, usize)> =
            olds.iter().enumerate().flat_map(|(i, o)| news.iter().enumerate().filter(move |(_, n)| n.1 == o.1).map(move |(j, _)| (i, j))).collect();
        let mut taken_o = HashSet::new();
        let mut taken_n = HashSet::new();
        let mut out = Vec::new();
        let mut decided: Vec<(usize, usize, bool)> = Vec::new();
        // explicit answers first
        for &(i, j) in &cands {
            if let Some(yes) = self.answer(kind, table, &olds[i].0, &news[j].0) {
                if yes && !taken_o.contains(&i) && !taken_n.contains(&j) {
                    taken_o.insert(i);
                    taken_n.insert(j);
                    out.push((olds[i].0.clone(), news[j].0.clone()));
                    decided.push((i, j, true));
                } else {
                    decided.push((i, j, false));
                }
            }
        }
        for &(i, j) in &cands {
            if decided.iter().any(|&(a, b, _)| a == i && b == j) {
                continue;
            }
            let strong = !taken_o.contains(&i)
                && !taken_n.contains(&j)
                && cands.iter().filter(|&&(a, b)| a == i && !taken_n.contains(&b)).count() == 1
                && cands.iter().filter(|&&(a, b)| b == j && !taken_o.contains(&a)).count() == 1;
            if strong {
                taken_o.insert(i);
                taken_n.insert(j);
                out.push((olds[i].0.clone(), news[j].0.clone()));
            }
            decided.push((i, j, strong));
        }
        for (i, j, yes) in decided {
            self.questions.push(RenameQuestion { kind, table: table.to_string(), from: olds[i].0.clone(), to: news[j].0.clone(), assumed: yes });
            self.decisions.push(RenameAnswer { kind, table: table.to_string(), from: olds[i].0.clone(), to: news[j].0.clone(), is_rename: yes });
        }
        out
    }

    pub(super) fn match_columns(&mut self, oi: usize, ni: usize, renamed: bool) -> Pair {
        let d = self.d;
        let (ot, nt) = (&self.old.tables[oi], &self.new.tables[ni]);
        let mut col_map = Vec::new();
        let mut dropped = Vec::new();
        let mut used = HashSet::new();
        // the first new column of each name as `eq_name` compares them (`lc`): one map, not a
        // scan of the new columns per old column (a 10,000-column table was quadratic)
        let mut by_name: HashMap<String, &Column> = HashMap::with_capacity(nt.columns.len());
        for nc in &nt.columns {
            by_name.entry(lc(d, &nc.name)).or_insert(nc);
        }
        for oc in &ot.columns {
            match by_name.get(&lc(d, &oc.name)) {
                Some(nc) => {
                    used.insert(nc.name.clone());
                    col_map.push((nc.name.clone(), oc.name.clone()));
                }
                None => dropped.push(oc.name.clone()),
            }
        }
        let added: Vec<String> = nt.columns.iter().filter(|c| !used.contains(&c.name)).map(|c| c.name.clone()).collect();
        let sh = |c: &Column| format!("{:?}", col_shape(self.d, c));
        let (ocols, ncols) = (ColumnLookup::new(ot), ColumnLookup::new(nt));
        let olds: Vec<(String, String)> = dropped.iter().filter_map(|n| ocols.get(n)).map(|c| (c.name.clone(), sh(c))).collect();
        let news: Vec<(String, String)> = added.iter().filter_map(|n| ncols.get(n)).map(|c| (c.name.clone(), sh(c))).collect();
        let tname_new = nt.name.clone();
        let renames = self.resolve_renames(RenameKind::Column, &tname_new, &olds, &news);
        let mut pair = Pair { oi, ni, renamed, col_map, expand_renames: Vec::new(), dropped, added };
        for (from, to) in renames {
            pair.dropped.retain(|c| c != &from);
            pair.added.retain(|c| c != &to);
            if self.pg_safe() && self.rename_needs_in_place(oi, &from) {
                pair.col_map.push((to, from));
            } else if self.pg_safe() {
                pair.expand_renames.push((from, to));
            } else {
                pair.col_map.push((to, from));
            }
        }
        pair
    }

    /// A column in the primary key or referenced by a foreign key, an identity or generated column:
    /// no expand/contract rename.
    pub(super) fn rename_needs_in_place(&self, oi: usize, col: &str) -> bool {
        let t = &self.old.tables[oi];
        let in_pk = t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|c| c == col));
        let referenced = self.old.tables.iter().flat_map(|x| &x.foreign_keys).any(|fk| self.old_index(&fk.ref_table) == Some(oi) && fk.ref_columns.iter().any(|c| c == col));
        let special = t.column(col).is_some_and(|c| c.identity.is_some() || c.generated.is_some());
        in_pk || referenced || special
    }
}
