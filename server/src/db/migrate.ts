import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import type { Db } from './client';

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../migrations');

// Any constant works; it only has to be the same for every Gonghui process.
const MIGRATION_LOCK = 7_415_002;

/** Applies pending migrations; concurrent boots wait on an advisory lock instead of racing. */
export async function migrateDatabase(db: Db, pool: pg.Pool): Promise<void> {
  const lockHolder = await pool.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lockHolder.release();
  }
}
