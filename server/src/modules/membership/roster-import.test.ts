import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkIdNumber } from '@gonghui/contract';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, login, type Session, type TestApp, testConfig } from '../../../test/helpers';
import type { RequestContext } from '../../platform/access';
import { createLogSmsProvider } from '../../platform/sms';
import { createLogWechatProvider } from '../../platform/wechat';
import { holdImportLock } from './imports.repository';
import { abandonedImportsJob, failInterruptedImports, IMPORT_START_GRACE_SECONDS } from './membership.jobs';
import { buildMember, makeIdNumber } from './membership.seed';
import { runRosterImportInWorker } from './roster-import.runner';
import { createRosterImport, runRosterImport } from './roster-import.service';

// The real runner, watched: an upload over HTTP must go through it (a worker thread under the cap).
vi.mock('./roster-import.runner', async (original) => {
  const actual = await original<typeof import('./roster-import.runner')>();
  return { ...actual, runRosterImportInWorker: vi.fn(actual.runRosterImportInWorker) };
});

let t: TestApp;
let cadre: Session;
let organisationId: number;
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-test-'));

beforeAll(async () => {
  t = await createTestApp();
  cadre = await login(t.app, 'gz.cadre');
  const found = await t.app.inject({
    method: 'GET',
    url: `/api/v1/organisations?q=${encodeURIComponent('珠江新城酒店管理有限公司工会')}`,
    headers: cadre.headers,
  });
  organisationId = found.json().items[0].id;
});
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
  await t.close();
});

function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----gonghui${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(fileName: string, content: Buffer, dryRun: boolean, session = cadre) {
  const body = multipart(fileName, content);
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/membership/imports?organisationId=${organisationId}&dryRun=${dryRun}`,
    headers: { ...session.headers, ...body.headers },
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(202);
  const id = response.json().id as string;
  expect(runRosterImportInWorker).toHaveBeenLastCalledWith(
    expect.anything(),
    expect.anything(),
    expect.objectContaining({ id }),
    expect.anything(),
  );
  for (;;) {
    const job = (
      await t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${id}`, headers: session.headers })
    ).json();
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** gz.cadre managing the test union, as the services see a request. */
async function cadreContext(): Promise<RequestContext> {
  const [user] = (await t.db.execute(sql`SELECT id FROM users WHERE username = 'gz.cadre'`)).rows;
  const [union] = (await t.db.execute(sql`SELECT path::text AS path FROM organisations WHERE id = ${organisationId}`))
    .rows;
  return {
    actor: {
      userId: user!.id as string,
      displayName: '李晓华',
      kind: 'cadre',
      via: 'session',
      sessionId: null,
      roles: [],
      grants: new Map([['member.manage', [union!.path as string]]]),
    },
    requestId: 'test',
    ip: '127.0.0.1',
  };
}

/** The problem keys of an import's rejected rows, in row order (each row's problems in order). */
async function problemKeys(importId: string): Promise<string[]> {
  const rows = await t.db.execute<{ key: string }>(
    sql`SELECT p->>'messageKey' AS key FROM roster_import_errors, jsonb_array_elements(problems) p
         WHERE import_id = ${importId} ORDER BY row_number`,
  );
  return rows.rows.map((r) => r.key);
}

async function countMembers() {
  const result = await t.db.execute(
    sql`SELECT count(*)::int AS n FROM members WHERE organisation_id = ${organisationId}`,
  );
  return (result.rows[0] as { n: number }).n;
}

