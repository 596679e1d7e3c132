import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';
import {
  APPLICATION_STAGES,
  DIAGNOSIS_CLASSES,
  DOCUMENT_KINDS,
  FILE_CLOSE_REASONS,
  FILE_LEVELS,
  HARDSHIP_CAUSES,
  HARDSHIP_TIERS,
  NEEDS,
  PAYMENT_STATUSES,
  PROGRAMME_KINDS,
  REVIEW_STEPS,
  SCHOOL_LEVELS,
} from './programmes';

const isoDate = z.iso.date().describe('Date as YYYY-MM-DD');
const timestamp = z.string().describe('ISO 8601 time');
const fen = z.number().int().min(0).max(100_000_000_000).describe('Amount in fen (0.01 yuan)');
const positiveFen = fen.min(1, 'validation.positiveAmount');
const shortText = z.string().trim().min(1).max(200);
const id = z.number().int().positive();
const year = z.number().int().min(2000).max(2100);

// ---- hardship files ----

export const householdMemberSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  relation: z.string().trim().min(1).max(20).describe('e.g. 本人, 配偶, 子女, 父母'),
  birthYear: z.number().int().min(1900).max(2100),
  health: z.string().trim().max(200).optional().describe('Health condition (encrypted at rest)'),
  monthlyIncomeFen: fen.describe('Monthly income (encrypted at rest)'),
});

export const fileBodySchema = z.strictObject({
  memberId: id.describe('The member heading the household'),
  tier: z.enum(HARDSHIP_TIERS),
  primaryCause: z.enum(HARDSHIP_CAUSES),
  secondaryCauses: z.array(z.enum(HARDSHIP_CAUSES)).max(4).default([]),
  level: z.enum(FILE_LEVELS),
  household: z.array(householdMemberSchema).min(1).max(20),
  situation: z.string().trim().max(2000).default(''),
});
export type FileBody = z.infer<typeof fileBodySchema>;

export const fileUpdateBodySchema = fileBodySchema
  .omit({ memberId: true })
  .extend({ version: z.number().int().min(1) });
export const fileRevealBodySchema = z.strictObject({
  reason: z.string().trim().min(4).max(500).describe('Why you need the household’s income and health; audited'),
});
export const fileVerifyBodySchema = z.strictObject({
  version: z.number().int().min(1),
  note: z.string().trim().min(1).max(2000),
});
export const fileCloseBodySchema = z.strictObject({
  version: z.number().int().min(1),
  reason: z.enum(FILE_CLOSE_REASONS),
  note: z.string().trim().max(2000).default(''),
});

export const fileListItemSchema = z.object({
  id,
  memberId: id,
  memberName: z.string().describe('Masked: 张*明'),
  organisationId: id,
  organisationName: z.string(),
  tier: z.enum(HARDSHIP_TIERS),
  primaryCause: z.enum(HARDSHIP_CAUSES),
  level: z.enum(FILE_LEVELS),
  status: z.enum(['open', 'closed']),
  householdSize: z.number().int(),
  verifiedOn: isoDate,
  nextVerificationOn: isoDate,
  closedReason: z.enum(FILE_CLOSE_REASONS).nullable(),
});
export const fileSchema = fileListItemSchema.extend({
  secondaryCauses: z.array(z.enum(HARDSHIP_CAUSES)),
  situation: z.string(),
  /** Masked unless revealed: names as 张*, incomes and health hidden. */
  household: z.array(
    z.object({
      name: z.string(),
      relation: z.string(),
      birthYear: z.number().int(),
      health: z.string().nullable(),
      monthlyIncomeFen: fen.nullable(),
    }),
  ),
  incomePerHeadFen: fen.nullable().describe('null unless revealed'),
  revealed: z.boolean(),
  closedOn: isoDate.nullable(),
  documents: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(DOCUMENT_KINDS),
      fileName: z.string(),
      size: z.number().int(),
      createdAt: timestamp,
    }),
  ),
  version: z.number().int(),
  events: z.array(z.object({ action: z.string(), actorName: z.string().nullable(), note: z.string(), at: timestamp })),
});
export const listFilesQuerySchema = pageQuerySchema.extend({
  status: z.enum(['open', 'closed']).optional(),
  tier: z.enum(HARDSHIP_TIERS).optional(),
  dueForVerification: z.coerce.boolean().optional().describe('Open files due for re-verification within 30 days'),
  q: z.string().trim().max(50).optional().describe('Member name'),
});
export const filePageSchema = pageOf(fileListItemSchema);

