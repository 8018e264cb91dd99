//! `schemaplay`: the Schema Playground engine on the command line.
//!
//! A thin layer over `schemaplay_core`: argument parsing, reading the input, printing.
//! Exit codes: 0 success, 1 findings at or above `--fail-on`, 2 bad usage or unreadable input.
//! The argument parser is hand-rolled ([`Args`]) so new commands only add a match arm.

mod check_migration;
mod folder;
mod input;
mod sarif;

use schemaplay_core::lint::{self, LintConfig};
use schemaplay_core::migrate::diff;
use schemaplay_core::model::json::{to_text, Report};
use schemaplay_core::{parse, Dialect, Severity};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: schemaplay <command> [options]

commands:
  inspect [--dialect postgres|mysql|sqlite] [--from KIND] [--format json|text] FILE|DIR|-
      print the imported schema model (tables, columns, keys, indexes, ...) and parse diagnostics

  lint [--dialect D] [--from KIND] [--format json|text|sarif] [--fail-on error|warning|info] [--config schemaplay.toml] FILE|DIR|-
      check the schema against the rule catalogue; exit 1 when a finding is at or above --fail-on
      (default error). Rule settings come from --config, else ./schemaplay.toml when present:
        [rules]
        prefer-jsonb = \"off\"        # or \"info\" / \"warning\" / \"error\"
      Suppress one finding with a comment `-- schemaplay-ignore RULE-ID` on its line or the line before.
  check-migration [--dialect D] [--schema BASE.sql] [--format json|text|sarif|github|markdown] [--pg-version N]
                  [--mysql-version X.Y.Z] [--no-transaction | --tool TOOL] [--fail-on error|warning|info] MIGRATION.sql|-
      replay the migration onto the schema (--schema, default empty) statement by statement and
      report the lock each statement takes, whether it rewrites or scans the table, and unsafe
      operations, with one safe version per statement written for these settings (JSON:
      statements[].safe_version; each finding's own in safe_alternative). Defaults: PostgreSQL 18 (the
      current release; --pg-version N for yours) and each migration run in one transaction, as most
      migration tools do (--no-transaction when yours does not; --tool prisma|drizzle-kit|
      golang-migrate|dbmate|flyway|sqlx|diesel|pop|rails|morph|plain applies that tool's behaviour,
      including its per-file opt-outs, reading Flyway's FILE.conf and diesel's metadata.toml beside
      the file). squawk assumes PostgreSQL 15 and no transaction: use
      --pg-version 15 --no-transaction to compare. Directives in the file: -- squawk-ignore [rules],
      -- squawk-ignore-file [rules], -- nolint[:rules], -- squawk-disable-assume-in-transaction,
      -- morph:nontransactional
  check-migration [options above] [--since N | --only FILE...] [--order FILE] [--layout L] [--prefix P] DIR|FILE...
      a migration folder (Prisma, drizzle-kit, Diesel, dbmate, Flyway, pop, golang-migrate, sqlx,
      version folders, timestamped or numbered files) read in its tool's order and replayed; each
      migration is checked against the schema the ones before it built, in a transaction as its
      tool runs it. --since N checks the newest N, --only the given files (paths from here or from
      DIR; others are skipped with a note); all are still replayed. --order FILE lists the files
      in order (one per line) for a folder no tool layout fits; several FILEs are a history in the
      order given. --format github prints workflow annotations (paths joined to --prefix, default
      DIR), markdown a job summary. Exit 2 also when a file cannot be read.
  rules [--format json|text]
      print the rule catalogue with docs and examples: the schema rules, then the migration rules
  generate --target prisma|drizzle|sql|mermaid|dbml|typescript|zod [--to postgres|mysql|sqlite] [--dialect D]
           [--from KIND] [--prisma-names pascal|keep] [--drizzle-keys camel|column] FILE|DIR|-
      print generated code for the schema; --to picks the SQL target database (default: the input's
      own database: --dialect for SQL, a Prisma schema's provider, a DBML Project's database_type). What the target cannot express goes to stderr as warnings (and into the code as comments).
      --prisma-names: PascalCase singular models with @@map (pascal, default) or models and fields
      named exactly as the tables and columns where Prisma allows it (keep); --drizzle-keys: camelCase
      object keys (camel, default) or the column names themselves (column)
  erd [--dialect D] [--from KIND] [--format svg|json] [--theme light|dark|auto]
      [--detail all|keys|names] [--ends crow|labels] FILE|DIR|-
      print the entity-relationship diagram: a self-contained SVG (default; --theme picks its colours (default light),
      auto follows prefers-color-scheme), or the layout as JSON (table boxes, one edge polyline per
      foreign key, in SVG user units)
  diff [--dialect D] [--from KIND] [--down] [--format text|json] [--direct] [--rename KIND:TABLE:FROM:TO=yes|no]... OLD NEW
      print the migration plan from OLD to NEW: deploy-ordered phases with safe patterns (--direct:
      plain statements), or with --down the rollback SQL. Ambiguous renames are listed as questions
      on stderr; answer them with --rename (e.g. --rename column:users:name:full_name=yes)
  diff [--old N|NAME] [--new N|NAME] [options above] DIR
      the plan between two points of a migration folder's history (default: its newest migration)
  share encode [--dialect D] FILE|-
      print the share-link fragment (without '#') holding the schema text and dialect; append it to
      the playground's address after '#'
  share decode FRAGMENT_OR_URL|-
      print the schema text a share link holds (a whole URL, '#fragment' or the bare fragment)
  catalog-query --dialect postgres|mysql|sqlite
      print the read-only SQL query whose single result is the database's catalog as JSON; run it in
      your own client (psql -At, mysql -N, sqlite3) and read its output with --from catalog

