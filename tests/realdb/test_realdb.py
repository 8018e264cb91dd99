"""Self-test of the realdb normalizer and catalog assembly; needs no database server.

    python3 -m unittest discover -s tests/realdb -p 'test_*.py'
"""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402


def model(tables, dialect="postgres"):
    return {"dialect": dialect, "tables": tables}


class NormalizeTest(unittest.TestCase):
    def test_postgres_null_schema_is_public_and_actions_default(self):
        m = model([{"schema": None, "name": "users", "columns": [{"name": "id", "nullable": False}],
                    "primary_key": {"name": "users_pkey", "columns": ["id"]},
                    "foreign_keys": [{"name": "users_org_fkey", "columns": ["org_id"], "ref_schema": None,
                                      "ref_table": "orgs", "ref_columns": ["id"], "on_delete": "CASCADE",
                                      "on_update": None}]}])
        f = realdb.normalize_model(m, "postgres")
        self.assertEqual(f.values[("table", "public", "users")], {"rls_enabled": False, "rls_forced": False})
        self.assertEqual(f.values[("pk", "public", "users")], {"name": "users_pkey", "columns": ["id"]})
        fk = f.values[("fk", "public", "users", "users_org_fkey")]
        self.assertEqual(fk["ref_schema"], "public")
        self.assertEqual((fk["on_delete"], fk["on_update"]), ("cascade", "no action"))

    def test_action_spellings(self):
        for raw, want in [("SET_NULL", "set null"), ("set  default", "set default"), ("NoAction", "no action"), ("SetNull", "set null"),
                          (None, "no action"), ("RESTRICT", "restrict")]:
            self.assertEqual(realdb.norm_action(raw, "postgres"), want)
        self.assertEqual(realdb.norm_action("RESTRICT", "mysql"), "no action")

    def test_mysql_unique_keys_merge_and_schema_dropped(self):
        as_unique = model([{"schema": "shop", "name": "t", "columns": [],
                            "unique": [{"name": "email", "columns": ["Email"]}], "indexes": []}], "mysql")
        as_index = model([{"schema": None, "name": "t", "columns": [],
                           "indexes": [{"name": "email", "unique": True, "columns": ["email(20)"]}]}], "mysql")
        a = realdb.normalize_model(as_unique, "mysql")
        b = realdb.normalize_model(as_index, "mysql")
        self.assertEqual(a.values, b.values)
        self.assertIn(("unique", None, "t", "email"), a.values)

    def test_mysql_pk_name_not_compared(self):
        a = realdb.normalize_model(model([{"name": "t", "primary_key": {"name": "PRIMARY", "columns": ["id"]}}]), "mysql")
        b = realdb.normalize_model(model([{"name": "t", "primary_key": {"name": None, "columns": ["ID"]}}]), "mysql")
        self.assertEqual(a.values, b.values)

    def test_sqlite_unnamed_keys_keyed_by_columns(self):
        m = model([{"schema": "main", "name": "b", "columns": [],
                    "foreign_keys": [{"name": "fk_x", "columns": ["a_id"], "ref_table": "a", "ref_columns": ["id"],
                                      "on_delete": "cascade"}],
                    "unique": [{"name": "whatever", "columns": ["x", "y"]}]}], "sqlite")
        f = realdb.normalize_model(m, "sqlite")
        self.assertIn(("table", None, "b"), f.values)
        self.assertEqual(f.values[("fk", None, "b", ("a_id",))],
                         {"ref_table": "a", "ref_columns": ["id"], "on_delete": "cascade", "on_update": "no action"})
        self.assertIn(("unique", None, "b", ("x", "y")), f.values)

    def test_duplicate_keys_are_kept_apart(self):
        m = model([{"name": "b", "foreign_keys": [
            {"columns": ["a"], "ref_table": "x", "ref_columns": ["id"]},
            {"columns": ["a"], "ref_table": "y", "ref_columns": ["id"]}]}], "sqlite")
        f = realdb.normalize_model(m, "sqlite")
        self.assertEqual(len([k for k in f.values if k[0] == "fk"]), 2)


