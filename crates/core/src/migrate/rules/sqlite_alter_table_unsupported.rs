
use super::{alter, finding, BASE_SQLITE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{Ctx, MigrationFinding, SafeFix};
use crate::ruledoc::{rule_tests, RuleDoc};
use crate::model::Schema;
use crate::parse::ops::Action;

pub const META: RuleDoc = RuleDoc {
    id: "sqlite-alter-table-unsupported",
    severity: Severity::Error,
    dialects: &[Dialect::Sqlite],
    summary: "an ALTER TABLE form SQLite does not support (it fails); rebuild the table instead",
    why: "SQLite's ALTER TABLE only renames a table, renames/adds/drops a column; an added column cannot be PRIMARY KEY or UNIQUE, NOT NULL needs a non-NULL default, and the default must be constant. Changing a type, constraints or NOT NULL needs the 12-step table rebuild.",
    fix: "Create the new table, copy the rows, drop the old table, rename the new one, recreate indexes and triggers — inside one transaction with foreign keys off.",
    bad: "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
    good: "ALTER TABLE users ADD COLUMN nickname text;\n",
    base: BASE_SQLITE,
    ..RuleDoc::MIGRATION
};

fn unsupported(a: &Action) -> Option<String> {
    match a {
        Action::RenameTable { .. } | Action::RenameColumn { .. } | Action::DropColumn { .. } => None,
        Action::AddColumn { column, .. } => {
            if column.primary_key {
                Some("ADD COLUMN ... PRIMARY KEY".into())
            } else if column.unique {
                Some("ADD COLUMN ... UNIQUE".into())
            } else if column.not_null && column.default.as_deref().is_none_or(|d| d.eq_ignore_ascii_case("null")) {
                Some("ADD COLUMN ... NOT NULL without a non-NULL default".into())
            } else if column.default.as_deref().is_some_and(|d| {
                let u = d.trim().to_ascii_uppercase();
                matches!(u.as_str(), "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP") || u.starts_with('(')
            }) {
                Some("ADD COLUMN with a non-constant default".into())
            } else if column.generated_stored {
                Some("ADD COLUMN ... GENERATED ... STORED".into())
            } else {
                None
            }
        }
        Action::AlterColumnType { .. } => Some("ALTER COLUMN ... TYPE".into()),
        Action::SetNotNull { .. } | Action::DropNotNull { .. } => Some("ALTER COLUMN ... SET/DROP NOT NULL".into()),
        Action::SetDefault { .. } | Action::DropDefault { .. } => Some("ALTER COLUMN ... SET/DROP DEFAULT".into()),
        Action::AddConstraint { .. } => Some("ADD CONSTRAINT".into()),
        Action::DropConstraint { .. } => Some("DROP CONSTRAINT".into()),
        Action::Other(s) => Some(s.clone()),
        _ => Some("this ALTER TABLE form".into()),
    }
}

/// The rebuild recipe: `after` is the table's wanted shape (the replayed schema).
fn recipe(c: &Ctx, table: &crate::model::QualifiedName) -> Option<String> {
    // the rebuild copies the replayed shape into a new table and renames it over the old one
    let before = c.table(table)?;
    let after = c.after.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&table.name)).unwrap_or(before);
    let tmp_name = format!("{}_new", before.name);
    let mut shape = after.clone();
    shape.name = tmp_name.clone();
    shape.schema = None;
    let indexes = std::mem::take(&mut shape.indexes);
    let mut s1 = Schema::new(Dialect::Sqlite);
    s1.tables.push(shape);
    let create = crate::codegen::sql::generate(&s1, Dialect::Sqlite).code;
    let create: String = create.lines().filter(|l| !l.starts_with("--") && !l.starts_with("PRAGMA")).collect::<Vec<_>>().join("\n");
    let mut s2 = Schema::new(Dialect::Sqlite);
    let mut idx_only = after.clone();
    idx_only.indexes = indexes;
    s2.tables.push(idx_only);
    let full = crate::codegen::sql::generate(&s2, Dialect::Sqlite).code;
    let idx: Vec<&str> = full.lines().filter(|l| l.starts_with("CREATE INDEX") || l.starts_with("CREATE UNIQUE INDEX")).collect();
    let cols: Vec<String> = after.columns.iter().filter(|col| before.column(&col.name).is_some()).map(|col| c.q(&col.name)).collect();
    let cols = cols.join(", ");
    let (t, n) = (c.q(&before.name), c.q(&tmp_name));
    let mut s = format!(
        "-- SQLite table rebuild (https://sqlite.org/lang_altertable.html#otheralter)\nPRAGMA foreign_keys = OFF;\nBEGIN;\n-- the new shape of {}: edit this CREATE TABLE to the definition you want\n{}\nINSERT INTO {n} ({cols}) SELECT {cols} FROM {t};\nDROP TABLE {t};\nALTER TABLE {n} RENAME TO {t};\n",
        before.name,
        create.trim()
    );
    for l in idx {
        s.push_str(l);
        s.push('\n');
    }
    if !before.triggers.is_empty() {
        s.push_str(&format!("-- recreate the triggers of {}: {}\n", before.name, before.triggers.join(", ")));
    }
    s.push_str("PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;");
    Some(s)
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    let Some(what) = actions.iter().find_map(unsupported) else { return };
    let fix = (actions.len() == 1).then(|| recipe(c, table)).flatten().map(SafeFix::plain);
    out.push(finding(&META, c, format!("SQLite does not support {what}: the statement fails"), fix));
}

rule_tests! {
    examples_in_tool_transaction;

    fn no_other_rule_flags_the_rebuild() {
        let d = CheckOptions::default();
        let fixed = apply_safe_versions(&META, META.bad, &d);
        // the rebuild drops and renames tables on purpose: no other rule flags it
        let r = run_in(Dialect::Sqlite, META.base, &fixed, &d);
        assert_eq!(r.findings().count(), 0, "{fixed}\n{:?}", r.findings().map(|(_, f)| f.rule).collect::<Vec<_>>());
    }
}
