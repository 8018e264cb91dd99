//! The one trigger the model can carry: keeping an `updated_at` column current on update (a
//! `BEFORE UPDATE ... FOR EACH ROW` trigger, or MySQL's `ON UPDATE CURRENT_TIMESTAMP`). Other
//! triggers are not generated: their function bodies are not part of the model.

use super::identifiers::clamp_name;
use super::{ident, Gen, Out, TableCx};
use crate::codegen::writer::Writer;
use crate::model::{Table, Trigger, TriggerTiming};
use crate::Dialect;

/// What the table's triggers ask for: (a `BEFORE UPDATE` row trigger is there, the table wants
/// its `updated_at` kept current); warns about the triggers that are not generated.
pub(super) fn touch(g: &mut Gen, ti: usize, t: &Table, label: &str) -> (bool, bool) {
    let schema = g.schema;
    let before_update_row = |tr: &Trigger| tr.timing == TriggerTiming::Before && tr.events.iter().any(|e| e == "update") && tr.for_each_row;
    let on_table = |tr: &&Trigger| schema.table_index(&tr.table) == Some(ti);
    let updated_at_trigger = schema.triggers.iter().filter(on_table).any(before_update_row);
    let has_updated_at = t.columns.iter().any(|c| c.name.eq_ignore_ascii_case("updated_at"));
    let wants_touch = has_updated_at && (updated_at_trigger || t.columns.iter().any(|c| c.name.eq_ignore_ascii_case("updated_at") && c.on_update.is_some()));
    for tr in schema.triggers.iter().filter(on_table) {
        if !(has_updated_at && before_update_row(tr)) {
            g.warn(format!("trigger {} on {label} is not generated (its function body is not part of the model)", tr.name));
        }
    }
    (updated_at_trigger, wants_touch)
}

/// The trigger that keeps the table's `updated_at` current (PostgreSQL: with the shared
/// `set_updated_at()` function; SQLite: an `AFTER UPDATE` trigger; MySQL has `ON UPDATE` on the column).
pub(super) fn updated_at_trigger(g: &mut Gen, cx: &TableCx, out: &mut Out) {
    let (to, t, tname) = (g.to, cx.t, &cx.tname);
    let col = t.columns.iter().find(|c| c.name.eq_ignore_ascii_case("updated_at")).map(|c| c.name.clone()).unwrap_or_default();
    match to {
        Dialect::Postgres => {
            out.updated_at_fn = true;
            let trig = clamp_name(to, &format!("{}_set_updated_at", t.name));
            out.after.push(format!("CREATE TRIGGER {} BEFORE UPDATE ON {tname} FOR EACH ROW EXECUTE FUNCTION set_updated_at();", ident(to, &trig)));
            if col != "updated_at" {
                g.warn(format!("table {}: the updated_at trigger function sets a column named updated_at; the column is {col}", cx.label));
            }
        }
        Dialect::Sqlite => {
            if t.without_rowid {
                g.warn(format!("table {}: updated_at trigger not generated for a WITHOUT ROWID table", cx.label));
            } else {
                let trig = format!("{}_set_updated_at", t.name);
                out.sqlite_triggers.push(format!(
                    "CREATE TRIGGER {} AFTER UPDATE ON {tname} FOR EACH ROW WHEN NEW.{c} IS OLD.{c} BEGIN\n    UPDATE {tname} SET {c} = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid;\nEND;",
                    ident(to, &trig),
                    c = ident(to, &col)
                ));
            }
        }
        Dialect::Mysql => {}
    }
}

/// PostgreSQL's `set_updated_at()` trigger function, into the prelude.
pub(super) fn updated_at_function(prelude: &mut Writer) {
    prelude.line("CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$");
    prelude.line("BEGIN");
    prelude.line("    NEW.updated_at := now();");
    prelude.line("    RETURN NEW;");
    prelude.line("END;");
    prelude.line("$$;");
    prelude.blank();
}
