import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeIdNumberCheckChar, verifyMemberCard } from '@gonghui/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpServerAndBrowser, signInAt } from './server';

const screenshots = path.resolve(import.meta.dirname, '../docs/screenshots');
const journey = setUpServerAndBrowser();
const idNumber = (first17: string) => first17 + computeIdNumberCheckChar(first17);

const signIn = (page: Page, login: string) => signInAt(page, journey.server.url, login);

describe('membership in the browser', () => {
  it('a rider joins from a phone, a cadre approves on the desktop, and the card verifies offline', async () => {
    const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const worker = await phone.newPage();
    await worker.goto(`${journey.server.url}/join`);
    await worker.getByLabel('手机号').fill('13911112222');
    await worker.getByRole('button', { name: '获取验证码' }).click();
    await worker.getByLabel('短信验证码').waitFor();
    // The server logs the code as it sends it; the log may reach us a moment after the page moves on.
    const sentCode = () => /login code for 139\*\*\*\*2222: (\d{6})/.exec(journey.server.output())?.[1];
    await expect.poll(sentCode).toMatch(/^\d{6}$/);
    const code = sentCode();
    await worker.getByLabel('短信验证码').fill(code!);
    await worker.getByRole('button', { name: /继\s*续/ }).click();

    await worker.getByLabel('姓名').fill('赵小跑');
    await worker.getByLabel('身份证号').fill('44010619970101123'); // one digit short
    await worker.getByText('新就业形态').click();
    await worker.getByRole('button', { name: '提交申请' }).click();
    await worker.getByText('身份证号应为18位').waitFor();
    await worker.getByLabel('身份证号').fill(idNumber('44010619970101123'));
    await worker.getByLabel('职业类别').click();
    await worker.getByTitle('外卖骑手').click();
    await worker.getByLabel('平台', { exact: true }).fill('饿了么');
    // The residence comes from the real division list: province, city, county.
    await worker.getByLabel('常住地（区县）').click();
    await worker.getByTitle('广东省', { exact: true }).click();
    await worker.getByTitle('广州市', { exact: true }).click();
    await worker.getByTitle('天河区', { exact: true }).click();
    await worker.getByRole('button', { name: '提交申请' }).click();
    await worker.waitForURL(/\/app\/membership/);
    await worker.getByText('广州市新就业形态劳动者入会周转库').waitFor();
    await worker.getByText('待审核').waitFor();
    await worker.getByText(/^工会将在 \d{4}-\d{2}-\d{2} 前答复$/).waitFor();
    await worker.screenshot({ path: path.join(screenshots, 'member-join-progress.png') });

    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const cadre = await desktop.newPage();
    await signIn(cadre, 'gz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '入会审批' }).click();
    const row = cadre.getByRole('row').filter({ hasText: '赵小跑' });
    await row.waitFor();
    await cadre.waitForLoadState('networkidle');
    await cadre.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await cadre.screenshot({ path: path.join(screenshots, 'admin-applications.png') });
    await row.getByRole('button', { name: /批\s*准/ }).click();
    // Asked first, saying what approving does and to how many.
    const approving = cadre.getByRole('dialog');
    await approving.getByText('批准 1 份入会申请？').filter({ visible: true }).waitFor();
    await approving.getByRole('button', { name: /批\s*准/ }).click();
    await cadre.getByText('已批准 1 人').waitFor();

    await worker.getByRole('link', { name: /会员卡$/ }).click();
    await worker.getByText('赵小跑').waitFor();
    const memberNumber = await worker.getByTestId('member-number').textContent();
    expect(memberNumber).toMatch(/^440100\d{10}$/);
    await worker.getByTestId('card-qr').waitFor();
    await worker.screenshot({ path: path.join(screenshots, 'member-card.png') });

    // What the QR holds checks out offline with the published key alone.
    const card = await (await worker.request.get(`${journey.server.url}/api/v1/me/membership/card`)).json();
    const key = await (await worker.request.get(`${journey.server.url}/api/v1/membership/card-key`)).json();
    expect(await verifyMemberCard(card.token, key.publicKey)).toMatchObject({ ok: true, claims: { mn: memberNumber } });

    // A station keeper checks the same card online.
    const stationContext = await journey.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const station = await stationContext.newPage();
    await signIn(station, 'station');
    // The station keeper lands on card checking, their daily work.
    await station.waitForURL(/\/admin\/card-check/);
    await station.getByLabel('二维码内容').fill(card.token);
    await station.getByRole('button', { name: /核\s*验/ }).click();
    await station.getByText('有效会员卡').waitFor();
    await station.getByText(`赵小跑 · ${memberNumber}`).waitFor();

    // The cadre opens the record; the member sees who looked.
    await cadre.getByRole('menuitem', { name: '会员名册' }).click();
    await cadre.getByPlaceholder('姓名（支持拼音）').fill('zxp');
    await cadre.getByPlaceholder('姓名（支持拼音）').press('Enter');
    await cadre.getByRole('button', { name: '赵小跑' }).click();
    await cadre
      .getByText('会员详情')
      .or(cadre.getByText(`赵小跑 · ${memberNumber}`))
      .first()
      .waitFor();
    await cadre.getByText('会籍记录').waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'admin-member.png') });

    await worker.goto(`${journey.server.url}/app/me/data`);
    await worker.getByText('查看了记录').waitFor();
    await worker.getByText('李晓华').first().waitFor();
    await worker.screenshot({ path: path.join(screenshots, 'member-my-data.png'), fullPage: true });
    await Promise.all([phone.close(), desktop.close(), stationContext.close()]);
  });

  it('a cadre dry-runs a roster import, reads the rejected rows, imports, finds the members, and settles a name conflict', async () => {
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await desktop.newPage();
    await signIn(page, 'union.cadre');
    await page.waitForURL(/\/admin\//);
    await page.getByRole('menuitem', { name: '名册导入' }).click();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-'));
    const file = path.join(directory, '软件园名册.csv');
    fs.writeFileSync(
      file,
      [
        '天河软件园工会会员名册,,',
        '姓名,身份证号,手机号',
        `程一,${idNumber('44010619930101201')},13622220001`,
        `程二,${idNumber('44010619930101202')} ,13622220002`,
        '程三,1.10105E+17,13622220003',
      ].join('\n'),
    );
    const chooser = page.waitForEvent('filechooser');
    await page.getByText('选择 .xlsx 或 .csv 文件').click();
    await (await chooser).setFiles(file);
    const dryRunRow = page.getByRole('row').filter({ hasText: '软件园名册.csv' }).filter({ hasText: '试运行' });
    await dryRunRow.getByText('完成').waitFor();
    await dryRunRow.getByRole('link', { name: /1 · 下载错误行/ }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'admin-import.png') });

    await page.getByLabel('先试运行（不写入）').uncheck();
    const chooser2 = page.waitForEvent('filechooser');
    await page.getByText('选择 .xlsx 或 .csv 文件').click();
    await (await chooser2).setFiles(file);
    const realRow = page.getByRole('row').filter({ hasText: '软件园名册.csv' }).filter({ hasText: '正式导入' });
    await realRow.getByText('完成').waitFor();
    expect(await realRow.getByRole('cell', { name: '2', exact: true }).count()).toBeGreaterThan(0);

    await page.getByRole('menuitem', { name: '会员名册' }).click();
    await page.getByPlaceholder('姓名（支持拼音）').fill('程二');
    await page.getByPlaceholder('姓名（支持拼音）').press('Enter');
    await page.getByRole('button', { name: '程二' }).waitFor();

    // The same ID number under another name: nothing changed until the cadre decides.
    const correction = path.join(directory, '更正.csv');
    fs.writeFileSync(correction, ['姓名,身份证号', `程贰,${idNumber('44010619930101202')}`].join('\n'));
    await page.getByRole('menuitem', { name: '名册导入' }).click();
    await page.getByLabel('先试运行（不写入）').uncheck();
    const chooser3 = page.waitForEvent('filechooser');
    await page.getByText('选择 .xlsx 或 .csv 文件').click();
    await (await chooser3).setFiles(correction);
    const correctionRow = page.getByRole('row').filter({ hasText: '更正.csv' });
    await correctionRow.getByText('完成').waitFor();
    await correctionRow.getByText('1 行姓名与花名册不符，未修改：逐行核对').click();
    const drawer = page.getByRole('dialog').filter({ hasText: '姓名不符的行' });
    const conflict = drawer.getByRole('row').filter({ hasText: '程贰' });
    await conflict.getByRole('cell', { name: '程二', exact: true }).waitFor();
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(screenshots, 'admin-import-conflicts.png') });
    await conflict.getByRole('button', { name: '采用文件' }).click();
    await page.getByText('将会员“程二”更名为“程贰”').waitFor();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await conflict.getByText('已采用文件').waitFor();
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.getByLabel('Close')).first().click();

    await page.getByRole('menuitem', { name: '会员名册' }).click();
    await page.getByPlaceholder('姓名（支持拼音）').fill('程贰');
    await page.getByPlaceholder('姓名（支持拼音）').press('Enter');
    await page.getByRole('button', { name: '程贰' }).waitFor();
    fs.rmSync(directory, { recursive: true, force: true });
    await desktop.close();
  });

  it('a federation cadre reads subtree statistics as a chart and as a table', async () => {
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await desktop.newPage();
    await signIn(page, 'gz.cadre');
    await page.waitForURL(/\/admin\//);
    await page.getByRole('menuitem', { name: '会员统计' }).click();
    await page.getByText('在册会员').waitFor();
    await page.getByRole('img', { name: '近12个月新入会' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(screenshots, 'admin-statistics.png') });
    const card = page.locator('.ant-card').filter({ hasText: '按就业形态' }).last();
    await card.getByText('数据表').click();
    await card.getByRole('cell', { name: '新就业形态' }).waitFor();
    await desktop.close();
  });
});
