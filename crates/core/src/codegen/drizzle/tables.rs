//! One Drizzle table: `export const t = pgTable("name", { columns }, (t) => [ ... ])`, the third
//! argument holding composite primary keys, unique constraints, foreign keys that are not inline,
//! indexes, checks and policies; what Drizzle cannot express becomes a `//` note and a warning.

use super::columns::column;
use super::relations::{fk_target, inline_fk};
use super::{action, esc, sql_lit, Ctx, TableCx, Tables};
use crate::codegen::names::Namer;
use crate::codegen::writer::Writer;
use crate::model::{ForeignKey, Index, Policy, RefAction, SchemaIndex};
use crate::Dialect;
use std::collections::HashMap;

/// Writes table `ti` (which has a variable) into `body`.
pub(super) fn table(cx: &mut Ctx, ix: &SchemaIndex, tables: &Tables, enum_vars: &HashMap<usize, String>, ti: usize, body: &mut Writer) {
    let schema = cx.schema;
    let t = &schema.tables[ti];
    let Some(var) = tables.var.get(&ti).cloned() else { return };
    let keys = &tables.col_keys[&ti];
    let mut inline: HashMap<&str, Vec<&ForeignKey>> = HashMap::new();
    for f in t.foreign_keys.iter().filter(|f| inline_fk(ix, t, f)) {
        if let Some(c) = ix.column(ti, &f.columns[0]) {
            inline.entry(c.name.as_str()).or_default().push(f);
        }
    }
    let pk_cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let mut tx = TableCx { ix, tables, enum_vars, ti, t, keys, inline, pk_cols, single_pk: false, notes: Vec::new() };
    tx.single_pk = tx.pk_cols.len() == 1 && tx.key(&tx.pk_cols[0]).is_some();
    let ctor = match cx.schema_var(&t.schema) {
        Some(s) => format!("{s}.table"),
        None => cx.core(cx.core_names.table_fn).to_string(),
    };
    if let Some(cm) = &t.comment {
        body.line(format!("// {}", esc::comment(cm)));
    }
    body.line(format!("export const {var} = {ctor}({}, {{", esc::string(&t.name)));
    body.indent();
    for c in &t.columns {
        let line = column(cx, &mut tx, c);
        if let Some(cm) = &c.comment {
            body.line(format!("// {}", esc::comment(cm)));
        }
        body.line(line);
    }
    body.dedent();
    let (extra, annotate) = third_argument(cx, &mut tx);
    let d = cx.d;
    let rls = if d == Dialect::Postgres && t.rls_enabled && t.policies.is_empty() { ".enableRLS()" } else { "" };
    if t.rls_forced {
        tx.notes.push("FORCE ROW LEVEL SECURITY is not expressed".into());
    }
    if extra.is_empty() {
        body.line(format!("}}){rls};"));
    } else {
        if annotate {
            // composite keys to other tables: a declared return type keeps tsc from chasing the
            // other table's type through this callback (circular when the tables refer to each other)
            let ty = cx.core(cx.core_names.extra_ty);
            body.line(format!("}}, (t): {ty}[] => ["));
        } else {
            body.line("}, (t) => [");
        }
        body.indent();
        for e in &extra {
            body.line(format!("{e},"));
        }
        body.dedent();
        body.line(format!("]){rls};"));
    }
    for n in &tx.notes {
        body.line(format!("// {}", esc::comment(n)));
        cx.warnings.push(format!("{}: {n}", t.name));
    }
    body.blank();
}

/// The third argument's entries, and whether the callback needs a declared return type (a
/// composite foreign key to another table).
fn third_argument(cx: &mut Ctx, tx: &mut TableCx) -> (Vec<String>, bool) {
    let (d, t) = (cx.d, tx.t);
    let mut extra: Vec<String> = Vec::new();
    if tx.pk_cols.len() > 1 {
        if let Some(cols) = tx.tk(&tx.pk_cols) {
            let name = t.primary_key.as_ref().and_then(|p| p.name.clone()).filter(|_| d == Dialect::Postgres).map(|n| format!(", name: {}", esc::string(&n))).unwrap_or_default();
            extra.push(format!("{}({{ columns: [{}]{name} }})", cx.core("primaryKey"), cols.join(", ")));
        }
    }
    for u in &t.uniques {
        if let Some(cols) = tx.tk(&u.columns) {
            let name = u.name.as_deref().filter(|n| !n.starts_with("sqlite_autoindex")).map(esc::string).unwrap_or_default();
            let nnd = if u.nulls_not_distinct && d == Dialect::Postgres { ".nullsNotDistinct()" } else { "" };
            extra.push(format!("{}({name}).on({}){nnd}", cx.core("unique"), cols.join(", ")));
        }
    }
    let annotate = foreign_keys(cx, tx, &mut extra);
    let mut ix_names = Namer::new();
    for ix in t.indexes.iter().filter(|i| !i.implicit) {
        if let Some(s) = index_call(cx, tx, ix, &mut ix_names) {
            extra.push(s);
        }
    }
    let mut check_names = Namer::new();
    for (i, ch) in t.checks.iter().enumerate() {
        cx.uses_sql = true;
        let name = check_names.unique(&ch.name.clone().unwrap_or_else(|| format!("{}_check{}", t.name, i + 1)));
        extra.push(format!("{}({}, {})", cx.core("check"), esc::string(&name), sql_lit(&ch.expression)));
    }
    if d == Dialect::Postgres {
        for p in &t.policies {
            let s = policy_call(cx, p);
            extra.push(s);
        }
    }
    (extra, annotate)
}

