//! Views and materialized views.
//!
//! Contract: a view keeps its defining query as written (and where it is in the source), the
//! tables and views the query reads (as written, resolved through the search path like foreign
//! keys once the whole script is read), and its column names when the statement makes them
//! knowable (an explicit column list, or a select list of plain columns and aliased expressions;
//! `None` when a `*` or an unnamed expression leaves them to the engine), with the table column each
//! one is when it is a plain column (so generators can give it a type).

use super::QualifiedName;
use crate::span::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub schema: Option<String>,
    pub name: String,
    pub materialized: bool,
    /// The query after `AS`, as written (without a trailing `WITH [NO] DATA` / `WITH CHECK OPTION`);
    /// empty when the input declares the view without its query (a Prisma `view` block).
    pub definition: String,
    /// Byte span of the query in the source.
    pub definition_span: Span,
    /// Tables and views the query reads, in first-use order, without duplicates.
    pub reads: Vec<QualifiedName>,
    /// Column names, when knowable.
    pub columns: Option<Vec<String>>,
    /// Per column (same length as `columns`), the table column it is when it is a plain column of
    /// a table the view reads (`m.logdate AS day` → `(measurement, logdate)`); `None` for an
    /// expression. Empty when the columns are not known.
    pub column_sources: Vec<Option<(QualifiedName, String)>>,
    /// PostgreSQL: the `search_path` in effect where the view was defined (the unqualified names of
    /// its query resolve through it); empty when none was set.
    pub search_path: Vec<String>,
    /// The whole statement.
    pub span: Span,
}

impl View {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(self.schema.clone(), self.name.clone())
    }
}
