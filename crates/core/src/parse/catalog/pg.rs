//! PostgreSQL catalog JSON (`postgres.sql`) → the DDL it describes, in `pg_dump`'s order: types,
//! domains, sequences, tables (columns, keys, checks), views, partitions attached, foreign keys,
//! indexes, sequence ownership, comments, row-level security, policies, triggers.

use super::json::Node;
use super::{qname, quote, safe, span};
use crate::codegen::sql::string_lit;
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;

const D: Dialect = Dialect::Postgres;

fn stmt(ddl: &mut Ddl, text: &str, n: &Node) {
    ddl.piece(&format!("{};\n", text.trim_end().trim_end_matches(';')), span(n));
}

/// A statement built around catalog text, written only when that text is one safe piece.
fn checked_stmt(ddl: &mut Ddl, diags: &mut Diags, n: &Node, what: &str, text: &str, pieces: &[&str]) {
    if pieces.iter().all(|p| safe(diags, n, what, p.trim_end().trim_end_matches(';')).is_some()) {
        stmt(ddl, text, n);
    }
}

pub fn render(root: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    for e in root.items("enums") {
        let Some(name) = e.s("name") else { continue };
        let values: Vec<String> = e.items("values").iter().filter_map(|v| v.str()).map(|v| string_lit(D, v)).collect();
        stmt(ddl, &format!("CREATE TYPE {} AS ENUM ({})", qname(D, e.s("schema"), name), values.join(", ")), e);
    }
    for dm in root.items("domains") {
        let (Some(name), Some(ty)) = (dm.s("name"), dm.s("type")) else { continue };
        let parts: Vec<&str> = [Some(ty), dm.s("default")].into_iter().flatten().chain(dm.items("checks").iter().filter_map(|c| c.s("definition"))).collect();
        if parts.iter().any(|p| safe(diags, dm, &format!("domain {name}"), p).is_none()) {
            continue;
        }
        let mut s = format!("CREATE DOMAIN {} AS {ty}", qname(D, dm.s("schema"), name));
        if let Some(def) = dm.s("default") {
            s.push_str(&format!(" DEFAULT {def}"));
        }
        if dm.b("not_null") {
            s.push_str(" NOT NULL");
        }
        for c in dm.items("checks") {
            if let (Some(n), Some(def)) = (c.s("name"), c.s("definition")) {
                s.push_str(&format!(" CONSTRAINT {} {def}", quote(D, n)));
            }
        }
        stmt(ddl, &s, dm);
    }
    for sq in root.items("sequences").iter().filter(|s| !s.b("identity")) {
        if let Some(name) = sq.s("name") {
            stmt(ddl, &format!("CREATE SEQUENCE {}", qname(D, sq.s("schema"), name)), sq);
        }
    }
    let tables = root.items("tables");
    for t in tables {
        match t.s("kind") {
            Some("v") | Some("m") => view(t, ddl, diags),
            _ => create_table(t, ddl, diags),
        }
    }
    for t in tables {
        let Some(name) = t.s("name") else { continue };
        let q = qname(D, t.s("schema"), name);
        let p = t.get("partition_of");
        if let (Some(pn), Some(bound)) = (p.s("name"), p.s("bound")) {
            checked_stmt(ddl, diags, p, "partition bound", &format!("ALTER TABLE ONLY {} ATTACH PARTITION {q} {bound}", qname(D, p.s("schema"), pn)), &[bound]);
        }
    }
    // keys as pg_dump writes them, after the table: CREATE TABLE would drop a UNIQUE that repeats
    // the primary key, which ALTER TABLE keeps (and the catalog has)
    for t in tables {
        let Some(name) = t.s("name") else { continue };
        let q = qname(D, t.s("schema"), name);
        for c in t.items("constraints").iter().filter(|c| matches!(c.s("type"), Some("p" | "u" | "x"))) {
            if let (Some(cn), Some(def)) = (c.s("name"), c.s("definition")) {
                checked_stmt(ddl, diags, c, &format!("constraint {cn}"), &format!("ALTER TABLE ONLY {q} ADD CONSTRAINT {} {def}", quote(D, cn)), &[def]);
            }
        }
    }
    for t in tables {
        let Some(name) = t.s("name") else { continue };
        let q = qname(D, t.s("schema"), name);
        for c in t.items("constraints").iter().filter(|c| c.s("type") == Some("f")) {
            if let (Some(cn), Some(def)) = (c.s("name"), c.s("definition")) {
                checked_stmt(ddl, diags, c, &format!("foreign key {cn}"), &format!("ALTER TABLE ONLY {q} ADD CONSTRAINT {} {def}", quote(D, cn)), &[def]);
            }
        }
    }
    for t in tables {
        for ix in t.items("indexes") {
            if let Some(def) = ix.s("definition") {
                checked_stmt(ddl, diags, ix, "index", def, &[def]);
            }
        }
    }
    for sq in root.items("sequences").iter().filter(|s| !s.b("identity")) {
        let o = sq.get("owned_by");
        if let (Some(name), Some(tn), Some(col)) = (sq.s("name"), o.s("table"), o.s("column")) {
            stmt(ddl, &format!("ALTER SEQUENCE {} OWNED BY {}.{}", qname(D, sq.s("schema"), name), qname(D, o.s("schema"), tn), quote(D, col)), sq);
        }
    }
    for t in tables {
        after_table(t, ddl, diags);
    }
}

