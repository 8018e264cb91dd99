//! Unit tests of the Prisma reader. What Prisma itself creates is checked against Prisma's own
//! schema engine over the corpus and the fixtures by `tests/readers/oracle.py` (real databases);
//! these tests pin the behaviour without node or servers, and cover MySQL (the wasm engine has
//! no MySQL) and bad input.

use super::*;
use crate::model::{RefAction, Schema, Table};
use crate::span::Span;

fn read_as(src: &str, d: Dialect) -> Parsed {
    read(src, d)
}

fn ds(provider: &str, body: &str) -> String {
    format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n{body}")
}

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    s.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no table {name} in {:?}", s.tables.iter().map(|t| &t.name).collect::<Vec<_>>()))
}

fn errors(p: &Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity != crate::diagnostic::Severity::Info).map(|d| (d.line, d.message.clone())).collect()
}

/// The text a span covers.
fn at(src: &str, s: Span) -> &str {
    &src[s.start..s.end]
}

const BLOG: &str = "model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n  tags  Tag[]\n}\n\nmodel Post {\n  id       Int     @id @default(autoincrement())\n  title    String\n  author   User    @relation(fields: [authorId], references: [id])\n  authorId Int\n  editor   User?   @relation(\"edits\", fields: [editorId], references: [id])\n  editorId Int?\n\n  @@index([title])\n}\n\nmodel Tag {\n  name  String @id\n  users User[]\n}\n";

#[test]
fn postgres_tables_keys_and_prisma_names() {
    let src = ds("postgresql", BLOG).replace("  editor   User?   @relation(\"edits\", fields: [editorId], references: [id])\n  editorId Int?\n", "");
    let p = read_as(&src, Dialect::Mysql);
    assert_eq!(errors(&p), vec![]);
    assert_eq!(p.schema.dialect, Dialect::Postgres, "the provider picks the dialect, not the hint");
    let user = table(&p.schema, "User");
    assert_eq!(user.primary_key.as_ref().unwrap().name.as_deref(), Some("User_pkey"));
    assert!(user.columns[0].data_type.kind.is_serial());
    let email = user.indexes.iter().find(|i| i.name.as_deref() == Some("User_email_key")).unwrap();
    assert!(email.unique);
    let post = table(&p.schema, "Post");
    let fk = &post.foreign_keys[0];
    assert_eq!((fk.name.as_deref(), fk.on_delete, fk.on_update), (Some("Post_authorId_fkey"), RefAction::Restrict, RefAction::Cascade));
    assert!(post.indexes.iter().any(|i| i.name.as_deref() == Some("Post_title_idx")));
    let join = table(&p.schema, "_TagToUser");
    assert_eq!(join.primary_key.as_ref().unwrap().name.as_deref(), Some("_TagToUser_AB_pkey"));
    assert_eq!(join.columns.iter().map(|c| (c.name.as_str(), c.data_type.spelling.as_str())).collect::<Vec<_>>(), vec![("A", "text"), ("B", "integer")]);
    assert!(join.indexes.iter().any(|i| i.name.as_deref() == Some("_TagToUser_B_index")));
    let fks: Vec<_> = join.foreign_keys.iter().map(|f| (f.name.as_deref().unwrap(), f.ref_table.name.as_str(), f.on_delete)).collect();
    assert_eq!(fks, vec![("_TagToUser_A_fkey", "Tag", RefAction::Cascade), ("_TagToUser_B_fkey", "User", RefAction::Cascade)]);
}

