//! Where a Drizzle schema writes each table, column, key and index: the reader's own spans after
//! evaluation, for the edit planner (`edit/drizzle`), which changes the text in place. The planner
//! reads the syntax tree of the same parse (`files`) around these spans; nothing is lexed twice.

use super::eval::Reader;
use super::syntax::Item;
use super::value::{ColRef, IndexKey, Part};
use crate::dialect::Dialect;
use crate::span::Span;

/// The tables of a Drizzle input as the reader evaluated them.
pub(crate) struct Sites {
    pub dialect: Dialect,
    /// A `casing` setting names columns written without a name (their key, recased).
    pub casing: Option<super::casing::Casing>,
    /// Each file of the input: where it starts, and its items.
    pub files: Vec<(usize, Vec<Item>)>,
    pub tables: Vec<TableSite>,
    /// The `one(...)` and `many(...)` of `relations(...)`: where the database has no foreign key
    /// for a `one(...)` with fields, it stands for a logical one.
    pub relations: Vec<RelSite>,
    /// The `pgEnum(...)` / `schema.enum(...)` calls.
    pub enums: Vec<EnumSite>,
    /// The `pgSchema("x")` / `mysqlSchema("x")` calls: the name and the call.
    pub schemas: Vec<(String, Span)>,
}

pub(crate) struct RelSite {
    /// The table of the `relations(table, ...)` call.
    pub table: usize,
    /// The columns of `fields` (empty for a `many(...)` or a `one(...)` without them).
    pub fields: Vec<String>,
    pub target: usize,
    pub references: Vec<String>,
    /// `one(...)`, not `many(...)`.
    pub one: bool,
    /// `relationName`.
    pub name: Option<String>,
    /// The `one(...)` / `many(...)` call, and the `relations(...)` call it is in.
    pub span: Span,
    pub call: Span,
}

pub(crate) struct EnumSite {
    pub name: String,
    pub schema: Option<String>,
    /// The call that declares it.
    pub span: Span,
}

pub(crate) struct TableSite {
    pub name: String,
    pub schema: Option<String>,
    /// The table function's call (`pgTable("users", {...}, ...)`).
    pub span: Span,
    /// drizzle-kit creates it (exported, or nothing is).
    pub included: bool,
    pub cols: Vec<ColSite>,
    /// The foreign keys (inline `.references()` first, then the extra config's).
    pub fks: Vec<FkSite>,
    /// The extra config's other pieces.
    pub parts: Vec<PartSite>,
}

pub(crate) struct ColSite {
    /// The key in the columns object (and in `table.key` references).
    pub key: String,
    /// The database name.
    pub name: String,
    /// The member `key: builder(...)...`, or the spread the column came from.
    pub span: Span,
}

pub(crate) struct FkSite {
    pub cols: Vec<String>,
    pub ref_table: usize,
    pub ref_cols: Vec<String>,
    /// The `.references(...)` call (through the chain before it), or the `foreignKey(...)` chain.
    pub span: Span,
    pub inline: bool,
}

/// What an extra-config piece other than a foreign key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PartKind {
    PrimaryKey,
    Unique,
    Index,
    Other,
}

pub(crate) struct PartSite {
    pub kind: PartKind,
    pub cols: Vec<String>,
    pub span: Span,
}

impl Sites {
    /// The database name of a column written without one.
    pub fn cased(&self, key: &str) -> String {
        self.casing.map_or_else(|| key.to_string(), |c| super::casing::recase(key, c))
    }

    pub(super) fn new(r: &Reader, files: &[(usize, Vec<Item>)], include: &[bool], rels: &[(usize, super::value::Relation)]) -> Sites {
        let names = |cols: &[ColRef]| cols.iter().map(|c| super::builtins::column_name(r, c.table, &c.key)).collect::<Vec<_>>();
        let tables = r
            .tables
            .iter()
            .enumerate()
            .map(|(t, def)| {
                let cols = def.cols.iter().map(|(key, c)| ColSite { key: key.clone(), name: super::builtins::column_name(r, t, key), span: c.span }).collect();
                let mut fks = Vec::new();
                let mut parts = Vec::new();
                for p in &def.parts {
                    match p {
                        Part::ForeignKey { cols, foreign, span, .. } => fks.push(FkSite {
                            cols: names(cols),
                            ref_table: foreign.first().map_or(usize::MAX, |c| c.table),
                            ref_cols: names(foreign),
                            span: *span,
                            inline: cols.len() == 1 && cols[0].span == def.cols.iter().find(|(k, _)| *k == cols[0].key).map_or(Span::default(), |(_, c)| c.span),
                        }),
                        Part::PrimaryKey { cols, span, .. } => parts.push(PartSite { kind: PartKind::PrimaryKey, cols: names(cols), span: *span }),
                        Part::Unique { cols, span, .. } => parts.push(PartSite { kind: PartKind::Unique, cols: names(cols), span: *span }),
                        Part::Index { keys, span, .. } => {
                            let cols = keys.iter().map(|k| if let IndexKey::Col(c) = k { super::builtins::column_name(r, c.table, &c.key) } else { String::new() }).collect();
                            parts.push(PartSite { kind: PartKind::Index, cols, span: *span })
                        }
                        Part::Check { span, .. } | Part::Policy { span, .. } => parts.push(PartSite { kind: PartKind::Other, cols: Vec::new(), span: *span }),
                    }
                }
                TableSite { name: def.name.clone(), schema: def.schema.clone(), span: def.span, included: include.get(t).copied().unwrap_or(false), cols, fks, parts }
            })
            .collect();
        let relations = rels
            .iter()
            .map(|(t, rel)| RelSite {
                table: *t,
                fields: names(&rel.fields),
                target: rel.target,
                references: names(&rel.references),
                one: rel.one,
                name: rel.name.clone(),
                span: rel.span,
                call: rel.call,
            })
            .collect();
        let enums = r.enums.iter().map(|e| EnumSite { name: e.name.clone(), schema: e.schema.clone(), span: e.span }).collect();
        Sites { dialect: r.dialect, casing: r.casing, files: files.to_vec(), tables, relations, enums, schemas: r.schemas.clone() }
    }
}
