//! The check every plan passes before it is offered: the edited text, imported again, gives
//! exactly the expected model (compared in `canon`'s form), and no import warning or error that
//! the original text did not have.

use super::canon::{canon, expected_form_in, first_difference, Written};
use super::{EditError, Lang, SchemaEdit};
use crate::parse::input::InputKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::Fix;
use crate::model::Schema;

/// Checks `fix` (planned for `edit` on `text`, whose import is `before` with `diags`; `written`:
/// the names `text` writes).
pub fn check(l: Lang, text: &str, before: &Schema, diags: &[Diagnostic], edit: &SchemaEdit, fix: &Fix, written: Written) -> Result<(), EditError> {
    let d = before.dialect;
    let names = |t: &str| if l.kind == InputKind::Sql { Written::sql(t, d) } else { Written::new(d, std::iter::empty()) };
    let want = if l.kind == InputKind::Sql {
        expected_form_in(before, written, edit)?
    } else {
        // what the language always writes, made on the expected model before its canonical form
        let mut e = super::spec::expected(before, edit)?;
        match l.kind {
            InputKind::Dbml => super::dbml::language_facts(&mut e),
            InputKind::Prisma => super::prisma::language_facts(text, before, &mut e),
            InputKind::Drizzle => super::drizzle::language_facts(before, &mut e),
            _ => {}
        }
        canon(&e, &written)
    };
    if fix.edits.is_empty() {
        // nothing to write: the asked change must already be true
        let have = canon(before, &names(text));
        return match first_difference(&want, &have) {
            None => Ok(()),
            Some(m) => Err(EditError::Unverified(format!("nothing was written, but the model would change: {m}"))),
        };
    }
    let new_text = fix.apply(text);
    let after = match l.kind {
        InputKind::Sql => crate::parse::parse(&new_text, d),
        kind => crate::parse::input::read(&new_text, Some(kind), l.hint).parsed,
    };
    if after.schema.dialect != d {
        return Err(EditError::Unverified("the edited text names another database".into()));
    }
    let got = canon(&after.schema, &names(&new_text));
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
