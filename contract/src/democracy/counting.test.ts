import { describe, expect, it } from 'vitest';
import {
  countBallots,
  DEFAULT_VOTE_RULES,
  evaluateElection,
  evaluateMotion,
  meets,
  minimumCandidates,
  type VoteRules,
} from './counting';

const rules = (patch: Partial<VoteRules> = {}): VoteRules => ({ ...DEFAULT_VOTE_RULES, ...patch });
const majority = (
  base: VoteRules['majority']['base'],
  num = 1,
  den = 2,
  comparison: 'strict' | 'inclusive' = 'strict',
) => rules({ majority: { base, ratio: { num, den }, comparison } });
const quorum = (num: number, den: number, comparison: 'strict' | 'inclusive', countAbstentions = true) =>
  rules({ quorum: { base: 'turnout', ratio: { num, den }, comparison, countAbstentions } });

describe('meets: exact comparison of a share', () => {
  it.each([
    // value, num/den, base, comparison, expected
    [50, 1, 2, 100, 'strict', false],
    [51, 1, 2, 100, 'strict', true],
    [50, 1, 2, 100, 'inclusive', true],
    [49, 1, 2, 100, 'inclusive', false],
    [2, 2, 3, 3, 'inclusive', true],
    [66, 2, 3, 100, 'inclusive', false], // 66 < 66.67
    [67, 2, 3, 100, 'inclusive', true],
    [0, 0, 1, 100, 'inclusive', true], // no quorum
    [0, 0, 1, 100, 'strict', false],
  ] as const)('%i against %i/%i of %i (%s) → %s', (value, num, den, base, comparison, expected) => {
    expect(meets(value, { num, den }, base, comparison)).toBe(expected);
  });
  it('stays exact far beyond floating point', () => {
    expect(meets(150_000_001, { num: 1, den: 2 }, 300_000_001, 'strict')).toBe(true);
    expect(meets(150_000_000, { num: 1, den: 2 }, 300_000_001, 'strict')).toBe(false);
  });
});

describe('quorum of a motion', () => {
  // 300 voters; quorum 2/3 = 200 taking part
  it.each([
    ['exactly 2/3, inclusive', quorum(2, 3, 'inclusive'), { for: 150, against: 40, abstain: 10 }, true],
    ['one short of 2/3', quorum(2, 3, 'inclusive'), { for: 150, against: 40, abstain: 9 }, false],
    ['exactly 2/3, strict', quorum(2, 3, 'strict'), { for: 150, against: 40, abstain: 10 }, false],
    ['one over 2/3, strict', quorum(2, 3, 'strict'), { for: 151, against: 40, abstain: 10 }, true],
    ['abstentions not counted', quorum(2, 3, 'inclusive', false), { for: 150, against: 40, abstain: 10 }, false],
    [
      'abstentions not counted, enough without',
      quorum(2, 3, 'inclusive', false),
      { for: 160, against: 40, abstain: 0 },
      true,
    ],
  ])('%s', (_, r, counts, met) => {
    expect(evaluateMotion(r, { electorateWeight: 300, ...counts }).quorum.met).toBe(met);
  });
});

describe('majority of a motion', () => {
  // 100 voters, all taking part unless said otherwise
  it.each([
    // congress default: more than half of ALL delegates
    ['default: 50 of 100 is not more than half', DEFAULT_VOTE_RULES, 50, 30, 20, false],
    ['default: 51 of 100 passes', DEFAULT_VOTE_RULES, 51, 49, 0, true],
    ['default: 51 for with 100 electorate but only 70 cast', DEFAULT_VOTE_RULES, 51, 19, 0, true],
    ['default: 40 of 70 cast is a majority of votes but not of all', DEFAULT_VOTE_RULES, 40, 30, 0, false],
    ['cast base: 40 of 70 passes', majority('cast'), 40, 30, 0, true],
    ['cast base: abstentions count against', majority('cast'), 40, 30, 10, false],
    ['valid base: abstentions excluded', majority('valid'), 40, 30, 10, true],
    ['valid base: exactly half is not more', majority('valid'), 35, 35, 0, false],
    ['inclusive half: exactly half passes', majority('valid', 1, 2, 'inclusive'), 35, 35, 0, true],
    ['two-thirds of cast, exactly', majority('cast', 2, 3, 'inclusive'), 60, 30, 0, true],
    ['two-thirds of cast, one short', majority('cast', 2, 3, 'inclusive'), 59, 31, 0, false],
    ['plurality: more for than against', majority('none'), 30, 29, 41, true],
    ['plurality: a tie fails', majority('none'), 30, 30, 40, false],
  ])('%s', (_, r, forVotes, against, abstain, passed) => {
    const relaxed = {
      ...r,
      quorum: {
        base: 'turnout' as const,
        ratio: { num: 0, den: 1 },
        comparison: 'inclusive' as const,
        countAbstentions: true,
      },
    };
    expect(evaluateMotion(relaxed, { electorateWeight: 100, for: forVotes, against, abstain }).passed).toBe(passed);
  });
  it('fails without a quorum however many are for', () => {
    const outcome = evaluateMotion(quorum(2, 3, 'inclusive'), {
      electorateWeight: 100,
      for: 60,
      against: 0,
      abstain: 0,
    });
    expect(outcome.quorum.met).toBe(false);
    expect(outcome.passed).toBe(false);
  });
  it('a congress default counts attendance: 2/3 present, then more than half of all delegates', () => {
    const at = (attendanceWeight: number, forVotes: number) =>
      evaluateMotion(DEFAULT_VOTE_RULES, {
        electorateWeight: 5,
        for: forVotes,
        against: 0,
        abstain: 0,
        attendanceWeight,
      });
    expect(at(4, 3)).toMatchObject({ quorum: { met: true, participating: 4 }, passed: true }); // 3 of 5 voted
    expect(at(3, 3)).toMatchObject({ quorum: { met: false }, passed: false }); // 3 × 3 < 2 × 5
    expect(at(5, 2)).toMatchObject({ quorum: { met: true }, passed: false }); // 2 × 2 = 5 is not more
    expect(at(4, 3).quorum.met).toBe(true);
  });
  it('an empty base never passes', () => {
    expect(evaluateMotion(majority('valid'), { electorateWeight: 10, for: 0, against: 0, abstain: 10 }).passed).toBe(
      false,
    );
  });
});

