//! Identifier folding and the names databases give unnamed constraints and indexes.
//!
//! Contract (what the engines do, checked against their sources/docs):
//! - PostgreSQL folds unquoted identifiers to lower case; names are truncated to 63 bytes the way
//!   `makeObjectName` does (shorten the longer part first). Defaults: `<t>_pkey`, `<t>_<cols>_fkey`,
//!   `<t>_<cols>_key`, `<t>_<col>_check` (a CHECK referencing exactly one column) or `<t>_check`,
//!   `<t>_<cols>_idx` (`expr` for expressions), and a number appended on a clash (`<t>_check1`).
//! - MySQL/InnoDB: primary key `PRIMARY`; FKs `<t>_ibfk_<n>`; CHECKs `<t>_chk_<n>`; keys and unique
//!   keys are named after their first column (`col`, `col_2`, ...).
//! - SQLite: unnamed UNIQUE and (non-rowid) PRIMARY KEY get `sqlite_autoindex_<t>_<n>`; other
//!   constraints have no name in the catalog (`None`).

use crate::dialect::Dialect;
use crate::sqltext::truncate_bytes;
use crate::model::{IndexPart, QualifiedName, Table};
use std::collections::HashMap;

/// PostgreSQL's NAMEDATALEN - 1: the most bytes in a name.
const NAMEDATALEN: usize = crate::sqltext::ident::PG_MAX_NAME;

/// An identifier as the database stores it: PostgreSQL folds unquoted names to lower case and
/// truncates every name to 63 bytes (NAMEDATALEN - 1); MySQL refuses names over 64 characters
/// (the importer reports them and keeps the first 64, [`crate::sqltext::clamp`]).
pub fn fold(dialect: Dialect, value: &str, quoted: bool) -> String {
    let v = crate::sqltext::clamp(dialect, value);
    if dialect == Dialect::Postgres && !quoted {
        v.to_ascii_lowercase()
    } else {
        v.to_string()
    }
}

/// PostgreSQL `makeObjectName(name1, name2, label)`.
pub fn pg_name(name1: &str, name2: &str, label: &str) -> String {
    let overhead = label.len() + 1 + if name2.is_empty() { 0 } else { 1 };
    let avail = NAMEDATALEN.saturating_sub(overhead);
    let (mut l1, mut l2) = (name1.len(), name2.len());
    while l1 + l2 > avail {
        if l1 > l2 {
            l1 -= 1;
        } else {
            l2 -= 1;
        }
    }
    let n1 = truncate_bytes(name1, l1);
    let n2 = truncate_bytes(name2, l2);
    if name2.is_empty() {
        format!("{n1}_{label}")
    } else {
        format!("{n1}_{n2}_{label}")
    }
}

/// The names a table's constraints and indexes use ([`Table::constraint_names`]), for the default
/// names below, with what each dialect's default asks of them kept up to date as names are added:
/// PostgreSQL's exact names, MySQL's names compared case-insensitively, SQLite's count of
/// `sqlite_autoindex_<t>_` names, the highest MySQL `<t>_ibfk_<n>` and the count of MariaDB
/// `CONSTRAINT_<n>` checks. The importer keeps one per table while a CREATE TABLE is read (reading
/// the table's names anew for each unnamed constraint made a 5,000-FK or 20,000-key table quadratic).
#[derive(Clone, Debug, Default)]
pub struct Taken {
    /// Each name with how many objects use it (an index InnoDB made for a foreign key can be
    /// taken out again, [`Taken::remove_index`], and MySQL's FK and its index share a name).
    exact: HashMap<String, usize>,
    /// ASCII lower case: MySQL compares key names case-insensitively.
    folded: HashMap<String, usize>,
    /// `sqlite_autoindex_<t>_` and `<t>_ibfk_` of the table.
    autoindex_prefix: String,
    ibfk_prefix: String,
    /// Names (counted with repeats, as a list of them would) starting with `autoindex_prefix`.
    autoindexes: usize,
    /// The highest `<n>` of a foreign key named `<t>_ibfk_<n>`.
    ibfk_max: u32,
    /// Checks named `CONSTRAINT_…` (MariaDB's default for a table-level CHECK).
    numbered_checks: usize,
    /// Per family of candidate names, where [`Taken::first_free`] stopped last.
    next_free: std::cell::RefCell<HashMap<String, usize>>,
}

