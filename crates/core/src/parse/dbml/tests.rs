use super::*;

#[test]
fn reads_a_small_document() {
    let p = read("Table users {\n  id int [pk]\n}\nTable posts {\n  id int [pk]\n  user_id int [ref: > users.id]\n}\n", Dialect::Postgres);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.schema.tables.len(), 2);
    assert_eq!(p.schema.tables[1].foreign_keys.len(), 1);
}
