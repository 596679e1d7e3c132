import type { SurveyStatus } from '@gonghui/contract';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { childUnder, inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { members } from '../membership/membership.tables';
import { type AudienceRule, audienceTakes, inAudience, type Reader } from './notices.repository';
import {
  surveyAnswerBox,
  surveyAudience,
  surveyChases,
  surveyDrafts,
  surveyEnumerators,
  surveyParticipants,
  surveyQuotas,
  surveyResponses,
  surveys,
  surveyTallies,
} from './reach.tables';

export type SurveyRow = typeof surveys.$inferSelect & { organisationName: string; path: string };
export type SurveyInsert = typeof surveys.$inferInsert;
export type QuotaRow = typeof surveyQuotas.$inferSelect;

const surveyColumns = { survey: surveys, organisationName: organisations.name, path: organisations.path };
const flatten = (row: { survey: typeof surveys.$inferSelect; organisationName: string; path: string }): SurveyRow => ({
  ...row.survey,
  organisationName: row.organisationName,
  path: row.path,
});

function surveysFrom(db: Executor) {
  return db.select(surveyColumns).from(surveys).innerJoin(organisations, eq(organisations.id, surveys.organisationId));
}

/** Open, its time come and not past its closing time. */
export const live = sql`(${surveys.status} = 'open' AND ${surveys.opensAt} <= now()
  AND (${surveys.closesAt} IS NULL OR ${surveys.closesAt} > now()))`;

// ---- writing ----

export async function insertSurvey(tx: Executor, values: SurveyInsert) {
  const [row] = await tx.insert(surveys).values(values).returning({ id: surveys.id });
  return row!.id;
}

export async function updateSurvey(tx: Executor, id: number, values: Partial<SurveyInsert>) {
  await tx
    .update(surveys)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(surveys.id, id));
}

export async function findSurvey(db: Executor, id: number) {
  const [row] = await surveysFrom(db).where(eq(surveys.id, id));
  return row ? flatten(row) : null;
}

export async function lockSurvey(tx: Executor, id: number) {
  const [row] = await surveysFrom(tx).where(eq(surveys.id, id)).for('update', { of: surveys });
  return row ? flatten(row) : null;
}

/** A survey run by an organisation within the scope. */
export async function surveyInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await surveysFrom(db).where(and(eq(surveys.id, id), inSubtrees(organisations.path, scope)));
  return row ? flatten(row) : null;
}

export async function surveyExists(db: Executor, id: number) {
  const [row] = await db.select({ id: surveys.id }).from(surveys).where(eq(surveys.id, id));
  return row !== undefined;
}

/** Surveys run within the scope or (once out of draft) addressed into it, newest first. */
export async function surveysPage(
  db: Executor,
  filter: { scope: readonly string[]; status?: SurveyStatus | undefined },
  limit: number,
  offset: number,
) {
  const scope = sql.param([...filter.scope]);
  const addressedInto = sql`EXISTS (SELECT 1 FROM ${organisations} a WHERE a.id = ANY(${surveys.audienceOrgIds})
    AND (a.path <@ ANY(${scope}::ltree[]) OR a.path @> ANY(${scope}::ltree[])))`;
  const where = and(
    sql`(${inSubtrees(organisations.path, filter.scope)} OR (${surveys.status} <> 'draft' AND ${addressedInto}))`,
    filter.status ? eq(surveys.status, filter.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    surveysFrom(db).where(where).orderBy(desc(surveys.id)).limit(limit).offset(offset),
    db
      .select({ count: count() })
      .from(surveys)
      .innerJoin(organisations, eq(organisations.id, surveys.organisationId))
      .where(where),
  ]);
  return { rows: rows.map(flatten), total: total?.count ?? 0 };
}

