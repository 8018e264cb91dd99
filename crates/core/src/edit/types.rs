//! The types offered when a column is added or retyped in the diagram: the dialect's common
//! built-in types (each read by the dialect's own type grammar, see the test), then the schema's
//! own enums and domains. Free text stays allowed: [`super::spec::read_type`] accepts any type the
//! dialect reads.

use crate::dialect::Dialect;
use crate::model::Schema;
use crate::parse::input::InputKind;

const POSTGRES: &[&str] = &[
    "bigint", "integer", "smallint", "bigserial", "serial", "numeric(10,2)", "double precision", "real", "boolean", "text", "varchar(255)", "uuid", "date",
    "timestamptz", "timestamp", "time", "interval", "jsonb", "json", "bytea", "inet", "text[]",
];

const MYSQL: &[&str] = &[
    "bigint", "int", "smallint", "tinyint", "bigint unsigned", "decimal(10,2)", "double", "float", "boolean", "varchar(255)", "char(36)", "text",
    "mediumtext", "longtext", "date", "datetime", "timestamp", "time", "json", "blob", "binary(16)",
];

const SQLITE: &[&str] = &["integer", "text", "real", "numeric", "blob", "boolean", "date", "datetime", "varchar(255)"];

/// The dialect's common built-in types, in the dialect's spelling.
pub fn builtin_types(d: Dialect) -> &'static [&'static str] {
    match d {
        Dialect::Postgres => POSTGRES,
        Dialect::Mysql => MYSQL,
        Dialect::Sqlite => SQLITE,
    }
}

/// The choices for a column type in `schema`: the built-in types, then its enums and domains.
pub fn type_choices(schema: &Schema) -> Vec<String> {
    let d = schema.dialect;
    let mut out: Vec<String> = builtin_types(d).iter().map(|s| s.to_string()).collect();
    out.extend(user_types(schema, true, false));
    out
}

/// The schema's enums (and domains), sorted; `qualified`: an enum of another schema than `public`
/// with its schema (`billing.state`).
fn user_types(schema: &Schema, domains: bool, qualified: bool) -> Vec<String> {
    let d = schema.dialect;
    let domains = schema.domains.iter().filter(|_| domains);
    let enum_name = |e: &crate::model::EnumType| match e.schema.as_deref().filter(|s| qualified && *s != "public") {
        Some(s) => format!("{}.{}", crate::codegen::sql::ident(d, s), crate::codegen::sql::ident(d, &e.name)),
        None => crate::codegen::sql::ident(d, &e.name),
    };
    let mut user: Vec<String> = schema.enums.iter().map(enum_name).chain(domains.map(|x| crate::codegen::sql::ident(d, &x.name))).collect();
    crate::sort::ord(&mut user);
    user.dedup();
    user
}

/// The choices for a column type of an input written in `kind`: [`type_choices`], except that a
/// Drizzle module offers only the built-in types a column builder of its core module writes (the
/// reader's type map run backwards, `parse::drizzle::types::builder_for`) and its enums (its
/// `pgEnum`s, with their schema when it is not `public`; a new one is not written yet), no
/// domains.
pub fn type_choices_in(kind: InputKind, schema: &Schema) -> Vec<String> {
    if kind != InputKind::Drizzle {
        return type_choices(schema);
    }
    let d = schema.dialect;
    let mut out: Vec<String> = builtin_types(d).iter().filter(|t| crate::parse::drizzle::types::builder_for(d, t).is_some()).map(|t| t.to_string()).collect();
    out.extend(user_types(schema, false, true));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeKind;

    #[test]
    fn every_builtin_choice_is_a_builtin_type_of_its_dialect() {
        for d in Dialect::ALL {
            for t in builtin_types(d) {
                let ty = crate::parse::parse_type(d, t).unwrap_or_else(|| panic!("{d:?}: {t} does not parse"));
                assert!(!matches!(ty.kind, TypeKind::Named(_) | TypeKind::Unspecified), "{d:?}: {t} reads as {:?}", ty.kind);
            }
        }
    }

    #[test]
    fn a_drizzle_module_offers_its_pg_enums() {
        let text = "import { pgTable, pgEnum, text } from 'drizzle-orm/pg-core';\nexport const mood = pgEnum('mood', ['a', 'b']);\nexport const t = pgTable('t', { m: mood('m'), x: text('x') });\n";
        let s = crate::parse::input::read(text, Some(InputKind::Drizzle), Dialect::Postgres).parsed.schema;
        let c = type_choices_in(InputKind::Drizzle, &s);
        assert_eq!(c.last().map(String::as_str), Some("mood"), "{c:?}");
        assert!(c.iter().all(|t| t == "mood" || crate::parse::drizzle::types::builder_for(Dialect::Postgres, t).is_some()), "{c:?}");
        let text = "import { pgSchema, text } from 'drizzle-orm/pg-core';\nexport const b = pgSchema('billing');\nexport const st = b.enum('state', ['a']);\nexport const t = b.table('t', { s: st('s'), x: text('x') });\n";
        let s = crate::parse::input::read(text, Some(InputKind::Drizzle), Dialect::Postgres).parsed.schema;
        assert_eq!(type_choices_in(InputKind::Drizzle, &s).last().map(String::as_str), Some("billing.state"));
    }

    #[test]
    fn user_types_follow_the_builtins() {
        let s = crate::parse::parse("CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN \"Email\" AS text;", Dialect::Postgres).schema;
        let c = type_choices(&s);
        assert_eq!(&c[c.len() - 2..], &["\"Email\"".to_string(), "mood".to_string()]);
    }
}
