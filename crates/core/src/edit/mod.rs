//! Schema edits made from the diagram, written back into the source text as minimal edits
//! (issue 19, item 1).
//!
//! The text is the source of truth: adding a column in the diagram must change the CREATE TABLE the
//! person wrote, in their language and formatting, and nothing else. [`plan_edit`] turns one
//! [`SchemaEdit`] into a [`Fix`] — a description and byte-range replacements of the source — which
//! the editor applies as one undoable change (the same shape as a lint quick fix).
//!
//! Contract:
//! - **Only the affected statements change.** Text outside them (other statements, comments,
//!   blank lines) is byte-identical. Inside, new text follows the statement's own conventions:
//!   keyword and type case, indentation, one element per line or all on one line, quoting every
//!   name or only where needed (quoting itself is `codegen::sql::ident`'s).
//! - **The change is exactly the one asked for.** Before a plan is returned, the edited text is
//!   imported again and its model compared with [`spec::expected`] — the original model with the
//!   asked change made on the model itself, without any text — and the diagnostics with the
//!   original's. A plan that does not pass is not offered ([`EditError::Unverified`]): refuse
//!   rather than corrupt.
//! - **Bad cases are errors, not guesses**: an unknown table or column, a name that clashes
//!   ([`EditError::NameTaken`]), a name the database cannot hold, a type its grammar rejects, a table
//!   whose statements have import errors ([`EditError::SourceError`]), and forms an edit cannot
//!   reach ([`EditError::Unsupported`], e.g. a column whose type a later ALTER TABLE changes).
//! - Statements of other tables change only where they name the edited table (a rename follows the
//!   REFERENCES to it; deleting a table or column also deletes the relationships that point at it,
//!   as `DROP ... CASCADE` would, and says so in the description).
//! - Names in edits are the names as the database stores them (what the model and the diagram
//!   show): `Users` in PostgreSQL is written `"Users"`.
//!
//! Languages: SQL in PostgreSQL, MySQL and SQLite (`sql/`), DBML (`dbml/`), Prisma (`prisma/`:
//! every edit, in Prisma's idiom — models and fields, `@@map`/`@map`, `@id`/`@@id`, relation
//! fields on both sides), Drizzle (`drizzle/`: every edit, written where the reader found the
//! table — its `pgTable(...)` call, the column's builder chain, the extra-config callback — in the
//! module's style, with the `relations(...)` entries of what it deletes; tables built by helpers
//! and columns from spreads are [`EditError::Unsupported`]). One planner per language writes the text; [`spec`] (the model
//! change), [`canon`] and [`verify`] are shared. A language may mean an edit a little differently
//! from SQL ([`meant_in`]: Prisma writes a type as the SQL of a Prisma type, and no referential
//! action as Prisma's defaults; Drizzle a type as its column builder spells it); its plan is held
//! to that meaning. [`plan_edit_in`] picks the planner for an [`InputKind`]; catalog JSON is
//! [`EditError::Unsupported`].

pub mod canon;
pub mod canvas;
mod dbml;
mod drizzle;
mod expr;
pub mod fixes;
mod prisma;
pub mod spec;
mod sql;
pub mod types;
mod verify;

pub use crate::lint::{Edit, Fix};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{QualifiedName, RefAction, Schema};
use crate::parse::input::InputKind;

