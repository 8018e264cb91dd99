//! Statements sqlparser does not read, read from their tokens: triggers, sequences, SQLite virtual
//! tables, DROP INDEX, ALTER TYPE, DROP POLICY, ALTER INDEX, COMMENT ON, ALTER SEQUENCE.

use super::*;
use super::lex::skip_words;

/// Reads a possibly qualified name from tokens at `i`; returns it and the index after it.
pub(super) fn read_name(b: &Builder, toks: &[Token], mut i: usize) -> Option<(QualifiedName, usize)> {
    let mut parts = Vec::new();
    loop {
        let t = toks.get(i)?;
        let part = match &t.tok {
            Tok::Word(w) => lower_fold(b.dialect, w, false),
            Tok::Quoted(q) => lower_fold(b.dialect, q, true),
            _ => return None,
        };
        parts.push(part);
        i += 1;
        if toks.get(i).is_some_and(|t| t.is_punct('.')) {
            i += 1;
        } else {
            break;
        }
    }
    let n = parts.len();
    let name = parts.pop()?;
    let schema = if n >= 2 { parts.pop() } else { None };
    Some((QualifiedName::new(schema, name), i))
}

pub(super) fn lower_fold(d: Dialect, v: &str, quoted: bool) -> String {
    naming::fold(d, v, quoted)
}

/// `CREATE [OR REPLACE] [CONSTRAINT] [DEFINER=..] TRIGGER [IF NOT EXISTS] name {BEFORE|AFTER|INSTEAD OF}
/// event [OR event ...] ON table [FOR EACH ROW] ...` and `DROP TRIGGER [IF EXISTS] name [ON table]`.
pub(super) fn trigger(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("TRIGGER")) else { return };
    let mut i = kw + 1;
    i = skip_words(toks, i, &["IF", "NOT", "EXISTS"]);
    let Some((name, mut i)) = read_name(b, toks, i) else {
        b.diag(ctx, Severity::Warning, "could not read the trigger name".into());
        return;
    };
    if toks[0].is("DROP") {
        let before = b.schema.triggers.len();
        b.schema.triggers.retain(|t| t.name != name.name);
        if before == b.schema.triggers.len() {
            b.diag(ctx, Severity::Info, format!("ignored: DROP TRIGGER {}: not defined", name.name));
        }
        return;
    }
    let timing = match toks.get(i) {
        Some(t) if t.is("BEFORE") => TriggerTiming::Before,
        Some(t) if t.is("AFTER") => TriggerTiming::After,
        Some(t) if t.is("INSTEAD") => {
            i += 1;
            TriggerTiming::InsteadOf
        }
        // SQLite: timing is optional (default BEFORE).
        _ if b.dialect == Dialect::Sqlite => {
            i = i.saturating_sub(1);
            TriggerTiming::Before
        }
        _ => {
            b.diag(ctx, Severity::Warning, format!("could not read trigger {}: expected BEFORE, AFTER or INSTEAD OF", name.name));
            return;
        }
    };
    i += 1;
    let mut events = Vec::new();
    while let Some(t) = toks.get(i) {
        if t.is("ON") {
            break;
        }
        for e in ["INSERT", "UPDATE", "DELETE", "TRUNCATE"] {
            if t.is(e) {
                events.push(e.to_ascii_lowercase());
            }
        }
        i += 1;
    }
    let Some((table, j)) = read_name(b, toks, i + 1) else {
        b.diag(ctx, Severity::Warning, format!("could not read the table of trigger {}", name.name));
        return;
    };
    let for_each_row = toks[j..].windows(3).take(20).any(|w| w[0].is("FOR") && w[1].is("EACH") && w[2].is("ROW"))
        || b.dialect == Dialect::Sqlite;
    match b.table_index(&table) {
        Some(ti) => {
            let tq = b.schema.tables[ti].qualified_name();
            b.schema.tables[ti].triggers.retain(|n| *n != name.name);
            b.schema.tables[ti].triggers.push(name.name.clone());
            b.schema.triggers.retain(|t| !(t.name == name.name && t.table == tq));
            b.schema.triggers.push(Trigger { name: name.name, table: tq, timing, events, for_each_row, span: ctx.span() });
        }
        None if b.schema.view_index(&table).is_some() => b.diag(ctx, Severity::Info, format!("ignored: trigger {} on view {table}", name.name)),
        None => b.diag(ctx, Severity::Warning, format!("trigger {} is on table {table}, which is not defined (earlier in the script)", name.name)),
    }
}

