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
  employmentForm: string;
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
    m.employmentForm,
    copyText(m.platform),
    copyText(m.jobType),
    copyText(m.residenceRegionCode),
    copyBytes(m.monthlyWageEnc),
    String(m.duesMonthlyFen),
    m.joinedOn,
    String(m.organisationId),
  ].join('\t')}\n`;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  /** Rows refused by what the database holds: the person or the mobile belongs elsewhere. */
  rejected: { rowNumber: number; messageKey: string; field: string }[];
}

/**
 * Stages a batch with COPY and upserts it on the ID number's blind index in one transaction:
 * a person already in the subtree is updated only if something changed; a person who is a
 * member elsewhere, or whose mobile belongs to another member, is refused. `finish` runs in the
 * same transaction (progress and error rows commit with the batch); a dry run rolls it all back.
 */
export async function upsertRosterBatch(
  db: Db,
  target: { organisationId: number; provinceCode: string; path: string; actorUserId: string; actorName: string },
  batch: StagedMember[],
  options: { dryRun: boolean; finish: (client: pg.PoolClient, outcome: BatchOutcome) => Promise<void> },
): Promise<BatchOutcome> {
  const client = await db.$client.connect();
  try {
    // The tally trigger groups and sorts tens of thousands of rows a batch: in memory, not on disk.
    await client.query(`BEGIN; SET LOCAL work_mem = '64MB'`);
    await client.query(STAGE_DDL);
    // One write of the whole batch: a chunk per row would wait on a busy event loop row by row.
    await pipeline([batch.map(copyLine).join('')], client.query(copyFrom('COPY roster_stage FROM STDIN')));
    // A person is found nationwide through member_persons; the rest is within the province.
    const refused = await client.query<{ row_number: number; message_key: string; field: string }>(
      // Each row looks its person up by key: a join would hash every person in the country (the
      // LIMIT keeps the planner from turning the lateral look-up back into that join).
      `SELECT s.row_number, 'import.member_elsewhere' AS message_key, 'idNumber' AS field
         FROM roster_stage s
         CROSS JOIN LATERAL (SELECT p.member_id, p.province_code FROM member_persons p
                              WHERE p.id_number_hash = s.id_number_hash LIMIT 1) p
         JOIN members m ON m.id = p.member_id AND m.province_code = p.province_code
        WHERE NOT (m.organisation_path <@ $1::ltree)
       UNION ALL
       SELECT s.row_number, 'import.mobile_taken', 'mobile'
         FROM roster_stage s JOIN members m ON m.mobile_hash = s.mobile_hash AND m.province_code = $3
        WHERE m.id_number_hash <> s.id_number_hash
       UNION ALL
       SELECT s.row_number, 'import.union_unknown', 'unionId'
         FROM roster_stage s LEFT JOIN organisations o ON o.id = s.organisation_id
        WHERE s.organisation_id <> $2
          AND (o.id IS NULL OR o.status <> 'active' OR NOT (o.path <@ $1::ltree) OR left(o.region_code, 2) <> $3)`,
      [target.path, target.organisationId, target.provinceCode],
    );
    const rejected = refused.rows.map((r) => ({ rowNumber: r.row_number, messageKey: r.message_key, field: r.field }));
    if (rejected.length > 0) {
      await client.query('DELETE FROM roster_stage WHERE row_number = ANY($1::int[])', [
        rejected.map((r) => r.rowNumber),
      ]);
    }
    const result = await client.query<{ created: number; updated: number }>(
      `WITH up AS (
         INSERT INTO members (province_code, member_number, organisation_id, organisation_path, name, name_search, name_tokens, gender, birth_year,
           id_number_enc, id_number_hash, mobile_enc, mobile_hash, employer_id, employment_form, platform, job_type,
           residence_region_code, monthly_wage_enc, dues_monthly_fen, status, status_since, joined_on, source)
         SELECT $4, o.region_code || lpad(nextval('member_number_seq')::text, 10, '0'), s.organisation_id, o.path, s.name,
           s.name_search, s.name_tokens,
           s.gender, s.birth_year, s.id_number_enc, s.id_number_hash, s.mobile_enc, s.mobile_hash, s.employer_id,
           s.employment_form, s.platform, s.job_type, s.residence_region_code, s.monthly_wage_enc,
           s.dues_monthly_fen, 'active', s.joined_on, s.joined_on, 'import'
         FROM roster_stage s JOIN organisations o ON o.id = s.organisation_id ORDER BY s.row_number
         ON CONFLICT (id_number_hash, province_code) DO UPDATE SET
           name = excluded.name, name_search = excluded.name_search, name_tokens = excluded.name_tokens,
           mobile_enc = excluded.mobile_enc, mobile_hash = excluded.mobile_hash, employer_id = excluded.employer_id,
           employment_form = excluded.employment_form, platform = excluded.platform, job_type = excluded.job_type,
           residence_region_code = excluded.residence_region_code, monthly_wage_enc = excluded.monthly_wage_enc,
           dues_monthly_fen = excluded.dues_monthly_fen, updated_at = now()
         WHERE members.organisation_path <@ $1::ltree
           AND (members.name, members.mobile_hash, members.employer_id, members.employment_form, members.platform,
                members.job_type, members.residence_region_code, members.dues_monthly_fen)
               IS DISTINCT FROM
               (excluded.name, excluded.mobile_hash, excluded.employer_id, excluded.employment_form, excluded.platform,
                excluded.job_type, excluded.residence_region_code, excluded.dues_monthly_fen)
         RETURNING id, id_number_hash, organisation_id, joined_on, (xmax = 0) AS created
       ), facts AS (
         INSERT INTO member_status_events (member_id, province_code, organisation_id, status, effective_on, reason,
           actor_user_id, actor_name)
         SELECT id, $4, organisation_id, 'active', joined_on, 'import', $2, $3 FROM up WHERE created
         RETURNING 1
       ), persons AS (
         INSERT INTO member_persons (id_number_hash, province_code, member_id)
         SELECT id_number_hash, $4, id FROM up WHERE created
         RETURNING 1
       )
       SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated
       FROM up`,
      [target.path, target.actorUserId, target.actorName, target.provinceCode],
    );
    const outcome = { created: result.rows[0]?.created ?? 0, updated: result.rows[0]?.updated ?? 0, rejected };
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

/** Progress and rejected rows of an import, written with the batch they belong to. */
export async function recordImportProgress(
  client: pg.PoolClient | pg.Pool,
  job: { id: string; provinceCode: string },
  progress: { total: number; created: number; updated: number; unchanged: number; rejected: number; committed: number },
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
       rejected_rows = $6, committed_rows = $7 WHERE id = $1`,
    [
      job.id,
      progress.total,
      progress.created,
      progress.updated,
      progress.unchanged,
      progress.rejected,
      progress.committed,
    ],
  );
}
