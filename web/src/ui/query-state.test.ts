import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { SOURCE_ROOT, sourceFilesUnder } from '../source-files';
import { problemOf } from './query-state';

const root = SOURCE_ROOT;
// (Tests are left out: they may quote the patterns they look for.)
const files = (dir: string) => sourceFilesUnder(dir, ['.tsx']);

// Files that read with useQuery yet need none of the state helpers, and why.
const EXEMPT: Record<string, string> = {
  'ui/organisation-tree.tsx': 'the picker marks its field as an error when the name look-up fails',
};

describe('honest states', () => {
  it('every screen that reads renders its loading, failure and offline states through ui/query-state (or, on the first screens, the light kit’s)', () => {
    const offenders = files(root)
      .map((file) => path.relative(root, file))
      .filter((file) => !file.startsWith('ui/query-state'))
      .filter((file) => fs.readFileSync(path.join(root, file), 'utf8').includes('useQuery('))
      .filter((file) => !/\/(query-state|ui\/lite)'/.test(fs.readFileSync(path.join(root, file), 'utf8')))
      .filter((file) => !(file in EXEMPT));
    expect(offenders).toEqual([]);
  });

  it('no screen decides what to show on a read’s isLoading alone (a failed read is not loading either)', () => {
    const offenders = files(root)
      .map((file) => path.relative(root, file))
      .filter((file) =>
        /\bif \(\w+\.isLoading\)|\{!\w+\.isLoading &&|loading=\{\w+\.isLoading\}/.test(
          fs.readFileSync(path.join(root, file), 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('tells offline, refused, missing and failed apart', () => {
    const problem = (status: number) => new ApiError({ type: 'about:blank', title: 'x', status, code: 'x' });
    expect(problemOf(new TypeError('Failed to fetch'), true)).toBe('offline');
    expect(problemOf(new Error('x'), false)).toBe('offline');
    expect(problemOf(problem(403), true)).toBe('forbidden');
    expect(problemOf(problem(404), true)).toBe('notFound');
    expect(problemOf(problem(500), true)).toBe('error');
    expect(problemOf(problem(500), false)).toBe('error');
  });
});

describe('status tags', () => {
  it('use the solid AA colours of ui/colors, never antd’s pale presets', () => {
    const preset =
      /(<Tag\b[^>]*\bcolor=\{?["'`]|STATUS_COLOURS[^}]*?:\s*["'])(green|red|orange|blue|gold|volcano|cyan|purple|geekblue|magenta|lime|processing|success|error|warning)["'`]/s;
    const offenders = files(root)
      .filter((file) => preset.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
