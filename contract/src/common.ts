import { z } from 'zod';
import { checkIdNumber, checkUscc, isPlausibleRegionCode, isValidMobile } from './validators';

// Messages below are keys into messages.ts, translated per request by describeIssues.

/** Trims, folds full-width digits and letters, upper-cases a trailing x. */
export function normaliseCode(value: string): string {
  return value
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

export const idNumberSchema = z
  .string()
  .transform(normaliseCode)
  .superRefine((value, ctx) => {
    const problem = checkIdNumber(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('National ID number (GB 11643-1999, 18 characters)');

export const usccSchema = z
  .string()
  .transform(normaliseCode)
  .superRefine((value, ctx) => {
    const problem = checkUscc(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Unified Social Credit Code (GB 32100-2015, 18 characters)');

export const mobileSchema = z
  .string()
  .transform((v) => normaliseCode(v).replace(/^\+?86/, ''))
  .refine(isValidMobile, { message: 'validation.mobile' })
  .describe('Mainland mobile number, 11 digits');

export const regionCodeSchema = z
  .string()
  .refine(isPlausibleRegionCode, { message: 'validation.regionCode' })
  .describe('GB/T 2260 administrative division code');

export const idParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });
export const uuidParamSchema = z.strictObject({ id: z.uuid() });

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('1-based page number'),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** RFC 9457 problem details, with the field errors of a validation failure. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().describe('Stable machine-readable code, e.g. validation_failed'),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');
export type Problem = z.infer<typeof problemSchema>;

export const okSchema = z.object({ ok: z.literal(true) });
