import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

// Group commit (ballots, survey answers): writes that arrive while a batch runs go in together as
// the next, never more batches of one object at once than allowed, a person once per batch, and a
// failed batch's writes sent again one by one.
interface Cast {
  userId: string;
  n: number;
}

/** A batch function that records what ran, each batch taking a few event-loop turns. */
function recorder(fail?: (batch: Cast[]) => boolean) {
  const seen = { batches: [] as Cast[][], inFlight: 0, most: 0 };
  const together = async (_objectId: number, batch: Cast[]) => {
    seen.inFlight++;
    seen.most = Math.max(seen.most, seen.inFlight);
    seen.batches.push(batch);
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.inFlight--;
    if (fail?.(batch)) throw new Error('refused');
    return batch.map((cast) => cast.n * 10);
  };
  return { seen, together };
}

const casts = (count: number, person = (i: number) => `p${i}`) =>
  Array.from({ length: count }, (_, i) => ({ userId: person(i), n: i }));

describe('group commit', () => {
  it('runs one batch of an object at a time, the writes that wait going in together', async () => {
    const { seen, together } = recorder();
    const write = groupCommit(together);
    const outcomes = await Promise.all(casts(50).map((cast) => write(1, cast)));
    expect(outcomes).toEqual(casts(50).map((cast) => cast.n * 10));
    expect(seen.most).toBe(1);
    expect(seen.batches[0]).toHaveLength(1);
    expect(seen.batches.length).toBeLessThan(5);
  });

  it('runs as many batches of an object at once as allowed, and no more', async () => {
    const { seen, together } = recorder();
    const write = groupCommit(together, 200, 2);
    const outcomes = await Promise.all(casts(60).map((cast) => write(1, cast)));
    expect(outcomes).toEqual(casts(60).map((cast) => cast.n * 10));
    expect(seen.most).toBe(2);
    expect(
      seen.batches
        .flat()
        .map((cast) => cast.n)
        .sort((a, b) => a - b),
    ).toEqual(casts(60).map((cast) => cast.n));
  });

  it('keeps the batches of different objects apart', async () => {
    const { seen, together } = recorder();
    const write = groupCommit(together);
    await Promise.all(casts(20).map((cast, i) => write(i % 2, cast)));
    expect(seen.most).toBe(2);
  });

  it('puts a person in a batch once, a second write of theirs in a later one', async () => {
    const { seen, together } = recorder();
    const write = groupCommit(together);
    await Promise.all(casts(10, (i) => `p${i % 3}`).map((cast) => write(1, cast)));
    for (const batch of seen.batches) expect(new Set(batch.map((cast) => cast.userId)).size).toBe(batch.length);
    expect(seen.batches.flat()).toHaveLength(10);
  });

  it('sends a failed batch’s writes again one by one, so only the one that cannot go in fails', async () => {
    const { together } = recorder((batch) => batch.some((cast) => cast.n === 7));
    const write = groupCommit(together, 200, 2);
    const outcomes = await Promise.allSettled(casts(20).map((cast) => write(1, cast)));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(outcomes[7]!.status).toBe('rejected');
  });
});
