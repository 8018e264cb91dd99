//! What the diagram's edit controls start from before the person types anything: the table a
//! box stands for, a free name for a new table or column, and a new table's first column. The
//! browser's controls only call these and [`super::plan_edit_in`].

use super::expr::names_eq;
use super::{NewColumn, NewRelationship};
use crate::dialect::Dialect;
use crate::model::{QualifiedName, RefAction, Schema, Table};

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

/// One column as the diagram's edit panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRow {
    pub name: String,
    /// The type as written.
    pub data_type: String,
    pub not_null: bool,
    /// Alone in a unique constraint or unique index (not only as the whole primary key).
    pub unique: bool,
    pub primary_key: bool,
}

/// One foreign key of the table: its number (for [`super::SchemaEdit::DropRelationship`]) and how it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationRow {
    pub fk: usize,
    pub label: String,
    /// The ON DELETE / ON UPDATE written (`None`: no clause, the database's NO ACTION).
    pub on_delete: Option<RefAction>,
    pub on_update: Option<RefAction>,
}

/// The actions a relationship's ON DELETE / ON UPDATE can be set to, in the order offered.
pub const ACTIONS: [RefAction; 5] = [RefAction::NoAction, RefAction::Restrict, RefAction::Cascade, RefAction::SetNull, RefAction::SetDefault];

/// The action `RefAction::id` names (`""`: no clause).
pub fn action_of_id(id: &str) -> Option<RefAction> {
    ACTIONS.into_iter().find(|a| a.id() == id)
}

/// What the diagram's edit panel shows for one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableEdit {
    pub table: QualifiedName,
    pub columns: Vec<ColumnRow>,
    pub relations: Vec<RelationRow>,
    /// Every table a relationship can point at (their diagram keys).
    pub targets: Vec<String>,
    /// The column types offered (free text stays allowed).
    pub types: Vec<String>,
    /// A free name for the next column.
    pub new_column: String,
}

/// The edit panel of the table behind diagram box `key`; None for a box that is not a table.
pub fn table_edit(schema: &Schema, key: &str) -> Option<TableEdit> {
    table_edit_in(crate::parse::input::InputKind::Sql, schema, key)
}

/// [`table_edit`] for an input written in `kind` (the types it offers are the ones that language
/// writes, [`super::types::type_choices_in`]).
pub fn table_edit_in(kind: crate::parse::input::InputKind, schema: &Schema, key: &str) -> Option<TableEdit> {
    let d = schema.dialect;
    let t = table_of_key(schema, key)?;
    let pk: &[String] = t.primary_key.as_ref().map(|k| k.columns.as_slice()).unwrap_or(&[]);
    let columns = t
        .columns
        .iter()
        .map(|c| ColumnRow {
            name: c.name.clone(),
            data_type: c.data_type.spelling.clone(),
            not_null: !c.nullable,
            // a key of its own besides being the whole primary key
            unique: super::spec::is_unique_column(d, t, &c.name) && !(pk.len() == 1 && names_eq(d, &pk[0], &c.name)),
            primary_key: pk.iter().any(|p| names_eq(d, p, &c.name)),
        })
        .collect();
    let relations = t
        .foreign_keys
        .iter()
        .enumerate()
        .map(|(fk, f)| RelationRow {
            fk,
            label: format!("{} → {}({})", f.columns.join(", "), f.ref_table, f.ref_columns.join(", ")),
            on_delete: f.on_delete_explicit.then_some(f.on_delete),
            // the model keeps no flag for ON UPDATE: NO ACTION reads as no clause
            on_update: (f.on_update != RefAction::NoAction).then_some(f.on_update),
        })
        .collect();
    Some(TableEdit {
        table: t.qualified_name(),
        columns,
        relations,
        targets: schema.tables.iter().map(|t| t.qualified_name().to_string()).collect(),
        types: super::types::type_choices_in(kind, schema),
        new_column: free_column_name(d, t, "column"),
    })
}

