import { z } from 'zod';
import { pageOf, pageQuerySchema, regionCodeSchema, usccSchema } from '../common';

export const OWNERSHIP_TYPES = [
  'state_owned',
  'collective',
  'private',
  'foreign_invested',
  'hong_kong_macao_taiwan',
  'public_institution',
  'government',
  'social_organisation',
  'individual_business',
  'other',
] as const;

export const employerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  uscc: z.string(),
  industryCode: z.string().describe('GB/T 4754 section letter or code'),
  ownershipType: z.enum(OWNERSHIP_TYPES),
  regionCode: z.string(),
  employeeCount: z.number().int(),
  organisationId: z.number().int().describe('Organisation that keeps this record (scope)'),
  organisationName: z.string(),
  coveringUnionId: z.number().int().nullable().describe('Union that covers these workers, if any'),
  coveringUnionName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Employer = z.infer<typeof employerSchema>;

export const listEmployersQuerySchema = pageQuerySchema.extend({
  organisationId: z.coerce.number().int().positive().optional().describe('Within this subtree'),
  q: z.string().trim().max(64).optional().describe('Name contains, or an exact credit code'),
  unionised: z.stringbool().optional(),
});
export const employerPageSchema = pageOf(employerSchema);

const industryCode = z
  .string()
  .trim()
  .regex(/^[A-T](\d{2,4})?$/);

export const createEmployerBodySchema = z.strictObject({
  name: z.string().trim().min(2).max(200),
  uscc: usccSchema,
  industryCode,
  ownershipType: z.enum(OWNERSHIP_TYPES),
  regionCode: regionCodeSchema,
  employeeCount: z.number().int().min(0).max(10_000_000),
  organisationId: z.number().int().positive(),
  coveringUnionId: z.number().int().positive().nullable().optional(),
});
export const updateEmployerBodySchema = createEmployerBodySchema.omit({ uscc: true }).partial().strict();
