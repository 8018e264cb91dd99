//! DBML (dbdiagram.io): a `Project` naming the database (`database_type`), `Enum`s, `Table`s with column settings (`pk`, `increment`, `not null`,
//! `unique`, `default`, `note`), an `Indexes` block (composite keys, unique and named indexes,
//! expression keys, partial predicates as notes), `Ref`s with their actions, and notes carrying
//! what DBML has no syntax for (checks, row level security, policies, triggers).
//!
//! Names, strings and expressions are written by [`super::escape::dbml`] for `@dbml/core`'s current
//! parser (`dbmlv2`), which reads every name and value back exactly (a backtick inside an
//! expression is the one thing DBML cannot hold).

use super::escape::dbml as esc;
use super::writer::Writer;
use super::Generated;
use crate::model::{Column, RefAction, Schema, Table};
use crate::sqltext::Namer;
use std::collections::{HashMap, HashSet};

fn qname(schema: &Option<String>, n: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", esc::name(s), esc::name(n)),
        None => esc::name(n),
    }
}

/// An `Enum` block (empty and repeated values cannot be written; they are reported).
fn enum_block(w: &mut Writer, warnings: &mut Vec<String>, head: &str, label: &str, values: &[String]) {
    w.line(format!("Enum {head} {{"));
    w.indent();
    let mut seen = HashSet::new();
    for v in values {
        if v.is_empty() || !seen.insert(v.clone()) {
            warnings.push(format!("enum {label}: value {v:?} cannot be written in DBML; left out"));
            continue;
        }
        w.line(esc::name(v));
    }
    w.dedent();
    w.line("}");
    w.blank();
}

fn type_text(c: &Column, schema: &Schema, inline_enum: Option<&String>) -> String {
    if let Some(n) = inline_enum {
        return esc::name(n);
    }
    let dt = &c.data_type;
    // an enum type: refer to the Enum by its (possibly qualified) name
    if let Some(e) = schema.enum_of(dt).map(|i| &schema.enums[i]) {
        if dt.array_dims == 0 {
            return qname(&e.schema, &e.name);
        }
    }
    let sp = dt.spelling.trim();
    let simple = {
        let base_end = sp.find('(').unwrap_or(sp.len());
        let base = &sp[..base_end];
        let rest = &sp[base_end..];
        !base.is_empty()
            && base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && (rest.is_empty() || (rest.starts_with('(') && rest.ends_with(')') && rest[1..rest.len() - 1].chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ')))
    };
    // `"text"`, `"public"."mood"[]`: quoted names DBML writes the same way.
    let quoted_path = {
        let body = sp.trim_end_matches("[]");
        !body.is_empty() && body.split('.').all(|p| p.len() > 2 && p.starts_with('"') && p.ends_with('"') && !p[1..p.len() - 1].contains(['"', '\n', '\r', '\0']))
    };
    if simple || quoted_path {
        sp.to_string()
    } else if sp.is_empty() {
        "\"any\"".into()
    } else {
        esc::name(sp)
    }
}

/// A column default: a DBML string, number or keyword when the SQL default is one (casts and
/// parentheses around it allowed), else the SQL as a backtick expression.
fn default_value(dialect: crate::Dialect, d: &str) -> String {
    let t = d.trim();
    let lit = super::names::strip_default(dialect, t);
    if let Some(v) = crate::sqltext::string_value(dialect, &lit) {
        return esc::string(&v);
    }
    if lit.parse::<f64>().is_ok() && !lit.contains(['e', 'E', 'i', 'I', 'n', 'N']) {
        return lit;
    }
    match lit.to_ascii_lowercase().as_str() {
        "true" | "false" | "null" => lit.to_ascii_lowercase(),
        _ => esc::expr(t),
    }
}

fn action(a: RefAction) -> &'static str {
    a.id()
}

fn display(t: &Table) -> String {
    t.qualified_name().to_string()
}

pub fn generate(schema: &Schema) -> Generated {
    let mut w = Writer::new("  ");
    let mut warnings: Vec<String> = Vec::new();
    // The database the schema is for, so a DBML reader (ours, dbdiagram.io) knows the dialect.
    let db = match schema.dialect {
        crate::Dialect::Postgres => "PostgreSQL",
        crate::Dialect::Mysql => "MySQL",
        crate::Dialect::Sqlite => "SQLite",
    };
    w.line("Project schema {");
    w.indent();
    w.line(format!("database_type: '{db}'"));
    w.dedent();
    w.line("}");
    w.blank();
    let inline_enums = enums(&mut w, &mut warnings, schema);
    let mut emitted: Vec<bool> = vec![false; schema.tables.len()];
    let mut seen_tables = HashSet::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if t.columns.is_empty() {
            warnings.push(format!("table {} has no columns; DBML needs at least one, not generated", display(t)));
            continue;
        }
        if !seen_tables.insert((t.schema.clone(), t.name.clone())) {
            warnings.push(format!("table {} is defined twice; generated once", display(t)));
            continue;
        }
        emitted[ti] = true;
        table_block(&mut w, schema, ti, &inline_enums);
    }
    refs(&mut w, &mut warnings, schema, &emitted);
    sticky_notes(&mut w, schema);
    finish(w, warnings)
}

