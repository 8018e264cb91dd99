//! Splitter unit tests: quoting, comments, blocks per engine client, data blocks, truncation.
//! Whole real dumps of every style are in `crates/core/tests/dumps.rs`.

use super::*;

fn texts(src: &str, d: Dialect) -> Vec<String> {
    let s = split(src, d);
    s.stmts.iter().map(|r| s.text[r.start..r.end].trim().to_string()).collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn quotes_and_comments() {
    let t = texts("-- x;\nCREATE TABLE \"a;\" (x text DEFAULT 'a;''b'); /* ; */ SELECT 1;", Dialect::Postgres);
    assert_eq!(t, vec!["CREATE TABLE \"a;\" (x text DEFAULT 'a;''b')", "SELECT 1"]);
}

#[test]
fn dollar_quotes() {
    let t = texts("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT $$;$$;", Dialect::Postgres);
    assert_eq!(t.len(), 2);
    assert!(t[0].ends_with("LANGUAGE sql"));
}

#[test]
fn nested_pg_comment() {
    let t = texts("/* a /* b; */ c; */ SELECT 1;", Dialect::Postgres);
    assert_eq!(t, vec!["SELECT 1"]);
}

#[test]
fn mysql_conditional_comments_and_delimiter() {
    let src = "/*!40101 SET NAMES utf8 */;\n# hash comment;\nCREATE TABLE `t;` (a int) /*!50100 PARTITION BY HASH(a) */;\nDELIMITER ;;\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END ;;\nDELIMITER ;\nSELECT 'it\\'s;';";
    let s = split(src, Dialect::Mysql);
    let t: Vec<&str> = s.stmts.iter().map(|r| s.text[r.start..r.end].trim()).collect();
    assert_eq!(t[0], "SET NAMES utf8");
    assert_eq!(squash(t[1]), "CREATE TABLE `t;` (a int) PARTITION BY HASH(a)");
    assert_eq!(s.stmts[2].kind, RawKind::Meta);
    assert!(t[3].starts_with("CREATE TRIGGER") && t[3].ends_with("END"));
    assert_eq!(t[5], "SELECT 'it\\'s;'");
    assert_eq!(s.text.len(), src.len());
}

#[test]
fn trigger_bodies_keep_their_semicolons() {
    let src = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END;\nCREATE TABLE d (x int);";
    let t = texts(src, Dialect::Sqlite);
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[0].ends_with("END"));
}

#[test]
fn custom_delimiter_batches_split_again() {
    let src = "DELIMITER //\nSET a = 1;\nCREATE TABLE t (x int);\nCREATE PROCEDURE p() BEGIN SELECT 1; END //\nDELIMITER ;\n";
    let t = texts(src, Dialect::Mysql);
    assert_eq!(t[1..4], ["SET a = 1", "CREATE TABLE t (x int)", "CREATE PROCEDURE p() BEGIN SELECT 1; END"]);
}

#[test]
fn copy_data_and_meta() {
    let src = "\\restrict abc\nCOPY public.t (a, b) FROM stdin;\n1\tx;y\n2\t'\n\\.\n\nCREATE TABLE t (a int);";
    let t = texts(src, Dialect::Postgres);
    assert_eq!(t, vec!["\\restrict abc", "COPY public.t (a, b) FROM stdin", "CREATE TABLE t (a int)"]);
}

#[test]
fn sqlite_brackets_and_unterminated() {
    let t = texts("CREATE TABLE [a;b] ([c;] int);", Dialect::Sqlite);
    assert_eq!(t.len(), 1);
    let s = split("SELECT 'oops; CREATE TABLE x (a int);", Dialect::Sqlite);
    assert_eq!(s.stmts.len(), 1);
    assert_eq!(s.stmts[0].unterminated, Some("string"));
    assert_eq!(s.stmts[0].opened_at, 7);
}

