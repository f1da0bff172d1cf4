import ipaddr from 'ipaddr.js';
import type { Scalar } from '../../core/record.ts';
import { NeedleSet } from './needles.ts';
import {
  ANY,
  asPattern,
  base64,
  base64Offsets,
  compilePattern,
  type Encoded,
  expandPlaceholders,
  type Pattern,
  parsePattern,
  RuleError,
  requiredText,
  type Shape,
  shapeOf,
  type TextTest,
  utf16,
  windash,
} from './pattern.ts';
import { type FieldTable, type Subject, scalarText } from './subject.ts';

/** A compiled piece of a rule: true when the record matches. */
export type Test = (s: Subject) => boolean;
/** A test of one value of a field: its text, lower-cased text, and the record (for `fieldref`). */
type ValueTest = (text: string, lower: string, s: Subject) => boolean;

export type CompileOptions = {
  /** Values of `%name%` placeholders for the `expand` modifier. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
};

/** A field test, and the literal texts one of which a matching field must contain (for prefilters). */
export type FieldTest = { test: Test; field: string; needles?: string[] };

// biome-ignore format: a table
const MODIFIERS = new Set([
  'contains', 'startswith', 'endswith', 'all', 'exists', 'cased', 'neq', 're', 'i', 'm', 's',
  'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash', 'cidr',
  'lt', 'lte', 'gt', 'gte', 'minute', 'hour', 'day', 'week', 'month', 'year', 'fieldref', 'expand',
]);

const COMPARE = {
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
};
type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
const TIME_PARTS: readonly TimePart[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];

/**
 * Compiles `field|mod1|mod2: values` (field '' for keywords) to a test. Values are OR-ed unless
 * `all`; modifiers apply in the order written.
 */
export function compileFieldTest(
  key: string,
  raw: unknown,
  table: FieldTable,
  opts: CompileOptions,
): FieldTest {
  const [field, ...mods] = key.split('|');
  for (const m of mods) if (!MODIFIERS.has(m)) throw new RuleError(`unknown modifier '${m}' in '${key}'`);
  const has = (m: string) => mods.includes(m);
  const values = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  if (values.length === 0) throw new RuleError(`'${key}' has an empty list of values`);
  for (const v of values)
    if (v !== null && typeof v === 'object')
      throw new RuleError(`'${key}' has a value that is a map or list`);
  for (const m of ['i', 'm', 's'])
    if (has(m) && !has('re')) throw new RuleError(`modifier '${m}' needs 're' in '${key}'`);
  if (has('all') && values.length < 2) throw new RuleError(`'all' needs several values in '${key}'`);
  const keyword = field === '';
  const slot = table.slot(field);

  if (has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw new RuleError(`'exists' takes true or false in '${key}'`);
    const want = values[0];
    return { field, test: (s) => (s.value(slot) !== undefined) === want };
  }

  // One group per value: its variants (several after base64offset or expand) are OR-ed.
  const groups: Variant[][] = [];
  let nullTest = false;
  for (const v of values as Scalar[]) {
    if (v === null) nullTest = true;
    else groups.push(variants(v, mods, key, keyword, table, opts));
  }
  const all = has('all');
  const tests = all ? groups.map((g) => anyOf(g)) : groups.length > 0 ? [anyOf(groups.flat())] : [];
  const each = all
    ? (text: string, lower: string, s: Subject) => tests.every((t) => t(text, lower, s))
    : tests.length === 1
      ? tests[0]
      : () => false;

  let test: Test;
  if (keyword) {
    test = all
      ? (s) => tests.every((t) => s.keywords().text.some((x, i) => t(x, s.keywords().lower[i], s)))
      : (s) => {
          const k = s.keywords();
          for (let i = 0; i < k.text.length; i++) if (each(k.text[i], k.lower[i], s)) return true;
          return false;
        };
  } else {
    test = (s) => {
      const text = s.text(slot);
      if (text !== undefined) return each(text, s.lower(slot) as string, s) || (nullTest && text === '');
      const v = s.value(slot);
      if (v === undefined || v === null) return nullTest;
      if (!Array.isArray(v)) return false;
      return v.some((x: Scalar) => {
        const t = scalarText(x);
        return t !== undefined && each(t, t.toLowerCase(), s);
      });
    };
  }
  if (has('neq')) {
    const equal = test;
    test = (s) => !equal(s);
  }
  const needles = nullTest || has('neq') ? undefined : requirement(groups, all);
  return { field, test, needles };
}

/** One way a value can match: a pattern (with its case rule), or a test of another kind. */
type Variant = { pattern: Pattern; cased: boolean } | { test: ValueTest; needle?: string };

/** Texts one of which the field must contain for the test to pass, or undefined if there are none. */
function requirement(groups: Variant[][], all: boolean): string[] | undefined {
  const needlesOf = (g: Variant[]) => {
    const out = g.map((v) => ('pattern' in v ? requiredText(v.pattern) : (v.needle ?? '')));
    return out.every((n) => n.length > 0) ? out : undefined;
  };
  if (!all) return needlesOf(groups.flat());
  // Every value must match: any one value's needles will do; take the longest.
  const options = groups.map(needlesOf).filter((n) => n !== undefined);
  return options.sort((a, b) => Math.min(...b.map((x) => x.length)) - Math.min(...a.map((x) => x.length)))[0];
}

/**
 * OR of variants. Many plain literals (a list of file names, hashes, command-line fragments) are
 * matched together, by shape: equality by a Set, prefixes and suffixes by walking a trie from the
 * text's start or end, substrings by one Aho–Corasick pass — the same answers as testing them one by
 * one, in one look at the text.
 */
function anyOf(variants: Variant[]): ValueTest {
  const shapes: Shape[] = [];
  const tests: ValueTest[] = [];
  for (const v of variants) {
    const shape = 'pattern' in v && !v.cased ? shapeOf(v.pattern) : undefined;
    if (shape && shape.text !== '') shapes.push({ kind: shape.kind, text: shape.text.toLowerCase() });
    else tests.push('pattern' in v ? compilePattern(v.pattern, v.cased) : v.test);
  }
  const of = (kind: Shape['kind']) => shapes.filter((x) => x.kind === kind).map((x) => x.text);
  const [exact, prefixes, suffixes, substrings] = [of('exact'), of('prefix'), of('suffix'), of('contains')];
  if (exact.length > 0) {
    const set = new Set(exact);
    tests.push((_, lower) => set.has(lower));
  }
  if (prefixes.length > 0) tests.push(trieTest(prefixes, false));
  if (suffixes.length > 0) tests.push(trieTest(suffixes, true));
  if (substrings.length >= 8) {
    const set = new NeedleSet(substrings);
    tests.push((_, lower) => set.scan(lower, () => true));
  } else if (substrings.length > 0) tests.push((_, lower) => substrings.some((x) => lower.includes(x)));
  if (tests.length === 1) return tests[0];
  return (text, lower, s) => {
    for (const t of tests) if (t(text, lower, s)) return true;
    return false;
  };
}

type TrieNode = { end: boolean; next: Map<number, TrieNode> };

/** Whether the text starts (or, `fromEnd`, ends) with one of the literals: a walk of a trie. */
function trieTest(literals: string[], fromEnd: boolean): ValueTest {
  const root: TrieNode = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(fromEnd ? literal.length - 1 - i : i);
      const child = node.next.get(c) ?? { end: false, next: new Map() };
      node.next.set(c, child);
      node = child;
    }
    node.end = true;
  }
  return (_, lower) => {
    let node: TrieNode | undefined = root;
    for (let i = 0; i < lower.length; i++) {
      node = node.next.get(lower.charCodeAt(fromEnd ? lower.length - 1 - i : i));
      if (!node) return false;
      if (node.end) return true;
    }
    return false;
  };
}

/** The variants one value stands for (several after `base64offset`, `expand`, …). */
function variants(
  v: Exclude<Scalar, null>,
  mods: string[],
  key: string,
  keyword: boolean,
  table: FieldTable,
  opts: CompileOptions,
): Variant[] {
  const has = (m: string) => mods.includes(m);
  const text = String(v);
  if (has('re')) return [{ test: regexTest(text, mods, key), needle: regexLiteral(text) }];
  if (has('cidr')) return [{ test: cidrTest(text, key) }];
  const time = TIME_PARTS.find(has);
  const compare = (['lt', 'lte', 'gt', 'gte'] as const).find(has);
  if (time || compare) return [{ test: numberTest(v, time, compare, key) }];
  if (has('fieldref')) return [{ test: fieldRefTest(text, mods, table) }];

  let values: Encoded[] = has('expand')
    ? expandPlaceholders(parsePattern(text, true), opts.placeholders ?? {})
    : [parsePattern(text)];
  let cased = has('cased');
  for (const m of mods) {
    if (m === 'windash') values = values.map((x) => windash(asPattern(x)));
    else if (m === 'utf16le' || m === 'wide') values = values.map((x) => utf16(x, 'utf16le'));
    else if (m === 'utf16be' || m === 'utf16') values = values.map((x) => utf16(x, m));
    else if (m === 'base64') values = values.map((x) => [{ text: base64(x, m) }]);
    else if (m === 'base64offset') values = values.flatMap((x) => base64Offsets(x).map((t) => [{ text: t }]));
    // Base64 text is case-sensitive: folding it would match other bytes.
    if (m === 'base64' || m === 'base64offset') cased = true;
  }
  const contains = has('contains') || (keyword && !has('startswith') && !has('endswith'));
  return values.map((x) => {
    let p: Pattern = asPattern(x);
    if (contains || has('endswith')) p = [ANY, ...p];
    if (contains || has('startswith')) p = [...p, ANY];
    return { pattern: p, cased };
  });
}

/**
 * The longest text every match of a regular expression must contain, lower-cased ('' if none is
 * sure): literal characters read at the top level, a run broken by anything that is not one (a
 * class, a group, an escape like \d, an anchor) and cut before a character a quantifier may drop.
 * Any alternation at the top level means nothing is sure.
 */
export function regexLiteral(source: string): string {
  const body = source.replace(/^\(\?[ims]+\)/, '');
  let best = '';
  let run = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    let literal = true;
    if (c === '\\') {
      const next = body[++i] ?? '';
      literal = /[^A-Za-z0-9]/.test(next); // \. \\ \( are literal; \d \w \b \1 \x41 are not
      c = next;
      // An escape's own arguments (\x41, \u{1F600}, \p{L}, \k<name>, \12) are not text either.
      const argument =
        /^(?:x[0-9a-fA-F]{2}|u\{[^}]*\}|u[0-9a-fA-F]{4}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z]|\d+)/.exec(
          body.slice(i),
        );
      if (!literal && argument) i += argument[0].length - 1;
    } else if (c === '|') return '';
    else if (c === '(' || c === '[') {
      // Skip the group or class whole: it may be optional, or hold an alternation.
      const close = c === '(' ? ')' : ']';
      let depth = 0;
      for (; i < body.length; i++) {
        if (body[i] === '\\') i++;
        else if (body[i] === c) depth++;
        else if (body[i] === close && --depth === 0) break;
      }
      literal = false;
    } else if ('.^$*+?{}'.includes(c)) {
      literal = false;
      if (c === '{') i = Math.max(i, body.indexOf('}', i)); // a {n,m} quantifier
    }
    const quantifier = body[i + 1];
    if (!literal) end();
    else if (
      quantifier === '*' ||
      quantifier === '?' ||
      (quantifier === '{' && /^\{0[,}]/.test(body.slice(i + 1)))
    )
      end();
    else if (quantifier === '+' || quantifier === '{') {
      run += c;
      end();
    } else run += c;
  }
  end();
  return best.toLowerCase();
}

function regexTest(source: string, mods: string[], key: string): TextTest {
  let flags = mods.filter((m) => m === 'i' || m === 'm' || m === 's').join('');
  // PCRE's leading inline flags, common in rules, are JavaScript flags.
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags += inline[1];
    source = source.slice(inline[0].length);
  }
  try {
    const re = new RegExp(source, [...new Set(flags)].join(''));
    return (text) => re.test(text);
  } catch (e) {
    throw new RuleError(`invalid regular expression in '${key}': ${(e as Error).message}`);
  }
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  const a = ipaddr.parse(text);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()
    ? (a as ipaddr.IPv6).toIPv4Address()
    : a;
}

function cidrTest(text: string, key: string): TextTest {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = ipaddr.parseCIDR(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
  } catch {
    throw new RuleError(`invalid CIDR '${text}' in '${key}'`);
  }
  const kind = range[0].kind();
  return (value) => {
    const a = parseAddress(value);
    return a !== undefined && a.kind() === kind && a.match(range as never);
  };
}

function numberTest(
  v: Exclude<Scalar, null>,
  time: TimePart | undefined,
  compare: keyof typeof COMPARE | undefined,
  key: string,
): TextTest {
  const want = Number(v);
  if (typeof v === 'boolean' || v === '' || !Number.isFinite(want))
    throw new RuleError(`'${key}' needs a number, not '${v}'`);
  const cmp = compare ? COMPARE[compare] : (a: number, b: number) => a === b;
  return (text) => {
    const n = time ? timePart(text, time) : text.trim() === '' ? Number.NaN : Number(text);
    return !Number.isNaN(n) && cmp(n, want);
  };
}

/** A part of a time given as ISO 8601 text or epoch milliseconds, in UTC. */
// biome-ignore format: a table
function timePart(text: string, part: TimePart): number {
  const d = new Date(/^\d+$/.test(text) ? Number(text) : text);
  if (Number.isNaN(d.getTime())) return Number.NaN;
  switch (part) {
    case 'minute': return d.getUTCMinutes();
    case 'hour': return d.getUTCHours();
    case 'day': return d.getUTCDate();
    case 'month': return d.getUTCMonth() + 1;
    case 'year': return d.getUTCFullYear();
    case 'week': { // ISO 8601 week: the week with the year's first Thursday is week 1
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
      return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
    }
  }
}

/** `fieldref`: the field's value compared with another field's (position modifiers apply). */
function fieldRefTest(other: string, mods: string[], table: FieldTable): ValueTest {
  const slot = table.slot(other);
  const cased = mods.includes('cased');
  const op = mods.includes('contains')
    ? 'includes'
    : mods.includes('startswith')
      ? 'startsWith'
      : mods.includes('endswith')
        ? 'endsWith'
        : 'eq';
  return (text, lower, s) => {
    const ref = cased ? s.text(slot) : s.lower(slot);
    if (ref === undefined) return false;
    const mine = cased ? text : lower;
    return op === 'eq' ? mine === ref : mine[op](ref);
  };
}
