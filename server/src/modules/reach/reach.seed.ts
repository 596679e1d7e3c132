import type { Executor } from '../../db/client';
import type { Demo } from '../../platform/demo';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import * as repo from './notices.repository';

/**
 * The demo's notices: the province's news to everyone, and a pinned notice from 广州市总工会 to the
 * city's gig workers (the rider reads both; the Shenzhen members see only the news).
 */
export async function seedReach(tx: Executor, demo: Demo) {
  const province = demo.organisation('province');
  const guangzhou = demo.organisation('guangzhou');
  const specs = [
    {
      organisationId: province,
      kind: 'news',
      title: '省总工会启动2026年“冬送温暖”活动',
      body: '<p>省总工会近日启动2026年“冬送温暖”活动，全省各级工会将走访慰问困难职工、新就业形态劳动者和一线职工。</p><p>困难职工可通过“服务 → 困难帮扶”提出申请。</p>',
      audienceOrgIds: [province],
      employmentForms: [] as string[],
      pinned: false,
    },
    {
      organisationId: guangzhou,
      kind: 'notice',
      title: '关于开展新就业形态劳动者专项入会和权益保障服务的通知',
      body: '<h2>一、服务内容</h2><ul><li>外卖骑手、快递员、网约车司机可在线申请入会；</li><li>工会驿站提供饮水、热饭、充电和休息服务；</li><li>遇到欠薪、工伤等问题，可拨打 12351 或在线求助。</li></ul><h2>二、时间安排</h2><p>即日起至2027年3月31日。</p>',
      audienceOrgIds: [guangzhou],
      employmentForms: ['gig'],
      pinned: true,
    },
  ];
  for (const spec of specs) {
    const id = await repo.insertNotice(tx, {
      ...spec,
      provinceCode: await provinceOfOrganisation(tx, spec.organisationId),
      status: 'published',
      publishAt: new Date(),
      escalateAfterDays: spec.kind === 'notice' ? 5 : null,
    });
    const notice = (await repo.findNotice(tx, id))!;
    const paths = (await repo.organisationsByIds(tx, notice.audienceOrgIds)).map((org) => org.path);
    await repo.countAudience(tx, notice, paths);
  }
}
