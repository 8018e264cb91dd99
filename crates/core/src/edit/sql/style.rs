//! How a script writes its SQL, so new text looks like the text around it: keyword case, type
//! case, whether every name is quoted (mysqldump's backticks) or only where needed, the indentation
//! of a CREATE TABLE's elements, whether types are aligned in a column, and the line break.
//!
//! Contract: read from one statement (the one being edited) or from the script's last CREATE
//! TABLE (for new statements); defaults when there is nothing to read: upper-case keywords,
//! lower-case types, names quoted only where needed, two-space indent. Names are written through
//! `codegen::sql::ident` (quoted only where the dialect needs it); a quote-everything style only
//! wraps a name `ident` left bare.

use super::layout::{CreateTable, ElemKind, Stmt};
use super::patch::{indent_of, line_start, newline, starts_line};
use crate::dialect::Dialect;
use crate::parse::lex::{lex, Tok};

#[derive(Clone, Debug)]
pub struct Style {
    pub d: Dialect,
    pub upper: bool,
    /// Built-in type names upper-cased, lower-cased, or (`None`, nothing to learn from) as given.
    pub type_upper: Option<bool>,
    pub quote_all: bool,
    /// The indentation of elements on their own line (`None`: elements written on one line).
    pub indent: Option<String>,
    /// The display column types start at when a table aligns them.
    pub type_column: Option<usize>,
    pub nl: &'static str,
}

const KEYWORDS: &[&str] = &[
    "CREATE", "TABLE", "NOT", "NULL", "PRIMARY", "KEY", "REFERENCES", "DEFAULT", "UNIQUE", "ALTER", "ADD", "CONSTRAINT", "FOREIGN", "ON", "DELETE", "UPDATE",
    "CASCADE", "INDEX", "CHECK", "IF", "EXISTS", "ONLY", "SET", "COLUMN",
];

impl Style {
    pub fn default_for(d: Dialect, text: &str) -> Style {
        Style { d, upper: true, type_upper: None, quote_all: false, indent: Some("  ".into()), type_column: None, nl: newline(text) }
    }

    /// The style of statement `st` (a CREATE TABLE `ct` when there is one).
    pub fn of(d: Dialect, text: &str, st: &Stmt, ct: Option<&CreateTable>) -> Style {
        let mut s = Style::default_for(d, text);
        let (mut up, mut low) = (0, 0);
        for t in &st.toks {
            if let Tok::Word(w) = &t.tok {
                if KEYWORDS.iter().any(|k| w.eq_ignore_ascii_case(k)) {
                    if w.chars().all(|c| !c.is_ascii_lowercase()) {
                        up += 1;
                    } else if w.chars().all(|c| !c.is_ascii_uppercase()) {
                        low += 1;
                    }
                }
            }
        }
        s.upper = up >= low;
        let Some(ct) = ct else { return s };
        let cols: Vec<_> = ct.elems.iter().filter_map(|e| if let ElemKind::Column(c) = &e.kind { Some(c) } else { None }).collect();
        if !cols.is_empty() {
            s.quote_all = cols.iter().all(|c| matches!(st.toks[c.name].tok, Tok::Quoted(_)));
            let (mut tu, mut tl) = (0, 0);
            for c in &cols {
                if let Some(Tok::Word(w)) = c.ty.map(|r| &st.toks[r.first].tok) {
                    if w.chars().any(|c| c.is_ascii_uppercase()) && !w.chars().any(|c| c.is_ascii_lowercase()) {
                        tu += 1;
                    } else {
                        tl += 1;
                    }
                }
            }
            s.type_upper = (tu + tl > 0).then_some(tu > tl);
        }
        s.indent = match ct.elems.first() {
            Some(e) if starts_line(text, st.at(e.range.first)) => Some(indent_of(text, st.at(e.range.first)).to_string()),
            Some(_) => None,
            None => Some("  ".into()),
        };
        // aligned types: every column on its own line, types starting at one display column, with
        // more than one blank after some name
        let starts: Vec<(usize, bool)> = cols
            .iter()
            .filter_map(|c| {
                let ty = st.at(c.ty?.first);
                let name_end = st.end_of(c.name);
                starts_line(text, st.at(c.name)).then(|| (text[line_start(text, ty)..ty].chars().count(), ty - name_end > 1))
            })
            .collect();
        if starts.len() >= 2 && starts.len() == cols.len() && starts.iter().all(|x| x.0 == starts[0].0) && starts.iter().any(|x| x.1) {
            s.type_column = Some(starts[0].0);
        }
        s
    }

