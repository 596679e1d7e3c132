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
import { bytea, createdAt, ltree, provinceCode, updatedAt } from '../../db/columns';
import { employers, organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';

const memberId = () => bigint('member_id', { mode: 'number' }).notNull();
/**
 * The distribution column under Citus (the manifest’s tables): the first two digits of the region code
 * of the member's union. Every key and every foreign key between these tables includes it, so a
 * province's rows live on one shard and join there.
 */
/** Foreign keys to co-located tables carry the province code with the id. */
const toMember = (name: string, t: { memberId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({ name, columns: [t.memberId, t.provinceCode], foreignColumns: [members.id, members.provinceCode] });
const toEmployer = (name: string, t: { provinceCode: AnyPgColumn }, employerId: AnyPgColumn) =>
  foreignKey({ name, columns: [employerId, t.provinceCode], foreignColumns: [employers.id, employers.provinceCode] });

/**
 * One row per person who is or was a member. Personal data is encrypted with a blind index for
 * exact lookups; the organisation's path is copied here (kept by triggers) so scope, search and
 * statistics are one indexed predicate without a join.
 */
export const members = pgTable(
  'members',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberNumber: text('member_number').notNull(),
    userId: uuid('user_id').references(() => users.id),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    name: text('name').notNull(),
    // Pinyin ("zhangsan zs") for reading; name_tokens (characters, pairs, pinyin pieces) for search.
    nameSearch: text('name_search').notNull(),
    nameTokens: text('name_tokens').array().notNull(),
    gender: text('gender').notNull(),
    birthYear: smallint('birth_year').notNull(),
    idNumberEnc: bytea('id_number_enc').notNull(),
    idNumberHash: bytea('id_number_hash').notNull(),
    mobileEnc: bytea('mobile_enc'),
    mobileHash: bytea('mobile_hash'),
    employerId: bigint('employer_id', { mode: 'number' }),
    employmentForm: text('employment_form').notNull(),
    platform: text('platform'),
    jobType: text('job_type'),
    residenceRegionCode: text('residence_region_code'),
    monthlyWageEnc: bytea('monthly_wage_enc'),
    duesMonthlyFen: integer('dues_monthly_fen').notNull().default(0),
    status: text('status').notNull().default('active'),
    statusSince: date('status_since', { mode: 'string' }).notNull(),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    lastParticipationOn: date('last_participation_on', { mode: 'string' }),
    source: text('source').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'members_pkey', columns: [t.id, t.provinceCode] }),
    // Unique within a province; one membership per person nationwide is member_persons' key.
    uniqueIndex('members_member_number_key').on(t.memberNumber, t.provinceCode),
    uniqueIndex('members_id_number_hash_key').on(t.idNumberHash, t.provinceCode),
    uniqueIndex('members_mobile_hash_key').on(t.mobileHash, t.provinceCode),
    uniqueIndex('members_user_key').on(t.userId, t.provinceCode),
    toEmployer('members_employer_fk', t, t.employerId),
    index('members_organisation_path_gist').using('gist', t.organisationPath),
    index('members_organisation_idx').on(t.organisationId),
    index('members_employer_idx').on(t.employerId),
    index('members_name_tokens_gin').using('gin', t.nameTokens),
    check('members_gender_check', sql`${t.gender} IN ('male','female')`),
    check('members_employment_form_check', sql`${t.employmentForm} IN ('standard','gig','flexible')`),
    check(
      'members_status_check',
      sql`${t.status} IN ('active','retained','transferring','lapsed','exited','expelled','deceased')`,
    ),
    check('members_dues_check', sql`${t.duesMonthlyFen} >= 0`),
    check('members_source_check', sql`${t.source} IN ('application','import','seed')`),
  ],
);

/** Membership status as dated facts: the member row holds the latest, this table all of them. */
export const memberStatusEvents = pgTable(
  'member_status_events',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberId: memberId(),
    status: text('status').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    // Where the member was at the time; organisations are closed, never deleted, so no foreign key
    // (its row lock would be taken once per fact in a million-row import).
    organisationId: bigint('organisation_id', { mode: 'number' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'member_status_events_pkey', columns: [t.id, t.provinceCode] }),
    toMember('member_status_events_member_fk', t),
    index('member_status_events_member_idx').on(t.memberId, t.id),
  ],
);

