import fs from 'node:fs';
import path from 'node:path';
import { LOCALES } from '@gonghui/contract';
import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { WEB_MODULES } from '../modules';
import { titleKeyOf } from './manifest';

// A page's title is its one <h1>, drawn by the shell (page-title.tsx). A card on the page that
// repeats it reads, to a screen reader and to the eye, as the same heading twice.

/** Each routed page's file (a page lives in a file of its name: menu.test.ts), with its title's key. */
async function routedPages() {
  const modules = path.resolve(import.meta.dirname, '../modules');
  const routes = WEB_MODULES.flatMap((module) =>
    (['public', 'member', 'admin', 'screen'] as const).flatMap((area) =>
      (module[area] ?? []).map((route) => ({ module: module.name, route })),
    ),
  );
  return Promise.all(
    routes.map(async ({ module, route }) => ({
      file: path.join(modules, module, `${(await route.page()).name}.tsx`),
      titleKey: titleKeyOf(route),
    })),
  );
}

describe('page headings', () => {
  it('no card on a page repeats the page’s title, in either language', async () => {
    const pages = await routedPages();
    expect(pages.length).toBeGreaterThan(30);
    const offences = pages.flatMap(({ file, titleKey }) => {
      const text = fs.readFileSync(file, 'utf8');
      const cardTitles = [...text.matchAll(/\btitle=\{t\('([^']+)'\)\}/g)].map((match) => match[1]!);
      return LOCALES.flatMap((locale) => {
        const t = i18n.getFixedT(locale);
        return cardTitles
          .filter((key) => t(key) === t(titleKey))
          .map((key) => `${path.basename(file)}: ${key} reads “${t(key)}”, as the page’s title does (${locale})`);
      });
    });
    expect(offences).toEqual([]);
    // It loads every page of the manifest: seconds of transforming on a busy machine.
  }, 30_000);
});
