//! The ERD input: what the layout needs to know about a schema, and nothing more.
//!
//! Contract: an [`ErdGraph`] is a list of boxes — tables, views and materialized views (each with a
//! stable `key`, an optional schema, a name and its columns in declaration order; a partitioned
//! table counts its partitions instead of drawing them) — and a list of edges: foreign keys, and a
//! view's dependencies on what it reads (`dependency`, no columns). An edge names its two
//! tables by `key` and its columns by index into that table's `columns`. Nothing here is validated:
//! keys may be duplicated (the first table with a key wins), an edge may name a table that does not
//! exist (it is drawn as a dangling stub) or a column index out of range (it attaches to the header).
//! The layout never panics on any `ErdGraph`.
//!
//! This type is deliberately independent of the schema model; `from_model.rs` adapts the model.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an item differs from an older diagram (see [`super::changes`]); drawn in colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Altered,
    /// Not in the newer schema: drawn from the older one, faded.
    Dropped,
}

impl Change {
    pub fn id(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Altered => "altered",
            Change::Dropped => "dropped",
        }
    }
}

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// What a box stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoxKind {
    #[default]
    Table,
    View,
    MaterializedView,
}

/// One table (or view) box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErdTable {
    /// Stable identity (e.g. `public.users`); manual positions and edges refer to it.
    pub key: String,
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<ErdColumn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    #[serde(default)]
    pub kind: BoxKind,
    /// How many partitions this box stands for (0: not partitioned).
    #[serde(default)]
    pub partitions: usize,
    /// Byte offset of the statement defining it in the source text, when known.
    #[serde(default)]
    pub source_offset: Option<usize>,
    /// The group the input puts it in (DBML `TableGroup`), drawn as a labelled background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The header's colour, `#rrggbb` (DBML `headercolor`, or picked in the diagram:
    /// [`super::decor`]); none: the theme's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// Not a foreign key: the `from` view reads the `to` table or view.
    #[serde(default)]
    pub dependency: bool,
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
        ErdTable { name: key.clone(), key, ..Default::default() }
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
            change: None,
            dependency: false,
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
