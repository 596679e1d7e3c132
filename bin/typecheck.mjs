#!/usr/bin/env node
// `npm run typecheck`: each TypeScript project checked by tsc, two at a time (the machine's two
// cores; one tsc uses one), the largest first. Each project's errors print as it finishes; the
// command fails if any project does.
import { spawn } from 'node:child_process';
import os from 'node:os';

const projects = ['server', 'web', 'bench', 'contract', 'e2e'];
const lanes = Math.max(1, Math.min(2, os.availableParallelism()));
const queue = [...projects];
let failed = 0;

function check(project) {
  return new Promise((resolve) => {
    const tsc = spawn('npx', ['tsc', '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tsc.stdout.on('data', (chunk) => (output += chunk));
    tsc.stderr.on('data', (chunk) => (output += chunk));
    tsc.on('close', (code) => {
      process.stdout.write(code === 0 ? `tsc -p ${project}: ok\n` : `tsc -p ${project}: failed\n${output}`);
      if (code !== 0) failed++;
      resolve();
    });
  });
}

await Promise.all(
  Array.from({ length: lanes }, async () => {
    for (let project = queue.shift(); project; project = queue.shift()) await check(project);
  }),
);
process.exit(failed > 0 ? 1 : 0);
