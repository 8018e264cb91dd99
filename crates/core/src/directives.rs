//! Directive comments: rule suppressions and settings written in SQL comments, read once for the
//! schema linter and the migration checker.
//!
//! | directive | scope | meaning |
//! |---|---|---|
//! | `-- schemaplay-ignore [rule, ...]` | lint: the comment's line and the next | no findings of those rules there (none, or `all`: every rule) |
//! | `-- squawk-ignore [rule, ...]` | migration: the statement the comment precedes or sits in | squawk's line ignore (none: every rule) |
//! | `-- squawk-ignore-file [rule, ...]` | migration: the whole file | squawk's file ignore (none: every rule) |
//! | `-- nolint` / `-- nolint:rule,...` | migration: the statement the comment precedes | morph's (Mattermost) ignore; `concurrentIndex` means the concurrent-index rules |
//! | `-- squawk-disable-assume-in-transaction` | migration: the whole file | the file runs outside a transaction, whatever the settings say |
//! | `-- morph:nontransactional` | migration: the whole file | the same (morph's spelling) |
//!
//! All of them may also be written as `/* ... */`. A rule list is separated by commas or spaces and
//! ends at a further `--` (so `-- squawk-ignore ban-drop-table -- old table` works); a rule is
//! matched by its id or one of its aliases (an id a rule had before, or squawk's spelling).
//!
//! Contract: [`Directives::scan`] reads the text once, line by line (work linear in its length);
//! the lookups are binary searches over the directives found. Never panics.

/// What a directive says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SchemaplayIgnore,
    SquawkIgnore,
    SquawkIgnoreFile,
    Nolint,
    DisableAssumeInTransaction,
    NonTransactional,
}

/// One directive comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line of the comment.
    pub line: usize,
    pub kind: Kind,
    /// The rules named (empty: every rule).
    pub rules: Vec<String>,
}

impl Directive {
    /// Whether the directive covers the rule `id` (or one of its `aliases`).
    pub fn covers(&self, id: &str, aliases: &[&str]) -> bool {
        if !matches!(self.kind, Kind::SchemaplayIgnore | Kind::SquawkIgnore | Kind::SquawkIgnoreFile | Kind::Nolint) {
            return false;
        }
        self.rules.is_empty()
            || self.rules.iter().any(|r| {
                r == "all"
                    || r == id
                    || aliases.contains(&r.as_str())
                    || (self.kind == Kind::Nolint && r.eq_ignore_ascii_case("concurrentIndex") && id.contains("concurrent-index"))
            })
    }
}

/// The directives of one text, in line order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    list: Vec<Directive>,
}

const PREFIXES: &[(&str, Kind)] = &[
    ("schemaplay-ignore", Kind::SchemaplayIgnore),
    ("squawk-ignore-file", Kind::SquawkIgnoreFile),
    ("squawk-ignore", Kind::SquawkIgnore),
    ("squawk-disable-assume-in-transaction", Kind::DisableAssumeInTransaction),
    ("morph:nontransactional", Kind::NonTransactional),
    ("nolint", Kind::Nolint),
];