const ok = [
  makeIdNumber('440106', '19900101', 701),
  makeIdNumber('440106', '19900102', 702),
  makeIdNumber('440106', '19900103', 704),
];
const fullWidth = (value: string) => value.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** A roster as people send it: a title row, a header with marks and units, and common defects. */
function defectiveCsv() {
  const lines = [
    '珠江新城酒店工会会员名册（2026年）,,,,,',
    '姓名*, 身份证号码 ,手机号码,就业形态,月工资（元）,入会日期',
    `黄一,${ok[0]},13511110001,职工,"6,000.00",2023-05-06`,
    `黄二 ,${fullWidth(ok[1]!)}  ,13511110002,职工,5000,45000`,
    `黄三,${ok[2]},,灵活就业,,2023年5月6日`,
    '黄四,1.10105E+17,13511110004,职工,5000,2023-05-06',
    `黄五,${ok[0]},13511110005,职工,5000,2023-05-06`,
    `黄六,${makeIdNumber('440106', '19900104', 706)},13511110006,兼职,五千,2023-13-01`,
    `黄七,${makeIdNumber('440305', '19880722', 352)},13511110007,职工,5000,2023-05-06`,
    `黄八,${makeIdNumber('440106', '19900105', 708)},13800138000,职工,5000,2023-05-06`,
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

describe('roster import', () => {
  it('dry-runs a defective CSV: what would be created, and a clear reason for every rejected row', async () => {
    const before = await countMembers();
    const job = await upload('名册.csv', defectiveCsv(), true);
    expect(job).toMatchObject({ status: 'done', dryRun: true, totalRows: 8, createdRows: 3, rejectedRows: 5 });
    expect(await countMembers()).toBe(before);
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/membership/imports/${job.id}/errors`,
      headers: cadre.headers,
    });
    expect(report.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    const reasons = new Map(rows.map((r) => [r[1], String(r[r.length - 1])]));
    expect(reasons.get(6)).toContain('科学计数法（1.10105E+17）');
    expect(reasons.get(7)).toBe('与第3行的身份证号重复');
    expect(reasons.get(8)).toContain('就业形态的值“兼职”不是可选项');
    expect(reasons.get(8)).toContain('月工资应为金额');
    expect(reasons.get(8)).toContain('入会日期无法识别为日期：2023-13-01');
    expect(reasons.get(9)).toBe('此人已是其他工会的会员，需办理转会');
    expect(reasons.get(10)).toBe('该手机号已登记在另一位会员名下');
  });

  it('imports for real, and a re-run changes nothing; a changed row is updated', async () => {
    const before = await countMembers();
    const first = await upload('名册.csv', defectiveCsv(), false);
    expect(first).toMatchObject({ status: 'done', createdRows: 3, rejectedRows: 5, committedRows: 8 });
    expect(await countMembers()).toBe(before + 3);
    const again = await upload('名册.csv', defectiveCsv(), false);
    expect(again).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 3 });
    const changed = defectiveCsv().toString().replace(`黄三,${ok[2]},,`, `黄三,${ok[2]},13511110003,`);
    expect(await upload('名册.csv', Buffer.from(changed), false)).toMatchObject({
      createdRows: 0,
      updatedRows: 1,
      unchangedRows: 2,
    });
    const member = await t.app.inject({ method: 'GET', url: `/api/v1/members?q=${ok[1]}`, headers: cadre.headers });
    expect(member.json().items[0]).toMatchObject({ name: '黄二', joinedOn: '2023-03-15', employmentForm: 'standard' });
  });

  it('reads .xlsx with merged title rows, numeric ID cells and real dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['会员名册']);
    sheet.mergeCells('A1:D1');
    sheet.addRow(['姓名', '身份证号', '手机号', '入会日期']);
    const good = makeIdNumber('440106', '19920202', 711);
    sheet.addRow(['许一', good, '13522220001', new Date(Date.UTC(2022, 0, 3))]);
    // what a spreadsheet stores when an ID number is typed into a number cell
    sheet.addRow(['许二', Number('110105199001011234'), '13522220002', 44000]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const job = await upload('roster.xlsx', buffer, false);
    expect(job).toMatchObject({ status: 'done', format: 'xlsx', createdRows: 1, rejectedRows: 1 });
    const member = (
      await t.app.inject({ method: 'GET', url: `/api/v1/members?q=${good}`, headers: cadre.headers })
    ).json().items[0];
    expect(member.joinedOn).toBe('2022-01-03');
  });

  it('lets a federation import a roster that names each member’s union, within its subtree only', async () => {
    const unionOf = async (name: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/organisations?q=${encodeURIComponent(name)}`,
          headers: cadre.headers,
        })
      ).json().items[0]?.id as number;
    const admin = await login(t.app, 'admin');
    const find = async (name: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/organisations?q=${encodeURIComponent(name)}`,
          headers: admin.headers,
        })
      ).json().items[0].id as number;
    const guangzhou = await find('广州市总工会');
    const hospital = await unionOf('越秀区人民医院工会');
    const shenzhenUnion = await find('南山电子科技股份有限公司工会');
    const csv = [
      '姓名,身份证号,所在工会编号',
      `钟一,${makeIdNumber('440104', '19880808', 901)},${hospital}`,
      `钟二,${makeIdNumber('440104', '19880809', 903)},${shenzhenUnion}`,
    ].join('\n');
    const body = multipart('federation.csv', Buffer.from(csv));
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/membership/imports?organisationId=${guangzhou}&dryRun=false`,
      headers: { ...cadre.headers, ...body.headers },
      payload: body.payload,
    });
    let job = response.json();
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = (
        await t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${job.id}`, headers: cadre.headers })
      ).json();
    }
    expect(job).toMatchObject({ status: 'done', createdRows: 1, rejectedRows: 1 });
    const member = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/members?q=${encodeURIComponent('钟一')}`,
        headers: cadre.headers,
      })
    ).json().items[0];
    expect(member).toMatchObject({ organisationId: hospital, organisationName: '越秀区人民医院工会' });
    expect(member.memberNumber.startsWith('440104')).toBe(true);
  });

  it('reads a CSV saved by Excel on Chinese Windows (GBK)', async () => {
    // 姓名,身份证号,手机号 / 郭靖,440106199308088819,13533330001 encoded as GBK
    const gbk = Buffer.from(
      '0NXD+yzJ7bfd1qS6xSzK1rv6usUNCrn5vrgsNDQwMTA2MTk5MzA4MDg4ODE5LDEzNTMzMzMwMDAxDQo=',
      'base64',
    );
    expect(await upload('gbk.csv', gbk, false)).toMatchObject({ status: 'done', createdRows: 1 });
    const member = await t.app.inject({
      method: 'GET',
      url: '/api/v1/members?q=440106199308088819',
      headers: cadre.headers,
    });
    expect(member.json().items[0].name).toBe('郭靖');
  });

  it('refuses a file without the required columns, and a file that is not a spreadsheet', async () => {
    const job = await upload('bad.csv', Buffer.from('a,b\n1,2\n'), true);
    expect(job).toMatchObject({
      status: 'failed',
      failure: 'membership.header_missing',
      failureParams: { columns: '姓名、身份证号' },
    });
    const body = multipart('photo.png', Buffer.from('xx'));
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/membership/imports?organisationId=${organisationId}`,
      headers: { ...cadre.headers, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode).toBe(415);
  });

  it('keeps exactly the committed batches when a batch fails, and a re-run completes without duplicates', async () => {
    // Distinct valid ID numbers: one birth date per row.
    const rows = ['姓名,身份证号'];
    for (let i = 0; i < 12_000; i++) {
      const birth = new Date(Date.UTC(1960, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
      rows.push(`批量${'甲乙丙丁戊己庚辛壬癸'[i % 10]}员,${makeIdNumber('440106', birth, 1)}`);
    }
    const csvPath = path.join(directory, 'big.csv');
    const context = await cadreContext();
    const deps = { db: t.db, cipher: t.cipher, config: testConfig() };
    // A fault in the third batch: the database refuses one particular row.
    await t.db.execute(sql`CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = '批量故障员' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await t.db.execute(
      sql`CREATE TRIGGER fail_on_marker BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION fail_on_marker()`,
    );
    const faulty = [...rows];
    faulty[11_000] = faulty[11_000]!.replace(/^批量.员/, '批量故障员');
    fs.writeFileSync(csvPath, faulty.join('\n'));
    const before = await countMembers();
    const job = await createRosterImport(deps, context, {
      organisationId,
      dryRun: false,
      fileName: 'big.csv',
      format: 'csv',
    });
    await expect(runRosterImport(deps, context, job, { path: csvPath, format: 'csv' })).rejects.toThrow(
      'injected fault',
    );
    const failed = (
      await t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${job.id}`, headers: cadre.headers })
    ).json();
    expect(failed).toMatchObject({ status: 'failed', committedRows: 10_000 });
    expect(await countMembers()).toBe(before + failed.createdRows);
    expect(failed).toMatchObject({ createdRows: 10_000, rejectedRows: 0 });

    await t.db.execute(sql`DROP TRIGGER fail_on_marker ON members`);
    const rerun = await createRosterImport(deps, context, {
      organisationId,
      dryRun: false,
      fileName: 'big.csv',
      format: 'csv',
    });
    await runRosterImport(deps, context, rerun, { path: csvPath, format: 'csv' });
    const done = (
      await t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${rerun.id}`, headers: cadre.headers })
    ).json();
    expect(done).toMatchObject({
      status: 'done',
      committedRows: 12_000,
      createdRows: 2_000,
      unchangedRows: 10_000,
      rejectedRows: 0,
    });
    expect(await countMembers()).toBe(before + 12_000);
  });
});

