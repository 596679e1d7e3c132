import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { buildEmployer } from '../organisations/organisations.seed';
import { buildMember, makeIdNumber } from './membership.seed';

let t: TestApp;
let cadre: Session;
let unionId: number;
let employerId: number;
const month = '2026-10';

beforeAll(async () => {
  t = await createTestApp();
  cadre = await login(t.app, 'gz.cadre');
  const unions = await t.app.inject({
    method: 'GET',
    url: `/api/v1/organisations?q=${encodeURIComponent('天河区快递员工会')}`,
    headers: cadre.headers,
  });
  unionId = unions.json().items[0].id;
  // an employer covered by this union, with no demo members
  const employer = await buildEmployer(t.db, {
    name: '天河快递服务有限公司',
    regionCode: '440106',
    serial: 7001,
    organisationId: unionId,
    coveringUnionId: unionId,
    employeeCount: 40,
  });
  employerId = employer.id;
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, session = cadre) =>
  t.app.inject({ method: 'POST', url, headers: session.headers, payload: payload as Record<string, unknown> });

async function courier(n: number, wageYuan: number) {
  return buildMember(t.db, t.cipher, {
    organisationId: unionId,
    name: `快递${'一二三四五六'[n]}`,
    idNumber: makeIdNumber('440106', `1990020${n + 1}`, 800 + n),
    employerId,
    employmentForm: 'gig',
    jobType: 'courier',
    monthlyWageFen: wageYuan * 100,
    joinedOn: '2025-01-01',
  });
}

describe('dues ledger', () => {
  it('expects 0.5% of the wage, records payments exactly once per key, even concurrently', async () => {
    const member = await courier(0, 6001);
    const opened = await post('/api/v1/membership/dues/months', { organisationId: unionId, month });
    expect(opened.json().opened).toBeGreaterThan(0);
    const reopened = await post('/api/v1/membership/dues/months', { organisationId: unionId, month });
    expect(reopened.json().opened).toBe(0);

    const key = randomUUID();
    const same = await Promise.all(
      Array.from({ length: 5 }, () =>
        post('/api/v1/membership/dues/payments', { memberId: member.id, month, amountFen: 1000, idempotencyKey: key }),
      ),
    );
    expect(same.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    const distinct = await Promise.all(
      Array.from({ length: 8 }, () =>
        post('/api/v1/membership/dues/payments', {
          memberId: member.id,
          month,
          amountFen: 100,
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    expect(distinct.every((r) => r.statusCode === 200)).toBe(true);
    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/v1/members/${member.id}`, headers: cadre.headers })
    ).json();
    // 6,001 yuan × 0.5% = 30.005 yuan → 3,001 fen (half up)
    expect(detail.dues[0]).toEqual({ month, expectedFen: 3001, paidFen: 1800 });
    expect(detail.arrearsFen).toBe(1201);
    const arrears = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/membership/dues/arrears?organisationId=${unionId}`,
        headers: cadre.headers,
      })
    ).json();
    expect(arrears.items.find((a: { memberId: number }) => a.memberId === member.id)).toMatchObject({
      owedFen: 1201,
      monthsOwed: 1,
    });
  });

  it('refuses a payment for a month not opened, and one outside scope', async () => {
    const member = await courier(1, 5000);
    const early = await post('/api/v1/membership/dues/payments', {
      memberId: member.id,
      month: '2020-01',
      amountFen: 2500,
      idempotencyKey: randomUUID(),
    });
    expect(early.json()).toMatchObject({ status: 409, code: 'membership.month_not_open' });
    const shenzhen = await login(t.app, 'sz.cadre');
    const foreign = await post(
      '/api/v1/membership/dues/payments',
      { memberId: member.id, month, amountFen: 2500, idempotencyKey: randomUUID() },
      shenzhen,
    );
    expect(foreign.statusCode).toBe(404);
  });
});

describe('check-off reconciliation', () => {
  it('matches the payroll sheet against the roster and queues every discrepancy for a cadre', async () => {
    const exact = await courier(2, 4000); // expects 2,000 fen
    const differs = await courier(3, 8000); // expects 4,000 fen
    const missing = await courier(4, 6000);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('代扣');
    sheet.addRow(['天河快递服务有限公司2026年10月工会会费代扣表']);
    sheet.mergeCells('A1:C1');
    sheet.addRow(['姓名', '身份证号', '代扣会费（元）']);
    sheet.addRow(['快递三', makeIdNumber('440106', '19900203', 802), 20]);
    sheet.addRow(['快递四', makeIdNumber('440106', '19900204', 803), '35.00']);
    sheet.addRow(['路人甲', makeIdNumber('440106', '19850505', 555), 20]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const send = (sentMonth = month) => {
      const boundary = `----b${randomUUID()}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="employerId"\r\n\r\n${employerId}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="month"\r\n\r\n${sentMonth}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="代扣表.xlsx"\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/membership/checkoff',
        headers: { ...cadre.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const badMonth = await send('2026-13');
    expect(badMonth.statusCode).toBe(400);
    expect(badMonth.json().errors).toEqual([
      expect.objectContaining({ field: 'month', message: '月份格式应为 YYYY-MM' }),
    ]);
    const response = await send();
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ rowCount: 3, matchedCount: 1, matchedFen: 2000 });
    expect((await send()).json()).toMatchObject({ code: 'membership.checkoff_duplicate' });

    const queue = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/membership/checkoff/discrepancies?fileId=${response.json().id}`,
        headers: cadre.headers,
      })
    ).json().items as {
      id: number;
      kind: string;
      memberId: number | null;
      fileFen: number | null;
      expectedFen: number | null;
    }[];
    const byMember = (id: number) => queue.find((d) => d.memberId === id);
    expect(byMember(differs.id)).toMatchObject({ kind: 'amount_differs', fileFen: 3500, expectedFen: 4000 });
    expect(byMember(missing.id)).toMatchObject({ kind: 'missing_from_file', expectedFen: 3000 });
    expect(byMember(exact.id)).toBeUndefined();
    expect(queue.find((d) => d.kind === 'unknown_person')).toMatchObject({ memberId: null, fileFen: 2000 });

    const paid = (
      await t.app.inject({ method: 'GET', url: `/api/v1/members/${exact.id}`, headers: cadre.headers })
    ).json();
    expect(paid.dues[0]).toMatchObject({ expectedFen: 2000, paidFen: 2000 });

    const differsId = byMember(differs.id)!.id;
    const resolve = await post(`/api/v1/membership/checkoff/discrepancies/${differsId}/resolve`, {
      resolution: 'record_file_amount',
      note: '单位少扣5元，下月补扣',
    });
    expect(resolve.statusCode).toBe(200);
    expect(
      (
        await post(`/api/v1/membership/checkoff/discrepancies/${differsId}/resolve`, {
          resolution: 'no_action',
          note: '重复',
        })
      ).statusCode,
    ).toBe(409);
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/v1/members/${differs.id}`, headers: cadre.headers })
    ).json();
    expect(after.dues[0]).toMatchObject({ expectedFen: 4000, paidFen: 3500 });
  });
});
