/**
 * Rights-protection scenarios over generated cases (one per member of the scale, so 1,000,000 at
 * city scale): a handler's inbox and the subtree dashboard over HTTP, and the daily deadline
 * sweep over every open case; then the dashboard tallies against a full recount.
 */
import { sql } from 'drizzle-orm';
import { rolePermissionsOf } from '../server/src/app';
import type { Config } from '../server/src/config';
import type { Db } from '../server/src/db/client';
import { MODULES } from '../server/src/modules';
import { sweepDeadlines } from '../server/src/modules/rights/sweep';
import { todayInChina } from '../server/src/platform/working-days';
import type { MembershipBench } from './membership-scenarios';

type RightsBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'percentile' | 'timeEach'> & {
  config: Config;
  password: string;
  cases: number;
};

const HANDLERS = 200;
const CHUNK = 100_000;

/**
 * Cases spread over every grassroots union, received by the union's city federation: 70% demand
 * tickets, 15% wage arrears, 10% mediations, 5% legal aid; accepted over two years; 90% closed
 * (two in three of those rated); the open 10% accepted in the last ten days, a fifth of them past
 * due (a bad day: each escalates in the sweep), two in three with one of the handlers on its team.
 */
async function generateCases(db: Db, cases: number) {
  await db.execute(sql`
    INSERT INTO users (username, display_name, kind, password_hash)
    SELECT 'bench.handler' || g, '承办人' || g, 'cadre', (SELECT password_hash FROM users WHERE username = 'bench.admin')
    FROM generate_series(1, ${HANDLERS}::int) g`);
  await db.execute(sql`
    INSERT INTO role_assignments (user_id, organisation_id, role)
    SELECT id, 1, 'caseworker' FROM users WHERE username LIKE 'bench.handler%'`);
  await db.execute(sql`CREATE TEMP TABLE bench_unions AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, path, left(region_code, 2) AS province_code,
      split_part(ltree2text(path), '.', 2)::bigint AS city
    FROM organisations WHERE type IN ('grassroots', 'joint_grassroots') AND nlevel(path) >= 3`);
  await db.execute(sql`CREATE TEMP TABLE bench_handlers AS
    SELECT row_number() OVER (ORDER BY username) AS n, id FROM users WHERE username LIKE 'bench.handler%'`);
  const today = todayInChina();
  for (let from = 0; from < cases; from += CHUNK) {
    const to = Math.min(cases, from + CHUNK);
    await db.execute(sql`
      WITH g AS (
        SELECT i, (hashint4(i) & 2147483647) % 100 AS r, (hashint4(i + 7) & 2147483647) % 100 AS s,
          (SELECT count(*) FROM bench_unions) AS unions
        FROM generate_series(${from}::int, ${to - 1}::int) i
      ), c AS (
        SELECT g.*, u.id AS union_id, u.path, u.province_code, u.city,
          CASE WHEN r < 70 THEN 'ticket' WHEN r < 85 THEN 'wage_arrears' WHEN r < 95 THEN 'mediation' ELSE 'legal_aid' END AS kind,
          CASE WHEN r < 20 THEN 'consultation' WHEN r < 45 THEN 'help' WHEN r < 60 THEN 'complaint' WHEN r < 70 THEN 'suggestion'
            WHEN r < 85 THEN 'wage_arrears' WHEN r < 95 THEN 'mediation' ELSE 'legal_aid' END AS category,
          s < 10 AS open,
          CASE WHEN s < 10 THEN ${today}::date - (i % 10) ELSE ${today}::date - 60 - (i % 670) END AS accepted_on
        FROM g JOIN bench_unions u ON u.n = 1 + g.i % g.unions
      )
      INSERT INTO rights_cases (province_code, kind, category, stage, deadline_class, title, description, confidential,
        received_organisation_id, organisation_id, organisation_path, handler_user_id, accepted_on, due_on, warn_on,
        warned_at, next_escalation_on, details, employer_key, resolution, closed_at, closed_on_time, rating, created_at)
      SELECT province_code, kind, category,
        CASE WHEN open THEN (ARRAY['accepted','dispatched','handling'])[1 + i % 3] WHEN s % 3 < 2 THEN 'rated' ELSE 'closed' END,
        'general', '生成的案件 ' || i, '基准测试生成的案件描述。', kind = 'legal_aid', city, union_id, path,
        CASE WHEN open AND i % 3 = 0 THEN NULL ELSE h.id END,
        accepted_on, accepted_on + 7, accepted_on + 6,
        CASE WHEN accepted_on + 6 < ${today}::date THEN now() END,
        CASE WHEN open THEN accepted_on + 8 END,
        CASE WHEN kind = 'wage_arrears' THEN jsonb_build_object('employer', jsonb_build_object('name', '用人单位' || (i % 5000)),
          'workersAffected', 1 + i % 30, 'amountOwedFen', 100000 * (1 + i % 50)) ELSE '{}'::jsonb END,
        CASE WHEN kind = 'wage_arrears' THEN '用人单位' || (i % 5000) END,
        CASE WHEN open THEN NULL ELSE '已办结。' END,
        CASE WHEN open THEN NULL ELSE (accepted_on + 1 + i % 9)::timestamptz END,
        CASE WHEN open THEN NULL ELSE 1 + i % 9 <= 7 END,
        CASE WHEN NOT open AND s % 3 < 2 THEN 1 + (i * 7) % 5 END,
        accepted_on::timestamptz
      FROM c JOIN bench_handlers h ON h.n = 1 + c.i % ${HANDLERS}`);
  }
  await db.execute(sql`
    INSERT INTO rights_case_team (province_code, case_id, user_id, role)
    SELECT province_code, id, handler_user_id, 'handler' FROM rights_cases WHERE handler_user_id IS NOT NULL`);
  await db.execute(sql`ANALYZE rights_cases; ANALYZE rights_case_team; ANALYZE rights_tallies`);
}

