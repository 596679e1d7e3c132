/**
 * Members for the benchmarks: a roster file as a federation would upload it, with valid unique
 * ID numbers, names drawn by realistic surname frequency, mobiles, employers and ~21% gig workers.
 */

import { once } from 'node:events';
import fs from 'node:fs';
import { computeIdNumberCheckChar } from '@gonghui/contract';
import ExcelJS from 'exceljs';
import { createRandom, type EmployerRow, type OrganisationRow } from './generate';

// The most common surnames with rough shares (per mille) of the population.
const SURNAMES: [string, number][] = [
  ['王', 72],
  ['李', 72],
  ['张', 68],
  ['刘', 53],
  ['陈', 45],
  ['杨', 31],
  ['黄', 23],
  ['赵', 22],
  ['吴', 21],
  ['周', 21],
  ['徐', 17],
  ['孙', 15],
  ['马', 15],
  ['朱', 14],
  ['胡', 13],
  ['郭', 12],
  ['何', 12],
  ['林', 12],
  ['罗', 11],
  ['高', 11],
  ['郑', 10],
  ['梁', 10],
  ['谢', 9],
  ['宋', 8],
  ['唐', 8],
  ['许', 7],
  ['韩', 7],
  ['冯', 7],
  ['邓', 7],
  ['曹', 6],
  ['彭', 6],
  ['曾', 6],
  ['肖', 6],
  ['田', 5],
  ['董', 5],
  ['袁', 5],
  ['潘', 5],
  ['于', 5],
  ['蒋', 5],
  ['蔡', 5],
  ['欧阳', 1],
  ['司马', 1],
];
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红玉兰秀梅海波辉鹏飞宇浩然子涵欣怡思雨晨阳博文雪婷俊凯嘉琪梓萱晓东春燕'.split(
    '',
  );
const JOBS = [
  'rider',
  'rider',
  'rider',
  'courier',
  'courier',
  'ride_hailing',
  'truck_driver',
  'domestic',
  'online_seller',
];
export const JOB_WORDS: Record<string, string> = {
  rider: '外卖骑手',
  courier: '快递员',
  ride_hailing: '网约车司机',
  truck_driver: '货车司机',
  domestic: '家政服务员',
  online_seller: '网络主播',
};
const PLATFORMS: Record<string, string[]> = {
  rider: ['美团', '饿了么'],
  courier: ['顺丰', '京东物流', '中通'],
  ride_hailing: ['滴滴', '曹操出行'],
  truck_driver: ['货拉拉', '满帮'],
  domestic: ['58到家'],
  online_seller: ['抖音', '快手'],
};

export const ROSTER_HEADER = [
  '姓名',
  '身份证号',
  '手机号',
  '用人单位统一社会信用代码',
  '就业形态',
  '职业类别',
  '平台',
  '月工资（元）',
  '入会日期',
  '所在工会编号',
];

export interface RosterSource {
  unions: OrganisationRow[];
  employersByUnion: Map<number, EmployerRow[]>;
}

export function rosterSource(
  organisations: readonly OrganisationRow[],
  employers: readonly EmployerRow[],
): RosterSource {
  const unions = organisations.filter((o) => o.level === 'grassroots');
  const employersByUnion = new Map<number, EmployerRow[]>();
  for (const employer of employers) {
    if (employer.coveringUnionId === null) continue;
    const list = employersByUnion.get(employer.coveringUnionId) ?? [];
    list.push(employer);
    employersByUnion.set(employer.coveringUnionId, list);
  }
  return { unions, employersByUnion };
}

const cumulative = (() => {
  let total = 0;
  return SURNAMES.map(([name, weight]) => {
    total += weight;
    return [name, total] as const;
  });
})();
const SURNAME_TOTAL = cumulative[cumulative.length - 1]![1];

/** The i-th member's row; unique ID numbers and mobiles for i below 16 million. */
export function memberRow(source: RosterSource, i: number, seed = 11): string[] {
  const random = createRandom(seed * 1_000_003 + i);
  const draw = random.next() * SURNAME_TOTAL;
  const surname = cumulative.find(([, upTo]) => draw < upTo)![0];
  const given = random.pick(GIVEN) + (random.next() < 0.8 ? random.pick(GIVEN) : '');
  const union = source.unions[i % source.unions.length]!;
  // A distinct birth date per i (about 44 years of days), then a sequence for the next round.
  const birth = new Date(Date.UTC(1962, 0, 1) + (i % 16_000) * 86_400_000);
  const sequence = String(Math.floor(i / 16_000) % 1000).padStart(3, '0');
  const first17 = `${union.regionCode}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${sequence}`;
  const gig = random.next() < 0.21;
  const job = gig ? random.pick(JOBS) : null;
  const employers = source.employersByUnion.get(union.id) ?? [];
  const employer = !gig && employers.length > 0 ? random.pick(employers).uscc : '';
  const joined = new Date(Date.UTC(2010, 0, 1) + random.int(16 * 365) * 86_400_000);
  return [
    `${surname}${given}`,
    first17 + computeIdNumberCheckChar(first17),
    `1${3 + (i % 7)}${String(i).padStart(9, '0')}`,
    employer,
    gig ? '新就业形态' : '职工',
    job ? JOB_WORDS[job]! : '',
    job ? random.pick(PLATFORMS[job]!) : '',
    String(3000 + random.int(12_000)),
    joined.toISOString().slice(0, 10),
    String(union.id),
  ];
}

/** Writes rows [from, to) as a UTF-8 CSV with a header, streamed. */
export async function writeRosterCsv(file: string, source: RosterSource, from: number, to: number) {
  const out = fs.createWriteStream(file);
  out.write(`${ROSTER_HEADER.join(',')}\n`);
  let chunk: string[] = [];
  for (let i = from; i < to; i++) {
    chunk.push(memberRow(source, i).join(','));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.write(chunk.length ? `${chunk.join('\n')}\n` : '');
  out.end();
  await once(out, 'finish');
}

/** The same rows as an .xlsx workbook, streamed, with text cells for numbers as a careful cadre would. */
export async function writeRosterXlsx(file: string, source: RosterSource, from: number, to: number) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('会员名册');
  sheet.addRow(ROSTER_HEADER).commit();
  for (let i = from; i < to; i++) sheet.addRow(memberRow(source, i)).commit();
  sheet.commit();
  await workbook.commit();
}
