import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../test/helpers';
import { demoProgrammes } from '../modules/assistance/assistance.seed';
import { makeIdNumber } from '../modules/membership/membership.seed';

// Every write route of the OpenAPI document is walked with an object outside the actor's subtree,
// named in the path or in the body (the other ids in scope): each must answer 404 and record an
// `access.out_of_scope` row, and write nothing else. Guangzhou's objects are walked by the Shenzhen
// federation cadre and Shenzhen's by Guangzhou's; a member's own objects by another member.

let t: TestApp;
let routes: { method: string; path: string }[];
const sessions = new Map<string, Session>();
const as = (username: string) => sessions.get(username)!;

interface Walk {
  /** `METHOD /path` as in the OpenAPI document. */
  route: string;
  actor: string;
  url: string;
  body?: Record<string, unknown>;
  /** An upload: a small valid file of the kind the route takes, so the refusal is of the object. */
  file?: Buffer;
  fileName?: string;
  /** A batch route: answers 200 and refuses the object as a failed item (`not_found`). */
  batch?: boolean;
}

const one = async <T>(query: ReturnType<typeof sql>) => (await t.db.execute(query)).rows[0] as T;
const inGuangzhou = sql`'1.2'::ltree`;

let walks: Walk[] = [];

async function call(
  session: Session,
  method: string,
  url: string,
  payload?: unknown,
  file?: Buffer,
  fileName = 'a.pdf',
) {
  if (file) {
    const boundary = '----walk';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: method as 'POST',
      url: `/api/v1${url}`,
      headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
  }
  return t.app.inject({
    method: method as 'POST',
    url: `/api/v1${url}`,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function created(session: Session, method: string, url: string, payload: unknown) {
  const response = await call(session, method, url, payload);
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json() as { id: number };
}

beforeAll(async () => {
  t = await createTestApp();
  for (const username of ['admin', 'gz.cadre', 'sz.cadre', 'worker', 'rider', 'rep.sun', 'rep.zheng']) {
    sessions.set(username, await login(t.app, username));
  }
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: path.replace('/api/v1', '') })),
  );

  // Objects of every kind, each with the organisation that decides who sees it.
  const gzUnion = await one<{ id: number }>(
    sql`SELECT id FROM organisations WHERE name = '天河软件园科技有限公司工会'`,
  );
  const gzOtherUnion = await one<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '越秀区人民医院工会'`);
  const gzDistrict = await one<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '天河区总工会'`);
  const szUnion = await one<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '福田金融服务有限公司工会'`);
  const gzMember = await one<{ id: number; member_number: string }>(
    sql`SELECT id, member_number FROM members WHERE organisation_path <@ ${inGuangzhou} AND status = 'active' AND user_id IS NULL ORDER BY id LIMIT 1`,
  );
  const gzMember2 = await one<{ id: number }>(
    sql`SELECT id FROM members WHERE organisation_path <@ ${inGuangzhou} AND status = 'active' AND user_id IS NULL ORDER BY id OFFSET 1 LIMIT 1`,
  );
  const szMember = await one<{ id: number }>(
    sql`SELECT id FROM members WHERE NOT organisation_path <@ ${inGuangzhou} AND status = 'active' AND user_id IS NULL ORDER BY id LIMIT 1`,
  );
  const gzEmployer = await one<{ id: number }>(
    sql`SELECT e.id FROM employers e JOIN organisations o ON o.id = e.organisation_id WHERE o.path <@ ${inGuangzhou} LIMIT 1`,
  );
  const gzUser = await one<{ id: string }>(sql`SELECT id FROM users WHERE username = 'gz.cadre'`);
  const congress = await one<{ id: number }>(sql`SELECT id FROM congress_sessions LIMIT 1`); // in Shenzhen
  const agendaItem = await one<{ id: number }>(
    sql`SELECT id FROM congress_agenda_items WHERE session_id = ${congress.id} LIMIT 1`,
  );
  const delegate = await one<{ id: number }>(
    sql`SELECT id FROM congress_delegates WHERE session_id = ${congress.id} LIMIT 1`,
  );
  const constituency = await one<{ id: number }>(
    sql`SELECT id FROM congress_constituencies WHERE session_id = ${congress.id} LIMIT 1`,
  );
  const gzCase = await one<{ id: number; version: number }>(
    sql`SELECT id, version FROM rights_cases WHERE organisation_path <@ ${inGuangzhou} ORDER BY id LIMIT 1`,
  );
  const file = await one<{ id: number; path: string }>(
    sql`SELECT id, organisation_path::text AS path FROM hardship_files LIMIT 1`,
  );
  const gzProgramme = await one<{ id: number }>(
    sql`SELECT p.id FROM assistance_programmes p JOIN organisations o ON o.id = p.organisation_id WHERE o.path <@ ${inGuangzhou} AND p.kind = 'emergency' LIMIT 1`,
  );
  const fileOutsider = file.path.startsWith('1.2') ? 'sz.cadre' : 'gz.cadre';

  // A delivery that failed, about the Shenzhen congress's union.
  const szDelivery = await one<{ id: number }>(sql`
    WITH m AS (
      INSERT INTO messages (user_id, organisation_id, category, kind, params)
      SELECT u.id, s.organisation_id, 'case', 'case.reply', '{"caseId": 1}'::jsonb
      FROM users u, congress_sessions s WHERE u.username = 'worker' AND s.id = ${congress.id}
      RETURNING id, user_id
    )
    INSERT INTO message_deliveries (user_id, message_id, channel, status, attempts, reason)
    SELECT user_id, id, 'sms', 'failed', 3, 'provider_error' FROM m RETURNING id`);

  // Guangzhou's published notice (the demo's) and a draft of its own.
  const guangzhou = await one<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '广州市总工会'`);
  const gzNotice = await one<{ id: number }>(sql`SELECT id FROM notices WHERE organisation_id = ${guangzhou.id}`);
  const noticeBody = {
    title: '越权的通知',
    body: '<p>越权</p>',
    audience: { organisationIds: [guangzhou.id] },
  };

  // Guangzhou's open survey (the demo's) and a draft of its own.
  const gzSurvey = await one<{ id: number }>(
    sql`SELECT id FROM surveys WHERE organisation_id = ${guangzhou.id} AND status = 'open' LIMIT 1`,
  );
  const surveyBody = {
    title: '越权的问卷',
    definition: { sections: [{ id: 's', questions: [{ id: 'q', type: 'text', title: '越权' }] }] },
    audience: { organisationIds: [guangzhou.id] },
  };

  // Objects the seed does not hold, made as their owners would make them.
  const gzDraft = await created(as('gz.cadre'), 'POST', '/notices', { organisationId: guangzhou.id, ...noticeBody });
  const gzSurveyDraft = await created(as('gz.cadre'), 'POST', '/surveys', {
    organisationId: guangzhou.id,
    ...surveyBody,
  });
  const transfer = await created(as('gz.cadre'), 'POST', '/membership/transfers', {
    memberId: gzMember2.id,
    toOrganisationId: gzOtherUnion.id,
    reason: '调动',
  });
  const vote = await created(as('sz.cadre'), 'POST', '/democracy/votes', {
    sessionId: congress.id,
    kind: 'motion',
    title: '审议方案',
    electorate: 'congress',
    ballotMode: 'plain',
  });
  const proposal = await created(as('rep.sun'), 'POST', `/democracy/sessions/${congress.id}/proposals`, {
    title: '关于改善食堂的提案',
    body: '建议增加夜班餐。',
  });
  const notice = await one<{ id: number; path: string }>(
    sql`SELECT n.id, o.path::text AS path FROM disclosure_notices n JOIN organisations o ON o.id = n.organisation_id LIMIT 1`,
  );
  const noticeOutsider = notice.path.startsWith('1.2') ? 'sz.cadre' : 'gz.cadre';
  const myCase = await created(as('worker'), 'POST', '/rights/my/cases', {
    category: 'consultation',
    title: '加班费怎么算',
    description: '想咨询周末加班费的计算方法。',
  });

  // A federation administrator of Shenzhen, for the account routes.
  await created(as('admin'), 'POST', '/users', {
    username: 'sz.admin',
    displayName: '深圳管理员',
    kind: 'cadre',
    password: 'Walk-the-routes-2026!',
    role: 'federation_admin',
    organisationId: (await one<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '深圳市总工会'`)).id,
  });
  sessions.set('sz.admin', await login(t.app, 'sz.admin', 'Walk-the-routes-2026!'));
  const workerSession = ((await call(as('worker'), 'GET', '/me/sessions')).json() as { id: string }[])[0]!;
  const workerToken = await created(as('sz.admin'), 'POST', '/me/tokens', { name: 'walk', permissions: ['user.read'] });
  const programme = demoProgrammes(2026, { province: 1, city: 2 }).find((p) => p.kind === 'emergency')!;
  const fileView = (
    await call(as(fileOutsider === 'sz.cadre' ? 'gz.cadre' : 'sz.cadre'), 'GET', `/assistance/files/${file.id}`)
  ).json() as {
    version: number;
    memberId: number;
  };
  const bank = { bankName: '中国工商银行', accountName: '张三', accountNumber: '6222020200112233445' };
  const application = await created(
    as(fileOutsider === 'sz.cadre' ? 'gz.cadre' : 'sz.cadre'),
    'POST',
    '/assistance/applications',
    {
      programmeId: gzProgramme.id,
      memberId: fileView.memberId,
      reason: '家中突发变故，急需救助。',
      bankAccount: bank,
      consent: true,
      requestedFen: 100_000,
    },
  );
  const correction = await created(as('worker'), 'POST', '/me/membership/corrections', {
    field: 'employer',
    message: '我已调到研发部',
  });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  // Objects that take a whole workflow to reach, written as their workflows leave them.
  const workerUser = await one<{ id: string }>(sql`SELECT id FROM users WHERE username = 'worker'`);
  const applicantId = makeIdNumber('440106', '19990505', 55);
  const joinApplication = await one<{ id: string }>(sql`
    INSERT INTO join_applications (province_code, applicant_user_id, organisation_id, routed_by, name, id_number_enc,
      id_number_hash, mobile_enc, mobile_hash, employment_form, residence_region_code, due_on, client_key)
    VALUES ('44', ${workerUser.id}, ${gzUnion.id}, 'holding_union', '走查人', ${t.cipher.encrypt(applicantId)},
      ${t.cipher.blindIndex(applicantId)}, ${t.cipher.encrypt('13700009999')}, ${t.cipher.blindIndex('13700009999')},
      'gig', '440106', current_date + 15, 'walk-join')
    RETURNING id`);
  const checkoff = await one<{ id: number }>(sql`
    INSERT INTO checkoff_files (province_code, employer_id, organisation_id, month, file_name, file_hash, row_count,
      matched_count, matched_fen, uploaded_by)
    VALUES ('44', ${gzEmployer.id}, ${gzUnion.id}, '2026-01-01', 'walk.xlsx', 'walk', 1, 0, 0, ${gzUser.id})
    RETURNING id`);
  const discrepancy = await one<{ id: number }>(sql`
    INSERT INTO checkoff_discrepancies (province_code, file_id, organisation_id, kind, row_number, name, file_fen)
    VALUES ('44', ${checkoff.id}, ${gzUnion.id}, 'unknown_person', 2, '走查人', 500) RETURNING id`);
  const rosterImport = await one<{ id: string }>(sql`
    INSERT INTO roster_imports (province_code, organisation_id, created_by, file_name, format, dry_run, status)
    VALUES ('44', ${gzUnion.id}, ${gzUser.id}, 'walk.csv', 'csv', false, 'done') RETURNING id`);
  await t.db.execute(sql`
    INSERT INTO roster_import_errors (province_code, import_id, row_number, problems, cells_enc)
    VALUES ('44', ${rosterImport.id}, 2, '[{"field":"name","messageKey":"import.name_conflict","params":{"existing":"甲"}}]',
      ${t.cipher.encrypt(JSON.stringify(['乙', applicantId]))})`);
  const applicationRow = await one<{ province_code: string; organisation_id: number }>(
    sql`SELECT province_code, organisation_id FROM assistance_applications WHERE id = ${application.id}`,
  );
  const objection = await one<{ id: number }>(sql`
    INSERT INTO assistance_objections (province_code, application_id, text)
    VALUES (${applicationRow.province_code}, ${application.id}, '据了解另有收入。') RETURNING id`);
  const budget = await one<{ id: number }>(
    sql`SELECT id FROM assistance_budgets WHERE province_code = ${applicationRow.province_code} ORDER BY id LIMIT 1`,
  );
  const batch = await one<{ id: number }>(sql`
    INSERT INTO assistance_batches (province_code, organisation_id, status)
    VALUES (${applicationRow.province_code}, ${applicationRow.organisation_id}, 'exported') RETURNING id`);
  const payment = await one<{ id: number }>(sql`
    INSERT INTO assistance_payments (province_code, application_id, organisation_id, budget_id, batch_id, amount_fen,
      status, reference, bank_name, account_name, account_number_enc)
    VALUES (${applicationRow.province_code}, ${application.id}, ${applicationRow.organisation_id}, ${budget.id},
      ${batch.id}, 100000, 'batched', 'WALK-0001', ${bank.bankName}, ${bank.accountName},
      ${t.cipher.encrypt(bank.accountNumber)})
    RETURNING id`);

  const notMine = { actor: 'rider' };
  walks = [
    // organisations and employers
    {
      route: 'PATCH /organisations/{id}',
      actor: 'sz.cadre',
      url: `/organisations/${gzUnion.id}`,
      body: { name: '改名工会' },
    },
    {
      route: 'POST /organisations/{id}/move',
      actor: 'sz.cadre',
      url: `/organisations/${gzUnion.id}/move`,
      body: { newParentId: szUnion.id },
    },
    {
      route: 'POST /organisations',
      actor: 'sz.cadre',
      url: '/organisations',
      body: { parentId: gzDistrict.id, name: '新工会', type: 'grassroots', level: 'grassroots', regionCode: '440106' },
    },
    {
      route: 'POST /organisations/{id}/move',
      actor: 'sz.cadre',
      url: `/organisations/${szUnion.id}/move`,
      body: { newParentId: gzDistrict.id },
    },
    {
      route: 'POST /organisations/{id}/close',
      actor: 'sz.cadre',
      url: `/organisations/${gzUnion.id}/close`,
      body: { reason: '撤销' },
    },
    {
      route: 'PATCH /employers/{id}',
      actor: 'sz.cadre',
      url: `/employers/${gzEmployer.id}`,
      body: { name: '改名公司' },
    },
    // members
    { route: 'PATCH /members/{id}', actor: 'sz.cadre', url: `/members/${gzMember.id}`, body: { platform: '美团' } },
    {
      route: 'POST /members/{id}/status',
      actor: 'sz.cadre',
      url: `/members/${gzMember.id}/status`,
      body: { status: 'retained', effectiveOn: '2026-07-01', reason: '退休' },
    },
    {
      route: 'POST /members/{id}/reveal',
      actor: 'sz.admin',
      url: `/members/${gzMember.id}/reveal`,
      body: { field: 'mobile', reason: '电话回访' },
    },
    {
      route: 'POST /members/{id}/cards/revoke',
      actor: 'sz.cadre',
      url: `/members/${gzMember.id}/cards/revoke`,
      body: { reason: '丢失' },
    },
    {
      route: 'POST /membership/transfers',
      actor: 'sz.cadre',
      url: '/membership/transfers',
      body: { memberId: gzMember.id, toOrganisationId: szUnion.id, reason: '调往深圳' },
    },
    {
      route: 'POST /me/membership/transfers/{id}/cancel',
      ...notMine,
      url: `/me/membership/transfers/${transfer.id}/cancel`,
    },
    {
      route: 'POST /membership/corrections/{id}',
      actor: 'gz.cadre',
      url: `/membership/corrections/${correction.id}`,
      body: { status: 'done', reply: '已更正' },
    },
    {
      route: 'POST /membership/transfers/{id}/release',
      actor: 'sz.cadre',
      url: `/membership/transfers/${transfer.id}/release`,
      body: {},
    },
    {
      route: 'POST /membership/transfers/{id}/accept',
      actor: 'sz.cadre',
      url: `/membership/transfers/${transfer.id}/accept`,
      body: {},
    },
    {
      route: 'POST /membership/transfers/{id}/reject',
      actor: 'sz.cadre',
      url: `/membership/transfers/${transfer.id}/reject`,
      body: { reason: '不同意' },
    },
    {
      route: 'POST /membership/applications/approve',
      actor: 'sz.cadre',
      url: '/membership/applications/approve',
      body: { ids: [joinApplication.id] },
      batch: true,
    },
    {
      route: 'POST /membership/applications/{id}/reject',
      actor: 'sz.cadre',
      url: `/membership/applications/${joinApplication.id}/reject`,
      body: { reason: '材料不全' },
    },
    {
      route: 'POST /membership/applications/{id}/route',
      actor: 'sz.cadre',
      url: `/membership/applications/${joinApplication.id}/route`,
      body: { organisationId: szUnion.id, reason: '转交深圳' },
    },
    {
      route: 'POST /membership/checkoff/discrepancies/{id}/resolve',
      actor: 'sz.cadre',
      url: `/membership/checkoff/discrepancies/${discrepancy.id}/resolve`,
      body: { resolution: 'no_action', note: '已核实' },
    },
    {
      route: 'POST /membership/imports/{id}/conflicts/{rowNumber}',
      actor: 'sz.cadre',
      url: `/membership/imports/${rosterImport.id}/conflicts/2`,
      body: { decision: 'confirm' },
    },
    {
      route: 'POST /membership/dues/payments',
      actor: 'sz.cadre',
      url: '/membership/dues/payments',
      body: { memberId: gzMember.id, month: '2026-01', amountFen: 100, idempotencyKey: 'walk-dues-1' },
    },
    {
      route: 'POST /membership/lapse/run',
      actor: 'sz.cadre',
      url: '/membership/lapse/run',
      body: { organisationId: gzUnion.id },
    },
    {
      route: 'POST /membership/dues/months',
      actor: 'sz.cadre',
      url: '/membership/dues/months',
      body: { organisationId: gzUnion.id, month: '2026-01' },
    },
    // democracy (the demo congress is in Shenzhen)
    {
      route: 'PATCH /democracy/sessions/{id}',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}`,
      body: { title: '改名' },
    },
    {
      route: 'POST /democracy/sessions/{id}/check-in-code',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/check-in-code`,
    },
    {
      route: 'POST /democracy/sessions/{id}/constituencies',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/constituencies`,
      body: { name: '新选区', seats: 2 },
    },
    {
      route: 'POST /democracy/sessions/{id}/delegates',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/delegates`,
      body: { memberNumber: gzMember.member_number, category: 'frontline', constituencyId: constituency.id },
    },
    {
      route: 'DELETE /democracy/sessions/{id}/delegates/{itemId}',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/delegates/${delegate.id}`,
    },
    // reach
    {
      route: 'POST /notices',
      actor: 'sz.cadre',
      url: '/notices',
      body: { organisationId: guangzhou.id, ...noticeBody },
    },
    { route: 'PUT /notices/{id}', actor: 'sz.cadre', url: `/notices/${gzDraft.id}`, body: noticeBody },
    { route: 'POST /notices/{id}/publish', actor: 'sz.cadre', url: `/notices/${gzDraft.id}/publish` },
    {
      route: 'POST /notices/{id}/withdraw',
      actor: 'sz.cadre',
      url: `/notices/${gzNotice.id}/withdraw`,
      body: { reason: '越权撤回' },
    },
    { route: 'POST /notices/{id}/pin', actor: 'sz.cadre', url: `/notices/${gzNotice.id}/pin`, body: { pinned: false } },
    {
      route: 'POST /notices/{id}/remind',
      actor: 'sz.cadre',
      url: `/notices/${gzNotice.id}/remind`,
      body: { organisationIds: [guangzhou.id] },
    },
    {
      route: 'POST /surveys',
      actor: 'sz.cadre',
      url: '/surveys',
      body: { organisationId: guangzhou.id, ...surveyBody },
    },
    { route: 'PUT /surveys/{id}', actor: 'sz.cadre', url: `/surveys/${gzSurveyDraft.id}`, body: surveyBody },
    { route: 'POST /surveys/{id}/open', actor: 'sz.cadre', url: `/surveys/${gzSurveyDraft.id}/open` },
    { route: 'POST /surveys/{id}/close', actor: 'sz.cadre', url: `/surveys/${gzSurvey.id}/close` },
    {
      route: 'POST /surveys/{id}/quotas',
      actor: 'sz.cadre',
      url: `/surveys/${gzSurvey.id}/quotas`,
      body: { organisationId: guangzhou.id, allocations: [{ organisationId: gzOtherUnion.id, target: 1 }] },
    },
    {
      route: 'PUT /surveys/{id}/enumerators',
      actor: 'sz.cadre',
      url: `/surveys/${gzSurvey.id}/enumerators`,
      body: { enumerators: [{ organisationId: guangzhou.id, userId: gzUser.id }] },
    },
    {
      route: 'POST /surveys/{id}/remind',
      actor: 'sz.cadre',
      url: `/surveys/${gzSurvey.id}/remind`,
      body: { organisationIds: [guangzhou.id] },
    },
    // A member of another city answers, saves or enters paper for Guangzhou's survey.
    {
      route: 'POST /my/surveys/{id}/submit',
      actor: 'worker',
      url: `/my/surveys/${gzSurvey.id}/submit`,
      body: { answers: {} },
    },
    {
      route: 'PUT /my/surveys/{id}/draft',
      actor: 'worker',
      url: `/my/surveys/${gzSurvey.id}/draft`,
      body: { answers: {}, section: null },
    },
    {
      route: 'POST /surveys/{id}/paper',
      actor: 'sz.cadre',
      url: `/surveys/${gzSurvey.id}/paper`,
      body: { organisationId: guangzhou.id, answers: {} },
    },
    {
      route: 'POST /notices/{id}/documents',
      actor: 'sz.cadre',
      url: `/notices/${gzDraft.id}/documents`,
      file: Buffer.from('%PDF-1.4\n%walk\n'),
      fileName: 'walk.pdf',
    },
    {
      route: 'POST /messages/deliveries/{id}/retry',
      actor: 'gz.cadre',
      url: `/messages/deliveries/${szDelivery.id}/retry`,
    },
    {
      route: 'PUT /democracy/sessions/{id}/presidium',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/presidium`,
      body: { delegateIds: [delegate.id] },
    },
    {
      route: 'POST /democracy/sessions/{id}/delegates/{itemId}/check-in',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/delegates/${delegate.id}/check-in`,
    },
    {
      route: 'POST /democracy/sessions/{id}/agenda',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/agenda`,
      body: { title: '议程' },
    },
    {
      route: 'POST /democracy/sessions/{id}/agenda/{itemId}/current',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/agenda/${agendaItem.id}/current`,
    },
    {
      route: 'POST /democracy/sessions/{id}/agenda/{itemId}/documents',
      actor: 'gz.cadre',
      url: `/democracy/sessions/${congress.id}/agenda/${agendaItem.id}/documents`,
      file: pdf,
    },
    {
      route: 'POST /democracy/sessions/{id}/proposals',
      ...notMine,
      url: `/democracy/sessions/${congress.id}/proposals`,
      body: { title: '提案标题', body: '提案内容' },
    },
    {
      route: 'PATCH /democracy/proposals/{id}',
      ...notMine,
      url: `/democracy/proposals/${proposal.id}`,
      body: { title: '改标题' },
    },
    {
      route: 'POST /democracy/proposals/{id}/cosigners',
      ...notMine,
      url: `/democracy/proposals/${proposal.id}/cosigners`,
      body: { delegateIds: [delegate.id] },
    },
    {
      route: 'POST /democracy/proposals/{id}/cosign',
      ...notMine,
      url: `/democracy/proposals/${proposal.id}/cosign`,
      body: { accept: true },
    },
    { route: 'POST /democracy/proposals/{id}/submit', ...notMine, url: `/democracy/proposals/${proposal.id}/submit` },
    {
      route: 'POST /democracy/proposals/{id}/satisfaction',
      ...notMine,
      url: `/democracy/proposals/${proposal.id}/satisfaction`,
      body: { satisfaction: 'satisfied' },
    },
    {
      route: 'POST /democracy/my/notices/{id}/read',
      actor: notice.path.startsWith('1.2') ? 'worker' : 'rider',
      url: `/democracy/my/notices/${notice.id}/read`,
    },
    {
      route: 'POST /democracy/my/notices/{id}/questions',
      actor: notice.path.startsWith('1.2') ? 'worker' : 'rider',
      url: `/democracy/my/notices/${notice.id}/questions`,
      body: { question: '请问何时公示？' },
    },
    {
      route: 'POST /democracy/votes',
      actor: 'gz.cadre',
      url: '/democracy/votes',
      body: { sessionId: congress.id, kind: 'motion', title: '表决', electorate: 'congress' },
    },
    { route: 'POST /democracy/votes/{id}/freeze', actor: 'gz.cadre', url: `/democracy/votes/${vote.id}/freeze` },
    { route: 'POST /democracy/votes/{id}/open', actor: 'gz.cadre', url: `/democracy/votes/${vote.id}/open` },
    { route: 'POST /democracy/votes/{id}/close', actor: 'gz.cadre', url: `/democracy/votes/${vote.id}/close` },
    {
      route: 'PUT /democracy/votes/{id}/trustees',
      actor: 'gz.cadre',
      url: `/democracy/votes/${vote.id}/trustees`,
      body: { memberNumbers: ['M1'], threshold: 1 },
    },
    // A trustee's steps, by a member who is not one of the vote's trustees.
    {
      route: 'POST /democracy/votes/{id}/ceremony/commitment',
      ...notMine,
      url: `/democracy/votes/${vote.id}/ceremony/commitment`,
      body: {
        commitment: {
          index: 1,
          transportKey: '0'.repeat(64),
          coefficients: ['0'.repeat(64)],
          proof: { A: '0'.repeat(64), c: '0'.repeat(64), v: '0'.repeat(64) },
        },
      },
    },
    {
      route: 'POST /democracy/votes/{id}/ceremony/shares',
      ...notMine,
      url: `/democracy/votes/${vote.id}/ceremony/shares`,
      body: { shares: [] },
    },
    {
      route: 'POST /democracy/votes/{id}/ceremony/accept',
      ...notMine,
      url: `/democracy/votes/${vote.id}/ceremony/accept`,
      body: { badSenders: [] },
    },
    {
      route: 'POST /democracy/votes/{id}/decryption',
      ...notMine,
      url: `/democracy/votes/${vote.id}/decryption`,
      body: { parts: [] },
    },
    {
      route: 'PUT /democracy/votes/{id}/roll/{memberId}',
      actor: 'gz.cadre',
      url: `/democracy/votes/${vote.id}/roll/${szMember.id}`,
      body: { weight: 2 },
    },
    {
      route: 'POST /democracy/proposals/{id}/review',
      actor: 'gz.cadre',
      url: `/democracy/proposals/${proposal.id}/review`,
      body: { decision: 'accept' },
    },
    {
      route: 'POST /democracy/proposals/{id}/assign',
      actor: 'gz.cadre',
      url: `/democracy/proposals/${proposal.id}/assign`,
      body: { department: '后勤部' },
    },
    {
      route: 'POST /democracy/proposals/{id}/reply',
      actor: 'gz.cadre',
      url: `/democracy/proposals/${proposal.id}/reply`,
      body: { reply: '已采纳' },
    },
    {
      route: 'POST /democracy/notices',
      actor: 'sz.cadre',
      url: '/democracy/notices',
      body: { organisationId: gzUnion.id, title: '通知', body: '内容' },
    },
    {
      route: 'POST /democracy/sessions',
      actor: 'sz.cadre',
      url: '/democracy/sessions',
      body: { organisationId: gzUnion.id, term: 1, meeting: 1, title: '职代会', meetingDate: '2026-12-20' },
    },
    {
      route: 'POST /democracy/notices/{id}/questions/{questionId}/answer',
      actor: noticeOutsider,
      url: `/democracy/notices/${notice.id}/questions/1/answer`,
      body: { answer: '答复' },
    },
    // rights
    {
      route: 'POST /rights/cases',
      actor: 'sz.cadre',
      url: '/rights/cases',
      body: { category: 'consultation', title: '咨询', description: '咨询加班费计算', organisationId: gzUnion.id },
    },
    {
      route: 'POST /rights/cases/{id}/actions',
      actor: 'sz.cadre',
      url: `/rights/cases/${gzCase.id}/actions`,
      body: { action: 'record', version: gzCase.version, note: '备注' },
    },
    {
      route: 'POST /rights/cases/{id}/actions',
      actor: 'sz.cadre',
      url: `/rights/cases/${gzCase.id}/actions`,
      body: { action: 'dispatch', version: gzCase.version, organisationId: szUnion.id },
    },
    {
      route: 'POST /rights/cases/{id}/break-glass',
      actor: 'sz.cadre',
      url: `/rights/cases/${gzCase.id}/break-glass`,
      body: { reason: '紧急情况需要查看此案件' },
    },
    {
      route: 'POST /rights/cases/{id}/attachments',
      actor: 'sz.cadre',
      url: `/rights/cases/${gzCase.id}/attachments`,
      file: pdf,
    },
    {
      route: 'POST /rights/my/cases/{id}/actions',
      ...notMine,
      url: `/rights/my/cases/${myCase.id}/actions`,
      body: { action: 'reply', version: 1, note: '补充' },
    },
    {
      route: 'POST /rights/my/cases/{id}/attachments',
      ...notMine,
      url: `/rights/my/cases/${myCase.id}/attachments`,
      file: pdf,
    },
    // assistance
    {
      route: 'PUT /assistance/files/{id}',
      actor: fileOutsider,
      url: `/assistance/files/${file.id}`,
      body: {
        version: fileView.version,
        tier: 'relative',
        primaryCause: 'illness',
        level: 'city',
        household: [{ name: '张三', relation: '本人', birthYear: 1980, monthlyIncomeFen: 100 }],
      },
    },
    {
      route: 'POST /assistance/files/{id}/reveal',
      actor: fileOutsider,
      url: `/assistance/files/${file.id}/reveal`,
      body: { reason: '入户核查' },
    },
    {
      route: 'POST /assistance/files/{id}/verify',
      actor: fileOutsider,
      url: `/assistance/files/${file.id}/verify`,
      body: { version: fileView.version, note: '年度复核' },
    },
    {
      route: 'POST /assistance/files/{id}/close',
      actor: fileOutsider,
      url: `/assistance/files/${file.id}/close`,
      body: { version: fileView.version, reason: 'out_of_hardship' },
    },
    {
      route: 'POST /assistance/files/{id}/documents',
      actor: fileOutsider,
      url: `/assistance/files/${file.id}/documents?kind=other`,
      file: pdf,
    },
    {
      route: 'POST /assistance/files',
      actor: fileOutsider,
      url: '/assistance/files',
      body: {
        memberId: fileView.memberId,
        tier: 'relative',
        primaryCause: 'illness',
        level: 'city',
        household: [{ name: '张三', relation: '本人', birthYear: 1980, monthlyIncomeFen: 100 }],
      },
    },
    {
      route: 'PUT /assistance/programmes/{id}',
      actor: 'sz.cadre',
      url: `/assistance/programmes/${gzProgramme.id}`,
      body: programme,
    },
    {
      route: 'POST /assistance/applications',
      actor: fileOutsider,
      url: '/assistance/applications',
      body: {
        programmeId: gzProgramme.id,
        memberId: fileView.memberId,
        reason: '家中突发变故，急需救助。',
        bankAccount: bank,
        consent: true,
        requestedFen: 100,
      },
    },
    {
      route: 'POST /assistance/applications/{id}/actions',
      actor: fileOutsider,
      url: `/assistance/applications/${application.id}/actions`,
      body: { action: 'check', version: 1, note: '已入户' },
    },
    {
      route: 'POST /assistance/applications/{id}/documents',
      actor: fileOutsider,
      url: `/assistance/applications/${application.id}/documents?kind=other`,
      file: pdf,
    },
    // The seeded hardship file is the rider's, so another member walks the rider's application.
    {
      route: 'POST /assistance/my/applications/{id}/actions',
      actor: 'worker',
      url: `/assistance/my/applications/${application.id}/actions`,
      body: { action: 'withdraw', version: 1 },
    },
    {
      route: 'POST /assistance/my/applications/{id}/documents',
      actor: 'worker',
      url: `/assistance/my/applications/${application.id}/documents?kind=other`,
      file: pdf,
    },
    {
      route: 'POST /assistance/applications/{id}/objections/{objectionId}/answer',
      actor: fileOutsider,
      url: `/assistance/applications/${application.id}/objections/${objection.id}/answer`,
      body: { answer: '经核实不属实。', upheld: false },
    },
    {
      route: 'POST /assistance/batches/{id}/results',
      actor: fileOutsider,
      url: `/assistance/batches/${batch.id}/results`,
      body: { results: [{ paymentId: payment.id, outcome: 'paid' }] },
    },
    {
      route: 'POST /assistance/batches/{id}/results/file',
      actor: fileOutsider,
      url: `/assistance/batches/${batch.id}/results/file`,
      file: Buffer.from('业务参考号,处理结果\nWALK-0001,成功\n'),
      fileName: 'results.csv',
    },
    {
      route: 'POST /assistance/payments/{id}/reissue',
      actor: fileOutsider,
      url: `/assistance/payments/${payment.id}/reissue`,
      body: {},
    },
    {
      route: 'POST /assistance/payments/{id}/cancel',
      actor: fileOutsider,
      url: `/assistance/payments/${payment.id}/cancel`,
    },
    {
      route: 'PUT /assistance/budgets',
      actor: 'sz.cadre',
      url: '/assistance/budgets',
      body: { programmeId: gzProgramme.id, organisationId: gzUnion.id, year: 2026, amountFen: 100 },
    },
    {
      route: 'POST /assistance/batches',
      actor: 'sz.cadre',
      url: '/assistance/batches',
      body: { organisationId: gzUnion.id },
    },
    // accounts
    { route: 'DELETE /me/sessions/{id}', ...notMine, url: `/me/sessions/${workerSession.id}` },
    { route: 'DELETE /me/tokens/{id}', actor: 'gz.cadre', url: `/me/tokens/${workerToken.id}` },
    {
      route: 'POST /users/{id}/roles',
      actor: 'sz.admin',
      url: `/users/${gzUser.id}/roles`,
      body: { role: 'grassroots_cadre', organisationId: szUnion.id },
    },
    {
      route: 'POST /users/{id}/reveal',
      actor: 'sz.admin',
      url: `/users/${gzUser.id}/reveal`,
      body: { field: 'mobile', reason: '联系本人核实' },
    },
    {
      route: 'POST /users',
      actor: 'sz.admin',
      url: '/users',
      body: {
        username: 'walker',
        displayName: '走查',
        kind: 'cadre',
        password: 'Walk-the-routes-2026!',
        role: 'grassroots_cadre',
        organisationId: gzUnion.id,
      },
    },
  ];
});
afterAll(() => t.close());

