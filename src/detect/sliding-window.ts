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
 * An item older than the newest one added cannot join the FIFO: it is `late`. Its own window is
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

const NONE = -1;

export class SlidingWindows {
  readonly windowMs: number;
  /** Items that arrived older than the newest one already added. */
  late = 0;
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

  // Per key, indexed by key number: the first and last slot of its held items, their sum, its peak.
  private keyFirst: number[] = [];
  private keyLast: number[] = [];
  private sum: number[] = [];
  private peakCount: number[] = [];
  private peakFirstTs: number[] = [];
  private peakFirstRef: number[] = [];
  private peakLastTs: number[] = [];
  private peakLastRef: number[] = [];

  constructor(windowMs: number) {
    if (!(windowMs > 0)) throw new RangeError(`window must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
  }

  /** Number of keys: a new key is the next number, `keys`. */
  get keys(): number {
    return this.sum.length;
  }

  /** Items held now: the engine's memory. */
  get held(): number {
    return this.size;
  }

  /** Adds a key, numbered `keys` before the call. */
  addKey(): number {
    this.keyFirst.push(NONE);
    this.keyLast.push(NONE);
    this.sum.push(0);
    this.peakCount.push(0);
    this.peakFirstTs.push(0);
    this.peakFirstRef.push(0);
    this.peakLastTs.push(0);
    this.peakLastRef.push(0);
    return this.sum.length - 1;
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
    const last = this.keyLast[key];
    if (last === NONE) this.keyFirst[key] = slot;
    else this.itemNext[last] = slot;
    this.keyLast[key] = slot;
    const sum = this.sum[key] + count;
    this.sum[key] = sum;
    if (sum > this.peakCount[key]) {
      const first = this.keyFirst[key];
      this.raise(key, sum, this.itemTs[first], this.itemRef[first], ts, ref);
    }
    return sum;
  }

  /** Time of the oldest item in `key`'s current window (the one ending at its last add). */
  windowStart(key: number): number {
    const first = this.keyFirst[key];
    return first === NONE ? Number.NaN : this.itemTs[first];
  }

  /** The first window with the highest count so far, or undefined for a key never added to. */
  peak(key: number): WindowSpan | undefined {
    if (!(this.peakCount[key] > 0)) return undefined;
    return {
      count: this.peakCount[key],
      firstTs: this.peakFirstTs[key],
      firstRef: this.peakFirstRef[key],
      lastTs: this.peakLastTs[key],
      lastRef: this.peakLastRef[key],
    };
  }

  /** Takes items at or before `horizon` off the FIFO and off their keys' sums. */
  private retire(horizon: number): void {
    const { itemTs, itemKey, itemNext, itemCount, mask } = this;
    while (this.size > 0) {
      const slot = this.head;
      if (itemTs[slot] > horizon) return;
      const key = itemKey[slot];
      const next = itemNext[slot];
      this.keyFirst[key] = next;
      if (next === NONE) {
        this.keyLast[key] = NONE;
        this.sum[key] = 0; // exact zero: no float residue from long add/subtract runs
      } else this.sum[key] -= itemCount[slot];
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
    for (let k = 0; k < this.keyFirst.length; k++) {
      this.keyFirst[k] = move(this.keyFirst[k]);
      this.keyLast[k] = move(this.keyLast[k]);
    }
    Object.assign(this, { itemTs: ts, itemCount: count, itemRef: ref, itemKey: key, itemNext: next });
    this.mask = cap - 1;
    this.head = 0;
  }

  /** A late item's window: itself plus the key's held items no newer than it. */
  private addLate(key: number, ts: number, count: number, ref: number): number {
    this.late++;
    let sum = count;
    let firstTs = ts;
    let firstRef = ref;
    for (let s = this.keyFirst[key]; s !== NONE; s = this.itemNext[s]) {
      const t = this.itemTs[s];
      if (t > ts) break;
      if (t <= ts - this.windowMs) continue;
      if (t < firstTs) [firstTs, firstRef] = [t, this.itemRef[s]];
      sum += this.itemCount[s];
    }
    if (sum > this.peakCount[key]) this.raise(key, sum, firstTs, firstRef, ts, ref);
    return sum;
  }

  private raise(
    key: number,
    count: number,
    firstTs: number,
    firstRef: number,
    lastTs: number,
    lastRef: number,
  ) {
    this.peakCount[key] = count;
    this.peakFirstTs[key] = firstTs;
    this.peakFirstRef[key] = firstRef;
    this.peakLastTs[key] = lastTs;
    this.peakLastRef[key] = lastRef;
  }
}
