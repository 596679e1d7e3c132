import type {
  AmountRule,
  ApplicantFacts,
  DocumentKind,
  EligibilityRule,
  MedicalClaim,
  ReviewStep,
  RuleResult,
} from '@gonghui/contract';
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
import { bytea, createdAt, ltree, provinceCode, ref } from '../../db/columns';
import { documents } from '../../platform/documents.tables';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { members } from '../membership/membership.tables';

// Programmes are definitions read everywhere (reference tables); everything a household, an
// application or a payment holds is distributed by province_code (its manifest’s tables) and joins on
// one shard.
const fen = ref;
const toMember = (name: string, t: { memberId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({ name, columns: [t.memberId, t.provinceCode], foreignColumns: [members.id, members.provinceCode] });
const toApplication = (name: string, t: { applicationId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.applicationId, t.provinceCode],
    foreignColumns: [assistanceApplications.id, assistanceApplications.provinceCode],
  }).onDelete('cascade');

/** A programme of a federation: who may apply, what it pays, how it is reviewed. */
export const assistanceProgrammes = pgTable(
  'assistance_programmes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    need: text('need'),
    rules: jsonb('rules').$type<EligibilityRule[]>().notNull(),
    documents: jsonb('documents').$type<DocumentKind[]>().notNull(),
    amount: jsonb('amount').$type<AmountRule>().notNull(),
    chain: jsonb('chain').$type<ReviewStep[]>().notNull(),
    homeVisitRequired: boolean('home_visit_required').notNull().default(true),
    noticeDays: smallint('notice_days').notNull().default(5),
    dualApprovalFromFen: fen('dual_approval_from_fen'),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    closesOn: date('closes_on', { mode: 'string' }).notNull(),
    enrolmentOpensOn: date('enrolment_opens_on', { mode: 'string' }),
    enrolmentClosesOn: date('enrolment_closes_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('assistance_programmes_organisation_idx').on(t.organisationId),
    check(
      'assistance_programmes_kind_check',
      sql`${t.kind} IN ('warmth','student_aid','medical','emergency','education','mutual_medical')`,
    ),
    check('assistance_programmes_window_check', sql`${t.opensOn} <= ${t.closesOn}`),
  ],
);

/**
 * The money a programme has at one organisation for a year. committed ≤ amount and paid ≤
 * committed hold in the database itself; approvals add to committed with a conditional update, so
 * concurrent approvals serialise on the row and never take it below zero.
 */
export const assistanceBudgets = pgTable(
  'assistance_budgets',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    programmeId: ref('programme_id')
      .notNull()
      .references(() => assistanceProgrammes.id),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: smallint('year').notNull(),
    amountFen: fen('amount_fen').notNull(),
    committedFen: fen('committed_fen').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'assistance_budgets_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('assistance_budgets_key').on(t.programmeId, t.organisationId, t.year, t.provinceCode),
    check(
      'assistance_budgets_money_check',
      sql`0 <= ${t.paidFen} AND ${t.paidFen} <= ${t.committedFen} AND ${t.committedFen} <= ${t.amountFen}`,
    ),
  ],
);

/** A household in hardship, filed under the union of the member heading it. */
export const hardshipFiles = pgTable(
  'hardship_files',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberId: ref('member_id').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    tier: text('tier').notNull(),
    primaryCause: text('primary_cause').notNull(),
    secondaryCauses: text('secondary_causes').array().notNull().default(sql`'{}'`),
    level: text('level').notNull(),
    // Household members with their health and income, and the income per head: encrypted.
    householdEnc: bytea('household_enc').notNull(),
    incomePerHeadEnc: bytea('income_per_head_enc').notNull(),
    householdSize: smallint('household_size').notNull(),
    situation: text('situation').notNull().default(''),
    status: text('status').notNull().default('open'),
    verifiedOn: date('verified_on', { mode: 'string' }).notNull(),
    nextVerificationOn: date('next_verification_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    closedReason: text('closed_reason'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'hardship_files_pkey', columns: [t.id, t.provinceCode] }),
    toMember('hardship_files_member_fk', t),
    // One open file per household head; closed files stay as the archive.
    uniqueIndex('hardship_files_open_member_key').on(t.memberId, t.provinceCode).where(sql`${t.status} = 'open'`),
    index('hardship_files_path_gist').using('gist', t.organisationPath),
    index('hardship_files_verification_idx').on(t.nextVerificationOn).where(sql`${t.status} = 'open'`),
    check('hardship_files_tier_check', sql`${t.tier} IN ('deep','relative','accident')`),
    check('hardship_files_status_check', sql`${t.status} IN ('open','closed')`),
    check(
      'hardship_files_closed_check',
      sql`(${t.status} = 'closed') = (${t.closedOn} IS NOT NULL AND ${t.closedReason} IS NOT NULL)`,
    ),
  ],
);

