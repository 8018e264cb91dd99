//! Unit tests of the DBML reader. What `@dbml/core`'s exporter writes, applied to real databases,
//! is checked by `tests/readers/oracle.py`; these tests pin the behaviour without node or servers.

use super::*;
use crate::diagnostic::Severity;
use crate::model::{RefAction, Schema, Table};
use crate::span::Span;

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    s.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no table {name} in {:?}", s.tables.iter().map(|t| &t.name).collect::<Vec<_>>()))
}

fn errors(p: &Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity != Severity::Info).map(|d| (d.line, d.message.clone())).collect()
}

fn at(src: &str, s: Span) -> &str {
    &src[s.start..s.end]
}

const SHOP: &str = "Project shop {\n  database_type: 'PostgreSQL'\n  Note: 'demo'\n}\n\nTable users as U [note: 'people'] {\n  id int [pk, increment]\n  email varchar(255) [not null, unique, note: 'login']\n  status user_status [default: 'active']\n  created_at timestamp [default: `now()`]\n}\n\nTable posts {\n  id int [pk]\n  user_id int [ref: > U.id]\n  title text [not null]\n\n  indexes {\n    (user_id, title) [unique, name: 'posts_ut']\n    title [type: hash]\n  }\n}\n\nTable tags {\n  id int [pk]\n}\n\nRef: posts.id <> tags.id\n\nEnum user_status {\n  active\n  banned [note: 'bad']\n}\n\nTableGroup content {\n  posts\n  tags\n}\n";

#[test]
fn postgres_like_the_exporter() {
    let p = read(SHOP, Dialect::Mysql);
    assert_eq!(errors(&p), vec![]);
    assert_eq!(p.schema.dialect, Dialect::Postgres, "Project.database_type picks the dialect");
    let users = table(&p.schema, "users");
    assert_eq!(users.columns[0].identity, Some(crate::model::Identity::ByDefault));
    assert_eq!(users.uniques[0].name.as_deref(), Some("users_email_key"));
    assert_eq!(users.comment.as_deref(), Some("people"));
    assert_eq!(users.column("email").unwrap().comment.as_deref(), Some("login"));
    assert_eq!(users.column("status").unwrap().default.as_deref(), Some("'active'"));
    assert_eq!(p.schema.enums[0].values, vec!["active", "banned"]);
    let posts = table(&p.schema, "posts");
    let fk = &posts.foreign_keys[0];
    assert_eq!((fk.name.as_deref(), fk.columns.clone(), fk.ref_table.name.as_str(), fk.deferrable), (Some("posts_user_id_fkey"), vec!["user_id".to_string()], "users", true));
    assert!(posts.indexes.iter().any(|i| i.name.as_deref() == Some("posts_ut") && i.unique));
    assert!(posts.indexes.iter().any(|i| i.name.as_deref() == Some("posts_title_idx") && i.method.as_deref() == Some("hash")));
    // `<>`: the junction table @dbml/core creates.
    let j = table(&p.schema, "posts_tags");
    assert_eq!(j.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["posts_id", "tags_id"]);
    assert_eq!(j.primary_key.as_ref().unwrap().columns, vec!["posts_id", "tags_id"]);
    assert_eq!(j.foreign_keys.iter().map(|f| f.ref_table.name.as_str()).collect::<Vec<_>>(), vec!["posts", "tags"]);
}

