//! The syntax tree of a Prisma schema, with byte spans into the text.
//!
//! Follows prisma-engines' `psl/schema-ast` grammar (`datamodel.pest`): top-level blocks
//! (`datasource`, `generator`, `model`, `view`, `type`, `enum`), one declaration per line, attributes
//! `@name(args)` on fields and `@@name(args)` on blocks, expressions (strings with JSON escapes,
//! numbers, constants/paths, function calls, arrays).

use crate::span::Span;

/// A name with its place in the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Datasource,
    Generator,
    Model,
    View,
    /// `type X { ... }` (composite type).
    Type,
    Enum,
}

impl BlockKind {
    pub fn from_keyword(w: &str) -> Option<BlockKind> {
        Some(match w {
            "datasource" => BlockKind::Datasource,
            "generator" => BlockKind::Generator,
            "model" => BlockKind::Model,
            "view" => BlockKind::View,
            "type" => BlockKind::Type,
            "enum" => BlockKind::Enum,
            _ => return None,
        })
    }

    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Datasource => "datasource",
            BlockKind::Generator => "generator",
            BlockKind::Model => "model",
            BlockKind::View => "view",
            BlockKind::Type => "type",
            BlockKind::Enum => "enum",
        }
    }
}

/// `?`, `[]` or nothing after a field's type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Arity {
    #[default]
    Required,
    Optional,
    List,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    /// The type name (`String`, a model, an enum); for `Unsupported("x")` it is `Unsupported`.
    pub name: Name,
    /// The text of `Unsupported("...")`.
    pub unsupported: Option<String>,
    pub arity: Arity,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Str(String, Span),
    Num(String, Span),
    /// A bare word or dotted path: `true`, `Cascade`, `Desc`, `USER`.
    Const(String, Span),
    Call(String, Vec<Arg>, Span),
    Array(Vec<Expr>, Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Str(_, s) | Expr::Num(_, s) | Expr::Const(_, s) | Expr::Call(_, _, s) | Expr::Array(_, s) => *s,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_const(&self) -> Option<&str> {
        match self {
            Expr::Const(s, _) => Some(s),
            _ => None,
        }
    }

    /// The items of an array (a single expression counts as a one-item list, as Prisma allows
    /// `fields: id` for `fields: [id]`).
    pub fn items(&self) -> Vec<&Expr> {
        match self {
            Expr::Array(v, _) => v.iter().collect(),
            e => vec![e],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<Name>,
    /// `None` for an empty named argument (`fields:`).
    pub value: Option<Expr>,
    pub span: Span,
}

/// `@name(args)` or `@@name(args)`; `name` without the `@`s (`id`, `db.VarChar`, `relation`).
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Name,
    pub args: Vec<Arg>,
    pub span: Span,
}

impl Attribute {
    /// The unnamed first argument, or the named argument `name`.
    pub fn arg(&self, name: &str) -> Option<&Expr> {
        self.args.iter().find(|a| a.name.as_ref().is_some_and(|n| n.text == name)).and_then(|a| a.value.as_ref())
    }

    /// The first positional argument (or, when `alias` is given, the argument named so).
    pub fn first(&self, alias: Option<&str>) -> Option<&Expr> {
        self.args.iter().find(|a| a.name.is_none()).and_then(|a| a.value.as_ref()).or_else(|| alias.and_then(|n| self.arg(n)))
    }
}

/// A field of a model/view/type block, an enum value, or a `key = value` of a config block.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Name,
    /// Fields: the type. Enum values and config entries: `None`.
    pub ty: Option<FieldType>,
    /// Config entries: the value after `=`.
    pub value: Option<Expr>,
    pub attrs: Vec<Attribute>,
    /// The whole declaration line (without its comment).
    pub span: Span,
}

impl Field {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|a| a.name.text == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub name: Name,
    pub fields: Vec<Field>,
    /// `@@...` block attributes.
    pub attrs: Vec<Attribute>,
    /// From the keyword to the closing `}` (or to where the block was cut off).
    pub span: Span,
}

impl Block {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|a| a.name.text == name)
    }

    /// A config block's `key = value`.
    pub fn prop(&self, key: &str) -> Option<&Expr> {
        self.fields.iter().find(|f| f.name.text == key).and_then(|f| f.value.as_ref())
    }
}
