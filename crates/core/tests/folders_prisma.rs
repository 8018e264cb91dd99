//! Prisma migration folders against their own `schema.prisma` (issue 16): for every corpus folder
//! whose whole history sits beside the `schema.prisma` of the same commit (see
//! `../shared/corpus/SOURCES.md`), the schema the replay builds equals the schema the Prisma reader
//! reads from `schema.prisma`.
//!
//! "Equal" is asked of the differ — one truth for "what differs between two schemas": the plan
//! from the replayed schema to the imported one must be empty, except for the changes listed in
//! `tests/folders_prisma_known.txt` (`FOLDER :: CHANGE :: REASON`, a `*` at the end of CHANGE
//! matching any rest). A listed change that no longer appears fails too, so the list stays true.
//! Enum values are compared as sets: `ALTER TYPE ... ADD VALUE` appends in the database while the
//! schema lists values where they were written, and Prisma treats both as the same enum.
//!
//! Folders left out: civitai and trigger.dev are tails of their histories (the first migrations
//! are not in the corpus), so their replay cannot build the whole schema.

mod common;

use schemaplay_core::migrate::diff::{self, DiffOptions};
use schemaplay_core::migrate::folder::{self, ReadOptions};
use schemaplay_core::parse::{read, InputKind};
use schemaplay_core::{Dialect, Schema, Severity};
use std::path::{Path, PathBuf};

/// (migration folder, schema.prisma) of the same commit, both under `../shared/corpus`.
const PAIRS: [(&str, &str); 4] = [
    ("migrations/calcom_prisma_postgres_2021-2022", "prisma/calcom_schema_2022-05.prisma"),
    ("migrations/documenso_prisma_postgres", "prisma/documenso_schema.prisma"),
    ("migrations/hoppscotch_prisma_postgres", "prisma/hoppscotch_schema.prisma"),
    ("migrations/umami_prisma_postgres", "prisma/umami_schema.prisma"),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

/// `(folder, change pattern, reason)` lines of the known-differences list.
fn known() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/folders_prisma_known.txt");
    let text = std::fs::read_to_string(&path).expect("tests/folders_prisma_known.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.split(" :: ").collect();
            assert!(parts.len() == 3 && !parts[2].trim().is_empty(), "want FOLDER :: CHANGE :: REASON, got {l:?}");
            (parts[0].trim().to_string(), parts[1].trim().to_string())
        })
        .collect()
}

fn matches(pattern: &str, change: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => change.starts_with(prefix),
        None => change == pattern,
    }
}

fn enum_sets(mut s: Schema) -> Schema {
    for e in &mut s.enums {
        e.values.sort();
    }
    s
}

/// The changes the differ finds from the folder's replayed schema to its `schema.prisma`.
fn changes(folder_rel: &str, prisma_rel: &str) -> Vec<String> {
    let root = corpus().join(folder_rel);
    let h = folder::read(common::folder_files(&root, None), &ReadOptions::default());
    let errors: Vec<_> = h.problems.iter().filter(|p| p.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{folder_rel}: {errors:?}");
    assert_eq!(h.dialect, Dialect::Postgres, "{folder_rel}: migration_lock.toml says postgresql");
    let replayed = folder::schema_at(&h, h.migrations.len(), None).parsed.schema;
    let text = std::fs::read_to_string(corpus().join(prisma_rel)).expect("schema.prisma");
    let imported = read(&text, Some(InputKind::Prisma), Dialect::Postgres);
    assert!(imported.parsed.diagnostics.iter().all(|d| d.severity != Severity::Error), "{prisma_rel}: {:?}", imported.parsed.diagnostics);
    let plan = diff::diff(&enum_sets(replayed), &enum_sets(imported.parsed.schema), Dialect::Postgres, &DiffOptions { safe: false, ..Default::default() });
    plan.changes.into_iter().map(|c| c.text).collect()
}

#[test]
fn prisma_folders_replay_to_their_schema_prisma() {
    if !corpus().is_dir() {
        assert!(std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(), "{} not found; set SCHEMAPLAY_NO_CORPUS=1 to run without it", corpus().display());
        return;
    }
    let known = known();
    let mut unexpected = Vec::new();
    let mut used = vec![false; known.len()];
    for (folder_rel, prisma_rel) in PAIRS {
        let name = folder_rel.trim_start_matches("migrations/");
        let found = changes(folder_rel, prisma_rel);
        if std::env::var_os("FOLDERS_VERBOSE").is_some() {
            eprintln!("{name}: {} changes: {found:#?}", found.len());
        }
        for c in found {
            match known.iter().position(|(f, p)| f == name && matches(p, &c)) {
                Some(i) => used[i] = true,
                None => unexpected.push(format!("{name} :: {c}")),
            }
        }
    }
    let stale: Vec<String> = known.iter().zip(&used).filter(|(_, u)| !**u).map(|((f, p), _)| format!("{f} :: {p}")).collect();
    assert!(unexpected.is_empty() && stale.is_empty(), "replay vs schema.prisma:\n unexpected differences: {unexpected:#?}\n listed but no longer found: {stale:#?}");
}
