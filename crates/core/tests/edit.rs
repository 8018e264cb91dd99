//! Schema edits from the diagram, tested through the text: for every edit kind on fixture schemas
//! in each dialect and style (`tests/edit/fixtures/`: hand-written and dump-style PostgreSQL, MySQL
//! and SQLite), the planned text edits are applied, the text is imported again, and
//! - the whole model equals the expected one: the original model with exactly the asked change made
//!   on the model itself (`edit::spec::expected`, no text involved), compared in `edit::canon`'s
//!   form;
//! - the asked change is there, checked directly on the re-imported model (so a planner and a
//!   specification that both did nothing would still fail);
//! - every edit lies inside a statement the change is about (text outside those statements —
//!   comments, blank lines, other statements — is byte-identical);
//! - the edited text imports without a warning the original did not have.
//!
//! The edited texts are in `tests/snapshots/edit/<fixture>.txt` (line diffs, for review; rewrite
//! with `UPDATE_SNAPSHOTS=1`). The bad cases (clashing names, reserved words, tables defined by
//! several statements, errors near the target) follow the matrix.

mod common;

use schemaplay_core::edit::canon::{canon, expected_form, first_difference, Written};
use schemaplay_core::edit::{plan_edit, spec, ColumnFlag, EditError, Fix, NewColumn, NewRelationship, SchemaEdit};
use schemaplay_core::model::{QualifiedName, RefAction, Schema};
use schemaplay_core::parse::{parse, parse_type, statements};
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

struct Fixture {
    file: &'static str,
    d: Dialect,
    schema: Option<&'static str>,
    /// A nullable text column of `users`.
    nullable: &'static str,
    text_type: &'static str,
    int_type: &'static str,
    /// A type for `users.email` other than the one it has.
    other_text: &'static str,
    /// A unique column (table, column).
    unique: (&'static str, &'static str),
    /// Edits the fixture refuses on purpose: (case, part of the message).
    refused: &'static [(&'static str, &'static str)],
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        file: "pg_hand.sql",
        d: Dialect::Postgres,
        schema: None,
        nullable: "display_name",
        text_type: "text",
        int_type: "bigint",
        other_text: "varchar(320)",
        unique: ("orgs", "name"),
        refused: &[],
    },
    Fixture {
        file: "pg_dump.sql",
        d: Dialect::Postgres,
        schema: Some("public"),
        nullable: "nickname",
        text_type: "text",
        int_type: "bigint",
        other_text: "text",
        unique: ("users", "email"),
        refused: &[],
    },
    Fixture {
        file: "mysql_dump.sql",
        d: Dialect::Mysql,
        schema: None,
        nullable: "nickname",
        text_type: "varchar(80)",
        int_type: "bigint unsigned",
        other_text: "text",
        unique: ("orgs", "name"),
        refused: &[("primary key off", "AUTO_INCREMENT, which must be a key"), ("primary key off (referenced)", "AUTO_INCREMENT, which must be a key")],
    },
    Fixture {
        file: "mysql_hand.sql",
        d: Dialect::Mysql,
        schema: None,
        nullable: "nickname",
        text_type: "varchar(80)",
        int_type: "int",
        other_text: "varchar(320)",
        unique: ("users", "email"),
        refused: &[("primary key off", "AUTO_INCREMENT, which must be a key"), ("primary key off (referenced)", "AUTO_INCREMENT, which must be a key")],
    },
    Fixture {
        file: "sqlite_schema.sql",
        d: Dialect::Sqlite,
        schema: None,
        nullable: "nickname",
        text_type: "TEXT",
        int_type: "INTEGER",
        other_text: "VARCHAR(320)",
        unique: ("orgs", "name"),
        refused: &[("primary key off (referenced)", "AUTOINCREMENT")],
    },
    Fixture {
        file: "sqlite_hand.sql",
        d: Dialect::Sqlite,
        schema: None,
        nullable: "nickname",
        text_type: "TEXT",
        int_type: "INTEGER",
        other_text: "VARCHAR(320)",
        unique: ("orgs", "name"),
        refused: &[],
    },
];

