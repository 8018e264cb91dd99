use super::*;

#[test]
fn kinds_round_trip_their_ids() {
    for k in InputKind::ALL {
        assert_eq!(InputKind::parse(k.id()), Some(k));
    }
    assert_eq!(InputKind::parse("PRISMA"), Some(InputKind::Prisma));
    assert_eq!(InputKind::parse("yaml"), None);
}

#[test]
fn file_names_name_their_kind() {
    for (name, kind) in [
        ("schema.prisma", Some(InputKind::Prisma)),
        ("db/Schema.DBML", Some(InputKind::Dbml)),
        ("src\\db\\schema.ts", Some(InputKind::Drizzle)),
        ("schema.mjs", Some(InputKind::Drizzle)),
        ("catalog.json", Some(InputKind::Catalog)),
        ("dump.sql", Some(InputKind::Sql)),
        ("README", None),
        ("notes.txt", None),
        (".prisma", Some(InputKind::Prisma)),
    ] {
        assert_eq!(InputKind::from_file_name(name), kind, "{name}");
    }
}

#[test]
fn content_is_recognised() {
    let prisma = "// comment\ndatasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n}\n";
    let prisma_models_only = "model User {\n  id Int @id\n  posts Post[]\n}\n\nenum Role {\n  USER\n}\n";
    let dbml = "Project shop {\n  database_type: 'PostgreSQL'\n}\nTable users as U {\n  id int [pk]\n}\nRef: posts.user_id > users.id\n";
    let dbml_lower = "table users {\n  id int [pk]\n}\n";
    let drizzle = "import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id') });\n";
    let catalog = "  {\"tables\": []}";
    let sql = "-- model User {\nCREATE TABLE users (id int);\nCREATE TYPE mood AS ENUM ('a');\n";
    let sql_plain = "create table t (id int primary key);";
    for (text, kind) in [
        (prisma, InputKind::Prisma),
        (prisma_models_only, InputKind::Prisma),
        (dbml, InputKind::Dbml),
        (dbml_lower, InputKind::Dbml),
        (drizzle, InputKind::Drizzle),
        (catalog, InputKind::Catalog),
        (sql, InputKind::Sql),
        (sql_plain, InputKind::Sql),
        ("", InputKind::Sql),
        ("enum Role {\n  A\n}\n", InputKind::Sql),
    ] {
        assert_eq!(recognize(text), kind, "{text}");
    }
}

#[test]
fn the_extension_wins_over_content() {
    assert_eq!(recognize_file("x.dbml", "model User {\n}\n"), InputKind::Dbml);
    assert_eq!(recognize_file("schema", "model User {\n}\n"), InputKind::Prisma);
}

#[test]
fn recognition_never_panics_on_odd_text() {
    for text in ["\u{feff}{", "é".repeat(70_000).as_str(), "/* unclosed", "model", "Ref", "{{{{", "\0\0"] {
        let _ = recognize(text);
    }
}

#[test]
fn read_dispatches_and_keeps_the_dialect_hint_for_sql() {
    let r = read("CREATE TABLE t (id int);", None, Dialect::Mysql);
    assert_eq!(r.kind, InputKind::Sql);
    assert_eq!(r.dialect(), Dialect::Mysql);
    assert_eq!(r.parsed.schema.tables.len(), 1);
    let r = read("[]", None, Dialect::Postgres);
    assert_eq!(r.kind, InputKind::Catalog);
}

#[test]
fn diagnostics_get_line_and_column_from_their_span() {
    let text = "a\nbc\n";
    let mut d = Diags::new(text);
    d.warning(Span::new(3, 4), "second");
    d.error(Span::new(0, 1), "first");
    let list = d.finish();
    assert_eq!(list[0].message, "first");
    assert_eq!((list[1].line, list[1].column), (2, 2));
}

#[test]
fn prisma_and_dbml_comments_end_where_their_reader_says() {
    let text = "a // note\r\nb /* x\n y */ c /* open";
    let mut diags = Diags::new(text);
    assert_eq!(comment_end(text, 0, b"\n", &mut diags), None);
    assert_eq!(&text[2..comment_end(text, 2, b"\n\r", &mut diags).unwrap()], "// note");
    assert_eq!(&text[2..comment_end(text, 2, b"\n", &mut diags).unwrap()], "// note\r");
    assert_eq!(&text[13..comment_end(text, 13, b"\n", &mut diags).unwrap()], "/* x\n y */");
    assert_eq!(comment_end(text, 26, b"\n", &mut diags), Some(text.len()));
    let d = diags.finish();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].span.start, d[0].message.as_str()), (26, "unterminated comment: missing `*/`"));
    assert_eq!(comment_end("x /", 2, b"\n", &mut Diags::new("x /")), None);
}
