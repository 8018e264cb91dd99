//! A JSON reader that keeps where every value is, so the model built from catalog JSON points at
//! the object each table, column or constraint came from.
//!
//! Contract: never panics, never recurses deeper than [`MAX_DEPTH`]; a syntax error is reported at
//! its byte offset and everything read before it is kept (a truncated paste still imports what
//! it holds).

/// Arrays and objects nest at most this deep.
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

/// A value and its byte range in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub j: J,
    pub start: usize,
    pub end: usize,
}

const NULL: Node = Node { j: J::Null, start: 0, end: 0 };

impl Node {
    /// A member of an object (`null` when absent). A member holding JSON as a string (what some
    /// engines and clients do with nested aggregates) is read as that JSON.
    pub fn get(&self, key: &str) -> &Node {
        match &self.j {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    pub fn str(&self) -> Option<&str> {
        match &self.j {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A string member (`None` for null or another type).
    pub fn s(&self, key: &str) -> Option<&str> {
        self.get(key).str()
    }

    /// A boolean member; `1`/`0` and `"YES"`/`"NO"` count (MySQL and SQLite write those).
    pub fn b(&self, key: &str) -> bool {
        match &self.get(key).j {
            J::Bool(b) => *b,
            J::Num(n) => n.parse::<f64>().is_ok_and(|f| f != 0.0),
            J::Str(s) => matches!(s.to_ascii_uppercase().as_str(), "YES" | "TRUE" | "1"),
            _ => false,
        }
    }

    /// A number member as an integer.
    pub fn n(&self, key: &str) -> Option<i64> {
        match &self.get(key).j {
            J::Num(n) => n.parse::<f64>().ok().map(|f| f as i64),
            J::Str(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        }
    }

    /// The elements of an array member (empty for anything else).
    pub fn items(&self, key: &str) -> &[Node] {
        match &self.get(key).j {
            J::Arr(a) => a,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        self.j == J::Null
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct JsonError {
    pub at: usize,
    pub message: String,
}

/// Parses one JSON value (leading and trailing white space allowed). On an error, the value read
/// so far (containers closed where the error was) comes back with it.
pub fn parse(text: &str) -> (Option<Node>, Option<JsonError>) {
    let mut p = P { b: text.as_bytes(), text, i: 0, err: None };
    p.ws();
    let v = p.value(0);
    if p.err.is_none() {
        p.ws();
        if p.i < p.b.len() {
            p.fail("unexpected text after the JSON value");
        }
    }
    (v, p.err)
}

/// Parses a string holding JSON (a nested aggregate some clients return as text), with the
/// positions of the string it came from.
pub fn reparse(n: &Node) -> Option<Node> {
    let s = n.str()?;
    let t = s.trim_start();
    if !(t.starts_with('[') || t.starts_with('{')) {
        return None;
    }
    let (v, err) = parse(s);
    if err.is_some() {
        return None;
    }
    v.map(|v| relocate(v, n.start, n.end))
}

fn relocate(mut v: Node, start: usize, end: usize) -> Node {
    v.start = start;
    v.end = end;
    v.j = match v.j {
        J::Arr(a) => J::Arr(a.into_iter().map(|x| relocate(x, start, end)).collect()),
        J::Obj(m) => J::Obj(m.into_iter().map(|(k, x)| (k, relocate(x, start, end))).collect()),
        other => other,
    };
    v
}

struct P<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    err: Option<JsonError>,
}

impl P<'_> {
    fn fail(&mut self, m: &str) {
        if self.err.is_none() {
            self.err = Some(JsonError { at: self.i.min(self.b.len()), message: m.to_string() });
        }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        let start = self.i;
        let Some(&c) = self.b.get(self.i) else {
            self.fail("the JSON ends early (a truncated paste?)");
            return None;
        };
        let j = match c {
            b'{' | b'[' if depth >= MAX_DEPTH => {
                self.fail("JSON nested too deeply");
                return None;
            }
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        break;
                    }
                    if !m.is_empty() {
                        if self.b.get(self.i) != Some(&b',') {
                            self.fail("expected ',' or '}' in an object");
                            return Some(Node { j: J::Obj(m), start, end: self.i });
                        }
                        self.i += 1;
                        self.ws();
                    }
                    if self.b.get(self.i) != Some(&b'"') {
                        self.fail(if self.i >= self.b.len() { "the JSON ends early (a truncated paste?)" } else { "expected a member name in quotes" });
                        return Some(Node { j: J::Obj(m), start, end: self.i });
                    }
                    let Some(k) = self.string() else { return Some(Node { j: J::Obj(m), start, end: self.i }) };
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        self.fail("expected ':' after a member name");
                        return Some(Node { j: J::Obj(m), start, end: self.i });
                    }
                    self.i += 1;
                    self.ws();
                    match self.value(depth + 1) {
                        Some(v) => m.push((k, v)),
                        None => return Some(Node { j: J::Obj(m), start, end: self.i }),
                    }
                    if self.err.is_some() {
                        return Some(Node { j: J::Obj(m), start, end: self.i });
                    }
                }
                J::Obj(m)
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        break;
                    }
                    if !a.is_empty() {
                        if self.b.get(self.i) != Some(&b',') {
                            self.fail(if self.i >= self.b.len() { "the JSON ends early (a truncated paste?)" } else { "expected ',' or ']' in an array" });
                            return Some(Node { j: J::Arr(a), start, end: self.i });
                        }
                        self.i += 1;
                        self.ws();
                    }
                    match self.value(depth + 1) {
                        Some(v) => a.push(v),
                        None => return Some(Node { j: J::Arr(a), start, end: self.i }),
                    }
                    if self.err.is_some() {
                        return Some(Node { j: J::Arr(a), start, end: self.i });
                    }
                }
                J::Arr(a)
            }
            b'"' => J::Str(self.string()?),
            b't' if self.text[self.i..].starts_with("true") => {
                self.i += 4;
                J::Bool(true)
            }
            b'f' if self.text[self.i..].starts_with("false") => {
                self.i += 5;
                J::Bool(false)
            }
            b'n' if self.text[self.i..].starts_with("null") => {
                self.i += 4;
                J::Null
            }
            b'-' | b'0'..=b'9' => {
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.i += 1;
                }
                J::Num(self.text[start..self.i].to_string())
            }
            _ => {
                self.fail("expected a JSON value");
                return None;
            }
        };
        Some(Node { j, start, end: self.i })
    }

    /// A string at `self.i` (the opening quote).
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut s = String::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                self.fail("the JSON ends early inside a string (a truncated paste?)");
                return None;
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Some(s);
                }
                b'\\' => {
                    let e = self.b.get(self.i + 1).copied();
                    self.i += 2;
                    match e {
                        Some(b'n') => s.push('\n'),
                        Some(b't') => s.push('\t'),
                        Some(b'r') => s.push('\r'),
                        Some(b'b') => s.push('\u{8}'),
                        Some(b'f') => s.push('\u{c}'),
                        Some(b'u') => {
                            let hex = |p: &Self, at: usize| p.text.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                            let Some(hi) = hex(self, self.i) else {
                                self.fail("bad \\u escape");
                                return None;
                            };
                            self.i += 4;
                            let cp = if (0xD800..0xDC00).contains(&hi) && self.text[self.i..].starts_with("\\u") {
                                match hex(self, self.i + 2) {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                        self.i += 6;
                                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                    }
                                    _ => hi,
                                }
                            } else {
                                hi
                            };
                            s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        }
                        Some(x @ (b'"' | b'\\' | b'/')) => s.push(x as char),
                        _ => {
                            self.fail("bad escape in a string");
                            return None;
                        }
                    }
                }
                _ => {
                    let ch = self.text[self.i..].chars().next().unwrap_or('\u{fffd}');
                    s.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_positions() {
        let t = r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00", "c": {}} "#;
        let (v, e) = parse(t);
        assert!(e.is_none(), "{e:?}");
        let v = v.unwrap();
        assert_eq!(v.start, 1);
        assert_eq!(v.items("a").len(), 4);
        assert_eq!(v.s("b"), Some("x\"é😀"));
        assert_eq!(&t[v.get("c").start..v.get("c").end], "{}");
        assert!(v.get("zzz").is_null());
    }

    #[test]
    fn truncated_and_broken_text_keeps_what_was_read() {
        let (v, e) = parse(r#"{"tables": [{"name": "a"}, {"name": "b"#);
        let e = e.unwrap();
        assert!(e.message.contains("ends early"), "{e:?}");
        let v = v.unwrap();
        // the unfinished object is kept as far as it got (here: without its name)
        assert_eq!(v.items("tables").len(), 2);
        assert_eq!(v.items("tables")[0].s("name"), Some("a"));
        assert_eq!(v.items("tables")[1].s("name"), None);
        for bad in ["", "{", "[1,,2]", "{\"a\" 1}", "nul", "\"\\x\"", "{} x", "\"\\u12\""] {
            assert!(parse(bad).1.is_some(), "{bad}");
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).1.unwrap().message.contains("deeply"));
    }

    #[test]
    fn nested_json_in_a_string_is_read() {
        let (v, _) = parse(r#"{"cols": "[{\"name\": \"id\"}]"}"#);
        let v = v.unwrap();
        let inner = reparse(v.get("cols")).unwrap();
        assert_eq!(inner.j, J::Arr(vec![Node { j: J::Obj(vec![("name".into(), Node { j: J::Str("id".into()), start: 9, end: 31 })]), start: 9, end: 31 }]));
    }
}
