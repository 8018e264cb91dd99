//! What a Drizzle expression evaluates to when read statically: plain JS values, and the Drizzle
//! objects a schema is made of (column builders with their chain applied, tables, enums, the
//! pieces of a table's extra-config callback, relations).
//!
//! Objects and arrays share their contents (`Rc`), so a value referenced many times is not copied
//! many times (a hostile module cannot blow up memory by repeating a large constant).

use super::syntax::Func;
use crate::dialect::Dialect;
use crate::model::RefAction;
use crate::span::Span;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub(super) enum Value<'a> {
    Undefined,
    Null,
    Str(String),
    /// A number as written (`1_000` → `1000`).
    Num(String),
    Bool(bool),
    /// Object literal members in order: (key, value, span of the member).
    Obj(Rc<Vec<(String, Value<'a>, Span)>>),
    Arr(Rc<Vec<Value<'a>>>),
    /// An `sql` template (or `sql.raw`), rendered to SQL text.
    Sql(String),
    /// A Drizzle export (`pgTable`, `text`, `index`, `sql`, ...), or the namespace of a core module
    /// (`import * as p from "drizzle-orm/pg-core"`: name `*`).
    Builtin(Builtin),
    Column(Box<ColSpec<'a>>),
    /// A table (index into the reader's tables).
    Table(usize),
    /// `table.column` (table index, column key), possibly with index options (`.desc()`, ...).
    ColRef(Box<ColRef>),
    /// A PostgreSQL enum made by `pgEnum` (index into the reader's enums); calling it makes a column.
    Enum(usize),
    /// `pgSchema("name")`.
    Schema(String),
    /// `pgView("name", ...)` (and the other view functions) before its `.as(...)`.
    View(Box<ViewSpec>),
    /// A table function made by `pgTableCreator(fn)`: the dialect and the name function.
    TableCreator(Dialect, Rc<Closure<'a>>),
    /// A custom type made by `customType({ dataType, ... })`: its config object.
    CustomType(Rc<Vec<(String, Value<'a>, Span)>>, Dialect),
    /// A piece of a table's extra config (index, key, check, policy) as far as its chain went.
    Part(Box<Part>),
    /// A user function with the scope it was defined in.
    Func(Rc<Closure<'a>>),
    /// `one(...)` / `many(...)` inside `relations(...)`.
    Relation(Box<Relation>),
    /// What cannot be known statically; `Some` says why and where (first cause).
    Unknown(Option<(Span, String)>),
}

impl<'a> Value<'a> {
    pub fn unknown(span: Span, why: impl Into<String>) -> Value<'a> {
        Value::Unknown(Some((span, why.into())))
    }

    pub fn obj(members: Vec<(String, Value<'a>, Span)>) -> Value<'a> {
        Value::Obj(Rc::new(members))
    }

    /// A member of an object value.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Obj(m) => m.iter().rev().find(|(k, _, _)| k == key).map(|(_, v, _)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A number member as an integer (`length: 255`).
    pub fn as_u32(&self) -> Option<u32> {
        match self {
            Value::Num(n) => n.parse::<f64>().ok().filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1e9).map(|f| f as u32),
            _ => None,
        }
    }

    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Undefined | Value::Null => Some(false),
            Value::Str(s) => Some(!s.is_empty()),
            Value::Num(n) => Some(n.parse::<f64>().is_ok_and(|f| f != 0.0)),
            Value::Unknown(_) => None,
            _ => Some(true),
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Str(_) => "a string",
            Value::Num(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Obj(_) => "an object",
            Value::Arr(_) => "an array",
            Value::Sql(_) => "an sql`` fragment",
            Value::Builtin(_) => "a Drizzle function",
            Value::Column(_) => "a column",
            Value::Table(_) => "a table",
            Value::ColRef(_) => "a column reference",
            Value::Enum(_) => "an enum",
            Value::Schema(_) => "a schema",
            Value::View(_) => "a view",
            Value::TableCreator(..) => "a table function",
            Value::CustomType(..) => "a custom type",
            Value::Part(_) => "a table constraint or index",
            Value::Func(_) => "a function",
            Value::Relation(_) => "a relation",
            Value::Unknown(_) => "an unknown value",
        }
    }
}

/// A view being declared: where it goes and where it was declared.
#[derive(Clone, Debug)]
pub(super) struct ViewSpec {
    pub schema: Option<String>,
    pub name: String,
    pub materialized: bool,
    pub span: Span,
}

/// A Drizzle export: its name and the core module it came from (`None`: `drizzle-orm` itself or
/// not imported at all).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Builtin {
    pub name: String,
    pub core: Option<Dialect>,
}

#[derive(Debug)]
pub(super) struct Closure<'a> {
    pub func: &'a Func,
    pub scope: Rc<super::eval::Scope<'a>>,
    pub span: Span,
}

/// A column's default as written in the schema (rendered to SQL when the model is built).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Default {
    Sql(String),
    Str(String),
    Num(String),
    Bool(bool),
    /// An object or array literal, as JSON text (and, for an array, as a PostgreSQL array literal).
    Json { json: String, pg_array: Option<String> },
}

/// A column builder with the modifiers applied so far.
#[derive(Clone, Debug)]
pub(super) struct ColSpec<'a> {
    /// The database name given to the builder (`text("full_name")`); else the object key.
    pub name: Option<String>,
    /// The SQL type as Drizzle writes it (`getSQLType()`).
    pub sql_type: String,
    pub enum_idx: Option<usize>,
    pub mode: Option<String>,
    pub dims: u8,
    pub not_null: bool,
    pub primary: bool,
    pub autoincrement: bool,
    pub default: Option<Default>,
    pub unique: Option<(Option<String>, bool)>,
    /// `.references(() => t.col, { onDelete, onUpdate })`.
    pub refs: Vec<(Rc<Closure<'a>>, RefAction, RefAction, Span)>,
    /// `Some(true)`: GENERATED ALWAYS AS IDENTITY; `Some(false)`: BY DEFAULT.
    pub identity: Option<bool>,
    /// (expression, stored).
    pub generated: Option<(String, bool)>,
    pub on_update_now: bool,
    pub span: Span,
}

impl<'a> ColSpec<'a> {
    pub fn new(name: Option<String>, sql_type: String, span: Span) -> ColSpec<'a> {
        ColSpec {
            name,
            sql_type,
            enum_idx: None,
            mode: None,
            dims: 0,
            not_null: false,
            primary: false,
            autoincrement: false,
            default: None,
            unique: None,
            refs: Vec::new(),
            identity: None,
            generated: None,
            on_update_now: false,
            span,
        }
    }
}

/// `table.column` and its index options.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ColRef {
    pub table: usize,
    pub key: String,
    pub desc: bool,
    pub nulls_first: Option<bool>,
    pub opclass: Option<String>,
    pub span: Span,
}

/// One key part of an index: a column or an `sql` expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum IndexKey {
    Col(ColRef),
    Expr(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Part {
    Index { unique: bool, name: Option<String>, keys: Vec<IndexKey>, method: Option<String>, predicate: Option<String>, concurrently: bool, span: Span },
    PrimaryKey { name: Option<String>, cols: Vec<ColRef>, span: Span },
    ForeignKey { name: Option<String>, cols: Vec<ColRef>, foreign: Vec<ColRef>, on_delete: RefAction, on_update: RefAction, span: Span },
    Unique { name: Option<String>, cols: Vec<ColRef>, nulls_not_distinct: bool, span: Span },
    Check { name: String, expression: String, span: Span },
    Policy { name: String, permissive: bool, command: String, roles: Vec<String>, using: Option<String>, with_check: Option<String>, span: Span },
}

/// `one(target, { fields, references, relationName })` or `many(target)`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Relation {
    pub target: usize,
    pub fields: Vec<ColRef>,
    pub references: Vec<ColRef>,
    /// `one(...)`, not `many(...)`.
    pub one: bool,
    /// `relationName`, which pairs a relation with its inverse.
    pub name: Option<String>,
    /// The `one(...)` / `many(...)` call.
    pub span: Span,
    /// The `relations(...)` call it is declared in.
    pub call: Span,
}

/// The action named by `"cascade"`, `"set null"`, ... (Drizzle's spelling).
pub(super) fn ref_action(s: &str) -> Option<RefAction> {
    match s.to_ascii_lowercase().as_str() {
        "cascade" => Some(RefAction::Cascade),
        "restrict" => Some(RefAction::Restrict),
        "no action" => Some(RefAction::NoAction),
        "set null" => Some(RefAction::SetNull),
        "set default" => Some(RefAction::SetDefault),
        _ => None,
    }
}
