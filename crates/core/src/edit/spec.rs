//! What an edit means for the model: [`expected`] makes the asked change on the [`Schema`] itself,
//! without any text. It is the specification every language's planner is held to (the planned text
//! is imported again and compared with it, see `verify.rs`), and where edits are validated: unknown
//! tables and columns, clashing names, names the database cannot hold, types the dialect does not
//! read, changes the schema forbids.
//!
//! The rules of the databases it applies (the same facts the importer applies, `parse/lower.rs`):
//! - a primary key makes its columns NOT NULL (SQLite: only the rowid alias — a single `INTEGER`
//!   key — and the keys of WITHOUT ROWID / STRICT tables); a column leaving a key keeps its NOT NULL;
//! - `serial` types are NOT NULL with a sequence default (PostgreSQL) / `AUTO_INCREMENT` (MySQL);
//! - a UNIQUE on exactly the primary key is the key itself (not a second constraint);
//! - deleting a column deletes every key, index and check that uses it and the relationships to it
//!   (PostgreSQL's `DROP COLUMN ... CASCADE`); deleting a table deletes the relationships to it;
//! - renaming follows every reference: keys, indexes (plain and expression keys, predicates),
//!   checks, generated columns, policies, relationships from other tables, sequences' owners,
//!   table-group members; deleting a table takes it out of its groups.
//!
//! Names the database derives (`users_email_key`, `PRIMARY`, implicit sequences and InnoDB's
//! implicit foreign key indexes) are left as they are here; `canon.rs` compares them as derived.

use super::expr::{self, names_eq};
use super::{ColumnFlag, EditError, NewColumn, NewRelationship, SchemaEdit};
use crate::dialect::Dialect;
use crate::model::{Column, ForeignKey, Identity, PrimaryKey, QualifiedName, RefAction, Schema, Table, UniqueConstraint};

/// The model after `edit` (or why the edit cannot be made).
pub fn expected(schema: &Schema, edit: &SchemaEdit) -> Result<Schema, EditError> {
    let mut s = schema.clone();
    let d = s.dialect;
    match edit {
        SchemaEdit::AddTable { table, columns, after } => add_table(&mut s, table, columns, after.as_ref())?,
        SchemaEdit::RenameTable { table, to } => {
            let ti = table_idx(&s, table)?;
            no_view_reads(&s, ti, None)?;
            check_name(d, to)?;
            let q = QualifiedName::new(s.tables[ti].schema.clone(), to.clone());
            if s.table_index(&q).is_some_and(|i| i != ti) {
                return Err(EditError::NameTaken { what: "table", name: to.clone() });
            }
            rename_table(&mut s, ti, to);
        }
        SchemaEdit::DropTable { table } => {
            let ti = table_idx(&s, table)?;
            no_view_reads(&s, ti, None)?;
            drop_table(&mut s, ti)?;
        }
        SchemaEdit::AddColumn { table, column } => {
            let ti = editable_columns(&s, table)?;
            add_column(&mut s, ti, column)?;
        }
        SchemaEdit::RenameColumn { table, column, to } => {
            let ti = editable_columns(&s, table)?;
            let ci = col_idx(&s.tables[ti], d, table, column)?;
            no_view_reads(&s, ti, Some(ci))?;
            check_name(d, to)?;
            if s.tables[ti].columns.iter().enumerate().any(|(i, c)| i != ci && names_eq(d, &c.name, to)) {
                return Err(EditError::NameTaken { what: "column", name: to.clone() });
            }
            rename_column(&mut s, ti, ci, to);
        }
        SchemaEdit::RetypeColumn { table, column, to } => {
            let ti = editable_columns(&s, table)?;
            let ci = col_idx(&s.tables[ti], d, table, column)?;
            retype(&mut s, ti, ci, to)?;
        }
        SchemaEdit::DropColumn { table, column } => {
            let ti = editable_columns(&s, table)?;
            let ci = col_idx(&s.tables[ti], d, table, column)?;
            no_view_reads(&s, ti, Some(ci))?;
            drop_column(&mut s, ti, ci)?;
        }
        SchemaEdit::SetColumnFlag { table, column, flag, on } => {
            let ti = editable_columns(&s, table)?;
            let ci = col_idx(&s.tables[ti], d, table, column)?;
            set_flag(&mut s, ti, ci, *flag, *on)?;
        }
        SchemaEdit::AddRelationship(r) => add_relationship(&mut s, r)?,
        SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } => {
            let ti = table_idx(&s, table)?;
            let f = s.tables[ti].foreign_keys.get_mut(*fk).ok_or_else(|| EditError::NoRelationship { table: table.clone(), fk: *fk })?;
            f.on_delete = on_delete.unwrap_or_default();
            f.on_delete_explicit = on_delete.is_some();
            f.on_update = on_update.unwrap_or_default();
        }
        SchemaEdit::DropRelationship { table, fk } => {
            let ti = table_idx(&s, table)?;
            if *fk >= s.tables[ti].foreign_keys.len() {
                return Err(EditError::NoRelationship { table: table.clone(), fk: *fk });
            }
            s.tables[ti].foreign_keys.remove(*fk);
        }
        SchemaEdit::AddIndex { table, columns, name } => add_index(&mut s, table, columns, name.as_deref())?,
    }
    Ok(s)
}