/// The schema's sticky notes as `Note name { '...' }` blocks (`@dbml/core` reads each back as a
/// sticky note: name and text exact). A name used twice is written once more with a `_2`, `_3`
/// suffix (DBML refuses two notes of one name).
fn sticky_notes(w: &mut Writer, schema: &Schema) {
    let mut names = Namer::separated("_");
    for n in &schema.notes {
        let name = names.unique(if n.name.is_empty() { "note" } else { &n.name });
        w.line(format!("Note {} {{", esc::name(&name)));
        w.indent();
        w.line(esc::string(&n.text));
        w.dedent();
        w.line("}");
        w.blank();
    }
}

/// `schema` with `texts` added to its notes (the sticky notes put on the diagram, which have no
/// names: `note_1`, `note_2`, … by their order, after a name the schema's notes already use).
pub fn with_notes(schema: &Schema, texts: &[String]) -> Schema {
    let mut s = schema.clone();
    let mut names = Namer::separated("_");
    for n in &s.notes {
        names.reserve(&n.name);
    }
    for (i, t) in texts.iter().enumerate() {
        let name = names.unique(&format!("note_{}", i + 1));
        s.notes.push(crate::model::StickyNote { name, text: t.clone(), ..Default::default() });
    }
    s
}

/// The `Enum` blocks: the schema's, then one per inline MySQL ENUM column (named
/// `{table}_{column}`), returned by (table index, column).
fn enums(w: &mut Writer, warnings: &mut Vec<String>, schema: &Schema) -> HashMap<(usize, String), String> {
    let mut seen_enums = HashSet::new();
    let mut enum_names = Namer::separated("_");
    for e in &schema.enums {
        if !seen_enums.insert((e.schema.clone(), e.name.clone())) || e.values.is_empty() {
            continue;
        }
        enum_names.reserve(&e.name);
        enum_block(w, warnings, &qname(&e.schema, &e.name), &e.name, &e.values);
    }
    let mut inline_enums: HashMap<(usize, String), String> = HashMap::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        for c in &t.columns {
            let crate::model::TypeKind::Enum(values) = &c.data_type.kind else { continue };
            if values.is_empty() || c.data_type.array_dims > 0 {
                continue;
            }
            let name = enum_names.unique(&format!("{}_{}", t.name, c.name));
            enum_block(w, warnings, &esc::name(&name), &name, values);
            inline_enums.insert((ti, c.name.clone()), name);
        }
    }
    inline_enums
}

