//! Code generators: one module per target, each a plain function of the imported [`Schema`].
//!
//! Every target's output must be accepted by its own ecosystem's tool (Prisma's validator and
//! formatter, `tsc` against drizzle-orm / zod, the real database engines, the Mermaid and DBML
//! parsers). What a target cannot express is kept as a comment or reported in
//! [`Generated::warnings`], never silently dropped.

pub mod dbml;
pub mod drizzle;
pub mod escape;
pub mod highlight;
pub mod mermaid;
pub mod mysql_keys;
pub mod names;
pub mod notes;
pub mod prisma;
pub mod sql;
mod sqlobjects;
pub mod typescript;
pub mod writer;

use crate::{Dialect, Schema};
use serde::{Deserialize, Serialize};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// The target named `id` (the inverse of [`Target::id`]); SQL is for `sql_to`. One reading of
    /// the names for the CLI's `--target` and the app's code tabs.
    pub fn from_id(id: &str, sql_to: Dialect) -> Option<Target> {
        Some(match id {
            "prisma" => Target::Prisma,
            "drizzle" => Target::Drizzle,
            "sql" => Target::Sql(sql_to),
            "mermaid" => Target::Mermaid,
            "dbml" => Target::Dbml,
            "typescript" => Target::TypeScript,
            "zod" => Target::Zod,
            _ => return None,
        })
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    /// The generated file.
    pub code: String,
    /// What the target could not express (also written as comments in `code` where the format
    /// has comments).
    pub warnings: Vec<String>,
}

/// How Prisma models and fields are named.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PrismaNaming {
    /// PascalCase singular models with `@@map` to the table, camelCase fields with `@map`.
    #[default]
    Pascal,
    /// Models and fields named exactly as the tables and columns (no `@@map` / `@map`) wherever
    /// the name is a valid Prisma identifier; other names fall back to the PascalCase rule.
    Keep,
}

/// The keys of a Drizzle table object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DrizzleKeys {
    /// camelCase keys (`createdAt: timestamp("created_at")`).
    #[default]
    Camel,
    /// The column names themselves (`created_at: timestamp("created_at")`), made safe only where a
    /// name is not a valid identifier.
    Column,
}

impl PrismaNaming {
    pub const ALL: [PrismaNaming; 2] = [PrismaNaming::Pascal, PrismaNaming::Keep];
    /// The spelling used by `--prisma-names` and the app's options.
    pub fn id(self) -> &'static str {
        match self {
            PrismaNaming::Pascal => "pascal",
            PrismaNaming::Keep => "keep",
        }
    }
    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            PrismaNaming::Pascal => "PascalCase models",
            PrismaNaming::Keep => "keep table names",
        }
    }
}

impl DrizzleKeys {
    pub const ALL: [DrizzleKeys; 2] = [DrizzleKeys::Camel, DrizzleKeys::Column];
    /// The spelling used by `--drizzle-keys` and the app's options.
    pub fn id(self) -> &'static str {
        match self {
            DrizzleKeys::Camel => "camel",
            DrizzleKeys::Column => "column",
        }
    }
    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.id() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            DrizzleKeys::Camel => "camelCase keys",
            DrizzleKeys::Column => "column names as keys",
        }
    }
}

/// Settings of the generators (the defaults are what [`generate`] uses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Options {
    pub prisma_naming: PrismaNaming,
    pub drizzle_keys: DrizzleKeys,
}

/// Generates `target` from `schema` with the default [`Options`]. Never panics.
pub fn generate(schema: &Schema, target: Target) -> Generated {
    generate_with(schema, target, &Options::default())
}

/// Generates `target` from `schema`. Never panics.
pub fn generate_with(schema: &Schema, target: Target, options: &Options) -> Generated {
    match target {
        Target::Prisma => prisma::generate_with(schema, options.prisma_naming),
        Target::Drizzle => drizzle::generate_with(schema, options.drizzle_keys),
        Target::TypeScript => typescript::typescript(schema),
        Target::Zod => typescript::zod(schema),
        Target::Sql(to) => sql::generate(schema, to),
        Target::Mermaid => mermaid::generate(schema),
        Target::Dbml => dbml::generate(schema),
    }
}
