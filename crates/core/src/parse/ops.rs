//! A small IR of migration statements, recognised by a hand-written reader over `lex.rs` tokens:
//! which ALTER TABLE actions a statement has, CREATE/DROP INDEX [CONCURRENTLY], DROP/TRUNCATE,
//! RENAME, SET lock_timeout, BEGIN/COMMIT, ALTER TYPE ... ADD VALUE, ... — what the migration
//! checker needs to know about locks and rewrites. Expressions and types are kept as source text.
//!
//! Contract: never panics on any text; unknown forms become [`Op::Other`] / [`Action::Other`].

use super::lex::{lex, Tok, Token};
use super::naming::fold;
use crate::dialect::Dialect;
use crate::model::QualifiedName;

/// A column definition as written in `ADD COLUMN` / `MODIFY` / `CHANGE`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    /// The type as written (`varchar(20)`, `bigserial`).
    pub type_text: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub primary_key: bool,
    pub unique: bool,
    /// Inline `REFERENCES t (c)`.
    pub references: Option<(QualifiedName, Vec<String>)>,
    pub check: Option<String>,
    /// `GENERATED ALWAYS AS (...) STORED` (or MySQL `AS (...) STORED`).
    pub generated_stored: bool,
    /// `GENERATED ... AS IDENTITY` / `AUTO_INCREMENT`.
    pub identity: bool,
    /// MySQL `FIRST` / `AFTER col`.
    pub positioned: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey { columns: Vec<String>, using_index: Option<String> },
    Unique { columns: Vec<String>, using_index: Option<String> },
    ForeignKey { columns: Vec<String>, ref_table: QualifiedName, ref_columns: Vec<String> },
    Check { expression: String },
    Exclude,
    /// `ADD CONSTRAINT name NOT NULL col` (PostgreSQL 18).
    NotNull { column: String },
    /// MySQL `ADD INDEX` / `ADD KEY` / `ADD FULLTEXT` / `ADD SPATIAL`.
    Index { columns: Vec<String>, fulltext: bool, spatial: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    AddColumn { column: ColumnDef, if_not_exists: bool },
    DropColumn { column: String, if_exists: bool },
    AlterColumnType { column: String, type_text: String, using: Option<String> },
    SetNotNull { column: String },
    DropNotNull { column: String },
    SetDefault { column: String, expression: String },
    DropDefault { column: String },
    AddIdentity { column: String },
    AddConstraint { name: Option<String>, kind: ConstraintKind, not_valid: bool },
    ValidateConstraint { name: String },
    DropConstraint { name: String, if_exists: bool },
    /// MySQL `DROP INDEX x` / `DROP KEY x`.
    DropIndex { name: String },
    /// MySQL `DROP PRIMARY KEY`.
    DropPrimaryKey,
    /// MySQL `DROP FOREIGN KEY x`.
    DropForeignKey { name: String },
    RenameColumn { from: String, to: String },
    RenameTable { to: QualifiedName },
    RenameConstraint { from: String, to: String },
    /// MySQL `RENAME INDEX a TO b`.
    RenameIndex { from: String, to: String },
    /// MySQL `MODIFY [COLUMN] c type ...`.
    Modify { column: ColumnDef },
    /// MySQL `CHANGE [COLUMN] old new type ...`.
    Change { from: String, column: ColumnDef },
    /// SET STATISTICS / SET (options) / CLUSTER ON / SET WITHOUT CLUSTER / SET STORAGE ...
    SetStatistics,
    /// SET LOGGED / SET UNLOGGED / SET TABLESPACE / SET ACCESS METHOD (rewrite the table).
    SetRewrite(String),
    /// ENABLE/DISABLE [ROW LEVEL SECURITY|TRIGGER|RULE], FORCE ROW LEVEL SECURITY ...
    Toggle { what: String, trigger: bool },
    AttachPartition { partition: QualifiedName },
    DetachPartition { partition: QualifiedName, concurrently: bool },
    OwnerTo,
    /// MySQL `ALGORITHM = x`.
    Algorithm(String),
    /// MySQL `LOCK = x`.
    Lock(String),
    /// MySQL `ENGINE = x`, `CONVERT TO CHARACTER SET`, `FORCE`, table options.
    TableOption(String),
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    CreateTable { name: QualifiedName, if_not_exists: bool, as_select: bool, references: Vec<QualifiedName> },
    CreateIndex {
        name: Option<String>,
        table: QualifiedName,
        unique: bool,
        concurrently: bool,
        if_not_exists: bool,
        columns: Vec<String>,
        /// MySQL `ALGORITHM=` / `LOCK=` clauses.
        algorithm: Option<String>,
    },
    DropIndex { names: Vec<QualifiedName>, concurrently: bool, if_exists: bool, table: Option<QualifiedName> },
    DropTable { names: Vec<QualifiedName>, if_exists: bool, cascade: bool },
    DropDatabase { name: String },
    DropSchema { name: String, cascade: bool },
    AlterTable { table: QualifiedName, if_exists: bool, actions: Vec<Action> },
    /// MySQL `RENAME TABLE a TO b [, c TO d]`.
    RenameTables { pairs: Vec<(QualifiedName, QualifiedName)> },
    AlterTypeAddValue { type_name: QualifiedName, value: String, positioned: bool, if_not_exists: bool },
    AlterIndexRename { from: QualifiedName, to: String },
    Truncate { tables: Vec<QualifiedName>, cascade: bool },
    /// `SET [SESSION|LOCAL] name = value` (name lower-cased).
    Set { name: String, value: String, local: bool },
    Begin,
    Commit,
    Rollback,
    /// UPDATE / DELETE / INSERT / MERGE on a table.
    Dml { verb: String, table: Option<QualifiedName> },
    /// VACUUM FULL / CLUSTER: rewrite under ACCESS EXCLUSIVE.
    VacuumFull { table: Option<QualifiedName> },
    Reindex { table: Option<QualifiedName>, concurrently: bool },
    RefreshMatView { concurrently: bool },
    CreateTrigger { table: Option<QualifiedName> },
    LockTable { tables: Vec<QualifiedName>, mode: String },
    /// Anything else (CREATE TYPE, CREATE FUNCTION, COMMENT, GRANT, ...): the head words.
    Other(String),
}