// ---- programmes and budgets ----

export const eligibilityRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('member_active') }),
  z.strictObject({ kind: z.literal('member_months'), months: z.number().int().min(1).max(600) }),
  z.strictObject({ kind: z.literal('hardship_file'), tiers: z.array(z.enum(HARDSHIP_TIERS)).min(1).optional() }),
  z.strictObject({ kind: z.literal('income_below'), fen: positiveFen }),
  z.strictObject({ kind: z.literal('mutual_aid_enrolled') }),
]);

export const amountRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), fen: positiveFen }),
  z.strictObject({
    kind: z.literal('table'),
    rows: z
      .array(
        z.strictObject({
          schoolLevel: z.enum(SCHOOL_LEVELS).optional(),
          tier: z.enum(HARDSHIP_TIERS).optional(),
          fen: positiveFen,
        }),
      )
      .min(1)
      .max(30),
  }),
  z.strictObject({ kind: z.literal('up_to'), maxFen: positiveFen }),
  z.strictObject({
    kind: z.literal('mutual_medical'),
    feeFen: positiveFen,
    deductibleFen: fen,
    ratioPermille: z.number().int().min(1).max(1000),
    seriousRatioPermille: z.number().int().min(1).max(1000),
    yearlyCapFen: positiveFen,
  }),
]);

export const programmeBodySchema = z
  .strictObject({
    organisationId: id.describe('The federation running it; it applies to unions in its subtree'),
    kind: z.enum(PROGRAMME_KINDS),
    name: z.string().trim().min(2).max(100),
    description: z.string().trim().max(2000).default(''),
    need: z
      .enum(NEEDS)
      .nullable()
      .describe('Paid once per household, need and period across programmes; null: no limit'),
    rules: z.array(eligibilityRuleSchema).max(10),
    documents: z.array(z.enum(DOCUMENT_KINDS)).max(10),
    amount: amountRuleSchema,
    chain: z.array(z.enum(REVIEW_STEPS)).max(3).describe('Review steps before approval, in order'),
    homeVisitRequired: z.boolean().default(true),
    noticeDays: z.number().int().min(1).max(30).default(5),
    dualApprovalFromFen: fen.nullable().describe('Payouts of at least this need two different approvers'),
    opensOn: isoDate,
    closesOn: isoDate,
    enrolmentOpensOn: isoDate.nullable().default(null).describe('Mutual medical aid: the enrolment window'),
    enrolmentClosesOn: isoDate.nullable().default(null),
  })
  .refine((p) => p.opensOn <= p.closesOn, { path: ['closesOn'], message: 'validation.assistance.windowOrder' })
  .refine(
    (p) =>
      p.chain.every((step, i) => REVIEW_STEPS.indexOf(step) > REVIEW_STEPS.indexOf(p.chain[i - 1] ?? step) || i === 0),
    {
      path: ['chain'],
      message: 'validation.assistance.chainOrder',
    },
  )
  .refine((p) => (p.kind === 'mutual_medical') === (p.amount.kind === 'mutual_medical'), {
    path: ['amount'],
    message: 'validation.assistance.mutualAmount',
  })
  .refine((p) => p.kind !== 'mutual_medical' || (p.enrolmentOpensOn !== null && p.enrolmentClosesOn !== null), {
    path: ['enrolmentOpensOn'],
    message: 'validation.required',
  });
export type ProgrammeBody = z.infer<typeof programmeBodySchema>;

