import { randomUUID } from 'node:crypto';
import { suppressSmallCells } from '@gonghui/contract';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, createTestApp, login, type Session, sessionForUser, type TestApp } from '../../../test/helpers';
import { connect } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { buildMember, makeIdNumber } from '../membership/membership.seed';
import { retally, type TallyRow, talliesOf } from './surveys.repository';
import { closeDue, inviteOpened, MIX_BATCH, mixDue, overAllocated, submit } from './surveys.service';

// Surveys (issue 24): building and checking a questionnaire, targeting like a notice, answering on
// the phone with save and resume, quotas shared down the tree and never overfilled under load,
// results with small cells suppressed and the exports, enumerators' paper questionnaires, and the
// anonymous mode probed as ballots are: columns, order, transaction ids, logs and the WAL.
const PEOPLE = 60;
let t: TestApp;
let api: ReturnType<typeof apiCaller>;
let gz: Session;
let sz: Session;
let unionCadre: Session;
let rider: Session;
let worker: Session;
const logLines: string[] = [];
const org: Record<string, number> = {};
let people: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ logLines, poolSize: 12 });
  api = apiCaller(t.app);
  [gz, sz, unionCadre, rider, worker] = (await Promise.all(
    ['gz.cadre', 'sz.cadre', 'union.cadre', 'rider', 'worker'].map((name) => login(t.app, name)),
  )) as [Session, Session, Session, Session, Session];
  for (const [key, name] of Object.entries({
    province: '广东省总工会',
    guangzhou: '广州市总工会',
    tianhe: '天河区总工会',
    riders: '天河区美团外卖骑手工会',
    software: '天河软件园科技有限公司工会',
    shenzhen: '深圳市总工会',
    bay: '深圳湾软件有限公司工会',
  }))
    org[key] = (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  // Sixty members with accounts at 深圳湾软件 (Shenzhen), for load and anonymity.
  const created = await t.db
    .insert(users)
    .values(
      Array.from({ length: PEOPLE }, (_, i) => ({ username: `resp${i}`, displayName: `resp${i}`, kind: 'member' })),
    )
    .returning({ id: users.id });
  people = created.map((u) => u.id);
  await t.db.transaction(async (tx) => {
    for (const [i, userId] of people.entries())
      await buildMember(tx, t.cipher, {
        organisationId: org.bay!,
        name: `答卷人${String.fromCharCode(0x4e00 + i)}`,
        idNumber: makeIdNumber('440305', `19${70 + (i % 30)}0101`, 7000 + i),
        userId,
      });
  });
}, 120_000);
afterAll(() => t.close());

const contextOf = (userId: string): RequestContext => ({
  actor: { userId, displayName: 'resp', kind: 'member', via: 'session', sessionId: null, roles: [], grants: new Map() },
  requestId: randomUUID(),
  ip: '127.0.0.1',
});

const QUESTIONS = {
  sections: [
    {
      id: 'about',
      title: '基本情况',
      questions: [
        {
          id: 'kind',
          type: 'single',
          title: '您的身份',
          required: true,
          options: [
            { value: 'a', label: '甲' },
            { value: 'b', label: '乙' },
          ],
        },
        { id: 'hours', type: 'number', title: '每周工时', required: true, min: 0, max: 120 },
      ],
      skip: [{ when: { conditions: [{ questionId: 'kind', op: 'eq', value: 'b' }] }, to: 'end' }],
    },
    {
      id: 'more',
      title: '更多',
      questions: [
        {
          id: 'needs',
          type: 'multiple',
          title: '需要',
          options: [
            { value: 'legal', label: '法律' },
            { value: 'aid', label: '帮扶' },
          ],
        },
        { id: 'note', type: 'text', title: '建议' },
      ],
    },
  ],
};

type View = {
  id: number;
  status: string;
  answered: boolean | null;
  draft: unknown;
  quotas: { organisationId: number; cell: { value: string }; target: number; filled: number }[];
};

async function build(session: Session, organisationId: number, extra: Record<string, unknown> = {}) {
  return (await api.ok(
    session,
    'POST',
    '/surveys',
    {
      organisationId,
      title: '职工需求调查',
      definition: QUESTIONS,
      audience: { organisationIds: [organisationId] },
      ...extra,
    },
    201,
  )) as View;
}
class Rollback extends Error {}

/**
 * The tallies the answers left as they were written (what results by region and industry sum)
 * against the same counted again from the stored answers, in a transaction then rolled back.
 */
