//! SQLite catalog JSON (`sqlite.sql`) → DDL: SQLite keeps every table, index, view and trigger of
//! the main database as the exact `CREATE` text it was made with (`sqlite_schema.sql`), so that text
//! is the DDL; tables, then indexes, views and triggers. Tables of attached (and temp) databases,
//! whose texts one query cannot reach, are built from their `pragma_*` rows: columns, primary key,
//! foreign keys and indexes.

use super::json::Node;
use super::{qname, quote, span};
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;

pub fn render(root: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let objects = root.items("objects");
    let mut written: Vec<String> = Vec::new();
    for o in objects {
        let Some(sql) = o.s("sql") else { continue };
        // a trigger's body holds its own statements; anything else is one statement (comments kept:
        // SQLite stores them in the text)
        let sql = sql.trim_end().trim_end_matches(';');
        if o.s("type") != Some("trigger") && !crate::parse::input::ddl::statement_ok(sql) {
            diags.warning(span(o), format!("{} {} left out: its CREATE text is not one statement", o.s("type").unwrap_or("object"), o.s("name").unwrap_or("?")));
            continue;
        }
        if o.s("type") == Some("table") {
            if let Some(n) = o.s("name") {
                written.push(n.to_ascii_lowercase());
            }
        }
        ddl.piece(&format!("{sql}\n;\n"), span(o));
    }
    for t in root.items("tables") {
        let Some(name) = t.s("name") else { continue };
        let schema = t.s("schema").filter(|s| *s != "main");
        if (schema.is_none() && written.contains(&name.to_ascii_lowercase())) || t.s("type") == Some("virtual") {
            continue;
        }
        if schema.is_none() {
            diags.info(span(t), format!("table {name}: no CREATE text in the catalog JSON; built from pragma_table_xinfo"));
        }
        from_pragma(t, schema, name, ddl);
    }
}

fn from_pragma(t: &Node, schema: Option<&str>, name: &str, ddl: &mut Ddl) {
    let d = Dialect::Sqlite;
    let q = qname(d, schema, name);
    ddl.open(span(t));
    let temp = if schema == Some("temp") { "TEMP " } else { "" };
    let q_create = if temp.is_empty() { q.clone() } else { quote(d, name) };
    ddl.push(&format!("CREATE {temp}TABLE {q_create} (\n"));
    let cols: Vec<&Node> = t.items("columns").iter().filter(|c| c.n("hidden").unwrap_or(0) == 0).collect();
    let mut pk: Vec<(i64, &str)> = Vec::new();
    for (i, c) in cols.iter().enumerate() {
        let Some(cn) = c.s("name") else { continue };
        let mut s = format!("  {} {}", quote(d, cn), c.s("type").unwrap_or(""));
        if c.b("not_null") {
            s.push_str(" NOT NULL");
        }
        if let Some(def) = c.s("default") {
            s.push_str(&format!(" DEFAULT {def}"));
        }
        if let Some(k) = c.n("pk").filter(|k| *k > 0) {
            pk.push((k, cn));
        }
        if i > 0 {
            ddl.push(",\n");
        }
        ddl.piece(&s, span(c));
    }
    if !pk.is_empty() {
        crate::sort::ord(&mut pk);
        let list: Vec<String> = pk.iter().map(|(_, c)| quote(d, c)).collect();
        ddl.push(&format!(",\n  PRIMARY KEY ({})", list.join(", ")));
    }
    let fks = t.items("foreign_keys");
    let mut ids: Vec<i64> = fks.iter().filter_map(|f| f.n("id")).collect();
    ids.dedup();
    for id in ids {
        let parts: Vec<&Node> = fks.iter().filter(|f| f.n("id") == Some(id)).collect();
        let (Some(first), Some(rt)) = (parts.first(), parts.first().and_then(|f| f.s("table"))) else { continue };
        let from: Vec<String> = parts.iter().filter_map(|f| f.s("from")).map(|c| quote(d, c)).collect();
        let to: Vec<String> = parts.iter().filter_map(|f| f.s("to")).map(|c| quote(d, c)).collect();
        let to = if to.len() == from.len() { format!("({})", to.join(", ")) } else { String::new() };
        let act = |k: &str| first.s(k).unwrap_or("NO ACTION").to_string();
        ddl.piece(&format!(",\n  FOREIGN KEY ({}) REFERENCES {}{to} ON UPDATE {} ON DELETE {}", from.join(", "), quote(d, rt), act("on_update"), act("on_delete")), span(first));
    }
    for ix in t.items("indexes").iter().filter(|i| i.s("origin") == Some("u")) {
        let cols: Vec<String> = ix.items("columns").iter().filter_map(|c| c.str()).map(|c| quote(d, c)).collect();
        ddl.piece(&format!(",\n  UNIQUE ({})", cols.join(", ")), span(ix));
    }
    ddl.push("\n);\n");
    ddl.close();
    for ix in t.items("indexes").iter().filter(|i| i.s("origin") == Some("c")) {
        let (Some(iname), false) = (ix.s("name"), ix.b("partial")) else { continue };
        let cols: Vec<String> = ix.items("columns").iter().filter_map(|c| c.str()).map(|c| quote(d, c)).collect();
        let u = if ix.b("unique") { "UNIQUE " } else { "" };
        ddl.piece(&format!("CREATE {u}INDEX {} ON {} ({});\n", qname(d, schema.filter(|s| *s != "temp"), iname), quote(d, name), cols.join(", ")), span(ix));
    }
}
