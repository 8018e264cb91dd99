//! Several files forming one schema, as one text.
//!
//! A Prisma schema folder (`prismaSchemaFolder`) or Drizzle modules importing each other are
//! several named files. They are joined into one text with a marker line before each file:
//!
//! ```text
//! // ==> schema/user.prisma <==
//! model User { ... }
//!
//! // ==> schema/post.prisma <==
//! model Post { ... }
//! ```
//!
//! (`-- ==> name <==` for SQL). The joined text is what the readers, the editor and share links
//! see, so every span stays a byte range of one text; [`FileMap`] maps a position back to its
//! file. The marker is a comment in every language, so a reader that knows nothing of files
//! still reads the joined text correctly; readers that resolve imports between files (Drizzle)
//! use [`FileMap::files`] to know which file declares what.
//!
//! Contract: [`join`] then [`FileMap::new`] gives back the files' names and exact texts (a missing
//! final newline is added between files); a text without markers is one unnamed file.

use super::InputKind;
use crate::span::LineIndex;

/// One named input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given (relative to the folder that was opened, `/`-separated).
    pub name: String,
    pub text: String,
}

const OPEN: &str = "==> ";
const CLOSE: &str = " <==";

/// The marker line for a file (without the newline).
pub fn marker(comment: &str, name: &str) -> String {
    // A newline inside a name would end the marker early: replace it.
    let name: String = name.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    format!("{comment} {OPEN}{name}{CLOSE}")
}

/// Joins files into one text, each after its marker line. One file is returned as it is.
pub fn join(files: &[SourceFile], comment: &str) -> String {
    if let [one] = files {
        return one.text.clone();
    }
    let mut out = String::with_capacity(files.iter().map(|f| f.text.len() + f.name.len() + 16).sum());
    for (i, f) in files.iter().enumerate() {
        if i > 0 && !out.ends_with('\n') {
            out.push('\n');
        }
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&marker(comment, &f.name));
        out.push('\n');
        out.push_str(&f.text);
    }
    out
}

/// The kinds a folder, or several files opened together, are read as when nothing names one, in
/// order of preference: a `prisma/` folder is its `.prisma` files (its migrations' `.sql` aside).
pub const SCHEMA_KINDS: [InputKind; 3] = [InputKind::Prisma, InputKind::Dbml, InputKind::Drizzle];

/// Files opened together (dropped on the editor, picked) as one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub kind: InputKind,
    /// The files of that kind, in name order, [`join`]ed (one file: its text as it is).
    pub text: String,
    /// Names of the files left out: another kind than the one read.
    pub skipped: Vec<String>,
}

/// Reads files opened together as one input. One file: its kind from its name, else its content
/// ([`super::recognize_file`]). Several: the first of [`SCHEMA_KINDS`] any file has, else the
/// first file's kind; the files of that kind form one schema (a catalog JSON is one file: only the
/// first is read). `None` when there are no files.
pub fn open(files: Vec<SourceFile>) -> Option<Opened> {
    let kinds: Vec<InputKind> = files.iter().map(|f| super::recognize_file(&f.name, &f.text)).collect();
    let kind = SCHEMA_KINDS.into_iter().find(|k| kinds.contains(k)).or_else(|| kinds.first().copied())?;
    let mut chosen = Vec::new();
    let mut skipped = Vec::new();
    for (f, k) in files.into_iter().zip(kinds) {
        if k == kind && (kind != InputKind::Catalog || chosen.is_empty()) {
            chosen.push(f);
        } else {
            skipped.push(f.name);
        }
    }
    crate::sort::by(&mut chosen, |a, b| a.name.cmp(&b.name));
    Some(Opened { kind, text: join(&chosen, kind.line_comment()), skipped })
}

/// The name in a marker line, if `line` is one.
fn marker_name(line: &str) -> Option<&str> {
    let l = line.trim_end_matches('\r');
    let rest = l.strip_prefix("//").or_else(|| l.strip_prefix("--"))?;
    let name = rest.strip_prefix(' ')?.strip_prefix(OPEN)?.strip_suffix(CLOSE)?;
    (!name.trim().is_empty()).then_some(name)
}