struct R<'a> {
    toks: &'a [Token],
    text: &'a str,
    i: usize,
    d: Dialect,
}

impl<'a> R<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }
    fn at(&self, off: usize) -> Option<&'a Token> {
        self.toks.get(self.i + off)
    }
    fn is(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is(kw))
    }
    fn eat(&mut self, kw: &str) -> bool {
        if self.is(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_seq(&mut self, kws: &[&str]) -> bool {
        if kws.iter().enumerate().all(|(k, w)| self.at(k).is_some_and(|t| t.is(w))) {
            self.i += kws.len();
            true
        } else {
            false
        }
    }
    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek().is_some_and(|t| t.is_punct(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i >= self.toks.len()
    }
    /// One identifier part, folded as the database stores it.
    fn ident(&mut self) -> Option<String> {
        let t = self.peek()?;
        let s = match &t.tok {
            Tok::Word(w) => fold(self.d, w, false),
            Tok::Quoted(q) => fold(self.d, q, true),
            Tok::Str(s) if self.d != Dialect::Postgres => s.clone(),
            _ => return None,
        };
        self.i += 1;
        Some(s)
    }
    /// `a`, `s.a` (`db.s.a` keeps the last two parts).
    fn qname(&mut self) -> Option<QualifiedName> {
        let mut parts = vec![self.ident()?];
        while self.peek().is_some_and(|t| t.is_punct('.')) {
            self.i += 1;
            match self.ident() {
                Some(p) => parts.push(p),
                None => break,
            }
        }
        let name = parts.pop()?;
        Some(QualifiedName::new(parts.pop(), name))
    }
    /// `(a, b DESC, lower(c))` → the column names / expression texts; cursor after `)`.
    fn paren_list(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.eat_punct('(') {
            return out;
        }
        let mut depth = 0usize;
        let mut item_start = self.i;
        while let Some(t) = self.peek() {
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                if depth == 0 {
                    out.push(self.item(item_start, self.i));
                    self.i += 1;
                    return out;
                }
                depth -= 1;
            } else if t.is_punct(',') && depth == 0 {
                out.push(self.item(item_start, self.i));
                item_start = self.i + 1;
            }
            self.i += 1;
        }
        out.push(self.item(item_start, self.i));
        out
    }
    fn item(&self, a: usize, b: usize) -> String {
        let ts = &self.toks[a.min(self.toks.len())..b.min(self.toks.len())];
        match ts {
            [one] | [one, ..] if matches!(one.tok, Tok::Word(_) | Tok::Quoted(_)) && (ts.len() == 1 || !ts[1].is_punct('(')) => match &one.tok {
                Tok::Word(w) => fold(self.d, w, false),
                Tok::Quoted(q) => fold(self.d, q, true),
                _ => String::new(),
            },
            _ => self.src(a, b),
        }
    }
    /// Source text of tokens `a..b`.
    fn src(&self, a: usize, b: usize) -> String {
        if a >= b || a >= self.toks.len() {
            return String::new();
        }
        let s = self.toks[a].start;
        let e = self.toks[(b - 1).min(self.toks.len() - 1)].end;
        self.text.get(s..e).unwrap_or("").trim().to_string()
    }
    /// Skips a balanced `( ... )` if one is next.
    fn skip_parens(&mut self) {
        if !self.peek().is_some_and(|t| t.is_punct('(')) {
            return;
        }
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            self.i += 1;
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            }
        }
    }
    /// Advances to the first token at depth 0 (from the cursor) satisfying `stop`; returns the
    /// source text skipped.
    fn until(&mut self, stop: impl Fn(&Token) -> bool) -> String {
        let a = self.i;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            if depth == 0 && stop(t) {
                break;
            }
            if t.is_punct('(') || t.is_punct('[') {
                depth += 1;
            } else if t.is_punct(')') || t.is_punct(']') {
                depth = depth.saturating_sub(1);
            }
            self.i += 1;
        }
        self.src(a, self.i)
    }
}

