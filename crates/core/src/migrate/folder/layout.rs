//! The migration-folder layouts: how each tool names its files, which part of a file it applies,
//! in which order, and whether it runs a migration in a transaction.
//!
//! Contract: [`claim`] says what a file is under a layout (an up or down part of which migration,
//! its version) from its path and text alone; [`cmp`] orders two migrations exactly as the tool
//! does; [`Layout::wraps_in_transaction`] asks the layout's tool ([`crate::migrate::tool`], the one
//! table of transaction behaviour). Nothing here reads the file system or panics.

use super::version::{cmp_digits, cmp_dotted, is_dotted, leading_digits};
use crate::migrate::tool::{self, is_section, Tool};
use crate::dialect::Dialect;
use std::cmp::Ordering;

/// A migration tool's folder layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// Prisma Migrate: `<timestamp>_<name>/migration.sql` (+ `migration_lock.toml`), by folder name.
    Prisma,
    /// drizzle-kit: `NNNN_<name>.sql` in the order of `meta/_journal.json`.
    Drizzle,
    /// Diesel: `<version>_<name>/up.sql` + `down.sql`, by version text (dashes removed).
    Diesel,
    /// dbmate: `<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections, by file name.
    Dbmate,
    /// Flyway: `V<version>__<desc>.sql` by version (`1.10` after `1.9`), then repeatable `R__<desc>.sql`
    /// by description; `U<version>__` files undo.
    Flyway,
    /// gobuffalo/pop (fizz SQL): `<version>_<name>[.<dialect>][.autocommit].up.sql`, a dialect's own
    /// file taking the place of the generic one.
    Pop,
    /// golang-migrate: `<version>_<name>.up.sql` / `.down.sql`, by version number.
    GolangMigrate,
    /// sqlx: `<version>_<name>.sql` or `.up.sql` / `.down.sql`, by version number (chosen with
    /// `--layout sqlx`: its files look like timestamped or up/down files, which order the same).
    Sqlx,
    /// Version folders (`0.17/`, `v1.10/`, `73/`) holding files, by folder version then file name
    /// (memos, Temporal, Synapse deltas).
    VersionedDirs,
    /// Rails-style timestamped files `YYYYMMDDHHMMSS_<name>.sql` (sqlx names its files so too), by number.
    Timestamps,
    /// Plain numbered files `001_<name>.sql`, `0002-<name>.sql`, by number.
    Numbered,
    /// The order given by `--order` or by listing files.
    Listed,
    /// Files named like no known tool: name order, with a warning.
    Unknown,
}

impl Layout {
    pub const ALL: [Layout; 13] = [
        Layout::Prisma,
        Layout::Drizzle,
        Layout::Diesel,
        Layout::Dbmate,
        Layout::Flyway,
        Layout::Pop,
        Layout::GolangMigrate,
        Layout::Sqlx,
        Layout::VersionedDirs,
        Layout::Timestamps,
        Layout::Numbered,
        Layout::Listed,
        Layout::Unknown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layout::Prisma => "prisma",
            Layout::Drizzle => "drizzle",
            Layout::Diesel => "diesel",
            Layout::Dbmate => "dbmate",
            Layout::Flyway => "flyway",
            Layout::Pop => "pop",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Sqlx => "sqlx",
            Layout::VersionedDirs => "versioned-dirs",
            Layout::Timestamps => "timestamps",
            Layout::Numbered => "numbered",
            Layout::Listed => "listed",
            Layout::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.id() == s)
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Layout::Prisma => "Prisma Migrate",
            Layout::Drizzle => "drizzle-kit",
            Layout::Diesel => "Diesel",
            Layout::Dbmate => "dbmate",
            Layout::Flyway => "Flyway",
            Layout::Pop => "pop (gobuffalo)",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Sqlx => "sqlx",
            Layout::VersionedDirs => "version folders",
            Layout::Timestamps => "timestamped files",
            Layout::Numbered => "numbered files",
            Layout::Listed => "files in the given order",
            Layout::Unknown => "unrecognised files",
        }
    }

    /// The migration tool whose files this layout reads, for its transaction behaviour
    /// ([`tool::wraps_in_transaction`], the one table). Timestamped files take sqlx's directive
    /// (sqlx names its files so; Rails's own migrations are Ruby), listed files dbmate's
    /// (they may have its sections). Version folders, numbered and unrecognised files name no
    /// tool: the checker's default (a transaction) applies.
    pub fn tool(self) -> Option<Tool> {
        match self {
            Layout::Prisma => Some(Tool::Prisma),
            Layout::Drizzle => Some(Tool::DrizzleKit),
            Layout::Diesel => Some(Tool::Diesel),
            Layout::Dbmate | Layout::Listed => Some(Tool::Dbmate),
            Layout::Flyway => Some(Tool::Flyway),
            Layout::Pop => Some(Tool::Pop),
            Layout::GolangMigrate => Some(Tool::GolangMigrate),
            Layout::Sqlx | Layout::Timestamps => Some(Tool::Sqlx),
            Layout::VersionedDirs | Layout::Numbered | Layout::Unknown => None,
        }
    }

    /// Whether this layout's tool runs the file at `path` in a transaction; `config` is the text
    /// at the tool's [`Tool::config_path`] for it, if any.
    pub fn wraps_in_transaction(self, path: &str, text: &str, config: Option<&str>) -> bool {
        self.tool().is_none_or(|t| tool::wraps_in_transaction(t, path, text, config))
    }

    /// Whether the tool applies a file's `-- migrate:up` section rather than the whole file.
    fn sections(self) -> bool {
        matches!(self, Layout::Dbmate | Layout::Listed)
    }
}

