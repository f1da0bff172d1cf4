import { grown } from '../grown.ts';
import type { CorrelationExpression, CorrelationRule } from './correlation.ts';

/**
 * What a correlation's windows measure, per type (correlation.ts defines each), and whether a
 * measure meets the condition. Each group's measure is kept running as events join its window
 * and leave it, in the cheapest form for its type: a count or sum in the group's row, counts per
 * (group, value) in one hash table (value_count), a monotonic deque through the events' slots
 * (min, max), a sorted array (median, percentile), counts per rule (temporal), the latest start of
 * each in-order prefix (temporal_ordered). `measure` computes the same from a list of events, for
 * late ones.
 */

const NONE = -1;
/**
 * A group's row, shared with CorrelationWindows, which keeps FIRST, LAST and COUNT (its events'
 * list); the measure keeps SUM (sum or distinct values), the min/max deque's FRONT and BACK
 * slots, and the rules PRESENT. A row is as wide as its type needs (`rowWidth`), so that the rows
 * of correlations read together fit side by side (GroupRows).
 */
export const [FIRST, LAST, COUNT, SUM, FRONT, BACK, PRESENT] = [0, 1, 2, 3, 4, 5, 6];
/**
 * value_count's row, after SUM (its distinct values): how many of them are in the hash table
 * (OVERFLOW), then INLINE pairs (value number + 1, count; 0: no value) — a window seldom holds more
 * than a few values, and their counts in the row cost no other read.
 */
const [OVERFLOW, PAIRS, INLINE] = [4, 5, 4];

const [EVENTS, DISTINCT, TOTAL, MEAN, LEAST, GREATEST, RANKED, RULES, ORDERED] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const KINDS: Record<CorrelationRule['type'], number> = {
  event_count: EVENTS,
  value_count: DISTINCT,
  value_sum: TOTAL,
  value_avg: MEAN,
  value_min: LEAST,
  value_max: GREATEST,
  value_median: RANKED,
  value_percentile: RANKED,
  temporal: RULES,
  temporal_ordered: ORDERED,
};

/** How many numbers of a group's row a correlation of this type uses. */
export function rowWidth(type: CorrelationRule['type']): number {
  const kind = KINDS[type];
  if (kind === EVENTS || kind === RANKED || kind === ORDERED) return COUNT + 1;
  if (kind === LEAST || kind === GREATEST) return BACK + 1;
  if (kind === RULES) return PRESENT + 1;
  if (kind === DISTINCT) return PAIRS + 2 * INLINE;
  return SUM + 1;
}

export class WindowMeasures {
  /** Only upper bounds: judged when windows close rather than as events arrive. */
  readonly closing: boolean;
  private readonly kind: number;
  private readonly ruleCount: number;
  private readonly percentile: number;
  private readonly lo: number;
  private readonly loIn: boolean;
  private readonly hi: number;
  private readonly hiIn: boolean;
  private readonly expression: ((counts: Int32Array, at: number) => boolean) | undefined;
  /** Per event slot: the min/max deque's links. */
  private dqNext: Int32Array | undefined;
  private dqPrev: Int32Array | undefined;
  /** value_count: how many of each value number each group's window holds. */
  private distinct: ValueCounts | undefined;
  private sorted: Float64Array[] | undefined;
  /** Per group and rule: events in the window (temporal), latest start of the prefix up to it (ordered). */
  private counts: Int32Array | undefined;
  private chain: Float64Array | undefined;
  /** Where group g's row starts in the rows: g · stride + offset. */
  private readonly stride: number;
  private readonly offset: number;

  constructor(rule: CorrelationRule, slots: number, stride: number, offset: number) {
    this.kind = KINDS[rule.type];
    this.stride = stride;
    this.offset = offset;
    this.ruleCount = rule.rules.length;
    this.percentile = rule.percentile ?? 50;
    const b = rule.condition;
    [this.lo, this.loIn] = tightest([b.gt, false], [b.gte, true], [b.eq, true], -1);
    [this.hi, this.hiIn] = tightest([b.lt, false], [b.lte, true], [b.eq, true], 1);
    this.expression = rule.expression && compileExpression(rule.expression, rule.rules);
    this.closing = !rule.expression && b.gt === undefined && b.gte === undefined && b.eq === undefined;
    if (this.kind === LEAST || this.kind === GREATEST) {
      this.dqNext = new Int32Array(slots);
      this.dqPrev = new Int32Array(slots);
    }
    if (this.kind === DISTINCT) this.distinct = new ValueCounts();
    if (this.kind === RANKED) this.sorted = [];
    if (this.kind === RULES) this.counts = new Int32Array(256 * this.ruleCount);
    if (this.kind === ORDERED) this.chain = new Float64Array(256 * this.ruleCount);
  }

