//! Where things are written inside one statement: the elements of a CREATE TABLE body, the parts of
//! a column definition (name, type, each constraint clause), table constraints and their column
//! lists, REFERENCES clauses with their ON DELETE / ON UPDATE, and the actions of an ALTER TABLE.
//!
//! Contract: a reader over the statement's tokens (`parse::lex`, offsets absolute in the script),
//! never panics; every position is a token index into [`Stmt::toks`]. It only finds positions —
//! what the statement means is the importer's business, and every edit made from these positions
//! is re-imported and compared with the asked change before it is offered (`edit::verify`).

use crate::dialect::Dialect;
use crate::model::QualifiedName;
use crate::parse::lex::{Tok, Token};
use crate::parse::naming::fold;

/// A statement's tokens (absolute byte offsets) and its byte range without the delimiter.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub start: usize,
    pub end: usize,
    pub toks: Vec<Token>,
}

/// A possibly qualified name at tokens `first..=last`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAt {
    pub first: usize,
    pub last: usize,
    pub name: QualifiedName,
}

/// The token range `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub first: usize,
    pub last: usize,
}

#[derive(Clone, Debug)]
pub struct CreateTable {
    pub name: NameAt,
    /// `PARTITION OF parent`: where the parent is named.
    pub partition_of: Option<NameAt>,
    /// Token indexes of the body's `(` and `)`; `None` for `AS SELECT` / `PARTITION OF` without columns.
    pub body: Option<(usize, usize)>,
    pub elems: Vec<Elem>,
}

#[derive(Clone, Debug)]
pub struct Elem {
    pub range: Range,
    pub kind: ElemKind,
}

#[derive(Clone, Debug)]
pub enum ElemKind {
    Column(ColDef),
    Constraint(Con),
    /// `LIKE other`, `EXCLUDE ...`, or something not read.
    Other,
}

#[derive(Clone, Debug)]
pub struct ColDef {
    /// The name token.
    pub name: usize,
    /// The type's tokens (`None`: a SQLite column without a type).
    pub ty: Option<Range>,
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug)]
pub struct Clause {
    /// From `CONSTRAINT name` when there is one.
    pub range: Range,
    /// The token of the constraint's name (`CONSTRAINT name`).
    pub name: Option<usize>,
    pub kind: ClauseKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    NotNull,
    Null,
    PrimaryKey,
    Unique,
    References(Refs),
    Default,
    Check,
    /// `GENERATED ... AS (expr)` / `AS (expr)`.
    Generated,
    /// `GENERATED ... AS IDENTITY`.
    Identity,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    AutoIncrement,
    Other,
}

/// `REFERENCES table [(cols)] [MATCH x] [ON DELETE a] [ON UPDATE b] [[NOT] DEFERRABLE ...]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refs {
    /// The `REFERENCES` token.
    pub kw: usize,
    pub table: NameAt,
    /// `(` and `)` of the column list.
    pub cols: Option<(usize, usize)>,
    /// `ON DELETE action` tokens.
    pub on_delete: Option<Range>,
    pub on_update: Option<Range>,
    /// `MATCH x` tokens.
    pub matching: Option<Range>,
    /// The clause's last token.
    pub last: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    /// MySQL `KEY` / `INDEX` / `FULLTEXT` / `SPATIAL` in a CREATE TABLE.
    Index,
}

/// A table constraint (in a CREATE TABLE body or `ALTER TABLE ... ADD`).
#[derive(Clone, Debug)]
pub struct Con {
    /// `CONSTRAINT name`, or MySQL's index name (`UNIQUE KEY name (...)`).
    pub name: Option<usize>,
    pub kind: ConKind,
    /// `(` and `)` of its column list.
    pub cols: Option<(usize, usize)>,
    pub refs: Option<Refs>,
}

