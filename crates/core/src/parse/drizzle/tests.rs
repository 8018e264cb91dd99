//! The Drizzle reader end to end: TypeScript in, model out.

use super::read;
use crate::dialect::Dialect;
use crate::model::{Identity, RefAction};

fn ok(ts: &str) -> crate::parse::Parsed {
    let p = read(ts, Dialect::Postgres);
    let bad: Vec<_> = p.diagnostics.iter().filter(|d| d.severity >= crate::Severity::Warning).collect();
    assert!(bad.is_empty(), "{bad:#?}");
    p
}

#[test]
fn a_pg_schema_with_the_usual_forms() {
    let p = ok(r#"
import { pgTable, serial, text, integer, uuid, timestamp, index, uniqueIndex, pgEnum, varchar, primaryKey } from "drizzle-orm/pg-core";
import { relations, sql } from "drizzle-orm";

export const role = pgEnum("role", ["admin", "member"]);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  updatedAt: timestamp("updated_at").$onUpdate(() => new Date()),
};

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  fullName: text("full_name"),
  role: role().default("member").notNull(),
  ...timestamps,
});

export const posts = pgTable("posts", {
  id: uuid().defaultRandom().primaryKey(),
  authorId: integer("author_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text().notNull(),
  tags: text().array().default(sql`'{}'::text[]`),
}, (t) => [
  index("posts_author_idx").on(t.authorId),
  uniqueIndex().on(t.title, t.authorId),
]);

export const tags = pgTable("post_tags", {
  postId: uuid("post_id").notNull(),
  tag: text().notNull(),
}, (table) => ({
  pk: primaryKey({ columns: [table.postId, table.tag] }),
}));

export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
export const tagsRelations = relations(tags, ({ one }) => ({ post: one(posts, { fields: [tags.postId], references: [posts.id] }) }));
"#);
    let s = &p.schema;
    assert_eq!(s.dialect, Dialect::Postgres);
    assert_eq!(s.enums[0].values, vec!["admin", "member"]);
    let users = s.tables.iter().find(|t| t.name == "users").unwrap();
    let names: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "email", "full_name", "role", "created_at", "updated_at"]);
    assert_eq!(users.primary_key.as_ref().unwrap().name.as_deref(), Some("users_pkey"));
    assert_eq!(users.columns[0].identity, Some(Identity::Serial));
    assert_eq!(users.uniques[0].name.as_deref(), Some("users_email_unique"));
    assert!(!users.columns[4].nullable && users.columns[5].nullable);
    assert_eq!(users.columns[4].default.as_deref(), Some("now()"));
    assert_eq!(users.columns[3].default.as_deref(), Some("'member'"));
    let posts = s.tables.iter().find(|t| t.name == "posts").unwrap();
    let fk = &posts.foreign_keys[0];
    assert_eq!(fk.name.as_deref(), Some("posts_author_id_users_id_fk"));
    assert_eq!(fk.on_delete, RefAction::Cascade);
    assert_eq!(fk.ref_columns, vec!["id"]);
    assert_eq!(posts.columns[3].data_type.array_dims, 1);
    let ix: Vec<&str> = posts.indexes.iter().filter_map(|i| i.name.as_deref()).collect();
    assert_eq!(ix, ["posts_author_idx", "posts_title_author_id_index"]);
    let tags = s.tables.iter().find(|t| t.name == "post_tags").unwrap();
    assert_eq!(tags.primary_key.as_ref().unwrap().name.as_deref(), Some("post_tags_post_id_tag_pk"));
    let logical: Vec<_> = tags.foreign_keys.iter().filter(|f| f.logical).collect();
    assert_eq!(logical.len(), 1);
    assert_eq!(logical[0].ref_table.name, "posts");
    // spans point into the TypeScript
    let ts_col = users.columns.iter().find(|c| c.name == "created_at").unwrap();
    let text = r#"createdAt: timestamp("created_at""#;
    let _ = text;
    assert!(ts_col.span.start > 0);
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].lines().count() + usize::from(text[..text.find(needle).unwrap()].ends_with('\n'))
}

fn warnings(p: &crate::parse::Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity >= crate::Severity::Warning).map(|d| (d.line, d.message.clone())).collect()
}

#[test]
fn what_cannot_be_read_is_a_diagnostic_at_its_line_and_the_rest_imports() {
    let ts = r#"import { pgTable, integer, text } from "drizzle-orm/pg-core";
import { money } from "./not-given";

export const a = pgTable("a", {
  id: integer().primaryKey(),
  weird: frobnicate("x"),
  price: money("price"),
  name: text().notNull().sparkle(),
  ghost: integer().references(() => nowhere.id),
  ok: text(),
});
"#;
    let p = read(ts, Dialect::Postgres);
    let w = warnings(&p);
    let at = |needle: &str, msg: &str| assert!(w.iter().any(|(l, m)| *l == line_of(ts, needle) && m.contains(msg)), "{needle}: {w:#?}");
    at("weird:", "'frobnicate' is not defined");
    at("price:", "not among the given files");
    at(".sparkle()", "not a column modifier");
    at("() => nowhere.id", "'nowhere' is not defined");
    let t = &p.schema.tables[0];
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "name", "ghost", "ok"]);
    assert!(t.foreign_keys.is_empty());
}

