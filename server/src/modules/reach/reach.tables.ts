import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, ref, updatedAt } from '../../db/columns';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';

/**
 * A message to one person, in their inbox (the message centre). Its text is `message.<kind>`
 * filled from `params` in the reader's language; `source` names what it is about, so a sweep that
 * runs again does not say the same thing twice. Sharded by its recipient: an inbox is one shard.
 */
export const messages = pgTable(
  'messages',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The organisation the message is about (a case's, a vote's), for the cadres who watch deliveries. */
    organisationId: ref('organisation_id').references(() => organisations.id),
    category: text('category').notNull(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    link: text('link'),
    critical: boolean('critical').notNull().default(false),
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'messages_pkey', columns: [t.id, t.userId] }),
    index('messages_inbox_idx').on(t.userId, t.createdAt.desc()),
    index('messages_unread_idx').on(t.userId, t.category).where(sql`${t.readAt} IS NULL`),
    index('messages_source_idx').on(t.sourceType, t.sourceId, t.kind),
    check('messages_category_check', sql`${t.category} IN ('notice','case','application','vote','survey','system')`),
  ],
);

/** A message's way to its recipient beyond the inbox: one row per channel, sent by the delivery job. */
export const messageDeliveries = pgTable(
  'message_deliveries',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    userId: uuid('user_id').notNull(),
    messageId: ref('message_id').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    /** Not before this time: the end of the recipient's quiet hours, or a retry's back-off. */
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    /** Why it failed or was skipped: `delivery.<reason>`. */
    reason: text('reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'message_deliveries_pkey', columns: [t.id, t.userId] }),
    foreignKey({
      name: 'message_deliveries_message_fk',
      columns: [t.messageId, t.userId],
      foreignColumns: [messages.id, messages.userId],
    }).onDelete('cascade'),
    index('message_deliveries_due_idx').on(t.notBefore).where(sql`${t.status} = 'pending'`),
    index('message_deliveries_status_idx').on(t.status, t.createdAt),
    index('message_deliveries_message_idx').on(t.messageId),
    check('message_deliveries_channel_check', sql`${t.channel} IN ('sms','wechat')`),
    check('message_deliveries_status_check', sql`${t.status} IN ('pending','sent','failed','skipped')`),
  ],
);

/** A person's choices: channels per category (unset categories take the defaults) and quiet hours. */
export const messagePreferences = pgTable(
  'message_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    channels: jsonb('channels').$type<Record<string, { sms: boolean; wechat: boolean }>>().notNull().default({}),
    /** China time, HH:MM; both or neither. */
    quietStart: text('quiet_start'),
    quietEnd: text('quiet_end'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'message_preferences_pkey', columns: [t.userId] }),
    check('message_preferences_quiet_check', sql`(${t.quietStart} IS NULL) = (${t.quietEnd} IS NULL)`),
  ],
);

// ---- notices and news ----

/**
 * A notice or a piece of news, with its audience as a rule: the members of some organisations'
 * subtrees who match the attributes given. Never a row per member: a member's notices are found by
 * their organisation's ancestors (`audience_org_ids && ancestors`), however large the audience.
 */
export const notices = pgTable(
  'notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** The province its files are kept in (the publisher's). */
    provinceCode: text('province_code').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind').notNull().default('notice'),
    title: text('title').notNull(),
    /** Sanitised HTML. */
    body: text('body').notNull(),
    attachments: jsonb('attachments')
      .$type<{ documentId: string; fileName: string; mediaType: string; size: number }[]>()
      .notNull()
      .default([]),
    audienceOrgIds: bigint('audience_org_ids', { mode: 'number' }).array().notNull(),
    employmentForms: text('employment_forms').array().notNull().default(sql`'{}'`),
    industries: text('industries').array().notNull().default(sql`'{}'`),
    delegatesOnly: boolean('delegates_only').notNull().default(false),
    status: text('status').notNull().default('draft'),
    /** When it goes live; set when it is published (now, or the time it was scheduled for). */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    pinned: boolean('pinned').notNull().default(false),
    escalateAfterDays: smallint('escalate_after_days'),
    /** When its audience was counted per organisation (notice_audience), once it went live. */
    countedAt: timestamp('counted_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnReason: text('withdrawn_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notices_audience_idx').using('gin', t.audienceOrgIds),
    index('notices_organisation_idx').on(t.organisationId),
    index('notices_live_idx').on(t.status, t.publishAt),
    check('notices_kind_check', sql`${t.kind} IN ('notice','news')`),
    check('notices_status_check', sql`${t.status} IN ('draft','published','withdrawn')`),
    check('notices_published_check', sql`${t.status} = 'draft' OR ${t.publishAt} IS NOT NULL`),
    check('notices_audience_check', sql`cardinality(${t.audienceOrgIds}) > 0`),
  ],
);

/** That a person read a notice, and where they were then: one row per reader, on their shard. */
export const noticeReads = pgTable(
  'notice_reads',
  {
    userId: uuid('user_id').notNull(),
    noticeId: ref('notice_id')
      .notNull()
      .references(() => notices.id),
    organisationId: ref('organisation_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'notice_reads_pkey', columns: [t.userId, t.noticeId] })],
);

/**
 * A notice's audience and readers per organisation (the members' own): counted when it goes live
 * and added to at each first read, so a read rate by sub-organisation sums these few rows instead of
 * counting a million receipts.
 */
export const noticeAudience = pgTable(
  'notice_audience',
  {
    noticeId: ref('notice_id')
      .notNull()
      .references(() => notices.id),
    organisationId: ref('organisation_id').notNull(),
    members: bigint('members', { mode: 'number' }).notNull().default(0),
    reads: bigint('reads', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'notice_audience_pkey', columns: [t.noticeId, t.organisationId] })],
);

/** Chasing the unread of a branch: a cadre's reminder (once a day) or the escalation to its cadres (once). */
export const noticeChases = pgTable(
  'notice_chases',
  {
    noticeId: ref('notice_id')
      .notNull()
      .references(() => notices.id),
    organisationId: ref('organisation_id').notNull(),
    kind: text('kind').notNull(),
    /** China day. */
    day: text('day').notNull(),
    people: bigint('people', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'notice_chases_pkey', columns: [t.noticeId, t.organisationId, t.kind, t.day] }),
    uniqueIndex('notice_chases_escalate_key').on(t.noticeId, t.organisationId).where(sql`${t.kind} = 'escalate'`),
    check('notice_chases_kind_check', sql`${t.kind} IN ('remind','escalate')`),
  ],
);
