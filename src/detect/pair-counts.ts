import { grown } from './grown.ts';

const NONE = -1;
/** Pairs per page: 2¹⁴ (192 KiB). */
const PAGE_BITS = 14;
const PAGE = 1 << PAGE_BITS;
/** Key, value and count of a pair, side by side: one cache line to find and count it. */
const ENTRY = 3;
/** Counts are int32: two billion tries of one name from one address are not expected. */
const MAX_COUNT = 2 ** 31 - 1;

/**
 * Counts per (key, value) pair of small non-negative integers — an address's tries of each user name
 * — in typed arrays: the pairs in order of first sight, and an open-addressing index over them.
 * A Map per key costs ~300 bytes before its first entry; this costs ~20 bytes a pair, and nothing
 * for a key without pairs. Listing is for the few keys a report shows, in one pass over all pairs.
 *
 * The pairs live in fixed pages that are added, never copied or freed: the table is the one that
 * grows all run long (a million pairs at 4 GiB of logs), and a doubled array leaves its old copy
 * behind as a hole in malloc's arena, as large again as the table.
 */
export class PairCounts {
  /** Per page: key, value and count of each pair. */
  private pages: Int32Array[] = [];
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
      const page = this.pages[e >>> PAGE_BITS];
      const at = (e & (PAGE - 1)) * ENTRY;
      if (page[at] === key && page[at + 1] === value) {
        page[at + 2] = Math.min(page[at + 2] + count, MAX_COUNT);
        return;
      }
    }
    if (key < this.keySize.length && this.keySize[key] >= limit) return;
    this.insert(key, value, count);
  }

  /** The pairs of each of `keys`, as [value, count] in order of first sight. */
  pairsOf(keys: Iterable<number>): Map<number, [number, number][]> {
    const out = new Map<number, [number, number][]>();
    // Which keys are asked for, by key: one pass over every pair, with no lookup per pair.
    const lists: [number, number][][] = [];
    const asked = new Int32Array(this.keySize.length).fill(-1);
    for (const k of keys) {
      const list = out.get(k) ?? [];
      out.set(k, list);
      if (k < asked.length && asked[k] < 0) asked[k] = lists.push(list) - 1;
    }
    for (let e = 0; e < this.entries; e++) {
      const at = (e & (PAGE - 1)) * ENTRY;
      const page = this.pages[e >>> PAGE_BITS];
      const i = asked[page[at]];
      if (i >= 0) lists[i].push([page[at + 1], page[at + 2]]);
    }
    return out;
  }

  private insert(key: number, value: number, count: number): void {
    const e = this.entries++;
    if ((e & (PAGE - 1)) === 0) this.pages.push(new Int32Array(ENTRY * PAGE));
    const page = this.pages[e >>> PAGE_BITS];
    const at = (e & (PAGE - 1)) * ENTRY;
    page[at] = key;
    page[at + 1] = value;
    page[at + 2] = Math.min(count, MAX_COUNT);
    this.keySize = grown(this.keySize, key + 1);
    this.keySize[key]++;
    if (this.entries * 2 > this.index.length) this.growIndex();
    else this.place(e, key, value);
  }

  private place(e: number, key: number, value: number): void {
    const mask = this.index.length - 1;
    let s = this.slot(key, value);
    while (this.index[s] !== NONE) s = (s + 1) & mask;
    this.index[s] = e;
  }

  private slot(key: number, value: number): number {
    return Math.imul(Math.imul(key, 0x9e3779b1) ^ value, 0x85ebca6b) >>> (32 - this.bits);
  }

  private growIndex(): void {
    this.bits++;
    this.index = new Int32Array(1 << this.bits).fill(NONE);
    for (let e = 0; e < this.entries; e++) {
      const page = this.pages[e >>> PAGE_BITS];
      const at = (e & (PAGE - 1)) * ENTRY;
      this.place(e, page[at], page[at + 1]);
    }
  }
}
