//! Catalog JSON read end to end (the real engines check it in tests/realdb/readers.py --catalog).

use super::read;
use crate::dialect::Dialect;
use crate::model::{Identity, RefAction};
use crate::Severity;

fn ok(json: &str) -> crate::parse::Parsed {
    let p = read(json, Dialect::Sqlite);
    let bad: Vec<_> = p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect();
    assert!(bad.is_empty(), "{bad:#?}");
    p
}

/// Shaped like `postgres.sql`'s output (psql -At), cut down.
const PG: &str = r#"{"format" : "schemaplay-catalog", "version" : 1, "engine" : "postgres", "server_version" : "15.18",
 "schemas" : ["public", "app"],
 "enums" : [{"schema" : "app", "name" : "role", "values" : ["owner", "member"]}],
 "domains" : [{"schema" : "public", "name" : "posint", "type" : "integer", "not_null" : false, "default" : null, "checks" : [{"name" : "posint_check", "definition" : "CHECK ((VALUE > 0))"}]}],
 "sequences" : [{"schema" : "public", "name" : "orgs_id_seq", "owned_by" : {"schema" : "public", "table" : "orgs", "column" : "id"}, "identity" : false},
                {"schema" : "app", "name" : "users_id_seq", "owned_by" : {"schema" : "app", "table" : "users", "column" : "id"}, "identity" : true}],
 "tables" : [
  {"schema" : "public", "name" : "orgs", "kind" : "r", "unlogged" : false, "comment" : "Tenants", "rls_enabled" : false, "rls_forced" : false, "partition_key" : null, "partition_of" : null, "view_definition" : null,
   "columns" : [{"name" : "id", "type" : "integer", "not_null" : true, "default" : "nextval('orgs_id_seq'::regclass)", "identity" : "", "generated" : null, "collation" : null, "comment" : null},
                {"name" : "slug", "type" : "character varying(64)", "not_null" : true, "default" : null, "identity" : "", "generated" : null, "collation" : null, "comment" : "URL name"}],
   "constraints" : [{"name" : "orgs_pk", "type" : "p", "definition" : "PRIMARY KEY (id)", "inherited" : false},
                    {"name" : "orgs_slug_uq", "type" : "u", "definition" : "UNIQUE (slug)", "inherited" : false},
                    {"name" : "orgs_slug_check", "type" : "c", "definition" : "CHECK ((length((slug)::text) > 1))", "inherited" : false}],
   "indexes" : [{"name" : "orgs_lower_slug", "definition" : "CREATE INDEX orgs_lower_slug ON public.orgs USING btree (lower((slug)::text))"}],
   "policies" : [], "triggers" : []},
  {"schema" : "app", "name" : "users", "kind" : "r", "unlogged" : false, "comment" : null, "rls_enabled" : true, "rls_forced" : true, "partition_key" : null, "partition_of" : null, "view_definition" : null,
   "columns" : [{"name" : "id", "type" : "bigint", "not_null" : true, "default" : null, "identity" : "a", "generated" : null, "collation" : null, "comment" : null},
                {"name" : "org_id", "type" : "integer", "not_null" : true, "default" : null, "identity" : "", "generated" : null, "collation" : null, "comment" : null},
                {"name" : "role", "type" : "app.role", "not_null" : true, "default" : "'member'::app.role", "identity" : "", "generated" : null, "collation" : null, "comment" : null},
                {"name" : "email_lower", "type" : "text", "not_null" : false, "default" : null, "identity" : "", "generated" : "lower('x'::text)", "collation" : null, "comment" : null}],
   "constraints" : [{"name" : "users_pkey", "type" : "p", "definition" : "PRIMARY KEY (id)", "inherited" : false},
                    {"name" : "users_org_fk", "type" : "f", "definition" : "FOREIGN KEY (org_id) REFERENCES orgs(id) ON DELETE CASCADE", "inherited" : false}],
   "indexes" : [],
   "policies" : [{"name" : "tenant", "permissive" : true, "command" : "all", "roles" : ["public"], "using" : "(org_id = 1)", "with_check" : null}],
   "triggers" : [{"name" : "users_touch", "definition" : "CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION touch()"}]}
 ]}"#;

