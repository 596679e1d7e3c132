import { inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/**
 * `column` lies in one of the subtrees. One `<@` per path, so each can use the GiST index on
 * organisations.path (an `<@ ANY(array)` form cannot).
 */
export function inSubtrees(column: SQLWrapper, paths: readonly string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    paths.map((path) => sql`${column} <@ ${path}::ltree`),
    sql` OR `,
  )})`;
}

/**
 * The child of the node at `nodePath` that a path lies under, as text ('12'), or NULL for the node
 * itself: what counts per organisation are summed by for a table of the node's children. The
 * node's depth is worked out here, not once per row.
 */
export function childUnder(path: SQLWrapper, nodePath: string): SQL {
  const depth = nodePath.split('.').length;
  return sql`CASE WHEN nlevel(${path}) > ${sql.raw(String(depth))} THEN subpath(${path}, ${sql.raw(String(depth))}, 1)::text END`;
}

/** Chinese names in pinyin order (ICU's zh collation, present in PostgreSQL builds with ICU). */
export function byPinyin(column: SQLWrapper): SQL {
  return sql`${column} COLLATE "zh-x-icu"`;
}

/** A value for LIKE/ILIKE with its wildcards (`%`, `_`) and the escape character taken literally. */
export function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, '\\$&');
}

/**
 * `column` lies in one of the subtrees passed as the `scope` placeholder (an ltree[]), for a prepared
 * look-up by key: the key's index finds the row and the scope is a filter on it, so the `<@ ANY`
 * form's lack of an index does not matter.
 */
export function inScopeParameter(column: SQLWrapper): SQL {
  return sql`${column} <@ ANY(${sql.placeholder('scope')}::ltree[])`;
}

/**
 * A statement prepared once per database handle, so neither the query builder nor PostgreSQL's
 * planner runs for each request (the access layer's look-ups of one object by id).
 */
export function preparedPerHandle<Db extends object, P>(prepare: (db: Db) => P): (db: Db) => P {
  const prepared = new WeakMap<Db, P>();
  return (db) => {
    let statement = prepared.get(db);
    if (!statement) {
      statement = prepare(db);
      prepared.set(db, statement);
    }
    return statement;
  };
}

/** The ids among `ids` that can be bigint keys (the audit trail stores every id as text). */
export function bigintIds(ids: readonly string[]): number[] {
  return ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
}

/** The ids among `ids` that are UUIDs. */
export function uuidIds(ids: readonly string[]): string[] {
  return ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
}

/** The ids among `ids` that can be keys of the kind a column has. */
export function idsOfKind(key: 'bigint' | 'uuid', ids: readonly string[]): (number | string)[] {
  return key === 'bigint' ? bigintIds(ids) : uuidIds(ids);
}

/** Rows of `{ id, name }` as a map from the id (as text) to the name. */
export function namesById(rows: readonly { id: string | number; name: string | null }[]): Map<string, string> {
  return new Map(rows.flatMap((row) => (row.name ? [[String(row.id), row.name] as const] : [])));
}

/**
 * The names of one table's rows by key, for the audit trail: `name` of the rows whose `id` is among
 * the ids asked for (bigint or UUID keys, as the column is).
 */
export function namesFrom(id: PgColumn, name: PgColumn, key: 'bigint' | 'uuid') {
  return async (db: Executor, ids: readonly string[]) =>
    namesById(
      (await db
        .select({ id, name })
        .from(id.table as PgTable)
        .where(inArray(id, idsOfKind(key, ids)))) as {
        // A bare PgColumn's value is typed unknown: these are a key and a text column.
        id: string | number;
        name: string | null;
      }[],
    );
}
