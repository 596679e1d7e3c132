import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, provinceCode, ref } from '../../db/columns';
import { documents } from '../../platform/documents.tables';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { members } from '../membership/membership.tables';

// Distributed by province_code with the member tables (its manifest’s tables): a congress, its votes and
// its proposals belong to one union, so one province, and join on one shard.
const id = () => bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity();
const toMember = (name: string, t: { provinceCode: AnyPgColumn }, memberId: AnyPgColumn) =>
  foreignKey({ name, columns: [memberId, t.provinceCode], foreignColumns: [members.id, members.provinceCode] });
const toSession = (name: string, t: { sessionId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.sessionId, t.provinceCode],
    foreignColumns: [congressSessions.id, congressSessions.provinceCode],
  }).onDelete('cascade');
const toVote = (name: string, t: { voteId: AnyPgColumn; provinceCode: AnyPgColumn }) =>
  foreignKey({ name, columns: [t.voteId, t.provinceCode], foreignColumns: [votes.id, votes.provinceCode] });

/** A workers' congress session (届/次) of one union, with its quorum and composition thresholds. */
export const congressSessions = pgTable(
  'congress_sessions',
  {
    id: id(),
    provinceCode: provinceCode(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    term: smallint('term').notNull(),
    meeting: smallint('meeting').notNull(),
    title: text('title').notNull(),
    meetingDate: date('meeting_date', { mode: 'string' }).notNull(),
    venue: text('venue'),
    status: text('status').notNull().default('preparing'),
    onlineCheckIn: boolean('online_check_in').notNull().default(true),
    // Random; the venue QR carries it. Rotating it invalidates printed codes.
    checkInCode: text('check_in_code').notNull(),
    quorumNum: smallint('quorum_num').notNull().default(2),
    quorumDen: smallint('quorum_den').notNull().default(3),
    frontlineMinPercent: smallint('frontline_min_percent').notNull().default(50),
    managersMaxPercent: smallint('managers_max_percent').notNull().default(20),
    womenMinPercent: smallint('women_min_percent'),
    minCosigners: smallint('min_cosigners').notNull().default(2),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'congress_sessions_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('congress_sessions_term_key').on(t.organisationId, t.term, t.meeting, t.provinceCode),
    check('congress_sessions_status_check', sql`${t.status} IN ('preparing','open','closed')`),
    check('congress_sessions_quorum_check', sql`${t.quorumNum} > 0 AND ${t.quorumDen} >= ${t.quorumNum}`),
  ],
);

export const congressConstituencies = pgTable(
  'congress_constituencies',
  {
    id: id(),
    provinceCode: provinceCode(),
    sessionId: ref('session_id').notNull(),
    name: text('name').notNull(),
    seats: smallint('seats').notNull(),
  },
  (t) => [
    primaryKey({ name: 'congress_constituencies_pkey', columns: [t.id, t.provinceCode] }),
    toSession('congress_constituencies_session_fk', t),
    uniqueIndex('congress_constituencies_name_key').on(t.sessionId, t.name, t.provinceCode),
    check('congress_constituencies_seats_check', sql`${t.seats} > 0`),
  ],
);

/** An elected delegate of a session: a member of the union, with the category composition checks use. */
export const congressDelegates = pgTable(
  'congress_delegates',
  {
    id: id(),
    provinceCode: provinceCode(),
    sessionId: ref('session_id').notNull(),
    constituencyId: ref('constituency_id'),
    memberId: ref('member_id').notNull(),
    category: text('category').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkInMethod: text('check_in_method'),
    /**
     * The delegate's place in the session's presidium (主席团), from 1; null when not in it. The
     * first three with accounts are by default the trustees of the session's secret votes.
     */
    presidiumPosition: smallint('presidium_position'),
  },
  (t) => [
    primaryKey({ name: 'congress_delegates_pkey', columns: [t.id, t.provinceCode] }),
    toSession('congress_delegates_session_fk', t),
    toMember('congress_delegates_member_fk', t, t.memberId),
    foreignKey({
      name: 'congress_delegates_constituency_fk',
      columns: [t.constituencyId, t.provinceCode],
      foreignColumns: [congressConstituencies.id, congressConstituencies.provinceCode],
    }),
    uniqueIndex('congress_delegates_member_key').on(t.sessionId, t.memberId, t.provinceCode),
    index('congress_delegates_member_idx').on(t.memberId),
    check('congress_delegates_category_check', sql`${t.category} IN ('frontline','manager','other')`),
    check('congress_delegates_method_check', sql`${t.checkInMethod} IN ('qr','online','desk')`),
    check('congress_delegates_presidium_check', sql`${t.presidiumPosition} > 0`),
  ],
);

export const congressAgendaItems = pgTable(
  'congress_agenda_items',
  {
    id: id(),
    provinceCode: provinceCode(),
    sessionId: ref('session_id').notNull(),
    position: smallint('position').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    isCurrent: boolean('is_current').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'congress_agenda_items_pkey', columns: [t.id, t.provinceCode] }),
    toSession('congress_agenda_items_session_fk', t),
    index('congress_agenda_items_session_idx').on(t.sessionId, t.position),
  ],
);

