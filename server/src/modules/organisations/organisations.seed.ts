import { computeUsccCheckChar, type OrganisationLevel, type OrganisationType } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { Demo } from '../../platform/demo';
import * as repo from './organisations.repository';

export interface OrganisationSpec {
  key: string;
  name: string;
  type: OrganisationType;
  level: OrganisationLevel;
  regionCode: string;
  children?: OrganisationSpec[];
}

/** Inserts a tree of organisations; returns each one's id by key. Used by the demo and by tests. */
export async function buildOrganisationTree(
  db: Executor,
  root: OrganisationSpec,
  parent?: { id: number; path: string },
) {
  const ids = new Map<string, number>();
  const insert = async (spec: OrganisationSpec, under?: { id: number; path: string }) => {
    const { key, children, ...values } = spec;
    const row = await repo.insertOrganisation(db, under ?? null, values);
    ids.set(key, row.id);
    for (const child of children ?? []) await insert(child, row);
  };
  await insert(root, parent);
  return ids;
}

/** A valid credit code for seeds and tests: registration type 91 (enterprise), region, serial. */
export function makeUscc(regionCode: string, serial: number): string {
  const body = `91${regionCode}${String(serial).padStart(9, '0')}`;
  return body + computeUsccCheckChar(body);
}

export async function buildEmployer(
  db: Executor,
  values: {
    name: string;
    regionCode: string;
    serial: number;
    organisationId: number;
    coveringUnionId?: number | null;
    employeeCount?: number;
    industryCode?: string;
    ownershipType?: string;
  },
) {
  return repo.insertEmployer(db, {
    name: values.name,
    uscc: makeUscc(values.regionCode, values.serial),
    industryCode: values.industryCode ?? 'I',
    ownershipType: values.ownershipType ?? 'private',
    regionCode: values.regionCode,
    employeeCount: values.employeeCount ?? 100,
    organisationId: values.organisationId,
    coveringUnionId: values.coveringUnionId ?? null,
  });
}

const grassroots = (
  key: string,
  name: string,
  regionCode: string,
  type: OrganisationType = 'grassroots',
): OrganisationSpec => ({
  key,
  name,
  type,
  level: 'grassroots',
  regionCode,
});

/** One province, two cities, their districts, streets and parks, about twenty grassroots unions. */
export const DEMO_TREE: OrganisationSpec = {
  key: 'province',
  name: '广东省总工会',
  type: 'federation',
  level: 'provincial',
  regionCode: '440000',
  children: [
    {
      key: 'guangzhou',
      name: '广州市总工会',
      type: 'federation',
      level: 'city',
      regionCode: '440100',
      children: [
        {
          key: 'gz-holding',
          name: '广州市新就业形态劳动者入会周转库',
          type: 'holding_union',
          level: 'street',
          regionCode: '440100',
        },
        {
          key: 'tianhe',
          name: '天河区总工会',
          type: 'federation',
          level: 'county',
          regionCode: '440106',
          children: [
            {
              key: 'shipai',
              name: '石牌街道总工会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440106',
              children: [
                grassroots('tianhe-software', '天河软件园科技有限公司工会', '440106'),
                grassroots('zhujiang-hotel', '珠江新城酒店管理有限公司工会', '440106'),
                grassroots('shipai-joint', '石牌街道小微企业联合工会', '440106', 'joint_grassroots'),
              ],
            },
            {
              key: 'tianhe-riders',
              name: '天河区快递外卖行业工会联合会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440106',
              children: [
                grassroots('riders-meituan', '天河区美团外卖骑手工会', '440106'),
                grassroots('riders-express', '天河区快递员工会', '440106'),
              ],
            },
          ],
        },
        {
          key: 'yuexiu',
          name: '越秀区总工会',
          type: 'federation',
          level: 'county',
          regionCode: '440104',
          children: [
            {
              key: 'beijinglu',
              name: '北京街道总工会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440104',
              children: [
                grassroots('yuexiu-hospital', '越秀区人民医院工会', '440104'),
                grassroots('yuexiu-store', '北京路百货有限公司工会', '440104'),
                grassroots('yuexiu-school', '越秀区第一中学工会', '440104'),
              ],
            },
          ],
        },
      ],
    },
    {
      key: 'shenzhen',
      name: '深圳市总工会',
      type: 'federation',
      level: 'city',
      regionCode: '440300',
      children: [
        {
          key: 'sz-holding',
          name: '深圳市新就业形态劳动者入会周转库',
          type: 'holding_union',
          level: 'street',
          regionCode: '440300',
        },
        {
          key: 'nanshan',
          name: '南山区总工会',
          type: 'federation',
          level: 'county',
          regionCode: '440305',
          children: [
            {
              key: 'sz-bay-park',
              name: '深圳湾科技园区工会联合会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440305',
              children: [
                {
                  ...grassroots('nanshan-electronics', '南山电子科技股份有限公司工会', '440305'),
                  children: [
                    {
                      key: 'electronics-branch',
                      name: '生产部分会',
                      type: 'branch',
                      level: 'branch',
                      regionCode: '440305',
                    },
                  ],
                },
                grassroots('nanshan-software', '深圳湾软件有限公司工会', '440305'),
                grassroots('nanshan-bio', '南山生物医药有限公司工会', '440305'),
                grassroots('nanshan-park-joint', '深圳湾科技园小微企业联合工会', '440305', 'joint_grassroots'),
              ],
            },
            {
              key: 'nanshan-drivers',
              name: '南山区货车司机和网约车司机行业工会联合会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440305',
              children: [
                grassroots('truck-drivers', '南山区货车司机工会', '440305'),
                grassroots('ride-hailing', '南山区网约车司机工会', '440305'),
              ],
            },
          ],
        },
        {
          key: 'futian',
          name: '福田区总工会',
          type: 'federation',
          level: 'county',
          regionCode: '440304',
          children: [
            {
              key: 'futian-cbd',
              name: '福田中心区街道总工会',
              type: 'joint_union',
              level: 'street',
              regionCode: '440304',
              children: [
                grassroots('futian-bank', '福田金融服务有限公司工会', '440304'),
                grassroots('futian-property', '福田物业管理有限公司工会', '440304'),
                grassroots('futian-logistics', '福田物流有限公司工会', '440304'),
                grassroots('futian-domestic', '福田区家政服务员工会', '440304'),
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The demo's employers: name, region, the organisation that keeps them, the union covering them (by key), head count. */
const DEMO_EMPLOYERS: readonly (readonly [string, string, string, string | null, number])[] = [
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

/** The demo federation's tree and employers: the organisations module's part of the demo. */
export async function seedOrganisationsDemo(tx: Executor, demo: Demo) {
  for (const [key, id] of await buildOrganisationTree(tx, DEMO_TREE)) demo.organisations.set(key, id);
  let serial = 1000;
  for (const [name, regionCode, keeper, union, employeeCount] of DEMO_EMPLOYERS) {
    const employer = await buildEmployer(tx, {
      name,
      regionCode,
      serial: serial++,
      organisationId: demo.organisation(keeper),
      coveringUnionId: union ? demo.organisation(union) : null,
      employeeCount,
    });
    if (union) demo.employers.set(union, { id: employer.id, regionCode });
  }
}
