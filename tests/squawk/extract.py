#!/usr/bin/env python3
"""Extracts squawk's own rule tests as conformance fixtures for `schemaplay check-migration`.

Reads the Rust test modules of `crates/squawk_linter/src/rules/**/*.rs` in a squawk source tree
(the squawk-cli sdist that `tests/squawk/fetch.sh` downloads from PyPI) and writes one JSON
document with, per test input:

  {"test": "adding_field_with_default::default_uuid_error", "rule": "adding-field-with-default",
   "ids": {"adding-field-with-default": "error"}, "sql": "...",
   "pg_version": 15, "assume_in_transaction": false}

- `rule` is the rule the test runs (`Rule::X` as its kebab-case id); `ids` is the expected verdict per
  rule id the test asserts: "error" (`lint_errors*`, `fix_sql*`: at least one violation) or "ok"
  (`lint_ok*`: none). The alias `require-timeout-settings` expands to `require-lock-timeout` and
  `require-statement-timeout`; for an error its snapshot says which of the two fire.
- `pg_version` and `assume_in_transaction` are the test's `LinterSettings` (squawk's defaults:
  PostgreSQL 15, no transaction).

Nothing is executed: the Rust text is read with a small tokenizer (strings, raw strings, comments,
brackets). A test whose verdict call cannot be resolved is listed under "skipped" with the reason,
so a change of squawk's test style shows up instead of silently shrinking the suite.

Usage: extract.py SQUAWK_SOURCE_ROOT OUT.json
"""
import json
import re
import sys
from pathlib import Path

VERDICT_FNS = {
    "lint_ok": ("ok", False),
    "lint_ok_with": ("ok", True),
    "lint_errors": ("error", False),
    "lint_errors_with": ("error", True),
    "fix_sql": ("error", False),
    "fix_sql_with": ("error", True),
}
TIMEOUT_ALIAS = "require-timeout-settings"
TIMEOUT_IDS = ["require-lock-timeout", "require-statement-timeout"]


def kebab(camel):
    """`Rule::AddingFieldWithDefault` → the rule's id, as squawk's Display spells it."""
    special = {"PreferTimestampTz": "prefer-timestamp-tz", "DisallowedUniqueConstraint": "disallowed-unique-constraint"}
    if camel in special:
        return special[camel]
    return re.sub(r"(?<!^)(?=[A-Z])", "-", camel).lower()


# ---------------------------------------------------------------- tokenizer


def tokenize(src):
    """Rust tokens: ('str', value) for string literals (raw or escaped), ('id', name), ('p', char).
    Comments and whitespace are dropped."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "r" and re.match(r'r#*"', src[i:]):
            m = re.match(r'r(#*)"', src[i:])
            close = '"' + m.group(1)
            start = i + len(m.group(0))
            j = src.find(close, start)
            j = n if j < 0 else j
            out.append(("str", src[start:j]))
            i = j + len(close)
        elif c == '"':
            val, i = read_escaped(src, i + 1)
            out.append(("str", val))
        elif c == "'":
            # char literal or lifetime
            m = re.match(r"'(\\.|[^\\'])'", src[i:])
            i += len(m.group(0)) if m else 1
        elif c.isalpha() or c == "_":
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", src[i:])
            out.append(("id", m.group(0)))
            i += len(m.group(0))
        elif c.isdigit():
            m = re.match(r"[0-9][0-9_.a-z]*", src[i:])
            out.append(("num", m.group(0)))
            i += len(m.group(0))
        else:
            out.append(("p", c))
            i += 1
    return out


ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def read_escaped(src, i):
    buf = []
    while i < len(src):
        c = src[i]
        if c == '"':
            return "".join(buf), i + 1
        if c == "\\":
            nxt = src[i + 1] if i + 1 < len(src) else ""
            if nxt == "\n":  # line continuation: skip the newline and the next line's indentation
                i += 2
                while i < len(src) and src[i] in " \t\r\n":
                    i += 1
                continue
            if nxt == "u":
                m = re.match(r"\\u\{([0-9a-fA-F]+)\}", src[i:])
                buf.append(chr(int(m.group(1), 16)))
                i += len(m.group(0))
                continue
            buf.append(ESCAPES.get(nxt, nxt))
            i += 2
            continue
        buf.append(c)
        i += 1
    return "".join(buf), i


def matching(toks, i):
    """Index of the bracket closing the one at `i`."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    open_c = toks[i][1]
    close_c, depth = pairs[open_c], 0
    for k in range(i, len(toks)):
        if toks[k] == ("p", open_c):
            depth += 1
        elif toks[k] == ("p", close_c):
            depth -= 1
            if depth == 0:
                return k
    return len(toks) - 1


