import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';
import {
  boardSchema,
  ciphertextWire,
  commitmentWireSchema,
  decryptionPartWireSchema,
  pointWire,
  sealedShareWireSchema,
  wireBallotSchema,
} from './ballots/wire';
import { ratioSchema, voteRulesSchema } from './counting';

export const SESSION_STATUSES = ['preparing', 'open', 'closed'] as const;
export const DELEGATE_CATEGORIES = ['frontline', 'manager', 'other'] as const;
export const CHECK_IN_METHODS = ['qr', 'online', 'desk'] as const;
export const VOTE_KINDS = ['motion', 'election'] as const;
/** A secret vote's ballots are counted, then, when encrypted, decrypted by its trustees (tallying). */
export const VOTE_STATUSES = ['draft', 'frozen', 'open', 'tallying', 'closed'] as const;
/**
 * How ballots are kept. Encrypted: each voter's device encrypts, trustees decrypt only the sum, and
 * anyone can verify the bulletin board (issue 23). Plain: the server records each choice (mixed,
 * keyed by a receipt) — for show-of-hands and open votes; the database's superuser can link them.
 */
export const BALLOT_MODES = ['encrypted', 'plain'] as const;
export const ELECTORATES = ['congress', 'members'] as const;
export const COUNTING_METHODS = ['approval', 'plurality'] as const;
export const PROPOSAL_STATUSES = [
  'draft',
  'submitted',
  'accepted',
  'opinion',
  'assigned',
  'replied',
  'closed',
] as const;
export const SATISFACTION = ['satisfied', 'basic', 'unsatisfied'] as const;
export const COSIGNER_STATUSES = ['invited', 'signed', 'declined'] as const;

const title = z.string().trim().min(2).max(200);
const text = z.string().trim().min(1).max(20_000);
const percent = z.number().int().min(0).max(100);
const isoDate = z.iso.date().describe('Date as YYYY-MM-DD');
const timestamp = z.string().describe('ISO 8601 time');

export const itemParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  itemId: z.coerce.number().int().positive(),
});
export const documentParamsSchema = z.object({ id: z.coerce.number().int().positive(), documentId: z.uuid() });

// ---- congress sessions ----

export const createSessionBodySchema = z.strictObject({
  organisationId: z.number().int().positive(),
  term: z.number().int().min(1).max(99).describe('届'),
  meeting: z.number().int().min(1).max(99).describe('次'),
  title,
  meetingDate: isoDate,
  venue: z.string().trim().max(200).nullable().optional(),
  onlineCheckIn: z.boolean().optional(),
  quorum: ratioSchema.optional().describe('Share of all delegates that must be present; 2/3 by default'),
  frontlineMinPercent: percent.optional(),
  managersMaxPercent: percent.optional(),
  womenMinPercent: percent.nullable().optional(),
  minCosigners: z.number().int().min(0).max(20).optional(),
});
export const updateSessionBodySchema = createSessionBodySchema
  .omit({ organisationId: true })
  .partial()
  .extend({ status: z.enum(SESSION_STATUSES).optional() });

export const compositionSchema = z.object({
  total: z.number().int(),
  frontline: z.number().int(),
  managers: z.number().int(),
  women: z.number().int(),
  /** Message keys of the checks that fail, e.g. democracy.composition.frontline. */
  warnings: z.array(z.string()),
});

export const congressSessionSchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  term: z.number().int(),
  meeting: z.number().int(),
  title: z.string(),
  meetingDate: z.string(),
  venue: z.string().nullable(),
  status: z.enum(SESSION_STATUSES),
  onlineCheckIn: z.boolean(),
  quorum: ratioSchema,
  frontlineMinPercent: z.number().int(),
  managersMaxPercent: z.number().int(),
  womenMinPercent: z.number().int().nullable(),
  minCosigners: z.number().int(),
  delegates: z.number().int(),
  checkedIn: z.number().int(),
  quorumRequired: z.number().int().describe('Delegates that must be present'),
  quorumMet: z.boolean(),
  composition: compositionSchema,
  /** The venue QR code's secret; shown only to those who manage the session. */
  checkInCode: z.string().nullable(),
  createdAt: timestamp,
});
export type CongressSession = z.infer<typeof congressSessionSchema>;
export const congressSessionPageSchema = pageOf(congressSessionSchema);
export const listSessionsQuerySchema = pageQuerySchema.extend({
  organisationId: z.coerce.number().int().positive().optional(),
});

