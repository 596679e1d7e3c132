import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';
import { EMPLOYMENT_FORMS } from '../membership/membership.contract';

const timestamp = z.string().describe('ISO 8601 time');

// ---- notices and news (通知公告 / 新闻) ----

export const NOTICE_KINDS = ['notice', 'news'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** draft: only its cadres see it; published: live from `publishAt` (scheduled before); withdrawn: gone from inboxes. */
export const NOTICE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** GB/T 4754 sections (门类), the industries a notice may be addressed to. */
export const INDUSTRY_SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('') as readonly string[];

/**
 * Who a notice is for: the members of these organisations' subtrees (within the publisher's), who
 * also match every attribute given (an empty list means any).
 */
export const noticeAudienceSchema = z.strictObject({
  organisationIds: z.array(z.number().int().positive()).min(1).max(200),
  employmentForms: z.array(z.enum(EMPLOYMENT_FORMS)).max(EMPLOYMENT_FORMS.length).default([]),
  industries: z
    .array(z.string().regex(/^[A-T]$/, { message: 'validation.reach.industry' }))
    .max(20)
    .default([])
    .describe('GB/T 4754 section letters of the member’s employer'),
  delegatesOnly: z.boolean().default(false).describe('Only delegates of a workers’ congress not yet closed'),
});
export type NoticeAudience = z.infer<typeof noticeAudienceSchema>;

const noticeFields = {
  kind: z.enum(NOTICE_KINDS).default('notice'),
  title: z.string().trim().min(2).max(120),
  /** Rich text (HTML); the server keeps only headings, paragraphs, lists, emphasis, links and its own images. */
  body: z.string().max(100_000),
  audience: noticeAudienceSchema,
  pinned: z.boolean().default(false),
  publishAt: z.iso.datetime({ offset: true }).nullable().default(null).describe('Scheduled; now when null'),
  escalateAfterDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .nullable()
    .default(null)
    .describe('Working days after publication when a branch with unread members is escalated to its cadres'),
};

export const createNoticeBodySchema = z.strictObject({
  organisationId: z.number().int().positive().describe('The publishing organisation; the audience lies within it'),
  ...noticeFields,
  publish: z.boolean().default(false).describe('Publish now (or at publishAt) instead of saving a draft'),
});
export const updateNoticeBodySchema = z.strictObject(noticeFields);
export const withdrawNoticeBodySchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const pinNoticeBodySchema = z.strictObject({ pinned: z.boolean() });
export const remindNoticeBodySchema = z.strictObject({
  organisationIds: z.array(z.number().int().positive()).min(1).max(200).describe('Remind the unread in these branches'),
});

export const noticeAttachmentSchema = z.object({
  documentId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
});

export const reachNoticeSchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  body: z.string(),
  attachments: z.array(noticeAttachmentSchema),
  audience: noticeAudienceSchema,
  audienceNames: z.array(z.string()).describe('The audience organisations’ names'),
  status: z.enum(NOTICE_STATUSES),
  /** Published and its time come (not only scheduled). */
  live: z.boolean(),
  publishAt: timestamp.nullable(),
  pinned: z.boolean(),
  escalateAfterDays: z.number().int().nullable(),
  withdrawnReason: z.string().nullable(),
  createdAt: timestamp,
  /** For cadres: the audience counted when it went live, and how many of them read it. */
  audienceSize: z.number().int().nullable(),
  reads: z.number().int().nullable(),
  /** For a member: when they read it. */
  readAt: timestamp.nullable(),
});
export type NoticeView = z.infer<typeof reachNoticeSchema>;
export const reachNoticePageSchema = pageOf(reachNoticeSchema);

export const reachNoticeQuerySchema = pageQuerySchema.extend({
  status: z.enum(NOTICE_STATUSES).optional(),
  organisationId: z.coerce.number().int().positive().optional().describe('Published by this organisation and below'),
});

/** Read rate per sub-organisation of a node: each child with the members and reads in its subtree. */
export const readRateQuerySchema = z.object({
  organisationId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('The node whose children are listed; the publisher by default'),
});
export const readRateSchema = z.object({
  organisation: z.object({ id: z.number().int(), name: z.string() }),
  audience: z.number().int(),
  reads: z.number().int(),
  rows: z.array(
    z.object({
      organisationId: z.number().int(),
      name: z.string(),
      /** Whether it has children to go down to. */
      hasChildren: z.boolean(),
      audience: z.number().int(),
      reads: z.number().int(),
      /** Reminded today already. */
      remindedToday: z.boolean(),
    }),
  ),
});
export type ReadRate = z.infer<typeof readRateSchema>;

export const remindResultSchema = z.object({
  reminded: z.number().int().describe('Members reminded'),
  organisations: z.number().int().describe('Branches with someone to remind'),
});

export const myNoticeQuerySchema = pageQuerySchema.extend({ kind: z.enum(NOTICE_KINDS).optional() });
