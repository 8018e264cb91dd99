"""Self-test of the re-dump harness (tests/realdb/redump.py) and of the view / partition facts
(tests/realdb/viewparts.py); needs no database server.

    python3 -m unittest discover -s tests/realdb -p 'test_*.py'
"""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
REPO = Path(__file__).resolve().parent.parent.parent
import realdb  # noqa: E402
import redump  # noqa: E402
import viewparts  # noqa: E402

PG_SCHEMA = """--
-- PostgreSQL database dump
--

\\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.t (
    id integer NOT NULL,
    s text
);


ALTER TABLE public.t OWNER TO postgres;
"""


class FingerprintTest(unittest.TestCase):
    def test_data_ownership_and_quoting_do_not_count(self):
        data = PG_SCHEMA + "\nCOPY public.t (id, s) FROM stdin;\n1\tCREATE TABLE evil (x int);\n\\.\n\nSELECT pg_catalog.setval('public.s', 1, true);\n"
        quoted = PG_SCHEMA.replace("public.t", '"public"."t"').replace("    id", '    "id"').replace("OWNER TO postgres", 'OWNER TO "postgres"')
        inserts = PG_SCHEMA + "\nINSERT INTO public.t VALUES (1, 'a;\nCREATE TABLE evil (x int);\nb');\n"
        base = redump.fingerprint(PG_SCHEMA, "postgres")
        for other in (data, quoted, inserts, PG_SCHEMA.replace("ALTER TABLE public.t OWNER TO postgres;", "")):
            self.assertEqual(redump.fingerprint(other, "postgres"), base)

    def test_ddl_and_session_settings_count(self):
        base = redump.fingerprint(PG_SCHEMA, "postgres")
        self.assertNotEqual(redump.fingerprint(PG_SCHEMA.replace("s text", "s varchar(3)"), "postgres"), base)
        self.assertNotEqual(redump.fingerprint(PG_SCHEMA.replace("SET statement_timeout = 0;\n", ""), "postgres"), base)
        my = "/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\nCREATE TABLE `a` (`b` int);\n"
        self.assertNotEqual(redump.fingerprint(my, "mysql"), redump.fingerprint(my.split("\n", 1)[1], "mysql"),
                            "--compact leaves out FOREIGN_KEY_CHECKS=0, which changes what restores")

    def test_pg_dumpall_counts_its_databases_sections_only(self):
        dumps = REPO / "crates" / "core" / "tests" / "dumps" / "postgres"
        one = (dumps / "pg_dump-schema-only.sql").read_text(encoding="utf-8")
        cluster = (dumps / "pg_dumpall-schema-only.sql").read_text(encoding="utf-8")
        self.assertIn("CREATE ROLE postgres;", cluster)
        self.assertEqual(redump.fingerprint(cluster, "postgres"), redump.fingerprint(one, "postgres"))
        more = cluster.replace("CREATE TABLE public.visit (", "CREATE TABLE public.extra (x int);\nCREATE TABLE public.visit (", 1)
        self.assertNotEqual(redump.fingerprint(more, "postgres"), redump.fingerprint(one, "postgres"))

    def test_sqlite_virtual_tables_written_as_inserts_count(self):
        vt = "PRAGMA writable_schema=ON;\nINSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','f','f',0,'CREATE VIRTUAL TABLE f USING fts5(x)');\n"
        self.assertNotEqual(redump.fingerprint(vt, "sqlite"), redump.fingerprint("PRAGMA writable_schema=ON;\n", "sqlite"))
        self.assertEqual(redump.fingerprint("CREATE TABLE a(x);\nINSERT INTO a VALUES('it''s; END;');\n", "sqlite"),
                         redump.fingerprint("CREATE TABLE a(x);\n", "sqlite"))


