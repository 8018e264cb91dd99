//! `schemaplay check-migration`: the migration-safety check on the command line, for one file or
//! a migration folder (its history replayed, each migration checked against the schema before
//! it; `--since N` / `--only FILE...` check some and replay all).

use super::folder::{self, is_dir};
use super::{read_input, sarif, severity, Args, Failure};
use schemaplay_core::migrate::folder::{self as engine, output, History, Selection, SourceFile};
use schemaplay_core::migrate::{check, report_json, report_text, tool, CheckOptions};
use schemaplay_core::{parse, Severity};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

fn mysql_version(s: &str) -> Result<(u32, u32, u32), String> {
    let p: Vec<u32> = s.split('.').map(|x| x.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| format!("bad --mysql-version {s:?} (expected X.Y.Z)"))?;
    Ok((p.first().copied().unwrap_or(8), p.get(1).copied().unwrap_or(0), p.get(2).copied().unwrap_or(0)))
}

const OPTIONS: [&str; 13] =
    ["--tool", "--dialect", "--format", "--schema", "--pg-version", "--mysql-version", "--no-transaction", "--fail-on", "--only", "--since", "--order", "--layout", "--prefix"];

fn check_options(a: &Args) -> Result<CheckOptions, Failure> {
    let mut opts = CheckOptions::default();
    if let Some(v) = a.opt("--pg-version") {
        opts.pg_version = v.parse().ok().filter(|n| (9..=30).contains(n)).ok_or_else(|| Failure::Usage(format!("bad --pg-version {v:?} (expected a major version such as 16)")))?;
    }
    if let Some(v) = a.opt("--mysql-version") {
        opts.mysql_version = mysql_version(v).map_err(Failure::Usage)?;
    }
    opts.in_transaction = !a.flag("--no-transaction");
    Ok(opts)
}