class CompareTest(unittest.TestCase):
    def test_compare_counts_and_optional(self):
        real = realdb.Facts()
        real.put(("table", "public", "t"), {})
        real.put(("column", "public", "t", "a"), {"nullable": False})
        real.put(("index", "public", "p1", "p1_x_idx"), {"unique": False}, optional=True)
        real.put(("index", "public", "p2", "p2_x_idx"), {"unique": False}, optional=True)
        got = realdb.Facts()
        got.put(("table", "public", "t"), {})
        got.put(("column", "public", "t", "a"), {"nullable": True})
        got.put(("column", "public", "t", "b"), {"nullable": True})
        got.put(("index", "public", "p2", "p2_x_idx"), {"unique": False})
        c = realdb.compare(real, got)
        self.assertEqual(c["matched"], 2)
        self.assertEqual(len(c["differ"]), 1)
        self.assertEqual(len(c["extra"]), 1)
        self.assertEqual(c["missing"], [])
        self.assertEqual(c["optional_absent"], 1)
        self.assertEqual(c["total"], 4)
        lines = realdb.mismatch_lines(c)
        self.assertTrue(any(line.startswith("  ~ column public.t a") for line in lines), lines)

    def test_real_catalog_compared_with_itself_matches(self):
        m = model([{"schema": "app", "name": "Users", "columns": [{"name": "Id", "nullable": False}],
                    "indexes": [{"name": "i", "unique": True}], "rls_enabled": True}])
        f = realdb.normalize_model(m, "postgres")
        c = realdb.compare(f, realdb.normalize_model(m, "postgres"))
        self.assertEqual((c["matched"], c["total"]), (3, 3))


class CatalogAssemblyTest(unittest.TestCase):
    def test_mysql_catalog(self):
        rows = {
            "tables": [{"db": "d", "name": "c"}],
            "columns": [{"db": "d", "table": "c", "name": "id", "nullable": 0},
                        {"db": "d", "table": "c", "name": "p2", "nullable": 1}],
            "stats": [{"db": "d", "table": "c", "name": "PRIMARY", "non_unique": 0, "seq": 1, "column": "id"},
                      {"db": "d", "table": "c", "name": "p2", "non_unique": 1, "seq": 1, "column": "p2"},
                      {"db": "d", "table": "c", "name": "u", "non_unique": 0, "seq": 1, "column": "p2",
                       "sub_part": 10}],
            "fks": [{"db": "d", "table": "c", "name": "c_ibfk_1", "column": "p2", "ref_db": "d", "ref_table": "p",
                     "ref_column": "id", "on_delete": "RESTRICT", "on_update": "CASCADE"}],
        }
        cat = realdb.mysql_catalog(["d"], rows)
        t = cat["tables"][0]
        self.assertEqual(t["primary_key"]["columns"], ["id"])
        self.assertEqual([c["nullable"] for c in t["columns"]], [False, True])
        self.assertTrue(next(i for i in t["indexes"] if i["name"] == "p2").get("implicit"))
        f = realdb.normalize_model(cat, "mysql")
        self.assertEqual(f.values[("unique", None, "c", "u")], {"columns": ["p2"]})
        self.assertIn(("index", None, "c", "p2"), f.optional)
        self.assertEqual(f.values[("fk", None, "c", "c_ibfk_1")]["on_delete"], "no action")

    def test_sqlite_catalog_rowid_and_implicit_ref(self):
        raw = [
            {"schema": "main", "name": "a", "type": "table", "without_rowid": 0, "strict": 0,
             "columns": [{"name": "id", "type": "INTEGER", "notnull": 0, "pk": 1, "hidden": 0}],
             "fks": [], "indexes": []},
            {"schema": "main", "name": "b", "type": "table", "without_rowid": 1, "strict": 0,
             "columns": [{"name": "k", "type": "TEXT", "notnull": 1, "pk": 1, "hidden": 0},
                         {"name": "a_id", "type": "INT", "notnull": 0, "pk": 0, "hidden": 0}],
             "fks": [{"id": 0, "seq": 0, "table": "A", "from": "a_id", "to": None,
                      "on_update": "NO ACTION", "on_delete": "CASCADE"}],
             "indexes": [{"name": "sqlite_autoindex_b_1", "unique": 1, "origin": "pk", "partial": 0, "columns": ["k"]},
                         {"name": "sqlite_autoindex_b_2", "unique": 1, "origin": "u", "partial": 0,
                          "columns": ["a_id"]},
                         {"name": "b_idx", "unique": 0, "origin": "c", "partial": 1, "columns": ["<expr>"]}]},
        ]
        cat = realdb.sqlite_catalog(raw)
        a, b = cat["tables"]
        self.assertFalse(a["columns"][0]["nullable"])  # rowid alias
        self.assertEqual(b["foreign_keys"][0]["ref_columns"], ["id"])
        self.assertEqual(b["unique"], [{"name": None, "columns": ["a_id"]}])
        self.assertEqual([i["name"] for i in b["indexes"]], ["b_idx"])

    def test_sqlite_integer_pk_with_its_own_index_is_not_a_rowid_alias(self):
        # `x INTEGER PRIMARY KEY DESC`: SQLite keeps a `pk` autoindex and x may hold NULL.
        raw = [{"schema": "main", "name": "a", "type": "table", "without_rowid": 0, "strict": 0,
                "columns": [{"name": "x", "type": "INTEGER", "notnull": 0, "pk": 1, "hidden": 0}],
                "fks": [], "indexes": [{"name": "sqlite_autoindex_a_1", "unique": 1, "origin": "pk", "partial": 0,
                                        "columns": ["x"]}]}]
        (a,) = realdb.sqlite_catalog(raw)["tables"]
        self.assertTrue(a["columns"][0]["nullable"])


