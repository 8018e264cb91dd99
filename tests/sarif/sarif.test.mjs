// `schemaplay lint --format sarif` validated against the official SARIF 2.1.0 JSON schema (issue 4).
// Needs the CLI built (SCHEMAPLAY, default target/debug/schemaplay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cli = process.env.SCHEMAPLAY || path.join(repo, 'target/debug/schemaplay');
const schema = JSON.parse(readFileSync(path.join(here, 'sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarif(file, dialect) {
  // Exit code 1 means findings at or above --fail-on; the log is on stdout either way.
  let out;
  try {
    out = execFileSync(cli, ['lint', '--dialect', dialect, '--format', 'sarif', '--fail-on', 'info', file], { maxBuffer: 1 << 28 });
  } catch (e) {
    assert.equal(e.status, 1, `schemaplay failed on ${file}: ${e.stderr}`);
    out = e.stdout;
  }
  return JSON.parse(out.toString('utf8'));
}

const corpus = path.resolve(repo, '../shared/corpus');
const inputs = [[path.join(repo, 'crates/core/src/examples/saas.sql'), 'postgres']];
for (const [dir, dialect] of [['postgres', 'postgres'], ['mysql', 'mysql'], ['sqlite', 'sqlite']]) {
  const d = path.join(corpus, dir);
  if (!existsSync(d)) continue;
  const files = readdirSync(d, { recursive: true }).filter((f) => f.endsWith('.sql')).sort();
  // A spread of files per dialect: every fourth one, so dumps and hand-written files both appear.
  files.filter((_, i) => i % 4 === 0).forEach((f) => inputs.push([path.join(d, f), dialect]));
}

test('SARIF logs are valid against the SARIF 2.1.0 schema', () => {
  assert.ok(inputs.length >= 10, 'expected the default example and corpus files');
  let results = 0;
  for (const [file, dialect] of inputs) {
    const log = sarif(file, dialect);
    const ok = validate(log);
    assert.ok(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
    results += log.runs[0].results.length;
  }
  assert.ok(results > 0, 'the inputs should produce findings, or the check proves little');
});

test('the schema check rejects a broken log (negative control)', () => {
  const log = sarif(inputs[0][0], inputs[0][1]);
  log.runs[0].results[0].level = 'fatal';
  delete log.runs[0].tool.driver.name;
  assert.equal(validate(log), false);
  const kinds = validate.errors.map((e) => e.keyword).sort();
  assert.deepEqual([...new Set(kinds)], ['enum', 'required']);
});

// `schemaplay check-migration --format sarif` (issue 8) on real migration folders of the corpus.
function migrationSarif(file) {
  let out;
  try {
    out = execFileSync(cli, ['check-migration', '--dialect', 'postgres', '--format', 'sarif', file], { maxBuffer: 1 << 28 });
  } catch (e) {
    assert.equal(e.status, 1, `schemaplay check-migration failed on ${file}: ${e.stderr}`);
    out = e.stdout;
  }
  return JSON.parse(out.toString('utf8'));
}

test('check-migration SARIF logs are valid against the SARIF 2.1.0 schema', () => {
  const sets = ['crates_io_diesel', 'documenso_prisma_postgres', 'synapse_main_delta', 'triggerdev_prisma_postgres'];
  const files = [];
  for (const set of sets) {
    const d = path.join(corpus, 'migrations', set);
    if (!existsSync(d)) continue;
    const all = readdirSync(d, { recursive: true }).filter((f) => f.endsWith('.sql') && !f.endsWith('down.sql')).sort();
    all.filter((_, i) => i % 10 === 0).forEach((f) => files.push(path.join(d, f)));
  }
  assert.ok(files.length >= 20, `expected corpus migration files, found ${files.length}`);
  let results = 0;
  for (const file of files) {
    const log = migrationSarif(file);
    assert.ok(validate(log), `${file}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
    results += log.runs[0].results.length;
  }
  assert.ok(results > 0, 'the migrations should produce findings, or the check proves little');
});

// A whole migration folder (issue 16): one log over every checked file, each result at its own
// file (relative to the folder as given), and `lint DIR` over the replayed history.
function folderSarif(args) {
  let out;
  try {
    out = execFileSync(cli, args, { maxBuffer: 1 << 28 });
  } catch (e) {
    assert.equal(e.status, 1, `schemaplay ${args.join(' ')} failed: ${e.stderr}`);
    out = e.stdout;
  }
  return JSON.parse(out.toString('utf8'));
}

test('folder SARIF logs (check-migration DIR, lint DIR) are valid and point at each file', () => {
  const sets = ['documenso_prisma_postgres', 'crates_io_diesel', 'memos_sqlite', 'roundcube_mysql'];
  let results = 0;
  for (const set of sets) {
    const d = path.join(corpus, 'migrations', set);
    if (!existsSync(d)) continue;
    for (const args of [['check-migration', '--format', 'sarif', '--since', '40', d], ['lint', '--format', 'sarif', '--fail-on', 'info', d]]) {
      const log = folderSarif(args);
      assert.ok(validate(log), `${args.join(' ')}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
      const uris = new Set(log.runs[0].artifacts.map((a) => a.location.uri));
      for (const r of log.runs[0].results) {
        const uri = r.locations[0].physicalLocation.artifactLocation.uri;
        assert.ok(uris.has(uri) && uri.startsWith(d + '/'), `${uri} is one of the folder's files`);
        const lines = readFileSync(decodeURIComponent(uri), 'utf8').split('\n').length;
        assert.ok(r.locations[0].physicalLocation.region.startLine <= lines, `${uri}: line within the file`);
      }
      results += log.runs[0].results.length;
    }
  }
  assert.ok(results > 0, 'the folders should produce findings');
});
