// The real tools the generated code is checked with, shared by tests/codegen/*.test.mjs:
//   prismaCheck  → @prisma/prisma-schema-wasm `validate`, and `format(output) === output`
//   prismaDmmf   → the DMMF Prisma reads from a schema (model/field/enum/index names, defaults, docs)
//   tscCheck     → tsc --noEmit --strict over many modules in one run
//   dbmlParse    → @dbml/core's current parser (dbmlv2)
//   mermaidOk    → mermaid.parse; mermaidEntities → what Mermaid read (entity aliases, attributes)
//   importTs     → a TypeScript module transpiled and imported, to read what drizzle-orm / zod built
import { mkdtempSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { Parser as DbmlParser } from '@dbml/core';
import mermaid from 'mermaid';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repo, 'package.json'));
const prisma = require('@prisma/prisma-schema-wasm');
const ts = require('typescript');
const tscBin = path.join(repo, 'node_modules/typescript/bin/tsc');

mermaid.initialize({ startOnLoad: false });

/** null when Prisma validates the schema and `prisma format` leaves it unchanged (unless
 * `format: false`), else why not. */
export function prismaCheck(schema, { format = true } = {}) {
  try {
    prisma.validate(JSON.stringify({ prismaSchema: [['schema.prisma', schema]], noColor: true }));
  } catch (e) {
    const msg = String(e.message ?? e);
    let text = msg;
    try { text = JSON.parse(msg).message; } catch {}
    return `prisma validate: ${text.split('\n').slice(0, 6).join('\n')}`;
  }
  if (!format) return null;
  const formatted = JSON.parse(prisma.format(JSON.stringify([['schema.prisma', schema]]), JSON.stringify({ textDocument: { uri: 'file:/schema.prisma' }, options: { tabSize: 2, insertSpaces: true } })))[0][1];
  if (formatted !== schema) {
    const a = schema.split('\n');
    const b = formatted.split('\n');
    const i = a.findIndex((l, k) => l !== b[k]);
    return `prisma format changes line ${i + 1}:\n  ours:   ${JSON.stringify(a[i])}\n  format: ${JSON.stringify(b[i])}`;
  }
  return null;
}

/** Prisma's DMMF datamodel of a (valid) schema. */
export function prismaDmmf(schema) {
  return JSON.parse(prisma.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]], noColor: true }))).datamodel;
}

/** Type-checks every output as its own module in one tsc run; returns Map(label → errors). */
export function tscCheck(outputs, extra = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'schemaplay-tsc-'));
  try {
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const byFile = new Map();
    const files = [];
    outputs.forEach(([label, code], i) => {
      const name = `m${String(i).padStart(4, '0')}.ts`;
      writeFileSync(path.join(dir, name), code);
      byFile.set(name, label);
      files.push(name);
    });
    for (const [name, code] of Object.entries(extra)) {
      writeFileSync(path.join(dir, name), code);
      byFile.set(name, name);
      files.push(name);
    }
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', isolatedModules: true, types: [] },
      files,
    }));
    const r = spawnSync(process.execPath, [tscBin, '-p', dir, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const errors = new Map();
    for (const line of (r.stdout + r.stderr).split('\n')) {
      const m = /^(m\d{4}\.ts|[\w-]+\.ts)\((\d+),(\d+)\): (error .*)$/.exec(line);
      if (!m) continue;
      const label = byFile.get(m[1]) ?? m[1];
      if (!errors.has(label)) errors.set(label, []);
      errors.get(label).push(`${m[2]}:${m[3]} ${m[4]}`);
    }
    if (r.status !== 0 && errors.size === 0) throw new Error(`tsc failed without file errors:\n${r.stdout}${r.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Transpiles TypeScript modules and imports them (in the given order); returns their namespaces. */
export async function importTs(modules) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'schemaplay-ts-'));
  try {
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const out = [];
    for (const [i, code] of modules.entries()) {
      const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const file = path.join(dir, `m${i}.mjs`);
      writeFileSync(file, js);
      out.push(await import(pathToFileURL(file).href));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `{ db }` from @dbml/core's current parser (dbmlv2), or `{ error }`. */
export function dbmlParse(text) {
  try {
    return { db: new DbmlParser().parse(text, 'dbmlv2') };
  } catch (e) {
    const d = e?.diags?.[0];
    return { error: d ? `line ${d.location?.start?.line}: ${d.message ?? d.error}` : String(e?.message ?? e) };
  }
}

/** null when mermaid parses the text, else the error. */
export async function mermaidOk(text) {
  try {
    await mermaid.parse(text);
    return null;
  } catch (e) {
    return String(e?.message ?? e).split('\n').slice(0, 3).join(' ');
  }
}

/** The entities Mermaid read from an erDiagram: [{ key, alias, attributes: [{ name, comment }] }]. */
export async function mermaidEntities(text) {
  const d = await mermaid.mermaidAPI.getDiagramFromText(text);
  return [...d.db.getEntities().entries()].map(([key, e]) => ({ key, alias: e.alias, attributes: e.attributes }));
}