/// What kind of object a name added to a [`Taken`] belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameOf {
    ForeignKey,
    Check,
    /// Primary key, unique constraint or index.
    Other,
}

impl Taken {
    /// The names of `t` as it is now.
    pub fn of(t: &Table) -> Taken {
        let mut set = Taken { autoindex_prefix: format!("sqlite_autoindex_{}_", t.name), ibfk_prefix: format!("{}_ibfk_", t.name), ..Default::default() };
        if let Some(n) = t.primary_key.as_ref().and_then(|p| p.name.as_deref()) {
            set.add(NameOf::Other, n);
        }
        t.foreign_keys.iter().filter_map(|f| f.name.as_deref()).for_each(|n| set.add(NameOf::ForeignKey, n));
        t.uniques.iter().filter_map(|u| u.name.as_deref()).for_each(|n| set.add(NameOf::Other, n));
        t.checks.iter().filter_map(|c| c.name.as_deref()).for_each(|n| set.add(NameOf::Check, n));
        t.indexes.iter().filter_map(|i| i.name.as_deref()).for_each(|n| set.add(NameOf::Other, n));
        set
    }

    /// Records `name`, used by an object of kind `of`.
    pub fn add(&mut self, of: NameOf, name: &str) {
        count_op();
        if name.starts_with(self.autoindex_prefix.as_str()) {
            self.autoindexes += 1;
        }
        match of {
            NameOf::ForeignKey => {
                if let Some(k) = name.strip_prefix(self.ibfk_prefix.as_str()).and_then(|k| k.parse::<u32>().ok()) {
                    self.ibfk_max = self.ibfk_max.max(k);
                }
            }
            NameOf::Check if name.starts_with("CONSTRAINT_") => self.numbered_checks += 1,
            _ => {}
        }
        count_in(&mut self.exact, name.to_string());
        count_in(&mut self.folded, name.to_ascii_lowercase());
    }

    /// Takes out the name of an index that is gone (InnoDB's index for a foreign key, replaced by
    /// the index of a later FK that leads with the same columns). MySQL's default key names
    /// probe `<first>_2`, `<first>_3`, …: the probe of that family starts again at the freed one.
    pub fn remove_index(&mut self, name: &str) {
        count_op();
        if name.starts_with(self.autoindex_prefix.as_str()) {
            self.autoindexes = self.autoindexes.saturating_sub(1);
        }
        uncount_in(&mut self.exact, name);
        let lower = name.to_ascii_lowercase();
        uncount_in(&mut self.folded, &lower);
        if let Some((first, k)) = lower.rsplit_once('_').and_then(|(f, k)| Some((f, k.parse::<usize>().ok()?))) {
            if let Some(next) = self.next_free.get_mut().get_mut(&format!("my\0{first}")) {
                *next = (*next).min(k);
            }
        }
    }

    /// The first of `candidate(first)`, `candidate(first + 1)`, … up to `candidate(last)` that
    /// does not `clash` (else the last one). Where the last call for the same `key` stopped is
    /// remembered: names are only added to a `Taken`, so the candidates before it still clash
    /// (without this, n keys on one column probed 1 + 2 + … + n names).
    fn first_free(&self, key: String, first: usize, last: usize, candidate: impl Fn(usize) -> String, clash: impl Fn(&str) -> bool) -> String {
        let mut memo = self.next_free.borrow_mut();
        let mut i = memo.get(&key).copied().unwrap_or(first);
        loop {
            let n = candidate(i);
            if i >= last || !clash(&n) {
                memo.insert(key, i);
                return n;
            }
            i += 1;
        }
    }

    /// Whether a constraint or index is named exactly `name`.
    pub fn contains(&self, name: &str) -> bool {
        count_op();
        self.exact.contains_key(name)
    }

    /// Whether MySQL sees `name` as taken (compared case-insensitively; `PRIMARY` always is).
    fn clashes_in_mysql(&self, name: &str) -> bool {
        count_op();
        name.eq_ignore_ascii_case("PRIMARY") || self.folded.contains_key(&name.to_ascii_lowercase())
    }
}

// Operations on [`Taken`] sets, counted in tests (the operation-count tests of the default names).
#[cfg(test)]
thread_local!(pub(crate) static OPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });

#[inline]
pub(crate) fn count_op() {
    #[cfg(test)]
    OPS.with(|c| c.set(c.get() + 1));
}

fn count_in(counts: &mut HashMap<String, usize>, key: String) {
    *counts.entry(key).or_default() += 1;
}

fn uncount_in(counts: &mut HashMap<String, usize>, key: &str) {
    if let Some(n) = counts.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(key);
        }
    }
}

/// [`Taken`] of `t` as it is now.
pub fn taken(t: &Table) -> Taken {
    Taken::of(t)
}

/// PostgreSQL `ChooseConstraintName`: append 1, 2, ... to the label until the name is free.
fn pg_choose(t: &Table, taken: &Taken, name2: &str, label: &str) -> String {
    let candidate = |pass: usize| if pass == 0 { pg_name(&t.name, name2, label) } else { pg_name(&t.name, name2, &format!("{label}{pass}")) };
    taken.first_free(format!("pg\0{name2}\0{label}"), 0, 1000, candidate, |n| taken.contains(n))
}

pub fn default_pk_name(dialect: Dialect, t: &Table, taken: &Taken) -> String {
    match dialect {
        Dialect::Postgres => pg_choose(t, taken, "", "pkey"),
        Dialect::Mysql => "PRIMARY".into(),
        Dialect::Sqlite => sqlite_autoindex(taken),
    }
}

/// `sqlite_autoindex_<t>_<n>`, `n` one more than the names of the table that already start so.
fn sqlite_autoindex(taken: &Taken) -> String {
    format!("{}{}", taken.autoindex_prefix, taken.autoindexes + 1)
}

fn join_cols(cols: &[String]) -> String {
    // PostgreSQL ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition stop once NAMEDATALEN is reached.
    let mut s = String::new();
    for c in cols {
        if !s.is_empty() {
            s.push('_');
        }
        s.push_str(c);
        if s.len() >= NAMEDATALEN {
            break;
        }
    }
    s
}

/// SQLite names every UNIQUE / non-rowid PRIMARY KEY index itself, whatever the constraint was called.
pub fn sqlite_unique_name(taken: &Taken) -> String {
    sqlite_autoindex(taken)
}

pub fn default_unique_name(dialect: Dialect, t: &Table, cols: &[String], taken: &Taken) -> String {
    match dialect {
        Dialect::Postgres => pg_choose(t, taken, &join_cols(cols), "key"),
        Dialect::Mysql => mysql_key_name(taken, cols.first().map(String::as_str).unwrap_or("")),
        Dialect::Sqlite => sqlite_autoindex(taken),
    }
}

/// MySQL's name for an unnamed key: its first column, else `<first>_2`, `<first>_3`, … (up to
/// `_10001`), whichever no other key or constraint of the table uses.
fn mysql_key_name(taken: &Taken, first: &str) -> String {
    if !taken.clashes_in_mysql(first) {
        return first.to_string();
    }
    taken.first_free(format!("my\0{}", first.to_ascii_lowercase()), 2, 10_001, |i| format!("{first}_{i}"), |n| taken.clashes_in_mysql(n))
}

pub fn default_mysql_index_name(taken: &Taken, parts: &[IndexPart]) -> String {
    let first = parts.first().map(|p| p.column.clone().unwrap_or_else(|| "functional_index".into())).unwrap_or_default();
    mysql_key_name(taken, &first)
}

pub fn default_fk_name(dialect: Dialect, t: &Table, cols: &[String], taken: &Taken) -> Option<String> {
    match dialect {
        Dialect::Postgres => Some(pg_choose(t, taken, &join_cols(cols), "fkey")),
        Dialect::Mysql => Some(format!("{}{}", taken.ibfk_prefix, taken.ibfk_max + 1)),
        Dialect::Sqlite => None,
    }
}