/// `CREATE SEQUENCE [IF NOT EXISTS] name [AS type] [options...] [OWNED BY table.column]`
/// (read by hand: sqlparser insists on an option order pg_dump does not use).
pub(super) fn create_sequence(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("SEQUENCE")) else { return };
    let mut i = kw + 1;
    i = skip_words(toks, i, &["IF", "NOT", "EXISTS"]);
    let Some((seq, _)) = read_name(b, toks, i) else {
        b.diag(ctx, Severity::Warning, "could not read the sequence name".into());
        return;
    };
    let mut owned = None;
    if let Some(p) = toks.windows(2).position(|w| w[0].is("OWNED") && w[1].is("BY")) {
        if let Some((full, _)) = read_name_parts(b, toks, p + 2) {
            if full.len() >= 2 {
                let col = full[full.len() - 1].clone();
                let table = QualifiedName::new(if full.len() >= 3 { Some(full[full.len() - 3].clone()) } else { None }, full[full.len() - 2].clone());
                owned = Some((table, col));
            }
        }
    }
    b.add_sequence(seq, owned, ctx);
}

/// SQLite `CREATE VIRTUAL TABLE [IF NOT EXISTS] name USING module(arg, ...)`: a table whose columns
/// are the arguments that are not `option=value` settings.
pub(super) fn virtual_table(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("TABLE")) else { return };
    let mut i = kw + 1;
    i = skip_words(toks, i, &["IF", "NOT", "EXISTS"]);
    let Some((name, j)) = read_name(b, toks, i) else {
        b.diag(ctx, Severity::Warning, "could not read the virtual table name".into());
        return;
    };
    if !toks.get(j).is_some_and(|t| t.is("USING")) {
        b.diag(ctx, Severity::Warning, format!("CREATE VIRTUAL TABLE {name}: expected USING module"));
        return;
    }
    let module = toks.get(j + 1).map(tok_text).unwrap_or_default().to_ascii_lowercase();
    let mut columns = Vec::new();
    if toks.get(j + 2).is_some_and(|t| t.is_punct('(')) {
        if let Some(close) = matching_paren(toks, j + 2) {
            let mut depth = 0;
            let mut arg: Vec<&Token> = Vec::new();
            for t in &toks[j + 3..=close] {
                let end_arg = depth == 0 && (t.is_punct(',') || t.is_punct(')'));
                if end_arg {
                    let is_option = arg.iter().any(|a| a.is_punct('='));
                    if let (false, Some(first)) = (is_option, arg.first()) {
                        let col = match &first.tok {
                            Tok::Word(w) => Some(w.clone()),
                            Tok::Quoted(q) => Some(q.clone()),
                            _ => None,
                        };
                        if let Some(c) = col {
                            let ty: Vec<String> = arg[1..].iter().map(|t| tok_text(t)).filter(|w| !w.eq_ignore_ascii_case("UNINDEXED")).collect();
                            columns.push(crate::model::Column {
                                name: c,
                                data_type: crate::model::DataType::new(ty.join(" ").to_lowercase(), types::read_name(&ty.join(" "), b.dialect), 0),
                                nullable: true,
                                span: ctx.span(),
                                ..Default::default()
                            });
                        }
                    }
                    arg.clear();
                    continue;
                }
                if t.is_punct('(') {
                    depth += 1;
                } else if t.is_punct(')') {
                    depth -= 1;
                }
                arg.push(t);
            }
        }
    }
    if b.table_index(&name).is_some() {
        b.diag(ctx, Severity::Info, format!("ignored: CREATE VIRTUAL TABLE {name}: the table already exists"));
        return;
    }
    b.schema.tables.push(crate::model::Table {
        schema: name.schema,
        name: name.name,
        columns,
        virtual_module: Some(module),
        span: ctx.span(),
        ..Default::default()
    });
}

