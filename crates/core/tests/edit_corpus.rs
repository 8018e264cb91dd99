//! Schema edits over the real schemas of the shared corpus (`../shared/corpus/{postgres,mysql,
//! sqlite}`): a seeded loop picks tables and columns in every file and renames, adds, retypes,
//! toggles and deletes them. Every plan offered must pass the same checks as `tests/edit.rs` (the
//! whole re-imported model equals `spec::expected`, the asked change is there, edits stay inside the
//! statements concerned); a refusal must be one that says why (never a plan that failed its own
//! check, `EditError::Unverified`). No edit may panic.
//!
//! The same loop runs on the corpus's Prisma schemas (`../shared/corpus/prisma/*.prisma`, edited
//! through `plan_edit_in(Prisma, ...)`, with the edit kinds only Prisma's loop adds: new tables,
//! key columns, drawn relationships and primary keys; what it cannot write is refused) and on DBML: each corpus schema written as DBML by our generator
//! (`codegen::dbml`), read back by the DBML reader, and edited through `plan_edit_in(Dbml, ...)`
//! (checked by `edit_checks::check_dbml_fix`). And on Drizzle: each corpus schema written as a
//! Drizzle module by our generator (`codegen::drizzle`, with its `relations(...)`; the Prisma
//! loop's edit kinds too), and the Drizzle reader's own fixtures (`tests/readers/fixtures/drizzle`),
//! edited through `plan_edit_in(Drizzle, ...)`.
//!
//! `EDIT_CORPUS_VERBOSE=1 cargo test -p schemaplay-core --test edit_corpus -- --nocapture` prints
//! the counts per edit kind and the refusals.

mod common;

mod edit_checks;

use schemaplay_core::edit::{plan_edit, plan_edit_in, ColumnFlag, EditError, Fix, NewColumn, SchemaEdit};
use schemaplay_core::parse::input::{read, InputKind};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemaplay_core::rng::Rng;

use common::schema_files as corpus_files;

/// The edits tried on one file.
fn edits_for(schema: &schemaplay_core::Schema, d: Dialect, rng: &mut Rng) -> Vec<(&'static str, SchemaEdit)> {
    let tables: Vec<usize> = (0..schema.tables.len()).filter(|&i| !schema.tables[i].columns.is_empty()).collect();
    let mut out = Vec::new();
    let text_type = if d == Dialect::Mysql { "varchar(40)" } else { "text" };
    for _ in 0..2 {
        let Some(&ti) = tables.get(rng.below(tables.len())) else { break };
        let t = &schema.tables[ti];
        let q = t.qualified_name();
        let c = t.columns[rng.below(t.columns.len())].name.clone();
        let c2 = t.columns[rng.below(t.columns.len())].name.clone();
        out.push(("rename column", SchemaEdit::RenameColumn { table: q.clone(), column: c.clone(), to: format!("{c}_renamed") }));
        out.push(("add column", SchemaEdit::AddColumn { table: q.clone(), column: NewColumn { name: "added_by_edit".into(), data_type: text_type.into(), ..Default::default() } }));
        out.push(("drop column", SchemaEdit::DropColumn { table: q.clone(), column: c2.clone() }));
        out.push(("retype column", SchemaEdit::RetypeColumn { table: q.clone(), column: c2.clone(), to: text_type.into() }));
        let nullable = t.columns.iter().any(|x| x.name == c && x.nullable);
        out.push(("toggle not null", SchemaEdit::SetColumnFlag { table: q.clone(), column: c.clone(), flag: ColumnFlag::NotNull, on: nullable }));
        out.push(("toggle unique", SchemaEdit::SetColumnFlag { table: q.clone(), column: c2, flag: ColumnFlag::Unique, on: rng.below(2) == 0 }));
        out.push(("rename table", SchemaEdit::RenameTable { table: q.clone(), to: format!("{}_renamed", t.name) }));
        if rng.below(3) == 0 {
            out.push(("drop table", SchemaEdit::DropTable { table: q.clone() }));
        }
        if let Some(fi) = (!t.foreign_keys.is_empty()).then(|| rng.below(t.foreign_keys.len())) {
            out.push(("set relationship actions", SchemaEdit::SetRelationshipActions { table: q.clone(), fk: fi, on_delete: Some(schemaplay_core::model::RefAction::Cascade), on_update: None }));
            out.push(("drop relationship", SchemaEdit::DropRelationship { table: q.clone(), fk: fi }));
        }
    }
    out
}

