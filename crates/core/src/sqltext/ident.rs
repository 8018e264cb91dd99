//! Identifiers: quoting per dialect, qualified names, the length limit of each engine, and unique
//! names under that limit.
//!
//! Contract:
//! - [`ident`] returns the name bare when the target reads it back unchanged (the dialect's plain
//!   identifier characters, no keyword of [`super::keywords`]), else quoted with the quote doubled.
//!   What the engine cannot store in a name is replaced, never passed through: the name is cut to
//!   the engine's limit ([`clamp`]: PostgreSQL would cut it the same way, MySQL would reject it); NUL
//!   becomes `_`, an empty name `_`; in MySQL, characters outside the BMP and trailing spaces (both
//!   rejected) `_`.
//! - [`clamp`] cuts a name to what the engine stores: PostgreSQL 63 bytes (NAMEDATALEN - 1, at a
//!   character boundary, as the server truncates), MySQL 64 characters (longer names are rejected),
//!   SQLite unlimited.
//! - [`Namer`] hands out names unique in one scope; a numbered suffix is never cut by the length
//!   limit (the base is cut instead), so it always ends.

use crate::dialect::Dialect;
use std::collections::{HashMap, HashSet};

/// PostgreSQL's NAMEDATALEN - 1: the most bytes in a name.
pub const PG_MAX_NAME: usize = 63;

/// Most bytes (PostgreSQL) or characters (MySQL) in a name; `usize::MAX` for SQLite.
pub fn max_name_len(d: Dialect) -> usize {
    match d {
        Dialect::Postgres => PG_MAX_NAME,
        Dialect::Mysql => 64,
        Dialect::Sqlite => usize::MAX,
    }
}

/// The longest prefix of `s` within `max` bytes, at a character boundary.
pub fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut e = max;
    while e > 0 && !s.is_char_boundary(e) {
        e -= 1;
    }
    &s[..e]
}

/// The longest prefix of `s` within `max` characters.
fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `name` cut to the engine's limit (see the module doc).
pub fn clamp(d: Dialect, name: &str) -> &str {
    match d {
        Dialect::Postgres => truncate_bytes(name, max_name_len(d)),
        Dialect::Mysql => truncate_chars(name, max_name_len(d)),
        Dialect::Sqlite => name,
    }
}

/// Whether `name` is longer than the engine stores.
pub fn too_long(d: Dialect, name: &str) -> bool {
    clamp(d, name).len() < name.len()
}

/// `base` cut so that `base + suffix` fits the engine's limit, then the suffix appended.
pub fn with_suffix(d: Dialect, base: &str, suffix: &str) -> String {
    let base = match d {
        Dialect::Postgres => truncate_bytes(base, max_name_len(d).saturating_sub(suffix.len())),
        Dialect::Mysql => truncate_chars(base, max_name_len(d).saturating_sub(suffix.chars().count())),
        Dialect::Sqlite => base,
    };
    format!("{base}{suffix}")
}

fn plain_char(d: Dialect, c: char) -> bool {
    match d {
        Dialect::Postgres => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_',
        Dialect::Mysql => c.is_ascii_alphanumeric() || c == '_' || c == '$',
        Dialect::Sqlite => c.is_ascii_alphanumeric() || c == '_',
    }
}

/// Whether `name` can be written bare in the dialect and read back unchanged.
pub fn is_plain(d: Dialect, name: &str) -> bool {
    let Some(first) = name.chars().next() else { return false };
    let first_ok = match d {
        Dialect::Postgres => first.is_ascii_lowercase() || first == '_',
        _ => first.is_ascii_alphabetic() || first == '_',
    };
    first_ok && name.chars().all(|c| plain_char(d, c)) && !super::keywords::is_keyword(d, name)
}

/// An identifier for the dialect, quoted only when needed (see the module doc).
pub fn ident(d: Dialect, name: &str) -> String {
    let name = clamp(d, name);
    if is_plain(d, name) {
        return name.to_string();
    }
    let mysql = d == Dialect::Mysql;
    let mut s: String = name.chars().map(|c| if c == '\0' || mysql && c as u32 > 0xFFFF { '_' } else { c }).collect();
    if s.is_empty() {
        s.push('_');
    }
    if d == Dialect::Mysql && s.ends_with(' ') {
        let kept = s.trim_end().len();
        let spaces = s.len() - kept;
        s.truncate(kept);
        s.push_str(&"_".repeat(spaces));
    }
    if is_plain(d, &s) {
        return s;
    }
    let q = if d == Dialect::Mysql { '`' } else { '"' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        out.push(c);
        if c == q {
            out.push(q);
        }
    }
    out.push(q);
    out
}

/// `schema.name` (or `name`), each part quoted where needed.
pub fn qualified(d: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, name)),
        None => ident(d, name),
    }
}

/// Hands out names unique within one scope.
///
/// The rule is set once: names compared case-insensitively or not, the separator before the number
/// (`users_2` or `User2`) and the engine whose length limit applies ([`Namer::sql`]) or none
/// ([`Namer::new`]). Asking for the same base again costs O(1): the next free number per base is
/// remembered, so handing out k names on one base is O(k), not O(k²).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: HashSet<String>,
    next: HashMap<String, u32>,
    fold_case: bool,
    sep: &'static str,
    limit: Option<Dialect>,
}

