import { z } from 'zod';
import { idNumberSchema, mobileSchema, pageOf, pageQuerySchema, regionCodeSchema } from '../common';

export const MEMBER_STATUSES = [
  'active',
  'retained',
  'transferring',
  'lapsed',
  'exited',
  'expelled',
  'deceased',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** Statuses of members on the roll: counted in breakdowns, may be transferred. */
export const ON_ROLL_STATUSES: readonly MemberStatus[] = ['active', 'retained', 'transferring'];

export const EMPLOYMENT_FORMS = ['standard', 'gig', 'flexible'] as const;
export const JOB_TYPES = [
  'rider',
  'courier',
  'ride_hailing',
  'truck_driver',
  'domestic',
  'online_seller',
  'other',
] as const;
export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'] as const;
export const TRANSFER_STATUSES = ['requested', 'released', 'completed', 'rejected', 'cancelled'] as const;
export const DISCREPANCY_KINDS = ['amount_differs', 'unknown_person', 'missing_from_file'] as const;

/** Person names: trimmed, full-width spaces folded; Chinese, letters, the middle dot and spaces. */
export const personNameSchema = z
  .string()
  // The same at every entrance (join form, record correction, roster import): full-width spaces and
  // line breaks are white space, runs of it one space, and none at all beside a Chinese character
  // ("张\u3000三" and "张\n三" are 张三), so a search finds what was stored.
  .transform((v) =>
    v
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu, ''),
  )
  .pipe(
    z
      .string()
      .min(2, { message: 'validation.name' })
      .max(50, { message: 'validation.name' })
      .regex(/^[\p{Script=Han}A-Za-z·•. ]+$/u, { message: 'validation.name' }),
  )
  .describe('Name as on the ID card');

const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' })
  .describe('Month as YYYY-MM');
export const dateSchema = z.iso.date().describe('Date as YYYY-MM-DD');
const fenSchema = z.number().int().min(0).max(100_000_000).describe('Amount in fen (1/100 yuan)');
const reasonSchema = z.string().trim().min(2).max(500);

// ---- joining ----

export const joinApplicationBodySchema = z
  .strictObject({
    name: personNameSchema,
    idNumber: idNumberSchema,
    mobile: mobileSchema,
    employmentForm: z.enum(EMPLOYMENT_FORMS),
    employerId: z.number().int().positive().nullable().optional().describe('A registered employer'),
    employerName: z.string().trim().max(200).nullable().optional().describe('If the employer is not registered'),
    platform: z.string().trim().max(100).nullable().optional().describe('Platform of gig work, e.g. 美团'),
    jobType: z.enum(JOB_TYPES).nullable().optional(),
    residenceRegionCode: regionCodeSchema.describe('City or county of residence (GB/T 2260)'),
    monthlyWageFen: fenSchema.nullable().optional().describe('Declared monthly wage; dues are 0.5% of it'),
    invite: z.string().max(200).optional().describe('Code of a union QR invite'),
    clientKey: z.string().min(8).max(64).describe('Random key of this form; a resubmission is one application'),
  })
  .superRefine((value, ctx) => {
    if (value.employmentForm === 'gig' && !value.jobType) {
      ctx.addIssue({ code: 'custom', path: ['jobType'], message: 'validation.required' });
    }
    if (value.employmentForm === 'standard' && !value.employerId && !value.employerName) {
      ctx.addIssue({ code: 'custom', path: ['employerId'], message: 'validation.employerRequired' });
    }
  });
export type JoinApplicationBody = z.infer<typeof joinApplicationBodySchema>;