/// `DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, name ...] [CASCADE]` and MySQL `DROP INDEX name ON table`.
pub(super) fn drop_index(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["CONCURRENTLY", "IF", "EXISTS"]);
    let mut names = Vec::new();
    while let Some((n, j)) = read_name(b, toks, i) {
        names.push(n);
        if toks.get(j).is_some_and(|t| t.is_punct(',')) {
            i = j + 1;
        } else {
            i = j;
            break;
        }
    }
    let on_table = if toks.get(i).is_some_and(|t| t.is("ON")) { read_name(b, toks, i + 1).map(|x| x.0) } else { None };
    let if_exists = toks.iter().take(5).any(|t| t.is("EXISTS"));
    for n in names {
        let mut found = false;
        let dialect = b.dialect;
        for t in b.schema.tables.iter_mut() {
            if let Some(tab) = &on_table {
                if !t.name.eq_ignore_ascii_case(&tab.name) {
                    continue;
                }
            } else if n.schema.is_some() && dialect == Dialect::Postgres && t.schema.as_deref().unwrap_or("public") != n.schema.as_deref().unwrap_or("public") {
                continue;
            }
            let before = t.indexes.len();
            t.indexes.retain(|ix| ix.name.as_deref() != Some(n.name.as_str()));
            found |= before != t.indexes.len();
            // MySQL: DROP INDEX also drops UNIQUE keys.
            if dialect == Dialect::Mysql && on_table.is_some() {
                let before = t.uniques.len();
                t.uniques.retain(|u| u.name.as_deref() != Some(n.name.as_str()));
                found |= before != t.uniques.len();
            }
        }
        if !found && !if_exists {
            b.diag(ctx, Severity::Warning, format!("DROP INDEX: index {} is not defined (earlier in the script)", n.name));
        }
    }
}

/// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']`, `... RENAME VALUE 'a' TO 'b'`,
/// `... RENAME TO new` on an enum.
pub(super) fn alter_type(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some((name, j)) = read_name(b, toks, 2) else { return };
    let Some(ei) = b.schema.enums.iter().position(|e| e.name == name.name && b.schema.schema_matches(e.schema.as_deref(), name.schema.as_deref())) else {
        b.diag(ctx, Severity::Warning, format!("ALTER TYPE: enum {name} is not defined (earlier in the script)"));
        return;
    };
    let strs: Vec<String> = toks[j..].iter().filter_map(|t| if let Tok::Str(s) = &t.tok { Some(s.clone()) } else { None }).collect();
    let rest = &toks[j..];
    let is = |i: usize, w: &str| rest.get(i).is_some_and(|t| t.is(w));
    let e = &mut b.schema.enums[ei];
    if is(0, "ADD") && is(1, "VALUE") {
        let Some(v) = strs.first().cloned() else { return };
        if e.values.contains(&v) {
            return;
        }
        let anchor = strs.get(1);
        let pos = match (rest.iter().position(|t| t.is("BEFORE")), rest.iter().position(|t| t.is("AFTER")), anchor) {
            (Some(_), _, Some(a)) => e.values.iter().position(|x| x == a),
            (_, Some(_), Some(a)) => e.values.iter().position(|x| x == a).map(|p| p + 1),
            _ => None,
        };
        match pos {
            Some(p) => e.values.insert(p, v),
            None => e.values.push(v),
        }
    } else if is(0, "RENAME") && is(1, "VALUE") {
        if let [from, to, ..] = strs.as_slice() {
            for x in e.values.iter_mut() {
                if x == from {
                    *x = to.clone();
                }
            }
        }
    } else if is(0, "RENAME") && is(1, "TO") {
        if let Some((new, _)) = read_name(b, toks, j + 2) {
            let old = std::mem::replace(&mut b.schema.enums[ei].name, new.name.clone());
            let schema = b.schema.enums[ei].schema.clone();
            rename_type_uses(&mut b.schema, schema.as_deref(), &old, &new.name);
        }
    } else {
        b.diag(ctx, Severity::Info, "ignored: ALTER TYPE (only ADD VALUE / RENAME change the model)".into());
    }
}

