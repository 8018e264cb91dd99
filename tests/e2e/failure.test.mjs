// Panel-level failure containment: a panic in one panel's computation shows a message in that
// panel with Retry, the editor and its text stay intact, the rest of the page keeps working.
//
// Runs on dist-probe/ (`make dist-probe`): the app built with the test-only `crash-probe`
// feature, where `-- crash-probe: <panel>` in the text (or a table named crash_probe_diagram)
// makes that panel's computation panic (src/crash_probe.rs). The shipped build has no such hook.
// Run: node --test tests/e2e/failure.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { browserForFile, openApp, schemaInput as input } from './browser.mjs';

process.env.DIST_DIR = process.env.PROBE_DIST_DIR ?? 'dist-probe';
if (!existsSync(process.env.DIST_DIR)) throw new Error(`${process.env.DIST_DIR} is missing: run make dist-probe`);
const env = browserForFile({ check: false });

const BASE = 'CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE TABLE members (id bigint PRIMARY KEY, team_id bigint REFERENCES teams (id), email text);\n';
const status = (page) => page.locator('.status-summary').innerText();

async function start() {
  const page = await openApp(env);
  await input(page).fill(BASE);
  await page.waitForFunction(() => document.querySelector('.status-summary').innerText.startsWith('2 statements'));
  await page.waitForSelector('.erd-stage g.table[data-key="members"]', { timeout: 60_000 });
  return page;
}

/// Types at the end of the editor like a person (the editor keeps working after the failure).
async function typeAtEnd(page, text) {
  await input(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('a panic in the lint rules stays in the Findings panel; the diagram and the editor keep working', async () => {
  const page = await start();
  await typeAtEnd(page, '-- crash-probe: lint\n');
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.findings-failed', { timeout: 30_000 });
  assert.match(await page.locator('.findings-failed').innerText(), /lint rules failed on this schema \(crash probe/);
  assert.match(await status(page), /^2 statements/, 'the parse still counts the statements');
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="teams"]');
  assert.equal(await page.locator('.diagram-failed').count(), 0, 'the diagram is not affected');
  // The text is intact and editing goes on: removing the probe brings the findings back.
  assert.ok((await input(page).inputValue()).startsWith(BASE));
  await input(page).fill(BASE + 'CREATE TABLE extra (id int);\n');
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.finding.lint');
  assert.equal(await page.locator('.findings-failed').count(), 0);
  await page.close();
});

test('a panic while reading the schema says so in the diagram; Retry analyses again', async () => {
  const page = await start();
  // One input event (typed letter by letter, `-- crash-probe: parse` would panic on the way).
  await input(page).fill(BASE + '-- crash-probe: parse once\n');
  await page.waitForSelector('.diagram-failed', { timeout: 30_000 });
  assert.match(await page.locator('.diagram-failed').innerText(), /Reading this schema failed \(crash probe: the parse computation panicked/);
  assert.ok((await input(page).inputValue()).endsWith('-- crash-probe: parse once\n'), 'the typed text is kept');
  // The probe panics only once: Retry succeeds.
  await page.locator('.diagram-failed .retry-btn').click();
  await page.waitForSelector('.erd-stage g.table[data-key="members"]', { timeout: 30_000 });
  assert.equal(await page.locator('.diagram-failed').count(), 0);
  await page.close();
});

test('a panic in the diagram layout stays in the Diagram tab', async () => {
  const page = await start();
  await typeAtEnd(page, 'CREATE TABLE crash_probe_diagram (id int);\n');
  await page.waitForSelector('.diagram-failed', { timeout: 30_000 });
  assert.match(await page.locator('.diagram-failed').innerText(), /Drawing the diagram failed/);
  await page.locator('#tab-findings').click();
  await page.waitForSelector('.finding.lint');
  assert.match(await status(page), /^3 statements/);
  await page.locator('#tab-diagram').click();
  await input(page).fill(BASE);
  await page.locator('.diagram-failed .retry-btn').click();
  await page.waitForSelector('.erd-stage g.table[data-key="members"]', { timeout: 30_000 });
  await page.close();
});

test('a panic in the engine worker (code tab) stays in that tab; the worker restarts for the others', async () => {
  const page = await start();
  await page.locator('#tab-prisma').click();
  await page.waitForSelector('.code-text', { timeout: 60_000 });
  await typeAtEnd(page, '-- crash-probe: code\n');
  await page.waitForSelector('.engine-failed.crashed', { timeout: 30_000 });
  assert.match(await page.locator('.engine-failed').innerText(), /Making the Prisma schema failed on this input \(crash probe/);
  // The migration check runs in the (restarted) worker.
  await page.locator('#tab-migration').click();
  await page.locator('.mig-editor .code-input').fill('ALTER TABLE members ADD COLUMN role text NOT NULL;');
  await page.waitForSelector('.mig-finding[data-rule="adding-required-field"]', { timeout: 30_000 });
  await page.locator('#tab-diagram').click();
  await page.waitForSelector('.erd-stage g.table[data-key="members"]');
  // Without the probe the code comes back.
  await input(page).fill(BASE);
  await page.locator('#tab-prisma').click();
  await page.waitForSelector('.code-text', { timeout: 60_000 });
  assert.match(await page.locator('.code-text').innerText(), /model Member/);
  await page.close();
});

test('a panic in the migration checker stays in the Migration tab', async () => {
  const page = await start();
  await page.locator('#tab-migration').click();
  await page.locator('.mig-editor .code-input').fill('-- crash-probe: migration\nALTER TABLE members ADD COLUMN role text;');
  await page.waitForSelector('.engine-failed.crashed', { timeout: 60_000 });
  assert.match(await page.locator('.engine-failed').innerText(), /Making the migration check failed/);
  assert.match(await page.locator('.mig-editor .code-input').inputValue(), /ADD COLUMN role/, 'the migration text is kept');
  await page.locator('.mig-editor .code-input').fill('ALTER TABLE members ADD COLUMN role text;');
  await page.waitForSelector('.mig-card', { timeout: 30_000 });
  await page.close();
});

test('only the deliberate panics were logged', () => {
  // A trap is logged as `RuntimeError: unreachable` on the console, or, when Playwright sees it as
  // an uncaught exception (it reports the engine worker's exceptions as page errors too: the worker
  // panicking on purpose above, before it is restarted), as the page error `unreachable` (the
  // RuntimeError's message without its name; tagged when its stack names the engine module). Every
  // trap in this file comes from a crash probe; an uncontained one fails its own panel's test.
  const other = env.problems.filter((p) => !/crash probe|panicked|RuntimeError: unreachable|unreachable executed|^page error: unreachable( \(in the engine worker\))?$/.test(p));
  assert.deepEqual(other, []);
});
