//! `adding-serial-primary-key-field`: ADD PRIMARY KEY (or a serial/identity PRIMARY KEY column)
//! on an existing table.

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "adding-serial-primary-key-field",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ADD PRIMARY KEY builds its index (and a serial column rewrites the table) under ACCESS EXCLUSIVE",
    why: "The primary key's unique index is built while the table is locked against reads and writes; a serial/identity column additionally rewrites every row.",
    fix: "Build the unique index CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX (the columns must already be NOT NULL).",
    bad: "ALTER TABLE events ADD PRIMARY KEY (id);\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_pkey_idx ON events (id);\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    let t = c.qt(table);
    for a in actions {
        let (name, cols) = match a {
            Action::AddConstraint { name, kind: ConstraintKind::PrimaryKey { columns, using_index: None }, .. } => (name.clone(), columns.clone()),
            Action::AddColumn { column, .. } if column.primary_key => (None, vec![column.name.clone()]),
            _ => continue,
        };
        let pk = name.unwrap_or_else(|| format!("{}_pkey", table.name));
        let idx = c.q(&format!("{pk}_idx"));
        let qcols = cols.iter().map(|x| c.q(x)).collect::<Vec<_>>().join(", ");
        let mut alt = String::new();
        if let Action::AddColumn { column, .. } = a {
            let cn = c.q(&column.name);
            let seq = c.q(&format!("{}_{}_seq", table.name, column.name));
            alt.push_str(&format!(
                "{}\n-- step 1: add the column nullable with no default (no rewrite) and a sequence for new rows\nALTER TABLE {t} ADD COLUMN {cn} bigint;\nCREATE SEQUENCE {seq} OWNED BY {t}.{cn};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT nextval({});\n-- step 2: backfill in batches (repeat until it updates 0 rows)\nUPDATE {t} SET {cn} = nextval({}) WHERE ctid IN (SELECT ctid FROM {t} WHERE {cn} IS NULL LIMIT 10000);\n{}\n",
                safe::LOCK_TIMEOUT,
                crate::sqltext::string_lit(crate::Dialect::Postgres, &seq),
                crate::sqltext::string_lit(crate::Dialect::Postgres, &seq),
                safe::not_null_steps(c.opts.pg_version, &t, &table.name, &cn, &column.name, 3)
            ));
        }
        alt.push_str(&format!(
            "-- outside a transaction: build the unique index without blocking writes\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {idx} ON {t} ({qcols});\n-- then attach it (brief lock; the columns must be NOT NULL)\n{}\nALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {idx};",
            safe::LOCK_TIMEOUT,
            c.q(&pk)
        ));
        out.push(finding(&META, format!("adding primary key {pk} on {} builds its index under ACCESS EXCLUSIVE", table.name), Some(alt)));
    }
}
