//! MySQL online DDL: the cheapest algorithm (INSTANT < INPLACE < COPY) the server can use for an
//! ALTER TABLE, by server version (MySQL 8.0 / 8.4 documentation, "Online DDL Operations").

use super::facts::column_type;
use super::{types, Algorithm};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema};
use crate::parse::ops::{Action, ConstraintKind};
use crate::parse::read_type;

fn mysql_ge(v: (u32, u32, u32), want: (u32, u32, u32)) -> bool {
    v >= want
}

/// The cheapest algorithm MySQL can use for one ALTER TABLE action.
pub(super) fn mysql_action(a: &Action, before: &Schema, table: &QualifiedName, v: (u32, u32, u32), foreign_key_checks_off: bool) -> Option<Algorithm> {
    use Algorithm::*;
    Some(match a {
        Action::AddColumn { column, .. } => {
            if column.generated_stored || column.primary_key {
                Copy
            } else if column.identity {
                Inplace
            } else if mysql_ge(v, (8, 0, 29)) || (mysql_ge(v, (8, 0, 12)) && !column.positioned) {
                Instant
            } else {
                Inplace
            }
        }
        Action::DropColumn { .. } => {
            if mysql_ge(v, (8, 0, 29)) {
                Instant
            } else {
                Inplace
            }
        }
        Action::RenameColumn { .. } => {
            if mysql_ge(v, (8, 0, 28)) {
                Instant
            } else {
                Inplace
            }
        }
        Action::SetDefault { .. } | Action::DropDefault { .. } | Action::RenameTable { .. } => Instant,
        Action::Modify { column } | Action::Change { column, .. } => {
            let from = match a {
                Action::Change { from, .. } => from.as_str(),
                _ => column.name.as_str(),
            };
            let old = column_type(before, table, from);
            let new = read_type(Dialect::Mysql, &column.type_text);
            match old {
                // the same type, written the same way (a SERIAL adds AUTO_INCREMENT and a unique key)
                Some(o) if o.kind == new.kind && o.array_dims == new.array_dims => {
                    if from != column.name && mysql_ge(v, (8, 0, 28)) {
                        Instant
                    } else {
                        Inplace
                    }
                }
                Some(o) if types::mysql_varchar_inplace(o, &new, 4) => Inplace,
                _ => Copy,
            }
        }
        Action::AddConstraint { kind, .. } => match kind {
            // INPLACE only with foreign_key_checks=0
            ConstraintKind::ForeignKey { .. } if foreign_key_checks_off => Inplace,
            ConstraintKind::ForeignKey { .. } => Copy,
            // An enforced CHECK is validated by copying the table (MySQL 8.0/8.4: ALGORITHM=INSTANT
            // and INPLACE are refused for it; MySQL bug #117450).
            ConstraintKind::Check { .. } => Copy,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } | ConstraintKind::Index { .. } => Inplace,
            _ => Inplace,
        },
        Action::DropPrimaryKey => Copy,
        Action::DropIndex { .. } | Action::RenameIndex { .. } | Action::DropForeignKey { .. } | Action::DropConstraint { .. } => Inplace,
        Action::TableOption(o) if o.starts_with("CONVERT") => Copy,
        Action::TableOption(_) => Inplace,
        Action::Algorithm(_) | Action::Lock(_) => return None,
        _ => Inplace,
    })
}


/// The algorithm an ALTER TABLE's actions need together (the most expensive one), or the one it
/// asks for with `ALGORITHM=` when that is more expensive.
pub(super) fn alter_table(actions: &[Action], before: &Schema, table: &QualifiedName, v: (u32, u32, u32), foreign_key_checks_off: bool) -> Option<Algorithm> {
    let mut alg: Option<Algorithm> = None;
    let mut forced: Option<Algorithm> = None;
    for a in actions {
        if let Action::Algorithm(x) = a {
            forced = match x.as_str() {
                "COPY" => Some(Algorithm::Copy),
                "INPLACE" => Some(Algorithm::Inplace),
                "INSTANT" => Some(Algorithm::Instant),
                _ => None,
            };
        } else if let Some(x) = mysql_action(a, before, table, v, foreign_key_checks_off) {
            alg = Some(alg.map_or(x, |y| y.max(x)));
        }
    }
    match (alg, forced) {
        (Some(a), Some(f)) => Some(a.max(f)),
        (a, f) => a.or(f),
    }
}
