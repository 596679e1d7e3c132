/**
 * Province-scale data: loads generated members straight into the tables, the way a restore would,
 * so a 10-million-member province exists in minutes rather than the hours its import would take.
 * Each row gets exactly what the import gives it (encrypted ID number, mobile and wage, blind
 * indexes, name tokens, member number, first status fact, the person registry); secondary indexes
 * are dropped for the load and rebuilt after it, and the tallies are recounted once. The import
 * itself is measured separately, on top of this data.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../server/src/db/client';
import { duesOfWage, personFields } from '../server/src/modules/membership/member-record';
import {
  copyBytes,
  copyText,
  copyTextArray,
  type StagedMember,
} from '../server/src/modules/membership/roster.repository';
import type { PiiCipher } from '../server/src/platform/crypto';
import type { EmployerRow, OrganisationRow } from './generate';
import { JOB_WORDS, memberRow, type RosterSource } from './members';

const JOB_CODES = new Map(Object.entries(JOB_WORDS).map(([code, word]) => [word, code]));

async function write(stream: Writable, chunk: string) {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/** A member as the roster import writes it: the row, its first status fact and its registry entry. */
export interface ReadyMember {
  id: number;
  provinceCode: string;
  union: { id: number; path: string; regionCode: string };
  person: Pick<
    StagedMember,
    | 'name'
    | 'nameSearch'
    | 'nameTokens'
    | 'gender'
    | 'birthYear'
    | 'idNumberEnc'
    | 'idNumberHash'
    | 'mobileEnc'
    | 'mobileHash'
    | 'monthlyWageEnc'
  >;
  employerId: number | null;
  employmentForm: string;
  platform: string | null;
  jobType: string | null;
  duesMonthlyFen: number;
  joinedOn: string;
  /** 'seed' for generated data, 'import' for rows written as the import would. */
  source: 'seed' | 'import';
}

export const MEMBER_COPY = `COPY members (id, province_code, member_number, organisation_id, organisation_path, name,
  name_search, name_tokens, gender, birth_year, id_number_enc, id_number_hash, mobile_enc, mobile_hash, employer_id,
  employment_form, platform, job_type, monthly_wage_enc, dues_monthly_fen, status, status_since, joined_on, source)
  FROM STDIN`;
export const FACT_COPY =
  'COPY member_status_events (member_id, province_code, organisation_id, status, effective_on, reason) FROM STDIN';
export const PERSON_COPY = 'COPY member_persons (id_number_hash, province_code, member_id) FROM STDIN';

/** The COPY text lines of one member for MEMBER_COPY, FACT_COPY and PERSON_COPY. */
export function readyMemberLines(m: ReadyMember) {
  const { person, union } = m;
  const member = `${[
    String(m.id),
    m.provinceCode,
    `${union.regionCode}${String(m.id).padStart(10, '0')}`,
    String(union.id),
    union.path,
    copyText(person.name),
    copyText(person.nameSearch),
    copyTextArray(person.nameTokens),
    person.gender,
    String(person.birthYear),
    copyBytes(person.idNumberEnc),
    copyBytes(person.idNumberHash),
    copyBytes(person.mobileEnc),
    copyBytes(person.mobileHash),
    m.employerId === null ? '\\N' : String(m.employerId),
    m.employmentForm,
    copyText(m.platform),
    copyText(m.jobType),
    copyBytes(person.monthlyWageEnc),
    String(m.duesMonthlyFen),
    'active',
    m.joinedOn,
    m.joinedOn,
    m.source,
  ].join('\t')}\n`;
  const reason = m.source === 'seed' ? 'join' : 'import';
  return {
    member,
    fact: `${m.id}\t${m.provinceCode}\t${union.id}\tactive\t${m.joinedOn}\t${reason}\n`,
    person: `${copyBytes(person.idNumberHash)}\t${m.provinceCode}\t${m.id}\n`,
  };
}

