import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config';
import { startEmbeddedPostgres } from './embedded';
import * as schema from './schema';

/** The pool-backed database; `$client` is the pool itself, for prepared statements on hot paths. */
export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool or a transaction: repositories accept both. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  isEmbedded: boolean;
  close(): Promise<void>;
}

// int8 → number: ids and counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * The query builder over one connection a caller already holds in a transaction (a COPY batch's),
 * so what it writes, the audit row included, commits or rolls back with that transaction.
 */
export function executorOn(client: pg.PoolClient): Executor {
  // The builder only issues queries; whether it holds a pool or one of its clients is invisible to it.
  return drizzle(client, { schema }) as unknown as Executor;
}

/** One round trip: the health check's proof that the database answers. */
export async function ping(db: Db): Promise<void> {
  await db.$client.query('SELECT 1');
}

export function connect(url: string, options: { max?: number } = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'gonghui' });
  pool.on('error', () => {
    // an idle client lost its connection; the pool replaces it on next use
  });
  return { pool, db: drizzle(pool, { schema }) };
}

export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens the configured database: DATABASE_URL, or the embedded server under the data dir. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    const { db, pool } = connect(config.databaseUrl);
    await assertServerVersion(pool);
    return { db, pool, url: config.databaseUrl, isEmbedded: false, close: () => pool.end() };
  }
  const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
  try {
    const url = await ensureDatabase(server.url, 'gonghui');
    const { db, pool } = connect(url);
    return {
      db,
      pool,
      url,
      isEmbedded: true,
      async close() {
        await pool.end();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function assertServerVersion(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ server_version_num: string }>('SHOW server_version_num');
  const version = Number(rows[0]?.server_version_num ?? 0);
  if (version < 150000) throw new Error(`Gonghui needs PostgreSQL 15 or newer; this server is ${version}`);
}
