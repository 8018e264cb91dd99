//! Safe alternatives: what a finding proposes instead of its statement ([`SafeFix`]), how the
//! proposals for one statement merge into one safe version ([`merge`]), and the building blocks of
//! the recipes (identifier quoting, lock_timeout first, NOT VALID then VALIDATE in a later
//! transaction, steps that must run outside the migration's transaction, later phases).
//!
//! A safe alternative is written for the settings of the check: inside a transaction a step that
//! cannot run in one is split out of it (`COMMIT;` ... `BEGIN;`), a VALIDATE goes to the next
//! transaction, and steps that belong to a later migration (after the application is deployed)
//! are written as commented SQL, so that what replaces the statement is exactly what this
//! migration should run: checking the result again finds nothing left to replace.

use super::Ctx;
use crate::dialect::Dialect;
use crate::model::QualifiedName;

pub use crate::sqltext::ident;

pub fn qname(d: Dialect, q: &QualifiedName) -> String {
    crate::sqltext::qualified(d, q.schema.as_deref(), &q.name)
}

/// `SET lock_timeout` line that starts the migration when none is set.
pub const LOCK_TIMEOUT: &str = "SET lock_timeout = '5s';";
/// `SET statement_timeout` for statements that scan or rewrite under a blocking lock.
pub const STATEMENT_TIMEOUT: &str = "SET statement_timeout = '5min';";

/// What a finding proposes for its statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SafeFix {
    /// Session settings to run before the statement.
    pub before: Vec<String>,
    /// What replaces the statement in this migration (`None`: the statement stays).
    pub replacement: Option<String>,
    /// `before` only holds while the statement stays as written (a statement_timeout for a scan
    /// the replacement no longer does): dropped when another fix replaces the statement.
    pub only_as_written: bool,
}

impl SafeFix {
    pub fn replace(before: Vec<String>, replacement: String) -> SafeFix {
        SafeFix { before, replacement: Some(replacement), only_as_written: false }
    }

    /// A recipe replacing the statement, after the settings it starts with ([`prelude`]).
    pub fn recipe(c: &Ctx, replacement: String) -> SafeFix {
        SafeFix::replace(prelude(c), replacement)
    }

    /// `replacement` instead of the statement, with no settings before it.
    pub fn plain(replacement: String) -> SafeFix {
        SafeFix::replace(Vec::new(), replacement)
    }

    /// The runnable text (the settings, then the replacement or the statement `sql`).
    pub fn render(&self, sql: &str) -> String {
        let body = self.replacement.clone().unwrap_or_else(|| stmt(sql));
        let before: Vec<&str> = self.before.iter().map(String::as_str).filter(|b| !body.contains(b)).collect();
        if before.is_empty() {
            body
        } else {
            format!("{}\n{body}", before.join("\n"))
        }
    }
}

/// One safe version for a statement from all its findings' fixes (`fixes` in the order the rules
/// reported them, most severe first): the settings of every fix, then the replacement of the first
/// fix that has one (or the statement itself). `None` when no fix proposes anything.
pub fn merge<'a>(sql: &str, fixes: impl IntoIterator<Item = &'a SafeFix>) -> Option<String> {
    let fixes: Vec<&SafeFix> = fixes.into_iter().collect();
    if fixes.is_empty() {
        return None;
    }
    let replacement = fixes.iter().find_map(|f| f.replacement.clone());
    let mut before: Vec<String> = Vec::new();
    for f in &fixes {
        if f.only_as_written && replacement.is_some() {
            continue;
        }
        for b in &f.before {
            if !before.contains(b) {
                before.push(b.clone());
            }
        }
    }
    Some(SafeFix { before, replacement, only_as_written: false }.render(sql))
}

/// The settings a recipe starts with: `SET lock_timeout` when the migration has none yet (and no
/// earlier statement was told to add one), unless a SET would put the statement back in the
/// tool's transaction ([`Ctx::alone_outside_tool_tx`]).
pub fn prelude(c: &Ctx) -> Vec<String> {
    if c.pg() && !c.state.lock_timeout && !c.state.lock_timeout_reported && !c.alone_outside_tool_tx() {
        vec![LOCK_TIMEOUT.to_string()]
    } else {
        Vec::new()
    }
}

/// The first step of a recipe for `ADD COLUMN ... <constraint>`: the column added alone (with its
/// default), the constraint left out, under a comment saying so (`without`: what is left out).
pub fn column_first(c: &Ctx, table: &QualifiedName, column: &crate::parse::ops::ColumnDef, without: &str) -> String {
    let default = column.default.as_ref().map(|d| format!(" DEFAULT {d}")).unwrap_or_default();
    format!("-- the column first, without {without}\nALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}{default};", c.qt(table), c.q(&column.name), column.type_text)
}

