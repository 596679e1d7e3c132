import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { setUpServerAndBrowser, signInAt } from './server';

const screenshots = path.resolve(import.meta.dirname, '../docs/screenshots');
const journey = setUpServerAndBrowser();

const signIn = (page: Page, login: string) => signInAt(page, journey.server.url, login);

describe('notices in the browser', () => {
  it('a cadre writes and publishes a notice to the city; the rider reads it on a phone; the cadre follows the read down the tree', async () => {
    const contexts: BrowserContext[] = [];
    onTestFailed(async () => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) => page.screenshot({ path: path.join(os.tmpdir(), `reach-failure-${i}.png`) })),
      );
    });
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    contexts.push(desktop, phone);

    // The Guangzhou cadre writes the notice in the console.
    const cadre = await desktop.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '通知公告' }).click();
    await cadre.waitForURL(/\/admin\/notices(\?.*)?$/);
    await cadre.getByRole('button', { name: '写通知' }).click();
    await cadre.waitForURL(/\/admin\/notices\/new(\?.*)?$/);
    // The organisation the console looks at publishes, to its own subtree, unless changed.
    const title = '关于做好寒潮天气户外劳动者防护工作的通知';
    await cadre.getByLabel('标题', { exact: true }).fill(title);
    const body = cadre.getByRole('textbox', { name: '正文' });
    await body.click();
    await cadre.getByRole('button', { name: '小标题' }).click();
    await cadre.keyboard.type('防寒措施');
    await cadre.keyboard.press('Enter');
    await cadre.keyboard.type('各级工会驿站延长开放时间，提供热水和姜茶。');
    await cadre.locator('.ant-select-selection-item', { hasText: '广州市总工会' }).first().waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'console-notice-editor.png') });
    await cadre.getByRole('button', { name: /^发\s*布$/ }).click();
    // Asked first: what happens, to how many organisations.
    await cadre.getByText('发布后，通知将送达所选范围内的会员').waitFor();
    await cadre
      .getByRole('dialog')
      .getByRole('button', { name: /^发\s*布$/ })
      .click();
    await cadre.waitForURL(/\/admin\/notices\/\d+(\?.*)?$/);
    const noticeId = Number(/notices\/(\d+)/.exec(cadre.url())![1]);
    await cadre.getByText('已发布').first().waitFor();
    await cadre.getByText('阅读情况').waitFor();

    // The rider sees it on the home page and reads it.
    const rider = await phone.newPage();
    await signIn(rider, 'rider');
    await rider.waitForURL(/\/app$/);
    // The home tab carries the unread count, on every page.
    const badge = rider.getByRole('navigation').getByRole('img', { name: /条未读/ });
    const unreadBefore = Number(await badge.textContent());
    expect(unreadBefore).toBeGreaterThan(0);
    const card = rider.getByTestId('home-notices');
    await card.getByText(title).click();
    await rider.waitForURL(new RegExp(`/app/notices/${noticeId}$`));
    await rider.getByRole('heading', { name: '防寒措施' }).waitFor();
    await rider.getByText('各级工会驿站延长开放时间').waitFor();
    await rider.screenshot({ path: path.join(screenshots, 'member-notice.png') });
    await expect.poll(async () => Number((await badge.count()) ? await badge.textContent() : 0)).toBe(unreadBefore - 1);
    // In the message centre too, read now.
    await rider.goto(`${journey.server.url}/app/messages`);
    await rider.getByText(title).waitFor();

    // The cadre sees the read, goes down to the district and reminds those who have not read it.
    await cadre.reload();
    const tianhe = cadre.getByRole('row', { name: /天河区总工会/ });
    await tianhe.getByText('1', { exact: true }).first().waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'console-notice-read-rate.png') });
    await tianhe.getByRole('button', { name: '天河区总工会' }).click();
    await cadre.waitForURL(/organisationId=\d+/);
    await cadre.getByRole('button', { name: '返回上级' }).waitFor();
    await cadre.getByRole('button', { name: '返回上级' }).click();
    const rows = cadre.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Every member of the city's audience with an account has read it: nothing left to remind.
    expect(await cadre.getByRole('button', { name: '提醒未读' }).count()).toBe(0);
  });
});
