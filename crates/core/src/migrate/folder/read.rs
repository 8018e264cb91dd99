//! Reading a folder: which layout it is, which files are migrations, their order, the dialect.
//!
//! Contract: [`read`] recognises the layout whose naming claims the most `.sql` files (ties go
//! to the more specific tool: Prisma, Diesel, drizzle-kit, Flyway, dbmate, pop, golang-migrate,
//! version folders, timestamped, numbered); a drizzle journal decides by itself. Files another
//! tool would claim are a "two layouts" warning naming them; SQL files no tool claims are
//! reported and left out; files named like nothing known are replayed in name order with a
//! warning that asks for `--order`. Never panics.

use super::layout::{self, base_name, claim, dir_name, is_sql, parts, variant_is, Claim, Layout, Role};
use crate::migrate::tool::is_section;
use super::{Down, History, Migration, Problem, ReadOptions, SourceFile};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use std::collections::BTreeMap;

/// Layouts tried when recognising a folder, most specific first (ties go to the earlier one).
const DETECT: [Layout; 10] = [
    Layout::Prisma,
    Layout::Diesel,
    Layout::Drizzle,
    Layout::Flyway,
    Layout::Dbmate,
    Layout::Pop,
    Layout::GolangMigrate,
    Layout::VersionedDirs,
    Layout::Timestamps,
    Layout::Numbered,
];

/// Layouts whose names no other tool produces: files they claim that the chosen layout does not
/// are a second layout in the folder.
const DISTINCT: [Layout; 5] = [Layout::Prisma, Layout::Diesel, Layout::Flyway, Layout::GolangMigrate, Layout::Dbmate];

const BREAKPOINT: &str = "--> statement-breakpoint";

fn text_of(f: &SourceFile) -> &str {
    f.text.as_deref().unwrap_or("")
}

/// A file of a folder and what the chosen layout says it is.
struct Part {
    file: usize,
    claim: Claim,
}

/// `meta/_journal.json` of drizzle-kit: the tags in the order the migrator applies them, and the dialect.
fn journal(files: &[SourceFile], problems: &mut Vec<Problem>) -> Option<(String, Vec<String>, Option<Dialect>)> {
    let f = files.iter().find(|f| base_name(&f.path) == "_journal.json" && base_name(dir_name(&f.path)) == "meta")?;
    let root = dir_name(dir_name(&f.path)).to_string();
    let value: serde_json::Value = match serde_json::from_str(text_of(f)) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem { path: Some(f.path.clone()), line: e.line(), severity: Severity::Error, message: format!("not a drizzle-kit journal: {e}") });
            return None;
        }
    };
    let tags = value.get("entries").and_then(|e| e.as_array()).map(|a| a.iter().filter_map(|e| e.get("tag")?.as_str().map(str::to_string)).collect()).unwrap_or_default();
    let dialect = value.get("dialect").and_then(|d| d.as_str()).and_then(|d| match d {
        "postgresql" | "pg" => Some(Dialect::Postgres),
        "mysql" | "singlestore" => Some(Dialect::Mysql),
        "sqlite" | "turso" => Some(Dialect::Sqlite),
        _ => None,
    });
    Some((root, tags, dialect))
}

/// `provider = "postgresql"` of Prisma's `migration_lock.toml`.
fn prisma_provider(files: &[SourceFile], problems: &mut Vec<Problem>) -> Option<Dialect> {
    let f = files.iter().find(|f| base_name(&f.path) == "migration_lock.toml")?;
    let (line_no, value) = text_of(f).lines().enumerate().find_map(|(i, l)| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "provider").then(|| (i + 1, v.trim().trim_matches('"').to_string()))
    })?;
    match value.as_str() {
        "postgresql" | "postgres" | "cockroachdb" => Some(Dialect::Postgres),
        "mysql" => Some(Dialect::Mysql),
        "sqlite" => Some(Dialect::Sqlite),
        other => {
            problems.push(Problem { path: Some(f.path.clone()), line: line_no, severity: Severity::Warning, message: format!("provider {other:?} is not a dialect schemaplay reads (postgresql, mysql or sqlite)") });
            None
        }
    }
}

