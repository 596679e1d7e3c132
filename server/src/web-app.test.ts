import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/helpers';

// The built web app as a browser fetches it: hashed assets precompressed and cached for good, the
// page shell revalidated, page paths falling back to it, unknown files a 404, HEAD as GET.

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-dist-'));
const SCRIPT = `console.log(${JSON.stringify('工会'.repeat(2000))});`;
let t: TestApp;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>工会</title><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /api/\n');
  fs.writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  fs.writeFileSync(path.join(dist, 'manifest.webmanifest'), JSON.stringify({ name: '智慧工会', start_url: '/' }));
  fs.copyFileSync(path.resolve(import.meta.dirname, '../../web/public/favicon.ico'), path.join(dist, 'favicon.ico'));
  const script = path.join(dist, 'assets', 'app-Abc123.js');
  fs.writeFileSync(script, SCRIPT);
  fs.writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
  fs.writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
  t = await createTestApp({ seed: false, env: { GONGHUI_WEB_DIST: dist } });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the built web app', () => {
  it('sends a hashed asset precompressed in the encoding the browser prefers, cached for good', async () => {
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const response = await t.app.inject({ url: '/assets/app-Abc123.js', headers: { 'accept-encoding': accept } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    }
    const plain = await t.app.inject({ url: '/assets/app-Abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it('revalidates the page shell, and a page path falls back to it for the client-side router', async () => {
    for (const url of ['/', '/login', '/admin/members?page=2', '/app/me/data']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toContain('<div id="root">');
    }
  });

  it('serves the real favicon and robots.txt, revalidated', async () => {
    const icon = await t.app.inject({ url: '/favicon.ico' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/icon/);
    expect(icon.rawPayload.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]))).toBe(true);
    const robots = await t.app.inject({ url: '/robots.txt' });
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toMatch(/text\/plain/);
    expect(robots.headers['cache-control']).toBe('no-cache');
  });

  it('serves the service worker revalidated (a new release reaches phones at once) and the web manifest as such', async () => {
    const worker = await t.app.inject({ url: '/sw.js' });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    const manifest = await t.app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/application\/manifest\+json/);
    expect(manifest.json()).toMatchObject({ start_url: '/' });
  });

  it('answers an unknown file, a missing asset or an unknown API path with a 404 problem, not the app', async () => {
    for (const url of ['/assets/app-Gone99.js', '/logo.png', '/wp-login.php', '/api/v1/nothing-here']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });

  it('answers HEAD as GET does, without a body', async () => {
    for (const url of ['/', '/admin/members', '/assets/app-Abc123.js', '/robots.txt', '/healthz']) {
      const get = await t.app.inject({ url });
      const head = await t.app.inject({ method: 'HEAD', url });
      expect(head.statusCode, url).toBe(get.statusCode);
      expect(head.headers['content-type'], url).toBe(get.headers['content-type']);
      expect(head.body, url).toBe('');
    }
    expect((await t.app.inject({ method: 'HEAD', url: '/logo.png' })).statusCode).toBe(404);
  });
});
