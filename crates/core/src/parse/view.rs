//! Views: `CREATE [OR REPLACE] [TEMP] [RECURSIVE] [MATERIALIZED] VIEW [IF NOT EXISTS] name [(cols)]
//! [WITH (...)] AS query [WITH [NO] DATA | WITH [CASCADED|LOCAL] CHECK OPTION]` (MySQL's
//! `ALGORITHM=`, `DEFINER=`, `SQL SECURITY` prefixes included) and `DROP [MATERIALIZED] VIEW`.
//!
//! Contract: read by hand from the tokens, the same way in every dialect (view bodies use
//! functions and operators sqlparser does not always read). The tables a query reads are the
//! names after `FROM`, `JOIN` and the commas of a FROM list, at the levels of the query and its
//! subqueries (not inside function calls: `extract(year FROM d)`), minus CTE names and table
//! functions. Columns are known when the statement lists them or every top-level select item is a
//! column reference or has an alias; otherwise `None`. Never panics.

use super::lex::{skip_words, Tok, Token};
use super::lower::{Builder, Ctx};
use super::naming;
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::model::{QualifiedName, View};
use crate::span::Span;

/// Words that end a FROM list at their level.
const FROM_END: [&str; 15] =
    ["WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "QUALIFY", "FOR", "RETURNING", "INTO"];
/// Words that cannot be a table name right after FROM / JOIN / a comma.
const NOT_A_TABLE: [&str; 6] = ["LATERAL", "ONLY", "SELECT", "VALUES", "WITH", "TABLE"];

fn name_part(d: Dialect, t: &Token) -> Option<String> {
    match &t.tok {
        Tok::Word(w) => Some(naming::fold(d, w, false)),
        Tok::Quoted(q) => Some(naming::fold(d, q, true)),
        _ => None,
    }
}

/// A dotted name at `i`: its parts and the index after it.
fn dotted(d: Dialect, toks: &[Token], mut i: usize) -> Option<(Vec<String>, usize)> {
    let mut parts = vec![name_part(d, toks.get(i)?)?];
    i += 1;
    while toks.get(i).is_some_and(|t| t.is_punct('.')) {
        match toks.get(i + 1).and_then(|t| name_part(d, t)) {
            Some(p) => parts.push(p),
            None => break,
        }
        i += 2;
    }
    Some((parts, i))
}

fn qname(parts: &[String]) -> QualifiedName {
    let n = parts.len();
    QualifiedName::new(if n >= 2 { Some(parts[n - 2].clone()) } else { None }, parts[n - 1].clone())
}

/// Names defined by `WITH name [(cols)] AS (...)` anywhere in the query.
fn cte_names(d: Dialect, toks: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let prev_ok = i > 0 && (toks[i - 1].is("WITH") || toks[i - 1].is("RECURSIVE") || toks[i - 1].is_punct(','));
        if !prev_ok {
            continue;
        }
        let Some(name) = name_part(d, &toks[i]) else { continue };
        let mut j = i + 1;
        if toks.get(j).is_some_and(|t| t.is_punct('(')) {
            j = match super::matching_paren(toks, j) {
                Some(c) => c + 1,
                None => continue,
            };
        }
        if toks.get(j).is_some_and(|t| t.is("AS")) {
            out.push(name);
        }
    }
    out
}

#[derive(Clone, Copy)]
struct Level {
    query: bool,
    in_from: bool,
    expect_table: bool,
}

