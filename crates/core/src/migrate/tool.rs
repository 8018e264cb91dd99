//! Whether a migration tool runs each migration file in a transaction (PostgreSQL), and how a file
//! opts out: the one table of transaction behaviour. The checker's
//! [`CheckOptions::in_transaction`](super::CheckOptions) should be what the tool really does;
//! [`wraps_in_transaction`] answers it from the tool, the file's path and text and, for tools that
//! keep the setting beside the file, that config ([`Tool::config_path`] says where). The `--tool`
//! option of `check-migration` and the migration-folder reader (each
//! [`Layout`](super::folder::Layout) names its tool) both ask it.
//!
//! | tool | each migration in a transaction | a file opts out with |
//! |---|---|---|
//! | Prisma Migrate | yes — the file is sent as one script, which PostgreSQL runs as one implicit transaction | (none: put the statement in a migration of its own) |
//! | drizzle-kit / drizzle-orm `migrate` | yes — pending migrations run in one transaction | (none) |
//! | golang-migrate | yes — one multi-statement script = one implicit transaction (unless the connection sets `x-multi-statement=true`) | (connection option) |
//! | dbmate | yes | `transaction:false` on the `-- migrate:up` line (dbmate's `upRegExp` `(?m)^--\s*migrate:up(\s*$\|\s+\S+)`, options `key:value`) |
//! | Flyway | yes | `executeInTransaction=false` in the script configuration file `<script>.sql.conf` (Flyway 6.1+, "Script Configuration") |
//! | sqlx | yes | the file's first bytes are `-- no-transaction` (`sqlx-core/src/migrate/source.rs`: `sql.starts_with("-- no-transaction")`) |
//! | diesel | yes | `run_in_transaction = false` in the migration's `metadata.toml` |
//! | pop (gobuffalo, ory/x `popx`) | yes | `.autocommit` before `.up.sql` / `.down.sql` in the file name (`popx` `match.go`) |
//! | Rails (Active Record) | yes | `disable_ddl_transaction!` in the Ruby migration (not in SQL text) |
//! | morph (Mattermost) | yes | `-- morph:nontransactional` (read by [`crate::directives`]) |
//! | plain SQL files (`psql -f`) | no (autocommit) | — (`BEGIN` / `COMMIT` in the file) |
//!
//! Django runs each migration in a transaction unless the Python class sets `atomic = False`;
//! its migrations are Python, not SQL files, so it has no row here.
//!
//! Whatever the tool, a file whose only statement cannot run in a transaction (`CREATE INDEX
//! CONCURRENTLY` alone) is treated as running outside one by the checker (see
//! [`super::replay`]); the tools that send the file as one script do run it that way.

use crate::directives::{Directives, Kind};

/// A migration tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Prisma,
    DrizzleKit,
    GolangMigrate,
    Dbmate,
    Flyway,
    Sqlx,
    Diesel,
    Pop,
    Rails,
    Morph,
    /// Plain numbered SQL files run with `psql -f` (or any autocommit runner).
    Plain,
}

impl Tool {
    /// Every tool, in the table's order.
    pub const ALL: [Tool; 11] = [Tool::Prisma, Tool::DrizzleKit, Tool::GolangMigrate, Tool::Dbmate, Tool::Flyway, Tool::Sqlx, Tool::Diesel, Tool::Pop, Tool::Rails, Tool::Morph, Tool::Plain];

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
            Tool::Pop => "pop",
            Tool::Rails => "rails",
            Tool::Morph => "morph",
            Tool::Plain => "plain",
        }
    }

    pub fn parse(s: &str) -> Option<Tool> {
        let s = s.trim().to_ascii_lowercase();
        Tool::ALL.into_iter().find(|t| t.id() == s || (s == "drizzle" && *t == Tool::DrizzleKit) || (s == "migrate" && *t == Tool::GolangMigrate))
    }

    /// Whether the tool runs a migration in a transaction when the file says nothing.
    pub fn wraps_by_default(self) -> bool {
        self != Tool::Plain
    }

    /// Where the tool keeps a migration file's own settings, beside `path` (`/`-separated):
    /// Flyway's `<script>.conf`, diesel's `metadata.toml` in the migration's folder.
    pub fn config_path(self, path: &str) -> Option<String> {
        match self {
            Tool::Flyway => Some(format!("{path}.conf")),
            Tool::Diesel => Some(match path.rfind('/') {
                Some(i) => format!("{}/metadata.toml", &path[..i]),
                None => "metadata.toml".to_string(),
            }),
            _ => None,
        }
    }
}