/// Splits `toks` at commas at parenthesis depth 0.
fn split_commas(toks: &[Token]) -> Vec<&[Token]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth = depth.saturating_sub(1);
        } else if t.is_punct(',') && depth == 0 {
            out.push(&toks[start..k]);
            start = k + 1;
        }
    }
    out.push(&toks[start..]);
    out
}

const COLUMN_CONSTRAINT_WORDS: &[&str] = &[
    "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "AUTO_INCREMENT", "AUTOINCREMENT", "COMMENT",
    "ON", "AS", "FIRST", "AFTER", "USING", "CHARACTER", "CHARSET", "KEY", "VISIBLE", "INVISIBLE", "STORED", "VIRTUAL", "IDENTITY", "ALGORITHM", "LOCK",
];

fn is_constraint_word(t: &Token) -> bool {
    COLUMN_CONSTRAINT_WORDS.iter().any(|w| t.is(w))
}

/// Reads `name type constraints...` from the cursor to the end of the token slice.
fn column_def(r: &mut R) -> ColumnDef {
    let mut c = ColumnDef { name: r.ident().unwrap_or_default(), ..Default::default() };
    // MySQL `CHARACTER SET x` belongs to the type; keep type text up to the first constraint word.
    c.type_text = r.until(is_constraint_word);
    while !r.done() {
        if r.eat_seq(&["NOT", "NULL"]) {
            c.not_null = true;
        } else if r.eat("NULL") {
        } else if r.eat("DEFAULT") {
            let e = r.until(|t| is_constraint_word(t) && !t.is("NULL") && !t.is("AS") && !t.is("ON"));
            c.default = Some(e);
        } else if r.eat_seq(&["PRIMARY", "KEY"]) {
            c.primary_key = true;
            c.not_null = true;
        } else if r.eat("UNIQUE") {
            r.eat("KEY");
            c.unique = true;
        } else if r.eat("REFERENCES") {
            let t = r.qname().unwrap_or_default();
            let cols = r.paren_list();
            c.references = Some((t, cols));
            // ON DELETE/UPDATE actions, MATCH, DEFERRABLE: skip words until a constraint word
            // other than ON.
            while let Some(t) = r.peek() {
                if is_constraint_word(t) && !t.is("ON") && !t.is("NOT") && !t.is("NULL") && !t.is("DEFAULT") {
                    break;
                }
                if t.is("NOT") && r.at(1).is_some_and(|n| n.is("NULL")) {
                    break;
                }
                r.i += 1;
            }
        } else if r.eat("CHECK") {
            let a = r.i;
            r.skip_parens();
            c.check = Some(r.src(a, r.i));
        } else if r.eat("CONSTRAINT") {
            r.ident();
        } else if r.eat("GENERATED") {
            let a = r.i;
            r.until(|t| t.is("AS"));
            let _ = a;
            r.eat("AS");
            if r.is("IDENTITY") {
                c.identity = true;
                r.i += 1;
                r.skip_parens();
            } else {
                r.skip_parens();
                if r.eat("STORED") {
                    c.generated_stored = true;
                }
            }
        } else if r.eat("AS") {
            // MySQL generated column.
            r.skip_parens();
            if r.eat("STORED") {
                c.generated_stored = true;
            }
        } else if r.eat("AUTO_INCREMENT") || r.eat("AUTOINCREMENT") {
            c.identity = true;
        } else if r.eat("FIRST") {
            c.positioned = true;
        } else if r.eat("AFTER") {
            c.positioned = true;
            r.ident();
        } else {
            r.i += 1;
        }
    }
    c
}

