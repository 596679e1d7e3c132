import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './axe';
import { setUpServerAndBrowser } from './server';
import { smallTapTargets } from './tap-targets';

// Every page of the web manifest, in both languages: axe finds no serious or critical WCAG finding,
// each page has one <h1> (its title, which the browser tab shows too), and on the phone pages (the
// member app and the public ones) no tap target is under 44 px. web/src/app/pages.test.ts
// fails when a manifest route is missing from PAGES below.

const PASSWORD = 'Gonghui@2026!';
const journey = setUpServerAndBrowser();

type Who = 'public' | 'member' | 'cadre';
/** Each page: who opens it, and its path with real ids from the demo federation. */
type Ids = Record<
  | 'organisation'
  | 'session'
  | 'vote'
  | 'case'
  | 'myCase'
  | 'application'
  | 'programme'
  | 'notice'
  | 'draft'
  | 'survey'
  | 'surveyDraft',
  number
>;
const PAGES: [Who, string, (ids: Ids) => string][] = [
  ['public', '/login', () => '/login'],
  ['public', '/join', () => '/join'],
  ['public', '/report', () => '/report'],
  ['public', '/report/follow-up', () => '/report/follow-up'],
  ['public', '/verify-election', () => '/verify-election'],
  ['member', '/app', () => '/app'],
  ['member', '/app/services', () => '/app/services'],
  ['member', '/app/me', () => '/app/me'],
  ['member', '/app/card', () => '/app/card'],
  ['member', '/app/membership', () => '/app/membership'],
  ['member', '/app/me/data', () => '/app/me/data'],
  ['member', '/app/help', () => '/app/help'],
  ['member', '/app/help/new', () => '/app/help/new'],
  ['member', '/app/help/:id', (ids) => `/app/help/${ids.myCase}`],
  ['member', '/app/assistance', () => '/app/assistance'],
  ['member', '/app/assistance/notices', () => '/app/assistance/notices'],
  ['member', '/app/assistance/apply/:programmeId', (ids) => `/app/assistance/apply/${ids.programme}`],
  ['member', '/app/assistance/:id', (ids) => `/app/assistance/${ids.application}`],
  ['member', '/app/congress', () => '/app/congress'],
  ['member', '/app/congress/check-in', () => '/app/congress/check-in'],
  ['member', '/app/votes/:id', (ids) => `/app/votes/${ids.vote}`],
  ['member', '/app/trustee/:id', (ids) => `/app/trustee/${ids.vote}`],
  ['member', '/app/notices', () => '/app/notices'],
  ['member', '/app/notices/:id', (ids) => `/app/notices/${ids.notice}`],
  ['member', '/app/surveys', () => '/app/surveys'],
  ['member', '/app/surveys/:id', (ids) => `/app/surveys/${ids.survey}`],
  ['member', '/app/disclosure', () => '/app/disclosure'],
  ['member', '/app/messages', () => '/app/messages'],
  ['member', '/app/messages/settings', () => '/app/messages/settings'],
  ['cadre', '/admin/todo', () => '/admin/todo'],
  ['cadre', '/admin/organisations', () => '/admin/organisations'],
  ['cadre', '/admin/organisations/:id', (ids) => `/admin/organisations/${ids.organisation}`],
  ['cadre', '/admin/employers', () => '/admin/employers'],
  ['cadre', '/admin/applications', () => '/admin/applications'],
  ['cadre', '/admin/members', () => '/admin/members'],
  ['cadre', '/admin/transfers', () => '/admin/transfers'],
  ['cadre', '/admin/imports', () => '/admin/imports'],
  ['cadre', '/admin/dues', () => '/admin/dues'],
  ['cadre', '/admin/statistics', () => '/admin/statistics'],
  ['cadre', '/admin/card-check', () => '/admin/card-check'],
  ['cadre', '/admin/congress', () => '/admin/congress'],
  ['cadre', '/admin/congress/:id', (ids) => `/admin/congress/${ids.session}`],
  ['cadre', '/admin/votes', () => '/admin/votes'],
  ['cadre', '/admin/proposals', () => '/admin/proposals'],
  ['cadre', '/admin/disclosure', () => '/admin/disclosure'],
  ['cadre', '/admin/notices', () => '/admin/notices'],
  ['cadre', '/admin/notices/new', () => '/admin/notices/new'],
  ['cadre', '/admin/notices/:id', (ids) => `/admin/notices/${ids.notice}`],
  ['cadre', '/admin/notices/:id/edit', (ids) => `/admin/notices/${ids.draft}/edit`],
  ['cadre', '/admin/surveys', () => '/admin/surveys'],
  ['cadre', '/admin/surveys/new', () => '/admin/surveys/new'],
  ['cadre', '/admin/surveys/:id', (ids) => `/admin/surveys/${ids.survey}`],
  ['cadre', '/admin/surveys/:id/edit', (ids) => `/admin/surveys/${ids.surveyDraft}/edit`],
  ['cadre', '/admin/surveys/:id/paper', (ids) => `/admin/surveys/${ids.survey}/paper`],
  ['cadre', '/admin/cases', () => '/admin/cases'],
  ['cadre', '/admin/cases/:id', (ids) => `/admin/cases/${ids.case}`],
  ['cadre', '/admin/rights-dashboard', () => '/admin/rights-dashboard'],
  ['cadre', '/admin/assistance/applications', () => '/admin/assistance/applications'],
  ['cadre', '/admin/assistance/applications/:id', (ids) => `/admin/assistance/applications/${ids.application}`],
  ['cadre', '/admin/assistance/files', () => '/admin/assistance/files'],
  ['cadre', '/admin/assistance/programmes', () => '/admin/assistance/programmes'],
  ['cadre', '/admin/assistance/batches', () => '/admin/assistance/batches'],
  ['cadre', '/admin/assistance/statistics', () => '/admin/assistance/statistics'],
  ['cadre', '/admin/messages', () => '/admin/messages'],
  ['cadre', '/admin/deliveries', () => '/admin/deliveries'],
  ['cadre', '/admin/users', () => '/admin/users'],
  ['cadre', '/admin/audit', () => '/admin/audit'],
  ['cadre', '/admin/profile', () => '/admin/profile'],
  ['cadre', '/screen/congress/:id', (ids) => `/screen/congress/${ids.session}`],
];

