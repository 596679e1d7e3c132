/**
 * Membership scenarios: roster import (CSV and xlsx) against a raw COPY of the same file, lookups,
 * fuzzy name search, subtree statistics (checked against a full recount) and the member card.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../server/src/config';
import type { Db } from '../server/src/db/client';
import { createUserAccount } from '../server/src/modules/accounts/accounts.service';
import { diffTalliesFromRecount } from '../server/src/modules/membership/membership.repository';
import { createRosterImport, runRosterImport } from '../server/src/modules/membership/roster-import.service';
import type { RequestContext } from '../server/src/platform/access';
import type { PiiCipher } from '../server/src/platform/crypto';
import { type EmployerRow, type OrganisationRow, SCALES, type Scale } from './generate';
import { memberRow, rosterSource, writeRosterCsv, writeRosterXlsx } from './members';

type Record = (
  scenario: string,
  value: number,
  unit: string,
  options?: { target?: string; ceiling?: number; pass?: boolean },
) => void;

export interface MembershipBench {
  scale: Scale;
  record: Record;
  db: Db;
  config: Config;
  cipher: PiiCipher;
  organisations: OrganisationRow[];
  employers: EmployerRow[];
  adminId: string;
  address: string;
  cookie: string;
  percentile: (samples: number[], p: number) => number;
  timeEach: (count: number, task: (i: number) => Promise<void>) => Promise<number[]>;
  load: (
    url: string,
    headers?: { [name: string]: string },
  ) => Promise<{ requestsPerSecond: number; p50: number; p99: number }>;
  ceilings: { selectP95: number; trivialRequestsPerSecond: number };
}

/** Samples this process's resident memory while a task runs; returns the task's result and the peak. */
async function withPeakMemory<T>(task: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await task();
    return { result, peakMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export async function benchMembership(b: MembershipBench) {
  const count = SCALES[b.scale].members;
  const xlsxCount = Math.min(100_000, Math.max(2_000, Math.round(count / 10)));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-roster-'));
  const source = rosterSource(b.organisations, b.employers);
  const csvFile = path.join(directory, 'roster.csv');
  const xlsxFile = path.join(directory, 'roster.xlsx');
  process.stdout.write(
    `  writing a ${count.toLocaleString('en')}-row roster CSV and a ${xlsxCount.toLocaleString('en')}-row .xlsx…\n`,
  );
  await writeRosterCsv(csvFile, source, 0, count);
  await writeRosterXlsx(xlsxFile, source, count, count + xlsxCount);
  const province = b.organisations[0]!;
  const context: RequestContext = {
    actor: {
      userId: b.adminId,
      displayName: '基准管理员',
      kind: 'cadre',
      via: 'session',
      sessionId: null,
      roles: [],
      grants: new Map([['member.manage', [province.path]]]),
    },
    requestId: 'bench',
    ip: '127.0.0.1',
  };
  const deps = { db: b.db, cipher: b.cipher, config: b.config };
  try {
    // The ceiling: the very same file COPYed as text into a table with no index, key or trigger.
    const client = await b.db.$client.connect();
    let copyRate: number;
    try {
      await client.query(
        'CREATE TABLE roster_ceiling (name text, id_number text, mobile text, uscc text, form text, job text, platform text, wage text, joined text, union_id text)',
      );
      const started = performance.now();
      await pipeline(
        fs.createReadStream(csvFile),
        client.query(copyFrom('COPY roster_ceiling FROM STDIN WITH (FORMAT csv, HEADER true)')),
      );
      copyRate = count / ((performance.now() - started) / 1000);
      await client.query('DROP TABLE roster_ceiling');
    } finally {
      client.release();
    }
    b.record('ceiling: raw COPY of the roster CSV into an unindexed table', copyRate, 'rows/s');

    const importFile = async (file: string, format: 'csv' | 'xlsx') => {
      const job = await createRosterImport(deps, context, {
        organisationId: province.id,
        dryRun: false,
        fileName: path.basename(file),
        format,
      });
      const started = performance.now();
      const { peakMb } = await withPeakMemory(() => runRosterImport(deps, context, job, { path: file, format }));
      const seconds = (performance.now() - started) / 1000;
      const [row] = (
        await b.db.execute(sql`SELECT created_rows, rejected_rows, status FROM roster_imports WHERE id = ${job.id}`)
      ).rows as {
        created_rows: number;
        rejected_rows: number;
        status: string;
      }[];
      if (row?.status !== 'done' || row.rejected_rows > 0) {
        const problems = await b.db.execute(
          sql`SELECT row_number, problems FROM roster_import_errors WHERE import_id = ${job.id} ORDER BY row_number LIMIT 5`,
        );
        throw new Error(`${format} import: ${JSON.stringify(row)} ${JSON.stringify(problems.rows)}`);
      }
      return { rate: row.created_rows / seconds, peakMb };
    };
    process.stdout.write('  importing the CSV (validation, encryption, blind index, dedupe, tallies)…\n');
    const csv = await importFile(csvFile, 'csv');
    b.record(`roster import, CSV, ${count.toLocaleString('en')} rows`, csv.rate, 'rows/s', {
      target: '≥ 20,000 and ≥ 50% of COPY',
      ceiling: copyRate,
      pass: csv.rate >= 20_000 && csv.rate >= copyRate * 0.5,
    });
    b.record('peak memory during the CSV import (RSS, whole process)', csv.peakMb, 'MB', {
      target: '< 600',
      pass: csv.peakMb < 600,
    });
    const xlsx = await importFile(xlsxFile, 'xlsx');
    b.record(`roster import, .xlsx, ${xlsxCount.toLocaleString('en')} rows`, xlsx.rate, 'rows/s', {
      target: '≥ 10,000',
      pass: xlsx.rate >= 10_000,
    });
    b.record('peak memory during the .xlsx import (RSS, whole process)', xlsx.peakMb, 'MB', {
      target: '< 600',
      pass: xlsx.peakMb < 600,
    });
    await b.db.execute(sql`ANALYZE`);

    const get = async (url: string) => {
      const response = await fetch(`${b.address}${url}`, { headers: { cookie: b.cookie } });
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json() as Promise<{ items?: unknown[]; total?: number }>;
    };
    const sample = (i: number) => memberRow(source, (i * 7919) % count);
    const byId = await b.timeEach(500, async (i) => {
      const found = await get(`/api/v1/members?q=${sample(i)[1]}`);
      if (found.items?.length !== 1) throw new Error('lookup by ID number found nothing');
    });
    const byIdP95 = b.percentile(byId, 95);
    b.record('lookup by ID number (HTTP, blind index) p95', byIdP95, 'ms', { target: '< 5', pass: byIdP95 < 5 });
    const byMobile = await b.timeEach(500, async (i) => {
      const found = await get(`/api/v1/members?q=${sample(i)[2]}`);
      if (found.items?.length !== 1) throw new Error('lookup by mobile found nothing');
    });
    const byMobileP95 = b.percentile(byMobile, 95);
    b.record('lookup by mobile (HTTP, blind index) p95', byMobileP95, 'ms', { target: '< 5', pass: byMobileP95 < 5 });

    const queries = (i: number) => {
      const name = sample(i)[0]!;
      const kind = i % 4;
      if (kind === 0) return name; // full name
      if (kind === 1) return [...name].slice(-2).join(''); // given name
      if (kind === 2) return [...name].slice(0, 2).join(''); // surname + first given character
      return 'zw'; // pinyin initials
    };
    const fuzzy = await b.timeEach(400, async (i) => {
      await get(`/api/v1/members?q=${encodeURIComponent(queries(i))}&pageSize=20`);
    });
    const fuzzyP95 = b.percentile(fuzzy, 95);
    b.record(`fuzzy name search in ${count.toLocaleString('en')} (names, given names, initials) p95`, fuzzyP95, 'ms', {
      target: '< 50',
      pass: fuzzyP95 < 50,
    });

    const nodes = [
      province,
      ...b.organisations.filter((o) => o.level === 'city'),
      ...b.organisations.filter((o) => o.level === 'county').slice(0, 20),
      ...b.organisations.filter((o) => o.level === 'street').slice(0, 40),
      ...source.unions.slice(0, 40),
    ];
    const stats = await b.timeEach(300, async (i) => {
      await get(`/api/v1/membership/statistics?organisationId=${nodes[i % nodes.length]!.id}`);
    });
    const statsP95 = b.percentile(stats, 95);
    b.record('subtree statistics, any level (HTTP) p95', statsP95, 'ms', { target: '< 50', pass: statsP95 < 50 });
    const recountStarted = performance.now();
    const differences = await diffTalliesFromRecount(b.db);
    b.record('full recount of all member tallies (the check)', performance.now() - recountStarted, 'ms', {
      target: 'tallies = recount',
      pass: differences.length === 0,
    });

    // The member card: one member signed in, the endpoint under load.
    const someone = sample(3);
    const mobile = someone[2]!;
    await b.db.transaction(async (tx) => {
      const user = await createUserAccount({ cipher: b.cipher }, tx, null, {
        username: 'bench.member',
        displayName: someone[0]!,
        kind: 'member',
        password: 'Bench-Member-2026',
        mobile,
        role: 'member',
        organisationId: Number(someone[9]),
      });
      await tx.execute(sql`UPDATE members SET user_id = ${user.id} WHERE mobile_hash = ${b.cipher.blindIndex(mobile)}`);
    });
    const login = await fetch(`${b.address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bench.member', password: 'Bench-Member-2026' }),
    });
    const memberCookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const card = await b.load(`${b.address}/api/v1/me/membership/card`, { cookie: memberCookie });
    b.record('member card endpoint under load', card.requestsPerSecond, 'req/s', {
      target: '≥ 40% of trivial route',
      ceiling: b.ceilings.trivialRequestsPerSecond,
      pass: card.requestsPerSecond >= 0.4 * b.ceilings.trivialRequestsPerSecond,
    });
    b.record('member card p99 at that load', card.p99, 'ms', { target: '< 50', pass: card.p99 < 50 });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