fn fixture_text(file: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/edit/fixtures").join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn q(f: &Fixture, name: &str) -> QualifiedName {
    QualifiedName::new(f.schema.map(String::from), name)
}

fn col(name: &str, ty: &str) -> NewColumn {
    NewColumn { name: name.into(), data_type: ty.into(), ..Default::default() }
}

/// The edit matrix of one fixture: every edit kind, on the shapes the fixture has.
fn cases(f: &Fixture) -> Vec<(String, SchemaEdit)> {
    let (users, orgs) = (q(f, "users"), q(f, "orgs"));
    let flag = |c: &str, flag: ColumnFlag, on: bool| SchemaEdit::SetColumnFlag { table: users.clone(), column: c.into(), flag, on };
    let id_type = if f.d == Dialect::Sqlite { "INTEGER" } else { "bigint" };
    vec![
        (
            "add table".into(),
            SchemaEdit::AddTable {
                table: q(f, "teams"),
                columns: vec![
                    NewColumn { name: "id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "name".into(), data_type: f.text_type.into(), not_null: true, unique: true, ..Default::default() },
                    col("org_id", f.int_type),
                ],
                after: None,
            },
        ),
        ("add table after orgs".into(), SchemaEdit::AddTable { table: q(f, "labels"), columns: vec![col("code", f.text_type)], after: Some(orgs.clone()) }),
        (
            "add table with a composite key".into(),
            SchemaEdit::AddTable {
                table: q(f, "memberships"),
                columns: vec![
                    NewColumn { name: "user_id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                    NewColumn { name: "team_id".into(), data_type: id_type.into(), primary_key: true, ..Default::default() },
                ],
                after: None,
            },
        ),
        ("rename table users".into(), SchemaEdit::RenameTable { table: users.clone(), to: "members".into() }),
        ("rename table orgs (referenced)".into(), SchemaEdit::RenameTable { table: orgs.clone(), to: "organizations".into() }),
        ("rename table to a reserved word".into(), SchemaEdit::RenameTable { table: users.clone(), to: "user".into() }),
        ("drop table users".into(), SchemaEdit::DropTable { table: users.clone() }),
        ("drop table orgs (referenced)".into(), SchemaEdit::DropTable { table: orgs.clone() }),
        ("add column".into(), SchemaEdit::AddColumn { table: users.clone(), column: col("bio", f.text_type) }),
        (
            "add column not null unique".into(),
            SchemaEdit::AddColumn { table: orgs.clone(), column: NewColumn { name: "code".into(), data_type: f.text_type.into(), not_null: true, unique: true, ..Default::default() } },
        ),
        (
            "add column to the key".into(),
            SchemaEdit::AddColumn { table: users.clone(), column: NewColumn { name: "tenant".into(), data_type: f.int_type.into(), primary_key: true, ..Default::default() } },
        ),
        ("rename column email".into(), SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "login".into() }),
        ("rename referenced key column".into(), SchemaEdit::RenameColumn { table: orgs.clone(), column: "id".into(), to: "org_key".into() }),
        ("rename column to a reserved word".into(), SchemaEdit::RenameColumn { table: users.clone(), column: f.nullable.into(), to: "order".into() }),
        ("rename column to a name that needs quotes".into(), SchemaEdit::RenameColumn { table: users.clone(), column: f.nullable.into(), to: "Display Name".into() }),
        ("retype column".into(), SchemaEdit::RetypeColumn { table: users.clone(), column: "email".into(), to: f.other_text.into() }),
        ("retype key column".into(), SchemaEdit::RetypeColumn { table: orgs.clone(), column: "id".into(), to: f.int_type.into() }),
        ("drop nullable column".into(), SchemaEdit::DropColumn { table: users.clone(), column: f.nullable.into() }),
        ("drop column with keys".into(), SchemaEdit::DropColumn { table: users.clone(), column: "email".into() }),
        ("drop referenced key column".into(), SchemaEdit::DropColumn { table: orgs.clone(), column: "id".into() }),
        ("not null on".into(), flag(f.nullable, ColumnFlag::NotNull, true)),
        ("not null off".into(), flag("email", ColumnFlag::NotNull, false)),
        ("unique on".into(), flag(f.nullable, ColumnFlag::Unique, true)),
        ("unique off".into(), SchemaEdit::SetColumnFlag { table: q(f, f.unique.0), column: f.unique.1.into(), flag: ColumnFlag::Unique, on: false }),
        ("primary key extended".into(), flag("email", ColumnFlag::PrimaryKey, true)),
        ("primary key off".into(), flag("id", ColumnFlag::PrimaryKey, false)),
        ("primary key off (referenced)".into(), SchemaEdit::SetColumnFlag { table: orgs.clone(), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false }),
        (
            "add relationship".into(),
            SchemaEdit::AddRelationship(NewRelationship {
                table: users.clone(),
                columns: vec![f.nullable.into()],
                ref_table: orgs.clone(),
                ref_columns: vec!["name".into()],
                on_delete: Some(RefAction::SetNull),
                create_key: true,
                ..Default::default()
            }),
        ),
        (
            "add relationship to the key".into(),
            SchemaEdit::AddRelationship(NewRelationship { table: orgs.clone(), columns: vec!["id".into()], ref_table: users.clone(), ref_columns: vec![], ..Default::default() }),
        ),
        (
            "add relationship creating the key".into(),
            SchemaEdit::AddRelationship(NewRelationship {
                table: orgs.clone(),
                columns: vec!["name".into()],
                ref_table: users.clone(),
                ref_columns: vec!["email".into()],
                create_key: true,
                ..Default::default()
            }),
        ),
        (
            "set relationship actions".into(),
            SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: Some(RefAction::Restrict), on_update: Some(RefAction::Cascade) },
        ),
        ("clear relationship actions".into(), SchemaEdit::SetRelationshipActions { table: users.clone(), fk: 0, on_delete: None, on_update: None }),
        ("drop relationship".into(), SchemaEdit::DropRelationship { table: users.clone(), fk: 0 }),
    ]
}