export const joinApplications = pgTable(
  'join_applications',
  {
    id: uuid('id').notNull().defaultRandom(),
    provinceCode: provinceCode(),
    applicantUserId: uuid('applicant_user_id')
      .notNull()
      .references(() => users.id),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    organisationPath: ltree('organisation_path').notNull().default(sql`''`), // set by trigger
    routedBy: text('routed_by').notNull(),
    name: text('name').notNull(),
    idNumberEnc: bytea('id_number_enc').notNull(),
    idNumberHash: bytea('id_number_hash').notNull(),
    mobileEnc: bytea('mobile_enc').notNull(),
    mobileHash: bytea('mobile_hash').notNull(),
    employerId: bigint('employer_id', { mode: 'number' }),
    employerName: text('employer_name'),
    employmentForm: text('employment_form').notNull(),
    platform: text('platform'),
    jobType: text('job_type'),
    residenceRegionCode: text('residence_region_code').notNull(),
    monthlyWageEnc: bytea('monthly_wage_enc'),
    status: text('status').notNull().default('submitted'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionReason: text('decision_reason'),
    memberId: bigint('member_id', { mode: 'number' }),
    clientKey: text('client_key').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'join_applications_pkey', columns: [t.id, t.provinceCode] }),
    toMember('join_applications_member_fk', t),
    toEmployer('join_applications_employer_fk', t, t.employerId),
    // The same form sent twice is one application (routing is deterministic, so one province).
    uniqueIndex('join_applications_client_key').on(t.applicantUserId, t.clientKey, t.provinceCode),
    // One open application per person in a province; the service also looks across provinces.
    uniqueIndex('join_applications_open_person_key')
      .on(t.idNumberHash, t.provinceCode)
      .where(sql`${t.status} = 'submitted'`),
    index('join_applications_queue_idx').using('gist', t.organisationPath),
    index('join_applications_applicant_idx').on(t.applicantUserId),
    check('join_applications_status_check', sql`${t.status} IN ('submitted','approved','rejected','withdrawn')`),
    check('join_applications_routed_by_check', sql`${t.routedBy} IN ('employer','holding_union','invite','cadre')`),
  ],
);

export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberId: memberId(),
    fromOrganisationId: bigint('from_organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    toOrganisationId: bigint('to_organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    newEmployerId: bigint('new_employer_id', { mode: 'number' }),
    status: text('status').notNull().default('requested'),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').notNull(),
    releasedBy: uuid('released_by'),
    completedBy: uuid('completed_by'),
    rejectedReason: text('rejected_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'member_transfers_pkey', columns: [t.id, t.provinceCode] }),
    toMember('member_transfers_member_fk', t),
    toEmployer('member_transfers_new_employer_fk', t, t.newEmployerId),
    uniqueIndex('member_transfers_open_key')
      .on(t.memberId, t.provinceCode)
      .where(sql`${t.status} IN ('requested','released')`),
    index('member_transfers_from_idx').on(t.fromOrganisationId),
    index('member_transfers_to_idx').on(t.toOrganisationId),
    check(
      'member_transfers_status_check',
      sql`${t.status} IN ('requested','released','completed','rejected','cancelled')`,
    ),
  ],
);

/** Expected and paid dues per member and month, in integer fen. */
export const duesMonths = pgTable(
  'dues_months',
  {
    memberId: memberId(),
    provinceCode: provinceCode(),
    month: date('month', { mode: 'string' }).notNull(),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    expectedFen: integer('expected_fen').notNull(),
    paidFen: integer('paid_fen').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'dues_months_member_id_month_pk', columns: [t.memberId, t.month, t.provinceCode] }),
    toMember('dues_months_member_fk', t),
    index('dues_months_organisation_idx').on(t.organisationId, t.month),
    check('dues_months_amounts_check', sql`${t.expectedFen} >= 0 AND ${t.paidFen} >= 0`),
    check('dues_months_first_day_check', sql`extract(day from ${t.month}) = 1`),
  ],
);

