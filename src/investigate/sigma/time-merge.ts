/**
 * Several streams read as one timeline, in one thread: matches from every log go to the
 * correlations in time order, so a correlation counts across logs (a web login failure and an SSH
 * one from the same address are one group).
 *
 * Each stream reads in turns of one chunk, and the turn goes to the stream furthest behind in
 * time (its low-water mark, `advance`), ties to the earliest stream: reading is sequential and
 * its order follows from the data alone, so runs are repeatable. A stream's items (its matches,
 * in its own time order) wait in its queue until no other stream can still give an older one;
 * as the stream furthest behind is the one reading, queues stay short.
 *
 * At most `open` streams take part at once (each holds a file and a read buffer while it waits
 * its turn); the next one joins when one ends. A stream joining late whose times lie behind the
 * others' is merged as it comes: the correlations count its matches as late. The work per item
 * and per turn is in the streams taking part (or still holding items), not in all of them.
 */
export class TimeMerge<T extends { ts: number }> {
  readonly #out: (item: T) => void;
  readonly #queues: T[][];
  readonly #heads: number[];
  readonly #marks: Float64Array;
  readonly #ended: Uint8Array;
  readonly #waiting: ((() => void) | undefined)[];
  readonly #open: number;
  /** Streams taking part (joined, not ended), in stream order. */
  #reading: number[] = [];
  /** Streams taking part or ended with items still queued, in stream order. */
  #holding: number[] = [];
  #joined = 0;

  constructor(streams: number, out: (item: T) => void, open = 32) {
    this.#out = out;
    this.#queues = Array.from({ length: streams }, () => []);
    this.#heads = new Array(streams).fill(0);
    this.#marks = new Float64Array(streams).fill(Number.NEGATIVE_INFINITY);
    this.#ended = new Uint8Array(streams);
    this.#waiting = new Array(streams).fill(undefined);
    this.#open = Math.max(1, open);
    this.#admit();
  }

  /** Stream `s`'s next item: after its earlier ones in time (or late, and then merged as it is). */
  push(s: number, item: T): void {
    this.#queues[s].push(item);
    this.#drain();
  }

  /** Stream `s` gives no item older than `ts` any more (late ones aside). */
  advance(s: number, ts: number): void {
    if (ts > this.#marks[s]) this.#marks[s] = ts;
    this.#drain();
  }

  /** Stream `s` has ended: what it queued goes out in order, and the next stream may join. */
  end(s: number): void {
    this.#ended[s] = 1;
    this.#marks[s] = Number.POSITIVE_INFINITY;
    this.#waiting[s] = undefined;
    this.#reading = this.#reading.filter((x) => x !== s);
    this.#drain();
    this.#admit();
    this.#wake();
  }

  /** Resolves when stream `s` may read its next chunk. */
  turn(s: number): Promise<void> {
    if (this.#next() === s) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiting[s] = resolve;
      this.#wake();
    });
  }

  /** The stream taking part that is furthest behind, the earliest of equals; -1 when none. */
  #next(): number {
    let best = -1;
    for (const s of this.#reading) if (best < 0 || this.#marks[s] < this.#marks[best]) best = s;
    return best;
  }

  #wake(): void {
    const s = this.#next();
    const resolve = s < 0 ? undefined : this.#waiting[s];
    if (resolve) {
      this.#waiting[s] = undefined;
      resolve();
    }
  }

  #admit(): void {
    let joined = false;
    while (this.#joined < this.#queues.length && this.#reading.length < this.#open) {
      this.#reading.push(this.#joined);
      this.#holding.push(this.#joined);
      this.#joined++;
      joined = true;
    }
    if (joined) this.#holding.sort((a, b) => a - b);
  }

  /** Sends out queued items while the oldest of them is older than anything still to come. */
  #drain(): void {
    const queues = this.#queues;
    const heads = this.#heads;
    const holding = this.#holding;
    for (;;) {
      let s = -1;
      for (const i of holding)
        if (heads[i] < queues[i].length && (s < 0 || queues[i][heads[i]].ts < queues[s][heads[s]].ts)) s = i;
      if (s < 0) break;
      const ts = queues[s][heads[s]].ts;
      for (const t of holding) {
        if (t === s || heads[t] < queues[t].length || this.#ended[t] === 1) continue;
        // Stream t may still give an item as old: wait, unless t is later in order and only ties.
        if (this.#marks[t] < ts || (this.#marks[t] === ts && t < s)) return;
      }
      const item = queues[s][heads[s]];
      queues[s][heads[s]++] = undefined as unknown as T; // let it go
      if (heads[s] === queues[s].length) {
        queues[s].length = 0;
        heads[s] = 0;
      }
      this.#out(item);
    }
    // Ended streams with nothing left queued need no more looking at.
    if (holding.some((t) => this.#ended[t] === 1 && heads[t] === queues[t].length))
      this.#holding = holding.filter((t) => this.#ended[t] === 0 || heads[t] < queues[t].length);
  }
}