/// Checks the asked change directly on the re-imported model (independently of `spec`).
fn asked(d: Dialect, edit: &SchemaEdit, before: &Schema, after: &Schema) -> Result<(), String> {
    let table = |s: &Schema, t: &QualifiedName| s.table(t).cloned().ok_or_else(|| format!("no table {t}"));
    let kind = |ty: &str| parse_type(d, ty).map(|t| t.kind).ok_or_else(|| format!("type {ty} does not parse"));
    let ok = |c: bool, m: String| if c { Ok(()) } else { Err(m) };
    match edit {
        SchemaEdit::AddTable { table: tq, columns, .. } => {
            let t = table(after, tq)?;
            ok(t.columns.iter().map(|c| c.name.as_str()).eq(columns.iter().map(|c| c.name.as_str())), format!("columns {:?}", t.columns))?;
            for (c, nc) in t.columns.iter().zip(columns) {
                ok(c.data_type.kind == kind(&nc.data_type)?, format!("{}: {:?}", c.name, c.data_type))?;
                ok(!nc.not_null || !c.nullable, format!("{} nullable", c.name))?;
            }
            let pk: Vec<&str> = columns.iter().filter(|c| c.primary_key).map(|c| c.name.as_str()).collect();
            ok(t.primary_key.as_ref().map(|p| p.columns.iter().map(String::as_str).collect::<Vec<_>>()).unwrap_or_default() == pk, format!("key {:?}", t.primary_key))?;
            for nc in columns.iter().filter(|c| c.unique) {
                ok(spec::is_unique_column(d, &t, &nc.name), format!("{} not unique", nc.name))?;
            }
            Ok(())
        }
        SchemaEdit::RenameTable { table: tq, to } => {
            let t = table(after, &QualifiedName::new(tq.schema.clone(), to.clone()))?;
            ok(t.name == *to, format!("named {}", t.name))?;
            ok(t.columns.len() == table(before, tq)?.columns.len(), "columns changed".into())
        }
        SchemaEdit::DropTable { table: tq } => {
            ok(after.table(tq).is_none(), format!("{tq} still there"))?;
            ok(after.tables.iter().all(|t| t.foreign_keys.iter().all(|f| after.table(&f.ref_table).is_some())), "a relationship points at nothing".into())
        }
        SchemaEdit::AddColumn { table: tq, column: nc } => {
            let t = table(after, tq)?;
            let c = t.column(&nc.name).ok_or("no column")?;
            ok(c.name == nc.name && c.data_type.kind == kind(&nc.data_type)?, format!("{c:?}"))?;
            ok(!nc.not_null || !c.nullable, "nullable".into())?;
            ok(!nc.unique || spec::is_unique_column(d, &t, &nc.name), "not unique".into())?;
            ok(!nc.primary_key || t.primary_key.as_ref().is_some_and(|p| p.columns.contains(&nc.name)), "not in the key".into())
        }
        SchemaEdit::RenameColumn { table: tq, column, to } => {
            let t = table(after, tq)?;
            ok(t.columns.iter().any(|c| c.name == *to) && !t.columns.iter().any(|c| c.name == *column), format!("columns {:?}", t.columns.iter().map(|c| &c.name).collect::<Vec<_>>()))
        }
        SchemaEdit::RetypeColumn { table: tq, column, to } => {
            let t = table(after, tq)?;
            let c = t.column(column).ok_or("no column")?;
            ok(c.data_type.kind == kind(to)?, format!("{:?}", c.data_type))
        }
        SchemaEdit::DropColumn { table: tq, column } => ok(table(after, tq)?.column(column).is_none(), "still there".into()),
        SchemaEdit::SetColumnFlag { table: tq, column, flag, on } => {
            let t = table(after, tq)?;
            let c = t.column(column).ok_or("no column")?;
            let have = match flag {
                ColumnFlag::NotNull => !c.nullable,
                ColumnFlag::Unique => spec::is_unique_column(d, &t, column),
                ColumnFlag::PrimaryKey => t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|x| x == column)),
            };
            ok(have == *on, format!("{flag:?} is {have}"))
        }
        SchemaEdit::AddRelationship(r) => {
            let t = table(after, &r.table)?;
            let target = table(after, &r.ref_table)?;
            let rcols = if r.ref_columns.is_empty() { target.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { r.ref_columns.clone() };
            let f = t
                .foreign_keys
                .iter()
                .find(|f| f.columns == r.columns && after.table(&f.ref_table).map(|x| &x.name) == Some(&target.name) && f.ref_columns == rcols)
                .ok_or_else(|| format!("no such relationship in {:?}", t.foreign_keys))?;
            ok(f.on_delete == r.on_delete.unwrap_or_default() && f.on_update == r.on_update.unwrap_or_default(), format!("actions {:?}", (f.on_delete, f.on_update)))?;
            ok(spec::unique_key(d, &target, &rcols), "target not unique".into())
        }
        SchemaEdit::SetRelationshipActions { table: tq, fk, on_delete, on_update } => {
            let was = &table(before, tq)?.foreign_keys[*fk];
            let t = table(after, tq)?;
            let f = t.foreign_keys.iter().find(|f| f.columns == was.columns && f.ref_columns == was.ref_columns).ok_or("relationship gone")?;
            ok(f.on_delete == on_delete.unwrap_or_default() && f.on_update == on_update.unwrap_or_default() && f.on_delete_explicit == on_delete.is_some(), format!("{f:?}"))
        }
        SchemaEdit::DropRelationship { table: tq, fk } => {
            let was = &table(before, tq)?.foreign_keys[*fk];
            let t = table(after, tq)?;
            ok(!t.foreign_keys.iter().any(|f| f.columns == was.columns && f.ref_columns == was.ref_columns), "still there".into())
        }
    }
}