/// Words that cannot be a table alias (they follow a table name in a FROM list).
const NOT_AN_ALIAS: [&str; 15] = ["JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "NATURAL", "ON", "USING", "STRAIGHT_JOIN", "TABLESAMPLE", "WITH", "AS", "USE"];

/// What a query reads: tables and views in first-use order without duplicates, and the aliases
/// its FROM lists give them.
#[derive(Default)]
pub(super) struct Reads {
    pub tables: Vec<QualifiedName>,
    pub aliases: Vec<(String, QualifiedName)>,
}

/// Tables and views a query reads, in first-use order, without duplicates.
#[cfg(test)]
pub(super) fn query_reads(d: Dialect, toks: &[Token]) -> Vec<QualifiedName> {
    scan_reads(d, toks).tables
}

fn alias_at(d: Dialect, toks: &[Token], j: usize) -> Option<String> {
    let t = toks.get(j)?;
    if t.is("AS") {
        return name_part(d, toks.get(j + 1)?);
    }
    let keyword = FROM_END.iter().chain(NOT_AN_ALIAS.iter()).any(|k| t.is(k));
    if keyword { None } else { name_part(d, t) }
}

pub(super) fn scan_reads(d: Dialect, toks: &[Token]) -> Reads {
    let ctes = cte_names(d, toks);
    let mut out: Vec<QualifiedName> = Vec::new();
    let mut aliases: Vec<(String, QualifiedName)> = Vec::new();
    let mut stack = vec![Level { query: true, in_from: false, expect_table: false }];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let top = stack.len() - 1;
        if t.is_punct('(') {
            let next_query = toks.get(i + 1).is_some_and(|n| n.is("SELECT") || n.is("WITH") || n.is("VALUES") || n.is("TABLE"));
            let cur = stack[top];
            let level = if next_query {
                Level { query: true, in_from: false, expect_table: false }
            } else if cur.in_from && cur.expect_table {
                // `FROM (a JOIN b ON ...)`: a join group.
                Level { query: true, in_from: true, expect_table: true }
            } else {
                Level { query: false, in_from: false, expect_table: false }
            };
            stack[top].expect_table = false;
            stack.push(level);
            i += 1;
            continue;
        }
        if t.is_punct(')') {
            if stack.len() > 1 {
                stack.pop();
            }
            i += 1;
            continue;
        }
        let lv = &mut stack[top];
        if t.is_punct(',') {
            if lv.in_from {
                lv.expect_table = true;
            }
            i += 1;
            continue;
        }
        if t.is("FROM") && lv.query {
            lv.in_from = true;
            lv.expect_table = true;
        } else if (t.is("JOIN") || t.is("STRAIGHT_JOIN")) && lv.in_from {
            lv.expect_table = true;
        } else if FROM_END.iter().any(|k| t.is(k)) {
            lv.in_from = false;
            lv.expect_table = false;
        } else if t.is("ON") || t.is("USING") {
            lv.expect_table = false;
        } else if lv.expect_table && NOT_A_TABLE.iter().any(|k| t.is(k)) {
            // `FROM LATERAL (...)`, `FROM ONLY t`: the table slot is still open.
        } else if lv.expect_table {
            lv.expect_table = false;
            if let Some((parts, j)) = dotted(d, toks, i) {
                let call = toks.get(j).is_some_and(|n| n.is_punct('('));
                let q = qname(&parts);
                let cte = parts.len() == 1 && ctes.iter().any(|c| c.eq_ignore_ascii_case(&q.name));
                let dual = d == Dialect::Mysql && parts.len() == 1 && q.name.eq_ignore_ascii_case("dual");
                if !call && !cte && !dual {
                    if let Some(a) = alias_at(d, toks, j) {
                        aliases.push((a, q.clone()));
                    }
                    if !out.contains(&q) {
                        out.push(q);
                    }
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    Reads { tables: out, aliases }
}

/// Words after which a trailing word is not an alias (`x IS NULL`, `CASE ... END`).
const NOT_ALIAS: [&str; 9] = ["NULL", "END", "TRUE", "FALSE", "DISTINCT", "ALL", "AND", "OR", "NOT"];

/// A select item's name and, when it is a plain column (`t.c`, `c`, `t.c AS x`), its (qualifier,
/// column).
type Item = (String, Option<(Option<String>, String)>);

/// Column names from the top-level select list (None when one is not knowable).
#[cfg(test)]
pub(super) fn select_columns(d: Dialect, toks: &[Token]) -> Option<Vec<String>> {
    select_items(d, toks)?.into_iter().map(|i| i.map(|i| i.0)).collect()
}

/// The top-level select list's items (`None` for one whose name the engine chooses; `None` for the
/// list when it cannot be read or holds a `*`).
fn select_items(d: Dialect, toks: &[Token]) -> Option<Vec<Option<Item>>> {
    // Skip a leading WITH clause: the first top-level SELECT.
    let mut depth = 0;
    let mut sel = None;
    for (i, t) in toks.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
        } else if depth == 0 && t.is("SELECT") {
            sel = Some(i);
            break;
        }
    }
    let mut i = sel? + 1;
    while toks.get(i).is_some_and(|t| t.is("DISTINCT") || t.is("ALL") || t.is("STRAIGHT_JOIN") || t.is("SQL_CALC_FOUND_ROWS")) {
        i += 1;
        if toks.get(i - 1).is_some_and(|t| t.is("DISTINCT")) && toks.get(i).is_some_and(|t| t.is("ON")) {
            i = super::matching_paren(toks, i + 1)? + 1;
        }
    }
    let mut items: Vec<&[Token]> = Vec::new();
    let (mut depth, mut s) = (0, i);
    let mut end = toks.len();
    for (j, t) in toks.iter().enumerate().skip(i) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
        } else if depth == 0 && t.is_punct(',') {
            items.push(&toks[s..j]);
            s = j + 1;
        } else if depth == 0 && (t.is("FROM") || FROM_END.iter().any(|k| t.is(k))) {
            end = j;
            break;
        }
    }
    items.push(&toks[s..end]);
    if items.iter().any(|it| it.last().is_some_and(|t| t.is_punct('*'))) {
        return None;
    }
    Some(items.iter().map(|it| item_name(d, it)).collect())
}

