import type { DailyJob, JobDeps } from '../../platform/jobs';
import { runLapse } from './members.service';
import * as repo from './membership.repository';

/** Imports that were running when the server stopped can never finish: mark them failed. */
export async function failInterruptedImports(deps: Pick<JobDeps, 'db'>) {
  await repo.failAbandonedImports(deps.db);
}

/** The lapse rule, nightly, over every root of the tree (cadres can preview and run it earlier). */
export const lapseJob: DailyJob = {
  name: 'membership.lapse',
  at: '03:00',
  async run(deps, log) {
    for (const root of await repo.listRootOrganisations(deps.db)) {
      const { lapsed } = await runLapse(deps, null, { organisationId: root.id });
      log(`membership lapse rule: ${lapsed} member(s) lapsed under ${root.name}`);
    }
  },
};
