//! Code generators: one module per target, each a plain function of the imported [`Schema`].
//!
//! Every target's output must be accepted by its own ecosystem's tool (Prisma's validator and
//! formatter, `tsc` against drizzle-orm / zod, the real database engines, the Mermaid and DBML
//! parsers). What a target cannot express is kept as a comment or reported in
//! [`Generated::warnings`], never silently dropped.

pub mod dbml;
pub mod drizzle;
pub mod mermaid;
pub mod names;
pub mod prisma;
pub mod sql;
pub mod typescript;
pub mod writer;

use crate::{Dialect, Schema};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Prisma,
    Drizzle,
    /// SQL DDL for the given database.
    Sql(Dialect),
    Mermaid,
    Dbml,
    TypeScript,
    Zod,
}

impl Target {
    /// The name used by `schemaplay generate --target` (SQL's database comes from `--to`).
    pub fn id(self) -> &'static str {
        match self {
            Target::Prisma => "prisma",
            Target::Drizzle => "drizzle",
            Target::Sql(_) => "sql",
            Target::Mermaid => "mermaid",
            Target::Dbml => "dbml",
            Target::TypeScript => "typescript",
            Target::Zod => "zod",
        }
    }

    /// The file name a person would save the output as.
    pub fn file_name(self) -> &'static str {
        match self {
            Target::Prisma => "schema.prisma",
            Target::Drizzle => "schema.ts",
            Target::Sql(_) => "schema.sql",
            Target::Mermaid => "schema.mmd",
            Target::Dbml => "schema.dbml",
            Target::TypeScript => "types.ts",
            Target::Zod => "schemas.ts",
        }
    }
}

/// A generator's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    /// The generated file.
    pub code: String,
    /// What the target could not express (also written as comments in `code` where the format
    /// has comments).
    pub warnings: Vec<String>,
}

/// Generates `target` from `schema`. Never panics.
pub fn generate(schema: &Schema, target: Target) -> Generated {
    match target {
        Target::Prisma => prisma::generate(schema),
        Target::Drizzle => drizzle::generate(schema),
        Target::TypeScript => typescript::typescript(schema),
        Target::Zod => typescript::zod(schema),
        Target::Sql(to) => sql::generate(schema, to),
        Target::Mermaid => mermaid::generate(schema),
        Target::Dbml => dbml::generate(schema),
    }
}
