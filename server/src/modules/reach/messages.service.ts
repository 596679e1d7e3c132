import {
  DEFAULT_CHANNELS,
  type DeliveryStatus,
  type Inbox,
  MESSAGE_CATEGORIES,
  type MessageCategory,
  type MessagePreferences,
  type QuietHours,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import * as repo from './messages.repository';
import * as noticesRepo from './notices.repository';

type ReachDeps = Pick<AppDeps, 'db'>;

// ---- a person's own inbox ----

const toMessage = (row: repo.MessageRow) => ({
  id: row.id,
  category: row.category as MessageCategory,
  kind: row.kind,
  params: row.params,
  link: row.link,
  critical: row.critical,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
  noticeId: null,
});

/** A notice addressed to the reader, as an item of their inbox (its id the notice's, negated). */
const noticeAsMessage = (row: noticesRepo.NoticeRow & { readAt: Date | null }) => ({
  id: -row.id,
  category: 'notice' as const,
  kind: 'notice.published',
  params: { title: row.title, organisation: row.organisationName },
  link: `/app/notices/${row.id}`,
  critical: false,
  createdAt: row.publishAt!.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
  noticeId: row.id,
});

/** Unread counts per category and in all: the messages' and the notices' (in the notice category). */
function unreadOf(byCategory: Map<MessageCategory, number>, notices: number) {
  if (notices > 0) byCategory.set('notice', (byCategory.get('notice') ?? 0) + notices);
  const unreadByCategory = Object.fromEntries(
    MESSAGE_CATEGORIES.map((category) => [category, byCategory.get(category) ?? 0]),
  ) as Record<MessageCategory, number>;
  return { unread: [...byCategory.values()].reduce((sum, n) => sum + n, 0), unreadByCategory };
}

async function unreadCounts(db: Executor, userId: string, reader?: noticesRepo.Reader | null) {
  const [counts, notices] = await Promise.all([
    repo.unreadByCategory(db, userId),
    (reader === undefined ? noticesRepo.readerOf(db, userId) : Promise.resolve(reader)).then((found) =>
      found ? noticesRepo.unreadNoticeCount(db, found) : 0,
    ),
  ]);
  return unreadOf(counts, notices);
}

/**
 * The signed-in person's messages with the notices addressed to them, newest first; no one reads
 * another's. The two are merged page by page: each source gives its first page-end items.
 */
export async function inbox(
  deps: ReachDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; category?: MessageCategory | undefined; unread?: boolean | undefined },
): Promise<Inbox> {
  const userId = context.actor.userId;
  const offset = (query.page - 1) * query.pageSize;
  const reader = await noticesRepo.readerOf(deps.db, userId);
  const withNotices = reader !== null && (query.category === undefined || query.category === 'notice');
  // The notices' page brings their total and unread count with it; listing another category, the
  // unread notices are counted apart.
  const [messages, notices, byCategory, unreadNotices] = await Promise.all([
    repo.inboxPage(deps.db, userId, query, offset + query.pageSize, 0),
    withNotices
      ? noticesRepo.readerNoticesPage(deps.db, reader, { unread: query.unread }, offset + query.pageSize, 0)
      : { rows: [], total: 0, unread: 0 },
    repo.unreadByCategory(deps.db, userId),
    reader !== null && !withNotices ? noticesRepo.unreadNoticeCount(deps.db, reader) : null,
  ]);
  const counts = unreadOf(byCategory, unreadNotices ?? notices.unread);
  const items = [...messages.rows.map(toMessage), ...notices.rows.map(noticeAsMessage)]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
    .slice(offset, offset + query.pageSize);
  return { items, total: messages.total + notices.total, page: query.page, pageSize: query.pageSize, ...counts };
}

export async function unreadCount(deps: ReachDeps, context: RequestContext) {
  return { unread: (await unreadCounts(deps.db, context.actor.userId)).unread };
}

