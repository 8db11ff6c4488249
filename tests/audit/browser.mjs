// Debian's chromium, headless, through puppeteer-core. Never a downloaded
// browser: CHROMIUM (default /usr/bin/chromium) must exist.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Launches chromium; resolves to `{ browser, port, close() }`. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'hirepage-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--disable-dev-shm-usage',
      '--remote-debugging-port=0',
    ],
  });
  const port = Number(new URL(browser.wsEndpoint()).port);
  return {
    browser,
    port,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
