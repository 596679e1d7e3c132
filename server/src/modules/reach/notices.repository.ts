import type { NoticeKind, NoticeStatus } from '@gonghui/contract';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { childUnder, inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { roleAssignments } from '../accounts/accounts.tables';
import { congressDelegates, congressSessions } from '../democracy/democracy.tables';
import { members } from '../membership/membership.tables';
import { noticeAudience, noticeChases, noticeReads, notices } from './reach.tables';

export type NoticeRow = typeof notices.$inferSelect & { organisationName: string; path: string };
export type NoticeInsert = typeof notices.$inferInsert;

/** Member statuses that still belong to the union (保留会籍 and moving between unions included). */
const IN_UNION = sql`('active','retained','transferring')`;

const noticeColumns = { notice: notices, organisationName: organisations.name, path: organisations.path };
const flatten = (row: { notice: typeof notices.$inferSelect; organisationName: string; path: string }): NoticeRow => ({
  ...row.notice,
  organisationName: row.organisationName,
  path: row.path,
});

function noticesFrom(db: Executor) {
  return db.select(noticeColumns).from(notices).innerJoin(organisations, eq(organisations.id, notices.organisationId));
}

/** Published and its time come. */
export const live = sql`(${notices.status} = 'published' AND ${notices.publishAt} <= now())`;

// ---- writing ----

export async function insertNotice(tx: Executor, values: NoticeInsert) {
  const [row] = await tx.insert(notices).values(values).returning({ id: notices.id });
  return row!.id;
}

export async function updateNotice(tx: Executor, id: number, values: Partial<NoticeInsert>) {
  await tx
    .update(notices)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(notices.id, id));
}

export async function findNotice(db: Executor, id: number) {
  const [row] = await noticesFrom(db).where(eq(notices.id, id));
  return row ? flatten(row) : null;
}

export async function lockNotice(tx: Executor, id: number) {
  const [row] = await noticesFrom(tx).where(eq(notices.id, id)).for('update', { of: notices });
  return row ? flatten(row) : null;
}

/** A notice published by an organisation within the scope (its cadres may change it). */
export async function noticeInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await noticesFrom(db).where(and(eq(notices.id, id), inSubtrees(organisations.path, scope)));
  return row ? flatten(row) : null;
}

export async function noticeExists(db: Executor, id: number) {
  const [row] = await db.select({ id: notices.id }).from(notices).where(eq(notices.id, id));
  return row !== undefined;
}

/**
 * Whether any of the notice's audience organisations lies within the scope, or holds part of it: a
 * cadre below the publisher sees the notice and chases its own branches.
 */
export async function audienceMeetsScope(db: Executor, audienceOrgIds: readonly number[], scope: readonly string[]) {
  if (scope.length === 0) return false;
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(
        inArray(organisations.id, [...audienceOrgIds]),
        sql`(${inSubtrees(organisations.path, scope)} OR ${organisations.path} @> ANY(${sql.param([...scope])}::ltree[]))`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Notices published within the scope or addressed into it, newest first. */
export async function noticesPage(
  db: Executor,
  filter: { scope: readonly string[]; within?: string | undefined; status?: NoticeStatus | undefined },
  limit: number,
  offset: number,
) {
  const scope = sql.param([...filter.scope]);
  const addressedInto = sql`EXISTS (SELECT 1 FROM ${organisations} a WHERE a.id = ANY(${notices.audienceOrgIds})
    AND (a.path <@ ANY(${scope}::ltree[]) OR a.path @> ANY(${scope}::ltree[])))`;
  const where = and(
    sql`(${inSubtrees(organisations.path, filter.scope)} OR (${notices.status} <> 'draft' AND ${addressedInto}))`,
    filter.within ? sql`${organisations.path} <@ ${filter.within}::ltree` : undefined,
    filter.status ? eq(notices.status, filter.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    noticesFrom(db)
      .where(where)
      .orderBy(desc(notices.pinned), sql`${notices.publishAt} DESC NULLS FIRST`, desc(notices.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ count: count() })
      .from(notices)
      .innerJoin(organisations, eq(organisations.id, notices.organisationId))
      .where(where),
  ]);
  return { rows: rows.map(flatten), total: total?.count ?? 0 };
}

export async function organisationsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, status: organisations.status })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
}

