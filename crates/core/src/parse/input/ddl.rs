//! The DDL a non-SQL input stands for, read by the SQL importer, with spans mapped back.
//!
//! A Prisma schema or a DBML document means exactly the DDL its own tool would run (`prisma
//! migrate`, `@dbml/core`'s exporter). A reader writes that DDL here, each piece tagged with the
//! span of the source text it comes from, and [`Ddl::finish`] reads it with [`crate::parse::parse`]
//! — so types, defaults, serial sequences, the names databases give, SQLite's rowid rules and
//! InnoDB's implicit FK indexes come from the one importer — then moves every span of the model
//! and every diagnostic from the generated DDL back to the source text.
//!
//! Contract: every span in the result is a range of the source text (the innermost tagged piece
//! holding the item's position in the DDL; the whole source when nothing was tagged);
//! foreign keys named in [`Ddl::mark_logical`] come out with `logical = true` and without the
//! index InnoDB would have added for them.
//!
//! Two halves, so the browser can keep the readers out of its first module: a reader's work ends
//! in a [`Translated`] (the DDL, its span pieces and the reader's own diagnostics: plain data, a
//! message of the engine worker's protocol, `remote::Request::Translate`), and
//! [`Translated::finish`] — the SQL importer and the span mapping, which the page already holds —
//! turns it into the model. [`Ddl::finish`] is both at once.

use super::Diags;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::model::{Schema, TableGroup};
use crate::parse::Parsed;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// A foreign key the application keeps: (schema, table, columns) as written in the DDL.
type Logical = (Option<String>, String, Vec<String>);

/// DDL being written, with the source span of each piece.
pub struct Ddl {
    pub dialect: Dialect,
    sql: String,
    /// (DDL start, DDL end, source span), in the order pieces were closed.
    pieces: Vec<(usize, usize, Span)>,
    open: Vec<(usize, Span)>,
    /// (schema, table, columns) of foreign keys the database does not hold.
    logical: Vec<Logical>,
    /// Source spans of keys, indexes and foreign keys by name (see [`Ddl::object`]).
    objects: Vec<Object>,
    views: Vec<QueryLessView>,
    groups: Vec<TableGroup>,
    colors: Vec<TableColor>,
    sticky: Vec<crate::model::StickyNote>,
}

/// A table's header colour the input gives: (schema, table, `#rrggbb`).
type TableColor = (Option<String>, String, String);

/// (schema, table, constraint or index name — `None` for the primary key —, source span).
type Object = (Option<String>, String, Option<String>, Span);

/// A view the input declares without its query (a Prisma `view` block): (schema, name, column
/// names, source span).
type QueryLessView = (Option<String>, String, Vec<String>, Span);

impl Ddl {
    pub fn new(dialect: Dialect) -> Ddl {
        Ddl { dialect, sql: String::new(), pieces: Vec::new(), open: Vec::new(), logical: Vec::new(), objects: Vec::new(), views: Vec::new(), groups: Vec::new(), colors: Vec::new(), sticky: Vec::new() }
    }

    /// Starts a piece of DDL that comes from `source` (pieces nest).
    pub fn open(&mut self, source: Span) {
        self.open.push((self.sql.len(), source));
    }

    /// Ends the innermost open piece.
    pub fn close(&mut self) {
        if let Some((start, source)) = self.open.pop() {
            self.pieces.push((start, self.sql.len(), source));
        }
    }

    /// Appends text to the current piece.
    pub fn push(&mut self, s: &str) {
        self.sql.push_str(s);
    }

    /// Appends `s` as its own piece from `source`.
    pub fn piece(&mut self, s: &str, source: Span) {
        self.open(source);
        self.push(s);
        self.close();
    }

    /// The DDL written so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// A table group the input declares (kept in the model as it is: no DDL stands for it).
    pub fn group(&mut self, g: TableGroup) {
        self.groups.push(g);
    }

    /// A free-standing note the input declares (kept in the model as it is: no DDL stands for it).
    pub fn sticky(&mut self, n: crate::model::StickyNote) {
        self.sticky.push(n);
    }

