import { z } from 'zod';

/**
 * The counting rules of the democracy engine, as data, and the pure functions that apply them.
 * The server decides with these; anyone can recount a published ballot list with the same code.
 * Every comparison is done on integers (votes × den against num × base): no rounding anywhere.
 */

export const COMPARISONS = ['strict', 'inclusive'] as const;
export type Comparison = (typeof COMPARISONS)[number];
/**
 * What a majority is a share of: every eligible vote (`electorate`), every ballot cast including
 * abstentions and blank ballots (`cast`), ballots cast less abstentions (`valid`), or nothing — the
 * most votes win (`none`, plurality).
 */
export const MAJORITY_BASES = ['electorate', 'cast', 'valid', 'none'] as const;
export type MajorityBase = (typeof MAJORITY_BASES)[number];

export const ratioSchema = z
  .strictObject({ num: z.number().int().min(0).max(1000), den: z.number().int().min(1).max(1000) })
  .refine((r) => r.num <= r.den, { message: 'validation.democracy.ratio', path: ['num'] });
export type Ratio = z.infer<typeof ratioSchema>;

/**
 * What the quorum counts: voters taking part in this vote (`turnout`), or, for a congress vote,
 * delegates on the roll checked in to the session when the vote closes (`attendance`).
 */
export const QUORUM_BASES = ['turnout', 'attendance'] as const;
export type QuorumBase = (typeof QUORUM_BASES)[number];

export const voteRulesSchema = z.strictObject({
  quorum: z.strictObject({
    base: z.enum(QUORUM_BASES),
    ratio: ratioSchema.describe('Share of the electorate’s weight that must take part; 0/1 for none'),
    comparison: z.enum(COMPARISONS),
    countAbstentions: z.boolean().describe('Whether abstentions and blank ballots count as taking part'),
  }),
  majority: z.strictObject({
    base: z.enum(MAJORITY_BASES),
    ratio: ratioSchema,
    comparison: z.enum(COMPARISONS),
  }),
  competitive: z
    .strictObject({
      minExcessPercent: z.number().int().min(0).max(100),
      minExtra: z.number().int().min(0).max(100),
    })
    .nullable()
    .describe('差额选举: candidates must exceed seats by this share and number; null allows equal slates'),
});
export type VoteRules = z.infer<typeof voteRulesSchema>;

/**
 * Congress defaults: at least 2/3 of all delegates present, and a resolution passes (a candidate
 * is elected) with more than 1/2 of all delegates.
 */
export const DEFAULT_VOTE_RULES: VoteRules = {
  quorum: { base: 'attendance', ratio: { num: 2, den: 3 }, comparison: 'inclusive', countAbstentions: true },
  majority: { base: 'electorate', ratio: { num: 1, den: 2 }, comparison: 'strict' },
  competitive: { minExcessPercent: 5, minExtra: 1 },
};

/** Defaults for a members' vote (no session to attend): at least 2/3 of the members take part. */
export const DEFAULT_MEMBER_VOTE_RULES: VoteRules = {
  ...DEFAULT_VOTE_RULES,
  quorum: { ...DEFAULT_VOTE_RULES.quorum, base: 'turnout' },
};

/** `value` against `ratio` × `base`, exactly. */
export function meets(value: number, ratio: Ratio, base: number, comparison: Comparison): boolean {
  const left = BigInt(value) * BigInt(ratio.den);
  const right = BigInt(ratio.num) * BigInt(base);
  return comparison === 'strict' ? left > right : left >= right;
}

/** The smallest slate a competitive election accepts: ⌈seats × (1 + p%)⌉ and at least seats + extra. */
export function minimumCandidates(rules: VoteRules, seats: number): number {
  if (!rules.competitive) return seats;
  const { minExcessPercent, minExtra } = rules.competitive;
  // ⌈seats × (100 + p) / 100⌉ in integers
  const byShare = Math.floor((seats * (100 + minExcessPercent) + 99) / 100);
  return Math.max(byShare, seats + minExtra);
}

export const MOTION_CHOICES = ['for', 'against', 'abstain'] as const;
export type MotionChoice = (typeof MOTION_CHOICES)[number];

/**
 * A ballot as published: its choices (1-based option numbers — a motion's options are 1 for,
 * 2 against, 3 abstain; an election's are candidate positions, none for a blank ballot) and weight.
 */
export interface CountedBallot {
  choices: readonly number[];
  weight: number;
}

export interface Turnout {
  electorateWeight: number;
  /** Weight of all ballots cast. */
  castWeight: number;
  /** Weight of abstentions (motion) or blank ballots (election). */
  abstainWeight: number;
  /** Weight of the voters present (checked in to the session); for an `attendance` quorum. */
  attendanceWeight?: number | undefined;
}

