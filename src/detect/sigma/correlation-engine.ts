import type { Evidence } from '../../core/event.ts';
import type { Fields, FieldValue } from '../../core/record.ts';
import type { CorrelationAlert, CorrelationRule } from './correlation.ts';
import { rowWidth } from './correlation-measures.ts';
import { CorrelationWindows, GroupKeys, GroupRows, KEY_SEPARATOR, MISSING } from './correlation-windows.ts';
import type { Rejected } from './load.ts';
import type { DetectionRule } from './rule.ts';

export type CorrelationOptions = {
  /** Called with every alert, in the order they are raised (an upstream one before those it feeds). */
  onAlert?: (alert: CorrelationAlert) => void;
  /** Evidence kept per alert (the oldest events and the newest); the rest are counted. Default 100. */
  evidenceCap?: number;
};

/** A rule a correlation may name: a detection rule or another correlation. */
export type CorrelationInput = DetectionRule | CorrelationRule;

type Route = {
  windows: CorrelationWindows;
  /** The input's place in the correlation's `rules`. */
  index: number;
  /**
   * The fields read for the group-by names and the condition's `field`, aliases applied. Equal
   * lists are one array, so routes of one input that group alike look their key up once.
   */
  groupFields: string[];
  valueFields: string[] | undefined;
  numeric: boolean;
};

type Target = { rule: CorrelationInput; ref: string; index: number };

const REF = 2 ** 32;

/**
 * Runs correlation rules (correlation.ts says what they compute) over the matches of detection
 * rules, fed in time order: each match goes to the correlations that name its rule, and each
 * correlation alert to the correlations that name that correlation. References (by id or name)
 * are resolved once, here; a correlation whose reference cannot be resolved — unknown, naming one
 * rule twice, a cycle, or naming a rejected correlation — is listed in `rejected` with its file and
 * line and takes no part.
 *
 * @example
 * const engine = new CorrelationEngine(loaded.correlations, loaded.rules, {
 *   onAlert: (a) => engine.inputsOnly.has(a.rule) || out.push(a), // inner links of a chain stay inside
 * });
 * for (const r of records) // in time order
 *   for (const rule of sigma.match(r.fields, r.logsource)) {
 *     engine.feed(rule, r.fields, r.timestamp, r); // rules no correlation names are ignored
 *     if (!engine.inputsOnly.has(rule)) report(rule, r);
 *   }
 * engine.end();
 * // out: [{ rule, group: { User: 'bob' }, firstTs, lastTs, value: 10, events: 10, evidence, omitted: 0 }]
 */
export class CorrelationEngine {
  /** The correlations that run, each after those it names. */
  readonly correlations: readonly CorrelationRule[];
  readonly rejected: Rejected[] = [];
  /**
   * Rules (and correlations) named only by correlations without `generate: true`: their matches
   * (alerts) feed the correlations and are no findings of their own — the caller suppresses them.
   */
  readonly inputsOnly: ReadonlySet<CorrelationInput>;
  readonly #routes = new Map<CorrelationInput, Route[]>();
  readonly #windows: CorrelationWindows[] = [];
  readonly #keys = new GroupKeys();
  /** value_count's values, numbered apart from the keys: a small table, kept in cache. */
  readonly #values = new GroupKeys();
  readonly #files: string[] = [];
  readonly #fileNumbers = new Map<string, number>();
  #lastFile: string | undefined;
  #lastFileNumber = 0;
  readonly #onAlert: ((alert: CorrelationAlert) => void) | undefined;