fn item_name(d: Dialect, it: &[Token]) -> Option<Item> {
    let n = it.len();
    if n == 0 || it.iter().any(|t| t.is_punct('*')) && it.last().is_some_and(|t| t.is_punct('*')) {
        return None;
    }
    // `col`, `t.col`, `s.t.col`, each optionally `[AS] alias`
    let plain = dotted(d, it, 0).filter(|_| !NOT_ALIAS.iter().any(|k| it[0].is(k))).map(|(parts, j)| {
        let col = parts[parts.len() - 1].clone();
        let qual = (parts.len() >= 2).then(|| parts[parts.len() - 2].clone());
        ((qual, col), j)
    });
    if let Some((src, j)) = &plain {
        if *j == n {
            return Some((src.1.clone(), Some(src.clone())));
        }
    }
    let last = &it[n - 1];
    let alias = name_part(d, last)?;
    let prev = it.get(n.wrapping_sub(2))?;
    let source = plain.filter(|(_, j)| *j + 1 == n || (*j + 2 == n && prev.is("AS"))).map(|(src, _)| src);
    if prev.is("AS") {
        return Some((alias, source));
    }
    let operand = matches!(prev.tok, Tok::Word(_) | Tok::Quoted(_) | Tok::Str(_) | Tok::Num(_)) || prev.is_punct(')');
    let keyword = matches!(last.tok, Tok::Word(_)) && NOT_ALIAS.iter().any(|k| last.is(k));
    let cast = n >= 3 && it[n - 2].is_punct(':');
    (operand && !keyword && !cast && !prev.is_punct('.')).then_some((alias, source))
}

