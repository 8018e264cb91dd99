//! The dialect-neutral schema model every later stage (lint, migrate, codegen, erd) reads.
//!
//! Contract:
//! - Names are stored exactly as the database would store them (PostgreSQL folds unquoted
//!   identifiers to lower case; MySQL and SQLite keep the spelling). `schema` is `None` when the
//!   source did not qualify the name.
//! - Constraint names are the ones the database would assign when the source gave none
//!   (`users_pkey`, `users_org_id_fkey`, `PRIMARY`, `orders_ibfk_1`, `sqlite_autoindex_t_1`, ...).
//! - Every item carries the byte [`Span`] of the source text it came from (the whole statement when
//!   nothing finer is known), so findings can point at lines.
//! - Expressions (defaults, checks, predicates, policies) are kept as SQL text.
//! - Column types are a [`DataType`]: the spelling plus one structured reading, [`TypeKind`]
//!   (see `types.rs`); consumers read the kind, never the spelling.
//! - All types are `Clone + PartialEq + Send + Sync`; nothing here knows about `sqlparser`.

pub mod json;
mod partition;
pub mod types;
mod view;

pub use partition::{PartitionBy, PartitionDef, PartitionStrategy};
pub use types::{BinaryKind, DataType, Network, TextKind, TypeKind};
pub use view::View;

use crate::dialect::Dialect;
use crate::span::Span;

/// A possibly schema-qualified object name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct QualifiedName {
    pub schema: Option<String>,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: Option<String>, name: impl Into<String>) -> Self {
        QualifiedName { schema, name: name.into() }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The whole imported schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub dialect: Dialect,
    pub tables: Vec<Table>,
    pub enums: Vec<EnumType>,
    pub domains: Vec<Domain>,
    pub sequences: Vec<Sequence>,
    /// Triggers on any table (also listed per table in [`Table::triggers`] by name).
    pub triggers: Vec<Trigger>,
    /// Views and materialized views, in source order.
    pub views: Vec<View>,
    /// PostgreSQL `search_path` in effect (from `SET search_path` / `set_config`), used to resolve
    /// unqualified names; `public` is always searched.
    pub search_path: Vec<String>,
    /// Functions the script declares (name and volatility; bodies are not kept).
    pub functions: Vec<Function>,
    /// Named groups of tables the input declares (DBML `TableGroup`), in source order.
    pub groups: Vec<TableGroup>,
    /// Free-standing notes the input declares (DBML `Note name { '...' }`, a sticky note on
    /// dbdiagram.io), in source order. Not schema: only the diagram and the DBML writer read them.
    pub notes: Vec<StickyNote>,
}

/// A free-standing note of the input (DBML `Note name { '...' }`): the diagram draws it as a sticky
/// note, the DBML generator writes it back as a `Note` block.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StickyNote {
    pub name: String,
    pub text: String,
    /// The whole `Note` block.
    pub span: Span,
    /// The note's string (`'...'`, `'''...'''`): what an edit of its text replaces (empty when the
    /// note was not read from a text).
    pub text_span: Span,
}

/// A named group of tables (DBML `TableGroup`): the diagram draws it as a labelled background.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableGroup {
    pub name: String,
    /// The member tables as the input names them.
    pub tables: Vec<QualifiedName>,
    pub span: Span,
}

/// PostgreSQL function volatility, least volatile first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Volatility {
    Immutable,
    Stable,
    /// The default of `CREATE FUNCTION`.
    #[default]
    Volatile,
}

/// A function the script declares (`CREATE [OR REPLACE] FUNCTION`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Function {
    pub schema: Option<String>,
    pub name: String,
    /// Declared IMMUTABLE / STABLE / VOLATILE (VOLATILE when not said).
    pub volatility: Volatility,
    /// Number of declared arguments (with how many have defaults: callable with
    /// `args - defaults ..= args`).
    pub args: usize,
    pub arg_defaults: usize,
    pub span: Span,
}

impl Schema {
    pub fn new(dialect: Dialect) -> Self {
        Schema { dialect, ..Default::default() }
    }

