/**
 * Exact sliding-window counts per key: "how many within any W". The window ending at an item at
 * time t holds the key's items in (t − W, t] — so items exactly W apart are never in one window, as
 * in pandas' `rolling(W)`. Every window that can hold a maximum ends at an item, so checking the
 * window at each arrival finds the true peak; there are no fixed buckets to straddle.
 *
 * Items must arrive in time order (put a ReorderBuffer in front). All keys share one FIFO of items:
 * each arrival at t first retires, from the FIFO's head, every item at or before t − W, taking it
 * off its key's running sum. Every key's sum is then exactly its current window, with no per-key
 * scan, and memory is the items of the last W — numbers in typed arrays, no object per item.
 *
 * An item older than the newest one added cannot join the FIFO: it is late. Its own window is
 * counted over the items still held (never more than the truth, possibly less), it may raise the
 * peak, and it takes no part in later windows.
 */

/** A window: its count and its oldest and newest items (time and the caller's reference). */
export type WindowSpan = {
  count: number;
  firstTs: number;
  firstRef: number;
  lastTs: number;
  lastRef: number;
};

import { grown } from './grown.ts';

const NONE = -1;
const ROW = 8;
const [FIRST, LAST, SUM, PEAK, PEAK_FIRST_TS, PEAK_FIRST_REF, PEAK_LAST_TS, PEAK_LAST_REF] = [
  0, 1, 2, 3, 4, 5, 6, 7,
];

export class SlidingWindows {
  readonly windowMs: number;
  private newestTs = Number.NEGATIVE_INFINITY;

  // The FIFO: a ring of slots, live from `head` for `size` slots; `next` links a key's items.
  private mask = 1023;
  private head = 0;
  private size = 0;
  private itemTs = new Float64Array(1024);
  private itemCount = new Float64Array(1024);
  private itemRef = new Float64Array(1024);
  private itemKey = new Int32Array(1024);
  private itemNext = new Int32Array(1024);

  /**
   * Per key, one row of ROW numbers (a 64-byte cache line) at `key * ROW`: the first and last slot
   * of its held items, their sum, and its peak. Rows, not columns: an arrival touches one line.
   */
  private rows = new Float64Array(ROW * 1024);
  private keyCount = 0;

  constructor(windowMs: number) {
    if (!(windowMs > 0)) throw new RangeError(`window must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
  }

  /** Items held now: the engine's memory. */
  get held(): number {
    return this.size;
  }

  /** Adds a key: the next number, from 0. */
  addKey(): number {
    this.rows = grown(this.rows, (this.keyCount + 1) * ROW);
    const at = this.keyCount * ROW;
    this.rows[at + FIRST] = NONE;
    this.rows[at + LAST] = NONE;
    return this.keyCount++;
  }

  /** Adds `count` at `ts` to `key`'s window; returns the count of the window ending at this item. */
  add(key: number, ts: number, count: number, ref: number): number {
    if (ts < this.newestTs) return this.addLate(key, ts, count, ref);
    this.newestTs = ts;
    this.retire(ts - this.windowMs);
    if (this.size > this.mask) this.grow();
    const slot = (this.head + this.size++) & this.mask;
    this.itemTs[slot] = ts;
    this.itemCount[slot] = count;
    this.itemRef[slot] = ref;
    this.itemKey[slot] = key;
    this.itemNext[slot] = NONE;
    const rows = this.rows;
    const at = key * ROW;
    const last = rows[at + LAST];
    if (last === NONE) rows[at + FIRST] = slot;
    else this.itemNext[last] = slot;
    rows[at + LAST] = slot;
    const sum = rows[at + SUM] + count;
    rows[at + SUM] = sum;
    if (sum > rows[at + PEAK]) {
      const first = rows[at + FIRST];
      this.raise(at, sum, this.itemTs[first], this.itemRef[first], ts, ref);
    }
    return sum;
  }

  /** Time of the oldest item in `key`'s current window (the one ending at its last add). */
  windowStart(key: number): number {
    const first = this.rows[key * ROW + FIRST];
    return first === NONE ? Number.NaN : this.itemTs[first];
  }

  /** The first window with the highest count so far, or undefined for a key never added to. */
  peak(key: number): WindowSpan | undefined {
    const at = key * ROW;
    const r = this.rows;
    if (!(r[at + PEAK] > 0)) return undefined;
    return {
      count: r[at + PEAK],
      firstTs: r[at + PEAK_FIRST_TS],
      firstRef: r[at + PEAK_FIRST_REF],
      lastTs: r[at + PEAK_LAST_TS],
      lastRef: r[at + PEAK_LAST_REF],
    };
  }

  /** Takes items at or before `horizon` off the FIFO and off their keys' sums. */
  private retire(horizon: number): void {
    const { itemTs, itemKey, itemNext, itemCount, mask, rows } = this;
    while (this.size > 0) {
      const slot = this.head;
      if (itemTs[slot] > horizon) return;
      const at = itemKey[slot] * ROW;
      const next = itemNext[slot];
      rows[at + FIRST] = next;
      if (next === NONE) {
        rows[at + LAST] = NONE;
        rows[at + SUM] = 0; // exact zero: no float residue from long add/subtract runs
      } else rows[at + SUM] -= itemCount[slot];
      this.head = (slot + 1) & mask;
      this.size--;
    }
  }

  /** Doubles the ring, moving the live items to the front in order and relinking them. */
  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const move = (slot: number) => (slot === NONE ? NONE : (slot - this.head) & this.mask);
    const ts = new Float64Array(cap);
    const count = new Float64Array(cap);
    const ref = new Float64Array(cap);
    const key = new Int32Array(cap);
    const next = new Int32Array(cap);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & this.mask;
      ts[i] = this.itemTs[from];
      count[i] = this.itemCount[from];
      ref[i] = this.itemRef[from];
      key[i] = this.itemKey[from];
      next[i] = move(this.itemNext[from]);
    }
    for (let at = 0; at < this.keyCount * ROW; at += ROW) {
      this.rows[at + FIRST] = move(this.rows[at + FIRST]);
      this.rows[at + LAST] = move(this.rows[at + LAST]);
    }
    Object.assign(this, { itemTs: ts, itemCount: count, itemRef: ref, itemKey: key, itemNext: next });
    this.mask = cap - 1;
    this.head = 0;
  }

  /** A late item's window: itself plus the key's held items no newer than it. */
  private addLate(key: number, ts: number, count: number, ref: number): number {
    let sum = count;
    let firstTs = ts;
    let firstRef = ref;
    for (let s = this.rows[key * ROW + FIRST]; s !== NONE; s = this.itemNext[s]) {
      const t = this.itemTs[s];
      if (t > ts) break;
      if (t <= ts - this.windowMs) continue;
      if (t < firstTs) [firstTs, firstRef] = [t, this.itemRef[s]];
      sum += this.itemCount[s];
    }
    if (sum > this.rows[key * ROW + PEAK]) this.raise(key * ROW, sum, firstTs, firstRef, ts, ref);
    return sum;
  }

  private raise(
    at: number,
    count: number,
    firstTs: number,
    firstRef: number,
    lastTs: number,
    lastRef: number,
  ) {
    const r = this.rows;
    r[at + PEAK] = count;
    r[at + PEAK_FIRST_TS] = firstTs;
    r[at + PEAK_FIRST_REF] = firstRef;
    r[at + PEAK_LAST_TS] = lastTs;
    r[at + PEAK_LAST_REF] = lastRef;
  }
}
