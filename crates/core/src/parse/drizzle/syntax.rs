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

    // ---- statements --------------------------------------------------------------------------

    fn item(&mut self) -> Option<Item> {
        let start = self.pos();
        let first = self.i;
        let before = self.errors.len();
        let r = self.item_inner(start);
        match r {
            Ok(item) => item,
            Err(()) => {
                if self.errors.len() == before {
                    self.error("could not read this statement");
                }
                self.recover_statement(first);
                None
            }
        }
    }

    fn item_inner(&mut self, start: usize) -> PResult<Option<Item>> {
        if self.eat(";") {
            return Ok(None);
        }
        if self.peek().and_then(Token::ident).is_some_and(|w| matches!(w, "if" | "for" | "while" | "switch" | "try" | "do" | "throw")) {
            // top-level control flow is not evaluated
            self.stmt()?;
            return Ok(None);
        }
        if self.at_word("import") && !self.peek_at(1).is_some_and(|t| t.is("(") || t.is(".")) {
            self.i += 1;
            return self.import(start).map(|i| i.map(Item::Import));
        }
        let exported = self.eat_word("export");
        if exported {
            if self.eat_word("default") {
                if self.at_word("function") || self.at_word("class") || self.at_word("interface") {
                    return self.declaration(true, start);
                }
                let e = self.expr()?;
                self.end_statement()?;
                return Ok(Some(Item::ExportDefault(e)));
            }
            if self.eat("*") {
                let namespace = if self.eat_word("as") { Some(self.ident()?) } else { None };
                if !self.eat_word("from") {
                    self.error("expected 'from'");
                    return Err(());
                }
                let source = self.string()?;
                self.skip_import_attributes();
                self.end_statement()?;
                return Ok(Some(Item::ExportAll { source, namespace, start }));
            }
            if self.at_word("type") && self.peek_at(1).is_some_and(|t| t.is("{")) {
                self.i += 1;
                self.export_names(start)?;
                return Ok(None);
            }
            if self.at("{") {
                return self.export_names(start).map(Some);
            }
            if self.eat("=") {
                // `export = x` (CommonJS style): read for its effects only.
                let e = self.expr()?;
                self.end_statement()?;
                return Ok(Some(Item::ExportDefault(e)));
            }
        }
        self.declaration(exported, start)
    }

    fn declaration(&mut self, exported: bool, start: usize) -> PResult<Option<Item>> {
        while self.at_word("declare") || self.at_word("abstract") {
            self.i += 1;
        }
        let Some(word) = self.peek().and_then(Token::ident) else {
            if exported {
                self.error("expected a declaration after 'export'");
                return Err(());
            }
            let e = self.expr()?;
            self.end_statement()?;
            return Ok(Some(Item::Expr(e)));
        };
        match word {
            "const" | "let" | "var" if !(word == "const" && self.peek_at(1).is_some_and(|t| t.is_word("enum"))) => {
                self.i += 1;
                let decls = self.var_decls()?;
                self.end_statement()?;
                Ok(Some(Item::Var { exported, decls, start }))
            }
            "const" | "enum" => {
                self.eat_word("const");
                self.i += 1;
                let name = self.ident()?;
                let members = self.enum_body()?;
                Ok(Some(Item::Enum { exported, name, members, start }))
            }
            "async" if self.peek_at(1).is_some_and(|t| t.is_word("function")) => {
                self.i += 1;
                self.declaration(exported, start)
            }
            "function" => {
                self.i += 1;
                self.eat("*");
                let name = self.ident()?;
                let func = self.function_rest()?;
                Ok(Some(Item::Function { exported, name, func, start }))
            }
            "type" if self.peek_at(1).is_some_and(|t| t.ident().is_some()) => {
                self.i += 1;
                self.skip_until_statement_end();
                Ok(None)
            }
            "interface" | "class" | "namespace" | "module" if self.peek_at(1).is_some_and(|t| t.ident().is_some() || matches!(t.tk, Tk::Str(_))) => {
                self.i += 1;
                while self.peek().is_some_and(|t| !t.is("{")) {
                    self.i += 1;
                }
                self.skip_balanced();
                Ok(None)
            }
            _ if exported => {
                self.error("expected a declaration after 'export'");
                Err(())
            }
            _ => {
                let e = self.expr()?;
                self.end_statement()?;
                Ok(Some(Item::Expr(e)))
            }
        }
    }

    fn import(&mut self, start: usize) -> PResult<Option<Import>> {
        let mut imp = Import { source: String::new(), default: None, namespace: None, named: Vec::new(), start };
        if let Some(Tk::Str(s)) = self.peek().map(|t| &t.tk) {
            imp.source = s.clone();
            self.i += 1;
            self.skip_import_attributes();
            self.end_statement()?;
            return Ok(Some(imp));
        }
        let type_only = self.at_word("type") && !self.peek_at(1).is_some_and(|t| t.is_word("from") || t.is(","));
        if type_only {
            self.i += 1;
        }
        if self.peek().and_then(Token::ident).is_some() && !self.at_word("from") {
            imp.default = Some(self.ident()?);
            self.eat(",");
        }
        if self.eat("*") {
            if !self.eat_word("as") {
                self.error("expected 'as'");
                return Err(());
            }
            imp.namespace = Some(self.ident()?);
        } else if self.eat("{") {
            while !self.eat("}") {
                if self.peek().is_none() {
                    self.error("expected '}'");
                    return Err(());
                }
                let inline_type = self.at_word("type") && self.peek_at(1).is_some_and(|t| t.ident().is_some());
                if inline_type {
                    self.i += 1;
                }
                let imported = match self.peek().map(|t| &t.tk) {
                    Some(Tk::Str(s)) => {
                        let s = s.clone();
                        self.i += 1;
                        s
                    }
                    _ => self.ident()?,
                };
                let local = if self.eat_word("as") { self.ident()? } else { imported.clone() };
                if !inline_type {
                    imp.named.push((imported, local));
                }
                if !self.eat(",") && !self.at("}") {
                    self.error("expected ',' or '}'");
                    return Err(());
                }
            }
        }
        if !self.eat_word("from") {
            self.error("expected 'from'");
            return Err(());
        }
        imp.source = self.string()?;
        self.skip_import_attributes();
        self.end_statement()?;
        Ok((!type_only).then_some(imp))
    }

    fn skip_import_attributes(&mut self) {
        if (self.at_word("with") || self.at_word("assert")) && self.peek_at(1).is_some_and(|t| t.is("{")) {
            self.i += 1;
            self.skip_balanced();
        }
    }

    fn export_names(&mut self, start: usize) -> PResult<Item> {
        self.expect("{")?;
        let mut names = Vec::new();
        while !self.eat("}") {
            if self.peek().is_none() {
                self.error("expected '}'");
                return Err(());
            }
            self.eat_word("type");
            let local = match self.peek().map(|t| &t.tk) {
                Some(Tk::Str(s)) => {
                    let s = s.clone();
                    self.i += 1;
                    s
                }
                _ => self.ident()?,
            };
            let exported = if self.eat_word("as") {
                match self.peek().map(|t| &t.tk) {
                    Some(Tk::Str(s)) => {
                        let s = s.clone();
                        self.i += 1;
                        s
                    }
                    _ => self.ident()?,
                }
            } else {
                local.clone()
            };
            names.push((local, exported));
            if !self.eat(",") && !self.at("}") {
                self.error("expected ',' or '}'");
                return Err(());
            }
        }
        let source = if self.eat_word("from") { Some(self.string()?) } else { None };
        self.skip_import_attributes();
        self.end_statement()?;
        Ok(Item::ExportNames { names, source, start })
    }

    fn string(&mut self) -> PResult<String> {
        match self.peek().map(|t| &t.tk) {
            Some(Tk::Str(s)) => {
                let s = s.clone();
                self.i += 1;
                Ok(s)
            }
            _ => {
                self.error("expected a string");
                Err(())
            }
        }
    }

    fn var_decls(&mut self) -> PResult<Vec<(Pattern, Expr)>> {
        let mut decls = Vec::new();
        loop {
            let pat = self.pattern()?;
            self.eat("!");
            if self.eat(":") {
                self.skip_type(&["=", ",", ";"]);
            }
            let value = if self.eat("=") {
                self.assignment()?
            } else {
                Expr { kind: ExprKind::Ident("undefined".into()), start: self.pos(), end: self.pos() }
            };
            decls.push((pat, value));
            if !self.eat(",") {
                return Ok(decls);
            }
        }
    }

    fn pattern(&mut self) -> PResult<Pattern> {
        if self.eat("{") {
            let mut v = Vec::new();
            while !self.eat("}") {
                if self.eat("...") {
                    let n = self.ident()?;
                    v.push((String::new(), n));
                } else {
                    let key = self.prop_key()?.0;
                    let local = if self.eat(":") {
                        match self.pattern()? {
                            Pattern::Name(n) => n,
                            _ => String::new(),
                        }
                    } else {
                        key.clone()
                    };
                    if self.eat("=") {
                        self.assignment()?;
                    }
                    v.push((key, local));
                }
                if !self.eat(",") && !self.at("}") {
                    self.error("expected ',' or '}'");
                    return Err(());
                }
            }
            return Ok(Pattern::Object(v));
        }
        if self.eat("[") {
            let mut v = Vec::new();
            while !self.eat("]") {
                if self.at(",") {
                    self.i += 1;
                    v.push(None);
                    continue;
                }
                self.eat("...");
                v.push(match self.pattern()? {
                    Pattern::Name(n) => Some(n),
                    _ => None,
                });
                if self.eat("=") {
                    self.assignment()?;
                }
                if !self.eat(",") && !self.at("]") {
                    self.error("expected ',' or ']'");
                    return Err(());
                }
            }
            return Ok(Pattern::Array(v));
        }
        Ok(Pattern::Name(self.ident()?))
    }

    fn enum_body(&mut self) -> PResult<Vec<(String, Option<Expr>)>> {
        self.expect("{")?;
        let mut members = Vec::new();
        while !self.eat("}") {
            let (name, _) = self.prop_key()?;
            let value = if self.eat("=") { Some(self.assignment()?) } else { None };
            members.push((name, value));
            if !self.eat(",") && !self.at("}") {
                self.error("expected ',' or '}'");
                return Err(());
            }
        }
        Ok(members)
    }

    /// Parameters and body after `function name`.
    fn function_rest(&mut self) -> PResult<Func> {
        if self.at("<") {
            self.skip_angle();
        }
        let params = self.params()?;
        if self.eat(":") {
            self.skip_type(&["{"]);
        }
        let body = self.block()?;
        Ok(Func { params, body: Body::Block(body) })
    }

    fn params(&mut self) -> PResult<Vec<Pattern>> {
        self.expect("(")?;
        let mut params = Vec::new();
        while !self.eat(")") {
            while self.at_word("public") || self.at_word("private") || self.at_word("readonly") || self.at_word("protected") {
                self.i += 1;
            }
            self.eat("...");
            let p = self.pattern()?;
            self.eat("?");
            if self.eat(":") {
                self.skip_type(&[",", ")", "="]);
            }
            if self.eat("=") {
                self.assignment()?;
            }
            params.push(p);
            if !self.eat(",") && !self.at(")") {
                self.error("expected ',' or ')'");
                return Err(());
            }
        }
        Ok(params)
    }

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.expect("{")?;
        let mut out = Vec::new();
        loop {
            if self.eat("}") {
                return Ok(out);
            }
            if self.peek().is_none() {
                self.error("expected '}'");
                return Err(());
            }
            let before = self.i;
            match self.stmt() {
                Ok(s) => out.push(s),
                Err(()) => self.recover_in_block(),
            }
            if self.i == before {
                self.i += 1;
            }
        }
    }

    /// Skips to the end of the current statement inside a block (`;` or the block's `}`).
    fn recover_in_block(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            } else if t.is(";") && depth == 0 {
                self.i += 1;
                return;
            }
            self.i += 1;
        }
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        if self.eat(";") {
            return Ok(Stmt::Other);
        }
        let word = self.peek().and_then(Token::ident).unwrap_or("");
        match word {
            "const" | "let" | "var" => {
                self.i += 1;
                let d = self.var_decls()?;
                self.end_statement()?;
                Ok(Stmt::Var(d))
            }
            "return" => {
                self.i += 1;
                let value = match self.peek() {
                    None => None,
                    Some(t) if t.is(";") || t.is("}") || t.nl_before => None,
                    Some(_) => Some(self.expr()?),
                };
                self.end_statement()?;
                Ok(Stmt::Return(value))
            }
            "function" => {
                self.i += 1;
                let name = self.ident()?;
                let f = self.function_rest()?;
                Ok(Stmt::Func(name, f))
            }
            "if" | "for" | "while" | "switch" | "try" | "do" | "throw" | "class" | "type" | "interface" => {
                // Control flow is not evaluated: skip it (balanced), including else/catch parts.
                self.i += 1;
                loop {
                    while self.peek().is_some_and(|t| !t.is("{") && !t.is(";")) {
                        if self.at("(") {
                            self.skip_balanced();
                        } else {
                            self.i += 1;
                        }
                    }
                    if self.at("{") {
                        self.skip_balanced();
                    } else {
                        self.eat(";");
                    }
                    if !(self.eat_word("else") || self.eat_word("catch") || self.eat_word("finally")) {
                        break;
                    }
                }
                Ok(Stmt::Other)
            }
            _ if self.at("{") => {
                self.skip_balanced();
                Ok(Stmt::Other)
            }
            _ => {
                let e = self.expr()?;
                self.end_statement()?;
                Ok(Stmt::Expr(e))
            }
        }
    }

    fn skip_until_statement_end(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if depth == 0 && t.nl_before && self.starts_line(self.i) && t.ident().is_some_and(|w| STATEMENT_WORDS.contains(&w)) {
                return;
            }
            if t.is("(") || t.is("[") || t.is("{") || t.is("<") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") || t.is(">") {
                depth -= 1;
            } else if t.is(";") && depth <= 0 {
                self.i += 1;
                return;
            }
            self.i += 1;
        }
    }

    /// Skips a balanced `(...)`, `[...]` or `{...}` starting at the current token.
    fn skip_balanced(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                depth -= 1;
            }
            self.i += 1;
            if depth <= 0 {
                return;
            }
        }
    }

    /// Skips a type up to one of `stops` at nesting 0 (not consumed).
    fn skip_type(&mut self, stops: &[&str]) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if depth == 0 && stops.iter().any(|s| t.is(s)) {
                // `=>` inside a function type `(a: T) => U` belongs to the type when it follows `)`.
                return;
            }
            if t.is("=>") && depth == 0 && !stops.contains(&"=>") {
                self.i += 1;
                continue;
            }
            if t.is("(") || t.is("[") || t.is("{") || t.is("<") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") || t.is(">") {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            } else if depth == 0 && (t.is(";") || (t.nl_before && self.starts_line(self.i))) {
                return;
            }
            self.i += 1;
        }
    }

    /// At `<`: whether a balanced `<...>` follows and is itself followed by `(` or a template
    /// (generic call arguments); if so, skips it.
    fn skip_type_args(&mut self) -> bool {
        let save = self.i;
        if self.skip_angle() && self.peek().is_some_and(|t| t.is("(") || matches!(t.tk, Tk::Template { .. })) {
            return true;
        }
        self.i = save;
        false
    }

    fn skip_angle(&mut self) -> bool {
        let mut depth = 0i32;
        let mut n = 0;
        while let Some(t) = self.peek() {
            n += 1;
            if n > 2000 || t.is(";") {
                return false;
            }
            if t.is("<") {
                depth += 1;
            } else if t.is(">") {
                depth -= 1;
                if depth == 0 {
                    self.i += 1;
                    return true;
                }
            } else if t.is("(") || t.is("[") || t.is("{") {
                self.skip_balanced();
                continue;
            } else if t.is(")") || t.is("]") || t.is("}") {
                return false;
            }
            self.i += 1;
        }
        false
    }

    // ---- expressions -------------------------------------------------------------------------

    fn mk(&self, kind: ExprKind, start: usize) -> Expr {
        Expr { kind, start, end: self.prev_end().max(start) }
    }

    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            self.error("expression nested too deeply");
            return Err(());
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn expr(&mut self) -> PResult<Expr> {
        self.assignment()
    }

    /// Counts one more link of a chain (`a.b().c`, `a + b + c`) against the nesting limit, so
    /// the tree's depth (walked recursively later) stays bounded.
    fn link(&mut self) -> PResult<()> {
        if self.depth >= MAX_NESTING {
            self.error("expression nested too deeply");
            return Err(());
        }
        self.depth += 1;
        Ok(())
    }

    /// An assignment expression (no comma operator).
    fn assignment(&mut self) -> PResult<Expr> {
        self.nest(|p| {
            if p.is_arrow_start() {
                return p.arrow();
            }
            let start = p.pos();
            let cond = p.binary(1)?;
            if p.eat("?") {
                let a = p.assignment()?;
                p.expect(":")?;
                let b = p.assignment()?;
                return Ok(p.mk(ExprKind::Cond(Box::new(cond), Box::new(a), Box::new(b)), start));
            }
            if p.peek().is_some_and(|t| matches!(&t.tk, Tk::Punct(x) if x.ends_with('=') && !matches!(*x, "==" | "===" | "!=" | "!==" | "<=" | ">="))) {
                p.i += 1;
                let rhs = p.assignment()?;
                return Ok(p.mk(ExprKind::Binary("=", Box::new(cond), Box::new(rhs)), start));
            }
            Ok(cond)
        })
    }

    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let base = self.depth;
        let r = self.binary_chain(min);
        self.depth = base;
        r
    }

    fn binary_chain(&mut self, min: u8) -> PResult<Expr> {
        let start = self.pos();
        let mut lhs = self.unary()?;
        loop {
            let Some(t) = self.peek() else { break };
            let op = match &t.tk {
                Tk::Punct(p) => BINARY.iter().find(|(o, _)| o == p),
                Tk::Ident(w) if w == "instanceof" || w == "in" => BINARY.iter().find(|(o, _)| o == w),
                Tk::Ident(w) if w == "as" || w == "satisfies" => {
                    if t.nl_before {
                        break;
                    }
                    self.i += 1;
                    if self.eat_word("const") {
                        continue;
                    }
                    self.skip_type(&[",", ")", "]", "}", ";", "?", ":", "=>", "="]);
                    continue;
                }
                _ => None,
            };
            let Some(&(op, prec)) = op else { break };
            if prec < min {
                break;
            }
            self.i += 1;
            self.link()?;
            let rhs = self.nest(|p| p.binary(prec + 1))?;
            lhs = self.mk(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), start);
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let start = self.pos();
        for op in ["!", "-", "+", "~", "typeof", "void", "await", "delete"] {
            let hit = match op {
                "typeof" | "void" | "await" | "delete" => self.at_word(op) && !self.peek_at(1).is_some_and(|t| t.is(",") || t.is(")") || t.is(":") || t.is("=")),
                _ => self.at(op),
            };
            if hit {
                self.i += 1;
                let e = self.nest(|p| p.unary())?;
                return Ok(self.mk(ExprKind::Unary(op, Box::new(e)), start));
            }
        }
        if self.at("<") {
            // `<Type>expr` assertion.
            if self.skip_angle() {
                return self.nest(|p| p.unary());
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let base = self.depth;
        let r = self.postfix_chain();
        self.depth = base;
        r
    }

    fn postfix_chain(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let mut e = self.primary()?;
        loop {
            let Some(t) = self.peek() else { break };
            if t.is(".") || t.is("?.") || t.is("(") || t.is("[") || matches!(t.tk, Tk::Template { .. }) {
                self.link()?;
            }
            if t.is(".") || t.is("?.") {
                self.i += 1;
                if self.at("(") {
                    // `f?.(x)`
                    let args = self.args()?;
                    e = self.mk(ExprKind::Call(Box::new(e), args), start);
                    continue;
                }
                if self.at("[") {
                    self.i += 1;
                    let ix = self.expr()?;
                    self.expect("]")?;
                    e = self.mk(ExprKind::Index(Box::new(e), Box::new(ix)), start);
                    continue;
                }
                self.eat("#");
                let name = self.ident()?;
                e = self.mk(ExprKind::Member(Box::new(e), name), start);
            } else if t.is("(") {
                let args = self.args()?;
                e = self.mk(ExprKind::Call(Box::new(e), args), start);
            } else if t.is("[") && !t.nl_before {
                self.i += 1;
                let ix = self.expr()?;
                self.expect("]")?;
                e = self.mk(ExprKind::Index(Box::new(e), Box::new(ix)), start);
            } else if t.is("!") && !t.nl_before && !self.peek_at(1).is_some_and(|n| n.is("=") || n.is("==")) {
                self.i += 1;
            } else if t.is("<") && !t.nl_before && self.skip_type_args() {
                continue;
            } else if let Tk::Template { strings, exprs } = &t.tk {
                self.i += 1;
                let exprs = self.template_exprs(exprs, t.end);
                e = self.mk(ExprKind::Template { tag: Some(Box::new(e)), strings: strings.clone(), exprs }, start);
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn template_exprs(&mut self, exprs: &[Vec<Token>], end: usize) -> Vec<Expr> {
        exprs
            .iter()
            .map(|toks| {
                let mut sub = Parser { toks, i: 0, text: self.text, errors: Vec::new(), depth: self.depth, end };
                let e = match sub.nest(|p| p.expr()) {
                    Ok(e) if sub.i == toks.len() => e,
                    Ok(_) => {
                        sub.error("expected the end of the substitution '}'");
                        Expr { kind: ExprKind::Error, start: end, end }
                    }
                    Err(()) => Expr { kind: ExprKind::Error, start: toks.first().map_or(end, |t| t.start), end },
                };
                self.errors.append(&mut sub.errors);
                e
            })
            .collect()
    }

    fn args(&mut self) -> PResult<Vec<Expr>> {
        self.expect("(")?;
        self.list(")")
    }

    /// A comma-separated list of (spread) expressions up to `close`; a broken element becomes
    /// [`ExprKind::Error`] and the list goes on.
    fn list(&mut self, close: &str) -> PResult<Vec<Expr>> {
        let mut v = Vec::new();
        loop {
            if self.eat(close) {
                return Ok(v);
            }
            if self.peek().is_none() {
                self.error(format!("expected '{close}'"));
                return Err(());
            }
            if self.at(",") {
                if close != "]" {
                    self.error("expected an expression");
                }
                // an array hole
                self.i += 1;
                continue;
            }
            if self.at_member_start() || self.at_statement_start() {
                self.error(format!("expected '{close}'"));
                return Err(());
            }
            let start = self.pos();
            let item = if self.eat("...") {
                self.assignment().map(|e| self.mk(ExprKind::Spread(Box::new(e)), start))
            } else {
                self.assignment()
            };
            match item {
                Ok(e) => v.push(e),
                Err(()) => {
                    v.push(Expr { kind: ExprKind::Error, start, end: self.pos() });
                    if !self.skip_to_list_end(close) {
                        return Err(());
                    }
                }
            }
            if !self.eat(",") && !self.at(close) {
                self.error(format!("expected ',' or '{close}'"));
                v.push(Expr { kind: ExprKind::Error, start: self.pos(), end: self.pos() });
                if !self.skip_to_list_end(close) {
                    return Err(());
                }
                self.eat(",");
            }
        }
    }

    /// Skips to the next `,` or `close` of the current list (not consumed). False when the end of
    /// the text or a statement keyword at a line start comes first (the list is unterminated).
    fn skip_to_list_end(&mut self, close: &str) -> bool {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            if self.starts_line(self.i) && t.ident().is_some_and(|w| STATEMENT_WORDS.contains(&w) && w != "type") {
                return false;
            }
            if depth == 0 && (t.is(",") || t.is(close)) {
                return true;
            }
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                if depth == 0 {
                    return false;
                }
                depth -= 1;
            }
            self.i += 1;
        }
        false
    }

    fn is_arrow_start(&self) -> bool {
        let mut k = self.i;
        if self.toks.get(k).is_some_and(|t| t.is_word("async")) && self.toks.get(k + 1).is_some_and(|t| !t.nl_before && (t.is("(") || t.ident().is_some())) {
            k += 1;
        }
        let Some(t) = self.toks.get(k) else { return false };
        if t.ident().is_some() {
            return self.toks.get(k + 1).is_some_and(|n| n.is("=>"));
        }
        if t.is("<") {
            // generic arrow `<T>(x: T) => ...`
            let mut j = k;
            let mut depth = 0;
            while let Some(x) = self.toks.get(j).filter(|_| j < k + SCAN_LIMIT) {
                if x.is("<") {
                    depth += 1;
                } else if x.is(">") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            return self.toks.get(j + 1).is_some_and(|x| x.is("(")) && self.paren_then_arrow(j + 1);
        }
        t.is("(") && self.paren_then_arrow(k)
    }

    /// Whether the `(` at `k` closes and is followed by `=>` (possibly after a return type).
    fn paren_then_arrow(&self, k: usize) -> bool {
        let mut depth = 0i32;
        let mut j = k;
        loop {
            let Some(t) = self.toks.get(j) else { return false };
            if j > k + SCAN_LIMIT {
                return false;
            }
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            j += 1;
        }
        match self.toks.get(j + 1) {
            Some(t) if t.is("=>") => true,
            Some(t) if t.is(":") => {
                // return type: scan to `=>` at depth 0 before anything that ends an expression
                let mut d = 0i32;
                let mut m = j + 2;
                while let Some(x) = self.toks.get(m).filter(|_| m < j + SCAN_LIMIT) {
                    if d == 0 && x.is("=>") {
                        return true;
                    }
                    if x.is("(") || x.is("[") || x.is("{") || x.is("<") {
                        d += 1;
                    } else if x.is(")") || x.is("]") || x.is("}") || x.is(">") {
                        d -= 1;
                        if d < 0 {
                            return false;
                        }
                    } else if d == 0 && (x.is(",") || x.is(";") || x.is("?") || x.is("=")) {
                        return false;
                    }
                    m += 1;
                }
                false
            }
            _ => false,
        }
    }

    fn arrow(&mut self) -> PResult<Expr> {
        let start = self.pos();
        self.eat_word("async");
        if self.at("<") {
            self.skip_angle();
        }
        let params = if self.at("(") {
            self.params()?
        } else {
            vec![Pattern::Name(self.ident()?)]
        };
        if self.eat(":") {
            self.skip_type(&["=>"]);
        }
        self.expect("=>")?;
        let body = if self.at("{") { Body::Block(self.block()?) } else { Body::Expr(self.assignment()?) };
        Ok(self.mk(ExprKind::Func(Box::new(Func { params, body })), start))
    }

    fn primary(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let Some(t) = self.peek() else {
            self.error("expected an expression");
            return Err(());
        };
        if self.at_statement_start() && self.depth > 1 {
            self.error("unterminated expression: expected an expression");
            return Err(());
        }
        let kind = match &t.tk {
            Tk::Str(s) => {
                self.i += 1;
                ExprKind::Str(s.clone())
            }
            Tk::Num(n) => {
                self.i += 1;
                ExprKind::Num(n.clone())
            }
            Tk::Regex => {
                self.i += 1;
                ExprKind::Regex
            }
            Tk::Template { strings, exprs } => {
                self.i += 1;
                let exprs = self.template_exprs(exprs, t.end);
                ExprKind::Template { tag: None, strings: strings.clone(), exprs }
            }
            Tk::Ident(w) => match w.as_str() {
                "true" | "false" => {
                    self.i += 1;
                    ExprKind::Bool(w == "true")
                }
                "null" => {
                    self.i += 1;
                    ExprKind::Null
                }
                "function" => {
                    self.i += 1;
                    self.eat("*");
                    if self.peek().and_then(Token::ident).is_some() {
                        self.i += 1;
                    }
                    let f = self.function_rest()?;
                    ExprKind::Func(Box::new(f))
                }
                "new" => {
                    self.i += 1;
                    let callee = self.nest(|p| {
                        let s = p.pos();
                        let mut c = p.primary()?;
                        while p.eat(".") {
                            let n = p.ident()?;
                            c = p.mk(ExprKind::Member(Box::new(c), n), s);
                        }
                        if p.at("<") {
                            p.skip_type_args();
                        }
                        Ok(c)
                    })?;
                    let args = if self.at("(") { self.args()? } else { Vec::new() };
                    ExprKind::New(Box::new(callee), args)
                }
                _ => {
                    self.i += 1;
                    ExprKind::Ident(w.clone())
                }
            },
            Tk::Punct("(") => {
                self.i += 1;
                let e = self.nest(|p| p.expr())?;
                // comma expressions keep the last value
                let mut e = e;
                while self.eat(",") {
                    e = self.nest(|p| p.assignment())?;
                }
                self.expect(")")?;
                return Ok(Expr { start, end: self.prev_end(), ..e });
            }
            Tk::Punct("[") => {
                self.i += 1;
                ExprKind::Array(self.nest(|p| p.list("]"))?)
            }
            Tk::Punct("{") => {
                self.i += 1;
                ExprKind::Object(self.nest(|p| p.object())?)
            }
            _ => {
                self.error("expected an expression");
                return Err(());
            }
        };
        Ok(self.mk(kind, start))
    }

    fn prop_key(&mut self) -> PResult<(String, usize)> {
        let at = self.pos();
        match self.peek().map(|t| &t.tk) {
            Some(Tk::Ident(w)) | Some(Tk::Str(w)) | Some(Tk::Num(w)) => {
                let w = w.clone();
                self.i += 1;
                Ok((w, at))
            }
            _ => {
                self.error("expected a property name");
                Err(())
            }
        }
    }

    /// Object literal members after `{`.
    fn object(&mut self) -> PResult<Vec<Prop>> {
        let mut props = Vec::new();
        loop {
            if self.eat("}") {
                return Ok(props);
            }
            if self.peek().is_none() {
                self.error("expected '}'");
                return Err(());
            }
            let start = self.pos();
            let before = self.errors.len();
            let first = self.i;
            match self.prop() {
                Ok(p) => props.push(p),
                Err(()) => {
                    if self.errors.len() == before {
                        self.error("could not read this property");
                    }
                    props.push(Prop::Other(start));
                    // the next member on its own line ends a broken one
                    if !(self.i > first && self.at_member_start()) && !self.skip_to_list_end("}") {
                        return Err(());
                    }
                }
            }
            if self.at_member_start() {
                if self.errors.len() == before {
                    self.error("expected ','");
                }
                continue;
            }
            if !self.eat(",") && !self.at("}") {
                self.error("expected ',' or '}'");
                if !self.skip_to_list_end("}") {
                    return Err(());
                }
                self.eat(",");
            }
        }
    }

    fn prop(&mut self) -> PResult<Prop> {
        let start = self.pos();
        if self.eat("...") {
            return Ok(Prop::Spread(self.assignment()?));
        }
        if self.at("[") {
            self.skip_balanced();
            self.skip_prop_value()?;
            return Ok(Prop::Other(start));
        }
        // accessors and modifiers: `get x() {}`, `async x() {}`
        if (self.at_word("get") || self.at_word("set") || self.at_word("async") || self.at("*"))
            && self.peek_at(1).is_some_and(|t| t.ident().is_some() || matches!(t.tk, Tk::Str(_)) || t.is("["))
        {
            self.i += 1;
            if self.at("[") {
                self.skip_balanced();
            } else {
                self.i += 1;
            }
            self.skip_prop_value()?;
            return Ok(Prop::Other(start));
        }
        let (key, key_start) = self.prop_key()?;
        self.eat("?");
        if self.eat(":") {
            let value = self.assignment()?;
            return Ok(Prop::Pair { key, key_start, value });
        }
        if self.at("(") || self.at("<") {
            let vstart = self.pos();
            if self.at("<") {
                self.skip_angle();
            }
            let f = self.function_rest()?;
            let value = self.mk(ExprKind::Func(Box::new(f)), vstart);
            return Ok(Prop::Pair { key, key_start, value });
        }
        if self.eat("=") {
            // shorthand with default (only valid in patterns)
            self.assignment()?;
        }
        let value = Expr { kind: ExprKind::Ident(key.clone()), start: key_start, end: self.prev_end() };
        Ok(Prop::Pair { key, key_start, value })
    }

    fn skip_prop_value(&mut self) -> PResult<()> {
        if self.at("(") {
            self.function_rest()?;
        } else if self.eat(":") {
            self.assignment()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn parse(s: &str) -> (Vec<Item>, Vec<SyntaxError>) {
        let (t, _) = lex(s);
        module(&t, s)
    }

    fn ok(s: &str) -> Vec<Item> {
        let (items, errs) = parse(s);
        assert!(errs.is_empty(), "{s}\n{errs:?}");
        items
    }

    #[test]
    fn imports_exports_and_declarations() {
        let items = ok(r#"
import { pgTable, text as t, type AnyPgColumn } from "drizzle-orm/pg-core";
import * as core from 'drizzle-orm/mysql-core'
import type { X } from "./x";
import def, { a } from "./a.js";
export { users, posts as p } from "./users";
export * from "./more";
export type Row = typeof users.$inferSelect;
interface Foo { a: string }
export const users = pgTable("users", { id: text() }), other = 1;
export function f(a: number): string { return "x"; }
export enum Kind { A = "a", B = "b" }
export default users;
"#);
        let Item::Import(i) = &items[0] else { panic!() };
        assert_eq!(i.named, vec![("pgTable".to_string(), "pgTable".to_string()), ("text".into(), "t".into())]);
        assert!(matches!(&items[1], Item::Import(i) if i.namespace.as_deref() == Some("core")));
        assert!(matches!(&items[2], Item::Import(i) if i.default.as_deref() == Some("def")));
        assert!(matches!(&items[3], Item::ExportNames { names, source: Some(_), .. } if names[1] == ("posts".into(), "p".into())));
        assert!(matches!(&items[4], Item::ExportAll { .. }));
        assert!(matches!(&items[5], Item::Var { exported: true, decls, .. } if decls.len() == 2));
        assert!(matches!(&items[6], Item::Function { name, .. } if name == "f"));
        assert!(matches!(&items[7], Item::Enum { members, .. } if members.len() == 2));
        assert!(matches!(&items[8], Item::ExportDefault(_)));
    }

    #[test]
    fn drizzle_expressions() {
        let items = ok(r#"
export const posts = pgTable("posts", {
  id: integer().primaryKey().generatedAlwaysAsIdentity({ startWith: 1 }),
  authorId: integer("author_id").references((): AnyPgColumn => users.id, { onDelete: "cascade" }),
  meta: jsonb().$type<{ a: string[] }>().default({}),
  ...timestamps,
  at: timestamp({ mode: "string" }).default(sql`now()`).notNull()!,
}, (t) => [index("p_idx").on(t.authorId).where(sql`${t.meta} is not null`), unique().on(t.id, t.authorId)]);
const x = customType<{ data: string; driverData: string }>({ dataType() { return "citext"; } });
const y = (a as any) satisfies object;
const z = <T,>(v: T): T => v;
"#);
        let Item::Var { decls, .. } = &items[0] else { panic!() };
        let ExprKind::Call(_, args) = &decls[0].1.kind else { panic!() };
        assert_eq!(args.len(), 3);
        let ExprKind::Object(props) = &args[1].kind else { panic!() };
        assert_eq!(props.len(), 5);
        assert!(matches!(&props[3], Prop::Spread(_)));
        assert!(matches!(&args[2].kind, ExprKind::Func(_)));
    }

    #[test]
    fn arrow_versus_parenthesis_and_conditional() {
        ok("const a = (b) ? (c) : d; const f = (x: number): number => x; const g = x => x; const h = async () => { const q = 1; return q };");
        ok("const t = pgTable('t', {}, (table) => { return { i: index('x').on(table.a) }; });");
    }

    #[test]
    fn broken_columns_cost_only_themselves() {
        let s = "export const t = pgTable('t', {\n  a: text(,\n  b: integer(),\n  c: @@,\n  d: text(),\n});\nexport const u = pgTable('u', { id: integer() });\n";
        let (items, errs) = parse(s);
        assert!(!errs.is_empty());
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Var { decls, .. } = &items[0] else { panic!() };
        let ExprKind::Call(_, args) = &decls[0].1.kind else { panic!() };
        let ExprKind::Object(props) = &args[1].kind else { panic!() };
        let good: Vec<&str> = props.iter().filter_map(|p| match p { Prop::Pair { key, value, .. } if value.kind != ExprKind::Error => Some(key.as_str()), _ => None }).collect();
        assert!(good.contains(&"b") && good.contains(&"d"), "{props:?}");
        assert_eq!(errs[0].at, s.find("text(,").unwrap() + 5);
    }

    #[test]
    fn unbalanced_text_recovers_at_the_next_statement() {
        let s = "export const a = pgTable('a', {\n  id: text(\n\nexport const b = pgTable('b', { id: text() });\n";
        let (items, errs) = parse(s);
        assert!(!errs.is_empty());
        assert!(items.iter().any(|i| matches!(i, Item::Var { decls, .. } if decls[0].0 == Pattern::Name("b".into()))), "{items:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = format!("const a = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
        let (_, errs) = parse(&s);
        assert!(errs.iter().any(|e| e.message.contains("nested too deeply")));
        let s = format!("const a = {}", "[{a:".repeat(50_000));
        let (_, errs) = parse(&s);
        assert!(!errs.is_empty());
        let s = format!("const a = x{};", ".y()".repeat(50_000));
        assert!(!parse(&s).1.is_empty());
        let s = format!("const a = x{};", " + y".repeat(50_000));
        assert!(!parse(&s).1.is_empty());
        let s = format!("const a = x{};", ".y()".repeat(40));
        assert!(parse(&s).1.is_empty());
        // many unclosed parentheses in a row stay linear
        let s = "f((\n".repeat(20_000);
        let t = std::time::Instant::now();
        let _ = parse(&s);
        assert!(t.elapsed().as_secs() < 5);
    }
}