/// Columns of type `schema.old` (an enum just renamed) take its new name, as PostgreSQL's
/// columns follow the type they point to.
pub(super) fn rename_type_uses(s: &mut Schema, schema: Option<&str>, old: &str, new: &str) {
    use crate::model::TypeKind;
    let dialect = s.dialect;
    let matches = |q: &QualifiedName| q.name == old && s.schema_matches(q.schema.as_deref(), schema);
    let mut hits = Vec::new();
    for (ti, t) in s.tables.iter().enumerate() {
        for (ci, c) in t.columns.iter().enumerate() {
            if matches!(&c.data_type.kind, TypeKind::Named(q) if matches(q)) {
                hits.push((ti, ci));
            }
        }
    }
    for (ti, ci) in hits {
        let ty = &mut s.tables[ti].columns[ci].data_type;
        if let TypeKind::Named(q) = &mut ty.kind {
            q.name = new.to_string();
            let ident = |n: &str| crate::codegen::sql::ident(dialect, n);
            let name = q.schema.as_deref().map(|s| format!("{}.{}", ident(s), ident(&q.name))).unwrap_or_else(|| ident(&q.name));
            ty.spelling = format!("{name}{}", "[]".repeat(ty.array_dims as usize));
        }
    }
}

/// `DROP POLICY [IF EXISTS] name ON table`.
pub(super) fn drop_policy(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS"]);
    let Some((name, j)) = read_name(b, toks, i) else { return };
    if !toks.get(j).is_some_and(|t| t.is("ON")) {
        return;
    }
    let Some((table, _)) = read_name(b, toks, j + 1) else { return };
    match b.table_mut(&table) {
        Some(t) => t.policies.retain(|p| p.name != name.name),
        None => b.diag(ctx, Severity::Warning, format!("DROP POLICY: table {table} is not defined (earlier in the script)")),
    }
}

/// `ALTER INDEX [IF EXISTS] name RENAME TO new` (renames the constraint an index backs, too).
pub(super) fn alter_index(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS"]);
    let Some((old, j)) = read_name(b, toks, i) else { return };
    if !(toks.get(j).is_some_and(|t| t.is("RENAME")) && toks.get(j + 1).is_some_and(|t| t.is("TO"))) {
        b.diag(ctx, Severity::Info, "ignored: ALTER INDEX (only RENAME TO changes the model)".into());
        return;
    }
    let Some((new, _)) = read_name(b, toks, j + 2) else { return };
    let mut found = false;
    let on = |x: &mut Option<String>, found: &mut bool| {
        if x.as_deref() == Some(old.name.as_str()) {
            *x = Some(new.name.clone());
            *found = true;
        }
    };
    for t in b.schema.tables.iter_mut() {
        for ix in t.indexes.iter_mut() {
            on(&mut ix.name, &mut found);
        }
        for u in t.uniques.iter_mut() {
            on(&mut u.name, &mut found);
        }
        if let Some(pk) = t.primary_key.as_mut() {
            on(&mut pk.name, &mut found);
        }
    }
    if !found {
        b.diag(ctx, Severity::Warning, format!("ALTER INDEX: index {} is not defined (earlier in the script)", old.name));
    }
}