export const programmeSchema = z.object({
  id,
  organisationId: id,
  organisationName: z.string(),
  kind: z.enum(PROGRAMME_KINDS),
  name: z.string(),
  description: z.string(),
  need: z.enum(NEEDS).nullable(),
  rules: z.array(eligibilityRuleSchema),
  documents: z.array(z.enum(DOCUMENT_KINDS)),
  amount: amountRuleSchema,
  chain: z.array(z.enum(REVIEW_STEPS)),
  homeVisitRequired: z.boolean(),
  noticeDays: z.number().int(),
  dualApprovalFromFen: fen.nullable(),
  opensOn: isoDate,
  closesOn: isoDate,
  enrolmentOpensOn: isoDate.nullable(),
  enrolmentClosesOn: isoDate.nullable(),
  open: z.boolean().describe('Today is within the application window'),
});
export const programmeListSchema = z.object({ items: z.array(programmeSchema) });

export const budgetBodySchema = z.strictObject({
  programmeId: id,
  organisationId: id,
  year,
  amountFen: fen,
});
export const budgetSchema = z.object({
  id,
  programmeId: id,
  programmeName: z.string(),
  organisationId: id,
  organisationName: z.string(),
  year,
  amountFen: fen,
  committedFen: fen.describe('Approved, not yet paid or paid'),
  paidFen: fen,
  availableFen: fen,
});
export const budgetListSchema = z.object({
  items: z.array(budgetSchema),
  totals: z.object({ amountFen: fen, committedFen: fen, paidFen: fen, availableFen: fen }),
});
export const budgetQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  organisationId: z.coerce.number().int().positive().optional().describe('A subtree; by default the whole scope'),
});

// ---- applications ----

export const claimSchema = z.strictObject({
  invoiceTotalFen: positiveFen,
  insurancePaidFen: fen,
  selfPaidFen: fen,
  hospitalDays: z.number().int().min(0).max(366),
  diagnosisClass: z.enum(DIAGNOSIS_CLASSES),
  hospital: z.string().trim().max(100).optional(),
});

export const bankAccountSchema = z.strictObject({
  bankName: z.string().trim().min(2).max(100),
  accountName: z.string().trim().min(1).max(50),
  accountNumber: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{12,30}$/, 'validation.assistance.accountNumber')),
});

export const applicationBodySchema = z.strictObject({
  programmeId: id,
  requestedFen: fen.optional().describe('For programmes paying up to a limit'),
  reason: z.string().trim().min(5).max(2000),
  schoolLevel: z.enum(SCHOOL_LEVELS).optional().describe('Student aid'),
  student: z
    .strictObject({ name: z.string().trim().min(1).max(50), school: shortText, admittedOn: isoDate.optional() })
    .optional(),
  claim: claimSchema.optional().describe('Mutual medical aid'),
  bankAccount: bankAccountSchema,
  consent: z.literal(true, 'validation.assistance.consent').describe('Consent to a household financial check'),
});
export type ApplicationBody = z.infer<typeof applicationBodySchema>;
export const onBehalfBodySchema = applicationBodySchema.extend({ memberId: id });

export const ruleResultSchema = z.object({
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  passed: z.boolean(),
});
export const eligibilityQuerySchema = z.object({ programmeId: z.coerce.number().int().positive() });
export const eligibilitySchema = z.object({
  eligible: z.boolean(),
  results: z.array(ruleResultSchema),
  /** Why the programme cannot take an application now (window, already paid for the need). */
  blockers: z.array(z.string()),
  limitFen: fen.nullable(),
});

export const APPLICATION_ACTIONS = ['submit', 'check', 'review', 'notice', 'approve', 'reject', 'withdraw'] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const applicationActionBodySchema = z.strictObject({
  action: z.enum(APPLICATION_ACTIONS),
  version: z.number().int().min(1),
  amountFen: fen.optional().describe('The amount this level grants (check, review, approve)'),
  note: z.string().trim().min(1).max(2000).optional(),
  homeVisit: z
    .strictObject({ visitedOn: isoDate, visitors: shortText, findings: z.string().trim().min(2).max(2000) })
    .optional(),
});
export type ApplicationActionBody = z.infer<typeof applicationActionBodySchema>;

const documentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(DOCUMENT_KINDS),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  createdAt: timestamp,
});

export const payoutStepSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  fen,
});

export const applicationListItemSchema = z.object({
  id,
  programmeId: id,
  programmeName: z.string(),
  programmeKind: z.enum(PROGRAMME_KINDS),
  memberName: z.string().describe('Masked for anyone but the applicant'),
  organisationName: z.string(),
  stage: z.enum(APPLICATION_STAGES),
  requestedFen: fen.nullable(),
  amountFen: fen.nullable().describe('The latest amount granted by a level'),
  paymentStatus: z.enum(PAYMENT_STATUSES).nullable(),
  noticeEndsOn: isoDate.nullable(),
  createdAt: timestamp,
});
export const applicationSchema = applicationListItemSchema.extend({
  memberId: id,
  organisationId: id,
  onBehalf: z.boolean(),
  reason: z.string(),
  schoolLevel: z.enum(SCHOOL_LEVELS).nullable(),
  student: z.object({ name: z.string(), school: z.string(), admittedOn: isoDate.optional() }).nullable(),
  claim: claimSchema.nullable(),
  payout: z.array(payoutStepSchema).nullable().describe('Mutual medical aid: the formula’s working'),
  limitFen: fen.nullable(),
  checkedFen: fen.nullable(),
  reviewedFen: fen.nullable(),
  approvedFen: fen.nullable(),
  homeVisit: z.object({ visitedOn: isoDate, visitors: z.string(), findings: z.string() }).nullable(),
  eligibility: z.array(ruleResultSchema),
  bankAccount: z.object({
    bankName: z.string(),
    accountName: z.string(),
    accountNumber: z.string().describe('Masked'),
  }),
  noticeStartsOn: isoDate.nullable(),
  firstApproverName: z.string().nullable(),
  needsSecondApprover: z.boolean(),
  rejectionReason: z.string().nullable(),
  documents: z.array(documentSchema),
  missingDocuments: z.array(z.enum(DOCUMENT_KINDS)),
  objections: z.array(
    z.object({
      id,
      text: z.string(),
      filedAt: timestamp,
      answer: z.string().nullable(),
      upheld: z.boolean().nullable(),
      answeredAt: timestamp.nullable(),
    }),
  ),
  payment: z
    .object({
      id,
      status: z.enum(PAYMENT_STATUSES),
      reference: z.string(),
      batchId: id.nullable(),
      paidAt: timestamp.nullable(),
      failureReason: z.string().nullable(),
    })
    .nullable(),
  events: z.array(
    z.object({
      action: z.string(),
      actorName: z.string().nullable(),
      stage: z.enum(APPLICATION_STAGES).nullable(),
      amountFen: fen.nullable(),
      note: z.string().nullable(),
      at: timestamp,
    }),
  ),
  actions: z.array(z.enum(APPLICATION_ACTIONS)).describe('What the viewer may do now'),
  version: z.number().int(),
});
export const listApplicationsQuerySchema = pageQuerySchema.extend({
  stage: z.enum(APPLICATION_STAGES).optional(),
  programmeId: z.coerce.number().int().positive().optional(),
  actionable: z.coerce.boolean().optional().describe('Only those in the review chain (submitted up to public notice)'),
});
export const applicationPageSchema = pageOf(applicationListItemSchema);
export const myApplicationListSchema = z.object({ items: z.array(applicationListItemSchema) });
export const documentKindQuerySchema = z.object({ kind: z.enum(DOCUMENT_KINDS) });
export const assistanceDocumentParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  documentId: z.uuid(),
});

// ---- public notice and objections ----

