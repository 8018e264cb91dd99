//! CREATE TABLE and ALTER TABLE that sqlparser rejects: retried without the clauses it does not
//! read, then element by element, so one odd clause loses a column, not the table.

use super::*;
use super::lex::skip_words;

/// CREATE TABLE that sqlparser rejected: retry without what follows the column list, then
/// element by element.
pub(super) fn create_table_fallback(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) -> bool {
    let Some(open) = toks.iter().position(|t| t.is_punct('(')) else { return false };
    let Some(close) = matching_paren(toks, open) else { return false };
    let head = &stmt[..toks[open].start];
    let body = &stmt[toks[open].start..toks[close].end];
    let tail_toks = &toks[close + 1..];
    let sqlite_flags: Vec<&str> = tail_toks
        .iter()
        .filter_map(|t| if t.is("ROWID") { Some("WITHOUT ROWID") } else if t.is("STRICT") { Some("STRICT") } else { None })
        .collect();
    let mut retry = format!("{head}{body}");
    if b.dialect == Dialect::Sqlite && !sqlite_flags.is_empty() {
        retry.push(' ');
        retry.push_str(&sqlite_flags.join(", "));
    }
    if let Ok(stmts) = lower::parse_sql(b.dialect, &retry) {
        let dropped = stmt[toks[close].end..].trim();
        apply_all(b, &stmts, ctx);
        if !dropped.is_empty() && b.dialect != Dialect::Sqlite {
            b.diag(ctx, Severity::Info, format!("table options not understood and skipped: {}", first_line(dropped, 60)));
        }
        return true;
    }
    // Element by element: split the column list at top-level commas.
    let mut elems: Vec<(usize, usize)> = Vec::new();
    // Commas with nothing before them (`(id int,,` or `(id int,)`): said at the comma.
    let mut empty: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut s = open + 1;
    for (i, t) in toks.iter().enumerate().take(close + 1).skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
            if depth == 0 && s < i {
                elems.push((toks[s].start, toks[i - 1].end));
            } else if depth == 0 && i > open + 1 && empty.last() != Some(&toks[i - 1].start) {
                empty.push(toks[i - 1].start);
            }
        } else if t.is_punct(',') && depth == 1 {
            if s < i {
                elems.push((toks[s].start, toks[i - 1].end));
            } else {
                empty.push(t.start);
            }
            s = i + 1;
        }
    }
    let mut good: Vec<String> = Vec::new();
    let mut bad: Vec<(usize, String)> = Vec::new();
    let mut virtual_cols: Vec<String> = Vec::new();
    for (es, ee) in &elems {
        let e = &stmt[*es..*ee];
        let probe = format!("{head}({e})");
        match lower::parse_sql(b.dialect, &probe) {
            Ok(_) => good.push(e.to_string()),
            Err(err) => match patch_element(e, b.dialect).filter(|p| lower::parse_sql(b.dialect, &format!("{head}({})", p.join(", "))).is_ok()) {
                Some(p) => {
                    if e.to_ascii_uppercase().contains("VIRTUAL") {
                        virtual_cols.push(e.split_whitespace().next().unwrap_or("").trim_matches(|c| c == '"' || c == '`').to_string());
                    }
                    good.extend(p)
                }
                None => bad.push((*es, format!("{}: {}", first_line(e, 50), split_parser_error(&err).0))),
            },
        }
    }
    if good.is_empty() {
        return false;
    }
    let rebuilt = format!("{head}({})", good.join(", "));
    let Ok(stmts) = lower::parse_sql(b.dialect, &rebuilt) else { return false };
    apply_all(b, &stmts, ctx);
    if b.dialect == Dialect::Sqlite {
        if let Some(t) = b.schema.tables.iter_mut().rev().find(|t| t.span.start == ctx.start) {
            for c in &mut t.columns {
                let sp = &c.data_type.spelling;
                if sp.len() > 2 && sp.starts_with('"') && sp.ends_with('"') {
                    let plain = sp[1..sp.len() - 1].to_lowercase();
                    c.data_type.spelling = plain;
                }
            }
        }
    }
    if !virtual_cols.is_empty() {
        if let Some(t) = b.schema.tables.iter_mut().rev().find(|t| t.span.start == ctx.start) {
            for c in &mut t.columns {
                if virtual_cols.iter().any(|v| v.eq_ignore_ascii_case(&c.name)) {
                    if let Some(g) = &mut c.generated {
                        g.stored = false;
                    }
                }
            }
        }
    }
    let empty = empty.into_iter().map(|off| (off, None));
    let mut problems: Vec<(usize, Option<String>)> = bad.into_iter().map(|(off, msg)| (off, Some(msg))).chain(empty).collect();
    crate::sort::by_key(&mut problems, |p| p.0);
    for (off, msg) in problems {
        let (line, column) = b.lines.line_col(ctx.start + off);
        let c2 = Ctx { start: ctx.start + off, end: ctx.end, line, column };
        let message = match msg {
            Some(msg) => format!("table element skipped, could not parse: {msg}"),
            None => "empty table element: a comma with no column or constraint before it".to_string(),
        };
        b.diag(&c2, Severity::Warning, message);
    }
    true
}

