//! Calling sqlparser: its settings, statements and type names from text.

use super::*;

/// sqlparser's settings: a recursion limit, and no unescaping of strings and quoted identifiers —
/// sqlparser's rendering of a string it has decoded is a guess that can be wrong (a value holding
/// `''` or a backslash before a quote comes out as different SQL), while the raw body renders
/// exactly as written. Values are decoded here instead ([`Builder::string`], [`ident_value`]).
fn parser(d: &dyn sqlparser::dialect::Dialect) -> sqlparser::parser::Parser<'_> {
    use sqlparser::parser::{Parser, ParserOptions};
    Parser::new(d).with_options(ParserOptions::new().with_unescape(false)).with_recursion_limit(40)
}

/// Parses one statement text with the dialect's sqlparser dialect.
pub fn parse_sql(dialect: Dialect, text: &str) -> Result<Vec<Statement>, String> {
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    fn run(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Vec<Statement>, String> {
        parser(d).with_tokens_with_locations(tokens(d, text)?).parse_statements().map_err(|e| e.to_string())
    }
    match dialect {
        Dialect::Postgres => run(&PostgreSqlDialect {}, text),
        Dialect::Mysql => run(&MySqlDialect {}, text),
        Dialect::Sqlite => run(&SQLiteDialect {}, text),
    }
}

/// sqlparser's tokens of `text` (strings not unescaped, see [`parser`]), or an error when an
/// operator chain is longer than [`MAX_OPERATOR_CHAIN`].
fn tokens(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Result<Vec<sqlparser::tokenizer::TokenWithSpan>, String> {
    let tokens = sqlparser::tokenizer::Tokenizer::new(d, text).with_unescape(false).tokenize_with_location().map_err(|e| e.to_string())?;
    match longest_operator_chain(&tokens) {
        Some(n) if n > MAX_OPERATOR_CHAIN => Err(format!("an expression chains {n} operators without parentheses or commas (more than {MAX_OPERATOR_CHAIN}); the statement is skipped")),
        _ => Ok(tokens),
    }
}

/// Most operators one expression may chain at one level (`a + b + ...`, `x::t::t ...`, `int[][]...`,
/// `... OR ... OR ...`). sqlparser's recursion limit bounds nesting, but it reads such chains in a
/// loop into a tree as deep as the chain, and everything that walks the tree — rendering it, our
/// lowering, dropping it — recurses once per level: 5,000 `[]` overflowed the web app's 1 MiB wasm
/// stack. 1,000 keeps a `CHECK (x = 'a' OR x = 'b' OR ...)` of 500 values.
pub const MAX_OPERATOR_CHAIN: usize = 1000;

/// The longest run of operator tokens (symbols, and AND / OR / NOT / IS / LIKE / IN / COLLATE)
/// between two commas or parentheses at one nesting level; `None` for no operator at all.
fn longest_operator_chain(tokens: &[sqlparser::tokenizer::TokenWithSpan]) -> Option<usize> {
    use sqlparser::keywords::Keyword as K;
    use sqlparser::tokenizer::Token as T;
    // One counter per open parenthesis level (a `(` starts a fresh segment; `)` returns to the
    // enclosing one, whose chain the parenthesised group continues).
    let mut runs: Vec<usize> = vec![0];
    let mut longest = None;
    for t in tokens {
        let op = match &t.token {
            T::LParen => {
                runs.push(0);
                continue;
            }
            T::RParen => {
                if runs.len() > 1 {
                    runs.pop();
                }
                continue;
            }
            T::Comma | T::SemiColon => {
                if let Some(r) = runs.last_mut() {
                    *r = 0;
                }
                continue;
            }
            T::Whitespace(_) | T::EOF => continue,
            T::Word(w) => matches!(w.keyword, K::AND | K::OR | K::NOT | K::IS | K::LIKE | K::ILIKE | K::IN | K::COLLATE | K::BETWEEN),
            T::Number(..) | T::SingleQuotedString(_) | T::DoubleQuotedString(_) | T::NationalStringLiteral(_) | T::EscapedStringLiteral(_) | T::HexStringLiteral(_) | T::DollarQuotedString(_) | T::Placeholder(_) => false,
            _ => true,
        };
        if op {
            if let Some(r) = runs.last_mut() {
                *r += 1;
                longest = longest.max(Some(*r));
            }
        }
    }
    longest
}

/// Reads a column type written as text (`varchar(255)`, `character varying(255)`, `numeric(10,2)`,
/// `timestamp(3) with time zone`, `int[]`) with the dialect's own type grammar and lowers it exactly
/// as a type inside `CREATE TABLE` is lowered ([`lower_type`]). This is the one entry point for
/// inputs that carry types as text (catalog JSON, Prisma `@db.*`, DBML, Drizzle): they build the same
/// model type the SQL importer builds. `None` when the text is not a type in that dialect.
///
/// For reader authors: the result's [`crate::model::TypeKind`] is what every consumer reads
/// (`kind`, `array_dims`); `spelling` is what the same-dialect SQL generator emits, so pass the
/// text the database itself would print (`character varying(255)` from a catalog, or the SQL a
/// Prisma `@db.VarChar(255)` stands for, `varchar(255)`). A name the dialect does not define comes
/// back as `TypeKind::Named` (a PostgreSQL enum or domain, resolved against the schema), so an enum
/// type's name is a valid input too. On `None`, keep the text as the spelling with
/// `TypeKind::Other` (MySQL/SQLite) or `TypeKind::Named` (PostgreSQL) rather than dropping the column.
pub fn parse_type(dialect: Dialect, text: &str) -> Option<MType> {
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    fn read(d: &dyn sqlparser::dialect::Dialect, text: &str) -> Option<ast::DataType> {
        let mut p = parser(d).with_tokens_with_locations(tokens(d, text).ok()?);
        let dt = p.parse_data_type().ok()?;
        // The whole text must be the type (no trailing tokens).
        (p.peek_token().token == sqlparser::tokenizer::Token::EOF).then_some(dt)
    }
    let dt = match dialect {
        Dialect::Postgres => read(&PostgreSqlDialect {}, text),
        Dialect::Mysql => read(&MySqlDialect {}, text),
        Dialect::Sqlite => read(&SQLiteDialect {}, text),
    }?;
    Some(lower_type(&dt, dialect))
}

/// A type written as text that must become a type whatever it holds (an `ALTER TABLE` operand
/// read by hand): [`parse_type`], or when the dialect's grammar rejects the text, its words as a
/// type name (`types::read_name`), keeping the text as the spelling.
pub fn read_type(dialect: Dialect, text: &str) -> MType {
    parse_type(dialect, text).unwrap_or_else(|| MType::new(text.trim(), crate::parse::types::read_name(text, dialect), 0))
}

#[cfg(test)]
mod parse_type_tests {
    use super::*;

    #[test]
    fn text_types_lower_like_create_table_types() {
        for (d, ty) in [
            (Dialect::Postgres, "character varying(255)"),
            (Dialect::Postgres, "numeric(10,2)"),
            (Dialect::Postgres, "timestamp(3) with time zone"),
            (Dialect::Postgres, "int[]"),
            (Dialect::Mysql, "int unsigned"),
            (Dialect::Mysql, "enum('a','b')"),
            (Dialect::Sqlite, "INTEGER"),
        ] {
            let sql = format!("CREATE TABLE t (c {ty})");
            let stmts = parse_sql(d, &sql).unwrap();
            let Statement::CreateTable(ct) = &stmts[0] else { panic!("not a create table") };
            assert_eq!(parse_type(d, ty), Some(lower_type(&ct.columns[0].data_type, d)), "{d:?} {ty}");
        }
        assert_eq!(parse_type(Dialect::Postgres, "int) ; drop table x"), None);
    }

    #[test]
    fn a_spelling_keeps_the_case_of_its_literals() {
        let t = parse_type(Dialect::Mysql, "SET('Trailers','Deleted Scenes')").unwrap();
        assert_eq!(t.spelling.replace(' ', ""), "set('Trailers','DeletedScenes')");
        assert_eq!(parse_type(Dialect::Mysql, "ENUM('It''S','b')").unwrap().spelling.replace(' ', ""), "enum('It''S','b')");
        assert_eq!(parse_type(Dialect::Postgres, "VARCHAR(10)").unwrap().spelling, "varchar(10)");
    }
}
