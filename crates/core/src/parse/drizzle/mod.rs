//! Drizzle ORM schema modules (TypeScript) → [`Schema`], read statically: the text is tokenized,
//! parsed and evaluated by a small interpreter of our own — never executed (a share link could
//! carry hostile code).
//!
//! Pipeline: `lex.rs` (tokens) → `syntax.rs` (imports, declarations, expressions) → `eval.rs`
//! (names, imports between the given files, user functions such as a shared `timestamps` object or
//! a `pgTableCreator`) with `builtins.rs` (what Drizzle's functions mean; `types.rs` for column
//! types) → references, extra-config callbacks and `relations(...)` resolved once every table is
//! known → `build.rs` (the DDL drizzle-kit would write, read by the SQL importer, spans mapped back).
//!
//! Contract:
//! - Reads `pgTable` / `mysqlTable` / `sqliteTable`, `pgSchema(...).table`, `pgTableCreator`,
//!   `pgEnum` / `mysqlEnum`, every column builder of the three core modules and `customType`, the
//!   modifier chains, the extra-config callback in object and array forms, `pgPolicy`, and
//!   `relations(...)` (logical foreign keys where the database has none).
//! - Several files (joined with `// ==> path <==` markers, see [`super::input::files`]) import
//!   from each other; imports of other packages are unknown values.
//! - Like drizzle-kit, only exported tables are created when the input exports any table.
//! - The dialect is the core module imported (`drizzle-orm/pg-core`, ...), else the table
//!   function used, else the hint.
//! - What cannot be read statically is a warning at its line and column; the rest still imports.
//!   Spans point into the given text. Never panics, never hangs (bounded nesting, scans and
//!   evaluation steps).

mod build;
mod builtins;
pub(crate) mod casing;
mod eval;
mod lex;
pub(crate) mod sites;
pub(crate) mod syntax;
pub(crate) mod types;
mod value;
mod views;

#[cfg(test)]
mod tests;

use super::input::files::FileMap;
use super::input::Diags;
use super::Parsed;
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::span::Span;
use eval::{Export, Module, Reader};
use syntax::Item;
use value::{Builtin, ColRef, Part, Relation, Value};

/// Reads a Drizzle schema (one module, or several joined with file markers).
pub fn read(text: &str, dialect: Dialect) -> Parsed {
    translate(text, dialect).finish(text)
}

/// [`read`], and the DDL the reader wrote for the schema (what `drizzle-kit generate` would write,
/// up to formatting), which the SQL importer read.
pub fn read_with_ddl(text: &str, dialect: Dialect) -> (Parsed, String) {
    let t = translate(text, dialect);
    let sql = t.sql().to_string();
    (t.finish(text), sql)
}

/// The reader's half of [`read`]: the DDL the schema stands for (see `input::ddl::Translated`).
pub fn translate(text: &str, dialect: Dialect) -> crate::parse::input::ddl::Translated {
    with_reader(text, dialect, |r, _, include, rels, mut diags| {
        let ddl = build::render(r, &include, &rels);
        for (sev, span, msg) in std::mem::take(&mut r.diags) {
            diags.push(sev, span, msg);
        }
        let count = include.iter().filter(|x| **x).count() + r.enums.len();
        ddl.translated(diags, count)
    })
}

/// Where the text writes each table, column and foreign key (for the edit planner, `edit/drizzle`).
pub(crate) fn sites(text: &str, dialect: Dialect) -> sites::Sites {
    with_reader(text, dialect, |r, items, include, rels, _| sites::Sites::new(r, items, &include, &rels))
}

