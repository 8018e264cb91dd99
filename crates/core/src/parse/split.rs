//! Splits a script into statements without parsing them, the way each engine's own client does.
//!
//! Contract: byte-level scanner, never panics, never fails, linear in the text (a custom
//! `DELIMITER` chunk is scanned a second time). Knows single/double/backtick quotes, SQLite
//! `[bracket]` identifiers, `--`, MySQL `#` and (PostgreSQL: nested) `/* */` comments, MySQL/MariaDB
//! conditional comments `/*!40101 ... */` / `/*M!100401 ... */` (their markers are blanked so the
//! content reads as SQL), PostgreSQL dollar quotes, MySQL `DELIMITER xx` lines, client commands
//! (psql `\connect` / `\restrict`, MariaDB's `/*M!999999\- enable the sandbox mode */`, sqlite3
//! `.mode`-style dot commands) and `COPY ... FROM stdin` data blocks ending at `\.`.
//!
//! A `;` inside a block does not end the statement — exactly where the engine's client agrees:
//! - SQLite (`sqlite3_complete`): `CREATE [TEMP] TRIGGER ... BEGIN ... END;` ends at a `;` that
//!   follows `; END` (so `CASE ... END;` inside the body does not end it);
//! - PostgreSQL (psql): `CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END;`, counting
//!   BEGIN/CASE against END outside parentheses (PL/pgSQL bodies are dollar-quoted strings);
//! - MySQL: stored programs (`CREATE ... TRIGGER|PROCEDURE|FUNCTION|EVENT`) counting BEGIN/CASE
//!   against END (`END IF/LOOP/WHILE/REPEAT` close other blocks), and under a custom `DELIMITER`
//!   a chunk is split again at `;` unless it is a stored program or a compound statement.
//!
//! A bare `BEGIN` / `BEGIN TRANSACTION` / `END` elsewhere is transaction control: one statement.
//! Words are only seen outside strings, identifiers and comments, so data rows holding `;`, `\.`,
//! `BEGIN`, `END;`, `$$` or `DELIMITER` change nothing.
//!
//! Returns the cleaned text (same length as the input, only ASCII bytes replaced by spaces, so
//! every offset stays valid) and each statement's byte range (without its delimiter). A statement
//! that runs into the end of the text inside a quote, comment, block or COPY data block says so in
//! [`RawStmt::unterminated`] (a dump that was cut off).

use crate::dialect::Dialect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// An SQL statement.
    Sql,
    /// A client-side directive: `DELIMITER`, a psql `\command`, a sqlite3 `.command`.
    Meta,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawStmt {
    pub start: usize,
    pub end: usize,
    pub kind: RawKind,
    /// The text ended inside this statement: inside what (a string, a trigger body, COPY data, ...).
    pub unterminated: Option<&'static str>,
    /// Where that unterminated construct opened (byte offset); `start` when nothing is open.
    pub opened_at: usize,
    /// A `COPY ... FROM stdin` data block followed (skipped).
    pub copy_data: bool,
}

pub struct Split {
    pub text: String,
    pub stmts: Vec<RawStmt>,
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// End (exclusive) of the line containing `i` (the index of the `\n` or the text length).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

/// What the leading words say about how a statement ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Head {
    /// No word yet.
    #[default]
    Start,
    /// `CREATE` and modifiers so far.
    Create,
    /// SQLite `CREATE [TEMP] TRIGGER`.
    SqliteTrigger,
    /// PostgreSQL `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (a `BEGIN ATOMIC` body).
    PgRoutine,
    /// MySQL `CREATE ... TRIGGER|PROCEDURE|FUNCTION|EVENT`.
    MyRoutine,
    /// MySQL compound statement (`BEGIN`, `IF`, ...) at the start: only meaningful under DELIMITER.
    MyCompound,
    /// PostgreSQL `COPY`.
    Copy,
    /// Anything else: ends at the first delimiter.
    Other,
}