/// What a file is under a layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Files with the same group are parts (up, down, dialect variants) of one migration.
    pub group: String,
    /// The migration's name as shown (folder or file name without the extension).
    pub name: String,
    /// What the tool sorts by (see [`cmp`]).
    pub key: String,
    pub role: Role,
    /// A dialect-specific variant (`postgres`, `sqlite3`, ... from `x.postgres.up.sql` or
    /// `x.sql.sqlite`); `None` for the file all dialects use.
    pub variant: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Up,
    Down,
    /// One file holding both (dbmate sections).
    Sections,
}

/// The last path component.
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder part of a path (`""` at the top).
pub fn dir_name(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// The dialect suffixes Synapse puts after `.sql` (`x.sql.postgres`).
const SQL_VARIANTS: [&str; 3] = ["postgres", "sqlite", "mysql"];

/// The files beside the SQL that a folder's tool reads: Prisma's lock file (the dialect),
/// drizzle-kit's journal (the order), diesel's per-migration settings.
const SIDE_FILES: [&str; 3] = ["migration_lock.toml", "_journal.json", "metadata.toml"];

/// Flyway's per-script settings, `<script>.sql.conf` ([`Tool::config_path`]).
const SCRIPT_CONF: &str = ".conf";

/// `x.sql.postgres` → (`x.sql`, Some("postgres")) for the dialect suffixes Synapse uses.
fn sql_variant(name: &str) -> Option<(&str, Option<String>)> {
    if name.ends_with(".sql") {
        return Some((name, None));
    }
    let (stem, suffix) = name.rsplit_once('.')?;
    (stem.ends_with(".sql") && SQL_VARIANTS.contains(&suffix)).then(|| (stem, Some(suffix.to_string())))
}

/// Whether the file at `path` is a migration script of some layout (`.sql`, or `.sql.<dialect>`).
pub fn is_sql(path: &str) -> bool {
    sql_variant(base_name(path)).is_some()
}

/// The one list of file kinds a migration folder is read for: its SQL scripts, Flyway's
/// `<script>.sql.conf` and the [`SIDE_FILES`]; everything else in the tree is left alone. The
/// CLI's directory walk asks this; the browser's folder picker filters paths by
/// [`wanted_pattern`], the same list.
pub fn wanted(path: &str) -> bool {
    let base = base_name(path);
    is_sql(base) || base.strip_suffix(SCRIPT_CONF).is_some_and(|script| script.ends_with(".sql")) || SIDE_FILES.contains(&base)
}

/// [`wanted`] as a regular expression over `/`-separated paths, in the syntax JavaScript's
/// `RegExp` and Rust's `regex` share, for the browser's file picker (case-sensitive, as
/// [`wanted`] is).
pub fn wanted_pattern() -> String {
    let escape = |s: &str| s.replace('.', r"\.");
    let suffixes: Vec<String> = SQL_VARIANTS.iter().map(|v| escape(v)).chain([escape(SCRIPT_CONF.trim_start_matches('.'))]).collect();
    let side: Vec<String> = SIDE_FILES.iter().map(|f| escape(f)).collect();
    format!(r"\.sql(\.({}))?$|(^|/)({})$", suffixes.join("|"), side.join("|"))
}

/// The byte range of the part of a file its tool applies as the migration: the `-- migrate:up`
/// section for dbmate (and for listed files that have one), else the whole text. Also the down
/// section's range, where there is one.
pub fn parts(layout: Layout, text: &str) -> (std::ops::Range<usize>, Option<std::ops::Range<usize>>) {
    if !layout.sections() {
        return (0..text.len(), None);
    }
    let mut up = None;
    let mut down = None;
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        if up.is_none() && is_section(line.trim_end(), "up") {
            up = Some(off + line.len());
        } else if up.is_some() && down.is_none() && is_section(line.trim_end(), "down") {
            down = Some((off, off + line.len()));
        }
        off += line.len();
    }
    match (up, down) {
        (Some(u), Some((ds, de))) => (u..ds, Some(de..text.len())),
        (Some(u), None) => (u..text.len(), None),
        (None, _) => (0..text.len(), None),
    }
}

