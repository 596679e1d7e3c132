import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, ltree, provinceCode, ref } from '../../db/columns';
import { documents } from '../../platform/documents.tables';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';

// Distributed by province_code (its manifest’s tables): a case is filed with a union of one province and
// stays there; its events, team, attachments and notifications join it on one shard.
const toCase = (name: string, t: { caseId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.caseId, t.provinceCode],
    foreignColumns: [rightsCases.id, rightsCases.provinceCode],
  }).onDelete('cascade');

/**
 * A case of the rights engine: a demand ticket, legal aid, a mediation or a wage-arrears report.
 * An anonymous report has no reporter and no contact; only the hash of its follow-up code finds it.
 */
export const rightsCases = pgTable(
  'rights_cases',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    stage: text('stage').notNull().default('accepted'),
    deadlineClass: text('deadline_class').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    anonymous: boolean('anonymous').notNull().default(false),
    confidential: boolean('confidential').notNull().default(false),
    reporterUserId: uuid('reporter_user_id').references(() => users.id),
    followUpHash: text('follow_up_hash'),
    // Where the case was filed (the desk), and the union handling it now.
    receivedOrganisationId: ref('received_organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    handlerUserId: uuid('handler_user_id').references(() => users.id),
    acceptedOn: date('accepted_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    warnOn: date('warn_on', { mode: 'string' }).notNull(),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    nextEscalationOn: date('next_escalation_on', { mode: 'string' }),
    overdue: boolean('overdue').notNull().default(false),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedToId: ref('escalated_to_id').references(() => organisations.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    // Wage arrears: the employer as reported (credit code if known, else the name), for repeat flags.
    employerKey: text('employer_key'),
    resolution: text('resolution'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedOnTime: boolean('closed_on_time'),
    rating: smallint('rating'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rights_cases_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('rights_cases_follow_up_key').on(t.followUpHash, t.provinceCode),
    index('rights_cases_path_gist').using('gist', t.organisationPath),
    index('rights_cases_organisation_idx').on(t.organisationId, t.createdAt),
    // The newest-first case lists: walked in order, filtered by scope, stopped at a page.
    index('rights_cases_created_idx').on(t.createdAt, t.id),
    index('rights_cases_handler_idx').on(t.handlerUserId, t.dueOn).where(sql`${t.closedAt} IS NULL`),
    index('rights_cases_reporter_idx').on(t.reporterUserId),
    index('rights_cases_escalation_idx').on(t.nextEscalationOn).where(sql`${t.closedAt} IS NULL`),
    index('rights_cases_warn_idx').on(t.warnOn).where(sql`${t.closedAt} IS NULL AND ${t.warnedAt} IS NULL`),
    index('rights_cases_employer_idx').on(t.employerKey, t.createdAt).where(sql`${t.employerKey} IS NOT NULL`),
    check('rights_cases_kind_check', sql`${t.kind} IN ('ticket','legal_aid','mediation','wage_arrears')`),
    check('rights_cases_stage_check', sql`${t.stage} IN ('accepted','dispatched','handling','closed','rated')`),
    check('rights_cases_class_check', sql`${t.deadlineClass} IN ('general','difficult','complex')`),
    check('rights_cases_rating_check', sql`${t.rating} BETWEEN 1 AND 5`),
    // An anonymous report keeps nothing that points at a person.
    check(
      'rights_cases_anonymous_check',
      sql`NOT ${t.anonymous} OR (${t.reporterUserId} IS NULL AND ${t.followUpHash} IS NOT NULL AND ${t.confidential})`,
    ),
    check(
      'rights_cases_closed_check',
      sql`(${t.closedAt} IS NULL) = (${t.stage} IN ('accepted','dispatched','handling'))`,
    ),
  ],
);

/** The timeline of a case. `public` events are shown to the reporter. */
export const rightsCaseEvents = pgTable(
  'rights_case_events',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    caseId: ref('case_id').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    note: text('note'),
    organisationId: ref('organisation_id').references(() => organisations.id),
    public: boolean('public').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'rights_case_events_pkey', columns: [t.id, t.provinceCode] }),
    toCase('rights_case_events_case_fk', t),
    index('rights_case_events_case_idx').on(t.caseId, t.id),
  ],
);

/** The people assigned to a case besides its handler: who a confidential case is visible to. */
export const rightsCaseTeam = pgTable(
  'rights_case_team',
  {
    provinceCode: provinceCode(),
    caseId: ref('case_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'rights_case_team_pkey', columns: [t.caseId, t.userId, t.provinceCode] }),
    toCase('rights_case_team_case_fk', t),
    index('rights_case_team_user_idx').on(t.userId),
    check('rights_case_team_role_check', sql`${t.role} IN ('dispatcher','handler','member')`),
  ],
);

export const rightsAttachments = pgTable(
  'rights_attachments',
  {
    // The document in the one store (platform/documents.tables.ts): its file, type, size and hash.
    id: uuid('id').notNull(),
    provinceCode: provinceCode(),
    caseId: ref('case_id').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    byReporter: boolean('by_reporter').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'rights_attachments_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'rights_attachments_document_fk',
      columns: [t.id, t.provinceCode],
      foreignColumns: [documents.id, documents.provinceCode],
    }),
    toCase('rights_attachments_case_fk', t),
    index('rights_attachments_case_idx').on(t.caseId),
  ],
);

/** Time-limited access to a case someone could not otherwise see, with the reason they gave. */
export const rightsBreakGlass = pgTable(
  'rights_break_glass',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    caseId: ref('case_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'rights_break_glass_pkey', columns: [t.id, t.provinceCode] }),
    toCase('rights_break_glass_case_fk', t),
    index('rights_break_glass_user_idx').on(t.userId, t.caseId),
  ],
);

/**
 * Counts per organisation (and every ancestor), month of acceptance and category, kept by
 * statement triggers on rights_cases: the dashboards read these, never the cases.
 */
export const rightsTallies = pgTable(
  'rights_tallies',
  {
    organisationId: ref('organisation_id').notNull(),
    provinceCode: provinceCode(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    opened: integer('opened').notNull().default(0),
    open: integer('open').notNull().default(0),
    overdue: integer('overdue').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedOnTime: integer('closed_on_time').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'rights_tallies_pkey', columns: [t.organisationId, t.month, t.category, t.provinceCode] }),
  ],
);
