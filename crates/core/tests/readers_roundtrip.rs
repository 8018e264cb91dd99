//! Round trip through our own Prisma and DBML output: every corpus SQL schema (and the examples)
//! → `codegen` Prisma / DBML → read back by the Prisma / DBML reader → the same model, for
//! everything the language can express.
//!
//! Compared facts: tables; columns (nullability); primary keys; foreign keys (columns, referenced
//! table and columns, actions); unique keys (a UNIQUE constraint and a unique index on plain
//! columns are one fact: Prisma's `@@unique` is a unique index); plain-column indexes (not partial,
//! no expressions). What the language cannot express is left out on both sides: tables the
//! generator could not write (reported in its warnings), partitions, virtual tables, column types
//! (compared by the oracle on real databases, `tests/readers/oracle.py`), checks, policies,
//! comments, defaults. The run fails on any difference, listing it.
//!
//! `READERS_VERBOSE=1 cargo test -p schemaplay-core --test readers_roundtrip -- --nocapture` prints per-file counts.

mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::model::{RefAction, Schema};
use schemaplay_core::parse::{parse, read, InputKind};
use schemaplay_core::Dialect;
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fact {
    Table(String),
    Column(String, String, bool),
    Pk(String, Vec<String>),
    Fk(String, Vec<String>, String, Vec<String>, &'static str, &'static str),
    Unique(String, Vec<String>),
    Index(String, Vec<String>),
}

fn lower(v: &[String], d: Dialect) -> Vec<String> {
    v.iter().map(|c| if d == Dialect::Postgres { c.clone() } else { c.to_ascii_lowercase() }).collect()
}

fn table_key(schema: &Option<String>, name: &str, d: Dialect) -> String {
    let sch = match (schema.as_deref(), d) {
        (None | Some("public"), Dialect::Postgres) | (None | Some("main"), Dialect::Sqlite) => String::new(),
        (_, Dialect::Mysql) => String::new(),
        (Some(s), _) => format!("{s}."),
    };
    let n = if d == Dialect::Postgres { name.to_string() } else { name.to_ascii_lowercase() };
    format!("{sch}{n}")
}

/// MySQL records an absent action as RESTRICT and treats it as NO ACTION.
fn action(a: RefAction, d: Dialect) -> &'static str {
    match (a, d) {
        (RefAction::Restrict, Dialect::Mysql) => "no action",
        (a, _) => a.id(),
    }
}

/// What the languages cannot write as it is: (table, index name) of partial indexes and of those
/// with an expression key or a prefix length, and (table, `column NAME`) of columns without a type.
fn odd_indexes(s: &Schema) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for t in &s.tables {
        for c in t.columns.iter().filter(|c| c.data_type.spelling.trim().is_empty()) {
            out.insert((table_key(&t.schema, &t.name, s.dialect), format!("column {}", c.name)));
        }
        for i in &t.indexes {
            if i.predicate.is_some() || i.parts.iter().any(|p| p.column.is_none() || p.length.is_some()) {
                out.insert((table_key(&t.schema, &t.name, s.dialect), i.name.clone().unwrap_or_default()));
            }
        }
    }
    out
}

