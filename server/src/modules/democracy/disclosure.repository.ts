import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { members } from '../membership/membership.tables';
import { disclosureNotices, disclosureQuestions, disclosureReads } from './democracy.tables';

// The disclosure aggregate: a notice with its read receipts and questions.

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

const notices = (db: Executor) =>
  db
    .select(noticeSelect)
    .from(disclosureNotices)
    .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId));

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>;

export async function findNotice(db: Executor, id: number) {
  const [row] = await notices(db).where(eq(disclosureNotices.id, id));
  return row ?? null;
}

/** A page of the notices published in a subtree, newest first, and how many there are. */
export async function noticesPage(db: Executor, scope: readonly string[], limit: number, offset: number) {
  const where = inSubtrees(organisations.path, scope);
  const [rows, [total]] = await Promise.all([
    notices(db).where(where).orderBy(desc(disclosureNotices.publishedAt)).limit(limit).offset(offset),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(disclosureNotices)
      .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** Notices of a union and every organisation above it, newest first. */
export function noticesAbove(db: Executor, path: string, limit = 50) {
  return notices(db)
    .where(sql`${organisations.path} @> ${path}::ltree`)
    .orderBy(desc(disclosureNotices.publishedAt))
    .limit(limit);
}

export async function insertNotice(
  db: Executor,
  values: { organisationId: number; provinceCode: string; title: string; body: string; createdBy: string | null },
) {
  const [row] = await db.insert(disclosureNotices).values(values).returning({ id: disclosureNotices.id });
  return row!.id;
}

export function questionsOf(db: Executor, noticeIds: readonly number[]) {
  return db
    .select()
    .from(disclosureQuestions)
    .where(inArray(disclosureQuestions.noticeId, [...noticeIds]))
    .orderBy(asc(disclosureQuestions.id));
}

export function readsOf(db: Executor, noticeIds: readonly number[]) {
  return db
    .select({ noticeId: disclosureReads.noticeId, memberId: disclosureReads.memberId })
    .from(disclosureReads)
    .where(inArray(disclosureReads.noticeId, [...noticeIds]));
}

/** The members a notice reaches: those on the roll of the subtree. */
export async function audienceOf(db: Executor, path: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(members)
    .where(
      and(
        sql`${members.organisationPath} <@ ${path}::ltree`,
        sql`${members.status} IN ('active','retained','transferring')`,
      ),
    );
  return row?.count ?? 0;
}

export async function recordRead(db: Executor, values: { noticeId: number; provinceCode: string; memberId: number }) {
  await db.insert(disclosureReads).values(values).onConflictDoNothing();
}

export async function insertQuestion(
  db: Executor,
  values: { noticeId: number; provinceCode: string; memberId: number; question: string },
) {
  await db.insert(disclosureQuestions).values(values);
}

/** Answers a question of a notice; false when the notice has no such question. */
export async function answerQuestion(
  db: Executor,
  noticeId: number,
  questionId: number,
  answer: { answer: string; answeredBy: string },
) {
  const [updated] = await db
    .update(disclosureQuestions)
    .set({ ...answer, answeredAt: sql`now()` })
    .where(and(eq(disclosureQuestions.id, questionId), eq(disclosureQuestions.noticeId, noticeId)))
    .returning({ id: disclosureQuestions.id });
  return Boolean(updated);
}

/** A notice published within the subtrees `scope`. */
async function findNoticeInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await notices(db).where(and(eq(disclosureNotices.id, id), inSubtrees(organisations.path, scope)));
  return row;
}

export const NOTICE = scopedKind(
  'disclosure_notice',
  findNoticeInScope,
  async (db, id) => (await findNotice(db, id)) !== null,
);

/** Members' questions on notices published in the subtrees, still unanswered. */
export async function countUnansweredQuestions(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(disclosureQuestions)
    .innerJoin(
      disclosureNotices,
      and(
        eq(disclosureNotices.id, disclosureQuestions.noticeId),
        eq(disclosureNotices.provinceCode, disclosureQuestions.provinceCode),
      ),
    )
    .innerJoin(organisations, eq(organisations.id, disclosureNotices.organisationId))
    .where(and(sql`${disclosureQuestions.answer} IS NULL`, inSubtrees(organisations.path, scope)));
  return row?.n ?? 0;
}
