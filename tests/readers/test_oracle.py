"""Unit tests of oracle.py's pure parts (no servers, no node): type canonicalisation, the MySQL
schema's PostgreSQL twin, the model comparison."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oracle  # noqa: E402


class PgType(unittest.TestCase):
    def test_our_spellings_meet_format_type(self):
        for ours, real in [
            ("serial", "integer"), ("bigserial", "bigint"), ("timestamp(3)", "timestamp(3) without time zone"),
            ("TIMESTAMPTZ(6)", "timestamp(6) with time zone"), ("decimal(65,30)", "numeric(65,30)"),
            ("varchar(10)", "character varying(10)"), ("char(3)", "character(3)"), ('"role_t"[]', "role_t[]"),
            ("double precision", "double precision"), ("float", "double precision"), ("timetz", "time with time zone"),
            ("time(0)", "time(0) without time zone"), ("varbit(8)", "bit varying(8)"), ("public.mood", "mood"),
        ]:
            self.assertEqual(oracle.pg_type(ours), oracle.pg_type(real), ours)
        self.assertNotEqual(oracle.pg_type("timestamp"), oracle.pg_type("timestamptz"))
        self.assertNotEqual(oracle.pg_type("varchar(10)"), oracle.pg_type("varchar(11)"))


class Twin(unittest.TestCase):
    def test_mysql_only_attributes_are_dropped(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "s.prisma"
            src.write_text('datasource db {\n  provider = "mysql"\n}\nmodel A {\n  id Int @id\n  t String @db.LongText\n'
                           '  v String @db.VarChar(20)\n  @@fulltext([t])\n  @@index([v(length: 5)])\n}\n')
            twin = (oracle.pg_twin(src, Path(d) / "out") / "s.prisma").read_text()
            self.assertIn('"postgresql"', twin)
            self.assertNotIn("LongText", twin)
            self.assertIn("@db.VarChar(20)", twin)
            self.assertNotIn("fulltext", twin)
            self.assertIn("@@index([v])", twin)


class ModelDiff(unittest.TestCase):
    def test_logical_keys_and_order_and_type_quotes_do_not_count(self):
        t = {"schema": None, "name": "a", "columns": [{"name": "x", "type": '"E"', "nullable": False}],
             "foreign_keys": [{"name": "f", "logical": True}], "indexes": [{"name": "i1"}, {"name": "i2"}]}
        u = {"schema": None, "name": "a", "columns": [{"name": "x", "type": "E", "nullable": False}],
             "foreign_keys": [], "indexes": [{"name": "i2"}, {"name": "i1"}]}
        c, e, diffs, _ = oracle.model_diffs({"tables": [t]}, {"tables": [u]}, "postgres")
        self.assertEqual(diffs, [])
        self.assertEqual(c, e)
        u["columns"][0]["nullable"] = True
        _, _, diffs, _ = oracle.model_diffs({"tables": [t]}, {"tables": [u]}, "postgres")
        self.assertEqual(diffs, ["model ~ column public.a.x"])


if __name__ == "__main__":
    unittest.main()