/// `CREATE ... VIEW`: adds (or replaces) the view in the model.
pub(super) fn create_view(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) {
    let d = b.dialect;
    let Some(kw) = toks.iter().position(|t| t.is("VIEW")) else { return };
    let materialized = toks[..kw].iter().any(|t| t.is("MATERIALIZED"));
    let or_replace = toks[..kw].iter().any(|t| t.is("REPLACE"));
    let temp = toks[..kw].iter().any(|t| t.is("TEMP") || t.is("TEMPORARY"));
    let recursive = toks[..kw].iter().any(|t| t.is("RECURSIVE"));
    let mut i = kw + 1;
    i = skip_words(toks, i, &["IF", "NOT", "EXISTS"]);
    let if_not_exists = i > kw + 1;
    let Some((parts, mut i)) = dotted(d, toks, i) else {
        b.diag(ctx, Severity::Warning, "could not read the view name".into());
        return;
    };
    let mut q = b.creation_schema(qname(&parts));
    if temp && d == Dialect::Sqlite && q.schema.is_none() {
        q.schema = Some("temp".into());
    }
    let mut listed: Option<Vec<String>> = None;
    if toks.get(i).is_some_and(|t| t.is_punct('(')) {
        let close = super::matching_paren(toks, i).unwrap_or(toks.len() - 1);
        listed = Some(toks[i + 1..close].iter().filter_map(|t| name_part(d, t)).collect());
        i = close + 1;
    }
    // PostgreSQL `WITH (security_barrier)`, `USING heap`, `TABLESPACE x` before AS.
    while let Some(t) = toks.get(i) {
        if t.is("AS") {
            break;
        }
        i = if t.is_punct('(') { super::matching_paren(toks, i).map_or(toks.len(), |c| c + 1) } else { i + 1 };
    }
    let Some(as_kw) = toks.get(i).filter(|t| t.is("AS")).map(|_| i) else {
        b.diag(ctx, Severity::Warning, format!("CREATE VIEW {q}: expected AS and a query"));
        return;
    };
    let body = &toks[as_kw + 1..];
    let body = &body[..trailing_options(body)];
    let (Some(first), Some(last)) = (body.first(), body.last()) else {
        b.diag(ctx, Severity::Warning, format!("CREATE VIEW {q}: the query is missing"));
        return;
    };
    let definition = stmt.get(first.start..last.end).unwrap_or("").to_string();
    let items = select_items(d, body);
    let reads = scan_reads(d, body);
    let sources = items.as_ref().map(|its| its.iter().map(|it| it.as_ref().and_then(|(_, src)| src.as_ref()).and_then(|(q, c)| column_source(b, &reads, q.as_deref(), c))).collect::<Vec<_>>());
    let listed = listed.filter(|l| !l.is_empty());
    let column_sources = match (&listed, sources) {
        (Some(l), Some(s)) if s.len() == l.len() => s,
        (Some(l), _) => vec![None; l.len()],
        (None, s) => s.unwrap_or_default(),
    };
    let columns = listed
        .or_else(|| items.and_then(|its| its.into_iter().map(|i| i.map(|i| i.0)).collect()))
        .or_else(|| if d == Dialect::Sqlite { shell_columns(stmt, &q.name) } else { None });
    let column_sources = match &columns {
        Some(c) if column_sources.len() != c.len() => vec![None; c.len()],
        Some(_) => column_sources,
        None => Vec::new(),
    };
    let view = View {
        schema: q.schema.clone(),
        name: q.name.clone(),
        materialized,
        definition,
        definition_span: Span::new(ctx.start + first.start, ctx.start + last.end),
        reads: reads.tables,
        columns,
        column_sources,
        search_path: b.schema.search_path.clone(),
        span: ctx.span(),
    };
    // PostgreSQL and MySQL resolve the names when the view is created: a new view cannot read itself
    // (pg_dump writes such a view, made by CREATE OR REPLACE over an older one, and cannot restore it).
    let reads_itself = view.reads.iter().any(|r| r.name == q.name && b.schema.schema_matches(r.schema.as_deref(), q.schema.as_deref()));
    if reads_itself && !recursive && d != Dialect::Sqlite && b.schema.view_index(&q).is_none() {
        b.diag(ctx, Severity::Warning, format!("view {q} reads itself; the engine rejects it (relation {q} does not exist yet); the view is left out"));
        return;
    }
    match b.schema.view_index(&q) {
        Some(vi) if if_not_exists => {
            let _ = vi;
            b.diag(ctx, Severity::Info, format!("ignored: CREATE VIEW IF NOT EXISTS {q}: the view already exists"));
        }
        Some(vi) => {
            if !or_replace {
                b.diag(ctx, Severity::Warning, format!("view {q} is defined twice; the later definition replaces the earlier"));
            }
            b.schema.views[vi] = view;
        }
        None => b.schema.views.push(view),
    }
}