def split_args(toks):
    """Splits a token list at commas outside brackets."""
    args, cur, depth = [], [], 0
    for t in toks:
        if t[0] == "p" and t[1] in "([{":
            depth += 1
        elif t[0] == "p" and t[1] in ")]}":
            depth -= 1
        if t == ("p", ",") and depth == 0:
            args.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        args.append(cur)
    return args


# ---------------------------------------------------------------- reading a test module


def functions(toks):
    """(name, is_test, params tokens, body tokens) for every `fn` in the token list."""
    out = []
    i = 0
    while i < len(toks):
        if toks[i] == ("id", "fn") and i + 2 < len(toks) and toks[i + 1][0] == "id" and toks[i + 2] == ("p", "("):
            name = toks[i + 1][1]
            pe = matching(toks, i + 2)
            j = pe + 1
            while j < len(toks) and toks[j] != ("p", "{"):
                j += 1
            if j >= len(toks):
                break
            be = matching(toks, j)
            # `#[test]` right before: tokens '#', '[', 'test', ']'
            is_test = i >= 4 and toks[i - 4 : i] == [("p", "#"), ("p", "["), ("id", "test"), ("p", "]")]
            out.append((name, is_test, toks[i + 3 : pe], toks[j + 1 : be]))
            i = be + 1
        else:
            i += 1
    return out


def rule_of(tokens):
    for k in range(len(tokens) - 3):
        if tokens[k] == ("id", "Rule") and tokens[k + 1] == ("p", ":") and tokens[k + 2] == ("p", ":") and tokens[k + 3][0] == "id":
            return kebab(tokens[k + 3][1])
    return None


def settings_of(tokens):
    """A `LinterSettings { pg_version: "11".parse()..., assume_in_transaction: true, .. }` literal."""
    s = {}
    for k, t in enumerate(tokens):
        if t == ("id", "pg_version"):
            for u in tokens[k + 1 : k + 4]:
                if u[0] == "str":
                    s["pg_version"] = u[1]
                    break
        if t == ("id", "assume_in_transaction") and k + 2 < len(tokens):
            s["assume_in_transaction"] = tokens[k + 2] == ("id", "true")
    return s


def call_name(tokens, k):
    """The function name of a call whose '(' is at k (last path segment)."""
    if k >= 1 and tokens[k - 1][0] == "id":
        return tokens[k - 1][1]
    return None


def helpers_of(fns):
    """Local wrappers: fn lint_errors_with(sql, settings) { crate::test_utils::lint_errors_with(sql, settings, Rule::X) }."""
    helpers = {}
    for name, is_test, params, body in fns:
        if is_test:
            continue
        for k, t in enumerate(body):
            if t == ("p", "(") and call_name(body, k) in VERDICT_FNS:
                callee = call_name(body, k)
                args = split_args(body[k + 1 : matching(body, k)])
                verdict, _ = VERDICT_FNS[callee]
                param_names = [p[0][1] for p in split_args(params) if p and p[0][0] == "id"]
                helpers[name] = {"verdict": verdict, "callee": callee, "rule": rule_of(body), "params": param_names, "args": args}
                break
    return helpers


def settings_arg(arg, env, settings_fns):
    """The settings a `LinterSettings` argument holds: a literal, a `let` name or a helper call."""
    arg = [t for t in arg if t != ("p", "&")]
    if len(arg) == 1 and arg[0][0] == "id":
        v = env.get(arg[0][1])
        return v[1] if isinstance(v, tuple) else {}
    if len(arg) == 3 and arg[0][0] == "id" and arg[1:] == [("p", "("), ("p", ")")]:
        return settings_fns.get(arg[0][1], {})
    return settings_of(arg)


