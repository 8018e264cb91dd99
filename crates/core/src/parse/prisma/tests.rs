use super::*;

fn pg(src: &str) -> Parsed {
    read(src, Dialect::Postgres)
}

#[test]
fn reads_a_small_schema() {
    let p = pg("datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.schema.tables.len(), 2);
}
