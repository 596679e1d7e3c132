import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client';
import { inScopeParameter, inSubtrees, preparedPerHandle } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { rosterImportErrors, rosterImports } from './membership.tables';

// The roster-import aggregate: an import, its row errors and name conflicts, and the lock that keeps one import per union running.

// ---- roster imports ----

export async function insertImport(db: Executor, values: typeof rosterImports.$inferInsert) {
  const [row] = await db.insert(rosterImports).values(values).returning();
  return row!;
}

export async function updateImport(db: Executor, id: string, values: Partial<typeof rosterImports.$inferInsert>) {
  await db.update(rosterImports).set(values).where(eq(rosterImports.id, id));
}

const importOrganisation = alias(organisations, 'import_organisation');

const importInScope = preparedPerHandle((db: Executor) =>
  db
    .select({ job: rosterImports })
    .from(rosterImports)
    .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
    .where(and(eq(rosterImports.id, sql.placeholder('id')), inScopeParameter(importOrganisation.path)))
    .prepare('gonghui-roster-import-in-scope'),
);

export async function findImportInScope(db: Executor, id: string, scope: readonly string[]) {
  const [row] = await importInScope(db).execute({ id, scope });
  return row?.job ?? null;
}

export async function importExists(db: Executor, id: string) {
  const [row] = await db.select({ id: rosterImports.id }).from(rosterImports).where(eq(rosterImports.id, id));
  return Boolean(row);
}

export async function listImports(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const where = inSubtrees(importOrganisation.path, scope);
  const [rows, totals] = await Promise.all([
    db
      .select({ job: rosterImports })
      .from(rosterImports)
      .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
      .where(where)
      .orderBy(desc(rosterImports.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(rosterImports)
      .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
      .where(where),
  ]);
  return { rows: rows.map((r) => r.job), total: totals[0]?.total ?? 0 };
}

export async function* iterateImportErrors(db: Executor, importId: string, batchSize = 2000) {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(rosterImportErrors)
      .where(and(eq(rosterImportErrors.importId, importId), gt(rosterImportErrors.id, afterId)))
      .orderBy(asc(rosterImportErrors.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1]!.id;
  }
}

const isNameConflict = sql`${rosterImportErrors.problems} @> '[{"messageKey":"import.name_conflict"}]'::jsonb`;

/** The name conflicts of an import, by row, a page at a time. */
export async function listImportConflicts(db: Executor, importId: string, page: number, pageSize: number) {
  const where = and(eq(rosterImportErrors.importId, importId), isNameConflict);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(rosterImportErrors)
      .where(where)
      .orderBy(asc(rosterImportErrors.rowNumber))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(rosterImportErrors).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findImportConflict(db: Executor, importId: string, rowNumber: number) {
  const [row] = await db
    .select()
    .from(rosterImportErrors)
    .where(and(eq(rosterImportErrors.importId, importId), eq(rosterImportErrors.rowNumber, rowNumber), isNameConflict));
  return row ?? null;
}

/** Records a decision on an undecided conflict; false when it was decided meanwhile. */
export async function decideImportConflict(
  db: Executor,
  importId: string,
  rowNumber: number,
  decision: { resolution: 'confirmed' | 'rejected'; userId: string },
) {
  const rows = await db
    .update(rosterImportErrors)
    .set({ resolution: decision.resolution, resolvedBy: decision.userId, resolvedAt: new Date() })
    .where(
      and(
        eq(rosterImportErrors.importId, importId),
        eq(rosterImportErrors.rowNumber, rowNumber),
        isNameConflict,
        sql`${rosterImportErrors.resolution} IS NULL`,
      ),
    )
    .returning({ id: rosterImportErrors.id });
  return rows.length > 0;
}

const importLockKey = (importId: string) => `roster-import:${importId}`;

/**
 * Holds the import's lock for as long as it runs, on a connection of its own, and beats on it every
 * ten seconds with how much of the file has been read: a restarting server can then tell an import
 * another server is running from one whose process died.
 */
export async function holdImportLock(
  db: Db,
  importId: string,
  readBytes: () => number = () => 0,
): Promise<() => Promise<void>> {
  const client = await db.$client.connect();
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [importLockKey(importId)]);
  const beat = () =>
    client
      .query('UPDATE roster_imports SET heartbeat_at = now(), read_bytes = $2 WHERE id = $1', [importId, readBytes()])
      .catch(() => undefined);
  await beat();
  const timer = setInterval(beat, 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beat();
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [importLockKey(importId)]).catch(() => undefined);
    client.release();
  };
}

/**
 * Fails an import that its worker left running (it died: out of memory, say), if it is still marked
 * running; returns the counts it had committed, or null when the worker had settled it itself.
 */
export async function failImportLeftRunning(db: Executor, id: string, failure: { code: string; params: object }) {
  const [row] = await db
    .update(rosterImports)
    .set({ status: 'failed', failure: JSON.stringify(failure), finishedAt: new Date() })
    .where(and(eq(rosterImports.id, id), eq(rosterImports.status, 'running')))
    .returning();
  return row ?? null;
}

/** Marks running imports that nobody holds (their process died) as failed, so nobody waits forever. */
/**
 * Fails the running imports no process holds the lock of, whose heartbeat is older than the grace
 * (a running import beats every ten seconds; one just created has not yet taken its lock).
 */
export async function failAbandonedImports(db: Executor, graceSeconds: number) {
  await db
    .update(rosterImports)
    .set({
      status: 'failed',
      failure: JSON.stringify({ code: 'membership.import_interrupted', params: {} }),
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(rosterImports.status, 'running'),
        sql`${rosterImports.heartbeatAt} < now() - make_interval(secs => ${graceSeconds})`,
        sql`pg_try_advisory_xact_lock(hashtext('roster-import:' || ${rosterImports.id}::text))`,
      ),
    );
}

/** A roster import into a union within the subtrees `scope`. */
export const ROSTER_IMPORT = scopedKind<NonNullable<Awaited<ReturnType<typeof findImportInScope>>>, string>(
  'roster_import',
  findImportInScope,
  importExists,
);