export const constituencyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  seats: z.number().int().min(1).max(1000),
});
export const constituencySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  seats: z.number().int(),
  delegates: z.number().int(),
});

export const addDelegateBodySchema = z.strictObject({
  memberNumber: z.string().trim().min(1).max(40),
  constituencyId: z.number().int().positive().nullable().optional(),
  category: z.enum(DELEGATE_CATEGORIES),
});
export const presidiumBodySchema = z.strictObject({
  delegateIds: z
    .array(z.number().int().positive())
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'validation.democracy.presidium_twice' })
    .describe(
      'The delegates of the presidium, in the order they are listed; the first three eligible are the default trustees',
    ),
});
export const delegateSchema = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  memberNumber: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  memberStatus: z.string(),
  constituencyId: z.number().int().nullable(),
  category: z.enum(DELEGATE_CATEGORIES),
  checkedInAt: timestamp.nullable(),
  checkInMethod: z.enum(CHECK_IN_METHODS).nullable(),
  /** The place in the presidium (主席团), from 1, or null; its first three with accounts are the default trustees. */
  presidiumPosition: z.number().int().nullable(),
});
export type Delegate = z.infer<typeof delegateSchema>;

export const documentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export const agendaItemBodySchema = z.strictObject({
  title,
  description: z.string().trim().max(5000).nullable().optional(),
});
export const agendaItemSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  isCurrent: z.boolean(),
  documents: z.array(documentSchema),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const congressSessionDetailSchema = congressSessionSchema.extend({
  constituencies: z.array(constituencySchema),
  delegateList: z.array(delegateSchema),
  agenda: z.array(agendaItemSchema),
});
export type CongressSessionDetail = z.infer<typeof congressSessionDetailSchema>;

export const checkInBodySchema = z.strictObject({
  code: z.string().trim().max(64).optional().describe('From the venue QR code; omit to check in online'),
});
export const checkInResultSchema = z.object({
  checkedInAt: timestamp,
  method: z.enum(CHECK_IN_METHODS),
});

// ---- votes ----

export const candidateBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  memberNumber: z.string().trim().max(40).nullable().optional(),
  note: z.string().trim().max(200).nullable().optional(),
});
export const createVoteBodySchema = z
  .strictObject({
    organisationId: z.number().int().positive().optional().describe('Defaults to the session’s union'),
    sessionId: z.number().int().positive().nullable().optional(),
    agendaItemId: z.number().int().positive().nullable().optional(),
    kind: z.enum(VOTE_KINDS),
    title,
    description: z.string().trim().max(5000).nullable().optional(),
    electorate: z.enum(ELECTORATES).describe('The session’s delegates, or the members of the union'),
    seats: z.number().int().min(1).max(500).nullable().optional(),
    counting: z.enum(COUNTING_METHODS).nullable().optional(),
    maxChoices: z.number().int().min(1).max(500).nullable().optional(),
    candidates: z.array(candidateBodySchema).max(1000).optional(),
    rules: voteRulesSchema.optional(),
    ballotMode: z
      .enum(BALLOT_MODES)
      .default('encrypted')
      .describe('Encrypted (verifiable, with trustees) unless an open vote is meant'),
  })
  .superRefine((value, ctx) => {
    if (value.electorate === 'congress' && !value.sessionId) {
      ctx.addIssue({ code: 'custom', path: ['sessionId'], message: 'validation.required' });
    }
    if (value.electorate === 'members' && !value.organisationId && !value.sessionId) {
      ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'validation.required' });
    }
    if (value.kind === 'election') {
      if (!value.seats) ctx.addIssue({ code: 'custom', path: ['seats'], message: 'validation.required' });
      if (!value.candidates?.length) {
        ctx.addIssue({ code: 'custom', path: ['candidates'], message: 'validation.required' });
      }
    }
  });

