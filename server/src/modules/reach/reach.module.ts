import type { ModuleManifest } from '../../platform/module';
import { deliverDue } from './deliver';
import { countLive, escalateDue } from './notices.service';
import { reachRoutes } from './reach.routes';
import { seedReach } from './reach.seed';
import { closeDue, inviteOpened, mixDue } from './surveys.service';

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
    notices: { kind: 'reference', reason: 'a few per organisation a year; read with every inbox, on every node' },
    notice_reads: {
      kind: 'distributed',
      column: 'user_id',
      reason: 'a reader’s receipts, on their shard with their messages',
    },
    notice_audience: {
      kind: 'distributed',
      column: 'notice_id',
      reason: 'a notice’s counts per organisation, summed together for its read rates',
    },
    notice_chases: { kind: 'distributed', column: 'notice_id', reason: 'with the notice’s counts' },
    surveys: { kind: 'reference', reason: 'a few per organisation a year; read with every answer, on every node' },
    survey_quotas: {
      kind: 'distributed',
      column: 'survey_id',
      reason: 'a survey’s quotas, locked together when an answer comes',
    },
    survey_participants: {
      kind: 'distributed',
      column: 'survey_id',
      reason: 'one per person and survey, checked with the survey’s quotas in one transaction',
    },
    survey_drafts: { kind: 'distributed', column: 'survey_id', reason: 'with the survey’s participants' },
    survey_answer_box: { kind: 'distributed', column: 'survey_id', reason: 'mixed into the survey’s answers' },
    survey_responses: {
      kind: 'distributed',
      column: 'survey_id',
      reason: 'a survey’s answers on one shard, so its crosstabs run there',
    },
    survey_audience: { kind: 'distributed', column: 'survey_id', reason: 'a survey’s counts per organisation' },
    survey_tallies: {
      kind: 'distributed',
      column: 'survey_id',
      reason: 'a survey’s answers counted per organisation, summed for its results on its shard',
    },
    survey_chases: { kind: 'distributed', column: 'survey_id', reason: 'with the survey’s counts' },
    survey_enumerators: { kind: 'distributed', column: 'survey_id', reason: 'with the survey' },
  },
  permissions: [
    { key: 'reach.deliveries', grantedTo: [...CADRES] },
    { key: 'notice.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'notice.manage', grantedTo: [...CADRES] },
    { key: 'survey.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'survey.manage', grantedTo: [...CADRES] },
  ],
  demo: seedReach,
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
    {
      name: 'reach.notices',
      everySeconds: 15,
      async run(deps, log) {
        const counted = await countLive(deps);
        const escalated = await escalateDue(deps);
        if (counted + escalated > 0) log(`reach: ${counted} notices counted, ${escalated} branches escalated`);
      },
    },
    {
      name: 'reach.surveys',
      everySeconds: 15,
      async run(deps, log) {
        const closed = await closeDue(deps);
        const invited = await inviteOpened(deps);
        const mixed = await mixDue(deps);
        if (closed + invited + mixed > 0)
          log(`reach: ${invited} surveys opened, ${closed} closed, ${mixed} anonymous answers mixed`);
      },
    },
  ],
};