/// `stmts` (which cannot run inside a transaction block) for a statement that runs in one: as a
/// migration of its own (commented: this migration runs in the tool's transaction), unless the
/// statement is alone in its file and `stmts` is all that replaces it (such a file runs on its own,
/// outside a transaction).
pub fn outside_transaction(c: &Ctx, stmts: &str, whole: bool) -> String {
    if c.in_transaction && !(c.sole_statement && whole) {
        later("in a migration of its own that runs outside a transaction (CONCURRENTLY cannot run inside one)", stmts)
    } else {
        stmts.trim_end().to_string()
    }
}

/// A VALIDATE CONSTRAINT that must not run in the transaction that added the constraint: in the
/// next migration (commented) when this one runs in a transaction, else right away (each
/// statement commits on its own).
pub fn validate_later(c: &Ctx, sql: &str) -> String {
    let sql = format!("-- check existing rows; reads and writes continue (SHARE UPDATE EXCLUSIVE)\n{}", sql.trim_end());
    if c.in_transaction {
        later("in the next migration (in this one's transaction the ADD's lock would be held during the scan)", &sql)
    } else {
        sql
    }
}

/// A later step, as commented SQL (it belongs in a later migration or runs by hand).
pub fn later(title: &str, sql: &str) -> String {
    let mut s = format!("-- {title}:\n");
    for l in sql.lines() {
        if l.starts_with("--") {
            s.push_str(l);
        } else {
            s.push_str("-- ");
            s.push_str(l);
        }
        s.push('\n');
    }
    s.trim_end().to_string()
}

/// A batched backfill of `column` to `value` on `table` (by primary key when one is known,
/// otherwise by ctid): one batch; run it until it updates 0 rows.
pub fn backfill(table: &str, column: &str, value: &str, pk: Option<&str>) -> String {
    let key = pk.unwrap_or("ctid");
    format!("UPDATE {table} SET {column} = {value}\n  WHERE {key} IN (SELECT {key} FROM {table} WHERE {column} IS NULL LIMIT 10000);")
}

/// A constant value of the type usable as a temporary default (no rewrite since PostgreSQL 11).
pub fn zero_value(t: &crate::model::DataType) -> Option<&'static str> {
    use crate::model::{BinaryKind, TextKind, TypeKind as K};
    if t.array_dims > 0 {
        return Some("'{}'");
    }
    Some(match &t.kind {
        K::Int { .. } | K::Decimal { .. } | K::Float { .. } | K::Money => "0",
        K::Char { .. } | K::VarChar { .. } | K::Text(TextKind::Text | TextKind::Citext | TextKind::Tiny | TextKind::Medium | TextKind::Long) => "''",
        K::Bool => "false",
        K::Timestamp { .. } => "now()",
        K::Date => "CURRENT_DATE",
        K::Json { .. } => "'{}'",
        K::Uuid => "'00000000-0000-0000-0000-000000000000'",
        K::Binary(BinaryKind::Bytea) => "''",
        K::Interval { .. } => "'0'",
        _ => return None,
    })
}

/// The NOT NULL steps for an existing, backfilled column, for the check's PostgreSQL version:
/// PostgreSQL 18 adds the NOT NULL constraint NOT VALID and validates it; before, a CHECK does the
/// work (and from 12 lets SET NOT NULL skip its scan). The validation (and what follows it) runs in
/// a later transaction.
pub fn not_null_steps(c: &Ctx, table: &QualifiedName, column: &str) -> String {
    let (t, cn) = (c.qt(table), c.q(column));
    let name = c.q(&crate::parse::clamp_name(&format!("{}_{}_not_null", table.name, column)));
    let (add, rest) = if c.opts.pg_version >= 18 {
        (
            format!("-- NOT NULL without a scan under ACCESS EXCLUSIVE (PostgreSQL 18: NOT NULL ... NOT VALID)\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {name};\nALTER TABLE {t} ADD CONSTRAINT {name} NOT NULL {cn} NOT VALID;"),
            format!("ALTER TABLE {t} VALIDATE CONSTRAINT {name};"),
        )
    } else {
        let after = if c.opts.pg_version >= 12 {
            format!("\n-- the validated CHECK lets SET NOT NULL skip its scan (PostgreSQL 12+); then the CHECK can go\nALTER TABLE {t} ALTER COLUMN {cn} SET NOT NULL;\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {name};")
        } else {
            "\n-- before PostgreSQL 12 SET NOT NULL would scan the table anyway: the validated CHECK enforces NOT NULL".to_string()
        };
        (
            format!("-- a CHECK added NOT VALID takes a brief lock and no scan\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {name};\nALTER TABLE {t} ADD CONSTRAINT {name} CHECK ({cn} IS NOT NULL) NOT VALID;"),
            format!("ALTER TABLE {t} VALIDATE CONSTRAINT {name};{after}"),
        )
    };
    format!("{add}\n{}", validate_later(c, &rest))
}

