import type { Fields, FieldValue, Logsource, Scalar } from '../../core/record.ts';
import { AnchorIndex, anchorable } from './anchors.ts';
import type { Requirement } from './requirement.ts';
import type { DetectionRule, RuleLogsource } from './rule.ts';
import { type FieldTable, KEYWORDS, Subject, scalarText } from './subject.ts';
import { TextMemo } from './text-memo.ts';

/** The rules a logsource routes to: a mask by rule number, and those that cannot be indexed. */
type Route = {
  mask: Uint8Array;
  unconditional: Int32Array;
  /** The fields the routed rules need texts in, by name, with their slots. */
  indexed: Map<string, number>;
  /** The same, as two lists. */
  fields: { names: string[]; slots: number[] };
  /** Whether a routed rule needs a text in any value (keywords): every field is then read. */
  keywords: boolean;
};

/**
 * Runs compiled rules over records. Each record meets only the rules whose `logsource` it can
 * belong to (computed once per distinct logsource object, so sources should reuse them; a record
 * without one meets every rule). Of those, only the rules whose required texts may be in the record
 * are tried: each field the routed rules need is read once for every rule's anchor together
 * (anchors.ts), and rules that cannot be indexed are always tried. Matches come in load order.
 */
export class SigmaEngine {
  readonly rules: readonly DetectionRule[];
  readonly #subject: Subject;
  readonly #routes = new WeakMap<Logsource, Route>();
  readonly #everywhere: Route;
  /** The anchors of the rules' required texts, by field. */
  readonly #index: AnchorIndex;
  readonly #names: readonly string[];
  readonly #anywhere: number;
  #mask: Uint8Array;
  /** A rule is a candidate for the record when its entry equals the record's number. */
  readonly #candidate: Uint32Array;
  readonly #candidates: Int32Array;
  #count = 0;
  #record = 0;
  /** What the anchors found in the texts of each field (text-memo.ts). */
  readonly #memo: TextMemo;
  readonly #scratch: number[] = [];
  /** Whether a keyword's text could lie in a number's or a boolean's text (`1337`, `true`). */
  readonly #keywordsInScalars: boolean;
  /**
   * Per rule tried without an anchor whose requirement is short: the texts one of which it needs
   * (`-f`, a backtick), looked for before its test — a regex over a command line costs a
   * microsecond, `includes` tens of nanoseconds.
   */
  readonly #needs: Requirement[];

