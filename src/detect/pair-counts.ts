import { grown } from './grown.ts';

const NONE = -1;

/**
 * Counts per (key, value) pair of small non-negative integers — an address's tries of each user name
 * — in flat typed arrays: an open-addressing index over the pairs, and each key's pairs chained in
 * order of first sight for listing. A Map per key costs ~300 bytes before its first entry; this costs
 * ~32 bytes a pair, and nothing for a key without pairs.
 */
export class PairCounts {
  // Entries: the pair, its count, and the next entry of the same key.
  private entryKey = new Int32Array(1024);
  private entryValue = new Int32Array(1024);
  private entryCount = new Float64Array(1024);
  private entryNext = new Int32Array(1024);
  private entries = 0;
  /** Per key: its first and last entry, and how many it has. */
  private keyFirst = new Int32Array(1024).fill(NONE);
  private keyLast = new Int32Array(1024).fill(NONE);
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

  /** The pairs of `key`, as [value, count], in order of first sight. */
  *of(key: number): Generator<[number, number]> {
    if (key >= this.keyFirst.length) return;
    for (let e = this.keyFirst[key]; e !== NONE; e = this.entryNext[e])
      yield [this.entryValue[e], this.entryCount[e]];
  }

  private insert(key: number, value: number, count: number): void {
    const n = this.entries + 1;
    this.entryKey = grown(this.entryKey, n);
    this.entryValue = grown(this.entryValue, n);
    this.entryCount = grown(this.entryCount, n);
    this.entryNext = grown(this.entryNext, n);
    this.keyFirst = grown(this.keyFirst, key + 1, NONE);
    this.keyLast = grown(this.keyLast, key + 1, NONE);
    this.keySize = grown(this.keySize, key + 1);
    if (n * 2 > this.index.length) this.growIndex();
    const e = this.entries++;
    this.entryKey[e] = key;
    this.entryValue[e] = value;
    this.entryCount[e] = count;
    this.entryNext[e] = NONE;
    if (this.keyLast[key] === NONE) this.keyFirst[key] = e;
    else this.entryNext[this.keyLast[key]] = e;
    this.keyLast[key] = e;
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
