use super::{existing_actions, constraint_name, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, ConstraintKind};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "adding-foreign-key-constraint",
    severity: Severity::Warning,
    summary: "a foreign key added to an existing table without NOT VALID scans it while both tables are locked against writes",
    why: "ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the referenced table (writes to both wait) and checks every row before releasing them. An inline REFERENCES in ADD COLUMN does the same.",
    fix: "Add the constraint NOT VALID (brief lock, no scan), then VALIDATE CONSTRAINT in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes continue).",
    bad: "ALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, alone) in existing_actions(c) {
        let (message, fix) = match a {
            Action::AddConstraint { name, kind: ConstraintKind::ForeignKey { columns, ref_table, .. }, not_valid: false } => {
                let cname = constraint_name(table, name, &columns.join("_"), "fkey");
                let fix = if alone { safe::add_not_valid(c, table, name.as_deref(), &cname) } else { None };
                (format!("foreign key {cname} is validated while {} and {} are locked against writes (SHARE ROW EXCLUSIVE)", table.name, ref_table.name), fix)
            }
            Action::AddColumn { column, .. } => {
                let Some(r) = &column.references else { continue };
                let cname = crate::parse::pg_default_name(&table.name, &column.name, "fkey");
                let refcols = if r.columns.is_empty() { String::new() } else { format!(" ({})", r.columns.iter().map(|x| c.q(x)).collect::<Vec<_>>().join(", ")) };
                let fix = alone.then(|| {
                    let definition = format!("FOREIGN KEY ({}) REFERENCES {}{refcols}{}", c.q(&column.name), c.qt(&r.table), r.actions);
                    format!("{}\n{}", safe::column_first(c, table, column, "the inline REFERENCES"), safe::not_valid_then_validate(c, table, &cname, &definition))
                });
                (format!("the inline foreign key of column {} is validated while {} and {} are locked against writes (SHARE ROW EXCLUSIVE)", column.name, table.name, r.table.name), fix)
            }
            _ => continue,
        };
        out.push(finding(&META, c, message, fix.map(|f| SafeFix::recipe(c, f))));
    }
}

rule_tests! {
    fn cases() {
        assert!(fires(&META, "ALTER TABLE users ADD COLUMN team_id bigint REFERENCES orgs (id);"));
        assert!(fires(&META, "ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE;"));
        assert!(!fires(&META, "ALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;"));
        // a table created in this migration has no rows; CREATE TABLE ... REFERENCES too
        assert!(!fires(&META, "CREATE TABLE emails (id bigint, user_id bigint);\nALTER TABLE emails ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id);"));
        assert!(!fires(&META, "CREATE TABLE emails (id bigint, user_id bigint REFERENCES users (id));"));
        // ... but a table of the same name in another schema is not that table
        assert!(fires(&META, "CREATE TABLE other.users (id bigint);\nALTER TABLE users ADD CONSTRAINT f FOREIGN KEY (org_id) REFERENCES orgs (id);"));
        // the safe version keeps ON DELETE and names the constraint it validates
        let v = run(BASE, "ALTER TABLE users ADD COLUMN team_id bigint REFERENCES orgs (id) ON DELETE CASCADE;", &CheckOptions::default()).statements[0].safe_version().unwrap_or_default();
        assert!(v.contains("REFERENCES orgs (id) ON DELETE CASCADE NOT VALID;") && v.contains("VALIDATE CONSTRAINT users_team_id_fkey;"), "{v}");
        let v = run(BASE, "ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE;", &CheckOptions::default()).statements[0].safe_version().unwrap_or_default();
        assert!(v.contains("ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE NOT VALID;"), "{v}");
    }
}
