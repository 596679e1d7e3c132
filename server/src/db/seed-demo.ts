import type { Role } from '@gonghui/contract';
import { computeIdNumberCheckChar } from '@gonghui/contract';
import { count } from 'drizzle-orm';
import { createUserAccount } from '../modules/accounts/users.service';
import { seedAssistance } from '../modules/assistance/assistance.seed';
import { seedDemocracy } from '../modules/democracy/democracy.seed';
import { buildMember, seedDemoMembers } from '../modules/membership/membership.seed';
import { buildEmployer, buildOrganisationTree, DEMO_TREE } from '../modules/organisations/organisations.seed';
import { seedRights } from '../modules/rights/rights.seed';
import type { PiiCipher } from '../platform/crypto';
import { organisations } from '../platform/organisations.tables';
import type { Db, Executor } from './client';

/** The one password of every demo account. Demo data only: never seeded unless asked for. */
export { DEMO_PASSWORD } from '../modules/accounts/password-policy';

import { DEMO_PASSWORD } from '../modules/accounts/password-policy';

export interface DemoAccount {
  username: string;
  displayName: string;
  kind: 'member' | 'cadre';
  role: Role;
  organisation: string;
  mobile?: string;
  idNumber?: string;
  description: string;
}

const idNumber = (first17: string) => first17 + computeIdNumberCheckChar(first17);

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '陈建国',
    kind: 'cadre',
    role: 'federation_admin',
    organisation: 'province',
    mobile: '13800138001',
    description: 'Provincial federation administrator',
  },
  {
    username: 'gz.cadre',
    displayName: '李晓华',
    kind: 'cadre',
    role: 'federation_cadre',
    organisation: 'guangzhou',
    mobile: '13800138002',
    description: 'Guangzhou city federation cadre',
  },
  {
    username: 'sz.cadre',
    displayName: '王志强',
    kind: 'cadre',
    role: 'federation_cadre',
    organisation: 'shenzhen',
    mobile: '13800138003',
    description: 'Shenzhen city federation cadre',
  },
  {
    username: 'union.cadre',
    displayName: '张丽',
    kind: 'cadre',
    role: 'grassroots_cadre',
    organisation: 'tianhe-software',
    mobile: '13800138004',
    description: 'Grassroots union cadre (Tianhe Software)',
  },
  {
    username: 'auditor',
    displayName: '赵敏',
    kind: 'cadre',
    role: 'auditor',
    organisation: 'province',
    mobile: '13800138005',
    description: 'Auditor, read-only, whole province',
  },
  {
    username: 'mediator',
    displayName: '刘律师',
    kind: 'cadre',
    role: 'caseworker',
    organisation: 'tianhe',
    mobile: '13800138006',
    description: 'Mediator / lawyer, Tianhe district',
  },
  {
    username: 'station',
    displayName: '黄师傅',
    kind: 'cadre',
    role: 'station_keeper',
    organisation: 'shipai',
    mobile: '13800138007',
    description: 'Service-station keeper, Shipai street',
  },
  {
    username: 'rider',
    displayName: '周小勇',
    kind: 'member',
    role: 'member',
    organisation: 'riders-meituan',
    mobile: '13800138000',
    idNumber: idNumber('44010619950315421'),
    description: 'Member: delivery rider (also SMS login)',
  },
  {
    username: 'worker',
    displayName: '吴芳',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138010',
    idNumber: idNumber('44030519880722352'),
    description: 'Member: factory worker (congress delegate)',
  },
  {
    username: 'rep.sun',
    displayName: '孙伟',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138011',
    idNumber: idNumber('44030519900101123'),
    description: 'Member: production-line worker, congress delegate',
  },
  {
    username: 'rep.zheng',
    displayName: '郑洁',
    kind: 'member',
    role: 'member',
    organisation: 'nanshan-electronics',
    mobile: '13800138012',
    idNumber: idNumber('44030519920505234'),
    description: 'Member: engineer, congress delegate',
  },
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ total: count() }).from(organisations);
  return (row?.total ?? 0) === 0;
}

