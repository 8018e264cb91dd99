//! Column changes: added columns (metadata-only where PostgreSQL allows, else nullable → backfill
//! → validated NOT NULL), expand/contract renames, type changes (in place when
//! [`pg_type_change_rewrites`] says no rewrite, else through a shadow column), identity, NOT NULL
//! and default changes.

use super::recipes::{backfill, sync_trigger};
use super::render::*;
use super::stages::*;
use super::Planner;
use crate::migrate::types::{pg_type_change_rewrites, SchemaType};
use crate::model::{Column, DataType, Table, TextKind, TypeKind};
use crate::sqltext::{clamp, norm_expr};
use crate::Dialect;

impl Planner<'_> {
    pub(super) fn add_column(&mut self, t: &Table, c: &Column) {
        let d = self.d;
        let tn = tname(d, t);
        let label = format!("{}.{}", t.name, c.name);
        if d == Dialect::Mysql {
            let instant = c.identity.is_none() && c.generated.as_ref().is_none_or(|g| !g.stored);
            let alg = if instant { ", ALGORITHM=INSTANT" } else { "" };
            self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {}{alg};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        if d == Dialect::Sqlite {
            // simple cases only reach here (see sqlite_needs_rebuild)
            self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        // PostgreSQL
        // the checker's answer (one volatility function), against the schema the plan runs on
        let volatile = c.default.as_deref().is_some_and(|e| crate::migrate::volatility::is_volatile(e, d, self.old));
        let rewrites = c.identity.as_ref().is_some_and(|i| *i != crate::model::Identity::Serial) || c.generated.is_some() || is_serial_type(c);
        if !self.safe || rewrites {
            self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            if self.safe && rewrites {
                self.warn(format!("adding {label} (identity, serial or generated) rewrites the table under an ACCESS EXCLUSIVE lock"));
            }
            return;
        }
        let const_default = c.default.is_some() && !volatile && self.opts.pg_version >= 11;
        if c.nullable && !volatile || (!c.nullable && const_default) {
            // metadata-only on PostgreSQL 11+ (a constant default is stored, not written)
            self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        // nullable first, default separately (a volatile default in ADD COLUMN rewrites the table)
        self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, true, false, false)));
        if let Some(def) = &c.default {
            self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {} SET DEFAULT {def};", q(d, &c.name)));
        }
        let (fill, after) = match &c.default {
            Some(def) => (def.clone(), false),
            None => {
                self.warn(format!(
                    "{label} is NOT NULL without a default: the running code cannot fill it, so its backfill and NOT NULL come after the deploy; the backfill is a commented-out template: fill in the value for existing rows and run it, or the validate step fails while rows hold NULL"
                ));
                ("<value for existing rows>".to_string(), true)
            }
        };
        let mut bf = backfill(d, t, &c.name, &fill, &format!("{} IS NULL", q(d, &c.name)));
        if after {
            // no value to fill in: a template, not run (a loop setting NULL would never end)
            bf = format!("-- TODO: choose the value for existing rows, then run:\n{}", bf.lines().map(|l| format!("-- {l}")).collect::<Vec<_>>().join("\n"));
        }
        let (sb, sc, sv) = if after { (Stage::AfterBackfill, Stage::AfterConstrain, Stage::AfterValidate) } else { (Stage::Backfill, Stage::Expand, Stage::Validate) };
        self.push(sb, 0, bf);
        if !c.nullable {
            self.not_null_steps(t, &c.name, sc, sv);
            self.change(format!("add column {label} (nullable, backfill, then NOT NULL through a validated check)"), true);
        } else {
            self.change(format!("add column {label} (default set separately, backfill in batches)"), true);
        }
    }

    /// Renames `from` to `to` through a new column; `nc` is the new column (`nt.column(to)`).
    pub(super) fn expand_rename(&mut self, nt: &Table, from: &str, to: &str, nc: &Column) {
        let d = self.d;
        let tn = tname(d, nt);
        self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, nc, true, false, false)));
        let (f, tr) = sync_trigger(d, nt, from, to, None);
        self.push(Stage::Expand, P_TRIGGER, f);
        self.push(Stage::Backfill, 0, backfill(d, nt, to, &q(d, from), &format!("{} IS NULL AND {} IS NOT NULL", q(d, to), q(d, from))));
        if !nc.nullable {
            self.not_null_steps(nt, to, Stage::Expand, Stage::Validate);
        }
        let mut contract = vec![tr, format!("ALTER TABLE {tn} DROP COLUMN {};", q(d, from))];
        if let Some(def) = &nc.default {
            contract.push(format!("ALTER TABLE {tn} ALTER COLUMN {} SET DEFAULT {def};", q(d, to)));
        }
        self.push(Stage::Contract, C_COLUMN, contract.join("\n"));
        self.change(format!("rename column {}.{from} → {to} (expand/contract: new column kept in step by a trigger, backfill, old column dropped after the deploy)", nt.name), true);
    }

    pub(super) fn alter_column(&mut self, ot: &Table, nt: &Table, a: &Column, b: &Column) {
        let d = self.d;
        let tn = tname(d, nt);
        let c = q(d, &b.name);
        let label = format!("{}.{}", nt.name, b.name);
        // both sides mapped: the importer keeps a column's type spelling when its enum is renamed later
        let type_changed = self.old_type_canon(&a.data_type) != self.old_type_canon(&b.data_type);
        let null_changed = a.nullable != b.nullable;
        let def_changed = a.default.as_deref().map(|e| norm_expr(d, e)) != b.default.as_deref().map(|e| norm_expr(d, e)) && !is_serial_type(b);
        let comment_changed = a.comment != b.comment;
        if d == Dialect::Mysql {
            if type_changed || null_changed || a.on_update != b.on_update || a.collation != b.collation || a.identity != b.identity || (comment_changed) {
                self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} MODIFY COLUMN {};", column_def(d, b, false, true, false)));
                self.change(format!("change column {label} ({} → {})", a.data_type.spelling, b.data_type.spelling), false);
                if self.safe && (type_changed || null_changed) {
                    self.warn(format!("changing {label} copies the table (MySQL blocks writes for the duration unless the change is INPLACE-capable)"));
                }
            } else if def_changed {
                let sql = match &b.default {
                    Some(def) => format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {}, ALGORITHM=INSTANT;", default_sql(d, def)),
                    None => format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT, ALGORITHM=INSTANT;"),
                };
                self.push(Stage::Expand, P_ALTER_COLUMN, sql);
                self.change(format!("change default of {label}"), false);
            }
            return;
        }
        // PostgreSQL (SQLite changes go through the rebuild)
        if type_changed {
            let in_place = !pg_type_change_rewrites(SchemaType::new(self.old, &a.data_type), SchemaType::new(self.new, &b.data_type), self.opts.pg_version);
            // or referenced by a foreign key of the old schema (through the map built once per plan)
            let keyed = column_is_keyed(ot, &a.name) || column_is_keyed(nt, &b.name) || self.referenced_columns_by_key(ot).is_some_and(|cols| cols.contains(a.name.as_str()));
            let special = a.identity.is_some() || b.identity.is_some() || a.generated.is_some() || b.generated.is_some();
            if in_place || !self.safe || keyed || special {
                let using = if in_place { String::new() } else { format!(" USING {c}::{}", plain_type(b)) };
                if !in_place {
                    self.warn_cast(nt, a, b);
                }
                // a default of the old type may not cast: reset it around the change
                let reset_default = !in_place && a.default.is_some();
                if reset_default {
                    self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;"));
                }
                self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} TYPE {}{using};", plain_type(b)));
                if reset_default && !def_changed {
                    if let Some(def) = &b.default {
                        self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"));
                    }
                }
                self.change(format!("change type of {label}: {} → {}{}", a.data_type.spelling, b.data_type.spelling, if in_place { " (in place, no rewrite)" } else { "" }), false);
                if self.safe && !in_place {
                    self.warn(format!("changing the type of {label} in place rewrites the table under an ACCESS EXCLUSIVE lock (it is part of a key, index or constraint, or an identity/generated column)"));
                }
            } else {
                self.expand_type_change(nt, a, b);
                return;
            }
        }
        if a.identity != b.identity {
            use crate::model::Identity as I;
            let gen = |i: &I| if *i == I::Always { "ALWAYS" } else { "BY DEFAULT" };
            let is_id = |i: &Option<I>| matches!(i, Some(I::Always | I::ByDefault));
            let sql = match (&a.identity, &b.identity) {
                (Some(x), Some(y)) if is_id(&a.identity) && is_id(&b.identity) => Some(format!("ALTER TABLE {tn} ALTER COLUMN {c} SET GENERATED {};", gen(y))).filter(|_| x != y),
                (_, Some(y)) if is_id(&b.identity) => {
                    let mut v = String::new();
                    if a.default.is_some() {
                        v.push_str(&format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;\n"));
                    }
                    v.push_str(&format!("ALTER TABLE {tn} ALTER COLUMN {c} ADD GENERATED {} AS IDENTITY;", gen(y)));
                    Some(v)
                }
                (Some(_), _) if is_id(&a.identity) => Some(format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP IDENTITY;")),
                (Some(I::Serial), None) => {
                    let seq = a.sequence.as_ref().map(|q| qname(d, q.schema.as_deref(), &q.name)).unwrap_or_else(|| qname(d, nt.schema.as_deref(), clamp(d, &format!("{}_{}_seq", ot.name, a.name))));
                    Some(format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;\nDROP SEQUENCE IF EXISTS {seq};"))
                }
                (None, Some(I::Serial)) => {
                    let seq = clamp(d, &format!("{}_{}_seq", nt.name, b.name)).to_string();
                    let sq = qname(d, nt.schema.as_deref(), &seq);
                    Some(format!(
                        "CREATE SEQUENCE {sq} OWNED BY {tn}.{c};\nSELECT setval({}, coalesce(max({c}), 0) + 1, false) FROM {tn};\nALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT nextval({});",
                        lit(d, &sq),
                        lit(d, &sq)
                    ))
                }
                _ => None,
            };
            if let Some(sql) = sql {
                self.push(Stage::Expand, P_ALTER_COLUMN + 2, sql);
                self.change(format!("change identity of {label}: {} → {}", a.identity.as_ref().map_or("none", |i| i.id()), b.identity.as_ref().map_or("none", |i| i.id())), false);
                if self.safe && is_id(&b.identity) && !is_id(&a.identity) {
                    self.warn(format!("adding an identity to {label} takes an ACCESS EXCLUSIVE lock while the sequence is created"));
                }
            }
        }
        if null_changed {
            if b.nullable {
                self.push(Stage::Expand, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP NOT NULL;"));
                self.change(format!("make {label} nullable"), false);
            } else if self.safe {
                self.not_null_steps(nt, &b.name, Stage::Expand, Stage::Validate);
                self.change(format!("make {label} NOT NULL (validated check first, no long lock)"), true);
                self.warn(format!("{label} becomes NOT NULL: the validate phase fails while rows hold NULL; update them first"));
            } else {
                self.push(Stage::Expand, P_SET_NOT_NULL, format!("ALTER TABLE {tn} ALTER COLUMN {c} SET NOT NULL;"));
                self.change(format!("make {label} NOT NULL"), false);
            }
        }
        if def_changed {
            let sql = match &b.default {
                Some(def) => format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"),
                None => format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;"),
            };
            self.push(Stage::Expand, P_ALTER_COLUMN + 1, sql);
            self.change(format!("change default of {label}"), false);
        }
    }

    /// Type change through a shadow column `c__new`.
    pub(super) fn expand_type_change(&mut self, t: &Table, a: &Column, b: &Column) {
        let d = self.d;
        self.warn_cast(t, a, b);
        let tn = tname(d, t);
        let c = q(d, &b.name);
        let tmp_name = clamp(d, &format!("{}__new", b.name)).to_string();
        let tmp = q(d, &tmp_name);
        let mut shadow = b.clone();
        shadow.name = tmp_name.clone();
        self.push(Stage::Expand, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, &shadow, true, false, false)));
        let (f, tr) = sync_trigger(d, t, &b.name, &tmp_name, Some((plain_type(a), plain_type(b))));
        self.push(Stage::Expand, P_TRIGGER, f);
        self.push(Stage::Backfill, 0, backfill(d, t, &tmp_name, &format!("{c}::{}", plain_type(b)), &format!("{tmp} IS NULL AND {c} IS NOT NULL")));
        if !b.nullable {
            self.not_null_steps(t, &tmp_name, Stage::Expand, Stage::Validate);
        }
        let mut sw = vec![tr, format!("ALTER TABLE {tn} DROP COLUMN {c};"), format!("ALTER TABLE {tn} RENAME COLUMN {tmp} TO {c};")];
        if let Some(def) = &b.default {
            sw.push(format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"));
        }
        self.push(Stage::Contract, C_COLUMN, format!("-- switch {}.{} to the new type\n{}", t.name, b.name, sw.join("\n")));
        self.change(
            format!("change type of {}.{}: {} → {} (expand/contract: shadow column kept in step by a trigger, backfill, switch after the deploy)", t.name, b.name, a.data_type.spelling, b.data_type.spelling),
            true,
        );
        if b.nullable != a.nullable && b.nullable {
            // nothing more: the shadow column is created nullable
        }
    }

    /// Between type families a plain cast may not exist or not mean what the data needs.
    pub(super) fn warn_cast(&mut self, t: &Table, a: &Column, b: &Column) {
        let fam = |dt: &DataType| match &dt.kind {
            _ if dt.array_dims > 0 => "array",
            TypeKind::Int { bytes: 2 | 4 | 8, unsigned: false, .. } | TypeKind::Decimal { .. } | TypeKind::Float { .. } => "number",
            TypeKind::VarChar { .. } | TypeKind::Text(TextKind::Text | TextKind::Citext) | TypeKind::Char { .. } => "text",
            TypeKind::Timestamp { .. } | TypeKind::Date => "time",
            _ => "other",
        };
        if fam(&a.data_type) != fam(&b.data_type) || fam(&a.data_type) == "other" {
            self.warn(format!(
                "{}.{}: the plan converts {} → {} with a plain cast (::{}); check that the cast exists and does what the data needs, and edit the USING/backfill expression if not",
                t.name, b.name, a.data_type.spelling, b.data_type.spelling, plain_type(b)
            ));
        }
    }

    /// What an old column's type is for the database (a serial is its integer), with renamed
    /// enum types under their new name: equal for two columns exactly when the type did not change.
    pub(super) fn old_type_canon(&self, dt: &DataType) -> (TypeKind, u8) {
        let mut kind = dt.kind.stored();
        if let TypeKind::Named(q) = &mut kind {
            if let Some((_, n)) = self.enum_renames.iter().find(|(o, _)| q.name == o.name || q.name.eq_ignore_ascii_case(&o.name)) {
                q.name = n.name.clone();
            }
        }
        (kind, dt.array_dims)
    }
}

pub(super) fn column_is_keyed(t: &Table, c: &str) -> bool {
    t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|x| x == c))
        || t.uniques.iter().any(|u| u.columns.iter().any(|x| x == c))
        || t.foreign_keys.iter().any(|f| f.columns.iter().any(|x| x == c))
        || t.indexes.iter().any(|i| i.parts.iter().any(|p| p.column.as_deref() == Some(c) || (p.column.is_none() && p.expression.contains(c))) || i.include.iter().any(|x| x == c))
        || t.checks.iter().any(|ch| ch.column.as_deref() == Some(c) || ch.expression.contains(c))
}