    /// Whether a table-side schema `have` is what a reference `want` means under the dialect's
    /// search path (`public` in PostgreSQL, `main` in SQLite; MySQL unqualified means any database).
    pub fn schema_matches(&self, have: Option<&str>, want: Option<&str>) -> bool {
        let default = match self.dialect {
            Dialect::Postgres => "public",
            Dialect::Sqlite => "main",
            Dialect::Mysql => "",
        };
        match (have, want) {
            (a, b) if a == b => true,
            (None, Some(w)) | (Some(w), None) if w == default => true,
            (Some(h), None) if self.search_path.iter().any(|s| s == h) => true,
            (Some(_), None) | (None, Some(_)) if self.dialect == Dialect::Mysql => true,
            _ => false,
        }
    }

    /// Finds a table by name through the search path.
    pub fn table_index(&self, name: &QualifiedName) -> Option<usize> {
        self.tables.iter().position(|t| t.name == name.name && self.schema_matches(t.schema.as_deref(), name.schema.as_deref()))
            .or_else(|| {
                // MySQL/SQLite table names are case-insensitive in practice (SQLite always, MySQL on
                // case-insensitive file systems); PostgreSQL is exact.
                if self.dialect == Dialect::Postgres {
                    return None;
                }
                self.tables.iter().position(|t| {
                    t.name.eq_ignore_ascii_case(&name.name) && self.schema_matches(t.schema.as_deref(), name.schema.as_deref())
                })
            })
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.table_index(name).map(|i| &self.tables[i])
    }

    pub fn table_mut(&mut self, name: &QualifiedName) -> Option<&mut Table> {
        self.table_index(name).map(move |i| &mut self.tables[i])
    }

    /// Finds a view by name through the search path (as [`Schema::table_index`] does for tables).
    pub fn view_index(&self, name: &QualifiedName) -> Option<usize> {
        let ok = |v: &View| self.schema_matches(v.schema.as_deref(), name.schema.as_deref());
        self.views.iter().position(|v| v.name == name.name && ok(v)).or_else(|| {
            if self.dialect == Dialect::Postgres {
                return None;
            }
            self.views.iter().position(|v| v.name.eq_ignore_ascii_case(&name.name) && ok(v))
        })
    }

    /// The partitions of table `parent` (indexes into `tables`), in source order.
    pub fn partitions_of(&self, parent: usize) -> Vec<usize> {
        let p = &self.tables[parent];
        (0..self.tables.len())
            .filter(|&i| i != parent && self.tables[i].partition_of.as_ref().is_some_and(|q| q.name == p.name && self.schema_matches(p.schema.as_deref(), q.schema.as_deref())))
            .collect()
    }
}

/// A table (or partition).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub schema: Option<String>,
    pub name: String,
    pub comment: Option<String>,
    /// Parent table when this table is a partition (`PARTITION OF` / `ATTACH PARTITION`).
    pub partition_of: Option<QualifiedName>,
    /// A partition's bound as written: `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`,
    /// `FOR VALUES WITH (MODULUS m, REMAINDER r)` or `DEFAULT`.
    pub partition_bound: Option<String>,
    /// `PARTITION BY ...` of a partitioned table.
    pub partition_by: Option<PartitionBy>,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    pub foreign_keys: Vec<ForeignKey>,
    /// UNIQUE constraints (not unique indexes created with CREATE UNIQUE INDEX).
    pub uniques: Vec<UniqueConstraint>,
    /// CREATE INDEX and MySQL KEY/INDEX/FULLTEXT/SPATIAL entries.
    pub indexes: Vec<Index>,
    pub checks: Vec<Check>,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub policies: Vec<Policy>,
    /// Names of triggers defined on this table (details in [`Schema::triggers`]).
    pub triggers: Vec<String>,
    pub temporary: bool,
    pub unlogged: bool,
    /// SQLite `WITHOUT ROWID`.
    pub without_rowid: bool,
    /// SQLite `STRICT`.
    pub strict: bool,
    /// SQLite virtual table module (`fts5`, `rtree`, ...); its columns are the module's column
    /// arguments. The module's shadow tables (`<name>_content`, ...) are not modelled.
    pub virtual_module: Option<String>,
    /// MySQL `ENGINE=...`.
    pub engine: Option<String>,
    /// The header colour the input gives the table's box, `#rrggbb` (DBML `headercolor`;
    /// `erd::decor`). Not schema: only the diagram and the DBML writer read it.
    pub color: Option<String>,
    pub span: Span,
}