/// The last significant tokens (for SQLite's `; END ;`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Sig {
    #[default]
    None,
    Semi,
    End,
    Other,
}

/// Per-statement state fed with every word and token outside quotes and comments.
#[derive(Debug, Default)]
struct Tracker {
    head: Head,
    words: u32,
    /// Open BEGIN/CASE blocks of a stored-program body.
    depth: i32,
    paren: i32,
    /// Offset of the outermost open BEGIN.
    block_at: Option<usize>,
    /// The word after an `END` that closes another block (`END IF`) or a CASE (`END CASE`).
    skip_next: bool,
    prev: [Sig; 2],
    /// COPY: 1 = a COPY, 2 = `FROM` seen at top level, 3 = `FROM STDIN`.
    copy: u8,
}

const MY_ROUTINES: [&[u8]; 4] = [b"TRIGGER", b"PROCEDURE", b"FUNCTION", b"EVENT"];
const MY_OTHER_OBJECTS: [&[u8]; 14] = [
    b"TABLE", b"VIEW", b"INDEX", b"DATABASE", b"SCHEMA", b"USER", b"ROLE", b"SERVER", b"TABLESPACE", b"SEQUENCE", b"LOGFILE", b"UNIQUE", b"FULLTEXT",
    b"SPATIAL",
];
const MY_COMPOUND: [&[u8]; 6] = [b"BEGIN", b"IF", b"WHILE", b"REPEAT", b"LOOP", b"DECLARE"];

fn eq(w: &[u8], k: &[u8]) -> bool {
    w.eq_ignore_ascii_case(k)
}

impl Tracker {
    fn sig(&mut self, s: Sig) {
        self.prev = [self.prev[1], s];
    }

    /// A bare word at `at`; `next` is the word after it (for `END IF`).
    fn word(&mut self, w: &[u8], at: usize, next: &[u8], dialect: Dialect) {
        self.words += 1;
        self.sig(if eq(w, b"END") { Sig::End } else { Sig::Other });
        match self.head {
            Head::Start => {
                self.head = if eq(w, b"CREATE") {
                    Head::Create
                } else if dialect == Dialect::Postgres && eq(w, b"COPY") {
                    self.copy = 1;
                    Head::Copy
                } else if dialect == Dialect::Mysql && MY_COMPOUND.iter().any(|k| eq(w, k)) {
                    self.block(w, at, next);
                    Head::MyCompound
                } else if dialect == Dialect::Sqlite && eq(w, b"EXPLAIN") {
                    Head::Start
                } else {
                    Head::Other
                };
            }
            Head::Create => {
                self.head = match dialect {
                    Dialect::Sqlite if eq(w, b"TEMP") || eq(w, b"TEMPORARY") => Head::Create,
                    Dialect::Sqlite if eq(w, b"TRIGGER") => Head::SqliteTrigger,
                    Dialect::Postgres if eq(w, b"OR") || eq(w, b"REPLACE") => Head::Create,
                    Dialect::Postgres if eq(w, b"FUNCTION") || eq(w, b"PROCEDURE") => Head::PgRoutine,
                    Dialect::Mysql if MY_ROUTINES.iter().any(|k| eq(w, k)) => Head::MyRoutine,
                    // DEFINER=user@host, OR REPLACE, ALGORITHM=..., SQL SECURITY ...: keep looking.
                    Dialect::Mysql if !MY_OTHER_OBJECTS.iter().any(|k| eq(w, k)) && self.words < 16 => Head::Create,
                    _ => Head::Other,
                };
            }
            Head::SqliteTrigger => {
                if eq(w, b"BEGIN") && self.block_at.is_none() {
                    self.block_at = Some(at);
                }
            }
            Head::PgRoutine => {
                // psql: BEGIN/CASE/END outside parentheses; CASE only counts inside a BEGIN.
                if self.paren == 0 {
                    if eq(w, b"BEGIN") {
                        self.open(at);
                    } else if eq(w, b"CASE") && self.depth >= 1 {
                        self.depth += 1;
                    } else if eq(w, b"END") && self.depth > 0 {
                        self.depth -= 1;
                    }
                }
            }
            Head::MyRoutine | Head::MyCompound => self.block(w, at, next),
            Head::Copy => {
                if self.paren == 0 {
                    if self.copy == 1 && eq(w, b"FROM") {
                        self.copy = 2;
                    } else if self.copy == 2 {
                        self.copy = if eq(w, b"STDIN") { 3 } else { 1 };
                    }
                }
            }
            Head::Other => {}
        }
    }