    /// The header colour the input gives table `schema.table` (DBML `headercolor`: `erd::decor`).
    pub fn color(&mut self, schema: Option<&str>, table: &str, color: String) {
        self.colors.push((schema.map(str::to_string), table.to_string(), color));
    }

    /// The foreign key on `columns` of `schema.table` is kept by the application, not the database.
    pub fn mark_logical(&mut self, schema: Option<&str>, table: &str, columns: Vec<String>) {
        self.logical.push((schema.map(str::to_string), table.to_string(), columns));
    }

    /// The key, index or foreign key `name` of `schema.table` (the primary key when `name` is
    /// `None`) comes from `source`. The importer places constraints written inside CREATE TABLE at
    /// the whole statement; this gives them their own place.
    pub fn object(&mut self, schema: Option<&str>, table: &str, name: Option<&str>, source: Span) {
        self.objects.push((schema.map(str::to_string), table.to_string(), name.map(str::to_string), source));
    }

    /// A view declared with its columns but without its query (a Prisma `view` block: the database
    /// has it, Prisma does not create it). It is a view of the model with an empty definition, so
    /// the diagram draws it and no generator writes it as a table.
    pub fn view(&mut self, schema: Option<&str>, name: &str, columns: Vec<String>, source: Span) {
        self.views.push((schema.map(str::to_string), name.to_string(), columns, source));
    }

    /// Reads the DDL and maps everything back to `source`; `diags` (the reader's own diagnostics)
    /// are merged with the importer's. (`self.translated(diags, n).finish(source)`, with the
    /// importer's statement count.)
    pub fn finish(self, source: &str, diags: Diags) -> Parsed {
        let mut t = self.translated(diags, 0);
        t.statement_count = None;
        t.finish(source)
    }

    /// The reader's finished work, before the SQL importer reads it (see [`Translated`]);
    /// `statement_count` is the number of statements or blocks the source holds.
    pub fn translated(mut self, diags: Diags, statement_count: usize) -> Translated {
        while !self.open.is_empty() {
            self.close();
        }
        let notes = diags.finish().into_iter().map(|d| (d.severity, d.span, d.message)).collect();
        Translated {
            dialect: self.dialect,
            sql: self.sql,
            pieces: self.pieces,
            logical: self.logical,
            objects: self.objects,
            views: self.views,
            groups: self.groups,
            colors: self.colors,
            sticky: self.sticky,
            notes,
            statement_count: Some(statement_count),
        }
    }
}

/// What a reader made of a non-SQL input: the DDL it stands for with the source span of each
/// piece, and the reader's own diagnostics. Plain data (the engine worker sends it to the page);
/// [`Translated::finish`] reads it into the model.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translated {
    /// The dialect of the DDL (the one the input names, else the hint).
    pub dialect: Dialect,
    sql: String,
    /// (DDL start, DDL end, source span), in the order pieces were closed.
    pieces: Vec<(usize, usize, Span)>,
    logical: Vec<Logical>,
    objects: Vec<Object>,
    #[serde(default)]
    views: Vec<QueryLessView>,
    /// Table groups the input declares (spans already in the source).
    #[serde(default)]
    groups: Vec<TableGroup>,
    /// Header colours the input gives tables.
    #[serde(default)]
    colors: Vec<TableColor>,
    /// Free-standing notes of the input (DBML `Note name { ... }`; spans already in the source).
    #[serde(default)]
    sticky: Vec<crate::model::StickyNote>,
    /// The reader's diagnostics: severity, span in the source, message.
    notes: Vec<(Severity, Span, String)>,
    /// Statements or blocks in the source (`None`: the importer's count of DDL statements).
    statement_count: Option<usize>,
}

