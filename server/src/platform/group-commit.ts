/**
 * Group commit for writes that one person makes once to one object under load: casts of one's own
 * ballot (plain or encrypted) and answers to a survey. While one statement (or transaction) for an
 * object is running, the writes that arrive wait and then go in together as the next one: one round
 * trip and one commit for many people under load, and no wait at all when writes come one at a
 * time. Each write is still judged alone. A person appears at most once in a batch; a second write
 * from the same person goes in the next one and finds the first. Should a batch fail (a ballot sent
 * by two voters, say), its writes are sent again one by one, so one that cannot go in does not fail
 * the others.
 */
export function groupCommit<Cast extends { userId: string }, Outcome>(
  /** Runs one statement for the casts, answering one outcome per cast in order. */
  together: (objectId: number, batch: Cast[]) => Promise<Outcome[]>,
  /** The most casts in one statement. */
  most = 200,
  /**
   * How many batches of one object may run at once. One for a statement that runs alone; two for a
   * transaction that spends its time waiting on round trips: the next batch opens its transaction
   * while the last one finishes (each is still judged on its own, the rows it locks in order).
   */
  parallel = 1,
) {
  interface Waiting {
    cast: Cast;
    settle(outcome: Outcome): void;
    fail(error: unknown): void;
  }
  interface Queue {
    waiting: Waiting[];
    running: number;
  }
  const queues = new Map<number, Queue>();

  async function send(objectId: number, batch: Waiting[]) {
    try {
      const outcomes = await together(
        objectId,
        batch.map((waiting) => waiting.cast),
      );
      for (const [i, waiting] of batch.entries()) waiting.settle(outcomes[i]!);
    } catch (error) {
      if (batch.length === 1) batch[0]!.fail(error);
      else for (const waiting of batch) await send(objectId, [waiting]);
    }
  }

  async function drain(objectId: number, queue: Queue) {
    queue.running++;
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
        await send(objectId, batch);
      }
    } finally {
      queue.running--;
      if (queue.running === 0 && queue.waiting.length === 0) queues.delete(objectId);
    }
  }

  /** Makes one write, in the next batch for its object. */
  return (objectId: number, cast: Cast): Promise<Outcome> =>
    new Promise((settle, fail) => {
      let queue = queues.get(objectId);
      if (!queue) {
        queue = { waiting: [], running: 0 };
        queues.set(objectId, queue);
      }
      queue.waiting.push({ cast, settle, fail });
      if (queue.running < parallel) void drain(objectId, queue);
    });
}