def value_of(arg, env):
    """The string an argument evaluates to: a literal, a `let` name, `format!(...)` with `{}` /
    `{name}` placeholders, or `"x".repeat(n)`. None when it is anything else."""
    arg = [t for t in arg if t != ("p", "&")]
    if len(arg) == 1 and arg[0][0] == "str":
        return arg[0][1]
    if len(arg) == 1 and arg[0][0] == "id":
        v = env.get(arg[0][1])
        return v if isinstance(v, str) else None
    # "x".repeat(n)
    if len(arg) == 6 and arg[0][0] == "str" and arg[1] == ("p", ".") and arg[2] == ("id", "repeat") and arg[4][0] == "num":
        return arg[0][1] * int(arg[4][1])
    # format!(fmt, args...)
    if len(arg) >= 4 and arg[0] == ("id", "format") and arg[1] == ("p", "!") and arg[2] == ("p", "("):
        parts = split_args(arg[3 : matching(arg, 2)])
        if not parts or len(parts[0]) != 1 or parts[0][0][0] != "str":
            return None
        positional = [value_of(a, env) for a in parts[1:]]
        out, pos = [], 0

        def sub(m):
            nonlocal pos
            name = m.group(1)
            if name == "":
                v = positional[pos] if pos < len(positional) else None
                pos += 1
            else:
                v = env.get(name)
            if not isinstance(v, str):
                raise ValueError(name)
            return v

        try:
            return re.sub(r"\{([A-Za-z_0-9]*)\}", sub, parts[0][0][1].replace("{{", "\x00").replace("}}", "\x01")).replace("\x00", "{").replace("\x01", "}")
        except ValueError:
            return None
    return None


def lets(body):
    """`let name = <string literal>;` and `let name = LinterSettings {...};` in a test body."""
    env = {}
    for k, t in enumerate(body):
        if t == ("id", "let") and k + 2 < len(body) and body[k + 1][0] == "id" and body[k + 2] == ("p", "="):
            j = k + 3
            end = j
            depth = 0
            while end < len(body):
                u = body[end]
                if u[0] == "p" and u[1] in "([{":
                    depth += 1
                elif u[0] == "p" and u[1] in ")]}":
                    depth -= 1
                elif u == ("p", ";") and depth == 0:
                    break
                end += 1
            expr = body[j:end]
            v = value_of(expr, env)
            if v is not None:
                env[body[k + 1][1]] = v
            elif expr and expr[0] == ("id", "LinterSettings"):
                env[body[k + 1][1]] = ("settings", settings_of(expr))
            elif expr and any(t2 == ("id", "LinterSettings") for t2 in expr[:6]):
                env[body[k + 1][1]] = ("settings", settings_of(expr))
    return env


def snapshot_ids(text):
    return sorted(set(re.findall(r"warning\[([a-z-]+)\]", text)))


def inline_snapshot(body, call_end):
    """The first `@"..."` inline snapshot after the call ending at `call_end` and before the next
    verdict call (the call may sit in `assert_snapshot!(...)` or in a `let` read by it)."""
    for k in range(call_end, len(body) - 1):
        if body[k] == ("p", "(") and call_name(body, k) in VERDICT_FNS:
            return None
        if body[k] == ("p", "@") and body[k + 1][0] == "str":
            return body[k + 1][1]
    return None


def fixed_timeouts(sql, fixed):
    """For a `fix_sql` of require-timeout-settings: the ids whose `set ...` the fix inserted."""
    fixed = fixed.replace("\\r", "\n").replace("\\n", "\n")  # a `{:?}` snapshot spells line ends as escapes
    out = []
    for rid, setting in (("require-lock-timeout", "lock_timeout"), ("require-statement-timeout", "statement_timeout")):
        pat = re.compile(r"\bset\s+" + setting + r"\b", re.I)
        if len(pat.findall(fixed)) > len(pat.findall(sql)):
            out.append(rid)
    return out


