//! The statements of an SQL script with the table each one works on, so an edit can find every
//! statement that defines, changes or names a table: its CREATE TABLE, the ALTER TABLEs, CREATE
//! INDEX ... ON, COMMENT ON, triggers and policies ON it, data statements (INSERT INTO, COPY), and the
//! REFERENCES to it inside other tables' statements.
//!
//! Contract: statements come from the importer's splitter (`parse::statements`, the same ranges the
//! importer reads); tokens from `parse::lex` over the splitter's cleaned text (MySQL conditional
//! comments opened), with byte offsets into the script. Never panics.

use super::layout::{self, AlterTable, CreateTable, NameAt, Stmt};
use crate::dialect::Dialect;
use crate::parse::lex::{lex, Tok};

/// What a statement is, as far as edits care.
#[derive(Clone, Debug)]
pub enum Kind {
    CreateTable(CreateTable),
    AlterTable(AlterTable),
    /// `CREATE [UNIQUE] INDEX [name] ON table (...)`: the `(`/`)` of its key list.
    CreateIndex { table: NameAt, unique: bool, keys: Option<(usize, usize)>, name: Option<usize> },
    /// `COMMENT ON TABLE t` / `COMMENT ON COLUMN t.c` (the column's token).
    Comment { table: NameAt, column: Option<usize> },
    /// `ALTER SEQUENCE s OWNED BY t.c` (the column's token).
    SequenceOwnedBy { table: NameAt, column: usize },
    /// `CREATE SEQUENCE name`.
    CreateSequence { name: NameAt },
    /// Any other statement that works on one table named at `table` (CREATE TRIGGER/POLICY ... ON,
    /// INSERT/REPLACE INTO, COPY, DROP TABLE, LOCK TABLES, GRANT ... ON).
    OnTable { table: NameAt },
    Other,
}

/// One statement of the script.
#[derive(Clone, Debug)]
pub struct Entry {
    pub stmt: Stmt,
    pub kind: Kind,
    /// A client command or a statement cut off by an unterminated quote.
    pub broken: bool,
}

/// The script's statements in order.
pub struct Script {
    pub entries: Vec<Entry>,
}

/// Statements whose whole text is read (the rest are read up to their first tokens: enough for
/// the table an INSERT or GRANT works on, without lexing data).
fn read_whole(head: &[crate::parse::lex::Token]) -> bool {
    head.first().is_some_and(|t| t.is("CREATE") || t.is("ALTER") || t.is("COMMENT"))
}

impl Script {
    pub fn read(text: &str, d: Dialect) -> Script {
        let entries = crate::parse::statements(text, d)
            .into_iter()
            .map(|st| {
                let head = lex(&st.text, d, 64);
                let toks = if read_whole(&head) { lex(&st.text, d, 1 << 20) } else { head };
                let toks = toks
                    .into_iter()
                    .map(|mut t| {
                        t.start += st.span.start;
                        t.end += st.span.start;
                        t
                    })
                    .collect();
                let stmt = Stmt { start: st.span.start, end: st.span.end, toks };
                let kind = kind_of(&stmt, d);
                Entry { stmt, kind, broken: st.meta || st.unterminated.is_some() }
            })
            .collect();
        Script { entries }
    }

    /// The entry whose statement contains byte `at`.
    pub fn entry_at(&self, at: usize) -> Option<usize> {
        let i = self.entries.partition_point(|e| e.stmt.start <= at);
        (i > 0 && at <= self.entries[i - 1].stmt.end).then(|| i - 1)
    }
}