/// Reads the modules and evaluates them; `done` gets the reader with every table resolved, the
/// items of each file, which tables drizzle-kit creates, the relations, and the diagnostics so far.
fn with_reader<T>(text: &str, dialect: Dialect, done: impl FnOnce(&mut Reader<'_>, &[(usize, Vec<Item>)], Vec<bool>, Vec<(usize, Relation)>, Diags) -> T) -> T {
    let map = FileMap::new(text);
    let mut diags = Diags::new(text);
    let mut all_items: Vec<(usize, Vec<Item>)> = Vec::new();
    let mut paths: Vec<Option<String>> = Vec::new();
    let mut idents: Vec<String> = Vec::new();
    for part in map.files() {
        let (toks, lex_errors) = lex::lex_range(text, part.start, part.end);
        for e in lex_errors {
            diags.error(Span::new(e.at, e.at), e.message);
        }
        for t in &toks {
            if let Some(w) = t.ident().filter(|w| matches!(*w, "pgTable" | "mysqlTable" | "sqliteTable" | "pgTableCreator" | "mysqlTableCreator" | "sqliteTableCreator")) {
                idents.push(w.to_string());
            }
        }
        let (items, errors) = syntax::module(&toks, text);
        for e in errors {
            diags.error(Span::new(e.at, e.at), e.message);
        }
        all_items.push((part.start, items));
        paths.push(part.name.clone());
    }
    let d = pick_dialect(&all_items, &idents, dialect, &mut diags);
    let modules: Vec<Module> = all_items.iter().zip(paths).map(|((_, items), p)| Module::new(p, items)).collect();
    let mut r = Reader::new(text, modules, d);
    r.run_modules();
    r.casing = config_casing(&mut r);
    let include = included_tables(&mut r);
    let rels = resolve(&mut r);
    done(&mut r, &all_items, include, rels, diags)
}

/// The dialect: the core module imported, else the table function used, else the hint.
fn pick_dialect(items: &[(usize, Vec<Item>)], idents: &[String], hint: Dialect, diags: &mut Diags) -> Dialect {
    let mut seen: Vec<(Dialect, Span)> = Vec::new();
    for imp in items.iter().flat_map(|(_, i)| i).filter_map(|i| if let Item::Import(imp) = i { Some(imp) } else { None }) {
        let at = Span::new(imp.start, imp.start);
        match imp.source.as_str() {
            "drizzle-orm/pg-core" => seen.push((Dialect::Postgres, at)),
            "drizzle-orm/mysql-core" => seen.push((Dialect::Mysql, at)),
            "drizzle-orm/sqlite-core" => seen.push((Dialect::Sqlite, at)),
            s @ ("drizzle-orm/singlestore-core" | "drizzle-orm/gel-core" | "drizzle-orm/cockroach-core" | "drizzle-orm/mssql-core") => {
                diags.error(at, format!("'{s}' is not supported: Schema Playground reads pg-core, mysql-core and sqlite-core schemas"));
            }
            _ => {}
        }
    }
    if seen.is_empty() {
        for w in idents {
            seen.push((
                match w.as_str() {
                    w if w.starts_with("pg") => Dialect::Postgres,
                    w if w.starts_with("mysql") => Dialect::Mysql,
                    _ => Dialect::Sqlite,
                },
                Span::default(),
            ));
        }
    }
    let Some((first, _)) = seen.first().copied() else { return hint };
    if let Some((other, at)) = seen.iter().find(|(x, _)| *x != first) {
        diags.warning(*at, format!("this schema mixes {} and {} modules; read as {}", first.label(), other.label(), first.label()));
    }
    first
}

/// `casing` of a `drizzle.config.*` given with the schema (its default export).
fn config_casing(r: &mut Reader) -> Option<eval::Casing> {
    let m = r.modules.iter().position(|m| m.path.as_deref().is_some_and(|p| p.rsplit('/').next().is_some_and(|f| f.starts_with("drizzle.config."))))?;
    let name = r.modules[m].exports.iter().find(|(n, _)| n == "default").and_then(|(_, e)| if let Export::Local(l) = e { Some(l.clone()) } else { None })?;
    match r.module_value(m, &name, Span::default()).get("casing").and_then(Value::as_str) {
        Some("snake_case") => Some(eval::Casing::Snake),
        Some("camelCase") => Some(eval::Casing::Camel),
        _ => None,
    }
}

/// Which tables drizzle-kit would create: the exported ones (all of them when nothing is exported,
/// as in a pasted fragment).
fn included_tables(r: &mut Reader) -> Vec<bool> {
    let mut exported = vec![false; r.tables.len()];
    for m in 0..r.modules.len() {
        let locals: Vec<String> = r.modules[m].exports.iter().filter_map(|(_, e)| if let Export::Local(l) = e { Some(l.clone()) } else { None }).collect();
        for l in locals {
            if let Value::Table(t) = r.module_value(m, &l, Span::default()) {
                exported[t] = true;
            }
        }
    }
    if !exported.iter().any(|x| *x) {
        return vec![true; r.tables.len()];
    }
    for (t, e) in exported.iter().enumerate() {
        if !e {
            let (span, name) = (r.tables[t].span, r.tables[t].name.clone());
            r.diag(Severity::Info, span, format!("table '{name}' is not exported: drizzle-kit does not create it, so it is left out"));
        }
    }
    exported
}

/// Once every table is known: column references, extra-config callbacks, and relations.
fn resolve(r: &mut Reader<'_>) -> Vec<(usize, Relation)> {
    for t in 0..r.tables.len() {
        let cols = r.tables[t].cols.clone();
        let tname = r.tables[t].name.clone();
        for (key, c) in &cols {
            for (f, on_delete, on_update, span) in &c.refs {
                match r.invoke(f, Vec::new(), *span) {
                    Value::ColRef(target) => {
                        let me = ColRef { table: t, key: key.clone(), desc: false, nulls_first: None, opclass: None, span: c.span };
                        r.tables[t].parts.push(Part::ForeignKey { name: None, cols: vec![me], foreign: vec![*target], on_delete: *on_delete, on_update: *on_update, span: *span });
                    }
                    other => r.report_unknown(&other, *span, &format!("table '{tname}': the reference of column '{key}' left out")),
                }
            }
        }
        if let Some(extra) = r.tables[t].extra.take() {
            let v = match extra {
                Value::Func(f) => r.invoke(&f, vec![Value::Table(t)], f.span),
                other => other,
            };
            collect_parts(r, t, v, r.tables[t].span);
        }
    }
    let mut out = Vec::new();
    for (t, f, span) in r.relations.clone() {
        let helper = |n: &str| (n.to_string(), Value::Builtin(Builtin { name: n.to_string(), core: None }), span);
        let v = r.invoke(&f, vec![Value::obj(vec![helper("one"), helper("many")])], span);
        match v {
            Value::Obj(m) => {
                for (key, v, s) in m.iter() {
                    match v {
                        Value::Relation(rel) => out.push((t, Relation { call: span, ..(**rel).clone() })),
                        other => r.report_unknown(other, *s, &format!("relation '{key}' left out")),
                    }
                }
            }
            other => r.report_unknown(&other, span, "relations(...) left out"),
        }
    }
    out
}

/// The pieces an extra-config callback returned (array or object form).
fn collect_parts<'a>(r: &mut Reader<'a>, t: usize, v: Value<'a>, span: Span) {
    let tname = r.tables[t].name.clone();
    match v {
        Value::Arr(items) => {
            for x in items.iter() {
                collect_parts(r, t, x.clone(), span);
            }
        }
        Value::Obj(m) => {
            for (_, x, s) in m.iter() {
                collect_parts(r, t, x.clone(), *s);
            }
        }
        Value::Part(p) => r.tables[t].parts.push(*p),
        Value::Undefined | Value::Null => {}
        other => r.report_unknown(&other, span, &format!("table '{tname}': an index or constraint left out")),
    }
}
