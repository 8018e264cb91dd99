//! The plan's stages: statements are sorted into stages that run in a fixed order (see the table
//! in the module doc of [`super`]), and by priority inside a stage; the stages that end up
//! non-empty become the plan's phases.

use super::{Phase, Plan, Planner};
use crate::Dialect;

/// A stage of the plan, in the order the stages run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    /// Before the deploy: add enum values (a new value cannot be used in the transaction that adds it).
    EnumValues,
    /// Before the deploy: new types, tables and columns, NOT VALID constraints, widenings, renames' shims.
    Expand,
    /// Before the deploy: SQLite table rebuilds (each manages its own transaction).
    Rebuild,
    /// Before the deploy: `CREATE [UNIQUE] INDEX CONCURRENTLY`.
    Index,
    /// Before the deploy: backfills in batches.
    Backfill,
    /// Before the deploy: `VALIDATE CONSTRAINT`, `SET NOT NULL`, `ADD CONSTRAINT ... USING INDEX`.
    Validate,
    /// After the deploy: backfills of new columns the old code cannot fill.
    AfterBackfill,
    /// After the deploy: NOT NULL checks (NOT VALID) of those columns.
    AfterConstrain,
    /// After the deploy: validate those checks and set NOT NULL.
    AfterValidate,
    /// After the deploy: drop what the new code no longer uses, switch type-changed columns.
    Contract,
    /// After the deploy: `DROP INDEX CONCURRENTLY`.
    DropIndex,
}

impl Stage {
    pub(super) const COUNT: usize = 11;
    pub(super) const ALL: [Stage; Stage::COUNT] = [
        Stage::EnumValues,
        Stage::Expand,
        Stage::Rebuild,
        Stage::Index,
        Stage::Backfill,
        Stage::Validate,
        Stage::AfterBackfill,
        Stage::AfterConstrain,
        Stage::AfterValidate,
        Stage::Contract,
        Stage::DropIndex,
    ];

    /// The phase title of the stage in a safe plan.
    fn title(self) -> &'static str {
        match self {
            Stage::EnumValues => "before deploying the new code: add enum values",
            Stage::Expand => "before deploying the new code: expand",
            Stage::Rebuild => "before deploying the new code: rebuild tables (manages its own transaction)",
            Stage::Index => "before deploying the new code: build indexes concurrently",
            Stage::Backfill => "before deploying the new code: backfill in batches",
            Stage::Validate => "before deploying the new code: validate constraints and tighten",
            Stage::AfterBackfill => "after deploying the new code: backfill in batches",
            Stage::AfterConstrain => "after deploying the new code: add NOT NULL checks (NOT VALID)",
            Stage::AfterValidate => "after deploying the new code: validate and set NOT NULL",
            Stage::Contract => "after deploying the new code: contract",
            Stage::DropIndex => "after deploying the new code: drop indexes concurrently",
        }
    }

    /// Whether the stage's statements run in a transaction (not: CONCURRENTLY, batched
    /// backfills, SQLite rebuilds).
    fn transactional(self) -> bool {
        !matches!(self, Stage::Rebuild | Stage::Index | Stage::Backfill | Stage::AfterBackfill | Stage::DropIndex)
    }
}

// priorities inside a stage
pub(super) const P_DROP_EARLY: u8 = 0;
pub(super) const P_TYPE: u8 = 5;
pub(super) const P_RENAME: u8 = 10;
pub(super) const P_TABLE: u8 = 20;
pub(super) const P_ADD_COLUMN: u8 = 30;
pub(super) const P_ALTER_COLUMN: u8 = 40;
pub(super) const P_SET_NOT_NULL: u8 = 45;
pub(super) const P_CONSTRAINT: u8 = 50;
pub(super) const P_INDEX: u8 = 55;
pub(super) const P_FK: u8 = 60;
pub(super) const P_COMMENT: u8 = 70;
pub(super) const P_POLICY: u8 = 75;
pub(super) const P_TRIGGER: u8 = 80;
pub(super) const P_VIEW: u8 = 90;
// priorities inside the contract stage
pub(super) const C_SHIMS: u8 = 0;
pub(super) const C_POLICY: u8 = 5;
pub(super) const C_FK: u8 = 10;
pub(super) const C_CONSTRAINT: u8 = 20;
pub(super) const C_INDEX: u8 = 25;
pub(super) const C_COLUMN: u8 = 30;
pub(super) const C_TABLE: u8 = 40;
pub(super) const C_TYPE: u8 = 50;

/// The title of a direct plan's phase holding enum value additions.
const DIRECT_ENUM_TITLE: &str = "add enum values (committed before they are used)";

impl Planner<'_> {
    /// The statements of `stage` so far.
    pub(super) fn staged(&self, stage: Stage) -> &[(u8, String)] {
        &self.stmts[stage as usize]
    }

    /// The plan: each non-empty stage a phase (safe), or consecutive transactional stages merged
    /// into one phase (direct; enum value additions and SQLite rebuilds stay apart).
    pub(super) fn finish(mut self) -> Plan {
        let d = self.d;
        let mut phases = Vec::new();
        let mut stages: Vec<(Stage, Vec<String>)> = Vec::new();
        for s in Stage::ALL {
            let mut v = std::mem::take(&mut self.stmts[s as usize]);
            crate::sort::by_key(&mut v, |(p, _)| *p);
            if !v.is_empty() {
                stages.push((s, v.into_iter().map(|(_, s)| s).collect()));
            }
        }
        if self.safe {
            for (s, v) in stages {
                let mut sql = String::new();
                if d == Dialect::Postgres {
                    sql.push_str("SET lock_timeout = '5s';\n");
                }
                for st in v {
                    sql.push_str(&st);
                    sql.push('\n');
                }
                phases.push((s.title().to_string(), s.transactional(), sql));
            }
        } else {
            for (s, v) in stages {
                let tx = s.transactional();
                let title = match s {
                    Stage::EnumValues => DIRECT_ENUM_TITLE,
                    Stage::Rebuild => "rebuild tables (manages its own transaction)",
                    _ => "migration (direct statements)",
                };
                let body: String = v.iter().map(|x| format!("{x}\n")).collect();
                match phases.last_mut() {
                    Some((t, ptx, sql)) if *ptx && tx && s != Stage::EnumValues && t != DIRECT_ENUM_TITLE => sql.push_str(&body),
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
        Plan { phases, down: String::new(), questions: self.questions, warnings: self.warnings, changes: self.changes, dialect: d, rewritten_enums: self.rewritten_enums }
    }
}