/// sqlite3's `.schema` writes a view's columns after it as `/* name(a,b,"c d") */`.
fn shell_columns(stmt: &str, name: &str) -> Option<Vec<String>> {
    let body = stmt.trim_end().strip_suffix("*/")?;
    let open = body.rfind("/*")?;
    let inner = body[open + 2..].trim();
    let rest = inner.strip_prefix(name).or_else(|| inner.strip_prefix(&format!("\"{name}\"")))?;
    let list = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let cols: Vec<String> = list.split(',').map(|c| c.trim().trim_matches('"').replace("\"\"", "\"")).collect();
    (!cols.iter().any(String::is_empty)).then_some(cols)
}

/// The table column a select item `qualifier.column` is: the qualifier is an alias or the name of a
/// table (or view) read; without one, the only read table that has the column.
fn column_source(b: &Builder, reads: &Reads, qualifier: Option<&str>, col: &str) -> Option<(QualifiedName, String)> {
    let cands: Vec<&QualifiedName> = match qualifier {
        Some(q) => reads.aliases.iter().filter(|(a, _)| a == q).map(|(_, t)| t).chain(reads.tables.iter().filter(|t| t.name == q)).take(1).collect(),
        None => reads.tables.iter().collect(),
    };
    let found: Vec<(QualifiedName, String)> = cands
        .into_iter()
        .filter_map(|t| match b.schema.table(t) {
            Some(tab) => tab.column(col).map(|c| (tab.qualified_name(), c.name.clone())),
            // a view over a view: where that view's column comes from
            None => b.schema.view_index(t).and_then(|vi| {
                let v = &b.schema.views[vi];
                let i = v.columns.as_ref()?.iter().position(|c| c == col)?;
                v.column_sources.get(i).cloned().flatten()
            }),
        })
        .collect();
    (found.len() == 1).then(|| found[0].clone())
}

/// Tokens of `body` before a trailing `WITH [NO] DATA` / `WITH [CASCADED|LOCAL] CHECK OPTION`.
fn trailing_options(body: &[Token]) -> usize {
    let n = body.len();
    for k in (0..n).rev().take(5) {
        if body[k].is("WITH") {
            let rest = &body[k + 1..];
            let opt = rest.first().is_some_and(|t| t.is("DATA") || t.is("NO") || t.is("CHECK") || t.is("CASCADED") || t.is("LOCAL"));
            if opt {
                return k;
            }
        }
    }
    n
}

/// `ALTER TABLE [IF EXISTS] [ONLY] v ...` where `v` is a view (pg_dump sets view column defaults
/// that way) and no table of that name exists.
pub(super) fn alters_a_view(b: &Builder, toks: &[Token]) -> bool {
    if !(toks.first().is_some_and(|t| t.is("ALTER")) && toks.get(1).is_some_and(|t| t.is("TABLE"))) {
        return false;
    }
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS", "ONLY"]);
    let Some((parts, _)) = dotted(b.dialect, toks, i) else { return false };
    let q = qname(&parts);
    b.schema.table_index(&q).is_none() && b.schema.view_index(&q).is_some()
}

