import { computeIdNumberCheckChar } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { PiiCipher } from '../../platform/crypto';
import type { Demo } from '../../platform/demo';
import * as duesRepo from './dues.repository';
import { duesOfWage, personFields } from './member-record';
import * as memberRepo from './members.repository';

/** A valid ID number from a region, a birth date (YYYYMMDD) and a sequence (odd = male). */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + computeIdNumberCheckChar(first17);
}

export interface MemberSpec {
  organisationId: number;
  name: string;
  idNumber: string;
  mobile?: string | null;
  employerId?: number | null;
  employmentForm?: 'standard' | 'gig' | 'flexible';
  jobType?: string | null;
  platform?: string | null;
  monthlyWageFen?: number | null;
  joinedOn?: string;
  status?: string;
  userId?: string | null;
  lastParticipationOn?: string | null;
}

/** Inserts a member with its first status fact: the builder behind tests and the demo seed. */
export async function buildMember(db: Executor, cipher: PiiCipher, spec: MemberSpec) {
  const joinedOn = spec.joinedOn ?? '2024-01-15';
  const status = spec.status ?? 'active';
  const member = await memberRepo.insertMember(db, {
    ...personFields(cipher, {
      name: spec.name,
      idNumber: spec.idNumber,
      mobile: spec.mobile ?? null,
      monthlyWageFen: spec.monthlyWageFen ?? null,
    }),
    organisationId: spec.organisationId,
    userId: spec.userId ?? null,
    employerId: spec.employerId ?? null,
    employmentForm: spec.employmentForm ?? 'standard',
    jobType: spec.jobType ?? null,
    platform: spec.platform ?? null,
    duesMonthlyFen: duesOfWage(spec.monthlyWageFen, 50),
    status,
    statusSince: joinedOn,
    joinedOn,
    lastParticipationOn: spec.lastParticipationOn ?? null,
    source: 'seed',
  });
  await memberRepo.insertStatusEvent(db, {
    memberId: member.id,
    provinceCode: member.provinceCode,
    organisationId: member.organisationId,
    status,
    effectiveOn: joinedOn,
    reason: 'join',
  });
  return member;
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '欧阳',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '晓东',
  '建华',
  '志明',
];

/** A deterministic Chinese name for the n-th generated person. */
export function generatedName(n: number): string {
  return SURNAMES[n % SURNAMES.length]! + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!;
}

/** Demo members spread over the demo unions: employees, gig workers, a few retired and lapsed. */
export async function seedDemoMembers(
  db: Executor,
  cipher: PiiCipher,
  unions: {
    organisationId: number;
    employerId: number | null;
    regionCode: string;
    gig?: { jobType: string; platform: string };
  }[],
  perUnion: number,
) {
  let n = 0;
  const today = new Date();
  for (const union of unions) {
    for (let i = 0; i < perUnion; i++, n++) {
      const year = 1965 + ((n * 7) % 38);
      const month = String(1 + (n % 12)).padStart(2, '0');
      const day = String(1 + (n % 28)).padStart(2, '0');
      const joined = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (n % 30), 1 + (n % 27)));
      await buildMember(db, cipher, {
        organisationId: union.organisationId,
        name: generatedName(n),
        idNumber: makeIdNumber(union.regionCode, `${year}${month}${day}`, 100 + n),
        mobile: `139${String(10_000_000 + n * 7919).slice(-8)}`,
        employerId: union.employerId,
        employmentForm: union.gig ? 'gig' : 'standard',
        jobType: union.gig?.jobType ?? null,
        platform: union.gig?.platform ?? null,
        monthlyWageFen: (4000 + (n % 20) * 500) * 100,
        joinedOn: joined.toISOString().slice(0, 10),
        status: n % 17 === 5 ? 'retained' : 'active',
      });
    }
  }
  const months = [1, 2, 3].map((back) =>
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1)).toISOString().slice(0, 10),
  );
  await duesRepo.seedPaidDues(db, months);
}

/**
 * The demo's members: the rider and the worker accounts and two more delegates hold memberships
 * (with cards), and the demo unions have a few dozen members each: membership's part of the demo.
 */
export async function seedMembershipDemo(tx: Executor, demo: Demo) {
  const ofAccount = (username: string) => {
    const account = demo.account(username);
    return { name: account.displayName, idNumber: account.idNumber!, mobile: account.mobile!, userId: account.userId };
  };
  await buildMember(tx, demo.cipher, {
    ...ofAccount('rider'),
    organisationId: demo.organisation('riders-meituan'),
    employerId: demo.employerOf('riders-meituan').id,
    employmentForm: 'gig',
    jobType: 'rider',
    platform: '美团',
    monthlyWageFen: 720_000,
    joinedOn: '2024-03-01',
  });
  for (const [username, monthlyWageFen, joinedOn] of [
    ['worker', 860_000, '2015-06-18'],
    ['rep.sun', 780_000, '2016-03-01'],
    ['rep.zheng', 1_450_000, '2019-07-15'],
  ] as const) {
    await buildMember(tx, demo.cipher, {
      ...ofAccount(username),
      organisationId: demo.organisation('nanshan-electronics'),
      employerId: demo.employerOf('nanshan-electronics').id,
      monthlyWageFen,
      joinedOn,
    });
  }
  const unions = [
    ['tianhe-software'],
    ['zhujiang-hotel'],
    ['riders-meituan', 'rider', '美团'],
    ['yuexiu-hospital'],
    ['nanshan-electronics'],
    ['truck-drivers', 'truck_driver', '货拉拉'],
    ['futian-bank'],
  ] as const;
  await seedDemoMembers(
    tx,
    demo.cipher,
    unions.map(([key, jobType, platform]) => ({
      organisationId: demo.organisation(key),
      employerId: demo.employerOf(key).id,
      regionCode: demo.employerOf(key).regionCode,
      ...(jobType ? { gig: { jobType, platform: platform! } } : {}),
    })),
    30,
  );
}
