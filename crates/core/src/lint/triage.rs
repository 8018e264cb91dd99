//! Working through many findings: which ones a person asked to see ([`Filter`]: severities,
//! rules, a search over table, column, rule and text), how many each filter chip would show
//! ([`facets`]), the groups the Findings tab draws ([`group`]: by table within each severity, or
//! by rule), one fix for a whole group ([`fix_all`]), and the words every count is shown with
//! ([`Counts`]: parse problems are *diagnostics*, lint results are *findings*, parser notes are
//! *notes*; the status bar, the tab badge and the tab's headings all read them from here).
//!
//! Plain functions over an analysis's findings, natively tested; the browser view only renders
//! what they return. The filter is kept in the shared view options (`findings.severity`,
//! `findings.rule`, `findings.q`, `findings.group`), so drafts and share links carry it.

use super::rule::{Edit, Finding, Fix};
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;

/// The severities, most severe first (the order of sections and chips).
pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// How the Findings tab groups what it shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// One section per severity, the findings of each table together inside it.
    #[default]
    Table,
    /// One section per rule (most severe rules first), each with "Fix all".
    Rule,
}

impl GroupBy {
    pub fn id(self) -> &'static str {
        match self {
            GroupBy::Table => "table",
            GroupBy::Rule => "rule",
        }
    }
    pub fn parse(s: &str) -> Option<GroupBy> {
        [GroupBy::Table, GroupBy::Rule].into_iter().find(|g| g.id() == s)
    }
}

/// The view-option keys the filter is stored under (shared state: drafts and share links).
pub const OPTION_SEVERITY: &str = "findings.severity";
pub const OPTION_RULE: &str = "findings.rule";
pub const OPTION_QUERY: &str = "findings.q";
pub const OPTION_GROUP: &str = "findings.group";

/// Which findings are shown. Empty `severities` / `rules`: all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub severities: Vec<Severity>,
    pub rules: Vec<String>,
    /// Words that must each occur (case-insensitively) in the table, column, rule or message.
    pub query: String,
    pub group: GroupBy,
}

fn parse_severity(s: &str) -> Option<Severity> {
    SEVERITIES.into_iter().find(|v| v.id() == s)
}

fn split_list(s: Option<String>) -> Vec<String> {
    s.map_or(Vec::new(), |s| s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect())
}

impl Filter {
    /// The filter stored in the view options (`get` reads one; unknown values are ignored).
    pub fn from_options(get: impl Fn(&str) -> Option<String>) -> Filter {
        let mut severities: Vec<Severity> = split_list(get(OPTION_SEVERITY)).iter().filter_map(|s| parse_severity(s)).collect();
        crate::sort::by(&mut severities, |a, b| b.cmp(a));
        severities.dedup();
        let mut rules = split_list(get(OPTION_RULE));
        crate::sort::ord(&mut rules);
        rules.dedup();
        let query = get(OPTION_QUERY).unwrap_or_default();
        let group = get(OPTION_GROUP).and_then(|g| GroupBy::parse(&g)).unwrap_or_default();
        Filter { severities, rules, query, group }
    }

    /// The view options that store this filter: `(key, value)`, `None` for a default (absent).
    pub fn to_options(&self) -> [(&'static str, Option<String>); 4] {
        let join = |v: Vec<&str>| (!v.is_empty()).then(|| v.join(","));
        [
            (OPTION_SEVERITY, join(self.severities.iter().map(|s| s.id()).collect())),
            (OPTION_RULE, join(self.rules.iter().map(String::as_str).collect())),
            (OPTION_QUERY, (!self.query.trim().is_empty()).then(|| self.query.clone())),
            (OPTION_GROUP, (self.group != GroupBy::default()).then(|| self.group.id().to_string())),
        ]
    }

    /// Whether anything narrows the list (a "Clear filters" is worth offering).
    pub fn is_active(&self) -> bool {
        !self.severities.is_empty() || !self.rules.is_empty() || !self.query.trim().is_empty()
    }

    /// This filter with `severity` switched on or off.
    pub fn toggle_severity(&self, severity: Severity) -> Filter {
        let mut f = self.clone();
        match f.severities.iter().position(|s| *s == severity) {
            Some(i) => {
                f.severities.remove(i);
            }
            None => {
                f.severities.push(severity);
                crate::sort::by(&mut f.severities, |a, b| b.cmp(a));
            }
        }
        f
    }

    /// This filter with `rule` switched on or off.
    pub fn toggle_rule(&self, rule: &str) -> Filter {
        let mut f = self.clone();
        match f.rules.iter().position(|r| r == rule) {
            Some(i) => {
                f.rules.remove(i);
            }
            None => {
                f.rules.push(rule.to_string());
                crate::sort::ord(&mut f.rules);
            }
        }
        f
    }

    fn severity_ok(&self, f: &Finding) -> bool {
        self.severities.is_empty() || self.severities.contains(&f.severity)
    }

    fn rule_ok(&self, f: &Finding) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == f.rule)
    }

    /// Whether `f` passes every part of the filter.
    pub fn matches(&self, f: &Finding) -> bool {
        self.severity_ok(f) && self.rule_ok(f) && Search::new(&self.query).matches(f)
    }
}

