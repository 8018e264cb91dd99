//! The DBML planner: writes an edit into a DBML document (dbdiagram.io), in DBML.
//!
//! - Tables and columns are edited in their `Table` block: a column is its line (`name type
//!   [settings]`), NOT NULL / UNIQUE / PRIMARY KEY are column settings (`not null`, `unique`,
//!   `pk`), a composite key is an `indexes { (a, b) [pk] }` line.
//! - Relationships are `Ref:` statements (or lines of a `Ref { }` block) and inline `ref:` column
//!   settings; new ones are `Ref:` statements after the last one (or after the last table).
//! - Renames follow every place that names the table or column: `Ref` endpoints (a table's alias
//!   stays as written), inline refs, index lines, `TableGroup` members.
//! - New text follows the document: the indentation of the table's lines, names bare where DBML
//!   reads them bare and double-quoted otherwise (`codegen::dbml`'s quoting), the text's line break.
//! - What the reader builds but the text does not write (the junction tables of `<>`, the columns a
//!   `TablePartial` injects) cannot be edited here and is refused with the place to edit instead.
//!
//! The plan is checked like every language's (see `verify.rs`): the edited document is read
//! again and must give exactly `spec::expected`'s model.

mod doc;
mod write;

use self::doc::Doc;
use super::canon::Written;
use super::sql::patch::Patch;
use super::{EditError, SchemaEdit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::Schema;
use crate::span::Span;

/// Plans `edit` on the DBML `text` (validated against the model by `spec::expected` before);
/// with the names the text writes (none are compared: DBML's constraint names are `@dbml/core`'s).
pub fn plan(text: &str, d: Dialect, schema: &Schema, diags: &[Diagnostic], edit: &SchemaEdit) -> Result<(Fix, Written), EditError> {
    let doc = Doc::read(text);
    let mut cx = write::Cx { doc: &doc, d, schema, patch: Patch::new(text), touched: Vec::new() };
    let description = cx.plan(edit)?;
    check_touched(text, diags, &cx.touched)?;
    Ok((Fix { description, edits: cx.patch.finish()? }, Written::new(d, std::iter::empty())))
}

/// What DBML always writes, made on the expected model: `@dbml/core` exports every PostgreSQL
/// foreign key `DEFERRABLE INITIALLY IMMEDIATE` (so a new relationship is one too).
pub fn language_facts(s: &mut Schema) {
    let pg = s.dialect == Dialect::Postgres;
    for f in s.tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        f.deferrable = pg;
    }
}

/// Refuses when a statement the edit touches has an import warning or error.
fn check_touched(text: &str, diags: &[Diagnostic], touched: &[Span]) -> Result<(), EditError> {
    for s in touched {
        if let Some(dg) = diags.iter().find(|dg| dg.severity >= Severity::Warning && dg.span.start < s.end.max(s.start + 1) && dg.span.end.max(dg.span.start + 1) > s.start) {
            let line = crate::span::LineIndex::new(text).line_col(dg.span.start).0;
            return Err(EditError::SourceError { line, message: dg.message.clone() });
        }
    }
    Ok(())
}

/// A name as DBML reads it: bare when it is a plain word that is no keyword of a table body,
/// else double-quoted (`codegen::dbml`'s quoting). DBML's quoted names have no escape for `"`.
pub fn name(n: &str) -> Result<String, EditError> {
    if n.contains(['"', '\n', '\r', '\0']) {
        return Err(EditError::BadName { name: n.to_string(), why: "DBML cannot write a double quote or line break in a name".into() });
    }
    let plain = n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    const WORDS: &[&str] = &["note", "indexes", "checks", "records", "ref", "table", "enum", "project", "tablegroup", "tablepartial", "as", "null", "pk"];
    if plain && !WORDS.contains(&n.to_ascii_lowercase().as_str()) {
        Ok(n.to_string())
    } else {
        Ok(crate::codegen::escape::dbml::name(n))
    }
}

/// A type as DBML reads it: `varchar(80)`, `text[]`, `"double precision"`.
pub fn type_text(t: &str) -> Result<String, EditError> {
    let t = t.trim();
    let base_end = t.find(['(', '[']).unwrap_or(t.len());
    let (base, rest) = t.split_at(base_end);
    let plain_base = base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let rest_core = rest.trim_end_matches("[]");
    let plain_rest = rest_core.is_empty() || (rest_core.starts_with('(') && rest_core.ends_with(')') && rest_core[1..rest_core.len() - 1].chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' '));
    if plain_base && plain_rest {
        Ok(t.to_string())
    } else if t.is_empty() || t.contains(['"', '\n', '\r', '\0', '[', ']']) {
        Err(EditError::BadType { text: t.to_string() })
    } else {
        Ok(format!("\"{t}\""))
    }
}