/** A document of an agenda item; the type is read from the content, the hash identifies it. */
export const congressDocuments = pgTable(
  'congress_documents',
  {
    // The document in the one store (platform/documents.tables.ts): its file, type, size and hash.
    id: uuid('id').notNull(),
    provinceCode: provinceCode(),
    sessionId: ref('session_id').notNull(),
    agendaItemId: ref('agenda_item_id').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'congress_documents_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'congress_documents_document_fk',
      columns: [t.id, t.provinceCode],
      foreignColumns: [documents.id, documents.provinceCode],
    }),
    toSession('congress_documents_session_fk', t),
    foreignKey({
      name: 'congress_documents_item_fk',
      columns: [t.agendaItemId, t.provinceCode],
      foreignColumns: [congressAgendaItems.id, congressAgendaItems.provinceCode],
    }).onDelete('cascade'),
  ],
);

/**
 * A vote or election of the democracy engine. Rules are data (contract: voteRulesSchema); the
 * electorate is frozen into vote_roll and hashed; the result is written once, at close.
 */
export const votes = pgTable(
  'votes',
  {
    id: id(),
    provinceCode: provinceCode(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    sessionId: ref('session_id'),
    agendaItemId: ref('agenda_item_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    electorate: text('electorate').notNull(),
    seats: smallint('seats'),
    counting: text('counting'),
    maxChoices: smallint('max_choices'),
    rules: jsonb('rules').notNull(),
    status: text('status').notNull().default('draft'),
    electorateCount: integer('electorate_count'),
    electorateWeight: integer('electorate_weight'),
    electorateHash: text('electorate_hash'),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    result: jsonb('result'),
    // Encrypted (verifiable; trustees decrypt only the sum) or plain (today's mixed ballots, for
    // open votes). Rows from before encrypted votes are plain.
    ballotMode: text('ballot_mode').notNull().default('plain'),
    // An encrypted vote's identifier on its bulletin board (random, so no two boards share it) and
    // how many of its trustees must take part to decrypt.
    election: text('election'),
    threshold: smallint('threshold'),
    // The encrypted tally (one ciphertext per option, then blank), once the ballots are checked.
    encryptedTally: jsonb('encrypted_tally'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'votes_pkey', columns: [t.id, t.provinceCode] }),
    toSession('votes_session_fk', t),
    index('votes_organisation_idx').on(t.organisationId),
    index('votes_session_idx').on(t.sessionId),
    check('votes_kind_check', sql`${t.kind} IN ('motion','election')`),
    check('votes_electorate_check', sql`${t.electorate} IN ('congress','members')`),
    check('votes_counting_check', sql`${t.counting} IN ('approval','plurality')`),
    check('votes_status_check', sql`${t.status} IN ('draft','frozen','open','tallying','closed')`),
    check('votes_ballot_mode_check', sql`${t.ballotMode} IN ('encrypted','plain')`),
  ],
);

export const voteCandidates = pgTable(
  'vote_candidates',
  {
    voteId: ref('vote_id').notNull(),
    provinceCode: provinceCode(),
    // The number a ballot names; 1-based, in the order shown on the ballot paper.
    position: smallint('position').notNull(),
    name: text('name').notNull(),
    memberId: ref('member_id'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ name: 'vote_candidates_pkey', columns: [t.voteId, t.position, t.provinceCode] }),
    toVote('vote_candidates_vote_fk', t),
  ],
);

/**
 * Who may vote and whether they have: the roll. It holds no choice and no time of voting, and the
 * ballot table holds no voter, so the two cannot be joined (see votes.service.ts on mixing).
 */