  constructor(
    correlations: readonly CorrelationRule[],
    rules: readonly DetectionRule[],
    options: CorrelationOptions = {},
  ) {
    this.#onAlert = options.onAlert;
    const accepted = resolve(correlations, rules, this.rejected);
    this.correlations = [...accepted.keys()];
    const named = new Set<CorrelationInput>();
    const generated = new Set<CorrelationInput>();
    const fieldLists = new Map<string, string[]>();
    const shared = (fields: string[]) => {
      const id = JSON.stringify(fields);
      const found = fieldLists.get(id);
      if (found) return found;
      fieldLists.set(id, fields);
      return fields;
    };
    const rows = sharedRows(accepted);
    for (const [c, targets] of accepted) {
      const cap = options.evidenceCap ?? 100;
      const windows = new CorrelationWindows(
        c,
        this.#keys,
        this.#values,
        this.#files,
        this.#emit,
        cap,
        rows.get(c) as { table: GroupRows; offset: number },
      );
      this.#windows.push(windows);
      for (const t of targets) {
        (c.generate ? generated : named).add(t.rule);
        const route: Route = {
          windows,
          index: t.index,
          groupFields: shared(c.groupBy.map((name) => fieldOf(c, t, name))),
          valueFields: c.field?.map((name) => fieldOf(c, t, name)),
          numeric: c.type !== 'value_count',
        };
        const routes = this.#routes.get(t.rule);
        if (routes) routes.push(route);
        else this.#routes.set(t.rule, [route]);
      }
    }
    // Routes that group alike side by side: one key lookup serves the run of them.
    for (const routes of this.#routes.values())
      routes.sort((a, b) => order(fieldLists, a.groupFields) - order(fieldLists, b.groupFields));
    this.inputsOnly = new Set([...named].filter((r) => !generated.has(r)));
  }

  /** A match of `rule` on an event at `ts` (epoch ms; in time order), found at `evidence`. */
  /** Whether some correlation reads this rule's matches (the others need not be fed). */
  reads(rule: DetectionRule): boolean {
    return this.#routes.has(rule);
  }

  feed(rule: DetectionRule, fields: Fields, ts: number, evidence: Evidence): void {
    const routes = this.#routes.get(rule);
    if (routes === undefined) return;
    this.#keys.settle();
    this.#values.settle();
    const ref = this.#fileNumber(evidence.file) * REF + evidence.line;
    let grouped: string[] | undefined;
    let key = -1;
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i];
      if (r.groupFields !== grouped) {
        grouped = r.groupFields;
        key = this.#keys.number(groupKey(fields, grouped));
      }
      this.#route(r, fields, ts, ref, undefined, key);
    }
  }

  /** Event time has reached `ts` (with no match to feed): windows that end before it close. */
  advance(ts: number): void {
    this.#keys.settle();
    this.#values.settle();
    for (const w of this.#windows) w.advance(ts);
  }

  /** End of input: every open window closes, upstream correlations first. */
  end(): void {
    this.#keys.settle();
    this.#values.settle();
    for (const w of this.#windows) w.end();
    this.#keys.settle();
    this.#values.settle();
  }

  /** Events fed after a newer one (see correlation.ts). */
  get late(): number {
    return this.#windows.reduce((n, w) => n + w.late, 0);
  }

  /** Events held in windows, all correlations: the memory in use. */
  get held(): number {
    return this.#windows.reduce((n, w) => n + w.held, 0);
  }

  /** Groups with events in their window, all correlations. */
  get groups(): number {
    return this.#windows.reduce((n, w) => n + w.live, 0);
  }

  /** Group keys numbered now (shared by all correlations). */
  get keys(): number {
    return this.#keys.size;
  }

  /** Routes an input event; `key` is its group key's number (looked up here when not given). */
  #route(
    r: Route,
    fields: Fields,
    ts: number,
    ref: number,
    from: CorrelationAlert | undefined,
    key?: number,
  ): void {
    let num = r.index;
    if (r.valueFields) {
      if (r.numeric) num = numberOf(fields[r.valueFields[0]]);
      else {
        const text = valueText(fields, r.valueFields);
        num = text === undefined ? Number.NaN : this.#values.number(text);
      }
      if (Number.isNaN(num)) {
        r.windows.advance(ts); // no usable value: only the clock moves
        return;
      }
    }
    r.windows.add(key ?? this.#keys.number(groupKey(fields, r.groupFields)), num, ts, ref, from);
  }

  readonly #emit = (alert: CorrelationAlert): void => {
    this.#onAlert?.(alert);
    const routes = this.#routes.get(alert.rule);
    if (routes) for (const r of routes) this.#route(r, alert.group, alert.lastTs, -1, alert);
  };

  #fileNumber(file: string): number {
    if (file === this.#lastFile) return this.#lastFileNumber;
    let n = this.#fileNumbers.get(file);
    if (n === undefined) {
      n = this.#files.push(file) - 1;
      this.#fileNumbers.set(file, n);
    }
    this.#lastFile = file;
    this.#lastFileNumber = n;
    return n;
  }
}

/**
 * Each correlation's place in a table of group rows: correlations fed by the same detection rules
 * under the same group-by share one, their rows side by side. One fed by a correlation has a table
 * of its own, so that no table grows while an alert of a sharer is being handed on.
 */
function sharedRows(
  accepted: Map<CorrelationRule, Target[]>,
): Map<CorrelationRule, { table: GroupRows; offset: number }> {
  const sharers = new Map<string, CorrelationRule[]>();
  const ids = new Map<CorrelationInput, number>();
  const idOf = (r: CorrelationInput) => {
    if (!ids.has(r)) ids.set(r, ids.size);
    return ids.get(r) as number;
  };
  for (const [c, targets] of accepted) {
    const chained = targets.some((t) => t.rule.kind === 'correlation');
    const inputs = targets.map((t) => idOf(t.rule)).sort((a, b) => a - b);
    const key = chained ? `#${idOf(c)}` : JSON.stringify([c.groupBy, c.aliases, inputs]);
    const list = sharers.get(key);
    if (list) list.push(c);
    else sharers.set(key, [c]);
  }
  const out = new Map<CorrelationRule, { table: GroupRows; offset: number }>();
  for (const list of sharers.values()) {
    const table = new GroupRows(list.reduce((n, c) => n + rowWidth(c.type), 0));
    let offset = 0;
    for (const c of list) {
      out.set(c, { table, offset });
      offset += rowWidth(c.type);
    }
  }
  return out;
}