fn claim_file(name: String, key: String, group: String, role: Role, variant: Option<String>) -> Option<Claim> {
    Some(Claim { group, name, key, role, variant })
}

/// What `path` is under `layout`, or `None` when the layout does not use it.
pub fn claim(layout: Layout, path: &str) -> Option<Claim> {
    let base = base_name(path);
    let dir = dir_name(path);
    match layout {
        Layout::Prisma => (base == "migration.sql" && !dir.is_empty())
            .then(|| claim_file(base_name(dir).to_string(), base_name(dir).to_string(), dir.to_string(), Role::Up, None))
            .flatten(),
        Layout::Diesel => {
            let role = match base {
                "up.sql" => Role::Up,
                "down.sql" => Role::Down,
                _ => return None,
            };
            let folder = base_name(dir);
            let version = folder.split('_').next().unwrap_or("").replace('-', "");
            (!dir.is_empty() && version.bytes().any(|c| c.is_ascii_digit())).then(|| claim_file(folder.to_string(), version, dir.to_string(), role, None)).flatten()
        }
        Layout::Drizzle => {
            let stem = base.strip_suffix(".sql")?;
            let digits = leading_digits(stem);
            (digits.len() == 4 && stem[4..].starts_with('_')).then(|| claim_file(stem.to_string(), digits.to_string(), path.to_string(), Role::Up, None)).flatten()
        }
        Layout::Dbmate => {
            let digits = leading_digits(base);
            (!digits.is_empty() && base.ends_with(".sql")).then(|| claim_file(base.trim_end_matches(".sql").to_string(), base.to_string(), path.to_string(), Role::Sections, None)).flatten()
        }
        Layout::Flyway => claim_flyway(base),
        Layout::Pop => claim_pop(path, base),
        Layout::GolangMigrate => {
            let digits = leading_digits(base);
            let (stem, role) = up_or_down(base)?;
            (!digits.is_empty() && stem[digits.len()..].starts_with('_'))
                .then(|| claim_file(stem.to_string(), digits.to_string(), format!("{dir}/{}", digits.trim_start_matches('0')), role, None))
                .flatten()
        }
        Layout::Sqlx => {
            let digits = leading_digits(base);
            let (stem, role) = up_or_down(base).or_else(|| base.strip_suffix(".sql").map(|s| (s, Role::Up)))?;
            (!digits.is_empty() && digits.len() <= 19 && stem[digits.len()..].starts_with('_'))
                .then(|| claim_file(stem.to_string(), digits.to_string(), format!("{dir}/{}", digits.trim_start_matches('0')), role, None))
                .flatten()
        }
        Layout::VersionedDirs => {
            let (file, variant) = sql_variant(base)?;
            let folder = base_name(dir);
            (is_dotted(folder) && !dir.is_empty() && !file.ends_with(".down.sql"))
                .then(|| claim_file(format!("{folder}/{}", file.trim_end_matches(".sql")), format!("{folder}/{file}"), format!("{dir}/{file}"), Role::Up, variant))
                .flatten()
        }
        Layout::Timestamps | Layout::Numbered => {
            let (file, variant) = sql_variant(base)?;
            let digits = leading_digits(file);
            let date_like = digits.len() >= 8 && (digits.starts_with("19") || digits.starts_with("20"));
            let ok = !digits.is_empty() && !file.ends_with(".down.sql") && (layout == Layout::Numbered || date_like);
            ok.then(|| claim_file(file.trim_end_matches(".sql").trim_end_matches(".up").to_string(), digits.to_string(), format!("{dir}/{file}"), Role::Up, variant)).flatten()
        }
        Layout::Listed | Layout::Unknown => {
            let (file, variant) = sql_variant(base)?;
            claim_file(file.trim_end_matches(".sql").to_string(), path.to_string(), format!("{dir}/{file}"), if layout == Layout::Listed { Role::Sections } else { Role::Up }, variant)
        }
    }
}

