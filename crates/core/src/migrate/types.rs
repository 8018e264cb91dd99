//! Which column type changes a database makes without rewriting the table — the one answer the
//! migration checker (`changing-column-type`, the rewrite fact of `ALTER COLUMN ... TYPE`) and the
//! differ (in place vs expand/contract) both use, so a plan the differ writes in place is one the
//! checker accepts. Decided on the types' [`TypeKind`]s, never their spelling.
//!
//! PostgreSQL's rule (`ATColumnChangeRequiresRewrite` in `tablecmds.c`): no rewrite when the
//! conversion is binary coercible (`varchar` → `text`, `text` → `varchar`, `cidr` → `inet`,
//! `bit` → `varbit`, `text`/`varchar` ↔ `citext`, a domain to its base type) or a length
//! coercion the type's support function proves is a no-op (`varchar(n)` → `varchar(m ≥ n)` or
//! unbounded, `numeric(p, s)` → `numeric(p' ≥ p, s)` or unbounded, `varbit` likewise,
//! `time`/`timetz`/`timestamp`/`timestamptz`/`interval` precision increases or 6 or unbounded),
//! and into a domain only when the domain has no constraint. Every case in
//! `tests/types/pg_type_changes.tsv` is PostgreSQL 15's own verdict (`tests/realdb/run.sh
//! --type-rewrites`), and `tests/type_changes.rs` holds this module to it.

use crate::model::{DataType, Network, Schema, TextKind, TypeKind};

/// A column type together with the schema its names (enums, domains) resolve in.
#[derive(Clone, Copy, Debug)]
pub struct SchemaType<'a> {
    pub schema: &'a Schema,
    pub ty: &'a DataType,
}

impl<'a> SchemaType<'a> {
    pub fn new(schema: &'a Schema, ty: &'a DataType) -> Self {
        SchemaType { schema, ty }
    }
}

/// Whether PostgreSQL rewrites the table (and rebuilds its indexes) to change a column from `old`
/// to `new`. `pg_version` is the server's major version: the verdicts are the same for every
/// version this tool targets (11–18). The one version-dependent case, `timestamp` ↔ `timestamptz`
/// without a rewrite since PostgreSQL 12, needs the session's time zone to be UTC, which a
/// migration cannot count on, so it counts as a rewrite.
pub fn pg_type_change_rewrites(old: SchemaType, new: SchemaType, pg_version: u32) -> bool {
    let _ = pg_version;
    if old.ty.same_type(new.ty) {
        return false;
    }
    // Into a domain: a domain with a constraint (CHECK, NOT NULL) checks every row by rewriting;
    // one without is its base type. Out of a domain: the base type (a relabel, never a rewrite).
    let mut b = new.ty;
    for _ in 0..8 {
        match new.schema.domain_of(b) {
            Some(d) if b.array_dims == 0 => {
                if d.not_null || !d.checks.is_empty() {
                    return true;
                }
                b = &d.data_type;
            }
            _ => break,
        }
    }
    let a = old.schema.resolve_type(old.ty);
    if a.same_type(b) {
        return false;
    }
    // `mood` and `public.mood`: one type through the search path.
    if let (TypeKind::Named(x), TypeKind::Named(y)) = (&a.kind, &b.kind) {
        if a.array_dims == b.array_dims && x.name == y.name && old.schema.schema_matches(x.schema.as_deref(), y.schema.as_deref()) {
            return false;
        }
    }
    // An array changes element by element (even for a binary-coercible element type).
    if a.array_dims > 0 || b.array_dims > 0 {
        return true;
    }
    !in_place(&a.kind.stored(), &b.kind.stored())
}

/// The scalar changes PostgreSQL makes without touching the rows.
fn in_place(a: &TypeKind, b: &TypeKind) -> bool {
    use TypeKind as K;
    let widens = |x: Option<u32>, y: Option<u32>| y.is_none() || matches!((x, y), (Some(x), Some(y)) if y >= x);
    match (a, b) {
        (K::VarChar { length: x }, K::VarChar { length: y }) => widens(*x, *y),
        (K::VarChar { .. }, K::Text(TextKind::Text | TextKind::Citext)) => true,
        (K::Text(TextKind::Text | TextKind::Citext), K::VarChar { length: None }) => true,
        (K::Text(TextKind::Text), K::Text(TextKind::Citext)) | (K::Text(TextKind::Citext), K::Text(TextKind::Text)) => true,
        (K::Decimal { precision: p1, scale: s1, .. }, K::Decimal { precision: p2, scale: s2, .. }) => {
            (p2.is_none() && s2.is_none()) || (p1.is_some() && p2 >= p1 && s1.unwrap_or(0) == s2.unwrap_or(0))
        }
        (K::Bit { length: x, varying: true }, K::Bit { length: y, varying: true }) => widens(*x, *y),
        (K::Bit { varying: false, .. }, K::Bit { length: None, varying: true }) => true,
        (K::Time { precision: x, tz: t1 }, K::Time { precision: y, tz: t2 }) | (K::Timestamp { precision: x, tz: t1 }, K::Timestamp { precision: y, tz: t2 }) => {
            t1 == t2 && temporal_widens(*x, *y)
        }
        (K::Interval { fields: f1, precision: x }, K::Interval { fields: f2, precision: y }) => interval_widens(f1.as_deref(), *x, f2.as_deref(), *y),
        (K::Network(Network::Cidr), K::Network(Network::Inet)) => true,
        _ => false,
    }
}

