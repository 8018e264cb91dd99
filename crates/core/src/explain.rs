//! Why a view has nothing to show, and the way forward (issue 22 item 5): the empty diagram and
//! the empty code tabs say which of these it is instead of a bare "No tables yet".
//!
//! One plain function over what the page already has (the text, the selected dialect, the
//! analysis); the browser renders [`Empty::message`] and the action the variant offers.

use crate::parse::{detect, recognize, InputKind};
use crate::{Analysis, Dialect};

/// Why an analysis has no table and no view to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Empty {
    /// The editor holds nothing but blanks and comments.
    Blank,
    /// The text is written in another SQL dialect than the selected one: switch to `dialect`.
    WrongDialect { dialect: Dialect, evidence: Vec<&'static str> },
    /// Another input language, read, that defines no table.
    NoTablesIn(InputKind),
    /// Nothing could be read: the first error, at its line (1-based) and column.
    Unreadable { line: usize, column: usize, message: String },
    /// Statements were read; none of them makes a table or a view.
    NoTables { statements: usize },
}

/// Why there is nothing to draw (`None` when the schema has a table or a view).
pub fn why_empty(text: &str, selected: Dialect, a: &Analysis) -> Option<Empty> {
    if !a.schema.tables.is_empty() || !a.schema.views.is_empty() {
        return None;
    }
    if text.trim().is_empty() {
        return Some(Empty::Blank);
    }
    let kind = recognize(text);
    if kind != InputKind::Sql {
        return Some(first_error(a).unwrap_or(Empty::NoTablesIn(kind)));
    }
    if a.statement_count == 0 && a.diagnostics.is_empty() {
        return Some(Empty::Blank);
    }
    if let Some(d) = detect(text).filter(|d| d.dialect != selected) {
        return Some(Empty::WrongDialect { dialect: d.dialect, evidence: d.evidence });
    }
    Some(first_error(a).unwrap_or(Empty::NoTables { statements: a.statement_count }))
}

/// The first parse problem (a statement the parser could not read is a warning: the rest goes on).
fn first_error(a: &Analysis) -> Option<Empty> {
    let d = a.diagnostics.iter().filter(|d| !crate::lint::triage::is_note(d)).min_by_key(|d| (d.line, d.column))?;
    Some(Empty::Unreadable { line: d.line, column: d.column, message: d.message.clone() })
}

impl Empty {
    /// What the page says, in full sentences. `selected`: the dialect set in the header.
    pub fn message(&self, selected: Dialect) -> String {
        match self {
            Empty::Blank => "The editor is empty: paste a schema (SQL, Prisma, DBML, Drizzle) or pick an example.".into(),
            Empty::WrongDialect { dialect, evidence } => format!(
                "No table was read: this looks like {} ({}), but the dialect is set to {}.",
                dialect.label(),
                evidence.join(", "),
                selected.label()
            ),
            Empty::NoTablesIn(kind) => format!("This reads as {} input, but it defines no table.", kind.label()),
            Empty::Unreadable { line, column, message } => format!("No table could be read. The first problem is at line {line}:{column}: {message}"),
            Empty::NoTables { statements } => match statements {
                0 => "Nothing here is SQL the parser can read, so there is no table to show.".into(),
                n => format!("{} read, but none of them creates a table.", crate::lint::triage::count_of(*n, "statement")),
            },
        }
    }

    /// A stable id for the page (`data-why`) and the tests.
    pub fn id(&self) -> &'static str {
        match self {
            Empty::Blank => "blank",
            Empty::WrongDialect { .. } => "wrong-dialect",
            Empty::NoTablesIn(_) => "no-tables-in",
            Empty::Unreadable { .. } => "unreadable",
            Empty::NoTables { .. } => "no-tables",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Input};

    fn why(text: &str, dialect: Dialect) -> Option<Empty> {
        let a = analyze(&Input { text: text.into(), dialect, ..Default::default() });
        why_empty(text, dialect, &a)
    }

    #[test]
    fn a_schema_with_tables_is_not_empty() {
        for ex in crate::examples::ALL {
            assert_eq!(why(ex.sql, ex.dialect), None, "{}", ex.id);
        }
    }

    #[test]
    fn blank_and_comment_only_text_is_blank() {
        assert_eq!(why("", Dialect::Postgres), Some(Empty::Blank));
        assert_eq!(why("  \n-- just a note\n/* and this */\n", Dialect::Postgres), Some(Empty::Blank));
    }

    #[test]
    fn mysql_under_postgres_offers_the_switch() {
        let text = "CREATE TABLE `users` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n";
        let e = why(text, Dialect::Postgres).expect("backticks do not parse as PostgreSQL");
        let Empty::WrongDialect { dialect, evidence } = &e else { panic!("{e:?}") };
        assert_eq!(*dialect, Dialect::Mysql);
        assert!(evidence.contains(&"ENGINE="), "{evidence:?}");
        assert!(e.message(Dialect::Postgres).contains("set to PostgreSQL"), "{}", e.message(Dialect::Postgres));
        assert_eq!(why(text, Dialect::Mysql), None, "read once switched");
        let text = "/*!40101 SET NAMES utf8 */;\nCREATE TABLE `t` (`id` int) ENGINE=InnoDB;\n";
        assert_eq!(why(text, Dialect::Mysql), None);
    }

    #[test]
    fn garbage_names_the_first_error_and_its_line() {
        let e = why("\n\nthis is not sql at all;\nnor this;\n", Dialect::Postgres).expect("empty");
        let Empty::Unreadable { line, column, message } = &e else { panic!("{e:?}") };
        assert_eq!((*line, *column), (3, 1));
        assert!(e.message(Dialect::Postgres).contains(&format!("line 3:1: {message}")), "{}", e.message(Dialect::Postgres));
        // a broken table among readable statements: its own line
        let e = why("SET x = 1;\nCREATE TABLE broken (id int,,\n", Dialect::Postgres).expect("empty");
        assert!(matches!(e, Empty::Unreadable { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn statements_without_tables_say_so() {
        let e = why("CREATE SEQUENCE s;\nSET x = 1;\n", Dialect::Postgres).expect("empty");
        assert_eq!(e.id(), "no-tables", "{e:?}");
        assert!(e.message(Dialect::Postgres).contains("none of them creates a table"));
    }

    #[test]
    fn another_language_without_tables_is_named() {
        // A Prisma schema with only a datasource: read as Prisma, no model.
        let text = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n";
        assert_eq!(recognize(text), InputKind::Prisma);
        let a = Analysis::default();
        assert_eq!(why_empty(text, Dialect::Postgres, &a), Some(Empty::NoTablesIn(InputKind::Prisma)));
        assert!(Empty::NoTablesIn(InputKind::Prisma).message(Dialect::Postgres).contains("Prisma"));
    }
}
