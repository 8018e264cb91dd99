//! SQL DDL for PostgreSQL, MySQL and SQLite, from a schema imported from any of them.
//!
//! - Types are mapped from the model's [`TypeKind`](crate::model::TypeKind) (through domains); a
//!   schema generated for its own dialect keeps the types as written.
//! - Identifiers are quoted only where the target needs it (reserved word, case, odd characters).
//! - Tables come in dependency order; a foreign key to a table not created yet (a cycle) is added
//!   afterwards with `ALTER TABLE` (SQLite resolves references lazily, so there it stays inline).
//! - Expressions (defaults, checks, predicates, generated columns) are kept verbatim for the source
//!   dialect and translated token by token for another one; what cannot be translated is left out
//!   and reported — as a comment at the top of the output and in [`Generated::warnings`].
//!
//! The generator's parts, in the order the output is written:
//!
//! | file | what |
//! |---|---|
//! | `identifiers.rs` | names in the target: tables, relation namespaces, kept constraint names, keyed columns |
//! | `prelude.rs` | PostgreSQL schemas, enum types and sequences before the tables |
//! | `tables.rs` | one `CREATE TABLE` with its options, then what follows it (indexes, partitions) |
//! | `columns.rs` | one column definition: type, identity, generated, collation, NOT NULL, default |
//! | `types.rs` | column types mapped to the target |
//! | `defaults.rs` | column defaults mapped to the target |
//! | `expressions.rs` | expressions: verbatim for the source dialect, token-translated for another |
//! | `constraints.rs` | primary keys, unique constraints, checks, foreign keys |
//! | `indexes.rs` | `CREATE INDEX` |
//! | `policies.rs` | comments, row level security and policies |
//! | `triggers.rs` | the `updated_at` maintenance trigger |
//!
//! Partitioning and views are [`super::sqlobjects`]'s.

mod columns;
mod constraints;
mod defaults;
mod expressions;
mod identifiers;
mod indexes;
mod policies;
mod prelude;
mod tables;
mod triggers;
mod types;

use super::writer::Writer;
use super::{sqlobjects, Generated};
use crate::model::{QualifiedName, RefAction, Schema, Table};
use crate::sqltext::{comment_text, Namer};
use crate::Dialect;
use std::collections::{BTreeSet, HashMap, HashSet};

pub(crate) use policies::create_policy;
pub use crate::sqltext::{ident, string_lit};

/// The generator's state while it writes one schema.
struct Gen<'a> {
    schema: &'a Schema,
    /// Table and column lookups built once (references are resolved through it).
    ix: crate::model::SchemaIndex<'a>,
    from: Dialect,
    to: Dialect,
    warnings: Vec<String>,
    /// Per table: the name used in the output (schema, name).
    names: Vec<(Option<String>, String)>,
    /// Per table: the indexes of columns that take part in a key (MySQL needs bounded types there).
    keyed: Vec<HashSet<String>>,
    /// PostgreSQL: names of relations (tables, indexes, constraint indexes, types) per schema.
    relnames: HashMap<Option<String>, Namer>,
    /// MySQL: FK names in use in the database (one namespace per database).
    fk_names: Namer,
    /// MySQL: CHECK names in use in the database (a namespace of their own).
    check_names: Namer,
    /// SQLite (database-wide) and generated MySQL index names handed out.
    index_names: Namer,
    /// MySQL: index names per table.
    table_index_names: HashMap<usize, Namer>,
    /// PostgreSQL enum types made from inline MySQL enums: (table, column) → type name.
    inline_enum_types: HashMap<(usize, String), String>,
    extensions: BTreeSet<&'static str>,
}

/// The output's sections while the tables are written.
struct Out {
    /// Schemas, types, sequences and functions, before the tables.
    prelude: Writer,
    /// The tables with their indexes, then what comes after them.
    body: Writer,
    /// Foreign keys added once both tables exist (`ALTER TABLE ... ADD`).
    deferred: Vec<String>,
    /// Comments, row level security, policies and triggers, after every table.
    after: Vec<String>,
    /// SQLite triggers, last.
    sqlite_triggers: Vec<String>,
    /// The PostgreSQL `set_updated_at()` function is needed.
    updated_at_fn: bool,
    /// Tables written so far.
    created: HashSet<usize>,
}

/// The emitted unique keys of a table (column lists), for FK target checks.
struct Keys {
    pk: Option<Vec<String>>,
    uniques: Vec<Vec<String>>,
    /// Every index's plain leading columns (MySQL accepts any index for an FK target).
    indexes: Vec<Vec<String>>,
}

/// What the parts of one table's statement share while it is written.
struct TableCx<'a> {
    ti: usize,
    t: &'a Table,
    /// The table's name in messages.
    label: String,
    /// The table's quoted name in the output.
    tname: String,
    /// The table's schema in the output (PostgreSQL).
    tschema: Option<String>,
    pk_cols: Vec<String>,
    /// The primary key's column when it has one.
    single_pk: Option<String>,
    /// SQLite: the primary key is written on its column (`INTEGER PRIMARY KEY`).
    sqlite_inline_pk: bool,
    /// MySQL: the table's one `AUTO_INCREMENT` column is written.
    mysql_auto_done: bool,
    /// MySQL: `AUTO_INCREMENT` columns that lead no key and need one.
    need_key_for: Vec<String>,
    /// A `BEFORE UPDATE` row trigger stands for an `updated_at` maintenance.
    updated_at_trigger: bool,
    /// The lines inside `CREATE TABLE`, each with its trailing comment (SQLite column comments).
    lines: Vec<(String, Option<String>)>,
}

