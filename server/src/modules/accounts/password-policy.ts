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

/**
 * One rule for every account: a member's password guards ID numbers, wages and votes as a
 * cadre's guards the roster, and it is typed as rarely (a phone keeps the session).
 */
export const PASSWORD_MIN_LENGTH = 12;

/** Long enough, not on the breached list, not the login itself; the same for members and cadres. */
export function checkPasswordPolicy(
  password: string,
  account: { username?: string | null; mobile?: string | null },
  field = 'password',
): FieldProblem[] {
  if (Array.from(password).length < PASSWORD_MIN_LENGTH)
    return [{ field, messageKey: 'validation.password.tooShort', params: { min: PASSWORD_MIN_LENGTH } }];
  const lower = password.toLowerCase();
  if (lower === account.username?.toLowerCase() || password === account.mobile) {
    return [{ field, messageKey: 'validation.password.sameAsLogin' }];
  }
  if (BREACHED.has(lower)) return [{ field, messageKey: 'validation.password.breached' }];
  return [];
}
