//! The names Prisma gives constraints and indexes the schema does not name (prisma-engines
//! `psl-core/src/datamodel_connector/constraint_names.rs` and the implicit many-to-many table of
//! `sql_schema_calculator.rs`).
//!
//! Always built from database names (`@@map` / `@map`), PostgreSQL's conventions:
//! `{table}_pkey`, `{table}_{cols}_key`, `{table}_{cols}_idx`, `{table}_{cols}_fkey`, cut to the
//! provider's identifier limit (63 bytes PostgreSQL, 64 MySQL, 10000 SQLite) before the suffix.

use crate::dialect::Dialect;

/// The provider's `max_identifier_length`.
pub fn limit(d: Dialect) -> usize {
    match d {
        Dialect::Postgres => 63,
        Dialect::Mysql => 64,
        Dialect::Sqlite => 10_000,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `{stem}{suffix}` with `stem` cut so that it is shorter than `limit - suffix` bytes (Prisma
/// cuts when the stem is `>=` the room left).
fn with_suffix(stem: &str, suffix: &str, d: Dialect) -> String {
    let room = limit(d).saturating_sub(suffix.len());
    let stem = if stem.len() >= room { &stem[..floor_boundary(stem, room)] } else { stem };
    format!("{stem}{suffix}")
}

pub fn primary_key(table: &str, d: Dialect) -> String {
    with_suffix(table, "_pkey", d)
}

pub fn unique(table: &str, cols: &[&str], d: Dialect) -> String {
    with_suffix(&format!("{table}_{}", cols.join("_")), "_key", d)
}

pub fn index(table: &str, cols: &[&str], d: Dialect) -> String {
    with_suffix(&format!("{table}_{}", cols.join("_")), "_idx", d)
}

pub fn foreign_key(table: &str, cols: &[&str], d: Dialect) -> String {
    with_suffix(&format!("{table}_{}", cols.join("_")), "_fkey", d)
}

/// The names of an implicit many-to-many join table's objects: (table, A/B uniqueness, index on
/// B, FK of A, FK of B). PostgreSQL keys the table with a primary key `_AB_pkey`; MySQL and SQLite
/// with a unique index `_AB_unique`.
pub struct JoinNames {
    pub table: String,
    pub ab: String,
    pub b_index: String,
    pub fk_a: String,
    pub fk_b: String,
}

pub fn join_table(relation: &str, d: Dialect) -> JoinNames {
    let max = limit(d);
    let table: String = format!("_{relation}").chars().take(max).collect();
    let take = |n: usize| -> String { table.chars().take(n).collect() };
    let ab_suffix = if d == Dialect::Postgres { "_AB_pkey" } else { "_AB_unique" };
    let fk_room = max.saturating_sub("_fkey".len() + 2);
    let cut = |n: usize| -> &str { &table[..floor_boundary(&table, n)] };
    // Prisma's asymmetric comparisons (`>` for A, `>=` for B) are kept on purpose.
    let fk_a = if table.len() > fk_room { format!("{}_A_fkey", cut(fk_room)) } else { format!("{table}_A_fkey") };
    let fk_b = if table.len() >= fk_room { format!("{}_B_fkey", cut(fk_room)) } else { format!("{table}_B_fkey") };
    JoinNames {
        ab: format!("{}{ab_suffix}", take(max.saturating_sub(ab_suffix.len()))),
        b_index: format!("{}_B_index", take(max.saturating_sub(8))),
        fk_a,
        fk_b,
        table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_prisma() {
        let d = Dialect::Postgres;
        assert_eq!(primary_key("User", d), "User_pkey");
        assert_eq!(unique("comps", &["b", "c_col"], d), "comps_b_c_col_key");
        assert_eq!(index("A", &["s", "b"], d), "A_s_b_idx");
        assert_eq!(foreign_key("Post", &["authorId"], d), "Post_authorId_fkey");
        let j = join_table("CategoryToPost", d);
        assert_eq!((j.table.as_str(), j.ab.as_str(), j.b_index.as_str()), ("_CategoryToPost", "_CategoryToPost_AB_pkey", "_CategoryToPost_B_index"));
        assert_eq!(join_table("x", Dialect::Sqlite).ab, "_x_AB_unique");
    }

    #[test]
    fn long_names_are_cut_before_the_suffix() {
        let long = "a".repeat(70);
        let n = index(&long, &["b"], Dialect::Postgres);
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_idx"));
        assert_eq!(index(&long, &["b"], Dialect::Mysql).len(), 64);
        assert_eq!(primary_key(&"é".repeat(40), Dialect::Postgres).len(), 63);
        assert_eq!(unique(&"é".repeat(40), &["x"], Dialect::Postgres).len(), 62, "a cut never splits a character");
        let j = join_table(&"r".repeat(80), Dialect::Postgres);
        assert_eq!(j.table.len(), 63);
        assert!(j.fk_a.len() <= 63 && j.fk_b.len() <= 63 && j.ab.len() <= 63 && j.b_index.len() <= 63, "{} {} {} {}", j.fk_a, j.fk_b, j.ab, j.b_index);
    }
}