/// A referential action as SQL writes it after `ON DELETE` / `ON UPDATE`; `None` for NO ACTION
/// (the default, left out). Also the schema differ's.
pub(crate) fn ref_action(a: RefAction) -> Option<&'static str> {
    match a {
        RefAction::NoAction => None,
        RefAction::Restrict => Some("RESTRICT"),
        RefAction::Cascade => Some("CASCADE"),
        RefAction::SetNull => Some("SET NULL"),
        RefAction::SetDefault => Some("SET DEFAULT"),
    }
}

fn same_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl<'a> Gen<'a> {
    fn new(schema: &'a Schema, to: Dialect) -> Self {
        Gen {
            schema,
            ix: crate::model::SchemaIndex::new(schema),
            from: schema.dialect,
            to,
            warnings: Vec::new(),
            names: Vec::new(),
            keyed: Vec::new(),
            relnames: HashMap::new(),
            fk_names: Namer::sql(to, true),
            check_names: Namer::sql(to, true),
            index_names: Namer::sql(to, true),
            table_index_names: HashMap::new(),
            inline_enum_types: HashMap::new(),
            extensions: BTreeSet::new(),
        }
    }

    fn warn(&mut self, msg: String) {
        let msg = comment_text(&msg);
        if !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }

    fn label(&self, t: &Table) -> String {
        t.qualified_name().to_string()
    }

    fn resolve(&self, q: &QualifiedName) -> Option<usize> {
        self.ix.table_index(q)
    }

    /// A quoted column list, each name as the table spells it.
    fn cols(&self, t: &Table, cols: &[String]) -> String {
        cols.iter().map(|c| ident(self.to, t.column(c).map_or(c.as_str(), |col| col.name.as_str()))).collect::<Vec<_>>().join(", ")
    }

}

pub fn generate(schema: &Schema, to: Dialect) -> Generated {
    let mut g = Gen::new(schema, to);
    g.plan_names();
    g.compute_keyed();
    let from = g.from;
    let mut out = Out {
        prelude: Writer::new("    "),
        body: Writer::new("    "),
        deferred: Vec::new(),
        after: Vec::new(),
        sqlite_triggers: Vec::new(),
        updated_at_fn: false,
        created: HashSet::new(),
    };
    if to == Dialect::Postgres {
        prelude::postgres(&mut g, &mut out.prelude);
    } else if !schema.sequences.is_empty() && from == Dialect::Postgres {
        let names: Vec<String> = schema.sequences.iter().map(|s| s.name.clone()).collect();
        g.warn(format!("sequences are not generated for {}: {}", to.label(), names.join(", ")));
    }
    let keys = tables::keys(schema);
    for ti in g.order_tables() {
        tables::table(&mut g, ti, &keys, &mut out);
    }
    after_tables(&mut g, &mut out);
    assemble(g, out)
}

/// What follows the tables: deferred foreign keys, the trigger function, comments and policies,
/// views, SQLite triggers.
fn after_tables(g: &mut Gen, out: &mut Out) {
    let body = &mut out.body;
    if !out.deferred.is_empty() {
        body.line("-- Foreign keys that close a cycle (or point at a table created later)");
        for d in &out.deferred {
            body.line(d);
        }
        body.blank();
    }
    if out.updated_at_fn {
        triggers::updated_at_function(&mut out.prelude);
    }
    for a in &out.after {
        body.line(a);
    }
    if !out.after.is_empty() {
        body.blank();
    }
    let (views, view_warnings) = sqlobjects::views(g.schema, g.to);
    for w in view_warnings {
        g.warn(w);
    }
    for v in &views {
        for l in v.lines() {
            body.line(l);
        }
        body.blank();
    }
    for s in &out.sqlite_triggers {
        for l in s.lines() {
            body.line(l);
        }
    }
}