class HelpersTest(unittest.TestCase):
    def test_pg_roles(self):
        text = """ALTER TABLE public.x OWNER TO mmuser;
        CREATE SCHEMA auth AUTHORIZATION supabase_admin;
        GRANT USAGE ON SCHEMA public TO anon, authenticated, "Service Role";
        REVOKE ALL ON t FROM PUBLIC;
        CREATE POLICY p ON t TO authenticated USING (true);
        CREATE ROLE mine; ALTER TABLE y OWNER TO mine;
        ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO dashboard_user;
        -- ALTER TABLE z OWNER TO commented_out;
        """
        refs, created = realdb.pg_roles_referenced(text)
        self.assertEqual(refs, {"mmuser", "supabase_admin", "anon", "authenticated", "Service Role", "postgres",
                                "dashboard_user"})
        self.assertEqual(created, {"mine"})

    def test_psql_errors(self):
        err = ("psql:/tmp/x.sql:2: ERROR:  syntax error at or near \"tabl\"\nLINE 1: create tabl b(y);\n"
               "               ^\npsql:/tmp/x.sql:9: WARNING:  wal_level is insufficient\n"
               "HINT:  Set wal_level to \"logical\".\npsql:/tmp/x.sql:12: ERROR:  relation \"a\" does not exist\n"
               "DETAIL:  more\npsql:/tmp/x.sql:20: invalid command \\restrict\n")
        errs = realdb.parse_psql_errors(err)
        self.assertEqual([e["line"] for e in errs], [2, 12, 20])
        self.assertEqual(errs[0]["message"], 'syntax error at or near "tabl"')
        self.assertEqual(errs[1]["message"], 'relation "a" does not exist | DETAIL:  more')
        self.assertIn("invalid command", errs[2]["message"])

    def test_on_error_stop_neutralized_keeps_lines(self):
        text = "\\set ON_ERROR_STOP 1\nBEGIN;\n  \\set on_error_stop on\nSELECT '\\set ON_ERROR_STOP';\n"
        out = realdb.neutralize_on_error_stop(text)
        self.assertEqual(out.count("\n"), text.count("\n"))
        self.assertTrue(out.startswith("-- (realdb) \\set"))
        self.assertIn("SELECT '\\set ON_ERROR_STOP';", out)

    def test_finish_exit_codes_and_report(self):
        import json
        import tempfile
        ok, harness = [{"file": "a"}], [{"file": "a"}, {"file": "b", "error": "harness error"}]
        self.assertEqual(realdb.finish(None, {}, ok, [], []), 0)
        self.assertEqual(realdb.finish(None, {}, ok, ["new"], []), 1)
        self.assertEqual(realdb.finish(None, {}, ok, [], ["stale"]), 1)
        self.assertEqual(realdb.finish(None, {}, harness, ["new"], []), 2)
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "r.json"
            realdb.finish(path, {"files": ok}, ok, [], [])
            self.assertEqual(json.loads(path.read_text(encoding="utf-8")), {"files": ok})

    def test_known_gaps(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("# comment\n\n../shared/corpus/mysql/handwritten/osticket*.sql  %TABLE_PREFIX% placeholders\n"
                     "tests/realdb/fixtures/postgres/a.sql\n")
        gaps = realdb.load_known_gaps(Path(fh.name))
        self.assertEqual(realdb.gap_reason("../shared/corpus/mysql/handwritten/osticket_install-mysql.sql", gaps),
                         "%TABLE_PREFIX% placeholders")
        self.assertEqual(realdb.gap_reason("tests/realdb/fixtures/postgres/a.sql", gaps), "(no reason given)")
        self.assertIsNone(realdb.gap_reason("tests/realdb/fixtures/postgres/b.sql", gaps))


if __name__ == "__main__":
    unittest.main()
