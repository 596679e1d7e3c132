import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/client';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import * as congress from './congress.repository';
import { insertNotice } from './disclosure.repository';

/**
 * The demo's workers' congress: a session being prepared at 南山电子, with constituencies, five
 * delegates (three of them can sign in: worker, rep.sun, rep.zheng, who form its presidium and so
 * are the default trustees of its secret votes), an agenda, and a disclosure notice. Opening it, checking in and voting are left to whoever tries the demo.
 */
export async function seedDemocracy(tx: Executor, organisationId: number, delegateUserIds: string[]) {
  const provinceCode = await provinceOfOrganisation(tx, organisationId);
  const session = (await congress.insertSession(tx, {
    provinceCode,
    organisationId,
    term: 3,
    meeting: 2,
    title: '南山电子科技股份有限公司第三届职工代表大会第二次会议',
    meetingDate: todayInChina(),
    venue: '公司一号楼报告厅',
    checkInCode: randomBytes(12).toString('base64url'),
  }))!;
  const frontline = (await congress.insertConstituency(tx, {
    provinceCode,
    sessionId: session.id,
    name: '生产一线',
    seats: 4,
  }))!;
  const management = (await congress.insertConstituency(tx, {
    provinceCode,
    sessionId: session.id,
    name: '管理和技术',
    seats: 2,
  }))!;
  // Those with accounts come first.
  const chosen = (await congress.demoDelegateMembers(tx, organisationId, delegateUserIds)).slice(0, 5);
  const categories = ['frontline', 'frontline', 'manager', 'frontline', 'other'] as const;
  for (const [index, { id: memberId, hasAccount }] of chosen.entries()) {
    await congress.insertDelegate(tx, {
      provinceCode,
      sessionId: session.id,
      memberId,
      category: categories[index]!,
      constituencyId: categories[index] === 'frontline' ? frontline.id : management.id,
      presidiumPosition: hasAccount && index < 3 ? index + 1 : null,
    });
  }
  for (const title of [
    '审议《2027年度工资集体协商方案（草案）》',
    '选举劳动法律监督委员会主任',
    '代表提案征集情况说明',
  ]) {
    await congress.appendAgendaItem(tx, { provinceCode, sessionId: session.id, title, description: null });
  }
  await insertNotice(tx, {
    provinceCode,
    organisationId,
    title: '2026年度职工福利费使用情况公开',
    body: '全年职工福利费预算120万元，已使用98.6万元，其中：节日慰问46万元，体检28万元，困难职工帮扶12万元，文体活动12.6万元。如有疑问，请在下方留言，工会将公开答复。',
    createdBy: null,
  });
}
