// Schema Playground's service worker: the app opens offline and at once on a second visit.
//
// - The app shell (index.html, the app module, styles, icons) is cached at install in a cache
//   named after the build's version; `scripts/post-build.mjs` writes the BUILD line below for
//   each build. The embed and engine modules (and anything else of this origin) are cached the
//   first time the page fetches them: the app loads the engine on first use or once idle
//   (src/engine/mod.rs), so after a first visit every tab works offline.
// - Requests are answered from that cache first (module files are named after their content, so
//   a cached file is never stale). Page loads of the app (with any `?embed=` query) get the
//   cached index.html.
// - A new build's worker installs next to the old one and waits: the page shows "A new version
//   is available — Reload" (src/offline.rs) and sends `skip-waiting` when the person agrees.
//   Activating deletes the other builds' caches.
const BUILD = { version: 'dev', shell: [] };
const CACHE = `schemaplay-${BUILD.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(BUILD.shell)));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('schemaplay-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

const ROOT = new URL('./', self.location).pathname;

async function fromCacheOrNetwork(request) {
  const cache = await caches.open(CACHE);
  const path = new URL(request.url).pathname;
  // The app and its embeds: one index.html whatever the query.
  const app = request.mode === 'navigate' && (path === ROOT || path === `${ROOT}index.html`);
  const hit = await cache.match(app ? './' : request, { ignoreSearch: app });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && !app) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fromCacheOrNetwork(request));
});