pub fn run(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&OPTIONS).map_err(Failure::Usage)?;
    let format = a.format(&["json", "text", "sarif", "github", "markdown"]).map_err(Failure::Usage)?;
    let fail_on = severity(a.opt("--fail-on").unwrap_or("error")).map_err(Failure::Usage)?;
    let mut opts = check_options(a)?;
    let history_wanted = a.positional.len() > 1
        || a.positional.first().is_some_and(|p| is_dir(p))
        || ["--only", "--since", "--order", "--layout"].iter().any(|o| a.opt(o).is_some())
        || matches!(format, "github" | "markdown");
    if history_wanted {
        return run_history(a, format, fail_on, &opts);
    }
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let path = a.one_input().map_err(Failure::Usage)?;
    let base = match a.opt("--schema") {
        Some(p) => parse::parse(&read_input(p).map_err(Failure::Input)?, dialect).schema,
        None => schemaplay_core::Schema::new(dialect),
    };
    let text = read_input(path).map_err(Failure::Input)?;
    opts.in_transaction = match a.opt("--tool") {
        _ if a.flag("--no-transaction") => false,
        Some(t) => {
            let tool = tool::Tool::parse(t).ok_or_else(|| Failure::Usage(format!("unknown --tool {t:?} (expected one of {})", tool::Tool::ALL.map(|t| t.id()).join(", "))))?;
            // The tool's per-file settings beside the file (Flyway's `.conf`, diesel's `metadata.toml`).
            let path = path.replace('\\', "/");
            let config = tool.config_path(&path).and_then(|c| std::fs::read_to_string(c).ok());
            tool::wraps_in_transaction(tool, &path, &text, config.as_deref())
        }
        None => true,
    };
    let report = check(&base, &text, dialect, &opts);
    match format {
        "json" => println!("{}", report_json(&report)),
        "sarif" => {
            let uri = if path == "-" { "stdin.sql".to_string() } else { path.replace('\\', "/") };
            let s = serde_json::to_string_pretty(&sarif::migration_log(&uri, &text, &report)).map_err(|e| Failure::Input(e.to_string()))?;
            println!("{s}");
        }
        _ => print!("{}", report_text(&report)),
    }
    Ok(if report.max_severity().is_some_and(|s| s >= fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The history to check: a folder (`DIR`, with `--only` files after it), or files in the given order.
fn history_and_only(a: &Args) -> Result<(History, String, Vec<String>), Failure> {
    let mut only: Vec<String> = a.options.iter().filter(|(k, _)| k == "--only").map(|(_, v)| v.clone()).collect();
    match a.positional.as_slice() {
        [] => Err(Failure::Usage("missing input: a migration folder, or migration files in order".into())),
        [dir, rest @ ..] if is_dir(dir) => {
            if !rest.is_empty() && only.is_empty() {
                return Err(Failure::Usage("expected one migration folder (files to check go after --only)".into()));
            }
            only.extend(rest.iter().cloned());
            Ok((folder::history(a, dir)?, dir.clone(), only))
        }
        files => {
            let dialect = folder::given_dialect(a)?.unwrap_or_default();
            let sources: Vec<SourceFile> = files.iter().map(|p| SourceFile { path: p.replace('\\', "/"), text: read_input(p) }).collect();
            Ok((History::listed(sources, dialect), String::new(), only))
        }
    }
}

/// `--only` arguments (paths from the current folder or from DIR) as migration indices; what is
/// not a migration of the folder is said on stderr and skipped (CI passes every changed file).
fn only_indices(h: &History, dir: &str, only: &[String]) -> Vec<usize> {
    let root = Path::new(if dir.is_empty() { "." } else { dir }).canonicalize().ok();
    let mut out = Vec::new();
    for o in only {
        let o = o.replace('\\', "/");
        let rel = Path::new(&o).canonicalize().ok().and_then(|abs| Some(abs.strip_prefix(root.as_ref()?).ok()?.to_string_lossy().replace('\\', "/")));
        let cands = [rel.unwrap_or_default(), o.trim_start_matches("./").to_string()];
        let hit = h.migrations.iter().position(|m| cands.iter().any(|c| !c.is_empty() && (m.path == *c || m.name == *c || engine_dir(&m.path) == c)));
        match hit {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => {}
            None if h.migrations.iter().any(|m| m.down.as_ref().is_some_and(|d| cands.contains(&d.path))) => eprintln!("schemaplay: {o} is a down migration: not checked"),
            None => eprintln!("schemaplay: {o} is not a migration of {}: skipped", if dir.is_empty() { "the list" } else { dir }),
        }
    }
    out
}

fn engine_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn run_history(a: &Args, format: &str, fail_on: Severity, opts: &CheckOptions) -> Result<ExitCode, Failure> {
    let (history, dir, only) = history_and_only(a)?;
    let selection = match (a.opt("--since"), only.is_empty()) {
        (Some(_), false) => return Err(Failure::Usage("--since and --only do not go together".into())),
        (Some(n), true) => Selection::Newest(n.parse().map_err(|_| Failure::Usage(format!("bad --since {n:?} (expected a number of migrations)")))?),
        (None, false) => Selection::Only(only_indices(&history, &dir, &only)),
        (None, true) => Selection::All,
    };
    let base = match a.opt("--schema") {
        Some(p) => Some(parse::parse(&read_input(p).map_err(Failure::Input)?, history.dialect).schema),
        None => None,
    };
    let prefix = a.opt("--prefix").map(str::to_string).unwrap_or_else(|| dir.clone());
    let report = engine::check(Arc::new(history), &selection, opts, base);
    match format {
        "json" => println!("{}", output::json(&report)),
        "github" => print!("{}", output::github(&report, &prefix)),
        "markdown" => print!("{}", output::markdown(&report, &prefix)),
        "sarif" => {
            let h = &report.history;
            let files: Vec<(String, &str, &schemaplay_core::migrate::MigrationReport)> =
                report.files.iter().filter(|f| f.checked).map(|f| (output::joined(&prefix, &h.migrations[f.migration].path), h.migrations[f.migration].text.as_str(), &f.report)).collect();
            println!("{}", serde_json::to_string_pretty(&sarif::migration_log_files(&files)).map_err(|e| Failure::Input(e.to_string()))?);
        }
        _ => print!("{}", output::text(&report)),
    }
    if !matches!(format, "text" | "github") {
        folder::report_problems(if dir.is_empty() { "." } else { &dir }, &report.history);
    }
    if report.history.problems.iter().any(|p| p.severity == Severity::Error) {
        return Ok(ExitCode::from(2));
    }
    Ok(if report.max_severity().is_some_and(|s| s >= fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
