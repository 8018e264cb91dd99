//! What a PostgreSQL schema needs before its tables: `CREATE SCHEMA`, enum types (the source's, and
//! one per inline MySQL enum column) and the sequences a serial column does not create itself.

use super::{ident, string_lit, Gen};
use crate::codegen::writer::Writer;
use crate::model::{Column, Identity, TypeKind};
use crate::Dialect;
use std::collections::{BTreeSet, HashSet};

/// The PostgreSQL prelude (the target is PostgreSQL).
pub(super) fn postgres(g: &mut Gen, prelude: &mut Writer) {
    let schemas = schemas(g, prelude);
    enum_types(g, prelude);
    if g.from != Dialect::Postgres {
        inline_enum_types(g, prelude);
    }
    prelude.blank();
    if g.from == Dialect::Postgres {
        sequences(g, prelude, &schemas);
        prelude.blank();
    }
}

/// `CREATE SCHEMA` for every schema a table or enum lives in; returns them.
fn schemas(g: &Gen, prelude: &mut Writer) -> BTreeSet<String> {
    let to = g.to;
    let mut schemas: BTreeSet<String> = BTreeSet::new();
    for s in g.names.iter().filter_map(|(s, _)| s.as_ref()) {
        schemas.insert(s.clone());
    }
    for e in &g.schema.enums {
        if let Some(s) = g.out_schema(&e.schema) {
            schemas.insert(s);
        }
    }
    for s in &schemas {
        if s != "public" {
            prelude.line(format!("CREATE SCHEMA IF NOT EXISTS {};", ident(to, s)));
        }
    }
    if !schemas.iter().all(|s| s == "public") {
        prelude.blank();
    }
    schemas
}

/// The source's enum types, each once.
fn enum_types(g: &mut Gen, prelude: &mut Writer) {
    let mut seen_types: HashSet<(Option<String>, String)> = HashSet::new();
    for (ei, e) in g.schema.enums.iter().enumerate() {
        let key = (g.out_schema(&e.schema), e.name.clone());
        if !seen_types.insert(key.clone()) {
            g.warn(format!("enum {} is defined twice; generated once", e.name));
            continue;
        }
        g.relname_namer(&key.0).reserve(&e.name);
        let vals: Vec<String> = e.values.iter().map(|v| string_lit(g.to, v)).collect();
        prelude.line(format!("CREATE TYPE {} AS ENUM ({});", g.enum_type_name(ei), vals.join(", ")));
    }
}

/// Inline MySQL enums become types named after table and column.
fn inline_enum_types(g: &mut Gen, prelude: &mut Writer) {
    let schema = g.schema;
    for (ti, t) in schema.tables.iter().enumerate() {
        for c in &t.columns {
            if let TypeKind::Enum(vals) = g.base_type(c).0.kind {
                if vals.iter().any(|v| v.len() > crate::sqltext::ident::PG_MAX_NAME) {
                    g.warn(format!("{}.{}: an enum value is longer than PostgreSQL's 63-byte label limit; generated as text with a CHECK", t.qualified_name(), c.name));
                    continue;
                }
                let want = format!("{}_{}", g.names[ti].1, c.name);
                let tname = g.names[ti].1.clone();
                let name = g.unique_relname(&None, &want, &tname);
                let v: Vec<String> = vals.iter().map(|v| string_lit(g.to, v)).collect();
                prelude.line(format!("CREATE TYPE {} AS ENUM ({});", ident(g.to, &name), v.join(", ")));
                g.inline_enum_types.insert((ti, c.name.clone()), name);
            }
        }
    }
}

/// Sequences that a serial column does not create itself.
fn sequences(g: &mut Gen, prelude: &mut Writer, schemas: &BTreeSet<String>) {
    let schema = g.schema;
    let to = g.to;
    let serial_col = |col: &Column| col.identity == Some(Identity::Serial) && (col.default.is_none() || col.data_type.kind.is_serial());
    for s in &schema.sequences {
        let owned_by_serial = s.owned_by.as_ref().is_some_and(|(tq, c)| schema.table(tq).and_then(|t| t.column(c)).is_some_and(serial_col))
            || schema.tables.iter().flat_map(|t| &t.columns).any(|c| {
                serial_col(c) && c.sequence.as_ref().is_some_and(|q| q.name == s.name && (q.schema == s.schema || q.schema.is_none() || s.schema.is_none()))
            });
        if owned_by_serial {
            continue;
        }
        let q = match &s.schema {
            Some(sc) => format!("{}.{}", ident(to, sc), ident(to, &s.name)),
            None => ident(to, &s.name),
        };
        if let Some(sc) = &s.schema {
            if sc != "public" && !schemas.contains(sc) {
                prelude.line(format!("CREATE SCHEMA IF NOT EXISTS {};", ident(to, sc)));
            }
        }
        prelude.line(format!("CREATE SEQUENCE IF NOT EXISTS {q};"));
        g.relname_namer(&s.schema).reserve(&s.name);
    }
}
