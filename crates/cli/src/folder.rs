//! Migration folders on the command line: reading a directory into the engine's
//! [`SourceFile`]s, and the schema of a folder at a point of its history as an input of
//! `inspect`, `lint`, `erd`, `generate` and `diff` (the same joined-files text the readers use for a
//! schema made of several files).

use super::input::Source;
use super::{read_input, Args, Failure};
use schemaplay_core::migrate::folder::{self, History, Layout, ReadOptions, SourceFile};
use schemaplay_core::parse::input::files::{join, SourceFile as JoinFile};
use schemaplay_core::parse::InputKind;
use schemaplay_core::Dialect;
use std::path::Path;

fn walk(root: &Path, rel: &str, depth: usize, out: &mut Vec<SourceFile>) -> Result<(), String> {
    let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    let mut entries: Vec<_> = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let meta = std::fs::metadata(e.path());
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            if depth < 8 {
                walk(root, &path, depth + 1, out)?;
            }
        } else if folder::wanted(&name) {
            let text = std::fs::read(e.path()).map(|b| String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())).map_err(|e| e.to_string());
            out.push(SourceFile { path, text });
        }
    }
    Ok(())
}

/// The files of a migration folder (relative paths), unreadable ones with their error.
pub fn read_dir(dir: &str) -> Result<Vec<SourceFile>, Failure> {
    let mut out = Vec::new();
    walk(Path::new(dir), "", 0, &mut out).map_err(Failure::Input)?;
    Ok(out)
}

pub fn is_dir(path: &str) -> bool {
    path != "-" && Path::new(path).is_dir()
}

/// `--dialect` only when the person gave it (a folder may state its own).
pub fn given_dialect(a: &Args) -> Result<Option<Dialect>, Failure> {
    match a.opt("--dialect") {
        None => Ok(None),
        Some(_) => a.dialect().map(Some).map_err(Failure::Usage),
    }
}

/// Reading options from `--layout`, `--order FILE` and `--dialect`.
pub fn read_options(a: &Args) -> Result<ReadOptions, Failure> {
    let layout = match a.opt("--layout") {
        None => None,
        Some(l) => Some(Layout::parse(l).ok_or_else(|| Failure::Usage(format!("unknown --layout {l:?} (expected {})", Layout::ALL.iter().map(|l| l.id()).collect::<Vec<_>>().join(", "))))?),
    };
    let order = match a.opt("--order") {
        None => None,
        Some(p) => Some(read_input(p).map_err(Failure::Input)?.lines().map(str::to_string).collect()),
    };
    Ok(ReadOptions { layout, order, dialect: given_dialect(a)?, name: None })
}

/// Reads a folder as a history; its problems go to stderr when `report` is set.
pub fn history(a: &Args, dir: &str) -> Result<History, Failure> {
    let files = read_dir(dir)?;
    // The folder's own name may say the dialect (`migrations/sqlite`): resolve `.` and `..`.
    let name = Path::new(dir).canonicalize().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| dir.to_string());
    Ok(folder::read(files, &ReadOptions { name: Some(name), ..read_options(a)? }))
}

/// Prints a folder's problems (`DIR/path:line: severity: message`) on stderr.
pub fn report_problems(dir: &str, h: &History) {
    for p in &h.problems {
        let at = match (&p.path, p.line) {
            (Some(path), 0) => format!("{}: ", folder::output::joined(dir, path)),
            (Some(path), l) => format!("{}:{l}: ", folder::output::joined(dir, path)),
            (None, _) => format!("{dir}: "),
        };
        eprintln!("{at}{}: {}", p.severity.id(), p.message);
    }
}

/// The options schema commands take for migration folders.
pub const OPTIONS: [&str; 3] = ["--at", "--order", "--layout"];

/// Whether `path` is read as a migration history: a folder with `--at`, or a folder without
/// `--from` that holds SQL files and no schema files of another kind (a Prisma schema folder,
/// DBML, Drizzle: those are one schema, see `input.rs`). A folder with neither is left to the
/// schema reader, whose message names what it looked for.
pub fn is_history(path: &str, from: Option<InputKind>, at: bool) -> bool {
    is_dir(path) && (at || (from.is_none() && super::input::load(path, None).is_err() && has_sql(path)))
}

fn has_sql(dir: &str) -> bool {
    read_dir(dir).is_ok_and(|files| files.iter().any(|f| f.path.ends_with(".sql") || f.path.contains(".sql.")))
}

/// The schema of a migration folder after its first `n` migrations, as an input like any other:
/// the applied parts of those files joined into one SQL text with a marker line before each file
/// (`parse::input::files`), so positions in messages, JSON and SARIF are each file's own.
fn source(h: &History, n: usize) -> Source {
    let files: Vec<JoinFile> = h.migrations.iter().take(n).map(|m| JoinFile { name: m.path.clone(), text: m.sql().into_owned() }).collect();
    Source { text: join(&files, InputKind::Sql.line_comment()), kind: InputKind::Sql, multi: files.len() > 1, dialect: Some(h.dialect), history: true }
}

fn point(h: &History, spec: Option<&str>, what: &str) -> Result<usize, Failure> {
    match spec {
        Some(s) => h.point(s).map_err(|e| Failure::Usage(format!("{what}: {e}"))),
        None => Ok(h.migrations.len()),
    }
}

fn replayable(dir: &str, a: &Args) -> Result<History, Failure> {
    let h = history(a, dir)?;
    report_problems(dir, &h);
    if h.migrations.is_empty() {
        return Err(Failure::Input(format!("{dir}: no migrations to replay")));
    }
    Ok(h)
}

/// The schema of a migration folder after its whole history, or after `--at N|NAME`.
pub fn source_at(a: &Args, dir: &str, at: Option<&str>) -> Result<Source, Failure> {
    let h = replayable(dir, a)?;
    let n = point(&h, at, "--at")?;
    Ok(source(&h, n))
}

/// `diff --old P --new P DIR`: two points of one history (defaults: `--new` the end, `--old` the
/// migration before it).
pub fn two_points(a: &Args, dir: &str) -> Result<(Source, Source), Failure> {
    let h = replayable(dir, a)?;
    let new = point(&h, a.opt("--new"), "--new")?;
    let old = match a.opt("--old") {
        Some(_) => point(&h, a.opt("--old"), "--old")?,
        None => new.saturating_sub(1),
    };
    Ok((source(&h, old), source(&h, new)))
}
