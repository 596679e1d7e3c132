/**
 * Validators for Chinese identifiers. Pure functions, shared by server and web.
 * Each returns a reason key (see messages.ts) or null when the value is valid.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** Province-level prefixes of GB/T 2260 (first two digits of a region code). */
export const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type IdNumberProblem =
  | 'validation.idNumber.format'
  | 'validation.idNumber.region'
  | 'validation.idNumber.birthDate'
  | 'validation.idNumber.checkDigit';

/** ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999). */
export function computeIdNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? '';
}

/** A GB/T 2260 code is plausible when it is six digits under a known province. */
export function isPlausibleRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCE_CODES.has(code.slice(0, 2));
}

export function checkIdNumber(value: string, today: Date = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'validation.idNumber.format';
  if (!isPlausibleRegionCode(value.slice(0, 6))) return 'validation.idNumber.region';
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const isRealDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!isRealDate || year < 1900 || birth.getTime() > today.getTime()) return 'validation.idNumber.birthDate';
  if (computeIdNumberCheckChar(value.slice(0, 17)) !== value[17]) return 'validation.idNumber.checkDigit';
  return null;
}

/** Birth date (YYYY-MM-DD) embedded in a valid ID number. */
export function birthDateOfIdNumber(value: string): string {
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

/** Gender from the 17th digit: odd is male, even is female. */
export function genderOfIdNumber(value: string): 'male' | 'female' {
  return Number(value[16]) % 2 === 1 ? 'male' : 'female';
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'validation.uscc.format' | 'validation.uscc.region' | 'validation.uscc.checkChar';

/** Check character of the first 17 characters of a Unified Social Credit Code (GB 32100-2015). */
export function computeUsccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] ?? '';
}

export function checkUscc(value: string): UsccProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return 'validation.uscc.format';
  if (!isPlausibleRegionCode(value.slice(2, 8))) return 'validation.uscc.region';
  if (computeUsccCheckChar(value.slice(0, 17)) !== value[17]) return 'validation.uscc.checkChar';
  return null;
}

export function isValidMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}