export const joinApplicationSchema = z.object({
  id: z.uuid(),
  status: z.enum(APPLICATION_STATUSES),
  organisationId: z.number().int(),
  organisationName: z.string(),
  routedBy: z.enum(['employer', 'holding_union', 'invite', 'cadre']),
  name: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  employerId: z.number().int().nullable(),
  employerName: z.string().nullable(),
  employmentForm: z.enum(EMPLOYMENT_FORMS),
  platform: z.string().nullable(),
  jobType: z.enum(JOB_TYPES).nullable(),
  residenceRegionCode: z.string(),
  submittedAt: z.string(),
  dueOn: z.string().describe('Reply due date: working days after submission'),
  isOverdue: z.boolean(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  memberNumber: z.string().nullable(),
});
export type JoinApplication = z.infer<typeof joinApplicationSchema>;
export const joinApplicationPageSchema = pageOf(joinApplicationSchema);

export const listJoinApplicationsQuerySchema = pageQuerySchema.extend({
  status: z.enum(APPLICATION_STATUSES).optional(),
  organisationId: z.coerce.number().int().positive().optional(),
  overdue: z.stringbool().optional(),
});
export const approveApplicationsBodySchema = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(500),
});
export const approveApplicationsResultSchema = z.object({
  approved: z.array(z.object({ id: z.uuid(), memberNumber: z.string() })),
  failed: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export const rejectApplicationBodySchema = z.strictObject({ reason: reasonSchema });
export const routeApplicationBodySchema = z.strictObject({
  organisationId: z.number().int().positive(),
  reason: reasonSchema,
});

export const inviteSchema = z.object({
  organisationId: z.number().int(),
  organisationName: z.string(),
  code: z.string(),
  path: z.string().describe('Path of the join page with this invite, for the QR code'),
});
export const inviteQuerySchema = z.object({ code: z.string().min(4).max(200) });

// ---- members ----

export const memberSchema = z.object({
  id: z.number().int(),
  memberNumber: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthYear: z.number().int(),
  idNumberMasked: z.string(),
  mobileMasked: z.string().nullable(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  employerId: z.number().int().nullable(),
  employerName: z.string().nullable(),
  employmentForm: z.enum(EMPLOYMENT_FORMS),
  platform: z.string().nullable(),
  jobType: z.enum(JOB_TYPES).nullable(),
  status: z.enum(MEMBER_STATUSES),
  statusSince: z.string(),
  joinedOn: z.string().describe('Member since; kept across transfers'),
});
export type Member = z.infer<typeof memberSchema>;
export const memberPageSchema = pageOf(memberSchema).extend({
  totalIsLowerBound: z.boolean().describe('True when more than 1,000 rows match and counting stopped'),
});

export const statusEventSchema = z.object({
  status: z.enum(MEMBER_STATUSES),
  effectiveOn: z.string(),
  reason: z.string(),
  organisationName: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

export const transferSchema = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  memberNumber: z.string(),
  fromOrganisationId: z.number().int(),
  fromOrganisationName: z.string(),
  toOrganisationId: z.number().int(),
  toOrganisationName: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  reason: z.string(),
  rejectedReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Transfer = z.infer<typeof transferSchema>;
export const transferPageSchema = pageOf(transferSchema);

export const duesMonthSchema = z.object({
  month: z.string().describe('YYYY-MM'),
  expectedFen: z.number().int(),
  paidFen: z.number().int(),
});

export const memberDetailSchema = memberSchema.extend({
  residenceRegionCode: z.string().nullable(),
  duesMonthlyFen: z.number().int(),
  hasDeclaredWage: z.boolean(),
  lastParticipationOn: z.string().nullable(),
  history: z.array(statusEventSchema),
  transfers: z.array(transferSchema),
  dues: z.array(duesMonthSchema),
  arrearsFen: z.number().int(),
});
export type MemberDetail = z.infer<typeof memberDetailSchema>;

export const listMembersQuerySchema = pageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('Name (fuzzy, Chinese or pinyin), or exactly an ID number, a mobile or a member number'),
  organisationId: z.coerce.number().int().positive().optional(),
  employerId: z.coerce.number().int().positive().optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  employmentForm: z.enum(EMPLOYMENT_FORMS).optional(),
});
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

export const updateMemberBodySchema = z
  .strictObject({
    name: personNameSchema,
    mobile: mobileSchema.nullable(),
    employerId: z.number().int().positive().nullable(),
    employmentForm: z.enum(EMPLOYMENT_FORMS),
    platform: z.string().trim().max(100).nullable(),
    jobType: z.enum(JOB_TYPES).nullable(),
    residenceRegionCode: regionCodeSchema.nullable(),
    monthlyWageFen: fenSchema.nullable(),
    lastParticipationOn: dateSchema.nullable(),
  })
  .partial();

export const CHANGEABLE_STATUSES = ['active', 'retained', 'exited', 'expelled', 'deceased'] as const;
export const changeMemberStatusBodySchema = z.strictObject({
  status: z.enum(CHANGEABLE_STATUSES),
  effectiveOn: dateSchema,
  reason: reasonSchema,
});

export const revealMemberFieldBodySchema = z.strictObject({
  field: z.enum(['idNumber', 'mobile', 'monthlyWage']),
  reason: reasonSchema,
});
export const revealedValueSchema = z.object({ value: z.string() });

export const lapseRunBodySchema = z.strictObject({
  organisationId: z.number().int().positive(),
  asOf: dateSchema.optional().describe('Defaults to today'),
});
export const lapsePreviewSchema = z.object({
  asOf: z.string(),
  sinceMonth: z.string().describe('First month of the window without dues or participation'),
  count: z.number().int(),
  sample: z.array(memberSchema),
});
export const lapseResultSchema = z.object({ lapsed: z.number().int() });

// ---- transfers ----

export const createTransferBodySchema = z.strictObject({
  memberId: z.number().int().positive().optional().describe('Omitted when a member asks for themself'),
  toOrganisationId: z.number().int().positive(),
  newEmployerId: z.number().int().positive().nullable().optional(),
  reason: reasonSchema,
});
export const listTransfersQuerySchema = pageQuerySchema.extend({
  status: z.enum(TRANSFER_STATUSES).optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
});
export const transferDecisionBodySchema = z.strictObject({ reason: reasonSchema.optional() });

// ---- dues ----

export const openDuesMonthBodySchema = z.strictObject({
  organisationId: z.number().int().positive(),
  month: monthSchema,
});
export const openDuesMonthResultSchema = z.object({ opened: z.number().int() });
export const recordDuesPaymentBodySchema = z.strictObject({
  memberId: z.number().int().positive(),
  month: monthSchema,
  amountFen: fenSchema.refine((v) => v > 0, { message: 'validation.positiveAmount' }),
  idempotencyKey: z.string().min(8).max(64),
});
export const duesPaymentResultSchema = z.object({
  month: z.string(),
  expectedFen: z.number().int(),
  paidFen: z.number().int(),
  duplicate: z.boolean().describe('True when this idempotency key had already been recorded'),
});
export const arrearsQuerySchema = pageQuerySchema.extend({
  organisationId: z.coerce.number().int().positive().optional(),
});
export const arrearsRowSchema = z.object({
  memberId: z.number().int(),
  memberNumber: z.string(),
  name: z.string(),
  organisationName: z.string(),
  monthsOwed: z.number().int(),
  owedFen: z.number().int(),
  oldestMonth: z.string(),
});
export const arrearsPageSchema = pageOf(arrearsRowSchema);

// ---- check-off reconciliation ----

export const checkoffFileSchema = z.object({
  id: z.number().int(),
  employerId: z.number().int(),
  employerName: z.string(),
  month: z.string(),
  fileName: z.string(),
  rowCount: z.number().int(),
  matchedCount: z.number().int(),
  matchedFen: z.number().int(),
  openDiscrepancies: z.number().int(),
  createdAt: z.string(),
});
export const checkoffFilePageSchema = pageOf(checkoffFileSchema);
export const checkoffDiscrepancySchema = z.object({
  id: z.number().int(),
  fileId: z.number().int(),
  kind: z.enum(DISCREPANCY_KINDS),
  rowNumber: z.number().int().nullable(),
  memberId: z.number().int().nullable(),
  memberNumber: z.string().nullable(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  expectedFen: z.number().int().nullable(),
  fileFen: z.number().int().nullable(),
  status: z.enum(['open', 'resolved']),
  resolution: z.string().nullable(),
  note: z.string().nullable(),
});
export type CheckoffDiscrepancy = z.infer<typeof checkoffDiscrepancySchema>;
export type CheckoffFile = z.infer<typeof checkoffFileSchema>;
export type ArrearsRow = z.infer<typeof arrearsRowSchema>;
export const checkoffDiscrepancyPageSchema = pageOf(checkoffDiscrepancySchema);
export const listDiscrepanciesQuerySchema = pageQuerySchema.extend({
  fileId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'resolved']).optional(),
});
export const resolveDiscrepancyBodySchema = z.strictObject({
  resolution: z.enum(['record_file_amount', 'no_action']),
  note: z.string().trim().min(2).max(500),
});

// ---- roster import ----

export const rosterImportSchema = z.object({
  id: z.uuid(),
  organisationId: z.number().int(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  dryRun: z.boolean(),
  status: z.enum(['running', 'done', 'failed']),
  totalRows: z.number().int(),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  unchangedRows: z.number().int(),
  rejectedRows: z.number().int(),
  committedRows: z.number().int().describe('Rows whose batch has committed'),
  conflictRows: z
    .number()
    .int()
    .describe('Rows whose ID number matches a member of another name: listed in the error report, never applied'),
  cleared: z
    .record(z.string(), z.number().int())
    .describe('Per field, the members whose value an empty cell clears (a dry run: would clear)'),
  fileBytes: z.number().int().nullable().describe('The size of the uploaded file'),
  readBytes: z.number().int().describe('How much of the file has been read: progress is readBytes / fileBytes'),
  failure: z.string().nullable().describe('Problem code when the import failed'),
  failureParams: z.record(z.string(), z.string()).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RosterImport = z.infer<typeof rosterImportSchema>;
export const rosterImportPageSchema = pageOf(rosterImportSchema);
/** A row whose ID number matches a member of another name: never applied until a cadre decides. */
export const importConflictSchema = z.object({
  rowNumber: z.number().int(),
  idNumber: z.string().describe('Masked'),
  nameInFile: z.string(),
  nameOnRoster: z.string(),
  resolution: z
    .enum(['confirmed', 'rejected'])
    .nullable()
    .describe("confirmed: the file's row was applied, name included; rejected: the roster was kept; null: undecided"),
  resolvedAt: z.string().nullable(),
});
export type ImportConflict = z.infer<typeof importConflictSchema>;
export const importConflictPageSchema = pageOf(importConflictSchema);
export const importConflictParamsSchema = z.strictObject({
  id: z.uuid(),
  rowNumber: z.coerce.number().int().positive(),
});
export const importConflictDecisionSchema = z.strictObject({ decision: z.enum(['confirm', 'reject']) });
export const rosterImportQuerySchema = z.object({
  organisationId: z.coerce.number().int().positive(),
  dryRun: z.stringbool().default(true),
});
export const exportQuerySchema = listMembersQuerySchema.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  unmasked: z.stringbool().default(false),
  reason: z.string().trim().max(500).optional(),
});

// ---- cards ----

export const memberCardSchema = z.object({
  cardId: z.uuid(),
  memberNumber: z.string(),
  name: z.string(),
  organisationName: z.string(),
  joinedOn: z.string(),
  status: z.enum(MEMBER_STATUSES),
  token: z.string().describe('Signed Ed25519 token for the QR code'),
  expiresAt: z.string(),
});
export const cardKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.string().describe('Raw 32-byte public key, base64url'),
  revoked: z.array(z.uuid()).describe('Ids of revoked cards that have not yet expired'),
});
export const verifyCardBodySchema = z.strictObject({ token: z.string().max(2000) });
export const cardVerificationSchema = z.object({
  valid: z.boolean(),
  reason: z.enum(['malformed', 'signature', 'expired', 'revoked']).nullable(),
  memberNumber: z.string().nullable(),
  name: z.string().nullable(),
  organisationName: z.string().nullable(),
});
export const revokeCardBodySchema = z.strictObject({ reason: reasonSchema });

// ---- my data ----

export const correctionFields = ['name', 'idNumber', 'mobile', 'employer', 'residence', 'wage', 'other'] as const;
export const correctionRequestBodySchema = z.strictObject({
  field: z.enum(correctionFields),
  message: z.string().trim().min(2).max(1000),
});
export const correctionRequestSchema = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  memberName: z.string(),
  memberNumber: z.string(),
  field: z.enum(correctionFields),
  message: z.string(),
  status: z.enum(['open', 'done', 'declined']),
  reply: z.string().nullable(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
});
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>;
export const correctionRequestPageSchema = pageOf(correctionRequestSchema);
export const handleCorrectionBodySchema = z.strictObject({
  status: z.enum(['done', 'declined']),
  reply: z.string().trim().min(2).max(1000),
});
export const accessLogEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
});
export const myDataSchema = z.object({
  member: memberDetailSchema.nullable(),
  idNumberMasked: z.string().nullable(),
  mobileMasked: z.string().nullable(),
  applications: z.array(joinApplicationSchema),
  corrections: z.array(correctionRequestSchema),
  accessLog: z.array(accessLogEntrySchema).describe('Who in the union viewed or changed this record'),
  assistance: z.object({
    hardshipFiles: z.array(
      z.object({
        id: z.number().int(),
        tier: z.string(),
        primaryCause: z.string(),
        status: z.enum(['open', 'closed']),
        verifiedOn: z.string(),
        nextVerificationOn: z.string(),
        incomePerHeadFen: z.number().int(),
        household: z.array(
          z.object({
            name: z.string(),
            relation: z.string(),
            birthYear: z.number().int(),
            health: z.string().optional(),
            monthlyIncomeFen: z.number().int(),
          }),
        ),
      }),
    ),
    applications: z.array(
      z.object({
        id: z.number().int(),
        programmeName: z.string(),
        stage: z.string(),
        amountFen: z.number().int().nullable(),
        paymentStatus: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  }),
  rights: z
    .object({
      cases: z.array(
        z.object({
          id: z.number().int(),
          category: z.string(),
          stage: z.string(),
          title: z.string(),
          organisationName: z.string(),
          createdAt: z.string(),
          closedAt: z.string().nullable(),
        }),
      ),
    })
    .describe('Cases the person reported under their account (anonymous reports are tied to no one)'),
  democracy: z
    .object({
      delegations: z.array(
        z.object({
          sessionId: z.number().int(),
          sessionTitle: z.string(),
          category: z.string(),
          checkedInAt: z.string().nullable(),
        }),
      ),
      votes: z
        .array(
          z.object({
            voteId: z.number().int(),
            title: z.string(),
            status: z.string(),
            weight: z.number().int(),
            viaProxy: z.boolean(),
            voted: z.boolean(),
          }),
        )
        .describe('The rolls the person is on and whether a ballot was cast; a secret choice is never kept with them'),
      proposals: z.array(
        z.object({
          id: z.number().int(),
          sessionTitle: z.string(),
          title: z.string(),
          status: z.string(),
          role: z.enum(['proposer', 'cosigner']),
        }),
      ),
    })
    .describe("The person's part in workers' congresses: delegations, votes, proposals"),
});
export type MyData = z.infer<typeof myDataSchema>;

// ---- statistics ----

const countsSchema = z.array(z.object({ key: z.string(), count: z.number().int() }));
export const membershipStatisticsSchema = z.object({
  organisationId: z.number().int(),
  organisationName: z.string(),
  onRoll: z.number().int().describe('Active, retained and transferring members'),
  byStatus: countsSchema,
  byEmploymentForm: countsSchema,
  byGender: countsSchema,
  byAgeBand: countsSchema,
  newMembersByMonth: countsSchema.describe('Last 12 months, YYYY-MM'),
  gigRecruitedByMonth: countsSchema,
  gigOnRoll: z.number().int(),
  employers: z.number().int(),
  unionisedEmployers: z.number().int(),
  employees: z.number().int(),
  employerCoverage: z.number().nullable().describe('Unionised employers / employers'),
  memberCoverage: z.number().nullable().describe('Members on the roll / employees of the employers'),
});
export type MembershipStatistics = z.infer<typeof membershipStatisticsSchema>;
export const statisticsQuerySchema = z.object({ organisationId: z.coerce.number().int().positive().optional() });

// ---- calendar ----

export const calendarDaySchema = z.object({
  day: dateSchema,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().min(1).max(100),
});
export const calendarDaysSchema = z.object({ items: z.array(calendarDaySchema) });
export const putCalendarDayBodySchema = calendarDaySchema.strict();
export const monthOf = (value: string) => value.slice(0, 7);

// ---- pickers for members (no personal data) ----

export const optionQuerySchema = z.object({ q: z.string().trim().min(1).max(64) });
export const optionsSchema = z.object({
  items: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
