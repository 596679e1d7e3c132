import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { type RunningServer, startServer } from './server-process';

export type { RunningServer };

/**
 * Debian's Chromium, headless, with the flags this closed network needs (no background calls).
 *
 * Its pages ask for reduced motion, as a person may in their system settings: the app then opens
 * its dialogs and menus without animating them, so a click never meets one still moving. (On a
 * busy host such a click went astray: the press landed on a menu option, the release on the title
 * of the dialog behind it, and nothing was chosen.) Playwright emulates `no-preference` unless
 * told otherwise, so the default is set here, for contexts and pages alike; a test that wants the
 * animations passes `reducedMotion: 'no-preference'`.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options });
  browser.newPage = (options = {}) => newPage({ reducedMotion: 'reduce', ...options });
  return browser;
}

/** One server and one browser for a test file, started before its tests and stopped after them. */
export function setUpServerAndBrowser(): { server: RunningServer; browser: Browser } {
  const journey = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    journey.server = await startServer(inject('seededDataDir'));
    journey.browser = await launchBrowser();
  });
  afterAll(async () => {
    await journey.browser?.close();
    await journey.server?.stop();
  });
  return journey;
}

/** The demo accounts' password. */
export const DEMO_PASSWORD = 'Gonghui@2026!';

/** Signs in through the login page as a person would (in Chinese, the default). */
export async function signInAt(page: Page, url: string, login: string, password = DEMO_PASSWORD) {
  await page.goto(`${url}/login`);
  await page.getByLabel('账号或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}
