import { addDays } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import * as repo from './cases.repository';

const daysAgo = (days: number) => addDays(todayInChina(), -days);

/**
 * The demo's rights cases at 天河区总工会: the rider's open request waiting to be dispatched, his
 * wage-arrears case with the district mediator, and a few months of closed and rated cases so the
 * dashboard has figures.
 */
export async function seedRights(
  tx: Executor,
  refs: { desk: number; riders: number; reporter: string; mediator: string },
) {
  const provinceCode = await provinceOfOrganisation(tx, refs.desk);
  const base = (acceptedOn: string, days: number) => ({
    provinceCode,
    reporterUserId: refs.reporter,
    receivedOrganisationId: refs.desk,
    acceptedOn,
    dueOn: addWorkingDays(acceptedOn, days),
    warnOn: addWorkingDays(acceptedOn, days - 1),
    createdAt: new Date(`${acceptedOn}T02:00:00Z`),
  });
  const today = todayInChina();
  const open = await repo.insertCase(tx, {
    ...base(today, 5),
    kind: 'ticket',
    category: 'help',
    deadlineClass: 'general',
    title: '站点要求骑手自费购买意外险',
    description: '配送站点要求每位骑手每月自费购买意外险，否则不派单，希望工会帮忙了解是否合规。',
    organisationId: refs.desk,
    nextEscalationOn: addWorkingDays(today, 6),
  });
  const arrears = await repo.insertCase(tx, {
    ...base(daysAgo(3), 5),
    kind: 'wage_arrears',
    category: 'wage_arrears',
    deadlineClass: 'general',
    stage: 'handling',
    title: '配送站拖欠十月配送费',
    description: '天河北站点拖欠十月份配送费，涉及十多名骑手。',
    organisationId: refs.riders,
    handlerUserId: refs.mediator,
    details: {
      employer: { name: '广州同城即时配送服务有限公司' },
      months: ['2026-10'],
      workersAffected: 14,
      amountOwedFen: 8_640_000,
      wagesDuringEmployment: true,
    },
    employerKey: '广州同城即时配送服务有限公司',
    nextEscalationOn: addWorkingDays(daysAgo(3), 6),
  });
  await repo.addToTeam(tx, arrears, refs.mediator, 'handler');
  // Six months of hotline cases (registered by the desk, so without a reporter account).
  const topics = [
    ['consultation', '咨询工伤认定流程'],
    ['help', '协调补发高温津贴'],
    ['complaint', '站点罚款过重'],
    ['help', '申请职工互助保障'],
    ['suggestion', '建议增设骑手驿站'],
    ['consultation', '咨询劳动合同签订'],
  ] as const;
  const closed = Array.from({ length: 42 }, (_, i) => {
    const [category, title] = topics[i % topics.length]!;
    return { category, title, ago: 8 + i * 4, rating: [5, 4, 5, 3, 5, 4, 2][i % 7]!, onTime: i % 9 !== 4 };
  });
  const rows = await repo.insertCases(
    tx,
    closed.map(({ category, title, ago, rating, onTime }) => ({
      ...base(daysAgo(ago), 5),
      reporterUserId: null,
      kind: 'ticket',
      category,
      deadlineClass: 'general',
      stage: 'rated',
      title,
      description: `${title}。`,
      organisationId: refs.riders,
      handlerUserId: refs.mediator,
      resolution: '已办结并答复职工。',
      closedAt: new Date(`${daysAgo(ago - (onTime ? 4 : 8))}T08:00:00Z`),
      closedOnTime: onTime,
      rating,
    })),
  );
  await repo.insertEvents(
    tx,
    [open, arrears, ...rows].map((row, i) => ({
      provinceCode,
      caseId: row.id,
      action: 'accept',
      actorUserId: i < 2 ? refs.reporter : null,
      toStage: 'accepted',
      organisationId: refs.desk,
      public: true,
    })),
  );
}