export async function benchRights(b: RightsBench) {
  const started = performance.now();
  await generateCases(b.db, b.cases);
  const generated = performance.now() - started;
  const [counts] = (
    await b.db.execute<{ cases: number; open: number; due: number }>(sql`SELECT count(*)::int AS cases,
      count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
      count(*) FILTER (WHERE closed_at IS NULL AND next_escalation_on <= ${todayInChina()}::date)::int AS due
      FROM rights_cases`)
  ).rows;
  b.record(
    `cases generated (${counts!.cases.toLocaleString('en')}, ${counts!.open.toLocaleString('en')} open)`,
    generated,
    'ms',
  );

  const signIn = async (login: string) => {
    const response = await fetch(`${b.address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: b.password }),
    });
    if (!response.ok) throw new Error(`login ${login}: ${response.status}`);
    return response.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const get = async (cookie: string, url: string) => {
    const response = await fetch(`${b.address}${url}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ items?: unknown[]; total?: number }>;
  };

  const handlers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(`bench.handler${i + 1}`)));
  const inbox = await b.timeEach(400, async (i) => {
    const page = await get(handlers[i % handlers.length]!, '/api/v1/rights/cases?box=mine&pageSize=20');
    if (!page.items?.length) throw new Error('an empty inbox');
  });
  const inboxP95 = b.percentile(inbox, 95);
  b.record(`handler’s inbox of open cases (HTTP, ${Math.round(counts!.open / HANDLERS)} each) p95`, inboxP95, 'ms', {
    target: '< 50',
    pass: inboxP95 < 50,
  });

  const admin = await signIn('bench.admin');
  const nodes = (
    await b.db.execute<{ id: number }>(sql`(SELECT id FROM organisations WHERE level IN ('provincial','city'))
      UNION ALL (SELECT id FROM organisations WHERE level = 'county' ORDER BY id LIMIT 20)
      UNION ALL (SELECT id FROM organisations WHERE level = 'street' ORDER BY id LIMIT 40)
      UNION ALL (SELECT id FROM organisations WHERE type = 'grassroots' ORDER BY id LIMIT 40)`)
  ).rows.map((r) => r.id);
  const board = await b.timeEach(300, async (i) => {
    await get(admin, `/api/v1/rights/dashboard?organisationId=${nodes[i % nodes.length]}&months=12`);
  });
  const boardP95 = b.percentile(board, 95);
  b.record('rights dashboard, any level (HTTP) p95', boardP95, 'ms', { target: '< 100', pass: boardP95 < 100 });

  const all = await b.timeEach(200, async () => {
    await get(admin, '/api/v1/rights/cases?box=all&pageSize=20');
  });
  b.record('cadre’s case list, whole province, newest first (HTTP) p95', b.percentile(all, 95), 'ms');

  const sweepStarted = performance.now();
  const swept = await sweepDeadlines({ db: b.db, config: b.config, rolePermissions: rolePermissionsOf(MODULES) });
  const sweepMs = performance.now() - sweepStarted;
  b.record(
    `deadline sweep over ${counts!.open.toLocaleString('en')} open cases (${swept.escalated.toLocaleString('en')} escalated, ${swept.warned.toLocaleString('en')} warned)`,
    sweepMs,
    'ms',
    { target: '< 10000', pass: sweepMs < 10_000 && swept.escalated === counts!.due },
  );

  const recountStarted = performance.now();
  const drift = await b.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (
    (SELECT * FROM rights_tallies EXCEPT SELECT * FROM rights_tallies_recounted())
    UNION ALL (SELECT * FROM rights_tallies_recounted() EXCEPT SELECT * FROM rights_tallies)) d`);
  b.record('full recount of the rights tallies (the check)', performance.now() - recountStarted, 'ms', {
    target: 'tallies = recount',
    pass: drift.rows[0]!.n === 0,
  });
}
