//! MySQL/InnoDB's implicit foreign-key indexes: which foreign key gets one, which earlier one it
//! replaces, and its name.
//!
//! The keys of the table are kept in a [`Cover`] (a tree of their leading columns) while the
//! foreign keys of a CREATE TABLE are decided one after another: asking every index and key of
//! the table for each foreign key made a table with 5,000 foreign keys quadratic.

use super::*;
use std::collections::HashMap;

impl Builder<'_> {
    /// MySQL/InnoDB: an FK needs an index; when none leads with its columns one is created. Inside
    /// CREATE TABLE this is decided once the whole table is read (a later KEY may cover it).
    /// `written`: the FK's name as the source wrote it (`CONSTRAINT c`, else `FOREIGN KEY i`), not
    /// the `<t>_ibfk_<n>` default the importer gives an unnamed one.
    pub(super) fn note_fk_index(&mut self, ti: usize, written: Option<String>, ctx: &Ctx) {
        let fi = self.schema.tables[ti].foreign_keys.len().saturating_sub(1);
        match &mut self.pending_fk_indexes {
            Some(v) => v.push((fi, written)),
            None => self.mysql_fk_indexes(ti, vec![(fi, written)], ctx),
        }
    }

    /// The indexes InnoDB creates for the foreign keys `fks` (position in the table's list, written
    /// name), in that order, as MariaDB 10.11 does (checked on the server):
    /// - none when a primary key, unique key or (non-FULLTEXT) index leads with the FK's columns;
    /// - an index made earlier for another FK that leads with them and is longer serves too; one on
    ///   the same or fewer leading columns is replaced by the new one;
    /// - its name is the FK's written name, else the first column's (`col`, `col_2`, ... when taken).
    pub(super) fn mysql_fk_indexes(&mut self, ti: usize, fks: Vec<(usize, Option<String>)>, ctx: &Ctx) {
        if fks.is_empty() {
            return;
        }
        // the table's name set is kept through the loop (indexes are only appended to the list
        // until the replaced ones are removed at the end); outside a CREATE TABLE it is built anew
        let keep = std::mem::replace(&mut self.keep_taken, true);
        if !keep {
            self.taken.get_mut().ti = None;
        }
        let mut cover = Cover::of(&self.schema.tables[ti]);
        let mut gone: Vec<usize> = Vec::new();
        for (fi, written) in fks {
            let Some(fk) = self.schema.tables[ti].foreign_keys.get(fi) else { continue };
            let cols = fk.columns.clone();
            let key = lower(&cols);
            if cover.covers(&key) {
                continue;
            }
            // an earlier implicit index on a prefix of (or the same) columns gives way to this one
            let replaced = cover.take_implicit_prefixes(&key);
            if !replaced.is_empty() {
                drop(self.taken(ti)); // (brings the set up to date before names are taken out)
                for &pos in &replaced {
                    if let Some(n) = &self.schema.tables[ti].indexes[pos].name {
                        self.taken.get_mut().set.remove_index(n);
                    }
                }
                gone.extend(replaced);
            }
            let parts: Vec<IndexPart> = cols.iter().map(|c| IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
            let name = written.unwrap_or_else(|| naming::default_mysql_index_name(&self.taken(ti), &parts));
            let indexes = &mut self.schema.tables[ti].indexes;
            cover.add_implicit(indexes.len(), &key);
            indexes.push(Index { name: Some(name), unique: false, parts, method: Some("btree".into()), implicit: true, span: ctx.span(), ..Default::default() });
        }
        if !gone.is_empty() {
            let gone: std::collections::HashSet<usize> = gone.into_iter().collect();
            let mut pos = 0;
            self.schema.tables[ti].indexes.retain(|_| {
                pos += 1;
                !gone.contains(&(pos - 1))
            });
            self.taken.get_mut().ti = None;
        }
        self.keep_taken = keep;
    }
}

/// ASCII lower case of column names (MySQL compares them so).
fn lower(cols: &[String]) -> Vec<String> {
    cols.iter().map(|c| c.to_ascii_lowercase()).collect()
}

