//! SQLite catalog JSON (`sqlite.sql`) → DDL: SQLite keeps every table, index, view and trigger as
//! the exact `CREATE` text it was made with (`sqlite_schema.sql`), so that text is the DDL; tables,
//! then indexes, views and triggers. The `pragma_*` rows stand in for a table whose text is
//! missing (a hand-edited paste).

use super::json::Node;
use super::{quote, span};
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;

pub fn render(root: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let objects = root.items("objects");
    let mut written: Vec<String> = Vec::new();
    for o in objects {
        let Some(sql) = o.s("sql") else { continue };
        if o.s("type") == Some("table") {
            if let Some(n) = o.s("name") {
                written.push(n.to_ascii_lowercase());
            }
        }
        ddl.piece(&format!("{};\n", sql.trim_end().trim_end_matches(';')), span(o));
    }
    for t in root.items("tables") {
        let Some(name) = t.s("name") else { continue };
        if written.contains(&name.to_ascii_lowercase()) || t.s("type") == Some("virtual") {
            continue;
        }
        diags.info(span(t), format!("table {name}: no CREATE text in the catalog JSON; built from pragma_table_xinfo"));
        from_pragma(t, name, ddl);
    }
}

fn from_pragma(t: &Node, name: &str, ddl: &mut Ddl) {
    let d = Dialect::Sqlite;
    ddl.open(span(t));
    ddl.push(&format!("CREATE TABLE {} (\n", quote(d, name)));
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
        pk.sort();
        let list: Vec<String> = pk.iter().map(|(_, c)| quote(d, c)).collect();
        ddl.push(&format!(",\n  PRIMARY KEY ({})", list.join(", ")));
    }
    ddl.push("\n);\n");
    ddl.close();
}
