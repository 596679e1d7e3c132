import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { auditLog } from '../../platform/audit.tables';
import { organisations } from '../../platform/organisations.tables';
import { todayInChina } from '../../platform/working-days';
import { members } from '../membership/membership.tables';
import {
  assistanceApplications,
  assistanceBudgets,
  assistanceEvents,
  assistancePayments,
  assistanceProgrammes,
  hardshipFiles,
} from './assistance.tables';

// The demo: Guangzhou runs 金秋助学, 临时救助 and 职工医疗互助 (its members are enrolled); the province
// runs 送温暖. The rider (天河区美团外卖骑手工会) has a hardship file; the worker (Shenzhen) has none.
// gz.cadre and admin approve; sz.cadre and union.cadre (天河软件园, a sibling union) are out of scope.
let t: TestApp;
let rider: Session;
let worker: Session;
let gz: Session;
let sz: Session;
let admin: Session;
let unionCadre: Session;
const programme = new Map<string, number>();
const org = new Map<string, number>();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ACCOUNT = {
  bankName: '中国工商银行广州天河支行',
  accountName: '周小勇',
  accountNumber: '6222 0236 0201 2345 678',
};

beforeAll(async () => {
  t = await createTestApp();
  [rider, worker, gz, sz, admin, unionCadre] = (await Promise.all(
    ['rider', 'worker', 'gz.cadre', 'sz.cadre', 'admin', 'union.cadre'].map((u) => login(t.app, u)),
  )) as [Session, Session, Session, Session, Session, Session];
  for (const row of await t.db.select().from(assistanceProgrammes)) programme.set(row.kind, row.id);
  for (const row of await t.db.select({ id: organisations.id, name: organisations.name }).from(organisations)) {
    org.set(row.name, row.id);
  }
});
afterAll(() => t.close());

