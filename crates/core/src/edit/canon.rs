//! The comparison form of a model, for checking an edit: two models are the same schema when
//! their canonical forms are equal.
//!
//! What it abstracts from, and why:
//! - byte spans (an edit moves text);
//! - names the database derives rather than the text gives (`users_email_key`, `PRIMARY`,
//!   `users_ibfk_1`, `sqlite_autoindex_t_1`, a serial column's sequence): a name counts only when it
//!   is written in the text ([`Written`]); a derived name follows what it is derived from (renaming
//!   a column renames `users_email_key`), which the rest of the model already says;
//! - InnoDB's implicit foreign key indexes, derived from the foreign keys and other indexes;
//! - the order of constraints, indexes and policies within a table (not their content);
//! - spacing and keyword case in expressions.
//!
//! Everything else — tables and columns in order, types, nullability, defaults, keys, foreign keys
//! with their actions, checks, indexes, comments, enums — must be equal.

use super::expr::norm;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::span::Span;
use std::collections::HashSet;

/// What kind of object a written name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Index,
    Sequence,
}

/// The constraint, index and sequence names a text writes itself, per table and kind of object
/// (sequences under no table).
pub struct Written {
    d: Dialect,
    names: HashSet<(String, NameKind, String)>,
}

impl Written {
    pub fn new(d: Dialect, names: impl IntoIterator<Item = (Option<String>, NameKind, String)>) -> Written {
        let fold = |n: String| if d == Dialect::Postgres { n } else { n.to_ascii_lowercase() };
        let names = names.into_iter().map(|(t, k, n)| (t.map(fold).unwrap_or_default(), k, fold(n))).collect();
        Written { d, names }
    }

    /// The names an SQL text writes.
    pub fn sql(text: &str, d: Dialect) -> Written {
        Written::new(d, super::sql::written_names(text, d))
    }

    /// The same names with table `from`'s also under `to` (the expectation of a table rename). The
    /// names are keyed by the table's name without its schema, so `from`'s entries stay too: a table
    /// of the same name in another schema (`auth.x` renamed, `public.x` kept) still writes them.
    pub fn renamed(mut self, from: &str, to: &str) -> Written {
        let fold = |n: &str| if self.d == Dialect::Postgres { n.to_string() } else { n.to_ascii_lowercase() };
        let (from, to) = (fold(from), fold(to));
        let moved: Vec<_> = self.names.iter().filter(|(t, _, _)| *t == from).map(|(_, k, n)| (to.clone(), *k, n.clone())).collect();
        self.names.extend(moved);
        self
    }

    /// Whether the text writes `name` for a `kind` object of table `table` (`None`: a sequence).
    pub fn has(&self, table: Option<&str>, kind: NameKind, name: &str) -> bool {
        let t = table.unwrap_or("");
        if self.d == Dialect::Postgres {
            self.names.contains(&(t.to_string(), kind, name.to_string()))
        } else {
            self.names.contains(&(t.to_ascii_lowercase(), kind, name.to_ascii_lowercase()))
        }
    }
}

/// The canonical form of `s` whose text writes the names in `w`.
pub fn canon(s: &Schema, w: &Written) -> Schema {
    let d = s.dialect;
    let mut s = s.clone();
    let keep = |t: &str, k: NameKind, n: &mut Option<String>| {
        if n.as_deref().is_some_and(|x| !w.has(Some(t), k, x)) {
            *n = None;
        }
    };
    let nx = |e: &mut Option<String>| {
        if let Some(x) = e {
            *x = norm(d, x);
        }
    };
    s.sequences.retain(|q| w.has(None, NameKind::Sequence, &q.name));
    for q in &mut s.sequences {
        q.span = Span::default();
    }
    for e in &mut s.enums {
        e.span = Span::default();
    }
    for x in &mut s.domains {
        x.span = Span::default();
        nx(&mut x.default);
        for c in &mut x.checks {
            c.span = Span::default();
            c.expression = norm(d, &c.expression);
        }
    }
    for t in &mut s.triggers {
        t.span = Span::default();
    }
    for v in &mut s.views {
        v.span = Span::default();
        v.definition_span = Span::default();
    }
    for f in &mut s.functions {
        f.span = Span::default();
    }
    for g in &mut s.groups {
        g.span = Span::default();
    }
    for n in &mut s.notes {
        n.span = Span::default();
        n.text_span = Span::default();
    }
    for t in &mut s.tables {
        t.span = Span::default();
        let tn = t.name.clone();
        let keep = |k: NameKind, n: &mut Option<String>| keep(&tn, k, n);
        for c in &mut t.columns {
            c.span = Span::default();
            if c.sequence.as_ref().is_some_and(|q| !w.has(None, NameKind::Sequence, &q.name)) {
                c.sequence = None;
                c.default = None;
            }
            nx(&mut c.default);
            nx(&mut c.on_update);
            if let Some(g) = &mut c.generated {
                g.expression = norm(d, &g.expression);
            }
        }
        if let Some(pk) = &mut t.primary_key {
            pk.span = Span::default();
            keep(NameKind::PrimaryKey, &mut pk.name);
        }
        for f in &mut t.foreign_keys {
            f.span = Span::default();
            keep(NameKind::ForeignKey, &mut f.name);
        }
        crate::sort::by(&mut t.foreign_keys, |a, b| (&a.columns, &a.ref_table, &a.ref_columns, &a.name).cmp(&(&b.columns, &b.ref_table, &b.ref_columns, &b.name)));
        for u in &mut t.uniques {
            u.span = Span::default();
            keep(NameKind::Unique, &mut u.name);
        }
        crate::sort::by(&mut t.uniques, |a, b| (&a.columns, &a.name).cmp(&(&b.columns, &b.name)));
        t.indexes.retain(|i| !i.implicit);
        for i in &mut t.indexes {
            i.span = Span::default();
            keep(NameKind::Index, &mut i.name);
            nx(&mut i.predicate);
            for p in &mut i.parts {
                p.expression = norm(d, &p.expression);
            }
        }
        crate::sort::by_key(&mut t.indexes, |i| (i.name.clone(), i.parts.iter().map(|p| p.display()).collect::<Vec<_>>(), i.unique));
        for c in &mut t.checks {
            c.span = Span::default();
            keep(NameKind::Check, &mut c.name);
            c.expression = norm(d, &c.expression);
        }
        crate::sort::by(&mut t.checks, |a, b| (&a.column, &a.expression, &a.name).cmp(&(&b.column, &b.expression, &b.name)));
        for p in &mut t.policies {
            p.span = Span::default();
            nx(&mut p.using);
            nx(&mut p.with_check);
        }
        crate::sort::by(&mut t.policies, |a, b| a.name.cmp(&b.name));
    }
    s
}

