import { and, count, eq, ilike, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { byPinyin, escapeLike, inSubtrees } from '../../db/sql';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { employers, organisations } from '../../platform/organisations.tables';
import { authChanged } from '../../platform/session-cache';

export type OrganisationRow = typeof organisations.$inferSelect;

export type EmployerRow = typeof employers.$inferSelect;

// Spelled out: inside a sub-select Drizzle would leave the outer column unqualified.
const childCount = sql<number>`(SELECT count(*)::int FROM organisations c WHERE c.parent_id = "organisations"."id" AND c.status = 'active')`;

export async function findOrganisationInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ organisation: organisations, childCount })
    .from(organisations)
    .where(and(eq(organisations.id, id), inSubtrees(organisations.path, scope)));
  return row ?? null;
}

/** Row lock on one organisation, taken before any change to it or its subtree. */
export async function lockOrganisation(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), inSubtrees(organisations.path, scope)))
    .for('update');
  return row ?? null;
}

export async function listAncestors(db: Executor, path: string, scope: readonly string[]) {
  // Ancestors by ltree (`@>`), excluding the node itself, limited to what the actor may see.
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        sql`${organisations.path} @> ${path}::ltree`,
        sql`${organisations.path} <> ${path}::ltree`,
        inSubtrees(organisations.path, scope),
      ),
    )
    .orderBy(sql`nlevel(${organisations.path})`);
}

export interface OrganisationFilter {
  scope: readonly string[];
  parentId?: number | undefined;
  q?: string | undefined;
  includeClosed: boolean;
}

