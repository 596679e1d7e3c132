import type { SurveyStatus } from '@gonghui/contract';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
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
export async function lockQuotasUnder(tx: Executor, surveyId: number, ancestors: readonly number[]) {
  return tx
    .select()
    .from(surveyQuotas)
    .where(and(eq(surveyQuotas.surveyId, surveyId), inArray(surveyQuotas.organisationId, [...ancestors])))
    .orderBy(surveyQuotas.id)
    .for('update');
}

/** Sets quotas' fills (those of a batch, counted in the caller under their locks). */
export async function setFills(tx: Executor, surveyId: number, fills: readonly { id: number; filled: number }[]) {
  if (fills.length === 0) return;
  await tx.execute(sql`UPDATE ${surveyQuotas} q SET filled = f.filled
    FROM unnest(${sql.param(fills.map((f) => f.id))}::int8[], ${sql.param(fills.map((f) => f.filled))}::int4[]) AS f(id, filled)
    WHERE q.survey_id = ${surveyId} AND q.id = f.id`);
}

export async function quotasAllFull(tx: Executor, surveyId: number) {
  const rows = await tx.execute<{ open: string; total: string }>(sql`
    SELECT count(*) FILTER (WHERE filled < target) AS open, count(*) AS total FROM ${surveyQuotas} WHERE survey_id = ${surveyId}`);
  const row = rows.rows[0]!;
  return Number(row.total) > 0 && Number(row.open) === 0;
}

// ---- answers ----

/** Records that these people answered; answers those who had not before (the others already had). */
export async function claimParticipations(tx: Executor, rows: readonly (typeof surveyParticipants.$inferInsert)[]) {
  if (rows.length === 0) return new Set<string>();
  const inserted = await tx
    .insert(surveyParticipants)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ userId: surveyParticipants.userId });
  return new Set(inserted.map((row) => row.userId));
}

/** Takes back claims made in this transaction for answers then refused. */
export async function releaseParticipations(tx: Executor, surveyId: number, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await tx
    .delete(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), inArray(surveyParticipants.userId, [...userIds])));
}

export async function hasAnswered(db: Executor, surveyId: number, userId: string) {
  const [row] = await db
    .select({ userId: surveyParticipants.userId })
    .from(surveyParticipants)
    .where(and(eq(surveyParticipants.surveyId, surveyId), eq(surveyParticipants.userId, userId)));
  return row !== undefined;
}

/** Adds answers to their organisations' counts. */
export async function countAnswers(tx: Executor, surveyId: number, byOrganisation: ReadonlyMap<number, number>) {
  if (byOrganisation.size === 0) return;
  await tx
    .insert(surveyAudience)
    .values([...byOrganisation].map(([organisationId, answers]) => ({ surveyId, organisationId, answers })))
    .onConflictDoUpdate({
      target: [surveyAudience.surveyId, surveyAudience.organisationId],
      set: { answers: sql`${surveyAudience.answers} + excluded.answers` },
    });
}

export type ResponseInsert = typeof surveyResponses.$inferInsert;

export async function insertResponses(tx: Executor, rows: readonly ResponseInsert[]) {
  for (let at = 0; at < rows.length; at += 1000) await tx.insert(surveyResponses).values(rows.slice(at, at + 1000));
}

export async function dropIntoBox(tx: Executor, rows: readonly { surveyId: number; slot: string; sealed: Buffer }[]) {
  if (rows.length > 0) await tx.insert(surveyAnswerBox).values([...rows]);
}

/** Surveys with anonymous answers to mix: at least `batch` waiting, or any once the survey closed. */
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

export async function deleteDrafts(tx: Executor, surveyId: number, userIds: readonly string[]) {
  if (userIds.length === 0) return;
  await tx
    .delete(surveyDrafts)
    .where(and(eq(surveyDrafts.surveyId, surveyId), inArray(surveyDrafts.userId, [...userIds])));
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
  await tx.execute(sql`INSERT INTO ${surveyAudience} (survey_id, organisation_id, members)
    SELECT ${survey.id}::int8, m.organisation_id, count(*) FROM ${members} m WHERE ${inAudience(survey, paths)}
    GROUP BY m.organisation_id
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
    SELECT CASE WHEN nlevel(o.path) > nlevel(${nodePath}::ltree)
             THEN subpath(o.path, nlevel(${nodePath}::ltree), 1)::text ELSE NULL END AS child,
           sum(a.members) AS members, sum(a.answers) AS answers
    FROM ${surveyAudience} a JOIN ${organisations} o ON o.id = a.organisation_id
    WHERE a.survey_id = ${surveyId} AND o.path <@ ${nodePath}::ltree
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

/**
 * Counts of one question's answers under a node, by a dimension: `d` is the child of the node the
 * answer came from (region), its industry section, or the answer to another question; `v` the
 * value (each choice of a multiple, `row:column` of a matrix). For numbers, the sum beside.
 */
export async function tally(
  db: Executor,
  surveyId: number,
  question: { id: string; type: string },
  dimension: { kind: Dimension; against?: string },
  nodePath: string | null,
) {
  const q = question.id;
  const value: SQL =
    question.type === 'multiple'
      ? sql`x.v`
      : question.type === 'matrix'
        ? sql`x.k || ':' || x.v`
        : ['text', 'date', 'number'].includes(question.type)
          ? sql`''`
          : sql`r.answers ->> ${q}`;
  const lateral: SQL =
    question.type === 'multiple'
      ? sql`CROSS JOIN LATERAL jsonb_array_elements_text(r.answers -> ${q}) AS x(v)`
      : question.type === 'matrix'
        ? sql`CROSS JOIN LATERAL jsonb_each_text(r.answers -> ${q}) AS x(k, v)`
        : sql``;
  const by: SQL =
    dimension.kind === 'region'
      ? nodePath
        ? sql`CASE WHEN nlevel(o.path) > nlevel(${nodePath}::ltree) THEN subpath(o.path, nlevel(${nodePath}::ltree), 1)::text ELSE '' END`
        : sql`subpath(o.path, 0, 1)::text`
      : dimension.kind === 'industry'
        ? sql`coalesce(r.industry, '')`
        : dimension.kind === 'question'
          ? sql`coalesce(r.answers ->> ${dimension.against ?? ''}, '')`
          : sql`''`;
  const needsTree = nodePath !== null || dimension.kind === 'region';
  const rows = await db.execute<{ d: string; v: string; n: string; s: string | null }>(sql`
    SELECT ${by} AS d, ${value} AS v, count(*) AS n,
      ${question.type === 'number' || question.type === 'scale' ? sql`sum((r.answers ->> ${q})::numeric)` : sql`NULL`} AS s
    FROM ${surveyResponses} r ${needsTree ? sql`JOIN ${organisations} o ON o.id = r.organisation_id` : sql``}
    ${lateral}
    WHERE r.survey_id = ${surveyId} AND r.answers ? ${q}
      ${nodePath ? sql`AND o.path <@ ${nodePath}::ltree` : sql``}
    GROUP BY 1, 2`);
  return rows.rows.map((row) => ({ d: row.d, v: row.v, n: Number(row.n), s: row.s === null ? null : Number(row.s) }));
}

export async function responseCount(db: Executor, surveyId: number, nodePath: string | null) {
  const rows = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ${surveyResponses} r
    ${nodePath ? sql`JOIN ${organisations} o ON o.id = r.organisation_id AND o.path <@ ${nodePath}::ltree` : sql``}
    WHERE r.survey_id = ${surveyId}`);
  return Number(rows.rows[0]!.n);
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
