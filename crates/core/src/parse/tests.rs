//! Unit tests per construct per dialect.

use super::*;
use crate::model::*;

fn pg(s: &str) -> Parsed {
    parse(s, Dialect::Postgres)
}
fn my(s: &str) -> Parsed {
    parse(s, Dialect::Mysql)
}
fn lite(s: &str) -> Parsed {
    parse(s, Dialect::Sqlite)
}
fn t<'a>(p: &'a Parsed, name: &str) -> &'a Table {
    p.schema.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no table {name}: {:#?}", p.diagnostics))
}
fn warnings(p: &Parsed) -> Vec<&Diagnostic> {
    p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect()
}

#[test]
fn counts_statements_and_reports_broken_ones_at_their_line() {
    let text = "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int, CHECK);\nCREATE TABLE c (x text)";
    let p = pg(text);
    assert_eq!(p.statement_count, 3);
    let w = warnings(&p);
    assert_eq!(w.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(w[0].line, 3);
    assert_eq!(w[0].column, 25, "points at the bad element");
    assert_eq!(p.schema.tables.len(), 3, "b salvaged element-wise");
}

#[test]
fn semicolons_in_strings_and_comments_do_not_split() {
    let text = "-- a; b\nCREATE TABLE t (x text DEFAULT 'a;b'); /* ; */ SELECT $$;$$;";
    let p = pg(text);
    assert_eq!(p.statement_count, 2, "{:?}", p.diagnostics);
    assert!(warnings(&p).is_empty(), "{:?}", p.diagnostics);
    assert_eq!(t(&p, "t").columns[0].default.as_deref(), Some("'a;b'"));
}

#[test]
fn unterminated_string_is_a_diagnostic_not_a_panic() {
    let p = my("CREATE TABLE t (x text DEFAULT 'oops);");
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].severity, Severity::Error);
}
