//! DDL text → [`Schema`]. The only module that imports `sqlparser` (in `lower.rs`, and `types.rs`
//! for column types).
//!
//! Contract: [`parse`] never fails the whole script and never panics. The script is split into
//! statements by `split.rs`; each is classified by its leading keywords: statements the model does
//! not need (SET, INSERT, GRANT, CREATE FUNCTION, ...) become an info diagnostic "ignored: ...",
//! DDL the model needs is parsed with the dialect's sqlparser dialect and lowered (`lower.rs`),
//! a few constructs sqlparser does not read are handled by hand (triggers, `ALTER SEQUENCE ...
//! OWNED BY`, `ATTACH PARTITION`), and a CREATE TABLE that sqlparser rejects is retried without
//! its trailing options, then column by column, so one odd clause loses a column, not the table.
//! Anything still not understood is a warning at the statement's line and column.

mod apply;
mod by_hand;
pub mod catalog;
mod classify;
pub mod dbml;
mod detect;
pub mod drizzle;
mod functions;
pub mod input;
mod internal;
pub(crate) mod lex;
mod lower;
pub(crate) mod naming;
pub mod ops;
mod partition;
pub mod prisma;
mod salvage;
mod split;
pub mod types;
mod view;
mod volatility;

pub use apply::{apply, resolve_references, statements, ScriptStatement};
pub use detect::{detect, detect_dialect, Detection};
pub use input::{read, recognize, recognize_file, Imported, InputKind};
pub use lower::{parse_type, read_type};
pub use volatility::expression_volatility;

/// The name PostgreSQL gives an unnamed constraint or index (`makeObjectName`): `<name1>_<name2>_<label>`
/// shortened to fit 63 bytes (`users`, `org_id`, `fkey` → `users_org_id_fkey`).
pub fn pg_default_name(name1: &str, name2: &str, label: &str) -> String {
    naming::pg_name(name1, name2, label)
}

/// A name as PostgreSQL stores it when written quoted: truncated to 63 bytes (NAMEDATALEN - 1) at
/// a character boundary. Other dialects keep it as written.
pub fn clamp_name(name: &str) -> String {
    naming::fold(Dialect::Postgres, name, true)
}

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema, Trigger, TriggerTiming};
use lex::{lex, leading_words, Tok, Token};
use lower::{Builder, Ctx, Outcome};
use by_hand::{alter_index, alter_sequence, alter_type, comment_on, create_sequence, drop_index, drop_policy, read_name, trigger, virtual_table};
use classify::{classify, Class};
use salvage::{alter_table_fallback, alter_table_hand, create_table_fallback};

/// What parsing a script produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub statement_count: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub schema: Schema,
}

fn tok_text(t: &Token) -> String {
    match &t.tok {
        Tok::Word(w) | Tok::Num(w) => w.clone(),
        Tok::Quoted(q) => format!("\"{q}\""),
        Tok::Str(s) => format!("'{s}'"),
        Tok::Punct(c) => c.to_string(),
    }
}

fn first_line(s: &str, max: usize) -> String {
    let l = s.lines().next().unwrap_or("").trim();
    if l.chars().count() > max {
        let cut: String = l.chars().take(max).collect();
        format!("{cut}…")
    } else {
        l.to_string()
    }
}

/// Parses a whole script into the model. Never panics on any text.
pub fn parse(text: &str, dialect: Dialect) -> Parsed {
    let mut job = ParseJob::new(text, dialect);
    job.step(text, &mut || true);
    job.finish()
}

/// What [`ParseJob::run`] does with the next statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Read,
    /// Pass over it (someone else applied it to the schema).
    Skip,
    /// Pause before it.
    Stop,
}

/// [`parse`] in slices, for a caller that must not block (the browser's main thread): `step`
/// reads statements while `more()` says so (asked after each statement), and `finish` resolves
/// the model. The result equals [`parse`]'s. Every call must pass the same `text`.
pub struct ParseJob {
    dialect: Dialect,
    split: split::Split,
    next: usize,
    count: usize,
    schema: Schema,
    use_db: Option<String>,
    diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

impl ParseJob {
    pub fn new(text: &str, dialect: Dialect) -> ParseJob {
        ParseJob { dialect, split: split::split(text, dialect), next: 0, count: 0, schema: Schema::new(dialect), use_db: None, diagnostics: Vec::new() }
    }

