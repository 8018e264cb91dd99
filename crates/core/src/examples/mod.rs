//! Built-in example schemas: the playground opens on [`DEFAULT`].

use crate::codegen::Target;
use crate::dialect::Dialect;
use crate::parse::InputKind;

/// One template a person can start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub dialect: Dialect,
    pub sql: &'static str,
    /// A migration script the example loads into the Migration view (empty: none; the view keeps
    /// what it has).
    pub migration: &'static str,
}

/// The multi-tenant SaaS schema the app opens on (with deliberate flaws for the analyzer).
pub const DEFAULT: Example = Example {
    id: "saas",
    title: "Multi-tenant SaaS",
    dialect: Dialect::Postgres,
    sql: include_str!("saas.sql"),
    migration: "",
};

pub const BLOG: Example = Example { id: "blog", title: "Blog", dialect: Dialect::Postgres, sql: include_str!("blog.sql"), migration: "" };
pub const SHOP: Example = Example { id: "shop", title: "E-commerce store", dialect: Dialect::Postgres, sql: include_str!("shop.sql"), migration: "" };
pub const MYSQL_HELPDESK: Example = Example { id: "helpdesk", title: "Help desk", dialect: Dialect::Mysql, sql: include_str!("mysql_crm.sql"), migration: "" };
pub const SQLITE_NOTES: Example = Example { id: "notes", title: "Notes app", dialect: Dialect::Sqlite, sql: include_str!("sqlite_notes.sql"), migration: "" };

/// A schema plus a risky release migration: opens the Migration view with the checker's findings.
pub const MIGRATION: Example = Example {
    id: "migration",
    title: "Risky migration (checker)",
    dialect: Dialect::Postgres,
    sql: include_str!("migration_shop.sql"),
    migration: include_str!("migration_shop.migration.sql"),
};

/// Every example, in menu order.
pub const ALL: &[Example] = &[DEFAULT, BLOG, SHOP, MYSQL_HELPDESK, SQLITE_NOTES, MIGRATION];

pub fn by_id(id: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.id == id)
}

/// The other languages every example is offered in (the Examples menu's "Prisma" and "Drizzle"
/// entries): its twin is our own generator's output for the example's schema, made when it is
/// chosen (in the app's engine worker), so it always matches the SQL. A test checks that each twin
/// reads back to the example's model.
pub const TWINS: [InputKind; 2] = [InputKind::Prisma, InputKind::Drizzle];

/// The generator that writes an example's twin in `kind` (`None`: no twin in that language).
pub fn twin_target(kind: InputKind) -> Option<Target> {
    match kind {
        InputKind::Prisma => Some(Target::Prisma),
        InputKind::Drizzle => Some(Target::Drizzle),
        _ => None,
    }
}

/// The Examples menu's value for an example in a language (`saas`, `saas.prisma`), and back.
pub fn menu_value(ex: &Example, kind: InputKind) -> String {
    match kind {
        InputKind::Sql => ex.id.to_string(),
        k => format!("{}.{}", ex.id, k.id()),
    }
}

