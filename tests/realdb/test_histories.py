"""Unit tests of histories.py without servers: the list files, line mapping, the known-gap kinds."""
import unittest
from pathlib import Path

import histories


class ListsTest(unittest.TestCase):
    def test_every_corpus_folder_is_listed_once_as_history_or_with_a_reason(self):
        listed = {h[0].split("/")[0] for h in histories.histories()}
        reasons = set()
        for raw in histories.LIST.read_text().splitlines():
            w = raw.split("#", 1)[0].split()
            if len(w) >= 2 and w[1] == "-":
                reasons.add(w[0])
        corpus = histories.realdb.corpus_dir() / "migrations"
        if corpus.is_dir():
            folders = {p.name for p in corpus.iterdir() if p.is_dir()}
            self.assertEqual(folders - listed - reasons, set(), "a corpus folder is neither a history nor explained")
        self.assertFalse(listed & reasons)

    def test_known_gaps_name_listed_histories(self):
        keys = {f"{f} {d}" for f, d, _ in histories.histories()}
        for key in histories.load_gaps():
            self.assertIn(key, keys)


class MappingTest(unittest.TestCase):
    def test_locate_maps_combined_lines_to_files(self):
        starts = [(1, "a.sql", 3), (6, "b.sql", 2)]
        self.assertEqual(histories.locate(starts, 2), ("a.sql", 2))
        self.assertEqual(histories.locate(starts, 4), ("(between files)", None))
        self.assertEqual(histories.locate(starts, 7), ("b.sql", 2))
        self.assertEqual(histories.locate(starts, None), ("?", None))

    def test_combined_blanks_outside_the_applied_part(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            text = "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n"
            (Path(d) / "1_a.sql").write_text(text)
            up_start = text.index("CREATE")
            up_end = text.index("-- migrate:down")
            combined, starts = histories.combined(Path(d), [{"path": "1_a.sql", "up": [up_start, up_end]}])
            self.assertNotIn("migrate:up", combined)
            self.assertNotIn("DROP", combined)
            self.assertEqual(combined.splitlines()[1], "CREATE TABLE a (id int);", "lines stay the file's own")
            self.assertEqual(starts, [(1, "1_a.sql", 3)])

    def test_extra_only_gaps_still_fail_on_missing_or_different_facts(self):
        ok = {"missing": 0, "differ": 0, "extra": 5}
        self.assertTrue(histories.tolerated(ok, ("extra-only", "")))
        self.assertFalse(histories.tolerated({**ok, "missing": 1}, ("extra-only", "")))
        self.assertFalse(histories.tolerated({**ok, "differ": 1}, ("extra-only", "")))
        self.assertTrue(histories.tolerated({**ok, "missing": 1}, ("any", "")))
        self.assertFalse(histories.tolerated(ok, None))


if __name__ == "__main__":
    unittest.main()
