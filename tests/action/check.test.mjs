// The GitHub Action's check script (scripts/action/check.sh) against a fixture git repository with
// a base and a head commit: which migrations count as changed, the annotations, the SARIF log, the
// job summary, the outputs and the exit code. Needs the CLI built (SCHEMAPLAY, default
// target/debug/schemaplay) and git. Run: node --test tests/action/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fixtureRepo } from './repo.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cli = process.env.SCHEMAPLAY || path.join(repo, 'target/debug/schemaplay');
const script = path.join(repo, 'scripts/action/check.sh');

let work, git, write;
const shas = {};

function commit(name) {
  git('add', '-A');
  git('commit', '-q', '-m', name);
  shas[name] = git('rev-parse', 'HEAD');
}

before(() => {
  assert.ok(existsSync(cli), `build the CLI first (${cli})`);
  ({ dir: work, git, write } = fixtureRepo('schemaplay-action-'));
  write('README.md', 'app\n');
  write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  write('prisma/migrations/20240101000000_users/migration.sql', 'CREATE TABLE "users" ("id" BIGINT PRIMARY KEY, "email" TEXT);\n');
  write('prisma/migrations/20240102000000_posts/migration.sql', 'CREATE TABLE "posts" ("id" BIGINT PRIMARY KEY, "user_id" BIGINT);\n');
  // An old migration with findings of its own: it must not be reported once it is merged.
  write('prisma/migrations/20240103000000_index/migration.sql', 'CREATE INDEX "posts_user" ON "posts" ("user_id");\n');
  commit('base');
  // The pull request: a new migration adding a NOT NULL column to a table created three
  // migrations earlier, a README change and a lock-file change (not migrations).
  write('prisma/migrations/20240104000000_name/migration.sql', '-- the display name\nSET lock_timeout = \'2s\';\nALTER TABLE "users" ADD COLUMN "name" TEXT NOT NULL;\n');
  write('README.md', 'app, now with names\n');
  write('prisma/migrations/migration_lock.toml', '# edited\nprovider = "postgresql"\n');
  commit('head');
  write('docs/notes.md', 'notes\n');
  commit('docs-only');
  // Another pull request from base: a migration with warnings only.
  git('checkout', '-q', '-b', 'warn', shas.base);
  write('prisma/migrations/20240105000000_email_index/migration.sql', 'SET lock_timeout = \'2s\';\nCREATE INDEX "users_email" ON "users" ("email");\n');
  commit('warn');
});

/// Runs check.sh in the repository checked out at HEAD_SHA (as actions/checkout leaves it).
function run(env) {
  git('checkout', '-q', '--detach', env.HEAD_SHA);
  const tmp = mkdtempSync(path.join(tmpdir(), 'schemaplay-action-run-'));
  const files = { GITHUB_OUTPUT: path.join(tmp, 'output'), GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md') };
  const r = spawnSync('bash', [script], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SCHEMAPLAY: cli, RUNNER_TEMP: tmp, INPUT_PATH: 'prisma/migrations', ...files, ...env },
  });
  const text = existsSync(files.GITHUB_OUTPUT) ? readFileSync(files.GITHUB_OUTPUT, 'utf8') : '';
  const outputs = Object.fromEntries(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const summary = existsSync(files.GITHUB_STEP_SUMMARY) ? readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '';
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary, tmp };
}

