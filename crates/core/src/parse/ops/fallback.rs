//! The hand-written token reader for the statements sqlparser 0.63 rejects (listed in
//! [`super`]'s doc): it builds the same IR from `lex.rs` tokens. Never panics; unknown forms become
//! [`Op::Other`] / [`Action::Other`].

use super::{Action, ColumnDef, ConstraintKind, DomainAction, Op, ReindexTarget, Relation};
use crate::parse::lex::{lex, Tok, Token};
use crate::parse::naming::fold;
use crate::dialect::Dialect;
use crate::model::QualifiedName;

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
            c.references = Some(super::Reference { table: t, columns: cols, actions: String::new() });
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
        let concurrently = r.eat("CONCURRENTLY");
        let finalize = r.eat("FINALIZE");
        return Action::DetachPartition { partition, concurrently, finalize };
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
/// A statement the IR does not model: its first words (up to three, upper-cased).
pub(super) fn other(stmt: &str, dialect: Dialect) -> Op {
    let toks = lex(stmt, dialect, 3);
    Op::Other(toks.iter().filter_map(|t| if let Tok::Word(w) = &t.tok { Some(w.to_ascii_uppercase()) } else { None }).collect::<Vec<_>>().join(" "))
}

pub(super) fn recognise(stmt: &str, dialect: Dialect) -> Op {
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
        "COMMIT" | "END" => Op::Commit { chain: toks.windows(2).any(|w| w[0].is("AND") && w[1].is("CHAIN")) },
        "ROLLBACK" | "ABORT" if !toks.iter().any(|t| t.is("TO")) => Op::Rollback { chain: toks.windows(2).any(|w| w[0].is("AND") && w[1].is("CHAIN")) },
        "SET" => {
            r.i = 1;
            let local = r.eat("LOCAL");
            r.eat("SESSION");
            // the whole dotted name: `foo.lock_timeout` is not lock_timeout
            let start = r.i;
            while r.peek().is_some_and(|t| !t.is_punct('=') && !t.is("TO")) {
                r.i += 1;
            }
            let name = r.src(start, r.i).to_ascii_lowercase().replace([' ', '"'], "");
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
            Op::Rewrite { verb: "VACUUM FULL", table }
        }
        "CLUSTER" => {
            r.i = 1;
            r.eat("VERBOSE");
            Op::Rewrite { verb: "CLUSTER", table: r.qname() }
        }
        "REINDEX" => {
            r.i = 1;
            // `REINDEX (CONCURRENTLY [true|false|on|off|1|0], VERBOSE) ...`
            let mut concurrently = false;
            if r.peek().is_some_and(|t| t.is_punct('(')) {
                let open = r.i;
                r.skip_parens();
                let opts = &toks[open..r.i];
                if let Some(k) = opts.iter().position(|t| t.is("CONCURRENTLY")) {
                    concurrently = !opts.get(k + 1).is_some_and(|v| match &v.tok {
                        Tok::Word(w) | Tok::Str(w) | Tok::Num(w) => matches!(w.to_ascii_lowercase().as_str(), "false" | "off" | "0" | "no"),
                        _ => false,
                    });
                }
            }
            let target = if r.eat("TABLE") {
                ReindexTarget::Table
            } else if r.eat("INDEX") {
                ReindexTarget::Index
            } else if r.eat("SCHEMA") {
                ReindexTarget::Schema
            } else if r.eat("DATABASE") {
                ReindexTarget::Database
            } else if r.eat("SYSTEM") {
                ReindexTarget::System
            } else {
                ReindexTarget::Table
            };
            concurrently |= r.eat("CONCURRENTLY");
            Op::Reindex { target, name: r.qname(), concurrently }
        }
        "RESET" => {
            r.i = 1;
            let start = r.i;
            r.i = toks.len();
            Op::Reset { name: r.src(start, r.i).to_ascii_lowercase().replace([' ', '"'], "") }
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
                        Some(name) => Op::CreateTable { name, if_not_exists: false, as_select: true, references: Vec::new(), temporary: toks[p..].iter().take(3).any(|t| t.is("TEMP") || t.is("TEMPORARY")), on_commit_drop: false },
                        None => other(1),
                    }
                }
                None => other(1),
            }
        }
        "COMMENT" => Op::Comment { table: None },
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
    let mut temporary = false;
    loop {
        if r.eat("TEMP") || r.eat("TEMPORARY") {
            temporary = true;
        } else if !(r.eat("GLOBAL") || r.eat("LOCAL") || r.eat("UNLOGGED")) {
            break;
        }
    }
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
        let on_commit_drop = r.toks.windows(3).any(|w| w[0].is("ON") && w[1].is("COMMIT") && w[2].is("DROP"));
        return Op::CreateTable { name, if_not_exists, as_select, references, temporary, on_commit_drop };
    }
    if r.eat("TRIGGER") || (r.eat("CONSTRAINT") && r.eat("TRIGGER")) {
        let on = r.toks.iter().position(|t| t.is("ON"));
        let table = on.and_then(|p| {
            r.i = p + 1;
            r.qname()
        });
        return Op::CreateTrigger { table };
    }
    let _ = r.eat("TEMP") || r.eat("TEMPORARY");
    if r.eat("VIEW") {
        r.eat_seq(&["IF", "NOT", "EXISTS"]);
        if let Some(name) = r.qname() {
            return Op::CreateView { name };
        }
    }
    if r.eat("DOMAIN") {
        let name = r.qname().unwrap_or_default();
        let constraints = r.toks[r.i..].iter().any(|t| t.is("CHECK") || t.is("CONSTRAINT") || t.is("NOT") || t.is("NULL"));
        return Op::CreateDomain { name, constraints };
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
    if r.eat("TYPE") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        return Op::DropType { names: qname_list(r), if_exists };
    }
    if r.eat("TRIGGER") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        r.ident();
        let table = if r.eat("ON") { r.qname() } else { None };
        return Op::DropTrigger { table, if_exists };
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
    let relation = if r.eat("TABLE") {
        Some(Relation::Table)
    } else if r.eat_seq(&["FOREIGN", "TABLE"]) {
        Some(Relation::ForeignTable)
    } else if r.eat("VIEW") || r.eat_seq(&["MATERIALIZED", "VIEW"]) {
        Some(Relation::View)
    } else {
        None
    };
    if let Some(relation) = relation {
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
        return Op::AlterTable { table, if_exists, actions, relation };
    }
    if r.eat("TYPE") {
        let type_name = r.qname().unwrap_or_default();
        // composite types: ADD/DROP/ALTER/RENAME ATTRIBUTE read like columns
        if r.toks.iter().skip(r.i).take(3).any(|t| t.is("ATTRIBUTE")) {
            let rest: Vec<Token> = r.toks[r.i..].iter().filter(|t| !t.is("ATTRIBUTE")).cloned().collect();
            let actions = split_commas(&rest).into_iter().filter(|p| !p.is_empty()).map(|p| action(p, stmt, r.d)).collect();
            return Op::AlterTable { table: type_name, if_exists: false, actions, relation: Relation::CompositeType };
        }
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
    if r.eat("DOMAIN") {
        let name = r.qname().unwrap_or_default();
        let action = if r.eat("ADD") {
            DomainAction::AddConstraint { not_valid: r.toks.windows(2).any(|w| w[0].is("NOT") && w[1].is("VALID")) }
        } else if r.eat_seq(&["SET", "NOT", "NULL"]) {
            DomainAction::SetNotNull
        } else if r.eat("VALIDATE") {
            DomainAction::ValidateConstraint
        } else {
            DomainAction::Other
        };
        return Op::AlterDomain { name, action };
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
