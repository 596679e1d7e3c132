import DataLoader from 'dataloader';

/**
 * A DataLoader that sends a batch at once when none is running (on the next turn of the event loop,
 * so requests of the same moment join it) and otherwise as soon as the running one returns: no wait
 * added when requests come one at a time, one query for many under load. Nothing is cached.
 */
export function naturalBatches<K, V>(load: (keys: readonly K[]) => Promise<V[]>, maxBatchSize = 200): DataLoader<K, V> {
  let running = 0;
  let next: (() => void) | null = null;
  return new DataLoader<K, V>(
    async (keys) => {
      running++;
      try {
        return await load(keys);
      } finally {
        running--;
        if (running === 0 && next) {
          const dispatch = next;
          next = null;
          dispatch();
        }
      }
    },
    {
      cache: false,
      maxBatchSize,
      batchScheduleFn: (dispatch) => {
        if (running === 0) setImmediate(dispatch);
        else next = dispatch;
      },
    },
  );
}
