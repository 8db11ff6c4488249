// Screenshots of the top of one page of a built site, at phone (390 px)
// and desktop (1280 px) widths, in Debian's chromium.
// Usage: node screenshot.mjs PUBLIC_DIR URL_PATH OUT_PREFIX
// writes OUT_PREFIX-phone.png and OUT_PREFIX-desktop.png.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const [root, path, prefix] = process.argv.slice(2);
if (!prefix) {
  console.error('usage: node screenshot.mjs PUBLIC_DIR URL_PATH OUT_PREFIX');
  process.exit(2);
}
// Width, and how much of the page's top to keep: the hero and the first
// candidates.
const sizes = [
  { name: 'phone', width: 390, height: 1720 },
  { name: 'desktop', width: 1280, height: 1400 },
];

const server = await serve(root);
const chromium = await launch();
try {
  await mkdir(dirname(prefix), { recursive: true });
  const page = await chromium.browser.newPage();
  for (const size of sizes) {
    await page.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
    await page.goto(server.origin + path, { waitUntil: 'load' });
    const file = `${prefix}-${size.name}.png`;
    await page.screenshot({ path: file });
    console.log(file);
  }
} finally {
  await chromium.close();
  await server.close();
}