/** Audience and reads summed per notice. */
export async function totalsOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { members: number; reads: number }>();
  const rows = await db
    .select({
      noticeId: noticeAudience.noticeId,
      members: sql<number>`sum(${noticeAudience.members})::int8`.mapWith(Number),
      reads: sql<number>`sum(${noticeAudience.reads})::int8`.mapWith(Number),
    })
    .from(noticeAudience)
    .where(inArray(noticeAudience.noticeId, [...ids]))
    .groupBy(noticeAudience.noticeId);
  return new Map(rows.map((row) => [row.noticeId, { members: row.members, reads: row.reads }]));
}

// ---- the audience ----

/** What decides whether a member is in a notice's audience. */
export interface Reader {
  userId: string;
  memberId: number;
  provinceCode: string;
  organisationId: number;
  organisationPath: string;
  employmentForm: string;
  /** The GB/T 4754 section of their employer, if known. */
  industry: string | null;
  delegate: boolean;
}

const sittingDelegate = (memberId: SQL | number, provinceCode: SQL | string) => sql`EXISTS (
  SELECT 1 FROM ${congressDelegates} d JOIN ${congressSessions} s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = ${memberId} AND d.province_code = ${provinceCode} AND s.status <> 'closed')`;

/** The signed-in person as a reader of notices: their membership, or nothing when they are not a member. */
export async function readerOf(db: Executor, userId: string): Promise<Reader | null> {
  const rows = await db.execute<{
    member_id: string;
    province_code: string;
    organisation_id: string;
    organisation_path: string;
    employment_form: string;
    industry: string | null;
    delegate: boolean;
  }>(sql`SELECT m.id AS member_id, m.province_code, m.organisation_id, m.organisation_path::text AS organisation_path,
      m.employment_form,
      (SELECT left(e.industry_code, 1) FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code) AS industry,
      ${sittingDelegate(sql`m.id`, sql`m.province_code`)} AS delegate
    FROM ${members} m WHERE m.user_id = ${userId} AND m.status IN ${IN_UNION} LIMIT 1`);
  const row = rows.rows[0];
  if (!row) return null;
  return {
    userId,
    memberId: Number(row.member_id),
    provinceCode: row.province_code,
    organisationId: Number(row.organisation_id),
    organisationPath: row.organisation_path,
    employmentForm: row.employment_form,
    industry: row.industry,
    delegate: row.delegate,
  };
}

/** The columns of an audience rule (a notice's, a survey's). */
interface AudienceColumns {
  audienceOrgIds: AnyPgColumn;
  employmentForms: AnyPgColumn;
  industries: AnyPgColumn;
  delegatesOnly: AnyPgColumn;
}

/** Whether a row's audience rule takes this reader: their organisation under it, the attributes matching. */
export function audienceTakes(rule: AudienceColumns, reader: Reader) {
  const ancestors = reader.organisationPath.split('.').map(Number);
  return and(
    sql`${rule.audienceOrgIds} && ${sql.param(ancestors)}::bigint[]`,
    sql`(cardinality(${rule.employmentForms}) = 0 OR ${reader.employmentForm} = ANY(${rule.employmentForms}))`,
    reader.industry === null
      ? sql`cardinality(${rule.industries}) = 0`
      : sql`(cardinality(${rule.industries}) = 0 OR ${reader.industry} = ANY(${rule.industries}))`,
    reader.delegate ? undefined : sql`NOT ${rule.delegatesOnly}`,
  );
}

/** The notices addressed to this reader (live, their organisation under the audience, attributes matching). */
function addressedTo(reader: Reader) {
  return and(live, audienceTakes(notices, reader));
}

/**
 * A page of the notices addressed to the reader, newest first (pinned ahead), with how many there
 * are and how many of them are unread: one statement (the counts over the whole list, beside each
 * row), a second only for a page past the end.
 */
export async function readerNoticesPage(
  db: Executor,
  reader: Reader,
  filter: { kind?: NoticeKind | undefined; unread?: boolean | undefined },
  limit: number,
  offset: number,
) {
  const where = and(
    addressedTo(reader),
    filter.kind ? eq(notices.kind, filter.kind) : undefined,
    filter.unread ? isNull(noticeReads.readAt) : undefined,
  );
  const readJoin = and(eq(noticeReads.userId, reader.userId), eq(noticeReads.noticeId, notices.id));
  const rows = await db
    .select({
      ...noticeColumns,
      readAt: noticeReads.readAt,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
      unread: sql<number>`count(*) FILTER (WHERE ${noticeReads.readAt} IS NULL) OVER ()`.mapWith(Number),
    })
    .from(notices)
    .innerJoin(organisations, eq(organisations.id, notices.organisationId))
    .leftJoin(noticeReads, readJoin)
    .where(where)
    .orderBy(desc(notices.pinned), desc(notices.publishAt), desc(notices.id))
    .limit(limit)
    .offset(offset);
  let counts = { total: rows[0]?.total ?? 0, unread: rows[0]?.unread ?? 0 };
  if (rows.length === 0 && offset > 0) {
    const [row] = await db
      .select({
        total: count(),
        unread: sql<number>`count(*) FILTER (WHERE ${noticeReads.readAt} IS NULL)`.mapWith(Number),
      })
      .from(notices)
      .leftJoin(noticeReads, readJoin)
      .where(where);
    counts = { total: row?.total ?? 0, unread: row?.unread ?? 0 };
  }
  return { rows: rows.map((row) => ({ ...flatten(row), readAt: row.readAt })), ...counts };
}

