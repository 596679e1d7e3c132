#!/usr/bin/env node
// SQL lives in repositories (`*.repository.ts`): a query anywhere else fails `npm run check`.
// Infrastructure that is SQL by nature is exempt by folder or file, each with its reason. The
// services that still hold queries from before the rule are listed with how many: the list may
// only shrink, and a count that falls must be lowered here, so a moved query cannot come back.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'server/src');

/** Query-builder calls on a database handle, raw `sql` fragments, and pg's `query`. */
const QUERY =
  /\b(?:db|tx|client|pool|executor|\$client)\s*\.\s*(?:select|selectDistinct|insert|update|delete|execute|query)\s*\(|\bsql(?:\.raw)?\s*[`(]/g;

const EXEMPT = new Map([
  ['server/src/db/', 'the database itself: connection, migrations, backup and restore, placement, SQL helpers'],
  ['server/src/platform/session-cache.ts', 'LISTEN/NOTIFY on its own connection'],
  ['server/src/platform/jobs.ts', 'advisory locks around scheduled work'],
]);

/** Files still holding queries, and how many: move them into a repository, then lower the count. */
const PENDING = new Map([
  ['server/src/modules/assistance/assistance.seed.ts', 8],
  ['server/src/modules/democracy/congress.service.ts', 24],
  ['server/src/modules/democracy/democracy.seed.ts', 7],
  ['server/src/modules/democracy/disclosure.service.ts', 16],
  ['server/src/modules/democracy/proposals.service.ts', 26],
  ['server/src/modules/democracy/votes.service.ts', 55],
  ['server/src/modules/rights/rights.seed.ts', 5],
]);

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|mjs)$/.test(entry.name) && !/\.(test|repository|tables)\.ts$/.test(entry.name)) yield full;
  }
}

const problems = [];
const seen = new Set();
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
  if (hits.length === 0) {
    if (PENDING.has(relative)) problems.push(`${relative}: no queries left; take it off PENDING in bin/check-sql.mjs`);
    continue;
  }
  seen.add(relative);
  const allowed = PENDING.get(relative);
  if (allowed === undefined) {
    problems.push(`${relative}: SQL outside a repository (lines ${hits.join(', ')}); move it into a *.repository.ts`);
  } else if (hits.length > allowed) {
    problems.push(`${relative}: ${hits.length} queries, more than the ${allowed} it held; new ones go in a repository`);
  } else if (hits.length < allowed) {
    problems.push(`${relative}: ${hits.length} queries left; lower its count in bin/check-sql.mjs to ${hits.length}`);
  }
}
for (const relative of PENDING.keys()) {
  if (!seen.has(relative) && !fs.existsSync(path.join(root, relative))) {
    problems.push(`${relative}: listed in PENDING but gone; take it off`);
  }
}
if (problems.length > 0) {
  console.error(`SQL placement:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const left = [...PENDING.values()].reduce((a, b) => a + b, 0);
console.log(
  `SQL placement: every query outside the exempt infrastructure is in a repository, but ${left} in ${PENDING.size} files still to move`,
);
