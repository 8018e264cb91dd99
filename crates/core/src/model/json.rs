//! The `schemaplay inspect` report: the model shaped exactly as ../shared/DESIGN.md's `inspect --format json`
//! (plus a few extra fields), and its readable text form.
//!
//! Contract: [`Report::new`] borrows the schema and diagnostics; serialising it with serde_json
//! gives the documented JSON (`tables[...]`, `enums[...]`, `diagnostics[...]`, key order fixed).
//! Extra fields: `domains`, `sequences`, `views`, per table `triggers`, `partition_by`,
//! `without_rowid`, `strict`, `temporary`, `unlogged`, `virtual` (SQLite module), per column
//! `serial`, `on_update`, per foreign key `logical`, per index `concurrently`, per policy
//! `permissive`/`roles`.
//!
//! Partitioning: a partition's `partition_of` is `{"schema", "name", "bound"}` (the parent and the
//! bound as written: `FOR VALUES ...` / `DEFAULT`; MySQL partitions are not tables); a partitioned
//! table's `partition_by` is `{"strategy": "range|list|hash|key", "linear", "columns", "key":
//! [...], "count", "subpartition", "partitions": [{"name", "bound"}]}` (the last four MySQL only).
//! A view is `{"schema", "name", "materialized", "columns": [...] | null, "reads": [{"schema",
//! "name"}], "definition"}`.

use super::*;
use crate::diagnostic::Diagnostic;
use serde::Serialize;

#[derive(Serialize)]
pub struct Report<'a> {
    pub dialect: &'static str,
    pub tables: Vec<TableJson<'a>>,
    pub enums: Vec<EnumJson<'a>>,
    pub domains: Vec<DomainJson<'a>>,
    pub sequences: Vec<SequenceJson<'a>>,
    pub views: Vec<ViewJson<'a>>,
    pub diagnostics: Vec<DiagnosticJson<'a>>,
}

#[derive(Serialize)]
pub struct NameJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct PartitionOfJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub bound: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PartitionDefJson<'a> {
    pub name: &'a str,
    pub bound: &'a str,
}

#[derive(Serialize)]
pub struct PartitionByJson<'a> {
    pub strategy: &'static str,
    pub linear: bool,
    pub columns: bool,
    pub key: Vec<String>,
    pub count: Option<u32>,
    pub subpartition: Option<&'a str>,
    pub partitions: Vec<PartitionDefJson<'a>>,
}

#[derive(Serialize)]
pub struct ViewJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub materialized: bool,
    pub columns: Option<&'a [String]>,
    pub reads: Vec<NameJson<'a>>,
    pub definition: &'a str,
}

#[derive(Serialize)]
pub struct TableJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub partition_of: Option<PartitionOfJson<'a>>,
    pub partition_by: Option<PartitionByJson<'a>>,
    pub comment: Option<&'a str>,
    pub columns: Vec<ColumnJson<'a>>,
    pub primary_key: Option<KeyJson<'a>>,
    pub foreign_keys: Vec<FkJson<'a>>,
    pub unique: Vec<KeyJson<'a>>,
    pub indexes: Vec<IndexJson<'a>>,
    pub checks: Vec<CheckJson<'a>>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub policies: Vec<PolicyJson<'a>>,
    pub triggers: Vec<TriggerJson<'a>>,
    pub without_rowid: bool,
    pub strict: bool,
    /// `CREATE TEMP[ORARY] TABLE` (SQLite: the table lives in schema `temp`).
    pub temporary: bool,
    pub unlogged: bool,
    #[serde(rename = "virtual")]
    pub virtual_module: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ColumnJson<'a> {
    pub name: &'a str,
    #[serde(rename = "type")]
    pub ty: &'a str,
    pub nullable: bool,
    pub default: Option<&'a str>,
    pub identity: Option<&'static str>,
    pub generated: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub serial: bool,
    pub on_update: Option<&'a str>,
}

/// A primary key or a unique constraint: its name and columns.
#[derive(Serialize)]
pub struct KeyJson<'a> {
    pub name: Option<&'a str>,
    pub columns: &'a [String],
}

