//! Quick fixes on a non-SQL input (issue 15, item 5): a lint finding's fix is an edit of SQL
//! text, which would corrupt a Prisma schema or a DBML document. Where the fix is a schema change
//! ([`Finding::edit`]: an index for `fk-missing-index`, a type for the `prefer-*` rules, ...), it is
//! written in the input's own language by that language's planner ([`super::plan_edit_in`]), checked
//! like every edit (the edited text read again gives exactly the asked model). Where the language
//! cannot write it (catalog JSON has no planner at all; Prisma has no type for some SQL types, so a
//! `prefer-*` retype to one of them has none) or the plan is refused, the finding has no fix, so no
//! Fix button is shown.
//!
//! Each plan reads the edited text again, so at most [`MAX_PLANNED`] fixes are planned per
//! text; later findings have none.

use super::{plan_edit_in, Fix, SchemaEdit};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::lint::Finding;
use crate::model::Schema;
use crate::parse::input::InputKind;

/// How many fixes are planned for one text (each reads the edited text again).
pub const MAX_PLANNED: usize = 100;

/// The fix of each edit written in `kind` on `text` (read as `schema` with `diagnostics`; `hint`:
/// the dialect it was read with); `None` where it cannot be written there, and past [`MAX_PLANNED`].
pub fn plan_all(kind: InputKind, text: &str, hint: Dialect, schema: &Schema, diagnostics: &[Diagnostic], edits: &[SchemaEdit]) -> Vec<Option<Fix>> {
    edits
        .iter()
        .enumerate()
        .map(|(i, e)| if i < MAX_PLANNED { plan_edit_in(kind, text, hint, schema, diagnostics, e).ok().filter(|f| !f.edits.is_empty()) } else { None })
        .collect()
}

/// The findings' schema edits to plan for an input in `kind` (none for SQL, whose findings keep the
/// rules' own fixes), with the finding each belongs to.
pub fn wanted(kind: InputKind, findings: &[Finding]) -> (Vec<usize>, Vec<SchemaEdit>) {
    if kind == InputKind::Sql {
        return (Vec::new(), Vec::new());
    }
    findings.iter().enumerate().filter_map(|(i, f)| f.edit.clone().map(|e| (i, e))).unzip()
}

/// Gives the findings of a non-SQL input their fixes written in its language (see the module
/// doc); SQL findings are left as they are.
pub fn write_in(kind: InputKind, text: &str, hint: Dialect, schema: &Schema, diagnostics: &[Diagnostic], findings: &mut [Finding]) {
    let (at, edits) = wanted(kind, findings);
    for (i, fix) in at.into_iter().zip(plan_all(kind, text, hint, schema, diagnostics, &edits)) {
        findings[i].fix = fix;
    }
}
