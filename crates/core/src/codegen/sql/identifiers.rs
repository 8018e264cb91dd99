//! Names in the target: the tables' output names, PostgreSQL's relation namespaces, which source
//! constraint names are kept, and which columns take part in a key. Quoting itself is
//! [`crate::sqltext::ident`]'s.

use super::{ident, Gen};
use crate::sqltext::{comment_text, Namer};
use crate::Dialect;
use std::collections::{HashMap, HashSet};

/// A name cut to what the target stores (PostgreSQL truncates to 63 bytes itself; doing it here
/// lets uniqueness checks see the real name; MySQL rejects names over 64 characters).
pub(super) fn clamp_name(to: Dialect, name: &str) -> String {
    crate::sqltext::clamp(to, name).to_string()
}

impl Gen<'_> {
    /// The quoted (schema-qualified) output name of table `ti`.
    pub(super) fn tname(&self, ti: usize) -> String {
        let (s, n) = &self.names[ti];
        match s {
            Some(s) => format!("{}.{}", ident(self.to, s), ident(self.to, n)),
            None => ident(self.to, n),
        }
    }

    /// The schema an object of the source lives in, in the output (PostgreSQL to PostgreSQL only).
    pub(super) fn out_schema(&self, s: &Option<String>) -> Option<String> {
        if self.from == Dialect::Postgres && self.to == Dialect::Postgres {
            s.clone()
        } else {
            None
        }
    }

    /// Every table's output name: its own, unless another table already has it in the target.
    pub(super) fn plan_names(&mut self) {
        let tables = &self.schema.tables;
        let keep_schema = self.from == Dialect::Postgres && self.to == Dialect::Postgres;
        let mut used: HashMap<Option<String>, Namer> = HashMap::new();
        let mut names = Vec::new();
        for t in tables {
            let schema = if keep_schema { t.schema.clone() } else { None };
            let namer = used.entry(schema.clone()).or_insert_with(|| Namer::sql(self.to, self.to != Dialect::Postgres));
            let name = if namer.is_used(&t.name) {
                let base = match &t.schema {
                    Some(s) => format!("{s}_{}", t.name),
                    None => t.name.clone(),
                };
                let name = namer.unique(&base);
                self.warnings.push(comment_text(&format!("table {} is named {} here (another table has its name in the target)", t.qualified_name(), name)));
                name
            } else {
                if !keep_schema && t.schema.as_deref().is_some_and(|s| !matches!(s, "public" | "main")) && self.from != Dialect::Mysql {
                    self.warnings.push(comment_text(&format!("table {} is created without its schema {:?}", t.qualified_name(), t.schema.as_deref().unwrap_or(""))));
                }
                namer.unique(&t.name)
            };
            if self.to == Dialect::Postgres {
                self.relname_namer(&schema).reserve(&name);
            }
            names.push((schema, name));
        }
        self.names = names;
    }

    /// The relation names of one PostgreSQL schema.
    pub(super) fn relname_namer(&mut self, schema: &Option<String>) -> &mut Namer {
        self.relnames.entry(schema.clone()).or_insert_with(|| Namer::sql(Dialect::Postgres, false))
    }

    /// A relation name unique within its schema (PostgreSQL): `want`, else `{table}_{want}`,
    /// numbered when that is taken too.
    pub(super) fn unique_relname(&mut self, schema: &Option<String>, want: &str, table: &str) -> String {
        let set = self.relname_namer(schema);
        if set.is_used(want) {
            set.unique(&format!("{table}_{want}"))
        } else {
            set.unique(want)
        }
    }

    /// A source constraint name worth keeping in the output.
    pub(super) fn keep_name(&self, n: &Option<String>) -> Option<String> {
        let n = n.as_ref()?;
        if n.is_empty() || n.to_ascii_lowercase().starts_with("sqlite_") || n == "PRIMARY" {
            return None;
        }
        Some(n.clone())
    }

    /// Which columns of each table take part in a key (their own or as a foreign key's target).
    pub(super) fn compute_keyed(&mut self) {
        let mut keyed = Vec::new();
        for t in &self.schema.tables {
            let mut k: HashSet<String> = HashSet::new();
            let mut add = |c: &str| {
                k.insert(c.to_ascii_lowercase());
            };
            if let Some(pk) = &t.primary_key {
                pk.columns.iter().for_each(|c| add(c));
            }
            t.uniques.iter().flat_map(|u| &u.columns).for_each(|c| add(c));
            t.foreign_keys.iter().flat_map(|f| &f.columns).for_each(|c| add(c));
            t.indexes.iter().filter(|i| !i.implicit).flat_map(|i| &i.parts).filter_map(|p| p.column.as_ref()).for_each(|c| add(c));
            keyed.push(k);
        }
        // referenced columns of every FK are keys of their table
        for t in &self.schema.tables {
            for fk in &t.foreign_keys {
                if let Some(ri) = self.resolve(&fk.ref_table) {
                    for c in &fk.ref_columns {
                        keyed[ri].insert(c.to_ascii_lowercase());
                    }
                }
            }
        }
        self.keyed = keyed;
    }

    pub(super) fn is_keyed(&self, ti: usize, col: &str) -> bool {
        self.keyed.get(ti).is_some_and(|k| k.contains(&col.to_ascii_lowercase()))
    }
}
