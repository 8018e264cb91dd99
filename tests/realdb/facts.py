"""The facts the real-database layers compare (see realdb.py's docstring): an inspect-shaped model
normalised per dialect to {key: value} plus the optional keys, the comparison of two such fact
sets, and its short report. Pure functions, no engine; unit-tested in test_realdb.py."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import viewparts

# ------------------------------------------------------------------------------------------------
# normalization: inspect-shaped model -> {key: value}, set of optional keys
# ------------------------------------------------------------------------------------------------
ACTIONS = {"cascade", "set null", "set default", "restrict", "no action"}


def norm_action(a, dialect: str) -> str:
    if a is None:
        s = "no action"
    else:
        s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(a))  # SetNull -> Set Null
        s = re.sub(r"[\s_]+", " ", s).strip().lower()
        if s == "":
            s = "no action"
    if dialect == "mysql" and s == "restrict":
        s = "no action"
    return s


def norm_schema(s, dialect: str):
    if dialect == "postgres":
        return "public" if s in (None, "") else s
    if dialect == "mysql":
        return None
    # sqlite
    if s in (None, "", "main"):
        return None
    if isinstance(s, str) and s.lower() in ("temp", "temporary"):
        return "temp"
    return s


def norm_cols(cols, dialect: str) -> list:
    out = []
    for c in cols or []:
        if isinstance(c, dict):  # tolerate {"name": ...} / {"column": ...} key parts
            c = c.get("name") or c.get("column") or c.get("expression")
        c = "" if c is None else str(c)
        if dialect in ("mysql", "sqlite"):
            c = c.casefold()
        out.append(c)
    return out


def norm_index_col(c, dialect: str) -> str:
    if isinstance(c, dict):
        c = c.get("name") or c.get("column") or c.get("expression") or ""
    s = str(c).strip()
    s = re.sub(r"\s+(ASC|DESC)$", "", s, flags=re.I)
    if dialect == "mysql":
        s = re.sub(r"\(\d+\)$", "", s).strip().strip("`")
    return s


def fmt_key(key: tuple) -> str:
    kind, schema, table = key[0], key[1], key[2]
    tbl = f"{schema}.{table}" if schema else f"{table}"
    rest = key[3:]
    if not rest:
        return f"{kind} {tbl}"
    r = rest[0]
    if isinstance(r, tuple):
        r = "(" + ", ".join(r) + ")"
    suffix = "".join(f"#{x}" for x in rest[1:])
    return f"{kind} {tbl} {r}{suffix}"


@dataclass
class Facts:
    values: dict = field(default_factory=dict)      # key tuple -> value dict
    optional: set = field(default_factory=set)      # keys that need not be stated by the model
    unknown: set = field(default_factory=set)       # keys this side cannot tell (a view's columns SQLite cannot read)

    def put(self, key: tuple, value: dict, optional: bool = False):
        k = key
        n = 1
        while k in self.values:  # duplicate key (two unnamed FKs on the same columns, ...)
            n += 1
            k = key + (str(n),)
        self.values[k] = value
        if optional:
            self.optional.add(k)


def normalize_model(model: dict, dialect: str) -> Facts:
    f = Facts()
    for t in model.get("tables") or []:
        schema = t.get("schema")
        if dialect == "sqlite" and t.get("temporary") and schema in (None, "", "main"):
            schema = "temp"  # a model may flag CREATE TEMP TABLE instead of naming the schema
        schema = norm_schema(schema, dialect)
        name = t.get("name")
        tv = {}
        if dialect == "postgres":
            tv = {"rls_enabled": bool(t.get("rls_enabled")), "rls_forced": bool(t.get("rls_forced"))}
        f.put(("table", schema, name), tv)
        for c in t.get("columns") or []:
            nullable = c.get("nullable")
            f.put(("column", schema, name, c.get("name")), {"nullable": nullable})
        pk = t.get("primary_key")
        if pk and pk.get("columns") is not None:
            v = {"columns": norm_cols(pk.get("columns"), dialect)}
            if dialect == "postgres":
                v = {"name": pk.get("name"), **v}
            f.put(("pk", schema, name), v, optional=bool(pk.get("inherited")))
        for fk in t.get("foreign_keys") or []:
            if fk.get("logical"):
                continue  # kept by the application (Prisma relationMode = "prisma"), not a catalog fact
            cols = norm_cols(fk.get("columns"), dialect)
            v = {
                "columns": cols,
                "ref_schema": norm_schema(fk.get("ref_schema"), dialect),
                "ref_table": fk.get("ref_table"),
                "ref_columns": norm_cols(fk.get("ref_columns"), dialect),
                "on_delete": norm_action(fk.get("on_delete"), dialect),
                "on_update": norm_action(fk.get("on_update"), dialect),
            }
            if dialect == "sqlite":
                key = ("fk", schema, name, tuple(cols))
                del v["columns"]
                if v["ref_schema"] is None:
                    del v["ref_schema"]
            else:
                key = ("fk", schema, name, fk.get("name"))
                del v["columns"]
                v = {"columns": cols, **v}
            f.put(key, v, optional=bool(fk.get("inherited")))
        uniques = list(t.get("unique") or [])
        indexes = list(t.get("indexes") or [])
        if dialect == "mysql":
            uniques += [i for i in indexes if i.get("unique")]
            indexes = [i for i in indexes if not i.get("unique")]
        for u in uniques:
            cols = norm_cols([norm_index_col(c, dialect) for c in (u.get("columns") or [])], dialect)
            if dialect == "sqlite":
                f.put(("unique", schema, name, tuple(cols)), {}, optional=bool(u.get("inherited")))
            else:
                f.put(("unique", schema, name, u.get("name")), {"columns": cols},
                      optional=bool(u.get("inherited")))
        for i in indexes:
            f.put(("index", schema, name, i.get("name")), {"unique": bool(i.get("unique"))},
                  optional=bool(i.get("inherited") or i.get("implicit")))
        viewparts.partition_facts(f, t, schema, name, dialect)
    viewparts.view_facts(f, model.get("views") or [], dialect, norm_schema)
    return f


def compare(real: Facts, got: Facts) -> dict:
    matched, missing, extra, differ, optional_absent = [], [], [], [], 0
    for k, v in real.values.items():
        if k in got.values:
            if got.values[k] == v:
                matched.append(k)
            else:
                differ.append((k, v, got.values[k]))
        elif k in real.optional:
            optional_absent += 1
        else:
            missing.append((k, v))
    for k, v in got.values.items():
        if k not in real.values and k not in real.unknown:
            extra.append((k, v))
    total = len(matched) + len(missing) + len(extra) + len(differ)
    return {
        "matched": len(matched),
        "missing": missing,
        "extra": extra,
        "differ": differ,
        "optional_absent": optional_absent,
        "total": total,
    }


def mismatch_lines(cmp: dict, limit: int = 12) -> list[str]:
    out = []
    for k, real, got in cmp["differ"]:
        out.append(f"  ~ {fmt_key(k)}: real {json.dumps(real, ensure_ascii=False)} "
                   f"!= model {json.dumps(got, ensure_ascii=False)}")
    for k, v in cmp["missing"]:
        out.append(f"  - {fmt_key(k)} {json.dumps(v, ensure_ascii=False)}  (in the real catalog, not in the model)")
    for k, v in cmp["extra"]:
        out.append(f"  + {fmt_key(k)} {json.dumps(v, ensure_ascii=False)}  (in the model, not in the real catalog)")
    if len(out) > limit:
        n = len(out) - limit
        out = out[:limit] + [f"  ... and {n} more"]
    return out
