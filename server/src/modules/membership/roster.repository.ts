import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/client';

/** One validated roster row, encrypted and ready to stage. */
export interface StagedMember {
  rowNumber: number;
  idNumberHash: Buffer;
  idNumberEnc: Buffer;
  mobileHash: Buffer | null;
  mobileEnc: Buffer | null;
  name: string;
  nameSearch: string;
  nameTokens: string[];
  gender: string;
  birthYear: number;
  employerId: number | null;
  /** Null when the cell is empty or the column absent: inferred for a new member, kept for one on the roster. */
  employmentForm: string | null;
  platform: string | null;
  jobType: string | null;
  residenceRegionCode: string | null;
  monthlyWageEnc: Buffer | null;
  duesMonthlyFen: number;
  joinedOn: string;
  organisationId: number;
}

const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS roster_stage (
  row_number int, id_number_hash bytea, id_number_enc bytea, mobile_hash bytea, mobile_enc bytea,
  name text, name_search text, name_tokens text[], gender text, birth_year smallint, employer_id bigint,
  employment_form text, platform text, job_type text, residence_region_code text, monthly_wage_enc bytea,
  dues_monthly_fen int, joined_on date, organisation_id bigint) ON COMMIT DELETE ROWS`;

// COPY text format: \N is null; backslash, tab and line breaks are escaped.
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
export function copyBytes(value: Buffer | null): string {
  return value === null ? '\\N' : `\\\\x${value.toString('hex')}`;
}
export function copyTextArray(values: string[]): string {
  return copyText(`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
}

function copyLine(m: StagedMember): string {
  return `${[
    String(m.rowNumber),
    copyBytes(m.idNumberHash),
    copyBytes(m.idNumberEnc),
    copyBytes(m.mobileHash),
    copyBytes(m.mobileEnc),
    copyText(m.name),
    copyText(m.nameSearch),
    copyTextArray(m.nameTokens),
    m.gender,
    String(m.birthYear),
    m.employerId === null ? '\\N' : String(m.employerId),
    copyText(m.employmentForm),
    copyText(m.platform),
    copyText(m.jobType),
    copyText(m.residenceRegionCode),
    copyBytes(m.monthlyWageEnc),
    String(m.duesMonthlyFen),
    m.joinedOn,
    String(m.organisationId),
  ].join('\t')}\n`;
}

/** The roster fields an import can change on a member already on the roster, by the file's column. */
export const UPDATABLE_FIELDS = [
  'mobile',
  'employerUscc',
  'employmentForm',
  'jobType',
  'platform',
  'residenceRegionCode',
  'monthlyWage',
] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

// Each field's columns, and what "changed" and "cleared" compare on (ciphertexts differ every time,
// so a mobile compares on its blind index and a wage on the dues it sets).
const FIELD_SQL: Record<UpdatableField, { set: string[]; compare: string; clearable: boolean }> = {
  mobile: { set: ['mobile_enc', 'mobile_hash'], compare: 'mobile_hash', clearable: true },
  employerUscc: { set: ['employer_id'], compare: 'employer_id', clearable: true },
  employmentForm: { set: [], compare: 'employment_form', clearable: false },
  jobType: { set: ['job_type'], compare: 'job_type', clearable: true },
  platform: { set: ['platform'], compare: 'platform', clearable: true },
  residenceRegionCode: { set: ['residence_region_code'], compare: 'residence_region_code', clearable: true },
  monthlyWage: { set: ['monthly_wage_enc', 'dues_monthly_fen'], compare: 'dues_monthly_fen', clearable: true },
};

export interface BatchOutcome {
  created: number;
  updated: number;
  /** Rows refused by what the database holds: the person or the mobile belongs elsewhere, or the name differs. */
  rejected: { rowNumber: number; messageKey: string; field: string; params?: Record<string, string> }[];
  /** Per field, members on the roster whose value an empty cell clears. */
  cleared: Partial<Record<UpdatableField, number>>;
}

/**
 * Stages a batch with COPY and applies it in one transaction: a person already in the subtree is
 * updated only in the fields whose columns the file carries (`present`), and only if something
 * changed; an empty cell in a carried column clears that field (counted in `cleared`). A row whose
 * ID number names a member of another name is a conflict, never a rename. A person who is a
 * member elsewhere, or whose mobile belongs to another member, is refused. `finish` runs in the
 * same transaction (progress and error rows commit with the batch); a dry run rolls it all back.
 */
