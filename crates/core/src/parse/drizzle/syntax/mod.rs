//! The syntax of a TypeScript module, as far as a Drizzle schema needs it: imports, exports,
//! `const` declarations, functions, TS `enum`s, and expressions (calls, member chains, object and
//! array literals with spreads, arrow functions, template literals). Types are skipped wherever
//! they can appear (annotations, generic arguments, `as` / `satisfies`, `type` and `interface`
//! declarations).
//!
//! Contract: never panics, always terminates. A syntax error becomes a [`SyntaxError`] at the
//! offending token and an [`ExprKind::Error`] in the tree; parsing resumes at the next list
//! element (`,`) or the next statement, so one broken column or table costs only itself.
//! Nesting deeper than [`MAX_NESTING`] is an error, not a stack overflow.

use super::lex::{Tk, Token};

/// Expressions nest at most this deep (counting chain links such as `.method()` calls).
pub const MAX_NESTING: usize = 200;

/// Look-ahead scans (is this `(` an arrow function's parameter list?) give up after this many
/// tokens, so unbalanced text cannot make parsing quadratic.
const SCAN_LIMIT: usize = 4000;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Ident(String),
    Str(String),
    Num(String),
    Bool(bool),
    Null,
    /// A template literal, tagged (`sql\`...\``) or not.
    Template { tag: Option<Box<Expr>>, strings: Vec<String>, exprs: Vec<Expr> },
    Array(Vec<Expr>),
    Object(Vec<Prop>),
    /// `obj.prop` and `obj?.prop`.
    Member(Box<Expr>, String),
    /// `obj[index]`.
    Index(Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    New(Box<Expr>, Vec<Expr>),
    /// Arrow functions and `function` expressions.
    Func(Box<Func>),
    Spread(Box<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Regex,
    /// Something that could not be parsed (a [`SyntaxError`] says why).
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Prop {
    /// `key: value`, shorthand `key` (value is the identifier) and methods `key() {}`.
    Pair { key: String, key_start: usize, value: Expr },
    Spread(Expr),
    /// A computed key or accessor we do not read.
    Other(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Func {
    pub params: Vec<Pattern>,
    pub body: Body,
}

/// A binding: a name, or an object / array destructuring pattern (names only).
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    Name(String),
    /// `{ a, b: c, ...rest }`: (property, local name).
    Object(Vec<(String, String)>),
    Array(Vec<Option<String>>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Expr(Expr),
    Block(Vec<Stmt>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Var(Vec<(Pattern, Expr)>),
    Return(Option<Expr>),
    Expr(Expr),
    Func(String, Func),
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub source: String,
    pub default: Option<String>,
    pub namespace: Option<String>,
    /// (imported name, local name).
    pub named: Vec<(String, String)>,
    pub start: usize,
    /// Where the `}` closing the named imports is (`None`: no braces).
    pub named_end: Option<usize>,
    /// Where each of `named` is written (`a` or `a as b`).
    pub named_at: Vec<crate::span::Span>,
    /// The end of the statement (after its `;`, if any).
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Import(Import),
    /// `[export] const|let|var` declarations.
    Var { exported: bool, decls: Vec<(Pattern, Expr)>, start: usize },
    Function { exported: bool, name: String, func: Func, start: usize },
    /// A TS `enum`: member names and their values (`None`: numbered).
    Enum { exported: bool, name: String, members: Vec<(String, Option<Expr>)>, start: usize },
    /// `export { a, b as c } [from "x"]`: (local, exported).
    ExportNames { names: Vec<(String, String)>, source: Option<String>, start: usize },
    /// `export * [as ns] from "x"`.
    ExportAll { source: String, namespace: Option<String>, start: usize },
    ExportDefault(Expr),
    /// A top-level expression statement.
    Expr(Expr),
    /// `[export] type X = ...`: the values named by `typeof` in it, and where it is.
    Type { typeofs: Vec<(String, usize)>, start: usize, end: usize },
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Parses a module's tokens.
pub fn module(toks: &[Token], text: &str) -> (Vec<Item>, Vec<SyntaxError>) {
    let mut p = Parser { toks, i: 0, text, errors: Vec::new(), depth: 0, end: text.len() };
    let mut items = Vec::new();
    while p.i < toks.len() {
        let before = p.i;
        if let Some(item) = p.item() {
            items.push(item);
        }
        if p.i == before {
            // Always make progress.
            p.i += 1;
        }
    }
    (items, p.errors)
}

struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    text: &'a str,
    errors: Vec<SyntaxError>,
    depth: usize,
    /// Where a missing token is reported (end of the text or of a template substitution).
    end: usize,
}

type PResult<T> = Result<T, ()>;

const STATEMENT_WORDS: &[&str] = &["export", "import", "const", "let", "var", "function", "type", "interface", "enum", "class", "declare", "async", "abstract"];

const BINARY: &[(&str, u8)] = &[
    ("??", 1), ("||", 2), ("&&", 3), ("|", 4), ("^", 5), ("&", 6), ("==", 7), ("!=", 7), ("===", 7), ("!==", 7), ("<", 8), (">", 8), ("<=", 8), (">=", 8),
    ("instanceof", 8), ("in", 8), ("+", 9), ("-", 9), ("*", 10), ("/", 10), ("%", 10), ("**", 11),
];

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }

    fn peek_at(&self, k: usize) -> Option<&'a Token> {
        self.toks.get(self.i + k)
    }

    fn at(&self, p: &str) -> bool {
        self.peek().is_some_and(|t| t.is(p))
    }

    fn at_word(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is_word(w))
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.at(p) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if self.at_word(w) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn pos(&self) -> usize {
        self.peek().map_or(self.end, |t| t.start)
    }

    fn prev_end(&self) -> usize {
        self.i.checked_sub(1).and_then(|k| self.toks.get(k)).map_or(0, |t| t.end)
    }

    fn error(&mut self, message: impl Into<String>) {
        let at = self.pos();
        let found = match self.peek() {
            Some(t) => format!(", found {}", t.tk),
            None => ", found the end of the text".to_string(),
        };
        self.errors.push(SyntaxError { at, message: format!("{}{found}", message.into()) });
    }

    fn expect(&mut self, p: &str) -> PResult<()> {
        if self.eat(p) {
            Ok(())
        } else {
            self.error(format!("expected '{p}'"));
            Err(())
        }
    }

    fn ident(&mut self) -> PResult<String> {
        match self.peek().and_then(Token::ident) {
            Some(s) => {
                self.i += 1;
                Ok(s.to_string())
            }
            None => {
                self.error("expected a name");
                Err(())
            }
        }
    }

    /// Whether token `k` is the first token on its line.
    fn starts_line(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| k == 0 || t.nl_before)
    }

    /// Whether token `k` starts at column 1 (no indentation).
    fn at_column_one(&self, k: usize) -> bool {
        let Some(t) = self.toks.get(k) else { return false };
        t.start == 0 || self.text.as_bytes().get(t.start - 1) == Some(&b'\n')
    }

    /// Whether the current token is a statement keyword at the start of a line: inside an
    /// expression that means the expression was left unterminated.
    fn at_statement_start(&self) -> bool {
        self.starts_line(self.i) && self.peek().and_then(Token::ident).is_some_and(|w| STATEMENT_WORDS.contains(&w) && w != "type" && w != "async")
    }

    /// Whether the current token starts a line and reads like an object member `key:`.
    fn at_member_start(&self) -> bool {
        self.starts_line(self.i)
            && self.peek().is_some_and(|t| t.ident().is_some() || matches!(t.tk, Tk::Str(_)))
            && self.peek_at(1).is_some_and(|t| t.is(":"))
    }

    /// After an error in a statement: skips to the next `;` at nesting 0, or to a statement
    /// keyword at the start of a line (whatever the nesting: brackets may be unbalanced).
    fn recover_statement(&mut self, first: usize) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if self.i > first && self.at_column_one(self.i) && t.ident().is_some_and(|w| STATEMENT_WORDS.contains(&w)) {
                return;
            }
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                depth -= 1;
                if depth < 0 {
                    return;
                }
            } else if t.is(";") && depth == 0 {
                self.i += 1;
                return;
            }
            self.i += 1;
        }
    }

    /// Ends a statement: `;`, a line break before the next token, `}` or the end.
    fn end_statement(&mut self) -> PResult<()> {
        if self.eat(";") {
            return Ok(());
        }
        match self.peek() {
            None => Ok(()),
            Some(t) if t.nl_before || t.is("}") => Ok(()),
            Some(_) => {
                self.error("expected ';' or a line break");
                Err(())
            }
        }
    }

}

mod expr;
mod stmt;

#[cfg(test)]
mod tests;
