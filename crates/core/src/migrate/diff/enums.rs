//! PostgreSQL enum types: created, renamed (a dropped and an added type with the same values),
//! values added (`ADD VALUE`, committed in a stage of their own), or swapped for a new type when
//! values are removed or reordered; dropped in the contract stage.

use super::render::*;
use super::stages::{Stage, C_TYPE, P_TYPE};
use super::{enum_key, Planner};
use crate::model::{Column, EnumType, Table};
use crate::Dialect;

impl Planner<'_> {
    pub(super) fn enums(&mut self) {
        if self.d != Dialect::Postgres {
            return;
        }
        let d = self.d;
        let new_enums = self.new.enums.clone();
        // renamed types: a dropped and an added type with the same values, one to one
        let gone: Vec<&EnumType> = self.old.enums.iter().filter(|o| !self.new.enums.iter().any(|e| enum_key(d, e) == enum_key(d, o))).collect();
        let fresh: Vec<&EnumType> = self.new.enums.iter().filter(|e| !self.old.enums.iter().any(|o| enum_key(d, e) == enum_key(d, o))).collect();
        let mut renames = Vec::new();
        for o in &gone {
            let same: Vec<&&EnumType> = fresh.iter().filter(|e| e.values == o.values).collect();
            if same.len() == 1 && gone.iter().filter(|g| g.values == o.values).count() == 1 {
                renames.push(((*o).clone(), (*same[0]).clone()));
            }
        }
        self.enum_renames = renames;
        for e in &new_enums {
            let key = enum_key(d, e);
            let ename = qname(d, e.schema.as_deref(), &e.name);
            if let Some((o, _)) = self.enum_renames.iter().find(|(_, n)| enum_key(d, n) == key).cloned() {
                self.push(Stage::Expand, P_TYPE, format!("ALTER TYPE {} RENAME TO {};", qname(d, o.schema.as_deref(), &o.name), q(d, &e.name)));
                self.change(format!("rename enum {} → {}", o.name, e.name), false);
                if self.safe {
                    self.warn(format!("renaming type {} breaks code that names it (casts, functions); deploy the new code right after", o.name));
                }
                continue;
            }
            match self.old.enums.iter().find(|o| enum_key(d, o) == key) {
                None => {
                    let vals: Vec<String> = e.values.iter().map(|v| lit(d, v)).collect();
                    self.push(Stage::Expand, P_TYPE, format!("CREATE TYPE {ename} AS ENUM ({});", vals.join(", ")));
                    self.change(format!("create enum {}", e.name), false);
                }
                Some(o) if o.values != e.values => {
                    // additions only, in the same relative order → ADD VALUE
                    let kept: Vec<&String> = e.values.iter().filter(|v| o.values.contains(v)).collect();
                    let appendable = kept.len() == o.values.len() && kept.iter().zip(&o.values).all(|(a, b)| *a == b);
                    if appendable {
                        for (i, v) in e.values.iter().enumerate() {
                            if o.values.contains(v) {
                                continue;
                            }
                            // place relative to the next old value after it, else after the previous one
                            let pos = match e.values[i + 1..].iter().find(|x| o.values.contains(x)) {
                                Some(next) => format!(" BEFORE {}", lit(d, next)),
                                None => match e.values[..i].iter().next_back() {
                                    Some(prev) => format!(" AFTER {}", lit(d, prev)),
                                    None => String::new(),
                                },
                            };
                            self.push(Stage::EnumValues, 0, format!("ALTER TYPE {ename} ADD VALUE IF NOT EXISTS {}{pos};", lit(d, v)));
                            self.change(format!("add value {v:?} to enum {}", e.name), false);
                        }
                    } else {
                        self.enum_swap(o.clone(), e.clone());
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// Removing or reordering enum values: rename the old type, create the new one, convert every
    /// column through text, drop the old type.
    pub(super) fn enum_swap(&mut self, o: EnumType, e: EnumType) {
        let d = self.d;
        let ename = qname(d, e.schema.as_deref(), &e.name);
        let old_name = format!("{}__old", e.name);
        let stage = if self.safe { Stage::Contract } else { Stage::Expand };
        let prio = if self.safe { C_TYPE } else { P_TYPE };
        let mut sql = vec![format!("ALTER TYPE {ename} RENAME TO {};", q(d, &old_name))];
        let vals: Vec<String> = e.values.iter().map(|v| lit(d, v)).collect();
        sql.push(format!("CREATE TYPE {ename} AS ENUM ({});", vals.join(", ")));
        let removed: Vec<&String> = o.values.iter().filter(|v| !e.values.contains(v)).collect();
        // columns that exist before the migration (added ones are created with the new type)
        let mut targets: Vec<(Table, Column)> = Vec::new();
        for p in &self.pairs {
            let t = &self.new.tables[p.ni];
            for (n, _) in &p.col_map {
                if let Some(c) = t.column(n) {
                    targets.push((t.clone(), c.clone()));
                }
            }
        }
        for (t, c) in &targets {
            {
                if c.data_type.named().is_some_and(|q| q.name == e.name) {
                    let arr = "[]".repeat(c.data_type.array_dims as usize);
                    if c.default.is_some() {
                        sql.push(format!("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", tname(d, t), q(d, &c.name)));
                    }
                    sql.push(format!("ALTER TABLE {} ALTER COLUMN {c} TYPE {ename}{arr} USING {c}::text{arr}::{ename}{arr};", tname(d, t), c = q(d, &c.name)));
                    if let Some(def) = &c.default {
                        sql.push(format!("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {};", tname(d, t), q(d, &c.name), def));
                    }
                }
            }
        }
        sql.push(format!("DROP TYPE {};", qname(d, e.schema.as_deref(), &old_name)));
        self.push(stage, prio, sql.join("\n"));
        self.change(format!("change enum {} values (type swap)", e.name), true);
        if !removed.is_empty() {
            self.rewritten_enums.push(e.name.clone());
            self.warn(format!(
                "enum {}: removing {} rewrites every table using the type and fails while rows still hold the removed value(s); update those rows first",
                e.name,
                removed.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
            ));
        }
    }

    pub(super) fn other_enums_drop(&mut self) {
        if self.d != Dialect::Postgres {
            return;
        }
        let d = self.d;
        let olds = self.old.enums.clone();
        for o in &olds {
            if self.enum_renames.iter().any(|(x, _)| enum_key(d, x) == enum_key(d, o)) {
                continue;
            }
            if !self.new.enums.iter().any(|e| enum_key(d, e) == enum_key(d, o)) {
                self.push(Stage::Contract, C_TYPE, format!("DROP TYPE {};", qname(d, o.schema.as_deref(), &o.name)));
                self.change(format!("drop enum {}", o.name), false);
            }
        }
    }
}
