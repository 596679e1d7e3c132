/**
 * Lighthouse (mobile, its default simulated throttling: slow 4G, 4× CPU) on the pages a member meets
 * first: the sign-in page, the member home and the e-member card. The app runs as `npm start` serves
 * it — the built web app on the demo federation — and Debian's Chromium loads it headless.
 *
 * Each page is measured RUNS times and the median is recorded, as Lighthouse's own guidance on
 * variability advises: one run on a shared two-core host moves by several points either way. Every
 * run's figures are printed too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { seedDemo } from '../server/src/db/seed-demo';
import { DEMO_PASSWORD } from '../server/src/modules/accounts/password-policy';
import { createLogSmsProvider } from '../server/src/platform/sms';
import { openRuntime } from '../server/src/runtime';
import { freePort } from '../server/test/free-port';
import type { Record } from './membership-scenarios';

const CATEGORIES = [
  { id: 'performance', label: 'performance', minimum: 90 },
  { id: 'accessibility', label: 'accessibility', minimum: 95 },
  { id: 'best-practices', label: 'best practices', minimum: 95 },
] as const;

const RUNS = Number(process.env.GONGHUI_LIGHTHOUSE_RUNS ?? 3);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const PAGES = [
  { path: '/login', name: 'sign-in page', member: false },
  { path: '/app', name: 'member home', member: true },
  { path: '/app/card', name: 'member card', member: true },
];

export async function benchLighthouse(record: Record, webDist: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-lighthouse-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    GONGHUI_WEB_DIST: webDist,
  });
  const runtime = await openRuntime(config);
  try {
    await seedDemo(runtime.database.db, runtime.cipher);
    const app = await buildApp({
      db: runtime.database.db,
      config,
      cipher: runtime.cipher,
      sms: createLogSmsProvider(() => {}),
      logger: false,
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const login = await fetch(`${address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'worker', password: DEMO_PASSWORD }),
      });
      if (!login.ok) throw new Error(`lighthouse: the demo member could not sign in (${login.status})`);
      // The member's cookies (the session's, and the readable hint the page checks before asking
      // who is signed in) go into the browser's own jar, as signing in would put them.
      const cookies = login.headers.getSetCookie().map((line) => {
        const [name, value] = line.split(';')[0]!.split('=') as [string, string];
        return { name, value, url: address };
      });
      for (const page of PAGES) {
        const runs: { scores: { [category: string]: number }; lcp: number; tbt: number; cls: number }[] = [];
        // A run whose trace Lighthouse could not record (a runtime error such as NO_NAVSTART, which
        // asks to run it again) is run again, at most twice over the page's runs; the retry is printed.
        let retries = 2;
        for (let run = 0; run < RUNS; run++) {
          const report = await lighthouseRun(`${address}${page.path}`, page.member ? cookies : []);
          // GONGHUI_LIGHTHOUSE_REPORTS=dir keeps each run's full report (what ran on the main thread,
          // each script's share of it, the long tasks), to find where blocking time comes from.
          const keep = process.env.GONGHUI_LIGHTHOUSE_REPORTS;
          if (keep) {
            fs.mkdirSync(keep, { recursive: true });
            const name = `${page.path.replaceAll('/', '_').replace(/^_/, '')}-${run + 1}.json`;
            fs.writeFileSync(path.join(keep, name), JSON.stringify(report));
          }
          if (report.runtimeError) {
            if (retries-- === 0) throw new Error(`lighthouse ${page.path}: ${report.runtimeError.message}`);
            console.log(`  lighthouse ${page.path}, run ${run + 1}: ${report.runtimeError.code}; running it again`);
            run--;
            continue;
          }
          const scores = Object.fromEntries(
            CATEGORIES.map((category) => [category.id, Math.round((report.categories[category.id]?.score ?? 0) * 100)]),
          );
          const lcp = report.audits['largest-contentful-paint']?.numericValue ?? Number.NaN;
          const tbt = report.audits['total-blocking-time']?.numericValue ?? Number.NaN;
          const cls = report.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN;
          const fcp = report.audits['first-contentful-paint']?.numericValue ?? Number.NaN;
          console.log(
            `  lighthouse ${page.path}, run ${run + 1} of ${RUNS}: ${CATEGORIES.map((c) => `${c.label} ${scores[c.id]}`).join(', ')}; FCP ${Math.round(fcp)} ms, LCP ${Math.round(lcp)} ms, TBT ${Math.round(tbt)} ms, CLS ${cls.toFixed(3)}`,
          );
          runs.push({ scores, lcp, tbt, cls });
        }
        for (const category of CATEGORIES) {
          const score = median(runs.map((run) => run.scores[category.id]!));
          record(
            `Lighthouse mobile, ${page.name} (${page.path}): ${category.label}, median of ${RUNS}`,
            score,
            'score',
            {
              target: `≥ ${category.minimum}`,
              pass: score >= category.minimum,
            },
          );
        }
        const lcp = median(runs.map((run) => run.lcp));
        record(`Lighthouse mobile, ${page.name}: largest contentful paint (simulated), median of ${RUNS}`, lcp, 'ms', {
          target: '< 2500',
          pass: lcp < 2500,
        });
        record(
          `Lighthouse mobile, ${page.name}: total blocking time (simulated), median of ${RUNS}`,
          median(runs.map((run) => run.tbt)),
          'ms',
        );
        // Core Web Vitals' "good" threshold for layout shift.
        const cls = median(runs.map((run) => run.cls));
        record(`Lighthouse mobile, ${page.name}: cumulative layout shift, median of ${RUNS}`, cls, '', {
          target: '≤ 0.1',
          pass: cls <= 0.1,
        });
      }
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One Lighthouse run in a browser of its own, as Lighthouse's command line runs it. */
async function lighthouseRun(url: string, cookies: { name: string; value: string; url: string }[]) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    const tab = await browser.newPage();
    if (cookies.length) await tab.setCookie(...cookies);
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES.map((c) => c.id) },
      undefined,
      tab,
    );
    await browser.disconnect();
    if (!result?.lhr) throw new Error(`lighthouse: no report for ${url}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}