export const candidateSchema = z.object({
  position: z.number().int(),
  name: z.string(),
  memberId: z.number().int().nullable(),
  note: z.string().nullable(),
});
export const voteSchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  sessionId: z.number().int().nullable(),
  agendaItemId: z.number().int().nullable(),
  kind: z.enum(VOTE_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  electorate: z.enum(ELECTORATES),
  seats: z.number().int().nullable(),
  counting: z.enum(COUNTING_METHODS).nullable(),
  maxChoices: z.number().int().nullable(),
  rules: voteRulesSchema,
  status: z.enum(VOTE_STATUSES),
  electorateCount: z.number().int().nullable(),
  electorateWeight: z.number().int().nullable(),
  electorateHash: z.string().nullable().describe('SHA-256 of the frozen roll (member number and weight per line)'),
  frozenAt: timestamp.nullable(),
  openedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  candidates: z.array(candidateSchema),
  /** Voters who have voted: the turnout while open. Never who voted what. */
  votedCount: z.number().int(),
  ballotMode: z.enum(BALLOT_MODES),
  /** An encrypted vote's trustees and how far their key ceremony and decryption have come. */
  trustees: z.lazy(() => trusteesSchema).nullable(),
});
export type Vote = z.infer<typeof voteSchema>;
export const votePageSchema = pageOf(voteSchema);
export const listVotesQuerySchema = pageQuerySchema.extend({
  sessionId: z.coerce.number().int().positive().optional(),
  status: z.enum(VOTE_STATUSES).optional(),
});

export const rollEntrySchema = z.object({
  memberId: z.number().int(),
  memberNumber: z.string(),
  name: z.string(),
  weight: z.number().int(),
  proxyMemberId: z.number().int().nullable(),
  proxyName: z.string().nullable(),
  proxyReason: z.string().nullable(),
  voted: z.boolean(),
  votedVia: z.enum(['self', 'proxy']).nullable(),
});
export const rollPageSchema = pageOf(rollEntrySchema);
export const rollQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(50).optional() });
export const memberParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  memberId: z.coerce.number().int().positive(),
});
export const setRollEntryBodySchema = z.strictObject({
  weight: z.number().int().min(1).max(100_000).optional(),
  proxyMemberNumber: z.string().trim().max(40).nullable().optional().describe('Who casts this vote; null clears'),
  proxyReason: z.string().trim().min(2).max(500).nullable().optional(),
});

/** What a voter's device needs to encrypt a ballot of an open encrypted vote. */
export const ballotEncryptionSchema = z.object({
  publicKey: pointWire,
  fingerprint: z.string(),
  kind: z.enum(VOTE_KINDS),
  options: z.array(z.string()),
  maxChoices: z.number().int(),
});
export const ballotPaperSchema = z.object({
  vote: voteSchema,
  /** One ballot paper of an open encrypted vote: the election key and fingerprint to encrypt under. */
  encryption: ballotEncryptionSchema.nullable().optional(),
  /** Whom this person may cast for: themself and any principal who named them proxy. */
  voters: z.array(
    z.object({ memberId: z.number().int(), name: z.string(), via: z.enum(['self', 'proxy']), voted: z.boolean() }),
  ),
});
export const myVotesSchema = z.object({ items: z.array(ballotPaperSchema) });

export const castBodySchema = z.strictObject({
  choices: z.array(z.number().int().min(1).max(1000)).max(1000),
  clientKey: z.string().min(16).max(64).describe('Random key of this ballot form; a retry with it is one ballot'),
  onBehalfOf: z.number().int().positive().optional().describe('The principal’s member id, when casting as proxy'),
});
export const castResultSchema = z.object({
  receipt: z.string().describe('Random; find it in the published ballot list after the vote closes'),
});

// ---- encrypted votes: trustees, key ceremony, encrypted ballots, decryption ----

export const TRUSTEE_STAGES = ['named', 'committed', 'shared', 'accepted', 'decrypted', 'complained'] as const;
export const trusteeSchema = z.object({
  index: z.number().int(),
  memberId: z.number().int(),
  name: z.string(),
  stage: z.enum(TRUSTEE_STAGES),
});
export const trusteesSchema = z.object({
  threshold: z.number().int(),
  trustees: z.array(trusteeSchema),
  /** Every trustee has accepted their shares: the election key exists and the vote may open. */
  keyReady: z.boolean(),
  /** A trustee named senders whose shares did not match: the ceremony must start again. */
  complaint: z.array(z.number().int()).nullable(),
  decrypted: z.number().int().describe('Trustees whose decryption shares are in'),
});
export type Trustees = z.infer<typeof trusteesSchema>;