/// The header with the warnings, the extensions, the prelude and the body.
fn assemble(mut g: Gen, out: Out) -> Generated {
    let (to, from) = (g.to, g.from);
    let mut head = Writer::new("    ");
    head.line(format!("-- {} schema generated by Schema Playground from {}.", to.label(), from.label()));
    if !g.warnings.is_empty() {
        head.line("-- Warnings (what this target cannot express):");
        for w in &g.warnings {
            head.line(format!("--   * {w}"));
        }
    }
    head.blank();
    let mut code = head.finish();
    let prelude = out.prelude.finish();
    let body = out.body.finish();
    if to == Dialect::Postgres && from == Dialect::Postgres {
        // functions, operator classes and types that come from contrib extensions
        let text = format!("{prelude}{body}").to_ascii_lowercase();
        for (needle, ext) in [
            ("uuid_generate_v", "uuid-ossp"),
            ("_trgm_ops", "pg_trgm"),
            ("similarity(", "pg_trgm"),
            ("gen_salt(", "pgcrypto"),
            ("crypt(", "pgcrypto"),
            ("digest(", "pgcrypto"),
            ("unaccent(", "unaccent"),
            (" using gist ", "btree_gist"),
            (" using gin ", "btree_gin"),
        ] {
            if text.contains(needle) {
                g.extensions.insert(ext);
            }
        }
    }
    if to == Dialect::Postgres && !g.extensions.is_empty() {
        for e in &g.extensions {
            code.push_str(&format!("CREATE EXTENSION IF NOT EXISTS {};\n", ident(to, e)));
        }
        code.push('\n');
    }
    code.push_str(&prelude);
    code.push_str(&body);
    while code.ends_with("\n\n") {
        code.pop();
    }
    if !code.ends_with('\n') {
        code.push('\n');
    }
    Generated { code, warnings: g.warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn gen(text: &str, from: Dialect, to: Dialect) -> Generated {
        generate(&parse(text, from).schema, to)
    }

    #[test]
    fn quoting_only_where_needed() {
        assert_eq!(ident(Dialect::Postgres, "users"), "users");
        assert_eq!(ident(Dialect::Postgres, "user"), "\"user\"");
        assert_eq!(ident(Dialect::Postgres, "Users"), "\"Users\"");
        assert_eq!(ident(Dialect::Mysql, "Users"), "Users");
        assert_eq!(ident(Dialect::Mysql, "order"), "`order`");
        assert_eq!(ident(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(ident(Dialect::Sqlite, "a\"b"), "\"a\"\"b\"");
        assert_eq!(string_lit(Dialect::Mysql, "it's \\"), "'it''s \\\\'");
    }

    #[test]
    fn cycles_are_closed_with_alter_table() {
        let sql = "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));";
        let out = gen(sql, Dialect::Postgres, Dialect::Postgres);
        assert!(out.code.contains("ALTER TABLE"), "{}", out.code);
        let out = gen(sql, Dialect::Postgres, Dialect::Sqlite);
        assert!(!out.code.contains("ALTER TABLE"), "{}", out.code);
    }

    #[test]
    fn references_come_first() {
        let sql = "CREATE TABLE child (id int PRIMARY KEY, p int REFERENCES parent(id));\nCREATE TABLE parent (id int PRIMARY KEY);";
        let out = gen(sql, Dialect::Postgres, Dialect::Mysql);
        let p = out.code.find("CREATE TABLE parent").unwrap();
        let c = out.code.find("CREATE TABLE child").unwrap();
        assert!(p < c, "{}", out.code);
        assert!(!out.code.contains("ALTER TABLE"));
    }

    #[test]
    fn types_map_across_dialects() {
        let sql = "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE t (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), m mood, tags text[], j jsonb, at timestamptz DEFAULT now(), ok boolean DEFAULT true, n bigint GENERATED BY DEFAULT AS IDENTITY UNIQUE);";
        let my = gen(sql, Dialect::Postgres, Dialect::Mysql);
        assert!(my.code.contains("enum('a', 'b')"), "{}", my.code);
        assert!(my.code.contains("char(36)"), "{}", my.code);
        assert!(my.code.contains("AUTO_INCREMENT"), "{}", my.code);
        assert!(my.code.contains("tags json"), "{}", my.code);
        assert!(my.warnings.iter().any(|w| w.contains("arrays")), "{:?}", my.warnings);
        assert!(my.code.contains("-- Warnings"), "{}", my.code);
        let lite = gen(sql, Dialect::Postgres, Dialect::Sqlite);
        assert!(lite.code.contains("CHECK (m IN ('a', 'b'))"), "{}", lite.code);
        let back = gen("CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, s enum('x','y') DEFAULT 'x', f tinyint(1) DEFAULT 0);", Dialect::Mysql, Dialect::Postgres);
        assert!(back.code.contains("GENERATED BY DEFAULT AS IDENTITY"), "{}", back.code);
        assert!(back.code.contains("CREATE TYPE t_s AS ENUM ('x', 'y')"), "{}", back.code);
        assert!(back.code.contains("f boolean DEFAULT false"), "{}", back.code);
    }

    #[test]
    fn hostile_names_stay_quoted() {
        let sql = "CREATE TABLE \"a\"\"b*/\n<script>\" (\"select\" int PRIMARY KEY, \"x`y\" text);\nCOMMENT ON TABLE \"a\"\"b*/\n<script>\" IS 'it''s */ -- \n x';";
        for to in Dialect::ALL {
            let out = gen(sql, Dialect::Postgres, to);
            // the output reads back as the same table and columns
            let back = parse(&out.code, to);
            assert_eq!(back.schema.tables.len(), 1, "{to:?}: {}", out.code);
            let t = &back.schema.tables[0];
            assert_eq!(t.name, "a\"b*/\n<script>", "{to:?}: {}", out.code);
            let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(cols, ["select", "x`y"], "{to:?}: {}", out.code);
        }
    }
}
