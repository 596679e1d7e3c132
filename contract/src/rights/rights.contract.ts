import { z } from 'zod';
import { pageOf, pageQuerySchema, usccSchema } from '../common';
import {
  CASE_ACTIONS,
  CASE_CATEGORIES,
  CASE_KINDS,
  CASE_STAGES,
  type CaseKind,
  DEADLINE_CLASSES,
  LEGAL_AID_QUESTIONS,
} from './case-types';

export const LEGAL_OUTCOMES = ['settled', 'won', 'partly_won', 'lost', 'withdrawn'] as const;
export const MEDIATION_OUTCOMES = ['agreement', 'failed', 'referred_arbitration', 'referred_court'] as const;
export const REFERRAL_SOURCES = ['arbitration', 'court'] as const;
export const FACT_ITEMS = [
  'employmentStart',
  'employmentEnd',
  'position',
  'contract',
  'wageStructure',
  'wageLevel',
  'attendance',
  'socialInsurance',
  'disputedPoints',
  'evidence',
] as const;

const isoDate = z.iso.date().describe('Date as YYYY-MM-DD');
const timestamp = z.string().describe('ISO 8601 time');
const fen = z.number().int().min(0).max(100_000_000_000).describe('Amount in fen (0.01 yuan)');
const shortText = z.string().trim().min(1).max(200);

/** Facts and findings of a case; which keys a case type accepts is in DETAIL_FIELDS. */
export const caseDetailsSchema = z
  .strictObject({
    // limitation clock
    knownOn: isoDate.nullable(),
    wagesDuringEmployment: z.boolean().nullable(),
    employmentEndedOn: isoDate.nullable(),
    // legal aid
    eligibility: z.strictObject(Object.fromEntries(LEGAL_AID_QUESTIONS.map((q) => [q, z.boolean()]))).partial(),
    lawyer: z.strictObject({ name: shortText, firm: shortText, phone: z.string().trim().max(30).optional() }),
    legalOutcome: z.enum(LEGAL_OUTCOMES),
    // mediation
    requestedOn: isoDate,
    employer: z.strictObject({
      name: shortText,
      uscc: usccSchema.optional(),
      representative: z.string().trim().max(100).optional(),
    }),
    claims: z.array(z.strictObject({ item: shortText, amountFen: fen })).max(50),
    facts: z.strictObject(Object.fromEntries(FACT_ITEMS.map((f) => [f, z.string().trim().max(2000)]))).partial(),
    mediationOutcome: z.enum(MEDIATION_OUTCOMES),
    agreementTerms: z.string().trim().min(1).max(20_000),
    referenceNumber: z.string().trim().min(1).max(100),
    referredIn: z.strictObject({ from: z.enum(REFERRAL_SOURCES), reference: shortText }),
    // wage arrears
    months: z.array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'validation.month')).max(120),
    workersAffected: z.number().int().min(1).max(100_000),
    amountOwedFen: fen,
    recoveredFen: fen,
  })
  .partial();
export type CaseDetails = z.infer<typeof caseDetailsSchema>;

const LIMITATION_FIELDS = ['knownOn', 'wagesDuringEmployment', 'employmentEndedOn'] as const;
/** The detail fields each case type accepts. */
export const DETAIL_FIELDS: Readonly<Record<CaseKind, readonly (keyof CaseDetails)[]>> = {
  ticket: [],
  legal_aid: [...LIMITATION_FIELDS, 'eligibility', 'lawyer', 'legalOutcome', 'employer'],
  mediation: [
    ...LIMITATION_FIELDS,
    'requestedOn',
    'employer',
    'claims',
    'facts',
    'mediationOutcome',
    'agreementTerms',
    'referenceNumber',
    'referredIn',
  ],
  wage_arrears: [...LIMITATION_FIELDS, 'employer', 'months', 'workersAffected', 'amountOwedFen', 'recoveredFen'],
};

export const createCaseBodySchema = z.strictObject({
  category: z.enum(CASE_CATEGORIES),
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().min(5).max(5000),
  details: caseDetailsSchema.optional(),
  organisationId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The federation desk the case goes to; by default the federation above the member’s union'),
});
export const anonymousCaseBodySchema = createCaseBodySchema.extend({
  organisationId: z.number().int().positive().describe('The federation desk the report goes to'),
});

export const registerCaseBodySchema = createCaseBodySchema.extend({
  organisationId: z
    .number()
    .int()
    .positive()
    .describe('The organisation registering the case (a call, a visit, a referral), in the cadre’s dispatch scope'),
});

export const caseActionBodySchema = z.strictObject({
  action: z.enum(CASE_ACTIONS),
  /** The version the person acted on; a case changed since is refused (409). */
  version: z.number().int().min(1),
  organisationId: z.number().int().positive().optional().describe('dispatch: the union that handles the case'),
  handlerUserId: z.uuid().nullable().optional().describe('dispatch: the caseworker, if chosen'),
  deadlineClass: z.enum(DEADLINE_CLASSES).optional(),
  note: z.string().trim().min(1).max(5000).optional(),
  resolution: z.string().trim().min(1).max(5000).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  details: caseDetailsSchema.optional(),
});
export type CaseActionBody = z.infer<typeof caseActionBodySchema>;

export const anonymousActionBodySchema = z.strictObject({
  action: z.enum(['reply', 'rate']),
  version: z.number().int().min(1),
  note: z.string().trim().min(1).max(5000).optional(),
  rating: z.number().int().min(1).max(5).optional(),
});

export const followUpParamSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'validation.rights.followUpCode'),
});
export const attachmentParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  attachmentId: z.uuid(),
});

