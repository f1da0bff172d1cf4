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
  private heap: T[] = [];
  private maxSeen = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;

  constructor(latenessMs: number) {
    this.latenessMs = latenessMs;
  }

  get size(): number {
    return this.heap.length;
  }

  push(item: T, out: (item: T) => void): void {
    if (item.ts < this.released) {
      this.late++;
      out(item);
      return;
    }
    heapPush(this.heap, item);
    if (item.ts > this.maxSeen) this.maxSeen = item.ts;
    const horizon = this.maxSeen - this.latenessMs;
    while (this.heap.length > 0 && this.heap[0].ts <= horizon) this.release(out);
  }

  /** Release everything: the stream has ended. */
  flush(out: (item: T) => void): void {
    while (this.heap.length > 0) this.release(out);
  }

  private release(out: (item: T) => void): void {
    const item = heapPop(this.heap);
    this.released = item.ts;
    out(item);
  }
}

function heapPush<T extends { ts: number }>(h: T[], item: T): void {
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p].ts <= item.ts) break;
    h[i] = h[p];
    i = p;
  }
  h[i] = item;
}

function heapPop<T extends { ts: number }>(h: T[]): T {
  const top = h[0];
  const last = h.pop() as T;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r].ts < h[l].ts ? r : l;
      if (h[c].ts >= last.ts) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
  return top;
}