export async function upsertRosterBatch(
  db: Db,
  target: { organisationId: number; provinceCode: string; path: string; actorUserId: string; actorName: string },
  batch: StagedMember[],
  options: {
    dryRun: boolean;
    present: ReadonlySet<UpdatableField>;
    /** A cadre confirmed that the file's name is right: a differing name is applied, not refused. */
    acceptName?: boolean;
    finish: (client: pg.PoolClient, outcome: BatchOutcome) => Promise<void>;
  },
): Promise<BatchOutcome> {
  const client = await db.$client.connect();
  try {
    // The tally trigger groups and sorts tens of thousands of rows a batch: in memory, not on disk.
    await client.query(`BEGIN; SET LOCAL work_mem = '64MB'`);
    await client.query(STAGE_DDL);
    // One write of the whole batch: a chunk per row would wait on a busy event loop row by row.
    await pipeline([batch.map(copyLine).join('')], client.query(copyFrom('COPY roster_stage FROM STDIN')));
    // A person is found nationwide through member_persons; the rest is within the province.
    const refused = await client.query<{
      row_number: number;
      message_key: string;
      field: string;
      existing: string | null;
    }>(
      // Each row looks its person up by key: a join would hash every person in the country (the
      // LIMIT keeps the planner from turning the lateral look-up back into that join).
      `SELECT s.row_number, 'import.member_elsewhere' AS message_key, 'idNumber' AS field, NULL AS existing
         FROM roster_stage s
         CROSS JOIN LATERAL (SELECT p.member_id, p.province_code FROM member_persons p
                              WHERE p.id_number_hash = s.id_number_hash LIMIT 1) p
         JOIN members m ON m.id = p.member_id AND m.province_code = p.province_code
        WHERE NOT (m.organisation_path <@ $1::ltree)
       UNION ALL
       SELECT s.row_number, 'import.name_conflict', 'name', m.name
         FROM roster_stage s JOIN members m ON m.id_number_hash = s.id_number_hash AND m.province_code = $3
        WHERE m.organisation_path <@ $1::ltree AND m.name <> s.name AND NOT $4::boolean
       UNION ALL
       SELECT s.row_number, 'import.mobile_taken', 'mobile', NULL
         FROM roster_stage s JOIN members m ON m.mobile_hash = s.mobile_hash AND m.province_code = $3
        WHERE m.id_number_hash <> s.id_number_hash
       UNION ALL
       SELECT s.row_number, 'import.union_unknown', 'unionId', NULL
         FROM roster_stage s LEFT JOIN organisations o ON o.id = s.organisation_id
        WHERE s.organisation_id <> $2
          AND (o.id IS NULL OR o.status <> 'active' OR NOT (o.path <@ $1::ltree) OR left(o.region_code, 2) <> $3)`,
      [target.path, target.organisationId, target.provinceCode, options.acceptName ?? false],
    );
    const rejected = refused.rows.map((r) => ({
      rowNumber: r.row_number,
      messageKey: r.message_key,
      field: r.field,
      ...(r.existing === null ? {} : { params: { existing: r.existing } }),
    }));
    if (rejected.length > 0) {
      await client.query('DELETE FROM roster_stage WHERE row_number = ANY($1::int[])', [
        rejected.map((r) => r.rowNumber),
      ]);
    }
    const fields = UPDATABLE_FIELDS.filter((f) => options.present.has(f));
    const cleared = await countCleared(client, target, fields);
    const updated = await updateCarriedFields(client, target, fields);
    const created = await client.query<{ created: number }>(
      `WITH up AS (
         INSERT INTO members (province_code, member_number, organisation_id, organisation_path, name, name_search, name_tokens, gender, birth_year,
           id_number_enc, id_number_hash, mobile_enc, mobile_hash, employer_id, employment_form, platform, job_type,
           residence_region_code, monthly_wage_enc, dues_monthly_fen, status, status_since, joined_on, source)
         SELECT $3, o.region_code || lpad(nextval('member_number_seq')::text, 10, '0'), s.organisation_id, o.path, s.name,
           s.name_search, s.name_tokens,
           s.gender, s.birth_year, s.id_number_enc, s.id_number_hash, s.mobile_enc, s.mobile_hash, s.employer_id,
           coalesce(s.employment_form, CASE WHEN s.job_type IS NULL THEN 'standard' ELSE 'gig' END),
           s.platform, s.job_type, s.residence_region_code, s.monthly_wage_enc,
           s.dues_monthly_fen, 'active', s.joined_on, s.joined_on, 'import'
         FROM roster_stage s JOIN organisations o ON o.id = s.organisation_id
         WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id_number_hash = s.id_number_hash AND m.province_code = $3)
         ORDER BY s.row_number
         ON CONFLICT (id_number_hash, province_code) DO NOTHING
         RETURNING id, id_number_hash, organisation_id, joined_on
       ), facts AS (
         INSERT INTO member_status_events (member_id, province_code, organisation_id, status, effective_on, reason,
           actor_user_id, actor_name)
         SELECT id, $3, organisation_id, 'active', joined_on, 'import', $1, $2 FROM up
         RETURNING 1
       ), persons AS (
         INSERT INTO member_persons (id_number_hash, province_code, member_id)
         SELECT id_number_hash, $3, id FROM up
         RETURNING 1
       )
       SELECT count(*)::int AS created FROM up`,
      [target.actorUserId, target.actorName, target.provinceCode],
    );
    const outcome = { created: created.rows[0]?.created ?? 0, updated, rejected, cleared };
    if (options.dryRun) {
      await client.query('ROLLBACK');
    } else {
      await options.finish(client, outcome);
      await client.query('COMMIT');
    }
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Members on the roster in the subtree whose value of a carried field an empty cell would clear. */
async function countCleared(
  client: pg.PoolClient,
  target: { path: string; provinceCode: string },
  fields: readonly UpdatableField[],
): Promise<Partial<Record<UpdatableField, number>>> {
  const clearable = fields.filter((f) => FIELD_SQL[f].clearable);
  if (clearable.length === 0) return {};
  const counts = clearable.map((f) => {
    const column = FIELD_SQL[f].compare;
    const empty = f === 'monthlyWage' ? 's.monthly_wage_enc IS NULL' : `s.${column} IS NULL`;
    const held = f === 'monthlyWage' ? 'm.monthly_wage_enc IS NOT NULL' : `m.${column} IS NOT NULL`;
    return `count(*) FILTER (WHERE ${empty} AND ${held})::int AS "${f}"`;
  });
  const result = await client.query<Record<string, number>>(
    `SELECT ${counts.join(', ')}
       FROM roster_stage s JOIN members m ON m.id_number_hash = s.id_number_hash AND m.province_code = $2
      WHERE m.organisation_path <@ $1::ltree`,
    [target.path, target.provinceCode],
  );
  const row = result.rows[0] ?? {};
  return Object.fromEntries(clearable.map((f) => [f, row[f] ?? 0]).filter(([, n]) => (n as number) > 0));
}

/** Updates the carried fields of members on the roster in the subtree, only where one changed. */
async function updateCarriedFields(
  client: pg.PoolClient,
  target: { path: string; provinceCode: string },
  fields: readonly UpdatableField[],
): Promise<number> {
  const assignments = ['name = s.name', 'name_search = s.name_search', 'name_tokens = s.name_tokens'];
  const compared = ['m.name'];
  const staged = ['s.name'];
  for (const field of fields) {
    if (field === 'employmentForm') {
      // Not clearable: an empty cell keeps the member's form.
      assignments.push('employment_form = coalesce(s.employment_form, m.employment_form)');
      compared.push('m.employment_form');
      staged.push('coalesce(s.employment_form, m.employment_form)');
      continue;
    }
    for (const column of FIELD_SQL[field].set) assignments.push(`${column} = s.${column}`);
    compared.push(`m.${FIELD_SQL[field].compare}`);
    staged.push(`s.${FIELD_SQL[field].compare}`);
  }
  const result = await client.query(
    `UPDATE members m SET ${assignments.join(', ')}, updated_at = now()
       FROM roster_stage s
      WHERE m.id_number_hash = s.id_number_hash AND m.province_code = $2 AND m.organisation_path <@ $1::ltree
        AND (${compared.join(', ')}) IS DISTINCT FROM (${staged.join(', ')})`,
    [target.path, target.provinceCode],
  );
  return result.rowCount ?? 0;
}

/** Progress and rejected rows of an import, written with the batch they belong to. */
export async function recordImportProgress(
  client: pg.PoolClient | pg.Pool,
  job: { id: string; provinceCode: string },
  progress: {
    total: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    committed: number;
    conflicts: number;
    cleared: Record<string, number>;
  },
  errors: { rowNumber: number; problems: unknown; cellsEnc: Buffer }[],
) {
  if (errors.length > 0) {
    await client.query(
      `INSERT INTO roster_import_errors (import_id, province_code, row_number, problems, cells_enc)
       SELECT $1, $5, * FROM unnest($2::int[], $3::jsonb[], $4::bytea[])`,
      [
        job.id,
        errors.map((e) => e.rowNumber),
        errors.map((e) => JSON.stringify(e.problems)),
        errors.map((e) => e.cellsEnc),
        job.provinceCode,
      ],
    );
  }
  await client.query(
    `UPDATE roster_imports SET total_rows = $2, created_rows = $3, updated_rows = $4, unchanged_rows = $5,
       rejected_rows = $6, committed_rows = $7, conflict_rows = $8, cleared = $9, heartbeat_at = now() WHERE id = $1`,
    [
      job.id,
      progress.total,
      progress.created,
      progress.updated,
      progress.unchanged,
      progress.rejected,
      progress.committed,
      progress.conflicts,
      JSON.stringify(progress.cleared),
    ],
  );
}
