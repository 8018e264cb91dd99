//! `fk-unknown-table`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "fk-unknown-table",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "Foreign key to a table the schema does not define",
    why: "The script will fail when run on its own, or the reference points at a table in another schema (e.g. Supabase's `auth.users`) that this file cannot check; a typo in the table name looks the same.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a foreign key that references a table the schema does not define (resolved through the search path: `public` in PostgreSQL, `main` in SQLite).",
    fix: "Define the referenced table (or fix its name).",
    bad: posts!("author_id bigint NOT NULL REFERENCES user_accounts (id) ON DELETE CASCADE"),
    good: posts!("author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.foreign_keys().filter(|(_, fk)| cx.resolve(&fk.ref_table).is_none()) {
        let (cols, target) = (cx.cols(t, &fk.columns), &fk.ref_table);
        let message = format!("FK {cols} references {target}, which this schema does not define; the script fails when run on its own or the name is misspelled. Define {target} or correct the reference.");
        out.push(cx.on_fk(&META, t, fk, message));
    }
}

rule_tests! {
    fn search_path_and_schemas() {
        passes(&META, "CREATE TABLE public.a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));", Dialect::Postgres);
        fires(&META, "CREATE TABLE b (id int PRIMARY KEY, a_id uuid REFERENCES auth.users (id));", Dialect::Postgres, 1);
        passes(&META, "CREATE TABLE A (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));", Dialect::Sqlite);
    }
}