/// The relationship a drag asks for: from column `column` of box `from` to box `to`, dropped on
/// its column `to_column`, or elsewhere on the box (its primary key). None when it asks for
/// nothing: a box that is not a table, or dropped back on its own table other than on another
/// of its columns (a self-reference is drawn from one column to another).
pub fn dragged_relationship(schema: &Schema, from: &str, column: &str, to: &str, to_column: Option<&str>) -> Option<NewRelationship> {
    let (source, target) = (table_of_key(schema, from)?, table_of_key(schema, to)?);
    if from == to && to_column.is_none_or(|c| c == column) {
        return None;
    }
    Some(NewRelationship {
        table: source.qualified_name(),
        columns: vec![column.to_string()],
        ref_table: target.qualified_name(),
        ref_columns: to_column.map(|c| vec![c.to_string()]).unwrap_or_default(),
        ..Default::default()
    })
}

/// The diagram key of `table` once renamed `to` (same schema).
pub fn renamed_key(table: &QualifiedName, to: &str) -> String {
    QualifiedName::new(table.schema.clone(), to).to_string()
}

/// The columns of the table behind diagram key `key` (a relationship's target choices).
pub fn column_names(schema: &Schema, key: &str) -> Vec<String> {
    table_of_key(schema, key).map(|t| t.columns.iter().map(|c| c.name.clone()).collect()).unwrap_or_default()
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

    #[test]
    fn the_panel_shows_columns_keys_and_relationships() {
        let sql = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text);\n\
                   CREATE TABLE app.posts (id bigint, author bigint REFERENCES users (id), PRIMARY KEY (id));\n";
        let s = parse(sql, Dialect::Postgres).schema;
        let e = table_edit(&s, "users").expect("users");
        let flags: Vec<(&str, bool, bool, bool)> = e.columns.iter().map(|c| (c.name.as_str(), c.not_null, c.unique, c.primary_key)).collect();
        assert_eq!(flags, [("id", true, false, true), ("email", true, true, false), ("name", false, false, false)]);
        assert_eq!(e.columns[1].data_type, "text");
        assert!(e.relations.is_empty());
        assert_eq!(e.targets, ["users", "app.posts"]);
        assert!(e.types.iter().any(|t| t == "bigint"));
        assert_eq!(e.new_column, "column");
        let p = table_edit(&s, "app.posts").expect("posts");
        assert_eq!(p.table, QualifiedName::new(Some("app".into()), "posts"));
        assert_eq!(p.relations, [RelationRow { fk: 0, label: "author → users(id)".into(), on_delete: None, on_update: None }]);
        assert!(p.columns[0].primary_key && p.columns[0].not_null);
        assert_eq!(renamed_key(&p.table, "articles"), "app.articles");
        assert_eq!(column_names(&s, "users"), ["id", "email", "name"]);
        assert!(table_edit(&s, "nothing").is_none());
    }

    /// A drag from a column to another box's column, to a box (its key), to a column that is
    /// not unique (the plan offered creates the key), and a self-reference; each planned and
    /// re-imported as the relationship asked for.
    #[test]
    fn dragged_relationships_plan_as_drawn() {
        let sql = "CREATE TABLE users (id bigint PRIMARY KEY, email text, nick text UNIQUE);
                   CREATE TABLE posts (id bigint PRIMARY KEY, author bigint, parent bigint, by_mail text);
";
        let p = parse(sql, Dialect::Postgres);
        let plan = |r: NewRelationship| plan_edit(sql, Dialect::Postgres, &p.schema, &p.diagnostics, &SchemaEdit::AddRelationship(r));
        let fk_of = |text: &str| {
            let s = parse(text, Dialect::Postgres).schema;
            let f = s.table(&new_table_name("posts")).expect("posts").foreign_keys.clone();
            f.iter().map(|f| (f.columns.join(","), f.ref_table.to_string(), f.ref_columns.join(","))).collect::<Vec<_>>()
        };
        // onto the box: its primary key
        let r = dragged_relationship(&p.schema, "posts", "author", "users", None).expect("a relationship");
        assert!(r.ref_columns.is_empty());
        assert_eq!(fk_of(&plan(r).expect("planned").apply(sql)), [("author".to_string(), "users".to_string(), "id".to_string())]);
        // onto a unique column
        let r = dragged_relationship(&p.schema, "posts", "by_mail", "users", Some("nick")).expect("a relationship");
        assert_eq!(fk_of(&plan(r).expect("planned").apply(sql)), [("by_mail".to_string(), "users".to_string(), "nick".to_string())]);
        // onto a column that is not unique: refused with the plan that also makes it unique
        let r = dragged_relationship(&p.schema, "posts", "by_mail", "users", Some("email")).expect("a relationship");
        let Err(crate::edit::EditError::TargetNotUnique { with_key, .. }) = plan(r) else { panic!("a key is needed") };
        let after = with_key.apply(sql);
        assert_eq!(fk_of(&after), [("by_mail".to_string(), "users".to_string(), "email".to_string())]);
        let users = parse(&after, Dialect::Postgres).schema;
        assert!(crate::edit::spec::is_unique_column(Dialect::Postgres, users.table(&new_table_name("users")).expect("users"), "email"));
        // a self-reference from one column to another; nothing when dropped back on the table
        let r = dragged_relationship(&p.schema, "posts", "parent", "posts", Some("id")).expect("a self-reference");
        assert_eq!(fk_of(&plan(r).expect("planned").apply(sql)), [("parent".to_string(), "posts".to_string(), "id".to_string())]);
        assert_eq!(dragged_relationship(&p.schema, "posts", "parent", "posts", None), None);
        assert_eq!(dragged_relationship(&p.schema, "posts", "parent", "posts", Some("parent")), None);
        assert_eq!(dragged_relationship(&p.schema, "posts", "parent", "nothing", None), None);
    }

    /// The actions chosen in the panel are written, read back as the panel shows them, and
    /// cleared again; every action the select offers plans in every dialect that has it.
    #[test]
    fn relationship_actions_round_trip() {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let sql = "CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE posts (id bigint PRIMARY KEY, author bigint, FOREIGN KEY (author) REFERENCES users (id));
";
            for a in ACTIONS {
                if d == Dialect::Mysql && a == RefAction::SetDefault {
                    continue; // InnoDB refuses SET DEFAULT
                }
                assert_eq!(action_of_id(a.id()), Some(a));
                let p = parse(sql, d);
                let edit = SchemaEdit::SetRelationshipActions { table: new_table_name("posts"), fk: 0, on_delete: Some(a), on_update: Some(RefAction::Cascade) };
                let text = plan_edit(sql, d, &p.schema, &p.diagnostics, &edit).unwrap_or_else(|e| panic!("{d:?} {a:?}: {e}")).apply(sql);
                let s = parse(&text, d).schema;
                let row = &table_edit(&s, "posts").expect("posts").relations[0];
                assert_eq!((row.on_delete, row.on_update), (Some(a), Some(RefAction::Cascade)), "{d:?}: {text}");
                let p2 = parse(&text, d);
                let clear = SchemaEdit::SetRelationshipActions { table: new_table_name("posts"), fk: 0, on_delete: None, on_update: None };
                let back = plan_edit(&text, d, &p2.schema, &p2.diagnostics, &clear).unwrap_or_else(|e| panic!("{d:?} {a:?}: {e}")).apply(&text);
                let row = table_edit(&parse(&back, d).schema, "posts").expect("posts").relations[0].clone();
                assert_eq!((row.on_delete, row.on_update), (None, None), "{d:?}: {back}");
            }
        }
        assert_eq!(action_of_id("sometimes"), None);
    }
}
