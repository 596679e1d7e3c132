import type { MessageCategory } from '@gonghui/contract';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { messageDeliveries, messagePreferences, messages } from './reach.tables';

export type MessageRow = typeof messages.$inferSelect;
export type MessageInsert = typeof messages.$inferInsert;
export type DeliveryInsert = Omit<typeof messageDeliveries.$inferInsert, 'messageId'> & { message: number };

// ---- writing ----

/**
 * Rows per statement: a statement takes at most 65,535 parameters, and a vote's roll told when it
 * opens can be tens of thousands of people.
 */
const CHUNK = 1000;

/** Inserts the messages and returns their ids in the same order. */
export async function insertMessages(tx: Executor, rows: MessageInsert[]) {
  const ids: number[] = [];
  for (let from = 0; from < rows.length; from += CHUNK) {
    const inserted = await tx
      .insert(messages)
      .values(rows.slice(from, from + CHUNK))
      .returning({ id: messages.id });
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

export async function insertDeliveries(tx: Executor, rows: (typeof messageDeliveries.$inferInsert)[]) {
  for (let from = 0; from < rows.length; from += CHUNK)
    await tx.insert(messageDeliveries).values(rows.slice(from, from + CHUNK));
}

/** Which of these recipients already have a message of this kind about this source (few: a case's people). */
export async function alreadyTold(tx: Executor, kind: string, sourceType: string, sourceId: string, userIds: string[]) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ userId: messages.userId })
    .from(messages)
    .where(
      and(
        eq(messages.sourceType, sourceType),
        eq(messages.sourceId, sourceId),
        eq(messages.kind, kind),
        inArray(messages.userId, userIds),
      ),
    );
  return new Set(rows.map((row) => row.userId));
}

// ---- the inbox ----

/** A page of a person's messages, newest first, with how many there are (one statement but past the end). */
export async function inboxPage(
  db: Executor,
  userId: string,
  filter: { category?: MessageCategory | undefined; unread?: boolean | undefined },
  limit: number,
  offset: number,
) {
  const where = and(
    eq(messages.userId, userId),
    filter.category ? eq(messages.category, filter.category) : undefined,
    filter.unread ? isNull(messages.readAt) : undefined,
  );
  const rows = await db
    .select({ message: messages, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(messages)
    .where(where)
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit)
    .offset(offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0)
    total = (await db.select({ count: count() }).from(messages).where(where))[0]?.count ?? 0;
  return { rows: rows.map((row) => row.message), total };
}

/** Unread messages per category. */
export async function unreadByCategory(db: Executor, userId: string) {
  const rows = await db
    .select({ category: messages.category, count: count() })
    .from(messages)
    .where(and(eq(messages.userId, userId), isNull(messages.readAt)))
    .groupBy(messages.category);
  return new Map(rows.map((row) => [row.category as MessageCategory, row.count]));
}

export async function markRead(
  db: Executor,
  userId: string,
  filter: { ids?: number[] | undefined; category?: MessageCategory | undefined },
) {
  await db
    .update(messages)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(messages.userId, userId),
        isNull(messages.readAt),
        filter.ids ? inArray(messages.id, filter.ids) : undefined,
        filter.category ? eq(messages.category, filter.category) : undefined,
      ),
    );
}

// ---- preferences ----

export async function preferencesOf(db: Executor, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map<string, typeof messagePreferences.$inferSelect>();
  // One array parameter, however many people (a roll of tens of thousands).
  const rows = await db
    .select()
    .from(messagePreferences)
    .where(sql`${messagePreferences.userId} = ANY(${sql.param([...userIds])}::uuid[])`);
  return new Map(rows.map((row) => [row.userId, row]));
}

export async function savePreferences(db: Executor, values: typeof messagePreferences.$inferInsert) {
  await db
    .insert(messagePreferences)
    .values(values)
    .onConflictDoUpdate({
      target: messagePreferences.userId,
      set: {
        channels: values.channels,
        quietStart: values.quietStart,
        quietEnd: values.quietEnd,
        updatedAt: sql`now()`,
      },
    });
}

export async function hasMobile(db: Executor, userId: string) {
  const [row] = await db
    .select({ has: sql<boolean>`${users.mobileEnc} IS NOT NULL` })
    .from(users)
    .where(eq(users.id, userId));
  return row?.has ?? false;
}

// ---- delivering ----

/**
 * Claims up to `limit` deliveries that are due, for this sender alone (others skip them while it
 * holds them), with what sending needs: the message and the recipient's mobile and language.
 */
