//! Inputs beyond SQL: which language a text is written in, and one entry point that reads any of
//! them into the same [`Parsed`] (`Schema` + diagnostics) the SQL importer produces.
//!
//! Contract:
//! - [`InputKind`] names the languages (`sql`, `prisma`, `dbml`, `drizzle`, `catalog`); [`recognize`]
//!   guesses one from the content (cheap, bounded prefix, never panics), [`InputKind::from_file_name`]
//!   from a file's extension, [`recognize_file`] from both (the extension wins).
//! - [`read`] reads a text of a given kind (or the recognised one) with a dialect hint. Spans and
//!   diagnostics point into the text given, so findings and diagram clicks land in the original
//!   Prisma / DBML / TypeScript text. The dialect of the result (`parsed.schema.dialect`) is the one
//!   the input names (Prisma's `datasource.provider`, DBML's `Project.database_type`, Drizzle's table
//!   functions), else the hint.
//! - Several files forming one schema (a Prisma schema folder, Drizzle files importing each other)
//!   are one text with a marker line before each file (see [`files`]): every span stays a byte range
//!   of one text, so lint fixes, share links and the editor work unchanged, and
//!   [`files::FileMap`] maps a position back to its file, line and column.
//! - No reader panics or hangs on any text; what a reader cannot use becomes a diagnostic at its
//!   line and column and the rest is still read.
//!
//! Adding a reader: a module `parse/<lang>/` with `pub fn translate(text: &str, dialect: Dialect) ->
//! ddl::Translated` (and `read` = `translate(..).finish(text)`), and its arm in [`translate`]. [`translate`] is the readers' half alone:
//! the web app runs it in its engine worker (`remote::Request::Translate`) and finishes the
//! result in the page, so no reader is in the page's first module.

pub mod ddl;
pub mod files;

use super::Parsed;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::span::{LineIndex, Span};
use serde::{Deserialize, Serialize};

/// The language an input is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// SQL DDL (the default).
    #[default]
    Sql,
    /// Prisma schema language (`schema.prisma`, or a folder of `.prisma` files).
    Prisma,
    /// DBML (dbdiagram.io).
    Dbml,
    /// A Drizzle ORM schema module (TypeScript), read statically.
    Drizzle,
    /// The JSON our `catalog-query` returns for a live database.
    Catalog,
}

impl InputKind {
    pub const ALL: [InputKind; 5] = [InputKind::Sql, InputKind::Prisma, InputKind::Dbml, InputKind::Drizzle, InputKind::Catalog];

    /// The id used on the command line (`--from`), in share links and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            InputKind::Sql => "sql",
            InputKind::Prisma => "prisma",
            InputKind::Dbml => "dbml",
            InputKind::Drizzle => "drizzle",
            InputKind::Catalog => "catalog",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Sql => "SQL",
            InputKind::Prisma => "Prisma",
            InputKind::Dbml => "DBML",
            InputKind::Drizzle => "Drizzle",
            InputKind::Catalog => "Catalog JSON",
        }
    }

    /// Accepts the id (any case).
    pub fn parse(s: &str) -> Option<InputKind> {
        let s = s.trim();
        InputKind::ALL.into_iter().find(|k| k.id().eq_ignore_ascii_case(s))
    }

    /// The kind a file name's extension says, if it says one (`.sql`, `.prisma`, `.dbml`,
    /// `.ts`/`.mts`/`.cts`/`.js`/`.mjs`, `.json`).
    pub fn from_file_name(name: &str) -> Option<InputKind> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let ext = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        match ext.as_str() {
            "sql" | "ddl" | "psql" | "mysql" | "sqlite" => Some(InputKind::Sql),
            "prisma" => Some(InputKind::Prisma),
            "dbml" => Some(InputKind::Dbml),
            "ts" | "mts" | "cts" | "js" | "mjs" | "cjs" => Some(InputKind::Drizzle),
            "json" => Some(InputKind::Catalog),
            _ => None,
        }
    }

    /// The comment prefix the language uses for a whole line (for the file marker lines).
    pub fn line_comment(self) -> &'static str {
        match self {
            InputKind::Sql => "--",
            _ => "//",
        }
    }
}

/// The kind of a file: its extension when that names one, else its content.
pub fn recognize_file(name: &str, text: &str) -> InputKind {
    InputKind::from_file_name(name).unwrap_or_else(|| recognize(text))
}

