/**
 * Group commit for casts of one's own ballot, plain or encrypted. While one statement for a vote is
 * running, the casts that arrive wait and then go in together as the next statement: one round trip
 * and one commit for many voters under load, and no wait at all when casts come one at a time. Each
 * cast is still judged alone by the statement. A voter appears at most once in a statement; a second
 * cast from the same voter goes in the next one and finds the roll row voted. Should a statement
 * fail (a ballot sent by two voters, say), its casts are sent again one by one, so one cast that
 * cannot go in does not fail the others.
 */
export function groupCommit<Cast extends { userId: string }, Outcome>(
  /** Runs one statement for the casts, answering one outcome per cast in order. */
  together: (voteId: number, batch: Cast[]) => Promise<Outcome[]>,
  /** The most casts in one statement. */
  most = 200,
) {
  interface Waiting {
    cast: Cast;
    settle(outcome: Outcome): void;
    fail(error: unknown): void;
  }
  interface Queue {
    waiting: Waiting[];
    running: boolean;
  }
  const queues = new Map<number, Queue>();

  async function send(voteId: number, batch: Waiting[]) {
    try {
      const outcomes = await together(
        voteId,
        batch.map((waiting) => waiting.cast),
      );
      for (const [i, waiting] of batch.entries()) waiting.settle(outcomes[i]!);
    } catch (error) {
      if (batch.length === 1) batch[0]!.fail(error);
      else for (const waiting of batch) await send(voteId, [waiting]);
    }
  }

  async function drain(voteId: number, queue: Queue) {
    queue.running = true;
    try {
      while (queue.waiting.length > 0) {
        const batch: Waiting[] = [];
        const later: Waiting[] = [];
        const voters = new Set<string>();
        for (const waiting of queue.waiting) {
          if (batch.length < most && !voters.has(waiting.cast.userId)) {
            voters.add(waiting.cast.userId);
            batch.push(waiting);
          } else {
            later.push(waiting);
          }
        }
        queue.waiting = later;
        await send(voteId, batch);
      }
    } finally {
      queue.running = false;
      if (queue.waiting.length === 0) queues.delete(voteId);
    }
  }

  /** Casts one voter's own ballot, in the next statement for its vote. */
  return (voteId: number, cast: Cast): Promise<Outcome> =>
    new Promise((settle, fail) => {
      let queue = queues.get(voteId);
      if (!queue) {
        queue = { waiting: [], running: false };
        queues.set(voteId, queue);
      }
      queue.waiting.push({ cast, settle, fail });
      if (!queue.running) void drain(voteId, queue);
    });
}