export const duesPayments = pgTable(
  'dues_payments',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberId: memberId(),
    month: date('month', { mode: 'string' }).notNull(),
    amountFen: integer('amount_fen').notNull(),
    source: text('source').notNull(),
    checkoffFileId: bigint('checkoff_file_id', { mode: 'number' }),
    idempotencyKey: text('idempotency_key').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'dues_payments_pkey', columns: [t.id, t.provinceCode] }),
    toMember('dues_payments_member_fk', t),
    uniqueIndex('dues_payments_idempotency_key').on(t.idempotencyKey, t.provinceCode),
    index('dues_payments_member_idx').on(t.memberId, t.month),
    check('dues_payments_amount_check', sql`${t.amountFen} > 0`),
    check('dues_payments_source_check', sql`${t.source} IN ('manual','checkoff')`),
  ],
);

/** An employer's payroll deduction sheet for one month, reconciled against the roster. */
export const checkoffFiles = pgTable(
  'checkoff_files',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    employerId: bigint('employer_id', { mode: 'number' }).notNull(),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    month: date('month', { mode: 'string' }).notNull(),
    fileName: text('file_name').notNull(),
    fileHash: text('file_hash').notNull(),
    rowCount: integer('row_count').notNull(),
    matchedCount: integer('matched_count').notNull(),
    matchedFen: bigint('matched_fen', { mode: 'number' }).notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // Uploading the same sheet twice reconciles it once.
    primaryKey({ name: 'checkoff_files_pkey', columns: [t.id, t.provinceCode] }),
    toEmployer('checkoff_files_employer_fk', t, t.employerId),
    uniqueIndex('checkoff_files_once_key').on(t.employerId, t.month, t.fileHash, t.provinceCode),
    index('checkoff_files_organisation_idx').on(t.organisationId),
  ],
);

export const checkoffDiscrepancies = pgTable(
  'checkoff_discrepancies',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    fileId: bigint('file_id', { mode: 'number' }).notNull(),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    kind: text('kind').notNull(),
    rowNumber: integer('row_number'),
    memberId: bigint('member_id', { mode: 'number' }),
    name: text('name').notNull(),
    idNumberEnc: bytea('id_number_enc'),
    expectedFen: integer('expected_fen'),
    fileFen: integer('file_fen'),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    note: text('note'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'checkoff_discrepancies_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'checkoff_discrepancies_file_fk',
      columns: [t.fileId, t.provinceCode],
      foreignColumns: [checkoffFiles.id, checkoffFiles.provinceCode],
    }),
    toMember('checkoff_discrepancies_member_fk', t),
    index('checkoff_discrepancies_file_idx').on(t.fileId),
    index('checkoff_discrepancies_open_idx').on(t.organisationId).where(sql`${t.status} = 'open'`),
    check(
      'checkoff_discrepancies_kind_check',
      sql`${t.kind} IN ('amount_differs','unknown_person','missing_from_file')`,
    ),
    check('checkoff_discrepancies_status_check', sql`${t.status} IN ('open','resolved')`),
  ],
);

