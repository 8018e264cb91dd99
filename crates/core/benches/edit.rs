//! Time to plan one diagram edit (`edit::plan_edit`), which includes its check: the edited text is
//! imported again and compared with the expected model. Measured on the default example and on
//! generated hand-written-style schemas of 100 and 1,000 tables (columns with inline REFERENCES,
//! indexes, comments), beside the time of one import of the same text (the check's main cost).
//! `cargo bench -p schemaplay-core --bench edit` (`QUICK=1` for short runs).

use schemaplay_core::edit::{plan_edit, ColumnFlag, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::fmt::Write;
use std::time::{Duration, Instant};

/// `n` tables, each with a key, a name, a reference to an earlier table, a timestamp; an index
/// per table and a comment on every tenth.
fn schema(n: usize) -> String {
    let mut s = String::from("-- generated for the edit benchmark\n");
    for i in 0..n {
        let fk = if i == 0 { String::new() } else { format!("\n  parent_id bigint REFERENCES items_{} (id) ON DELETE CASCADE,", i / 2) };
        let _ = write!(s, "\nCREATE TABLE items_{i} (\n  id bigint PRIMARY KEY,{fk}\n  name text NOT NULL,\n  note text,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n");
        let _ = writeln!(s, "CREATE INDEX items_{i}_name_idx ON items_{i} (lower(name));");
        if i % 10 == 0 {
            let _ = writeln!(s, "COMMENT ON COLUMN items_{i}.note IS 'free text';");
        }
    }
    s
}

fn time<T>(mut f: impl FnMut() -> T) -> (f64, u32, T) {
    let mut out = f();
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_millis(if std::env::var_os("QUICK").is_some() { 200 } else { 2000 }) || runs < 3 {
        out = f();
        runs += 1;
    }
    (start.elapsed().as_secs_f64() * 1e3 / runs as f64, runs, out)
}

fn main() {
    let ex = schemaplay_core::examples::DEFAULT;
    let mut inputs = vec![("default example".to_string(), ex.sql.to_string(), ex.dialect)];
    for n in [100usize, 1_000] {
        inputs.push((format!("{n} tables"), schema(n), Dialect::Postgres));
    }
    for (name, text, d) in &inputs {
        let (parse_ms, _, p) = time(|| parse(text, *d));
        let t = p.schema.tables.iter().rev().find(|t| t.foreign_keys.len() == 1 && t.columns.len() > 2).or(p.schema.tables.last()).expect("a table");
        let q = t.qualified_name();
        let first = t.columns[0].name.clone();
        let last = t.columns.last().map(|c| c.name.clone()).unwrap_or_default();
        let edits: Vec<(&str, SchemaEdit)> = vec![
            ("add table", SchemaEdit::AddTable { table: QualifiedName::new(None, "bench_new"), columns: vec![NewColumn { name: "id".into(), data_type: "bigint".into(), primary_key: true, ..Default::default() }], after: None }),
            ("rename table", SchemaEdit::RenameTable { table: q.clone(), to: "bench_renamed".into() }),
            ("add column", SchemaEdit::AddColumn { table: q.clone(), column: NewColumn { name: "bench_col".into(), data_type: "text".into(), ..Default::default() } }),
            ("rename column", SchemaEdit::RenameColumn { table: q.clone(), column: first.clone(), to: "bench_key".into() }),
            ("drop column", SchemaEdit::DropColumn { table: q.clone(), column: last.clone() }),
            ("not null", SchemaEdit::SetColumnFlag { table: q.clone(), column: last, flag: ColumnFlag::NotNull, on: true }),
            (
                "add relationship",
                SchemaEdit::AddRelationship(NewRelationship { table: q.clone(), columns: vec![first], ref_table: p.schema.tables[0].qualified_name(), on_delete: Some(RefAction::Cascade), create_key: true, ..Default::default() }),
            ),
            ("drop relationship", SchemaEdit::DropRelationship { table: q.clone(), fk: 0 }),
        ];
        println!("{name}: {} tables, {:.2} MB, one import {parse_ms:.2} ms", p.schema.tables.len(), text.len() as f64 / 1e6);
        for (kind, edit) in &edits {
            let (ms, runs, plan) = time(|| plan_edit(text, *d, &p.schema, &p.diagnostics, edit));
            let what = match &plan {
                Ok(f) => format!("{} edit(s)", f.edits.len()),
                Err(e) => format!("refused: {e}"),
            };
            println!("  {kind:18} {ms:8.2} ms ({runs} runs) {what}");
        }
    }
}