/// `x.up.sql` → (`x`, Up), `x.down.sql` → (`x`, Down).
fn up_or_down(base: &str) -> Option<(&str, Role)> {
    if let Some(s) = base.strip_suffix(".up.sql") {
        Some((s, Role::Up))
    } else {
        base.strip_suffix(".down.sql").map(|s| (s, Role::Down))
    }
}

fn claim_flyway(base: &str) -> Option<Claim> {
    let stem = base.strip_suffix(".sql")?;
    if let Some(desc) = stem.strip_prefix("R__") {
        return claim_file(stem.to_string(), format!("R {desc}"), format!("R:{desc}"), Role::Up, None);
    }
    let (role, rest) = match stem.strip_prefix('V') {
        Some(rest) => (Role::Up, rest),
        None => (Role::Down, stem.strip_prefix('U')?),
    };
    let (version, _desc) = rest.split_once("__")?;
    (version.starts_with(|c: char| c.is_ascii_digit()) && is_dotted(version))
        .then(|| claim_file(stem.to_string(), format!("V {version}"), format!("V:{}", version.replace('_', ".")), role, None))
        .flatten()
}

/// The dialect names pop (and GoTrue, Kratos) put in file names.
const POP_DIALECTS: [&str; 11] = ["postgres", "postgresql", "pg", "cockroach", "cockroachdb", "mysql", "mariadb", "sqlite", "sqlite3", "mssql", "sqlserver"];

/// pop's `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`.
fn claim_pop(path: &str, base: &str) -> Option<Claim> {
    let (stem, role) = up_or_down(base)?;
    let stem = stem.strip_suffix(".autocommit").unwrap_or(stem);
    let digits = leading_digits(stem);
    let rest = stem.get(digits.len()..)?.strip_prefix('_')?;
    if digits.is_empty() {
        return None;
    }
    let (name, variant) = match rest.rsplit_once('.') {
        Some((n, d)) if POP_DIALECTS.contains(&d) => (n, Some(d.to_string())),
        _ => (rest, None),
    };
    claim_file(format!("{digits}_{name}"), digits.to_string(), format!("{}/{digits}", dir_name(path)), role, variant)
}

/// The folder a migration's history lives in: the parent of a migration folder (Prisma, Diesel)
/// or of a version folder, else the file's folder. Two roots in one layout are two histories.
pub fn root(layout: Layout, path: &str) -> &str {
    match layout {
        Layout::Prisma | Layout::Diesel | Layout::VersionedDirs => dir_name(dir_name(path)),
        _ => dir_name(path),
    }
}

/// Whether a variant name (`postgres`, `sqlite3`, ...) is written for `dialect`.
pub fn variant_is(variant: &str, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres => matches!(variant, "postgres" | "postgresql" | "pg"),
        Dialect::Mysql => matches!(variant, "mysql" | "mariadb"),
        Dialect::Sqlite => matches!(variant, "sqlite" | "sqlite3"),
    }
}

