import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { inSubtrees } from '../db/sql';
import { organisations } from './organisations.tables';
import { provinceOf } from './province';

// Look-ups in the organisation tree that every module makes: the kernel's, so no module imports
// another for them.

/** Names of organisations by id (nulls and repeats ignored). */
export async function organisationNames(db: Executor, ids: readonly (number | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map<number, string>();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function organisationExists(db: Executor, id: number) {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id));
  return row !== undefined;
}

/** What a look-up of one organisation answers: enough to check scope and place it in the tree. */
const organisationColumns = {
  id: organisations.id,
  name: organisations.name,
  path: organisations.path,
  regionCode: organisations.regionCode,
  level: organisations.level,
  type: organisations.type,
  status: organisations.status,
};

export async function findOrganisation(db: Executor, id: number) {
  const [row] = await db.select(organisationColumns).from(organisations).where(eq(organisations.id, id));
  return row ?? null;
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

/** The ids on an ltree path, root first: `1.4.9` → [1, 4, 9]. */
export const idsOnPath = (path: string) => path.split('.').map(Number);

/** The organisations on an ltree path (`1.4.9`), root first. */
export function organisationsOnPath(db: Executor, path: string) {
  return db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, level: organisations.level })
    .from(organisations)
    .where(inArray(organisations.id, idsOnPath(path)))
    .orderBy(sql`nlevel(${organisations.path})`);
}

/** An organisation within one of the subtrees `scope`; with `active`, only if it is active. */
export async function findOrganisationInScope(
  db: Executor,
  id: number,
  scope: readonly string[],
  options: { active: boolean } = { active: false },
) {
  const [row] = await db
    .select(organisationColumns)
    .from(organisations)
    .where(
      and(
        eq(organisations.id, id),
        options.active ? eq(organisations.status, 'active') : undefined,
        inSubtrees(organisations.path, scope),
      ),
    );
  return row ?? null;
}