fn constraint(r: &mut R, name: Option<String>) -> Option<(Option<String>, ConstraintKind, bool)> {
    let kind = if r.eat_seq(&["PRIMARY", "KEY"]) {
        if r.eat_seq(&["USING", "INDEX"]) {
            ConstraintKind::PrimaryKey { columns: vec![], using_index: r.ident() }
        } else {
            ConstraintKind::PrimaryKey { columns: r.paren_list(), using_index: None }
        }
    } else if r.eat("UNIQUE") {
        if r.eat_seq(&["USING", "INDEX"]) {
            ConstraintKind::Unique { columns: vec![], using_index: r.ident() }
        } else {
            r.eat_seq(&["NULLS", "NOT", "DISTINCT"]);
            let _ = r.eat("INDEX") || r.eat("KEY");
            // MySQL: optional index name before the column list.
            if !r.peek().is_some_and(|t| t.is_punct('(')) {
                r.ident();
            }
            ConstraintKind::Unique { columns: r.paren_list(), using_index: None }
        }
    } else if r.eat_seq(&["FOREIGN", "KEY"]) {
        if !r.peek().is_some_and(|t| t.is_punct('(')) {
            r.ident();
        }
        let columns = r.paren_list();
        r.eat("REFERENCES");
        let ref_table = r.qname().unwrap_or_default();
        let ref_columns = r.paren_list();
        ConstraintKind::ForeignKey { columns, ref_table, ref_columns }
    } else if r.eat("CHECK") {
        let a = r.i;
        r.skip_parens();
        let e = r.src(a, r.i);
        ConstraintKind::Check { expression: e.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(&e).trim().to_string() }
    } else if r.eat("EXCLUDE") {
        ConstraintKind::Exclude
    } else if r.eat_seq(&["NOT", "NULL"]) {
        ConstraintKind::NotNull { column: r.ident().unwrap_or_default() }
    } else if r.is("INDEX") || r.is("KEY") || r.is("FULLTEXT") || r.is("SPATIAL") {
        let fulltext = r.eat("FULLTEXT");
        let spatial = r.eat("SPATIAL");
        let _ = r.eat("INDEX") || r.eat("KEY");
        if !r.peek().is_some_and(|t| t.is_punct('(')) {
            r.ident();
        }
        ConstraintKind::Index { columns: r.paren_list(), fulltext, spatial }
    } else {
        return None;
    };
    let mut not_valid = false;
    while let Some(t) = r.peek() {
        if t.is("NOT") && r.at(1).is_some_and(|n| n.is("VALID")) {
            not_valid = true;
            r.i += 2;
            continue;
        }
        r.i += 1;
    }
    Some((name, kind, not_valid))
}

