//! SQL as text: the one place that knows how each dialect writes and reads names and literals.
//!
//! Every SQL producer (the SQL generator, the differ's plans, the checker's safe alternatives, lint
//! fixes) and every consumer that reads SQL text outside sqlparser (the importer's expression
//! spans, the generators reading defaults, the lint rules comparing expressions) goes through
//! these functions, so two places can never disagree on how a name is quoted or a string escaped.
//!
//! | concept | here |
//! |---|---|
//! | keywords, one list per dialect | [`keywords`]: [`is_reserved`] (lint), [`keywords::is_keyword`] (quoting) |
//! | identifiers | [`ident`], [`qualified`] |
//! | the engines' name length limits | [`clamp`], [`with_suffix`], [`Namer`] |
//! | string literals, comments | [`string_lit`] (write), [`read_string`], [`string_value`] (read), [`comment_text`] |
//! | what is code and what is quoted | [`scan`]: [`scan::skip`], [`scan::paren_depth`], [`strip_outer_parens`] |
//! | expressions | [`expr`]: [`norm_expr`] (comparison), [`expr::tokens`], [`expr::source_extent`] |
//! | words in names | [`words()`], [`snake`], [`singular`], [`plural`], [`is_plural_word`] |
//!
//! The escaping of the other generated languages lives beside their generators, one function per
//! target: [`crate::codegen::escape`].

pub mod expr;
pub mod ident;
pub mod keywords;
pub mod literal;
pub mod scan;
pub mod words;

pub use expr::norm_expr;
pub use ident::{clamp, ident, qualified, too_long, truncate_bytes, with_suffix, Namer};
pub use keywords::is_reserved;
pub use literal::{comment_text, read_string, string_lit, string_value};
pub use scan::strip_outer_parens;
pub use words::{is_plural_word, plural, plural_word, singular, singular_word, snake, words};
