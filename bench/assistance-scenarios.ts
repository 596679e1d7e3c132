/**
 * Targeted-assistance scenarios: hardship files for 1% of the members and applications from 10%
 * (so 10,000 files and 100,000 applications at city scale, a third of them approved); then, over
 * HTTP, concurrent approvals racing for a budget that covers a quarter of them (exact to the fen or
 * the row fails), the subtree statistics, the application list, and a disbursement batch of every
 * pending payment: made, exported as the bank file, and its results recorded.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/src/db/client';
import type { PiiCipher } from '../server/src/platform/crypto';
import { todayInChina } from '../server/src/platform/working-days';
import type { MembershipBench } from './membership-scenarios';

type AssistanceBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'percentile' | 'timeEach'> & {
  cipher: PiiCipher;
  password: string;
  members: number;
};

const RACERS = 2_000;
const COVERED = 500;
const RACE_AMOUNT = 20_000;
const CONCURRENCY = 64;

async function generate(db: Db, cipher: PiiCipher, year: number) {
  const household = cipher.encrypt(
    JSON.stringify([
      { name: '基准职工', relation: '本人', birthYear: 1980, monthlyIncomeFen: 250_000 },
      { name: '基准家属', relation: '配偶', birthYear: 1982, health: '慢性病', monthlyIncomeFen: 0 },
    ]),
  );
  const income = cipher.encrypt('125000');
  const account = cipher.encrypt('6222023602012345678');
  const programme = async (name: string, kind: string, amount: object, chain: string[]) =>
    (
      await db.execute<{ id: number }>(sql`
        INSERT INTO assistance_programmes (organisation_id, kind, name, need, rules, documents, amount, chain,
          home_visit_required, dual_approval_from_fen, opens_on, closes_on)
        VALUES (1, ${kind}, ${name}, NULL, '[]', '[]', ${JSON.stringify(amount)}::jsonb, ${JSON.stringify(chain)}::jsonb,
          false, NULL, ${`${year}-01-01`}::date, ${`${year}-12-31`}::date)
        RETURNING id`)
    ).rows[0]!.id;
  const aid = await programme('基准困难帮扶', 'warmth', { kind: 'up_to', maxFen: 500_000 }, ['check', 'review']);
  const race = await programme('基准临时救助', 'emergency', { kind: 'fixed', fen: RACE_AMOUNT }, []);
  const province = (
    await db.execute<{ code: string }>(sql`SELECT left(region_code, 2) AS code FROM organisations WHERE id = 1`)
  ).rows[0]!.code;
  await db.execute(sql`
    INSERT INTO assistance_budgets (province_code, programme_id, organisation_id, year, amount_fen)
    VALUES (${province}, ${aid}, 1, ${year}, 100000000000), (${province}, ${race}, 1, ${year}, ${COVERED * RACE_AMOUNT})`);

  await db.execute(sql`
    INSERT INTO hardship_files (province_code, member_id, organisation_id, tier, primary_cause, level, household_enc,
      income_per_head_enc, household_size, verified_on, next_verification_on)
    SELECT province_code, id, organisation_id, (ARRAY['deep','relative','accident'])[1 + id % 3],
      (ARRAY['illness','disability','child_education','accident','unemployment','low_income','disaster','other'])[1 + id % 8],
      'grassroots', ${household}, ${income}, 2, ${todayInChina()}::date - (id % 365)::int, ${todayInChina()}::date + (id % 365)::int
    FROM members WHERE id % 100 = 0`);
  // A tenth of the members applied this year; a third approved (two in three of those paid).
  await db.execute(sql`
    INSERT INTO assistance_applications (province_code, programme_id, member_id, organisation_id, household_key, period,
      stage, reason, eligibility, requested_fen, limit_fen, approved_fen, bank_name, account_name, account_number_enc,
      consent_at, approved_at, created_at)
    SELECT province_code, ${aid}, id, organisation_id, 'm' || id, ${String(year)},
      (ARRAY['submitted','checked','reviewed','approved','approved','approved','rejected','withdrawn','submitted'])[1 + (id / 10) % 9],
      '基准申请', '{"facts":{},"results":[]}', 100000 + (id % 40) * 10000, 500000,
      CASE WHEN (id / 10) % 9 BETWEEN 3 AND 5 THEN 100000 + (id % 40) * 10000 END,
      '中国工商银行', '基准职工', ${account}, now(),
      CASE WHEN (id / 10) % 9 BETWEEN 3 AND 5 THEN make_timestamptz(${year}, 1 + (id % 11)::int, 15, 10, 0, 0) END,
      make_timestamptz(${year}, 1 + (id % 11)::int, 1, 10, 0, 0)
    FROM members WHERE id % 10 = 0`);
  const budget = (await db.execute<{ id: number }>(sql`SELECT id FROM assistance_budgets WHERE programme_id = ${aid}`))
    .rows[0]!.id;
  await db.execute(sql`
    INSERT INTO assistance_payments (province_code, application_id, organisation_id, budget_id, amount_fen, status,
      reference, bank_name, account_name, account_number_enc, paid_at)
    SELECT province_code, id, 1, ${budget}, approved_fen, CASE WHEN id % 3 = 0 THEN 'pending' ELSE 'paid' END,
      'BF' || province_code || lpad(id::text, 10, '0'), bank_name, account_name, account_number_enc,
      CASE WHEN id % 3 = 0 THEN NULL ELSE approved_at + interval '10 days' END
    FROM assistance_applications WHERE stage = 'approved'`);
  await db.execute(sql`
    UPDATE assistance_budgets b SET committed_fen = s.committed, paid_fen = s.paid
    FROM (SELECT sum(amount_fen) AS committed, sum(amount_fen) FILTER (WHERE status = 'paid') AS paid
      FROM assistance_payments WHERE budget_id = ${budget}) s
    WHERE b.id = ${budget}`);
  // The race: submitted applications to a programme whose budget covers a quarter of them.
  await db.execute(sql`
    INSERT INTO assistance_applications (province_code, programme_id, member_id, organisation_id, household_key, period,
      stage, reason, eligibility, requested_fen, limit_fen, bank_name, account_name, account_number_enc, consent_at)
    SELECT province_code, ${race}, id, organisation_id, 'm' || id, ${String(year)}, 'submitted', '基准临时救助',
      '{"facts":{},"results":[]}', ${RACE_AMOUNT}, ${RACE_AMOUNT}, '中国工商银行', '基准职工', ${account}, now()
    FROM members WHERE id % 10 = 1 ORDER BY id LIMIT ${RACERS}`);
  await db.execute(sql`ANALYZE hardship_files; ANALYZE assistance_applications; ANALYZE assistance_payments`);
  return { race, raceBudget: COVERED * RACE_AMOUNT };
}

/** Runs `task` for each index with at most `width` in flight. */
async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

