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
pub mod catalog;
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

/// What parsing a script produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub statement_count: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub schema: Schema,
}

enum Class {
    Sql,
    AlterType,
    DropPolicy,
    DropIndex,
    AlterIndex,
    VirtualTable,
    View,
    DropView,
    AlterPartitioning,
    CreateSequence,
    Comment,
    Function,
    Trigger,
    AlterSequence,
    AttachPartition,
    Ignore(String),
    Unknown(String),
}

const IGNORED_FIRST: &[&str] = &[
    "SET", "RESET", "SELECT", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE", "LOCK", "UNLOCK", "GRANT", "REVOKE", "BEGIN", "START", "COMMIT", "END",
    "ROLLBACK", "SAVEPOINT", "RELEASE", "USE", "PRAGMA", "ANALYZE", "ANALYSE", "VACUUM", "COPY", "DO", "CALL", "EXEC", "EXECUTE", "TRUNCATE", "NOTIFY",
    "LISTEN", "UNLISTEN", "REFRESH", "CLUSTER", "REINDEX", "SECURITY", "DECLARE", "PREPARE", "DEALLOCATE", "SHOW", "EXPLAIN", "FLUSH", "OPTIMIZE",
    "CHECKPOINT", "LOAD", "IMPORT", "VALUES", "ATTACH", "DETACH", "ABORT", "DISCARD", "CHECK", "REPAIR", "HANDLER", "GO", "PRINT", "IF", "RAISE",
    "SOURCE",
];

