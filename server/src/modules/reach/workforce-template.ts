import { type Locale, type SurveyDefinition, WORKFORCE_SAMPLING_PLAN } from '@gonghui/contract';

/*
 * The workforce status survey (职工队伍状况调查) as a template: a short form of the national
 * questionnaire's core (identity, work and income, the union, why not a member, suggestions), in the
 * cadre's language, and its sampling plan (contract: WORKFORCE_SAMPLING_PLAN) as quotas on the
 * cities and counties under the surveying federation, by the screening question `identity`.
 */

type Text = Record<Locale, string>;
const option = (value: string, label: string) => ({ value, label });

const T = {
  title: { 'zh-CN': '职工队伍状况调查', en: 'Workforce status survey' },
  basic: { 'zh-CN': '基本情况', en: 'About you' },
  identity: { 'zh-CN': '您的身份', en: 'You are' },
  worker: { 'zh-CN': '工会会员职工', en: 'A union member' },
  chair: { 'zh-CN': '基层工会主席', en: 'A grassroots union chair' },
  nonUnion: { 'zh-CN': '未入会职工', en: 'A worker not in a union' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  male: { 'zh-CN': '男', en: 'Male' },
  female: { 'zh-CN': '女', en: 'Female' },
  age: { 'zh-CN': '年龄（周岁）', en: 'Age (years)' },
  education: { 'zh-CN': '文化程度', en: 'Education' },
  middle: { 'zh-CN': '初中及以下', en: 'Lower secondary or less' },
  high: { 'zh-CN': '高中、中专、技校', en: 'Upper secondary or vocational' },
  college: { 'zh-CN': '大专', en: 'Junior college' },
  degree: { 'zh-CN': '本科及以上', en: 'Bachelor or higher' },
  place: { 'zh-CN': '工作所在区县', en: 'County where you work' },
  work: { 'zh-CN': '工作与收入', en: 'Work and income' },
  hours: { 'zh-CN': '上周实际工作时间（小时）', en: 'Hours actually worked last week' },
  income: { 'zh-CN': '上月税后收入（元）', en: 'Income after tax last month (yuan)' },
  i1: { 'zh-CN': '3000 以下', en: 'Under 3,000' },
  i2: { 'zh-CN': '3000–5999', en: '3,000–5,999' },
  i3: { 'zh-CN': '6000–9999', en: '6,000–9,999' },
  i4: { 'zh-CN': '10000 及以上', en: '10,000 or more' },
  overtime: { 'zh-CN': '加班是否按规定支付加班费', en: 'Is overtime paid as the law requires?' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  sometimes: { 'zh-CN': '有时', en: 'Sometimes' },
  no: { 'zh-CN': '否', en: 'No' },
  satisfaction: {
    'zh-CN': '收入{{income}}的情况下，您对当前工作的总体满意度',
    en: 'With an income of {{income}}, how satisfied are you with your work overall?',
  },
  low: { 'zh-CN': '很不满意', en: 'Very dissatisfied' },
  highLabel: { 'zh-CN': '很满意', en: 'Very satisfied' },
  union: { 'zh-CN': '工会工作', en: 'The union' },
  services: {
    'zh-CN': '您最需要工会提供哪些服务（最多三项）',
    en: 'Which union services do you need most (up to three)?',
  },
  legal: { 'zh-CN': '法律援助', en: 'Legal aid' },
  aid: { 'zh-CN': '困难帮扶', en: 'Hardship aid' },
  skills: { 'zh-CN': '技能培训', en: 'Skills training' },
  culture: { 'zh-CN': '文体活动', en: 'Culture and sport' },
  wages: { 'zh-CN': '工资集体协商', en: 'Collective wage bargaining' },
  rating: { 'zh-CN': '对本单位工会工作的评价', en: 'How do you rate your union’s work?' },
  aspects: { 'zh-CN': '维权', en: 'Protecting rights' },
  serving: { 'zh-CN': '服务', en: 'Serving members' },
  good: { 'zh-CN': '好', en: 'Good' },
  fair: { 'zh-CN': '一般', en: 'Fair' },
  poor: { 'zh-CN': '差', en: 'Poor' },
  fullTime: { 'zh-CN': '您担任工会主席是', en: 'As union chair you are' },
  full: { 'zh-CN': '专职', en: 'Full-time' },
  part: { 'zh-CN': '兼职', en: 'Part-time' },
  nonUnionSection: { 'zh-CN': '未入会情况', en: 'Not in a union' },
  why: { 'zh-CN': '您没有加入工会的主要原因', en: 'The main reason you have not joined a union' },
  noUnion: { 'zh-CN': '单位没有工会', en: 'No union where I work' },
  unknown: { 'zh-CN': '不了解入会途径', en: 'Did not know how to join' },
  useless: { 'zh-CN': '觉得入会作用不大', en: 'Did not think it would help' },
  advice: { 'zh-CN': '意见建议', en: 'Suggestions' },
  suggestion: { 'zh-CN': '您对工会工作的意见和建议', en: 'Your suggestions for the union' },
} satisfies Record<string, Text>;

/** The template's questionnaire in a language. */
export function workforceDefinition(locale: Locale): SurveyDefinition {
  const t = (text: Text) => text[locale];
  return {
    sections: [
      {
        id: 'basic',
        title: t(T.basic),
        skip: [],
        questions: [
          {
            id: WORKFORCE_SAMPLING_PLAN.screeningQuestion,
            type: 'single',
            title: t(T.identity),
            required: true,
            options: [option('worker', t(T.worker)), option('chair', t(T.chair)), option('non_union', t(T.nonUnion))],
          },
          {
            id: 'gender',
            type: 'single',
            title: t(T.gender),
            required: true,
            options: [option('1', t(T.male)), option('2', t(T.female))],
          },
          { id: 'age', type: 'number', title: t(T.age), required: true, min: 16, max: 75 },
          {
            id: 'education',
            type: 'single',
            title: t(T.education),
            required: true,
            options: [
              option('1', t(T.middle)),
              option('2', t(T.high)),
              option('3', t(T.college)),
              option('4', t(T.degree)),
            ],
          },
          { id: 'place', type: 'region', title: t(T.place), required: false },
        ],
      },
      {
        id: 'work',
        title: t(T.work),
        // Workers outside a union go on to why, past the union's questions.
        skip: [
          {
            when: { match: 'all', conditions: [{ questionId: 'identity', op: 'eq', value: 'non_union' }] },
            to: 'nonunion',
          },
        ],
        questions: [
          { id: 'hours', type: 'number', title: t(T.hours), required: true, min: 0, max: 120 },
          {
            id: 'income',
            type: 'single',
            title: t(T.income),
            required: true,
            options: [option('1', t(T.i1)), option('2', t(T.i2)), option('3', t(T.i3)), option('4', t(T.i4))],
          },
          {
            id: 'overtime',
            type: 'single',
            title: t(T.overtime),
            required: false,
            options: [option('1', t(T.yes)), option('2', t(T.sometimes)), option('3', t(T.no))],
            showIf: { match: 'all', conditions: [{ questionId: 'hours', op: 'gt', value: 44 }] },
          },
          {
            id: 'satisfaction',
            type: 'scale',
            title: t(T.satisfaction),
            required: true,
            min: 1,
            max: 5,
            minLabel: t(T.low),
            maxLabel: t(T.highLabel),
          },
        ],
      },
      {
        id: 'union',
        title: t(T.union),
        skip: [{ when: { match: 'all', conditions: [{ questionId: 'identity', op: 'answered' }] }, to: 'advice' }],
        questions: [
          {
            id: 'services',
            type: 'multiple',
            title: t(T.services),
            required: true,
            max: 3,
            options: [
              option('legal', t(T.legal)),
              option('aid', t(T.aid)),
              option('skills', t(T.skills)),
              option('culture', t(T.culture)),
              option('wages', t(T.wages)),
            ],
          },
          {
            id: 'rating',
            type: 'matrix',
            title: t(T.rating),
            required: false,
            rows: [option('rights', t(T.aspects)), option('service', t(T.serving))],
            options: [option('1', t(T.good)), option('2', t(T.fair)), option('3', t(T.poor))],
          },
          {
            id: 'full_time',
            type: 'single',
            title: t(T.fullTime),
            required: true,
            options: [option('1', t(T.full)), option('2', t(T.part))],
            showIf: { match: 'all', conditions: [{ questionId: 'identity', op: 'eq', value: 'chair' }] },
          },
        ],
      },
      {
        id: 'nonunion',
        title: t(T.nonUnionSection),
        skip: [],
        questions: [
          {
            id: 'why',
            type: 'single',
            title: t(T.why),
            required: true,
            options: [option('1', t(T.noUnion)), option('2', t(T.unknown)), option('3', t(T.useless))],
          },
        ],
      },
      {
        id: 'advice',
        title: t(T.advice),
        skip: [],
        questions: [{ id: 'suggestion', type: 'text', title: t(T.suggestion), required: false, max: 500 }],
      },
    ],
  };
}

export const workforceTitle = (locale: Locale) => T.title[locale];

/**
 * The sampling plan as quotas: each county under the surveying organisation gets the county cells;
 * each city its own cells plus its counties' (an answer from a county counts for its city too, so a
 * city's quota is never less than what its counties share).
 */
export function workforceQuotas(places: readonly { id: number; level: string; path: string }[]) {
  const quotas: { organisationId: number; cell: { questionId: string; value: string }; target: number }[] = [];
  const question = WORKFORCE_SAMPLING_PLAN.screeningQuestion;
  const counties = places.filter((place) => place.level === 'county');
  for (const county of counties)
    for (const [value, target] of Object.entries(WORKFORCE_SAMPLING_PLAN.county))
      quotas.push({ organisationId: county.id, cell: { questionId: question, value }, target });
  for (const city of places.filter((place) => place.level === 'city')) {
    const below = counties.filter((county) => county.path.startsWith(`${city.path}.`)).length;
    for (const [value, own] of Object.entries(WORKFORCE_SAMPLING_PLAN.city)) {
      const perCounty = (WORKFORCE_SAMPLING_PLAN.county as Record<string, number>)[value] ?? 0;
      quotas.push({ organisationId: city.id, cell: { questionId: question, value }, target: own + perCounty * below });
    }
  }
  return quotas;
}
