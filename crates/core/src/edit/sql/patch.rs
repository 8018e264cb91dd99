//! Collecting text edits: replacements, insertions and deletions of whole statements, list items
//! (CREATE TABLE elements, ALTER TABLE actions) and column clauses, laid out the way the text is
//! (one item per line, or several on a line).
//!
//! Contract: every edit is a byte range of the original text; [`Patch::finish`] sorts them, drops
//! edits inside a deleted range, joins insertions at the same point in the order they were made,
//! and refuses overlapping edits. Never panics (offsets are clamped to char boundaries).

use super::layout::{Range, Stmt};
use crate::edit::EditError;
use crate::lint::Edit;

pub struct Patch<'a> {
    pub text: &'a str,
    edits: Vec<Edit>,
}

/// Start of the line holding byte `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |p| p + 1)
}

/// End of the line holding byte `at` (the `\n`, or the text's end). A `\r` before it is part of
/// the line break.
pub fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text[at..].find('\n').map_or(text.len(), |p| at + p)
}

/// Index just past the line break ending the line of `at`.
pub fn next_line(text: &str, at: usize) -> usize {
    (line_end(text, at) + 1).min(text.len())
}

pub fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Whether the rest of the line after `at` is only blanks or a line comment.
pub fn rest_is_free(text: &str, at: usize) -> bool {
    let rest = text[at.min(text.len())..line_end(text, at)].trim_start();
    rest.is_empty() || rest.starts_with("--") || rest.starts_with('#') || (rest.starts_with("/*") && rest.trim_end().ends_with("*/"))
}

/// Whether only blanks precede `at` on its line.
pub fn starts_line(text: &str, at: usize) -> bool {
    blank(&text[line_start(text, at)..at.min(text.len())])
}

/// The blanks at the start of the line holding `at`.
pub fn indent_of(text: &str, at: usize) -> &str {
    let ls = line_start(text, at);
    let line = &text[ls..line_end(text, at)];
    &line[..line.len() - line.trim_start().len()]
}

/// The text's line break (`\r\n` when it uses one).
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

impl<'a> Patch<'a> {
    pub fn new(text: &'a str) -> Self {
        Patch { text, edits: Vec::new() }
    }

    pub fn replace(&mut self, start: usize, end: usize, with: impl Into<String>) {
        self.edits.push(Edit { start, end, replacement: with.into() });
    }

    pub fn insert(&mut self, at: usize, s: impl Into<String>) {
        self.replace(at, at, s);
    }

    pub fn delete(&mut self, start: usize, end: usize) {
        if end > start {
            self.replace(start, end, "");
        }
    }