fn classify(toks: &[Token]) -> Class {
    let words = leading_words(toks, 8);
    let Some(first) = words.first() else {
        let head: String = toks.iter().take(3).map(tok_text).collect::<Vec<_>>().join(" ");
        return Class::Unknown(head);
    };
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match first.as_str() {
        "CREATE" => {
            // Find the object keyword after modifiers (OR REPLACE, TEMP, DEFINER=..., ...).
            let mut obj = String::new();
            let mut unique = false;
            for t in toks.iter().skip(1).take(24) {
                let Tok::Word(x) = &t.tok else { continue };
                let u = x.to_ascii_uppercase();
                match u.as_str() {
                    "OR" | "REPLACE" | "GLOBAL" | "LOCAL" | "TEMP" | "TEMPORARY" | "UNLOGGED" | "CONSTRAINT" | "RECURSIVE" | "DEFINER" | "ALGORITHM"
                    | "SQL" | "SECURITY" | "INVOKER" | "UNDEFINED" | "MERGE" | "TEMPTABLE" | "NONCLUSTERED" | "CLUSTERED" | "ONLINE" | "OFFLINE"
                    | "IF" | "NOT" | "EXISTS" | "TRUSTED" | "PROCEDURAL" => {}
                    "UNIQUE" | "FULLTEXT" | "SPATIAL" => unique = true,
                    _ if matches!(u.as_str(), "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "SEQUENCE" | "POLICY" | "TRIGGER") => {
                        obj = u;
                        break;
                    }
                    _ => {
                        // Words after DEFINER= (user names) are not keywords we know; the first
                        // known object keyword decides. Stop at the first unknown word only when
                        // it cannot be a definer part.
                        if !toks.iter().skip(1).take(3).any(|t| t.is("DEFINER")) {
                            obj = u;
                            break;
                        }
                        if is_object_word(&u) {
                            obj = u;
                            break;
                        }
                    }
                }
            }
            let _ = unique;
            match obj.as_str() {
                "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "POLICY" => Class::Sql,
                "SEQUENCE" => Class::CreateSequence,
                "FUNCTION" => Class::Function,
                "TRIGGER" => Class::Trigger,
                "" => Class::Unknown("CREATE".into()),
                "MATERIALIZED" | "VIEW" => Class::View,
                "VIRTUAL" => Class::VirtualTable,
                o if is_object_word(o) => Class::Ignore(format!("CREATE {o}")),
                // A misspelled or unknown object kind (`CREATE TABL x`) is not something known to
                // be irrelevant: warn, do not silently ignore.
                o => Class::Unknown(format!("CREATE {o}")),
            }
        }
        "ALTER" => match w(1) {
            "TABLE" => {
                if toks.windows(2).any(|p| (p[0].is("ATTACH") || p[0].is("DETACH")) && p[1].is("PARTITION")) {
                    Class::AttachPartition
                } else if partition::find_top(toks, 2, "BY").is_some_and(|p| p <= 8) || toks.windows(2).any(|p| p[0].is("REMOVE") && p[1].is("PARTITIONING")) {
                    Class::AlterPartitioning
                } else if let Some(what) = ignorable_alter_table(toks) {
                    Class::Ignore(what)
                } else {
                    Class::Sql
                }
            }
            "SEQUENCE" if words.first().map(String::as_str) == Some("ALTER") => {
                if toks.windows(2).any(|p| p[0].is("OWNED") && p[1].is("BY")) {
                    Class::AlterSequence
                } else {
                    Class::Ignore("ALTER SEQUENCE".into())
                }
            }
            "INDEX" if toks.iter().any(|t| t.is("RENAME")) => Class::AlterIndex,
            "TYPE" if toks.iter().any(|t| t.is("VALUE") || t.is("RENAME")) => Class::AlterType,
            "" => Class::Unknown("ALTER".into()),
            "DEFAULT" => Class::Ignore("ALTER DEFAULT PRIVILEGES".into()),
            o if is_object_word(o) || matches!(o, "SYSTEM" | "LARGE" | "PROCEDURAL") => Class::Ignore(format!("ALTER {o}")),
            o => Class::Unknown(format!("ALTER {o}")),
        },
        "COMMENT" => match w(2) {
            "TABLE" | "COLUMN" => Class::Comment,
            o => Class::Ignore(format!("COMMENT ON {o}")),
        },
        "DROP" => match w(1) {
            "INDEX" => Class::DropIndex,
            "POLICY" => Class::DropPolicy,
            "TABLE" | "TYPE" | "SEQUENCE" => Class::Sql,
            "TRIGGER" => Class::Trigger,
            "VIEW" | "MATERIALIZED" => Class::DropView,
            "" => Class::Unknown("DROP".into()),
            o if is_object_word(o) || matches!(o, "OWNED" | "TEMPORARY") => Class::Ignore(format!("DROP {o}")),
            o => Class::Unknown(format!("DROP {o}")),
        },
        "RENAME" => Class::Sql,
        f if IGNORED_FIRST.contains(&f) => {
            let head = match f {
                "SELECT" => {
                    let fun = toks.iter().skip(1).take(4).map(tok_text).collect::<String>();
                    format!("SELECT {fun}")
                }
                // Data statements name their table: `INSERT INTO t`, `COPY public.t`.
                "INSERT" | "REPLACE" | "COPY" | "UPDATE" | "DELETE" => {
                    let skip = if matches!(w(1), "INTO" | "FROM") { 2 } else { 1 };
                    let mut target = String::new();
                    for (k, t) in toks.iter().skip(skip).take(5).enumerate() {
                        let name_part = matches!(t.tok, Tok::Word(_) | Tok::Quoted(_));
                        if (k % 2 == 0 && !name_part) || (k % 2 == 1 && !t.is_punct('.')) {
                            break;
                        }
                        target.push_str(&tok_text(t));
                    }
                    format!("{f}{} {target}", if skip == 2 { format!(" {}", w(1)) } else { String::new() }).trim().to_string()
                }
                "SET" | "LOCK" | "GRANT" | "REVOKE" => format!("{f} {}", w(1)).trim().to_string(),
                _ => f.to_string(),
            };
            Class::Ignore(head)
        }
        f => Class::Unknown(f.to_string()),
    }
}

/// ALTER TABLE forms that change nothing the model holds.
fn ignorable_alter_table(toks: &[Token]) -> Option<String> {
    let has2 = |a: &str, b: &str| toks.windows(2).any(|w| w[0].is(a) && w[1].is(b));
    // pg_dump: `ALTER TABLE x OWNER TO role` (one operation per statement).
    if has2("OWNER", "TO") && !toks.iter().any(|t| t.is_punct(',')) {
        return Some("ALTER TABLE ... OWNER TO".into());
    }
    if has2("DISABLE", "KEYS") || has2("ENABLE", "KEYS") {
        return Some("ALTER TABLE ... DISABLE/ENABLE KEYS".into());
    }
    if has2("SET", "STATISTICS") || has2("SET", "STORAGE") || has2("SET", "COMPRESSION") {
        return Some("ALTER TABLE ... ALTER COLUMN SET STATISTICS/STORAGE".into());
    }
    let set_paren = toks.windows(2).any(|w| w[0].is("SET") && w[1].is_punct('('));
    if set_paren && toks.iter().any(|t| t.is("COLUMN")) {
        return Some("ALTER TABLE ... ALTER COLUMN SET (attribute options)".into());
    }
    if has2("CLUSTER", "ON") || has2("SET", "WITHOUT") || has2("SET", "TABLESPACE") || has2("SET", "ACCESS") {
        return Some("ALTER TABLE ... CLUSTER/storage option".into());
    }
    None
}

