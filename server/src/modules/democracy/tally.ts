import { evaluateElection, evaluateMotion, MOTION_CHOICES, type VoteResult, type VoteRules } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { VoteRow } from './votes.repository';
import * as repo from './votes.repository';

// The count of a closed vote: the mixed ballots summed in SQL, then the rules applied to the totals.

/** Counts the mixed ballots of a vote in SQL: per option weights, total and blank weight. */
export async function tallyVote(db: Executor, vote: Pick<VoteRow, 'id' | 'kind' | 'sessionId'>, options: number) {
  const totals = await repo.ballotTotals(db, vote.id);
  const perOption = totals.perOption;
  const counts = new Array<number>(options).fill(0);
  for (const row of perOption) counts[row.option - 1] = row.votes;
  // Delegates on the roll checked in to the session now (for an attendance quorum).
  const attendance = vote.sessionId ? await repo.attendanceWeight(db, vote.id, vote.sessionId) : 0;
  return {
    ballots: totals.ballots,
    castWeight: totals.cast,
    blankWeight: totals.blank,
    attendanceWeight: attendance,
    votes: counts,
  };
}

export function computeResult(
  vote: VoteRow,
  candidates: { position: number; name: string }[],
  tally: Awaited<ReturnType<typeof tallyVote>>,
): VoteResult {
  const rules = vote.rules as VoteRules;
  const common = {
    voteId: vote.id,
    rules,
    seats: vote.seats,
    electorateCount: vote.electorateCount ?? 0,
    electorateWeight: vote.electorateWeight ?? 0,
    ballots: tally.ballots,
  };
  if (vote.kind === 'motion') {
    const [forVotes = 0, against = 0, abstain = 0] = tally.votes;
    const outcome = evaluateMotion(rules, {
      electorateWeight: common.electorateWeight,
      for: forVotes,
      against,
      abstain,
      attendanceWeight: tally.attendanceWeight,
    });
    return {
      ...common,
      kind: 'motion',
      castWeight: outcome.castWeight,
      abstainWeight: outcome.abstainWeight,
      quorumMet: outcome.quorum.met,
      quorumParticipating: outcome.quorum.participating,
      majorityBase: outcome.base,
      passed: outcome.passed,
      elected: null,
      options: MOTION_CHOICES.map((label, index) => ({
        position: index + 1,
        label,
        votes: tally.votes[index] ?? 0,
        outcome: null,
      })),
    };
  }
  const outcome = evaluateElection(rules, {
    seats: vote.seats ?? 1,
    electorateWeight: common.electorateWeight,
    votes: tally.votes,
    castWeight: tally.castWeight,
    blankWeight: tally.blankWeight,
    attendanceWeight: tally.attendanceWeight,
  });
  return {
    ...common,
    kind: 'election',
    castWeight: outcome.castWeight,
    abstainWeight: outcome.abstainWeight,
    quorumMet: outcome.quorum.met,
    quorumParticipating: outcome.quorum.participating,
    majorityBase: outcome.base,
    passed: null,
    elected: outcome.elected,
    options: outcome.candidates.map((c) => ({
      position: c.position,
      label: candidates[c.position - 1]?.name ?? String(c.position),
      votes: c.votes,
      outcome: c.outcome,
    })),
  };
}