/// Every edit lies inside a statement (from its line start when it has the line, to the end of
/// its line after the `;`, and a blank line after it), or appends to the text's end.
fn outside_untouched(text: &str, d: Dialect, fix: &Fix) -> Result<usize, String> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |p| p + 1);
    let next_line = |at: usize| text[at..].find('\n').map_or(text.len(), |p| at + p + 1);
    let blank = |s: &str| s.trim().is_empty();
    let ext: Vec<(usize, usize)> = statements(text, d)
        .iter()
        .map(|s| {
            let a = if blank(&text[line_start(s.span.start)..s.span.start]) { line_start(s.span.start) } else { s.span.start };
            let mut e = s.span.end;
            let rest = &text[e..];
            if let Some(p) = rest.find(|c: char| !c.is_whitespace() || c == '\n') {
                if rest[p..].starts_with(';') {
                    e += p + 1;
                }
            }
            let mut end = next_line(e);
            if end < text.len() && blank(&text[end..next_line(end)]) {
                end = next_line(end);
            }
            (a, end)
        })
        .collect();
    let mut touched = std::collections::BTreeSet::new();
    for x in &fix.edits {
        let hit = ext.iter().position(|&(a, b)| a <= x.start && x.end <= b);
        match hit {
            Some(i) => {
                touched.insert(i);
            }
            None if x.start == x.end && x.start == text.len() => {}
            None => return Err(format!("edit {}..{} {:?} is outside every statement", x.start, x.end, x.replacement)),
        }
    }
    Ok(touched.len())
}