/// Guesses the language from the content. SQL unless another language is clearly there.
///
/// Evidence, counted over the first 64 KiB line by line (comments skipped):
/// - Prisma: a line opening a `datasource`/`generator`/`model`/`view`/`type`/`enum` block
///   (`model User {`), `datasource`/`generator`/`model` counting double;
/// - DBML: a line opening `Table`/`Enum`/`Project`/`TableGroup`/`TablePartial` blocks or a `Ref`
///   (`Ref: a.b > c.d`, `Ref name {`), keywords in any case;
/// - Drizzle: `pgTable(` / `mysqlTable(` / `sqliteTable(` calls, `drizzle-orm` imports;
/// - catalog JSON: the text starts with `{` or `[`.
///
/// A tie, or no evidence, is SQL.
pub fn recognize(text: &str) -> InputKind {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return InputKind::Catalog;
    }
    let (mut prisma, mut dbml, mut drizzle, mut sql) = (0usize, 0usize, 0usize, 0usize);
    let mut in_block_comment = false;
    for line in head.lines() {
        let l = line.trim();
        if in_block_comment {
            if l.contains("*/") {
                in_block_comment = false;
            }
            continue;
        }
        if l.starts_with("/*") {
            in_block_comment = !l.contains("*/");
            continue;
        }
        if l.is_empty() || l.starts_with("//") || l.starts_with("--") || l.starts_with('#') {
            continue;
        }
        if l.contains("pgTable(") || l.contains("mysqlTable(") || l.contains("sqliteTable(") || l.contains("from 'drizzle-orm") || l.contains("from \"drizzle-orm") {
            drizzle += 2;
            continue;
        }
        let mut words = l.split(|c: char| c.is_whitespace() || c == '{' || c == ':' || c == '[').filter(|w| !w.is_empty());
        let first = words.next().unwrap_or("");
        let second = words.next();
        let opens_block = l.ends_with('{') || l.contains(" {");
        match first {
            "datasource" | "generator" | "model" if second.is_some() && opens_block => prisma += 2,
            "view" | "type" | "enum" if second.is_some() && opens_block && !l.contains('=') => prisma += 1,
            _ => {}
        }
        let f = first.to_ascii_lowercase();
        match f.as_str() {
            "table" | "tablegroup" | "tablepartial" | "project" if second.is_some() && opens_block => dbml += 2,
            "enum" if second.is_some() && opens_block => dbml += 1,
            "ref" if l.contains(':') || opens_block => dbml += 2,
            "create" | "alter" | "insert" | "drop" | "comment" | "set" | "select" if !opens_block || l.contains('(') => sql += 2,
            _ => {}
        }
        if prisma + dbml + drizzle + sql >= 40 {
            break;
        }
    }
    // `enum X {` counts for Prisma and DBML alike; the other blocks decide.
    let best = [(InputKind::Prisma, prisma), (InputKind::Dbml, dbml), (InputKind::Drizzle, drizzle)].into_iter().max_by_key(|(_, n)| *n).unwrap_or((InputKind::Sql, 0));
    let ties = [prisma, dbml, drizzle].iter().filter(|&&n| n == best.1).count();
    if best.1 == 0 || ties > 1 || best.1 <= sql {
        InputKind::Sql
    } else {
        best.0
    }
}

/// What [`read`] produced: the kind that was read and the model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    pub kind: InputKind,
    /// The model and diagnostics; `parsed.schema.dialect` is the dialect the input named.
    pub parsed: Parsed,
}

impl Imported {
    pub fn dialect(&self) -> Dialect {
        self.parsed.schema.dialect
    }
}

/// Reads `text` as `kind` (`None`: [`recognize`] it) into the model. `dialect` is the hint for
/// inputs that do not name their database (plain SQL, DBML without a `Project`).
pub fn read(text: &str, kind: Option<InputKind>, dialect: Dialect) -> Imported {
    let (kind, translated) = translate(text, kind, dialect);
    let parsed = match translated {
        None => read_sql(text, dialect),
        Some(t) => t.finish(text),
    };
    Imported { kind, parsed }
}

/// SQL; a text joining several files (a migration folder, a split schema) is split into
/// statements file by file, as each file is run on its own: a last statement a file leaves
/// without `;` ends with its file instead of swallowing the next one.
fn read_sql(text: &str, dialect: Dialect) -> Parsed {
    let map = files::FileMap::new(text);
    if !map.is_multi() {
        return super::parse(text, dialect);
    }
    let segments: Vec<std::ops::Range<usize>> = map.files().iter().map(|p| p.start..p.end).collect();
    let mut job = super::ParseJob::segmented(text, &segments, dialect);
    job.run(text, &mut |_, _| super::Next::Read);
    job.finish()
}

