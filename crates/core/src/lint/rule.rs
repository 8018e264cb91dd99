//! The types every lint rule shares: its documentation ([`RuleDoc`], shared with the migration
//! rules), what a check reports
//! ([`Finding`], [`Fix`], [`Edit`]) and the entry of the registry ([`Rule`]).
//!
//! Contract: metadata is plain `const` data (the UI's rule catalogue and `schemaplay rules` render
//! it); a check is a plain function over the [`Ctx`](super::Ctx) that pushes findings; spans and fix
//! edits are byte offsets into the input text; line/column are filled in by [`lint`](super::lint).

use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::span::Span;
use serde::Serialize;

/// Every dialect.
pub const ALL_DIALECTS: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
/// PostgreSQL only.
pub const POSTGRES: &[Dialect] = &[Dialect::Postgres];

pub use crate::ruledoc::{RuleDoc, RuleMeta};

/// One replacement of the byte range `start..end` of the input by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Edit {
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit { start: at, end: at, replacement: text.into() }
    }
    pub fn replace(span: Span, text: impl Into<String>) -> Edit {
        Edit { start: span.start, end: span.end, replacement: text.into() }
    }
}

/// A quick fix: what it does and the edits that do it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Applies the edits to `text` (edits must not overlap; applied back to front).
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        crate::sort::by_key(&mut edits, |e| (e.start, e.end));
        let mut out = text.to_string();
        for e in edits.iter().rev() {
            let (s, en) = (e.start.min(out.len()), e.end.min(out.len()));
            if out.is_char_boundary(s) && out.is_char_boundary(en) && s <= en {
                out.replace_range(s..en, &e.replacement);
            }
        }
        out
    }
}

/// One thing a rule found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// `schema.table` or `table`; `None` where not applicable (e.g. an enum type).
    pub table: Option<String>,
    pub column: Option<String>,
    #[serde(skip)]
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column (in characters) of `span.start`.
    pub column_no: usize,
    /// What is wrong (naming the objects), why, and what to do.
    pub message: String,
    pub fix: Option<Fix>,
    /// The fix as a schema change, where it is one: how the fix is written into a non-SQL input
    /// (Prisma, DBML), whose text `fix`'s SQL edits do not fit (`edit::input_fixes`).
    #[serde(skip)]
    pub edit: Option<crate::edit::SchemaEdit>,
}

impl Finding {
    /// A finding of `meta`'s rule at its default severity (config may change it later).
    pub fn new(meta: &RuleMeta, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule: meta.id,
            severity: meta.severity,
            table: None,
            column: None,
            span,
            line: 0,
            column_no: 0,
            message: message.into(),
            fix: None,
            edit: None,
        }
    }
    pub fn table(mut self, t: impl Into<String>) -> Self {
        self.table = Some(t.into());
        self
    }
    pub fn column(mut self, c: impl Into<String>) -> Self {
        self.column = Some(c.into());
        self
    }
    pub fn fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { description: description.into(), edits });
        self
    }
    /// The same fix as a schema change (see [`Finding::edit`]).
    pub fn edit(mut self, e: crate::edit::SchemaEdit) -> Self {
        self.edit = Some(e);
        self
    }
}

/// A registry entry: the metadata and the check.
#[derive(Clone, Copy)]
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: fn(&super::Ctx, &mut Vec<Finding>),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta.id)
    }
}