/// A line diff (longest common subsequence of lines), `-`/`+` lines with a line of context.
fn line_diff(a: &str, b: &str) -> String {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let (n, m) = (x.len(), y.len());
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if x[i] == y[j] { l[i + 1][j + 1] + 1 } else { l[i + 1][j].max(l[i][j + 1]) };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && x[i] == y[j] {
            ops.push((' ', x[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || l[i][j + 1] >= l[i + 1][j]) {
            ops.push(('+', y[j]));
            j += 1;
        } else {
            ops.push(('-', x[i]));
            i += 1;
        }
    }
    let near = |k: usize| ops[k.saturating_sub(1)..(k + 2).min(ops.len())].iter().any(|o| o.0 != ' ');
    let mut out = String::new();
    let mut gap = false;
    for (k, (c, line)) in ops.iter().enumerate() {
        if *c != ' ' || near(k) {
            if gap {
                out.push_str("  …\n");
                gap = false;
            }
            out.push_str(&format!("{c} {line}\n"));
        } else {
            gap = true;
        }
    }
    out
}

/// Plans, applies and checks one edit; the edited text.
fn run(f: &Fixture, text: &str, edit: &SchemaEdit) -> Result<(Fix, String, usize), String> {
    let before = parse(text, f.d);
    let fix = plan_edit(text, f.d, &before.schema, &before.diagnostics, edit).map_err(|e| format!("refused: {e}"))?;
    check_fix(f.d, text, &before.schema, edit, &fix)
}

fn check_fix(d: Dialect, text: &str, before: &Schema, edit: &SchemaEdit, fix: &Fix) -> Result<(Fix, String, usize), String> {
    let new = fix.apply(text);
    let after = parse(&new, d);
    let want = expected_form(before, text, edit).map_err(|e| format!("spec: {e}"))?;
    let got = canon(&after.schema, &Written::sql(&new, d));
    if want != got {
        return Err(format!("model differs: {}\n{}", first_difference(&want, &got).unwrap_or_default(), line_diff(text, &new)));
    }
    asked(d, edit, before, &after.schema).map_err(|e| format!("not done: {e}\n{}", line_diff(text, &new)))?;
    let touched = outside_untouched(text, d, fix)?;
    let old_warnings = parse(text, d).diagnostics.iter().filter(|x| x.severity >= Severity::Warning).count();
    let warnings: Vec<_> = after.diagnostics.iter().filter(|x| x.severity >= Severity::Warning).collect();
    if warnings.len() > old_warnings {
        return Err(format!("new warnings: {warnings:?}"));
    }
    Ok((fix.clone(), new, touched))
}

#[test]
fn every_edit_kind_in_every_dialect_changes_exactly_what_was_asked() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let mut snap = String::new();
        for (name, edit) in cases(f) {
            ran += 1;
            if let Some((_, why)) = f.refused.iter().find(|r| r.0 == name) {
                let p = parse(&text, f.d);
                match plan_edit(&text, f.d, &p.schema, &p.diagnostics, &edit) {
                    Err(e) if e.to_string().contains(why) => snap.push_str(&format!("== {name}: refused: {e}\n\n")),
                    other => failures.push(format!("{} / {name}: expected a refusal ({why}), got {other:?}", f.file)),
                }
                continue;
            }
            match run(f, &text, &edit) {
                Ok((fix, new, touched)) => {
                    snap.push_str(&format!("== {name}: {} ({touched} statement(s))\n{}\n", fix.description, line_diff(&text, &new)));
                }
                Err(e) => failures.push(format!("{} / {name}: {e}", f.file)),
            }
        }
        if failures.is_empty() {
            common::snapshot("edit", &f.file.replace(".sql", ".txt"), &snap);
        }
    }
    assert!(failures.is_empty(), "{} of {ran} edits failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

// ------------------------------------------------------------------ bad cases

fn plan(d: Dialect, text: &str, edit: &SchemaEdit) -> Result<Fix, EditError> {
    let p = parse(text, d);
    plan_edit(text, d, &p.schema, &p.diagnostics, edit)
}

/// Plans, checks like the matrix does, and returns the edited text.
fn edited(d: Dialect, text: &str, edit: &SchemaEdit) -> String {
    let p = parse(text, d);
    let fix = plan_edit(text, d, &p.schema, &p.diagnostics, edit).unwrap_or_else(|e| panic!("{d:?} {edit:?}: refused: {e}\n{text}"));
    check_fix(d, text, &p.schema, edit, &fix).unwrap_or_else(|e| panic!("{d:?} {edit:?}: {e}")).1
}

fn t(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

#[test]
fn clashing_names_are_refused() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let taken = |e: &SchemaEdit| matches!(plan(f.d, &text, e), Err(EditError::NameTaken { .. }));
        let users = q(f, "users");
        assert!(taken(&SchemaEdit::RenameTable { table: users.clone(), to: "orgs".into() }), "{}", f.file);
        assert!(taken(&SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "org_id".into() }), "{}", f.file);
        assert!(taken(&SchemaEdit::AddColumn { table: users.clone(), column: col("email", f.text_type) }), "{}", f.file);
        assert!(taken(&SchemaEdit::AddTable { table: q(f, "orgs"), columns: vec![col("x", f.text_type)], after: None }), "{}", f.file);
        let parsed = parse(&text, f.d);
        let fk = &parsed.schema.table(&users).unwrap().foreign_keys[0];
        let again = NewRelationship { table: users.clone(), columns: fk.columns.clone(), ref_table: fk.ref_table.clone(), ref_columns: fk.ref_columns.clone(), ..Default::default() };
        assert!(taken(&SchemaEdit::AddRelationship(again)), "{}", f.file);
        // MySQL and SQLite compare names without case; PostgreSQL keeps "ORGS" apart from orgs
        let upper = SchemaEdit::RenameTable { table: users.clone(), to: "ORGS".into() };
        assert_eq!(taken(&upper), f.d != Dialect::Postgres, "{}", f.file);
        let upper_col = SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "ORG_ID".into() };
        assert_eq!(taken(&upper_col), f.d != Dialect::Postgres, "{}", f.file);
    }
}

