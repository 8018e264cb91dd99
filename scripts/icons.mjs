// Renders the web app manifest's PNG icons from public/favicon.svg with Chromium (run once when
// the logo changes; the PNGs are committed): node scripts/icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const svg = readFileSync('public/favicon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  // A full-bleed background (maskable: the logo stays inside the central 80 % safe zone).
  await page.setContent(`<body style="margin:0;background:#f5f7ff;display:grid;place-items:center;width:${size}px;height:${size}px">
    <div style="width:${size * 0.6}px;height:${size * 0.6}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`);
  await page.screenshot({ path: `public/icon-${size}.png` });
  await page.close();
}
await browser.close();
