import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { WEB_MODULES } from '../modules';
import { titleKeyOf } from './manifest';

const lookUp = (catalogue: object, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);

/** Every page's full path: public and screen paths as they are, member pages under /app, console pages under /admin. */
const routes = WEB_MODULES.flatMap((module) => [
  ...(module.public ?? []).map((route) => ({ full: route.path, route })),
  ...(module.screen ?? []).map((route) => ({ full: route.path, route })),
  ...(module.member ?? []).map((route) => ({ full: `/app/${route.path}`, route })),
  ...(module.admin ?? []).map((route) => ({ full: `/admin/${route.path}`, route })),
]);

describe('pages', () => {
  it('each has a title in both languages', () => {
    for (const { full, route } of routes) {
      const key = titleKeyOf(route);
      expect(typeof lookUp(zhCN, key), `${full} ${key}`).toBe('string');
      expect(typeof lookUp(en, key), `${full} ${key}`).toBe('string');
    }
  });

  it('each is visited by the accessibility journey, with the shells’ own pages', () => {
    const journey = fs.readFileSync(path.resolve(import.meta.dirname, '../../../e2e/every-page.e2e.ts'), 'utf8');
    const shells = ['/login', '/app', '/app/services', '/app/me', '/admin/todo'];
    const missing = [...shells, ...routes.map((r) => r.full)].filter((full) => !journey.includes(`'${full}'`));
    expect(missing).toEqual([]);
  });
});
