import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import type { Db } from './client';
import * as schema from './schema';

// The SQL every repository sends, kept beside the code in server/sql/ (as Immich keeps its
// queries): a change to a query shows in review as a diff of that file. Each exported function of
// each *.repository.ts is called on a database handle that records the statements and answers
// every one with no rows; its arguments are stand-ins that read as the number 1 or the text 'x'.
// Run `npx vitest run server/src/db/sql-snapshots.test.ts -u` after changing a query.

const root = path.resolve(import.meta.dirname, '../..');

/** Names query builders probe a value for: a stand-in has none of them, so it binds as a parameter. */
const PROBES = new Set([
  'then',
  'constructor',
  'toJSON',
  'getSQL',
  'mapToDriverValue',
  'shouldInlineParams',
  'encoder',
]);

/** A value that serves as any argument: every property and element is another, and it reads as 1 or 'x'. */
function standIn(): unknown {
  return new Proxy(
    {},
    {
      get(_, key) {
        if (key === Symbol.toPrimitive) return (hint: string) => (hint === 'string' ? 'x' : 1);
        if (key === Symbol.iterator)
          return function* () {
            yield standIn();
          };
        if (typeof key === 'symbol' || PROBES.has(key)) return undefined;
        if (key === 'length') return 1;
        // Read as text it is 'x'; as a list, a list of one stand-in; as a time, the start of 2026.
        if (
          [
            'replace',
            'split',
            'toUpperCase',
            'toLowerCase',
            'trim',
            'startsWith',
            'endsWith',
            'padStart',
            'normalize',
          ].includes(key)
        ) {
          return (...args: unknown[]) =>
            ('x' as unknown as Record<string, (...a: unknown[]) => unknown>)[key]!(...args);
        }
        if (typeof (Array.prototype as unknown as Record<string, unknown>)[key] === 'function') {
          const one = [standIn()];
          return (...args: unknown[]) =>
            (one as unknown as Record<string, (...a: unknown[]) => unknown>)[key]!(...args);
        }
        if (key === 'toISOString') return () => '2026-01-01T00:00:00.000Z';
        if (key === 'getTime') return () => Date.UTC(2026, 0, 1);
        if (key === 'toString' || key === 'valueOf') return () => 1;
        return standIn();
      },
    },
  );
}

/** A pg client that records each statement and answers it with no rows, and drizzle on it. */
function recording(statements: string[]) {
  const client = {
    query(config: string | { text: string }) {
      const text = typeof config === 'string' ? config : config.text;
      if (!/^(begin|commit|rollback|savepoint|release)/i.test(text.trim())) statements.push(text.trim());
      return Promise.resolve({ rows: [], rowCount: 0, fields: [], command: '' });
    },
  };
  return { client, db: drizzle({ client: client as never, schema }) as unknown as Db };
}

/** Calls a repository function on a recording handle (a drizzle one, else a bare pg client) with stand-ins. */
async function statementsOf(fn: (...args: unknown[]) => unknown) {
  let best: { statements: string[]; failed: boolean } = { statements: [], failed: true };
  for (const handle of ['db', 'client'] as const) {
    const statements: string[] = [];
    const { client, db } = recording(statements);
    const args = Array.from({ length: Math.max(1, fn.length) }, (_, i) =>
      i === 0 ? (handle === 'db' ? db : client) : standIn(),
    );
    let failed = false;
    try {
      const result = fn(...args);
      // A generator (an iterating read) is run to its first batch.
      if (result && typeof (result as AsyncGenerator)[Symbol.asyncIterator] === 'function') {
        await (result as AsyncGenerator).next();
      } else {
        await result;
      }
    } catch (error) {
      if (process.env.SQL_SNAPSHOT_DEBUG) console.log(fn.name, handle, error);
      failed = true;
    }
    if (!failed || statements.length > best.statements.length) best = { statements, failed };
    if (!failed) break;
  }
  return best;
}

function* repositories(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* repositories(full);
    else if (entry.name.endsWith('.repository.ts')) yield full;
  }
}

const files = [...repositories(path.join(root, 'src'))].sort();

describe('the SQL of each repository', () => {
  for (const file of files) {
    const name = path.relative(path.join(root, 'src'), file).replace(/\.ts$/, '');
    it(name, async () => {
      const exports = (await import(file)) as Record<string, unknown>;
      const sections: string[] = [];
      // Functions, and the functions of an exported table of them (a module's audit names).
      const functions = Object.entries(exports).flatMap(([key, value]) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.entries(value as Record<string, unknown>).map(([inner, fn]) => [`${key}.${inner}`, fn] as const)
          : [[key, value] as const],
      );
      for (const [key, value] of functions.sort(([a], [b]) => a.localeCompare(b))) {
        if (typeof value !== 'function') continue;
        const { statements, failed } = await statementsOf(value as (...args: unknown[]) => unknown);
        // Stand-ins cannot satisfy every function (a row it must find, values it must be given): what
        // it sent before stopping is kept, and the stop is noted.
        const note = failed ? ' (stopped early on stand-in arguments)' : '';
        if (statements.length === 0) continue;
        sections.push(`-- ${key}${note}\n${statements.map((s) => `${s};`).join('\n\n')}`);
      }
      await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot(path.join(root, 'sql', `${name}.sql`));
    });
  }
});
