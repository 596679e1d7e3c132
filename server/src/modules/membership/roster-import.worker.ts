import { workerData } from 'node:worker_threads';
import { connect } from '../../db/client';
import { cipherFromKey } from '../../platform/crypto';
import type { RosterImportWork } from './roster-import.runner';
import { runRosterImport } from './roster-import.service';

// One import, then the thread ends: a connection holds the import's lock, the others write batches.
const work = workerData as RosterImportWork;
const { db, pool } = connect(work.databaseUrl, { max: 3 });
try {
  await runRosterImport(
    { db, cipher: cipherFromKey(work.key), config: work.config },
    work.context,
    work.job,
    work.file,
  );
} finally {
  await pool.end();
}
