import { addYear, type ProgrammeBody, programmeBodySchema } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { PiiCipher } from '../../platform/crypto';
import { findOrganisation, provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import { memberOfUser } from './applications.repository';
import * as files from './files.repository';
import { incomePerHead } from './files.service';
import * as programmes from './programmes.repository';

/** The demo's programmes as a federation would define them, for this calendar year. */
export function demoProgrammes(year: number, refs: { province: number; city: number }): ProgrammeBody[] {
  const whole = { opensOn: `${year}-01-01`, closesOn: `${year}-12-31` };
  return [
    {
      organisationId: refs.city,
      kind: 'student_aid',
      name: `${year}年金秋助学`,
      description: '资助困难职工子女接受高等教育和职业教育。',
      need: 'education',
      rules: [{ kind: 'member_active' }, { kind: 'hardship_file' }],
      documents: ['enrolment_notice', 'hardship_proof'],
      amount: {
        kind: 'table',
        rows: [
          { schoolLevel: 'university', tier: 'deep', fen: 500_000 },
          { schoolLevel: 'university', fen: 300_000 },
          { schoolLevel: 'vocational', fen: 300_000 },
          { schoolLevel: 'high_school', fen: 200_000 },
        ],
      },
      chain: ['check', 'review', 'notice'],
      homeVisitRequired: true,
      noticeDays: 5,
      dualApprovalFromFen: 500_000,
      opensOn: `${year}-07-01`,
      closesOn: `${year}-12-31`,
      enrolmentOpensOn: null,
      enrolmentClosesOn: null,
    },
    {
      organisationId: refs.city,
      kind: 'emergency',
      name: '临时救助',
      description: '职工因突发事件、意外伤害等导致基本生活暂时出现严重困难的，给予临时救助。',
      need: 'emergency',
      rules: [{ kind: 'member_active' }],
      documents: ['incident_proof'],
      amount: { kind: 'up_to', maxFen: 300_000 },
      chain: ['check', 'review', 'notice'],
      homeVisitRequired: true,
      noticeDays: 5,
      dualApprovalFromFen: 200_000,
      ...whole,
      enrolmentOpensOn: null,
      enrolmentClosesOn: null,
    },
    {
      organisationId: refs.city,
      kind: 'mutual_medical',
      name: `${year}年度职工医疗互助`,
      description: '参保职工住院医疗费用经基本医疗保险报销后，个人自付部分按比例给付。',
      need: null,
      rules: [{ kind: 'mutual_aid_enrolled' }],
      documents: ['invoice', 'discharge_summary'],
      amount: {
        kind: 'mutual_medical',
        feeFen: 6_000,
        deductibleFen: 50_000,
        ratioPermille: 500,
        seriousRatioPermille: 700,
        yearlyCapFen: 3_000_000,
      },
      chain: ['review'],
      homeVisitRequired: false,
      noticeDays: 5,
      dualApprovalFromFen: 1_000_000,
      ...whole,
      enrolmentOpensOn: `${year}-01-01`,
      enrolmentClosesOn: `${year}-12-31`,
    },
    {
      organisationId: refs.province,
      kind: 'warmth',
      name: `${year}年两节送温暖`,
      description: '元旦春节期间走访慰问困难职工，发放慰问金。',
      need: 'festival',
      rules: [{ kind: 'member_active' }, { kind: 'hardship_file' }],
      documents: [],
      amount: { kind: 'fixed', fen: 100_000 },
      chain: ['check', 'review', 'notice'],
      homeVisitRequired: true,
      noticeDays: 5,
      dualApprovalFromFen: null,
      ...whole,
      enrolmentOpensOn: null,
      enrolmentClosesOn: null,
    },
  ].map((p) => programmeBodySchema.parse(p));
}

/**
 * The demo's assistance: four programmes with this year's budgets, the Guangzhou members enrolled
 * in mutual medical aid, and a hardship file for the rider's household.
 */
export async function seedAssistance(
  tx: Executor,
  cipher: PiiCipher,
  refs: { province: number; city: number; district: number; cadre: string; riderUser: string },
) {
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const provinceCode = await provinceOfOrganisation(tx, refs.city);
  const ids: number[] = [];
  for (const body of demoProgrammes(year, refs)) {
    const { organisationId, ...values } = body;
    ids.push((await programmes.insertProgramme(tx, { organisationId, ...values, createdBy: refs.cadre })).id);
  }
  const [studentAid, emergency, mutual, warmth] = ids as [number, number, number, number];
  for (const [programmeId, organisationId, amountFen] of [
    [studentAid, refs.city, 20_000_000],
    [studentAid, refs.district, 5_000_000],
    [emergency, refs.city, 50_000_000],
    [mutual, refs.city, 100_000_000],
    [warmth, refs.province, 100_000_000],
  ] as const) {
    await programmes.setBudgetAmount(tx, { provinceCode, programmeId, organisationId, year }, amountFen);
  }
  const city = (await findOrganisation(tx, refs.city))!;
  await programmes.enrolSubtree(
    tx,
    { provinceCode, path: city.path },
    { programmeId: mutual, year, feeFen: 6000, enrolledBy: refs.cadre },
  );
  const rider = (await memberOfUser(tx, refs.riderUser))!;
  const household = [
    { name: '周小勇', relation: '本人', birthYear: 1995, monthlyIncomeFen: 450_000 },
    { name: '陈秀兰', relation: '配偶', birthYear: 1996, health: '慢性肾病，每周透析', monthlyIncomeFen: 0 },
    { name: '周思远', relation: '子女', birthYear: 2019, monthlyIncomeFen: 0 },
  ];
  const file = await files.insertFile(tx, {
    provinceCode: rider.provinceCode,
    memberId: rider.id,
    organisationId: rider.organisationId,
    tier: 'relative',
    primaryCause: 'illness',
    secondaryCauses: ['low_income'],
    level: 'city',
    householdEnc: cipher.encrypt(JSON.stringify(household)),
    incomePerHeadEnc: cipher.encrypt(String(incomePerHead(household))),
    householdSize: household.length,
    situation: '配偶患慢性肾病需长期透析，家庭主要依靠本人送外卖收入。',
    verifiedOn: today,
    nextVerificationOn: addYear(today),
    createdBy: refs.cadre,
  });
  await files.insertEvent(tx, {
    provinceCode: file.provinceCode,
    fileId: file.id,
    action: 'open',
    actorUserId: refs.cadre,
  });
}