#[derive(Serialize)]
pub struct FkJson<'a> {
    pub name: Option<&'a str>,
    pub columns: &'a [String],
    pub ref_schema: Option<&'a str>,
    pub ref_table: &'a str,
    pub ref_columns: &'a [String],
    pub on_delete: &'static str,
    pub on_update: &'static str,
    /// Kept by the application, not the database (Prisma `relationMode = "prisma"`, Drizzle `relations`).
    pub logical: bool,
}

#[derive(Serialize)]
pub struct IndexJson<'a> {
    pub name: Option<&'a str>,
    pub unique: bool,
    pub columns: Vec<String>,
    pub method: Option<&'a str>,
    #[serde(rename = "where")]
    pub predicate: Option<&'a str>,
    pub include: &'a [String],
    pub concurrently: bool,
}

#[derive(Serialize)]
pub struct CheckJson<'a> {
    pub name: Option<&'a str>,
    pub expression: &'a str,
}

#[derive(Serialize)]
pub struct PolicyJson<'a> {
    pub name: &'a str,
    pub command: &'a str,
    pub using: Option<&'a str>,
    pub with_check: Option<&'a str>,
    pub permissive: bool,
    pub roles: &'a [String],
}

#[derive(Serialize)]
pub struct TriggerJson<'a> {
    pub name: &'a str,
    pub timing: &'static str,
    pub events: &'a [String],
    pub for_each_row: bool,
}

#[derive(Serialize)]
pub struct EnumJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub values: &'a [String],
}

#[derive(Serialize)]
pub struct DomainJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub ty: &'a str,
    pub not_null: bool,
    pub default: Option<&'a str>,
    pub checks: Vec<CheckJson<'a>>,
}

#[derive(Serialize)]
pub struct SequenceJson<'a> {
    pub schema: Option<&'a str>,
    pub name: &'a str,
    pub owned_by: Option<String>,
}

#[derive(Serialize)]
pub struct DiagnosticJson<'a> {
    pub severity: &'static str,
    /// The file of a multi-file input (`parse::input::files`); `line`/`column` are then within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

fn timing_id(t: TriggerTiming) -> &'static str {
    match t {
        TriggerTiming::Before => "before",
        TriggerTiming::After => "after",
        TriggerTiming::InsteadOf => "instead of",
    }
}

fn partition_by_json(p: &PartitionBy) -> PartitionByJson<'_> {
    PartitionByJson {
        strategy: p.strategy.id(),
        linear: p.linear,
        columns: p.columns_form,
        key: p.key.iter().map(IndexPart::display).collect(),
        count: p.count,
        subpartition: p.subpartition.as_deref(),
        partitions: p.partitions.iter().map(|d| PartitionDefJson { name: &d.name, bound: &d.bound }).collect(),
    }
}

fn view_json(v: &View) -> ViewJson<'_> {
    ViewJson {
        schema: v.schema.as_deref(),
        name: &v.name,
        materialized: v.materialized,
        columns: v.columns.as_deref(),
        reads: v.reads.iter().map(|r| NameJson { schema: r.schema.as_deref(), name: &r.name }).collect(),
        definition: &v.definition,
    }
}

fn check_json(c: &Check) -> CheckJson<'_> {
    CheckJson { name: c.name.as_deref(), expression: &c.expression }
}