async function expectTalliesAgree(surveyId: number) {
  const written = await talliesOf(t.db, surveyId);
  let recounted: TallyRow[] = [];
  await t.db
    .transaction(async (tx) => {
      await retally(tx, surveyId);
      recounted = await talliesOf(tx, surveyId);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  expect(recounted.length).toBeGreaterThan(0);
  expect(written).toEqual(recounted);
  return written;
}

async function opened(session: Session, organisationId: number, extra: Record<string, unknown> = {}) {
  const survey = await build(session, organisationId, extra);
  await api.ok(session, 'POST', `/surveys/${survey.id}/open`);
  return survey;
}

describe('building a survey', () => {
  it('checks the questionnaire and the quotas, field by field', async () => {
    const bad = await api.call(gz, 'POST', '/surveys', {
      organisationId: org.guangzhou,
      title: '问卷',
      definition: {
        sections: [
          { id: 's', questions: [{ id: 'a', type: 'single', title: 'x', options: [{ value: '1', label: 'x' }] }] },
        ],
      },
      audience: { organisationIds: [org.guangzhou] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain(
      'definition.sections.0.questions.0.options',
    );
    const outside = await api.call(gz, 'POST', '/surveys', {
      organisationId: org.guangzhou,
      title: '问卷',
      definition: QUESTIONS,
      audience: { organisationIds: [org.shenzhen] },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].field).toBe('audience.organisationIds');
    const over = await api.call(gz, 'POST', '/surveys', {
      organisationId: org.guangzhou,
      title: '问卷',
      definition: QUESTIONS,
      audience: { organisationIds: [org.guangzhou] },
      quotas: [
        { organisationId: org.guangzhou, target: 10 },
        { organisationId: org.tianhe, target: 11 },
      ],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0].field).toBe('quotas.0.target');
    const anonymousCell = await api.call(gz, 'POST', '/surveys', {
      organisationId: org.guangzhou,
      title: '问卷',
      definition: QUESTIONS,
      audience: { organisationIds: [org.guangzhou] },
      anonymous: true,
      quotas: [{ organisationId: org.guangzhou, cell: { questionId: 'kind', value: 'a' }, target: 10 }],
    });
    expect(anonymousCell.statusCode).toBe(422);
    expect(anonymousCell.json().errors[0].field).toBe('quotas.0.cell');
  });

  it('refuses another subtree’s organisation, and an open survey’s changes', async () => {
    const refused = await api.call(sz, 'POST', '/surveys', {
      organisationId: org.guangzhou,
      title: '问卷',
      definition: QUESTIONS,
      audience: { organisationIds: [org.guangzhou] },
    });
    expect(refused.statusCode).toBe(404);
    const survey = await opened(gz, org.guangzhou!);
    expect((await api.call(sz, 'GET', `/surveys/${survey.id}`)).statusCode).toBe(404);
    const change = await api.call(gz, 'PUT', `/surveys/${survey.id}`, {
      title: '改个名字',
      definition: QUESTIONS,
      audience: { organisationIds: [org.guangzhou] },
    });
    expect(change.statusCode).toBe(409);
  });

  it('starts the workforce survey from its template, with its sampling plan as quotas on cities and counties', async () => {
    const survey = (await api.ok(
      gz,
      'POST',
      '/surveys',
      {
        organisationId: org.guangzhou,
        title: '2026年职工队伍状况调查',
        template: 'workforce',
        definition: QUESTIONS,
        audience: { organisationIds: [org.guangzhou] },
      },
      201,
    )) as View & {
      definition: { sections: { id: string }[] };
      quotas: { organisationId: number; cell: { value: string }; target: number }[];
    };
    expect(survey.definition.sections.map((s) => s.id)).toEqual(['basic', 'work', 'union', 'nonunion', 'advice']);
    const counties = (
      await t.db.execute<{ id: string }>(sql`SELECT id FROM organisations o
      WHERE o.level = 'county' AND o.path <@ (SELECT path FROM organisations WHERE id = ${org.guangzhou})`)
    ).rows.length;
    const city = survey.quotas.filter((q) => q.organisationId === org.guangzhou);
    expect(Object.fromEntries(city.map((q) => [q.cell.value, q.target]))).toEqual({
      worker: 400 + 100 * counties,
      chair: 40 + 10 * counties,
      non_union: 100,
    });
    const tianhe = survey.quotas.filter((q) => q.organisationId === org.tianhe);
    expect(Object.fromEntries(tianhe.map((q) => [q.cell.value, q.target]))).toEqual({ worker: 100, chair: 10 });
  });
});

describe('who a survey reaches, and answering it', () => {
  it('reaches exactly its audience, invites it into the inbox, and is 404 to anyone else', async () => {
    const survey = await opened(gz, org.guangzhou!, {
      audience: { organisationIds: [org.tianhe], employmentForms: ['gig'] },
    });
    await inviteOpened(t.jobDeps);
    const riderList = await api.ok(rider, 'GET', '/my/surveys');
    expect(riderList.items.map((s: { id: number }) => s.id)).toContain(survey.id);
    expect((await api.ok(worker, 'GET', '/my/surveys')).items.map((s: { id: number }) => s.id)).not.toContain(
      survey.id,
    );
    expect((await api.call(worker, 'GET', `/my/surveys/${survey.id}`)).statusCode).toBe(404);
    expect(
      (await api.call(worker, 'POST', `/my/surveys/${survey.id}/submit`, { answers: { kind: 'b', hours: 1 } }))
        .statusCode,
    ).toBe(404);
    const inbox = await api.ok(rider, 'GET', '/messages?category=survey');
    expect(inbox.items.filter((m: { link: string }) => m.link === `/app/surveys/${survey.id}`)).toHaveLength(1);
    await inviteOpened(t.jobDeps);
    const again = await api.ok(rider, 'GET', '/messages?category=survey');
    expect(again.items.filter((m: { link: string }) => m.link === `/app/surveys/${survey.id}`)).toHaveLength(1);
  });

  it('invites everyone once even when the job stops half-way through the invitations', async () => {
    await inviteOpened(t.jobDeps); // nothing else due: the job below sees this survey alone
    const survey = await opened(gz, org.guangzhou!, { audience: { organisationIds: [org.tianhe] } });
    // The job's second transaction (the first batch of invitations) fails, as if the process died.
    let transactions = 0;
    const stopping = new Proxy(t.jobDeps.db, {
      get(target, property, receiver) {
        if (property !== 'transaction') return Reflect.get(target, property, receiver);
        return (...args: Parameters<typeof target.transaction>) => {
          transactions += 1;
          if (transactions === 2) throw new Error('the job stopped');
          return target.transaction(...args);
        };
      },
    });
    await expect(inviteOpened({ ...t.jobDeps, db: stopping })).rejects.toThrow('the job stopped');
    const invitations = async () =>
      (await api.ok(rider, 'GET', '/messages?category=survey')).items.filter(
        (m: { link: string }) => m.link === `/app/surveys/${survey.id}`,
      ).length;
    expect(await invitations()).toBe(0);
    // The next run invites, and a run after it (the survey now done) invites nobody again.
    await inviteOpened(t.jobDeps);
    expect(await invitations()).toBe(1);
    await t.db.execute(sql`UPDATE surveys SET counted_at = NULL WHERE id = ${survey.id}`);
    await inviteOpened(t.jobDeps);
    expect(await invitations()).toBe(1);
  });

  it('saves progress encrypted to resume, checks answers on the server, takes one answer each', async () => {
    const survey = await opened(gz, org.guangzhou!, { audience: { organisationIds: [org.tianhe] } });
    await api.ok(rider, 'PUT', `/my/surveys/${survey.id}/draft`, {
      answers: { kind: 'a', note: '想要夜间驿站' },
      section: 'more',
    });
    const resumed = (await api.ok(rider, 'GET', `/my/surveys/${survey.id}`)) as View;
    expect(resumed.draft).toEqual({ answers: { kind: 'a', note: '想要夜间驿站' }, section: 'more' });
    const stored = await t.db.execute<{ sealed: Buffer }>(
      sql`SELECT sealed FROM survey_drafts WHERE survey_id = ${survey.id}`,
    );
    expect(stored.rows[0]!.sealed.toString('utf8')).not.toContain('夜间驿站');
    const bad = await api.call(rider, 'POST', `/my/surveys/${survey.id}/submit`, {
      answers: { kind: 'a', hours: 500 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'answers.hours' })]);
    const shape = await api.call(rider, 'POST', `/my/surveys/${survey.id}/submit`, { answers: { kind: { x: 1 } } });
    expect(shape.statusCode).toBe(400);
    await api.ok(rider, 'POST', `/my/surveys/${survey.id}/submit`, {
      answers: { kind: 'a', hours: 50, note: '想要夜间驿站' },
    });
    const twice = await api.call(rider, 'POST', `/my/surveys/${survey.id}/submit`, {
      answers: { kind: 'b', hours: 1 },
    });
    expect(twice.statusCode).toBe(409);
    expect(((await api.ok(rider, 'GET', `/my/surveys/${survey.id}`)) as View).answered).toBe(true);
    const drafts = await t.db.execute(sql`SELECT 1 FROM survey_drafts WHERE survey_id = ${survey.id}`);
    expect(drafts.rows).toHaveLength(0);
    const named = await t.db.execute<{ answers: Record<string, unknown> }>(
      sql`SELECT answers FROM survey_responses WHERE survey_id = ${survey.id}`,
    );
    expect(named.rows.map((r) => r.answers)).toEqual([{ kind: 'a', hours: 50, note: '想要夜间驿站' }]);
  });

  it('closes on its date, and takes nothing after', async () => {
    const survey = await opened(gz, org.guangzhou!, {
      audience: { organisationIds: [org.tianhe] },
      closesAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await t.db.execute(sql`UPDATE surveys SET closes_at = now() - interval '1 second' WHERE id = ${survey.id}`);
    const late = await api.call(rider, 'POST', `/my/surveys/${survey.id}/submit`, { answers: { kind: 'b', hours: 1 } });
    expect(late.statusCode).toBe(409);
    expect(await closeDue(t.jobDeps)).toBeGreaterThanOrEqual(1);
    expect(((await api.ok(gz, 'GET', `/surveys/${survey.id}`)) as { closedReason: string }).closedReason).toBe('date');
  });
});

describe('two servers taking answers', () => {
  it('take each person’s answer once when both get it at the same moment', async () => {
    // A second server: its own connections, so its own batches, beside the first's.
    const other = connect(t.testDb.url, { max: 5 });
    try {
      const survey = await opened(sz, org.shenzhen!);
      const group = people.slice(0, 20);
      const outcomes = await Promise.allSettled(
        group.flatMap((userId) =>
          [t.jobDeps, { ...t.jobDeps, db: other.db }].map((deps) =>
            submit(deps, contextOf(userId), survey.id, { kind: 'a', hours: 40 }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(group.length);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.code).toBe('reach.survey_answered');
      const stored = await t.db.execute<{ n: string }>(
        sql`SELECT count(*) AS n FROM survey_responses WHERE survey_id = ${survey.id}`,
      );
      expect(Number(stored.rows[0]!.n)).toBe(group.length);
      const tallies = await expectTalliesAgree(survey.id);
      expect(tallies.filter((r) => r.question === '').reduce((n, r) => n + r.n, 0)).toBe(group.length);
    } finally {
      await other.pool.end();
    }
  });
});

describe('quota rules', () => {
  // Paths as the tree has them: 1 the province, 1.2 a city, 1.2.3 / 1.2.4 its districts, 1.2.3.5 a union.
  const q = (path: string, target: number, extra: { industry?: string; cell?: string } = {}) => ({
    organisationId: Number(path.split('.').at(-1)),
    path,
    target,
    industry: extra.industry ?? null,
    cell: extra.cell ? { questionId: 'kind', value: extra.cell } : null,
  });
  it.each([
    ['children within the parent', [q('1.2', 100), q('1.2.3', 60), q('1.2.4', 40)], null],
    ['children over the parent', [q('1.2', 100), q('1.2.3', 60), q('1.2.4', 41)], 0],
    [
      'only the nearest count (a grandchild inside its district)',
      [q('1.2', 100), q('1.2.3', 60), q('1.2.3.5', 60), q('1.2.4', 40)],
      null,
    ],
    ['a grandchild over its district', [q('1.2', 100), q('1.2.3', 60), q('1.2.3.5', 61)], 1],
    ['a grandchild with no district between counts for the city', [q('1.2', 100), q('1.2.3.5', 70), q('1.2.4', 40)], 0],
    ['other kinds are apart (industry)', [q('1.2', 100), q('1.2.3', 90, { industry: 'C' }), q('1.2.4', 90)], null],
    [
      'other kinds are apart (cell)',
      [q('1.2', 10, { cell: 'a' }), q('1.2.3', 8, { cell: 'a' }), q('1.2.4', 5, { cell: 'a' })],
      0,
    ],
    ['siblings are not nested', [q('1.2.3', 1), q('1.2.4', 100)], null],
  ] as const)('%s', (_, quotas, expected) => {
    expect(overAllocated(quotas as never)).toBe(expected);
  });
});

describe('quotas', () => {
  it('are never overfilled, with sixty answers at once; the survey closes when they fill', async () => {
    const survey = await opened(sz, org.shenzhen!, {
      quotas: [
        { organisationId: org.shenzhen, target: 30 },
        { organisationId: org.bay, cell: { questionId: 'kind', value: 'a' }, target: 20 },
      ],
      closeWhenFull: true,
    });
    // Forty of kind a at once (the cell takes twenty), then twenty of kind b at once (the union takes ten more).
    const race = (group: string[], kind: string) =>
      Promise.allSettled(group.map((userId) => submit(t.jobDeps, contextOf(userId), survey.id, { kind, hours: 40 })));
    const outcomes = [
      ...(await race(
        people.filter((_, i) => i % 3 !== 0),
        'a',
      )),
      ...(await race(
        people.filter((_, i) => i % 3 === 0),
        'b',
      )),
    ];
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(30);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect(['reach.survey_quota_full', 'reach.survey_not_open']).toContain(o.reason.code);
    const view = (await api.ok(sz, 'GET', `/surveys/${survey.id}`)) as View & { closedReason: string };
    expect(view.quotas.map((q) => [q.target, q.filled])).toEqual([
      [30, 30],
      [20, 20],
    ]);
    expect(view.status).toBe('closed');
    expect(view.closedReason).toBe('quota');
    const stored = await t.db.execute<{ n: string; a: string }>(sql`SELECT count(*) AS n,
      count(*) FILTER (WHERE answers->>'kind' = 'a') AS a FROM survey_responses WHERE survey_id = ${survey.id}`);
    expect([Number(stored.rows[0]!.n), Number(stored.rows[0]!.a)]).toEqual([30, 20]);
    // Counted as they were taken, sixty at once: the thirty taken, no more.
    const tallies = await expectTalliesAgree(survey.id);
    expect(tallies.filter((r) => r.question === '').reduce((n, r) => n + r.n, 0)).toBe(30);
  });

  it('are shared down the tree by each node’s cadres, never beyond the node’s own', async () => {
    const survey = await opened(gz, org.guangzhou!, { quotas: [{ organisationId: org.guangzhou, target: 100 }] });
    await api.ok(gz, 'POST', `/surveys/${survey.id}/quotas`, {
      organisationId: org.guangzhou,
      allocations: [{ organisationId: org.tianhe, target: 60 }],
    });
    const over = await api.call(gz, 'POST', `/surveys/${survey.id}/quotas`, {
      organisationId: org.tianhe,
      allocations: [
        { organisationId: org.riders, target: 40 },
        { organisationId: org.software, target: 30 },
      ],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0].field).toMatch(/^allocations\.\d\.target$/);
    // The grassroots cadre of 天河软件园 cannot share Tianhe's quota, nor touch Guangzhou's.
    const below = await api.call(unionCadre, 'POST', `/surveys/${survey.id}/quotas`, {
      organisationId: org.tianhe,
      allocations: [{ organisationId: org.software, target: 5 }],
    });
    expect(below.statusCode).toBe(404);
    const outsider = await api.call(sz, 'POST', `/surveys/${survey.id}/quotas`, {
      organisationId: org.guangzhou,
      allocations: [{ organisationId: org.tianhe, target: 5 }],
    });
    expect(outsider.statusCode).toBe(404);
    await api.ok(gz, 'POST', `/surveys/${survey.id}/quotas`, {
      organisationId: org.tianhe,
      allocations: [{ organisationId: org.riders, target: 1 }],
    });
    await api.ok(rider, 'POST', `/my/surveys/${survey.id}/submit`, { answers: { kind: 'b', hours: 20 } });
    // From Tianhe, the branch that holds the riders' union shows its quota filled; under it, the union.
    const fromTianhe = await api.ok(gz, 'GET', `/surveys/${survey.id}/fill?organisationId=${org.tianhe}`);
    const branch = fromTianhe.rows.find((r: { answers: number }) => r.answers === 1);
    expect([branch.target, branch.filled]).toEqual([1, 1]);
    const parent = (await t.db.select().from(organisations).where(eq(organisations.id, org.riders!)))[0]!.parentId!;
    const fill = await api.ok(gz, 'GET', `/surveys/${survey.id}/fill?organisationId=${parent}`);
    const riders = fill.rows.find((r: { organisationId: number }) => r.organisationId === org.riders);
    expect([riders.target, riders.filled, riders.answers]).toEqual([1, 1, 1]);
    // The fill seen from 天河软件园's cadre is their own union only.
    expect(
      (await api.call(unionCadre, 'GET', `/surveys/${survey.id}/fill?organisationId=${org.tianhe}`)).statusCode,
    ).toBe(404);
  });
});

describe('chasing', () => {
  it('reminds a branch’s members who have not answered, once a day, by those who manage surveys there', async () => {
    const survey = await opened(gz, org.guangzhou!, { audience: { organisationIds: [org.tianhe] } });
    const first = await api.ok(gz, 'POST', `/surveys/${survey.id}/remind`, { organisationIds: [org.riders] });
    expect(first.organisations).toBe(1);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect(await api.ok(gz, 'POST', `/surveys/${survey.id}/remind`, { organisationIds: [org.riders] })).toEqual({
      reminded: 0,
      organisations: 0,
    });
    const auditor = await login(t.app, 'auditor');
    expect(
      (await api.call(auditor, 'POST', `/surveys/${survey.id}/remind`, { organisationIds: [org.riders] })).statusCode,
    ).toBe(403);
    const inbox = await api.ok(rider, 'GET', '/messages?category=survey');
    expect(
      inbox.items.some(
        (m: { kind: string; link: string }) => m.kind === 'survey.remind' && m.link === `/app/surveys/${survey.id}`,
      ),
    ).toBe(true);
  });
});

describe('enumerators', () => {
  it('enter their own unit’s paper questionnaires, and nobody else can', async () => {
    const survey = await opened(gz, org.guangzhou!, {
      audience: { organisationIds: [org.tianhe] },
      quotas: [{ organisationId: org.tianhe, target: 50 }],
    });
    const union = (await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'union.cadre')))[0]!.id;
    const gzUser = (await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'gz.cadre')))[0]!.id;
    await api.ok(gz, 'PUT', `/surveys/${survey.id}/enumerators`, {
      enumerators: [
        { organisationId: org.software, userId: union },
        { organisationId: org.riders, userId: gzUser },
      ],
    });
    // A cadre below the surveying federation sees the enumerators and quotas of their own subtree only.
    const seen = (await api.ok(unionCadre, 'GET', `/surveys/${survey.id}`)) as {
      enumerators: { organisationId: number }[];
      quotas: unknown[];
    };
    expect(seen.enumerators.map((e) => e.organisationId)).toEqual([org.software]);
    expect(seen.quotas).toEqual([]);
    const whole = (await api.ok(gz, 'GET', `/surveys/${survey.id}`)) as { enumerators: unknown[]; quotas: unknown[] };
    expect([whole.enumerators.length, whole.quotas.length]).toEqual([2, 1]);
    await api.ok(unionCadre, 'POST', `/surveys/${survey.id}/paper`, {
      organisationId: org.software,
      answers: { kind: 'b', hours: 44 },
    });
    expect(
      (
        await api.call(unionCadre, 'POST', `/surveys/${survey.id}/paper`, {
          organisationId: org.riders,
          answers: { kind: 'b', hours: 1 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await api.call(rider, 'POST', `/surveys/${survey.id}/paper`, {
          organisationId: org.software,
          answers: { kind: 'b', hours: 1 },
        })
      ).statusCode,
    ).toBe(404);
    const rows = await t.db.execute<{ mode: string; organisation_id: string }>(
      sql`SELECT mode, organisation_id FROM survey_responses WHERE survey_id = ${survey.id}`,
    );
    expect(rows.rows.map((r) => [r.mode, Number(r.organisation_id)])).toEqual([['paper', org.software]]);
    expect((await expectTalliesAgree(survey.id)).find((r) => r.question === 'hours' && r.value === '')).toEqual(
      expect.objectContaining({ organisationId: org.software, n: 1, s: 44 }),
    );
  });
});

describe('results', () => {
  let surveyId: number;
  beforeAll(async () => {
    const survey = await opened(sz, org.shenzhen!);
    surveyId = survey.id;
    // 23 answers: 20 of kind a (needs legal for 12, aid for 8), 3 of kind b.
    for (const [i, userId] of people.slice(0, 23).entries())
      await submit(
        t.jobDeps,
        contextOf(userId),
        survey.id,
        i < 20 ? { kind: 'a', hours: 40 + (i % 2), needs: [i < 12 ? 'legal' : 'aid'] } : { kind: 'b', hours: 10 },
      );
  }, 60_000);

  it('counts each question, with small cells suppressed (and one more beside them)', async () => {
    const results = await api.ok(sz, 'GET', `/surveys/${surveyId}/results`);
    expect(results.answers).toBe(23);
    const kind = results.questions.find((q: { id: string }) => q.id === 'kind');
    // 3 is under five, and hiding it alone would give it away as 23 − 20.
    expect(kind.counts.map((c: { count: number | null }) => c.count)).toEqual([null, null]);
    const needs = results.questions.find((q: { id: string }) => q.id === 'needs');
    expect(needs.counts.map((c: { count: number | null }) => c.count)).toEqual([12, 8]);
    const hours = results.questions.find((q: { id: string }) => q.id === 'hours');
    expect(hours.mean).toBeCloseTo((10 * 40 + 10 * 41 + 3 * 10) / 23, 2);
  });

  it('crosses by region, industry and a question', async () => {
    const byRegion = await api.ok(sz, 'GET', `/surveys/${surveyId}/results?by=region&question=needs`);
    expect(byRegion.questions[0].crosstab.rows.map((r: { counts: unknown[] }) => r.counts)).toEqual([[12, 8]]);
    const byKind = await api.ok(sz, 'GET', `/surveys/${surveyId}/results?by=question&against=kind&question=needs`);
    expect(byKind.questions[0].crosstab.rows).toEqual([
      expect.objectContaining({ key: 'a', label: '甲', counts: [12, 8], total: 20 }),
    ]);
    expect((await api.call(sz, 'GET', `/surveys/${surveyId}/results?by=question&against=note`)).statusCode).toBe(422);
    expect((await api.call(gz, 'GET', `/surveys/${surveyId}/results`)).statusCode).toBe(404);
  });

  it('exports Excel with the suppressed tables, and the answers as CSV with a codebook (audited)', async () => {
    const xlsx = await api.call(sz, 'GET', `/surveys/${surveyId}/export?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('<5');
    expect(cells).toContain('12');
    const csv = await api.call(sz, 'GET', `/surveys/${surveyId}/export?format=csv`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(24);
    expect(lines[0]).toContain('needs_legal');
    const codebook = await api.call(sz, 'GET', `/surveys/${surveyId}/export?format=codebook`);
    expect(codebook.body).toContain('needs_aid');
    expect(codebook.body).toContain('甲');
    const audited = await t.db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'survey.export' AND subject_id = ${String(surveyId)}`,
    );
    expect(audited.rows).toHaveLength(3);
    const auditor = await login(t.app, 'auditor');
    expect((await api.call(auditor, 'GET', `/surveys/${surveyId}/export?format=csv`)).statusCode).toBe(403);
  });
});

describe('results of every kind of question', () => {
  const options = [
    { value: 'x', label: 'X' },
    { value: 'y', label: 'Y' },
  ];
  const EVERY_KIND = {
    sections: [
      {
        id: 'all',
        questions: [
          { id: 's', type: 'single', title: 's', options: [...options, { value: 'z', label: 'Z' }] },
          { id: 'm', type: 'multiple', title: 'm', options },
          { id: 'g', type: 'matrix', title: 'g', options, rows: ['r1', 'r2'].map((v) => ({ value: v, label: v })) },
          { id: 'k', type: 'scale', title: 'k', min: 1, max: 5 },
          { id: 'n', type: 'number', title: 'n', min: 0, max: 100 },
          { id: 't', type: 'text', title: 't' },
          { id: 'p', type: 'region', title: 'p' },
          { id: 'dt', type: 'date', title: 'dt' },
        ],
      },
    ],
  };
  // Thirty answers; a multiple ticks one or two choices (so respondents are not ticks), the text
  // and the date are left out by some.
  const answers = Array.from({ length: 30 }, (_, i) => ({
    s: ['x', 'y'][i % 2]!,
    m: [['x', 'y'], ['x'], ['y']][i % 3]!,
    g: { r1: i % 2 ? 'x' : 'y', r2: i % 3 ? 'x' : 'y' },
    k: 1 + (i % 5),
    n: i,
    ...(i % 6 ? { t: `意见${i}` } : {}),
    p: ['440106', '440305'][i % 2]!,
    ...(i % 5 ? { dt: `2026-12-0${1 + (i % 5)}` } : {}),
  }));
  type Answer = (typeof answers)[number];
  /** The values an answer gives a question, as the results count them. */
  const valuesIn = (answer: Answer, id: string): string[] => {
    const value = (answer as Record<string, unknown>)[id];
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    if (typeof value === 'object') return Object.entries(value as object).map(([row, column]) => `${row}:${column}`);
    return [String(value)];
  };
  let surveyId: number;
  beforeAll(async () => {
    const survey = await opened(sz, org.shenzhen!, { definition: EVERY_KIND, title: '各类题型' });
    surveyId = survey.id;
    for (const [i, answer] of answers.entries()) await submit(t.jobDeps, contextOf(people[i]!), survey.id, answer);
  }, 60_000);

  it('counts each kind as the answers say', async () => {
    const results = await api.ok(sz, 'GET', `/surveys/${surveyId}/results`);
    expect(results.answers).toBe(30);
    for (const question of results.questions as {
      id: string;
      answered: number;
      counts: { value: string; count: number }[];
      mean: number | null;
    }[]) {
      const given = answers.filter((a) => valuesIn(a, question.id).length > 0);
      expect(question.answered, question.id).toBe(given.length);
      for (const { value, count } of question.counts)
        expect(count, `${question.id} ${value}`).toBe(
          given.filter((a) => valuesIn(a, question.id).includes(value)).length,
        );
      if (question.id === 'n') expect(question.mean).toBe(14.5);
      if (question.id === 'k') expect(question.mean).toBe(3);
    }
    const counted = Object.fromEntries(
      results.questions.map((q: { id: string; counts: unknown[] }) => [q.id, q.counts.length]),
    );
    expect(counted).toEqual({ s: 3, m: 2, g: 4, k: 5, n: 0, t: 0, p: 2, dt: 0 });
  });

  it('counts each kind as the answer is written, as the stored answers count again', async () => {
    const tallies = await expectTalliesAgree(surveyId);
    const at = (question: string, value: string) =>
      tallies.filter((r) => r.question === question && r.value === value).reduce((n, r) => n + r.n, 0);
    expect([at('', ''), at('m', ''), at('m', 'x'), at('g', 'r1:x'), at('t', ''), at('dt', '')]).toEqual([
      30, 30, 20, 15, 25, 24,
    ]);
    // A text or a date is counted, never kept: no tally row carries what someone wrote.
    expect(tallies.filter((r) => ['t', 'dt', 'n'].includes(r.question) && r.value !== '')).toEqual([]);
    expect(tallies.find((r) => r.question === 'n' && r.value === '')?.s).toBe(435);
  });

  it('crosses every question by another’s answer: respondents, not ticks, in each row’s total', async () => {
    const results = await api.ok(sz, 'GET', `/surveys/${surveyId}/results?by=question&against=s`);
    for (const question of results.questions as {
      id: string;
      counts: { value: string }[];
      crosstab: { rows: { key: string; total: number; counts: number[] }[] };
    }[]) {
      // Counted here from the answers, then suppressed as every published table is.
      const table = ['x', 'y'].map((key) => {
        const inRow = answers.filter((a) => a.s === key && valuesIn(a, question.id).length > 0);
        return [
          ...question.counts.map((c) => inRow.filter((a) => valuesIn(a, question.id).includes(c.value)).length),
          inRow.length,
        ];
      });
      const expected = suppressSmallCells(table).map((row, i) => ({
        key: ['x', 'y'][i],
        total: row.at(-1),
        counts: row.slice(0, -1),
      }));
      expect(
        question.crosstab.rows.map(({ key, total, counts }) => ({ key, total, counts })),
        question.id,
      ).toEqual(expected);
    }
  });
});

describe('anonymous surveys', () => {
  const ANSWERERS = 24;
  let surveyId: number;
  const order: string[] = [];
  let beforeMix: Buffer;
  let talliedBeforeMix: TallyRow[];

  beforeAll(async () => {
    const survey = await opened(sz, org.shenzhen!, { anonymous: true, title: '匿名满意度调查' });
    surveyId = survey.id;
    logLines.length = 0;
    // Each answers over HTTP with a text no one else writes, one after another (the order is known).
    for (const [i, userId] of people.slice(30, 30 + ANSWERERS).entries()) {
      const marker = `秘密${randomUUID().slice(0, 8)}`;
      order.push(marker);
      const session = await sessionForUser(t.db, userId);
      await api.ok(session, 'PUT', `/my/surveys/${surveyId}/draft`, {
        answers: { kind: 'a', note: marker },
        section: 'more',
      });
      await api.ok(session, 'POST', `/my/surveys/${surveyId}/submit`, {
        answers: { kind: i % 2 ? 'a' : 'b', hours: 30, ...(i % 2 ? { note: marker } : {}) },
      });
      if (i % 2 === 0) order[order.length - 1] = '';
    }
    await t.db.execute(sql`CHECKPOINT`);
    beforeMix = await walWritten();
    talliedBeforeMix = await talliesOf(t.db, surveyId);
    expect(ANSWERERS).toBeGreaterThanOrEqual(MIX_BATCH);
    expect(await mixDue(t.jobDeps)).toBe(ANSWERERS);
  }, 120_000);

  async function walWritten() {
    const segments = await t.db.execute<{ name: string }>(
      sql`SELECT name FROM pg_ls_waldir() WHERE modification >= now() - interval '10 minutes' ORDER BY name`,
    );
    const parts: Buffer[] = [];
    for (const { name } of segments.rows)
      parts.push(
        (await t.db.execute<{ data: Buffer }>(sql`SELECT pg_read_binary_file(${`pg_wal/${name}`}) AS data`)).rows[0]!
          .data,
      );
    return Buffer.concat(parts);
  }

  it('keeps answers in a table with no person, no time finer than the day and no ordered key', async () => {
    const columns = await t.db.execute<{ column_name: string; data_type: string; column_default: string | null }>(sql`
      SELECT column_name, data_type, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'survey_responses' ORDER BY ordinal_position`);
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      'survey_id',
      'response_key',
      'organisation_id',
      'industry',
      'employment_form',
      'day',
      'mode',
      'answers',
    ]);
    expect(columns.rows.every((c) => c.column_default === null)).toBe(true);
    expect(columns.rows.filter((c) => /time|uuid/.test(c.data_type))).toEqual([]);
    const box = await t.db.execute<{ column_name: string }>(sql`SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'survey_answer_box' ORDER BY ordinal_position`);
    expect(box.rows.map((c) => c.column_name)).toEqual(['survey_id', 'slot', 'sealed']);
    const participants = await t.db.execute<{ response_key: string | null }>(
      sql`SELECT response_key FROM survey_participants WHERE survey_id = ${surveyId}`,
    );
    expect(participants.rows).toHaveLength(ANSWERERS);
    expect(participants.rows.every((p) => p.response_key === null)).toBe(true);
  });

  it('writes the mixed answers in one transaction, in an order unrelated to arrival', async () => {
    const rows = await t.db.execute<{ note: string | null; xmin: string }>(sql`
      SELECT answers->>'note' AS note, xmin::text AS xmin FROM survey_responses WHERE survey_id = ${surveyId} ORDER BY ctid`);
    expect(rows.rows).toHaveLength(ANSWERERS);
    expect(new Set(rows.rows.map((r) => r.xmin)).size).toBe(1);
    const arrival = order.filter(Boolean);
    const heap = rows.rows.map((r) => r.note).filter((n): n is string => n !== null);
    expect(heap.sort()).toEqual([...arrival].sort());
    const heapOrder = rows.rows.map((r) => r.note).filter((n): n is string => n !== null);
    const rank = new Map(arrival.map((r, i) => [r, i]));
    const n = heapOrder.length;
    const d2 = heapOrder.reduce((sum, r, i) => sum + (i - rank.get(r)!) ** 2, 0);
    expect(Math.abs(1 - (6 * d2) / (n * (n * n - 1)))).toBeLessThan(0.8);
  });

  it('leaves no answer beside a person: not in any other table, the WAL before mixing, the logs or the audit', async () => {
    const markers = order.filter(Boolean);
    const tables = await t.db.execute<{ table_name: string }>(sql`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables.rows) {
      const hits = await t.db.execute(
        sql`SELECT 1 FROM ${sql.identifier(table_name)} AS r WHERE r::text LIKE ${`%${markers[0]}%`} LIMIT 1`,
      );
      expect({ table: table_name, hits: hits.rows.length }).toEqual({
        table: table_name,
        hits: table_name === 'survey_responses' ? 1 : 0,
      });
    }
    // Until the mix, the WAL holds the participations (the probe sees a person's id) and only sealed answers.
    expect(beforeMix.includes(Buffer.from(people[30]!.replaceAll('-', ''), 'hex'))).toBe(true);
    for (const marker of markers) expect(beforeMix.includes(Buffer.from(marker)), marker).toBe(false);
    // After the mix the answers are in the WAL, shuffled and with no one: the probe does see them.
    await t.db.execute(sql`CHECKPOINT`);
    expect((await walWritten()).includes(Buffer.from(markers[0]!))).toBe(true);
    const logs = logLines.join('\n');
    for (const marker of markers) expect(logs.includes(marker)).toBe(false);
    const audit = await t.db.execute(
      sql`SELECT changes::text FROM audit_log WHERE subject_type = 'survey' AND subject_id = ${String(surveyId)}`,
    );
    for (const marker of markers) expect(JSON.stringify(audit.rows).includes(marker)).toBe(false);
  });

  it('counts the answers only when they are mixed, a batch at a time, never one answer alone', async () => {
    expect(talliedBeforeMix).toEqual([]);
    const tallies = await expectTalliesAgree(surveyId);
    expect(tallies.filter((r) => r.question === '').reduce((n, r) => n + r.n, 0)).toBe(ANSWERERS);
  });

  it('the draft of an anonymous survey is sealed, and gone at submission', async () => {
    const drafts = await t.db.execute(sql`SELECT 1 FROM survey_drafts WHERE survey_id = ${surveyId}`);
    expect(drafts.rows).toHaveLength(0);
  });
});
