/**
 * The province part (first two digits) of a GB/T 2260 region code: the distribution column of
 * every member-centric table under Citus (see db/placement.ts and docs/scaling.md).
 */
export function provinceOf(regionCode: string): string {
  return regionCode.slice(0, 2);
}
