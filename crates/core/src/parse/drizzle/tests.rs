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