/** Answers (counted, and waiting to be mixed) per survey. */
export async function totalsOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { members: number; answers: number; waiting: number }>();
  const rows = await db.execute<{ survey_id: string; members: string; answers: string; waiting: string }>(sql`
    SELECT s.id AS survey_id,
      (SELECT coalesce(sum(members), 0) FROM ${surveyAudience} a WHERE a.survey_id = s.id) AS members,
      (SELECT coalesce(sum(answers), 0) FROM ${surveyAudience} a WHERE a.survey_id = s.id) AS answers,
      (SELECT count(*) FROM ${surveyAnswerBox} b WHERE b.survey_id = s.id) AS waiting
    FROM ${surveys} s WHERE s.id = ANY(${sql.param([...ids])}::int8[])`);
  return new Map(
    rows.rows.map((row) => [
      Number(row.survey_id),
      { members: Number(row.members), answers: Number(row.answers), waiting: Number(row.waiting) },
    ]),
  );
}

/** The organisations at these levels within a subtree (the template's cities and counties). */
export async function placesUnder(db: Executor, path: string, levels: readonly string[]) {
  return db
    .select({ id: organisations.id, level: organisations.level, path: organisations.path })
    .from(organisations)
    .where(
      and(
        sql`${organisations.path} <@ ${path}::ltree`,
        inArray(organisations.level, [...levels]),
        eq(organisations.status, 'active'),
      ),
    );
}

// ---- quotas ----

export async function quotasOf(db: Executor, surveyId: number) {
  return db
    .select({ quota: surveyQuotas, organisationName: organisations.name, path: organisations.path })
    .from(surveyQuotas)
    .innerJoin(organisations, eq(organisations.id, surveyQuotas.organisationId))
    .where(eq(surveyQuotas.surveyId, surveyId))
    .orderBy(organisations.path, surveyQuotas.id);
}

export async function replaceQuotas(
  tx: Executor,
  surveyId: number,
  rows: Omit<typeof surveyQuotas.$inferInsert, 'surveyId'>[],
) {
  await tx.delete(surveyQuotas).where(eq(surveyQuotas.surveyId, surveyId));
  if (rows.length > 0) await tx.insert(surveyQuotas).values(rows.map((row) => ({ ...row, surveyId })));
}

/** Sets a quota's target (created, its fill counted from the answers already under it, or changed). */
export async function upsertQuota(
  tx: Executor,
  surveyId: number,
  row: { organisationId: number; industry: string | null; target: number },
) {
  const existing = await tx
    .select()
    .from(surveyQuotas)
    .where(
      and(
        eq(surveyQuotas.surveyId, surveyId),
        eq(surveyQuotas.organisationId, row.organisationId),
        row.industry === null ? isNull(surveyQuotas.industry) : eq(surveyQuotas.industry, row.industry),
        isNull(surveyQuotas.cellQuestion),
      ),
    )
    .for('update');
  if (existing[0]) {
    await tx
      .update(surveyQuotas)
      .set({ target: row.target })
      .where(and(eq(surveyQuotas.surveyId, surveyId), eq(surveyQuotas.id, existing[0].id)));
    return;
  }
  // Answers already taken under the organisation: online ones by their participants, paper ones by their rows.
  await tx.execute(sql`INSERT INTO ${surveyQuotas} (survey_id, organisation_id, industry, target, filled)
    SELECT ${surveyId}::int8, ${row.organisationId}::int8, ${row.industry}::text, ${row.target}::int4, least(${row.target}::int4, (
      SELECT count(*) FROM ${surveyParticipants} p JOIN ${organisations} o ON o.id = p.organisation_id
      WHERE p.survey_id = ${surveyId} AND o.path <@ (SELECT path FROM ${organisations} WHERE id = ${row.organisationId})
        AND (${row.industry}::text IS NULL OR p.industry = ${row.industry}::text)))`);
}

/**
 * Locks the quotas that answers from under these organisations may count against (on them or
 * above), in id order, so two batches never wait on each other crosswise; the caller matches each
 * answer's industry and cell.
 */