describe('the slate of a competitive election (差额选举)', () => {
  it.each([
    [1, 2],
    [5, 6],
    [7, 8],
    [20, 21],
    [21, 23], // 21 × 1.05 = 22.05 → 23
    [30, 32], // 31.5 → 32
    [40, 42], // exactly 42
    [100, 105],
  ])('%i seats need at least %i candidates', (seats, minimum) => {
    expect(minimumCandidates(DEFAULT_VOTE_RULES, seats)).toBe(minimum);
  });
  it('a configured share and extra apply; null allows an equal slate', () => {
    expect(minimumCandidates(rules({ competitive: { minExcessPercent: 20, minExtra: 1 } }), 9)).toBe(11);
    expect(minimumCandidates(rules({ competitive: { minExcessPercent: 0, minExtra: 2 } }), 9)).toBe(11);
    expect(minimumCandidates(rules({ competitive: null }), 9)).toBe(9);
  });
});

describe('election outcome', () => {
  const open = rules({
    quorum: { base: 'turnout', ratio: { num: 0, den: 1 }, comparison: 'inclusive', countAbstentions: true },
  });
  it('fills seats by votes among candidates with more than half of all voters', () => {
    const r = evaluateElection(open, {
      seats: 2,
      electorateWeight: 10,
      votes: [8, 6, 5, 1],
      castWeight: 10,
      blankWeight: 0,
    });
    expect(r.candidates.map((c) => c.outcome)).toEqual(['elected', 'elected', 'not_elected', 'not_elected']);
    expect(r.elected).toBe(2);
  });
  it('exactly half of the base does not qualify; seats stay empty', () => {
    const r = evaluateElection(open, {
      seats: 2,
      electorateWeight: 10,
      votes: [6, 5, 5],
      castWeight: 10,
      blankWeight: 0,
    });
    expect(r.candidates.map((c) => c.outcome)).toEqual(['elected', 'not_elected', 'not_elected']);
    expect(r.elected).toBe(1);
  });
  it('a tie across the last seat elects none of the tied', () => {
    const r = evaluateElection(open, {
      seats: 2,
      electorateWeight: 10,
      votes: [9, 7, 7],
      castWeight: 10,
      blankWeight: 0,
    });
    expect(r.candidates.map((c) => c.outcome)).toEqual(['elected', 'tie', 'tie']);
    expect(r.elected).toBe(1);
  });
  it('a tie inside the seats elects all of the tied', () => {
    const r = evaluateElection(open, {
      seats: 2,
      electorateWeight: 10,
      votes: [7, 7, 3],
      castWeight: 10,
      blankWeight: 0,
    });
    expect(r.candidates.map((c) => c.outcome)).toEqual(['elected', 'elected', 'not_elected']);
  });
  it('plurality fills seats by votes alone', () => {
    const r = evaluateElection(
      { ...majority('none'), quorum: quorum(2, 3, 'inclusive').quorum },
      {
        seats: 1,
        electorateWeight: 100,
        votes: [30, 25, 20],
        castWeight: 75,
        blankWeight: 0,
      },
    );
    expect(r.quorum.met).toBe(true);
    expect(r.candidates[0]!.outcome).toBe('elected');
  });
  it('nobody is elected without a quorum', () => {
    const r = evaluateElection(quorum(2, 3, 'inclusive'), {
      seats: 1,
      electorateWeight: 9,
      votes: [5, 0],
      castWeight: 5,
      blankWeight: 0,
    });
    expect(r.quorum.met).toBe(false);
    expect(r.elected).toBe(0);
  });
  it('blank ballots count for the quorum unless configured not to', () => {
    const input = { seats: 1, electorateWeight: 9, votes: [5, 0], castWeight: 6, blankWeight: 1 };
    expect(evaluateElection(quorum(2, 3, 'inclusive'), input).quorum.met).toBe(true);
    expect(evaluateElection(quorum(2, 3, 'inclusive', false), input).quorum.met).toBe(false);
  });
});

describe('recount from published ballots', () => {
  it('sums weights per option and counts blank ballots', () => {
    const tally = countBallots(
      [
        { choices: [1, 3], weight: 1 },
        { choices: [3], weight: 2 },
        { choices: [], weight: 1 },
      ],
      3,
    );
    expect(tally).toEqual({ votes: [1, 0, 3], castWeight: 4, blankWeight: 1, ballots: 3 });
  });
});
