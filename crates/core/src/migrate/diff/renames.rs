//! Rename detection: a dropped and an added table (same columns) or column (same type,
//! nullability, default) form a candidate; the person's answers ([`DiffOptions::renames`]) decide
//! first, then a candidate that pairs the two one-to-one is taken as a rename. Every candidate
//! becomes a [`RenameQuestion`] with what the plan assumed.

use super::{col_shape, lc, looked, table_key, Pair, Planner};
use crate::Dialect;
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

/// What [`Planner::answer`] compares of an answer: its kind, its table (columns only) and its
/// names, as `eq_name` compares names (exact for PostgreSQL, else ASCII case-insensitively).
pub(super) type AnswerKey = (RenameKind, String, String, String);

fn answer_key(d: Dialect, kind: RenameKind, table: &str, from: &str, to: &str) -> AnswerKey {
    let table = if kind == RenameKind::Table { String::new() } else { lc(d, table) };
    (kind, table, lc(d, from), lc(d, to))
}

/// The answers by [`AnswerKey`], the first of equal keys kept (as a search of the list finds it).
pub(super) fn answer_map(d: Dialect, answers: &[RenameAnswer]) -> HashMap<AnswerKey, bool> {
    let mut map = HashMap::with_capacity(answers.len());
    for a in answers {
        map.entry(answer_key(d, a.kind, &a.table, &a.from, &a.to)).or_insert(a.is_rename);
    }
    map
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
        // the first dropped / added table of each name, and the tables renamed: maps and sets,
        // not a search and a removal per rename
        let mut dropped_named: HashMap<&str, usize> = HashMap::with_capacity(dropped.len());
        for &i in &dropped {
            dropped_named.entry(self.old.tables[i].name.as_str()).or_insert(i);
        }
        let mut added_named: HashMap<&str, usize> = HashMap::with_capacity(added.len());
        for &i in &added {
            added_named.entry(self.new.tables[i].name.as_str()).or_insert(i);
        }
        looked(dropped.len() + added.len());
        let (mut renamed_old, mut renamed_new) = (HashSet::new(), HashSet::new());
        for (from, to) in renames {
            let (Some(&oi), Some(&ni)) = (dropped_named.get(from.as_str()), added_named.get(to.as_str())) else { continue };
            pairs_idx.push((oi, ni, true));
            renamed_new.insert(ni);
            renamed_old.insert(oi);
        }
        self.added_tables = added.into_iter().filter(|i| !renamed_new.contains(i)).collect();
        self.dropped_tables = dropped.into_iter().filter(|i| !renamed_old.contains(i)).collect();
        for &(oi, ni, _) in &pairs_idx {
            self.tmap.insert(oi, ni);
        }
        // ---- columns per pair ----
        for (oi, ni, renamed) in pairs_idx {
            let pair = self.match_columns(oi, ni, renamed);
            self.pair_of_old.entry(oi).or_insert(self.pairs.len());
            self.pairs.push(pair);
        }
    }

    pub(super) fn answer(&self, kind: RenameKind, table: &str, from: &str, to: &str) -> Option<bool> {
        looked(1);
        self.answers.get(&answer_key(self.d, kind, table, from, to)).copied()
    }

    /// Pairs dropped (`olds`) and added (`news`) items with equal shapes into renames.
    ///
    /// Only items of equal shape are candidates, so the candidates are built per shape (a map of
    /// the added items by shape, not a comparison of every dropped item with every added one), and
    /// "the only candidate left on both sides" is a count of the untaken items of that shape on
    /// each side (every dropped item of a shape is a candidate with every added one of it).
    pub(super) fn resolve_renames(&mut self, kind: RenameKind, table: &str, olds: &[(String, String)], news: &[(String, String)]) -> Vec<(String, String)> {
        // (name, shape key); the added items of each shape, in order, and the shape's number
        let mut shapes: HashMap<&str, usize> = HashMap::new();
        let mut news_of: Vec<Vec<usize>> = Vec::new();
        for (j, n) in news.iter().enumerate() {
            let b = *shapes.entry(n.1.as_str()).or_insert_with(|| {
                news_of.push(Vec::new());
                news_of.len() - 1
            });
            news_of[b].push(j);
        }
        let bucket_of_old: Vec<Option<usize>> = olds.iter().map(|o| shapes.get(o.1.as_str()).copied()).collect();
        let mut cands: Vec<(usize, usize)> = Vec::new();
        for (i, b) in bucket_of_old.iter().enumerate() {
            if let Some(b) = *b {
                cands.extend(news_of[b].iter().map(|&j| (i, j)));
            }
        }
        // untaken items of each shape on each side
        looked(olds.len() + news.len() + 2 * cands.len());
        let mut olds_left = vec![0usize; news_of.len()];
        for b in bucket_of_old.iter().flatten() {
            olds_left[*b] += 1;
        }
        let mut news_left: Vec<usize> = news_of.iter().map(Vec::len).collect();
        let mut taken_o = vec![false; olds.len()];
        let mut taken_n = vec![false; news.len()];
        let mut out = Vec::new();
        let mut decided: Vec<(usize, usize, bool)> = Vec::new();
        let mut answered: HashSet<(usize, usize)> = HashSet::new();
        // explicit answers first
        for &(i, j) in &cands {
            if let Some(yes) = self.answer(kind, table, &olds[i].0, &news[j].0) {
                if yes && !taken_o[i] && !taken_n[j] {
                    let b = bucket_of_old[i].unwrap_or_default();
                    (taken_o[i], taken_n[j]) = (true, true);
                    (olds_left[b], news_left[b]) = (olds_left[b] - 1, news_left[b] - 1);
                    out.push((olds[i].0.clone(), news[j].0.clone()));
                    decided.push((i, j, true));
                } else {
                    decided.push((i, j, false));
                }
                answered.insert((i, j));
            }
        }
        for &(i, j) in &cands {
            if answered.contains(&(i, j)) {
                continue;
            }
            let b = bucket_of_old[i].unwrap_or_default();
            let strong = !taken_o[i] && !taken_n[j] && news_left[b] == 1 && olds_left[b] == 1;
            if strong {
                (taken_o[i], taken_n[j]) = (true, true);
                (olds_left[b], news_left[b]) = (olds_left[b] - 1, news_left[b] - 1);
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
        let (old, new) = (self.old, self.new);
        let (ot, nt) = (&old.tables[oi], &new.tables[ni]);
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
        let mut pair = Pair { oi, ni, renamed, col_map, expand_renames: Vec::new(), dropped, added, col_of_old: HashMap::new() };
        // the renamed columns leave the dropped and added lists in one pass each
        let renamed_from: HashSet<&str> = renames.iter().map(|(f, _)| f.as_str()).collect();
        let renamed_to: HashSet<&str> = renames.iter().map(|(_, t)| t.as_str()).collect();
        looked(pair.dropped.len() + pair.added.len());
        pair.dropped.retain(|c| !renamed_from.contains(c.as_str()));
        pair.added.retain(|c| !renamed_to.contains(c.as_str()));
        for (from, to) in renames {
            if self.pg_safe() && self.rename_needs_in_place(oi, &from, ocols.get(&from)) {
                pair.col_map.push((to, from));
            } else if self.pg_safe() {
                pair.expand_renames.push((from, to));
            } else {
                pair.col_map.push((to, from));
            }
        }
        for (i, (_, o)) in pair.col_map.iter().enumerate() {
            pair.col_of_old.entry(lc(d, o)).or_insert(i);
        }
        pair
    }

    /// A column in the primary key or referenced by a foreign key, an identity or generated column:
    /// no expand/contract rename.
    /// `column` is the old table's column `col` (`Table::column`), when there is one.
    pub(super) fn rename_needs_in_place(&self, oi: usize, col: &str, column: Option<&Column>) -> bool {
        let t = &self.old.tables[oi];
        let in_pk = t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|c| c == col));
        // through the map of referenced columns built once per plan (a scan of every FK of the
        // schema per renamed column was quadratic)
        let referenced = self.referenced_columns(oi).is_some_and(|cols| cols.contains(col));
        let special = column.is_some_and(|c| c.identity.is_some() || c.generated.is_some());
        in_pk || referenced || special
    }
}

