// Screenshots of one page of a built site at phone and desktop widths.
// Usage: node screenshot.mjs PUBLIC_DIR URL_PATH OUT_DIR [--full]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const [root, path = '/', out = '.', ...flags] = process.argv.slice(2);
if (!root) {
  console.error('usage: node screenshot.mjs PUBLIC_DIR URL_PATH OUT_DIR [--full]');
  process.exit(2);
}
const full = flags.includes('--full');
const sizes = [
  { name: 'phone', width: 390, height: 844, clip: 2400 },
  { name: 'desktop', width: 1280, height: 800, clip: 1800 },
];

const server = await serve(root);
const chromium = await launch();
try {
  await mkdir(out, { recursive: true });
  const page = await chromium.browser.newPage();
  for (const size of sizes) {
    await page.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
    await page.goto(server.origin + path, { waitUntil: 'load' });
    const file = join(out, `${size.name}.png`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
      path: file,
      clip: { x: 0, y: 0, width: size.width, height: full ? height : Math.min(height, size.clip) },
      captureBeyondViewport: true,
    });
    console.log(file);
  }
} finally {
  await chromium.close();
  await server.close();
}
