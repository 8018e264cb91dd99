//! Checks shared by the schema edit tests (`edit.rs`, `edit_corpus.rs`).
#![allow(dead_code)]

use schemaplay_core::edit::canon::{canon, expected_form, first_difference, Written};
use schemaplay_core::edit::{meant_in, spec, ColumnFlag, Fix, SchemaEdit};
use schemaplay_core::model::{Index, IndexPart, QualifiedName, Schema};
use schemaplay_core::parse::input::{read, InputKind};
use schemaplay_core::parse::{parse, parse_type, statements};
use schemaplay_core::{Dialect, Severity};

/// Checks the asked change directly on the re-imported model (independently of `spec`).
pub fn asked(d: Dialect, edit: &SchemaEdit, before: &Schema, after: &Schema) -> Result<(), String> {
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
            let gone = before.table(tq).map(|t| t.name.clone()).unwrap_or_default();
            let dangling = after.tables.iter().flat_map(|t| &t.foreign_keys).find(|f| f.ref_table.name == gone && f.ref_table.schema == tq.schema);
            ok(dangling.is_none(), format!("a relationship still points at it: {dangling:?}"))
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
        SchemaEdit::AddIndex { table: tq, columns, name } => {
            let t = table(after, tq)?;
            let plain = |i: &&Index| !i.unique && !i.implicit && i.predicate.is_none() && i.parts.iter().map(|p| p.column.as_deref()).eq(columns.iter().map(|c| Some(c.as_str())));
            let new = t.indexes.iter().filter(plain).count() > table(before, tq)?.indexes.iter().filter(plain).count();
            ok(new, format!("no new index on ({}) in {:?}", columns.join(", "), t.indexes))?;
            ok(name.as_ref().is_none_or(|n| t.indexes.iter().any(|i| i.name.as_ref() == Some(n))), format!("no index named {name:?}"))
        }
    }
}