fn action(toks: &[Token], text: &str, d: Dialect) -> Action {
    let mut r = R { toks, text, i: 0, d };
    let head = |r: &R| r.src(0, r.toks.len().min(4));
    if r.eat("ADD") {
        if r.eat("CONSTRAINT") {
            let name = r.ident();
            return constraint(&mut r, name).map_or_else(|| Action::Other(head(&r)), |(n, k, nv)| Action::AddConstraint { name: n, kind: k, not_valid: nv });
        }
        let save = r.i;
        if let Some((n, k, nv)) = constraint(&mut r, None) {
            return Action::AddConstraint { name: n, kind: k, not_valid: nv };
        }
        r.i = save;
        if r.is("PARTITION") {
            return Action::Other("ADD PARTITION".into());
        }
        r.eat("COLUMN");
        let ine = r.eat_seq(&["IF", "NOT", "EXISTS"]);
        // MySQL `ADD COLUMN (a int, b int)`: take the first.
        if r.eat_punct('(') {
            let inner: Vec<Token> = r.toks[r.i..].to_vec();
            let parts = split_commas(&inner);
            let mut rr = R { toks: parts[0], text, i: 0, d };
            return Action::AddColumn { column: column_def(&mut rr), if_not_exists: ine };
        }
        return Action::AddColumn { column: column_def(&mut r), if_not_exists: ine };
    }
    if r.eat("DROP") {
        if r.eat("CONSTRAINT") {
            let ie = r.eat_seq(&["IF", "EXISTS"]);
            return Action::DropConstraint { name: r.ident().unwrap_or_default(), if_exists: ie };
        }
        if r.eat_seq(&["PRIMARY", "KEY"]) {
            return Action::DropPrimaryKey;
        }
        if r.eat_seq(&["FOREIGN", "KEY"]) {
            return Action::DropForeignKey { name: r.ident().unwrap_or_default() };
        }
        if r.eat("INDEX") || r.eat("KEY") {
            return Action::DropIndex { name: r.ident().unwrap_or_default() };
        }
        if r.eat("CHECK") {
            return Action::DropConstraint { name: r.ident().unwrap_or_default(), if_exists: false };
        }
        if r.is("PARTITION") || r.is("DEFAULT") {
            return Action::Other(head(&r));
        }
        r.eat("COLUMN");
        let ie = r.eat_seq(&["IF", "EXISTS"]);
        return Action::DropColumn { column: r.ident().unwrap_or_default(), if_exists: ie };
    }
    if r.eat("ALTER") {
        if r.is("CONSTRAINT") || r.is("INDEX") || r.is("CHECK") {
            return Action::Other(head(&r));
        }
        r.eat("COLUMN");
        let column = r.ident().unwrap_or_default();
        if r.eat("TYPE") || r.eat_seq(&["SET", "DATA", "TYPE"]) {
            let type_text = r.until(|t| t.is("USING") || t.is("COLLATE"));
            let mut using = None;
            if r.eat("COLLATE") {
                r.ident();
            }
            if r.eat("USING") {
                using = Some(r.src(r.i, r.toks.len()));
            }
            return Action::AlterColumnType { column, type_text, using };
        }
        if r.eat_seq(&["SET", "NOT", "NULL"]) {
            return Action::SetNotNull { column };
        }
        if r.eat_seq(&["DROP", "NOT", "NULL"]) {
            return Action::DropNotNull { column };
        }
        if r.eat_seq(&["SET", "DEFAULT"]) {
            return Action::SetDefault { column, expression: r.src(r.i, r.toks.len()) };
        }
        if r.eat_seq(&["DROP", "DEFAULT"]) {
            return Action::DropDefault { column };
        }
        if r.eat("ADD") && r.is("GENERATED") {
            return Action::AddIdentity { column };
        }
        if r.is("SET") || r.is("RESET") {
            // SET STATISTICS / STORAGE / COMPRESSION / (options), or SET GENERATED / INCREMENT on identity
            return Action::SetStatistics;
        }
        return Action::Other(head(&r));
    }
    if r.eat("RENAME") {
        if r.eat("TO") || r.eat("AS") {
            return Action::RenameTable { to: r.qname().unwrap_or_default() };
        }
        if r.eat("CONSTRAINT") {
            let from = r.ident().unwrap_or_default();
            r.eat("TO");
            return Action::RenameConstraint { from, to: r.ident().unwrap_or_default() };
        }
        if r.eat("INDEX") || r.eat("KEY") {
            let from = r.ident().unwrap_or_default();
            r.eat("TO");
            return Action::RenameIndex { from, to: r.ident().unwrap_or_default() };
        }
        r.eat("COLUMN");
        let from = r.ident().unwrap_or_default();
        r.eat("TO");
        return Action::RenameColumn { from, to: r.ident().unwrap_or_default() };
    }
    if r.eat_seq(&["VALIDATE", "CONSTRAINT"]) {
        return Action::ValidateConstraint { name: r.ident().unwrap_or_default() };
    }
    if r.eat("MODIFY") {
        r.eat("COLUMN");
        return Action::Modify { column: column_def(&mut r) };
    }
    if r.eat("CHANGE") {
        r.eat("COLUMN");
        let from = r.ident().unwrap_or_default();
        return Action::Change { from, column: column_def(&mut r) };
    }
    if r.eat("ALGORITHM") {
        r.eat_punct('=');
        return Action::Algorithm(r.src(r.i, r.toks.len()).to_ascii_uppercase());
    }
    if r.eat("LOCK") {
        r.eat_punct('=');
        return Action::Lock(r.src(r.i, r.toks.len()).to_ascii_uppercase());
    }
    if r.is("SET") {
        if r.at(1).is_some_and(|t| t.is("LOGGED") || t.is("UNLOGGED") || t.is("TABLESPACE") || t.is("ACCESS")) {
            return Action::SetRewrite(head(&r));
        }
        if r.at(1).is_some_and(|t| t.is("SCHEMA")) {
            return Action::Other(head(&r));
        }
        return Action::SetStatistics;
    }
    if r.is("RESET") || r.is("CLUSTER") {
        return Action::SetStatistics;
    }
    if r.is("ENABLE") || r.is("DISABLE") || r.is("FORCE") || (r.is("NO") && r.at(1).is_some_and(|t| t.is("FORCE"))) {
        let trigger = r.toks.iter().take(4).any(|t| t.is("TRIGGER"));
        if r.is("FORCE") && r.toks.len() == 1 {
            return Action::TableOption("FORCE".into());
        }
        return Action::Toggle { what: head(&r), trigger };
    }
    if r.eat_seq(&["ATTACH", "PARTITION"]) {
        return Action::AttachPartition { partition: r.qname().unwrap_or_default() };
    }
    if r.eat_seq(&["DETACH", "PARTITION"]) {
        let partition = r.qname().unwrap_or_default();
        return Action::DetachPartition { partition, concurrently: r.eat("CONCURRENTLY") };
    }
    if r.eat_seq(&["OWNER", "TO"]) {
        return Action::OwnerTo;
    }
    if r.is("ENGINE") || r.is("CONVERT") || r.is("DEFAULT") || r.is("CHARACTER") || r.is("CHARSET") || r.is("COLLATE") || r.is("COMMENT")
        || r.is("AUTO_INCREMENT") || r.is("ROW_FORMAT") || r.is("KEY_BLOCK_SIZE")
    {
        return Action::TableOption(head(&r).to_ascii_uppercase());
    }
    Action::Other(head(&r))
}