impl<'a> Report<'a> {
    pub fn new(schema: &'a Schema, diagnostics: &'a [Diagnostic]) -> Self {
        let tables = schema
            .tables
            .iter()
            .map(|t| TableJson {
                schema: t.schema.as_deref(),
                name: &t.name,
                partition_of: t.partition_of.as_ref().map(|p| PartitionOfJson { schema: p.schema.as_deref(), name: &p.name, bound: t.partition_bound.as_deref() }),
                partition_by: t.partition_by.as_ref().map(partition_by_json),
                comment: t.comment.as_deref(),
                columns: t
                    .columns
                    .iter()
                    .map(|c| ColumnJson {
                        name: &c.name,
                        ty: &c.data_type.spelling,
                        nullable: c.nullable,
                        default: c.default.as_deref(),
                        identity: c.identity.as_ref().filter(|i| **i != Identity::Serial).map(|i| i.id()),
                        generated: c.generated.as_ref().map(|g| g.expression.as_str()),
                        comment: c.comment.as_deref(),
                        serial: c.identity == Some(Identity::Serial),
                        on_update: c.on_update.as_deref(),
                    })
                    .collect(),
                primary_key: t.primary_key.as_ref().map(|p| KeyJson { name: p.name.as_deref(), columns: &p.columns }),
                foreign_keys: t
                    .foreign_keys
                    .iter()
                    .map(|f| FkJson {
                        name: f.name.as_deref(),
                        columns: &f.columns,
                        ref_schema: f.ref_table.schema.as_deref(),
                        ref_table: &f.ref_table.name,
                        ref_columns: &f.ref_columns,
                        on_delete: f.on_delete.id(),
                        on_update: f.on_update.id(),
                        logical: f.logical,
                    })
                    .collect(),
                unique: t.uniques.iter().map(|u| KeyJson { name: u.name.as_deref(), columns: &u.columns }).collect(),
                indexes: t
                    .indexes
                    .iter()
                    .map(|i| IndexJson {
                        name: i.name.as_deref(),
                        unique: i.unique,
                        columns: i.parts.iter().map(|p| p.display()).collect(),
                        method: i.method.as_deref(),
                        predicate: i.predicate.as_deref(),
                        include: &i.include,
                        concurrently: i.concurrently,
                    })
                    .collect(),
                checks: t.checks.iter().map(check_json).collect(),
                rls_enabled: t.rls_enabled,
                rls_forced: t.rls_forced,
                policies: t
                    .policies
                    .iter()
                    .map(|p| PolicyJson {
                        name: &p.name,
                        command: &p.command,
                        using: p.using.as_deref(),
                        with_check: p.with_check.as_deref(),
                        permissive: p.permissive,
                        roles: &p.roles,
                    })
                    .collect(),
                triggers: schema
                    .triggers
                    .iter()
                    .filter(|tr| schema.table_index(&tr.table).map(|i| std::ptr::eq(&schema.tables[i], t)).unwrap_or(false))
                    .map(|tr| TriggerJson {
                        name: &tr.name,
                        timing: timing_id(tr.timing),
                        events: &tr.events,
                        for_each_row: tr.for_each_row,
                    })
                    .collect(),
                without_rowid: t.without_rowid,
                temporary: t.temporary,
                unlogged: t.unlogged,
                strict: t.strict,
                virtual_module: t.virtual_module.as_deref(),
            })
            .collect();
        Report {
            dialect: schema.dialect.id(),
            tables,
            enums: schema.enums.iter().map(|e| EnumJson { schema: e.schema.as_deref(), name: &e.name, values: &e.values }).collect(),
            domains: schema
                .domains
                .iter()
                .map(|d| DomainJson {
                    schema: d.schema.as_deref(),
                    name: &d.name,
                    ty: &d.data_type.spelling,
                    not_null: d.not_null,
                    default: d.default.as_deref(),
                    checks: d.checks.iter().map(check_json).collect(),
                })
                .collect(),
            sequences: schema
                .sequences
                .iter()
                .map(|s| SequenceJson {
                    schema: s.schema.as_deref(),
                    name: &s.name,
                    owned_by: s.owned_by.as_ref().map(|(t, c)| format!("{t}.{c}")),
                })
                .collect(),
            views: schema.views.iter().map(view_json).collect(),
            diagnostics: diagnostics
                .iter()
                .map(|d| DiagnosticJson { severity: d.severity.id(), file: None, line: d.line, column: d.column, message: &d.message })
                .collect(),
        }
    }
}

impl Report<'_> {
    /// For a text joining several files: each diagnostic's file, and its line and column in that file.
    pub fn locate_files(&mut self, text: &str) {
        let map = crate::parse::input::files::FileMap::new(text);
        if !map.is_multi() {
            return;
        }
        let lines = crate::span::LineIndex::new(text);
        for d in &mut self.diagnostics {
            let (file, l, c) = map.locate(text, lines.offset(d.line, d.column));
            (d.file, d.line, d.column) = (file, l, c);
        }
    }
}