export const listCasesQuerySchema = pageQuerySchema.extend({
  box: z.enum(['mine', 'all', 'escalated', 'overdue']).default('all'),
  stage: z.enum(CASE_STAGES).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  organisationId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
});

export const caseEventSchema = z.object({
  id: z.number().int(),
  at: timestamp,
  action: z.string(),
  actorName: z.string().nullable(),
  fromStage: z.enum(CASE_STAGES).nullable(),
  toStage: z.enum(CASE_STAGES).nullable(),
  note: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** Shown to the reporter. */
  public: z.boolean(),
});

export const attachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: timestamp,
});

export const limitationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), deadline: z.string(), basis: z.enum(['known', 'employment_ended']) }),
  z.object({ kind: z.literal('running_from_employment_end') }),
  z.object({ kind: z.literal('unknown') }),
]);

export const caseListItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(CASE_KINDS),
  category: z.enum(CASE_CATEGORIES),
  stage: z.enum(CASE_STAGES),
  deadlineClass: z.enum(DEADLINE_CLASSES),
  title: z.string(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  handlerName: z.string().nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  confidential: z.boolean(),
  anonymous: z.boolean(),
  createdAt: timestamp,
});
export const casePageSchema = pageOf(caseListItemSchema).extend({
  /** The total stopped counting here; the list has at least this many. */
  totalCapped: z.boolean(),
});

export const caseSchema = caseListItemSchema.extend({
  description: z.string(),
  reporterName: z.string().nullable(),
  reporterMobile: z.string().nullable().describe('masked'),
  receivedOrganisationName: z.string(),
  handlerUserId: z.uuid().nullable(),
  escalatedToName: z.string().nullable(),
  details: caseDetailsSchema,
  limitation: limitationSchema,
  mediationDeadline: z.string().nullable(),
  mediationExpired: z.boolean(),
  legalAidEligible: z.boolean().nullable(),
  employerReports: z.number().int().nullable().describe('Wage-arrears reports about this employer in 12 months'),
  employerFlagged: z.boolean(),
  rating: z.number().int().nullable(),
  resolution: z.string().nullable(),
  closedAt: timestamp.nullable(),
  closedOnTime: z.boolean().nullable(),
  version: z.number().int(),
  actions: z.array(z.enum(CASE_ACTIONS)),
  events: z.array(caseEventSchema),
  attachments: z.array(attachmentSchema),
  breakGlassUntil: timestamp.nullable().describe('Set when the viewer sees the case through break-glass'),
});

/** What a reporter sees of their own case (no internal notes, no team). */
export const reporterCaseSchema = z.object({
  id: z.number().int(),
  category: z.enum(CASE_CATEGORIES),
  stage: z.enum(CASE_STAGES),
  title: z.string(),
  description: z.string(),
  organisationName: z.string(),
  dueOn: z.string(),
  mediationDeadline: z.string().nullable(),
  mediationExpired: z.boolean(),
  limitation: limitationSchema,
  resolution: z.string().nullable(),
  rating: z.number().int().nullable(),
  version: z.number().int(),
  actions: z.array(z.enum(['reply', 'rate'])),
  events: z.array(caseEventSchema),
  attachments: z.array(attachmentSchema),
  createdAt: timestamp,
});
export const reporterCaseListSchema = z.object({
  items: z.array(
    reporterCaseSchema.pick({
      id: true,
      category: true,
      stage: true,
      title: true,
      organisationName: true,
      dueOn: true,
      createdAt: true,
    }),
  ),
});
export const anonymousReceiptSchema = z.object({
  followUpCode: z.string().describe('The only key to the report; shown once'),
  case: reporterCaseSchema,
});

export const breakGlassBodySchema = z.strictObject({ reason: z.string().trim().min(10).max(1000) });
export const breakGlassSchema = z.object({ caseId: z.number().int(), expiresAt: timestamp });

export const deskSchema = z.object({ id: z.number().int(), name: z.string() });
export const desksSchema = z.object({ items: z.array(deskSchema) });
export const handlerOptionSchema = z.object({ userId: z.uuid(), name: z.string(), organisationName: z.string() });
export const handlerOptionsSchema = z.object({ items: z.array(handlerOptionSchema) });
export const handlersQuerySchema = z.object({ organisationId: z.coerce.number().int().positive() });

/** A count, or "<5" when small enough to point at a person. */
export const suppressedCountSchema = z.union([z.number().int(), z.literal('<5')]);
export const dashboardQuerySchema = z.object({
  organisationId: z.coerce.number().int().positive(),
  months: z.coerce.number().int().min(1).max(36).default(12),
});
const dashboardFigures = z.object({
  opened: suppressedCountSchema,
  open: suppressedCountSchema,
  overdue: suppressedCountSchema,
  closed: suppressedCountSchema,
  closedOnTimePercent: z.number().nullable(),
  rated: suppressedCountSchema,
  averageRating: z.number().nullable(),
  satisfiedPercent: z.number().nullable(),
});
export const dashboardSchema = z.object({
  organisationId: z.number().int(),
  organisationName: z.string(),
  totals: dashboardFigures,
  byCategory: z.array(dashboardFigures.extend({ category: z.enum(CASE_CATEGORIES) })),
  byMonth: z.array(dashboardFigures.extend({ month: z.string() })),
});

export const employerFlagSchema = z.object({
  employerName: z.string(),
  uscc: z.string().nullable(),
  reports: z.number().int(),
  workersAffected: z.number().int(),
  amountOwedFen: z.number().int(),
  lastReportedAt: timestamp,
});
export const employerFlagsSchema = z.object({ items: z.array(employerFlagSchema) });

export const sweepResultSchema = z.object({ warned: z.number().int(), escalated: z.number().int() });