/// One `Table` block: columns, the `Indexes` block and a note for what DBML cannot express.
fn table_block(w: &mut Writer, schema: &Schema, ti: usize, inline_enums: &HashMap<(usize, String), String>) {
    let t = &schema.tables[ti];
    // the header colour (only ever `#rrggbb`: `erd::decor::color`)
    let color = t.color.as_deref().and_then(crate::erd::decor::color).map(|c| format!(" [headercolor: {c}]")).unwrap_or_default();
    w.line(format!("Table {}{color} {{", qname(&t.schema, &t.name)));
    w.indent();
    let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let mut seen_cols = HashSet::new();
    for c in &t.columns {
        if !seen_cols.insert(c.name.clone()) {
            continue;
        }
        let s = column_settings(schema, t, c, &pk);
        w.line(format!("{} {}{s}", esc::name(&c.name), type_text(c, schema, inline_enums.get(&(ti, c.name.clone())))));
    }
    let idx = index_lines(t, &pk);
    if !idx.is_empty() {
        w.blank();
        w.line("Indexes {");
        w.indent();
        for i in &idx {
            w.line(i);
        }
        w.dedent();
        w.line("}");
    }
    let note = table_note(t);
    if !note.is_empty() {
        w.blank();
        w.line(format!("Note: {}", esc::string(&note.join("\n"))));
    }
    w.dedent();
    w.line("}");
    w.blank();
}

/// A column's ` [pk, not null, ...]` settings (empty when it has none).
fn column_settings(schema: &Schema, t: &Table, c: &Column, pk: &[String]) -> String {
    let single_pk = pk.len() == 1;
    let mut settings: Vec<String> = Vec::new();
    if single_pk && pk[0] == c.name {
        settings.push("pk".into());
    }
    if c.identity.is_some() {
        settings.push("increment".into());
    }
    // A primary key implies NOT NULL, except in SQLite (a rowid table's key may hold NULL
    // unless declared NOT NULL).
    let key_implies_not_null = single_pk && pk[0] == c.name && schema.dialect != crate::Dialect::Sqlite;
    if !c.nullable && !key_implies_not_null {
        settings.push("not null".into());
    }
    if t.uniques.iter().any(|u| u.columns.len() == 1 && u.columns[0] == c.name) {
        settings.push("unique".into());
    }
    if let Some(d) = &c.default {
        settings.push(format!("default: {}", default_value(schema.dialect, d)));
    }
    let mut notes = Vec::new();
    if let Some(cm) = &c.comment {
        notes.push(cm.clone());
    }
    if let Some(g) = &c.generated {
        notes.push(format!("generated always as ({}){}", g.expression, if g.stored { " stored" } else { "" }));
    }
    if let Some(u) = &c.on_update {
        notes.push(format!("on update {u}"));
    }
    if !notes.is_empty() {
        settings.push(format!("note: {}", esc::string(&notes.join("\n"))));
    }
    if settings.is_empty() {
        String::new()
    } else {
        format!(" [{}]", settings.join(", "))
    }
}

