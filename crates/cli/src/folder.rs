//! Migration folders on the command line: reading a directory into the engine's
//! [`SourceFile`]s, and the schema of a folder (at a point) for `inspect`, `lint`, `erd`,
//! `generate` and `diff`.

use super::{read_input, Args, Failure};
use schemaplay_core::migrate::folder::{self, History, Layout, Point, ReadOptions, SourceFile};
use schemaplay_core::parse::{self, Parsed};
use schemaplay_core::{Diagnostic, Dialect};
use std::path::Path;

/// Files a folder reader looks at (everything else in the tree is left alone).
fn wanted(name: &str) -> bool {
    name.ends_with(".sql") || name.ends_with(".sql.postgres") || name.ends_with(".sql.sqlite") || name.ends_with(".sql.mysql") || matches!(name, "migration_lock.toml" | "_journal.json" | "metadata.toml")
}

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
        } else if wanted(&name) {
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

/// A schema to work on: one file's, or a folder's at a point of its history.
pub struct SchemaInput {
    /// The text the schema was read from (the folder's replayed script for a folder).
    pub text: String,
    /// The dialect it was read in (a folder may state its own).
    pub dialect: Dialect,
    pub parsed: Parsed,
    /// The folder and its history, for a folder.
    pub folder: Option<(String, History, Point)>,
}

impl SchemaInput {
    /// The parse diagnostics with lines and columns of their own file (and that file).
    pub fn diagnostics(&self) -> Vec<(Option<String>, Diagnostic)> {
        match &self.folder {
            Some((dir, h, p)) => p.parsed.diagnostics.iter().map(|d| match p.script.localize(d) {
                Some((i, d)) => (Some(folder::output::joined(dir, &h.migrations[i].path)), d),
                None => (None, d.clone()),
            }).collect(),
            None => self.parsed.diagnostics.iter().map(|d| (None, d.clone())).collect(),
        }
    }
}

/// The schema of `path`: a file (or stdin), or a folder after its whole history or `--at N|NAME`.
pub fn schema_input(a: &Args, path: &str, dialect: Dialect) -> Result<SchemaInput, Failure> {
    if !is_dir(path) {
        if a.opt("--at").is_some() {
            return Err(Failure::Usage("--at needs a migration folder".into()));
        }
        let text = read_input(path).map_err(Failure::Input)?;
        let parsed = parse::parse(&text, dialect);
        return Ok(SchemaInput { text, parsed, dialect, folder: None });
    }
    let h = history(a, path)?;
    report_problems(path, &h);
    if h.migrations.is_empty() {
        return Err(Failure::Input(format!("{path}: no migrations to replay")));
    }
    let n = match a.opt("--at") {
        Some(spec) => h.point(spec).map_err(|e| Failure::Usage(format!("--at: {e}")))?,
        None => h.migrations.len(),
    };
    let point = folder::schema_at(&h, n, None);
    Ok(SchemaInput { text: point.script.text.clone(), parsed: point.parsed.clone(), dialect: h.dialect, folder: Some((path.to_string(), h, point)) })
}

/// The options every schema command accepts for folders.
pub const FOLDER_OPTIONS: [&str; 3] = ["--at", "--order", "--layout"];

/// `inspect DIR`: the model at the point (as for a file), with each diagnostic at its own file
/// (`"file"` in JSON, `file:line:col` in text) and the history in JSON (`"history"`).
pub fn inspect_folder(input: &SchemaInput, format: &str) -> String {
    use schemaplay_core::model::json::{to_text, Report};
    let Some((_, h, p)) = &input.folder else { return String::new() };
    let located = input.diagnostics();
    let diags: Vec<Diagnostic> = located.iter().map(|(_, d)| d.clone()).collect();
    if format == "json" {
        let mut v = serde_json::to_value(Report::new(&input.parsed.schema, &diags)).unwrap_or_default();
        if let Some(arr) = v.get_mut("diagnostics").and_then(|d| d.as_array_mut()) {
            for (d, (file, _)) in arr.iter_mut().zip(&located) {
                d["file"] = serde_json::json!(file);
            }
        }
        v["history"] = serde_json::json!({"layout": h.layout.id(), "migrations": h.migrations.len(), "at": p.script.segments.len(), "last": p.script.segments.len().checked_sub(1).map(|i| h.migrations[i].name.as_str())});
        return format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    let mut out = to_text(&input.parsed.schema, &[]);
    if !located.is_empty() {
        out.push('\n');
    }
    for (file, d) in &located {
        out.push_str(&format!("{}:{}:{}: {}: {}\n", file.as_deref().unwrap_or("?"), d.line, d.column, d.severity.id(), d.message));
    }
    out
}

/// A lint finding of a folder's script made its own file's (span, line, column), with that
/// file's index. Quick fixes are dropped: they would edit a migration that has already run (the
/// change belongs in a new migration).
fn localize(input: &SchemaInput, f: &schemaplay_core::lint::Finding) -> Option<(usize, schemaplay_core::lint::Finding)> {
    let (_, _, p) = input.folder.as_ref()?;
    let (i, off) = p.script.locate(f.span.start)?;
    let base = p.script.segments[i].start;
    let (_, line, col) = p.script.line_col(f.span.start)?;
    let mut g = f.clone();
    g.span = schemaplay_core::Span::new(off, f.span.end.saturating_sub(base).max(off));
    g.line = line;
    g.column_no = col;
    g.fix = None;
    Some((i, g))
}

/// `lint DIR`: the findings on the schema at the point, each at the migration that made the item.
pub fn lint_folder(input: &SchemaInput, findings: &[schemaplay_core::lint::Finding], format: &str) -> String {
    let Some((dir, h, _)) = &input.folder else { return String::new() };
    let located: Vec<(usize, schemaplay_core::lint::Finding)> = findings.iter().filter_map(|f| localize(input, f)).collect();
    let file = |i: usize| folder::output::joined(dir, &h.migrations[i].path);
    match format {
        "json" => {
            let arr: Vec<serde_json::Value> = located
                .iter()
                .map(|(i, f)| {
                    let mut v = serde_json::to_value(f).unwrap_or_default();
                    v["file"] = serde_json::json!(file(*i));
                    v
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&serde_json::json!({ "findings": arr })).unwrap_or_default())
        }
        "sarif" => {
            let mut per: Vec<(String, &str, Vec<schemaplay_core::lint::Finding>)> = Vec::new();
            for (i, f) in located {
                match per.iter_mut().find(|(u, _, _)| *u == file(i)) {
                    Some(e) => e.2.push(f),
                    None => per.push((file(i), h.migrations[i].text.as_str(), vec![f])),
                }
            }
            format!("{}\n", serde_json::to_string_pretty(&super::sarif::log_files(&per)).unwrap_or_default())
        }
        _ => {
            let mut s = String::new();
            for (i, f) in &located {
                s.push_str(super::lint_text(&file(*i), std::slice::from_ref(f)).lines().next().unwrap_or_default());
                s.push('\n');
            }
            let summary = super::lint_text("", findings);
            s.push_str(summary.lines().last().unwrap_or_default());
            s.push('\n');
            s
        }
    }
}

/// `diff DIR --from P --to P`: the schemas at two points of one history (defaults: `--to` the
/// end, `--from` the migration before it).
pub fn two_points(a: &Args, dir: &str) -> Result<(Parsed, Parsed, Dialect), Failure> {
    let h = history(a, dir)?;
    report_problems(dir, &h);
    let to = match a.opt("--to") {
        Some(spec) => h.point(spec).map_err(|e| Failure::Usage(format!("--to: {e}")))?,
        None => h.migrations.len(),
    };
    let from = match a.opt("--from") {
        Some(spec) => h.point(spec).map_err(|e| Failure::Usage(format!("--from: {e}")))?,
        None => to.saturating_sub(1),
    };
    let at = |n: usize| {
        let p = folder::schema_at(&h, n, None);
        for d in &p.parsed.diagnostics {
            if let Some((i, d)) = p.script.localize(d).filter(|(_, d)| d.severity >= schemaplay_core::Severity::Warning) {
                eprintln!("{}:{}:{}: {}", folder::output::joined(dir, &h.migrations[i].path), d.line, d.column, d.message);
            }
        }
        p.parsed
    };
    Ok((at(from), at(to), h.dialect))
}
