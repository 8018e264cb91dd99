//! Round trip of our own Drizzle output (issue 15): every SQL file of the shared corpus (and the
//! codegen fixtures) → model → `codegen::drizzle` (both key settings) → the Drizzle reader → model,
//! compared fact by fact with the original for everything Drizzle expresses: tables, columns
//! (name, nullability, type, identity), primary keys, foreign keys (by columns; actions), unique
//! keys and indexes (by columns), checks, enums.
//!
//! Differences the generator or Drizzle cannot avoid are listed in
//! `tests/drizzle_roundtrip_known.txt` as `FILE :: FACT` lines with a reason comment; the test fails
//! on a difference not listed there, on a listed one that no longer occurs, and on any warning the
//! reader gives on our own output.
//!
//! `ROUNDTRIP_VERBOSE=1 cargo test -p schemaplay-core --test drizzle_roundtrip -- --nocapture`
//! prints every difference.

mod common;

use schemaplay_core::codegen::{drizzle, DrizzleKeys};
use schemaplay_core::model::{Schema, Table, TypeKind};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs() -> Vec<(String, PathBuf, Dialect)> {
    let mut out = Vec::new();
    let corpus = root().join("../shared/corpus");
    assert!(corpus.is_dir() || std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(), "{} not found", corpus.display());
    for d in Dialect::ALL {
        let mut files = Vec::new();
        common::files_below(&corpus.join(d.id()), None, &mut files);
        for f in files {
            out.push((format!("{}/{}", d.id(), f.strip_prefix(corpus.join(d.id())).unwrap().display()), f, d));
        }
    }
    let mut fx = Vec::new();
    common::files_below(&root().join("tests/codegen/fixtures"), Some("sql"), &mut fx);
    for f in fx {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let d = Dialect::ALL.into_iter().find(|d| name.ends_with(&format!("_{}.sql", d.id()))).unwrap();
        out.push((format!("fixtures/{name}"), f, d));
    }
    out
}

/// A table's facts: `kind key → value`.
fn facts(s: &Schema) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let d = s.dialect;
    for t in &s.tables {
        if t.virtual_module.is_some() || t.partition_of.is_some() {
            continue; // Drizzle has no virtual tables and no partitions (the generator says so)
        }
        let tn = match &t.schema {
            Some(sc) if !(d == Dialect::Postgres && sc == "public") && d != Dialect::Mysql => format!("{sc}.{}", t.name),
            _ => t.name.clone(),
        };
        f.insert(format!("table {tn}"), String::new());
        let pk: Vec<&str> = t.primary_key.as_ref().map(|p| p.columns.iter().map(String::as_str).collect()).unwrap_or_default();
        for c in &t.columns {
            let dims = s.resolve_type(&c.data_type).array_dims.max(c.data_type.array_dims);
            // SQLite: Drizzle's primaryKey() is always NOT NULL (a rowid table's other PK columns may
            // hold NULL, which Drizzle cannot say), and a declared type means its affinity.
            let nullable = c.nullable && !(d == Dialect::Sqlite && pk.iter().any(|p| p.eq_ignore_ascii_case(&c.name)));
            let ty = if d == Dialect::Sqlite { affinity(&c.data_type.spelling).to_string() } else { kind(s, &c.data_type) };
            f.insert(format!("column {tn}.{}", c.name), format!("nullable={nullable} type={ty}{} identity={:?}", "[]".repeat(dims as usize), c.identity.as_ref().map(|i| i.id())));
        }
        if let Some(pk) = &t.primary_key {
            f.insert(format!("pk {tn}"), cols(t, &pk.columns));
        }
        for fk in &t.foreign_keys {
            f.insert(format!("fk {tn}({})", cols(t, &fk.columns)), format!("{}({}) on delete {} on update {}", fk.ref_table.name, fk.ref_columns.join(","), fk.on_delete.id(), fk.on_update.id()));
        }
        for u in &t.uniques {
            f.insert(format!("unique {tn}({})", cols(t, &u.columns)), String::new());
        }
        // InnoDB's own FK indexes count as indexes: the generator leaves out one the FK makes by
        // itself and writes one the FK would name otherwise
        for ix in &t.indexes {
            let parts: Vec<String> = ix.parts.iter().map(|p| p.display()).collect();
            // SQLite and MySQL keep a unique key as a unique index either way (drizzle-kit writes
            // SQLite's as CREATE UNIQUE INDEX).
            let plain = ix.parts.iter().all(|p| p.column.is_some() && !p.descending && p.length.is_none());
            if ix.unique && ix.predicate.is_none() && plain && d != Dialect::Postgres {
                let cols: Vec<String> = ix.parts.iter().filter_map(|p| p.column.clone()).collect();
                f.insert(format!("unique {tn}({})", cols_of(t, &cols)), String::new());
                continue;
            }
            f.insert(format!("index {tn}({})", parts.join(",")), format!("unique={} where={:?} name={:?}", ix.unique, ix.predicate, ix.name));
        }
        f.insert(format!("checks {tn}"), t.checks.len().to_string());
    }
    for e in &s.enums {
        f.insert(format!("enum {}", e.name), e.values.join(","));
    }
    f
}