/// Renames `(from, to)` in an order that never takes a name still in use, for names that share
/// one namespace (a table's indexes): a rename whose target is another rename's source runs after
/// it, and a cycle (two names swapped) goes through a temporary name `{from}__swap` (`__swap2`, …
/// when `taken` or used by the renames; clamped to the dialect's length), renamed to its target
/// once the cycle has turned. Names compare as the dialect does. Linear in the number of renames.
/// Each step is `(i, from, to)`: `pairs[i]` itself, or one of the two halves of `pairs[i]` through
/// its temporary name (so a caller whose renames differ in kind writes each step as its own).
pub(super) fn rename_order(d: Dialect, pairs: &[(String, String)], taken: impl Fn(&str) -> bool) -> Vec<(usize, String, String)> {
    use super::lc;
    let source: HashMap<String, usize> = pairs.iter().enumerate().map(|(i, (from, _))| (lc(d, from), i)).collect();
    // `next[i]`: the rename that frees i's target (its source is i's target); at most one, and
    // each rename is some other's `next` at most once: the renames form paths and cycles.
    let next: Vec<Option<usize>> = pairs.iter().enumerate().map(|(i, (_, to))| source.get(&lc(d, to)).copied().filter(|&j| j != i)).collect();
    let mut has_prev = vec![false; pairs.len()];
    for j in next.iter().flatten() {
        has_prev[*j] = true;
    }
    let mut used: HashSet<String> = pairs.iter().flat_map(|(a, b)| [lc(d, a), lc(d, b)]).collect();
    let mut done = vec![false; pairs.len()];
    let mut out = Vec::with_capacity(pairs.len() + 1);
    let walk = |start: usize, done: &mut Vec<bool>| {
        let mut chain = vec![start];
        done[start] = true;
        while let Some(j) = next[*chain.last().unwrap()].filter(|&j| !done[j]) {
            done[j] = true;
            chain.push(j);
        }
        chain
    };
    // Paths, from their start: the last rename's target is free, so it runs first.
    for i in (0..pairs.len()).filter(|&i| !has_prev[i]) {
        out.extend(walk(i, &mut done).into_iter().rev().map(|k| (k, pairs[k].0.clone(), pairs[k].1.clone())));
    }
    // What is left are cycles c → s → … → p → c: c's source goes aside, p … s run, then c.
    for c in 0..pairs.len() {
        if done[c] {
            continue;
        }
        let cycle = walk(c, &mut done);
        let (from, to) = pairs[c].clone();
        let tmp = (1..)
            .map(|n| crate::sqltext::ident::clamp(d, &if n == 1 { format!("{from}__swap") } else { format!("{from}__swap{n}") }).to_string())
            .find(|t| !used.contains(&lc(d, t)) && !taken(t))
            .expect("an unused name");
        used.insert(lc(d, &tmp));
        out.push((c, from, tmp.clone()));
        out.extend(cycle[1..].iter().rev().map(|&k| (k, pairs[k].0.clone(), pairs[k].1.clone())));
        out.push((c, tmp, to));
    }
    out
}

