#!/usr/bin/env node
// The `gonghui` command: runs the TypeScript sources directly through tsx, no build step.
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

// A roster import streams its file and holds one batch at a time, so its heap is capped: on a
// large machine V8 would otherwise keep hundreds of megabytes of garbage rather than collect it.
// The cap is GONGHUI_IMPORT_HEAP_MB, read and checked by config.ts like every other setting.
register();
const [command, subcommand] = process.argv.slice(2);
if (
  command === 'members' &&
  subcommand === 'import' &&
  !process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'))
) {
  const { loadConfig } = await import('../src/config.ts');
  let heapMb;
  try {
    heapMb = loadConfig().membership.importHeapMb;
  } catch (error) {
    process.stderr.write(`gonghui: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  // Ctrl-C reaches the child with its terminal's process group; a SIGTERM sent to this process alone
  // is passed on. Either way this process waits for the child's exit code.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await import('../src/cli.ts');
}
