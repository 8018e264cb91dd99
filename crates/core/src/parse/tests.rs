//! Unit tests per construct per dialect.

use super::*;
use crate::model::*;

fn pg(s: &str) -> Parsed {
    parse(s, Dialect::Postgres)
}
fn my(s: &str) -> Parsed {
    parse(s, Dialect::Mysql)
}
fn lite(s: &str) -> Parsed {
    parse(s, Dialect::Sqlite)
}
fn t<'a>(p: &'a Parsed, name: &str) -> &'a Table {
    p.schema.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no table {name}: {:#?}", p.diagnostics))
}
fn warnings(p: &Parsed) -> Vec<&Diagnostic> {
    p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect()
}

#[test]
fn counts_statements_and_reports_broken_ones_at_their_line() {
    let text = "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int, CHECK);\nCREATE TABLE c (x text)";
    let p = pg(text);
    assert_eq!(p.statement_count, 3);
    let w = warnings(&p);
    assert_eq!(w.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(w[0].line, 3);
    assert_eq!(w[0].column, 25, "points at the bad element");
    assert_eq!(p.schema.tables.len(), 3, "b salvaged element-wise");
}

/// `CREATE TABLE broken (id int,,` (issue 22): the marker is at the broken statement's own line, at
/// the comma, in every dialect, whether the statement is closed, runs over several lines, ends
/// with a comma, or is left open before the next statement.
#[test]
fn a_doubled_comma_is_reported_at_its_own_line_and_column() {
    // The tables kept (the open statement runs on to the next `;`, swallowing what follows: not
    // checked here).
    let cases: &[(&str, usize, usize, Option<&[&str]>)] = &[
        ("CREATE TABLE a (id int);\nCREATE TABLE broken (id int,,);\nCREATE TABLE c (id int);", 2, 29, Some(&["a", "broken", "c"])),
        ("CREATE TABLE a (id int);\nCREATE TABLE broken (\n  id int,,\n  x int\n);\nCREATE TABLE c (id int);", 3, 10, Some(&["a", "broken", "c"])),
        ("CREATE TABLE broken (\n  id int,\n  x int,\n);", 3, 8, Some(&["broken"])),
        ("CREATE TABLE a (id int);\nCREATE TABLE broken (id int,,\n", 2, 29, None),
        ("CREATE TABLE a (id int);\n\n-- next\nCREATE TABLE broken (id int,,\nCREATE TABLE c (id int);", 4, 29, None),
    ];
    for d in Dialect::ALL {
        for (text, line, column, tables) in cases {
            let p = parse(text, d);
            let w = warnings(&p);
            assert_eq!(w.len(), 1, "{d:?} {text:?}: {:?}", p.diagnostics);
            assert_eq!((w[0].line, w[0].column), (*line, *column), "{d:?} {text:?}: {}", w[0].message);
            assert_eq!(&text[w[0].span.start..w[0].span.start + 1], ",", "{d:?} {text:?}: the span starts at the comma");
            if let Some(tables) = tables {
                let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
                assert_eq!(&names, tables, "{d:?} {text:?}");
            }
        }
    }
    // An empty column list is not a doubled comma (PostgreSQL's `CREATE TABLE t ()`).
    assert!(warnings(&pg("CREATE TABLE t ();")).is_empty());
}

#[test]
fn semicolons_in_strings_and_comments_do_not_split() {
    let text = "-- a; b\nCREATE TABLE t (x text DEFAULT 'a;b'); /* ; */ SELECT $$;$$;";
    let p = pg(text);
    assert_eq!(p.statement_count, 2, "{:?}", p.diagnostics);
    assert!(warnings(&p).is_empty(), "{:?}", p.diagnostics);
    assert_eq!(t(&p, "t").columns[0].default.as_deref(), Some("'a;b'"));
}

#[test]
fn unterminated_string_is_a_diagnostic_not_a_panic() {
    let p = my("CREATE TABLE t (x text DEFAULT 'oops);");
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].severity, Severity::Error);
}

// ------------------------------------------------------------------ PostgreSQL

#[test]
fn pg_folding_and_default_constraint_names() {
    let p = pg(r#"
CREATE TABLE Orgs (Id uuid PRIMARY KEY, "Name" text NOT NULL UNIQUE);
CREATE TABLE public.users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  email text NOT NULL,
  age int CHECK (age >= 0),
  a int, b int,
  CHECK (a < b),
  UNIQUE (org_id, email)
);"#);
    assert!(warnings(&p).is_empty(), "{:?}", p.diagnostics);
    let o = t(&p, "orgs");
    assert_eq!(o.columns[0].name, "id");
    assert_eq!(o.columns[1].name, "Name");
    assert_eq!(o.primary_key.as_ref().unwrap().name.as_deref(), Some("orgs_pkey"));
    assert_eq!(o.uniques[0].name.as_deref(), Some("orgs_Name_key"));
    let u = t(&p, "users");
    assert_eq!(u.schema.as_deref(), Some("public"));
    assert_eq!(u.columns[0].identity, Some(Identity::Always));
    assert!(!u.columns[0].nullable);
    let fk = &u.foreign_keys[0];
    assert_eq!(fk.name.as_deref(), Some("users_org_id_fkey"));
    assert_eq!(fk.on_delete, RefAction::Cascade);
    assert_eq!(fk.on_update, RefAction::NoAction);
    assert_eq!(fk.ref_columns, vec!["id"], "implicit reference to the primary key");
    assert_eq!(fk.ref_table.name, "orgs");
    let checks: Vec<_> = u.checks.iter().map(|c| c.name.as_deref().unwrap()).collect();
    assert_eq!(checks, vec!["users_age_check", "users_check"]);
    assert_eq!(u.uniques[0].name.as_deref(), Some("users_org_id_email_key"));
}

