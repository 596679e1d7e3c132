import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

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

/** Chinese names in pinyin order (ICU's zh collation, present in PostgreSQL builds with ICU). */
export function byPinyin(column: SQLWrapper): SQL {
  return sql`${column} COLLATE "zh-x-icu"`;
}

/** A value for LIKE/ILIKE with its wildcards (`%`, `_`) and the escape character taken literally. */
export function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, '\\$&');
}
