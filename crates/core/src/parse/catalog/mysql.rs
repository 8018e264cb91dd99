//! MySQL 8 / MariaDB catalog JSON (`mysql.sql`) → DDL: each table with its columns (`COLUMN_TYPE`,
//! defaults, `AUTO_INCREMENT`, `ON UPDATE`, generated columns, comments), keys from `STATISTICS`
//! (the real index names, prefix lengths, order, FULLTEXT / SPATIAL), checks; then the foreign keys
//! and the views; partitions from `PARTITIONS` as SHOW CREATE TABLE writes them.
//! Defaults are read the way each server writes them: MariaDB quotes literals in `COLUMN_DEFAULT`,
//! MySQL 8 does not and marks expressions `DEFAULT_GENERATED`.

use super::json::Node;
use super::{qname, quote, safe, span};
use crate::codegen::sql::string_lit;
use crate::dialect::Dialect;
use crate::parse::input::ddl::Ddl;
use crate::parse::input::Diags;
use crate::span::Span;

const D: Dialect = Dialect::Mysql;

pub fn render(root: &Node, ddl: &mut Ddl, diags: &mut Diags) {
    let mariadb = root.s("server_version").is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"));
    let one_db = root.s("database").is_some();
    let schema_of = |n: &Node| if one_db { None } else { n.s("schema").map(str::to_string) };
    // rows of the flat arrays, by (schema, table)
    let of = |key: &str, t: &Node| -> Vec<&Node> {
        root.items(key).iter().filter(|r| r.s("table") == t.s("name") && (r.s("schema") == t.s("schema") || r.get("schema").is_null())).collect()
    };
    let tables = root.items("tables");
    for t in tables {
        let Some(name) = t.s("name") else {
            diags.warning(span(t), "a table without a name in the catalog JSON; left out");
            continue;
        };
        let parts = partition_clause(t, &of("partitions", t), diags);
        create_table(t, name, schema_of(t).as_deref(), mariadb, &of("columns", t), &of("indexes", t), &of("checks", t), parts.as_deref(), ddl, diags);
    }
    for t in tables {
        let Some(name) = t.s("name") else { continue };
        let q = qname(D, schema_of(t).as_deref(), name);
        for (fk, parts) in grouped(&of("foreign_keys", t), "name", "position") {
            let first = parts[0];
            let cols: Vec<String> = parts.iter().filter_map(|p| p.s("column")).map(|c| quote(D, c)).collect();
            let refs: Vec<String> = parts.iter().filter_map(|p| p.s("ref_column")).map(|c| quote(D, c)).collect();
            let rschema = if one_db { None } else { first.s("ref_schema") };
            let Some(rt) = first.s("ref_table") else { continue };
            let text = format!(
                "ALTER TABLE {q} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {};\n",
                quote(D, &fk),
                cols.join(", "),
                qname(D, rschema, rt),
                refs.join(", "),
                first.s("on_delete").unwrap_or("RESTRICT"),
                first.s("on_update").unwrap_or("RESTRICT")
            );
            ddl.piece(&text, Span::new(first.start, parts.last().map_or(first.end, |p| p.end)));
        }
    }
    // views after every table (`VIEW_DEFINITION` names its tables with their database)
    for v in root.items("views") {
        let (Some(name), Some(def)) = (v.s("name"), v.s("definition")) else { continue };
        if def.trim().is_empty() {
            diags.warning(span(v), format!("view {name}: the catalog has no definition (SHOW VIEW privilege); left out"));
        } else if let Some(def) = safe(diags, v, &format!("view {name}"), def.trim().trim_end_matches(';')) {
            ddl.piece(&format!("CREATE VIEW {} AS {def};\n", qname(D, schema_of(v).as_deref(), name)), span(v));
        }
    }
}