#[test]
fn truncated_and_misnested_text_keeps_the_tables_before_the_break() {
    let full = r#"import { pgTable, integer, text } from "drizzle-orm/pg-core";
export const a = pgTable("a", { id: integer().primaryKey() });
export const b = pgTable("b", {
  id: integer().primaryKey(),
  name: text(
"#;
    let p = read(full, Dialect::Postgres);
    assert!(p.schema.tables.iter().any(|t| t.name == "a"));
    assert!(p.diagnostics.iter().any(|d| d.severity == crate::Severity::Error), "{:?}", p.diagnostics);
    // an extra closing bracket in one table does not lose the next one
    let ts = r#"import { pgTable, integer } from "drizzle-orm/pg-core";
export const a = pgTable("a", { id: integer().primaryKey() }));
export const b = pgTable("b", { id: integer().primaryKey() });
"#;
    let p = read(ts, Dialect::Postgres);
    assert!(p.schema.tables.iter().any(|t| t.name == "b"), "{:?}", p.diagnostics);
    let e = p.diagnostics.iter().find(|d| d.severity == crate::Severity::Error).unwrap();
    assert_eq!(e.line, 2);
}

#[test]
fn code_is_never_run_and_cannot_make_the_reader_hang() {
    // loops, recursion and calls to anything but Drizzle are not executed
    let ts = r#"import { pgTable, integer } from "drizzle-orm/pg-core";
while (true) { process.exit(1); }
const f = (n) => f(n + 1);
const name = f(1);
const x = eval("fetch('https://example.com')");
export const a = pgTable("a", { id: integer().primaryKey() });
export const b = pgTable(name, { id: integer() });
"#;
    let p = read(ts, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1, "{:?}", p.diagnostics);
    assert!(warnings(&p).iter().any(|(_, m)| m.contains("name cannot be read") && m.contains("too deeply")), "{:?}", p.diagnostics);
    assert!(!p.diagnostics.iter().any(|d| d.severity == crate::Severity::Error), "{:?}", p.diagnostics);
    // exponential fan-out through constants stays within the evaluation budget
    let mut boom = String::from("import { pgTable, integer } from \"drizzle-orm/pg-core\";\nconst c0 = { a: integer() };\n");
    for i in 1..40 {
        boom.push_str(&format!("const c{i} = {{ ...c{p}, x{i}: [c{p}, c{p}, c{p}] }};\n", p = i - 1));
    }
    boom.push_str("export const t = pgTable(\"t\", { ...c39 });\n");
    let _ = read(&boom, Dialect::Postgres);
}

#[test]
fn a_large_schema_reads_completely() {
    let mut ts = String::from("import { pgTable, integer, text, index } from \"drizzle-orm/pg-core\";\n");
    for i in 0..1500 {
        let parent = if i > 0 { format!(".references(() => t{}.id)", i - 1) } else { String::new() };
        ts.push_str(&format!("export const t{i} = pgTable(\"t{i}\", {{\n  id: integer().primaryKey(),\n  parentId: integer(\"parent_id\"){parent},\n  name: text().notNull(),\n}}, (t) => [index().on(t.parentId)]);\n"));
    }
    let p = read(&ts, Dialect::Postgres);
    assert!(warnings(&p).is_empty(), "{:?}", &warnings(&p)[..3.min(warnings(&p).len())]);
    assert_eq!(p.schema.tables.len(), 1500);
    assert_eq!(p.schema.tables[1499].foreign_keys.len(), 1);
    let t = &p.schema.tables[700];
    assert_eq!(line_of(&ts, "\"t700\""), p.diagnostics.len() + ts[..t.span.start].lines().count());
}

#[test]
fn files_import_each_other_and_spans_point_into_each_file() {
    use crate::parse::input::files::{join, SourceFile};
    let files = vec![
        SourceFile { name: "db/columns.ts".into(), text: "import { timestamp } from \"drizzle-orm/mysql-core\";\nexport const stamps = { createdAt: timestamp(\"created_at\").defaultNow().notNull() };\n".into() },
        SourceFile { name: "db/users.ts".into(), text: "import { mysqlTable, int } from \"drizzle-orm/mysql-core\";\nimport { stamps } from \"./columns\";\nexport const users = mysqlTable(\"users\", { id: int().autoincrement().primaryKey(), ...stamps });\n".into() },
        SourceFile { name: "db/posts.ts".into(), text: "import { mysqlTable, int } from \"drizzle-orm/mysql-core\";\nimport { users } from \"@/db/users\";\nexport const posts = mysqlTable(\"posts\", { id: int().primaryKey(), userId: int(\"user_id\").references(() => users.id) });\n".into() },
    ];
    let text = join(&files, "//");
    let p = ok(&text);
    assert_eq!(p.schema.dialect, Dialect::Mysql);
    let users = p.schema.tables.iter().find(|t| t.name == "users").unwrap();
    assert_eq!(users.columns[1].name, "created_at");
    // the spread column points at the spread in users.ts
    let spread = text.find("...stamps").unwrap();
    assert_eq!(users.columns[1].span.start, spread + 3);
    let posts = p.schema.tables.iter().find(|t| t.name == "posts").unwrap();
    assert_eq!(posts.foreign_keys[0].ref_table.name, "users");
}

#[test]
fn sqlite_and_mysql_specifics() {
    let p = ok(r#"import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";
export const t = sqliteTable("t", {
  id: integer("id", { mode: "number" }).primaryKey({ autoIncrement: true }),
  flag: integer("flag", { mode: "boolean" }).default(false),
  meta: text("meta", { mode: "json" }),
});"#);
    let t = &p.schema.tables[0];
    assert_eq!(t.columns[0].identity, Some(Identity::Autoincrement));
    assert_eq!(t.columns[1].data_type.spelling, "integer");
    let p = ok(r#"import { mysqlTable, int, mysqlEnum, timestamp } from "drizzle-orm/mysql-core";
export const t = mysqlTable("t", {
  id: int("id", { unsigned: true }).autoincrement().primaryKey(),
  state: mysqlEnum("state", ["a", "b"]).notNull().default("a"),
  changed: timestamp("changed").defaultNow().onUpdateNow(),
});"#);
    let t = &p.schema.tables[0];
    assert!(t.columns[0].data_type.kind.is_unsigned());
    assert_eq!(t.columns[1].data_type.kind, crate::model::TypeKind::Enum(vec!["a".into(), "b".into()]));
    assert!(t.columns[2].on_update.is_some());
}

#[test]
fn app_side_defaults_are_noted_not_imported() {
    let ts = "import { pgTable, text } from \"drizzle-orm/pg-core\";\nexport const t = pgTable(\"t\", { id: text().primaryKey().$defaultFn(() => crypto.randomUUID()) });\n";
    let p = read(ts, Dialect::Postgres);
    assert!(p.diagnostics.iter().any(|d| d.severity == crate::Severity::Info && d.line == 2 && d.message.contains("app-side")));
    assert_eq!(p.schema.tables[0].columns[0].default, None);
}

#[test]
fn what_drizzle_kit_pull_writes_for_a_type_it_cannot_map() {
    let p = ok("import { pgTable, integer } from \"drizzle-orm/pg-core\"\nexport const staff = pgTable(\"staff\", {\n\tid: integer().primaryKey(),\n\t// TODO: failed to parse database type 'bytea'\n\tpicture: unknown(\"picture\"),\n});\n");
    let c = &p.schema.tables[0].columns[1];
    assert_eq!((c.name.as_str(), &c.data_type.kind), ("picture", &crate::model::TypeKind::Binary(crate::model::BinaryKind::Bytea)));
}

#[test]
fn the_casing_of_a_drizzle_config_given_with_the_schema_names_columns() {
    use crate::parse::input::files::{join, SourceFile};
    let files = vec![
        SourceFile { name: "drizzle.config.ts".into(), text: "import { defineConfig } from \"drizzle-kit\";\nexport default defineConfig({ dialect: \"postgresql\", schema: \"./schema.ts\", casing: \"snake_case\" });\n".into() },
        SourceFile { name: "schema.ts".into(), text: "import { pgTable, integer, text, index } from \"drizzle-orm/pg-core\";\nexport const users = pgTable(\"users\", { id: integer().primaryKey(), fullName: text(), nickName: text(\"nick\") }, (t) => [index().on(t.fullName)]);\n".into() },
    ];
    let p = ok(&join(&files, "//"));
    let t = &p.schema.tables[0];
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "full_name", "nick"]);
    assert_eq!(t.indexes[0].name.as_deref(), Some("users_full_name_index"));
}

#[test]
fn sql_fragments_cannot_change_the_statement_around_them() {
    let ts = r#"import { pgTable, integer, text, check, index } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
export const t = pgTable("t", {
  id: integer().primaryKey(),
  a: integer().default(sql`0); CREATE TABLE evil (x int`),
  b: text().default(sql`'x' -- c`),
  c: integer(),
}, (t) => [check("c_check", sql`c IN (0, 1`), index("c_idx").on(t.c).where(sql`c > 0); DROP TABLE t; --`)]);
"#;
    let p = read(ts, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1, "{:?}", p.diagnostics);
    let t = &p.schema.tables[0];
    assert_eq!(t.columns.len(), 4);
    assert!(t.columns.iter().all(|c| c.default.is_none()));
    assert!(t.checks.is_empty() && t.indexes.is_empty());
    for needle in ["a: integer()", "b: text()", "check(\"c_check\"", "index(\"c_idx\")"] {
        let line = line_of(ts, needle);
        assert!(warnings(&p).iter().any(|(l, m)| *l == line && m.contains("not one balanced expression")), "{needle}: {:?}", warnings(&p));
    }
}
