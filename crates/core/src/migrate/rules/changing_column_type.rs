use super::{alter_any_existing, finding, pk_of, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, SafeFix};
use crate::model::QualifiedName;
use crate::parse::ops::{Action, Relation};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "changing-column-type",
    severity: Severity::Warning,
    summary: "ALTER COLUMN ... TYPE rewrites the table (and its indexes) under ACCESS EXCLUSIVE, and breaks code that expects the old type",
    why: "Unless the new type is binary-compatible (varchar(n) → varchar(m > n) or text, numeric precision increase, cidr → inet, more fractional seconds), PostgreSQL rewrites every row and rebuilds the indexes while nothing can read or write the table. Code written for the old type (and a foreign table's or composite type's users) also breaks.",
    fix: "Expand/contract: add a new column, keep it in sync with a trigger, backfill in batches, switch the application, then drop the old column.",
    bad: "ALTER TABLE users ALTER COLUMN org_id TYPE text;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(200);\n",
    ..PG_RULE
};

/// The expand/contract recipe moving `col` to `new_name` of `new_type` (`using` converts
/// `{old}`): the expand step for this migration, the rest as later steps.
pub fn expand_contract(c: &Ctx, table: &QualifiedName, col: &str, new_name: &str, new_type: &str, using: &str) -> String {
    let t = c.qt(table);
    let (o, n) = (c.q(col), c.q(new_name));
    let tmp = if col == new_name { c.q(&crate::parse::clamp_name(&format!("{col}_new"))) } else { n.clone() };
    let func = c.q(&crate::parse::clamp_name(&format!("{}_{}_sync", table.name, col)));
    let expr = using.replace("{old}", &format!("NEW.{o}"));
    let bexpr = using.replace("{old}", &o);
    let expand = format!(
        "-- expand: a new column kept in sync with the old one on every write\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {tmp} {new_type};\nCREATE OR REPLACE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.{tmp} := {expr};\n  RETURN NEW;\nEND $$;\nDROP TRIGGER IF EXISTS {func} ON {t};\nCREATE TRIGGER {func} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {func}();"
    );
    let backfill = format!("UPDATE {t} SET {tmp} = {bexpr}\n  WHERE {key} IN (SELECT {key} FROM {t} WHERE {tmp} IS DISTINCT FROM ({bexpr}) LIMIT 10000);", key = pk_of(c, table).unwrap_or_else(|| "ctid".into()));
    let contract = if col == new_name {
        let old = c.q(&crate::parse::clamp_name(&format!("{col}_old")));
        format!("BEGIN;\nALTER TABLE {t} RENAME COLUMN {o} TO {old};\nALTER TABLE {t} RENAME COLUMN {tmp} TO {o};\nDROP TRIGGER {func} ON {t};\nDROP FUNCTION {func}();\nCOMMIT;\n-- and once nothing reads the old column:\nALTER TABLE {t} DROP COLUMN {old};")
    } else {
        format!("DROP TRIGGER {func} ON {t};\nDROP FUNCTION {func}();\n-- and once nothing uses {o}:\nALTER TABLE {t} DROP COLUMN {o};")
    };
    format!(
        "{expand}\n{}\n{}",
        safe::later("then, outside this migration: backfill existing rows in batches until it updates 0 rows", &backfill),
        safe::later("then, in a later migration once the application reads and writes the new column", &contract)
    )
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions, relation)) = alter_any_existing(c).filter(|(.., r)| *r != Relation::View) else { return };
    for a in actions {
        let Action::AlterColumnType { column, type_text, using } = a else { continue };
        // a column added earlier in this migration is still rewritten with every row of its table
        if relation != Relation::Table && c.is_new_column(table, column) {
            continue;
        }
        let old = c.table(table).and_then(|t| t.column(column)).map(|col| col.data_type.spelling.clone());
        if relation == Relation::Table && old.is_some() && !facts::pg_alter_type_rewrites(c.before, table, column, type_text, c.opts.pg_version) {
            continue;
        }
        let from = old.map(|o| format!(" from {o}")).unwrap_or_default();
        if relation != Relation::Table {
            out.push(finding(&META, c, format!("changing {}.{column}{from} to {type_text} breaks code that expects the old type", table.name), None));
            continue;
        }
        let conv = match using {
            Some(u) => u.replace(&c.q(column), "{old}").replace(column.as_str(), "{old}"),
            None => format!("{{old}}::{type_text}"),
        };
        let fix = (actions.len() == 1).then(|| SafeFix::recipe(c, expand_contract(c, table, column, column, type_text, &conv)));
        out.push(finding(&META, c, format!("changing {}.{column}{from} to {type_text} rewrites the table under ACCESS EXCLUSIVE", table.name), fix));
    }
}

rule_tests! {
    fn cases() {
        for m in ["ALTER TABLE users ALTER COLUMN email TYPE varchar(200);", "ALTER TABLE users ALTER COLUMN email TYPE text;", "ALTER TABLE users ALTER COLUMN name TYPE text;"] {
            assert!(!fires(&META, m), "{m}");
        }
        assert!(fires(&META, "ALTER TABLE users ALTER COLUMN email TYPE varchar(50);"));
        assert!(fires(&META, "ALTER TABLE users ALTER COLUMN org_id SET DATA TYPE int USING org_id::int;"));
        // foreign tables and composite types: code that reads them breaks (squawk agrees)
        assert!(fires(&META, "ALTER TYPE composite ALTER ATTRIBUTE a TYPE text;"));
        assert!(fires(&META, "ALTER TABLE users ADD COLUMN n int;\nALTER TABLE users ALTER COLUMN n TYPE bigint;"));
        assert!(fires(&META, "ALTER FOREIGN TABLE ft ALTER COLUMN a TYPE text;"));
    }
}