/// Every edit lies inside a statement (from its line start when it has the line, to the end of
/// its line after the `;`, and a blank line after it), or appends to the text's end.
pub fn outside_untouched(text: &str, d: Dialect, fix: &Fix) -> Result<usize, String> {
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
pub fn line_diff(a: &str, b: &str) -> String {
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

/// Applies `fix` and checks it: the whole model, the asked change, edits inside the statements
/// concerned, no new warnings. The fix, the edited text and how many statements it touched.
pub fn check_fix(d: Dialect, text: &str, before: &Schema, edit: &SchemaEdit, fix: &Fix) -> Result<(Fix, String, usize), String> {
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


/// The top-level elements of a DBML document (from their line start to past their last line),
/// found without the planner's reader: an element starts at a line with no indentation and ends
/// at the line closing its `{` (or its own line). With the comment lines right above it (its
/// documentation) and one blank line on each side, which deleting it takes along.
pub fn dbml_elements(text: &str) -> Vec<(usize, usize)> {
    extended(text, elements(text, &['{'], &['}']))
}

/// Elements with their documentation comment lines and one blank line around them.
fn extended(text: &str, els: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let lines: Vec<(usize, &str)> = text.split_inclusive('\n').scan(0, |at, l| {
        let start = *at;
        *at += l.len();
        Some((start, l))
    }).collect();
    let line_of = |at: usize| lines.iter().rposition(|(s, _)| *s <= at).unwrap_or(0);
    let blank = |i: usize| lines.get(i).is_some_and(|(_, l)| l.trim().is_empty());
    els
        .into_iter()
        .map(|(start, end)| {
            let mut i = line_of(start);
            while i > 0 && lines[i - 1].1.trim_start().starts_with("//") {
                i -= 1;
            }
            if i > 0 && blank(i - 1) {
                i -= 1;
            }
            let j = line_of(end.saturating_sub(1)) + 1;
            let end = if blank(j) { lines[j].0 + lines[j].1.len() } else { end };
            (lines.get(i).map_or(start, |l| l.0), end)
        })
        .collect()
}

/// The elements a deletion of `start..end` covers whole, when everything else it deletes is
/// blank.
fn covers_whole(text: &str, els: &[(usize, usize)], start: usize, end: usize) -> Option<Vec<usize>> {
    let hit: Vec<usize> = (0..els.len()).filter(|&i| els[i].0 < end && start < els[i].1).collect();
    let whole = hit.iter().all(|&i| start <= els[i].0 && els[i].1 <= end);
    let mut rest = text[start..end].to_string();
    for &i in hit.iter().rev() {
        rest.replace_range(els[i].0 - start..els[i].1 - start, "");
    }
    (whole && !hit.is_empty() && rest.trim().is_empty()).then_some(hit)
}

/// The top-level statements of a TypeScript module (brackets of every kind nest).
pub fn ts_elements(text: &str) -> Vec<(usize, usize)> {
    // brackets inside strings, templates and comments do not count: blank them out first
    let mut code = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut line_comment = false;
    while let Some(c) = chars.next() {
        // the same number of bytes, so offsets stay those of `text`
        let blank = |c: char| if c == '\n' { "\n".to_string() } else { " ".repeat(c.len_utf8()) };
        if line_comment {
            line_comment = c != '\n';
            code.push_str(&blank(c));
            continue;
        }
        match quote {
            Some(q) => {
                if c == '\\' {
                    let n = chars.next().unwrap_or(' ');
                    code.push(' ');
                    code.push_str(&blank(n));
                    continue;
                }
                if c == q {
                    quote = None;
                }
                if c == q {
                    code.push(c);
                } else {
                    code.push_str(&blank(c));
                }
            }
            None if c == '/' && chars.peek() == Some(&'/') => {
                line_comment = true;
                code.push(' ');
            }
            None => {
                if matches!(c, '"' | '\'' | '`') {
                    quote = Some(c);
                }
                code.push(c);
            }
        }
    }
    extended(text, elements(&code, &['{', '(', '['], &['}', ')', ']']))
}


/// The elements as written (without documentation or blank lines): from a line with no
/// indentation to the line closing its brackets (`opens` / `closes`).
fn elements(text: &str, opens: &[char], closes: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut open: Option<(usize, i32)> = None;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        let code = line.split("//").next().unwrap_or("");
        let depth = code.matches(opens).count() as i32 - code.matches(closes).count() as i32;
        match &mut open {
            Some((start, dep)) => {
                *dep += depth;
                if *dep <= 0 {
                    out.push((*start, end));
                    open = None;
                }
            }
            None if !code.trim().is_empty() && !line.starts_with([' ', '\t']) => {
                if depth > 0 {
                    open = Some((at, depth));
                } else {
                    out.push((at, end));
                }
            }
            None => {}
        }
        at = end;
    }
    out
}

/// [`check_fix`] for a DBML document: re-read by the DBML reader, the whole model against
/// `spec::expected` (constraint names are `@dbml/core`'s, so not compared; every PostgreSQL
/// foreign key is DEFERRABLE as `@dbml/core` writes it), the asked change, edits inside the
/// touched elements (or a new element at a line's end), no new warnings. The edited text and how
/// many elements it touched.
pub fn check_dbml_fix(d: Dialect, text: &str, edit: &SchemaEdit, fix: &Fix) -> Result<(String, usize), String> {
    check_input_fix(InputKind::Dbml, d, text, edit, fix)
}

/// [`check_dbml_fix`] for a text of any non-SQL language whose top-level elements are blocks
/// opened at the line start (DBML, Prisma).
pub fn check_input_fix(kind: InputKind, d: Dialect, text: &str, edit: &SchemaEdit, fix: &Fix) -> Result<(String, usize), String> {
    let import = |t: &str| read(t, Some(kind), d).parsed;
    let before = import(text);
    let new = fix.apply(text);
    let after = import(&new);
    let none = || Written::new(d, std::iter::empty());
    // the edit as the language makes it (Prisma: the type of a Prisma scalar, its default actions)
    let meant = meant_in(kind, text, &before.schema, edit).map_err(|e| format!("meant: {e}"))?;
    let edit = &meant;
    let mut want = spec::expected(&before.schema, edit).map_err(|e| format!("spec: {e}"))?;
    // Prisma on SQLite writes a one-field Int @id as INTEGER PRIMARY KEY AUTOINCREMENT
    if kind == InputKind::Prisma && d == Dialect::Sqlite {
        for t in &mut want.tables {
            let Some(pk) = t.primary_key.as_ref().filter(|p| p.columns.len() == 1).map(|p| p.columns[0].clone()) else { continue };
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == pk && c.data_type.spelling == "integer") {
                c.identity = Some(schemaplay_core::model::Identity::Autoincrement);
            }
        }
    }
    if kind == InputKind::Dbml {
        for f in want.tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
            f.deferrable = d == Dialect::Postgres;
        }
    }
    // drizzle-kit writes ON DELETE on every foreign key, and names the referenced table's schema
    if kind == InputKind::Drizzle {
        for f in want.tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
            f.on_delete_explicit |= !f.logical;
            if d == Dialect::Postgres && f.ref_table.schema.is_none() {
                f.ref_table.schema = Some("public".into());
            }
        }
    }
    // Prisma writes a new @unique as CREATE UNIQUE INDEX (btree) on PostgreSQL and SQLite, Drizzle
    // on SQLite
    if kind == InputKind::Prisma && d != Dialect::Mysql || kind == InputKind::Drizzle && d == Dialect::Sqlite {
        for t in &mut want.tables {
            let was = before.schema.tables.iter().find(|b| b.name == t.name).map(|b| b.uniques.clone()).unwrap_or_default();
            for u in std::mem::take(&mut t.uniques) {
                if was.contains(&u) {
                    t.uniques.push(u);
                    continue;
                }
                let parts = u.columns.iter().map(|c| IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
                t.indexes.push(Index { unique: true, parts, method: Some("btree".into()), ..Default::default() });
            }
        }
    }
    let want = canon(&want, &none());
    let got = canon(&after.schema, &none());
    if want != got {
        return Err(format!("model differs: {}\n{}", first_difference(&want, &got).unwrap_or_default(), line_diff(text, &new)));
    }
    let mut after_asked = after.schema.clone();
    if kind == InputKind::Drizzle {
        // drizzle-kit writes ON DELETE on every foreign key: none asked is NO ACTION written
        if let SchemaEdit::SetRelationshipActions { on_delete: None, .. } = edit {
            for f in after_asked.tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
                f.on_delete_explicit = false;
            }
        }
    }
    asked(d, edit, &before.schema, &after_asked).map_err(|e| format!("not done: {e}\n{}", line_diff(text, &new)))?;
    let els = if kind == InputKind::Drizzle { ts_elements(text) } else { dbml_elements(text) };
    let mut touched = std::collections::BTreeSet::new();
    for x in &fix.edits {
        match els.iter().position(|&(a, b)| a <= x.start && x.end <= b) {
            Some(i) => {
                touched.insert(i);
            }
            None if x.start == x.end && !els.iter().any(|&(a, b)| a < x.start && x.start < b.saturating_sub(1)) => {}
            // a Drizzle statement deleted with the blank line beside it: whole statements and
            // blank text between them
            None if kind == InputKind::Drizzle && x.replacement.is_empty() && covers_whole(text, &els, x.start, x.end).is_some() => {
                touched.extend(covers_whole(text, &els, x.start, x.end).unwrap_or_default());
            }
            None => return Err(format!("edit {}..{} {:?} is outside every element", x.start, x.end, x.replacement)),
        }
    }
    let old = before.diagnostics.iter().filter(|x| x.severity >= Severity::Warning).count();
    let warnings: Vec<_> = after.diagnostics.iter().filter(|x| x.severity >= Severity::Warning).collect();
    if warnings.len() > old {
        return Err(format!("new warnings: {warnings:?}\n{}", line_diff(text, &new)));
    }
    Ok((new, touched.len()))
}
