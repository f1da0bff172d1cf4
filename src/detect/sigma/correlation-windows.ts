import { detach } from '../../core/detach.ts';
import type { Evidence } from '../../core/event.ts';
import { grown } from '../grown.ts';
import { TextNumbers } from '../text-numbers.ts';
import type { CorrelationAlert, CorrelationRule } from './correlation.ts';
import { COUNT, FIRST, LAST, WindowMeasures } from './correlation-measures.ts';

/**
 * One correlation's windows over all its groups, as correlation.ts defines them. Like
 * SlidingWindows, all groups share one FIFO of events in typed arrays (a ring): each arrival at t
 * first retires, from the head, the events at or before t − timespan, taking each off its group's
 * running measure (WindowMeasures), so every group's measure is always its current window's — no
 * per-group scan, no eviction pass, no object per event. A group is its key's number (GroupKeys)
 * and a row of 8 numbers, one cache line: its events' list (first, last, count, linked through
 * the ring) and its measure.
 *
 * Consumed events (an alert takes its group's events) stay in the FIFO until they retire, but are
 * no longer on their group's list: an event retiring is its group's only if it is the group's first.
 */

const NONE = -1;
const REF = 2 ** 32;
/** Group values are joined with a unit separator; a missing one is a NUL. */
export const KEY_SEPARATOR = '\u001f';
export const MISSING = '\u0000';

/**
 * Texts to numbers, each kept while something holds it. Group keys (the group-by values, joined)
 * are numbered once for all correlations: an event's key is looked up once, however many
 * correlations read it, and each correlation indexes its groups' rows by the number; value_count's
 * values have a table of their own. A number no longer held is dropped by `settle`, which the
 * engine calls between feeds only, so a number looked up during a feed (and the alerts it chains)
 * stays its text's.
 */
export class GroupKeys {
  private numbers = new TextNumbers();
  private texts: (string | undefined)[] = [];
  private holders = new Int32Array(1024);
  private free: number[] = [];
  private unheld: number[] = [];

  /** Texts numbered now. */
  get size(): number {
    return this.numbers.size;
  }

  /** The text's number, given now if it has none (held by nothing yet). */
  number(key: string): number {
    let k = this.numbers.get(key);
    if (k < 0) {
      k = this.free.pop() ?? this.texts.length;
      const kept = detach(key);
      this.texts[k] = kept;
      this.numbers.set(kept, k);
      this.holders = grown(this.holders, k + 1);
      this.unheld.push(k);
    }
    return k;
  }

  text(k: number): string {
    return this.texts[k] as string;
  }

  hold(k: number): void {
    this.holders[k]++;
  }

  release(k: number): void {
    if (--this.holders[k] === 0) this.unheld.push(k);
  }

  /** Drops the texts nothing holds. */
  settle(): void {
    if (this.unheld.length === 0) return;
    for (const k of this.unheld) {
      const text = this.texts[k];
      if (this.holders[k] !== 0 || text === undefined) continue;
      this.numbers.delete(text);
      this.texts[k] = undefined;
      this.free.push(k);
    }
    this.unheld.length = 0;
  }
}

/**
 * The rows of the groups of correlations that are fed the same events under the same group key,
 * side by side: group g's rows at g · stride, one after the other (each as wide as its type needs).
 * An event's arrival and, a timespan later, its departure then read one place in memory for all
 * of them, where rows apart cost a cache miss each — what bounds the speed at tens of thousands
 * of keys.
 */
export class GroupRows {
  rows: Float64Array;
  readonly stride: number;

  constructor(stride: number) {
    this.stride = stride;
    this.rows = new Float64Array(stride * 256);
  }

  /** Groups with a row now. */
  get groups(): number {
    return Math.floor(this.rows.length / this.stride);
  }

  /** The rows, long enough for group `g`. */
  reach(g: number): Float64Array {
    const end = (g + 1) * this.stride;
    if (end > this.rows.length) this.rows = grown(this.rows, end);
    return this.rows;
  }
}

export class CorrelationWindows {
  readonly rule: CorrelationRule;
  /** Events older than the newest seen (see correlation.ts). */
  late = 0;
  /** Groups with events in their window. */
  live = 0;
  private readonly emit: (a: CorrelationAlert) => void;
  private readonly files: readonly string[];
  private readonly keys: GroupKeys;
  private readonly valueNumbers: GroupKeys;
  private readonly cap: number;
  private readonly span: number;
  private readonly measures: WindowMeasures;
  private readonly closing: boolean;
  /** value_count: the events' numbers are value numbers, held in `valueNumbers` while in a window. */
  private readonly values: boolean;
  private newest = Number.NEGATIVE_INFINITY;

  // The FIFO: a ring of slots, live from `head` for `size` slots; `next` links a group's events.
  private mask = 1023;
  private head = 0;
  private size = 0;
  private ts = new Float64Array(1024);
  private group = new Int32Array(1024);
  private next = new Int32Array(1024);
  /** The event's number (value_* types), value number (value_count) or rule index (temporal types). */
  private num = new Float64Array(1024);
  /** Evidence: file number × 2³² + line. */
  private ref = new Float64Array(1024);
  /** The upstream alert a chained event stands for. */
  private from: (CorrelationAlert | undefined)[] | undefined;

