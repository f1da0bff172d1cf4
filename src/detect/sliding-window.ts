/**
 * Exact sliding-window counts per key: "how many within any W". The window ending at an item at
 * time t holds the items in (t − W, t] — so items exactly W apart are never in one window, as in
 * pandas' `rolling(W)`. Every window that can hold a maximum ends at an item, so checking the
 * window at each arrival finds the true peak; there are no fixed buckets to straddle.
 *
 * Items must arrive in time order per key (put a ReorderBuffer in front). A late item is still
 * placed in order and the key's peak recomputed over what the window still holds.
 * State is evicted by time: `evict(now)` drops windows whose newest item is W older than `now`,
 * keeping only each key's peak.
 */
export type WindowItem<P> = { ts: number; count: number; payload: P };

export type WindowPeak<P> = {
  /** Largest total count in any window. */
  count: number;
  /** Oldest and newest items of the first window that reached that count. */
  first: WindowItem<P>;
  last: WindowItem<P>;
};

type KeyState<P> = {
  items: WindowItem<P>[];
  head: number;
  sum: number;
  peak: WindowPeak<P>;
  crossing?: { first: WindowItem<P>; last: WindowItem<P> };
};

export class SlidingWindowCounter<P> {
  readonly windowMs: number;
  /** Counts above this mark a key as crossed; `crossing(key)` then gives the first such window. */
  readonly threshold: number;
  private states = new Map<string, KeyState<P>>();
  private active = new Set<KeyState<P>>();

  constructor(windowMs: number, threshold = Number.POSITIVE_INFINITY) {
    if (!(windowMs > 0)) throw new RangeError(`window must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
    this.threshold = threshold;
  }

  /** Add `count` at time `ts` under `key`; returns the count of the window ending at `ts`. */
  add(key: string, ts: number, count: number, payload: P): number {
    const item: WindowItem<P> = { ts, count, payload };
    let s = this.states.get(key);
    if (!s) {
      s = { items: [], head: 0, sum: 0, peak: { count: 0, first: item, last: item } };
      this.states.set(key, s);
    }
    this.active.add(s);
    const items = s.items;
    if (items.length > s.head && ts < items[items.length - 1].ts) return this.addLate(s, item);

    items.push(item);
    s.sum += count;
    while (items[s.head].ts <= ts - this.windowMs) s.sum -= items[s.head++].count;
    if (s.head > 1024 && s.head * 2 > items.length) {
      items.splice(0, s.head);
      s.head = 0;
    }
    if (s.sum > s.peak.count) this.raisePeak(s, s.sum, items[s.head], item);
    return s.sum;
  }

  peak(key: string): WindowPeak<P> | undefined {
    return this.states.get(key)?.peak;
  }

  /** The first window whose count exceeded the threshold, once one has. */
  crossing(key: string): { first: WindowItem<P>; last: WindowItem<P> } | undefined {
    return this.states.get(key)?.crossing;
  }

  /** Drop window contents that no item at or after `now` can share a window with. */
  evict(now: number): void {
    for (const s of this.active) {
      if (s.items.length === s.head || s.items[s.items.length - 1].ts <= now - this.windowMs) {
        s.items = [];
        s.head = 0;
        s.sum = 0;
        this.active.delete(s);
      }
    }
  }

  /** Items held in windows now: the engine's memory, bounded by what falls within W. */
  get heldItems(): number {
    let n = 0;
    for (const s of this.active) n += s.items.length - s.head;
    return n;
  }

  private addLate(s: KeyState<P>, item: WindowItem<P>): number {
    const items = s.items;
    let i = items.length;
    while (i > s.head && items[i - 1].ts > item.ts) i--;
    items.splice(i, 0, item);
    // Recompute every window over the held items (two pointers), then restore the running sum.
    let lo = s.head;
    let sum = 0;
    let atItem = 0;
    for (let hi = s.head; hi < items.length; hi++) {
      sum += items[hi].count;
      while (items[lo].ts <= items[hi].ts - this.windowMs) sum -= items[lo++].count;
      if (sum > s.peak.count) this.raisePeak(s, sum, items[lo], items[hi]);
      if (items[hi] === item) atItem = sum;
    }
    s.sum = sum;
    s.head = lo;
    return atItem;
  }

  private raisePeak(s: KeyState<P>, count: number, first: WindowItem<P>, last: WindowItem<P>): void {
    s.peak = { count, first, last };
    if (!s.crossing && count > this.threshold) s.crossing = { first, last };
  }
}