/// Rewrites a column/constraint element sqlparser rejects into one it reads with the same
/// meaning for the model: MySQL's legacy `BINARY` attribute, PostgreSQL 18 `VIRTUAL` generated
/// columns (read as STORED, then flagged virtual).
pub(super) fn patch_element(e: &str, dialect: Dialect) -> Option<Vec<String>> {
    let toks = lex(e, dialect, 1 << 16);
    // SQLite accepts table constraints with no comma between them.
    const CONSTRAINT_START: [&str; 5] = ["CONSTRAINT", "CHECK", "FOREIGN", "UNIQUE", "PRIMARY"];
    if dialect == Dialect::Sqlite && toks.first().is_some_and(|t| CONSTRAINT_START.iter().any(|k| t.is(k))) {
        let mut depth = 0;
        let mut cuts = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth -= 1;
            } else if i > 0 && depth == 0 && CONSTRAINT_START.iter().any(|k| t.is(k)) && !toks[i - 1].is("CONSTRAINT") {
                // `CONSTRAINT name CHECK`: the CHECK belongs to the name before it.
                if !(i >= 2 && toks[i - 2].is("CONSTRAINT")) {
                    cuts.push(t.start);
                }
            }
        }
        if !cuts.is_empty() {
            let mut out = Vec::new();
            let mut last = 0;
            for c in cuts {
                out.push(e[last..c].trim().to_string());
                last = c;
            }
            out.push(e[last..].trim().to_string());
            return Some(out);
        }
    }
    let mut out = e.to_string();
    let mut changed = false;
    // SQLite takes any run of words as a type name (`BIGINT AUTO_INCREMENT`, `BLOB SUB_TYPE TEXT`):
    // quote the run so it reads as one (user-defined) type; the quotes are removed after lowering.
    if dialect == Dialect::Sqlite && toks.len() >= 3 && matches!(toks[0].tok, Tok::Word(_) | Tok::Quoted(_)) {
        const STOP: [&str; 11] = ["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"];
        let mut j = 1;
        while j < toks.len() && matches!(&toks[j].tok, Tok::Word(_)) && !STOP.iter().any(|k| toks[j].is(k)) {
            j += 1;
        }
        if j > 2 {
            let words: Vec<String> = toks[1..j].iter().map(tok_text).collect();
            let mut out = String::new();
            out.push_str(&e[..toks[1].start]);
            out.push('"');
            out.push_str(&words.join(" "));
            out.push('"');
            out.push_str(&e[toks[j - 1].end..]);
            return Some(vec![out]);
        }
    }
    for (i, t) in toks.iter().enumerate().rev() {
        // `PRIMARY KEY USING BTREE (cols)`: the index type before the column list.
        if t.is("USING") && toks.get(i + 1).is_some_and(|n| n.is("BTREE") || n.is("HASH")) && toks.get(i + 2).is_some_and(|n| n.is_punct('(')) {
            out.replace_range(t.start..toks[i + 1].end, "");
            changed = true;
        } else if t.is("BINARY") && dialect == Dialect::Mysql {
            out.replace_range(t.start..t.end, "");
            changed = true;
        } else if t.is("VIRTUAL") {
            out.replace_range(t.start..t.end, "STORED");
            changed = true;
        }
    }
    changed.then(|| vec![out])
}