fn qname_list(r: &mut R) -> Vec<QualifiedName> {
    let mut out = Vec::new();
    while let Some(q) = r.qname() {
        out.push(q);
        if !r.eat_punct(',') {
            break;
        }
    }
    out
}

/// Recognises one statement (`stmt` is its text, comments included).
pub fn recognise(stmt: &str, dialect: Dialect) -> Op {
    let toks = lex(stmt, dialect, 1 << 16);
    let mut r = R { toks: &toks, text: stmt, i: 0, d: dialect };
    let words: Vec<String> = toks.iter().take(3).map(|t| match &t.tok {
        Tok::Word(w) => w.to_ascii_uppercase(),
        _ => String::new(),
    }).collect();
    let other = |n: usize| Op::Other(words.iter().take(n).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "));
    let Some(first) = words.first() else { return Op::Other(String::new()) };
    match first.as_str() {
        "BEGIN" | "START" => Op::Begin,
        "COMMIT" | "END" => Op::Commit,
        "ROLLBACK" | "ABORT" => Op::Rollback,
        "SET" => {
            r.i = 1;
            let local = r.eat("LOCAL");
            r.eat("SESSION");
            let name = r.qname().map(|q| q.name.to_ascii_lowercase()).unwrap_or_default();
            let _ = r.eat_punct('=') || r.eat("TO");
            let value = r.src(r.i, toks.len());
            Op::Set { name, value: value.trim_matches('\'').to_string(), local }
        }
        "TRUNCATE" => {
            r.i = 1;
            r.eat("TABLE");
            r.eat("ONLY");
            let tables = qname_list(&mut r);
            Op::Truncate { tables, cascade: toks.iter().any(|t| t.is("CASCADE")) }
        }
        "UPDATE" | "DELETE" | "INSERT" | "MERGE" | "REPLACE" => {
            r.i = 1;
            let _ = r.eat("FROM") || r.eat("INTO");
            r.eat("ONLY");
            Op::Dml { verb: first.clone(), table: r.qname() }
        }
        "VACUUM" if toks.iter().take(4).any(|t| t.is("FULL")) => {
            let table = toks.iter().rposition(|t| matches!(t.tok, Tok::Word(_) | Tok::Quoted(_))).filter(|&p| p > 0 && !toks[p].is("FULL")).and_then(|p| {
                r.i = p;
                r.qname()
            });
            Op::VacuumFull { table }
        }
        "CLUSTER" => {
            r.i = 1;
            r.eat("VERBOSE");
            Op::VacuumFull { table: r.qname() }
        }
        "REINDEX" => {
            r.i = 1;
            r.skip_parens();
            let is_table = r.eat("TABLE");
            if !is_table {
                let _ = r.eat("INDEX") || r.eat("SCHEMA") || r.eat("DATABASE") || r.eat("SYSTEM");
            }
            let concurrently = r.eat("CONCURRENTLY");
            let table = if is_table { r.qname() } else { None };
            Op::Reindex { table, concurrently }
        }
        "REFRESH" => Op::RefreshMatView { concurrently: toks.iter().any(|t| t.is("CONCURRENTLY")) },
        "LOCK" => {
            r.i = 1;
            r.eat("TABLE");
            r.eat("ONLY");
            let tables = qname_list(&mut r);
            let mode = if r.eat("IN") { r.until(|t| t.is("MODE") || t.is("NOWAIT")).to_ascii_uppercase() } else { "ACCESS EXCLUSIVE".into() };
            Op::LockTable { tables, mode }
        }
        "RENAME" if words.get(1).is_some_and(|w| w == "TABLE") => {
            r.i = 2;
            let mut pairs = Vec::new();
            while let Some(a) = r.qname() {
                r.eat("TO");
                let Some(b) = r.qname() else { break };
                pairs.push((a, b));
                if !r.eat_punct(',') {
                    break;
                }
            }
            Op::RenameTables { pairs }
        }
        // `SELECT ... INTO [TEMP] t FROM ...` creates a table (PostgreSQL).
        "SELECT" if dialect == Dialect::Postgres => {
            let into = toks.iter().position(|t| t.is("INTO"));
            let from = toks.iter().position(|t| t.is("FROM")).unwrap_or(usize::MAX);
            match into.filter(|&p| p < from) {
                Some(p) => {
                    r.i = p + 1;
                    while r.eat("TEMP") || r.eat("TEMPORARY") || r.eat("UNLOGGED") || r.eat("TABLE") {}
                    match r.qname() {
                        Some(name) => Op::CreateTable { name, if_not_exists: false, as_select: true, references: Vec::new() },
                        None => other(1),
                    }
                }
                None => other(1),
            }
        }
        "CREATE" => create(&mut r, &words),
        "DROP" => drop(&mut r, &words),
        "ALTER" => alter(&mut r, stmt, &words),
        _ => other(2),
    }
}

fn create(r: &mut R, words: &[String]) -> Op {
    r.i = 1;
    let _ = r.eat_seq(&["OR", "REPLACE"]);
    let unique = r.eat("UNIQUE");
    let _ = r.eat("FULLTEXT") || r.eat("SPATIAL");
    let _ = r.eat("ONLINE") || r.eat("OFFLINE");
    if r.eat("INDEX") {
        let concurrently = r.eat("CONCURRENTLY");
        let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = if r.is("ON") { None } else { r.ident() };
        // MySQL `CREATE INDEX i USING BTREE ON t`.
        if r.eat("USING") {
            r.ident();
        }
        r.eat("ON");
        r.eat("ONLY");
        let table = r.qname().unwrap_or_default();
        if r.eat("USING") {
            r.ident();
        }
        let columns = r.paren_list();
        let mut algorithm = None;
        while let Some(t) = r.peek() {
            if t.is("ALGORITHM") {
                r.i += 1;
                r.eat_punct('=');
                algorithm = r.ident().map(|a| a.to_ascii_uppercase());
                continue;
            }
            r.i += 1;
        }
        return Op::CreateIndex { name, table, unique, concurrently, if_not_exists, columns, algorithm };
    }
    // CREATE [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE
    while r.eat("GLOBAL") || r.eat("LOCAL") || r.eat("TEMP") || r.eat("TEMPORARY") || r.eat("UNLOGGED") {}
    if r.eat("TABLE") {
        let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = r.qname().unwrap_or_default();
        let start = r.i;
        let mut references = Vec::new();
        let mut as_select = false;
        let mut k = start;
        while k < r.toks.len() {
            if r.toks[k].is("REFERENCES") {
                r.i = k + 1;
                if let Some(q) = r.qname() {
                    references.push(q);
                }
                k = r.i;
                continue;
            }
            if k == start && r.toks[k].is("AS") {
                as_select = true;
            }
            k += 1;
        }
        return Op::CreateTable { name, if_not_exists, as_select, references };
    }
    if r.eat("TRIGGER") || (r.eat("CONSTRAINT") && r.eat("TRIGGER")) {
        let on = r.toks.iter().position(|t| t.is("ON"));
        let table = on.and_then(|p| {
            r.i = p + 1;
            r.qname()
        });
        return Op::CreateTrigger { table };
    }
    Op::Other(words.iter().take(3).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}

fn drop(r: &mut R, words: &[String]) -> Op {
    r.i = 1;
    if r.eat("INDEX") {
        let concurrently = r.eat("CONCURRENTLY");
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        let names = qname_list(r);
        let table = if r.eat("ON") { r.qname() } else { None };
        return Op::DropIndex { names, concurrently, if_exists, table };
    }
    let _ = r.eat("TEMPORARY");
    if r.eat("TABLE") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        let names = qname_list(r);
        return Op::DropTable { names, if_exists, cascade: r.eat("CASCADE") };
    }
    if r.eat("DATABASE") {
        r.eat_seq(&["IF", "EXISTS"]);
        return Op::DropDatabase { name: r.ident().unwrap_or_default() };
    }
    if r.eat("SCHEMA") {
        r.eat_seq(&["IF", "EXISTS"]);
        let name = r.ident().unwrap_or_default();
        return Op::DropSchema { name, cascade: r.toks.iter().any(|t| t.is("CASCADE")) };
    }
    Op::Other(words.iter().take(2).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}

fn alter(r: &mut R, stmt: &str, words: &[String]) -> Op {
    r.i = 1;
    if r.eat("TABLE") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        r.eat("ONLY");
        let table = r.qname().unwrap_or_default();
        r.eat_punct('*');
        let rest = &r.toks[r.i..];
        let actions = if rest.is_empty() {
            Vec::new()
        } else {
            split_commas(rest).into_iter().filter(|p| !p.is_empty()).map(|p| action(p, stmt, r.d)).collect()
        };
        return Op::AlterTable { table, if_exists, actions };
    }
    if r.eat("TYPE") {
        let type_name = r.qname().unwrap_or_default();
        if r.eat_seq(&["ADD", "VALUE"]) {
            let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
            let value = match r.peek().map(|t| &t.tok) {
                Some(Tok::Str(s)) => s.clone(),
                _ => String::new(),
            };
            let positioned = r.toks.iter().any(|t| t.is("BEFORE") || t.is("AFTER"));
            return Op::AlterTypeAddValue { type_name, value, positioned, if_not_exists };
        }
        return Op::Other("ALTER TYPE".into());
    }
    if r.eat("INDEX") {
        r.eat_seq(&["IF", "EXISTS"]);
        let from = r.qname().unwrap_or_default();
        if r.eat_seq(&["RENAME", "TO"]) {
            return Op::AlterIndexRename { from, to: r.ident().unwrap_or_default() };
        }
        return Op::Other("ALTER INDEX".into());
    }
    Op::Other(words.iter().take(2).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pg(s: &str) -> Op {
        recognise(s, Dialect::Postgres)
    }

    #[test]
    fn alter_table_actions() {
        let Op::AlterTable { table, actions, .. } = pg("ALTER TABLE public.\"Users\" ADD COLUMN IF NOT EXISTS age int NOT NULL DEFAULT 0, ALTER COLUMN name TYPE varchar(200) USING name::varchar, ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID")
        else {
            panic!("not alter table")
        };
        assert_eq!(table, QualifiedName::new(Some("public".into()), "Users"));
        assert_eq!(actions.len(), 3);
        let Action::AddColumn { column, if_not_exists } = &actions[0] else { panic!("{:?}", actions[0]) };
        assert!(*if_not_exists && column.not_null);
        assert_eq!((column.name.as_str(), column.type_text.as_str(), column.default.as_deref()), ("age", "int", Some("0")));
        assert_eq!(actions[1], Action::AlterColumnType { column: "name".into(), type_text: "varchar(200)".into(), using: Some("name::varchar".into()) });
        let Action::AddConstraint { name, kind: ConstraintKind::ForeignKey { columns, ref_table, .. }, not_valid } = &actions[2] else { panic!() };
        assert_eq!((name.as_deref(), columns.as_slice(), ref_table.name.as_str(), *not_valid), (Some("fk"), &["org_id".to_string()][..], "orgs", true));
    }

    #[test]
    fn indexes_and_misc() {
        assert!(matches!(pg("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a, lower(b))"),
            Op::CreateIndex { unique: true, concurrently: true, if_not_exists: true, ref columns, .. } if columns == &["a".to_string(), "lower(b)".to_string()]));
        assert!(matches!(pg("DROP INDEX CONCURRENTLY IF EXISTS s.i"), Op::DropIndex { concurrently: true, if_exists: true, .. }));
        assert!(matches!(pg("SET LOCAL lock_timeout = '2s'"), Op::Set { ref name, ref value, local: true } if name == "lock_timeout" && value == "2s"));
        assert!(matches!(pg("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'"), Op::AlterTypeAddValue { positioned: true, .. }));
        assert!(matches!(pg("TRUNCATE TABLE a, b CASCADE"), Op::Truncate { ref tables, cascade: true } if tables.len() == 2));
        assert!(matches!(recognise("ALTER TABLE t MODIFY COLUMN c varchar(20) NOT NULL, ALGORITHM=INPLACE", Dialect::Mysql),
            Op::AlterTable { ref actions, .. } if matches!(&actions[1], Action::Algorithm(a) if a == "INPLACE")));
        assert!(matches!(pg("ALTER TABLE t ALTER COLUMN c SET NOT NULL"), Op::AlterTable { ref actions, .. } if actions == &[Action::SetNotNull { column: "c".into() }]));
        assert_eq!(pg("-- hi\nBEGIN"), Op::Begin);
        assert!(matches!(pg("SELECT a, count(*) INTO TEMP tmp_counts FROM t GROUP BY a"), Op::CreateTable { ref name, .. } if name.name == "tmp_counts"));
        assert!(matches!(pg("SELECT 1 FROM t"), Op::Other(_)));
    }

    #[test]
    fn never_panics_on_fragments() {
        for s in ["ALTER", "ALTER TABLE", "ALTER TABLE t ADD", "ALTER TABLE t ADD CONSTRAINT", "CREATE INDEX", "DROP INDEX ON", "ALTER TABLE t ADD (", "SET", "RENAME TABLE a TO", "ALTER TABLE t ALTER COLUMN", "ALTER TYPE x ADD VALUE"] {
            let _ = pg(s);
            let _ = recognise(s, Dialect::Mysql);
        }
    }
}
