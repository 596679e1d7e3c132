import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';

const timestamp = z.string().describe('ISO 8601 time');

// ---- the message centre ----

/** What a message is about; a member sets per category which channels beyond the inbox it takes. */
export const MESSAGE_CATEGORIES = ['notice', 'case', 'application', 'vote', 'survey', 'system'] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

/** Channels beyond the inbox, which every message reaches. */
export const MESSAGE_CHANNELS = ['sms', 'wechat'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The kinds of message, each with its text in both languages (`message.<kind>` in reach.messages.ts,
 * filled from the message's params). A kind belongs to one category.
 */
export const MESSAGE_KINDS = {
  'case.assigned': 'case',
  'case.due_soon': 'case',
  'case.escalated': 'case',
  'case.break_glass': 'case',
  'case.reply': 'case',
  'case.mediation_expired': 'case',
  'application.progress': 'application',
  'application.notice': 'application',
  'application.approved': 'application',
  'application.rejected': 'application',
  'application.paid': 'application',
  'vote.opened': 'vote',
  'notice.published': 'notice',
  'notice.remind': 'notice',
  'notice.escalated': 'notice',
  'survey.invited': 'survey',
  'survey.remind': 'survey',
} as const satisfies Record<string, MessageCategory>;
export type MessageKind = keyof typeof MESSAGE_KINDS;

/** What each category sends beyond the inbox until the member says otherwise. */
export const DEFAULT_CHANNELS: Readonly<Record<MessageCategory, Readonly<Record<MessageChannel, boolean>>>> = {
  notice: { sms: false, wechat: true },
  case: { sms: true, wechat: true },
  application: { sms: true, wechat: true },
  vote: { sms: true, wechat: true },
  survey: { sms: false, wechat: true },
  system: { sms: false, wechat: false },
};

const paramValue = z.union([z.string(), z.number()]);
export const messageSchema = z.object({
  id: z.number().int(),
  category: z.enum(MESSAGE_CATEGORIES),
  kind: z.string().describe('The message text is `message.<kind>` filled from params'),
  params: z.record(z.string(), paramValue),
  /** Where in the app the message leads, if anywhere. */
  link: z.string().nullable(),
  /** Sent past the member's preferences and quiet hours. */
  critical: z.boolean(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  /** Set when the item is a notice addressed to the reader (its id is then the notice's, negated). */
  noticeId: z.number().int().nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const inboxQuerySchema = pageQuerySchema.extend({
  category: z.enum(MESSAGE_CATEGORIES).optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Only unread messages'),
});
export const inboxSchema = pageOf(messageSchema).extend({
  /** Unread messages in all categories, and per category. */
  unread: z.number().int(),
  unreadByCategory: z.record(z.enum(MESSAGE_CATEGORIES), z.number().int()),
});
export type Inbox = z.infer<typeof inboxSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int() });

export const markReadBodySchema = z.strictObject({
  ids: z.array(z.number().int().positive()).min(1).max(500).optional().describe('These messages; all when omitted'),
  noticeIds: z.array(z.number().int().positive()).min(1).max(500).optional().describe('These notices'),
  category: z.enum(MESSAGE_CATEGORIES).optional().describe('Only messages of this category'),
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.reach.clock' });
export const quietHoursSchema = z
  .strictObject({ start: clock, end: clock })
  .refine((hours) => hours.start !== hours.end, { message: 'validation.reach.quietHours', path: ['end'] })
  .describe('China time; may run past midnight (22:00 to 07:00)');
export type QuietHours = z.infer<typeof quietHoursSchema>;

const channelChoice = z.strictObject({ sms: z.boolean(), wechat: z.boolean() });
export const preferencesSchema = z.object({
  channels: z.record(z.enum(MESSAGE_CATEGORIES), channelChoice),
  quietHours: quietHoursSchema.nullable(),
  /** Whether the account has a mobile number SMS can go to. */
  hasMobile: z.boolean(),
});
export type MessagePreferences = z.infer<typeof preferencesSchema>;
export const preferencesBodySchema = z.strictObject({
  channels: z.partialRecord(z.enum(MESSAGE_CATEGORIES), channelChoice),
  quietHours: quietHoursSchema.nullable(),
});

// ---- deliveries, for cadres ----

export const deliveryQuerySchema = pageQuerySchema.extend({
  status: z.enum(DELIVERY_STATUSES).default('failed'),
  organisationId: z.coerce.number().int().positive().optional().describe('This organisation and below'),
});
export const deliverySchema = z.object({
  id: z.number().int(),
  channel: z.enum(MESSAGE_CHANNELS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** Why the last attempt failed or the delivery was skipped: `delivery.<reason>`. */
  reason: z.string().nullable(),
  createdAt: timestamp,
  sentAt: timestamp.nullable(),
  recipient: z.string(),
  organisationName: z.string().nullable(),
  category: z.enum(MESSAGE_CATEGORIES),
  kind: z.string(),
  params: z.record(z.string(), paramValue),
});
export const deliveryPageSchema = pageOf(deliverySchema);
