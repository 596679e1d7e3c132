/**
 * The floor under any roster import on this machine, measured in the same run as the import it
 * bounds. An import has two kinds of work, and this measures each on its own:
 *
 * - Node: read the file, validate every row, encrypt and blind-index it, build its COPY line —
 *   what `runRosterImport` does per row, here with no database at all. Measured as this
 *   process's CPU time.
 * - The database: write the same rows ready-made — one COPY per import batch into the members,
 *   their status facts and the person registry, with every index, key and trigger the schema has
 *   (the statistics tallies included), in a transaction that is rolled back. Measured as the
 *   backend's CPU time (from /proc: the benchmark's PostgreSQL is always the embedded one, on
 *   this machine) and as wall time. Then again with the tally trigger off, to show what the
 *   statistics cost. The tables are vacuumed after each write, so neither meets the other's dead rows.
 *
 * However an import splits that work between processes and connections, it cannot run faster
 * than the machine's cores divided by the CPU time per row of both kinds summed: the bound the
 * benchmark prints beside the import.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../server/src/config';
import type { Db } from '../server/src/db/client';
import { IMPORT_BATCH_ROWS } from '../server/src/modules/membership/roster-import.service';
import { parseRosterRow, ROSTER_COLUMNS } from '../server/src/modules/membership/roster-rows';
import type { PiiCipher } from '../server/src/platform/crypto';
import { findHeader, readRows } from '../server/src/platform/spreadsheet';
import { FACT_COPY, MEMBER_COPY, PERSON_COPY, readyMemberLines } from './bulk-members';
import type { EmployerRow, OrganisationRow } from './generate';

export interface ImportFloor {
  rows: number;
  /** This process's CPU time per row (all its threads, the collector's too) to read, validate, encrypt and encode, in µs. */
  nodeCpuMicros: number;
  /** The same work's rate on the clock, one thread. */
  nodeRowsPerSecond: number;
  withTallies: DatabaseWrite;
  withoutTallies: DatabaseWrite;
  cores: number;
  /** cores ÷ (Node + database CPU per row): no import on this machine can beat it. */
  boundRowsPerSecond: number;
  /** The same bound if the statistics tallies cost nothing. */
  boundWithoutTalliesRowsPerSecond: number;
}

interface DatabaseWrite {
  rowsPerSecond: number;
  /** The backend's CPU time per row, in µs. */
  cpuMicros: number;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user + system CPU time in seconds, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The CPU seconds of this process, user + system. */
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/**
 * Measures the floor with `file`, a roster CSV of members not yet in the database (it is read,
 * never imported).
 */
export async function measureImportFloor(
  b: {
    db: Db;
    cipher: PiiCipher;
    config: Config;
    organisations: readonly OrganisationRow[];
    employers: readonly EmployerRow[];
  },
  file: string,
): Promise<ImportFloor> {
  const unions = new Map(b.organisations.map((o) => [o.id, o]));
  const employerIds = new Map(b.employers.map((e) => [e.uscc, e.id]));
  const client = await b.db.$client.connect();
  try {
    const start = Number((await client.query('SELECT coalesce(max(id), 0) AS n FROM members')).rows[0].n) + 1;
    const today = new Date().toISOString().slice(0, 10);
    // Lines are joined a batch at a time, as the import joins them, so the heap holds a few large
    // strings rather than 300,000 small ones (whose collection would be charged to the floor).
    const batches = { members: [] as string[], facts: [] as string[], persons: [] as string[] };
    let batch = { members: '', facts: '', persons: '' };
    let rows = 0;
    const endBatch = () => {
      batches.members.push(batch.members);
      batches.facts.push(batch.facts);
      batches.persons.push(batch.persons);
      batch = { members: '', facts: '', persons: '' };
    };
    let header: Map<string, number> | null = null;

    const nodeStarted = ownCpuSeconds();
    const nodeWallStarted = performance.now();
    for await (const { rowNumber, cells } of readRows(file, 'csv')) {
      if (!header) {
        const found = findHeader([cells], ROSTER_COLUMNS);
        if ('missing' in found) throw new Error(`floor file: no ${found.missing.join(', ')} column`);
        header = found.indexes;
        continue;
      }
      const indexes = header;
      const parsed = parseRosterRow(b, rowNumber, (key) => cells[indexes.get(key) ?? -1] ?? null, today);
      if (!parsed.ok) throw new Error(`floor file: row ${rowNumber} is invalid`);
      const union = unions.get(parsed.unionId ?? -1);
      if (!union) throw new Error(`floor file: row ${rowNumber} names no known union`);
      const lines = readyMemberLines({
        ...parsed.row,
        id: start + rows,
        provinceCode: union.regionCode.slice(0, 2),
        union,
        person: parsed.row,
        employerId: parsed.employerUscc ? (employerIds.get(parsed.employerUscc) ?? null) : null,
        // As the import infers a new member's form when the file gives none.
        employmentForm: parsed.row.employmentForm ?? (parsed.row.jobType ? 'gig' : 'standard'),
        source: 'import',
      });
      batch.members += lines.member;
      batch.facts += lines.fact;
      batch.persons += lines.person;
      if (++rows % IMPORT_BATCH_ROWS === 0) endBatch();
    }
    if (batch.members) endBatch();
    const nodeCpuMicros = ((ownCpuSeconds() - nodeStarted) / rows) * 1e6;
    const nodeRowsPerSecond = rows / ((performance.now() - nodeWallStarted) / 1000);

    const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const write = async (tallies: boolean): Promise<DatabaseWrite> => {
      await client.query('BEGIN');
      try {
        if (!tallies) await client.query('ALTER TABLE members DISABLE TRIGGER members_tallies_insert');
        const cpuStarted = cpuSecondsOf(backend);
        const started = performance.now();
        for (const [statement, texts] of [
          [MEMBER_COPY, batches.members],
          [FACT_COPY, batches.facts],
          [PERSON_COPY, batches.persons],
        ] as const) {
          // One COPY per import batch: the tally trigger runs once per statement, as it does per batch.
          for (const text of texts) await copyText(client, statement, text);
        }
        const seconds = (performance.now() - started) / 1000;
        return { rowsPerSecond: rows / seconds, cpuMicros: ((cpuSecondsOf(backend) - cpuStarted) / rows) * 1e6 };
      } finally {
        await client.query('ROLLBACK');
        // The rolled-back rows leave dead tuples and index entries behind; each write, and the
        // scenarios after the floor, start without them.
        await client.query('VACUUM members, member_status_events, member_persons, member_tallies');
      }
    };
    const withTallies = await write(true);
    const withoutTallies = await write(false);
    const cores = os.availableParallelism();
    return {
      rows,
      nodeCpuMicros,
      nodeRowsPerSecond,
      withTallies,
      withoutTallies,
      cores,
      boundRowsPerSecond: (cores * 1e6) / (nodeCpuMicros + withTallies.cpuMicros),
      boundWithoutTalliesRowsPerSecond: (cores * 1e6) / (nodeCpuMicros + withoutTallies.cpuMicros),
    };
  } finally {
    client.release();
  }
}

async function copyText(client: PoolClient, statement: string, text: string) {
  const sink = client.query(copyFrom(statement));
  sink.end(text);
  await finished(sink);
}
