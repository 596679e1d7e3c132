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
    const unread = async () => {
      const inbox = (await (await rider.request.get(`${journey.server.url}/api/v1/messages?pageSize=1`)).json()) as {
        unread: number;
        unreadByCategory: Record<string, number>;
      };
      return { total: inbox.unread, notices: inbox.unreadByCategory.notice ?? 0 };
    };
    const noticesUnreadBefore = (await unread()).notices;
    const card = rider.getByTestId('home-notices');
    await card.getByText(title).click();
    await rider.waitForURL(new RegExp(`/app/notices/${noticeId}$`));
    await rider.getByRole('heading', { name: '防寒措施' }).waitFor();
    await rider.getByText('各级工会驿站延长开放时间').waitFor();
    await rider.screenshot({ path: path.join(screenshots, 'member-notice.png') });
    // The notice no longer counts as unread, and the badge shows the server's count (compared with the
    // server, not with the count before: the seeded survey's invitation may arrive while the rider reads).
    await expect
      .poll(async () => {
        const shown = Number((await badge.count()) ? await badge.textContent() : 0);
        const server = await unread();
        return { noticesRead: noticesUnreadBefore - server.notices, badgeMatchesServer: shown === server.total };
      })
      .toEqual({ noticesRead: 1, badgeMatchesServer: true });
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

describe('surveys in the browser', () => {
  it('a cadre builds a survey with show-if logic and opens it; the rider answers on a phone; the cadre follows the fill, the results and exports them', async () => {
    const contexts: BrowserContext[] = [];
    onTestFailed(async () => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) =>
          page.screenshot({ path: path.join(os.tmpdir(), `survey-failure-${i}.png`), fullPage: true }),
        ),
      );
    });
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    contexts.push(desktop, phone);
    const choose = async (page: Page, combobox: ReturnType<Page['getByRole']>, option: string) => {
      await combobox.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    };

    // The Guangzhou cadre builds it: a single choice, then a number shown only after "需要".
    const cadre = await desktop.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '问卷调查' }).click();
    await cadre.waitForURL(/\/admin\/surveys(\?.*)?$/);
    await cadre.getByRole('button', { name: '新建问卷' }).click();
    await cadre.waitForURL(/\/admin\/surveys\/new(\?.*)?$/);
    const title = '户外劳动者驿站需求快速调查';
    await cadre.getByLabel('问卷标题').fill(title);
    await cadre.getByLabel('题目', { exact: true }).first().fill('您是否需要驿站服务');
    await cadre.getByPlaceholder('选项文字').nth(0).fill('需要');
    await cadre.getByPlaceholder('选项文字').nth(1).fill('不需要');
    await cadre.getByRole('button', { name: '添加题目' }).click();
    await choose(cadre, cadre.getByRole('combobox', { name: '题型' }).nth(1), '数字');
    await cadre.getByLabel('题目', { exact: true }).nth(1).fill('您每天在户外工作几小时');
    await cadre.getByRole('button', { name: '添加条件' }).nth(1).click();
    await choose(cadre, cadre.getByRole('combobox', { name: '题目', exact: true }).last(), 'q1');
    await choose(cadre, cadre.getByRole('combobox', { name: '值' }), '需要');
    await cadre.locator('.ant-select-selection-item', { hasText: '广州市总工会' }).first().waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'console-survey-editor.png'), fullPage: true });
    // The preview runs the member's form on what is built so far: the hours only after "需要".
    await cadre.getByRole('button', { name: /^预\s*览$/ }).click();
    const preview = cadre.getByRole('dialog');
    await preview.getByText('您是否需要驿站服务').waitFor();
    expect(await preview.getByText('您每天在户外工作几小时').count()).toBe(0);
    await preview.getByText('需要', { exact: true }).click();
    await preview.getByText('您每天在户外工作几小时').waitFor();
    await cadre.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
    await cadre.getByRole('button', { name: '保存草稿' }).click();
    await cadre.waitForURL(/\/admin\/surveys\/\d+(\?.*)?$/);
    const surveyId = Number(/surveys\/(\d+)/.exec(cadre.url())![1]);
    await cadre.getByRole('button', { name: /^发\s*布$/ }).click();
    // Asked first: to whom, how many questions, and that they then cannot change.
    await cadre.getByText('发布后将邀请').waitFor();
    await cadre
      .getByRole('dialog')
      .getByRole('button', { name: /^发\s*布$/ })
      .click();
    await cadre.getByText('进行中').first().waitFor();

    // The rider finds it in their surveys and answers: the hours appear only after "需要".
    const rider = await phone.newPage();
    await signIn(rider, 'rider');
    await rider.waitForURL(/\/app$/);
    await rider.goto(`${journey.server.url}/app/surveys`);
    await rider.getByRole('link', { name: title }).click();
    await rider.waitForURL(new RegExp(`/app/surveys/${surveyId}$`));
    await rider.getByText('实名问卷').waitFor();
    await rider.getByText('不需要', { exact: true }).click();
    expect(await rider.getByText('您每天在户外工作几小时').count()).toBe(0);
    await rider.getByText('需要', { exact: true }).click();
    await rider.getByText('您每天在户外工作几小时').waitFor();
    // Required and unanswered: said on the question, nothing sent.
    await rider.getByRole('button', { name: '提交问卷' }).click();
    await rider.getByRole('alert').filter({ hasText: '此题必答' }).waitFor();
    await rider.getByRole('spinbutton').fill('9');
    await rider.screenshot({ path: path.join(screenshots, 'member-survey.png') });
    await rider.getByRole('button', { name: '提交问卷' }).click();
    await rider.getByText('提交成功，感谢参与！').waitFor();

    // The cadre sees the answer under 天河 and the results, small counts suppressed, and exports them.
    await cadre.reload();
    await cadre.getByRole('row', { name: /天河区总工会/ }).waitFor();
    await cadre.getByRole('tab', { name: '结果' }).click();
    await cadre.getByText('作答 <5 人').first().waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'console-survey-results.png') });
    for (const name of ['导出结果（Excel）', '导出答卷（CSV）', '导出编码本']) {
      const link = await cadre.getByRole('link', { name }).getAttribute('href');
      const response = await cadre.request.get(`${journey.server.url}${link}`);
      expect(response.status(), name).toBe(200);
    }
  });
});