/// `DROP [MATERIALIZED] VIEW [IF EXISTS] a [, b] [CASCADE | RESTRICT]`.
pub(super) fn drop_view(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let d = b.dialect;
    let Some(kw) = toks.iter().position(|t| t.is("VIEW")) else { return };
    let mut i = kw + 1;
    i = skip_words(toks, i, &["IF", "EXISTS"]);
    let if_exists = i > kw + 1;
    while let Some((parts, j)) = dotted(d, toks, i) {
        let q = qname(&parts);
        match b.schema.view_index(&q) {
            Some(vi) => {
                b.schema.views.remove(vi);
            }
            None if !if_exists => b.diag(ctx, Severity::Info, format!("ignored: DROP VIEW {q}: not defined (earlier in the script)")),
            None => {}
        }
        if !toks.get(j).is_some_and(|t| t.is_punct(',')) {
            break;
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lex::lex;

    fn reads(sql: &str, d: Dialect) -> Vec<String> {
        query_reads(d, &lex(sql, d, 1 << 16)).iter().map(|q| q.to_string()).collect()
    }

    fn cols(sql: &str, d: Dialect) -> Option<Vec<String>> {
        select_columns(d, &lex(sql, d, 1 << 16))
    }

    #[test]
    fn tables_read() {
        let pg = Dialect::Postgres;
        assert_eq!(reads("SELECT a.id, extract(year FROM a.d) FROM public.a JOIN b ON b.id = a.b_id, c WHERE a.x IN (SELECT x FROM d)", pg), ["public.a", "b", "c", "d"]);
        assert_eq!(reads("WITH t AS (SELECT * FROM e) SELECT * FROM t LEFT JOIN LATERAL (SELECT 1 FROM f) s ON true", pg), ["e", "f"]);
        assert_eq!(reads("SELECT * FROM generate_series(1, 3) g, ONLY \"Big\" JOIN (x CROSS JOIN y) ON true", pg), ["Big", "x", "y"]);
        assert_eq!(reads("select `a`.`id` AS `id` from (`a` join `b` on(`a`.`id` = `b`.`id`)) union select 1 from dual", Dialect::Mysql), ["a", "b"]);
        assert_eq!(reads("SELECT substring(s FROM 2) FROM t GROUP BY 1 ORDER BY 1", pg), ["t"]);
    }

    #[test]
    fn column_sources_through_aliases_and_views() {
        let p = crate::parse::parse(
            "CREATE TABLE m (id int, logdate date, peak int);\nCREATE TABLE c (id int, name text);\n\
             CREATE VIEW v AS SELECT x.id, x.logdate AS day, peak, name, x.peak + 1 AS up FROM m AS x JOIN c ON c.id = x.id;\n\
             CREATE VIEW w (a, b) AS SELECT day, up FROM v;",
            Dialect::Postgres,
        );
        let src = |vi: usize| -> Vec<Option<String>> { p.schema.views[vi].column_sources.iter().map(|s| s.as_ref().map(|(t, c)| format!("{t}.{c}"))).collect() };
        assert_eq!(src(0), [Some("m.id".into()), Some("m.logdate".into()), Some("m.peak".into()), Some("c.name".into()), None]);
        assert_eq!(src(1), [Some("m.logdate".into()), None], "a view over a view follows the other view's columns");
        assert_eq!(p.schema.views[1].columns.as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
    }

    #[test]
    fn sqlite_shell_column_comment() {
        let p = crate::parse::parse("CREATE TABLE a(id, s);\nCREATE VIEW v AS SELECT * FROM a\n/* v(id,s) */;\nCREATE VIEW w AS SELECT * FROM a;", Dialect::Sqlite);
        assert_eq!(p.schema.views[0].columns.as_deref(), Some(&["id".to_string(), "s".to_string()][..]));
        assert_eq!(p.schema.views[1].columns, None);
    }

    #[test]
    fn columns_when_knowable() {
        let pg = Dialect::Postgres;
        assert_eq!(cols("SELECT a.id, b.Name AS \"Label\", count(*) n, x::text AS y FROM a", pg), Some(vec!["id".into(), "Label".into(), "n".into(), "y".into()]));
        assert_eq!(cols("SELECT * FROM a", pg), None);
        assert_eq!(cols("SELECT a.*, 1 AS one FROM a", pg), None);
        assert_eq!(cols("SELECT count(*) FROM a", pg), None, "the engine names it");
        assert_eq!(cols("SELECT x::text FROM a", pg), None);
        assert_eq!(cols("SELECT CASE WHEN a THEN 1 END FROM t", pg), None);
        assert_eq!(cols("WITH q AS (SELECT 1 AS z) SELECT DISTINCT ON (z) z, 2 AS two FROM q", pg), Some(vec!["z".into(), "two".into()]));
        assert_eq!(cols("select `a`.`id` AS `id`,`a`.`s` AS `text_value` from `a`", Dialect::Mysql), Some(vec!["id".into(), "text_value".into()]));
    }
}