/// One file's place in a joined text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// `None` for text before the first marker (or a text with no markers at all).
    pub name: Option<String>,
    /// Byte offset of the marker line (equal to `start` when there is none).
    pub marker: usize,
    /// Byte range of the file's own text (after its marker line).
    pub start: usize,
    pub end: usize,
}

/// Where each file of a joined text is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMap {
    parts: Vec<FilePart>,
}

impl FileMap {
    pub fn new(text: &str) -> FileMap {
        let mut parts: Vec<FilePart> = Vec::new();
        let mut pos = 0;
        let mut cur = FilePart { name: None, marker: 0, start: 0, end: text.len() };
        for line in text.split_inclusive('\n') {
            if let Some(name) = marker_name(line.trim_end_matches('\n')) {
                cur.end = pos;
                // Text before the first marker counts only when it holds something.
                if cur.name.is_some() || !text[cur.start..cur.end].trim().is_empty() {
                    parts.push(cur);
                }
                cur = FilePart { name: Some(name.to_string()), marker: pos, start: pos + line.len(), end: text.len() };
            }
            pos += line.len();
        }
        cur.end = text.len();
        parts.push(cur);
        FileMap { parts }
    }

    /// The files in order (one unnamed part for a text without markers).
    pub fn files(&self) -> &[FilePart] {
        &self.parts
    }

    /// Whether the text holds more than one file (or at least one marker).
    pub fn is_multi(&self) -> bool {
        self.parts.iter().any(|p| p.name.is_some())
    }

    /// The part holding byte `offset`.
    pub fn part_at(&self, offset: usize) -> Option<&FilePart> {
        self.parts.iter().rev().find(|p| p.marker <= offset)
    }