  /** Whether events' numbers are value numbers (GroupKeys), which the caller holds while in a window. */
  get values(): boolean {
    return this.kind === DISTINCT;
  }

  /** Group `g` starts empty. */
  open(rows: Float64Array, g: number): void {
    const R = this.ruleCount;
    const at = this.at(g);
    const kind = this.kind;
    if (kind === DISTINCT || kind === TOTAL || kind === MEAN) rows[at + SUM] = 0;
    if (kind === DISTINCT) rows.fill(0, at + OVERFLOW, at + PAIRS + 2 * INLINE);
    if (kind === LEAST || kind === GREATEST) {
      rows[at + FRONT] = NONE;
      rows[at + BACK] = NONE;
    }
    if (kind === RULES) rows[at + PRESENT] = 0;
    if (this.counts) this.counts = grown(this.counts, (g + 1) * R);
    if (this.chain) {
      this.chain = grown(this.chain, (g + 1) * R);
      this.chain.fill(Number.NEGATIVE_INFINITY, g * R, (g + 1) * R);
    }
    // pushed one by one: assigning far past the end would make a sparse, slow array
    while (this.sorted && this.sorted.length <= g) this.sorted.push(new Float64Array(4));
  }

  /** Group `g` is dropped: a big sorted array is not kept for the next group of that number. */
  close(g: number): void {
    if (this.sorted && this.sorted[g].length > 64) this.sorted[g] = new Float64Array(4);
  }

  /** The event in `slot` (number, value number or rule index `v`, time `ts`) has joined group `g`'s list. */
  join(rows: Float64Array, g: number, slot: number, v: number, ts: number, num: Float64Array): void {
    const at = this.at(g);
    const n = rows[at + COUNT];
    switch (this.kind) {
      case DISTINCT:
        this.count(rows, at, g, v);
        return;
      case TOTAL:
      case MEAN:
        rows[at + SUM] += v;
        return;
      case LEAST:
      case GREATEST: {
        // Monotonic deque: drop from the back what this event outlives and equals or beats.
        const dqNext = this.dqNext as Int32Array;
        const dqPrev = this.dqPrev as Int32Array;
        const greatest = this.kind === GREATEST;
        let b = rows[at + BACK];
        while (b !== NONE && (greatest ? num[b] <= v : num[b] >= v)) b = dqPrev[b];
        if (b === NONE) rows[at + FRONT] = slot;
        else dqNext[b] = slot;
        dqPrev[slot] = b;
        dqNext[slot] = NONE;
        rows[at + BACK] = slot;
        return;
      }
      case RANKED: {
        const sorted = this.sorted as Float64Array[];
        let a = sorted[g];
        if (n > a.length) {
          const bigger = new Float64Array(a.length * 2);
          bigger.set(a);
          a = sorted[g] = bigger;
        }
        const i = upperBound(a, n - 1, v);
        a.copyWithin(i + 1, i, n - 1);
        a[i] = v;
        return;
      }
      case RULES: {
        if ((this.counts as Int32Array)[g * this.ruleCount + v]++ === 0) rows[at + PRESENT]++;
        return;
      }
      case ORDERED: {
        // An event of rule v at ts: the latest start of an in-order run of rules 0..v.
        const chain = this.chain as Float64Array;
        const base = g * this.ruleCount;
        if (v === 0) chain[base] = ts;
        else if (chain[base + v - 1] > chain[base + v]) chain[base + v] = chain[base + v - 1];
      }
    }
  }

  /** The group's oldest event (in `slot`) has left group `g`'s list. */
  leave(rows: Float64Array, g: number, slot: number, v: number): void {
    const at = this.at(g);
    const n = rows[at + COUNT];
    switch (this.kind) {
      case DISTINCT:
        this.uncount(rows, at, g, v);
        return;
      case TOTAL:
      case MEAN:
        rows[at + SUM] = n === 0 ? 0 : rows[at + SUM] - v; // exact zero: no float residue
        return;
      case LEAST:
      case GREATEST:
        // The oldest event is in the deque only at its front.
        if (rows[at + FRONT] === slot) {
          const f = (this.dqNext as Int32Array)[slot];
          rows[at + FRONT] = f;
          if (f === NONE) rows[at + BACK] = NONE;
          else (this.dqPrev as Int32Array)[f] = NONE;
        }
        return;
      case RANKED: {
        const a = (this.sorted as Float64Array[])[g];
        const i = lowerBound(a, n + 1, v);
        a.copyWithin(i, i + 1, n + 1);
        return;
      }
      case RULES:
        if (--(this.counts as Int32Array)[g * this.ruleCount + v] === 0) rows[at + PRESENT]--;
    }
  }