    /// Reads statements until `more()` returns false or none is left; returns whether all are read.
    pub fn step(&mut self, text: &str, more: &mut dyn FnMut() -> bool) -> bool {
        let mut first = true;
        self.run(text, &mut |_, _| if std::mem::take(&mut first) || more() { Next::Read } else { Next::Stop })
    }

    /// Reads statements as `before(start, schema)` says, asked before each statement with the
    /// byte offset where it starts and the schema so far: a migration history replays its files
    /// this way, looks at (or hands to the checker) the schema between two files, and skips the
    /// statements the checker has already applied. Returns whether all statements are done.
    pub fn run(&mut self, text: &str, before: &mut dyn FnMut(usize, &mut Schema) -> Next) -> bool {
        let mut b = Builder::new(text, self.dialect);
        b.schema = std::mem::take(&mut self.schema);
        b.diagnostics = std::mem::take(&mut self.diagnostics);
        b.use_db = self.use_db.take();
        let clean = self.split.text.as_str();
        while let Some(raw) = self.split.stmts.get(self.next) {
            match before(raw.start, &mut b.schema) {
                Next::Stop => break,
                Next::Skip => {
                    self.next += 1;
                    continue;
                }
                Next::Read => {}
            }
            self.next += 1;
            let (line, column) = b.lines.line_col(raw.start);
            let ctx = Ctx { start: raw.start, end: raw.end, line, column };
            let stmt = clean.get(raw.start..raw.end).unwrap_or("");
            self.count += 1;
            if raw.kind == split::RawKind::Meta {
                b.diag(&ctx, Severity::Info, format!("ignored: client command {}", first_line(stmt, 40)));
            } else if let Some(what) = raw.unterminated {
                cut_off(&mut b, text, raw, what);
            } else {
                statement(&mut b, stmt, &ctx, raw.copy_data, 0);
            }
        }
        self.schema = b.schema;
        self.diagnostics = b.diagnostics;
        self.use_db = b.use_db;
        self.next >= self.split.stmts.len()
    }

    pub fn finish(mut self) -> Parsed {
        resolve(&mut self.schema);
        Parsed { statement_count: self.count, diagnostics: collapse_repeats(self.diagnostics), schema: self.schema }
    }
}

/// Runs of the same info note on consecutive lines (a dump's thousands of `INSERT INTO t` rows, its
/// block of `SET`s) become one note at the first, saying how many and to which line.
fn collapse_repeats(diags: Vec<crate::diagnostic::Diagnostic>) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out: Vec<crate::diagnostic::Diagnostic> = Vec::with_capacity(diags.len());
    let mut run = 0usize;
    let mut last_line = 0usize;
    let close = |out: &mut Vec<crate::diagnostic::Diagnostic>, run: usize, last_line: usize| {
        if run > 1 {
            if let Some(d) = out.last_mut() {
                d.message.push_str(&format!(" (and {} more like it, to line {last_line})", run - 1));
            }
        }
    };
    for d in diags {
        let repeat = d.severity == Severity::Info && out.last().is_some_and(|p| p.severity == Severity::Info && p.message == d.message);
        if repeat {
            run += 1;
            last_line = d.line;
            continue;
        }
        close(&mut out, run, last_line);
        run = 1;
        last_line = d.line;
        out.push(d);
    }
    close(&mut out, run, last_line);
    out
}

/// The text ends inside a statement (a dump cut off, or a quote never closed): one error at the
/// cut, naming what was left open and where; everything before the statement was read.
fn cut_off(b: &mut Builder, text: &str, raw: &split::RawStmt, what: &str) {
    let mut cut = text.trim_end().len().max(raw.start);
    let end = cut;
    while cut > raw.start && !text.is_char_boundary(cut - 1) {
        cut -= 1;
    }
    let cut = cut.saturating_sub(1).max(raw.start);
    let (line, column) = b.lines.line_col(cut);
    let (stmt_line, _) = b.lines.line_col(raw.start);
    let (open_line, _) = b.lines.line_col(raw.opened_at);
    let msg = if raw.copy_data {
        format!("the text ends inside the data of the COPY at line {stmt_line} (no `\\.` line): it looks cut off here; everything before it was read")
    } else {
        format!("the text ends inside the {what} opened at line {open_line} (cut off here, or never closed): the statement at line {stmt_line} is not read, everything before it is")
    };
    b.diag(&Ctx { start: cut, end: end.max(cut), line, column }, Severity::Error, msg);
}

