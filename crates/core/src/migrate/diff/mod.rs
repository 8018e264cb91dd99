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
//!
//! # Where things are
//!
//! | file | what |
//! |---|---|
//! | `stages.rs` | [`Stage`](stages::Stage), priorities inside a stage, stages → phases |
//! | `renames.rs` | matching tables and columns, rename candidates, questions and answers |
//! | `enums.rs` | PostgreSQL enum types |
//! | `tables.rs` | extensions, created and dropped tables, one table's changes in order, comments, RLS |
//! | `columns.rs` | added, renamed and changed columns |
//! | `constraints.rs` | keys, unique constraints, checks, foreign keys, indexes |
//! | `sqlite_rebuild.rs` | SQLite's table rebuild |
//! | `recipes.rs` | NOT NULL through a validated check, batched backfill, the sync trigger |
//! | `render.rs` | same-dialect SQL of model items |

mod columns;
mod constraints;
mod enums;
mod recipes;
mod render;
mod renames;
mod sqlite_rebuild;
mod stages;
mod tables;
#[cfg(test)]
mod scaling_tests;
#[cfg(test)]
mod tests;

use crate::model::{Column, EnumType, Schema, Table, TypeKind};
use crate::sqltext::norm_expr;
use crate::Dialect;
use render::*;
use serde::{Deserialize, Serialize};
use stages::Stage;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

pub use renames::{RenameAnswer, RenameKind, RenameQuestion};

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
    /// PostgreSQL enum types whose removed values make the plan rewrite every table using them
    /// (the type swap); each also has a warning. In the JSON only when there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewritten_enums: Vec<String>,
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
    /// old column name as [`eq_name`] compares it ([`lc`]) → the first entry of `col_map` with that
    /// old name ([`Planner::map_old_cols`] looks every key column up: a search was quadratic).
    col_of_old: HashMap<String, usize>,
}

struct Planner<'a> {
    old: &'a Schema,
    new: &'a Schema,
    /// Tables of `old` / `new` by name ([`Planner::old_index`]): `Schema::table_index` scans the
    /// tables, once per foreign key here (quadratic when the referenced table comes late).
    old_tables: crate::model::TableLookup,
    new_tables: crate::model::TableLookup,
    d: Dialect,
    opts: &'a DiffOptions,
    safe: bool,
    /// Per stage: (priority inside the stage, statement).
    stmts: [Vec<(u8, String)>; Stage::COUNT],
    warnings: Vec<String>,
    /// The same warnings as a set ([`Planner::warn`] keeps each once: a scan of the list per
    /// warning was quadratic).
    warned: HashSet<String>,
    /// The person's rename answers by what [`Planner::answer`] compares (built once: the rollback
    /// answers every candidate of the forward plan, and a scan of them per candidate was quadratic).
    answers: HashMap<renames::AnswerKey, bool>,
    /// Columns the old schema's foreign keys reference, per table ([`Referenced`]; built on first use).
    referenced: OnceCell<Referenced<'a>>,
    changes: Vec<Change>,
    questions: Vec<RenameQuestion>,
    /// rename decisions taken (kind, table in new schema or "", from, to, is_rename) for the rollback.
    decisions: Vec<RenameAnswer>,
    pairs: Vec<Pair>,
    added_tables: Vec<usize>,
    dropped_tables: Vec<usize>,
    /// old table index → new table index for matched tables.
    tmap: HashMap<usize, usize>,
    /// old table index → its entry of `pairs` (the first): FK targets are looked up per FK (a
    /// search of the pairs per FK was quadratic where the target comes late in the old order, as
    /// in the rollback of a schema written in another order).
    pair_of_old: HashMap<usize, usize>,
    /// PostgreSQL enum types renamed (same values, one dropped and one added): (old, new).
    enum_renames: Vec<(EnumType, EnumType)>,
    /// See [`Plan::rewritten_enums`].
    rewritten_enums: Vec<String>,
}