export const rosterImports = pgTable(
  'roster_imports',
  {
    id: uuid('id').notNull().defaultRandom(),
    provinceCode: provinceCode(),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    createdBy: uuid('created_by').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    dryRun: boolean('dry_run').notNull(),
    status: text('status').notNull().default('running'),
    totalRows: integer('total_rows').notNull().default(0),
    createdRows: integer('created_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    rejectedRows: integer('rejected_rows').notNull().default(0),
    committedRows: integer('committed_rows').notNull().default(0),
    /** Rows whose ID number matches a member of another name: shown for the cadre to decide, never applied. */
    conflictRows: integer('conflict_rows').notNull().default(0),
    /** Per field, how many existing members an empty cell clears (or would, in a dry run). */
    cleared: jsonb('cleared').$type<Record<string, number>>().notNull().default({}),
    /** The roster fields whose columns the file carries: what a confirmed conflict row may change. */
    carriedFields: text('carried_fields').array().notNull().default(sql`'{}'::text[]`),
    fileBytes: bigint('file_bytes', { mode: 'number' }),
    readBytes: bigint('read_bytes', { mode: 'number' }).notNull().default(0),
    /** Written while the import runs; a running import whose heartbeat stops is failed. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    failure: text('failure'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'roster_imports_pkey', columns: [t.id, t.provinceCode] }),
    index('roster_imports_organisation_idx').on(t.organisationId, t.createdAt),
    check('roster_imports_status_check', sql`${t.status} IN ('running','done','failed')`),
    check('roster_imports_format_check', sql`${t.format} IN ('csv','xlsx')`),
  ],
);

/** Rejected rows of an import; the original cells are encrypted (they hold ID numbers). */
export const rosterImportErrors = pgTable(
  'roster_import_errors',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    problems: jsonb('problems').$type<{ field: string; messageKey: string; params?: Record<string, string> }[]>(),
    cellsEnc: bytea('cells_enc').notNull(),
    /** A name conflict the cadre decided: the file's row applied (confirmed) or the roster kept (rejected). */
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    check('roster_import_errors_resolution_check', sql`${t.resolution} IN ('confirmed','rejected')`),
    primaryKey({ name: 'roster_import_errors_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'roster_import_errors_import_fk',
      columns: [t.importId, t.provinceCode],
      foreignColumns: [rosterImports.id, rosterImports.provinceCode],
    }),
    index('roster_import_errors_import_idx').on(t.importId, t.rowNumber),
  ],
);

/** Issued e-member cards; the id is the token's `jti`, so one card can be revoked. */
export const memberCards = pgTable(
  'member_cards',
  {
    id: uuid('id').notNull().defaultRandom(),
    provinceCode: provinceCode(),
    memberId: memberId(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    // The claims last signed and the QR token made of them, encrypted together: Ed25519 is
    // deterministic, so while the claims are unchanged the token is shown again, not signed anew.
    tokenEnc: bytea('token_enc'),
  },
  (t) => [
    primaryKey({ name: 'member_cards_pkey', columns: [t.id, t.provinceCode] }),
    toMember('member_cards_member_fk', t),
    index('member_cards_member_idx').on(t.memberId),
    index('member_cards_revoked_idx').on(t.revokedAt),
  ],
);

export const correctionRequests = pgTable(
  'correction_requests',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: provinceCode(),
    memberId: memberId(),
    field: text('field').notNull(),
    message: text('message').notNull(),
    status: text('status').notNull().default('open'),
    reply: text('reply'),
    handledBy: uuid('handled_by'),
    createdAt: createdAt(),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'correction_requests_pkey', columns: [t.id, t.provinceCode] }),
    toMember('correction_requests_member_fk', t),
    index('correction_requests_member_idx').on(t.memberId),
    check('correction_requests_status_check', sql`${t.status} IN ('open','done','declined')`),
  ],
);

/**
 * Member counts per organisation and every ancestor, by dimension (status, form, gender,
 * birth year, join month). Kept by a statement-level trigger on members, so a subtree's
 * statistics are one primary-key range read; `recount_member_tallies()` rebuilds it.
 */
export const memberTallies = pgTable(
  'member_tallies',
  {
    organisationId: bigint('organisation_id', { mode: 'number' }).notNull(),
    // An ancestor above the province (the national federation) has one row per province.
    provinceCode: provinceCode(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'member_tallies_organisation_id_dimension_value_pk',
      columns: [t.organisationId, t.dimension, t.value, t.provinceCode],
    }),
  ],
);

/**
 * One membership per person nationwide. Members are distributed by province, where a unique key
 * cannot span provinces; this registry is keyed (and under Citus distributed) by the ID number's
 * blind index, and written in the same transaction as the member row.
 */
export const memberPersons = pgTable('member_persons', {
  idNumberHash: bytea('id_number_hash').primaryKey(),
  provinceCode: text('province_code').notNull(),
  memberId: bigint('member_id', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
});