function call(
  session: Session | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(session?.headers ?? {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** The console's to-do counts of a cadre, by kind. */
async function todo(session: Session): Promise<Record<string, number>> {
  const response = await call(session, 'GET', '/me/todo');
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries(response.json().items.map((i: { kind: string; count: number }) => [i.kind, i.count]));
}

function upload(session: Session, url: string, content = PDF) {
  const boundary = '----gonghui';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="proof.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
}

type View = {
  id: number;
  version: number;
  stage: string;
  actions: string[];
  payment: { id: number; status: string } | null;
};
async function act(session: Session, id: number, body: Record<string, unknown>, expected = 200) {
  const current = (await call(session, 'GET', `/assistance/applications/${id}`)).json() as View;
  const response = await call(session, 'POST', `/assistance/applications/${id}/actions`, {
    version: current.version,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(expected);
  return response.json() as View & { code?: string; title?: string };
}

const budgetOf = async (kind: string, organisation: string) => {
  const [row] = await t.db
    .select()
    .from(assistanceBudgets)
    .where(
      and(
        eq(assistanceBudgets.programmeId, programme.get(kind)!),
        eq(assistanceBudgets.organisationId, org.get(organisation)!),
      ),
    );
  return row!;
};

const claim = {
  invoiceTotalFen: 2_000_000,
  insurancePaidFen: 1_200_000,
  selfPaidFen: 800_000,
  hospitalDays: 9,
  diagnosisClass: 'general',
};

describe('mutual medical aid: a claim from a phone to a paid batch', () => {
  let applicationId: number;

  it('shows the worker the programmes of their union and whether they may apply', async () => {
    const list = (await call(rider, 'GET', '/assistance/my/programmes')).json() as { items: { kind: string }[] };
    expect(list.items.map((p) => p.kind).sort()).toEqual(['emergency', 'mutual_medical', 'student_aid', 'warmth']);
    const eligibility = (
      await call(rider, 'GET', `/assistance/my/eligibility?programmeId=${programme.get('mutual_medical')}`)
    ).json();
    expect(eligibility).toMatchObject({ eligible: true, blockers: [] });
    // The Shenzhen worker's union is outside Guangzhou: the programme does not exist for her.
    expect(
      (await call(worker, 'GET', `/assistance/my/eligibility?programmeId=${programme.get('mutual_medical')}`))
        .statusCode,
    ).toBe(404);
  });

  it('computes the payout with its working, refuses submission without documents, then takes it', async () => {
    const response = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: programme.get('mutual_medical'),
      reason: '阑尾炎住院手术，医保报销后自付较多。',
      claim,
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as View & {
      limitFen: number;
      payout: { key: string; fen: number }[];
      bankAccount: { accountNumber: string };
    };
    applicationId = created.id;
    // (8,000 − 500 deductible) × 50% = 3,750 yuan, under the 30,000 yuan cap.
    expect(created.limitFen).toBe(375_000);
    expect(created.payout.map((s) => s.fen)).toEqual([800_000, 750_000, 375_000, 375_000]);
    expect(created.bankAccount.accountNumber).toBe('6222 **** **** 5678');
    expect(created.stage).toBe('draft');

    const early = await call(rider, 'POST', `/assistance/my/applications/${created.id}/actions`, {
      action: 'submit',
      version: created.version,
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'assistance.documents_missing' });
    expect(
      early
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['documents.discharge_summary', 'documents.invoice']);

    expect((await upload(rider, `/assistance/my/applications/${created.id}/documents?kind=invoice`)).statusCode).toBe(
      200,
    );
    const withBoth = await upload(rider, `/assistance/my/applications/${created.id}/documents?kind=discharge_summary`);
    expect(withBoth.json().missingDocuments).toEqual([]);
    // The applicant's own download comes from the one document store and is audited like any other.
    const [invoice] = withBoth.json().documents;
    const own = await call(rider, 'GET', `/assistance/my/applications/${created.id}/documents/${invoice.id}`);
    expect(own.statusCode).toBe(200);
    const reads = await t.db.select().from(auditLog).where(eq(auditLog.action, 'assistance.document_read'));
    expect(reads.map((r) => r.changes)).toEqual([expect.objectContaining({ documentId: invoice.id })]);
    const submitted = await call(rider, 'POST', `/assistance/my/applications/${created.id}/actions`, {
      action: 'submit',
      version: withBoth.json().version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().stage).toBe('submitted');
  });

  it('stores the account number encrypted, never in clear', async () => {
    const [row] = await t.db.select().from(assistanceApplications).where(eq(assistanceApplications.id, applicationId));
    expect(row!.accountNumberEnc.toString('latin1')).not.toContain('6222023602012345678');
    expect(t.cipher.decrypt(row!.accountNumberEnc)).toBe('6222023602012345678');
  });

  it('is reviewed from above the union and approved within the budget; the budget moves', async () => {
    // union.cadre manages a sibling union: the application is not theirs to see.
    expect((await call(unionCadre, 'GET', `/assistance/applications/${applicationId}`)).statusCode).toBe(404);
    expect((await call(sz, 'GET', `/assistance/applications/${applicationId}`)).statusCode).toBe(404);
    const reviewed = await act(gz, applicationId, { action: 'review', amountFen: 400_000 }, 422);
    expect(reviewed.code).toBe('validation_failed');
    // The review waits on the federation above (Guangzhou), not on the sibling union.
    const [waiting, siblings] = await Promise.all([todo(gz), todo(unionCadre)]);
    expect(waiting.applicationsAtMyStep).toBeGreaterThanOrEqual(1);
    await act(gz, applicationId, { action: 'review' });
    const [afterReview, siblingsAfter] = await Promise.all([todo(gz), todo(unionCadre)]);
    expect(afterReview.applicationsAtMyStep).toBe(waiting.applicationsAtMyStep! - 1);
    expect(afterReview.applicationsToApprove).toBe(waiting.applicationsToApprove! + 1);
    expect(siblingsAfter).toEqual(siblings);
    const before = await budgetOf('mutual_medical', '广州市总工会');
    const approved = await act(gz, applicationId, { action: 'approve' });
    expect((await todo(gz)).applicationsToApprove).toBe(afterReview.applicationsToApprove! - 1);
    expect(approved.stage).toBe('approved');
    expect(approved.payment?.status).toBe('pending');
    const after = await budgetOf('mutual_medical', '广州市总工会');
    expect(after.committedFen - before.committedFen).toBe(375_000);
    expect(after.paidFen).toBe(before.paidFen);
    // The applicant is told of each step the union took, in their message centre, and no one else is.
    const told = (await call(rider, 'GET', '/messages?category=application')).json();
    expect(told.items.map((m: { kind: string }) => m.kind)).toEqual(['application.approved', 'application.progress']);
    expect(told.items[0]).toMatchObject({
      params: { applicationId },
      link: `/app/assistance/${applicationId}`,
    });
    expect((await call(gz, 'GET', '/messages?category=application')).json().items).toEqual([]);
  });

  it('batches the payment once however often the request is retried, exports the bank file, records the result once', async () => {
    const key = { 'idempotency-key': 'batch-2026-11-mutual-0001' };
    const body = { organisationId: org.get('广州市总工会') };
    const [first, retry] = await Promise.all([
      call(gz, 'POST', '/assistance/batches', body, key),
      call(gz, 'POST', '/assistance/batches', body, key),
    ]);
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.statusCode, retry.body).toBe(201);
    const batch = first.json() as { id: number; payments: { id: number; applicationId: number; amountFen: number }[] };
    expect(retry.json().id).toBe(batch.id);
    const payment = batch.payments.find((p) => p.applicationId === applicationId)!;
    expect(payment.amountFen).toBe(375_000);
    // Nothing pending now: a new key makes no empty batch.
    const empty = await call(gz, 'POST', '/assistance/batches', body, {
      'idempotency-key': 'batch-2026-11-mutual-0002',
    });
    expect(empty.json()).toMatchObject({ code: 'assistance.nothing_to_batch' });

    const early = await call(gz, 'POST', `/assistance/batches/${batch.id}/results`, {
      results: [{ paymentId: payment.id, outcome: 'paid' }],
    });
    expect(early.json()).toMatchObject({ code: 'assistance.batch_state' });

    const file = await call(gz, 'GET', `/assistance/batches/${batch.id}/export?format=xlsx`);
    expect(file.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1, 4)).toEqual(['业务参考号', '收款人户名', '收款账号']);
    const line = rows.find((r) => r[2] === '周小勇')!;
    expect(line.slice(3, 6)).toEqual(['6222023602012345678', ACCOUNT.bankName, '3750.00']);
    const csv = await call(gz, 'GET', `/assistance/batches/${batch.id}/export?format=csv`, undefined, {
      'accept-language': 'en',
    });
    expect(csv.body).toContain('Reference,Account name,Account number');
    const [exportAudit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'assistance.batch_export'));
    expect(exportAudit).toBeDefined();

    const results = { results: [{ paymentId: payment.id, outcome: 'paid' }] };
    const before = await budgetOf('mutual_medical', '广州市总工会');
    const recorded = await call(gz, 'POST', `/assistance/batches/${batch.id}/results`, results);
    expect(recorded.json()).toEqual({ recorded: 1, unchanged: 0 });
    const paidMessages = (await call(rider, 'GET', '/messages?category=application')).json().items;
    expect(paidMessages[0]).toMatchObject({ kind: 'application.paid', params: { applicationId } });
    const again = await call(gz, 'POST', `/assistance/batches/${batch.id}/results`, results);
    expect(again.json()).toMatchObject({ code: 'assistance.batch_state' }); // closed: every payment has a result
    const after = await budgetOf('mutual_medical', '广州市总工会');
    expect(after.paidFen - before.paidFen).toBe(375_000);
    const batches = (await call(gz, 'GET', '/assistance/batches')).json();
    expect(batches.items.find((b: { id: number }) => b.id === batch.id)).toMatchObject({
      status: 'closed',
      count: 1,
      totalFen: 375_000,
      paidFen: 375_000,
    });
    expect((await call(sz, 'GET', '/assistance/batches')).json()).toEqual({ items: [], pending: [] });
    const mine = await call(rider, 'GET', `/assistance/my/applications/${applicationId}`);
    expect(mine.json().payment.status).toBe('paid');
    expect(mine.json().memberName).toBe('周小勇');
  });

  it('caps the next claim at what remains of the yearly cap', async () => {
    await t.db.execute(
      sql`UPDATE assistance_payments SET amount_fen = 2900000 WHERE application_id = ${applicationId}`,
    );
    const response = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: programme.get('mutual_medical'),
      reason: '复查住院，个人自付部分申请互助。',
      claim: { ...claim, diagnosisClass: 'serious' },
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    // 7,500 × 70% = 5,250 would be due, but only 30,000 − 29,000 = 1,000 yuan of the cap is left.
    expect(response.json().limitFen).toBe(100_000);
    await t.db.execute(sql`UPDATE assistance_payments SET amount_fen = 375000 WHERE application_id = ${applicationId}`);
  });
});

describe('student aid: check, review, public notice with objections, two approvers', () => {
  let id: number;
  const apply = (session: Session, extra: Record<string, unknown> = {}) =>
    call(session, 'POST', '/assistance/my/applications', {
      programmeId: programme.get('student_aid'),
      reason: '孩子今年考入大学，家庭困难无力负担学费。',
      schoolLevel: 'university',
      student: { name: '周思远', school: '华南理工大学' },
      bankAccount: ACCOUNT,
      consent: true,
      ...extra,
    });

  it('refuses an applicant without a hardship file, saying which rule failed, in their language', async () => {
    // The rider's file closed (out of hardship): the programme requires an open one.
    const [file] = await t.db.select().from(hardshipFiles);
    await t.db
      .update(hardshipFiles)
      .set({ status: 'closed', closedOn: todayInChina(), closedReason: 'out_of_hardship' })
      .where(eq(hardshipFiles.id, file!.id));
    const refused = await apply(rider);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'assistance.ineligible', title: '不符合本项目的申请条件' });
    expect(refused.json().errors).toEqual([
      { field: 'programmeId', code: 'eligibility.hardship_file', message: '须建有在档的困难职工档案' },
    ]);
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assistance/my/applications',
      headers: { ...rider.headers, 'accept-language': 'en' },
      payload: {
        programmeId: programme.get('student_aid'),
        reason: '孩子今年考入大学，家庭困难无力负担学费。',
        schoolLevel: 'university',
        student: { name: '周思远', school: '华南理工大学' },
        bankAccount: ACCOUNT,
        consent: true,
      },
    });
    expect(english.json().errors[0].message).toBe('An open hardship file');
    await t.db
      .update(hardshipFiles)
      .set({ status: 'open', closedOn: null, closedReason: null })
      .where(eq(hardshipFiles.id, file!.id));
  });

  it('refuses bad input with field messages: no consent, a bad account, a missing school level', async () => {
    const response = await apply(rider, {
      consent: false,
      bankAccount: { ...ACCOUNT, accountNumber: '12ab' },
      schoolLevel: undefined,
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['consent', 'bankAccount.accountNumber']));
    const noLevel = await apply(rider, { schoolLevel: undefined });
    expect(noLevel.statusCode).toBe(422);
    expect(noLevel.json().errors[0]).toMatchObject({ field: 'schoolLevel', message: '请选择就读学段' });
  });

  it('goes through the chain: grassroots check with a home visit, review, notice', async () => {
    const created = await apply(rider);
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    expect(created.json().limitFen).toBe(300_000); // university, relative hardship
    await upload(rider, `/assistance/my/applications/${id}/documents?kind=enrolment_notice`);
    const both = await upload(rider, `/assistance/my/applications/${id}/documents?kind=hardship_proof`);
    await call(rider, 'POST', `/assistance/my/applications/${id}/actions`, {
      action: 'submit',
      version: both.json().version,
    });

    const noVisit = await act(gz, id, { action: 'check' }, 422);
    expect(noVisit.code).toBe('validation_failed');
    const overLimit = await act(
      gz,
      id,
      {
        action: 'check',
        amountFen: 300_001,
        homeVisit: { visitedOn: todayInChina(), visitors: '李晓华、王强', findings: '家中有透析病人，情况属实。' },
      },
      422,
    );
    expect(JSON.stringify(overLimit)).toContain('3,000.00');
    const checked = await act(gz, id, {
      action: 'check',
      amountFen: 300_000,
      homeVisit: { visitedOn: todayInChina(), visitors: '李晓华、王强', findings: '家中有透析病人，情况属实。' },
    });
    expect(checked.stage).toBe('checked');
    const reviewed = await act(gz, id, { action: 'review', amountFen: 300_000 });
    expect(reviewed.actions).toContain('notice');
    const notice = await act(gz, id, { action: 'notice' });
    expect(notice.stage).toBe('notice');
  });

  it('publishes the notice with a masked name, takes objections, and holds approval until the notice ends and objections are answered', async () => {
    const board = await call(null, 'GET', `/assistance/notices?organisationId=${org.get('广州市总工会')}`);
    expect(board.statusCode).toBe(200);
    const item = board.json().items.find((i: { applicationId: number }) => i.applicationId === id);
    expect(item).toMatchObject({ name: '周*勇', unit: '天河区美团外卖骑手工会', amountFen: 300_000, open: true });
    expect(board.body).not.toContain('周小勇');
    expect((await call(rider, 'GET', '/assistance/my/notices')).json().organisationName).toBe('广州市总工会');

    const running = await act(gz, id, { action: 'approve' }, 409);
    expect(running.code).toBe('assistance.notice_running');
    // Not yet on anyone's list to approve while the notice runs.
    const duringNotice = await todo(gz);
    const objection = await call(worker, 'POST', `/assistance/notices/${id}/objections`, {
      text: '据了解其家庭另有商铺出租收入。',
    });
    expect(objection.statusCode).toBe(201);

    // The notice period passes.
    await t.db
      .update(assistanceApplications)
      .set({ noticeEndsOn: '2000-01-10' })
      .where(eq(assistanceApplications.id, id));
    const late = await call(worker, 'POST', `/assistance/notices/${id}/objections`, { text: '再补充一条异议意见。' });
    expect(late.json()).toMatchObject({ code: 'assistance.notice_ended' });
    expect(late.json().title).toContain('2000-01-10');
    const noticeEnded = await todo(gz);
    expect(noticeEnded.applicationsToApprove).toBe(duringNotice.applicationsToApprove! + 1);
    expect(noticeEnded.objectionsToAnswer).toBe(duringNotice.objectionsToAnswer! + 1);
    expect((await act(gz, id, { action: 'approve' }, 409)).code).toBe('assistance.objections_open');

    const view = (await call(gz, 'GET', `/assistance/applications/${id}`)).json() as { objections: { id: number }[] };
    const answered = await call(
      gz,
      'POST',
      `/assistance/applications/${id}/objections/${view.objections[0]!.id}/answer`,
      {
        answer: '经核实，商铺为其父母所有，不属于本家庭收入。',
        upheld: false,
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().stage).toBe('notice');
    expect((await todo(gz)).objectionsToAnswer).toBe(noticeEnded.objectionsToAnswer! - 1);
  });

  it('needs two different approvers at the threshold, then commits the budget of the nearest federation that has one', async () => {
    await t.db
      .update(assistanceProgrammes)
      .set({ dualApprovalFromFen: 300_000 })
      .where(eq(assistanceProgrammes.id, programme.get('student_aid')!));
    const before = await budgetOf('student_aid', '天河区总工会');
    const [gzBefore, adminBefore] = await Promise.all([todo(gz), todo(admin)]);
    const first = await act(gz, id, { action: 'approve' });
    expect(first.stage).toBe('notice');
    // The first approver's list no longer holds it; a second approver's still does.
    const [gzAfter, adminAfter] = await Promise.all([todo(gz), todo(admin)]);
    expect(gzAfter.applicationsToApprove).toBe(gzBefore.applicationsToApprove! - 1);
    expect(adminAfter.applicationsToApprove).toBe(adminBefore.applicationsToApprove);
    expect(first.actions).not.toContain('approve');
    expect((await call(gz, 'GET', `/assistance/applications/${id}`)).json().needsSecondApprover).toBe(true);
    const again = await call(gz, 'POST', `/assistance/applications/${id}/actions`, {
      action: 'approve',
      version: (first as View).version,
    });
    expect(again.json()).toMatchObject({ code: 'assistance.transition_not_allowed' });
    const second = await act(admin, id, { action: 'approve' });
    expect(second.stage).toBe('approved');
    // 天河区总工会 has a student-aid budget, nearer than Guangzhou's: it pays.
    const after = await budgetOf('student_aid', '天河区总工会');
    expect(after.committedFen - before.committedFen).toBe(300_000);
    const events = await t.db.select().from(assistanceEvents).where(eq(assistanceEvents.applicationId, id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'create',
        'submit',
        'check',
        'review',
        'notice',
        'objection',
        'objection_answer',
        'first_approve',
        'approve',
      ]),
    );
  });

  it('does not pay the same household twice for the same need in the period', async () => {
    const again = await apply(rider);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'assistance.already_paid_for_need' });
    const eligibility = (
      await call(rider, 'GET', `/assistance/my/eligibility?programmeId=${programme.get('student_aid')}`)
    ).json();
    expect(eligibility.blockers).toEqual(['need']);
  });

  it('cancelling the payment gives the money back to the budget', async () => {
    const [payment] = await t.db.select().from(assistancePayments).where(eq(assistancePayments.applicationId, id));
    const before = await budgetOf('student_aid', '天河区总工会');
    expect((await call(sz, 'POST', `/assistance/payments/${payment!.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await call(gz, 'POST', `/assistance/payments/${payment!.id}/cancel`);
    expect(cancelled.json()).toEqual({ id: payment!.id, status: 'cancelled' });
    const after = await budgetOf('student_aid', '天河区总工会');
    expect(before.committedFen - after.committedFen).toBe(300_000);
    expect((await call(gz, 'POST', `/assistance/payments/${payment!.id}/cancel`)).statusCode).toBe(409);
  });
});

describe('windows, budgets and refusals', () => {
  it('refuses applications outside the window with the dates', async () => {
    const id = programme.get('emergency')!;
    const [row] = await t.db.select().from(assistanceProgrammes).where(eq(assistanceProgrammes.id, id));
    await t.db
      .update(assistanceProgrammes)
      .set({ opensOn: '2001-01-01', closesOn: '2001-12-31' })
      .where(eq(assistanceProgrammes.id, id));
    const response = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: id,
      requestedFen: 100_000,
      reason: '家中突发火灾，损失严重。',
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'assistance.window_closed' });
    expect(response.json().title).toContain('2001-01-01');
    await t.db
      .update(assistanceProgrammes)
      .set({ opensOn: row!.opensOn, closesOn: row!.closesOn })
      .where(eq(assistanceProgrammes.id, id));
  });

  it('refuses a claim with nothing payable, and a school level the programme does not fund, saying why', async () => {
    const claimBelow = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: programme.get('mutual_medical'),
      reason: '门诊小额费用，申请互助。',
      claim: { ...claim, selfPaidFen: 40_000 },
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(claimBelow.statusCode).toBe(422);
    expect(claimBelow.json().errors[0]).toMatchObject({
      field: 'claim.selfPaidFen',
      code: 'validation.assistance.nothingPayable',
    });
    const id = programme.get('student_aid')!;
    const [row] = await t.db.select().from(assistanceProgrammes).where(eq(assistanceProgrammes.id, id));
    await t.db
      .update(assistanceProgrammes)
      .set({ amount: { kind: 'table', rows: [{ schoolLevel: 'university', fen: 300_000 }] } })
      .where(eq(assistanceProgrammes.id, id));
    await t.db.execute(sql`DELETE FROM assistance_need_claims`);
    const noRow = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: id,
      reason: '孩子今年考入高中，家庭困难。',
      schoolLevel: 'high_school',
      student: { name: '周思远', school: '广州市第六中学' },
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(noRow.statusCode).toBe(422);
    expect(noRow.json().errors[0]).toMatchObject({
      field: 'schoolLevel',
      message: '本项目对所选学段或档案类别没有资助标准',
    });
    await t.db.update(assistanceProgrammes).set({ amount: row!.amount }).where(eq(assistanceProgrammes.id, id));
  });

  it('refuses an amount over the programme limit', async () => {
    const response = await call(rider, 'POST', '/assistance/my/applications', {
      programmeId: programme.get('emergency'),
      requestedFen: 300_001,
      reason: '家中突发火灾，损失严重。',
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({
      field: 'requestedFen',
      message: '金额不能超过本项目的上限 3,000.00 元',
    });
  });

  it('refuses an approval the budget cannot cover, says what is left, and audits the refusal', async () => {
    const created = await call(gz, 'POST', '/assistance/applications', {
      memberId: (await t.db.select().from(members).where(eq(members.name, '周小勇')))[0]!.id,
      programmeId: programme.get('emergency'),
      requestedFen: 150_000,
      reason: '家中突发火灾，损失严重。',
      bankAccount: ACCOUNT,
      consent: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().onBehalf).toBe(true);
    await upload(gz, `/assistance/applications/${id}/documents?kind=incident_proof`);
    await act(gz, id, { action: 'submit' });
    await act(gz, id, {
      action: 'check',
      homeVisit: { visitedOn: todayInChina(), visitors: '李晓华', findings: '火灾属实。' },
    });
    await act(gz, id, { action: 'review' });
    await act(gz, id, { action: 'notice' });
    await t.db
      .update(assistanceApplications)
      .set({ noticeEndsOn: '2000-01-10' })
      .where(eq(assistanceApplications.id, id));
    await t.db
      .update(assistanceBudgets)
      .set({ amountFen: 100_000 })
      .where(eq(assistanceBudgets.programmeId, programme.get('emergency')!));
    const refused = await act(gz, id, { action: 'approve' }, 409);
    expect(refused.code).toBe('assistance.budget_exhausted');
    expect(refused.title).toBe(
      '预算不足：广州市总工会「临时救助」' +
        todayInChina().slice(0, 4) +
        ' 年度可用余额 1,000.00 元，不足以支付 1,500.00 元，请追加预算或调整金额',
    );
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'assistance.approve_refused'), eq(auditLog.subjectId, String(id))));
    expect(audit?.changes).toMatchObject({ reason: 'assistance.budget_exhausted' });
    expect((await call(gz, 'GET', `/assistance/applications/${id}`)).json().stage).toBe('notice');
    // A budget cannot be set below what is committed.
    const budgets = await call(gz, 'PUT', '/assistance/budgets', {
      programmeId: programme.get('mutual_medical'),
      organisationId: org.get('广州市总工会'),
      year: Number(todayInChina().slice(0, 4)),
      amountFen: 1,
    });
    expect(budgets.json()).toMatchObject({ code: 'assistance.budget_below_committed' });
  });

  it('shows budget, committed and paid for a subtree, and refuses one outside scope', async () => {
    const list = (await call(gz, 'GET', '/assistance/budgets')).json() as {
      items: { organisationName: string }[];
      totals: { paidFen: number };
    };
    expect(new Set(list.items.map((i) => i.organisationName))).toEqual(new Set(['广州市总工会', '天河区总工会']));
    expect(list.totals.paidFen).toBe(375_000);
    expect((await call(sz, 'GET', `/assistance/budgets?organisationId=${org.get('广州市总工会')}`)).statusCode).toBe(
      404,
    );
    // Shenzhen's list holds nothing of Guangzhou's, drafts a cadre made for a member included.
    const szList = (await call(sz, 'GET', '/assistance/applications?pageSize=200')).json();
    expect(szList.total).toBe(0);
    const gzList = (await call(gz, 'GET', '/assistance/applications?pageSize=200')).json();
    expect(gzList.total).toBeGreaterThan(0);
    const refusals = await t.db.select().from(auditLog).where(eq(auditLog.action, 'access.out_of_scope'));
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe('the bank’s result file', () => {
  async function approvedEmergency(memberId: number, fen: number) {
    const created = await call(gz, 'POST', '/assistance/applications', {
      memberId,
      programmeId: programme.get('emergency'),
      requestedFen: fen,
      reason: '台风损毁住房，急需救助。',
      bankAccount: { ...ACCOUNT, accountName: '职工' },
      consent: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    await upload(gz, `/assistance/applications/${id}/documents?kind=incident_proof`);
    await act(gz, id, { action: 'submit' });
    await act(gz, id, {
      action: 'check',
      homeVisit: { visitedOn: todayInChina(), visitors: '李晓华', findings: '情况属实。' },
    });
    await act(gz, id, { action: 'review' });
    await act(gz, id, { action: 'notice' });
    await t.db
      .update(assistanceApplications)
      .set({ noticeEndsOn: '2000-01-10' })
      .where(eq(assistanceApplications.id, id));
    return act(admin, id, { action: 'approve' });
  }

  it('records the results it can match, lists the rows it cannot, and records nothing twice', async () => {
    await t.db
      .update(assistanceBudgets)
      .set({ amountFen: 50_000_000 })
      .where(eq(assistanceBudgets.programmeId, programme.get('emergency')!));
    const workers = await t.db.execute<{ id: number }>(sql`
      SELECT m.id FROM members m JOIN organisations o ON o.id = m.organisation_id
      WHERE o.name = '珠江新城酒店管理有限公司工会' AND m.status = 'active' ORDER BY m.id LIMIT 2`);
    for (const [i, w] of workers.rows.entries()) {
      expect((await approvedEmergency(Number(w.id), 100_000 + i * 50_000)).stage).toBe('approved');
    }
    const batch = await call(gz, 'POST', '/assistance/batches', { organisationId: org.get('广州市总工会') });
    expect(batch.statusCode, batch.body).toBe(201);
    const { id, payments } = batch.json() as {
      id: number;
      payments: { id: number; reference: string; amountFen: number }[];
    };
    expect(payments).toHaveLength(2);
    const exported = (await call(gz, 'GET', `/assistance/batches/${id}/export?format=csv`)).body.replace(/^\uFEFF/, '');
    const [header, first, second] = exported.trim().split('\r\n') as [string, string, string];
    // The bank sends back its sheet with a result column: the first paid; a reference of someone
    // else's batch; the second with an amount that is not what was sent; a result it does not explain.
    const file = [
      `${header},处理结果,失败原因`,
      `${first},成功,`,
      'BF449999999999,张三,6222000000000000,工行,100.00,临时救助,成功,',
      `${second.replace(/,1500\.00,临时救助$/, ',1600.00,临时救助')},成功,`,
      `${first},处理中,`,
    ].join('\r\n');
    const send = (content: string) => {
      const boundary = '----bank';
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/assistance/batches/${id}/results/file`,
        headers: { ...gz.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="回盘.csv"\r\nContent-Type: text/csv\r\n\r\n`,
          ),
          Buffer.from(content, 'utf8'),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    };
    const answer = await send(file);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({
      recorded: 1,
      unchanged: 0,
      errors: [
        { row: 3, message: '本批次没有业务参考号为 BF449999999999 的款项' },
        { row: 4, message: `${payments[1]!.reference} 的金额与代发金额不符，请与银行核对` },
        { row: 5, message: '无法识别处理结果“处理中”，请填写 成功、失败 或 退回' },
      ],
    });
    // The same file again: nothing recorded twice.
    expect((await send(file)).json()).toMatchObject({ recorded: 0, unchanged: 1 });
    // The second payment fails at the bank, with an amount that matches this time.
    const failed = await send(`${header},处理结果,失败原因\r\n${second},退回,户名与账号不符`);
    expect(failed.json()).toEqual({ recorded: 1, unchanged: 0, errors: [] });
    const view = (await call(gz, 'GET', `/assistance/batches/${id}`)).json() as {
      status: string;
      payments: { status: string; failureReason: string | null }[];
    };
    expect(view.status).toBe('closed');
    expect(view.payments.map((p) => [p.status, p.failureReason])).toEqual([
      ['paid', null],
      ['returned', '户名与账号不符'],
    ]);
    const missing = await send('姓名,金额\r\n张三,100');
    expect(missing.statusCode).toBe(409); // the batch is closed now
  });
});

describe('hardship files', () => {
  it('opens a file with the household encrypted, masks it, reveals it with an audited reason, re-verifies and archives it', async () => {
    const [member] = await t.db
      .execute<{ id: number }>(sql`
      SELECT m.id FROM members m JOIN organisations o ON o.id = m.organisation_id
      WHERE o.name = '天河软件园科技有限公司工会' AND m.status = 'active' LIMIT 1`)
      .then((r) => r.rows);
    const body = {
      memberId: Number(member!.id),
      tier: 'deep',
      primaryCause: 'disability',
      secondaryCauses: ['child_education'],
      level: 'grassroots',
      household: [
        { name: '林国强', relation: '本人', birthYear: 1978, health: '肢体二级残疾', monthlyIncomeFen: 300_000 },
        { name: '林小美', relation: '子女', birthYear: 2008, monthlyIncomeFen: 0 },
      ],
      situation: '本人因工伤致残，女儿在读高中。',
    };
    expect((await call(sz, 'POST', '/assistance/files', body)).statusCode).toBe(404);
    const created = await call(unionCadre, 'POST', '/assistance/files', body);
    expect(created.statusCode, created.body).toBe(201);
    const file = created.json();
    expect(file).toMatchObject({ tier: 'deep', householdSize: 2, incomePerHeadFen: null, revealed: false });
    expect(file.household[0]).toMatchObject({ name: '林*强', health: null, monthlyIncomeFen: null });
    const [row] = await t.db.select().from(hardshipFiles).where(eq(hardshipFiles.id, file.id));
    expect(row!.householdEnc.toString('latin1')).not.toContain('残疾');
    expect((await call(unionCadre, 'POST', '/assistance/files', body)).json()).toMatchObject({
      code: 'assistance.member_has_file',
    });

    const revealed = (
      await call(unionCadre, 'POST', `/assistance/files/${file.id}/reveal`, { reason: '年度复核需核对收入' })
    ).json();
    expect(revealed).toMatchObject({ incomePerHeadFen: 150_000, revealed: true });
    expect(revealed.household[0]).toMatchObject({ name: '林国强', health: '肢体二级残疾' });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'hardship_file.reveal'));
    expect(audit?.changes).toMatchObject({ reason: '年度复核需核对收入' });

    const evidence = await upload(unionCadre, `/assistance/files/${file.id}/documents?kind=hardship_proof`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    const [document] = evidence.json().documents;
    expect(document).toMatchObject({ kind: 'hardship_proof', fileName: 'proof.pdf' });
    expect((await call(sz, 'GET', `/assistance/files/${file.id}/documents/${document.id}`)).statusCode).toBe(404);
    const download = await call(unionCadre, 'GET', `/assistance/files/${file.id}/documents/${document.id}`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const reads = await t.db.select().from(auditLog).where(eq(auditLog.action, 'hardship_file.document_read'));
    expect(reads).toHaveLength(1);

    const verified = await call(unionCadre, 'POST', `/assistance/files/${file.id}/verify`, {
      version: file.version,
      note: '入户复核，情况未变。',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    // The daughter started work: the household and its income per head change, still encrypted.
    const { memberId: _member, ...fields } = body;
    const changed = await call(unionCadre, 'PUT', `/assistance/files/${file.id}`, {
      ...fields,
      tier: 'relative',
      household: [body.household[0], { ...body.household[1], monthlyIncomeFen: 300_000 }],
      version: verified.json().version,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ tier: 'relative', incomePerHeadFen: null });
    const recheck = (
      await call(unionCadre, 'POST', `/assistance/files/${file.id}/reveal`, { reason: '核对修改后的收入' })
    ).json();
    expect(recheck.incomePerHeadFen).toBe(300_000);
    const stale = await call(unionCadre, 'POST', `/assistance/files/${file.id}/close`, {
      version: file.version,
      reason: 'out_of_hardship',
    });
    expect(stale.json()).toMatchObject({ code: 'assistance.file_changed' });
    const closed = await call(unionCadre, 'POST', `/assistance/files/${file.id}/close`, {
      version: changed.json().version,
      reason: 'out_of_hardship',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'out_of_hardship' });
    const archive = (await call(unionCadre, 'GET', '/assistance/files?status=closed')).json();
    expect(archive.items.map((i: { id: number }) => i.id)).toContain(file.id);
    // The rider's file (a sibling union) is not in this cadre's list; it is in Guangzhou's.
    expect(archive.total).toBe(1);
    const open = (await call(gz, 'GET', '/assistance/files?status=open')).json();
    expect(open.items).toHaveLength(1);
    expect(open.items[0].memberName).toBe('周*勇');
  });

  it('a member sees their own file and applications in "my data", and who revealed the file', async () => {
    const [file] = await t.db.select().from(hardshipFiles).where(eq(hardshipFiles.status, 'open'));
    const revealed = await call(gz, 'POST', `/assistance/files/${file!.id}/reveal`, { reason: '核对送温暖名单' });
    expect(revealed.statusCode).toBe(200);
    const mine = (await call(rider, 'GET', '/me/membership/data')).json();
    expect(mine.assistance.hardshipFiles[0]).toMatchObject({ tier: 'relative', incomePerHeadFen: 150_000 });
    expect(mine.assistance.hardshipFiles[0].household[1]).toMatchObject({
      name: '陈秀兰',
      health: '慢性肾病，每周透析',
    });
    expect(mine.assistance.applications.length).toBeGreaterThanOrEqual(3);
    expect(mine.accessLog).toEqual(
      expect.arrayContaining([{ at: expect.any(String), action: 'hardship_file.reveal', actorName: '李晓华' }]),
    );
    // Someone else's "my data" holds none of it.
    expect((await call(worker, 'GET', '/me/membership/data')).json().assistance).toEqual({
      hardshipFiles: [],
      applications: [],
    });
  });

  it('statistics for a subtree show small counts as "<5"', async () => {
    const stats = (await call(gz, 'GET', '/assistance/statistics')).json();
    expect(stats.organisationName).toBe('广州市总工会');
    expect(stats.filesByTier).toEqual(
      expect.arrayContaining([
        { tier: 'relative', count: '<5' },
        { tier: 'deep', count: 0 },
      ]),
    );
    const mutual = stats.programmes.find(
      (p: { programmeId: number }) => p.programmeId === programme.get('mutual_medical'),
    );
    expect(mutual).toMatchObject({ applications: '<5', paidFen: 375_000 });
    expect(stats.byMonth).toHaveLength(12);
    const month = todayInChina().slice(0, 7);
    // This month: the mutual-aid claim and the first emergency payment of the bank's result file.
    expect(stats.byMonth.find((m: { month: string }) => m.month === month).paidFen).toBe(375_000 + 100_000);
  });
});
