import os from 'node:os';
import path from 'node:path';
import { type Board, ballotToWire, encryptBallot, pointFrom, shapeOf, simulateVote } from '@gonghui/contract/ballots';
import JSZip from 'jszip';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import { setUpServerAndBrowser, signInAt } from './server';

const PASSWORD = 'Gonghui@2026!';
const screenshots = path.resolve(import.meta.dirname, '../docs/screenshots');
const journey = setUpServerAndBrowser();

/** Clicks a step's button, reads what the confirmation says it will do, and goes ahead. */
async function confirmStep(page: Page, step: string, says?: string) {
  await page.getByRole('button', { name: step }).click();
  const dialog = page.getByRole('dialog');
  if (says) await dialog.getByText(says).waitFor();
  await dialog.getByRole('button', { name: step }).click();
  await dialog.waitFor({ state: 'hidden' });
}

const signIn = (page: Page, login: string) => signInAt(page, journey.server.url, login);

/** A delegate acting through the API from their own signed-in context (the others in the hall). */
async function apiDelegate(login: string) {
  const context = await journey.browser.newContext();
  const response = await context.request.post(`${journey.server.url}/api/v1/auth/login`, {
    data: { login, password: PASSWORD },
  });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const post = (url: string, data: unknown) =>
    context.request.post(`${journey.server.url}/api/v1${url}`, { headers: { 'x-csrf-token': csrfToken }, data });
  return { context, post };
}

/** A delegate's phone encrypting and casting a secret ballot (the same library the ballot page runs). */
async function castEncryptedAs(delegate: Awaited<ReturnType<typeof apiDelegate>>, voteId: number, choices: number[]) {
  const board = (await (
    await delegate.context.request.get(`${journey.server.url}/api/v1/democracy/votes/${voteId}/board`)
  ).json()) as Board;
  const shape = shapeOf(board.parameters.kind, board.parameters.options.length, board.parameters.maxChoices);
  const ballot = ballotToWire(encryptBallot(pointFrom(board.publicKey), board.fingerprint, shape, choices));
  const response = await delegate.post(`/democracy/votes/${voteId}/cast-encrypted`, { ballot });
  expect(response.status()).toBe(200);
}

async function latestVoteId(page: Page, sessionId: number) {
  const votes = await (
    await page.request.get(`${journey.server.url}/api/v1/democracy/votes?sessionId=${sessionId}`)
  ).json();
  return votes.items[0].id as number;
}

