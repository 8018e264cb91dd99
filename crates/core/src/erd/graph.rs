//! The ERD input: what the layout needs to know about a schema, and nothing more.
//!
//! Contract: an [`ErdGraph`] is a list of tables (each with a stable `key`, an optional schema, a
//! name and its columns in declaration order) and a list of foreign-key edges. An edge names its two
//! tables by `key` and its columns by index into that table's `columns`. Nothing here is validated:
//! keys may be duplicated (the first table with a key wins), an edge may name a table that does not
//! exist (it is drawn as a dangling stub) or a column index out of range (it attaches to the header).
//! The layout never panics on any `ErdGraph`.
//!
//! This type is deliberately independent of the schema model; `from_model.rs` adapts the model.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One column row of a table box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErdColumn {
    pub name: String,
    /// The type as shown, e.g. `uuid`, `varchar(80)`.
    pub type_label: String,
    pub is_pk: bool,
    pub is_fk: bool,
    pub is_unique: bool,
    pub nullable: bool,
}

/// One table box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErdTable {
    /// Stable identity (e.g. `public.users`); manual positions and edges refer to it.
    pub key: String,
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<ErdColumn>,
}

/// One end of a foreign key: a table key and column indices into that table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeEnd {
    pub table: String,
    pub columns: Vec<usize>,
}

/// A foreign key from `from` (the referencing table) to `to` (the referenced table).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErdEdge {
    pub name: Option<String>,
    pub from: EdgeEnd,
    pub to: EdgeEnd,
    /// Any FK column nullable: the referenced end is "zero or one" rather than "exactly one".
    pub from_nullable: bool,
    /// The FK columns are unique (or the PK): the referencing end is "one", not "many".
    pub from_unique: bool,
    /// A relation the database does not hold (`ForeignKey::logical`): drawn dashed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub logical: bool,
}

/// The whole diagram input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErdGraph {
    pub tables: Vec<ErdTable>,
    pub edges: Vec<ErdEdge>,
}

impl ErdTable {
    /// A table with the given key/name and no columns (handy in tests).
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        ErdTable { name: key.clone(), key, schema: None, columns: Vec::new() }
    }

    /// Builder helper: appends a column.
    pub fn col(mut self, name: &str, ty: &str) -> Self {
        self.columns.push(ErdColumn { name: name.into(), type_label: ty.into(), ..Default::default() });
        self
    }

    /// Index of the column called `name`, if any.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

impl ErdEdge {
    /// A simple edge between column indices.
    pub fn new(from: &str, from_cols: &[usize], to: &str, to_cols: &[usize]) -> Self {
        ErdEdge {
            name: None,
            from: EdgeEnd { table: from.into(), columns: from_cols.to_vec() },
            to: EdgeEnd { table: to.into(), columns: to_cols.to_vec() },
            from_nullable: false,
            from_unique: false,
            logical: false,
        }
    }
}

impl ErdGraph {
    /// Table key → index of the first table with that key.
    pub fn key_index(&self) -> BTreeMap<&str, usize> {
        let mut m = BTreeMap::new();
        for (i, t) in self.tables.iter().enumerate() {
            m.entry(t.key.as_str()).or_insert(i);
        }
        m
    }
}
