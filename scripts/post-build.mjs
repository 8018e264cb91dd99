// Trunk post-build hook (Trunk.toml): finishes dist/ for three wasm modules and offline use.
//
// Trunk builds the app (its main module, named with a content hash; Trunk.toml's pattern_script
// leaves only a `<script id="schemaplay-boot">` placeholder and no preload) and the embed and
// engine modules as `data-type="worker"` modules (named after their binary). This script, run on
// Trunk's staging directory before it becomes dist/:
//
// 1. names the embed's and the engine's JS and wasm after a hash of their content
//    (`embed-<hash>.js`, `embed-<hash>_bg.wasm`, ...), so a new build never mixes with an old
//    one in any cache;
// 2. replaces the placeholder with the bootstrap: it loads the app's module, or the embed's when
//    the address has `?embed=`, and tells both where the engine module is
//    (`window.__schemaplay`); the engine itself is fetched on first use (src/engine/worker.rs);
// 3. writes the service worker (public/sw.js) with this build's version and its app shell.
//
// Usage (Trunk sets TRUNK_STAGING_DIR): node scripts/post-build.mjs [DIR]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('no staging directory (TRUNK_STAGING_DIR)');
const MODULES = { embed: 'embed', engine: 'engine' };

const hash = (...bufs) => {
  const h = createHash('sha256');
  for (const b of bufs) h.update(b);
  return h.digest('hex').slice(0, 16);
};

const files = {};
const app = readdirSync(dir).filter((f) => /^schema-playground-[0-9a-f]+(\.js|_bg\.wasm)$/.test(f)).sort();
if (app.length !== 2) throw new Error(`expected the app's two files, found ${app}`);
files.app = [app.find((f) => f.endsWith('.js')), app.find((f) => f.endsWith('.wasm'))];
for (const [role, bin] of Object.entries(MODULES)) {
  const js = join(dir, `${bin}.js`);
  const wasm = join(dir, `${bin}_bg.wasm`);
  if (!existsSync(js) || !existsSync(wasm)) throw new Error(`Trunk did not build ${bin} (${js})`);
  const h = hash(readFileSync(js), readFileSync(wasm));
  const names = [`${role}-${h}.js`, `${role}-${h}_bg.wasm`];
  renameSync(js, join(dir, names[0]));
  renameSync(wasm, join(dir, names[1]));
  files[role] = names;
}

const version = hash(JSON.stringify(files), ...readdirSync(dir).filter((f) => f.endsWith('.css')).sort().map((f) => readFileSync(join(dir, f))));
const build = { version, app: files.app, embed: files.embed, engine: files.engine };

// The bootstrap: starts the wasm download at once, in parallel with the glue's.
const boot = `<script type="module">
const build = ${JSON.stringify(build)};
window.__schemaplay = build;
const [js, wasm] = new URLSearchParams(location.search).has('embed') ? build.embed : build.app;
const module_or_path = fetch(new URL(wasm, document.baseURI));
import(new URL(js, document.baseURI).href)
  .then(({ default: init }) => init({ module_or_path }))
  .catch((e) => {
    document.body.insertAdjacentHTML('beforeend', '<p class="boot-failed" role="alert">Schema Playground could not start: <span></span></p>');
    document.querySelector('.boot-failed span').textContent = String((e && e.message) || e);
  });
</script>`;
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
const placeholder = /<script[^>]*\bschemaplay-boot\b[^>]*>\s*<\/script>/;
if (!placeholder.test(html)) throw new Error('index.html has no schemaplay-boot placeholder (Trunk.toml pattern_script)');
writeFileSync(indexPath, html.replace(placeholder, boot));

// The service worker: the app shell (what the first paint needs) is cached at install; the embed
// and engine modules are cached when the page first fetches them (sw.js).
const shell = ['./', 'index.html', ...files.app]
  .concat(readdirSync(dir).filter((f) => /\.(css|svg|png|webmanifest)$/.test(f)).sort());
const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8');
const marker = /const BUILD = \{[^\n]*\};/;
if (!marker.test(sw)) throw new Error('sw.js has no BUILD line');
writeFileSync(swPath, sw.replace(marker, `const BUILD = ${JSON.stringify({ version, shell })};`));
console.log(`post-build: version ${version}; ${Object.values(files).flat().join(', ')}`);
