import { and, count, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { inSubtrees } from '../db/sql';
import { auditChainHead, auditLog } from './audit.tables';
import { organisations } from './organisations.tables';

export interface NewAuditRow {
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  organisationId: number | null;
  changes: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
}

export async function insertAuditRows(db: Executor, rows: NewAuditRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(auditLog).values(rows);
}

export async function insertAuditRow(db: Executor, row: NewAuditRow): Promise<void> {
  await db.insert(auditLog).values(row);
}

export interface AuditFilter {
  scope: readonly string[];
  organisationId?: number | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Rows about organisations in scope; rows with no organisation are for whole-system auditors only. */
export async function listAuditRows(db: Executor, filter: AuditFilter, page: number, pageSize: number) {
  const conditions: SQL[] = [inSubtrees(organisations.path, filter.scope)];
  if (filter.organisationId) {
    conditions.push(sql`${organisations.path} <@ (SELECT path FROM organisations WHERE id = ${filter.organisationId})`);
  }
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.subjectType) conditions.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.subjectId) conditions.push(eq(auditLog.subjectId, filter.subjectId));
  if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.from) conditions.push(gte(auditLog.occurredAt, new Date(filter.from)));
  if (filter.to) conditions.push(lte(auditLog.occurredAt, new Date(filter.to)));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select({ entry: auditLog })
      .from(auditLog)
      .innerJoin(organisations, eq(organisations.id, auditLog.organisationId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(auditLog)
      .innerJoin(organisations, eq(organisations.id, auditLog.organisationId))
      .where(where),
  ]);
  return { rows: rows.map((r) => r.entry), total: totals[0]?.total ?? 0 };
}

export interface ChainRow {
  id: number;
  prevHash: Buffer | null;
  hash: Buffer;
  recomputed: Buffer;
}

/** One batch of the chain in id order, each with its hash recomputed by the same SQL function. */
export async function readChainBatch(db: Executor, afterId: number, limit: number): Promise<ChainRow[]> {
  const result = await db.execute<{ id: number; prev_hash: Buffer | null; hash: Buffer; recomputed: Buffer }>(sql`
    SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a.prev_hash, a) AS recomputed
    FROM audit_log a WHERE a.id > ${afterId} ORDER BY a.id LIMIT ${limit}`);
  return result.rows.map((r) => ({ id: Number(r.id), prevHash: r.prev_hash, hash: r.hash, recomputed: r.recomputed }));
}

export async function readChainHead(db: Executor): Promise<{ lastId: number | null; lastHash: Buffer | null }> {
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  return { lastId: head?.lastId ?? null, lastHash: head?.lastHash ?? null };
}
