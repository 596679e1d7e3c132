/** Masks applied to personal data in every response unless a reveal was granted and audited. */

/** 110105194912310021 → 110105********002X style: region kept, birth date and sequence hidden. */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 6222023602012345678 → 6222 **** **** 5678: enough for the holder to recognise their account. */
export function maskBankAccount(value: string): string {
  return `${value.slice(0, 4)} **** **** ${value.slice(-4)}`;
}

/** 13812345678 → 138****5678 */
export function maskMobile(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张三明 → 张*明, 张三 → 张*, used where a list is shown publicly. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return value;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
