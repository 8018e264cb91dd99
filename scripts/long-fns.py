#!/usr/bin/env python3
"""Lists Rust functions longer than a limit (default 150 lines), longest first.

A function runs from its `fn` line to the first `}` line at the same indentation (rustfmt's
layout; one-line functions are skipped). Usage: scripts/long-fns.py [LIMIT] [DIR or FILE ...]
(default dirs: crates src). Exit status 0 always: this is a report, not a gate.
"""
import os
import re
import sys

FN = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def functions(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = FN.match(line)
        if not m or line.rstrip().endswith(";") or line.rstrip().endswith("}"):
            continue
        close = m.group(1) + "}"
        for j in range(i + 1, len(lines)):
            if lines[j].rstrip() == close:
                yield m.group(7), i + 1, j - i + 1
                break


def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 150
    dirs = args or ["crates", "src"]
    found = []
    for d in dirs:
        walk = [(os.path.dirname(d), [], [os.path.basename(d)])] if os.path.isfile(d) else os.walk(d)
        for root, subdirs, files in walk:
            subdirs[:] = [s for s in subdirs if s not in ("target", "node_modules", "vendor")]
            for name in files:
                if name.endswith(".rs"):
                    path = os.path.join(root, name)
                    found += [(n, path, line, length) for n, line, length in functions(path) if length > limit]
    for n, path, line, length in sorted(found, key=lambda f: -f[3]):
        print(f"{length:5}  {path}:{line}  {n}")


if __name__ == "__main__":
    main()
