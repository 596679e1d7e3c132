#!/usr/bin/env node
// The `gonghui` command: runs the TypeScript sources directly through tsx, no build step.
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

// A roster import streams its file and holds one batch at a time, so its heap is capped: on a
// large machine V8 would otherwise keep hundreds of megabytes of garbage rather than collect it.
// GONGHUI_IMPORT_HEAP_MB overrides the cap (an .xlsx with an unusually large shared-strings table).
const IMPORT_HEAP_MB = process.env.GONGHUI_IMPORT_HEAP_MB ?? '384';
const [command, subcommand] = process.argv.slice(2);
if (
  command === 'members' &&
  subcommand === 'import' &&
  !process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'))
) {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

register();
await import('../src/cli.ts');