    fn open(&mut self, at: usize) {
        if self.depth == 0 {
            self.block_at = Some(at);
        }
        self.depth += 1;
    }

    /// MySQL stored-program blocks: BEGIN and CASE open, END closes (`END IF/LOOP/WHILE/REPEAT`
    /// close blocks not counted; `END CASE` closes a CASE statement).
    fn block(&mut self, w: &[u8], at: usize, next: &[u8]) {
        if std::mem::take(&mut self.skip_next) {
            return;
        }
        if eq(w, b"BEGIN") {
            self.open(at);
        } else if eq(w, b"CASE") && self.depth >= 1 {
            self.depth += 1;
        } else if eq(w, b"END") {
            if [&b"IF"[..], b"LOOP", b"WHILE", b"REPEAT"].iter().any(|k| eq(next, k)) {
                self.skip_next = true;
            } else {
                if eq(next, b"CASE") {
                    self.skip_next = true;
                }
                self.depth = (self.depth - 1).max(0);
            }
        }
    }

    /// Whether a `;` here ends the statement.
    fn ends_at_semicolon(&self) -> bool {
        match self.head {
            Head::SqliteTrigger => self.block_at.is_none() || self.prev == [Sig::Semi, Sig::End],
            Head::PgRoutine | Head::MyRoutine => self.depth == 0,
            // A bare BEGIN at `;` is a transaction (a compound statement needs a DELIMITER).
            _ => true,
        }
    }

    /// A stored program or compound statement (not split again under a custom DELIMITER).
    fn is_program(&self) -> bool {
        matches!(self.head, Head::MyRoutine | Head::MyCompound)
    }

    /// The block still open when the text ends: what, and where it opened.
    fn open_block(&self) -> Option<(&'static str, usize)> {
        let at = self.block_at?;
        match self.head {
            // Ending in `...; END` without the final `;` is complete (a CASE's `... END` is not).
            Head::SqliteTrigger if self.prev != [Sig::Semi, Sig::End] => Some(("trigger body (BEGIN ... END)", at)),
            Head::PgRoutine if self.depth > 0 => Some(("BEGIN ATOMIC ... END function body", at)),
            Head::MyRoutine | Head::MyCompound if self.depth > 0 => Some(("BEGIN ... END block", at)),
            _ => None,
        }
    }
}

/// The word starting at `i` (after whitespace and comments), for `END IF` lookahead.
fn peek_word(b: &[u8], mut i: usize) -> &[u8] {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'-') && b.get(i + 1) == Some(&b'-') {
            i = line_end(b, i);
            continue;
        }
        break;
    }
    let s = i;
    while i < b.len() && is_ident_byte(b[i]) {
        i += 1;
    }
    &b[s..i]
}

pub fn split(src: &str, dialect: Dialect) -> Split {
    split_nested(src, dialect, 0)
}

fn split_nested(src: &str, dialect: Dialect, nesting: u8) -> Split {
    let mut sp = Splitter::new(src, dialect, nesting);
    while sp.i < sp.b.len() {
        let c = sp.b[sp.i];
        if sp.start.is_none() {
            if c.is_ascii_whitespace() {
                sp.i += 1;
                continue;
            }
            if sp.client_command(c) {
                continue;
            }
        }
        if sp.comment(c) || sp.delimiter(c) {
            continue;
        }
        sp.code(c);
    }
    sp.finish()
}

