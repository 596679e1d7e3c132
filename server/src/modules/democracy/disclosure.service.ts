import type { Notice } from '@gonghui/contract';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { organisations } from '../../platform/organisations.tables';
import * as membershipRepo from '../membership';
import { members } from '../membership/membership.tables';
import type { DemocracyDeps } from './congress.service';
import { disclosureNotices, disclosureQuestions, disclosureReads } from './democracy.tables';

/*
 * Affairs disclosure (厂务公开): a notice reaches the members on the roll of an organisation's
 * subtree. Members read it (a receipt is kept), ask questions, and see the answers the cadres give
 * publicly — without the asker's name. Cadres in scope see how many of the audience have read it.
 */

type NoticeRow = typeof disclosureNotices.$inferSelect & { organisationName: string; path: string };

const noticeSelect = {
  id: disclosureNotices.id,
  provinceCode: disclosureNotices.provinceCode,
  organisationId: disclosureNotices.organisationId,
  title: disclosureNotices.title,
  body: disclosureNotices.body,
  createdBy: disclosureNotices.createdBy,
  publishedAt: disclosureNotices.publishedAt,
  organisationName: organisations.name,
  path: organisations.path,
};

async function toNotices(
  deps: DemocracyDeps,
  rows: NoticeRow[],
  viewer: { cadre: boolean; memberId: number | null },
): Promise<Notice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [questions, reads] = await Promise.all([
    deps.db
      .select()
      .from(disclosureQuestions)
      .where(inArray(disclosureQuestions.noticeId, ids))
      .orderBy(asc(disclosureQuestions.id)),
    deps.db
      .select({ noticeId: disclosureReads.noticeId, memberId: disclosureReads.memberId })
      .from(disclosureReads)
      .where(inArray(disclosureReads.noticeId, ids)),
  ]);
  const audiences = viewer.cadre
    ? await Promise.all(
        rows.map(async (r) => {
          const [row] = await deps.db
            .select({ count: sql<number>`count(*)::int` })
            .from(members)
            .where(
              and(
                sql`${members.organisationPath} <@ ${r.path}::ltree`,
                sql`${members.status} IN ('active','retained','transferring')`,
              ),
            );
          return row?.count ?? 0;
        }),
      )
    : [];
  return rows.map((r, index) => ({
    id: r.id,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    title: r.title,
    body: r.body,
    publishedAt: r.publishedAt.toISOString(),
    audience: viewer.cadre ? (audiences[index] ?? 0) : null,
    reads: viewer.cadre ? reads.filter((x) => x.noticeId === r.id).length : null,
    read: viewer.memberId === null ? null : reads.some((x) => x.noticeId === r.id && x.memberId === viewer.memberId),
    questions: questions
      .filter((q) => q.noticeId === r.id && (viewer.cadre || q.answer !== null || q.memberId === viewer.memberId))
      .map((q) => ({
        id: q.id,
        question: q.question,
        answer: q.answer,
        answeredAt: q.answeredAt?.toISOString() ?? null,
        mine: q.memberId === viewer.memberId,
      })),
  }));
}

export async function publishNotice(
  deps: DemocracyDeps,
  context: RequestContext,
  input: { organisationId: number; title: string; body: string },
) {
  const scope = scopeOf(context.actor, 'democracy.manage');
  const [organisation] = await deps.db.select().from(organisations).where(eq(organisations.id, input.organisationId));
  if (!organisation || !isWithin(organisation.path, scope)) {
    return refuseOutOfScope(deps.db, context, {
      type: 'organisation',
      id: input.organisationId,
      exists: async () => organisation !== undefined,
    });
  }
  if (organisation.level === 'national') {
    throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.democracy.notice_level' }]);
  }
  const provinceCode = await provinceOfOrganisation(deps.db, organisation.id);
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(disclosureNotices)
      .values({ ...input, provinceCode, createdBy: context.actor.userId })
      .returning();
    await recordAudit(tx, context, {
      action: 'disclosure.publish',
      subjectType: 'disclosure_notice',
      subjectId: row!.id,
      organisationId: organisation.id,
      changes: { title: input.title },
    });
    return row!.id;
  });
  return (await toNotices(deps, [(await findNotice(deps, id))!], { cadre: true, memberId: null }))[0]!;
}

