//! Migrations: the schema differ that turns two schemas into a migration plan.

pub mod diff;
