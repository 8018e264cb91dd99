//! Mermaid `erDiagram`: one entity per table with its columns (type, name, PK/FK/UK markers and the
//! column comment), one relationship per foreign key with crow's-foot cardinalities read from the
//! model (the parent side is "exactly one" when every FK column is NOT NULL, else "zero or one";
//! the child side is "zero or one" when the FK columns are unique, else "zero or more"; the line is
//! identifying when the FK columns are part of the child's primary key).
//!
//! Mermaid's lexer is strict, so entity and attribute names are reduced to `[A-Za-z0-9_]` (the real
//! name is kept as the entity's label or the attribute's comment) and no user text can close a
//! quoted string or start a directive.

use super::escape::mermaid as esc;
use super::writer::Writer;
use super::Generated;
use crate::model::{Schema, SchemaIndex, Table};
use crate::sqltext::Namer;
use std::collections::HashSet;

fn display(t: &Table) -> String {
    t.qualified_name().to_string()
}

pub fn generate(schema: &Schema) -> Generated {
    let ix = SchemaIndex::new(schema);
    let mut w = Writer::new("    ");
    let mut warnings = Vec::new();
    w.line("erDiagram");
    w.indent();
    // entity names: unique, safe
    let qualify = {
        let mut seen = HashSet::new();
        schema.tables.iter().any(|t| !seen.insert(t.name.to_ascii_lowercase()))
    };
    let mut used = Namer::separated("_");
    let mut names: Vec<String> = Vec::new();
    for t in &schema.tables {
        let raw = if qualify { t.qualified_name().to_string() } else { t.name.clone() };
        names.push(used.unique(&esc::word(&raw, "t_")));
    }
    for (ti, t) in schema.tables.iter().enumerate() {
        let name = &names[ti];
        let label = esc::text(&display(t));
        let head = if label != *name && !label.is_empty() { format!("{name}[\"{label}\"]") } else { name.clone() };
        if t.columns.is_empty() {
            w.line(head);
            continue;
        }
        w.line(format!("{head} {{"));
        w.indent();
        // column sets (lower case) built once per table, not scanned per column
        let lower = |c: &str| c.to_ascii_lowercase();
        let pk: HashSet<String> = t.primary_key.iter().flat_map(|p| p.columns.iter().map(|c| lower(c))).collect();
        let fk_cols: HashSet<String> = t.foreign_keys.iter().flat_map(|f| f.columns.iter().map(|c| lower(c))).collect();
        let single_unique: HashSet<String> = t
            .uniques
            .iter()
            .filter(|u| u.columns.len() == 1)
            .map(|u| lower(&u.columns[0]))
            .chain(t.indexes.iter().filter(|i| i.unique && i.predicate.is_none() && i.parts.len() == 1).filter_map(|i| i.parts[0].column.as_deref().map(lower)))
            .collect();
        let mut used_attrs = Namer::separated("_");
        for c in &t.columns {
            let lc = c.name.to_ascii_lowercase();
            let mut keys = Vec::new();
            if pk.contains(&lc) {
                keys.push("PK");
            }
            if fk_cols.contains(&lc) {
                keys.push("FK");
            }
            if single_unique.contains(&lc) && !keys.contains(&"PK") {
                keys.push("UK");
            }
            let an = used_attrs.unique(&esc::word(&c.name, "c_"));
            let mut comment = Vec::new();
            if an != c.name {
                comment.push(esc::text(&c.name));
            }
            if let Some(cm) = &c.comment {
                comment.push(esc::text(cm));
            }
            if !c.nullable && !keys.contains(&"PK") {
                comment.push("not null".into());
            }
            let mut line = format!("{} {an}", esc::type_name(&c.data_type.spelling));
            if !keys.is_empty() {
                line.push(' ');
                line.push_str(&keys.join(", "));
            }
            let comment: Vec<String> = comment.into_iter().filter(|s| !s.is_empty()).collect();
            if !comment.is_empty() {
                line.push_str(&format!(" \"{}\"", comment.join("; ")));
            }
            w.line(line);
        }
        w.dedent();
        w.line("}");
    }
    // relationships
    let set = |v: &[String]| -> Vec<String> {
        let mut s: Vec<String> = v.iter().map(|c| c.to_ascii_lowercase()).collect();
        crate::sort::ord(&mut s);
        s
    };
    for (ti, t) in schema.tables.iter().enumerate() {
        // the table's unique column sets, once (not per foreign key)
        let pk = t.primary_key.as_ref().map(|p| set(&p.columns));
        let unique_sets: HashSet<Vec<String>> = pk
            .iter()
            .cloned()
            .chain(t.uniques.iter().map(|u| set(&u.columns)))
            .chain(t.indexes.iter().filter(|i| i.unique && i.predicate.is_none() && i.parts.iter().all(|p| p.column.is_some())).map(|i| set(&i.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>())))
            .collect();
        for fk in &t.foreign_keys {
            let Some(ri) = ix.table_index(&fk.ref_table) else {
                warnings.push(format!("{}: foreign key ({}) references {}, which is not in the schema; not drawn", display(t), fk.columns.join(", "), fk.ref_table));
                continue;
            };
            let cols = set(&fk.columns);
            let all_required = fk.columns.iter().all(|c| ix.column(ti, c).is_some_and(|c| !c.nullable));
            let unique = unique_sets.contains(&cols);
            let identifying = pk.as_ref().is_some_and(|p| cols.iter().all(|c| p.contains(c)));
            let parent = if all_required { "||" } else { "|o" };
            let child = if unique { "o|" } else { "o{" };
            let line = if identifying { "--" } else { ".." };
            let label = esc::text(&fk.columns.join(", "));
            let label = if label.is_empty() { "fk".to_string() } else { label };
            w.line(format!("{} {parent}{line}{child} {} : \"{label}\"", names[ri], names[ti]));
        }
    }
    w.dedent();
    let code: String = w.finish().lines().map(|l| esc::defuse_direction(l) + "\n").collect();
    Generated { code, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::Dialect;

    #[test]
    fn cardinalities_follow_nullability_and_uniqueness() {
        let sql = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE a (id int PRIMARY KEY, p_id int NOT NULL REFERENCES p(id));\nCREATE TABLE b (id int PRIMARY KEY, p_id int UNIQUE REFERENCES p(id));\nCREATE TABLE c (p_id int REFERENCES p(id), x int, PRIMARY KEY (p_id, x));";
        let out = generate(&parse(sql, Dialect::Postgres).schema);
        assert!(out.code.contains("p ||..o{ a : \"p_id\""), "{}", out.code);
        assert!(out.code.contains("p |o..o| b : \"p_id\""), "{}", out.code);
        assert!(out.code.contains("p ||--o{ c : \"p_id\""), "{}", out.code);
        assert!(out.code.contains("int id PK"), "{}", out.code);
        assert!(out.code.contains("int p_id FK, UK"), "{}", out.code);
    }

    #[test]
    fn hostile_names_are_reduced() {
        let sql = "CREATE TABLE \"one\" (\"pk\" int, \"a\"\"b\" int);\nCREATE TABLE \"x direction TB\" (id int);";
        let out = generate(&parse(sql, Dialect::Postgres).schema);
        assert!(out.code.contains("one_[\"one\"] {"), "{}", out.code);
        assert!(out.code.contains("int pk_ \"pk\""), "{}", out.code);
        assert!(out.code.contains("int a_b \"a'b\""), "{}", out.code);
        assert!(!out.code.to_ascii_lowercase().contains("direction tb"), "{}", out.code);
    }
}
