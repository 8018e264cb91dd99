//! The cursor over a statement's tokens that the hand-written reader walks.

use super::*;

pub(super) struct R<'a> {
    pub(super) toks: &'a [Token],
    pub(super) text: &'a str,
    pub(super) i: usize,
    pub(super) d: Dialect,
}

impl<'a> R<'a> {
    pub(super) fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }
    pub(super) fn at(&self, off: usize) -> Option<&'a Token> {
        self.toks.get(self.i + off)
    }
    pub(super) fn is(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is(kw))
    }
    pub(super) fn eat(&mut self, kw: &str) -> bool {
        if self.is(kw) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    pub(super) fn eat_seq(&mut self, kws: &[&str]) -> bool {
        if kws.iter().enumerate().all(|(k, w)| self.at(k).is_some_and(|t| t.is(w))) {
            self.i += kws.len();
            true
        } else {
            false
        }
    }
    pub(super) fn eat_punct(&mut self, c: char) -> bool {
        if self.peek().is_some_and(|t| t.is_punct(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    pub(super) fn done(&self) -> bool {
        self.i >= self.toks.len()
    }
    /// One identifier part, folded as the database stores it.
    pub(super) fn ident(&mut self) -> Option<String> {
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
    pub(super) fn qname(&mut self) -> Option<QualifiedName> {
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
    pub(super) fn paren_list(&mut self) -> Vec<String> {
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
    pub(super) fn item(&self, a: usize, b: usize) -> String {
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
    pub(super) fn src(&self, a: usize, b: usize) -> String {
        if a >= b || a >= self.toks.len() {
            return String::new();
        }
        let s = self.toks[a].start;
        let e = self.toks[(b - 1).min(self.toks.len() - 1)].end;
        self.text.get(s..e).unwrap_or("").trim().to_string()
    }
    /// Skips a balanced `( ... )` if one is next.
    pub(super) fn skip_parens(&mut self) {
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
    pub(super) fn until(&mut self, stop: impl Fn(&Token) -> bool) -> String {
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
pub(super) fn split_commas(toks: &[Token]) -> Vec<&[Token]> {
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

pub(super) fn qname_list(r: &mut R) -> Vec<QualifiedName> {
    let mut out = Vec::new();
    while let Some(q) = r.qname() {
        out.push(q);
        if !r.eat_punct(',') {
            break;
        }
    }
    out
}