/// The tool's order of two migrations (by their up part's claim); ties by `group`.
pub fn cmp(layout: Layout, a: &Claim, b: &Claim) -> Ordering {
    let by_key = match layout {
        // Prisma and dbmate compare names as strings; Diesel its version text.
        Layout::Prisma | Layout::Dbmate | Layout::Diesel | Layout::Unknown => a.key.cmp(&b.key),
        Layout::Flyway => {
            let (ka, va) = a.key.split_at(1);
            let (kb, vb) = b.key.split_at(1);
            // Versioned (V) before repeatable (R); versions by value, repeatables by description.
            kb.cmp(ka).then_with(|| if ka == "V" { cmp_dotted(va.trim(), vb.trim()) } else { va.cmp(vb) })
        }
        Layout::VersionedDirs => {
            let (da, fa) = a.key.split_once('/').unwrap_or(("", &a.key));
            let (db, fb) = b.key.split_once('/').unwrap_or(("", &b.key));
            cmp_dotted(da, db).then_with(|| fa.cmp(fb))
        }
        Layout::Pop | Layout::GolangMigrate | Layout::Sqlx | Layout::Timestamps | Layout::Numbered | Layout::Drizzle => cmp_digits(&a.key, &b.key),
        Layout::Listed => Ordering::Equal,
    };
    by_key.then_with(|| a.group.cmp(&b.group))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(l: Layout, p: &str) -> Option<(String, Role)> {
        claim(l, p).map(|c| (c.key, c.role))
    }

    #[test]
    fn claims_follow_each_tools_naming() {
        assert_eq!(key(Layout::Prisma, "20230404095503_init/migration.sql"), Some(("20230404095503_init".into(), Role::Up)));
        assert_eq!(key(Layout::Prisma, "migration.sql"), None);
        assert_eq!(key(Layout::Diesel, "2022-08-14-090630_checksum-column/up.sql"), Some(("20220814090630".into(), Role::Up)));
        assert_eq!(key(Layout::Diesel, "2022-08-14-090630_checksum-column/down.sql").map(|k| k.1), Some(Role::Down));
        assert_eq!(key(Layout::Flyway, "V1.10__add.sql"), Some(("V 1.10".into(), Role::Up)));
        assert_eq!(key(Layout::Flyway, "U1.10__add.sql").map(|k| k.1), Some(Role::Down));
        assert_eq!(key(Layout::Flyway, "R__views.sql"), Some(("R views".into(), Role::Up)));
        assert_eq!(key(Layout::Flyway, "Vx__a.sql"), None);
        assert_eq!(key(Layout::GolangMigrate, "000012_add.up.sql"), Some(("000012".into(), Role::Up)));
        assert_eq!(key(Layout::GolangMigrate, "12_add.sql"), None);
        let pop = claim(Layout::Pop, "20240214113828000000_idx.mysql.up.sql").unwrap();
        assert_eq!((pop.variant.as_deref(), pop.role), (Some("mysql"), Role::Up));
        assert!(claim(Layout::Pop, "20240214113828000000_idx.autocommit.up.sql").unwrap().variant.is_none());
        assert_eq!(key(Layout::Drizzle, "0007_cute_guardsmen.sql"), Some(("0007".into(), Role::Up)));
        assert_eq!(key(Layout::VersionedDirs, "0.17/00__inbox.sql"), Some(("0.17/00__inbox.sql".into(), Role::Up)));
        let syn = claim(Layout::VersionedDirs, "73/05old_push_actions.sql.postgres").unwrap();
        assert_eq!((syn.group.as_str(), syn.variant.as_deref()), ("73/05old_push_actions.sql", Some("postgres")));
        assert_eq!(key(Layout::Timestamps, "2008030300.sql"), Some(("2008030300".into(), Role::Up)));
        assert_eq!(key(Layout::Timestamps, "0001_x.sql"), None);
        assert_eq!(key(Layout::Numbered, "0001-initialmigration.sql"), Some(("0001".into(), Role::Up)));
        assert_eq!(key(Layout::Numbered, "seed.sql"), None);
    }

    #[test]
    fn a_folder_is_read_for_its_scripts_their_settings_and_its_tools_side_files() {
        for p in ["V1__a.sql", "db/V2__idx.sql.conf", "73/05_x.sql.postgres", "a.sql.sqlite", "b.sql.mysql", "migration_lock.toml", "meta/_journal.json", "2020_a/metadata.toml"] {
            assert!(wanted(p), "{p}");
        }
        for p in ["README.md", "a.sql.bak", "a.conf", "a.sql.oracle", "a.sql.postgres.conf", "x_journal.json", "migration_lock.toml.orig", "sql/"] {
            assert!(!wanted(p), "{p}");
        }
        // Flyway's settings file is the one `Tool::config_path` names.
        assert!(wanted(&Tool::Flyway.config_path("sql/V1__a.sql").unwrap()));
        assert!(wanted(&Tool::Diesel.config_path("2020_a/up.sql").unwrap()));
        // `wanted_pattern` says the same to JavaScript's RegExp: tests/web.rs `folder_picker_wants_what_the_cli_reads`.
    }

    #[test]
    fn dbmate_sections_and_directives() {
        let text = "-- comment\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n-- migrate:down\nDROP INDEX i;\n";
        let (up, down) = parts(Layout::Dbmate, text);
        assert_eq!(&text[up], "CREATE INDEX CONCURRENTLY i ON t (a);\n\n");
        assert_eq!(&text[down.unwrap()], "DROP INDEX i;\n");
        assert!(!Layout::Dbmate.wraps_in_transaction("1_x.sql", text, None));
        assert!(Layout::Dbmate.wraps_in_transaction("1_x.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n", None));
        // No section markers: the whole file.
        assert_eq!(parts(Layout::Dbmate, "CREATE TABLE t (a int);"), (0..23, None));
    }
}
