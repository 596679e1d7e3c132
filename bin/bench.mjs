#!/usr/bin/env node
// `npm run bench`: runs the benchmark suite from its TypeScript sources.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