test('only the migrations the pull request changed are checked, against the replayed history', () => {
  const r = run({ BASE_SHA: shas.base, HEAD_SHA: shas.head });
  assert.equal(r.status, 0, `the script itself succeeds: ${r.stderr}`);
  assert.deepEqual([r.outputs.checked, r.outputs.exit], ['1', '1'], JSON.stringify(r.outputs));
  const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.ok(annotations.length > 0, r.stdout);
  const required = annotations.find((l) => l.includes('title=adding-required-field'));
  assert.ok(required?.startsWith('::error file=prisma/migrations/20240104000000_name/migration.sql,line=3,'), `at the statement, from the repository root: ${r.stdout}`);
  assert.ok(required.includes('Safe alternative:'), required);
  for (const a of annotations) assert.ok(!/2024010[123]/.test(a), `merged migrations are not reported: ${a}`);
  // SARIF: one artifact, the new file; every result in it.
  const log = JSON.parse(readFileSync(r.outputs.sarif, 'utf8'));
  const uris = new Set(log.runs[0].results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri));
  assert.deepEqual([...uris], ['prisma/migrations/20240104000000_name/migration.sql']);
  assert.ok(log.runs[0].results.some((x) => x.ruleId === 'adding-required-field' && x.level === 'error'));
  // The job summary: the file, its lock summary, the finding and its safe alternative.
  assert.match(r.summary, /### `prisma\/migrations\/20240104000000_name\/migration.sql`/);
  assert.match(r.summary, /locks: ACCESS EXCLUSIVE on `users`/);
  assert.match(r.summary, /\*\*error\*\* `adding-required-field` \(line 3\)/);
  assert.match(r.summary, /<summary>Safe alternative<\/summary>/);
  rmSync(r.tmp, { recursive: true, force: true });
});

test('a pull request that changes no migration checks nothing and passes', () => {
  const r = run({ BASE_SHA: shas.head, HEAD_SHA: shas['docs-only'] });
  assert.equal(r.status, 0);
  assert.deepEqual([r.outputs.checked, r.outputs.sarif, r.outputs.exit], ['0', '', '0']);
  assert.match(r.summary, /No migration under `prisma\/migrations` changed/);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('::')).length, 0);
});

test('fail-on decides the exit code: never reports without failing, warning fails on warnings', () => {
  const never = run({ BASE_SHA: shas.base, HEAD_SHA: shas.head, INPUT_FAIL_ON: 'never' });
  assert.equal(never.outputs.exit, '0');
  assert.ok(never.stdout.includes('title=adding-required-field'));
  const warnOnly = run({ BASE_SHA: shas.base, HEAD_SHA: shas.warn });
  assert.equal(warnOnly.outputs.checked, '1');
  assert.match(warnOnly.stdout, /::warning file=prisma\/migrations\/20240105000000_email_index\/migration.sql,line=2,.*title=require-concurrent-index-creation/);
  assert.equal(warnOnly.outputs.exit, '0', 'warnings pass with the default fail-on error');
  assert.equal(run({ BASE_SHA: shas.base, HEAD_SHA: shas.warn, INPUT_FAIL_ON: 'warning' }).outputs.exit, '1');
});

test('without a base commit every migration is checked, with a warning', () => {
  const r = run({ BASE_SHA: '0123456789abcdef0123456789abcdef01234567', HEAD_SHA: shas.head });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /::warning title=schemaplay::cannot find the base commit/);
  assert.equal(r.outputs.checked, '4');
  assert.ok(r.stdout.includes('file=prisma/migrations/20240103000000_index/migration.sql'), 'the old migration is reported now');
});

test('a folder that is not there is bad input (exit 2), reported as an annotation', () => {
  const r = run({ BASE_SHA: shas.base, HEAD_SHA: shas.head, INPUT_PATH: 'db/migrations' });
  assert.equal(r.status, 0);
  assert.equal(r.outputs.exit, '2');
  assert.match(r.stdout, /::error title=schemaplay::the migration folder db\/migrations does not exist/);
});

test('action.yml runs these scripts and passes its inputs', () => {
  const yml = readFileSync(path.join(repo, 'action.yml'), 'utf8');
  assert.match(yml, /using: composite/);
  for (const s of ['scripts/action/install.sh', 'scripts/action/check.sh']) {
    assert.ok(yml.includes(`$GITHUB_ACTION_PATH/${s}`), s);
    assert.ok(existsSync(path.join(repo, s)), s);
  }
  for (const v of ['INPUT_PATH', 'INPUT_DIALECT', 'INPUT_FAIL_ON', 'INPUT_PG_VERSION', 'BASE_SHA', 'HEAD_SHA']) {
    assert.ok(yml.includes(`${v}:`), `${v} is passed to check.sh`);
    assert.ok(readFileSync(script, 'utf8').includes(v), `check.sh reads ${v}`);
  }
  assert.match(yml, /upload-sarif/);
});