/// Classifies and applies one statement (`depth` > 0 inside a `DO` block or an `INSERT INTO
/// sqlite_schema`).
fn statement(b: &mut Builder, stmt: &str, ctx: &Ctx, copy_data: bool, depth: u8) {
    let dialect = b.dialect;
    let ctx = *ctx;
    let raw_copy_data = copy_data;
        // The first tokens classify a statement; the whole statement is lexed only when a
        // hand-written reader or a fallback needs it (INSERT data stays cheap).
        let head = lex(stmt, dialect, 48);
        if dialect == Dialect::Postgres {
            note_search_path(b, &head);
        }
        if dialect == Dialect::Postgres && depth == 0 && head.first().is_some_and(|t| t.is("DO")) && do_block(b, stmt, &ctx) {
            return;
        }
        if let Some(note) = internal::internal(b, &head) {
            b.diag(&ctx, Severity::Info, format!("ignored: {note}"));
            return;
        }
        if dialect == Dialect::Sqlite && depth == 0 && internal::inserts_into_sqlite_schema(&head) {
            if let Some(sql) = internal::sqlite_schema_insert(&lex(stmt, dialect, 1 << 20)) {
                internal::apply_sqlite_schema_sql(b, &sql, &ctx);
                return;
            }
        }
        let class = classify(&head);
        let toks = match class {
            Class::Ignore(_) | Class::Unknown(_) | Class::Sql => head,
            _ => lex(stmt, dialect, 1 << 20),
        };
        match class {
            Class::Ignore(what) => {
                let extra = if raw_copy_data { " (and its data)" } else { "" };
                b.diag(&ctx, Severity::Info, format!("ignored: {what}{extra}"));
            }
            Class::Unknown(what) => {
                let hint = template_hint(stmt);
                b.diag(&ctx, Severity::Warning, format!("could not understand statement: {what}{hint}"));
            }
            Class::Trigger => trigger(b, &toks, &ctx),
            Class::AlterSequence => alter_sequence(b, &toks, &ctx),
            Class::CreateSequence => create_sequence(b, &toks, &ctx),
            Class::VirtualTable => virtual_table(b, &toks, &ctx),
            Class::DropIndex => drop_index(b, &toks, &ctx),
            Class::AlterType => alter_type(b, &toks, &ctx),
            Class::DropPolicy => drop_policy(b, &toks, &ctx),
            Class::AlterIndex => alter_index(b, &toks, &ctx),
            Class::View => view::create_view(b, stmt, &toks, &ctx),
            Class::DropView => view::drop_view(b, &toks, &ctx),
            Class::Comment => comment_on(b, &toks, &ctx),
            Class::Function => {
                functions::create_function(b, &toks, &ctx);
                b.diag(&ctx, Severity::Info, "ignored: CREATE FUNCTION".into());
            }
            Class::AttachPartition => partition::attach_partition(b, stmt, &toks, &ctx),
            Class::AlterPartitioning => partition::alter_partitioning(b, stmt, &toks, &ctx),
            Class::Sql if partition::mentions_partition(stmt) => partition::create_table(b, stmt, &toks, &ctx),
            Class::Sql if view::alters_a_view(b, &toks) => b.diag(&ctx, Severity::Info, "ignored: ALTER TABLE on a view (column defaults, owner)".into()),
            Class::Sql => sql_statement(b, stmt, &toks, &ctx),
        }
}

