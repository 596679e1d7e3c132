import type { ModuleManifest } from '../../platform/module';
import { deliverDue } from './deliver';
import { reachRoutes } from './reach.routes';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

/**
 * Reach and voice: the message centre (every module's messages to a person, by the channels they
 * chose), then notices and surveys.
 */
export const reachModule: ModuleManifest = {
  name: 'reach',
  tables: {
    messages: {
      kind: 'distributed',
      column: 'user_id',
      reason: 'an inbox is one person’s: sharded by recipient, so it is read on one shard',
    },
    message_deliveries: {
      kind: 'distributed',
      column: 'user_id',
      reason: 'with its message, on the recipient’s shard',
    },
    message_preferences: {
      kind: 'distributed',
      column: 'user_id',
      reason: 'read with the recipient’s messages when they are sent',
    },
  },
  permissions: [{ key: 'reach.deliveries', grantedTo: [...CADRES] }],
  routes: reachRoutes,
  jobs: [
    {
      name: 'reach.deliveries',
      everySeconds: 15,
      async run(deps, log) {
        const done = await deliverDue(deps);
        if (done.sent + done.failed + done.skipped + done.retrying > 0)
          log(
            `reach: ${done.sent} sent, ${done.failed} failed, ${done.skipped} skipped, ${done.retrying} to try again`,
          );
      },
    },
  ],
};
