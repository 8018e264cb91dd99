use super::{existing_actions, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, ConstraintKind};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "adding-serial-primary-key-field",
    severity: Severity::Warning,
    summary: "ADD PRIMARY KEY (or an ADD COLUMN ... PRIMARY KEY) builds its index under ACCESS EXCLUSIVE",
    why: "The primary key's unique index is built while the table is locked against reads and writes; a serial or identity column also rewrites every row.",
    fix: "Build the unique index CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX (the columns must already be NOT NULL). A new key column: add it with a sequence default, backfill, make it NOT NULL, then the same two steps.",
    bad: "ALTER TABLE events ADD PRIMARY KEY (id);\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_pkey_idx ON events (id);\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, alone) in existing_actions(c) {
        let (name, cols) = match a {
            Action::AddConstraint { name, kind: ConstraintKind::PrimaryKey { columns, using_index: None }, .. } => (name.clone(), columns.clone()),
            Action::AddColumn { column, .. } if column.primary_key => (None, vec![column.name.clone()]),
            _ => continue,
        };
        let pk = name.unwrap_or_else(|| crate::parse::pg_default_name(&table.name, "", "pkey"));
        let fix = alone.then(|| match a {
            Action::AddColumn { column, .. } => {
                let t = c.qt(table);
                let cn = c.q(&column.name);
                let seq = c.q(&crate::parse::clamp_name(&format!("{}_{}_seq", table.name, column.name)));
                let lit = crate::sqltext::string_lit(crate::Dialect::Postgres, &seq);
                format!(
                    "-- a plain column with a sequence default for new rows (no rewrite)\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {cn} bigint;\nCREATE SEQUENCE IF NOT EXISTS {seq} OWNED BY {t}.{cn};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT nextval({lit});\n{}",
                    safe::later(
                        "then, outside this migration: number existing rows in batches until it updates 0 rows, make the column NOT NULL, and attach the key",
                        &format!("{}\n{}\n{}", safe::backfill(&t, &cn, &format!("nextval({lit})"), None), safe::not_null_steps(c, table, &column.name), safe::constraint_using_index(c, table, &pk, "PRIMARY KEY", &cols))
                    )
                )
            }
            _ => safe::constraint_using_index(c, table, &pk, "PRIMARY KEY", &cols),
        });
        out.push(finding(&META, c, format!("adding primary key {pk} on {} builds its index under ACCESS EXCLUSIVE", table.name), fix.map(|f| SafeFix::recipe(c, f))));
    }
}

rule_tests! {
    fn cases() {
        assert!(fires(&META, "ALTER TABLE events ADD COLUMN b serial PRIMARY KEY;"));
        assert!(!fires(&META, "ALTER TABLE events ADD CONSTRAINT events_pk PRIMARY KEY USING INDEX events_pk;"));
        // new tables (CREATE TABLE, CREATE TABLE AS, SELECT INTO) are empty
        for m in ["CREATE TABLE t (id int);\nALTER TABLE t ADD PRIMARY KEY (id);", "CREATE TABLE u AS SELECT 1 AS id;\nALTER TABLE u ADD PRIMARY KEY (id);", "SELECT 1 AS id INTO v;\nALTER TABLE v ADD COLUMN b serial PRIMARY KEY;"] {
            assert!(!fires(&META, m), "{m}");
        }
    }
}
