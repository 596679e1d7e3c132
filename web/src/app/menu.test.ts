import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_MODULES } from '../modules';
import { consoleLanding, consoleMenu } from './menu';

// The permissions a city federation cadre holds (asserted on /me in server/.../auth.test.ts).
const GZ_CADRE_PERMISSIONS = [
  'assistance.approve',
  'assistance.disburse',
  'assistance.manage',
  'assistance.programmes',
  'assistance.read',
  'assistance.statistics',
  'card.verify',
  'democracy.manage',
  'democracy.read',
  'dues.manage',
  'employer.manage',
  'employer.read',
  'member.manage',
  'member.read',
  'membership.statistics',
  'notice.manage',
  'notice.read',
  'organisation.manage',
  'organisation.read',
  'reach.deliveries',
  'rights.dispatch',
  'rights.handle',
  'rights.read',
  'rights.statistics',
  'user.read',
];

describe('the console menu, built from the web modules’ manifests', () => {
  it('shows a city federation cadre every entry they may open, under their domains in order', () => {
    const menu = consoleMenu(WEB_MODULES, GZ_CADRE_PERMISSIONS);
    expect(menu.map((g) => g.group)).toEqual([
      'organisation',
      'membership',
      'reach',
      'democracy',
      'rights',
      'assistance',
      'system',
    ]);
    expect(menu.flatMap((g) => g.entries.map((e) => e.path))).toEqual([
      '/admin/organisations',
      '/admin/employers',
      '/admin/applications',
      '/admin/members',
      '/admin/transfers',
      '/admin/imports',
      '/admin/dues',
      '/admin/statistics',
      '/admin/card-check',
      '/admin/notices',
      '/admin/congress',
      '/admin/votes',
      '/admin/proposals',
      '/admin/disclosure',
      '/admin/cases',
      '/admin/rights-dashboard',
      '/admin/assistance/applications',
      '/admin/assistance/files',
      '/admin/assistance/programmes',
      '/admin/assistance/batches',
      '/admin/assistance/statistics',
      '/admin/deliveries',
      '/admin/users',
    ]);
    expect(menu.find((g) => g.group === 'rights')?.entries.map((e) => e.labelKey)).toEqual([
      'menu.cases',
      'menu.rightsDashboard',
    ]);
  });

  it('shows nothing to a member and only the card check to a station keeper', () => {
    expect(consoleMenu(WEB_MODULES, [])).toEqual([]);
    expect(consoleMenu(WEB_MODULES, ['card.verify'])).toEqual([
      { group: 'membership', entries: [{ path: '/admin/card-check', labelKey: 'menu.cardCheck' }] },
    ]);
  });
});

describe('one screen per file', () => {
  it('each page a manifest routes to lives in a file of its own name, and each file holds one page', () => {
    const modules = path.resolve(import.meta.dirname, '../modules');
    const offences: string[] = [];
    const pagesByFile = new Map<string, string[]>();
    for (const name of fs.readdirSync(modules)) {
      const manifest = path.join(modules, name, 'manifest.ts');
      if (!fs.existsSync(manifest)) continue;
      const text = fs.readFileSync(manifest, 'utf8');
      for (const [, file, page] of text.matchAll(/page\(\s*\(\) => import\('\.\/([^']+)'\),\s*'(\w+)'\)/g)) {
        const key = `${name}/${file}`;
        pagesByFile.set(key, [...new Set([...(pagesByFile.get(key) ?? []), page!])]);
        if (file !== page) offences.push(`${key}: routes to ${page}`);
      }
      if (/page\(\s*[a-z]\w*\s*,/.test(text)) offences.push(`${name}/manifest.ts: a page through a shared loader`);
    }
    for (const [file, pages] of pagesByFile) if (pages.length > 1) offences.push(`${file}: ${pages.join(', ')}`);
    expect(pagesByFile.size).toBeGreaterThan(30);
    expect(offences).toEqual([]);
  });
});

describe('where a cadre lands', () => {
  const landing = (permissions: string[], mustEnrolTotp = false) =>
    consoleLanding(WEB_MODULES, { permissions, mustEnrolTotp });

  it('on the to-do list when any kind of work there is theirs, on their profile while two-factor enrolment is pending', () => {
    expect(landing(GZ_CADRE_PERMISSIONS)).toBe('/admin/todo');
    expect(landing(['rights.read', 'rights.handle'])).toBe('/admin/todo');
    expect(landing(GZ_CADRE_PERMISSIONS, true)).toBe('/admin/profile');
  });

  it('else on their daily work: the station keeper on card checking, the auditor on the audit trail', () => {
    expect(landing(['card.verify'])).toBe('/admin/card-check');
    expect(landing(['audit.read', 'membership.statistics'])).toBe('/admin/audit');
  });

  it('else on their first menu entry, or their profile when they have none', () => {
    expect(landing(['organisation.read'])).toBe('/admin/organisations');
    expect(landing([])).toBe('/admin/profile');
  });
});
