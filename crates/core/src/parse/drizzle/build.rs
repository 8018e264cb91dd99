//! From the evaluated schema to the model, the way drizzle-kit does it: the tables, enums, keys,
//! indexes and policies are written as the DDL `drizzle-kit generate` would write (Drizzle's own
//! default names: `<t>_<cols>_<rt>_<rcols>_fk`, `<t>_<cols>_pk`, `<t>_<cols>_unique`,
//! `<t>_<cols>_index`) into an [`input::ddl::Ddl`](crate::parse::input::ddl::Ddl), which the SQL
//! importer reads — so everything the database itself decides (PostgreSQL's `<t>_pkey`, serial
//! sequences, name truncation, MySQL's `PRIMARY` and foreign-key indexes, SQLite's autoindexes and
//! rowid aliases) is decided in one place — with every span mapped back to the TypeScript.
//! `relations(...)` add logical foreign keys where the database has none.

use super::eval::Reader;
use super::value::{ColRef, ColSpec, Default, IndexKey, Part, Relation};
use crate::codegen::sql::{ident, string_lit};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::parse::input::ddl::{fragment_ok, Ddl};
use crate::span::Span;

/// Ends a statement (and the piece it opened).
fn end(out: &mut Ddl) {
    out.push(";\n");
    out.close();
}

fn q(d: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", ident(d, s), ident(d, name)),
        None => ident(d, name),
    }
}

