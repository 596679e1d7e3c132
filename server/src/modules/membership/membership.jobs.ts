import type { DailyJob, IntervalJob, JobDeps } from '../../platform/jobs';
import * as importRepo from './imports.repository';
import { runLapse } from './members.service';
import * as statsRepo from './statistics.repository';

/** Imports that were running when the server stopped can never finish: mark them failed. */
export async function failInterruptedImports(deps: Pick<JobDeps, 'db'>) {
  await importRepo.failAbandonedImports(deps.db, 0);
}

/** Seconds a new import has to take its lock before its silence counts as death. */
export const IMPORT_START_GRACE_SECONDS = 30;

/**
 * An import whose process died while the server runs (a killed CLI, a crashed host) holds no lock:
 * within twenty seconds it is failed, past a short grace for an import still starting.
 */
export const abandonedImportsJob: IntervalJob = {
  name: 'membership.abandoned_imports',
  everySeconds: 20,
  async run(deps) {
    await importRepo.failAbandonedImports(deps.db, IMPORT_START_GRACE_SECONDS);
  },
};

/** The lapse rule, nightly, over every root of the tree (cadres can preview and run it earlier). */
export const lapseJob: DailyJob = {
  name: 'membership.lapse',
  at: '03:00',
  async run(deps, log) {
    for (const root of await statsRepo.listRootOrganisations(deps.db)) {
      const { lapsed } = await runLapse(deps, null, { organisationId: root.id });
      log(`membership lapse rule: ${lapsed} member(s) lapsed under ${root.name}`);
    }
  },
};
