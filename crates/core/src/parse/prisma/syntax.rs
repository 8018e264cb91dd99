//! Prisma schema text → [`ast`](super::ast) blocks, with recovery.
//!
//! Contract: never panics, never loops without consuming input. Declarations end at the end of
//! their line (as in Prisma's grammar). A line that is not a declaration becomes an error at its
//! line and is skipped; a block missing its `}` ends where the next top-level block keyword
//! starts a line (reported at the block's header), so one missing brace loses nothing after it.

use super::ast::*;
use crate::parse::input::{comment_end, Diags};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    /// `@` or `@@`.
    At(u8),
    Punct(char),
    Newline,
    /// A character that cannot start anything, or an unterminated string.
    Bad(String),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    span: Span,
}

fn lex(text: &str, diags: &mut Diags) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let tok = match c {
            b'\n' => {
                i += 1;
                Tok::Newline
            }
            b'\r' => {
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                Tok::Newline
            }
            b' ' | b'\t' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                // `/* ... */` comments (Prisma accepts them on their own lines) that span lines
                // count as a line end, so declarations around them still end where they should.
                let end = comment_end(text, i, b"\n\r", diags).unwrap_or(i + 1);
                if text[i..end].contains('\n') {
                    out.push(Token { tok: Tok::Newline, span: Span::new(i, end) });
                }
                i = end;
                continue;
            }
            b'"' => {
                let (s, end, closed) = string(text, i);
                i = end;
                if closed {
                    Tok::Str(s)
                } else {
                    diags.error(Span::new(start, end), "unterminated string: a string ends with `\"` on the same line");
                    Tok::Bad(s)
                }
            }
            b'@' => {
                let n = if b.get(i + 1) == Some(&b'@') { 2 } else { 1 };
                i += n as usize;
                Tok::At(n)
            }
            b'-' | b'0'..=b'9' if c != b'-' || b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))) {
                    i += 1;
                }
                if i < b.len() && is_ident_byte(b[i]) && c != b'-' {
                    while i < b.len() && is_ident_byte(b[i]) {
                        i += 1;
                    }
                    Tok::Ident(text[start..i].to_string())
                } else {
                    Tok::Num(text[start..i].to_string())
                }
            }
            _ if is_ident_byte(c) => {
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                Tok::Ident(text[start..i].to_string())
            }
            b'{' | b'}' | b'(' | b')' | b'[' | b']' | b',' | b':' | b'=' | b'?' | b'!' | b'.' => {
                i += 1;
                Tok::Punct(c as char)
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                i += ch.len_utf8().max(1);
                Tok::Bad(ch.to_string())
            }
        };
        out.push(Token { tok, span: Span::new(start, i) });
    }
    out
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c >= 0x80
}

/// A JSON-style string from the `"` at `i`: (value, end offset, closed).
fn string(text: &str, i: usize) -> (String, usize, bool) {
    let mut s = String::new();
    let mut it = text[i + 1..].char_indices();
    while let Some((p, ch)) = it.next() {
        match ch {
            '"' => return (s, i + 1 + p + 1, true),
            '\n' | '\r' => return (s, i + 1 + p, false),
            '\\' => match it.next() {
                Some((_, 'n')) => s.push('\n'),
                Some((_, 't')) => s.push('\t'),
                Some((_, 'r')) => s.push('\r'),
                Some((_, 'b')) => s.push('\u{8}'),
                Some((_, 'f')) => s.push('\u{c}'),
                Some((_, 'u')) => {
                    let hex: String = it.clone().take(4).map(|(_, c)| c).collect();
                    match u32::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == 4).and_then(char::from_u32) {
                        Some(c) => {
                            s.push(c);
                            for _ in 0..4 {
                                it.next();
                            }
                        }
                        None => s.push('u'),
                    }
                }
                Some((_, '\n')) | None => return (s, text.len().min(i + 1 + p + 1), false),
                Some((_, other)) => s.push(other),
            },
            c => s.push(c),
        }
    }
    (s, text.len(), false)
}

/// Deepest nesting of calls and lists in an attribute (`@default(f(g([...])))`); deeper is an
/// error. The parser recurses once per level, and the web app's wasm stack is 1 MiB: 5,000 nested
/// calls overflowed it and killed the page.
pub const MAX_NESTING: usize = 32;

struct Parser<'t, 'd> {
    toks: Vec<Token>,
    pos: usize,
    text_len: usize,
    diags: &'t mut Diags<'d>,
    /// Calls and lists open around the expression being read.
    depth: usize,
    /// The rest of the line was dropped as too deep (its unclosed lists are not reported again).
    cut: bool,
}

