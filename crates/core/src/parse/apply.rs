//! Replay support for the migration checker: apply one statement of a script to an existing
//! [`Schema`] with the same readers `parse` uses, so the model after each statement is known; and
//! read a migration history (several files, one after another) as one script whose files are
//! split on their own ([`ParseJob::segmented`]).
//!
//! Contract: never panics; `span` is the statement's byte range in `text` (the whole script, so
//! spans and diagnostics point into it); returns the warnings the statement produced.

use super::lower::{Builder, Ctx};
use super::{split, ParseJob};
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
/// `lines` is `text`'s line index, built once per script by the caller (building it per statement
/// made a script of 20,000 statements with warnings quadratic).
pub fn apply(schema: &mut Schema, text: &str, lines: &crate::span::LineIndex, stmt: &str, span: Span, dialect: Dialect) -> Vec<Diagnostic> {
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
    let (line0, col0) = lines.line_col(span.start);
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

impl ParseJob {
    /// A job over `text` made of `segments` (byte ranges, in order, not overlapping): each segment
    /// is split into statements on its own, so a quote or comment left open in one segment ends
    /// with it instead of swallowing the next. Otherwise the same as [`ParseJob::new`]: spans and
    /// diagnostics point into `text`, [`ParseJob::run`] reports each statement's start.
    pub fn segmented(text: &str, segments: &[std::ops::Range<usize>], dialect: Dialect) -> ParseJob {
        let mut job = ParseJob::new("", dialect);
        let mut clean = text.as_bytes().to_vec();
        for r in segments {
            let Some(seg) = text.get(r.clone()) else { continue };
            let sp = split::split(seg, dialect);
            if let Some(dst) = clean.get_mut(r.clone()).filter(|d| d.len() == sp.text.len()) {
                dst.copy_from_slice(sp.text.as_bytes());
            }
            job.split.stmts.extend(sp.stmts.into_iter().map(|mut s| {
                s.start += r.start;
                s.end += r.start;
                s
            }));
        }
        // The splitter only blanks ASCII bytes, so the cleaned text stays valid UTF-8.
        job.split.text = String::from_utf8(clean).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        job
    }

    /// Starts from `schema` instead of an empty one (a migration history checked against a base).
    pub fn with_schema(mut self, mut schema: Schema) -> ParseJob {
        schema.dialect = self.dialect;
        self.schema = schema;
        self
    }

    /// The schema read so far (foreign keys not resolved yet: [`resolve_references`]).
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The schema read so far, to change between two [`ParseJob::run`]s.
    pub fn schema_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }
}

/// Resolves foreign-key targets through the search path and fills omitted referenced columns with
/// the target's primary key, as [`super::parse`] does at the end of a script (for a schema taken
/// from the middle of one).
pub fn resolve_references(schema: &mut Schema) {
    super::resolve(schema);
}
