import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { rightsCases } from './rights.tables';

/** The cases a person filed under their account, newest first (anonymous reports name no one). */
export function casesReportedBy(db: Executor, userId: string, limit = 500) {
  return db
    .select()
    .from(rightsCases)
    .where(eq(rightsCases.reporterUserId, userId))
    .orderBy(desc(rightsCases.createdAt))
    .limit(limit);
}