/// Writes the DDL for the tables marked in `include`, and the logical keys of `rels`.
pub(super) fn render(r: &mut Reader, include: &[bool], rels: &[(usize, Relation)]) -> Ddl {
    let d = r.dialect;
    let mut out = Ddl::new(d);
    if d == Dialect::Postgres {
        for e in r.enums.clone() {
            out.open(e.span);
            let vals: Vec<String> = e.values.iter().map(|v| string_lit(d, v)).collect();
            out.push(&format!("CREATE TYPE {} AS ENUM ({})", q(d, e.schema.as_deref(), &e.name), vals.join(", ")));
            end(&mut out);
        }
        for (s, n, span) in r.sequences.clone() {
            out.open(span);
            out.push(&format!("CREATE SEQUENCE {}", q(d, s.as_deref(), &n)));
            end(&mut out);
        }
    }
    let mut later: Vec<(usize, Part)> = Vec::new();
    for t in (0..r.tables.len()).filter(|t| include[*t]) {
        create_table(r, t, &mut out, &mut later);
    }
    for (t, p) in later {
        after_table(r, t, &p, &mut out);
    }
    logical_relations(r, include, rels, &mut out);
    for t in (0..r.tables.len()).filter(|t| include[*t]) {
        if d == Dialect::Postgres {
            let def = &r.tables[t];
            let policies: Vec<Part> = def.parts.iter().filter(|p| matches!(p, Part::Policy { .. })).cloned().collect();
            let table = q(d, def.schema.as_deref(), &def.name);
            if def.rls || !policies.is_empty() {
                out.open(def.span);
                out.push(&format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"));
                end(&mut out);
            }
            for p in policies {
                if let Part::Policy { name, permissive, command, roles, using, with_check, span } = p {
                    if using.iter().chain(with_check.iter()).any(|e| !fragment_ok(e)) {
                        r.diag(Severity::Warning, span, format!("policy '{name}' left out: its SQL is not one balanced expression"));
                        continue;
                    }
                    let policy = crate::model::Policy { name, command, permissive, roles, using, with_check, span };
                    out.open(span);
                    out.push(&crate::codegen::sql::create_policy(d, &table, &policy));
                    end(&mut out);
                }
            }
        }
    }
    out
}

/// The column's database name.
fn col_name(r: &Reader, c: &ColRef) -> String {
    super::builtins::column_name(r, c.table, &c.key)
}

fn col_list(r: &Reader, d: Dialect, cols: &[ColRef]) -> String {
    cols.iter().map(|c| ident(d, &col_name(r, c))).collect::<Vec<_>>().join(", ")
}

fn names(r: &Reader, cols: &[ColRef]) -> String {
    cols.iter().map(|c| col_name(r, c)).collect::<Vec<_>>().join("_")
}

fn create_table(r: &mut Reader, t: usize, out: &mut Ddl, later: &mut Vec<(usize, Part)>) {
    let d = r.dialect;
    let (tname, tschema, tspan) = (r.tables[t].name.clone(), r.tables[t].schema.clone(), r.tables[t].span);
    let cols: Vec<(String, ColSpec)> = r.tables[t].cols.clone();
    let parts: Vec<Part> = r.tables[t].parts.clone();
    let has_pk_part = parts.iter().any(|p| matches!(p, Part::PrimaryKey { .. }));
    let inline_pk: Vec<&(String, ColSpec)> = cols.iter().filter(|(_, c)| c.primary).collect();
    if inline_pk.len() > 1 && !has_pk_part {
        r.diag(Severity::Warning, inline_pk[1].1.span, format!("table '{tname}': more than one column has .primaryKey(); read as one composite key (use primaryKey({{ columns }}) in the extra config)"));
    }
    out.open(tspan);
    out.push(&format!("CREATE TABLE {} (\n", q(d, tschema.as_deref(), &tname)));
    let mut first = true;
    let mut sep = |out: &mut Ddl| {
        if !std::mem::take(&mut first) {
            out.push(",\n");
        }
    };
    for (key, c) in &cols {
        sep(out);
        let line = column_line(r, key, c, !has_pk_part && inline_pk.len() == 1);
        out.piece(&format!("  {line}"), c.span);
    }
    if let (false, Some((_, c))) = (has_pk_part, inline_pk.first()) {
        out.object(tschema.as_deref(), &tname, None, c.span);
    }
    if !has_pk_part && inline_pk.len() > 1 {
        sep(out);
        let list: Vec<String> = inline_pk.iter().map(|(k, c)| ident(d, &c.name.clone().unwrap_or_else(|| r.cased(k)))).collect();
        out.piece(&format!("  PRIMARY KEY({})", list.join(", ")), inline_pk[0].1.span);
    }
    // column-level unique and references
    for (key, c) in &cols {
        let cref = ColRef { table: t, key: key.clone(), desc: false, nulls_first: None, opclass: None, span: c.span };
        if let Some((name, nnd)) = &c.unique {
            // Drizzle names a column's unique key when the column is built: after its key, not the
            // cased name (`app_users_HTTPHandle_unique` under snake_case)
            let name = name.clone().unwrap_or_else(|| format!("{tname}_{}_unique", c.name.as_deref().unwrap_or(key)));
            later_or_inline(r, t, Part::Unique { name: Some(name), cols: vec![cref.clone()], nulls_not_distinct: *nnd, span: c.span }, out, later, &mut sep);
        }
    }
    for p in parts {
        later_or_inline(r, t, p, out, later, &mut sep);
    }
    out.push("\n)");
    end(out);
}

/// Table constraints go inside CREATE TABLE; foreign keys (PostgreSQL / MySQL), indexes and
/// SQLite's unique indexes come after all tables, as drizzle-kit writes them.
fn later_or_inline(r: &mut Reader, t: usize, p: Part, out: &mut Ddl, later: &mut Vec<(usize, Part)>, sep: &mut impl FnMut(&mut Ddl)) {
    let d = r.dialect;
    let tname = r.tables[t].name.clone();
    match &p {
        Part::PrimaryKey { name, cols, span } => {
            let name = name.clone().unwrap_or_else(|| format!("{tname}_{}_pk", names(r, cols)));
            out.object(r.tables[t].schema.as_deref(), &tname, None, *span);
            sep(out);
            out.piece(&format!("  CONSTRAINT {} PRIMARY KEY({})", ident(d, &name), col_list(r, d, cols)), *span);
        }
        Part::Unique { name, cols, nulls_not_distinct, span } if d != Dialect::Sqlite => {
            let name = name.clone().unwrap_or_else(|| format!("{tname}_{}_unique", names(r, cols)));
            let nnd = if *nulls_not_distinct && d == Dialect::Postgres { " NULLS NOT DISTINCT" } else { "" };
            out.object(r.tables[t].schema.as_deref(), &tname, Some(&name), *span);
            sep(out);
            out.piece(&format!("  CONSTRAINT {} UNIQUE{nnd}({})", ident(d, &name), col_list(r, d, cols)), *span);
        }
        Part::Check { name, expression, span } => {
            if !fragment_ok(expression) {
                r.diag(Severity::Warning, *span, format!("check '{name}' left out: its SQL is not one balanced expression"));
                return;
            }
            sep(out);
            out.piece(&format!("  CONSTRAINT {} CHECK ({expression})", ident(d, name)), *span);
        }
        Part::ForeignKey { .. } if d == Dialect::Sqlite => {
            sep(out);
            let (text, span) = fk_clause(r, t, &p);
            out.piece(&format!("  {text}"), span);
        }
        Part::Policy { .. } => {}
        _ => later.push((t, p)),
    }
}

fn fk_clause(r: &Reader, t: usize, p: &Part) -> (String, Span) {
    let d = r.dialect;
    let Part::ForeignKey { name, cols, foreign, on_delete, on_update, span } = p else { return (String::new(), Span::default()) };
    let target = foreign.first().map(|c| c.table).unwrap_or(t);
    let (rname, rschema) = (r.tables[target].name.clone(), r.tables[target].schema.clone());
    let name = name.clone().unwrap_or_else(|| format!("{}_{}_{rname}_{}_fk", r.tables[t].name, names(r, cols), names(r, foreign)));
    let rs = if d == Dialect::Postgres { rschema.or(Some("public".into())) } else { rschema };
    let text = format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
        ident(d, &name),
        col_list(r, d, cols),
        q(d, rs.as_deref(), &rname),
        col_list(r, d, foreign),
        on_delete.id(),
        on_update.id()
    );
    (text, *span)
}