describe('a workers’ congress in the browser', () => {
  it('opens, checks in to a quorum, passes a motion, elects, takes a proposal and writes the minutes', async () => {
    const contexts: BrowserContext[] = [];
    // On failure, what each open page showed, for whoever reads the CI log.
    onTestFailed(async () => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) => page.screenshot({ path: path.join(os.tmpdir(), `congress-failure-${i}.png`) })),
      );
    });
    const desktop = await journey.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    contexts.push(desktop);
    const cadre = await desktop.newPage();
    await signIn(cadre, 'sz.cadre');
    await cadre.waitForURL(/\/admin\//);
    await cadre.getByRole('menuitem', { name: '职工代表大会' }).click();
    await cadre.getByRole('link', { name: '南山电子科技股份有限公司第三届职工代表大会第二次会议' }).click();
    await cadre.waitForURL(/\/admin\/congress\/\d+/);
    const sessionId = Number(/congress\/(\d+)/.exec(cadre.url())![1]);
    await cadre.getByText('代表构成符合设定要求').waitFor();
    await cadre.getByRole('button', { name: '宣布开会' }).click();
    // Asked first, saying to how many delegates it opens.
    const opening = cadre.getByRole('dialog');
    await opening.getByText(/名代表即可签到/).waitFor();
    await opening.getByRole('button', { name: '宣布开会' }).click();
    await cadre.getByText('会议进行中').waitFor();

    /** A delegate signed in on their phone. */
    const onPhone = async (login: string) => {
      const phone = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      contexts.push(phone);
      const page = await phone.newPage();
      await signIn(page, login);
      await page.waitForURL(/\/app/);
      return page;
    };
    // A delegate scans the venue QR code with their phone.
    const worker = await onPhone('worker');
    const session = await (
      await cadre.request.get(`${journey.server.url}/api/v1/democracy/sessions/${sessionId}`)
    ).json();
    await worker.goto(`${journey.server.url}/app/congress/check-in?session=${sessionId}&code=${session.checkInCode}`);
    await worker.getByText('签到成功').waitFor();

    // Another checks in online from the member app; two more at the registration desk.
    const sun = await onPhone('rep.sun');
    await sun.goto(`${journey.server.url}/app/congress`);
    await sun.getByRole('button', { name: '线上签到' }).click();
    await sun.getByText(/^已于 .* 签到$/).waitFor();

    await cadre.getByText('未达法定人数').first().waitFor();
    const deskButtons = cadre.getByRole('button', { name: '现场登记签到' });
    await cadre.reload();
    // After the reload the list renders when its data arrives: wait for it as for any element.
    await expect.poll(() => deskButtons.count(), { timeout: 10_000 }).toBe(3); // two have checked in themselves
    for (let left = 3; left > 1; left--) {
      await deskButtons.first().click();
      await expect.poll(() => deskButtons.count(), { timeout: 10_000 }).toBe(left - 1);
    }
    await cadre.getByText('已达法定人数').first().waitFor();
    await cadre.screenshot({ path: path.join(screenshots, 'admin-congress.png') });

    // Three delegates are the trustees of each secret vote, any two of whom decrypt its totals: by
    // default the presidium's first three (the demo's presidium is these three), or named by hand.
    // Each makes their key on their own phone; no key reaches the server.
    const zheng = await onPhone('rep.zheng');
    const trustees = [worker, sun, zheng];
    const delegates = session.delegateList as { name: string; memberNumber: string }[];
    const trusteeNumbers = ['吴芳', '孙伟', '郑洁'].map((name) => delegates.find((d) => d.name === name)!.memberNumber);
    const trusteeAction = (page: Page) => page.getByTestId('trustee-action');
    // The key file rep.zheng saved at the first step of the latest ceremony.
    let keyFile = '';
    const runCeremony = async (voteId: number, trusteesBy: 'presidium' | 'hand') => {
      if (trusteesBy === 'hand') {
        await cadre.getByRole('button', { name: '指定监票人' }).click();
        const naming = cadre.getByRole('dialog');
        await naming.getByLabel('监票人会员编号').fill(trusteeNumbers.join('\n'));
        await naming.getByRole('button', { name: '指定监票人' }).click();
        await naming.waitFor({ state: 'hidden' });
      }
      await cadre.getByText('密钥生成：0 / 3 位监票人已完成').waitFor();
      for (const page of trustees) {
        if (trusteesBy === 'presidium') {
          // The step waiting for them is on their home page.
          await page.goto(`${journey.server.url}/app`);
          const tasks = page.locator('.gl-card', { hasText: '监票任务' });
          await tasks.getByText('待生成密钥').first().waitFor();
          await tasks.locator(`a[href="/app/trustee/${voteId}"]`).click();
          await page.waitForURL(new RegExp(`/app/trustee/${voteId}$`));
        } else {
          await page.goto(`${journey.server.url}/app/trustee/${voteId}`);
        }
        await page.getByRole('button', { name: '生成我的密钥' }).click();
        await trusteeAction(page).getByRole('button', { name: '下载密钥文件' }).waitFor();
      }
      // One trustee's browser loses its key (a new phone): the key file they saved brings it back.
      const saved = zheng.waitForEvent('download');
      await trusteeAction(zheng).getByRole('button', { name: '下载密钥文件' }).click();
      keyFile = (await (await saved).path())!;
      await zheng.evaluate(() => localStorage.clear());
      await zheng.reload();
      await zheng.getByText('这台设备上没有您的密钥。请导入之前下载的密钥文件。').waitFor();
      await zheng.getByLabel('导入密钥文件').setInputFiles(keyFile);
      for (const page of trustees) await page.getByRole('button', { name: '向其他监票人发送密钥分片' }).click();
      for (const page of trustees) {
        await page.getByRole('button', { name: '核对收到的分片并完成' }).click();
        await page.getByText('您的部分已完成。投票结束后请回到这里解密总票数。').waitFor();
      }
      await cadre.getByText('选举密钥已生成，可以开始投票').waitFor();
    };
    /**
     * Two of the three trustees decrypt the totals from their phones. When rep.zheng is one, their
     * phone has lost its key again: the file saved at the first step is enough to decrypt.
     */
    const decryptTotals = async (voteId: number, deciders: Page[]) => {
      for (const page of deciders) {
        await page.goto(`${journey.server.url}/app/trustee/${voteId}`);
        if (page === zheng) {
          await zheng.evaluate(() => localStorage.clear());
          await zheng.reload();
          await zheng.getByLabel('导入密钥文件').setInputFiles(keyFile);
        }
        await page.getByRole('button', { name: '解密总票数' }).click();
        await page.getByText('您已提交解密份额。').waitFor();
      }
    };
    /** The bulletin board, downloaded from the console, verified on the public page. */
    const verifyBoard = async () => {
      const saving = cadre.waitForEvent('download');
      await cadre.getByRole('link', { name: '下载公告板' }).first().click();
      const board = await (await saving).path();
      const verifier = await desktop.newPage();
      await verifier.goto(`${journey.server.url}/verify-election`);
      await verifier.getByLabel('公告板文件').setInputFiles(board!);
      await verifier.getByText('核验通过：公告板上的一切都相符').waitFor();
      await verifier.close();
    };

    // A motion: created, frozen, its trustees' key made, opened; the worker votes in the browser
    // (which encrypts the ballot), two delegates from theirs.
    await cadre.getByRole('tab', { name: '议程与材料' }).click();
    await cadre.getByRole('button', { name: '设为当前议程' }).first().click();
    await cadre.getByText('当前', { exact: true }).waitFor();
    await cadre.getByRole('tab', { name: '表决与选举' }).click();
    await cadre.getByRole('button', { name: '新建表决或选举' }).click();
    await cadre.getByLabel('事项', { exact: true }).fill('审议《2027年度工资集体协商方案（草案）》');
    await cadre
      .getByLabel('事项全文（选填，投票人投票时可见）')
      .fill('一、2027年度职工工资平均增长6%。\n二、企业最低工资标准提高到2,600元。');
    await cadre.getByRole('button', { name: /确\s*定|OK/ }).click();
    await confirmStep(cadre, '冻结投票人名单');
    const motionId = await latestVoteId(cadre, sessionId);
    await runCeremony(motionId, 'presidium');
    await trustees[0]!.screenshot({ path: path.join(screenshots, 'member-trustee.png') });
    await confirmStep(cadre, '开始投票');
    await cadre.getByText('已投票 0 / 5').waitFor();

    await worker.goto(`${journey.server.url}/app/congress`);
    await worker.getByRole('button', { name: '去投票' }).click();
    // The ballot shows the whole motion, not only its title.
    await worker
      .getByTestId('motion-text')
      .getByText(/企业最低工资标准提高到2,600元/)
      .waitFor();
    await worker.getByText(/本次为加密投票/).waitFor();
    await worker.getByRole('radio', { name: '赞成' }).check();
    await worker.screenshot({ path: path.join(screenshots, 'member-ballot.png') });
    await worker.getByRole('button', { name: '提交选票' }).click();
    await worker
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const tracker = (await worker.getByTestId('tracker').textContent())?.trim() ?? '';
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);

    const sunApi = await apiDelegate('rep.sun');
    const zhengApi = await apiDelegate('rep.zheng');
    contexts.push(sunApi.context, zhengApi.context);
    /** The other two delegates vote from their phones; the cadre sees the turnout and closes. */
    const othersVoteAndClose = async (voteId: number) => {
      await castEncryptedAs(sunApi, voteId, [1]);
      await castEncryptedAs(zhengApi, voteId, [1]);
      await cadre.getByText('已投票 3 / 5').waitFor();
      await confirmStep(cadre, '结束投票并计票', '已有 3 / 5 人投票');
      await cadre.getByText('待监票人解密').first().waitFor();
    };
    await othersVoteAndClose(motionId);
    await decryptTotals(motionId, [worker, sun]);
    await cadre.getByText('通过', { exact: true }).waitFor();
    await verifyBoard();

    // The voter finds their ballot's tracker on the bulletin board (this phone kept it).
    await worker.goto(`${journey.server.url}/app/votes/${motionId}`);
    await expect.poll(() => worker.getByLabel('在公告板上查找我的选票').inputValue()).toBe(tracker);
    await worker.getByRole('button', { name: '在公告板上查找我的选票' }).click();
    await worker.getByText('已找到：公告板上有您的选票（追踪码一致）').waitFor();

    // An election: one seat, two candidates (差额), with its own trustees' key, counted the same way.
    await cadre.getByRole('button', { name: '新建表决或选举' }).click();
    await cadre.getByLabel('类型').click();
    await cadre.getByTitle('选举', { exact: true }).click();
    await cadre.getByLabel('事项', { exact: true }).fill('选举劳动法律监督委员会主任');
    await cadre.getByLabel('候选人（每行一人，可写“姓名,会员编号”）').fill('孙伟\n郑洁');
    await cadre.getByRole('button', { name: /确\s*定|OK/ }).click();
    await confirmStep(cadre, '冻结投票人名单');
    const electionId = await latestVoteId(cadre, sessionId);
    await runCeremony(electionId, 'hand');
    await confirmStep(cadre, '开始投票');
    await worker.goto(`${journey.server.url}/app/votes/${electionId}`);
    await worker.getByRole('radio', { name: '孙伟' }).check();
    await worker.getByRole('button', { name: '提交选票' }).click();
    await worker
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await worker.getByTestId('tracker').waitFor();
    await othersVoteAndClose(electionId);
    await decryptTotals(electionId, [worker, zheng]);
    await cadre.getByText('应选 1 人，当选 1 人').waitFor();
    await verifyBoard();

    // The hall screen shows attendance and the latest result.
    const screen = await desktop.newPage();
    await screen.goto(`${journey.server.url}/screen/congress/${sessionId}`);
    await screen.getByTestId('present').getByText('4').waitFor();
    await screen.getByText('当选', { exact: true }).waitFor();
    await screen.getByText('审议《2027年度工资集体协商方案（草案）》').waitFor();
    await screen.screenshot({ path: path.join(screenshots, 'congress-screen.png') });

    // A proposal: drafted by the worker, co-signed by two delegates, accepted by the committee.
    await worker.goto(`${journey.server.url}/app/congress`);
    await worker.getByRole('button', { name: '起草提案' }).click();
    await worker.getByLabel('案由').fill('关于增设夜班职工休息室的提案');
    await worker.getByLabel('内容与建议').fill('建议在二号厂房增设夜班休息室并配备空调。');
    await worker.getByRole('button', { name: /确\s*定|OK/ }).click();
    await worker.getByRole('dialog').getByRole('checkbox', { name: '孙伟' }).check();
    await worker.getByRole('dialog').getByRole('checkbox', { name: '郑洁' }).check();
    await worker.getByRole('button', { name: '邀请附议' }).click();
    await worker.getByText('孙伟（待附议）、郑洁（待附议）').waitFor();
    const proposals = await (await worker.request.get(`${journey.server.url}/api/v1/democracy/proposals`)).json();
    const proposalId = proposals.items[0].id as number;
    // One co-signs from the phone, the other from theirs (through the API).
    await sun.goto(`${journey.server.url}/app/congress`);
    await sun.getByText('关于增设夜班职工休息室的提案').click();
    await sun
      .getByRole('dialog')
      .getByRole('button', { name: /^附\s*议$/ })
      .click();
    await sun.getByRole('dialog').getByText('孙伟（已附议）').waitFor();
    expect((await zhengApi.post(`/democracy/proposals/${proposalId}/cosign`, { accept: true })).status()).toBe(200);
    await worker.reload();
    await worker.getByText('关于增设夜班职工休息室的提案').click();
    await worker.getByRole('button', { name: '提交提案' }).click();
    await worker.getByRole('dialog').getByText('待审查').waitFor();

    await cadre.getByRole('tab', { name: '提案' }).click();
    await cadre.getByRole('button', { name: /^立\s*案$/ }).click();
    await cadre
      .getByRole('dialog')
      .getByRole('button', { name: /^立\s*案$/ })
      .click();
    await cadre.getByText('已立案').waitFor();

    // The minutes, as a Word document with attendance and results.
    const download = cadre.waitForEvent('download');
    await cadre.getByRole('link', { name: '下载会议纪要' }).click();
    const file = await (await download).path();
    const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(file!)));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('应到代表5人，实到4人');
    expect(text).toContain('表决结果：通过');
    expect(text).toContain('关于增设夜班职工休息室的提案');
    await Promise.all(contexts.map((context) => context.close()));
  }, 300_000);

  it('anyone verifies a secret vote’s bulletin board in the browser; a tampered board is named as such', async () => {
    const { board } = simulateVote({
      election: 'e2e/votes/1',
      kind: 'election',
      options: ['张明', '李华', '王芳'],
      maxChoices: 2,
      voters: [
        { weight: 1, choices: [1, 2] },
        { weight: 1, choices: [2] },
        { weight: 1, choices: [] },
        { weight: 2, choices: [2, 3] },
      ],
    });
    const context = await journey.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/verify-election`);
    const file = (name: string, content: string) => ({
      name,
      mimeType: 'application/json',
      buffer: Buffer.from(content),
    });
    await page.getByLabel('公告板文件').setInputFiles(file('board.json', JSON.stringify(board)));
    await page.getByText('核验通过：公告板上的一切都相符').waitFor();
    await page.getByText('「Election」的结果（4 张选票）').waitFor();
    const rows = await page.locator('.ant-descriptions-row').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual(['张明 1', '李华 4', '王芳 2', '空白票 1']);
    await page.screenshot({ path: path.join(screenshots, 'verify-election.png'), fullPage: true });

    board.tally!.totals[1] = 3;
    await page.getByLabel('公告板文件').setInputFiles(file('tampered.json', JSON.stringify(board)));
    await page.getByText('核验未通过').waitFor();
    await page.getByText('公布的结果与解密结果（1, 4, 2, 1）不符').waitFor();
    await page.getByLabel('公告板文件').setInputFiles(file('not.json', '{ no'));
    await page.getByText('无法读取：这不是 JSON 文件').waitFor();
    await context.close();
  });
});