  /** Per key number, the group's row (see correlation-measures.ts); COUNT 0: no group. */
  private readonly table: GroupRows;

  constructor(
    rule: CorrelationRule,
    keys: GroupKeys,
    values: GroupKeys,
    files: readonly string[],
    emit: (a: CorrelationAlert) => void,
    cap: number,
    rows: { table: GroupRows; offset: number },
  ) {
    this.rule = rule;
    this.keys = keys;
    this.valueNumbers = values;
    this.files = files;
    this.emit = emit;
    this.cap = Math.max(cap, 1);
    this.span = rule.timespanMs;
    this.table = rows.table;
    this.measures = new WindowMeasures(rule, this.mask + 1, rows.table.stride, rows.offset);
    this.closing = this.measures.closing;
    this.values = this.measures.values;
  }

  /** Events held: the memory in use. */
  get held(): number {
    return this.size;
  }

  /**
   * Adds an event of the group with key number `g` at `ts`: `num` is its number (value_* types),
   * its value's number (value_count) or its rule index (temporal types), `ref` its
   * evidence, `from` the alert a chained event stands for.
   */
  add(g: number, num: number, ts: number, ref: number, from?: CorrelationAlert): void {
    if (ts < this.newest) {
      this.addLate(g, num, ts, ref, from);
      return;
    }
    this.newest = ts;
    this.retire(ts - this.span);
    const at = this.measures.at(g);
    const rows = this.table.reach(g);
    if (rows[at + COUNT] === 0) this.open(g);
    if (this.size > this.mask) this.grow();
    const slot = (this.head + this.size++) & this.mask;
    this.ts[slot] = ts;
    this.group[slot] = g;
    this.next[slot] = NONE;
    this.num[slot] = num;
    this.ref[slot] = ref;
    if (this.values) this.valueNumbers.hold(num);
    if (from && !this.from) this.from = slots(this.mask + 1);
    if (this.from) this.from[slot] = from;
    const last = rows[at + LAST];
    if (last === NONE) rows[at + FIRST] = slot;
    else this.next[last] = slot;
    rows[at + LAST] = slot;
    rows[at + COUNT]++;
    const m = this.measures;
    m.join(rows, g, slot, num, ts, this.num);
    if (!this.closing) {
      const value = m.value(rows, g, this.ts, this.num);
      if (m.meets(g, value)) this.fire(g, value);
    }
  }

  /** Event time has reached `ts`: windows that end before it close. */
  advance(ts: number): void {
    if (ts <= this.newest) return;
    this.newest = ts;
    this.retire(ts - this.span);
  }

  /** End of input: every window still open closes (and is judged, under upper bounds). */
  end(): void {
    this.retire(Number.POSITIVE_INFINITY);
  }

  /** Retires events at or before `horizon`; under upper bounds, judges the window each one opened. */
  private retire(horizon: number): void {
    const { ts, group } = this;
    while (this.size > 0) {
      const slot = this.head;
      if (ts[slot] > horizon) return;
      const g = group[slot];
      const rows = this.table.rows; // read per event: the table is shared, and may be replaced
      if (rows[this.measures.at(g) + FIRST] !== slot) {
        // consumed by an alert already
      } else if (!this.closing) this.removeFirst(g);
      else {
        // The group's window, opened by this event, closes: every event it holds lies in
        // [ts[slot], ts[slot] + span), since had a later one arrived, this one would have retired
        // before it was added. Judged, then consumed either way.
        const value = this.measures.value(rows, g, ts, this.num);
        if (this.measures.meets(g, value)) this.fire(g, value);
        else this.consume(g);
      }
      if (this.from) this.from[slot] = undefined;
      this.head = (slot + 1) & this.mask;
      this.size--;
    }
  }

  /** Takes group `g`'s first event off its window; drops the group when none is left. */
  private removeFirst(g: number): void {
    const at = this.measures.at(g);
    const rows = this.table.rows;
    const slot = rows[at + FIRST];
    const next = this.next[slot];
    rows[at + FIRST] = next;
    rows[at + COUNT]--;
    this.measures.leave(rows, g, slot, this.num[slot]);
    if (this.values) this.valueNumbers.release(this.num[slot]);
    if (next === NONE) {
      rows[at + LAST] = NONE;
      this.close(g);
    }
  }

  /** Takes all of group `g`'s events off its window, which drops the group. */
  private consume(g: number): void {
    const at = this.measures.at(g);
    while (this.table.rows[at + COUNT] > 0) this.removeFirst(g);
  }

  /** Group `g`'s window meets the condition: alert, and consume its events. */
  private fire(g: number, value: number): void {
    const slots = this.events(g, Number.POSITIVE_INFINITY);
    const alert = this.alert(g, slots, value, undefined);
    this.consume(g);
    this.emit(alert);
  }