#[test]
fn pg_dump_style_alter_table_constraints_sequences_and_comments() {
    let p = pg(r#"
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'R');
CREATE DOMAIN public.year AS integer CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.x := 1; RETURN NEW; END; $$;
ALTER FUNCTION public.f() OWNER TO postgres;
CREATE TABLE public.film (
    film_id integer NOT NULL,
    title text NOT NULL,
    rating public.mpaa_rating DEFAULT 'G'::public.mpaa_rating,
    last_update timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE public.film OWNER TO postgres;
CREATE SEQUENCE public.film_film_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.film_film_id_seq OWNED BY public.film.film_id;
ALTER TABLE ONLY public.film ALTER COLUMN film_id SET DEFAULT nextval('public.film_film_id_seq'::regclass);
CREATE TABLE public.film_actor (actor_id integer NOT NULL, film_id integer NOT NULL);
COPY public.film_actor (actor_id, film_id) FROM stdin;
1	1
\.
ALTER TABLE ONLY public.film ADD CONSTRAINT film_pkey PRIMARY KEY (film_id);
ALTER TABLE ONLY public.film_actor ADD CONSTRAINT film_actor_pkey PRIMARY KEY (actor_id, film_id);
ALTER TABLE ONLY public.film_actor
    ADD CONSTRAINT film_actor_film_id_fkey FOREIGN KEY (film_id) REFERENCES public.film(film_id) ON UPDATE CASCADE ON DELETE RESTRICT;
CREATE INDEX idx_title ON public.film USING gin (title public.gin_trgm_ops);
CREATE UNIQUE INDEX film_lower_title ON public.film USING btree (lower(title)) INCLUDE (rating) WHERE (rating IS NOT NULL);
COMMENT ON TABLE public.film IS 'Films; all of them';
COMMENT ON COLUMN public.film.title IS $$The 'title'$$;
CREATE TRIGGER last_updated BEFORE UPDATE ON public.film FOR EACH ROW EXECUTE FUNCTION public.f();
GRANT ALL ON TABLE public.film TO app;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(p.schema.enums[0].values, vec!["G", "PG", "R"]);
    assert_eq!(p.schema.enums[0].schema.as_deref(), Some("public"));
    assert_eq!(p.schema.domains[0].name, "year");
    let f = t(&p, "film");
    assert_eq!(f.primary_key.as_ref().unwrap().name.as_deref(), Some("film_pkey"));
    let id = &f.columns[0];
    assert_eq!(id.identity, Some(Identity::Serial));
    assert_eq!(id.sequence.as_ref().unwrap().name, "film_film_id_seq");
    assert_eq!(p.schema.sequences[0].owned_by.as_ref().unwrap().1, "film_id");
    assert_eq!(f.comment.as_deref(), Some("Films; all of them"));
    assert_eq!(f.column("title").unwrap().comment.as_deref(), Some("The 'title'"));
    assert_eq!(f.columns[3].data_type.spelling, "timestamp with time zone");
    assert!(!f.columns[3].nullable);
    assert_eq!(f.indexes.len(), 2);
    assert_eq!(f.indexes[0].method.as_deref(), Some("gin"));
    assert_eq!(f.indexes[0].parts[0].opclass.as_deref(), Some("public.gin_trgm_ops"));
    let u = &f.indexes[1];
    assert!(u.unique);
    assert_eq!(u.parts[0].column, None);
    assert_eq!(u.parts[0].expression, "lower(title)");
    assert_eq!(u.include, vec!["rating"]);
    assert!(u.predicate.as_deref().unwrap().contains("rating IS NOT NULL"));
    let fa = t(&p, "film_actor");
    let fk = &fa.foreign_keys[0];
    assert_eq!((fk.on_delete, fk.on_update), (RefAction::Restrict, RefAction::Cascade));
    assert_eq!(fk.ref_table.schema.as_deref(), Some("public"));
    assert_eq!(f.triggers, vec!["last_updated"]);
    assert_eq!(p.schema.triggers[0].timing, TriggerTiming::Before);
    assert_eq!(p.schema.triggers[0].events, vec!["update"]);
    // ignored statements are visible as info at their lines
    let infos: Vec<_> = p.diagnostics.iter().filter(|d| d.severity == Severity::Info).collect();
    assert!(infos.iter().any(|d| d.line == 2 && d.message.starts_with("ignored: SET")), "{infos:?}");
    assert!(infos.iter().any(|d| d.message.contains("CREATE FUNCTION")));
    assert!(infos.iter().any(|d| d.message.contains("OWNER TO")));
    assert!(infos.iter().any(|d| d.message.contains("GRANT")));
}

#[test]
fn pg_serial_rls_policies_and_alter_column() {
    let p = pg(r#"
CREATE TABLE projects (id serial PRIMARY KEY, org_id uuid, name varchar(100), deleted_at timestamptz);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON projects USING (org_id = current_setting('app.org')::uuid);
CREATE POLICY p_ins ON projects AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK (true);
ALTER TABLE projects ALTER COLUMN org_id SET NOT NULL, ALTER COLUMN name TYPE text, ALTER COLUMN name SET DEFAULT 'x';
ALTER TABLE projects ADD COLUMN slug text NOT NULL DEFAULT '';
ALTER TABLE projects DROP COLUMN deleted_at;
ALTER TABLE projects RENAME COLUMN slug TO handle;
ALTER TABLE projects RENAME TO project;
CREATE INDEX ON project (org_id, handle DESC NULLS LAST);
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let t = t(&p, "project");
    let id = &t.columns[0];
    assert_eq!(id.identity, Some(Identity::Serial));
    assert_eq!(id.default.as_deref(), Some("nextval('projects_id_seq'::regclass)"));
    assert!(!id.nullable);
    assert!(t.rls_enabled && t.rls_forced);
    assert_eq!(t.policies.len(), 2);
    assert_eq!(t.policies[0].command, "all");
    assert!(t.policies[0].using.is_some());
    assert_eq!(t.policies[1].command, "insert");
    assert!(!t.policies[1].permissive);
    assert_eq!(t.policies[1].roles, vec!["app_user"]);
    assert!(!t.column("org_id").unwrap().nullable);
    assert_eq!(t.column("name").unwrap().data_type.spelling, "text");
    assert_eq!(t.column("name").unwrap().default.as_deref(), Some("'x'"));
    assert!(t.column("deleted_at").is_none());
    assert!(t.column("handle").is_some());
    assert_eq!(t.indexes[0].name.as_deref(), Some("project_org_id_handle_idx"), "named after the table as it is called when the index is created");
    assert!(t.indexes[0].parts[1].descending);
    assert_eq!(t.indexes[0].parts[1].nulls_first, Some(false));
}

#[test]
fn pg_partitions_and_drop() {
    let p = pg(r#"
CREATE TABLE m (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m_2025 (id int NOT NULL, at date NOT NULL);
ALTER TABLE ONLY m ATTACH PARTITION m_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE gone (x int);
CREATE INDEX gone_x ON gone (x);
DROP TABLE gone;
DROP INDEX IF EXISTS nothing;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(p.schema.tables.len(), 3);
    assert!(t(&p, "m").partition_by.is_some());
    assert_eq!(t(&p, "m_2024").partition_of.as_ref().unwrap().name, "m");
    assert_eq!(t(&p, "m_2024").columns.len(), 2);
    assert_eq!(t(&p, "m_2025").partition_of.as_ref().unwrap().name, "m");
}

#[test]
fn pg_quoted_names_and_schemas_resolve_via_search_path() {
    let p = pg(r#"
CREATE SCHEMA auth;
CREATE TABLE auth.users (id uuid PRIMARY KEY);
CREATE TABLE "Profile" ("userId" uuid REFERENCES auth.users (id) ON DELETE SET NULL, "Bio" TEXT);
CREATE TABLE public.a (id int PRIMARY KEY);
CREATE TABLE b (a_id int REFERENCES a (id) ON UPDATE SET DEFAULT);
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let prof = t(&p, "Profile");
    assert_eq!(prof.columns[0].name, "userId");
    assert_eq!(prof.columns[1].data_type.spelling, "text");
    let fk = &prof.foreign_keys[0];
    assert_eq!(fk.ref_table, QualifiedName::new(Some("auth".into()), "users"));
    assert_eq!(fk.on_delete, RefAction::SetNull);
    assert_eq!(fk.name.as_deref(), Some("Profile_userId_fkey"));
    let b = t(&p, "b");
    assert_eq!(b.foreign_keys[0].ref_table.schema.as_deref(), Some("public"), "unqualified reference resolves to public.a");
    assert_eq!(b.foreign_keys[0].on_update, RefAction::SetDefault);
}

#[test]
fn pg_generated_columns() {
    let p = pg("CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int GENERATED BY DEFAULT AS IDENTITY, d int GENERATED ALWAYS AS (a + 1) VIRTUAL);");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let g = t(&p, "g");
    assert_eq!(g.columns[1].generated.as_ref().unwrap().expression, "a * 2");
    assert!(g.columns[1].generated.as_ref().unwrap().stored);
    assert_eq!(g.columns[2].identity, Some(Identity::ByDefault));
    assert!(!g.columns[3].generated.as_ref().unwrap().stored);
}

// ------------------------------------------------------------------ MySQL

#[test]
fn mysql_dump_tables_keys_and_options() {
    let p = my(r#"-- MySQL dump 10.13
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE `orgs` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE `users` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `org_id` int unsigned NOT NULL,
  `email` varchar(255) COLLATE utf8mb4_bin NOT NULL,
  `role` enum('owner','admin','member') NOT NULL DEFAULT 'member',
  `bio` text,
  `updated_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_email` (`email`),
  UNIQUE KEY (`org_id`, `email`),
  KEY `idx_org` (`org_id`),
  KEY (`updated_at`),
  FULLTEXT KEY `ft_bio` (`bio`),
  CONSTRAINT `users_org_fk` FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`) ON DELETE CASCADE,
  FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COMMENT='People';
/*!40101 SET character_set_client = @saved_cs_client */;
LOCK TABLES `users` WRITE;
/*!40000 ALTER TABLE `users` DISABLE KEYS */;
INSERT INTO `users` VALUES (1,1,'a@b','owner','x;y','2020-01-01 00:00:00');
/*!40000 ALTER TABLE `users` ENABLE KEYS */;
UNLOCK TABLES;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let u = t(&p, "users");
    assert_eq!(u.comment.as_deref(), Some("People"));
    assert_eq!(u.primary_key.as_ref().unwrap().name.as_deref(), Some("PRIMARY"));
    assert_eq!(u.columns[0].identity, Some(Identity::AutoIncrement));
    assert_eq!(u.column("role").unwrap().data_type.kind, crate::model::TypeKind::Enum(vec!["owner".into(), "admin".into(), "member".into()]));
    assert_eq!(u.column("updated_at").unwrap().on_update.as_deref().map(str::to_ascii_uppercase), Some("CURRENT_TIMESTAMP".into()));
    let uniq: Vec<_> = u.uniques.iter().map(|x| x.name.as_deref().unwrap()).collect();
    assert_eq!(uniq, vec!["users_email", "org_id"]);
    let idx: Vec<_> = u.indexes.iter().map(|x| x.name.as_deref().unwrap()).collect();
    assert_eq!(idx, vec!["idx_org", "updated_at", "ft_bio"]);
    assert_eq!(u.indexes[2].method.as_deref(), Some("fulltext"));
    let fks: Vec<_> = u.foreign_keys.iter().map(|x| x.name.as_deref().unwrap()).collect();
    assert_eq!(fks, vec!["users_org_fk", "users_ibfk_1"]);
    assert!(t(&p, "orgs").columns[0].data_type.kind.is_unsigned());
    let infos = p.diagnostics.iter().filter(|d| d.severity == Severity::Info).count();
    assert!(infos >= 8, "{:#?}", p.diagnostics);
}

#[test]
fn mysql_delimiter_triggers_and_alter() {
    let p = my(r#"
CREATE TABLE t (id int PRIMARY KEY, v int, c int);
DELIMITER ;;
CREATE DEFINER=`root`@`localhost` TRIGGER `t_bu` BEFORE UPDATE ON `t` FOR EACH ROW BEGIN
  SET NEW.v = NEW.v + 1;
END ;;
DELIMITER ;
ALTER TABLE t ADD COLUMN w int NOT NULL AFTER v, ADD INDEX idx_w (w), MODIFY COLUMN c bigint NOT NULL;
ALTER TABLE t CHANGE COLUMN v v2 int DEFAULT 0;
CREATE INDEX idx_c ON t (c(10));
RENAME TABLE t TO t2;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let t = t(&p, "t2");
    assert_eq!(t.triggers, vec!["t_bu"]);
    assert!(!t.column("w").unwrap().nullable);
    assert_eq!(t.column("c").unwrap().data_type.spelling, "bigint");
    assert!(t.column("v2").is_some() && t.column("v").is_none());
    assert!(t.indexes.iter().any(|i| i.name.as_deref() == Some("idx_w")));
    let c = t.indexes.iter().find(|i| i.name.as_deref() == Some("idx_c")).unwrap();
    assert_eq!(c.parts[0].column.as_deref(), Some("c"));
}

// ------------------------------------------------------------------ SQLite

#[test]
fn sqlite_rowid_autoincrement_without_rowid_strict_brackets() {
    let p = lite(r#"
CREATE TABLE [users] ([id] INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, name TEXT);
CREATE TABLE tags (name TEXT PRIMARY KEY, n INT) WITHOUT ROWID;
CREATE TABLE s (id INTEGER PRIMARY KEY, b TEXT NOT NULL, UNIQUE (b)) STRICT;
CREATE TABLE "m2m" (user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, tag TEXT REFERENCES tags, PRIMARY KEY (user_id, tag));
CREATE UNIQUE INDEX IF NOT EXISTS users_name ON users(name COLLATE NOCASE) WHERE name IS NOT NULL;
CREATE TRIGGER users_au AFTER UPDATE ON users BEGIN UPDATE users SET name = lower(name) WHERE id = NEW.id; END;
PRAGMA foreign_keys = ON;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let u = t(&p, "users");
    assert!(!u.columns[0].nullable, "INTEGER PRIMARY KEY is the rowid");
    assert_eq!(u.columns[0].identity, Some(Identity::Autoincrement));
    assert_eq!(u.primary_key.as_ref().unwrap().name, None);
    assert_eq!(u.uniques[0].name.as_deref(), Some("sqlite_autoindex_users_1"));
    let tags = t(&p, "tags");
    assert!(tags.without_rowid);
    assert!(!tags.columns[0].nullable);
    assert_eq!(tags.primary_key.as_ref().unwrap().name.as_deref(), Some("sqlite_autoindex_tags_1"));
    assert!(t(&p, "s").strict);
    let m = t(&p, "m2m");
    assert_eq!(m.primary_key.as_ref().unwrap().name.as_deref(), Some("sqlite_autoindex_m2m_1"));
    assert!(m.columns[1].nullable, "a SQLite composite primary key column may be NULL");
    assert_eq!(m.foreign_keys[0].name, None);
    assert_eq!(m.foreign_keys[1].ref_columns, vec!["name"], "implicit reference to the primary key");
    assert_eq!(u.indexes[0].name.as_deref(), Some("users_name"));
    assert!(u.indexes[0].unique);
    assert_eq!(u.triggers, vec!["users_au"]);
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let p = pg("CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid REFERENCES orgs(id));\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;");
    let r = crate::model::json::Report::new(&p.schema, &p.diagnostics);
    let v = serde_json::to_value(&r).unwrap();
    let t = &v["tables"][0];
    for k in ["schema", "name", "partition_of", "comment", "columns", "primary_key", "foreign_keys", "unique", "indexes", "checks", "rls_enabled", "rls_forced", "policies"] {
        assert!(t.get(k).is_some(), "missing {k}");
    }
    let c = &t["columns"][0];
    for k in ["name", "type", "nullable", "default", "identity", "generated", "comment"] {
        assert!(c.get(k).is_some(), "missing column.{k}");
    }
    assert_eq!(c["default"], "gen_random_uuid()");
    assert_eq!(t["primary_key"]["name"], "users_pkey");
    let fk = &t["foreign_keys"][0];
    for k in ["name", "columns", "ref_schema", "ref_table", "ref_columns", "on_delete", "on_update"] {
        assert!(fk.get(k).is_some(), "missing fk.{k}");
    }
    assert_eq!(fk["on_delete"], "no action");
    assert!(v["enums"].is_array());
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "info");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 1);
}

#[test]
fn detect_dialect_from_text() {
    assert_eq!(detect_dialect("CREATE TABLE `a` (`id` int) ENGINE=InnoDB;"), Some(Dialect::Mysql));
}

/// Names below were read from real catalogs (PostgreSQL 15, MariaDB 10.11, SQLite 3.40) after
/// running the same statements.
#[test]
fn default_names_match_real_engines() {
    let p = pg("CREATE TABLE t1 (id int PRIMARY KEY, a int, b int, c text, CHECK (a < b), CHECK (a > 0), CHECK (c <> 'a'), CHECK (length(c) > 1 AND a > 1));
CREATE TABLE t2 (id int, a int REFERENCES t1(id), b int, c int, FOREIGN KEY (a) REFERENCES t1(id), c2 int CHECK (c2 > b));
CREATE INDEX ON t1 (lower(c)); CREATE INDEX ON t1 (a, b); CREATE INDEX ON t1 (a, b);");
    let names = |t: &Table| -> Vec<String> {
        let mut v: Vec<String> = t.constraint_names().into_iter().map(String::from).collect();
        v.sort();
        v
    };
    assert_eq!(names(t(&p, "t1")), vec!["t1_a_b_idx", "t1_a_b_idx1", "t1_a_check", "t1_c_check", "t1_check", "t1_check1", "t1_lower_idx", "t1_pkey"]);
    assert_eq!(names(t(&p, "t2")), vec!["t2_a_fkey", "t2_a_fkey1", "t2_check"]);

    let p = my("CREATE TABLE p (id int PRIMARY KEY, a int, b int, UNIQUE KEY (a, b), UNIQUE (b), KEY (a), INDEX (a), CHECK (a > 0), CONSTRAINT named_chk CHECK (b > 0));
CREATE TABLE c (id int PRIMARY KEY, pid int, pb int, y int, FOREIGN KEY (pid) REFERENCES p(id), CONSTRAINT fk_named FOREIGN KEY (pb) REFERENCES p(b), KEY idx_y (y), FOREIGN KEY (y) REFERENCES p(id), c1 int CHECK (c1 > 0));");
    assert!(warnings(&p).is_empty(), "{:#?}", p.diagnostics);
    assert_eq!(names(t(&p, "p")), vec!["CONSTRAINT_1", "PRIMARY", "a", "a_2", "a_3", "b", "named_chk"]);
    assert_eq!(names(t(&p, "c")), vec!["PRIMARY", "c1", "c_ibfk_1", "c_ibfk_2", "fk_named", "fk_named", "idx_y", "pid"]);

    let p = lite("CREATE TABLE a (x TEXT PRIMARY KEY, y INT UNIQUE, z INT, UNIQUE (z, y), CONSTRAINT named UNIQUE (z));
CREATE TABLE b (id INTEGER PRIMARY KEY, u TEXT UNIQUE);");
    assert_eq!(names(t(&p, "a")), vec!["sqlite_autoindex_a_1", "sqlite_autoindex_a_2", "sqlite_autoindex_a_3", "sqlite_autoindex_a_4"]);
    assert_eq!(names(t(&p, "b")), vec!["sqlite_autoindex_b_1"]);
}

#[test]
fn sqlite_virtual_tables_loose_constraints_and_free_type_names() {
    let p = lite(r#"
CREATE VIRTUAL TABLE notes_fts USING fts5(title, body UNINDEXED, tokenize = 'porter');
CREATE TABLE m (id INTEGER PRIMARY KEY, ref INTEGER, big BIGINT AUTO_INCREMENT UNIQUE, d BLOB SUB_TYPE TEXT,
  FOREIGN KEY(ref) REFERENCES m(id) ON DELETE CASCADE
  CHECK(ref != id));
CREATE TABLE o (token TEXT NOT NULL PRIMARY KEY, UNIQUE (token));
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let v = t(&p, "notes_fts");
    assert_eq!(v.virtual_module.as_deref(), Some("fts5"));
    assert_eq!(v.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["title", "body"]);
    let m = t(&p, "m");
    assert_eq!(m.foreign_keys.len(), 1);
    assert_eq!(m.checks.len(), 1);
    assert_eq!(m.column("big").unwrap().data_type.spelling, "bigint auto_increment");
    assert_eq!(m.column("d").unwrap().data_type.spelling, "blob sub_type text");
    assert!(t(&p, "o").uniques.is_empty(), "SQLite makes no second index for a UNIQUE equal to the primary key");
}

#[test]
fn pg_search_path_places_unqualified_objects() {
    let p = pg(r#"
SET search_path = test, pg_catalog;
CREATE TABLE items (id int PRIMARY KEY);
CREATE TABLE refs (item_id int REFERENCES items);
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.other (id int);
ALTER TABLE ONLY test.items ADD COLUMN name text;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(t(&p, "items").schema.as_deref(), Some("test"));
    assert_eq!(t(&p, "items").columns.len(), 2);
    assert_eq!(t(&p, "refs").foreign_keys[0].ref_table, QualifiedName::new(Some("test".into()), "items"));
}

#[test]
fn mysql_delimiter_batch_and_implicit_fk_index() {
    let p = my(r#"
DELIMITER //
SET @m = "";
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES p(id), KEY later (pid, id));
CREATE TABLE d (id int PRIMARY KEY, pid int, FOREIGN KEY (pid) REFERENCES p(id));
CREATE PROCEDURE x() BEGIN IF 1 THEN SELECT 1; END IF; SELECT 2; END //
DELIMITER ;
CREATE INDEX d_pid ON d (pid);
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(p.schema.tables.len(), 3);
    let c = t(&p, "c");
    assert_eq!(c.indexes.iter().map(|i| i.name.as_deref().unwrap()).collect::<Vec<_>>(), vec!["later"], "a later KEY serves the FK");
    let d = t(&p, "d");
    assert_eq!(d.indexes.iter().map(|i| i.name.as_deref().unwrap()).collect::<Vec<_>>(), vec!["d_pid"], "the implicit index goes once d_pid exists");
    assert!(p.diagnostics.iter().any(|x| x.message.contains("CREATE PROCEDURE")));
}

#[test]
fn index_names_are_schema_wide_in_pg_and_sqlite() {
    let p = lite("CREATE TABLE a (g TEXT); CREATE TABLE b (g TEXT);\nCREATE UNIQUE INDEX IF NOT EXISTS guid_idx ON a(g);\nCREATE UNIQUE INDEX IF NOT EXISTS guid_idx ON b(g);");
    assert_eq!(t(&p, "a").indexes.len(), 1);
    assert!(t(&p, "b").indexes.is_empty());
}

#[test]
fn expressions_keep_their_source_spelling() {
    let p = pg("CREATE TABLE e (id int DEFAULT nextval('e_id_seq'::regclass), at timestamptz DEFAULT now(), tags text[] DEFAULT '{}'::text[],\n  n numeric CHECK ((n)::numeric   >= 0));\nCREATE INDEX e_at ON e (at) WHERE (at IS NOT NULL);");
    let e = t(&p, "e");
    assert_eq!(e.columns[0].default.as_deref(), Some("nextval('e_id_seq'::regclass)"));
    assert_eq!(e.columns[1].default.as_deref(), Some("now()"));
    assert_eq!(e.columns[2].default.as_deref(), Some("'{}'::text[]"));
    assert_eq!(e.checks[0].expression, "(n)::numeric   >= 0");
    assert_eq!(e.indexes[0].predicate.as_deref(), Some("at IS NOT NULL"));
}

#[test]
fn a_check_of_parenthesised_terms_keeps_balanced_parentheses() {
    // pg_dump writes CHECK (((a > 0) AND (b > 0))); the stored text must not come out as `a > 0) AND (b > 0`.
    let p = pg("CREATE TABLE c (a int, b int, CONSTRAINT both_positive CHECK (((a > 0) AND (b > 0))));\nALTER TABLE c ADD CONSTRAINT x CHECK ((a < 10) OR (b < 10));");
    let c = t(&p, "c");
    for ch in &c.checks {
        let e = &ch.expression;
        let mut d = 0i32;
        for ch in e.chars() {
            d += match ch { '(' => 1, ')' => -1, _ => 0 };
            assert!(d >= 0, "unbalanced check text {e:?}");
        }
        assert_eq!(d, 0, "unbalanced check text {e:?}");
    }
    assert!(c.checks[0].expression.contains("(a > 0) AND (b > 0)"), "{:?}", c.checks[0].expression);
    assert!(c.checks[1].expression.contains("(a < 10) OR (b < 10)"), "{:?}", c.checks[1].expression);
}

#[test]
fn pg_migration_idioms() {
    let long = "a_very_long_constraint_name_that_goes_on_and_on_beyond_the_limit_of_postgres";
    let p = pg(&format!(r#"
CREATE TABLE "tag" (id int PRIMARY KEY);
CREATE TABLE bt (tag_id int, CONSTRAINT bt_tag_id_FK FOREIGN KEY (tag_id) REFERENCES tag (id));
CREATE INDEX IF NOT EXISTS bt_tag_id_FK ON bt (tag_id);
DO $$ BEGIN
 ALTER TABLE "bt" ADD CONSTRAINT "{long}" FOREIGN KEY ("tag_id") REFERENCES "public"."tag"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
CREATE UNIQUE INDEX "tag.id_unique" ON tag (id);
ALTER INDEX "tag.id_unique" RENAME TO "tag_id_key";
CREATE INDEX gone ON bt (tag_id);
DROP INDEX CONCURRENTLY IF EXISTS gone;
DO $$ BEGIN IF 1 = 1 THEN RAISE NOTICE 'x'; END IF; END $$;
"#));
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let bt = t(&p, "bt");
    assert_eq!(bt.indexes.iter().map(|i| i.name.as_deref().unwrap()).collect::<Vec<_>>(), vec!["bt_tag_id_fk"], "an FK name does not block an index name");
    assert_eq!(bt.foreign_keys.len(), 2);
    assert_eq!(bt.foreign_keys[1].name.as_deref(), Some(&long[..63]), "names are truncated to 63 bytes");
    assert_eq!(bt.foreign_keys[1].on_delete, RefAction::SetNull);
    assert_eq!(t(&p, "tag").indexes[0].name.as_deref(), Some("tag_id_key"));
    assert!(p.diagnostics.iter().any(|d| d.message.contains("ignored: DO")));
}

#[test]
fn pg_enum_changes_and_drop_policy() {
    let p = pg(r#"
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
ALTER TYPE "Role" ADD VALUE 'OWNER';
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'GUEST' BEFORE 'USER';
ALTER TYPE "Role" RENAME VALUE 'ADMIN' TO 'ADMINISTRATOR';
CREATE TABLE t (id int);
CREATE POLICY p1 ON t USING (true);
DROP POLICY IF EXISTS p1 ON t;
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(p.schema.enums[0].name, "Role");
    assert_eq!(p.schema.enums[0].values, vec!["GUEST", "USER", "ADMINISTRATOR", "OWNER"]);
    assert!(t(&p, "t").policies.is_empty());
}

/// A renamed enum takes its columns along (hoppscotch's `ALTER TYPE "TeamMemberRole" RENAME TO
/// "TeamAccessRole"`): they name the new type, arrays too; a same-named type in another schema
/// and other columns stay.
#[test]
fn pg_enum_rename_renames_its_columns_types() {
    let p = pg(r#"
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TYPE other."Role" AS ENUM ('X');
CREATE TABLE m (role "Role" NOT NULL, roles "Role"[], o other."Role", n text);
ALTER TYPE "Role" RENAME TO "AccessRole";
"#);
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let cols: Vec<(&str, &str)> = t(&p, "m").columns.iter().map(|c| (c.name.as_str(), c.data_type.spelling.as_str())).collect();
    assert_eq!(cols, [("role", "\"AccessRole\""), ("roles", "\"AccessRole\"[]"), ("o", "other.\"Role\""), ("n", "text")]);
    let again = pg("CREATE TYPE \"AccessRole\" AS ENUM ('USER', 'ADMIN');\nCREATE TYPE other.\"Role\" AS ENUM ('X');\nCREATE TABLE m (role \"AccessRole\" NOT NULL, roles \"AccessRole\"[], o other.\"Role\", n text);");
    let kinds = |p: &crate::parse::Parsed| t(p, "m").columns.iter().map(|c| c.data_type.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&p), kinds(&again), "the same types as if written with the new name");
}

#[test]
fn mysql_alter_forms_sqlparser_does_not_read() {
    let p = my("CREATE TABLE t (id int PRIMARY KEY, c varchar(20), KEY ix_c (c));\nALTER TABLE t RENAME INDEX ix_c TO ix_c2;\nALTER TABLE t COMMENT = 'tee';\nALTER TABLE t ENGINE=InnoDB;");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let t = t(&p, "t");
    assert_eq!(t.indexes[0].name.as_deref(), Some("ix_c2"));
    assert_eq!(t.comment.as_deref(), Some("tee"));
}

#[test]
fn pg_inherits_copies_columns_and_checks() {
    let p = pg("CREATE TABLE payment (id serial PRIMARY KEY, amount numeric NOT NULL, CHECK (amount >= 0));\nCREATE TABLE payment_2007 (CHECK (id > 0)) INHERITS (payment);");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let c = t(&p, "payment_2007");
    assert_eq!(c.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["id", "amount"]);
    assert!(!c.columns[1].nullable);
    assert!(c.primary_key.is_none(), "keys are not inherited");
    assert_eq!(c.checks.len(), 2);
}

#[test]
fn items_carry_spans_into_the_source() {
    let text = "CREATE TABLE a (\n  id int PRIMARY KEY,\n  \"Name\" text\n);\nALTER TABLE a ADD CONSTRAINT a_name_key UNIQUE (\"Name\");\nCREATE INDEX a_idx ON a (id);";
    let p = pg(text);
    let a = t(&p, "a");
    assert_eq!(&text[a.span.start..a.span.start + 14], "CREATE TABLE a");
    assert_eq!(&text[a.columns[0].span.start..a.columns[0].span.start + 2], "id");
    assert_eq!(&text[a.columns[1].span.start..a.columns[1].span.start + 6], "\"Name\"");
    assert!(text[a.uniques[0].span.start..a.uniques[0].span.end].starts_with("ALTER TABLE a ADD CONSTRAINT"));
    assert!(text[a.indexes[0].span.start..a.indexes[0].span.end].starts_with("CREATE INDEX a_idx"));
}

#[test]
fn sqlite_and_mysql_alter_and_generated_columns() {
    let p = lite("CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT, b TEXT GENERATED ALWAYS AS (upper(a)) VIRTUAL);\nALTER TABLE u ADD COLUMN c INT NOT NULL DEFAULT 0;\nALTER TABLE u RENAME COLUMN a TO a2;\nALTER TABLE u DROP COLUMN c;\nCREATE TABLE new_u (id INTEGER PRIMARY KEY);\nDROP TABLE u;\nALTER TABLE new_u RENAME TO u;");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert_eq!(p.schema.tables.len(), 1);
    assert_eq!(t(&p, "u").columns.len(), 1, "the rebuilt table replaced the old one");
    let p = lite("CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT, b TEXT GENERATED ALWAYS AS (upper(a)) VIRTUAL);\nALTER TABLE u RENAME COLUMN a TO a2;");
    let u = t(&p, "u");
    assert_eq!(u.columns[1].name, "a2");
    assert!(!u.columns[2].generated.as_ref().unwrap().stored);
    let p = my("CREATE TABLE g (a int, b int AS (a * 2) STORED, c int GENERATED ALWAYS AS (a + 1) VIRTUAL);");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    let g = t(&p, "g");
    assert!(g.columns[1].generated.as_ref().unwrap().stored);
    assert!(!g.columns[2].generated.as_ref().unwrap().stored);
}

#[test]
fn misspelled_statements_warn_and_irrelevant_ones_are_info() {
    let p = pg("CREATE TABL broken (id int);\nALTER TABEL t ADD x int;\nDROP TABEL t;\nFOO bar;\n\
                CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nSET x = 1;\nGRANT ALL ON t TO r;\n\
                INSERT INTO t VALUES (1);\nCREATE EXTENSION pgcrypto;\nDROP VIEW v;\nALTER FUNCTION f() OWNER TO r;\n\
                ALTER PROCEDURAL LANGUAGE plpgsql OWNER TO r;\nCREATE PROPERTY GRAPH g VERTEX TABLES (t);");
    let w = warnings(&p);
    assert_eq!(w.len(), 4, "{:#?}", p.diagnostics);
    assert!(w.iter().all(|d| d.severity == Severity::Warning && d.message.starts_with("could not understand")), "{w:#?}");
    assert_eq!(w.iter().map(|d| d.line).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert!(w[0].message.contains("CREATE TABL"), "{}", w[0].message);
    let infos: Vec<_> = p.diagnostics.iter().filter(|d| d.severity == Severity::Info).collect();
    assert_eq!(infos.len(), 9, "{infos:#?}");
    assert!(infos.iter().all(|d| d.message.starts_with("ignored")), "{infos:#?}");
    assert!(p.schema.tables.is_empty());
    for d in [Dialect::Mysql, Dialect::Sqlite] {
        let p = parse("CREATE TABL broken (id int);", d);
        assert_eq!(warnings(&p).len(), 1, "{d:?}: {:#?}", p.diagnostics);
    }
}

#[test]
fn sqlite_desc_pk_strict_temp_and_qualified_index_names() {
    let p = lite(
        "CREATE TABLE a (x INTEGER PRIMARY KEY DESC, y);\nCREATE TABLE b (x INTEGER, y, PRIMARY KEY (x DESC));\n\
         CREATE TABLE s (k int PRIMARY KEY, v text) STRICT;\nCREATE TEMP TABLE scratch (k TEXT PRIMARY KEY, v TEXT);\n\
         CREATE TABLE aux.notes (id INTEGER PRIMARY KEY, colname TEXT);\nCREATE INDEX aux.notes_colname_idx ON notes (colname);",
    );
    assert!(warnings(&p).is_empty(), "{:#?}", p.diagnostics);
    // `INTEGER PRIMARY KEY DESC` is not a rowid alias (SQLite quirk): nullable, with an autoindex.
    let a = t(&p, "a");
    assert!(a.columns[0].nullable);
    assert_eq!(a.primary_key.as_ref().unwrap().name.as_deref(), Some("sqlite_autoindex_a_1"));
    // the table-constraint form is one
    assert!(!t(&p, "b").columns[0].nullable);
    assert_eq!(t(&p, "b").primary_key.as_ref().unwrap().name, None);
    // STRICT: PK columns are NOT NULL
    assert!(!t(&p, "s").columns[0].nullable);
    assert!(t(&p, "scratch").temporary);
    assert!(t(&p, "scratch").columns[0].nullable, "a non-rowid PK of a rowid table may hold NULL");
    let notes = t(&p, "notes");
    assert_eq!(notes.indexes.len(), 1, "index lands on aux.notes");
    assert_eq!(notes.indexes[0].name.as_deref(), Some("notes_colname_idx"));
}

#[test]
fn pg_unique_on_the_primary_key_columns_is_folded_into_the_pk() {
    let p = pg("create table c (id serial not null unique, name text unique, alt text, primary key (id), unique (alt), unique (alt));\n\
                create table d (id int primary key);\nalter table d add constraint d_id_key unique (id);");
    let c = t(&p, "c");
    assert_eq!(c.uniques.iter().map(|u| u.name.as_deref().unwrap_or("")).collect::<Vec<_>>(), vec!["c_name_key", "c_alt_key"]);
    // ALTER TABLE adds a second index even when it duplicates the PK
    assert_eq!(t(&p, "d").uniques.len(), 1);
    // MySQL keeps both
    let m = my("create table c (id int not null unique, primary key (id));");
    assert_eq!(t(&m, "c").uniques.len() + t(&m, "c").indexes.iter().filter(|i| i.unique).count(), 1);
}

#[test]
fn create_table_as_select_names_columns_from_the_select_list() {
    let p = pg("create table e as select 1 as id, ''::text as string;\n\
                create table n as select x::int as val, now(), 1 + 1, t.y from generate_series(1,10) x, t;\ncreate table w as select * from e;");
    let e = t(&p, "e");
    assert_eq!(e.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["id", "string"]);
    assert!(e.columns.iter().all(|c| c.nullable));
    assert_eq!(e.columns[1].data_type.kind, crate::model::TypeKind::Text(crate::model::TextKind::Text));
    assert_eq!(t(&p, "n").columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["val", "now", "?column?", "y"]);
    assert!(t(&p, "w").columns.is_empty());
    assert_eq!(warnings(&p).len(), 1, "only the `*` one is not understood: {:#?}", p.diagnostics);
    let s = lite("CREATE TABLE e AS SELECT 1 AS id, name FROM x;");
    assert_eq!(t(&s, "e").columns.len(), 2);
}

/// Found replaying real migration histories against MariaDB (tests/realdb/histories.py).
#[test]
fn mysql_modify_keeps_primary_key_columns_not_null_and_duplicate_key_names_are_refused() {
    // Temporal v1.8: MODIFY of a PK column without NOT NULL; the column stays NOT NULL.
    let p = my("CREATE TABLE s (id INT, sig VARCHAR(64) NOT NULL, PRIMARY KEY (id, sig));\nALTER TABLE s MODIFY COLUMN sig VARCHAR(255);\nALTER TABLE s CHANGE sig sig2 VARCHAR(300);");
    let s = t(&p, "s");
    assert!(!s.column("sig2").unwrap().nullable, "{:#?}", s.columns);
    // unkey: a second UNIQUE of an existing name is an error (MariaDB: Duplicate key name), not a second key.
    let p = my("CREATE TABLE w (slug varchar(64), CONSTRAINT w_slug_unique UNIQUE (slug));\nALTER TABLE w ADD CONSTRAINT w_slug_unique UNIQUE (slug);");
    assert_eq!(t(&p, "w").uniques.len(), 1);
    let w = warnings(&p);
    assert!(w.iter().any(|d| d.line == 2 && d.message.contains("w_slug_unique already exists")), "{w:?}");
}

/// Migrations guard DDL in DO blocks (mattermost, civitai, harbor, supabase storage): the THEN
/// branch is read, ELSE branches and data statements are passed over.
#[test]
fn pg_do_blocks_read_guarded_ddl() {
    let p = pg(r#"
CREATE TABLE roles (id text PRIMARY KEY);
CREATE TABLE user_role (user_id int, role text, old int);
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'user_role_role_fkey') THEN
    ALTER TABLE user_role
      ADD CONSTRAINT user_role_role_fkey FOREIGN KEY (role) REFERENCES roles (id) ON DELETE CASCADE;
  END IF;
  UPDATE user_role SET role = 'x' WHERE role IS NULL;
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'old') THEN
    IF (SELECT count(*) FROM user_role) > 0 THEN RAISE NOTICE 'rows'; END IF;
    ALTER TABLE user_role RENAME COLUMN old TO legacy;
  ELSE
    ALTER TABLE user_role ADD COLUMN legacy int;
  END IF;
END $$;
DO $$ BEGIN FOR i IN 1..3 LOOP EXECUTE 'CREATE TABLE t' || i || ' (id int)'; END LOOP; END $$;
"#);
    let ur = t(&p, "user_role");
    assert_eq!(ur.foreign_keys.iter().map(|f| f.name.as_deref().unwrap_or("")).collect::<Vec<_>>(), ["user_role_role_fkey"]);
    assert_eq!(ur.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["user_id", "role", "legacy"], "the THEN branch only");
    assert!(warnings(&p).is_empty(), "{:#?}", warnings(&p));
    assert!(p.diagnostics.iter().any(|d| d.line == 18 && d.message.contains("ignored: DO")), "a loop with EXECUTE is not read: {:#?}", p.diagnostics);
}

/// Default constraint names while a CREATE TABLE is read come from a name set kept and extended
/// per table (issue 21: rebuilding it per constraint was quadratic). The names are PostgreSQL's
/// `ChooseConstraintName` ones: a taken name gets 1, 2, ... — including names given explicitly
/// earlier in the statement, names chosen earlier in it, and CHECK names chosen at its end.
#[test]
fn default_names_see_every_earlier_name_of_the_statement() {
    let p = pg("CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (a int REFERENCES p, CONSTRAINT c_a_fkey1 CHECK (a < 9), b int REFERENCES p, CHECK (a > 0), CONSTRAINT c_a_check1 UNIQUE (b),
  FOREIGN KEY (a) REFERENCES p, FOREIGN KEY (a) REFERENCES p, CHECK (a <> 5), UNIQUE (a));
ALTER TABLE c ADD FOREIGN KEY (a) REFERENCES p;
ALTER TABLE c DROP CONSTRAINT c_a_fkey, ADD FOREIGN KEY (a) REFERENCES p;");
    let c = t(&p, "c");
    let names = |v: Vec<Option<&String>>| v.into_iter().map(|n| n.map_or("", String::as_str).to_string()).collect::<Vec<_>>();
    assert_eq!(names(c.foreign_keys.iter().map(|f| f.name.as_ref()).collect()), ["c_b_fkey", "c_a_fkey2", "c_a_fkey3", "c_a_fkey4", "c_a_fkey"]);
    assert_eq!(names(c.checks.iter().map(|f| f.name.as_ref()).collect()), ["c_a_fkey1", "c_a_check", "c_a_check2"]);
    assert_eq!(names(c.uniques.iter().map(|f| f.name.as_ref()).collect()), ["c_a_check1", "c_a_key"]);
}

#[test]
fn an_alter_table_mixing_storage_options_with_changes_applies_the_changes_silently() {
    // One list of the operations the model does not keep serves a whole ALTER and each operation of a
    // mixed one: before, `ENABLE ALWAYS TRIGGER` or `DISABLE RULE` next to an ADD COLUMN was reported
    // as "operation not applied" while the same operation alone was ignored.
    let p = pg("CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int, ENABLE ALWAYS TRIGGER x, DISABLE RULE r;");
    assert!(t(&p, "a").columns.iter().any(|c| c.name == "b"), "{:?}", p.diagnostics);
    assert!(p.diagnostics.iter().all(|d| !d.message.contains("not applied")), "{:?}", p.diagnostics);
}