/// One change made in the diagram.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SchemaEdit {
    /// A new table with its first columns, written after the CREATE TABLE of `after` (default: after
    /// the last table).
    AddTable { table: QualifiedName, columns: Vec<NewColumn>, after: Option<QualifiedName> },
    RenameTable { table: QualifiedName, to: String },
    /// Deletes the table, the statements that only concern it, and the relationships to it.
    DropTable { table: QualifiedName },
    /// A column after the table's last column definition.
    AddColumn { table: QualifiedName, column: NewColumn },
    RenameColumn { table: QualifiedName, column: String, to: String },
    /// A new type, written as the dialect writes it (`varchar(80)`, `bigint`); see [`types::type_choices`].
    RetypeColumn { table: QualifiedName, column: String, to: String },
    /// Deletes the column and every key, index and check that uses it (and relationships to it).
    DropColumn { table: QualifiedName, column: String },
    /// Switches NOT NULL, UNIQUE or membership of the primary key on or off for one column.
    SetColumnFlag { table: QualifiedName, column: String, flag: ColumnFlag, on: bool },
    AddRelationship(NewRelationship),
    /// `None` removes the clause (the database's default, NO ACTION; in Prisma the argument, so
    /// Prisma's default).
    SetRelationshipActions { table: QualifiedName, fk: usize, on_delete: Option<RefAction>, on_update: Option<RefAction> },
    /// Deletes foreign key number `fk` of the table (its index in `Table::foreign_keys`).
    DropRelationship { table: QualifiedName, fk: usize },
    /// A plain (non-unique, full) index on `columns`. `name: None` leaves the name to the
    /// language's own convention (Prisma's `Table_col_idx`, DBML's exporter, SQL's
    /// `idx_<table>_<columns>`).
    AddIndex { table: QualifiedName, columns: Vec<String>, name: Option<String> },
}

/// A column to add.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewColumn {
    pub name: String,
    /// The type as the dialect writes it.
    pub data_type: String,
    pub not_null: bool,
    pub unique: bool,
    pub primary_key: bool,
}

/// What [`SchemaEdit::SetColumnFlag`] switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColumnFlag {
    NotNull,
    Unique,
    PrimaryKey,
}

/// A foreign key from `columns` of `table` to `ref_columns` of `ref_table`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewRelationship {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    /// Empty: the referenced table's primary key.
    pub ref_columns: Vec<String>,
    pub on_delete: Option<RefAction>,
    pub on_update: Option<RefAction>,
    /// When the referenced columns are not a primary key or unique: also make them unique. Without
    /// it such a target is [`EditError::TargetNotUnique`], which carries the plan with the key.
    pub create_key: bool,
}

/// Why an edit cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoTable(QualifiedName),
    NoColumn { table: QualifiedName, column: String },
    NoRelationship { table: QualifiedName, fk: usize },
    /// The name is already used by another table / column / relationship.
    NameTaken { what: &'static str, name: String },
    /// A name the database cannot hold as given.
    BadName { name: String, why: String },
    /// A type the dialect's grammar does not read.
    BadType { text: String },
    /// The edit contradicts the schema (a primary key column made nullable, ...).
    Invalid(String),
    /// The statements the edit would touch have import errors: fix those first.
    SourceError { line: usize, message: String },
    /// A form the edit cannot reach in this text.
    Unsupported(String),
    /// The referenced columns are not a primary key or unique; `with_key` also creates the key.
    TargetNotUnique { table: QualifiedName, columns: Vec<String>, with_key: Box<Fix> },
    /// The planned text did not import as the asked change (refused rather than offered).
    Unverified(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoTable(t) => write!(f, "there is no table {t}"),
            EditError::NoColumn { table, column } => write!(f, "table {table} has no column {column}"),
            EditError::NoRelationship { table, fk } => write!(f, "table {table} has no relationship number {fk}"),
            EditError::NameTaken { what, name } => write!(f, "{what} {name} already exists"),
            EditError::BadName { name, why } => write!(f, "{name:?} cannot be used as a name: {why}"),
            EditError::BadType { text } => write!(f, "{text:?} is not a type this dialect reads"),
            EditError::Invalid(m) | EditError::Unsupported(m) => f.write_str(m),
            EditError::SourceError { line, message } => write!(f, "line {line} has an error the edit would touch ({message}); fix it first"),
            EditError::TargetNotUnique { table, columns, .. } => {
                write!(f, "{table} ({}) is not a primary key or unique, so a foreign key cannot reference it; make it unique first", columns.join(", "))
            }
            EditError::Unverified(m) => write!(f, "the edit could not be written cleanly into this text ({m})"),
        }
    }
}

