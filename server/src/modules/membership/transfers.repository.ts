import { and, count, desc, eq, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { members, memberTransfers } from './membership.tables';

// The transfer aggregate: a member's move between unions.

// ---- transfers ----

const fromUnion = alias(organisations, 'from_union');
const toUnion = alias(organisations, 'to_union');
const transferColumns = {
  transfer: memberTransfers,
  memberName: members.name,
  memberNumber: members.memberNumber,
  fromName: fromUnion.name,
  fromPath: fromUnion.path,
  toName: toUnion.name,
  toPath: toUnion.path,
};
function transferSelect(db: Executor) {
  return db
    .select(transferColumns)
    .from(memberTransfers)
    .innerJoin(
      members,
      and(eq(members.id, memberTransfers.memberId), eq(members.provinceCode, memberTransfers.provinceCode)),
    )
    .innerJoin(fromUnion, eq(fromUnion.id, memberTransfers.fromOrganisationId))
    .innerJoin(toUnion, eq(toUnion.id, memberTransfers.toOrganisationId));
}
export type TransferView = Awaited<ReturnType<typeof findTransfer>> & {};

export async function findTransfer(db: Executor, id: number) {
  const [row] = await transferSelect(db).where(eq(memberTransfers.id, id));
  return row ?? null;
}

export async function lockTransfer(db: Executor, id: number) {
  const [row] = await db.select().from(memberTransfers).where(eq(memberTransfers.id, id)).for('update');
  return row ?? null;
}

export async function insertTransfer(db: Executor, values: typeof memberTransfers.$inferInsert) {
  const [row] = await db.insert(memberTransfers).values(values).returning();
  return row!;
}

export async function updateTransfer(db: Executor, id: number, values: Partial<typeof memberTransfers.$inferInsert>) {
  await db
    .update(memberTransfers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberTransfers.id, id));
}

export async function listTransfers(
  db: Executor,
  filter: { scope: readonly string[]; status?: string; direction?: 'incoming' | 'outgoing' },
  page: number,
  pageSize: number,
) {
  const incoming = inSubtrees(toUnion.path, filter.scope);
  const outgoing = inSubtrees(fromUnion.path, filter.scope);
  const where = and(
    filter.direction === 'incoming' ? incoming : filter.direction === 'outgoing' ? outgoing : or(incoming, outgoing),
    filter.status ? eq(memberTransfers.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    transferSelect(db)
      .where(where)
      .orderBy(desc(memberTransfers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(memberTransfers)
      .innerJoin(fromUnion, eq(fromUnion.id, memberTransfers.fromOrganisationId))
      .innerJoin(toUnion, eq(toUnion.id, memberTransfers.toOrganisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function listTransfersOfMember(db: Executor, memberId: number) {
  return transferSelect(db).where(eq(memberTransfers.memberId, memberId)).orderBy(desc(memberTransfers.id));
}

/** Transfers waiting on the subtrees: to be released by the member's union, or completed by the new one. */
export async function countTransfersAwaiting(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: count() })
    .from(memberTransfers)
    .innerJoin(fromUnion, eq(fromUnion.id, memberTransfers.fromOrganisationId))
    .innerJoin(toUnion, eq(toUnion.id, memberTransfers.toOrganisationId))
    .where(
      or(
        and(eq(memberTransfers.status, 'requested'), inSubtrees(fromUnion.path, scope)),
        and(eq(memberTransfers.status, 'released'), inSubtrees(toUnion.path, scope)),
      ),
    );
  return row?.n ?? 0;
}