#[test]
fn postgres_catalog_imports_exactly() {
    let p = ok(PG);
    let s = &p.schema;
    assert_eq!(s.dialect, Dialect::Postgres);
    assert_eq!(s.enums[0].values, vec!["owner", "member"]);
    assert_eq!(s.domains.len(), 1);
    let orgs = s.tables.iter().find(|t| t.name == "orgs").unwrap();
    assert_eq!(orgs.comment.as_deref(), Some("Tenants"));
    assert_eq!(orgs.primary_key.as_ref().unwrap().name.as_deref(), Some("orgs_pk"));
    assert_eq!(orgs.uniques[0].name.as_deref(), Some("orgs_slug_uq"));
    assert_eq!(orgs.checks[0].name.as_deref(), Some("orgs_slug_check"));
    assert_eq!(orgs.columns[0].identity, Some(Identity::Serial));
    assert_eq!(orgs.columns[1].comment.as_deref(), Some("URL name"));
    assert_eq!(orgs.indexes[0].name.as_deref(), Some("orgs_lower_slug"));
    let users = s.tables.iter().find(|t| t.name == "users").unwrap();
    assert_eq!(users.schema.as_deref(), Some("app"));
    assert_eq!(users.columns[0].identity, Some(Identity::Always));
    assert!(users.columns[3].generated.is_some());
    assert!(users.rls_enabled && users.rls_forced);
    assert_eq!(users.policies[0].name, "tenant");
    let fk = &users.foreign_keys[0];
    assert_eq!((fk.name.as_deref(), fk.on_delete, fk.ref_table.name.as_str()), (Some("users_org_fk"), RefAction::Cascade, "orgs"));
    assert_eq!(users.triggers, vec!["users_touch"]);
    // spans point at the JSON object each item came from
    let at = |needle: &str| PG.find(needle).unwrap();
    assert!(fk.span.start <= at("\"users_org_fk\"") && at("\"users_org_fk\"") < fk.span.end, "{:?}", fk.span);
    let slug = &orgs.columns[1];
    assert!(slug.span.start <= at("\"slug\", \"type\"") && at("\"slug\", \"type\"") < slug.span.end);
}

#[test]
fn mysql_catalog_with_each_servers_defaults() {
    let json = |server: &str, default_lit: &str| {
        format!(
            r#"{{"format": "schemaplay-catalog", "version": 1, "engine": "mysql", "server_version": "{server}", "database": "shop",
  "tables": [{{"schema": "shop", "name": "items", "engine": "InnoDB", "comment": "stock"}}, {{"schema": "shop", "name": "tags", "engine": "InnoDB", "comment": ""}}],
  "columns": [
    {{"schema": "shop", "table": "items", "name": "id", "position": 1, "type": "int(10) unsigned", "nullable": false, "default": null, "extra": "auto_increment", "generation": "", "comment": "", "collation": null}},
    {{"schema": "shop", "table": "items", "name": "status", "position": 3, "type": "enum('new','old')", "nullable": false, "default": {default_lit}, "extra": "", "generation": "", "comment": "", "collation": "utf8mb4_general_ci"}},
    {{"schema": "shop", "table": "items", "name": "name", "position": 2, "type": "varchar(80)", "nullable": true, "default": null, "extra": "", "generation": "", "comment": "display name", "collation": "utf8mb4_general_ci"}},
    {{"schema": "shop", "table": "tags", "name": "item_id", "position": 1, "type": "int(10) unsigned", "nullable": false, "default": null, "extra": "", "generation": "", "comment": "", "collation": null}}],
  "indexes": [
    {{"schema": "shop", "table": "items", "name": "PRIMARY", "non_unique": 0, "seq": 1, "column": "id", "sub_part": null, "collation": "A", "type": "BTREE", "comment": ""}},
    {{"schema": "shop", "table": "items", "name": "items_name", "non_unique": 1, "seq": 1, "column": "name", "sub_part": 10, "collation": "D", "type": "BTREE", "comment": ""}},
    {{"schema": "shop", "table": "tags", "name": "tags_item_fk", "non_unique": 1, "seq": 1, "column": "item_id", "sub_part": null, "collation": "A", "type": "BTREE", "comment": ""}}],
  "foreign_keys": [{{"schema": "shop", "table": "tags", "name": "tags_item_fk", "column": "item_id", "position": 1, "ref_schema": "shop", "ref_table": "items", "ref_column": "id", "on_update": "RESTRICT", "on_delete": "CASCADE"}}],
  "checks": [{{"schema": "shop", "table": "items", "name": "items_chk", "clause": "`status` <> 'x'"}}]}}"#
        )
    };
    for (server, lit) in [("10.11.19-MariaDB-0+deb12u1", "\"'new'\""), ("8.0.36", "\"new\"")] {
        let p = ok(&json(server, lit));
        let s = &p.schema;
        assert_eq!(s.dialect, Dialect::Mysql);
        let items = &s.tables[0];
        let names: Vec<&str> = items.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "name", "status"], "{server}");
        assert_eq!(items.columns[2].default.as_deref(), Some("'new'"), "{server}");
        assert_eq!(items.columns[0].identity, Some(Identity::AutoIncrement));
        assert_eq!(items.comment.as_deref(), Some("stock"));
        let ix = &items.indexes[0];
        assert_eq!((ix.name.as_deref(), ix.parts[0].length, ix.parts[0].descending), (Some("items_name"), Some(10), true));
        assert_eq!(items.checks[0].name.as_deref(), Some("items_chk"));
        let tags = &s.tables[1];
        assert_eq!(tags.foreign_keys[0].name.as_deref(), Some("tags_item_fk"));
        assert_eq!(tags.foreign_keys[0].on_delete, RefAction::Cascade);
        assert!(tags.indexes.iter().any(|i| i.name.as_deref() == Some("tags_item_fk")));
    }
}