#[test]
fn bad_names_and_types_are_refused() {
    let long = "x".repeat(64);
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let users = q(f, "users");
        let err = |e: SchemaEdit| plan(f.d, &text, &e).unwrap_err();
        assert!(matches!(err(SchemaEdit::RenameTable { table: users.clone(), to: " ".into() }), EditError::BadName { .. }));
        assert!(matches!(err(SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: "a\0b".into() }), EditError::BadName { .. }));
        for ty in ["int); DROP TABLE users; --", "", "varchar(", "text DEFAULT 1"] {
            assert!(matches!(err(SchemaEdit::RetypeColumn { table: users.clone(), column: "email".into(), to: ty.into() }), EditError::BadType { .. }), "{} {ty:?}", f.file);
            assert!(matches!(err(SchemaEdit::AddColumn { table: users.clone(), column: col("c", ty) }), EditError::BadType { .. }), "{} {ty:?}", f.file);
        }
        assert!(matches!(err(SchemaEdit::RenameColumn { table: users.clone(), column: "nope".into(), to: "x".into() }), EditError::NoColumn { .. }));
        assert!(matches!(err(SchemaEdit::DropTable { table: q(f, "nope") }), EditError::NoTable(_)));
        assert!(matches!(err(SchemaEdit::DropRelationship { table: users.clone(), fk: 9 }), EditError::NoRelationship { .. }));
        let too_long = plan(f.d, &text, &SchemaEdit::RenameColumn { table: users.clone(), column: "email".into(), to: long.clone() });
        assert_eq!(too_long.is_err(), f.d == Dialect::Postgres, "{}: 64 bytes is over PostgreSQL's limit only", f.file);
    }
    let m = fixture_text("mysql_hand.sql");
    assert!(matches!(plan(Dialect::Mysql, &m, &SchemaEdit::RenameTable { table: t("users"), to: "users ".into() }), Err(EditError::BadName { .. })));
}

