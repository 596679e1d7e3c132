/**
 * Surveys at the scale's size: answers submitted over HTTP by members signed in (each once, many at
 * a time, every answer checked against the questionnaire, its quota locked and counted), and the
 * results of a survey of 1,000,000 answers (100,000 at smoke scale) crossed by region (the
 * province's cities) for one question, as a cadre asks for them.
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { retally } from '../server/src/modules/reach/surveys.repository';
import { membersWithSessions, signedIn } from './bench-people';
import type { MembershipBench } from './membership-scenarios';

type SurveyBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'percentile' | 'timeEach'> & {
  password: string;
  /** The trivial route's requests per second in this run: the HTTP ceiling. */
  httpCeiling: number | null;
  /** Answers of the survey whose results are crossed: 1,000,000 (the issue's), 100,000 at smoke scale. */
  answers: number;
};

const RESPONDENTS = 20_000;
const IN_FLIGHT = 64;

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
  const admin = await signedIn(b.address, 'bench.admin', b.password);
  const root = await one<{ id: string }>(sql`SELECT id FROM organisations WHERE parent_id IS NULL ORDER BY id LIMIT 1`);

  // A survey of the whole province, with a quota on the province (every answer locks and counts it).
  const survey = await admin.send('POST', '/surveys', {
    organisationId: Number(root.id),
    title: '全省基准问卷',
    definition: QUESTIONS,
    audience: { organisationIds: [Number(root.id)] },
    quotas: [{ organisationId: Number(root.id), target: 10_000_000 }],
  });
  await admin.send('POST', `/surveys/${survey.id}/open`);

  const cookies = await membersWithSessions(b.db, 'bench.respondent', RESPONDENTS, 7);

  // Each respondent submits once, IN_FLIGHT at a time, sent by autocannon (the client the trivial
  // route's ceiling is measured with, so the two compare). The first half as if each had had the form
  // open longer than the session cache keeps a session (every session and member looked up); the
  // second half open the survey first, as the member app does before it can answer (not timed).
  const each = async (from: number, to: number, method: 'GET' | 'POST', path: string) => {
    let next = from;
    let refused = 0;
    const started = performance.now();
    let last = started;
    const result = await autocannon({
      url: `${b.address}${path}`,
      connections: IN_FLIGHT,
      amount: to - from,
      requests: [
        {
          method,
          setupRequest: (request) => {
            const i = next++;
            const headers = { ...request.headers, cookie: `gh_session=${cookies[i]}` };
            if (method === 'GET') return { ...request, headers };
            return {
              ...request,
              headers: { ...headers, 'x-csrf-token': 'bench', 'content-type': 'application/json' },
              body: JSON.stringify({
                answers: { q1: String(1 + (i % 5)), q2: 20 + (i % 60), q3: i % 2 ? ['a'] : ['b', 'c'] },
              }),
            };
          },
          onResponse: (status) => {
            last = performance.now();
            if (status < 200 || status > 299) refused++;
          },
        },
      ],
    });
    if (refused > 0 || result.errors > 0 || result.timeouts > 0)
      throw new Error(`${refused} requests refused, ${result.errors} errors, ${result.timeouts} timeouts`);
    return (to - from) / ((last - started) / 1000);
  };
  const submit = `/api/v1/my/surveys/${survey.id}/submit`;
  const half = Math.floor(cookies.length / 2);
  const cold = await each(0, half, 'POST', submit);
  await each(half, cookies.length, 'GET', `/api/v1/my/surveys/${survey.id}`);
  const warm = await each(half, cookies.length, 'POST', submit);
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

  // A survey with a million answers (a tenth at smoke scale) from the grassroots unions of the whole
  // tree (written directly, counted, then checkpointed), and its results for one question crossed by
  // region, as the console asks.
  const big = await admin.send('POST', '/surveys', {
    organisationId: Number(root.id),
    title: '全省百万答卷基准问卷',
    definition: QUESTIONS,
    audience: { organisationIds: [Number(root.id)] },
  });
  await admin.send('POST', `/surveys/${big.id}/open`);
  await b.db.execute(sql`
    WITH unions AS (SELECT array_agg(id ORDER BY id) AS ids FROM organisations WHERE level = 'grassroots')
    INSERT INTO survey_responses (survey_id, response_key, organisation_id, industry, employment_form, day, mode, answers)
    SELECT ${big.id}::int8, md5(i::text), u.ids[1 + (hashint4(i) & 2147483647) % cardinality(u.ids)], 'C', 'standard',
      current_date, 'online',
      jsonb_build_object('q1', (1 + i % 5)::text, 'q2', 20 + i % 60, 'q3', CASE WHEN i % 2 = 0 THEN '["a"]'::jsonb ELSE '["b","c"]'::jsonb END)
    FROM generate_series(1, ${b.answers}::int) i, unions u`);
  // Counted into the survey's tallies as answers taken one by one would have been (results sum these).
  await retally(b.db, big.id);
  await b.db.execute(sql`VACUUM ANALYZE survey_responses, survey_tallies`);
  await b.db.execute(sql`CHECKPOINT`);
  const crosstab = b.percentile(
    await b.timeEach(10, async () => {
      const response = await fetch(
        `${b.address}/api/v1/surveys/${big.id}/results?by=region&question=q1&organisationId=${root.id}`,
        { headers: { cookie: admin.cookie } },
      );
      if (!response.ok) throw new Error(`results: ${response.status} ${await response.text()}`);
      const results = (await response.json()) as { answers: number; questions: { crosstab: { rows: unknown[] } }[] };
      if (results.answers !== b.answers || results.questions[0]!.crosstab.rows.length === 0)
        throw new Error(`a crosstab of ${results.answers} answers`);
    }),
    95,
  );
  b.record(
    `survey results: ${b.answers.toLocaleString('en')} answers, one question by region (the province's children) p95`,
    crosstab,
    'ms',
    { target: '< 1000', pass: crosstab < 1000 },
  );
}