fn after_table(r: &mut Reader, t: usize, p: &Part, out: &mut Ddl) {
    let d = r.dialect;
    let def = &r.tables[t];
    let table = q(d, def.schema.as_deref(), &def.name);
    match p {
        Part::ForeignKey { span, .. } => {
            out.open(*span);
            let (text, _) = fk_clause(r, t, p);
            out.push(&format!("ALTER TABLE {table} ADD {text}"));
            end(out);
        }
        Part::Unique { name, cols, span, .. } => {
            let name = name.clone().unwrap_or_else(|| format!("{}_{}_unique", def.name, names(r, cols)));
            out.open(*span);
            out.push(&format!("CREATE UNIQUE INDEX {} ON {table} ({})", ident(d, &name), col_list(r, d, cols)));
            end(out);
        }
        Part::Index { keys, predicate, span, .. } if predicate.iter().chain(keys.iter().filter_map(|k| if let IndexKey::Expr(e) = k { Some(e) } else { None })).any(|e| !fragment_ok(e)) => {
            r.diag(Severity::Warning, *span, "index left out: its SQL is not one balanced expression");
        }
        Part::Index { unique, name, keys, method, predicate, concurrently, span } => {
            let key_names: Vec<String> = keys.iter().filter_map(|k| if let IndexKey::Col(c) = k { Some(col_name(r, c)) } else { None }).collect();
            let name = name.clone().unwrap_or_else(|| format!("{}_{}_index", def.name, key_names.join("_")));
            let parts: Vec<String> = keys
                .iter()
                .map(|k| match k {
                    IndexKey::Col(c) => {
                        let mut s = ident(d, &col_name(r, c));
                        if let (Some(op), Dialect::Postgres) = (&c.opclass, d) {
                            s.push(' ');
                            s.push_str(op);
                        }
                        if c.desc {
                            s.push_str(" DESC");
                        }
                        match (c.nulls_first, d) {
                            (Some(true), Dialect::Postgres) => s.push_str(" NULLS FIRST"),
                            (Some(false), Dialect::Postgres) => s.push_str(" NULLS LAST"),
                            _ => {}
                        }
                        s
                    }
                    IndexKey::Expr(e) => e.clone(),
                })
                .collect();
            let u = if *unique { "UNIQUE " } else { "" };
            let conc = if *concurrently && d == Dialect::Postgres { "CONCURRENTLY " } else { "" };
            let using = match (d, method.as_deref()) {
                (Dialect::Postgres, m) => format!(" USING {}", m.unwrap_or("btree")),
                (Dialect::Mysql, Some(m @ ("btree" | "hash"))) => format!(" USING {m}"),
                _ => String::new(),
            };
            let mut s = format!("CREATE {u}INDEX {conc}{} ON {table}{using} ({})", ident(d, &name), parts.join(", "));
            if let (Some(p), false) = (predicate, d == Dialect::Mysql) {
                s.push_str(&format!(" WHERE {p}"));
            }
            out.open(*span);
            out.push(&s);
            end(out);
        }
        _ => {}
    }
}

