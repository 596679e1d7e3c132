/**
 * Membership scenarios: roster import (CSV and xlsx) against a raw COPY of the same file, lookups,
 * fuzzy name search, subtree statistics (checked against a full recount) and the member card.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../server/src/config';
import type { Db } from '../server/src/db/client';
import { createUserAccount } from '../server/src/modules/accounts/users.service';
import { diffTalliesFromRecount } from '../server/src/modules/membership/statistics.repository';
import type { PiiCipher } from '../server/src/platform/crypto';
import { bulkLoadMembers } from './bulk-members';
import { type EmployerRow, type OrganisationRow, SCALES, type Scale } from './generate';
import { measureImportFloor } from './import-floor';
import { memberRow, rosterSource, writeRosterCsv, writeRosterXlsx } from './members';

/** Adds a row to the benchmark's table (bench/run.ts). */
export type Record = (
  scenario: string,
  value: number,
  unit: string,
  options?: { target?: string; ceiling?: number; pass?: boolean },
) => void;

export interface MembershipBench {
  scale: Scale;
  /** How many members go through the roster import; the rest are loaded directly. */
  importRows: number;
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
    perConnection?: { [name: string]: string }[],
  ) => Promise<{ requestsPerSecond: number; p50: number; p95: number; p99: number }>;
  ceilings: { selectP95: number; trivialRequestsPerSecond: number };
  /** The trivial route measured again now: the ceiling beside a scenario whose target is a ratio. */
  trivialNow: () => Promise<number>;
  /** The environment of this run and its database's URL, for child processes. */
  env: { [name: string]: string };
  databaseUrl: string;
}

const cli = path.resolve(import.meta.dirname, '../server/bin/gonghui.mjs');

type DirectLoad = Pick<MembershipBench, 'record' | 'db' | 'cipher' | 'organisations' | 'employers'>;

/** The first `count` generated members loaded directly: the rows the import writes (bulk-members.ts). */
async function loadDirectly(b: DirectLoad, source: ReturnType<typeof rosterSource>, count: number) {
  process.stdout.write(`  loading ${count.toLocaleString('en')} generated members directly…\n`);
  const started = performance.now();
  await bulkLoadMembers(
    b.db,
    b.cipher,
    source,
    { organisations: b.organisations, employers: b.employers },
    { from: 0, to: count },
    (line) => process.stdout.write(`${line}\n`),
  );
  b.record(
    `direct load of ${count.toLocaleString('en')} generated members (data set-up, incl. index rebuild and recount)`,
    count / ((performance.now() - started) / 1000),
    'rows/s',
  );
}

/**
 * The scale's members loaded directly, none through the import, for a run that measures other
 * modules only (`--only`), then left as autovacuum and the checkpointer would leave them.
 */
export async function loadMembersDirectly(b: DirectLoad & Pick<MembershipBench, 'scale'>) {
  await loadDirectly(b, rosterSource(b.organisations, b.employers), SCALES[b.scale].members);
  await b.db.execute(sql`VACUUM (ANALYZE) members, member_status_events, member_persons, member_tallies`);
  // The load's pages written out now, not by the checkpointer while the scenarios are measured.
  await b.db.execute(sql`CHECKPOINT`);
}

