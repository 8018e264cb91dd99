//! Schema lint: the practices of the seeds turned into checks over the parsed [`Schema`].
//!
//! Contract: [`lint`] runs every rule of the [`registry`] that applies to the schema's dialect and
//! is not switched off by the [`LintConfig`], drops findings suppressed by an inline
//! `-- schemaplay-ignore rule-id` comment (on the finding's line or the line before), applies
//! per-rule severity overrides, fills in line/column and returns the findings sorted by position.
//! Partitions are checked through their parent: on a partition only the index rules
//! (`fk-missing-index`, `duplicate-index`, `redundant-index`) report, since its columns, keys
//! and names are copies of the parent's.
//! Rules never panic and never scan all tables per table: lookups go through the maps in [`Ctx`],
//! so a run is O(n log n) in the size of the schema.

pub mod config;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod sql;
pub mod triage;

pub use config::{Level, LintConfig};
pub use registry::{by_id, DOCS, RULES};
pub use rule::{Edit, Finding, Fix, Rule, RuleDoc, RuleMeta};

use crate::dialect::Dialect;
use crate::model::{Column, ForeignKey, QualifiedName, Schema, Table, TableLookup, Trigger};
use crate::span::{LineIndex, Span};
use std::collections::HashMap;

/// What a check sees: the source text, the schema and lookup maps built once per run.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub schema: &'a Schema,
    pub dialect: Dialect,
    tables: TableLookup,
    /// Lower-cased table name → triggers on tables of that name.
    triggers: HashMap<String, Vec<&'a Trigger>>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, schema: &'a Schema) -> Ctx<'a> {
        let mut triggers: HashMap<String, Vec<&Trigger>> = HashMap::new();
        for tr in &schema.triggers {
            triggers.entry(tr.table.name.to_ascii_lowercase()).or_default().push(tr);
        }
        Ctx { text, schema, dialect: schema.dialect, tables: TableLookup::new(schema), triggers }
    }

    /// Resolves a referenced table through the search path (exact name first, then
    /// case-insensitively outside PostgreSQL), like [`Schema::table`] but through a map.
    pub fn resolve(&self, name: &QualifiedName) -> Option<&'a Table> {
        self.resolve_index(name).map(|i| &self.schema.tables[i])
    }

    /// Like [`Ctx::resolve`], as an index into `schema.tables`.
    pub fn resolve_index(&self, name: &QualifiedName) -> Option<usize> {
        self.tables.index(self.schema, name)
    }

    /// Triggers defined on `t`.
    pub fn triggers_on(&self, t: &Table) -> impl Iterator<Item = &'a Trigger> + '_ {
        let q = t.qualified_name();
        self.triggers
            .get(&t.name.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .copied()
            .filter(move |tr| {
                tr.table == q
                    || ((tr.table.name == q.name || self.dialect != Dialect::Postgres)
                        && self.schema.schema_matches(q.schema.as_deref(), tr.table.schema.as_deref()))
            })
    }

    /// How a table is named in messages: `schema.table` or `table`.
    pub fn label(&self, t: &Table) -> String {
        t.qualified_name().to_string()
    }

    /// The table's name as SQL (quoted where needed).
    pub fn sql_name(&self, t: &Table) -> String {
        crate::sqltext::qualified(self.dialect, t.schema.as_deref(), &t.name)
    }

    /// A name for an object a fix creates, made from `raw`: every character outside `[A-Za-z0-9_]`
    /// becomes `_`, cut to the engine's limit.
    pub fn object_name(&self, raw: &str) -> String {
        object_name(self.dialect, raw)
    }

    /// An identifier as SQL (quoted where needed).
    pub fn ident(&self, name: &str) -> String {
        crate::sqltext::ident(self.dialect, name)
    }

    /// Byte span of a column's type in the source, when it can be found.
    pub fn type_span(&self, c: &Column) -> Option<Span> {
        sql::type_span(self.dialect, self.text, c.span)
    }

    /// Where a foreign-key finding points: the column of an inline single-column foreign key
    /// (whose own span is the whole CREATE TABLE), else the constraint's span.
    pub fn fk_span(&self, t: &Table, fk: &ForeignKey) -> Span {
        if let [c] = fk.columns.as_slice() {
            if let Some(col) = t.column(c) {
                if fk.span.start <= col.span.start && col.span.end <= fk.span.end && fk.span.start == t.span.start {
                    return col.span;
                }
            }
        }
        fk.span
    }

    /// Every column of every table, with its table.
    pub fn columns(&self) -> impl Iterator<Item = (&'a Table, &'a Column)> {
        self.schema.tables.iter().flat_map(|t| t.columns.iter().map(move |c| (t, c)))
    }

    /// Every foreign key of every table, with its table.
    pub fn foreign_keys(&self) -> impl Iterator<Item = (&'a Table, &'a ForeignKey)> {
        self.schema.tables.iter().flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
    }

    /// A finding on table `t` as a whole: at its statement, naming the table.
    pub fn on_table(&self, meta: &RuleMeta, t: &Table, message: impl Into<String>) -> Finding {
        Finding::new(meta, t.span, message).table(self.label(t))
    }

    /// A finding on column `c` of `t`: at the column, naming the table and the column.
    pub fn on_column(&self, meta: &RuleMeta, t: &Table, c: &Column, message: impl Into<String>) -> Finding {
        Finding::new(meta, c.span, message).table(self.label(t)).column(c.name.clone())
    }

    /// A finding on a foreign key of `t`: at [`Ctx::fk_span`], naming the table and the key's
    /// first column.
    pub fn on_fk(&self, meta: &RuleMeta, t: &Table, fk: &ForeignKey, message: impl Into<String>) -> Finding {
        Finding::new(meta, self.fk_span(t, fk), message).table(self.label(t)).column(fk.columns.first().cloned().unwrap_or_default())
    }

    /// The findings of a rule that wants another column type: on every column `new_type` gives a
    /// type for (and the message saying why), a finding of `meta`'s rule with the quick fix "Change
    /// table.col to `new`", which replaces the column's type in place ([`Ctx::retype`]; none when
    /// the type is not found in the text), and the same change as a schema edit, for other input
    /// languages ([`Finding::edit`]).
    pub fn retype_columns(&self, meta: &RuleMeta, out: &mut Vec<Finding>, mut new_type: impl FnMut(&Table, &Column) -> Option<(String, String)>) {
        for (t, c) in self.columns() {
            let Some((new, message)) = new_type(t, c) else { continue };
            let to = format!("{new}{}", "[]".repeat(c.data_type.array_dims as usize));
            let f = self.on_column(meta, t, c, message).edit(crate::edit::SchemaEdit::RetypeColumn { table: t.qualified_name(), column: c.name.clone(), to });
            out.push(match self.retype(c, &new) {
                Some(e) => f.fix(format!("Change {}.{} to {new}", t.name, c.name), vec![e]),
                None => f,
            });
        }
    }

    /// `table.col` for messages.
    pub fn col(&self, t: &Table, c: &Column) -> String {
        format!("{}.{}", self.label(t), c.name)
    }

    /// The statement a fix inserts to index `cols` of `t` (a new line, then
    /// `CREATE INDEX name ON table (cols)` and `tail`, e.g. a `WHERE` clause).
    pub fn create_index(&self, name: &str, t: &Table, cols: &[String], tail: &str) -> String {
        format!("\nCREATE INDEX {} ON {} ({}){tail};", self.ident(name), self.sql_name(t), cols.iter().map(|c| self.ident(c)).collect::<Vec<_>>().join(", "))
    }

    /// `table.col` or `table.(a, b)` for messages.
    pub fn cols(&self, t: &Table, cols: &[String]) -> String {
        match cols {
            [one] => format!("{}.{one}", self.label(t)),
            many => format!("{}.({})", self.label(t), many.join(", ")),
        }
    }

    /// An edit replacing the column's type in place by `new` (array brackets kept).
    pub fn retype(&self, c: &Column, new: &str) -> Option<Edit> {
        let span = self.type_span(c)?;
        let old = &self.text[span.start..span.end];
        let arr = old.find('[').map_or("", |i| &old[i..]);
        Some(Edit::replace(span, format!("{new}{arr}")))
    }

    /// Offset just after the statement that contains `pos` (after its `;`).
    pub fn stmt_end(&self, pos: usize) -> usize {
        sql::stmt_end(self.dialect, self.text, pos)
    }

    /// Offset just after the table's CREATE statement and any later statement in `extra`.
    pub fn after_table(&self, t: &Table, extra: &[Span]) -> usize {
        let mut end = self.stmt_end(t.span.start);
        for s in extra {
            if s.end > end {
                end = end.max(self.stmt_end(s.start.max(s.end.saturating_sub(1))));
            }
        }
        end
    }
}

