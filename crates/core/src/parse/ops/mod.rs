//! A small IR of migration statements — which ALTER TABLE actions a statement has, CREATE/DROP
//! INDEX [CONCURRENTLY], DROP/TRUNCATE, RENAME, SET lock_timeout, BEGIN/COMMIT, REINDEX, domains,
//! ... — what the migration checker needs to know about locks, scans and rewrites.
//!
//! [`recognise`] builds it from sqlparser's AST (`ast.rs`), the same parse the importer uses. The
//! hand-written token reader (`fallback.rs`) reads only what sqlparser 0.63 rejects. Of those, the
//! forms the IR models are exactly these (each pinned by a test in this module that fails once
//! sqlparser accepts it):
//!
//! - `ALTER TABLE ... ATTACH PARTITION` / `DETACH PARTITION [CONCURRENTLY | FINALIZE]`;
//! - `ALTER TABLE ... ALTER COLUMN ... SET STATISTICS | SET (...) | SET STORAGE`, and
//!   `... TYPE ... COLLATE ...`;
//! - `ALTER TABLE ... RESET (...) | CLUSTER ON | SET WITHOUT CLUSTER | SET TABLESPACE | SET SCHEMA |
//!   INHERIT`;
//! - `ALTER TABLE ... ADD CONSTRAINT ... NOT NULL col` (PostgreSQL 18);
//! - `ALTER DOMAIN`, and `CREATE DOMAIN` with a constraint after `CHECK (...)`;
//! - `ALTER FOREIGN TABLE`, `ALTER [MATERIALIZED] VIEW ... RENAME COLUMN`, `ALTER TYPE ...
//!   ADD | DROP | ALTER | RENAME ATTRIBUTE` (read as ALTER TABLE of that [`Relation`]);
//! - `REINDEX`, `CLUSTER`, `VACUUM (options)`, `REFRESH MATERIALIZED VIEW`;
//! - `DROP INDEX CONCURRENTLY`, `CREATE INDEX ... ON ONLY`, `ALTER INDEX IF EXISTS ... RENAME`;
//! - `COMMENT ON ... IS $$...$$`;
//! - MySQL `ALTER TABLE ... ENGINE=x | ROW_FORMAT=x | CONVERT TO CHARACTER SET x` and
//!   `CHANGE a b type BINARY ...`; SQLite `ALTER TABLE ... ALTER COLUMN` (not SQLite syntax: the
//!   checker reports it as unsupported).
//!
//! An ALTER TABLE with one such action is read by the token reader as a whole. Every other
//! statement sqlparser rejects (DO blocks, trigger bodies, `ALTER DEFAULT PRIVILEGES`,
//! `PREPARE`/`EXECUTE`, `PRAGMA`, templates with `{{ ... }}` placeholders) is not modelled and
//! becomes [`Op::Other`] with its head words, like a parsed statement the IR does not model.
//! Expressions and types are kept as text: types as the model spells them (`lower_type`),
//! defaults as sqlparser prints them.
//!
//! Contract: never panics on any text; unknown forms become [`Op::Other`] / [`Action::Other`].

mod ast;
mod fallback;

use crate::dialect::Dialect;
use crate::model::QualifiedName;

/// A column definition as written in `ADD COLUMN` / `MODIFY` / `CHANGE`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    /// The type (`varchar(20)`, `bigserial`), lower-cased as the model spells types.
    pub type_text: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub primary_key: bool,
    /// An inline `UNIQUE` (named or not).
    pub unique: bool,
    /// Inline `REFERENCES t (c)`.
    pub references: Option<Reference>,
    pub check: Option<String>,
    /// `GENERATED ALWAYS AS (...) STORED` (or MySQL `AS (...) STORED`).
    pub generated_stored: bool,
    /// `GENERATED ... AS IDENTITY` / `AUTO_INCREMENT`.
    pub identity: bool,
    /// MySQL `FIRST` / `AFTER col`.
    pub positioned: bool,
}

