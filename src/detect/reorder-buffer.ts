/**
 * Restores time order to a stream whose items arrive out of order by at most `latenessMs`
 * (web servers log at completion, syslog daemons buffer): an item is released once an item
 * `latenessMs` newer has been seen. Memory holds only the items of the last `latenessMs`.
 *
 * An item older than one already released cannot be put back in order; it is released at once
 * and counted in `late`, so the caller can say the result may be inexact.
 */
export class ReorderBuffer<T extends { ts: number }> {
  readonly latenessMs: number;
  late = 0;
  /**
   * Held items in time order, equal times in arrival order, from `head`. Logs are nearly in order,
   * so an item is nearly always appended; an earlier one is inserted where a binary search puts it.
   */
  private items: T[] = [];
  private head = 0;
  private maxSeen = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;

  constructor(latenessMs: number) {
    this.latenessMs = latenessMs;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T, out: (item: T) => void): void {
    if (item.ts < this.released) {
      this.late++;
      out(item);
      return;
    }
    const items = this.items;
    if (items.length === this.head || items[items.length - 1].ts <= item.ts) items.push(item);
    else items.splice(this.insertionPoint(item.ts), 0, item);
    if (item.ts > this.maxSeen) this.maxSeen = item.ts;
    const horizon = this.maxSeen - this.latenessMs;
    while (this.head < items.length && items[this.head].ts <= horizon) this.release(out);
    if (this.head > 4096 && this.head * 2 > items.length) {
      items.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * The stream has reached `ts` (a record with no item, say): items `latenessMs` older are
   * released. Afterwards no item older than `horizon` is released but a late one.
   */
  advance(ts: number, out: (item: T) => void): void {
    if (ts > this.maxSeen) this.maxSeen = ts;
    const horizon = this.maxSeen - this.latenessMs;
    while (this.head < this.items.length && this.items[this.head].ts <= horizon) this.release(out);
  }

  /** Items at or before this time are released (or late): the stream's low-water mark. */
  get horizon(): number {
    return this.maxSeen - this.latenessMs;
  }

  /** Release everything: the stream has ended. */
  flush(out: (item: T) => void): void {
    while (this.head < this.items.length) this.release(out);
    this.items = [];
    this.head = 0;
  }

  /** The index after the held items no later than `ts`. */
  private insertionPoint(ts: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].ts <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private release(out: (item: T) => void): void {
    const item = this.items[this.head];
    this.items[this.head++] = undefined as unknown as T; // let it go
    this.released = item.ts;
    out(item);
  }
}