/// [`menu_value`] read back: the example and the language chosen.
pub fn from_menu_value(value: &str) -> Option<(&'static Example, InputKind)> {
    match value.split_once('.') {
        None => Some((by_id(value)?, InputKind::Sql)),
        Some((id, kind)) => Some((by_id(id)?, InputKind::parse(kind).filter(|k| TWINS.contains(k))?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_the_default_comes_first() {
        assert_eq!(ALL[0], DEFAULT);
        for (i, a) in ALL.iter().enumerate() {
            assert!(ALL[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
            assert_eq!(by_id(a.id), Some(a));
        }
        assert!(ALL.iter().any(|e| e.dialect == Dialect::Mysql) && ALL.iter().any(|e| e.dialect == Dialect::Sqlite));
    }

    #[test]
    fn every_example_parses_cleanly_in_its_dialect() {
        for ex in ALL {
            let p = crate::parse::parse(ex.sql, ex.dialect);
            assert!(p.diagnostics.is_empty(), "{}: {:?}", ex.id, p.diagnostics);
            assert!(p.statement_count >= 7, "{}", ex.id);
            let tables = p.schema.tables.len();
            assert!((5..=12).contains(&tables), "{}: {tables} tables", ex.id);
            // Every foreign key points at a table of the example.
            for t in &p.schema.tables {
                for fk in &t.foreign_keys {
                    assert!(p.schema.tables.iter().any(|o| o.name == fk.ref_table.name), "{}: {} → {}", ex.id, t.name, fk.ref_table.name);
                }
            }
        }
    }

    /// What a twin must keep of its example: tables, columns and their nullability, primary,
    /// foreign and unique keys (as column lists), plain indexes.
    fn facts(s: &crate::model::Schema) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        for t in &s.tables {
            let tn = t.qualified_name();
            out.insert(format!("table {tn}"));
            for c in &t.columns {
                out.insert(format!("column {tn}.{} null={}", c.name, c.nullable));
            }
            if let Some(pk) = &t.primary_key {
                out.insert(format!("pk {tn} {:?}", pk.columns));
            }
            for f in &t.foreign_keys {
                out.insert(format!("fk {tn} {:?} -> {} {:?} {:?}/{:?}", f.columns, f.ref_table.name, f.ref_columns, f.on_delete, f.on_update));
            }
            // A UNIQUE constraint and a unique index on plain columns are one fact (Prisma's
            // `@@unique` is a unique index).
            for u in &t.uniques {
                out.insert(format!("unique {tn} {:?}", u.columns));
            }
            for i in t.indexes.iter().filter(|i| i.predicate.is_none() && !i.implicit && i.parts.iter().all(|p| p.column.is_some() && p.length.is_none())) {
                let cols: Vec<_> = i.parts.iter().filter_map(|p| p.column.clone()).collect();
                out.insert(format!("{} {tn} {cols:?}", if i.unique { "unique" } else { "index" }));
            }
        }
        out
    }

    #[test]
    fn every_example_has_prisma_and_drizzle_twins_that_read_back_to_its_model() {
        for ex in ALL {
            let schema = crate::parse::parse(ex.sql, ex.dialect).schema;
            for kind in TWINS {
                let value = menu_value(ex, kind);
                assert_eq!(from_menu_value(&value), Some((ex, kind)));
                let twin = crate::codegen::generate(&schema, twin_target(kind).unwrap());
                let back = crate::parse::read(&twin.code, None, Dialect::default());
                assert_eq!(back.kind, kind, "{value}: the twin is recognised as {}", kind.label());
                assert_eq!(back.dialect(), ex.dialect, "{value}: the twin names its database");
                let bad: Vec<_> = back.parsed.diagnostics.iter().filter(|d| d.severity >= crate::Severity::Warning).collect();
                assert!(bad.is_empty(), "{value}: {bad:#?}");
                let (want, got) = (facts(&schema), facts(&back.parsed.schema));
                assert!(want.len() >= 25, "{value}: {} facts", want.len());
                let lost: Vec<_> = want.difference(&got).collect();
                let gained: Vec<_> = got.difference(&want).collect();
                assert!(lost.is_empty() && gained.is_empty(), "{value}: lost {lost:#?}\ngained {gained:#?}");
            }
        }
        assert_eq!(from_menu_value("saas"), Some((&DEFAULT, InputKind::Sql)));
        assert_eq!(from_menu_value("saas.dbml"), None, "no DBML twin");
        assert_eq!(from_menu_value("nope.prisma"), None);
    }

    #[test]
    fn the_migration_example_shows_the_checker_at_work() {
        use crate::migrate::{check, CheckOptions, LockMode};
        let with: Vec<_> = ALL.iter().filter(|e| !e.migration.is_empty()).collect();
        assert_eq!(with, [&MIGRATION]);
        let schema = crate::parse::parse(MIGRATION.sql, MIGRATION.dialect).schema;
        let r = check(&schema, MIGRATION.migration, MIGRATION.dialect, &CheckOptions::default());
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.statements.len(), 5);
        let rules: Vec<&str> = r.findings().map(|(_, f)| f.rule).collect();
        for rule in ["adding-required-field", "require-concurrent-index-creation", "adding-foreign-key-constraint", "renaming-column", "changing-column-type"] {
            assert!(rules.contains(&rule), "{rule} not in {rules:?}");
        }
        assert_eq!(r.statements[0].lock, Some(LockMode::AccessExclusive));
        // Every finding of the example offers a safe alternative.
        assert!(r.findings().all(|(_, f)| f.safe_alternative.is_some()));
    }
}
