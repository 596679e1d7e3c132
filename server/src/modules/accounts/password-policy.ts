import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldProblem } from '../../platform/errors';

// Passwords common in Chinese leaks that the (English-centred) zxcvbn list lacks.
const CHINESE_COMMON = [
  'woaini1314',
  'woaini520',
  '5201314',
  '5201314520',
  '1314520',
  'qq123456',
  'qq5201314',
  'a123456789',
  'aa123456',
  'abc123456',
  'a12345678',
  '1qaz2wsx',
  '1qaz2wsx3edc',
  'zxcvbnm123',
  '147258369',
  '123qwe123',
  'woaini123',
  'iloveyou1314',
  'aini1314',
  'zhang123456',
  'wang123456',
  'li123456',
  'gonghui123',
  'gonghui2024',
  'admin123456',
  'admin@123',
  'Aa123456',
  'P@ssw0rd',
  'password123',
  '88888888',
  '66666666',
  '12345678910',
];

/** The one password of every demo account, printed at start and in the README. */
export const DEMO_PASSWORD = 'Gonghui@2026!';

// The demo's password is published: nobody may choose it.
const BREACHED = new Set([...dictionary.passwords, ...CHINESE_COMMON, DEMO_PASSWORD].map((p) => p.toLowerCase()));

export const MIN_LENGTH = { member: 8, cadre: 12 } as const;

/** Length by account kind, not on the breached list, not the login itself. */
export function checkPasswordPolicy(
  password: string,
  account: { kind: 'member' | 'cadre'; username?: string | null; mobile?: string | null },
  field = 'password',
): FieldProblem[] {
  const min = MIN_LENGTH[account.kind];
  if (Array.from(password).length < min)
    return [{ field, messageKey: 'validation.password.tooShort', params: { min } }];
  const lower = password.toLowerCase();
  if (lower === account.username?.toLowerCase() || password === account.mobile) {
    return [{ field, messageKey: 'validation.password.sameAsLogin' }];
  }
  if (BREACHED.has(lower)) return [{ field, messageKey: 'validation.password.breached' }];
  return [];
}