/// Names of the foreign keys and indexes the generator reports it could not write
/// (`foreign key NAME (...)`, `... index NAME on (...)`).
fn reported(warnings: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for w in warnings {
        for marker in ["foreign key ", "index ", "unique "] {
            for (i, _) in w.match_indices(marker) {
                let rest = &w[i + marker.len()..];
                let name = if rest.starts_with('(') { rest.split_inclusive(')').next() } else { rest.split_whitespace().next() };
                if let Some(name) = name {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

/// A foreign key as its (column, referenced column) pairs in a fixed order: a generator may list
/// a composite key's columns in another order, which is the same constraint.
fn pairs(cols: &[String], refs: &[String]) -> (Vec<String>, Vec<String>) {
    let mut p: Vec<(String, String)> = cols.iter().cloned().zip(refs.iter().cloned()).collect();
    p.sort();
    p.into_iter().unzip()
}

fn facts(s: &Schema, skip: &BTreeSet<String>, odd: &BTreeSet<(String, String)>, kind: InputKind) -> BTreeSet<Fact> {
    let d = s.dialect;
    let mut out = BTreeSet::new();
    // Prisma has no schemas on SQLite (attached databases come back unqualified).
    let key_of = |schema: &Option<String>, name: &str| if kind == InputKind::Prisma && d == Dialect::Sqlite { table_key(&None, name, d) } else { table_key(schema, name, d) };
    for t in &s.tables {
        let key = key_of(&t.schema, &t.name);
        let pk_cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        if skip.contains(&table_key(&t.schema, &t.name, d)) {
            continue;
        }
        out.insert(Fact::Table(key.clone()));
        for c in &t.columns {
            // A column without a type (SQLite allows it; CREATE TABLE AS) is written with a made-up
            // one; a Prisma list is never NOT NULL in the database Prisma makes.
            if odd.contains(&(key.clone(), format!("column {}", c.name))) {
                continue;
            }
            // Prisma: a list is never NOT NULL in the database Prisma makes, and an @id is always
            // required (SQLite lets a rowid table's key hold NULL).
            let prisma_says_not_null = kind == InputKind::Prisma && d == Dialect::Sqlite && pk_cols.contains(&c.name);
            let nullable = (c.nullable && !prisma_says_not_null) || (kind == InputKind::Prisma && c.data_type.array_dims > 0);
            out.insert(Fact::Column(key.clone(), lower(std::slice::from_ref(&c.name), d).remove(0), nullable));
        }
        if let Some(pk) = &t.primary_key {
            out.insert(Fact::Pk(key.clone(), lower(&pk.columns, d)));
        }
        // A reference to a table the schema does not define cannot be written as a relation.
        let named = |n: &Option<String>| n.as_ref().is_some_and(|n| odd.contains(&(String::new(), n.clone())));
        // An unnamed key is reported by its columns: `foreign key (a, b) → ...`.
        let cols_reported = |c: &[String]| odd.contains(&(String::new(), format!("({})", c.join(", "))));
        let writable = |f: &&schemaplay_core::model::ForeignKey| {
            let reported = named(&f.name) || (f.name.is_none() && cols_reported(&f.columns));
            !f.logical && s.table(&f.ref_table).is_some() && !reported
        };
        for f in t.foreign_keys.iter().filter(writable) {
            let target = key_of(&f.ref_table.schema, &f.ref_table.name);
            let (cols, refs) = pairs(&lower(&f.columns, d), &lower(&f.ref_columns, d));
            out.insert(Fact::Fk(key.clone(), cols, target, refs, action(f.on_delete, d), action(f.on_update, d)));
        }
        for u in t.uniques.iter().filter(|u| !named(&u.name)) {
            out.insert(Fact::Unique(key.clone(), lower(&u.columns, d)));
        }
        for i in &t.indexes {
            let name = (key.clone(), i.name.clone().unwrap_or_default());
            let plain = i.predicate.is_none() && i.parts.iter().all(|p| p.column.is_some()) && !i.implicit && !odd.contains(&name) && !named(&i.name);
            if !plain {
                continue;
            }
            let cols: Vec<String> = lower(&i.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>(), d);
            out.insert(if i.unique { Fact::Unique(key.clone(), cols) } else { Fact::Index(key.clone(), cols) });
        }
    }
    out
}

/// Tables the language cannot hold as they are: those the generator says it did not write,
/// partitions and virtual tables (written as plain tables, if at all), and for DBML names with a
/// double quote or line break (DBML's quoted names have no escape).
fn skipped(warnings: &[String], s: &Schema, kind: InputKind) -> BTreeSet<String> {
    let unwritable = |n: &str| kind == InputKind::Dbml && n.contains(['"', '\n', '\r']);
    s.tables
        .iter()
        .filter(|t| {
            t.partition_of.is_some()
                || t.virtual_module.is_some()
                || unwritable(&t.name)
                || t.schema.as_deref().is_some_and(unwritable)
                || warnings.iter().any(|w| w.contains(&format!("table {}", t.qualified_name())) && (w.contains("not generated") || w.contains("left out") || w.contains("skipped")))
        })
        .flat_map(|t| {
            let key = table_key(&t.schema, &t.name, s.dialect);
            // ... and the name DBML writes instead (`"` → `'`, line breaks → spaces).
            let written: String = key.chars().map(|c| match c {
                '"' => '\'',
                '\n' | '\r' => ' ',
                c => c,
            }).collect();
            [key, written]
        })
        .collect()
}


/// (files, facts compared, differences) of one language over every input.
fn round_trip(kind: InputKind, target: Target) -> (usize, usize, Vec<String>) {
    let verbose = std::env::var_os("READERS_VERBOSE").is_some();
    let mut inputs: Vec<(String, String, Dialect)> = schemaplay_core::examples::ALL.iter().map(|e| (format!("example {}", e.id), e.sql.to_string(), e.dialect)).collect();
    for (p, d) in common::schema_files() {
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap_or_default()).into_owned();
        inputs.push((p.display().to_string(), text, d));
    }
    let (mut n, mut compared, mut diffs) = (0, 0, Vec::new());
    for (name, text, d) in inputs {
        let orig = parse(&text, d).schema;
        if orig.tables.is_empty() {
            continue;
        }
        let out = generate(&orig, target);
        let back = read(&out.code, Some(kind), d);
        assert_eq!(back.dialect(), d, "{name}: the generated {} names its database", kind.label());
        let skip = skipped(&out.warnings, &orig, kind);
        // Partial and expression indexes, and what the generator reports it could not write
        // (keyed by name alone, table ""), are left out on both sides.
        let mut odd = odd_indexes(&orig);
        odd.extend(reported(&out.warnings).into_iter().map(|n| (String::new(), n)));
        let (a, b) = (facts(&orig, &skip, &odd, kind), facts(&back.parsed.schema, &skip, &odd, kind));
        n += 1;
        compared += a.len().max(b.len());
        let mine: Vec<String> = a.difference(&b).map(|f| format!("{name}: lost {f:?}")).chain(b.difference(&a).map(|f| format!("{name}: gained {f:?}"))).collect();
        // `Unsupported("")` is what the Prisma generator writes for a column of unknown type
        // (CREATE TABLE AS), left out above as untyped.
        let errors: Vec<String> = back.parsed.diagnostics.iter().filter(|x| x.severity >= schemaplay_core::Severity::Warning && !x.message.contains("Unsupported(\"\")")).map(|x| format!("{name}: reading our {} output: {}:{} {}", kind.label(), x.line, x.column, x.message)).collect();
        if verbose {
            eprintln!("{name}: {} facts, {} differences, {} reader warnings", a.len(), mine.len(), errors.len());
        }
        diffs.extend(mine);
        diffs.extend(errors);
    }
    (n, compared, diffs)
}

fn report(kind: InputKind, (n, compared, diffs): (usize, usize, Vec<String>)) {
    eprintln!("{} round trip: {n} schemas, {compared} facts, {} differences", kind.label(), diffs.len());
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.iter().take(usize::MAX).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn prisma_round_trip_over_the_corpus() {
    report(InputKind::Prisma, round_trip(InputKind::Prisma, Target::Prisma));
}

#[test]
fn dbml_round_trip_over_the_corpus() {
    report(InputKind::Dbml, round_trip(InputKind::Dbml, Target::Dbml));
}