/// A name for an object a fix creates, made from `raw`: every character outside `[A-Za-z0-9_]`
/// becomes `_`, cut to the engine's limit.
pub fn object_name(d: crate::dialect::Dialect, raw: &str) -> String {
    let plain: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    crate::sqltext::clamp(d, &plain).to_string()
}

/// Runs the rules over a parsed schema of `text`.
pub fn lint(text: &str, schema: &Schema, config: &LintConfig) -> Vec<Finding> {
    let mut job = LintJob::default();
    job.step(text, schema, config, &mut || true);
    job.finish(text, schema)
}

/// [`lint`] in slices (see `parse::ParseJob`): `step` runs rules while `more()` says so (asked
/// after each rule); `finish` places, filters and sorts the findings. The result equals
/// [`lint`]'s. Every call must pass the same text, schema and config.
#[derive(Default)]
pub struct LintJob {
    out: Vec<Finding>,
    next: usize,
}

impl LintJob {
    /// Runs rules until `more()` returns false or none is left; returns whether all have run.
    pub fn step(&mut self, text: &str, schema: &Schema, config: &LintConfig, more: &mut dyn FnMut() -> bool) -> bool {
        let ctx = Ctx::new(text, schema);
        while let Some(rule) = RULES.get(self.next) {
            self.next += 1;
            if !rule.meta.applies_to(schema.dialect) {
                continue;
            }
            let severity = match config.level(rule.meta.id) {
                Some(Level::Off) => continue,
                Some(l) => l.severity(),
                None => None,
            };
            let start = self.out.len();
            (rule.check)(&ctx, &mut self.out);
            if let Some(sev) = severity {
                for f in &mut self.out[start..] {
                    f.severity = sev;
                }
            }
            if !more() {
                break;
            }
        }
        self.next >= RULES.len()
    }