fn kind_of(s: &Stmt, d: Dialect) -> Kind {
    if let Some(ct) = layout::create_table(s, d) {
        return Kind::CreateTable(ct);
    }
    if let Some(at) = layout::alter_table(s, d) {
        return Kind::AlterTable(at);
    }
    let on_name = |from: usize| -> Option<NameAt> {
        let on = (from..s.toks.len()).find(|&i| s.is(i, "ON"))?;
        let i = if s.is(on + 1, "ONLY") || s.is(on + 1, "TABLE") { on + 2 } else { on + 1 };
        s.name_at(d, i)
    };
    if s.is(0, "CREATE") && s.is(1, "SEQUENCE") {
        let k = if s.is(2, "IF") && s.is(3, "NOT") && s.is(4, "EXISTS") { 5 } else { 2 };
        return s.name_at(d, k).map_or(Kind::Other, |name| Kind::CreateSequence { name });
    }
    if s.is(0, "CREATE") {
        let obj = (1..s.toks.len().min(6)).find(|&i| s.is(i, "INDEX") || s.is(i, "TRIGGER") || s.is(i, "POLICY"));
        return match obj {
            Some(i) if s.is(i, "INDEX") => match on_name(i) {
                Some(mut table) => {
                    let mut k = table.last + 1;
                    if s.is(k, "USING") {
                        k += 2;
                    }
                    let keys = if s.is_punct(k, '(') { s.close_of(k).map(|c| (k, c)) } else { None };
                    let unique = (1..i).any(|j| s.is(j, "UNIQUE"));
                    let on = table.first - if s.is(table.first - 1, "ONLY") { 2 } else { 1 };
                    let name = (on > i + 1 && !s.is(on - 1, "CONCURRENTLY") && !s.is(on - 1, "EXISTS")).then(|| on - 1).filter(|&n| s.ident(d, n).is_some());
                    // SQLite names the database on the index (`CREATE INDEX aux.i ON t (...)`): the table
                    // is the one of that name in the same database, as the importer reads it.
                    if let (Dialect::Sqlite, None, Some(n)) = (d, &table.name.schema, name) {
                        if n >= 2 && s.is_punct(n - 1, '.') {
                            table.name.schema = s.ident(d, n - 2);
                        }
                    }
                    Kind::CreateIndex { table, unique, keys, name }
                }
                None => Kind::Other,
            },
            Some(i) => on_name(i).map_or(Kind::Other, |table| Kind::OnTable { table }),
            None => Kind::Other,
        };
    }
    if s.is(0, "COMMENT") && s.is(1, "ON") && (s.is(2, "TABLE") || s.is(2, "COLUMN")) {
        let Some(n) = s.name_at(d, 3) else { return Kind::Other };
        if s.is(2, "TABLE") {
            return Kind::Comment { table: n, column: None };
        }
        // `t.c` or `schema.t.c`: the column is the last part.
        return match table_before(s, d, n.last) {
            Some(table) => Kind::Comment { table, column: Some(n.last) },
            None => Kind::Other,
        };
    }
    if s.is(0, "ALTER") && s.is(1, "SEQUENCE") {
        if let Some(by) = (2..s.toks.len()).find(|&i| s.is(i, "OWNED") && s.is(i + 1, "BY")) {
            if let Some(n) = s.name_at(d, by + 2) {
                if let Some(table) = table_before(s, d, n.last) {
                    return Kind::SequenceOwnedBy { table, column: n.last };
                }
            }
        }
        return Kind::Other;
    }
    let table_from = |i: usize| s.name_at(d, i).map_or(Kind::Other, |table| Kind::OnTable { table });
    if (s.is(0, "INSERT") || s.is(0, "REPLACE")) && !s.is(1, "INTO") {
        return table_from(1 + usize::from(s.is(1, "IGNORE")));
    }
    if s.is(0, "INSERT") || s.is(0, "REPLACE") {
        return table_from(2);
    }
    if s.is(0, "COPY") {
        return table_from(1);
    }
    if s.is(0, "LOCK") && s.is(1, "TABLES") {
        let k = 2;
        // one table only: several are not this table's alone
        if s.toks.iter().any(|t| t.is_punct(',')) {
            return Kind::Other;
        }
        return table_from(k);
    }
    if s.is(0, "DROP") && s.is(1, "TABLE") {
        let k = if s.is(2, "IF") && s.is(3, "EXISTS") { 4 } else { 2 };
        if s.toks.iter().any(|t| t.is_punct(',')) {
            return Kind::Other;
        }
        return table_from(k);
    }
    if (s.is(0, "GRANT") || s.is(0, "REVOKE")) && !s.toks.iter().any(|t| matches!(&t.tok, Tok::Word(w) if w.eq_ignore_ascii_case("SEQUENCE") || w.eq_ignore_ascii_case("SCHEMA") || w.eq_ignore_ascii_case("FUNCTION"))) {
        return match on_name(1) {
            Some(table) if !s.is_punct(table.last + 1, ',') => Kind::OnTable { table },
            _ => Kind::Other,
        };
    }
    Kind::Other
}

/// For `[schema.]table.column` ending at token `col`: the `[schema.]table` part before it.
fn table_before(s: &Stmt, d: Dialect, col: usize) -> Option<NameAt> {
    if col < 2 || !s.is_punct(col - 1, '.') {
        return None;
    }
    let t = col - 2;
    let name = s.ident(d, t)?;
    let schema = (t >= 2 && s.is_punct(t - 1, '.')).then(|| s.ident(d, t - 2)).flatten();
    let first = if schema.is_some() { t - 2 } else { t };
    Some(NameAt { first, last: t, name: crate::model::QualifiedName::new(schema, name) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_table_each_statement_works_on() {
        let text = "CREATE TABLE a (id int);\nALTER TABLE ONLY public.a ADD CONSTRAINT p PRIMARY KEY (id);\nCREATE UNIQUE INDEX i ON a USING btree (id);\n\
                    COMMENT ON COLUMN public.a.id IS 'x';\nCOMMENT ON TABLE a IS 'y';\nALTER SEQUENCE s OWNED BY a.id;\nINSERT INTO a VALUES (1);\n\
                    CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\nSELECT 1;\nCOPY a (id) FROM stdin;\n1\n\\.\n";
        let s = Script::read(text, Dialect::Postgres);
        let kinds: Vec<String> = s
            .entries
            .iter()
            .map(|e| match &e.kind {
                Kind::CreateTable(c) => format!("create {}", c.name.name),
                Kind::AlterTable(a) => format!("alter {}", a.name.name),
                Kind::CreateIndex { table, unique, keys, .. } => format!("index {} {unique} {}", table.name, keys.is_some()),
                Kind::Comment { table, column } => format!("comment {} {:?}", table.name, column.and_then(|c| e.stmt.ident(Dialect::Postgres, c))),
                Kind::SequenceOwnedBy { table, column } => format!("owned {} {:?}", table.name, e.stmt.ident(Dialect::Postgres, *column)),
                Kind::OnTable { table } => format!("on {}", table.name),
                Kind::CreateSequence { name } => format!("sequence {}", name.name),
                Kind::Other => "other".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "create a", "alter public.a", "index a true true", "comment public.a Some(\"id\")", "comment a None", "owned a Some(\"id\")", "on a", "on a",
                "other", "on a"
            ]
        );
        assert_eq!(s.entry_at(text.find("ALTER TABLE").unwrap() + 3), Some(1));
    }
}