/// Column positions of one table by name ([`Table::column_positions`]).
pub struct ColumnPositions<'a> {
    exact: std::collections::HashMap<&'a str, usize>,
    folded: std::collections::HashMap<String, usize>,
}

impl ColumnPositions<'_> {
    /// The position [`Table::column`] would resolve `name` to.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.exact.get(name).copied().or_else(|| self.folded.get(&name.to_ascii_lowercase()).copied())
    }
}

impl Table {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(self.schema.clone(), self.name.clone())
    }

    /// The column a key, index or reference names: the one spelled exactly so, else the first equal
    /// without ASCII case (MySQL and SQLite keys may spell a column in another case).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name).or_else(|| self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// [`Table::column`]'s rule as positions, in constant time per name: for resolving many names
    /// of one table at once.
    pub fn column_positions(&self) -> ColumnPositions<'_> {
        let mut exact = std::collections::HashMap::with_capacity(self.columns.len());
        let mut folded = std::collections::HashMap::with_capacity(self.columns.len());
        for (i, c) in self.columns.iter().enumerate() {
            exact.entry(c.name.as_str()).or_insert(i);
            folded.entry(c.name.to_ascii_lowercase()).or_insert(i);
        }
        ColumnPositions { exact, folded }
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        let i = self
            .columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)))?;
        Some(&mut self.columns[i])
    }

    /// Every constraint and index name in use on this table.
    pub fn constraint_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        if let Some(pk) = &self.primary_key {
            v.extend(pk.name.as_deref());
        }
        v.extend(self.foreign_keys.iter().filter_map(|f| f.name.as_deref()));
        v.extend(self.uniques.iter().filter_map(|f| f.name.as_deref()));
        v.extend(self.checks.iter().filter_map(|f| f.name.as_deref()));
        v.extend(self.indexes.iter().filter_map(|f| f.name.as_deref()));
        v
    }
}

/// How a column gets values without being given one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`
    ByDefault,
    /// MySQL `AUTO_INCREMENT`
    AutoIncrement,
    /// SQLite `AUTOINCREMENT` (on an `INTEGER PRIMARY KEY`)
    Autoincrement,
    /// PostgreSQL `serial` / `bigserial` / `smallserial`, or a default of `nextval()` on an owned sequence.
    Serial,
}

impl Identity {
    pub fn id(&self) -> &'static str {
        match self {
            Identity::Always => "always",
            Identity::ByDefault => "by default",
            Identity::AutoIncrement => "auto_increment",
            Identity::Autoincrement => "autoincrement",
            Identity::Serial => "serial",
        }
    }
}

/// A generated (computed) column's expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    pub expression: String,
    /// `STORED` (true) or `VIRTUAL` (false).
    pub stored: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub data_type: DataType,
    pub nullable: bool,
    pub default: Option<String>,
    /// Identity / auto-increment. `Serial` is reported in JSON under `serial`, not `identity`,
    /// because the database records it as a plain default.
    pub identity: Option<Identity>,
    pub generated: Option<Generated>,
    pub comment: Option<String>,
    /// MySQL `ON UPDATE CURRENT_TIMESTAMP`.
    pub on_update: Option<String>,
    /// Collation, when given.
    pub collation: Option<String>,
    /// The PostgreSQL sequence behind a serial / nextval default.
    pub sequence: Option<QualifiedName>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub span: Span,
}

