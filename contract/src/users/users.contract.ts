import { z } from 'zod';
import { idNumberSchema, mobileSchema, pageOf, pageQuerySchema } from '../common';
import { ROLES } from '../permissions';

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(['member', 'cadre']),
  mobile: z.string().nullable().describe('Masked'),
  idNumber: z.string().nullable().describe('Masked'),
  status: z.enum(['active', 'disabled']),
  totpEnabled: z.boolean(),
  roles: z.array(z.object({ role: z.enum(ROLES), organisationId: z.number().int(), organisationName: z.string() })),
});
export const listUsersQuerySchema = pageQuerySchema.extend({
  organisationId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(64).optional(),
});
export const userPageSchema = pageOf(userSummarySchema);

export const createUserBodySchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/),
  displayName: z.string().trim().min(1).max(64),
  mobile: mobileSchema.optional(),
  idNumber: idNumberSchema.optional(),
  kind: z.enum(['member', 'cadre']),
  password: z.string().min(1).max(256),
  role: z.enum(ROLES),
  organisationId: z.number().int().positive(),
});
export const assignRoleBodySchema = z.strictObject({
  role: z.enum(ROLES),
  organisationId: z.number().int().positive(),
});

export const revealBodySchema = z.strictObject({
  field: z.enum(['mobile', 'idNumber']),
  reason: z.string().trim().min(4).max(500).describe('Why you need the full value; recorded in the audit trail'),
});
export const revealSchema = z.object({ field: z.string(), value: z.string().nullable() });