impl Translated {
    /// The DDL the input stands for.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// Reads the DDL with the SQL importer and maps every span and diagnostic back to `source`
    /// (the text the reader was given), merged with the reader's own diagnostics.
    pub fn finish(self, source: &str) -> Parsed {
        let mut parsed = crate::parse::parse(&self.sql, self.dialect);
        let map = SpanMap::new(&self.pieces, source.len());
        for_each_span(&mut parsed.schema, &mut |s| *s = map.map(*s));
        let mut diags = Diags::new(source);
        for (severity, span, message) in self.notes {
            diags.push(severity, span, message);
        }
        let mut list = diags.finish();
        let lines = crate::span::LineIndex::new(source);
        for d in parsed.diagnostics.drain(..) {
            let span = map.map(d.span);
            let (line, column) = lines.line_col(span.start);
            list.push(Diagnostic { span, line, column, ..d });
        }
        crate::sort::by_key(&mut list, |d| (d.span.start, d.span.end));
        mark_logical(&mut parsed.schema, &self.logical);
        place_objects(&mut parsed.schema, &self.objects);
        parsed.schema.groups = self.groups;
        parsed.schema.notes = self.sticky;
        for (schema, name, color) in self.colors {
            if let Some(t) = parsed.schema.tables.iter_mut().find(|t| t.name == name && (schema.is_none() || t.schema == schema)) {
                t.color = Some(color);
            }
        }
        for (schema, name, columns, span) in self.views {
            let v = crate::model::View { schema, name, columns: Some(columns), span, ..Default::default() };
            parsed.schema.views.push(v);
        }
        Parsed { statement_count: self.statement_count.unwrap_or(parsed.statement_count), diagnostics: list, schema: parsed.schema }
    }
}

/// Whether a piece of SQL taken from the input (a default, a check, a predicate, a type) can go
/// into the DDL as one expression: parentheses balanced, quotes closed, no statement end or comment
/// outside quotes. Anything else would change what the surrounding statement means (a broken
/// check drizzle-kit pull wrote, or a hostile `0); CREATE TABLE ...`): leave it out with a warning.
pub fn fragment_ok(s: &str) -> bool {
    balanced(s, false)
}

/// Whether a whole statement taken from the input (SQLite's stored `CREATE` text) is one
/// statement: like [`fragment_ok`], but comments are allowed (skipped). Write it followed by a line
/// break before its `;`, so a trailing `--` comment cannot swallow the end.
pub fn statement_ok(s: &str) -> bool {
    balanced(s, true)
}

fn balanced(s: &str, comments: bool) -> bool {
    let b = s.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                loop {
                    match b.get(i) {
                        None => return false,
                        Some(&c) if c == q && b.get(i + 1) == Some(&q) => i += 2,
                        Some(&c) if c == q => break,
                        Some(b'\\') if q == b'\'' => i += 2,
                        Some(_) => i += 1,
                    }
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            b';' => return false,
            b'-' if b.get(i + 1) == Some(&b'-') => {
                if !comments {
                    return false;
                }
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                if !comments {
                    return false;
                }
                match s[i + 2..].find("*/") {
                    Some(p) => i += p + 3,
                    None => return false,
                }
            }
            _ => {}
        }
        i += 1;
    }
    depth == 0
}

fn place_objects(schema: &mut Schema, objects: &[Object]) {
    let mut at: std::collections::HashMap<(Option<String>, String), usize> = std::collections::HashMap::new();
    for (i, t) in schema.tables.iter().enumerate() {
        at.entry((t.schema.clone(), t.name.clone())).or_insert(i);
    }
    for (sch, table, name, span) in objects {
        let Some(&ti) = at.get(&(sch.clone(), table.clone())) else { continue };
        let t = &mut schema.tables[ti];
        let Some(name) = name else {
            if let Some(pk) = &mut t.primary_key {
                pk.span = *span;
            }
            continue;
        };
        let named = |n: &Option<String>| n.as_deref() == Some(name.as_str());
        if let Some(pk) = t.primary_key.as_mut().filter(|p| named(&p.name)) {
            pk.span = *span;
        }
        for x in t.foreign_keys.iter_mut().filter(|x| named(&x.name)) {
            x.span = *span;
        }
        for x in t.uniques.iter_mut().filter(|x| named(&x.name)) {
            x.span = *span;
        }
        for x in t.indexes.iter_mut().filter(|x| named(&x.name)) {
            x.span = *span;
        }
    }
}

