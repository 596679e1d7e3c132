import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import { members } from '../membership/membership.tables';
import {
  congressAgendaItems,
  congressConstituencies,
  congressDelegates,
  congressSessions,
  disclosureNotices,
} from './democracy.tables';

/**
 * The demo's workers' congress: a session being prepared at 南山电子, with constituencies, five
 * delegates (three of them can sign in: worker, rep.sun, rep.zheng), an agenda, and a disclosure
 * notice. Opening it, checking in and voting are left to whoever tries the demo.
 */
export async function seedDemocracy(tx: Executor, organisationId: number, delegateUserIds: string[]) {
  const provinceCode = await provinceOfOrganisation(tx, organisationId);
  const [session] = await tx
    .insert(congressSessions)
    .values({
      provinceCode,
      organisationId,
      term: 3,
      meeting: 2,
      title: '南山电子科技股份有限公司第三届职工代表大会第二次会议',
      meetingDate: todayInChina(),
      venue: '公司一号楼报告厅',
      checkInCode: randomBytes(12).toString('base64url'),
    })
    .returning();
  const constituencies = await tx
    .insert(congressConstituencies)
    .values([
      { provinceCode, sessionId: session!.id, name: '生产一线', seats: 4 },
      { provinceCode, sessionId: session!.id, name: '管理和技术', seats: 2 },
    ])
    .returning();
  const withAccounts = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), inArray(members.userId, delegateUserIds)))
    .orderBy(asc(members.id));
  const others = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), eq(members.status, 'active'), eq(members.source, 'seed')))
    .orderBy(asc(members.id))
    .limit(10);
  const chosen = [
    ...withAccounts.map((m) => m.id),
    ...others.map((m) => m.id).filter((id) => !withAccounts.some((m) => m.id === id)),
  ].slice(0, 5);
  const categories = ['frontline', 'frontline', 'manager', 'frontline', 'other'] as const;
  await tx.insert(congressDelegates).values(
    chosen.map((memberId, index) => ({
      provinceCode,
      sessionId: session!.id,
      memberId,
      category: categories[index]!,
      constituencyId: categories[index] === 'frontline' ? constituencies[0]!.id : constituencies[1]!.id,
    })),
  );
  await tx.insert(congressAgendaItems).values([
    { provinceCode, sessionId: session!.id, position: 1, title: '审议《2027年度工资集体协商方案（草案）》' },
    { provinceCode, sessionId: session!.id, position: 2, title: '选举劳动法律监督委员会主任' },
    { provinceCode, sessionId: session!.id, position: 3, title: '代表提案征集情况说明' },
  ]);
  await tx.insert(disclosureNotices).values({
    provinceCode,
    organisationId,
    title: '2026年度职工福利费使用情况公开',
    body: '全年职工福利费预算120万元，已使用98.6万元，其中：节日慰问46万元，体检28万元，困难职工帮扶12万元，文体活动12.6万元。如有疑问，请在下方留言，工会将公开答复。',
  });
}
