use super::{existing_actions, finding, pk_of, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, volatility, Ctx, MigrationFinding, SafeFix};
use crate::model::QualifiedName;
use crate::parse::ops::{Action, ColumnDef};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "adding-field-with-default",
    severity: Severity::Warning,
    summary: "ADD COLUMN with a VOLATILE default (any default before PostgreSQL 11), or a STORED generated, identity or serial column, rewrites the table",
    why: "A volatile default (gen_random_uuid(), clock_timestamp(), nextval(), a user function not declared IMMUTABLE or STABLE) is computed for every row, so PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE: no reads or writes until it finishes. Generated, identity and serial columns are filled the same way. Constant and stable defaults (now(), 'x', casts of constants) are stored in the catalog since PostgreSQL 11 and cost nothing.",
    fix: "Add the column without the default, set the default for new rows, backfill existing rows in batches (and add NOT NULL afterwards through a NOT VALID constraint).",
    bad: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n",
    ..PG_RULE
};

/// Add plainly, default new rows, backfill the old ones later (then NOT NULL when asked for).
fn add_then_backfill(c: &Ctx, table: &QualifiedName, col: &ColumnDef, default: &str) -> String {
    let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
    let mut later = safe::backfill(&t, &cn, default, pk_of(c, table).as_deref());
    if col.not_null {
        later = format!("{later}\n{}", safe::not_null_steps(c, table, &col.name));
    }
    format!(
        "-- add the column without a default (no rewrite), then default new rows\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {cn} {ty};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT {default};\n{}",
        safe::later("then, outside this migration: backfill existing rows in batches until it updates 0 rows", &later)
    )
}

/// Identity / serial: a sequence default on a plain column, backfilled later.
fn add_sequence(c: &Ctx, table: &QualifiedName, col: &ColumnDef) -> String {
    let (t, cn) = (c.qt(table), c.q(&col.name));
    let seq = c.q(&crate::parse::clamp_name(&format!("{}_{}_seq", table.name, col.name)));
    let lit = crate::sqltext::string_lit(crate::Dialect::Postgres, &seq);
    format!(
        "-- a plain column with a sequence default for new rows (no rewrite)\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {cn} bigint;\nCREATE SEQUENCE IF NOT EXISTS {seq} OWNED BY {t}.{cn};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT nextval({lit});\n{}",
        safe::later("then, outside this migration: number existing rows in batches until it updates 0 rows", &safe::backfill(&t, &cn, &format!("nextval({lit})"), pk_of(c, table).as_deref()))
    )
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, _) in existing_actions(c) {
        let Action::AddColumn { column: col, .. } = a else { continue };
        // a serial/identity PRIMARY KEY column is adding-serial-primary-key-field's
        if col.primary_key || !facts::add_column_rewrites(col, c.before, c.opts.pg_version) {
            continue;
        }
        let t = c.qt(table);
        let (message, fix) = if col.generated_stored {
            (
                format!("adding STORED generated column {} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name),
                format!(
                    "-- a plain column (no rewrite), computed by the application or a BEFORE INSERT OR UPDATE trigger\nALTER TABLE {t} ADD COLUMN IF NOT EXISTS {} {};\n{}",
                    c.q(&col.name),
                    col.type_text,
                    safe::later("then, outside this migration", "backfill existing rows in batches, then switch to a generated column in a maintenance window if it must be one")
                ),
            )
        } else if col.identity || col.default.is_none() {
            (format!("adding identity/serial column {} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), add_sequence(c, table, col))
        } else {
            let d = col.default.as_deref().unwrap_or("");
            let why = if volatility::is_volatile(d, c.dialect, c.before) { format!("VOLATILE default {d}") } else { format!("default {d} before PostgreSQL 11") };
            (format!("adding column {} with {why} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), add_then_backfill(c, table, col, d))
        };
        out.push(finding(&META, c, message, Some(SafeFix::recipe(c, fix))));
    }
}

rule_tests! {
    fn volatile_defaults_rewrite_constant_ones_do_not() {
        for d in ["gen_random_uuid()", "uuid()", "random()", "clock_timestamp()", "nextval('s')", "my_fn()", "now(123)"] {
            assert!(fires(&META, &format!("ALTER TABLE users ADD COLUMN x text DEFAULT {d};")), "{d}");
        }
        for d in ["0", "'x'", "now()", "CURRENT_TIMESTAMP", "now() - interval '100 years'", "2 + 2", "'{}'::jsonb", "cast(array[] as bigint[])", "array[]::double precision[]", "true", "NULL"] {
            assert!(!fires(&META, &format!("ALTER TABLE users ADD COLUMN x text DEFAULT {d};")), "{d}");
        }
        // NOT NULL with a volatile default: still a rewrite (squawk's meaning of the id)
        assert!(fires(&META, "ALTER TABLE users ADD COLUMN x uuid NOT NULL DEFAULT gen_random_uuid();"));
        // several actions in one statement
        assert!(fires(&META, "ALTER TABLE users SET LOGGED, ADD COLUMN c integer DEFAULT uuid();"));
    }

    fn declared_volatility_is_honoured() {
        let base = format!("{BASE}CREATE FUNCTION stable_fn() RETURNS int LANGUAGE sql STABLE AS $$ select 1 $$;");
        let r = |m: &str| ids(&base, m, &CheckOptions::default()).contains(&META.id);
        assert!(!r("ALTER TABLE users ADD COLUMN x int DEFAULT stable_fn();"));
        // declared in the migration itself
        assert!(!r("CREATE FUNCTION f2() RETURNS int LANGUAGE sql IMMUTABLE AS $$ select 2 $$;\nALTER TABLE users ADD COLUMN x int DEFAULT f2();"));
        assert!(r("CREATE FUNCTION f3() RETURNS int LANGUAGE sql AS $$ select 3 $$;\nALTER TABLE users ADD COLUMN x int DEFAULT f3();"));
    }

    fn versions_and_generated_columns() {
        let pg10 = CheckOptions { pg_version: 10, ..Default::default() };
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN n int DEFAULT 0;", &pg10), 1);
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN n int DEFAULT 0;", &CheckOptions { pg_version: 11, ..Default::default() }), 0);
        for m in ["ALTER TABLE users ADD COLUMN g int GENERATED ALWAYS AS (id * 2) STORED;", "ALTER TABLE users ADD COLUMN s bigserial;", "ALTER TABLE users ADD COLUMN i bigint GENERATED ALWAYS AS IDENTITY;"] {
            assert!(fires(&META, m), "{m}");
            let r = run(BASE, m, &CheckOptions::default());
            assert!(r.statements[0].rewrites_table, "{m}");
        }
        // a NOT NULL volatile default: add, default, backfill, then NOT NULL (PostgreSQL 18 NOT VALID)
        let v = run(BASE, "ALTER TABLE users ADD COLUMN x uuid NOT NULL DEFAULT gen_random_uuid();", &CheckOptions::default()).statements[0].safe_version().unwrap_or_default();
        assert!(v.contains("SET DEFAULT gen_random_uuid()") && v.contains("-- ALTER TABLE users ADD CONSTRAINT users_x_not_null NOT NULL x NOT VALID;"), "{v}");
    }
}