/// `columns`: [`CheckColumns::of`] the table (PostgreSQL names a CHECK after the column it mentions).
pub fn default_check_name(dialect: Dialect, t: &Table, column: Option<&str>, expr: &str, taken: &Taken, columns: &CheckColumns) -> Option<String> {
    match dialect {
        Dialect::Postgres => {
            // PostgreSQL names by the single column the expression references, if exactly one
            // (whether the CHECK was written on a column or on the table).
            let col = columns.single_mention(expr);
            Some(pg_choose(t, taken, col.unwrap_or(""), "check"))
        }
        Dialect::Mysql => {
            // MariaDB: a column-level CHECK is named after its column, a table-level one
            // `CONSTRAINT_<n>`. (MySQL 8 would say `<t>_chk_<n>`.)
            if let Some(c) = column {
                return Some(c.to_string());
            }
            Some(format!("CONSTRAINT_{}", taken.numbered_checks + 1))
        }
        Dialect::Sqlite => None,
    }
}

/// A table's column names as a CHECK expression mentions them ([`mentions`]), looked up per word
/// of the expression: finding the one column an unnamed PostgreSQL CHECK is named after tested
/// every column against every check (a 10,000-column table with a check per column was
/// quadratic). Built once per table; empty for other dialects, which do not name checks so.
#[derive(Default)]
pub struct CheckColumns {
    /// Names made only of ASCII letters, digits and `_`, lower-cased → (the first such column's
    /// name, how many columns have it).
    words: HashMap<String, (String, usize)>,
    /// The other names (quoted ones with spaces, other letters, quotes): tested one by one.
    others: Vec<String>,
}

impl CheckColumns {
    pub fn of(dialect: Dialect, t: &Table) -> CheckColumns {
        let mut set = CheckColumns::default();
        if dialect != Dialect::Postgres {
            return set;
        }
        for c in &t.columns {
            count_op();
            if !c.name.is_empty() && c.name.bytes().all(is_word_byte) {
                set.words.entry(c.name.to_ascii_lowercase()).or_insert_with(|| (c.name.clone(), 0)).1 += 1;
            } else {
                set.others.push(c.name.clone());
            }
        }
        set
    }

    /// The column `expr` mentions when it mentions exactly one (the columns `mentions` finds in
    /// it, counted once each). A word-only name is found in `expr` exactly where a whole word
    /// (a longest run of letters, digits and `_`) equals it and is not preceded by `'` nor
    /// followed by `'` or `(`: that is what [`mentions`] asks of the characters around it.
    pub fn single_mention(&self, expr: &str) -> Option<&str> {
        let lower = expr.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut found: Option<&str> = None;
        let mut count = 0;
        let mut i = 0;
        while i < b.len() {
            if !is_word_byte(b[i]) {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && is_word_byte(b[i]) {
                i += 1;
            }
            if (s > 0 && b[s - 1] == b'\'') || (i < b.len() && (b[i] == b'\'' || b[i] == b'(')) {
                continue;
            }
            count_op();
            if let Some((name, n)) = self.words.get(&lower[s..i]) {
                if found != Some(name.as_str()) {
                    count += n;
                    found = Some(name);
                }
            }
            if count > 1 {
                return None;
            }
        }
        for name in &self.others {
            if mentions(expr, name) {
                count += 1;
                found = Some(name);
            }
            if count > 1 {
                return None;
            }
        }
        found.filter(|_| count == 1)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `expr` mentions identifier `name` as a whole word.
fn mentions(expr: &str, name: &str) -> bool {
    count_op();
    if name.is_empty() {
        return false; // (an empty name matched at every position without moving on)
    }
    let lower = expr.to_ascii_lowercase();
    let name_l = name.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(p) = lower[from..].find(&name_l) {
        let s = from + p;
        let e = s + name_l.len();
        let before = s == 0 || !(b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'\'');
        let after = e >= b.len() || !(b[e].is_ascii_alphanumeric() || b[e] == b'_' || b[e] == b'\'' || b[e] == b'(');
        if before && after {
            return true;
        }
        from = e;
        if from >= lower.len() {
            break;
        }
    }
    false
}

pub fn default_index_name(dialect: Dialect, t: &Table, parts: &[IndexPart], taken: &Taken) -> String {
    match dialect {
        Dialect::Mysql => default_mysql_index_name(taken, parts),
        _ => {
            let cols: Vec<String> = parts.iter().map(|p| p.column.clone().unwrap_or_else(|| expr_colname(&p.expression))).collect();
            pg_choose(t, taken, &join_cols(&cols), "idx")
        }
    }
}

/// PostgreSQL `FigureColname` for an index expression: a function call is named after the
/// function (`lower(email)` → `lower`), anything else `expr`.
fn expr_colname(e: &str) -> String {
    let t = e.trim().trim_start_matches('(');
    let name_end = t.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '"')).unwrap_or(t.len());
    if name_end > 0 && t[name_end..].trim_start().starts_with('(') {
        let name = &t[..name_end];
        let last = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
        if !last.is_empty() && !last.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return last.to_ascii_lowercase();
        }
    }
    "expr".into()
}