function order(lists: Map<string, string[]>, fields: string[]): number {
  return [...lists.values()].indexOf(fields);
}

/** The field an input's events carry `name` in: the alias's field for that input, else `name`. */
function fieldOf(c: CorrelationRule, t: Target, name: string): string {
  const m = Object.hasOwn(c.aliases, name) ? c.aliases[name] : undefined;
  if (!m) return name;
  for (const ref of [t.ref, t.rule.name, t.rule.id]) if (ref && Object.hasOwn(m, ref)) return m[ref];
  return name;
}

/**
 * Each correlation's targets, upstream correlations first; the rest go to `rejected`. A correlation
 * is usable when each reference names something loaded, no rule twice, no cycle runs through it,
 * and every correlation it names is usable.
 */
function resolve(
  correlations: readonly CorrelationRule[],
  rules: readonly DetectionRule[],
  rejected: Rejected[],
): Map<CorrelationRule, Target[]> {
  const byRef = new Map<string, CorrelationInput[]>();
  for (const r of [...rules, ...correlations])
    for (const ref of new Set([r.id, r.name])) if (ref) byRef.set(ref, [...(byRef.get(ref) ?? []), r]);
  const reasons = new Map<CorrelationRule, string>();
  const fail = (c: CorrelationRule, reason: string) => reasons.set(c, reasons.get(c) ?? reason);
  const targets = new Map<CorrelationRule, Target[]>();
  for (const c of correlations) {
    const list: Target[] = [];
    c.rules.forEach((ref, index) => {
      const found = byRef.get(ref);
      if (!found) fail(c, `names rule '${ref}', which is not loaded`);
      for (const rule of found ?? []) {
        const twice = list.find((t) => t.rule === rule);
        if (twice) fail(c, `names one rule twice, as '${twice.ref}' and '${ref}'`);
        list.push({ rule, ref, index });
      }
    });
    for (const [alias, mapping] of Object.entries(c.aliases))
      for (const ref of Object.keys(mapping))
        if (!list.some((t) => ref === t.ref || ref === t.rule.name || ref === t.rule.id))
          fail(c, `alias '${alias}' maps '${ref}', which is none of its rules`);
    targets.set(c, list);
  }
  // Depth first, each correlation after those it names; a correlation met again while its own
  // inputs are being visited closes a cycle.
  const state = new Map<CorrelationRule, 'visiting' | 'done'>();
  const order: CorrelationRule[] = [];
  const visit = (c: CorrelationRule, path: CorrelationRule[]): void => {
    if (state.get(c) === 'done') return;
    if (state.get(c) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(c)), c];
      for (const x of cycle)
        fail(x, `is in a cycle: ${cycle.map((y) => `'${y.name ?? y.id ?? y.title}'`).join(' → ')}`);
      return;
    }
    state.set(c, 'visiting');
    for (const t of targets.get(c) ?? []) if (t.rule.kind === 'correlation') visit(t.rule, [...path, c]);
    state.set(c, 'done');
    order.push(c);
  };
  for (const c of correlations) visit(c, []);
  for (const c of order) {
    const bad = targets.get(c)?.find((t) => t.rule.kind === 'correlation' && reasons.has(t.rule));
    if (bad) fail(c, `names correlation '${bad.ref}', which is rejected`);
  }
  for (const c of correlations) {
    const reason = reasons.get(c);
    if (reason)
      rejected.push({
        file: c.file,
        line: c.line,
        reason: `correlation ${reason}`,
        title: c.title,
        id: c.id,
      });
  }
  return new Map(order.filter((c) => !reasons.has(c)).map((c) => [c, targets.get(c) as Target[]]));
}

/** The group-by values of an event as one key: missing ones as MISSING, lists joined by commas. */
function groupKey(fields: Fields, names: readonly string[]): string {
  if (names.length === 1) return keyPart(fields[names[0]]);
  let key = names.length === 0 ? '' : keyPart(fields[names[0]]);
  for (let i = 1; i < names.length; i++) key += KEY_SEPARATOR + keyPart(fields[names[i]]);
  return key;
}

function keyPart(v: FieldValue | undefined): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return MISSING;
  if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x))).join(',');
  return String(v);
}

/** value_count's value: the field's text (the fields' texts, joined); undefined when one is unusable. */
function valueText(fields: Fields, names: readonly string[]): string | undefined {
  let text: string | undefined;
  for (const name of names) {
    const v = fields[name];
    if (v === undefined || v === null || Array.isArray(v)) return undefined;
    const part = typeof v === 'string' ? v : String(v);
    text = text === undefined ? part : text + KEY_SEPARATOR + part;
  }
  return text;
}

/** A number, or a text that is one (logs often quote numbers); NaN otherwise. */
function numberOf(v: FieldValue | undefined): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}
