import fs from 'node:fs';
import path from 'node:path';

/** The web app's own source root (web/src), for the tests that read the source as text. */
export const SOURCE_ROOT = import.meta.dirname;

/** Source files under `dir` whose names end with one of `extensions`, tests left out. */
export function sourceFilesUnder(dir: string, extensions: readonly string[] = ['.ts', '.tsx']): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesUnder(full, extensions);
    return extensions.some((ext) => entry.name.endsWith(ext)) && !entry.name.includes('.test.') ? [full] : [];
  });
}
