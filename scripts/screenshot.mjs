// Takes the README screenshot from the real release build: node scripts/screenshot.mjs [OUT.png]
import { launch, openApp } from '../tests/e2e/browser.mjs';
const env = await launch();
const page = await openApp(env, '/', { viewport: { width: 1280, height: 760 }, colorScheme: 'light' });
const input = page.locator('.code-input');
await input.focus();
await page.keyboard.press('Control+End');
await page.keyboard.type('\nCREATE TABLE broken (id int REFERENCES);');
await page.locator('#tab-findings').click();
await input.evaluate((el) => { el.scrollTop = 1500; el.dispatchEvent(new Event('scroll')); });
await page.waitForTimeout(200);
await page.screenshot({ path: process.argv[2] ?? 'docs/screenshot.png' });
await env.close();
