import type { Executor } from '../../db/client';
import type { Demo } from '../../platform/demo';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import * as repo from './notices.repository';
import * as surveys from './surveys.repository';
import { workforceDefinition } from './workforce-template';

/**
 * The demo's notices and surveys. Notices: the province's news to everyone, and a pinned notice from 广州市总工会 to the
 * city's gig workers (the rider reads both; the Shenzhen members see only the news).
 */
export async function seedReach(tx: Executor, demo: Demo) {
  await seedNotices(tx, demo);
  await seedSurveys(tx, demo);
}

async function seedNotices(tx: Executor, demo: Demo) {
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

/**
 * The demo's surveys: 广州市总工会's open needs survey of its members (the rider can answer it), with
 * a quota on the city shared to 天河; and the workforce status survey as a draft from its template.
 */
async function seedSurveys(tx: Executor, demo: Demo) {
  const guangzhou = demo.organisation('guangzhou');
  const provinceCode = await provinceOfOrganisation(tx, guangzhou);
  const id = await surveys.insertSurvey(tx, {
    provinceCode,
    organisationId: guangzhou,
    title: '2026年广州市职工服务需求调查',
    description: '了解职工最需要的工会服务，约需3分钟。',
    definition: {
      sections: [
        {
          id: 'about',
          title: '基本情况',
          skip: [],
          questions: [
            {
              id: 'form',
              type: 'single',
              title: '您的就业形态',
              required: true,
              options: [
                { value: 'standard', label: '全日制职工' },
                { value: 'gig', label: '新就业形态劳动者（骑手、快递员、网约车司机等）' },
                { value: 'other', label: '其他' },
              ],
            },
            { id: 'hours', type: 'number', title: '您每周大约工作多少小时', required: true, min: 0, max: 120 },
          ],
        },
        {
          id: 'needs',
          title: '服务需求',
          skip: [],
          questions: [
            {
              id: 'services',
              type: 'multiple',
              title: '您最需要工会提供哪些服务（最多三项）',
              required: true,
              max: 3,
              options: [
                { value: 'station', label: '户外劳动者驿站' },
                { value: 'legal', label: '法律援助' },
                { value: 'insurance', label: '职业伤害保障' },
                { value: 'skills', label: '技能培训' },
                { value: 'culture', label: '文体活动' },
              ],
            },
            {
              id: 'station_need',
              type: 'multiple',
              title: '驿站里您最需要什么',
              options: [
                { value: 'water', label: '饮水' },
                { value: 'meal', label: '热饭' },
                { value: 'charge', label: '充电' },
                { value: 'toilet', label: '如厕' },
              ],
              showIf: { match: 'all', conditions: [{ questionId: 'services', op: 'includes', value: 'station' }] },
            },
            {
              id: 'satisfaction',
              type: 'scale',
              title: '您对工会目前服务的满意度',
              required: true,
              min: 1,
              max: 5,
              minLabel: '很不满意',
              maxLabel: '很满意',
            },
            { id: 'suggestion', type: 'text', title: '您还有什么建议', max: 500 },
          ],
        },
      ],
    },
    audienceOrgIds: [guangzhou],
    status: 'open',
    opensAt: new Date(),
    closesAt: new Date(Date.now() + 60 * 86_400_000),
    createdBy: null,
  });
  await surveys.replaceQuotas(tx, id, [
    { organisationId: guangzhou, industry: null, cellQuestion: null, cellValue: null, target: 2000 },
    { organisationId: demo.organisation('tianhe'), industry: null, cellQuestion: null, cellValue: null, target: 800 },
  ]);
  await surveys.insertSurvey(tx, {
    provinceCode,
    organisationId: guangzhou,
    title: '2026年广州市职工队伍状况调查',
    description: '',
    definition: workforceDefinition('zh-CN'),
    audienceOrgIds: [guangzhou],
    status: 'draft',
    template: 'workforce',
    createdBy: null,
  });
}
