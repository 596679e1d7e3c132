import { byProvince } from '../../db/placement';
import type { ModuleManifest } from '../../platform/module';
import { democracyRoutes } from './democracy.routes';
import { seedDemocracy } from './democracy.seed';
import { democracyNames } from './names.repository';
import { democracyPersonalData } from './personal-data';
import { democracyTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const democracyModule: ModuleManifest = {
  name: 'democracy',
  tables: {
    // A congress, its votes and proposals belong to one union, so to one province.
    congress_sessions: byProvince('a session of one union'),
    congress_constituencies: byProvince('part of a session'),
    congress_delegates: byProvince('members of the session’s union'),
    congress_agenda_items: byProvince('part of a session'),
    congress_documents: byProvince('part of a session'),
    congress_proposals: byProvince('part of a session'),
    proposal_cosigners: byProvince('part of a proposal'),
    votes: byProvince('a vote of one union'),
    vote_candidates: byProvince('part of a vote'),
    vote_roll: byProvince('the electorate of a vote, members of its union'),
    vote_ballot_box: byProvince('ballots of a vote'),
    vote_ballots: byProvince('ballots of a vote'),
    vote_trustees: byProvince('the trustees of a vote'),
    vote_sealed_shares: byProvince('key-ceremony shares of a vote'),
    vote_encrypted_ballots: byProvince('encrypted ballots of a vote'),
    disclosure_notices: byProvince('a notice of one organisation'),
    disclosure_reads: byProvince('read receipts of a notice'),
    disclosure_questions: byProvince('questions on a notice'),
  },
  permissions: [
    { key: 'democracy.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'democracy.manage', grantedTo: [...CADRES] },
  ],
  demo: (tx, demo) =>
    seedDemocracy(
      tx,
      demo.organisation('nanshan-electronics'),
      ['worker', 'rep.sun', 'rep.zheng'].map((username) => demo.user(username)),
    ),
  routes: democracyRoutes,
  auditNames: democracyNames,
  todo: democracyTodo,
  personalData: democracyPersonalData,
};
