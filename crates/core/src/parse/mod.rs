//! DDL text → statements. The only module that imports `sqlparser`.
//!
//! Contract: never fails the whole script and never panics. Each statement is parsed on its own;
//! one that does not parse becomes a [`Diagnostic`] at its line and column and the rest go on.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::span::{LineIndex, Span};
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

/// What parsing a script produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub statement_count: usize,
    pub diagnostics: Vec<Diagnostic>,
}

fn sql_dialect(d: Dialect) -> Box<dyn SqlDialect> {
    match d {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Splits `text` into statements with sqlparser's tokenizer (which knows quoting, comments and
/// dollar quotes) and parses each one on its own.
pub fn parse(text: &str, dialect: Dialect) -> Parsed {
    let sql_dialect = sql_dialect(dialect);
    let lines = LineIndex::new(text);
    let mut out = Parsed::default();
    let tokens = match Tokenizer::new(sql_dialect.as_ref(), text).tokenize_with_location() {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = (e.location.line as usize, e.location.column as usize);
            let start = lines.offset(line.max(1), column.max(1));
            out.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                message: e.message,
                span: Span::new(start, text.len()),
                line: line.max(1),
                column: column.max(1),
            });
            return out;
        }
    };
    // Statement ranges: from the first significant token to the next top-level ';'.
    let mut start: Option<(usize, usize)> = None;
    let mut ranges = Vec::new();
    for tok in &tokens {
        let (l, c) = (tok.span.start.line as usize, tok.span.start.column as usize);
        match &tok.token {
            Token::Whitespace(_) => {}
            Token::SemiColon => {
                if let Some(s) = start.take() {
                    let end = lines.offset(l, c);
                    ranges.push((s, end));
                }
            }
            _ => {
                if start.is_none() {
                    start = Some((l, c));
                }
            }
        }
    }
    if let Some(s) = start {
        ranges.push((s, text.len()));
    }
    for ((line, column), end) in ranges {
        let begin = lines.offset(line, column);
        let end = if end >= begin { end } else { text.len() };
        let stmt = &text[begin..end];
        out.statement_count += 1;
        if let Err(e) = Parser::parse_sql(sql_dialect.as_ref(), stmt) {
            out.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                message: format!("could not parse statement: {e}"),
                span: Span::new(begin, end),
                line,
                column,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_statements_and_reports_broken_ones_at_their_line() {
        let text = "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,);\nCREATE TABLE c (x text)";
        let p = parse(text, Dialect::Postgres);
        assert_eq!(p.statement_count, 3);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line, 3);
        assert_eq!(p.diagnostics[0].column, 1);
    }

    #[test]
    fn semicolons_in_strings_and_comments_do_not_split() {
        let text = "-- a; b\nCREATE TABLE t (x text DEFAULT 'a;b'); /* ; */ SELECT $$;$$;";
        let p = parse(text, Dialect::Postgres);
        assert_eq!(p.statement_count, 2, "{:?}", p.diagnostics);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn unterminated_string_is_a_diagnostic_not_a_panic() {
        let p = parse("CREATE TABLE t (x text DEFAULT 'oops);", Dialect::Mysql);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].severity, Severity::Error);
    }
}