export const noticeQuerySchema = z.object({
  organisationId: z.coerce.number().int().positive().optional().describe('A federation; by default the member’s city'),
});
export const publicNoticeSchema = z.object({
  organisationName: z.string(),
  items: z.array(
    z.object({
      applicationId: id,
      programmeName: z.string(),
      name: z.string().describe('Masked: 张*明'),
      unit: z.string(),
      amountFen: fen,
      startsOn: isoDate,
      endsOn: isoDate,
      open: z.boolean().describe('Objections may still be filed'),
    }),
  ),
});
export const objectionBodySchema = z.strictObject({ text: z.string().trim().min(5).max(2000) });
export const objectionAnswerBodySchema = z.strictObject({
  answer: z.string().trim().min(2).max(2000),
  upheld: z.boolean().describe('Upheld: the application is rejected'),
});
export const objectionParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  objectionId: z.coerce.number().int().positive(),
});

// ---- disbursement ----

export const batchBodySchema = z.strictObject({
  organisationId: id.describe('The paying organisation: its pending payments go into the batch'),
  programmeId: id.optional(),
});
export const batchSchema = z.object({
  id,
  organisationId: id,
  organisationName: z.string(),
  status: z.enum(['open', 'exported', 'closed']),
  count: z.number().int(),
  totalFen: fen,
  paidFen: fen,
  createdAt: timestamp,
  exportedAt: timestamp.nullable(),
  payments: z.array(
    z.object({
      id,
      applicationId: id,
      reference: z.string(),
      accountName: z.string(),
      accountNumber: z.string().describe('Masked'),
      bankName: z.string(),
      amountFen: fen,
      status: z.enum(PAYMENT_STATUSES),
      failureReason: z.string().nullable(),
    }),
  ),
});
export const batchListSchema = z.object({
  items: z.array(batchSchema.omit({ payments: true })),
  pending: z.array(
    z.object({ organisationId: id, organisationName: z.string(), count: z.number().int(), totalFen: fen }),
  ),
});
export const batchResultsBodySchema = z.strictObject({
  results: z
    .array(
      z.strictObject({
        paymentId: id,
        outcome: z.enum(['paid', 'failed', 'returned']),
        reason: z.string().trim().max(200).optional(),
      }),
    )
    .min(1)
    .max(10_000),
});
export const batchResultsSchema = z.object({ recorded: z.number().int(), unchanged: z.number().int() });
export const batchResultsFileSchema = batchResultsSchema.extend({
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })).describe('Rows not recorded, and why'),
});
export const reissueBodySchema = z.strictObject({ bankAccount: bankAccountSchema.optional() });

// ---- mutual medical aid ----

export const enrolBodySchema = z.strictObject({ programmeId: id, organisationId: id, year });
export const enrolResultSchema = z.object({ enrolled: z.number().int(), already: z.number().int(), feeFen: fen });
export const enrolmentSummarySchema = z.object({
  items: z.array(
    z.object({ organisationId: id, organisationName: z.string(), members: z.number().int(), feeFen: fen }),
  ),
});
export const enrolmentQuerySchema = z.object({
  programmeId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
});
export const myEnrolmentSchema = z.object({
  items: z.array(z.object({ programmeId: id, programmeName: z.string(), year, paidFen: fen, capFen: fen })),
});

// ---- statistics ----

const suppressedCount = z.union([z.number().int(), z.literal('<5')]);
export const assistanceStatsQuerySchema = z.object({
  organisationId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const assistanceStatsSchema = z.object({
  organisationName: z.string(),
  year,
  filesByTier: z.array(z.object({ tier: z.enum(HARDSHIP_TIERS), count: suppressedCount })),
  filesByCause: z.array(z.object({ cause: z.enum(HARDSHIP_CAUSES), count: suppressedCount })),
  programmes: z.array(
    z.object({
      programmeId: id,
      programmeName: z.string(),
      applications: suppressedCount,
      approved: suppressedCount,
      rejected: suppressedCount,
      committedFen: fen,
      paidFen: fen,
    }),
  ),
  byMonth: z.array(z.object({ month: z.string(), approvedFen: fen, paidFen: fen })),
});
