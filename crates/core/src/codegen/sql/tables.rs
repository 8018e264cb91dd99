//! One table: whether and how the target has it (partitions, temporary, virtual, engine), its
//! `CREATE TABLE` with the column and constraint lines and the table options, then its indexes,
//! its partition attachment and what follows it (comments, policies, the `updated_at` trigger).

use super::{columns, constraints, indexes, policies, triggers};
use super::{ident, sqlobjects, string_lit, Gen, Keys, Out, TableCx};
use crate::model::{Schema, Table};
use crate::sqltext::comment_text;
use crate::Dialect;

/// Every table's keys.
pub(super) fn keys(schema: &Schema) -> Vec<Keys> {
    let mut keys: Vec<Keys> = Vec::new();
    for t in &schema.tables {
        let ok = |cols: &[String]| !cols.is_empty() && cols.iter().all(|c| t.column(c).is_some());
        let pk = t.primary_key.as_ref().map(|p| p.columns.clone()).filter(|c| ok(c));
        let mut uniques: Vec<Vec<String>> = t.uniques.iter().map(|u| u.columns.clone()).filter(|c| ok(c)).collect();
        let mut indexes = Vec::new();
        for ix in &t.indexes {
            let plain: Vec<String> = ix.parts.iter().map_while(|p| p.column.clone()).collect();
            if ix.unique && ix.predicate.is_none() && plain.len() == ix.parts.len() && ok(&plain) {
                uniques.push(plain.clone());
            }
            if !plain.is_empty() {
                indexes.push(plain);
            }
        }
        keys.push(Keys { pk, uniques, indexes });
    }
    keys
}

impl Gen<'_> {
    /// Depth-first topological order over foreign keys (self references ignored); a reference
    /// back into the current path is a cycle, added later with ALTER TABLE.
    pub(super) fn order_tables(&self) -> Vec<usize> {
        let deps: Vec<Vec<usize>> = self
            .schema
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d: Vec<usize> = t.foreign_keys.iter().filter(|f| !f.logical).filter_map(|f| self.resolve(&f.ref_table)).filter(|&r| r != i).collect();
                if let Some(p) = t.partition_of.as_ref().and_then(|p| self.resolve(p)) {
                    d.push(p);
                }
                d
            })
            .collect();
        sqlobjects::dependency_order(&deps)
    }
}

/// Writes table `ti` and queues what follows it.
pub(super) fn table(g: &mut Gen, ti: usize, keys: &[Keys], out: &mut Out) {
    let schema = g.schema;
    let t = &schema.tables[ti];
    let (to, from) = (g.to, g.from);
    let label = g.label(t);
    let parent = t.partition_of.as_ref().and_then(|p| g.resolve(p));
    let Some(temp) = table_notes(g, t, parent, &label) else {
        return;
    };
    let pk_cols = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let single_pk = if pk_cols.len() == 1 { Some(pk_cols[0].clone()) } else { None };
    let (updated_at_trigger, wants_touch) = triggers::touch(g, ti, t, &label);
    let mut cx = TableCx {
        ti,
        t,
        tname: g.tname(ti),
        tschema: g.names[ti].0.clone(),
        label,
        pk_cols,
        single_pk,
        sqlite_inline_pk: false,
        mysql_auto_done: false,
        need_key_for: Vec::new(),
        updated_at_trigger,
        lines: Vec::new(),
    };
    columns::columns(g, &mut cx);
    if cx.lines.is_empty() && to != Dialect::Postgres {
        g.warn(format!("table {} has no columns; not generated for {}", cx.label, to.label()));
        return;
    }
    constraints::keys_and_checks(g, &mut cx, out);
    constraints::foreign_keys(g, &mut cx, keys, out);
    let suffix = table_options(g, t, parent, &cx.label);
    let tname = &cx.tname;
    let body = &mut out.body;
    if to == Dialect::Sqlite && from == Dialect::Sqlite && t.virtual_module.is_some() {
        let module = t.virtual_module.clone().unwrap_or_default();
        let args: Vec<String> = t.columns.iter().map(|c| ident(to, &c.name)).collect();
        body.line(format!("CREATE VIRTUAL TABLE {tname} USING {}({});", ident(to, &module), args.join(", ")));
        body.blank();
        out.created.insert(ti);
        return;
    }
    if let Some(c) = t.comment.as_ref().filter(|_| to == Dialect::Sqlite) {
        body.line(format!("-- {}", comment_text(c)));
    }
    let temp_kw = if temp { "TEMP " } else { "" };
    let unlogged = if t.unlogged && to == Dialect::Postgres { "UNLOGGED " } else { "" };
    body.line(format!("CREATE {temp_kw}{unlogged}TABLE {tname} ("));
    body.indent();
    let n = cx.lines.len();
    for (i, (l, cm)) in cx.lines.iter().enumerate() {
        let comma = if i + 1 < n { "," } else { "" };
        match cm {
            Some(c) => body.line(format!("{l}{comma} -- {}", comment_text(c))),
            None => body.line(format!("{l}{comma}")),
        };
    }
    body.dedent();
    body.line(format!("){suffix};"));
    out.created.insert(ti);
    for ix in t.indexes.iter().filter(|ix| !ix.implicit) {
        if let Some(s) = indexes::index_stmt(g, ti, ix) {
            out.body.line(s);
        }
    }
    // a PostgreSQL partition: attached once its own keys and indexes exist (they are then
    // attached to the parent's, not duplicated), as pg_dump does
    if let Some(pi) = parent {
        match &t.partition_bound {
            Some(bound) => {
                out.body.line(sqlobjects::attach_partition(&g.tname(pi), &cx.tname, bound));
            }
            None => g.warn(format!("partition {}: its bound is not known, so it is not attached to {}", cx.label, g.label(&schema.tables[pi]))),
        }
    }
    policies::comments_and_rls(g, &cx, &mut out.after);
    if wants_touch {
        triggers::updated_at_trigger(g, &cx, out);
    }
    out.body.blank();
}