/// ALTER TABLE forms sqlparser does not read: MySQL `RENAME {INDEX|KEY} a TO b`, `COMMENT [=] '...'`
/// and table options (`ENGINE=`, `AUTO_INCREMENT=`, `CHARSET=`, ...), one per statement.
pub(super) fn alter_table_hand(b: &mut Builder, toks: &[Token], ctx: &Ctx) -> bool {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS", "ONLY"]);
    let Some((table, j)) = read_name(b, toks, i) else { return false };
    let rest = &toks[j..];
    if rest.iter().any(|t| t.is_punct(',')) {
        return false;
    }
    let is = |k: usize, w: &str| rest.get(k).is_some_and(|t| t.is(w));
    if is(0, "RENAME") && (is(1, "INDEX") || is(1, "KEY")) && is(3, "TO") {
        let (Some((old, _)), Some((new, _))) = (read_name(b, rest, 2), read_name(b, rest, 4)) else { return false };
        let Some(t) = b.table_mut(&table) else { return false };
        for ix in t.indexes.iter_mut() {
            if ix.name.as_deref() == Some(old.name.as_str()) {
                ix.name = Some(new.name.clone());
            }
        }
        for u in t.uniques.iter_mut() {
            if u.name.as_deref() == Some(old.name.as_str()) {
                u.name = Some(new.name.clone());
            }
        }
        return true;
    }
    if is(0, "COMMENT") {
        let text = rest.iter().find_map(|t| if let Tok::Str(s) = &t.tok { Some(s.clone()) } else { None });
        let Some(t) = b.table_mut(&table) else { return false };
        t.comment = text;
        return true;
    }
    const OPTIONS: [&str; 8] = ["ENGINE", "AUTO_INCREMENT", "CHARSET", "CHARACTER", "COLLATE", "ROW_FORMAT", "DEFAULT", "CONVERT"];
    if b.dialect == Dialect::Mysql && rest.first().is_some_and(|t| OPTIONS.iter().any(|o| t.is(o))) {
        b.diag(ctx, Severity::Info, "ignored: ALTER TABLE ... table options".into());
        return true;
    }
    false
}

/// ALTER TABLE that sqlparser rejected: apply its comma-separated operations one by one.
pub(super) fn alter_table_fallback(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) -> bool {
    // ALTER TABLE [IF EXISTS] [ONLY] name[.name] op, op, ...
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS", "ONLY"]);
    i += 1;
    while toks.get(i).is_some_and(|t| t.is_punct('.')) {
        i += 2;
    }
    if i >= toks.len() {
        return false;
    }
    let head = &stmt[..toks[i].start];
    let mut ops: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0;
    let mut s = i;
    for (j, t) in toks.iter().enumerate().skip(i) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
        } else if t.is_punct(',') && depth == 0 {
            if s < j {
                ops.push((toks[s].start, toks[j - 1].end));
            }
            s = j + 1;
        }
    }
    if s < toks.len() {
        ops.push((toks[s].start, toks[toks.len() - 1].end));
    }
    if ops.len() < 2 {
        // Single operation: try without a trailing identity sequence-options list.
        return false;
    }
    let mut any = false;
    for (os, oe) in ops {
        let Some(op_text) = stmt.get(os..oe) else { continue };
        let one = format!("{head}{op_text}");
        match lower::parse_sql(b.dialect, &one) {
            Ok(stmts) => {
                any = true;
                apply_all(b, &stmts, ctx);
            }
            Err(e) => {
                let (line, column) = b.lines.line_col(ctx.start + os);
                let c2 = Ctx { start: ctx.start + os, end: ctx.start + oe, line, column };
                b.diag(&c2, Severity::Warning, format!("ALTER TABLE operation skipped, could not parse: {}: {}", first_line(op_text, 50), split_parser_error(&e).0));
            }
        }
    }
    any
}
