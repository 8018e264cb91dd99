// Diagram edits written into a Prisma schema (issue 19, `edit::prisma`) are checked by Prisma
// itself: every edited schema of the native edit tests (crates/core/tests/edit_prisma.rs writes them
// whole, one per edit and provider, to tests/snapshots/edit/prisma_outputs_<dialect>.txt; the
// fixtures are tests/edit/fixtures/prisma_hand.prisma and prisma_schemas.prisma) must
// pass @prisma/prisma-schema-wasm `validate`, and `prisma format` must leave it unchanged (the new
// lines are laid out as `prisma format` lays them out). Needs no build: the snapshots are committed,
// and the native test fails when they are stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { prismaCheck, repo } from './tools.mjs';

const MARK = '//// edit: ';

/** [edit name, whole schema] of one provider's outputs file. */
function outputs(dialect) {
  const file = path.join(repo, 'crates/core/tests/snapshots/edit', `prisma_outputs_${dialect}.txt`);
  const text = readFileSync(file, 'utf8');
  return text.split(MARK).slice(1).map((chunk) => {
    const nl = chunk.indexOf('\n');
    return [chunk.slice(0, nl), chunk.slice(nl + 1)];
  });
}

for (const dialect of ['postgres', 'mysql', 'sqlite']) {
  test(`prisma edits (${dialect}): every edited schema passes prisma validate and prisma format`, () => {
    const all = outputs(dialect);
    assert.ok(all.length >= 45, `only ${all.length} edited schemas`);
    // session 9's edits are among them: columns deleted with what names them, enums and relation
    // fields retyped, join tables deleted, new models with @@schema (PostgreSQL)
    const names = all.map(([n]) => n);
    const wanted = ['drop column in @@id and @@index', 'drop column holding a relation', 'drop column a relation references', 'retype column from an enum',
      "retype a relation's field", 'drop an implicit many-to-many join table'];
    if (dialect !== 'sqlite') wanted.push('retype column to an enum');
    if (dialect === 'postgres') wanted.push('add table to a multi-schema file');
    for (const w of wanted) assert.ok(names.some((n) => n.startsWith(w)), `no edited schema for "${w}"`);
    const failures = [];
    for (const [name, schema] of all) {
      const err = prismaCheck(schema);
      if (err) failures.push(`${name}: ${err}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${all.length} edited schemas fail:\n${failures.join('\n\n')}`);
  });
}

// EDIT_PRISMA_OUT=dir: the edited corpus schemas crates/core/tests/edit_corpus.rs wrote there
// (run it first with the same variable) must validate too. The corpus schemas are not all
// `prisma format`ted, so only validate is asked of them.
const outDir = process.env.EDIT_PRISMA_OUT;
test('prisma edits on the corpus (EDIT_PRISMA_OUT): every edited schema passes prisma validate', { skip: !outDir }, () => {
  const files = readdirSync(outDir).filter((f) => f.endsWith('.prisma')).sort();
  assert.ok(files.length > 50, `only ${files.length} edited schemas in ${outDir}`);
  const failures = [];
  for (const f of files) {
    // Prisma 7 reads no connection URL in the schema and knows fewer preview features (the corpus
    // predates it): those lines go
    const schema = readFileSync(path.join(outDir, f), 'utf8').replace(/^ *(url|directUrl|shadowDatabaseUrl|previewFeatures) *=.*\n/gm, '');
    const err = prismaCheck(schema, { format: false });
    if (err) failures.push(`${f}: ${err}`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${files.length} fail:\n${failures.join('\n\n')}`);
});

test('prisma edits: the check rejects a broken edit (negative control)', () => {
  const [, schema] = outputs('postgres').find(([n]) => n.startsWith('add relationship'));
  assert.equal(prismaCheck(schema), null);
  // the back relation field deleted: Prisma requires both sides
  const oneSided = schema.replace(/^ +posts +Post\[\]\n/m, '');
  assert.notEqual(oneSided, schema);
  assert.match(prismaCheck(oneSided), /prisma validate/);
});
