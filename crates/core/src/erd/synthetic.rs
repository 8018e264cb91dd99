//! Synthetic schemas for tests and benchmarks.
//!
//! Contract: [`synthetic`] returns the same [`ErdGraph`] for the same `(tables, seed)` on every
//! platform ([`crate::rng::Rng`], no dependency). The shape imitates real schemas: a few hub
//! tables (`users`, `organizations`-like) referenced by many, most tables with 0–3 foreign keys to
//! earlier tables (preferential attachment, so fan-in is skewed), a few self-references
//! (`parent_id`), a few references to later tables (cycles), about 5 % isolated tables, 3–14
//! columns per table. Mean ≈ 1.5 foreign keys per table.

use super::graph::{EdgeEnd, ErdColumn, ErdEdge, ErdGraph, ErdTable};
use crate::rng::Rng;

const WORDS: [&str; 24] = [
    "user", "organization", "order", "invoice", "product", "payment", "address", "comment", "post",
    "team", "project", "task", "event", "session", "subscription", "plan", "tag", "category",
    "shipment", "review", "message", "file", "audit_log", "setting",
];
const TYPES: [&str; 10] =
    ["text", "integer", "bigint", "boolean", "timestamptz", "numeric(12,2)", "jsonb", "varchar(80)", "date", "uuid"];
const COLS: [&str; 16] = [
    "name", "title", "status", "created_at", "updated_at", "amount", "email", "description", "position",
    "kind", "metadata", "starts_at", "ends_at", "quantity", "slug", "archived",
];

fn table_name(i: usize) -> String {
    let w = WORDS[i % WORDS.len()];
    if i < WORDS.len() { format!("{w}s") } else { format!("{w}s_{}", i / WORDS.len()) }
}

pub fn synthetic(tables: usize, seed: u64) -> ErdGraph {
    let mut rng = Rng(seed ^ 0x5EED_0000_0000_0000);
    let mut g = ErdGraph::default();
    let hubs = (tables / 40).clamp(1, 12);
    let mut targets: Vec<usize> = Vec::new(); // one entry per existing reference (preferential)
    for i in 0..tables {
        let name = table_name(i);
        let mut t = ErdTable { key: name.clone(), name, ..Default::default() };
        t.columns.push(ErdColumn { name: "id".into(), type_label: "bigint".into(), is_pk: true, ..Default::default() });
        let isolated = i >= hubs && rng.chance(0.05);
        let k = if isolated || i == 0 {
            0
        } else {
            match rng.below(20) {
                0..=1 => 0,
                2..=10 => 1,
                11..=16 => 2,
                _ => 3,
            }
        };
        for _ in 0..k {
            let target = if i > hubs && rng.chance(0.35) {
                rng.below(hubs)
            } else if !targets.is_empty() && rng.chance(0.4) {
                targets[rng.below(targets.len())]
            } else if rng.chance(0.03) && i + 1 < tables {
                i + 1 + rng.below((tables - i - 1).min(50))
            } else {
                rng.below(i)
            };
            let col = format!("{}_id", table_name(target).trim_end_matches(|c: char| c.is_ascii_digit() || c == '_'));
            let col = if t.columns.iter().any(|c| c.name == col) { format!("{col}_{}", t.columns.len()) } else { col };
            let nullable = rng.chance(0.3);
            let unique = rng.chance(0.05);
            t.columns.push(ErdColumn {
                name: col,
                type_label: "bigint".into(),
                is_fk: true,
                nullable,
                is_unique: unique,
                ..Default::default()
            });
            g.edges.push(ErdEdge {
                name: None,
                from: EdgeEnd { table: t.key.clone(), columns: vec![t.columns.len() - 1] },
                to: EdgeEnd { table: table_name(target), columns: vec![0] },
                from_nullable: nullable,
                from_unique: unique,
                change: None,
                dependency: false,
                logical: false,
            });
            targets.push(target);
        }
        if !isolated && rng.chance(0.03) {
            t.columns.push(ErdColumn { name: "parent_id".into(), type_label: "bigint".into(), is_fk: true, nullable: true, ..Default::default() });
            g.edges.push(ErdEdge {
                name: None,
                from: EdgeEnd { table: t.key.clone(), columns: vec![t.columns.len() - 1] },
                to: EdgeEnd { table: t.key.clone(), columns: vec![0] },
                from_nullable: true,
                from_unique: false,
                change: None,
                dependency: false,
                logical: false,
            });
        }
        let extra = 2 + rng.below(10);
        for _ in 0..extra {
            let c = COLS[rng.below(COLS.len())];
            if t.columns.iter().any(|x| x.name == c) {
                continue;
            }
            t.columns.push(ErdColumn {
                name: c.into(),
                type_label: TYPES[rng.below(TYPES.len())].into(),
                nullable: rng.chance(0.4),
                is_unique: c == "email" || c == "slug",
                ..Default::default()
            });
        }
        g.tables.push(t);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_realistic() {
        let a = synthetic(1000, 7);
        assert_eq!(a, synthetic(1000, 7));
        assert_ne!(a, synthetic(1000, 8));
        assert!(a.edges.len() > 1200 && a.edges.len() < 1900, "{}", a.edges.len());
    }
}
