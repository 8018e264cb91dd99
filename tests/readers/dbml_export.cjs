#!/usr/bin/env node
// The DDL @dbml/core's own exporter writes for a DBML file: the DBML oracle.
// Usage: node tests/readers/dbml_export.cjs FILE.dbml postgres|mysql > out.sql
// Exit 0 with the SQL on stdout; 1 when @dbml/core rejects the file (its diagnostics on stderr).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { exporter } = require(path.join(__dirname, '..', '..', 'node_modules', '@dbml', 'core'));

const [file, format] = process.argv.slice(2);
if (!file || !['postgres', 'mysql'].includes(format)) {
  process.stderr.write('usage: dbml_export.cjs FILE.dbml postgres|mysql\n');
  process.exit(2);
}
try {
  process.stdout.write(exporter.export(fs.readFileSync(file, 'utf8'), format));
} catch (e) {
  const diags = e && e.diags ? e.diags.map((d) => `${d.location?.start?.line}:${d.location?.start?.column}: ${d.message}`) : [String(e)];
  process.stderr.write(diags.join('\n') + '\n');
  process.exit(1);
}