#[test]
fn sqlite_catalog_uses_the_stored_create_texts() {
    let json = r#"{"format":"schemaplay-catalog","version":1,"engine":"sqlite","server_version":"3.40.1",
 "objects":[{"type":"table","name":"notes","table":"notes","sql":"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT '', UNIQUE(body))"},
            {"type":"index","name":"notes_body","table":"notes","sql":"CREATE INDEX notes_body ON notes (body DESC)"}],
 "tables":[{"schema":"main","name":"notes","type":"table","without_rowid":0,"strict":0,"columns":[],"foreign_keys":[],"indexes":[]},
           {"schema":"aux","name":"cache","type":"table","without_rowid":0,"strict":0,
            "columns":[{"name":"k","type":"TEXT","not_null":1,"default":null,"pk":1,"hidden":0},{"name":"v","type":"BLOB","not_null":0,"default":null,"pk":0,"hidden":0}],
            "foreign_keys":[],"indexes":[{"name":"sqlite_autoindex_cache_1","unique":1,"origin":"pk","partial":0,"columns":["k"]}]}]}"#;
    let p = ok(json);
    let s = &p.schema;
    assert_eq!(s.dialect, Dialect::Sqlite);
    let notes = &s.tables[0];
    assert_eq!(notes.indexes[0].name.as_deref(), Some("notes_body"));
    assert_eq!(notes.uniques.len(), 1);
    let cache = s.tables.iter().find(|t| t.name == "cache").unwrap();
    assert_eq!(cache.schema.as_deref(), Some("aux"));
    assert_eq!(cache.primary_key.as_ref().unwrap().columns, vec!["k"]);
}

