
use super::{alter_existing, finding, BASE_MYSQL};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{safe, Algorithm, Ctx, MigrationFinding, SafeFix};
use crate::ruledoc::{rule_tests, RuleDoc};
use crate::parse::ops::{Action, ConstraintKind};

pub const META: RuleDoc = RuleDoc {
    id: "mysql-table-copy",
    severity: Severity::Warning,
    dialects: &[Dialect::Mysql],
    summary: "MySQL ALTER TABLE that can only run as ALGORITHM=COPY (blocks writes while the table is copied)",
    why: "With ALGORITHM=COPY InnoDB builds a new copy of the table and blocks concurrent writes (DML) for the whole copy. Since 8.0.12 adding a column is INSTANT (any position since 8.0.29), dropping a column INSTANT since 8.0.29, renaming INSTANT since 8.0.28; changing a column's type, dropping the primary key alone, converting the character set and adding a foreign key with foreign_key_checks on still copy.",
    fix: "Expand/contract with INSTANT steps (add a column, backfill in batches, rename), add foreign keys with foreign_key_checks=0 (INPLACE), or run the change with an online schema change tool (gh-ost, pt-online-schema-change). Add `ALGORITHM=INPLACE, LOCK=NONE` so MySQL refuses instead of silently copying.",
    bad: "ALTER TABLE users MODIFY COLUMN age bigint;\n",
    good: "ALTER TABLE users ADD COLUMN age_big bigint, ALGORITHM=INSTANT;\n",
    base: BASE_MYSQL,
    ..RuleDoc::MIGRATION
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter_existing(c) else { return };
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
            out.push(finding(&META, c, format!("ALGORITHM={r} is not supported for this change (needs {}): MySQL rejects the statement", n.name()), None));
            return;
        }
    }
    if needed != Some(Algorithm::Copy) {
        return;
    }
    let stmt = c.sql.trim().trim_end_matches(';');
    let mut fix = None;
    for a in actions {
        match a {
            Action::Modify { column } | Action::Change { column, .. } => {
                let from = if let Action::Change { from, .. } = a { from.clone() } else { column.name.clone() };
                let (o, tmp) = (c.q(&from), c.q(&format!("{}_new", column.name)));
                let pk = super::pk_of(c, table).unwrap_or_else(|| "id".into());
                let old = c.q(&format!("{from}_old"));
                fix = Some(format!(
                    "-- expand: add the new column (INSTANT)\nALTER TABLE {t} ADD COLUMN {tmp} {}, ALGORITHM=INSTANT;\n{}\n{}",
                    column.type_text,
                    safe::later("then, outside this migration: backfill in batches until 0 rows (and keep it in sync from the application or a trigger)", &format!("UPDATE {t} SET {tmp} = {o} WHERE {tmp} IS NULL AND {o} IS NOT NULL ORDER BY {pk} LIMIT 10000;")),
                    safe::later(
                        "then, in a later migration once the application uses the new column",
                        &format!("ALTER TABLE {t} RENAME COLUMN {o} TO {old}, RENAME COLUMN {tmp} TO {}, ALGORITHM=INSTANT;\nALTER TABLE {t} DROP COLUMN {old}, ALGORITHM=INSTANT;", c.q(&column.name))
                    )
                ));
                break;
            }
            Action::AddConstraint { kind: ConstraintKind::ForeignKey { .. }, .. } => {
                fix = Some(format!(
                    "-- with foreign_key_checks off, adding a foreign key is INPLACE (existing rows are not checked: verify them first)\nSET foreign_key_checks = 0;\n{stmt}, ALGORITHM=INPLACE, LOCK=NONE;\nSET foreign_key_checks = 1;"
                ));
                break;
            }
            _ => {}
        }
    }
    let fix = fix.unwrap_or_else(|| {
        let alter = stmt.split_once(&table.name).map(|x| x.1).unwrap_or("").trim().replace('"', "\\\"");
        safe::later(
            "run this change online with an online schema change tool instead of ALTER TABLE",
            &format!("gh-ost --database=<db> --table={} --alter=\"{alter}\" --execute\n-- (or pt-online-schema-change); to make MySQL refuse a copy instead of blocking writes, add ALGORITHM=INPLACE, LOCK=NONE", table.name),
        )
    });
    let (a, b, cc) = c.opts.mysql_version;
    out.push(finding(&META, c, format!("on MySQL {a}.{b}.{cc} this ALTER TABLE copies {} (ALGORITHM=COPY): writes are blocked for the whole copy", table.name), Some(SafeFix::plain(fix))));
}

rule_tests! {
    examples_in_tool_transaction;

    fn foreign_key_checks_off_makes_a_foreign_key_inplace() {
        let base = "CREATE TABLE orgs (id bigint PRIMARY KEY) ENGINE=InnoDB;\nCREATE TABLE users (id bigint PRIMARY KEY, org_id bigint) ENGINE=InnoDB;";
        let m = "ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id);";
        let r = run_in(Dialect::Mysql, base, m, &CheckOptions::default());
        assert_eq!(r.statements[0].mysql_algorithm, Some(Algorithm::Copy));
        let fixed = crate::migrate::apply_safe_versions(m, &r);
        let again = run_in(Dialect::Mysql, base, &fixed, &CheckOptions::default());
        assert!(again.findings().all(|(_, f)| f.rule != META.id), "{fixed}");
    }
}
