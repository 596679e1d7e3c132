import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_ROOT, sourceFilesUnder } from '../source-files';

const root = SOURCE_ROOT;
const files = (dir: string) => sourceFilesUnder(dir, ['.tsx']);
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('forms', () => {
  // (A file whose forms share one submit path, like the sign-in page's, calls it once.)
  it('every file with a form puts the server’s field errors on its fields (through showServerErrors)', () => {
    const offenders = files(root).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const forms = count(text, /onFinish=/g);
      const handled = count(text, /showServerErrors\(/g);
      return forms > 0 && handled === 0 ? [`${path.relative(root, file)}: ${forms} forms, ${handled} handled`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
