#!/usr/bin/env python3
"""What each crate of a wasm module weighs compressed: its function bodies (code section) put
together and compressed with brotli -q 11, per crate (our engine per top module), plus the data
section. Reads the name section like scripts/wasm-top.py (so: the module in
target/wasm32-unknown-unknown/release/, before wasm-opt). Compressing parts apart costs more than
compressing the whole, so read the figures as shares, not a sum.

    pip install brotli
    scripts/wasm-crate-brotli.py target/wasm32-unknown-unknown/release/schema-playground.wasm
"""
import collections
import importlib.util
import os
import sys

import brotli

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("wasm_top", os.path.join(here, "wasm-top.py"))
wt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wt)

OURS = ("schemaplay_core", "schema_playground", "sqlparser")


def crate_of(name):
    crates = wt.CRATE.findall(name)
    for c in crates:
        if c in OURS:
            if c == "schemaplay_core":
                return "schemaplay_core::" + name.split("schemaplay_core::", 1)[1].split("::")[0]
            return c
    return crates[0] if crates else "(unnamed)"


def main(path, min_bytes=20000):
    buf = open(path, "rb").read()
    funcs, _, _ = wt.read(path)
    bodies, data = [], b""
    for sid, body in wt.sections(buf):
        if sid == 10:
            count, i = wt.leb(body, 0)
            for _ in range(count):
                size, j = wt.leb(body, i)
                bodies.append(body[i : j + size])
                i = j + size
        elif sid == 11:
            data = body
    groups = collections.defaultdict(list)
    for (name, _), body in zip(funcs, bodies):
        groups[crate_of(name)].append(body)
    br = lambda b: len(brotli.compress(b, quality=11))
    print(f"{path}: all code {br(b''.join(bodies)):,} B brotli; data {len(data):,} B, {br(data):,} B brotli")
    rows = [(br(b"".join(bs)), sum(map(len, bs)), c) for c, bs in groups.items() if sum(map(len, bs)) >= min_bytes]
    print(f"{'brotli':>9} {'code':>10}  crate")
    for b, raw, c in sorted(rows, reverse=True):
        print(f"{b:>9,} {raw:>10,}  {c}")


if __name__ == "__main__":
    main(sys.argv[1])
