import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, ltree, ref, updatedAt } from '../../db/columns';
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
    /** The organisation's path, kept with it by trigger (read rates sum under a node without a join). */
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    members: bigint('members', { mode: 'number' }).notNull().default(0),
    reads: bigint('reads', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'notice_audience_pkey', columns: [t.noticeId, t.organisationId] }),
    index('notice_audience_organisation_idx').on(t.organisationId),
  ],
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

// ---- surveys (问卷调查) ----

/**
 * A survey: its questionnaire and its audience as a rule (as a notice's), its quotas apart. Open
 * from `opens_at` until closed (by hand, on `closes_at`, or when its quotas fill).
 */
export const surveys = pgTable(
  'surveys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    provinceCode: text('province_code').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The questionnaire (contract: surveyDefinitionSchema); it cannot change once open. */
    definition: jsonb('definition').notNull(),
    audienceOrgIds: bigint('audience_org_ids', { mode: 'number' }).array().notNull(),
    employmentForms: text('employment_forms').array().notNull().default(sql`'{}'`),
    industries: text('industries').array().notNull().default(sql`'{}'`),
    delegatesOnly: boolean('delegates_only').notNull().default(false),
    anonymous: boolean('anonymous').notNull().default(false),
    status: text('status').notNull().default('draft'),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    closeWhenFull: boolean('close_when_full').notNull().default(false),
    closedReason: text('closed_reason'),
    template: text('template'),
    /** When its audience was counted per organisation and invited, once it opened. */
    countedAt: timestamp('counted_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('surveys_audience_idx').using('gin', t.audienceOrgIds),
    index('surveys_organisation_idx').on(t.organisationId),
    index('surveys_live_idx').on(t.status, t.opensAt),
    check('surveys_status_check', sql`${t.status} IN ('draft','open','closed')`),
    check('surveys_open_check', sql`${t.status} = 'draft' OR ${t.opensAt} IS NOT NULL`),
    check(
      'surveys_closed_reason_check',
      sql`${t.closedReason} IS NULL OR ${t.closedReason} IN ('date','quota','manual')`,
    ),
    check('surveys_audience_check', sql`cardinality(${t.audienceOrgIds}) > 0`),
  ],
);

/** A quota: answers wanted from under an organisation (of an industry, of an answer), and how many came. */
export const surveyQuotas = pgTable(
  'survey_quotas',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    organisationId: ref('organisation_id').notNull(),
    industry: text('industry'),
    cellQuestion: text('cell_question'),
    cellValue: text('cell_value'),
    target: integer('target').notNull(),
    filled: integer('filled').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'survey_quotas_pkey', columns: [t.surveyId, t.id] }),
    uniqueIndex('survey_quotas_key').on(
      t.surveyId,
      t.organisationId,
      sql`coalesce(${t.industry}, '')`,
      sql`coalesce(${t.cellQuestion}, '')`,
      sql`coalesce(${t.cellValue}, '')`,
    ),
    check('survey_quotas_fill_check', sql`${t.filled} >= 0 AND ${t.filled} <= ${t.target}`),
    check('survey_quotas_cell_check', sql`(${t.cellQuestion} IS NULL) = (${t.cellValue} IS NULL)`),
  ],
);

/**
 * Who answered (one answer per person), where they were and on which day, never what: in an
 * anonymous survey nothing here leads to the answer; in a named one, `response_key` does.
 */
export const surveyParticipants = pgTable(
  'survey_participants',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    userId: uuid('user_id').notNull(),
    organisationId: ref('organisation_id').notNull(),
    industry: text('industry'),
    /** China day. */
    day: text('day').notNull(),
    responseKey: text('response_key'),
  },
  (t) => [primaryKey({ name: 'survey_participants_pkey', columns: [t.surveyId, t.userId] })],
);

/** A respondent's progress, to resume on any device: encrypted, and deleted when they submit. */
export const surveyDrafts = pgTable(
  'survey_drafts',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    userId: uuid('user_id').notNull(),
    sealed: bytea('sealed').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ name: 'survey_drafts_pkey', columns: [t.surveyId, t.userId] })],
);

/**
 * Anonymous answers as submitted, sealed with the server's key and nothing else: no person, no time,
 * no order. The mixing job opens them in batches and writes them, shuffled, into survey_responses.
 */
export const surveyAnswerBox = pgTable(
  'survey_answer_box',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    /** A random key (its primary key's), telling nothing of when it came. */
    slot: text('slot').notNull(),
    sealed: bytea('sealed').notNull(),
  },
  (t) => [primaryKey({ name: 'survey_answer_box_pkey', columns: [t.surveyId, t.slot] })],
);

/**
 * The answers that are counted: where from (organisation, industry section, employment form), the
 * day, paper or online, and the answers, keyed by a random key. No person and no time of day; in an
 * anonymous survey they arrive mixed, in batches, in random order.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    responseKey: text('response_key').notNull(),
    organisationId: ref('organisation_id').notNull(),
    industry: text('industry'),
    employmentForm: text('employment_form'),
    day: date('day', { mode: 'string' }).notNull(),
    mode: text('mode').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'survey_responses_pkey', columns: [t.surveyId, t.responseKey] }),
    check('survey_responses_mode_check', sql`${t.mode} IN ('online','paper')`),
  ],
);

/**
 * A survey's answers counted as they are written, per question, organisation, industry section and
 * value: `value` '' counts the people who answered the question (with the sum of a number or scale
 * beside), any other value those who chose it (each choice of a multiple, `row:column` of a matrix);
 * question '' counts the answers themselves. Results by region and industry sum these under a node
 * (by the organisation's path, kept here by trigger) instead of reading every answer. Anonymous answers are counted when they are mixed, never one at a time.
 */
export const surveyTallies = pgTable(
  'survey_tallies',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    question: text('question').notNull(),
    organisationId: ref('organisation_id').notNull(),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    industry: text('industry').notNull(),
    value: text('value').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    s: numeric('s'),
  },
  (t) => [
    primaryKey({
      name: 'survey_tallies_pkey',
      columns: [t.surveyId, t.question, t.organisationId, t.industry, t.value],
    }),
    index('survey_tallies_organisation_idx').on(t.organisationId),
  ],
);

/** A survey's audience and answers per organisation (the members' own), as notice_audience. */
export const surveyAudience = pgTable(
  'survey_audience',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    organisationId: ref('organisation_id').notNull(),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    members: bigint('members', { mode: 'number' }).notNull().default(0),
    answers: bigint('answers', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'survey_audience_pkey', columns: [t.surveyId, t.organisationId] }),
    index('survey_audience_organisation_idx').on(t.organisationId),
  ],
);

/** A reminder to a branch's members who have not answered: once a day per branch. */
export const surveyChases = pgTable(
  'survey_chases',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    organisationId: ref('organisation_id').notNull(),
    day: text('day').notNull(),
    people: bigint('people', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'survey_chases_pkey', columns: [t.surveyId, t.organisationId, t.day] })],
);

/** A sampled unit's enumerator, who also enters its paper questionnaires. */
export const surveyEnumerators = pgTable(
  'survey_enumerators',
  {
    surveyId: ref('survey_id')
      .notNull()
      .references(() => surveys.id),
    organisationId: ref('organisation_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ name: 'survey_enumerators_pkey', columns: [t.surveyId, t.organisationId] }),
    index('survey_enumerators_user_idx').on(t.userId),
  ],
);
