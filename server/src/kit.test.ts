import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { PLATFORM_PLACEMENT } from './db/placement';
import { MODULES } from './modules';

// A module is its manifest: the server's (routes, permissions, jobs, My Data) and the web's (pages
// and menu entries). These walk the source tree and fail when a module's part is wired up anywhere
// else, so a new module costs a folder and one line in each registry, and nothing can bypass them.

const root = path.resolve(import.meta.dirname, '../..');
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') yield* sources(full);
    } else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

/** Every import specifier of a file (static, dynamic and re-exports), resolved to a path from the root. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)) {
    found.push(rel(path.resolve(path.dirname(file), match[1]!)).replace(/\.(ts|tsx|js)$/, ''));
  }
  return found;
}

const moduleFolders = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

const serverFiles = [...sources(path.join(root, 'server/src'))];
const webFiles = [...sources(path.join(root, 'web/src'))];
const otherFiles = [...sources(path.join(root, 'bench')), ...sources(path.join(root, 'e2e'))];

describe('the server: a module is its manifest', () => {
  it('has one manifest per module folder, each in the registry', () => {
    expect(MODULES.map((m) => m.name).sort()).toEqual(moduleFolders('server/src/modules'));
    for (const name of moduleFolders('server/src/modules')) {
      expect(fs.existsSync(path.join(root, `server/src/modules/${name}/${name}.module.ts`)), name).toBe(true);
    }
  });

  it('registers routes only in a module’s *.routes.ts, reached only from its manifest', () => {
    const misplaced: string[] = [];
    for (const file of serverFiles) {
      const name = rel(file);
      const text = fs.readFileSync(file, 'utf8');
      // The app's own two routes (health and the OpenAPI document) are the only ones outside modules.
      // ...and platform/route.ts registers what a module's routes file names.
      if (name !== 'server/src/app.ts' && name !== 'server/src/platform/route.ts' && !name.endsWith('.routes.ts')) {
        if (/\.(get|post|put|patch|delete|route)\(\s*['`{]\s*(\/|method)/.test(text)) misplaced.push(`${name}: route`);
      }
      for (const target of importsOf(file)) {
        const routes = /^server\/src\/modules\/([^/]+)\/[^/]+\.routes$/.exec(target);
        if (routes && !new RegExp(`^server/src/modules/${routes[1]}/${routes[1]}\\.module\\.ts$`).test(name)) {
          misplaced.push(`${name} imports ${target}`);
        }
      }
    }
    for (const file of serverFiles.filter((f) => f.endsWith('.routes.ts'))) {
      // A routes file registers each route from an endpoint the contract declares, never from a bare path.
      if (/\.(get|post|put|patch|delete|route)\(\s*['`]/.test(fs.readFileSync(file, 'utf8')))
        misplaced.push(`${rel(file)}: a route by path, not by endpoint`);
    }
    for (const file of [...otherFiles, ...webFiles]) {
      for (const target of importsOf(file))
        if (/\.routes$/.test(target)) misplaced.push(`${rel(file)} imports ${target}`);
    }
    expect(misplaced).toEqual([]);
  });

  it('declares permissions, jobs and My Data providers only in manifests', () => {
    const misplaced = serverFiles
      .filter((file) => !/\/modules\/[^/]+\/[^/]+\.module\.ts$/.test(file))
      .filter((file) => /\bgrantedTo\s*:|^\s*jobs\s*:\s*\[|^\s*personalData\s*:/m.test(fs.readFileSync(file, 'utf8')))
      .map(rel);
    // The manifest's type, the deps it hands modules and the app that reads manifests name them too.
    expect(
      misplaced.filter(
        (f) => !['server/src/platform/module.ts', 'server/src/platform/deps.ts', 'server/src/app.ts'].includes(f),
      ),
    ).toEqual([]);
  });

  it('places each table in the manifest of the module that defines it, and the kernel’s in the kernel', async () => {
    /** The SQL names of the tables the *.tables.ts files of a folder define. */
    const tablesIn = async (dir: string) => {
      const names: string[] = [];
      for (const file of fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.tables.ts'))) {
        const exported: Record<string, unknown> = await import(path.join(root, dir, file));
        for (const value of Object.values(exported)) if (is(value, PgTable)) names.push(getTableName(value));
      }
      return names.sort();
    };
    for (const module of MODULES) {
      expect(Object.keys(module.tables).sort(), module.name).toEqual(
        await tablesIn(`server/src/modules/${module.name}`),
      );
    }
    expect(Object.keys(PLATFORM_PLACEMENT).sort()).toEqual(await tablesIn('server/src/platform'));
  });

  it('seeds a module’s part of the demo only through its manifest', () => {
    const misplaced = [...serverFiles, ...otherFiles].flatMap((file) =>
      importsOf(file)
        .filter((target) => {
          const seed = /^server\/src\/modules\/([^/]+)\/[^/]+\.seed$/.exec(target);
          // A module's manifest reaches its seed, and its index may share the demo's accounts.
          return (
            seed && !new RegExp(`^server/src/modules/${seed[1]}/(${seed[1]}\\.module|index)\\.ts$`).test(rel(file))
          );
        })
        .map((target) => `${rel(file)} imports ${target}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('lets only the registry import a manifest', () => {
    const importers = [...serverFiles, ...otherFiles].flatMap((file) =>
      importsOf(file)
        .filter((target) => /^server\/src\/modules\/[^/]+\/[^/]+\.module$/.test(target))
        .map(() => rel(file)),
    );
    expect([...new Set(importers)]).toEqual(['server/src/modules/index.ts']);
  });
});

describe('the web: a module is its manifest', () => {
  const registry = fs.readFileSync(path.join(root, 'web/src/modules/index.ts'), 'utf8');

  it('has a manifest per module folder, each in WEB_MODULES', () => {
    for (const name of moduleFolders('web/src/modules')) {
      expect(fs.existsSync(path.join(root, `web/src/modules/${name}/manifest.ts`)), name).toBe(true);
      expect(registry, name).toContain(`from './${name}/manifest'`);
    }
  });

  it('reaches a module’s pages only through its manifest', () => {
    const misplaced: string[] = [];
    for (const file of webFiles) {
      const name = rel(file);
      const own = /^web\/src\/modules\/([^/]+)\//.exec(name)?.[1];
      for (const target of importsOf(file)) {
        const into = /^web\/src\/modules\/([^/]+)\/(.+)$/.exec(target);
        if (!into || into[1] === own) continue;
        if (name === 'web/src/modules/index.ts' && into[2] === 'manifest') continue;
        misplaced.push(`${name} imports ${target}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