  /** Group `g`'s measure (`ts` and `num`: the events' times and numbers, by slot). */
  value(rows: Float64Array, g: number, ts: Float64Array, num: Float64Array): number {
    const at = this.at(g);
    const n = rows[at + COUNT];
    switch (this.kind) {
      case EVENTS:
        return n;
      case DISTINCT:
      case TOTAL:
        return rows[at + SUM];
      case MEAN:
        return rows[at + SUM] / n;
      case LEAST:
      case GREATEST:
        return num[rows[at + FRONT]];
      case RANKED:
        return percentileOf((this.sorted as Float64Array[])[g], n, this.percentile);
      case RULES:
        return rows[at + PRESENT];
      default: {
        // The longest prefix run in order that starts within the window. Runs started by events
        // consumed or gone begin before its first event, so they do not count.
        const chain = this.chain as Float64Array;
        const firstTs = ts[rows[at + FIRST]];
        let k = this.ruleCount;
        while (k > 0 && !(chain[g * this.ruleCount + k - 1] >= firstTs)) k--;
        return k;
      }
    }
  }

  /** Whether group `g`'s measure `v` meets the condition. */
  meets(g: number, v: number): boolean {
    if (this.expression) return this.expression(this.counts as Int32Array, g * this.ruleCount);
    return this.within(v);
  }

  /** A window's measure and verdict from its events' numbers (value numbers, rule indexes), in order. */
  measure(nums: number[]): { value: number; meets: boolean } {
    const n = nums.length;
    let value: number;
    switch (this.kind) {
      case EVENTS:
        value = n;
        break;
      case DISTINCT:
        value = new Set(nums).size;
        break;
      case TOTAL:
      case MEAN: {
        const sum = nums.reduce((a, b) => a + b, 0);
        value = this.kind === TOTAL ? sum : sum / n;
        break;
      }
      case LEAST:
        value = nums.reduce((a, b) => Math.min(a, b));
        break;
      case GREATEST:
        value = nums.reduce((a, b) => Math.max(a, b));
        break;
      case RANKED:
        value = percentileOf(Float64Array.from(nums).sort(), n, this.percentile);
        break;
      case RULES:
        value = new Set(nums).size;
        break;
      default:
        value = 0;
        for (const i of nums) if (i === value && value < this.ruleCount) value++;
    }
    if (!this.expression) return { value, meets: this.within(value) };
    const counts = new Int32Array(this.ruleCount);
    for (const i of nums) counts[i]++;
    return { value, meets: this.expression(counts, 0) };
  }

  /** The ring of event slots grew: the deque's links move as `move` says. */
  moved(
    rows: Float64Array,
    cap: number,
    slots: number,
    from: (i: number) => number,
    move: (slot: number) => number,
    groups: number,
  ): void {
    if (!this.dqNext || !this.dqPrev) return;
    const next = new Int32Array(cap);
    const prev = new Int32Array(cap);
    for (let i = 0; i < slots; i++) {
      next[i] = move(this.dqNext[from(i)]);
      prev[i] = move(this.dqPrev[from(i)]);
    }
    [this.dqNext, this.dqPrev] = [next, prev];
    for (let g = 0; g < groups; g++) {
      const at = this.at(g);
      if (rows[at + COUNT] === 0) continue;
      rows[at + FRONT] = move(rows[at + FRONT]);
      rows[at + BACK] = move(rows[at + BACK]);
    }
  }

  /**
   * value_count: one more of value `v` in group `g` (row at `at`). A value stays where it was put —
   * in the row, or in the table when the row's pairs were all taken — until none of it is left.
   */
  private count(rows: Float64Array, at: number, g: number, v: number): void {
    let free = -1;
    for (let p = at + PAIRS; p < at + PAIRS + 2 * INLINE; p += 2) {
      if (rows[p] === v + 1) {
        rows[p + 1]++;
        return;
      }
      if (free < 0 && rows[p] === 0) free = p;
    }
    const table = this.distinct as ValueCounts;
    if (rows[at + OVERFLOW] > 0 && table.increment(g, v)) return;
    rows[at + SUM]++;
    if (free >= 0) {
      rows[free] = v + 1;
      rows[free + 1] = 1;
    } else {
      table.add(g, v);
      rows[at + OVERFLOW]++;
    }
  }

  /** value_count: one fewer of value `v` (which it has) in group `g` (row at `at`). */
  private uncount(rows: Float64Array, at: number, g: number, v: number): void {
    for (let p = at + PAIRS; p < at + PAIRS + 2 * INLINE; p += 2) {
      if (rows[p] !== v + 1) continue;
      if (--rows[p + 1] === 0) {
        rows[p] = 0;
        rows[at + SUM]--;
      }
      return;
    }
    if ((this.distinct as ValueCounts).remove(g, v)) {
      rows[at + OVERFLOW]--;
      rows[at + SUM]--;
    }
  }