/// `ON DELETE` / `ON UPDATE` action. Absent clauses are `NoAction`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RefAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl RefAction {
    pub fn id(self) -> &'static str {
        match self {
            RefAction::NoAction => "no action",
            RefAction::Restrict => "restrict",
            RefAction::Cascade => "cascade",
            RefAction::SetNull => "set null",
            RefAction::SetDefault => "set default",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// The referenced table, resolved through the search path once the whole script is read.
    pub ref_table: QualifiedName,
    /// Referenced columns; empty in the source means the referenced table's primary key, which is
    /// filled in when known.
    pub ref_columns: Vec<String>,
    pub on_delete: RefAction,
    pub on_update: RefAction,
    /// Whether ON DELETE was written explicitly.
    pub on_delete_explicit: bool,
    pub deferrable: bool,
    pub not_valid: bool,
    /// A relation the application keeps, not the database (Prisma `relationMode = "prisma"`,
    /// Drizzle `relations(...)`): drawn dashed in the diagram, no FOREIGN KEY in generated SQL,
    /// not a catalog fact.
    pub logical: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UniqueConstraint {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    pub span: Span,
}

/// One key part of an index: a column name or an expression, with its sort order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexPart {
    /// Column name when the part is a plain column.
    pub column: Option<String>,
    /// The key as SQL text (the column name, or the expression).
    pub expression: String,
    pub descending: bool,
    /// `NULLS FIRST` (`Some(true)`) / `NULLS LAST` (`Some(false)`).
    pub nulls_first: Option<bool>,
    /// Operator class (`gin_trgm_ops`), when given.
    pub opclass: Option<String>,
    /// MySQL prefix length `name(10)`.
    pub length: Option<u32>,
}