export const voteRoll = pgTable(
  'vote_roll',
  {
    voteId: ref('vote_id').notNull(),
    provinceCode: provinceCode(),
    memberId: ref('member_id').notNull(),
    userId: uuid('user_id'),
    weight: integer('weight').notNull().default(1),
    proxyMemberId: ref('proxy_member_id'),
    proxyReason: text('proxy_reason'),
    voted: boolean('voted').notNull().default(false),
    votedVia: text('voted_via'),
    // Sealed once the voter's ballot is mixed (see mixBallots), and every row at close: a cast
    // claims only unsealed rows, so none can slip in after the close, whatever its snapshot.
    sealed: boolean('sealed').notNull().default(false),
    // An encrypted vote's ballot tracker (the hash of the encrypted ballot): links the voter to a
    // ciphertext only, which no one but a threshold of trustees could open, and they open only sums.
    tracker: text('tracker'),
  },
  (t) => [
    primaryKey({ name: 'vote_roll_pkey', columns: [t.voteId, t.memberId, t.provinceCode] }),
    toVote('vote_roll_vote_fk', t),
    toMember('vote_roll_member_fk', t, t.memberId),
    // A cast finds its roll row by vote and account: both in one index, so the plan cannot fall
    // back to scanning the vote's whole roll.
    index('vote_roll_voter_idx').on(t.voteId, t.userId),
    index('vote_roll_member_idx').on(t.memberId),
    index('vote_roll_proxy_idx').on(t.proxyMemberId),
    check('vote_roll_weight_check', sql`${t.weight} > 0`),
    check('vote_roll_via_check', sql`${t.votedVia} IN ('self','proxy')`),
  ],
);

/** A ballot: the vote, a random receipt as its key, the choices and a weight — nothing else. */
const ballotTable = (name: string) =>
  pgTable(
    name,
    {
      voteId: ref('vote_id').notNull(),
      provinceCode: provinceCode(),
      receipt: text('receipt').notNull(),
      choices: smallint('choices').array().notNull(),
      weight: integer('weight').notNull(),
    },
    (t) => [
      primaryKey({ name: `${name}_pkey`, columns: [t.voteId, t.receipt, t.provinceCode] }),
      toVote(`${name}_vote_fk`, t),
    ],
  );

/** Ballots as cast, before mixing: no voter, no time, no ordered id. Mixing moves them, shuffled, into vote_ballots. */
export const voteBallotBox = ballotTable('vote_ballot_box');

/** Mixed ballots: what is counted and, after close, published for anyone to recount. */
export const voteBallots = ballotTable('vote_ballots');

/**
 * The trustees of an encrypted vote and their public part of the key ceremony: commitments, then
 * (once every share to them matched) acceptance, then their decryption shares of the tally. Their
 * secret shares never reach the server.
 */