  /** Where group `g`'s row starts in the rows (CorrelationWindows reads its part of the row here too). */
  at(g: number): number {
    return g * this.stride + this.offset;
  }

  private within(v: number): boolean {
    return (v > this.lo || (this.loIn && v === this.lo)) && (v < this.hi || (this.hiIn && v === this.hi));
  }
}

/**
 * Counts per (group, value number) for value_count beyond the few its row holds, in one
 * open-addressing table of int32 entries (group + 1, value, count, unused): one probe, usually one
 * cache line, where a Map per group costs a hash lookup to read the count and another to write it. Linear probing, and
 * deletion by backward shift, so no tombstones build up as values come and go.
 */
class ValueCounts {
  private table = new Int32Array(4 * 1024);
  private bits = 10;
  private size = 0;

  /** One more of value `v` in group `g`; true when the group had none. */
  add(g: number, v: number): boolean {
    const mask = (1 << this.bits) - 1;
    const t = this.table;
    for (let s = this.slot(g, v); ; s = (s + 1) & mask) {
      const at = s * 4;
      if (t[at] === 0) {
        t[at] = g + 1;
        t[at + 1] = v;
        t[at + 2] = 1;
        if (++this.size * 2 > mask + 1) this.grow();
        return true;
      }
      if (t[at] === g + 1 && t[at + 1] === v) {
        t[at + 2]++;
        return false;
      }
    }
  }

  /** One more of value `v` in group `g`, if it has some; false when it has none. */
  increment(g: number, v: number): boolean {
    const mask = (1 << this.bits) - 1;
    const t = this.table;
    for (let s = this.slot(g, v); t[s * 4] !== 0; s = (s + 1) & mask) {
      if (t[s * 4] === g + 1 && t[s * 4 + 1] === v) {
        t[s * 4 + 2]++;
        return true;
      }
    }
    return false;
  }

  /** One fewer of value `v` (which it has) in group `g`; true when the group has none left. */
  remove(g: number, v: number): boolean {
    const mask = (1 << this.bits) - 1;
    const t = this.table;
    let hole = this.slot(g, v);
    while (t[hole * 4] !== g + 1 || t[hole * 4 + 1] !== v) hole = (hole + 1) & mask;
    if (--t[hole * 4 + 2] > 0) return false;
    // Backward shift: an entry further on moves into the hole unless its home lies after the hole.
    for (let j = (hole + 1) & mask; t[j * 4] !== 0; j = (j + 1) & mask) {
      const home = this.slot(t[j * 4] - 1, t[j * 4 + 1]);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        t.copyWithin(hole * 4, j * 4, j * 4 + 3);
        hole = j;
      }
    }
    t[hole * 4] = 0;
    this.size--;
    return true;
  }

  private slot(g: number, v: number): number {
    return Math.imul(Math.imul(g, 0x9e3779b1) ^ v, 0x85ebca6b) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    this.table = new Int32Array(4 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let s = this.slot(old[at] - 1, old[at + 1]);
      while (this.table[s * 4] !== 0) s = (s + 1) & mask;
      this.table.set(old.subarray(at, at + 3), s * 4);
    }
  }
}

type Bound = [number | undefined, boolean];

/** The tightest of the bounds given, [value, inclusive]; `side` −1 for lower bounds, 1 for upper. */
function tightest(a: Bound, b: Bound, c: Bound, side: number): [number, boolean] {
  let best: [number, boolean] = [side * Number.POSITIVE_INFINITY, true];
  for (const [v, inclusive] of [a, b, c]) {
    if (v === undefined) continue;
    if (side * v < side * best[0] || (v === best[0] && !inclusive)) best = [v, inclusive];
  }
  return best;
}

function compileExpression(e: CorrelationExpression, rules: readonly string[]) {
  const walk = (n: CorrelationExpression): ((c: Int32Array, at: number) => boolean) => {
    if (n.kind === 'rule') {
      const i = rules.indexOf(n.ref);
      return (c, at) => c[at + i] > 0;
    }
    if (n.kind === 'not') {
      const arg = walk(n.arg);
      return (c, at) => !arg(c, at);
    }
    const args = n.args.map(walk);
    return n.kind === 'and' ? (c, at) => args.every((f) => f(c, at)) : (c, at) => args.some((f) => f(c, at));
  };
  return walk(e);
}

/** Linear interpolation between closest ranks (numpy's default) over the first `n` sorted values. */
export function percentileOf(sorted: Float64Array, n: number, p: number): number {
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function upperBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