/**
 * What a batch of answers is judged against, in one round trip (the batch holds its survey's quotas
 * while it runs, so each round trip saved is more answers a second): the survey; its quotas on the
 * respondents' organisations and above, locked in id order for the batch; and which respondents
 * have answered already.
 */
export async function openBatch(
  tx: Executor,
  surveyId: number,
  ancestors: readonly number[],
  userIds: readonly string[],
) {
  const [row] = await tx
    .select({
      ...surveyColumns,
      quotas: sql<QuotaRow[]>`(SELECT coalesce(json_agg(json_build_object('surveyId', q.survey_id, 'id', q.id,
          'organisationId', q.organisation_id, 'industry', q.industry, 'cellQuestion', q.cell_question,
          'cellValue', q.cell_value, 'target', q.target, 'filled', q.filled) ORDER BY q.id), '[]')
        FROM (SELECT * FROM ${surveyQuotas} WHERE survey_id = ${surveyId}
          AND organisation_id = ANY(${sql.param(ancestors)}::int8[]) ORDER BY id FOR UPDATE) q)`,
      answered: sql<string[]>`(SELECT coalesce(array_agg(p.user_id::text), '{}') FROM ${surveyParticipants} p
        WHERE p.survey_id = ${surveyId} AND p.user_id = ANY(${sql.param(userIds)}::uuid[]))`,
    })
    .from(surveys)
    .innerJoin(organisations, eq(organisations.id, surveys.organisationId))
    .where(eq(surveys.id, surveyId));
  if (!row) return null;
  return { survey: flatten(row), quotas: row.quotas, answered: new Set(row.answered) };
}

/** Sets quotas' fills (those of a batch, counted in the caller under their locks). */
export async function quotasAllFull(tx: Executor, surveyId: number) {
  const rows = await tx.execute<{ open: string; total: string }>(sql`
    SELECT count(*) FILTER (WHERE filled < target) AS open, count(*) AS total FROM ${surveyQuotas} WHERE survey_id = ${surveyId}`);
  const row = rows.rows[0]!;
  return Number(row.total) > 0 && Number(row.open) === 0;
}

// ---- answers ----

/** Records that these people answered; answers those who had not before (the others already had). */
/** Takes back claims made in this transaction for answers then refused. */
export async function hasAnswered(db: Executor, surveyId: number, userId: string) {
  const [row] = await db
    .select({ userId: surveyParticipants.userId })
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), eq(surveyParticipants.userId, userId)));
  return row !== undefined;
}

export type ResponseInsert = typeof surveyResponses.$inferInsert;

/**
 * Writes what a batch of answers leaves, in one statement (the batch holds its survey's quotas
 * while it runs, so each round trip saved is more answers a second): who answered, the quotas'
 * fills, the answers per organisation counted, the answers themselves with their tally marks or,
 * for an anonymous survey, sealed into the box, and the drafts of those who answered deleted.
 * Counts are added in key order, so two batches of one survey wait on each other rather than
 * deadlock.
 */