impl IndexPart {
    /// `col`, `col DESC`, `lower(email)`.
    pub fn display(&self) -> String {
        let mut s = self.expression.clone();
        if let Some(l) = self.length {
            s.push_str(&format!("({l})"));
        }
        if let Some(op) = &self.opclass {
            s.push(' ');
            s.push_str(op);
        }
        if self.descending {
            s.push_str(" DESC");
        }
        match self.nulls_first {
            Some(true) => s.push_str(" NULLS FIRST"),
            Some(false) => s.push_str(" NULLS LAST"),
            None => {}
        }
        s
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    pub name: Option<String>,
    pub unique: bool,
    pub parts: Vec<IndexPart>,
    /// Access method, lower case (`btree`, `gin`, `hash`, `fulltext`, `spatial`); `None` when not given.
    pub method: Option<String>,
    /// Partial index predicate.
    pub predicate: Option<String>,
    pub include: Vec<String>,
    pub concurrently: bool,
    /// Created by the database itself for a foreign key (MySQL/InnoDB); dropped again when a
    /// later index can serve the foreign key.
    pub implicit: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    pub name: Option<String>,
    pub expression: String,
    /// Set for a column-level CHECK.
    pub column: Option<String>,
    pub not_valid: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnumType {
    pub schema: Option<String>,
    pub name: String,
    pub values: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Domain {
    pub schema: Option<String>,
    pub name: String,
    pub data_type: DataType,
    pub default: Option<String>,
    pub not_null: bool,
    pub checks: Vec<Check>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sequence {
    pub schema: Option<String>,
    pub name: String,
    /// `OWNED BY table.column`.
    pub owned_by: Option<(QualifiedName, String)>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub name: String,
    pub table: QualifiedName,
    pub timing: TriggerTiming,
    /// Lower-case events: `insert`, `update`, `delete`, `truncate`.
    pub events: Vec<String>,
    pub for_each_row: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub name: String,
    /// `all`, `select`, `insert`, `update`, `delete`.
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_ui_safe<T: Clone + PartialEq + Eq + Send + Sync + 'static>() {}
    fn assert_memo_safe<T: Clone + PartialEq + Send + Sync + 'static>() {}

    #[test]
    fn model_types_can_live_in_a_memo() {
        assert_ui_safe::<Schema>();
        assert_ui_safe::<Table>();
        assert_memo_safe::<crate::Analysis>();
    }

    #[test]
    fn search_path_matching() {
        let mut s = Schema::new(Dialect::Postgres);
        assert!(s.schema_matches(None, Some("public")));
        assert!(!s.schema_matches(Some("auth"), None));
        s.search_path = vec!["auth".into()];
        assert!(s.schema_matches(Some("auth"), None));
        let m = Schema::new(Dialect::Mysql);
        assert!(m.schema_matches(Some("shop"), None));
    }
}

/// [`Schema::table_index`] through a map built once: for code that resolves many references
/// (every FK of a 1,000-table schema) where the linear search would be quadratic. Same answers
/// as `table_index` while the schema's table names do not change.
#[derive(Clone, Debug, Default)]
pub struct TableLookup {
    /// Lower-cased table name → indexes into `schema.tables`, in order.
    by_name: std::collections::HashMap<String, Vec<usize>>,
    /// How many of `schema.tables` are in the map.
    len: usize,
}

impl TableLookup {
    pub fn new(schema: &Schema) -> TableLookup {
        let mut l = TableLookup::default();
        l.sync(schema);
        l
    }

    /// Adds the tables appended to `schema.tables` since the map was built (a schema that only
    /// grows at its end, as the importer's does between a rename or a drop and the next, stays
    /// exact this way; after a rename or a removal build a new map).
    pub fn sync(&mut self, schema: &Schema) {
        for (i, t) in schema.tables.iter().enumerate().skip(self.len) {
            self.by_name.entry(t.name.to_ascii_lowercase()).or_default().push(i);
        }
        self.len = schema.tables.len();
    }

    /// Like [`Schema::table_index`] (exact name first, then case-insensitively outside PostgreSQL).
    pub fn index(&self, schema: &Schema, name: &QualifiedName) -> Option<usize> {
        let cands = self.by_name.get(&name.name.to_ascii_lowercase())?;
        let tables = &schema.tables;
        let ok = |t: &Table| schema.schema_matches(t.schema.as_deref(), name.schema.as_deref());
        cands.iter().copied().find(|&i| tables[i].name == name.name && ok(&tables[i])).or_else(|| {
            if schema.dialect == Dialect::Postgres {
                return None;
            }
            cands.iter().copied().find(|&i| tables[i].name.eq_ignore_ascii_case(&name.name) && ok(&tables[i]))
        })
    }
}

/// [`Table::column`] through a map built once: for code that looks up many columns of one table
/// (every FK column of a 2,000-FK table) where the linear search would be quadratic. Same answers
/// as `Table::column` (exact name first, then case-insensitively).
pub struct ColumnLookup<'a> {
    table: &'a Table,
    exact: std::collections::HashMap<&'a str, usize>,
    folded: std::collections::HashMap<String, usize>,
}

impl<'a> ColumnLookup<'a> {
    pub fn new(table: &'a Table) -> ColumnLookup<'a> {
        let mut exact = std::collections::HashMap::with_capacity(table.columns.len());
        let mut folded = std::collections::HashMap::with_capacity(table.columns.len());
        for (i, c) in table.columns.iter().enumerate() {
            exact.entry(c.name.as_str()).or_insert(i);
            folded.entry(c.name.to_ascii_lowercase()).or_insert(i);
        }
        ColumnLookup { table, exact, folded }
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.exact.get(name).or_else(|| self.folded.get(&name.to_ascii_lowercase())).copied()
    }

    pub fn get(&self, name: &str) -> Option<&'a Column> {
        self.index(name).map(|i| &self.table.columns[i])
    }
}

/// A [`ColumnLookup`] per table of a schema, each built on first use.
pub struct ColumnLookups<'a> {
    schema: &'a Schema,
    tables: Vec<std::cell::OnceCell<ColumnLookup<'a>>>,
}

impl<'a> ColumnLookups<'a> {
    pub fn new(schema: &'a Schema) -> ColumnLookups<'a> {
        ColumnLookups { schema, tables: (0..schema.tables.len()).map(|_| std::cell::OnceCell::new()).collect() }
    }

    /// The lookup of table `ti` (an index into `schema.tables`).
    pub fn of(&self, ti: usize) -> &ColumnLookup<'a> {
        self.tables[ti].get_or_init(|| ColumnLookup::new(&self.schema.tables[ti]))
    }
}

/// A schema with its lookups built once: tables by name ([`TableLookup`]) and each table's columns
/// by name ([`ColumnLookups`]). For the stages that resolve many references — every FK of a 50,000
/// table dump, every column of a 10,000-column table — where `Schema::table_index` and
/// `Table::column` (linear searches) would make them quadratic. Same answers as those.
pub struct SchemaIndex<'a> {
    pub schema: &'a Schema,
    tables: TableLookup,
    columns: ColumnLookups<'a>,
}

impl<'a> SchemaIndex<'a> {
    pub fn new(schema: &'a Schema) -> SchemaIndex<'a> {
        SchemaIndex { schema, tables: TableLookup::new(schema), columns: ColumnLookups::new(schema) }
    }

    /// Like [`Schema::table_index`].
    pub fn table_index(&self, q: &QualifiedName) -> Option<usize> {
        self.tables.index(self.schema, q)
    }

    /// Like [`Schema::table`].
    pub fn table(&self, q: &QualifiedName) -> Option<&'a Table> {
        self.table_index(q).map(|i| &self.schema.tables[i])
    }

