//! Schema diff → migration plan: the SQL that takes a database from a baseline schema (`old`) to
//! the schema being edited (`new`), plus the rollback.
//!
//! # What the plan looks like
//!
//! Statements are sorted into *stages* that run in a fixed order; the stages that end up non-empty
//! become the plan's [`Phase`]s, numbered in order. With [`DiffOptions::safe`] (the default) the
//! stages are deploy-ordered:
//!
//! | stage | when | transaction |
//! |---|---|---|
//! | add enum values (a new value cannot be used in the transaction that adds it) | before deploy | yes |
//! | expand: new types/tables/columns, NOT VALID constraints, widenings, renames' shims | before deploy | yes |
//! | SQLite table rebuilds (the 12-step recipe; manages its own transaction around `PRAGMA foreign_keys`) | before deploy | no |
//! | `CREATE [UNIQUE] INDEX CONCURRENTLY` | before deploy | no |
//! | backfill in batches (a `DO` loop that commits every batch) | before deploy | no |
//! | `VALIDATE CONSTRAINT`, `SET NOT NULL`, `ADD CONSTRAINT ... USING INDEX` | before deploy | yes |
//! | backfill / NOT NULL of new columns the old code cannot fill (no default) | after deploy | no / yes |
//! | contract: drop what the new code no longer uses, switch type-changed columns | after deploy | yes |
//! | `DROP INDEX CONCURRENTLY` | after deploy | no |
//!
//! Without `safe` every change is one direct statement and all transactional stages merge into one
//! phase (enum value additions and SQLite rebuilds stay separate: the engines require it).
//!
//! # Safe recipes (PostgreSQL)
//!
//! - every phase starts with `SET lock_timeout`;
//! - new NOT NULL column: a constant default on PostgreSQL ≥ 11 is metadata-only, so it is added in
//!   one step; otherwise add nullable → backfill in batches → `CHECK (c IS NOT NULL) NOT VALID` →
//!   `VALIDATE` → `SET NOT NULL` → drop the check. Without any default the running code cannot
//!   fill the column, so those steps come after the deploy (the backfill value is left for the
//!   person to fill in, and a warning says so);
//! - foreign keys and checks: `ADD ... NOT VALID`, then `VALIDATE CONSTRAINT` in a later transaction;
//! - unique constraints and primary keys on existing tables: `CREATE UNIQUE INDEX CONCURRENTLY`,
//!   then `ADD CONSTRAINT ... USING INDEX`;
//! - type changes: those PostgreSQL makes without a rewrite (`varchar(n)` → `varchar(m ≥ n)` /
//!   `text`, `numeric(p,s)` → `numeric(q ≥ p,s)`, a timestamp precision increase, `cidr` → `inet`,
//!   ...: [`super::types::pg_type_change_rewrites`], the checker's own answer) in place; other
//!   changes expand/contract: a new column
//!   `c__new`, a trigger that keeps both in step, a batched backfill, and after the deploy the
//!   switch (drop `c`, rename `c__new` to `c`). A column that takes part in a key, an index or a
//!   constraint is changed in place instead, with a warning (rewriting under ACCESS EXCLUSIVE);
//! - column renames: expand/contract — add the new column, a trigger that copies each write to the
//!   other column (both directions, so old and new code can run side by side), backfill, and after
//!   the deploy drop the trigger and the old column;
//! - table renames: rename the table and leave a view with the old name (`CREATE VIEW old AS SELECT
//!   * FROM new`, automatically updatable) for the old code; the view goes after the deploy.
//!
//! MySQL gets `ALGORITHM=INSTANT` / `ALGORITHM=INPLACE, LOCK=NONE` where the operation supports it
//! and plain `ALTER TABLE` otherwise; renames are done in place (with a warning). SQLite gets the
//! documented table-rebuild recipe for what its `ALTER TABLE` cannot do.
//!
//! # Renames
//!
//! A dropped and an added table (same columns) or column (same type, nullability, default) form a
//! rename candidate. When a candidate pairs the two one-to-one it is treated as a rename; otherwise
//! drop + add. Every candidate is listed in [`Plan::questions`] (with what the plan assumed) so the
//! person can answer through [`DiffOptions::renames`].
//!
//! # Rollback
//!
//! [`Plan::down`] is the inverse diff (new → old) as direct statements, with the same rename
//! decisions reversed.

mod render;
#[cfg(test)]
mod tests;