/** Marks messages read: these, or a category, or all; notices by their ids, or with their category or all. */
export async function markRead(
  deps: ReachDeps,
  context: RequestContext,
  filter: { ids?: number[] | undefined; noticeIds?: number[] | undefined; category?: MessageCategory | undefined },
) {
  const userId = context.actor.userId;
  const chosen = filter.ids !== undefined || filter.noticeIds !== undefined;
  if (filter.ids || !chosen) await repo.markRead(deps.db, userId, filter);
  const reader = await noticesRepo.readerOf(deps.db, userId);
  if (reader && (filter.noticeIds || (!chosen && (filter.category ?? 'notice') === 'notice'))) {
    const unread = await noticesRepo.unreadNoticeIds(deps.db, reader);
    const ids = filter.noticeIds ? unread.filter((id) => filter.noticeIds!.includes(id)) : unread;
    await deps.db.transaction(async (tx) => noticesRepo.recordReads(tx, reader, ids));
  }
  return { unread: (await unreadCounts(deps.db, userId, reader)).unread };
}

// ---- preferences ----

export async function preferences(deps: ReachDeps, context: RequestContext): Promise<MessagePreferences> {
  const userId = context.actor.userId;
  const [saved, hasMobile] = await Promise.all([
    repo.preferencesOf(deps.db, [userId]).then((found) => found.get(userId)),
    repo.hasMobile(deps.db, userId),
  ]);
  return {
    channels: Object.fromEntries(
      MESSAGE_CATEGORIES.map((category) => [category, saved?.channels[category] ?? DEFAULT_CHANNELS[category]]),
    ) as MessagePreferences['channels'],
    quietHours: saved?.quietStart && saved.quietEnd ? { start: saved.quietStart, end: saved.quietEnd } : null,
    hasMobile,
  };
}

export async function setPreferences(
  deps: ReachDeps,
  context: RequestContext,
  input: {
    channels: Partial<Record<MessageCategory, { sms: boolean; wechat: boolean }>>;
    quietHours: QuietHours | null;
  },
) {
  // Read once: the answer is what was read, with the choices just saved.
  const current = await preferences(deps, context);
  const saved = { ...current, channels: { ...current.channels, ...input.channels }, quietHours: input.quietHours };
  await repo.savePreferences(deps.db, {
    userId: context.actor.userId,
    channels: saved.channels,
    quietStart: input.quietHours?.start ?? null,
    quietEnd: input.quietHours?.end ?? null,
  });
  return saved;
}

// ---- deliveries, for cadres ----

const toDelivery = (row: Awaited<ReturnType<typeof repo.deliveriesPage>>['rows'][number]) => ({
  id: row.delivery.id,
  channel: row.delivery.channel as 'sms' | 'wechat',
  status: row.delivery.status as DeliveryStatus,
  attempts: row.delivery.attempts,
  reason: row.delivery.reason,
  createdAt: row.delivery.createdAt.toISOString(),
  sentAt: row.delivery.sentAt?.toISOString() ?? null,
  recipient: row.recipient,
  organisationName: row.organisationName,
  category: row.category as MessageCategory,
  kind: row.kind,
  params: row.params,
});

/** Deliveries about organisations in the cadre's subtree (or a part of it), failed ones by default. */
export async function deliveries(
  deps: ReachDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; status: DeliveryStatus; organisationId?: number | undefined },
) {
  const scope = scopeOf(context.actor, 'reach.deliveries');
  const within: (readonly string[])[] = [scope];
  if (query.organisationId) {
    const chosen = await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope);
    within.push([chosen.path]);
  }
  const { rows, total } = await repo.deliveriesPage(
    deps.db,
    { status: query.status, within },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: rows.map(toDelivery), total, page: query.page, pageSize: query.pageSize };
}

/** Queues a failed delivery again (the delivery job sends it within the minute). */
export async function retryDelivery(deps: ReachDeps, context: RequestContext, id: number) {
  const scope = scopeOf(context.actor, 'reach.deliveries');
  // The refusal is recorded outside the write's transaction, which it would otherwise undo.
  if (!(await repo.deliveryInScope(deps.db, id, scope)))
    return refuseOutOfScope(deps.db, context, {
      type: 'message_delivery',
      id,
      exists: () => repo.deliveryExists(deps.db, id),
    });
  return deps.db.transaction(async (tx) => {
    const row = (await repo.deliveryInScope(tx, id, scope, true))!;
    if (row.delivery.status !== 'failed') throw new AppError(409, 'reach.delivery_not_failed');
    await repo.requeue(tx, { id, userId: row.delivery.userId });
    await recordAudit(tx, context, {
      action: 'delivery.retry',
      subjectType: 'message_delivery',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { channel: row.delivery.channel, status: { from: 'failed', to: 'pending' } },
    });
    return toDelivery({ ...row, delivery: { ...row.delivery, status: 'pending', reason: null } });
  });
}