/// The target of a foreign key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    /// `ON DELETE ... ON UPDATE ...` as written (SQL, with a leading space), empty when none.
    pub actions: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey { columns: Vec<String>, using_index: Option<String> },
    Unique { columns: Vec<String>, using_index: Option<String> },
    ForeignKey { columns: Vec<String>, ref_table: QualifiedName, ref_columns: Vec<String> },
    Check { expression: String },
    Exclude,
    /// `ADD CONSTRAINT name NOT NULL col` (PostgreSQL 18).
    NotNull { column: String },
    /// MySQL `ADD INDEX` / `ADD KEY` / `ADD FULLTEXT` / `ADD SPATIAL`.
    Index { columns: Vec<String>, fulltext: bool, spatial: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    AddColumn { column: ColumnDef, if_not_exists: bool },
    DropColumn { column: String, if_exists: bool },
    AlterColumnType { column: String, type_text: String, using: Option<String> },
    SetNotNull { column: String },
    DropNotNull { column: String },
    SetDefault { column: String, expression: String },
    DropDefault { column: String },
    AddIdentity { column: String },
    AddConstraint { name: Option<String>, kind: ConstraintKind, not_valid: bool },
    ValidateConstraint { name: String },
    DropConstraint { name: String, if_exists: bool },
    /// MySQL `DROP INDEX x` / `DROP KEY x`.
    DropIndex { name: String },
    /// MySQL `DROP PRIMARY KEY`.
    DropPrimaryKey,
    /// MySQL `DROP FOREIGN KEY x`.
    DropForeignKey { name: String },
    RenameColumn { from: String, to: String },
    RenameTable { to: QualifiedName },
    RenameConstraint { from: String, to: String },
    /// MySQL `RENAME INDEX a TO b`.
    RenameIndex { from: String, to: String },
    /// MySQL `MODIFY [COLUMN] c type ...`.
    Modify { column: ColumnDef },
    /// MySQL `CHANGE [COLUMN] old new type ...`.
    Change { from: String, column: ColumnDef },
    /// SET STATISTICS / SET (options) / CLUSTER ON / SET WITHOUT CLUSTER / SET STORAGE ...
    SetStatistics,
    /// SET LOGGED / SET UNLOGGED / SET TABLESPACE / SET ACCESS METHOD (rewrite the table).
    SetRewrite(String),
    /// ENABLE/DISABLE [ROW LEVEL SECURITY|TRIGGER|RULE], FORCE ROW LEVEL SECURITY ...
    Toggle { what: String, trigger: bool },
    AttachPartition { partition: QualifiedName },
    /// `DETACH PARTITION p [CONCURRENTLY | FINALIZE]`.
    DetachPartition { partition: QualifiedName, concurrently: bool, finalize: bool },
    OwnerTo,
    /// MySQL `ALGORITHM = x`.
    Algorithm(String),
    /// MySQL `LOCK = x`.
    Lock(String),
    /// MySQL `ENGINE = x`, `CONVERT TO CHARACTER SET`, `FORCE`, table options.
    TableOption(String),
    Other(String),
}

/// What an ALTER TABLE-like statement changes: a table, or a relation whose columns code also
/// reads (`ALTER FOREIGN TABLE`, `ALTER VIEW ... RENAME COLUMN`, `ALTER TYPE ... ATTRIBUTE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Relation {
    #[default]
    Table,
    ForeignTable,
    View,
    /// A composite type's attributes.
    CompositeType,
}

/// What `REINDEX` works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReindexTarget {
    Table,
    Index,
    Schema,
    Database,
    System,
}