    pub fn finish(self, text: &str, schema: &Schema) -> Vec<Finding> {
        let mut out = self.out;
        // partition → its parent
        let partitions: std::collections::HashMap<String, String> =
            schema.tables.iter().filter_map(|t| Some((t.qualified_name().to_string(), t.partition_of.as_ref()?.to_string()))).collect();
        if !partitions.is_empty() {
            // On a partition only its own index findings count, and not when they repeat the
            // parent's (a dump gives each partition a copy of the parent's indexes).
            const ON_PARTITIONS: &[&str] = &["fk-missing-index", "duplicate-index", "redundant-index"];
            let on_parent: std::collections::HashSet<(String, &str)> = out.iter().filter_map(|f| Some((f.table.clone()?, f.rule))).collect();
            out.retain(|f| match f.table.as_ref().and_then(|t| partitions.get(t)) {
                None => true,
                Some(parent) => ON_PARTITIONS.contains(&f.rule) && !on_parent.contains(&(parent.clone(), f.rule)),
            });
        }
        let idx = LineIndex::new(text);
        let directives = crate::directives::Directives::scan(text);
        for f in &mut out {
            let (l, c) = idx.line_col(f.span.start);
            f.line = l;
            f.column_no = c;
        }
        if !directives.is_empty() {
            out.retain(|f| !directives.lint_ignored(f.rule, &[], f.line));
        }
        crate::sort::by(&mut out, |a, b| (a.span.start, a.rule, &a.column).cmp(&(b.span.start, b.rule, &b.column)));
        out
    }
}

#[cfg(test)]
mod partition_tests {
    use super::testing::run_all;
    use crate::Dialect;