/// Reads one comment body (without `--` / `/*` `*/`).
fn directive(body: &str, line: usize) -> Option<Directive> {
    let body = body.trim();
    let (prefix, kind) = PREFIXES.iter().find(|(p, _)| body.len() >= p.len() && body.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?;
    let rest = &body[prefix.len()..];
    // `squawk-ignoreX` / `nolintfoo` are other words, not directives.
    if rest.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let rest = rest.split("--").next().unwrap_or("");
    let rules = match kind {
        Kind::DisableAssumeInTransaction | Kind::NonTransactional => {
            if !rest.trim().is_empty() {
                return None;
            }
            Vec::new()
        }
        _ => rest.trim_start_matches(':').split([',', ' ', '\t']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect(),
    };
    Some(Directive { line, kind: *kind, rules })
}

/// The comment bodies on one line: after each `--` and inside each `/* */` outside quotes.
fn comments(line: &str, mut found: impl FnMut(&str)) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' => quote = Some(c),
            b'-' if b.get(i + 1) == Some(&b'-') => {
                found(&line[i + 2..]);
                return;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = line[i + 2..].find("*/").map_or(line.len(), |e| i + 2 + e);
                found(&line[i + 2..end]);
                i = end + 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

impl Directives {
    /// Finds every directive comment in `text`.
    pub fn scan(text: &str) -> Directives {
        let mut list = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if !(line.contains("--") || line.contains("/*")) {
                continue;
            }
            comments(line, |body| {
                if let Some(d) = directive(body, n + 1) {
                    list.push(d);
                }
            });
        }
        Directives { list }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn all(&self) -> &[Directive] {
        &self.list
    }

    /// The directives on lines `first..=last`.
    pub fn on_lines(&self, first: usize, last: usize) -> &[Directive] {
        let a = self.list.partition_point(|d| d.line < first);
        let b = self.list.partition_point(|d| d.line <= last);
        &self.list[a..b.max(a)]
    }

    /// The file says it runs outside a transaction (`squawk-disable-assume-in-transaction`,
    /// `morph:nontransactional`).
    pub fn no_transaction(&self) -> bool {
        self.list.iter().any(|d| matches!(d.kind, Kind::DisableAssumeInTransaction | Kind::NonTransactional))
    }

    /// A `squawk-ignore-file` covers the rule.
    pub fn ignored_in_file(&self, id: &str, aliases: &[&str]) -> bool {
        self.list.iter().any(|d| d.kind == Kind::SquawkIgnoreFile && d.covers(id, aliases))
    }

    /// Lint: a `schemaplay-ignore` on `line` or the line before covers the rule.
    pub fn lint_ignored(&self, id: &str, aliases: &[&str], line: usize) -> bool {
        self.on_lines(line.saturating_sub(1).max(1), line).iter().any(|d| d.kind == Kind::SchemaplayIgnore && d.covers(id, aliases))
    }

    /// Migration checker: the rule is ignored for a statement whose leading comments start on
    /// `first` and which ends on `last` (a file ignore, or a line ignore in that range).
    pub fn statement_ignored(&self, id: &str, aliases: &[&str], first: usize, last: usize) -> bool {
        self.ignored_in_file(id, aliases) || self.on_lines(first, last).iter().any(|d| d.kind != Kind::SquawkIgnoreFile && d.covers(id, aliases))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, Kind, Vec<String>)> {
        Directives::scan(text).list.into_iter().map(|d| (d.line, d.kind, d.rules)).collect()
    }

    #[test]
    fn reads_every_directive_form() {
        let t = "-- schemaplay-ignore prefer-jsonb, ban-char-field\nx -- squawk-ignore ban-drop-table -- the old table\n/* squawk-ignore-file */\n-- nolint:concurrentIndex\n-- nolint\n--squawk-disable-assume-in-transaction\n-- morph:nontransactional\n/* schemaplay-ignore all */ y";
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            kinds(t),
            vec![
                (1, Kind::SchemaplayIgnore, v(&["prefer-jsonb", "ban-char-field"])),
                (2, Kind::SquawkIgnore, v(&["ban-drop-table"])),
                (3, Kind::SquawkIgnoreFile, vec![]),
                (4, Kind::Nolint, v(&["concurrentIndex"])),
                (5, Kind::Nolint, vec![]),
                (6, Kind::DisableAssumeInTransaction, vec![]),
                (7, Kind::NonTransactional, vec![]),
                (8, Kind::SchemaplayIgnore, v(&["all"])),
            ]
        );
    }

    #[test]
    fn not_directives() {
        // inside a string, a longer word, or settings with trailing words
        assert!(kinds("SELECT '-- squawk-ignore x';\n-- squawk-ignored\n-- nolinting\n-- morph:nontransactional please").is_empty());
    }

    #[test]
    fn scopes() {
        let d = Directives::scan("-- schemaplay-ignore prefer-jsonb\nCREATE TABLE t (a json);\n\nCREATE TABLE u (a json);\n-- squawk-ignore setting-not-null\nALTER TABLE t\n  ALTER COLUMN a SET NOT NULL;\n-- squawk-ignore-file ban-drop-table");
        assert!(d.lint_ignored("prefer-jsonb", &[], 1) && d.lint_ignored("prefer-jsonb", &[], 2));
        assert!(!d.lint_ignored("prefer-jsonb", &[], 4) && !d.lint_ignored("ban-char-field", &[], 2));
        // an old id still matches as an alias
        assert!(d.statement_ignored("adding-not-nullable-field", &["setting-not-null"], 5, 7));
        assert!(!d.statement_ignored("adding-not-nullable-field", &["setting-not-null"], 1, 4));
        assert!(d.statement_ignored("ban-drop-table", &[], 1, 1));
        assert!(!d.no_transaction());
        let nolint = Directives::scan("-- nolint:concurrentIndex\nCREATE INDEX i ON t (a);");
        assert!(nolint.statement_ignored("require-concurrent-index-creation", &[], 1, 2));
        assert!(!nolint.statement_ignored("ban-drop-table", &[], 1, 2));
    }

    #[test]
    fn scan_is_linear() {
        // 40,000 directive lines: one pass, lookups by binary search (the old reader was quadratic).
        let text: String = (0..40_000).map(|i| format!("-- schemaplay-ignore rule-{}\nSELECT {i};\n", i % 7)).collect();
        let d = Directives::scan(&text);
        assert_eq!(d.all().len(), 40_000);
        assert!(d.lint_ignored("rule-3", &[], 2 * 3 + 2) && !d.lint_ignored("rule-4", &[], 2 * 3 + 2));
        assert_eq!(d.on_lines(79_999, 80_000).len(), 1);
    }

    #[test]
    fn never_panics() {
        for t in ["--", "/*", "/* squawk-ignore", "-- nolint:", "'-- x", "é -- squawk-ignore é", "-- SQUAWK-IGNORE-FILE"] {
            let d = Directives::scan(t);
            let _ = d.statement_ignored("x", &[], 0, usize::MAX);
            let _ = d.lint_ignored("x", &[], 0);
        }
    }
}
