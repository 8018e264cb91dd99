//! The check every plan passes before it is offered: the edited text, imported again, gives
//! exactly the expected model (compared in `canon`'s form), and no import warning or error that
//! the original text did not have.

use super::canon::{canon, expected_form_in, first_difference, Written};
use super::{EditError, SchemaEdit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::Schema;

/// Checks `fix` (planned for `edit` on `text`, whose import is `before` with `diags`; `written`:
/// the names `text` writes).
pub fn check(text: &str, d: Dialect, before: &Schema, diags: &[Diagnostic], edit: &SchemaEdit, fix: &Fix, written: Written) -> Result<(), EditError> {
    let want = expected_form_in(before, written, edit)?;
    if fix.edits.is_empty() {
        // nothing to write: the asked change must already be true
        let have = canon(before, &Written::sql(text, d));
        return match first_difference(&want, &have) {
            None => Ok(()),
            Some(m) => Err(EditError::Unverified(format!("nothing was written, but the model would change: {m}"))),
        };
    }
    let new_text = fix.apply(text);
    let after = crate::parse::parse(&new_text, d);
    let got = canon(&after.schema, &Written::sql(&new_text, d));
    if want != got {
        return Err(EditError::Unverified(first_difference(&want, &got).unwrap_or_else(|| "the model differs".into())));
    }
    let mut old: Vec<&str> = diags.iter().filter(|x| x.severity >= Severity::Warning).map(|x| x.message.as_str()).collect();
    for x in after.diagnostics.iter().filter(|x| x.severity >= Severity::Warning) {
        match old.iter().position(|m| *m == x.message) {
            Some(i) => {
                old.swap_remove(i);
            }
            None => return Err(EditError::Unverified(format!("the edited text would not import cleanly: line {}: {}", x.line, x.message))),
        }
    }
    Ok(())
}
