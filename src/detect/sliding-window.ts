/**
 * Exact sliding-window counts: "how many within any W". The window ending at an item at time t
 * holds the items in (t − W, t] — so items exactly W apart are never in one window, as in pandas'
 * `rolling(W)`. Every window that can hold a maximum ends at an item, so checking the window at
 * each arrival finds the true peak; there are no fixed buckets to straddle.
 *
 * Items must arrive in time order (put a ReorderBuffer in front). A late item is still placed in
 * order and the peak recomputed over what the window still holds. Memory is what falls within W.
 */
export type Counted = { ts: number; count: number };

/** The first window that reached a count: its oldest and newest items. */
export type WindowSpan<T> = { count: number; first: T; last: T };

/** One key's window. */
export class SlidingWindow<T extends Counted> {
  readonly windowMs: number;
  /** Counts above this mark the window as crossed. */
  readonly threshold: number;
  /** Largest total count in any window so far. */
  peak: WindowSpan<T> | undefined;
  /** The first window whose count exceeded the threshold. */
  crossing: WindowSpan<T> | undefined;
  private items: T[] = [];
  private head = 0;
  private sum = 0;

  constructor(windowMs: number, threshold = Number.POSITIVE_INFINITY) {
    if (!(windowMs > 0)) throw new RangeError(`window must be positive, got ${windowMs}`);
    this.windowMs = windowMs;
    this.threshold = threshold;
  }

  /** Add an item; returns the count of the window ending at it. */
  add(item: T): number {
    const items = this.items;
    if (items.length > this.head && item.ts < items[items.length - 1].ts) return this.addLate(item);
    items.push(item);
    this.sum += item.count;
    const horizon = item.ts - this.windowMs;
    while (items[this.head].ts <= horizon) this.sum -= items[this.head++].count;
    // Drop what slid out once it is half the array: a key attacked for days keeps only its last window.
    if (this.head >= 64 && this.head * 2 >= items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
    if (this.sum > (this.peak?.count ?? 0)) this.raise(this.sum, items[this.head], item);
    return this.sum;
  }

  /** Items held now. */
  get held(): number {
    return this.items.length - this.head;
  }

  get newestTs(): number {
    return this.held > 0 ? this.items[this.items.length - 1].ts : Number.NEGATIVE_INFINITY;
  }

  /** Forget the held items (the peak and crossing stay). */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.sum = 0;
  }

  private addLate(item: T): number {
    const items = this.items;
    let i = items.length;
    while (i > this.head && items[i - 1].ts > item.ts) i--;
    items.splice(i, 0, item);
    // Recompute every window over the held items (two pointers), then restore the running sum.
    let lo = this.head;
    let sum = 0;
    let atItem = 0;
    for (let hi = this.head; hi < items.length; hi++) {
      sum += items[hi].count;
      while (items[lo].ts <= items[hi].ts - this.windowMs) sum -= items[lo++].count;
      if (sum > (this.peak?.count ?? 0)) this.raise(sum, items[lo], items[hi]);
      if (items[hi] === item) atItem = sum;
    }
    this.sum = sum;
    this.head = lo;
    return atItem;
  }

  private raise(count: number, first: T, last: T): void {
    this.peak = { count, first, last };
    if (!this.crossing && count > this.threshold) this.crossing = this.peak;
  }
}

/** Sliding windows per key, evicted by time: `evict(now)` drops what no later item can share a window with. */
export class SlidingWindowCounter<T extends Counted> {
  readonly windowMs: number;
  readonly threshold: number;
  private windows = new Map<string, SlidingWindow<T>>();
  private active = new Set<SlidingWindow<T>>();

  constructor(windowMs: number, threshold = Number.POSITIVE_INFINITY) {
    this.windowMs = windowMs;
    this.threshold = threshold;
  }

  /** The key's window, created on first use. Hold on to it to skip the lookup on later adds. */
  window(key: string): SlidingWindow<T> {
    let w = this.windows.get(key);
    if (!w) {
      w = new SlidingWindow<T>(this.windowMs, this.threshold);
      this.windows.set(key, w);
    }
    return w;
  }

  add(key: string | SlidingWindow<T>, item: T): number {
    const w = typeof key === 'string' ? this.window(key) : key;
    this.active.add(w);
    return w.add(item);
  }

  peak(key: string): WindowSpan<T> | undefined {
    return this.windows.get(key)?.peak;
  }

  evict(now: number): void {
    for (const w of this.active) {
      if (w.newestTs <= now - this.windowMs) {
        w.clear();
        this.active.delete(w);
      }
    }
  }

  /** Items held in windows now: the engine's memory. */
  get heldItems(): number {
    let n = 0;
    for (const w of this.active) n += w.held;
    return n;
  }
}
