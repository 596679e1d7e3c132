import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { setUpServerAndBrowser, signInAt } from './server';

const screenshots = path.resolve(import.meta.dirname, '../docs/screenshots');
const journey = setUpServerAndBrowser();

const signIn = (page: Page, login: string) => signInAt(page, journey.server.url, login);

describe('rights protection in the browser', () => {
  it('a worker asks for help on a phone; a cadre dispatches; a caseworker answers and closes; the worker rates', async () => {
    const contexts: BrowserContext[] = [];
    onTestFailed(async () => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) => page.screenshot({ path: path.join(os.tmpdir(), `rights-failure-${i}.png`) })),
      );
    });
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const handlerDesk = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(phone, desktop, handlerDesk);

    // The rider, on his phone, from the services page.
    const rider = await phone.newPage();
    await signIn(rider, 'rider');
    await rider.waitForURL(/\/app/);
    await rider.getByText('职工诉求').click();
    await rider.waitForURL(/\/app\/help$/);
    await rider.getByRole('button', { name: '我要求助' }).click();
    await rider.getByLabel('标题').fill('站点扣押骑手押金不退');
    await rider.getByLabel('具体情况').fill('离职一个月，站点一直不退500元押金。');
    await rider.getByRole('button', { name: /提\s*交/ }).click();
    await rider.waitForURL(/\/app\/help\/\d+$/);
    const caseId = Number(/help\/(\d+)$/.exec(rider.url())![1]);
    await rider.getByText('天河区总工会', { exact: false }).first().waitFor();
    await rider.getByText(/办理期限：\d{4}-\d{2}-\d{2}/).waitFor();
    await rider.screenshot({ path: path.join(screenshots, 'member-ask-help.png') });

    // The Guangzhou federation cadre dispatches it to the district's caseworker.
    const cadre = await desktop.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '维权案件' }).click();
    await cadre.getByRole('tab', { name: '全部案件' }).click();
    await cadre.getByRole('link', { name: '站点扣押骑手押金不退' }).click();
    await cadre.waitForURL(new RegExp(`/admin/cases/${caseId}(\\?.*)?$`));
    await cadre.getByRole('button', { name: /^派\s*单$/ }).click();
    await cadre.getByLabel('承办人').click();
    await cadre.getByTitle('刘律师（天河区总工会）').click();
    await cadre.getByLabel('说明').fill('请尽快联系站点');
    await cadre.getByRole('button', { name: /确\s*定|OK/ }).click();
    await cadre.getByText('已派单').first().waitFor();

    // The caseworker is told in her message centre, opens the case from there, takes it, answers,
    // and closes it.
    const handler = await handlerDesk.newPage();
    await signIn(handler, 'mediator');
    await handler.waitForURL(/\/admin\//);
    await handler.getByRole('menuitem', { name: '维权案件' }).click();
    // The cases page is open before she turns to her messages (a click on the messages link while
    // the cases page was still loading was once lost on a busy CI host).
    await handler.waitForURL(/\/admin\/cases/);
    await handler.getByRole('link', { name: /^消\s*息$/ }).click();
    await handler.waitForURL(/\/admin\/messages$/);
    await handler.getByRole('link', { name: `您被指派办理案件 ${caseId}` }).click();
    await handler.waitForURL(new RegExp(`/admin/cases/${caseId}$`));
    await handler.getByRole('button', { name: '签收办理' }).click();
    await handler.getByRole('button', { name: /确\s*定|OK/ }).click();
    await handler.getByText('办理中').first().waitFor();
    await handler.getByRole('button', { name: /^回\s*复$/ }).click();
    await handler.getByLabel('说明').fill('已联系站点，本周内退还押金。');
    await handler.getByRole('button', { name: /确\s*定|OK/ }).click();
    await handler.getByText('已联系站点，本周内退还押金。').waitFor();
    await handler.getByRole('button', { name: /^办\s*结$/ }).click();
    // Closing without a resolution is refused in the form.
    await handler.getByRole('button', { name: /确\s*定|OK/ }).click();
    await handler
      .getByText('请输入办理结果')
      .or(handler.getByText(/办理结果.*必填|必填/))
      .first()
      .waitFor();
    await handler.getByLabel('办理结果').fill('站点已退还押金500元。');
    await handler.getByRole('button', { name: /确\s*定|OK/ }).click();
    await handler.getByText('已办结').first().waitFor();
    await handler.screenshot({ path: path.join(screenshots, 'admin-case.png') });

    // Back on the phone: the message of the answer, on the home page, leads to the case, with the
    // result; then a rating.
    await rider.goto(`${journey.server.url}/app/messages`);
    await rider.getByRole('link', { name: `案件 ${caseId} 有新的回复` }).waitFor();
    await rider.screenshot({ path: path.join(screenshots, 'member-messages.png') });
    await rider.goto(`${journey.server.url}/app`);
    await rider
      .getByTestId('home-messages')
      .getByRole('link', { name: `案件 ${caseId} 有新的回复` })
      .click();
    await rider.waitForURL(new RegExp(`/app/help/${caseId}$`));
    await rider.getByText('已联系站点，本周内退还押金。').waitFor();
    await rider.getByText('站点已退还押金500元。').first().waitFor();
    await rider.getByRole('radio', { name: '5 stars' }).or(rider.locator('.ant-rate-star').nth(4)).first().click();
    await rider.getByRole('button', { name: '评价服务' }).click();
    await rider.getByText('感谢您的评价').waitFor();

    const final = await (await cadre.request.get(`${journey.server.url}/api/v1/rights/cases/${caseId}`)).json();
    expect(final).toMatchObject({ stage: 'rated', rating: 5, closedOnTime: true });
  });

  it('an anonymous reporter gets a follow-up code, follows up with it, and leaves nothing in the log', async () => {
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await phone.newPage();
    await page.goto(`${journey.server.url}/report`);
    await page.getByLabel('诉求类型').click();
    await page.getByTitle('信访投诉').click();
    await page.getByLabel('受理单位').click();
    await page.getByTitle('广州市总工会').click();
    await page.getByLabel('标题').fill('车间强制加班不给加班费');
    await page.getByLabel('具体情况').fill('每天强制加班三小时，从来没有加班费。');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    const shown = (await page.getByTestId('follow-up-code').textContent()) ?? '';
    const code = /44-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}/.exec(shown)?.[0] ?? '';
    expect(code).not.toBe('');
    await page.screenshot({ path: path.join(screenshots, 'anonymous-report-code.png') });

    await page.getByRole('button', { name: '凭查询码查询进度' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('车间强制加班不给加班费').waitFor();
    await page.getByText('已受理').first().waitFor();
    await page.getByLabel('补充说明').fill('主要在二号车间。');
    await page.getByRole('button', { name: /发\s*送/ }).click();
    await page.getByText('主要在二号车间。').waitFor();

    // A code that does not exist is told so.
    await page.goto(`${journey.server.url}/report/follow-up`);
    await page.getByLabel('查询码').fill('44-AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByText('查询码不存在，请核对后重新输入').waitFor();

    // The server logged no request of the anonymous routes: no code, no address.
    expect(journey.server.output()).not.toContain(code);
    expect(journey.server.output()).not.toContain('/rights/anonymous');
    await phone.close();
  });

  it('a federation cadre registers a hotline call, then reads the dashboard of their subtree', async () => {
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await desktop.newPage();
    await signIn(page, 'gz.cadre');
    await page.waitForURL(/\/admin\//);
    await page.getByRole('menuitem', { name: '维权案件' }).click();
    await page.getByRole('button', { name: '登记案件' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('受理单位').click();
    await page.getByTitle('广州市总工会').last().click();
    await dialog.getByLabel('标题').fill('12351来电：物业公司拖欠保洁员工资');
    await dialog.getByLabel('具体情况').fill('来电人反映物业公司拖欠保洁员两个月工资。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/admin\/cases\/\d+(\?.*)?$/);
    await page.getByText('12351来电：物业公司拖欠保洁员工资').first().waitFor();
    await page.getByRole('button', { name: /^派\s*单$/ }).waitFor();
    await page.getByRole('menuitem', { name: '维权统计' }).click();
    await page.getByText('维权统计 · 广州市总工会').waitFor();
    await page.getByText('按时办结率').first().waitFor();
    await page.getByText('少于5件的数字显示为"<5"').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'admin-rights-dashboard.png') });
    await desktop.close();
  });
});
