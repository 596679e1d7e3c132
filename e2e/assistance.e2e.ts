import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { setUpServerAndBrowser, signInAt } from './server';

const screenshots = path.resolve(import.meta.dirname, '../docs/screenshots');
const journey = setUpServerAndBrowser();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const signIn = (page: Page, login: string) => signInAt(page, journey.server.url, login);

const OK = /确\s*定|OK/;

describe('assistance in the browser', () => {
  it('a worker claims mutual medical aid on a phone; a cadre reviews and approves; a batch pays it; the budget moves', async () => {
    const contexts: BrowserContext[] = [];
    onTestFailed(async () => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) => page.screenshot({ path: path.join(os.tmpdir(), `assistance-failure-${i}.png`) })),
      );
    });
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    contexts.push(phone, desktop);

    // The rider, on his phone: services → 医疗互助 → apply to this year's mutual medical aid.
    const rider = await phone.newPage();
    await signIn(rider, 'rider');
    await rider.waitForURL(/\/app/);
    await rider.getByText('医疗互助', { exact: true }).click();
    await rider.waitForURL(/\/app\/assistance$/);
    const mutual = rider.getByRole('listitem').filter({ hasText: '职工医疗互助' });
    await mutual.getByRole('button', { name: /申\s*请/ }).click();
    await rider.waitForURL(/\/app\/assistance\/apply\/\d+$/);
    await rider.getByText('须参加本年度职工医疗互助').waitFor();
    await rider.getByLabel('发票总额（元）').fill('20000');
    await rider.getByLabel('医保支付（元）').fill('12000');
    await rider.getByLabel('个人自付（元）').fill('8000');
    await rider.getByLabel('住院天数').fill('9');
    // The payout formula, worked out as he types: (8,000 − 500) × 50% = 3,750.
    await rider.getByText('预计给付: ¥3,750.00').waitFor();
    await rider.getByLabel('申请理由').fill('阑尾炎住院手术，医保报销后自付较多。');
    await rider.getByLabel('开户银行').fill('中国工商银行广州天河支行');
    await rider.getByLabel('户名').fill('周小勇');
    await rider.getByLabel('银行账号').fill('6222 0236 0201 2345 678');
    await rider.getByRole('button', { name: /申\s*请/ }).click();
    // Without consent the form says what is missing.
    await rider.getByText('请同意对家庭经济状况进行核查').waitFor();
    await rider.getByLabel('我同意工会对我的家庭经济状况进行核查').check();
    await rider.getByRole('button', { name: /申\s*请/ }).click();
    await rider.waitForURL(/\/app\/assistance\/\d+$/);
    const applicationId = Number(/assistance\/(\d+)$/.exec(rider.url())![1]);
    await rider.getByText('申请已保存为草稿').waitFor();
    for (const kind of ['医疗费用发票', '出院小结']) {
      await rider
        .getByLabel(`上传 ${kind}`)
        .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF });
      await rider.getByText(`✓ ${kind}`).waitFor();
    }
    await rider.getByRole('button', { name: '提交申请' }).click();
    await rider.getByText('已提交').first().waitFor();
    await rider.screenshot({ path: path.join(screenshots, 'member-assistance-claim.png'), fullPage: true });

    // The Guangzhou cadre reviews and approves it.
    const cadre = await desktop.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '帮扶申请' }).click();
    // The page comes with the assistance module's chunk: until it has, the last page stays shown.
    await cadre.waitForURL(/\/admin\/assistance\/applications(\?.*)?$/);
    await cadre.getByRole('cell', { name: String(applicationId), exact: true }).click();
    await cadre.waitForURL(new RegExp(`/admin/assistance/applications/${applicationId}(\\?.*)?$`));
    await cadre.getByText('个人自付 8,000.00 元').waitFor();
    // The cadre sees everything the worker entered on the claim.
    const claimRow = (label: string) =>
      cadre.locator('.ant-descriptions-item-label', { hasText: label }).locator('xpath=following-sibling::td[1]');
    expect(await claimRow('发票总额（元）').textContent()).toBe('¥20,000.00');
    expect(await claimRow('医保支付（元）').textContent()).toBe('¥12,000.00');
    expect(await claimRow('住院天数').textContent()).toBe('9');
    expect(await claimRow('疾病类别').textContent()).toBe('一般疾病');
    await cadre.getByRole('button', { name: '复审通过' }).click();
    await cadre.getByRole('button', { name: OK }).click();
    await cadre.getByText('已复审').first().waitFor();
    await cadre.getByRole('button', { name: /^批\s*准$/ }).click();
    // The dialog says what approving does: the money it commits.
    await cadre
      .getByRole('dialog')
      .getByText(/批准后，将从预算中承诺 ¥?3,750\.00/)
      .waitFor();
    await cadre.getByRole('button', { name: OK }).click();
    await cadre.getByText('已批准').first().waitFor();
    await cadre.getByText('待发放').first().waitFor();
    await cadre.getByRole('dialog').waitFor({ state: 'hidden' });
    await cadre.waitForLoadState('networkidle');
    await cadre.screenshot({ path: path.join(screenshots, 'admin-assistance-application.png'), fullPage: true });

    // Disbursement: batch the pending payment, export the bank file, record the bank's result.
    await cadre.getByRole('menuitem', { name: '资金发放' }).click();
    await cadre
      .getByRole('row', { name: /广州市总工会/ })
      .getByRole('button', { name: '生成发放批次' })
      .click();
    const drawer = cadre.getByRole('dialog');
    await drawer.getByText('6222 **** **** 5678').waitFor();
    const download = cadre.waitForEvent('download');
    await drawer.getByRole('link', { name: '导出银行代发文件（xlsx）' }).click();
    expect((await download).suggestedFilename()).toMatch(/^payments-\d+\.xlsx$/);
    await drawer.getByRole('button', { name: '回盘：全部成功' }).click({ trial: false });
    // Asked first, saying how many payments and how much.
    const recording = cadre.getByRole('dialog').filter({ hasText: '全部记为已发放' });
    await recording.getByText(/笔共/).waitFor();
    await recording.getByRole('button', { name: '回盘：全部成功' }).click();
    await drawer.getByRole('row', { name: /BF44/ }).getByText('已发放').waitFor();
    // Every payment has its result: the batch is closed and takes no more.
    await expect
      .poll(() => drawer.getByRole('button', { name: '回盘：全部成功' }).isDisabled(), { timeout: 10_000 })
      .toBe(true);
    await cadre.waitForLoadState('networkidle');
    await cadre.waitForTimeout(300); // the tag's colour transition
    await cadre.screenshot({ path: path.join(screenshots, 'admin-assistance-batch.png') });

    // The budget moved: 3,750 yuan committed and paid out of Guangzhou's mutual-aid budget.
    await drawer
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => cadre.keyboard.press('Escape'));
    await cadre.getByRole('menuitem', { name: '帮扶项目与预算' }).click();
    const budgetRow = cadre.getByRole('row').filter({ hasText: '职工医疗互助' }).filter({ hasText: '¥1,000,000.00' });
    await budgetRow.getByText('¥3,750.00').first().waitFor();
    expect(await budgetRow.getByText('¥3,750.00').count()).toBe(2); // committed and paid
    await cadre.getByRole('dialog').waitFor({ state: 'hidden' });
    await cadre.waitForLoadState('networkidle');
    await cadre.screenshot({ path: path.join(screenshots, 'admin-assistance-budgets.png'), fullPage: true });

    // The worker sees it paid.
    await rider.reload();
    await rider.getByText('已发放').first().waitFor();
  });

  it('a cadre applies for a worker met on a visit, adds the evidence and submits it', async () => {
    const desk = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const cadre = await desk.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '帮扶申请' }).click();
    await cadre.getByRole('button', { name: '代会员申请' }).click();
    const drawer = cadre.getByRole('dialog');
    await drawer.getByLabel('会员').fill('周小勇');
    await cadre.getByTitle(/周小勇 · 天河区美团外卖骑手工会/).click();
    await drawer.getByLabel('帮扶项目').click();
    await cadre.getByTitle('临时救助 · 广州市总工会').click();
    await drawer.getByLabel('申请金额（元）').fill('2000');
    await drawer.getByLabel('申请理由').fill('电动车被盗，无法继续送餐，家庭收入中断。');
    await drawer.getByLabel('开户银行').fill('中国工商银行广州天河支行');
    await drawer.getByLabel('户名').fill('周小勇');
    await drawer.getByLabel('银行账号').fill('6222023602012345678');
    await drawer.getByLabel('职工已同意工会对其家庭经济状况进行核查').check();
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await cadre.waitForURL(/\/admin\/assistance\/applications\/\d+(\?.*)?$/);
    await cadre.getByText('草稿').first().waitFor();
    await cadre
      .getByLabel('上传 事件证明材料')
      .setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: PDF });
    await cadre.getByRole('link', { name: /事件证明材料 · report.pdf/ }).waitFor();
    await cadre.getByRole('button', { name: '提交申请' }).click();
    await cadre.getByRole('button', { name: OK }).click();
    await cadre.getByText('已提交').first().waitFor();
    // Next in its chain: the grassroots check with the home visit.
    await cadre.getByRole('button', { name: '初审通过' }).waitFor();
    await desk.close();
  });
});