export async function recordTaken(
  tx: Executor,
  surveyId: number,
  taken: {
    /** The quotas' new fills. */
    fills?: readonly { id: number; filled: number }[];
    /**
     * Who answered, once each (the participation's key: should another server's batch have taken
     * one of them meanwhile, the statement fails and the batch's answers are taken one by one).
     */
    claims?: readonly (typeof surveyParticipants.$inferInsert)[];
    byOrganisation?: ReadonlyMap<number, number>;
    responses?: readonly ResponseInsert[];
    marks?: readonly TallyMark[];
    sealed?: readonly { slot: string; sealed: Buffer }[];
    answeredBy?: readonly string[];
    /** The organisations' paths where known (others are looked up as the rows go in). */
    paths?: ReadonlyMap<number, string>;
  },
) {
  const parts: SQL[] = [];
  const pathOf = (id: number) => taken.paths?.get(id) ?? '';
  const fills = taken.fills ?? [];
  if (fills.length > 0)
    parts.push(sql`UPDATE ${surveyQuotas} q SET filled = f.filled
      FROM unnest(${sql.param(fills.map((f) => f.id))}::int8[], ${sql.param(fills.map((f) => f.filled))}::int4[]) AS f(id, filled)
      WHERE q.survey_id = ${surveyId} AND q.id = f.id`);
  const claims = taken.claims ?? [];
  if (claims.length > 0)
    parts.push(sql`INSERT INTO ${surveyParticipants} (survey_id, user_id, organisation_id, industry, day, response_key)
      SELECT ${surveyId}::int8, c.user_id, c.organisation_id, c.industry, c.day, c.response_key
      FROM unnest(${sql.param(claims.map((c) => c.userId))}::uuid[], ${sql.param(claims.map((c) => c.organisationId))}::int8[],
        ${sql.param(claims.map((c) => c.industry ?? null))}::text[], ${sql.param(claims.map((c) => c.day))}::text[],
        ${sql.param(claims.map((c) => c.responseKey ?? null))}::text[]) AS c(user_id, organisation_id, industry, day, response_key)
      ORDER BY c.user_id`);
  const counts = [...(taken.byOrganisation ?? [])];
  if (counts.length > 0)
    parts.push(sql`INSERT INTO ${surveyAudience} (survey_id, organisation_id, organisation_path, answers)
      SELECT ${surveyId}::int8, c.organisation_id, c.organisation_path::ltree, c.answers
      FROM unnest(${sql.param(counts.map(([id]) => id))}::int8[], ${sql.param(counts.map(([id]) => pathOf(id)))}::text[],
        ${sql.param(counts.map(([, n]) => n))}::int8[]) AS c(organisation_id, organisation_path, answers)
      ORDER BY c.organisation_id
      ON CONFLICT (survey_id, organisation_id) DO UPDATE SET answers = ${surveyAudience.answers} + excluded.answers`);
  const responses = taken.responses ?? [];
  if (responses.length > 0)
    parts.push(sql`INSERT INTO ${surveyResponses} (survey_id, response_key, organisation_id, industry, employment_form, day, mode, answers)
      SELECT ${surveyId}::int8, r.response_key, r.organisation_id, r.industry, r.employment_form, r.day, r.mode, r.answers
      FROM jsonb_to_recordset(${JSON.stringify(
        responses.map((r) => ({
          response_key: r.responseKey,
          organisation_id: r.organisationId,
          industry: r.industry ?? null,
          employment_form: r.employmentForm ?? null,
          day: r.day,
          mode: r.mode,
          answers: r.answers,
        })),
      )}::jsonb) AS r(response_key text, organisation_id int8, industry text, employment_form text, day date, mode text, answers jsonb)`);
  const marks = taken.marks ?? [];
  if (marks.length > 0)
    parts.push(sql`INSERT INTO ${surveyTallies} (survey_id, question, organisation_id, organisation_path, industry, value, n, s)
      SELECT ${surveyId}::int8, t.question, t.organisation_id, min(t.organisation_path)::ltree, t.industry, t.value,
        count(*), sum(t.x)
      FROM unnest(${sql.param(marks.map((m) => m.question))}::text[], ${sql.param(marks.map((m) => m.organisationId))}::int8[],
        ${sql.param(marks.map((m) => pathOf(m.organisationId)))}::text[],
        ${sql.param(marks.map((m) => m.industry))}::text[], ${sql.param(marks.map((m) => m.value))}::text[],
        ${sql.param(marks.map((m) => m.x))}::numeric[]) AS t(question, organisation_id, organisation_path, industry, value, x)
      GROUP BY t.question, t.organisation_id, t.industry, t.value
      ORDER BY t.question, t.organisation_id, t.industry, t.value
      ON CONFLICT (survey_id, question, organisation_id, industry, value) DO UPDATE
        SET n = ${surveyTallies.n} + excluded.n,
            s = CASE WHEN excluded.s IS NULL THEN ${surveyTallies.s} ELSE coalesce(${surveyTallies.s}, 0) + excluded.s END`);
  const sealed = taken.sealed ?? [];
  if (sealed.length > 0)
    parts.push(sql`INSERT INTO ${surveyAnswerBox} (survey_id, slot, sealed)
      SELECT ${surveyId}::int8, b.slot, b.sealed
      FROM unnest(${sql.param(sealed.map((b) => b.slot))}::text[], ${sql.param(sealed.map((b) => b.sealed))}::bytea[]) AS b(slot, sealed)`);
  const answeredBy = taken.answeredBy ?? [];
  if (answeredBy.length > 0)
    parts.push(
      sql`DELETE FROM ${surveyDrafts} WHERE survey_id = ${surveyId} AND user_id = ANY(${sql.param(answeredBy)}::uuid[])`,
    );
  if (parts.length === 0) return;
  await tx.execute(
    sql`WITH ${sql.join(
      parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS (${part})`),
      sql`, `,
    )} SELECT 1`,
  );
}

export async function boxesToMix(db: Executor, batch: number) {
  const rows = await db.execute<{ survey_id: string }>(sql`
    SELECT b.survey_id FROM ${surveyAnswerBox} b JOIN ${surveys} s ON s.id = b.survey_id
    GROUP BY b.survey_id, s.status HAVING count(*) >= ${batch} OR s.status = 'closed'`);
  return rows.rows.map((row) => Number(row.survey_id));
}

/** Takes every sealed answer out of a survey's box (the caller writes them, opened and shuffled). */
export async function emptyBox(tx: Executor, surveyId: number) {
  const rows = await tx.execute<{ sealed: Buffer }>(
    sql`DELETE FROM ${surveyAnswerBox} WHERE survey_id = ${surveyId} RETURNING sealed`,
  );
  return rows.rows.map((row) => row.sealed);
}

// ---- drafts ----

export async function saveDraft(tx: Executor, surveyId: number, userId: string, sealed: Buffer) {
  await tx
    .insert(surveyDrafts)
    .values({ surveyId, userId, sealed })
    .onConflictDoUpdate({
      target: [surveyDrafts.surveyId, surveyDrafts.userId],
      set: { sealed, updatedAt: sql`now()` },
    });
}

export async function draftOf(db: Executor, surveyId: number, userId: string) {
  const [row] = await db
    .select({ sealed: surveyDrafts.sealed })
    .from(surveyDrafts)
    .where(and(eq(surveyDrafts.surveyId, surveyId), eq(surveyDrafts.userId, userId)));
  return row?.sealed ?? null;
}

// ---- members ----

const addressedTo = (reader: Reader) => audienceTakes(surveys, reader);

/** The surveys a reader can answer (live, addressed to them) or has answered, newest first. */
export async function readerSurveysPage(
  db: Executor,
  reader: Reader,
  status: SurveyStatus | undefined,
  limit: number,
  offset: number,
) {
  const answered = sql`EXISTS (SELECT 1 FROM ${surveyParticipants} p WHERE p.survey_id = ${surveys.id} AND p.user_id = ${reader.userId})`;
  const where = and(
    sql`${surveys.status} <> 'draft' AND ${surveys.opensAt} <= now()`,
    addressedTo(reader),
    status ? eq(surveys.status, status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...surveyColumns, answered: sql<boolean>`${answered}` })
      .from(surveys)
      .innerJoin(organisations, eq(organisations.id, surveys.organisationId))
      .where(where)
      .orderBy(sql`${surveys.status} = 'open' DESC`, desc(surveys.opensAt), desc(surveys.id))
      .limit(limit)
      .offset(offset),
    db.select({ count: count() }).from(surveys).where(where),
  ]);
  return { rows: rows.map((row) => ({ ...flatten(row), answered: row.answered })), total: total?.count ?? 0 };
}

// ---- the audience, invitations and chasing ----

/** Counts the survey's audience per organisation once it is open (answers already counted are kept). */
export async function countAudience(tx: Executor, survey: AudienceRule & { id: number }, paths: readonly string[]) {
  await tx.execute(sql`INSERT INTO ${surveyAudience} (survey_id, organisation_id, organisation_path, members)
    SELECT ${survey.id}::int8, m.organisation_id, m.organisation_path, count(*) FROM ${members} m
    WHERE ${inAudience(survey, paths)}
    GROUP BY m.organisation_id, m.organisation_path
    ON CONFLICT (survey_id, organisation_id) DO UPDATE SET members = EXCLUDED.members`);
}

/** The audience is counted and every member of it invited: the job is done with the survey. */
export async function markCounted(db: Executor, surveyId: number) {
  await db.update(surveys).set({ countedAt: sql`now()` }).where(eq(surveys.id, surveyId));
}

/** Open surveys whose time came and whose audience is not counted (nor invited) yet. */
export async function uncounted(db: Executor) {
  return db
    .select()
    .from(surveys)
    .where(and(live, isNull(surveys.countedAt)))
    .limit(20);
}

/** Open surveys past their closing time. */
export async function pastClosing(db: Executor) {
  const rows = await db
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.status, 'open'), sql`${surveys.closesAt} <= now()`));
  return rows.map((row) => row.id);
}

/** The members of the audience (under `branchPath` when given) who have not answered: their accounts. */
export async function notAnsweredUnder(
  db: Executor,
  survey: AudienceRule & { id: number },
  paths: readonly string[],
  branchPath: string | null,
  after: string | null = null,
  limit = 100_000,
) {
  const rows = await db.execute<{ user_id: string }>(sql`SELECT m.user_id FROM ${members} m
    WHERE ${inAudience(survey, paths)}
      ${branchPath ? sql`AND m.organisation_path <@ ${branchPath}::ltree` : sql``}
      ${after ? sql`AND m.user_id > ${after}::uuid` : sql``}
      AND NOT EXISTS (SELECT 1 FROM ${surveyParticipants} p WHERE p.user_id = m.user_id AND p.survey_id = ${survey.id})
    ORDER BY m.user_id LIMIT ${limit}`);
  return rows.rows.map((row) => row.user_id);
}

/** Audience and answers under `nodePath`, summed per child of the node (as a notice's read rate). */
export async function fillUnder(db: Executor, surveyId: number, nodePath: string) {
  const rows = await db.execute<{ child: string | null; members: string; answers: string }>(sql`
    SELECT ${childUnder(sql`a.organisation_path`, nodePath)} AS child,
           sum(a.members) AS members, sum(a.answers) AS answers
    FROM ${surveyAudience} a
    WHERE a.survey_id = ${surveyId} AND a.organisation_path <@ ${nodePath}::ltree
    GROUP BY 1`);
  return rows.rows.map((row) => ({
    childId: row.child === null ? null : Number(row.child),
    members: Number(row.members),
    answers: Number(row.answers),
  }));
}

export async function chasedOn(db: Executor, surveyId: number, day: string) {
  const rows = await db
    .select({ organisationId: surveyChases.organisationId })
    .from(surveyChases)
    .where(and(eq(surveyChases.surveyId, surveyId), eq(surveyChases.day, day)));
  return new Set(rows.map((row) => row.organisationId));
}

export async function recordChase(tx: Executor, values: typeof surveyChases.$inferInsert) {
  const inserted = await tx
    .insert(surveyChases)
    .values(values)
    .onConflictDoNothing()
    .returning({ surveyId: surveyChases.surveyId });
  return inserted.length > 0;
}

// ---- enumerators ----

export async function enumeratorsOf(db: Executor, surveyId: number) {
  return db
    .select({
      organisationId: surveyEnumerators.organisationId,
      organisationName: organisations.name,
      path: organisations.path,
      userId: surveyEnumerators.userId,
      displayName: users.displayName,
    })
    .from(surveyEnumerators)
    .innerJoin(organisations, eq(organisations.id, surveyEnumerators.organisationId))
    .innerJoin(users, eq(users.id, surveyEnumerators.userId))
    .where(eq(surveyEnumerators.surveyId, surveyId))
    .orderBy(organisations.path);
}

export async function replaceEnumerators(
  tx: Executor,
  surveyId: number,
  rows: readonly { organisationId: number; userId: string }[],
) {
  await tx.delete(surveyEnumerators).where(eq(surveyEnumerators.surveyId, surveyId));
  if (rows.length > 0) await tx.insert(surveyEnumerators).values(rows.map((row) => ({ ...row, surveyId })));
}

export async function usersExist(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Set(rows.map((row) => row.id));
}

// ---- results ----

export type Dimension = 'none' | 'region' | 'industry' | 'question';

/** One count of a survey's tallies (see survey_tallies). */
export interface TallyRow {
  question: string;
  organisationId: number;
  industry: string;
  value: string;
  n: number;
  s: number | null;
}

/** One answer's mark on a tally: one more for its key, `x` the number it adds to the sum (as written). */
export interface TallyMark {
  question: string;
  organisationId: number;
  industry: string;
  value: string;
  x: string | null;
}

/**
 * Counts a survey's tallies again from its answers (the same counts the answers added as they were
 * written): for a survey whose answers were written some other way, and to check the two agree.
 */
export async function retally(tx: Executor, surveyId: number) {
  await tx.delete(surveyTallies).where(eq(surveyTallies.surveyId, surveyId));
  await tx.execute(sql`
    WITH q AS (
      SELECT x.q ->> 'id' AS id, x.q ->> 'type' AS type
      FROM ${surveys} s, jsonb_array_elements(s.definition -> 'sections') AS sec(v),
        jsonb_array_elements(sec.v -> 'questions') AS x(q)
      WHERE s.id = ${surveyId}),
    r AS (
      SELECT organisation_id, coalesce(industry, '') AS industry,
        jsonb_strip_nulls(answers) AS answers
      FROM ${surveyResponses} WHERE survey_id = ${surveyId}),
    v AS (
      SELECT '' AS question, organisation_id, industry, '' AS value, NULL::numeric AS x FROM r
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, '',
        CASE WHEN q.type IN ('number', 'scale') THEN (r.answers ->> q.id)::numeric END
      FROM r JOIN q ON r.answers ? q.id
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, r.answers ->> q.id, NULL
      FROM r JOIN q ON r.answers ? q.id AND q.type IN ('single', 'scale', 'region')
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, e.v, NULL
      FROM r JOIN q ON q.type = 'multiple' AND jsonb_typeof(r.answers -> q.id) = 'array'
        CROSS JOIN LATERAL jsonb_array_elements_text(r.answers -> q.id) AS e(v)
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, e.k || ':' || e.v, NULL
      FROM r JOIN q ON q.type = 'matrix' AND jsonb_typeof(r.answers -> q.id) = 'object'
        CROSS JOIN LATERAL jsonb_each_text(r.answers -> q.id) AS e(k, v))
    INSERT INTO ${surveyTallies} (survey_id, question, organisation_id, industry, value, n, s)
    SELECT ${surveyId}::int8, question, organisation_id, industry, value, count(*), sum(x)
    FROM v GROUP BY question, organisation_id, industry, value`);
}

/** A survey's tallies as stored, in key order (for the tests that compare them with the answers). */
export async function talliesOf(db: Executor, surveyId: number): Promise<TallyRow[]> {
  const rows = await db
    .select()
    .from(surveyTallies)
    .where(eq(surveyTallies.surveyId, surveyId))
    .orderBy(surveyTallies.question, surveyTallies.organisationId, surveyTallies.industry, surveyTallies.value);
  return rows.map((r) => ({
    question: r.question,
    organisationId: r.organisationId,
    industry: r.industry,
    value: r.value,
    n: r.n,
    s: r.s === null ? null : Number(r.s),
  }));
}

const cell = (row: { d: string; v: string; n: string; s: string | null }) => ({
  d: row.d,
  v: row.v,
  n: Number(row.n),
  s: row.s === null ? null : Number(row.s),
});

/**
 * One question's counts under a node from the tallies, by region (`d` the node's child the answer
 * came from) or industry section or neither: `v` '' the people who answered (`s` the sum of their
 * numbers), any other `v` those who chose that value. Question '' counts the answers.
 */
export async function counted(
  db: Executor,
  surveyId: number,
  question: string,
  kind: Exclude<Dimension, 'question'>,
  nodePath: string,
) {
  const by =
    kind === 'region'
      ? sql`coalesce(${childUnder(sql`t.organisation_path`, nodePath)}, '')`
      : kind === 'industry'
        ? sql`t.industry`
        : sql`''`;
  const rows = await db.execute<{ d: string; v: string; n: string; s: string | null }>(sql`
    SELECT ${by} AS d, t.value AS v, sum(t.n) AS n, sum(t.s) AS s
    FROM ${surveyTallies} t
    WHERE t.survey_id = ${surveyId} AND t.question = ${question} AND t.organisation_path <@ ${nodePath}::ltree
    GROUP BY 1, 2`);
  return rows.rows.map(cell);
}

/**
 * One question's counts under a node crossed by the answer to another (`d`), read from the answers
 * themselves, in the shape of `counted`.
 */
export async function crossedBy(
  db: Executor,
  surveyId: number,
  question: { id: string; type: string },
  against: string,
  nodePath: string,
) {
  const q = question.id;
  const value: SQL | null =
    question.type === 'multiple'
      ? sql`x.v`
      : question.type === 'matrix'
        ? sql`x.k || ':' || x.v`
        : ['single', 'scale', 'region'].includes(question.type)
          ? sql`r.answers ->> ${q}`
          : null;
  const lateral: SQL =
    question.type === 'multiple'
      ? sql`CROSS JOIN LATERAL jsonb_array_elements_text(r.answers -> ${q}) AS x(v)`
      : question.type === 'matrix'
        ? sql`CROSS JOIN LATERAL jsonb_each_text(r.answers -> ${q}) AS x(k, v)`
        : sql``;
  const from = sql`FROM ${surveyResponses} r JOIN ${organisations} o ON o.id = r.organisation_id`;
  const where = sql`WHERE r.survey_id = ${surveyId} AND r.answers ? ${q} AND o.path <@ ${nodePath}::ltree`;
  const by = sql`coalesce(r.answers ->> ${against}, '')`;
  const sum = ['number', 'scale'].includes(question.type) ? sql`sum((r.answers ->> ${q})::numeric)` : sql`NULL`;
  const rows = await db.execute<{ d: string; v: string; n: string; s: string | null }>(sql`
    SELECT ${by} AS d, '' AS v, count(*) AS n, ${sum} AS s ${from} ${where} GROUP BY 1
    ${value ? sql`UNION ALL SELECT ${by}, ${value}, count(*), NULL ${from} ${lateral} ${where} GROUP BY 1, 2` : sql``}`);
  return rows.rows.map(cell);
}

/** A page of answers under a node, by key (for the CSV), with their organisation's name. */
export async function responsesAfter(db: Executor, surveyId: number, nodePath: string, after: string, limit: number) {
  return db
    .select({
      responseKey: surveyResponses.responseKey,
      organisationName: organisations.name,
      industry: surveyResponses.industry,
      employmentForm: surveyResponses.employmentForm,
      day: surveyResponses.day,
      mode: surveyResponses.mode,
      answers: surveyResponses.answers,
    })
    .from(surveyResponses)
    .innerJoin(organisations, eq(organisations.id, surveyResponses.organisationId))
    .where(
      and(
        eq(surveyResponses.surveyId, surveyId),
        sql`${organisations.path} <@ ${nodePath}::ltree`,
        sql`${surveyResponses.responseKey} > ${after}`,
      ),
    )
    .orderBy(surveyResponses.responseKey)
    .limit(limit);
}