export async function benchAssistance(b: AssistanceBench) {
  const year = Number(todayInChina().slice(0, 4));
  const started = performance.now();
  const { race, raceBudget } = await generate(b.db, b.cipher, year);
  const [counts] = (
    await b.db.execute<{ files: number; applications: number; payments: number }>(sql`SELECT
      (SELECT count(*)::int FROM hardship_files) AS files, (SELECT count(*)::int FROM assistance_applications) AS applications,
      (SELECT count(*)::int FROM assistance_payments) AS payments`)
  ).rows;
  b.record(
    `assistance generated (${counts!.files.toLocaleString('en')} files, ${counts!.applications.toLocaleString('en')} applications, ${counts!.payments.toLocaleString('en')} payments)`,
    performance.now() - started,
    'ms',
  );

  const login = await fetch(`${b.address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'bench.admin', password: b.password }),
  });
  const body = (await login.json()) as { csrfToken: string };
  const headers = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': body.csrfToken };
  const call = async (method: string, url: string, payload?: unknown) => {
    const response = await fetch(`${b.address}${url}`, {
      method,
      headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return { status: response.status, body: await response.arrayBuffer() };
  };
  const json = (r: { body: ArrayBuffer }) => JSON.parse(Buffer.from(r.body).toString('utf8'));

  // Concurrent approvals racing for one budget row.
  const ids = (
    await b.db.execute<{ id: number }>(
      sql`SELECT id FROM assistance_applications WHERE programme_id = ${race} ORDER BY id`,
    )
  ).rows.map((r) => Number(r.id));
  const raceStarted = performance.now();
  const statuses = await pool(ids.length, CONCURRENCY, async (i) => {
    const r = await call('POST', `/api/v1/assistance/applications/${ids[i]}/actions`, {
      action: 'approve',
      version: 1,
    });
    if (r.status !== 200 && json(r).code !== 'assistance.budget_exhausted') throw new Error(`approval: ${r.status}`);
    return r.status;
  });
  const raceSeconds = (performance.now() - raceStarted) / 1000;
  const approved = statuses.filter((s) => s === 200).length;
  const [money] = (
    await b.db.execute<{ committed: string; paid: string; rows: number }>(sql`
      SELECT b.committed_fen AS committed, (SELECT coalesce(sum(amount_fen), 0) FROM assistance_payments p WHERE p.budget_id = b.id) AS paid,
        (SELECT count(*)::int FROM assistance_payments p WHERE p.budget_id = b.id) AS rows
      FROM assistance_budgets b WHERE b.programme_id = ${race}`)
  ).rows;
  const exact =
    approved === COVERED &&
    Number(money!.committed) === raceBudget &&
    Number(money!.paid) === raceBudget &&
    money!.rows === COVERED;
  b.record(
    `${RACERS.toLocaleString('en')} approvals (${CONCURRENCY} at once) against a budget for ${COVERED}: ${approved} approved`,
    RACERS / raceSeconds,
    'decisions/s',
    { target: `exactly ${COVERED}, budget to the fen`, pass: exact },
  );

  const cities = (
    await b.db.execute<{ id: number }>(
      sql`SELECT id FROM organisations WHERE level IN ('provincial', 'city') ORDER BY id`,
    )
  ).rows.map((r) => r.id);
  const stats = await b.timeEach(100, async (i) => {
    const r = await call(
      'GET',
      `/api/v1/assistance/statistics?organisationId=${cities[i % cities.length]}&year=${year}`,
    );
    if (r.status !== 200) throw new Error(`statistics: ${r.status}`);
  });
  b.record('assistance statistics of a province or city for a year (HTTP) p95', b.percentile(stats, 95), 'ms');
  const list = await b.timeEach(100, async (i) => {
    const r = await call('GET', `/api/v1/assistance/applications?actionable=true&page=${1 + (i % 5)}`);
    if (r.status !== 200) throw new Error(`list: ${r.status}`);
  });
  b.record('applications waiting in the whole province, a page (HTTP) p95', b.percentile(list, 95), 'ms');

  // Disbursement: every pending payment in one batch, the bank file, then the bank's results.
  let stepStarted = performance.now();
  const batch = await call('POST', '/api/v1/assistance/batches', { organisationId: 1 });
  if (batch.status !== 201) throw new Error(`batch: ${batch.status} ${Buffer.from(batch.body).toString()}`);
  const { id: batchId, payments } = json(batch) as { id: number; payments: { id: number }[] };
  b.record(
    `disbursement batch of ${payments.length.toLocaleString('en')} pending payments made`,
    performance.now() - stepStarted,
    'ms',
  );
  stepStarted = performance.now();
  const file = await call('GET', `/api/v1/assistance/batches/${batchId}/export?format=xlsx`);
  if (file.status !== 200) throw new Error(`export: ${file.status}`);
  const exportSeconds = (performance.now() - stepStarted) / 1000;
  b.record(
    `bank payment file (.xlsx, ${(file.body.byteLength / 1024).toFixed(0)} KiB)`,
    payments.length / exportSeconds,
    'rows/s',
  );
  stepStarted = performance.now();
  for (let from = 0; from < payments.length; from += 10_000) {
    const chunk = payments.slice(from, from + 10_000).map((p) => ({ paymentId: p.id, outcome: 'paid' }));
    const r = await call('POST', `/api/v1/assistance/batches/${batchId}/results`, { results: chunk });
    if (r.status !== 200) throw new Error(`results: ${r.status}`);
  }
  const resultSeconds = (performance.now() - stepStarted) / 1000;
  const [after] = (
    await b.db.execute<{ batched: number; drift: string }>(sql`
      SELECT (SELECT count(*)::int FROM assistance_payments WHERE batch_id = ${batchId} AND status <> 'paid') AS batched,
        (SELECT sum(b.paid_fen) - (SELECT sum(amount_fen) FROM assistance_payments WHERE status = 'paid') FROM assistance_budgets b) AS drift`)
  ).rows;
  b.record(
    'bank results recorded (per chunk of 100: payments, budgets, events and audit rows in one transaction)',
    payments.length / resultSeconds,
    'payments/s',
    {
      target: 'all paid, budgets = payments',
      pass: after!.batched === 0 && Number(after!.drift) === 0,
    },
  );
}