/// A plain index on `columns` of `table`, after the table's other indexes.
fn add_index(s: &mut Schema, q: &QualifiedName, columns: &[String], name: Option<&str>) -> Result<(), EditError> {
    let d = s.dialect;
    let ti = table_idx(s, q)?;
    if columns.is_empty() {
        return Err(EditError::Invalid("an index needs at least one column".into()));
    }
    let cols: Vec<String> = columns.iter().map(|c| col_idx(&s.tables[ti], d, q, c).map(|i| s.tables[ti].columns[i].name.clone())).collect::<Result<_, _>>()?;
    if let Some(n) = name {
        check_name(d, n)?;
        // PostgreSQL and SQLite name indexes per schema, MySQL per table
        let taken = s.tables.iter().enumerate().filter(|(i, t)| if d == Dialect::Mysql { *i == ti } else { t.schema == s.tables[ti].schema }).any(|(_, t)| t.indexes.iter().any(|x| x.name.as_deref().is_some_and(|x| names_eq(d, x, n))));
        if taken {
            return Err(EditError::NameTaken { what: "index", name: n.to_string() });
        }
    }
    let parts = cols.iter().map(|c| crate::model::IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
    // a CREATE INDEX without USING is a btree (what the importer records)
    s.tables[ti].indexes.push(crate::model::Index { name: name.map(str::to_string), parts, method: Some("btree".into()), ..Default::default() });
    Ok(())
}

/// Refuses renaming or deleting a table (`ci`: `None`) or one of its columns that a view's query
/// reads: the query is written text the edit does not rewrite, and the database refuses (DROP
/// without CASCADE) or rewrites the stored view on its own (renames). A column counts as read
/// when the query names it or selects `*`.
fn no_view_reads(s: &Schema, ti: usize, ci: Option<usize>) -> Result<(), EditError> {
    let t = &s.tables[ti];
    let reads = |v: &crate::model::View| v.reads.iter().any(|r| s.table_index(r) == Some(ti));
    for v in s.views.iter().filter(|v| reads(v)) {
        let hit = match ci {
            None => true,
            Some(ci) => {
                let col = &t.columns[ci].name;
                crate::parse::lex::lex(&v.definition, s.dialect, usize::MAX).iter().any(|k| match &k.tok {
                    crate::parse::lex::Tok::Word(w) | crate::parse::lex::Tok::Quoted(w) => names_eq(s.dialect, w, col) || w.eq_ignore_ascii_case(col),
                    _ => k.is_punct('*'),
                })
            }
        };
        if hit {
            let what = ci.map_or_else(|| format!("table {}", t.qualified_name()), |c| format!("column {}.{}", t.qualified_name(), t.columns[c].name));
            return Err(EditError::Unsupported(format!("view {} reads {what}: change the view's query first", v.qualified_name())));
        }
    }
    Ok(())
}

pub fn table_idx(s: &Schema, q: &QualifiedName) -> Result<usize, EditError> {
    s.table_index(q).ok_or_else(|| EditError::NoTable(q.clone()))
}

pub fn col_idx(t: &Table, d: Dialect, q: &QualifiedName, name: &str) -> Result<usize, EditError> {
    t.columns
        .iter()
        .position(|c| c.name == name)
        .or_else(|| t.columns.iter().position(|c| names_eq(d, &c.name, name)))
        .ok_or_else(|| EditError::NoColumn { table: q.clone(), column: name.to_string() })
}

/// A table whose columns an edit may change: not a partition and not partitioned (their columns
/// are copied between tables), not a virtual table.
fn editable_columns(s: &Schema, q: &QualifiedName) -> Result<usize, EditError> {
    let ti = table_idx(s, q)?;
    let t = &s.tables[ti];
    if let Some(p) = &t.partition_of {
        return Err(EditError::Unsupported(format!("{} is a partition of {p}: edit the columns of {p}", t.qualified_name())));
    }
    if s.tables.iter().any(|c| c.partition_of.as_ref().is_some_and(|p| s.table_index(p) == Some(ti))) {
        return Err(EditError::Unsupported(format!("{} is partitioned; its partitions copy its columns, so edit its columns in the text", t.qualified_name())));
    }
    if let Some(m) = &t.virtual_module {
        return Err(EditError::Unsupported(format!("{} is a virtual table ({m}); its columns are the module's arguments", t.qualified_name())));
    }
    Ok(ti)
}

/// A name the dialect can hold exactly as given.
pub fn check_name(d: Dialect, name: &str) -> Result<(), EditError> {
    let bad = |why: &str| Err(EditError::BadName { name: name.to_string(), why: why.to_string() });
    if name.trim().is_empty() {
        return bad("it is empty");
    }
    if name.contains('\0') {
        return bad("it contains a NUL character");
    }
    match d {
        Dialect::Postgres if name.len() > 63 => bad("PostgreSQL names are at most 63 bytes"),
        Dialect::Mysql if name.chars().count() > 64 => bad("MySQL names are at most 64 characters"),
        Dialect::Mysql if name.ends_with(' ') => bad("MySQL names cannot end with a space"),
        Dialect::Mysql if name.chars().any(|c| c as u32 > 0xFFFF) => bad("MySQL names cannot hold characters outside the Basic Multilingual Plane"),
        _ => Ok(()),
    }
}

/// A type written as text, read with the dialect's type grammar.
pub fn read_type(d: Dialect, text: &str) -> Result<crate::model::DataType, EditError> {
    let t = text.trim();
    if t.is_empty() || t.contains(';') {
        return Err(EditError::BadType { text: text.to_string() });
    }
    crate::parse::parse_type(d, t).ok_or_else(|| EditError::BadType { text: text.to_string() })
}

/// The column a [`NewColumn`] makes (without its keys).
fn new_column(d: Dialect, nc: &NewColumn) -> Result<Column, EditError> {
    check_name(d, &nc.name)?;
    let data_type = read_type(d, &nc.data_type)?;
    let mut c = Column { name: nc.name.clone(), nullable: !nc.not_null, data_type, ..Default::default() };
    apply_serial(d, &mut c);
    Ok(c)
}

/// What a `serial` type brings: NOT NULL and a sequence default / AUTO_INCREMENT.
fn apply_serial(d: Dialect, c: &mut Column) {
    if !c.data_type.kind.is_serial() {
        return;
    }
    match d {
        Dialect::Postgres if c.data_type.array_dims == 0 => {
            c.nullable = false;
            c.identity = Some(Identity::Serial);
        }
        Dialect::Mysql => {
            c.nullable = false;
            c.identity = Some(Identity::AutoIncrement);
        }
        _ => {}
    }
}

/// The columns a primary key makes NOT NULL, by the dialect's rule.
fn pk_forces_not_null(d: Dialect, t: &Table, cols: &[String]) -> bool {
    match d {
        Dialect::Sqlite => t.without_rowid || t.strict || (cols.len() == 1 && t.column(&cols[0]).is_some_and(|c| c.data_type.is_sqlite_integer_keyword())),
        _ => true,
    }
}

fn set_pk(d: Dialect, t: &mut Table, cols: Vec<String>) {
    if cols.is_empty() {
        t.primary_key = None;
        return;
    }
    if pk_forces_not_null(d, t, &cols) {
        for c in &cols {
            if let Some(col) = t.column_mut(c) {
                col.nullable = false;
            }
        }
    }
    // a UNIQUE on exactly the key is the key itself
    t.uniques.retain(|u| !(u.columns.len() == cols.len() && u.columns.iter().zip(&cols).all(|(a, b)| names_eq(d, a, b))));
    let name = t.primary_key.as_ref().and_then(|p| p.name.clone());
    t.primary_key = Some(PrimaryKey { name, columns: cols, span: Default::default() });
}

fn add_table(s: &mut Schema, q: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<(), EditError> {
    let d = s.dialect;
    check_name(d, &q.name)?;
    if s.table_index(q).is_some() {
        return Err(EditError::NameTaken { what: "table", name: q.to_string() });
    }
    if columns.is_empty() && d != Dialect::Postgres {
        return Err(EditError::Invalid(format!("a {} table needs at least one column", d.label())));
    }
    let mut t = Table { schema: q.schema.clone(), name: q.name.clone(), ..Default::default() };
    for nc in columns {
        if t.columns.iter().any(|c| names_eq(d, &c.name, &nc.name)) {
            return Err(EditError::NameTaken { what: "column", name: nc.name.clone() });
        }
        t.columns.push(new_column(d, nc)?);
    }
    let pk: Vec<String> = columns.iter().filter(|c| c.primary_key).map(|c| c.name.clone()).collect();
    set_pk(d, &mut t, pk.clone());
    for nc in columns.iter().filter(|c| c.unique && !(pk.len() == 1 && pk[0] == c.name)) {
        t.uniques.push(UniqueConstraint { name: None, columns: vec![nc.name.clone()], ..Default::default() });
    }
    let at = match after {
        Some(a) => table_idx(s, a)? + 1,
        None => s.tables.len(),
    };
    s.tables.insert(at, t);
    Ok(())
}

/// Every foreign key (table, index) whose target is table `ti`.
fn incoming(s: &Schema, ti: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, t) in s.tables.iter().enumerate() {
        for (f, fk) in t.foreign_keys.iter().enumerate() {
            if s.table_index(&fk.ref_table) == Some(ti) {
                out.push((i, f));
            }
        }
    }
    out
}

fn rename_table(s: &mut Schema, ti: usize, to: &str) {
    let old = s.tables[ti].qualified_name();
    for (i, f) in incoming(s, ti) {
        s.tables[i].foreign_keys[f].ref_table.name = to.to_string();
    }
    let same = |s: &Schema, q: &QualifiedName| s.table_index(q) == Some(ti);
    let parts: Vec<usize> = (0..s.tables.len()).filter(|&i| s.tables[i].partition_of.as_ref().is_some_and(|p| same(s, p))).collect();
    for i in parts {
        if let Some(p) = &mut s.tables[i].partition_of {
            p.name = to.to_string();
        }
    }
    let trig: Vec<usize> = (0..s.triggers.len()).filter(|&i| same(s, &s.triggers[i].table)).collect();
    for i in trig {
        s.triggers[i].table.name = to.to_string();
    }
    let seqs: Vec<usize> = (0..s.sequences.len()).filter(|&i| s.sequences[i].owned_by.as_ref().is_some_and(|(t, _)| same(s, t))).collect();
    for i in seqs {
        if let Some((t, _)) = &mut s.sequences[i].owned_by {
            t.name = to.to_string();
        }
    }
    let _ = old;
    // table groups (DBML `TableGroup`) follow their members
    let members: Vec<(usize, usize)> = groups_naming(s, ti);
    for (g, m) in members {
        s.groups[g].tables[m].name = to.to_string();
    }
    s.tables[ti].name = to.to_string();
}

/// (group, member) of every table-group member that names table `ti`.
fn groups_naming(s: &Schema, ti: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (g, group) in s.groups.iter().enumerate() {
        for (m, q) in group.tables.iter().enumerate() {
            if s.table_index(q) == Some(ti) {
                out.push((g, m));
            }
        }
    }
    out
}

fn drop_table(s: &mut Schema, ti: usize) -> Result<(), EditError> {
    let same = |s: &Schema, q: &QualifiedName| s.table_index(q) == Some(ti);
    if s.tables.iter().any(|t| t.partition_of.as_ref().is_some_and(|p| same(s, p))) {
        return Err(EditError::Unsupported(format!("{} has partitions; delete them first", s.tables[ti].qualified_name())));
    }
    let mut gone: Vec<(usize, usize)> = incoming(s, ti).into_iter().filter(|(i, _)| *i != ti).collect();
    crate::sort::by(&mut gone, |a, b| b.cmp(a));
    for (i, f) in gone {
        s.tables[i].foreign_keys.remove(f);
    }
    let keep_trig: Vec<bool> = s.triggers.iter().map(|t| !same(s, &t.table)).collect();
    let mut it = keep_trig.iter();
    s.triggers.retain(|_| *it.next().unwrap_or(&true));
    let keep_seq: Vec<bool> = s.sequences.iter().map(|q| !q.owned_by.as_ref().is_some_and(|(t, _)| same(s, t))).collect();
    let mut it = keep_seq.iter();
    s.sequences.retain(|_| *it.next().unwrap_or(&true));
    for (g, m) in groups_naming(s, ti).into_iter().rev() {
        s.groups[g].tables.remove(m);
    }
    s.tables.remove(ti);
    Ok(())
}

/// Where a new column goes: after the last column the CREATE TABLE itself defines.
fn create_columns_end(t: &Table) -> usize {
    t.columns.iter().rposition(|c| c.span.start >= t.span.start && c.span.start < t.span.end).map_or(0, |i| i + 1)
}

fn add_column(s: &mut Schema, ti: usize, nc: &NewColumn) -> Result<(), EditError> {
    let d = s.dialect;
    if s.tables[ti].columns.iter().any(|c| names_eq(d, &c.name, &nc.name)) {
        return Err(EditError::NameTaken { what: "column", name: nc.name.clone() });
    }
    let col = new_column(d, nc)?;
    let at = create_columns_end(&s.tables[ti]);
    s.tables[ti].columns.insert(at, col);
    if nc.primary_key {
        set_flag(s, ti, at, ColumnFlag::PrimaryKey, true)?;
    }
    if nc.unique {
        set_flag(s, ti, at, ColumnFlag::Unique, true)?;
    }
    Ok(())
}

fn rename_column(s: &mut Schema, ti: usize, ci: usize, to: &str) {
    let d = s.dialect;
    let old = s.tables[ti].columns[ci].name.clone();
    let tname = s.tables[ti].name.clone();
    let written = crate::codegen::sql::ident(d, to);
    let re = |e: &str| expr::rename(d, e, &tname, &old, &written);
    let ren = |v: &mut Vec<String>| {
        for c in v.iter_mut() {
            if names_eq(d, c, &old) {
                *c = to.to_string();
            }
        }
    };
    for (i, f) in incoming(s, ti) {
        ren(&mut s.tables[i].foreign_keys[f].ref_columns);
    }
    let t = &mut s.tables[ti];
    t.columns[ci].name = to.to_string();
    if let Some(pk) = &mut t.primary_key {
        ren(&mut pk.columns);
    }
    for u in &mut t.uniques {
        ren(&mut u.columns);
    }
    for f in &mut t.foreign_keys {
        ren(&mut f.columns);
    }
    for ix in &mut t.indexes {
        for p in &mut ix.parts {
            if p.column.as_deref().is_some_and(|c| names_eq(d, c, &old)) {
                p.column = Some(to.to_string());
                p.expression = to.to_string();
            } else if p.column.is_none() {
                p.expression = re(&p.expression);
            }
        }
        ren(&mut ix.include);
        ix.predicate = ix.predicate.as_deref().map(re);
    }
    for c in &mut t.checks {
        c.expression = re(&c.expression);
        if c.column.as_deref().is_some_and(|x| names_eq(d, x, &old)) {
            c.column = Some(to.to_string());
        }
    }
    for c in &mut t.columns {
        if let Some(g) = &mut c.generated {
            g.expression = re(&g.expression);
        }
    }
    for p in &mut t.policies {
        p.using = p.using.as_deref().map(re);
        p.with_check = p.with_check.as_deref().map(re);
    }
    let owner = s.tables[ti].qualified_name();
    for q in &mut s.sequences {
        if let Some((t, c)) = &mut q.owned_by {
            if *t == owner && names_eq(d, c, &old) {
                *c = to.to_string();
            }
        }
    }
}

fn retype(s: &mut Schema, ti: usize, ci: usize, to: &str) -> Result<(), EditError> {
    let d = s.dialect;
    let ty = read_type(d, to)?;
    let c = &mut s.tables[ti].columns[ci];
    let was_serial = c.data_type.kind.is_serial() && (d == Dialect::Mysql || c.data_type.array_dims == 0);
    if was_serial && matches!(c.identity, Some(Identity::Serial | Identity::AutoIncrement)) && d != Dialect::Sqlite {
        c.identity = None;
        if d == Dialect::Postgres {
            c.default = None;
            c.sequence = None;
        }
    }
    c.data_type = ty;
    apply_serial(d, c);
    // SQLite: whether a single-column key is the rowid depends on the type.
    let pk = s.tables[ti].primary_key.as_ref().map(|p| p.columns.clone());
    if let Some(pk) = pk {
        if pk_forces_not_null(d, &s.tables[ti], &pk) {
            for c in &pk {
                if let Some(col) = s.tables[ti].column_mut(c) {
                    col.nullable = false;
                }
            }
        }
    }
    Ok(())
}

fn drop_column(s: &mut Schema, ti: usize, ci: usize) -> Result<(), EditError> {
    let d = s.dialect;
    let t = &s.tables[ti];
    let name = t.columns[ci].name.clone();
    let tq = t.qualified_name();
    if t.columns.len() == 1 && d != Dialect::Postgres {
        return Err(EditError::Invalid(format!("{name} is the only column of {tq}; a {} table needs one", d.label())));
    }
    let uses = |e: &str| !expr::mentions(d, e, &t.name, &name).is_empty();
    if let Some(g) = t.columns.iter().find(|c| c.generated.as_ref().is_some_and(|g| uses(&g.expression))) {
        return Err(EditError::Invalid(format!("column {} of {tq} is computed from {name}; change it first", g.name)));
    }
    if let Some(p) = t.policies.iter().find(|p| p.using.as_deref().is_some_and(uses) || p.with_check.as_deref().is_some_and(uses)) {
        return Err(EditError::Invalid(format!("policy {} on {tq} uses {name}; change it first", p.name)));
    }
    let has = |v: &[String]| v.iter().any(|c| names_eq(d, c, &name));
    let mut gone: Vec<(usize, usize)> = incoming(s, ti).into_iter().filter(|&(i, f)| has(&s.tables[i].foreign_keys[f].ref_columns)).collect();
    crate::sort::by(&mut gone, |a, b| b.cmp(a));
    for (i, f) in gone {
        s.tables[i].foreign_keys.remove(f);
    }
    let tname = s.tables[ti].name.clone();
    let uses = |e: &str| !expr::mentions(d, e, &tname, &name).is_empty();
    let t = &mut s.tables[ti];
    t.columns.remove(ci);
    if t.primary_key.as_ref().is_some_and(|p| has(&p.columns)) {
        t.primary_key = None;
    }
    t.uniques.retain(|u| !has(&u.columns));
    t.foreign_keys.retain(|f| !has(&f.columns));
    t.indexes.retain(|ix| {
        !ix.parts.iter().any(|p| p.column.as_deref().map_or_else(|| uses(&p.expression), |c| names_eq(d, c, &name))) && !has(&ix.include) && !ix.predicate.as_deref().is_some_and(uses)
    });
    t.checks.retain(|c| !c.column.as_deref().is_some_and(|x| names_eq(d, x, &name)) && !uses(&c.expression));
    s.sequences.retain(|q| !q.owned_by.as_ref().is_some_and(|(t, c)| *t == tq && names_eq(d, c, &name)));
    Ok(())
}

/// Whether the column alone is unique: a one-column key, UNIQUE constraint or full unique index.
pub fn is_unique_column(d: Dialect, t: &Table, col: &str) -> bool {
    unique_key(d, t, &[col.to_string()])
}

/// Whether `cols` (in any order) are the primary key, a UNIQUE constraint or a full unique index.
pub fn unique_key(d: Dialect, t: &Table, cols: &[String]) -> bool {
    let same = |v: &[String]| v.len() == cols.len() && v.iter().all(|a| cols.iter().any(|b| names_eq(d, a, b)));
    t.primary_key.as_ref().is_some_and(|p| same(&p.columns))
        || t.uniques.iter().any(|u| same(&u.columns))
        || t.indexes.iter().any(|i| {
            i.unique && i.predicate.is_none() && i.parts.iter().all(|p| p.column.is_some()) && same(&i.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>())
        })
}

/// The relationships that reference exactly `cols` of table `ti`, as `table (columns)` for messages.
fn referenced_by(s: &Schema, ti: usize, cols: &[String]) -> Vec<String> {
    let d = s.dialect;
    let same = |v: &[String]| v.len() == cols.len() && v.iter().all(|a| cols.iter().any(|b| names_eq(d, a, b)));
    incoming(s, ti)
        .into_iter()
        .filter(|&(i, f)| same(&s.tables[i].foreign_keys[f].ref_columns))
        .map(|(i, f)| format!("{} ({})", s.tables[i].qualified_name(), s.tables[i].foreign_keys[f].columns.join(", ")))
        .collect()
}

/// Refuses to take away the key that relationships reference (the database would refuse too,
/// or leave them pointing at columns that are not unique).
fn keep_referenced(s: &Schema, ti: usize, cols: &[String], unique_after: bool) -> Result<(), EditError> {
    let by = referenced_by(s, ti, cols);
    if by.is_empty() || unique_after {
        return Ok(());
    }
    Err(EditError::Invalid(format!(
        "{} ({}) is referenced by {}; delete those relationships first",
        s.tables[ti].qualified_name(),
        cols.join(", "),
        by.join(", ")
    )))
}

fn set_flag(s: &mut Schema, ti: usize, ci: usize, flag: ColumnFlag, on: bool) -> Result<(), EditError> {
    let d = s.dialect;
    let pk_before: Vec<String> = s.tables[ti].primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let col = s.tables[ti].columns[ci].name.clone();
    let uniq = |s: &Schema, cols: &[String]| {
        let t = &s.tables[ti];
        let same = |v: &[String]| v.len() == cols.len() && v.iter().all(|a| cols.iter().any(|b| names_eq(d, a, b)));
        t.uniques.iter().any(|u| same(&u.columns))
    };
    match (flag, on) {
        (ColumnFlag::Unique, false) => {
            let one = std::slice::from_ref(&col);
            let stays = pk_before.len() == 1 && names_eq(d, &pk_before[0], &col);
            keep_referenced(s, ti, one, stays)?;
        }
        (ColumnFlag::PrimaryKey, _) if !pk_before.is_empty() => {
            let changes = on != pk_before.iter().any(|c| names_eq(d, c, &col));
            if changes {
                keep_referenced(s, ti, &pk_before, uniq(s, &pk_before))?;
            }
        }
        _ => {}
    }
    let t = &mut s.tables[ti];
    let tq = t.qualified_name();
    let name = t.columns[ci].name.clone();
    let in_pk = t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|c| names_eq(d, c, &name)));
    match (flag, on) {
        (ColumnFlag::NotNull, true) => {
            let c = &mut t.columns[ci];
            c.nullable = false;
            // `DEFAULT NULL` contradicts NOT NULL (MySQL rejects the pair): it goes
            if c.default.as_deref().is_some_and(|x| x.trim().eq_ignore_ascii_case("NULL")) {
                c.default = None;
            }
        }
        (ColumnFlag::NotNull, false) => {
            let c = &t.columns[ci];
            if in_pk && pk_forces_not_null(d, t, &t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default()) {
                return Err(EditError::Invalid(format!("{name} is part of the primary key of {tq}, which is never NULL; take it out of the key first")));
            }
            if d != Dialect::Sqlite && (c.data_type.kind.is_serial() || matches!(c.identity, Some(Identity::Always | Identity::ByDefault | Identity::Serial))) {
                return Err(EditError::Invalid(format!("{tq}.{name} is an identity / serial column, which is never NULL")));
            }
            t.columns[ci].nullable = true;
        }
        (ColumnFlag::Unique, true) => {
            if !is_unique_column(d, t, &name) {
                t.uniques.push(UniqueConstraint { name: None, columns: vec![name], ..Default::default() });
            }
        }
        (ColumnFlag::Unique, false) => {
            let one = |v: &[String]| v.len() == 1 && names_eq(d, &v[0], &name);
            if t.primary_key.as_ref().is_some_and(|p| one(&p.columns)) {
                return Err(EditError::Invalid(format!("{tq}.{name} is the primary key, which is unique; take it out of the key instead")));
            }
            t.uniques.retain(|u| !one(&u.columns));
            t.indexes.retain(|i| !(i.unique && i.predicate.is_none() && i.parts.len() == 1 && i.parts[0].column.as_deref().is_some_and(|c| names_eq(d, c, &name))));
        }
        (ColumnFlag::PrimaryKey, true) => {
            if !in_pk {
                let mut cols = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
                cols.push(name);
                set_pk(d, t, cols);
            }
        }
        (ColumnFlag::PrimaryKey, false) => {
            if in_pk {
                let c = &t.columns[ci];
                match c.identity {
                    Some(Identity::AutoIncrement) => return Err(EditError::Invalid(format!("{tq}.{name} is AUTO_INCREMENT, which must be a key; remove AUTO_INCREMENT first"))),
                    Some(Identity::Autoincrement) => {
                        return Err(EditError::Invalid(format!("{tq}.{name} is AUTOINCREMENT, which only an INTEGER PRIMARY KEY can be; remove AUTOINCREMENT first")))
                    }
                    _ => {}
                }
                let cols: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.iter().filter(|c| !names_eq(d, c, &name)).cloned().collect()).unwrap_or_default();
                set_pk(d, t, cols);
            }
        }
    }
    Ok(())
}

