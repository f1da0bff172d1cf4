import { grown } from './grown.ts';

const NONE = -1;

/**
 * Counts per (key, value) pair of small non-negative integers — an address's tries of each user name
 * — in flat typed arrays: the pairs in order of first sight, and an open-addressing index over them.
 * A Map per key costs ~300 bytes before its first entry; this costs ~24 bytes a pair, and nothing
 * for a key without pairs. Listing is for the few keys a report shows, in one pass over all pairs.
 */
export class PairCounts {
  private entryKey = new Int32Array(1024);
  private entryValue = new Int32Array(1024);
  private entryCount = new Float64Array(1024);
  private entries = 0;
  /** Pairs per key, for the limit. */
  private keySize = new Int32Array(1024);
  /** Open addressing: entry number per slot, NONE when free. */
  private index = new Int32Array(2048).fill(NONE);
  private bits = 11;

  /** Adds `count` to (key, value); a new pair is made only while `key` has fewer than `limit`. */
  add(key: number, value: number, count: number, limit: number): void {
    for (let s = this.slot(key, value); ; s = (s + 1) & (this.index.length - 1)) {
      const e = this.index[s];
      if (e === NONE) break;
      if (this.entryKey[e] === key && this.entryValue[e] === value) {
        this.entryCount[e] += count;
        return;
      }
    }
    if (key < this.keySize.length && this.keySize[key] >= limit) return;
    this.insert(key, value, count);
  }

  /** The pairs of each of `keys`, as [value, count] in order of first sight. */
  pairsOf(keys: Iterable<number>): Map<number, [number, number][]> {
    const out = new Map<number, [number, number][]>();
    for (const k of keys) out.set(k, []);
    for (let e = 0; e < this.entries; e++)
      out.get(this.entryKey[e])?.push([this.entryValue[e], this.entryCount[e]]);
    return out;
  }

  private insert(key: number, value: number, count: number): void {
    const n = this.entries + 1;
    this.entryKey = grown(this.entryKey, n);
    this.entryValue = grown(this.entryValue, n);
    this.entryCount = grown(this.entryCount, n);
    this.keySize = grown(this.keySize, key + 1);
    if (n * 2 > this.index.length) this.growIndex();
    const e = this.entries++;
    this.entryKey[e] = key;
    this.entryValue[e] = value;
    this.entryCount[e] = count;
    this.keySize[key]++;
    this.place(e);
  }

  private place(e: number): void {
    const mask = this.index.length - 1;
    let s = this.slot(this.entryKey[e], this.entryValue[e]);
    while (this.index[s] !== NONE) s = (s + 1) & mask;
    this.index[s] = e;
  }

  private slot(key: number, value: number): number {
    return Math.imul(Math.imul(key, 0x9e3779b1) ^ value, 0x85ebca6b) >>> (32 - this.bits);
  }

  private growIndex(): void {
    this.bits++;
    this.index = new Int32Array(1 << this.bits).fill(NONE);
    for (let e = 0; e < this.entries; e++) this.place(e);
  }
}