/// Whether the target gets the table (`Some(temporary)`), with warnings for what it loses:
/// partitions outside PostgreSQL, tables without columns, virtual and temporary tables, engines.
fn table_notes(g: &mut Gen, t: &Table, parent: Option<usize>, label: &str) -> Option<bool> {
    let (to, from) = (g.to, g.from);
    // PostgreSQL partitions are tables of their own only in PostgreSQL; elsewhere the parent holds the rows.
    let pg_partitions = from == Dialect::Postgres && to == Dialect::Postgres;
    if let (Some(pi), false) = (parent, pg_partitions) {
        g.warn(format!("partition {label} is not generated for {} (its rows live in {}, generated unpartitioned)", to.label(), g.label(&g.schema.tables[pi])));
        return None;
    }
    if t.columns.is_empty() && to != Dialect::Postgres {
        g.warn(format!("table {label} has no columns; not generated for {}", to.label()));
        return None;
    }
    if t.virtual_module.is_some() && !(from == Dialect::Sqlite && to == Dialect::Sqlite) {
        g.warn(format!("virtual table {label} ({}) generated as a plain table", t.virtual_module.as_deref().unwrap_or("")));
    }
    // SQLite keeps a temporary table temporary (in the `temp` schema, for the session);
    // elsewhere it becomes a regular table
    let temp = t.temporary && to == Dialect::Sqlite;
    if t.temporary && !temp {
        g.warn(format!("temporary table {label} generated as a regular table"));
    }
    if let Some(e) = &t.engine {
        if !e.eq_ignore_ascii_case("innodb") {
            g.warn(format!("table {label}: ENGINE={e} not kept (InnoDB is used)"));
        }
    }
    Some(temp)
}

/// What follows `CREATE TABLE ( ... )`: SQLite's `WITHOUT ROWID` / `STRICT`, MySQL's table
/// `COMMENT=`, the partitioning clause.
fn table_options(g: &mut Gen, t: &Table, parent: Option<usize>, label: &str) -> String {
    let (to, from) = (g.to, g.from);
    let mut suffix = String::new();
    let mut partition_clause = None;
    if let Some(pb) = &t.partition_by {
        partition_clause = sqlobjects::partition_by_clause(from, to, pb);
        if partition_clause.is_none() {
            g.warn(sqlobjects::partition_warning(label, pb, from, to));
        }
    }
    if let (Some(p), None) = (&t.partition_of, parent) {
        g.warn(format!("partition {label} of {p}: the parent is not defined, so {label} is a plain table"));
    }
    if to == Dialect::Sqlite {
        let mut opts = Vec::new();
        if t.without_rowid && from == Dialect::Sqlite && t.primary_key.is_some() {
            opts.push("WITHOUT ROWID");
        }
        if t.strict && from == Dialect::Sqlite {
            opts.push("STRICT");
        }
        if !opts.is_empty() {
            suffix.push(' ');
            suffix.push_str(&opts.join(", "));
        }
    }
    if to == Dialect::Mysql {
        if let Some(c) = &t.comment {
            let c: String = c.chars().take(2048).collect();
            suffix.push_str(&format!(" COMMENT={}", string_lit(to, &c)));
        }
    }
    // after the table options (MySQL), after INHERITS-like clauses (PostgreSQL)
    if let Some(c) = partition_clause {
        suffix.push(' ');
        suffix.push_str(&c);
    }
    suffix
}
