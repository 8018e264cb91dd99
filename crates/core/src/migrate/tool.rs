//! Whether a migration tool runs each migration file in a transaction (PostgreSQL), and how a file
//! opts out. The checker's [`CheckOptions::in_transaction`](super::CheckOptions) should be what the
//! tool really does: [`wraps_in_transaction`] answers it from the tool (the migration-folder
//! layout), the file's text and, for tools that keep the setting beside the file, that config.
//!
//! | tool | each migration in a transaction | a file opts out with |
//! |---|---|---|
//! | Prisma Migrate | yes — the file is sent as one script, which PostgreSQL runs as one implicit transaction | (none: put the statement in a migration of its own) |
//! | drizzle-kit / drizzle-orm `migrate` | yes — pending migrations run in one transaction | (none) |
//! | golang-migrate | yes — one multi-statement script = one implicit transaction (unless the connection sets `x-multi-statement=true`) | (connection option) |
//! | dbmate | yes | `-- migrate:up transaction:false` |
//! | Flyway | yes | `executeInTransaction=false` in the script's `.conf` file |
//! | sqlx | yes | first line `-- no-transaction` |
//! | diesel | yes | `run_in_transaction = false` in the migration's `metadata.toml` |
//! | Rails (Active Record) | yes | `disable_ddl_transaction!` in the Ruby migration |
//! | morph (Mattermost) | yes | `-- morph:nontransactional` |
//! | plain SQL files (`psql -f`) | no (autocommit) | — (`BEGIN` / `COMMIT` in the file) |
//!
//! Whatever the tool, a file whose only statement cannot run in a transaction (`CREATE INDEX
//! CONCURRENTLY` alone) is treated as running outside one by the checker (see
//! [`super::replay`]); the tools that send the file as one script do run it that way.

/// A migration tool (or folder layout).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Prisma,
    DrizzleKit,
    GolangMigrate,
    Dbmate,
    Flyway,
    Sqlx,
    Diesel,
    Rails,
    Morph,
    /// Plain numbered SQL files run with `psql -f` (or any autocommit runner).
    Plain,
}

impl Tool {
    /// Every tool, in the table's order.
    pub const ALL: [Tool; 10] = [Tool::Prisma, Tool::DrizzleKit, Tool::GolangMigrate, Tool::Dbmate, Tool::Flyway, Tool::Sqlx, Tool::Diesel, Tool::Rails, Tool::Morph, Tool::Plain];

    /// The id used on the command line and in folder layouts.
    pub fn id(self) -> &'static str {
        match self {
            Tool::Prisma => "prisma",
            Tool::DrizzleKit => "drizzle-kit",
            Tool::GolangMigrate => "golang-migrate",
            Tool::Dbmate => "dbmate",
            Tool::Flyway => "flyway",
            Tool::Sqlx => "sqlx",
            Tool::Diesel => "diesel",
            Tool::Rails => "rails",
            Tool::Morph => "morph",
            Tool::Plain => "plain",
        }
    }

    pub fn parse(s: &str) -> Option<Tool> {
        let s = s.trim().to_ascii_lowercase();
        Tool::ALL.into_iter().find(|t| t.id() == s || (s == "drizzle" && *t == Tool::DrizzleKit) || (s == "migrate" && *t == Tool::GolangMigrate))
    }
}

/// Whether `tool` runs this migration file in a transaction. `text` is the file; `config` is the
/// tool's per-migration settings file where it has one (Flyway's `<script>.conf`, diesel's
/// `metadata.toml`), else `None`.
pub fn wraps_in_transaction(tool: Tool, text: &str, config: Option<&str>) -> bool {
    let setting = |key: &str, off: &str| config.is_some_and(|c| c.lines().any(|l| l.split('#').next().unwrap_or("").replace(' ', "").eq_ignore_ascii_case(&format!("{key}={off}"))));
    match tool {
        Tool::Plain => false,
        Tool::Dbmate => !text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("-- migrate:up") && l.split_whitespace().any(|w| w == "transaction:false")
        }),
        Tool::Sqlx => text.lines().next().is_none_or(|l| l.trim() != "-- no-transaction"),
        Tool::Flyway => !setting("executeInTransaction", "false"),
        Tool::Diesel => !setting("run_in_transaction", "false"),
        Tool::Morph => !text.lines().any(|l| l.trim().eq_ignore_ascii_case("-- morph:nontransactional")),
        Tool::Prisma | Tool::DrizzleKit | Tool::GolangMigrate | Tool::Rails => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_tool() {
        let plain = "CREATE INDEX i ON t (a);";
        for t in Tool::ALL {
            assert_eq!(wraps_in_transaction(t, plain, None), t != Tool::Plain, "{t:?}");
            assert_eq!(Tool::parse(t.id()), Some(t));
        }
        assert!(!wraps_in_transaction(Tool::Dbmate, "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\n", None));
        assert!(!wraps_in_transaction(Tool::Sqlx, "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);", None));
        assert!(wraps_in_transaction(Tool::Sqlx, "SELECT 1;\n-- no-transaction", None));
        assert!(!wraps_in_transaction(Tool::Flyway, plain, Some("executeInTransaction = false\n")));
        assert!(!wraps_in_transaction(Tool::Diesel, plain, Some("run_in_transaction = false")));
        assert!(!wraps_in_transaction(Tool::Morph, "-- morph:nontransactional\nSELECT 1;", None));
        assert_eq!(Tool::parse("Drizzle"), Some(Tool::DrizzleKit));
    }
}
