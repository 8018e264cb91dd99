//! What the diagram's edit controls start from before the person types anything: the table a
//! box stands for, a free name for a new table or column, and a new table's first column. The
//! browser's controls only call these and [`super::plan_edit_in`].

use super::expr::names_eq;
use super::NewColumn;
use crate::dialect::Dialect;
use crate::model::{QualifiedName, Schema, Table};

/// The table a diagram box stands for (its key is the table's qualified name, see `erd::from_model`).
pub fn table_of_key<'a>(schema: &'a Schema, key: &str) -> Option<&'a Table> {
    schema.tables.iter().find(|t| t.qualified_name().to_string() == key)
}

/// `base`, else `base_2`, `base_3`, … : the first that `taken` does not hold.
fn first_free(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}_{n}")).find(|c| !taken(c)).unwrap_or_default()
}

/// A table name no table, view or enum of `schema` uses (compared as the dialect compares names).
pub fn free_table_name(schema: &Schema, base: &str) -> String {
    let d = schema.dialect;
    first_free(base, |c| {
        schema.tables.iter().any(|t| names_eq(d, &t.name, c))
            || schema.views.iter().any(|v| names_eq(d, &v.name, c))
            || schema.enums.iter().any(|e| names_eq(d, &e.name, c))
    })
}

/// A column name `table` does not use.
pub fn free_column_name(d: Dialect, table: &Table, base: &str) -> String {
    first_free(base, |c| table.columns.iter().any(|col| names_eq(d, &col.name, c)))
}

/// A new table's first column: an `id` primary key of the dialect's usual key type.
pub fn starter_columns(d: Dialect) -> Vec<NewColumn> {
    let data_type = match d {
        Dialect::Sqlite => "integer",
        Dialect::Postgres | Dialect::Mysql => "bigint",
    };
    vec![NewColumn { name: "id".into(), data_type: data_type.into(), not_null: true, unique: false, primary_key: true }]
}

/// The new table `name` in the default schema.
pub fn new_table_name(name: &str) -> QualifiedName {
    QualifiedName::new(None, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{plan_edit, SchemaEdit};
    use crate::parse::parse;

    const SQL: &str = "CREATE TABLE new_table (id int PRIMARY KEY, note text);\nCREATE TABLE app.users (id int PRIMARY KEY);\n";

    #[test]
    fn boxes_map_back_to_tables() {
        let s = parse(SQL, Dialect::Postgres).schema;
        let g = crate::erd::from_schema(&s);
        for b in &g.tables {
            assert_eq!(table_of_key(&s, &b.key).map(|t| t.qualified_name().to_string()), Some(b.key.clone()));
        }
        assert!(table_of_key(&s, "users").is_none(), "the key is the qualified name");
    }

    #[test]
    fn free_names_skip_taken_ones() {
        let s = parse(SQL, Dialect::Postgres).schema;
        assert_eq!(free_table_name(&s, "new_table"), "new_table_2");
        assert_eq!(free_table_name(&s, "orders"), "orders");
        let t = &s.tables[0];
        assert_eq!(free_column_name(Dialect::Postgres, t, "note"), "note_2");
        assert_eq!(free_column_name(Dialect::Postgres, t, "Note"), "Note", "PostgreSQL names are exact");
        let m = parse(SQL.replace("app.", "").as_str(), Dialect::Mysql).schema;
        assert_eq!(free_table_name(&m, "NEW_TABLE"), "NEW_TABLE_2", "MySQL compares names without case");
    }

    /// The starting table is a valid edit in every dialect: planned, re-imported as asked.
    #[test]
    fn a_new_table_plans_in_every_dialect() {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let text = "CREATE TABLE users (id bigint PRIMARY KEY);\n";
            let p = parse(text, d);
            let name = free_table_name(&p.schema, "users");
            assert_eq!(name, "users_2");
            let edit = SchemaEdit::AddTable { table: new_table_name(&name), columns: starter_columns(d), after: None };
            let fix = plan_edit(text, d, &p.schema, &p.diagnostics, &edit).unwrap_or_else(|e| panic!("{d:?}: {e}"));
            let after = parse(&fix.apply(text), d).schema;
            let t = after.table(&new_table_name("users_2")).expect("the new table");
            assert_eq!(t.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec!["id".to_string()]), "{d:?}");
            assert!(fix.apply(text).starts_with(text), "{d:?}: the text before is untouched");
        }
    }
}