export const setTrusteesBodySchema = z
  .strictObject({
    memberNumbers: z.array(z.string().trim().min(1).max(40)).min(1).max(9).describe('In order: trustee 1, 2, …'),
    threshold: z.number().int().min(1).max(9).describe('How many of them must take part to decrypt the tally'),
  })
  .superRefine((value, ctx) => {
    if (value.threshold > value.memberNumbers.length)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'validation.democracy.threshold' });
    if (new Set(value.memberNumbers).size !== value.memberNumbers.length)
      ctx.addIssue({ code: 'custom', path: ['memberNumbers'], message: 'validation.democracy.trustee_twice' });
  });

/** What a trustee's browser needs at each step of the ceremony and of the decryption. */
export const ceremonySchema = z.object({
  voteId: z.number().int(),
  title: z.string(),
  status: z.enum(VOTE_STATUSES),
  /** The board's parameters so far (trustees as far as they have committed). */
  election: z.string(),
  threshold: z.number().int(),
  trustees: z.array(
    trusteeSchema.extend({ commitment: commitmentWireSchema.nullable(), verificationKey: pointWire.nullable() }),
  ),
  /** The signed-in member's place among the trustees, if they are one. */
  myIndex: z.number().int().nullable(),
  /** Shares sealed to the signed-in trustee by the others. */
  sealedForMe: z.array(sealedShareWireSchema),
  /** Whether the signed-in trustee has sent their shares. */
  sharesSent: z.boolean(),
  keyReady: z.boolean(),
  complaint: z.array(z.number().int()).nullable(),
  /** The election's fingerprint once every trustee has committed (decryption shares are bound to it). */
  fingerprint: z.string().nullable(),
  /** The encrypted tally to decrypt, once the vote is closed and its ballots checked. */
  tally: z.array(ciphertextWire).nullable(),
});
export type Ceremony = z.infer<typeof ceremonySchema>;
export const myTrusteeshipsSchema = z.object({
  items: z.array(
    z.object({
      voteId: z.number().int(),
      title: z.string(),
      organisationName: z.string(),
      status: z.enum(VOTE_STATUSES),
      index: z.number().int(),
      stage: z.enum(TRUSTEE_STAGES),
      /** Whether something waits for this trustee now. */
      actionNeeded: z.boolean(),
    }),
  ),
});

export const commitmentBodySchema = z.strictObject({ commitment: commitmentWireSchema });
export const sharesBodySchema = z.strictObject({ shares: z.array(sealedShareWireSchema).max(100) });
export const acceptBodySchema = z.strictObject({
  badSenders: z.array(z.number().int().min(1).max(100)).max(100).describe('Empty when every share matched'),
});
export const decryptionBodySchema = z.strictObject({ parts: z.array(decryptionPartWireSchema).max(501) });

export const castEncryptedBodySchema = z.strictObject({
  ballot: wireBallotSchema,
  onBehalfOf: z.number().int().positive().optional().describe('The principal’s member id, when casting as proxy'),
});
export const castEncryptedResultSchema = z.object({
  tracker: z.string().describe('The hash of the ballot: find it on the bulletin board'),
});
export { boardSchema };
export const trackerParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  tracker: z.string().regex(/^[0-9a-fA-F]{64}$/),
});
export const trackerFoundSchema = z.object({
  found: z.boolean().describe('The ballot is on the bulletin board'),
  counted: z.boolean().nullable().describe('Its proofs held at the close (null while the vote is open)'),
});

export const voteResultSchema = z.object({
  voteId: z.number().int(),
  kind: z.enum(VOTE_KINDS),
  rules: voteRulesSchema,
  seats: z.number().int().nullable(),
  electorateCount: z.number().int(),
  electorateWeight: z.number().int(),
  ballots: z.number().int(),
  castWeight: z.number().int(),
  abstainWeight: z.number().int(),
  quorumMet: z.boolean(),
  quorumParticipating: z.number().int(),
  majorityBase: z.number().int().nullable(),
  passed: z.boolean().nullable().describe('Motions: whether it passed'),
  elected: z.number().int().nullable().describe('Elections: seats filled'),
  invalidBallots: z.number().int().optional().describe('Encrypted votes: ballots whose proofs failed, so not counted'),
  options: z.array(
    z.object({
      position: z.number().int(),
      label: z.string(),
      votes: z.number().int(),
      outcome: z.enum(['elected', 'not_elected', 'tie']).nullable(),
    }),
  ),
});
export type VoteResult = z.infer<typeof voteResultSchema>;