#[test]
fn names_that_need_quotes_are_quoted_only_there() {
    let hostile = ["order", "select", "Mixed Case", "a\"b", "a`b", "it's", "semi;colon", "-- not a comment", "x*/y", "<script>", "naïve"];
    for f in FIXTURES {
        let text = fixture_text(f.file);
        for name in hostile {
            if f.d == Dialect::Mysql && name.contains('`') && f.file.contains("hand") {
                continue;
            }
            let e = SchemaEdit::RenameColumn { table: q(f, "users"), column: "email".into(), to: name.into() };
            let new = edited(f.d, &text, &e);
            let p = parse(&new, f.d);
            assert!(p.schema.table(&q(f, "users")).unwrap().columns.iter().any(|c| c.name == name), "{} {name}", f.file);
            let e = SchemaEdit::RenameTable { table: q(f, "orgs"), to: name.into() };
            edited(f.d, &text, &e);
        }
        // a plain name stays bare unless the table quotes every name
        let new = edited(f.d, &text, &SchemaEdit::RenameColumn { table: q(f, "users"), column: "email".into(), to: "login".into() });
        let quoted_style = f.file == "mysql_dump.sql";
        assert_eq!(new.contains("`login`") || new.contains("\"login\""), quoted_style, "{}", f.file);
    }
}