impl Stmt {
    pub fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    pub fn is(&self, i: usize, kw: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is(kw))
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    /// Byte start of token `i` (the statement's end past the last token).
    pub fn at(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.end, |t| t.start)
    }

    /// Byte end of token `i`.
    pub fn end_of(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.end, |t| t.end)
    }

    /// Byte range of tokens `r`.
    pub fn bytes(&self, r: Range) -> (usize, usize) {
        (self.at(r.first), self.end_of(r.last))
    }

    /// The index of the `)` matching the `(` at `open`.
    pub fn close_of(&self, open: usize) -> Option<usize> {
        crate::parse::matching_paren(&self.toks, open)
    }

    /// The identifier a token names, as the database stores it (`None` for keywords' punctuation,
    /// strings and numbers).
    pub fn ident(&self, d: Dialect, i: usize) -> Option<String> {
        match &self.toks.get(i)?.tok {
            Tok::Word(w) => Some(fold(d, w, false)),
            Tok::Quoted(q) => Some(fold(d, q, true)),
            _ => None,
        }
    }

    /// A possibly qualified name starting at token `i`.
    pub fn name_at(&self, d: Dialect, i: usize) -> Option<NameAt> {
        let mut parts = vec![self.ident(d, i)?];
        let mut last = i;
        while self.is_punct(last + 1, '.') {
            match self.ident(d, last + 2) {
                Some(p) => {
                    parts.push(p);
                    last += 2;
                }
                None => break,
            }
        }
        let n = parts.len();
        let name = if n == 1 { QualifiedName::new(None, parts.pop()?) } else { QualifiedName::new(Some(parts[n - 2].clone()), parts[n - 1].clone()) };
        Some(NameAt { first: i, last, name })
    }

    /// The comma-separated items between `open` and `close` (exclusive), split at depth 0.
    pub fn items(&self, open: usize, close: usize) -> Vec<Range> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut first = open + 1;
        for i in open + 1..close {
            let t = &self.toks[i];
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth -= 1;
            } else if depth == 0 && t.is_punct(',') {
                if i > first {
                    out.push(Range { first, last: i - 1 });
                }
                first = i + 1;
            }
        }
        if close > first {
            out.push(Range { first, last: close - 1 });
        }
        out
    }

    /// The column names of a parenthesised list (`(a, b DESC, c(10))` → a, b, c with their tokens).
    pub fn list_names(&self, d: Dialect, open: usize, close: usize) -> Vec<(String, usize)> {
        self.items(open, close).into_iter().filter_map(|r| Some((self.ident(d, r.first)?, r.first))).collect()
    }
}