export async function unreadNoticeCount(db: Executor, reader: Reader) {
  const [row] = await db
    .select({ count: count() })
    .from(notices)
    .leftJoin(noticeReads, and(eq(noticeReads.userId, reader.userId), eq(noticeReads.noticeId, notices.id)))
    .where(and(addressedTo(reader), isNull(noticeReads.readAt)));
  return row?.count ?? 0;
}

/** The ids of the live notices addressed to the reader that they have not read. */
export async function unreadNoticeIds(db: Executor, reader: Reader) {
  const rows = await db
    .select({ id: notices.id })
    .from(notices)
    .leftJoin(noticeReads, and(eq(noticeReads.userId, reader.userId), eq(noticeReads.noticeId, notices.id)))
    .where(and(addressedTo(reader), isNull(noticeReads.readAt)));
  return rows.map((row) => row.id);
}

export async function isAddressedTo(db: Executor, id: number, reader: Reader) {
  const [row] = await db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.id, id), addressedTo(reader)));
  return row !== undefined;
}

export async function readAtOf(db: Executor, userId: string, noticeId: number) {
  const [row] = await db
    .select({ readAt: noticeReads.readAt })
    .from(noticeReads)
    .where(and(eq(noticeReads.userId, userId), eq(noticeReads.noticeId, noticeId)));
  return row?.readAt ?? null;
}

/** Records first reads (later ones change nothing) and adds each to its organisation's count. */
export async function recordReads(tx: Executor, reader: Reader, noticeIds: readonly number[]) {
  if (noticeIds.length === 0) return;
  const inserted = await tx
    .insert(noticeReads)
    .values(noticeIds.map((noticeId) => ({ userId: reader.userId, noticeId, organisationId: reader.organisationId })))
    .onConflictDoNothing()
    .returning({ noticeId: noticeReads.noticeId });
  if (inserted.length === 0) return;
  await tx
    .insert(noticeAudience)
    .values(
      inserted.map((row) => ({
        noticeId: row.noticeId,
        organisationId: reader.organisationId,
        organisationPath: reader.organisationPath,
        reads: 1,
      })),
    )
    .onConflictDoUpdate({
      target: [noticeAudience.noticeId, noticeAudience.organisationId],
      set: { reads: sql`${noticeAudience.reads} + 1` },
    });
}

/** An audience rule's attributes (a notice's, a survey's). */
export interface AudienceRule {
  employmentForms: string[];
  industries: string[];
  delegatesOnly: boolean;
}

/** Members (with accounts, so they can be reached) in an audience: a condition on `m`. */
export function inAudience(rule: AudienceRule, paths: readonly string[]) {
  return sql.join(
    [
      sql`m.status IN ${IN_UNION} AND m.user_id IS NOT NULL`,
      sql`m.organisation_path <@ ANY(${sql.param([...paths])}::ltree[])`,
      rule.employmentForms.length > 0
        ? sql`m.employment_form = ANY(${sql.param(rule.employmentForms)}::text[])`
        : sql`true`,
      rule.industries.length > 0
        ? sql`EXISTS (SELECT 1 FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code
            AND left(e.industry_code, 1) = ANY(${sql.param(rule.industries)}::text[]))`
        : sql`true`,
      rule.delegatesOnly ? sittingDelegate(sql`m.id`, sql`m.province_code`) : sql`true`,
    ],
    sql` AND `,
  );
}

/** Counts the notice's audience per organisation, once it is live (reads already counted are kept). */
export async function countAudience(tx: Executor, notice: typeof notices.$inferSelect, paths: readonly string[]) {
  await tx.execute(sql`INSERT INTO ${noticeAudience} (notice_id, organisation_id, organisation_path, members)
    SELECT ${notice.id}::int8, m.organisation_id, m.organisation_path, count(*) FROM ${members} m
    WHERE ${inAudience(notice, paths)}
    GROUP BY m.organisation_id, m.organisation_path
    ON CONFLICT (notice_id, organisation_id) DO UPDATE SET members = EXCLUDED.members`);
  await tx.update(notices).set({ countedAt: sql`now()` }).where(eq(notices.id, notice.id));
}