/// `COMMENT ON {TABLE|COLUMN} name IS 'text' | $$text$$ | NULL`.
pub(super) fn comment_on(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let is_column = toks.get(2).is_some_and(|t| t.is("COLUMN"));
    let Some((parts, j)) = read_name_parts(b, toks, 3) else {
        b.diag(ctx, Severity::Warning, format!("could not read the COMMENT ON target{}", template_hint(&toks.iter().map(tok_text).collect::<Vec<_>>().join(" "))));
        return;
    };
    if !toks.get(j).is_some_and(|t| t.is("IS")) {
        b.diag(ctx, Severity::Warning, "COMMENT ON: expected IS after the name".into());
        return;
    }
    // Adjacent string literals concatenate; NULL removes the comment.
    let mut text: Option<String> = None;
    for t in &toks[j + 1..] {
        match &t.tok {
            Tok::Str(s) => text.get_or_insert_with(String::new).push_str(s),
            Tok::Word(w) if w.eq_ignore_ascii_case("NULL") => text = None,
            Tok::Word(w) if w.eq_ignore_ascii_case("E") => {}
            _ => {}
        }
    }
    let n = parts.len();
    let (table, col) = if is_column {
        if n < 2 {
            b.diag(ctx, Severity::Warning, "COMMENT ON COLUMN needs table.column".into());
            return;
        }
        (QualifiedName::new(if n >= 3 { Some(parts[n - 3].clone()) } else { None }, parts[n - 2].clone()), Some(parts[n - 1].clone()))
    } else {
        (QualifiedName::new(if n >= 2 { Some(parts[n - 2].clone()) } else { None }, parts[n - 1].clone()), None)
    };
    let Some(ti) = b.table_index(&table) else {
        if b.schema.view_index(&table).is_some() {
            b.diag(ctx, Severity::Info, format!("ignored: COMMENT ON a column of view {table}"));
        } else {
            b.diag(ctx, Severity::Warning, format!("COMMENT ON: table {table} is not defined (earlier in the script)"));
        }
        return;
    };
    match col {
        None => b.schema.tables[ti].comment = text,
        Some(c) => match b.schema.tables[ti].column_mut(&c) {
            Some(colm) => colm.comment = text,
            None => b.diag(ctx, Severity::Warning, format!("COMMENT ON COLUMN: {table} has no column {c}")),
        },
    }
}

/// `ALTER SEQUENCE name OWNED BY table.column` (pg_dump writes this after the table).
pub(super) fn alter_sequence(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS"]);
    let Some((seq, _)) = read_name(b, toks, i) else { return };
    let Some(p) = toks.windows(2).position(|w| w[0].is("OWNED") && w[1].is("BY")) else { return };
    if toks.get(p + 2).is_some_and(|t| t.is("NONE")) {
        return;
    }
    let Some((full, _)) = read_name_parts(b, toks, p + 2) else { return };
    if full.len() < 2 {
        return;
    }
    let col = full[full.len() - 1].clone();
    let table = QualifiedName::new(if full.len() >= 3 { Some(full[full.len() - 3].clone()) } else { None }, full[full.len() - 2].clone());
    b.add_sequence(seq.clone(), Some((table.clone(), col.clone())), ctx);
    if let Some(ti) = b.table_index(&table) {
        if let Some(c) = b.schema.tables[ti].column_mut(&col) {
            if c.default.as_deref().is_some_and(|d| d.to_ascii_lowercase().starts_with("nextval(")) {
                c.identity = Some(crate::model::Identity::Serial);
            }
            c.sequence = Some(seq);
        }
    }
}

pub(super) fn read_name_parts(b: &Builder, toks: &[Token], mut i: usize) -> Option<(Vec<String>, usize)> {
    let mut parts = Vec::new();
    loop {
        let t = toks.get(i)?;
        parts.push(match &t.tok {
            Tok::Word(w) => lower_fold(b.dialect, w, false),
            Tok::Quoted(q) => lower_fold(b.dialect, q, true),
            _ => return None,
        });
        i += 1;
        if toks.get(i).is_some_and(|t| t.is_punct('.')) {
            i += 1;
        } else {
            return Some((parts, i));
        }
    }
}