impl std::error::Error for EditError {}

/// Plans `edit` on the SQL `text` (its import is `schema` with `diagnostics`): the text edits
/// that make exactly that change, checked by importing the result (see the module doc).
pub fn plan_edit(text: &str, dialect: Dialect, schema: &Schema, diagnostics: &[Diagnostic], edit: &SchemaEdit) -> Result<Fix, EditError> {
    plan_edit_in(InputKind::Sql, text, dialect, schema, diagnostics, edit)
}

/// [`plan_edit`] on a text written in `kind` (`schema` and `diagnostics` are its import by
/// `parse::input::read`; `dialect` is the hint it was read with). The edit is written in that
/// language.
pub fn plan_edit_in(kind: InputKind, text: &str, dialect: Dialect, schema: &Schema, diagnostics: &[Diagnostic], edit: &SchemaEdit) -> Result<Fix, EditError> {
    let l = Lang { kind, hint: dialect };
    let d = match kind {
        InputKind::Sql => dialect,
        InputKind::Dbml | InputKind::Prisma | InputKind::Drizzle => schema.dialect,
        other => return Err(EditError::Unsupported(format!("edits are not written into {} yet: edit the text", other.label()))),
    };
    if let SchemaEdit::AddRelationship(r) = edit {
        if !r.create_key && !spec::target_is_unique(schema, r)? {
            let with_key = SchemaEdit::AddRelationship(NewRelationship { create_key: true, ..r.clone() });
            let fix = plan_checked(l, text, d, schema, diagnostics, &with_key)?;
            let t = schema.table(&r.ref_table).map_or_else(|| r.ref_table.clone(), |t| t.qualified_name());
            return Err(EditError::TargetNotUnique { table: t, columns: spec::ref_columns(schema, r)?, with_key: Box::new(fix) });
        }
    }
    plan_checked(l, text, d, schema, diagnostics, edit)
}

/// The language a text is written in, and the dialect hint it is read with.
#[derive(Clone, Copy)]
struct Lang {
    kind: InputKind,
    hint: Dialect,
}

/// The edit as a text in `kind` makes it, which its plan is held to: SQL names a new index
/// (`sql::named`); Prisma writes a type as the SQL of a Prisma type and no referential action as
/// Prisma's default (`prisma::meaning`); Drizzle a type as its column builder spells it
/// (`drizzle::spelled`). Other languages make the edit as asked.
pub fn meant_in(kind: InputKind, text: &str, schema: &Schema, edit: &SchemaEdit) -> Result<SchemaEdit, EditError> {
    let meant = match kind {
        InputKind::Sql => sql::named(schema, edit),
        InputKind::Prisma => prisma::meaning(text, schema, edit)?,
        InputKind::Drizzle => drizzle::spelled(schema.dialect, edit),
        _ => None,
    };
    Ok(meant.unwrap_or_else(|| edit.clone()))
}

fn plan_checked(l: Lang, text: &str, dialect: Dialect, schema: &Schema, diagnostics: &[Diagnostic], edit: &SchemaEdit) -> Result<Fix, EditError> {
    let meant = meant_in(l.kind, text, schema, edit)?;
    let edit = &meant;
    spec::expected(schema, edit)?;
    let (fix, written) = match l.kind {
        InputKind::Dbml => dbml::plan(text, dialect, schema, diagnostics, edit)?,
        InputKind::Prisma => prisma::plan(text, dialect, schema, diagnostics, edit)?,
        InputKind::Drizzle => drizzle::plan(text, dialect, schema, diagnostics, edit)?,
        _ => sql::plan(text, dialect, schema, diagnostics, edit)?,
    };
    verify::check(l, text, schema, diagnostics, edit, &fix, written)?;
    Ok(fix)
}