class AwkwardRowsTest(unittest.TestCase):
    def test_every_row_is_one_literal_per_dialect(self):
        for d in ("postgres", "mysql"):
            sql = redump.awkward_sql(d)
            self.assertEqual(sql.count("\n"), 2, f"{d}: newlines are escaped, not literal")
        self.assertEqual(redump.awkward_sql("sqlite").count("),\n"), 0, "SQLite strings hold the newlines themselves")
        self.assertIn("'quote''s", redump.awkward_sql("sqlite"))
        self.assertIn("E'back\\\\slash'", redump.awkward_sql("postgres"))


class KnownGapsTest(unittest.TestCase):
    def test_globs_and_reasons(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("# comment\n../x/*.sql  mariadb-dump-compact  no FOREIGN_KEY_CHECKS=0\n")
        known = redump.load_known(Path(fh.name))
        self.assertEqual(redump.known_reason("../x/a.sql", "mariadb-dump-compact", known), (0, "no FOREIGN_KEY_CHECKS=0"))
        self.assertIsNone(redump.known_reason("../x/a.sql", "mariadb-dump-no-data", known))


class ViewPartitionFactsTest(unittest.TestCase):
    def test_postgres_catalog_and_model_shapes_meet(self):
        real = {"tables": [
            {"schema": "public", "name": "m", "partition_by": "RANGE (logdate)", "columns": []},
            {"schema": "public", "name": "m_1", "columns": [],
             "partition_of": {"schema": "public", "name": "m", "bound": "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}}],
            "views": [{"schema": "public", "name": "v", "materialized": False, "columns": ["a"],
                       "reads": [{"schema": "public", "name": "m"}]}]}
        model = {"tables": [
            {"schema": None, "name": "m", "columns": [], "partition_by": {"strategy": "range", "key": ['"logdate"']}},
            {"schema": None, "name": "m_1", "columns": [],
             "partition_of": {"schema": None, "name": "m", "bound": "FOR VALUES FROM ('2024-01-01'::date) TO ('2025-01-01')"}}],
            "views": [{"schema": None, "name": "v", "materialized": False, "columns": None, "reads": [{"schema": None, "name": "m"}]}]}
        cmp = realdb.compare(realdb.normalize_model(real, "postgres"), realdb.normalize_model(model, "postgres"))
        self.assertEqual((cmp["matched"], cmp["total"]), (6, 6), cmp)
        self.assertEqual(cmp["optional_absent"], 1, "the model does not say a `SELECT *` view's columns")

    def test_mysql_partitions_from_information_schema(self):
        tables = {("d", "p"): {"name": "p"}}
        viewparts.mysql_partitions(tables, [
            {"db": "d", "table": "p", "name": "p0", "method": "RANGE", "expression": "year(`sold_on`)", "description": "2024"},
            {"db": "d", "table": "p", "name": "pmax", "method": "RANGE", "expression": "year(`sold_on`)", "description": "MAXVALUE"}])
        real = realdb.Facts()
        viewparts.partition_facts(real, tables[("d", "p")], None, "p", "mysql")
        got = realdb.Facts()
        viewparts.partition_facts(got, {"partition_by": {"strategy": "range", "key": ["YEAR(sold_on)"], "partitions": [
            {"name": "p0", "bound": "VALUES LESS THAN (2024)"}, {"name": "pmax", "bound": "VALUES LESS THAN MAXVALUE"}]}}, None, "p", "mysql")
        self.assertEqual(real.values, got.values)
        hashed = realdb.Facts()
        viewparts.partition_facts(hashed, {"partition_by": {"strategy": "hash", "key": ["id"], "count": 2, "partitions": []}}, None, "h", "mysql")
        self.assertEqual(hashed.values[("partition_by", None, "h")]["partitions"], [("p0", ""), ("p1", "")])

    def test_unknowable_view_columns_are_not_an_extra_fact(self):
        real = realdb.normalize_model({"tables": [], "views": [{"schema": "main", "name": "v", "columns": None}]}, "sqlite")
        got = realdb.normalize_model({"tables": [], "views": [{"schema": None, "name": "v", "columns": ["a", "b"]}]}, "sqlite")
        cmp = realdb.compare(real, got)
        self.assertEqual((cmp["matched"], cmp["total"]), (1, 1))


if __name__ == "__main__":
    unittest.main()