export async function listOrganisations(db: Executor, filter: OrganisationFilter, page: number, pageSize: number) {
  const conditions: (SQL | undefined)[] = [inSubtrees(organisations.path, filter.scope)];
  if (filter.parentId) conditions.push(eq(organisations.parentId, filter.parentId));
  if (filter.q) conditions.push(ilike(organisations.name, `%${escapeLike(filter.q)}%`));
  if (!filter.includeClosed) conditions.push(eq(organisations.status, 'active'));
  // Without a parent or a search, list the actor's scope roots rather than the whole subtree.
  if (!filter.parentId && !filter.q) {
    conditions.push(
      sql`${organisations.path} IN (${sql.join(
        filter.scope.map((p) => sql`${p}::ltree`),
        sql`, `,
      )})`,
    );
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select({ organisation: organisations, childCount })
      .from(organisations)
      .where(where)
      // Children read best in pinyin order; scope roots and search results in tree order.
      .orderBy(filter.parentId ? byPinyin(organisations.name) : organisations.path, organisations.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(organisations).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

/** Inserts under a parent, or as a root (a federation with no parent in this deployment). */
export async function insertOrganisation(
  db: Executor,
  parent: { id: number; path: string } | null,
  values: { name: string; type: string; level: string; regionCode: string },
) {
  // The id is drawn first because the path ends with it.
  const result = await db.execute<{ id: number }>(
    sql`SELECT nextval(pg_get_serial_sequence('organisations', 'id')) AS id`,
  );
  const id = Number(result.rows[0]!.id);
  const path = parent ? `${parent.path}.${id}` : String(id);
  const [row] = await db
    .insert(organisations)
    .values({ id, parentId: parent?.id ?? null, path, ...values })
    .returning();
  return row!;
}

// What a session carries of its organisations: changing one drops every cached session.
const SESSION_FIELDS = new Set<string>(['name', 'status', 'path', 'parentId']);

export async function updateOrganisation(db: Executor, id: number, values: Partial<typeof organisations.$inferInsert>) {
  if (Object.keys(values).some((key) => SESSION_FIELDS.has(key))) await authChanged(db, null);
  const [row] = await db
    .update(organisations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organisations.id, id))
    .returning();
  return row!;
}

/** Locks every row of a subtree, so a concurrent move or close of an overlapping branch waits. */
export async function lockSubtree(db: Executor, path: string) {
  await db.execute(sql`SELECT id FROM organisations WHERE path <@ ${path}::ltree ORDER BY id FOR UPDATE`);
}

/** Rewrites the paths of a whole branch under its new parent in one statement. */
export async function rewriteSubtreePaths(db: Executor, oldPath: string, newParentPath: string) {
  await authChanged(db, null);
  const result = await db.execute(sql`
    UPDATE organisations
    SET path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1), updated_at = now()
    WHERE path <@ ${oldPath}::ltree`);
  return result.rowCount ?? 0;
}

export async function countActiveChildren(db: Executor, id: number) {
  const [row] = await db
    .select({ total: count() })
    .from(organisations)
    .where(and(eq(organisations.parentId, id), eq(organisations.status, 'active')));
  return row?.total ?? 0;
}

export async function countEmployersOf(db: Executor, organisationId: number) {
  const [row] = await db.select({ total: count() }).from(employers).where(eq(employers.organisationId, organisationId));
  return row?.total ?? 0;
}

const keeper = alias(organisations, 'keeper');
const coveringUnion = alias(organisations, 'covering_union');

const employerColumns = {
  employer: employers,
  organisationName: keeper.name,
  coveringUnionName: coveringUnion.name,
};

export interface EmployerFilter {
  scope: readonly string[];
  organisationPath?: string | undefined;
  q?: string | undefined;
  unionised?: boolean | undefined;
}

export async function listEmployers(db: Executor, filter: EmployerFilter, page: number, pageSize: number) {
  const conditions: (SQL | undefined)[] = [inSubtrees(keeper.path, filter.scope)];
  if (filter.organisationPath) conditions.push(inSubtrees(keeper.path, [filter.organisationPath]));
  if (filter.q) {
    const q = filter.q.toUpperCase();
    conditions.push(
      /^[0-9A-Z]{18}$/.test(q) ? eq(employers.uscc, q) : ilike(employers.name, `%${escapeLike(filter.q)}%`),
    );
  }
  if (filter.unionised === true) conditions.push(isNotNull(employers.coveringUnionId));
  if (filter.unionised === false) conditions.push(isNull(employers.coveringUnionId));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select(employerColumns)
      .from(employers)
      .innerJoin(keeper, eq(keeper.id, employers.organisationId))
      .leftJoin(coveringUnion, eq(coveringUnion.id, employers.coveringUnionId))
      .where(where)
      .orderBy(byPinyin(employers.name), employers.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(employers)
      .innerJoin(keeper, eq(keeper.id, employers.organisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findEmployerInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select(employerColumns)
    .from(employers)
    .innerJoin(keeper, eq(keeper.id, employers.organisationId))
    .leftJoin(coveringUnion, eq(coveringUnion.id, employers.coveringUnionId))
    .where(and(eq(employers.id, id), inSubtrees(keeper.path, scope)));
  return row ?? null;
}

export async function employerExists(db: Executor, id: number) {
  const [row] = await db.select({ id: employers.id }).from(employers).where(eq(employers.id, id));
  return row !== undefined;
}

export async function findEmployerByUscc(db: Executor, uscc: string) {
  const [row] = await db.select({ id: employers.id }).from(employers).where(eq(employers.uscc, uscc));
  return row ?? null;
}

/** An employer belongs to the province of the organisation that keeps its record. */
export async function insertEmployer(db: Executor, values: Omit<typeof employers.$inferInsert, 'provinceCode'>) {
  const provinceCode = await provinceOfOrganisation(db, values.organisationId);
  const [row] = await db
    .insert(employers)
    .values({ ...values, provinceCode })
    .returning();
  return row!;
}

export async function updateEmployer(db: Executor, id: number, values: Partial<typeof employers.$inferInsert>) {
  const [row] = await db
    .update(employers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(employers.id, id))
    .returning();
  return row!;
}

export async function lockEmployer(db: Executor, id: number) {
  const [row] = await db.select().from(employers).where(eq(employers.id, id)).for('update');
  return row ?? null;
}
