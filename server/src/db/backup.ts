import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

const FORMAT = 'gonghui-backup/1';

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

async function listTables(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

async function appliedMigrations(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id');
  return rows.map((r) => r.hash);
}

/**
 * A consistent logical backup (one REPEATABLE READ snapshot) of every table, as gzip'd COPY text.
 * Needs no pg_dump, so it works the same on the embedded server and on an external one.
 */
export async function backupDatabase(pool: pg.Pool, file: string): Promise<{ tables: number; bytes: number }> {
  const client = await pool.connect();
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(file, { mode: 0o600 });
  const done = pipeline(gzip, out);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await listTables(client);
    const header: Header = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      migrations: await appliedMigrations(client),
      tables,
    };
    gzip.write(`${JSON.stringify(header)}\n`);
    for (const table of tables) {
      gzip.write(`${JSON.stringify({ table })}\n`);
      const stream = client.query(copyTo(`COPY ${client.escapeIdentifier(table)} TO STDOUT`));
      for await (const chunk of stream) {
        if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
      }
      gzip.write('\\.\n');
    }
    await client.query('COMMIT');
    gzip.end();
    await done;
    return { tables: tables.length, bytes: fs.statSync(file).size };
  } catch (error) {
    gzip.destroy();
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Loads a backup into a migrated, empty database in one transaction: either everything is
 * restored or nothing is. Triggers are suspended so audit rows keep their original hashes.
 */
export async function restoreDatabase(pool: pg.Pool, file: string): Promise<{ tables: number; rows: number }> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(zlib.createGunzip()),
    crlfDelay: Infinity,
  });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = JSON.parse(first.value ?? '{}') as Header;
  if (header.format !== FORMAT) throw new Error(`${file} is not a Gonghui backup`);
  const client = await pool.connect();
  let rows = 0;
  let tables = 0;
  try {
    await client.query('BEGIN');
    const migrations = await appliedMigrations(client);
    if (migrations.join() !== header.migrations.join()) {
      throw new Error(
        'The backup was taken at another schema version; restore it with the Gonghui version that made it',
      );
    }
    for (const table of await listTables(client)) {
      const { rows: found } = await client.query(`SELECT 1 FROM ${client.escapeIdentifier(table)} LIMIT 1`);
      if (found.length > 0 && table !== 'audit_chain_head') {
        throw new Error(`The target database is not empty (table ${table} has rows); restore into an empty database`);
      }
    }
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('DELETE FROM audit_chain_head');
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const { table } = JSON.parse(next.value) as { table: string };
      if (!header.tables.includes(table)) throw new Error(`Unexpected table ${table} in backup`);
      const sink = client.query(copyFrom(`COPY ${client.escapeIdentifier(table)} FROM STDIN`));
      const finished = new Promise<void>((resolve, reject) => {
        sink.on('finish', resolve);
        sink.on('error', reject);
      });
      for (;;) {
        const line = await iterator.next();
        if (line.done) throw new Error(`The backup ends inside table ${table}`);
        if (line.value === '\\.') break;
        rows++;
        if (!sink.write(`${line.value}\n`)) await new Promise((resolve) => sink.once('drain', resolve));
      }
      sink.end();
      await finished;
      tables++;
    }
    // Identity and serial sequences continue after the restored rows.
    await client.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
        LOOP
          EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', r.seq, r.col, r.tbl);
        END LOOP;
      END $$;`);
    await client.query('COMMIT');
    return { tables, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    lines.close();
  }
}
