//! Built-in example schemas: the playground opens on [`DEFAULT`].

use crate::dialect::Dialect;

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
