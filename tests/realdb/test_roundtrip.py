"""Self-test of the round-trip comparison (tests/realdb/roundtrip.py); needs no database server.

    python3 -m unittest discover -s tests/realdb -p 'test_*.py'
"""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402
import roundtrip  # noqa: E402


def facts(*items):
    f = realdb.Facts()
    for key, value, *opt in items:
        f.put(key, value, optional=bool(opt))
    return f


class DiffTest(unittest.TestCase):
    def test_equal_changed_lost_invented_and_optional(self):
        a = facts((("table", "public", "t"), {}), (("column", "public", "t", "a"), {"nullable": True}),
                  (("fk", "public", "t", "t_fk"), {"columns": ["a"]}),
                  (("index", None, "t", "a_idx"), {"unique": False}, True))
        b = facts((("table", "public", "t"), {}), (("column", "public", "t", "a"), {"nullable": False}),
                  (("unique", "public", "t", "t_a_key"), {"columns": ["a"]}),
                  (("index", None, "t", "b_idx"), {"unique": False}, True))
        compared, equal, diffs = roundtrip.diff_facts(a, b)
        self.assertEqual((compared, equal), (4, 1))
        self.assertEqual(diffs, ["~ column public.t a", "- fk public.t t_fk", "+ unique public.t t_a_key"])

    def test_hostile_names_stay_on_one_line(self):
        self.assertEqual(roundtrip.key_text(("column", None, "select", "new\nline\\x")), "column select new\\nline\\\\x")

    def test_known_list_is_exact(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("# c\nf.sql :: - fk public.t t_fk :: the function is not in the model\n"
                     "f.sql :: + index public.t gone :: no longer happens\n"
                     "other.sql :: - table x :: file not checked in this run\n")
        known = roundtrip.load_known(Path(fh.name))
        results = [{"file": "f.sql", "differences": ["- fk public.t t_fk", "~ column public.t a"]}]
        new, stale = roundtrip.settle(results, known)
        self.assertEqual(new, [("f.sql", "~ column public.t a")])
        self.assertEqual([known[i][1] for i in stale], ["+ index public.t gone"])

    def test_known_line_needs_a_reason(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("f.sql :: - fk public.t t_fk\n")
        with self.assertRaises(SystemExit):
            roundtrip.load_known(Path(fh.name))

    def test_committed_list_parses(self):
        known = roundtrip.load_known()
        self.assertGreater(len(known), 0)
        self.assertTrue(all(r for _, _, r in known))


if __name__ == "__main__":
    unittest.main()
