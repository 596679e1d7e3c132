/**
 * The first row that had each 48-bit key, in typed arrays with open addressing: a million-row
 * file's duplicate checks (ID numbers and mobiles) take about 40 MB that the garbage collector
 * never walks, where two Maps of numbers took several hundred megabytes of heap.
 * Keys are prefixes of blind indexes (HMAC output), so their low bits are already uniform.
 */
export class FirstSeen {
  private high: Uint16Array;
  private low: Uint32Array;
  private rows: Int32Array;
  private mask: number;
  private size = 0;

  constructor(capacity = 1 << 16) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.high = new Uint16Array(slots);
    this.low = new Uint32Array(slots);
    this.rows = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The row that first had `key`; if none did, `row` becomes it and the answer is undefined. */
  claim(key: number, row: number): number | undefined {
    if (row <= 0) throw new RangeError('row numbers start at 1');
    const high = Math.floor(key / 2 ** 32) & 0xffff;
    const low = key >>> 0;
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const found = this.rows[slot]!;
      if (found === 0) break;
      if (this.low[slot] === low && this.high[slot] === high) return found;
    }
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    this.insert(high, low, row);
    this.size += 1;
    return undefined;
  }

  private insert(high: number, low: number, row: number) {
    let slot = low & this.mask;
    while (this.rows[slot] !== 0) slot = (slot + 1) & this.mask;
    this.high[slot] = high;
    this.low[slot] = low;
    this.rows[slot] = row;
  }

  private grow() {
    const { high, low, rows } = this;
    const slots = rows.length * 2;
    this.high = new Uint16Array(slots);
    this.low = new Uint32Array(slots);
    this.rows = new Int32Array(slots);
    this.mask = slots - 1;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== 0) this.insert(high[i]!, low[i]!, rows[i]!);
  }
}