/// Fractional-second precision: PostgreSQL's `TemporalSimplify` (no rewrite when the new
/// precision is unbounded, the maximum 6, or not below a bounded old one).
fn temporal_widens(old: Option<u32>, new: Option<u32>) -> bool {
    match (old, new) {
        (_, None) | (_, Some(6..)) => true,
        (Some(x), Some(y)) => y >= x,
        (None, Some(_)) => false,
    }
}

/// `interval_support`: no rewrite when the new type is unrestricted, or when its least field is
/// not coarser and (the old least field is coarser than seconds, or the precision does not drop).
fn interval_widens(f1: Option<&str>, p1: Option<u32>, f2: Option<&str>, p2: Option<u32>) -> bool {
    if f2.is_none() && p2.is_none() {
        return true;
    }
    // 0 second, 1 minute, 2 hour, 3 day, 4 month, 5 year (`intervaltypmodleastfield`).
    let least = |f: Option<&str>| match f.and_then(|f| f.rsplit(' ').next()) {
        None | Some("second") => 0,
        Some("minute") => 1,
        Some("hour") => 2,
        Some("day") => 3,
        Some("month") => 4,
        Some(_) => 5,
    };
    let (l1, l2) = (least(f1), least(f2));
    const FULL: u32 = u32::MAX;
    let (p1, p2) = (p1.unwrap_or(FULL), p2.unwrap_or(FULL));
    l2 <= l1 && (l1 > 0 || p2 >= 6 || p2 >= p1)
}

/// MySQL: a VARCHAR extension is in place while the length prefix stays 1 byte (< 256 bytes)
/// or stays 2 bytes; `bytes_per_char` is 4 for utf8mb4.
pub fn mysql_varchar_inplace(old: &DataType, new: &DataType, bytes_per_char: u64) -> bool {
    if old.array_dims + new.array_dims > 0 {
        return false;
    }
    match (&old.kind, &new.kind) {
        (TypeKind::VarChar { length: Some(x) }, TypeKind::VarChar { length: Some(y) }) if y >= x => {
            let (x, y) = (u64::from(*x), u64::from(*y));
            (x * bytes_per_char < 256) == (y * bytes_per_char < 256)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::parse::parse_type;

    fn t(d: Dialect, s: &str) -> DataType {
        parse_type(d, s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn safe_widenings() {
        let s = Schema::new(Dialect::Postgres);
        let safe = |o, n| !pg_type_change_rewrites(SchemaType::new(&s, &t(Dialect::Postgres, o)), SchemaType::new(&s, &t(Dialect::Postgres, n)), 18);
        for (o, n) in [
            ("varchar(20)", "varchar(40)"),
            ("character varying(20)", "text"),
            ("varchar(20)", "varchar"),
            ("text", "varchar"),
            ("numeric(10,2)", "numeric(12, 2)"),
            ("numeric(10,2)", "numeric"),
            ("timestamp(3) with time zone", "timestamptz"),
            ("cidr", "inet"),
            ("int[]", "integer[]"),
        ] {
            assert!(safe(o, n), "{o} -> {n}");
        }
        for (o, n) in [("int", "bigint"), ("varchar(40)", "varchar(20)"), ("text", "varchar(10)"), ("numeric(10,2)", "numeric(12,3)"), ("timestamp", "timestamptz"), ("int", "int[]"), ("uuid", "text")] {
            assert!(!safe(o, n), "{o} -> {n}");
        }
    }

    #[test]
    fn mysql_varchar_extension_keeps_its_length_prefix() {
        let m = |a, b| mysql_varchar_inplace(&t(Dialect::Mysql, a), &t(Dialect::Mysql, b), 4);
        assert!(m("varchar(20)", "varchar(60)"));
        assert!(!m("varchar(20)", "varchar(100)"));
        assert!(m("varchar(100)", "varchar(1000)"));
        assert!(!m("varchar(100)", "varchar(50)"));
        assert!(!m("varchar(10)", "text"));
    }
}