/// An index's columns (an expression part counts as the column "").
fn index_cols(i: &Index) -> Vec<String> {
    i.parts.iter().map(|p| p.column.as_deref().unwrap_or_default().to_ascii_lowercase()).collect()
}

/// The leading columns of a table's keys: a tree whose node for `[a, b]` is reached from the
/// root (no column) through `a` then `b`.
#[derive(Default)]
struct Cover {
    /// (parent node, column) → child node.
    next: HashMap<(usize, String), usize>,
    nodes: Vec<Node>,
}

#[derive(Default, Clone)]
struct Node {
    /// The primary key, a unique key or an explicit non-FULLTEXT index leads with these columns.
    explicit: bool,
    /// How many implicit indexes lead with these columns and have more (implicit indexes are the
    /// importer's own B-tree indexes, never FULLTEXT).
    implicit_longer: usize,
    /// Implicit indexes on exactly these columns: positions in the table's index list.
    implicit_here: Vec<usize>,
}

impl Cover {
    fn of(t: &Table) -> Cover {
        let mut c = Cover { nodes: vec![Node::default()], ..Default::default() };
        let pk = t.primary_key.iter().map(|p| lower(&p.columns));
        let uniques = t.uniques.iter().map(|u| lower(&u.columns));
        let indexes = t.indexes.iter().filter(|i| !i.implicit && i.method.as_deref() != Some("fulltext")).map(index_cols);
        for cols in pk.chain(uniques).chain(indexes) {
            for node in c.path(&cols, true) {
                c.nodes[node].explicit = true;
            }
        }
        for (pos, i) in t.indexes.iter().enumerate().filter(|(_, i)| i.implicit) {
            c.add_implicit(pos, &index_cols(i));
        }
        c
    }

    /// The nodes from the root to `cols` (as far as they exist unless `create`).
    fn path(&mut self, cols: &[String], create: bool) -> Vec<usize> {
        let mut out = vec![0];
        let mut at = 0;
        for col in cols {
            naming::count_op();
            let key = (at, col.clone());
            at = match self.next.get(&key) {
                Some(&n) => n,
                None if create => {
                    self.nodes.push(Node::default());
                    self.next.insert(key, self.nodes.len() - 1);
                    self.nodes.len() - 1
                }
                None => break,
            };
            out.push(at);
        }
        out
    }

    /// Whether a key leads with `cols`, or an implicit index that has more columns does.
    fn covers(&mut self, cols: &[String]) -> bool {
        let path = self.path(cols, false);
        path.len() == cols.len() + 1 && path.last().is_some_and(|&n| self.nodes[n].explicit || self.nodes[n].implicit_longer > 0)
    }

    /// Records the implicit index at `pos` on `cols`.
    fn add_implicit(&mut self, pos: usize, cols: &[String]) {
        let path = self.path(cols, true);
        let (&last, before) = path.split_last().expect("the root is on every path");
        before.iter().for_each(|&n| self.nodes[n].implicit_longer += 1);
        self.nodes[last].implicit_here.push(pos);
    }

    /// Takes out the implicit indexes on a prefix of `cols` (or on `cols`): their positions.
    fn take_implicit_prefixes(&mut self, cols: &[String]) -> Vec<usize> {
        let path = self.path(cols, false);
        let mut gone = Vec::new();
        for (depth, &n) in path.iter().enumerate() {
            let here = std::mem::take(&mut self.nodes[n].implicit_here);
            for _ in &here {
                path[..depth].iter().for_each(|&m| self.nodes[m].implicit_longer = self.nodes[m].implicit_longer.saturating_sub(1));
            }
            gone.extend(here);
        }
        gone
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Index, IndexPart, Table};
    use crate::parse::naming;
    use crate::rng::Rng;
    use crate::Dialect;