export async function listForCadre(
  deps: DemocracyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'democracy.read');
  const where = inSubtrees(organisations.path, scope);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select(noticeSelect)
      .from(disclosureNotices)
      .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
      .where(where)
      .orderBy(desc(disclosureNotices.publishedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(disclosureNotices)
      .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
      .where(where),
  ]);
  return {
    items: await toNotices(deps, rows, { cadre: true, memberId: null }),
    total: total?.count ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Notices addressed to the signed-in member: those of their union and every organisation above it. */
export async function listForMember(deps: DemocracyDeps, context: RequestContext) {
  const own = await membershipRepo.findMemberByUser(deps.db, context.actor.userId);
  if (!own) return { items: [], total: 0, page: 1, pageSize: 50 };
  const rows = await deps.db
    .select(noticeSelect)
    .from(disclosureNotices)
    .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
    .where(sql`${organisations.path} @> ${own.member.organisationPath}::ltree`)
    .orderBy(desc(disclosureNotices.publishedAt))
    .limit(50);
  return {
    items: await toNotices(deps, rows, { cadre: false, memberId: own.member.id }),
    total: rows.length,
    page: 1,
    pageSize: 50,
  };
}

/** A notice addressed to the signed-in member, with their member row; else 404 (recorded). */
async function findNotice(deps: DemocracyDeps, id: number) {
  const [row] = await deps.db
    .select(noticeSelect)
    .from(disclosureNotices)
    .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
    .where(eq(disclosureNotices.id, id));
  return row ?? null;
}

async function noticeForMember(deps: DemocracyDeps, context: RequestContext, id: number) {
  const own = await membershipRepo.findMemberByUser(deps.db, context.actor.userId);
  const row = await findNotice(deps, id);
  if (own && row && isWithin(own.member.organisationPath, [row.path])) return { row, member: own.member };
  return refuseOutOfScope(deps.db, context, { type: 'disclosure_notice', id, exists: async () => row !== null });
}

export async function markRead(deps: DemocracyDeps, context: RequestContext, id: number) {
  const { row, member } = await noticeForMember(deps, context, id);
  await deps.db
    .insert(disclosureReads)
    .values({ noticeId: id, provinceCode: row.provinceCode, memberId: member.id })
    .onConflictDoNothing();
  return (await toNotices(deps, [row], { cadre: false, memberId: member.id }))[0]!;
}

export async function askQuestion(deps: DemocracyDeps, context: RequestContext, id: number, question: string) {
  const { row, member } = await noticeForMember(deps, context, id);
  if (member.provinceCode !== row.provinceCode) throw new AppError(409, 'democracy.notice_level');
  await deps.db
    .insert(disclosureQuestions)
    .values({ noticeId: id, provinceCode: row.provinceCode, memberId: member.id, question });
  return (await toNotices(deps, [row], { cadre: false, memberId: member.id }))[0]!;
}

/** A public answer: every member the notice reaches sees it, with no asker named. */
export async function answerQuestion(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  questionId: number,
  answer: string,
) {
  const row = await findNotice(deps, id);
  if (!row || !isWithin(row.path, context.actor.grants.get('democracy.manage') ?? [])) {
    return refuseOutOfScope(deps.db, context, { type: 'disclosure_notice', id, exists: async () => row !== null });
  }
  await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(disclosureQuestions)
      .set({ answer, answeredBy: context.actor.userId, answeredAt: sql`now()` })
      .where(and(eq(disclosureQuestions.id, questionId), eq(disclosureQuestions.noticeId, id)))
      .returning();
    if (!updated) throw new AppError(404, 'not_found');
    await recordAudit(tx, context, {
      action: 'disclosure.answer',
      subjectType: 'disclosure_notice',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { question: questionId },
    });
  });
  return (await toNotices(deps, [row], { cadre: true, memberId: null }))[0]!;
}
