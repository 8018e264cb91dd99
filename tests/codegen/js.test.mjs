// The JavaScript-ecosystem generators checked by the real tools (issue 5):
//   prisma      → @prisma/prisma-schema-wasm `validate`, and `format(output) === output`
//   drizzle     → tsc --noEmit --strict --skipLibCheck against drizzle-orm
//   typescript  → tsc --strict
//   zod         → tsc --strict against zod
// over the default example, the fixtures (hostile identifiers, stress shapes) and EVERY .sql file under
// ../shared/corpus/{postgres,mysql,sqlite} (dialect by folder). Needs the CLI built
// (SCHEMAPLAY, default target/debug/schemaplay); `make test-codegen-js` builds it first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { prismaCheck, tscCheck } from './tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cli = process.env.SCHEMAPLAY || path.join(repo, 'target/debug/schemaplay');

// Files that do not pass a check yet, as `target:relative/path.sql`. Asserted exact: a listed
// file that starts passing fails the test, so the list only ever shrinks. Empty today.
const KNOWN_FAILURES = new Set([]);

// ../shared/corpus beside the checkout (or beside the directory of worktrees), or SCHEMAPLAY_CORPUS.
const corpus = [process.env.SCHEMAPLAY_CORPUS, path.resolve(repo, '../shared/corpus'), path.resolve(repo, '../../shared/corpus')].find((d) => d && existsSync(d));
const inputs = [
  { file: path.join(repo, 'crates/core/src/examples/saas.sql'), dialect: 'postgres', label: 'examples/saas.sql' },
];
// fixtures/<name>_<dialect>.sql: hostile identifiers and shapes that stress the generators
for (const f of readdirSync(path.join(here, 'fixtures')).filter((f) => f.endsWith('.sql')).sort()) {
  const d = /_(postgres|mysql|sqlite)\.sql$/.exec(f)?.[1];
  assert.ok(d, `fixture ${f} must end in _postgres.sql, _mysql.sql or _sqlite.sql`);
  inputs.push({ file: path.join(here, 'fixtures', f), dialect: d, label: `fixtures/${f}` });
}
// tests/realdb/fixtures/<dialect>/: the real-engine fixtures (partitions, views and triggers of every
// dump style in dump_styles.sql, issue 14)
for (const d of ['postgres', 'mysql', 'sqlite']) {
  const dir = path.join(repo, 'tests/realdb/fixtures', d);
  for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sql')).sort() : []) {
    inputs.push({ file: path.join(dir, f), dialect: d, label: `realdb-fixtures/${d}/${f}` });
  }
}
for (const d of ['postgres', 'mysql', 'sqlite']) {
  if (!corpus) break;
  const dir = path.join(corpus, d);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.sql')).sort()) {
    inputs.push({ file: path.join(dir, f), dialect: d, label: `${d}/${f}` });
  }
}

// Every naming setting of a target is checked on every input (issue 5): `generate --prisma-names`
// and `--drizzle-keys`; the first setting of each list is the default.
const SETTINGS = {
  prisma: [[], ['--prisma-names', 'keep']],
  drizzle: [[], ['--drizzle-keys', 'column']],
  typescript: [[]],
  zod: [[]],
};
const settingLabel = (args) => (args.length ? ` ${args.join(' ')}` : '');

function generate(target, { file, dialect }, extra = []) {
  const r = spawnSync(cli, ['generate', '--target', target, ...extra, '--dialect', dialect, file], { maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`schemaplay generate --target ${target} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function settle(target, failures) {
  const failed = new Set([...failures.keys()].map((l) => `${target}:${l}`));
  const unexpected = [...failed].filter((f) => !KNOWN_FAILURES.has(f));
  const fixed = [...KNOWN_FAILURES].filter((f) => f.startsWith(`${target}:`) && !failed.has(f) && inputs.some((i) => `${target}:${i.label}` === f));
  const report = unexpected.map((f) => `--- ${f}\n${[].concat(failures.get(f.slice(target.length + 1))).slice(0, 8).join('\n')}`).join('\n');
  assert.equal(unexpected.length, 0, `${unexpected.length} of ${inputs.length} files fail the ${target} check:\n${report}`);
  assert.deepEqual(fixed, [], `now passing, remove from KNOWN_FAILURES: ${fixed.join(', ')}`);
}

test('inputs: the default example, the hostile fixtures and the corpus', () => {
  assert.ok(corpus, 'corpus not found: expected ../shared/corpus beside the checkout (or set SCHEMAPLAY_CORPUS)');
  assert.ok(inputs.length > 50, `only ${inputs.length} inputs; is ${corpus} complete?`);
});

for (const setting of SETTINGS.prisma) {
  test(`prisma${settingLabel(setting)}: every output passes prisma validate and is byte-identical to prisma format of itself`, () => {
    const failures = new Map();
    let models = 0;
    let mapped = 0;
    for (const input of inputs) {
      let out;
      try {
        out = generate('prisma', input, setting);
      } catch (e) {
        failures.set(input.label, String(e.message));
        continue;
      }
      models += (out.match(/^model /gm) ?? []).length;
      mapped += (out.match(/@@map\(/g) ?? []).length;
      const err = prismaCheck(out);
      if (err) failures.set(input.label, err);
    }
    assert.ok(models > inputs.length, `only ${models} models generated; the check would prove little`);
    // the setting really changes the names: keep maps few models, pascal nearly all of them
    if (setting.includes('keep')) assert.ok(mapped < models / 4, `keep: ${mapped} of ${models} models still @@map'd`);
    else assert.ok(mapped > models / 2, `pascal: only ${mapped} of ${models} models @@map'd`);
    settle(`prisma${settingLabel(setting)}`, failures);
  });
}