/// `foreignKey({ ... })` for the foreign keys not written inline; notes for those left out.
/// Returns whether one references another table (the callback then needs a return type).
fn foreign_keys(cx: &mut Ctx, tx: &mut TableCx, extra: &mut Vec<String>) -> bool {
    let (t, ix, tables) = (tx.t, tx.ix, tx.tables);
    let mut annotate = false;
    for fk in t.foreign_keys.iter().filter(|f| !f.logical && !inline_fk(ix, t, f)) {
        let (Some(cols), Some(target)) = (tx.tk(&fk.columns), fk_target(ix, &tables.var, &tables.col_keys, fk)) else {
            tx.notes.push(format!("foreign key ({}) → {} left out: unknown columns or table", fk.columns.join(", "), fk.ref_table));
            continue;
        };
        // a table's own columns come from the callback parameter (naming the table there is circular)
        let self_ref = ix.table_index(&fk.ref_table) == Some(tx.ti);
        if !self_ref {
            annotate = true;
        }
        let refs: Vec<String> = target.1.iter().map(|k| if self_ref { format!("t.{k}") } else { format!("{}.{k}", target.0) }).collect();
        let name = fk.name.as_deref().map(|n| format!(", name: {}", esc::string(n))).unwrap_or_default();
        let mut s = format!("{}({{ columns: [{}], foreignColumns: [{}]{name} }})", cx.core("foreignKey"), cols.join(", "), refs.join(", "));
        if fk.on_delete != RefAction::NoAction {
            s.push_str(&format!(".onDelete(\"{}\")", action(fk.on_delete)));
        }
        if fk.on_update != RefAction::NoAction {
            s.push_str(&format!(".onUpdate(\"{}\")", action(fk.on_update)));
        }
        extra.push(s);
    }
    for fk in t.foreign_keys.iter().filter(|f| f.columns.len() == 1) {
        if tx.key(&fk.columns[0]).is_none() || fk_target(ix, &tables.var, &tables.col_keys, fk).is_none() {
            tx.notes.push(format!("foreign key ({}) → {} left out: the referenced table or column is not in the schema", fk.columns.join(", "), fk.ref_table));
        }
    }
    annotate
}

/// `index(...)` / `uniqueIndex(...)` for an index, or None (with a note) when Drizzle cannot express it.
fn index_call(cx: &mut Ctx, tx: &mut TableCx, ix: &Index, ix_names: &mut Namer) -> Option<String> {
    let (d, t) = (cx.d, tx.t);
    let display = ix.parts.iter().map(|p| p.display()).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    let mut ok = true;
    for p in &ix.parts {
        match p.column.as_deref().and_then(|c| tx.key(c)) {
            Some(k) if d == Dialect::Postgres => {
                let mut s = format!("t.{k}");
                if p.descending {
                    s.push_str(".desc()");
                }
                match p.nulls_first {
                    Some(true) => s.push_str(".nullsFirst()"),
                    Some(false) => s.push_str(".nullsLast()"),
                    None => {}
                }
                if let Some(op) = &p.opclass {
                    s.push_str(&format!(".op({})", esc::string(op)));
                }
                parts.push(s);
            }
            Some(k) if p.length.is_none() => parts.push(format!("t.{k}")),
            _ if d == Dialect::Mysql => ok = false,
            _ => {
                cx.uses_sql = true;
                parts.push(sql_lit(&p.display()));
            }
        }
    }
    if !ok || parts.is_empty() {
        tx.notes.push(format!("index {} on ({display}) cannot be expressed in Drizzle", ix.name.clone().unwrap_or_default()));
        return None;
    }
    let fname = if ix.unique { "uniqueIndex" } else { "index" };
    let name = ix.name.clone().unwrap_or_else(|| format!("{}_{}_idx", t.name, ix.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>().join("_")));
    let name = ix_names.unique(&name);
    let f = cx.core(fname);
    let mut s = match (d, ix.method.as_deref()) {
        (Dialect::Postgres, Some(m)) if m != "btree" => format!("{f}({}).using({}, {})", esc::string(&name), esc::string(m), parts.join(", ")),
        _ => format!("{f}({}).on({})", esc::string(&name), parts.join(", ")),
    };
    if d == Dialect::Mysql {
        if let Some(m @ ("btree" | "hash")) = ix.method.as_deref() {
            s.push_str(&format!(".using(\"{m}\")"));
        } else if let Some(m) = ix.method.as_deref() {
            tx.notes.push(format!("index {name} is {m}; written as a plain index"));
        }
    }
    if let Some(p) = &ix.predicate {
        if d == Dialect::Mysql {
            tx.notes.push(format!("index {name} WHERE {p}: MySQL has no partial indexes"));
        } else {
            cx.uses_sql = true;
            s.push_str(&format!(".where({})", sql_lit(p)));
        }
    }
    if !ix.include.is_empty() {
        tx.notes.push(format!("index {name} INCLUDE ({}) is not expressed", ix.include.join(", ")));
    }
    Some(s)
}

/// `pgPolicy(...)` for a PostgreSQL row-level-security policy.
fn policy_call(cx: &mut Ctx, p: &Policy) -> String {
    let mut cfg = vec![format!("as: \"{}\"", if p.permissive { "permissive" } else { "restrictive" })];
    if ["all", "select", "insert", "update", "delete"].contains(&p.command.as_str()) {
        cfg.push(format!("for: \"{}\"", p.command));
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p.roles.iter().map(|r| esc::string(r)).collect();
        cfg.push(format!("to: [{}]", roles.join(", ")));
    }
    if let Some(u) = &p.using {
        cx.uses_sql = true;
        cfg.push(format!("using: {}", sql_lit(u)));
    }
    if let Some(w) = &p.with_check {
        cx.uses_sql = true;
        cfg.push(format!("withCheck: {}", sql_lit(w)));
    }
    format!("{}({}, {{ {} }})", cx.core("pgPolicy"), esc::string(&p.name), cfg.join(", "))
}
