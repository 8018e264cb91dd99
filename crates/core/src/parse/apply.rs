//! Replay support for the migration checker: apply one statement of a script to an existing
//! [`Schema`] with the same readers `parse` uses, so the model after each statement is known.
//!
//! Contract: never panics; `span` is the statement's byte range in `text` (the whole script, so
//! spans and diagnostics point into it); returns the warnings the statement produced.

use super::lower::{Builder, Ctx};
use super::split;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::span::Span;

/// One statement of a script as the splitter found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptStatement {
    /// Byte range in the script (without the delimiter).
    pub span: Span,
    /// The statement's text with conditional-comment markers blanked (same length as the span).
    pub text: String,
    /// A client-side directive (`\connect`, `DELIMITER`), not SQL.
    pub meta: bool,
    /// Ran to the end of the script inside an unterminated quote or comment.
    pub unterminated: Option<&'static str>,
}

/// Splits a script into statements (strings, comments, dollar quotes, `DELIMITER` aware).
pub fn statements(text: &str, dialect: Dialect) -> Vec<ScriptStatement> {
    let sp = split::split(text, dialect);
    sp.stmts
        .iter()
        .map(|r| ScriptStatement {
            span: Span::new(r.start, r.end),
            text: sp.text.get(r.start..r.end).unwrap_or("").to_string(),
            meta: r.kind == split::RawKind::Meta,
            unterminated: r.unterminated,
        })
        .collect()
}

/// Applies the statement at `span` of `text` (its cleaned text `stmt`) to `schema`. Work is
/// proportional to the statement, not the script: the statement is read on its own, so the spans
/// of model items it adds are relative to the statement (its diagnostics are shifted into the
/// script). Foreign keys are not re-resolved (`parse` does that once at the end of a script).
pub fn apply(schema: &mut Schema, text: &str, stmt: &str, span: Span, dialect: Dialect) -> Vec<Diagnostic> {
    let own = text.get(span.start..span.end).unwrap_or(stmt);
    let mut b = Builder::new(own, dialect);
    b.schema = std::mem::take(schema);
    b.schema.dialect = dialect;
    let ctx = Ctx { start: 0, end: own.len(), line: 1, column: 1 };
    super::statement(&mut b, stmt, &ctx, false, 0);
    *schema = b.schema;
    let diags: Vec<Diagnostic> = b.diagnostics.into_iter().filter(|d| d.severity != Severity::Info).collect();
    if diags.is_empty() {
        return diags;
    }
    let (line0, col0) = crate::span::LineIndex::new(text).line_col(span.start);
    diags
        .into_iter()
        .map(|mut d| {
            if d.line == 1 {
                d.column += col0 - 1;
            }
            d.line += line0 - 1;
            d.span = Span::new(d.span.start + span.start, d.span.end + span.start);
            d
        })
        .collect()
}