export async function claimDue(tx: Executor, limit: number) {
  return tx
    .select({
      delivery: messageDeliveries,
      message: messages,
      mobileEnc: users.mobileEnc,
      locale: users.locale,
    })
    .from(messageDeliveries)
    .innerJoin(
      messages,
      and(eq(messages.id, messageDeliveries.messageId), eq(messages.userId, messageDeliveries.userId)),
    )
    .innerJoin(users, eq(users.id, messageDeliveries.userId))
    .where(and(eq(messageDeliveries.status, 'pending'), sql`${messageDeliveries.notBefore} <= now()`))
    .orderBy(messageDeliveries.notBefore)
    .limit(limit)
    .for('update', { of: messageDeliveries, skipLocked: true });
}

/**
 * Leases claimed deliveries to their sender for `seconds`: it commits the claim and sends outside
 * any transaction, and a sender that dies mid-send leaves them to be tried again when the lease ends.
 */
export async function lease(tx: Executor, keys: readonly { id: number; userId: string }[], seconds: number) {
  if (keys.length === 0) return;
  await tx
    .update(messageDeliveries)
    .set({ notBefore: sql`now() + make_interval(secs => ${seconds})` })
    .where(
      sql`(${messageDeliveries.id}, ${messageDeliveries.userId}) IN (SELECT * FROM unnest(${sql.param(
        keys.map((k) => k.id),
      )}::int8[], ${sql.param(keys.map((k) => k.userId))}::uuid[]))`,
    );
}

export async function recordOutcome(
  tx: Executor,
  key: { id: number; userId: string },
  outcome:
    | { status: 'sent' }
    | { status: 'failed' | 'skipped'; reason: string }
    | { status: 'pending'; reason: string; retryInSeconds: number },
) {
  await tx
    .update(messageDeliveries)
    .set({
      status: outcome.status,
      attempts: sql`${messageDeliveries.attempts} + 1`,
      reason: outcome.status === 'sent' ? null : outcome.reason,
      sentAt: outcome.status === 'sent' ? sql`now()` : null,
      ...(outcome.status === 'pending'
        ? { notBefore: sql`now() + make_interval(secs => ${outcome.retryInSeconds})` }
        : {}),
    })
    .where(and(eq(messageDeliveries.id, key.id), eq(messageDeliveries.userId, key.userId)));
}

// ---- deliveries, for cadres ----

const deliveryColumns = {
  delivery: messageDeliveries,
  organisationId: messages.organisationId,
  category: messages.category,
  kind: messages.kind,
  params: messages.params,
  recipient: users.displayName,
  organisationName: organisations.name,
  path: organisations.path,
};

function deliveriesFrom(db: Executor) {
  return db
    .select(deliveryColumns)
    .from(messageDeliveries)
    .innerJoin(
      messages,
      and(eq(messages.id, messageDeliveries.messageId), eq(messages.userId, messageDeliveries.userId)),
    )
    .innerJoin(users, eq(users.id, messageDeliveries.userId))
    .innerJoin(organisations, eq(organisations.id, messages.organisationId));
}

/** Deliveries about organisations within every one of `within` (the scope, and a chosen subtree). */
export async function deliveriesPage(
  db: Executor,
  filter: { status: string; within: (readonly string[])[] },
  limit: number,
  offset: number,
) {
  const where = and(
    eq(messageDeliveries.status, filter.status),
    ...filter.within.map((paths) => inSubtrees(organisations.path, paths)),
  );
  const [rows, [total]] = await Promise.all([
    deliveriesFrom(db)
      .where(where)
      .orderBy(desc(messageDeliveries.createdAt), desc(messageDeliveries.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ count: count() })
      .from(messageDeliveries)
      .innerJoin(
        messages,
        and(eq(messages.id, messageDeliveries.messageId), eq(messages.userId, messageDeliveries.userId)),
      )
      .innerJoin(organisations, eq(organisations.id, messages.organisationId))
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** One delivery, if it is about an organisation within the scope; locked for a change with `lock`. */
export async function deliveryInScope(db: Executor, id: number, scope: readonly string[], lock = false) {
  const query = deliveriesFrom(db).where(and(eq(messageDeliveries.id, id), inSubtrees(organisations.path, scope)));
  const [row] = lock ? await query.for('update', { of: messageDeliveries }) : await query;
  return row;
}

export async function deliveryExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: messageDeliveries.id })
    .from(messageDeliveries)
    .where(eq(messageDeliveries.id, id));
  return row !== undefined;
}

export async function requeue(tx: Executor, key: { id: number; userId: string }) {
  await tx
    .update(messageDeliveries)
    .set({ status: 'pending', notBefore: sql`now()`, reason: null })
    .where(and(eq(messageDeliveries.id, key.id), eq(messageDeliveries.userId, key.userId)));
}
