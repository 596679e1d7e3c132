import { and, asc, count, desc, eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { employers, organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { joinApplications, members } from './membership.tables';

// The join-application aggregate: a person's application to join, and its review.

export type ApplicationRow = typeof joinApplications.$inferSelect;

// ---- applications ----

const applicationUnion = alias(organisations, 'application_union');
const applicationEmployer = alias(employers, 'application_employer');
const applicationColumns = {
  application: joinApplications,
  organisationName: applicationUnion.name,
  registeredEmployerName: applicationEmployer.name,
  memberNumber: members.memberNumber,
};
function applicationSelect(db: Executor) {
  return db
    .select(applicationColumns)
    .from(joinApplications)
    .innerJoin(applicationUnion, eq(applicationUnion.id, joinApplications.organisationId))
    .leftJoin(applicationEmployer, eq(applicationEmployer.id, joinApplications.employerId))
    .leftJoin(
      members,
      and(eq(members.id, joinApplications.memberId), eq(members.provinceCode, joinApplications.provinceCode)),
    );
}
export type ApplicationView = Awaited<ReturnType<typeof findApplication>> & {};

export async function findApplication(db: Executor, id: string) {
  const [row] = await applicationSelect(db).where(eq(joinApplications.id, id));
  return row ?? null;
}

export async function findApplicationInScope(db: Executor, id: string, scope: readonly string[]) {
  const [row] = await applicationSelect(db).where(
    and(eq(joinApplications.id, id), inSubtrees(joinApplications.organisationPath, scope)),
  );
  return row ?? null;
}

export async function findApplicationByClientKey(db: Executor, userId: string, clientKey: string) {
  const [row] = await db
    .select({ id: joinApplications.id })
    .from(joinApplications)
    .where(and(eq(joinApplications.applicantUserId, userId), eq(joinApplications.clientKey, clientKey)));
  return row ?? null;
}

export async function applicationExists(db: Executor, id: string) {
  const [row] = await db.select({ id: joinApplications.id }).from(joinApplications).where(eq(joinApplications.id, id));
  return Boolean(row);
}

export async function lockApplication(db: Executor, id: string) {
  const [row] = await db.select().from(joinApplications).where(eq(joinApplications.id, id)).for('update');
  return row ?? null;
}

export async function insertApplication(db: Executor, values: typeof joinApplications.$inferInsert) {
  const [row] = await db.insert(joinApplications).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateApplication(
  db: Executor,
  id: string,
  values: Partial<typeof joinApplications.$inferInsert>,
) {
  await db
    .update(joinApplications)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(joinApplications.id, id));
}

export async function listApplications(
  db: Executor,
  filter: { scope: readonly string[]; organisationPath?: string; status?: string; overdueOn?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    inSubtrees(joinApplications.organisationPath, filter.scope),
    filter.organisationPath ? inSubtrees(joinApplications.organisationPath, [filter.organisationPath]) : undefined,
    filter.status ? eq(joinApplications.status, filter.status) : undefined,
    filter.overdueOn
      ? and(eq(joinApplications.status, 'submitted'), lt(joinApplications.dueOn, filter.overdueOn))
      : undefined,
  );
  const [rows, totals] = await Promise.all([
    applicationSelect(db)
      .where(where)
      .orderBy(asc(joinApplications.dueOn), asc(joinApplications.submittedAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(joinApplications).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function listApplicationsOfUser(db: Executor, userId: string) {
  return applicationSelect(db)
    .where(eq(joinApplications.applicantUserId, userId))
    .orderBy(desc(joinApplications.submittedAt));
}

/** A join application to a union within the subtrees `scope`. */
export const JOIN_APPLICATION = scopedKind<NonNullable<Awaited<ReturnType<typeof findApplicationInScope>>>, string>(
  'join_application',
  findApplicationInScope,
  applicationExists,
);

/** Applications waiting for a decision in the subtrees (the reviewer's to-do). */
export async function countSubmittedApplications(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: count() })
    .from(joinApplications)
    .where(and(eq(joinApplications.status, 'submitted'), inSubtrees(joinApplications.organisationPath, scope)));
  return row?.n ?? 0;
}