#[cfg(test)]
thread_local! {
    /// Items the differ's matching steps looked at (see [`looked`]).
    static LOOKED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` items a matching step looks at: each entry of a structure built or probed, each
/// item of a list walked. The unit tests (`scaling_tests.rs`) check this count grows linearly with
/// the input; with a scan per item in one of these steps it grows quadratically. Nothing outside
/// unit tests.
#[inline]
fn looked(n: usize) {
    #[cfg(test)]
    LOOKED.with(|c| c.set(c.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The columns the old schema's foreign keys reference, per referenced table: by its index and by
/// its [`table_key`]. Built once per plan: a scan of every FK of the schema per renamed or
/// type-changed column was quadratic.
struct Referenced<'a> {
    by_index: HashMap<usize, HashSet<&'a str>>,
    by_key: HashMap<(String, String), HashSet<&'a str>>,
}

impl<'a> Referenced<'a> {
    fn new(d: Dialect, old: &'a Schema, lookup: &crate::model::TableLookup) -> Self {
        let mut by_index: HashMap<usize, HashSet<&'a str>> = HashMap::new();
        for fk in old.tables.iter().flat_map(|t| &t.foreign_keys) {
            looked(1);
            if let Some(r) = lookup.index(old, &fk.ref_table) {
                by_index.entry(r).or_default().extend(fk.ref_columns.iter().map(String::as_str));
            }
        }
        let mut by_key: HashMap<(String, String), HashSet<&'a str>> = HashMap::with_capacity(by_index.len());
        for (&r, cols) in &by_index {
            by_key.entry(table_key(d, &old.tables[r])).or_default().extend(cols.iter().copied());
        }
        Referenced { by_index, by_key }
    }
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
    // (the first table rename to each name: a map, not a scan of the decisions per answer)
    let mut renamed_from: HashMap<&str, &str> = HashMap::new();
    for t in decisions.iter().filter(|t| t.kind == RenameKind::Table && t.is_rename) {
        renamed_from.entry(t.to.as_str()).or_insert(t.from.as_str());
    }
    for a in inv_answers.iter_mut().filter(|a| a.kind == RenameKind::Column) {
        if let Some(from) = renamed_from.get(a.table.as_str()) {
            a.table = from.to_string();
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
            old_tables: crate::model::TableLookup::new(old),
            new_tables: crate::model::TableLookup::new(new),
            d,
            opts,
            safe,
            stmts: Default::default(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            answers: renames::answer_map(d, &opts.renames),
            referenced: OnceCell::new(),
            changes: Vec::new(),
            questions: Vec::new(),
            decisions: Vec::new(),
            pairs: Vec::new(),
            added_tables: Vec::new(),
            dropped_tables: Vec::new(),
            tmap: HashMap::new(),
            pair_of_old: HashMap::new(),
            enum_renames: Vec::new(),
            rewritten_enums: Vec::new(),
        }
    }

    /// Like `self.old.table_index(q)`, through the lookup built once.
    fn old_index(&self, q: &crate::model::QualifiedName) -> Option<usize> {
        self.old_tables.index(self.old, q)
    }

    /// Like `self.new.table_index(q)`, through the lookup built once.
    fn new_index(&self, q: &crate::model::QualifiedName) -> Option<usize> {
        self.new_tables.index(self.new, q)
    }

    fn pg_safe(&self) -> bool {
        self.safe && self.d == Dialect::Postgres
    }

    fn push(&mut self, stage: Stage, prio: u8, sql: impl Into<String>) {
        self.stmts[stage as usize].push((prio, sql.into()));
    }

    fn change(&mut self, text: impl Into<String>, phased: bool) {
        self.changes.push(Change { text: text.into(), phased });
    }

    fn warn(&mut self, w: impl Into<String>) {
        let w = w.into();
        looked(1);
        if !self.warned.contains(&w) {
            self.warned.insert(w.clone());
            self.warnings.push(w);
        }
    }

    /// The columns of old table `oi` that foreign keys of the old schema reference.
    fn referenced_columns(&self, oi: usize) -> Option<&HashSet<&'a str>> {
        looked(1);
        self.referenced.get_or_init(|| Referenced::new(self.d, self.old, &self.old_tables)).by_index.get(&oi)
    }

    /// The columns referenced by foreign keys of the old schema in the tables with `t`'s key.
    fn referenced_columns_by_key(&self, t: &Table) -> Option<&HashSet<&'a str>> {
        looked(1);
        self.referenced.get_or_init(|| Referenced::new(self.d, self.old, &self.old_tables)).by_key.get(&table_key(self.d, t))
    }

    /// Matches the schemas, then writes the plan's statements in order.
    fn run(&mut self) {
        self.match_tables();
        self.extensions();
        self.enums();
        self.create_tables();
        for k in 0..self.pairs.len() {
            self.table_changes(k);
        }
        self.drop_tables();
        self.other_enums_drop();
    }
}