/** Live notices whose audience has not been counted yet (scheduled ones whose time came). */
export async function uncounted(db: Executor) {
  return db
    .select()
    .from(notices)
    .where(and(live, isNull(notices.countedAt)))
    .limit(20);
}

/** The members of the audience under `branchPath` who have not read the notice: their accounts. */
export async function unreadUnder(
  db: Executor,
  notice: typeof notices.$inferSelect,
  paths: readonly string[],
  branchPath: string,
) {
  const rows = await db.execute<{ user_id: string }>(sql`SELECT m.user_id FROM ${members} m
    WHERE ${inAudience(notice, paths)} AND m.organisation_path <@ ${branchPath}::ltree
      AND NOT EXISTS (SELECT 1 FROM ${noticeReads} r WHERE r.user_id = m.user_id AND r.notice_id = ${notice.id})`);
  return rows.rows.map((row) => row.user_id);
}

// ---- read rates and chasing ----

/**
 * The notice's audience and reads under `nodePath`, summed per child of the node (the node's own
 * members under the node itself): one row per organisation, by the path kept on it, never the
 * receipts and no join to the tree.
 */
export async function readRateUnder(db: Executor, noticeId: number, nodePath: string) {
  const rows = await db.execute<{ child: string | null; members: string; reads: string }>(sql`
    SELECT ${childUnder(sql`a.organisation_path`, nodePath)} AS child, sum(a.members) AS members, sum(a.reads) AS reads
    FROM ${noticeAudience} a
    WHERE a.notice_id = ${noticeId} AND a.organisation_path <@ ${nodePath}::ltree
    GROUP BY 1`);
  return rows.rows.map((row) => ({
    childId: row.child === null ? null : Number(row.child),
    members: Number(row.members),
    reads: Number(row.reads),
  }));
}

export async function childrenOf(db: Executor, parentId: number) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      path: organisations.path,
      // Qualified by hand: inside a one-table select the builder leaves a column unqualified.
      hasChildren: sql<boolean>`EXISTS (SELECT 1 FROM organisations c WHERE c.parent_id = "organisations"."id")`,
    })
    .from(organisations)
    .where(eq(organisations.parentId, parentId));
}

export async function chasedOn(db: Executor, noticeId: number, kind: 'remind' | 'escalate', day: string) {
  const rows = await db
    .select({ organisationId: noticeChases.organisationId })
    .from(noticeChases)
    .where(and(eq(noticeChases.noticeId, noticeId), eq(noticeChases.kind, kind), eq(noticeChases.day, day)));
  return new Set(rows.map((row) => row.organisationId));
}

/** Records a chase; false when one of its kind is already recorded (a reminder today, any escalation). */
export async function recordChase(tx: Executor, values: typeof noticeChases.$inferInsert) {
  const inserted = await tx
    .insert(noticeChases)
    .values(values)
    .onConflictDoNothing()
    .returning({ noticeId: noticeChases.noticeId });
  return inserted.length > 0;
}

/** Live notices with an escalation set that has not run. */
export async function escalationsPending(db: Executor) {
  return db
    .select()
    .from(notices)
    .where(and(live, sql`${notices.escalateAfterDays} IS NOT NULL`, isNull(notices.escalatedAt)));
}

/** The organisations of the notice's audience where some have not read it, with their paths. */
export async function unreadOrganisations(db: Executor, noticeId: number) {
  return db
    .select({
      id: organisations.id,
      path: organisations.path,
      members: noticeAudience.members,
      reads: noticeAudience.reads,
    })
    .from(noticeAudience)
    .innerJoin(organisations, eq(organisations.id, noticeAudience.organisationId))
    .where(and(eq(noticeAudience.noticeId, noticeId), sql`${noticeAudience.members} > ${noticeAudience.reads}`));
}

/** The cadres assigned at each of these organisations (a branch's chair and officers). */
export async function cadresAt(db: Executor, organisationIds: readonly number[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ userId: roleAssignments.userId, organisationId: roleAssignments.organisationId })
    .from(roleAssignments)
    .where(
      and(
        inArray(roleAssignments.organisationId, [...organisationIds]),
        inArray(roleAssignments.role, ['grassroots_cadre', 'federation_cadre']),
      ),
    );
}