/// Flags the named foreign keys logical and drops the implicit (InnoDB) indexes only they needed.
fn mark_logical(schema: &mut Schema, logical: &[Logical]) {
    if logical.is_empty() {
        return;
    }
    let logical: std::collections::HashSet<&Logical> = logical.iter().collect();
    for t in &mut schema.tables {
        let mut any = false;
        for fk in &mut t.foreign_keys {
            if logical.contains(&(t.schema.clone(), t.name.clone(), fk.columns.clone())) {
                fk.logical = true;
                any = true;
            }
        }
        if any {
            let real: Vec<Vec<String>> = t.foreign_keys.iter().filter(|f| !f.logical).map(|f| f.columns.clone()).collect();
            t.indexes.retain(|ix| {
                let cols: Vec<String> = ix.parts.iter().map(|p| p.column.clone().unwrap_or_default()).collect();
                !ix.implicit || real.contains(&cols)
            });
        }
    }
}

/// DDL offset → source span, through non-overlapping segments (innermost piece wins).
struct SpanMap {
    /// (DDL start, DDL end, source span), sorted, non-overlapping.
    segments: Vec<(usize, usize, Span)>,
    whole: Span,
}

impl SpanMap {
    fn new(pieces: &[(usize, usize, Span)], source_len: usize) -> SpanMap {
        let mut sorted: Vec<&(usize, usize, Span)> = pieces.iter().filter(|p| p.0 < p.1).collect();
        crate::sort::by_key(&mut sorted, |p| (p.0, std::cmp::Reverse(p.1)));
        let mut segments = Vec::with_capacity(sorted.len() * 2);
        let mut stack: Vec<&(usize, usize, Span)> = Vec::new();
        let mut cur = 0usize;
        let emit = |from: usize, to: usize, src: Span, segs: &mut Vec<(usize, usize, Span)>| {
            if from < to {
                segs.push((from, to, src));
            }
        };
        for p in sorted {
            while let Some(top) = stack.last().copied() {
                if top.1 > p.0 {
                    break;
                }
                emit(cur.max(top.0), top.1, top.2, &mut segments);
                cur = cur.max(top.1);
                stack.pop();
            }
            if let Some(top) = stack.last() {
                emit(cur.max(top.0), p.0, top.2, &mut segments);
            }
            cur = cur.max(p.0);
            stack.push(p);
        }
        while let Some(top) = stack.pop() {
            emit(cur.max(top.0), top.1, top.2, &mut segments);
            cur = cur.max(top.1);
        }
        SpanMap { segments, whole: Span::new(0, source_len) }
    }

    fn map(&self, s: Span) -> Span {
        let i = self.segments.partition_point(|seg| seg.1 <= s.start);
        match self.segments.get(i) {
            Some(seg) if seg.0 <= s.start => seg.2,
            _ => self.whole,
        }
    }
}

