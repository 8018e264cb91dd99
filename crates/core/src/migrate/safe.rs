//! Building blocks of the safe alternatives: identifier quoting and the common phased recipes
//! (lock_timeout first, NOT VALID + VALIDATE, batched backfill, expand/contract).

use crate::dialect::Dialect;
use crate::model::QualifiedName;

pub use crate::sqltext::ident;

pub fn qname(d: Dialect, q: &QualifiedName) -> String {
    crate::sqltext::qualified(d, q.schema.as_deref(), &q.name)
}

/// `SET lock_timeout` line that starts every PostgreSQL recipe.
pub const LOCK_TIMEOUT: &str = "SET lock_timeout = '5s';";

/// A batched backfill of `column` to `value` on `table` (keyed by ctid ranges via a primary key
/// when one is known; otherwise by a `WHERE col IS NULL` limit loop).
pub fn backfill(table: &str, column: &str, value: &str, pk: Option<&str>) -> String {
    match pk {
        Some(pk) => format!(
            "-- repeat until it updates 0 rows (outside the migration's transaction):\nUPDATE {table} SET {column} = {value}\n  WHERE {pk} IN (SELECT {pk} FROM {table} WHERE {column} IS NULL LIMIT 10000);"
        ),
        None => format!(
            "-- repeat until it updates 0 rows (outside the migration's transaction):\nUPDATE {table} SET {column} = {value}\n  WHERE ctid IN (SELECT ctid FROM {table} WHERE {column} IS NULL LIMIT 10000);"
        ),
    }
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

/// The phased NOT NULL steps for an existing, backfilled column (PostgreSQL version aware).
pub fn not_null_steps(pg_version: u32, table: &str, table_raw: &str, column: &str, column_raw: &str, step: usize) -> String {
    let cname = ident(Dialect::Postgres, &format!("{table_raw}_{column_raw}_not_null"));
    if pg_version >= 18 {
        format!(
            "-- step {step}: add NOT NULL without a scan under ACCESS EXCLUSIVE (PostgreSQL 18: NOT NULL ... NOT VALID)\nALTER TABLE {table} ADD CONSTRAINT {cname} NOT NULL {column} NOT VALID;\n-- step {}: validate with a scan under SHARE UPDATE EXCLUSIVE (reads and writes continue)\nALTER TABLE {table} VALIDATE CONSTRAINT {cname};",
            step + 1
        )
    } else {
        let last = if pg_version >= 12 {
            "(PostgreSQL 12+: the validated CHECK lets SET NOT NULL skip its scan)"
        } else {
            "(before PostgreSQL 12 SET NOT NULL still scans; the CHECK alone enforces it)"
        };
        format!(
            "-- step {step}: a CHECK added NOT VALID takes a brief lock and no scan\nALTER TABLE {table} ADD CONSTRAINT {cname} CHECK ({column} IS NOT NULL) NOT VALID;\n-- step {}: validate with a scan under SHARE UPDATE EXCLUSIVE (reads and writes continue)\nALTER TABLE {table} VALIDATE CONSTRAINT {cname};\n-- step {}: set NOT NULL {last}, then drop the helper CHECK\nALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL;\nALTER TABLE {table} DROP CONSTRAINT {cname};",
            step + 1,
            step + 2
        )
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
