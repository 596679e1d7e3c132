import { sql } from 'drizzle-orm';
import type { Executor } from './client';

/**
 * Where every table goes on a national Citus cluster (docs/scaling.md). A single PostgreSQL
 * ignores this; the schema check (placement.test.ts) holds the schema to it, so it stays ready:
 *
 * - `distributed`: sharded by `column`. Its primary key and every unique key include the column,
 *   and a foreign key to another distributed table includes it on both sides (the two are
 *   co-located: same column, same shard). Tables distributed by `province_code` are one
 *   co-location group: a province's rows live on one shard and join there.
 * - `reference`: copied to every node; small, read everywhere, rarely written. It may reference
 *   only reference tables.
 * - `local`: kept on the coordinator only (short-lived or coordinator-side state). It may
 *   reference reference tables, never distributed ones.
 *
 * Each module places its tables in its manifest (`tables`); the kernel's are below, and
 * `placementOf` (platform/module.ts) joins them. A table a migration creates and no one places
 * fails the check: every new module decides where its tables go.
 */
export type Placement =
  | { kind: 'distributed'; column: string; reason: string }
  | { kind: 'reference'; reason: string }
  | { kind: 'local'; reason: string };

/** Distributed by province: the usual placement of a module's table. */
export const byProvince = (reason: string): Placement => ({ kind: 'distributed', column: 'province_code', reason });

/** The kernel's own tables; each module places its own in its manifest (`tables`). */
export const PLATFORM_PLACEMENT: Readonly<Record<string, Placement>> = {
  organisations: {
    kind: 'reference',
    reason: 'about 2.7 million rows nationally; read by every scope check and joined from every table',
  },
  audit_log: {
    kind: 'local',
    reason: 'one hash chain on the coordinator; per-province chains are the scale-out step (docs/scaling.md)',
  },
  audit_chain_head: { kind: 'local', reason: 'the head of the chain audit_log appends to' },
  employers: byProvince('employers are per province; members and check-off sheets join them there'),
  documents: byProvince('the one document store: a file lives with the province of what it is attached to'),
  calendar_days: { kind: 'reference', reason: 'a few dozen days a year' },
};

interface CatalogKey {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f';
  columns: string[];
  refTable: string | null;
  refColumns: string[] | null;
}

/**
 * Checks the tables of `schema` against a placement map and returns what Citus would refuse,
 * one sentence per problem (empty when the schema is ready).
 */
export async function checkPlacement(
  db: Executor,
  placement: Readonly<Record<string, Placement>>,
  schema = 'public',
): Promise<string[]> {
  const tables = (
    await db.execute<{ table: string }>(sql`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') ORDER BY 1`)
  ).rows.map((r) => r.table);
  const columns = (
    await db.execute<{ table: string; column: string; not_null: boolean }>(sql`
      SELECT c.relname AS table, a.attname AS column, a.attnotnull AS not_null
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND a.attnum > 0 AND NOT a.attisdropped`)
  ).rows;
  // Primary keys, unique constraints, unique indexes (partial ones too) and foreign keys, with
  // their columns in key order.
  const keys = (
    await db.execute<{
      table: string;
      name: string;
      kind: 'p' | 'u' | 'f';
      columns: string[];
      ref_table: string | null;
      ref_columns: string[] | null;
    }>(sql`
      SELECT c.relname AS table, k.conname AS name, k.contype AS kind,
        ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
        r.relname AS ref_table,
        CASE WHEN k.contype = 'f' THEN ARRAY(
          SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
          JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS ref_columns
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_class r ON r.oid = k.confrelid
      WHERE n.nspname = ${schema} AND k.contype IN ('p', 'u', 'f')
      UNION ALL
      SELECT c.relname, i.relname, 'u',
        ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
              LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n
              WHERE o <= x.indnkeyatts ORDER BY u.o),
        NULL, NULL
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND x.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`)
  ).rows.map(
    (r): CatalogKey => ({
      table: r.table,
      name: r.name,
      kind: r.kind,
      columns: r.columns,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
    }),
  );

  const problems: string[] = [];
  for (const table of tables) {
    if (!placement[table]) problems.push(`${table}: not placed (add it to the tables of its module manifest)`);
  }
  for (const [table, place] of Object.entries(placement)) {
    if (!tables.includes(table)) {
      problems.push(`${table}: placed but not in the schema`);
      continue;
    }
    if (place.kind !== 'distributed') continue;
    const column = columns.find((c) => c.table === table && c.column === place.column);
    if (!column) {
      problems.push(`${table}: distribution column ${place.column} is missing`);
      continue;
    }
    if (!column.not_null) problems.push(`${table}: distribution column ${place.column} may be null`);
    if (!keys.some((k) => k.table === table && k.kind === 'p')) problems.push(`${table}: has no primary key`);
  }
  for (const key of keys) {
    const place = placement[key.table];
    if (!place) continue;
    if (key.kind !== 'f') {
      if (place.kind === 'distributed' && !key.columns.includes(place.column)) {
        const what = key.kind === 'p' ? 'primary key' : 'unique key';
        problems.push(`${key.table}: ${what} ${key.name} (${key.columns.join(', ')}) omits ${place.column}`);
      }
      continue;
    }
    const target = key.refTable ? placement[key.refTable] : undefined;
    if (!target) continue;
    const fk = `${key.table}: foreign key ${key.name} to ${key.refTable}`;
    if (target.kind === 'distributed') {
      if (place.kind !== 'distributed') {
        problems.push(`${fk}: a ${place.kind} table cannot reference a distributed table`);
      } else if (place.column !== target.column) {
        problems.push(`${fk}: the tables are distributed by different columns, so they are not co-located`);
      } else {
        const at = key.columns.indexOf(place.column);
        if (at < 0 || key.refColumns?.[at] !== target.column) {
          problems.push(`${fk} omits ${place.column} on both sides (${key.columns.join(', ')})`);
        }
      }
    } else if (target.kind === 'local' && place.kind !== 'local') {
      problems.push(`${fk}: a ${place.kind} table cannot reference a coordinator-local table`);
    }
  }
  return problems;
}