/// Whether a line is dbmate's `-- migrate:up` / `-- migrate:down` marker (`which` is `up` or
/// `down`): `--` at the start of the line, optional spaces, then the word and nothing or a space.
pub fn is_section(line: &str, which: &str) -> bool {
    let Some(rest) = line.strip_prefix("--") else { return false };
    let rest = rest.trim_start();
    rest.strip_prefix("migrate:").and_then(|r| r.strip_prefix(which)).is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace))
}

/// `key = true|false` in a settings file (`#` starts a comment; spaces ignored).
fn setting(config: Option<&str>, key: &str) -> Option<bool> {
    config?.lines().find_map(|l| {
        let l = l.split('#').next().unwrap_or("").replace([' ', '\t'], "");
        match l.strip_prefix(key)?.strip_prefix('=')? {
            v if v.eq_ignore_ascii_case("false") => Some(false),
            v if v.eq_ignore_ascii_case("true") => Some(true),
            _ => None,
        }
    })
}

/// A file's own say on its transaction under `tool`, where the tool has a way to say it (see the
/// table above); `None`: the tool's default. `path` is the file's path (pop reads its name),
/// `config` the text at [`Tool::config_path`] if there is one.
pub fn file_transaction(tool: Tool, path: &str, text: &str, config: Option<&str>) -> Option<bool> {
    match tool {
        Tool::Dbmate => {
            let up = text.lines().find(|l| is_section(l, "up"))?;
            up.split_whitespace().any(|w| w == "transaction:false").then_some(false)
        }
        Tool::Sqlx => text.starts_with("-- no-transaction").then_some(false),
        Tool::Flyway => setting(config, "executeInTransaction"),
        Tool::Diesel => setting(config, "run_in_transaction"),
        Tool::Pop => {
            let name = path.rsplit('/').next().unwrap_or(path);
            [".autocommit.up.sql", ".autocommit.down.sql"].iter().any(|s| name.ends_with(s)).then_some(false)
        }
        Tool::Morph => Directives::scan(text).all().iter().any(|d| d.kind == Kind::NonTransactional).then_some(false),
        Tool::Prisma | Tool::DrizzleKit | Tool::GolangMigrate | Tool::Rails | Tool::Plain => None,
    }
}

/// Whether `tool` runs this migration file in a transaction: the file's own say
/// ([`file_transaction`]), else the tool's default.
pub fn wraps_in_transaction(tool: Tool, path: &str, text: &str, config: Option<&str>) -> bool {
    file_transaction(tool, path, text, config).unwrap_or(tool.wraps_by_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_tool() {
        let plain = "CREATE INDEX i ON t (a);";
        for t in Tool::ALL {
            assert_eq!(wraps_in_transaction(t, "1_x.sql", plain, None), t != Tool::Plain, "{t:?}");
            assert_eq!(Tool::parse(t.id()), Some(t));
        }
        assert_eq!(Tool::parse("Drizzle"), Some(Tool::DrizzleKit));
        assert_eq!(Tool::Flyway.config_path("sql/V1__a.sql").as_deref(), Some("sql/V1__a.sql.conf"));
        assert_eq!(Tool::Diesel.config_path("2020_a/up.sql").as_deref(), Some("2020_a/metadata.toml"));
        assert_eq!(Tool::Sqlx.config_path("1_a.sql"), None);
    }

    #[test]
    fn dbmate_markers_as_dbmate_reads_them() {
        assert!(!is_section("-- migrate:upx", "up") && is_section("--migrate:up", "up") && is_section("--   migrate:up transaction:false", "up"));
        // dbmate's regexp anchors `--` at the start of the line.
        assert!(!is_section("  -- migrate:up", "up"));
    }

    #[test]
    fn settings_files() {
        assert_eq!(setting(Some("# comment\nexecuteInTransaction = false # why\n"), "executeInTransaction"), Some(false));
        assert_eq!(setting(Some("run_in_transaction=true"), "run_in_transaction"), Some(true));
        assert_eq!(setting(Some("run_in_transaction_x = false"), "run_in_transaction"), None);
        assert_eq!(setting(None, "run_in_transaction"), None);
    }
}