/// The search box's words, lower-cased once.
struct Search(Vec<String>);

impl Search {
    fn new(query: &str) -> Search {
        Search(query.split_whitespace().map(str::to_lowercase).collect())
    }

    fn matches(&self, f: &Finding) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let hay = [f.table.as_deref().unwrap_or(""), f.column.as_deref().unwrap_or(""), f.rule, &f.message].join("\u{1}").to_lowercase();
        self.0.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// The indices (into `findings`) of the findings the filter shows, in their order.
pub fn select(findings: &[Finding], filter: &Filter) -> Vec<usize> {
    let search = Search::new(&filter.query);
    (0..findings.len()).filter(|&i| filter.severity_ok(&findings[i]) && filter.rule_ok(&findings[i]) && search.matches(&findings[i])).collect()
}

/// What each filter chip would count: per severity, the findings that pass the rule and search
/// filters; per rule (with its severity in this analysis, the worst if a level changed it), the
/// findings that pass the severity and search filters. Rules with no finding are left out unless
/// they are selected (a selected chip stays, showing 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub severities: Vec<(Severity, usize)>,
    pub rules: Vec<(String, Severity, usize)>,
}

pub fn facets(findings: &[Finding], filter: &Filter) -> Facets {
    let search = Search::new(&filter.query);
    let mut sev: BTreeMap<Severity, usize> = BTreeMap::new();
    let mut rules: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    for f in findings.iter().filter(|f| search.matches(f)) {
        if filter.rule_ok(f) {
            *sev.entry(f.severity).or_default() += 1;
        }
        let e = rules.entry(f.rule).or_insert((f.severity, 0));
        e.0 = e.0.max(f.severity);
        if filter.severity_ok(f) {
            e.1 += 1;
        }
    }
    for r in &filter.rules {
        let known = findings.iter().find(|f| f.rule == r).map(|f| f.rule);
        rules.entry(known.unwrap_or(r.as_str())).or_insert((Severity::Info, 0));
    }
    let severities = SEVERITIES.into_iter().map(|s| (s, sev.get(&s).copied().unwrap_or(0))).collect();
    let mut rules: Vec<(String, Severity, usize)> = rules
        .into_iter()
        .filter(|(id, (_, n))| *n > 0 || filter.rules.iter().any(|r| r.as_str() == *id))
        .map(|(id, (s, n))| (id.to_string(), s, n))
        .collect();
    crate::sort::by(&mut rules, |a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    Facets { severities, rules }
}

/// One group the Findings tab draws: its key (a table, `(schema)` for findings of no table, or a
/// rule id), the severity it is filed under, its findings (indices) and how many have a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub severity: Severity,
    pub items: Vec<usize>,
    pub fixable: usize,
}

/// The key of findings that belong to no table (an enum type, the schema as a whole).
pub const NO_TABLE: &str = "(schema)";