  /** `memoBytes`: what the remembered texts may take (tests make it small, to forget often). */
  constructor(rules: readonly DetectionRule[], table: FieldTable, options: { memoBytes?: number } = {}) {
    this.rules = rules;
    this.#memo = new TextMemo(options.memoBytes ?? MEMO_BYTES);
    this.#subject = new Subject(table);
    this.#candidate = new Uint32Array(rules.length);
    this.#candidates = new Int32Array(rules.length);
    const texts: string[] = [];
    const owners: number[] = [];
    const slots: number[] = [];
    rules.forEach((rule, i) => {
      if (!indexable(rule)) return;
      for (const { slot, needle } of rule.requirement ?? []) {
        texts.push(needle);
        owners.push(i);
        slots.push(slot);
      }
    });
    this.#anywhere = table.slot(KEYWORDS);
    this.#keywordsInScalars = texts.some((t, i) => slots[i] === this.#anywhere && scalarMayHold(t));
    this.#needs = rules.map((r) =>
      !indexable(r) && r.requirement && r.requirement.length <= MAX_NEEDS ? r.requirement : undefined,
    );
    this.#names = table.names;
    this.#index = new AnchorIndex(texts, owners, slots, this.#anywhere, commonness(texts));
    this.#everywhere = this.#routeOf(() => true);
    this.#mask = this.#everywhere.mask;
  }

  /** The rules the record matches, in load order (an empty list is shared: do not add to it). */
  match(fields: Fields, logsource?: Logsource): readonly DetectionRule[] {
    const s = this.#subject;
    s.reset(fields);
    const route = logsource ? this.#route(logsource) : this.#everywhere;
    const record = this.#nextRecord();
    this.#count = 0;
    this.#mask = route.mask;
    const original = fields['event.original'];
    if (route.keywords && typeof original !== 'string') {
      // Keywords search every value: every field is read, its own anchors checked on the way; a
      // number or a boolean only for its own, when no keyword could lie in its text.
      for (const name in fields) {
        const value = fields[name];
        const slot = route.indexed.get(name) ?? -1;
        const scalar = typeof value === 'number' || typeof value === 'boolean';
        if (!scalar || this.#keywordsInScalars) this.#scan(value, name, slot, true);
        else if (slot >= 0) this.#scan(value, name, slot, false);
      }
    } else {
      // Only the fields the routed rules need (fewer than a record has, as a rule).
      const { names, slots } = route.fields;
      for (let i = 0; i < names.length; i++) this.#scan(fields[names[i]], names[i], slots[i], false);
      if (route.keywords) this.#scan(original, 'event.original', -1, true);
    }
    for (const i of route.unconditional) this.#add(i, record);
    const candidates = this.#candidates;
    const count = this.#count;
    sortPrefix(candidates, count);
    let out: DetectionRule[] | undefined;
    for (let k = 0; k < count; k++) {
      const needs = this.#needs[candidates[k]];
      if (needs !== undefined && !this.#holdsOne(needs)) continue;
      const rule = this.rules[candidates[k]];
      if (!rule.test(s)) continue;
      if (out) out.push(rule);
      else out = [rule];
    }
    return out ?? NO_MATCH;
  }

  /** The rules a record of this logsource meets. */
  route(logsource: Logsource | undefined): DetectionRule[] {
    const mask = logsource ? this.#route(logsource).mask : this.#everywhere.mask;
    return this.rules.filter((_, i) => mask[i] === 1);
  }

  /** Whether the record holds one of the texts, each in its field's lower case (or any value's). */
  #holdsOne(needs: NonNullable<Requirement>): boolean {
    const s = this.#subject;
    for (const { slot, needle } of needs) {
      if (slot === this.#anywhere) {
        if (s.keywords().lower.some((t) => t.includes(needle))) return true;
        continue;
      }
      const lower = s.lower(slot);
      if (lower !== undefined) {
        if (lower.includes(needle)) return true;
        continue;
      }
      const v = s.value(slot);
      if (Array.isArray(v) && v.some((x) => scalarText(x)?.toLowerCase().includes(needle))) return true;
    }
    return false;
  }

  /** `value` of field `name`, whose slot is `slot` (-1: no rule names it). */
  #scan(value: FieldValue | undefined, name: string, slot: number, keywords: boolean): void {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const x of value as Scalar[]) this.#scanText(scalarText(x) ?? '', name, slot, keywords);
    } else this.#scanText(typeof value === 'string' ? value : String(value), name, slot, keywords);
  }

  /** Marks the routed rules whose anchors are in `text`, read in field `slot` (and for keywords). */
  #scanText(text: string, name: string, slot: number, keywords: boolean): void {
    const memo = text.length <= MAX_MEMO_TEXT ? this.#memo.field(name, slot >= 0, keywords) : undefined;
    let found = memo && this.#memo.get(memo, text);
    if (found === undefined) {
      const scratch = this.#scratch;
      scratch.length = 0;
      this.#index.scan(text, slot, keywords, this.#collect);
      found = scratch.length === 0 ? NONE_FOUND : Int32Array.from(scratch);
      if (memo) this.#memo.set(memo, text, found);
    }
    const mask = this.#mask;
    for (let i = 0; i < found.length; i++) if (mask[found[i]] === 1) this.#add(found[i], this.#record);
  }

  readonly #collect = (rule: number): void => {
    this.#scratch.push(rule);
  };

  #add(rule: number, record: number): void {
    if (this.#candidate[rule] === record) return;
    this.#candidate[rule] = record;
    this.#candidates[this.#count++] = rule;
  }

  #route(logsource: Logsource): Route {
    let route = this.#routes.get(logsource);
    if (!route) {
      route = this.#routeOf((rule) => routes(rule.logsource, logsource));
      this.#routes.set(logsource, route);
    }
    return route;
  }

  #routeOf(meets: (rule: DetectionRule) => boolean): Route {
    const mask = Uint8Array.from(this.rules, (r) => (meets(r) ? 1 : 0));
    const routed = this.rules.filter((_, i) => mask[i] === 1);
    const unconditional = Int32Array.from(this.rules.keys()).filter(
      (i) => mask[i] === 1 && !indexable(this.rules[i]),
    );
    const indexed = new Map<string, number>();
    let keywords = false;
    for (const rule of routed.filter(indexable))
      for (const { slot } of rule.requirement ?? []) {
        if (slot === this.#anywhere) keywords = true;
        else indexed.set(this.#names[slot], slot);
      }
    return {
      mask,
      unconditional,
      indexed,
      keywords,
      fields: { names: [...indexed.keys()], slots: [...indexed.values()] },
    };
  }

  #nextRecord(): number {
    if (++this.#record === 0xffffffff) {
      this.#record = 1;
      this.#candidate.fill(0);
    }
    return this.#record;
  }
}

