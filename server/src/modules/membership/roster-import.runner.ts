import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config';
import type { RequestContext } from '../../platform/access';
import { keyForWorker } from '../../platform/crypto';
import type { FileFormat } from '../../platform/spreadsheet';
import * as importRepo from './imports.repository';
import type { MembershipDeps } from './members.service';
import { auditImport } from './roster-import.service';

/** What a worker thread needs to run one roster import: all of it cloned into the thread. */
export interface RosterImportWork {
  databaseUrl: string;
  key: KeyObject;
  config: Config;
  context: RequestContext;
  job: { id: string; organisationId: number; dryRun: boolean };
  file: { path: string; format: FileFormat };
}

/**
 * Runs a roster import started over HTTP in a worker thread with its own heap cap
 * (GONGHUI_IMPORT_HEAP_MB) and its own connections. The import streams; on a large machine V8 would
 * otherwise let its garbage grow the server's heap by hundreds of megabytes, and an import that
 * needs more than the cap stops alone, leaving the server serving. A worker that dies before it
 * could settle its import (out of memory, say) has the import failed and audited here; its
 * committed batches stay, and a re-run of the same file completes it.
 */
export function runRosterImportInWorker(
  deps: MembershipDeps,
  context: RequestContext,
  job: RosterImportWork['job'],
  file: RosterImportWork['file'],
): Promise<void> {
  const databaseUrl = deps.db.$client.options.connectionString;
  if (!databaseUrl)
    return Promise.reject(new Error('The database pool has no connection string for the import worker'));
  const work: RosterImportWork = {
    databaseUrl,
    key: keyForWorker(deps.cipher),
    config: deps.config,
    context,
    job,
    file,
  };
  const limitMb = deps.config.membership.importHeapMb;
  const worker = new Worker(new URL('./roster-import.worker.mjs', import.meta.url), {
    workerData: work,
    resourceLimits: { maxOldGenerationSizeMb: limitMb },
  });
  return new Promise((resolve, reject) => {
    let failure: unknown = null;
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (code === 0 && failure === null) {
        resolve();
        return;
      }
      const outOfMemory = (failure as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const died = failure ?? new Error(`The roster import worker exited with code ${code}`);
      settleLeftRunning(
        deps,
        context,
        job,
        outOfMemory
          ? { code: 'membership.import_out_of_memory', params: { limitMb: String(limitMb) } }
          : { code: 'membership.import_stopped', params: {} },
      ).then(
        () => reject(died),
        (error: unknown) => reject(new AggregateError([died, error], 'The roster import worker died')),
      );
    });
  });
}

async function settleLeftRunning(
  deps: MembershipDeps,
  context: RequestContext,
  job: RosterImportWork['job'],
  failure: { code: string; params: object },
) {
  const row = await importRepo.failImportLeftRunning(deps.db, job.id, failure);
  if (!row) return;
  // The worker's own audit entry never ran: record what its committed batches did.
  await auditImport(deps.db, context, job, {
    total: row.totalRows,
    created: row.createdRows,
    updated: row.updatedRows,
    unchanged: row.unchangedRows,
    rejected: row.rejectedRows,
    committed: row.committedRows,
    failure: failure.code,
  });
}
