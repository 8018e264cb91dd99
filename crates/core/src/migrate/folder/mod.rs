//! Migration folders: a project's migration history read the way its tool reads it, replayed into
//! the schema, each migration checked against the schema as it stood just before it.
//!
//! ```text
//! files (path, text) ──read──▶ History (layout, dialect, migrations in the tool's order)
//!                                  ├─ schema_at(n)      → the schema after n migrations
//!                                  └─ FolderJob / check → per file: checked?, today's statement reports
//! ```
//!
//! Contract:
//! - [`read`] takes the folder's files as relative paths and texts (the CLI reads the disk, the
//!   browser reads dropped files; nothing here touches a file system) and never panics. Layouts
//!   and their order are in `layout.rs` (one claim function per tool, one transaction table).
//!   What it cannot use becomes a [`Problem`] naming the file: an unreadable file, a folder with
//!   two layouts, files named like no tool, an empty folder, a journal naming a missing file.
//! - Only the part a tool applies is replayed (dbmate's `-- migrate:up` section, never a down
//!   file); [`Migration::sql`] is the file with everything else blanked, so lines and byte
//!   offsets in reports are the file's own. Downs are kept for the diff view.
//! - The replay reads the up parts as one script whose files are split on their own
//!   ([`crate::parse::ParseJob::segmented`]), so the schema after migration `n` is exactly what
//!   `parse` makes of those files, and model spans point at the file that made each item.

mod layout;
pub mod output;
mod read;
mod replay;
#[cfg(test)]
mod tests;
pub mod version;

pub use layout::{wanted, wanted_pattern, Layout};
pub use read::read;
pub use replay::{check, lock_summary, schema_at, FileReport, FolderJob, FolderReport, Point, PointJob, Script, Selection};

use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use std::ops::Range;

/// One file of a folder: its path relative to the folder (`/`-separated) and its text, or why it
/// could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: Result<String, String>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { path: path.into(), text: Ok(text.into()) }
    }
}

/// How to read a folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Use this layout instead of recognising one.
    pub layout: Option<Layout>,
    /// The migrations in this order (paths or names, as `--order FILE` lists them); others are left out.
    pub order: Option<Vec<String>>,
    /// The dialect, when the person said (else the folder's lock file or journal, else the
    /// folder's path, else the SQL).
    pub dialect: Option<Dialect>,
    /// The folder's own path or name as the person gave it: words in it such as `sqlite` or
    /// `mysql` tell the dialect when the folder does not.
    pub name: Option<String>,
}

/// A down part: the SQL that reverts a migration (a `down.sql`, `.down.sql` or `U` file, or
/// dbmate's `-- migrate:down` section).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Down {
    pub path: String,
    pub text: String,
    /// The part of `text` that is the down migration.
    pub range: Range<usize>,
}

/// One migration of a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// As the tool names it (`20230404095503_init`, `V1.1__add`, `0.17/00__inbox`).
    pub name: String,
    /// The file holding the up part, relative to the folder.
    pub path: String,
    /// The whole file (empty when unreadable).
    pub text: String,
    /// The part of `text` the tool applies.
    pub up: Range<usize>,
    pub down: Option<Down>,
    /// Whether the tool runs it in a transaction (its default, then the file's own directive).
    pub in_transaction: bool,
    /// Why the file could not be read (then nothing of it is replayed).
    pub unreadable: Option<String>,
}

impl Migration {
    /// The file with everything outside the up part blanked (newlines kept), so offsets and
    /// lines into it are the file's own.
    pub fn sql(&self) -> std::borrow::Cow<'_, str> {
        if self.up == (0..self.text.len()) {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        for (i, c) in self.text.char_indices() {
            if self.up.contains(&i) || c == '\n' {
                out.push(c);
            } else {
                // One space per byte: offsets stay the file's own.
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// The down SQL, if the migration has one.
    pub fn down_sql(&self) -> Option<&str> {
        self.down.as_ref().and_then(|d| d.text.get(d.range.clone()))
    }
}

/// Something about the folder a person should know, at a file (and line, 0 for the whole file)
/// where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: Option<String>,
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn at(path: &str, severity: Severity, message: impl Into<String>) -> Problem {
        Problem { path: Some(path.to_string()), line: 0, severity, message: message.into() }
    }

    pub fn folder(severity: Severity, message: impl Into<String>) -> Problem {
        Problem { path: None, line: 0, severity, message: message.into() }
    }
}

/// A migration history in the tool's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    pub layout: Layout,
    pub dialect: Dialect,
    /// Where the dialect came from (`--dialect`, `migration_lock.toml`, the SQL, ...).
    pub dialect_from: &'static str,
    /// The order came from `--order` rather than the layout.
    pub order_given: bool,
    pub migrations: Vec<Migration>,
    pub problems: Vec<Problem>,
}

impl History {
    /// A history of the given files in the given order (`check-migration A.sql B.sql`).
    pub fn listed(files: Vec<SourceFile>, dialect: Dialect) -> History {
        let order = files.iter().map(|f| f.path.clone()).collect();
        read(files, &ReadOptions { layout: Some(Layout::Listed), order: Some(order), dialect: Some(dialect), name: None })
    }

    /// The migration a `--at` / `--only` argument means: a 1-based number (`0`: before the
    /// first), a name, a path, or a unique prefix of a name (a version such as `20230404095503`).
    /// Returns the number of migrations applied at that point.
    pub fn point(&self, spec: &str) -> Result<usize, String> {
        let spec = spec.trim().trim_end_matches('/');
        if !spec.is_empty() && spec.bytes().all(|c| c.is_ascii_digit()) && spec.len() <= 6 {
            let n: usize = spec.parse().map_err(|_| format!("bad migration number {spec:?}"))?;
            return if n <= self.migrations.len() {
                Ok(n)
            } else {
                Err(format!("there are {} migrations; {n} is past the last", self.migrations.len()))
            };
        }
        let exact = |m: &Migration| m.name == spec || m.path == spec || layout::dir_name(&m.path) == spec;
        if let Some(i) = self.migrations.iter().position(exact) {
            return Ok(i + 1);
        }
        let hits: Vec<usize> = (0..self.migrations.len()).filter(|&i| self.migrations[i].name.starts_with(spec) || self.migrations[i].path.starts_with(spec)).collect();
        match hits.as_slice() {
            [i] => Ok(i + 1),
            [] => Err(format!("no migration is called {spec:?}")),
            _ => Err(format!("{spec:?} matches {} migrations ({}, {}, ...); give more of the name", hits.len(), self.migrations[hits[0]].name, self.migrations[hits[1]].name)),
        }
    }
}