/// What `ALTER DOMAIN` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainAction {
    AddConstraint { not_valid: bool },
    SetNotNull,
    ValidateConstraint,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    CreateTable {
        name: QualifiedName,
        if_not_exists: bool,
        as_select: bool,
        /// Tables referenced by foreign keys.
        references: Vec<QualifiedName>,
        temporary: bool,
        /// `ON COMMIT DROP` (a temporary table gone at the end of the transaction).
        on_commit_drop: bool,
    },
    CreateIndex {
        name: Option<String>,
        table: QualifiedName,
        unique: bool,
        concurrently: bool,
        if_not_exists: bool,
        columns: Vec<String>,
        /// MySQL `ALGORITHM=` / `LOCK=` clauses.
        algorithm: Option<String>,
    },
    DropIndex { names: Vec<QualifiedName>, concurrently: bool, if_exists: bool, table: Option<QualifiedName> },
    DropTable { names: Vec<QualifiedName>, if_exists: bool, cascade: bool },
    DropType { names: Vec<QualifiedName>, if_exists: bool },
    DropDatabase { name: String },
    DropSchema { name: String, cascade: bool },
    DropTrigger { table: Option<QualifiedName>, if_exists: bool },
    AlterTable { table: QualifiedName, if_exists: bool, actions: Vec<Action>, relation: Relation },
    /// MySQL `RENAME TABLE a TO b [, c TO d]`.
    RenameTables { pairs: Vec<(QualifiedName, QualifiedName)> },
    AlterTypeAddValue { type_name: QualifiedName, value: String, positioned: bool, if_not_exists: bool },
    AlterIndexRename { from: QualifiedName, to: String },
    Truncate { tables: Vec<QualifiedName>, cascade: bool },
    /// `SET [SESSION|LOCAL] name = value` (name lower-cased, with its prefix: `foo.lock_timeout`).
    Set { name: String, value: String, local: bool },
    /// `RESET name` (`all` for RESET ALL).
    Reset { name: String },
    Begin,
    /// `COMMIT` / `END`; `chain`: `AND CHAIN` starts a new transaction at once.
    Commit { chain: bool },
    Rollback { chain: bool },
    /// UPDATE / DELETE / INSERT / MERGE on a table.
    Dml { verb: String, table: Option<QualifiedName> },
    /// VACUUM FULL / CLUSTER: rewrite under ACCESS EXCLUSIVE.
    Rewrite { verb: &'static str, table: Option<QualifiedName> },
    Reindex { target: ReindexTarget, name: Option<QualifiedName>, concurrently: bool },
    RefreshMatView { concurrently: bool },
    CreateTrigger { table: Option<QualifiedName> },
    LockTable { tables: Vec<QualifiedName>, mode: String },
    /// `CREATE DOMAIN`; `constraints`: it declares CHECK / NOT NULL constraints.
    CreateDomain { name: QualifiedName, constraints: bool },
    AlterDomain { name: QualifiedName, action: DomainAction },
    /// `CREATE [OR REPLACE] VIEW` (not materialized).
    CreateView { name: QualifiedName },
    /// `COMMENT ON ...`; the table for a table or column comment.
    Comment { table: Option<QualifiedName> },
    /// Anything else (CREATE TYPE, CREATE FUNCTION, GRANT, ...): the head words.
    Other(String),
}

/// Recognises one statement (`stmt` is its text, comments included).
pub fn recognise(stmt: &str, dialect: Dialect) -> Op {
    match super::lower::parse_sql(dialect, stmt) {
        Ok(parsed) => match parsed.as_slice() {
            [one] => match ast::read(one, dialect) {
                ast::Read::Op(op) => op,
                ast::Read::NotModelled => fallback::other(stmt, dialect),
                ast::Read::Misread => fallback::recognise(stmt, dialect),
            },
            _ => fallback::recognise(stmt, dialect),
        },
        Err(_) => fallback::recognise(stmt, dialect),
    }
}

/// The identifiers written in a statement (bare words that are not keywords of the statement
/// grammar are included too: the caller looks at lengths), unfolded, in order.
pub fn identifiers(stmt: &str, dialect: Dialect) -> Vec<String> {
    super::lex::lex(stmt, dialect, 1 << 16)
        .into_iter()
        .filter_map(|t| match t.tok {
            super::lex::Tok::Word(w) => Some(w),
            super::lex::Tok::Quoted(q) => Some(q),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