/// The bug of issue 14: `BEGIN TRANSACTION;` opened a "block" that swallowed the whole `.dump`.
#[test]
fn transaction_control_is_one_statement_in_every_dialect() {
    let src = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE a(x);\nBEGIN;\nCREATE TABLE b(y);\nEND;\nSAVEPOINT s;\nROLLBACK TO s;\nBEGIN IMMEDIATE;\nCOMMIT;\nCREATE TABLE c(z);\n";
    for d in [Dialect::Sqlite, Dialect::Mysql, Dialect::Postgres] {
        let t = texts(src, d);
        assert_eq!(t.len(), 11, "{d:?}: {t:?}");
        assert_eq!(t[2], "CREATE TABLE a(x)");
        assert_eq!(t[10], "CREATE TABLE c(z)");
        assert!(split(src, d).stmts.iter().all(|s| s.unterminated.is_none()));
    }
}

/// sqlite3's own rule: inside a trigger, `;` ends the statement only after `; END`.
#[test]
fn sqlite_trigger_case_end_and_strings() {
    let src = "CREATE TEMP TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES(new.id, 'END; BEGIN'); UPDATE b SET y = CASE WHEN y='x' THEN 'y' END; END;\nINSERT INTO a VALUES('END;');\nCREATE TABLE z(q);";
    let t = texts(src, Dialect::Sqlite);
    assert_eq!(t.len(), 3, "{t:?}");
    assert!(t[0].ends_with("THEN 'y' END; END"), "{}", t[0]);
    assert_eq!(t[2], "CREATE TABLE z(q)");
}

/// A trigger name or a WHEN clause before BEGIN does not open a block; a `;` before BEGIN ends a
/// broken trigger instead of swallowing the rest.
#[test]
fn sqlite_trigger_without_begin_does_not_swallow() {
    let t = texts("CREATE TRIGGER t AFTER INSERT ON a SELECT 1;\nCREATE TABLE z(q);", Dialect::Sqlite);
    assert_eq!(t.len(), 2, "{t:?}");
}

#[test]
fn pg_begin_atomic_bodies() {
    let src = "CREATE FUNCTION public.f(a integer) RETURNS integer\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT (a + 1);\n SELECT CASE WHEN a > 0 THEN 1 END;\nEND;\nCREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nBEGIN;\nCREATE TABLE t (a int);\nEND;";
    let t = texts(src, Dialect::Postgres);
    assert_eq!(t.len(), 5, "{t:?}");
    assert!(t[0].ends_with("END") && t[0].contains("SELECT (a + 1);"), "{}", t[0]);
    assert!(t[1].starts_with("CREATE OR REPLACE PROCEDURE"));
    assert_eq!(t[2..], ["BEGIN", "CREATE TABLE t (a int)", "END"]);
}

#[test]
fn mysql_routines_without_delimiter_and_end_if() {
    let src = "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON a FOR EACH ROW BEGIN IF new.n IS NULL THEN SET new.n = 1; END IF; CASE new.k WHEN 1 THEN SET new.s = 'END;'; END CASE; END;\nCREATE TABLE event (begin_at int);\nCREATE TABLE x (y int);";
    let t = texts(src, Dialect::Mysql);
    assert_eq!(t.len(), 3, "{t:?}");
    assert!(t[0].ends_with("END CASE; END"));
}

#[test]
fn mysql_sandbox_comment_is_a_client_command() {
    let src = "/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE a (x int);";
    let s = split(src, Dialect::Mysql);
    assert_eq!(s.stmts.len(), 3, "{:?}", s.stmts);
    assert_eq!(s.stmts[0].kind, RawKind::Meta);
    assert_eq!(s.text[s.stmts[0].start..s.stmts[0].end].trim(), "\\- enable the sandbox mode");
    assert_eq!(s.text[s.stmts[1].start..s.stmts[1].end].trim(), "SET NAMES utf8mb4");
}

#[test]
fn sqlite_dot_commands() {
    let t = texts(".headers on\n.mode list\nCREATE TABLE a(x);\nSELECT 1.5;", Dialect::Sqlite);
    assert_eq!(t, vec![".headers on", ".mode list", "CREATE TABLE a(x)", "SELECT 1.5"]);
}