#[test]
fn optional_relations_default_to_set_null() {
    let p = read_as(&ds("postgresql", BLOG).replace("  posts Post[]\n", "  posts Post[]\n  edited Post[] @relation(\"edits\")\n"), Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    let post = table(&p.schema, "Post");
    let editor = post.foreign_keys.iter().find(|f| f.columns == ["editorId"]).unwrap();
    assert_eq!(editor.on_delete, RefAction::SetNull);
}

#[test]
fn mysql_types_join_tables_and_innodb_indexes() {
    let src = ds(
        "mysql",
        "model User {\n  id    String   @id @default(cuid())\n  name  String?  @db.VarChar(80)\n  bio   String   @db.Text\n  ok    Boolean  @default(true)\n  at    DateTime @default(now())\n  role  Role     @default(ADMIN)\n  n     Int      @db.UnsignedInt\n  posts Post[]\n  tags  Tag[]\n\n  @@fulltext([name, bio])\n  @@index([bio(length: 20)])\n}\n\nmodel Post {\n  id     Int    @id @default(autoincrement())\n  user   User   @relation(fields: [userId], references: [id])\n  userId String\n}\n\nmodel Tag {\n  id    Int    @id\n  users User[]\n}\n\nenum Role {\n  ADMIN\n  USER  @map(\"user\")\n}\n",
    );
    let p = read_as(&src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    assert_eq!(p.schema.dialect, Dialect::Mysql);
    assert!(p.schema.enums.is_empty(), "MySQL enums are inline column types");
    let user = table(&p.schema, "User");
    let ty = |c: &str| user.column(c).unwrap().data_type.spelling.clone();
    assert_eq!(ty("id"), "varchar(191)");
    assert_eq!(ty("name"), "varchar(80)");
    assert_eq!(ty("at"), "datetime(3)");
    assert_eq!(user.column("role").unwrap().data_type.kind, crate::model::TypeKind::Enum(vec!["ADMIN".into(), "user".into()]));
    assert!(user.column("n").unwrap().data_type.kind.is_unsigned());
    assert_eq!(user.column("at").unwrap().default.as_deref(), Some("CURRENT_TIMESTAMP(3)"));
    assert_eq!(user.primary_key.as_ref().unwrap().name.as_deref(), Some("PRIMARY"));
    let ft = user.indexes.iter().find(|i| i.name.as_deref() == Some("User_name_bio_idx")).unwrap();
    assert_eq!(ft.method.as_deref(), Some("fulltext"));
    assert_eq!(user.indexes.iter().find(|i| i.name.as_deref() == Some("User_bio_idx")).unwrap().parts[0].length, Some(20));
    let post = table(&p.schema, "Post");
    assert_eq!(post.columns[0].identity, Some(crate::model::Identity::AutoIncrement));
    // InnoDB adds an index for the foreign key (named after the constraint), as MySQL would.
    assert!(post.indexes.iter().any(|i| i.implicit && i.name.as_deref() == Some("Post_userId_fkey")), "{:?}", post.indexes);
    let join = table(&p.schema, "_TagToUser");
    assert!(join.primary_key.is_none());
    assert_eq!(join.uniques.iter().map(|u| (u.name.as_deref(), u.columns.clone())).collect::<Vec<_>>(), vec![(Some("_TagToUser_AB_unique"), vec!["A".to_string(), "B".to_string()])]);
    assert!(join.indexes.iter().any(|i| !i.unique && i.name.as_deref() == Some("_TagToUser_B_index")));
}

#[test]
fn relation_mode_prisma_makes_logical_foreign_keys() {
    let src = format!("datasource db {{\n  provider     = \"mysql\"\n  relationMode = \"prisma\"\n}}\n\n{BLOG}");
    let p = read_as(&src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    assert!(p.diagnostics.iter().any(|d| d.message.contains("Post.editor has no opposite field")));
    let post = table(&p.schema, "Post");
    assert!(post.foreign_keys.iter().all(|f| f.logical) && !post.foreign_keys.is_empty());
    assert!(post.indexes.iter().all(|i| !i.implicit), "no InnoDB index for a foreign key the database does not have: {:?}", post.indexes);
    assert!(table(&p.schema, "_TagToUser").foreign_keys.iter().all(|f| f.logical));
    // The SQL for it has no FOREIGN KEY; the diagram draws it dashed; a diff adds none.
    let sql = crate::codegen::generate(&p.schema, crate::codegen::Target::Sql(Dialect::Mysql)).code;
    assert!(!sql.contains("FOREIGN KEY"), "{sql}");
    let g = crate::erd::from_schema(&p.schema);
    assert!(g.edges.iter().all(|e| e.logical));
    let (layout, _) = crate::erd::layout_verified(&g, &Default::default());
    assert!(crate::erd::render_svg(&g, &layout, &Default::default()).contains("class=\"edge logical\""));
    let plan = crate::migrate::diff::diff(&Schema::new(Dialect::Mysql), &p.schema, Dialect::Mysql, &Default::default());
    assert!(!plan.up_sql().contains("FOREIGN KEY"), "{}", plan.up_sql());
    // Drizzle written from it has the relations, not the foreign keys.
    let drizzle = crate::codegen::generate(&p.schema, crate::codegen::Target::Drizzle).code;
    assert!(drizzle.contains("relations(") && !drizzle.contains(".references(") && !drizzle.contains("foreignKey("), "{drizzle}");
    // Prisma written from it keeps the relation mode.
    let prisma = crate::codegen::generate(&p.schema, crate::codegen::Target::Prisma).code;
    assert!(prisma.contains("relationMode = \"prisma\""), "{prisma}");
}

#[test]
fn sqlite_ids_enums_and_inline_foreign_keys() {
    let src = ds("sqlite", "model A {\n  id Int @id\n  k  Kind @default(X)\n  b  B? @relation(fields: [bId], references: [id])\n  bId BigInt?\n}\n\nmodel B {\n  id BigInt @id @default(autoincrement())\n  as A[]\n}\n\nenum Kind {\n  X\n  Y\n}\n");
    let p = read_as(&src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    let a = table(&p.schema, "A");
    assert_eq!(a.columns[0].identity, Some(crate::model::Identity::Autoincrement));
    assert_eq!(a.column("k").unwrap().data_type.spelling, "text");
    assert_eq!(a.foreign_keys[0].on_delete, RefAction::SetNull);
    assert_eq!(table(&p.schema, "B").columns[0].identity, None, "a BIGINT primary key is not AUTOINCREMENT in Prisma's SQLite DDL");
}

#[test]
fn spans_point_at_the_prisma_source() {
    let src = ds("postgresql", BLOG);
    let p = read_as(&src, Dialect::Postgres);
    let post = table(&p.schema, "Post");
    assert!(at(&src, post.span).starts_with("model Post {") && at(&src, post.span).ends_with('}'));
    assert_eq!(at(&src, post.column("title").unwrap().span), "title    String");
    assert_eq!(at(&src, post.primary_key.as_ref().unwrap().span), "@id");
    assert!(at(&src, post.foreign_keys[0].span).starts_with("author   User    @relation("));
    let idx = post.indexes.iter().find(|i| i.name.as_deref() == Some("Post_title_idx")).unwrap();
    assert_eq!(at(&src, idx.span), "@@index([title])");
    let user = table(&p.schema, "User");
    assert_eq!(at(&src, user.indexes[0].span), "@unique");
    assert!(at(&src, table(&p.schema, "_TagToUser").span).starts_with("tags  Tag[]"));
    // Lint findings land on Prisma lines and carry no SQL fix.
    let imported = crate::parse::input::Imported { kind: crate::parse::InputKind::Prisma, parsed: p };
    let findings = crate::parse::input::lint(&src, &imported, &Default::default());
    assert!(!findings.is_empty());
    // (a fix there is written in Prisma: `edit::fixes`, tested in tests/input_fixes.rs)
    assert!(findings.iter().filter_map(|f| f.fix.as_ref()).all(|x| x.edits.iter().all(|e| !e.replacement.contains("CREATE"))));
    let lines = src.lines().count();
    assert!(findings.iter().all(|f| f.line >= 1 && f.line <= lines));
}

#[test]
fn datasource_providers() {
    let mongo = read_as(&ds("mongodb", "model A {\n  id String @id @map(\"_id\") @db.ObjectId\n}\n"), Dialect::Postgres);
    assert!(mongo.schema.tables.is_empty());
    assert!(mongo.diagnostics.iter().any(|d| d.message.contains("MongoDB is not supported") && d.line == 2));
    let mssql = read_as(&ds("sqlserver", "model A {\n  id Int @id\n}\n"), Dialect::Sqlite);
    assert!(mssql.diagnostics.iter().any(|d| d.message.contains("SQL Server is not supported yet")));
    assert_eq!((mssql.schema.dialect, mssql.schema.tables.len()), (Dialect::Sqlite, 1));
    let crdb = read_as(&ds("cockroachdb", "model A {\n  id Int @id\n}\n"), Dialect::Mysql);
    assert_eq!(crdb.schema.dialect, Dialect::Postgres);
    let none = read_as("model A {\n  id Int @id\n}\n", Dialect::Mysql);
    assert_eq!((none.schema.dialect, none.diagnostics.len()), (Dialect::Mysql, 0));
}

#[test]
fn views_and_composite_types() {
    let src = ds("postgresql", "type Address {\n  street String\n}\n\nmodel Shop {\n  id   Int     @id\n  addr Address\n}\n\nview ShopNames {\n  id   Int    @unique\n  name String\n}\n");
    let p = read_as(&src, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1, "a view is no table");
    assert_eq!(table(&p.schema, "Shop").column("addr").unwrap().data_type.kind, crate::model::TypeKind::Json { binary: true });
    assert!(p.diagnostics.iter().any(|d| d.message.contains("composite type Address") && d.line == 5));
    assert!(p.diagnostics.iter().any(|d| d.message.contains("view ShopNames") && d.line == 14));
    // the view is a view of the model, with its columns (`@map` names) and no query
    assert_eq!(p.schema.views.len(), 1);
    let v = &p.schema.views[0];
    assert_eq!((v.name.as_str(), v.columns.clone(), v.definition.as_str()), ("ShopNames", Some(vec!["id".to_string(), "name".to_string()]), ""));
    assert_eq!(&src[v.span.start..v.span.start + 14], "view ShopNames");
}

#[test]
fn a_view_is_drawn_as_a_view_and_no_generator_writes_it_as_a_table() {
    let src = ds("postgresql", "model Shop {
  id    Int    @id
  owner User   @relation(fields: [ownerId], references: [id])
  ownerId Int
}

model User {
  id    Int    @id
  shops Shop[]
  stats ShopStats[]
}

view ShopStats {
  userId Int  @unique @map(\"user_id\")
  user   User @relation(fields: [userId], references: [id])
  shops  Int

  @@map(\"shop_stats\")
}
");
    let p = read_as(&src, Dialect::Postgres);
    let v = &p.schema.views[0];
    assert_eq!((v.name.as_str(), v.columns.clone()), ("shop_stats", Some(vec!["user_id".to_string(), "shops".to_string()])), "relation fields are no columns");
    assert!(p.schema.tables.iter().all(|t| t.name != "shop_stats" && t.name != "ShopStats"));
    let g = crate::erd::from_model::from_schema(&p.schema);
    let b = g.tables.iter().find(|t| t.name == "shop_stats").expect("a box for the view");
    assert_eq!(b.kind, crate::erd::BoxKind::View);
    for target in [crate::codegen::Target::Sql(Dialect::Postgres), crate::codegen::Target::Sql(Dialect::Mysql), crate::codegen::Target::Drizzle, crate::codegen::Target::Prisma] {
        let out = crate::codegen::generate(&p.schema, target);
        let code = out.code.to_lowercase();
        assert!(!code.contains("create table \"shop_stats\"") && !code.contains("create table `shop_stats`") && !code.contains("create view"), "{target:?}:\n{}", out.code);
        assert!(!code.contains("view shopstats") && !code.contains("pgview("), "{target:?}:\n{}", out.code);
        assert!(out.warnings.iter().any(|w| w.contains("shop_stats")), "{target:?}: {:?}", out.warnings);
    }
}

#[test]
fn bad_input_is_reported_at_its_line_and_the_rest_is_read() {
    // Unknown attribute, unknown type, unknown field in an index, unresolvable relation field,
    // a stray line, a model left open before the next one (wrong nesting), a truncated last model.
    let src = ds(
        "postgresql",
        "model A {\n  id Int @id @frobnicate\n  x  Nope\n  y  Int\n\n  @@index([missing])\n}\n\nthis is not prisma\n\nmodel B {\n  id Int @id\n  a  A @relation(fields: [aId], references: [id])\n\nmodel C {\n  id Int @id\n  name String @default(\"x\"\n",
    );
    let p = read_as(&src, Dialect::Postgres);
    let e = errors(&p);
    let line_of = |needle: &str| e.iter().find(|(_, m)| m.contains(needle)).map(|(l, _)| *l).unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {e:#?}"));
    assert_eq!(line_of("@frobnicate"), 6);
    assert_eq!(line_of("type Nope is not defined"), 7);
    assert_eq!(line_of("no field missing"), 10);
    assert_eq!(line_of("expected a block"), 13);
    assert_eq!(line_of("B has no field aId"), 17);
    assert_eq!(line_of("model B is not closed"), 15);
    assert_eq!(line_of("model C is not closed"), 19);
    assert_eq!(line_of("argument list is not closed"), 21);
    let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["A", "B", "C"]);
    assert_eq!(table(&p.schema, "A").columns.len(), 2);
    assert_eq!(table(&p.schema, "C").columns.len(), 2);
}

#[test]
fn every_prefix_of_a_schema_reads_without_panic() {
    let src = ds("postgresql", BLOG) + "enum E {\n  A @map(\"a\")\n}\n/* unterminated";
    let mut cuts: Vec<usize> = (0..src.len()).filter(|i| src.is_char_boundary(*i)).collect();
    cuts.push(src.len());
    for cut in cuts {
        let p = read_as(&src[..cut], Dialect::Postgres);
        assert!(p.schema.tables.len() <= 4);
        for d in &p.diagnostics {
            assert!(d.span.end <= cut, "diagnostic outside the text at cut {cut}: {d:?}");
        }
    }
}

#[test]
fn hostile_and_odd_text_never_panics() {
    for text in [
        "model",
        "model {",
        "model A {",
        "model A {\n  id Int @id(\n",
        "model A {\n  @@\n}",
        "model A {\n  id Int @id @default(\"\\u12\")\n}",
        "model A {\n  id Int[]? @db.VarChar(-1, x)\n}",
        "model A {\n  id Int @id\n  b B @relation(fields: [id, id], references: [])\n}\nmodel B {\n  id Int @id\n  a A[]\n}",
        "datasource db {\n  provider = 42\n  relationMode = prisma\n}",
        "enum E {\n}\nmodel A {\n  e E @default(Z)\n  id Int @id\n}",
        "model \u{202e}A {\n  \u{0} Int\n}",
        "}}}}\n{{{{",
        "model A {\n  id Int @id\n  @@id([id])\n  @@unique([])\n  @@index([id(sort: Sideways)], type: 5)\n}",
    ] {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let _ = read_as(text, d);
        }
    }
}

#[test]
fn a_large_schema_reads() {
    let mut src = ds("postgresql", "");
    for i in 0..1500 {
        src.push_str(&format!("model M{i} {{\n  id Int @id @default(autoincrement())\n  name String @unique\n  prev M{}? @relation(\"r{i}\", fields: [prevId], references: [id])\n  prevId Int?\n  next M{}[] @relation(\"r{}\")\n\n  @@index([name, prevId])\n}}\n\n", i.max(1) - 1, i + 1, i + 1));
    }
    let p = read_as(&src, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1500);
    assert!(p.schema.tables.iter().filter(|t| !t.foreign_keys.is_empty()).count() >= 1400);
}

#[test]
fn several_files_read_as_one_schema() {
    use crate::parse::input::files::{join, FileMap, SourceFile};
    let files = vec![
        SourceFile { name: "schema.prisma".into(), text: ds("postgresql", "") },
        SourceFile { name: "user.prisma".into(), text: "model User {\n  id    Int    @id\n  posts Post[]\n}\n".into() },
        SourceFile { name: "post.prisma".into(), text: "model Post {\n  id     Int  @id\n  user   User @relation(fields: [userId], references: [id])\n  userId Int\n  bad    Nope\n}\n".into() },
    ];
    let text = join(&files, "//");
    let p = crate::parse::read(&text, Some(crate::parse::InputKind::Prisma), Dialect::Mysql).parsed;
    assert_eq!(p.schema.tables.len(), 2);
    assert_eq!(table(&p.schema, "Post").foreign_keys[0].ref_table.name, "User");
    let bad = p.diagnostics.iter().find(|d| d.message.contains("Nope")).unwrap();
    let map = FileMap::new(&text);
    assert_eq!(map.locate(&text, bad.span.start), (Some("post.prisma".to_string()), 5, 10));
}
