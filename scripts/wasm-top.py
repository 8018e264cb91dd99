#!/usr/bin/env python3
"""Size profile of a wasm module: where its code bytes go, by crate, module path and function.

Reads the function bodies (code section) and the function names (the `name` custom section that
rustc/wasm-ld leave in `target/wasm32-unknown-unknown/release/*.wasm`; Trunk's wasm-opt strips
it from dist/). Names are demangled (Rust legacy mangling) and each function is charged to the
first crate of ours or a dependency named in it, so `<sqlparser::ast::Expr as core::fmt::Display>::fmt`
and `core::ptr::drop_in_place<sqlparser::ast::Statement>` both count for sqlparser.

    scripts/wasm-top.py FILE.wasm                   # crates, then top modules and functions
    scripts/wasm-top.py FILE.wasm --depth 3 --top 40
    scripts/wasm-top.py OLD.wasm NEW.wasm           # per-crate and per-module difference
    scripts/wasm-top.py FILE.wasm --grep Display    # only functions whose name matches

Sizes are of the unoptimised-by-wasm-opt module, so they are relative, not what ships.
"""
import argparse
import re
import sys
from collections import Counter

STD = {"core", "alloc", "std", "compiler_builtins", "dlmalloc", "hashbrown", "std_detect", "rustc_demangle"}


def leb(buf, i):
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, i


def sections(buf):
    if buf[:4] != b"\0asm":
        sys.exit("not a wasm module")
    i = 8
    while i < len(buf):
        sid = buf[i]
        size, j = leb(buf, i + 1)
        yield sid, buf[j : j + size]
        i = j + size


def demangle(sym):
    """Rust legacy mangling (`_ZN…E`), hash dropped. Rust v0 symbols (`_R…`, the standard
    library's) become the `::`-joined identifiers they contain, which is enough to charge them to
    their crate. Other names stay as they are."""
    if sym.startswith("_R"):
        idents = re.findall(r"(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)", sym[2:])
        out = [name[: int(n)] for n, name in idents if int(n) <= len(name)]
        return "::".join(out) + "::" if out else sym
    if not sym.startswith("_ZN"):
        return sym
    i, parts = 3, []
    while i < len(sym) and sym[i] != "E":
        m = re.match(r"\d+", sym[i:])
        if not m:
            return sym
        n = int(m.group())
        i += len(m.group())
        parts.append(sym[i : i + n])
        i += n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    subs = {"$LT$": "<", "$GT$": ">", "$u20$": " ", "$u27$": "'", "$u5b$": "[", "$u5d$": "]", "$u7b$": "{",
            "$u7d$": "}", "$RF$": "&", "$BP$": "*", "$C$": ",", "$SP$": "@", "$LP$": "(", "$RP$": ")", "..": "::"}
    out = "::".join(parts)
    for k, v in subs.items():
        out = out.replace(k, v)
    return out.lstrip("_") if out.startswith("_<") else out


def read(path):
    buf = open(path, "rb").read()
    imported = 0
    bodies, names, data = [], {}, 0
    for sid, body in sections(buf):
        if sid == 2:  # imports: functions come first in the index space
            count, i = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, i = leb(body, i)
                    i += n
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
                else:
                    _, i = leb(body, i + 1)
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(size + (j - i))
                i = j + size
        elif sid == 11:
            data = len(body)
        elif sid == 0:
            n, i = leb(body, 0)
            if body[i : i + n] != b"name":
                continue
            i += n
            while i < len(body):
                sub = body[i]
                size, j = leb(body, i + 1)
                if sub == 1:
                    count, k = leb(body, j)
                    for _ in range(count):
                        idx, k = leb(body, k)
                        ln, k = leb(body, k)
                        names[idx] = body[k : k + ln].decode("utf-8", "replace")
                        k += ln
                i = j + size
    funcs = []
    for n, size in enumerate(bodies):
        funcs.append((demangle(names.get(imported + n, f"func[{imported + n}]")), size))
    return funcs, data, len(buf)


# The first segment of each path in a name (paths start the name or follow `<`, a space, `(`, `&`,
# `*`, `[` or `,`).
CRATE = re.compile(r"(?:^|(?<=[<\s(&*\[,]))([A-Za-z_][A-Za-z0-9_]*)(?=::)")


def crate_of(name):
    found = CRATE.findall(name)
    for c in found:
        if c not in STD and c not in {"impl", "dyn"}:
            return c
    return found[0] if found else "(unnamed)"


def module_of(name, depth):
    """The module path of the function's crate, `depth` segments deep."""
    c = crate_of(name)
    m = re.search(r"(?:^|(?<=[<\s(&*\[,]))" + re.escape(c) + r"(?:::[A-Za-z_][A-Za-z0-9_]*)*", name)
    segs = (m.group() if m else c).split("::")
    return "::".join(segs[:depth])


def profile(path, depth, grep):
    funcs, data, total = read(path)
    if grep:
        funcs = [f for f in funcs if re.search(grep, f[0])]
    crates, mods = Counter(), Counter()
    for name, size in funcs:
        crates[crate_of(name)] += size
        mods[module_of(name, depth)] += size
    return funcs, crates, mods, data, total


def show(counter, top, title, total):
    print(f"\n{title}")
    for k, v in counter.most_common(top):
        print(f"{v:>10,} {100 * v / max(total, 1):5.1f}%  {k}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wasm", nargs="+")
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--grep")
    a = ap.parse_args()
    if len(a.wasm) == 1:
        funcs, crates, mods, data, total = profile(a.wasm[0], a.depth, a.grep)
        code = sum(s for _, s in funcs)
        print(f"{a.wasm[0]}: {total:,} bytes; code {code:,} in {len(funcs):,} functions; data {data:,}")
        show(crates, a.top, "by crate (code bytes)", code)
        show(mods, a.top, f"by module (depth {a.depth})", code)
        show(Counter(dict(funcs)), a.top, "largest functions", code)
        return
    old, new = (profile(p, a.depth, a.grep) for p in a.wasm[:2])
    print(f"total {old[4]:,} -> {new[4]:,} ({new[4] - old[4]:+,}); data {old[3]:,} -> {new[3]:,}")
    for i, title in ((1, "by crate"), (2, f"by module (depth {a.depth})")):
        keys = set(old[i]) | set(new[i])
        rows = sorted(keys, key=lambda k: abs(new[i][k] - old[i][k]), reverse=True)[: a.top]
        print(f"\n{title}: old -> new (difference)")
        for k in rows:
            print(f"{old[i][k]:>10,} -> {new[i][k]:>10,} ({new[i][k] - old[i][k]:+,})  {k}")


if __name__ == "__main__":
    main()