fn is_object_word(u: &str) -> bool {
    matches!(
        u,
        "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "SEQUENCE" | "POLICY" | "TRIGGER" | "FUNCTION" | "PROCEDURE" | "VIEW" | "EVENT" | "EXTENSION" | "SCHEMA"
            | "DATABASE" | "AGGREGATE" | "OPERATOR" | "CAST" | "COLLATION" | "RULE" | "ROLE" | "USER" | "SERVER" | "PUBLICATION" | "SUBSCRIPTION"
            | "MATERIALIZED" | "VIRTUAL" | "STATISTICS" | "LANGUAGE" | "TEXT" | "FOREIGN" | "CONVERSION" | "ACCESS" | "TRANSFORM" | "GROUP"
            | "TABLESPACE" | "LOGFILE" | "ROUTINE" | "PACKAGE" | "SYNONYM" | "SPATIAL" | "RESOURCE" | "INSTANCE" | "PROPERTY"
            | "DEFAULT" | "ALGORITHM" | "DEFINER"
    )
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

/// CREATE TABLE that sqlparser rejected: retry without what follows the column list, then
/// element by element.
fn create_table_fallback(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) -> bool {
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
    problems.sort_by_key(|p| p.0);
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
fn patch_element(e: &str, dialect: Dialect) -> Option<Vec<String>> {
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
fn alter_table_hand(b: &mut Builder, toks: &[Token], ctx: &Ctx) -> bool {
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("EXISTS") || t.is("ONLY")) {
        i += 1;
    }
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
fn alter_table_fallback(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) -> bool {
    // ALTER TABLE [IF EXISTS] [ONLY] name[.name] op, op, ...
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("EXISTS") || t.is("ONLY")) {
        i += 1;
    }
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

/// Reads a possibly qualified name from tokens at `i`; returns it and the index after it.
fn read_name(b: &Builder, toks: &[Token], mut i: usize) -> Option<(QualifiedName, usize)> {
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

fn lower_fold(d: Dialect, v: &str, quoted: bool) -> String {
    naming::fold(d, v, quoted)
}

/// `CREATE [OR REPLACE] [CONSTRAINT] [DEFINER=..] TRIGGER [IF NOT EXISTS] name {BEFORE|AFTER|INSTEAD OF}
/// event [OR event ...] ON table [FOR EACH ROW] ...` and `DROP TRIGGER [IF EXISTS] name [ON table]`.
fn trigger(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("TRIGGER")) else { return };
    let mut i = kw + 1;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("NOT") || t.is("EXISTS")) {
        i += 1;
    }
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
fn create_sequence(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("SEQUENCE")) else { return };
    let mut i = kw + 1;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("NOT") || t.is("EXISTS")) {
        i += 1;
    }
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
fn virtual_table(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let Some(kw) = toks.iter().position(|t| t.is("TABLE")) else { return };
    let mut i = kw + 1;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("NOT") || t.is("EXISTS")) {
        i += 1;
    }
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
fn drop_index(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("CONCURRENTLY") || t.is("IF") || t.is("EXISTS")) {
        i += 1;
    }
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
fn alter_type(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
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
fn rename_type_uses(s: &mut Schema, schema: Option<&str>, old: &str, new: &str) {
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
fn drop_policy(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("EXISTS")) {
        i += 1;
    }
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
fn alter_index(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("EXISTS")) {
        i += 1;
    }
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
fn comment_on(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
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
fn alter_sequence(b: &mut Builder, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    while toks.get(i).is_some_and(|t| t.is("IF") || t.is("EXISTS")) {
        i += 1;
    }
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

fn read_name_parts(b: &Builder, toks: &[Token], mut i: usize) -> Option<(Vec<String>, usize)> {
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
