/**
 * Deterministic synthetic data for the benchmarks: an organisation tree for one province and its
 * employers with valid credit codes. Members are in members.ts; cases and votes join as their modules land.
 */
import { computeUsccCheckChar } from '@gonghui/contract';

export const SCALES = {
  smoke: { members: 10_000 },
  city: { members: 1_000_000 },
  province: { members: 10_000_000 },
} as const;
export type Scale = keyof typeof SCALES;

/** mulberry32: small, fast and the same on every machine for a given seed. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

export interface OrganisationRow {
  id: number;
  parentId: number | null;
  path: string;
  name: string;
  type: string;
  level: string;
  regionCode: string;
}

export interface EmployerRow {
  id: number;
  /** The distribution key under Citus: the province of the keeping organisation. */
  provinceCode: string;
  name: string;
  uscc: string;
  industryCode: string;
  ownershipType: string;
  regionCode: string;
  employeeCount: number;
  organisationId: number;
  coveringUnionId: number | null;
}

const CITIES = [
  ['广州', '4401', ['天河', '越秀', '海珠', '白云', '番禺', '黄埔', '花都', '南沙', '从化', '增城', '荔湾']],
  ['深圳', '4403', ['南山', '福田', '罗湖', '宝安', '龙岗', '盐田', '龙华', '坪山', '光明']],
  ['佛山', '4406', ['禅城', '南海', '顺德', '三水', '高明']],
  ['东莞', '4419', ['莞城', '南城', '东城', '万江', '松山湖']],
  ['珠海', '4404', ['香洲', '斗门', '金湾']],
] as const;
const STREET_WORDS = ['新港', '沙河', '龙洞', '员村', '石牌', '棠下', '五山', '车陂', '前进', '凤凰', '兴华', '黄村'];
const COMPANY_WORDS = [
  '华南',
  '粤海',
  '珠江',
  '南方',
  '恒信',
  '宏达',
  '鑫源',
  '德信',
  '安达',
  '锦程',
  '利民',
  '新创',
  '盛世',
  '中粤',
  '明辉',
];
const COMPANY_KINDS = [
  '科技',
  '物流',
  '电子',
  '餐饮',
  '建筑',
  '物业',
  '制造',
  '贸易',
  '信息',
  '医药',
  '快递',
  '汽车服务',
];
const INDUSTRIES = ['C', 'E', 'F', 'G', 'H', 'I', 'K', 'L', 'M', 'O', 'Q'];
const OWNERSHIP = [
  'private',
  'private',
  'private',
  'state_owned',
  'foreign_invested',
  'collective',
  'individual_business',
];

/** One province; grassroots unions at about one per 100 members, spread over cities, districts, streets. */
export function generateOrganisations(scale: Scale, seed = 2026): OrganisationRow[] {
  const random = createRandom(seed);
  const grassrootsTarget = Math.max(20, Math.round(SCALES[scale].members / 100));
  const rows: OrganisationRow[] = [];
  let nextId = 1;
  const add = (parent: OrganisationRow | null, values: Omit<OrganisationRow, 'id' | 'parentId' | 'path'>) => {
    const id = nextId++;
    const row = { id, parentId: parent?.id ?? null, path: parent ? `${parent.path}.${id}` : String(id), ...values };
    rows.push(row);
    return row;
  };
  const province = add(null, { name: '广东省总工会', type: 'federation', level: 'provincial', regionCode: '440000' });
  const districts: OrganisationRow[] = [];
  for (const [city, code, districtNames] of CITIES) {
    const cityRow = add(province, {
      name: `${city}市总工会`,
      type: 'federation',
      level: 'city',
      regionCode: `${code}00`,
    });
    add(cityRow, {
      name: `${city}市新就业形态劳动者入会周转库`,
      type: 'holding_union',
      level: 'street',
      regionCode: `${code}00`,
    });
    districtNames.forEach((district, index) => {
      const regionCode = `${code}${String(index + 3).padStart(2, '0')}`;
      districts.push(
        add(cityRow, { name: `${city}市${district}区总工会`, type: 'federation', level: 'county', regionCode }),
      );
    });
  }
  // About 20 grassroots unions per street, so streets grow with the scale.
  const streetsPerDistrict = Math.max(1, Math.round(grassrootsTarget / 20 / districts.length));
  const streets: OrganisationRow[] = [];
  for (const district of districts) {
    for (let s = 0; s < streetsPerDistrict; s++) {
      const word = random.pick(STREET_WORDS);
      streets.push(
        add(district, {
          name: `${district.name.replace('总工会', '')}${word}街道第${s + 1}工会联合会`,
          type: 'joint_union',
          level: 'street',
          regionCode: district.regionCode,
        }),
      );
    }
  }
  for (let g = 0; g < grassrootsTarget; g++) {
    const street = streets[g % streets.length]!;
    const isJoint = random.next() < 0.1;
    add(street, {
      name: `${random.pick(COMPANY_WORDS)}${random.pick(COMPANY_KINDS)}${isJoint ? '联合工会' : `有限公司工会${g}`}`,
      type: isJoint ? 'joint_grassroots' : 'grassroots',
      level: 'grassroots',
      regionCode: street.regionCode,
    });
  }
  return rows;
}

/** About six employers per grassroots union; most covered by one, the rest kept by their street. */
export function generateEmployers(organisations: readonly OrganisationRow[], seed = 7): EmployerRow[] {
  const random = createRandom(seed);
  const grassroots = organisations.filter((o) => o.level === 'grassroots');
  const streets = new Map(organisations.filter((o) => o.level === 'street').map((o) => [o.id, o]));
  const rows: EmployerRow[] = [];
  let serial = 1;
  for (const union of grassroots) {
    const count = union.type === 'joint_grassroots' ? 12 : 1 + random.int(8);
    for (let e = 0; e < count; e++) {
      const id = serial++;
      const body = `91${union.regionCode}${String(id).padStart(9, '0')}`;
      const covered = union.type === 'joint_grassroots' || e === 0 || random.next() < 0.3;
      rows.push({
        id,
        provinceCode: union.regionCode.slice(0, 2),
        name: `${random.pick(COMPANY_WORDS)}${random.pick(COMPANY_WORDS)}${random.pick(COMPANY_KINDS)}有限公司${id}`,
        uscc: body + computeUsccCheckChar(body),
        industryCode: random.pick(INDUSTRIES),
        ownershipType: random.pick(OWNERSHIP),
        regionCode: union.regionCode,
        employeeCount: 5 + random.int(2000),
        organisationId: covered ? union.id : (streets.get(union.parentId ?? 0)?.id ?? union.id),
        coveringUnionId: covered ? union.id : null,
      });
    }
  }
  return rows;
}

/** Rows as PostgreSQL COPY text: tab-separated, \N for null. */
export function toCopyText<T extends object>(rows: readonly T[], columns: (keyof T)[]): string {
  return rows
    .map((row) => columns.map((column) => (row[column] === null ? '\\N' : String(row[column]))).join('\t'))
    .join('\n')
    .concat('\n');
}