/// The first difference between two canonical models, said briefly (for error messages and
/// test failures).
pub fn first_difference(want: &Schema, got: &Schema) -> Option<String> {
    let cut = |s: String| if s.len() > 400 { format!("{}…", &s[..s.char_indices().nth(400).map_or(s.len(), |x| x.0)]) } else { s };
    if want.tables.len() != got.tables.len() {
        let w: Vec<String> = want.tables.iter().map(|t| t.qualified_name().to_string()).collect();
        let g: Vec<String> = got.tables.iter().map(|t| t.qualified_name().to_string()).collect();
        return Some(cut(format!("tables: expected {w:?}, got {g:?}")));
    }
    for (a, b) in want.tables.iter().zip(&got.tables) {
        if a == b {
            continue;
        }
        let name = a.qualified_name();
        macro_rules! field {
            ($f:ident) => {
                if a.$f != b.$f {
                    return Some(cut(format!("table {name}, {}: expected {:?}, got {:?}", stringify!($f), a.$f, b.$f)));
                }
            };
        }
        field!(name);
        field!(schema);
        if a.columns.len() != b.columns.len() {
            let w: Vec<&str> = a.columns.iter().map(|c| c.name.as_str()).collect();
            let g: Vec<&str> = b.columns.iter().map(|c| c.name.as_str()).collect();
            return Some(cut(format!("table {name}, columns: expected {w:?}, got {g:?}")));
        }
        for (x, y) in a.columns.iter().zip(&b.columns) {
            if x != y {
                return Some(cut(format!("column {name}.{}: expected {x:?}, got {y:?}", x.name)));
            }
        }
        field!(primary_key);
        field!(foreign_keys);
        field!(uniques);
        field!(indexes);
        field!(checks);
        field!(policies);
        return Some(cut(format!("table {name}: expected {a:?}, got {b:?}")));
    }
    macro_rules! top {
        ($f:ident) => {
            if want.$f != got.$f {
                return Some(cut(format!("{}: expected {:?}, got {:?}", stringify!($f), want.$f, got.$f)));
            }
        };
    }
    top!(enums);
    top!(domains);
    top!(sequences);
    top!(triggers);
    top!(views);
    top!(functions);
    top!(search_path);
    None
}

/// The canonical form of what `edit` should make of `before` (imported from SQL `text`): the
/// expected model of `spec::expected`, with the names `text` writes (a renamed table keeps its own)
/// and the names SQL writes for what the edit leaves unnamed (a new index's).
pub fn expected_form(before: &Schema, text: &str, edit: &super::SchemaEdit) -> Result<Schema, super::EditError> {
    let named = super::sql::named(before, edit);
    let edit = named.as_ref().unwrap_or(edit);
    let mut names = super::sql::written_names(text, before.dialect);
    names.extend(super::sql::new_names(before, edit));
    expected_form_in(before, Written::new(before.dialect, names), edit)
}

/// [`expected_form`] with the names the original text writes already read.
pub fn expected_form_in(before: &Schema, mut w: Written, edit: &super::SchemaEdit) -> Result<Schema, super::EditError> {
    let expected = super::spec::expected(before, edit)?;
    if let super::SchemaEdit::RenameTable { table, to } = edit {
        if let Some(t) = before.table(table) {
            w = w.renamed(&t.name, to);
        }
    }
    Ok(canon(&expected, &w))
}