    /// A keyword (or several) in the statement's case.
    pub fn kw(&self, k: &str) -> String {
        if self.upper {
            k.to_ascii_uppercase()
        } else {
            k.to_ascii_lowercase()
        }
    }

    /// A name as the style writes it.
    pub fn name(&self, n: &str) -> String {
        let s = crate::codegen::sql::ident(self.d, n);
        if self.quote_all && !s.starts_with(['"', '`']) {
            let q = if self.d == Dialect::Mysql { '`' } else { '"' };
            format!("{q}{s}{q}")
        } else {
            s
        }
    }

    /// A possibly qualified name.
    pub fn qname(&self, schema: Option<&str>, n: &str) -> String {
        match schema {
            Some(s) => format!("{}.{}", self.name(s), self.name(n)),
            None => self.name(n),
        }
    }

    /// A built-in type in the style's type case (names of user types are kept as given).
    pub fn ty(&self, text: &str) -> String {
        let text = text.trim();
        let builtin = crate::parse::parse_type(self.d, text).is_some_and(|t| !matches!(t.kind, crate::model::TypeKind::Named(_)));
        let Some(upper) = self.type_upper.filter(|_| builtin) else { return text.to_string() };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for t in lex(text, self.d, usize::MAX) {
            if let Tok::Word(w) = &t.tok {
                out.push_str(&text[last..t.start]);
                out.push_str(&if upper { w.to_ascii_uppercase() } else { w.to_ascii_lowercase() });
                last = t.end;
            }
        }
        out.push_str(&text[last..]);
        out
    }

    /// `name type`, padded to the aligned type column when the table aligns types.
    pub fn name_and_type(&self, name: &str, ty: &str) -> String {
        let indent = self.indent.as_deref().map_or(0, |i| i.chars().count());
        let pad = match self.type_column {
            Some(col) => col.saturating_sub(indent + name.chars().count()).max(1),
            None => 1,
        };
        format!("{name}{}{ty}", " ".repeat(pad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::sql::layout::create_table;

    fn style(text: &str, d: Dialect) -> Style {
        let st = Stmt { start: 0, end: text.len(), toks: lex(text, d, usize::MAX) };
        let ct = create_table(&st, d).unwrap();
        Style::of(d, text, &st, Some(&ct))
    }

    #[test]
    fn reads_case_quoting_indent_and_alignment() {
        let s = style("create table t (\n    id    integer primary key,\n    name  text not null\n)", Dialect::Sqlite);
        assert!(!s.upper && s.type_upper == Some(false) && !s.quote_all);
        assert_eq!(s.indent.as_deref(), Some("    "));
        assert_eq!(s.type_column, Some(10));
        assert_eq!(s.name_and_type("email", "TEXT"), "email TEXT");
        assert_eq!(s.name_and_type("ab", "text"), "ab    text");
        assert_eq!(s.kw("NOT NULL"), "not null");
        let m = style("CREATE TABLE `t` (`id` INT NOT NULL, `v` VARCHAR(10))", Dialect::Mysql);
        assert!(m.upper && m.type_upper == Some(true) && m.quote_all && m.indent.is_none() && m.type_column.is_none());
        assert_eq!(m.name("email"), "`email`");
        assert_eq!(m.ty("varchar(80)"), "VARCHAR(80)");
        assert_eq!(m.ty("enum('a','b')"), "ENUM('a','b')");
        let p = style("CREATE TABLE t (id int)", Dialect::Postgres);
        assert_eq!(p.name("Users"), "\"Users\"");
        assert_eq!(p.ty("mood"), "mood");
    }
}