type Counts = BTreeMap<(&'static str, String), usize>;

/// Plans every edit of `edits_for` on one text and classifies the outcome; `check` is the
/// language's full check of an offered plan.
fn run_file(name: &str, kind: InputKind, text: &str, d: Dialect, counts: &mut Counts, failures: &mut Vec<String>, check: &dyn Fn(&SchemaEdit, &Fix) -> Result<(), String>) -> usize {
    run_edits(name, kind, text, d, counts, failures, check, &|_, _, _| Vec::new())
}

type Extra<'a> = &'a dyn Fn(&schemaplay_core::Schema, Dialect, &mut Rng) -> Vec<(&'static str, SchemaEdit)>;

/// [`run_file`] with `extra` edits after `edits_for`'s.
#[allow(clippy::too_many_arguments)]
fn run_edits(name: &str, kind: InputKind, text: &str, d: Dialect, counts: &mut Counts, failures: &mut Vec<String>, check: &dyn Fn(&SchemaEdit, &Fix) -> Result<(), String>, extra: Extra) -> usize {
    let verbose = std::env::var_os("EDIT_CORPUS_VERBOSE").is_some();
    let before = match kind {
        InputKind::Sql => parse(text, d),
        k => read(text, Some(k), d).parsed,
    };
    let mut rng = Rng::from_text(name);
    let mut offered = 0;
    let mut edits = edits_for(&before.schema, d, &mut rng);
    edits.extend(extra(&before.schema, d, &mut rng));
    for (what, edit) in edits {
        let got = std::panic::catch_unwind(|| if kind == InputKind::Sql { plan_edit(text, d, &before.schema, &before.diagnostics, &edit) } else { plan_edit_in(kind, text, d, &before.schema, &before.diagnostics, &edit) });
        let outcome = match got {
            Err(_) => {
                failures.push(format!("{name}: {what} panicked: {edit:?}"));
                "panic".to_string()
            }
            Ok(Ok(fix)) => match check(&edit, &fix) {
                Ok(()) => {
                    offered += 1;
                    "ok".into()
                }
                Err(e) => {
                    failures.push(format!("{name}: {what} offered a wrong plan: {}", e.chars().take(600).collect::<String>()));
                    "wrong".into()
                }
            },
            Ok(Err(e)) => {
                let why = match &e {
                    EditError::Unverified(m) => {
                        failures.push(format!("{name}: {what}: {edit:?}: {}", m.chars().take(600).collect::<String>()));
                        "unverified".to_string()
                    }
                    EditError::SourceError { .. } => "refused: source error".into(),
                    EditError::Unsupported(_) => "refused: unsupported".into(),
                    EditError::Invalid(_) => "refused: invalid".into(),
                    EditError::NameTaken { .. } => "refused: name taken".into(),
                    EditError::BadName { .. } => "refused: bad name".into(),
                    other => format!("refused: {other:?}").chars().take(40).collect(),
                };
                if verbose && !why.starts_with("unverified") {
                    eprintln!("{name}: {what}: {e}");
                }
                why
            }
        };
        *counts.entry((what, outcome)).or_default() += 1;
    }
    offered
}

fn report(counts: &Counts) {
    if std::env::var_os("EDIT_CORPUS_VERBOSE").is_some() {
        for ((kind, outcome), n) in counts {
            eprintln!("{kind:26} {outcome:28} {n}");
        }
    }
}

#[test]
fn edits_on_corpus_schemas_are_exact_or_refused_with_a_reason() {
    let mut counts = Counts::new();
    let mut failures = Vec::new();
    let mut offered = 0;
    for (path, d) in corpus_files() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let before = parse(&text, d);
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let check = |edit: &SchemaEdit, fix: &Fix| edit_checks::check_fix(d, &text, &before.schema, edit, fix).map(|_| ());
        offered += run_file(&name, InputKind::Sql, &text, d, &mut counts, &mut failures, &check);
    }
    report(&counts);
    assert!(offered > 500, "only {offered} plans were offered: {counts:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn edits_on_corpus_schemas_written_as_dbml_are_exact_or_refused_with_a_reason() {
    let mut counts = Counts::new();
    let mut failures = Vec::new();
    let mut offered = 0;
    for (path, d) in corpus_files() {
        let sql = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let text = schemaplay_core::codegen::dbml::generate(&parse(&sql, d).schema).code;
        let name = format!("{} (DBML)", path.file_name().unwrap_or_default().to_string_lossy());
        let check = |edit: &SchemaEdit, fix: &Fix| edit_checks::check_dbml_fix(d, &text, edit, fix).map(|_| ());
        offered += run_file(&name, InputKind::Dbml, &text, d, &mut counts, &mut failures, &check);
    }
    report(&counts);
    assert!(offered > 300, "only {offered} plans were offered: {counts:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The edits the Prisma and Drizzle corpora also try (every other edit kind): a new table, a new
/// key column, a relationship drawn from a column to another table's key (refused when the types
/// differ), the primary key switched on a column; a column of a relationship deleted (from either
/// side), a column retyped to an enum of the schema, an implicit many-to-many join table deleted.
fn prisma_extra(schema: &schemaplay_core::Schema, d: Dialect, rng: &mut Rng) -> Vec<(&'static str, SchemaEdit)> {
    use schemaplay_core::edit::{canvas, NewRelationship};
    let tables: Vec<usize> = (0..schema.tables.len()).filter(|&i| !schema.tables[i].columns.is_empty() && !schema.tables[i].name.starts_with('_')).collect();
    let mut out = vec![("add table", SchemaEdit::AddTable { table: canvas::new_table_name("added_by_edit"), columns: canvas::starter_columns(d), after: None })];
    for _ in 0..3 {
        let Some(&ti) = tables.get(rng.below(tables.len())) else { break };
        let Some(&ri) = tables.get(rng.below(tables.len())) else { break };
        let (t, r) = (&schema.tables[ti], &schema.tables[ri]);
        let c = t.columns[rng.below(t.columns.len())].name.clone();
        let key_type = if d == Dialect::Sqlite { "integer" } else { "varchar(40)" };
        out.push(("add column (varchar / integer)", SchemaEdit::AddColumn { table: t.qualified_name(), column: NewColumn { name: "added_key".into(), data_type: key_type.into(), not_null: true, ..Default::default() } }));
        let on = !t.primary_key.as_ref().is_some_and(|p| p.columns.contains(&c));
        out.push(("toggle primary key", SchemaEdit::SetColumnFlag { table: t.qualified_name(), column: c.clone(), flag: ColumnFlag::PrimaryKey, on }));
        // a column of the same type as the target's one-column key, not yet in a relationship
        let key = r.primary_key.as_ref().filter(|p| p.columns.len() == 1).and_then(|p| r.column(&p.columns[0]));
        let free = |x: &&schemaplay_core::model::Column| !t.foreign_keys.iter().any(|f| f.columns.contains(&x.name)) && !t.primary_key.as_ref().is_some_and(|p| p.columns.contains(&x.name));
        if let Some(from) = key.and_then(|k| t.columns.iter().filter(free).find(|x| x.data_type == k.data_type)) {
            let rel = NewRelationship { table: t.qualified_name(), columns: vec![from.name.clone()], ref_table: r.qualified_name(), create_key: true, ..Default::default() };
            out.push(("add relationship", SchemaEdit::AddRelationship(rel)));
        }
    }
    // what deleting a column also deletes (a relationship holding it, one referencing it), enums,
    // implicit many-to-many join tables
    let with_fk: Vec<usize> = tables.iter().copied().filter(|&i| !schema.tables[i].foreign_keys.is_empty()).collect();
    if let Some(&ti) = with_fk.get(rng.below(with_fk.len())) {
        let t = &schema.tables[ti];
        let f = &t.foreign_keys[rng.below(t.foreign_keys.len())];
        out.push(("drop column (a relationship's)", SchemaEdit::DropColumn { table: t.qualified_name(), column: f.columns[0].clone() }));
        if let Some(r) = schema.table(&f.ref_table).filter(|r| !r.name.starts_with('_')) {
            out.push(("drop column (a referenced key)", SchemaEdit::DropColumn { table: r.qualified_name(), column: f.ref_columns[0].clone() }));
        }
    }
    let enums: Vec<String> = schemaplay_core::edit::types::type_choices(schema).into_iter().filter(|c| schema.enums.iter().any(|e| schemaplay_core::codegen::sql::ident(d, &e.name) == *c)).collect();
    if let (Some(e), Some(&ti)) = (enums.get(rng.below(enums.len())), tables.get(rng.below(tables.len()))) {
        let t = &schema.tables[ti];
        let c = t.columns[rng.below(t.columns.len())].name.clone();
        out.push(("retype column to an enum", SchemaEdit::RetypeColumn { table: t.qualified_name(), column: c, to: e.clone() }));
    }
    let joins: Vec<&schemaplay_core::model::Table> = schema.tables.iter().filter(|t| t.name.starts_with('_')).collect();
    if let Some(j) = joins.get(rng.below(joins.len())) {
        out.push(("drop join table", SchemaEdit::DropTable { table: j.qualified_name() }));
    }
    out
}

#[test]
fn edits_on_corpus_prisma_schemas_are_exact_or_refused_with_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/prisma");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root).map(|r| r.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "prisma")).collect()).unwrap_or_default();
    files.sort();
    let mut counts = Counts::new();
    let mut failures = Vec::new();
    let mut offered = 0;
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let d = read(&text, Some(InputKind::Prisma), Dialect::Postgres).parsed.schema.dialect;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        // EDIT_PRISMA_OUT=dir: every offered plan's schema is also written there (for Prisma's own
        // validate, `tests/codegen/prisma_edits.test.mjs` with the same variable)
        let out = std::env::var_os("EDIT_PRISMA_OUT").map(PathBuf::from);
        let n = std::cell::Cell::new(0);
        let check = |edit: &SchemaEdit, fix: &Fix| {
            let r = edit_checks::check_input_fix(InputKind::Prisma, d, &text, edit, fix).map(|_| ());
            if let (Some(dir), Ok(())) = (&out, &r) {
                n.set(n.get() + 1);
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("{name}.{}.prisma", n.get())), fix.apply(&text));
            }
            r
        };
        offered += run_edits(&name, InputKind::Prisma, &text, d, &mut counts, &mut failures, &check, &prisma_extra);
    }
    report(&counts);
    assert!(offered > 100 || !root.is_dir(), "only {offered} plans were offered: {counts:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn edits_on_corpus_schemas_written_as_drizzle_are_exact_or_refused_with_a_reason() {
    let mut counts = Counts::new();
    let mut failures = Vec::new();
    let mut offered = 0;
    for (path, d) in corpus_files() {
        let sql = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
        let text = schemaplay_core::codegen::drizzle::generate(&parse(&sql, d).schema).code;
        let name = format!("{} (Drizzle)", path.file_name().unwrap_or_default().to_string_lossy());
        // DRIZZLE_EDIT_DUMP=DIR: every offered plan's module is also written to DIR/<dialect>/, for
        // `tests/edit/drizzle_kit_check.py DIR` (real drizzle-kit, tsc and drizzle-orm's relations)
        let out = std::env::var_os("DRIZZLE_EDIT_DUMP").map(|p| PathBuf::from(p).join(d.id()));
        let n = std::cell::Cell::new(0);
        let check = |edit: &SchemaEdit, fix: &Fix| {
            let r = edit_checks::check_input_fix(InputKind::Drizzle, d, &text, edit, fix).map(|_| ());
            if let (Some(dir), Ok(())) = (&out, &r) {
                n.set(n.get() + 1);
                let _ = std::fs::create_dir_all(dir);
                let file: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
                let kind: String = format!("{edit:?}").chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                let _ = std::fs::write(dir.join(format!("{file}.{}.{kind}.ts", n.get())), fix.apply(&text));
            }
            r
        };
        offered += run_edits(&name, InputKind::Drizzle, &text, d, &mut counts, &mut failures, &check, &prisma_extra);
    }
    report(&counts);
    assert!(offered > 300 || corpus_files().is_empty(), "only {offered} plans were offered: {counts:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The Drizzle reader's fixtures (`tests/readers/fixtures/drizzle/<dialect>/`: one module, or a
/// folder of modules opened together), hand-written and real.
#[test]
fn edits_on_the_drizzle_reader_fixtures_are_exact_or_refused_with_a_reason() {
    use schemaplay_core::parse::input::files::{open, SourceFile};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/readers/fixtures/drizzle");
    let mut counts = Counts::new();
    let mut failures = Vec::new();
    let mut offered = 0;
    for d in Dialect::ALL {
        let dir = root.join(match d {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        });
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        entries.sort();
        for path in entries {
            let text = if path.is_dir() {
                let mut files = Vec::new();
                common::files_below(&path, Some("ts"), &mut files);
                let files = files.iter().map(|f| SourceFile { name: f.strip_prefix(&path).unwrap_or(f).to_string_lossy().into_owned(), text: std::fs::read_to_string(f).unwrap_or_default() }).collect();
                open(files).map(|o| o.text).unwrap_or_default()
            } else {
                std::fs::read_to_string(&path).unwrap_or_default()
            };
            let name = format!("{} (Drizzle fixture)", path.file_name().unwrap_or_default().to_string_lossy());
            let check = |edit: &SchemaEdit, fix: &Fix| edit_checks::check_input_fix(InputKind::Drizzle, d, &text, edit, fix).map(|_| ());
            offered += run_file(&name, InputKind::Drizzle, &text, d, &mut counts, &mut failures, &check);
        }
    }
    report(&counts);
    assert!(offered > 20, "only {offered} plans were offered: {counts:?}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
