import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

// Version 2 adds every sequence's value (a member number comes from one no column owns) and an end
// line, so a backup cut short is known as such. Version 1 backups are still read.
const FORMAT = 'gonghui-backup/2';
const READABLE = new Set(['gonghui-backup/1', FORMAT]);

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  tables: string[];
  /** Each sequence of the public schema and the last value it gave out. */
  sequences?: Record<string, number>;
}

/** A backup that cannot be restored as it is; restore leaves the target as it found it. */
export class BackupUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupUnreadable';
  }
}

async function sequenceValues(client: pg.PoolClient): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string; value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.value ?? 0)]));
}

/**
 * The lines of a gzip'd backup. A truncated or corrupt file rejects (zlib's own check) instead of
 * leaving a reader waiting, as a line reader over a failed stream does.
 */
async function* backupLines(file: string): AsyncGenerator<string> {
  const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
  // Decoded by the stream, so a character whose bytes straddle two chunks is kept whole.
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const text = rest + (chunk as string);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) yield line;
    }
  } catch (error) {
    throw new BackupUnreadable(`${file} is damaged or cut short (${(error as Error).message}); nothing was restored`);
  }
  if (rest) yield rest;
}

/** The backup's first line, or a clear refusal when the file is no Gonghui backup. */
async function readHeader(iterator: AsyncGenerator<string>, file: string): Promise<Header> {
  let header: Header;
  try {
    header = JSON.parse((await iterator.next()).value ?? '{}') as Header;
  } catch (error) {
    if (error instanceof BackupUnreadable) throw error;
    throw new BackupUnreadable(`${file} is not a Gonghui backup`);
  }
  if (!READABLE.has(header?.format)) throw new BackupUnreadable(`${file} is not a Gonghui backup`);
  return header;
}

/** Reads the whole backup without the database: gzip intact, every table whole, the end line there. */
async function verifyBackup(file: string): Promise<void> {
  const iterator = backupLines(file);
  const header = await readHeader(iterator, file);
  let tables = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    let entry: { table?: string; end?: number };
    try {
      entry = (JSON.parse(next.value) ?? {}) as typeof entry;
    } catch {
      throw new BackupUnreadable(`${file} is damaged (no table starts where one should); nothing was restored`);
    }
    if (entry.end !== undefined) {
      if (entry.end !== tables) throw new BackupUnreadable(`${file} is damaged: ${tables} of ${entry.end} tables`);
      return;
    }
    // The header and the tables were written together: a table the header does not list means the
    // file changed since (a damaged byte in a table's name, say), not a schema of another version.
    if (!header.tables.includes(entry.table ?? ''))
      throw new BackupUnreadable(
        `${file} is damaged: table ${entry.table} is not among those its header lists; nothing was restored`,
      );
    for (;;) {
      const line = await iterator.next();
      if (line.done)
        throw new BackupUnreadable(`${file} is cut short inside table ${entry.table}; nothing was restored`);
      if (line.value === '\\.') break;
    }
    tables++;
  }
  if (header.format === FORMAT) {
    throw new BackupUnreadable(`${file} is cut short after ${tables} tables; nothing was restored`);
  }
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
      sequences: await sequenceValues(client),
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
    gzip.write(`${JSON.stringify({ end: tables.length })}\n`);
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
  // The whole file is read and checked first (gzip's CRC comes only at its end), so a damaged or
  // cut backup is refused before the database is touched.
  await verifyBackup(file);
  const iterator = backupLines(file);
  const header = await readHeader(iterator, file);
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
    let ended = false;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const entry = (JSON.parse(next.value) ?? {}) as { table?: string; end?: number };
        if (entry.end !== undefined) {
          if (entry.end !== tables) throw new BackupUnreadable(`${file} is damaged: ${tables} of ${entry.end} tables`);
          ended = true;
          break;
        }
        const table = entry.table ?? '';
        if (!header.tables.includes(table)) throw new BackupUnreadable(`Unexpected table ${table} in backup`);
        const sink = client.query(copyFrom(`COPY ${client.escapeIdentifier(table)} FROM STDIN`));
        let refused: Error | null = null;
        const finished = new Promise<void>((resolve, reject) => {
          sink.on('finish', resolve);
          sink.on('error', (error) => {
            refused = error;
            // The server ended the COPY: pg-copy-streams has let go of the connection, but rows
            // still buffered would be flushed into it and throw where nobody catches. Drop them.
            (sink as unknown as { flushChunk: () => boolean }).flushChunk = () => true;
            reject(error);
          });
        });
        // Rows COPY refuses reject this while lines are still being written; it is awaited below.
        finished.catch(() => undefined);
        try {
          for (;;) {
            const line = await iterator.next();
            if (line.done)
              throw new BackupUnreadable(`${file} is cut short inside table ${table}; nothing was restored`);
            if (line.value === '\\.') break;
            if (refused) throw refused;
            rows++;
            if (!sink.write(`${line.value}\n`)) {
              await Promise.race([new Promise((resolve) => sink.once('drain', resolve)), finished]);
            }
          }
        } catch (error) {
          // End the COPY (CopyFail) so the connection can roll back instead of waiting for more rows;
          // one the server already ended needs nothing more.
          if (!refused) sink.destroy(error as Error);
          await finished.catch(() => undefined);
          throw error;
        }
        sink.end();
        await finished;
        tables++;
      }
    } catch (error) {
      if (error instanceof BackupUnreadable) throw error;
      // A line that is not JSON where a table should start, or rows COPY cannot read: damage.
      throw new BackupUnreadable(`${file} is damaged (${(error as Error).message}); nothing was restored`);
    }
    if (header.format === FORMAT && !ended) {
      throw new BackupUnreadable(`${file} is cut short after ${tables} tables; nothing was restored`);
    }
    // Every sequence continues where the backed-up one stood (a member number's sequence belongs to
    // no column), and identity and serial sequences after the restored rows in any case.
    for (const [name, value] of Object.entries(header.sequences ?? {})) {
      if (value > 0) await client.query('SELECT setval($1::regclass, $2)', [client.escapeIdentifier(name), value]);
    }
    await client.query(`
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL
        LOOP
          EXECUTE format('SELECT setval(%L, greatest(coalesce((SELECT max(%I) FROM %I), 0) + 1, nextval(%L)), false)',
            r.seq, r.col, r.tbl, r.seq);
        END LOOP;
      END $$;`);
    await client.query('COMMIT');
    return { tables, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    await iterator.return(undefined);
  }
}