#[test]
fn a_table_defined_by_several_statements_is_edited_where_each_part_is() {
    let d = Dialect::Postgres;
    let text = "CREATE TABLE t (id int);\n\
                ALTER TABLE t ADD COLUMN note text;\n\
                ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int;\n\
                ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n\
                ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n\
                ALTER TABLE t ALTER COLUMN b TYPE bigint;\n";
    let c = |column: &str| (t("t"), column.to_string());
    let (tt, note) = c("note");
    let new = edited(d, text, &SchemaEdit::DropColumn { table: tt.clone(), column: note.clone() });
    assert_eq!(new, text.replace("ALTER TABLE t ADD COLUMN note text;\n", ""), "the ALTER that added it goes");
    let new = edited(d, text, &SchemaEdit::DropColumn { table: tt.clone(), column: "a".into() });
    assert_eq!(new, text.replace("ADD COLUMN a int, ", "").replace("ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n", ""), "one of two actions, and what changes it later");
    let new = edited(d, text, &SchemaEdit::RenameColumn { table: tt.clone(), column: note.clone(), to: "memo".into() });
    assert_eq!(new, text.replace("COLUMN note", "COLUMN memo"));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: note, flag: ColumnFlag::NotNull, on: true });
    assert_eq!(new, text.replace("note text", "note text NOT NULL"));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "a".into(), flag: ColumnFlag::NotNull, on: false });
    assert_eq!(new, text.replace("ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n", ""));
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "id".into(), flag: ColumnFlag::PrimaryKey, on: false });
    assert_eq!(new, text.replace("ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n", "").replace("(id int)", "(id int NOT NULL)"), "the key goes, NOT NULL stays");
    let new = edited(d, text, &SchemaEdit::SetColumnFlag { table: tt.clone(), column: "a".into(), flag: ColumnFlag::PrimaryKey, on: true });
    assert_eq!(new, text.replace("PRIMARY KEY (id)", "PRIMARY KEY (id, a)"));
    match plan(d, text, &SchemaEdit::RetypeColumn { table: tt.clone(), column: "b".into(), to: "text".into() }) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("line 6"), "{m}"),
        other => panic!("{other:?}"),
    }
    let my = "CREATE TABLE t (id int PRIMARY KEY, x int);\nALTER TABLE t MODIFY x int NOT NULL;\n";
    match plan(Dialect::Mysql, my, &SchemaEdit::SetColumnFlag { table: tt, column: "x".into(), flag: ColumnFlag::NotNull, on: false }) {
        Err(EditError::Unsupported(m)) => assert!(m.contains("line 2"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_near_the_target_refuse_and_elsewhere_do_not() {
    for d in Dialect::ALL {
        let text = "CREATE TABLE good (id int PRIMARY KEY);\nCREATE TABLE bad (id int, x int DEFAULT, y text);\nCREATE TABLE other (id int PRIMARY KEY);\n";
        let p = parse(text, d);
        assert!(p.diagnostics.iter().any(|x| x.severity >= Severity::Warning && x.line == 2), "{d:?}: the fixture has an error on line 2: {:?}", p.diagnostics);
        match plan(d, text, &SchemaEdit::AddColumn { table: t("bad"), column: col("z", "int") }) {
            Err(EditError::SourceError { line: 2, .. }) => {}
            other => panic!("{d:?}: {other:?}"),
        }
        edited(d, text, &SchemaEdit::AddColumn { table: t("good"), column: col("z", "int") });
        edited(d, text, &SchemaEdit::RenameTable { table: t("other"), to: "others".into() });
        // a relationship from the broken table to `good` makes renaming `good` touch line 2
        let linked = "CREATE TABLE good (id int PRIMARY KEY);\nCREATE TABLE bad (id int, g int REFERENCES good (id), x int DEFAULT, y text);\n";
        if parse(linked, d).schema.table(&t("bad")).is_some_and(|b| !b.foreign_keys.is_empty()) {
            assert!(matches!(plan(d, linked, &SchemaEdit::RenameTable { table: t("good"), to: "fine".into() }), Err(EditError::SourceError { line: 2, .. })), "{d:?}");
        }
    }
}

#[test]
fn a_target_that_is_not_unique_offers_the_key() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let p = parse(&text, f.d);
        let r = NewRelationship { table: q(f, "orgs"), columns: vec!["name".into()], ref_table: q(f, "users"), ref_columns: vec![f.nullable.into()], ..Default::default() };
        let edit = SchemaEdit::AddRelationship(r.clone());
        match plan_edit(&text, f.d, &p.schema, &p.diagnostics, &edit) {
            Err(EditError::TargetNotUnique { columns, with_key, .. }) => {
                assert_eq!(columns, vec![f.nullable.to_string()]);
                assert!(with_key.description.contains("unique key"), "{}", with_key.description);
                let with = SchemaEdit::AddRelationship(NewRelationship { create_key: true, ..r });
                check_fix(f.d, &text, &p.schema, &with, &with_key).unwrap_or_else(|e| panic!("{}: {e}", f.file));
            }
            other => panic!("{}: {other:?}", f.file),
        }
    }
}

#[test]
fn edits_that_are_already_true_change_nothing() {
    for f in FIXTURES {
        let text = fixture_text(f.file);
        let users = q(f, "users");
        for (column, flag, on) in [("email", ColumnFlag::NotNull, true), (f.nullable, ColumnFlag::NotNull, false), ("id", ColumnFlag::PrimaryKey, true), (f.nullable, ColumnFlag::Unique, false)] {
            let fix = plan(f.d, &text, &SchemaEdit::SetColumnFlag { table: users.clone(), column: column.into(), flag, on }).unwrap();
            assert!(fix.edits.is_empty(), "{} {column} {flag:?} {on}: {:?}", f.file, fix.edits);
        }
    }
}