/** A browser context signed in as `login` through the API, in a language, with a phone's or a desk's screen. */
async function signedIn(browser: Browser, login: string | null, locale: 'zh-CN' | 'en', phone: boolean) {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    bypassCSP: true,
  });
  await context.addInitScript((chosen) => localStorage.setItem('gonghui.locale', chosen), locale);
  if (login) {
    const response = await context.request.post(`${journey.server.url}/api/v1/auth/login`, {
      data: { login, password: PASSWORD },
    });
    expect(response.status()).toBe(200);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { context, csrfToken };
  }
  return { context, csrfToken: '' };
}

const ids = {} as Ids;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const cadre = await signedIn(journey.browser, 'admin', 'zh-CN', false);
  const member = await signedIn(journey.browser, '13800138000', 'zh-CN', true);
  contexts.push(cadre.context, member.context);
  const get = async (context: BrowserContext, url: string) =>
    (await (await context.request.get(`${journey.server.url}/api/v1${url}`)).json()) as { items: { id: number }[] };
  const post = async (who: typeof member, url: string, data: unknown) => {
    const response = await who.context.request.post(`${journey.server.url}/api/v1${url}`, {
      headers: { 'x-csrf-token': who.csrfToken },
      data,
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
    return (await response.json()) as { id: number };
  };
  ids.organisation = (await get(cadre.context, '/organisations')).items[0]!.id;
  ids.session = (await get(cadre.context, '/democracy/sessions')).items[0]!.id;
  ids.case = (await get(cadre.context, '/rights/cases?box=all')).items[0]!.id;
  ids.notice = (await get(member.context, '/my/notices')).items[0]!.id;
  ids.draft = (
    await post(cadre, '/notices', {
      organisationId: ids.organisation,
      title: '关于报送年度统计报表的通知（草稿）',
      body: '<p>请各单位按时报送。</p>',
      audience: { organisationIds: [ids.organisation] },
    })
  ).id;
  // The demo's open survey (the member answers it on their page) and its draft; the cadre is named
  // an enumerator of the open one, so its paper entry page has a unit to enter for.
  ids.survey = (await get(member.context, '/my/surveys')).items[0]!.id;
  ids.surveyDraft = (await get(cadre.context, '/surveys?status=draft')).items[0]!.id;
  const me = (await (await cadre.context.request.get(`${journey.server.url}/api/v1/me`)).json()) as {
    user: { id: string };
  };
  const surveyed = (await (
    await cadre.context.request.get(`${journey.server.url}/api/v1/surveys/${ids.survey}`)
  ).json()) as {
    organisationId: number;
  };
  const named = await cadre.context.request.put(`${journey.server.url}/api/v1/surveys/${ids.survey}/enumerators`, {
    headers: { 'x-csrf-token': cadre.csrfToken },
    data: { enumerators: [{ organisationId: surveyed.organisationId, userId: me.user.id }] },
  });
  expect(named.status(), await named.text()).toBe(200);
  // The member asks for help and applies for medical aid, so their own pages have something to show.
  ids.myCase = (
    await post(member, '/rights/my/cases', {
      category: 'help',
      title: '站点拖欠配送费',
      description: '站点连续两个月少发配送费，请工会帮忙协调。',
    })
  ).id;
  const programmes = (await get(member.context, '/assistance/my/programmes')) as unknown as {
    items: { id: number; kind: string }[];
  };
  ids.programme = programmes.items.find((p) => p.kind === 'mutual_medical')!.id;
  ids.application = (
    await post(member, '/assistance/my/applications', {
      programmeId: ids.programme,
      reason: '阑尾炎住院手术，医保报销后自付较多。',
      claim: {
        invoiceTotalFen: 2_000_000,
        insurancePaidFen: 1_200_000,
        selfPaidFen: 800_000,
        hospitalDays: 9,
        diagnosisClass: 'general',
        hospital: '广州市第一人民医院',
      },
      bankAccount: {
        bankName: '中国工商银行广州天河支行',
        accountName: '周小勇',
        accountNumber: '6222023602012345678',
      },
      consent: true,
    })
  ).id;
  const votes = (await get(cadre.context, '/democracy/votes')).items;
  ids.vote = votes[0]?.id ?? 1;
});
afterAll(async () => {
  for (const context of contexts) await context.close();
});

