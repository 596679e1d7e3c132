// The entry of a roster import's worker thread (roster-import.runner.ts): the thread loads the
// TypeScript sources through tsx, as bin/gonghui.mjs does for the process.
import { register } from 'tsx/esm/api';

register();
await import('./roster-import.worker.ts');
