//! Built-in example schemas: the playground opens on [`DEFAULT`].

use crate::dialect::Dialect;

/// One template a person can start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub dialect: Dialect,
    pub sql: &'static str,
}

/// The multi-tenant SaaS schema the app opens on (with deliberate flaws for the analyzer).
pub const DEFAULT: Example = Example {
    id: "saas",
    title: "Multi-tenant SaaS",
    dialect: Dialect::Postgres,
    sql: include_str!("saas.sql"),
};

/// Every example, in menu order.
pub const ALL: &[Example] = &[DEFAULT];

pub fn by_id(id: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_parses_cleanly_in_its_dialect() {
        for ex in ALL {
            let p = crate::parse::parse(ex.sql, ex.dialect);
            assert!(p.diagnostics.is_empty(), "{}: {:?}", ex.id, p.diagnostics);
            assert!(p.statement_count >= 10, "{}", ex.id);
        }
    }
}