/// The splitter's state while it walks the text once, byte by byte.
struct Splitter<'a> {
    src: &'a str,
    b: &'a [u8],
    dialect: Dialect,
    /// How many DELIMITER chunks this text is inside (their statements are split again at `;`).
    nesting: u8,
    /// The text with the markers of MySQL conditional comments blanked.
    clean: Vec<u8>,
    stmts: Vec<RawStmt>,
    /// Where the statement being read starts.
    start: Option<usize>,
    unterminated: Option<(&'static str, usize)>,
    tr: Tracker,
    delim: Vec<u8>,
    /// Open MySQL conditional comments, and where the outermost one opened.
    cond_depth: usize,
    cond_at: usize,
    i: usize,
}

impl<'a> Splitter<'a> {
    fn new(src: &'a str, dialect: Dialect, nesting: u8) -> Self {
        let b = src.as_bytes();
        Splitter { src, b, dialect, nesting, clean: b.to_vec(), stmts: Vec::new(), start: None, unterminated: None, tr: Tracker::default(), delim: b";".to_vec(), cond_depth: 0, cond_at: 0, i: 0 }
    }

    fn meta(&mut self, s: usize, e: usize) {
        self.stmts.push(RawStmt { start: s, end: e, kind: RawKind::Meta, unterminated: None, opened_at: s, copy_data: false });
    }

    /// At a statement's start, a client command runs to the end of its line: the mysql client's
    /// `DELIMITER` (which changes the delimiter), a psql meta-command (`\connect`), a sqlite3
    /// dot-command (`.mode csv`). True when one was passed.
    fn client_command(&mut self, c: u8) -> bool {
        let (b, i, n) = (self.b, self.i, self.b.len());
        if self.dialect == Dialect::Mysql && n - i >= 10 && b[i..i + 9].eq_ignore_ascii_case(b"DELIMITER") && b[i + 9].is_ascii_whitespace() {
            let e = line_end(b, i);
            if let Some(arg) = self.src.get(i + 9..e).and_then(|a| a.split_whitespace().next()) {
                self.delim = arg.as_bytes().to_vec();
            }
            self.meta(i, e);
            self.i = e;
            return true;
        }
        if c == b'\\' || (self.dialect == Dialect::Sqlite && c == b'.' && b.get(i + 1).is_some_and(|x| x.is_ascii_alphabetic())) {
            let e = line_end(b, i);
            self.meta(i, e);
            self.i = e;
            return true;
        }
        false
    }

    /// A comment, or a MySQL / MariaDB conditional comment's markers (its content is SQL).
    /// True when one was passed.
    fn comment(&mut self, c: u8) -> bool {
        let (b, i, n) = (self.b, self.i, self.b.len());
        let mysql = self.dialect == Dialect::Mysql;
        if (c == b'-' && b.get(i + 1) == Some(&b'-')) || (c == b'#' && mysql) {
            self.i = line_end(b, i);
            return true;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let cond = if b.get(i + 2) == Some(&b'!') {
                Some(i + 3)
            } else if b.get(i + 2) == Some(&b'M') && b.get(i + 3) == Some(&b'!') {
                Some(i + 4)
            } else {
                None
            };
            if let (Some(mut j), true) = (cond, mysql) {
                while j < n && b[j].is_ascii_digit() {
                    j += 1;
                }
                // MariaDB's `/*M!999999\- enable the sandbox mode */`: a client command.
                if b.get(j) == Some(&b'\\') && self.start.is_none() {
                    let close = find(&b[j..], b"*/").map_or(n, |p| j + p + 2);
                    self.clean[i..j].fill(b' ');
                    self.clean[close.saturating_sub(2).max(j)..close].fill(b' ');
                    self.meta(i, close);
                    self.i = close;
                    return true;
                }
                self.clean[i..j].fill(b' ');
                if self.cond_depth == 0 {
                    self.cond_at = i;
                }
                self.cond_depth += 1;
                self.i = j;
                return true;
            }
            // Ordinary comment (nests in PostgreSQL).
            let (j, closed) = crate::sqltext::scan::block_comment_end(self.dialect, b, i);
            if !closed && self.start.is_some() {
                self.unterminated = Some(("comment", i));
            }
            self.i = j.min(n);
            return true;
        }
        if self.cond_depth > 0 && c == b'*' && b.get(i + 1) == Some(&b'/') {
            self.clean[i] = b' ';
            self.clean[i + 1] = b' ';
            self.cond_depth -= 1;
            self.i += 2;
            return true;
        }
        false
    }