/// Reads `CREATE [...] TABLE [IF NOT EXISTS] name (...)`.
pub fn create_table(s: &Stmt, d: Dialect) -> Option<CreateTable> {
    if !s.is(0, "CREATE") {
        return None;
    }
    const MODIFIERS: &[&str] = &["OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "VIRTUAL"];
    let kw = (1..s.toks.len().min(8)).find(|&i| !MODIFIERS.iter().any(|m| s.is(i, m)))?;
    if !s.is(kw, "TABLE") {
        return None;
    }
    let mut i = kw + 1;
    if s.is(i, "IF") && s.is(i + 1, "NOT") && s.is(i + 2, "EXISTS") {
        i += 3;
    }
    let name = s.name_at(d, i)?;
    let partition_of = if s.is(name.last + 1, "PARTITION") && s.is(name.last + 2, "OF") { s.name_at(d, name.last + 3) } else { None };
    let body = if s.is_punct(name.last + 1, '(') { s.close_of(name.last + 1).map(|c| (name.last + 1, c)) } else { None };
    let elems = match body {
        Some((open, close)) => s.items(open, close).into_iter().map(|r| element(s, d, r)).collect(),
        None => Vec::new(),
    };
    Some(CreateTable { name, partition_of, body, elems })
}

fn element(s: &Stmt, d: Dialect, r: Range) -> Elem {
    let kind = match constraint(s, d, r) {
        Some(c) => ElemKind::Constraint(c),
        None if s.is(r.first, "LIKE") || s.is(r.first, "EXCLUDE") => ElemKind::Other,
        None => match column(s, d, r) {
            Some(c) => ElemKind::Column(c),
            None => ElemKind::Other,
        },
    };
    Elem { range: r, kind }
}

/// Words that start a column constraint clause (or end the type).
const CLAUSE_START: &[&str] = &[
    "CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES", "DEFAULT", "CHECK", "GENERATED", "COLLATE", "AUTO_INCREMENT", "AUTOINCREMENT",
    "COMMENT", "ON", "AS", "CHARACTER", "CHARSET", "VISIBLE", "INVISIBLE", "STORAGE", "COMPRESSION", "IDENTITY", "KEY", "SRID", "COLUMN_FORMAT",
    "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE", "STORED", "VIRTUAL",
];

fn starts_clause(s: &Stmt, i: usize) -> bool {
    let Some(Tok::Word(w)) = s.tok(i).map(|t| &t.tok) else { return false };
    // `CHARACTER VARYING` is a type; `CHARACTER SET` a clause.
    if w.eq_ignore_ascii_case("CHARACTER") {
        return s.is(i + 1, "SET");
    }
    CLAUSE_START.iter().any(|k| w.eq_ignore_ascii_case(k))
}

/// A column definition at `r`: name, type up to the first clause word at depth 0, then clauses.
pub fn column(s: &Stmt, d: Dialect, r: Range) -> Option<ColDef> {
    s.ident(d, r.first)?;
    let mut i = r.first + 1;
    let ty_first = i;
    let mut depth = 0i32;
    while i <= r.last {
        let t = &s.toks[i];
        if t.is_punct('(') || t.is_punct('[') {
            depth += 1;
        } else if t.is_punct(')') || t.is_punct(']') {
            depth -= 1;
        } else if depth == 0 && starts_clause(s, i) {
            break;
        }
        i += 1;
    }
    let ty = (i > ty_first).then(|| Range { first: ty_first, last: i - 1 });
    let clauses = clauses(s, d, i, r.last);
    Some(ColDef { name: r.first, ty, clauses })
}

/// The clauses of a column definition from token `i` to `last`.
fn clauses(s: &Stmt, d: Dialect, mut i: usize, last: usize) -> Vec<Clause> {
    let mut out = Vec::new();
    while i <= last {
        let first = i;
        let mut name = None;
        if s.is(i, "CONSTRAINT") {
            name = Some(i + 1);
            i += 2;
        }
        let (kind, end) = clause_at(s, d, i, last);
        out.push(Clause { range: Range { first, last: end.max(first) }, name, kind });
        i = end.max(first) + 1;
    }
    out
}

/// One clause starting at `i`: its kind and last token.
fn clause_at(s: &Stmt, d: Dialect, i: usize, last: usize) -> (ClauseKind, usize) {
    let w = |k: usize, kw: &str| k <= last && s.is(k, kw);
    // the rest of a clause: tokens up to the next clause start at depth 0
    let until_next = |from: usize| -> usize {
        let mut depth = 0i32;
        let mut k = from;
        while k <= last {
            let t = &s.toks[k];
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth -= 1;
            } else if depth == 0 && k > from && starts_clause(s, k) {
                // `ON CONFLICT` (SQLite) and `NOT ENFORCED` (MySQL) continue the clause.
                let continues = s.is(k, "ON") && s.is(k + 1, "CONFLICT") || s.is(k, "NOT") && s.is(k + 1, "ENFORCED");
                if !continues {
                    return k - 1;
                }
            }
            k += 1;
        }
        last
    };
    if w(i, "NOT") && w(i + 1, "NULL") {
        return (ClauseKind::NotNull, until_next(i + 1));
    }
    if w(i, "NULL") {
        return (ClauseKind::Null, until_next(i));
    }
    if w(i, "PRIMARY") {
        return (ClauseKind::PrimaryKey, until_next(i + 1));
    }
    if w(i, "UNIQUE") {
        // `UNIQUE KEY` / `UNIQUE INDEX` (MySQL) is one clause.
        let from = if w(i + 1, "KEY") || w(i + 1, "INDEX") { i + 1 } else { i };
        return (ClauseKind::Unique, until_next(from));
    }
    if w(i, "KEY") {
        // MySQL: `KEY` alone is PRIMARY KEY.
        return (ClauseKind::PrimaryKey, until_next(i));
    }
    if w(i, "REFERENCES") {
        return match references(s, d, i, last) {
            Some(r) => {
                let end = r.last;
                (ClauseKind::References(r), end)
            }
            None => (ClauseKind::Other, until_next(i)),
        };
    }
    if w(i, "DEFAULT") {
        // `DEFAULT NULL` / `DEFAULT -1` / `DEFAULT (expr)`: the value is at least one token.
        return (ClauseKind::Default, if i + 1 > last { last } else { until_next(i + 1) });
    }
    if w(i, "AUTO_INCREMENT") || w(i, "AUTOINCREMENT") {
        return (ClauseKind::AutoIncrement, until_next(i));
    }
    if w(i, "GENERATED") || w(i, "AS") {
        // GENERATED {ALWAYS | BY DEFAULT} AS {(expr) [STORED|VIRTUAL] | IDENTITY [(options)]}
        let mut k = i;
        while k <= last && (s.is(k, "GENERATED") || s.is(k, "ALWAYS") || s.is(k, "BY") || s.is(k, "DEFAULT") || s.is(k, "AS")) {
            k += 1;
        }
        let identity = s.is(k, "IDENTITY");
        if identity {
            k += 1;
        }
        if k <= last && s.is_punct(k, '(') {
            k = s.close_of(k).map_or(last, |c| c.min(last)) + 1;
        }
        while k <= last && (s.is(k, "STORED") || s.is(k, "VIRTUAL") || s.is(k, "PERSISTENT")) {
            k += 1;
        }
        return (if identity { ClauseKind::Identity } else { ClauseKind::Generated }, (k - 1).max(i));
    }
    if w(i, "CHECK") {
        return (ClauseKind::Check, until_next(i));
    }
    if w(i, "ON") && w(i + 1, "UPDATE") {
        return (ClauseKind::Other, until_next(i + 1));
    }
    (ClauseKind::Other, until_next(i))
}