options:
  --dialect D   SQL dialect of the input (default postgres); for Prisma and DBML only the fallback when
                the schema names no database (datasource provider, Project database_type)
  --from KIND   what the input is: sql, prisma, dbml, drizzle or catalog (default: recognised from the
                file's extension, else its content). A DIR is one schema made of its .prisma files (a
                Prisma schema folder; migrations/ aside), else its .dbml or .ts files; positions in
                messages are then per file. A DIR of migrations (.sql files, no schema files) is its
                history replayed in its tool's order: the schema after it, or --at N|NAME (after the
                first N migrations, or the one named; a unique prefix is enough)
  --format F    output format (default text)
  -h, --help    show this help
";

/// Parsed command line: the command, `--key value` options and positional arguments.
#[derive(Debug, Default)]
struct Args {
    command: String,
    options: Vec<(String, String)>,
    flags: Vec<String>,
    positional: Vec<String>,
}

/// Options that take no value.
const FLAGS: &[&str] = &["--help", "-h", "--down", "--no-transaction", "--direct"];

impl Args {
    fn parse(argv: &[String]) -> Result<Args, String> {
        let mut a = Args::default();
        let mut it = argv.iter();
        a.command = it.next().cloned().unwrap_or_default();
        while let Some(arg) = it.next() {
            if arg == "-" || !arg.starts_with('-') {
                a.positional.push(arg.clone());
            } else if FLAGS.contains(&arg.as_str()) {
                a.flags.push(arg.clone());
            } else if let Some((k, v)) = arg.split_once('=') {
                a.options.push((k.to_string(), v.to_string()));
            } else {
                let v = it.next().ok_or_else(|| format!("option {arg} needs a value"))?;
                a.options.push((arg.clone(), v.clone()));
            }
        }
        Ok(a)
    }