/// The lines of a table's `Indexes` block: a composite primary key, composite uniques, indexes.
fn index_lines(t: &Table, pk: &[String]) -> Vec<String> {
    let mut idx: Vec<String> = Vec::new();
    let cols = |v: &[String]| -> String {
        if v.len() == 1 {
            esc::name(&v[0])
        } else {
            format!("({})", v.iter().map(|c| esc::name(c)).collect::<Vec<_>>().join(", "))
        }
    };
    if pk.len() > 1 {
        idx.push(format!("{} [pk]", cols(pk)));
    }
    for u in t.uniques.iter().filter(|u| u.columns.len() > 1) {
        let mut s = vec!["unique".to_string()];
        if let Some(n) = &u.name {
            s.push(format!("name: {}", esc::string(n)));
        }
        idx.push(format!("{} [{}]", cols(&u.columns), s.join(", ")));
    }
    for ix in &t.indexes {
        if ix.parts.is_empty() || ix.implicit {
            continue;
        }
        let parts: Vec<String> = ix
            .parts
            .iter()
            .map(|p| match &p.column {
                Some(c) if !p.descending && p.length.is_none() && p.opclass.is_none() => esc::name(c),
                _ => esc::expr(&p.display()),
            })
            .collect();
        let key = if parts.len() == 1 { parts[0].clone() } else { format!("({})", parts.join(", ")) };
        let mut s = Vec::new();
        if ix.unique {
            s.push("unique".to_string());
        }
        if let Some(n) = &ix.name {
            s.push(format!("name: {}", esc::string(n)));
        }
        if let Some(m @ ("btree" | "hash")) = ix.method.as_deref() {
            s.push(format!("type: {m}"));
        }
        let mut notes = Vec::new();
        if let Some(m) = ix.method.as_deref().filter(|m| !matches!(*m, "btree" | "hash")) {
            notes.push(format!("using {m}"));
        }
        if let Some(p) = &ix.predicate {
            notes.push(format!("where {p}"));
        }
        if !ix.include.is_empty() {
            notes.push(format!("include ({})", ix.include.join(", ")));
        }
        if !notes.is_empty() {
            s.push(format!("note: {}", esc::string(&notes.join("; "))));
        }
        idx.push(if s.is_empty() { key } else { format!("{key} [{}]", s.join(", ")) });
    }
    idx
}

/// A table's note: its comment plus what DBML cannot express (checks, row level security,
/// policies, triggers, partitioning).
fn table_note(t: &Table) -> Vec<String> {
    let mut note = Vec::new();
    if let Some(c) = &t.comment {
        note.push(c.clone());
    }
    for ch in &t.checks {
        note.push(match &ch.name {
            Some(n) => format!("CONSTRAINT {n} CHECK ({})", ch.expression),
            None => format!("CHECK ({})", ch.expression),
        });
    }
    if t.rls_enabled {
        note.push(format!("row level security enabled{}", if t.rls_forced { " (forced)" } else { "" }));
    }
    for p in &t.policies {
        let mut s = format!("policy {} for {}", p.name, p.command);
        if let Some(u) = &p.using {
            s.push_str(&format!(" using ({u})"));
        }
        if let Some(c) = &p.with_check {
            s.push_str(&format!(" with check ({c})"));
        }
        note.push(s);
    }
    for tr in &t.triggers {
        note.push(format!("trigger {tr}"));
    }
    if let Some(p) = &t.partition_of {
        note.push(format!("partition of {p}"));
    }
    if let Some(p) = &t.partition_by {
        note.push(format!("partition by {p}"));
    }
    note
}

/// The `Ref`s of the generated tables' foreign keys (those DBML cannot hold are warnings).
fn refs(w: &mut Writer, warnings: &mut Vec<String>, schema: &Schema, emitted: &[bool]) {
    let ix = crate::model::SchemaIndex::new(schema);
    let mut ref_names = HashSet::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if !emitted[ti] {
            continue;
        }
        for fk in &t.foreign_keys {
            let Some(ri) = ix.table_index(&fk.ref_table).filter(|&ri| emitted[ri]) else {
                warnings.push(format!("{}: foreign key ({}) references {}, which is not in the schema; no Ref written", display(t), fk.columns.join(", "), fk.ref_table));
                continue;
            };
            let r = &schema.tables[ri];
            let ref_cols = if fk.ref_columns.is_empty() { r.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { fk.ref_columns.clone() };
            if ref_cols.len() != fk.columns.len() || fk.columns.is_empty() {
                warnings.push(format!("{}: foreign key ({}) has no matching referenced columns; no Ref written", display(t), fk.columns.join(", ")));
                continue;
            }
            if ri == ti && ref_cols == fk.columns {
                warnings.push(format!("{}: foreign key ({}) references its own columns; no Ref written", display(t), fk.columns.join(", ")));
                continue;
            }
            let side = |tb: &Table, cols: &[String]| -> String {
                let q = qname(&tb.schema, &tb.name);
                if cols.len() == 1 {
                    format!("{q}.{}", esc::name(&cols[0]))
                } else {
                    format!("{q}.({})", cols.iter().map(|c| esc::name(c)).collect::<Vec<_>>().join(", "))
                }
            };
            let from = side(t, &fk.columns);
            let to = side(r, &ref_cols);
            let refname = match &fk.name {
                Some(n) if ref_names.insert(n.clone()) => format!(" {}", esc::name(n)),
                _ => String::new(),
            };
            let mut settings = Vec::new();
            if fk.on_delete != RefAction::NoAction {
                settings.push(format!("delete: {}", action(fk.on_delete)));
            }
            if fk.on_update != RefAction::NoAction {
                settings.push(format!("update: {}", action(fk.on_update)));
            }
            let s = if settings.is_empty() { String::new() } else { format!(" [{}]", settings.join(", ")) };
            w.line(format!("Ref{refname}: {from} > {to}{s}"));
        }
    }
}