impl Namer {
    /// Case-insensitive names numbered `base2`, `base3`, ..., no length limit (code identifiers,
    /// file names).
    pub fn new() -> Self {
        Namer { fold_case: true, ..Default::default() }
    }

    /// Case-insensitive names numbered `base{sep}2`, `base{sep}3`, ..., no length limit.
    pub fn separated(sep: &'static str) -> Self {
        Namer { fold_case: true, sep, ..Default::default() }
    }

    /// SQL object names for the dialect: numbered `base_2`, `base_3`, ..., cut to the engine's
    /// limit; compared case-insensitively when `fold_case`.
    pub fn sql(d: Dialect, fold_case: bool) -> Self {
        Namer { fold_case, sep: "_", limit: Some(d), ..Default::default() }
    }

    fn key(&self, name: &str) -> String {
        if self.fold_case {
            name.to_lowercase()
        } else {
            name.to_string()
        }
    }

    fn fit(&self, name: &str) -> String {
        match self.limit {
            Some(d) => clamp(d, name).to_string(),
            None => name.to_string(),
        }
    }

    /// Marks a name taken without handing it out.
    pub fn reserve(&mut self, name: &str) {
        let k = self.key(&self.fit(name));
        self.used.insert(k);
    }

    pub fn is_used(&self, name: &str) -> bool {
        self.used.contains(&self.key(&self.fit(name)))
    }

    /// `base` (cut to the limit) when free, else the first free numbered variant.
    pub fn unique(&mut self, base: &str) -> String {
        let first = self.fit(base);
        if self.used.insert(self.key(&first)) {
            return first;
        }
        let bkey = self.key(base);
        let mut n = self.next.get(&bkey).copied().unwrap_or(2);
        loop {
            let suffix = format!("{}{n}", self.sep);
            let cand = match self.limit {
                Some(d) => with_suffix(d, base, &suffix),
                None => format!("{base}{suffix}"),
            };
            n += 1;
            if self.used.insert(self.key(&cand)) {
                self.next.insert(bkey, n);
                return cand;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(ident(Dialect::Postgres, "users"), "users");
        assert_eq!(ident(Dialect::Postgres, "Users"), "\"Users\"");
        assert_eq!(ident(Dialect::Postgres, "user"), "\"user\"");
        assert_eq!(ident(Dialect::Postgres, "time"), "\"time\"");
        assert_eq!(ident(Dialect::Mysql, "Users"), "Users");
        assert_eq!(ident(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(ident(Dialect::Mysql, "x "), "x_");
        assert_eq!(ident(Dialect::Mysql, "a😀"), "a_");
        assert_eq!(ident(Dialect::Postgres, "a😀"), "\"a😀\"");
        assert_eq!(ident(Dialect::Mysql, &"x".repeat(70)), "x".repeat(64));
        assert_eq!(ident(Dialect::Postgres, &"X".repeat(70)), format!("\"{}\"", "X".repeat(63)));
        assert_eq!(ident(Dialect::Sqlite, "a\"b"), "\"a\"\"b\"");
        assert_eq!(ident(Dialect::Sqlite, ""), "_");
        assert_eq!(ident(Dialect::Postgres, "a\0b"), "a_b");
        assert_eq!(ident(Dialect::Postgres, "A\0"), "\"A_\"");
        assert_eq!(qualified(Dialect::Postgres, Some("App"), "t"), "\"App\".t");
    }

    #[test]
    fn clamps() {
        let long = "é".repeat(40); // 80 bytes, 40 chars
        assert_eq!(clamp(Dialect::Postgres, &long).len(), 62);
        assert_eq!(clamp(Dialect::Mysql, &long), long);
        let a70 = "a".repeat(70);
        assert_eq!(clamp(Dialect::Mysql, &a70).len(), 64);
        assert_eq!(clamp(Dialect::Sqlite, &a70).len(), 70);
        assert!(too_long(Dialect::Postgres, &a70) && !too_long(Dialect::Sqlite, &a70));
        assert_eq!(with_suffix(Dialect::Postgres, &a70, "_2").len(), 63);
        assert!(with_suffix(Dialect::Postgres, &a70, "_2").ends_with("a_2"));
    }

    /// The suffix survives the limit, so a long colliding name still gets a new name (this loop
    /// never ended in the SQL generator before).
    #[test]
    fn namer_suffix_is_never_cut() {
        let mut n = Namer::sql(Dialect::Postgres, false);
        let long = "t".repeat(80);
        let a = n.unique(&long);
        let b = n.unique(&long);
        let c = n.unique(&long);
        assert_eq!(a.len(), 63);
        assert!(b.ends_with("_2") && c.ends_with("_3") && b.len() == 63);
        let mut j = Namer::new();
        assert_eq!(j.unique("User"), "User");
        assert_eq!(j.unique("user"), "user2");
        assert_eq!(j.unique("User"), "User3");
        j.reserve("Order");
        assert_eq!(j.unique("order"), "order2");
    }
}