/// Data rows: `;`, `\.`, `BEGIN`, `END;`, `$$`, `DELIMITER` and newlines inside strings.
#[test]
fn awkward_data_rows_do_not_derail() {
    let rows = ["semi;colon", "\\.", "BEGIN", "END;", "$$", "DELIMITER ;;", "line\nDELIMITER //\nEND;\n\\.\n\\connect x"];
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let mut src = String::from("CREATE TABLE t (s text);\n");
        for r in rows {
            let lit = if d == Dialect::Mysql { r.replace('\\', "\\\\").replace('\'', "\\'") } else { r.replace('\'', "''") };
            src.push_str(&format!("INSERT INTO t VALUES ('{lit}');\n"));
        }
        src.push_str("CREATE TABLE u (x int);\n");
        let t = texts(&src, d);
        assert_eq!(t.len(), rows.len() + 2, "{d:?}: {t:?}");
        assert_eq!(t.last().map(String::as_str), Some("CREATE TABLE u (x int)"), "{d:?}");
    }
}

#[test]
fn copy_block_holding_lookalikes() {
    let src = "COPY t (s) FROM stdin;\nsemi;colon\n\\\\.\nBEGIN\nEND;\n$$\nDELIMITER ;;\n\\\\connect x\n\\.\nCREATE TABLE u (x int);\nCOPY (SELECT 1 FROM t) TO stdout;\nCREATE TABLE v (x int);";
    let s = split(src, Dialect::Postgres);
    let t: Vec<&str> = s.stmts.iter().map(|r| s.text[r.start..r.end].trim()).collect();
    assert_eq!(t, vec!["COPY t (s) FROM stdin", "CREATE TABLE u (x int)", "COPY (SELECT 1 FROM t) TO stdout", "CREATE TABLE v (x int)"]);
    assert!(s.stmts[0].copy_data && !s.stmts[2].copy_data);
}

// ------------------------------------------------------------------ truncated dumps

fn last(src: &str, d: Dialect) -> RawStmt {
    split(src, d).stmts.pop().expect("a statement")
}

#[test]
fn cut_mid_copy() {
    let src = "CREATE TABLE t (a int);\nCOPY t (a) FROM stdin;\n1\n2\n";
    let s = split(src, Dialect::Postgres);
    assert_eq!(s.stmts.len(), 2);
    assert_eq!(s.stmts[1].unterminated, Some("COPY data block (no `\\.` line)"));
    assert!(s.stmts[0].unterminated.is_none());
}

#[test]
fn cut_mid_string() {
    let src = "CREATE TABLE t (a text);\nINSERT INTO t VALUES ('abc";
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let r = last(src, d);
        assert_eq!(r.unterminated, Some("string"), "{d:?}");
        assert_eq!(r.opened_at, src.find('\'').unwrap());
    }
}

#[test]
fn cut_mid_trigger() {
    let src = "CREATE TABLE a(x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM a;\n  UPDATE a SET x = 1;";
    let lite = last(src, Dialect::Sqlite);
    assert_eq!(lite.unterminated, Some("trigger body (BEGIN ... END)"));
    assert_eq!(lite.opened_at, src.find("BEGIN").unwrap());
    let case_end = last("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN 1 THEN 2 END", Dialect::Sqlite);
    assert_eq!(case_end.unterminated, Some("trigger body (BEGIN ... END)"), "a CASE's END is not the body's");
    let done = last("CREATE TABLE a(x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM a; END", Dialect::Sqlite);
    assert_eq!(done.unterminated, None, "ends in `END` without the last `;`: complete");
    let my = last("DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON a FOR EACH ROW BEGIN SET new.x = 1;", Dialect::Mysql);
    assert_eq!(my.unterminated, Some("BEGIN ... END block"));
    let pg = last("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;", Dialect::Postgres);
    assert_eq!(pg.unterminated, Some("BEGIN ATOMIC ... END function body"));
}

#[test]
fn never_panics_on_prefixes() {
    let src = "/*!40101 SET x=1 */;\nDELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.a='é;'; END;;\nDELIMITER ;\nCOPY t FROM stdin;\n\\.\n$a$ $ [x] `y` \"z\" 'w' /* /* */ -- end";
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        for cut in (0..=src.len()).filter(|&c| src.is_char_boundary(c)) {
            let s = split(&src[..cut], d);
            assert_eq!(s.text.len(), cut);
            for st in &s.stmts {
                assert!(st.start <= st.end && st.end <= cut && st.opened_at <= cut, "{d:?} {cut}: {st:?}");
            }
        }
    }
}
