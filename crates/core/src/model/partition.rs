//! Partitioning: a partitioned table's scheme (PostgreSQL declarative partitioning, MySQL/MariaDB
//! `PARTITION BY`) and the partitions MySQL declares inline. A PostgreSQL partition is a table of
//! its own ([`super::Table::partition_of`] + [`super::Table::partition_bound`]).
//!
//! Contract: everything is kept as written (key parts and bounds are SQL text with whitespace
//! squashed), so the SQL generator can write it back for the same engine; `Display` gives the
//! clause after `PARTITION BY` (`RANGE (at)`, `LIST COLUMNS (c)`, `HASH (id) PARTITIONS 4`,
//! `KEY (id) PARTITIONS 2`).

use super::IndexPart;
use std::fmt;

/// How rows are assigned to partitions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PartitionStrategy {
    #[default]
    Range,
    List,
    Hash,
    /// MySQL `KEY` (hash of the columns by the server's own function).
    Key,
}

impl PartitionStrategy {
    pub fn id(self) -> &'static str {
        match self {
            PartitionStrategy::Range => "range",
            PartitionStrategy::List => "list",
            PartitionStrategy::Hash => "hash",
            PartitionStrategy::Key => "key",
        }
    }
}

/// One partition declared inside MySQL's `PARTITION BY` clause.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionDef {
    pub name: String,
    /// `VALUES LESS THAN (2000)` / `VALUES IN (1,2)` / empty for HASH and KEY partitions.
    pub bound: String,
}

/// A partitioned table's `PARTITION BY` clause.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionBy {
    pub strategy: PartitionStrategy,
    /// MySQL `LINEAR HASH` / `LINEAR KEY`.
    pub linear: bool,
    /// MySQL `RANGE COLUMNS` / `LIST COLUMNS`.
    pub columns_form: bool,
    /// Key parts: a column (`column` set, the name as stored) or an expression as written, with a
    /// PostgreSQL operator class.
    pub key: Vec<IndexPart>,
    /// MySQL `PARTITIONS n`.
    pub count: Option<u32>,
    /// MySQL `SUBPARTITION BY ...` as written (kept, not interpreted).
    pub subpartition: Option<String>,
    /// MySQL partitions declared in the clause, in order.
    pub partitions: Vec<PartitionDef>,
}

impl fmt::Display for PartitionBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.linear {
            f.write_str("LINEAR ")?;
        }
        f.write_str(&self.strategy.id().to_ascii_uppercase())?;
        if self.columns_form {
            f.write_str(" COLUMNS")?;
        }
        let key: Vec<String> = self.key.iter().map(IndexPart::display).collect();
        write!(f, " ({})", key.join(", "))?;
        if let Some(n) = self.count {
            write!(f, " PARTITIONS {n}")?;
        }
        Ok(())
    }
}