export async function benchMembership(b: MembershipBench) {
  const count = SCALES[b.scale].members;
  // At province scale all but the last million are loaded directly (bulk-members.ts); the import
  // is then measured on a million-row file against a table that already holds nine million.
  const csvCount = Math.min(count, b.importRows);
  const bulkCount = count - csvCount;
  const xlsxCount = Math.min(100_000, Math.max(2_000, Math.round(count / 10)));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-roster-'));
  const source = rosterSource(b.organisations, b.employers);
  const csvFile = path.join(directory, 'roster.csv');
  const xlsxFile = path.join(directory, 'roster.xlsx');
  // Members never imported, for the floor under the import (import-floor.ts).
  const floorFile = path.join(directory, 'floor.csv');
  const floorCount = Math.min(100_000, csvCount);
  process.stdout.write(
    `  writing a ${csvCount.toLocaleString('en')}-row roster CSV and a ${xlsxCount.toLocaleString('en')}-row .xlsx…\n`,
  );
  await writeRosterCsv(csvFile, source, bulkCount, count);
  await writeRosterXlsx(xlsxFile, source, count, count + xlsxCount);
  await writeRosterCsv(floorFile, source, count + xlsxCount, count + xlsxCount + floorCount);
  const province = b.organisations[0]!;
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
      copyRate = csvCount / ((performance.now() - started) / 1000);
      await client.query('DROP TABLE roster_ceiling');
    } finally {
      client.release();
    }
    b.record('ceiling: raw COPY of the roster CSV into an unindexed table', copyRate, 'rows/s');

    // Each import runs as `gonghui members import` in its own process against this database, so its
    // peak memory is the import's own, not this benchmark's.
    const importFile = async (file: string) => {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [cli, 'members', 'import', file, '--organisation', String(province.id), '--as', 'bench.admin', '--json'],
          { env: { ...process.env, ...b.env, DATABASE_URL: b.databaseUrl, LOG_LEVEL: 'silent' } },
        );
        let text = '';
        child.stdout.on('data', (chunk) => (text += chunk));
        child.stderr.on('data', (chunk) => (text += chunk));
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`import exited ${code}: ${text}`))));
      });
      const result = JSON.parse(output.trim().split('\n').pop()!) as {
        status: string;
        createdRows: number;
        rejectedRows: number;
        seconds: number;
        peakRssMb: number;
      };
      if (result.status !== 'done' || result.rejectedRows > 0) throw new Error(`import: ${output}`);
      return { rate: result.createdRows / result.seconds, peakMb: result.peakRssMb };
    };
    if (bulkCount > 0) await loadDirectly(b, source, bulkCount);
    process.stdout.write('  importing the CSV (validation, encryption, blind index, dedupe, tallies)…\n');
    const csv = await importFile(csvFile);
    const onTopOf = bulkCount > 0 ? ` onto ${bulkCount.toLocaleString('en')}` : '';
    b.record(`roster import, CSV, ${csvCount.toLocaleString('en')} rows${onTopOf}`, csv.rate, 'rows/s', {
      target: '≥ 20,000 and ≥ 50% of COPY',
      ceiling: copyRate,
      pass: csv.rate >= 20_000 && csv.rate >= copyRate * 0.5,
    });
    b.record('peak memory of the CSV import process (RSS)', csv.peakMb, 'MB', {
      target: '< 600',
      pass: csv.peakMb < 600,
    });
    const xlsx = await importFile(xlsxFile);
    b.record(`roster import, .xlsx, ${xlsxCount.toLocaleString('en')} rows`, xlsx.rate, 'rows/s', {
      target: '≥ 10,000',
      pass: xlsx.rate >= 10_000,
    });
    b.record('peak memory of the .xlsx import process (RSS)', xlsx.peakMb, 'MB', {
      target: '< 600',
      pass: xlsx.peakMb < 600,
    });

    process.stdout.write(
      `  the floor under any import: ${floorCount.toLocaleString('en')} new rows validated and encrypted, then written ready-made…\n`,
    );
    const floor = await measureImportFloor(b, floorFile);
    b.record(
      'import floor: Node reads, validates, encrypts, encodes (no database), one thread',
      floor.nodeRowsPerSecond,
      'rows/s',
    );
    b.record("import floor: that work, CPU of all the process's threads", floor.nodeCpuMicros, 'µs/row');
    b.record(
      'import floor: database writes ready rows (COPY per batch, every index, key and tally; rolled back)',
      floor.withTallies.rowsPerSecond,
      'rows/s',
    );
    b.record('import floor: that write, database backend CPU', floor.withTallies.cpuMicros, 'µs/row');
    b.record('import floor: the same write without the tally trigger', floor.withoutTallies.rowsPerSecond, 'rows/s');
    b.record(
      'import floor: that write without the tally trigger, database backend CPU',
      floor.withoutTallies.cpuMicros,
      'µs/row',
    );
    b.record(
      `upper bound of any import here: ${floor.cores} cores ÷ CPU per row (Node + database)`,
      floor.boundRowsPerSecond,
      'rows/s',
    );
    b.record('upper bound if the statistics tallies cost nothing', floor.boundWithoutTalliesRowsPerSecond, 'rows/s');
    b.record('roster import, CSV, against that upper bound', csv.rate, 'rows/s', { ceiling: floor.boundRowsPerSecond });
    // Steady state, as autovacuum would leave it after a bulk load: every table the imports wrote,
    // so no autovacuum worker competes with the reads for the two cores while they are measured.
    await b.db.execute(
      sql`VACUUM (ANALYZE) members, member_status_events, member_persons, member_tallies, roster_imports, roster_import_errors`,
    );
    // Storage per member (row, encrypted fields, every index; status facts and registry apart), for
    // the arithmetic of docs/scaling.md.
    const size = await b.db.execute<{
      members: string;
      facts: string;
      persons: string;
      tallies: string;
      n: string;
    }>(sql`
      SELECT pg_total_relation_size('members') AS members, pg_total_relation_size('member_status_events') AS facts,
        pg_total_relation_size('member_persons') AS persons, pg_total_relation_size('member_tallies') AS tallies,
        (SELECT count(*) FROM members) AS n`);
    const bytes = size.rows[0]!;
    const perMember = (value: string) => Number(value) / Number(bytes.n);
    b.record('storage per member: members table with its indexes', perMember(bytes.members), 'bytes');
    b.record(
      'storage per member: status facts + person registry',
      perMember(bytes.facts) + perMember(bytes.persons),
      'bytes',
    );
    b.record('member tallies, all organisations and dimensions', Number(bytes.tallies) / 2 ** 20, 'MB');

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
    // The median beside the tail: a steady cost and an occasional pause call for different fixes.
    b.record('lookup by ID number (HTTP, blind index) p50', b.percentile(byId, 50), 'ms');
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

    // The member card under load: ten members signed in, one per connection, each having opened
    // their card once (it is issued on first view).
    const holders = (
      await b.db.execute<{ id: number; name: string; organisation_id: number }>(sql`
        SELECT id, name, organisation_id FROM members WHERE status = 'active' AND user_id IS NULL ORDER BY id LIMIT 10`)
    ).rows;
    const memberCookies: { cookie: string }[] = [];
    for (const [i, holder] of holders.entries()) {
      await b.db.transaction(async (tx) => {
        const user = await createUserAccount({ cipher: b.cipher }, tx, null, {
          username: `bench.member${i}`,
          displayName: holder.name,
          kind: 'member',
          password: 'Bench-Member-2026',
          role: 'member',
          organisationId: holder.organisation_id,
        });
        await tx.execute(sql`UPDATE members SET user_id = ${user.id} WHERE id = ${holder.id}`);
      });
      const login = await fetch(`${b.address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: `bench.member${i}`, password: 'Bench-Member-2026' }),
      });
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
      const first = await fetch(`${b.address}/api/v1/me/membership/card`, { headers: { cookie } });
      if (!first.ok) throw new Error(`member card: ${first.status}`);
      memberCookies.push({ cookie });
    }
    // Trivial route and card in turn (T C T C T): each card run sits between two ceiling runs, so
    // a host that speeds up or slows down during the run moves both alike.
    const ceilings = [await b.trivialNow()];
    const cards: Awaited<ReturnType<MembershipBench['load']>>[] = [];
    for (let round = 0; round < 2; round++) {
      cards.push(await b.load(`${b.address}/api/v1/me/membership/card`, {}, memberCookies));
      ceilings.push(await b.trivialNow());
    }
    const beside = ceilings.reduce((sum, value) => sum + value, 0) / ceilings.length;
    const mean = (pick: (run: (typeof cards)[number]) => number) =>
      cards.reduce((sum, run) => sum + pick(run), 0) / cards.length;
    const card = {
      requestsPerSecond: mean((run) => run.requestsPerSecond),
      p50: mean((run) => run.p50),
      p95: mean((run) => run.p95),
      p99: Math.max(...cards.map((run) => run.p99)),
    };
    b.record('ceiling: trivial route beside the member card (3 runs between and around it)', beside, 'req/s');
    b.record(
      'member card endpoint under load (10 members, one per connection; 2 runs)',
      card.requestsPerSecond,
      'req/s',
      {
        target: '≥ 40% of trivial route',
        ceiling: beside,
        pass: card.requestsPerSecond >= 0.4 * beside,
      },
    );
    b.record('member card p50 at that load', card.p50, 'ms');
    b.record('member card p95 at that load', card.p95, 'ms');
    b.record('member card p99 at that load (the higher run)', card.p99, 'ms', { target: '< 50', pass: card.p99 < 50 });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