export const publishedBallotSchema = z.object({
  receipt: z.string(),
  choices: z.array(z.number().int()),
  weight: z.number().int(),
});
export const publishedBallotsSchema = z.object({ items: z.array(publishedBallotSchema), total: z.number().int() });

// ---- proposals ----

export const proposalBodySchema = z.strictObject({ title, body: text });
export const updateProposalBodySchema = proposalBodySchema.partial();
export const inviteCosignersBodySchema = z.strictObject({
  delegateIds: z.array(z.number().int().positive()).min(1).max(50),
});
export const cosignBodySchema = z.strictObject({ accept: z.boolean() });
export const reviewProposalBodySchema = z.strictObject({
  decision: z.enum(['accept', 'opinion']),
  note: z.string().trim().max(2000).nullable().optional(),
});
export const assignProposalBodySchema = z.strictObject({ department: z.string().trim().min(2).max(100) });
export const replyProposalBodySchema = z.strictObject({ reply: text });
export const satisfactionBodySchema = z.strictObject({ satisfaction: z.enum(SATISFACTION) });
export const proposalSchema = z.object({
  id: z.number().int(),
  sessionId: z.number().int(),
  number: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  proposerDelegateId: z.number().int(),
  proposerName: z.string(),
  cosigners: z.array(z.object({ delegateId: z.number().int(), name: z.string(), status: z.enum(COSIGNER_STATUSES) })),
  reviewNote: z.string().nullable(),
  department: z.string().nullable(),
  reply: z.string().nullable(),
  repliedAt: timestamp.nullable(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  submittedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Proposal = z.infer<typeof proposalSchema>;
export const proposalPageSchema = pageOf(proposalSchema);
export const listProposalsQuerySchema = pageQuerySchema.extend({
  sessionId: z.coerce.number().int().positive().optional(),
  status: z.enum(PROPOSAL_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
});

// ---- affairs disclosure ----

export const noticeBodySchema = z.strictObject({
  organisationId: z.number().int().positive(),
  title,
  body: text,
});
export const questionBodySchema = z.strictObject({ question: z.string().trim().min(2).max(2000) });
export const answerBodySchema = z.strictObject({ answer: z.string().trim().min(1).max(5000) });
export const noticeQuestionSchema = z.object({
  id: z.number().int(),
  question: z.string(),
  answer: z.string().nullable(),
  answeredAt: timestamp.nullable(),
  mine: z.boolean(),
});
export const noticeSchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  title: z.string(),
  body: z.string(),
  publishedAt: timestamp,
  /** Members on the roll in the organisation's subtree, and how many have read it (cadres only). */
  audience: z.number().int().nullable(),
  reads: z.number().int().nullable(),
  read: z.boolean().nullable(),
  questions: z.array(noticeQuestionSchema),
});
export type Notice = z.infer<typeof noticeSchema>;
export const noticePageSchema = pageOf(noticeSchema);
export const questionParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  questionId: z.coerce.number().int().positive(),
});

// ---- the hall screen and the member's congress page ----

export const screenSchema = z.object({
  title: z.string(),
  organisationName: z.string(),
  status: z.enum(SESSION_STATUSES),
  delegates: z.number().int(),
  checkedIn: z.number().int(),
  quorumRequired: z.number().int(),
  quorumMet: z.boolean(),
  currentItem: z.string().nullable(),
  votes: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      kind: z.enum(VOTE_KINDS),
      status: z.enum(VOTE_STATUSES),
      electorateCount: z.number().int().nullable(),
      votedCount: z.number().int(),
      result: voteResultSchema.nullable(),
    }),
  ),
});
export type Screen = z.infer<typeof screenSchema>;

export const mySessionSchema = z.object({
  session: congressSessionSchema,
  delegateId: z.number().int(),
  checkedInAt: timestamp.nullable(),
  agenda: z.array(agendaItemSchema),
  delegates: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export const mySessionsSchema = z.object({ items: z.array(mySessionSchema) });
