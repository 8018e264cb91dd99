#!/usr/bin/env python3
"""Who keeps a function in a wasm module, and what would leave it if some references went.

`scripts/wasm-top.py` says where the bytes are; this says why they are there. It reads the
module's reference graph from binaryen's text form (`wasm-dis`, from npm's binaryen in
node_modules/.bin): direct calls, `ref.func`, and function pointers stored by code (the
`i32.const` table slot stored into memory, as `fmt::Arguments` and closures do). Roots are the
exports and every table entry that no code stores (reached through a vtable in data).

    scripts/wasm-reach.py FILE.wasm --who 'Expr as core::fmt::Display>::fmt$'
        the functions that reference each match
    scripts/wasm-reach.py FILE.wasm --cut FROM TO
        bytes that become unreachable when every reference from a function matching FROM to
        one matching TO is removed (e.g. FROM '^schemaplay_core::' TO 'sqlparser.*Display')
    scripts/wasm-reach.py FILE.wasm --chains FROM TO TARGET
        after that cut, the references that still reach TARGET, one chain at a time, each cut
        in turn until TARGET is unreachable (who else keeps it)
    --not-roots REGEX   table entries matching REGEX are not roots (trait methods whose vtable
        only the cut code creates, e.g. 'sqlparser' for the `dyn Dialect` methods)

FILE is `target/wasm32-unknown-unknown/release/*.wasm` (the name section is needed; Trunk's
wasm-opt strips it from dist/). Sizes are code bytes before wasm-opt, and the graph is an
approximation (a stored constant that equals a table slot counts as a reference), so figures are
estimates to decide with; the release build measures (`scripts/first-load.mjs`).
"""
import argparse
import collections
import importlib.util
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("wasm_top", os.path.join(HERE, "wasm-top.py"))
wasm_top = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wasm_top)


def graph(path):
    """(edges, roots, size, name): the reference graph keyed by the module's symbol names."""
    dis = os.path.join(HERE, "..", "node_modules", ".bin", "wasm-dis")
    text = subprocess.run([dis, path], check=True, capture_output=True, text=True).stdout
    funcs, _, _ = wasm_top.read(path)
    edges, stored, order, elem, exports = collections.defaultdict(set), collections.defaultdict(set), [], [], []
    cur, prev1, prev2 = None, "", ""
    for line in text.splitlines():
        if line.startswith(" (func "):
            cur = line.split()[1][1:]
            order.append(cur)
        elif line.startswith(" (elem "):
            elem = re.findall(r"\$(\S+?)(?=[ )])", line.split("(i32.const 1)", 1)[1])
        elif line.startswith(" (export "):
            m = re.search(r"\(func \$(\S+?)\)", line)
            if m:
                exports.append(m.group(1))
        elif cur is not None:
            for m in re.finditer(r"call \$([^\s)]+)|ref\.func \$([^\s)]+)", line):
                edges[cur].add(m.group(1) or m.group(2))
            m = re.search(r"i32\.const (\d+)", line)
            if m and "i32.store" in prev2 and prev1.strip().startswith("(local.get"):
                stored[cur].add(int(m.group(1)))
            prev2, prev1 = prev1, line
    slot = {i + 1: n for i, n in enumerate(elem)}
    used = set()
    for f, consts in stored.items():
        for c in consts:
            if c in slot:
                edges[f].add(slot[c])
                used.add(slot[c])
    # the text lists defined functions in the code section's order
    size = {n: s for (_, s), n in zip(funcs, order)}
    name = {n: d for (d, _), n in zip(funcs, order)}
    return edges, exports, [n for n in elem if n not in used], size, name


def reach(roots, edges, cut):
    seen, stack = set(), list(roots)
    while stack:
        x = stack.pop()
        if x in seen:
            continue
        seen.add(x)
        stack.extend(y for y in edges.get(x, ()) if not cut(x, y))
    return seen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wasm")
    ap.add_argument("--who")
    ap.add_argument("--cut", nargs=2, metavar=("FROM", "TO"))
    ap.add_argument("--chains", nargs=3, metavar=("FROM", "TO", "TARGET"))
    ap.add_argument("--not-roots")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    edges, exports, vtable, size, name = graph(a.wasm)
    nr = re.compile(a.not_roots) if a.not_roots else None
    roots = set(exports) | {n for n in vtable if not (nr and nr.search(name.get(n, n)))}
    nm = lambda n: name.get(n, n)
    base = reach(roots, edges, lambda x, y: False)
    total = sum(size.get(n, 0) for n in base)
    if a.who:
        pat = re.compile(a.who)
        rev = collections.defaultdict(set)
        for x, ys in edges.items():
            for y in ys:
                rev[y].add(x)
        for t in sorted((n for n in base if pat.search(nm(n))), key=lambda n: -size.get(n, 0))[: a.top]:
            print(f"{size.get(t, 0):>8} {nm(t)}")
            for r in sorted(rev[t] & base, key=lambda n: -size.get(n, 0))[: a.top]:
                print(f"{'':>8}   <- {size.get(r, 0):>7} {nm(r)[:150]}{' [root]' if r in roots else ''}")
        return
    spec = a.cut or (a.chains[:2] if a.chains else None)
    if not spec:
        ap.error("one of --who, --cut, --chains")
    cf, ct = re.compile(spec[0]), re.compile(spec[1])
    extra = set()
    cut = lambda x, y: (x, y) in extra or (bool(cf.search(nm(x))) and bool(ct.search(nm(y))))
    if a.chains:
        target = re.compile(a.chains[2])
        for _ in range(100):
            parent, queue = {r: None for r in roots}, collections.deque(roots)
            while queue:
                x = queue.popleft()
                for y in edges.get(x, ()):
                    if y not in parent and not cut(x, y):
                        parent[y] = x
                        queue.append(y)
            hit = next((n for n in parent if target.search(nm(n))), None)
            if hit is None:
                print("TARGET unreachable now")
                break
            chain = []
            while hit is not None:
                chain.append(hit)
                hit = parent[hit]
            chain.reverse()
            print("  " + " -> ".join(nm(n)[:90] for n in chain[-3:]))
            extra.add((chain[-2], chain[-1]))
    left = reach(roots, edges, cut)
    gone = base - left
    freed = sum(size.get(n, 0) for n in gone)
    print(f"reachable: {len(base)} functions, {total} code bytes; unreachable after the cut: {len(gone)} functions, {freed} bytes ({100 * freed / max(total, 1):.1f} %)")
    by = collections.Counter()
    for n in gone:
        by[wasm_top.crate_of(nm(n))] += size.get(n, 0)
    print("  by crate: " + ", ".join(f"{c} {b}" for c, b in by.most_common(8)))
    for n in sorted(gone, key=lambda n: -size.get(n, 0))[: a.top]:
        print(f"{size.get(n, 0):>8} {nm(n)[:150]}")


if __name__ == "__main__":
    sys.exit(main())