export const hardshipFileEvents = pgTable(
  'hardship_file_events',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    fileId: ref('file_id').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'hardship_file_events_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'hardship_file_events_file_fk',
      columns: [t.fileId, t.provinceCode],
      foreignColumns: [hardshipFiles.id, hardshipFiles.provinceCode],
    }).onDelete('cascade'),
    index('hardship_file_events_file_idx').on(t.fileId),
  ],
);

/** An application to a programme, by the member or by a cadre for them, through its review chain. */
export const assistanceApplications = pgTable(
  'assistance_applications',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    programmeId: ref('programme_id')
      .notNull()
      .references(() => assistanceProgrammes.id),
    memberId: ref('member_id').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    applicantUserId: uuid('applicant_user_id').references(() => users.id),
    onBehalf: boolean('on_behalf').notNull().default(false),
    fileId: ref('file_id'),
    // The household ("f<file id>" or "m<member id>") and the period of its need: paid once.
    householdKey: text('household_key').notNull(),
    period: text('period').notNull(),
    stage: text('stage').notNull().default('draft'),
    reason: text('reason').notNull(),
    details: jsonb('details')
      .$type<{
        schoolLevel?: string;
        student?: { name: string; school: string; admittedOn?: string };
        claim?: MedicalClaim & { hospital?: string };
      }>()
      .notNull()
      .default({}),
    eligibility: jsonb('eligibility').$type<{ facts: ApplicantFacts; results: RuleResult[] }>().notNull(),
    requestedFen: fen('requested_fen'),
    limitFen: fen('limit_fen'),
    checkedFen: fen('checked_fen'),
    reviewedFen: fen('reviewed_fen'),
    approvedFen: fen('approved_fen'),
    homeVisit: jsonb('home_visit').$type<{ visitedOn: string; visitors: string; findings: string }>(),
    bankName: text('bank_name').notNull(),
    accountName: text('account_name').notNull(),
    accountNumberEnc: bytea('account_number_enc').notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    noticeStartsOn: date('notice_starts_on', { mode: 'string' }),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    firstApproverId: uuid('first_approver_id').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'assistance_applications_pkey', columns: [t.id, t.provinceCode] }),
    toMember('assistance_applications_member_fk', t),
    index('assistance_applications_path_gist').using('gist', t.organisationPath),
    index('assistance_applications_member_idx').on(t.memberId),
    index('assistance_applications_created_idx').on(t.createdAt, t.id),
    index('assistance_applications_notice_idx').on(t.noticeEndsOn).where(sql`${t.stage} = 'notice'`),
    check(
      'assistance_applications_stage_check',
      sql`${t.stage} IN ('draft','submitted','checked','reviewed','notice','approved','rejected','withdrawn')`,
    ),
  ],
);

export const assistanceEvents = pgTable(
  'assistance_events',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    applicationId: ref('application_id').notNull(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    stage: text('stage'),
    amountFen: fen('amount_fen'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'assistance_events_pkey', columns: [t.id, t.provinceCode] }),
    toApplication('assistance_events_application_fk', t),
    index('assistance_events_application_idx').on(t.applicationId),
  ],
);

/** Evidence of a hardship file or an application. */
export const assistanceDocuments = pgTable(
  'assistance_documents',
  {
    // The document in the one store (platform/documents.tables.ts): its file, type, size and hash.
    id: uuid('id').notNull(),
    provinceCode: provinceCode(),
    applicationId: ref('application_id'),
    fileId: ref('file_id'),
    kind: text('kind').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'assistance_documents_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'assistance_documents_document_fk',
      columns: [t.id, t.provinceCode],
      foreignColumns: [documents.id, documents.provinceCode],
    }),
    toApplication('assistance_documents_application_fk', t),
    foreignKey({
      name: 'assistance_documents_file_fk',
      columns: [t.fileId, t.provinceCode],
      foreignColumns: [hardshipFiles.id, hardshipFiles.provinceCode],
    }).onDelete('cascade'),
    index('assistance_documents_application_idx').on(t.applicationId),
    index('assistance_documents_file_idx').on(t.fileId),
    check('assistance_documents_owner_check', sql`(${t.applicationId} IS NULL) <> (${t.fileId} IS NULL)`),
  ],
);