/// Groups the selected findings (`selected`: indices into `findings`, as [`select`] gives):
/// - [`GroupBy::Table`]: by severity (most severe first), then by table name, each group's items
///   in position order;
/// - [`GroupBy::Rule`]: by rule, most severe rule first, then the rule with more findings; a
///   rule's severity is the worst of its findings.
pub fn group(findings: &[Finding], selected: &[usize], by: GroupBy) -> Vec<Group> {
    let mut map: BTreeMap<(std::cmp::Reverse<Severity>, String), Vec<usize>> = BTreeMap::new();
    let mut rule_sev: BTreeMap<&str, Severity> = BTreeMap::new();
    for &i in selected {
        let f = &findings[i];
        match by {
            GroupBy::Table => {
                let key = f.table.clone().unwrap_or_else(|| NO_TABLE.into());
                map.entry((std::cmp::Reverse(f.severity), key)).or_default().push(i);
            }
            GroupBy::Rule => {
                let s = rule_sev.entry(f.rule).or_insert(f.severity);
                *s = (*s).max(f.severity);
            }
        }
    }
    if by == GroupBy::Rule {
        for &i in selected {
            let f = &findings[i];
            map.entry((std::cmp::Reverse(rule_sev[f.rule]), f.rule.to_string())).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = map
        .into_iter()
        .map(|((std::cmp::Reverse(severity), key), items)| {
            let fixable = items.iter().filter(|&&i| findings[i].fix.is_some()).count();
            Group { key, severity, items, fixable }
        })
        .collect();
    if by == GroupBy::Rule {
        crate::sort::by(&mut groups, |a, b| b.severity.cmp(&a.severity).then(b.items.len().cmp(&a.items.len())).then(a.key.cmp(&b.key)));
    }
    groups
}

/// The fixes of many findings as one [`Fix`] (a "Fix all" applies it as one edit, so one undo
/// step takes it back). Edits are taken in position order; an edit that overlaps one already
/// taken is left out with its whole fix, and an exact duplicate of a taken edit is dropped (two
/// findings asking for the same change make it once). `None` when no finding has a fix.
/// The count says how many findings' fixes went in.
pub fn fix_all(findings: &[Finding], items: &[usize]) -> Option<(Fix, usize)> {
    let mut fixes: Vec<&Fix> = items.iter().filter_map(|&i| findings[i].fix.as_ref()).collect();
    crate::sort::by_key(&mut fixes, |f| f.edits.iter().map(|e| (e.start, e.end)).min());
    let mut taken: Vec<Edit> = Vec::new();
    let mut used = 0;
    for fix in fixes {
        let fresh: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        if fresh.iter().any(|e| taken.iter().any(|t| overlaps(t, e))) {
            continue;
        }
        taken.extend(fresh.into_iter().cloned());
        used += 1;
    }
    if used == 0 {
        return None;
    }
    crate::sort::by_key(&mut taken, |e| (e.start, e.end));
    let description = format!("{used} {}", plural(used, "fix", "fixes"));
    Some((Fix { description, edits: taken }, used))
}

/// Two edits that cannot both apply: their ranges share bytes, or one replaces a range the
/// other inserts into. Two insertions at one point can (both go in, in order).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    // For an insertion (empty range) this says: strictly inside the other's range.
    a.start < b.end && b.start < a.end
}

/// The one replacement that turns `text` into `fix.apply(text)`: the span from the first edit's
/// start to the last edit's end, and what it becomes. The browser applies a fix with it, as one
/// editing command (one undo step); its span and length also say which lines changed.
pub fn as_one_edit(fix: &Fix, text: &str) -> Option<Edit> {
    let start = fix.edits.iter().map(|e| e.start).min()?;
    let end = fix.edits.iter().map(|e| e.end).max()?.min(text.len());
    let after = fix.apply(text);
    let tail = text.len() - end;
    let replacement = after.get(start..after.len().checked_sub(tail)?)?.to_string();
    Some(Edit { start, end, replacement })
}

/// `one` or `many` by `n`.
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n word` / `n words` for the regular nouns the counts use.
pub fn count_of(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A parser note: something the parser skipped on purpose ("ignored: SET …"), not a problem.
pub fn is_note(d: &Diagnostic) -> bool {
    d.severity == Severity::Info
}

/// The counts every place shows, with one meaning each: `diagnostics` are the parse problems
/// (errors and warnings of the parser), `notes` the parser's notes, `findings` the lint results
/// (with their worst severity).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub statements: usize,
    pub diagnostics: usize,
    pub diagnostic_errors: usize,
    pub notes: usize,
    pub findings: usize,
    pub worst_finding: Option<Severity>,
    pub worst_diagnostic: Option<Severity>,
}

impl Counts {
    pub fn of(statements: usize, diagnostics: &[Diagnostic], findings: &[Finding]) -> Counts {
        let mut c = Counts { statements, findings: findings.len(), ..Counts::default() };
        for d in diagnostics {
            if is_note(d) {
                c.notes += 1;
            } else {
                c.diagnostics += 1;
                c.diagnostic_errors += usize::from(d.severity == Severity::Error);
                c.worst_diagnostic = c.worst_diagnostic.max(Some(d.severity));
            }
        }
        c.worst_finding = findings.iter().map(|f| f.severity).max();
        c
    }

    /// The status bar's line: "12 statements · 1 diagnostic · 7 findings".
    pub fn status_line(&self) -> String {
        format!("{} · {} · {}", count_of(self.statements, "statement"), count_of(self.diagnostics, "diagnostic"), count_of(self.findings, "finding"))
    }

    /// What the tab badges say in words (their title and accessible name).
    pub fn findings_words(&self) -> String {
        count_of(self.findings, "finding")
    }
    pub fn diagnostics_words(&self) -> String {
        count_of(self.diagnostics, "diagnostic")
    }
}

#[cfg(test)]
mod tests;