    /// The files back, without the separator line [`join`] put before each marker.
    pub fn split(&self, text: &str) -> Vec<SourceFile> {
        let n = self.parts.len();
        self.parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut body = text.get(p.start..p.end).unwrap_or("");
                if i + 1 < n {
                    body = body.strip_suffix('\n').unwrap_or(body);
                }
                SourceFile { name: p.name.clone().unwrap_or_default(), text: body.to_string() }
            })
            .collect()
    }

    /// `(file name, 1-based line, 1-based column)` of a byte offset of the joined text, with the
    /// line counted within that file (the marker line is line 0 of its file).
    pub fn locate(&self, text: &str, offset: usize) -> (Option<String>, usize, usize) {
        let offset = offset.min(text.len());
        let Some(p) = self.part_at(offset) else {
            let (l, c) = LineIndex::new(text).line_col(offset);
            return (None, l, c);
        };
        let body = text.get(p.start..p.end.max(p.start)).unwrap_or("");
        if offset < p.start {
            return (p.name.clone(), 0, 1);
        }
        let (l, c) = LineIndex::new(body).line_col(offset - p.start);
        (p.name.clone(), l, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, text: &str) -> SourceFile {
        SourceFile { name: name.into(), text: text.into() }
    }

    #[test]
    fn files_opened_together_are_one_schema_of_one_kind() {
        // Two Prisma files dropped together (in any order), a migration beside them: one schema,
        // the files in name order, read as Prisma, and it reads as both models.
        let opened = open(vec![
            f("post.prisma", "model Post {\n  id Int @id\n  user User @relation(fields: [userId], references: [id])\n  userId Int\n}\n"),
            f("migration.sql", "CREATE TABLE x (id int);"),
            f("base.prisma", "datasource db {\n  provider = \"postgresql\"\n}\nmodel User {\n  id Int @id\n  posts Post[]\n}\n"),
        ])
        .unwrap();
        assert_eq!(opened.kind, InputKind::Prisma);
        assert_eq!(opened.skipped, ["migration.sql"]);
        let names: Vec<_> = FileMap::new(&opened.text).files().iter().map(|p| p.name.clone().unwrap_or_default()).collect();
        assert_eq!(names, ["base.prisma", "post.prisma"]);
        let read = super::super::read(&opened.text, Some(opened.kind), crate::Dialect::Mysql);
        let mut tables: Vec<_> = read.parsed.schema.tables.iter().map(|t| t.name.as_str()).collect();
        crate::sort::ord(&mut tables);
        assert_eq!(tables, ["Post", "User"]);
        assert_eq!(read.dialect(), crate::Dialect::Postgres, "the provider in the other file decides");
        // One file: its name, else its content, decides; its text is kept as it is.
        let one = open(vec![f("schema.txt", "Table t {\n id int\n}")]).unwrap();
        assert_eq!((one.kind, one.text.as_str()), (InputKind::Dbml, "Table t {\n id int\n}"));
        assert_eq!(open(vec![f("dump.json", "CREATE TABLE t (id int);")]).unwrap().kind, InputKind::Catalog);
        // Several SQL files: all of them, joined; two catalogs: the first only.
        let sql = open(vec![f("b.sql", "CREATE TABLE b (id int);"), f("a.sql", "CREATE TABLE a (id int);")]).unwrap();
        assert_eq!((sql.kind, sql.text.matches("-- ==> ").count()), (InputKind::Sql, 2));
        let cat = open(vec![f("a.json", "{}"), f("b.json", "[]")]).unwrap();
        assert_eq!((cat.text.as_str(), cat.skipped), ("{}", vec!["b.json".to_string()]));
        assert_eq!(open(Vec::new()), None);
    }

    #[test]
    fn join_then_split_gives_the_files_back() {
        let files = vec![f("schema.prisma", "datasource db {\n  provider = \"postgresql\"\n}\n"), f("models/user.prisma", "model User {\n  id Int @id\n}"), f("post.prisma", "model Post {\n  id Int @id\n}\n")];
        let text = join(&files, "//");
        let map = FileMap::new(&text);
        assert!(map.is_multi());
        let back = map.split(&text);
        assert_eq!(back.len(), 3);
        assert_eq!(back[0], files[0]);
        // A file without a final newline gets one between files, nothing else changes.
        assert_eq!(back[1].text, "model User {\n  id Int @id\n}\n");
        assert_eq!(back[2], files[2]);
    }

    #[test]
    fn one_file_is_its_own_text() {
        let text = join(&[f("a.prisma", "model A {}")], "//");
        assert_eq!(text, "model A {}");
        let map = FileMap::new(&text);
        assert!(!map.is_multi());
        assert_eq!(map.locate(&text, 6), (None, 1, 7));
    }

    #[test]
    fn positions_map_to_file_lines() {
        let files = vec![f("a.prisma", "l1\nl2\n"), f("b.prisma", "m1\nm2 x\n")];
        let text = join(&files, "//");
        let map = FileMap::new(&text);
        let at = text.find("x").unwrap();
        assert_eq!(map.locate(&text, at), (Some("b.prisma".into()), 2, 4));
        let l2 = text.find("l2").unwrap();
        assert_eq!(map.locate(&text, l2), (Some("a.prisma".into()), 2, 1));
        assert_eq!(map.locate(&text, text.find("// ==> b").unwrap()).1, 0);
    }

    #[test]
    fn markers_are_recognised_with_either_comment_and_names_stay_one_line() {
        assert_eq!(marker_name("// ==> a/b.ts <=="), Some("a/b.ts"));
        assert_eq!(marker_name("-- ==> x.sql <==\r"), Some("x.sql"));
        assert_eq!(marker_name("// ==>  <=="), None);
        assert_eq!(marker_name("// a comment"), None);
        assert_eq!(marker("//", "a\nb"), "// ==> a b <==");
        // Text before the first marker is kept as an unnamed part.
        let map = FileMap::new("// header\n// ==> a.prisma <==\nmodel A {}\n");
        assert_eq!(map.files().len(), 2);
        assert_eq!(map.files()[0].name, None);
    }
}
