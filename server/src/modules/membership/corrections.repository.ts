import { and, count, desc, eq, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { auditLog } from '../../platform/audit.tables';
import { correctionRequests, members } from './membership.tables';

// The correction aggregate: requests to correct a member's record, and who has looked at the record.

// ---- corrections and access log ----

export async function insertCorrection(db: Executor, values: typeof correctionRequests.$inferInsert) {
  const [row] = await db.insert(correctionRequests).values(values).returning();
  return row!;
}

const correctionColumns = {
  correction: correctionRequests,
  memberName: members.name,
  memberNumber: members.memberNumber,
  organisationId: members.organisationId,
};

export async function listCorrections(
  db: Executor,
  filter: { scope?: readonly string[]; memberId?: number; status?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    filter.scope ? inSubtrees(members.organisationPath, filter.scope) : undefined,
    filter.memberId ? eq(correctionRequests.memberId, filter.memberId) : undefined,
    filter.status ? eq(correctionRequests.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select(correctionColumns)
      .from(correctionRequests)
      .innerJoin(
        members,
        and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
      )
      .where(where)
      .orderBy(desc(correctionRequests.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(correctionRequests)
      .innerJoin(
        members,
        and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
      )
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function lockCorrectionInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select(correctionColumns)
    .from(correctionRequests)
    .innerJoin(
      members,
      and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
    )
    .where(and(eq(correctionRequests.id, id), inSubtrees(members.organisationPath, scope)))
    .for('update', { of: correctionRequests });
  return row ?? null;
}

export async function correctionExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: correctionRequests.id })
    .from(correctionRequests)
    .where(eq(correctionRequests.id, id));
  return Boolean(row);
}

export async function updateCorrection(
  db: Executor,
  id: number,
  values: Partial<typeof correctionRequests.$inferInsert>,
) {
  await db.update(correctionRequests).set(values).where(eq(correctionRequests.id, id));
}

/** Audit rows about one member made by someone other than the member: the PIPL access log. */
export async function listAccessToMember(
  db: Executor,
  memberId: number,
  memberUserId: string | null,
  /** Other records about the member (a hardship file, an application) whose access they see too. */
  related: readonly { type: string; id: string }[] = [],
) {
  const subjects = [{ type: 'member', id: String(memberId) }, ...related];
  return db
    .select({ at: auditLog.occurredAt, action: auditLog.action, actorName: auditLog.actorName })
    .from(auditLog)
    .where(
      and(
        or(...subjects.map((s) => and(eq(auditLog.subjectType, s.type), eq(auditLog.subjectId, s.id)))),
        memberUserId ? or(sql`${auditLog.actorUserId} IS NULL`, ne(auditLog.actorUserId, memberUserId)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(500);
}

/** Members' correction requests still open in the subtrees. */
export async function countOpenCorrections(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: count() })
    .from(correctionRequests)
    .innerJoin(
      members,
      and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
    )
    .where(and(eq(correctionRequests.status, 'open'), inSubtrees(members.organisationPath, scope)));
  return row?.n ?? 0;
}