/// `SET search_path = a, b` / `SET search_path TO ...` / `SELECT pg_catalog.set_config('search_path', 'a, b', false)`.
fn note_search_path(b: &mut Builder, toks: &[Token]) {
    let words = leading_words(toks, 3);
    let list: Option<Vec<String>> = if words.first().map(String::as_str) == Some("SET") && toks.iter().take(4).any(|t| t.is("search_path")) {
        let start = toks.iter().position(|t| t.is("search_path")).unwrap_or(0) + 1;
        Some(
            toks[start..]
                .iter()
                .filter_map(|t| match &t.tok {
                    Tok::Word(w) if !w.eq_ignore_ascii_case("TO") => Some(naming::fold(Dialect::Postgres, w, false)),
                    Tok::Quoted(q) => Some(q.clone()),
                    Tok::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
        )
    } else if words.first().map(String::as_str) == Some("SELECT") && toks.iter().take(8).any(|t| t.is("set_config")) {
        let strs: Vec<&str> = toks.iter().filter_map(|t| if let Tok::Str(s) = &t.tok { Some(s.as_str()) } else { None }).collect();
        match strs.as_slice() {
            [name, value, ..] if name.eq_ignore_ascii_case("search_path") => {
                Some(value.split(',').map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| {
                    if s.starts_with('"') { s.trim_matches('"').to_string() } else { s.to_ascii_lowercase() }
                }).collect())
            }
            _ => None,
        }
    } else {
        None
    };
    if let Some(mut l) = list {
        l.retain(|s| s != "pg_catalog" && s != "$user" && !s.eq_ignore_ascii_case("DEFAULT"));
        b.schema.search_path = l;
    }
}

/// `DO $$ BEGIN <DDL>; ... [EXCEPTION WHEN duplicate_object THEN null;] END $$;` — the guard
/// drizzle-kit and hand-written migrations put around ADD CONSTRAINT / CREATE TYPE. When the body
/// is only plain DDL, its statements are applied; otherwise the block is ignored (info).
fn do_block(b: &mut Builder, stmt: &str, ctx: &Ctx) -> bool {
    let toks = lex(stmt, b.dialect, 64);
    let Some(tok) = toks.iter().find(|t| matches!(t.tok, Tok::Str(_))) else { return false };
    let Some(open) = stmt.get(tok.start..).and_then(|r| r[1..].find('$')).map(|p| tok.start + p + 2) else { return false };
    let tag_len = open - tok.start;
    let close = tok.end.saturating_sub(tag_len);
    if close <= open {
        return false;
    }
    let Some(body) = stmt.get(open..close) else { return false };
    let inner = lex(body, b.dialect, 1 << 20);
    if !inner.first().is_some_and(|t| t.is("BEGIN")) {
        return false;
    }
    // Body between BEGIN and EXCEPTION (or the final END).
    let stop = inner.iter().position(|t| t.is("EXCEPTION")).or_else(|| inner.iter().rposition(|t| t.is("END"))).unwrap_or(inner.len());
    if stop <= 1 {
        return false;
    }
    let from = inner[1].start;
    let to = inner[stop - 1].end;
    let Some(ddl) = body.get(from..to) else { return false };
    let sub = split::split(ddl, b.dialect);
    let Some(ranges) = do_block_ddl(&sub, b.dialect).filter(|r| !r.is_empty()) else { return false };
    let base = ctx.start + open + from;
    for (s, e) in ranges {
        let start = base + s;
        let (line, column) = b.lines.line_col(start);
        let c2 = Ctx { start, end: base + e, line, column };
        statement(b, sub.text.get(s..e).unwrap_or(""), &c2, false, 1);
    }
    true
}

/// The DDL statements of a DO block's body (byte ranges in it): plain DDL, and the THEN branch of
/// an IF — migrations guard DDL so (`IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname =
/// …) THEN ALTER TABLE … ADD CONSTRAINT …; END IF;`); ELSIF / ELSE branches and data statements
/// (INSERT, UPDATE, DELETE, SELECT, PERFORM, RAISE, NULL) are passed over. `None` when the body
/// holds anything else (loops, dynamic EXECUTE, assignments): then the block is not read at all.
fn do_block_ddl(sub: &split::Split, dialect: Dialect) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    // Per open IF: whether the branch being read is passed over.
    let mut skip: Vec<bool> = Vec::new();
    for r in &sub.stmts {
        let text = sub.text.get(r.start..r.end).unwrap_or("");
        let toks = lex(text, dialect, 1 << 16);
        let mut i = 0;
        loop {
            let word = |k: usize| toks.get(k).map(|t| tok_text(t).to_ascii_uppercase()).unwrap_or_default();
            match word(i).as_str() {
                "IF" | "ELSIF" | "ELSE" if !(word(i) == "IF" && i > 0 && word(i - 1) == "END") => {
                    let w = word(i);
                    if w == "IF" {
                        skip.push(skip.last().copied().unwrap_or(false));
                    } else {
                        *skip.last_mut()? = true;
                    }
                    if w == "ELSE" {
                        i += 1;
                        continue;
                    }
                    // Past the condition: THEN at parenthesis depth 0.
                    let mut depth = 0i32;
                    let then = (i + 1..toks.len()).find(|&k| {
                        depth += i32::from(toks[k].is_punct('(')) - i32::from(toks[k].is_punct(')'));
                        depth == 0 && toks[k].is("THEN")
                    })?;
                    i = then + 1;
                }
                "END" if word(i + 1) == "IF" => {
                    skip.pop()?;
                    i += 2;
                }
                _ => break,
            }
        }
        let Some(first) = toks.get(i) else { continue };
        if skip.last().copied().unwrap_or(false) {
            continue;
        }
        match tok_text(first).to_ascii_uppercase().as_str() {
            "ALTER" | "CREATE" | "COMMENT" | "DROP" => out.push((r.start + first.start, r.end)),
            "INSERT" | "UPDATE" | "DELETE" | "SELECT" | "PERFORM" | "RAISE" | "NULL" => {}
            _ => return None,
        }
    }
    skip.is_empty().then_some(out)
}

