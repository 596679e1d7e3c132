import { describe, expect, it } from 'vitest';
import { violations } from './axe';
import { setUpServerAndBrowser } from './server';

const PASSWORD = 'Gonghui@2026!';
const journey = setUpServerAndBrowser();

describe('accessibility', () => {
  it('the login page can be used from the keyboard alone, and has no serious WCAG findings', async () => {
    const page = await journey.browser.newPage({ bypassCSP: true });
    await page.goto(`${journey.server.url}/login`);
    expect(await violations(page)).toEqual([]);
    await page.getByLabel('账号或手机号').focus();
    await page.keyboard.type('rider');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${journey.server.url}/app`);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('link', { name: /我的$/ }).click();
    await page.getByText('大字模式').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  // (Every console page, in both languages: every-page.e2e.ts.)

  it('honours the system setting to reduce motion: menus open without animating, and animate without it', async () => {
    /**
     * The animation steps (antd's `…-appear-start`, `…-appear-active`) the status filter's menu went
     * through as it opened. Without motion it is drawn once in its first (`…-prepare`) step and then
     * stands still.
     */
    const motionOf = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await journey.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion });
      const page = await context.newPage();
      await page.goto(`${journey.server.url}/login`);
      await page.getByLabel('账号或手机号').fill('admin');
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\//);
      await page.goto(`${journey.server.url}/admin/members`);
      const filter = page.getByLabel('会籍状态', { exact: true });
      await filter.waitFor();
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { motionSeen: string[] }).motionSeen = seen;
        const note = (classes: string) => {
          for (const name of classes.split(/\s+/)) if (/-(appear|enter)-(start|active)$/.test(name)) seen.push(name);
        };
        // Each class change, with the classes it replaced, so no step is missed however the changes
        // batch. (A menu is added in its first step, `…-prepare`, and every later step is a change.)
        new MutationObserver((records) => {
          for (const record of records) {
            note(record.oldValue ?? '');
            note((record.target as Element).getAttribute('class') ?? '');
          }
        }).observe(document.body, { subtree: true, attributeFilter: ['class'], attributeOldValue: true });
      });
      await filter.click();
      // The menu has settled once it carries no motion class (it does at once when motion is off).
      await page.locator('.ant-select-dropdown:not([class*="-appear"])').getByTitle('正常').waitFor();
      const seen = await page.evaluate(() => (window as unknown as { motionSeen: string[] }).motionSeen);
      await context.close();
      return [...new Set(seen)];
    };
    expect(await motionOf('reduce')).toEqual([]);
    expect(await motionOf('no-preference')).toEqual(['ant-slide-up-appear-start', 'ant-slide-up-appear-active']);
  });

  it('the congress console and the delegate pages have no serious WCAG findings', async () => {
    const page = await journey.browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.goto(`${journey.server.url}/login`);
    await page.getByLabel('账号或手机号').fill('sz.cadre');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\//);
    await page.getByRole('menuitem', { name: '职工代表大会' }).click();
    await page.getByRole('link', { name: /第三届职工代表大会/ }).click();
    await page.getByText('代表构成').first().waitFor();
    expect(await violations(page)).toEqual([]);
    for (const tab of ['签到', '议程与材料', '表决与选举', '提案']) {
      await page.getByRole('tab', { name: tab }).click();
      expect(await violations(page)).toEqual([]);
    }
    await page.getByRole('menuitem', { name: '厂务公开' }).click();
    await page.getByText('2026年度职工福利费使用情况公开').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();

    const phone = await journey.browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await phone.goto(`${journey.server.url}/login`);
    await phone.getByLabel('账号或手机号').fill('worker');
    await phone.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await phone.keyboard.press('Enter');
    await phone.waitForURL(`${journey.server.url}/app`);
    await phone.goto(`${journey.server.url}/app/congress`);
    await phone.getByText('起草提案').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.goto(`${journey.server.url}/app/disclosure`);
    await phone.getByText('2026年度职工福利费使用情况公开').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.close();
  });
});

describe('accessibility of rights protection', () => {
  it('the case pages, the ask form and the anonymous report have no serious WCAG findings', async () => {
    const desk = await journey.browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await desk.goto(`${journey.server.url}/login`);
    await desk.getByLabel('账号或手机号').fill('mediator');
    await desk.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await desk.keyboard.press('Enter');
    await desk.waitForURL(/\/admin\//);
    await desk.getByRole('menuitem', { name: '维权案件' }).click();
    await desk.getByRole('link', { name: '配送站拖欠十月配送费' }).waitFor();
    expect(await violations(desk)).toEqual([]);
    await desk.getByRole('link', { name: '配送站拖欠十月配送费' }).click();
    await desk.getByText('该用人单位', { exact: false }).or(desk.getByText('欠薪求助')).first().waitFor();
    expect(await violations(desk)).toEqual([]);
    await desk.close();

    const phone = await journey.browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await phone.goto(`${journey.server.url}/login`);
    await phone.getByLabel('账号或手机号').fill('rider');
    await phone.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await phone.keyboard.press('Enter');
    await phone.waitForURL(`${journey.server.url}/app`);
    await phone.goto(`${journey.server.url}/app/help`);
    await phone.getByText('配送站拖欠十月配送费').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.goto(`${journey.server.url}/app/help/new?category=wage_arrears`);
    await phone.getByLabel('用人单位名称').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.close();

    const anonymous = await journey.browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await anonymous.goto(`${journey.server.url}/report`);
    await anonymous.getByLabel('受理单位').waitFor();
    expect(await violations(anonymous)).toEqual([]);
    await anonymous.close();
  });
});

describe('accessibility of assistance', () => {
  it('the console’s assistance pages and the member’s apply form have no serious WCAG findings', async () => {
    const desk = await journey.browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await desk.goto(`${journey.server.url}/login`);
    await desk.getByLabel('账号或手机号').fill('gz.cadre');
    await desk.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await desk.keyboard.press('Enter');
    await desk.waitForURL(/\/admin\//);
    for (const [menu, ready] of [
      ['帮扶申请', '只看审核中'],
      ['困难职工档案', '周*勇'],
      ['帮扶项目与预算', '2026年度职工医疗互助'],
      ['资金发放', '待发放款项'],
      ['帮扶统计', '在档困难职工（按类别）'],
    ] as const) {
      await desk.getByRole('menuitem', { name: menu }).click();
      await desk
        .getByText(new RegExp(ready.replace('2026', '\\d{4}').replace('*', '\\*')))
        .first()
        .waitFor();
      expect(await violations(desk), menu).toEqual([]);
    }
    await desk.close();

    const phone = await journey.browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await phone.goto(`${journey.server.url}/login`);
    await phone.getByLabel('账号或手机号').fill('rider');
    await phone.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await phone.keyboard.press('Enter');
    await phone.waitForURL(`${journey.server.url}/app`);
    await phone.goto(`${journey.server.url}/app/assistance`);
    await phone.getByText('可申请的项目').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.getByRole('listitem').filter({ hasText: '金秋助学' }).getByRole('button').click();
    await phone.getByLabel('就读学段').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.goto(`${journey.server.url}/app/assistance/notices`);
    await phone.getByText('广州市总工会公示').waitFor();
    expect(await violations(phone)).toEqual([]);
    await phone.close();
  });
});