/** Seeds the demo federation, employers and one account per role, in one transaction. */
export async function seedDemo(db: Db, cipher: PiiCipher): Promise<void> {
  await db.transaction(async (tx) => {
    const ids = await buildOrganisationTree(tx, DEMO_TREE);
    const id = (key: string) => {
      const found = ids.get(key);
      if (!found) throw new Error(`demo tree has no ${key}`);
      return found;
    };
    const employers: [string, string, string, string | null, number][] = [
      ['天河软件园科技有限公司', '440106', 'shipai', 'tianhe-software', 860],
      ['珠江新城酒店管理有限公司', '440106', 'shipai', 'zhujiang-hotel', 420],
      ['石牌街道便利店连锁有限公司', '440106', 'shipai', 'shipai-joint', 35],
      ['天河区小食餐饮店', '440106', 'shipai', 'shipai-joint', 12],
      ['广州同城即时配送服务有限公司', '440106', 'tianhe-riders', 'riders-meituan', 2300],
      ['越秀区人民医院', '440104', 'beijinglu', 'yuexiu-hospital', 1500],
      ['北京路百货有限公司', '440104', 'beijinglu', 'yuexiu-store', 380],
      ['越秀区新开咖啡有限公司', '440104', 'beijinglu', null, 28],
      ['南山电子科技股份有限公司', '440305', 'sz-bay-park', 'nanshan-electronics', 5200],
      ['深圳湾软件有限公司', '440305', 'sz-bay-park', 'nanshan-software', 640],
      ['南山生物医药有限公司', '440305', 'sz-bay-park', 'nanshan-bio', 310],
      ['深圳湾创客空间有限公司', '440305', 'sz-bay-park', 'nanshan-park-joint', 22],
      ['南山同城货运有限公司', '440305', 'nanshan-drivers', 'truck-drivers', 900],
      ['福田金融服务有限公司', '440304', 'futian-cbd', 'futian-bank', 1200],
      ['福田物业管理有限公司', '440304', 'futian-cbd', 'futian-property', 460],
      ['福田物流有限公司', '440304', 'futian-cbd', 'futian-logistics', 730],
      ['福田新兴网络科技有限公司', '440304', 'futian-cbd', null, 55],
    ];
    let serial = 1000;
    const employerOfUnion = new Map<string, { id: number; regionCode: string }>();
    for (const [name, regionCode, keeper, union, employeeCount] of employers) {
      const employer = await buildEmployer(tx, {
        name,
        regionCode,
        serial: serial++,
        organisationId: id(keeper),
        coveringUnionId: union ? id(union) : null,
        employeeCount,
      });
      if (union) employerOfUnion.set(union, { id: employer.id, regionCode });
    }
    const users = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await createUserAccount(
        { cipher },
        tx,
        null,
        {
          username: account.username,
          displayName: account.displayName,
          kind: account.kind,
          password: DEMO_PASSWORD,
          mobile: account.mobile,
          idNumber: account.idNumber,
          role: account.role,
          organisationId: id(account.organisation),
        },
        { isDemo: true },
      );
      users.set(account.username, user.id);
    }
    await seedMembership(tx, cipher, { id, users, employerOfUnion });
  });
}

/**
 * The demo's members: the rider and the worker accounts hold memberships (with cards), the
 * demo unions have a few dozen members each, and two workers wait for review.
 */
async function seedMembership(
  tx: Executor,
  cipher: PiiCipher,
  refs: {
    id: (key: string) => number;
    users: Map<string, string>;
    employerOfUnion: Map<string, { id: number; regionCode: string }>;
  },
) {
  const employer = (union: string) => refs.employerOfUnion.get(union)!;
  const riderAccount = DEMO_ACCOUNTS.find((a) => a.username === 'rider')!;
  const workerAccount = DEMO_ACCOUNTS.find((a) => a.username === 'worker')!;
  await buildMember(tx, cipher, {
    organisationId: refs.id('riders-meituan'),
    name: riderAccount.displayName,
    idNumber: riderAccount.idNumber!,
    mobile: riderAccount.mobile!,
    employerId: employer('riders-meituan').id,
    employmentForm: 'gig',
    jobType: 'rider',
    platform: '美团',
    monthlyWageFen: 720_000,
    joinedOn: '2024-03-01',
    userId: refs.users.get('rider')!,
  });
  await buildMember(tx, cipher, {
    organisationId: refs.id('nanshan-electronics'),
    name: workerAccount.displayName,
    idNumber: workerAccount.idNumber!,
    mobile: workerAccount.mobile!,
    employerId: employer('nanshan-electronics').id,
    monthlyWageFen: 860_000,
    joinedOn: '2015-06-18',
    userId: refs.users.get('worker')!,
  });
  for (const [username, wage, joinedOn] of [
    ['rep.sun', 780_000, '2016-03-01'],
    ['rep.zheng', 1_450_000, '2019-07-15'],
  ] as const) {
    const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
    await buildMember(tx, cipher, {
      organisationId: refs.id('nanshan-electronics'),
      name: account.displayName,
      idNumber: account.idNumber!,
      mobile: account.mobile!,
      employerId: employer('nanshan-electronics').id,
      monthlyWageFen: wage,
      joinedOn,
      userId: refs.users.get(username)!,
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
    cipher,
    unions.map(([key, jobType, platform]) => ({
      organisationId: refs.id(key),
      employerId: employer(key).id,
      regionCode: employer(key).regionCode,
      ...(jobType ? { gig: { jobType, platform: platform! } } : {}),
    })),
    30,
  );
  await seedDemocracy(
    tx,
    refs.id('nanshan-electronics'),
    ['worker', 'rep.sun', 'rep.zheng'].map((username) => refs.users.get(username)!),
  );
  await seedRights(tx, {
    desk: refs.id('tianhe'),
    riders: refs.id('tianhe-riders'),
    reporter: refs.users.get('rider')!,
    mediator: refs.users.get('mediator')!,
  });
  await seedAssistance(tx, cipher, {
    province: refs.id('province'),
    city: refs.id('guangzhou'),
    district: refs.id('tianhe'),
    cadre: refs.users.get('gz.cadre')!,
    riderUser: refs.users.get('rider')!,
  });
}
