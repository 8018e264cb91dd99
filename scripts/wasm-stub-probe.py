#!/usr/bin/env python3
"""What a wasm module would weigh, shipped, without some of its functions: a size probe.

For each REGEX, the functions whose (demangled) name matches get the body `unreachable`; every
function only they called is then dropped by wasm-opt's own dead-code removal. The module goes
through the same steps as Trunk's release build (wasm-bindgen --target web, wasm-opt -Oz with
index.html's feature flags) and is compressed with brotli -q 11. The first line is the module
unchanged, through the same steps (it should equal the shipped `dist/*_bg.wasm` to a few hundred
bytes: the check that the probe measures what ships).

It answers "how big would the first module be if X ran elsewhere" with a real optimised module
instead of a reference-graph estimate (`scripts/wasm-reach.py`). It over-states the result a
little: the data section is kept whole (strings only the removed code used stay), and each
stubbed function keeps a 3-byte body.

    pip install brotli
    scripts/wasm-stub-probe.py target/wasm32-unknown-unknown/release/schema-playground.wasm \\
        'sqlparser=^<?sqlparser::' \\
        'parse+lint=^<?(sqlparser|schemaplay_core::(parse|lint))::' --keep 'lint::triage'

Each argument after the module is NAME=REGEX. Needs node_modules/.bin (binaryen, from npm) and
wasm-bindgen on PATH.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

import brotli

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "..", "node_modules", "binaryen", "bin")
FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
            "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"]
_spec = importlib.util.spec_from_file_location("wasm_top", os.path.join(HERE, "wasm-top.py"))
wasm_top = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wasm_top)


def binaryen(tool, *args):
    # binaryen's JS build recurses deeply on large functions: give node a larger stack.
    cmd = f"ulimit -s unlimited && exec node --stack-size=200000 {os.path.join(BIN, tool)} " + " ".join(args)
    subprocess.run(["bash", "-c", cmd], check=True)


def stub(wat, names, pat, keep):
    """The text form with matching functions' bodies replaced; (text, count, code bytes)."""
    out, k, n, size, skipping = [], 0, 0, 0, False
    for line in wat.split("\n"):
        if line.startswith(" (func "):
            name, s = names[k]
            k += 1
            skipping = bool(pat.search(name)) and not (keep and keep.search(name))
            out.append(line)
            if skipping:
                n, size = n + 1, size + s
                out.append("  (unreachable)")
            continue
        if skipping:
            if line == " )":
                skipping = False
                out.append(line)
            continue
        out.append(line)
    if k != len(names):
        sys.exit(f"text form has {k} functions, the name section {len(names)}")
    return "\n".join(out), n, size


def shipped(wat_path, tmp, tag):
    pre, opt = os.path.join(tmp, tag + ".pre.wasm"), os.path.join(tmp, tag + ".opt.wasm")
    binaryen("wasm-as", *FEATURES, wat_path, "-o", pre)
    binaryen("wasm-opt", "-Oz", *FEATURES, pre, "-o", opt)
    body = open(opt, "rb").read()
    return len(body), len(brotli.compress(body, quality=11))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wasm")
    ap.add_argument("probes", nargs="+", metavar="NAME=REGEX")
    ap.add_argument("--keep", help="functions matching this stay even when a probe matches them")
    a = ap.parse_args()
    keep = re.compile(a.keep) if a.keep else None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["wasm-bindgen", "--target", "web", "--no-typescript", "--out-dir", tmp,
                        "--out-name", "m", a.wasm], check=True)
        bg = os.path.join(tmp, "m_bg.wasm")
        names, _, _ = wasm_top.read(bg)
        wat_path = os.path.join(tmp, "m.wat")
        binaryen("wasm-dis", bg, "-o", wat_path)
        wat = open(wat_path).read()
        raw, br = shipped(wat_path, tmp, "unchanged")
        print(f"{'probe':<28} {'stubbed fns':>11} {'code bytes':>11} {'raw':>10} {'brotli':>9} {'delta':>9}")
        print(f"{'(unchanged)':<28} {0:>11} {0:>11} {raw:>10} {br:>9} {0:>9}")
        for probe in a.probes:
            tag, _, regex = probe.partition("=")
            text, n, size = stub(wat, names, re.compile(regex), keep)
            path = os.path.join(tmp, "p.wat")
            open(path, "w").write(text)
            r, b = shipped(path, tmp, "p")
            print(f"{tag:<28} {n:>11} {size:>11} {r:>10} {b:>9} {b - br:>9}")


if __name__ == "__main__":
    main()