/// The readable form of `schemaplay inspect`.
pub fn to_text(schema: &Schema, diagnostics: &[Diagnostic]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "dialect: {}  tables: {}  enums: {}  views: {}", schema.dialect.id(), schema.tables.len(), schema.enums.len(), schema.views.len());
    for t in &schema.tables {
        let _ = write!(s, "\ntable {}", t.qualified_name());
        if let Some(p) = &t.partition_of {
            let _ = write!(s, " (partition of {p}{})", t.partition_bound.as_deref().map(|b| format!(" {b}")).unwrap_or_default());
        }
        if let Some(p) = &t.partition_by {
            let _ = write!(s, " (partition by {p})");
        }
        if t.rls_enabled {
            let _ = write!(s, " [rls{}]", if t.rls_forced { ", forced" } else { "" });
        }
        s.push('\n');
        if let Some(c) = &t.comment {
            let _ = writeln!(s, "  -- {c}");
        }
        for c in &t.columns {
            let _ = write!(s, "  {} {}{}", c.name, c.data_type.spelling, if c.nullable { "" } else { " NOT NULL" });
            if let Some(d) = &c.default {
                let _ = write!(s, " DEFAULT {d}");
            }
            if let Some(i) = &c.identity {
                let _ = write!(s, " [{}]", i.id());
            }
            if let Some(g) = &c.generated {
                let _ = write!(s, " GENERATED AS ({})", g.expression);
            }
            s.push('\n');
        }
        if let Some(pk) = &t.primary_key {
            let _ = writeln!(s, "  primary key {} ({})", pk.name.as_deref().unwrap_or("-"), pk.columns.join(", "));
        }
        for f in &t.foreign_keys {
            let _ = writeln!(
                s,
                "  foreign key {} ({}) -> {} ({}) on delete {} on update {}{}",
                f.name.as_deref().unwrap_or("-"),
                f.columns.join(", "),
                f.ref_table,
                f.ref_columns.join(", "),
                f.on_delete.id(),
                f.on_update.id(),
                if f.logical { " (logical: not in the database)" } else { "" }
            );
        }
        for u in &t.uniques {
            let _ = writeln!(s, "  unique {} ({})", u.name.as_deref().unwrap_or("-"), u.columns.join(", "));
        }
        for i in &t.indexes {
            let cols: Vec<String> = i.parts.iter().map(|p| p.display()).collect();
            let _ = write!(s, "  {}index {}", if i.unique { "unique " } else { "" }, i.name.as_deref().unwrap_or("-"));
            if let Some(m) = &i.method {
                let _ = write!(s, " using {m}");
            }
            let _ = write!(s, " ({})", cols.join(", "));
            if let Some(w) = &i.predicate {
                let _ = write!(s, " where {w}");
            }
            s.push('\n');
        }
        for c in &t.checks {
            let _ = writeln!(s, "  check {} ({})", c.name.as_deref().unwrap_or("-"), c.expression);
        }
        for p in &t.policies {
            let _ = writeln!(s, "  policy {} for {}", p.name, p.command);
        }
    }
    for e in &schema.enums {
        let n = QualifiedName::new(e.schema.clone(), e.name.clone());
        let _ = writeln!(s, "\nenum {n}: {}", e.values.join(", "));
    }
    for v in &schema.views {
        let reads: Vec<String> = v.reads.iter().map(|r| r.to_string()).collect();
        let _ = write!(s, "\n{}view {}", if v.materialized { "materialized " } else { "" }, v.qualified_name());
        if let Some(c) = &v.columns {
            let _ = write!(s, " ({})", c.join(", "));
        }
        let _ = writeln!(s, " reads {}", if reads.is_empty() { "-".to_string() } else { reads.join(", ") });
    }
    if !diagnostics.is_empty() {
        s.push('\n');
        for d in diagnostics {
            let _ = writeln!(s, "{}:{}: {}: {}", d.line, d.column, d.severity.id(), d.message);
        }
    }
    s
}