/// sqlparser's "sql parser error: X at Line: L, Column: C" → ("X", Some((L, C))).
fn split_parser_error(e: &str) -> (String, Option<(usize, usize)>) {
    let e = e.strip_prefix("sql parser error: ").unwrap_or(e);
    if let Some(p) = e.rfind(" at Line: ") {
        let rest = &e[p + " at Line: ".len()..];
        if let Some((l, c)) = rest.split_once(", Column: ") {
            if let (Ok(l), Ok(c)) = (l.trim().parse::<usize>(), c.trim().parse::<usize>()) {
                return (e[..p].to_string(), Some((l, c)));
            }
        }
    }
    (e.to_string(), None)
}

/// A context pointing at (line, column) relative to the statement start.
fn relative_ctx(b: &Builder, ctx: &Ctx, l: usize, c: usize) -> Ctx {
    if l == 0 {
        return *ctx;
    }
    let (line, column) = if l == 1 { (ctx.line, ctx.column + c.max(1) - 1) } else { (ctx.line + l - 1, c.max(1)) };
    let start = b.lines.offset(line, column).clamp(ctx.start, ctx.end.max(ctx.start));
    Ctx { start, end: ctx.end.max(start), line, column }
}

/// Explains input that is a template or another language rather than SQL.
fn template_hint(stmt: &str) -> &'static str {
    if stmt.contains("{{") || stmt.contains("{%") {
        " (the text contains a template placeholder like `{{ ... }}`; this is a template, not plain SQL)"
    } else if stmt.contains("%TABLE_PREFIX%") || stmt.contains("%%") {
        " (the text contains a `%PLACEHOLDER%`; substitute it before importing)"
    } else if stmt.trim_start().starts_with("model ") || stmt.trim_start().starts_with("generator ") || stmt.trim_start().starts_with("datasource ") {
        " (this looks like a Prisma schema, not SQL)"
    } else {
        ""
    }
}

fn report(b: &mut Builder, ctx: &Ctx, out: Outcome) {
    match out {
        Outcome::Applied => {}
        Outcome::Ignored(m) => b.diag(ctx, Severity::Info, format!("ignored: {m}")),
        Outcome::Unsupported(m) => b.diag(ctx, Severity::Warning, m),
    }
}

fn apply_all(b: &mut Builder, stmts: &[sqlparser_free::Stmt], ctx: &Ctx) {
    for s in stmts {
        let o = b.apply(s, ctx);
        report(b, ctx, o);
    }
}

/// Type alias so the driver can name parsed statements without importing sqlparser itself.
mod sqlparser_free {
    pub type Stmt = sqlparser::ast::Statement;
}

