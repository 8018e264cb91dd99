//! `mysql-table-copy`: a MySQL ALTER TABLE that needs ALGORITHM=COPY (the table is copied row by
//! row while writes are blocked), or asks for an algorithm the operation does not support.

use super::{alter, finding, BASE_MYSQL};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{Algorithm, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "mysql-table-copy",
    severity: Severity::Warning,
    dialects: &[Dialect::Mysql],
    summary: "MySQL ALTER TABLE that can only run as ALGORITHM=COPY (blocks writes while the table is copied)",
    why: "With ALGORITHM=COPY InnoDB builds a new copy of the table and blocks concurrent writes (DML) for the whole copy. Since 8.0.12 adding a column is INSTANT (any position since 8.0.29), dropping a column INSTANT since 8.0.29, renaming INSTANT since 8.0.28; changing a column's type, dropping the primary key alone, converting the character set and adding a foreign key with foreign_key_checks on still copy.",
    fix: "Expand/contract with INSTANT steps (add a column, backfill in batches, rename), add foreign keys with foreign_key_checks=0 (INPLACE), or run the change with an online schema change tool (gh-ost, pt-online-schema-change). Add `ALGORITHM=INPLACE, LOCK=NONE` so MySQL refuses instead of silently copying.",
    bad: "ALTER TABLE users MODIFY COLUMN age bigint;\n",
    good: "ALTER TABLE users ADD COLUMN age_big bigint, ALGORITHM=INSTANT;\n",
    base: BASE_MYSQL,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    let t = c.qt(table);
    let requested = actions.iter().find_map(|a| if let Action::Algorithm(x) = a { Some(x.clone()) } else { None });
    let needed = c.facts.algorithm;
    if let (Some(r), Some(n)) = (&requested, needed) {
        let want = match r.as_str() {
            "INSTANT" => Some(Algorithm::Instant),
            "INPLACE" => Some(Algorithm::Inplace),
            _ => None,
        };
        if want.is_some_and(|w| w < n) && n != Algorithm::Copy {
            out.push(finding(&META, format!("ALGORITHM={r} is not supported for this change (needs {}): MySQL rejects the statement", n.name()), None));
            return;
        }
    }
    if needed != Some(Algorithm::Copy) {
        return;
    }
    let mut alt = None;
    for a in actions {
        match a {
            Action::Modify { column } | Action::Change { column, .. } => {
                let from = if let Action::Change { from, .. } = a { from.clone() } else { column.name.clone() };
                let (o, tmp) = (c.q(&from), c.q(&format!("{}_new", column.name)));
                let pk = super::pk_of(c, table).unwrap_or_else(|| "id".into());
                alt = Some(format!(
                    "-- step 1: add the new column (INSTANT)\nALTER TABLE {t} ADD COLUMN {tmp} {}, ALGORITHM=INSTANT;\n-- step 2: backfill in batches (repeat until 0 rows); keep it in sync from the application or a trigger\nUPDATE {t} SET {tmp} = {o} WHERE {tmp} IS NULL AND {o} IS NOT NULL ORDER BY {pk} LIMIT 10000;\n-- step 3 (deploy 2): swap by renaming (INSTANT since 8.0.28)\nALTER TABLE {t} RENAME COLUMN {o} TO {}, RENAME COLUMN {tmp} TO {}, ALGORITHM=INSTANT;\n-- step 4 (deploy 3): drop the old column\nALTER TABLE {t} DROP COLUMN {}, ALGORITHM=INSTANT;",
                    column.type_text,
                    c.q(&format!("{from}_old")),
                    c.q(&column.name),
                    c.q(&format!("{from}_old"))
                ));
                break;
            }
            Action::AddConstraint { kind: ConstraintKind::ForeignKey { .. }, .. } => {
                alt = Some(format!(
                    "-- with foreign_key_checks off, adding a foreign key is INPLACE (existing rows are not checked: verify them first)\nSET foreign_key_checks = 0;\n{}, ALGORITHM=INPLACE, LOCK=NONE;\nSET foreign_key_checks = 1;",
                    c.sql.trim().trim_end_matches(';')
                ));
                break;
            }
            _ => {}
        }
    }
    let alt = alt.or_else(|| {
        Some(format!(
            "-- run it online with an online schema change tool instead of ALTER TABLE:\n-- gh-ost --database=<db> --table={} --alter=\"{}\" --execute\n-- and ask MySQL to refuse a copy rather than block writes:\n{}, ALGORITHM=INPLACE, LOCK=NONE;",
            table.name,
            c.sql.trim().trim_end_matches(';').splitn(2, &table.name).nth(1).unwrap_or("").trim().replace('"', "\\\""),
            c.sql.trim().trim_end_matches(';')
        ))
    });
    let (a, b, cc) = c.opts.mysql_version;
    out.push(finding(&META, format!("on MySQL {a}.{b}.{cc} this ALTER TABLE copies {} (ALGORITHM=COPY): writes are blocked for the whole copy", table.name), alt));
}