/// `REFERENCES name [(cols)] [MATCH x] [ON DELETE a] [ON UPDATE b] [NOT DEFERRABLE] [DEFERRABLE] [INITIALLY x]`.
pub fn references(s: &Stmt, d: Dialect, kw: usize, last: usize) -> Option<Refs> {
    let table = s.name_at(d, kw + 1)?;
    let mut i = table.last + 1;
    let mut cols = None;
    if i <= last && s.is_punct(i, '(') {
        let c = s.close_of(i)?;
        cols = Some((i, c));
        i = c + 1;
    }
    let (mut on_delete, mut on_update, mut matching) = (None, None, None);
    let mut end = i - 1;
    while i <= last {
        if s.is(i, "MATCH") && i < last {
            matching = Some(Range { first: i, last: i + 1 });
            i += 2;
        } else if s.is(i, "ON") && (s.is(i + 1, "DELETE") || s.is(i + 1, "UPDATE")) {
            let a = i + 2;
            let n = if s.is(a, "SET") || s.is(a, "NO") { 2 } else { 1 };
            let r = Range { first: i, last: (a + n - 1).min(last) };
            if s.is(i + 1, "DELETE") {
                on_delete = Some(r);
            } else {
                on_update = Some(r);
            }
            i = r.last + 1;
        } else if s.is(i, "DEFERRABLE") || (s.is(i, "NOT") && s.is(i + 1, "DEFERRABLE")) || s.is(i, "INITIALLY") {
            i += if s.is(i, "DEFERRABLE") { 1 } else { 2 };
        } else if s.is(i, "NOT") && s.is(i + 1, "VALID") || s.is(i, "ENFORCED") {
            i += if s.is(i, "ENFORCED") { 1 } else { 2 };
        } else {
            break;
        }
        end = (i - 1).min(last);
    }
    Some(Refs { kw, table, cols, on_delete, on_update, matching, last: end })
}