    /// The byte ranges edited so far (for the statements-touched check).
    pub fn ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.edits.iter().map(|e| (e.start, e.end))
    }

    /// Deletes a whole statement with its delimiter, and its lines when it has them to itself (one
    /// blank line around it goes too, so no double gap is left).
    pub fn delete_stmt(&mut self, st: &Stmt) {
        let t = self.text;
        let b = t.as_bytes();
        let mut a = st.start;
        if starts_line(t, a) {
            a = line_start(t, a);
        }
        let mut e = st.end;
        let mut k = e;
        while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
            k += 1;
        }
        if b.get(k) == Some(&b';') {
            e = k + 1;
        }
        if a == line_start(t, a) && rest_is_free(t, e) && blank(&t[e..line_end(t, e)]) {
            e = next_line(t, e);
            // a blank line before and after: take the one after
            let before_blank = a >= 2 && blank(&t[line_start(t, a - 1)..a]) && a > 0;
            let after = &t[e..line_end(t, e)];
            if before_blank && blank(after) && e < t.len() {
                e = next_line(t, e);
            }
        }
        self.delete(a, e);
    }

    /// Deletes items `ks` (sorted, not all of them) of a comma-separated list: each run of
    /// neighbours with its lines when it has them to itself, else with the commas and blanks that
    /// separate it from the items kept.
    pub fn delete_items(&mut self, st: &Stmt, items: &[Range], ks: &[usize]) {
        let t = self.text;
        let n = items.len();
        let mut r = 0;
        while r < ks.len() {
            let i = ks[r];
            let mut j = i;
            while r + 1 < ks.len() && ks[r + 1] == j + 1 {
                r += 1;
                j += 1;
            }
            r += 1;
            if i >= n || j >= n {
                continue;
            }
            let s = st.at(items[i].first);
            let e = st.end_of(items[j].last);
            let after = if j + 1 < n { st.end_of(items[j].last + 1) } else { e };
            if starts_line(t, s) && rest_is_free(t, after) && line_end(t, after) < st.end {
                if j + 1 == n && i > 0 && st.is_punct(items[i].first - 1, ',') {
                    let c = items[i].first - 1;
                    self.delete(st.at(c), st.end_of(c));
                }
                self.delete(line_start(t, s), next_line(t, after));
            } else if j + 1 < n {
                self.delete(s, st.at(items[j + 1].first));
            } else if i > 0 {
                self.delete(st.end_of(items[i - 1].last), e);
            } else {
                self.delete(s, e);
            }
        }
    }

    /// Inserts `item` into a list after item `k` (`None`: as the first item, after the `(` at
    /// token `open`), one per line when the list is written that way.
    pub fn insert_item(&mut self, st: &Stmt, items: &[Range], k: Option<usize>, open: usize, item: &str) {
        let t = self.text;
        let nl = newline(t);
        let Some(k) = k else {
            match items.first() {
                Some(first) if starts_line(t, st.at(first.first)) => {
                    let s = st.at(first.first);
                    let ind = indent_of(t, s);
                    self.insert(line_start(t, s), format!("{ind}{item},{nl}"));
                }
                Some(first) => self.insert(st.at(first.first), format!("{item}, ")),
                None => self.insert(st.end_of(open), item.to_string()),
            }
            return;
        };
        let (s, e) = st.bytes(items[k]);
        let own_line = starts_line(t, s);
        let ind = indent_of(t, s).to_string();
        match items.get(k + 1) {
            Some(_) => {
                let comma = st.end_of(items[k].last + 1);
                if own_line && rest_is_free(t, comma) {
                    self.insert(next_line(t, comma), format!("{ind}{item},{nl}"));
                } else {
                    self.insert(e, format!(", {item}"));
                }
            }
            None => {
                if own_line && rest_is_free(t, e) && line_end(t, e) < st.end {
                    self.insert(e, ",");
                    let le = line_end(t, e);
                    let le = if t[..le].ends_with('\r') { le - 1 } else { le };
                    self.insert(le, format!("{nl}{ind}{item}"));
                } else {
                    self.insert(e, format!(", {item}"));
                }
            }
        }
    }

    /// Deletes a clause of a column definition with the blanks before it.
    pub fn delete_clause(&mut self, st: &Stmt, r: Range) {
        let from = if r.first > 0 { st.end_of(r.first - 1) } else { st.at(r.first) };
        self.delete(from, st.end_of(r.last));
    }

    /// The edits, sorted and checked (see the module doc).
    pub fn finish(self) -> Result<Vec<Edit>, EditError> {
        let len = self.text.len();
        let mut v: Vec<Edit> = self
            .edits
            .into_iter()
            .map(|mut e| {
                e.start = e.start.min(len);
                e.end = e.end.clamp(e.start, len);
                e
            })
            .filter(|e| e.start < e.end || !e.replacement.is_empty())
            .collect();
        crate::sort::by_key(&mut v, |e| (e.start, e.end));
        v.dedup_by(|b, a| (a.start, a.end) == (b.start, b.end) && a.replacement == b.replacement && a.start < a.end);
        // edits inside a deleted range go with it (an insertion at its edge stays)
        let deletions: Vec<(usize, usize)> = v.iter().filter(|e| e.replacement.is_empty()).map(|e| (e.start, e.end)).collect();
        v.retain(|e| {
            !deletions.iter().any(|&(s, x)| {
                let inside = s <= e.start && e.end <= x && (s, x) != (e.start, e.end);
                let at_edge = e.start == e.end && (e.start == s || e.start == x);
                inside && !at_edge
            })
        });
        let mut out: Vec<Edit> = Vec::with_capacity(v.len());
        for e in v {
            if !self.text.is_char_boundary(e.start) || !self.text.is_char_boundary(e.end) {
                return Err(EditError::Unverified("an edit falls inside a character".into()));
            }
            if let Some(last) = out.last_mut() {
                if last.start == e.start && last.end == e.start && e.start == e.end {
                    last.replacement.push_str(&e.replacement);
                    continue;
                }
                if last.start == last.end && last.start == e.start {
                    // an insertion right before a replacement at the same point: keep both
                } else if e.start < last.end {
                    return Err(EditError::Unverified(format!("two edits overlap at byte {}", e.start)));
                }
            }
            out.push(e);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::edit::sql::layout::{create_table, Stmt};

    fn run(text: &str, f: impl Fn(&mut Patch, &Stmt, &[Range], usize)) -> String {
        let st = Stmt { start: 0, end: text.trim_end().trim_end_matches(';').len(), toks: crate::parse::lex::lex(text, Dialect::Postgres, usize::MAX) };
        let ct = create_table(&st, Dialect::Postgres).unwrap();
        let items: Vec<Range> = ct.elems.iter().map(|e| e.range).collect();
        let mut p = Patch::new(text);
        f(&mut p, &st, &items, ct.body.unwrap().0);
        crate::lint::Fix { description: String::new(), edits: p.finish().unwrap() }.apply(text)
    }

    #[test]
    fn deletes_items_by_line_or_inline() {
        let multi = "CREATE TABLE t (\n  a int,\n  b int, -- bee\n  c int -- sea\n);";
        assert_eq!(run(multi, |p, s, i, _| p.delete_items(s, i, &[1])), "CREATE TABLE t (\n  a int,\n  c int -- sea\n);");
        assert_eq!(run(multi, |p, s, i, _| p.delete_items(s, i, &[2])), "CREATE TABLE t (\n  a int,\n  b int -- bee\n);");
        let one = "CREATE TABLE t (a int, b int, c int);";
        assert_eq!(run(one, |p, s, i, _| p.delete_items(s, i, &[0])), "CREATE TABLE t (b int, c int);");
        assert_eq!(run(one, |p, s, i, _| p.delete_items(s, i, &[2])), "CREATE TABLE t (a int, b int);");
    }

    #[test]
    fn inserts_items_in_the_list_style() {
        let multi = "CREATE TABLE t (\n    a int,\n    b int -- bee\n);";
        assert_eq!(run(multi, |p, s, i, o| p.insert_item(s, i, Some(1), o, "c text")), "CREATE TABLE t (\n    a int,\n    b int, -- bee\n    c text\n);");
        assert_eq!(run(multi, |p, s, i, o| p.insert_item(s, i, Some(0), o, "c text")), "CREATE TABLE t (\n    a int,\n    c text,\n    b int -- bee\n);");
        let one = "CREATE TABLE t (a int, b int);";
        assert_eq!(run(one, |p, s, i, o| p.insert_item(s, i, Some(1), o, "c text")), "CREATE TABLE t (a int, b int, c text);");
        assert_eq!(run(one, |p, s, i, o| p.insert_item(s, i, Some(0), o, "c text")), "CREATE TABLE t (a int, c text, b int);");
        assert_eq!(run("CREATE TABLE t ();", |p, s, i, o| p.insert_item(s, i, None, o, "c text")), "CREATE TABLE t (c text);");
    }
}