  /**
   * Group `g`'s events up to time `until`, oldest first. The walk counts them down from the row's
   * COUNT rather than trusting the links alone, so that a fault in them ends in a wrong answer a
   * test can see, not a loop.
   */
  private events(g: number, until: number): number[] {
    const at = this.measures.at(g);
    const rows = this.table.rows;
    const slots: number[] = [];
    for (let s = rows[at + FIRST], n = rows[at + COUNT]; n > 0 && this.ts[s] <= until; n--, s = this.next[s])
      slots.push(s);
    return slots;
  }

  /**
   * A late event: its own window, from the group's events still held up to its time and itself,
   * measured from scratch; if it meets the condition, the group's events up to it are consumed.
   */
  private addLate(g: number, num: number, ts: number, ref: number, from: CorrelationAlert | undefined): void {
    this.late++;
    if (this.closing) return;
    const at = this.measures.at(g);
    const rows = this.table.rows;
    const live = g < this.table.groups && rows[at + COUNT] > 0;
    // Every held event is newer than newest − span, so newer than ts − span: only the end is cut.
    const slots = live ? this.events(g, ts) : [];
    const nums = [...slots.map((s) => this.num[s]), num];
    const { value, meets } = this.measures.measure(nums);
    if (!meets) return;
    const alert = this.alert(g, slots, value, { ts, ref, from });
    // The consumed events are a prefix of the group's.
    for (const s of slots) if (rows[at + COUNT] > 0 && rows[at + FIRST] === s) this.removeFirst(g);
    this.emit(alert);
  }

  private alert(
    g: number,
    slots: readonly number[],
    value: number,
    late: { ts: number; ref: number; from: CorrelationAlert | undefined } | undefined,
  ): CorrelationAlert {
    const evidence: Evidence[] = [];
    let omitted = 0;
    let newest: Evidence | undefined;
    const put = (e: Evidence) => {
      if (evidence.length < this.cap - 1) evidence.push(e);
      else {
        if (newest) omitted++;
        newest = e;
      }
    };
    const take = (ref: number, from: CorrelationAlert | undefined) => {
      if (!from) put({ file: this.files[Math.floor(ref / REF)], line: ref % REF });
      else {
        for (const e of from.evidence) put(e);
        omitted += from.omitted;
      }
    };
    for (const s of slots) take(this.ref[s], this.from?.[s]);
    if (late) take(late.ref, late.from);
    if (newest) evidence.push(newest);
    const group: Record<string, string | null> = {};
    const names = this.rule.groupBy;
    const key = this.keys.text(g);
    const values = names.length > 1 ? key.split(KEY_SEPARATOR) : [key];
    names.forEach((name, i) => {
      group[name] = values[i] === MISSING ? null : values[i];
    });
    return {
      rule: this.rule,
      group,
      firstTs: slots.length > 0 ? this.ts[slots[0]] : (late as { ts: number }).ts,
      lastTs: late ? late.ts : this.ts[slots[slots.length - 1]],
      value,
      events: slots.length + (late ? 1 : 0),
      evidence,
      omitted,
    };
  }

  /** Group `g` starts, empty. */
  private open(g: number): void {
    const at = this.measures.at(g);
    const rows = this.table.rows;
    rows[at + FIRST] = NONE;
    rows[at + LAST] = NONE;
    this.measures.open(rows, g);
    this.keys.hold(g);
    this.live++;
  }

  /** Drops group `g`, which holds no event. */
  private close(g: number): void {
    this.measures.close(g);
    this.keys.release(g);
    this.live--;
  }

  /** Doubles the ring, moving the live events to the front in order and relinking them. */
  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const { head, mask, size } = this;
    const rows = this.table.rows;
    const from = (i: number) => (head + i) & mask;
    const move = (slot: number) => (slot === NONE ? NONE : (slot - head) & mask);
    const moved = {
      ts: new Float64Array(cap),
      group: new Int32Array(cap),
      next: new Int32Array(cap),
      num: new Float64Array(cap),
      ref: new Float64Array(cap),
      from: this.from ? slots<CorrelationAlert>(cap) : undefined,
    };
    for (let i = 0; i < size; i++) {
      const s = from(i);
      moved.ts[i] = this.ts[s];
      moved.group[i] = this.group[s];
      moved.next[i] = move(this.next[s]);
      moved.num[i] = this.num[s];
      moved.ref[i] = this.ref[s];
      if (moved.from) moved.from[i] = this.from?.[s];
    }
    const groups = this.table.groups;
    for (let g = 0; g < groups; g++) {
      const at = this.measures.at(g);
      if (rows[at + COUNT] === 0) continue;
      rows[at + FIRST] = move(rows[at + FIRST]);
      rows[at + LAST] = move(rows[at + LAST]);
    }
    this.measures.moved(rows, cap, size, from, move, groups);
    Object.assign(this, moved);
    this.mask = cap - 1;
    this.head = 0;
  }
}

/**
 * An array of `n` empty slots with fast elements: `new Array(n)` beyond ~100,000 makes a
 * dictionary, every access a hash lookup.
 */
function slots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