/// Parses a whole schema into blocks; problems go to `diags`.
pub fn parse(text: &str, diags: &mut Diags) -> Vec<Block> {
    let toks = lex(text, diags);
    let mut p = Parser { toks, pos: 0, text_len: text.len(), diags, depth: 0, cut: false };
    let mut blocks = Vec::new();
    while p.pos < p.toks.len() {
        if p.at_newline() {
            p.pos += 1;
            continue;
        }
        match p.block_start() {
            Some(kind) => {
                if let Some(b) = p.block(kind) {
                    blocks.push(b);
                }
            }
            None => p.stray_line(),
        }
    }
    blocks
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k).map(|t| &t.tok)
    }

    fn span_here(&self) -> Span {
        self.toks.get(self.pos).map(|t| t.span).unwrap_or(Span::new(self.text_len, self.text_len))
    }

    fn prev_end(&self) -> usize {
        self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).map(|t| t.span.end).unwrap_or(0)
    }

    fn at_newline(&self) -> bool {
        matches!(self.peek(), Some(Tok::Newline))
    }

    fn at_line_end(&self) -> bool {
        matches!(self.peek(), None | Some(Tok::Newline))
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The block keyword at the current position when a block starts here (`model X {`).
    fn block_start(&self) -> Option<BlockKind> {
        let Some(Tok::Ident(w)) = self.peek() else { return None };
        let kind = BlockKind::from_keyword(w)?;
        match (self.peek_at(1), self.peek_at(2)) {
            (Some(Tok::Ident(_)), Some(Tok::Punct('{'))) => Some(kind),
            _ => None,
        }
    }

    /// Skips to the start of the next line.
    fn skip_line(&mut self) {
        while !self.at_line_end() {
            self.pos += 1;
        }
        if self.at_newline() {
            self.pos += 1;
        }
    }

    /// The span from the current token to the end of its line.
    fn rest_of_line_span(&self) -> Span {
        let start = self.span_here().start;
        let mut i = self.pos;
        let mut end = start;
        while let Some(t) = self.toks.get(i) {
            if t.tok == Tok::Newline {
                break;
            }
            end = t.span.end;
            i += 1;
        }
        Span::new(start, end)
    }

    /// A top-level line that is not a block: an error; a `name {` block of an unknown kind is
    /// skipped whole.
    fn stray_line(&mut self) {
        let span = self.rest_of_line_span();
        let opens = (0..8).map_while(|k| self.peek_at(k)).take_while(|t| **t != Tok::Newline).any(|t| *t == Tok::Punct('{'));
        let what = match self.peek() {
            Some(Tok::Ident(w)) if w == "type" && self.peek_at(2) == Some(&Tok::Punct('=')) => {
                "type aliases (`type X = ...`) are not supported by Prisma".to_string()
            }
            Some(Tok::Ident(w)) => format!("unexpected `{w}`: expected a block (model, enum, view, type, datasource or generator)"),
            Some(Tok::Punct('}')) => "unexpected `}`: no block is open here".to_string(),
            _ => "unexpected text: expected a block (model, enum, view, type, datasource or generator)".to_string(),
        };
        self.diags.error(span, what);
        if opens {
            self.skip_line();
            // Skip the unknown block's body up to its closing `}` at the start of a line.
            while self.pos < self.toks.len() && self.block_start().is_none() {
                let closes = self.is_punct('}');
                self.skip_line();
                if closes {
                    break;
                }
            }
        } else {
            self.skip_line();
        }
    }

    fn block(&mut self, kind: BlockKind) -> Option<Block> {
        let start = self.span_here().start;
        self.pos += 1;
        let name = self.name()?;
        self.pos += 1; // `{`
        if !self.at_line_end() {
            let span = self.rest_of_line_span();
            self.diags.error(span, format!("unexpected text after `{{` of {} {}: declarations go on their own lines", kind.keyword(), name.text));
            self.skip_line();
        }
        let mut block = Block { kind, name, fields: Vec::new(), attrs: Vec::new(), span: Span::new(start, start) };
        loop {
            match self.peek() {
                None => {
                    block.span.end = self.text_len;
                    let header = Span::new(start, block.name.span.end);
                    self.diags.error(header, format!("{} {} is not closed: missing `}}`", kind.keyword(), block.name.text));
                    return Some(block);
                }
                Some(Tok::Newline) => self.pos += 1,
                Some(Tok::Punct('}')) => {
                    block.span.end = self.span_here().end;
                    self.pos += 1;
                    if !self.at_line_end() {
                        let span = self.rest_of_line_span();
                        self.diags.error(span, "unexpected text after `}`");
                    }
                    self.skip_line();
                    return Some(block);
                }
                Some(Tok::At(2)) => {
                    if let Some(a) = self.attribute() {
                        block.attrs.push(a);
                    }
                    self.end_of_declaration();
                }
                Some(Tok::Ident(_)) if self.block_start().is_some() => {
                    block.span.end = self.prev_end();
                    let header = Span::new(start, block.name.span.end);
                    self.diags.error(header, format!("{} {} is not closed: missing `}}` before the next block", kind.keyword(), block.name.text));
                    return Some(block);
                }
                Some(Tok::Ident(_)) => {
                    if let Some(f) = self.declaration(kind) {
                        block.fields.push(f);
                    }
                }
                _ => {
                    let span = self.rest_of_line_span();
                    self.diags.error(span, format!("unexpected text in {} {}: expected a field or an `@@` attribute", kind.keyword(), block.name.text));
                    self.skip_line();
                }
            }
        }
    }

    /// After a declaration: anything left on the line is an error.
    fn end_of_declaration(&mut self) {
        if !self.at_line_end() {
            let span = self.rest_of_line_span();
            self.diags.error(span, "unexpected text at the end of the declaration");
        }
        self.skip_line();
    }

    fn name(&mut self) -> Option<Name> {
        match self.peek() {
            Some(Tok::Ident(w)) => {
                let n = Name { text: w.clone(), span: self.span_here() };
                self.pos += 1;
                Some(n)
            }
            _ => None,
        }
    }

    /// A field, an enum value or a config entry (the current token is an identifier).
    fn declaration(&mut self, kind: BlockKind) -> Option<Field> {
        let name = self.name()?;
        let start = name.span.start;
        let mut field = Field { name, ty: None, value: None, attrs: Vec::new(), span: Span::new(start, start) };
        match kind {
            BlockKind::Datasource | BlockKind::Generator => {
                if !self.eat_punct('=') {
                    let span = Span::new(start, self.rest_of_line_span().end.max(field.name.span.end));
                    self.diags.error(span, format!("expected `=` after `{}` in a {} block", field.name.text, kind.keyword()));
                    self.skip_line();
                    return None;
                }
                field.value = self.expr();
                if field.value.is_none() {
                    let span = self.span_here();
                    self.diags.error(span, format!("expected a value for `{}`", field.name.text));
                }
            }
            BlockKind::Enum => {}
            BlockKind::Model | BlockKind::View | BlockKind::Type => {
                self.eat_punct(':'); // legacy `name: Type`
                field.ty = self.field_type(&field.name);
            }
        }
        while let Some(Tok::At(n)) = self.peek() {
            if *n == 2 {
                let span = self.rest_of_line_span();
                self.diags.error(span, "block attributes (`@@...`) go on their own line");
                break;
            }
            match self.attribute() {
                Some(a) => field.attrs.push(a),
                None => break,
            }
        }
        field.span.end = self.prev_end().max(start);
        self.end_of_declaration();
        Some(field)
    }

    fn field_type(&mut self, field: &Name) -> Option<FieldType> {
        let legacy_list = self.eat_punct('[');
        let Some(name) = self.name() else {
            let span = if self.at_line_end() { field.span } else { self.span_here() };
            self.diags.error(span, format!("field `{}` has no type", field.text));
            return None;
        };
        let mut ty = FieldType { name, unsupported: None, arity: Arity::Required };
        if ty.name.text == "Unsupported" && self.eat_punct('(') {
            match self.peek().cloned() {
                Some(Tok::Str(s)) => {
                    ty.unsupported = Some(s);
                    self.pos += 1;
                }
                _ => {
                    let span = self.span_here();
                    self.diags.error(span, "Unsupported(...) needs the database type as a string");
                }
            }
            if !self.eat_punct(')') {
                let span = self.span_here();
                self.diags.error(span, "expected `)` after Unsupported(\"...\"");
            }
        }
        if legacy_list {
            self.eat_punct(']');
            ty.arity = Arity::List;
        } else if self.is_punct('[') && self.peek_at(1) == Some(&Tok::Punct(']')) {
            self.pos += 2;
            ty.arity = Arity::List;
            if self.is_punct('?') {
                let span = self.span_here();
                self.diags.error(span, "optional lists (`[]?`) are not supported: a list is never null");
                self.pos += 1;
            }
        } else if self.eat_punct('?') {
            ty.arity = Arity::Optional;
        } else {
            self.eat_punct('!'); // legacy required marker
        }
        ty.name.span.end = self.prev_end().max(ty.name.span.end);
        Some(ty)
    }

    /// `@name(args)` / `@@name(args)`; the current token is the `@`.
    fn attribute(&mut self) -> Option<Attribute> {
        let start = self.span_here().start;
        self.pos += 1;
        let Some(mut name) = self.name() else {
            let span = Span::new(start, self.span_here().end);
            self.diags.error(span, "expected an attribute name after `@`");
            return None;
        };
        // Dotted names: `@db.VarChar`.
        while self.is_punct('.') && matches!(self.peek_at(1), Some(Tok::Ident(_))) {
            self.pos += 1;
            if let Some(Tok::Ident(part)) = self.peek().cloned() {
                name.text.push('.');
                name.text.push_str(&part);
                name.span.end = self.span_here().end;
                self.pos += 1;
            }
        }
        let args = if self.is_punct('(') { self.arguments().unwrap_or_default() } else { Vec::new() };
        Some(Attribute { name, args, span: Span::new(start, self.prev_end().max(start)) })
    }

    /// `( arg, name: expr, name: )`; `None` (with an error) when the list is not closed on its line.
    fn arguments(&mut self) -> Option<Vec<Arg>> {
        let open = self.span_here();
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            if self.eat_punct(')') {
                return Some(args);
            }
            if self.at_line_end() {
                if !self.cut {
                    self.diags.error(open, "argument list is not closed: missing `)` on this line");
                }
                return None;
            }
            let start = self.span_here().start;
            let named = matches!(self.peek(), Some(Tok::Ident(_))) && self.peek_at(1) == Some(&Tok::Punct(':'));
            let name = if named {
                let n = self.name();
                self.pos += 1;
                n
            } else {
                None
            };
            let value = if self.is_punct(',') || self.is_punct(')') { None } else { self.expr() };
            if value.is_none() && name.is_none() {
                let span = self.span_here();
                if !self.cut {
                    self.diags.error(span, "expected an argument");
                }
                // Skip the bad token so the loop always advances.
                if !self.at_line_end() {
                    self.pos += 1;
                }
            } else {
                args.push(Arg { name, value, span: Span::new(start, self.prev_end().max(start)) });
            }
            if !self.eat_punct(',') && !self.is_punct(')') && !self.at_line_end() {
                let span = self.span_here();
                self.diags.error(span, "expected `,` or `)` in the argument list");
                self.pos += 1;
            }
        }
    }

    /// An expression, at most [`MAX_NESTING`] calls and lists deep: deeper, the rest of the line
    /// is reported once and dropped.
    fn expr(&mut self) -> Option<Expr> {
        if self.depth >= MAX_NESTING {
            let here = self.span_here();
            self.diags.error(here, format!("nested more than {MAX_NESTING} levels deep; the rest of the line is ignored"));
            while !self.at_line_end() {
                self.pos += 1;
            }
            self.cut = true;
            return None;
        }
        self.depth += 1;
        let e = self.nested_expr();
        self.depth -= 1;
        if self.depth == 0 {
            self.cut = false;
        }
        e
    }

    fn nested_expr(&mut self) -> Option<Expr> {
        let here = self.span_here();
        match self.peek().cloned()? {
            Tok::Str(s) => {
                self.pos += 1;
                Some(Expr::Str(s, here))
            }
            Tok::Num(n) => {
                self.pos += 1;
                Some(Expr::Num(n, here))
            }
            Tok::Ident(w) => {
                self.pos += 1;
                let mut path = w;
                let mut end = here.end;
                while self.is_punct('.') && matches!(self.peek_at(1), Some(Tok::Ident(_))) {
                    self.pos += 1;
                    if let Some(Tok::Ident(p)) = self.peek().cloned() {
                        path.push('.');
                        path.push_str(&p);
                        end = self.span_here().end;
                        self.pos += 1;
                    }
                }
                if self.is_punct('(') {
                    let args = self.arguments().unwrap_or_default();
                    return Some(Expr::Call(path, args, Span::new(here.start, self.prev_end())));
                }
                Some(Expr::Const(path, Span::new(here.start, end)))
            }
            Tok::Punct('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat_punct(']') {
                        return Some(Expr::Array(items, Span::new(here.start, self.prev_end())));
                    }
                    if self.at_line_end() {
                        if !self.cut {
                            self.diags.error(here, "list is not closed: missing `]` on this line");
                        }
                        return Some(Expr::Array(items, Span::new(here.start, self.prev_end())));
                    }
                    match self.expr() {
                        Some(e) => items.push(e),
                        None if self.cut => {}
                        None => {
                            let span = self.span_here();
                            self.diags.error(span, "expected a list item");
                            self.pos += 1;
                        }
                    }
                    if !self.eat_punct(',') && !self.is_punct(']') && !self.at_line_end() {
                        let span = self.span_here();
                        self.diags.error(span, "expected `,` or `]` in the list");
                        self.pos += 1;
                    }
                }
            }
            _ => None,
        }
    }
}