describe('what an import may change on members already on the roster', () => {
  const ids = [makeIdNumber('440106', '19850301', 811), makeIdNumber('440106', '19850302', 812)];
  const memberRow = async (idNumber: string) => {
    const rows = await t.db.execute(
      sql`SELECT name, employer_id, residence_region_code, dues_monthly_fen, monthly_wage_enc IS NOT NULL AS has_wage,
                 platform, job_type, employment_form, mobile_hash IS NOT NULL AS has_mobile
            FROM members WHERE id_number_hash = ${t.cipher.blindIndex(idNumber)}`,
    );
    return rows.rows[0] as Record<string, unknown>;
  };
  const csv = (lines: string[]) => Buffer.from(lines.join('\n'));
  let uscc: string;

  beforeAll(async () => {
    const [employer] = (
      await t.db.execute(sql`SELECT uscc FROM employers WHERE province_code = '44' AND uscc IS NOT NULL LIMIT 1`)
    ).rows as { uscc: string }[];
    uscc = employer!.uscc;
    const full = await upload(
      '全量.csv',
      csv([
        '姓名,身份证号,手机号,统一社会信用代码,就业形态,职业类别,平台,常住地区划代码,月工资,入会日期',
        `骑手甲,${ids[0]},13977770001,${uscc},新就业形态,外卖骑手,美团,440106,3500,2024-01-02`,
        `骑手乙,${ids[1]},13977770002,${uscc},新就业形态,快递员,顺丰,440106,4000,2024-01-02`,
      ]),
      false,
    );
    const problems = await t.db.execute(sql`SELECT problems FROM roster_import_errors WHERE import_id = ${full.id}`);
    expect(problems.rows).toEqual([]);
    expect(full).toMatchObject({ status: 'done', createdRows: 2 });
  });

  it('leaves every field whose column the file does not carry untouched', async () => {
    const before = await memberRow(ids[0]!);
    expect(before).toMatchObject({
      dues_monthly_fen: 1750,
      platform: '美团',
      job_type: 'rider',
      employment_form: 'gig',
    });
    expect(before.employer_id).not.toBeNull();
    const thin = await upload(
      '只有三列.csv',
      csv(['姓名,身份证号,手机号', `骑手甲,${ids[0]},13977779999`, `骑手乙,${ids[1]},13977770002`]),
      false,
    );
    expect(thin).toMatchObject({ status: 'done', updatedRows: 1, unchangedRows: 1, cleared: {} });
    // Only the mobile changed; employer, residence, wage (dues base) and gig details are as they were.
    expect(await memberRow(ids[0]!)).toEqual(before);
    const moved = await t.db.execute(
      sql`SELECT count(*)::int AS n FROM members WHERE mobile_hash = ${t.cipher.blindIndex('13977779999')}`,
    );
    expect(moved.rows[0]).toMatchObject({ n: 1 });
  });

  it('clears a field only for an empty cell of a column the file carries, and says so in the dry run', async () => {
    const file = csv(['姓名,身份证号,月工资,平台', `骑手甲,${ids[0]},,美团`, `骑手乙,${ids[1]},4000,`]);
    const dry = await upload('清空.csv', file, true);
    expect(dry).toMatchObject({
      status: 'done',
      dryRun: true,
      updatedRows: 2,
      cleared: { monthlyWage: 1, platform: 1 },
    });
    expect(await memberRow(ids[0]!)).toMatchObject({ dues_monthly_fen: 1750, has_wage: true });
    const real = await upload('清空.csv', file, false);
    expect(real).toMatchObject({ updatedRows: 2, cleared: { monthlyWage: 1, platform: 1 } });
    expect(await memberRow(ids[0]!)).toMatchObject({ dues_monthly_fen: 0, has_wage: false, platform: '美团' });
    expect(await memberRow(ids[1]!)).toMatchObject({ dues_monthly_fen: 2000, platform: null, job_type: 'courier' });
  });

  it('takes an ID number under another name as a conflict: both names reported, nothing renamed', async () => {
    const conflict = await upload('改名.csv', csv(['姓名,身份证号,平台', `别人丙,${ids[1]},饿了么`]), false);
    expect(conflict).toMatchObject({ status: 'done', updatedRows: 0, rejectedRows: 1, conflictRows: 1 });
    expect(await memberRow(ids[1]!)).toMatchObject({ name: '骑手乙', platform: null });
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/membership/imports/${conflict.id}/errors`,
      headers: cadre.headers,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const row = (workbook.worksheets[0]!.getRow(2).values as unknown[]).map(String).join('|');
    expect(row).toContain('别人丙');
    expect(row).toContain('骑手乙');
  });

  it('lets the cadre confirm or reject each conflict, once, audited, within scope', async () => {
    const people = [makeIdNumber('440106', '19860401', 821), makeIdNumber('440106', '19860402', 822)];
    const created = await upload(
      '两人.csv',
      csv(['姓名,身份证号,平台', `王小明,${people[0]},美团`, `张小红,${people[1]},美团`]),
      false,
    );
    expect(created).toMatchObject({ status: 'done', createdRows: 2 });
    const file = csv(['姓名,身份证号,平台', `王晓明,${people[0]},饿了么`, `张晓红,${people[1]},饿了么`]);
    const conflicts = (id: string, session = cadre) =>
      t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${id}/conflicts`, headers: session.headers });
    const decide = (id: string, row: number, decision: string, session = cadre) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/membership/imports/${id}/conflicts/${row}`,
        headers: session.headers,
        payload: { decision },
      });

    // A trial shows the conflicts but decides nothing.
    const trial = await upload('更正.csv', file, true);
    expect(trial).toMatchObject({ conflictRows: 2 });
    expect((await conflicts(trial.id)).json().total).toBe(2);
    const refused = await decide(trial.id, 2, 'confirm');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('membership.import_trial');

    const real = await upload('更正.csv', file, false);
    expect(real).toMatchObject({ status: 'done', updatedRows: 0, conflictRows: 2 });
    const listed = (await conflicts(real.id)).json();
    expect(listed).toMatchObject({
      total: 2,
      items: [
        { rowNumber: 2, nameInFile: '王晓明', nameOnRoster: '王小明', resolution: null },
        { rowNumber: 3, nameInFile: '张晓红', nameOnRoster: '张小红', resolution: null },
      ],
    });
    expect(listed.items[0].idNumber).toBe(`${people[0]!.slice(0, 6)}********${people[0]!.slice(-4)}`);

    // Confirm: the file's row is applied as the import would have, name included.
    const confirmed = await decide(real.id, 2, 'confirm');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ rowNumber: 2, resolution: 'confirmed' });
    expect(await memberRow(people[0]!)).toMatchObject({ name: '王晓明', platform: '饿了么' });
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members?q=${encodeURIComponent('王晓明')}`,
      headers: cadre.headers,
    });
    expect(found.json().total).toBe(1);
    // Reject: the roster is kept.
    expect((await decide(real.id, 3, 'reject')).json()).toMatchObject({ resolution: 'rejected' });
    expect(await memberRow(people[1]!)).toMatchObject({ name: '张小红', platform: '美团' });
    // Each row is decided once; a row that is no conflict is not found.
    for (const [row, decision] of [
      [2, 'reject'],
      [3, 'confirm'],
    ] as const) {
      const again = await decide(real.id, row, decision);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('membership.conflict_decided');
    }
    expect((await decide(created.id, 2, 'confirm')).statusCode).toBe(404);
    const audited = await t.db.execute(
      sql`SELECT action, changes FROM audit_log WHERE subject_id = ${real.id} AND action LIKE 'member.import_conflict%'
           ORDER BY id`,
    );
    expect(audited.rows).toEqual([
      { action: 'member.import_conflict_confirm', changes: { rowNumber: 2, name: { from: '王小明', to: '王晓明' } } },
      { action: 'member.import_conflict_reject', changes: { rowNumber: 3, name: { from: '张小红', to: '张晓红' } } },
    ]);

    // Another city's cadre neither sees nor decides them.
    const other = await login(t.app, 'sz.cadre');
    expect((await conflicts(real.id, other)).statusCode).toBe(404);
    expect((await decide(real.id, 3, 'confirm', other)).statusCode).toBe(404);

    // A member renamed since the import: confirming the old picture is refused, nothing changed.
    const stale = await upload('再改.csv', csv(['姓名,身份证号', `王大明,${people[0]}`]), false);
    await t.db.execute(
      sql`UPDATE members SET name = '王明明' WHERE id_number_hash = ${t.cipher.blindIndex(people[0]!)}`,
    );
    const late = await decide(stale.id, 2, 'confirm');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('membership.conflict_stale');
    expect(await memberRow(people[0]!)).toMatchObject({ name: '王明明' });
    expect((await conflicts(stale.id)).json().items[0].resolution).toBeNull();

    // Named as shown again, but moved out of the import's union since: refused, nothing renamed.
    const elsewhere = (
      await t.db.execute<{ id: number; path: string }>(
        sql`SELECT id, path::text AS path FROM organisations
             WHERE type = 'grassroots' AND status = 'active' AND id <> ${organisationId}
               AND path <@ '1.2'::ltree ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    await t.db.execute(
      sql`UPDATE members SET name = '王晓明', organisation_id = ${elsewhere.id}, organisation_path = ${elsewhere.path}::ltree
           WHERE id_number_hash = ${t.cipher.blindIndex(people[0]!)}`,
    );
    const moved = await decide(stale.id, 2, 'confirm');
    expect(moved.statusCode).toBe(409);
    expect(moved.json().code).toBe('membership.conflict_stale');
    expect(await memberRow(people[0]!)).toMatchObject({ name: '王晓明' });
  });

  it('refuses a batch whose ID column was sorted on its own, and takes a file sorted whole', async () => {
    const surnames = '赵钱孙李周吴郑王冯陈褚卫';
    const people = [...surnames].map((surname, i) => ({
      name: `${surname}师傅`,
      id: makeIdNumber('440106', `1970${String(i + 1).padStart(2, '0')}15`, 830 + i),
    }));
    // On the roster in an order that is not the ID numbers' order.
    const shuffled = [...people].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    expect(shuffled.map((p) => p.id)).not.toEqual([...shuffled.map((p) => p.id)].sort());
    const header = '姓名,身份证号,平台';
    expect(
      await upload('十二人.csv', csv([header, ...shuffled.map((p) => `${p.name},${p.id},美团`)]), false),
    ).toMatchObject({ status: 'done', createdRows: 12 });
    const before = await Promise.all(people.map((p) => memberRow(p.id)));

    // The ID column sorted alone: names stay, IDs move, rows pair people with others' numbers.
    const sortedIds = shuffled.map((p) => p.id).sort();
    const misaligned = csv([header, ...shuffled.map((p, i) => `${p.name},${sortedIds[i]},饿了么`)]);
    for (const dryRun of [true, false]) {
      const job = await upload('排序后.csv', misaligned, dryRun);
      expect(job).toMatchObject({ status: 'failed', failure: 'membership.column_sorted_alone', updatedRows: 0 });
      expect(job.failureParams).toMatchObject({ column: '身份证号' });
    }
    expect(await Promise.all(people.map((p) => memberRow(p.id)))).toEqual(before);

    // The same people sorted by ID number as whole rows: nothing disagrees, the file is applied.
    const whole = [...shuffled].sort((a, b) => (a.id < b.id ? -1 : 1));
    const applied = await upload('整行排序.csv', csv([header, ...whole.map((p) => `${p.name},${p.id},饿了么`)]), false);
    expect(applied).toMatchObject({ status: 'done', updatedRows: 12, conflictRows: 0 });
  });

  it('re-imports the product’s own export without changing anyone, and a masked one row by row as masked', async () => {
    const admin = await login(t.app, 'admin');
    const exported = async (unmasked: boolean) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/members/export?format=xlsx&organisationId=${organisationId}${unmasked ? `&unmasked=true&reason=${encodeURIComponent('名册核对')}` : ''}`,
          headers: admin.headers,
        })
      ).rawPayload;
    const before = await Promise.all(ids.map(memberRow));
    const own = await upload('导出.xlsx', (await exported(true)) as unknown as Buffer, false);
    expect(own).toMatchObject({ status: 'done', createdRows: 0, updatedRows: 0, cleared: {} });
    expect(await Promise.all(ids.map(memberRow))).toEqual(before);
    const masked = await upload('脱敏导出.xlsx', (await exported(false)) as unknown as Buffer, false);
    expect(masked).toMatchObject({ status: 'done', createdRows: 0, updatedRows: 0 });
    expect(masked.rejectedRows).toBe(masked.totalRows);
    expect(new Set(await problemKeys(masked.id))).toEqual(new Set(['import.id_number_masked']));
  });

  it('names IDs whose last digits Excel turned into 000, even one that passes its check digit by chance', async () => {
    // Excel keeps 15 digits of an 18-digit number: the rest become 000. About one cut ID in eleven
    // still passes its check digit; the first below fails it, the second passes.
    const cuts = Array.from({ length: 100 }, (_, n) => `4401061987010${String(n).padStart(2, '0')}000`);
    const failing = cuts.find((id) => checkIdNumber(id) === 'validation.idNumber.checkDigit')!;
    const passing = cuts.find((id) => checkIdNumber(id) === null)!;
    expect(passing).toBeDefined();
    const job = await upload('截断.csv', csv(['姓名,身份证号', `截断一,${failing}`, `截断二,${passing}`]), true);
    expect(job).toMatchObject({ status: 'done', createdRows: 0, rejectedRows: 2 });
    expect(await problemKeys(job.id)).toEqual(['import.id_number_cut', 'import.id_number_cut']);
  });
});

