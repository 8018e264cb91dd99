// <schema-diagram>: a Schema Playground view on any docs page (issue 20).
//
//   <script type="module" src="https://…/schema-diagram.js"></script>
//   <schema-diagram dialect="postgres" view="diagram" theme="auto">
//     CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);
//   </schema-diagram>
//
// The element's text is the schema (SQL, or Prisma/DBML/Drizzle source, recognised by the
// playground). It becomes a share-link fragment (`v2.` container: header JSON, newline, text;
// raw DEFLATE when the browser has CompressionStream, else stored; CRC-32; base64url) of an
// iframe of this playground's `?embed=<view>` page, built here in the page: the schema never goes
// to a server (a fragment is not sent with a request). Attributes:
// - `view`: diagram (default), findings, prisma, drizzle, sql, mermaid, dbml, typescript, migration;
// - `dialect`: postgres (default), mysql, sqlite, …;
// - `theme`: auto (default: match the page's background, again whenever the reader's
//   `prefers-color-scheme` changes), light, dark;
// - `height`: the height in px before the embed reports its own (default 360).
// The iframe's height follows its content through the embed's `schemaplay:height` messages (see
// README "Embedding"); changing the element's text or attributes re-renders it.

const HEIGHT = 'schemaplay:height';
const AUTOHEIGHT = 'schemaplay:autoheight';
const BASE = new URL('./', import.meta.url);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function base64url(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function deflateRaw(bytes) {
  if (typeof CompressionStream !== 'function') return null;
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return null;
  }
}

/// The share-link fragment (without `#`) of a schema text in a dialect.
export async function fragment(text, dialect) {
  const header = dialect ? JSON.stringify({ d: dialect }) : '';
  const bytes = new TextEncoder().encode(`${header}\n${text}`);
  let body = await deflateRaw(bytes);
  if (!body || body.length === 0 || body.length > bytes.length + 1) {
    // The stored form: 0xFF (never the start of a DEFLATE stream), then the bytes.
    body = new Uint8Array(bytes.length + 1);
    body[0] = 0xff;
    body.set(bytes, 1);
  }
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(bytes));
  return `v2.${base64url(out)}`;
}

/// The text without the indentation its lines share (as written inside an indented element).
export function dedent(text) {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/// "light" or "dark" from the background the element sits on (the first opaque one up the tree).
function pageTheme(el) {
  for (let e = el; e; e = e.parentElement) {
    const m = getComputedStyle(e).backgroundColor.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    if (m && (m[4] === undefined || Number(m[4]) > 0.5)) {
      const [r, g, b] = [m[1], m[2], m[3]].map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
    }
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

// One listener for every iframe of this module: the height an embed asks for, and the answer
// that makes it lay out at its content's height.
const frames = new Set();
addEventListener('message', (e) => {
  const d = e.data;
  if (!d || d.type !== HEIGHT || typeof d.height !== 'number') return;
  for (const f of frames) {
    if (f.contentWindow === e.source) {
      f.style.height = `${Math.max(80, Math.round(d.height))}px`;
      e.source.postMessage({ type: AUTOHEIGHT }, '*');
    }
  }
});

// theme="auto" follows the page live: when the reader's colour scheme changes (the page's own CSS
// usually changes its background with it), every auto element looks at its background again.
const connected = new Set();
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const el of connected) el.render();
});

class SchemaDiagram extends HTMLElement {
  static observedAttributes = ['dialect', 'view', 'theme', 'height'];
  #frame = null;
  #observer = null;
  #generation = 0;

  connectedCallback() {
    if (!this.shadowRoot) {
      // A shadow root without a slot: the schema text stays in the light DOM, unseen.
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = '<style>:host{display:block}iframe{display:block;width:100%;border:1px solid #d0d4dc;border-radius:6px}</style>';
      this.#frame = document.createElement('iframe');
      this.#frame.setAttribute('loading', 'lazy');
      root.append(this.#frame);
    }
    frames.add(this.#frame);
    connected.add(this);
    this.#observer = new MutationObserver(() => this.render());
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    this.render();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    frames.delete(this.#frame);
    connected.delete(this);
  }

  attributeChangedCallback() {
    if (this.#frame) this.render();
  }

  async render() {
    const generation = ++this.#generation;
    const view = this.getAttribute('view') || 'diagram';
    const dialect = this.getAttribute('dialect') || '';
    const wanted = this.getAttribute('theme') || 'auto';
    const theme = wanted === 'light' || wanted === 'dark' ? wanted : pageTheme(this);
    const frag = await fragment(dedent(this.textContent ?? ''), dialect);
    if (generation !== this.#generation) return;
    const src = new URL(`?embed=${encodeURIComponent(view)}&theme=${theme}`, BASE);
    src.hash = frag;
    this.#frame.title = `Schema Playground: ${view}`;
    if (!this.#frame.style.height) this.#frame.style.height = `${Number(this.getAttribute('height')) || 360}px`;
    if (this.#frame.src !== src.href) this.#frame.src = src.href;
  }
}

if (!customElements.get('schema-diagram')) customElements.define('schema-diagram', SchemaDiagram);