    /// Like `schema.tables[ti].column(name)`.
    pub fn column(&self, ti: usize, name: &str) -> Option<&'a Column> {
        self.columns.of(ti).get(name)
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::*;

    /// The map gives exactly `table_index`'s answer, for exact, case-folded, schema-qualified,
    /// search-path and unknown names, in all three dialects.
    #[test]
    fn table_lookup_agrees_with_table_index() {
        let sql = "CREATE SCHEMA app; CREATE TABLE Users (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY);\n\
                   CREATE TABLE app.users (id int PRIMARY KEY); CREATE TABLE main.orders (id int); CREATE TABLE \"Mixed\" (id int);";
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let s = crate::parse::parse(sql, d).schema;
            assert!(s.tables.len() >= 3, "{d:?}: {} tables", s.tables.len());
            let lookup = TableLookup::new(&s);
            for (schema, name) in [
                (None, "users"), (None, "Users"), (None, "USERS"), (Some("app"), "users"), (Some("public"), "users"),
                (Some("main"), "orders"), (None, "orders"), (None, "Mixed"), (None, "mixed"), (Some("nope"), "users"), (None, "absent"),
            ] {
                let q = QualifiedName::new(schema.map(String::from), name.to_string());
                assert_eq!(lookup.index(&s, &q), s.table_index(&q), "{d:?} {q}");
            }
        }
    }

    #[test]
    fn column_lookup_agrees_with_column() {
        let t = Table { columns: ["id", "Name", "name", "ÉTÉ", "x y"].iter().map(|n| Column { name: n.to_string(), ..Default::default() }).collect(), ..Default::default() };
        let l = ColumnLookup::new(&t);
        for n in ["id", "ID", "Name", "name", "NAME", "été", "ÉTÉ", "x y", "X Y", "none"] {
            assert_eq!(l.get(n).map(|c| &c.name), t.column(n).map(|c| &c.name), "{n}");
        }
    }

    /// A map kept in step by `sync` while tables are appended answers like a new one, and like
    /// the importer's own lookups through drops and renames (checked by resolving FKs).
    #[test]
    fn synced_lookup_agrees() {
        let mut s = crate::parse::parse("CREATE TABLE a (id int PRIMARY KEY);", Dialect::Mysql).schema;
        let mut lookup = TableLookup::new(&s);
        s.tables.push(Table { name: "B".into(), ..Default::default() });
        lookup.sync(&s);
        for n in ["a", "b", "B", "c"] {
            let q = QualifiedName::new(None, n.to_string());
            assert_eq!(lookup.index(&s, &q), s.table_index(&q), "{n}");
        }
        let p = crate::parse::parse(
            "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY); DROP TABLE a; CREATE TABLE a (id int PRIMARY KEY, x int);\n\
             ALTER TABLE b RENAME TO c; CREATE TABLE d (a_id int REFERENCES a(id), c_id int REFERENCES c(id)); CREATE INDEX i ON c (id);",
            Dialect::Postgres,
        );
        let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["c", "a", "d"]);
        assert_eq!(p.schema.tables[1].columns.len(), 2);
        assert_eq!(p.schema.tables[0].indexes.len(), 1);
        let fks: Vec<&str> = p.schema.tables[2].foreign_keys.iter().map(|f| f.ref_table.name.as_str()).collect();
        assert_eq!(fks, ["a", "c"]);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }
}
