import { z } from 'zod';
import { mobileSchema } from '../common';
import { LOCALES } from '../locales';
import { ROLES } from '../permissions';
import { TODO_KIND_LIST, type TodoKind } from './todo';

export const loginBodySchema = z.strictObject({
  login: z.string().trim().min(1).max(64).describe('Username or mobile number'),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Authenticator code, when two-factor is enabled'),
});

const signUpFlag = z
  .boolean()
  .optional()
  .describe('A worker starting to join: an unknown number gets a code and becomes a member account');
export const smsRequestBodySchema = z.strictObject({ mobile: mobileSchema, signUp: signUpFlag });
export const smsLoginBodySchema = z.strictObject({
  mobile: mobileSchema,
  signUp: signUpFlag,
  code: z.string().regex(/^\d{6}$/),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const meSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    mobile: z.string().nullable().describe('Masked'),
    kind: z.enum(['member', 'cadre']),
    locale: z.enum(LOCALES),
    largeText: z.boolean(),
    totpEnabled: z.boolean(),
  }),
  roles: z.array(z.object({ role: z.enum(ROLES), organisationId: z.number().int(), organisationName: z.string() })),
  permissions: z.array(z.string()),
  scopes: z.array(z.object({ organisationId: z.number().int(), name: z.string() })),
  shell: z.enum(['admin', 'member']),
  csrfToken: z.string().describe('Send as X-CSRF-Token on writes authenticated by the session cookie'),
  mustEnrolTotp: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const updateMeBodySchema = z.strictObject({
  locale: z.enum(LOCALES).optional(),
  largeText: z.boolean().optional(),
  displayName: z.string().trim().min(1).max(64).optional(),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const totpSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const totpCodeBodySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/) });

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createApiTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  permissions: z.array(z.string()).min(1).describe('A subset of your own permissions'),
  expiresInDays: z.number().int().min(1).max(366).optional(),
});
export const createdApiTokenSchema = apiTokenSchema.extend({
  token: z.string().describe('Shown once; send as Authorization: Bearer <token>'),
});

export const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  isCurrent: z.boolean(),
});

export const todoListSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(TODO_KIND_LIST as [TodoKind, ...TodoKind[]]),
      count: z.number().int().nonnegative(),
    }),
  ),
});
export type TodoList = z.infer<typeof todoListSchema>;
