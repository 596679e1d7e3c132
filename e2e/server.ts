import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../server/test/free-port';

const root = path.resolve(import.meta.dirname, '..');

export interface RunningServer {
  url: string;
  /** Everything the server printed so far (the development SMS provider writes codes there). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `gonghui serve --seed-demo` exactly as `npm start` does, on a fresh embedded data dir. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['server/bin/gonghui.mjs', 'serve', '--seed-demo'], {
    cwd: root,
    env: {
      ...process.env,
      GONGHUI_DATA_DIR: dataDir,
      PORT: String(port),
      GONGHUI_EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    output: () => output,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

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
    journey.server = await startServer();
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