#[test]
fn bad_json_gives_diagnostics_at_its_place_and_keeps_what_it_read() {
    // truncated in the middle of the second table: the first still imports
    let cut = &PG[..PG.find("\"app\", \"name\" : \"users\"").unwrap() + 30];
    let p = read(cut, Dialect::Postgres);
    assert!(p.schema.tables.iter().any(|t| t.name == "orgs"));
    let e = p.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error for the cut");
    assert!(e.message.contains("ends early"), "{}", e.message);
    assert_eq!(e.line, cut.lines().count());
    // not our format, no engine, an unknown engine, not JSON at all, wrong nesting
    for (text, want) in [
        (r#"{"tables": []}"#, "not the output"),
        (r#"{"format": "schemaplay-catalog", "engine": "oracle"}"#, "does not read"),
        ("CREATE TABLE t (id int);", "expected a JSON value"),
        (r#"{"format": "schemaplay-catalog", "engine": "postgres", "tables": [{"name": "t", "columns": [}]}"#, "expected a JSON value"),
        (r#"{"format": "schemaplay-catalog", "engine": "postgres", "tables": {"name": "t"}}"#, ""),
    ] {
        let p = read(text, Dialect::Postgres);
        assert!(want.is_empty() || p.diagnostics.iter().any(|d| d.message.contains(want)), "{text}: {:?}", p.diagnostics);
    }
    // hostile values: names with quotes and statement breaks stay names
    let hostile = r#"{"format":"schemaplay-catalog","engine":"postgres","tables":[{"schema":"public","name":"t\"; DROP TABLE x; --","kind":"r",
        "columns":[{"name":"a\"b","type":"integer","not_null":false}],"constraints":[],"indexes":[],"policies":[],"triggers":[]}]}"#;
    let p = read(hostile, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(p.schema.tables[0].name, "t\"; DROP TABLE x; --");
    assert_eq!(p.schema.tables[0].columns[0].name, "a\"b");
    // expressions that would break out of their statement are left out, with a warning
    let hostile = r#"{"format":"schemaplay-catalog","engine":"postgres","tables":[{"schema":"public","name":"t","kind":"r",
        "columns":[{"name":"a","type":"integer","not_null":false,"default":"0); CREATE TABLE evil (x int"}],
        "constraints":[{"name":"c","type":"c","definition":"CHECK (a > 0)); DROP TABLE t; --"}],"indexes":[],"policies":[],"triggers":[]}]}"#;
    let p = read(hostile, Dialect::Postgres);
    assert_eq!(p.schema.tables.len(), 1, "{:?}", p.diagnostics);
    assert!(p.schema.tables[0].columns[0].default.is_none() && p.schema.tables[0].checks.is_empty());
    assert_eq!(p.diagnostics.iter().filter(|d| d.message.contains("balanced")).count(), 2);
    // deep nesting and a large catalog: bounded, no panic
    let deep = format!("{{\"tables\": {}", "[".repeat(200_000));
    assert!(read(&deep, Dialect::Postgres).diagnostics.iter().any(|d| d.message.contains("deeply")));
    let many: Vec<String> = (0..2000).map(|i| format!(r#"{{"schema":"public","name":"t{i}","kind":"r","columns":[{{"name":"id","type":"integer","not_null":true}}],"constraints":[],"indexes":[],"policies":[],"triggers":[]}}"#)).collect();
    let big = format!(r#"{{"format":"schemaplay-catalog","engine":"postgres","tables":[{}]}}"#, many.join(","));
    assert_eq!(read(&big, Dialect::Postgres).schema.tables.len(), 2000);
}

#[test]
fn nested_aggregates_returned_as_text_are_read() {
    // some clients hand nested JSON back as strings
    let json = r#"{"format":"schemaplay-catalog","engine":"sqlite","objects":"[{\"type\":\"table\",\"name\":\"a\",\"table\":\"a\",\"sql\":\"CREATE TABLE a (x int)\"}]","tables":"[]"}"#;
    let p = ok(json);
    assert_eq!(p.schema.tables[0].name, "a");
    // a one-row export wrapping the value
    let wrapped = r#"[{"schemaplay_catalog": {"format":"schemaplay-catalog","engine":"sqlite","objects":[{"type":"table","name":"b","table":"b","sql":"CREATE TABLE b (x int)"}],"tables":[]}}]"#;
    assert_eq!(ok(wrapped).schema.tables[0].name, "b");
}

#[test]
fn every_engine_has_a_read_only_query() {
    for d in Dialect::ALL {
        let q = super::query(d);
        let body: String = q.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n").to_ascii_uppercase();
        assert!(body.trim_start().starts_with("SELECT") || body.trim_start().starts_with("WITH"), "{d:?}");
        for w in ["INSERT ", "UPDATE ", "DELETE ", "DROP ", "ALTER ", "CREATE ", "GRANT ", "TRUNCATE "] {
            assert!(!body.contains(w), "{d:?} query contains {w}");
        }
        assert!(q.contains(super::FORMAT));
    }
}