/** Drops the indexes and foreign keys a bulk load would maintain row by row; returns how to rebuild them. */
async function dropForLoad(client: PoolClient) {
  const rebuild: string[] = [];
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE tablename IN ('members', 'member_status_events') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const index of indexes.rows) {
    await client.query(`DROP INDEX ${index.name}`);
    rebuild.push(index.definition);
  }
  const keys = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE conrelid IN ('member_status_events'::regclass, 'member_persons'::regclass) AND contype IN ('f', 'p')`,
  );
  for (const key of keys.rows) {
    if (key.table === 'member_status_events' && key.definition.startsWith('PRIMARY')) continue;
    await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
    rebuild.push(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
  }
  // Members' employer key is checked once, after the load, instead of row by row.
  await client.query('ALTER TABLE members DROP CONSTRAINT members_employer_fk');
  rebuild.push(
    'ALTER TABLE members ADD CONSTRAINT members_employer_fk FOREIGN KEY (employer_id, province_code) REFERENCES employers (id, province_code)',
  );
  return rebuild;
}

export async function bulkLoadMembers(
  db: Db,
  cipher: PiiCipher,
  source: RosterSource,
  data: { organisations: readonly OrganisationRow[]; employers: readonly EmployerRow[] },
  range: { from: number; to: number },
  log: (line: string) => void,
) {
  const byId = new Map(data.organisations.map((o) => [o.id, o]));
  const employerByUscc = new Map(data.employers.map((e) => [e.uscc, e.id]));
  const client = await db.$client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '1GB'`);
    const rebuild = await dropForLoad(client);
    await client.query('ALTER TABLE members DISABLE TRIGGER USER');
    const start = Number((await client.query('SELECT coalesce(max(id), 0) AS n FROM members')).rows[0].n) + 1;
    const members = client.query(copyFrom(MEMBER_COPY));
    // Status facts and registry rows are staged in memory-light text and copied after the members.
    const facts: string[] = [];
    const persons: string[] = [];
    const flushSide = async () => {
      const other = await db.$client.connect();
      try {
        const f = other.query(copyFrom(FACT_COPY));
        f.end(facts.join(''));
        await finished(f);
        const p = other.query(copyFrom(PERSON_COPY));
        p.end(persons.join(''));
        await finished(p);
      } finally {
        other.release();
      }
      facts.length = 0;
      persons.length = 0;
    };
    const started = performance.now();
    let chunk = '';
    for (let i = range.from; i < range.to; i++) {
      const [name, idNumber, mobile, uscc, form, job, platform, wage, joined, unionId] = memberRow(source, i);
      const union = byId.get(Number(unionId))!;
      const wageFen = Number(wage) * 100;
      const person = personFields(cipher, {
        name: name!,
        idNumber: idNumber!,
        mobile: mobile!,
        monthlyWageFen: wageFen,
      });
      const id = start + i - range.from;
      const lines = readyMemberLines({
        id,
        provinceCode: union.regionCode.slice(0, 2),
        union,
        person,
        employerId: uscc ? (employerByUscc.get(uscc) ?? null) : null,
        employmentForm: form === '新就业形态' ? 'gig' : 'standard',
        platform: platform || null,
        jobType: JOB_CODES.get(job!) ?? null,
        duesMonthlyFen: duesOfWage(wageFen, 50),
        joinedOn: joined!,
        source: 'seed',
      });
      chunk += lines.member;
      facts.push(lines.fact);
      persons.push(lines.person);
      if (chunk.length > 1 << 20) {
        await write(members, chunk);
        chunk = '';
      }
      if (facts.length === 200_000) {
        await flushSide();
        const done = i + 1 - range.from;
        const rate = Math.round(done / ((performance.now() - started) / 1000));
        log(`    ${done.toLocaleString('en')} members loaded (${rate.toLocaleString('en')}/s)`);
      }
    }
    members.end(chunk);
    await finished(members);
    await flushSide();
    await client.query('ALTER TABLE members ENABLE TRIGGER USER');
    log('    rebuilding indexes and keys…');
    for (const statement of rebuild) await client.query(statement);
    await client.query(`SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))`);
    await client.query(`SELECT setval('member_number_seq', (SELECT max(id) FROM members))`);
    log('    recounting the tallies…');
    await client.query('SELECT recount_member_tallies()');
    await client.query('VACUUM (ANALYZE) members, member_status_events, member_persons, member_tallies');
  } finally {
    client.release();
  }
}