    /// The statement delimiter: ends the statement being read unless its body is still open (a
    /// `;` inside BEGIN ... END). True when one was passed.
    fn delimiter(&mut self, c: u8) -> bool {
        let b = self.b;
        if !(c == self.delim[0] && b[self.i..].starts_with(&self.delim)) {
            return false;
        }
        if self.start.is_some() && self.delim == b";" && !self.tr.ends_at_semicolon() {
            self.tr.sig(Sig::Semi);
            self.i += 1;
            return true;
        }
        let Some(s) = self.start.take() else {
            self.i += self.delim.len();
            return true;
        };
        let t = std::mem::take(&mut self.tr);
        let end = trim_end(b, s, self.i);
        let mut st = RawStmt { start: s, end, kind: RawKind::Sql, unterminated: None, opened_at: s, copy_data: false };
        self.i += self.delim.len();
        if self.delim != b";" && !t.is_program() && self.nesting < 4 {
            // With a custom DELIMITER the client sends the chunk as one multi-statement
            // batch: split it again at `;`.
            resplit(self.src, s, end, self.dialect, self.nesting, &mut self.clean, &mut self.stmts);
            return true;
        }
        if t.copy == 3 {
            st.copy_data = true;
            let (e, done) = skip_copy_data(b, self.i);
            if !done {
                st.unterminated = Some("COPY data block (no `\\.` line)");
                st.opened_at = line_end(b, self.i).min(b.len());
            }
            self.i = e;
        }
        self.stmts.push(st);
        true
    }

    /// Code of a statement at `i`: a quoted string or name, a word (fed to the tracker), a
    /// parenthesis, or any other byte.
    fn code(&mut self, c: u8) {
        let (b, i, n) = (self.b, self.i, self.b.len());
        let (mysql, pg, sqlite) = (self.dialect == Dialect::Mysql, self.dialect == Dialect::Postgres, self.dialect == Dialect::Sqlite);
        if self.start.is_none() {
            self.start = Some(i);
        }
        let next = match c {
            b'\'' => {
                let backslash = mysql || (pg && i > 0 && (b[i - 1] == b'E' || b[i - 1] == b'e') && (i < 2 || !is_ident_byte(b[i - 2])));
                skip_quoted(b, i, b'\'', backslash, &mut self.unterminated, "string")
            }
            b'"' => skip_quoted(b, i, b'"', mysql, &mut self.unterminated, "quoted identifier"),
            b'`' if !pg => skip_quoted(b, i, b'`', false, &mut self.unterminated, "backtick identifier"),
            b'[' if sqlite => {
                let e = b[i + 1..].iter().position(|&x| x == b']').map_or(n, |p| i + 1 + p + 1);
                if e == n && b.last() != Some(&b']') {
                    self.unterminated = Some(("bracket identifier", i));
                }
                e
            }
            b'$' if pg && (i == 0 || !is_ident_byte(b[i - 1])) => match dollar_tag(b, i) {
                Some(tag_end) => {
                    let tag = &b[i..tag_end];
                    match find(&b[tag_end..], tag) {
                        Some(p) => tag_end + p + tag.len(),
                        None => {
                            self.unterminated = Some(("dollar-quoted string", i));
                            n
                        }
                    }
                }
                None => i + 1,
            },
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xff if i == 0 || !is_ident_byte(b[i - 1]) => {
                let mut j = i + 1;
                while j < n && is_ident_byte(b[j]) {
                    j += 1;
                }
                if self.tr.head != Head::Other {
                    let next = if eq(&b[i..j], b"END") { peek_word(b, j) } else { &[][..] };
                    self.tr.word(&b[i..j], i, next, self.dialect);
                }
                self.i = j;
                return;
            }
            b'(' => {
                self.tr.paren += 1;
                i + 1
            }
            b')' => {
                self.tr.paren -= 1;
                i + 1
            }
            _ => i + 1,
        };
        // only SQLite's trigger rule looks at the last tokens
        if self.tr.head == Head::SqliteTrigger && !c.is_ascii_whitespace() {
            self.tr.sig(Sig::Other);
        }
        self.i = next;
    }

