#!/usr/bin/env python3
"""The Drizzle planner's edited modules against real drizzle-kit (issue 19).

    DRIZZLE_EDIT_DUMP=/tmp/de cargo test -p schemaplay-core --test edit_drizzle drizzle_edits_change
    python3 tests/edit/drizzle_kit_check.py /tmp/de [path/to/schemaplay]

For every edited module DIR/<dialect>/NN.ts: `drizzle-kit generate` (tests/readers/drizzle_kit.mjs,
node_modules' drizzle-kit) must accept it, and the SQL it writes, read by our SQL importer, must give
the same facts as our Drizzle reader gives for the module: per table the columns (NOT NULL, type,
default), primary key, foreign keys with their actions, unique keys and indexes. Then
tests/edit/drizzle_tsc.mjs: each module type-checks with tsc --strict, and drizzle-orm pairs every
relation of its relations(...). Exit 1 on a difference or an error.
"""
import glob, json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
dump = sys.argv[1]
cli = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, 'target/debug/schemaplay')


def model(args):
    r = subprocess.run([cli, 'inspect', '--format', 'json'] + args, capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def facts(m):
    out = {}
    for t in m['tables']:
        cols = {c['name']: (not c.get('nullable', True), c['type'], c.get('default')) for c in t['columns']}
        pk = tuple((t.get('primary_key') or {}).get('columns', []))
        # a logical relationship (relations(...) only) is no foreign key drizzle-kit writes
        fks = sorted((tuple(f['columns']), f['ref_table'], tuple(f['ref_columns']), f.get('on_delete'), f.get('on_update')) for f in t.get('foreign_keys', []) if not f.get('logical'))
        uq = sorted([tuple(u['columns']) for u in t.get('unique', [])] + [tuple(i['columns']) for i in t.get('indexes', []) if i.get('unique')])
        ix = sorted(tuple(i['columns']) for i in t.get('indexes', []) if not i.get('unique'))
        out[t['name']] = (cols, pk, fks, uq, ix)
    return out


bad = 0
for d in ['postgres', 'mysql', 'sqlite']:
    for ts in sorted(glob.glob(os.path.join(dump, d, '*.ts'))):
        sql = ts[:-3] + '.sql'
        with open(sql, 'w') as out:
            r = subprocess.run(['node', os.path.join(root, 'tests/readers/drizzle_kit.mjs'), 'generate', d, ts], stdout=out, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            bad += 1
            print(f'{d} {os.path.basename(ts)}: drizzle-kit refused it: {r.stderr[-600:]}')
            continue
        kit, ours = facts(model(['--dialect', d, sql])), facts(model(['--dialect', d, '--from', 'drizzle', ts]))
        for k in sorted(set(kit) | set(ours)):
            if kit.get(k) != ours.get(k):
                bad += 1
                print(f'{d} {os.path.basename(ts)} {k}:\n  drizzle-kit: {kit.get(k)}\n  ours:        {ours.get(k)}')
print(f'{len(glob.glob(os.path.join(dump, "*", "*.ts")))} modules, {bad} differences')
if subprocess.run(['node', os.path.join(root, 'tests/edit/drizzle_tsc.mjs'), dump]).returncode != 0:
    bad += 1
sys.exit(1 if bad else 0)