describe('text in a roster, as at every entrance', () => {
  it('stores names without full-width spaces or line breaks, found as typed, and refuses a huge cell', async () => {
    const idNumber = makeIdNumber('440106', '19860303', 841);
    const spaced = makeIdNumber('440106', '19860304', 842);
    const lines = [
      '姓名,身份证号,平台',
      `"欧阳\u3000娜娜\n",${idNumber},美团`,
      `李四,${spaced},${'很'.repeat(2_000_000)}`,
    ];
    const job = await upload('文字.csv', Buffer.from(lines.join('\n')), false);
    expect(job).toMatchObject({ status: 'done', createdRows: 1, rejectedRows: 1 });
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members?q=${encodeURIComponent('欧阳娜娜')}`,
      headers: cadre.headers,
    });
    expect(found.json().items.map((m: { name: string }) => m.name)).toEqual(['欧阳娜娜']);
    expect(await problemKeys(job.id)).toEqual(['import.too_long']);
  });
});

describe('dates in a roster', () => {
  it('refuses a future join date as future, and reads dates with a time', async () => {
    const lines = [
      '姓名,身份证号,入会日期',
      `将来,${makeIdNumber('440106', '19860101', 821)},2099-01-01`,
      `带时间,${makeIdNumber('440106', '19860102', 822)},2021/3/5 8:30`,
    ];
    const job = await upload('日期.csv', Buffer.from(lines.join('\n')), true);
    expect(job).toMatchObject({ status: 'done', createdRows: 1, rejectedRows: 1 });
    const problems = await t.db.execute(
      sql`SELECT p->>'messageKey' AS key, p->'params'->>'value' AS value FROM roster_import_errors, jsonb_array_elements(problems) p WHERE import_id = ${job.id}`,
    );
    expect(problems.rows).toEqual([{ key: 'import.date_future', value: '2099-01-01' }]);
  });
});

describe('imports in a worker thread, as the console runs them', () => {
  /** A one-row CSV and its import job, created as the console creates one. */
  async function oneRowJob(deps: Parameters<typeof createRosterImport>[0], fileName: string, row: string) {
    const filePath = path.join(directory, fileName);
    fs.writeFileSync(filePath, `姓名,身份证号\n${row}\n`);
    const job = await createRosterImport(deps, await cadreContext(), {
      organisationId,
      dryRun: false,
      fileName,
      format: 'csv',
    });
    return { job, file: { path: filePath, format: 'csv' as const } };
  }
  const jobAsSeen = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/membership/imports/${id}`, headers: cadre.headers })).json();
  const auditOf = async (id: string) =>
    (await t.db.execute(sql`SELECT changes FROM audit_log WHERE action = 'member.import' AND subject_id = ${id}`)).rows;

  it('run in a worker thread under the heap cap: one that exceeds it fails alone, audited, the roster untouched', async () => {
    const context = await cadreContext();
    const base = testConfig();
    // A cap no import fits in (the configuration accepts 64 MB at least; the thread is told 8).
    const deps = {
      db: t.db,
      cipher: t.cipher,
      config: { ...base, membership: { ...base.membership, importHeapMb: 8 } },
    };
    const row = `封顶测试,${makeIdNumber('440106', '19850315', 909)}`;
    const before = await countMembers();
    const { job, file } = await oneRowJob(deps, 'capped.csv', row);
    await expect(runRosterImportInWorker(deps, context, job, file)).rejects.toMatchObject({
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
    expect(await jobAsSeen(job.id)).toMatchObject({
      status: 'failed',
      failure: 'membership.import_out_of_memory',
      failureParams: { limitMb: '8' },
      committedRows: 0,
    });
    expect(await countMembers()).toBe(before);
    expect(await auditOf(job.id)).toEqual([
      { changes: expect.objectContaining({ committed: 0, failure: 'membership.import_out_of_memory' }) },
    ]);

    // The same file under the configured cap goes in, in a worker too.
    const rerun = await oneRowJob({ ...deps, config: base }, 'capped.csv', row);
    await runRosterImportInWorker({ ...deps, config: base }, context, rerun.job, rerun.file);
    expect(await jobAsSeen(rerun.job.id)).toMatchObject({ status: 'done', committedRows: 1, createdRows: 1 });
    expect(await countMembers()).toBe(before + 1);
  });

  it('a worker that dies before it settles its import for another reason fails it as stopped, audited', async () => {
    const context = await cadreContext();
    // The server's own connections work; the worker's are refused (its database does not exist),
    // so it dies before the import could record anything.
    const refused = new URL(t.testDb.url);
    refused.pathname = '/no_such_database';
    const db = Object.create(t.db) as typeof t.db;
    Object.defineProperty(db, '$client', { value: { options: { connectionString: refused.toString() } } });
    const deps = { db, cipher: t.cipher, config: testConfig() };
    const before = await countMembers();
    const { job, file } = await oneRowJob(deps, 'stopped.csv', `中断测试,${makeIdNumber('440106', '19850316', 919)}`);
    await expect(runRosterImportInWorker(deps, context, job, file)).rejects.toThrow(/no_such_database/);
    expect(await jobAsSeen(job.id)).toMatchObject({
      status: 'failed',
      failure: 'membership.import_stopped',
      committedRows: 0,
    });
    expect(await countMembers()).toBe(before);
    expect(await auditOf(job.id)).toEqual([
      { changes: expect.objectContaining({ committed: 0, failure: 'membership.import_stopped' }) },
    ]);
  });
});

describe('imports cut off by a restart', () => {
  it('fails only the running imports no process holds, not one another server is running', async () => {
    const context = await cadreContext();
    const deps = { db: t.db, cipher: t.cipher, config: testConfig() };
    const held = await createRosterImport(deps, context, {
      organisationId,
      dryRun: true,
      fileName: 'a.csv',
      format: 'csv',
    });
    const orphan = await createRosterImport(deps, context, {
      organisationId,
      dryRun: true,
      fileName: 'b.csv',
      format: 'csv',
    });
    const release = await holdImportLock(t.db, held.id);
    await failInterruptedImports(deps);
    const status = async (id: string) =>
      (await t.db.execute(sql`SELECT status FROM roster_imports WHERE id = ${id}`)).rows[0]!.status;
    expect(await status(held.id)).toBe('running');
    expect(await status(orphan.id)).toBe('failed');
    await release();
    await failInterruptedImports(deps);
    expect(await status(held.id)).toBe('failed');
  });

  it('fails, while the server runs, an import whose process died, once its start-up grace is over', async () => {
    const context = await cadreContext();
    const deps = {
      db: t.db,
      cipher: t.cipher,
      config: testConfig(),
      rolePermissions: new Map(),
      sms: createLogSmsProvider(() => {}),
      wechat: createLogWechatProvider(() => {}),
    };
    const create = (fileName: string) =>
      createRosterImport(deps, context, { organisationId, dryRun: true, fileName, format: 'csv' });
    const [starting, dead, alive] = [await create('s.csv'), await create('d.csv'), await create('a.csv')];
    const release = await holdImportLock(t.db, alive.id);
    // The dead one's and the live one's last beat were long ago; the starting one's is fresh.
    await t.db.execute(
      sql`UPDATE roster_imports SET heartbeat_at = now() - interval '5 minutes' WHERE id IN (${dead.id}, ${alive.id})`,
    );
    await abandonedImportsJob.run(deps, () => undefined);
    const status = async (id: string) =>
      (await t.db.execute(sql`SELECT status, failure FROM roster_imports WHERE id = ${id}`)).rows[0];
    expect(await status(starting.id)).toMatchObject({ status: 'running' });
    expect(await status(dead.id)).toMatchObject({ status: 'failed' });
    expect(await status(alive.id)).toMatchObject({ status: 'running' });
    await release();
    expect(abandonedImportsJob.everySeconds * 1000 + IMPORT_START_GRACE_SECONDS * 1000).toBeLessThanOrEqual(60_000);
  });

  it('reports progress as the share of the file read', async () => {
    const lines = [
      '姓名,身份证号',
      ...Array.from(
        { length: 50 },
        (_, i) => `进度${String.fromCharCode(0x4e00 + i)},${makeIdNumber('440106', '19750101', 300 + i)}`,
      ),
    ];
    const content = Buffer.from(lines.join('\n'));
    const job = await upload('进度.csv', content, true);
    expect(job).toMatchObject({ status: 'done', fileBytes: content.length, readBytes: content.length });
  });
});

describe('roster export', () => {
  it('exports masked by default; unmasked only with the permission and a reason, audited', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members/export?format=csv&organisationId=${organisationId}`,
      headers: cadre.headers,
    });
    expect(csv.statusCode).toBe(200);
    const text = csv.body.replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toContain('会员编号,姓名,身份证号');
    expect(text).toContain(`${ok[0]!.slice(0, 6)}********${ok[0]!.slice(14)}`);
    expect(text).not.toContain(ok[0]);

    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/members/export?unmasked=true&reason=核对',
      headers: cadre.headers,
    });
    expect(refused.statusCode).toBe(403);
    const admin = await login(t.app, 'admin');
    const noReason = await t.app.inject({
      method: 'GET',
      url: '/api/v1/members/export?unmasked=true',
      headers: admin.headers,
    });
    expect(noReason.statusCode).toBe(422);
    const full = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members/export?format=xlsx&unmasked=true&reason=${encodeURIComponent('年度会籍核查')}&organisationId=${organisationId}`,
      headers: admin.headers,
    });
    expect(full.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(full.rawPayload as unknown as ArrayBuffer);
    const ids = (workbook.worksheets[0]!.getColumn(3).values as unknown[]).map(String);
    expect(ids).toContain(ok[0]);
    const audit = await t.db.execute(
      sql`SELECT changes FROM audit_log WHERE action = 'member.export_unmasked' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toMatchObject({ changes: { reason: '年度会籍核查' } });
  });

  it('is safe to open and keeps names that are numbers as text, in the reader’s language', async () => {
    const idNumber = makeIdNumber('440106', '19920202', 833);
    await buildMember(t.db, t.cipher, {
      organisationId,
      name: '公式人',
      idNumber,
      mobile: '13677778888',
      platform: '=HYPERLINK("http://x","y")',
      employmentForm: 'gig',
      jobType: 'rider',
    });
    const admin = await login(t.app, 'admin');
    const exported = (format: string, locale: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/members/export?format=${format}&unmasked=true&reason=${encodeURIComponent('核对名册')}&organisationId=${organisationId}&q=${idNumber}`,
        headers: { ...admin.headers, 'accept-language': locale },
      });
    const csv = (await exported('csv', 'zh-CN')).body.replace(/^\uFEFF/, '').split('\r\n');
    const row = csv.find((line) => line.includes('公式人'))!.split(',');
    expect(row[2]).toBe(`\t${idNumber}`); // a tab: office software keeps it text, an import trims it
    expect(row[3]).toBe('\t13677778888');
    expect(row[0]).toMatch(/^\t\d+$/);
    expect(row.slice(4)).toEqual(expect.arrayContaining(['男', '新就业形态', '外卖骑手', '正常']));
    expect(csv.join('\n')).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported('xlsx', 'en')).rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === '公式人')!;
    expect(line.getCell(3).value).toBe(idNumber);
    expect(line.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getColumn(3).numFmt).toBe('@');
    expect(line.getCell(11).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect([5, 9, 10, 12].map((c) => line.getCell(c).value)).toEqual([
      'Male',
      'Gig / platform work',
      'Delivery rider',
      'Active',
    ]);
    // The CSV, as exported, imports back without changing anyone.
    const again = await upload('导出.csv', (await exported('csv', 'zh-CN')).rawPayload, false);
    expect(again).toMatchObject({ status: 'done', createdRows: 0, updatedRows: 0, rejectedRows: 0 });
  });

  it('neutralises the file’s own cells in the error report', async () => {
    const job = await upload(
      '公式.csv',
      Buffer.from(`姓名,身份证号\n=1+1,${makeIdNumber('440106', '19920203', 834)}\n`),
      true,
    );
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/membership/imports/${job.id}/errors`,
      headers: cadre.headers,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(2).getCell(2).value).toBe("'=1+1");
  });

  it('serves the template with Chinese headers', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/membership/imports/template',
      headers: cadre.headers,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([
      undefined,
      '姓名*',
      '身份证号*',
      '手机号',
      '用人单位统一社会信用代码',
      '就业形态',
      '职业类别',
      '平台',
      '常住地区划代码',
      '月工资（元）',
      '入会日期',
      '所在工会编号',
    ]);
  });
});