/// The type's kind behind domains (an enum by its name; `serial` as its integer, the identity
/// fact says the rest; an integer without its display width), the same reading for both sides.
fn kind(s: &Schema, dt: &schemaplay_core::model::DataType) -> String {
    let rt = s.resolve_type(dt);
    match (s.enum_of(rt), &rt.kind) {
        (Some(i), _) => format!("Enum({})", s.enums[i].name),
        (None, TypeKind::Named(q)) => format!("Named({})", q.name.to_ascii_lowercase()),
        // a boolean as the dialect stores it (MySQL tinyint(1)); an integer's display width is no type
        (None, k) if k.is_boolean(s.dialect) => "Bool".to_string(),
        (None, TypeKind::Int { bytes, unsigned, .. }) => format!("Int{{bytes:{bytes},unsigned:{unsigned}}}"),
        (None, k) => format!("{:?}", k.stored()),
    }
}

/// SQLite's type affinity of a declared type (the rules of "Datatypes In SQLite", 3.1).
fn affinity(declared: &str) -> &'static str {
    let u = declared.to_ascii_uppercase();
    if u.contains("INT") {
        "INTEGER"
    } else if u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT") {
        "TEXT"
    } else if u.contains("BLOB") || u.trim().is_empty() {
        "BLOB"
    } else if u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

fn cols_of(t: &Table, c: &[String]) -> String {
    cols(t, c)
}

fn cols(t: &Table, c: &[String]) -> String {
    c.iter().map(|x| t.column(x).map(|c| c.name.clone()).unwrap_or_else(|| x.clone())).collect::<Vec<_>>().join(",")
}

fn val(v: &str) -> String {
    if v.is_empty() {
        String::new()
    } else {
        format!(": {v}")
    }
}

fn known() -> BTreeSet<String> {
    let p = root().join("tests/drizzle_roundtrip_known.txt");
    std::fs::read_to_string(p).unwrap_or_default().lines().map(|l| l.split(" # ").next().unwrap_or("").trim().to_string()).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

#[test]
fn our_drizzle_output_reads_back_to_the_same_model() {
    let verbose = std::env::var_os("ROUNDTRIP_VERBOSE").is_some();
    let mut diffs: BTreeSet<String> = BTreeSet::new();
    let mut warnings = Vec::new();
    let (mut total, mut matched, mut files) = (0usize, 0usize, 0usize);
    for (label, path, d) in inputs() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let orig = parse(&text, d).schema;
        let want = facts(&orig);
        files += 1;
        for keys in DrizzleKeys::ALL {
            let ts = drizzle::generate_with(&orig, keys).code;
            let back = schemaplay_core::parse::drizzle::read(&ts, d);
            for w in back.diagnostics.iter().filter(|x| x.severity >= Severity::Warning) {
                warnings.push(format!("{label} [{}]: line {}: {}", keys.id(), w.line, w.message));
            }
            assert_eq!(back.schema.dialect, d, "{label}");
            let got = facts(&back.schema);
            for (k, v) in &want {
                total += 1;
                match got.get(k) {
                    Some(g) if g == v => matched += 1,
                    Some(g) => {
                        diffs.insert(format!("{label} :: ~ {k}: {v} != {g}"));
                    }
                    None => {
                        diffs.insert(format!("{label} :: - {k}{}", val(v)));
                    }
                }
            }
            for (k, v) in &got {
                if !want.contains_key(k) {
                    total += 1;
                    diffs.insert(format!("{label} :: + {k}{}", val(v)));
                }
            }
        }
    }
    let known = known();
    let unexpected: Vec<&String> = diffs.iter().filter(|d| !known.contains(*d)).collect();
    let gone: Vec<&String> = known.iter().filter(|k| !diffs.contains(*k)).collect();
    if verbose {
        for d in &diffs {
            println!("{d}");
        }
    }
    println!("drizzle round trip: {files} files × {} key settings, {matched}/{total} facts ({:.2}%), {} known differences", DrizzleKeys::ALL.len(), 100.0 * matched as f64 / total.max(1) as f64, diffs.len());
    assert!(warnings.is_empty(), "the reader warns on our own output:\n{}", warnings.join("\n"));
    assert!(unexpected.is_empty(), "{} unexpected differences (first 40):\n{}", unexpected.len(), unexpected.iter().take(40).map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
    assert!(gone.is_empty(), "listed in tests/drizzle_roundtrip_known.txt but no longer occurring (remove them):\n{}", gone.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
}

/// `DRIZZLE_DUMP=corpus-relative/file.sql cargo test --test drizzle_roundtrip dump -- --nocapture`
/// writes the generated TypeScript and the DDL the reader wrote for it to /tmp (debugging aid).
#[test]
fn dump() {
    let Ok(want) = std::env::var("DRIZZLE_DUMP") else { return };
    for (label, path, d) in inputs().into_iter().filter(|(l, _, _)| l.contains(&want)) {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let ts = drizzle::generate_with(&parse(&text, d).schema, DrizzleKeys::Camel).code;
        let (p, ddl) = schemaplay_core::parse::drizzle::read_with_ddl(&ts, d);
        std::fs::write("/tmp/drizzle_dump.ts", &ts).unwrap();
        std::fs::write("/tmp/drizzle_dump.sql", &ddl).unwrap();
        for w in &p.diagnostics {
            println!("{label}: {}:{} {}", w.line, w.column, w.message);
        }
    }
}