describe('every page of the web manifest', () => {
  // The two languages side by side (each in its own tabs), the pages of each one after another.
  it.concurrent.each(['zh-CN', 'en'] as const)(
    'in %s: no serious WCAG finding, one h1 on each page, and tap targets of 44 px on the phone',
    async (locale) => {
      const tabs = {} as Record<Who, import('playwright-core').Page>;
      for (const [who, login, phone] of [
        ['public', null, true],
        ['member', '13800138000', true],
        ['cadre', 'admin', false],
      ] as const) {
        const { context } = await signedIn(journey.browser, login, locale, phone);
        contexts.push(context);
        tabs[who] = await context.newPage();
      }
      const found: string[] = [];
      for (const [who, route, path] of PAGES) {
        const page = tabs[who];
        await page.goto(`${journey.server.url}${path(ids)}`);
        // Loaded when its heading shows; violations() then waits for the network to settle.
        const heading = await page
          .locator('h1')
          .first()
          .waitFor({ timeout: 15_000 })
          .then(() => true)
          .catch(() => false);
        const headings = heading ? await page.locator('h1').count() : 0;
        if (headings !== 1) found.push(`${route}: ${headings} h1`);
        for (const v of await violations(page)) found.push(`${route}: ${v}`);
        if (who !== 'cadre')
          for (const small of await smallTapTargets(page)) found.push(`${route}: tap target ${small}`);
      }
      expect(found).toEqual([]);
    },
    420_000,
  );
});
