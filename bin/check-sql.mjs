#!/usr/bin/env node
// SQL lives in repositories (`*.repository.ts`): a query anywhere else fails `npm run check`.
// Infrastructure that is SQL by nature is exempt by folder or file, each with its reason.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'server/src');

/** Query-builder calls on a database handle, raw `sql` fragments, and pg's `query`. */
const QUERY =
  /(?:\b(?:db|tx|client|pool|executor)|\$client)\s*\.\s*(?:select|selectDistinct|insert|update|delete|execute|query)\s*(?:<[^()]*?>\s*)?\(|\bsql(?:\.raw)?\s*(?:<[^()`]*?>\s*)?[`(]/g;

const EXEMPT = new Map([
  ['server/src/db/', 'the database itself: connection, migrations, backup and restore, placement, SQL helpers'],
  ['server/src/platform/session-cache.ts', 'LISTEN/NOTIFY on its own connection'],
  ['server/src/platform/jobs.ts', 'advisory locks around scheduled work'],
]);

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|mjs)$/.test(entry.name) && !/\.(test|repository|tables)\.ts$/.test(entry.name)) yield full;
  }
}

const problems = [];
for (const file of files(source)) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if ([...EXEMPT.keys()].some((prefix) => relative.startsWith(prefix))) continue;
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const hits = [];
  for (const match of text.matchAll(QUERY)) {
    const line = text.slice(0, match.index).split('\n').length;
    // Comments may name queries.
    if (/^\s*(\/\/|\*)/.test(lines[line - 1] ?? '')) continue;
    hits.push(line);
  }
  if (hits.length > 0) {
    problems.push(`${relative}: SQL outside a repository (lines ${hits.join(', ')}); move it into a *.repository.ts`);
  }
}
if (problems.length > 0) {
  console.error(`SQL placement:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('SQL placement: every query outside the exempt infrastructure is in a repository');