export interface QuorumOutcome {
  met: boolean;
  /** The participating weight counted against the threshold. */
  participating: number;
}

export function quorumOf(rules: VoteRules, turnout: Turnout): QuorumOutcome {
  const participating =
    rules.quorum.base === 'attendance'
      ? (turnout.attendanceWeight ?? 0)
      : rules.quorum.countAbstentions
        ? turnout.castWeight
        : turnout.castWeight - turnout.abstainWeight;
  return {
    met: meets(participating, rules.quorum.ratio, turnout.electorateWeight, rules.quorum.comparison),
    participating,
  };
}

/** The weight a majority is measured against; null for plurality. */
export function majorityBase(rules: VoteRules, turnout: Turnout): number | null {
  switch (rules.majority.base) {
    case 'electorate':
      return turnout.electorateWeight;
    case 'cast':
      return turnout.castWeight;
    case 'valid':
      return turnout.castWeight - turnout.abstainWeight;
    case 'none':
      return null;
  }
}

export interface MotionOutcome extends Turnout {
  for: number;
  against: number;
  abstain: number;
  quorum: QuorumOutcome;
  base: number | null;
  passed: boolean;
}

export function evaluateMotion(
  rules: VoteRules,
  counts: { electorateWeight: number; for: number; against: number; abstain: number; attendanceWeight?: number },
): MotionOutcome {
  const turnout: Turnout = {
    electorateWeight: counts.electorateWeight,
    castWeight: counts.for + counts.against + counts.abstain,
    abstainWeight: counts.abstain,
    attendanceWeight: counts.attendanceWeight,
  };
  const quorum = quorumOf(rules, turnout);
  const base = majorityBase(rules, turnout);
  // Plurality on a motion: more for than against.
  const majority =
    base === null
      ? counts.for > counts.against
      : base > 0 && meets(counts.for, rules.majority.ratio, base, rules.majority.comparison);
  return { ...turnout, ...counts, quorum, base, passed: quorum.met && majority };
}

export type CandidateOutcome = 'elected' | 'not_elected' | 'tie';

export interface ElectionOutcome extends Turnout {
  quorum: QuorumOutcome;
  base: number | null;
  candidates: { position: number; votes: number; qualified: boolean; outcome: CandidateOutcome }[];
  elected: number;
}

/**
 * Seats go to qualified candidates (meeting the majority rule) by votes, most first. Candidates
 * tied across the last seat are marked `tie`: none of them is elected, a run-off decides.
 */
export function evaluateElection(
  rules: VoteRules,
  input: {
    seats: number;
    electorateWeight: number;
    votes: readonly number[];
    castWeight: number;
    blankWeight: number;
    attendanceWeight?: number;
  },
): ElectionOutcome {
  const turnout: Turnout = {
    electorateWeight: input.electorateWeight,
    castWeight: input.castWeight,
    abstainWeight: input.blankWeight,
    attendanceWeight: input.attendanceWeight,
  };
  const quorum = quorumOf(rules, turnout);
  const base = majorityBase(rules, turnout);
  const rows = input.votes.map((votes, index) => ({
    position: index + 1,
    votes,
    qualified:
      quorum.met &&
      votes > 0 &&
      (base === null || (base > 0 && meets(votes, rules.majority.ratio, base, rules.majority.comparison))),
    outcome: 'not_elected' as CandidateOutcome,
  }));
  const ranked = rows.filter((r) => r.qualified).sort((a, b) => b.votes - a.votes || a.position - b.position);
  let filled = 0;
  for (let i = 0; i < ranked.length && filled < input.seats; ) {
    const votes = ranked[i]!.votes;
    const group = ranked.filter((r) => r.votes === votes);
    if (filled + group.length <= input.seats) {
      for (const r of group) r.outcome = 'elected';
      filled += group.length;
    } else {
      for (const r of group) r.outcome = 'tie';
      break;
    }
    i += group.length;
  }
  return { ...turnout, quorum, base, candidates: rows, elected: filled };
}

/** Sums published ballots into per-option weights: the recount anyone can run. */
export function countBallots(
  ballots: Iterable<CountedBallot>,
  options: number,
): { votes: number[]; castWeight: number; blankWeight: number; ballots: number } {
  const votes = new Array<number>(options).fill(0);
  let castWeight = 0;
  let blankWeight = 0;
  let count = 0;
  for (const ballot of ballots) {
    count++;
    castWeight += ballot.weight;
    if (ballot.choices.length === 0) blankWeight += ballot.weight;
    for (const choice of ballot.choices) votes[choice - 1]! += ballot.weight;
  }
  return { votes, castWeight, blankWeight, ballots: count };
}