/// Rows grouped by `key` in first-seen order, each group sorted by `order`.
fn grouped<'a>(rows: &[&'a Node], key: &str, order: &str) -> Vec<(String, Vec<&'a Node>)> {
    let mut out: Vec<(String, Vec<&Node>)> = Vec::new();
    for &r in rows {
        let Some(k) = r.s(key) else { continue };
        match out.iter_mut().find(|(n, _)| n == k) {
            Some((_, v)) => v.push(r),
            None => out.push((k.to_string(), vec![r])),
        }
    }
    for (_, v) in &mut out {
        crate::sort::by_key(v, |r| r.n(order).unwrap_or(0));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn create_table(t: &Node, name: &str, schema: Option<&str>, mariadb: bool, columns: &[&Node], indexes: &[&Node], checks: &[&Node], partitions: Option<&str>, ddl: &mut Ddl, diags: &mut Diags) {
    ddl.open(span(t));
    ddl.push(&format!("CREATE TABLE {} (\n", qname(D, schema, name)));
    let mut cols: Vec<&Node> = columns.to_vec();
    crate::sort::by_key(&mut cols, |c| c.n("position").unwrap_or(0));
    let mut first = true;
    let mut sep = |ddl: &mut Ddl| {
        if !std::mem::take(&mut first) {
            ddl.push(",\n");
        }
    };
    for c in cols {
        let (Some(cn), Some(ty)) = (c.s("name"), c.s("type")) else { continue };
        let col = column(c, cn, ty, mariadb);
        if safe(diags, c, &format!("column {cn}"), &col).is_none() {
            continue;
        }
        sep(ddl);
        ddl.piece(&format!("  {col}"), span(c));
    }
    for (ix, parts) in grouped(indexes, "name", "seq") {
        let first = parts[0];
        if parts.iter().any(|p| p.s("column").is_none()) {
            // MySQL 8 functional key parts: their expression is in STATISTICS.EXPRESSION, a column
            // MariaDB does not have, so the one query for both cannot read it
            diags.warning(span(first), format!("index {ix}: an expression key part is not in the catalog JSON; written as (NULL)"));
        }
        let keys: Vec<String> = parts
            .iter()
            .map(|p| {
                let mut k = p.s("column").map(|c| quote(D, c)).unwrap_or_else(|| "(NULL)".into());
                if let Some(n) = p.n("sub_part") {
                    k.push_str(&format!("({n})"));
                }
                if p.s("collation") == Some("D") {
                    k.push_str(" DESC");
                }
                k
            })
            .collect();
        let kind = first.s("type").unwrap_or("BTREE").to_ascii_uppercase();
        let unique = first.n("non_unique") == Some(0) || first.s("non_unique") == Some("0");
        let head = if ix == "PRIMARY" {
            "PRIMARY KEY".to_string()
        } else {
            let k = match kind.as_str() {
                "FULLTEXT" => "FULLTEXT KEY",
                "SPATIAL" => "SPATIAL KEY",
                _ if unique => "UNIQUE KEY",
                _ => "KEY",
            };
            format!("{k} {}", quote(D, &ix))
        };
        let using = if kind == "HASH" { " USING HASH" } else { "" };
        sep(ddl);
        let sp = Span::new(first.start, parts.last().map_or(first.end, |p| p.end));
        ddl.piece(&format!("  {head} ({}){using}", keys.join(", ")), sp);
        ddl.object(schema, name, if ix == "PRIMARY" { None } else { Some(&ix) }, sp);
    }
    for c in checks {
        if let (Some(cn), Some(clause)) = (c.s("name"), c.s("clause")) {
            if safe(diags, c, &format!("check {cn}"), clause).is_none() {
                continue;
            }
            sep(ddl);
            ddl.piece(&format!("  CONSTRAINT {} CHECK ({clause})", quote(D, cn)), span(c));
        }
    }
    ddl.push("\n)");
    if let Some(e) = t.s("engine") {
        if e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            ddl.push(&format!(" ENGINE={e}"));
        }
    }
    if let Some(cm) = t.s("comment").filter(|c| !c.is_empty()) {
        ddl.push(&format!(" COMMENT={}", string_lit(D, cm)));
    }
    if let Some(p) = partitions {
        ddl.push(&format!("\n{p}"));
    }
    ddl.push(";\n");
    ddl.close();
}

/// `PARTITION BY ...` as SHOW CREATE TABLE writes it, from the table's `information_schema.PARTITIONS`
/// rows (one per partition, or per subpartition); `None` for a table without partitions or with
/// SQL in them that is not one balanced expression (a warning).
fn partition_clause(t: &Node, rows: &[&Node], diags: &mut Diags) -> Option<String> {
    let mut parts = grouped(rows, "name", "position");
    crate::sort::by_key(&mut parts, |(_, g)| g[0].n("position").unwrap_or(0));
    let first = *parts.first()?.1.first()?;
    let method = first.s("method")?.to_ascii_uppercase();
    let columns = method.ends_with("COLUMNS");
    let expr = first.s("expression").unwrap_or("");
    let table = t.s("name").unwrap_or("");
    let ok = |diags: &mut Diags, s: &str| safe(diags, first, &format!("the partitions of {table}"), s).is_some();
    if !method.chars().all(|c| c.is_ascii_uppercase() || c == ' ') || !ok(diags, expr) {
        return None;
    }
    let mut s = format!("PARTITION BY {method} ({expr})");
    let subs = parts[0].1.iter().filter(|r| r.s("sub_name").is_some()).count();
    if let (Some(sm), true) = (first.s("sub_method").map(str::to_ascii_uppercase), subs > 0) {
        let se = first.s("sub_expression").unwrap_or("");
        if !sm.chars().all(|c| c.is_ascii_uppercase() || c == ' ') || !ok(diags, se) {
            return None;
        }
        s.push_str(&format!(" SUBPARTITION BY {sm} ({se}) SUBPARTITIONS {subs}"));
    }
    let mut defs = Vec::new();
    for (name, group) in &parts {
        let desc = group[0].s("description").unwrap_or("");
        if !ok(diags, desc) {
            return None;
        }
        let bound = match method.as_str() {
            m if m.starts_with("RANGE") && desc.eq_ignore_ascii_case("MAXVALUE") && !columns => " VALUES LESS THAN MAXVALUE".to_string(),
            m if m.starts_with("RANGE") => format!(" VALUES LESS THAN ({desc})"),
            m if m.starts_with("LIST") => format!(" VALUES IN ({desc})"),
            _ => String::new(),
        };
        defs.push(format!(" PARTITION {}{bound}", quote(D, name)));
    }
    s.push_str(&format!("\n({})", defs.join(",\n")));
    Some(s)
}

/// One column definition from its `information_schema.COLUMNS` row.
fn column(c: &Node, name: &str, ty: &str, mariadb: bool) -> String {
    let extra = c.s("extra").unwrap_or("").to_ascii_lowercase();
    let mut s = format!("{} {ty}", quote(D, name));
    let generated = extra.contains("generated") && !extra.contains("default_generated") && c.s("generation").is_some_and(|g| !g.is_empty());
    if generated {
        let kind = if extra.contains("stored") || extra.contains("persistent") { "STORED" } else { "VIRTUAL" };
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", c.s("generation").unwrap_or("")));
    }
    s.push_str(if c.b("nullable") { " NULL" } else { " NOT NULL" });
    if !generated {
        if let Some(def) = default_sql(c, ty, &extra, mariadb) {
            s.push_str(&format!(" DEFAULT {def}"));
        }
    }
    if extra.contains("auto_increment") {
        s.push_str(" AUTO_INCREMENT");
    }
    if let Some(p) = extra.find("on update ") {
        let rest = &c.s("extra").unwrap_or("")[p + "on update ".len()..];
        s.push_str(&format!(" ON UPDATE {}", rest.trim()));
    }
    if let Some(cm) = c.s("comment").filter(|x| !x.is_empty()) {
        s.push_str(&format!(" COMMENT {}", string_lit(D, cm)));
    }
    s
}

/// `COLUMN_DEFAULT` as SQL: MariaDB writes it as SQL already (literals quoted, `NULL` for an
/// explicit NULL); MySQL 8 writes literals bare and marks expressions `DEFAULT_GENERATED`.
fn default_sql(c: &Node, ty: &str, extra: &str, mariadb: bool) -> Option<String> {
    let def = c.s("default")?;
    if mariadb {
        return Some(def.to_string());
    }
    let upper = def.to_ascii_uppercase();
    if extra.contains("default_generated") {
        return Some(if upper.starts_with("CURRENT_TIMESTAMP") || upper.starts_with("NOW(") || upper.starts_with("LOCALTIME") { def.to_string() } else { format!("({def})") });
    }
    let t = ty.to_ascii_lowercase();
    let numeric = ["int", "decimal", "numeric", "float", "double", "real", "year"].iter().any(|k| t.starts_with(k) || t.contains(&format!("{k} ")) || t.starts_with(&format!("{k}(")));
    if (numeric && def.parse::<f64>().is_ok()) || (t.starts_with("bit") && def.starts_with("b'")) {
        Some(def.to_string())
    } else {
        Some(string_lit(D, def))
    }
}