/// The statement (`ALTER TABLE t ADD [CONSTRAINT n] ...`, one action) added NOT VALID and
/// validated in a later transaction; an unnamed constraint gets `name` so it can be validated.
pub fn add_not_valid(c: &Ctx, table: &QualifiedName, named: Option<&str>, name: &str) -> Option<String> {
    let sql = c.sql.trim().trim_end_matches(';').trim_end();
    let (sql, name) = match named {
        Some(n) => (sql.to_string(), n.to_string()),
        None => (insert_after(sql, "ADD", &format!("CONSTRAINT {}", c.q(name)))?, name.to_string()),
    };
    let (t, n) = (c.qt(table), c.q(&name));
    Some(format!(
        "-- add the constraint without checking existing rows (brief lock)\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {n};\n{sql} NOT VALID;\n{}",
        validate_later(c, &format!("ALTER TABLE {t} VALIDATE CONSTRAINT {n};"))
    ))
}

/// A constraint added NOT VALID (brief lock, no scan), then validated in a later transaction.
/// `definition` is the constraint after its name (`FOREIGN KEY (a) REFERENCES t (id)`).
pub fn not_valid_then_validate(c: &Ctx, table: &QualifiedName, name: &str, definition: &str) -> String {
    let (t, n) = (c.qt(table), c.q(name));
    format!(
        "-- add the constraint without checking existing rows (brief lock)\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {n};\nALTER TABLE {t} ADD CONSTRAINT {n} {definition} NOT VALID;\n{}",
        validate_later(c, &format!("ALTER TABLE {t} VALIDATE CONSTRAINT {n};"))
    )
}

/// A unique or primary-key constraint built from an index made CONCURRENTLY (outside a
/// transaction), then attached (brief lock, no scan).
pub fn constraint_using_index(c: &Ctx, table: &QualifiedName, name: &str, kind: &str, columns: &[String]) -> String {
    let (t, n) = (c.qt(table), c.q(name));
    let idx = c.q(&crate::parse::clamp_name(&format!("{name}_idx")));
    let cols = columns.iter().map(|x| c.q(x)).collect::<Vec<_>>().join(", ");
    let steps = format!(
        "-- build the index without blocking writes\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {idx} ON {t} ({cols});\n-- attach it as the constraint (brief lock, no scan)\nALTER TABLE {t} DROP CONSTRAINT IF EXISTS {n};\nALTER TABLE {t} ADD CONSTRAINT {n} {kind} USING INDEX {idx};"
    );
    if c.in_transaction {
        later("in a migration of its own that runs outside a transaction (CONCURRENTLY cannot run inside one)", &steps)
    } else {
        steps
    }
}

/// Byte offset just after the first occurrence of the bare word `kw` (case-insensitive, outside
/// quotes and comments) in `sql`.
pub fn after_word(sql: &str, kw: &str) -> Option<usize> {
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if sql[s..i].eq_ignore_ascii_case(kw) {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// `sql` with ` text` inserted after the first `kw`.
pub fn insert_after(sql: &str, kw: &str, text: &str) -> Option<String> {
    let at = after_word(sql, kw)?;
    Some(format!("{} {}{}", &sql[..at], text, &sql[at..]))
}

/// Ends `sql` with a semicolon.
pub fn stmt(sql: &str) -> String {
    let s = sql.trim().trim_end_matches(';');
    format!("{s};")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_one_replacement_and_every_setting_once() {
        let lock = SafeFix { before: vec![LOCK_TIMEOUT.into()], ..Default::default() };
        let stmt_to = SafeFix { before: vec![STATEMENT_TIMEOUT.into()], only_as_written: true, ..Default::default() };
        let recipe = SafeFix::replace(vec![LOCK_TIMEOUT.into()], "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;".into());
        assert_eq!(merge("ALTER TABLE t ADD COLUMN c int", [&lock, &stmt_to]).as_deref(), Some("SET lock_timeout = '5s';\nSET statement_timeout = '5min';\nALTER TABLE t ADD COLUMN c int;"));
        // a replacement drops the statement_timeout that was only for the statement as written
        assert_eq!(merge("x", [&lock, &stmt_to, &recipe]).as_deref(), Some("SET lock_timeout = '5s';\nALTER TABLE t ADD COLUMN IF NOT EXISTS c int;"));
        assert_eq!(merge("x", []), None);
    }

    #[test]
    fn later_steps_are_comments() {
        assert_eq!(later("next release", "-- note\nDROP TABLE t;"), "-- next release:\n-- note\n-- DROP TABLE t;");
    }
}