/// The code with the warnings as a comment at its head.
fn finish(w: Writer, warnings: Vec<String>) -> Generated {
    let mut code = w.finish();
    while code.ends_with("\n\n") {
        code.pop();
    }
    if code.trim().is_empty() {
        code = "// The schema has no tables.\n".into();
    }
    if !warnings.is_empty() {
        let mut head = String::from("// Warnings (what DBML cannot express):\n");
        for w in &warnings {
            head.push_str(&format!("//   * {}\n", esc::comment(w)));
        }
        head.push('\n');
        code = head + &code;
    }
    Generated { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::Dialect;

    #[test]
    fn tables_refs_and_enums() {
        let sql = "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE p (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'a');\nCREATE TABLE c (p_id int REFERENCES p(id) ON DELETE CASCADE, x text, PRIMARY KEY (p_id, x));\nCREATE INDEX c_x ON c (lower(x));";
        let out = generate(&parse(sql, Dialect::Postgres).schema);
        assert!(out.code.contains("Enum \"mood\" {"), "{}", out.code);
        assert!(out.code.contains("\"m\" \"mood\" [not null, default: 'a']"), "{}", out.code);
        assert!(out.code.contains("(\"p_id\", \"x\") [pk]"), "{}", out.code);
        assert!(out.code.contains("`lower(x)` [name: 'c_x', type: btree]"), "{}", out.code);
        assert!(out.code.contains("Ref \"c_p_id_fkey\": \"c\".\"p_id\" > \"p\".\"id\" [delete: cascade]"), "{}", out.code);
    }

    /// Sticky notes both ways: a DBML input's `Note` blocks are the model's notes (name, text, the
    /// span of the string), the generator writes them back as `Note` blocks with the diagram's own
    /// notes after them (named `note_1`, … past the names taken), and reading that output gives
    /// every note back exactly. An edit of a note's text on the diagram is a text edit of its string.
    #[test]
    fn sticky_notes_round_trip() {
        use crate::parse::input::{read, InputKind};
        let src = "Table users {\n  id int [pk]\n}\n\nNote todo {\n  'Check the \\'status\\' column'\n}\n\nNote \"note_1\" {\n  '''\n  two\n  lines\n  '''\n}\n";
        let p = read(src, Some(InputKind::Dbml), Dialect::Postgres).parsed;
        let got: Vec<(&str, &str)> = p.schema.notes.iter().map(|n| (n.name.as_str(), n.text.as_str())).collect();
        assert_eq!(got, [("todo", "Check the 'status' column"), ("note_1", "two\nlines\n")]);
        assert_eq!(&src[p.schema.notes[0].text_span.start..p.schema.notes[0].text_span.end], "'Check the \\'status\\' column'");
        assert!(src[p.schema.notes[1].span.start..p.schema.notes[1].span.end].starts_with("Note \"note_1\" {"));
        assert!(p.diagnostics.iter().all(|d| d.severity == crate::Severity::Info), "{:?}", p.diagnostics);

        let hostile = "a\nb 'q' \\ \"dq\" </text> `tick` \u{1}";
        let with = with_notes(&p.schema, &["first".into(), hostile.into()]);
        let out = generate(&with).code;
        assert!(out.contains("Note \"todo\" {\n  'Check the \\'status\\' column'\n}"), "{out}");
        // the diagram's notes are named after the input's: note_1 is taken, so note_1_2
        let back = read(&out, Some(InputKind::Dbml), Dialect::Postgres).parsed;
        let names: Vec<&str> = back.schema.notes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["todo", "note_1", "note_1_2", "note_2"]);
        let texts: Vec<&str> = back.schema.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["Check the 'status' column", "two\nlines\n", "first", hostile]);
        // a schema without notes writes no Note block (the output of every other input is as before)
        assert!(!generate(&parse("CREATE TABLE t (id int);", Dialect::Postgres).schema).code.contains("Note"));

        // the diagram edits the first note's text: one edit of its string, read back exactly
        let fix = crate::erd::decor::rewrite_input_note(&p.schema.notes[0], hostile).unwrap();
        let edited = fix.apply(src);
        let again = read(&edited, Some(InputKind::Dbml), Dialect::Postgres).parsed;
        assert_eq!(again.schema.notes[0].text, hostile);
        assert_eq!(again.schema.notes[1].text, "two\nlines\n");
        assert_eq!(edited[..p.schema.notes[0].text_span.start], src[..p.schema.notes[0].text_span.start], "nothing before it changed");
        assert!(crate::erd::decor::rewrite_input_note(&with.notes[2], "x").is_none(), "a note not read from the text has no string to edit");
    }

    #[test]
    fn bad_sticky_notes_are_reported() {
        use crate::parse::input::{read, InputKind};
        let src = "Table t {\n  id int\n}\nNote {\n  'no name'\n}\nNote a {\n  'x'\n}\nNote a {\n  'again'\n}\nNote b {\n  'one'\n  'two'\n}\n";
        let p = read(src, Some(InputKind::Dbml), Dialect::Postgres).parsed;
        let got: Vec<(&str, &str)> = p.schema.notes.iter().map(|n| (n.name.as_str(), n.text.as_str())).collect();
        assert_eq!(got, [("a", "x"), ("b", "one")]);
        let said: Vec<(usize, &str)> = p.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(said.iter().any(|(l, m)| *l == 4 && m.contains("needs a name")), "{said:?}");
        assert!(said.iter().any(|(l, m)| *l == 10 && m.contains("already defined")), "{said:?}");
        assert!(said.iter().any(|(l, m)| *l == 13 && m.contains("2 strings")), "{said:?}");
        assert_eq!(p.schema.tables.len(), 1, "the rest is read");
    }

    /// A diagram edit of a DBML input with sticky notes is planned and checked as before (the
    /// re-read model, notes included, is the expected one), and the notes stay as they were.
    #[test]
    fn edits_keep_sticky_notes() {
        use crate::edit::{plan_edit_in, SchemaEdit};
        use crate::parse::input::{read, InputKind};
        let src = "Table users {\n  id int [pk]\n}\n\nNote todo {\n  'keep me'\n}\n\nTable posts {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n";
        let imported = read(src, Some(InputKind::Dbml), Dialect::Postgres);
        let p = &imported.parsed;
        let edit = SchemaEdit::RenameTable { table: crate::model::QualifiedName { schema: None, name: "users".into() }, to: "members".into() };
        let fix = plan_edit_in(imported.kind, src, Dialect::Postgres, &p.schema, &p.diagnostics, &edit).unwrap();
        let edited = fix.apply(src);
        assert!(edited.contains("Note todo {\n  'keep me'\n}") && edited.contains("Table members"), "{edited}");
        let again = read(&edited, Some(InputKind::Dbml), Dialect::Postgres).parsed;
        assert_eq!(again.schema.notes.iter().map(|n| (n.name.as_str(), n.text.as_str())).collect::<Vec<_>>(), [("todo", "keep me")]);
    }
}