/** Texts longer than this are read every time: long values (a command line, a script) seldom repeat. */
const MAX_MEMO_TEXT = 512;
/** What the remembered texts may take, all fields together (an estimate). */
const MEMO_BYTES = 16 << 20;
/** A requirement of more texts than this is not looked for one by one: the rule is just tried. */
const MAX_NEEDS = 16;
/** What most records match: nothing. Shared, never written. */
const NO_MATCH: readonly DetectionRule[] = Object.freeze([]);

/**
 * Sorts the first `n` numbers in place: a record's candidates are a few (insertion sort, no
 * allocation — `subarray(…).sort()` made an array object per record), now and then hundreds.
 */
function sortPrefix(a: Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** What most texts hold: no anchor. Shared, never written. */
const NONE_FOUND = new Int32Array(0);

/** A part the rule names must be one the record has, unless the record's part is unknown. */
export function routes(rule: RuleLogsource, record: Logsource): boolean {
  if (rule.product && record.product && rule.product !== record.product) return false;
  if (rule.category && record.categories && !record.categories.includes(rule.category)) return false;
  if (rule.service && record.services && !record.services.includes(rule.service)) return false;
  return true;
}

/** Whether a text could lie in a number's text (`-1.5e+21`, `NaN`, `-Infinity`) or a boolean's. */
function scalarMayHold(text: string): boolean {
  const t = text.toLowerCase();
  return /^[0-9.e+-]*$/.test(t) || ['-infinity', 'nan', 'true', 'false'].some((s) => s.includes(t));
}

/** Whether the anchors can stand for a rule's requirement: it has one, of texts long enough. */
function indexable(rule: DetectionRule): boolean {
  return rule.requirement?.every((r) => anchorable(r.needle)) ?? false;
}

/** Text every Windows record is full of: anchors taken from it would make every rule a candidate. */
const COMMON_TEXT = [
  'c:\\windows\\system32\\', 'c:\\program files (x86)\\', '\\appdata\\local\\temp\\', 'c:\\users\\',
  '.exe" ', '.dll', 'microsoft corporation', 'windows\\syswow64\\', 'nt authority\\system', 'hklm\\software\\',
  'hkcu\\software\\', '\\currentversion\\', 'powershell', 'cmd.exe /c ', 'http://', 'https://',
]; // biome-ignore format: a list

/**
 * How common a four-character anchor is likely to be in records: pieces of everyday Windows text
 * score highest, then pieces that many of the rules' texts share (a piece many rules need is one
 * many records have, like `.exe`).
 */
function commonness(texts: readonly string[]): (anchor: string) => number {
  const shared = new Map<string, number>();
  for (const t of texts) {
    const seen = new Set<string>();
    for (let i = 0; i + 4 <= t.length; i++) seen.add(t.slice(i, i + 4));
    for (const g of seen) shared.set(g, (shared.get(g) ?? 0) + 1);
  }
  const everyday = COMMON_TEXT.join('|');
  return (anchor) =>
    (everyday.includes(anchor) ? 1e6 : 0) + (shared.get(anchor) ?? 0) + (/^[a-z]{4}$/.test(anchor) ? 0 : 0.5);
}