def extract_file(path, snap_dir):
    src = path.read_text(encoding="utf-8")
    m = re.search(r"#\[cfg\(test\)\]\s*mod (test|tests)\s*\{", src)
    if not m:
        return [], []
    mod_name = m.group(1)
    toks = tokenize(src[m.end() - 1 :])
    body_end = matching(toks, 0)
    fns = functions(toks[1:body_end])
    helpers = helpers_of(fns)
    # fn pg19() -> LinterSettings { LinterSettings { ... } }
    settings_fns = {n: settings_of(b) for n, t, _p, b in fns if not t and n not in helpers and ("id", "LinterSettings") in b}
    stem = path.stem
    fixtures, skipped = [], []
    for name, is_test, _params, body in fns:
        if not is_test:
            continue
        env = lets(body)
        found = 0
        snap_no = 0
        for k, t in enumerate(body):
            if t != ("p", "("):
                continue
            fname = call_name(body, k)
            if fname not in VERDICT_FNS and fname not in helpers:
                continue
            close = matching(body, k)
            args = split_args(body[k + 1 : close])
            settings, rule = {}, None
            if fname in helpers:
                h = helpers[fname]
                verdict, rule, callee = h["verdict"], h["rule"], h["callee"]
                bound = dict(zip(h["params"], args))
                sql = value_of(bound.get(h["params"][0], []) if h["params"] else [], env) if h["params"] else None
                if len(h["params"]) > 1:
                    settings = settings_arg(bound.get(h["params"][1], []), env, settings_fns)
                # a helper that passes fixed settings itself
                for a in h["args"][1:]:
                    if not (len(a) == 1 and a[0][0] == "id" and a[0][1] in h["params"]) and rule_of(a) is None:
                        settings = {**settings_arg(a, {}, settings_fns), **settings}
            else:
                verdict, with_settings = VERDICT_FNS[fname]
                callee = fname
                sql = value_of(args[0], env) if args else None
                rule = rule_of(args[-1]) if args else None
                if with_settings and len(args) >= 3:
                    settings = settings_arg(args[1], env, settings_fns)
            if sql is None or rule is None:
                skipped.append({"test": f"{stem}::{name}", "reason": f"unresolved call {fname}"})
                continue
            snap = None
            if verdict == "error":
                snap = inline_snapshot(body, close + 1)
                if snap is None:
                    snap_no += 1
                    suffix = "" if snap_no == 1 else f"-{snap_no}"
                    f = snap_dir / f"squawk_linter__rules__{stem}__{mod_name}__{name}{suffix}.snap"
                    snap = f.read_text(encoding="utf-8") if f.exists() else None
            if rule == TIMEOUT_ALIAS:
                if verdict == "ok":
                    ids = {i: "ok" for i in TIMEOUT_IDS}
                elif snap is not None and callee.startswith("fix_sql") and fixed_timeouts(sql, snap):
                    fired = fixed_timeouts(sql, snap)
                    ids = {i: ("error" if i in fired else "ok") for i in TIMEOUT_IDS}
                elif snap is None or not snapshot_ids(snap):
                    skipped.append({"test": f"{stem}::{name}", "reason": "require-timeout-settings error without a snapshot naming the ids"})
                    continue
                else:
                    fired = snapshot_ids(snap)
                    ids = {i: ("error" if i in fired else "ok") for i in TIMEOUT_IDS}
            else:
                ids = {rule: verdict}
            pg = settings.get("pg_version", "15")
            major = int(re.match(r"\d+", pg).group(0)) if re.match(r"\d+", pg) else 15
            suffix = f"#{found + 1}" if found else ""
            fixtures.append({
                "test": f"{stem}::{name}{suffix}",
                "rule": rule,
                "ids": ids,
                "sql": sql,
                "pg_version": major,
                "pg_version_text": pg,
                "assume_in_transaction": bool(settings.get("assume_in_transaction", False)),
            })
            found += 1
        if not found and not any(x["test"] == f"{stem}::{name}" for x in skipped):
            skipped.append({"test": f"{stem}::{name}", "reason": "no verdict call (not a verdict test)"})
    # number the first of several inputs too, so names are stable
    return fixtures, skipped


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    root = Path(sys.argv[1])
    rules = root / "crates" / "squawk_linter" / "src" / "rules"
    if not rules.is_dir():
        sys.exit(f"no {rules}")
    snap_dir = rules / "snapshots"
    fixtures, skipped = [], []
    for p in sorted(rules.rglob("*.rs")):
        f, s = extract_file(p, snap_dir)
        fixtures += f
        skipped += s
    version = None
    pkg = root / "PKG-INFO"
    if pkg.exists():
        m = re.search(r"^Version: (.+)$", pkg.read_text(), re.M)
        version = m.group(1).strip() if m else None
    doc = {"source": "squawk-cli " + (version or "?") + " (sdist from PyPI; Apache-2.0 OR MIT)", "fixtures": fixtures, "skipped": skipped}
    Path(sys.argv[2]).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(fixtures)} fixtures, {len(skipped)} tests skipped -> {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
