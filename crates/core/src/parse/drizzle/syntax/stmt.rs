//! Statements: imports, exports, declarations, function bodies (control flow skipped).

use super::*;

impl<'a> Parser<'a> {
    pub(super) fn item(&mut self) -> Option<Item> {
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

    pub(super) fn item_inner(&mut self, start: usize) -> PResult<Option<Item>> {
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

    pub(super) fn declaration(&mut self, exported: bool, start: usize) -> PResult<Option<Item>> {
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
                let from = self.i;
                self.skip_until_statement_end();
                // the values it names (`typeof users`), for the edit planner
                let typeofs = (from..self.i.saturating_sub(1))
                    .filter(|&k| self.toks[k].is_word("typeof"))
                    .filter_map(|k| self.toks.get(k + 1).and_then(|t| t.ident().map(|w| (w.to_string(), t.start))))
                    .collect();
                Ok(Some(Item::Type { typeofs, start, end: self.prev_end() }))
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

    pub(super) fn import(&mut self, start: usize) -> PResult<Option<Import>> {
        let mut imp = Import { source: String::new(), default: None, namespace: None, named: Vec::new(), start, named_end: None, named_at: Vec::new(), end: start };
        if let Some(Tk::Str(s)) = self.peek().map(|t| &t.tk) {
            imp.source = s.clone();
            self.i += 1;
            self.skip_import_attributes();
            self.end_statement()?;
            imp.end = self.prev_end();
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
            loop {
                if self.at("}") {
                    imp.named_end = Some(self.pos());
                    self.i += 1;
                    break;
                }
                if self.peek().is_none() {
                    self.error("expected '}'");
                    return Err(());
                }
                let inline_type = self.at_word("type") && self.peek_at(1).is_some_and(|t| t.ident().is_some());
                if inline_type {
                    self.i += 1;
                }
                let at = self.pos();
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
                    imp.named_at.push(crate::span::Span::new(at, self.prev_end()));
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
        imp.end = self.prev_end();
        Ok((!type_only).then_some(imp))
    }

    pub(super) fn skip_import_attributes(&mut self) {
        if (self.at_word("with") || self.at_word("assert")) && self.peek_at(1).is_some_and(|t| t.is("{")) {
            self.i += 1;
            self.skip_balanced();
        }
    }

    pub(super) fn export_names(&mut self, start: usize) -> PResult<Item> {
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

    pub(super) fn string(&mut self) -> PResult<String> {
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

    pub(super) fn var_decls(&mut self) -> PResult<Vec<(Pattern, Expr)>> {
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

    pub(super) fn pattern(&mut self) -> PResult<Pattern> {
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

    pub(super) fn enum_body(&mut self) -> PResult<Vec<(String, Option<Expr>)>> {
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
    pub(super) fn function_rest(&mut self) -> PResult<Func> {
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

    pub(super) fn params(&mut self) -> PResult<Vec<Pattern>> {
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

    pub(super) fn block(&mut self) -> PResult<Vec<Stmt>> {
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
    pub(super) fn recover_in_block(&mut self) {
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

    pub(super) fn stmt(&mut self) -> PResult<Stmt> {
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

    pub(super) fn skip_until_statement_end(&mut self) {
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
    pub(super) fn skip_balanced(&mut self) {
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
    pub(super) fn skip_type(&mut self, stops: &[&str]) {
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
    pub(super) fn skip_type_args(&mut self) -> bool {
        let save = self.i;
        if self.skip_angle() && self.peek().is_some_and(|t| t.is("(") || matches!(t.tk, Tk::Template { .. })) {
            return true;
        }
        self.i = save;
        false
    }

    pub(super) fn skip_angle(&mut self) -> bool {
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

}
