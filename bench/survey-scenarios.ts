/**
 * Surveys at the scale's size: answers submitted over HTTP by members signed in (each once, many at
 * a time, every answer checked against the questionnaire, its quota locked and counted), and the
 * results of a survey of 1,000,000 answers crossed by region (the province's cities) for one
 * question, as a cadre asks for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MembershipBench } from './membership-scenarios';

type SurveyBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'percentile' | 'timeEach'> & {
  password: string;
  /** The trivial route's requests per second in this run: the HTTP ceiling. */
  httpCeiling: number | null;
};

const RESPONDENTS = 20_000;
const IN_FLIGHT = 64;
const ANSWERS = 1_000_000;

const QUESTIONS = {
  sections: [
    {
      id: 's1',
      questions: [
        {
          id: 'q1',
          type: 'single',
          title: '满意度',
          required: true,
          options: ['1', '2', '3', '4', '5'].map((value) => ({ value, label: value })),
        },
        { id: 'q2', type: 'number', title: '工时', required: true, min: 0, max: 120 },
        {
          id: 'q3',
          type: 'multiple',
          title: '需要',
          options: ['a', 'b', 'c'].map((value) => ({ value, label: value })),
        },
      ],
    },
  ],
};

export async function benchSurveys(b: SurveyBench) {
  const one = async <T>(query: ReturnType<typeof sql>) => (await b.db.execute(query)).rows[0] as T;
  const login = await fetch(`${b.address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'bench.admin', password: b.password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const admin = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken };
  const send = async (cookie: string, csrf: string, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${b.address}/api/v1${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ id: number }>;
  };
  const root = await one<{ id: string }>(sql`SELECT id FROM organisations WHERE parent_id IS NULL ORDER BY id LIMIT 1`);

  // A survey of the whole province, with a quota on the province (every answer locks and counts it).
  const survey = await send(admin.cookie, admin.csrfToken, 'POST', '/surveys', {
    organisationId: Number(root.id),
    title: '全省基准问卷',
    definition: QUESTIONS,
    audience: { organisationIds: [Number(root.id)] },
    quotas: [{ organisationId: Number(root.id), target: 10_000_000 }],
  });
  await send(admin.cookie, admin.csrfToken, 'POST', `/surveys/${survey.id}/open`);

  // Members with accounts and sessions, written directly (argon2 would measure the password hash).
  const respondents = (
    await b.db.execute<{ user_id: string }>(sql`
      WITH chosen AS (
        SELECT id FROM members WHERE status = 'active' AND user_id IS NULL
        ORDER BY hashint4(id::int + 7) LIMIT ${RESPONDENTS}
      ), created AS (
        INSERT INTO users (username, display_name, kind)
        SELECT 'bench.respondent.' || id, 'respondent', 'member' FROM chosen RETURNING id, username
      ), linked AS (
        UPDATE members m SET user_id = c.id FROM created c
        WHERE c.username = 'bench.respondent.' || m.id RETURNING c.id AS user_id
      )
      SELECT user_id FROM linked`)
  ).rows;
  const cookies = respondents.map(() => randomBytes(32).toString('base64url'));
  await b.db.execute(sql`
    INSERT INTO sessions (id, user_id, csrf_token, expires_at, idle_seconds)
    SELECT s.id, s.user_id, 'bench', now() + interval '1 hour', 3600 FROM unnest(
      ${`{${cookies.map((token) => createHash('sha256').update(token).digest('hex')).join(',')}}`}::text[],
      ${`{${respondents.map((r) => r.user_id).join(',')}}`}::uuid[]
    ) AS s(id, user_id)`);
  await b.db.execute(sql`ANALYZE users, sessions, members`);

  // Each respondent submits once, IN_FLIGHT at a time. The first half as if each had had the form
  // open longer than the session cache keeps a session (every session and member looked up); the
  // second half open the survey first, as the member app does before it can answer (not timed).
  const each = async (from: number, to: number, request: (i: number) => Promise<Response>) => {
    let next = from;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < to; i = next++) {
          const response = await request(i);
          if (!response.ok) refused++;
          await response.arrayBuffer();
        }
      }),
    );
    if (refused > 0) throw new Error(`${refused} requests refused`);
    return (to - from) / ((performance.now() - started) / 1000);
  };
  const answer = (i: number) =>
    fetch(`${b.address}/api/v1/my/surveys/${survey.id}/submit`, {
      method: 'POST',
      headers: { cookie: `gh_session=${cookies[i]}`, 'x-csrf-token': 'bench', 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { q1: String(1 + (i % 5)), q2: 20 + (i % 60), q3: i % 2 ? ['a'] : ['b', 'c'] } }),
    });
  const half = Math.floor(cookies.length / 2);
  const cold = await each(0, half, answer);
  await each(half, cookies.length, (i) =>
    fetch(`${b.address}/api/v1/my/surveys/${survey.id}`, { headers: { cookie: `gh_session=${cookies[i]}` } }),
  );
  const warm = await each(half, cookies.length, answer);
  const stored = await one<{ n: string; filled: number }>(sql`
    SELECT (SELECT count(*) FROM survey_responses WHERE survey_id = ${survey.id}) AS n,
           (SELECT filled FROM survey_quotas WHERE survey_id = ${survey.id}) AS filled`);
  if (Number(stored.n) !== cookies.length || stored.filled !== cookies.length)
    throw new Error(`${stored.n} answers and a quota of ${stored.filled} for ${cookies.length} submitted`);
  const ceiling = b.httpCeiling ? { ceiling: b.httpCeiling } : {};
  b.record(
    `survey answers over HTTP, survey opened first (${(cookies.length - half).toLocaleString('en')} members, ${IN_FLIGHT} at a time, quota locked)`,
    warm,
    'answers/s',
    { target: '≥ 1,000', pass: warm >= 1000, ...ceiling },
  );
  b.record(
    `the same, every session and member looked up (${half.toLocaleString('en')} members)`,
    cold,
    'answers/s',
    ceiling,
  );

  // A survey with a million answers from the grassroots unions of the whole tree, then its results
  // for one question crossed by region (the province's children), as the console asks.
  const big = await send(admin.cookie, admin.csrfToken, 'POST', '/surveys', {
    organisationId: Number(root.id),
    title: '全省百万答卷基准问卷',
    definition: QUESTIONS,
    audience: { organisationIds: [Number(root.id)] },
  });
  await send(admin.cookie, admin.csrfToken, 'POST', `/surveys/${big.id}/open`);
  await b.db.execute(sql`
    WITH unions AS (SELECT array_agg(id ORDER BY id) AS ids FROM organisations WHERE level = 'grassroots')
    INSERT INTO survey_responses (survey_id, response_key, organisation_id, industry, employment_form, day, mode, answers)
    SELECT ${big.id}::int8, md5(i::text), u.ids[1 + (hashint4(i) & 2147483647) % cardinality(u.ids)], 'C', 'standard',
      current_date, 'online',
      jsonb_build_object('q1', (1 + i % 5)::text, 'q2', 20 + i % 60, 'q3', CASE WHEN i % 2 = 0 THEN '["a"]'::jsonb ELSE '["b","c"]'::jsonb END)
    FROM generate_series(1, ${ANSWERS}::int) i, unions u`);
  await b.db.execute(sql`VACUUM ANALYZE survey_responses`);
  const crosstab = await b.timeEach(10, async () => {
    const response = await fetch(
      `${b.address}/api/v1/surveys/${big.id}/results?by=region&question=q1&organisationId=${root.id}`,
      { headers: { cookie: admin.cookie } },
    );
    if (!response.ok) throw new Error(`results: ${response.status} ${await response.text()}`);
    const results = (await response.json()) as { answers: number; questions: { crosstab: { rows: unknown[] } }[] };
    if (results.answers !== ANSWERS || results.questions[0]!.crosstab.rows.length === 0)
      throw new Error(`a crosstab of ${results.answers} answers`);
  });
  const crosstabP95 = b.percentile(crosstab, 95);
  b.record(
    `survey results: ${ANSWERS.toLocaleString('en')} answers, one question by region (the province's children) p95`,
    crosstabP95,
    'ms',
    { target: '< 1000', pass: crosstabP95 < 1000 },
  );
}