#[test]
fn mysql_like_the_exporter() {
    let src = SHOP.replace("'PostgreSQL'", "'MySQL'");
    let p = read(&src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    assert_eq!(p.schema.dialect, Dialect::Mysql);
    let users = table(&p.schema, "users");
    assert_eq!(users.columns[0].identity, Some(crate::model::Identity::AutoIncrement));
    assert_eq!(users.column("status").unwrap().data_type.kind, crate::model::TypeKind::Enum(vec!["active".into(), "banned".into()]));
    assert!(p.schema.enums.is_empty());
    let posts = table(&p.schema, "posts");
    assert!(posts.indexes.iter().any(|i| i.name.as_deref() == Some("posts_index_1")), "an unnamed index is <table>_index_<n>: {:?}", posts.indexes);
    assert_eq!(posts.foreign_keys[0].name.as_deref(), Some("posts_ibfk_1"));
    let p2 = read("Table t {\n  v varchar\n}\n", Dialect::Mysql);
    assert_eq!(p2.schema.tables[0].columns[0].data_type.spelling, "varchar(255)");
}

#[test]
fn sqlite_keeps_foreign_keys_in_the_table() {
    let src = "Project p {\n  database_type: 'SQLite'\n}\nTable a {\n  id integer [pk, increment]\n}\nTable b {\n  id integer [pk]\n  a_id integer [ref: > a.id]\n}\nRef: a.id <> b.id\n";
    let p = read(src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    assert_eq!(p.schema.dialect, Dialect::Sqlite);
    assert_eq!(table(&p.schema, "a").columns[0].identity, Some(crate::model::Identity::Autoincrement));
    assert_eq!(table(&p.schema, "b").foreign_keys.len(), 1);
    assert_eq!(table(&p.schema, "a_b").foreign_keys.len(), 2);
}

#[test]
fn reference_directions() {
    let src = "Table a {\n  id int [pk]\n  b_id int\n  c_id int [ref: - c.id]\n  d_id int [ref: < d.a_ref]\n}\nTable b {\n  id int [pk]\n  a_id int\n}\nTable c {\n  id int [pk]\n}\nTable d {\n  id int [pk]\n  a_ref int\n}\nRef: a.b_id > b.id [delete: cascade, update: set null]\nRef one: a.id - b.a_id\nRef: c.id < d.id\n";
    let p = read(src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    let fks = |t: &str| table(&p.schema, t).foreign_keys.iter().map(|f| (f.columns.join(","), f.ref_table.name.clone(), f.ref_columns.join(","))).collect::<Vec<_>>();
    assert!(fks("a").contains(&("b_id".into(), "b".into(), "id".into())), "> puts the key on the left: {:?}", fks("a"));
    assert!(fks("b").contains(&("a_id".into(), "a".into(), "id".into())), "standalone - puts the key on the right");
    assert!(fks("a").contains(&("c_id".into(), "c".into(), "id".into())), "inline - puts the key on the column");
    assert!(fks("d").contains(&("a_ref".into(), "a".into(), "d_id".into())), "inline < puts the key on the target");
    assert!(fks("d").contains(&("id".into(), "c".into(), "id".into())), "< puts the key on the right");
    let b_fk = table(&p.schema, "a").foreign_keys.iter().find(|f| f.columns == ["b_id"]).unwrap();
    assert_eq!((b_fk.on_delete, b_fk.on_update), (RefAction::Cascade, RefAction::SetNull));
    assert_eq!(table(&p.schema, "b").foreign_keys[0].name.as_deref(), Some("one"));
}

#[test]
fn table_partials_are_injected_where_they_are_named() {
    let src = "TablePartial stamps {\n  created_at timestamp [not null]\n  owner_id int [ref: > people.id]\n  id text\n  indexes {\n    created_at\n  }\n  checks {\n    `created_at > '2000-01-01'` [name: 'recent']\n  }\n}\nTable people {\n  id int [pk]\n}\nTable docs {\n  id int [pk]\n  ~stamps\n  title text\n}\n";
    let p = read(src, Dialect::Postgres);
    assert_eq!(errors(&p), vec![]);
    let docs = table(&p.schema, "docs");
    let cols: Vec<(&str, &str)> = docs.columns.iter().map(|c| (c.name.as_str(), c.data_type.spelling.as_str())).collect();
    assert_eq!(cols, vec![("id", "int"), ("created_at", "timestamp"), ("owner_id", "int"), ("title", "text")], "the table's own id wins over the partial's");
    assert!(docs.indexes.iter().any(|i| i.parts[0].column.as_deref() == Some("created_at")));
    assert_eq!(docs.checks[0].name.as_deref(), Some("docs.recent"));
    assert_eq!(docs.foreign_keys[0].ref_table.name, "people");
    let missing = read("Table t {\n  ~nope\n  id int\n}\n", Dialect::Postgres);
    assert_eq!(errors(&missing), vec![(2, "TablePartial nope is not defined".to_string())]);
}

#[test]
fn spans_point_at_the_dbml_source() {
    let p = read(SHOP, Dialect::Postgres);
    let posts = table(&p.schema, "posts");
    assert!(at(SHOP, posts.span).starts_with("Table posts {"));
    assert_eq!(at(SHOP, posts.column("title").unwrap().span), "title text [not null]");
    assert_eq!(at(SHOP, posts.foreign_keys[0].span), "ref: > U.id");
    let ix = posts.indexes.iter().find(|i| i.name.as_deref() == Some("posts_ut")).unwrap();
    assert_eq!(at(SHOP, ix.span), "(user_id, title) [unique, name: 'posts_ut']");
    assert!(at(SHOP, table(&p.schema, "posts_tags").span).starts_with("Ref: posts.id <> tags.id"));
    assert_eq!(at(SHOP, table(&p.schema, "users").primary_key.as_ref().unwrap().span), "id int [pk, increment]");
}

#[test]
fn bad_input_is_reported_at_its_line_and_the_rest_is_read() {
    let src = "Table a {\n  id int [pk, frobnicate]\n  x\n}\nRef: a.id > nowhere.id\nRef: a.nope > b.id\nWidget w {\n}\nTable b {\n  id int [pk\n}\nTable c {\n  id int [pk]\n";
    let p = read(src, Dialect::Postgres);
    let e = errors(&p);
    let line_of = |needle: &str| e.iter().find(|(_, m)| m.contains(needle)).map(|(l, _)| *l).unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {e:#?}"));
    assert_eq!(line_of("frobnicate"), 2);
    assert_eq!(line_of("column x has no type"), 3);
    assert_eq!(line_of("table nowhere is not defined"), 5);
    assert_eq!(line_of("has no column nope"), 6);
    assert_eq!(line_of("unknown element"), 7);
    assert_eq!(line_of("settings list is not closed"), 10);
    assert_eq!(line_of("block is not closed"), 12);
    let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b", "c"]);
}

#[test]
fn every_prefix_reads_without_panic() {
    let src = SHOP.to_string() + "TablePartial p {\n  x int [ref: - users.id]\n}\nTable z {\n  ~p\n  `broken\n";
    for cut in (0..=src.len()).filter(|i| src.is_char_boundary(*i)) {
        let p = read(&src[..cut], Dialect::Postgres);
        for d in &p.diagnostics {
            assert!(d.span.end <= cut, "diagnostic outside the text at cut {cut}: {d:?}");
        }
    }
}

#[test]
fn hostile_and_odd_text_never_panics() {
    for text in [
        "Table",
        "Table {",
        "Table a",
        "Table a { id int [ref: > ] }",
        "Ref: a.(b, c > d.(e",
        "Ref: . > .",
        "Ref { }",
        "Enum e {}",
        "Table \"\" {\n  \"\" \"\"\n}",
        "Table a {\n  id int [default: -, check: 5, note: `x`]\n}",
        "Table a {\n  ~\n}",
        "TablePartial a {\n  ~a\n}\nTable b {\n  ~a\n}",
        "Table a as {\n}",
        "[[[ ((( {{{",
        "Table a {\n  id int[][] [pk, pk, unique]\n  indexes {\n    () [pk]\n  }\n}",
        "Project p {\n  database_type: 'Oracle'\n}",
        "\u{0}\u{202e}Table\u{feff} a {}",
    ] {
        for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let _ = read(text, d);
        }
    }
}

#[test]
fn a_large_document_reads() {
    let mut src = String::new();
    for i in 0..1500 {
        src.push_str(&format!("Table t{i} {{\n  id int [pk, increment]\n  name varchar(80) [unique, not null]\n  prev_id int [ref: > t{}.id]\n  indexes {{\n    (name, prev_id)\n  }}\n}}\n\n", i.max(1) - 1));
    }
    let p = read(&src, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1500);
    assert_eq!(errors(&p), vec![]);
}

#[test]
fn header_colours_are_read_drawn_and_written_back() {
    let src = "Table users [headercolor: #3498DB, note: 'people'] {\n  id int [pk]\n}\n\nTable s.posts [headercolor: #abc] {\n  id int [pk]\n}\n\nTable tags [headercolor: #12345g] {\n  id int [pk]\n}\n";
    let p = read(src, Dialect::Postgres);
    assert_eq!(table(&p.schema, "users").color.as_deref(), Some("#3498db"));
    assert_eq!(table(&p.schema, "posts").color.as_deref(), Some("#aabbcc"));
    assert_eq!(table(&p.schema, "tags").color, None);
    // the one bad colour is a warning at its line; the rest is read
    assert_eq!(errors(&p).iter().map(|(l, m)| (*l, m.contains("headercolor"))).collect::<Vec<_>>(), [(9, true)]);
    // the diagram draws them
    let g = crate::erd::from_schema(&p.schema);
    let colors: Vec<(&str, Option<&str>)> = g.tables.iter().map(|t| (t.name.as_str(), t.color.as_deref())).collect();
    assert_eq!(colors, [("users", Some("#3498db")), ("posts", Some("#aabbcc")), ("tags", None)]);
    // the DBML writer writes them back, and reading that gives the same colours
    let out = crate::codegen::dbml::generate(&p.schema).code;
    assert!(out.contains("Table \"users\" [headercolor: #3498db] {"), "{out}");
    let again = read(&out, Dialect::Postgres);
    assert_eq!(table(&again.schema, "users").color.as_deref(), Some("#3498db"));
    assert_eq!(table(&again.schema, "posts").color.as_deref(), Some("#aabbcc"));
    assert_eq!(table(&again.schema, "tags").color, None);
}