const refusals = async () =>
  (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.out_of_scope'`)).n;
const writesRecorded = async () =>
  (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'access.out_of_scope'`)).n;

describe('a write naming an object outside the actor’s subtree', () => {
  it('is refused as not found on every route that names one, recorded, and writes nothing', async () => {
    const failures: string[] = [];
    for (const walk of walks) {
      const [method] = walk.route.split(' ');
      const [refusedBefore, writtenBefore] = [await refusals(), await writesRecorded()];
      const response = await call(as(walk.actor), method!, walk.url, walk.body, walk.file, walk.fileName);
      const [refusedAfter, writtenAfter] = [await refusals(), await writesRecorded()];
      const refusedItems = walk.batch && response.statusCode === 200 ? response.json().failed : null;
      if (refusedItems) {
        if (response.json().approved.length > 0 || refusedItems.some((f: { code: string }) => f.code !== 'not_found')) {
          failures.push(`${walk.route} → ${response.body}`);
        } else if (refusedAfter !== refusedBefore + 1) failures.push(`${walk.route}: no access.out_of_scope row`);
      } else if (response.statusCode !== 404) {
        const { code, errors } = response.json() as { code?: string; errors?: { field: string; message: string }[] };
        failures.push(`${walk.route} → ${response.statusCode} ${code} ${JSON.stringify(errors ?? [])}`);
      }
      // A session's public id is looked up among the actor's own sessions only: another's names nothing.
      else if (refusedAfter !== refusedBefore + 1 && walk.route !== 'DELETE /me/sessions/{id}') {
        failures.push(`${walk.route}: no access.out_of_scope row`);
      }
      if (writtenAfter !== writtenBefore) failures.push(`${walk.route}: wrote something`);
    }
    expect(failures).toEqual([]);
  });

  it('covers every write route that names a scoped object, or says why it need not', () => {
    // Routes with no object of another subtree to name: creating for oneself, signing in, global
    // settings, the member's own actions checked by ownership elsewhere, and public routes by code.
    const exempt = new Set([
      'POST /employers',
      'POST /membership/applications',
      'POST /me/membership/corrections',
      'POST /me/membership/applications/{id}/withdraw',
      'POST /me/membership/transfers',
      'POST /membership/lapse/preview',
      'POST /membership/cards/verify',
      'PUT /membership/calendar/{day}',
      'DELETE /membership/calendar/{day}',
      'POST /democracy/sessions/{id}/check-in',
      'POST /democracy/votes/{id}/cast',
      'POST /democracy/votes/{id}/cast-encrypted',
      'POST /rights/anonymous',
      'POST /rights/anonymous/{code}/actions',
      'POST /rights/anonymous/{code}/attachments',
      'POST /rights/my/cases',
      'POST /rights/sweep',
      'POST /messages/read',
      'PUT /messages/preferences',
      'POST /assistance/my/applications',
      'POST /assistance/notices/{id}/objections',
      'POST /assistance/programmes',
      'POST /assistance/enrolments',
      'POST /auth/login',
      'POST /auth/sms/request',
      'POST /auth/sms/login',
      'POST /auth/logout',
      'PATCH /me',
      'POST /me/password',
      'POST /me/totp/setup',
      'POST /me/totp/enable',
      'POST /me/totp/disable',
      'POST /me/tokens',
      'POST /membership/imports',
      'POST /membership/checkoff',
    ]);
    const walked = new Set(walks.map((w) => w.route));
    const writes = routes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`);
    const unwalked = writes.filter((r) => !walked.has(r) && !exempt.has(r));
    expect(unwalked.sort()).toEqual([]);
  });
});
