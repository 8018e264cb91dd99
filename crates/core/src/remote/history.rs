//! The History view's work in the engine worker: a migration folder read as its tool reads it,
//! replayed and checked ([`crate::migrate::folder`]), and the schema at a picked point written as
//! DDL. The page keeps none of the folder reader, the checker or the code generator in its own
//! module; it shows a [`HistoryView`] and puts a point's DDL into its editor.

use crate::codegen::{self, Target};
use crate::migrate::folder::{self, FolderJob, History, PointJob, ReadOptions, Selection, SourceFile};
use crate::migrate::{CheckOptions, MigrationReport};
use crate::{Dialect, Severity};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A migration folder as the page holds it: its name and its files (path, text) in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    pub name: String,
    pub files: Vec<(String, String)>,
}

impl Folder {
    /// The folder read as its tool reads it (layout, order, dialect).
    pub fn read(&self) -> History {
        let files = self.files.iter().map(|(p, t)| SourceFile::new(p.clone(), t.clone())).collect();
        folder::read(files, &ReadOptions { name: Some(self.name.clone()), ..Default::default() })
    }
}

/// A checked history, as the History view shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryView {
    /// The layout's label (`Prisma Migrate`, `drizzle-kit`, …).
    pub layout: String,
    pub dialect: Dialect,
    /// Where the dialect came from.
    pub dialect_from: String,
    /// The folder's problems (layout, order, unreadable files).
    pub problems: Vec<HistoryProblem>,
    /// One row per migration, in the tool's order.
    pub rows: Vec<HistoryRow>,
}

/// Something about the folder a person should know ([`folder::Problem`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryProblem {
    pub path: Option<String>,
    pub severity: Severity,
    pub message: String,
}

/// One migration of the timeline and its check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The migration's number in the tool's order (1-based): the point it picks.
    pub n: usize,
    pub name: String,
    pub path: String,
    pub in_transaction: bool,
    pub unreadable: bool,
    /// The down part, where the tool keeps one.
    pub down: Option<String>,
    /// The checker's report on this migration against the schema before it (lines are the
    /// file's own; a diagnostic's span does not travel).
    pub report: MigrationReport,
}

/// Reads and checks every migration of `folder` against the schema the ones before it built.
pub fn check(history: Arc<History>, options: &CheckOptions) -> HistoryView {
    let mut job = FolderJob::new(history, &Selection::All, options, None);
    while !job.step(&mut || true) {}
    let report = job.finish();
    let h = &report.history;
    let rows = report
        .files
        .into_iter()
        .map(|f| {
            let m = &h.migrations[f.migration];
            HistoryRow {
                n: f.migration + 1,
                name: m.name.clone(),
                path: m.path.clone(),
                in_transaction: m.in_transaction,
                unreadable: m.unreadable.is_some(),
                down: m.down_sql().map(str::to_string),
                report: f.report,
            }
        })
        .collect();
    HistoryView {
        layout: h.layout.label().to_string(),
        dialect: h.dialect,
        dialect_from: h.dialect_from.to_string(),
        problems: h.problems.iter().map(|p| HistoryProblem { path: p.path.clone(), severity: p.severity, message: p.message.clone() }).collect(),
        rows,
    }
}

/// The schema just before and just after migration `n` (1-based, clamped) as DDL of the
/// history's dialect: what the editor shows at that point, and what its diagram compares with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPoint {
    pub dialect: Dialect,
    pub before: String,
    pub after: String,
}

pub fn point(history: &History, n: usize) -> HistoryPoint {
    let mut job = PointJob::new(history, n);
    let (before, after) = loop {
        if let Some(done) = job.step(&mut || true) {
            break done;
        }
    };
    let ddl = |s| codegen::generate(s, Target::Sql(history.dialect)).code;
    HistoryPoint { dialect: history.dialect, before: ddl(&before), after: ddl(&after) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{self, Change, ErdGraph};

    fn folder(files: &[(&str, &str)]) -> Folder {
        Folder { name: "t".into(), files: files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect() }
    }

    fn graph(ddl: &str, d: Dialect) -> ErdGraph {
        erd::from_schema(&crate::parse::parse(ddl, d).schema)
    }

    /// What the editor shows at a point is generated DDL; colouring it against the previous
    /// point's DDL marks exactly what the migration changed (the round trip adds no noise).
    #[test]
    fn a_points_colours_are_what_its_migration_changed() {
        let h = folder(&[
            ("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(50), legacy text);"),
            ("002_posts.sql", "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));"),
            ("003_users.sql", "ALTER TABLE users DROP COLUMN legacy;\nALTER TABLE users ADD COLUMN nick text;"),
        ])
        .read();
        let at = |n: usize| {
            let p = point(&h, n);
            let mut g = graph(&p.after, p.dialect);
            erd::changes::mark(&mut g, &graph(&p.before, p.dialect));
            g
        };
        let g = at(2);
        let marks: Vec<(&str, Option<Change>)> = g.tables.iter().map(|t| (t.key.as_str(), t.change)).collect();
        assert_eq!(marks, [("users", None), ("posts", Some(Change::Added))]);
        assert_eq!(g.edges.iter().map(|e| e.change).collect::<Vec<_>>(), [Some(Change::Added)]);
        let g = at(3);
        let users = &g.tables[0];
        assert_eq!(users.change, Some(Change::Altered));
        let cols: Vec<(&str, Option<Change>)> = users.columns.iter().map(|c| (c.name.as_str(), c.change)).collect();
        assert_eq!(cols, [("id", None), ("email", None), ("legacy", Some(Change::Dropped)), ("nick", Some(Change::Added))]);
        assert_eq!(g.tables[1].change, None, "posts did not change");
    }

    /// The view carries what the checker found per migration, the folder's problems, and each
    /// migration's transaction and down part, as the folder report has them.
    #[test]
    fn the_view_is_the_folder_report() {
        let f = folder(&[
            ("1_init.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);"),
            ("1_init.down.sql", "DROP TABLE users;"),
            ("2_idx.up.sql", "CREATE INDEX users_email ON users (email);"),
            ("2_idx.down.sql", "DROP INDEX users_email;"),
        ]);
        let h = Arc::new(f.read());
        let v = check(h.clone(), &CheckOptions::default());
        let mut job = FolderJob::new(h.clone(), &Selection::All, &CheckOptions::default(), None);
        while !job.step(&mut || true) {}
        let r = job.finish();
        assert_eq!(v.rows.len(), r.files.len());
        for (row, f) in v.rows.iter().zip(&r.files) {
            let m = &h.migrations[f.migration];
            assert_eq!((row.name.as_str(), row.in_transaction, row.down.as_deref()), (m.name.as_str(), m.in_transaction, m.down_sql()));
            assert_eq!(row.report, f.report);
        }
        assert!(v.rows[1].report.findings().any(|(_, f)| f.rule == "require-concurrent-index-creation"), "{:?}", v.rows[1].report);
        assert_eq!(v.rows[1].down.as_deref(), Some("DROP INDEX users_email;"));
        assert_eq!(v.problems.len(), h.problems.len());
    }

}