/// A table constraint at `r` (`[CONSTRAINT x] PRIMARY KEY (...)`, `UNIQUE`, `FOREIGN KEY`, `CHECK`,
/// MySQL `KEY`/`INDEX`/`FULLTEXT`/`SPATIAL`), or `None` when `r` is not one.
pub fn constraint(s: &Stmt, d: Dialect, r: Range) -> Option<Con> {
    let mut i = r.first;
    let mut name = None;
    if s.is(i, "CONSTRAINT") {
        if !s.is(i + 1, "PRIMARY") && !s.is(i + 1, "UNIQUE") && !s.is(i + 1, "FOREIGN") && !s.is(i + 1, "CHECK") {
            name = Some(i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    let mysql = d == Dialect::Mysql;
    let kind = if s.is(i, "PRIMARY") && s.is(i + 1, "KEY") {
        i += 2;
        ConKind::PrimaryKey
    } else if s.is(i, "UNIQUE") {
        i += 1;
        ConKind::Unique
    } else if s.is(i, "FOREIGN") && s.is(i + 1, "KEY") {
        i += 2;
        ConKind::ForeignKey
    } else if s.is(i, "CHECK") {
        i += 1;
        ConKind::Check
    } else if mysql && (s.is(i, "KEY") || s.is(i, "INDEX") || s.is(i, "FULLTEXT") || s.is(i, "SPATIAL")) {
        i += 1;
        ConKind::Index
    } else {
        return None;
    };
    if mysql && matches!(kind, ConKind::Unique | ConKind::Index | ConKind::PrimaryKey | ConKind::ForeignKey) {
        // `UNIQUE [KEY|INDEX] [name] [USING x] (...)`, `FULLTEXT [KEY] name (...)`
        if s.is(i, "KEY") || s.is(i, "INDEX") {
            i += 1;
        }
        if !s.is_punct(i, '(') && !s.is(i, "USING") && i <= r.last {
            if kind != ConKind::PrimaryKey {
                name = name.or(Some(i));
            }
            i += 1;
        }
        if s.is(i, "USING") {
            i += 2;
        }
    }
    if s.is(i, "NULLS") {
        i += if s.is(i + 1, "NOT") { 3 } else { 2 };
    }
    let cols = if s.is_punct(i, '(') { s.close_of(i).filter(|&c| c <= r.last).map(|c| (i, c)) } else { None };
    let refs = if kind == ConKind::ForeignKey {
        let after = cols.map_or(i, |(_, c)| c + 1);
        if s.is(after, "REFERENCES") { references(s, d, after, r.last) } else { None }
    } else {
        None
    };
    Some(Con { name, kind, cols, refs })
}

/// `ALTER TABLE [IF EXISTS] [ONLY] name [*] action, action ...`.
#[derive(Clone, Debug)]
pub struct AlterTable {
    pub name: NameAt,
    pub actions: Vec<Action>,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub range: Range,
    pub kind: ActionKind,
}

#[derive(Clone, Debug)]
pub enum ActionKind {
    AddColumn(ColDef),
    AddConstraint(Con),
    /// `ALTER [COLUMN] c ...` (the name token), with what it does.
    AlterColumn { column: usize, what: AlterWhat },
    /// MySQL `MODIFY [COLUMN] c ...` / `CHANGE [COLUMN] old new ...`: redefines the column.
    Redefine { column: usize },
    DropColumn { column: usize },
    /// `RENAME [COLUMN] a TO b`.
    RenameColumn,
    /// `ATTACH PARTITION name ...` / `DETACH PARTITION name`: another table, named here.
    Partition { name: NameAt },
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlterWhat {
    SetNotNull,
    DropNotNull,
    Type,
    Default,
    Other,
}

pub fn alter_table(s: &Stmt, d: Dialect) -> Option<AlterTable> {
    if !(s.is(0, "ALTER") && s.is(1, "TABLE")) {
        return None;
    }
    let mut i = 2;
    if s.is(i, "IF") && s.is(i + 1, "EXISTS") {
        i += 2;
    }
    if s.is(i, "ONLY") {
        i += 1;
    }
    let name = s.name_at(d, i)?;
    let mut from = name.last + 1;
    if s.is_punct(from, '*') {
        from += 1;
    }
    if from >= s.toks.len() {
        return Some(AlterTable { name, actions: Vec::new() });
    }
    let actions = s.items(from - 1, s.toks.len()).into_iter().map(|r| action(s, d, r)).collect();
    Some(AlterTable { name, actions })
}

fn action(s: &Stmt, d: Dialect, r: Range) -> Action {
    let i = r.first;
    let kind = if s.is(i, "ADD") {
        let mut k = i + 1;
        let explicit_column = s.is(k, "COLUMN");
        if explicit_column {
            k += 1;
        }
        if s.is(k, "IF") && s.is(k + 1, "NOT") && s.is(k + 2, "EXISTS") {
            k += 3;
        }
        let rest = Range { first: k, last: r.last };
        match (!explicit_column).then(|| constraint(s, d, rest)).flatten() {
            Some(c) => ActionKind::AddConstraint(c),
            None => column(s, d, rest).map_or(ActionKind::Other, ActionKind::AddColumn),
        }
    } else if s.is(i, "ALTER") {
        let c = if s.is(i + 1, "COLUMN") { i + 2 } else { i + 1 };
        let what = if s.is(c + 1, "SET") && s.is(c + 2, "NOT") && s.is(c + 3, "NULL") {
            AlterWhat::SetNotNull
        } else if s.is(c + 1, "DROP") && s.is(c + 2, "NOT") && s.is(c + 3, "NULL") {
            AlterWhat::DropNotNull
        } else if s.is(c + 1, "TYPE") || (s.is(c + 1, "SET") && s.is(c + 2, "DATA")) {
            AlterWhat::Type
        } else if (s.is(c + 1, "SET") || s.is(c + 1, "DROP")) && s.is(c + 2, "DEFAULT") {
            AlterWhat::Default
        } else {
            AlterWhat::Other
        };
        ActionKind::AlterColumn { column: c, what }
    } else if s.is(i, "MODIFY") || s.is(i, "CHANGE") {
        let c = if s.is(i + 1, "COLUMN") { i + 2 } else { i + 1 };
        ActionKind::Redefine { column: c }
    } else if s.is(i, "DROP") && !s.is(i + 1, "CONSTRAINT") && !s.is(i + 1, "PRIMARY") && !s.is(i + 1, "FOREIGN") && !s.is(i + 1, "INDEX") && !s.is(i + 1, "KEY") {
        let mut c = if s.is(i + 1, "COLUMN") { i + 2 } else { i + 1 };
        if s.is(c, "IF") && s.is(c + 1, "EXISTS") {
            c += 2;
        }
        ActionKind::DropColumn { column: c }
    } else if s.is(i, "RENAME") && (s.is(i + 1, "COLUMN") || !s.is(i + 1, "TO") && !s.is(i + 1, "CONSTRAINT") && !s.is(i + 1, "INDEX") && !s.is(i + 1, "KEY")) {
        ActionKind::RenameColumn
    } else if (s.is(i, "ATTACH") || s.is(i, "DETACH")) && s.is(i + 1, "PARTITION") {
        s.name_at(d, i + 2).map_or(ActionKind::Other, |name| ActionKind::Partition { name })
    } else {
        ActionKind::Other
    };
    Action { range: r, kind }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn stmt(text: &str, d: Dialect) -> Stmt {
        Stmt { start: 0, end: text.len(), toks: crate::parse::lex::lex(text, d, usize::MAX) }
    }

    fn src<'a>(text: &'a str, s: &Stmt, r: Range) -> &'a str {
        let (a, b) = s.bytes(r);
        &text[a..b]
    }

    #[test]
    fn reads_columns_types_and_clauses() {
        let text = "CREATE TABLE IF NOT EXISTS public.users (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  email character varying(255) NOT NULL UNIQUE,\n  org_id int CONSTRAINT fk_org REFERENCES orgs (id) MATCH FULL ON DELETE SET NULL ON UPDATE NO ACTION DEFERRABLE,\n  note text DEFAULT NULL COLLATE \"C\",\n  CONSTRAINT two UNIQUE (email, org_id),\n  CHECK (id > 0)\n)";
        let s = stmt(text, Dialect::Postgres);
        let ct = create_table(&s, Dialect::Postgres).unwrap();
        assert_eq!(ct.name.name, QualifiedName::new(Some("public".into()), "users"));
        assert_eq!(ct.elems.len(), 6);
        let ElemKind::Column(id) = &ct.elems[0].kind else { panic!() };
        assert_eq!(src(text, &s, id.ty.unwrap()), "bigint");
        assert_eq!(id.clauses.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(), vec![ClauseKind::Identity, ClauseKind::PrimaryKey]);
        let ElemKind::Column(email) = &ct.elems[1].kind else { panic!() };
        assert_eq!(src(text, &s, email.ty.unwrap()), "character varying(255)");
        assert_eq!(email.clauses.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(), vec![ClauseKind::NotNull, ClauseKind::Unique]);
        let ElemKind::Column(org) = &ct.elems[2].kind else { panic!() };
        let ClauseKind::References(r) = &org.clauses[0].kind else { panic!("{:?}", org.clauses) };
        assert_eq!(org.clauses.len(), 1);
        assert_eq!(src(text, &s, org.clauses[0].range), "CONSTRAINT fk_org REFERENCES orgs (id) MATCH FULL ON DELETE SET NULL ON UPDATE NO ACTION DEFERRABLE");
        assert_eq!(src(text, &s, r.on_delete.unwrap()), "ON DELETE SET NULL");
        assert_eq!(src(text, &s, r.on_update.unwrap()), "ON UPDATE NO ACTION");
        let ElemKind::Column(note) = &ct.elems[3].kind else { panic!() };
        assert_eq!(note.clauses.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(), vec![ClauseKind::Default, ClauseKind::Other]);
        let ElemKind::Constraint(two) = &ct.elems[4].kind else { panic!() };
        assert_eq!((two.kind, s.ident(Dialect::Postgres, two.name.unwrap()).unwrap().as_str()), (ConKind::Unique, "two"));
        let (o, c) = two.cols.unwrap();
        assert_eq!(s.list_names(Dialect::Postgres, o, c).into_iter().map(|x| x.0).collect::<Vec<_>>(), vec!["email", "org_id"]);
        assert!(matches!(&ct.elems[5].kind, ElemKind::Constraint(Con { kind: ConKind::Check, .. })));
    }

    #[test]
    fn reads_mysql_keys_and_sqlite_typeless_columns() {
        let text = "CREATE TABLE `t` (`id` int(11) unsigned NOT NULL AUTO_INCREMENT, `key` varchar(10) DEFAULT '' NOT NULL, PRIMARY KEY (`id`), UNIQUE KEY `k` (`key`), KEY `idx` (`key`(5)), CONSTRAINT `f` FOREIGN KEY (`id`) REFERENCES `o` (`id`) ON DELETE CASCADE) ENGINE=InnoDB";
        let d = Dialect::Mysql;
        let s = stmt(text, d);
        let ct = create_table(&s, d).unwrap();
        assert_eq!(ct.elems.len(), 6);
        let ElemKind::Column(id) = &ct.elems[0].kind else { panic!() };
        assert_eq!(src(text, &s, id.ty.unwrap()), "int(11) unsigned");
        let ElemKind::Column(key) = &ct.elems[1].kind else { panic!() };
        assert_eq!(key.clauses.iter().map(|c| c.kind.clone()).collect::<Vec<_>>(), vec![ClauseKind::Default, ClauseKind::NotNull]);
        let kinds: Vec<Option<ConKind>> = ct.elems[2..].iter().map(|e| match &e.kind { ElemKind::Constraint(c) => Some(c.kind), _ => None }).collect();
        assert_eq!(kinds, vec![Some(ConKind::PrimaryKey), Some(ConKind::Unique), Some(ConKind::Index), Some(ConKind::ForeignKey)]);
        let ElemKind::Constraint(u) = &ct.elems[3].kind else { panic!() };
        assert_eq!(s.ident(d, u.name.unwrap()).as_deref(), Some("k"));
        let lite = "CREATE TABLE t (a, b PRIMARY KEY, c INTEGER NOT NULL ON CONFLICT REPLACE)";
        let s = stmt(lite, Dialect::Sqlite);
        let ct = create_table(&s, Dialect::Sqlite).unwrap();
        let ElemKind::Column(a) = &ct.elems[0].kind else { panic!() };
        assert!(a.ty.is_none() && a.clauses.is_empty());
        let ElemKind::Column(c) = &ct.elems[2].kind else { panic!() };
        assert_eq!(c.clauses.len(), 1);
        assert_eq!(src(lite, &s, c.clauses[0].range), "NOT NULL ON CONFLICT REPLACE");
    }

    #[test]
    fn reads_alter_table_actions() {
        let text = "ALTER TABLE ONLY public.t ADD COLUMN x int NOT NULL, ADD CONSTRAINT t_pkey PRIMARY KEY (id), ALTER COLUMN y SET NOT NULL, DROP COLUMN z, OWNER TO me";
        let d = Dialect::Postgres;
        let s = stmt(text, d);
        let a = alter_table(&s, d).unwrap();
        assert_eq!(a.name.name.name, "t");
        assert_eq!(a.actions.len(), 5);
        assert!(matches!(a.actions[0].kind, ActionKind::AddColumn(_)));
        assert!(matches!(a.actions[1].kind, ActionKind::AddConstraint(Con { kind: ConKind::PrimaryKey, .. })));
        assert!(matches!(a.actions[2].kind, ActionKind::AlterColumn { what: AlterWhat::SetNotNull, .. }));
        assert!(matches!(a.actions[3].kind, ActionKind::DropColumn { .. }));
        assert!(matches!(a.actions[4].kind, ActionKind::Other));
    }
}