/// One column definition, as drizzle-kit writes it.
fn column_line(r: &mut Reader, key: &str, c: &ColSpec, inline_pk: bool) -> String {
    let d = r.dialect;
    let name = c.name.clone().unwrap_or_else(|| r.cased(key));
    let mut ty = c.sql_type.clone();
    if crate::parse::parse_type(d, &ty).is_none() {
        r.diag(Severity::Warning, c.span, format!("column '{name}': the type '{ty}' is not a {} type the reader knows; read as text", d.label()));
        ty = "text".into();
    }
    if d == Dialect::Postgres {
        for _ in 0..c.dims.min(6) {
            ty.push_str("[]");
        }
    }
    let mut s = format!("{} {ty}", ident(d, &name));
    if c.primary && inline_pk {
        s.push_str(" PRIMARY KEY");
        if d == Dialect::Sqlite && c.autoincrement {
            s.push_str(" AUTOINCREMENT");
        }
    }
    if d == Dialect::Mysql && c.autoincrement {
        s.push_str(" AUTO_INCREMENT");
    }
    if let Some(def) = &c.default {
        let text = default_sql(d, c, def);
        if fragment_ok(&text) {
            s.push_str(&format!(" DEFAULT {text}"));
        } else {
            r.diag(Severity::Warning, c.span, format!("column '{name}': default left out: its SQL is not one balanced expression"));
        }
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    if d == Dialect::Mysql && c.on_update_now {
        s.push_str(" ON UPDATE CURRENT_TIMESTAMP");
    }
    match (c.identity, d) {
        (Some(true), Dialect::Postgres) => s.push_str(" GENERATED ALWAYS AS IDENTITY"),
        (Some(false), Dialect::Postgres) => s.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
        _ => {}
    }
    match &c.generated {
        Some((e, stored)) if fragment_ok(e) => s.push_str(&format!(" GENERATED ALWAYS AS ({e}) {}", if *stored { "STORED" } else { "VIRTUAL" })),
        Some(_) => r.diag(Severity::Warning, c.span, format!("column '{name}': generated expression left out: its SQL is not one balanced expression")),
        None => {}
    }
    s
}

/// A `.default(...)` as drizzle-kit's serializer writes it.
fn default_sql(d: Dialect, c: &ColSpec, v: &Default) -> String {
    let base = c.sql_type.to_ascii_lowercase();
    let mysql_wrap = d == Dialect::Mysql && matches!(base.as_str(), "blob" | "text" | "json" | "tinytext" | "mediumtext" | "longtext");
    let wrap = |s: String| if mysql_wrap { format!("({s})") } else { s };
    match v {
        Default::Sql(s) => s.clone(),
        Default::Str(s) => wrap(string_lit(d, s)),
        Default::Num(n) => wrap(n.clone()),
        Default::Bool(b) => wrap(b.to_string()),
        Default::Json { json, pg_array } => match d {
            Dialect::Postgres if c.dims > 0 => string_lit(d, pg_array.as_deref().unwrap_or("{}")),
            Dialect::Postgres if base == "json" || base == "jsonb" => format!("{}::{base}", string_lit(d, json)),
            _ => wrap(string_lit(d, json)),
        },
    }
}

/// `relations(...)`: a `one(...)` with `fields` / `references` is a relation the application keeps;
/// where the schema has no foreign key on those columns (nor the reverse one: the inverse side of
/// a one-to-one) it is written as a foreign key and marked logical.
fn logical_relations(r: &Reader, include: &[bool], rels: &[(usize, Relation)], out: &mut Ddl) {
    let d = r.dialect;
    let keys = |cols: &[ColRef]| cols.iter().map(|c| (c.table, c.key.clone())).collect::<Vec<_>>();
    let has_fk = |t: usize, from: &[ColRef], to: &[ColRef]| {
        r.tables[t].parts.iter().any(|p| matches!(p, Part::ForeignKey { cols, foreign, .. } if keys(cols) == keys(from) && (to.is_empty() || keys(foreign) == keys(to))))
    };
    for (t, rel) in rels {
        if rel.fields.is_empty() || rel.fields.len() != rel.references.len() || !include[*t] || !include[rel.target] {
            continue;
        }
        if has_fk(*t, &rel.fields, &[]) || has_fk(rel.target, &rel.references, &rel.fields) {
            continue;
        }
        let def = &r.tables[*t];
        let target = &r.tables[rel.target];
        let rs = if d == Dialect::Postgres { target.schema.clone().or(Some("public".into())) } else { target.schema.clone() };
        out.open(rel.span);
        out.push(&format!(
            "ALTER TABLE {} ADD FOREIGN KEY ({}) REFERENCES {}({})",
            q(d, def.schema.as_deref(), &def.name),
            col_list(r, d, &rel.fields),
            q(d, rs.as_deref(), &target.name),
            col_list(r, d, &rel.references)
        ));
        end(out);
        out.mark_logical(def.schema.as_deref(), &def.name, rel.fields.iter().map(|c| col_name(r, c)).collect());
    }
}