    /// The implicit index of foreign key `fi` as it was decided before [`super::Cover`]: every
    /// key and index of the table asked anew (the reference the kept tree must agree with).
    /// Returns how many implicit indexes the new one replaced.
    fn reference_fk_index(t: &mut Table, fi: usize, written: Option<String>) -> usize {
        let cols = t.foreign_keys[fi].columns.clone();
        let leads = |c: &[String]| c.len() >= cols.len() && c.iter().zip(&cols).all(|(a, b)| a.eq_ignore_ascii_case(b));
        let index_cols = |i: &Index| -> Vec<String> { i.parts.iter().map(|p| p.column.clone().unwrap_or_default()).collect() };
        let covered = t.primary_key.as_ref().is_some_and(|p| leads(&p.columns))
            || t.uniques.iter().any(|u| leads(&u.columns))
            || t.indexes.iter().any(|i| i.method.as_deref() != Some("fulltext") && leads(&index_cols(i)) && (!i.implicit || i.parts.len() > cols.len()));
        if covered {
            return 0;
        }
        let prefix_of_mine = |i: &Index| i.implicit && i.parts.len() <= cols.len() && index_cols(i).iter().zip(&cols).all(|(a, b)| a.eq_ignore_ascii_case(b));
        let before = t.indexes.len();
        t.indexes.retain(|i| !prefix_of_mine(i));
        let replaced = before - t.indexes.len();
        let parts: Vec<IndexPart> = cols.iter().map(|c| IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
        let name = written.unwrap_or_else(|| naming::default_mysql_index_name(&naming::taken(t), &parts));
        t.indexes.push(Index { name: Some(name), parts, method: Some("btree".into()), implicit: true, ..Default::default() });
        replaced
    }

    /// Random MySQL tables: foreign keys on one to three of eight columns (in both cases, often
    /// repeating or extending earlier ones, some named), keys, unique keys, FULLTEXT keys and a
    /// primary key in between.
    fn random_table(rng: &mut Rng, items: usize) -> String {
        let col = |rng: &mut Rng| format!("{}{}", rng.pick(&["c", "C"]), rng.below(8));
        let cols = |rng: &mut Rng| -> String { (0..1 + rng.below(3)).map(|_| col(rng)).collect::<Vec<_>>().join(", ") };
        let mut s = String::from("CREATE TABLE p (id int PRIMARY KEY, a int, b int, c int);\nCREATE TABLE t (id int");
        (0..8).for_each(|i| s.push_str(&format!(", c{i} int")));
        for i in 0..items {
            let item = match rng.below(10) {
                0 => format!("KEY ({})", cols(rng)),
                1 => format!("UNIQUE KEY ({})", cols(rng)),
                2 => format!("FULLTEXT KEY ({})", cols(rng)),
                3 if !s.contains("PRIMARY KEY (") => format!("PRIMARY KEY ({})", cols(rng)),
                4 => format!("CONSTRAINT fk{i} FOREIGN KEY ({}) REFERENCES p(id)", col(rng)),
                5 | 6 => {
                    let (a, b) = (col(rng), col(rng));
                    format!("FOREIGN KEY ({a}, {b}) REFERENCES p(a, b)")
                }
                _ => format!("FOREIGN KEY ({}) REFERENCES p(id)", col(rng)),
            };
            s.push_str(&format!(", {item}"));
        }
        s.push_str(");\n");
        s
    }

    #[test]
    fn implicit_fk_indexes_agree_with_asking_every_index() {
        let mut rng = Rng::from_text("mysql fk indexes");
        let mut replaced = 0;
        for case in 0..300 {
            let text = random_table(&mut rng, 4 + case % 40);
            let p = crate::parse::parse(&text, Dialect::Mysql);
            let got = &p.schema.tables[1];
            // the same table without its implicit indexes, given them again by the old rule
            let mut want = got.clone();
            want.indexes.retain(|i| !i.implicit);
            for fi in 0..want.foreign_keys.len() {
                let written = want.foreign_keys[fi].name.clone().filter(|n| !n.starts_with("t_ibfk_"));
                replaced += reference_fk_index(&mut want, fi, written);
            }
            let names = |t: &Table| -> Vec<(Option<String>, Vec<Option<String>>, bool)> { t.indexes.iter().map(|i| (i.name.clone(), i.parts.iter().map(|p| p.column.clone()).collect(), i.implicit)).collect() };
            assert_eq!(names(got), names(&want), "case {case}:\n{text}");
        }
        assert!(replaced > 50, "the cases replace implicit indexes ({replaced})");
    }
}