fn create_table(t: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let Some(name) = t.s("name") else {
        diags.warning(span(t), "a table without a name in the catalog JSON; left out");
        return;
    };
    let q = qname(D, t.s("schema"), name);
    ddl.open(span(t));
    let unlogged = if t.b("unlogged") { "UNLOGGED " } else { "" };
    ddl.push(&format!("CREATE {unlogged}TABLE {q} (\n"));
    let mut first = true;
    for c in t.items("columns") {
        let (Some(cn), Some(ty)) = (c.s("name"), c.s("type")) else { continue };
        let Some(ty) = safe(diags, c, &format!("column {cn}"), ty) else { continue };
        let mut s = format!("{} {ty}", quote(D, cn));
        if let Some(coll) = c.s("collation") {
            s.push_str(&format!(" COLLATE {}", quote(D, coll)));
        }
        if let Some(g) = c.s("generated").and_then(|g| safe(diags, c, &format!("the expression of {cn}"), g)) {
            s.push_str(&format!(" GENERATED ALWAYS AS ({g}) STORED"));
        } else if let Some(def) = c.s("default").and_then(|d| safe(diags, c, &format!("the default of {cn}"), d)) {
            s.push_str(&format!(" DEFAULT {def}"));
        }
        match c.s("identity") {
            Some("a") => s.push_str(" GENERATED ALWAYS AS IDENTITY"),
            Some("d") => s.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
            _ => {}
        }
        if c.b("not_null") {
            s.push_str(" NOT NULL");
        }
        if !std::mem::take(&mut first) {
            ddl.push(",\n");
        }
        ddl.piece(&format!("  {s}"), span(c));
    }
    for c in t.items("constraints").iter().filter(|c| c.s("type") == Some("c")) {
        let (Some(cn), Some(def)) = (c.s("name"), c.s("definition")) else { continue };
        let Some(def) = safe(diags, c, &format!("check {cn}"), def) else { continue };
        if !std::mem::take(&mut first) {
            ddl.push(",\n");
        }
        ddl.piece(&format!("  CONSTRAINT {} {def}", quote(D, cn)), span(c));
    }
    ddl.push("\n)");
    if let Some(k) = t.s("partition_key").and_then(|k| safe(diags, t, "the partition key", k)) {
        ddl.push(&format!(" PARTITION BY {k}"));
    }
    ddl.push(";\n");
    ddl.close();
}

fn view(t: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let (Some(name), Some(def)) = (t.s("name"), t.s("view_definition")) else { return };
    let m = if t.s("kind") == Some("m") { "MATERIALIZED " } else { "" };
    checked_stmt(ddl, diags, t, &format!("view {name}"), &format!("CREATE {m}VIEW {} AS {}", qname(D, t.s("schema"), name), def.trim()), &[def]);
}

/// Comments, row-level security, policies and triggers of one table.
fn after_table(t: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let Some(name) = t.s("name") else { return };
    if matches!(t.s("kind"), Some("v") | Some("m")) {
        return;
    }
    let q = qname(D, t.s("schema"), name);
    if let Some(c) = t.s("comment") {
        stmt(ddl, &format!("COMMENT ON TABLE {q} IS {}", string_lit(D, c)), t);
    }
    for c in t.items("columns") {
        if let (Some(cn), Some(cm)) = (c.s("name"), c.s("comment")) {
            stmt(ddl, &format!("COMMENT ON COLUMN {q}.{} IS {}", quote(D, cn), string_lit(D, cm)), c);
        }
    }
    if t.b("rls_enabled") {
        stmt(ddl, &format!("ALTER TABLE {q} ENABLE ROW LEVEL SECURITY"), t);
    }
    if t.b("rls_forced") {
        stmt(ddl, &format!("ALTER TABLE {q} FORCE ROW LEVEL SECURITY"), t);
    }
    for p in t.items("policies") {
        let Some(pn) = p.s("name") else { continue };
        if [p.s("using"), p.s("with_check")].into_iter().flatten().any(|e| safe(diags, p, &format!("policy {pn}"), e).is_none()) {
            continue;
        }
        let policy = crate::model::Policy {
            name: pn.to_string(),
            command: p.s("command").unwrap_or("all").to_string(),
            permissive: p.get("permissive").is_null() || p.b("permissive"),
            roles: p.items("roles").iter().filter_map(|r| r.str().map(str::to_string)).collect(),
            using: p.s("using").map(str::to_string),
            with_check: p.s("with_check").map(str::to_string),
            span: span(p),
        };
        stmt(ddl, &crate::codegen::sql::create_policy(D, &q, &policy), p);
    }
    for tg in t.items("triggers") {
        if let Some(def) = tg.s("definition") {
            checked_stmt(ddl, diags, tg, "trigger", def, &[def]);
        }
    }
}