fn sql_statement(b: &mut Builder, stmt: &str, head: &[Token], ctx: &Ctx) {
    match lower::parse_sql(b.dialect, stmt) {
        Ok(stmts) => apply_all(b, &stmts, ctx),
        Err(first_err) => {
            let _ = head;
            let all = lex(stmt, b.dialect, 1 << 20);
            let toks = all.as_slice();
            let is_create_table = toks.first().is_some_and(|t| t.is("CREATE")) && toks.iter().take(8).any(|t| t.is("TABLE"));
            let is_alter_table = toks.first().is_some_and(|t| t.is("ALTER")) && toks.get(1).is_some_and(|t| t.is("TABLE"));
            if is_create_table {
                if create_table_fallback(b, stmt, toks, ctx) {
                    return;
                }
            } else if is_alter_table {
                if alter_table_hand(b, toks, ctx) {
                    return;
                }
                if let Some(retry) = strip_known_noise(stmt, toks) {
                    if let Ok(stmts) = lower::parse_sql(b.dialect, &retry) {
                        apply_all(b, &stmts, ctx);
                        return;
                    }
                }
                if alter_table_fallback(b, stmt, toks, ctx) {
                    return;
                }
            } else {
                let fulltext = toks.iter().take(3).find(|t| t.is("FULLTEXT") || t.is("SPATIAL")).map(|t| (t.start, t.end));
                let mut retry = stmt.to_string();
                if let Some((s, e)) = fulltext {
                    retry.replace_range(s..e, &" ".repeat(e - s));
                }
                // pg_dump: CREATE INDEX ... ON ONLY parent (partitioned parent index).
                if let Some(w) = toks.windows(2).find(|w| w[0].is("ON") && w[1].is("ONLY")) {
                    retry.replace_range(w[1].start..w[1].end, "    ");
                }
                let retry = strip_known_noise(&retry, &lex(&retry, b.dialect, 1 << 20)).unwrap_or(retry);
                if retry != stmt {
                    if let Ok(stmts) = lower::parse_sql(b.dialect, &retry) {
                        apply_all(b, &stmts, ctx);
                        if let Some((s, e)) = fulltext {
                            let method = stmt[s..e].to_ascii_lowercase();
                            if let Some(ix) = b.schema.tables.iter_mut().flat_map(|t| t.indexes.iter_mut()).filter(|i| i.span.start == ctx.start).last() {
                                ix.method = Some(method);
                            }
                        }
                        return;
                    }
                }
            }
            let (msg, at) = split_parser_error(&first_err);
            let hint = template_hint(stmt);
            let c2 = at.map(|(l, c)| relative_ctx(b, ctx, l, c)).unwrap_or(*ctx);
            b.diag(&c2, Severity::Warning, format!("could not parse statement: {msg}{hint}"));
        }
    }
}

/// Removes clauses sqlparser rejects and the model does not need (index storage parameters,
/// tablespaces), for a retry.
fn strip_known_noise(stmt: &str, toks: &[Token]) -> Option<String> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.is("TABLESPACE") {
            if let Some(n) = toks.get(i + 1) {
                cuts.push((t.start, n.end));
            }
        }
        // `AS IDENTITY ( SEQUENCE NAME x START WITH 1 ... )`: sequence options the model does not keep.
        if t.is("IDENTITY") && toks.get(i + 1).is_some_and(|n| n.is_punct('(')) {
            if let Some(close) = matching_paren(toks, i + 1) {
                cuts.push((toks[i + 1].start, toks[close].end));
            }
        }
        if t.is("WITH") && toks.get(i + 1).is_some_and(|n| n.is_punct('(')) {
            if let Some(close) = matching_paren(toks, i + 1) {
                cuts.push((t.start, toks[close].end));
            }
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(stmt.len());
    let mut last = 0;
    for (s, e) in cuts {
        if s < last {
            continue;
        }
        out.push_str(stmt.get(last..s)?);
        last = e;
    }
    out.push_str(stmt.get(last..)?);
    Some(out)
}

/// The index of the `)` closing the `(` at token `open`.
pub(crate) fn matching_paren(toks: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// After the whole script: resolve FK targets through the search path and fill implicit
/// referenced columns (the target's primary key).
fn resolve(schema: &mut Schema) {
    let n = schema.tables.len();
    let lookup = crate::model::TableLookup::new(schema);
    for ti in 0..n {
        for fi in 0..schema.tables[ti].foreign_keys.len() {
            let r = schema.tables[ti].foreign_keys[fi].ref_table.clone();
            if let Some(target) = lookup.index(schema, &r).map(|i| &schema.tables[i]) {
                let q = target.qualified_name();
                let pk = target.primary_key.as_ref().map(|p| p.columns.clone());
                let fk = &mut schema.tables[ti].foreign_keys[fi];
                fk.ref_table = QualifiedName::new(q.schema.or(r.schema), q.name);
                if fk.ref_columns.is_empty() {
                    if let Some(pk) = pk {
                        fk.ref_columns = pk;
                    }
                }
            }
        }
    }
    // What views read: the table or view each name means under the search path in effect where the
    // view was defined.
    let final_path = schema.search_path.clone();
    for vi in 0..schema.views.len() {
        schema.search_path = schema.views[vi].search_path.clone();
        for ri in 0..schema.views[vi].reads.len() {
            let r = &schema.views[vi].reads[ri];
            let found = lookup.index(schema, r).map(|i| schema.tables[i].qualified_name()).or_else(|| schema.view_index(r).map(|i| schema.views[i].qualified_name()));
            if let Some(q) = found {
                let r = &mut schema.views[vi].reads[ri];
                *r = QualifiedName::new(q.schema.or(r.schema.take()), q.name);
            }
        }
    }
    schema.search_path = final_path;
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fk_index;