/// The referenced columns of a new relationship (its target's primary key when none are given).
pub fn ref_columns(s: &Schema, r: &NewRelationship) -> Result<Vec<String>, EditError> {
    let d = s.dialect;
    let rt = &s.tables[table_idx(s, &r.ref_table)?];
    if r.ref_columns.is_empty() {
        return rt
            .primary_key
            .as_ref()
            .map(|p| p.columns.clone())
            .ok_or_else(|| EditError::Invalid(format!("{} has no primary key; choose the columns to reference", rt.qualified_name())));
    }
    r.ref_columns.iter().map(|c| col_idx(rt, d, &r.ref_table, c).map(|i| rt.columns[i].name.clone())).collect()
}

/// Whether the referenced columns are a key of their table.
pub fn target_is_unique(s: &Schema, r: &NewRelationship) -> Result<bool, EditError> {
    let cols = ref_columns(s, r)?;
    Ok(unique_key(s.dialect, &s.tables[table_idx(s, &r.ref_table)?], &cols))
}

fn add_relationship(s: &mut Schema, r: &NewRelationship) -> Result<(), EditError> {
    let d = s.dialect;
    let ti = table_idx(s, &r.table)?;
    let ri = table_idx(s, &r.ref_table)?;
    let rcols = ref_columns(s, r)?;
    let cols: Vec<String> = r.columns.iter().map(|c| col_idx(&s.tables[ti], d, &r.table, c).map(|i| s.tables[ti].columns[i].name.clone())).collect::<Result<_, _>>()?;
    if cols.is_empty() || cols.len() != rcols.len() {
        return Err(EditError::Invalid(format!("a relationship needs as many columns ({}) as it references ({})", cols.len(), rcols.len())));
    }
    let target = s.tables[ri].qualified_name();
    let same = |a: &[String], b: &[String]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| names_eq(d, x, y));
    if s.tables[ti].foreign_keys.iter().any(|f| same(&f.columns, &cols) && s.table_index(&f.ref_table) == Some(ri) && same(&f.ref_columns, &rcols)) {
        return Err(EditError::NameTaken { what: "relationship", name: format!("{} ({}) → {target} ({})", r.table, cols.join(", "), rcols.join(", ")) });
    }
    if !unique_key(d, &s.tables[ri], &rcols) {
        if !r.create_key {
            return Err(EditError::Invalid(format!("{target} ({}) is not unique", rcols.join(", "))));
        }
        s.tables[ri].uniques.push(UniqueConstraint { name: None, columns: rcols.clone(), ..Default::default() });
    }
    s.tables[ti].foreign_keys.push(ForeignKey {
        name: None,
        columns: cols,
        ref_table: target,
        ref_columns: rcols,
        on_delete: r.on_delete.unwrap_or(RefAction::NoAction),
        on_update: r.on_update.unwrap_or(RefAction::NoAction),
        on_delete_explicit: r.on_delete.is_some(),
        ..Default::default()
    });
    Ok(())
}

/// The UNIQUE constraints the edit added (those `before` lacks on the same columns), made what
/// languages that write a unique key as `CREATE UNIQUE INDEX` read back: unnamed unique btree
/// indexes (Drizzle on SQLite, Prisma on PostgreSQL and SQLite).
pub fn new_uniques_as_indexes(before: &Schema, s: &mut Schema) {
    for t in &mut s.tables {
        let old = before.tables.iter().find(|b| b.name == t.name && b.schema == t.schema).map(|b| b.uniques.clone()).unwrap_or_default();
        let (kept, new): (Vec<_>, Vec<_>) = std::mem::take(&mut t.uniques).into_iter().partition(|u| old.iter().any(|o| o.columns == u.columns));
        t.uniques = kept;
        for u in new {
            let parts = u.columns.iter().map(|c| crate::model::IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
            t.indexes.push(crate::model::Index { name: None, unique: true, parts, method: Some("btree".into()), ..Default::default() });
        }
    }
}