test('prisma: the checks reject broken and misformatted schemas (negative control)', () => {
  const good = generate('prisma', inputs[0]);
  assert.equal(prismaCheck(good), null);
  assert.match(prismaCheck(good.replace('@@map("users")', '@@map("users")\n  @@id([nope])')), /prisma validate/);
  assert.match(prismaCheck(good.replace(/^(  id) +/m, '$1 ')), /prisma format changes line/);
});

// Type-level use of the default example's output (module m0000): the shapes mean what they should
// (identity and defaulted columns optional on insert, required ones required, nullability, dates).
const USAGE = {
  drizzle: `import type { NewTask, Task, NewMembership } from './m0000';
export const ok: NewTask = { orgId: 'o', projectId: 'p', title: 't' };
export const member: NewMembership = { orgId: 'o', userId: 'u' };
// @ts-expect-error title is required
export const missing: NewTask = { orgId: 'o', projectId: 'p' };
declare const row: Task;
export const id: number = row.id;
export const at: Date = row.createdAt;
export const who: string | null = row.assigneeId;
// @ts-expect-error assigneeId is nullable
export const whoStrict: string = row.assigneeId;
`,
  'drizzle --drizzle-keys column': `import type { NewTask, Task } from './m0000';
export const ok: NewTask = { org_id: 'o', project_id: 'p', title: 't' };
// @ts-expect-error keys are the column names, not camelCase
export const camel: NewTask = { orgId: 'o', projectId: 'p', title: 't' };
declare const row: Task;
export const at: Date = row.created_at;
export const who: string | null = row.assignee_id;
`,
  typescript: `import type { NewTask, Task, MemberRole, Organization, NewOrganization } from './m0000';
// CHECK (plan IN ('free', 'pro', 'enterprise')) is a union of its values
declare const org: Organization;
export const plan: 'free' | 'pro' | 'enterprise' = org.plan;
export const newOrg: NewOrganization = { name: 'n', slug: 's' };
export const proOrg: NewOrganization = { name: 'n', slug: 's', plan: 'pro' };
// @ts-expect-error not a plan value
export const goldOrg: NewOrganization = { name: 'n', slug: 's', plan: 'gold' };
export const ok: NewTask = { org_id: 'o', project_id: 'p', title: 't' };
// @ts-expect-error title is required
export const missing: NewTask = { org_id: 'o', project_id: 'p' };
// @ts-expect-error id is GENERATED ALWAYS, not insertable
export const withId: NewTask = { id: 1, org_id: 'o', project_id: 'p', title: 't' };
declare const row: Task;
export const at: Date = row.created_at;
export const who: string | null = row.assignee_id;
export const role: MemberRole = 'owner';
// @ts-expect-error not a member_role value
export const badRole: MemberRole = 'root';
`,
  zod: `import { newTaskSchema, memberRoleSchema, organizationSchema, type NewTask, type NewOrganization } from './m0000';
// CHECK (plan IN ('free', 'pro', 'enterprise')) is a z.enum of its values
export const plan: 'free' | 'pro' | 'enterprise' = organizationSchema.shape.plan.parse('pro');
// @ts-expect-error not a plan value
export const goldOrg: NewOrganization = { name: 'n', slug: 's', plan: 'gold' };
export const ok: NewTask = newTaskSchema.parse({ org_id: 'o', project_id: 'p', title: 't' });
// @ts-expect-error title is required
export const missing: NewTask = { org_id: 'o', project_id: 'p' };
export const role: 'owner' | 'admin' | 'member' = memberRoleSchema.parse('owner');
`,
};

for (const target of ['drizzle', 'typescript', 'zod']) for (const setting of SETTINGS[target]) {
  const name = `${target}${settingLabel(setting)}`;
  test(`${name}: every output type-checks with tsc --strict${target === 'drizzle' ? ' against drizzle-orm' : target === 'zod' ? ' against zod' : ''}`, () => {
    const outputs = [];
    const failures = new Map();
    for (const input of inputs) {
      try {
        outputs.push([input.label, generate(target, input, setting)]);
      } catch (e) {
        failures.set(input.label, String(e.message));
      }
    }
    // negative control in the same run: a module that must not type-check
    const control = outputs[0][1] + '\nexport const __broken: number = "not a number";\n';
    assert.equal(outputs[0][0], 'examples/saas.sql');
    const errors = tscCheck(outputs, { 'negative_control.ts': control, 'usage.ts': USAGE[name] });
    assert.ok(errors.has('negative_control.ts'), 'tsc did not flag the negative control; the check is not running');
    errors.delete('negative_control.ts');
    assert.deepEqual(errors.get('usage.ts') ?? [], [], 'the default example\'s types do not mean what they should');
    errors.delete('usage.ts');
    for (const [label, errs] of errors) failures.set(label, errs.join('\n'));
    const size = outputs.reduce((n, [, c]) => n + c.length, 0);
    assert.ok(size > 10_000, `outputs are suspiciously small (${size} chars in ${outputs.length} files; ${failures.size} failed)`);
    settle(name, failures);
  });
}
