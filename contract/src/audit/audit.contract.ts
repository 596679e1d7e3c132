import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string().describe('e.g. organisation.move, pii.reveal, access.denied'),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  subjectName: z.string().nullable().describe('What a reader knows the object by, e.g. the member’s name'),
  organisationId: z.number().int().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable().describe('Changed fields, personal data masked'),
  references: z
    .record(z.string(), z.string())
    .describe(
      'Names of the objects a change refers to by id, by field (`member`, or `parentId.from` and `parentId.to` for a pair)',
    ),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export const listAuditQuerySchema = pageQuerySchema.extend({
  organisationId: z.coerce.number().int().positive().optional(),
  action: z.string().trim().max(64).optional(),
  subjectType: z.string().trim().max(64).optional(),
  subjectId: z.string().trim().max(64).optional(),
  actorUserId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const auditPageSchema = pageOf(auditEntrySchema);
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
  headHash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