    /// A real pg_dump of partitioned tables: no finding is repeated on a partition.
    #[test]
    fn partitions_do_not_repeat_their_parents_findings() {
        let dump = include_str!("../../tests/dumps/postgres/pg_dump-schema-only.sql");
        let findings = run_all(dump, Dialect::Postgres);
        let parts = ["measurement_2024", "measurement_2025", "measurement_old", "city_north", "city_other", "bucket_0", "bucket_1"];
        let on_parts: Vec<String> = findings.iter().filter(|f| f.table.as_deref().is_some_and(|t| parts.iter().any(|p| t.ends_with(p)))).map(|f| format!("{}: {}", f.rule, f.message)).collect();
        assert_eq!(on_parts, Vec::<String>::new());
        assert!(findings.iter().any(|f| f.table.as_deref() == Some("public.measurement")), "the parent is still checked");
        // the parent's duplicate index, copied onto each partition by pg_dump, is reported once
        let sql = "CREATE TABLE m (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE m_1 (id int NOT NULL, at date NOT NULL);
CREATE TABLE m_2 (id int NOT NULL, at date NOT NULL);
ALTER TABLE ONLY m ATTACH PARTITION m_1 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE ONLY m ATTACH PARTITION m_2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX a ON ONLY m (id); CREATE INDEX b ON ONLY m (id);
CREATE INDEX m_1_a ON m_1 (id); CREATE INDEX m_1_b ON m_1 (id); CREATE INDEX m_2_a ON m_2 (id); CREATE INDEX m_2_b ON m_2 (id);
ALTER INDEX a ATTACH PARTITION m_1_a; ALTER INDEX b ATTACH PARTITION m_1_b; ALTER INDEX a ATTACH PARTITION m_2_a; ALTER INDEX b ATTACH PARTITION m_2_b;";
        let dup: Vec<_> = run_all(sql, Dialect::Postgres).into_iter().filter(|f| f.rule == "duplicate-index").collect();
        assert_eq!(dup.len(), 1, "{dup:#?}");
        assert_eq!(dup[0].table.as_deref(), Some("m"));
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for rule tests: run one rule, or all, over a snippet.
    use super::*;

    pub fn run_all(sql: &str, d: Dialect) -> Vec<Finding> {
        let p = crate::parse::parse(sql, d);
        lint(sql, &p.schema, &LintConfig::default())
    }

    /// Findings of one rule only.
    pub fn run(rule: &RuleMeta, sql: &str, d: Dialect) -> Vec<Finding> {
        run_all(sql, d).into_iter().filter(|f| f.rule == rule.id).collect()
    }

    /// Asserts `rule` fires exactly `n` times on `sql`; returns the findings.
    pub fn fires(rule: &RuleMeta, sql: &str, d: Dialect, n: usize) -> Vec<Finding> {
        let f = run(rule, sql, d);
        assert_eq!(f.len(), n, "{} on {d:?}: expected {n} finding(s), got {:#?}\n--- sql:\n{sql}", rule.id, f);
        f
    }

    /// Applies `f`'s fix to `sql`: the result must parse without new warnings and no longer
    /// report a finding of the same rule on the same table and column.
    pub fn check_fix(sql: &str, d: Dialect, f: &Finding) -> Result<(), String> {
        let fix = f.fix.as_ref().ok_or("no fix")?;
        let before = crate::parse::parse(sql, d);
        let warn = |p: &crate::parse::Parsed| p.diagnostics.iter().filter(|x| x.severity != crate::Severity::Info).count();
        let text = fix.apply(sql);
        let after = crate::parse::parse(&text, d);
        if warn(&after) > warn(&before) {
            return Err(format!("fixed text does not parse cleanly: {:?}", after.diagnostics));
        }
        let again = lint(&text, &after.schema, &LintConfig::default());
        if let Some(g) = again.iter().find(|g| g.rule == f.rule && g.table == f.table && g.column == f.column && g.message == f.message) {
            return Err(format!("finding still there after the fix: {}", g.message));
        }
        if again.iter().any(|g| g.rule == f.rule && g.table == f.table && g.column == f.column) {
            return Err("a finding of the same rule on the same object is still there".into());
        }
        Ok(())
    }

    /// Asserts `rule` does not fire on `sql`.
    pub fn passes(rule: &RuleMeta, sql: &str, d: Dialect) {
        fires(rule, sql, d, 0);
    }

    /// What is wrong with `m`'s examples (biome/eugene style), empty when nothing: the `bad`
    /// example must fire that rule exactly once and nothing else, the `good` one nothing at all,
    /// and both must parse without warnings (in the rule's first dialect).
    pub fn example_failures(m: &RuleDoc) -> Vec<String> {
        let mut failures = Vec::new();
        let d = m.dialects[0];
        for (which, sql) in [("bad", m.bad), ("good", m.good)] {
            let p = crate::parse::parse(sql, d);
            let bad_diags: Vec<_> = p.diagnostics.iter().filter(|x| x.severity != crate::Severity::Info).collect();
            if !bad_diags.is_empty() {
                failures.push(format!("{} {which}: parse diagnostics {bad_diags:?}", m.id));
            }
        }
        let bad = run_all(m.bad, d);
        if bad.len() != 1 || bad[0].rule != m.id {
            failures.push(format!("{} bad: expected exactly one `{}`, got {:?}", m.id, m.id, bad.iter().map(|f| (f.rule, &f.message)).collect::<Vec<_>>()));
        }
        let good = run_all(m.good, d);
        if !good.is_empty() {
            failures.push(format!("{} good: expected nothing, got {:?}", m.id, good.iter().map(|f| (f.rule, &f.message)).collect::<Vec<_>>()));
        }
        failures
    }

    /// Applies every fix the rules offer on `m`'s bad example: each must re-parse cleanly and make
    /// its finding disappear ([`check_fix`]). Returns the failures and how many fixes were tried.
    pub fn fix_failures(m: &RuleDoc) -> (Vec<String>, usize) {
        let (mut failures, mut fixed) = (Vec::new(), 0);
        let d = m.dialects[0];
        for f in run_all(m.bad, d) {
            let Some(fix) = &f.fix else { continue };
            fixed += 1;
            if let Err(e) = check_fix(m.bad, d, &f) {
                failures.push(format!("{}: {e}\n--- fixed text:\n{}", m.id, fix.apply(m.bad)));
            }
        }
        (failures, fixed)
    }

    /// One rule's examples test (`rule_tests!`): [`example_failures`] and [`fix_failures`] find
    /// nothing on its `DOC` in the catalogue.
    pub fn examples(meta: &RuleMeta) {
        let m = DOCS.iter().find(|d| d.id == meta.id).unwrap_or_else(|| panic!("{} is not in DOCS", meta.id));
        let mut failures = example_failures(m);
        failures.extend(fix_failures(m).0);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}