export const voteTrustees = pgTable(
  'vote_trustees',
  {
    voteId: ref('vote_id').notNull(),
    provinceCode: provinceCode(),
    // 1-based: the point the trustee's share is evaluated at.
    position: smallint('position').notNull(),
    memberId: ref('member_id').notNull(),
    commitment: jsonb('commitment'),
    sharesSentAt: timestamp('shares_sent_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    // Senders whose shares did not match the commitments, as this trustee found.
    complaint: smallint('complaint').array(),
    decryption: jsonb('decryption'),
    decryptedAt: timestamp('decrypted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'vote_trustees_pkey', columns: [t.voteId, t.position, t.provinceCode] }),
    toVote('vote_trustees_vote_fk', t),
    toMember('vote_trustees_member_fk', t, t.memberId),
    uniqueIndex('vote_trustees_member_key').on(t.voteId, t.memberId, t.provinceCode),
    index('vote_trustees_member_idx').on(t.memberId),
  ],
);

/** Key-ceremony shares in transit between trustees, each sealed to its recipient: the server cannot read them. */
export const voteSealedShares = pgTable(
  'vote_sealed_shares',
  {
    voteId: ref('vote_id').notNull(),
    provinceCode: provinceCode(),
    fromPosition: smallint('from_position').notNull(),
    toPosition: smallint('to_position').notNull(),
    share: jsonb('share').notNull(),
  },
  (t) => [
    primaryKey({ name: 'vote_sealed_shares_pkey', columns: [t.voteId, t.fromPosition, t.toPosition, t.provinceCode] }),
    toVote('vote_sealed_shares_vote_fk', t),
  ],
);

/**
 * Encrypted ballots as their voters' devices made them: the canonical JSON, its hash (the tracker)
 * and the voter's public weight. Proofs are checked in batches after acceptance, before the tally;
 * `valid` is null until then.
 */
export const voteEncryptedBallots = pgTable(
  'vote_encrypted_ballots',
  {
    voteId: ref('vote_id').notNull(),
    provinceCode: provinceCode(),
    tracker: text('tracker').notNull(),
    weight: integer('weight').notNull(),
    /** The ballot's values as bytes (ballot-bytes.ts), stored out of line and uncompressed. */
    ballot: bytea('ballot').notNull(),
    valid: boolean('valid'),
  },
  (t) => [
    primaryKey({ name: 'vote_encrypted_ballots_pkey', columns: [t.voteId, t.tracker, t.provinceCode] }),
    toVote('vote_encrypted_ballots_vote_fk', t),
  ],
);

/** A proposal (提案) of a delegate to the session, through co-signing, review, handling and reply. */
export const congressProposals = pgTable(
  'congress_proposals',
  {
    id: id(),
    provinceCode: provinceCode(),
    sessionId: ref('session_id').notNull(),
    proposerDelegateId: ref('proposer_delegate_id').notNull(),
    number: text('number'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('draft'),
    reviewNote: text('review_note'),
    department: text('department'),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    satisfaction: text('satisfaction'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'congress_proposals_pkey', columns: [t.id, t.provinceCode] }),
    toSession('congress_proposals_session_fk', t),
    foreignKey({
      name: 'congress_proposals_proposer_fk',
      columns: [t.proposerDelegateId, t.provinceCode],
      foreignColumns: [congressDelegates.id, congressDelegates.provinceCode],
    }),
    index('congress_proposals_session_idx').on(t.sessionId, t.status),
    check(
      'congress_proposals_status_check',
      sql`${t.status} IN ('draft','submitted','accepted','opinion','assigned','replied','closed')`,
    ),
    check('congress_proposals_satisfaction_check', sql`${t.satisfaction} IN ('satisfied','basic','unsatisfied')`),
  ],
);

export const proposalCosigners = pgTable(
  'proposal_cosigners',
  {
    proposalId: ref('proposal_id').notNull(),
    provinceCode: provinceCode(),
    delegateId: ref('delegate_id').notNull(),
    status: text('status').notNull().default('invited'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'proposal_cosigners_pkey', columns: [t.proposalId, t.delegateId, t.provinceCode] }),
    foreignKey({
      name: 'proposal_cosigners_proposal_fk',
      columns: [t.proposalId, t.provinceCode],
      foreignColumns: [congressProposals.id, congressProposals.provinceCode],
    }).onDelete('cascade'),
    foreignKey({
      name: 'proposal_cosigners_delegate_fk',
      columns: [t.delegateId, t.provinceCode],
      foreignColumns: [congressDelegates.id, congressDelegates.provinceCode],
    }),
    index('proposal_cosigners_delegate_idx').on(t.delegateId),
    check('proposal_cosigners_status_check', sql`${t.status} IN ('invited','signed','declined')`),
  ],
);

/** Affairs disclosure (厂务公开): a notice to the members of an organisation's subtree. */
export const disclosureNotices = pgTable(
  'disclosure_notices',
  {
    id: id(),
    provinceCode: provinceCode(),
    organisationId: ref('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'disclosure_notices_pkey', columns: [t.id, t.provinceCode] }),
    index('disclosure_notices_organisation_idx').on(t.organisationId),
  ],
);

export const disclosureReads = pgTable(
  'disclosure_reads',
  {
    noticeId: ref('notice_id').notNull(),
    provinceCode: provinceCode(),
    memberId: ref('member_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'disclosure_reads_pkey', columns: [t.noticeId, t.memberId, t.provinceCode] }),
    foreignKey({
      name: 'disclosure_reads_notice_fk',
      columns: [t.noticeId, t.provinceCode],
      foreignColumns: [disclosureNotices.id, disclosureNotices.provinceCode],
    }),
    toMember('disclosure_reads_member_fk', t, t.memberId),
  ],
);

export const disclosureQuestions = pgTable(
  'disclosure_questions',
  {
    id: id(),
    provinceCode: provinceCode(),
    noticeId: ref('notice_id').notNull(),
    memberId: ref('member_id').notNull(),
    question: text('question').notNull(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'disclosure_questions_pkey', columns: [t.id, t.provinceCode] }),
    foreignKey({
      name: 'disclosure_questions_notice_fk',
      columns: [t.noticeId, t.provinceCode],
      foreignColumns: [disclosureNotices.id, disclosureNotices.provinceCode],
    }),
    toMember('disclosure_questions_member_fk', t, t.memberId),
    index('disclosure_questions_notice_idx').on(t.noticeId),
  ],
);