    fn opt(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A diagram display option given by its link value (`--detail keys`, `--ends labels`); absent
    /// is the option's default, an unknown value is a usage error listing the choices.
    fn choice<T: schemaplay_core::erd::choice::ViewChoice>(&self, name: &str) -> Result<T, String> {
        match self.opt(name) {
            None => Ok(T::default()),
            Some(v) => T::from_id(v).ok_or_else(|| {
                let ids: Vec<&str> = T::ALL.iter().map(|c| c.id()).collect();
                format!("unknown {name} {v:?} (expected {})", ids.join(", "))
            }),
        }
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// Rejects options not in `allowed`.
    fn only(&self, allowed: &[&str]) -> Result<(), String> {
        for (k, _) in &self.options {
            if !allowed.contains(&k.as_str()) {
                return Err(format!("unknown option {k} for `{}`", self.command));
            }
        }
        Ok(())
    }

    fn dialect(&self) -> Result<Dialect, String> {
        match self.opt("--dialect") {
            None => Ok(Dialect::Postgres),
            Some(d) => Dialect::parse(d).ok_or_else(|| format!("unknown dialect {d:?} (expected postgres, mysql or sqlite)")),
        }
    }

    fn format<'a>(&'a self, allowed: &[&'a str]) -> Result<&'a str, String> {
        let f = self.opt("--format").unwrap_or("text");
        if allowed.contains(&f) {
            Ok(f)
        } else {
            Err(format!("unknown format {f:?} (expected {})", allowed.join(", ")))
        }
    }

    fn one_input(&self) -> Result<&str, String> {
        match self.positional.as_slice() {
            [one] => Ok(one),
            [] => Err("missing input FILE (or - for stdin)".into()),
            _ => Err("expected exactly one input FILE".into()),
        }
    }
}

/// Reads a file, or stdin for `-`. Invalid UTF-8 is replaced rather than refused.
fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

enum Failure {
    Usage(String),
    Input(String),
}

fn inspect(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&[&["--dialect", "--format", "--from"][..], &folder::OPTIONS].concat()).map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let format = a.format(&["json", "text"]).map_err(Failure::Usage)?;
    let path = a.one_input().map_err(Failure::Usage)?;
    let src = load(a, path)?;
    let imported = src.read(dialect);
    let parsed = &imported.parsed;
    if format == "json" {
        /// ../shared/DESIGN.md's shape, plus the kind of input that was read.
        #[derive(serde::Serialize)]
        struct Inspect<'a> {
            #[serde(flatten)]
            report: Report<'a>,
            input: &'static str,
        }
        let mut report = Report::new(&parsed.schema, &parsed.diagnostics);
        report.locate_files(&src.text);
        let s = serde_json::to_string_pretty(&Inspect { report, input: imported.kind.id() }).map_err(|e| Failure::Input(e.to_string()))?;
        println!("{s}");
    } else if src.multi {
        print!("{}", to_text(&parsed.schema, &[]));
        if !parsed.diagnostics.is_empty() {
            println!();
        }
        for d in &parsed.diagnostics {
            println!("{}: {}: {}", src.place(path, d), d.severity.id(), d.message);
        }
    } else {
        print!("{}", to_text(&parsed.schema, &parsed.diagnostics));
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the input named on the command line as `--from` says, or as recognised.
fn load(a: &Args, path: &str) -> Result<input::Source, Failure> {
    let from = input::parse_from(a.opt("--from")).map_err(Failure::Usage)?;
    // A folder of migrations (not of schema files): its history, replayed to `--at` or the end.
    if folder::is_history(path, from, a.opt("--at").is_some()) {
        return folder::source_at(a, path, a.opt("--at"));
    }
    if a.opt("--at").is_some() {
        return Err(Failure::Usage("--at needs a migration folder".into()));
    }
    input::load(path, from).map_err(Failure::Input)
}

fn severity(s: &str) -> Result<Severity, String> {
    match s {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        _ => Err(format!("unknown --fail-on {s:?} (expected error, warning or info)")),
    }
}

/// The lint settings: `--config FILE`, else `./schemaplay.toml` when it exists, else defaults.
fn load_config(a: &Args) -> Result<LintConfig, Failure> {
    let (path, required) = match a.opt("--config") {
        Some(p) => (std::path::PathBuf::from(p), true),
        None => (std::path::PathBuf::from("schemaplay.toml"), false),
    };
    if !required && !path.is_file() {
        return Ok(LintConfig::default());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    LintConfig::from_toml(&text).map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

fn lint_cmd(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&[&["--dialect", "--format", "--fail-on", "--config", "--from"][..], &folder::OPTIONS].concat()).map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let format = a.format(&["json", "text", "sarif"]).map_err(Failure::Usage)?;
    let fail_on = severity(a.opt("--fail-on").unwrap_or("error")).map_err(Failure::Usage)?;
    let path = a.one_input().map_err(Failure::Usage)?;
    let config = load_config(a)?;
    let src = load(a, path)?;
    let imported = src.read(dialect);
    let text = &src.text;
    let mut findings = parse::input::lint(text, &imported, &config);
    if src.history {
        findings.iter_mut().for_each(|f| f.fix = None);
    }
    match format {
        "json" => {
            /// A finding with its file when the input joins several files (line and column are then within it).
            #[derive(serde::Serialize)]
            struct At {
                #[serde(flatten)]
                finding: lint::Finding,
                #[serde(skip_serializing_if = "Option::is_none")]
                file: Option<String>,
            }
            let list: Vec<At> = findings
                .iter()
                .map(|f| {
                    let (file, line, column_no) = src.locate(f.line, f.column_no);
                    At { finding: lint::Finding { line, column_no, ..f.clone() }, file }
                })
                .collect();
            let s = serde_json::to_string_pretty(&serde_json::json!({ "findings": list })).map_err(|e| Failure::Input(e.to_string()))?;
            println!("{s}");
        }
        "sarif" => {
            let uri = if path == "-" { format!("stdin.{}", imported.kind.id()) } else { path.replace('\\', "/") };
            let mut log = sarif::log(&uri, text, &findings);
            src.relocate_sarif(&mut log, &uri);
            let s = serde_json::to_string_pretty(&log).map_err(|e| Failure::Input(e.to_string()))?;
            println!("{s}");
        }
        _ => print!("{}", lint_text(path, &src, &findings)),
    }
    Ok(if findings.iter().any(|f| f.severity >= fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `file:line:col: severity[rule] message` lines, the fix under each, and a summary.
fn lint_text(path: &str, src: &input::Source, findings: &[lint::Finding]) -> String {
    let name = if path == "-" { "<stdin>" } else { path };
    let mut s = String::new();
    for f in findings {
        let (file, line, col) = src.locate(f.line, f.column_no);
        let at = match file {
            Some(file) => format!("{}/{file}", name.trim_end_matches('/')),
            None => name.to_string(),
        };
        s.push_str(&format!("{at}:{line}:{col}: {}[{}] {}\n", f.severity.id(), f.rule, f.message));
        if let Some(fix) = &f.fix {
            s.push_str(&format!("    fix available: {}\n", fix.description));
        }
    }
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    s.push_str(&format!(
        "{} finding(s): {} error(s), {} warning(s), {} info\n",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    s
}

/// `catalog-query --dialect D`: the catalog query for an engine (nothing connects to a database).
fn catalog_query_cmd(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&["--dialect"]).map_err(Failure::Usage)?;
    if a.opt("--dialect").is_none() || !a.positional.is_empty() {
        return Err(Failure::Usage("catalog-query needs --dialect postgres|mysql|sqlite and nothing else".into()));
    }
    print!("{}", parse::catalog::query(a.dialect().map_err(Failure::Usage)?));
    Ok(ExitCode::SUCCESS)
}

fn rules_cmd(a: &Args) -> Result<ExitCode, Failure> {
    use schemaplay_core::ruledoc::{self, RuleKind};
    a.only(&["--format"]).map_err(Failure::Usage)?;
    let format = a.format(&["json", "text"]).map_err(Failure::Usage)?;
    if !a.positional.is_empty() {
        return Err(Failure::Usage("`rules` takes no FILE".into()));
    }
    if format == "json" {
        let rules: Vec<_> = ruledoc::all().collect();
        let s = serde_json::to_string_pretty(&serde_json::json!({ "rules": rules })).map_err(|e| Failure::Input(e.to_string()))?;
        println!("{s}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    let mut kind = None;
    for m in ruledoc::all() {
        if kind != Some(m.kind) {
            s.push_str(match m.kind {
                RuleKind::Schema => "# Schema rules (schemaplay lint)\n\n",
                RuleKind::Migration => "# Migration rules (schemaplay check-migration; each example runs against its base schema)\n\n",
            });
            kind = Some(m.kind);
        }
        let indent = |sql: &str| sql.lines().map(|l| format!("      {l}\n")).collect::<String>();
        let aliases = if m.aliases.is_empty() { String::new() } else { format!(" (also: {})", m.aliases.join(", ")) };
        let details = if m.details.is_empty() { String::new() } else { format!("\n  {}", m.details.replace('\n', "\n  ")) };
        s.push_str(&format!(
            "{}{aliases} [{}] ({})\n  {}{details}\n  why: {}\n  fix: {}\n  example:\n{}  use instead:\n{}\n",
            m.id,
            m.severity.id(),
            m.dialects.iter().map(|d| d.id()).collect::<Vec<_>>().join(", "),
            m.summary,
            m.why,
            m.fix,
            indent(m.bad),
            indent(m.good)
        ));
    }
    print!("{s}");
    Ok(ExitCode::SUCCESS)
}

fn generate_cmd(a: &Args) -> Result<ExitCode, Failure> {
    use schemaplay_core::codegen::{self, Target};
    a.only(&[&["--dialect", "--target", "--to", "--prisma-names", "--drizzle-keys", "--from"][..], &folder::OPTIONS].concat()).map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let to = match a.opt("--to") {
        None => None,
        Some(d) => Some(Dialect::parse(d).ok_or_else(|| Failure::Usage(format!("unknown --to {d:?} (expected postgres, mysql or sqlite)")))?),
    };
    let target = match a.opt("--target") {
        Some(t) => Target::from_id(t, to.unwrap_or(dialect)).ok_or_else(|| Failure::Usage(format!("unknown --target {t:?}")))?,
        None => return Err(Failure::Usage("generate needs --target".into())),
    };
    if a.opt("--to").is_some() && !matches!(target, Target::Sql(_)) {
        return Err(Failure::Usage("--to only applies to --target sql".into()));
    }
    let mut options = codegen::Options::default();
    if let Some(v) = a.opt("--prisma-names") {
        options.prisma_naming = codegen::PrismaNaming::from_id(v).ok_or_else(|| Failure::Usage(format!("unknown --prisma-names {v:?} (expected pascal or keep)")))?;
        if target != Target::Prisma {
            return Err(Failure::Usage("--prisma-names only applies to --target prisma".into()));
        }
    }
    if let Some(v) = a.opt("--drizzle-keys") {
        options.drizzle_keys = codegen::DrizzleKeys::from_id(v).ok_or_else(|| Failure::Usage(format!("unknown --drizzle-keys {v:?} (expected camel or column)")))?;
        if target != Target::Drizzle {
            return Err(Failure::Usage("--drizzle-keys only applies to --target drizzle".into()));
        }
    }
    let path = a.one_input().map_err(Failure::Usage)?;
    let src = load(a, path)?;
    let imported = src.read(dialect);
    // Without --to, SQL is written for the input's own database (a Prisma schema's provider).
    let target = if target == Target::Sql(dialect) && to.is_none() { Target::Sql(imported.dialect()) } else { target };
    let parsed = &imported.parsed;
    let out = codegen::generate_with(&parsed.schema, target, &options);
    for w in &out.warnings {
        eprintln!("schemaplay: warning: {w}");
    }
    print!("{}", out.code);
    Ok(ExitCode::SUCCESS)
}

fn erd_cmd(a: &Args) -> Result<ExitCode, Failure> {
    use schemaplay_core::erd::{self, cardinality::EndStyle, shown::Shown, LayoutOptions, SvgOptions, Theme};
    a.only(&[&["--dialect", "--format", "--theme", "--from", "--detail", "--ends"][..], &folder::OPTIONS].concat()).map_err(Failure::Usage)?;
    let shown: Shown = a.choice("--detail").map_err(Failure::Usage)?;
    let ends: EndStyle = a.choice("--ends").map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let format = match a.opt("--format") {
        None | Some("svg") => "svg",
        Some("json") => "json",
        Some(f) => return Err(Failure::Usage(format!("unknown format {f:?} (expected svg, json)"))),
    };
    let theme = match a.opt("--theme") {
        None | Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        Some("auto") => Theme::Auto,
        Some(t) => return Err(Failure::Usage(format!("unknown theme {t:?} (expected light, dark or auto)"))),
    };
    for only_svg in ["--theme", "--ends"] {
        if a.opt(only_svg).is_some() && format != "svg" {
            return Err(Failure::Usage(format!("{only_svg} only applies to --format svg")));
        }
    }
    let path = a.one_input().map_err(Failure::Usage)?;
    let src = load(a, path)?;
    let parsed = src.read(dialect).parsed;
    // The app's detail selector: a smaller graph, laid out as such (erd::shown).
    let graph = erd::shown::shown_graph(&erd::from_schema(&parsed.schema), shown);
    let (layout, check) = erd::layout_verified(&graph, &LayoutOptions::default());
    if let Err(e) = check {
        // The drawing is still written: a verifier complaint is a layout bug worth reporting,
        // not a reason to fail the command.
        eprintln!("warning: erd layout check failed ({e}); the diagram is drawn anyway");
    }
    for n in &layout.notes {
        eprintln!("note: {n}");
    }
    if format == "json" {
        // Compact: indented, 20,000 tables' polylines took 31 MB (every point on four lines).
        let s = serde_json::to_string(&layout).map_err(|e| Failure::Input(e.to_string()))?;
        println!("{s}");
    } else {
        // a DBML input's sticky notes, right of the boxes (as the app draws them: erd::decor)
        let notes = erd::decor::input_notes(&parsed.schema.notes, &layout);
        print!("{}", erd::render_svg_with_notes(&graph, &layout, &SvgOptions { theme, ends }, &notes));
    }
    Ok(ExitCode::SUCCESS)
}

fn share_cmd(a: &Args) -> Result<ExitCode, Failure> {
    use schemaplay_core::share::{self, ShareState};
    let (sub, rest) = a.positional.split_first().ok_or_else(|| Failure::Usage("share needs `encode` or `decode`".into()))?;
    let one = |what: &str| match rest {
        [x] => Ok(x.as_str()),
        [] => Err(Failure::Usage(format!("share {sub} needs {what}"))),
        _ => Err(Failure::Usage(format!("share {sub} takes exactly one {what}"))),
    };
    match sub.as_str() {
        "encode" => {
            a.only(&["--dialect"]).map_err(Failure::Usage)?;
            let dialect = a.dialect().map_err(Failure::Usage)?;
            let text = read_input(one("FILE (or - for stdin)")?).map_err(Failure::Input)?;
            println!("{}", share::encode(&ShareState::from_text(text, dialect)));
        }
        "decode" => {
            a.only(&[]).map_err(Failure::Usage)?;
            let arg = one("FRAGMENT_OR_URL (or - for stdin)")?;
            let link = if arg == "-" { read_input("-").map_err(Failure::Input)? } else { arg.to_string() };
            let state = share::decode(&link).map_err(|e| Failure::Input(format!("cannot open the link: {e}")))?;
            print!("{}", state.text);
        }
        other => return Err(Failure::Usage(format!("unknown share subcommand {other:?} (expected encode or decode)"))),
    }
    Ok(ExitCode::SUCCESS)
}

/// `--rename KIND:TABLE:FROM:TO=yes|no` (TABLE empty for a table rename; the syntax is
/// [`diff::RenameAnswer::parse`]'s, shared with the app).
fn rename_answer(s: &str) -> Result<diff::RenameAnswer, String> {
    diff::RenameAnswer::parse(s).ok_or_else(|| format!("bad --rename {s:?} (expected table::FROM:TO=yes or column:TABLE:FROM:TO=no)"))
}

fn diff_cmd(a: &Args) -> Result<ExitCode, Failure> {
    a.only(&["--dialect", "--format", "--rename", "--from", "--old", "--new", "--order", "--layout"]).map_err(Failure::Usage)?;
    let dialect = a.dialect().map_err(Failure::Usage)?;
    let format = a.format(&["json", "text"]).map_err(Failure::Usage)?;
    let (old_path, new_path, points) = match a.positional.as_slice() {
        [dir] if folder::is_dir(dir) => (dir, dir, Some(folder::two_points(a, dir)?)),
        [old_path, new_path] => (old_path, new_path, None),
        _ => return Err(Failure::Usage("expected two inputs: OLD.sql NEW.sql (or a migration folder with --old/--new)".into())),
    };
    let mut opts = diff::DiffOptions { safe: !a.flag("--direct"), ..Default::default() };
    for (k, v) in &a.options {
        if k == "--rename" {
            opts.renames.push(rename_answer(v).map_err(Failure::Usage)?);
        }
    }
    let (old_src, new_src) = match points {
        Some(p) => p,
        None => (load(a, old_path)?, load(a, new_path)?),
    };
    let (old, new) = (old_src.read(dialect).parsed, new_src.read(dialect).parsed);
    for (path, src, p) in [(old_path, &old_src, &old), (new_path, &new_src, &new)] {
        for dg in &p.diagnostics {
            eprintln!("{}: {}", src.place(path, dg), dg.message);
        }
    }
    // The plan is written for the new schema's database (a Prisma schema's provider, else --dialect).
    let dialect = new.schema.dialect;
    let plan = diff::diff(&old.schema, &new.schema, dialect, &opts);
    if format == "json" {
        let s = serde_json::to_string_pretty(&plan).map_err(|e| Failure::Input(e.to_string()))?;
        println!("{s}");
    } else {
        for q in &plan.questions {
            let what = match q.kind {
                diff::RenameKind::Table => format!("table {} → {}", q.from, q.to),
                diff::RenameKind::Column => format!("column {}.{} → {}", q.table, q.from, q.to),
            };
            eprintln!("question: rename {what}? (assumed: {}; answer with --rename {}:{}:{}:{}=yes|no)", if q.assumed { "yes" } else { "no" }, match q.kind { diff::RenameKind::Table => "table", diff::RenameKind::Column => "column" }, q.table, q.from, q.to);
        }
        if a.flag("--down") {
            print!("{}", plan.down);
        } else {
            print!("{}", plan.up_sql());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match Args::parse(&argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("schemaplay: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.command.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    if args.command == "help" || args.command == "--help" || args.command == "-h" {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.flag("--help") || args.flag("-h") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match args.command.as_str() {
        "inspect" => inspect(&args),
        "lint" => lint_cmd(&args),
        "rules" => rules_cmd(&args),
        "check-migration" => check_migration::run(&args),
        "generate" => generate_cmd(&args),
        "erd" => erd_cmd(&args),
        "share" => share_cmd(&args),
        "diff" => diff_cmd(&args),
        "catalog-query" => catalog_query_cmd(&args),
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(e)) => {
            eprintln!("schemaplay: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("schemaplay: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Args {
        Args::parse(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn parses_options_flags_and_positionals() {
        let a = args(&["inspect", "--dialect", "mysql", "--format=json", "-", "--help"]);
        assert_eq!(a.command, "inspect");
        assert_eq!(a.dialect().unwrap(), Dialect::Mysql);
        assert_eq!(a.format(&["json", "text"]).unwrap(), "json");
        assert_eq!(a.one_input().unwrap(), "-");
        assert!(a.flag("--help"));
        assert!(a.only(&["--dialect"]).is_err());
        assert!(Args::parse(&["inspect".into(), "--dialect".into()]).is_err());
    }
}
