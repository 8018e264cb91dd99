//! Drizzle ORM schema modules (TypeScript) → [`Schema`], read statically: the text is tokenized
//! and parsed, never executed.

mod lex;
mod syntax;