/// `public.foo_id_seq` / `"Foo"` inside a string (e.g. a regclass literal) → folded name.
pub fn parse_qualified(dialect: Dialect, raw: &str) -> QualifiedName {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                parts.push(fold(dialect, &cur, was_quoted));
                cur.clear();
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    parts.push(fold(dialect, &cur, was_quoted));
    let n = parts.len();
    if n >= 2 {
        QualifiedName::new(Some(parts[n - 2].clone()), parts[n - 1].clone())
    } else {
        QualifiedName::new(None, parts.pop().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_truncation_matches_make_object_name() {
        let long = "a".repeat(40);
        let n = pg_name(&long, &"b".repeat(40), "fkey");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_fkey"));
        assert_eq!(pg_name("users", "", "pkey"), "users_pkey");
        assert_eq!(pg_name("users", "org_id", "fkey"), "users_org_id_fkey");
    }

    #[test]
    fn qualified_in_string() {
        let q = parse_qualified(Dialect::Postgres, "public.\"Foo_id_seq\"");
        assert_eq!(q, QualifiedName::new(Some("public".into()), "Foo_id_seq"));
    }

    /// The MySQL key name as it was chosen before [`Taken`]: every name of the table compared
    /// case-insensitively (the reference the kept set must agree with).
    fn reference_mysql_key_name(names: &[&str], first: &str) -> String {
        let clash = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n)) || n.eq_ignore_ascii_case("PRIMARY");
        if !clash(first) {
            return first.to_string();
        }
        (2..).map(|i| (i, format!("{first}_{i}"))).find(|(i, n)| !clash(n) || *i > 10_000).map(|(_, n)| n).unwrap_or_default()
    }

    #[test]
    fn mysql_key_names_agree_with_rescanning_every_name() {
        // keys repeating columns in both cases, with written names that take `c0_3` / `C1_2` first
        let mut s = String::from("CREATE TABLE t (id int PRIMARY KEY, c0 int, c1 int, primary_x int");
        for i in 0..120 {
            let col = ["c0", "C0", "c1", "C1", "primary_x"][i % 5];
            match i % 17 {
                3 => s.push_str(", KEY c0_3 (c1)"),
                5 => s.push_str(", KEY C1_2 (c0)"),
                7 => s.push_str(&format!(", UNIQUE KEY ({col})")),
                _ => s.push_str(&format!(", KEY ({col})")),
            }
        }
        s.push_str(");");
        let p = crate::parse::parse(&s, Dialect::Mysql);
        let t = &p.schema.tables[0];
        let mut names: Vec<&str> = vec!["PRIMARY"];
        let (mut keys, mut uniques) = (t.indexes.iter(), t.uniques.iter());
        for i in 0..120 {
            let (got, first) = if i % 17 == 7 {
                let u = uniques.next().unwrap();
                (u.name.as_deref().unwrap(), u.columns[0].as_str())
            } else {
                let k = keys.next().unwrap();
                (k.name.as_deref().unwrap(), k.parts[0].column.as_deref().unwrap())
            };
            if i % 17 != 3 && i % 17 != 5 {
                assert_eq!(got, reference_mysql_key_name(&names, first), "key {i}");
            }
            names.push(got);
        }
    }

    /// Operations on name sets while `text(n)` is read.
    fn ops(text: &dyn Fn(usize) -> String, n: usize, dialect: Dialect) -> u64 {
        let s = text(n);
        OPS.with(|c| c.set(0));
        let p = crate::parse::parse(&s, dialect);
        assert!(p.schema.tables.iter().map(|t| t.constraint_names().len()).sum::<usize>() >= n, "{} names", n);
        OPS.with(|c| c.get())
    }

    #[test]
    fn default_names_take_linear_work_in_the_number_of_unnamed_constraints() {
        let table = |n: usize, columns: usize, each: &dyn Fn(usize) -> String| -> String {
            let cols: String = (0..columns).map(|c| format!(", c{c} int")).collect();
            let items: String = (0..n).map(|i| format!(", {}", each(i))).collect();
            format!("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY{cols}{items});\n")
        };
        let mysql_keys = |n: usize| table(n, 50, &|i| format!("KEY (c{})", i % 50));
        let mysql_fks_checks = |n: usize| table(n, n, &|i| if i % 2 == 0 { format!("FOREIGN KEY (c{i}) REFERENCES p(id)") } else { format!("CHECK (c{} > {i})", i % 50) });
        let mysql_fks_replacing = |n: usize| table(n, 50, &|i| format!("FOREIGN KEY (c{}) REFERENCES p(id)", i % 50));
        let sqlite_uniques = |n: usize| table(n, n / 50 + 50, &|i| format!("UNIQUE (c{}, c{})", i % 50, i / 50));
        let pg_fks = |n: usize| table(n, 50, &|i| format!("FOREIGN KEY (c{}) REFERENCES p(id)", i % 50));
        let pg_checks = |n: usize| table(n, n, &|i| format!("CHECK (c{i} > 0)"));
        // Counted: operations on the kept name sets, on the MySQL FK-index tree (`lower/fk_index.rs`),
        // on the kept SQLite UNIQUE keys and on the CHECK column words. Built anew per constraint
        // (the old scans) each case grows about 100× here.
        type Case<'a> = (&'a str, &'a dyn Fn(usize) -> String, Dialect, usize);
        let cases: [Case; 6] = [
            ("MySQL keys", &mysql_keys, Dialect::Mysql, 1000),
            ("MySQL FKs and checks", &mysql_fks_checks, Dialect::Mysql, 1000),
            ("MySQL FKs replacing each other's indexes", &mysql_fks_replacing, Dialect::Mysql, 1000),
            ("SQLite uniques", &sqlite_uniques, Dialect::Sqlite, 1000),
            ("PostgreSQL FKs", &pg_fks, Dialect::Postgres, 1000),
            ("PostgreSQL checks", &pg_checks, Dialect::Postgres, 1000),
        ];
        for (name, text, dialect, n) in cases {
            let (small, big) = (ops(text, n, dialect), ops(text, 10 * n, dialect));
            let growth = big as f64 / small as f64;
            eprintln!("{name}: {small} → {big} ({growth:.1}×)");
            assert!(growth <= 10.5, "{name}: {small} → {big} operations on name sets for 10× the constraints ({growth:.1}×)");
        }
    }

    /// Random CHECK expressions over columns whose names are prefixes of each other, differ in
    /// case only, hold spaces, quotes or other letters, appear inside strings and as function
    /// names: [`CheckColumns::single_mention`] agrees with testing every column with [`mentions`].
    #[test]
    fn check_columns_agree_with_testing_every_column() {
        let names = ["a", "ab", "A", "a_b", "b1", "1b", "my col", "it's", "café", "x(", "_", "Ab"];
        let mut rng = crate::rng::Rng::from_text("check columns");
        let words = ["a", "ab", "AB", "a_b", "b1", "1b", "my col", "it's", "café", "x(", "_", "'a'", "a(", "(", ")", " ", " ", ">", "'", "\"", ".", "é", "0"];
        for case in 0..3000 {
            let mut t = Table { name: "t".into(), ..Default::default() };
            for _ in 0..1 + rng.below(5) {
                t.columns.push(crate::model::Column { name: rng.pick(&names).to_string(), ..Default::default() });
            }
            let expr: String = (0..rng.below(8)).map(|_| *rng.pick(&words)).collect();
            let refs: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).filter(|c| mentions(&expr, c)).collect();
            let want = (refs.len() == 1).then(|| refs[0]);
            assert_eq!(CheckColumns::of(Dialect::Postgres, &t).single_mention(&expr), want, "case {case}: {expr:?} over {:?}", t.columns.iter().map(|c| &c.name).collect::<Vec<_>>());
        }
    }

    #[test]
    fn mentions_whole_words() {
        assert!(mentions("age >= 0", "age"));
        assert!(!mentions("page >= 0", "age"));
        assert!(!mentions("x = 'age'", "age"));
    }
}
