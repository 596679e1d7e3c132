import { z } from 'zod';
import { pageOf, pageQuerySchema, regionCodeSchema } from '../common';

export const ORGANISATION_TYPES = [
  'federation',
  'industrial_union',
  'joint_union',
  'holding_union',
  'grassroots',
  'joint_grassroots',
  'branch',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Levels from the top; a child is always at a deeper level than its parent. */
export const ORGANISATION_LEVELS = [
  'national',
  'provincial',
  'city',
  'county',
  'street',
  'grassroots',
  'branch',
] as const;
export type OrganisationLevel = (typeof ORGANISATION_LEVELS)[number];

export const organisationSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  type: z.enum(ORGANISATION_TYPES),
  level: z.enum(ORGANISATION_LEVELS),
  regionCode: z.string(),
  status: z.enum(['active', 'closed']),
  childCount: z.number().int(),
  pathIds: z.array(z.number().int()).describe('Ids from the root down to this organisation'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const organisationDetailSchema = organisationSchema.extend({
  ancestors: z.array(z.object({ id: z.number().int(), name: z.string() })).describe('Those within your scope'),
  employerCount: z.number().int(),
});

export const listOrganisationsQuerySchema = pageQuerySchema.extend({
  parentId: z.coerce.number().int().positive().optional().describe('Children of this organisation'),
  q: z.string().trim().max(64).optional().describe('Name contains (within your scope)'),
  includeClosed: z.stringbool().default(false),
});
export const organisationPageSchema = pageOf(organisationSchema);

export const createOrganisationBodySchema = z.strictObject({
  parentId: z.number().int().positive(),
  name: z.string().trim().min(2).max(100),
  type: z.enum(ORGANISATION_TYPES),
  level: z.enum(ORGANISATION_LEVELS),
  regionCode: regionCodeSchema,
});
export const updateOrganisationBodySchema = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  regionCode: regionCodeSchema.optional(),
});
export const moveOrganisationBodySchema = z.strictObject({ newParentId: z.number().int().positive() });
export const closeOrganisationBodySchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });
