/**
 * Sigma correlation rules: the `correlation:` section read into a `CorrelationRule`. They are run
 * by `CorrelationEngine` (correlation-engine.ts: references, routing, chaining), which keeps one
 * `CorrelationWindows` per rule (correlation-windows.ts: the events of the last timespan, groups,
 * alerts) measuring with `WindowMeasures` (correlation-measures.ts: counts, sums, ranks, ordered
 * prefixes, the condition). What they compute is written down here, once.
 *
 * Windows. Exact sliding windows, never fixed buckets: the window ending at an event at time t
 * holds its group's events in (t − timespan, t], so events exactly `timespan` apart never share a
 * window. Groups are the values of the `group-by` fields, each read from the field the rule's
 * `aliases` name for the input rule (by its name, id or the reference used), else from the field
 * of that name. A missing or null group-by field is a value of its own (reported as null), apart
 * from the empty text; a list is keyed as its items joined by commas. An explicit empty
 * `group-by: []` puts every event in one group.
 *
 * What a window measures: event_count its events; value_count the distinct values of `field` (of
 * the fields, as a tuple, when it lists several); value_sum / value_avg / value_min / value_max the
 * sum, mean, least and greatest number in `field`; value_median and value_percentile the median and
 * the `percentile`-th percentile, interpolated between closest ranks (numpy's default: h =
 * (n − 1)·p/100); temporal how many of its rules have an event in the window; temporal_ordered the
 * length of the longest prefix of its rules seen in that order (ties in time in arrival order; an
 * event that matches several of the rules counts for each, in the order it is fed for them). For
 * the value types an event without a usable value (absent, null, a list, or for numbers a text
 * that is not one) takes no part, as SQL's aggregates skip nulls. Every comparison of `condition`
 * must hold; temporal types without one need all their rules. A `temporal` condition may also be a
 * boolean expression over its rules (`a and (b or not c)`), met by the rules present in the window
 * (so `a and not b` is an event of a with no event of b in the timespan before it).
 *
 * When it is judged. A condition with a lower bound (gt, gte, eq) or an expression is judged on the
 * window ending at each arriving event of the group — the first window to meet it raises the alert.
 * A condition with only upper bounds (lt, lte) would be met by the window ending at every group's
 * first event (and, looking forward, by the one starting at its last), so it is judged once per
 * window, when the window closes in event time: a group's window opens at its first event t0 (not
 * yet judged) and holds its events in [t0, t0 + timespan); it closes when event time (the
 * correlation's newest event, or `advance`) reaches t0 + timespan, is judged, and its events are
 * consumed whether it met the condition or not; the group's next event opens the next window.
 * These windows are anchored at the group's events, not at the clock. At end of input (`end`)
 * every window still open is judged on what it holds: nothing more will come, but a window the
 * input cut short may meet "fewer than" for that reason.
 *
 * After an alert the group's events up to it are consumed: they raise no further alert, and the
 * group starts afresh. State is evicted by time: an event leaves once it is `timespan` older than
 * the newest, and a group with no event left is dropped, so memory is bounded by the events of the
 * last timespan. Chaining: an alert is an input of the correlations that name its rule, as an event
 * at the window's last time whose fields are the alert's group values (keyed by its group-by names).
 * An upper-bound alert is raised when its window closes, after its last time: downstream, it may
 * arrive late.
 *
 * Late events (older than the newest the correlation has seen) are handled as sliding-window.ts
 * handles them: a late event's own window is judged over the events still held (and the late event)
 * — if it meets the condition, the group's events up to its time are consumed — but it joins no
 * later window. Held events are only those of the last timespan, so its window may
 * miss evicted ones: a count is never more than the truth, so a lower bound never fires falsely (a
 * mean, extreme or percentile may move either way). Under upper-bound conditions a late event is not
 * judged at all, since a partial window could fire "fewer than" falsely. Either way it is counted
 * (`late`); put a ReorderBuffer in front to avoid them.
 */
import type { Evidence } from '../../core/event.ts';
import { parseDuration } from '../../core/time.ts';
import { RuleError } from './pattern.ts';
import type { RuleInfo } from './rule.ts';

// biome-ignore format: a table
export const CORRELATION_TYPES = [
  'event_count', 'value_count', 'temporal', 'temporal_ordered',
  'value_sum', 'value_avg', 'value_min', 'value_max', 'value_median', 'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** The comparisons a window's value must all meet. */
export type CorrelationBounds = { gt?: number; gte?: number; lt?: number; lte?: number; eq?: number };

/** A `temporal` condition written as a boolean expression over the correlation's rules. */
export type CorrelationExpression =
  | { kind: 'rule'; ref: string }
  | { kind: 'and' | 'or'; args: CorrelationExpression[] }
  | { kind: 'not'; arg: CorrelationExpression };

/** A correlation rule, read and checked; its references are resolved by `CorrelationEngine`. */
export type CorrelationRule = RuleInfo & {
  kind: 'correlation';
  type: CorrelationType;
  /** References (id or name) of the rules and correlations it correlates, in order. */
  rules: string[];
  groupBy: string[];
  /** As written (`5m`), and in milliseconds. */
  timespan: string;
  timespanMs: number;
  /** For temporal types without a condition: `{ gte: rules.length }`. */
  condition: CorrelationBounds;
  /** A temporal condition written as an expression, instead of `condition`. */
  expression?: CorrelationExpression;
  /** The field(s) value_* types read. */
  field?: string[];
  /** value_percentile's percentile (0–100); 50 for value_median. */
  percentile?: number;
  /** alias → (rule name or id → field in that rule's events). */
  aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the rules it names also raise findings of their own. */
  generate: boolean;
};

/** A correlation's window that met its condition. */
export type CorrelationAlert = {
  rule: CorrelationRule;
  /** Each group-by name (alias) and its value; null where the field was missing. */
  group: Readonly<Record<string, string | null>>;
  /** Times of the window's first and last event. */
  firstTs: number;
  lastTs: number;
  /** What met the condition: the count, distinct values, sum, mean, …, or rules present. */
  value: number;
  /** Events in the window (a chained alert counts as one). */
  events: number;
  /** Where the window's events are: the oldest ones and the newest, up to the cap. */
  evidence: Evidence[];
  /** Events of the window left out of `evidence`. */
  omitted: number;
};

const COMPARISONS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
const KEYS = ['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate'];
const TEMPORAL: readonly string[] = ['temporal', 'temporal_ordered'];
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a document's `correlation:` section; throws a `RuleError` whose path is the offending key.
 *
 * @example
 * parseCorrelation({ title: 't', correlation: { type: 'event_count', rules: 'failed_login',
 *   'group-by': ['User'], timespan: '10m', condition: { gte: 10 } } }, info)
 * // → { kind: 'correlation', type: 'event_count', rules: ['failed_login'], groupBy: ['User'],
 * //     timespan: '10m', timespanMs: 600000, condition: { gte: 10 }, aliases: {}, generate: false, … }
 */
export function parseCorrelation(doc: Record<string, unknown>, info: RuleInfo): CorrelationRule {
  const c = doc.correlation;
  if (!isMap(c)) throw new RuleError("'correlation' must be a map", ['correlation']);
  if ('detection' in doc)
    throw new RuleError("a document has either 'detection' or 'correlation', not both", ['detection']);
  for (const key of Object.keys(c))
    if (!KEYS.includes(key))
      throw new RuleError(`unknown key '${key}' in 'correlation' (known: ${KEYS.join(', ')})`, [
        'correlation',
        key,
      ]);
  const type = c.type;
  if (type === undefined) throw new RuleError("'correlation' needs a 'type'", ['correlation']);
  if (typeof type !== 'string' || !(CORRELATION_TYPES as readonly string[]).includes(type))
    throw new RuleError(
      `unknown correlation type '${String(type)}' (one of: ${CORRELATION_TYPES.join(', ')})`,
      ['correlation', 'type'],
    );
  const t = type as CorrelationType;
  const { timespan, timespanMs } = readTimespan(c.timespan);
  const groupBy = readGroupBy(c['group-by']);
  const parsed = readCondition(c.condition, t);
  let rules = c.rules === undefined && parsed.expression ? references(parsed.expression) : readRules(c.rules);
  rules = [...rules];
  if (parsed.expression) checkExpression(parsed.expression, rules, t);
  const generate = c.generate ?? false;
  if (typeof generate !== 'boolean')
    throw new RuleError("'generate' must be true or false", ['correlation', 'generate']);
  const condition = parsed.bounds ?? (TEMPORAL.includes(t) ? { gte: rules.length } : {});
  return {
    ...info,
    kind: 'correlation',
    type: t,
    rules,
    groupBy,
    timespan,
    timespanMs,
    condition,
    // temporal_ordered accepts only "all of them", which is its default
    expression: t === 'temporal_ordered' ? undefined : parsed.expression,
    field: parsed.field,
    percentile: t === 'value_median' ? 50 : parsed.percentile,
    aliases: readAliases(c.aliases),
    generate,
  };
}

function readTimespan(v: unknown): { timespan: string; timespanMs: number } {
  const at = ['correlation', 'timespan'];
  if (v === undefined) throw new RuleError("'correlation' needs a 'timespan'", ['correlation']);
  const ms = typeof v === 'string' && /^[1-9]\d*[smhd]$/.test(v) ? parseDuration(v) : undefined;
  if (ms === undefined)
    throw new RuleError(
      `'timespan' must be a whole number and a unit s, m, h or d (e.g. 5m, 90m, 1d), got '${String(v)}'`,
      at,
    );
  return { timespan: v as string, timespanMs: ms };
}

function readRules(v: unknown): string[] {
  const at = ['correlation', 'rules'];
  if (v === undefined) throw new RuleError("'correlation' needs 'rules'", ['correlation']);
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0)
    throw new RuleError("'rules' must be a rule id or name, or a list of them", at);
  list.forEach((r, i) => {
    if (typeof r !== 'string' || r === '')
      throw new RuleError("each of 'rules' must be a rule id or name", [...at, i]);
    if (list.indexOf(r) !== i) throw new RuleError(`'rules' names '${r}' twice`, [...at, i]);
  });
  return list as string[];
}

function readGroupBy(v: unknown): string[] {
  const at = ['correlation', 'group-by'];
  if (v === undefined)
    throw new RuleError("'correlation' needs 'group-by' (the fields that scope it; [] for one group)", [
      'correlation',
    ]);
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list)) throw new RuleError("'group-by' must be a field name or a list of them", at);
  list.forEach((f, i) => {
    if (typeof f !== 'string' || f === '')
      throw new RuleError("each of 'group-by' must be a field name", [...at, i]);
    if (list.indexOf(f) !== i) throw new RuleError(`'group-by' names '${f}' twice`, [...at, i]);
  });
  return list as string[];
}

function readAliases(v: unknown): Record<string, Record<string, string>> {
  const at = ['correlation', 'aliases'];
  if (v === undefined) return {};
  if (!isMap(v)) throw new RuleError("'aliases' must map each alias to (rule name: field)", at);
  for (const [alias, mapping] of Object.entries(v)) {
    if (!isMap(mapping) || Object.keys(mapping).length === 0)
      throw new RuleError(`alias '${alias}' must map rule names to field names`, [...at, alias]);
    for (const [rule, field] of Object.entries(mapping))
      if (typeof field !== 'string' || field === '')
        throw new RuleError(`alias '${alias}' must name a field for rule '${rule}'`, [...at, alias, rule]);
  }
  return v as Record<string, Record<string, string>>;
}

type Condition = {
  bounds?: CorrelationBounds;
  expression?: CorrelationExpression;
  field?: string[];
  percentile?: number;
};

function readCondition(v: unknown, type: CorrelationType): Condition {
  const at = ['correlation', 'condition'];
  const temporal = TEMPORAL.includes(type);
  if (v === undefined) {
    if (temporal) return {};
    throw new RuleError(`a ${type} correlation needs a 'condition'`, ['correlation']);
  }
  if (typeof v === 'string') {
    if (!temporal) throw new RuleError(`a ${type} condition must be a map (e.g. gte: 10)`, at);
    return { expression: parseExpression(v) };
  }
  if (!isMap(v)) throw new RuleError("'condition' must be a map such as { gte: 10 }", at);
  const values = !temporal && type !== 'event_count';
  const out: Condition = { bounds: {} };
  for (const [key, value] of Object.entries(v)) {
    const path = [...at, key];
    if ((COMPARISONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new RuleError(`'${key}' must be a number`, path);
      (out.bounds as Record<string, number>)[key] = value;
    } else if (key === 'field' && values) {
      const fields = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string' && f))
        throw new RuleError("'field' must be a field name or a list of them", path);
      if (fields.length > 1 && type !== 'value_count')
        throw new RuleError(`a ${type} correlation reads one field`, path);
      out.field = fields;
    } else if (key === 'percentile' && type === 'value_percentile') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 100))
        throw new RuleError("'percentile' must be a number from 0 to 100", path);
      out.percentile = value;
    } else {
      const known = [
        ...COMPARISONS,
        ...(values ? ['field'] : []),
        ...(type === 'value_percentile' ? ['percentile'] : []),
      ];
      throw new RuleError(`unknown key '${key}' in a ${type} condition (known: ${known.join(', ')})`, path);
    }
  }
  const b = out.bounds as CorrelationBounds;
  if (!COMPARISONS.some((k) => b[k] !== undefined))
    throw new RuleError(`'condition' needs a comparison: ${COMPARISONS.join(', ')}`, at);
  if (!satisfiable(b)) throw new RuleError('no value meets this condition', at);
  if (values && !out.field) throw new RuleError(`a ${type} condition needs 'field'`, at);
  if (type === 'value_percentile' && out.percentile === undefined)
    throw new RuleError("a value_percentile condition needs 'percentile' (0–100), e.g. percentile: 95", at);
  return out;
}

/** Whether some number meets every comparison. */
function satisfiable(b: CorrelationBounds): boolean {
  const lo = Math.max(b.gt ?? -Infinity, b.gte ?? -Infinity, b.eq ?? -Infinity);
  const hi = Math.min(b.lt ?? Infinity, b.lte ?? Infinity, b.eq ?? Infinity);
  return lo < hi || (lo === hi && lo !== b.gt && lo !== b.lt);
}

/** `a and (b or not c)`: and binds tighter than or; keywords in any case; names may hold `-` and `.`. */
export function parseExpression(text: string): CorrelationExpression {
  const at = ['correlation', 'condition'];
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const word = (w: string) => tokens[i]?.toLowerCase() === w;
  const fail = (what: string): never => {
    throw new RuleError(`condition: ${what} in '${text}'`, at);
  };
  const primary = (): CorrelationExpression => {
    const t = tokens[i++];
    if (t === undefined) return fail('a rule is missing at the end');
    if (t.toLowerCase() === 'not') return { kind: 'not', arg: primary() };
    if (t === '(') {
      const inner = or();
      if (tokens[i++] !== ')') fail("a ')' is missing");
      return inner;
    }
    if (t === ')' || ['and', 'or'].includes(t.toLowerCase())) return fail(`unexpected '${t}'`);
    return { kind: 'rule', ref: t };
  };
  const chain = (op: 'and' | 'or', next: () => CorrelationExpression) => () => {
    const args = [next()];
    while (word(op)) {
      i++;
      args.push(next());
    }
    return args.length === 1 ? args[0] : { kind: op, args };
  };
  const and = chain('and', primary);
  const or = chain('or', and);
  const tree = or();
  if (i < tokens.length) fail(`unexpected '${tokens[i]}'`);
  return tree;
}

function references(e: CorrelationExpression): string[] {
  const out: string[] = [];
  const walk = (n: CorrelationExpression): void => {
    if (n.kind === 'rule') {
      if (!out.includes(n.ref)) out.push(n.ref);
    } else if (n.kind === 'not') walk(n.arg);
    else n.args.forEach(walk);
  };
  walk(e);
  return out;
}

/** An expression names exactly the rules listed; temporal_ordered takes only "all of them". */
function checkExpression(e: CorrelationExpression, rules: string[], type: CorrelationType): void {
  const at = ['correlation', 'condition'];
  const refs = references(e);
  for (const r of refs)
    if (!rules.includes(r)) throw new RuleError(`condition names '${r}', not in 'rules'`, at);
  for (const r of rules) if (!refs.includes(r)) throw new RuleError(`condition leaves out rule '${r}'`, at);
  const all = e.kind === 'rule' || (e.kind === 'and' && e.args.every((a) => a.kind === 'rule'));
  if (type === 'temporal_ordered' && !all)
    throw new RuleError(
      'a temporal_ordered condition can only require all its rules, in the order of rules',
      at,
    );
}