/// The dialect a path names in its words (`migrations/sqlite`, `x.postgres.up.sql`), if exactly one.
fn named_dialect(path: &str) -> Option<Dialect> {
    let mut found = None;
    for w in path.split(|c: char| !c.is_ascii_alphanumeric()).map(|w| w.to_ascii_lowercase()) {
        let d = match w.as_str() {
            "postgres" | "postgresql" | "pg" | "psql" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            "sqlite" | "sqlite3" => Dialect::Sqlite,
            _ => continue,
        };
        if found.is_some_and(|f| f != d) {
            return None;
        }
        found = Some(d);
    }
    found
}

/// The dialect: the person's, else the folder's own statement of it (lock file, journal), else
/// the folder's path, else the look of most files meant for every dialect (one vote per file that
/// looks like one), among the dialects the folder has files of its own for, if any.
fn decide_dialect(opts: &ReadOptions, stated: Option<(Dialect, &'static str)>, files: &[SourceFile], parts: &[Part], problems: &mut Vec<Problem>) -> (Dialect, &'static str) {
    if let Some(d) = opts.dialect {
        if let Some((s, from)) = stated.filter(|(s, _)| *s != d) {
            problems.push(Problem::folder(Severity::Warning, format!("{from} says {}, but the dialect given is {}: reading the SQL as {}", s.id(), d.id(), d.id())));
        }
        return (d, "given");
    }
    if let Some(s) = stated {
        return s;
    }
    if let Some(d) = opts.name.as_deref().and_then(named_dialect) {
        return (d, "the folder's name");
    }
    let own: Vec<Dialect> = Dialect::ALL.into_iter().filter(|d| parts.iter().any(|p| p.claim.variant.as_deref().is_some_and(|v| variant_is(v, *d)))).collect();
    let candidates = if own.is_empty() { Dialect::ALL.to_vec() } else { own };
    let mut votes = [0usize; 3];
    for p in parts.iter().filter(|p| p.claim.variant.is_none()) {
        if let Some(d) = crate::parse::detect_dialect(text_of(&files[p.file])).filter(|d| candidates.contains(d)) {
            votes[d as usize] += 1;
            // A clear majority ends the vote (a history can have hundreds of files).
            let mut sorted = votes;
            sorted.sort_unstable();
            if sorted[2] >= 8 && sorted[2] >= 4 * sorted[1] {
                break;
            }
        }
    }
    if votes == [0; 3] && candidates.len() < 3 {
        let d = if candidates.contains(&Dialect::Postgres) { Dialect::Postgres } else { candidates[0] };
        return (d, "the folder's dialect files");
    }
    match candidates.into_iter().max_by_key(|d| (votes[*d as usize], *d == Dialect::Postgres)) {
        Some(d) if votes[d as usize] > 0 => (d, "the SQL"),
        _ => (Dialect::Postgres, "default"),
    }
}

/// Claims of `layout` over the SQL files (the journal's tags for drizzle-kit when there is one).
fn claims(layout: Layout, files: &[SourceFile], journal: Option<&(String, Vec<String>, Option<Dialect>)>) -> Vec<Part> {
    if let (Layout::Drizzle, Some((root, tags, _))) = (layout, journal) {
        let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
        return tags
            .iter()
            .enumerate()
            .filter_map(|(i, tag)| {
                let path = format!("{prefix}{tag}.sql");
                let file = files.iter().position(|f| f.path == path)?;
                Some(Part { file, claim: Claim { group: path, name: tag.clone(), key: format!("{i}"), role: Role::Up, variant: None } })
            })
            .collect();
    }
    // Files listed by name are migrations whatever their extension.
    let listed = |path: &str| if layout == Layout::Listed { format!("{path}.sql") } else { path.to_string() };
    files
        .iter()
        .enumerate()
        .filter(|(_, f)| layout == Layout::Listed || is_sql(&f.path))
        .filter_map(|(i, f)| {
            let path = if layout == Layout::Listed && !is_sql(&f.path) { listed(&f.path) } else { f.path.clone() };
            claim(layout, &path).map(|mut c| {
                if layout == Layout::Listed {
                    c.group = f.path.clone();
                }
                Part { file: i, claim: c }
            })
        })
        .collect()
}

/// Whether a layout's claims are its tool's files and not a look-alike: dbmate needs a
/// `-- migrate:up` somewhere, pop a dialect or autocommit file, drizzle-kit (without a journal)
/// a statement breakpoint.
fn plausible(layout: Layout, parts: &[Part], files: &[SourceFile]) -> bool {
    match layout {
        Layout::Dbmate => parts.iter().any(|p| {
            let t = text_of(&files[p.file]);
            t.contains("migrate:up") && t.lines().any(|l| is_section(l.trim_end(), "up"))
        }),
        Layout::Pop => parts.iter().any(|p| p.claim.variant.is_some() || files[p.file].path.contains(".autocommit.")),
        Layout::Drizzle => parts.iter().any(|p| text_of(&files[p.file]).contains(BREAKPOINT)),
        _ => !parts.is_empty(),
    }
}

/// The layout of a folder and the warnings about it.
fn detect(files: &[SourceFile], journal: Option<&(String, Vec<String>, Option<Dialect>)>, problems: &mut Vec<Problem>) -> Layout {
    if journal.is_some() {
        return Layout::Drizzle;
    }
    let mut best: Option<(Layout, usize)> = None;
    let mut claimed: BTreeMap<Layout, Vec<usize>> = BTreeMap::new();
    for l in DETECT {
        let parts = claims(l, files, None);
        if !plausible(l, &parts, files) {
            continue;
        }
        claimed.insert(l, parts.iter().map(|p| p.file).collect());
        if best.is_none_or(|(_, n)| parts.len() > n) {
            best = Some((l, parts.len()));
        }
    }
    let Some((winner, _)) = best else {
        return Layout::Unknown;
    };
    let mine = claimed.get(&winner).cloned().unwrap_or_default();
    for other in DISTINCT {
        let Some(theirs) = claimed.get(&other) else { continue };
        let extra: Vec<&str> = theirs.iter().filter(|f| !mine.contains(f)).map(|&f| files[f].path.as_str()).collect();
        if other != winner && !extra.is_empty() {
            problems.push(Problem::at(
                extra[0],
                Severity::Warning,
                format!(
                    "two layouts in one folder: read as {} ({} files), but {} {} named like {} migrations ({}); they are left out — give the order with --order to replay them",
                    winner.label(),
                    mine.len(),
                    extra.len(),
                    if extra.len() == 1 { "file is" } else { "files are" },
                    other.label(),
                    extra.iter().take(4).copied().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    winner
}

/// Reads a folder's files as a migration history (see the module doc).
pub fn read(files: Vec<SourceFile>, opts: &ReadOptions) -> History {
    let mut files: Vec<SourceFile> = files.into_iter().map(|mut f| {
        f.path = f.path.replace('\\', "/").trim_start_matches("./").to_string();
        f
    }).collect();
    crate::sort::by(&mut files, |a, b| a.path.cmp(&b.path));
    let mut problems = Vec::new();
    let journal = journal(&files, &mut problems);
    let stated = prisma_provider(&files, &mut problems)
        .map(|d| (d, "migration_lock.toml"))
        .or_else(|| journal.as_ref().and_then(|j| j.2).map(|d| (d, "meta/_journal.json")));
    let layout = opts.layout.unwrap_or_else(|| detect(&files, journal.as_ref(), &mut problems));
    let parts = claims(if layout == Layout::Listed && opts.order.is_none() { Layout::Unknown } else { layout }, &files, journal.as_ref());
    let (dialect, dialect_from) = decide_dialect(opts, stated, &files, &parts, &mut problems);
    let mut history = History { layout, dialect, dialect_from, order_given: opts.order.is_some(), migrations: Vec::new(), problems: Vec::new() };
    if !files.iter().any(|f| is_sql(&f.path)) {
        problems.push(Problem::folder(Severity::Error, "no migration files: the folder holds no .sql file"));
        history.problems = problems;
        return history;
    }
    report_unclaimed(layout, &files, &parts, journal.as_ref(), &mut problems);
    report_mixtures(layout, &files, &parts, matches!(dialect_from, "the SQL" | "default" | "the folder's dialect files"), dialect, &mut problems);
    history.migrations = build(layout, dialect, &files, parts, &mut problems);
    if let Some(order) = &opts.order {
        reorder(&mut history.migrations, order, &mut problems);
    } else if layout == Layout::Unknown {
        problems.push(Problem::folder(
            Severity::Warning,
            format!("no known tool names its files like these ({}): they are replayed in name order; give the order with --order FILE", history.migrations.iter().take(3).map(|m| m.path.as_str()).collect::<Vec<_>>().join(", ")),
        ));
    }
    history.problems = problems;
    history
}

/// Several histories in one folder (migrations under different roots), and dialect-specific
/// files for several dialects when the dialect was not given.
fn report_mixtures(layout: Layout, files: &[SourceFile], parts: &[Part], guessed: bool, dialect: Dialect, problems: &mut Vec<Problem>) {
    let mut roots: Vec<&str> = parts.iter().map(|p| layout::root(layout, &files[p.file].path)).collect();
    roots.sort_unstable();
    roots.dedup();
    if roots.len() > 1 && !matches!(layout, Layout::Dbmate | Layout::Listed | Layout::Unknown) {
        let shown: Vec<String> = roots.iter().take(4).map(|r| if r.is_empty() { "./".to_string() } else { format!("{r}/") }).collect();
        problems.push(Problem::folder(
            Severity::Warning,
            format!("{} histories in one folder ({}{}): they are replayed together in {} order; check each folder on its own", roots.len(), shown.join(", "), if roots.len() > 4 { ", ..." } else { "" }, layout.label()),
        ));
    }
    let mut variants: Vec<&str> = parts.iter().filter_map(|p| p.claim.variant.as_deref()).collect();
    variants.sort_unstable();
    variants.dedup();
    if guessed && variants.len() > 1 {
        problems.push(Problem::folder(
            Severity::Warning,
            format!("files for several databases ({}): reading the {} ones (guessed); give --dialect to choose", variants.join(", "), dialect.id()),
        ));
    }
}

/// SQL files the layout leaves out, and journal entries without a file.
fn report_unclaimed(layout: Layout, files: &[SourceFile], parts: &[Part], journal: Option<&(String, Vec<String>, Option<Dialect>)>, problems: &mut Vec<Problem>) {
    let left: Vec<&str> = files
        .iter()
        .enumerate()
        .filter(|(i, f)| is_sql(&f.path) && !parts.iter().any(|p| p.file == *i) && !problems.iter().any(|p| p.path.as_deref() == Some(f.path.as_str())))
        .map(|(_, f)| f.path.as_str())
        .collect();
    if !left.is_empty() && layout != Layout::Listed {
        let what = if journal.is_some() { "not in meta/_journal.json (drizzle-kit does not apply them)".to_string() } else { format!("not named like {} migrations", layout.label()) };
        problems.push(Problem::at(left[0], Severity::Warning, format!("{} .sql file(s) left out, {what}: {}", left.len(), left.iter().take(5).copied().collect::<Vec<_>>().join(", "))));
    }
    if let Some((root, tags, _)) = journal {
        let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
        for tag in tags {
            let path = format!("{prefix}{tag}.sql");
            if !files.iter().any(|f| f.path == path) {
                problems.push(Problem::at(&format!("{prefix}meta/_journal.json"), Severity::Error, format!("the journal lists {tag}, but {path} is not in the folder")));
            }
        }
    }
}

/// The variant of a part list for `dialect`: the dialect's own file, else the generic one.
fn pick<'a>(mut parts: Vec<&'a Part>, dialect: Dialect, files: &[SourceFile], problems: &mut Vec<Problem>) -> Option<&'a Part> {
    parts.retain(|p| p.claim.variant.as_deref().is_none_or(|v| variant_is(v, dialect)));
    crate::sort::by_key(&mut parts, |p| (p.claim.variant.is_none(), files[p.file].path.clone()));
    let first = *parts.first()?;
    let same: Vec<&str> = parts.iter().filter(|p| p.claim.variant == first.claim.variant).map(|p| files[p.file].path.as_str()).collect();
    if same.len() > 1 {
        problems.push(Problem::at(same[1], Severity::Error, format!("{} and {} are the same migration (version {}): the tool refuses such a folder; {} is used", same[0], same[1], first.claim.key, same[0])));
    }
    Some(first)
}

/// Migrations from the layout's claims, in the tool's order.
fn build(layout: Layout, dialect: Dialect, files: &[SourceFile], parts: Vec<Part>, problems: &mut Vec<Problem>) -> Vec<Migration> {
    let mut groups: BTreeMap<&str, Vec<&Part>> = BTreeMap::new();
    for p in &parts {
        groups.entry(p.claim.group.as_str()).or_default().push(p);
    }
    let mut chosen: Vec<(&Part, Option<&Part>)> = Vec::new();
    for (_, g) in groups {
        let ups: Vec<&Part> = g.iter().copied().filter(|p| p.claim.role != Role::Down).collect();
        let downs: Vec<&Part> = g.iter().copied().filter(|p| p.claim.role == Role::Down).collect();
        if let Some(up) = pick(ups, dialect, files, problems) {
            chosen.push((up, pick(downs, dialect, files, problems)));
        }
    }
    crate::sort::by(&mut chosen, |a, b| layout::cmp(layout, &a.0.claim, &b.0.claim));
    chosen.into_iter().map(|(up, down)| migration(layout, files, up, down, problems)).collect()
}

fn migration(layout: Layout, files: &[SourceFile], up: &Part, down: Option<&Part>, problems: &mut Vec<Problem>) -> Migration {
    let f = &files[up.file];
    let text = text_of(f).to_string();
    let (up_range, sections_down) = parts(layout, &text);
    if matches!(layout, Layout::Dbmate) && up_range == (0..text.len()) && f.text.is_ok() {
        problems.push(Problem::at(&f.path, Severity::Warning, "no `-- migrate:up` section: dbmate refuses this file; the whole file is replayed"));
    }
    let config_path = layout.tool().and_then(|t| t.config_path(&f.path));
    let config = config_path.and_then(|c| files.binary_search_by(|m| m.path.as_str().cmp(&c)).ok()).map(|i| text_of(&files[i]));
    let in_transaction = layout.wraps_in_transaction(&f.path, &text, config);
    let down = match (down, sections_down) {
        (Some(d), _) => {
            let t = text_of(&files[d.file]).to_string();
            Some(Down { path: files[d.file].path.clone(), range: 0..t.len(), text: t })
        }
        (None, Some(r)) => Some(Down { path: f.path.clone(), text: text.clone(), range: r }),
        (None, None) => None,
    };
    if let Err(why) = &f.text {
        problems.push(Problem::at(&f.path, Severity::Error, format!("cannot read the file: {why}; the migrations after it are replayed without it")));
    }
    Migration { name: up.claim.name.clone(), path: f.path.clone(), text, up: up_range, down, in_transaction, unreadable: f.text.as_ref().err().cloned() }
}

/// Puts the migrations in the order of `order` (paths or names); the rest are left out.
fn reorder(migrations: &mut Vec<Migration>, order: &[String], problems: &mut Vec<Problem>) {
    let mut pool: Vec<Option<Migration>> = std::mem::take(migrations).into_iter().map(Some).collect();
    for entry in order.iter().map(|e| e.trim().replace('\\', "/")).filter(|e| !e.is_empty() && !e.starts_with('#')) {
        let entry = entry.trim_start_matches("./").trim_end_matches('/');
        let hit = pool.iter().position(|m| m.as_ref().is_some_and(|m| m.path == entry || m.name == entry || dir_name(&m.path) == entry));
        match hit.and_then(|i| pool[i].take()) {
            Some(m) => migrations.push(m),
            None => problems.push(Problem::folder(Severity::Error, format!("the order names {entry:?}, which is not a migration of this folder (or is named twice)"))),
        }
    }
    let left: Vec<String> = pool.into_iter().flatten().map(|m| m.path).collect();
    if !left.is_empty() {
        problems.push(Problem::at(&left[0], Severity::Warning, format!("{} migration(s) not in the order are left out: {}", left.len(), left.iter().take(5).cloned().collect::<Vec<_>>().join(", "))));
    }
}
