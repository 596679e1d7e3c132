import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { organisations } from '../modules/organisations/organisations.tables';

/**
 * The province part (first two digits) of a GB/T 2260 region code: the distribution column of
 * every member-centric table under Citus (see db/placement.ts and docs/scaling.md).
 */
export function provinceOf(regionCode: string): string {
  return regionCode.slice(0, 2);
}

/** The province of an organisation: the distribution key of the rows filed under it. */
export async function provinceOfOrganisation(db: Executor, organisationId: number) {
  const [row] = await db
    .select({ regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!row) throw new Error(`organisation ${organisationId} not found`);
  return provinceOf(row.regionCode);
}