/// The readers' half of [`read`]: the kind, and for a non-SQL input the DDL it stands for
/// ([`ddl::Translated`]; `None` for SQL, which the importer reads as it is). The web app runs
/// this in its engine worker, so the readers stay out of the page's first module, and finishes
/// the result itself ([`ddl::Translated::finish`]).
///
/// A reader is `parse/<lang>/` with `pub fn translate(text, dialect) -> Translated` (its
/// `read` is `translate(..).finish(text)`) and its arm here.
pub fn translate(text: &str, kind: Option<InputKind>, dialect: Dialect) -> (InputKind, Option<ddl::Translated>) {
    let kind = kind.unwrap_or_else(|| recognize(text));
    let translated = match kind {
        InputKind::Sql => return (kind, None),
        InputKind::Prisma => super::prisma::translate(text, dialect),
        InputKind::Dbml => super::dbml::translate(text, dialect),
        InputKind::Drizzle => super::drizzle::translate(text, dialect),
        InputKind::Catalog => super::catalog::translate(text, dialect),
    };
    (kind, Some(translated))
}

/// Lint findings for an imported input. A finding's fix is an edit of SQL text, so on other
/// languages it would corrupt the text: there a fix is the finding's schema edit written in the
/// input's own language, where it can be (`edit::fixes`), and none otherwise.
pub fn lint(text: &str, imported: &Imported, config: &crate::lint::LintConfig) -> Vec<crate::lint::Finding> {
    let p = &imported.parsed;
    let mut findings = lint_schema(text, imported.kind, &p.schema, config);
    crate::edit::fixes::write_in(imported.kind, text, p.schema.dialect, &p.schema, &p.diagnostics, &mut findings);
    findings
}

/// [`lint`] of a schema read from `text` as `kind`, held apart from its [`Imported`] (the web
/// app keeps the schema shared between its panels), without the fixes written in a non-SQL
/// language: the app's engine worker plans those (`remote::Request::Fixes`), as the readers live
/// there.
pub fn lint_schema(text: &str, kind: InputKind, schema: &crate::model::Schema, config: &crate::lint::LintConfig) -> Vec<crate::lint::Finding> {
    let mut findings = crate::lint::lint(text, schema, config);
    if kind != InputKind::Sql {
        for f in &mut findings {
            f.fix = None;
        }
    }
    findings
}


/// The comments of the non-SQL readers, written alike in Prisma and DBML: `//` to the end of the
/// line and `/* */`, which does not nest. If one starts at byte `i`, the offset just past it: a
/// line comment ends before the first of `line_breaks` (the reader's own line ends), an
/// unterminated block comment at the text's end, with an error at its `/*`.
pub fn comment_end(text: &str, i: usize, line_breaks: &[u8], diags: &mut Diags) -> Option<usize> {
    let rest = text.get(i..)?;
    if rest.starts_with("//") {
        return Some(rest.bytes().position(|c| line_breaks.contains(&c)).map_or(text.len(), |p| i + p));
    }
    if !rest.starts_with("/*") {
        return None;
    }
    Some(match rest[2..].find("*/") {
        Some(p) => i + 2 + p + 2,
        None => {
            diags.error(Span::new(i, i + 2), "unterminated comment: missing `*/`");
            text.len()
        }
    })
}

/// Diagnostics of a hand-written reader: each pushed with its span, the line and column computed
/// from the text.
pub struct Diags<'a> {
    lines: LineIndex<'a>,
    list: Vec<Diagnostic>,
}

impl<'a> Diags<'a> {
    pub fn new(text: &'a str) -> Self {
        Diags { lines: LineIndex::new(text), list: Vec::new() }
    }

    pub fn push(&mut self, severity: Severity, span: Span, message: impl Into<String>) {
        let (line, column) = self.lines.line_col(span.start);
        self.list.push(Diagnostic { severity, message: message.into(), span, line, column });
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Error, span, message);
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Warning, span, message);
    }

    pub fn info(&mut self, span: Span, message: impl Into<String>) {
        self.push(Severity::Info, span, message);
    }

    /// The diagnostics in source order.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        crate::sort::by_key(&mut self.list, |d| (d.span.start, d.span.end));
        self.list
    }
}

#[cfg(test)]
mod tests;
