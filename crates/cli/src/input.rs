//! Reading an input of any kind: a file, `-` (stdin) or a folder of schema files, recognised by
//! extension and content unless `--from` names the kind; several files are joined into one text
//! (`parse::input::files`) and positions are reported per file.

use schemaplay_core::parse::input::files::{join, FileMap, SourceFile};
use schemaplay_core::parse::{self, Imported, InputKind};
use schemaplay_core::{Diagnostic, Dialect};
use std::path::{Path, PathBuf};

/// A loaded input.
pub struct Source {
    /// The text the readers see (files joined with marker lines).
    pub text: String,
    pub kind: InputKind,
    /// Whether the text joins several files (positions are then reported per file).
    pub multi: bool,
    /// The database the input is written for when it says so itself (a migration folder's
    /// lock file or journal); else the reader decides, with `--dialect` as the hint.
    pub dialect: Option<Dialect>,
    /// A migration folder's history: its files have run, so no quick fix edits them (the change
    /// belongs in a new migration).
    pub history: bool,
}

impl Source {
    /// Reads the source with `dialect` as the hint.
    pub fn read(&self, dialect: Dialect) -> Imported {
        parse::read(&self.text, Some(self.kind), self.dialect.unwrap_or(dialect))
    }

    /// `(file, line, column)` of a 1-based line/column in the text: the file is `None` for a
    /// single-file input.
    pub fn locate(&self, line: usize, column: usize) -> (Option<String>, usize, usize) {
        if !self.multi {
            return (None, line, column);
        }
        let offset = schemaplay_core::LineIndex::new(&self.text).offset(line, column);
        FileMap::new(&self.text).locate(&self.text, offset)
    }

    /// A diagnostic's place as `file:line:col` (`default` names a single-file input).
    pub fn place(&self, default: &str, d: &Diagnostic) -> String {
        let (file, l, c) = self.locate(d.line, d.column);
        format!("{}:{l}:{c}", file.as_deref().unwrap_or(default))
    }
}

impl Source {
    /// For a folder input, points each SARIF result at its own file (`DIR/FILE`) and line.
    pub fn relocate_sarif(&self, log: &mut serde_json::Value, dir: &str) {
        if !self.multi {
            return;
        }
        let Some(results) = log.pointer_mut("/runs/0/results").and_then(|r| r.as_array_mut()) else { return };
        for loc in results.iter_mut().filter_map(|r| r.get_mut("locations")).filter_map(|l| l.as_array_mut()).flatten() {
            let Some(pl) = loc.get_mut("physicalLocation") else { continue };
            let get = |v: &serde_json::Value, k: &str| v.pointer(&format!("/region/{k}")).and_then(|x| x.as_u64()).unwrap_or(1) as usize;
            let (file, sl, sc) = self.locate(get(pl, "startLine"), get(pl, "startColumn"));
            let (_, el, ec) = self.locate(get(pl, "endLine"), get(pl, "endColumn"));
            let file = file.map(|f| format!("{}/{f}", dir.trim_end_matches('/'))).unwrap_or_else(|| dir.to_string());
            pl["artifactLocation"]["uri"] = super::sarif::uri_ref(&file).into();
            pl["region"] = serde_json::json!({"startLine": sl.max(1), "startColumn": sc, "endLine": el.max(sl.max(1)), "endColumn": ec});
        }
        let map = FileMap::new(&self.text);
        let uri = |name: &Option<String>| super::sarif::uri_ref(&name.as_ref().map(|f| format!("{}/{f}", dir.trim_end_matches('/'))).unwrap_or_else(|| dir.to_string()));
        // A quick fix's byte offsets are the joined text's: make them its file's.
        for fix in results.iter_mut().filter_map(|r| r.get_mut("fixes")).filter_map(|f| f.as_array_mut()).flatten() {
            for change in fix.get_mut("artifactChanges").and_then(|c| c.as_array_mut()).into_iter().flatten() {
                let at = change.pointer("/replacements/0/deletedRegion/byteOffset").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
                let Some(part) = map.part_at(at) else { continue };
                change["artifactLocation"]["uri"] = uri(&part.name).into();
                for r in change.get_mut("replacements").and_then(|r| r.as_array_mut()).into_iter().flatten() {
                    if let Some(o) = r.pointer_mut("/deletedRegion/byteOffset") {
                        *o = (o.as_u64().unwrap_or(0) as usize).saturating_sub(part.start).into();
                    }
                }
            }
        }
        // The artifacts are the files, not the folder.
        let files = map.split(&self.text);
        let artifacts: Vec<serde_json::Value> = map.files().iter().zip(&files).map(|(p, f)| serde_json::json!({"location": {"uri": uri(&p.name)}, "length": f.text.len()})).collect();
        if let Some(a) = log.pointer_mut("/runs/0/artifacts") {
            *a = artifacts.into();
        }
    }
}

/// Parses `--from`.
pub fn parse_from(v: Option<&str>) -> Result<Option<InputKind>, String> {
    match v {
        None => Ok(None),
        Some(s) => InputKind::parse(s).map(Some).ok_or_else(|| format!("unknown --from {s:?} (expected sql, prisma, dbml, drizzle or catalog)")),
    }
}

fn decode(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Loads `path` (`-` for stdin, a file, or a folder) as `from` or as recognised.
pub fn load(path: &str, from: Option<InputKind>) -> Result<Source, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
        let text = decode(bytes);
        let kind = from.unwrap_or_else(|| parse::recognize(&text));
        return Ok(Source { text, kind, multi: false, dialect: None, history: false });
    }
    let p = Path::new(path);
    if p.is_dir() {
        return load_dir(p, from);
    }
    let text = decode(std::fs::read(p).map_err(|e| format!("cannot read {path}: {e}"))?);
    let kind = from.unwrap_or_else(|| parse::recognize_file(path, &text));
    Ok(Source { text, kind, multi: false, dialect: None, history: false })
}

/// Every file below `dir` (sorted, hidden folders and `node_modules` skipped) whose extension says `kind`.
fn files_of(dir: &Path, kind: InputKind, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                files_of(&p, kind, out)?;
            }
        } else if InputKind::from_file_name(name) == Some(kind) {
            out.push(p);
        }
    }
    Ok(())
}

/// A folder is one schema made of its files of one kind: `--from`'s, else the first kind found of
/// Prisma, DBML, Drizzle (so a `prisma/` folder is its `.prisma` files, migrations aside).
fn load_dir(dir: &Path, from: Option<InputKind>) -> Result<Source, String> {
    let kinds: Vec<InputKind> = match from {
        Some(k) => vec![k],
        None => schemaplay_core::parse::input::files::SCHEMA_KINDS.to_vec(),
    };
    for kind in kinds {
        let mut paths = Vec::new();
        files_of(dir, kind, &mut paths)?;
        if paths.is_empty() {
            continue;
        }
        let mut files = Vec::new();
        for p in &paths {
            let text = decode(std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?);
            let name = p.strip_prefix(dir).unwrap_or(p).to_string_lossy().replace('\\', "/");
            files.push(SourceFile { name, text });
        }
        let multi = files.len() > 1;
        return Ok(Source { text: join(&files, kind.line_comment()), kind, multi, dialect: None, history: false });
    }
    Err(format!("{} is a folder with no schema files (.prisma, .dbml or .ts) and no migration files (.sql); pass a file, or --from to pick the kind", dir.display()))
}