    /// The statement still open at the end of the text, and the result.
    fn finish(mut self) -> Split {
        let (b, n) = (self.b, self.b.len());
        if let Some(s) = self.start {
            let end = trim_end(b, s, n);
            let open = self
                .unterminated
                .or_else(|| self.tr.open_block())
                .or_else(|| (self.cond_depth > 0).then_some(("conditional comment /*! ... */", self.cond_at)));
            if end > s && self.delim != b";" && open.is_none() && !self.tr.is_program() && self.nesting < 4 {
                resplit(self.src, s, end, self.dialect, self.nesting, &mut self.clean, &mut self.stmts);
            } else if end > s {
                let (what, at) = match open {
                    Some((w, at)) => (Some(w), at),
                    None => (None, s),
                };
                self.stmts.push(RawStmt { start: s, end, kind: RawKind::Sql, unterminated: what, opened_at: at, copy_data: false });
            }
        }
        // Only ASCII bytes were replaced by ASCII spaces, so this is still UTF-8.
        let text = String::from_utf8(self.clean).unwrap_or_else(|_| self.src.to_string());
        Split { text, stmts: self.stmts }
    }
}

/// Splits `src[s..e]` again with the `;` delimiter and appends its statements.
fn resplit(src: &str, s: usize, e: usize, dialect: Dialect, nesting: u8, clean: &mut [u8], stmts: &mut Vec<RawStmt>) {
    let Some(sub) = src.get(s..e) else { return };
    let inner = split_nested(sub, dialect, nesting + 1);
    clean[s..e].copy_from_slice(inner.text.as_bytes());
    for mut st in inner.stmts {
        st.start += s;
        st.end += s;
        st.opened_at += s;
        stmts.push(st);
    }
}

fn trim_end(b: &[u8], s: usize, mut e: usize) -> usize {
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    e
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `$$` or `$tag$` starting at `i`: returns the index after the opening tag.
fn dollar_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if j < b.len() && (b[j].is_ascii_digit()) {
        return None;
    }
    while j < b.len() && is_ident_byte(b[j]) {
        j += 1;
    }
    (j < b.len() && b[j] == b'$').then_some(j + 1)
}

fn skip_quoted(b: &[u8], i: usize, q: u8, backslash: bool, unterminated: &mut Option<(&'static str, usize)>, what: &'static str) -> usize {
    let n = b.len();
    let mut j = i + 1;
    while j < n {
        let c = b[j];
        if backslash && c == b'\\' {
            j += 2;
            continue;
        }
        if c == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    *unterminated = Some((what, i));
    n
}

/// Skips a COPY data block: from the next line up to and including the line `\.`. Returns the
/// end and whether the `\.` line was there.
fn skip_copy_data(b: &[u8], i: usize) -> (usize, bool) {
    let mut j = line_end(b, i);
    while j < b.len() {
        let s = j + 1;
        let e = line_end(b, s);
        let line = &b[s.min(b.len())..e];
        let line = if line.last() == Some(&b'\r') { &line[..line.len() - 1] } else { line };
        if line == b"\\." {
            return (e, true);
        }
        j = e;
    }
    (b.len(), false)
}

#[cfg(test)]
mod tests;
