/**
 * Which of many needles occur in a text, found in one pass: an Aho–Corasick automaton over UTF-16
 * code units. Thousands of rule values (hashes, file names, command-line fragments) are checked
 * against a field in time proportional to the field's length, not to the number of values.
 *
 * States live in typed arrays; a state's edges are kept in one open-addressing hash table keyed by
 * (state, code unit), except the root's ASCII edges, which are the most used and get a dense table.
 */
export class NeedleSet {
  readonly needles: readonly string[];
  #fail: Int32Array;
  /** Per state: the state itself if a needle ends there, else the nearest such state on its fail chain, else -1. */
  #report: Int32Array;
  /** Per state: the first needle ending there; `#nextNeedle` chains the others (equal needles). */
  #firstNeedle: Int32Array;
  #nextNeedle: Int32Array;
  #rootAscii = new Int32Array(128).fill(-1);
  #edgeState: Int32Array;
  #edgeUnit: Uint16Array;
  #edgeNext: Int32Array;
  #mask: number;

  /** Needles must not be empty. */
  constructor(needles: readonly string[]) {
    if (needles.some((n) => n === '')) throw new RangeError('empty needle');
    this.needles = needles;
    const units = needles.reduce((n, s) => n + s.length, 0);
    const maxStates = units + 1;
    let capacity = 16;
    while (capacity < units * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#edgeState = new Int32Array(capacity).fill(-1);
    this.#edgeUnit = new Uint16Array(capacity);
    this.#edgeNext = new Int32Array(capacity);
    const firstNeedle = new Int32Array(maxStates).fill(-1);
    this.#nextNeedle = new Int32Array(needles.length).fill(-1);
    let states = 1;
    needles.forEach((needle, id) => {
      let s = 0;
      for (let i = 0; i < needle.length; i++) {
        const unit = needle.charCodeAt(i);
        let next = this.#edge(s, unit);
        if (next < 0) {
          next = states++;
          this.#addEdge(s, unit, next);
        }
        s = next;
      }
      this.#nextNeedle[id] = firstNeedle[s];
      firstNeedle[s] = id;
    });
    this.#firstNeedle = firstNeedle.slice(0, states);
    this.#fail = new Int32Array(states);
    this.#report = new Int32Array(states).fill(-1);
    this.#linkFailures(states);
  }

  /**
   * Visits every occurrence: `visit(needle, end)` with the index just past it in `text`; a true
   * return stops the scan. Returns true when stopped.
   */
  scan(text: string, visit: (needle: number, end: number) => boolean): boolean {
    const fail = this.#fail;
    const report = this.#report;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let next = s === 0 && unit < 128 ? this.#rootAscii[unit] : this.#edge(s, unit);
      while (next < 0 && s !== 0) {
        s = fail[s];
        next = s === 0 && unit < 128 ? this.#rootAscii[unit] : this.#edge(s, unit);
      }
      s = Math.max(next, 0);
      for (let r = report[s]; r >= 0; r = report[fail[r]])
        for (let n = this.#firstNeedle[r]; n >= 0; n = this.#nextNeedle[n]) if (visit(n, i + 1)) return true;
    }
    return false;
  }

  #edge(s: number, unit: number): number {
    if (s === 0 && unit < 128) return this.#rootAscii[unit];
    let h = (Math.imul(s, 0x9e3779b1) ^ unit) & this.#mask;
    while (true) {
      const at = this.#edgeState[h];
      if (at < 0) return -1;
      if (at === s && this.#edgeUnit[h] === unit) return this.#edgeNext[h];
      h = (h + 1) & this.#mask;
    }
  }

  #addEdge(s: number, unit: number, next: number): void {
    if (s === 0 && unit < 128) {
      this.#rootAscii[unit] = next;
      return;
    }
    let h = (Math.imul(s, 0x9e3779b1) ^ unit) & this.#mask;
    while (this.#edgeState[h] >= 0) h = (h + 1) & this.#mask;
    this.#edgeState[h] = s;
    this.#edgeUnit[h] = unit;
    this.#edgeNext[h] = next;
  }

  /** Breadth-first: a state's fail link is the longest proper suffix of its text that is a state. */
  #linkFailures(states: number): void {
    // Each state's children side by side, counted then placed (an array per state was most of the
    // garbage made compiling SigmaHQ's rules): those of state s at [first[s], first[s + 1]).
    const first = new Int32Array(states + 1);
    for (let c = 0; c < 128; c++) if (this.#rootAscii[c] >= 0) first[1]++;
    for (let h = 0; h <= this.#mask; h++) if (this.#edgeState[h] >= 0) first[this.#edgeState[h] + 1]++;
    for (let s = 0; s < states; s++) first[s + 1] += first[s];
    const child = new Int32Array(first[states]);
    const unitOf = new Uint16Array(first[states]);
    const placed = first.slice(0, states);
    for (let c = 0; c < 128; c++)
      if (this.#rootAscii[c] >= 0) {
        child[placed[0]] = this.#rootAscii[c];
        unitOf[placed[0]++] = c;
      }
    for (let h = 0; h <= this.#mask; h++) {
      const s = this.#edgeState[h];
      if (s >= 0) {
        child[placed[s]] = this.#edgeNext[h];
        unitOf[placed[s]++] = this.#edgeUnit[h];
      }
    }
    const queue = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (let k = first[0]; k < first[1]; k++) {
      this.#fail[child[k]] = 0;
      queue[tail++] = child[k];
    }
    while (head < tail) {
      const s = queue[head++];
      this.#report[s] = this.#firstNeedle[s] >= 0 ? s : this.#report[this.#fail[s]];
      for (let k = first[s]; k < first[s + 1]; k++) {
        const unit = unitOf[k];
        let f = this.#fail[s];
        let target = this.#edge(f, unit);
        while (target < 0 && f !== 0) {
          f = this.#fail[f];
          target = this.#edge(f, unit);
        }
        this.#fail[child[k]] = target >= 0 && target !== child[k] ? target : 0;
        queue[tail++] = child[k];
      }
    }
  }
}