use super::types::{pg_type_change_rewrites, SchemaType};
use crate::model::{Check, Column, ColumnLookup, DataType, EnumType, ForeignKey, Index, PrimaryKey, Schema, Table, TextKind, TypeKind, UniqueConstraint};
use crate::sqltext::{clamp, norm_expr};
use crate::Dialect;
use render::*;
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffOptions {
    pub renames: Vec<RenameAnswer>,
    /// Phased safe plan (default) or plain direct statements.
    pub safe: bool,
    /// PostgreSQL major version the plan targets (default 18).
    pub pg_version: u32,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions { renames: Vec::new(), safe: true, pg_version: 18 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub title: String,
    /// false: run in autocommit (CONCURRENTLY, batched backfills, SQLite rebuilds).
    pub transactional: bool,
    pub sql: String,
}

/// One line of the human summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub text: String,
    /// Replaced by a phased safe plan (more than one step).
    pub phased: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub phases: Vec<Phase>,
    pub down: String,
    pub questions: Vec<RenameQuestion>,
    pub warnings: Vec<String>,
    pub changes: Vec<Change>,
    #[serde(skip)]
    pub dialect: Dialect,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.phases.is_empty()
    }

    /// All phases as one script, each behind a `-- Phase N: title` marker; transactional phases
    /// wrapped in BEGIN/COMMIT (not for MySQL, whose DDL commits by itself), the others marked.
    pub fn up_sql(&self) -> String {
        if self.phases.is_empty() {
            return "-- No changes.\n".into();
        }
        let mut out = String::new();
        if self.dialect == Dialect::Postgres {
            // each phase manages its own transaction: the plan runs outside a migration tool's one
            // (checkers such as this project's and squawk read this directive)
            out.push_str("-- squawk-disable-assume-in-transaction\n");
        }
        for w in &self.warnings {
            out.push_str(&format!("-- WARNING: {}\n", one_line(w)));
        }
        if !self.warnings.is_empty() {
            out.push('\n');
        }
        for ph in &self.phases {
            out.push_str(&format!("-- {}\n", ph.title));
            if ph.transactional {
                if self.dialect == Dialect::Mysql {
                    out.push_str("-- (MySQL commits each DDL statement on its own)\n");
                    out.push_str(&ph.sql);
                } else {
                    out.push_str("BEGIN;\n");
                    out.push_str(&ph.sql);
                    out.push_str("COMMIT;\n");
                }
            } else {
                out.push_str("-- NOT in a transaction: run these statements one by one in autocommit mode\n");
                out.push_str(&ph.sql);
            }
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

fn one_line(s: &str) -> String {
    s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect()
}

// ------------------------------------------------------------------------------------------------
// stages
// ------------------------------------------------------------------------------------------------

const B_ENUM: usize = 0;
const B_EXPAND: usize = 1;
const B_REBUILD: usize = 2;
const B_INDEX: usize = 3;
const B_BACKFILL: usize = 4;
const B_VALIDATE: usize = 5;
const A_BACKFILL: usize = 6;
const A_CONSTRAIN: usize = 7;
const A_VALIDATE: usize = 8;
const A_CONTRACT: usize = 9;
const A_DROP_INDEX: usize = 10;
const STAGES: usize = 11;

fn stage_info(s: usize) -> (&'static str, bool) {
    match s {
        B_ENUM => ("before deploying the new code: add enum values", true),
        B_EXPAND => ("before deploying the new code: expand", true),
        B_REBUILD => ("before deploying the new code: rebuild tables (manages its own transaction)", false),
        B_INDEX => ("before deploying the new code: build indexes concurrently", false),
        B_BACKFILL => ("before deploying the new code: backfill in batches", false),
        B_VALIDATE => ("before deploying the new code: validate constraints and tighten", true),
        A_BACKFILL => ("after deploying the new code: backfill in batches", false),
        A_CONSTRAIN => ("after deploying the new code: add NOT NULL checks (NOT VALID)", true),
        A_VALIDATE => ("after deploying the new code: validate and set NOT NULL", true),
        A_CONTRACT => ("after deploying the new code: contract", true),
        _ => ("after deploying the new code: drop indexes concurrently", false),
    }
}

// priorities inside a stage
const P_DROP_EARLY: u8 = 0;
const P_TYPE: u8 = 5;
const P_RENAME: u8 = 10;
const P_TABLE: u8 = 20;
const P_ADD_COLUMN: u8 = 30;
const P_ALTER_COLUMN: u8 = 40;
const P_SET_NOT_NULL: u8 = 45;
const P_CONSTRAINT: u8 = 50;
const P_INDEX: u8 = 55;
const P_FK: u8 = 60;
const P_COMMENT: u8 = 70;
const P_POLICY: u8 = 75;
const P_TRIGGER: u8 = 80;
const P_VIEW: u8 = 90;
// contract
const C_SHIMS: u8 = 0;
const C_POLICY: u8 = 5;
const C_FK: u8 = 10;
const C_CONSTRAINT: u8 = 20;
const C_INDEX: u8 = 25;
const C_COLUMN: u8 = 30;
const C_TABLE: u8 = 40;
const C_TYPE: u8 = 50;

// ------------------------------------------------------------------------------------------------
// comparison helpers
// ------------------------------------------------------------------------------------------------

/// A column's shape: type (kind, array dimensions), nullable, default, identity, generated.
type ColShape = ((TypeKind, u8), bool, Option<String>, Option<&'static str>, Option<String>);

/// What a column is, apart from its name (rename detection).
fn col_shape(d: Dialect, c: &Column) -> ColShape {
    ((c.data_type.kind.stored(), c.data_type.array_dims), c.nullable, c.default.as_deref().map(|e| norm_expr(d, e)), c.identity.as_ref().map(|i| i.id()), c.generated.as_ref().map(|g| norm_expr(d, &g.expression)))
}

fn same_column_def(d: Dialect, a: &Column, b: &Column) -> bool {
    col_shape(d, a) == col_shape(d, b) && a.collation == b.collation && a.on_update == b.on_update
}

fn eq_name(d: Dialect, a: &str, b: &str) -> bool {
    if d == Dialect::Postgres {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

fn table_key(d: Dialect, t: &Table) -> (String, String) {
    let s = if default_schema(d, t.schema.as_deref()) { String::new() } else { t.schema.clone().unwrap_or_default() };
    if d == Dialect::Postgres {
        (s, t.name.clone())
    } else {
        (s.to_ascii_lowercase(), t.name.to_ascii_lowercase())
    }
}

fn enum_key(d: Dialect, e: &EnumType) -> (String, String) {
    let s = if default_schema(d, e.schema.as_deref()) { String::new() } else { e.schema.clone().unwrap_or_default() };
    (s, e.name.clone())
}

fn lc(d: Dialect, s: &str) -> String {
    if d == Dialect::Postgres {
        s.to_string()
    } else {
        s.to_ascii_lowercase()
    }
}

// ------------------------------------------------------------------------------------------------
// the planner
// ------------------------------------------------------------------------------------------------

/// A table in both schemas.
struct Pair {
    oi: usize,
    ni: usize,
    renamed: bool,
    /// new column name → old column name, for columns matched by name or renamed in place.
    col_map: Vec<(String, String)>,
    /// columns renamed through expand/contract (old, new): their constraints are not mapped.
    expand_renames: Vec<(String, String)>,
    /// columns dropped (old names) and added (new names).
    dropped: Vec<String>,
    added: Vec<String>,
}

struct Planner<'a> {
    old: &'a Schema,
    new: &'a Schema,
    d: Dialect,
    opts: &'a DiffOptions,
    safe: bool,
    stmts: Vec<Vec<(u8, String)>>,
    warnings: Vec<String>,
    changes: Vec<Change>,
    questions: Vec<RenameQuestion>,
    /// rename decisions taken (kind, table in new schema or "", from, to, is_rename) for the rollback.
    decisions: Vec<RenameAnswer>,
    pairs: Vec<Pair>,
    added_tables: Vec<usize>,
    dropped_tables: Vec<usize>,
    /// old table index → new table index for matched tables.
    tmap: HashMap<usize, usize>,
    /// PostgreSQL enum types renamed (same values, one dropped and one added): (old, new).
    enum_renames: Vec<(EnumType, EnumType)>,
}

/// The schema without its logical foreign keys, when it has any.
fn database_only(s: &Schema) -> Option<Schema> {
    if !s.tables.iter().any(|t| t.foreign_keys.iter().any(|f| f.logical)) {
        return None;
    }
    let mut s = s.clone();
    for t in &mut s.tables {
        t.foreign_keys.retain(|f| !f.logical);
    }
    Some(s)
}

pub fn diff(old: &Schema, new: &Schema, dialect: Dialect, opts: &DiffOptions) -> Plan {
    // Logical relations (Prisma relationMode = "prisma") are not in the database: nothing to migrate.
    let (old_db, new_db) = (database_only(old), database_only(new));
    let (old, new) = (old_db.as_ref().unwrap_or(old), new_db.as_ref().unwrap_or(new));
    let mut p = Planner::new(old, new, dialect, opts, opts.safe);
    p.run();
    let decisions = p.decisions.clone();
    let mut plan = p.finish();
    // rollback: the inverse diff with the same rename decisions, direct statements
    let mut inv_answers: Vec<RenameAnswer> =
        decisions.iter().map(|a| RenameAnswer { kind: a.kind, table: a.table.clone(), from: a.to.clone(), to: a.from.clone(), is_rename: a.is_rename }).collect();
    // column answers refer to the table's name in the schema being migrated *to*; fix table renames
    for a in inv_answers.iter_mut().filter(|a| a.kind == RenameKind::Column) {
        if let Some(t) = decisions.iter().find(|t| t.kind == RenameKind::Table && t.is_rename && t.to == a.table) {
            a.table = t.from.clone();
        }
    }
    let inv_opts = DiffOptions { renames: inv_answers, safe: false, pg_version: opts.pg_version };
    let mut inv = Planner::new(new, old, dialect, &inv_opts, false);
    inv.run();
    let inv_plan = inv.finish();
    plan.down = if inv_plan.phases.is_empty() {
        "-- No changes.\n".into()
    } else {
        let mut s = String::from("-- Rollback: the inverse diff (new → old) as direct statements, not phased.\n");
        s.push_str("-- Data written to added columns/tables since the migration is lost.\n\n");
        s.push_str(&inv_plan.up_sql());
        s
    };
    plan
}

impl<'a> Planner<'a> {
    fn new(old: &'a Schema, new: &'a Schema, d: Dialect, opts: &'a DiffOptions, safe: bool) -> Self {
        Planner {
            old,
            new,
            d,
            opts,
            safe,
            stmts: vec![Vec::new(); STAGES],
            warnings: Vec::new(),
            changes: Vec::new(),
            questions: Vec::new(),
            decisions: Vec::new(),
            pairs: Vec::new(),
            added_tables: Vec::new(),
            dropped_tables: Vec::new(),
            tmap: HashMap::new(),
            enum_renames: Vec::new(),
        }
    }

    fn pg_safe(&self) -> bool {
        self.safe && self.d == Dialect::Postgres
    }

    fn push(&mut self, stage: usize, prio: u8, sql: impl Into<String>) {
        self.stmts[stage].push((prio, sql.into()));
    }

    fn change(&mut self, text: impl Into<String>, phased: bool) {
        self.changes.push(Change { text: text.into(), phased });
    }

    fn warn(&mut self, w: impl Into<String>) {
        let w = w.into();
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    fn answer(&self, kind: RenameKind, table: &str, from: &str, to: &str) -> Option<bool> {
        self.opts
            .renames
            .iter()
            .find(|a| a.kind == kind && (kind == RenameKind::Table || eq_name(self.d, &a.table, table)) && eq_name(self.d, &a.from, from) && eq_name(self.d, &a.to, to))
            .map(|a| a.is_rename)
    }

    /// Pairs dropped (`olds`) and added (`news`) items with equal shapes into renames.
    fn resolve_renames(&mut self, kind: RenameKind, table: &str, olds: &[(String, String)], news: &[(String, String)]) -> Vec<(String, String)> {
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

    fn run(&mut self) {
        let d = self.d;
        // ---- tables: match by name, then renames ----
        let mut new_matched = vec![false; self.new.tables.len()];
        let mut pairs_idx: Vec<(usize, usize, bool)> = Vec::new();
        let mut dropped = Vec::new();
        for (oi, ot) in self.old.tables.iter().enumerate() {
            let k = table_key(d, ot);
            match self.new.tables.iter().enumerate().position(|(ni, nt)| !new_matched[ni] && table_key(d, nt) == k) {
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
            v.sort();
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
        // ---- emit ----
        self.extensions();
        self.enums();
        self.create_tables();
        for k in 0..self.pairs.len() {
            self.table_changes(k);
        }
        self.drop_tables();
        self.other_enums_drop();
    }

    fn match_columns(&mut self, oi: usize, ni: usize, renamed: bool) -> Pair {
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
    fn rename_needs_in_place(&self, oi: usize, col: &str) -> bool {
        let t = &self.old.tables[oi];
        let in_pk = t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|c| c == col));
        let referenced = self.old.tables.iter().flat_map(|x| &x.foreign_keys).any(|fk| self.old.table_index(&fk.ref_table) == Some(oi) && fk.ref_columns.iter().any(|c| c == col));
        let special = t.column(col).is_some_and(|c| c.identity.is_some() || c.generated.is_some());
        in_pk || referenced || special
    }

    /// What an old column's type is for the database (a serial is its integer), with renamed
    /// enum types under their new name: equal for two columns exactly when the type did not change.
    fn old_type_canon(&self, dt: &DataType) -> (TypeKind, u8) {
        let mut kind = dt.kind.stored();
        if let TypeKind::Named(q) = &mut kind {
            if let Some((_, n)) = self.enum_renames.iter().find(|(o, _)| q.name == o.name || q.name.eq_ignore_ascii_case(&o.name)) {
                q.name = n.name.clone();
            }
        }
        (kind, dt.array_dims)
    }

    /// Extensions a new index operator class or default needs (PostgreSQL).
    fn extensions(&mut self) {
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
                if !self.stmts[B_EXPAND].iter().any(|(_, s)| *s == sql) {
                    self.push(B_EXPAND, P_TYPE - 1, sql);
                    self.change(format!("create extension {ext} (used by the new schema)"), false);
                }
            }
        }
    }

    // ---------------------------------------------------------------- enums (PostgreSQL)
    fn enums(&mut self) {
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
                self.push(B_EXPAND, P_TYPE, format!("ALTER TYPE {} RENAME TO {};", qname(d, o.schema.as_deref(), &o.name), q(d, &e.name)));
                self.change(format!("rename enum {} → {}", o.name, e.name), false);
                if self.safe {
                    self.warn(format!("renaming type {} breaks code that names it (casts, functions); deploy the new code right after", o.name));
                }
                continue;
            }
            match self.old.enums.iter().find(|o| enum_key(d, o) == key) {
                None => {
                    let vals: Vec<String> = e.values.iter().map(|v| lit(d, v)).collect();
                    self.push(B_EXPAND, P_TYPE, format!("CREATE TYPE {ename} AS ENUM ({});", vals.join(", ")));
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
                            self.push(B_ENUM, 0, format!("ALTER TYPE {ename} ADD VALUE IF NOT EXISTS {}{pos};", lit(d, v)));
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
    fn enum_swap(&mut self, o: EnumType, e: EnumType) {
        let d = self.d;
        let ename = qname(d, e.schema.as_deref(), &e.name);
        let old_name = format!("{}__old", e.name);
        let stage = if self.safe { A_CONTRACT } else { B_EXPAND };
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
            self.warn(format!(
                "enum {}: removing {} rewrites every table using the type and fails while rows still hold the removed value(s); update those rows first",
                e.name,
                removed.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
            ));
        }
    }

    fn other_enums_drop(&mut self) {
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
                self.push(A_CONTRACT, C_TYPE, format!("DROP TYPE {};", qname(d, o.schema.as_deref(), &o.name)));
                self.change(format!("drop enum {}", o.name), false);
            }
        }
    }

    // ---------------------------------------------------------------- tables
    fn create_tables(&mut self) {
        let d = self.d;
        // topological order over foreign keys between the added tables
        let added = self.added_tables.clone();
        let set: HashSet<usize> = added.iter().copied().collect();
        let deps = |i: usize| -> Vec<usize> {
            self.new.tables[i].foreign_keys.iter().filter_map(|f| self.new.table_index(&f.ref_table)).filter(|r| *r != i && set.contains(r)).collect()
        };
        let mut order = Vec::new();
        let mut state: HashMap<usize, u8> = HashMap::new();
        for &s in &added {
            if state.contains_key(&s) {
                continue;
            }
            let mut stack = vec![(s, 0usize)];
            state.insert(s, 1);
            while let Some(&mut (v, ref mut k)) = stack.last_mut() {
                let dv = deps(v);
                if *k < dv.len() {
                    let w = dv[*k];
                    *k += 1;
                    if let std::collections::hash_map::Entry::Vacant(e) = state.entry(w) {
                        e.insert(1);
                        stack.push((w, 0));
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
        for ni in order {
            let t = self.new.tables[ni].clone();
            if d == Dialect::Postgres {
                if let Some(s) = t.schema.as_deref().filter(|s| !default_schema(d, Some(s))) {
                    let exists = self.old.tables.iter().any(|o| o.schema.as_deref() == Some(s)) || self.old.enums.iter().any(|o| o.schema.as_deref() == Some(s));
                    if !exists && schemas_made.insert(s.to_string()) {
                        self.push(B_EXPAND, P_TYPE, format!("CREATE SCHEMA IF NOT EXISTS {};", q(d, s)));
                    }
                }
            }
            let new = self.new;
            let inline = |fk: &ForeignKey| -> bool {
                if d == Dialect::Sqlite {
                    return true;
                }
                match new.table_index(&fk.ref_table) {
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
            self.push(B_EXPAND, P_TABLE, sql);
            created.insert(ni);
            for fk in deferred {
                self.push(B_EXPAND, P_FK, format!("ALTER TABLE {} ADD {};", tname(d, &t), fk_clause(d, &fk)));
            }
            for ix in t.indexes.iter().filter(|i| !i.implicit) {
                // a new table is empty: no need for CONCURRENTLY
                self.push(B_EXPAND, P_INDEX, index_sql(d, &t, ix, false));
            }
            self.comments_for_new_table(&t);
            if d == Dialect::Postgres {
                for p in &t.policies {
                    self.push(B_EXPAND, P_POLICY, policy_sql(d, &t, p));
                }
                if t.rls_enabled {
                    self.push(B_EXPAND, P_POLICY + 1, format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", tname(d, &t)));
                }
                if t.rls_forced {
                    self.push(B_EXPAND, P_POLICY + 1, format!("ALTER TABLE {} FORCE ROW LEVEL SECURITY;", tname(d, &t)));
                }
            }
            self.change(format!("create table {}", t.qualified_name()), false);
        }
    }

    fn comments_for_new_table(&mut self, t: &Table) {
        let d = self.d;
        if d != Dialect::Postgres {
            return;
        }
        if let Some(c) = &t.comment {
            self.push(B_EXPAND, P_COMMENT, format!("COMMENT ON TABLE {} IS {};", tname(d, t), lit(d, c)));
        }
        for c in &t.columns {
            if let Some(cm) = &c.comment {
                self.push(B_EXPAND, P_COMMENT, format!("COMMENT ON COLUMN {}.{} IS {};", tname(d, t), q(d, &c.name), lit(d, cm)));
            }
        }
    }

    fn drop_tables(&mut self) {
        let d = self.d;
        // referencing tables first: reverse dependency order over the dropped set
        let dropped = self.dropped_tables.clone();
        let set: HashSet<usize> = dropped.iter().copied().collect();
        let mut order: Vec<usize> = Vec::new();
        let mut left: Vec<usize> = dropped.clone();
        let mut guard = 0;
        let mut cycle_fks: Vec<String> = Vec::new();
        while !left.is_empty() && guard < 10_000 {
            guard += 1;
            // a table nobody left references can go
            let pick = left.iter().position(|&i| {
                !left.iter().any(|&j| j != i && self.old.tables[j].foreign_keys.iter().any(|f| self.old.table_index(&f.ref_table) == Some(i)))
            });
            let k = match pick {
                Some(k) => k,
                None => {
                    // a cycle: drop the foreign keys that point at the first table
                    let i = left[0];
                    for &j in &left[1..] {
                        let t = &self.old.tables[j];
                        for f in t.foreign_keys.iter().filter(|f| self.old.table_index(&f.ref_table) == Some(i)) {
                            if let (Some(n), true) = (&f.name, d != Dialect::Sqlite) {
                                let kw = if d == Dialect::Mysql { "FOREIGN KEY" } else { "CONSTRAINT" };
                                cycle_fks.push(format!("ALTER TABLE {} DROP {kw} {};", tname(d, t), q(d, n)));
                            }
                        }
                    }
                    0
                }
            };
            order.push(left.remove(k));
        }
        let _ = set;
        for f in cycle_fks {
            self.push(A_CONTRACT, C_TABLE - 1, f);
        }
        for oi in order {
            let t = &self.old.tables[oi];
            let sql = format!("DROP TABLE {};", tname(d, t));
            let name = t.qualified_name().to_string();
            self.push(A_CONTRACT, C_TABLE, sql);
            self.change(format!("drop table {name}"), false);
        }
    }

    // ---------------------------------------------------------------- one table in both schemas
    fn table_changes(&mut self, k: usize) {
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
                self.push(B_EXPAND, P_RENAME, sql);
                self.push(B_EXPAND, P_VIEW, format!("-- the old name keeps working for the running code until the deploy\nCREATE VIEW {from} AS SELECT * FROM {tn};"));
                self.push(A_CONTRACT, C_SHIMS, format!("DROP VIEW {from};"));
                self.change(format!("rename table {} → {} (a view keeps the old name until after the deploy)", ot.name, nt.name), true);
            } else {
                self.push(B_EXPAND, P_RENAME, sql);
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
                self.push(B_EXPAND, P_RENAME, sql);
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
        for (from, to) in &pair_renames {
            self.expand_rename(&ot, &nt, from, to);
        }
        // ---- columns: added ----
        let added = self.pairs[k].added.clone();
        let (ocols, ncols) = (ColumnLookup::new(&ot), ColumnLookup::new(&nt));
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
            self.push(A_CONTRACT, C_COLUMN, sql);
            self.change(format!("drop column {}.{c}", nt.name), false);
        }
        // ---- comments ----
        self.comments(k, &ot, &nt);
        // ---- RLS ----
        if d == Dialect::Postgres {
            self.rls(&ot, &nt);
        }
    }

    fn add_column(&mut self, t: &Table, c: &Column) {
        let d = self.d;
        let tn = tname(d, t);
        let label = format!("{}.{}", t.name, c.name);
        if d == Dialect::Mysql {
            let instant = c.identity.is_none() && c.generated.as_ref().is_none_or(|g| !g.stored);
            let alg = if instant { ", ALGORITHM=INSTANT" } else { "" };
            self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {}{alg};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        if d == Dialect::Sqlite {
            // simple cases only reach here (see sqlite_needs_rebuild)
            self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        // PostgreSQL
        // the checker's answer (one volatility function), against the schema the plan runs on
        let volatile = c.default.as_deref().is_some_and(|e| crate::migrate::volatility::is_volatile(e, d, self.old));
        let rewrites = c.identity.as_ref().is_some_and(|i| *i != crate::model::Identity::Serial) || c.generated.is_some() || render::is_serial_type(c);
        if !self.safe || rewrites {
            self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            if self.safe && rewrites {
                self.warn(format!("adding {label} (identity, serial or generated) rewrites the table under an ACCESS EXCLUSIVE lock"));
            }
            return;
        }
        let const_default = c.default.is_some() && !volatile && self.opts.pg_version >= 11;
        if c.nullable && !volatile || (!c.nullable && const_default) {
            // metadata-only on PostgreSQL 11+ (a constant default is stored, not written)
            self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, false, true, false)));
            self.change(format!("add column {label}"), false);
            return;
        }
        // nullable first, default separately (a volatile default in ADD COLUMN rewrites the table)
        self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, c, true, false, false)));
        if let Some(def) = &c.default {
            self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {} SET DEFAULT {def};", q(d, &c.name)));
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
        let (sb, sc, sv) = if after { (A_BACKFILL, A_CONSTRAIN, A_VALIDATE) } else { (B_BACKFILL, B_EXPAND, B_VALIDATE) };
        self.push(sb, 0, bf);
        if !c.nullable {
            self.not_null_steps(t, &c.name, sc, sv);
            self.change(format!("add column {label} (nullable, backfill, then NOT NULL through a validated check)"), true);
        } else {
            self.change(format!("add column {label} (default set separately, backfill in batches)"), true);
        }
    }

    /// CHECK (c IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL → drop the check.
    fn not_null_steps(&mut self, t: &Table, col: &str, add_stage: usize, validate_stage: usize) {
        let d = self.d;
        let tn = tname(d, t);
        let cname = q(d, clamp(d, &format!("{}_{}_not_null", t.name, col)));
        self.push(add_stage, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {cname} CHECK ({} IS NOT NULL) NOT VALID;", q(d, col)));
        if self.opts.pg_version < 12 {
            // before PostgreSQL 12 SET NOT NULL scans the table even with the CHECK validated: the
            // validated CHECK enforces NOT NULL instead
            self.push(validate_stage, P_SET_NOT_NULL, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {cname};"));
            self.warn(format!("{}.{col} is enforced NOT NULL by the validated CHECK {cname}: before PostgreSQL 12, SET NOT NULL would scan the table under ACCESS EXCLUSIVE", t.name));
            return;
        }
        self.push(
            validate_stage,
            P_SET_NOT_NULL,
            format!(
                "ALTER TABLE {tn} VALIDATE CONSTRAINT {cname};\nALTER TABLE {tn} ALTER COLUMN {c} SET NOT NULL;\nALTER TABLE {tn} DROP CONSTRAINT {cname};",
                c = q(d, col)
            ),
        );
    }

    fn expand_rename(&mut self, ot: &Table, nt: &Table, from: &str, to: &str) {
        let d = self.d;
        let tn = tname(d, nt);
        let (Some(oc), Some(nc)) = (ot.column(from).cloned(), nt.column(to).cloned()) else { return };
        self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, &nc, true, false, false)));
        let (f, tr) = sync_trigger(d, nt, from, to, None);
        self.push(B_EXPAND, P_TRIGGER, f);
        self.push(B_BACKFILL, 0, backfill(d, nt, to, &q(d, from), &format!("{} IS NULL AND {} IS NOT NULL", q(d, to), q(d, from))));
        if !nc.nullable {
            self.not_null_steps(nt, to, B_EXPAND, B_VALIDATE);
        }
        let mut contract = vec![tr, format!("ALTER TABLE {tn} DROP COLUMN {};", q(d, from))];
        if let Some(def) = &nc.default {
            contract.push(format!("ALTER TABLE {tn} ALTER COLUMN {} SET DEFAULT {def};", q(d, to)));
        }
        self.push(A_CONTRACT, C_COLUMN, contract.join("\n"));
        let _ = oc;
        self.change(format!("rename column {}.{from} → {to} (expand/contract: new column kept in step by a trigger, backfill, old column dropped after the deploy)", nt.name), true);
    }

    fn alter_column(&mut self, ot: &Table, nt: &Table, a: &Column, b: &Column) {
        let d = self.d;
        let tn = tname(d, nt);
        let c = q(d, &b.name);
        let label = format!("{}.{}", nt.name, b.name);
        // both sides mapped: the importer keeps a column's type spelling when its enum is renamed later
        let type_changed = self.old_type_canon(&a.data_type) != self.old_type_canon(&b.data_type);
        let null_changed = a.nullable != b.nullable;
        let def_changed = a.default.as_deref().map(|e| norm_expr(d, e)) != b.default.as_deref().map(|e| norm_expr(d, e)) && !render::is_serial_type(b);
        let comment_changed = a.comment != b.comment;
        if d == Dialect::Mysql {
            if type_changed || null_changed || a.on_update != b.on_update || a.collation != b.collation || a.identity != b.identity || (comment_changed) {
                self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} MODIFY COLUMN {};", column_def(d, b, false, true, false)));
                self.change(format!("change column {label} ({} → {})", a.data_type.spelling, b.data_type.spelling), false);
                if self.safe && (type_changed || null_changed) {
                    self.warn(format!("changing {label} copies the table (MySQL blocks writes for the duration unless the change is INPLACE-capable)"));
                }
            } else if def_changed {
                let sql = match &b.default {
                    Some(def) => format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {}, ALGORITHM=INSTANT;", default_sql(d, def)),
                    None => format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT, ALGORITHM=INSTANT;"),
                };
                self.push(B_EXPAND, P_ALTER_COLUMN, sql);
                self.change(format!("change default of {label}"), false);
            }
            return;
        }
        // PostgreSQL (SQLite changes go through the rebuild)
        if type_changed {
            let in_place = !pg_type_change_rewrites(SchemaType::new(self.old, &a.data_type), SchemaType::new(self.new, &b.data_type), self.opts.pg_version);
            let keyed = column_is_keyed(ot, &a.name) || column_is_keyed(nt, &b.name) || self.old.tables.iter().flat_map(|x| &x.foreign_keys).any(|f| self.old.table(&f.ref_table).is_some_and(|r| table_key(d, r) == table_key(d, ot)) && f.ref_columns.contains(&a.name));
            let special = a.identity.is_some() || b.identity.is_some() || a.generated.is_some() || b.generated.is_some();
            if in_place || !self.safe || keyed || special {
                let using = if in_place { String::new() } else { format!(" USING {c}::{}", plain_type(b)) };
                if !in_place {
                    self.warn_cast(nt, a, b);
                }
                // a default of the old type may not cast: reset it around the change
                let reset_default = !in_place && a.default.is_some();
                if reset_default {
                    self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;"));
                }
                self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} TYPE {}{using};", plain_type(b)));
                if reset_default && !def_changed {
                    if let Some(def) = &b.default {
                        self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"));
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
                self.push(B_EXPAND, P_ALTER_COLUMN + 2, sql);
                self.change(format!("change identity of {label}: {} → {}", a.identity.as_ref().map_or("none", |i| i.id()), b.identity.as_ref().map_or("none", |i| i.id())), false);
                if self.safe && is_id(&b.identity) && !is_id(&a.identity) {
                    self.warn(format!("adding an identity to {label} takes an ACCESS EXCLUSIVE lock while the sequence is created"));
                }
            }
        }
        if null_changed {
            if b.nullable {
                self.push(B_EXPAND, P_ALTER_COLUMN, format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP NOT NULL;"));
                self.change(format!("make {label} nullable"), false);
            } else if self.safe {
                self.not_null_steps(nt, &b.name, B_EXPAND, B_VALIDATE);
                self.change(format!("make {label} NOT NULL (validated check first, no long lock)"), true);
                self.warn(format!("{label} becomes NOT NULL: the validate phase fails while rows hold NULL; update them first"));
            } else {
                self.push(B_EXPAND, P_SET_NOT_NULL, format!("ALTER TABLE {tn} ALTER COLUMN {c} SET NOT NULL;"));
                self.change(format!("make {label} NOT NULL"), false);
            }
        }
        if def_changed {
            let sql = match &b.default {
                Some(def) => format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"),
                None => format!("ALTER TABLE {tn} ALTER COLUMN {c} DROP DEFAULT;"),
            };
            self.push(B_EXPAND, P_ALTER_COLUMN + 1, sql);
            self.change(format!("change default of {label}"), false);
        }
    }

    /// Type change through a shadow column `c__new`.
    fn expand_type_change(&mut self, t: &Table, a: &Column, b: &Column) {
        let d = self.d;
        self.warn_cast(t, a, b);
        let tn = tname(d, t);
        let c = q(d, &b.name);
        let tmp_name = clamp(d, &format!("{}__new", b.name)).to_string();
        let tmp = q(d, &tmp_name);
        let mut shadow = b.clone();
        shadow.name = tmp_name.clone();
        self.push(B_EXPAND, P_ADD_COLUMN, format!("ALTER TABLE {tn} ADD COLUMN {};", column_def(d, &shadow, true, false, false)));
        let (f, tr) = sync_trigger(d, t, &b.name, &tmp_name, Some((plain_type(a), plain_type(b))));
        self.push(B_EXPAND, P_TRIGGER, f);
        self.push(B_BACKFILL, 0, backfill(d, t, &tmp_name, &format!("{c}::{}", plain_type(b)), &format!("{tmp} IS NULL AND {c} IS NOT NULL")));
        if !b.nullable {
            self.not_null_steps(t, &tmp_name, B_EXPAND, B_VALIDATE);
        }
        let mut sw = vec![tr, format!("ALTER TABLE {tn} DROP COLUMN {c};"), format!("ALTER TABLE {tn} RENAME COLUMN {tmp} TO {c};")];
        if let Some(def) = &b.default {
            sw.push(format!("ALTER TABLE {tn} ALTER COLUMN {c} SET DEFAULT {def};"));
        }
        self.push(A_CONTRACT, C_COLUMN, format!("-- switch {}.{} to the new type\n{}", t.name, b.name, sw.join("\n")));
        self.change(
            format!("change type of {}.{}: {} → {} (expand/contract: shadow column kept in step by a trigger, backfill, switch after the deploy)", t.name, b.name, a.data_type.spelling, b.data_type.spelling),
            true,
        );
        if b.nullable != a.nullable && b.nullable {
            // nothing more: the shadow column is created nullable
        }
    }

    /// Between type families a plain cast may not exist or not mean what the data needs.
    fn warn_cast(&mut self, t: &Table, a: &Column, b: &Column) {
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

    // ---------------------------------------------------------------- constraints and indexes
    fn map_old_cols(&self, k: usize, cols: &[String]) -> Vec<String> {
        let p = &self.pairs[k];
        cols.iter()
            .map(|c| p.col_map.iter().find(|(_, o)| eq_name(self.d, o, c)).map(|(n, _)| n.clone()).unwrap_or_else(|| format!("\u{0}{c}")))
            .collect()
    }

    fn map_ref_table(&self, q: &crate::model::QualifiedName) -> String {
        match self.old.table_index(q) {
            Some(oi) => match self.tmap.get(&oi) {
                Some(&ni) => format!("{:?}", table_key(self.d, &self.new.tables[ni])),
                None => format!("dropped:{oi}"),
            },
            None => format!("{:?}", (q.schema.clone().unwrap_or_default(), lc(self.d, &q.name))),
        }
    }

    fn new_ref_table(&self, q: &crate::model::QualifiedName) -> String {
        match self.new.table_index(q) {
            Some(ni) => format!("{:?}", table_key(self.d, &self.new.tables[ni])),
            None => format!("{:?}", (q.schema.clone().unwrap_or_default(), lc(self.d, &q.name))),
        }
    }

    /// Referenced columns of an FK in the old schema, mapped to the new names of their table.
    fn map_ref_cols(&self, fk: &ForeignKey) -> Vec<String> {
        let Some(oi) = self.old.table_index(&fk.ref_table) else { return fk.ref_columns.clone() };
        match self.pairs.iter().position(|p| p.oi == oi) {
            Some(k) => self.map_old_cols(k, &fk.ref_columns),
            None => fk.ref_columns.clone(),
        }
    }

    fn lcv(&self, v: &[String]) -> Vec<String> {
        v.iter().map(|c| lc(self.d, c)).collect()
    }

    fn constraints(&mut self, k: usize, ot: &Table, nt: &Table) {
        let d = self.d;
        let tn = tname(d, nt);
        let safe = self.pg_safe();
        let old_names: HashSet<String> = ot.constraint_names().iter().map(|s| lc(d, s)).collect();
        // ---- primary key ----
        let opk = ot.primary_key.as_ref().map(|p| self.lcv(&self.map_old_cols(k, &p.columns)));
        let npk = nt.primary_key.as_ref().map(|p| self.lcv(&p.columns));
        if opk != npk {
            if let Some(p) = &ot.primary_key {
                let sql = match d {
                    Dialect::Mysql => format!("ALTER TABLE {tn} DROP PRIMARY KEY;"),
                    _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, p.name.as_deref().unwrap_or(&format!("{}_pkey", ot.name)))),
                };
                // the new key may reuse the name: drop first
                self.push(B_EXPAND, P_DROP_EARLY, sql);
                self.change(format!("drop primary key of {}", nt.name), false);
            }
            if let Some(p) = &nt.primary_key {
                self.add_pk(nt, p);
            }
        } else if let (Some(a), Some(b)) = (&ot.primary_key, &nt.primary_key) {
            self.rename_constraint(nt, a.name.as_deref(), b.name.as_deref(), false);
        }
        // ---- unique ----
        let mut matched_new: HashSet<usize> = HashSet::new();
        for ou in &ot.uniques {
            let key = (self.lcv(&self.map_old_cols(k, &ou.columns)), ou.nulls_not_distinct);
            match nt.uniques.iter().enumerate().find(|(i, nu)| !matched_new.contains(i) && (self.lcv(&nu.columns), nu.nulls_not_distinct) == key) {
                Some((i, nu)) => {
                    matched_new.insert(i);
                    let nn = nu.name.clone();
                    self.rename_constraint(nt, ou.name.as_deref(), nn.as_deref(), d == Dialect::Mysql);
                }
                None => {
                    let name = ou.name.clone().unwrap_or_default();
                    let reused = nt.constraint_names().iter().any(|n| eq_name(d, n, &name));
                    let sql = match d {
                        Dialect::Mysql => format!("ALTER TABLE {tn} DROP INDEX {};", q(d, &name)),
                        _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name)),
                    };
                    if reused || !self.safe {
                        self.push(B_EXPAND, P_DROP_EARLY, sql);
                    } else {
                        self.push(A_CONTRACT, C_CONSTRAINT, sql);
                    }
                    self.change(format!("drop unique constraint {name} on {}", nt.name), false);
                }
            }
        }
        for (i, nu) in nt.uniques.iter().enumerate() {
            if matched_new.contains(&i) {
                continue;
            }
            self.add_unique(nt, nu, &old_names);
        }
        // ---- checks ----
        let mut matched_new: HashSet<usize> = HashSet::new();
        for oc in &ot.checks {
            match nt.checks.iter().enumerate().find(|(i, nc)| !matched_new.contains(i) && norm_expr(self.d, &nc.expression) == norm_expr(self.d, &oc.expression)) {
                Some((i, nc)) => {
                    matched_new.insert(i);
                    let nn = nc.name.clone();
                    if d != Dialect::Mysql {
                        self.rename_constraint(nt, oc.name.as_deref(), nn.as_deref(), false);
                    }
                }
                None => {
                    let Some(name) = oc.name.clone() else { continue };
                    let reused = nt.checks.iter().any(|c| c.name.as_deref().is_some_and(|n| eq_name(d, n, &name)));
                    let sql = format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name));
                    if reused || !self.safe {
                        self.push(B_EXPAND, P_DROP_EARLY, sql);
                    } else {
                        self.push(A_CONTRACT, C_CONSTRAINT, sql);
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
        // ---- foreign keys ----
        let mut matched_new: HashSet<usize> = HashSet::new();
        for of in &ot.foreign_keys {
            let key = (self.lcv(&self.map_old_cols(k, &of.columns)), self.map_ref_table(&of.ref_table), self.lcv(&self.map_ref_cols(of)), of.on_delete, of.on_update, of.deferrable);
            let found = nt.foreign_keys.iter().enumerate().find(|(i, nf)| {
                !matched_new.contains(i) && (self.lcv(&nf.columns), self.new_ref_table(&nf.ref_table), self.lcv(&nf.ref_columns), nf.on_delete, nf.on_update, nf.deferrable) == key
            });
            match found {
                Some((i, nf)) => {
                    matched_new.insert(i);
                    let nn = nf.name.clone();
                    if d == Dialect::Postgres {
                        self.rename_constraint(nt, of.name.as_deref(), nn.as_deref(), false);
                    }
                }
                None => {
                    let Some(name) = of.name.clone() else { continue };
                    let sql = match d {
                        Dialect::Mysql => format!("ALTER TABLE {tn} DROP FOREIGN KEY {};", q(d, &name)),
                        _ => format!("ALTER TABLE {tn} DROP CONSTRAINT {};", q(d, &name)),
                    };
                    let reused = nt.foreign_keys.iter().any(|f| f.name.as_deref().is_some_and(|n| eq_name(d, n, &name)));
                    if reused || !self.safe {
                        self.push(B_EXPAND, P_DROP_EARLY, sql);
                    } else {
                        self.push(A_CONTRACT, C_FK, sql);
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
                self.push(B_EXPAND, P_FK, format!("ALTER TABLE {tn} ADD {clause} NOT VALID;"));
                if let Some(n) = &nf.name {
                    self.push(B_VALIDATE, P_CONSTRAINT, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {};", q(d, n)));
                }
                self.change(format!("add foreign key {} on {} (NOT VALID, then VALIDATE)", nf.name.as_deref().unwrap_or(""), nt.name), true);
            } else {
                self.push(B_EXPAND, P_FK, format!("ALTER TABLE {tn} ADD {clause};"));
                self.change(format!("add foreign key {} on {}", nf.name.as_deref().unwrap_or(""), nt.name), false);
            }
        }
        // ---- indexes ----
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
        for oix in ot.indexes.iter().filter(|i| !i.implicit) {
            let key = ix_key(self, oix, true);
            match onew.iter().enumerate().find(|(i, nix)| !matched_new.contains(i) && ix_key(self, nix, false) == key) {
                Some((i, nix)) => {
                    matched_new.insert(i);
                    let (a, b) = (index_name(d, ot, oix), index_name(d, nt, nix));
                    if !eq_name(d, &a, &b) || (d == Dialect::Postgres && a != b) {
                        let sql = match d {
                            Dialect::Postgres => format!("ALTER INDEX {} RENAME TO {};", qname(d, nt.schema.as_deref(), &a), q(d, &b)),
                            Dialect::Mysql => format!("ALTER TABLE {tn} RENAME INDEX {} TO {};", q(d, &a), q(d, &b)),
                            Dialect::Sqlite => format!("DROP INDEX {};\n{}", q(d, &a), index_sql(d, nt, nix, false)),
                        };
                        self.push(B_EXPAND, P_RENAME, sql);
                        self.change(format!("rename index {a} → {b}"), false);
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
                                self.push(B_EXPAND, P_DROP_EARLY, format!("DROP INDEX {iq};"));
                            } else if dropped_col {
                                // DROP COLUMN drops the index with its column (in the contract
                                // phase, under the lock DROP COLUMN takes anyway): no statement of
                                // its own, which would hold ACCESS EXCLUSIVE a second time.
                            } else {
                                self.push(A_DROP_INDEX, 0, format!("DROP INDEX CONCURRENTLY {iq};"));
                            }
                        }
                        Dialect::Mysql => {
                            let stage = if reused || !self.safe { B_EXPAND } else { A_CONTRACT };
                            let prio = if stage == B_EXPAND { P_DROP_EARLY } else { C_INDEX };
                            self.push(stage, prio, format!("ALTER TABLE {tn} DROP INDEX {}, ALGORITHM=INPLACE, LOCK=NONE;", q(d, &name)));
                        }
                        Dialect::Sqlite => self.push(B_EXPAND, P_DROP_EARLY, format!("DROP INDEX {};", q(d, &name))),
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
                    self.push(B_INDEX, 0, index_sql(d, nt, nix, true));
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
                    self.push(B_EXPAND, P_INDEX, s);
                    self.change(format!("create index {name}"), false);
                }
                _ => {
                    self.push(B_EXPAND, P_INDEX, index_sql(d, nt, nix, false));
                    self.change(format!("create index {name}"), false);
                }
            }
        }
    }

    fn rename_constraint(&mut self, nt: &Table, a: Option<&str>, b: Option<&str>, mysql_index: bool) {
        let d = self.d;
        let (Some(a), Some(b)) = (a, b) else { return };
        if a == b || d == Dialect::Sqlite || (d == Dialect::Mysql && (a.eq_ignore_ascii_case(b) || a == "PRIMARY")) {
            return;
        }
        let tn = tname(d, nt);
        let sql = match d {
            Dialect::Mysql if mysql_index => format!("ALTER TABLE {tn} RENAME INDEX {} TO {};", q(d, a), q(d, b)),
            Dialect::Mysql => return,
            _ => format!("ALTER TABLE {tn} RENAME CONSTRAINT {} TO {};", q(d, a), q(d, b)),
        };
        self.push(B_EXPAND, P_RENAME + 1, sql);
        self.change(format!("rename constraint {a} → {b}"), false);
    }

    fn add_pk(&mut self, nt: &Table, p: &PrimaryKey) {
        let d = self.d;
        let tn = tname(d, nt);
        if self.pg_safe() {
            let name = p.name.clone().unwrap_or_else(|| format!("{}_pkey", nt.name));
            self.push(B_INDEX, 0, format!("CREATE UNIQUE INDEX CONCURRENTLY {} ON {tn} ({});", q(d, &name), cols(d, &p.columns)));
            self.push(B_VALIDATE, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {};", q(d, &name), q(d, &name)));
            self.change(format!("add primary key on {} (unique index built concurrently, then USING INDEX)", nt.name), true);
        } else {
            self.push(B_EXPAND, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", pk_clause(d, p)));
            self.change(format!("add primary key on {}", nt.name), false);
        }
    }

    fn add_unique(&mut self, nt: &Table, u: &UniqueConstraint, _old_names: &HashSet<String>) {
        let d = self.d;
        let tn = tname(d, nt);
        let name = u.name.clone().unwrap_or_else(|| format!("{}_{}_key", nt.name, u.columns.join("_")));
        if self.pg_safe() {
            let nnd = if u.nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" };
            self.push(B_INDEX, 0, format!("CREATE UNIQUE INDEX CONCURRENTLY {} ON {tn} ({}){nnd};", q(d, &name), cols(d, &u.columns)));
            self.push(B_VALIDATE, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD CONSTRAINT {} UNIQUE USING INDEX {};", q(d, &name), q(d, &name)));
            self.change(format!("add unique constraint {name} (unique index built concurrently, then USING INDEX)"), true);
        } else if d == Dialect::Mysql {
            self.push(B_EXPAND, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {}, ALGORITHM=INPLACE, LOCK=NONE;", unique_clause(d, u)));
            self.change(format!("add unique constraint {name}"), false);
        } else {
            self.push(B_EXPAND, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", unique_clause(d, u)));
            self.change(format!("add unique constraint {name}"), false);
        }
    }

    fn add_check(&mut self, nt: &Table, c: &Check) {
        let d = self.d;
        let tn = tname(d, nt);
        let name = c.name.clone().unwrap_or_default();
        if self.pg_safe() && c.name.is_some() {
            self.push(B_EXPAND, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {} NOT VALID;", check_clause(d, c)));
            self.push(B_VALIDATE, P_CONSTRAINT, format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {};", q(d, &name)));
            self.change(format!("add check {name} on {} (NOT VALID, then VALIDATE)", nt.name), true);
        } else {
            self.push(B_EXPAND, P_CONSTRAINT, format!("ALTER TABLE {tn} ADD {};", check_clause(d, c)));
            self.change(format!("add check {name} on {}", nt.name), false);
        }
    }

    fn comments(&mut self, k: usize, ot: &Table, nt: &Table) {
        let d = self.d;
        let tn = tname(d, nt);
        let cm = |c: &Option<String>| c.as_ref().map(|s| lit(d, s)).unwrap_or_else(|| "NULL".into());
        match d {
            Dialect::Postgres => {
                if ot.comment != nt.comment {
                    self.push(B_EXPAND, P_COMMENT, format!("COMMENT ON TABLE {tn} IS {};", cm(&nt.comment)));
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
                    self.push(B_EXPAND, P_COMMENT, sql);
                    self.change(change, false);
                }
            }
            Dialect::Mysql => {
                if ot.comment != nt.comment {
                    self.push(B_EXPAND, P_COMMENT, format!("ALTER TABLE {tn} COMMENT = {};", nt.comment.as_ref().map(|s| lit(d, s)).unwrap_or_else(|| "''".into())));
                    self.change(format!("change comment of {}", nt.name), false);
                }
            }
            Dialect::Sqlite => {}
        }
    }

    fn rls(&mut self, ot: &Table, nt: &Table) {
        let d = self.d;
        let tn = tname(d, nt);
        for op in &ot.policies {
            match nt.policies.iter().find(|np| np.name == op.name) {
                Some(np) if np.command == op.command && np.permissive == op.permissive && np.roles == op.roles && np.using.as_deref().map(|e| norm_expr(d, e)) == op.using.as_deref().map(|e| norm_expr(d, e)) && np.with_check.as_deref().map(|e| norm_expr(d, e)) == op.with_check.as_deref().map(|e| norm_expr(d, e)) => {}
                Some(np) => {
                    self.push(B_EXPAND, P_POLICY, format!("DROP POLICY {} ON {tn};\n{}", q(d, &op.name), policy_sql(d, nt, np)));
                    self.change(format!("change policy {} on {}", op.name, nt.name), false);
                }
                None => {
                    self.push(A_CONTRACT, C_POLICY, format!("DROP POLICY {} ON {tn};", q(d, &op.name)));
                    self.change(format!("drop policy {} on {}", op.name, nt.name), false);
                }
            }
        }
        for np in &nt.policies {
            if !ot.policies.iter().any(|op| op.name == np.name) {
                self.push(B_EXPAND, P_POLICY, policy_sql(d, nt, np));
                self.change(format!("create policy {} on {}", np.name, nt.name), false);
            }
        }
        if ot.rls_enabled != nt.rls_enabled {
            if nt.rls_enabled {
                self.push(B_EXPAND, P_POLICY + 1, format!("ALTER TABLE {tn} ENABLE ROW LEVEL SECURITY;"));
                self.change(format!("enable row level security on {}", nt.name), false);
                if nt.policies.is_empty() {
                    self.warn(format!("row level security on {} without any policy denies every row to roles other than the owner", nt.name));
                }
            } else {
                self.push(A_CONTRACT, C_POLICY, format!("ALTER TABLE {tn} DISABLE ROW LEVEL SECURITY;"));
                self.change(format!("disable row level security on {}", nt.name), false);
            }
        }
        if ot.rls_forced != nt.rls_forced {
            let s = if nt.rls_forced { "FORCE" } else { "NO FORCE" };
            self.push(B_EXPAND, P_POLICY + 1, format!("ALTER TABLE {tn} {s} ROW LEVEL SECURITY;"));
            self.change(format!("{} row level security on {}", s.to_ascii_lowercase(), nt.name), false);
        }
    }

    // ---------------------------------------------------------------- SQLite rebuild
    fn sqlite_needs_rebuild(&self, k: usize) -> bool {
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
        ou.sort();
        nu.sort();
        if ou != nu {
            return true;
        }
        let mut oc: Vec<String> = ot.checks.iter().map(|c| norm_expr(d, &c.expression)).collect();
        let mut nc: Vec<String> = nt.checks.iter().map(|c| norm_expr(d, &c.expression)).collect();
        oc.sort();
        nc.sort();
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
        of.sort();
        nf.sort();
        of != nf || ot.without_rowid != nt.without_rowid || ot.strict != nt.strict
    }

    fn sqlite_rebuild(&mut self, k: usize) {
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
        self.push(B_REBUILD, 0, s.join("\n"));
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

    // ---------------------------------------------------------------- result
    fn finish(mut self) -> Plan {
        let d = self.d;
        let mut phases = Vec::new();
        let mut stages: Vec<(usize, Vec<String>)> = Vec::new();
        for s in 0..STAGES {
            let mut v = std::mem::take(&mut self.stmts[s]);
            v.sort_by_key(|(p, _)| *p);
            if !v.is_empty() {
                stages.push((s, v.into_iter().map(|(_, s)| s).collect()));
            }
        }
        if self.safe {
            for (s, v) in stages {
                let (title, tx) = stage_info(s);
                let mut sql = String::new();
                if d == Dialect::Postgres {
                    sql.push_str("SET lock_timeout = '5s';\n");
                }
                for st in v {
                    sql.push_str(&st);
                    sql.push('\n');
                }
                phases.push((title.to_string(), tx, sql));
            }
        } else {
            // direct: merge consecutive transactional stages (enum additions stay apart)
            for (s, v) in stages {
                let (_, tx) = stage_info(s);
                let title = match s {
                    B_ENUM => "add enum values (committed before they are used)",
                    B_REBUILD => "rebuild tables (manages its own transaction)",
                    _ => "migration (direct statements)",
                };
                let body: String = v.iter().map(|x| format!("{x}\n")).collect();
                match phases.last_mut() {
                    Some((t, ptx, sql)) if *ptx && tx && s != B_ENUM && t != "add enum values (committed before they are used)" => sql.push_str(&body),
                    _ => phases.push((title.to_string(), tx, body)),
                }
            }
        }
        let n = phases.len();
        let phases = phases
            .into_iter()
            .enumerate()
            .map(|(i, (title, tx, sql))| Phase { title: if n > 0 { format!("Phase {} — {title}", i + 1) } else { title }, transactional: tx, sql })
            .collect();
        Plan { phases, down: String::new(), questions: self.questions, warnings: self.warnings, changes: self.changes, dialect: d }
    }
}


fn column_is_keyed(t: &Table, c: &str) -> bool {
    t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|x| x == c))
        || t.uniques.iter().any(|u| u.columns.iter().any(|x| x == c))
        || t.foreign_keys.iter().any(|f| f.columns.iter().any(|x| x == c))
        || t.indexes.iter().any(|i| i.parts.iter().any(|p| p.column.as_deref() == Some(c) || (p.column.is_none() && p.expression.contains(c))) || i.include.iter().any(|x| x == c))
        || t.checks.iter().any(|ch| ch.column.as_deref() == Some(c) || ch.expression.contains(c))
}

/// A batched backfill: a `DO` loop (PostgreSQL, commits every batch when run outside a
/// transaction), or a plain UPDATE elsewhere.
fn backfill(d: Dialect, t: &Table, col: &str, value: &str, pending: &str) -> String {
    let tn = tname(d, t);
    match d {
        Dialect::Postgres => format!(
            "-- backfill {t}.{col} in batches of 10000 rows, committing each\nDO $$\nDECLARE n bigint;\nBEGIN\n  LOOP\n    UPDATE {tn} SET {c} = {value} WHERE ctid IN (SELECT ctid FROM {tn} WHERE {pending} LIMIT 10000);\n    GET DIAGNOSTICS n = ROW_COUNT;\n    EXIT WHEN n = 0;\n    COMMIT;\n  END LOOP;\nEND $$;",
            t = t.name,
            c = q(d, col)
        ),
        _ => format!("UPDATE {tn} SET {} = {value} WHERE {pending};", q(d, col)),
    }
}

/// A trigger (function + trigger) that keeps columns `a` and `b` in step while old and new code
/// run side by side; `casts` = (type of a, type of b). Returns (create SQL, drop SQL).
fn sync_trigger(d: Dialect, t: &Table, a: &str, b: &str, casts: Option<(String, String)>) -> (String, String) {
    let tn = tname(d, t);
    let fname = clamp(d, &format!("{}_sync_{}_{}", t.name, a, b)).to_string();
    let fq = qname(d, t.schema.as_deref(), &fname);
    let (qa, qb) = (q(d, a), q(d, b));
    let (to_b, to_a) = match &casts {
        Some((ta, tb)) => (format!("NEW.{qa}::{tb}"), format!("NEW.{qb}::{ta}")),
        None => (format!("NEW.{qa}"), format!("NEW.{qb}")),
    };
    let create = format!(
        "-- keep {a} and {b} in step while old and new code run side by side\nCREATE FUNCTION {fq}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    IF NEW.{qb} IS NULL THEN NEW.{qb} := {to_b}; ELSIF NEW.{qa} IS NULL THEN NEW.{qa} := {to_a}; END IF;\n  ELSIF NEW.{qa} IS DISTINCT FROM OLD.{qa} THEN\n    NEW.{qb} := {to_b};\n  ELSIF NEW.{qb} IS DISTINCT FROM OLD.{qb} THEN\n    NEW.{qa} := {to_a};\n  END IF;\n  RETURN NEW;\nEND $$;\nCREATE TRIGGER {tr} BEFORE INSERT OR UPDATE ON {tn} FOR EACH ROW EXECUTE FUNCTION {fq}();",
        tr = q(d, &fname)
    );
    let drop = format!("DROP TRIGGER {} ON {tn};\nDROP FUNCTION {fq}();", q(d, &fname));
    (create, drop)
}
