import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../db/columns';

/**
 * Append-only and hash-chained: a trigger (migration 0002) assigns id, prev_hash and hash under a
 * lock on audit_chain_head, and refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    organisationId: bigint('organisation_id', { mode: 'number' }),
    changes: jsonb('changes').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: bytea('prev_hash'),
    // The defaults are placeholders: the trigger always sets both.
    hash: bytea('hash').notNull().default(sql`'\\x'::bytea`),
  },
  (t) => [
    index('audit_log_organisation_idx').on(t.organisationId, t.id),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_actor_idx').on(t.actorUserId, t.id),
  ],
);

export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    lastId: bigint('last_id', { mode: 'number' }),
    lastHash: bytea('last_hash'),
  },
  (t) => [check('audit_chain_head_single_row', sql`${t.id} = 1`)],
);
