//! Expressions: precedence climbing, postfix chains, arrow functions, literals.

use super::*;

impl<'a> Parser<'a> {
    pub(super) fn mk(&self, kind: ExprKind, start: usize) -> Expr {
        Expr { kind, start, end: self.prev_end().max(start) }
    }

    pub(super) fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            self.error("expression nested too deeply");
            return Err(());
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.assignment()
    }

    /// Counts one more link of a chain (`a.b().c`, `a + b + c`) against the nesting limit, so
    /// the tree's depth (walked recursively later) stays bounded.
    pub(super) fn link(&mut self) -> PResult<()> {
        if self.depth >= MAX_NESTING {
            self.error("expression nested too deeply");
            return Err(());
        }
        self.depth += 1;
        Ok(())
    }

    /// An assignment expression (no comma operator).
    pub(super) fn assignment(&mut self) -> PResult<Expr> {
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

    pub(super) fn binary(&mut self, min: u8) -> PResult<Expr> {
        let base = self.depth;
        let r = self.binary_chain(min);
        self.depth = base;
        r
    }

    pub(super) fn binary_chain(&mut self, min: u8) -> PResult<Expr> {
        let start = self.pos();
        let mut lhs = self.unary()?;
        while let Some(t) = self.peek() {
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

    pub(super) fn unary(&mut self) -> PResult<Expr> {
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

    pub(super) fn postfix(&mut self) -> PResult<Expr> {
        let base = self.depth;
        let r = self.postfix_chain();
        self.depth = base;
        r
    }

    pub(super) fn postfix_chain(&mut self) -> PResult<Expr> {
        let start = self.pos();
        let mut e = self.primary()?;
        while let Some(t) = self.peek() {
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

    pub(super) fn template_exprs(&mut self, exprs: &[Vec<Token>], end: usize) -> Vec<Expr> {
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

    pub(super) fn args(&mut self) -> PResult<Vec<Expr>> {
        self.expect("(")?;
        self.list(")")
    }

    /// A comma-separated list of (spread) expressions up to `close`; a broken element becomes
    /// [`ExprKind::Error`] and the list goes on.
    pub(super) fn list(&mut self, close: &str) -> PResult<Vec<Expr>> {
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
                // a missing comma at a line end (drizzle-kit pull writes that): the next line is
                // the next element
                if self.peek().is_some_and(|t| t.nl_before) && !self.at_member_start() && !self.at_statement_start() {
                    continue;
                }
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
    pub(super) fn skip_to_list_end(&mut self, close: &str) -> bool {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            // inside a call or an array, a line starting `key:` is the next member of the object
            // around it: this list was left unterminated
            if close != "}" && depth == 0 && self.at_member_start() {
                return false;
            }
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

    pub(super) fn is_arrow_start(&self) -> bool {
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
    pub(super) fn paren_then_arrow(&self, k: usize) -> bool {
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

    pub(super) fn arrow(&mut self) -> PResult<Expr> {
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

    pub(super) fn primary(&mut self) -> PResult<Expr> {
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

    pub(super) fn prop_key(&mut self) -> PResult<(String, usize)> {
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
    pub(super) fn object(&mut self) -> PResult<Vec<Prop>> {
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
                    let next_member = self.i > first && self.at_member_start();
                    if !next_member && !self.skip_to_list_end("}") {
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

    pub(super) fn prop(&mut self) -> PResult<Prop> {
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

    pub(super) fn skip_prop_value(&mut self) -> PResult<()> {
        if self.at("(") {
            self.function_rest()?;
        } else if self.eat(":") {
            self.assignment()?;
        }
        Ok(())
    }
}
