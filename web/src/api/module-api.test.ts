import fs from 'node:fs';
import path from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { membershipApi } from '../modules/membership/api';

const SRC = path.resolve(import.meta.dirname, '..');
const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });

describe('a module’s api.ts', () => {
  it('keys each read by module, endpoint and arguments', () => {
    const options = membershipApi.query('getMember', { params: { id: 'm1' } });
    expect(options.queryKey).toEqual(['membership', 'getMember', { params: { id: 'm1' } }]);
    expect(membershipApi.key('listMembers')).toEqual(['membership', 'listMembers']);
  });

  it('marks stale exactly the reads a write names, and leaves the rest', async () => {
    const client = new QueryClient();
    const seed = (name: string, args: unknown) => client.setQueryData(['membership', name, args], { seeded: true });
    seed('listTransfers', { query: { page: 1 } });
    seed('listMembers', { query: {} });
    seed('getMember', { params: { id: 'm1' } });
    seed('listArrears', { query: {} });
    seed('listCalendarDays', { query: {} });
    await membershipApi.invalidate(client, 'releaseTransfer');
    const stale = client
      .getQueryCache()
      .getAll()
      .filter((query) => query.isStale())
      .map((query) => query.queryKey[1]);
    // A transfer changes the transfer list and the member's record, not dues or the calendar.
    expect(stale.sort()).toEqual(['getMember', 'listMembers', 'listTransfers']);
  });

  it('is the only way pages reach the API: no bare paths, hand-built keys or hand-made invalidation', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(path.join(SRC, 'modules'))) {
      const text = fs.readFileSync(file, 'utf8');
      const name = path.relative(SRC, file);
      if (/['`]\/api\/v1/.test(text)) offences.push(`${name}: a bare /api/v1 path`);
      if (/\bfetch\(/.test(text)) offences.push(`${name}: fetch()`);
      if (/queryKey:\s*\[/.test(text)) offences.push(`${name}: a hand-built query key`);
      if (/invalidateQueries\(\{\s*queryKey:\s*\[/.test(text)) offences.push(`${name}: a hand-made invalidation`);
      if (/useMutation\(/.test(text)) offences.push(`${name}: a mutation outside api.ts`);
    }
    expect(offences).toEqual([]);
  });
});