/** An objection filed during the public notice, and the answer it must get before approval. */
export const assistanceObjections = pgTable(
  'assistance_objections',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    applicationId: ref('application_id').notNull(),
    text: text('text').notNull(),
    filedBy: uuid('filed_by').references(() => users.id),
    answer: text('answer'),
    upheld: boolean('upheld'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'assistance_objections_pkey', columns: [t.id, t.provinceCode] }),
    toApplication('assistance_objections_application_fk', t),
    index('assistance_objections_application_idx').on(t.applicationId),
  ],
);

/** The need a household was paid for in a period: its key refuses a second payment across programmes. */
export const assistanceNeedClaims = pgTable(
  'assistance_need_claims',
  {
    provinceCode: provinceCode(),
    householdKey: text('household_key').notNull(),
    need: text('need').notNull(),
    period: text('period').notNull(),
    applicationId: ref('application_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'assistance_need_claims_pkey', columns: [t.householdKey, t.need, t.period, t.provinceCode] }),
    toApplication('assistance_need_claims_application_fk', t),
  ],
);

/** A batch of payments sent to the bank as one file. */
export const assistanceBatches = pgTable(
  'assistance_batches',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status').notNull().default('open'),
    // The client's Idempotency-Key: a retried request finds the batch it already made.
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    exportedAt: timestamp('exported_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'assistance_batches_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('assistance_batches_idempotency_key').on(t.organisationId, t.idempotencyKey, t.provinceCode),
    index('assistance_batches_organisation_idx').on(t.organisationId, t.createdAt),
    check('assistance_batches_status_check', sql`${t.status} IN ('open','exported','closed')`),
  ],
);

/** One payment of an approved application, charged to one budget; paid at most once. */
export const assistancePayments = pgTable(
  'assistance_payments',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    applicationId: ref('application_id').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    budgetId: ref('budget_id').notNull(),
    batchId: ref('batch_id'),
    amountFen: fen('amount_fen').notNull(),
    status: text('status').notNull().default('pending'),
    reference: text('reference').notNull(),
    bankName: text('bank_name').notNull(),
    accountName: text('account_name').notNull(),
    accountNumberEnc: bytea('account_number_enc').notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'assistance_payments_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('assistance_payments_application_key').on(t.applicationId, t.provinceCode),
    uniqueIndex('assistance_payments_reference_key').on(t.reference, t.provinceCode),
    toApplication('assistance_payments_application_fk', t),
    foreignKey({
      name: 'assistance_payments_budget_fk',
      columns: [t.budgetId, t.provinceCode],
      foreignColumns: [assistanceBudgets.id, assistanceBudgets.provinceCode],
    }),
    foreignKey({
      name: 'assistance_payments_batch_fk',
      columns: [t.batchId, t.provinceCode],
      foreignColumns: [assistanceBatches.id, assistanceBatches.provinceCode],
    }),
    index('assistance_payments_pending_idx').on(t.organisationId).where(sql`${t.status} = 'pending'`),
    index('assistance_payments_batch_idx').on(t.batchId),
    check(
      'assistance_payments_status_check',
      sql`${t.status} IN ('pending','batched','paid','failed','returned','cancelled')`,
    ),
    check('assistance_payments_amount_check', sql`${t.amountFen} > 0`),
    check('assistance_payments_paid_check', sql`(${t.status} = 'paid') = (${t.paidAt} IS NOT NULL)`),
  ],
);

/** A member enrolled in a year of mutual medical aid by their union, with the fee. */
export const mutualAidEnrolments = pgTable(
  'mutual_aid_enrolments',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    programmeId: ref('programme_id')
      .notNull()
      .references(() => assistanceProgrammes.id),
    year: smallint('year').notNull(),
    memberId: ref('member_id').notNull(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    feeFen: fen('fee_fen').notNull(),
    enrolledBy: uuid('enrolled_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'mutual_aid_enrolments_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('mutual_aid_enrolments_member_key').on(t.programmeId, t.year, t.memberId, t.provinceCode),
    toMember('mutual_aid_enrolments_member_fk', t),
    index('mutual_aid_enrolments_organisation_idx').on(t.programmeId, t.year, t.organisationId),
  ],
);