/// Calls `f` on every span the model holds. Written without `..` so that a new span-carrying
/// field in the model is a compile error here, not a span left pointing into generated DDL.
pub fn for_each_span(schema: &mut Schema, f: &mut dyn FnMut(&mut Span)) {
    use crate::model::*;
    let Schema { dialect: _, tables, enums, domains, sequences, triggers, views, search_path: _, functions, groups, notes } = schema;
    for g in groups {
        f(&mut g.span);
    }
    for n in notes {
        f(&mut n.span);
        f(&mut n.text_span);
    }
    for t in tables {
        let Table {
            schema: _, name: _, comment: _, partition_of: _, partition_bound: _, partition_by: _, columns, primary_key, foreign_keys, uniques, indexes, checks,
            rls_enabled: _, rls_forced: _, policies, triggers: _, temporary: _, unlogged: _, without_rowid: _, strict: _, virtual_module: _, engine: _, color: _, span,
        } = t;
        f(span);
        for c in columns {
            let Column { name: _, data_type: _, nullable: _, default: _, identity: _, generated: _, comment: _, on_update: _, collation: _, sequence: _, span } = c;
            f(span);
        }
        if let Some(PrimaryKey { name: _, columns: _, span }) = primary_key {
            f(span);
        }
        for x in foreign_keys {
            f(&mut x.span);
        }
        for x in uniques {
            f(&mut x.span);
        }
        for x in indexes {
            f(&mut x.span);
        }
        for x in checks {
            f(&mut x.span);
        }
        for x in policies {
            f(&mut x.span);
        }
    }
    for e in enums {
        f(&mut e.span);
    }
    for d in domains {
        f(&mut d.span);
        for c in &mut d.checks {
            f(&mut c.span);
        }
    }
    for s in sequences {
        f(&mut s.span);
    }
    for x in functions {
        f(&mut x.span);
    }
    for t in triggers {
        f(&mut t.span);
    }
    for v in views {
        let View { schema: _, name: _, materialized: _, definition: _, definition_span, reads: _, columns: _, column_sources: _, search_path: _, span } = v;
        f(definition_span);
        f(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn innermost_piece_wins_and_gaps_fall_back_to_the_enclosing_piece() {
        let pieces = vec![(0, 100, Span::new(1, 2)), (10, 20, Span::new(3, 4)), (30, 40, Span::new(5, 6)), (32, 35, Span::new(7, 8))];
        let m = SpanMap::new(&pieces, 50);
        assert_eq!(m.map(Span::new(5, 9)), Span::new(1, 2));
        assert_eq!(m.map(Span::new(10, 11)), Span::new(3, 4));
        assert_eq!(m.map(Span::new(25, 26)), Span::new(1, 2));
        assert_eq!(m.map(Span::new(33, 34)), Span::new(7, 8));
        assert_eq!(m.map(Span::new(36, 37)), Span::new(5, 6));
        assert_eq!(m.map(Span::new(99, 100)), Span::new(1, 2));
        assert_eq!(m.map(Span::new(150, 160)), Span::new(0, 50));
    }

    #[test]
    fn spans_and_diagnostics_point_into_the_source() {
        let source = "model User {\n  id Int @id\n  email String\n}\n";
        let mut d = Ddl::new(Dialect::Postgres);
        d.open(Span::new(0, source.len() - 1));
        d.push("CREATE TABLE \"User\" (\n");
        d.piece("  \"id\" INTEGER NOT NULL,\n", Span::new(15, 25));
        d.piece("  \"email\" TEXT NOT NULL,\n", Span::new(28, 40));
        d.piece("  CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n", Span::new(21, 24));
        d.object(None, "User", None, Span::new(21, 24));
        d.push(");\n");
        d.close();
        d.piece("CREATE INDEX \"x\" ON \"Nope\"(\"a\");\n", Span::new(28, 40));
        let p = d.finish(source, Diags::new(source));
        let t = &p.schema.tables[0];
        assert_eq!(t.span, Span::new(0, source.len() - 1));
        assert_eq!(t.columns[0].span, Span::new(15, 25));
        assert_eq!(t.columns[1].span, Span::new(28, 40));
        assert_eq!(t.primary_key.as_ref().unwrap().span, Span::new(21, 24));
        let bad = p.diagnostics.iter().find(|d| d.message.contains("Nope")).expect("diagnostic for the bad index");
        assert_eq!((bad.line, bad.column), (3, 3));
    }

    #[test]
    fn fragments_that_would_change_the_statement_are_refused() {
        for ok in ["now()", "'a;b' || \"c)\"", "(a > 0) AND b IN ('x', 'y')", "'it''s'", "lower(`x`)"] {
            assert!(fragment_ok(ok), "{ok}");
        }
        for bad in ["a IN ('x'", "0); CREATE TABLE evil (x int", "1 -- c", "1 /* c */", "'open", ")("] {
            assert!(!fragment_ok(bad), "{bad}");
        }
        assert!(statement_ok("CREATE TABLE t (\n  a int, -- it's (a comment\n  b int /* ; */\n)"));
        assert!(!statement_ok("CREATE TABLE t (a int); DROP TABLE u"));
        assert!(!statement_ok("CREATE TABLE t (a int /* open"));
    }

    #[test]
    fn logical_foreign_keys_are_flagged_and_lose_their_implicit_index() {
        let source = "x";
        let mut d = Ddl::new(Dialect::Mysql);
        d.push("CREATE TABLE a (id int primary key);\nCREATE TABLE b (id int primary key, a_id int);\n");
        d.push("ALTER TABLE b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES a (id);\n");
        d.mark_logical(None, "b", vec!["a_id".into()]);
        let p = d.finish(source, Diags::new(source));
        let b = &p.schema.tables[1];
        assert!(b.foreign_keys[0].logical);
        assert!(b.indexes.is_empty(), "{:?}", b.indexes);
    }
}
