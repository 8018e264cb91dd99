// What one edit through the browser's editing command (document.execCommand('insertText'), the
// only way to keep the textarea's own undo) costs in Chromium, by the size of the text and the
// line breaks inserted: the measurement behind `browser::native_edit_affordable` (issue 22 item 4).
// The text is the danbooru pg_dump from the shared corpus (200 KB) or its first 20 KB; the
// inserted text is a slice of the same dump (real SQL lines) or one long line.
// Run: node scripts/bench-native-edit.mjs   (part of `make bench`; about a minute)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const DUMP = readFileSync(new URL('../../shared/corpus/postgres/pgdump/danbooru_structure.sql', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext()).newPage();
// The editor's own textarea style (style/editor.css): no wrapping, monospace, 20 px lines.
await page.setContent('<textarea id=t spellcheck=false style="width:800px;height:600px;white-space:pre;font:13px monospace;line-height:20px"></textarea>');

const cases = [
  ['200 KB', DUMP.length, 'one 32 KB line', 'line', 32768],
  ['200 KB', DUMP.length, '512 B of SQL', 'sql', 512],
  ['200 KB', DUMP.length, '2 KB of SQL', 'sql', 2048],
  ['20 KB', 20000, '2 KB of SQL', 'sql', 2048],
  ['20 KB', 20000, '512 B of SQL', 'sql', 512],
  ['2 KB', 2000, '2 KB of SQL', 'sql', 2048],
];
await page.evaluate((d) => { window.__dump = d; }, DUMP);
console.log('| text | inserted | line breaks | insertText ms | undo ms |');
console.log('|---|---|---:|---:|---:|');
for (const [label, len, what, kind, n] of cases) {
  const r = await page.evaluate(([text, kind, n]) => {
    const t = document.getElementById('t');
    t.value = text;
    t.focus();
    t.setSelectionRange(1000, 1000);
    const ins = kind === 'line' ? 'y'.repeat(n - 1) + '\n' : window.__dump.slice(5000, 5000 + n);
    const t0 = performance.now();
    document.execCommand('insertText', false, ins);
    const ms = performance.now() - t0;
    const t1 = performance.now();
    document.execCommand('undo');
    return { ms, undo: performance.now() - t1, breaks: ins.split('\n').length - 1, restored: t.value === text };
  }, [DUMP.slice(0, len), kind, n]);
  if (!r.restored) throw new Error(`${label} ${what}: undo did not restore the text`);
  console.log(`| ${label} | ${what} | ${r.breaks} | ${Math.round(r.ms)} | ${Math.round(r.undo)} |`);
}
await browser.close();
