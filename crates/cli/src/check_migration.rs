//! `schemaplay check-migration`: the migration-safety check on the command line.

use super::{read_input, sarif, severity, Args, Failure};
use schemaplay_core::migrate::{check, report_json, report_text, tool, CheckOptions};
use schemaplay_core::parse;
use std::process::ExitCode;

fn mysql_version(s: &str) -> Result<(u32, u32, u32), String> {
    let p: Vec<u32> = s.split('.').map(|x| x.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| format!("bad --mysql-version {s:?} (expected X.Y.Z)"))?;
    Ok((p.first().copied().unwrap_or(8), p.get(1).copied().unwrap_or(0), p.get(2).copied().unwrap_or(0)))
}

pub fn run(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&["--dialect", "--format", "--schema", "--pg-version", "--mysql-version", "--no-transaction", "--fail-on", "--tool"]).map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let format = a.format(&["json", "text", "sarif"]).map_err(Failure::Usage)?;
    let fail_on = severity(a.opt("--fail-on").unwrap_or("error")).map_err(Failure::Usage)?;
    let mut opts = CheckOptions::default();
    if let Some(v) = a.opt("--pg-version") {
        opts.pg_version = v.parse().ok().filter(|n| (9..=30).contains(n)).ok_or_else(|| Failure::Usage(format!("bad --pg-version {v:?} (expected a major version such as 16)")))?;
    }
    if let Some(v) = a.opt("--mysql-version") {
        opts.mysql_version = mysql_version(v).map_err(Failure::Usage)?;
    }
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
            tool::wraps_in_transaction(tool, &text, None)
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