#[cfg(test)]
mod order_tests {
    use super::rename_order;
    use crate::Dialect;

    fn order(d: Dialect, pairs: &[(&str, &str)], existing: &[&str]) -> Vec<(String, String)> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let steps = rename_order(d, &pairs, |n| existing.iter().any(|e| e.eq_ignore_ascii_case(n)));
        // each step belongs to the rename it names: its own pair, or a half through a temporary name
        for (i, a, b) in &steps {
            assert!(pairs[*i].0 == *a || pairs[*i].1 == *b, "step {a} → {b} is not part of {:?}", pairs[*i]);
        }
        let out: Vec<(String, String)> = steps.into_iter().map(|(_, a, b)| (a, b)).collect();
        // Replay: every rename's source exists and its target is free at its turn, and the end
        // state holds exactly the asked names.
        let key = |s: &str| if d == Dialect::Postgres { s.to_string() } else { s.to_ascii_lowercase() };
        let mut names: std::collections::HashSet<String> = existing.iter().map(|s| key(s)).collect();
        names.extend(pairs.iter().map(|(a, _)| key(a)));
        for (a, b) in &out {
            assert!(names.remove(&key(a)), "{a} is not there at its turn: {out:?}");
            assert!(names.insert(key(b)), "{b} is still taken at its turn: {out:?}");
        }
        for (a, b) in &pairs {
            assert!(names.contains(&key(b)), "{a} → {b} not done: {out:?}");
        }
        out
    }

    #[test]
    fn chains_run_from_their_end_and_swaps_go_through_a_free_name() {
        let p = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(order(Dialect::Postgres, &[("i1", "i2"), ("i2", "i3")], &[]), p(&[("i2", "i3"), ("i1", "i2")]));
        assert_eq!(order(Dialect::Postgres, &[("i1", "i2"), ("i2", "i1")], &[]), p(&[("i1", "i1__swap"), ("i2", "i1"), ("i1__swap", "i2")]));
        // The temporary name skips a name in use; MySQL compares names without case.
        let out = order(Dialect::Mysql, &[("A", "b"), ("B", "a")], &["a__swap"]);
        assert_eq!(out[0], ("A".to_string(), "A__swap2".to_string()));
        // Three-cycles, a chain into a cycle's neighbour, independent renames, in any order.
        order(Dialect::Postgres, &[("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("p", "q"), ("q", "x")], &["keep"]);
        let mut pairs = Vec::new();
        for i in 0..300 {
            // 100 three-cycles and 100 chains of two, interleaved.
            let n = i / 3;
            match i % 3 {
                0 => pairs.extend([(format!("c{n}a"), format!("c{n}b")), (format!("c{n}b"), format!("c{n}c")), (format!("c{n}c"), format!("c{n}a"))]),
                1 => pairs.extend([(format!("p{n}a"), format!("p{n}b")), (format!("p{n}b"), format!("p{n}c"))]),
                _ => pairs.push((format!("s{n}"), format!("t{n}"))),
            }
        }
        pairs.reverse();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let out = order(Dialect::Postgres, &refs, &[]);
        assert_eq!(out.len(), pairs.len() + 100, "one temporary rename per cycle");
    }
}
