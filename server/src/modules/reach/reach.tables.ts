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
