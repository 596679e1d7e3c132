import { describe, expect, it } from 'vitest';
import { naturalBatches } from './batching';

describe('natural batches', () => {
  it('sends a lone request at once, and what arrives while it runs as one batch after it', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loader = naturalBatches<number, string>(async (keys) => {
      batches.push([...keys]);
      if (batches.length === 1) await gate;
      return keys.map((k) => `v${k}`);
    });
    const first = loader.load(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    const more = [2, 3, 4, 5].map((k) => loader.load(k));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]); // waiting for the running batch
    release();
    expect(await first).toBe('v1');
    expect(await Promise.all(more)).toEqual(['v2', 'v3', 'v4', 'v5']);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('keeps batches within their size and rejects only the requests of a failed batch', async () => {
    const sizes: number[] = [];
    const loader = naturalBatches<number, number>(async (keys) => {
      sizes.push(keys.length);
      if (keys.includes(13)) throw new Error('unlucky');
      return keys.map((k) => k * 2);
    }, 3);
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 13, 7].map((k) => loader.load(k)));
    expect(sizes.every((n) => n <= 3)).toBe(true);
    expect(results.slice(0, 3).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3); // 4, 5 and 13 shared a batch
    expect(results[6]).toEqual({ status: 'fulfilled', value: 14 });
  });
});
