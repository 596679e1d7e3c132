import type { Notice } from '@gonghui/contract';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import * as membershipRepo from '../membership';
import type { DemocracyDeps } from './congress.service';
import * as repo from './disclosure.repository';

/*
 * Affairs disclosure (厂务公开): a notice reaches the members on the roll of an organisation's
 * subtree. Members read it (a receipt is kept), ask questions, and see the answers the cadres give
 * publicly — without the asker's name. Cadres in scope see how many of the audience have read it.
 */

async function toNotices(
  deps: DemocracyDeps,
  rows: repo.NoticeRow[],
  viewer: { cadre: boolean; memberId: number | null },
): Promise<Notice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [questions, reads] = await Promise.all([repo.questionsOf(deps.db, ids), repo.readsOf(deps.db, ids)]);
  const audiences = viewer.cadre ? await Promise.all(rows.map((r) => repo.audienceOf(deps.db, r.path))) : [];
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
  const organisation = await loadInScope(deps.db, context, ORGANISATION, input.organisationId, 'democracy.manage');
  if (organisation.level === 'national') {
    throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.democracy.notice_level' }]);
  }
  const provinceCode = await provinceOfOrganisation(deps.db, organisation.id);
  const id = await deps.db.transaction(async (tx) => {
    const noticeId = await repo.insertNotice(tx, { ...input, provinceCode, createdBy: context.actor.userId });
    await recordAudit(tx, context, {
      action: 'disclosure.publish',
      subjectType: 'disclosure_notice',
      subjectId: noticeId,
      organisationId: organisation.id,
      changes: { title: input.title },
    });
    return noticeId;
  });
  return (await toNotices(deps, [(await repo.findNotice(deps.db, id))!], { cadre: true, memberId: null }))[0]!;
}

export async function listForCadre(
  deps: DemocracyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'democracy.read');
  const { rows, total } = await repo.noticesPage(deps.db, scope, query.pageSize, (query.page - 1) * query.pageSize);
  return {
    items: await toNotices(deps, rows, { cadre: true, memberId: null }),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Notices addressed to the signed-in member: those of their union and every organisation above it. */
export async function listForMember(deps: DemocracyDeps, context: RequestContext) {
  const own = await membershipRepo.findMemberByUser(deps.db, context.actor.userId);
  if (!own) return { items: [], total: 0, page: 1, pageSize: 50 };
  const rows = await repo.noticesAbove(deps.db, own.member.organisationPath);
  return {
    items: await toNotices(deps, rows, { cadre: false, memberId: own.member.id }),
    total: rows.length,
    page: 1,
    pageSize: 50,
  };
}

/** A notice addressed to the signed-in member, with their member row; else 404 (recorded). */
async function noticeForMember(deps: DemocracyDeps, context: RequestContext, id: number) {
  const own = await membershipRepo.findMemberByUser(deps.db, context.actor.userId);
  const row = await repo.findNotice(deps.db, id);
  if (own && row && isWithin(own.member.organisationPath, [row.path])) return { row, member: own.member };
  return refuseOutOfScope(deps.db, context, { type: 'disclosure_notice', id, exists: async () => row !== null });
}

export async function markRead(deps: DemocracyDeps, context: RequestContext, id: number) {
  const { row, member } = await noticeForMember(deps, context, id);
  await repo.recordRead(deps.db, { noticeId: id, provinceCode: row.provinceCode, memberId: member.id });
  return (await toNotices(deps, [row], { cadre: false, memberId: member.id }))[0]!;
}

export async function askQuestion(deps: DemocracyDeps, context: RequestContext, id: number, question: string) {
  const { row, member } = await noticeForMember(deps, context, id);
  if (member.provinceCode !== row.provinceCode) throw new AppError(409, 'democracy.notice_level');
  await repo.insertQuestion(deps.db, { noticeId: id, provinceCode: row.provinceCode, memberId: member.id, question });
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
  const row = await loadInScope(deps.db, context, repo.NOTICE, id, 'democracy.manage');
  await deps.db.transaction(async (tx) => {
    const updated = await repo.answerQuestion(tx, id, questionId, { answer, answeredBy: context.actor.userId });
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
